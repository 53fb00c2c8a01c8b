package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// What idempotency keeps of a keyed request: the request's fingerprint, to
// know a retry from a key reused for something else, and the answer, to
// give a retry what the first attempt answered. Both are written in the
// canonical form (canonical.go), field by field with names fixed here, so
// neither changes when a Go field or a JSON tag is renamed.
//
// Ledgers from before the canonical form keep what they stored: a
// fingerprint of 32 bytes is the SHA-256 of the request's JSON
// (legacyFingerprint), and an answer that is not a canonical form is JSON.
// Both are still read, so a retry across an upgrade is still recognised.

// fingerprintV2 opens a stored fingerprint of the canonical form; the
// SHA-256 of the form follows. (Version 1, the SHA-256 of JSON, had no
// marker: it is told apart by its length.)
const fingerprintV2 = 0x02

// fingerprint identifies a request by its content.
type fingerprint struct {
	op  string
	sum []byte
	// legacy is the request as releases before the canonical form hashed
	// it, to compare with a fingerprint they stored.
	legacy any
}

// newFingerprint returns the fingerprint of an operation's request: write
// puts its fields into the canonical form; legacy is the value earlier
// releases fingerprinted as JSON.
func newFingerprint(op string, legacy any, write func(c *canonWriter)) fingerprint {
	c := newCanon("request", op, 1)
	write(c)
	sum := sha256.Sum256(c.b)
	return fingerprint{op: op, sum: append([]byte{fingerprintV2}, sum[:]...), legacy: legacy}
}

// matches reports whether a stored fingerprint is of the same request.
func (f fingerprint) matches(stored []byte) bool {
	if len(stored) == sha256.Size {
		return bytes.Equal(stored, legacyFingerprint(f.op, f.legacy))
	}
	return bytes.Equal(stored, f.sum)
}

// legacyFingerprint is the fingerprint releases before the canonical form
// stored: the SHA-256 of the operation, a zero byte and the request's JSON.
func legacyFingerprint(op string, req any) []byte {
	b, err := json.Marshal(req)
	if err != nil {
		panic(err) // request types are plain data
	}
	h := sha256.New()
	h.Write([]byte(op))
	h.Write([]byte{0})
	h.Write(b)
	return h.Sum(nil)
}

// answerForm is how one type of answer is kept: its name in the canonical
// form and its fields, written and read in the same order. read gets the
// version the answer was written in, so a form can grow a version and keep
// reading the old one.
type answerForm[T any] struct {
	typ string
	// version is the version write writes; 0 is 1.
	version int
	write   func(c *canonWriter, v *T)
	read    func(r *canonReader, version int) T
}

// current is the version write writes.
func (f answerForm[T]) current() int { return max(1, f.version) }

// encode returns the canonical form of an answer.
func (f answerForm[T]) encode(v *T) string {
	c := newCanon("answer", f.typ, f.current())
	f.write(c, v)
	return string(c.b)
}

// decode reads a stored answer: its canonical form, or the JSON of an
// answer stored before the canonical form.
func (f answerForm[T]) decode(stored string) (T, error) {
	var v T
	if !strings.HasPrefix(stored, "ontschot-answer-v") {
		err := json.Unmarshal([]byte(stored), &v)
		return v, err
	}
	r, version, err := readCanon(stored, "answer", f.typ)
	if err != nil {
		return v, err
	}
	if version < 1 || version > f.current() {
		return v, fmt.Errorf("answer form %s version %d is newer than this release reads", f.typ, version)
	}
	v = f.read(r, version)
	return v, r.end()
}

// The fields of the parts that several forms share.

func writeLadder(c *canonWriter, name string, ladder []MandateLevel) {
	c.int(name, int64(len(ladder)))
	for _, l := range ladder {
		c.str(name+".role", string(l.Role))
		c.cents(name+".limit", l.Limit)
		c.bool(name+".unlimited", l.Unlimited)
	}
}

func readLadder(r *canonReader, name string) []MandateLevel {
	n := r.count(name)
	var ladder []MandateLevel
	for range n {
		ladder = append(ladder, MandateLevel{Role: Role(r.str(name + ".role")), Limit: r.cents(name + ".limit"), Unlimited: r.bool(name + ".unlimited")})
	}
	return ladder
}

