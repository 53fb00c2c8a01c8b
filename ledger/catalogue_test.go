package ledger

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCatalogue: every message has an English and a Dutch text, and both
// use exactly the parameters the entry declares, so no page falls back to
// English and no parameter is lost in either language.
func TestCatalogue(t *testing.T) {
	if len(catalogue) < 100 {
		t.Fatalf("the catalogue holds %d messages; the ledger's are not in it", len(catalogue))
	}
	codeRE := regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)
	for code, d := range catalogue {
		if !codeRE.MatchString(code.String()) {
			t.Errorf("%s: a code is lower-case words joined by dots, such as text.too_short", code)
		}
		for l, name := range []string{"English", "Dutch"} {
			text := d.text[l]
			if strings.TrimSpace(text) == "" {
				t.Errorf("%s has no %s text", code, name)
				continue
			}
			got := placeholders(text)
			if !sameSet(got, d.params) {
				t.Errorf("%s: the %s text has the placeholders %v; the entry declares %v\n%s", code, name, got, d.params, text)
			}
		}
		if len(d.params) != len(slicesCompact(d.params)) {
			t.Errorf("%s declares a parameter twice: %v", code, d.params)
		}
	}
}

func slicesCompact(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return slices.Compact(c)
}

func sameSet(a, b []string) bool {
	return slices.Equal(slicesCompact(a), slicesCompact(b))
}

// TestMessageArgs: each kind of parameter is written as the catalogue
// promises in each language; taakveld codes and years are no amounts.
func TestMessageArgs(t *testing.T) {
	d := NewDate(2026, time.March, 14)
	for _, c := range []struct {
		arg    any
		en, nl string
	}{
		{Cents(1234_50), "1234.50", "€ 1.234,50"},
		{Cents(-12_00), "-12.00", "− € 12,00"},
		{d, "2026-03-14", "14 maart 2026"},
		{Quarter(2026, 3), "2026-Q3", "3e kwartaal 2026"},
		{Month(2026, time.October), "2026-10", "oktober 2026"},
		{Ratio(3333), "33.33", "33,33"},
		{Quoted(`a "b"`), `"a \"b\""`, `“a \"b\"”`},
		{codePoint('\u202e'), "U+202E", "U+202E"},
		{LawJeugdwet, "jeugdwet", "Jeugdwet"},
		{StatusApproved, "approved", "goedgekeurd"},
		{RoleTeamlead, "teamlead", "teamleider"},
		{[]Role{RoleTeamlead, RoleManager, RoleAlderman}, "teamlead, manager or alderman", "teamleider, manager of wethouder"},
		{[]Role{}, "(none)", "(geen)"},
		{nounPayoutRequest, "payout request", "de aanvraag"},
		{"6.21, 6.23, 6.60", "6.21, 6.23, 6.60", "6.21, 6.23, 6.60"},
		{2026, "2026", "2026"},
		{PayoutID("PAY-1"), "PAY-1", "PAY-1"},
	} {
		if got := renderArg(c.arg, english); got != c.en {
			t.Errorf("%#v in English: %q; want %q", c.arg, got, c.en)
		}
		if got := renderArg(c.arg, dutch); got != c.nl {
			t.Errorf("%#v in Dutch: %q; want %q", c.arg, got, c.nl)
		}
	}
	m := Msg{Code: msgTooLong, Args: []any{120, 130}}
	if got, want := m.English(), "too long: at most 120 characters, this has 130"; got != want {
		t.Errorf("English: %q; want %q", got, want)
	}
	if got, want := m.Dutch(), "Te lang: hoogstens 120 tekens, dit zijn er 130."; got != want {
		t.Errorf("Dutch: %q; want %q", got, want)
	}
	if got, want := msgCaseRefRequired.English(), "required: use a pseudonymous case reference (letters, digits and - . _ /, no spaces, such as WIJK-2026-0042) or the zaak URL (https://…/zaken/api/v1/zaken/{uuid})"; got != want {
		t.Errorf("escaped braces: %q; want %q", got, want)
	}
}

