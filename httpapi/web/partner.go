package web

import (
	"bytes"
	"net/http"
	"sort"
	"strings"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// statementLink is one statement a page offers: a pot's quarter, as a page
// (partners) and as PDF and CSV files (the CSV in both dialects).
type statementLink struct {
	Pot         ledger.Pot
	Quarter     ledger.Period
	Provisional bool
	View        string
	downloads
}

// startedQuarters lists a year's quarters that have begun by today, newest
// first.
func startedQuarters(year int, today ledger.Date) []ledger.Period {
	var out []ledger.Period
	for q := 4; q >= 1; q-- {
		p := ledger.Quarter(year, q)
		if !p.Start.After(today) {
			out = append(out, p)
		}
	}
	return out
}

// closedSet tells which periods closed months or quarters cover.
func (h *Handler) closedSet(r *http.Request) (func(ledger.Period) bool, error) {
	closed, err := h.store.ClosedPeriods(ctx(r))
	if err != nil {
		return nil, err
	}
	return func(q ledger.Period) bool { return ledger.Covered(q, closed) }, nil
}

// fileLink is the address of a statement file; partner adds the
// recipient (finance's copies for a partner).
func fileLink(pot ledger.PotID, quarter, ext string, partner ledger.PartnerID) string {
	u := "/verantwoording/" + string(pot) + "/" + quarter + "." + ext
	if partner != "" {
		u += "?partner=" + string(partner)
	}
	return u
}

type partnerPage struct {
	Partner ledger.Partner
	Pots    []partnerPot
}

type partnerPot struct {
	Pot        ledger.Pot
	Pledged    ledger.Cents
	Received   ledger.Cents
	Statements []statementLink
}

// partnerPots lists the pots a partner funds with its pledge.
func (h *Handler) partnerPots(r *http.Request, partner ledger.PartnerID) ([]partnerPot, error) {
	funding, err := h.store.Funding(ctx(r), "")
	if err != nil {
		return nil, err
	}
	var out []partnerPot
	for _, f := range funding {
		if f.PartnerID != partner {
			continue
		}
		pot, err := h.store.Pot(ctx(r), f.PotID)
		if err != nil {
			return nil, err
		}
		out = append(out, partnerPot{Pot: pot, Pledged: f.Pledged, Received: f.Received})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pot.Year != out[j].Pot.Year {
			return out[i].Pot.Year > out[j].Pot.Year
		}
		return out[i].Pot.Name < out[j].Pot.Name
	})
	return out, nil
}

// partnerHome lists the statements of the pots the partner funds.
func (h *Handler) partnerHome(w http.ResponseWriter, r *http.Request, s *session) error {
	partner, err := h.store.Partner(ctx(r), s.Partner)
	if err != nil {
		return err
	}
	pots, err := h.partnerPots(r, s.Partner)
	if err != nil {
		return err
	}
	isClosed, err := h.closedSet(r)
	if err != nil {
		return err
	}
	today := ledger.DateOf(h.now())
	for i := range pots {
		for _, q := range startedQuarters(pots[i].Pot.Year, today) {
			id := pots[i].Pot.ID
			pots[i].Statements = append(pots[i].Statements, statementLink{Pot: pots[i].Pot, Quarter: q, Provisional: !isClosed(q),
				View: "/partner/" + string(id) + "/" + q.Label, downloads: newDownloads(fileLink(id, q.Label, "pdf", ""), fileLink(id, q.Label, "csv", ""))})
		}
	}
	h.render(w, r, s, http.StatusOK, "partner", "Verantwoordingen", partnerPage{Partner: partner, Pots: pots})
	return nil
}

// fundedPot returns a pot the partner funds; any other is "not found", so
// its existence does not leak.
func (h *Handler) fundedPot(r *http.Request, partner ledger.PartnerID, id ledger.PotID) (ledger.Pot, error) {
	pots, err := h.partnerPots(r, partner)
	if err != nil {
		return ledger.Pot{}, err
	}
	for _, p := range pots {
		if p.Pot.ID == id {
			return p.Pot, nil
		}
	}
	return ledger.Pot{}, ledger.NewError(ledger.ENOTFOUND, ledger.MsgNotAFundedPot, ledger.Quoted(id))
}

type statementView struct {
	S *reports.Statement
	downloads
}

// partnerStatement shows a statement as a page.
func (h *Handler) partnerStatement(w http.ResponseWriter, r *http.Request, s *session) error {
	pot, err := h.fundedPot(r, s.Partner, ledger.PotID(mux.Vars(r)["pot"]))
	if err != nil {
		return err
	}
	st, err := h.statement(r, pot, mux.Vars(r)["quarter"], s.Partner)
	if err != nil {
		return err
	}
	h.render(w, r, s, http.StatusOK, "statement", "Verantwoording "+reports.PeriodName(st.Period), statementView{S: st,
		downloads: newDownloads(fileLink(pot.ID, st.Period.Label, "pdf", ""), fileLink(pot.ID, st.Period.Label, "csv", ""))})
	return nil
}

