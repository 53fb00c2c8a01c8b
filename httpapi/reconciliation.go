package httpapi

import (
	"bytes"
	"net/http"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// The reconciliation of a bank statement with the ledger, for finance and
// auditors: as JSON, or as the accountant's PDF or CSV (Accept), and the
// accounts and statements to choose from.

// getReconciliation reconciles ?statement= (the newest when left out) of
// the account ?iban= with the ledger. 400 names iban for an IBAN that is
// none and statement for one the account does not have; 404 when no
// statement of the account was imported.
func (s *Server) getReconciliation(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "iban", "statement", "csvDialect")
	if err != nil {
		return err
	}
	media, err := negotiate(r, mediaJSON, mediaPDF, mediaCSV)
	if err != nil {
		return err
	}
	var c fieldCollector
	dialect := csvDialect(q, &c)
	if err := c.merge(nil); err != nil {
		return err
	}
	rec, err := s.store.Reconciliation(r.Context(), sess.Actor, q.Get("iban"), q.Get("statement"))
	if err != nil {
		return err
	}
	return writeDocument(w, media, reports.ReconciliationFileName(&rec), rec,
		func(b *bytes.Buffer) error { return reports.ReconciliationPDF(b, &rec, s.now()) },
		func(b *bytes.Buffer) error { return reports.ReconciliationCSV(b, &rec, dialect) })
}

// bankStatement is a statement as the API lists it: its days and booked
// balances (absent when the bank gave none).
type bankStatement struct {
	ID      string        `json:"id"`
	From    ledger.Date   `json:"from"`
	To      ledger.Date   `json:"to"`
	Opening *ledger.Cents `json:"opening,omitempty"`
	Closing *ledger.Cents `json:"closing,omitempty"`
}

// bankAccount is a debtor account with its statements, newest first.
type bankAccount struct {
	IBAN       string                 `json:"iban"`
	Holder     string                 `json:"holder"`
	Pots       []ledger.ReconciledPot `json:"pots"`
	Statements []bankStatement        `json:"statements"`
}

// listBankStatements lists the debtor accounts and their imported
// statements, to reconcile.
func (s *Server) listBankStatements(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	accts, err := s.store.ReconciliationAccounts(r.Context(), sess.Actor)
	if err != nil {
		return err
	}
	out := make([]bankAccount, len(accts))
	for i, a := range accts {
		out[i] = bankAccount{IBAN: a.IBAN, Holder: a.Holder, Pots: a.Pots, Statements: make([]bankStatement, len(a.Statements))}
		if out[i].Pots == nil {
			out[i].Pots = []ledger.ReconciledPot{}
		}
		for j, st := range a.Statements {
			bs := bankStatement{ID: st.StatementID, From: st.From, To: st.To}
			if st.Opening != nil {
				bs.Opening = &st.Opening.Amount
			}
			if st.Closing != nil {
				bs.Closing = &st.Closing.Amount
			}
			out[i].Statements[j] = bs
		}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"accounts": out})
}
