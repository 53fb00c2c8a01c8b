package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// requestFields are the request form's fields, in the order it shows them.
var requestFields = []string{"potId", "amount", "category", "urgency", "caseRef", "residentUnder18", "paidTo", "spendingBound",
	"payee.name", "payee.iban", "payee.reference", "justification.situation", "justification.severity", "justification.residentInvolvement",
	"justification.expectedReturn", "justification.deviatesFrom", "justification.regularRouteTried", "justification.stuckSince"}

// potOption is a pot a user can request from, with what the form shows of
// it: the money available, the user's own mandate, who decides above it.
type potOption struct {
	ID        ledger.PotID
	Label     string
	Available ledger.Cents
	Limit     string // cents, "" for no limit
	LimitText string
	Deciders  string
}

type requestPage struct {
	Form       *form
	Pots       []potOption
	Categories []ledger.Category
	Similar    []similarLine
	Today      string
}

// similarLine is an earlier decision in a category: what was asked and
// what became of it, no person.
type similarLine struct {
	Date    ledger.Date
	Amount  ledger.Cents
	Status  ledger.Status
	Outcome ledger.EvalOutcome
}

// requestPots lists the pots of this year the role has a mandate on.
func (h *Handler) requestPots(r *http.Request, s *session) ([]potOption, error) {
	pots, err := h.store.Pots(ctx(r))
	if err != nil {
		return nil, err
	}
	year := ledger.DateOf(h.now()).Year()
	var out []potOption
	for _, p := range pots {
		level, ok := p.Mandate(s.Role)
		if !ok || p.Year != year {
			continue
		}
		b, err := h.store.Balance(ctx(r), p.ID)
		if err != nil {
			return nil, err
		}
		o := potOption{ID: p.ID, Label: p.Name + " " + strconv.Itoa(p.Year), Available: b.Available + p.OverdraftLimit, LimitText: "zonder grens"}
		if !level.Unlimited {
			o.Limit = strconv.FormatInt(int64(level.Limit), 10)
			o.LimitText = "tot " + euro(level.Limit)
		}
		var above []string
		for _, m := range p.Mandates {
			if m.Role != s.Role && (level.Unlimited || m.Unlimited || m.Limit > level.Limit) {
				above = append(above, roleLabel(m.Role))
			}
		}
		o.Deciders = orList(above)
		out = append(out, o)
	}
	return out, nil
}