// TestMessagesHaveCodes reads the package's source: no error a user can
// cause is built from an English sentence (Errorf, or an Error or
// FieldError with a Message or Reason of its own), and every call that
// passes a message of the catalogue passes as many parameters as the entry
// declares. So a message the pages cannot say in Dutch, or one that lacks a
// parameter, fails here rather than on a page.
func TestMessagesHaveCodes(t *testing.T) {
	checkMessageSources(t, ".", "", map[string]bool{"error.go": true, "message.go": true})
	// Package allocation splits allocations with the ledger's messages,
	// and the pages refuse what they refuse themselves with them.
	checkMessageSources(t, "../allocation", "ledger", nil)
	checkMessageSources(t, "../httpapi/web", "ledger", nil)
	// So do the documents' refusals of a period or a page.
	checkMessageSources(t, "../reports", "ledger", nil)
}

// checkMessageSources is TestMessagesHaveCodes for the Go files of dir;
// qual is how the files name package ledger ("" inside it, "ledger"
// elsewhere), and skip the files that may build errors by hand.
func checkMessageSources(t *testing.T, dir, qual string, skip map[string]bool) {
	t.Helper()
	params := catalogueParams(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, path := range files {
		base := filepath.Base(path)
		if strings.HasSuffix(base, "_test.go") || skip[base] {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ledgerName := func(e ast.Expr) string {
			switch x := e.(type) {
			case *ast.Ident:
				if qual == "" {
					return x.Name
				}
			case *ast.SelectorExpr:
				if id, ok := x.X.(*ast.Ident); ok && id.Name == qual {
					return x.Sel.Name
				}
			}
			return ""
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				if ledgerName(x.Fun) == "Errorf" {
					t.Errorf("%s: Errorf writes an English sentence the pages cannot translate; use NewError with a message of the catalogue", fset.Position(x.Pos()))
				}
				if !msgBuilders[calleeName(x.Fun)] || x.Ellipsis.IsValid() {
					// Not a builder, or a wrapper that hands its own
					// parameters on (args...).
					return true
				}
				named := false
				for i, a := range x.Args {
					name := ledgerName(a)
					p, ok := params[name]
					if !ok {
						continue
					}
					named = true
					if got := len(x.Args) - i - 1; got != p {
						t.Errorf("%s: %s takes %d parameters; %d are passed", fset.Position(a.Pos()), name, p, got)
					}
					break
				}
				if !named && calleeName(x.Fun) != "add" { // add is a common name; fieldErrors.add takes a MsgCode, which only the catalogue makes
					t.Errorf("%s: %s is given no message of the catalogue by name, so its parameters cannot be counted", fset.Position(x.Pos()), calleeName(x.Fun))
				}
			case *ast.CompositeLit:
				check := func(typ string, lit *ast.CompositeLit) {
					for _, el := range lit.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if k, ok := kv.Key.(*ast.Ident); ok && (k.Name == "Message" || k.Name == "Reason") {
								t.Errorf("%s: a %s with a %s of its own has no message code; use NewError, NewFieldError or Invalid", fset.Position(kv.Pos()), typ, k.Name)
							}
						}
					}
				}
				switch typ := x.Type.(type) {
				case *ast.ArrayType:
					// []FieldError{{Field: …, Reason: …}}: the elements
					// leave their type out.
					if ledgerName(typ.Elt) == "FieldError" {
						for _, el := range x.Elts {
							if lit, ok := el.(*ast.CompositeLit); ok && lit.Type == nil {
								check("FieldError", lit)
							}
						}
					}
				default:
					if name := ledgerName(x.Type); name == "Error" || name == "FieldError" {
						check(name, x)
					}
				}
			}
			return true
		})
	}
	if checked == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
}

// msgBuilders are the functions that take a message of the catalogue and
// then its parameters.
var msgBuilders = map[string]bool{"add": true, "NewError": true, "NewFieldError": true, "msg": true}

func calleeName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}

// catalogueParams reads catalogue.go: the number of parameters of each
// message, by the name of its variable.
func catalogueParams(t *testing.T) map[string]int {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "catalogue.go", nil, 0) // tests run in the package's directory
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, v := range vs.Values {
			call, ok := v.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				continue
			}
			if fn, ok := call.Fun.(*ast.Ident); !ok || fn.Name != "def" {
				continue
			}
			lit, ok := call.Args[1].(*ast.BasicLit)
			if !ok {
				t.Fatalf("%s: the parameters of a message are a string literal", fset.Position(call.Pos()))
			}
			s, _ := strconv.Unquote(lit.Value)
			out[vs.Names[i].Name] = len(strings.Fields(s))
		}
		return true
	})
	if len(out) != len(catalogue) {
		t.Fatalf("catalogue.go defines %d messages, the catalogue holds %d: define every message there", len(out), len(catalogue))
	}
	return out
}
