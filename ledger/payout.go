package ledger

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is where a payout stands.
type Status string

// Payout statuses. A request within the requester's mandate is approved at
// once; above it, it waits (its amount held) for a decision. An approved
// payout is paid when it goes out in a payment file, or reversed by a
// correcting journal entry while it is still unpaid. The bank's answer
// (its statement or status report, package bankfile) settles a paid
// payout when the bank booked the debit, or returns it when the money came
// back or the bank rejected it: then it is not spent, and its money is
// back in the pot.
const (
	StatusPending  Status = "pending_approval"
	StatusApproved Status = "approved"
	StatusRejected Status = "rejected"
	StatusReversed Status = "reversed"
	StatusPaid     Status = "paid"
	StatusSettled  Status = "settled"
	StatusReturned Status = "returned"
)

// Statuses lists every payout status.
var Statuses = []Status{StatusPending, StatusApproved, StatusRejected, StatusReversed, StatusPaid, StatusSettled, StatusReturned}

// Spent reports whether a payout in this status is spending of its pot:
// approved, and not reversed or returned (approved, paid, settled).
func (s Status) Spent() bool { return s == StatusApproved || s.PaidOut() }

// PaidOut reports whether a payout in this status went out in a payment
// file and was not returned: paid, or settled by the bank.
func (s Status) PaidOut() bool { return s == StatusPaid || s == StatusSettled }

// Urgency says how fast the money must reach the payee. Urgent payouts go out
// as instant transfers.
type Urgency string

// Urgencies.
const (
	UrgencyNormal Urgency = "normal"
	UrgencyUrgent Urgency = "urgent"
)

// Payee is who receives the money: a landlord, a dentist, an energy company,
// or the resident. Payee data are personal data: stores keep them outside the
// hash-chained journal so they can be erased after the retention period.
type Payee struct {
	Name string `json:"name"`
	IBAN IBAN   `json:"iban"`
	// Reference is the payee's own reference for the payment, such as an
	// invoice or contract number ("" for none): the payment file puts it
	// in the remittance the payee reads, so that a landlord or supplier
	// can match the money to what it was for. At most
	// MaxPaymentReference characters of the SEPA set (letters without
	// accents, digits, spaces and / - ? : ( ) . , ' +), never a BSN; kept
	// with the payee, and erased with it.
	Reference string `json:"reference,omitempty"`
	// Erased is set once the payee's data were erased; Name, IBAN and
	// Reference are empty.
	Erased bool `json:"erased,omitempty"`
}

// MaxPaymentReference is the longest payment reference a payee can be
// given, in characters: 35, as long as the references of SEPA's own
// fields (EndToEndId, a creditor's structured reference), so that the
// remittance of 140 characters holds it whole beside the pot's name and
// the payout's id.
const MaxPaymentReference = 35

// checkReference checks a payee's payment reference, trimmed: optional, at
// most MaxPaymentReference characters on one line, no BSN (checkName), and
// only characters of the SEPA set, which every bank passes on unchanged:
// an invoice number the payment file had to change on its way ("F_12"
// becomes "F-12") would no longer match the payee's own books.
func (fe *fieldErrors) checkReference(field, ref string) {
	if TextHasBSN(ref) {
		// A reference's own advice, not a name's (checkName's).
		fe.add(field, MsgBSNReference)
		return
	}
	before := len(*fe)
	fe.checkName(field, ref, 0, MaxPaymentReference)
	if len(*fe) > before {
		return
	}
	for _, c := range ref {
		if !sepaText(string(c)) {
			fe.add(field, msgReferenceChars, Quoted(string(c)))
			return
		}
	}
}

// Justification is the integral weighing that every payout rests on: no
// weighing, no money. It is what makes an exception legitimate, and answers
// "why my neighbour and not me".
type Justification struct {
	// Situation describes the resident's situation in plain words.
	Situation string `json:"situation"`
	// Severity is how severe the situation is, from 1 (mild) to 5 (acute).
	Severity int `json:"severity"`
	// ResidentInvolvement is what the resident does to solve it.
	ResidentInvolvement string `json:"residentInvolvement"`
	// ExpectedReturn is the social return expected from the spend.
	ExpectedReturn string `json:"expectedReturn"`
	// DeviatesFrom lists the rules or procedures the payout deviates from.
	DeviatesFrom []string `json:"deviatesFrom"`
	// RegularRouteTried says which regular route was tried and why it failed.
	RegularRouteTried string `json:"regularRouteTried"`
	// StuckSince is the day the case got stuck.
	StuckSince Date `json:"stuckSince"`
}

