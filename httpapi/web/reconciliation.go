package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// The reconciliation of a bank statement with the ledger on the pages
// (ledger.Reconciliation), for finance and auditors: choose a debtor
// account and one of its statements, see the bank's booked balances beside
// the pots' bank accounts over the statement's days and every difference
// explained (or named unexplained), and download the accountant's PDF and
// CSV. The choice is in the address (?rekening=IBAN&afschrift=ID), so a
// reconciliation can be linked to; without it the page shows the newest
// statement of the first account that has one.

// reconciliationPath is the page's address; its documents are below it.
const reconciliationPath = bankPath + "/afstemming"

// reconciliationTitle is the page's title.
const reconciliationTitle = "Afstemming bank en grootboek"

// reconciliationStatements is how many of an account's statements the
// page lists to choose from, newest first.
const reconciliationStatements = 24

type reconciliationPage struct {
	Accounts []ledger.ReconciliationAccount
	// IBAN is the chosen account; Statements its newest statements and
	// More whether it has more than those.
	IBAN       string
	Statements []ledger.BankStatementRow
	More       bool
	// R is the reconciliation (nil when there is none to show); Problem
	// says in Dutch why not.
	R       *ledger.Reconciliation
	Problem string
	downloads
}

// Verdict is the reconciliation's headline (reports.ReconciliationVerdict):
// the same words as the PDF's.
func (p reconciliationPage) Verdict() string {
	if p.R == nil {
		return ""
	}
	return reports.ReconciliationVerdict(p.R)
}

// Action and Timing are the differences that need action and the others
// (timing differences and the ledger's own bookkeeping), each in order.
func (p reconciliationPage) Action() []ledger.ReconciliationItem { return p.items(true) }

// Timing: see Action.
func (p reconciliationPage) Timing() []ledger.ReconciliationItem { return p.items(false) }

func (p reconciliationPage) items(action bool) []ledger.ReconciliationItem {
	if p.R == nil {
		return nil
	}
	var out []ledger.ReconciliationItem
	for _, it := range p.R.Items {
		if it.NeedsAction == action {
			out = append(out, it)
		}
	}
	return out
}

// Given is a booked balance of the statement in Dutch, or "niet gegeven"
// when the statement does not give it.
func (p reconciliationPage) Given(c *ledger.Cents) string {
	if c == nil {
		return "niet gegeven"
	}
	return reports.Euro(*c)
}

// StatementLink is the address of the account's statement on the page.
func (p reconciliationPage) StatementLink(id string) string {
	return reconciliationPath + "?" + url.Values{"rekening": {p.IBAN}, "afschrift": {id}}.Encode()
}

// reconciliation shows the chosen statement's reconciliation. A rekening
// that is no IBAN or an afschrift the account lacks is a 400 saying so,
// with the choice to make again; an account without statements says that
// one must be imported first.
func (h *Handler) reconciliation(w http.ResponseWriter, r *http.Request, s *session) error {
	accts, err := h.store.ReconciliationAccounts(ctx(r), s.Actor)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	v := reconciliationPage{Accounts: accts, IBAN: strings.TrimSpace(q.Get("rekening"))}
	if v.IBAN == "" {
		for _, a := range accts {
			if len(a.Statements) > 0 {
				v.IBAN = a.IBAN
				break
			}
		}
	}
	if v.IBAN == "" {
		v.Problem = "Er is nog geen afschrift van een betaalrekening ingelezen. Lees een rekeningafschrift (camt.053) in op de pagina Bankbestanden; daarna ziet u hier de afstemming."
		h.render(w, r, s, http.StatusOK, "reconciliation", reconciliationTitle, v)
		return nil
	}
	if iban, err := ledger.ParseIBAN(v.IBAN); err == nil {
		v.IBAN = string(iban)
	}
	for _, a := range accts {
		if a.IBAN == v.IBAN {
			v.Statements = a.Statements
		}
	}
	if len(v.Statements) > reconciliationStatements {
		v.Statements, v.More = v.Statements[:reconciliationStatements], true
	}
	rec, err := h.store.Reconciliation(ctx(r), s.Actor, v.IBAN, q.Get("afschrift"))
	status := http.StatusOK
	switch ledger.ErrorCode(err) {
	case "":
		v.R = &rec
		file := reconciliationPath + "/afstemming.%s?" + url.Values{"rekening": {rec.IBAN}, "afschrift": {rec.StatementID}}.Encode()
		v.downloads = newDownloads(strings.Replace(file, "%s", "pdf", 1), strings.Replace(file, "%s", "csv", 1))
	case ledger.EINVALID:
		v.Problem, status = pageMessage(err), http.StatusBadRequest
	case ledger.ENOTFOUND:
		v.Problem = pageMessage(err)
	case ledger.ECONFLICT:
		v.Problem, status = pageMessage(err), http.StatusConflict
	default:
		return err
	}
	h.render(w, r, s, status, "reconciliation", reconciliationTitle, v)
	return nil
}

// reconciliationFile downloads the chosen statement's reconciliation as
// the accountant's PDF or CSV (afstemming.pdf, afstemming.csv, with
// ?indeling=nl for the Dutch CSV).
func (h *Handler) reconciliationFile(w http.ResponseWriter, r *http.Request, s *session) error {
	ext := strings.TrimPrefix(mux.Vars(r)["file"], "afstemming.")
	if ext != "pdf" && ext != "csv" {
		return ledger.NewError(ledger.ENOTFOUND, ledger.MsgNoReportFile, ledger.Quoted(mux.Vars(r)["file"]))
	}
	dialect, err := csvDialect(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	rec, err := h.store.Reconciliation(ctx(r), s.Actor, q.Get("rekening"), q.Get("afschrift"))
	if err != nil {
		return err
	}
	return sendReport(w, reports.ReconciliationFileName(&rec), ext,
		func(b *bytes.Buffer) error { return reports.ReconciliationPDF(b, &rec, h.now()) },
		func(b *bytes.Buffer) error { return reports.ReconciliationCSV(b, &rec, dialect) })
}
