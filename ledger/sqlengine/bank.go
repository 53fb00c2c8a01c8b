package sqlengine

import (
	"database/sql"
	"errors"

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

// BankEntrySeen reports whether an entry was imported (ledger.BankReads).
func (r *reader) BankEntrySeen(iban, ref string) (bool, error) {
	var n int
	err := r.queryRow(`SELECT COUNT(*) FROM bank_entries WHERE iban = ? AND entry_ref = ?`, iban, ref).Scan(&n)
	return n > 0, err
}

// BankEntries calls fn with the imported entries q selects
// (ledger.BankReads).
func (r *reader) BankEntries(q ledger.BankEntryQuery, fn func(*ledger.BankEntryRow) error) error {
	where, args := "", []any{}
	if q.Outcome != "" {
		where, args = " WHERE outcome = ?", append(args, q.Outcome)
	}
	limit := ""
	if q.Limit > 0 {
		limit = " LIMIT ?"
		args = append(args, q.Limit)
	}
	return r.each(`SELECT iban, entry_ref, statement_id, file_digest, COALESCE(booking_date, ''), amount, debit, payment_info_id, outcome,
		COALESCE(payout_id, ''), reason, detail FROM bank_entries`+where+` ORDER BY booking_date DESC, iban, entry_ref`+limit, func(rows *sql.Rows) error {
		var e ledger.BankEntryRow
		var booked, payout string
		var amount int64
		var debit int
		if err := rows.Scan(&e.IBAN, &e.Ref, &e.StatementID, &e.FileDigest, &booked, &amount, &debit, &e.PaymentInfoID, &e.Outcome,
			&payout, &e.Reason, &e.Detail); err != nil {
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
	return w.insert(`INSERT INTO bank_statements (iban, statement_id, file_digest, from_date, to_date, opening, opening_date, closing, closing_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.IBAN, s.StatementID, s.FileDigest, dateOrNull(s.From), dateOrNull(s.To), oa, od, ca, cd)
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
	return w.insert(`INSERT INTO bank_entries (iban, entry_ref, statement_id, file_digest, booking_date, amount, debit, payment_info_id, outcome, payout_id, reason, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.IBAN, e.Ref, e.StatementID, e.FileDigest, dateOrNull(e.BookingDate), int64(e.Amount), debit,
		e.PaymentInfoID, e.Outcome, payout, e.Reason, e.Detail)
}

// SettlePayout sets a paid payout settled (ledger.BankWrites).
func (w *wtx) SettlePayout(id ledger.PayoutID, seq int64, on ledger.Date) error {
	return w.execOne(`UPDATE payouts SET status = 'settled', settle_seq = ?, settled_on = ? WHERE id = ? AND status = 'paid'`, seq, on.String(), string(id))
}

// ReturnPayout sets a paid or settled payout returned (ledger.BankWrites).
func (w *wtx) ReturnPayout(id ledger.PayoutID, seq int64, on ledger.Date, reason string) error {
	return w.execOne(`UPDATE payouts SET status = 'returned', return_seq = ?, returned_on = ?, return_reason = ?
		WHERE id = ? AND status IN ('paid', 'settled')`, seq, on.String(), reason, string(id))
}

// dateOrNull is a date's column value, NULL for the zero date.
func dateOrNull(d ledger.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}
