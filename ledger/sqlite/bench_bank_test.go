package sqlite_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// bankBenchEntries is the size of a day's statement in the bank benchmarks:
// a busy day of a large municipality's maatwerk pots.
const bankBenchEntries = 500

// paidForStatement requests n payouts, pays them in one batch and returns
// a statement booking each one's debit, one entry per transfer.
func paidForStatement(b *testing.B, s *ledger.Service, pot ledger.PotID, n, round int) *ledger.BankFile {
	b.Helper()
	ctx := context.Background()
	ids := make([]ledger.Payout, n)
	for i := range ids {
		req := ledgertest.ValidRequest(pot, ledger.Cents(100_00+i))
		p, err := s.RequestPayout(ctx, ledgertest.Alderman, req)
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = p
	}
	if _, err := s.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{PotID: pot}); err != nil {
		b.Fatal(err)
	}
	day := ledger.DateOf(time.Now())
	st := ledger.BankStatement{ID: fmt.Sprintf("BENCH-%d", round), IBAN: string(ledgertest.DebtorAccount().IBAN), Currency: "EUR", From: day, To: day}
	for i, p := range ids {
		st.Entries = append(st.Entries, ledger.BankEntry{Ref: fmt.Sprintf("B%d-%d", round, i), Amount: p.Amount, Debit: true, Status: "BOOK",
			BookingDate: day, ValueDate: day, BankTxCode: "PMNT/ICDT/ESCT", Details: []ledger.BankDetail{{EndToEndID: string(p.ID), Amount: p.Amount}}})
	}
	return &ledger.BankFile{Kind: ledger.BankCamt053v08, MessageID: st.ID, CreatedAt: time.Now(), Statements: []ledger.BankStatement{st}}
}

// BenchmarkImportBankFile measures an import of a statement of
// bankBenchEntries entries, each settling a paid payout (the entries/s
// metric), durably on SQLite; the payouts are made and paid untimed.
func BenchmarkImportBankFile(b *testing.B) {
	s, pot := benchStore(b, filepath.Join(b.TempDir(), "bank.db"))
	defer s.Close()
	ctx := context.Background()
	if _, err := s.SetDebtorAccount(ctx, ledgertest.Finance, pot, ledgertest.DebtorAccount(), ""); err != nil {
		b.Fatal(err)
	}
	var took time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		f := paidForStatement(b, s, pot, bankBenchEntries, i)
		sum := sha256.Sum256([]byte(f.MessageID))
		b.StartTimer()
		start := time.Now()
		im, err := s.ImportBankFile(ctx, ledgertest.Finance, ledger.ImportBankFile{File: f, Digest: hex.EncodeToString(sum[:])})
		took += time.Since(start)
		if err != nil || len(im.Settled) != bankBenchEntries {
			b.Fatalf("import: %d settled, %v", len(im.Settled), err)
		}
	}
	b.ReportMetric(float64(b.N*bankBenchEntries)/took.Seconds(), "entries/s")
}

// BenchmarkReconciliation measures the reconciliation of a statement of
// bankBenchEntries entries beside a ledger of several such days.
func BenchmarkReconciliation(b *testing.B) {
	s, pot := benchStore(b, filepath.Join(b.TempDir(), "recon.db"))
	defer s.Close()
	ctx := context.Background()
	if _, err := s.SetDebtorAccount(ctx, ledgertest.Finance, pot, ledgertest.DebtorAccount(), ""); err != nil {
		b.Fatal(err)
	}
	var last string
	for i := range 4 {
		f := paidForStatement(b, s, pot, bankBenchEntries, i)
		sum := sha256.Sum256([]byte(f.MessageID))
		if _, err := s.ImportBankFile(ctx, ledgertest.Finance, ledger.ImportBankFile{File: f, Digest: hex.EncodeToString(sum[:])}); err != nil {
			b.Fatal(err)
		}
		last = f.Statements[0].ID
	}
	iban := string(ledgertest.DebtorAccount().IBAN)
	for b.Loop() {
		if _, err := s.Reconciliation(ctx, ledgertest.Finance, iban, last); err != nil {
			b.Fatal(err)
		}
	}
}
