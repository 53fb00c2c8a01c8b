package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// potNames maps every pot to "name year", for lists.
func (h *Handler) potNames(r *http.Request) (map[ledger.PotID]string, []ledger.Pot, error) {
	pots, err := h.store.Pots(ctx(r))
	if err != nil {
		return nil, nil, err
	}
	names := make(map[ledger.PotID]string, len(pots))
	for _, p := range pots {
		names[p.ID] = potLabel(&p)
	}
	return names, pots, nil
}

func potLabel(p *ledger.Pot) string { return p.Name + " " + strconv.Itoa(p.Year) }

type queuePage struct {
	Items    []queueRow
	Bands    []allocation.BandTotal
	Pots     []ledger.Pot
	PotID    ledger.PotID
	Band     string
	Total    int
	Shown    int
	BandList []allocation.AgeBand
	// Next is the cursor of the next page ("" on the last); Paged is set
	// on a page after the first.
	Next  string
	Paged bool
}

type queueRow struct {
	allocation.QueueItem
	PotName  string
	Category string
}

// queueLimit is how many queue items the page lists at once.
const queueLimit = 200

// queue is finance's work list: spent payouts whose cost is not (fully)
// allocated, oldest first, each with the suggested allocation.
func (h *Handler) queue(w http.ResponseWriter, r *http.Request, s *session) error {
	names, pots, err := h.potNames(r)
	if err != nil {
		return err
	}
	v := queuePage{Pots: pots, PotID: ledger.PotID(r.URL.Query().Get("pot")), Band: r.URL.Query().Get("leeftijd"),
		BandList: []allocation.AgeBand{allocation.BandRecent, allocation.BandOlder, allocation.BandOverdue}}
	if _, ok := names[v.PotID]; !ok {
		v.PotID = ""
	}
	band := allocation.AgeBand(v.Band)
	if !slices.Contains(v.BandList, band) {
		band, v.Band = "", ""
	}
	v.Paged = r.URL.Query().Get("na") != ""
	page, err := h.alloc.Queue(ctx(r), allocation.QueueQuery{PotID: v.PotID, Band: band, Limit: queueLimit, After: r.URL.Query().Get("na")})
	if ledger.ErrorCode(err) == ledger.EINVALID {
		// A cursor from an old link: start at the first page.
		v.Paged = false
		page, err = h.alloc.Queue(ctx(r), allocation.QueueQuery{PotID: v.PotID, Band: band, Limit: queueLimit})
	}
	if err != nil {
		return err
	}
	v.Next = page.Next
	labels, err := h.categoryLabels(r)
	if err != nil {
		return err
	}
	v.Bands, v.Total = page.Totals, page.Matched
	for _, it := range page.Items {
		v.Items = append(v.Items, queueRow{QueueItem: it, PotName: names[it.Fact.PotID], Category: labelOr(labels, it.Fact.Category)})
	}
	v.Shown = len(v.Items)
	h.render(w, r, s, http.StatusOK, "queue", "Toerekenen", v)
	return nil
}

func (h *Handler) categoryLabels(r *http.Request) (map[string]string, error) {
	cats, err := h.store.Categories(ctx(r))
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(cats))
	for _, c := range cats {
		out[c.Code] = c.Label
	}
	return out, nil
}

func labelOr(labels map[string]string, code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	return code
}

// targetOption is a choice of the allocation form's target list.
type targetOption struct {
	Value, Label string
}

// targetOptions are the allocation targets in Dutch.
var targetOptions = []targetOption{
	{string(ledger.LawWmo), "Wmo 2015"},
	{string(ledger.LawJeugdwet), "Jeugdwet"},
	{string(ledger.LawParticipatiewet), "Participatiewet"},
	{string(ledger.LawWgs), "Wgs (schuldhulp)"},
	{string(ledger.TargetParty), "Externe partij"},
	{string(ledger.TargetMaatwerk), "Maatwerk (pot)"},
}

