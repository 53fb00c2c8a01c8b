package ledger

import (
	"crypto/sha256"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger/sheet"
)

// Law is a legal budget a cost can be reallocated to.
type Law string

// The legal budgets of the social domain.
const (
	LawWmo             Law = "wmo"             // Wet maatschappelijke ondersteuning 2015
	LawJeugdwet        Law = "jeugdwet"        // Jeugdwet
	LawParticipatiewet Law = "participatiewet" // Participatiewet, incl. bijzondere bijstand, IOAW, IOAZ, Bbz
	LawWgs             Law = "wgs"             // Wet gemeentelijke schuldhulpverlening
)

// Laws lists the legal budgets.
var Laws = []Law{LawWmo, LawJeugdwet, LawParticipatiewet, LawWgs}

// ParseLaw returns the law named s.
func ParseLaw(s string) (Law, bool) {
	for _, l := range Laws {
		if string(l) == s {
			return l, true
		}
	}
	return "", false
}

// Label is the law's Dutch name, for pages and statements.
func (l Law) Label() string {
	switch l {
	case LawWmo:
		return "Wmo 2015"
	case LawJeugdwet:
		return "Jeugdwet"
	case LawParticipatiewet:
		return "Participatiewet"
	case LawWgs:
		return "Wet gemeentelijke schuldhulpverlening"
	}
	return string(l)
}

// Taakveld is one code of the Iv3 code list (Informatie voor derden) that
// municipalities report their budgets in, valid for a range of booking years.
// The list changed in 2023 and again in 2025, and one code can mean another
// thing in another year (6.2), so a code is only meaningful with a year.
type Taakveld struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Laws are the legal budgets the code belongs to.
	Laws []Law `json:"laws"`
	// ValidFrom and ValidTo are booking years, both inclusive; ValidTo 0
	// means still valid.
	ValidFrom int `json:"validFrom"`
	ValidTo   int `json:"validTo,omitempty"`
	// Status says how sure the source is: verified or observed.
	Status string `json:"status"`
}

// ValidIn reports whether the code may be booked on in the year.
func (t *Taakveld) ValidIn(year int) bool {
	return year >= t.ValidFrom && (t.ValidTo == 0 || year <= t.ValidTo)
}

// Belongs reports whether the code belongs to the law.
func (t *Taakveld) Belongs(law Law) bool { return slices.Contains(t.Laws, law) }

// TaakveldList is the whole code list over all years.
type TaakveldList []Taakveld

// Lookup returns the code valid in the year, if any.
func (l TaakveldList) Lookup(code string, year int) (Taakveld, bool) {
	for _, t := range l {
		if t.Code == code && t.ValidIn(year) {
			return t, true
		}
	}
	return Taakveld{}, false
}

// ValidCodes returns the codes of the law valid in the year, in list order.
func (l TaakveldList) ValidCodes(law Law, year int) []string {
	var codes []string
	for _, t := range l {
		if t.ValidIn(year) && t.Belongs(law) {
			codes = append(codes, t.Code)
		}
	}
	return codes
}

// Check returns nil when code may carry a cost of the law booked in the year,
// and otherwise an error that names the codes that are valid.
func (l TaakveldList) Check(law Law, code string, year int) error {
	valid := l.ValidCodes(law, year)
	var list any = strings.Join(valid, ", ")
	if len(valid) == 0 {
		list = Msg{Code: msgNoTaakvelden, Args: []any{year}}
	}
	if code == "" {
		return NewError(EINVALID, msgTaakveldRequired, law, year, list)
	}
	t, ok := l.Lookup(code, year)
	if !ok {
		var years yearSpans
		for _, o := range l {
			if o.Code == code {
				years = append(years, [2]int{o.ValidFrom, o.ValidTo})
			}
		}
		if len(years) == 0 {
			return NewError(EINVALID, msgNotATaakveld, Quoted(code), law, year, list)
		}
		return NewError(EINVALID, msgTaakveldWrongYear, code, year, years, law, list)
	}
	if !t.Belongs(law) {
		return NewError(EINVALID, msgTaakveldWrongLaw, code, t.Name, t.Laws, law, year, list)
	}
	return nil
}

var taakveldCode = regexp.MustCompile(`^[0-9]\.[0-9]{1,3}[a-z]?$`)

