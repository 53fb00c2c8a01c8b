package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// Problem is an RFC 9457 problem detail, as every 4xx and 5xx answer carries.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance,omitempty"`
	// Code is the stable error code (ledger.EINVALID and friends).
	Code string `json:"code"`
	// InvalidParams names each input field at fault and what is wrong.
	InvalidParams []ledger.FieldError `json:"invalidParams,omitempty"`
}

// problemKind is how one error code is answered.
type problemKind struct {
	status int
	title  string
}

// problemKinds maps each error code to its HTTP status: the one table that
// decides it.
var problemKinds = map[string]problemKind{
	ledger.EINVALID:      {http.StatusBadRequest, "The request is not valid"},
	ledger.EUNAUTHORIZED: {http.StatusUnauthorized, "Authentication required"},
	ledger.EFORBIDDEN:    {http.StatusForbidden, "Not allowed"},
	ledger.EMANDATE:      {http.StatusForbidden, "Outside your mandate"},
	ledger.ENOTFOUND:     {http.StatusNotFound, "Not found"},
	ledger.ECONFLICT:     {http.StatusConflict, "Conflict with the current state"},
	ledger.EINSUFFICIENT: {http.StatusConflict, "Not enough money in the pot"},
	ledger.ECLOSED:       {http.StatusConflict, "The period is closed"},
	ledger.EIDEMPOTENCY:  {http.StatusConflict, "Idempotency key reused"},
	ledger.EINTEGRITY:    {http.StatusConflict, "The records do not match the journal"},
	ledger.EINTERNAL:     {http.StatusInternalServerError, "Internal error"},
	codeMethod:           {http.StatusMethodNotAllowed, "Method not allowed"},
	codeTooLarge:         {http.StatusRequestEntityTooLarge, "Request body too large"},
	codeMediaType:        {http.StatusUnsupportedMediaType, "Unsupported media type"},
	codeNotAcceptable:    {http.StatusNotAcceptable, "Not acceptable"},
	codeUnavailable:      {http.StatusServiceUnavailable, "Service unavailable"},
}

// Codes of HTTP-level problems the ledger does not know.
const (
	codeMethod        = "METHOD_NOT_ALLOWED"
	codeTooLarge      = "TOO_LARGE"
	codeMediaType     = "UNSUPPORTED_MEDIA_TYPE"
	codeNotAcceptable = "NOT_ACCEPTABLE"
	codeUnavailable   = ledger.EUNAVAILABLE
)

// StatusOf returns the HTTP status for an error code.
func StatusOf(code string) int {
	if k, ok := problemKinds[code]; ok {
		return k.status
	}
	return http.StatusInternalServerError
}

// problemType returns the problem type URI of a code: "urn:ontschot:problem:insufficient-funds".
func problemType(code string) string {
	return "urn:ontschot:problem:" + strings.ReplaceAll(strings.ToLower(code), "_", "-")
}

// httpError is an HTTP-level problem the handlers raise themselves.
type httpError struct {
	code    string
	message string
	fields  []ledger.FieldError
}

func (e *httpError) Error() string { return e.message }

// problemOf turns any error into the problem to answer with. Errors that are
// neither domain nor HTTP errors are internal: logged with detail by the
// caller, answered generically.
func problemOf(err error) Problem {
	var he *httpError
	var le *ledger.Error
	var p Problem
	switch {
	case errors.As(err, &he):
		p = Problem{Code: he.code, Detail: he.message, InvalidParams: he.fields}
	case errors.As(err, &le):
		p = Problem{Code: le.Code, Detail: le.Message, InvalidParams: le.Fields}
	default:
		p = Problem{Code: ledger.EINTERNAL, Detail: ledger.ErrorMessage(err)}
	}
	k, ok := problemKinds[p.Code]
	if !ok {
		k = problemKinds[ledger.EINTERNAL]
	}
	p.Status, p.Title, p.Type = k.status, k.title, problemType(p.Code)
	return p
}

// writeProblem answers with err as problem+json, logging internal errors
// with their detail (which the answer never carries).
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err)
	p.Instance = r.URL.Path
	if r.Method == http.MethodGet && p.Code == ledger.EINVALID && len(p.InvalidParams) > 0 {
		// A read's mistakes are in its query (or path): told in the same
		// words whichever layer found them, the handler parsing the query
		// or the ledger checking the filter or page ("limit=0" and
		// "limit=501" alike); invalidParams says what is wrong with each.
		p.Detail = invalidDetail(p.InvalidParams)
	}
	switch {
	case p.Status == http.StatusServiceUnavailable:
		// Busy or a disk that cannot take writes: said to the client, and
		// to the operator as a warning (the cause, if any, was logged where
		// it happened).
		s.log.WarnContext(r.Context(), "request refused: unavailable", "route", routeOf(r), "method", r.Method, "err", err.Error())
	case p.Status >= 500:
		s.log.ErrorContext(r.Context(), "internal error", "route", routeOf(r), "method", r.Method, "err", err.Error())
	default:
		s.log.DebugContext(r.Context(), "request refused", "route", routeOf(r), "method", r.Method, "status", p.Status, "code", p.Code)
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ontschot"`)
	}
	if p.Status == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "10")
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	if err := newEncoder(w).Encode(p); err != nil {
		s.log.Debug("write problem", "err", err)
	}
}
