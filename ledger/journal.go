package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// The journal is the ledger's book of record: an append-only sequence of
// balanced transactions, each carrying the hash of its predecessor.
//
// Accounts belong to a pot. Amounts are signed: a debit is positive, a
// credit negative, and the postings of every transaction sum to zero.
//
//	bank                 the pot's money at the bank                  debit
//	contributions:<prt>  money received from a partner                credit
//	costs:unallocated    approved costs, not yet allocated to a budget debit
//	payable              approved payouts not yet paid                 credit
//	encumbrances         amounts held for requests awaiting a decision debit
//	encumbrance-reserve  the counterpart of the holds                  credit
//
// A pot's figures follow from a handful of running balances, so reading them
// never scans history:
//
//	contributed = −Σ contributions:*
//	held        = encumbrances
//	spent       = Σ costs:*
//	available   = bank + payable − encumbrances   (money not owed and not held)

// AccountKind is the kind of a pot's account.
type AccountKind string

// Account kinds.
const (
	AccountBank               AccountKind = "bank"
	AccountContributions      AccountKind = "contributions"
	AccountCostsUnallocated   AccountKind = "costs:unallocated"
	AccountPayable            AccountKind = "payable"
	AccountEncumbrances       AccountKind = "encumbrances"
	AccountEncumbranceReserve AccountKind = "encumbrance-reserve"
)

// PotAccounts are the accounts every pot has from its creation.
var PotAccounts = []AccountKind{AccountBank, AccountCostsUnallocated, AccountPayable, AccountEncumbrances, AccountEncumbranceReserve}

// AccountName names a pot's account: "pot:POT-…:bank",
// "pot:POT-…:contributions:PRT-…".
func AccountName(pot PotID, kind AccountKind, sub string) string {
	name := "pot:" + string(pot) + ":" + string(kind)
	if sub != "" {
		name += ":" + sub
	}
	return name
}

// Posting is one line of a transaction: an amount on an account, and the
// account's balance after it.
type Posting struct {
	Account      string `json:"account"`
	Amount       Cents  `json:"amount"`
	BalanceAfter Cents  `json:"balanceAfter"`
}

// TxKind says what a journal transaction records.
type TxKind string

// Transaction kinds.
const (
	TxContribution    TxKind = "contribution"
	TxPayoutHeld      TxKind = "payout_held"
	TxPayoutApproved  TxKind = "payout_approved"
	TxPayoutRejected  TxKind = "payout_rejected"
	TxPayoutReversed  TxKind = "payout_reversed"
	TxPeriodClosed    TxKind = "period_closed"
	TxPersonalErasure TxKind = "personal_data_erased"
	// Reallocation and evaluation.
	TxAllocated          TxKind = "payout_allocated"
	TxAllocationReversed TxKind = "allocation_reversed"
	TxSettled            TxKind = "receivable_settled"
	TxEvaluated          TxKind = "payout_evaluated"
	TxTaakveldenImported TxKind = "taakvelden_imported"
	// Payment.
	TxPaid TxKind = "payouts_paid"
	// The bank's answer: a file imported, and what it did to a payout.
	TxBankFileImported TxKind = "bank_file_imported"
	TxPayoutSettled    TxKind = "payout_settled"
	TxPayoutReturned   TxKind = "payout_returned"
)

// Spending reports whether transactions of the kind change a pot's
// spending on costs:unallocated: an approval books a payout's cost, a
// reversal and a bank's return take it back. Statements sum these per
// category of the payout.
func (k TxKind) Spending() bool {
	return k == TxPayoutApproved || k == TxPayoutReversed || k == TxPayoutReturned
}

// Transaction is one entry of the journal.
type Transaction struct {
	// Seq numbers transactions from 1 without gaps.
	Seq  int64  `json:"seq"`
	Kind TxKind `json:"kind"`
	// Ref is what the transaction is about: a payout, a contribution, a period.
	Ref   string `json:"ref"`
	PotID PotID  `json:"potId,omitempty"`
	// ValueDate is the booking date; nothing is booked in a closed period.
	ValueDate  Date      `json:"valueDate"`
	RecordedAt time.Time `json:"recordedAt"`
	Actor      string    `json:"actor"`
	ActorRole  Role      `json:"actorRole"`
	// Memo is system-written, non-personal detail, such as the mandate a
	// decision was made under.
	Memo string `json:"memo,omitempty"`
	// Digest commits to the business record the transaction books (the
	// weighing of a payout, a decision's note) without containing it: a
	// salted SHA-256, so personal data stay out of the chain and can be
	// erased without breaking it.
	Digest string `json:"digest,omitempty"`
	// PayeeDigest commits to the payee of the payout whose request (or
	// payee correction) the transaction books: PayeeDigest, salted with a
	// salt that is erased with the payee. Empty on every other transaction,
	// and on requests booked before coverage began.
	PayeeDigest string `json:"payeeDigest,omitempty"`
	// Reverses is the sequence number of the transaction this one corrects.
	Reverses int64     `json:"reverses,omitempty"`
	Postings []Posting `json:"postings"`
	PrevHash string    `json:"prevHash"`
	Hash     string    `json:"hash"`
}

