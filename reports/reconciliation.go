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
// package sheet): the statement, the bank's figures (a balance only when
// the statement gives it), the ledger's, then each difference with its
// kind, references and whether it needs action, the totals and the
// journal's checkpoint. Amounts are number cells (money in positive), the
// rest guarded text.
func ReconciliationCSV(w io.Writer, r *ledger.Reconciliation, d sheet.Dialect) error {
	cw := sheet.NewDialectWriter(w, d)
	row := func(section, kind, text string, amount ledger.Cents, payouts, entries, txs, action string) {
		cw.Row(sheet.Text(section), sheet.Text(kind), sheet.Text(text), amountCell(amount), sheet.Text(payouts), sheet.Text(entries), sheet.Text(txs), sheet.Text(action))
	}
	cw.Strings("sectie", "soort", "omschrijving", "bedrag", "uitbetalingen", "bankboekingen", "journaaltransacties", "vraagt_actie")
	days := DutchDate(r.From) + " t/m " + DutchDate(r.To)
	cw.Row(sheet.Text("bank"), sheet.Text("statement"), sheet.Text("rekening "+r.IBAN+", afschrift "+r.StatementID+", "+days),
		sheet.Empty, sheet.Empty, sheet.Empty, sheet.Empty, sheet.Empty)
	if r.BankOpening != nil {
		row("bank", "opening", "beginsaldo (geboekt)", *r.BankOpening, "", "", "", "")
	}
	if r.BankClosing != nil {
		row("bank", "closing", "eindsaldo (geboekt)", *r.BankClosing, "", "", "", "")
	}
	movement := "mutatie volgens de bank"
	if !r.BalancesGiven {
		movement += " (de som van de boekingen: het afschrift geeft niet beide saldi)"
	}
	row("bank", "movement", movement, r.BankMovement, "", "", "", "")
	row("bank", "entries", strconv.Itoa(r.Entries)+" ingelezen boekingen", r.EntriesTotal, "", "", "", "")
	row("grootboek", "opening", "bankrekening van "+potNames(r)+" aan het begin", r.LedgerOpening, "", "", "", "")
	row("grootboek", "closing", "bankrekening aan het eind", r.LedgerClosing, "", "", "", "")
	row("grootboek", "movement", "mutatie volgens het grootboek", r.LedgerMovement, "", "", "", "")
	if r.OtherAccountPostings > 0 {
		row("grootboek", "other_account", otherAccountNote(r), r.OtherAccountAmount, "", "", "", "")
	}
	for _, it := range r.Items {
		row("verschil", string(it.Kind), it.Kind.Dutch()+": "+it.TextNL, it.Amount, joinIDs(it.Payouts), strings.Join(it.Entries, " "), joinSeqs(it.Transactions), yesNo(it.NeedsAction))
	}
	row("totaal", "difference", "verschil: bank min grootboek", r.Difference, "", "", "", "")
	row("totaal", "explained", "verklaard", r.Explained, "", "", "", "")
	row("totaal", "unexplained", "onverklaard", r.Unexplained, "", "", "", "")
	cw.Row(sheet.Text("totaal"), sheet.Text("needs_action"), sheet.Text("verschillen die actie vragen"), sheet.Int(int64(r.NeedsAction)),
		sheet.Empty, sheet.Empty, sheet.Empty, sheet.Empty)
	cw.Row(sheet.Text("journaal"), sheet.Text("checkpoint"), sheet.Text("controlepunt "+r.Checkpoint.String()), sheet.Empty,
		sheet.Empty, sheet.Empty, sheet.Empty, sheet.Empty)
	return cw.Flush()
}

// otherAccountNote says in Dutch which postings of the pots were left out
// as another account's.
func otherAccountNote(r *ledger.Reconciliation) string {
	return fmt.Sprintf("%d boeking(en) op de bankrekening van de pot(ten) in deze dagen (samen %s) horen bij een andere betaalrekening en tellen hier niet mee",
		r.OtherAccountPostings, Euro(r.OtherAccountAmount))
}

