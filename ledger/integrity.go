package ledger

import (
	"bufio"
	"cmp"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// What the journal commits to, beyond postings.
//
// An auditor relies on the journal for everything that moves or authorises
// money, not only for the postings: a payout's state, its payee, the
// mandate ladder it was decided under, who holds which role, which token
// belongs to whom. Each such record is committed to by a journal
// transaction, so that a direct edit of the database file (with the
// append-only triggers dropped, as anyone with the file can) is named by
// Verify:
//
//   - a payout's request, decision, reversal and payment by the transactions
//     that booked them (digests, kinds, actors and memos);
//   - its payee by a salted digest in the request's transaction: the salt is
//     erased with the payee, after which the digest can neither be checked
//     nor guessed, and the erasure's own transaction lists the payouts it
//     erased;
//   - governed records (pots with their mandate ladders, overdraft limits,
//     thresholds and debtor accounts; partners, parties and pledges;
//     categories; the Iv3 code list; the allocation rules; users, their
//     roles, partners and passwords; tokens; web sessions; policy uptakes)
//     by a *_set transaction booked with every change, whose digest is
//     GovernedRecord.Digest of the record's new content;
//   - stored answers to requests with an idempotency key by one
//     answers_recorded transaction per write group (AnswersDigest).
//
// Truncation (deleting the newest transactions with their records) leaves a
// shorter chain that verifies; it is caught by checkpoints kept outside the
// file: see Checkpoint.

// Transaction kinds that commit to records without moving money.
const (
	// TxCoverageBegan marks where the journal began to commit to payees,
	// payment files, governed records and stored answers. A ledger created by
	// this release has it first; a ledger written by an earlier one has it
	// where it was upgraded, and the records booked before it are checked
	// only as far as that release committed to them.
	TxCoverageBegan TxKind = "coverage_began"
	// TxAnswersRecorded commits to the answers stored for requests with an
	// idempotency key in one write group.
	TxAnswersRecorded TxKind = "answers_recorded"
	// TxPayeeSet commits to a payout's payee outside its request: when
	// coverage began, for payouts that could still be paid.
	TxPayeeSet TxKind = "payee_set"

	TxPotSet        TxKind = "pot_set"
	TxPartnerSet    TxKind = "partner_set"
	TxPartySet      TxKind = "party_set"
	TxPledgeSet     TxKind = "pledge_set"
	TxCategorySet   TxKind = "category_set"
	TxRulesSet      TxKind = "allocation_rules_set"
	TxUserSet       TxKind = "user_set"
	TxTokenSet      TxKind = "token_set"
	TxSessionOpened TxKind = "session_opened"
	TxSignalTakenUp TxKind = "signal_taken_up"
)

// GovernedKinds are the transaction kinds that commit to a governed record:
// the latest one for a (kind, ref) pair holds the digest of the record as it
// must be now. The Iv3 code list (TxTaakveldenImported) is one too; its
// digest is the list's own (TaakveldList digest), kept from before.
var GovernedKinds = []TxKind{TxPotSet, TxPartnerSet, TxPartySet, TxPledgeSet, TxCategorySet, TxRulesSet,
	TxUserSet, TxTokenSet, TxSignalTakenUp, TxTaakveldenImported}

// GovernedRecord is a record that decides where money may go or who may move
// it, as the journal commits to it: the transaction kind that books its
// changes, its reference (a pot's id, a user's name, "allocation-rules") and
// its content as text, in a fixed order.
type GovernedRecord struct {
	Kind   TxKind
	Ref    string
	Fields []string
	// Label names the record for a person reading a verification failure:
	// "pot POT-…", "user anouk.bakker".
	Label string
}

// Digest returns the digest a *_set transaction carries for the record:
// unsalted, because a governed record holds nothing personal, so anyone
// with the record can recompute it.
func (r *GovernedRecord) Digest() string {
	return Digest(nil, append([]string{"record", string(r.Kind), r.Ref}, r.Fields...)...)
}

func cents(c Cents) string { return strconv.FormatInt(int64(c), 10) }

// PotRecord is a pot's governed content: name, year, recovery policy, regret
// threshold, overdraft limit, the mandate ladder, the debtor account and
// the escalation's working days.
func PotRecord(p *Pot) GovernedRecord {
	f := []string{p.Name, strconv.Itoa(p.Year), string(p.RecoveryPolicy), strconv.FormatInt(int64(p.RegretThreshold), 10),
		cents(p.OverdraftLimit), strconv.Itoa(len(p.Mandates))}
	for _, m := range p.Mandates {
		limit := "unlimited"
		if !m.Unlimited {
			limit = cents(m.Limit)
		}
		f = append(f, string(m.Role), limit)
	}
	if d := p.DebtorAccount; d != nil {
		f = append(f, "debtor", d.Name, string(d.IBAN), d.BIC, d.Town, d.Country)
	} else {
		f = append(f, "no debtor")
	}
	// The escalation is committed to when it is not the default, so the
	// records of pots made before it could be set read as they did. Only
	// the defaults themselves are left out: a pot read with no days (zero,
	// which no pot may have) does not pass for one with the defaults.
	if e := p.Escalation; e != (Escalation{RemindAfter: DefaultRemindAfter, EscalateAfter: DefaultEscalateAfter}) {
		f = append(f, "escalation", strconv.Itoa(e.RemindAfter), strconv.Itoa(e.EscalateAfter))
	}
	return GovernedRecord{Kind: TxPotSet, Ref: string(p.ID), Fields: f, Label: "pot " + string(p.ID)}
}

// PartnerRecord is a funding partner's name and kind.
func PartnerRecord(p *Partner) GovernedRecord {
	return GovernedRecord{Kind: TxPartnerSet, Ref: string(p.ID), Fields: []string{p.Name, string(p.Kind)}, Label: "partner " + string(p.ID)}
}

// PartyRecord is an outside party's name and kind.
func PartyRecord(p *Party) GovernedRecord {
	return GovernedRecord{Kind: TxPartySet, Ref: string(p.ID), Fields: []string{p.Name, string(p.Kind)}, Label: "party " + string(p.ID)}
}

// PledgeRecord is what a partner pledged to a pot. The partner funds the pot
// (and reads its statements) from its first pledge or contribution on.
func PledgeRecord(pot PotID, partner PartnerID, pledged Cents) GovernedRecord {
	ref := string(pot) + "/" + string(partner)
	return GovernedRecord{Kind: TxPledgeSet, Ref: ref, Fields: []string{cents(pledged)}, Label: "pledge " + ref}
}

// CategoryRecord is a payout category's code and label.
func CategoryRecord(c *Category) GovernedRecord {
	return GovernedRecord{Kind: TxCategorySet, Ref: c.Code, Fields: []string{c.Label}, Label: "category " + c.Code}
}

// RulesRef is the reference of the allocation rule table's transactions.
const RulesRef = "allocation-rules"

// RulesRecord is the allocation rule table as stored: each rule's id and
// its stored text, in order.
func RulesRecord(ids, texts []string) GovernedRecord {
	f := make([]string, 0, 2*len(ids))
	for i := range ids {
		f = append(f, ids[i], texts[i])
	}
	return GovernedRecord{Kind: TxRulesSet, Ref: RulesRef, Fields: f, Label: "the allocation rules"}
}

// UserRecord is a user's role, partner and password hash ("" without a
// password): what decides what the user may do and how they sign in.
func UserRecord(name string, role Role, partner PartnerID, passwordHash string) GovernedRecord {
	return GovernedRecord{Kind: TxUserSet, Ref: name, Fields: []string{string(role), string(partner), passwordHash}, Label: "user " + name}
}

// TokenRecord is an API token: whose it is, the hash of its secret, who made
// it and when, and when it was revoked ("" while valid).
func TokenRecord(id TokenID, user, hash, createdBy string, createdAt time.Time, revokedAt *time.Time) GovernedRecord {
	revoked := ""
	if revokedAt != nil {
		revoked = revokedAt.UTC().Format(TimeLayout)
	}
	return GovernedRecord{Kind: TxTokenSet, Ref: string(id),
		Fields: []string{user, hash, createdBy, createdAt.UTC().Format(TimeLayout), revoked}, Label: "token " + string(id)}
}

// SessionRecord is a web session as opened: the hash of its secret, its
// user and its lifetime. A session is committed to once, when it opens; it
// ends by being deleted.
func SessionRecord(hash, user string, createdAt, expiresAt time.Time) GovernedRecord {
	return GovernedRecord{Kind: TxSessionOpened, Ref: user,
		Fields: []string{hash, createdAt.UTC().Format(TimeLayout), expiresAt.UTC().Format(TimeLayout)}, Label: "a web session of " + user}
}

// UptakeRecord is a signal taken up in policy.
func UptakeRecord(u *SignalUptake) GovernedRecord {
	return GovernedRecord{Kind: TxSignalTakenUp, Ref: u.SignalID,
		Fields: []string{u.Note, u.By, string(u.Role), u.At.UTC().Format(TimeLayout)}, Label: "the uptake of signal " + u.SignalID}
}

// RecordTransaction returns the transaction that commits to a governed
// record's new content. memo says what changed, in words without personal
// data ("created", "mandate ladder replaced").
func RecordTransaction(r *GovernedRecord, pot PotID, actor Actor, today Date, memo string) Transaction {
	return Transaction{Kind: r.Kind, Ref: r.Ref, PotID: pot, ValueDate: today, Actor: actor.User, ActorRole: actor.Role,
		Memo: memo, Digest: r.Digest()}
}

// PayeeDigest commits to a payout's payee: the SHA-256 of a random salt kept
// with the payee and erased with it, the payout and the payee's name and
// IBAN, and its payment reference when it has one (the reference came
// later: a payee without one has the digest every earlier payee has). While
// the payee is kept, anyone with the file can check it; once the payee and
// salt are erased, no guess of a name and IBAN can be confirmed.
func PayeeDigest(salt []byte, id PayoutID, p Payee) string {
	if p.Reference != "" {
		return Digest(salt, "payee", string(id), p.Name, string(p.IBAN), p.Reference)
	}
	return Digest(salt, "payee", string(id), p.Name, string(p.IBAN))
}

// ErasureDigest commits to the payouts whose payees one erasure erased, in
// the order of their ids.
func ErasureDigest(before Date, ids []PayoutID) string {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	f := make([]string, 0, len(sorted)+2)
	f = append(f, "erasure", before.String())
	for _, id := range sorted {
		f = append(f, string(id))
	}
	return Digest(nil, f...)
}

// AnswerDigest commits to one stored answer to a request with an
// idempotency key: whose key it is, the key, the operation, the request's
// fingerprint and the answer as stored.
func AnswerDigest(actor, key, operation string, fingerprint []byte, answer string) string {
	return Digest(nil, "answer", actor, key, operation, hex.EncodeToString(fingerprint), answer)
}

// AnswersDigest commits to the answers stored in one write group, in the
// order they were stored.
func AnswersDigest(answers []string) string {
	return Digest(nil, append([]string{"answers"}, answers...)...)
}

// PaymentDigest commits to one pot's part of a payment batch: everything a
// payment file is made of except the payees (whose own digests commit to
// them): the batch, when and by whom it was made, the execution date, the
// pot's name as it was (the remittance says it), the debtor account and the
// payouts with their amounts and urgency (an urgent payout goes out as an
// instant transfer), and the wording of the remittances. With it, a payment
// file made again is the same file, byte for byte, or is refused.
//
// A batch of RemittanceV1 (or none: every batch made before the wording was
// kept) has the digest "payment-v2" always had; a later wording is named
// after "payment-v3", so the digests booked before it still verify.
func PaymentDigest(b *PaymentBatch, g *PaymentGroup, items []PaymentItem) string {
	debtor := g.Debtor
	fields := []string{"payment-v2"}
	if b.Remittance > RemittanceV1 {
		fields = []string{"payment-v3", strconv.Itoa(b.Remittance)}
	}
	fields = append(fields, string(b.ID), b.CreatedAt.UTC().Format(TimeLayout), b.CreatedBy, b.ExecutionDate.String(), g.PotName,
		debtor.Name, string(debtor.IBAN), debtor.BIC, debtor.Town, debtor.Country)
	for _, it := range items {
		fields = append(fields, string(it.PayoutID), it.Amount.String(), string(it.Urgency))
	}
	return Digest(nil, fields...)
}

// PaymentDigestV1 is the payment digest of batches booked before coverage
// began: the debtor's IBAN and BIC and the payouts with their amounts.
func PaymentDigestV1(batch PaymentBatchID, debtor DebtorAccount, items []PaymentItem) string {
	fields := []string{"payment", string(batch), string(debtor.IBAN), debtor.BIC}
	for _, it := range items {
		fields = append(fields, string(it.PayoutID), it.Amount.String())
	}
	return Digest(nil, fields...)
}

// ReplayPayout returns the status a payout has after the journal
// transactions that booked its request and its decisions, in order: a
// request is held (pending_approval) or approved at once; a pending payout
// is approved or rejected; an approved one can be reversed. Payment is not
// among them: an approved payout is paid when a payment batch holds it. Any
// other sequence is an error naming the transaction that cannot follow.
func ReplayPayout(kinds []TxKind, seqs []int64) (Status, error) {
	var st Status
	for i, k := range kinds {
		next, ok := payoutTransitions[[2]string{string(st), string(k)}]
		if !ok {
			if st == "" {
				return "", fmt.Errorf("transaction %d (%s) cannot open a payout's history; only %s or %s can", seqs[i], k, TxPayoutHeld, TxPayoutApproved)
			}
			return "", fmt.Errorf("transaction %d (%s) cannot follow a payout that is %s", seqs[i], k, st)
		}
		st = next
	}
	if st == "" {
		return "", fmt.Errorf("the payout has no request in the journal")
	}
	return st, nil
}

// payoutTransitions maps (status before, transaction kind) to the status
// after: the payout life cycle of DESIGN.md.
var payoutTransitions = map[[2]string]Status{
	{"", string(TxPayoutHeld)}:                         StatusPending,
	{"", string(TxPayoutApproved)}:                     StatusApproved,
	{string(StatusPending), string(TxPayoutApproved)}:  StatusApproved,
	{string(StatusPending), string(TxPayoutRejected)}:  StatusRejected,
	{string(StatusApproved), string(TxPayoutReversed)}: StatusReversed,
	// A payout's history holds no payment (a payment run books per batch):
	// approved here is approved or paid, and the bank's answer follows a
	// payment, which the audit checks by the batch (checkPaidInBatch).
	{string(StatusApproved), string(TxPayoutSettled)}:  StatusSettled,
	{string(StatusApproved), string(TxPayoutReturned)}: StatusReturned,
	{string(StatusSettled), string(TxPayoutReturned)}:  StatusReturned,
}

// DecisionMemo is the memo of the transaction that books a decision: the
// outcome and the mandate it was decided under. Verify compares it with the
// stored decision, so a changed mandate level or outcome is named.
func DecisionMemo(d *PayoutDecision) string {
	switch {
	case d.OwnMandate:
		return "approved at once under the requester's own mandate: " + d.Mandate.String()
	case d.Outcome == OutcomeApprove:
		return "approved under the mandate " + d.Mandate.String()
	default:
		return "rejected under the mandate " + d.Mandate.String()
	}
}

// Checkpoint is a witness of the journal kept outside the database file: a
// transaction's sequence number and hash, written "SEQ:HASH"
// ("1234:9f86d081884c…", the hash in full). Because each transaction's hash
// covers its predecessor's, a journal that still holds the same hash at the
// same place holds the same history up to there. Partner statements,
// payment files and verifications state the checkpoint they were made at;
// a server can append one to a log after every write group. A journal cut
// back behind a checkpoint, or rewritten before it, fails the check.
type Checkpoint struct {
	Seq  int64
	Hash string
}

// String writes the checkpoint as SEQ:HASH.
func (c Checkpoint) String() string { return strconv.FormatInt(c.Seq, 10) + ":" + c.Hash }

// IsZero reports whether c is the checkpoint of an empty journal.
func (c Checkpoint) IsZero() bool { return c.Seq == 0 }

// MarshalText writes the checkpoint as SEQ:HASH.
func (c Checkpoint) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads SEQ:HASH.
func (c *Checkpoint) UnmarshalText(b []byte) error {
	cp, err := ParseCheckpoint(string(b))
	if err != nil {
		return err
	}
	*c = cp
	return nil
}

// ParseCheckpoint reads a checkpoint written as SEQ:HASH: a sequence number
// from 1 and the transaction's hash as 64 hexadecimal digits. Errors:
// EINVALID, saying how to write one.
func ParseCheckpoint(s string) (Checkpoint, error) {
	seqText, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return Checkpoint{}, NewError(EINVALID, msgNotACheckpoint, Quoted(s))
	}
	seq, err := strconv.ParseInt(seqText, 10, 64)
	if err != nil || seq < 1 {
		return Checkpoint{}, NewError(EINVALID, msgCheckpointSeq, Quoted(s))
	}
	hash = strings.ToLower(hash)
	if len(hash) != 64 {
		return Checkpoint{}, NewError(EINVALID, msgCheckpointHashLength, Quoted(s), len(hash))
	}
	if _, err := hex.DecodeString(hash); err != nil {
		return Checkpoint{}, NewError(EINVALID, msgCheckpointHashHex, Quoted(s))
	}
	return Checkpoint{Seq: seq, Hash: hash}, nil
}

