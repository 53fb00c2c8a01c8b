package httpapi

import (
	"bytes"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
	"github.com/ontschot/ontschot/reports"
)

// Documents: partner statements, the finance view, the legitimacy report,
// payment batches and their SEPA files.

// Media types of documents.
const (
	mediaJSON = "application/json"
	mediaPDF  = "application/pdf"
	mediaCSV  = "text/csv"
	mediaXML  = "application/xml"
)

// negotiate picks the media type to answer with from the Accept header:
// of the offers the client accepts, the one with the highest quality, the
// first on a tie (a missing header accepts the first offer). Each offer's
// quality is that of the most specific range that names it (text/csv over
// text/* over */*), so "application/json;q=0, */*" refuses JSON. It fails
// with 406 naming the offers.
func negotiate(r *http.Request, offers ...string) (string, error) {
	accept := r.Header.Get("Accept")
	if strings.TrimSpace(accept) == "" {
		return offers[0], nil
	}
	type rng struct {
		typ, sub string
		q        float64
	}
	var ranges []rng
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if qs, ok := params["q"]; ok {
			if v, err := strconv.ParseFloat(qs, 64); err == nil {
				q = v
			}
		}
		typ, sub, _ := strings.Cut(mt, "/")
		ranges = append(ranges, rng{typ, sub, q})
	}
	best, bestQ := "", 0.0
	for _, offer := range offers {
		typ, sub, _ := strings.Cut(offer, "/")
		q, specificity := 0.0, -1
		for _, r := range ranges {
			s := -1
			switch {
			case r.typ == typ && r.sub == sub:
				s = 2
			case r.typ == typ && r.sub == "*":
				s = 1
			case r.typ == "*" && r.sub == "*":
				s = 0
			}
			if s > specificity {
				q, specificity = r.q, s
			}
		}
		if q > bestQ {
			best, bestQ = offer, q
		}
	}
	if best == "" {
		return "", &httpError{code: codeNotAcceptable, message: "this resource is available as " + strings.Join(offers, ", ") + "; ask for one of them in the Accept header"}
	}
	return best, nil
}

// writeDocument answers with a document in the negotiated media type; PDF
// and CSV come as a download named name.
func writeDocument(w http.ResponseWriter, media, name string, value any, pdf, csv func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	var err error
	switch media {
	case mediaPDF:
		err = pdf(&buf)
		name += ".pdf"
	case mediaCSV:
		err = csv(&buf)
		name += ".csv"
		media += "; charset=utf-8"
	default:
		return writeJSON(w, http.StatusOK, value)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", media)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) getStatement(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "partnerId", "csvDialect")
	if err != nil {
		return err
	}
	var c fieldCollector
	quarter, err := ledger.ParsePeriod(mux.Vars(r)["quarter"])
	if err != nil || !strings.Contains(quarter.Label, "-Q") {
		c = append(c, ledger.FieldError{Field: "quarter", Reason: "write the quarter as 2026-Q3"})
	}
	dialect := csvDialect(q, &c)
	if err := c.merge(nil); err != nil {
		return err
	}
	media, err := negotiate(r, mediaJSON, mediaPDF, mediaCSV)
	if err != nil {
		return err
	}
	pot, err := s.visiblePot(r.Context(), sess, ledger.PotID(mux.Vars(r)["potId"]))
	if err != nil {
		return err
	}
	var recipient *ledger.Partner
	partnerID := ledger.PartnerID(q.Get("partnerId"))
	if sess.Role == ledger.RolePartner {
		if partnerID != "" && partnerID != sess.Partner {
			return fieldsError(ledger.FieldError{Field: "partnerId", Reason: "a partner reads the statements addressed to its own organisation; leave partnerId out"})
		}
		partnerID = sess.Partner
	}
	if partnerID != "" {
		p, err := s.store.Partner(r.Context(), partnerID)
		if err != nil {
			return err
		}
		recipient = &p
	}
	withWriteDeadline(w, 10*time.Minute)
	v, err := s.verifiedRecently(r.Context())
	if err != nil {
		return err
	}
	st, err := s.reports.Statement(r.Context(), pot.ID, quarter, recipient, v)
	if err != nil {
		return err
	}
	return writeDocument(w, media, st.FileName(), st,
		func(b *bytes.Buffer) error { return reports.StatementPDF(b, st) },
		func(b *bytes.Buffer) error { return reports.StatementCSV(b, st, dialect) })
}

// csvDialect reads the csvDialect query key of a document route: the CSV
// dialect (package sheet) to write the document in if it is asked for as
// text/csv; "standard" (comma, decimal point) when left out, or "dutch"
// (semicolons, decimal commas, a byte order mark: what a spreadsheet in a
// Dutch locale reads). It is checked whatever the media type, so a typing
// mistake is found before a PDF is made.
func csvDialect(q url.Values, c *fieldCollector) sheet.Dialect {
	d, ok := sheet.ParseDialect(q.Get("csvDialect"))
	if !ok {
		*c = append(*c, ledger.FieldError{Field: "csvDialect", Reason: "must be standard (comma, decimal point) or dutch (semicolon, decimal comma, byte order mark: for a spreadsheet in Dutch)"})
	}
	return d
}

// reportPeriod reads the {period} of a report route.
func reportPeriod(r *http.Request) (ledger.Period, error) {
	p, err := ledger.ParseReportPeriod(mux.Vars(r)["period"])
	if err != nil {
		return p, fieldsError(ledger.FieldError{Field: "period", Reason: ledger.ErrorMessage(err)})
	}
	return p, nil
}

func (s *Server) getFinanceView(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "potId", "csvDialect")
	if err != nil {
		return err
	}
	period, err := reportPeriod(r)
	if err != nil {
		return err
	}
	media, err := negotiate(r, mediaJSON, mediaPDF, mediaCSV)
	if err != nil {
		return err
	}
	var c fieldCollector
	dialect := csvDialect(q, &c)
	if err := s.checkFilter(r.Context(), filterIDs{pot: ledger.PotID(q.Get("potId"))}, &c); err != nil {
		return err
	}
	if err := c.merge(nil); err != nil {
		return err
	}
	v, err := s.reports.FinanceView(r.Context(), ledger.PotID(q.Get("potId")), period)
	if err != nil {
		return err
	}
	return writeDocument(w, media, "financieel-overzicht-"+period.Label, v,
		func(b *bytes.Buffer) error { return reports.FinanceViewPDF(b, v) },
		func(b *bytes.Buffer) error { return reports.FinanceViewCSV(b, v, dialect) })
}