type allocatePage struct {
	P           ledger.Payout
	PotName     string
	Category    string
	Suggestion  allocation.Suggestion
	History     []ledger.Allocation
	Current     *ledger.Allocation
	Form        *form
	Rows        []int
	Targets     []targetOption
	Taakvelden  []taakveldOption
	Parties     []ledger.Party
	BookingYear int
	Correcting  bool
}

// allocationRows is how many line rows the form offers beyond those filled
// in.
const allocationRows = 2

// allocationForm shows a payout's cost, where the rules suggest it goes,
// and the form to allocate it, prefilled with the current allocation or
// else the suggestion.
func (h *Handler) allocationForm(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.renderAllocation(w, r, s, newForm(nil).keyed(), http.StatusOK, true)
}

func (h *Handler) renderAllocation(w http.ResponseWriter, r *http.Request, s *session, f *form, status int, prefill bool) error {
	p, err := h.store.Payout(ctx(r), ledger.PayoutID(mux.Vars(r)["id"]))
	if err != nil {
		return err
	}
	pot, err := h.store.Pot(ctx(r), p.PotID)
	if err != nil {
		return err
	}
	v := allocatePage{P: p, PotName: potLabel(&pot), Form: f, Targets: targetOptions, BookingYear: p.BookingYear()}
	labels, err := h.categoryLabels(r)
	if err != nil {
		return err
	}
	v.Category = labelOr(labels, p.Category)
	if v.History, err = h.store.Allocations(ctx(r), p.ID); err != nil {
		return err
	}
	for i := range v.History {
		if v.History[i].Current {
			v.Current = &v.History[i]
		}
	}
	v.Correcting = v.Current != nil && len(v.Current.Lines) > 0
	// Settled by the bank is spent too: its cost is allocated like a
	// paid one's.
	if p.Status.Spent() {
		if v.Suggestion, err = h.alloc.Suggestion(ctx(r), &p); err != nil {
			return err
		}
	}
	list, err := h.store.Taakvelden(ctx(r))
	if err != nil {
		return err
	}
	v.Taakvelden = taakveldOptions(list, v.BookingYear)
	if v.Parties, err = h.store.Parties(ctx(r)); err != nil {
		return err
	}
	if prefill {
		lines := v.Suggestion.Lines
		if v.Correcting {
			lines = v.Current.Lines
		}
		for i, l := range lines {
			prefix := "lines[" + strconv.Itoa(i) + "]."
			f.Values[prefix+"target"] = string(l.Target)
			f.Values[prefix+"taakveld"] = l.Taakveld
			f.Values[prefix+"economicCategory"] = string(l.EconomicCategory)
			f.Values[prefix+"party"] = string(l.PartyID)
			f.Values[prefix+"amount"] = inputAmount(l.Amount)
		}
	}
	filled := 0
	for i := 0; i < ledger.MaxAllocationLines; i++ {
		if f.Get(lineField(i, "target")) != "" || f.Get(lineField(i, "amount")) != "" || f.Get(lineField(i, "percent")) != "" {
			filled = i + 1
		}
	}
	v.Rows = seq(min(max(filled+allocationRows, 3), ledger.MaxAllocationLines))
	h.render(w, r, s, status, "allocate", "Toerekenen "+euro(p.Amount), v)
	return nil
}

func lineField(i int, name string) string { return "lines[" + strconv.Itoa(i) + "]." + name }

