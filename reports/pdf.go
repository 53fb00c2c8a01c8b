package reports

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"
)

// Page geometry in millimetres: the margins of every page, and the
// height of a line of running text.
const (
	marginLeft  = 18.0
	marginRight = 18.0
	lineHeight  = 5.6
)

// orientation is a document's page orientation, as fpdf names it: A4
// portrait for most documents, landscape for a table too wide for it (the
// legitimacy report's exceptions).
type orientation string

// The orientations.
const (
	portrait  orientation = "P"
	landscape orientation = "L"
)

// pdfOptions are knobs for tests: an uncompressed PDF can be searched for
// text; recordCells keeps every table cell as it was drawn (doc.cells).
type pdfOptions struct {
	uncompressed bool
	recordCells  bool
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
	pdf *fpdf.Fpdf
	// width is the content width of a page in millimetres: the page's less
	// its margins.
	width float64
	texts []string // every text written, for the tests that look for personal data
	// cells are the table cells drawn, when pdfOptions.recordCells is set.
	cells []drawnCell
	opts  pdfOptions
	// replaced is set once a character was drawn as fallbackGlyph; the
	// document then ends with a note that says what the square means.
	replaced bool
}

// drawnCell is a table cell as it was drawn, for the test that no cell's
// text is cut off or runs into the next column: the text, the lines it
// was drawn on, the room for text in the cell (its width less the cell
// margins, in mm), and the font (size in points, bold or not).
type drawnCell struct {
	Text  string
	Lines []string
	Room  float64
	Size  float64
	Bold  bool
}

