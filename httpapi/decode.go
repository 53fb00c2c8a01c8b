package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-playground/validator/v10"

	"github.com/ontschot/ontschot/ledger"
)

// MaxBody is the largest request body accepted (1 MiB).
const MaxBody = 1 << 20

// maxDepth is how deep a body may nest objects and lists. The deepest
// request (an allocation's lines, a rule table) needs four levels; a body
// nested thousands deep costs the decoders time and memory for nothing, so
// it is refused before anything else reads it.
const maxDepth = 32

// tooDeep reports whether raw nests objects and lists deeper than max,
// counting brackets outside strings in one pass, without allocating.
func tooDeep(raw []byte, max int) bool {
	depth := 0
	inString, escaped := false, false
	for _, c := range raw {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > max {
				return true
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return false
}

// validate checks the shape of request bodies by their struct tags: fields
// present, enumerations, lengths. The rules of the domain are the ledger's.
var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	return v
}

// moneyFields are the JSON fields that carry money or a fraction: a JSON
// number there is refused with a hint, because a binary float must never
// carry money.
var moneyFields = map[string]bool{"amount": true, "limit": true, "overdraftLimit": true, "regretThreshold": true, "regrettedAmount": true}

// decodeValid reads a JSON body into v and checks its struct tags.
func decodeValid(w http.ResponseWriter, r *http.Request, v any) error {
	if err := decode(w, r, v); err != nil {
		return err
	}
	return mergeFields(shapeErrors(v))
}

// decode reads a JSON body into v: declared as application/json, at most
// MaxBody, every key once, no unknown fields, one value. Every mistake is a
// problem that names the field and says what to send instead. The struct
// tags are checked by shapeErrors, so a handler can list them beside its own
// findings.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	if err := requireJSON(r); err != nil {
		return err
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		return decodeError(err)
	}
	if tooDeep(raw, maxDepth) {
		return invalid(fmt.Sprintf("the body nests objects and lists more than %d deep; no request of this API needs more than a few levels", maxDepth))
	}
	if d, found := duplicateKey(raw); found {
		return fieldsError(ledger.FieldError{Field: d.path, Reason: d.reason()})
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			// encoding/json names the field but not where it is.
			return fieldsError(ledger.FieldError{Field: unknownFieldPath(raw, reflect.TypeOf(v), strings.Trim(name, `"`)),
				Reason: "is not a field of this request; check the spelling against /api/v1/openapi.json"})
		}
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && strings.Contains(typ.Field, ".") {
			// encoding/json names "lines.amount", not which line.
			typ.Field = locateField(raw, typ.Field, typ.Value)
		}
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return decodeError(err)
		}
		return invalid("the body holds more than one JSON value; send exactly one object")
	}
	return nil
}

// isJSON reports whether a media type is JSON: application/json, or a
// structured syntax suffix +json (RFC 6839).
func isJSON(mediaType string) bool {
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

// requireJSON refuses a body that is not declared as JSON, including one
// sent without a Content-Type: a client that does not say what it sends may
// be a form post from a page elsewhere (which a browser sends without asking
// first), and a service that guesses reads what nobody meant to send.
func requireJSON(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return &httpError{code: codeMediaType, message: "the request has no Content-Type; send the body as JSON with the header Content-Type: application/json"}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || !isJSON(mt) {
		return &httpError{code: codeMediaType, message: fmt.Sprintf("the body is %s; send it as JSON with the header Content-Type: application/json", ct)}
	}
	// JSON is UTF-8 (RFC 8259); a body said to be in another encoding
	// would be read as something other than what its sender meant.
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return &httpError{code: codeMediaType, message: fmt.Sprintf("the body is said to be in %s; JSON is UTF-8: send it as UTF-8, with charset=utf-8 or no charset", cs)}
	}
	return nil
}

// duplicate is a key given twice in one object of a body.
type duplicate struct {
	path          string // where the key is, as first written ("lines[2].amount")
	first, second string // the key as written the first and the second time
}

