package bankfile_test

import (
	"bytes"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
)

// TestWrittenStatement: the statement bankfiletest.Statement writes for
// tests reads as what it says.
func TestWrittenStatement(t *testing.T) {
	day := ledger.NewDate(2026, 10, 16)
	raw := bt.Statement(bt.DebtorIBAN, "S-1",
		bt.Booking{Ref: "E1", PayoutID: "PAY-1", Amount: 125_50, Debit: true, Booked: day},
		bt.Booking{Ref: "E2", PayoutID: "PAY-2", Amount: 80_00, Return: "AC04", Booked: day})
	f, err := bankfile.Read(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	es := f.Statements[0].Entries
	if len(es) != 2 || !es[0].Debit || es[0].Details[0].EndToEndID != "PAY-1" || es[0].Amount != 125_50 ||
		es[1].Debit || es[1].Details[0].Return == nil || es[1].Details[0].Return.Reason != "AC04" || es[1].BookingDate != day {
		t.Fatalf("read back: %+v", es)
	}
}
