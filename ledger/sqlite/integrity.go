package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/ledger"
)

// What a payment run reads from the journal rather than from the tables: a
// payout's state and its payee. The tables are there for speed; anyone with
// the file can edit them, so what leaves the bank is checked against the
// journal first (Verify checks the same for every payout, after the fact).

// payeeRow is a payee as stored, with what the journal says of it.
type payeeRow struct {
	payout    ledger.PayoutID
	payee     ledger.Payee
	salt      []byte
	seq       int64 // the transaction that committed to this payee
	erasedSeq int64 // the erasure that erased it
	// requestSeq is the payout's request as the journal has it (its first
	// transaction, found by the payout's id), not as the payouts table
	// says: whether the payee predates coverage must not rest on a column
	// anyone with the file can change.
	requestSeq int64
	// ref and digest are those of the transaction at seq.
	ref, digest string
}

// payeeColumns reads a payeeRow from payees y, payouts p and the journal
// row jy at y.seq.
const payeeColumns = `p.id, COALESCE(y.name, ''), COALESCE(y.iban, ''), COALESCE(y.erased_at IS NOT NULL, 0), y.salt,
	COALESCE(y.seq, 0), COALESCE(y.erased_seq, 0),
	COALESCE((SELECT MIN(jq.seq) FROM journal jq WHERE jq.ref = p.id AND jq.kind IN ` + payoutKindsSQL + `), 0), COALESCE(jy.ref, ''), COALESCE(jy.payee_digest, ''), y.payout_id IS NULL`

func scanPayee(sc scanner, missing *bool) (payeeRow, error) {
	var r payeeRow
	var iban string
	err := sc.Scan(&r.payout, &r.payee.Name, &iban, &r.payee.Erased, &r.salt, &r.seq, &r.erasedSeq, &r.requestSeq, &r.ref, &r.digest, missing)
	r.payee.IBAN = ledger.IBAN(iban)
	return r, err
}

// problem says what does not fit, or "" when the payee is the one the
// journal committed to (or was erased by an erasure, or predates coverage).
func (r *payeeRow) problem(coverage int64, missing bool) string {
	preCoverage := r.requestSeq < coverage
	switch {
	case missing:
		return fmt.Sprintf("the payee of payout %s is gone from the file", r.payout)
	case r.payee.Erased:
		if r.erasedSeq == 0 && !preCoverage {
			return fmt.Sprintf("the payee of payout %s is marked erased, but no erasure in the journal erased it", r.payout)
		}
		return ""
	case r.salt == nil && r.seq == 0 && preCoverage:
		return "" // requested before the journal committed to payees
	case r.ref != string(r.payout):
		return fmt.Sprintf("the payee of payout %s no longer points to the transaction that recorded it", r.payout)
	case ledger.PayeeDigest(r.salt, r.payout, r.payee) != r.digest:
		return fmt.Sprintf("the payee (name or IBAN) of payout %s no longer matches the digest transaction %d recorded for it", r.payout, r.seq)
	}
	return ""
}

// loadPayeeRow reads one payout's payee with the journal's digest of it.
func loadPayeeRow(ctx context.Context, q querier, id ledger.PayoutID) (payeeRow, bool, error) {
	var missing bool
	r, err := scanPayee(q.QueryRowContext(ctx, `SELECT `+payeeColumns+`
		FROM payouts p LEFT JOIN payees y ON y.payout_id = p.id LEFT JOIN journal jy ON jy.seq = y.seq
		WHERE p.id = ?`, string(id)), &missing)
	return r, missing, err
}