// Complete reports whether every part of the weighing is filled in. Requests
// are refused without a complete weighing, so an incomplete one only occurs in
// data imported from elsewhere.
func (j *Justification) Complete() bool {
	return j.Situation != "" && j.Severity >= 1 && j.Severity <= 5 && j.ResidentInvolvement != "" &&
		j.ExpectedReturn != "" && len(j.DeviatesFrom) > 0 && j.RegularRouteTried != "" && !j.StuckSince.IsZero()
}

// Payout is a request for money from a pot, and what became of it.
type Payout struct {
	ID       PayoutID `json:"id"`
	PotID    PotID    `json:"potId"`
	Amount   Cents    `json:"amount"`
	Payee    Payee    `json:"payee"`
	CaseRef  string   `json:"caseRef"`
	Category string   `json:"category"`
	Urgency  Urgency  `json:"urgency"`
	// ResidentUnder18 says the resident is a minor (Jeugdwet territory).
	ResidentUnder18 bool `json:"residentUnder18"`
	// PaidTo and SpendingBound say who receives the money and whether it is
	// bound to a good or service; they give the Iv3 economic category.
	PaidTo        PaidTo        `json:"paidTo"`
	SpendingBound bool          `json:"spendingBound"`
	Justification Justification `json:"justification"`
	Status        Status        `json:"status"`
	RequestedBy   string        `json:"requestedBy"`
	RequestedRole Role          `json:"requestedRole"`
	RequestedAt   time.Time     `json:"requestedAt"`
	// ValueDate is the booking date of the request.
	ValueDate Date `json:"valueDate"`
	// Decision is set once the payout was approved or rejected.
	Decision *PayoutDecision `json:"decision,omitempty"`
	// Reversal is set once an approved payout was reversed.
	Reversal *PayoutReversal `json:"reversal,omitempty"`
	// Settlement is set once the bank booked the payout's debit (its
	// statement or debit notification named it).
	Settlement *PayoutSettlement `json:"settlement,omitempty"`
	// Return is set once the money came back, or the bank rejected the
	// transfer: the payout is not spent, its money is the pot's again.
	Return *PayoutReturn `json:"return,omitempty"`
	// ReissueOf is set on a payout that pays a returned payout again, to
	// a corrected payee: the returned payout. It is approved by that
	// payout's decision (Decision is a copy of it), for the same amount,
	// pot and weighing.
	ReissueOf PayoutID `json:"reissueOf,omitempty"`
	// ReissuedBy and ReissuedRole are who corrected the payee of the
	// returned payout (its requester, or an approver whose mandate covers
	// it): the request stays its requester's (RequestedBy).
	ReissuedBy   string `json:"reissuedBy,omitempty"`
	ReissuedRole Role   `json:"reissuedRole,omitempty"`
	// ReissuedAs is set on a returned payout that was paid again: the
	// payout that pays it. A returned payout is paid again at most once.
	ReissuedAs PayoutID `json:"reissuedAs,omitempty"`
	// Allocated is how much of the cost the current allocation assigns to
	// a legal budget, a party or maatwerk proper; the rest is unallocated.
	Allocated Cents `json:"allocated"`
	// Evaluation is the current evaluation, if the payout has one.
	Evaluation *EvaluationSummary `json:"evaluation,omitempty"`
}

// EvaluationSummary is a payout's current evaluation without its note.
type EvaluationSummary struct {
	Version   int         `json:"version"`
	Outcome   EvalOutcome `json:"outcome"`
	Regretted Cents       `json:"regrettedAmount"`
}

// Outcome is the result of a decision on a payout.
type Outcome string

// Outcomes.
const (
	OutcomeApprove Outcome = "approve"
	OutcomeReject  Outcome = "reject"
)

