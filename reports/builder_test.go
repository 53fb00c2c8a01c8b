package reports_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/sheet"
	"github.com/ontschot/ontschot/ledger/storage"
	"github.com/ontschot/ontschot/reports"
)

// dataset is a ledger with three quarters of a shared pot's life, and the
// personal data it holds, which no partner document may show.
type dataset struct {
	store    *ledger.Service
	clock    *ledgertest.Clock
	pot      ledger.Pot
	insurer  ledger.Partner
	personal []string
}

var (
	finance    = ledgertest.Finance
	caseworker = ledgertest.Caseworker
	teamlead   = ledgertest.Teamlead
)

// newDataset books, from January to the middle of September 2026:
// contributions by two partners, payouts in several categories (one of them
// with fewer than five payouts a quarter), a reversal, allocations to a
// legal budget (refunded) and to a party (a receivable, partly settled),
// a payment run in June, and evaluations.
func newDataset(t testing.TB) *dataset {
	t.Helper()
	clock := ledgertest.NewClock(time.Date(2026, time.January, 5, 10, 0, 0, 0, ledger.Amsterdam))
	s, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	d := &dataset{store: s, clock: clock}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	gemeente, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Gemeente Leeuwarden", Kind: ledger.KindMunicipality})
	must(gemeente, err)
	d.insurer, err = s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Zorgverzekeraar De Friesland", Kind: ledger.KindHealthInsurer})
	must(d.insurer, err)
	d.pot, err = s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Doorbraakfonds", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	must(d.pot, err)
	must(s.SetPledge(ctx, ledgertest.Admin, ledger.Pledge{PotID: d.pot.ID, PartnerID: gemeente.ID, Amount: 100000_00}))
	must(s.SetPledge(ctx, ledgertest.Admin, ledger.Pledge{PotID: d.pot.ID, PartnerID: d.insurer.ID, Amount: 100000_00}))
	must(s.SetDebtorAccount(ctx, finance, d.pot.ID, ledgertest.DebtorAccount(), ""))
	must(s.CreateParty(ctx, finance, ledger.NewParty{Name: "Woonstichting Elkien", Kind: ledger.PartyHousingCorporation}))
	contribute := func(p ledger.Partner, amount ledger.Cents, ref string) {
		must(s.Contribute(ctx, finance, ledger.NewContribution{PotID: d.pot.ID, PartnerID: p.ID, Amount: amount, ValueDate: ledger.DateOf(clock.Now()), Reference: ref}))
	}
	contribute(gemeente, 50000_00, "Bijdrage 2026, termijn 1")
	contribute(d.insurer, 50000_00, "Bijdrage 2026, termijn 1")
	n := 0
	request := func(category string, amount ledger.Cents) ledger.Payout {
		t.Helper()
		n++
		r := ledgertest.ValidRequest(d.pot.ID, amount)
		r.Category = category
		r.Payee = ledger.Payee{Name: fmt.Sprintf("Verhuurder Jansen-%02d", n), IBAN: ledger.IBAN(ibans[n%len(ibans)])}
		r.CaseRef = fmt.Sprintf("WIJK-2026-%04d", 100+n)
		r.Justification.Situation = fmt.Sprintf("Mevrouw De Vries-%02d dreigt haar woning te verliezen na drie maanden huurachterstand.", n)
		r.Justification.StuckSince = ledger.NewDate(2025, 12, 1)
		p, err := s.RequestPayout(ctx, caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		d.personal = append(d.personal, r.Payee.Name, string(r.Payee.IBAN), ledger.IBAN(r.Payee.IBAN).String(), r.CaseRef, r.Justification.Situation,
			r.Justification.ResidentInvolvement, r.Justification.ExpectedReturn, r.Justification.RegularRouteTried)
		return p
	}
	quarterOf := func(month time.Month) {
		for day := 6; day <= 26; day += 4 {
			clock.SetDate(2026, month, day)
			request("rent_arrears", ledger.Cents(400_00+day*1_37))
		}
		clock.SetDate(2026, month, 27)
		request("dental_care", 725_50)
	}
	quarterOf(time.February)
	clock.SetDate(2026, time.March, 2)
	reversed := request("energy_debt", 300_00)
	must(s.ReversePayout(ctx, finance, ledger.Reversal{PayoutID: reversed.ID, Reason: "Dubbel ingediend"}))
	clock.SetDate(2026, time.April, 7)
	contribute(gemeente, 50000_00, "Bijdrage 2026, termijn 2")
	quarterOf(time.May)
	held := request("temporary_housing", 3200_00)
	clock.SetDate(2026, time.May, 29)
	must(s.DecidePayout(ctx, teamlead, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeApprove, Note: "Akkoord, geen alternatief"}))
	// Reallocation in June: a legal budget refunds, a party owes.
	clock.SetDate(2026, time.June, 10)
	must(s.Allocate(ctx, finance, ledger.AllocationRequest{PayoutID: held.ID, Lines: []ledger.AllocationLine{{Target: "wmo", Taakveld: "6.812", Amount: 2000_00},
		{Target: "party", PartyName: "Woonstichting Elkien", Amount: 1200_00}}}))
	page, err := s.Receivables(ctx, ledger.ReceivableFilter{PayoutID: held.ID})
	must(page, err)
	rs := page.Receivables
	// The payment run: what was approved until now is paid (and can be
	// evaluated); August's payouts wait for the next one.
	must(s.CreatePaymentBatch(ctx, finance, ledger.NewPaymentBatch{PotID: d.pot.ID}))
	clock.SetDate(2026, time.August, 4)
	contribute(d.insurer, 25000_00, "Bijdrage 2026, termijn 2")
	must(s.Settle(ctx, finance, ledger.Settlement{ReceivableID: rs[0].ID, Amount: 700_00, ValueDate: ledger.DateOf(clock.Now()), Reference: "Elkien 2026-88"}))
	quarterOf(time.August)
	clock.SetDate(2026, time.September, 1)
	must(s.Evaluate(ctx, caseworker, ledger.EvaluationRequest{PayoutID: held.ID, Outcome: ledger.EvalPartial, Regretted: 800_00, Note: "Mevrouw De Vries is toch verhuisd"}))
	clock.SetDate(2026, time.September, 15)
	return d
}

