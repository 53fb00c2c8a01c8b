package httpapi

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// Learning from what was spent: evaluations, regret, signals, timeliness;
// and the reference data behind the reallocation: the Iv3 code list and the
// suggestion rules.

type evaluationBody struct {
	Outcome         string  `json:"outcome" validate:"required"`
	RegrettedAmount *string `json:"regrettedAmount"`
	Note            string  `json:"note" validate:"required,max=2000"`
}

func (s *Server) evaluate(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b evaluationBody
	if err := decode(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var c fieldCollector
	req := ledger.EvaluationRequest{PayoutID: ledger.PayoutID(mux.Vars(r)["payoutId"]), Outcome: ledger.EvalOutcome(b.Outcome), Note: b.Note, IdempotencyKey: key}
	if b.RegrettedAmount != nil {
		req.Regretted, err = ledger.ParseMoney(*b.RegrettedAmount)
		c.add("regrettedAmount", err)
	}
	if shape := shapeErrors(&b); len(c) > 0 || len(shape) > 0 {
		probe := req
		return mergeFields(c, domainFields(probe.Validate()), shape)
	}
	e, err := s.store.Evaluate(r.Context(), sess.Actor, req)
	if err != nil {
		return err
	}
	p, err := s.store.Payout(r.Context(), e.PayoutID)
	if err != nil {
		return err
	}
	return created(w, "/api/v1/payouts/"+string(e.PayoutID)+"/evaluations", evaluationOf(e, sess, p.RequestedBy))
}

func (s *Server) listEvaluations(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	p, err := s.store.Payout(r.Context(), ledger.PayoutID(mux.Vars(r)["payoutId"]))
	if err != nil {
		return err
	}
	es, err := s.store.Evaluations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	out := make([]evaluationJSON, len(es))
	for i, e := range es {
		out[i] = evaluationOf(e, sess, p.RequestedBy)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"evaluations": out})
}

// regretJSON is a pot's regret: the figures of the calendar year at the
// top (ratio, status), the last twelve months beside them.
type regretJSON struct {
	PotID ledger.PotID `json:"potId"`
	allocation.RegretFigures
	Year             int                      `json:"year"`
	Threshold        ledger.Ratio             `json:"threshold"`
	WarningAt        ledger.Ratio             `json:"warningAt"`
	LastTwelveMonths allocation.RegretFigures `json:"lastTwelveMonths"`
}

// partnerMinCell is the smallest number of payouts a partner sees a
// category of: smaller groups are merged into "other", so that no resident
// can be recognised.
const partnerMinCell = 5

func (s *Server) getRegret(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "year")
	if err != nil {
		return err
	}
	var c fieldCollector
	year := int(intParam(q, "year", &c))
	if q.Has("year") && (year < 2000 || year > 2100) {
		c = append(c, ledger.FieldError{Field: "year", Reason: "must be a calendar year such as 2026"})
	}
	if len(c) > 0 {
		return c.merge(nil)
	}
	pot, err := s.visiblePot(r.Context(), sess, ledger.PotID(mux.Vars(r)["potId"]))
	if err != nil {
		return err
	}
	if year == 0 {
		year = s.alloc.RegretYear(&pot)
	}
	rep, err := s.alloc.Regret(r.Context(), &pot, year)
	if err != nil {
		return err
	}
	out := regretJSON{PotID: pot.ID, RegretFigures: rep.Year, Year: year, Threshold: rep.Threshold, WarningAt: rep.WarningAt, LastTwelveMonths: rep.LastTwelveMonths}
	if sess.Role == ledger.RolePartner {
		out.ByCategory = mergeSmallCategories(out.ByCategory)
		out.LastTwelveMonths.ByCategory = mergeSmallCategories(out.LastTwelveMonths.ByCategory)
	}
	out.ByCategory = nonNil(out.ByCategory)
	out.LastTwelveMonths.ByCategory = nonNil(out.LastTwelveMonths.ByCategory)
	return writeJSON(w, http.StatusOK, out)
}

// mergeSmallCategories merges the categories with fewer than partnerMinCell
// payouts into one "other" row (and drops that row too when it is still
// small), for readers who see aggregates only.
func mergeSmallCategories(cs []allocation.CategoryRegret) []allocation.CategoryRegret {
	var out []allocation.CategoryRegret
	other := allocation.CategoryRegret{Category: "other"}
	for _, c := range cs {
		if c.Payouts >= partnerMinCell && c.Category != "other" {
			out = append(out, c)
			continue
		}
		other.Payouts += c.Payouts
		other.Spent += c.Spent
		other.Regretted += c.Regretted
	}
	if other.Payouts >= partnerMinCell {
		other.Ratio = ledger.RatioOf(other.Regretted, other.Spent)
		out = append(out, other)
	}
	return out
}

func (s *Server) getTimeliness(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	pot, err := s.store.Pot(r.Context(), ledger.PotID(mux.Vars(r)["potId"]))
	if err != nil {
		return err
	}
	t, err := s.alloc.Timeliness(r.Context(), pot.ID, sess.Actor)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"potId": pot.ID, "stuckLimitDays": allocation.StuckLimitDays,
		"decisionLimitDays": allocation.DecisionLimitDays, "timeliness": potTimelinessOf(t)})
}