func (d duplicate) reason() string {
	if d.first == d.second {
		return "is given twice; send each field once"
	}
	return fmt.Sprintf("is given twice, as %q and as %q: keys are matched without regard to case, so send each field once, spelt as /api/v1/openapi.json spells it", d.first, d.second)
}

// duplicateKey walks a JSON body once and returns the first key that occurs
// twice in one object, at any depth, comparing keys as encoding/json does
// when it fills struct fields: without regard to case. encoding/json itself
// lets the last one win without a word, so {"amount":"1.00","Amount":"1400.00"}
// would book 1,400.00 where whoever reads the body (a reviewer, a log, a
// filter in front of the service) sees 1.00. A body that is not valid JSON
// is left to the decoder, whose errors say what is wrong.
//
// The walk keeps its own stack rather than recursing, so a deeply nested
// body costs memory in proportion to its size, never goroutine stack.
func duplicateKey(raw []byte) (duplicate, bool) {
	type frame struct {
		path    string
		object  bool
		seen    map[string]string // object: folded key -> the key as first written
		wantKey bool              // object: the next token is a key or the end
		valPath string            // object: the path of the value being read
		index   int               // array: the index of the next element
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return duplicate{}, false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		end := tok == json.Delim('}') || tok == json.Delim(']')
		if top != nil && top.object && top.wantKey && !end {
			key, _ := tok.(string)
			fold := foldKey(key)
			if first, ok := top.seen[fold]; ok {
				return duplicate{path: joinPath(top.path, first), first: first, second: key}, true
			}
			top.seen[fold] = key
			top.wantKey, top.valPath = false, joinPath(top.path, key)
			continue
		}
		if end {
			stack = stack[:len(stack)-1]
		} else {
			path := ""
			if top != nil && top.object {
				path = top.valPath
			} else if top != nil {
				path = top.path + "[" + strconv.Itoa(top.index) + "]"
				top.index++
			}
			switch tok {
			case json.Delim('{'):
				stack = append(stack, &frame{path: path, object: true, seen: map[string]string{}, wantKey: true})
				continue
			case json.Delim('['):
				stack = append(stack, &frame{path: path})
				continue
			}
		}
		// A value is complete: a scalar, or an object or array just ended.
		if len(stack) == 0 {
			return duplicate{}, false
		}
		if top := stack[len(stack)-1]; top.object {
			top.wantKey = true
		}
	}
}

// foldKey folds a key as encoding/json does when it matches a key to a
// struct field (bytes.EqualFold: each rune to upper case of its lower case),
// so two keys fold alike exactly when encoding/json would fill one field
// from both; "amount", "Amount", "AMOUNT" and "amoUnt" all fill Amount.
func foldKey(k string) string {
	var b strings.Builder
	for _, r := range k {
		b.WriteRune(unicode.ToUpper(unicode.ToLower(r)))
	}
	return b.String()
}

// joinPath appends a key to the path of the object that holds it.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// decodeError explains a JSON decoding failure.
func decodeError(err error) error {
	var mbe *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return &httpError{code: codeTooLarge, message: fmt.Sprintf("the body is larger than %d bytes; send less", MaxBody)}
	case errors.Is(err, io.EOF):
		return invalid("a JSON body is required")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("the JSON body ends too early; check for a missing closing brace or quote")
	case errors.As(err, &syn):
		return invalid(fmt.Sprintf("the body is not valid JSON (at byte %d: %s); check the quotes, commas and braces", syn.Offset, syn.Error()))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return invalid(fmt.Sprintf("the body must be a JSON object, not a %s", typ.Value))
		}
		last := field[strings.LastIndex(field, ".")+1:]
		reason := fmt.Sprintf("must be %s, not a %s", describeKind(typ.Type), typ.Value)
		if moneyFields[last] {
			reason = fmt.Sprintf("must be a decimal string such as \"125.50\", not a %s: money never travels as a JSON number", typ.Value)
		}
		return fieldsError(ledger.FieldError{Field: field, Reason: reason})
	}
	return invalid("the body could not be read as JSON: " + err.Error())
}

func describeKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "an object"
	}
	return "a " + t.Kind().String()
}

// shapeErrors checks v's struct tags and returns the fields at fault.
func shapeErrors(v any) []ledger.FieldError {
	var ves validator.ValidationErrors
	if err := validate.Struct(v); !errors.As(err, &ves) {
		return nil
	}
	fields := make([]ledger.FieldError, 0, len(ves))
	for _, fe := range ves {
		name := fe.Namespace()
		if _, rest, ok := strings.Cut(name, "."); ok {
			name = rest // drop the struct's own name
		}
		var reason string
		switch fe.Tag() {
		case "required":
			reason = "required"
		case "oneof":
			reason = "must be one of: " + strings.ReplaceAll(fe.Param(), " ", ", ")
		case "max":
			reason = "at most " + fe.Param() + " " + unit(fe)
		case "min":
			reason = "at least " + fe.Param() + " " + unit(fe)
		default:
			reason = "is not valid (" + fe.Tag() + ")"
		}
		fields = append(fields, ledger.FieldError{Field: name, Reason: reason})
	}
	return fields
}

func unit(fe validator.FieldError) string {
	switch fe.Kind() {
	case reflect.String:
		return "characters"
	case reflect.Slice:
		return "items"
	}
	return ""
}

// invalid is a 400 without a particular field.
func invalid(msg string) error { return &ledger.Error{Code: ledger.EINVALID, Message: msg} }

// fieldsError is a 400 naming the fields at fault.
func fieldsError(fields ...ledger.FieldError) error {
	return &ledger.Error{Code: ledger.EINVALID, Message: invalidDetail(fields), Fields: fields}
}

// invalidDetail is the detail of a problem that lists the fields at fault.
func invalidDetail(fields []ledger.FieldError) string {
	if len(fields) == 1 {
		return "The request is not valid; correct " + fields[0].Field + " and try again"
	}
	return "The request is not valid; correct the fields listed and try again"
}

// fieldCollector gathers field errors while a body is turned into a ledger
// request, so one answer lists every mistake.
type fieldCollector []ledger.FieldError

func (c *fieldCollector) add(field string, err error) {
	if err == nil {
		return
	}
	var le *ledger.Error
	if errors.As(err, &le) {
		if len(le.Fields) > 0 {
			for _, f := range le.Fields {
				*c = append(*c, ledger.FieldError{Field: field + "." + f.Field, Reason: f.Reason})
			}
			return
		}
		*c = append(*c, ledger.FieldError{Field: field, Reason: le.Message})
		return
	}
	*c = append(*c, ledger.FieldError{Field: field, Reason: err.Error()})
}

// merge returns an EINVALID with the collected fields and those of err (a
// domain validation of the same request), each field once, or nil.
func (c fieldCollector) merge(err error) error {
	return mergeFields(c, domainFields(err))
}

// domainFields returns the fields of a domain EINVALID.
func domainFields(err error) []ledger.FieldError {
	var le *ledger.Error
	if errors.As(err, &le) && le.Code == ledger.EINVALID {
		return le.Fields
	}
	return nil
}

