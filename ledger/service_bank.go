package ledger

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The bank's answer: what an imported statement, debit notification or
// status report does to the payouts ontschot paid. The rules, in the order
// ImportBankFile applies them to each entry of a file:
//
//   - An entry imported before (its account and reference, from any file)
//     changes nothing again; so does the same file imported again (its
//     SHA-256).
//   - A pending or informational entry (status other than BOOK) changes
//     nothing and is not kept, so the booked entry in a later file counts.
//   - A booked debit settles the paid payouts it books: each transaction
//     inside it by its EndToEndId (the payout's id, which the payment file
//     carries) and amount; a batch booking without transactions by its
//     PmtInfId (the payment file's block, PaymentBatch.Blocks) and the
//     block's amount. Anything else, or another amount, is unmatched.
//   - A booked credit with return information, or a reversed debit, returns
//     the paid (or settled) payout it names: its money is back in the pot
//     (ReturnPostings), its allocation withdrawn, and the reason kept.
//   - A status report's rejected transaction or block returns the payouts
//     it names, whose money never left.
//   - Every other credit is money in (a contribution, interest): kept as
//     such for the reconciliation, matched to nothing.
//
// Every entry is kept with its outcome, and the import is committed to in
// the journal (TxBankFileImported), so nothing the bank said is dropped
// and nothing kept can be changed unseen.

// ImportBankFile is finance's request to import one of the bank's files.
type ImportBankFile struct {
	// File is the file as package bankfile read it.
	File *BankFile
	// Digest is the SHA-256 of the file's bytes, in hex: the same file
	// imported again changes nothing.
	Digest string
}

// BankImport says what an import did.
type BankImport struct {
	Digest     string       `json:"digest"`
	Kind       BankFileKind `json:"kind"`
	MessageID  string       `json:"messageId"`
	ImportedAt string       `json:"importedAt"`
	ImportedBy string       `json:"importedBy"`
	// Again is set when the same file was imported before: nothing
	// changed, the figures are empty, and ImportedAt and ImportedBy are
	// the first import's.
	Again bool `json:"again"`
	// Statements counts the statements or notifications in the file.
	Statements int `json:"statements"`
	// Settled, Returned and Unmatched are the entries (or status report
	// transactions) with each outcome, in file order.
	Settled   []BankOutcome `json:"settled"`
	Returned  []BankOutcome `json:"returned"`
	Unmatched []BankOutcome `json:"unmatched"`
	// Accepted counts a status report's accepted blocks and transfers,
	// Credits the money in that is no return, Pending the entries not yet
	// booked (not kept), Seen the entries imported before from another
	// file (changing nothing).
	Accepted int `json:"accepted"`
	Credits  int `json:"credits"`
	Pending  int `json:"pending"`
	Seen     int `json:"seen"`
}

// BankOutcome is what one entry did.
type BankOutcome struct {
	// Ref is the entry's reference (or, for a status report, the
	// transfer's EndToEndId or the block's PmtInfId).
	Ref string `json:"ref"`
	// Payouts are the payouts it settled or returned, or names.
	Payouts []PayoutID `json:"payouts,omitempty"`
	Amount  Cents      `json:"amount"`
	// BookingDate is the bank's booking date (zero for a status report).
	BookingDate Date `json:"bookingDate"`
	// Reason is a return's or rejection's reason code and Explanation
	// its meaning in Dutch (BankReasonOf).
	Reason      string `json:"reason,omitempty"`
	Explanation string `json:"explanation,omitempty"`
	// Detail says why an unmatched entry is unmatched, in English;
	// DetailNL in Dutch.
	Detail   string `json:"detail,omitempty"`
	DetailNL string `json:"detailNl,omitempty"`
}

// Summary is the import in one line of words, kept with it.
func (b *BankImport) Summary() string {
	return fmt.Sprintf("%d settled, %d returned, %d unmatched, %d accepted, %d credits, %d pending, %d seen before",
		len(b.Settled), len(b.Returned), len(b.Unmatched), b.Accepted, b.Credits, b.Pending, b.Seen)
}

