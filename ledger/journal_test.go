package ledger_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

func sampleTx() ledger.Transaction {
	return ledger.Transaction{
		Seq: 7, Kind: ledger.TxPayoutApproved, Ref: "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV", PotID: "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV",
		ValueDate:  ledger.NewDate(2026, time.March, 10),
		RecordedAt: time.Date(2026, time.March, 10, 9, 30, 0, 123456000, time.UTC),
		Actor:      "carla", ActorRole: ledger.RoleCaseworker, Memo: "approved", Digest: strings.Repeat("ab", 32),
		PrevHash: ledger.GenesisHash,
		Postings: ledger.ApprovalPostings("POT-01ARZ3NDEKTSV4RRFFQ69G5FAV", 125_50, false),
	}
}

func TestCanonical(t *testing.T) {
	tx := sampleTx()
	tx.Postings[0].BalanceAfter, tx.Postings[1].BalanceAfter = 125_50, -125_50
	want := `ontschot-journal-v1
seq 7
prev 0000000000000000000000000000000000000000000000000000000000000000
kind "payout_approved"
ref "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV"
pot "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV"
valueDate 2026-03-10
recordedAt 2026-03-10T09:30:00.123456Z
actor "carla"
actorRole "caseworker"
memo "approved"
digest abababababababababababababababababababababababababababababababab
reverses 0
posting "pot:POT-01ARZ3NDEKTSV4RRFFQ69G5FAV:costs:unallocated" 125.50 125.50
posting "pot:POT-01ARZ3NDEKTSV4RRFFQ69G5FAV:payable" -125.50 -125.50
`
	if got := string(tx.Canonical()); got != want {
		t.Fatalf("Canonical() =\n%s\nwant\n%s", got, want)
	}
	if tx.Sum() != 0 {
		t.Fatalf("Sum() = %s", tx.Sum())
	}
}

func TestHashChangesWithEveryField(t *testing.T) {
	base := sampleTx()
	h := base.ComputeHash()
	changes := map[string]func(*ledger.Transaction){
		"seq":      func(t *ledger.Transaction) { t.Seq++ },
		"prev":     func(t *ledger.Transaction) { t.PrevHash = strings.Repeat("1", 64) },
		"kind":     func(t *ledger.Transaction) { t.Kind = ledger.TxPayoutHeld },
		"ref":      func(t *ledger.Transaction) { t.Ref += "X" },
		"date":     func(t *ledger.Transaction) { t.ValueDate = t.ValueDate.AddDays(1) },
		"time":     func(t *ledger.Transaction) { t.RecordedAt = t.RecordedAt.Add(time.Microsecond) },
		"actor":    func(t *ledger.Transaction) { t.Actor = "kees" },
		"role":     func(t *ledger.Transaction) { t.ActorRole = ledger.RoleManager },
		"memo":     func(t *ledger.Transaction) { t.Memo += "." },
		"digest":   func(t *ledger.Transaction) { t.Digest = strings.Repeat("cd", 32) },
		"reverses": func(t *ledger.Transaction) { t.Reverses = 3 },
		"amount":   func(t *ledger.Transaction) { t.Postings[0].Amount++ },
		"balance":  func(t *ledger.Transaction) { t.Postings[1].BalanceAfter-- },
		"account":  func(t *ledger.Transaction) { t.Postings[0].Account += "x" },
		"injection": func(t *ledger.Transaction) {
			t.Memo = "approved\nposting \"x\" 1.00 1.00"
		},
	}
	for name, change := range changes {
		tx := sampleTx()
		change(&tx)
		if tx.ComputeHash() == h {
			t.Errorf("changing %s leaves the hash unchanged", name)
		}
	}
}

func TestPostingsBalance(t *testing.T) {
	pot := ledger.PotID("POT-01ARZ3NDEKTSV4RRFFQ69G5FAV")
	sets := map[string][]ledger.Posting{
		"contribution":  ledger.ContributionPostings(pot, "PRT-01ARZ3NDEKTSV4RRFFQ69G5FAV", 100_00),
		"hold":          ledger.HoldPostings(pot, 100_00),
		"release":       ledger.ReleasePostings(pot, 100_00),
		"approval":      ledger.ApprovalPostings(pot, 100_00, false),
		"approval-held": ledger.ApprovalPostings(pot, 100_00, true),
		"reversal":      ledger.ReversalPostings(pot, 100_00),
	}
	for name, ps := range sets {
		tx := ledger.Transaction{Postings: ps}
		if tx.Sum() != 0 {
			t.Errorf("%s postings sum to %s", name, tx.Sum())
		}
	}
}

