package sqlengine

import (
	"cmp"
	"database/sql"
	"slices"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// The sums of postings that statements and the finance view are made of
// (ledger.PostingTotal) are kept per pot, month of value date, account,
// kind of transaction and, for a payout's approval and reversal, the
// payout's category, in posting_sums (SQLite migration 16, PostgreSQL 7).
// A write notes the postings it appends (Append) and the group adds them
// to the sums in its own transaction, before the commit, as it writes the
// running balances; so a statement reads a few rows per month instead of
// every posting of the pot since the ledger began. Verify recomputes the
// sums from the postings (AuditPostingSums).

// postingDelta is one posting a write appended, to be added to its sum
// when the group flushes.
type postingDelta struct {
	pot     string
	month   string
	account int64
	kind    ledger.TxKind
	// payout is the payout of an approval or reversal, whose category the
	// sum is kept by; "" for every other kind.
	payout string
	amount ledger.Cents
}

// postingSumKey is the key of a row of posting_sums.
type postingSumKey struct {
	pot, month string
	account    int64
	kind       ledger.TxKind
	category   string
}

// categorised reports whether postings of kind are summed per category of
// their payout: the kinds the statements split by category.
func categorised(kind ledger.TxKind) bool { return kind.Spending() }

// monthOf returns the YYYY-MM of a date as the journal stores it.
func monthOf(date string) string {
	if len(date) < 7 {
		return date
	}
	return date[:7]
}

// notePostings notes the postings of t, just appended, on the accounts ids
// (in the order of t.Postings), for flushPostingSums.
func (w *wtx) notePostings(t *ledger.Transaction, ids []int64) {
	month := monthOf(t.ValueDate.String())
	payout := ""
	if categorised(t.Kind) {
		payout = t.Ref
	}
	for i, p := range t.Postings {
		w.sums = append(w.sums, postingDelta{pot: string(t.PotID), month: month, account: ids[i], kind: t.Kind, payout: payout, amount: p.Amount})
	}
}

// flushPostingSums adds the postings the group appended to their sums. The
// categories of the payouts are read here, once per group, when every
// payout row the group wrote is in; postings of the same sum are added up
// first, so a group of many payouts in one pot and month writes a few rows.
func (w *wtx) flushPostingSums() error {
	if len(w.sums) == 0 {
		return nil
	}
	category := map[string]string{}
	var ids []any
	for _, d := range w.sums {
		if _, ok := category[d.payout]; d.payout != "" && !ok {
			category[d.payout] = ""
			ids = append(ids, d.payout)
		}
	}
	for chunk := range slices.Chunk(ids, 500) {
		err := w.each(`SELECT id, category FROM payouts WHERE id IN (`+placeholders(len(chunk))+`)`, func(rows *sql.Rows) error {
			var id, c string
			if err := rows.Scan(&id, &c); err != nil {
				return err
			}
			category[id] = c
			return nil
		}, chunk...)
		if err != nil {
			return err
		}
	}
	type sum struct {
		amount ledger.Cents
		n      int64
	}
	sums := map[postingSumKey]*sum{}
	var keys []postingSumKey
	for _, d := range w.sums {
		k := postingSumKey{pot: d.pot, month: d.month, account: d.account, kind: d.kind, category: category[d.payout]}
		s := sums[k]
		if s == nil {
			s = &sum{}
			sums[k] = s
			keys = append(keys, k)
		}
		s.amount += d.amount
		s.n++
	}
	// One statement per hundred sums; a key appears once in a statement,
	// as PostgreSQL's ON CONFLICT DO UPDATE requires.
	for chunk := range slices.Chunk(keys, 100) {
		args := make([]any, 0, 7*len(chunk))
		for _, k := range chunk {
			s := sums[k]
			args = append(args, k.pot, k.month, k.account, string(k.kind), k.category, int64(s.amount), s.n)
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?), ", len(chunk)), ", ")
		if _, err := w.exec(`INSERT INTO posting_sums (pot_id, month, account_id, kind, category, amount, n) VALUES `+values+`
			ON CONFLICT (pot_id, month, account_id, kind, category)
			DO UPDATE SET amount = posting_sums.amount + excluded.amount, n = posting_sums.n + excluded.n`, args...); err != nil {
			return err
		}
	}
	w.sums = w.sums[:0]
	return nil
}

// PostingTotals sums postings by account, kind, month and category
// (ledger.PaymentReads), from the sums kept per month: the months the
// range touches are read from posting_sums, and less the days of its
// first and last month that lie outside the range, and less the postings
// of transactions after q.MaxSeq, which are read from the postings
// themselves. A range of whole months (every period a report asks for)
// read at the journal's head costs the months it covers, whatever the
// length of the journal; the transactions booked after MaxSeq cost what
// they hold, and so do the days a range cuts off its months when it names
// a pot (without a pot, they are looked for in the whole journal: no
// report asks for that).
func (r *reader) PostingTotals(q ledger.PostingQuery) ([]ledger.PostingTotal, error) {
	head, _, err := r.Head()
	if err != nil {
		return nil, err
	}
	totals := map[postingTotalKey]*ledger.PostingTotal{}
	add := func(t ledger.PostingTotal, sign int) {
		k := postingTotalKey{t.Account, t.Kind, t.Month, t.Category}
		s := totals[k]
		if s == nil {
			s = &ledger.PostingTotal{Account: t.Account, Kind: t.Kind, Month: t.Month, Category: t.Category}
			totals[k] = s
		}
		s.Amount += ledger.Cents(sign) * t.Amount
		s.Count += sign * t.Count
	}

	var where []string
	var args []any
	if q.PotID != "" {
		where, args = append(where, "s.pot_id = ?"), append(args, string(q.PotID))
	}
	if !q.From.IsZero() {
		where, args = append(where, "s.month >= ?"), append(args, monthOf(q.From.String()))
	}
	if !q.To.IsZero() {
		where, args = append(where, "s.month <= ?"), append(args, monthOf(q.To.String()))
	}
	query := `SELECT a.name, s.kind, s.month, s.category, CAST(SUM(s.amount) AS BIGINT), CAST(SUM(s.n) AS BIGINT)
		FROM posting_sums s JOIN accounts a ON a.id = s.account_id`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " GROUP BY a.name, s.kind, s.month, s.category"
	err = r.each(query, func(rows *sql.Rows) error {
		var t ledger.PostingTotal
		var kind string
		var amount int64
		if err := rows.Scan(&t.Account, &kind, &t.Month, &t.Category, &amount, &t.Count); err != nil {
			return err
		}
		t.Kind, t.Amount = ledger.TxKind(kind), ledger.Cents(amount)
		add(t, 1)
		return nil
	}, args...)
	if err != nil {
		return nil, err
	}

	// Less what the months read hold outside the range: the days of the
	// first month before From, of the last after To.
	minus := func(t ledger.PostingTotal) { add(t, -1) }
	if !q.From.IsZero() {
		if first := ledger.NewDate(q.From.Year(), q.From.Month(), 1); first.Before(q.From) {
			if err := r.scanPostingTotals(ledger.PostingQuery{PotID: q.PotID, From: first, To: q.From.AddDays(-1)}, minus); err != nil {
				return nil, err
			}
		}
	}
	if !q.To.IsZero() {
		if last := ledger.NewDate(q.To.Year(), q.To.Month(), 1).AddMonths(1).AddDays(-1); q.To.Before(last) {
			if err := r.scanPostingTotals(ledger.PostingQuery{PotID: q.PotID, From: q.To.AddDays(1), To: last}, minus); err != nil {
				return nil, err
			}
		}
	}
	// Less the range's postings of transactions after MaxSeq: those
	// booked since the caller read the head.
	if q.MaxSeq > 0 && q.MaxSeq < head {
		if err := r.postingsAfter(q, minus); err != nil {
			return nil, err
		}
	}

	out := make([]ledger.PostingTotal, 0, len(totals))
	for _, t := range totals {
		if t.Count != 0 {
			out = append(out, *t)
		}
	}
	slices.SortFunc(out, func(a, b ledger.PostingTotal) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Category, b.Category))
	})
	return out, nil
}

