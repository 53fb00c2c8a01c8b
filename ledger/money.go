package ledger

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Cents is an amount of euros as a whole number of cents. All money in the
// ledger is Cents; decimal strings exist only at the edges (API, CLI, files).
type Cents int64

// Limits on amounts. A single payout above MaxPayout is almost certainly a
// typing error (an extra zero) and is refused; other amounts (contributions,
// pledges, mandate limits) are bounded by MaxAmount so sums cannot overflow.
const (
	MaxPayout Cents = 1_000_000_00
	MaxAmount Cents = 1_000_000_000_00
)

// ParseMoney parses a non-negative decimal string with at most two decimals
// ("125.50", "7", "0.05") into cents. It accepts exactly what the API
// documents: digits, optionally a point and one or two digits. A comma, a
// sign, an exponent, a third decimal or a space around the amount is refused
// with a message saying how to write the amount: "12.500" is ambiguous in
// Dutch (twelve thousand five hundred) and must not silently become 12.50,
// and a program that sends " 12.50" has a bug its author should hear about
// rather than one the ledger hides. Forms for people (package web) take
// spaces off before they call it.
func ParseMoney(s string) (Cents, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, NewError(EINVALID, msgAmountRequired)
	}
	intPart, frac, hasPoint := strings.Cut(t, ".")
	if strings.Contains(t, ",") {
		return 0, NewError(EINVALID, msgAmountComma, Quoted(s))
	}
	if strings.HasPrefix(t, "-") {
		return 0, NewError(EINVALID, msgAmountNegative, Quoted(s))
	}
	if intPart == "" || !allDigits(intPart) || (hasPoint && (frac == "" || !allDigits(frac))) {
		return 0, NewError(EINVALID, msgNotAnAmount, Quoted(s))
	}
	if len(frac) > 2 {
		return 0, NewError(EINVALID, msgAmountDecimals, Quoted(s), len(frac))
	}
	if len(strings.TrimLeft(intPart, "0")) > 13 {
		return 0, NewError(EINVALID, msgAmountTooLarge, Quoted(s), MaxAmount)
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return 0, NewError(EINVALID, msgNotAnAmount, Quoted(s))
	}
	c := Cents(d.Shift(2).IntPart())
	if c > MaxAmount {
		return 0, NewError(EINVALID, msgAmountTooLarge, Quoted(s), MaxAmount)
	}
	if t != s {
		return 0, NewError(EINVALID, msgAmountSpaces, Quoted(s), Quoted(t))
	}
	return c, nil
}

// ParseAmount parses a positive amount for a payout: as ParseMoney, and also
// greater than zero and at most MaxPayout.
func ParseAmount(s string) (Cents, error) {
	c, err := ParseMoney(s)
	if err != nil {
		return 0, err
	}
	if err := c.checkPayout(); err != nil {
		return 0, err
	}
	return c, nil
}

// checkPayout reports whether c is a valid payout amount.
func (c Cents) checkPayout() error {
	switch {
	case c <= 0:
		return NewError(EINVALID, msgAmountNotPositive)
	case c > MaxPayout:
		return NewError(EINVALID, msgAmountAbovePayoutMax, c, MaxPayout)
	}
	return nil
}

