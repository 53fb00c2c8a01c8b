package ledger

// A burgerservicenummer (BSN) must never be stored (DESIGN.md, invariant 10).
// People paste them out of habit into case references and notes, so every
// free-text field a user fills in is scanned for one.

// ValidBSN reports whether the nine digits pass the BSN elfproef: weights 9
// down to 2 for the first eight digits and -1 for the last, and the sum a
// multiple of 11. (The -1 on the last digit is what sets the BSN test apart
// from the old bank-account test.) A sum of 0 (000000000) is not a BSN.
func ValidBSN(digits string) bool {
	if len(digits) != 9 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return false
		}
		w := 9 - i
		if i == 8 {
			w = -1
		}
		sum += w * int(c-'0')
	}
	return sum != 0 && sum%11 == 0
}

// bsnLayouts are the ways a BSN is commonly written: nine digits in a row,
// 4-2-3 ("1234.56.782") and 3-3-3 ("123 456 782"), with a point, space or
// hyphen between the groups.
var bsnLayouts = [][]int{{9}, {4, 2, 3}, {3, 3, 3}}

// FindBSN returns the first number in s that is written like a BSN and
// passes the elfproef, and whether there is one. A run of digits that is part
// of a longer run (an IBAN's ten-digit account number, a phone number) does
// not count; anything else around the number does, so "zaak-2024-123456782"
// is caught: here a false alarm costs a retyped reference, a miss costs a
// resident's privacy.
func FindBSN(s string) (string, bool) {
	for start := 0; start < len(s); start++ {
		if !isDigit(s[start]) || (start > 0 && isDigit(s[start-1])) {
			continue
		}
		for _, layout := range bsnLayouts {
			digits, end, ok := matchLayout(s, start, layout)
			if !ok || (end < len(s) && isDigit(s[end])) {
				continue
			}
			if ValidBSN(digits) {
				return digits, true
			}
		}
	}
	return "", false
}

func isBSNSeparator(c byte) bool { return c == '.' || c == ' ' || c == '-' }

// matchLayout matches groups of digits of the given sizes at s[start:],
// separated by one separator character of one kind, and returns the digits
// and the end of the match.
func matchLayout(s string, start int, groups []int) (string, int, bool) {
	digits := make([]byte, 0, 9)
	i := start
	var sep byte
	for g, n := range groups {
		if g > 0 {
			if i >= len(s) || !isBSNSeparator(s[i]) || (sep != 0 && s[i] != sep) {
				return "", 0, false
			}
			sep = s[i]
			i++
		}
		for k := 0; k < n; k++ {
			if i >= len(s) || !isDigit(s[i]) {
				return "", 0, false
			}
			digits = append(digits, s[i])
			i++
		}
	}
	return string(digits), i, true
}

// bsnReason is the field error for text that contains a BSN.
const bsnReason = "this looks like a BSN (burgerservicenummer), which ontschot must never store; use the case reference or the zaak URL instead"

// checkNoBSN records a field error when text contains a BSN.
func (fe *fieldErrors) checkNoBSN(field, text string) {
	if _, found := FindBSN(text); found {
		fe.add(field, bsnReason)
	}
}