// VerifyOptions ask Verify for more than the file alone can show, or for
// less than all of it. The zero value asks for a full verification that
// records nothing.
type VerifyOptions struct {
	// Checkpoints are witnesses the journal must still hold: each names a
	// transaction that must be there with that hash.
	Checkpoints []Checkpoint
	// CheckpointLog, if set, is a checkpoint log (see WriteCheckpointLine)
	// read while the journal is walked: every line is a checkpoint, and the
	// lines must not go back.
	CheckpointLog io.Reader
	// Incremental continues from the recorded VerifiedCheckpoint, when
	// there is one: it verifies the chain from that transaction on and the
	// records the transactions after it booked or changed, and leaves the
	// rest to the verification that recorded the checkpoint. Witnesses
	// (Checkpoints, CheckpointLog) speak for the whole history up to them,
	// so a verification given any is full whatever Incremental says.
	Incremental bool
	// Record keeps the head this verification reached as the
	// VerifiedCheckpoint the next incremental verification continues from,
	// when the journal verifies; when it does not, Record removes the
	// recorded checkpoint, so that the next verification is a full one.
	Record bool
}

// VerifiedCheckpoint is where the last verification that found the journal
// whole got to, kept beside the ledger (not in the journal) so that the
// next verification can continue from there: the transaction it reached
// and every account's running balance at that transaction.
//
// It is not a witness: whoever can write the database can change it like
// any other row. What that gives them is bounded: an incremental
// verification checks that the journal still holds Hash at Seq (a
// checkpoint that names another hash, or a transaction after the journal's
// end, fails it), so a checkpoint moved forward only hides, from
// incremental verifications, a change made before it; a full verification
// never reads it and finds that change. Witnesses kept outside the file
// (Checkpoint, the checkpoint log) remain what shows the journal was not
// rewritten.
type VerifiedCheckpoint struct {
	Checkpoint
	// Full says the verification that reached it verified the whole
	// journal; otherwise it continued from an earlier checkpoint.
	Full bool
	// StartedAt and FinishedAt are when that verification ran.
	StartedAt, FinishedAt time.Time
	// LastFullSeq and LastFullAt are the head the last full verification
	// reached and when it finished (0 and the zero time: none since the
	// checkpoint was last cleared).
	LastFullSeq int64
	LastFullAt  time.Time
	// Balances are every account's running balance after transaction Seq,
	// by account name; an account without postings up to Seq is left out.
	Balances map[string]Cents
}