// Validate checks a whole list: every row well formed, and no code valid
// twice in the same year. The error lists every row at fault, numbered as
// lines of the CSV file (the header is line 1).
func (l TaakveldList) Validate() error {
	var fe fieldErrors
	if len(l) == 0 {
		fe.add("taakvelden", msgTaakveldListEmpty)
	}
	for i, t := range l {
		row := "line " + strconv.Itoa(i+2)
		if !taakveldCode.MatchString(t.Code) {
			fe.add(row+".code", msgNotATaakveldCode, Quoted(t.Code))
		}
		fe.checkName(row+".name", t.Name, 1, 120)
		if sheet.LooksLikeFormula(t.Name) {
			// The list is edited in a spreadsheet and read back: a name
			// the CSV would have to guard could not make the round trip.
			fe.add(row+".name", msgTaakveldFormula, Quoted(t.Name))
		}
		if len(t.Laws) == 0 {
			fe.add(row+".law", msgTaakveldLawRequired)
		}
		for _, law := range t.Laws {
			if _, ok := ParseLaw(string(law)); !ok {
				fe.add(row+".law", msgNotALaw, Quoted(law))
			}
		}
		if t.ValidFrom < 2000 || t.ValidFrom > 2100 {
			fe.add(row+".valid_from", msgTaakveldYear, t.ValidFrom)
		}
		if t.ValidTo != 0 && t.ValidTo < t.ValidFrom {
			fe.add(row+".valid_to", msgTaakveldYearsOrder, t.ValidTo, t.ValidFrom)
		}
		switch t.Status {
		case "verified", "observed":
		default:
			fe.add(row+".status", msgTaakveldStatus, Quoted(t.Status))
		}
		for j, o := range l[:i] {
			if o.Code == t.Code && overlaps(o, t) {
				fe.add(row+".code", msgTaakveldTwice, t.Code, j+2)
			}
		}
	}
	return fe.err(nounTaakveldList)
}

func overlaps(a, b Taakveld) bool {
	aEnd, bEnd := a.ValidTo, b.ValidTo
	if aEnd == 0 {
		aEnd = 9999
	}
	if bEnd == 0 {
		bEnd = 9999
	}
	return a.ValidFrom <= bEnd && b.ValidFrom <= aEnd
}

// taakveldHeader is the header of the CSV format.
var taakveldHeader = []string{"code", "name", "law", "valid_from", "valid_to", "status"}

// ParseTaakveldCSV reads a code list in the CSV format of
// ledger/data/iv3-taakvelden.csv: a header "code,name,law,valid_from,
// valid_to,status", then one row per code and range of years; law joins
// several laws with "+"; an empty valid_to means still valid. The fields
// may be separated by commas or, as a spreadsheet in Dutch saves the file,
// by semicolons: the header line says which (see sheet.NewReader, which
// also takes a byte order mark and Windows-1252). The list is validated;
// errors name the line at fault, and a line with too many or too few
// fields the separator the file was read with.
func ParseTaakveldCSV(r io.Reader) (TaakveldList, error) {
	cr, err := sheet.NewReader(r)
	if err != nil {
		return nil, NewError(EINVALID, msgTaakveldUnreadable, err.Error(), strings.Join(taakveldHeader, ","))
	}
	sep, sepName := string(cr.Comma), msgSeparatorComma
	if cr.Dialect == sheet.Dutch {
		sepName = msgSeparatorSemicolon
	}
	// The header is read whatever its length, so a wrong one is named as
	// it is; every line after it has the header's six fields.
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, NewError(EINVALID, msgTaakveldUnreadable, csvReason(err), strings.Join(taakveldHeader, sep))
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	if !slices.Equal(header, taakveldHeader) {
		return nil, NewError(EINVALID, msgTaakveldHeader, Quoted(strings.Join(header, sep)), strings.Join(taakveldHeader, sep))
	}
	cr.FieldsPerRecord = len(taakveldHeader)
	var list TaakveldList
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if errors.Is(err, csv.ErrFieldCount) {
			return nil, NewError(EINVALID, msgTaakveldFieldCount, line, len(rec), sepName, strings.Join(taakveldHeader, sep))
		}
		if err != nil {
			return nil, NewError(EINVALID, msgTaakveldLineUnreadable, line, csvReason(err))
		}
		t := Taakveld{Code: strings.TrimSpace(sheet.CodeValue(rec[0])), Name: strings.TrimSpace(rec[1]), Status: strings.TrimSpace(rec[5])}
		for _, l := range strings.Split(strings.TrimSpace(rec[2]), "+") {
			if l = strings.TrimSpace(l); l != "" {
				t.Laws = append(t.Laws, Law(l))
			}
		}
		if t.ValidFrom, err = strconv.Atoi(strings.TrimSpace(rec[3])); err != nil {
			return nil, NewError(EINVALID, msgTaakveldFromNotAYear, line, Quoted(rec[3]))
		}
		if s := strings.TrimSpace(rec[4]); s != "" {
			if t.ValidTo, err = strconv.Atoi(s); err != nil {
				return nil, NewError(EINVALID, msgTaakveldToNotAYear, line, Quoted(rec[4]))
			}
		}
		list = append(list, t)
	}
	if err := list.Validate(); err != nil {
		return nil, err
	}
	return list, nil
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// WriteCSV writes the list in the format ParseTaakveldCSV reads, through
// the one CSV writer of the product (package sheet), so the file is safe to
// open in a spreadsheet. A valid list holds no text that writer has to
// guard (Validate refuses it), so what is written reads back the same, and
// the list's digest is that of the plain CSV. It writes the standard
// dialect, the list's one canonical form (Digest).
func (l TaakveldList) WriteCSV(w io.Writer) error { return l.WriteCSVDialect(w, sheet.Standard) }