// PayoutDecision records who decided a payout, under which mandate.
type PayoutDecision struct {
	Outcome Outcome   `json:"outcome"`
	By      string    `json:"by"`
	Role    Role      `json:"role"`
	At      time.Time `json:"at"`
	Note    string    `json:"note,omitempty"`
	// Mandate is the ladder level the decision was made under.
	Mandate MandateLevel `json:"mandate"`
	// OwnMandate is set when the request fell within the requester's own
	// mandate and was approved at once.
	OwnMandate bool `json:"ownMandate"`
}

// PayoutReversal records the correction of an approved payout.
type PayoutReversal struct {
	By     string    `json:"by"`
	Role   Role      `json:"role"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

// PayoutSettlement is the bank's booking of a paid payout's debit.
type PayoutSettlement struct {
	// BookedOn is the bank's booking date of the debit.
	BookedOn Date `json:"bookedOn"`
}

// PayoutReturn is the bank's return (or rejection) of a paid payout.
type PayoutReturn struct {
	// BookedOn is the bank's booking date of the returned money, or the
	// day of the status report that rejected the transfer.
	BookedOn Date `json:"bookedOn"`
	// Reason is the ISO 20022 external reason code the bank gave (AC04:
	// the account is closed); "" when it gave none.
	Reason string `json:"reason"`
	// Explanation says in Dutch what the reason means and what to do
	// (BankReason).
	Explanation string `json:"explanation"`
}

// Reissue is a request to pay a returned payout again to a corrected payee
// (Store.ReissuePayout): the bank returned it (a closed account, a wrong
// IBAN, a name that does not match), and the amount, pot and weighing stand.
type Reissue struct {
	// PayoutID is the returned payout.
	PayoutID PayoutID
	// Payee is the corrected payee: name and IBAN, and a payment
	// reference if the payee wants one.
	Payee          Payee
	IdempotencyKey string
}

// Validate checks the corrected payee as a request's payee is checked,
// and normalises it (trimmed, the IBAN in electronic form). Every field at
// fault is listed, named as in the API (payee.name, payee.iban,
// payee.reference).
func (r *Reissue) Validate() error {
	var fe fieldErrors
	fe.checkPayee(&r.Payee)
	return fe.err(nounReissue)
}

// checkPayee checks a payee, trimmed, and normalises it: a name of 1 to 70
// characters a bank can carry (SEPA's Latin character set), a valid IBAN,
// and an optional payment reference (checkReference).
func (fe *fieldErrors) checkPayee(p *Payee) {
	p.Name = strings.TrimSpace(p.Name)
	fe.checkName("payee.name", p.Name, 1, 70)
	fe.checkSEPAName("payee.name", p.Name, msgLatinName)
	iban, err := ParseIBAN(string(p.IBAN))
	fe.addErr("payee.iban", err)
	p.IBAN = iban
	p.Reference = strings.TrimSpace(p.Reference)
	fe.checkReference("payee.reference", p.Reference)
}

// PayoutRequest is what a caseworker (or an approver) asks for.
type PayoutRequest struct {
	PotID           PotID
	Amount          Cents
	Payee           Payee
	CaseRef         string
	Category        string
	Urgency         Urgency
	ResidentUnder18 bool
	// PaidTo is provider when left empty. SpendingBound nil means bound:
	// only cash the resident may spend freely is unbound.
	PaidTo         PaidTo
	SpendingBound  *bool
	Justification  Justification
	IdempotencyKey string
}

// Bound reports whether the requested money is bound to a good or service.
func (r *PayoutRequest) Bound() bool { return r.SpendingBound == nil || *r.SpendingBound }

// Text limits of a request.
const (
	maxSituation = 4000
	maxText      = 2000
	maxRules     = 10
)

var categoryCode = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// Validate checks everything in the request that needs no stored data, and
// normalises it (trimmed text, the IBAN in electronic form, urgency normal
// when left out). today is the booking date: a case cannot be stuck since a
// later day. Every field at fault is listed, named as in the API.
func (r *PayoutRequest) Validate(today Date) error {
	return r.validate(today).err(nounPayoutRequest)
}

// ValidateIn is Validate, and checks the category against cs, the
// categories stored: an unknown category is reported with every other
// field at fault, not after them. A caller reads cs with Categories; the
// write checks the category again against the list it sees.
func (r *PayoutRequest) ValidateIn(today Date, cs []Category) error {
	fe := r.validate(today)
	if !slices.ContainsFunc(fe, func(f FieldError) bool { return f.Field == "category" }) {
		fe.checkCategoryIn("category", r.Category, cs)
	}
	return fe.err(nounPayoutRequest)
}

func (r *PayoutRequest) validate(today Date) fieldErrors {
	var fe fieldErrors
	if r.PotID == "" {
		fe.add("potId", msgPotRequired)
	}
	fe.addErr("amount", r.Amount.checkPayout())

	fe.checkPayee(&r.Payee)

	r.CaseRef = strings.TrimSpace(r.CaseRef)
	fe.addErr("caseRef", CheckCaseRef(r.CaseRef))

	r.Category = strings.TrimSpace(r.Category)
	switch {
	case r.Category == "":
		fe.add("category", msgCategoryRequired)
	case !categoryCode.MatchString(r.Category):
		fe.add("category", msgNotACategoryCode, Quoted(r.Category))
	}
	switch r.Urgency {
	case "":
		r.Urgency = UrgencyNormal
	case UrgencyNormal, UrgencyUrgent:
	default:
		fe.add("urgency", msgNotAnUrgency, Quoted(r.Urgency))
	}
	switch r.PaidTo {
	case "":
		r.PaidTo = PaidToProvider
	case PaidToProvider, PaidToResident:
	default:
		fe.add("paidTo", msgNotAReceiver, Quoted(r.PaidTo))
	}
	if r.PaidTo == PaidToProvider && !r.Bound() {
		fe.add("spendingBound", msgProviderBound)
	}
	r.Justification.check(&fe, today)
	return fe
}

func (j *Justification) check(fe *fieldErrors, today Date) {
	const p = "justification."
	j.Situation = strings.TrimSpace(j.Situation)
	j.ResidentInvolvement = strings.TrimSpace(j.ResidentInvolvement)
	j.ExpectedReturn = strings.TrimSpace(j.ExpectedReturn)
	j.RegularRouteTried = strings.TrimSpace(j.RegularRouteTried)
	fe.checkText(p+"situation", j.Situation, 20, maxSituation)
	if j.Severity < 1 || j.Severity > 5 {
		fe.add(p+"severity", msgSeverity)
	}
	fe.checkText(p+"residentInvolvement", j.ResidentInvolvement, 5, maxText)
	fe.checkText(p+"expectedReturn", j.ExpectedReturn, 5, maxText)
	fe.checkText(p+"regularRouteTried", j.RegularRouteTried, 5, maxText)
	switch {
	case len(j.DeviatesFrom) == 0:
		fe.add(p+"deviatesFrom", msgDeviatesRequired)
	case len(j.DeviatesFrom) > maxRules:
		fe.add(p+"deviatesFrom", msgDeviatesTooMany, maxRules)
	}
	seen := map[string]bool{}
	rules := j.DeviatesFrom[:0:0]
	for i, rule := range j.DeviatesFrom {
		field := p + "deviatesFrom[" + itoa(i) + "]"
		// Checked before the spaces are tidied, so a line break or tab in
		// a rule is refused rather than quietly turned into a space.
		rule = strings.TrimSpace(rule)
		fe.checkName(field, rule, 3, 200)
		rule = strings.Join(strings.Fields(rule), " ")
		if key := strings.ToLower(rule); seen[key] {
			fe.add(field, msgListedTwice, Quoted(rule))
		} else {
			seen[key] = true
		}
		rules = append(rules, rule)
	}
	j.DeviatesFrom = rules
	from, to := clampRange(oldestStuck(today), today)
	switch {
	case j.StuckSince.IsZero():
		fe.add(p+"stuckSince", msgStuckRequired)
	case j.StuckSince.After(today):
		fe.add(p+"stuckSince", msgStuckFuture, j.StuckSince, from, to)
	case j.StuckSince.Before(oldestStuck(today)):
		fe.add(p+"stuckSince", msgStuckTooOld, j.StuckSince, from, to)
	default:
		fe.addErr(p+"stuckSince", CheckDateIn(j.StuckSince, oldestStuck(today), today))
	}
}

// oldestStuck is the earliest day a case can have got stuck: twenty years
// before today (an older date is a typing error in the year), and never
// before the ledger's first date.
func oldestStuck(today Date) Date {
	d := today.AddMonths(-12 * 20)
	if d.Before(FirstDate) {
		return FirstDate
	}
	return d
}

var pseudonymousRef = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{2,63}$`)

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// CheckCaseRef checks a case reference: either a pseudonymous reference
// (3 to 64 letters, digits, '.', '_', '/' or '-', such as WIJK-2026-0042) or
// the URL of the zaak in the municipality's Zaken API
// (https://…/zaken/api/v1/zaken/{uuid}). Never a name (names have spaces) and
// never a BSN, in either form and in any part of a URL but the zaak's UUID
// (CaseRefHasBSN).
func CheckCaseRef(ref string) error {
	if ref == "" {
		return NewError(EINVALID, msgCaseRefRequired)
	}
	if CaseRefHasBSN(ref) {
		return NewError(EINVALID, MsgBSNCaseRef)
	}
	if strings.HasPrefix(strings.ToLower(ref), "http:") || strings.HasPrefix(strings.ToLower(ref), "https:") {
		return checkZaakURL(ref)
	}
	if !pseudonymousRef.MatchString(ref) {
		return NewError(EINVALID, msgNotACaseRef, Quoted(ref))
	}
	return nil
}