func writeDebtorAccount(c *canonWriter, a *DebtorAccount) {
	c.bool("debtorAccount", a != nil)
	if a == nil {
		return
	}
	c.str("debtorAccount.name", a.Name)
	c.str("debtorAccount.iban", string(a.IBAN))
	c.str("debtorAccount.bic", a.BIC)
	c.str("debtorAccount.town", a.Town)
	c.str("debtorAccount.country", a.Country)
}

func readDebtorAccount(r *canonReader) *DebtorAccount {
	if !r.bool("debtorAccount") {
		return nil
	}
	return &DebtorAccount{Name: r.str("debtorAccount.name"), IBAN: IBAN(r.str("debtorAccount.iban")), BIC: r.str("debtorAccount.bic"),
		Town: r.str("debtorAccount.town"), Country: r.str("debtorAccount.country")}
}

// The answers kept, one form per type.

var partnerAnswer = answerForm[Partner]{
	typ: "partner",
	write: func(c *canonWriter, p *Partner) {
		c.str("id", string(p.ID))
		c.str("name", p.Name)
		c.str("kind", string(p.Kind))
		c.time("createdAt", p.CreatedAt)
	},
	read: func(r *canonReader, _ int) Partner {
		return Partner{ID: PartnerID(r.str("id")), Name: r.str("name"), Kind: PartnerKind(r.str("kind")), CreatedAt: r.time("createdAt")}
	},
}

var partyAnswer = answerForm[Party]{
	typ: "party",
	write: func(c *canonWriter, p *Party) {
		c.str("id", string(p.ID))
		c.str("name", p.Name)
		c.str("kind", string(p.Kind))
		c.time("createdAt", p.CreatedAt)
	},
	read: func(r *canonReader, _ int) Party {
		return Party{ID: PartyID(r.str("id")), Name: r.str("name"), Kind: PartyKind(r.str("kind")), CreatedAt: r.time("createdAt")}
	},
}

// potAnswer's version 2 added the escalation; version 1 reads as the
// defaults, the only escalation pots had then.
var potAnswer = answerForm[Pot]{
	typ:     "pot",
	version: 2,
	write: func(c *canonWriter, p *Pot) {
		c.str("id", string(p.ID))
		c.str("name", p.Name)
		c.int("year", int64(p.Year))
		c.str("recoveryPolicy", string(p.RecoveryPolicy))
		c.int("regretThreshold", int64(p.RegretThreshold))
		c.cents("overdraftLimit", p.OverdraftLimit)
		writeLadder(c, "mandates", p.Mandates)
		c.time("createdAt", p.CreatedAt)
		writeDebtorAccount(c, p.DebtorAccount)
		c.int("remindAfter", int64(p.RemindAfter))
		c.int("escalateAfter", int64(p.EscalateAfter))
	},
	read: func(r *canonReader, version int) Pot {
		p := Pot{ID: PotID(r.str("id")), Name: r.str("name"), Year: int(r.int("year")), RecoveryPolicy: RecoveryPolicy(r.str("recoveryPolicy")),
			RegretThreshold: Ratio(r.int("regretThreshold")), OverdraftLimit: r.cents("overdraftLimit"), Mandates: readLadder(r, "mandates"),
			CreatedAt: r.time("createdAt"), DebtorAccount: readDebtorAccount(r)}
		if version >= 2 {
			p.Escalation = Escalation{RemindAfter: int(r.int("remindAfter")), EscalateAfter: int(r.int("escalateAfter"))}
		}
		p.Escalation = p.Escalation.orDefault()
		return p
	},
}

