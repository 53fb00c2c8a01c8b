package ledger_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/runenames"

	"github.com/ontschot/ontschot/ledger"
)

func TestValidBSN(t *testing.T) {
	for _, s := range []string{"123456782", "111222333", "999999990", "111111110", "012345672"} {
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

// bsnVector is one entry of testdata/bsn-vectors.json, which the browser
// test of the pages' live check reads too.
type bsnVector struct {
	Text    string `json:"text"`
	BSN     string `json:"bsn"`
	CaseRef bool   `json:"caseRef"`
	Why     string `json:"why"`
}

func readBSNVectors(t *testing.T) []bsnVector {
	t.Helper()
	b, err := os.ReadFile("testdata/bsn-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Vectors []bsnVector }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Vectors) < 100 {
		t.Fatalf("only %d vectors in testdata/bsn-vectors.json", len(f.Vectors))
	}
	return f.Vectors
}

// TestBSNVectors holds FindBSN and CaseRefHasBSN to the shared vectors:
// BSNs written every way the issue saw and more, found; and the near-misses
// (IBANs, phone numbers, amounts, dates, references, zaak UUIDs), accepted.
func TestBSNVectors(t *testing.T) {
	for _, v := range readBSNVectors(t) {
		if v.CaseRef {
			got := ledger.CaseRefHasBSN(v.Text)
			if got != (v.BSN != "") {
				t.Errorf("CaseRefHasBSN(%+q) = %v; want %v (%s)", v.Text, got, v.BSN != "", v.Why)
			}
			err := ledger.CheckCaseRef(v.Text)
			if refused := err != nil && strings.Contains(err.Error(), "BSN"); refused != (v.BSN != "") {
				t.Errorf("CheckCaseRef(%+q) = %v; want a BSN refusal %v (%s)", v.Text, err, v.BSN != "", v.Why)
			}
			continue
		}
		if got, _ := ledger.FindBSN(v.Text); got != v.BSN {
			t.Errorf("FindBSN(%+q) = %q; want %q (%s)", v.Text, got, v.BSN, v.Why)
		}
	}
}

// TestDigitValues checks that FindBSN reads every Unicode decimal digit as
// its value, against an oracle of its own: the digit's Unicode name
// (ARABIC-INDIC DIGIT THREE).
func TestDigitValues(t *testing.T) {
	names := []string{"ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"}
	// prefix[v] followed by the digit v is a BSN.
	var prefix [10]string
	for p := 11122233; p < 11122333; p++ {
		for v := 0; v < 10; v++ {
			if prefix[v] == "" && ledger.ValidBSN(itoa(p)+itoa(v)) {
				prefix[v] = itoa(p)
			}
		}
	}
	for v := range prefix {
		if prefix[v] == "" {
			t.Fatalf("no BSN ends in %d", v)
		}
	}
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.Is(unicode.Nd, r) {
			continue
		}
		n++
		name := runenames.Name(r)
		i := strings.LastIndex(name, "DIGIT ")
		v := -1
		for k, w := range names {
			if i >= 0 && name[i+len("DIGIT "):] == w {
				v = k
			}
		}
		if v < 0 {
			t.Fatalf("%U %s: no digit value in the name", r, name)
		}
		text := "bsn " + prefix[v] + string(r) + "."
		if got, _ := ledger.FindBSN(text); got != prefix[v]+itoa(v) {
			t.Errorf("FindBSN(%+q) = %q; want %s%d: %U (%s) is read as the wrong value", text, got, prefix[v], v, r, name)
		}
	}
	if n < 600 {
		t.Fatalf("only %d decimal digits in Unicode", n)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// Characters the hiding game uses.
var (
	// digitZeros are the zeros of the ways to write a digit that FindBSN
	// must read: every Unicode script's decimal digits (filled in from the
	// Unicode tables by init), and what NFKC turns into a digit.
	digitZeros []rune
	// hidingSeparators are put between digits. Each is neither a letter nor
	// a digit, also after NFKC.
	hidingSeparators = []rune(" \u00a0\u2007\u2009\u202f\u3000\t\n\r.,-/_:;'\"+*=#~|()[]{}<>!?&%$€·•–—―‐‑‒−×÷§¶°¤\u0085\u2028\u2029\u00b4\u02dc\ufffd\ue000")
	// hidingInvisibles are put anywhere between digits: the digits stay
	// one group.
	hidingInvisibles = []rune("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u034f\u180e\u2061\u2063\ufe0f\u0301\u20e3\u3164\u0001\u007f")
	// hidingBounds stand just before and after the BSN: anything but a
	// digit, so the BSN is not part of a longer number.
	hidingBounds = []rune(" -./:x\u00e9Z\u00df\u00a0\n(#\u05d0\u0416")
)

func init() {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.Nd, r) && !unicode.Is(unicode.Nd, r-1) {
			// The first zero of a run; the mathematical digits are five
			// runs of ten in a row.
			for z := r; unicode.Is(unicode.Nd, z); z += 10 {
				digitZeros = append(digitZeros, z)
			}
		}
	}
}

// writeDigit writes the digit v in a random form.
func writeDigit(rnd *rand.Rand, b *strings.Builder, v int) {
	switch rnd.IntN(8) {
	case 0, 1:
		b.WriteByte(byte('0' + v))
	case 2:
		b.WriteString([]string{"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"}[v])
	case 3:
		b.WriteString([]string{"⓪", "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨"}[v])
	case 4:
		b.WriteString([]string{"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"}[v])
	default:
		b.WriteRune(digitZeros[rnd.IntN(len(digitZeros))] + rune(v))
	}
}

// maybeInvisible writes nothing, or a few invisible characters.
func maybeInvisible(rnd *rand.Rand, b *strings.Builder) {
	for rnd.IntN(4) == 0 {
		b.WriteRune(hidingInvisibles[rnd.IntN(len(hidingInvisibles))])
	}
}

// hideBSN writes a random valid BSN into text in a random way, between
// prefix and suffix, and returns the text and the BSN's nine digits.
//
// A BSN is written with its nine digits, between any two of them any run of
// separators or none; or, when it starts with 0, as the eight after the
// zero, in one group or grouped by thousands (2-3-3) with one separator.
// Every digit in a random form, invisible characters anywhere, and a
// character that is not a digit on each side.
func hideBSN(seed uint64, prefix, suffix string) (string, string) {
	rnd := rand.New(rand.NewPCG(seed, seed>>32^0x5b5d))
	var d [9]int
	for {
		sum := 0
		for i := 0; i < 8; i++ {
			d[i] = rnd.IntN(10)
			if i == 0 && rnd.IntN(3) == 0 {
				d[i] = 0
			}
			sum += (9 - i) * d[i]
		}
		d[8] = sum % 11
		if d[8] < 10 && sum != 0 {
			break
		}
	}
	var bsn strings.Builder
	for _, v := range d {
		bsn.WriteByte(byte('0' + v))
	}

	var b strings.Builder
	b.WriteString(prefix)
	b.WriteRune(hidingBounds[rnd.IntN(len(hidingBounds))])
	maybeInvisible(rnd, &b)
	digits := d[:]
	var groups []int // the group sizes, for the eight-digit forms
	if d[0] == 0 && rnd.IntN(2) == 0 {
		digits = d[1:]
		if rnd.IntN(2) == 0 {
			groups = []int{8}
		} else {
			groups = []int{2, 3, 3}
		}
	}
	sep := hidingSeparators[rnd.IntN(len(hidingSeparators))]
	for i, v := range digits {
		if i > 0 {
			maybeInvisible(rnd, &b)
			switch {
			case groups == nil:
				// Nine digits: any separators or none.
				for n := rnd.IntN(4) - 1; n > 0; n-- {
					b.WriteRune(hidingSeparators[rnd.IntN(len(hidingSeparators))])
					maybeInvisible(rnd, &b)
				}
			case len(groups) == 3 && (i == 2 || i == 5):
				b.WriteRune(sep)
				maybeInvisible(rnd, &b)
			}
		}
		writeDigit(rnd, &b, v)
	}
	maybeInvisible(rnd, &b)
	b.WriteRune(hidingBounds[rnd.IntN(len(hidingBounds))])
	b.WriteString(suffix)
	return b.String(), bsn.String()
}

// checkHidden fails unless FindBSN finds a BSN in the text hideBSN made.
func checkHidden(t *testing.T, seed uint64, prefix, suffix string) {
	t.Helper()
	text, bsn := hideBSN(seed, prefix, suffix)
	got, ok := ledger.FindBSN(text)
	if !ok {
		t.Fatalf("FindBSN(%+q) found nothing; %s is in it (seed %d)", text, bsn, seed)
	}
	if !ledger.ValidBSN(got) {
		t.Fatalf("FindBSN(%+q) = %q, which fails the elfproef", text, got)
	}
}

// hidingPrefixes and hidingSuffixes are text around a hidden BSN: numbers
// next to it, dates, IBANs, other scripts, and text that ends in a digit.
var (
	hidingPrefixes = []string{"", "Bewoner met BSN", "2026-03-10", "NL91ABNA0417164300", "06-", "+31 6", "€ 1.234,56", "zaak-2024-", "١٢٣", "x", "12345", "12\u200b"}
	hidingSuffixes = []string{"", "heeft huurachterstand.", "14:30", "0417164300", "99", "\u0301", "٣", "\ufeff9", " en 111.222"}
)

// TestHiddenBSN hides many thousands of BSNs in text and expects FindBSN to
// find every one: the fuzz test's game, played with a fixed set of seeds
// so that every run of go test plays it.
func TestHiddenBSN(t *testing.T) {
	for seed := uint64(0); seed < 20_000; seed++ {
		checkHidden(t, seed, hidingPrefixes[seed%uint64(len(hidingPrefixes))], hidingSuffixes[seed/7%uint64(len(hidingSuffixes))])
	}
}

// FuzzHiddenBSN hides a valid BSN, written in random digit forms with
// random separators and invisible characters, in random text, and expects
// FindBSN to find one every time. Run it with make fuzz.
func FuzzHiddenBSN(f *testing.F) {
	for i, p := range hidingPrefixes {
		f.Add(uint64(i), p, hidingSuffixes[i%len(hidingSuffixes)])
	}
	f.Fuzz(func(t *testing.T, seed uint64, prefix, suffix string) {
		checkHidden(t, seed, prefix, suffix)
	})
}

// FuzzFindBSN feeds FindBSN any text: it never panics, and what it finds
// is nine digits that pass the elfproef.
func FuzzFindBSN(f *testing.F) {
	for _, s := range []string{"123456782", "1234.56.782", "WIJK-2026", "06-12345678", "１２３４５６７８２", "12.345.672"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bsn, ok := ledger.FindBSN(s)
		if ok != (bsn != "") {
			t.Fatalf("FindBSN(%q) = %q, %v", s, bsn, ok)
		}
		if ok && !ledger.ValidBSN(bsn) {
			t.Fatalf("FindBSN(%q) = %q, which fails the elfproef", s, bsn)
		}
	})
}

// TestTextHasBSNDecodesPercentEscapes finds a BSN in free text also when
// its digits are percent-escaped, and leaves ordinary percentages alone.
func TestTextHasBSNDecodesPercentEscapes(t *testing.T) {
	for _, s := range []string{"%31%31%31222333", "bsn%20111%20222%20333", "zie 111%2E222%2E333"} {
		if !ledger.TextHasBSN(s) {
			t.Errorf("TextHasBSN(%q) = false; want a BSN found", s)
		}
	}
	for _, s := range []string{"korting 15% op 111222", "100%", "%zz 123", "50% van 12345678"} {
		if ledger.TextHasBSN(s) {
			t.Errorf("TextHasBSN(%q) = true; want none", s)
		}
	}
}