// allocate books the allocation the form describes. Empty rows are left
// out; a row has an amount or a percentage.
func (h *Handler) allocate(w http.ResponseWriter, r *http.Request, s *session) error {
	f := newForm(r)
	id := ledger.PayoutID(mux.Vars(r)["id"])
	var lines []formLine
	for i := 0; i < ledger.MaxAllocationLines; i++ {
		target := f.Get(lineField(i, "target"))
		amount := strings.TrimSpace(f.Get(lineField(i, "amount")))
		percent := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f.Get(lineField(i, "percent"))), "%"))
		if target == "" && amount == "" && percent == "" {
			continue
		}
		// The ledger names lines by their place in the request: number them
		// as booked, and show errors at the row they came from.
		row := len(lines)
		if row != i {
			moveLine(f, i, row)
		}
		line := formLine{sized: true, Line: allocation.Line{AllocationLine: ledger.AllocationLine{Target: ledger.Target(target), Taakveld: f.Get(lineField(row, "taakveld")),
			EconomicCategory: ledger.EconomicCategory(f.Get(lineField(row, "economicCategory"))), PartyID: ledger.PartyID(f.Get(lineField(row, "party")))}}}
		if target == "" {
			f.Fail(lineField(row, "target"), "Kies waar deze kosten heen gaan.")
		}
		if _, isLaw := line.Target.Law(); !isLaw {
			line.Taakveld, line.EconomicCategory = "", ""
		}
		if line.Target != ledger.TargetParty {
			line.PartyID = ""
		}
		switch {
		case amount != "" && percent != "":
			f.Fail(lineField(row, "amount"), "Geef een bedrag of een percentage, niet allebei.")
			line.sized = false
		case amount != "":
			c, msg := parseEuro(amount)
			if msg != "" {
				f.Fail(lineField(row, "amount"), msg)
				line.sized = false
			}
			line.Amount = c
		case percent != "":
			read := strings.Replace(percent, ",", ".", 1)
			pct, err := ledger.ParsePercent(read)
			if err != nil {
				f.Fail(lineField(row, "percent"), percentMessage(err, percent, read))
				line.sized = false
			}
			line.Percent = pct
		default:
			f.Fail(lineField(row, "amount"), "Vul een bedrag in (of een percentage van wat de bedragen overlaten).")
			line.sized = false
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		f.Summary = "Vul minstens één regel in: waar de kosten heen gaan en welk bedrag of percentage."
	} else {
		// Everything else that is wrong, at once.
		p, err := h.store.Payout(ctx(r), id)
		if err != nil {
			return err
		}
		if err := h.checkAllocation(r, f, &p, lines); err != nil {
			return err
		}
	}
	if f.Failed() {
		return h.renderAllocation(w, r, s, f, http.StatusBadRequest, false)
	}
	req := allocation.AllocateRequest{PayoutID: id, Note: f.Get("note"), IdempotencyKey: f.Get("sleutel")}
	for _, l := range lines {
		req.Lines = append(req.Lines, l.Line)
	}
	_, dropped, err := h.alloc.Allocate(ctx(r), s.Actor, req)
	if err != nil {
		// What only the booking finds (a correction without a note, the
		// same lines again): about the lines together at "lines", above
		// them.
		if err := f.refuse(err, lineFormField); err != nil {
			return err
		}
		return h.renderAllocation(w, r, s, f, refusedStatus(err), false)
	}
	melding := "toegerekend"
	if dropped > 0 {
		melding = "toegerekend-nul"
	}
	redirect(w, r, "/financien", melding)
	return nil
}

// lineFormField names the form field of an error about a line: the
// ledger's "percentage" is the form's "percent", and an error about a
// whole line is shown at its target.
func lineFormField(field string) string {
	if rest, ok := strings.CutPrefix(field, "lines["); ok {
		n, tail, _ := strings.Cut(rest, "]")
		switch tail {
		case "":
			tail = ".target"
		case ".percentage":
			tail = ".percent"
		}
		return "lines[" + n + "]" + tail
	}
	return field
}

// moveLine moves a row's values to another row number.
func moveLine(f *form, from, to int) {
	for _, name := range []string{"target", "taakveld", "economicCategory", "party", "amount", "percent"} {
		f.Values[lineField(to, name)] = f.Values[lineField(from, name)]
		delete(f.Values, lineField(from, name))
	}
}

type receivablesPage struct {
	Receivables []receivableRow
	// Open and Total are of the whole list, not of the page alone.
	Open   ledger.Cents
	Total  int
	Status string
	Today  string
	Pager  pager
}

