package httpapi

import (
	"net/http"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/ledger"
)

type payoutBody struct {
	PotID    string     `json:"potId" validate:"required"`
	Amount   string     `json:"amount" validate:"required"`
	Payee    *payeeBody `json:"payee" validate:"required"`
	CaseRef  string     `json:"caseRef" validate:"required,max=300"`
	Category string     `json:"category" validate:"required,max=40"`
	Urgency  string     `json:"urgency" validate:"omitempty,oneof=normal urgent"`
	// ResidentUnder18, PaidTo and SpendingBound feed the allocation's
	// suggestions and economic category.
	ResidentUnder18 bool               `json:"residentUnder18"`
	PaidTo          string             `json:"paidTo" validate:"omitempty,oneof=provider resident"`
	SpendingBound   *bool              `json:"spendingBound"`
	Justification   *justificationBody `json:"justification" validate:"required"`
}

type payeeBody struct {
	Name string `json:"name" validate:"required,max=70"`
	IBAN string `json:"iban" validate:"required,max=42"`
	// Reference is the payee's own reference for the payment (an
	// invoice or contract number), optional; the ledger checks it.
	Reference string `json:"reference" validate:"max=35"`
}

type justificationBody struct {
	Situation           string   `json:"situation" validate:"required,max=4000"`
	Severity            int      `json:"severity" validate:"required,min=1,max=5"`
	ResidentInvolvement string   `json:"residentInvolvement" validate:"required,max=2000"`
	ExpectedReturn      string   `json:"expectedReturn" validate:"required,max=2000"`
	DeviatesFrom        []string `json:"deviatesFrom" validate:"required,min=1,max=10"`
	RegularRouteTried   string   `json:"regularRouteTried" validate:"required,max=2000"`
	StuckSince          string   `json:"stuckSince" validate:"required"`
}

// payoutRequestOf turns a decoded body into a ledger request, collecting
// every field that cannot be converted.
func payoutRequestOf(b *payoutBody, key string, c *fieldCollector) ledger.PayoutRequest {
	req := ledger.PayoutRequest{PotID: ledger.PotID(b.PotID), CaseRef: b.CaseRef, Category: b.Category, Urgency: ledger.Urgency(b.Urgency),
		ResidentUnder18: b.ResidentUnder18, PaidTo: ledger.PaidTo(b.PaidTo), SpendingBound: b.SpendingBound, IdempotencyKey: key}
	var err error
	req.Amount, err = ledger.ParseAmount(b.Amount)
	c.add("amount", err)
	if b.Payee != nil {
		req.Payee = ledger.Payee{Name: b.Payee.Name, IBAN: ledger.IBAN(b.Payee.IBAN), Reference: b.Payee.Reference}
	}
	if j := b.Justification; j != nil {
		req.Justification = ledger.Justification{Situation: j.Situation, Severity: j.Severity, ResidentInvolvement: j.ResidentInvolvement,
			ExpectedReturn: j.ExpectedReturn, DeviatesFrom: j.DeviatesFrom, RegularRouteTried: j.RegularRouteTried}
		if j.StuckSince != "" {
			req.Justification.StuckSince, err = ledger.ParseDate(j.StuckSince)
			c.add("justification.stuckSince", err)
		}
	}
	return req
}

func (s *Server) requestPayout(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b payoutBody
	if err := decode(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var c fieldCollector
	req := payoutRequestOf(&b, key, &c)
	if shape := shapeErrors(&b); len(c) > 0 || len(shape) > 0 {
		// Show every mistake at once: the conversion's, the domain's and the
		// shape's, each field with its most specific reason.
		cats, err := s.store.Categories(r.Context())
		if err != nil {
			return err
		}
		probe := req
		return mergeFields(c, domainFields(probe.ValidateIn(ledger.DateOf(s.now()), cats)), shape)
	}
	p, err := s.store.RequestPayout(r.Context(), sess.Actor, req)
	if err != nil {
		return err
	}
	return created(w, "/api/v1/payouts/"+string(p.ID), s.payoutOf(p, sess))
}

func (s *Server) getPayout(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	p, err := s.store.Payout(r.Context(), ledger.PayoutID(mux.Vars(r)["payoutId"]))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.payoutOf(p, sess))
}