var closedPeriodAnswer = answerForm[ClosedPeriod]{
	typ: "closed-period",
	write: func(c *canonWriter, p *ClosedPeriod) {
		c.date("start", p.Start)
		c.date("end", p.End)
		c.str("label", p.Label)
		c.str("closedBy", p.ClosedBy)
		c.time("closedAt", p.ClosedAt)
		c.int("journalSeq", p.JournalSeq)
	},
	read: func(r *canonReader, _ int) ClosedPeriod {
		return ClosedPeriod{Period: Period{Start: r.date("start"), End: r.date("end"), Label: r.str("label")},
			ClosedBy: r.str("closedBy"), ClosedAt: r.time("closedAt"), JournalSeq: r.int("journalSeq")}
	},
}

var fundingAnswer = answerForm[Funding]{
	typ: "funding",
	write: func(c *canonWriter, f *Funding) {
		c.str("potId", string(f.PotID))
		c.str("partnerId", string(f.PartnerID))
		c.str("partnerName", f.PartnerName)
		c.str("partnerKind", string(f.PartnerKind))
		c.cents("pledged", f.Pledged)
		c.cents("received", f.Received)
	},
	read: func(r *canonReader, _ int) Funding {
		return Funding{PotID: PotID(r.str("potId")), PartnerID: PartnerID(r.str("partnerId")), PartnerName: r.str("partnerName"),
			PartnerKind: PartnerKind(r.str("partnerKind")), Pledged: r.cents("pledged"), Received: r.cents("received")}
	},
}

var contributionAnswer = answerForm[Contribution]{
	typ: "contribution",
	write: func(c *canonWriter, v *Contribution) {
		c.str("id", string(v.ID))
		c.str("potId", string(v.PotID))
		c.str("partnerId", string(v.PartnerID))
		c.cents("amount", v.Amount)
		c.date("valueDate", v.ValueDate)
		c.str("reference", v.Reference)
		c.str("recordedBy", v.RecordedBy)
		c.time("recordedAt", v.RecordedAt)
		c.int("journalSeq", v.JournalSeq)
	},
	read: func(r *canonReader, _ int) Contribution {
		return Contribution{ID: ContributionID(r.str("id")), PotID: PotID(r.str("potId")), PartnerID: PartnerID(r.str("partnerId")),
			Amount: r.cents("amount"), ValueDate: r.date("valueDate"), Reference: r.str("reference"), RecordedBy: r.str("recordedBy"),
			RecordedAt: r.time("recordedAt"), JournalSeq: r.int("journalSeq")}
	},
}

var paymentBatchAnswer = answerForm[PaymentBatchID]{
	typ:   "payment-batch",
	write: func(c *canonWriter, id *PaymentBatchID) { c.str("id", string(*id)) },
	read:  func(r *canonReader, _ int) PaymentBatchID { return PaymentBatchID(r.str("id")) },
}

var tokenAnswer = answerForm[Token]{
	typ: "token",
	write: func(c *canonWriter, t *Token) {
		c.str("id", string(t.ID))
		c.str("user", t.User)
		c.str("role", string(t.Role))
		c.str("partnerId", string(t.Partner))
		c.str("createdBy", t.CreatedBy)
		c.time("createdAt", t.CreatedAt)
		c.bool("revoked", t.RevokedAt != nil)
		if t.RevokedAt != nil {
			c.time("revokedAt", *t.RevokedAt)
		}
	},
	read: func(r *canonReader, _ int) Token {
		t := Token{ID: TokenID(r.str("id")), User: r.str("user"), Role: Role(r.str("role")), Partner: PartnerID(r.str("partnerId")),
			CreatedBy: r.str("createdBy"), CreatedAt: r.time("createdAt")}
		if r.bool("revoked") {
			at := r.time("revokedAt")
			t.RevokedAt = &at
		}
		return t
	},
}

var signalUptakeAnswer = answerForm[SignalUptake]{
	typ: "signal-uptake",
	write: func(c *canonWriter, u *SignalUptake) {
		c.str("signalId", u.SignalID)
		c.str("note", u.Note)
		c.str("by", u.By)
		c.str("role", string(u.Role))
		c.time("at", u.At)
	},
	read: func(r *canonReader, _ int) SignalUptake {
		return SignalUptake{SignalID: r.str("signalId"), Note: r.str("note"), By: r.str("by"), Role: Role(r.str("role")), At: r.time("at")}
	},
}