type receivableRow struct {
	ledger.Receivable
	PotName string
	Form    *form
	// Action is where the payment form posts: with the list's filter and
	// page, so a refused payment shows the same page again and a
	// recorded one goes back to it.
	Action string
}

// receivables lists what outside parties owe, a page at a time, with a
// form to record a payment on each open one.
func (h *Handler) receivables(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.renderReceivables(w, r, s, "", nil, http.StatusOK)
}

func (h *Handler) renderReceivables(w http.ResponseWriter, r *http.Request, s *session, failedID ledger.ReceivableID, failed *form, status int) error {
	filter := r.URL.Query().Get("status")
	switch filter {
	case string(ledger.ReceivableOpen), string(ledger.ReceivableSettled), string(ledger.ReceivableCancelled), "alle":
	default:
		filter = string(ledger.ReceivableOpen)
	}
	st := ledger.ReceivableStatus(filter)
	if filter == "alle" {
		st = ""
	}
	after, before := mainList.cursors(r)
	page, err := h.store.Receivables(ctx(r), ledger.ReceivableFilter{Status: st, After: ledger.ReceivableID(after), Before: ledger.ReceivableID(before), Limit: pageSize})
	if err != nil {
		return h.badPage(w, r, s, err)
	}
	names, _, err := h.potNames(r)
	if err != nil {
		return err
	}
	today := ledger.DateOf(h.now()).String()
	v := receivablesPage{Status: filter, Today: today, Open: page.Open, Total: page.Total,
		Pager: mainList.pager(r, "Pagina's van de vorderingen", string(page.Next), string(page.Prev))}
	q := r.URL.Query()
	q.Del("melding")
	for _, rc := range page.Receivables {
		row := receivableRow{Receivable: rc, PotName: names[rc.PotID], Action: (&url.URL{Path: "/financien/vorderingen/" + string(rc.ID), RawQuery: q.Encode()}).String()}
		if rc.ID == failedID {
			row.Form = failed
		} else if rc.Status == ledger.ReceivableOpen {
			row.Form = newForm(nil)
			row.Form.Values["amount"] = inputAmount(rc.Open)
			row.Form.Values["valueDate"] = today
			row.Form.keyed()
		}
		v.Receivables = append(v.Receivables, row)
	}
	h.render(w, r, s, status, "receivables", "Vorderingen", v)
	return nil
}

// settle records a party's payment of a receivable.
func (h *Handler) settle(w http.ResponseWriter, r *http.Request, s *session) error {
	f := newForm(r, "amount", "valueDate", "reference")
	id := ledger.ReceivableID(mux.Vars(r)["id"])
	req := ledger.Settlement{ReceivableID: id, Reference: f.Get("reference"), IdempotencyKey: f.Get("sleutel")}
	amount, msg := parseEuro(f.Get("amount"))
	if msg != "" {
		f.Fail("amount", msg)
	}
	req.Amount = amount
	if d, err := ledger.ParseDate(f.Get("valueDate")); err != nil {
		f.Fail("valueDate", dateMessage(err, "Kies de dag waarop het geld binnenkwam."))
	} else {
		req.ValueDate = d
	}
	if !f.Failed() {
		_, err := h.store.Settle(ctx(r), s.Actor, req)
		if err == nil {
			// Back to the page the payment was recorded on.
			to := "/financien/vorderingen"
			if r.URL.RawQuery != "" {
				to += "?" + r.URL.RawQuery
			}
			redirect(w, r, to, "betaald")
			return nil
		}
		if err := f.refuse(err, nil); err != nil {
			return err
		}
	}
	return h.renderReceivables(w, r, s, id, f, http.StatusBadRequest)
}

type periodsPage struct {
	Closed  []ledger.ClosedPeriod
	Options []ledger.Period
	Form    *form
}

