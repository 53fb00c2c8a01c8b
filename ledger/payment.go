package ledger

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var bicPattern = regexp.MustCompile(`^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$`)

// DebtorAccount is the bank account a pot pays from, as a SEPA payment file
// names it: the account holder (the municipality), its IBAN and BIC, and the
// structured address pain.001.001.09 asks for (town and country at least).
type DebtorAccount struct {
	// Name is the account holder as written, diacritics and all; the
	// payment file writes it in the SEPA character set (SEPAText).
	Name    string `json:"name"`
	IBAN    IBAN   `json:"iban"`
	BIC     string `json:"bic"`
	Town    string `json:"town"`
	Country string `json:"country"`
}

// Validate checks and normalises the account.
func (d *DebtorAccount) Validate() error {
	var fe fieldErrors
	// Names are checked before their spaces are tidied, so a line break or
	// tab is refused rather than quietly turned into a space.
	fe.checkName("name", strings.TrimSpace(d.Name), 1, 70)
	fe.checkName("town", strings.TrimSpace(d.Town), 1, 35)
	d.Name = strings.Join(strings.Fields(d.Name), " ")
	d.Town = strings.Join(strings.Fields(d.Town), " ")
	d.BIC = strings.ToUpper(strings.TrimSpace(d.BIC))
	d.Country = strings.ToUpper(strings.TrimSpace(d.Country))
	// The name is kept as written (Gemeente Súdwest-Fryslân is the
	// municipality's official name); the payment file takes it into the
	// SEPA character set as it does payees' names (SEPAText), so all it
	// needs is letters the bank can match.
	fe.checkSEPAName("name", d.Name, msgLatinName)
	iban, err := ParseIBAN(string(d.IBAN))
	fe.addErr("iban", err)
	d.IBAN = iban
	if !bicPattern.MatchString(d.BIC) {
		fe.add("bic", msgNotABIC, Quoted(d.BIC))
	}
	fe.checkSEPAName("town", d.Town, msgLatinTown)
	if len(d.Country) != 2 || d.Country[0] < 'A' || d.Country[0] > 'Z' || d.Country[1] < 'A' || d.Country[1] > 'Z' {
		fe.add("country", msgNotACountry, Quoted(d.Country))
	}
	return fe.err(nounDebtorAccount)
}

// sepaText reports whether s uses only the SEPA Latin character set that
// every bank accepts.
func sepaText(s string) bool {
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.ContainsRune("/-?:().,'+ ", c):
		default:
			return false
		}
	}
	return true
}