func orList(xs []string) string {
	switch len(xs) {
	case 0:
		return "niemand"
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " of " + xs[len(xs)-1]
}

// similarDecisions lists the last decisions in a category, across pots:
// so similar cases are treated alike.
func (h *Handler) similarDecisions(r *http.Request, category string) ([]similarLine, error) {
	if category == "" {
		return nil, nil
	}
	page, err := h.store.Payouts(ctx(r), ledger.PayoutFilter{Category: category, Limit: 10})
	if err != nil {
		return nil, err
	}
	var out []similarLine
	for _, p := range page.Payouts {
		if p.Status == ledger.StatusPending {
			continue
		}
		l := similarLine{Date: p.ValueDate, Amount: p.Amount, Status: p.Status}
		if p.Evaluation != nil {
			l.Outcome = p.Evaluation.Outcome
		}
		out = append(out, l)
	}
	return out, nil
}

func (h *Handler) renderRequestForm(w http.ResponseWriter, r *http.Request, s *session, f *form, status int) error {
	pots, err := h.requestPots(r, s)
	if err != nil {
		return err
	}
	cats, err := h.store.Categories(ctx(r))
	if err != nil {
		return err
	}
	sort.Slice(cats, func(i, j int) bool { return cats[i].Label < cats[j].Label })
	similar, err := h.similarDecisions(r, f.Get("category"))
	if err != nil {
		return err
	}
	h.render(w, r, s, status, "request", "Nieuwe aanvraag", requestPage{Form: f, Pots: pots, Categories: cats, Similar: similar,
		Today: ledger.DateOf(h.now()).String()})
	return nil
}

func (h *Handler) requestForm(w http.ResponseWriter, r *http.Request, s *session) error {
	// The key makes a form sent twice (a double click, a reload) one
	// request.
	f := newForm(nil, requestFields...).keyed()
	f.Values["urgency"] = "normal"
	f.Values["paidTo"] = "provider"
	f.Values["spendingBound"] = "yes"
	f.Values["justification.severity"] = "3"
	return h.renderRequestForm(w, r, s, f, http.StatusOK)
}

// submitRequest books a request. A refused one is shown again with every
// field as typed.
func (h *Handler) submitRequest(w http.ResponseWriter, r *http.Request, s *session) error {
	f := newForm(r, requestFields...)
	req := ledger.PayoutRequest{
		PotID: ledger.PotID(f.Get("potId")), CaseRef: f.Get("caseRef"), Category: f.Get("category"),
		Urgency: ledger.Urgency(f.Get("urgency")), ResidentUnder18: f.Get("residentUnder18") == "yes", PaidTo: ledger.PaidTo(f.Get("paidTo")),
		Payee: ledger.Payee{Name: f.Get("payee.name"), IBAN: ledger.IBAN(f.Get("payee.iban")), Reference: f.Get("payee.reference")},
		Justification: ledger.Justification{
			Situation: f.Get("justification.situation"), ResidentInvolvement: f.Get("justification.residentInvolvement"),
			ExpectedReturn: f.Get("justification.expectedReturn"), RegularRouteTried: f.Get("justification.regularRouteTried"),
		},
		IdempotencyKey: f.Get("sleutel"),
	}
	bound := f.Get("spendingBound") != "no"
	req.SpendingBound = &bound
	amount, msg := parseEuro(f.Get("amount"))
	if msg != "" {
		f.Fail("amount", msg)
	}
	req.Amount = amount
	if sev, err := strconv.Atoi(f.Get("justification.severity")); err == nil {
		req.Justification.Severity = sev
	}
	for _, line := range strings.Split(f.Get("justification.deviatesFrom"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			req.Justification.DeviatesFrom = append(req.Justification.DeviatesFrom, line)
		}
	}
	if d := f.Get("justification.stuckSince"); d != "" {
		stuck, err := ledger.ParseDate(d)
		if err != nil {
			f.Fail("justification.stuckSince", dateMessage(err, "Dit is geen datum; kies een dag in de kalender."))
		}
		req.Justification.StuckSince = stuck
	}
	if req.PotID == "" {
		f.Fail("potId", "Kies de pot waaruit u betaalt.")
	}
	// The domain's checks, in Dutch, beside the form's own; the category
	// against the list, so an unknown one is said with the rest.
	cats, err := h.store.Categories(ctx(r))
	if err != nil {
		return err
	}
	probe := req
	if err := probe.ValidateIn(ledger.DateOf(h.now()), cats); err != nil {
		for field, m := range fieldMessages(err) {
			f.Fail(deviationField(field), m)
		}
	}
	if f.Failed() {
		return h.renderRequestForm(w, r, s, f, http.StatusBadRequest)
	}
	p, err := h.store.RequestPayout(ctx(r), s.Actor, req)
	if err != nil {
		if err := f.refuse(err, deviationField); err != nil {
			return err
		}
		return h.renderRequestForm(w, r, s, f, refusedStatus(err))
	}
	redirect(w, r, "/aanvragen/"+string(p.ID), "")
	return nil
}

// deviationField names the deviations' text area for an error about one
// of its lines.
func deviationField(field string) string {
	if strings.HasPrefix(field, "justification.deviatesFrom[") {
		return "justification.deviatesFrom"
	}
	return field
}

// similar answers the request form's script with the earlier decisions in
// a category, as the list the page shows.
func (h *Handler) similar(w http.ResponseWriter, r *http.Request, s *session) error {
	lines, err := h.similarDecisions(r, r.URL.Query().Get("categorie"))
	if err != nil {
		return err
	}
	t := h.pages["request"]
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return t.ExecuteTemplate(w, "similar", lines)
}

type requestsPage struct {
	// Requests is a page of the user's requests, newest first; Total is
	// how many they made.
	Requests []ledger.Payout
	Total    int
	Pager    pager
	// Due is a page of the evaluations the user owes, the longest
	// overdue first; DueTotal is how many.
	Due      []ledger.Payout
	DueTotal int
	DuePager pager
	Labels   map[string]string
}

// dueList is the cursor keys of the evaluations on the requests page.
var dueList = listKeys{"evaluaties-na", "evaluaties-voor"}

// myRequests lists the user's requests a page at a time, and the
// evaluations that are due (spent payouts of ledger.EvaluationDueDays or
// more without an evaluation), a page at a time too.
func (h *Handler) myRequests(w http.ResponseWriter, r *http.Request, s *session) error {
	after, before := mainList.cursors(r)
	page, err := h.store.Requests(ctx(r), s.Actor, ledger.WorkFilter{After: ledger.PayoutID(after), Before: ledger.PayoutID(before), Limit: pageSize})
	if err != nil {
		return h.badPage(w, r, s, err)
	}
	after, before = dueList.cursors(r)
	due, err := h.store.OwedEvaluations(ctx(r), s.Actor, ledger.WorkFilter{After: ledger.PayoutID(after), Before: ledger.PayoutID(before), Limit: pageSize})
	if err != nil {
		return h.badPage(w, r, s, err)
	}
	v := requestsPage{Requests: page.Payouts, Total: page.Total, Pager: mainList.pager(r, "Pagina's van uw aanvragen", string(page.Next), string(page.Prev)),
		Due: due.Payouts, DueTotal: due.Total, DuePager: dueList.pager(r, "Pagina's van de evaluaties", string(due.Next), string(due.Prev))}
	if v.Labels, err = h.categoryLabels(r); err != nil {
		return err
	}
	h.render(w, r, s, http.StatusOK, "requests", "Mijn aanvragen", v)
	return nil
}

type payoutPage struct {
	P ledger.Payout
	// Viewer is who reads the page, for the navigation.
	Viewer     ledger.Actor
	Full       bool
	Pot        ledger.Pot
	Category   string
	Deciders   string
	CanDecide  bool
	DecideWhy  string
	CanEval    bool
	Evals      []ledger.Evaluation
	Allocs     []ledger.Allocation
	Timeliness allocation.PayoutTimeliness
	Form       *form
	EvalForm   *form
	Today      ledger.Date
	// For a decision: what the pot has available beside this request
	// (whose money is held already) and the earlier decisions in its
	// category, so similar cases are decided alike.
	Available ledger.Cents
	Similar   []similarLine
	// Unpaid says that the payout is approved but its money has not gone
	// out: it is evaluated once paid (ledger.Payout.Evaluable).
	Unpaid bool
	// CanReissue says the reader may pay this returned payout again to a
	// corrected payee (ledger.Pot.CheckReissue), with ReissueForm.
	CanReissue  bool
	ReissueForm *form
}

// payoutForms are the forms of the payout page: the decision, the
// evaluation and the corrected payee of a returned payout, each empty or
// as a refused post left it.
type payoutForms struct {
	decision, eval, reissue *form
}

// freshPayoutForms are the payout page's forms, empty, with keys.
func freshPayoutForms() payoutForms {
	return payoutForms{
		decision: newForm(nil, "decision", "note").keyed(),
		eval:     newForm(nil, "outcome", "regrettedAmount", "note").keyed(),
		reissue:  newForm(nil, reissueFields...).keyed(),
	}
}

// reissueFields are the fields of the corrected payee, named as the
// ledger names them.
var reissueFields = []string{"payee.name", "payee.iban", "payee.reference"}

// navSection puts the payout page under the list the reader came from:
// their own requests for the requester, the inbox for an approver, the
// queue for finance; otherwise no entry is the current page.
func (v payoutPage) navSection() string {
	switch {
	case v.P.RequestedBy == v.Viewer.User:
		return "/aanvragen"
	case ledger.Allowed(v.Viewer.Role, ledger.ActDecidePayout):
		return "/beoordelen"
	case ledger.Allowed(v.Viewer.Role, ledger.ActAllocate):
		return "/financien"
	}
	return ""
}

// payoutPage shows a payout: the answer to a new request, the case in full
// for those who may see it, the decision form for an approver whose level
// covers it, the evaluation form once the money is spent.
func (h *Handler) payoutPage(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.renderPayout(w, r, s, http.StatusOK, freshPayoutForms())
}

func (h *Handler) renderPayout(w http.ResponseWriter, r *http.Request, s *session, status int, forms payoutForms) error {
	p, err := h.store.Payout(ctx(r), ledger.PayoutID(mux.Vars(r)["id"]))
	if err != nil {
		return err
	}
	pot, err := h.store.Pot(ctx(r), p.PotID)
	if err != nil {
		return err
	}
	// The page gets the payout as the user may see it: a template that
	// forgot to ask Full would find the case's fields empty.
	v := payoutPage{P: p.For(s.Actor), Viewer: s.Actor, Full: s.SeesCase(p.RequestedBy), Pot: pot, Form: forms.decision, EvalForm: forms.eval, ReissueForm: forms.reissue, Today: ledger.DateOf(h.now())}
	v.Category = p.Category
	if cats, err := h.store.Categories(ctx(r)); err == nil {
		for _, c := range cats {
			if c.Code == p.Category {
				v.Category = c.Label
			}
		}
	}
	var roles []string
	for _, role := range pot.Deciders(p.Amount) {
		roles = append(roles, roleLabel(role))
	}
	v.Deciders = orList(roles)
	if p.Status == ledger.StatusPending && ledger.Allowed(s.Role, ledger.ActDecidePayout) {
		if _, err := pot.CheckDecision(&p, s.Actor); err == nil {
			v.CanDecide = true
		} else {
			v.DecideWhy = dutchMessage(err)
		}
	}
	if v.CanDecide {
		b, err := h.store.Balance(ctx(r), pot.ID)
		if err != nil {
			return err
		}
		v.Available = b.Available + pot.OverdraftLimit
		if v.Similar, err = h.similarDecisions(r, p.Category); err != nil {
			return err
		}
	}
	if p.Status == ledger.StatusReturned && v.Full && pot.CheckReissue(&p, s.Actor) == nil {
		v.CanReissue = true
		if forms.reissue.Get("payee.iban") == "" && !forms.reissue.Failed() && !p.Payee.Erased {
			// The payee as it was, to correct: most often one field is
			// wrong.
			forms.reissue.Values["payee.name"] = p.Payee.Name
			forms.reissue.Values["payee.iban"] = p.Payee.IBAN.String()
			forms.reissue.Values["payee.reference"] = p.Payee.Reference
		}
	}
	mayEval := ledger.Allowed(s.Role, ledger.ActEvaluate) && (s.Role != ledger.RoleCaseworker || p.RequestedBy == s.User)
	v.CanEval = p.Evaluable() && mayEval
	v.Unpaid = p.Status == ledger.StatusApproved && mayEval
	if v.Full {
		if v.Evals, err = h.store.Evaluations(ctx(r), p.ID); err != nil {
			return err
		}
		f := p.Fact()
		v.Timeliness = allocation.ForPayout(&f, v.Today)
	}
	if ledger.Allowed(s.Role, ledger.ActReadQueue) {
		if v.Allocs, err = h.store.Allocations(ctx(r), p.ID); err != nil {
			return err
		}
		for i := range v.Allocs {
			v.Allocs[i] = v.Allocs[i].For(s.Actor, p.RequestedBy)
		}
	}
	h.render(w, r, s, status, "payout", "Aanvraag "+euro(p.Amount), v)
	return nil
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request, s *session) error {
	f := newForm(r, "decision", "note")
	d := ledger.Decision{PayoutID: ledger.PayoutID(mux.Vars(r)["id"]), Outcome: ledger.Outcome(f.Get("decision")), Note: f.Get("note"), IdempotencyKey: f.Get("sleutel")}
	if d.Outcome == "" {
		f.Fail("decision", "Kies goedkeuren of afwijzen.")
	}
	if err := d.Validate(); err != nil && !f.Failed() {
		_ = f.refuse(err, nil) // a check of the form: never internal
	}
	if !f.Failed() {
		_, err := h.store.DecidePayout(ctx(r), s.Actor, d)
		if err == nil {
			// The inbox names the request and what became of it.
			redirect(w, r, "/beoordelen?besloten="+url.QueryEscape(string(d.PayoutID)), "besloten")
			return nil
		}
		if err := f.refuse(err, nil); err != nil {
			return err
		}
		if f.Summary == "" {
			f.Summary = dutchMessage(err)
		}
	}
	forms := freshPayoutForms()
	forms.decision = f
	return h.renderPayout(w, r, s, http.StatusBadRequest, forms)
}

func (h *Handler) evaluate(w http.ResponseWriter, r *http.Request, s *session) error {
	f := newForm(r, "outcome", "regrettedAmount", "note")
	req := ledger.EvaluationRequest{PayoutID: ledger.PayoutID(mux.Vars(r)["id"]), Outcome: ledger.EvalOutcome(f.Get("outcome")), Note: f.Get("note"),
		IdempotencyKey: f.Get("sleutel")}
	if f.Get("outcome") == string(ledger.EvalPartial) {
		amount, msg := parseEuro(f.Get("regrettedAmount"))
		if msg != "" {
			f.Fail("regrettedAmount", msg)
		}
		req.Regretted = amount
	}
	if !f.Failed() {
		_, err := h.store.Evaluate(ctx(r), s.Actor, req)
		if err == nil {
			redirect(w, r, "/aanvragen/"+string(req.PayoutID), "geevalueerd")
			return nil
		}
		if err := f.refuse(err, nil); err != nil {
			return err
		}
	}
	forms := freshPayoutForms()
	forms.eval = f
	return h.renderPayout(w, r, s, http.StatusBadRequest, forms)
}

// reissue pays a returned payout again to the corrected payee, and shows
// the new payout; a refusal shows the payout again with the form as it
// was sent and what is wrong.
func (h *Handler) reissue(w http.ResponseWriter, r *http.Request, s *session) error {
	f := newForm(r, reissueFields...)
	req := ledger.Reissue{PayoutID: ledger.PayoutID(mux.Vars(r)["id"]), IdempotencyKey: f.Get("sleutel"),
		Payee: ledger.Payee{Name: f.Get("payee.name"), IBAN: ledger.IBAN(f.Get("payee.iban")), Reference: f.Get("payee.reference")}}
	p, err := h.store.ReissuePayout(ctx(r), s.Actor, req)
	if err == nil {
		redirect(w, r, "/aanvragen/"+string(p.ID), "opnieuw")
		return nil
	}
	if err := f.refuse(err, nil); err != nil {
		return err
	}
	forms := freshPayoutForms()
	forms.reissue = f
	return h.renderPayout(w, r, s, refusedStatus(err), forms)
}

type inboxPage struct {
	// Decided is the notice after a decision: which request, what was
	// decided ("" otherwise).
	Decided string
	Items   []inboxItem
	// Total is how many requests wait for the user's decision, Other
	// how many wait for someone else's.
	Total  int
	Other  int
	Pager  pager
	Labels map[string]string
}

type inboxItem struct {
	P        ledger.Payout
	PotName  string
	WaitDays int
}

// pageNotice is the notice the inbox shows after a decision.
func (v inboxPage) pageNotice() string { return v.Decided }

// decidedNotice says which request was decided and what became of it, as
// the ledger holds it now (not as the address says): "Uw besluit is
// vastgelegd: de aanvraag WIJK-2026-0107 van € 2.400,00 (Huurachterstand)
// uit Doorbraakpot 2026 is goedgekeurd." A payout that cannot be read, or
// that is not decided, gets the general notice.
func (h *Handler) decidedNotice(r *http.Request, s *session, id ledger.PayoutID, labels map[string]string) string {
	const general = "Uw besluit is vastgelegd."
	p, err := h.store.Payout(ctx(r), id)
	if err != nil || p.Decision == nil || p.Decision.By != s.User {
		return general
	}
	p = p.For(s.Actor)
	what := "de aanvraag " + string(p.ID)
	if label := caseLabel(p.CaseRef); label != p.CaseRef {
		what = "de aanvraag voor " + label // "zaak 3fa85f64…"
	} else if p.CaseRef != "" {
		what = "de aanvraag voor zaak " + p.CaseRef
	}
	outcome := "goedgekeurd"
	if p.Status == ledger.StatusRejected {
		outcome = "afgewezen"
	}
	pot := ""
	if pt, err := h.store.Pot(ctx(r), p.PotID); err == nil {
		pot = " uit " + potLabel(&pt)
	}
	return "Uw besluit is vastgelegd: " + what + " van " + euro(p.Amount) + " (" + labelOr(labels, p.Category) + ")" + pot + " is " + outcome + "."
}

// inbox lists the requests waiting for a decision the user may take
// (within their level, not their own), the longest waiting first, a page at
// a time: the store reads only the page's requests.
func (h *Handler) inbox(w http.ResponseWriter, r *http.Request, s *session) error {
	after, before := mainList.cursors(r)
	page, err := h.store.Inbox(ctx(r), s.Actor, ledger.WorkFilter{After: ledger.PayoutID(after), Before: ledger.PayoutID(before), Limit: pageSize})
	if err != nil {
		return h.badPage(w, r, s, err)
	}
	names, _, err := h.potNames(r)
	if err != nil {
		return err
	}
	today := ledger.DateOf(h.now())
	v := inboxPage{Total: page.Total, Other: page.Others, Pager: mainList.pager(r, "Pagina's van de aanvragen", string(page.Next), string(page.Prev))}
	for _, p := range page.Payouts {
		v.Items = append(v.Items, inboxItem{P: p, PotName: names[p.PotID], WaitDays: p.ValueDate.DaysUntil(today)})
	}
	if v.Labels, err = h.categoryLabels(r); err != nil {
		return err
	}
	if r.URL.Query().Get("melding") == "besloten" {
		v.Decided = h.decidedNotice(r, s, ledger.PayoutID(r.URL.Query().Get("besloten")), v.Labels)
	}
	h.render(w, r, s, http.StatusOK, "inbox", "Te beoordelen", v)
	return nil
}