// newDoc starts a document; madeAt is its creation date. footer is printed
// on every page beside the page number.
func newDoc(title, footer string, o orientation, madeAt time.Time, opts pdfOptions) *doc {
	p := fpdf.New(string(o), "mm", "A4", "")
	pageWidth, _ := p.GetPageSize()
	d := &doc{pdf: p, width: pageWidth - marginLeft - marginRight, opts: opts}
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
		// The footer is one line on every page: a pot's name too long for
		// it is cut here, and printed whole in the title.
		p.CellFormat(d.width-30, 4, fit(p, footer, d.width-32), "", 0, "L", false, 0, "")
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
	d.pdf.MultiCell(d.width, 8, title, "", "L", false)
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetFont("sans", "", 10)
	for _, s := range subtitles {
		s = d.textBlock(s)
		d.pdf.MultiCell(d.width, lineHeight, s, "", "L", false)
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
	d.pdf.CellFormat(d.width, 7, s, "B", 1, "L", false, 0, "")
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetFont("sans", "", 9.5)
	d.pdf.Ln(1)
}

// para writes a paragraph.
func (d *doc) para(s string) {
	s = d.textBlock(s)
	d.pdf.SetFont("sans", "", 9.5)
	d.pdf.MultiCell(d.width, lineHeight-0.6, s, "", "L", false)
	d.pdf.Ln(1)
}

// note writes a small grey remark.
func (d *doc) note(s string) {
	s = d.textBlock(s)
	d.pdf.SetFont("sans", "", 8)
	d.pdf.SetTextColor(80, 80, 80)
	d.pdf.MultiCell(d.width, 4, s, "", "L", false)
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetFont("sans", "", 9.5)
	d.pdf.Ln(1)
}

// column describes one column of a table: its header, its share of the
// table's width, whether it is right-aligned (amounts), and whether it is
// as wide as its widest text (fit: for dates, ids and amounts, which read
// best on one line; the other columns share what is left).
type column struct {
	header string
	width  float64
	right  bool
	fit    bool
}

// The table's type: its size in points, the height of one line of a cell
// and the room above and below a row's lines, in millimetres (a row of one
// line is 5.8 mm high).
const (
	tableFont = 9.0
	tableLine = 4.4
	tablePad  = 0.7
)

// table writes a table across the content width; the last row is printed
// bold when total is set.
func (d *doc) table(cols []column, rows [][]string, total bool) {
	d.tableAt(marginLeft, d.width, cols, rows, total)
}

// tableAt writes a table width millimetres wide at x millimetres from the
// page's left edge, from the current line down; the last row is printed
// bold when total is set. A text too wide for its column is wrapped onto
// as many lines as it needs, never cut: an auditor must be able to read a
// payout's id or a law's name whole. A row that does not fit on what is
// left of the page starts a new page (with the header again), and a row
// taller than a page flows on to the next.
func (d *doc) tableAt(x, width float64, cols []column, rows [][]string, total bool) {
	p := d.pdf
	widths := d.columnWidths(width, cols, rows)
	align := func(i int) string {
		if cols[i].right {
			return "R"
		}
		return "L"
	}
	_, pageHeight := p.GetPageSize()
	_, top, _, bottom := p.GetMargins()
	// limit is the lowest a line may end: above fpdf's own page break,
	// which would move the rest of a row to a new page on its own.
	limit := pageHeight - bottom - 2
	// lines splits each cell of a row into the lines it is drawn on, in the
	// font set now.
	lines := func(row []string) ([][]string, int) {
		out := make([][]string, len(cols))
		n := 1
		for i := range cols {
			var cell string
			if i < len(row) {
				cell = d.text(row[i])
			}
			out[i] = d.wrap(cell, widths[i])
			n = max(n, len(out[i]))
		}
		return out, n
	}
	// The header, drawn again at the top of every page the table goes on
	// to; a table whose columns have no headers has none.
	var headerHeight float64
	header := func() {
		if !slices.ContainsFunc(cols, func(c column) bool { return c.header != "" }) {
			return
		}
		p.SetFont("sans", "B", tableFont)
		hs := make([]string, len(cols))
		for i, c := range cols {
			hs[i] = c.header
		}
		cells, n := lines(hs)
		y := p.GetY()
		headerHeight = float64(n)*tableLine + 2.1
		p.SetFillColor(230, 237, 244)
		p.Rect(x, y, width, headerHeight, "F")
		d.drawLines(x, y+1.05, widths, cells, 0, n, align)
		p.Line(x, y+headerHeight, x+width, y+headerHeight)
		p.SetY(y + headerHeight)
	}
	newPage := func() {
		p.AddPage()
		header()
	}
	header()
	p.SetFont("sans", "", tableFont)
	if len(rows) == 0 {
		p.SetXY(x, p.GetY())
		p.CellFormat(width, 6, d.text("geen"), "", 1, "L", false, 0, "")
		p.Ln(1)
		return
	}
	// Every row's lines first: when any row takes more than one, a thin
	// rule between the rows shows where each begins.
	split := make([][][]string, len(rows))
	heights := make([]int, len(rows))
	ruled := false
	for r, row := range rows {
		if total && r == len(rows)-1 {
			p.SetFont("sans", "B", tableFont)
		}
		split[r], heights[r] = lines(row)
		ruled = ruled || heights[r] > 1
	}
	for r := range rows {
		last := total && r == len(rows)-1
		font := func() {
			if last {
				p.SetFont("sans", "B", tableFont)
			} else {
				p.SetFont("sans", "", tableFont)
			}
		}
		font()
		n := heights[r]
		height := float64(n)*tableLine + 2*tablePad
		y := p.GetY()
		// A row that would fit on a fresh page starts one rather than
		// being split; one taller than a page is split wherever it must.
		if y+height > limit && (y+tablePad+tableLine > limit || height <= limit-top-headerHeight) {
			newPage()
			font()
			y = p.GetY()
		}
		switch {
		case last:
			p.Line(x, y, x+width, y)
		case ruled && r > 0 && y > top+headerHeight+0.1:
			p.SetDrawColor(200, 200, 200)
			p.Line(x, y, x+width, y)
			p.SetDrawColor(0, 0, 0)
		}
		ly := y + tablePad
		for k := 0; k < n; {
			// As many of the row's lines as fit on this page.
			fits := max(1, min(n-k, int((limit-ly)/tableLine)))
			d.drawLines(x, ly, widths, split[r], k, k+fits, align)
			k += fits
			ly += float64(fits) * tableLine
			if k < n {
				newPage()
				font()
				ly = p.GetY() + tablePad
			}
		}
		p.SetY(ly + tablePad)
	}
	p.SetFont("sans", "", tableFont)
	p.Ln(2)
}

// columnWidths shares width out among the columns: a fit column gets
// its widest text (in bold, which is the wider), at most half the table
// between them; the others share the rest by their width.
func (d *doc) columnWidths(width float64, cols []column, rows [][]string) []float64 {
	p := d.pdf
	margins := 2 * p.GetCellMargin()
	widths := make([]float64, len(cols))
	var fitted, shares float64
	p.SetFont("sans", "B", tableFont)
	for i, c := range cols {
		if !c.fit {
			shares += c.width
			continue
		}
		widest := p.GetStringWidth(c.header)
		for _, row := range rows {
			if i < len(row) {
				widest = max(widest, p.GetStringWidth(printableLine(row[i])))
			}
		}
		widths[i] = widest + margins + 0.1
		fitted += widths[i]
	}
	if fitted > width/2 {
		for i, c := range cols {
			if c.fit {
				widths[i] *= width / 2 / fitted
			}
		}
		fitted = width / 2
	}
	for i, c := range cols {
		if !c.fit {
			widths[i] = (width - fitted) * c.width / shares
		}
	}
	return widths
}

// printableLine is s as text draws it, without recording it.
func printableLine(s string) string {
	s, _ = printable(s, false)
	return s
}

// wrap splits s into the lines it takes in a cell width millimetres wide,
// in the current font (see wrapText). The cell is recorded for the tests
// when they ask.
func (d *doc) wrap(s string, width float64) []string {
	room := width - 2*d.pdf.GetCellMargin()
	lines := wrapText(d.pdf, s, room)
	if d.opts.recordCells {
		size, _ := d.pdf.GetFontSize()
		d.cells = append(d.cells, drawnCell{Text: s, Lines: lines, Room: room, Size: size,
			Bold: strings.Contains(d.pdf.GetFontStyle(), "B")})
	}
	return lines
}

// wrapText splits s into lines at most room millimetres wide in the
// current font: at spaces, never between a sign (€, −, +) and the amount
// after it ("€ 1.500,00" stays whole), and within a word only when the
// word alone is wider than a line. fpdf's SplitText would do the rest,
// but it breaks at every space, the one after the euro sign too. It
// always returns at least one line.
func wrapText(p *fpdf.Fpdf, s string, room float64) []string {
	var words []string
	for _, w := range strings.Split(s, " ") {
		if n := len(words); n > 0 && (words[n-1] == "€" || strings.HasSuffix(words[n-1], " €") || words[n-1] == "−" || words[n-1] == "+") {
			words[n-1] += " " + w // glued to what it signs
			continue
		}
		words = append(words, w)
	}
	var lines []string
	line, started := "", false
	for _, w := range words {
		if started {
			if try := line + " " + w; p.GetStringWidth(try) <= room {
				line = try
				continue
			}
			lines = append(lines, line)
		}
		// A word wider than a line is broken where it must.
		for p.GetStringWidth(w) > room {
			k := fitRunes(p, w, room)
			lines = append(lines, w[:k])
			w = w[k:]
		}
		line, started = w, true
	}
	return append(lines, line)
}

// fitRunes returns the length in bytes of the longest start of s, of at
// least one character, that is no wider than room: by halving, so a very
// long word costs a few dozen measurements rather than one per character.
func fitRunes(p *fpdf.Fpdf, s string, room float64) int {
	ends := make([]int, 0, len(s)) // ends[i]: the end of the first i+1 characters
	for i := range s {
		if i > 0 {
			ends = append(ends, i)
		}
	}
	ends = append(ends, len(s))
	// Invariant: s[:ends[lo]] fits (or lo is 0, the least that is kept),
	// s[:ends[hi]] does not.
	lo, hi := 0, len(ends)-1
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if p.GetStringWidth(s[:ends[mid]]) <= room {
			lo = mid
		} else {
			hi = mid
		}
	}
	return ends[lo]
}