// mergeFields returns an EINVALID listing the fields of the lists, each
// field once with the reason of the first list that names it (so put the
// most specific first), or nil when there are none.
func mergeFields(lists ...[]ledger.FieldError) error {
	var fields []ledger.FieldError
	seen := map[string]bool{}
	for _, list := range lists {
		for _, f := range list {
			if !seen[f.Field] {
				fields = append(fields, f)
				seen[f.Field] = true
			}
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return fieldsError(fields...)
}

// query checks a request's query keys against those the route knows and
// returns the values. An unknown key is refused, so a misspelt filter does
// not silently list everything.
func query(r *http.Request, known ...string) (url.Values, error) {
	q := r.URL.Query()
	var unknown []string
	for k := range q {
		ok := false
		for _, kn := range known {
			ok = ok || k == kn
		}
		if !ok {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		fields := make([]ledger.FieldError, len(unknown))
		for i, k := range unknown {
			reason := "is not a query key of this route; it takes " + strings.Join(known, ", ")
			if len(known) == 0 {
				reason = "is not a query key of this route, which takes none; leave it out"
			}
			fields[i] = ledger.FieldError{Field: k, Reason: reason}
		}
		return nil, fieldsError(fields...)
	}
	for k, vs := range q {
		if len(vs) > 1 {
			return nil, fieldsError(ledger.FieldError{Field: k, Reason: "is given more than once"})
		}
	}
	return q, nil
}

// intParam parses an optional integer query value.
func intParam(q url.Values, key string, c *fieldCollector) int64 {
	s := q.Get(key)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		*c = append(*c, ledger.FieldError{Field: key, Reason: fmt.Sprintf("%q is not a whole number of 0 or more", s)})
	}
	return n
}

// dateParam parses an optional date query value.
func dateParam(q url.Values, key string, c *fieldCollector) ledger.Date {
	s := q.Get(key)
	if s == "" {
		return ledger.Date{}
	}
	d, err := ledger.ParseDate(s)
	c.add(key, err)
	return d
}

// unknownFieldPath finds where in the body the unknown field name is, by
// walking the JSON beside the struct type it was decoded into
// ("justification.diagnosis"). Without a better answer it returns name.
func unknownFieldPath(raw []byte, t reflect.Type, name string) string {
	var doc any
	if json.Unmarshal(raw, &doc) != nil {
		return name
	}
	if path, ok := findUnknown(doc, t, ""); ok {
		return path
	}
	return name
}

func findUnknown(doc any, t reflect.Type, prefix string) (string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch v := doc.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return "", false
		}
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if n == "" {
				n = f.Name
			}
			fields[strings.ToLower(n)] = f.Type
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ft, ok := fields[strings.ToLower(k)]
			if !ok {
				return prefix + k, true
			}
			if path, found := findUnknown(v[k], ft, prefix+k+"."); found {
				return path, true
			}
		}
	case []any:
		if t.Kind() != reflect.Slice {
			return "", false
		}
		for i, e := range v {
			if path, found := findUnknown(e, t.Elem(), strings.TrimSuffix(prefix, ".")+"["+strconv.Itoa(i)+"]."); found {
				return path, true
			}
		}
	}
	return "", false
}

// locateField finds, in the JSON body, the first value at the dotted path
// whose JSON type is kind (as encoding/json names it: "number", "string",
// "bool", "object", "array"), and returns its path with list indexes
// ("lines[2].amount"). Without a better answer it returns path.
func locateField(raw []byte, path, kind string) string {
	var doc any
	if json.Unmarshal(raw, &doc) != nil {
		return path
	}
	if found, ok := findKind(doc, strings.Split(path, "."), "", kind); ok {
		return found
	}
	return path
}

func findKind(v any, names []string, prefix, kind string) (string, bool) {
	if len(names) == 0 && strings.HasPrefix(kind, jsonKind(v)) {
		return prefix, true
	}
	if arr, ok := v.([]any); ok {
		for i, e := range arr {
			if p, ok := findKind(e, names, prefix+"["+strconv.Itoa(i)+"]", kind); ok {
				return p, true
			}
		}
		return "", false
	}
	if len(names) == 0 {
		return "", false
	}
	m, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	child, ok := m[names[0]]
	if !ok {
		return "", false
	}
	next := names[0]
	if prefix != "" {
		next = prefix + "." + names[0]
	}
	return findKind(child, names[1:], next, kind)
}

func jsonKind(v any) string {
	switch v.(type) {
	case float64:
		return "number"
	case string:
		return "string"
	case bool:
		return "bool"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return "null"
}