// closablePeriods lists the months and quarters of last year and this one
// that can still be closed, oldest first, each quarter after its last
// month: in the order finance closes them. A period can be closed once it
// has ended (ledger.ClosePeriod.Validate) and while a day of it is open: a
// month inside a closed quarter is closed already, and a quarter whose
// months were all closed one by one has nothing left to close (the ledger
// would take it, but it would change nothing).
func closablePeriods(closed []ledger.ClosedPeriod, today ledger.Date) []ledger.Period {
	var out []ledger.Period
	add := func(p ledger.Period) {
		if p.End.Before(today) && !ledger.Covered(p, closed) {
			out = append(out, p)
		}
	}
	for year := today.Year() - 1; year <= today.Year(); year++ {
		for m := 1; m <= 12; m++ {
			add(ledger.Month(year, time.Month(m)))
			if m%3 == 0 {
				add(ledger.Quarter(year, m/3))
			}
		}
	}
	return out
}

// periods shows the closed periods and a form to close one.
func (h *Handler) periods(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.renderPeriods(w, r, s, newForm(nil).keyed(), http.StatusOK)
}

func (h *Handler) renderPeriods(w http.ResponseWriter, r *http.Request, s *session, f *form, status int) error {
	closed, err := h.store.ClosedPeriods(ctx(r))
	if err != nil {
		return err
	}
	sort.Slice(closed, func(i, j int) bool { return closed[i].Start.After(closed[j].Start) })
	v := periodsPage{Closed: closed, Options: closablePeriods(closed, ledger.DateOf(h.now())), Form: f}
	h.render(w, r, s, status, "periods", "Perioden", v)
	return nil
}

// closePeriod closes a period, after the user confirmed it cannot be
// undone.
func (h *Handler) closePeriod(w http.ResponseWriter, r *http.Request, s *session) error {
	f := newForm(r, "period", "confirm")
	p, err := ledger.ParsePeriod(f.Get("period"))
	if err != nil {
		f.Fail("period", "Kies een maand of kwartaal uit de lijst.")
	}
	if f.Get("confirm") != "ja" {
		f.Fail("confirm", "Bevestig dat u weet dat afsluiten niet terug te draaien is.")
	}
	if !f.Failed() {
		_, err := h.store.ClosePeriod(ctx(r), s.Actor, ledger.ClosePeriod{Period: p, IdempotencyKey: f.Get("sleutel")})
		if err == nil {
			redirect(w, r, "/financien/perioden", "afgesloten")
			return nil
		}
		if err := f.refuse(err, nil); err != nil {
			return err
		}
		if f.Summary != "" {
			// Whatever is wrong with closing it is said at the period.
			f.Fail("period", f.Summary)
			f.Summary = ""
		}
	}
	return h.renderPeriods(w, r, s, f, http.StatusBadRequest)
}

type paymentsPage struct {
	Batches []ledger.PaymentBatch
	// Batched is the totals of every batch, not of the page alone.
	Batched ledger.PaymentBatchPage
	Pager   pager
	Unpaid  []unpaidLine
	Total   unpaidLine
	Pots    []ledger.Pot
	Form    *form
	Today   string
	// LastDay is the latest execution date a run takes
	// (ledger.MaxExecutionDays ahead).
	LastDay string
	Skipped []string
	Names   map[ledger.PotID]string
}

// unpaidLine is what a pot has approved and not yet paid.
type unpaidLine struct {
	PotID   ledger.PotID
	PotName string
	Payouts int
	Amount  ledger.Cents
	Account bool
}

// payments lists the payment batches a page at a time and what waits to be
// paid per pot, with the form that previews the next SEPA file.
func (h *Handler) payments(w http.ResponseWriter, r *http.Request, s *session) error {
	f := newForm(nil)
	f.Values["executionDate"] = ledger.DateOf(h.now()).String()
	return h.renderPayments(w, r, s, f, http.StatusOK)
}

