package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
)

// The bank's answer: finance posts the bank's files (camt.053, camt.054,
// pain.002) as they are, and reads the entries they held.

// importBankFile imports one of the bank's files, sent as the body
// (Content-Type application/xml or text/xml, at most bankfile.MaxSize
// bytes): 201 with what it did, 200 when the same file was imported
// before (nothing changed).
func (s *Server) importBankFile(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "application/xml" && mt != "text/xml") {
		what := "the request has no Content-Type"
		if ct := r.Header.Get("Content-Type"); ct != "" {
			what = "the body is " + ct
		}
		return &httpError{code: codeMediaType, message: what + "; send the bank's file itself (camt.053, camt.054 or pain.002) with Content-Type: application/xml"}
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, bankfile.MaxSize))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &httpError{code: codeTooLarge, message: fmt.Sprintf("the file is larger than %d MiB, more than a bank file of a pot's account holds; nothing was imported", bankfile.MaxSize>>20)}
	}
	if err != nil {
		return err
	}
	f, err := bankfile.Read(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	im, err := s.store.ImportBankFile(r.Context(), sess.Actor, ledger.ImportBankFile{File: f, Digest: hex.EncodeToString(sum[:])})
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if im.Again {
		status = http.StatusOK
	}
	return writeJSON(w, status, bankImportBody(im))
}

// bankImportBody is an import as the API answers it: lists never null.
func bankImportBody(im ledger.BankImport) ledger.BankImport {
	for _, l := range []*[]ledger.BankOutcome{&im.Settled, &im.Returned, &im.Unmatched} {
		if *l == nil {
			*l = []ledger.BankOutcome{}
		}
	}
	return im
}

// bankEntry is an imported entry as the API answers it.
type bankEntry struct {
	IBAN          string          `json:"iban"`
	Ref           string          `json:"ref"`
	StatementID   string          `json:"statementId"`
	FileDigest    string          `json:"fileDigest"`
	BookingDate   ledger.Date     `json:"bookingDate"`
	Amount        ledger.Cents    `json:"amount"`
	Debit         bool            `json:"debit"`
	PaymentInfoID string          `json:"paymentInfoId,omitempty"`
	Outcome       string          `json:"outcome"`
	PayoutID      ledger.PayoutID `json:"payoutId,omitempty"`
	Reason        string          `json:"reason,omitempty"`
	Detail        string          `json:"detail,omitempty"`
}

// bankOutcomes are the outcomes the list can be filtered by.
var bankOutcomes = []string{ledger.OutcomeSettled, ledger.OutcomeReturned, ledger.OutcomeRejected, ledger.OutcomeUnmatched, ledger.OutcomeCredit}

// listBankEntries lists the imported entries, newest booking first;
// ?outcome= keeps one outcome (unmatched: what finance must look into).
func (s *Server) listBankEntries(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "outcome")
	if err != nil {
		return err
	}
	outcome := q.Get("outcome")
	if outcome != "" && !slices.Contains(bankOutcomes, outcome) {
		return fieldsError(ledger.FieldError{Field: "outcome", Reason: "must be one of settled, returned, rejected, unmatched or credit"})
	}
	rows, err := s.store.BankEntries(r.Context(), sess.Actor, ledger.BankEntryQuery{Outcome: outcome})
	if err != nil {
		return err
	}
	out := make([]bankEntry, len(rows))
	for i, e := range rows {
		out[i] = bankEntry{IBAN: e.IBAN, Ref: e.Ref, StatementID: e.StatementID, FileDigest: e.FileDigest, BookingDate: e.BookingDate,
			Amount: e.Amount, Debit: e.Debit, PaymentInfoID: e.PaymentInfoID, Outcome: e.Outcome, PayoutID: e.PayoutID, Reason: e.Reason, Detail: e.Detail}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"entries": out})
}