// BankFileRecord is an import as the journal commits to it: the file's
// digest and kind, the statements it stored with their booked balances,
// and every entry kept with its amount, booking date and outcome, each in
// the order of account and id (so the stored rows give the same record
// whatever order a database returns them in).
func BankFileRecord(digest string, kind BankFileKind, messageID string, statements []BankStatementRow, entries []BankEntryRow, delivered []BankStatementEntry) GovernedRecord {
	sts := slices.Clone(statements)
	slices.SortFunc(sts, func(a, b BankStatementRow) int {
		return cmp.Or(strings.Compare(a.IBAN, b.IBAN), strings.Compare(a.StatementID, b.StatementID))
	})
	es := slices.Clone(entries)
	slices.SortFunc(es, func(a, b BankEntryRow) int {
		return cmp.Or(strings.Compare(a.IBAN, b.IBAN), strings.Compare(a.Ref, b.Ref))
	})
	fields := []string{string(kind), messageID}
	bal := func(b *BankBalance) string {
		if b == nil {
			return "-"
		}
		return b.Amount.String() + "@" + b.Date.String()
	}
	for _, st := range sts {
		fields = append(fields, "statement", st.IBAN, st.StatementID, st.From.String(), st.To.String(), bal(st.Opening), bal(st.Closing))
	}
	for _, e := range es {
		fields = append(fields, "entry", e.IBAN, e.Ref, e.StatementID, e.BookingDate.String(), e.Amount.String(), strconv.FormatBool(e.Debit),
			e.PaymentInfoID, e.Outcome, string(e.PayoutID), e.Reason, e.Detail, e.DetailNL)
	}
	ds := slices.Clone(delivered)
	slices.SortFunc(ds, func(a, b BankStatementEntry) int {
		return cmp.Or(strings.Compare(a.IBAN, b.IBAN), strings.Compare(a.StatementID, b.StatementID), strings.Compare(a.Ref, b.Ref))
	})
	for _, d := range ds {
		fields = append(fields, "delivers", d.IBAN, d.StatementID, d.Ref)
	}
	return GovernedRecord{Kind: TxBankFileImported, Ref: digest, Fields: fields, Label: "the import of bank file " + digest}
}

// bankImportMemo is the memo of an import's transaction: the kind of file
// and what the import did (BankImport.Summary), which the import's row
// keeps too.
func bankImportMemo(kind BankFileKind, summary string) string {
	return "imported " + string(kind) + ": " + summary
}

// BankSettlementRecord is a payout's settlement as the journal commits to
// it: the bank's booking date. The entry that settled it is in the
// import's record (BankFileRecord).
func BankSettlementRecord(id PayoutID, on Date) GovernedRecord {
	return GovernedRecord{Kind: TxPayoutSettled, Ref: string(id), Fields: []string{on.String()}, Label: "the settlement of payout " + string(id)}
}

// BankReturnRecord is a payout's return as the journal commits to it: the
// date and the reason code.
func BankReturnRecord(id PayoutID, on Date, reason string) GovernedRecord {
	return GovernedRecord{Kind: TxPayoutReturned, Ref: string(id), Fields: []string{on.String(), reason}, Label: "the return of payout " + string(id)}
}

// ImportBankFile applies one of the bank's files to the ledger (Store; the
// rules are above). Errors: EFORBIDDEN (not finance), EINVALID (no file,
// or a digest that is no SHA-256).
func (s *Service) ImportBankFile(ctx context.Context, actor Actor, req ImportBankFile) (BankImport, error) {
	if err := actor.Can(ActImportBankFiles, "import the bank's files"); err != nil {
		return BankImport{}, err
	}
	if req.File == nil || len(req.Digest) != 64 || strings.Trim(req.Digest, "0123456789abcdef") != "" {
		return BankImport{}, NewError(EINVALID, msgBankImportIncomplete)
	}
	f, err := cleanBankFile(req.File)
	if err != nil {
		return BankImport{}, err
	}
	req.File = f
	var out BankImport
	err = s.write(ctx, "import bank file", func(o *op) error {
		out = BankImport{Digest: req.Digest, Kind: req.File.Kind, MessageID: req.File.MessageID}
		if prev, found, err := o.tx.BankFileImported(req.Digest); err != nil || found {
			if found {
				out.Again, out.ImportedAt, out.ImportedBy = true, prev.ImportedAt.UTC().Format(TimeLayout), prev.ImportedBy
			}
			return err
		}
		im := bankImporter{o: o, actor: actor, out: &out, digest: req.Digest}
		if err := im.apply(req.File); err != nil {
			return err
		}
		r := BankFileRecord(req.Digest, req.File.Kind, req.File.MessageID, im.statements, im.kept, im.delivered)
		t := RecordTransaction(&r, "", actor, o.today(), bankImportMemo(req.File.Kind, out.Summary()))
		if err := o.book(&t); err != nil {
			return err
		}
		out.ImportedAt, out.ImportedBy = o.now.UTC().Format(TimeLayout), actor.User
		return o.tx.InsertBankFile(&BankFileRow{Digest: req.Digest, Kind: req.File.Kind, MessageID: req.File.MessageID,
			ImportedAt: o.now, ImportedBy: actor.User, Summary: out.Summary(), Seq: t.Seq})
	})
	if err != nil {
		return BankImport{}, err
	}
	return out, nil
}