// GenesisHash is the predecessor hash of the first transaction.
var GenesisHash = strings.Repeat("0", 64)

// TimeLayout is how the journal writes instants: UTC, microseconds, fixed
// width, so the text a hash was computed over can be reproduced exactly.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// JournalTime truncates t to what the journal records (UTC microseconds).
func JournalTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Canonical returns the exact bytes the transaction's hash is computed over.
// It is a small line format an auditor can reproduce by hand:
//
//	ontschot-journal-v1
//	seq 42
//	prev 9f86…
//	kind "payout_approved"
//	…
//	posting "pot:POT-…:costs:unallocated" 125.50 125.50
//
// Strings are Go-quoted so no value can inject a line.
func (t *Transaction) Canonical() []byte {
	b := make([]byte, 0, 512+128*len(t.Postings))
	b = append(b, "ontschot-journal-v1\n"...)
	b = appendLine(b, "seq", strconv.FormatInt(t.Seq, 10))
	b = appendLine(b, "prev", t.PrevHash)
	b = appendLine(b, "kind", strconv.Quote(string(t.Kind)))
	b = appendLine(b, "ref", strconv.Quote(t.Ref))
	b = appendLine(b, "pot", strconv.Quote(string(t.PotID)))
	b = appendLine(b, "valueDate", t.ValueDate.String())
	b = appendLine(b, "recordedAt", t.RecordedAt.UTC().Format(TimeLayout))
	b = appendLine(b, "actor", strconv.Quote(t.Actor))
	b = appendLine(b, "actorRole", strconv.Quote(string(t.ActorRole)))
	b = appendLine(b, "memo", strconv.Quote(t.Memo))
	b = appendLine(b, "digest", t.Digest)
	if t.PayeeDigest != "" {
		// Only transactions that commit to a payee have this line, so the
		// transactions written before it existed keep their hashes.
		b = appendLine(b, "payee", t.PayeeDigest)
	}
	b = appendLine(b, "reverses", strconv.FormatInt(t.Reverses, 10))
	for _, p := range t.Postings {
		b = appendLine(b, "posting", strconv.Quote(p.Account)+" "+p.Amount.String()+" "+p.BalanceAfter.String())
	}
	return b
}

func appendLine(b []byte, key, value string) []byte {
	b = append(b, key...)
	b = append(b, ' ')
	b = append(b, value...)
	return append(b, '\n')
}

// ComputeHash returns the hex SHA-256 of the canonical form.
func (t *Transaction) ComputeHash() string {
	sum := sha256.Sum256(t.Canonical())
	return hex.EncodeToString(sum[:])
}

// Sum returns the sum of the postings; zero for a balanced transaction.
func (t *Transaction) Sum() Cents {
	var s Cents
	for _, p := range t.Postings {
		s += p.Amount
	}
	return s
}

