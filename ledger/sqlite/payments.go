package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// SetDebtorAccount sets the account a pot pays from.
func (s *Store) SetDebtorAccount(ctx context.Context, actor ledger.Actor, id ledger.PotID, acct ledger.DebtorAccount, key string) (ledger.Pot, error) {
	if err := actor.Can(ledger.ActSetDebtorAccount, "set a pot's debtor account"); err != nil {
		return ledger.Pot{}, err
	}
	if err := acct.Validate(); err != nil {
		return ledger.Pot{}, err
	}
	fp := ledger.Fingerprint("set_debtor_account", struct {
		Pot     ledger.PotID
		Account ledger.DebtorAccount
	}{id, acct})
	var pot ledger.Pot
	err := s.write(ctx, "set debtor account", func(w *wtx) error {
		var err error
		pot, _, err = idempotent(w, actor, key, "set_debtor_account", fp, func() (ledger.Pot, error) {
			if _, err := loadPot(w.ctx, w.tx, id); err != nil {
				return ledger.Pot{}, err
			}
			w.s.cache.dropPot(id)
			if _, err := w.exec(`UPDATE pots SET debtor_name = ?, debtor_iban = ?, debtor_bic = ?, debtor_town = ?, debtor_country = ? WHERE id = ?`,
				acct.Name, string(acct.IBAN), acct.BIC, acct.Town, acct.Country, string(id)); err != nil {
				return ledger.Pot{}, err
			}
			return w.commitPot(actor, id, "debtor account set")
		})
		return err
	})
	return pot, internal("set debtor account", err)
}