var ibans = []string{"NL91ABNA0417164300", "NL86INGB0002445588", "NL11BNGH0002220001"}

func (d *dataset) statement(t testing.TB, q int, recipient *ledger.Partner) *reports.Statement {
	t.Helper()
	v := ledgertest.MustVerify(t, d.store)
	b := &reports.Builder{Store: d.store, Now: d.clock.Now}
	s, err := b.Statement(context.Background(), d.pot.ID, ledger.Quarter(2026, q), recipient, v)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStatementReconciles: opening + contributions − payouts + recoveries =
// closing; each quarter opens where the last one closed; the quarter under
// way closes at the ledger's balance now; the categories add up to the
// payouts.
func TestStatementReconciles(t *testing.T) {
	d := newDataset(t)
	var prev *reports.Statement
	for q := 1; q <= 3; q++ {
		s := d.statement(t, q, &d.insurer)
		if got := s.Opening + s.Contributions - s.Payouts + s.Recoveries; got != s.Closing {
			t.Errorf("Q%d: %s + %s - %s + %s = %s; closing says %s", q, s.Opening, s.Contributions, s.Payouts, s.Recoveries, got, s.Closing)
		}
		if prev != nil && s.Opening != prev.Closing {
			t.Errorf("Q%d opens at %s; Q%d closed at %s", q, s.Opening, q-1, prev.Closing)
		}
		var sum ledger.Cents
		for _, c := range s.Categories {
			sum += c.Amount
			if c.Category != "other" && c.Payouts < reports.MinCell {
				t.Errorf("Q%d shows category %s with %d payouts; fewer than %d are merged", q, c.Category, c.Payouts, reports.MinCell)
			}
		}
		if sum != s.Payouts {
			t.Errorf("Q%d: categories add up to %s; payouts are %s", q, sum, s.Payouts)
		}
		totals, err := d.store.PostingTotals(context.Background(), ledger.PostingQuery{PotID: d.pot.ID, To: s.Period.End})
		if err != nil {
			t.Fatal(err)
		}
		var money ledger.Cents
		for _, x := range totals {
			if a, _ := ledger.ParseAccount(x.Account); a.Kind == ledger.AccountBank || a.Kind == ledger.AccountPayable {
				money += x.Amount
			}
		}
		if s.Closing != money {
			t.Errorf("Q%d closes at %s; the ledger's bank and payable at %s hold %s", q, s.Closing, s.Period.End, money)
		}
		prev = s
	}
	b, err := d.store.Balance(context.Background(), d.pot.ID)
	if err != nil {
		t.Fatal(err)
	}
	if prev.Closing != b.Available+b.Held {
		t.Errorf("Q3 closes at %s; the ledger holds %s (available %s + held %s)", prev.Closing, b.Available+b.Held, b.Available, b.Held)
	}
	q2 := d.statement(t, 2, nil)
	if q2.Recoveries != 2000_00 || len(q2.Recovered) != 1 || q2.ReceivableTotal != 1200_00 {
		t.Errorf("Q2 recovered %s %+v, receivable %s; want the Wmo's 2000.00 back and Elkien owing 1200.00", q2.Recoveries, q2.Recovered, q2.ReceivableTotal)
	}
	q3 := d.statement(t, 3, nil)
	if q3.Recoveries != 700_00 || q3.ReceivableTotal != 500_00 || q3.Contributions != 25000_00 {
		t.Errorf("Q3 recovered %s, receivable %s, contributions %s; want 700.00, 500.00, 25000.00", q3.Recoveries, q3.ReceivableTotal, q3.Contributions)
	}
	q1 := d.statement(t, 1, nil)
	// Dental care and energy debt (one of them reversed) are too few on
	// their own, and together still: rent arrears joins them.
	if len(q1.Categories) != 1 || q1.Categories[0].Category != "other" || q1.Categories[0].Payouts != 8 || q1.Categories[0].Reversals != 1 {
		t.Errorf("Q1 categories = %+v; want one overig line of all eight", q1.Categories)
	}
	// Each partner's contributions up to the quarter's end, counted once.
	for _, f := range q3.Funding {
		want := map[string]ledger.Cents{"Gemeente Leeuwarden": 100000_00, "Zorgverzekeraar De Friesland": 75000_00}[f.Partner]
		if f.ToDate != want {
			t.Errorf("Q3: %s contributed %s to date; want %s", f.Partner, f.ToDate, want)
		}
	}
	if !q1.Provisional {
		t.Error("Q1 is not closed, yet the statement is not provisional")
	}
	if _, err := d.store.ClosePeriod(context.Background(), finance, ledger.ClosePeriod{Period: ledger.Quarter(2026, 1)}); err != nil {
		t.Fatal(err)
	}
	if q1 := d.statement(t, 1, nil); q1.Provisional {
		t.Error("Q1 is closed, yet the statement is provisional")
	}
	if q3.Regret.Regretted != 800_00 || q3.Regret.Status == "" {
		t.Errorf("regret = %+v", q3.Regret)
	}
}

// TestPartnerOutputsHoldNoPersonalData scans every partner document (PDF
// text, CSV, JSON) for every payee name, IBAN, case reference and weighing
// text of the dataset.
func TestPartnerOutputsHoldNoPersonalData(t *testing.T) {
	d := newDataset(t)
	for q := 1; q <= 3; q++ {
		s := d.statement(t, q, &d.insurer)
		var pdf, csv bytes.Buffer
		texts, err := reports.StatementPDFUncompressed(&pdf, s)
		if err != nil {
			t.Fatal(err)
		}
		if err := reports.StatementCSV(&csv, s, sheet.Standard); err != nil {
			t.Fatal(err)
		}
		j, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		// The scan can find text: the pot's name is in all three.
		for name, out := range map[string][]byte{"PDF": pdf.Bytes(), "CSV": csv.Bytes(), "JSON": j} {
			if !containsText(out, "Doorbraakfonds") {
				t.Fatalf("Q%d %s: the scan does not find the pot's name, so it would not find personal data either", q, name)
			}
		}
		for _, p := range d.personal {
			for name, out := range map[string][]byte{"PDF": pdf.Bytes(), "CSV": csv.Bytes(), "JSON": j} {
				if containsText(out, p) {
					t.Errorf("Q%d %s contains %q", q, name, p)
				}
			}
			for _, text := range texts {
				if strings.Contains(text, p) {
					t.Errorf("Q%d PDF writes %q", q, p)
				}
			}
		}
	}
}

// containsText reports whether out holds s in UTF-8, or as the UTF-16 (big
// endian) that PDF strings in an embedded Unicode font are written in.
func containsText(out []byte, s string) bool {
	if bytes.Contains(out, []byte(s)) {
		return true
	}
	var u16 []byte
	for _, r := range utf16.Encode([]rune(s)) {
		u16 = append(u16, byte(r>>8), byte(r))
	}
	return bytes.Contains(out, u16)
}

func TestFinanceViewFromTheLedger(t *testing.T) {
	d := newDataset(t)
	b := &reports.Builder{Store: d.store, Now: d.clock.Now}
	v, err := b.FinanceView(context.Background(), "", ledger.Quarter(2026, 2))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Lines) != 1 || v.Lines[0].Taakveld != "6.812" || v.Lines[0].Amount != 2000_00 || v.Lines[0].EconomicCategory != ledger.EconInKind ||
		v.Lines[0].TaakveldName == "" || v.LegalTotal != 2000_00 {
		t.Fatalf("Iv3 lines = %+v", v.Lines)
	}
	if v.PartyTotal != 1200_00 || len(v.Parties) != 1 || v.ReceivableTotal != 1200_00 {
		t.Fatalf("parties %+v, receivables %+v", v.Parties, v.Receivables)
	}
	var unallocated ledger.Cents
	for _, band := range v.Unallocated {
		unallocated += band.Amount
	}
	bal, _ := d.store.Balance(context.Background(), d.pot.ID)
	// Everything booked by the end of Q2 that is unallocated now: all but
	// the allocated temporary housing.
	if len(v.Unallocated) != 3 || unallocated != v.UnallocatedSum || unallocated >= bal.Unallocated {
		t.Fatalf("unallocated = %+v (sum %s); the ledger has %s unallocated", v.Unallocated, v.UnallocatedSum, bal.Unallocated)
	}
	q3, err := b.FinanceView(context.Background(), d.pot.ID, ledger.Quarter(2026, 3))
	if err != nil || len(q3.Lines) != 0 || q3.ReceivableTotal != 500_00 || q3.PotName == "" {
		t.Fatalf("Q3 = %+v, %v", q3, err)
	}
	_, err = b.FinanceView(context.Background(), "", ledger.Quarter(2026, 4))
	if ledger.ErrorCode(err) != ledger.EINVALID {
		t.Fatalf("a quarter not begun: %v", err)
	}
}

