package bankfile

import (
	"fmt"

	"github.com/ontschot/ontschot/ledger"
)

// Problem names what is wrong with a file that Read refuses. Problems are
// stable: a caller may compare and store them; the sentences may be
// reworded.
type Problem string

// The problems Read reports.
const (
	ProblemTooLarge  Problem = "bankfile.too_large" // larger than MaxSize
	ProblemEmpty     Problem = "bankfile.empty"     // no bytes, or only white space
	ProblemNotXML    Problem = "bankfile.not_xml"   // not XML at all (an MT940 statement, a PDF)
	ProblemMalformed Problem = "bankfile.malformed" // XML that is not well-formed
	ProblemDoctype   Problem = "bankfile.doctype"   // a DOCTYPE or entity declaration
	ProblemTooDeep   Problem = "bankfile.too_deep"  // elements nested deeper than MaxDepth
	ProblemEncoding  Problem = "bankfile.encoding"  // a character encoding Read does not know
	ProblemNotISO    Problem = "bankfile.not_iso"   // XML, but no ISO 20022 message
	ProblemKind      Problem = "bankfile.kind"      // an ISO 20022 message of another kind
	ProblemPayment   Problem = "bankfile.payment"   // a pain.001: ontschot's own payment file
	ProblemMissing   Problem = "bankfile.missing"   // a required element is missing or empty
	ProblemCurrency  Problem = "bankfile.currency"  // an amount or account not in euros
	ProblemAmount    Problem = "bankfile.amount"    // an amount that is no amount of cents
	ProblemDate      Problem = "bankfile.date"      // a date or time that is no date
	ProblemValue     Problem = "bankfile.value"     // a code or number the message does not allow

)

// Error is a file Read refuses: what is wrong and how to get a good file,
// in English (the API's problem detail, the command line) and in Dutch (the
// pages).
//
// The ledger's message catalogue (package ledger, catalogue.go) has no
// exported way for another package to define messages, so an Error carries
// its two sentences itself. It unwraps to a *ledger.Error with code
// EINVALID and the English sentence, so that errors.As finds a domain error
// and the API answers 400 with the sentence (ledger.ErrorCode,
// ledger.ErrorMessage); a page asks errors.As for a *bankfile.Error first
// and shows Dutch.
type Error struct {
	// Problem names what is wrong.
	Problem Problem
	// Line is the line of the file where the problem was found, counted
	// from 1; 0 when it is about the file as a whole.
	Line int
	// English and Dutch say what is wrong and what to do, each a whole
	// sentence or two.
	English string
	Dutch   string
	ledger  *ledger.Error
}

// Error returns the English sentence.
func (e *Error) Error() string { return e.English }

// Unwrap returns the error as a ledger error: EINVALID with the English
// sentence.
func (e *Error) Unwrap() error { return e.ledger }

// newError returns an Error of problem p found at line (0 for the whole
// file) with its English and Dutch sentences.
func newError(p Problem, line int, en, nl string) *Error {
	return &Error{Problem: p, Line: line, English: en, Dutch: nl,
		ledger: ledger.Errorf(ledger.EINVALID, "%s", en)}
}

// errorf is newError with both sentences formatted from the same
// arguments.
func errorf(p Problem, line int, en, nl string, args ...any) *Error {
	return newError(p, line, fmt.Sprintf(en, args...), fmt.Sprintf(nl, args...))
}

// Advice that ends most refusals of a file that is not as the message
// definition says: the file came from the bank, so only the bank can make
// a good one.
const (
	adviceEN = "Download the file from the bank's portal again; if it is refused again, ask the bank for a file that follows the ISO 20022 message definition."
	adviceNL = "Download het bestand opnieuw uit het portaal van de bank; wordt het weer geweigerd, vraag de bank dan om een bestand dat aan de ISO 20022-berichtdefinitie voldoet."
)
