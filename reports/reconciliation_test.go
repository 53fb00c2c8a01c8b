package reports_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
	"github.com/ontschot/ontschot/reports"
)

// fixedReconciliation is a statement of two days of a pot's account: a
// payment written but not yet booked, a bank charge that matches nothing,
// a statement a euro short, and five cents no rule explains.
func fixedReconciliation() *ledger.Reconciliation {
	r := &ledger.Reconciliation{
		IBAN: "NL35BNGH0285170412", Holder: "Gemeente Leeuwarden", StatementID: "20261013-NL35BNGH0285170412",
		From: ledger.NewDate(2026, 10, 12), To: ledger.NewDate(2026, 10, 13),
		Pots:          []ledger.ReconciledPot{{ID: "POT-01JGGAM0C0000000000000000B", Name: "Doorbraakfonds Leeuwarden–De Friesland", Year: 2026}},
		BalancesGiven: true, BankOpening: cents(150000_00), BankClosing: cents(170522_65),
		Entries: 4, EntriesTotal: 20523_65, LedgerOpening: 87340_10,
		OtherAccountPostings: 1, OtherAccountAmount: 2500_00, NeedsAction: 3,
		Checkpoint: ledger.Checkpoint{Seq: 1342, Hash: "a3723af58656375808a8a5d6e876cfbb6d865321b278ed108663cf7b442abd31"},
		Items: []ledger.ReconciliationItem{
			{Kind: ledger.DiffPaidNotBooked, TextNL: "1 betaling(en) uit betaalbestand BAT-01JGGAM0C0000000000000000C van 12 oktober 2026, in deze dagen niet door de bank geboekt (nog niet geboekt)",
				Text:   "1 payment(s) of payment batch BAT-01JGGAM0C0000000000000000C written on 2026-10-12, not booked by the bank in these days (not booked yet)",
				Amount: 300_00, Payouts: []ledger.PayoutID{"PAY-01JGGAM0C0000000000000000D"}, Transactions: []int64{812}},
			{Kind: ledger.DiffUnmatched, TextNL: "Boeking BNG-7731 van 13 oktober 2026 hoort bij geen betaling: de boeking noemt geen uitbetaling",
				Text: "entry BNG-7731 of 2026-10-13 matches no payout: the entry names no payout", Amount: -7_50, Entries: []string{"BNG-7731"}, NeedsAction: true},
			{Kind: ledger.DiffStatementGap, TextNL: "De ingelezen boekingen tellen op tot € 20.523,65, de saldi van het afschrift bewegen € 20.522,65: er ontbreekt een boeking",
				Text: "the statement's booked entries add up to 20523.65, its balances move by 20522.65: an entry is missing from the import", Amount: -1_00, NeedsAction: true},
		},
	}
	r.BankMovement = *r.BankClosing - *r.BankOpening
	r.LedgerMovement = r.BankMovement - 300_00 + 7_50 + 1_00 - 5
	r.LedgerClosing = r.LedgerOpening + r.LedgerMovement
	r.Difference = r.BankMovement - r.LedgerMovement
	r.Explained = 300_00 - 7_50 - 1_00
	r.Unexplained = r.Difference - r.Explained
	r.Items = append(r.Items, ledger.ReconciliationItem{Kind: ledger.DiffUnexplained, Text: "not explained by the rules", TextNL: "Niet verklaard door de regels", Amount: r.Unexplained, NeedsAction: true})
	return r
}

func cents(c ledger.Cents) *ledger.Cents { return &c }

func TestReconciliationGolden(t *testing.T) {
	r := fixedReconciliation()
	var pdf, csv, nl bytes.Buffer
	if err := reports.ReconciliationPDF(&pdf, r, madeAt); err != nil {
		t.Fatal(err)
	}
	golden(t, "reconciliation.pdf", pdf.Bytes())
	if err := reports.ReconciliationCSV(&csv, r, sheet.Standard); err != nil {
		t.Fatal(err)
	}
	golden(t, "reconciliation.csv", csv.Bytes())
	if err := reports.ReconciliationCSV(&nl, r, sheet.Dutch); err != nil {
		t.Fatal(err)
	}
	golden(t, "reconciliation-nl.csv", nl.Bytes())
	if got, want := reports.ReconciliationFileName(r), "afstemming-nl35bngh0285170412-20261013-nl35bngh0285170412"; got != want {
		t.Errorf("file name %q, want %q", got, want)
	}
}

