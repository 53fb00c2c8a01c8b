package reports_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
	"github.com/ontschot/ontschot/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// madeAt is when the fixed documents were made.
var madeAt = time.Date(2026, time.October, 12, 9, 15, 0, 0, time.UTC)

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run go test ./reports -update to write it", err)
	}
	if !bytes.Equal(got, want) {
		out := filepath.Join(t.TempDir(), name)
		os.WriteFile(out, got, 0o644)
		t.Fatalf("%s differs from the golden file (%d bytes, want %d); the new output is in %s; if the change is meant, run go test ./reports -update", name, len(got), len(want), out)
	}
}

// fixedStatement is the statement of the fixed dataset: the shared fund's
// third quarter, addressed to the insurer.
func fixedStatement() *reports.Statement {
	insurer := ledger.Partner{ID: "PRT-01JGGAM0C0000000000000000A", Name: "Zorgverzekeraar De Friesland", Kind: ledger.KindHealthInsurer}
	return &reports.Statement{
		Pot:       reports.StatementPot{ID: "POT-01JGGAM0C0000000000000000B", Name: "Doorbraakfonds Leeuwarden–De Friesland", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, RegretThreshold: 2000},
		Period:    ledger.Quarter(2026, 3),
		Recipient: &insurer,
		MadeAt:    madeAt,
		Opening:   121_450_35, Contributions: 50_000_00, Payouts: 23_580_45, Recoveries: 4_310_00, Closing: 152_179_90,
		Funding: []reports.FundingLine{
			{Partner: "Gemeente Leeuwarden", Kind: ledger.KindMunicipality, Pledged: 100_000_00, InPeriod: 50_000_00, ToDate: 100_000_00},
			{Partner: "Zorgverzekeraar De Friesland", Kind: ledger.KindHealthInsurer, Pledged: 100_000_00, InPeriod: 0, ToDate: 50_000_00},
		},
		Categories: []reports.CategoryLine{
			{Category: "rent_arrears", Label: "Huurachterstand", Payouts: 9, Reversals: 1, Amount: 14_250_00},
			{Category: "energy_debt", Label: "Energieschuld", Payouts: 6, Amount: 5_120_45},
			{Category: "other", Label: "Overig", Payouts: 7, Amount: 4_210_00},
		},
		Recovered:       []reports.RecoveryLine{{Source: "Wet gemeentelijke schuldhulpverlening", Amount: 3_110_00}, {Source: "Woonstichting Elkien", Amount: 1_200_00}},
		Receivables:     []reports.ReceivableLine{{Party: "Zorgverzekeraar Zilveren Kruis", Amount: 1_895_00}},
		ReceivableTotal: 1_895_00,
		Regret:          reports.RegretLine{From: ledger.NewDate(2026, 1, 1), To: ledger.NewDate(2026, 9, 30), Spent: 61_340_10, Regretted: 11_030_00, Ratio: 1798, Threshold: 2000, Status: "warning"},
		Months: []reports.MonthLine{
			{Month: "2026-01", Spending: 4_100_00}, {Month: "2026-02", Spending: 6_850_00, Recoveries: 1_000_00}, {Month: "2026-03", Spending: 5_200_50},
			{Month: "2026-04", Spending: 7_010_00, Recoveries: 2_450_00}, {Month: "2026-05", Spending: 8_995_15}, {Month: "2026-06", Spending: 5_604_00, Recoveries: 950_00},
			{Month: "2026-07", Spending: 9_300_00, Recoveries: 1_310_00}, {Month: "2026-08", Spending: 6_080_45, Recoveries: 3_000_00}, {Month: "2026-09", Spending: 8_200_00},
		},
		Journal: reports.JournalLine{HeadSeq: 1342, HeadHash: "a3723af58656375808a8a5d6e876cfbb6d865321b278ed108663cf7b442abd31",
			Checkpoint: ledger.Checkpoint{Seq: 1342, Hash: "a3723af58656375808a8a5d6e876cfbb6d865321b278ed108663cf7b442abd31"},
			Verified:   true, VerifiedAt: madeAt.Add(-time.Minute), VerifiedSeq: 1342},
	}
}