func TestBalanceOf(t *testing.T) {
	pot := ledger.PotID("POT-A")
	name := func(k ledger.AccountKind, sub string) string { return ledger.AccountName(pot, k, sub) }
	accounts := []ledger.AccountBalance{
		{name(ledger.AccountBank, ""), 900_00},
		{name(ledger.AccountContributions, "PRT-1"), -600_00},
		{name(ledger.AccountContributions, "PRT-2"), -400_00},
		{name(ledger.AccountCostsUnallocated, ""), 300_00},
		{name(ledger.AccountPayable, ""), -200_00},
		{name(ledger.AccountEncumbrances, ""), 50_00},
		{name(ledger.AccountEncumbranceReserve, ""), -50_00},
		{name(ledger.AccountCosts, "wmo:6.712:3.4.1"), 120_00},
		{name(ledger.AccountCosts, "party:PTY-1"), 80_00},
		{name(ledger.AccountRecoveries, "wmo"), -120_00},
		{name(ledger.AccountReceivables, "PTY-1"), 30_00},
		{name(ledger.AccountReceivablesOffset, ""), -30_00},
		{name(ledger.AccountRecoveries, "party:PTY-1"), -50_00},
		{ledger.AccountName("POT-B", ledger.AccountBank, ""), 1_000_000},
	}
	got := ledger.BalanceOf(pot, accounts)
	want := ledger.Balance{PotID: pot, Contributed: 1000_00, Available: 650_00, Held: 50_00, Spent: 500_00, Unpaid: 200_00,
		Unallocated: 300_00, Recovered: 170_00, Receivable: 30_00}
	if got != want {
		t.Fatalf("BalanceOf = %+v; want %+v", got, want)
	}
}

func TestDigestSeparatesFields(t *testing.T) {
	if ledger.Digest(nil, "ab", "c") == ledger.Digest(nil, "a", "bc") {
		t.Fatal("Digest does not separate fields")
	}
	if ledger.Digest([]byte{1}, "a") == ledger.Digest([]byte{2}, "a") {
		t.Fatal("Digest ignores the salt")
	}
}

// TestRequestDigestKeepsItsFirstForm: requests with the defaults of the
// fields added later (an adult resident, a provider paid, spending bound)
// hash as they did before those fields existed, so ledgers written then
// still verify; other values change the digest.
func TestRequestDigestKeepsItsFirstForm(t *testing.T) {
	salt := []byte("0123456789abcdef")
	p := ledger.Payout{ID: "PAY-1", PotID: "POT-1", Amount: 125_50, CaseRef: "WIJK-1", Category: "rent_arrears", Urgency: ledger.UrgencyNormal,
		RequestedBy: "carla", RequestedRole: ledger.RoleCaseworker, PaidTo: ledger.PaidToProvider, SpendingBound: true,
		Justification: ledger.Justification{Situation: "s", Severity: 3, ResidentInvolvement: "r", ExpectedReturn: "e",
			DeviatesFrom: []string{"a", "b"}, RegularRouteTried: "t", StuckSince: ledger.NewDate(2026, 1, 2)}}
	first := ledger.Digest(salt, "request", "PAY-1", "POT-1", "125.50", "WIJK-1", "rent_arrears", "normal", "carla", "caseworker",
		"s", "3", "r", "e", "a\x1fb", "t", "2026-01-02")
	if got := ledger.RequestDigest(salt, &p); got != first {
		t.Fatalf("digest of a request with the defaults = %s; want its first form %s", got, first)
	}
	for name, change := range map[string]func(*ledger.Payout){
		"Under18":  func(p *ledger.Payout) { p.ResidentUnder18 = true },
		"Resident": func(p *ledger.Payout) { p.PaidTo = ledger.PaidToResident },
		"Unbound":  func(p *ledger.Payout) { p.SpendingBound = false },
	} {
		q := p
		change(&q)
		if ledger.RequestDigest(salt, &q) == first {
			t.Errorf("%s: the digest does not change", name)
		}
	}
}
