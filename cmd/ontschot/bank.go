package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
)

// bankUsage is bank's usage line.
const bankUsage = "import FILE.xml --db DB"

// runBank imports the bank's files: camt.053 statements, camt.054 debit
// notifications, pain.002 status reports.
func (m *Main) runBank(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		if len(args) > 0 {
			return usageError(fmt.Sprintf("%q is not a bank command; use import", args[0]))
		}
		return usageError("say what to do: import FILE.xml --db DB")
	}
	fs := m.flags("bank import", "--db DB FILE.xml")
	db := fs.String("db", "", dbUsage)
	file, err := parseFileAndFlags(fs, args[1:], "name the bank's file to import: a camt.053 statement, a camt.054 notification or a pain.002 status report")
	if err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	raw, err := readBankFile(file)
	if err != nil {
		return err
	}
	f, err := bankfile.Read(bytes.NewReader(raw))
	var refused *bankfile.Error
	if errors.As(err, &refused) {
		return fmt.Errorf("%s: %s", file, refused.English)
	}
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", file, err)
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	im, err := s.ImportBankFile(ctx, ledger.Actor{User: "cli", Role: ledger.RoleFinance}, ledger.ImportBankFile{File: f, Digest: hex.EncodeToString(sum[:])})
	if err != nil {
		return err
	}
	printBankImport(m.Stdout, file, &im)
	return nil
}

// readBankFile reads a file of at most bankfile.MaxSize bytes.
func readBankFile(file string) ([]byte, error) {
	fh, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", file, err)
	}
	defer fh.Close()
	raw, err := io.ReadAll(io.LimitReader(fh, bankfile.MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", file, err)
	}
	if len(raw) > bankfile.MaxSize {
		return nil, fmt.Errorf("%s is larger than %d MiB, more than a bank file of a pot's account holds; nothing was imported", file, bankfile.MaxSize>>20)
	}
	return raw, nil
}

// printBankImport says what an import did.
func printBankImport(w io.Writer, file string, im *ledger.BankImport) {
	if im.Again {
		fmt.Fprintf(w, "%s (%s, SHA-256 %s) was imported on %s by %s already; nothing changed.\n", file, im.Kind, im.Digest, im.ImportedAt, im.ImportedBy)
		return
	}
	fmt.Fprintf(w, "Imported %s (%s %s): %s.\n", file, im.Kind, im.MessageID, im.Summary())
	for _, o := range im.Settled {
		fmt.Fprintf(w, "  settled   %s  %s  %s\n", o.BookingDate, o.Amount, payoutList(o.Payouts))
	}
	for _, o := range im.Returned {
		fmt.Fprintf(w, "  returned  %s  %s  %s  %s: %s\n", o.BookingDate, o.Amount, payoutList(o.Payouts), o.Reason, ledger.BankReasonOf(o.Reason).English)
	}
	for _, o := range im.Unmatched {
		fmt.Fprintf(w, "  unmatched %s  %s  %s: %s\n", o.BookingDate, o.Amount, o.Ref, o.Detail)
	}
	if len(im.Unmatched) > 0 {
		fmt.Fprintln(w, "Unmatched entries are kept for finance to look into; the API lists them (GET /api/v1/bank-entries?outcome=unmatched).")
	}
}

func payoutList(ids []ledger.PayoutID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ", ")
}
