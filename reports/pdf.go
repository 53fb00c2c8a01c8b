package reports

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"
)

// Page geometry in millimetres (A4 portrait).
const (
	pageWidth    = 210.0
	marginLeft   = 18.0
	marginRight  = 18.0
	contentWidth = pageWidth - marginLeft - marginRight
	lineHeight   = 5.6
)

// pdfOptions are knobs for tests: an uncompressed PDF can be searched for
// text.
type pdfOptions struct {
	uncompressed bool
}

// doc is a PDF being written: fpdf with an embedded UTF-8 font (Liberation
// Sans, so € and ë print right), a fixed creation date and a sorted
// catalog, so the same document gives the same bytes.
//
// Every string reaches fpdf through text or textBlock, which draw what the
// font lacks as fallbackGlyph (see printable): fpdf's UTF-8 path indexes a
// table of 65,536 widths by character, so a character beyond the Basic
// Multilingual Plane (an emoji: "Woonbedrijf 🏠") panics with "index out
// of range [65536]", and one the font has no glyph for would be printed
// as nothing at all.
type doc struct {
	pdf   *fpdf.Fpdf
	texts []string // every text written, for the tests that look for personal data
	// replaced is set once a character was drawn as fallbackGlyph; the
	// document then ends with a note that says what the square means.
	replaced bool
}

// newDoc starts a document; madeAt is its creation date. footer is printed
// on every page beside the page number.
func newDoc(title, footer string, madeAt time.Time, opts pdfOptions) *doc {
	p := fpdf.New("P", "mm", "A4", "")
	d := &doc{pdf: p}
	title, footer = d.text(title), d.text(footer)
	p.AddUTF8FontFromBytes("sans", "", liberationsansregular.TTF)
	p.AddUTF8FontFromBytes("sans", "B", liberationsansbold.TTF)
	p.SetCreationDate(madeAt)
	p.SetModificationDate(madeAt)
	p.SetCatalogSort(true)
	p.SetCompression(!opts.uncompressed)
	p.SetTitle(title, true)
	p.SetAuthor("ontschot", true)
	p.SetCreator("ontschot", true)
	p.SetProducer("ontschot", true)
	p.SetLang("nl-NL")
	p.SetMargins(marginLeft, 16, marginRight)
	p.SetAutoPageBreak(true, 20)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(-14)
		p.SetFont("sans", "", 7.5)
		p.SetTextColor(90, 90, 90)
		p.CellFormat(contentWidth-30, 4, fit(p, footer, contentWidth-32), "", 0, "L", false, 0, "")
		p.CellFormat(30, 4, fmt.Sprintf("pagina %d van {nb}", p.PageNo()), "", 0, "R", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	p.AddPage()
	return d
}

// title writes the document's title and subtitle lines.
func (d *doc) title(title string, subtitles ...string) {
	title = d.textBlock(title)
	d.pdf.SetFont("sans", "B", 16)
	d.pdf.SetTextColor(0, 63, 114) // dark blue: contrast 10:1 on white
	d.pdf.MultiCell(contentWidth, 8, title, "", "L", false)
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetFont("sans", "", 10)
	for _, s := range subtitles {
		s = d.textBlock(s)
		d.pdf.MultiCell(contentWidth, lineHeight, s, "", "L", false)
	}
	d.pdf.Ln(3)
}

// heading writes a section heading, on a new page when too little of
// this one is left for the heading and a few lines under it.
func (d *doc) heading(s string) {
	s = d.text(s)
	if _, pageHeight := d.pdf.GetPageSize(); d.pdf.GetY() > pageHeight-50 {
		d.pdf.AddPage()
	}
	d.pdf.Ln(2)
	d.pdf.SetFont("sans", "B", 11.5)
	d.pdf.SetTextColor(0, 63, 114)
	d.pdf.CellFormat(contentWidth, 7, s, "B", 1, "L", false, 0, "")
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetFont("sans", "", 9.5)
	d.pdf.Ln(1)
}

// para writes a paragraph.
func (d *doc) para(s string) {
	s = d.textBlock(s)
	d.pdf.SetFont("sans", "", 9.5)
	d.pdf.MultiCell(contentWidth, lineHeight-0.6, s, "", "L", false)
	d.pdf.Ln(1)
}

// note writes a small grey remark.
func (d *doc) note(s string) {
	s = d.textBlock(s)
	d.pdf.SetFont("sans", "", 8)
	d.pdf.SetTextColor(80, 80, 80)
	d.pdf.MultiCell(contentWidth, 4, s, "", "L", false)
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetFont("sans", "", 9.5)
	d.pdf.Ln(1)
}

// column describes one column of a table: its header, its share of the
// content width, and whether it is right-aligned (amounts).
type column struct {
	header string
	width  float64
	right  bool
}

// table writes a table; the last row is printed bold when total is set.
// Long cells are cut to fit their column.
func (d *doc) table(cols []column, rows [][]string, total bool) {
	p := d.pdf
	var sum float64
	for _, c := range cols {
		sum += c.width
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = contentWidth * c.width / sum
	}
	header := func() {
		p.SetFont("sans", "B", 9)
		p.SetFillColor(230, 237, 244)
		for i, c := range cols {
			align := "L"
			if c.right {
				align = "R"
			}
			p.CellFormat(widths[i], 6.5, d.text(c.header), "B", 0, align, true, 0, "")
		}
		p.Ln(-1)
		p.SetFont("sans", "", 9)
	}
	header()
	if len(rows) == 0 {
		p.SetFont("sans", "", 9)
		p.CellFormat(contentWidth, 6, d.text("geen"), "", 1, "L", false, 0, "")
		p.Ln(1)
		return
	}
	_, pageHeight := p.GetPageSize()
	_, _, _, bottom := p.GetMargins()
	for r, row := range rows {
		if p.GetY()+6 > pageHeight-bottom-8 {
			p.AddPage()
			header()
		}
		last := total && r == len(rows)-1
		border := ""
		if last {
			p.SetFont("sans", "B", 9)
			border = "T"
		}
		for i, cell := range row {
			cell = d.text(cell)
			align := "L"
			if cols[i].right {
				align = "R"
			}
			p.CellFormat(widths[i], 5.8, fit(p, cell, widths[i]-1.5), border, 0, align, false, 0, "")
		}
		p.Ln(-1)
		if last {
			p.SetFont("sans", "", 9)
		}
	}
	p.Ln(2)
}

// fit cuts s with an ellipsis until it fits width. It looks for the
// longest start that fits by halving, so a very long name costs a few
// dozen measurements rather than one per character.
func fit(p *fpdf.Fpdf, s string, width float64) string {
	if p.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	// Invariant: r[:lo] fits with the ellipsis (or lo is 1, the least
	// that is kept), r[:hi] does not.
	lo, hi := 1, len(r)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if p.GetStringWidth(string(r[:mid])+"…") <= width {
			lo = mid
		} else {
			hi = mid
		}
	}
	return string(r[:lo]) + "…"
}

