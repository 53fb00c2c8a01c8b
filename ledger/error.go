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

// Error is an error a user can cause and fix. Message says what was wrong and
// how to fix it, in a plain English sentence. Fields lists the input fields at
// fault for EINVALID, named as in the API's JSON ("justification.severity").
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

// FieldError names one input field and what is wrong with it.
type FieldError struct {
	Field  string `json:"name"`
	Reason string `json:"reason"`
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

// Errorf returns an *Error with the code and a formatted message.
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

func (fe *fieldErrors) add(field, format string, args ...any) {
	*fe = append(*fe, FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

// addErr records err under field when it is not nil, using the message of a
// domain error.
func (fe *fieldErrors) addErr(field string, err error) {
	if err == nil {
		return
	}
	var e *Error
	if errors.As(err, &e) {
		*fe = append(*fe, FieldError{Field: field, Reason: e.Message})
		return
	}
	*fe = append(*fe, FieldError{Field: field, Reason: err.Error()})
}

// err returns an EINVALID error listing the fields, or nil when there are none.
func (fe fieldErrors) err(what string) error {
	if len(fe) == 0 {
		return nil
	}
	msg := fmt.Sprintf("The %s is not valid; correct the fields listed and try again", what)
	if len(fe) == 1 {
		msg = fmt.Sprintf("The %s is not valid; correct %s and try again", what, fe[0].Field)
	}
	return &Error{Code: EINVALID, Message: msg, Fields: fe}
}
