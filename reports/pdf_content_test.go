package reports_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// rowAfter returns the texts of the n cells drawn from the first cell
// whose text is first on, and whether each is bold.
func rowAfter(t *testing.T, cells []reports.DrawnCell, first string, n int) (texts []string, bold []bool) {
	t.Helper()
	for i, c := range cells {
		if c.Text == first && i+n <= len(cells) {
			for _, c := range cells[i : i+n] {
				texts, bold = append(texts, c.Text), append(bold, c.Bold)
			}
			return texts, bold
		}
	}
	t.Fatalf("no table row begins with %q", first)
	return nil, nil
}

// TestLegitimacyPDFTraceable holds the legitimacy report's PDF to what an
// auditor needs to trace every line: the payout's full id, the category,
// the outcome and the roles in Dutch, who decided under which mandate in
// words, and the rules deviated from where the reader may see them, on a
// landscape page.
func TestLegitimacyPDFTraceable(t *testing.T) {
	l := fixedLegitimacy()
	// A request still waiting, and one decided by an alderman under the
	// manager's level of the ladder.
	l.Exceptions = append(l.Exceptions,
		reports.ExceptionLine{PayoutID: "PAY-01K0A0000000000000000000A5", Date: ledger.NewDate(2026, 9, 20), Category: "rent_arrears", CategoryLabel: "Huurachterstand",
			Amount: 2_000_00, Status: ledger.StatusPending, Severity: 3, DeviatesFrom: []string{"Beleidsregel huur"}, RequestedRole: "caseworker", WaitDays: 3, Findings: []string{}},
		reports.ExceptionLine{PayoutID: "PAY-01K0A0000000000000000000A6", Date: ledger.NewDate(2026, 9, 21), Category: "rent_arrears", CategoryLabel: "Huurachterstand",
			Amount: 9_000_00, Status: ledger.StatusApproved, Severity: 3, DeviatesFrom: []string{"Beleidsregel huur"}, RequestedRole: "caseworker", DecidedBy: "alderman",
			Mandate: "manager up to 25000.00", DecidedMandate: ledger.MandateLevel{Role: ledger.RoleManager, Limit: 25_000_00}, WaitDays: 2, Findings: []string{"buiten mandaat"}})
	var pdf bytes.Buffer
	cells, err := reports.LegitimacyPDFCells(&pdf, l)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"PAY-01K0A0000000000000000000A1", []string{"PAY-01K0A0000000000000000000A1", "Huurachterstand", "€ 1.200,00", "betaald",
			"consulent, mandaat tot € 1.500,00; eigen aanvraag, direct besloten", "Participatiewet art. 35: geen bijzondere bijstand bij vermogen boven de grens", "geen"}},
		{"PAY-01K0A0000000000000000000A2", []string{"PAY-01K0A0000000000000000000A2", "Tijdelijke huisvesting", "€ 4.800,00", "goedgekeurd",
			"teamleider, mandaat tot € 5.000,00; aangevraagd door consulent", "Participatiewet art. 40: geen bijstand zonder woonadres", "besluit na 19 dagen"}},
		{"PAY-01K0A0000000000000000000A3", []string{"PAY-01K0A0000000000000000000A3", "Pleegzorg", "€ 5.200,00", "afgewezen",
			"manager, mandaat tot € 25.000,00; aangevraagd door consulent", "Jeugdwet: jeugdhulp en pleegzorg eindigen bij 18 jaar", "geen"}},
		{"PAY-01K0A0000000000000000000A5", []string{"PAY-01K0A0000000000000000000A5", "Huurachterstand", "€ 2.000,00", "wacht op besluit",
			"nog geen besluit; aangevraagd door consulent", "Beleidsregel huur", "geen"}},
		{"PAY-01K0A0000000000000000000A6", []string{"PAY-01K0A0000000000000000000A6", "Huurachterstand", "€ 9.000,00", "goedgekeurd",
			"wethouder, met het mandaat van manager (tot € 25.000,00); aangevraagd door consulent", "Beleidsregel huur", "buiten mandaat"}},
	} {
		if got, _ := rowAfter(t, cells, tc.id, len(tc.want)); !slices.Equal(got, tc.want) {
			t.Errorf("the row of %s reads\n%q\nwant\n%q", tc.id, got, tc.want)
		}
	}
	for _, c := range cells {
		for _, code := range []string{"temporary_housing", "rent_arrears", "caseworker", "teamlead", "up to", "pending_approval"} {
			if strings.Contains(c.Text, code) {
				t.Errorf("the cell %q shows the code %q", c.Text, code)
			}
		}
	}
	pdf.Reset()
	if _, err := reports.LegitimacyPDFUncompressed(&pdf, l); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(pdf.Bytes(), []byte("/MediaBox [0 0 841.89 595.28]")) {
		t.Error("the legitimacy report is not on landscape A4 pages")
	}

	// Who may not see a case reads that the rules are left out, not that
	// there were none.
	redacted := l.For(ledger.Actor{User: "beheer", Role: ledger.RoleAdmin})
	pdf.Reset()
	cells, err = reports.LegitimacyPDFCells(&pdf, redacted)
	if err != nil {
		t.Fatal(err)
	}
	if row, _ := rowAfter(t, cells, "PAY-01K0A0000000000000000000A2", 6); row[5] != "niet zichtbaar: u mag deze zaak niet inzien" {
		t.Errorf("a redacted exception's rules read %q", row[5])
	}
}