// WriteCheckpointLine appends a checkpoint to a checkpoint log: one line,
// "SEQ:HASH TIME", the time in UTC. The log is kept outside the database
// file (another disk, another machine, a write-once store), so that a
// journal cut back or rewritten in the file is found by
// ontschot verify --checkpoint-log.
func WriteCheckpointLine(w io.Writer, cp Checkpoint, at time.Time) error {
	_, err := io.WriteString(w, cp.String()+" "+at.UTC().Format(TimeLayout)+"\n")
	return err
}

// Witnesses checks checkpoints while a verifier walks the journal in order:
// a list given by hand and, streamed line by line so that a log of any
// length takes no memory, a checkpoint log. Observe is called with every
// transaction in order; End with the last.
type Witnesses struct {
	list []Checkpoint
	li   int

	log      *bufio.Reader
	line     int
	pending  *Checkpoint // the log's next checkpoint, read ahead
	lastSeq  int64       // the log's last sequence number so far
	logError *VerifyFailure

	checked int
	last    int64 // the highest checkpoint confirmed
}

// NewWitnesses checks the checkpoints cps (in any order) and those of the
// log r (nil for none).
func NewWitnesses(cps []Checkpoint, r io.Reader) *Witnesses {
	s := slices.Clone(cps)
	slices.SortFunc(s, func(a, b Checkpoint) int {
		if c := cmp.Compare(a.Seq, b.Seq); c != 0 {
			return c
		}
		return strings.Compare(a.Hash, b.Hash)
	})
	w := &Witnesses{list: slices.Compact(s)}
	if r != nil {
		w.log = bufio.NewReaderSize(r, 64<<10)
		w.readLog()
	}
	return w
}