// postingsAfter calls fn with the sums of the postings of the
// transactions after q.MaxSeq that q's pot and range select. They are
// found by sequence number alone (the journal's primary key), and the pot
// and the range are applied here: given a pot and dates, a database would
// rather read the pot's range by its index (journal_pot_date), which costs
// what the range holds, not what was booked since.
func (r *reader) postingsAfter(q ledger.PostingQuery, fn func(ledger.PostingTotal)) error {
	return r.each(`SELECT j.pot_id, j.value_date, a.name, j.kind, COALESCE(p.category, ''), CAST(SUM(po.amount) AS BIGINT), COUNT(*)
		FROM journal j
		JOIN postings po ON po.seq = j.seq
		JOIN accounts a ON a.id = po.account_id
		LEFT JOIN payouts p ON p.id = j.ref AND j.kind IN ('payout_approved', 'payout_reversed', 'payout_returned')
		WHERE j.seq > ?
		GROUP BY j.pot_id, j.value_date, a.name, j.kind, p.category`, func(rows *sql.Rows) error {
		var pot, date, kind string
		var t ledger.PostingTotal
		var amount int64
		if err := rows.Scan(&pot, &date, &t.Account, &kind, &t.Category, &amount, &t.Count); err != nil {
			return err
		}
		// Dates are YYYY-MM-DD text, so they compare as text.
		switch {
		case q.PotID != "" && pot != string(q.PotID),
			!q.From.IsZero() && date < q.From.String(),
			!q.To.IsZero() && date > q.To.String():
			return nil
		}
		t.Kind, t.Month, t.Amount = ledger.TxKind(kind), monthOf(date), ledger.Cents(amount)
		fn(t)
		return nil
	}, q.MaxSeq)
}

// postingTotalKey is what PostingTotals sums by.
type postingTotalKey struct {
	account  string
	kind     ledger.TxKind
	month    string
	category string
}