// image places a PNG across the content width, at most height high.
func (d *doc) image(name string, png []byte, height float64) {
	p := d.pdf
	opts := fpdf.ImageOptions{ImageType: "PNG", ReadDpi: false}
	info := p.RegisterImageOptionsReader(name, opts, bytes.NewReader(png))
	if info == nil || p.Err() {
		return
	}
	w := contentWidth
	h := w * info.Height() / info.Width()
	if h > height {
		h = height
		w = h * info.Width() / info.Height()
	}
	_, pageHeight := p.GetPageSize()
	if p.GetY()+h > pageHeight-24 {
		p.AddPage()
	}
	p.ImageOptions(name, marginLeft, p.GetY(), w, h, false, opts, 0, "")
	p.SetY(p.GetY() + h + 2)
}

// text returns s as it can be drawn on one line (see printable), and
// records it for the tests. Every text of a document goes through text or
// textBlock: the one place where a name meets the font.
func (d *doc) text(s string) string { return d.record(printable(s, false)) }

// textBlock is as text for a paragraph, whose line breaks are kept.
func (d *doc) textBlock(s string) string { return d.record(printable(s, true)) }

func (d *doc) record(s string, replaced bool) string {
	d.replaced = d.replaced || replaced
	d.texts = append(d.texts, s)
	return s
}

// write writes the PDF. When a character had to be drawn as
// fallbackGlyph, the document ends with a note saying so, so a reader
// does not take the square for part of a name.
func (d *doc) write(w io.Writer) error {
	if d.replaced {
		d.note(fallbackNote)
	}
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("make PDF: %w", err)
	}
	return d.pdf.Output(w)
}
