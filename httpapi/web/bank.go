package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
)

// The bank's answer on the pages: finance uploads the bank's files
// (camt.053 statements, camt.054 debit notifications, pain.002 status
// reports) and sees what each did; finance and auditors see the entries
// ontschot could not match, which someone must look into, and the latest
// entries. The flow is the API's (httpapi/bank.go): read at most
// bankfile.MaxSize bytes, bankfile.Read, ledger ImportBankFile with the
// file's SHA-256, so the same file imported by page, API or command line
// changes nothing the second time.

// bankPath is the page's address.
const bankPath = "/financien/bank"

// bankUploadLimit is the largest request body the upload takes, in bytes:
// the largest file bankfile reads and room for the form's token and the
// multipart framing. A larger body is not read further.
const bankUploadLimit = bankfile.MaxSize + 64<<10

// bankListLimit is how many entries each list on the page shows, newest
// booking first.
const bankListLimit = 50

// uploadLimits are the pages whose form posts a file (multipart), with
// the largest body each takes in bytes. wrap reads such a form itself,
// within the limit, before it checks the form's CSRF token: reading it
// the ordinary way (PostFormValue) would take any size, the part beyond
// 32 MiB into temporary files.
var uploadLimits = map[string]int64{bankPath: bankUploadLimit}

// uploadTooLargeKey marks, in a request's context, an upload whose body
// was larger than its page's limit: its form was not read (not even its
// CSRF token), and the page says why and does nothing else.
type uploadTooLargeKey struct{}

// readUpload reads the multipart form of an upload page within limit. It
// returns the request to go on with: marked with uploadTooLargeKey when
// the body was too large. A body that is no multipart form is left to the
// page, which finds no file in it.
func readUpload(w http.ResponseWriter, r *http.Request, limit int64) *http.Request {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	// All of it in memory: the body is at most limit bytes, and nothing
	// goes to temporary files.
	err := r.ParseMultipartForm(limit)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return r.WithContext(context.WithValue(r.Context(), uploadTooLargeKey{}, true))
	}
	return r
}

// uploadTooLarge reports whether readUpload found the body too large.
func uploadTooLarge(r *http.Request) bool {
	big, _ := r.Context().Value(uploadTooLargeKey{}).(bool)
	return big
}

// bankTooLarge is the Dutch refusal of a file larger than bankfile.MaxSize.
var bankTooLarge = fmt.Sprintf("Het bestand is groter dan %d MiB, meer dan een bankbestand van de rekening van een pot bevat; er is niets ingelezen. Download de afschriften over een kortere periode (een week of een dag) en lees ze een voor een in.", bankfile.MaxSize>>20)

type bankPage struct {
	Form *form
	// CanImport is set for finance, who may upload; an auditor reads the
	// lists alone.
	CanImport bool
	// Import is what the file just uploaded did (nil on the page itself).
	Import *bankImportView
	// Unmatched are the entries ontschot could not match, for finance to
	// look into; Latest are the latest entries whatever they did. More*
	// says that there are more than the page shows.
	Unmatched     []ledger.BankEntryRow
	MoreUnmatched bool
	Latest        []ledger.BankEntryRow
	MoreLatest    bool
	Limit         int
}

// bankImportView is an import as the page shows it.
type bankImportView struct {
	ledger.BankImport
	// File is the uploaded file's name, as the browser gave it.
	File string
	// At is when the file was (first) imported.
	At time.Time
}

// bank shows the upload form (to finance) and the entries to look into.
func (h *Handler) bank(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.renderBank(w, r, s, newForm(nil, "file"), nil, http.StatusOK)
}

func (h *Handler) renderBank(w http.ResponseWriter, r *http.Request, s *session, f *form, im *bankImportView, status int) error {
	v := bankPage{Form: f, CanImport: h.allowed(s.Role, ledger.ActImportBankFiles), Import: im, Limit: bankListLimit}
	var err error
	if v.Unmatched, v.MoreUnmatched, err = h.bankEntries(r, s, ledger.OutcomeUnmatched); err != nil {
		return err
	}
	if v.Latest, v.MoreLatest, err = h.bankEntries(r, s, ""); err != nil {
		return err
	}
	h.render(w, r, s, status, "bank", "Bankbestanden", v)
	return nil
}