var receivableAnswer = answerForm[Receivable]{
	typ: "receivable",
	write: func(c *canonWriter, v *Receivable) {
		c.str("id", string(v.ID))
		c.str("potId", string(v.PotID))
		c.str("payoutId", string(v.PayoutID))
		c.str("partyId", string(v.PartyID))
		c.str("party", v.PartyName)
		c.cents("amount", v.Amount)
		c.cents("settled", v.Settled)
		c.cents("open", v.Open)
		c.str("status", string(v.Status))
		c.time("createdAt", v.CreatedAt)
		c.int("allocationVersion", int64(v.AllocationVersion))
		c.int("settlements", int64(len(v.Settlements)))
		for _, s := range v.Settlements {
			c.str("settlement.receivableId", string(s.ReceivableID))
			c.cents("settlement.amount", s.Amount)
			c.date("settlement.valueDate", s.ValueDate)
			c.str("settlement.reference", s.Reference)
			c.str("settlement.by", s.By)
			c.time("settlement.at", s.At)
			c.int("settlement.journalSeq", s.JournalSeq)
		}
	},
	read: func(r *canonReader, _ int) Receivable {
		v := Receivable{ID: ReceivableID(r.str("id")), PotID: PotID(r.str("potId")), PayoutID: PayoutID(r.str("payoutId")),
			PartyID: PartyID(r.str("partyId")), PartyName: r.str("party"), Amount: r.cents("amount"), Settled: r.cents("settled"),
			Open: r.cents("open"), Status: ReceivableStatus(r.str("status")), CreatedAt: r.time("createdAt"),
			AllocationVersion: int(r.int("allocationVersion"))}
		for range r.count("settlements") {
			v.Settlements = append(v.Settlements, Settlement{ReceivableID: ReceivableID(r.str("settlement.receivableId")),
				Amount: r.cents("settlement.amount"), ValueDate: r.date("settlement.valueDate"), Reference: r.str("settlement.reference"),
				By: r.str("settlement.by"), At: r.time("settlement.at"), JournalSeq: r.int("settlement.journalSeq")})
		}
		return v
	},
}

var payoutAnswer = answerForm[payoutReceipt]{
	typ: "payout",
	write: func(c *canonWriter, p *payoutReceipt) {
		c.str("id", string(p.ID))
		c.str("status", string(p.Status))
		c.bool("decision", p.Decision != nil)
		if d := p.Decision; d != nil {
			c.str("decision.outcome", string(d.Outcome))
			c.str("decision.by", d.By)
			c.str("decision.role", string(d.Role))
			c.time("decision.at", d.At)
			c.str("decision.note", d.Note)
			writeLadder(c, "decision.mandate", []MandateLevel{d.Mandate})
			c.bool("decision.ownMandate", d.OwnMandate)
		}
		c.bool("reversal", p.Reversal != nil)
		if v := p.Reversal; v != nil {
			c.str("reversal.by", v.By)
			c.str("reversal.role", string(v.Role))
			c.time("reversal.at", v.At)
			c.str("reversal.reason", v.Reason)
		}
	},
	read: func(r *canonReader, _ int) payoutReceipt {
		p := payoutReceipt{ID: PayoutID(r.str("id")), Status: Status(r.str("status"))}
		if r.bool("decision") {
			d := &PayoutDecision{Outcome: Outcome(r.str("decision.outcome")), By: r.str("decision.by"), Role: Role(r.str("decision.role")),
				At: r.time("decision.at"), Note: r.str("decision.note")}
			if m := readLadder(r, "decision.mandate"); len(m) == 1 {
				d.Mandate = m[0]
			} else if r.err == nil {
				r.err = fmt.Errorf("field decision.mandate: %d levels, not one", len(m))
			}
			d.OwnMandate = r.bool("decision.ownMandate")
			p.Decision = d
		}
		if r.bool("reversal") {
			p.Reversal = &PayoutReversal{By: r.str("reversal.by"), Role: Role(r.str("reversal.role")), At: r.time("reversal.at"), Reason: r.str("reversal.reason")}
		}
		return p
	},
}