// payoutHistory replays a payout's journal history: the status it gives,
// the pot and amount of the transaction that approved it (zero unless
// approved), or a problem when the history is impossible. It reads the
// journal by the payout's id, never the payouts table's references to it.
func payoutHistory(ctx context.Context, q querier, id ledger.PayoutID) (st ledger.Status, pot ledger.PotID, amount ledger.Cents, problem string, err error) {
	var kinds []ledger.TxKind
	var seqs []int64
	var pots []ledger.PotID
	var amounts []ledger.Cents
	err = eachRow(ctx, q, `SELECT j.seq, j.kind, j.pot_id, COALESCE((SELECT amount FROM postings WHERE seq = j.seq AND n = 0), 0)
		FROM journal j WHERE j.ref = ? AND j.kind IN `+payoutKindsSQL+` ORDER BY j.seq`, func(rows *sql.Rows) error {
		var seq, amount int64
		var kind, pot string
		if err := rows.Scan(&seq, &kind, &pot, &amount); err != nil {
			return err
		}
		kinds, seqs = append(kinds, ledger.TxKind(kind)), append(seqs, seq)
		pots, amounts = append(pots, ledger.PotID(pot)), append(amounts, ledger.Cents(amount))
		return nil
	}, string(id))
	if err != nil {
		return "", "", 0, "", err
	}
	st, rerr := ledger.ReplayPayout(kinds, seqs)
	if rerr != nil {
		return "", "", 0, fmt.Sprintf("the journal history of payout %s does not fit: %v", id, rerr), nil
	}
	if st == ledger.StatusApproved {
		// The approving transaction is the last; its first posting is the
		// cost of the payout (ledger.ApprovalPostings).
		last := len(kinds) - 1
		pot, amount = pots[last], amounts[last]
	}
	return st, pot, amount, "", nil
}

