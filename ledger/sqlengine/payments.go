package sqlengine

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// payoutHistoryKinds repeats the kind list of the partial index
// journal_payout_ref exactly, in its order: SQLite uses a partial index
// only for a query whose WHERE names the same literal list.
const payoutHistoryKinds = `('payout_held', 'payout_approved', 'payout_rejected', 'payout_reversed')`

// PaymentBatches returns the batches the query selects with their groups,
// newest first (ledger.PaymentReads). A page is read in the order of the
// index payment_batches_order, and the groups of its batches alone.
func (r *reader) PaymentBatches(q ledger.PaymentBatchQuery) ([]ledger.PaymentBatch, error) {
	var where []string
	var args []any
	if q.ID != "" {
		where, args = append(where, "id = ?"), append(args, string(q.ID))
	}
	asc := false
	if q.After != nil {
		c, a := afterKey("created_at", "id", "<", FormatTime(q.After.CreatedAt), string(q.After.ID))
		where, args = append(where, c), append(args, a...)
	}
	if q.Before != nil {
		c, a := afterKey("created_at", "id", ">", FormatTime(q.Before.CreatedAt), string(q.Before.ID))
		where, args = append(where, c), append(args, a...)
		// The page nearest before the cursor: read backwards, then turn.
		asc = q.Limit > 0
	}
	bwhere := ""
	if len(where) > 0 {
		bwhere = " WHERE " + strings.Join(where, " AND ")
	}
	order := " ORDER BY created_at DESC, id DESC"
	if asc {
		order = " ORDER BY created_at, id"
	}
	if q.Limit > 0 {
		order += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	var bs []ledger.PaymentBatch
	index := map[ledger.PaymentBatchID]int{}
	err := r.each(`SELECT id, created_at, created_by, execution_date, payouts, amount, skipped_pots, remittance FROM payment_batches`+bwhere+order, func(rows *sql.Rows) error {
		var b ledger.PaymentBatch
		var at, exec, skipped string
		var amount int64
		if err := rows.Scan(&b.ID, &at, &b.CreatedBy, &exec, &b.Payouts, &amount, &skipped, &b.Remittance); err != nil {
			return err
		}
		b.CreatedAt, b.ExecutionDate, b.Amount = parseTime(at), parseDate(exec), ledger.Cents(amount)
		for _, p := range strings.Fields(skipped) {
			b.SkippedPots = append(b.SkippedPots, ledger.PotID(p))
		}
		bs = append(bs, b)
		return nil
	}, args...)
	if err != nil || len(bs) == 0 {
		return bs, err
	}
	if asc {
		slices.Reverse(bs)
	}
	ids := make([]any, len(bs))
	for i := range bs {
		index[bs[i].ID] = i
		ids[i] = string(bs[i].ID)
	}
	gwhere := ""
	if q.ID != "" || q.Limit > 0 || q.After != nil || q.Before != nil {
		gwhere = ` WHERE g.batch_id IN (` + placeholders(len(ids)) + `)`
	} else {
		ids = nil
	}
	// A group made before pot names were kept shows the pot's name now.
	err = r.each(`SELECT g.batch_id, g.pot_id, COALESCE(g.pot_name, o.name), g.debtor_name, g.debtor_iban, g.debtor_bic, g.debtor_town, g.debtor_country,
			g.payouts, g.amount, g.seq, COALESCE(j.hash, '')
		FROM payment_groups g JOIN pots o ON o.id = g.pot_id LEFT JOIN journal j ON j.seq = g.seq`+gwhere+`
		ORDER BY g.batch_id, lower(o.name), o.year, g.pot_id`, func(rows *sql.Rows) error {
		var batch ledger.PaymentBatchID
		var g ledger.PaymentGroup
		var iban, hash string
		var amount int64
		if err := rows.Scan(&batch, &g.PotID, &g.PotName, &g.Debtor.Name, &iban, &g.Debtor.BIC, &g.Debtor.Town, &g.Debtor.Country,
			&g.Payouts, &amount, &g.JournalSeq, &hash); err != nil {
			return err
		}
		g.Debtor.IBAN, g.Amount = ledger.IBAN(iban), ledger.Cents(amount)
		if i, ok := index[batch]; ok {
			bs[i].Groups = append(bs[i].Groups, g)
			if g.JournalSeq >= bs[i].Checkpoint.Seq {
				bs[i].Checkpoint = ledger.Checkpoint{Seq: g.JournalSeq, Hash: hash}
			}
		}
		return nil
	}, ids...)
	return bs, err
}

// PaymentBatchTotals counts the batches and sums what they paid
// (ledger.PaymentReads).
func (r *reader) PaymentBatchTotals() (int, int, ledger.Cents, error) {
	var n, payouts int
	var amount int64
	err := r.each(`SELECT COUNT(*), CAST(COALESCE(SUM(payouts), 0) AS BIGINT), CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM payment_batches`,
		func(rows *sql.Rows) error { return rows.Scan(&n, &payouts, &amount) })
	return n, payouts, ledger.Cents(amount), err
}

// PaymentItems returns a batch's items in order, with their payouts'
// payees and what the journal holds of them (ledger.PaymentReads).
func (r *reader) PaymentItems(batch ledger.PaymentBatchID) ([]ledger.PaymentItemRow, error) {
	var items []ledger.PaymentItemRow
	err := r.each(`SELECT i.payout_id, i.amount, p.pot_id, p.urgency,
			COALESCE(y.name, ''), COALESCE(y.iban, ''), COALESCE(y.reference, ''), y.erased_at IS NOT NULL, y.salt, COALESCE(y.seq, 0), COALESCE(y.erased_seq, 0), y.payout_id IS NULL,
			COALESCE((SELECT MIN(jq.seq) FROM journal jq WHERE jq.ref = i.payout_id AND jq.kind IN `+payoutHistoryKinds+`), 0),
			COALESCE(jy.ref, ''), COALESCE(jy.payee_digest, '')
		FROM payment_items i JOIN payouts p ON p.id = i.payout_id
		LEFT JOIN payees y ON y.payout_id = i.payout_id LEFT JOIN journal jy ON jy.seq = y.seq
		WHERE i.batch_id = ? ORDER BY i.n`, func(rows *sql.Rows) error {
		var it ledger.PaymentItemRow
		var amount int64
		var urgency, iban string
		rec := &it.PayeeRecord
		if err := rows.Scan(&it.PayoutID, &amount, &it.PotID, &urgency,
			&it.Payee.Name, &iban, &it.Payee.Reference, &it.Payee.Erased, &rec.Salt, &rec.Seq, &rec.ErasedSeq, &rec.Missing,
			&it.RequestSeq, &it.PayeeRef, &it.PayeeDigest); err != nil {
			return err
		}
		it.Amount, it.Urgency, it.Payee.IBAN = ledger.Cents(amount), ledger.Urgency(urgency), ledger.IBAN(iban)
		items = append(items, it)
		return nil
	}, string(batch))
	return items, err
}

// PaymentGroupsAfter calls fn with each group booked after seq, with its
// batch's header as stored (ledger.PaymentReads). A header that is gone
// reads as empty.
func (r *reader) PaymentGroupsAfter(seq int64, fn func(ledger.PaymentGroupRow) error) error {
	return r.each(`SELECT g.seq, g.batch_id, g.pot_id, COALESCE(g.pot_name, ''), g.debtor_name, g.debtor_iban, g.debtor_bic, g.debtor_town, g.debtor_country,
			g.payouts, g.amount, COALESCE(b.created_at, ''), COALESCE(b.created_by, ''), COALESCE(b.execution_date, ''), COALESCE(b.remittance, 0)
		FROM payment_groups g LEFT JOIN payment_batches b ON b.id = g.batch_id
		WHERE g.seq > ? ORDER BY g.seq`, func(rows *sql.Rows) error {
		var x ledger.PaymentGroupRow
		g := &x.Group
		var iban, at, exec string
		var amount int64
		if err := rows.Scan(&g.JournalSeq, &x.Batch.ID, &g.PotID, &g.PotName, &g.Debtor.Name, &iban, &g.Debtor.BIC, &g.Debtor.Town, &g.Debtor.Country,
			&g.Payouts, &amount, &at, &x.Batch.CreatedBy, &exec, &x.Batch.Remittance); err != nil {
			return err
		}
		g.Debtor.IBAN, g.Amount = ledger.IBAN(iban), ledger.Cents(amount)
		x.Batch.CreatedAt, x.Batch.ExecutionDate = parseTime(at), parseDate(exec)
		return fn(x)
	}, seq)
}

// PaidIn returns the batch a payout is an item of (ledger.PaymentReads).
func (r *reader) PaidIn(payout ledger.PayoutID) (ledger.PaymentBatchID, error) {
	var batch ledger.PaymentBatchID
	err := r.queryRow(`SELECT batch_id FROM payment_items WHERE payout_id = ?`, string(payout)).Scan(&batch)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return batch, err
}

// InsertPaymentBatch stores a batch with its groups and items
// (ledger.PaymentWrites).
func (w *wtx) InsertPaymentBatch(b *ledger.PaymentBatch) error {
	skipped := make([]string, len(b.SkippedPots))
	for i, p := range b.SkippedPots {
		skipped[i] = string(p)
	}
	if err := w.insert(`INSERT INTO payment_batches (id, created_at, created_by, execution_date, payouts, amount, skipped_pots, remittance) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		string(b.ID), FormatTime(b.CreatedAt), b.CreatedBy, b.ExecutionDate.String(), b.Payouts, int64(b.Amount), strings.Join(skipped, " "), b.Remittance); err != nil {
		return err
	}
	for _, g := range b.Groups {
		d := g.Debtor
		if err := w.insert(`INSERT INTO payment_groups (batch_id, pot_id, pot_name, debtor_name, debtor_iban, debtor_bic, debtor_town, debtor_country, payouts, amount, seq)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(b.ID), string(g.PotID), g.PotName, d.Name, string(d.IBAN), d.BIC, d.Town, d.Country,
			g.Payouts, int64(g.Amount), g.JournalSeq); err != nil {
			return err
		}
	}
	for n, it := range b.Items {
		if err := w.insert(`INSERT INTO payment_items (payout_id, batch_id, n, amount) VALUES (?, ?, ?, ?)`,
			string(it.PayoutID), string(b.ID), n, int64(it.Amount)); err != nil {
			return err
		}
	}
	return nil
}

// MarkPayoutPaid sets an approved payout's status to paid
// (ledger.PaymentWrites). The guard on the status makes a payout that
// changed meanwhile fail the write instead of being paid.
func (w *wtx) MarkPayoutPaid(id ledger.PayoutID) error {
	return w.execOne(`UPDATE payouts SET status = 'paid' WHERE id = ? AND status = 'approved'`, string(id))
}
