package ledger

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. They are stable, appear in the API's problem details and are
// mapped to HTTP statuses in one table in package httpapi. Anything that is
// not an *Error is an internal error: logged with detail, shown generically.
const (
	EINVALID      = "INVALID"              // input is wrong; Fields says which
	ENOTFOUND     = "NOT_FOUND"            // the resource does not exist
	ECONFLICT     = "CONFLICT"             // the resource is in a state that does not allow this
	EFORBIDDEN    = "FORBIDDEN"            // the actor's role does not allow this
	EMANDATE      = "MANDATE_EXCEEDED"     // the actor's mandate does not cover the amount
	EINSUFFICIENT = "INSUFFICIENT_FUNDS"   // the pot has not enough available money
	ECLOSED       = "PERIOD_CLOSED"        // the booking date lies in a closed period
	EIDEMPOTENCY  = "IDEMPOTENCY_CONFLICT" // an idempotency key was reused for another request
	EUNAUTHORIZED = "UNAUTHORIZED"         // no valid credentials
	EINTEGRITY    = "INTEGRITY"            // stored records no longer match the journal: the file was changed outside ontschot
	EUNAVAILABLE  = "UNAVAILABLE"          // the store cannot take the write now (a full or failing disk, a lock held too long); nothing was booked
	EINTERNAL     = "INTERNAL"             // anything else; never shown in detail
)

// Error is an error a user can cause and fix. Msg says what was wrong and
// how to fix it, as a code of the catalogue and its parameters
// (message.go); Message is its English text, which the API writes as the
// problem's detail, and the pages write Msg in Dutch. Fields lists the input
// fields at fault for EINVALID, named as in the API's JSON
// ("justification.severity").
//
// Every error the ledger builds for a user has a Msg (a test holds the
// package to it); an Error built with Errorf, as packages that speak only
// to the API or the command line do, has Message alone.
type Error struct {
	Code    string
	Message string
	Msg     Msg
	Fields  []FieldError
}

// FieldError names one input field and what is wrong with it: Msg, and its
// English text Reason (the API's invalidParams[].reason).
type FieldError struct {
	Field  string `json:"name"`
	Reason string `json:"reason"`
	Msg    Msg    `json:"-"`
}

// NewError returns an *Error with the code and the catalogue's message m
// with its parameters.
func NewError(code string, m MsgCode, args ...any) *Error {
	msg := Msg{Code: m, Args: args}
	return &Error{Code: code, Message: msg.English(), Msg: msg}
}

// NewFieldError returns the field error of field with the catalogue's
// message m and its parameters.
func NewFieldError(field string, m MsgCode, args ...any) FieldError {
	msg := Msg{Code: m, Args: args}
	return FieldError{Field: field, Reason: msg.English(), Msg: msg}
}

// Invalid returns an EINVALID error listing the fields at fault in the
// input named by what (a noun of the catalogue, such as NounAllocation), or
// nil when there are none.
func Invalid(what MsgCode, fields []FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	e := NewError(EINVALID, msgInvalidMany, what)
	if len(fields) == 1 {
		e = NewError(EINVALID, msgInvalidOne, what, fields[0].Field)
	}
	e.Fields = fields
	return e
}

// Dutch is the error's message in Dutch, or "" when it was built without a
// code.
func (e *Error) Dutch() string {
	if e.Msg.IsZero() {
		return ""
	}
	return e.Msg.Dutch()
}

// Dutch is the field's message in Dutch, or "" when it was built without a
// code.
func (f FieldError) Dutch() string {
	if f.Msg.IsZero() {
		return ""
	}
	return f.Msg.Dutch()
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	var b strings.Builder
	b.WriteString(e.Message)
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field)
		b.WriteString(": ")
		b.WriteString(f.Reason)
	}
	return b.String()
}

// Errorf returns an *Error with the code and a formatted English message,
// without a message code: for errors only the API and the command line show.
// An error the pages may show is built with NewError, so that they can say
// it in Dutch.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of a domain error, or EINTERNAL for any other
// error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of a domain error, or a generic message for
// any other error so that internal details never reach a user.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return "An internal error occurred; it has been logged. Please try again later or contact the administrator."
}

// fieldErrors collects field errors during validation.
type fieldErrors []FieldError

// add records the catalogue's message m with its parameters for field.
func (fe *fieldErrors) add(field string, m MsgCode, args ...any) {
	*fe = append(*fe, NewFieldError(field, m, args...))
}

// addMsg records a message built beforehand (one of several a check chose
// from) for field.
func (fe *fieldErrors) addMsg(field string, m Msg) {
	*fe = append(*fe, FieldError{Field: field, Reason: m.English(), Msg: m})
}

// addErr records err under field when it is not nil, with the message of a
// domain error.
func (fe *fieldErrors) addErr(field string, err error) {
	if err == nil {
		return
	}
	*fe = append(*fe, fieldErrorOf(field, err))
}

// fieldErrorOf is err as the error of field: a domain error's message, or
// else err's text (an internal error, which validation does not return).
func fieldErrorOf(field string, err error) FieldError {
	var e *Error
	if errors.As(err, &e) {
		return FieldError{Field: field, Reason: e.Message, Msg: e.Msg}
	}
	return FieldError{Field: field, Reason: err.Error()}
}

// err returns an EINVALID error listing the fields, or nil when there are
// none; what names the input (NounPayoutRequest).
func (fe fieldErrors) err(what MsgCode) error { return Invalid(what, fe) }