// ReconciliationVerdict is the reconciliation's headline in Dutch, for
// the page and the PDF: what is unexplained, else how many differences
// need action, else that every difference is a timing difference or the
// ledger's own bookkeeping. "Every difference is explained" alone would
// tell an auditor that nothing is to be done while a debit nobody
// recognises or a statement that does not add up waits for someone.
func ReconciliationVerdict(r *ledger.Reconciliation) string {
	switch {
	case r.Unexplained != 0:
		s := fmt.Sprintf("Onverklaard: %s. Dit deel van het verschil volgt uit geen van de regels; zoek het uit voordat de periode wordt afgesloten.", Euro(r.Unexplained))
		switch n := r.NeedsAction - 1; {
		case n == 1:
			s += " Daarnaast vraagt 1 ander verschil actie."
		case n > 1:
			s += fmt.Sprintf(" Daarnaast vragen %d andere verschillen actie.", n)
		}
		return s
	case r.NeedsAction > 0:
		return fmt.Sprintf("%s actie (zie „Vraagt actie”). Het verschil is tot op de cent verklaard, maar daarmee niet opgelost: zoek deze verschillen uit voordat de periode wordt afgesloten.",
			capitalise(needAction(r.NeedsAction)))
	}
	return "Geen verschil vraagt actie: elk verschil is verklaard als tijdsverschil of als boeking die alleen in het grootboek staat. De mutatie van het grootboek plus de verschillen is de mutatie van de bank, tot op de cent."
}

// needAction is "1 verschil vraagt" or "3 verschillen vragen".
func needAction(n int) string {
	if n == 1 {
		return "1 verschil vraagt"
	}
	return strconv.Itoa(n) + " verschillen vragen"
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
	d.para(ReconciliationVerdict(r))

	d.heading("Bank en grootboek")
	given := func(c *ledger.Cents) string {
		if c == nil {
			return "niet gegeven"
		}
		return Euro(*c)
	}
	d.table([]column{{header: "", width: 2.2}, {header: "Bank", width: 1, right: true}, {header: "Grootboek", width: 1, right: true}}, [][]string{
		{"Beginsaldo", given(r.BankOpening), Euro(r.LedgerOpening)},
		{"Eindsaldo", given(r.BankClosing), Euro(r.LedgerClosing)},
		{"Mutatie", Euro(r.BankMovement), Euro(r.LedgerMovement)},
	}, true)
	note := fmt.Sprintf("De %d ingelezen boekingen van de bank in deze dagen tellen op tot %s.", r.Entries, Euro(r.EntriesTotal))
	if !r.BalancesGiven {
		note += " Het afschrift geeft niet beide saldi; de mutatie van de bank is de som van de boekingen."
	}
	note += " De saldi zelf zijn niet te vergelijken: op de rekening staat ook geld van de gemeente dat nog niet in een pot is gestort; de mutaties wel."
	if r.OtherAccountPostings > 0 {
		note += " " + capitalise(otherAccountNote(r)) + "."
	}
	d.note(note)

	cols := []column{{header: "Soort", width: 1.2}, {header: "Omschrijving", width: 2.6}, {header: "Verwijst naar", width: 1.6}, {header: "Bedrag", width: 0.9, right: true, fit: true}}
	rows := func(action bool) [][]string {
		var rows [][]string
		for _, it := range r.Items {
			if it.NeedsAction != action {
				continue
			}
			refs := joinIDs(it.Payouts)
			if e := strings.Join(it.Entries, " "); e != "" {
				refs = strings.TrimSpace(refs + " " + e)
			}
			if t := joinSeqs(it.Transactions); t != "" {
				refs = strings.TrimSpace(refs + " journaal " + t)
			}
			rows = append(rows, []string{it.Kind.Dutch(), it.TextNL, refs, Euro(it.Amount)})
		}
		return rows
	}
	d.heading("Vraagt actie")
	if act := rows(true); len(act) > 0 {
		d.table(cols, act, false)
	} else {
		d.para("Geen: er is geen verschil dat actie vraagt.")
	}
	d.heading("Tijdsverschillen en boekingen alleen in het grootboek")
	d.table(cols, append(rows(false), []string{"Verschil bank min grootboek", "", "", Euro(r.Difference)}), true)
	d.note("Een bedrag is de kant van de bank min die van het grootboek: wat het verschil bij de mutatie van het grootboek optelt om op die van de bank uit te komen. Een tijdsverschil verdwijnt in een later afschrift (of was nooit geld dat de rekening verliet); een verschil dat actie vraagt, verdwijnt pas als iemand het uitzoekt.")

	d.heading("Journaal")
	d.para(fmt.Sprintf("Gemaakt uit het journaal tot en met transactie %d.", r.Checkpoint.Seq))
	d.para("Controlepunt: " + r.Checkpoint.String())
	d.note("Bewaar dit controlepunt (transactienummer en hash). Een accountant kan er later mee vaststellen dat het journaal tot hier niet is veranderd of ingekort (ontschot verify --checkpoint).")
	return d, d.write(w)
}

// potNames names the reconciled pots, in Dutch.
func potNames(r *ledger.Reconciliation) string {
	if len(r.Pots) == 0 {
		return "geen pot"
	}
	names := make([]string, len(r.Pots))
	for i, p := range r.Pots {
		names[i] = p.Label()
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