// bankImporter applies a file inside the import's write.
type bankImporter struct {
	o      *op
	actor  Actor
	out    *BankImport
	digest string
	// statements and kept are the statements and entries stored, for the
	// import's record.
	statements []BankStatementRow
	kept       []BankEntryRow
	delivered  []BankStatementEntry
	// batches are the payment batches read so far (with their groups),
	// each read once however many of its payouts a file names.
	batches map[PaymentBatchID]*PaymentBatch
	// clashes counts the entries kept apart because their reference was
	// taken, to give each its own key.
	clashes int
}

// sameStatement refuses a statement whose account and id were imported
// before with other days or balances: a bank never changes a statement it
// sent, so one of the two is not the bank's, and neither may be dropped
// silently. The same statement delivered again (in another file) is no
// error. Errors: ECONFLICT.
func (im *bankImporter) sameStatement(row *BankStatementRow) error {
	prev, err := im.o.tx.BankStatements(BankStatementQuery{IBAN: row.IBAN, ID: row.StatementID, Limit: 1})
	if err != nil || len(prev) == 0 {
		return err
	}
	p := prev[0]
	bal := func(b *BankBalance) string {
		if b == nil {
			return "-"
		}
		return b.Amount.String() + "@" + b.Date.String()
	}
	if p.From != row.From || p.To != row.To || bal(p.Opening) != bal(row.Opening) || bal(p.Closing) != bal(row.Closing) {
		return NewError(ECONFLICT, msgBankStatementChanged, row.StatementID, row.IBAN)
	}
	return nil
}

func (im *bankImporter) apply(f *BankFile) error {
	im.out.Statements = len(f.Statements)
	for _, st := range f.Statements {
		if f.Kind.IsStatement() {
			row := BankStatementRow{IBAN: st.IBAN, StatementID: bankText(st.ID), FileDigest: im.digest, From: st.From, To: st.To, Opening: st.Opening, Closing: st.Closing}
			if err := im.sameStatement(&row); err != nil {
				return err
			}
			err := im.o.tx.InsertBankStatement(&row)
			switch {
			case err == nil:
				im.statements = append(im.statements, row)
			case !errors.Is(err, ErrExists):
				return err
			}
		}
		for i := range st.Entries {
			ref, err := im.entry(&st, i)
			if err != nil {
				return err
			}
			if !f.Kind.IsStatement() || ref == "" {
				continue
			}
			// The statement delivered it, whichever file keeps it.
			d := BankStatementEntry{IBAN: st.IBAN, StatementID: bankText(st.ID), Ref: ref, FileDigest: im.digest}
			switch err := im.o.tx.InsertStatementEntry(&d); {
			case err == nil:
				im.delivered = append(im.delivered, d)
			case !errors.Is(err, ErrExists):
				return err
			}
		}
	}
	if f.Status != nil {
		return im.statusReport(f.Status)
	}
	return nil
}

// entryRef names an entry: the bank's own reference (AcctSvcrRef, unique
// at the bank), else the entry's reference (NtryRef), else its statement
// and place; kept BSN-safe (bankText).
func entryRef(st *BankStatement, i int) string {
	e := &st.Entries[i]
	switch {
	case e.BankRef != "":
		return bankText(e.BankRef)
	case e.Ref != "":
		return bankText(e.Ref)
	}
	return bankText(st.ID) + "#" + strconv.Itoa(i+1)
}