// CreatePaymentBatch puts every approved, unpaid payout of the pot (or of
// every pot with a debtor account) in a new batch, books the payment per pot
// and marks the payouts paid, in one transaction.
func (s *Store) CreatePaymentBatch(ctx context.Context, actor ledger.Actor, req ledger.NewPaymentBatch) (ledger.PaymentBatch, error) {
	if err := actor.Can(ledger.ActPay, "make payment files"); err != nil {
		return ledger.PaymentBatch{}, err
	}
	today := ledger.DateOf(s.now())
	if !req.ExecutionDate.IsZero() && req.ExecutionDate.Before(today) {
		return ledger.PaymentBatch{}, &ledger.Error{Code: ledger.EINVALID, Message: "The payment batch is not valid; correct executionDate and try again",
			Fields: []ledger.FieldError{{Field: "executionDate", Reason: fmt.Sprintf("%s is in the past; give today or a later working day", req.ExecutionDate)}}}
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("create_payment_batch", req)
	var id ledger.PaymentBatchID
	err := s.write(ctx, "create payment batch", func(w *wtx) error {
		var err error
		id, _, err = idempotent(w, actor, key, "create_payment_batch", fp, func() (ledger.PaymentBatchID, error) {
			return w.createPaymentBatch(actor, req)
		})
		return err
	})
	if err != nil {
		return ledger.PaymentBatch{}, internal("create payment batch", err)
	}
	return s.PaymentBatch(ctx, id)
}

func (w *wtx) createPaymentBatch(actor ledger.Actor, req ledger.NewPaymentBatch) (ledger.PaymentBatchID, error) {
	if req.PotID != "" {
		if _, err := loadPot(w.ctx, w.tx, req.PotID); err != nil {
			return "", err
		}
	}
	exec := req.ExecutionDate
	if exec.IsZero() {
		exec = w.today()
	}
	// The request's sequence number is the journal's (found by the
	// payout's id), never the payouts table's.
	rows, err := w.tx.QueryContext(w.ctx, `SELECT p.id, p.pot_id, p.amount, p.urgency, o.name, o.debtor_name IS NOT NULL,
			COALESCE((SELECT MIN(j.seq) FROM journal j WHERE j.ref = p.id AND j.kind IN `+payoutKindsSQL+`), 0)
		FROM payouts p JOIN pots o ON o.id = p.pot_id
		WHERE p.status = 'approved' AND (? = '' OR p.pot_id = ?)
		ORDER BY o.name COLLATE NOCASE, o.year, p.pot_id, p.urgency DESC, p.id`, string(req.PotID), string(req.PotID))
	if err != nil {
		return "", err
	}
	type item struct {
		ledger.PaymentItem
		potName    string
		requestSeq int64
	}
	var items []item
	var skipped []ledger.PotID
	for rows.Next() {
		var it item
		var amount int64
		var urgency string
		var hasDebtor bool
		if err := rows.Scan(&it.PayoutID, &it.PotID, &amount, &urgency, &it.potName, &hasDebtor, &it.requestSeq); err != nil {
			rows.Close()
			return "", err
		}
		it.Amount, it.Urgency = ledger.Cents(amount), ledger.Urgency(urgency)
		if !hasDebtor {
			if !slices.Contains(skipped, it.PotID) {
				skipped = append(skipped, it.PotID)
			}
			continue
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(items) == 0 {
		if len(skipped) > 0 {
			return "", ledger.Errorf(ledger.ECONFLICT, "the approved, unpaid payouts are in pots without a debtor account (%s); set the account a pot pays from first",
				strings.Join(potIDs(skipped), ", "))
		}
		return "", ledger.Errorf(ledger.ECONFLICT, "there are no approved, unpaid payouts to pay; nothing to put in a payment file")
	}
	// What goes to the bank is judged by the journal, not by the table
	// that selected it: a payout rejected, pending, reversed or paid by its
	// history, or with a payee other than the one committed to, stops the
	// run, whatever the payouts table says.
	var problems []string
	pots := map[ledger.PotID]bool{}
	since := w.headSeq
	for _, it := range items {
		ps, err := payable(w.ctx, w.tx, w.s.coverage, it.PayoutID, it.PotID, it.Amount)
		if err != nil {
			return "", err
		}
		problems = append(problems, ps...)
		if !pots[it.PotID] {
			pots[it.PotID] = true
			p, err := potCommitted(w.ctx, w.tx, it.PotID)
			if err != nil {
				return "", err
			}
			if p != "" {
				problems = append(problems, p)
			}
		}
		since = min(since, it.requestSeq)
	}
	ps, err := paymentsSince(w.ctx, w.tx, w.s.coverage, pots, since)
	if err != nil {
		return "", err
	}
	problems = append(problems, ps...)
	if len(problems) > 0 {
		return "", ledger.IntegrityError("the payment run", problems)
	}
	batch := ledger.PaymentBatchID(ledger.NewID(ledger.PaymentBatchPrefix, w.now))
	header := ledger.PaymentBatch{ID: batch, CreatedAt: w.now, CreatedBy: actor.User, ExecutionDate: exec}
	var total ledger.Cents
	for _, it := range items {
		total += it.Amount
	}
	if _, err := w.exec(`INSERT INTO payment_batches (id, created_at, created_by, execution_date, payouts, amount, skipped_pots) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		string(batch), formatTime(w.now), actor.User, exec.String(), len(items), int64(total), strings.Join(potIDs(skipped), " ")); err != nil {
		return "", err
	}
	for start := 0; start < len(items); {
		end := start
		for end < len(items) && items[end].PotID == items[start].PotID {
			end++
		}
		group := items[start:end]
		pot, err := w.s.cache.pot(w, group[0].PotID)
		if err != nil {
			return "", err
		}
		var sum ledger.Cents
		plain := make([]ledger.PaymentItem, len(group))
		for i, it := range group {
			sum += it.Amount
			plain[i] = it.PaymentItem
		}
		t := ledger.Transaction{
			Kind: ledger.TxPaid, Ref: string(batch), PotID: pot.ID, ValueDate: w.today(), Actor: actor.User, ActorRole: actor.Role,
			Memo:     fmt.Sprintf("%d payouts in payment batch %s, to be executed on %s", len(group), batch, exec),
			Digest:   ledger.PaymentDigest(&header, &ledger.PaymentGroup{PotName: pot.Name, Debtor: *pot.DebtorAccount}, plain),
			Postings: ledger.PaymentPostings(pot.ID, sum),
		}
		if err := w.book(&t); err != nil {
			return "", err
		}
		d := pot.DebtorAccount
		if _, err := w.exec(`INSERT INTO payment_groups (batch_id, pot_id, pot_name, debtor_name, debtor_iban, debtor_bic, debtor_town, debtor_country, payouts, amount, seq)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(batch), string(pot.ID), pot.Name, d.Name, string(d.IBAN), d.BIC, d.Town, d.Country,
			len(group), int64(sum), t.Seq); err != nil {
			return "", err
		}
		for i, it := range group {
			if _, err := w.exec(`INSERT INTO payment_items (payout_id, batch_id, n, amount) VALUES (?, ?, ?, ?)`,
				string(it.PayoutID), string(batch), start+i, int64(it.Amount)); err != nil {
				if isUnique(err) {
					return "", fmt.Errorf("payout %s is in another payment batch already", it.PayoutID)
				}
				return "", err
			}
			res, err := w.exec(`UPDATE payouts SET status = 'paid' WHERE id = ? AND status = 'approved'`, string(it.PayoutID))
			if err != nil {
				return "", err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return "", errors.New("payout " + string(it.PayoutID) + " changed while being paid")
			}
		}
		start = end
	}
	return batch, nil
}

func potIDs(ps []ledger.PotID) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return out
}

func batchNotFound(id ledger.PaymentBatchID) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no payment batch %q; list the payment batches to find its id", id)
}

