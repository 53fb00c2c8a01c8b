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
type doc struct {
	pdf   *fpdf.Fpdf
	texts []string // every text written, for the tests that look for personal data
}

// newDoc starts a document; madeAt is its creation date. footer is printed
// on every page beside the page number.
func newDoc(title, footer string, madeAt time.Time, opts pdfOptions) *doc {
	p := fpdf.New("P", "mm", "A4", "")
	d := &doc{pdf: p}
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
	d.texts = append(d.texts, title, footer)
	p.AddPage()
	return d
}

// title writes the document's title and subtitle lines.
func (d *doc) title(title string, subtitles ...string) {
	d.text(title)
	d.pdf.SetFont("sans", "B", 16)
	d.pdf.SetTextColor(0, 63, 114) // dark blue: contrast 10:1 on white
	d.pdf.MultiCell(contentWidth, 8, title, "", "L", false)
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetFont("sans", "", 10)
	for _, s := range subtitles {
		d.text(s)
		d.pdf.MultiCell(contentWidth, lineHeight, s, "", "L", false)
	}
	d.pdf.Ln(3)
}

// heading writes a section heading, on a new page when too little of
// this one is left for the heading and a few lines under it.
func (d *doc) heading(s string) {
	d.text(s)
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
	d.text(s)
	d.pdf.SetFont("sans", "", 9.5)
	d.pdf.MultiCell(contentWidth, lineHeight-0.6, s, "", "L", false)
	d.pdf.Ln(1)
}

// note writes a small grey remark.
func (d *doc) note(s string) {
	d.text(s)
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
			d.text(c.header)
			align := "L"
			if c.right {
				align = "R"
			}
			p.CellFormat(widths[i], 6.5, c.header, "B", 0, align, true, 0, "")
		}
		p.Ln(-1)
		p.SetFont("sans", "", 9)
	}
	header()
	if len(rows) == 0 {
		d.text("geen")
		p.SetFont("sans", "", 9)
		p.CellFormat(contentWidth, 6, "geen", "", 1, "L", false, 0, "")
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
			d.text(cell)
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

// fit cuts s with an ellipsis until it fits width.
func fit(p *fpdf.Fpdf, s string, width float64) string {
	if p.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && p.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
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

func (d *doc) text(s string) { d.texts = append(d.texts, s) }

// write writes the PDF.
func (d *doc) write(w io.Writer) error {
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("make PDF: %w", err)
	}
	return d.pdf.Output(w)
}