// bankText is a text from the bank's file as it may be kept: a text in
// which the BSN detector finds a citizen service number (a bank's
// reference, or a payer's EndToEndId, may hold anything) is kept as a
// digest of it, so no BSN reaches the database or the journal's records
// (DESIGN.md, invariant 10), while the same text still gives the same key;
// a text with a control or bidirectional control character (which could
// make a page or a terminal show another text than the one kept) is kept
// as a digest too.
func bankText(s string) string {
	_, bsn := FindBSN(s)
	if !bsn && !strings.ContainsFunc(s, func(c rune) bool { return refusedRune(c, false) != MsgCode{} }) {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	if bsn {
		return "bsn-masked-" + hex.EncodeToString(sum[:8])
	}
	return "masked-" + hex.EncodeToString(sum[:8])
}

// cleanBankFile checks what the rules rely on in a file the bankfile
// reader accepted, and returns a copy whose texts can be kept: every
// statement or notification is of an account named by a valid IBAN (the
// pots' debtor accounts are IBANs, and the rejections of a status report,
// which name no account, are kept apart from them); every booked entry has
// its booking date (BookgDt), which settles and returns are dated by, and
// none is booked after the day the bank made the file (CreDtTm); the
// file's MsgId is kept BSN-safe (bankText); and every reason code is an
// ISO 20022 code, one to four letters or digits (ExternalReturnReason1Code
// and ExternalStatusReason1Code are Max4Text), or else dropped as no
// reason at all, so a number in that place never reaches a page. Errors:
// EINVALID, naming the statement or entry.
func cleanBankFile(in *BankFile) (*BankFile, error) {
	f := *in
	f.MessageID = bankText(f.MessageID)
	f.Statements = slices.Clone(in.Statements)
	for i := range f.Statements {
		st := &f.Statements[i]
		iban, err := ParseIBAN(st.IBAN)
		if st.IBAN == "" || err != nil {
			return nil, NewError(EINVALID, msgBankStatementNoIBAN, bankText(st.ID), bankText(st.IBAN))
		}
		st.IBAN = string(iban)
		st.Entries = slices.Clone(st.Entries)
		for j := range st.Entries {
			e := &st.Entries[j]
			if e.Status == "BOOK" && e.BookingDate.IsZero() {
				return nil, NewError(EINVALID, msgBankEntryNoDate, bankText(entryRef(st, j)), bankText(st.ID))
			}
			if made := DateOf(in.CreatedAt); !in.CreatedAt.IsZero() && e.BookingDate.After(made) {
				return nil, NewError(EINVALID, msgBankEntryFuture, bankText(entryRef(st, j)), bankText(st.ID), e.BookingDate, made)
			}
			e.Details = slices.Clone(e.Details)
			for k := range e.Details {
				if r := e.Details[k].Return; r != nil {
					rc := *r
					rc.Reason = bankReasonCode(rc.Reason)
					e.Details[k].Return = &rc
				}
			}
		}
	}
	if in.Status != nil {
		sr := *in.Status
		sr.GroupReason = bankReasonCode(sr.GroupReason)
		sr.Blocks = slices.Clone(sr.Blocks)
		for i := range sr.Blocks {
			b := &sr.Blocks[i]
			b.Reason = bankReasonCode(b.Reason)
			b.Transactions = slices.Clone(b.Transactions)
			for j := range b.Transactions {
				b.Transactions[j].Reason = bankReasonCode(b.Transactions[j].Reason)
			}
		}
		f.Status = &sr
	}
	return &f, nil
}

// bankReasonCode is a reason code as it may be kept: one to four letters
// or digits, upper case (an ISO 20022 external code, or a short
// proprietary one); anything else, "" (no reason given).
func bankReasonCode(c string) string {
	c = strings.ToUpper(c)
	if len(c) == 0 || len(c) > 4 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
		return ""
	}
	return c
}

// entry applies one entry of a statement or notification, and returns
// the reference it is stored under ("" for an entry not booked, which is
// not kept).
func (im *bankImporter) entry(st *BankStatement, i int) (string, error) {
	e := &st.Entries[i]
	if e.Status != "BOOK" {
		im.out.Pending++
		return "", nil
	}
	ref := entryRef(st, i)
	before, seen, err := im.o.tx.BankEntrySeen(st.IBAN, ref)
	if err != nil {
		return "", err
	}
	clash := seen && (before.Amount != e.Amount || before.Debit != e.Debit || before.BookingDate != e.BookingDate ||
		names(e) != "" && (before.PayoutID != "" || before.PaymentInfoID != "") && names(e) != string(before.PayoutID) && names(e) != before.PaymentInfoID)
	if seen && !clash {
		im.out.Seen++
		return ref, nil
	}
	if clash {
		// Another booking under a reference imported before (from
		// another file, or earlier in this one): the bank's references
		// clash. Kept apart, for finance, under the reference and the
		// entry's place in this file, which no other entry has.
		im.clashes++
		sum := sha256.Sum256([]byte(im.digest + "\x00" + ref + "\x00" + strconv.Itoa(im.clashes)))
		ref += "#" + hex.EncodeToString(sum[:4])
	}
	row := BankEntryRow{IBAN: st.IBAN, Ref: ref, StatementID: bankText(st.ID), FileDigest: im.digest, BookingDate: e.BookingDate,
		Amount: e.Amount, Debit: e.Debit, PaymentInfoID: bankText(e.PaymentInfoID)}
	oc := BankOutcome{Ref: ref, Amount: e.Amount, BookingDate: e.BookingDate}
	switch {
	case clash:
		im.unmatched(&row, &oc, Msg{msgBankRefClash, []any{before.Ref, before.Amount, before.BookingDate}})
	case e.Debit && !e.Reversal:
		err = im.settle(st, e, &row, &oc)
	case !e.Debit && (e.Reversal || hasReturn(e)):
		err = im.giveBack(st, e, &row, &oc)
	case e.Debit:
		// A reversed credit: money out that ontschot did not send.
		im.unmatched(&row, &oc, Msg{Code: msgBankReversalOut})
	default:
		row.Outcome = OutcomeCredit
		im.out.Credits++
	}
	if err != nil {
		return "", err
	}
	return ref, im.keep(&row)
}