// Digest returns the hex SHA-256 of the salt and the fields, each length
// prefixed so that no two field lists share an encoding.
func Digest(salt []byte, fields ...string) string {
	h := sha256.New()
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(salt)))
	h.Write(n[:])
	h.Write(salt)
	for _, f := range fields {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// RequestDigest commits to a payout's request: the pot, amount, case
// reference, category, urgency, requester and the whole weighing. The payee
// is left out on purpose: it is erased after the retention period, and a
// digest of a name and an IBAN could be confirmed by guessing.
func RequestDigest(salt []byte, p *Payout) string {
	j := &p.Justification
	fields := []string{"request", string(p.ID), string(p.PotID), p.Amount.String(), p.CaseRef, p.Category,
		string(p.Urgency), p.RequestedBy, string(p.RequestedRole),
		j.Situation, strconv.Itoa(j.Severity), j.ResidentInvolvement, j.ExpectedReturn,
		strings.Join(j.DeviatesFrom, "\x1f"), j.RegularRouteTried, j.StuckSince.String()}
	// The resident's age and who is paid came later: they join the digest
	// only when they differ from what every earlier request implied, so the
	// digests of requests booked before them still verify.
	if p.ResidentUnder18 || (p.PaidTo != "" && p.PaidTo != PaidToProvider) || !p.SpendingBound {
		fields = append(fields, strconv.FormatBool(p.ResidentUnder18), string(p.PaidTo), strconv.FormatBool(p.SpendingBound))
	}
	return Digest(salt, fields...)
}

// DecisionDigest commits to a decision on a payout and its note.
func DecisionDigest(salt []byte, id PayoutID, d *PayoutDecision) string {
	return Digest(salt, "decision", string(id), string(d.Outcome), d.By, string(d.Role), d.Note)
}

// ReversalDigest commits to a reversal of a payout and its reason.
func ReversalDigest(salt []byte, id PayoutID, r *PayoutReversal) string {
	return Digest(salt, "reversal", string(id), r.By, string(r.Role), r.Reason)
}

// ContributionDigest commits to a contribution's record.
func ContributionDigest(c *Contribution) string {
	return Digest(nil, "contribution", string(c.ID), string(c.PotID), string(c.PartnerID), c.Amount.String(), c.ValueDate.String(), c.Reference)
}

// Postings for each kind of money movement. Amounts are positive; the
// builders give them their signs. BalanceAfter is filled in by the store.

// ContributionPostings: money arrives from a partner.
func ContributionPostings(pot PotID, partner PartnerID, amount Cents) []Posting {
	return []Posting{
		{Account: AccountName(pot, AccountBank, ""), Amount: amount},
		{Account: AccountName(pot, AccountContributions, string(partner)), Amount: -amount},
	}
}

// HoldPostings: a request above the requester's mandate holds its amount.
func HoldPostings(pot PotID, amount Cents) []Posting {
	return []Posting{
		{Account: AccountName(pot, AccountEncumbrances, ""), Amount: amount},
		{Account: AccountName(pot, AccountEncumbranceReserve, ""), Amount: -amount},
	}
}

// ReleasePostings: a rejection releases the hold.
func ReleasePostings(pot PotID, amount Cents) []Posting {
	return []Posting{
		{Account: AccountName(pot, AccountEncumbrances, ""), Amount: -amount},
		{Account: AccountName(pot, AccountEncumbranceReserve, ""), Amount: amount},
	}
}

// ApprovalPostings: an approved payout is a cost, owed to the payee. An
// approval of a held request also releases the hold.
func ApprovalPostings(pot PotID, amount Cents, held bool) []Posting {
	ps := []Posting{
		{Account: AccountName(pot, AccountCostsUnallocated, ""), Amount: amount},
		{Account: AccountName(pot, AccountPayable, ""), Amount: -amount},
	}
	if held {
		ps = append(ps, ReleasePostings(pot, amount)...)
	}
	return ps
}

// ReversalPostings: reversing an approved, unpaid payout cancels the cost and
// the debt to the payee.
func ReversalPostings(pot PotID, amount Cents) []Posting {
	return []Posting{
		{Account: AccountName(pot, AccountPayable, ""), Amount: amount},
		{Account: AccountName(pot, AccountCostsUnallocated, ""), Amount: -amount},
	}
}

// ReturnPostings: money the bank returned (or never paid out: a rejected
// transfer) is the pot's again, at the bank, and the payout's cost is no
// cost any more. The payout's allocation, if any, is withdrawn first, so
// its cost is on costs:unallocated.
func ReturnPostings(pot PotID, amount Cents) []Posting {
	return []Posting{
		{Account: AccountName(pot, AccountBank, ""), Amount: amount},
		{Account: AccountName(pot, AccountCostsUnallocated, ""), Amount: -amount},
	}
}

// Balance is a pot's money at one moment.
type Balance struct {
	PotID PotID `json:"potId"`
	// Contributed is what partners have put in.
	Contributed Cents `json:"contributed"`
	// Available is what can be spent now: not owed, not held.
	Available Cents `json:"available"`
	// Held is reserved for requests waiting for a decision.
	Held Cents `json:"held"`
	// Spent is the cost of approved payouts that were not reversed.
	Spent Cents `json:"spent"`
	// Unpaid is approved money not yet sent to the bank.
	Unpaid Cents `json:"unpaid"`
	// Unallocated is the part of Spent that finance has not yet allocated
	// to a legal budget, a party or maatwerk proper.
	Unallocated Cents `json:"unallocated"`
	// Recovered is what legal budgets and parties put back into the pot.
	Recovered Cents `json:"recovered"`
	// Receivable is what outside parties still owe.
	Receivable Cents `json:"receivable"`
}

// AccountBalance is an account's running balance.
type AccountBalance struct {
	Name    string `json:"name"`
	Balance Cents  `json:"balance"`
}

// BalanceOf computes a pot's figures from the running balances of its
// accounts (accounts of other pots are ignored).
func BalanceOf(pot PotID, accounts []AccountBalance) Balance {
	b := Balance{PotID: pot}
	var bank, payable, enc Cents
	for _, ab := range accounts {
		a, err := ParseAccount(ab.Name)
		if err != nil || a.Pot != pot {
			continue
		}
		switch a.Kind {
		case AccountBank:
			bank += ab.Balance
		case AccountPayable:
			payable += ab.Balance
		case AccountEncumbrances:
			enc += ab.Balance
		case AccountCostsUnallocated:
			b.Unallocated += ab.Balance
			b.Spent += ab.Balance
		case AccountRecoveries:
			b.Recovered -= ab.Balance
		case AccountReceivables:
			b.Receivable += ab.Balance
		case AccountContributions:
			b.Contributed -= ab.Balance
		case AccountCosts:
			b.Spent += ab.Balance
		}
	}
	b.Held = enc
	b.Unpaid = -payable
	b.Available = bank + payable - enc
	return b
}

// CheckAvailable returns an EINSUFFICIENT error unless the pot can pay amount
// from available without going below its overdraft limit. The error says how
// much is available.
func (p *Pot) CheckAvailable(b Balance, amount Cents) error {
	if b.Available-amount >= -p.OverdraftLimit {
		return nil
	}
	if p.OverdraftLimit > 0 {
		return NewError(EINSUFFICIENT, msgInsufficientOverdraft, Quoted(p.Name), b.Available, p.OverdraftLimit, amount, amount-b.Available-p.OverdraftLimit)
	}
	return NewError(EINSUFFICIENT, msgInsufficient, Quoted(p.Name), b.Available, amount, amount-b.Available)
}

// Verification is the outcome of recomputing the journal.
type Verification struct {
	OK           bool   `json:"ok"`
	Transactions int64  `json:"transactions"`
	Postings     int64  `json:"postings"`
	Accounts     int    `json:"accounts"`
	HeadSeq      int64  `json:"headSeq"`
	HeadHash     string `json:"headHash"`
	// Erased counts records whose personal data were erased, so their
	// digests could not be recomputed; the chain still verifies.
	Erased int64 `json:"erased"`
	// PreCoverage counts payouts requested before coverage began (see
	// TxCoverageBegan), whose payees the journal does not commit to.
	PreCoverage int64 `json:"preCoverage,omitempty"`
	// Checkpoint is the head as a checkpoint (SEQ:HASH), to write down or
	// give to someone outside: a later verification that still finds it
	// proves nothing up to it changed.
	Checkpoint Checkpoint `json:"checkpoint"`
	// Witnesses counts the checkpoints given to the verification that the
	// journal still holds.
	Witnesses int `json:"witnessesChecked"`
	// Unwitnessed counts the transactions after the highest checkpoint
	// given, when checkpoints were given. The chain shows they were not
	// changed, not who wrote them: anyone who can write the file can append
	// correctly chained transactions. Transactions after the last line of a
	// server's checkpoint log, once that server has stopped, were not
	// written by it.
	Unwitnessed int64 `json:"unwitnessed,omitempty"`
	// Failure names the first transaction that does not fit, when !OK.
	Failure *VerifyFailure `json:"failure,omitempty"`
	// VerifiedAt is when the verification started, FinishedAt when it
	// ended.
	VerifiedAt time.Time `json:"verifiedAt"`
	FinishedAt time.Time `json:"finishedAt"`
	// Full says the whole journal was verified. Otherwise the verification
	// continued from the checkpoint at FromSeq that an earlier one
	// recorded (VerifiedCheckpoint), at FromVerifiedAt: Transactions and
	// Postings count what it verified after FromSeq.
	Full           bool       `json:"full"`
	FromSeq        int64      `json:"fromSeq"`
	FromVerifiedAt *time.Time `json:"fromVerifiedAt,omitempty"`
	// Recorded says the head reached is now the checkpoint the next
	// incremental verification continues from (VerifyOptions.Record).
	Recorded bool `json:"recorded"`
}

// VerifyFailure names a transaction that does not fit and why.
type VerifyFailure struct {
	Seq     int64  `json:"seq"`
	Kind    TxKind `json:"kind,omitempty"`
	Ref     string `json:"ref,omitempty"`
	Problem string `json:"problem"`
}

// Error describes the failure in one sentence.
func (f *VerifyFailure) Error() string {
	if f.Seq == 0 {
		return f.Problem
	}
	if f.Kind == "" && f.Ref == "" {
		return "journal transaction " + strconv.FormatInt(f.Seq, 10) + ": " + f.Problem
	}
	return "journal transaction " + strconv.FormatInt(f.Seq, 10) + " (" + string(f.Kind) + " " + f.Ref + ") does not fit: " + f.Problem
}
