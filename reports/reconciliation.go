package reports

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
)

// The reconciliation of a bank statement with the ledger
// (ledger.Reconciliation) for the accountant: the bank's booked balances
// beside the pots' bank accounts over the statement's days, and every
// difference by kind, with what it refers to. The PDF is in Dutch; the CSV
// has one row per figure and per difference, so a spreadsheet can add the
// differences up to the difference of the movements.

// ReconciliationFileName is the name of a reconciliation's document,
// without its extension: "afstemming-NL35BNGH0285170412-20261016".
func ReconciliationFileName(r *ledger.Reconciliation) string {
	return "afstemming-" + Slug(r.IBAN) + "-" + Slug(r.StatementID)
}

// ReconciliationCSV writes the reconciliation as CSV in the dialect d (see
// package sheet): the bank's figures, the ledger's, then each difference
// with its kind and references, and the totals. Amounts are number cells
// (money in positive), the rest guarded text.
func ReconciliationCSV(w io.Writer, r *ledger.Reconciliation, d sheet.Dialect) error {
	cw := sheet.NewDialectWriter(w, d)
	row := func(section, kind, text string, amount ledger.Cents, payouts, entries, txs string) {
		cw.Row(sheet.Text(section), sheet.Text(kind), sheet.Text(text), amountCell(amount), sheet.Text(payouts), sheet.Text(entries), sheet.Text(txs))
	}
	cw.Strings("sectie", "soort", "omschrijving", "bedrag", "uitbetalingen", "bankboekingen", "journaaltransacties")
	days := DutchDate(r.From) + " t/m " + DutchDate(r.To)
	about := "rekening " + r.IBAN + ", afschrift " + r.StatementID + ", " + days
	if r.BalancesGiven {
		row("bank", "opening", "beginsaldo (geboekt) "+about, r.BankOpening, "", "", "")
		row("bank", "closing", "eindsaldo (geboekt)", r.BankClosing, "", "", "")
	}
	row("bank", "movement", "mutatie volgens de bank", r.BankMovement, "", "", "")
	row("bank", "entries", strconv.Itoa(r.Entries)+" ingelezen boekingen", r.EntriesTotal, "", "", "")
	row("grootboek", "opening", "bankrekening van "+potNames(r)+" aan het begin", r.LedgerOpening, "", "", "")
	row("grootboek", "closing", "bankrekening aan het eind", r.LedgerClosing, "", "", "")
	row("grootboek", "movement", "mutatie volgens het grootboek", r.LedgerMovement, "", "", "")
	for _, it := range r.Items {
		row("verschil", string(it.Kind), it.Kind.Dutch()+": "+it.TextNL, it.Amount, joinIDs(it.Payouts), strings.Join(it.Entries, " "), joinSeqs(it.Transactions))
	}
	row("totaal", "difference", "verschil: bank min grootboek", r.Difference, "", "", "")
	row("totaal", "explained", "verklaard", r.Explained, "", "", "")
	row("totaal", "unexplained", "onverklaard", r.Unexplained, "", "", "")
	return cw.Flush()
}

// ReconciliationPDF writes the reconciliation as a PDF in Dutch; madeAt is
// when it was made (the PDF's creation date and footer).
func ReconciliationPDF(w io.Writer, r *ledger.Reconciliation, madeAt time.Time) error {
	_, err := reconciliationPDF(w, r, madeAt, pdfOptions{})
	return err
}

func reconciliationPDF(w io.Writer, r *ledger.Reconciliation, madeAt time.Time, opts pdfOptions) (*doc, error) {
	title := "Afstemming bank en grootboek"
	d := newDoc(title, fmt.Sprintf("Afstemming · %s · afschrift %s · gemaakt %s", r.IBAN, r.StatementID, DutchMoment(madeAt)), portrait, madeAt, opts)
	holder := r.IBAN
	if r.Holder != "" {
		holder = r.IBAN + " (" + r.Holder + ")"
	}
	d.title(title, "Rekening "+holder+", afschrift "+r.StatementID+", "+DutchDate(r.From)+" tot en met "+DutchDate(r.To),
		"Bankrekening in het grootboek van "+potNames(r)+", over dezelfde dagen (valutadatum).")

	d.heading("Bank en grootboek")
	bankOpen, bankClose := "niet gegeven", "niet gegeven"
	if r.BalancesGiven {
		bankOpen, bankClose = Euro(r.BankOpening), Euro(r.BankClosing)
	}
	d.table([]column{{header: "", width: 2.2}, {header: "Bank", width: 1, right: true}, {header: "Grootboek", width: 1, right: true}}, [][]string{
		{"Beginsaldo", bankOpen, Euro(r.LedgerOpening)},
		{"Eindsaldo", bankClose, Euro(r.LedgerClosing)},
		{"Mutatie", Euro(r.BankMovement), Euro(r.LedgerMovement)},
	}, true)
	d.note(fmt.Sprintf("De %d ingelezen boekingen van de bank in deze dagen tellen op tot %s. De saldi zelf zijn niet te vergelijken: op de rekening staat ook geld van de gemeente dat nog niet in een pot is gestort; de mutaties wel.",
		r.Entries, Euro(r.EntriesTotal)))

	d.heading("Verschillen en hun verklaring")
	var rows [][]string
	for _, it := range r.Items {
		refs := joinIDs(it.Payouts)
		if e := strings.Join(it.Entries, " "); e != "" {
			refs = strings.TrimSpace(refs + " " + e)
		}
		if t := joinSeqs(it.Transactions); t != "" {
			refs = strings.TrimSpace(refs + " journaal " + t)
		}
		rows = append(rows, []string{it.Kind.Dutch(), it.TextNL, refs, Euro(it.Amount)})
	}
	rows = append(rows, []string{"Verschil bank min grootboek", "", "", Euro(r.Difference)})
	d.table([]column{{header: "Soort", width: 1.2}, {header: "Omschrijving", width: 2.6}, {header: "Verwijst naar", width: 1.6}, {header: "Bedrag", width: 0.9, right: true, fit: true}}, rows, true)
	if r.Reconciled() {
		d.note("Elk verschil is verklaard: de mutatie van het grootboek plus de verschillen is de mutatie van de bank, tot op de cent.")
	} else {
		d.note(fmt.Sprintf("Onverklaard: %s. Dit deel van het verschil volgt uit geen van de regels; zoek het uit voordat de periode wordt afgesloten.", Euro(r.Unexplained)))
	}
	d.note("Een bedrag is de kant van de bank min die van het grootboek: wat het verschil bij de mutatie van het grootboek optelt om op die van de bank uit te komen.")
	return d, d.write(w)
}

// potNames names the reconciled pots, in Dutch.
func potNames(r *ledger.Reconciliation) string {
	if len(r.Pots) == 0 {
		return "geen pot"
	}
	names := make([]string, len(r.Pots))
	for i, p := range r.Pots {
		names[i] = p.Name
	}
	if len(names) == 1 {
		return "pot " + names[0]
	}
	return "de potten " + strings.Join(names[:len(names)-1], ", ") + " en " + names[len(names)-1]
}

func joinIDs(ids []ledger.PayoutID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, " ")
}

func joinSeqs(seqs []int64) string {
	s := make([]string, len(seqs))
	for i, n := range seqs {
		s[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(s, " ")
}