// names is what an entry names (BankSafe): the EndToEndId of its one
// transaction, else its block's PmtInfId; "" for neither, or for several
// transactions.
func names(e *BankEntry) string {
	switch {
	case len(e.Details) == 1 && e.Details[0].EndToEndID != "":
		return bankText(e.Details[0].EndToEndID)
	case len(e.Details) == 0:
		return bankText(e.PaymentInfoID)
	}
	return ""
}

func hasReturn(e *BankEntry) bool {
	for _, d := range e.Details {
		if d.Return != nil {
			return true
		}
	}
	return false
}

// keep stores an entry and remembers it for the record.
func (im *bankImporter) keep(row *BankEntryRow) error {
	if err := im.o.tx.InsertBankEntry(row); err != nil {
		return err
	}
	im.kept = append(im.kept, *row)
	return nil
}

// unmatched marks the entry unmatched, saying why in English (kept, and
// committed to) and in Dutch (for the pages).
func (im *bankImporter) unmatched(row *BankEntryRow, oc *BankOutcome, why Msg) {
	row.Outcome, row.Detail, row.DetailNL = OutcomeUnmatched, why.English(), why.Dutch()
	oc.Detail, oc.DetailNL = row.Detail, row.DetailNL
	im.out.Unmatched = append(im.out.Unmatched, *oc)
}

// settle applies a booked debit: the paid payouts it books are settled.
func (im *bankImporter) settle(st *BankStatement, e *BankEntry, row *BankEntryRow, oc *BankOutcome) error {
	type item struct {
		id     PayoutID
		amount Cents
	}
	var items []item
	var sum Cents
	switch {
	case len(e.Details) > 0:
		for _, d := range e.Details {
			amount := d.Amount
			if amount == 0 && len(e.Details) == 1 {
				amount = e.Amount
			}
			items, sum = append(items, item{PayoutID(d.EndToEndID), amount}), sum+amount
		}
		if sum != e.Amount {
			im.unmatched(row, oc, Msg{msgBankSum, []any{sum, e.Amount}})
			return nil
		}
	case e.PaymentInfoID != "":
		blk, err := im.block(e.PaymentInfoID)
		if err != nil {
			return err
		}
		if blk == nil {
			im.unmatched(row, oc, Msg{msgBankNoBlock, []any{bankText(e.PaymentInfoID)}})
			return nil
		}
		// Transfers of the block the bank rejected before are not in
		// its booking; those that went out and came back since are.
		var left Cents
		for _, it := range blk.Items {
			r, err := payoutRow(im.o.tx, it.PayoutID)
			if err != nil {
				return err
			}
			if rejected, err := im.rejected(r); err != nil {
				return err
			} else if rejected {
				continue
			}
			items, left = append(items, item{it.PayoutID, it.Amount}), left+it.Amount
		}
		if left != e.Amount {
			im.unmatched(row, oc, Msg{msgBankBlockAmount, []any{bankText(e.PaymentInfoID), left, e.Amount}})
			return nil
		}
	default:
		im.unmatched(row, oc, Msg{Code: msgBankNamesNothing})
		return nil
	}
	// Every payout must be one ontschot paid, for that amount, from the
	// pot whose account this is, before any is settled.
	rows := make([]*PayoutRow, len(items))
	named := map[PayoutID]bool{}
	for i, it := range items {
		if it.id == "" {
			im.unmatched(row, oc, Msg{Code: msgBankNoEndToEnd})
			return nil
		}
		if named[it.id] {
			im.unmatched(row, oc, Msg{msgBankTwice, []any{bankText(string(it.id))}})
			return nil
		}
		named[it.id] = true
		r, err := payoutRow(im.o.tx, it.id)
		if ErrorCode(err) == ENOTFOUND {
			im.unmatched(row, oc, Msg{msgBankNoPayout, []any{Quoted(bankText(string(it.id)))}})
			return nil
		}
		if err != nil {
			return err
		}
		rejected, err := im.rejected(r)
		if err != nil {
			return err
		}
		switch {
		case r.Amount != it.amount:
			im.unmatched(row, oc, Msg{msgBankOtherAmount, []any{string(it.id), r.Amount, it.amount}})
			return nil
		case r.SettleSeq != 0:
			im.unmatched(row, oc, Msg{msgBankSettledAlready, []any{string(it.id)}})
			return nil
		case rejected:
			im.unmatched(row, oc, Msg{msgBankRejectedNotOut, []any{string(it.id)}})
			return nil
		case r.Status != StatusPaid && r.Status != StatusReturned:
			// A returned payout went out and came back: the bank's
			// statement of its debit may come after the notification
			// of its return. Its debit is settled; it stays returned.
			im.unmatched(row, oc, Msg{msgBankNotPaid, []any{string(it.id), r.Status}})
			return nil
		}
		if problem, err := im.fromAccount(r, st.IBAN, e.BookingDate); err != nil || !problem.IsZero() {
			if !problem.IsZero() {
				im.unmatched(row, oc, problem)
			}
			return err
		}
		rows[i] = r
	}
	for _, r := range rows {
		rec := BankSettlementRecord(r.ID, e.BookingDate)
		t := RecordTransaction(&rec, r.PotID, im.actor, im.o.today(), "settled by the bank on "+e.BookingDate.String())
		if err := im.o.book(&t); err != nil {
			return err
		}
		if err := im.o.tx.SettlePayout(r.ID, t.Seq, e.BookingDate); err != nil {
			return err
		}
		oc.Payouts = append(oc.Payouts, r.ID)
	}
	row.Outcome = OutcomeSettled
	if len(rows) == 1 {
		row.PayoutID = rows[0].ID
	}
	im.out.Settled = append(im.out.Settled, *oc)
	return nil
}