func (h *Handler) renderPayments(w http.ResponseWriter, r *http.Request, s *session, f *form, status int) error {
	names, pots, err := h.potNames(r)
	if err != nil {
		return err
	}
	after, before := mainList.cursors(r)
	page, err := h.store.PaymentBatches(ctx(r), ledger.PaymentBatchFilter{After: ledger.PaymentBatchID(after), Before: ledger.PaymentBatchID(before), Limit: pageSize})
	if err != nil {
		return h.badPage(w, r, s, err)
	}
	v := paymentsPage{Batches: page.Batches, Batched: page, Pots: pots, Form: f, Today: ledger.DateOf(h.now()).String(), LastDay: ledger.DateOf(h.now()).AddDays(ledger.MaxExecutionDays).String(), Names: names,
		Pager: mainList.pager(r, "Pagina's van de betaalbestanden", string(page.Next), string(page.Prev))}
	for _, id := range strings.Split(r.URL.Query().Get("overgeslagen"), ",") {
		if n, ok := names[ledger.PotID(id)]; ok {
			v.Skipped = append(v.Skipped, n)
		}
	}
	// What waits, summed per pot by the store: the approved payouts
	// alone, never the paid history.
	unpaid, err := h.store.Unpaid(ctx(r))
	if err != nil {
		return err
	}
	account := map[ledger.PotID]bool{}
	for _, p := range pots {
		account[p.ID] = p.DebtorAccount != nil
	}
	for _, u := range unpaid {
		v.Unpaid = append(v.Unpaid, unpaidLine{PotID: u.PotID, PotName: names[u.PotID], Payouts: u.Payouts, Amount: u.Amount, Account: account[u.PotID]})
		v.Total.Payouts += u.Payouts
		v.Total.Amount += u.Amount
	}
	// By pot name, as the pots are listed everywhere.
	sort.SliceStable(v.Unpaid, func(i, j int) bool { return v.Unpaid[i].PotName < v.Unpaid[j].PotName })
	h.render(w, r, s, status, "payments", "Betalingen", v)
	return nil
}

// pay books the payment run finance confirmed on its preview: the form
// carries the preview's plan, and the ledger pays exactly that or refuses.
// A refusal because something changed since shows the new preview, to be
// confirmed again; a form without a plan (a page of an earlier release, a
// request made by hand) gets the preview first and books nothing.
func (h *Handler) pay(w http.ResponseWriter, r *http.Request, s *session) error {
	f := newForm(r, "potId", "executionDate")
	if f.Get("plan") == "" {
		return h.preview(w, r, s, f, "", http.StatusOK)
	}
	req := paymentRequest(f)
	req.Plan, req.IdempotencyKey = f.Get("plan"), f.Get("sleutel")
	if !f.Failed() {
		b, err := h.store.CreatePaymentBatch(ctx(r), s.Actor, req)
		if err == nil {
			to := "/financien/betalingen?nieuw=" + string(b.ID)
			if len(b.SkippedPots) > 0 {
				ids := make([]string, len(b.SkippedPots))
				for i, id := range b.SkippedPots {
					ids[i] = string(id)
				}
				to += "&overgeslagen=" + strings.Join(ids, ",")
			}
			redirect(w, r, to, "batch")
			return nil
		}
		if planChanged(err) {
			return h.preview(w, r, s, f, dutchMessage(err), http.StatusConflict)
		}
		if err := f.refuse(err, nil); err != nil {
			return err
		}
		return h.renderPayments(w, r, s, f, refusedStatus(err))
	}
	return h.renderPayments(w, r, s, f, http.StatusBadRequest)
}

// paymentFile downloads a batch's pain.001 file.
func (h *Handler) paymentFile(w http.ResponseWriter, r *http.Request, s *session) error {
	b, err := h.store.PaymentBatch(ctx(r), ledger.PaymentBatchID(mux.Vars(r)["id"]))
	if err != nil {
		return err
	}
	var buf strings.Builder
	if err := reports.Pain001(&buf, &b); err != nil {
		return err
	}
	download(w, "application/xml; charset=utf-8", string(b.ID)+".xml", buf.String())
	return nil
}