func checkZaakURL(ref string) error {
	if utf8.RuneCountInString(ref) > 300 {
		return NewError(EINVALID, msgZaakURLTooLong)
	}
	u, err := url.Parse(ref)
	if err != nil || u.Host == "" {
		return NewError(EINVALID, msgZaakNotAURL, Quoted(ref))
	}
	switch {
	case u.Scheme != "https":
		return NewError(EINVALID, msgZaakNotHTTPS)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return NewError(EINVALID, msgZaakURLExtras)
	}
	const zaken = "/zaken/api/v1/zaken/"
	path := strings.TrimSuffix(u.Path, "/")
	i := strings.LastIndex(path, zaken)
	if i < 0 || !uuidPattern.MatchString(path[i+len(zaken):]) {
		return NewError(EINVALID, msgZaakNotAZaak, Quoted(ref))
	}
	return nil
}

// Route decides what becomes of a new request of amount by a user with role
// on this pot: approved at once under the role's own level, or pending until
// a higher level decides. A role without a level on the ladder cannot request.
func (p *Pot) Route(role Role, amount Cents) (level MandateLevel, atOnce bool, err error) {
	level, ok := p.Mandate(role)
	if !ok {
		return MandateLevel{}, false, NewError(EFORBIDDEN, msgNoMandateToRequest, role, Quoted(p.Name))
	}
	if len(p.Deciders(amount)) == 0 {
		top := p.Mandates[len(p.Mandates)-1]
		return MandateLevel{}, false, NewError(EMANDATE, msgAboveEveryMandate, amount, Quoted(p.Name), top)
	}
	return level, level.Covers(amount), nil
}