// fromAccount checks that a payout was paid from the account iban: the
// debtor account its payment batch paid its pot from, whatever the pot's
// account is now. It returns what is wrong (the zero Msg when nothing is).
func (im *bankImporter) fromAccount(r *PayoutRow, iban string, booked Date) (Msg, error) {
	none := Msg{msgBankInNoFile, []any{string(r.ID)}}
	id, err := im.o.tx.PaidIn(r.ID)
	if err != nil || id == "" {
		return none, err
	}
	b, ok := im.batches[id]
	if !ok {
		bs, err := im.o.tx.PaymentBatches(PaymentBatchQuery{ID: id})
		if err != nil {
			return none, err
		}
		if len(bs) > 0 {
			b = &bs[0]
		}
		if im.batches == nil {
			im.batches = map[PaymentBatchID]*PaymentBatch{}
		}
		im.batches[id] = b
	}
	if b == nil {
		return none, nil
	}
	if written := DateOf(b.CreatedAt); booked.Before(written) {
		// No bank books a transfer before its payment file was made:
		// the entry names the payout by mistake.
		return Msg{msgBankBeforePaid, []any{string(r.ID), booked, written}}, nil
	}
	for _, g := range b.Groups {
		if g.PotID == r.PotID {
			if string(g.Debtor.IBAN) != iban {
				return Msg{msgBankOtherAccount, []any{string(r.ID), string(g.Debtor.IBAN), iban}}, nil
			}
			return Msg{}, nil
		}
	}
	return none, nil
}

// block finds a payment file's block by its PmtInfId (nil when there is
// none).
func (im *bankImporter) block(id string) (*PaymentBlock, error) {
	cut := strings.LastIndexByte(id, '-')
	if cut <= 0 {
		return nil, nil
	}
	batch := PaymentBatchID(id[:cut])
	bs, err := im.o.tx.PaymentBatches(PaymentBatchQuery{ID: batch})
	if err != nil || len(bs) == 0 {
		return nil, err
	}
	rows, err := im.o.tx.PaymentItems(batch)
	if err != nil {
		return nil, err
	}
	b := bs[0]
	for _, r := range rows {
		b.Items = append(b.Items, r.PaymentItem)
	}
	for _, blk := range b.Blocks() {
		if blk.ID == id {
			return &blk, nil
		}
	}
	return nil, nil
}

// giveBack applies money back: a return (RtrInf) or a reversed debit. The
// payout it names is returned.
func (im *bankImporter) giveBack(st *BankStatement, e *BankEntry, row *BankEntryRow, oc *BankOutcome) error {
	var d *BankDetail
	if len(e.Details) == 1 {
		d = &e.Details[0]
	}
	if d == nil || d.EndToEndID == "" {
		im.unmatched(row, oc, Msg{Code: msgBankBackNamesNothing})
		return nil
	}
	reason := ""
	if d.Return != nil {
		reason = d.Return.Reason
	}
	row.Reason, oc.Reason = reason, reason
	r, err := payoutRow(im.o.tx, PayoutID(d.EndToEndID))
	if ErrorCode(err) == ENOTFOUND {
		im.unmatched(row, oc, Msg{msgBankNoPayout, []any{Quoted(bankText(d.EndToEndID))}})
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case r.Amount != e.Amount:
		im.unmatched(row, oc, Msg{msgBankOtherAmount, []any{string(r.ID), r.Amount, e.Amount}})
		return nil
	case r.Status == StatusReturned:
		im.unmatched(row, oc, Msg{msgBankBackAlready, []any{string(r.ID), r.Return.BookedOn}})
		return nil
	case !r.Status.PaidOut():
		im.unmatched(row, oc, Msg{msgBankNothingWentOut, []any{string(r.ID), r.Status}})
		return nil
	}
	if problem, err := im.fromAccount(r, st.IBAN, e.BookingDate); err != nil || !problem.IsZero() {
		if !problem.IsZero() {
			im.unmatched(row, oc, problem)
		}
		return err
	}
	if err := im.returnPayout(r, e.BookingDate, reason, memoReturned); err != nil {
		var le *Error
		if ErrorCode(err) == ECONFLICT && errors.As(err, &le) {
			im.unmatched(row, oc, le.Msg)
			return nil
		}
		return err
	}
	row.Outcome, row.PayoutID = OutcomeReturned, r.ID
	oc.Payouts, oc.Explanation = []PayoutID{r.ID}, BankReasonOf(reason).Dutch
	im.out.Returned = append(im.out.Returned, *oc)
	return nil
}