func (s *Server) listSignals(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "status", "threshold")
	if err != nil {
		return err
	}
	var c fieldCollector
	status := q.Get("status")
	if status != "" && status != "open" && status != "taken_up" {
		c = append(c, ledger.FieldError{Field: "status", Reason: "must be open or taken_up"})
	}
	threshold := int(intParam(q, "threshold", &c))
	if q.Has("threshold") && (threshold < 2 || threshold > 100) {
		c = append(c, ledger.FieldError{Field: "threshold", Reason: "must be 2 to 100 cases (default 3)"})
	}
	if len(c) > 0 {
		return c.merge(nil)
	}
	signals, err := s.alloc.SignalsFor(r.Context(), sess.Actor, threshold)
	if err != nil {
		return err
	}
	out := make([]allocation.Signal, 0, len(signals))
	for _, sg := range signals {
		if status == "open" && sg.TakenUp != nil || status == "taken_up" && sg.TakenUp == nil {
			continue
		}
		out = append(out, sg)
	}
	if threshold == 0 {
		threshold = allocation.DefaultSignalThreshold
	}
	return writeJSON(w, http.StatusOK, map[string]any{"threshold": threshold, "signals": out})
}

type uptakeBody struct {
	Note string `json:"note" validate:"required,max=2000"`
}

func (s *Server) takeUpSignal(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b uptakeBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	id := mux.Vars(r)["signalId"]
	signals, err := s.alloc.Signals(r.Context(), 2)
	if err != nil {
		return err
	}
	found := false
	for _, sg := range signals {
		found = found || sg.ID == id
	}
	if !found {
		return ledger.Errorf(ledger.ENOTFOUND, "there is no signal %q in the last twelve months; list the signals to find its id", id)
	}
	u, err := s.store.TakeUpSignal(r.Context(), sess.Actor, ledger.SignalUptake{SignalID: id, Note: b.Note, IdempotencyKey: key})
	if err != nil {
		return err
	}
	return created(w, "/api/v1/signals", u)
}

func (s *Server) listTaakvelden(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "year", "law")
	if err != nil {
		return err
	}
	var c fieldCollector
	year := int(intParam(q, "year", &c))
	law := q.Get("law")
	if _, ok := ledger.ParseLaw(law); law != "" && !ok {
		c = append(c, ledger.FieldError{Field: "law", Reason: "must be one of wmo, jeugdwet, participatiewet, wgs"})
	}
	if len(c) > 0 {
		return c.merge(nil)
	}
	list, err := s.store.Taakvelden(r.Context())
	if err != nil {
		return err
	}
	out := ledger.TaakveldList{}
	for _, t := range list {
		if (year == 0 || t.ValidIn(year)) && (law == "" || t.Belongs(ledger.Law(law))) {
			out = append(out, t)
		}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"taakvelden": out})
}

type taakveldenBody struct {
	Source     string            `json:"source" validate:"max=200"`
	Taakvelden []ledger.Taakveld `json:"taakvelden" validate:"required"`
}

// importTaakvelden replaces the code list: a JSON body with the list, or
// the CSV file itself as text/csv.
func (s *Server) importTaakvelden(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var list ledger.TaakveldList
	source := "api"
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "text/csv" && !isJSON(mt)) {
		what := "the request has no Content-Type"
		if ct := r.Header.Get("Content-Type"); ct != "" {
			what = "the body is " + ct
		}
		return &httpError{code: codeMediaType, message: what + "; send the list as JSON with the header Content-Type: application/json, or the CSV file itself with Content-Type: text/csv"}
	}
	if mt == "text/csv" {
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
		if err != nil {
			return decodeError(err)
		}
		if list, err = ledger.ParseTaakveldCSV(bytes.NewReader(raw)); err != nil {
			return err
		}
		source = "api (csv)"
	} else {
		var b taakveldenBody
		if err := decodeValid(w, r, &b); err != nil {
			return err
		}
		list = b.Taakvelden
		if strings.TrimSpace(b.Source) != "" {
			source = b.Source
		}
	}
	imp, err := s.store.ImportTaakvelden(r.Context(), sess.Actor, list, source)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, imp)
}

func (s *Server) listRules(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	return s.writeRules(w, r)
}

// writeRules answers the rule table with what finance did with each rule.
func (s *Server) writeRules(w http.ResponseWriter, r *http.Request) error {
	rules, err := s.store.AllocationRules(r.Context())
	if err != nil {
		return err
	}
	stats, err := s.store.RuleStats(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"rules": nonNil(rules), "stats": nonNil(stats)})
}

type rulesBody struct {
	Rules []ledger.AllocationRule `json:"rules" validate:"required,min=1,max=200"`
}

func (s *Server) setRules(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b rulesBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	if err := s.store.SetAllocationRules(r.Context(), sess.Actor, b.Rules); err != nil {
		return err
	}
	return s.writeRules(w, r)
}