// CheckDecision checks that actor may decide payout po on pot p now, and
// returns the level the decision is made under. The rules: the payout is
// waiting for a decision; the actor did not request it (four eyes); and the
// actor's level on the pot's ladder covers the amount.
func (p *Pot) CheckDecision(po *Payout, actor Actor) (MandateLevel, error) {
	if po.Status != StatusPending {
		return MandateLevel{}, NewError(ECONFLICT, msgDecidedAlready, po.ID, po.Status)
	}
	if po.RequestedBy == actor.User {
		return MandateLevel{}, NewError(EFORBIDDEN, msgFourEyes, po.ID, p.Deciders(po.Amount))
	}
	level, ok := p.Mandate(actor.Role)
	if !ok {
		return MandateLevel{}, NewError(EMANDATE, msgNoMandateToDecide, actor.Role, Quoted(p.Name), po.ID, po.Amount, p.Deciders(po.Amount))
	}
	if !level.Covers(po.Amount) {
		return MandateLevel{}, NewError(EMANDATE, msgMandateTooLow, actor.Role, Quoted(p.Name), level.Limit, po.ID, po.Amount, p.Deciders(po.Amount))
	}
	return level, nil
}

// Decision is what an approver decides on a pending payout.
type Decision struct {
	PayoutID       PayoutID
	Outcome        Outcome
	Note           string
	IdempotencyKey string
}