// PaymentBatch returns a batch with its groups and items, the payees
// included: what a payment file is made from.
func (s *Store) PaymentBatch(ctx context.Context, id ledger.PaymentBatchID) (ledger.PaymentBatch, error) {
	if !ledger.ValidID(ledger.PaymentBatchPrefix, string(id)) {
		return ledger.PaymentBatch{}, batchNotFound(id)
	}
	tx, err := s.readDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return ledger.PaymentBatch{}, internal("read payment batch", err)
	}
	defer tx.Rollback()
	bs, err := loadBatches(ctx, tx, id)
	if err != nil {
		return ledger.PaymentBatch{}, internal("read payment batch", err)
	}
	if len(bs) == 0 {
		return ledger.PaymentBatch{}, batchNotFound(id)
	}
	b := bs[0]
	var missing bool
	var problems []string
	err = eachRow(ctx, tx, `SELECT i.amount, p.pot_id, p.urgency, `+payeeColumns+`
		FROM payment_items i JOIN payouts p ON p.id = i.payout_id
		LEFT JOIN payees y ON y.payout_id = i.payout_id LEFT JOIN journal jy ON jy.seq = y.seq
		WHERE i.batch_id = ? ORDER BY i.n`, func(rows *sql.Rows) error {
		var it ledger.PaymentItem
		var amount int64
		var urgency string
		r, err := scanPayee(multiScanner{rows: rows, head: []any{&amount, &it.PotID, &urgency}}, &missing)
		if err != nil {
			return err
		}
		it.PayoutID, it.Payee, it.Amount, it.Urgency = r.payout, r.payee, ledger.Cents(amount), ledger.Urgency(urgency)
		if p := r.problem(s.coverage, missing); p != "" {
			problems = append(problems, p)
		}
		b.Items = append(b.Items, it)
		return nil
	}, string(id))
	if err != nil {
		return b, internal("read payment batch", err)
	}
	// The file is made from this record: it must be the record the journal
	// committed to, or the file would not be the one the bank was sent.
	var total ledger.Cents
	var payouts int
	for _, g := range b.Groups {
		var kind, ref, digest, hash string
		err := tx.QueryRowContext(ctx, `SELECT kind, ref, digest, hash FROM journal WHERE seq = ?`, g.JournalSeq).Scan(&kind, &ref, &digest, &hash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return b, internal("read payment batch", err)
		}
		var items []ledger.PaymentItem
		for _, it := range b.Items {
			if it.PotID == g.PotID {
				items = append(items, ledger.PaymentItem{PayoutID: it.PayoutID, Amount: it.Amount, Urgency: it.Urgency})
			}
		}
		want := ledger.PaymentDigest(&b, &g, items)
		if g.JournalSeq < s.coverage {
			want = ledger.PaymentDigestV1(b.ID, g.Debtor, items)
		}
		if kind != string(ledger.TxPaid) || ref != string(b.ID) || digest != want {
			problems = append(problems, fmt.Sprintf("the part of payment batch %s paid from pot %s no longer matches what transaction %d recorded (its account, dates, payouts or amounts changed)", b.ID, g.PotID, g.JournalSeq))
		}
		if g.JournalSeq >= b.Checkpoint.Seq {
			b.Checkpoint = ledger.Checkpoint{Seq: g.JournalSeq, Hash: hash}
		}
		total += g.Amount
		payouts += g.Payouts
	}
	if total != b.Amount || payouts != b.Payouts || payouts != len(b.Items) {
		problems = append(problems, fmt.Sprintf("payment batch %s records %d payouts and %s, but its parts hold %d payouts (%d listed) and %s", b.ID, b.Payouts, b.Amount, payouts, len(b.Items), total))
	}
	if len(problems) > 0 {
		return b, ledger.IntegrityError("reading payment batch "+string(b.ID), problems)
	}
	return b, nil
}

// PaymentBatches lists the batches, newest first, without their items.
func (s *Store) PaymentBatches(ctx context.Context) ([]ledger.PaymentBatch, error) {
	tx, err := s.readDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, internal("list payment batches", err)
	}
	defer tx.Rollback()
	bs, err := loadBatches(ctx, tx, "")
	return bs, internal("list payment batches", err)
}

