package ledger

import (
	"cmp"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Governed records (see integrity.go) as they stand, for Verify to compare
// with the journal, and the baseline of coverage that commits to them when
// a ledger begins to be covered.

// governedRecords reads every governed record as it stands, but for web
// sessions (which are committed to once each, see audit.sessions) and the
// Iv3 code list (whose digest is the list's own, see audit.taakvelden):
// pots, partners, parties, pledges, categories, the rule table, users,
// tokens and signal uptakes, in that order and each kind by its key, so
// that a baseline books them, and Verify names them, in an order that does
// not depend on the engine.
func governedRecords(tx ReadTx) ([]GovernedRecord, error) {
	var out []GovernedRecord
	pots, err := tx.Pots()
	if err != nil {
		return nil, err
	}
	for i := range pots {
		out = append(out, PotRecord(&pots[i]))
	}
	partners, err := tx.Partners()
	if err != nil {
		return nil, err
	}
	slices.SortFunc(partners, func(a, b Partner) int { return strings.Compare(string(a.ID), string(b.ID)) })
	for i := range partners {
		out = append(out, PartnerRecord(&partners[i]))
	}
	parties, err := tx.Parties()
	if err != nil {
		return nil, err
	}
	slices.SortFunc(parties, func(a, b Party) int { return strings.Compare(string(a.ID), string(b.ID)) })
	for i := range parties {
		out = append(out, PartyRecord(&parties[i]))
	}
	pledges, err := tx.Pledges("", "")
	if err != nil {
		return nil, err
	}
	slices.SortFunc(pledges, func(a, b PledgeRow) int {
		return cmp.Or(strings.Compare(string(a.PotID), string(b.PotID)), strings.Compare(string(a.PartnerID), string(b.PartnerID)))
	})
	for _, p := range pledges {
		out = append(out, PledgeRecord(p.PotID, p.PartnerID, p.Pledged))
	}
	categories, err := tx.Categories()
	if err != nil {
		return nil, err
	}
	for i := range categories {
		out = append(out, CategoryRecord(&categories[i]))
	}
	rules, err := tx.AllocationRules()
	if err != nil {
		return nil, err
	}
	ids, texts := make([]string, len(rules)), make([]string, len(rules))
	for i, r := range rules {
		ids[i], texts[i] = r.ID, r.Text
	}
	out = append(out, RulesRecord(ids, texts))
	users, err := tx.Users()
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		out = append(out, UserRecord(u.Name, u.Role, u.Partner, u.PasswordHash))
	}
	tokens, err := tx.Tokens(TokenQuery{})
	if err != nil {
		return nil, err
	}
	for _, t := range tokens {
		out = append(out, TokenRecord(t.ID, t.User, t.Hash, t.CreatedBy, t.CreatedAt, t.RevokedAt))
	}
	uptakes, err := tx.SignalUptakes()
	if err != nil {
		return nil, err
	}
	slices.SortFunc(uptakes, func(a, b SignalUptake) int { return strings.Compare(a.SignalID, b.SignalID) })
	for i := range uptakes {
		out = append(out, UptakeRecord(&uptakes[i]))
	}
	return out, nil
}

// coverageMemo is the memo of the baseline's commitments.
const coverageMemo = "the record as it stood when coverage began"

