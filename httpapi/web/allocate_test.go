package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// optionsOf returns the values of a select's options, the empty one left
// out.
func optionsOf(t *testing.T, body, id string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<select id="` + regexp.QuoteMeta(id) + `"[^>]*>(.*?)</select>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no select %s in the page", id)
	}
	var out []string
	for _, o := range regexp.MustCompile(`<option value="([^"]*)"`).FindAllStringSubmatch(m[1], -1) {
		if o[1] != "" {
			out = append(out, o[1])
		}
	}
	return out
}

// TestAllocationFormSaysEverything: the allocation form shows every
// mistake at once, each beside its field; amounts above the payout are
// said above the lines and linked from the summary; a percentage above 100
// says so; a row's taakveld list holds the codes of its law in the booking
// year.
func TestAllocationFormSaysEverything(t *testing.T) {
	e := newEnv(t, finance, caseworker)
	p := e.approved(1000_00)
	b := e.browser(t)
	b.signIn(finance)
	path := "/financien/toerekenen/" + string(p.ID)

	t.Run("a wrong law's taakveld and a party line without a party, at once", func(t *testing.T) {
		v := url.Values{
			"lines[0].target": {"jeugdwet"}, "lines[0].taakveld": {"6.711"}, "lines[0].amount": {"600"},
			"lines[1].target": {"party"}, "lines[1].amount": {"100"},
		}
		got := wantStatus(t, b.submit(path, path, v), http.StatusBadRequest)
		wantText(t, got, "Er zijn 2 velden niet goed ingevuld", `href="#lines-0-taakveld"`, `href="#lines-1-party"`)
		if msg := fieldError(got, "lines-0-taakveld"); !strings.Contains(msg, "hoort bij de Wmo 2015, niet bij de Jeugdwet") || !strings.Contains(msg, "6.751") {
			t.Errorf("beside the taakveld: %q", msg)
		}
		if msg := fieldError(got, "lines-1-party"); !strings.Contains(msg, "Kies de partij") {
			t.Errorf("beside the party: %q", msg)
		}
	})

	t.Run("amounts above the payout: above the lines, linked", func(t *testing.T) {
		v := url.Values{
			"lines[0].target": {"maatwerk"}, "lines[0].amount": {"800"},
			"lines[1].target": {"wmo"}, "lines[1].taakveld": {"6.714"}, "lines[1].amount": {"500"},
		}
		got := wantStatus(t, b.submit(path, path, v), http.StatusBadRequest)
		want := "De bedragen tellen op tot € 1.300,00, dat is € 300,00 meer dan de uitbetaling van € 1.000,00; verlaag ze tot samen hoogstens € 1.000,00."
		if msg := fieldError(got, "lines"); msg != want {
			t.Errorf("above the lines: %q; want %q", msg, want)
		}
		wantText(t, got, `<a href="#lines">Regels: `+want)
		if strings.Contains(got.Body, ";;") {
			t.Error("the page has a doubled semicolon")
		}
	})

	t.Run("a percentage above 100 says so", func(t *testing.T) {
		v := url.Values{"lines[0].target": {"maatwerk"}, "lines[0].percent": {"150"}, "lines[1].target": {"wmo"}, "lines[1].taakveld": {"6.714"}, "lines[1].percent": {"33,333"}}
		got := wantStatus(t, b.submit(path, path, v), http.StatusBadRequest)
		if msg := fieldError(got, "lines-0-percent"); !strings.Contains(msg, "“150” is meer dan 100%") {
			t.Errorf("150%%: %q", msg)
		}
		if msg := fieldError(got, "lines-1-percent"); !strings.Contains(msg, "“33,333” heeft er 3") {
			t.Errorf("33,333%%: %q", msg)
		}
	})

	t.Run("a row's taakvelden are those of its law and year", func(t *testing.T) {
		// The form comes filled in with the suggestion: the Wgs, 6.3.
		f := wantStatus(t, b.get(path), http.StatusOK)
		if got := optionsOf(t, f.Body, "lines-0-taakveld"); !slices.Equal(got, []string{"6.3"}) {
			t.Errorf("a Wgs line offers %v; want the Wgs codes of 2026: [6.3]", got)
		}
		// A row without a target offers every code of the year; the page's
		// script narrows it when a law is chosen, from the codes it holds
		// with their laws.
		empty := optionsOf(t, f.Body, "lines-2-taakveld")
		if len(empty) != 26 || slices.Contains(empty, "6.6") || slices.Contains(empty, "6.71a") {
			t.Errorf("an empty row offers %v; want the 26 codes of 2026", empty)
		}
		wantText(t, f, `<option value="6.23" data-laws="wmo jeugdwet">`)
		// A line shown again keeps the code it was given, even one of
		// another law, beside the message.
		got := wantStatus(t, b.submit(path, path, url.Values{"lines[0].target": {"jeugdwet"}, "lines[0].taakveld": {"6.711"}, "lines[0].amount": {"10"}}), http.StatusBadRequest)
		codes := optionsOf(t, got.Body, "lines-0-taakveld")
		if !slices.Contains(codes, "6.711") || !slices.Contains(codes, "6.751") || slices.Contains(codes, "6.712") {
			t.Errorf("a Jeugdwet line with 6.711 offers %v", codes)
		}
		for _, target := range []string{"party", "maatwerk"} {
			got := wantStatus(t, b.submit(path, path, url.Values{"lines[0].target": {target}, "lines[0].amount": {"1.000,00"}, "note": {"x"}}), http.StatusBadRequest)
			if codes := optionsOf(t, got.Body, "lines-0-taakveld"); len(codes) != 0 {
				t.Errorf("a %s line offers taakvelden %v", target, codes)
			}
		}
	})
}
