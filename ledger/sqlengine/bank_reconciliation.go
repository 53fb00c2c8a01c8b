package sqlengine

import (
	"database/sql"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// The reads the reconciliation of a bank account with the ledger is made
// of (ledger.Service.Reconciliation): the stored statements, and the
// postings on the pots' bank accounts over a statement's days. They read
// rows as they are; which difference each one explains is the ledger's to
// say.

// BankStatements returns the statements q selects, newest first
// (ledger.BankReads).
func (r *reader) BankStatements(q ledger.BankStatementQuery) ([]ledger.BankStatementRow, error) {
	var conds []string
	var args []any
	if q.IBAN != "" {
		conds, args = append(conds, "iban = ?"), append(args, q.IBAN)
	}
	if q.ID != "" {
		conds, args = append(conds, "statement_id = ?"), append(args, q.ID)
	}
	query := `SELECT ` + bankStatementColumns + ` FROM bank_statements`
	if len(conds) > 0 {
		query += " WHERE " + strings.Join(conds, " AND ")
	}
	// A statement without dates sorts last (COALESCE to ''), then by id.
	query += " ORDER BY COALESCE(to_date, '') DESC, statement_id DESC, iban"
	if q.Limit > 0 {
		query, args = query+" LIMIT ?", append(args, q.Limit)
	}
	var out []ledger.BankStatementRow
	err := r.each(query, func(rows *sql.Rows) error {
		st, err := scanBankStatement(rows)
		out = append(out, st)
		return err
	}, args...)
	return out, err
}

// bankStatementColumns are the columns scanBankStatement reads.
const bankStatementColumns = `iban, statement_id, file_digest, COALESCE(from_date, ''), COALESCE(to_date, ''),
	opening, COALESCE(opening_date, ''), closing, COALESCE(closing_date, '')`

// scanBankStatement reads a statement's row of bankStatementColumns; a
// balance the statement did not give is nil.
func scanBankStatement(sc scanner) (ledger.BankStatementRow, error) {
	var st ledger.BankStatementRow
	var from, to, od, cd string
	var opening, closing sql.NullInt64
	if err := sc.Scan(&st.IBAN, &st.StatementID, &st.FileDigest, &from, &to, &opening, &od, &closing, &cd); err != nil {
		return st, err
	}
	st.From, st.To = parseDate(from), parseDate(to)
	if opening.Valid {
		st.Opening = &ledger.BankBalance{Amount: ledger.Cents(opening.Int64), Date: parseDate(od)}
	}
	if closing.Valid {
		st.Closing = &ledger.BankBalance{Amount: ledger.Cents(closing.Int64), Date: parseDate(cd)}
	}
	return st, nil
}

// BankStatementAccounts returns the accounts with a stored statement
// (ledger.BankReads); the primary key (iban, statement_id) serves it.
func (r *reader) BankStatementAccounts() ([]string, error) {
	var out []string
	err := r.each(`SELECT DISTINCT iban FROM bank_statements ORDER BY iban`, func(rows *sql.Rows) error {
		var iban string
		err := rows.Scan(&iban)
		out = append(out, iban)
		return err
	})
	return out, err
}

// BankPostings calls fn with the postings on the pots' bank accounts
// within q's value dates (ledger.BankReads). The journal's index on
// (pot_id, value_date) finds the transactions: every transaction that
// posts on a pot's accounts carries the pot's id; the account's name keeps
// the bank account's postings of them.
func (r *reader) BankPostings(q ledger.BankPostingQuery, fn func(*ledger.BankPosting) error) error {
	if len(q.Pots) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(q.Pots)+2)
	for _, p := range q.Pots {
		args = append(args, string(p))
	}
	for _, p := range q.Pots {
		args = append(args, ledger.AccountName(p, ledger.AccountBank, ""))
	}
	query := `SELECT j.seq, j.kind, j.ref, j.pot_id, j.value_date, p.amount FROM journal j
		JOIN postings p ON p.seq = j.seq JOIN accounts a ON a.id = p.account_id
		WHERE j.pot_id IN (` + placeholders(len(q.Pots)) + `) AND a.name IN (` + placeholders(len(q.Pots)) + `)`
	if !q.From.IsZero() {
		query, args = query+" AND j.value_date >= ?", append(args, q.From.String())
	}
	if !q.To.IsZero() {
		query, args = query+" AND j.value_date <= ?", append(args, q.To.String())
	}
	query += " ORDER BY j.value_date, j.seq, p.n"
	return r.each(query, func(rows *sql.Rows) error {
		var bp ledger.BankPosting
		var kind, pot, day string
		var amount int64
		if err := rows.Scan(&bp.Seq, &kind, &bp.Ref, &pot, &day, &amount); err != nil {
			return err
		}
		bp.Kind, bp.PotID, bp.ValueDate, bp.Amount = ledger.TxKind(kind), ledger.PotID(pot), parseDate(day), ledger.Cents(amount)
		return fn(&bp)
	}, args...)
}