// readLog reads the log's next checkpoint into pending.
func (w *Witnesses) readLog() {
	w.pending = nil
	for w.log != nil && w.logError == nil {
		text, err := w.log.ReadString('\n')
		if err != nil && (err != io.EOF || text == "") {
			if err != io.EOF {
				w.logError = &VerifyFailure{Problem: fmt.Sprintf("the checkpoint log could not be read after line %d: %v", w.line, err)}
			}
			w.log = nil
			return
		}
		complete := err == nil
		w.line++
		fields := strings.Fields(text)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		cp, perr := ParseCheckpoint(fields[0])
		if perr != nil {
			if !complete {
				// A last line cut short: the server stopped while writing it.
				w.log = nil
				return
			}
			w.logError = &VerifyFailure{Problem: fmt.Sprintf("line %d of the checkpoint log is not a checkpoint (%s); a checkpoint log has one SEQ:HASH per line", w.line, ErrorMessage(perr))}
			return
		}
		if cp.Seq < w.lastSeq {
			w.logError = &VerifyFailure{Seq: cp.Seq, Problem: fmt.Sprintf(
				"line %d of the checkpoint log names transaction %d after an earlier line named transaction %d: the journal was cut back (or restored from a backup) while the log was kept; start a new log after a restore", w.line, cp.Seq, w.lastSeq)}
			return
		}
		w.lastSeq = cp.Seq
		w.pending = &cp
		return
	}
}