// drawLines draws the lines from to to (exclusive) of each cell of a row,
// the first at y, each cell in its column from x on.
func (d *doc) drawLines(x, y float64, widths []float64, cells [][]string, from, to int, align func(int) string) {
	p := d.pdf
	for i, lines := range cells {
		for k := from; k < to && k < len(lines); k++ {
			p.SetXY(x, y+float64(k-from)*tableLine)
			p.CellFormat(widths[i], tableLine, lines[k], "", 0, align(i), false, 0, "")
		}
		x += widths[i]
	}
}

// fit cuts s with an ellipsis until it fits width: for the footer, which
// is one line on every page. It looks for the longest start that fits by
// halving, so a very long name costs a few dozen measurements rather than
// one per character.
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

// figure places a PNG imageWidth millimetres wide at the left and the
// table of its figures beside it, top to top, on a new page when the two
// would not fit on what is left of this one: a chart's bars can be read
// in amounts, not only guessed from their height.
func (d *doc) figure(name string, png []byte, imageWidth float64, cols []column, rows [][]string, total bool) {
	p := d.pdf
	w, h, ok := d.register(name, png)
	if !ok {
		return
	}
	h = imageWidth * h / w
	// The table's height if each row takes one line.
	tableHeight := float64(len(rows)+1)*(tableLine+2*tablePad) + 2
	_, pageHeight := p.GetPageSize()
	if p.GetY()+max(h, tableHeight) > pageHeight-24 {
		p.AddPage()
	}
	y, page := p.GetY(), p.PageNo()
	p.ImageOptions(name, marginLeft, y, imageWidth, h, false, pngOptions, 0, "")
	const gap = 6.0
	d.tableAt(marginLeft+imageWidth+gap, d.width-imageWidth-gap, cols, rows, total)
	if p.PageNo() == page {
		p.SetY(max(p.GetY(), y+h+2))
	} // else the table went on to a new page: the text goes on under it
}

var pngOptions = fpdf.ImageOptions{ImageType: "PNG", ReadDpi: false}

// register reads a PNG into the document under name and returns its size
// in pixels; ok is false when fpdf could not read it (its error is then
// the document's, returned by write).
func (d *doc) register(name string, png []byte) (w, h float64, ok bool) {
	info := d.pdf.RegisterImageOptionsReader(name, pngOptions, bytes.NewReader(png))
	if info == nil || d.pdf.Err() {
		return 0, 0, false
	}
	return info.Width(), info.Height(), true
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