func TestStatementGolden(t *testing.T) {
	s := fixedStatement()
	var pdf, csv bytes.Buffer
	if err := reports.StatementPDF(&pdf, s); err != nil {
		t.Fatal(err)
	}
	golden(t, "statement.pdf", pdf.Bytes())
	if err := reports.StatementCSV(&csv, s, sheet.Standard); err != nil {
		t.Fatal(err)
	}
	golden(t, "statement.csv", csv.Bytes())
	j, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "statement.json", append(j, '\n'))
	// The same statement again gives the same bytes.
	var again bytes.Buffer
	if err := reports.StatementPDF(&again, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), pdf.Bytes()) {
		t.Fatal("the same statement gave another PDF")
	}
}

func fixedFinanceView() *reports.FinanceView {
	return &reports.FinanceView{
		Period: ledger.Quarter(2026, 3), MadeAt: madeAt,
		Lines: []reports.Iv3Line{
			{Law: "jeugdwet", LawLabel: "Jeugdwet", Taakveld: "6.761", TaakveldName: "Jeugdhulp met verblijf lokaal", EconomicCategory: "3.4.1", Amount: 12_500_00},
			{Law: "participatiewet", LawLabel: "Participatiewet", Taakveld: "6.3", TaakveldName: "Inkomensregelingen", EconomicCategory: "3.4.1", Amount: 2_310_40},
			{Law: "participatiewet", LawLabel: "Participatiewet", Taakveld: "6.3", TaakveldName: "Inkomensregelingen", EconomicCategory: "4.1.1", Amount: 640_00},
			{Law: "wgs", LawLabel: "Wet gemeentelijke schuldhulpverlening", Taakveld: "6.3", TaakveldName: "Inkomensregelingen", EconomicCategory: "3.4.1", Amount: 8_900_00},
			{Law: "wmo", LawLabel: "Wmo 2015", Taakveld: "6.812", TaakveldName: "Maatschappelijke- en vrouwenopvang (WMO)", EconomicCategory: "3.4.1", Amount: 4_800_00},
		},
		LegalTotal: 29_150_40, Maatwerk: 6_212_15,
		Parties:        []reports.ReceivableLine{{Party: "Woonstichting Elkien", Amount: 1_620_00}, {Party: "Zorgverzekeraar De Friesland", Amount: 2_750_00}},
		PartyTotal:     4_370_00,
		Unallocated:    []reports.BandLine{{Band: "0-30", Payouts: 3, Amount: 2_140_00}, {Band: "31-90", Payouts: 2, Amount: 980_50}, {Band: "90+", Payouts: 1, Amount: 450_00}},
		UnallocatedSum: 3_570_50, UnallocatedAsOf: ledger.NewDate(2026, 9, 30),
		Receivables:     []reports.ReceivableLine{{Party: "Zorgverzekeraar De Friesland", Amount: 2_750_00}},
		ReceivableTotal: 2_750_00,
	}
}

func TestFinanceViewGolden(t *testing.T) {
	v := fixedFinanceView()
	var pdf, csv bytes.Buffer
	if err := reports.FinanceViewPDF(&pdf, v); err != nil {
		t.Fatal(err)
	}
	golden(t, "finance.pdf", pdf.Bytes())
	if err := reports.FinanceViewCSV(&csv, v, sheet.Standard); err != nil {
		t.Fatal(err)
	}
	golden(t, "finance.csv", csv.Bytes())
}