// BookCoverage books, in tx, the baseline of coverage: the transaction
// that marks where coverage began (TxCoverageBegan), one *_set transaction
// per governed record as it stands, the Iv3 code list as it stands (with
// its import record), the payees of the payouts that can still be paid
// (each with a salt of its own, so a payment run never pays a payee that
// was not committed to; payouts that are closed stay as they were, and
// Verify counts them), every web session, and one commitment to the stored
// answers there are. It books no postings, at the instant now, as
// SystemActor.
//
// Every engine runs it once, when a ledger is set up (or, for an SQLite
// file written before coverage, when the file is upgraded), in the same
// transaction as the schema: a ledger is either covered from a known place
// or not set up at all, so the marker can never be booked again later, and
// so can never launder a record added by hand. A new ledger on any engine
// thus starts with the same transactions.
//
// Errors: the engine's, or one from the system's random source.
func BookCoverage(tx Tx, now time.Time) error {
	now = JournalTime(now)
	today := DateOf(now)
	book := func(t *Transaction) error {
		t.RecordedAt = now
		return tx.Append(t)
	}
	if err := book(&Transaction{Kind: TxCoverageBegan, Ref: "coverage", ValueDate: today,
		Actor: SystemActor.User, ActorRole: SystemActor.Role,
		Memo: "from here on the journal commits to payees, payment files, governed records and stored answers"}); err != nil {
		return err
	}
	records, err := governedRecords(tx)
	if err != nil {
		return err
	}
	for i := range records {
		r := &records[i]
		var pot PotID
		if r.Kind == TxPotSet {
			pot = PotID(r.Ref)
		}
		t := RecordTransaction(r, pot, SystemActor, today, coverageMemo)
		if err := book(&t); err != nil {
			return err
		}
	}
	list, err := tx.Taakvelden()
	if err != nil {
		return err
	}
	digest := list.Digest()
	t := Transaction{Kind: TxTaakveldenImported, Ref: "taakvelden", ValueDate: today, Actor: SystemActor.User, ActorRole: SystemActor.Role,
		Memo: fmt.Sprintf("the Iv3 code list as it stood when coverage began: %d rows", len(list)), Digest: digest}
	if err := book(&t); err != nil {
		return err
	}
	imp := TaakveldImport{Digest: digest, Rows: len(list), Source: "as it stood when coverage began", ImportedBy: SystemActor.User, ImportedAt: now}
	if err := tx.InsertTaakveldImport(&imp, t.Seq); err != nil {
		return err
	}
	if err := commitOpenPayees(tx, today, book); err != nil {
		return err
	}
	// Web sessions: one commitment each.
	sessions, err := tx.Sessions()
	if err != nil {
		return err
	}
	for _, s := range sessions {
		r := SessionRecord(s.Hash, s.User, s.CreatedAt, s.ExpiresAt)
		t := RecordTransaction(&r, "", SystemActor, today, coverageMemo)
		if err := book(&t); err != nil {
			return err
		}
		if err := tx.CommitSession(s.Hash, t.Seq); err != nil {
			return err
		}
	}
	// Stored answers: one commitment to all of them, in the order they
	// were stored.
	var answers []string
	err = tx.AuditAnswers(0, func(a *StoredAnswer, _ *Transaction) error {
		if a.Seq == 0 {
			answers = append(answers, AnswerDigest(a.Actor, a.Key, a.Operation, a.Fingerprint, a.Result))
		}
		return nil
	})
	if err != nil || len(answers) == 0 {
		return err
	}
	t = AnswersTransaction(answers, today)
	if err := book(&t); err != nil {
		return err
	}
	return tx.CommitAnswers(t.Seq)
}

// commitOpenPayees commits, in order of request, to the payee of every
// payout that can still be paid (waiting or approved, not in a payment
// batch) whose payee is kept and was never committed to.
func commitOpenPayees(tx Tx, today Date, book func(*Transaction) error) error {
	var open []*PayoutRow
	err := tx.Payouts(PayoutQuery{Oldest: true}, func(r *PayoutRow) error {
		rec := r.PayeeRecord
		if (r.Status == StatusPending || r.Status == StatusApproved) && !rec.Missing && rec.Salt == nil && !r.Payee.Erased {
			open = append(open, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range open {
		// Read after the stream: one query at a time.
		batch, err := tx.PaidIn(r.ID)
		if err != nil {
			return err
		}
		if batch != "" {
			continue
		}
		salt := make([]byte, 16)
		if _, err := rand.Read(salt); err != nil {
			return err
		}
		t := Transaction{Kind: TxPayeeSet, Ref: string(r.ID), PotID: r.PotID, ValueDate: today, Actor: SystemActor.User,
			ActorRole: SystemActor.Role, Memo: "the payee as it stood when coverage began", PayeeDigest: PayeeDigest(salt, r.ID, r.Payee)}
		if err := book(&t); err != nil {
			return err
		}
		if err := tx.CommitPayee(r.ID, salt, t.Seq); err != nil {
			return err
		}
	}
	return nil
}