// getLegitimacy answers the legitimacy report. As JSON it lists a page of
// the exceptions (after, before, limit), as a PDF or CSV document all of
// them: a quarter of a large ledger has a great many.
func (s *Server) getLegitimacy(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, append([]string{"potId", "csvDialect"}, pageKeys...)...)
	if err != nil {
		return err
	}
	period, err := reportPeriod(r)
	if err != nil {
		return err
	}
	media, err := negotiate(r, mediaJSON, mediaPDF, mediaCSV)
	if err != nil {
		return err
	}
	var page reports.ExceptionPage
	var c fieldCollector
	dialect := csvDialect(q, &c)
	if media == mediaJSON {
		after, before, limit := pageParams(q, &c)
		page = reports.ExceptionPage{After: ledger.PayoutID(after), Before: ledger.PayoutID(before), Limit: limit}
		if len(c) > 0 {
			c = append(c, domainFields(page.Check())...)
		} else if err := page.Check(); err != nil {
			return err
		}
	}
	if err := s.checkFilter(r.Context(), filterIDs{pot: ledger.PotID(q.Get("potId"))}, &c); err != nil {
		return err
	}
	if err := c.merge(nil); err != nil {
		return err
	}
	l, err := s.reports.LegitimacyPage(r.Context(), ledger.PotID(q.Get("potId")), period, page)
	if err != nil {
		return err
	}
	l = l.For(sess.Actor)
	pageLinks(w, r, map[string]any{}, string(l.NextCursor), string(l.PrevCursor))
	return writeDocument(w, media, "legitimiteit-"+period.Label, l,
		func(b *bytes.Buffer) error { return reports.LegitimacyPDF(b, l) },
		func(b *bytes.Buffer) error { return reports.LegitimacyCSV(b, l, dialect) })
}

type debtorBody struct {
	Name    string `json:"name" validate:"required,max=70"`
	IBAN    string `json:"iban" validate:"required,max=42"`
	BIC     string `json:"bic" validate:"required,max=11"`
	Town    string `json:"town" validate:"required,max=35"`
	Country string `json:"country" validate:"required,len=2"`
}

