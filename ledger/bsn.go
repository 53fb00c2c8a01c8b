package ledger

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// A burgerservicenummer (BSN) must never be stored (DESIGN.md, invariant 10).
// People paste them out of habit, and write them in many ways, so one
// detector, FindBSN, runs on every string a person gives that the service
// stores, writes to a file or puts in the journal: names of every kind
// (checkText and checkName), case references (CaseRefHasBSN), free text,
// notes, reasons and references, user names (ValidUserName), idempotency
// keys (CheckIdempotencyKey), the taakveld list's source (ImportSource),
// category codes, allocation rules and signal ids.
// httpapi/web/static/app.js carries the same rule for the pages' live check;
// testdata/bsn-vectors.json holds both to the same answers.
//
// Not read: what machines choose, which no person can put a BSN into and
// which must not be refused at random: the service's own ids (ULIDs), hashes
// and digests, token secrets, the zaak's UUID in a zaak URL; and IBANs,
// which their check digits and each country's format already fix, and
// where a false alarm would stop a resident being paid.

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

// FindBSN returns the first BSN in s, as its nine digits, and whether there
// is one.
//
// The text is normalised first, so that a BSN is found however it is
// typed or pasted:
//
//   - Unicode NFKC, which turns full-width (１２３), mathematical (𝟏𝟐𝟑),
//     superscript and circled digits into ASCII ones and compatibility
//     spaces into plain ones;
//   - every decimal digit (Unicode category Nd: Arabic-Indic ١٢٣,
//     Devanagari १२३ and the rest) counts as its value;
//   - invisible characters are not there at all: format characters
//     (zero-width space U+200B, joiners U+200C and U+200D, word joiner
//     U+2060, BOM U+FEFF, soft hyphen, direction marks), combining marks,
//     variation selectors, other default-ignorable code points and control
//     characters that are not white space. "1234\u200b5672" is "12345672".
//
// Then the text is read as numbers made of digit groups. A group is a run of
// digits. Letters end a number; anything else between two groups (spaces of
// every kind, tabs and line breaks, punctuation such as . - / _ , : and
// symbols) is a separator, and the groups on either side belong to the same
// number. A BSN is then found as follows:
//
//  1. Nine digits, in any grouping. Every sequence of whole groups of one
//     number that holds nine digits in all is tried: "123456782",
//     "1234.56.782", "11 12 22 333", "1 1 1 2 2 2 3 3 3", "111.222 333",
//     "111/222/333", and the nine digits after a date in
//     "2026-03-10 123456782". Nothing can be put between the digits of a
//     BSN to hide it; only digits written against it without a separator
//     make it part of a longer number.
//  2. Eight digits, the nine of a BSN that starts with 0 after software
//     took it for a number and dropped the zero: one group of exactly eight
//     digits ("12345672", "06-12345672"), or eight digits grouped by
//     thousands, 2-3-3 with one and the same separator ("12.345.672",
//     "12 345 672", as a spreadsheet shows such a number).
//
// A group of more than nine digits is a longer number (an IBAN's account
// number, a phone number written without spaces), and no part of it is
// tried: NL91ABNA0417164300 holds no BSN.
//
// What that costs. A false alarm costs a retyped text; a miss costs a
// resident's privacy, so where the two meet the rule catches the BSN:
//
//   - Two numbers next to each other without a letter between them are one
//     number to the rule, so when their digits add up to nine and pass the
//     elfproef (one time in eleven) the text is refused: "Postbus 12345,
//     8900", "+31 6 12345678", a case reference "WIJK-2026-00042". The
//     remedy the error message gives: a word between the numbers, or a
//     phone number written as one run of digits. RSINs (an organisation's
//     number) pass the same elfproef as BSNs and are refused alike.
//   - One group of eight digits is tried, so one mobile number written
//     06-12345678 in eleven is refused, and so is one KvK number in eleven.
//   - Eight digits in other groupings are not tried. That is what keeps
//     dates (10-03-2026, 2026-03-10), case references (WIJK-2026-0042, the
//     demo's LWD-2026-0042), phone numbers written 06 1234 5678 and paper
//     IBANs (NL91 ABNA 0417 1643 00) from being refused one time in eleven:
//     a BSN is written with its nine digits, and only software that took it
//     for a number leaves eight. An eight-digit BSN written 1234-5672 is
//     not found; written with its leading zero, 0123-45672, it is.
//   - A BSN that letters are put between (111a222b333) is not found: letters
//     are how references and IBANs part their numbers.
//   - Digits outside Unicode category Nd after NFKC (dingbat digits such as
//     ❶, counting rods) are separators, not digits.
func FindBSN(s string) (string, bool) {
	if !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	}
	var sc bsnScanner
	for _, r := range s {
		switch class, digit := bsnClass(r); class {
		case bsnDigit:
			sc.digit(digit)
		case bsnLetter:
			sc.endGroup()
			sc.endNumber()
		case bsnSeparator:
			sc.endGroup()
			sc.separator(r)
		}
		if sc.found != "" {
			return sc.found, true
		}
	}
	sc.endGroup()
	return sc.found, sc.found != ""
}

