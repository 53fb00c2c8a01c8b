// Package reports turns the ledger into documents for the people outside
// it: quarterly statements for funding partners (PDF, CSV, JSON), the
// finance view by legal budget and Iv3 taakveld, the legitimacy report for
// auditors and the alderman, and SEPA payment files for the bank.
//
// Each document is a plain value (Statement, FinanceView, Legitimacy) built
// from a store by a Builder, and written by encoders that depend on nothing
// but that value, so the same input always gives the same bytes: PDFs carry
// a fixed creation date (the moment the document was made, which the
// caller passes in) and a sorted catalog, and golden files in testdata/ pin
// every encoder's output.
//
// Partner documents hold aggregates only: no payee, IBAN, case reference or
// weighing ever reaches them, and a category with fewer than five payouts
// in the period is merged into "overig" so no resident can be recognised.
// The documents speak Dutch; the code speaks English.
package reports