var allocationAnswer = answerForm[allocationReceipt]{
	typ: "allocation",
	write: func(c *canonWriter, a *allocationReceipt) {
		c.str("payoutId", string(a.PayoutID))
		c.int("version", int64(a.Version))
		c.bool("current", a.Current)
		c.int("reversalSeq", a.ReversalSeq)
	},
	read: func(r *canonReader, _ int) allocationReceipt {
		return allocationReceipt{PayoutID: PayoutID(r.str("payoutId")), Version: int(r.int("version")), Current: r.bool("current"), ReversalSeq: r.int("reversalSeq")}
	},
}

var evaluationAnswer = answerForm[evaluationReceipt]{
	typ: "evaluation",
	write: func(c *canonWriter, e *evaluationReceipt) {
		c.str("payoutId", string(e.PayoutID))
		c.int("version", int64(e.Version))
	},
	read: func(r *canonReader, _ int) evaluationReceipt {
		return evaluationReceipt{PayoutID: PayoutID(r.str("payoutId")), Version: int(r.int("version"))}
	},
}

// evaluationReceipt is what an idempotency record keeps of an evaluation:
// which one it was; a replay reads it back. Its JSON names are those of
// the answers stored before the canonical form: keep them.
type evaluationReceipt struct {
	PayoutID PayoutID `json:"payoutId"`
	Version  int      `json:"version"`
}

// The requests' fingerprints, one per operation. A field a request gains
// is written only when it is not its zero value, so that the requests
// before it keep their fingerprints.

func (r *NewPartner) fingerprint() fingerprint {
	return newFingerprint("create_partner", r, func(c *canonWriter) {
		c.str("name", r.Name)
		c.str("kind", string(r.Kind))
	})
}

func (r *NewParty) fingerprint() fingerprint {
	return newFingerprint("create_party", r, func(c *canonWriter) {
		c.str("name", r.Name)
		c.str("kind", string(r.Kind))
	})
}

// legacyNewPot is NewPot as the releases before the canonical form declared
// it, whose JSON their fingerprints of a new pot hashed: a field added to
// NewPot since must not change what a retry is compared with.
type legacyNewPot struct {
	Name            string
	Year            int
	RecoveryPolicy  RecoveryPolicy
	RegretThreshold Ratio
	OverdraftLimit  Cents
	Mandates        []MandateLevel
	IdempotencyKey  string
}

// noLegacy is the legacy value of a request those releases could not make
// (a pot's own escalation): its JSON is no request they hashed, so a key
// they stored is never taken for it.
type noLegacy struct{ Since string }

func (r *NewPot) fingerprint() fingerprint {
	// Those releases knew only the default escalation.
	var legacy any = legacyNewPot{r.Name, r.Year, r.RecoveryPolicy, r.RegretThreshold, r.OverdraftLimit, r.Mandates, r.IdempotencyKey}
	if !r.Escalation.isDefault() {
		legacy = noLegacy{"escalation"}
	}
	return newFingerprint("create_pot", legacy, func(c *canonWriter) {
		c.str("name", r.Name)
		c.int("year", int64(r.Year))
		c.str("recoveryPolicy", string(r.RecoveryPolicy))
		c.int("regretThreshold", int64(r.RegretThreshold))
		c.cents("overdraftLimit", r.OverdraftLimit)
		writeLadder(c, "mandates", r.Mandates)
		// Only a chosen escalation: the fingerprint of a request made
		// before it could be chosen stays the same.
		if !r.Escalation.isDefault() {
			c.int("remindAfter", int64(r.Escalation.RemindAfter))
			c.int("escalateAfter", int64(r.Escalation.EscalateAfter))
		}
	})
}

func mandatesFingerprint(pot PotID, ladder []MandateLevel, e Escalation) fingerprint {
	var legacy any = struct {
		Pot    PotID
		Ladder []MandateLevel
	}{pot, ladder}
	if e != (Escalation{}) {
		// Days given: a request those releases could not make.
		legacy = noLegacy{"escalation"}
	}
	return newFingerprint("set_mandates", legacy, func(c *canonWriter) {
		c.str("pot", string(pot))
		writeLadder(c, "mandates", ladder)
		// Only a given escalation: the fingerprint of a request made
		// before it could be given stays the same.
		if e != (Escalation{}) {
			c.int("remindAfter", int64(e.RemindAfter))
			c.int("escalateAfter", int64(e.EscalateAfter))
		}
	})
}