// PostingTotals sums the postings themselves in a write, whose own
// postings are not in posting_sums before the group flushes.
func (w *wtx) PostingTotals(q ledger.PostingQuery) ([]ledger.PostingTotal, error) {
	var out []ledger.PostingTotal
	err := w.scanPostingTotals(q, func(t ledger.PostingTotal) { out = append(out, t) })
	return out, err
}

// scanPostingTotals sums the postings q selects by account, kind, month
// and category and in that order, from the postings themselves, and calls
// fn with each sum. Its cost is the postings it reads: with a pot, those
// of the pot's range of value dates (index journal_pot_date); without
// one, the whole journal's.
func (r *reader) scanPostingTotals(q ledger.PostingQuery, fn func(ledger.PostingTotal)) error {
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
	query := `SELECT a.name, j.kind, substr(j.value_date, 1, 7), COALESCE(p.category, ''), CAST(SUM(po.amount) AS BIGINT), COUNT(*)
		FROM journal j
		JOIN postings po ON po.seq = j.seq
		JOIN accounts a ON a.id = po.account_id
		LEFT JOIN payouts p ON p.id = j.ref AND j.kind IN ('payout_approved', 'payout_reversed', 'payout_returned')`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " GROUP BY a.name, j.kind, substr(j.value_date, 1, 7), p.category ORDER BY 1, 2, 3, 4"
	return r.each(query, func(rows *sql.Rows) error {
		var t ledger.PostingTotal
		var kind string
		var amount int64
		if err := rows.Scan(&t.Account, &kind, &t.Month, &t.Category, &amount, &t.Count); err != nil {
			return err
		}
		t.Kind, t.Amount = ledger.TxKind(kind), ledger.Cents(amount)
		fn(t)
		return nil
	}, args...)
}

// AuditPostingSums calls fn with every stored sum of postings beside the
// sum of the postings themselves, by pot, month, account, kind and
// category (ledger.PostingSumReads); with after, those of the pots' months
// that transactions after it posted to.
func (r *reader) AuditPostingSums(after int64, fn func(stored, computed ledger.PostingSum) error) error {
	stored, computed := `posting_sums s`, `journal j`
	var args []any
	if after > 0 {
		// The months touched, and every posting of them: a month's
		// value dates lie between its first and its 31st day. The
		// touched months are read from the new transactions alone (by
		// sequence number), never from an index of the whole journal.
		touched := `(SELECT DISTINCT pot_id, substr(value_date, 1, 7) AS month FROM journal` + r.db.d.NotIndexed() + ` WHERE seq > ?)`
		stored = `posting_sums s JOIN ` + touched + ` t ON t.pot_id = s.pot_id AND t.month = s.month`
		computed = touched + ` t JOIN journal j ON j.pot_id = t.pot_id AND j.value_date >= (t.month || '-01') AND j.value_date <= (t.month || '-31')`
		args = []any{after, after}
	}
	return r.each(`SELECT COALESCE(s.pot_id, c.pot_id), COALESCE(s.month, c.month), COALESCE(a.name, ''),
			COALESCE(s.kind, c.kind), COALESCE(s.category, c.category),
			COALESCE(s.amount, 0), COALESCE(s.n, 0), COALESCE(c.amount, 0), COALESCE(c.n, 0)
		FROM (SELECT s.pot_id, s.month, s.account_id, s.kind, s.category, s.amount, s.n FROM `+stored+`) s
		FULL JOIN (SELECT j.pot_id, substr(j.value_date, 1, 7) AS month, po.account_id, j.kind, COALESCE(p.category, '') AS category,
				CAST(SUM(po.amount) AS BIGINT) AS amount, COUNT(*) AS n
			FROM `+computed+`
			JOIN postings po ON po.seq = j.seq
			LEFT JOIN payouts p ON p.id = j.ref AND j.kind IN ('payout_approved', 'payout_reversed', 'payout_returned')
			GROUP BY 1, 2, 3, 4, 5) c
		ON c.pot_id = s.pot_id AND c.month = s.month AND c.account_id = s.account_id AND c.kind = s.kind AND c.category = s.category
		LEFT JOIN accounts a ON a.id = COALESCE(s.account_id, c.account_id)
		ORDER BY 1, 2, 3, 4, 5`, func(rows *sql.Rows) error {
		var st, ct ledger.PostingSum
		var pot, kind string
		var sa, ca int64
		if err := rows.Scan(&pot, &st.Month, &st.Account, &kind, &st.Category, &sa, &st.Count, &ca, &ct.Count); err != nil {
			return err
		}
		st.PotID, st.Kind, st.Amount = ledger.PotID(pot), ledger.TxKind(kind), ledger.Cents(sa)
		ct.PotID, ct.Month, ct.Account, ct.Kind, ct.Category, ct.Amount = st.PotID, st.Month, st.Account, st.Kind, st.Category, ledger.Cents(ca)
		return fn(st, ct)
	}, args...)
}
