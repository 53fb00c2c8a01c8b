package ledger

import (
	"strings"
)

// IBAN is an International Bank Account Number in electronic form: upper
// case, no spaces ("NL91ABNA0417164300"). Only ParseIBAN makes valid ones.
type IBAN string

// ibanLengths is the length of an IBAN per country code, from the SWIFT IBAN
// registry.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
	"DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
	"FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
	"GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
	"IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
	"LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
	"MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
	"PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
	"SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
	"SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
	"YE": 30,
}

// sepaCountries are the countries whose IBANs can receive a SEPA credit
// transfer: the EU and EEA members, Switzerland, the United Kingdom, Monaco,
// San Marino, Vatican City, Andorra and Gibraltar. Payouts leave the
// municipality's bank as SEPA transfers, so a payee must bank in one of them.
var sepaCountries = map[string]bool{
	"AT": true, "BE": true, "BG": true, "CY": true, "CZ": true, "DE": true, "DK": true,
	"EE": true, "ES": true, "FI": true, "FR": true, "GR": true, "HR": true, "HU": true,
	"IE": true, "IT": true, "LT": true, "LU": true, "LV": true, "MT": true, "NL": true,
	"PL": true, "PT": true, "RO": true, "SE": true, "SI": true, "SK": true,
	"IS": true, "LI": true, "NO": true,
	"CH": true, "GB": true, "MC": true, "SM": true, "VA": true, "AD": true, "GI": true,
}

// bbanShapes gives the shape of the national part for the countries most
// payees bank in, as a pattern of 'A' (letter), '9' (digit) and 'X' (either).
// A shape catches a typing error the check digits happen to miss.
var bbanShapes = map[string]string{
	"NL": "AAAA9999999999",
	"BE": "999999999999",
	"DE": "999999999999999999",
}

// ParseIBAN checks s as an IBAN and returns it in electronic form. Spaces are
// allowed (as printed on a bank card) and letters may be lower case. The
// checks: letters and digits only, a known country, the country's length, the
// national shape where known, the check digits (ISO 13616: from 02 to 98,
// and the mod-97 test), and SEPA reach. Each failure says what is wrong.
func ParseIBAN(s string) (IBAN, error) {
	t := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if t == "" {
		return "", NewError(EINVALID, msgIBANRequired)
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "", NewError(EINVALID, msgIBANChars, Quoted(s), Quoted(string(c)))
		}
	}
	if len(t) < 4 || !isLetter(t[0]) || !isLetter(t[1]) || !isDigit(t[2]) || !isDigit(t[3]) {
		return "", NewError(EINVALID, msgIBANStart, Quoted(s))
	}
	country := t[:2]
	want, ok := ibanLengths[country]
	if !ok {
		return "", NewError(EINVALID, msgIBANCountry, country)
	}
	if len(t) != want {
		return "", NewError(EINVALID, msgIBANLength, country, want, len(t))
	}
	if shape, ok := bbanShapes[country]; ok && !fitsShape(t[4:], shape) {
		return "", NewError(EINVALID, msgIBANShape, country, shape, t[4:])
	}
	// ISO 13616 computes the check digits as 98 minus a remainder mod 97,
	// so they run from 02 to 98: 00, 01 and 99 are never issued, even where
	// the mod-97 test happens to pass (NL00ABNA0000000075).
	if cd := t[2:4]; cd == "00" || cd == "01" || cd == "99" {
		return "", NewError(EINVALID, msgIBANCheckDigitsNever, formatIBAN(t), cd)
	}
	if ibanMod97(t) != 1 {
		return "", NewError(EINVALID, msgIBANCheckDigits, formatIBAN(t))
	}
	if !sepaCountries[country] {
		return "", NewError(EINVALID, msgIBANNotSEPA, formatIBAN(t), country)
	}
	return IBAN(t), nil
}

// ibanMod97 returns the IBAN's remainder modulo 97 after moving the first four
// characters to the end and replacing letters by 10..35, computed digit by
// digit so no big integers are needed. A valid IBAN gives 1.
func ibanMod97(t string) int {
	r := 0
	for i := 0; i < len(t); i++ {
		c := t[(i+4)%len(t)]
		if isDigit(c) {
			r = (r*10 + int(c-'0')) % 97
		} else {
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	return r
}

func fitsShape(s, shape string) bool {
	if len(s) != len(shape) {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch shape[i] {
		case 'A':
			if !isLetter(s[i]) {
				return false
			}
		case '9':
			if !isDigit(s[i]) {
				return false
			}
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// Country returns the IBAN's country code.
func (i IBAN) Country() string {
	if len(i) < 2 {
		return ""
	}
	return string(i[:2])
}

// String returns the IBAN in print form, in groups of four: "NL91 ABNA 0417 1643 00".
func (i IBAN) String() string { return formatIBAN(string(i)) }

// Masked returns the IBAN with all but the country, check digits and last
// four characters hidden, for screens where the full number is not needed.
func (i IBAN) Masked() string {
	s := string(i)
	if len(s) <= 8 {
		return formatIBAN(s)
	}
	return formatIBAN(s[:4] + strings.Repeat("•", len(s)-8) + s[len(s)-4:])
}

func formatIBAN(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// NewIBAN builds an IBAN from a country code and a national account number
// (BBAN) by computing the check digits, and checks the result.
func NewIBAN(country, bban string) (IBAN, error) {
	t := strings.ToUpper(country + "00" + bban)
	if len(t) < 5 {
		return "", NewError(EINVALID, msgIBANParts)
	}
	check := 98 - ibanMod97(t)
	return ParseIBAN(t[:2] + string(rune('0'+check/10)) + string(rune('0'+check%10)) + t[4:])
}
