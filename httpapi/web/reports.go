package web

import (
	"bytes"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// The report pages: the finance view and the legitimacy report, for every
// role the permission table lets read them (ledger.ActReadFinanceView,
// ledger.ActReadLegitimacy), with the figures on the page itself in the
// documents' Dutch words, a period and pot picker, and the PDF and the CSV
// (in both dialects) to download. The pages show what the API answers: the
// same builder, the legitimacy report's exceptions a page at a time and as
// far as the reader may see them (reports.Legitimacy.For).

// Addresses of the report pages; a document is {period}.pdf or .csv
// below them (?pot= for one pot, ?indeling=nl for the Dutch CSV).
const (
	financeViewPath = "/overzichten/financieel"
	legitimacyPath  = "/overzichten/legitimiteit"
)

// The report pages' titles.
const (
	financeViewTitle = "Financieel overzicht"
	legitimacyTitle  = "Legitimiteit"
)

// reportPeriods are the periods the report pages offer: the years, the
// quarters and the months of this year and last that have begun by today,
// newest first, so the current quarter and month come first.
func reportPeriods(today ledger.Date) (years, quarters, months []ledger.Period) {
	for year := today.Year(); year >= today.Year()-1; year-- {
		y, _ := ledger.ParseReportPeriod(strconv.Itoa(year))
		years = append(years, y)
		quarters = append(quarters, startedQuarters(year, today)...)
		for m := time.December; m >= time.January; m-- {
			if p := ledger.Month(year, m); !p.Start.After(today) {
				months = append(months, p)
			}
		}
	}
	return years, quarters, months
}

// reportChoice is the picker of a report page and what it chose: a period
// (the current quarter unless ?periode= names another) and a pot ("" for
// every pot, or ?pot=).
type reportChoice struct {
	Action                  string
	Years, Quarters, Months []ledger.Period
	Period                  ledger.Period
	Pots                    []ledger.Pot
	Pot                     ledger.PotID
	// PotName is the chosen pot's name and year, "" for every pot.
	PotName string
}

// choose reads a report page's picker. ?periode= takes every period a
// report's address takes (ledger.ParseReportPeriod: a month, a quarter or
// a year), as the documents and the API do; one the picker does not list
// (an older one) is added to it, so the page shows what it chose. Errors:
// EINVALID for a period that is no period or has not begun, or a pot that
// does not exist (reportPot); the choice returned with them holds the
// picker with the default period, for the page that says what was wrong.
func (h *Handler) choose(r *http.Request, action string) (reportChoice, error) {
	today := ledger.DateOf(h.now())
	c := reportChoice{Action: action}
	c.Years, c.Quarters, c.Months = reportPeriods(today)
	c.Period = c.Quarters[0]
	pots, err := h.store.Pots(ctx(r))
	if err != nil {
		return c, err
	}
	sort.Slice(pots, func(i, j int) bool {
		if pots[i].Year != pots[j].Year {
			return pots[i].Year > pots[j].Year
		}
		return pots[i].Name < pots[j].Name
	})
	c.Pots = pots
	if want := r.URL.Query().Get("periode"); want != "" {
		p, err := ledger.ParseReportPeriod(want)
		if err != nil {
			return c, err
		}
		if p.Start.After(today) {
			return c, ledger.NewError(ledger.EINVALID, ledger.MsgPeriodNotBegun, p)
		}
		c.offer(p)
		c.Period = p
	}
	if id := ledger.PotID(r.URL.Query().Get("pot")); id != "" {
		pot, err := h.reportPot(r, id)
		if err != nil {
			return c, err
		}
		c.Pot, c.PotName = pot.ID, pot.Name+" "+strconv.Itoa(pot.Year)
	}
	return c, nil
}

// reportPot reads the pot of a report's ?pot=. A pot that does not exist
// is a mistake in the address's query, as an unknown filter is on the API:
// EINVALID (400, with the picker), not a page that is not there.
func (h *Handler) reportPot(r *http.Request, id ledger.PotID) (ledger.Pot, error) {
	pot, err := h.store.Pot(ctx(r), id)
	if ledger.ErrorCode(err) == ledger.ENOTFOUND {
		return pot, ledger.NewError(ledger.EINVALID, ledger.MsgReportNoPot, ledger.Quoted(id))
	}
	return pot, err
}

// offer adds p to the picker's list of its kind when it is not there: at
// the end, as the oldest.
func (c *reportChoice) offer(p ledger.Period) {
	list := &c.Months
	switch {
	case strings.Contains(p.Label, "Q"):
		list = &c.Quarters
	case len(p.Label) == 4:
		list = &c.Years
	}
	for _, q := range *list {
		if q.Label == p.Label {
			return
		}
	}
	*list = append(*list, p)
}

// badChoice answers a report page whose picker or report was refused for a
// mistake in the address (EINVALID: a period that is no period or has not
// begun): the page's title, the picker at the default period to choose
// again, and what was wrong, as 400. Any other error is returned for
// h.fail.
func (h *Handler) badChoice(w http.ResponseWriter, r *http.Request, s *session, title string, c reportChoice, err error) error {
	if ledger.ErrorCode(err) != ledger.EINVALID || c.Quarters == nil {
		return err
	}
	c.Period, c.Pot, c.PotName = c.Quarters[0], "", ""
	h.render(w, r, s, http.StatusBadRequest, "reportchoice", title,
		reportChoicePage{Heading: title, Problem: pageMessage(err), Choice: c, downloads: c.downloads(c.Action)})
	return nil
}

// reportChoicePage is a report page that could not be made: the picker
// and what was wrong.
type reportChoicePage struct {
	Heading, Problem string
	Choice           reportChoice
	downloads
}

// Scope names what the report covers: the pot, or every pot.
func (c reportChoice) Scope() string {
	if c.PotName != "" {
		return c.PotName
	}
	return "alle potten"
}

// downloads are the chosen report's documents below base.
func (c reportChoice) downloads(base string) downloads {
	link := func(ext string) string {
		u := base + "/" + c.Period.Label + "." + ext
		if c.Pot != "" {
			u += "?" + url.Values{"pot": {string(c.Pot)}}.Encode()
		}
		return u
	}
	return newDownloads(link("pdf"), link("csv"))
}

// reportFile reads a report document's address: the period and the format
// of {file} (2026-Q3.pdf, 2026-07.csv, 2026.pdf) and the pot of ?pot=.
// Errors: ENOTFOUND for a file that is no PDF or CSV; EINVALID for a PDF
// or CSV whose name is no period, or one out of range (what
// ledger.ParseReportPeriod says), and for a pot that does not exist.
func (h *Handler) reportFile(r *http.Request) (period ledger.Period, ext string, pot ledger.PotID, name string, err error) {
	file := mux.Vars(r)["file"]
	label, ext, ok := strings.Cut(file, ".")
	if !ok || (ext != "pdf" && ext != "csv") {
		return period, "", "", "", ledger.NewError(ledger.ENOTFOUND, ledger.MsgNoReportFile, ledger.Quoted(file))
	}
	// A PDF or CSV it is: what is wrong is the period, said as such.
	if period, err = ledger.ParseReportPeriod(label); err != nil {
		return period, "", "", "", err
	}
	if id := ledger.PotID(r.URL.Query().Get("pot")); id != "" {
		p, err := h.reportPot(r, id)
		if err != nil {
			return period, "", "", "", err
		}
		// The pot's year only when it is not the period's, as a
		// statement's download is named (reports.Statement.FileName).
		pot, name = p.ID, "-"+reports.Slug(p.Name)
		if p.Year != period.Start.Year() {
			name += "-" + strconv.Itoa(p.Year)
		}
	}
	return period, ext, pot, period.Label + name, nil
}

type financeViewPage struct {
	Choice reportChoice
	V      *reports.FinanceView
	downloads
}

// MaatwerkAndParties is what the pot bore itself and what it put to
// outside parties, together, as the PDF totals them.
func (p financeViewPage) MaatwerkAndParties() ledger.Cents { return p.V.Maatwerk + p.V.PartyTotal }

// financeView shows the finance view of the chosen period and pot.
func (h *Handler) financeView(w http.ResponseWriter, r *http.Request, s *session) error {
	c, err := h.choose(r, financeViewPath)
	if err != nil {
		return h.badChoice(w, r, s, financeViewTitle, c, err)
	}
	v, err := h.reports.FinanceView(ctx(r), c.Pot, c.Period)
	if err != nil {
		return h.badChoice(w, r, s, financeViewTitle, c, err)
	}
	h.render(w, r, s, http.StatusOK, "financeview", financeViewTitle, financeViewPage{Choice: c, V: v, downloads: c.downloads(financeViewPath)})
	return nil
}

// financeViewFile downloads the finance view as PDF or CSV.
func (h *Handler) financeViewFile(w http.ResponseWriter, r *http.Request, s *session) error {
	period, ext, pot, name, err := h.reportFile(r)
	if err != nil {
		return err
	}
	dialect, err := csvDialect(r)
	if err != nil {
		return err
	}
	v, err := h.reports.FinanceView(ctx(r), pot, period)
	if err != nil {
		return err
	}
	return sendReport(w, "financieel-overzicht-"+name, ext,
		func(b *bytes.Buffer) error { return reports.FinanceViewPDF(b, v) },
		func(b *bytes.Buffer) error { return reports.FinanceViewCSV(b, v, dialect) })
}

// sendReport writes a report's download, named name.pdf or name.csv by
// ext, made by pdf or csv; nothing is sent when it cannot be made.
func sendReport(w http.ResponseWriter, name, ext string, pdf, csv func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if ext == "pdf" {
		if err := pdf(&buf); err != nil {
			return err
		}
		download(w, "application/pdf", name+".pdf", buf.String())
		return nil
	}
	if err := csv(&buf); err != nil {
		return err
	}
	download(w, "text/csv; charset=utf-8", name+".csv", buf.String())
	return nil
}

type legitimacyPage struct {
	Choice reportChoice
	L      *reports.Legitimacy
	Pager  pager
	// Redacted is set when a line on the page leaves out the rules
	// because the reader may not see its case.
	Redacted bool
	downloads
}

// Note says what the exceptions show (the PDF's note).
func (p legitimacyPage) Note() string {
	if p.Redacted {
		return reports.ExceptionsNote + " " + reports.RedactedNote
	}
	return reports.ExceptionsNote
}

// legitimacy shows the legitimacy report of the chosen period and pot: the
// figures of the whole period, and its exceptions a page at a time (?na=,
// ?voor=), each as far as the reader may see it.
func (h *Handler) legitimacy(w http.ResponseWriter, r *http.Request, s *session) error {
	c, err := h.choose(r, legitimacyPath)
	if err != nil {
		return h.badChoice(w, r, s, legitimacyTitle, c, err)
	}
	after, before := mainList.cursors(r)
	page := reports.ExceptionPage{After: ledger.PayoutID(after), Before: ledger.PayoutID(before), Limit: pageSize}
	if err := page.Check(); err != nil {
		return h.badPage(w, r, s, err)
	}
	l, err := h.reports.LegitimacyPage(ctx(r), c.Pot, c.Period, page)
	if err != nil && (page.After != "" || page.Before != "") {
		return h.badPage(w, r, s, err)
	}
	if err != nil {
		return h.badChoice(w, r, s, legitimacyTitle, c, err)
	}
	l = l.For(s.Actor)
	v := legitimacyPage{Choice: c, L: l, Pager: mainList.pager(r, "Uitzonderingen", string(l.NextCursor), string(l.PrevCursor)),
		downloads: c.downloads(legitimacyPath)}
	for _, x := range l.Exceptions {
		v.Redacted = v.Redacted || x.Redacted
	}
	h.render(w, r, s, http.StatusOK, "legitimacy", legitimacyTitle, v)
	return nil
}

// legitimacyFile downloads the legitimacy report, with every exception as
// far as the reader may see it, as PDF or CSV.
func (h *Handler) legitimacyFile(w http.ResponseWriter, r *http.Request, s *session) error {
	period, ext, pot, name, err := h.reportFile(r)
	if err != nil {
		return err
	}
	dialect, err := csvDialect(r)
	if err != nil {
		return err
	}
	l, err := h.reports.Legitimacy(ctx(r), pot, period)
	if err != nil {
		return err
	}
	l = l.For(s.Actor)
	return sendReport(w, "legitimiteit-"+name, ext,
		func(b *bytes.Buffer) error { return reports.LegitimacyPDF(b, l) },
		func(b *bytes.Buffer) error { return reports.LegitimacyCSV(b, l, dialect) })
}
