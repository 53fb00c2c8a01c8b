package ledger_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
)

// TestTaakveldCSVFromADutchSpreadsheet: the code list as a spreadsheet in
// Dutch saves it (semicolons, a byte order mark, CRLF, Windows-1252 when
// "CSV" rather than "CSV UTF-8" is chosen) is read as the comma-separated
// one, and the list written in the Dutch dialect reads back the same.
func TestTaakveldCSVFromADutchSpreadsheet(t *testing.T) {
	list := ledger.DefaultTaakvelden()
	var nl bytes.Buffer
	if err := list.WriteCSVDialect(&nl, sheet.Dutch); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(nl.String(), "\ufeffcode;name;law;valid_from;valid_to;status\n") {
		t.Fatalf("the Dutch dialect begins %q", nl.String()[:60])
	}
	// A Dutch spreadsheet reads 6.751 as the number 6751: the codes are
	// written as text formulas there.
	if !strings.Contains(nl.String(), "\n\"=\"\"6.751\"\"\";") {
		t.Errorf("the Dutch dialect does not write taakveld 6.751 as text:\n%.300s", nl.String())
	}
	back, err := ledger.ParseTaakveldCSV(&nl)
	if err != nil {
		t.Fatalf("the list in the Dutch dialect does not read back: %v", err)
	}
	if back.Digest() != list.Digest() {
		t.Fatal("the list in the Dutch dialect reads back as another list")
	}

	saved := "\ufeffcode;name;law;valid_from;valid_to;status\r\n" +
		"6.1;Samenkracht en burgerparticipatie;wmo+jeugdwet;2017;;verified\r\n" +
		"6.3;\"Inkomensregelingen; bijzondere bijstand\";participatiewet;2017;;verified\r\n"
	for name, in := range map[string]string{
		"UTF-8":        saved,
		"Windows-1252": strings.ReplaceAll(strings.TrimPrefix(saved, "\ufeff"), "Samenkracht", "Co\xf6rdinatie"),
	} {
		got, err := ledger.ParseTaakveldCSV(strings.NewReader(in))
		if err != nil {
			t.Fatalf("%s: a semicolon-separated list is refused: %v", name, err)
		}
		if len(got) != 2 || got[1].Name != "Inkomensregelingen; bijzondere bijstand" || len(got[0].Laws) != 2 {
			t.Fatalf("%s: read %+v", name, got)
		}
		if name == "Windows-1252" && got[0].Name != "Coördinatie en burgerparticipatie" {
			t.Errorf("Windows-1252: the name reads %q", got[0].Name)
		}
	}
}

// TestTaakveldCSVFieldCount: a line with too many or too few fields is
// refused naming its line and the separator the file was read with, in
// English and in Dutch; so is a header that is not the list's.
func TestTaakveldCSVFieldCount(t *testing.T) {
	tests := []struct {
		name, in, english, dutch string
	}{
		{"semicolons, a field short", "code;name;law;valid_from;valid_to;status\n6.1;Samenkracht;wmo;2017;verified\n",
			"line 2 of the taakveld list has 5 fields separated by semicolons (;); it must have 6, as the first line has: code;name;law;valid_from;valid_to;status",
			"Regel 2 van de taakveldenlijst heeft 5 velden, gescheiden door puntkomma's (;); dat moeten er 6 zijn, zoals in de eerste regel: code;name;law;valid_from;valid_to;status."},
		{"commas, a name with a comma unquoted", "code,name,law,valid_from,valid_to,status\n6.1,Samenkracht,burgerparticipatie,wmo,2017,,verified\n",
			"line 2 of the taakveld list has 7 fields separated by commas (,)",
			"Regel 2 van de taakveldenlijst heeft 7 velden, gescheiden door komma's (,)"},
		{"a header of another list", "code;naam;wet\n",
			`the first line of the taakveld list is "code;naam;wet"; it must be code;name;law;valid_from;valid_to;status`,
			"De eerste regel van de taakveldenlijst is “code;naam;wet”; die moet code;name;law;valid_from;valid_to;status zijn."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ledger.ParseTaakveldCSV(strings.NewReader(tt.in))
			var e *ledger.Error
			if !errors.As(err, &e) || e.Code != ledger.EINVALID {
				t.Fatalf("err = %v; want EINVALID", err)
			}
			if !strings.Contains(e.Message, tt.english) {
				t.Errorf("English: %q\nwant it to hold %q", e.Message, tt.english)
			}
			if !strings.Contains(e.Dutch(), tt.dutch) {
				t.Errorf("Dutch: %q\nwant it to hold %q", e.Dutch(), tt.dutch)
			}
		})
	}
}