func TestLegitimacyFromTheLedger(t *testing.T) {
	d := newDataset(t)
	b := &reports.Builder{Store: d.store, Now: d.clock.Now}
	l, err := b.Legitimacy(context.Background(), d.pot.ID, ledger.Quarter(2026, 2))
	if err != nil {
		t.Fatal(err)
	}
	// May: six rent arrears, one dental care, one temporary housing held
	// and approved by the teamlead after 4 days.
	if l.Requests != 8 || l.Approved != 8 || l.Decided != 8 || l.WithinMandate != 8 || l.ByApprover != 1 || l.FourEyes != 1 ||
		l.WeighingComplete != 8 || l.WeighingShare != ledger.RatioOne || l.SlowDecisions != 0 || len(l.Exceptions) != 8 {
		t.Fatalf("legitimacy = %+v", l)
	}
	q1, err := b.Legitimacy(context.Background(), d.pot.ID, ledger.Quarter(2026, 1))
	if err != nil || q1.Reversed != 1 || q1.ReversedAmount != 300_00 {
		t.Fatalf("Q1 = %+v, %v", q1, err)
	}
	found := false
	for _, x := range q1.Exceptions {
		found = found || strings.Contains(strings.Join(x.Findings, ";"), "teruggedraaid")
		if x.RequestedRole != "caseworker" || len(x.DeviatesFrom) == 0 {
			t.Fatalf("exception = %+v", x)
		}
	}
	if !found {
		t.Fatal("the reversed payout is not among the findings")
	}
	var pdf, csv bytes.Buffer
	texts, err := reports.LegitimacyPDFUncompressed(&pdf, q1)
	if err != nil {
		t.Fatal(err)
	}
	if err := reports.LegitimacyCSV(&csv, q1, sheet.Standard); err != nil {
		t.Fatal(err)
	}
	// Auditors see the exceptions, still without payees or the case.
	for _, p := range d.personal {
		if containsText(pdf.Bytes(), p) || containsText(csv.Bytes(), p) || strings.Contains(strings.Join(texts, "\n"), p) {
			t.Errorf("the legitimacy report contains %q", p)
		}
	}
}

