package reports

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
)

// fallbackGlyph stands in, in the PDFs and the charts, for a character the
// embedded font cannot draw: a white square (U+25A1), the mark readers know
// from a missing glyph, which Liberation Sans has. The replacement
// character U+FFFD would be the obvious choice, but Liberation Sans has no
// glyph for it.
const fallbackGlyph = '□'

// fallbackNote ends a document in which fallbackGlyph was drawn.
const fallbackNote = "□ staat voor een teken dat het lettertype van dit document niet kan tonen, zoals een emoji; in ontschot zelf staat de naam zoals hij is ingevoerd."

// drawable holds, one bit per character of the Basic Multilingual Plane,
// whether both embedded fonts (Liberation Sans regular and bold) have a
// glyph for it, read once from the fonts' cmap tables. fpdf can draw no
// character beyond the Basic Multilingual Plane: it keeps one width per
// 16-bit character.
var drawable = sync.OnceValue(func() *[0x10000 / 64]uint64 {
	var set [0x10000 / 64]uint64
	fonts := make([]*sfnt.Font, 0, 2)
	for _, ttf := range [][]byte{liberationsansregular.TTF, liberationsansbold.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			panic("reports: the embedded font cannot be read: " + err.Error())
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r < 0x10000; r++ {
		ok := true
		for _, f := range fonts {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				ok = false
				break
			}
		}
		if ok {
			set[r/64] |= 1 << (r % 64)
		}
	}
	return &set
})

// canDraw reports whether the embedded fonts draw r.
func canDraw(r rune) bool {
	return r >= 0 && r < 0x10000 && drawable()[r/64]&(1<<(r%64)) != 0
}

// printable returns s as the documents can draw it, and whether anything
// was replaced:
//
//   - a character the fonts have no glyph for (an emoji, a script
//     Liberation Sans lacks, anything beyond the Basic Multilingual Plane,
//     a byte that is not UTF-8) becomes fallbackGlyph: one square per
//     character, never dropped, so a reader sees that something is there;
//     a joiner, skin tone or flag tag after it belongs to it and adds no
//     second square;
//   - a variation selector, which only picks a form of the character
//     before it and has no glyph of its own, is left out;
//   - a control character and a bidirectional control (which the ledger
//     refuses in new text, but older text may hold) becomes fallbackGlyph
//     too, so it cannot hide or reorder anything;
//   - a tab becomes a space; a line break is kept in a paragraph
//     (multiline) and becomes a space elsewhere.
//
// Amounts, dates and ids are ASCII: printable leaves them as they are.
func printable(s string, multiline bool) (string, bool) {
	clean := true
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && (!canDraw(r) || unicode.Is(unicode.Bidi_Control, r)) {
			clean = false
			break
		}
	}
	if clean {
		return s, false
	}
	var b strings.Builder
	replaced, afterFallback := false, false
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			continue // the \n that follows is the line break
		case r == '\n' || r == '\r':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			b.WriteByte(' ')
		case variationSelector(r), afterFallback && partOfPrevious(r):
			continue
		case r == utf8.RuneError && size == 1, unicode.Is(unicode.Bidi_Control, r), !canDraw(r):
			b.WriteRune(fallbackGlyph)
			replaced, afterFallback = true, true
			continue
		default:
			b.WriteRune(r)
		}
		afterFallback = false
	}
	return b.String(), replaced
}

// partOfPrevious reports whether r only modifies the character before it
// in an emoji sequence: the zero-width joiner, a skin tone
// (U+1F3FB..U+1F3FF), or a tag character of a flag (U+E0020..U+E007F).
func partOfPrevious(r rune) bool {
	return r == 0x200D || r >= 0x1F3FB && r <= 0x1F3FF || r >= 0xE0020 && r <= 0xE007F
}

// variationSelector reports whether r is a variation selector
// (U+FE00..U+FE0F, U+E0100..U+E01EF).
func variationSelector(r rune) bool {
	return r >= 0xFE00 && r <= 0xFE0F || r >= 0xE0100 && r <= 0xE01EF
}
