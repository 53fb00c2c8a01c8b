package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
)

// Every CSV the pages offer comes in two dialects (package sheet): the
// standard one (commas, decimal points), which most programs and a
// spreadsheet in English read, and the Dutch one (semicolons, decimal
// commas, a byte order mark), which Excel and LibreOffice in Dutch read;
// "86777.18" in the standard file is read there as 8,677,718 or a date.
// The pages offer both links side by side and say which is which; the
// Dutch one adds ?indeling=nl to the same address.

// dialectKey is the query key of a CSV download's dialect, and dutchValue
// its value for the Dutch dialect (none, or "standaard", for the standard
// one).
const (
	dialectKey = "indeling"
	dutchValue = "nl"
)

// csvDialect reads a CSV download's dialect from its address. Errors:
// ENOTFOUND for a value the pages never link to.
func csvDialect(r *http.Request) (sheet.Dialect, error) {
	switch v := r.URL.Query().Get(dialectKey); v {
	case "", "standaard":
		return sheet.Standard, nil
	case dutchValue:
		return sheet.Dutch, nil
	default:
		// A mistake in the address's query, not a file that is missing:
		// 400, saying which layouts there are.
		return sheet.Standard, ledger.NewError(ledger.EINVALID, ledger.MsgNoCSVDialect, ledger.Quoted(v))
	}
}

// dutchCSV is the address of a CSV download in the Dutch dialect.
func dutchCSV(link string) string {
	sep := "?"
	if strings.Contains(link, "?") {
		sep = "&"
	}
	return link + sep + url.Values{dialectKey: {dutchValue}}.Encode()
}

// downloads are a document's links: the PDF and the CSV in both dialects.
type downloads struct {
	PDF, CSV, CSVNL string
}

// newDownloads makes the links of a document whose PDF and (standard) CSV
// are at pdf and csv.
func newDownloads(pdf, csv string) downloads {
	return downloads{PDF: pdf, CSV: csv, CSVNL: dutchCSV(csv)}
}

// csvHint says which CSV is which, once on a page that offers them.
const csvHint = "De standaard-CSV heeft komma's tussen de velden en een decimale punt, zoals de meeste programma's en een spreadsheet in het Engels die lezen. " +
	"De CSV voor Excel of LibreOffice in het Nederlands heeft puntkomma's en een decimale komma."

// Hint says which CSV is which (csvHint).
func (downloads) Hint() string { return csvHint }

// Hint says which CSV is which (csvHint).
func (partnerPage) Hint() string { return csvHint }

// Hint says which CSV is which (csvHint).
func (statementsPage) Hint() string { return csvHint }
