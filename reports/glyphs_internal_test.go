package reports

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrintable(t *testing.T) {
	tests := []struct {
		in        string
		multiline bool
		want      string
		replaced  bool
	}{
		{"Woonbedrijf 🏠", false, "Woonbedrijf □", true},
		{"Doorbraakfonds Leeuwarden–De Friesland · € 1.234,56 − 12 × 3 …", false, "Doorbraakfonds Leeuwarden–De Friesland · € 1.234,56 − 12 × 3 …", false},
		{"Gemeente Súdwest-Fryslân, Café\u0301", false, "Gemeente Súdwest-Fryslân, Café\u0301", false},
		{"בית הלל", false, "בית הלל", false},                                   // Liberation Sans has Hebrew
		{"مؤسسة", false, "□□□□□", true},                                        // but not Arabic
		{"Woon\u202ebedrijf\u2066 NL\u200f", false, "Woon□bedrijf□ NL□", true}, // bidi controls are shown, never obeyed
		{"𝕏 𐍈 \U0010FFFF", false, "□ □ □", true},                               // beyond the Basic Multilingual Plane
		{"👨\u200d👩\u200d👧 en 👍🏽", false, "□□□ en □", true},                     // one square per person; the joiners and the skin tone belong to them
		{"©\ufe0f 2026", false, "© 2026", false},                               // a variation selector only picks a form
		{"❤\ufe0f", false, "□", true},
		{"\ufffd", false, "□", true},
		{"a\x00b\x7fc\u0085d", false, "a□b□c□d", true},
		{"bad \xff\xfe utf-8", false, "bad □□ utf-8", true},
		{"regel 1\nregel 2\r\nregel 3\rregel\t4", true, "regel 1\nregel 2\nregel 3\nregel 4", false},
		{"regel 1\nregel 2\r\nregel 3", false, "regel 1 regel 2 regel 3", false},
		{"", false, "", false},
	}
	for _, tt := range tests {
		got, replaced := printable(tt.in, tt.multiline)
		if got != tt.want || replaced != tt.replaced {
			t.Errorf("printable(%q, %v) = %q, %v; want %q, %v", tt.in, tt.multiline, got, replaced, tt.want, tt.replaced)
		}
	}
	if !canDraw(fallbackGlyph) {
		t.Fatal("the embedded font cannot draw the fallback glyph itself")
	}
}

// FuzzPrintable: whatever the text, what printable returns the font can
// draw, on one line unless it is a paragraph; no letter, digit or
// punctuation of ASCII is lost or moved, so amounts and ids come through
// unchanged; and nothing is dropped but what only modifies the character
// before it.
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"Woonbedrijf 🏠", "€ -1.234,56 PAY-01K0A", "a\u0301\u0302", "\u202e", "\r\n\t", "\xff", "👨\u200d👩\u200d👧🏽\ufe0f"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		got, replaced := printable(s, multiline)
		if !utf8.ValidString(got) {
			t.Fatalf("printable(%q) = %q, not UTF-8", s, got)
		}
		for _, r := range got {
			if r == '\n' && multiline {
				continue
			}
			if !canDraw(r) {
				t.Fatalf("printable(%q) = %q holds %U, which the font cannot draw", s, got, r)
			}
		}
		ascii := func(s string) string {
			return strings.Map(func(r rune) rune {
				if r > 0x20 && r < 0x7f {
					return r
				}
				return -1
			}, s)
		}
		if ascii(got) != ascii(s) {
			t.Fatalf("printable(%q) = %q changes the ASCII text %q into %q", s, got, ascii(s), ascii(got))
		}
		if !replaced && strings.ContainsRune(got, fallbackGlyph) != strings.ContainsRune(s, fallbackGlyph) {
			t.Fatalf("printable(%q) = %q drew a square without saying so", s, got)
		}
		// Every character comes through or as a square, except modifiers
		// of the one before and the \r of a \r\n.
		dropped := 0
		prevSquare := false
		for i, r := range []rune(s) {
			rs := []rune(s)
			switch {
			case variationSelector(r), prevSquare && partOfPrevious(r):
				dropped++
				continue
			case r == '\r' && i+1 < len(rs) && rs[i+1] == '\n':
				dropped++
				continue
			}
			prevSquare = r == utf8.RuneError || !canDraw(r) && r != '\n' && r != '\r' && r != '\t' || r >= 0x202a && r <= 0x202e
			if r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c {
				prevSquare = true
			}
		}
		if n := utf8.RuneCountInString(s) - dropped; utf8.RuneCountInString(got) != n && utf8.ValidString(s) {
			t.Fatalf("printable(%q) = %q: %d characters, want %d", s, got, utf8.RuneCountInString(got), n)
		}
	})
}