// peek returns the smallest checkpoint not yet checked.
func (w *Witnesses) peek() (Checkpoint, bool) {
	switch {
	case w.li < len(w.list) && (w.pending == nil || w.list[w.li].Seq <= w.pending.Seq):
		return w.list[w.li], true
	case w.pending != nil:
		return *w.pending, true
	}
	return Checkpoint{}, false
}

// pop drops the checkpoint peek returned.
func (w *Witnesses) pop() {
	if w.li < len(w.list) && (w.pending == nil || w.list[w.li].Seq <= w.pending.Seq) {
		w.li++
		return
	}
	w.readLog()
}

// Checked returns how many checkpoints were confirmed.
func (w *Witnesses) Checked() int { return w.checked }

// Last returns the sequence number of the highest checkpoint confirmed (0
// for none).
func (w *Witnesses) Last() int64 { return w.last }

// Observe checks the checkpoints that name the transaction seq with hash and
// returns a failure for the first that does not fit.
func (w *Witnesses) Observe(seq int64, kind TxKind, ref, hash string) *VerifyFailure {
	if w.logError != nil {
		return w.logError
	}
	for cp, ok := w.peek(); ok && cp.Seq <= seq; cp, ok = w.peek() {
		w.pop()
		if cp.Seq < seq {
			continue // named a transaction the walk passed: cannot happen in order
		}
		if cp.Hash != hash {
			return &VerifyFailure{Seq: seq, Kind: kind, Ref: ref, Problem: fmt.Sprintf(
				"the checkpoint %s names it, but it now has the hash %s: the journal was rewritten at or before it", cp, hash)}
		}
		w.checked++
		w.last = max(w.last, seq)
		if w.logError != nil {
			return w.logError
		}
	}
	return nil
}