// renameFingerprint is the fingerprint of a rename of a pot or a party
// (op rename_pot, rename_party; field Pot or Party in the JSON of old).
func renameFingerprint(op, field, id, name string) fingerprint {
	var legacy any = struct {
		Pot  PotID
		Name string
	}{PotID(id), name}
	if field == "party" {
		legacy = struct {
			Party PartyID
			Name  string
		}{PartyID(id), name}
	}
	return newFingerprint(op, legacy, func(c *canonWriter) {
		c.str(field, id)
		c.str("name", name)
	})
}

func debtorAccountFingerprint(pot PotID, acct DebtorAccount) fingerprint {
	return newFingerprint("set_debtor_account", struct {
		Pot     PotID
		Account DebtorAccount
	}{pot, acct}, func(c *canonWriter) {
		c.str("pot", string(pot))
		writeDebtorAccount(c, &acct)
	})
}

func (r *Pledge) fingerprint() fingerprint {
	return newFingerprint("set_pledge", r, func(c *canonWriter) {
		c.str("pot", string(r.PotID))
		c.str("partner", string(r.PartnerID))
		c.cents("amount", r.Amount)
	})
}

func (r *NewContribution) fingerprint() fingerprint {
	return newFingerprint("contribute", r, func(c *canonWriter) {
		c.str("pot", string(r.PotID))
		c.str("partner", string(r.PartnerID))
		c.cents("amount", r.Amount)
		c.date("valueDate", r.ValueDate)
		c.str("reference", r.Reference)
	})
}

func (r *ClosePeriod) fingerprint() fingerprint {
	return newFingerprint("close_period", r, func(c *canonWriter) {
		c.date("start", r.Period.Start)
		c.date("end", r.Period.End)
		c.str("label", r.Period.Label)
	})
}

func (r *NewPaymentBatch) fingerprint() fingerprint {
	return newFingerprint("create_payment_batch", r, func(c *canonWriter) {
		c.str("pot", string(r.PotID))
		c.date("executionDate", r.ExecutionDate)
		// The plan came later: a run without one keeps its fingerprint.
		if r.Plan != "" {
			c.str("plan", r.Plan)
		}
	})
}

func (r *PayoutRequest) fingerprint() fingerprint {
	return newFingerprint("request_payout", r, func(c *canonWriter) {
		c.str("pot", string(r.PotID))
		c.cents("amount", r.Amount)
		c.str("payee.name", r.Payee.Name)
		c.str("payee.iban", string(r.Payee.IBAN))
		// The reference came later: a request without one keeps the
		// fingerprint it had, so a retry across the upgrade still matches.
		if r.Payee.Reference != "" {
			c.str("payee.reference", r.Payee.Reference)
		}
		c.str("caseRef", r.CaseRef)
		c.str("category", r.Category)
		c.str("urgency", string(r.Urgency))
		c.bool("residentUnder18", r.ResidentUnder18)
		c.str("paidTo", string(r.PaidTo))
		switch {
		case r.SpendingBound == nil:
			c.str("spendingBound", "")
		default:
			c.str("spendingBound", fmt.Sprint(*r.SpendingBound))
		}
		j := &r.Justification
		c.str("situation", j.Situation)
		c.int("severity", int64(j.Severity))
		c.str("residentInvolvement", j.ResidentInvolvement)
		c.str("expectedReturn", j.ExpectedReturn)
		c.strs("deviatesFrom", j.DeviatesFrom)
		c.str("regularRouteTried", j.RegularRouteTried)
		c.date("stuckSince", j.StuckSince)
	})
}

func (r *Decision) fingerprint() fingerprint {
	return newFingerprint("decide_payout", r, func(c *canonWriter) {
		c.str("payout", string(r.PayoutID))
		c.str("outcome", string(r.Outcome))
		c.str("note", r.Note)
	})
}