func fixedLegitimacy() *reports.Legitimacy {
	return &reports.Legitimacy{
		Period: ledger.Quarter(2026, 3), PotID: "POT-01JGGAM0C0000000000000000B", PotName: "Doorbraakfonds Leeuwarden–De Friesland 2026", MadeAt: madeAt,
		Requests: 4, Amount: 11_380_00, Approved: 3, Rejected: 1, Reversed: 1, ReversedAmount: 180_00,
		WeighingComplete: 4, WeighingShare: 10000, Decided: 4, WithinMandate: 4, MandateShare: 10000, ByApprover: 2, FourEyes: 2, FourEyesShare: 10000,
		SlowDecisions: 1,
		Regret:        reports.RegretLine{From: ledger.NewDate(2026, 7, 1), To: ledger.NewDate(2026, 9, 30), Spent: 11_200_00, Regretted: 900_00, Ratio: 804, Threshold: 2000, Status: "ok"},
		Exceptions: []reports.ExceptionLine{
			{PayoutID: "PAY-01K0A0000000000000000000A1", Date: ledger.NewDate(2026, 7, 2), Category: "rent_arrears", CategoryLabel: "Huurachterstand", Amount: 1_200_00, Status: ledger.StatusPaid, Severity: 4,
				DeviatesFrom: []string{"Participatiewet art. 35: geen bijzondere bijstand bij vermogen boven de grens"}, RequestedRole: "caseworker", DecidedBy: "caseworker",
				Mandate: "caseworker up to 1500.00", DecidedMandate: ledger.MandateLevel{Role: ledger.RoleCaseworker, Limit: 1_500_00}, OwnMandate: true, Findings: []string{}},
			{PayoutID: "PAY-01K0A0000000000000000000A2", Date: ledger.NewDate(2026, 7, 15), Category: "temporary_housing", CategoryLabel: "Tijdelijke huisvesting", Amount: 4_800_00, Status: ledger.StatusApproved, Severity: 5,
				DeviatesFrom: []string{"Participatiewet art. 40: geen bijstand zonder woonadres"}, RequestedRole: "caseworker", DecidedBy: "teamlead",
				Mandate: "teamlead up to 5000.00", DecidedMandate: ledger.MandateLevel{Role: ledger.RoleTeamlead, Limit: 5_000_00}, WaitDays: 19, Findings: []string{"besluit na 19 dagen"}},
			{PayoutID: "PAY-01K0A0000000000000000000A3", Date: ledger.NewDate(2026, 8, 3), Category: "foster_care", CategoryLabel: "Pleegzorg", Amount: 5_200_00, Status: ledger.StatusRejected, Severity: 3,
				DeviatesFrom: []string{"Jeugdwet: jeugdhulp en pleegzorg eindigen bij 18 jaar"}, RequestedRole: "caseworker", DecidedBy: "manager",
				Mandate: "manager up to 25000.00", DecidedMandate: ledger.MandateLevel{Role: ledger.RoleManager, Limit: 25_000_00}, WaitDays: 4, Findings: []string{}},
			{PayoutID: "PAY-01K0A0000000000000000000A4", Date: ledger.NewDate(2026, 9, 8), Category: "transport", CategoryLabel: "Vervoer", Amount: 180_00, Status: ledger.StatusReversed, Severity: 2,
				DeviatesFrom: []string{"Wmo-vervoer alleen binnen de regio"}, RequestedRole: "caseworker", DecidedBy: "caseworker",
				Mandate: "caseworker up to 1500.00", DecidedMandate: ledger.MandateLevel{Role: ledger.RoleCaseworker, Limit: 1_500_00}, OwnMandate: true, Findings: []string{"teruggedraaid"}},
		},
	}
}

func TestLegitimacyGolden(t *testing.T) {
	l := fixedLegitimacy()
	var pdf, csv bytes.Buffer
	if err := reports.LegitimacyPDF(&pdf, l); err != nil {
		t.Fatal(err)
	}
	golden(t, "legitimacy.pdf", pdf.Bytes())
	if err := reports.LegitimacyCSV(&csv, l, sheet.Standard); err != nil {
		t.Fatal(err)
	}
	golden(t, "legitimacy.csv", csv.Bytes())
}