// WriteCSVDialect is WriteCSV in the dialect d: sheet.Dutch for a
// spreadsheet in Dutch, which ParseTaakveldCSV reads back as well.
func (l TaakveldList) WriteCSVDialect(w io.Writer, d sheet.Dialect) error {
	cw := sheet.NewDialectWriter(w, d)
	cw.Strings(taakveldHeader...)
	for _, t := range l {
		to := sheet.Empty
		if t.ValidTo != 0 {
			to = sheet.Int(int64(t.ValidTo))
		}
		laws := make([]string, len(t.Laws))
		for i, law := range t.Laws {
			laws[i] = string(law)
		}
		cw.Row(sheet.Code(t.Code), sheet.Text(t.Name), sheet.Text(strings.Join(laws, "+")), sheet.Int(int64(t.ValidFrom)), to, sheet.Text(t.Status))
	}
	return cw.Flush()
}

// Digest is the SHA-256 of the list in its CSV form (WriteCSV), in hex:
// what an import of the list is recognised by, what the journal's
// taakvelden_imported transactions commit to, and what Verify recomputes
// from the stored list. One definition for every engine and check, since a
// digest computed two ways would make a faithful list look tampered with.
func (l TaakveldList) Digest() string {
	h := sha256.New()
	// A hash.Hash never returns an error from Write, so neither can WriteCSV.
	_ = l.WriteCSV(h)
	return hex.EncodeToString(h.Sum(nil))
}

//go:embed data/iv3-taakvelden.csv
var defaultTaakvelden string

// DefaultTaakvelden returns the code list shipped in the binary: the social
// domain's taakvelden from 2017, with the refinements of 2023 and 2025. A
// store starts with it; an admin can import a newer list.
func DefaultTaakvelden() TaakveldList {
	l, err := ParseTaakveldCSV(strings.NewReader(defaultTaakvelden))
	if err != nil {
		panic(fmt.Sprintf("the embedded taakveld list is invalid: %v", err))
	}
	return l
}

// TaakveldImport records a replacement of the code list.
type TaakveldImport struct {
	// Digest is the SHA-256 of the list as imported, in CSV form.
	Digest     string    `json:"digest"`
	Rows       int       `json:"rows"`
	Source     string    `json:"source"`
	ImportedBy string    `json:"importedBy"`
	ImportedAt time.Time `json:"importedAt"`
	// Unchanged is set when the list was already the current one.
	Unchanged bool `json:"unchanged"`
}

// MaxImportSource is the most characters of an import's source that are
// kept.
const MaxImportSource = 200

// ImportSource returns the label an import of the code list is recorded
// with: source (a file name, or what the API's caller says) trimmed, "api"
// when empty, and cut to MaxImportSource characters. It returns an EINVALID
// error naming the field source when the label is not one line of plain
// text (checkName) or holds a BSN (FindBSN): the label is stored for good
// beside the import's journal record.
func ImportSource(source string) (string, error) {
	source = strings.TrimSpace(source)
	if source == "" {
		source = "api"
	}
	if r := []rune(source); len(r) > MaxImportSource {
		source = string(r[:MaxImportSource])
	}
	var fe fieldErrors
	fe.checkName("source", source, 1, MaxImportSource)
	return source, fe.err(nounTaakveldSource)
}