// End returns a failure when a checkpoint names a transaction after the last
// one, headSeq (the journal was cut back), or when the log could not be
// read to its end.
func (w *Witnesses) End(headSeq int64) *VerifyFailure {
	var last Checkpoint
	for cp, ok := w.peek(); ok; cp, ok = w.peek() {
		last = cp
		w.pop()
	}
	if w.logError != nil {
		return w.logError
	}
	if last.Seq <= headSeq {
		return nil
	}
	first := headSeq + 1
	what := fmt.Sprintf("transactions %d to %d were removed", first, last.Seq)
	if first == last.Seq {
		what = fmt.Sprintf("transaction %d was removed", first)
	}
	return &VerifyFailure{Seq: first, Problem: fmt.Sprintf(
		"the journal ends at transaction %d, but the checkpoint %s names a later one: %s (the journal was cut back)", headSeq, last, what)}
}

// IntegrityError is the error for an action refused because stored records
// no longer match the journal: the database file was changed outside
// ontschot. problems name the records, one sentence each.
func IntegrityError(action string, problems []string) error {
	const most = 5
	shown := problems
	if len(shown) > most {
		shown = shown[:most]
	}
	var more any = ""
	if n := len(problems) - len(shown); n > 0 {
		more = msg(msgAndMore, n)
	}
	return NewError(EINTEGRITY, msgIntegrity, action, strings.Join(shown, "; "), more)
}
