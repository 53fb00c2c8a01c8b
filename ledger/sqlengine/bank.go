package sqlengine

import (
	"cmp"
	"database/sql"
	"errors"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// BankFileImported returns the stored import of a file
// (ledger.BankReads).
func (r *reader) BankFileImported(digest string) (ledger.BankFileRow, bool, error) {
	var f ledger.BankFileRow
	var kind, at string
	err := r.queryRow(`SELECT digest, kind, message_id, imported_at, imported_by, summary, seq FROM bank_files WHERE digest = ?`, digest).
		Scan(&f.Digest, &kind, &f.MessageID, &at, &f.ImportedBy, &f.Summary, &f.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		return f, false, nil
	}
	if err != nil {
		return f, false, err
	}
	f.Kind, f.ImportedAt = ledger.BankFileKind(kind), parseTime(at)
	return f, true, nil
}

// BankEntrySeen returns an imported entry, if there is one
// (ledger.BankReads).
func (r *reader) BankEntrySeen(iban, ref string) (ledger.BankEntryRow, bool, error) {
	e := ledger.BankEntryRow{IBAN: iban, Ref: ref}
	var booked string
	var amount int64
	var debit int
	var payout string
	err := r.queryRow(`SELECT COALESCE(booking_date, ''), amount, debit, COALESCE(payout_id, ''), payment_info_id
		FROM bank_entries WHERE iban = ? AND entry_ref = ?`, iban, ref).Scan(&booked, &amount, &debit, &payout, &e.PaymentInfoID)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	e.BookingDate, e.Amount, e.Debit, e.PayoutID = parseDate(booked), ledger.Cents(amount), debit != 0, ledger.PayoutID(payout)
	return e, err == nil, err
}

// BankEntries calls fn with the imported entries q selects
// (ledger.BankReads).
func (r *reader) BankEntries(q ledger.BankEntryQuery, fn func(*ledger.BankEntryRow) error) error {
	var conds []string
	var args []any
	if q.Outcome != "" {
		conds, args = append(conds, "outcome = ?"), append(args, q.Outcome)
	}
	if q.StatementID != "" {
		conds, args = append(conds, "entry_ref IN (SELECT d.entry_ref FROM bank_statement_entries d WHERE d.iban = ? AND d.statement_id = ?)"),
			append(args, q.IBAN, q.StatementID)
	}
	if q.IBAN != "" {
		conds, args = append(conds, "iban = ?"), append(args, q.IBAN)
	}
	// Dates are stored as YYYY-MM-DD, so comparing the text compares the
	// days; an entry without a booking date (NULL) falls outside any bound.
	if !q.From.IsZero() {
		conds, args = append(conds, "booking_date >= ?"), append(args, q.From.String())
	}
	if !q.To.IsZero() {
		conds, args = append(conds, "booking_date <= ?"), append(args, q.To.String())
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	limit := ""
	if q.Limit > 0 {
		limit = " LIMIT ?"
		args = append(args, q.Limit)
	}
	return r.each(`SELECT iban, entry_ref, statement_id, file_digest, COALESCE(booking_date, ''), amount, debit, payment_info_id, outcome,
		COALESCE(payout_id, ''), reason, detail, detail_nl FROM bank_entries`+where+` ORDER BY booking_date DESC, iban, entry_ref`+limit, func(rows *sql.Rows) error {
		var e ledger.BankEntryRow
		var booked, payout string
		var amount int64
		var debit int
		if err := rows.Scan(&e.IBAN, &e.Ref, &e.StatementID, &e.FileDigest, &booked, &amount, &debit, &e.PaymentInfoID, &e.Outcome,
			&payout, &e.Reason, &e.Detail, &e.DetailNL); err != nil {
			return err
		}
		e.BookingDate, e.Amount, e.Debit, e.PayoutID = parseDate(booked), ledger.Cents(amount), debit != 0, ledger.PayoutID(payout)
		return fn(&e)
	}, args...)
}

// InsertBankFile stores an import (ledger.BankWrites).
func (w *wtx) InsertBankFile(f *ledger.BankFileRow) error {
	return w.insert(`INSERT INTO bank_files (digest, kind, message_id, imported_at, imported_by, summary, seq) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		f.Digest, string(f.Kind), f.MessageID, FormatTime(f.ImportedAt), f.ImportedBy, f.Summary, f.Seq)
}

// InsertBankStatement stores a statement (ledger.BankWrites).
func (w *wtx) InsertBankStatement(s *ledger.BankStatementRow) error {
	bal := func(b *ledger.BankBalance) (any, any) {
		if b == nil {
			return nil, nil
		}
		return int64(b.Amount), b.Date.String()
	}
	oa, od := bal(s.Opening)
	ca, cd := bal(s.Closing)
	// A statement delivered again (in another file) is no error for the
	// import, which goes on: DO NOTHING, as a failed INSERT would end
	// PostgreSQL's transaction.
	res, err := w.exec(`INSERT INTO bank_statements (iban, statement_id, file_digest, from_date, to_date, opening, opening_date, closing, closing_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (iban, statement_id) DO NOTHING`, s.IBAN, s.StatementID, s.FileDigest, dateOrNull(s.From), dateOrNull(s.To), oa, od, ca, cd)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return cmp.Or(err, ledger.ErrExists)
	}
	return nil
}

// InsertStatementEntry records an entry a statement delivered
// (ledger.BankWrites). DO NOTHING, as a failed INSERT would end
// PostgreSQL's transaction.
func (w *wtx) InsertStatementEntry(e *ledger.BankStatementEntry) error {
	res, err := w.exec(`INSERT INTO bank_statement_entries (iban, statement_id, entry_ref, file_digest) VALUES (?, ?, ?, ?)
		ON CONFLICT (iban, statement_id, entry_ref) DO NOTHING`, e.IBAN, e.StatementID, e.Ref, e.FileDigest)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return cmp.Or(err, ledger.ErrExists)
	}
	return nil
}

// InsertBankEntry stores an entry (ledger.BankWrites).
func (w *wtx) InsertBankEntry(e *ledger.BankEntryRow) error {
	var payout any
	if e.PayoutID != "" {
		payout = string(e.PayoutID)
	}
	debit := 0
	if e.Debit {
		debit = 1
	}
	return w.insert(`INSERT INTO bank_entries (iban, entry_ref, statement_id, file_digest, booking_date, amount, debit, payment_info_id, outcome, payout_id, reason, detail, detail_nl)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.IBAN, e.Ref, e.StatementID, e.FileDigest, dateOrNull(e.BookingDate), int64(e.Amount), debit,
		e.PaymentInfoID, e.Outcome, payout, e.Reason, e.Detail, e.DetailNL)
}

// SettlePayout sets a paid payout settled (ledger.BankWrites).
func (w *wtx) SettlePayout(id ledger.PayoutID, seq int64, on ledger.Date) error {
	return w.execOne(`UPDATE payouts SET status = CASE WHEN status = 'paid' THEN 'settled' ELSE status END, settle_seq = ?, settled_on = ?
		WHERE id = ? AND (status = 'paid' OR status = 'returned' AND settle_seq IS NULL)`, seq, on.String(), string(id))
}

// ReturnPayout sets a paid or settled payout returned (ledger.BankWrites).
func (w *wtx) ReturnPayout(id ledger.PayoutID, seq int64, on ledger.Date, reason string) error {
	// Its allocation was withdrawn before (the caller's rule): the row
	// names none, and the parties' loads lose it, as for a reversal.
	if err := w.moveLoads(id, 0); err != nil {
		return err
	}
	return w.execOne(`UPDATE payouts SET status = 'returned', return_seq = ?, returned_on = ?, return_reason = ?,
			allocated = 0, allocation_version = 0
		WHERE id = ? AND status IN ('paid', 'settled')`, seq, on.String(), reason, string(id))
}

// dateOrNull is a date's column value, NULL for the zero date.
func dateOrNull(d ledger.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// AuditBankFiles calls fn with every import and what it stored
// (ledger.AuditReads). Imports are few; each one's rows are read by their
// file.
func (r *reader) AuditBankFiles(fn func(*ledger.BankFileRow, []ledger.BankStatementRow, []ledger.BankEntryRow, []ledger.BankStatementEntry, *ledger.Transaction) error) error {
	type imported struct {
		f ledger.BankFileRow
		t ledger.Transaction
	}
	var files []imported
	err := r.each(`SELECT b.digest, b.kind, b.message_id, b.imported_at, b.imported_by, b.summary, b.seq, `+refColumns("j")+`
		FROM bank_files b LEFT JOIN journal j ON j.seq = b.seq ORDER BY b.seq`, func(rows *sql.Rows) error {
		var x imported
		var kind, at string
		j := scanRef(&x.t)
		if err := rows.Scan(append([]any{&x.f.Digest, &kind, &x.f.MessageID, &at, &x.f.ImportedBy, &x.f.Summary, &x.f.Seq}, j.dest()...)...); err != nil {
			return err
		}
		j.done()
		x.f.Kind, x.f.ImportedAt = ledger.BankFileKind(kind), parseTime(at)
		files = append(files, x)
		return nil
	})
	if err != nil {
		return err
	}
	for i := range files {
		x := &files[i]
		var sts []ledger.BankStatementRow
		err := r.each(`SELECT `+bankStatementColumns+` FROM bank_statements WHERE file_digest = ? ORDER BY iban, statement_id`, func(rows *sql.Rows) error {
			st, err := scanBankStatement(rows)
			sts = append(sts, st)
			return err
		}, x.f.Digest)
		if err != nil {
			return err
		}
		var es []ledger.BankEntryRow
		err = r.each(`SELECT iban, entry_ref, statement_id, COALESCE(booking_date, ''), amount, debit, payment_info_id, outcome, COALESCE(payout_id, ''), reason, detail, detail_nl
			FROM bank_entries WHERE file_digest = ? ORDER BY iban, entry_ref`, func(rows *sql.Rows) error {
			e := ledger.BankEntryRow{FileDigest: x.f.Digest}
			var booked, payout string
			var amount int64
			var debit int
			if err := rows.Scan(&e.IBAN, &e.Ref, &e.StatementID, &booked, &amount, &debit, &e.PaymentInfoID, &e.Outcome, &payout, &e.Reason, &e.Detail, &e.DetailNL); err != nil {
				return err
			}
			e.BookingDate, e.Amount, e.Debit, e.PayoutID = parseDate(booked), ledger.Cents(amount), debit != 0, ledger.PayoutID(payout)
			es = append(es, e)
			return nil
		}, x.f.Digest)
		if err != nil {
			return err
		}
		var ds []ledger.BankStatementEntry
		err = r.each(`SELECT iban, statement_id, entry_ref FROM bank_statement_entries WHERE file_digest = ? ORDER BY iban, statement_id, entry_ref`, func(rows *sql.Rows) error {
			d := ledger.BankStatementEntry{FileDigest: x.f.Digest}
			ds = append(ds, d)
			return rows.Scan(&ds[len(ds)-1].IBAN, &ds[len(ds)-1].StatementID, &ds[len(ds)-1].Ref)
		}, x.f.Digest)
		if err != nil {
			return err
		}
		if err := fn(&x.f, sts, es, ds, &x.t); err != nil {
			return err
		}
	}
	// Rows of a file no import made: put in the file by hand.
	var orphans []string
	err = r.each(`SELECT DISTINCT file_digest FROM bank_entries WHERE file_digest NOT IN (SELECT digest FROM bank_files)
		UNION SELECT DISTINCT file_digest FROM bank_statements WHERE file_digest NOT IN (SELECT digest FROM bank_files)
		UNION SELECT DISTINCT file_digest FROM bank_statement_entries WHERE file_digest NOT IN (SELECT digest FROM bank_files)`, func(rows *sql.Rows) error {
		var d string
		err := rows.Scan(&d)
		orphans = append(orphans, d)
		return err
	})
	if err != nil {
		return err
	}
	for _, d := range orphans {
		if err := fn(&ledger.BankFileRow{Digest: d}, nil, nil, nil, &ledger.Transaction{}); err != nil {
			return err
		}
	}
	return nil
}
