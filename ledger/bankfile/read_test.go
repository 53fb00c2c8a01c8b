package bankfile_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
)

// day is a ledger date in October 2026, the month of the fixtures.
func day(d int) ledger.Date { return ledger.NewDate(2026, time.October, d) }

// at is a moment in Amsterdam in October 2026.
func at(d, h, m, s int) time.Time {
	return time.Date(2026, time.October, d, h, m, s, 0, ledger.Amsterdam)
}

func readFixture(t *testing.T, name string) (*bankfile.File, error) {
	t.Helper()
	f, err := os.Open(bt.Path(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return bankfile.Read(f)
}

// same fails the test when got and want differ, showing both as JSON (the
// types' amounts and dates write themselves readably there).
func same(t *testing.T, got, want *bankfile.File) {
	t.Helper()
	if !got.CreatedAt.Equal(want.CreatedAt) {
		t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, want.CreatedAt)
	}
	g, w := *got, *want
	g.CreatedAt, w.CreatedAt = time.Time{}, time.Time{}
	gj, _ := json.MarshalIndent(g, "", "  ")
	wj, _ := json.MarshalIndent(w, "", "  ")
	if string(gj) == string(wj) {
		return
	}
	gl, wl := strings.Split(string(gj), "\n"), strings.Split(string(wj), "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var a, b string
		if i < len(gl) {
			a = gl[i]
		}
		if i < len(wl) {
			b = wl[i]
		}
		if a != b {
			t.Fatalf("first difference at line %d:\n got: %s\nwant: %s\n\ngot:\n%s", i+1, a, b, gj)
		}
	}
}

func bal(c ledger.Cents, d ledger.Date) *bankfile.Balance {
	return &bankfile.Balance{Amount: c, Date: d}
}

func TestReadCamt053v02(t *testing.T) {
	got, err := readFixture(t, bt.Camt053v02)
	if err != nil {
		t.Fatal(err)
	}
	tx := func(id ledger.PayoutID, c ledger.Cents) bankfile.Detail {
		return bankfile.Detail{EndToEndID: string(id), PaymentInfoID: bt.Block1, InstructionID: string(id), MessageID: bt.Batch1, Amount: c}
	}
	want := &bankfile.File{
		Kind:      bankfile.Camt053v02,
		MessageID: "BNG053-20261013-0000197",
		CreatedAt: at(14, 5, 12, 44),
		Statements: []bankfile.Statement{{
			ID: "20261013-NL35BNGH0285170412", Sequence: "197", IBAN: bt.DebtorIBAN, Currency: "EUR",
			From: day(13), To: day(13),
			Opening: bal(bt.Opening1, day(12)), Closing: bal(bt.Closing1, day(13)),
			Entries: []bankfile.Entry{
				{
					Ref: "2026101300000001", BankRef: "BNG2026101385510001", Amount: bt.AmountBlock1, Debit: true,
					Status: "BOOK", BookingDate: day(13), ValueDate: day(13), Batch: true, Transactions: 3,
					PaymentInfoID: bt.Block1, BankTxCode: "PMNT/ICDT/ESCT",
					Details: []bankfile.Detail{tx(bt.PayA1, bt.AmountA1), tx(bt.PayA2, bt.AmountA2), tx(bt.PayA3, bt.AmountA3)},
				},
				{
					Ref: "2026101300000002", BankRef: "BNG2026101385510002", Amount: bt.AmountB1, Debit: true,
					Status: "BOOK", BookingDate: day(13), ValueDate: day(13), Transactions: 1, BankTxCode: "PMNT/ICDT/ESCT",
					Details: []bankfile.Detail{{EndToEndID: bt.PayB1, PaymentInfoID: bt.Block1Instant, InstructionID: bt.PayB1, MessageID: bt.Batch1, Amount: bt.AmountB1}},
				},
				{
					Ref: "2026101300000003", BankRef: "BNG2026101385510003", Amount: bt.AmountContribution,
					Status: "BOOK", BookingDate: day(13), ValueDate: day(13), Transactions: 1, BankTxCode: "PMNT/RCDT/ESCT",
					Details: []bankfile.Detail{{EndToEndID: "NOTPROVIDED", Amount: bt.AmountContribution}},
				},
			},
		}},
	}
	same(t, got, want)
}

func TestReadCamt053v08(t *testing.T) {
	got, err := readFixture(t, bt.Camt053v08)
	if err != nil {
		t.Fatal(err)
	}
	want := &bankfile.File{
		Kind:      bankfile.Camt053v08,
		MessageID: "BNG053-20261016-0000200",
		CreatedAt: at(17, 5, 10, 2).Add(417 * time.Millisecond),
		Statements: []bankfile.Statement{{
			ID: "20261016-NL35BNGH0285170412", Sequence: "200", IBAN: bt.DebtorIBAN, Currency: "EUR",
			From: day(16), To: day(16),
			Opening: bal(bt.Closing1, day(15)), Closing: bal(bt.Closing2, day(16)),
			Entries: []bankfile.Entry{
				{
					// A batch without transaction details: NbOfTxs counts it.
					Ref: "BNG2026101685510011", BankRef: "BNG2026101685510011", Amount: bt.AmountBlock2, Debit: true,
					Status: "BOOK", BookingDate: day(16), ValueDate: day(16), Batch: true, Transactions: 2,
					PaymentInfoID: bt.Block2, BankTxCode: "PMNT/ICDT/ESCT",
				},
				{
					Ref: "2026101600000002", BankRef: "BNG2026101685510012", Amount: bt.AmountA2,
					Status: "BOOK", BookingDate: day(16), ValueDate: day(16), Transactions: 1, BankTxCode: "PMNT/RCDT/RRTN",
					Details: []bankfile.Detail{{EndToEndID: bt.PayA2, InstructionID: bt.PayA2, Amount: bt.AmountA2,
						Return: &bankfile.Return{Reason: "AC04", Info: "REKENING OPGEHEVEN"}}},
				},
				{
					Ref: "2026101600000003", BankRef: "BNG2026101685510013", Amount: bt.AmountA3,
					Status: "BOOK", BookingDate: day(16), ValueDate: day(15), Transactions: 1, BankTxCode: "PMNT/ICDT/RRTN",
					Details: []bankfile.Detail{{EndToEndID: bt.PayA3, PaymentInfoID: bt.Block1, MessageID: bt.Batch1, Amount: bt.AmountA3,
						Return: &bankfile.Return{Reason: "AC01", Info: "IBAN ONBEKEND BIJ ONTVANGENDE BANK RETOUR NA 2 WERKDAGEN"}}},
				},
				{
					Ref: "2026101600000004", BankRef: "BNG2026101685510014", Amount: bt.AmountCharges, Debit: true,
					Status: "BOOK", BookingDate: day(16), ValueDate: day(16), BankTxCode: "ACMT/MDOP/CHRG",
				},
			},
		}},
	}
	same(t, got, want)
}

func TestReadTwoStatements(t *testing.T) {
	got, err := readFixture(t, bt.TwoStatements)
	if err != nil {
		t.Fatal(err)
	}
	g := func(id ledger.PayoutID, c ledger.Cents) bankfile.Detail {
		return bankfile.Detail{EndToEndID: string(id), PaymentInfoID: bt.Block4, Amount: c}
	}
	want := &bankfile.File{
		Kind:      bankfile.Camt053v02,
		MessageID: "BNG053-20261020-0000201",
		CreatedAt: at(21, 5, 9, 31),
		Statements: []bankfile.Statement{
			{
				// No FrToDt: the booking dates say the days; PRCD opens.
				ID: "20261020-NL35BNGH0285170412", Sequence: "201", IBAN: bt.DebtorIBAN, Currency: "EUR",
				From: day(19), To: day(20),
				Opening: bal(bt.Closing2, day(16)), Closing: bal(bt.Closing3, day(20)),
				Entries: []bankfile.Entry{
					{
						// Neither NtryRef nor AcctSvcrRef: Ref is "".
						Amount: bt.AmountCharges, Reversal: true, Status: "BOOK",
						BookingDate: day(19), ValueDate: day(16), BankTxCode: "ACMT/MDOP/CHRG",
					},
					{
						Ref: "2026102000000002", BankRef: "BNG2026102085510022", Amount: bt.AmountUnknown, Debit: true,
						Status: "BOOK", BookingDate: day(20), ValueDate: day(20), Transactions: 1, BankTxCode: "N658",
						Details: []bankfile.Detail{{EndToEndID: bt.PayUnknown, Amount: bt.AmountUnknown}},
					},
				},
			},
			{
				ID: "20261020-NL13BNGH0285170420", Sequence: "45", IBAN: bt.DebtorIBAN2, Currency: "EUR",
				From: day(20), To: day(20),
				Opening: bal(bt.Opening4, day(19)), Closing: bal(bt.Closing4, day(20)),
				Entries: []bankfile.Entry{
					{
						// Btch without NbOfTxs: the details count.
						Ref: "2026102000000011", BankRef: "BNG2026102085510031", Amount: bt.AmountBlock4, Debit: true,
						Status: "BOOK", BookingDate: day(20), ValueDate: day(20), Batch: true, Transactions: 2,
						PaymentInfoID: bt.Block4, BankTxCode: "PMNT/ICDT/ESCT",
						Details: []bankfile.Detail{g(bt.PayG1, bt.AmountG1), g(bt.PayG2, bt.AmountG2)},
					},
					{
						Ref: "2026102000000012", Amount: 1000_00, Status: "PDNG", ValueDate: day(21), BankTxCode: "PMNT/RCDT/ESCT",
					},
				},
			},
		},
	}
	same(t, got, want)
}

func TestReadCamt054v02(t *testing.T) {
	got, err := readFixture(t, bt.Camt054v02)
	if err != nil {
		t.Fatal(err)
	}
	e2e := func(id ledger.PayoutID, c ledger.Cents) bankfile.Detail {
		return bankfile.Detail{EndToEndID: string(id), Amount: c}
	}
	want := &bankfile.File{
		Kind:      bankfile.Camt054v02,
		MessageID: "BNG054-20261013-0000311",
		CreatedAt: at(13, 14, 31, 7),
		Statements: []bankfile.Statement{{
			ID: "054-20261013-0000311-1", Sequence: "311", IBAN: bt.DebtorIBAN, Currency: "EUR",
			From: day(13), To: day(13),
			Entries: []bankfile.Entry{{
				Ref: "2026101300000001", BankRef: "BNG2026101385510001", Amount: bt.AmountBlock1, Debit: true,
				Status: "BOOK", BookingDate: day(13), ValueDate: day(13), Batch: true, Transactions: 3,
				PaymentInfoID: bt.Block1, BankTxCode: "PMNT/ICDT/ESCT",
				Details: []bankfile.Detail{e2e(bt.PayA1, bt.AmountA1), e2e(bt.PayA2, bt.AmountA2), e2e(bt.PayA3, bt.AmountA3)},
			}},
		}},
	}
	same(t, got, want)
}

func TestReadCamt054v08(t *testing.T) {
	got, err := readFixture(t, bt.Camt054v08)
	if err != nil {
		t.Fatal(err)
	}
	want := &bankfile.File{
		Kind:      bankfile.Camt054v08,
		MessageID: "BNG054-20261013-0000309",
		CreatedAt: at(13, 9, 42, 18).Add(203 * time.Millisecond),
		Statements: []bankfile.Statement{{
			ID: "054-20261013-0000309-1", Sequence: "309", IBAN: bt.DebtorIBAN, Currency: "EUR",
			From: day(13), To: day(13),
			Entries: []bankfile.Entry{{
				Ref: "2026101300000002", BankRef: "BNG2026101385510002", Amount: bt.AmountB1, Debit: true,
				Status: "BOOK", BookingDate: day(13), ValueDate: day(13), Transactions: 1, BankTxCode: "PMNT/ICDT/ESCT",
				Details: []bankfile.Detail{{EndToEndID: bt.PayB1, PaymentInfoID: bt.Block1Instant, InstructionID: bt.PayB1, MessageID: bt.Batch1, Amount: bt.AmountB1}},
			}},
		}},
	}
	same(t, got, want)
}

func TestReadPain002(t *testing.T) {
	got, err := readFixture(t, bt.Pain002)
	if err != nil {
		t.Fatal(err)
	}
	want := &bankfile.File{
		Kind:      bankfile.Pain002v10,
		MessageID: "BNG002-20261021-0000042",
		CreatedAt: at(21, 10, 3, 12),
		Status: &bankfile.StatusReport{
			OriginalMessageID: bt.Batch3, OriginalKind: "pain.001.001.09", GroupStatus: "PART",
			Blocks: []bankfile.BlockStatus{
				{PaymentInfoID: bt.Block3Accepted, Status: "ACCP"},
				{PaymentInfoID: bt.Block3Partial, Status: "PART", Transactions: []bankfile.TransactionStatus{
					{EndToEndID: bt.PayE2, Status: "RJCT", Reason: "AC01", Amount: bt.AmountE2},
				}},
				{PaymentInfoID: bt.Block3Rejected, Status: "RJCT", Reason: "AM04"},
			},
		},
	}
	same(t, got, want)
}

// The fixtures' balances add up: each statement's opening plus its booked
// entries is its closing, so a reconciliation built on them can add up too.
func TestFixtureBalancesAddUp(t *testing.T) {
	for _, name := range []string{bt.Camt053v02, bt.Camt053v08, bt.TwoStatements} {
		f, err := readFixture(t, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range f.Statements {
			sum := st.Opening.Amount
			for _, e := range st.Entries {
				if e.Status != "BOOK" {
					continue
				}
				amt := e.Amount
				if e.Debit {
					amt = -amt
				}
				sum += amt
			}
			if sum != st.Closing.Amount {
				t.Errorf("%s %s: opening and entries make %s, closing is %s", name, st.ID, sum, st.Closing.Amount)
			}
		}
	}
}

// Every IBAN in the fixtures and constants passes the ledger's check
// (mod 97, Dutch shape), and every payout and batch id looks like one.
func TestFixtureIdentifiers(t *testing.T) {
	ibans := []string{bt.DebtorIBAN, bt.DebtorIBAN2, bt.PartnerIBAN}
	for _, name := range []string{bt.Camt053v02, bt.Camt053v08, bt.TwoStatements, bt.Camt054v02, bt.Camt054v08, bt.Pain002, bt.Pain001, bt.Camt052, bt.Malformed} {
		b, err := os.ReadFile(bt.Path(name))
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range strings.Split(string(b), "<IBAN>")[1:] {
			iban, _, _ := strings.Cut(part, "</IBAN>")
			ibans = append(ibans, iban)
		}
	}
	if len(ibans) < 20 {
		t.Fatalf("found only %d IBANs in the fixtures", len(ibans))
	}
	for _, s := range ibans {
		if _, err := ledger.ParseIBAN(s); err != nil {
			t.Errorf("IBAN %q: %v", s, err)
		}
	}
	for _, id := range []string{bt.PayA1, bt.PayA2, bt.PayA3, bt.PayB1, bt.PayC1, bt.PayC2, bt.PayD1, bt.PayD2, bt.PayE1, bt.PayE2, bt.PayF1, bt.PayG1, bt.PayG2, bt.PayUnknown} {
		if !ledger.ValidID(ledger.PayoutPrefix, id) {
			t.Errorf("%s is no payout id", id)
		}
	}
	for _, id := range []string{bt.Batch1, bt.Batch2, bt.Batch3, bt.Batch4} {
		if !ledger.ValidID(ledger.PaymentBatchPrefix, id) {
			t.Errorf("%s is no batch id", id)
		}
	}
}