// TestReconciliationPDFSaysWhatIsUnexplained: the PDF names every kind of
// difference in Dutch, the amounts, and the unexplained rest as such; a
// reconciliation without one says every difference is explained.
func TestReconciliationPDFSaysWhatIsUnexplained(t *testing.T) {
	r := fixedReconciliation()
	var b bytes.Buffer
	texts, err := reports.ReconciliationPDFUncompressed(&b, r, madeAt)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Betaald, nog niet door de bank geboekt", "Niet herkende boeking", "Afschrift telt niet op", "Onverklaard",
		"€ 300,00", "− € 7,50", "Onverklaard: € 0,05", "NL35BNGH0285170412 (Gemeente Leeuwarden)", "PAY-01JGGAM0C0000000000000000D", "journaal 812",
		"Daarnaast vragen 2 andere verschillen actie.", "Vraagt actie", "Tijdsverschillen en boekingen alleen in het grootboek",
		"Doorbraakfonds Leeuwarden–De Friesland 2026", "Controlepunt: 1342:a3723af58656375808a8a5d6e876cfbb6d865321b278ed108663cf7b442abd31",
		"horen bij een andere betaalrekening"} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF does not say %q:\n%s", want, all)
		}
	}
	// Without the unexplained rest, the charge and the gap still need
	// action: the headline counts them and does not say all is well.
	r.Items, r.LedgerMovement, r.NeedsAction = r.Items[:3], r.LedgerMovement+r.Unexplained, 2
	r.LedgerClosing, r.Difference, r.Unexplained = r.LedgerOpening+r.LedgerMovement, r.Explained, 0
	texts, err = reports.ReconciliationPDFUncompressed(&b, r, madeAt)
	if err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(texts, "\n"); !strings.Contains(all, "2 verschillen vragen actie") || strings.Contains(all, "Onverklaard:") ||
		strings.Contains(all, "Geen verschil vraagt actie") {
		t.Errorf("a statement with differences that need action:\n%s", all)
	}
	// Only a payment not yet booked: nothing to do.
	r.Items, r.NeedsAction = r.Items[:1], 0
	r.LedgerMovement = r.BankMovement - 300_00
	r.LedgerClosing, r.Difference, r.Explained = r.LedgerOpening+r.LedgerMovement, 300_00, 300_00
	texts, err = reports.ReconciliationPDFUncompressed(&b, r, madeAt)
	if err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(texts, "\n"); !strings.Contains(all, "Geen verschil vraagt actie") || strings.Contains(all, "vragen actie") {
		t.Errorf("a statement with only a timing difference:\n%s", all)
	}
}

// TestReconciliationGivenBalances: a statement that gives only its
// closing balance shows it, and "niet gegeven" only for the opening, in
// the PDF and the CSV.
func TestReconciliationGivenBalances(t *testing.T) {
	r := fixedReconciliation()
	r.BankOpening, r.BalancesGiven = nil, false
	var b bytes.Buffer
	texts, err := reports.ReconciliationPDFUncompressed(&b, r, madeAt)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(texts, "\n")
	if strings.Count(all, "niet gegeven") != 1 || !strings.Contains(all, "€ 170.522,65") {
		t.Errorf("the PDF of a statement with only its closing balance:\n%s", all)
	}
	var csv bytes.Buffer
	if err := reports.ReconciliationCSV(&csv, r, sheet.Standard); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(csv.String(), "bank,opening,") || !strings.Contains(csv.String(), "bank,closing,eindsaldo (geboekt),170522.65") {
		t.Errorf("the CSV of a statement with only its closing balance:\n%s", csv.String())
	}
}