// The classes of characters FindBSN reads.
const (
	bsnInvisible = iota
	bsnDigit
	bsnLetter
	bsnSeparator
)

// bsnClass returns the class of r in NFKC-normalised text and, for a
// digit, its value as an ASCII digit.
func bsnClass(r rune) (class int, digit byte) {
	switch {
	case r >= '0' && r <= '9':
		return bsnDigit, byte(r)
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return bsnLetter, 0
	case r < 0x80:
		if r < 0x20 && !unicode.Is(unicode.White_Space, r) || r == 0x7f {
			return bsnInvisible, 0
		}
		return bsnSeparator, 0
	// Invisible before letters: the Hangul fillers are letters that show
	// nothing.
	case unicode.In(r, unicode.M, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector),
		unicode.Is(unicode.Cc, r) && !unicode.Is(unicode.White_Space, r):
		return bsnInvisible, 0
	case unicode.Is(unicode.Nd, r):
		return bsnDigit, digitValue(r)
	case unicode.IsLetter(r):
		return bsnLetter, 0
	}
	return bsnSeparator, 0
}

// digitValue returns the ASCII digit of a decimal digit (category Nd).
// Unicode encodes every script's decimal digits as a run of ten, zero to
// nine, so a digit's value is its distance from the start of its run
// (modulo ten for the runs of ten that follow each other, such as the
// mathematical digits, which NFKC has already turned into ASCII).
func digitValue(r rune) byte {
	zero := r
	for unicode.Is(unicode.Nd, zero-1) {
		zero--
	}
	return byte('0' + (r-zero)%10)
}

// bsnScanner reads a text's characters and keeps the digit groups of the
// current number through which a BSN can still run.
type bsnScanner struct {
	// groups are the number's last groups, at most nine (a BSN has nine
	// digits); a group of more than nine digits clears them.
	groups []bsnGroup
	// cur holds the first n digits of the group being read; long is set
	// when the group has more than nine.
	cur  [9]byte
	n    int
	long bool
	// sep is the separator since the last group when there was exactly
	// one character, nseps how many there were.
	sep   rune
	nseps int
	found string
}

// bsnGroup is one group of at most nine digits. sep is the one separator
// character before it, or -1 when there were several (or none).
type bsnGroup struct {
	digits string
	sep    rune
}

func (sc *bsnScanner) digit(d byte) {
	if sc.n == len(sc.cur) {
		sc.long = true
		return
	}
	sc.cur[sc.n] = d
	sc.n++
}

func (sc *bsnScanner) separator(r rune) {
	if sc.nseps == 0 {
		sc.sep = r
	}
	sc.nseps++
}