// loadBatches reads one batch, or every batch when id is "", with groups.
func loadBatches(ctx context.Context, tx *sql.Tx, id ledger.PaymentBatchID) ([]ledger.PaymentBatch, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, created_at, created_by, execution_date, payouts, amount, skipped_pots FROM payment_batches
		WHERE ? = '' OR id = ? ORDER BY created_at DESC, id DESC`, string(id), string(id))
	if err != nil {
		return nil, err
	}
	var bs []ledger.PaymentBatch
	index := map[ledger.PaymentBatchID]int{}
	for rows.Next() {
		var b ledger.PaymentBatch
		var at, exec, skipped string
		var amount int64
		if err := rows.Scan(&b.ID, &at, &b.CreatedBy, &exec, &b.Payouts, &amount, &skipped); err != nil {
			rows.Close()
			return nil, err
		}
		b.CreatedAt, b.ExecutionDate, b.Amount = parseTime(at), parseDate(exec), ledger.Cents(amount)
		for _, p := range strings.Fields(skipped) {
			b.SkippedPots = append(b.SkippedPots, ledger.PotID(p))
		}
		index[b.ID] = len(bs)
		bs = append(bs, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	grows, err := tx.QueryContext(ctx, `SELECT g.batch_id, g.pot_id, COALESCE(g.pot_name, o.name), g.debtor_name, g.debtor_iban, g.debtor_bic, g.debtor_town, g.debtor_country,
			g.payouts, g.amount, g.seq, COALESCE(j.hash, '')
		FROM payment_groups g JOIN pots o ON o.id = g.pot_id LEFT JOIN journal j ON j.seq = g.seq WHERE ? = '' OR g.batch_id = ?
		ORDER BY g.batch_id, o.name COLLATE NOCASE, o.year, g.pot_id`, string(id), string(id))
	if err != nil {
		return nil, err
	}
	defer grows.Close()
	for grows.Next() {
		var batch ledger.PaymentBatchID
		var g ledger.PaymentGroup
		var iban, hash string
		var amount int64
		if err := grows.Scan(&batch, &g.PotID, &g.PotName, &g.Debtor.Name, &iban, &g.Debtor.BIC, &g.Debtor.Town, &g.Debtor.Country,
			&g.Payouts, &amount, &g.JournalSeq, &hash); err != nil {
			return nil, err
		}
		g.Debtor.IBAN, g.Amount = ledger.IBAN(iban), ledger.Cents(amount)
		if i, ok := index[batch]; ok {
			bs[i].Groups = append(bs[i].Groups, g)
			// The batch's checkpoint: the transaction of its last payment.
			if g.JournalSeq >= bs[i].Checkpoint.Seq {
				bs[i].Checkpoint = ledger.Checkpoint{Seq: g.JournalSeq, Hash: hash}
			}
		}
	}
	return bs, grows.Err()
}

// PostingTotals sums postings by account, kind of transaction, month of
// value date and, for payout transactions, the payout's category.
func (s *Store) PostingTotals(ctx context.Context, q ledger.PostingQuery) ([]ledger.PostingTotal, error) {
	if q.PotID != "" {
		if _, err := loadPot(ctx, s.readDB, q.PotID); err != nil {
			return nil, internal("sum postings", err)
		}
	}
	var where []string
	var args []any
	if q.PotID != "" {
		where, args = append(where, "j.pot_id = ?"), append(args, string(q.PotID))
	}
	if !q.From.IsZero() {
		where, args = append(where, "j.value_date >= ?"), append(args, q.From.String())
	}
	if !q.To.IsZero() {
		where, args = append(where, "j.value_date <= ?"), append(args, q.To.String())
	}
	if q.MaxSeq > 0 {
		where, args = append(where, "j.seq <= ?"), append(args, q.MaxSeq)
	}
	query := `SELECT a.name, j.kind, substr(j.value_date, 1, 7), COALESCE(p.category, ''), SUM(po.amount), COUNT(*)
		FROM journal j
		JOIN postings po ON po.seq = j.seq
		JOIN accounts a ON a.id = po.account_id
		LEFT JOIN payouts p ON p.id = j.ref AND j.kind IN ('payout_approved', 'payout_reversed')`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " GROUP BY a.name, j.kind, substr(j.value_date, 1, 7), p.category ORDER BY 1, 2, 3, 4"
	rows, err := s.readDB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, internal("sum postings", err)
	}
	defer rows.Close()
	var out []ledger.PostingTotal
	for rows.Next() {
		var t ledger.PostingTotal
		var kind string
		var amount int64
		if err := rows.Scan(&t.Account, &kind, &t.Month, &t.Category, &amount, &t.Count); err != nil {
			return nil, internal("sum postings", err)
		}
		t.Kind, t.Amount = ledger.TxKind(kind), ledger.Cents(amount)
		out = append(out, t)
	}
	return out, internal("sum postings", rows.Err())
}