// checkPositive reports whether c is positive and at most MaxAmount.
func (c Cents) checkPositive() error {
	switch {
	case c <= 0:
		return NewError(EINVALID, msgAmountNotPositive)
	case c > MaxAmount:
		return NewError(EINVALID, msgAmountAboveMax, c, MaxAmount)
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String formats c as a decimal string with two decimals and a point, as the
// API writes money: "125.50", "-3.00", "0.05".
func (c Cents) String() string {
	n := int64(c)
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	euros, cents := u/100, u%100
	s := strconv.FormatUint(euros, 10) + "." + string(rune('0'+cents/10)) + string(rune('0'+cents%10))
	if neg {
		return "-" + s
	}
	return s
}

// Grouped writes the amount with a separator between groups of three
// digits and the given decimal mark: Grouped(",", ".") is "1,234.56" and
// Grouped(".", ",") the Dutch "1.234,56". A negative amount starts with "-".
func (c Cents) Grouped(thousands, decimal string) string {
	s := c.String()
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(r)
	}
	b.WriteString(decimal)
	b.WriteString(frac)
	return b.String()
}

// Decimal returns c in euros as an exact decimal.
func (c Cents) Decimal() decimal.Decimal {
	return decimal.New(int64(c), -2)
}

// CentsFromDecimal converts an amount in euros to cents. It refuses an amount
// with more than two decimals instead of rounding it.
func CentsFromDecimal(d decimal.Decimal) (Cents, error) {
	shifted := d.Shift(2)
	if !shifted.Equal(shifted.Truncate(0)) {
		return 0, NewError(EINVALID, msgAmountNotCents, d.String())
	}
	if shifted.Abs().GreaterThan(decimal.New(int64(MaxAmount), 0)) {
		return 0, NewError(EINVALID, msgAmountTooLarge, d.String(), MaxAmount)
	}
	return Cents(shifted.IntPart()), nil
}

// MarshalText writes c as a decimal string, so JSON carries "125.50".
func (c Cents) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Ratio is a fraction in units of 1/10,000 (basis points): 2000 is 0.20, the
// default regret threshold; 1834 is 0.1834.
type Ratio int64

// RatioOne is the ratio 1.0000.
const RatioOne Ratio = 10_000

// DefaultRegretThreshold is the share of spending a municipality may regret
// (Zaanstad's rule: "of 20 percent of what you spend on maatwerk you may
// regret it").
const DefaultRegretThreshold Ratio = 2000

// ParseRatio parses a decimal fraction between 0 and 1 with at most four
// decimals ("0.20", "0.1834", "1").
func ParseRatio(s string) (Ratio, error) {
	t := strings.TrimSpace(s)
	d, err := decimal.NewFromString(t)
	if err != nil || strings.ContainsAny(t, "eE") {
		return 0, NewError(EINVALID, msgNotAFraction, Quoted(s))
	}
	if d.IsNegative() || d.GreaterThan(decimal.NewFromInt(1)) {
		return 0, NewError(EINVALID, msgFractionRange, Quoted(s))
	}
	shifted := d.Shift(4)
	if !shifted.Equal(shifted.Truncate(0)) {
		return 0, NewError(EINVALID, msgFractionDecimals, Quoted(s))
	}
	return Ratio(shifted.IntPart()), nil
}

// RatioOf returns part/whole rounded half up to 1/10,000, and 0 when whole is
// not positive. It uses integer arithmetic only.
func RatioOf(part, whole Cents) Ratio {
	if whole <= 0 {
		return 0
	}
	// part*10000 fits in int64 for every amount below MaxAmount.
	num := int64(part) * int64(RatioOne)
	q, r := num/int64(whole), num%int64(whole)
	if 2*r >= int64(whole) {
		q++
	}
	return Ratio(q)
}

// String formats r as a decimal fraction with at least two and at most four
// decimals: "0.20", "0.1834", "1.00".
func (r Ratio) String() string {
	s := decimal.New(int64(r), -4).StringFixed(4)
	s = strings.TrimRight(s, "0")
	if i := strings.IndexByte(s, '.'); len(s)-i-1 < 2 {
		s += strings.Repeat("0", 2-(len(s)-i-1))
	}
	return s
}

// Percent formats r as a percentage with one decimal, Dutch style: "18,3%".
func (r Ratio) Percent() string {
	return strings.Replace(decimal.New(int64(r), -2).StringFixed(1), ".", ",", 1) + "%"
}

// MarshalText writes r as a decimal string.
func (r Ratio) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a decimal string written by MarshalText, including a
// negative one.
func (c *Cents) UnmarshalText(b []byte) error {
	s := string(b)
	neg := strings.HasPrefix(s, "-")
	v, err := ParseMoney(strings.TrimPrefix(s, "-"))
	if err != nil {
		return err
	}
	if neg {
		v = -v
	}
	*c = v
	return nil
}

// UnmarshalText reads a decimal fraction written by MarshalText.
func (r *Ratio) UnmarshalText(b []byte) error {
	v, err := ParseRatio(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// ParsePercent parses a percentage between 0 and 100 with at most two
// decimals ("33.33", "50", "100") into a Ratio: "33.33" is 0.3333.
func ParsePercent(s string) (Ratio, error) {
	t := strings.TrimSpace(s)
	intPart, frac, hasPoint := strings.Cut(t, ".")
	if intPart == "" || !allDigits(intPart) || (hasPoint && (frac == "" || !allDigits(frac))) || len(intPart) > 3 {
		return 0, NewError(EINVALID, msgNotAPercentage, Quoted(s))
	}
	if len(frac) > 2 {
		return 0, NewError(EINVALID, msgPercentageDecimals, Quoted(s), len(frac))
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return 0, NewError(EINVALID, msgNotAPercentage, Quoted(s))
	}
	r := Ratio(d.Shift(2).IntPart())
	switch {
	case r <= 0:
		return 0, NewError(EINVALID, msgPercentageNotPositive, Quoted(s))
	case r > RatioOne:
		return 0, NewError(EINVALID, msgPercentageAbove100, Quoted(s))
	}
	return r, nil
}

// PercentString formats r as a percentage with two decimals: "33.33".
func (r Ratio) PercentString() string { return decimal.New(int64(r), -2).StringFixed(2) }