// fixedBatch pays four payouts from two pots; two are urgent.
func fixedBatch() *ledger.PaymentBatch {
	debtor := ledger.DebtorAccount{Name: "Gemeente Leeuwarden", IBAN: "NL11BNGH0002220001", BIC: "BNGHNL2G", Town: "Leeuwarden", Country: "NL"}
	return &ledger.PaymentBatch{
		ID: "BAT-01KJ0000000000000000000001", CreatedAt: madeAt, CreatedBy: "hanna.jansen", ExecutionDate: ledger.NewDate(2026, 10, 13),
		Payouts: 4, Amount: 7_375_95,
		Groups: []ledger.PaymentGroup{
			{PotID: "POT-01JGGAM0C0000000000000000B", PotName: "Doorbraakfonds Leeuwarden–De Friesland", Debtor: debtor, Payouts: 3, Amount: 6_175_95, JournalSeq: 1340},
			{PotID: "POT-01JGGAM0C0000000000000000C", PotName: "Maatwerkbudget Leeuwarden", Debtor: debtor, Payouts: 1, Amount: 1_200_00, JournalSeq: 1341},
		},
		Items: []ledger.PaymentItem{
			{PayoutID: "PAY-01K0A0000000000000000000B1", PotID: "POT-01JGGAM0C0000000000000000B", Amount: 3_240_00, Urgency: ledger.UrgencyUrgent,
				Payee: ledger.Payee{Name: "Woonstichting Elkien", IBAN: "NL91ABNA0417164300"}},
			{PayoutID: "PAY-01K0A0000000000000000000B2", PotID: "POT-01JGGAM0C0000000000000000B", Amount: 2_890_50, Urgency: ledger.UrgencyUrgent,
				Payee: ledger.Payee{Name: "Energiebedrijf Noord & Co", IBAN: "NL86INGB0002445588"}},
			{PayoutID: "PAY-01K0A0000000000000000000B3", PotID: "POT-01JGGAM0C0000000000000000B", Amount: 45_45, Urgency: ledger.UrgencyNormal,
				Payee: ledger.Payee{Name: "Taxicentrale Fryslân", IBAN: "NL11BNGH0002220001"}},
			{PayoutID: "PAY-01K0A0000000000000000000B4", PotID: "POT-01JGGAM0C0000000000000000C", Amount: 1_200_00, Urgency: ledger.UrgencyNormal,
				Payee: ledger.Payee{Name: "Tandartspraktijk De Zaak", IBAN: "NL91ABNA0417164300"}},
		},
	}
}

func TestPain001Golden(t *testing.T) {
	var xml bytes.Buffer
	if err := reports.Pain001(&xml, fixedBatch()); err != nil {
		t.Fatal(err)
	}
	golden(t, "pain001.xml", xml.Bytes())
}

// TestFinanceViewCSVSaysWhatThePDFSays: the law by its Dutch label (as the
// legitimacy CSV writes it), and every total the PDF has.
func TestFinanceViewCSVSaysWhatThePDFSays(t *testing.T) {
	var csv bytes.Buffer
	if err := reports.FinanceViewCSV(&csv, fixedFinanceView(), sheet.Standard); err != nil {
		t.Fatal(err)
	}
	out := csv.String()
	for _, want := range []string{
		"iv3,Wet gemeentelijke schuldhulpverlening,6.3,3.4.1,Inkomensregelingen,,8900.00\n",
		"iv3,Wmo 2015,6.812,",
		"maatwerk en derden totaal,,,,,,10582.15\n",
		"niet toegerekend totaal,,,,nog niet toegerekend op 2026-10-12,6,3570.50\n",
		"openstaande vorderingen totaal,,,,open per 2026-09-30,,2750.00\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, ",wgs,") || strings.Contains(out, ",wmo,") {
		t.Errorf("the CSV has law codes:\n%s", out)
	}
}