func (s *Server) setDebtorAccount(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b debtorBody
	if err := decode(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	acct := ledger.DebtorAccount{Name: b.Name, IBAN: ledger.IBAN(b.IBAN), BIC: b.BIC, Town: b.Town, Country: b.Country}
	if shape := shapeErrors(&b); len(shape) > 0 {
		probe := acct
		return mergeFields(domainFields(probe.Validate()), shape)
	}
	pot, err := s.store.SetDebtorAccount(r.Context(), sess.Actor, ledger.PotID(mux.Vars(r)["potId"]), acct, key)
	if err != nil {
		return err
	}
	b2, err := s.store.Balance(r.Context(), pot.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, potOf(pot, b2))
}

type batchBody struct {
	PotID         string `json:"potId"`
	ExecutionDate string `json:"executionDate"`
	// DryRun asks for the batch a run would make, booking nothing; Plan
	// is the plan of the dry run being confirmed (paymentPlanJSON).
	DryRun bool   `json:"dryRun"`
	Plan   string `json:"plan" validate:"max=100"`
}

// batchJSON is a payment batch as JSON: what it pays and from where, the
// payouts by id and amount; the payees are in the file only.
type batchJSON struct {
	ID            ledger.PaymentBatchID `json:"id"`
	CreatedAt     time.Time             `json:"createdAt"`
	CreatedBy     string                `json:"createdBy"`
	ExecutionDate ledger.Date           `json:"executionDate"`
	Payouts       int                   `json:"payouts"`
	Amount        ledger.Cents          `json:"amount"`
	Groups        []ledger.PaymentGroup `json:"groups"`
	Items         []batchItemJSON       `json:"items,omitempty"`
	SkippedPots   []ledger.PotID        `json:"skippedPots,omitempty"`
	Checkpoint    ledger.Checkpoint     `json:"checkpoint"`
	File          string                `json:"file"`
}

type batchItemJSON struct {
	PayoutID ledger.PayoutID `json:"payoutId"`
	PotID    ledger.PotID    `json:"potId"`
	Amount   ledger.Cents    `json:"amount"`
	Urgency  ledger.Urgency  `json:"urgency"`
}

func batchOf(b ledger.PaymentBatch) batchJSON {
	j := batchJSON{ID: b.ID, CreatedAt: b.CreatedAt, CreatedBy: b.CreatedBy, ExecutionDate: b.ExecutionDate, Payouts: b.Payouts, Amount: b.Amount,
		Groups: nonNil(b.Groups), SkippedPots: b.SkippedPots, Checkpoint: b.Checkpoint, File: "/api/v1/payment-batches/" + string(b.ID)}
	for _, it := range b.Items {
		j.Items = append(j.Items, batchItemJSON{PayoutID: it.PayoutID, PotID: it.PotID, Amount: it.Amount, Urgency: it.Urgency})
	}
	return j
}

func (s *Server) createPaymentBatch(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b batchBody
	if err := decode(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	req := ledger.NewPaymentBatch{PotID: ledger.PotID(b.PotID), DryRun: b.DryRun, Plan: b.Plan, IdempotencyKey: key}
	if b.ExecutionDate != "" {
		if req.ExecutionDate, err = ledger.ParseDate(b.ExecutionDate); err != nil {
			return fieldsError(ledger.FieldError{Field: "executionDate", Reason: ledger.ErrorMessage(err)})
		}
	}
	batch, err := s.store.CreatePaymentBatch(r.Context(), sess.Actor, req)
	if err != nil {
		return err
	}
	if b.DryRun {
		// Nothing was made: 200, no Location.
		return writeJSON(w, http.StatusOK, paymentPlanOf(&batch))
	}
	return created(w, "/api/v1/payment-batches/"+string(batch.ID), batchOf(batch))
}

func (s *Server) listPaymentBatches(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, pageKeys...)
	if err != nil {
		return err
	}
	var c fieldCollector
	after, before, limit := pageParams(q, &c)
	f := ledger.PaymentBatchFilter{After: ledger.PaymentBatchID(after), Before: ledger.PaymentBatchID(before), Limit: limit}
	if len(c) > 0 {
		return c.merge(f.Normalise())
	}
	page, err := s.store.PaymentBatches(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]batchJSON, len(page.Batches))
	for i, b := range page.Batches {
		out[i] = batchOf(b)
	}
	// The totals are of every batch, not of the page alone.
	body := map[string]any{"paymentBatches": out, "total": page.Total, "payouts": page.Payouts, "amount": page.Amount}
	pageLinks(w, r, body, string(page.Next), string(page.Prev))
	return writeJSON(w, http.StatusOK, body)
}

// getPaymentBatch answers a batch as JSON, or its SEPA file as
// application/xml: the same bytes every time.
func (s *Server) getPaymentBatch(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	media, err := negotiate(r, mediaJSON, mediaXML, "text/xml")
	if err != nil {
		return err
	}
	b, err := s.store.PaymentBatch(r.Context(), ledger.PaymentBatchID(mux.Vars(r)["batchId"]))
	if err != nil {
		return err
	}
	if media == mediaJSON {
		return writeJSON(w, http.StatusOK, batchOf(b))
	}
	if !sess.SeesEveryCase() {
		// The file names every payee and can leave none out.
		return ledger.Errorf(ledger.EFORBIDDEN, "the role %s may not read a payment file: it names every payee, so only a role that sees every case may; ask for application/json to read the batch without them", sess.Role)
	}
	var buf bytes.Buffer
	if err := reports.Pain001(&buf, &b); err != nil {
		return err
	}
	w.Header().Set("Content-Type", mediaXML+"; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": string(b.ID) + ".xml"}))
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}
