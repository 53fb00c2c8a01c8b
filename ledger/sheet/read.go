package sheet

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Reader reads a CSV file as a person saves it from a spreadsheet, in
// either dialect: separated by commas or by semicolons (what Excel and
// LibreOffice in Dutch write), with or without a byte order mark, in UTF-8
// or in Windows-1252 (what Excel in Dutch writes when "CSV" is chosen
// rather than "CSV UTF-8"). It is an encoding/csv Reader whose Comma is set
// to the separator of the file's first line; FieldsPerRecord and the rest
// are the caller's to set.
type Reader struct {
	*csv.Reader
	// Dialect is the dialect whose separator the first line has: Dutch
	// for semicolons. Only the separator is read from the file; numbers
	// are the caller's to read.
	Dialect Dialect
	// Windows1252 reports that the file was not UTF-8 and was read as
	// Windows-1252.
	Windows1252 bool
}

// NewReader reads all of r (a code list, a small file) and returns a Reader
// of it. The separator is the one of "," and ";" that the first line holds
// more of outside quotes (a comma when neither). A file that is not valid
// UTF-8 is read as Windows-1252, the only other encoding a spreadsheet
// saves CSV in here: every byte is a character there, so a file in another
// encoding would be misread rather than refused, but such a file is refused
// today as not UTF-8 and is not what spreadsheets write. The error is r's.
func NewReader(r io.Reader) (*Reader, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	out := &Reader{}
	if !utf8.Valid(b) {
		if b, err = charmap.Windows1252.NewDecoder().Bytes(b); err != nil {
			return nil, err
		}
		out.Windows1252 = true
	}
	b = bytes.TrimPrefix(b, []byte(bom))
	if separator(b) == ';' {
		out.Dialect = Dutch
	}
	out.Reader = csv.NewReader(bytes.NewReader(b))
	out.Comma = rune(out.Dialect.Comma())
	return out, nil
}

// separator is the separator of a file's first line: ';' when it holds more
// semicolons than commas outside quoted fields, ',' otherwise.
func separator(b []byte) byte {
	commas, semicolons, quoted := 0, 0, false
	for _, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			if semicolons > commas {
				return ';'
			}
			return ','
		case c == ',':
			commas++
		case c == ';':
			semicolons++
		}
	}
	if semicolons > commas {
		return ';'
	}
	return ','
}

// CodeValue reads a field that holds a code (see Code): the Dutch
// dialect's text formula ="6.751" is read as 6.751; any other field,
// including a formula that is not a plain code, is returned as it is, for
// the caller's own checks to refuse.
func CodeValue(field string) string {
	s := strings.TrimSpace(field)
	if inner, ok := strings.CutPrefix(s, `="`); ok {
		if inner, ok = strings.CutSuffix(inner, `"`); ok && code.MatchString(inner) {
			return inner
		}
	}
	return field
}
