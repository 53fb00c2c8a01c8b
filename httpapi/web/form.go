package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// form is a posted form as a page shows it again: what was typed, and a
// Dutch message for each field at fault.
type form struct {
	Values  map[string]string
	Errors  map[string]string
	Summary string
	// order names the fields in the order the page shows them, for the
	// error summary.
	order []string
}

// newForm reads a posted form. A nil request gives an empty form.
func newForm(r *http.Request, order ...string) *form {
	f := &form{Values: map[string]string{}, Errors: map[string]string{}, order: order}
	if r == nil {
		return f
	}
	_ = r.ParseForm()
	for k, vs := range r.PostForm {
		if k == "csrf" {
			continue
		}
		f.Values[k] = strings.Join(vs, "\n")
	}
	return f
}

// keyed gives a new form a key: a form sent twice (a double click, a
// reload) books once.
func (f *form) keyed() *form {
	f.Values["sleutel"] = ledger.NewCSRFToken()
	return f
}

// refusedStatus is the status of a form shown again after the ledger
// refused it: 400 when the input was at fault (EINVALID, or ENOTFOUND for
// something the form named, such as a party or a pot that does not
// exist), as when the page's own checks refuse it; 409 when the input was
// right but the state of things refused it (no money left, a closed
// period, a mandate).
func refusedStatus(err error) int {
	switch ledger.ErrorCode(err) {
	case ledger.EINVALID, ledger.ENOTFOUND:
		return http.StatusBadRequest
	}
	return http.StatusConflict
}

// refuse records why the ledger refused the form: each field's message
// beside it (named by where, when the page's fields are named otherwise),
// the rest at the top. A key that already booked something else is
// replaced, so the form, kept as typed, can be sent again as a new one.
// An internal error is no refusal: refuse returns it, for the page to
// fail with.
func (f *form) refuse(err error, where func(string) string) error {
	if ledger.ErrorCode(err) == ledger.EINTERNAL {
		return err
	}
	if ledger.ErrorCode(err) == ledger.EIDEMPOTENCY {
		f.keyed()
	}
	fields := fieldMessages(err)
	for field, m := range fields {
		if where != nil {
			field = where(field)
		}
		if field == "" {
			f.Summary = m
			continue
		}
		if field == "Idempotency-Key" {
			// The form's hidden key, which the ledger refused (it holds a
			// BSN): nobody can correct it, so the form gets a new one.
			f.keyed()
			f.Summary = "De sleutel van dit formulier kon niet worden gebruikt; er is een nieuwe gemaakt. Verstuur het formulier opnieuw."
			continue
		}
		f.Fail(field, m)
	}
	if len(fields) == 0 {
		f.Summary = dutchMessage(err)
	}
	return nil
}

// Get returns what was typed in a field.
func (f *form) Get(field string) string { return f.Values[field] }

// GetList returns the values of a field that was given several times.
func (f *form) GetList(field string) []string {
	if v := f.Values[field]; v != "" {
		return strings.Split(v, "\n")
	}
	return nil
}

// Is reports whether a field holds the value (for radio buttons and
// options).
func (f *form) Is(field, value string) bool { return f.Values[field] == value }

// Err returns the message of a field at fault.
func (f *form) Err(field string) string { return f.Errors[field] }

// Fail records a message for a field (the first one stays).
func (f *form) Fail(field, message string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = message
	}
}

// Failed reports whether the form has faults.
func (f *form) Failed() bool { return len(f.Errors) > 0 || f.Summary != "" }

// summaryLine links to a field at fault: the summary names the field, the
// message beside the field does not need to.
type summaryLine struct{ Field, Label, Message string }

// fieldLabels name the forms' fields in Dutch, for the error summary.
var fieldLabels = map[string]string{
	"potId": "Pot", "amount": "Bedrag", "category": "Categorie", "urgency": "Spoed", "caseRef": "Zaaknummer",
	"residentUnder18": "Jonger dan 18", "paidTo": "Ontvanger", "spendingBound": "Gebonden besteding",
	"payee.name": "Naam van de rekeninghouder", "payee.iban": "IBAN", "payee.reference": "Betalingskenmerk",
	"justification.situation": "De situatie", "justification.severity": "Ernst",
	"justification.residentInvolvement": "Wat doet de inwoner zelf", "justification.expectedReturn": "Wat levert het op",
	"justification.deviatesFrom": "Afwijkingen", "justification.regularRouteTried": "Gewone route",
	"justification.stuckSince": "Vastgelopen sinds", "decision": "Besluit", "note": "Toelichting", "outcome": "Uitkomst",
	"regrettedAmount": "Betreurd bedrag", "period": "Periode", "confirm": "Bevestiging", "executionDate": "Uitvoeringsdatum",
	"valueDate": "Ontvangen op", "reference": "Kenmerk", "lines": "Regels",
	"file": "Bestand van de bank",
}

// lineLabels name the allocation rows' fields.
var lineLabels = map[string]string{"target": "naar", "taakveld": "taakveld", "economicCategory": "economische categorie",
	"party": "partij", "amount": "bedrag", "percent": "percentage"}

// labelOf names a field for the summary.
func labelOf(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	if rest, ok := strings.CutPrefix(field, "lines["); ok {
		n, name, _ := strings.Cut(rest, "].")
		if i, err := strconv.Atoi(n); err == nil {
			return "Regel " + strconv.Itoa(i+1) + ", " + lineLabels[name]
		}
	}
	return ""
}

// Faults lists the fields at fault in page order, for the summary.
func (f *form) Faults() []summaryLine {
	var out []summaryLine
	seen := map[string]bool{}
	for _, field := range f.order {
		if m, ok := f.Errors[field]; ok {
			out = append(out, summaryLine{field, labelOf(field), m})
			seen[field] = true
		}
	}
	var rest []string
	for field := range f.Errors {
		if !seen[field] {
			rest = append(rest, field)
		}
	}
	sort.Strings(rest)
	for _, field := range rest {
		out = append(out, summaryLine{field, labelOf(field), f.Errors[field]})
	}
	return out
}

// ID makes a field name fit for an HTML id ("justification.situation"
// becomes "justification-situation").
func (f *form) ID(field string) string { return fieldID(field) }

func fieldID(field string) string {
	r := strings.NewReplacer(".", "-", "[", "-", "]", "")
	return r.Replace(field)
}
