package allocation_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// day returns the date y-m-d.
func day(y int, m time.Month, d int) ledger.Date { return ledger.NewDate(y, m, d) }

// at returns noon in Amsterdam on the date: safely inside the calendar day.
func at(d ledger.Date) time.Time { return d.Start().Add(12 * time.Hour) }

// fieldsOf returns the code and the field names of a domain error.
func fieldsOf(t testing.TB, err error) (string, []string) {
	t.Helper()
	var e *ledger.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *ledger.Error", err, err)
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Field)
	}
	return e.Code, fields
}

// itoa formats n for a subtest name.
func itoa(n int) string { return strconv.Itoa(n) }