// payoutQueryKeys are the filters of GET /payouts.
var payoutQueryKeys = []string{"potId", "status", "category", "requestedBy", "urgency", "from", "to", "after", "limit"}

func (s *Server) listPayouts(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, payoutQueryKeys...)
	if err != nil {
		return err
	}
	var c fieldCollector
	f := ledger.PayoutFilter{
		PotID: ledger.PotID(q.Get("potId")), Status: ledger.Status(q.Get("status")), Category: q.Get("category"),
		RequestedBy: q.Get("requestedBy"), Urgency: ledger.Urgency(q.Get("urgency")), After: ledger.PayoutID(q.Get("after")),
		From: dateParam(q, "from", &c), To: dateParam(q, "to", &c), Limit: limitParam(q, &c, ledger.MaxPageSize),
	}
	c = append(c, domainFields(f.Normalise())...)
	if err := s.checkFilter(r.Context(), filterIDs{pot: f.PotID, category: f.Category}, &c); err != nil {
		return err
	}
	if err := c.merge(nil); err != nil {
		return err
	}
	page, err := s.store.Payouts(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]payoutJSON, len(page.Payouts))
	for i, p := range page.Payouts {
		out[i] = s.payoutOf(p, sess)
	}
	body := map[string]any{"payouts": out}
	if page.Next != "" {
		body["nextCursor"] = page.Next
		next := *r.URL
		nq := next.Query()
		nq.Set("after", string(page.Next))
		next.RawQuery = nq.Encode()
		w.Header().Set("Link", "<"+next.RequestURI()+`>; rel="next"`)
	}
	return writeJSON(w, http.StatusOK, body)
}

type decisionBody struct {
	Decision string `json:"decision" validate:"required,oneof=approve reject"`
	Note     string `json:"note" validate:"max=2000"`
}

func (s *Server) decidePayout(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b decisionBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	p, err := s.store.DecidePayout(r.Context(), sess.Actor, ledger.Decision{
		PayoutID: ledger.PayoutID(mux.Vars(r)["payoutId"]), Outcome: ledger.Outcome(b.Decision), Note: b.Note, IdempotencyKey: key})
	if err != nil {
		return err
	}
	return created(w, "/api/v1/payouts/"+string(p.ID), s.payoutOf(p, sess))
}

type reversalBody struct {
	Reason string `json:"reason" validate:"required,max=2000"`
}

func (s *Server) reversePayout(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b reversalBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	p, err := s.store.ReversePayout(r.Context(), sess.Actor, ledger.Reversal{PayoutID: ledger.PayoutID(mux.Vars(r)["payoutId"]), Reason: b.Reason, IdempotencyKey: key})
	if err != nil {
		return err
	}
	return created(w, "/api/v1/payouts/"+string(p.ID), s.payoutOf(p, sess))
}

// reissueBody is the corrected payee of a returned payout.
type reissueBody struct {
	Payee *payeeBody `json:"payee" validate:"required"`
}

// reissuePayout pays a payout the bank returned again, to a corrected
// payee, without a new decision: 201 with the new payout, which the next
// payment run pays.
func (s *Server) reissuePayout(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b reissueBody
	if err := decode(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	req := ledger.Reissue{PayoutID: ledger.PayoutID(mux.Vars(r)["payoutId"]), IdempotencyKey: key}
	if b.Payee != nil {
		req.Payee = ledger.Payee{Name: b.Payee.Name, IBAN: ledger.IBAN(b.Payee.IBAN), Reference: b.Payee.Reference}
	}
	if shape := shapeErrors(&b); len(shape) > 0 {
		// Every mistake at once: the shape's and the ledger's.
		probe := req
		return mergeFields(domainFields(probe.Validate()), shape)
	}
	p, err := s.store.ReissuePayout(r.Context(), sess.Actor, req)
	if err != nil {
		return err
	}
	return created(w, "/api/v1/payouts/"+string(p.ID), s.payoutOf(p, sess))
}

// seqParam formats a journal sequence number for a cursor.
func seqParam(n int64) string { return strconv.FormatInt(n, 10) }