// statement makes a pot's statement for a quarter, addressed to a partner
// ("" for the municipality's own copy).
func (h *Handler) statement(r *http.Request, pot ledger.Pot, quarter string, partner ledger.PartnerID) (*reports.Statement, error) {
	q, err := ledger.ParsePeriod(quarter)
	if err != nil || !strings.Contains(q.Label, "-Q") {
		return nil, ledger.NewError(ledger.ENOTFOUND, ledger.MsgNoStatement, ledger.Quoted(quarter))
	}
	var recipient *ledger.Partner
	if partner != "" {
		p, err := h.store.Partner(ctx(r), partner)
		if err != nil {
			return nil, err
		}
		recipient = &p
	}
	v, err := h.verify(ctx(r))
	if err != nil {
		return nil, err
	}
	return h.reports.Statement(ctx(r), pot.ID, q, recipient, v)
}

// statementFile downloads a statement as PDF or CSV (in the dialect
// ?indeling= names: see csvDialect). A partner gets the statements of the
// pots it funds, addressed to it; others may name the partner to address
// it to.
func (h *Handler) statementFile(w http.ResponseWriter, r *http.Request, s *session) error {
	quarter, ext, ok := strings.Cut(mux.Vars(r)["file"], ".")
	if !ok || (ext != "pdf" && ext != "csv") {
		return ledger.NewError(ledger.ENOTFOUND, ledger.MsgNoStatementFile, ledger.Quoted(mux.Vars(r)["file"]))
	}
	dialect, err := csvDialect(r)
	if err != nil {
		return err
	}
	id := ledger.PotID(mux.Vars(r)["pot"])
	partner := ledger.PartnerID(r.URL.Query().Get("partner"))
	var pot ledger.Pot
	if s.Role == ledger.RolePartner {
		partner = s.Partner
		pot, err = h.fundedPot(r, s.Partner, id)
	} else {
		pot, err = h.store.Pot(ctx(r), id)
	}
	if err != nil {
		return err
	}
	if partner != "" && s.Role != ledger.RolePartner {
		if _, err := h.fundedPot(r, partner, pot.ID); err != nil {
			return ledger.NewError(ledger.ENOTFOUND, ledger.MsgNotAFunder, ledger.Quoted(partner), ledger.Quoted(pot.ID))
		}
	}
	st, err := h.statement(r, pot, quarter, partner)
	if err != nil {
		return err
	}
	name := st.FileName()
	var buf bytes.Buffer
	if ext == "pdf" {
		if err := reports.StatementPDF(&buf, st); err != nil {
			return err
		}
		download(w, "application/pdf", name+".pdf", buf.String())
		return nil
	}
	if err := reports.StatementCSV(&buf, st, dialect); err != nil {
		return err
	}
	download(w, "text/csv; charset=utf-8", name+".csv", buf.String())
	return nil
}

type statementsPage struct {
	Quarters []ledger.Period
	Quarter  ledger.Period
	Rows     []statementRow
}

// statementRow is one pot's statements of the chosen quarter: the
// municipality's own copy and one per funding partner.
type statementRow struct {
	Pot         ledger.Pot
	Provisional bool
	Own         statementLink
	Partners    []partnerLink
}

type partnerLink struct {
	Name string
	downloads
}

// statementsPage offers finance every pot's statements for a quarter.
func (h *Handler) statementsPage(w http.ResponseWriter, r *http.Request, s *session) error {
	today := ledger.DateOf(h.now())
	v := statementsPage{}
	for year := today.Year(); year >= today.Year()-1; year-- {
		v.Quarters = append(v.Quarters, startedQuarters(year, today)...)
	}
	v.Quarter = v.Quarters[0]
	if want := r.URL.Query().Get("kwartaal"); want != "" {
		found := false
		for _, q := range v.Quarters {
			if q.Label == want {
				v.Quarter, found = q, true
			}
		}
		if !found {
			return ledger.NewError(ledger.EINVALID, ledger.MsgNotAChoosableQuarter, ledger.Quoted(want))
		}
	}
	pots, err := h.store.Pots(ctx(r))
	if err != nil {
		return err
	}
	funding, err := h.store.Funding(ctx(r), "")
	if err != nil {
		return err
	}
	isClosed, err := h.closedSet(r)
	if err != nil {
		return err
	}
	for _, p := range pots {
		if p.Year != v.Quarter.Start.Year() {
			continue
		}
		row := statementRow{Pot: p, Provisional: !isClosed(v.Quarter),
			Own: statementLink{downloads: newDownloads(fileLink(p.ID, v.Quarter.Label, "pdf", ""), fileLink(p.ID, v.Quarter.Label, "csv", ""))}}
		for _, f := range funding {
			if f.PotID == p.ID {
				row.Partners = append(row.Partners, partnerLink{Name: f.PartnerName,
					downloads: newDownloads(fileLink(p.ID, v.Quarter.Label, "pdf", f.PartnerID), fileLink(p.ID, v.Quarter.Label, "csv", f.PartnerID))})
			}
		}
		v.Rows = append(v.Rows, row)
	}
	sort.Slice(v.Rows, func(i, j int) bool { return v.Rows[i].Pot.Name < v.Rows[j].Pot.Name })
	h.render(w, r, s, http.StatusOK, "statements", "Verantwoording", v)
	return nil
}
