package sheet

import "strings"

// Dialect is how a CSV file separates its fields and writes its decimal
// numbers. The zero value is the standard dialect.
//
// Which dialect a spreadsheet reads depends on the locale of the computer
// it runs on, not on the file: Excel and LibreOffice Calc in English split
// a line on commas and read 12.50 as a number; in Dutch they split on
// semicolons (the Windows "list separator") and read 12,50, while 12.50
// becomes text or a date. No one file suits both, so the product offers
// each file in both dialects and says which is which.
type Dialect int

const (
	// Standard is RFC 4180 CSV: comma-separated, decimal numbers with a
	// point ("-12.50", "0.1798"), UTF-8 without a byte order mark. What
	// programs and spreadsheets in English read; the default.
	Standard Dialect = iota
	// Dutch is what a spreadsheet in a Dutch locale reads: separated by
	// semicolons, decimal numbers with a comma ("-12,50", "0,1798"), UTF-8
	// with a byte order mark, without which Excel takes the file for
	// Windows-1252 and writes "€" as "â‚¬".
	Dutch
)

// bom is the byte order mark: U+FEFF in UTF-8.
const bom = "\ufeff"

// Dialects are every dialect, the standard one first.
var Dialects = []Dialect{Standard, Dutch}

// String is the dialect's name on the API: "standard" or "dutch".
func (d Dialect) String() string {
	if d == Dutch {
		return "dutch"
	}
	return "standard"
}

// ParseDialect reads a dialect's name as String writes it; "" is the
// standard dialect. It reports false for any other name.
func ParseDialect(name string) (Dialect, bool) {
	switch name {
	case "", "standard":
		return Standard, true
	case "dutch":
		return Dutch, true
	}
	return Standard, false
}

// Comma is the dialect's field separator: ',' or ';'.
func (d Dialect) Comma() byte {
	if d == Dutch {
		return ';'
	}
	return ','
}

// bom reports whether a file of the dialect begins with a byte order mark.
func (d Dialect) bom() bool { return d == Dutch }

// number writes a plain decimal number (as Number takes it, with a point)
// in the dialect.
func (d Dialect) number(s string) string {
	if d == Dutch {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}