// TestBuiltDocumentsGolden pins the documents the builders make from the
// fixed dataset, byte for byte: what the ledger's figures become, not only
// how a given figure is printed. The dataset's random parts (ids, hashes)
// are replaced by fixed ones first.
func TestBuiltDocumentsGolden(t *testing.T) {
	d := newDataset(t)
	st := d.statement(t, 2, &d.insurer)
	st.Pot.ID = "POT-01JGGAM0C0000000000000000B"
	st.Recipient.ID = "PRT-01JGGAM0C0000000000000000A"
	st.Journal = reports.JournalLine{HeadSeq: 61, HeadHash: strings.Repeat("ab", 32), Checkpoint: ledger.Checkpoint{Seq: 61, Hash: strings.Repeat("ab", 32)},
		Verified: true, VerifiedAt: st.MadeAt, VerifiedSeq: 61}
	var pdf, csv bytes.Buffer
	if err := reports.StatementPDF(&pdf, st); err != nil {
		t.Fatal(err)
	}
	if err := reports.StatementCSV(&csv, st, sheet.Standard); err != nil {
		t.Fatal(err)
	}
	j, _ := json.MarshalIndent(st, "", "  ")
	golden(t, "built-statement.pdf", pdf.Bytes())
	golden(t, "built-statement.csv", csv.Bytes())
	golden(t, "built-statement.json", append(j, '\n'))

	b := &reports.Builder{Store: d.store, Now: d.clock.Now}
	v, err := b.FinanceView(context.Background(), "", ledger.Quarter(2026, 2))
	if err != nil {
		t.Fatal(err)
	}
	pdf.Reset()
	csv.Reset()
	if err := reports.FinanceViewPDF(&pdf, v); err != nil {
		t.Fatal(err)
	}
	if err := reports.FinanceViewCSV(&csv, v, sheet.Standard); err != nil {
		t.Fatal(err)
	}
	golden(t, "built-finance.pdf", pdf.Bytes())
	golden(t, "built-finance.csv", csv.Bytes())

	l, err := b.Legitimacy(context.Background(), d.pot.ID, ledger.Quarter(2026, 1))
	if err != nil {
		t.Fatal(err)
	}
	l.PotID = "POT-01JGGAM0C0000000000000000B"
	for i := range l.Exceptions {
		l.Exceptions[i].PayoutID = ledger.PayoutID(fmt.Sprintf("PAY-01K0A000000000000000000%03d", i+1))
	}
	pdf.Reset()
	csv.Reset()
	if err := reports.LegitimacyPDF(&pdf, l); err != nil {
		t.Fatal(err)
	}
	if err := reports.LegitimacyCSV(&csv, l, sheet.Standard); err != nil {
		t.Fatal(err)
	}
	golden(t, "built-legitimacy.pdf", pdf.Bytes())
	golden(t, "built-legitimacy.csv", csv.Bytes())
}