// payable returns what keeps an approved payout from going out, judged by
// the journal: its history must leave it approved and unpaid, for the pot
// and amount stored; its stored request (pot, amount, urgency, case,
// weighing) must match the digest its request's transaction holds; and its
// payee must be the one committed to.
func payable(ctx context.Context, q querier, coverage int64, id ledger.PayoutID, pot ledger.PotID, amount ledger.Cents) ([]string, error) {
	var problems []string
	row, err := loadPayout(ctx, q, id)
	if err != nil {
		return nil, err
	}
	var reqDigest string
	if err := q.QueryRowContext(ctx, `SELECT digest FROM journal WHERE ref = ? AND kind IN `+payoutKindsSQL+` ORDER BY seq LIMIT 1`, string(id)).Scan(&reqDigest); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if ledger.RequestDigest(row.salt, &row.Payout) != reqDigest {
		problems = append(problems, fmt.Sprintf("the stored request of payout %s (amount, urgency, case or weighing) no longer matches the digest its request's transaction holds", id))
	}
	st, jpot, jamount, problem, err := payoutHistory(ctx, q, id)
	switch {
	case err != nil:
		return nil, err
	case problem != "":
		problems = append(problems, problem)
	case st != ledger.StatusApproved:
		problems = append(problems, fmt.Sprintf("payout %s is approved in the table, but its journal history makes it %s", id, st))
	case jpot != pot || jamount != amount:
		problems = append(problems, fmt.Sprintf("payout %s is stored as %s from pot %s, but its journal approved %s from pot %s", id, amount, pot, jamount, jpot))
	}
	var batch string
	switch err := q.QueryRowContext(ctx, `SELECT batch_id FROM payment_items WHERE payout_id = ?`, string(id)).Scan(&batch); {
	case err == nil:
		problems = append(problems, fmt.Sprintf("payout %s is approved in the table, but payment batch %s paid it already", id, batch))
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	r, missing, err := loadPayeeRow(ctx, q, id)
	if err != nil {
		return nil, err
	}
	switch {
	case r.payee.Erased && !missing:
		problems = append(problems, fmt.Sprintf("the payee of payout %s was erased", id))
	case !missing && r.salt == nil:
		// Every payee that can be paid was committed to, at the request
		// or when coverage began; one without a salt was not.
		problems = append(problems, fmt.Sprintf("the payee of payout %s was never committed to by the journal", id))
	default:
		if p := r.problem(coverage, missing); p != "" {
			problems = append(problems, p)
		}
	}
	return problems, nil
}

// paymentsSince checks the payments booked for pots after since against
// the journal: every payouts_paid transaction still has its record, and each
// record's payouts and amounts still match its digest. A payment run runs it
// from the oldest approval it pays: a payout is paid after it was approved,
// so a payment of it, if any, lies in that range, and a record of it that
// was removed (so that it would be paid again) is caught before the money
// goes out.
func paymentsSince(ctx context.Context, q querier, coverage int64, pots map[ledger.PotID]bool, since int64) ([]string, error) {
	var problems []string
	type group struct {
		batch  ledger.PaymentBatch
		g      ledger.PaymentGroup
		digest string
		items  []ledger.PaymentItem
	}
	groups := map[int64]*group{}
	var order []int64
	err := eachRow(ctx, q, `SELECT j.seq, j.ref, j.pot_id, j.digest, COALESCE(g.batch_id, ''), COALESCE(b.created_at, ''), COALESCE(b.created_by, ''),
			COALESCE(b.execution_date, ''), COALESCE(g.pot_name, ''), COALESCE(g.debtor_name, ''), COALESCE(g.debtor_iban, ''),
			COALESCE(g.debtor_bic, ''), COALESCE(g.debtor_town, ''), COALESCE(g.debtor_country, '')
		FROM journal j
		LEFT JOIN payment_groups g ON g.seq = j.seq
		LEFT JOIN payment_batches b ON b.id = g.batch_id
		WHERE j.seq > ? AND j.kind = 'payouts_paid'`, func(rows *sql.Rows) error {
		var x group
		var seq int64
		var ref, pot, batch, at, exec, iban string
		if err := rows.Scan(&seq, &ref, &pot, &x.digest, &batch, &at, &x.batch.CreatedBy, &exec, &x.g.PotName, &x.g.Debtor.Name, &iban,
			&x.g.Debtor.BIC, &x.g.Debtor.Town, &x.g.Debtor.Country); err != nil {
			return err
		}
		if !pots[ledger.PotID(pot)] {
			return nil
		}
		if batch == "" {
			problems = append(problems, fmt.Sprintf("transaction %d books the payment of batch %s, whose record is gone", seq, ref))
			return nil
		}
		x.batch.ID, x.batch.CreatedAt, x.batch.ExecutionDate = ledger.PaymentBatchID(batch), parseTime(at), parseDate(exec)
		x.g.PotID, x.g.Debtor.IBAN = ledger.PotID(pot), ledger.IBAN(iban)
		groups[seq] = &x
		order = append(order, seq)
		return nil
	}, since)
	if err != nil {
		return nil, err
	}
	for _, seq := range order {
		x := groups[seq]
		err := eachRow(ctx, q, `SELECT i.payout_id, i.amount, p.urgency FROM payment_items i JOIN payouts p ON p.id = i.payout_id
			WHERE i.batch_id = ? AND p.pot_id = ? ORDER BY i.n`, func(rows *sql.Rows) error {
			var it ledger.PaymentItem
			var amount int64
			if err := rows.Scan(&it.PayoutID, &amount, &it.Urgency); err != nil {
				return err
			}
			it.Amount = ledger.Cents(amount)
			x.items = append(x.items, it)
			return nil
		}, string(x.batch.ID), string(x.g.PotID))
		if err != nil {
			return nil, err
		}
		want := ledger.PaymentDigest(&x.batch, &x.g, x.items)
		if seq < coverage {
			want = ledger.PaymentDigestV1(x.batch.ID, x.g.Debtor, x.items)
		}
		if want != x.digest {
			problems = append(problems, fmt.Sprintf("the record of payment batch %s (pot %s) no longer matches what transaction %d booked: a payout it paid may have been taken out of it", x.batch.ID, x.g.PotID, seq))
		}
	}
	return problems, nil
}

// potCommitted reports a problem when a pot's stored record (its debtor
// account, ladder, limits) differs from what its latest pot_set
// transaction committed to: a payment run must not pay from an account
// someone put in the file.
func potCommitted(ctx context.Context, q querier, id ledger.PotID) (string, error) {
	p, err := loadPot(ctx, q, id)
	if err != nil {
		return "", err
	}
	var digest string
	err = q.QueryRowContext(ctx, `SELECT digest FROM journal WHERE kind IN `+governedKindsSQL+` AND kind = 'pot_set' AND ref = ?
		ORDER BY seq DESC LIMIT 1`, string(id)).Scan(&digest)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	r := ledger.PotRecord(&p)
	if digest != r.Digest() {
		return fmt.Sprintf("pot %s (its debtor account, ladder or limits) no longer matches what the journal committed to", id), nil
	}
	return "", nil
}
