// Package httpapi is the HTTP face of ontschot: the API under /api/v1,
// following the Dutch government's API Design Rules (NL ADR 2.x), with bearer
// tokens, one permission table, problem+json errors, an OpenAPI 3 document
// and Prometheus metrics.
//
// Handlers decode and check the request's shape (strict JSON, at most 1 MiB,
// money as decimal strings, dates as ISO 8601), turn it into a ledger request
// and leave every rule of the domain to the ledger.Store; a *ledger.Error
// becomes a problem with the status its code maps to, and anything else is
// logged with detail and answered with a generic 500.
package httpapi