// bankEntries returns the newest bankListLimit entries of an outcome (""
// for all), and whether there are more.
func (h *Handler) bankEntries(r *http.Request, s *session, outcome string) ([]ledger.BankEntryRow, bool, error) {
	rows, err := h.store.BankEntries(ctx(r), s.Actor, ledger.BankEntryQuery{Outcome: outcome, Limit: bankListLimit + 1})
	if err != nil {
		return nil, false, err
	}
	if len(rows) > bankListLimit {
		return rows[:bankListLimit], true, nil
	}
	return rows, false, nil
}

// importBank imports the uploaded bank file and shows what it did. A file
// that is too large, no bank file or not readable is refused with the
// reason beside the field (400; 413 when too large) and nothing is
// imported; the same file again changes nothing and says when it was
// first imported.
func (h *Handler) importBank(w http.ResponseWriter, r *http.Request, s *session) error {
	f := newForm(nil, "file")
	if uploadTooLarge(r) {
		f.Fail("file", bankTooLarge)
		return h.renderBank(w, r, s, f, nil, http.StatusRequestEntityTooLarge)
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.Fail("file", "Kies het bestand van de bank dat u wilt inlezen: een rekeningafschrift (camt.053), een afschrijvingsbericht (camt.054) of een statusrapport (pain.002).")
		return h.renderBank(w, r, s, f, nil, http.StatusBadRequest)
	}
	defer file.Close()
	raw, err := io.ReadAll(io.LimitReader(file, bankfile.MaxSize+1))
	if err != nil {
		return err
	}
	if len(raw) > bankfile.MaxSize {
		f.Fail("file", bankTooLarge)
		return h.renderBank(w, r, s, f, nil, http.StatusRequestEntityTooLarge)
	}
	bf, err := bankfile.Read(bytes.NewReader(raw))
	var refused *bankfile.Error
	if errors.As(err, &refused) {
		f.Fail("file", refused.Dutch)
		return h.renderBank(w, r, s, f, nil, http.StatusBadRequest)
	}
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	im, err := h.store.ImportBankFile(ctx(r), s.Actor, ledger.ImportBankFile{File: bf, Digest: hex.EncodeToString(sum[:])})
	if err != nil {
		if err := f.refuse(err, nil); err != nil {
			return err
		}
		return h.renderBank(w, r, s, f, nil, refusedStatus(err))
	}
	v := &bankImportView{BankImport: im, File: hdr.Filename}
	if t, err := time.Parse(ledger.TimeLayout, im.ImportedAt); err == nil {
		v.At = t
	}
	return h.renderBank(w, r, s, newForm(nil, "file"), v, http.StatusOK)
}

// bankKindLabel names a bank file's kind in Dutch, with its ISO 20022
// name.
func bankKindLabel(k ledger.BankFileKind) string {
	switch {
	case k.IsStatement():
		return "rekeningafschrift (" + string(k) + ")"
	case k.IsNotification():
		return "afschrijvingsbericht (" + string(k) + ")"
	case k == ledger.BankPain002v10:
		return "statusrapport (" + string(k) + ")"
	}
	return string(k)
}

// bankOutcomeLabel names what an imported entry did, in Dutch.
func bankOutcomeLabel(outcome string) string {
	switch outcome {
	case ledger.OutcomeSettled:
		return "afgeschreven"
	case ledger.OutcomeReturned:
		return "teruggekomen"
	case ledger.OutcomeRejected:
		return "geweigerd door de bank"
	case ledger.OutcomeAccepted:
		return "geaccepteerd door de bank"
	case ledger.OutcomeUnmatched:
		return "niet herkend"
	case ledger.OutcomeCredit:
		return "bijschrijving"
	}
	return outcome
}

// bankReason explains a return's or rejection's reason code in Dutch, with
// the code.
func bankReason(code string) string { return ledger.BankReasonOf(code).Dutch }