// endNumber forgets the number's groups: a letter ended it.
func (sc *bsnScanner) endNumber() {
	sc.groups = sc.groups[:0]
	sc.nseps = 0
}

// endGroup ends the group being read, if any, and tries the BSNs that end
// with it.
func (sc *bsnScanner) endGroup() {
	if sc.n == 0 {
		return
	}
	g := bsnGroup{digits: string(sc.cur[:sc.n]), sep: -1}
	if sc.nseps == 1 && len(sc.groups) > 0 {
		g.sep = sc.sep
	}
	long := sc.long
	sc.n, sc.long, sc.nseps = 0, false, 0
	if long {
		// A longer number: no BSN runs through it.
		sc.groups = sc.groups[:0]
		return
	}
	if len(sc.groups) == 9 {
		copy(sc.groups, sc.groups[1:])
		sc.groups = sc.groups[:8]
	}
	sc.groups = append(sc.groups, g)

	// Rule 1: nine digits in whole groups, ending with this one.
	total := 0
	for i := len(sc.groups) - 1; i >= 0 && total < 9; i-- {
		total += len(sc.groups[i].digits)
		if total == 9 {
			sc.try("", sc.groups[i:])
		}
	}
	// Rule 2: eight digits in one group, or grouped by thousands.
	if len(g.digits) == 8 {
		sc.try("0", sc.groups[len(sc.groups)-1:])
	}
	if k := len(sc.groups) - 3; k >= 0 && len(sc.groups[k].digits) == 2 && len(sc.groups[k+1].digits) == 3 && len(g.digits) == 3 &&
		sc.groups[k+1].sep != -1 && sc.groups[k+1].sep == g.sep {
		sc.try("0", sc.groups[k:])
	}
}

// try records the digits of the groups, after prefix, when they make a BSN.
func (sc *bsnScanner) try(prefix string, groups []bsnGroup) {
	if sc.found != "" {
		return
	}
	digits := prefix
	for _, g := range groups {
		digits += g.digits
	}
	if ValidBSN(digits) {
		sc.found = digits
	}
}

// zaakUUID is the end of a zaak URL: the zaak's UUID in the Zaken API,
// with the path before it.
var zaakUUID = regexp.MustCompile(`/zaken/api/v1/zaken/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/?$`)

// CaseRefHasBSN reports whether a case reference, pseudonymous or a zaak
// URL, holds a BSN: FindBSN on the reference as written and with its
// percent-escapes decoded (https://zaken.example.nl/111%20222%20333/…), so
// that a BSN in a URL's host or path is found. The zaak's UUID at the end of
// a zaak URL is left out: it is 32 hexadecimal digits a machine chose, the
// zaak's identity in the Zaken API. Read, one UUID in about 500 would be
// refused (its first group is eight decimal digits one time in 43, and
// those pass the elfproef one time in eleven), and a person cannot write
// a number into it.
func CaseRefHasBSN(ref string) bool {
	ref = zaakUUID.ReplaceAllLiteralString(ref, "/zaken/api/v1/zaken/")
	if _, found := FindBSN(ref); found {
		return true
	}
	if decoded, err := url.PathUnescape(ref); err == nil && decoded != ref {
		_, found := FindBSN(decoded)
		return found
	}
	return false
}

// TextHasBSN reports whether free text holds a BSN as FindBSN finds one,
// in the text as written or with its percent-escapes decoded (%31%31%31 is
// 111: pasted from a link, or written to slip past).
func TextHasBSN(text string) bool {
	if _, found := FindBSN(text); found {
		return true
	}
	if strings.Contains(text, "%") {
		if decoded, err := url.PathUnescape(text); err == nil && decoded != text {
			_, found := FindBSN(decoded)
			return found
		}
	}
	return false
}

// checkNoBSN records a field error when text contains a BSN.
func (fe *fieldErrors) checkNoBSN(field, text string) {
	if TextHasBSN(text) {
		fe.add(field, MsgBSN)
	}
}