// TestLegitimacyLabelsFromTheLedger: the report the builder makes carries
// each category's Dutch label from the store and the level of the ladder
// each decision was taken under, for the PDF.
func TestLegitimacyLabelsFromTheLedger(t *testing.T) {
	d := newDataset(t)
	b := &reports.Builder{Store: d.store, Now: d.clock.Now}
	for _, page := range []reports.ExceptionPage{{}, {Limit: 3}} {
		l, err := b.LegitimacyPage(context.Background(), d.pot.ID, ledger.Quarter(2026, 2), page)
		if err != nil {
			t.Fatal(err)
		}
		labels := map[string]string{}
		for _, x := range l.Exceptions {
			labels[x.Category] = x.CategoryLabel
			if x.DecidedBy != "" && string(x.DecidedMandate.Role) != x.DecidedBy {
				t.Errorf("%s decided by %s under the level %+v", x.PayoutID, x.DecidedBy, x.DecidedMandate)
			}
		}
		if labels["rent_arrears"] != "Huurachterstand" {
			t.Errorf("page %+v: the categories' labels are %v", page, labels)
		}
		for code, label := range labels {
			if label == "" || label == code {
				t.Errorf("page %+v: category %s has the label %q", page, code, label)
			}
		}
	}
}

// TestFinanceViewAgesToPeriodEnd: the unallocated spending of a closed
// quarter is aged to the quarter's end, so its overview is the same
// whichever day it is made: May's payouts are 34 to 55 days old on 30
// June, whether the view is made in September or in December.
func TestFinanceViewAgesToPeriodEnd(t *testing.T) {
	d := newDataset(t)
	q2 := ledger.Quarter(2026, 2)
	var views []*reports.FinanceView
	for _, day := range []int{15, 1} {
		if day == 1 {
			d.clock.SetDate(2026, 12, 1)
		}
		b := &reports.Builder{Store: d.store, Now: d.clock.Now}
		v, err := b.FinanceView(context.Background(), "", q2)
		if err != nil {
			t.Fatal(err)
		}
		views = append(views, v)
	}
	for _, v := range views {
		if v.UnallocatedAsOf != q2.End {
			t.Errorf("made on %s: aged to %s; want the quarter's end, %s", ledger.DateOf(v.MadeAt), v.UnallocatedAsOf, q2.End)
		}
	}
	if !slices.Equal(views[0].Unallocated, views[1].Unallocated) {
		t.Errorf("the bands changed with the day the view was made:\n%+v\n%+v", views[0].Unallocated, views[1].Unallocated)
	}
	var may reports.BandLine
	for _, band := range views[0].Unallocated {
		if band.Band == "31-90" {
			may = band
		}
	}
	if may.Payouts != 7 {
		t.Errorf("the band of 31 to 90 days holds %d payouts; want May's 7 (six rent arrears, the dental care)", may.Payouts)
	}
	var pdf bytes.Buffer
	texts, err := reports.FinanceViewPDFUncompressed(&pdf, views[1])
	if err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(texts, "\n"); !strings.Contains(all, "De ouderdom is geteld tot het einde van de periode (30 juni 2026)") {
		t.Errorf("the finance view does not say to which day the ages are counted:\n%s", all)
	}
}

// TestFinanceViewPartiesTotal: "Maatwerk en derden" ends with its total,
// the costs the pot bears plus those allocated to outside parties.
func TestFinanceViewPartiesTotal(t *testing.T) {
	var pdf bytes.Buffer
	cells, err := reports.FinanceViewPDFCells(&pdf, fixedFinanceView())
	if err != nil {
		t.Fatal(err)
	}
	// 6.212,15 maatwerk + 1.620,00 + 2.750,00 for the parties.
	if row, bold := rowAfter(t, cells, "Toegerekend aan Zorgverzekeraar De Friesland", 4); row[2] != "Totaal" || row[3] != "€ 10.582,15" || !bold[3] {
		t.Errorf("after the parties: %q (bold %v); want the total, € 10.582,15, in bold", row, bold)
	}
}

// TestStatementMonthsTable: the statement's chart says it runs over the
// year to date and has its figures in a table beside it, every month from
// January with a total.
func TestStatementMonthsTable(t *testing.T) {
	var pdf bytes.Buffer
	s := fixedStatement()
	cells, err := reports.StatementPDFCells(&pdf, s)
	if err != nil {
		t.Fatal(err)
	}
	if row, _ := rowAfter(t, cells, "januari", 3); row[1] != "€ 4.100,00" || row[2] != "€ 0,00" {
		t.Errorf("January reads %q", row)
	}
	if row, _ := rowAfter(t, cells, "september", 6); row[3] != "Totaal" || row[4] != "€ 61.340,10" || row[5] != "€ 8.710,00" {
		t.Errorf("September and the total read %q", row)
	}
	pdf.Reset()
	texts, err := reports.StatementPDFUncompressed(&pdf, s)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(texts, "Per maand, het jaar tot en met dit kwartaal") {
		t.Errorf("no heading says the months are the year to date: %q", texts)
	}
}
