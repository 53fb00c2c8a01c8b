package ledger

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A message a user can cause is not a sentence but a code and its
// parameters: the catalogue (catalogue.go) holds, for every code, an English
// template (the API's detail and invalidParams[].reason) and a Dutch one (the
// pages). Before the catalogue the ledger wrote English sentences and the
// pages translated them back with regular expressions, so rewording a
// sentence silently dropped a page to English, and every number with two
// decimals became an amount (taakveld 6.21 was shown as "6,21").
//
// A template names its parameters in braces ("too short: write at least
// {min} characters"); the parameters are passed in the order the catalogue
// declares them, and each is written by its Go type, in the language at
// hand:
//
//   - Cents: an amount, "125.50" in English and "€ 125,50" in Dutch;
//   - Date: "2026-03-14" and "14 maart 2026";
//   - Period: its label ("2026-Q3") and its Dutch name ("3e kwartaal 2026");
//   - Ratio: a percentage without its sign, "33.33" and "33,33";
//   - Quoted: what the user sent, quoted: "\"abc\"" (as Go's %q) and “abc”;
//   - Law, Target, Status, Role, EvalOutcome: the code in English, the
//     Dutch label in Dutch (the API keeps its codes; people read words);
//   - MandateLevel: "teamlead up to 5000.00" and "teamleider tot € 5.000,00";
//   - []Role: the roles joined with "or" and "of"; []Law with "and" and "en";
//   - lineIndex: a line's place, counted from 0 as the API names lines
//     ("lines[0]") and from 1 in Dutch, as the form shows them;
//   - yearSpans: the years a taakveld is valid in;
//   - categoryList: the categories by code in English, by Dutch label in
//     Dutch;
//   - MsgCode: a phrase of the catalogue (a noun such as "payout request"),
//     written in the same language;
//   - codePoint: a character as U+202E in both;
//   - anything else (a string, an int, an id): as fmt.Sprint writes it, in
//     both languages. Codes, names and numbers that are not amounts (a
//     taakveld 6.21, a year) are written as they are.
//
// "{{" and "}}" write a brace.

// MsgCode names one message of the catalogue, such as "text.too_short". Codes
// are stable: they may be stored and compared; the English and Dutch texts
// may be reworded. Only the catalogue makes codes (a string is no MsgCode),
// so no message can be written without an entry.
type MsgCode struct{ name string }

// String is the code as written: "text.too_short".
func (c MsgCode) String() string { return c.name }

// Msg is a message of the catalogue with its parameters, in the order the
// catalogue declares them.
type Msg struct {
	Code MsgCode
	Args []any
}

// msg is the catalogue's message m with its parameters.
func msg(m MsgCode, args ...any) Msg { return Msg{Code: m, Args: args} }

// English is the message in English, as the API writes it.
func (m Msg) English() string { return m.render(english) }

// Dutch is the message in Dutch, as the pages write it.
func (m Msg) Dutch() string { return m.render(dutch) }

// IsZero reports whether m is no message: an error built without a code
// (Errorf, or a package outside the ledger that writes English only).
func (m Msg) IsZero() bool { return m.Code == MsgCode{} }

// English is the phrase or message without parameters in English.
func (c MsgCode) English() string { return Msg{Code: c}.English() }

// Dutch is the phrase or message without parameters in Dutch.
func (c MsgCode) Dutch() string { return Msg{Code: c}.Dutch() }

type lang int

const (
	english lang = iota
	dutch
)

// msgDef is one entry of the catalogue.
type msgDef struct {
	params []string
	text   [2]string // by lang
}

// catalogue holds every message by its code; def fills it as the package's
// variables are initialised.
var catalogue = map[MsgCode]*msgDef{}

// def adds a message to the catalogue and returns its code: params names
// its parameters, separated by spaces, in the order callers pass them. A
// code defined twice is a programming error, found when the package is
// initialised.
func def(code, params, en, nl string) MsgCode {
	c := MsgCode{code}
	if _, dup := catalogue[c]; dup {
		panic("ledger: message code " + code + " is defined twice")
	}
	catalogue[c] = &msgDef{params: strings.Fields(params), text: [2]string{en, nl}}
	return c
}

// placeholders returns the names a template puts in braces, in order, each
// once; escaped braces ("{{") are no placeholder.
func placeholders(template string) []string {
	var names []string
	walkTemplate(template, func(string) {}, func(name string) {
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	})
	return names
}

// walkTemplate calls lit with each run of literal text and param with each
// placeholder's name.
func walkTemplate(t string, lit func(string), param func(string)) {
	for t != "" {
		i := strings.IndexAny(t, "{}")
		if i < 0 {
			lit(t)
			return
		}
		lit(t[:i])
		switch {
		case strings.HasPrefix(t[i:], "{{"):
			lit("{")
			t = t[i+2:]
		case strings.HasPrefix(t[i:], "}}"):
			lit("}")
			t = t[i+2:]
		case t[i] == '{':
			j := strings.IndexByte(t[i:], '}')
			if j < 0 {
				lit(t[i:])
				return
			}
			param(t[i+1 : i+j])
			t = t[i+j+1:]
		default:
			lit("}")
			t = t[i+1:]
		}
	}
}

