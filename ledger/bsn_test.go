package ledger_test

import (
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

func TestValidBSN(t *testing.T) {
	for _, s := range []string{"123456782", "111222333", "999999990", "111111110"} {
		if !ledger.ValidBSN(s) {
			t.Errorf("ValidBSN(%q) = false; want true", s)
		}
	}
	for _, s := range []string{"123456789", "000000000", "12345678", "1234567820", "12345678a", "111222334"} {
		if ledger.ValidBSN(s) {
			t.Errorf("ValidBSN(%q) = true; want false", s)
		}
	}
}

func TestFindBSN(t *testing.T) {
	found := []string{
		"123456782",
		"BSN 123456782.",
		"bsn: 1234.56.782",
		"nummer 123 456 782 bekend",
		"123-456-782",
		"WIJK-123456782",
		"zaak-2024-123456782",
		"x111222333y",
	}
	for _, s := range found {
		if _, ok := ledger.FindBSN(s); !ok {
			t.Errorf("FindBSN(%q) found nothing; want a BSN", s)
		}
	}
	clean := []string{
		"",
		"WIJK-2026-0042",
		"NL91ABNA0417164300",       // the account number is part of a longer run
		"1234567820",               // ten digits
		"123456789",                // nine digits, fails the elfproef
		"bel 06-12345678",          // a phone number
		"op 2026-03-14 om 14:30",   // a date
		"1234.56.789",              // fails the elfproef
		"123.456.78",               // wrong grouping
		"https://zaken.example.nl", // no digits
		"bedrag 1250.50 euro",
	}
	for _, s := range clean {
		if bsn, ok := ledger.FindBSN(s); ok {
			t.Errorf("FindBSN(%q) = %q; want nothing", s, bsn)
		}
	}
}

func FuzzFindBSN(f *testing.F) {
	for _, s := range []string{"123456782", "1234.56.782", "WIJK-2026", "06-12345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bsn, ok := ledger.FindBSN(s)
		if ok && !ledger.ValidBSN(bsn) {
			t.Fatalf("FindBSN(%q) = %q, which fails the elfproef", s, bsn)
		}
	})
}