// TestFinanceViewSaysWhichDayDecidesItsUnallocated: which payouts are
// still unallocated is read on the day the view is made, so allocating a
// Q2 payout in September changes Q2's band; the view must say so and not
// claim it does not change with that day. A period under way shows its
// receivables open per the day made, never per a day still to come.
func TestFinanceViewSaysWhichDayDecidesItsUnallocated(t *testing.T) {
	d := newDataset(t)
	ctx := context.Background()
	b := &reports.Builder{Store: d.store, Now: d.clock.Now}
	today := ledger.DateOf(d.clock.Now())
	before, err := b.FinanceView(ctx, "", ledger.Quarter(2026, 2))
	if err != nil {
		t.Fatal(err)
	}
	page, err := d.store.Payouts(ctx, ledger.PayoutFilter{PotID: d.pot.ID, Category: "dental_care", From: ledger.NewDate(2026, 5, 1), To: ledger.NewDate(2026, 5, 31)})
	if err != nil || len(page.Payouts) != 1 {
		t.Fatalf("May's dental care: %+v, %v", page.Payouts, err)
	}
	p := page.Payouts[0]
	if _, err := d.store.Allocate(ctx, finance, ledger.AllocationRequest{PayoutID: p.ID, Lines: []ledger.AllocationLine{{Target: "maatwerk", Amount: p.Amount}}}); err != nil {
		t.Fatal(err)
	}
	after, err := b.FinanceView(ctx, "", ledger.Quarter(2026, 2))
	if err != nil {
		t.Fatal(err)
	}
	if after.UnallocatedSum != before.UnallocatedSum-p.Amount {
		t.Fatalf("Q2 unallocated %s before, %s after allocating %s in September", before.UnallocatedSum, after.UnallocatedSum, p.Amount)
	}
	for _, v := range []*reports.FinanceView{before, after} {
		var pdf bytes.Buffer
		texts, err := reports.FinanceViewPDFUncompressed(&pdf, v)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(texts, " ")
		note := v.UnallocatedNote()
		if strings.Contains(note, "niet verandert") || !strings.Contains(note, reports.DutchDate(today)) || !strings.Contains(note, "wat later wordt toegerekend, valt eruit") {
			t.Errorf("the note claims what does not hold: %q", note)
		}
		if !strings.Contains(all, "wat later wordt toegerekend, valt eruit") {
			t.Errorf("the PDF does not say that later allocations drop out: %q", all)
		}
	}
	q3, err := b.FinanceView(ctx, d.pot.ID, ledger.Quarter(2026, 3))
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	texts, err := reports.FinanceViewPDFUncompressed(&pdf, q3)
	if err != nil {
		t.Fatal(err)
	}
	if got := q3.ReceivablesAsOf(); got != today {
		t.Errorf("Q3's receivables are open per %s; today is %s", got, today)
	}
	all := strings.Join(texts, " ")
	if strings.Contains(all, "Open per 30 september 2026") || !strings.Contains(all, "Open per "+reports.DutchDate(today)) {
		t.Errorf("Q3's PDF promises a day to come: %q", all)
	}
}