// Validate checks the decision. A rejection needs a note: the caseworker must
// learn why.
func (d *Decision) Validate() error {
	var fe fieldErrors
	d.Note = strings.TrimSpace(d.Note)
	switch d.Outcome {
	case OutcomeApprove:
		if d.Note != "" {
			fe.checkText("note", d.Note, 1, maxText)
		}
	case OutcomeReject:
		fe.checkText("note", d.Note, 5, maxText)
	default:
		fe.add("decision", msgNotADecision, Quoted(d.Outcome))
	}
	return fe.err(nounDecision)
}

// Reversal is a request to correct an approved payout that was not paid.
type Reversal struct {
	PayoutID       PayoutID
	Reason         string
	IdempotencyKey string
}

// Validate checks the reversal.
func (r *Reversal) Validate() error {
	var fe fieldErrors
	r.Reason = strings.TrimSpace(r.Reason)
	fe.checkText("reason", r.Reason, 5, maxText)
	return fe.err(nounReversal)
}

// PayoutFilter selects payouts. Zero fields select everything.
type PayoutFilter struct {
	PotID       PotID
	Status      Status
	Category    string
	RequestedBy string
	Urgency     Urgency
	// From and To bound the value date, both inclusive.
	From, To Date
	// After is the cursor: list payouts requested before this one.
	After PayoutID
	// Limit is the page size: 1 to 500, default 50.
	Limit int
}

// Normalise checks the filter and applies the default page size.
func (f *PayoutFilter) Normalise() error {
	var fe fieldErrors
	for _, q := range []struct{ field, value string }{{"potId", string(f.PotID)}, {"category", f.Category}, {"requestedBy", f.RequestedBy}} {
		if !IsText(q.value) {
			fe.add(q.field, msgNotText)
		}
	}
	if f.Status != "" {
		ok := false
		for _, s := range Statuses {
			ok = ok || f.Status == s
		}
		if !ok {
			fe.add("status", msgNotAStatus, Quoted(f.Status))
		}
	}
	if f.Urgency != "" && f.Urgency != UrgencyNormal && f.Urgency != UrgencyUrgent {
		fe.add("urgency", msgNotAnUrgency, Quoted(f.Urgency))
	}
	switch {
	case f.Limit == 0:
		f.Limit = 50
	case f.Limit < 1 || f.Limit > 500:
		fe.add("limit", MsgLimitRange, 500)
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		fe.add("to", msgToBeforeFrom)
	}
	if f.After != "" && !ValidID(PayoutPrefix, string(f.After)) {
		fe.add("after", msgNotAPayoutCursor)
	}
	return fe.err(nounFilter)
}

// PayoutPage is one page of payouts, newest first.
type PayoutPage struct {
	Payouts []Payout
	// Next is the cursor for the next page, or "" on the last page.
	Next PayoutID
}

// Category is a kind of spend caseworkers choose from, such as dental care.
type Category struct {
	Code  string `json:"code"`
	Label string `json:"label"` // Dutch, for the web pages and statements
}

// categoryList names the categories in a message: by code in English (the
// API's words), by label in Dutch (a page's), joined with commas.
type categoryList []Category

func (cs categoryList) render(l lang) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.Code
		if l == dutch && c.Label != "" {
			s[i] = c.Label
		}
	}
	return strings.Join(s, ", ")
}

// checkCategoryIn adds field's fault when code is not one of cs, listing
// them (categoryList).
func (fe *fieldErrors) checkCategoryIn(field, code string, cs []Category) {
	for _, c := range cs {
		if c.Code == code {
			return
		}
	}
	fe.add(field, msgNotACategory, Quoted(code), categoryList(cs))
}

// Validate checks a new category.
func (c *Category) Validate() error {
	var fe fieldErrors
	c.Label = strings.TrimSpace(c.Label)
	if !categoryCode.MatchString(c.Code) {
		fe.add("code", msgNotACode, Quoted(c.Code))
	} else {
		fe.checkNoBSN("code", c.Code)
	}
	fe.checkName("label", c.Label, 1, 80)
	return fe.err(nounCategory)
}
