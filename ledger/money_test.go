package ledger_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/ontschot/ontschot/ledger"
)

func TestParseMoney(t *testing.T) {
	okTests := []struct {
		in   string
		want ledger.Cents
	}{
		{"125.50", 125_50},
		{"125.5", 125_50},
		{"7", 7_00},
		{"0.05", 5},
		{"0", 0},
		{"000123.40", 123_40},
		{"1000000000.00", ledger.MaxAmount},
	}
	for _, tt := range okTests {
		got, err := ledger.ParseMoney(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	badTests := []string{"", "  ", "1.005", "12.500", "1,50", "-3.00", "+3", "1e3", "12.", ".5", "abc", "1 000", " 12.50", "12.50 ", "\t12.50", " 1,50", "NaN", "0x10", "1000000000.01", "99999999999999999999"}
	for _, in := range badTests {
		if got, err := ledger.ParseMoney(in); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("ParseMoney(%q) = %d, %v; want EINVALID", in, got, err)
		}
	}
}

func TestParseMoneyMessages(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1.005", `"1.005" has 3 decimals; amounts have at most two (whole cents)`},
		{"1,50", `"1,50" uses a comma; write amounts with a decimal point and no thousands separator, such as "1250.50"`},
		{"-3", `"-3" is negative; amounts must be positive`},
		{" 12.50", `" 12.50" has spaces around it; write the amount without spaces, as a decimal string such as "12.50"`},
		{"12.50\n", `"12.50\n" has spaces around it; write the amount without spaces, as a decimal string such as "12.50"`},
	}
	for _, tt := range tests {
		_, err := ledger.ParseMoney(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseMoney(%q) error = %v; want %q", tt.in, err, tt.want)
		}
	}
}

func TestParseAmount(t *testing.T) {
	for _, in := range []string{"0", "0.00", "1000000.01", "5000000"} {
		if _, err := ledger.ParseAmount(in); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("ParseAmount(%q) = %v; want EINVALID", in, err)
		}
	}
	if got, err := ledger.ParseAmount("1000000.00"); err != nil || got != ledger.MaxPayout {
		t.Errorf("ParseAmount(1000000.00) = %d, %v; want the maximum payout", got, err)
	}
}

func TestCentsString(t *testing.T) {
	tests := []struct {
		in   ledger.Cents
		want string
	}{
		{0, "0.00"}, {5, "0.05"}, {50, "0.50"}, {125_50, "125.50"}, {-3_00, "-3.00"}, {-1, "-0.01"},
		{ledger.MaxAmount, "1000000000.00"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Cents(%d).String() = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestCentsTextRoundTrip(t *testing.T) {
	for _, c := range []ledger.Cents{0, 1, -1, 99, 100, -125_50, ledger.MaxAmount, -ledger.MaxAmount} {
		b, _ := c.MarshalText()
		var got ledger.Cents
		if err := got.UnmarshalText(b); err != nil || got != c {
			t.Errorf("round trip of %d via %q = %d, %v", c, b, got, err)
		}
	}
}

func TestCentsDecimal(t *testing.T) {
	if got := ledger.Cents(125_50).Decimal(); !got.Equal(decimal.RequireFromString("125.5")) {
		t.Fatalf("Decimal() = %s; want 125.5", got)
	}
	c, err := ledger.CentsFromDecimal(decimal.RequireFromString("0.1").Add(decimal.RequireFromString("0.2")))
	if err != nil || c != 30 {
		t.Fatalf("CentsFromDecimal(0.1+0.2) = %d, %v; want exactly 30 (no binary floating point)", c, err)
	}
	if _, err := ledger.CentsFromDecimal(decimal.RequireFromString("0.001")); err == nil {
		t.Fatalf("CentsFromDecimal(0.001) rounded instead of refusing")
	}
}

func TestRatio(t *testing.T) {
	tests := []struct {
		in   string
		want ledger.Ratio
		out  string
	}{
		{"0.20", 2000, "0.20"}, {"0.2", 2000, "0.20"}, {"0.1834", 1834, "0.1834"}, {"1", 10000, "1.00"}, {"0", 0, "0.00"}, {"0.183", 1830, "0.183"},
	}
	for _, tt := range tests {
		got, err := ledger.ParseRatio(tt.in)
		if err != nil || got != tt.want || got.String() != tt.out {
			t.Errorf("ParseRatio(%q) = %d (%s), %v; want %d (%s)", tt.in, got, got, err, tt.want, tt.out)
		}
	}
	for _, in := range []string{"1.01", "-0.1", "20%", "0.12345", "1e-1", ""} {
		if _, err := ledger.ParseRatio(in); err == nil {
			t.Errorf("ParseRatio(%q) accepted", in)
		}
	}
	ratioOf := []struct {
		part, whole ledger.Cents
		want        ledger.Ratio
	}{
		{1834, 10000, 1834}, {1, 3, 3333}, {2, 3, 6667}, {0, 100, 0}, {5, 0, 0}, {100, 100, 10000},
	}
	for _, tt := range ratioOf {
		if got := ledger.RatioOf(tt.part, tt.whole); got != tt.want {
			t.Errorf("RatioOf(%d, %d) = %d; want %d", tt.part, tt.whole, got, tt.want)
		}
	}
	if got := ledger.Ratio(1834).Percent(); got != "18,3%" {
		t.Errorf("Percent() = %q; want 18,3%%", got)
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"125.50", "0.05", "1.005", "1,5", "-1", "1e9", "999999999999.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ledger.ParseMoney(s)
		if err != nil {
			if ledger.ErrorCode(err) != ledger.EINVALID {
				t.Fatalf("ParseMoney(%q): error %v is not EINVALID", s, err)
			}
			return
		}
		if c < 0 || c > ledger.MaxAmount {
			t.Fatalf("ParseMoney(%q) = %d, out of range", s, c)
		}
		// What was accepted prints back to the same value.
		back, err := ledger.ParseMoney(c.String())
		if err != nil || back != c {
			t.Fatalf("ParseMoney(%q) = %d, printed %q, reparsed %d, %v", s, c, c.String(), back, err)
		}
		if !c.Decimal().Equal(decimal.RequireFromString(c.String())) {
			t.Fatalf("Decimal of %d is not %s", c, c)
		}
	})
}

func TestGrouped(t *testing.T) {
	for _, tc := range []struct {
		c          ledger.Cents
		dutch, int string
	}{
		{0, "0,00", "0.00"}, {5, "0,05", "0.05"}, {999_99, "999,99", "999.99"}, {1000_00, "1.000,00", "1,000.00"},
		{1234567_89, "1.234.567,89", "1,234,567.89"}, {-12345_00, "-12.345,00", "-12,345.00"},
	} {
		if got := tc.c.Grouped(".", ","); got != tc.dutch {
			t.Errorf("Grouped(., ,) of %d = %q; want %q", tc.c, got, tc.dutch)
		}
		if got := tc.c.Grouped(",", "."); got != tc.int {
			t.Errorf("Grouped(, .) of %d = %q; want %q", tc.c, got, tc.int)
		}
	}
}