// SEPAText brings text into the SEPA Latin character set that every bank
// accepts: accents are taken off (é, ö, ł, ø become e, o, l, o), ligatures
// and compatibility letters are written out (ß ss, æ ae, Ǆ DŽ, ﬁ fi), &
// becomes +, and anything else a space: "Café Ölçer & Zn" becomes "Cafe
// Olcer + Zn".
func SEPAText(s string) string {
	var b strings.Builder
	for _, c := range norm.NFKD.String(s) {
		switch {
		case sepaText(string(c)):
			b.WriteRune(c)
		case unicode.Is(unicode.Mn, c):
			// a combining accent, taken off its letter
		default:
			if r, ok := plainLetter[c]; ok {
				b.WriteString(r)
			} else {
				b.WriteByte(' ')
			}
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// plainLetter writes the letters that have no accent to take off.
var plainLetter = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "AE", 'ø': "o", 'Ø': "O", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D",
	'þ': "th", 'Þ': "Th", 'ı': "i", 'ĳ': "ij", 'Ĳ': "IJ", 'œ': "oe", 'Œ': "OE", 'ħ': "h", 'Ħ': "H",
	'&': "+", '"': "'", '’': "'", '‘': "'", '“': "'", '”': "'", '–': "-", '—': "-", '_': "-", '#': " ", '@': " ",
}

// SEPANameOK reports whether a payee's name survives the SEPA character
// set whole: every letter of it has a Latin form (an accented letter, a
// ligature), none would be dropped from the payment file, and there are at
// least two, so the bank can match it to the account. "Ωmega" is refused:
// the file would say "mega".
func SEPANameOK(name string) bool {
	letters, latin := sepaLetters(name)
	return latin && letters >= minSEPALetters
}

// minSEPALetters is how many letters a name in a payment file needs at
// least, so the bank can match it to the account holder.
const minSEPALetters = 2

// checkSEPAName adds field's fault when name does not survive the SEPA
// character set (SEPANameOK), saying which: a letter of another script
// (notLatin, the field's own advice) or fewer letters than
// minSEPALetters, which is not a matter of script ("X" is a Latin letter).
// An empty name is checkName's to refuse.
func (fe *fieldErrors) checkSEPAName(field, name string, notLatin MsgCode) {
	if name == "" {
		return
	}
	letters, latin := sepaLetters(name)
	switch {
	case !latin:
		fe.add(field, notLatin)
	case letters < minSEPALetters:
		fe.add(field, msgFewLetters, minSEPALetters)
	}
}

// sepaLetters counts the letters of name the SEPA character set carries
// (a ligature counts as the letters it is written as), and reports whether
// every letter has a Latin form.
func sepaLetters(name string) (letters int, latin bool) {
	for _, c := range norm.NFKD.String(name) {
		switch {
		case sepaText(string(c)):
			if unicode.IsLetter(c) {
				letters++
			}
		case unicode.Is(unicode.Mn, c):
		default:
			if r, ok := plainLetter[c]; ok {
				letters += len(r)
			} else if unicode.IsLetter(c) {
				return letters, false // a letter the payment file cannot carry
			}
		}
	}
	return letters, true
}

// PaymentBatchID identifies a payment batch ("BAT-…").
type PaymentBatchID string

// PaymentBatchPrefix is the ID prefix of payment batches.
const PaymentBatchPrefix = "BAT"

// MaxExecutionDays is how far ahead a payment run's execution date may lie,
// in days: a year. A date further ahead is most likely a mistake in the
// year, and would keep approved money from the resident for that long.
const MaxExecutionDays = 365

// NewPaymentBatch asks for a payment file of the approved, unpaid payouts:
// of one pot, or of every pot with a debtor account.
type NewPaymentBatch struct {
	PotID PotID
	// ExecutionDate is the day the bank is to pay; default the booking
	// date. It may not be in the past, nor more than MaxExecutionDays
	// ahead.
	ExecutionDate Date
	// DryRun books nothing: the answer is the batch a run would make
	// now, for finance to see before it confirms (the pages' preview).
	// (DryRun and Plan are left out of the JSON that releases before the
	// canonical fingerprints fingerprinted when they are not set.)
	DryRun bool `json:",omitempty"`
	// Plan, when not "", is the PlanDigest of the preview finance
	// confirmed: the run pays exactly that or refuses (ECONFLICT), so
	// nothing approved, reversed or paid since is paid unseen.
	Plan           string `json:",omitempty"`
	IdempotencyKey string
}

// PlanDigest identifies what a batch pays: its execution date and, per
// pot, the debtor account and every payout with its amount and urgency (an
// urgent payout goes as an instant payment), as a hex SHA-256. A dry run
// and the run that follows it have the same PlanDigest exactly when they
// pay the same, from the same accounts, on the same day.
func (b *PaymentBatch) PlanDigest() string {
	fields := []string{"payment-plan", b.ExecutionDate.String()}
	for _, g := range b.Groups {
		fields = append(fields, "pot", string(g.PotID), string(g.Debtor.IBAN), g.Debtor.BIC)
		for _, it := range b.Items {
			if it.PotID == g.PotID {
				fields = append(fields, string(it.PayoutID), it.Amount.String(), string(it.Urgency))
			}
		}
	}
	return Digest(nil, fields...)
}

// isDigest reports whether s has the shape of a Digest: 64 lower-case
// hexadecimal digits.
func isDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Instant counts the batch's urgent payouts of the pot ("" for every pot)
// and sums them: the transfers that go as instant payments.
func (b *PaymentBatch) Instant(pot PotID) (payouts int, amount Cents) {
	for _, it := range b.Items {
		if it.Urgency == UrgencyUrgent && (pot == "" || it.PotID == pot) {
			payouts++
			amount += it.Amount
		}
	}
	return payouts, amount
}

// PaymentItem is one credit transfer of a batch.
type PaymentItem struct {
	PayoutID PayoutID `json:"payoutId"`
	PotID    PotID    `json:"potId"`
	Amount   Cents    `json:"amount"`
	Urgency  Urgency  `json:"urgency"`
	// Payee is the creditor; Erased once its data were erased after the
	// retention period (the file can then no longer be made again).
	Payee Payee `json:"payee"`
}

// PaymentGroup is the part of a batch one pot pays: its debtor account and
// the journal transaction that booked the payment.
type PaymentGroup struct {
	PotID      PotID         `json:"potId"`
	PotName    string        `json:"potName"`
	Debtor     DebtorAccount `json:"debtor"`
	Payouts    int           `json:"payouts"`
	Amount     Cents         `json:"amount"`
	JournalSeq int64         `json:"journalSeq"`
}

// PaymentBatch is a payment file: which payouts it pays, from which
// accounts, and when. Its file is made from this record, so asking for it
// again gives the same bytes.
type PaymentBatch struct {
	ID            PaymentBatchID `json:"id"`
	CreatedAt     time.Time      `json:"createdAt"`
	CreatedBy     string         `json:"createdBy"`
	ExecutionDate Date           `json:"executionDate"`
	Payouts       int            `json:"payouts"`
	Amount        Cents          `json:"amount"`
	Groups        []PaymentGroup `json:"groups"`
	// Items are the transfers, by pot, urgent ones first, then by payout id.
	Items []PaymentItem `json:"items,omitempty"`
	// SkippedPots are pots with approved, unpaid payouts but no debtor
	// account: configure one to pay them.
	SkippedPots []PotID `json:"skippedPots,omitempty"`
	// Checkpoint is the journal's transaction that booked the batch's last
	// payment, as SEQ:HASH: the payment file states it, so the bank's copy
	// witnesses the journal up to there.
	Checkpoint Checkpoint `json:"checkpoint"`
	// Remittance is the wording of the file's remittance information, the
	// text each payee sees (RemittanceV1, RemittanceV2): kept with the
	// batch, so that its file made again is the file the bank was sent,
	// whichever wording the release that makes it writes for new batches.
	Remittance int `json:"remittance"`
}

// PaymentBlock is a payment information block of a batch's payment file
// (ISO 20022 pain.001 PmtInf): a run of the batch's items of one pot and
// one urgency, in the order of Items. Its ID is the file's PmtInfId, which
// the bank's answer names (a statement's batch booking, a status report's
// block): the batch's id and the block's number from 1.
type PaymentBlock struct {
	ID    string
	PotID PotID
	// Instant is set for the urgent payouts' block: each booked one by one
	// as an instant transfer, the others booked as one debit (BtchBookg).
	Instant bool
	Items   []PaymentItem
	Amount  Cents
}

// Blocks splits the batch's items into the payment file's blocks: a new
// block wherever the pot or the urgency changes (Items are sorted by pot,
// urgent first). reports.Pain001 writes the blocks as they are; the import
// of the bank's answer finds a block by its ID.
func (b *PaymentBatch) Blocks() []PaymentBlock {
	var out []PaymentBlock
	for _, it := range b.Items {
		instant := it.Urgency == UrgencyUrgent
		if n := len(out); n == 0 || out[n-1].PotID != it.PotID || out[n-1].Instant != instant {
			out = append(out, PaymentBlock{ID: string(b.ID) + "-" + strconv.Itoa(len(out)+1), PotID: it.PotID, Instant: instant})
		}
		blk := &out[len(out)-1]
		blk.Items = append(blk.Items, it)
		blk.Amount += it.Amount
	}
	return out
}

// The wordings of a payment file's remittance information
// (PaymentBatch.Remittance; reports.Pain001 writes them).
const (
	// RemittanceV1 is "Maatwerk", the pot's name and the payout's id: the
	// wording of the batches made before RemittanceV2, which doubled the
	// word for a pot named "Maatwerkbudget …".
	RemittanceV1 = 1
	// RemittanceV2 is the pot's name, with "Maatwerk" before it only when
	// the name does not say maatwerk itself, and the payout's id.
	RemittanceV2 = 2
	// RemittanceCurrent is the wording of the batches made now.
	RemittanceCurrent = RemittanceV2
)

// PaymentPostings: approved payouts leave the bank.
func PaymentPostings(pot PotID, amount Cents) []Posting {
	return []Posting{
		{Account: AccountName(pot, AccountPayable, ""), Amount: amount},
		{Account: AccountName(pot, AccountBank, ""), Amount: -amount},
	}
}

// PostingQuery selects journal postings by pot ("" for every pot) and by
// the value dates of their transactions, both inclusive (zero: unbounded).
type PostingQuery struct {
	PotID    PotID
	From, To Date
	// MaxSeq limits the postings to transactions up to it (0: all), so
	// figures match a journal head read before.
	MaxSeq int64
}

// PostingTotal is the sum of postings on one account, of one kind of
// transaction, in one month of value dates; for payout transactions also
// per category of the payout.
type PostingTotal struct {
	Account string
	Kind    TxKind
	// Month is YYYY-MM of the value dates.
	Month string
	// Category is the payout's category for the kinds that change
	// spending (TxKind.Spending), "" otherwise.
	Category string
	Amount   Cents
	// Count is the number of postings summed.
	Count int
}