func (r *Reissue) fingerprint() fingerprint {
	return newFingerprint("reissue_payout", r, func(c *canonWriter) {
		c.str("payout", string(r.PayoutID))
		c.str("payee.name", r.Payee.Name)
		c.str("payee.iban", string(r.Payee.IBAN))
		c.str("payee.reference", r.Payee.Reference)
	})
}

func (r *Reversal) fingerprint() fingerprint {
	return newFingerprint("reverse_payout", r, func(c *canonWriter) {
		c.str("payout", string(r.PayoutID))
		c.str("reason", r.Reason)
	})
}

func (r *NewToken) fingerprint() fingerprint {
	return newFingerprint("issue_token", r, func(c *canonWriter) {
		c.str("user", r.User)
		c.str("role", string(r.Role))
		c.str("partner", string(r.Partner))
	})
}

func (r *AllocationRequest) fingerprint() fingerprint {
	return newFingerprint("allocate", r, func(c *canonWriter) {
		c.str("payout", string(r.PayoutID))
		c.int("lines", int64(len(r.Lines)))
		for _, l := range r.Lines {
			c.str("line.target", string(l.Target))
			c.str("line.taakveld", l.Taakveld)
			c.str("line.economicCategory", string(l.EconomicCategory))
			c.str("line.partyId", string(l.PartyID))
			c.str("line.party", l.PartyName)
			c.cents("line.amount", l.Amount)
			c.str("line.receivableId", string(l.ReceivableID))
		}
		c.str("note", r.Note)
	})
}

func (r *Settlement) fingerprint() fingerprint {
	return newFingerprint("settle", r, func(c *canonWriter) {
		c.str("receivable", string(r.ReceivableID))
		c.cents("amount", r.Amount)
		c.date("valueDate", r.ValueDate)
		c.str("reference", r.Reference)
	})
}

func (r *EvaluationRequest) fingerprint() fingerprint {
	return newFingerprint("evaluate", r, func(c *canonWriter) {
		c.str("payout", string(r.PayoutID))
		c.str("outcome", string(r.Outcome))
		c.cents("regretted", r.Regretted)
		c.str("note", r.Note)
	})
}

func (r *SignalUptake) fingerprint() fingerprint {
	return newFingerprint("take_up_signal", r, func(c *canonWriter) {
		c.str("signal", r.SignalID)
		c.str("note", r.Note)
	})
}

// MaxIdempotencyKey is the longest idempotency key, in bytes.
const MaxIdempotencyKey = 255

// CheckIdempotencyKey returns nil when key can be stored as an idempotency
// key ("" means the request has none), and otherwise an EINVALID error that
// names the field Idempotency-Key, as the API calls it: a key of other than
// visible ASCII characters (the syntax of an HTTP header's token, RFC 9110,
// and what both engines store alike), a key longer than MaxIdempotencyKey
// bytes, or one that holds a BSN (FindBSN). A key is stored with the answer
// it replays, so it is text the service stores like any other, and no BSN
// may be stored (DESIGN.md, invariant 10). Every request with a key, from
// the API, the web pages or the command line, is checked with it before
// the key is looked up.
func CheckIdempotencyKey(key string) error {
	var fe fieldErrors
	switch {
	case len(key) > MaxIdempotencyKey:
		fe.add("Idempotency-Key", msgKeyTooLong, MaxIdempotencyKey)
	case TextHasBSN(key):
		// Named first, as in every text: what the sender must hear about.
		fe.checkNoBSN("Idempotency-Key", key)
	case !visibleASCII(key):
		fe.add("Idempotency-Key", msgKeyChars)
	}
	return fe.err(nounIdempotencyKey)
}

// visibleASCII reports whether s holds only the characters 0x21 to 0x7e.
func visibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// IsText reports whether s can be a value the ledger looks up or stores:
// valid UTF-8 without a NUL character. Neither engine can hold other bytes
// alike (PostgreSQL refuses them), so an id, a filter or a name that is
// not text is refused, or found nowhere, before it reaches an engine.
func IsText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}