func (m Msg) render(l lang) string {
	d, ok := catalogue[m.Code]
	if !ok {
		// Only the zero code is not in the catalogue.
		return ""
	}
	var b strings.Builder
	walkTemplate(d.text[l], func(s string) { b.WriteString(s) }, func(name string) {
		k := slices.Index(d.params, name)
		if k < 0 || k >= len(m.Args) {
			// A test holds every template and call to its parameters;
			// should one slip through, the gap shows.
			b.WriteString("{" + name + "}")
			return
		}
		b.WriteString(renderArg(m.Args[k], l))
	})
	return b.String()
}

// Quoted is text a user sent, quoted in a message: the English quotes it as
// Go's %q does (escaping what cannot be seen), the Dutch between “ and ”.
type Quoted string

// codePoint is one character, named as U+202E in every language.
type codePoint rune

// yearSpans are the booking years a code is valid in, each from its first
// year to its last (0: still valid): "2023 onwards and 2017–2019" in
// English, "vanaf 2023 en 2017–2019" in Dutch.
type yearSpans [][2]int

func (ys yearSpans) render(l lang) string {
	onwards, and := "%d onwards", " and "
	if l == dutch {
		onwards, and = "vanaf %d", " en "
	}
	s := make([]string, len(ys))
	for i, y := range ys {
		switch {
		case y[1] == 0:
			s[i] = fmt.Sprintf(onwards, y[0])
		case y[1] == y[0]:
			s[i] = strconv.Itoa(y[0])
		default:
			s[i] = strconv.Itoa(y[0]) + "–" + strconv.Itoa(y[1])
		}
	}
	return strings.Join(s, and)
}

// lineIndex is a line's place in a list as the API counts it, from 0 (the
// line of "lines[0]"); the Dutch counts from 1, as the form shows it.
type lineIndex int

func renderArg(a any, l lang) string {
	switch v := a.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case Cents:
		if l == dutch {
			return v.dutch()
		}
		return v.String()
	case Date:
		if l == dutch && !v.IsZero() {
			return v.Dutch()
		}
		return v.String()
	case Period:
		if l == dutch {
			return v.Dutch()
		}
		return v.Label
	case Ratio:
		if l == dutch {
			return strings.Replace(v.PercentString(), ".", ",", 1)
		}
		return v.PercentString()
	case Quoted:
		q := strconv.Quote(string(v))
		if l == dutch {
			return "“" + q[1:len(q)-1] + "”"
		}
		return q
	case codePoint:
		return fmt.Sprintf("%U", rune(v))
	case lineIndex:
		if l == dutch {
			return strconv.Itoa(int(v) + 1)
		}
		return strconv.Itoa(int(v))
	case MandateLevel:
		if l == dutch {
			if v.Unlimited {
				return v.Role.Label() + " zonder bovengrens"
			}
			return v.Role.Label() + " tot " + v.Limit.dutch()
		}
		return v.String()
	case MsgCode:
		return Msg{Code: v}.render(l)
	case Msg:
		return v.render(l)
	case Law:
		if l == dutch {
			return v.Label()
		}
		return string(v)
	case Target:
		if l == dutch {
			return v.Label()
		}
		return string(v)
	case Status:
		if l == dutch {
			return v.Label()
		}
		return string(v)
	case Role:
		if l == dutch {
			return v.Label()
		}
		return string(v)
	case EvalOutcome:
		if l == dutch {
			return v.Label()
		}
		return string(v)
	case []Role:
		return joinRoleList(v, l)
	case []Law:
		s := make([]string, len(v))
		for i, law := range v {
			s[i] = renderArg(law, l)
		}
		if l == dutch {
			return strings.Join(s, " en ")
		}
		return strings.Join(s, " and ")
	case yearSpans:
		return v.render(l)
	case categoryList:
		return v.render(l)
	case action:
		if l == dutch {
			return actionDutch(v.act)
		}
		return v.what
	}
	return fmt.Sprint(a)
}

// joinRoleList names roles as "teamlead, manager or alderman" (English,
// codes) or "teamleider, manager of wethouder" (Dutch, labels).
func joinRoleList(rs []Role, l lang) string {
	if len(rs) == 0 {
		return msgNoRole.render(l)
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = renderArg(r, l)
	}
	if len(names) == 1 {
		return names[0]
	}
	or := " or "
	if l == dutch {
		or = " of "
	}
	return strings.Join(names[:len(names)-1], ", ") + or + names[len(names)-1]
}

func (c MsgCode) render(l lang) string { return Msg{Code: c}.render(l) }

// dutch writes an amount the Dutch way: "€ 1.234,50", "− € 12,00".
func (c Cents) dutch() string {
	if c < 0 {
		return "− € " + (-c).Grouped(".", ",")
	}
	return "€ " + c.Grouped(".", ",")
}