// The memos of a payout's return: money that came back, or a transfer the
// bank rejected (a status report), whose money never left the account.
const (
	memoReturned = "returned by the bank"
	memoRejected = "rejected by the bank"
)

// rejected reports whether r was returned by the bank's rejection of its
// transfer (memoRejected): its money never left, so no debit of the bank
// books it. A payout that went out and came back is not.
func (im *bankImporter) rejected(r *PayoutRow) (bool, error) {
	if r.Status != StatusReturned || r.ReturnSeq == 0 {
		return false, nil
	}
	var memo string
	err := im.o.tx.Transactions(TxFilter{After: r.ReturnSeq - 1, Through: r.ReturnSeq}, func(t *Transaction) error {
		memo = t.Memo
		return nil
	})
	return memo == memoRejected, err
}

// returnPayout books a payout's return: its allocation withdrawn, its
// money back in the pot. Errors: ECONFLICT when its allocation cannot be
// withdrawn (a receivable of it was settled).
func (im *bankImporter) returnPayout(r *PayoutRow, on Date, reason, memo string) error {
	p := r.Payout
	if r.AllocationVersion > 0 {
		as, err := im.o.tx.Allocations(p.ID, r.AllocationVersion)
		if err != nil {
			return err
		}
		if len(as) != 1 {
			return fmt.Errorf("payout %s: its current allocation, version %d, is not there", p.ID, r.AllocationVersion)
		}
		if err := im.o.withdrawAllocation(im.actor, &p, &as[0], "returned by the bank"); err != nil {
			return err
		}
	}
	rec := BankReturnRecord(p.ID, on, reason)
	t := RecordTransaction(&rec, p.PotID, im.actor, im.o.today(), memo)
	t.Postings = ReturnPostings(p.PotID, p.Amount)
	if err := im.o.book(&t); err != nil {
		return err
	}
	if err := im.o.tx.ReturnPayout(p.ID, t.Seq, on, reason); err != nil {
		return err
	}
	// The requester is told, to correct the payee (Store.ReissuePayout).
	pt, err := pot(im.o.tx, p.PotID)
	if err != nil {
		return err
	}
	n := payoutNote(NoteReturned, &p, pt)
	n.Detail = reason
	return im.o.notify(im.actor, []string{p.RequestedBy}, n)
}

// statusReport applies a pain.002: the rejected transfers, blocks or whole
// file return their payouts; accepted ones change nothing. A rejection
// answers the payment file the report names (OrgnlMsgId, ontschot's batch
// id): a block or transfer of another file, or a transfer for another
// amount, is kept as unmatched, and a transfer of a rejected block that was
// returned before is left out.
func (im *bankImporter) statusReport(sr *BankStatusReport) error {
	batch := PaymentBatchID(sr.OriginalMessageID)
	type rejection struct {
		ref, reason, block string
		problem            Msg
		ids                []PayoutID
		amounts            []Cents
	}
	var rejections []rejection
	blockOf := func(id string) (*PaymentBlock, Msg, error) {
		if !strings.HasPrefix(id, string(batch)+"-") {
			return nil, Msg{msgBankNotOfFile, []any{bankText(id), bankText(string(batch))}}, nil
		}
		blk, err := im.block(id)
		if err == nil && blk == nil {
			return nil, Msg{msgBankNoBlock, []any{bankText(id)}}, nil
		}
		return blk, Msg{}, err
	}
	whole := func(ref, reason, block string, blk *PaymentBlock, problem Msg) rejection {
		rj := rejection{ref: ref, reason: reason, block: block, problem: problem}
		if blk != nil {
			for _, it := range blk.Items {
				rj.ids, rj.amounts = append(rj.ids, it.PayoutID), append(rj.amounts, 0)
			}
		}
		return rj
	}
	if len(sr.Blocks) == 0 && sr.GroupStatus == "RJCT" {
		// The whole file is rejected: every block of it.
		bs, err := im.o.tx.PaymentBatches(PaymentBatchQuery{ID: batch})
		if err != nil {
			return err
		}
		if len(bs) == 0 {
			rejections = append(rejections, rejection{ref: string(batch), reason: sr.GroupReason,
				problem: Msg{msgBankNoFile, []any{bankText(string(batch))}}})
		} else {
			rows, err := im.o.tx.PaymentItems(batch)
			if err != nil {
				return err
			}
			b := bs[0]
			for _, r := range rows {
				b.Items = append(b.Items, r.PaymentItem)
			}
			for _, blk := range b.Blocks() {
				rejections = append(rejections, whole(blk.ID, sr.GroupReason, blk.ID, &blk, Msg{}))
			}
		}
	} else if len(sr.Blocks) == 0 {
		im.out.Accepted++
	}
	for _, b := range sr.Blocks {
		if b.Status == "RJCT" || (b.Status == "" && sr.GroupStatus == "RJCT") {
			blk, problem, err := blockOf(b.PaymentInfoID)
			if err != nil {
				return err
			}
			rejections = append(rejections, whole(b.PaymentInfoID, cmpOr(b.Reason, sr.GroupReason), b.PaymentInfoID, blk, problem))
			continue
		}
		for _, tx := range b.Transactions {
			if tx.Status != "RJCT" {
				im.out.Accepted++
				continue
			}
			rj := rejection{ref: tx.EndToEndID, reason: cmpOr(tx.Reason, b.Reason), ids: []PayoutID{PayoutID(tx.EndToEndID)}, amounts: []Cents{tx.Amount}}
			paidIn, err := im.o.tx.PaidIn(PayoutID(tx.EndToEndID))
			if err != nil {
				return err
			}
			if paidIn != batch {
				rj.problem = Msg{msgBankNotOfFile, []any{Quoted(bankText(tx.EndToEndID)), bankText(string(batch))}}
			}
			rejections = append(rejections, rj)
		}
		if len(b.Transactions) == 0 {
			im.out.Accepted++
		}
	}
	for _, rj := range rejections {
		if err := im.reject(sr, rj.ref, rj.reason, rj.block, rj.problem, rj.ids, rj.amounts); err != nil {
			return err
		}
	}
	return nil
}

