package ledger

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The canonical form of what idempotency keeps: a request's fingerprint and
// the answer a retry gets back. Like the journal's (Transaction.Canonical),
// it is a small line format written field by field, with names fixed here:
//
//	ontschot-answer-v1 partner
//	id "PRT-…"
//	name "Zilveren Kruis"
//	createdAt 2026-03-02T09:00:00.000000Z
//
// so renaming a Go field or a JSON tag changes neither a stored fingerprint
// nor how a stored answer reads back, and a field an old answer lacks is an
// error, never a silent zero. A type changes its form by taking a new
// version, and keeps reading the old one.

// canonWriter writes a canonical form.
type canonWriter struct{ b []byte }

// newCanon starts the form of a kind ("request", "answer") of a type, in a
// version.
func newCanon(kind, typ string, version int) *canonWriter {
	c := &canonWriter{b: make([]byte, 0, 256)}
	c.b = fmt.Appendf(c.b, "ontschot-%s-v%d %s\n", kind, version, typ)
	return c
}

func (c *canonWriter) line(name, value string) {
	c.b = append(c.b, name...)
	c.b = append(c.b, ' ')
	c.b = append(c.b, value...)
	c.b = append(c.b, '\n')
}

func (c *canonWriter) str(name, v string)         { c.line(name, strconv.Quote(v)) }
func (c *canonWriter) int(name string, v int64)   { c.line(name, strconv.FormatInt(v, 10)) }
func (c *canonWriter) cents(name string, v Cents) { c.int(name, int64(v)) }
func (c *canonWriter) bool(name string, v bool)   { c.line(name, strconv.FormatBool(v)) }
func (c *canonWriter) date(name string, v Date)   { c.str(name, v.String()) }

func (c *canonWriter) time(name string, v time.Time) {
	if v.IsZero() {
		c.str(name, "")
		return
	}
	c.str(name, v.UTC().Format(TimeLayout))
}

// strs writes a list as its length and then its items.
func (c *canonWriter) strs(name string, vs []string) {
	c.int(name, int64(len(vs)))
	for _, v := range vs {
		c.str(name+"[]", v)
	}
}

// canonReader reads a canonical form field by field, in the order it was
// written; the first field that is missing or malformed is its error.
type canonReader struct {
	lines []string
	err   error
}

// readCanon reads the header of a form and returns its version.
func readCanon(text, kind, typ string) (*canonReader, int, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	head := lines[0]
	prefix := "ontschot-" + kind + "-v"
	rest, ok := strings.CutPrefix(head, prefix)
	if !ok {
		return nil, 0, fmt.Errorf("not a canonical %s", kind)
	}
	v, t, _ := strings.Cut(rest, " ")
	version, err := strconv.Atoi(v)
	if err != nil || t != typ {
		return nil, 0, fmt.Errorf("a canonical %s of %q (version %q), not of %q", kind, t, v, typ)
	}
	return &canonReader{lines: lines[1:]}, version, nil
}

// next returns the value of the next field, which must be name.
func (r *canonReader) next(name string) string {
	if r.err != nil {
		return ""
	}
	if len(r.lines) == 0 {
		r.err = fmt.Errorf("field %s is missing", name)
		return ""
	}
	n, v, _ := strings.Cut(r.lines[0], " ")
	if n != name {
		r.err = fmt.Errorf("field %s expected, found %s", name, n)
		return ""
	}
	r.lines = r.lines[1:]
	return v
}

func (r *canonReader) str(name string) string {
	v := r.next(name)
	if r.err != nil {
		return ""
	}
	s, err := strconv.Unquote(v)
	if err != nil {
		r.err = fmt.Errorf("field %s: %w", name, err)
	}
	return s
}

func (r *canonReader) int(name string) int64 {
	v := r.next(name)
	if r.err != nil {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		r.err = fmt.Errorf("field %s: %w", name, err)
	}
	return n
}

func (r *canonReader) cents(name string) Cents { return Cents(r.int(name)) }

func (r *canonReader) bool(name string) bool {
	v := r.next(name)
	if r.err != nil {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.err = fmt.Errorf("field %s: %w", name, err)
	}
	return b
}

func (r *canonReader) date(name string) Date {
	s := r.str(name)
	if r.err != nil || s == "" {
		return Date{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		r.err = fmt.Errorf("field %s: %w", name, err)
		return Date{}
	}
	return NewDate(t.Date())
}

func (r *canonReader) time(name string) time.Time {
	s := r.str(name)
	if r.err != nil || s == "" {
		return time.Time{}
	}
	t, err := time.Parse(TimeLayout, s)
	if err != nil {
		r.err = fmt.Errorf("field %s: %w", name, err)
	}
	return t
}

// count reads the length of a list, which cannot be longer than the lines
// left (each item takes at least one).
func (r *canonReader) count(name string) int {
	n := r.int(name)
	if r.err != nil {
		return 0
	}
	if n < 0 || n > int64(len(r.lines)) {
		r.err = fmt.Errorf("field %s: %d items, but %d lines are left", name, n, len(r.lines))
		return 0
	}
	return int(n)
}

// end reports the first error, or fields left over.
func (r *canonReader) end() error {
	if r.err == nil && len(r.lines) > 0 {
		n, _, _ := strings.Cut(r.lines[0], " ")
		r.err = fmt.Errorf("field %s is not part of the form", n)
	}
	return r.err
}
