package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
	"github.com/ontschot/ontschot/reports"
)

// formats are the document formats the commands write.
var formats = map[string]bool{"pdf": true, "csv": true, "json": true}

func checkFormat(f string) error {
	if !formats[f] {
		return usageError(fmt.Sprintf("--format %q: use pdf, csv or json", f))
	}
	return nil
}

// writeFile writes a document to path ("-" for stdout) through a temporary
// file, so a failure leaves no half-written document behind.
func (m *Main) writeFile(path string, write func(io.Writer) error) error {
	if path == "-" {
		return write(m.Stdout)
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("cannot make the folder for %s: %w", path, err)
		}
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// verification verifies the journal for a document, and says so when it
// does not fit (the document then says so too). It continues from the
// last verification that found the journal whole, as the API's documents
// do, and records where it got to: a full run of a large journal takes
// minutes (`ontschot verify --full` makes one).
func (m *Main) verification(ctx context.Context, s *ledger.Service) (ledger.Verification, error) {
	v, err := s.Verify(ctx, ledger.VerifyOptions{Incremental: true, Record: true})
	if err != nil {
		return v, err
	}
	if !v.OK {
		fmt.Fprintf(m.Stderr, "warning: the journal does not verify (%s); the document says so\n", v.Failure.Error())
	}
	return v, nil
}

// csvDialectFlag adds --csv-dialect to a command that writes CSV: the
// standard dialect, or the Dutch one for a spreadsheet in Dutch (see
// package sheet).
func csvDialectFlag(fs *flag.FlagSet) *string {
	return fs.String("csv-dialect", "standard", "the CSV's dialect: standard (comma, decimal point) or dutch (semicolon, decimal comma, for Excel or LibreOffice in Dutch)")
}

// parseCSVDialect reads --csv-dialect.
func parseCSVDialect(name string) (sheet.Dialect, error) {
	d, ok := sheet.ParseDialect(name)
	if !ok {
		return d, usageError(fmt.Sprintf("--csv-dialect %q: use standard or dutch", name))
	}
	return d, nil
}

// encodeStatement writes a statement in a format (a CSV in the dialect d).
func encodeStatement(w io.Writer, s *reports.Statement, format string, d sheet.Dialect) error {
	switch format {
	case "pdf":
		return reports.StatementPDF(w, s)
	case "csv":
		return reports.StatementCSV(w, s, d)
	}
	return writeIndentedJSON(w, s)
}

// runStatement writes one pot's quarterly statement.
func (m *Main) runStatement(ctx context.Context, args []string) error {
	fs := m.flags("statement", "--db DB --pot ID --quarter 2026-Q3 [--format pdf|csv|json] [--csv-dialect standard|dutch] [--partner ID] --out FILE")
	db := fs.String("db", "", dbUsage)
	pot := fs.String("pot", "", "the pot (POT-…)")
	quarter := fs.String("quarter", "", "the quarter, such as 2026-Q3")
	format := fs.String("format", "pdf", "pdf, csv or json")
	dialectName := csvDialectFlag(fs)
	partner := fs.String("partner", "", "address the statement to this partner (PRT-…)")
	out := fs.String("out", "", "the file to write (- for standard output)")
	if err := parse(fs, args); err != nil {
		return err
	}
	dialect, err := parseCSVDialect(*dialectName)
	if err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *pot == "" || *quarter == "" || *out == "" {
		return usageError("--pot, --quarter and --out are required")
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	q, err := ledger.ParsePeriod(*quarter)
	if err != nil {
		return err
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	var recipient *ledger.Partner
	if *partner != "" {
		p, err := s.Partner(ctx, ledger.PartnerID(*partner))
		if err != nil {
			return err
		}
		recipient = &p
	}
	v, err := m.verification(ctx, s)
	if err != nil {
		return err
	}
	st, err := (&reports.Builder{Store: s, Now: m.Now}).Statement(ctx, ledger.PotID(*pot), q, recipient, v)
	if err != nil {
		return err
	}
	if err := m.writeFile(*out, func(w io.Writer) error { return encodeStatement(w, st, *format, dialect) }); err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(m.Stdout, "Wrote the %s statement of %s for %s to %s.\n", q.Label, st.Pot.Name, recipientName(recipient), *out)
	}
	return nil
}

func recipientName(p *ledger.Partner) string {
	if p == nil {
		return "the municipality"
	}
	return p.Name
}

// runStatements writes the statements of a quarter for every pot: the
// municipality's copy and one for each partner of the pot, as PDF and CSV,
// in DIR/<quarter>/<pot>/. One statement that cannot be made or written
// does not stop the others: each failure is told in a sentence naming the
// pot and the recipient, the rest are written, and the exit status is 1
// when any failed.
func (m *Main) runStatements(ctx context.Context, args []string) error {
	fs := m.flags("statements", "--db DB --quarter 2026-Q3 [--csv-dialect standard|dutch] --out DIR")
	db := fs.String("db", "", dbUsage)
	quarter := fs.String("quarter", "", "the quarter, such as 2026-Q3")
	dialectName := csvDialectFlag(fs)
	out := fs.String("out", "", "the folder to write into")
	if err := parse(fs, args); err != nil {
		return err
	}
	dialect, err := parseCSVDialect(*dialectName)
	if err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *quarter == "" || *out == "" {
		return usageError("--quarter and --out are required")
	}
	q, err := ledger.ParsePeriod(*quarter)
	if err != nil {
		return err
	}
	if err := reports.CheckQuarter(q, ledger.DateOf(m.Now())); err != nil {
		return err
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	pots, err := s.Pots(ctx)
	if err != nil {
		return err
	}
	funding, err := s.Funding(ctx, "")
	if err != nil {
		return err
	}
	type job struct {
		pot     ledger.Pot
		partner *ledger.Partner
	}
	var jobs []job
	for _, p := range pots {
		if p.Year != q.Start.Year() {
			continue
		}
		jobs = append(jobs, job{pot: p})
		for _, f := range funding {
			if f.PotID == p.ID {
				partner, err := s.Partner(ctx, f.PartnerID)
				if err != nil {
					return err
				}
				jobs = append(jobs, job{pot: p, partner: &partner})
			}
		}
	}
	if len(jobs) == 0 {
		fmt.Fprintf(m.Stdout, "There are no pots for %d, so no statements for %s.\n", q.Start.Year(), q.Label)
		return nil
	}
	v, err := m.verification(ctx, s)
	if err != nil {
		return err
	}
	b := &reports.Builder{Store: s, Now: m.Now}
	bar := newProgress(m.Stderr, len(jobs), "statements "+q.Label)
	var failed []string
	for _, j := range jobs {
		err := safely(func() error {
			st, err := b.Statement(ctx, j.pot.ID, q, j.partner, v)
			if err != nil {
				return err
			}
			name := "gemeente"
			if j.partner != nil {
				name = reports.Slug(j.partner.Name)
			}
			// The quarter's folder names the year; the pot's folder does
			// not repeat it (only pots of the quarter's year are here).
			dir := filepath.Join(*out, q.Label, reports.Slug(j.pot.Name))
			for _, format := range []string{"pdf", "csv"} {
				path := filepath.Join(dir, name+"."+format)
				if err := m.writeFile(path, func(w io.Writer) error { return encodeStatement(w, st, format, dialect) }); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			failed = append(failed, fmt.Sprintf("the statement of %s %d for %s: %s", j.pot.Name, j.pot.Year, recipientName(j.partner), m.message(err)))
		}
		bar.step()
	}
	bar.done()
	dir := filepath.Join(*out, q.Label)
	if len(failed) == 0 {
		fmt.Fprintf(m.Stdout, "Wrote %d statements for %s (PDF and CSV) in %s.\n", len(jobs), q.Label, dir)
		return nil
	}
	for _, f := range failed {
		fmt.Fprintf(m.Stderr, "ontschot statements: could not make %s\n", f)
	}
	fmt.Fprintf(m.Stdout, "Wrote %d of %d statements for %s (PDF and CSV) in %s.\n", len(jobs)-len(failed), len(jobs), q.Label, dir)
	return fmt.Errorf("%d of %d statements could not be made (see above); the others were written; run the command again once the cause is fixed", len(failed), len(jobs))
}

// safely runs f and turns a panic in it into an error, so one document a
// library cannot make stops neither the others nor the command with a
// stack trace. The panic's value is kept in the error (the command runs on
// the operator's machine); its stack is not printed.
func safely(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error while making the document (%v); please report it", r)
		}
	}()
	return f()
}

// runReport writes the finance view or the legitimacy report.
func (m *Main) runReport(ctx context.Context, name string, args []string) error {
	fs := m.flags(name, "--db DB --period 2026-Q3 [--pot ID] [--format pdf|csv|json] [--csv-dialect standard|dutch] --out FILE")
	db := fs.String("db", "", dbUsage)
	period := fs.String("period", "", "a year (2026), quarter (2026-Q3) or month (2026-07)")
	pot := fs.String("pot", "", "only this pot (POT-…)")
	format := fs.String("format", "pdf", "pdf, csv or json")
	dialectName := csvDialectFlag(fs)
	out := fs.String("out", "", "the file to write (- for standard output)")
	if err := parse(fs, args); err != nil {
		return err
	}
	dialect, err := parseCSVDialect(*dialectName)
	if err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *period == "" || *out == "" {
		return usageError("--period and --out are required")
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	p, err := ledger.ParseReportPeriod(*period)
	if err != nil {
		return err
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	b := &reports.Builder{Store: s, Now: m.Now}
	var write func(io.Writer) error
	if name == "finance-view" {
		v, err := b.FinanceView(ctx, ledger.PotID(*pot), p)
		if err != nil {
			return err
		}
		write = func(w io.Writer) error {
			switch *format {
			case "pdf":
				return reports.FinanceViewPDF(w, v)
			case "csv":
				return reports.FinanceViewCSV(w, v, dialect)
			}
			return writeIndentedJSON(w, v)
		}
	} else {
		l, err := b.Legitimacy(ctx, ledger.PotID(*pot), p)
		if err != nil {
			return err
		}
		write = func(w io.Writer) error {
			switch *format {
			case "pdf":
				return reports.LegitimacyPDF(w, l)
			case "csv":
				return reports.LegitimacyCSV(w, l, dialect)
			}
			return writeIndentedJSON(w, l)
		}
	}
	if err := m.writeFile(*out, write); err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(m.Stdout, "Wrote the %s of %s to %s.\n", strings.ReplaceAll(name, "-", " "), p.Label, *out)
	}
	return nil
}

func (m *Main) runFinanceView(ctx context.Context, args []string) error {
	return m.runReport(ctx, "finance-view", args)
}

func (m *Main) runLegitimacy(ctx context.Context, args []string) error {
	return m.runReport(ctx, "legitimacy", args)
}

// runPay makes a payment batch of the approved, unpaid payouts and writes
// its SEPA file.
func (m *Main) runPay(ctx context.Context, args []string) error {
	fs := m.flags("pay", "--db DB --out FILE [--pot ID] [--date YYYY-MM-DD] [--batch BAT-…]")
	db := fs.String("db", "", dbUsage)
	out := fs.String("out", "", "the pain.001.001.09 file to write")
	pot := fs.String("pot", "", "only this pot (POT-…)")
	date := fs.String("date", "", "the execution date (default today)")
	batchID := fs.String("batch", "", "write the file of this existing batch (BAT-…) again instead of making a new one")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *out == "" {
		return usageError("--out FILE is required: where to write the payment file")
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	var batch ledger.PaymentBatch
	if *batchID != "" {
		if batch, err = s.PaymentBatch(ctx, ledger.PaymentBatchID(*batchID)); err != nil {
			return err
		}
	} else {
		req := ledger.NewPaymentBatch{PotID: ledger.PotID(*pot)}
		if *date != "" {
			if req.ExecutionDate, err = ledger.ParseDate(*date); err != nil {
				return err
			}
		}
		if batch, err = s.CreatePaymentBatch(ctx, ledger.Actor{User: "cli", Role: ledger.RoleFinance}, req); err != nil {
			if nothing, cerr := nothingToPay(ctx, s, req.PotID, err); cerr != nil {
				return cerr
			} else if nothing {
				where := ""
				if req.PotID != "" {
					where = " in pot " + string(req.PotID)
				}
				fmt.Fprintf(m.Stdout, "Nothing to pay: there are no approved, unpaid payouts%s. No batch was made and no file written.\n", where)
				return nil
			}
			return err
		}
	}
	if err := m.writeFile(*out, func(w io.Writer) error { return reports.Pain001(w, &batch) }); err != nil {
		return fmt.Errorf("batch %s is booked, but its file could not be written (write it again with --batch %s): %w", batch.ID, batch.ID, err)
	}
	fmt.Fprintf(m.Stdout, "Payment batch %s: %d payouts, %s, to be executed on %s; file %s.\n", batch.ID, batch.Payouts, money(batch.Amount), batch.ExecutionDate, *out)
	fmt.Fprintf(m.Stdout, "Journal checkpoint %s (stated in the file; 'ontschot verify --checkpoint' confirms it later).\n", batch.Checkpoint)
	for _, p := range batch.SkippedPots {
		fmt.Fprintf(m.Stdout, "Skipped pot %s: it has approved payouts but no debtor account; set one with \"ontschot debtor\".\n", p)
	}
	return nil
}

// nothingToPay reports whether a payment run refused with err found nothing
// to pay: a conflict while no payout (of the pot, when one is given) is
// approved and unpaid. That is no failure of the run: an evening's
// scheduled run on a quiet day says so and exits 0. Judged by what the
// ledger holds, not by the words of the error; any other refusal (pots
// without a debtor account, a journal that does not fit) stays an error.
func nothingToPay(ctx context.Context, s *ledger.Service, pot ledger.PotID, err error) (bool, error) {
	if ledger.ErrorCode(err) != ledger.ECONFLICT {
		return false, nil
	}
	page, lerr := s.Payouts(ctx, ledger.PayoutFilter{PotID: pot, Status: ledger.StatusApproved, Limit: 1})
	if lerr != nil {
		return false, lerr
	}
	return len(page.Payouts) == 0, nil
}

// runDebtor sets the account a pot pays from.
func (m *Main) runDebtor(ctx context.Context, args []string) error {
	fs := m.flags("debtor", "--db DB --pot ID --name NAME --iban IBAN --bic BIC --town TOWN [--country NL]")
	db := fs.String("db", "", dbUsage)
	pot := fs.String("pot", "", "the pot (POT-…)")
	name := fs.String("name", "", "the account holder")
	iban := fs.String("iban", "", "the account's IBAN")
	bic := fs.String("bic", "", "the bank's BIC, such as BNGHNL2G")
	town := fs.String("town", "", "the account holder's town")
	country := fs.String("country", "NL", "the account holder's country")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *pot == "" {
		return usageError("--pot is required")
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	p, err := s.SetDebtorAccount(ctx, operator, ledger.PotID(*pot), ledger.DebtorAccount{Name: *name, IBAN: ledger.IBAN(*iban), BIC: *bic, Town: *town, Country: *country}, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Pot %s pays from %s (%s, %s).\n", p.Name, p.DebtorAccount.IBAN, p.DebtorAccount.Name, p.DebtorAccount.BIC)
	return nil
}

// progress draws a bar on a terminal line: "statements 2026-Q3 [#####-----] 5/10".
// It draws only when w is a terminal: redrawn with carriage returns, a bar
// written into a file, a pipe or a CI log is 30 lines of noise glued
// together, and what was written is said by the command's last line anyway.
type progress struct {
	w     io.Writer // nil: not a terminal, draw nothing
	total int
	n     int
	what  string
}

func newProgress(w io.Writer, total int, what string) *progress {
	p := &progress{total: total, what: what}
	if isTerminal(w) {
		p.w = w
	}
	p.draw()
	return p
}

func (p *progress) step() {
	p.n++
	p.draw()
}

func (p *progress) draw() {
	if p.w == nil {
		return
	}
	const width = 30
	filled := width * p.n / max(p.total, 1)
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d", p.what, strings.Repeat("#", filled), strings.Repeat("-", width-filled), p.n, p.total)
}

func (p *progress) done() {
	if p.w != nil {
		fmt.Fprintln(p.w)
	}
}

// isTerminal reports whether w is a character device, as a terminal is;
// a file, a pipe or a buffer is not. (The standard library's file mode
// says enough here: the one character device a bar could land on by
// mistake is /dev/null, where it does no harm.)
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// writeIndentedJSON writes v as indented JSON.
func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