// reject applies one rejection of a status report: the paid payouts it
// names are returned; one returned before is left out; one of another
// amount, settled, or not paid makes it unmatched.
func (im *bankImporter) reject(sr *BankStatusReport, ref, reason, block string, problem Msg, ids []PayoutID, amounts []Cents) error {
	key := "pain.002:" + bankText(sr.OriginalMessageID) + ":" + bankText(ref)
	_, seen, err := im.o.tx.BankEntrySeen("", key)
	if err != nil || seen {
		if seen {
			im.out.Seen++
		}
		return err
	}
	today := im.o.today()
	row := BankEntryRow{Ref: key, StatementID: bankText(sr.OriginalMessageID), FileDigest: im.digest, BookingDate: today, Debit: true,
		PaymentInfoID: bankText(block), Reason: reason}
	oc := BankOutcome{Ref: bankText(ref), Reason: reason, Explanation: BankReasonOf(reason).Dutch}
	var rows []*PayoutRow
	for i, id := range ids {
		if !problem.IsZero() {
			break
		}
		r, err := payoutRow(im.o.tx, id)
		if ErrorCode(err) == ENOTFOUND {
			problem = Msg{msgBankNoPayout, []any{Quoted(bankText(string(id)))}}
			break
		}
		if err != nil {
			return err
		}
		switch {
		case r.Status == StatusReturned && block != "":
			continue // rejected on its own before
		case r.Status != StatusPaid:
			problem = Msg{msgBankNotBooked, []any{string(id), r.Status}}
		case amounts[i] != 0 && amounts[i] != r.Amount:
			problem = Msg{msgBankReportAmount, []any{string(id), r.Amount, amounts[i]}}
		}
		rows = append(rows, r)
		oc.Amount += r.Amount
	}
	row.Amount = oc.Amount
	if problem.IsZero() && len(rows) == 0 {
		problem = Msg{Code: msgBankAllReturned}
	}
	if !problem.IsZero() {
		im.unmatched(&row, &oc, problem)
		return im.keep(&row)
	}
	for _, r := range rows {
		if err := im.returnPayout(r, today, reason, memoRejected); err != nil {
			return err
		}
		oc.Payouts = append(oc.Payouts, r.ID)
	}
	row.Outcome = OutcomeRejected
	if len(rows) == 1 {
		row.PayoutID = rows[0].ID
	}
	im.out.Returned = append(im.out.Returned, oc)
	return im.keep(&row)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// BankEntries lists the imported entries q selects (Store). Errors:
// EFORBIDDEN.
func (s *Service) BankEntries(ctx context.Context, actor Actor, q BankEntryQuery) ([]BankEntryRow, error) {
	if err := actor.Can(ActReadBankEntries, "read the bank's entries"); err != nil {
		return nil, err
	}
	var out []BankEntryRow
	err := s.read(ctx, "read bank entries", func(tx ReadTx) error {
		out = nil
		return tx.BankEntries(q, func(e *BankEntryRow) error {
			out = append(out, *e)
			return nil
		})
	})
	return out, err
}
