package sqlengine

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// Parties returns the outside parties with the given ids, or every party,
// by name (ledger.ReallocationReads).
func (r *reader) Parties(ids ...ledger.PartyID) ([]ledger.Party, error) {
	query := `SELECT id, name, kind, created_at FROM parties`
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = string(id)
	}
	if len(ids) > 0 {
		query += ` WHERE id IN (` + placeholders(len(ids)) + `)`
	}
	var ps []ledger.Party
	err := r.each(query+` ORDER BY lower(name), id`, func(rows *sql.Rows) error {
		var p ledger.Party
		var kind, at string
		if err := rows.Scan(&p.ID, &p.Name, &kind, &at); err != nil {
			return err
		}
		p.Kind, p.CreatedAt = ledger.PartyKind(kind), parseTime(at)
		ps = append(ps, p)
		return nil
	}, args...)
	return ps, err
}

// InsertParty adds an outside party (ledger.ReallocationWrites).
func (w *wtx) InsertParty(p *ledger.Party) error {
	return w.insert(`INSERT INTO parties (id, name, kind, created_at) VALUES (?, ?, ?, ?)`,
		string(p.ID), p.Name, string(p.Kind), FormatTime(p.CreatedAt))
}

// RenameParty gives a party a new name (ledger.ReallocationWrites).
func (w *wtx) RenameParty(id ledger.PartyID, name string) error {
	err := w.execOne(`UPDATE parties SET name = ? WHERE id = ?`, name, string(id))
	if err != nil && w.db.d.IsUnique(err) {
		return fmt.Errorf("%w: %v", ledger.ErrExists, err)
	}
	return err
}

// Allocations returns the versions of a payout's allocation with their
// lines (ledger.ReallocationReads).
func (r *reader) Allocations(payout ledger.PayoutID, version int) ([]ledger.AllocationRow, error) {
	var as []ledger.AllocationRow
	index := map[int]int{}
	err := r.each(`SELECT version, pot_id, allocated, note, salt, by_user, role, at, seq, suggested_by, followed_suggestion,
			COALESCE(reversal_seq, 0), replaced_at, COALESCE(reversal_note, '')
		FROM allocations WHERE payout_id = ? AND (? = 0 OR version = ?) ORDER BY version`, func(rows *sql.Rows) error {
		a := ledger.AllocationRow{Allocation: ledger.Allocation{PayoutID: payout}}
		var allocated int64
		var role, at string
		var replaced sql.NullString
		if err := rows.Scan(&a.Version, &a.PotID, &allocated, &a.Note, &a.Salt, &a.By, &role, &at, &a.JournalSeq, &a.SuggestedBy,
			&a.FollowedSuggestion, &a.ReversalSeq, &replaced, &a.ReversalNote); err != nil {
			return err
		}
		a.Allocated, a.Role, a.At, a.ReplacedAt = ledger.Cents(allocated), ledger.Role(role), parseTime(at), nullTime(replaced)
		index[a.Version] = len(as)
		as = append(as, a)
		return nil
	}, string(payout), version, version)
	if err != nil || len(as) == 0 {
		return as, err
	}
	err = r.each(`SELECT l.version, l.target, l.taakveld, l.economic_category, COALESCE(l.party_id, ''), COALESCE(y.name, ''),
			l.amount, COALESCE(l.receivable_id, '')
		FROM allocation_lines l LEFT JOIN parties y ON y.id = l.party_id
		WHERE l.payout_id = ? AND (? = 0 OR l.version = ?) ORDER BY l.version, l.n`, func(rows *sql.Rows) error {
		var v int
		var l ledger.AllocationLine
		var target, ecat, party, rcv string
		var amount int64
		if err := rows.Scan(&v, &target, &l.Taakveld, &ecat, &party, &l.PartyName, &amount, &rcv); err != nil {
			return err
		}
		l.Target, l.EconomicCategory, l.PartyID, l.Amount, l.ReceivableID =
			ledger.Target(target), ledger.EconomicCategory(ecat), ledger.PartyID(party), ledger.Cents(amount), ledger.ReceivableID(rcv)
		if i, ok := index[v]; ok {
			as[i].Lines = append(as[i].Lines, l)
		}
		return nil
	}, string(payout), version, version)
	return as, err
}

// InsertAllocation adds one version of a payout's allocation with its
// lines (ledger.ReallocationWrites).
func (w *wtx) InsertAllocation(a *ledger.AllocationRow) error {
	if err := w.insert(`INSERT INTO allocations (payout_id, version, pot_id, allocated, note, salt, by_user, role, at, seq, suggested_by, followed_suggestion)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(a.PayoutID), a.Version, string(a.PotID), int64(a.Allocated), a.Note, a.Salt,
		a.By, string(a.Role), FormatTime(a.At), a.JournalSeq, a.SuggestedBy, a.FollowedSuggestion); err != nil {
		return err
	}
	for i, l := range a.Lines {
		var party, rcv any
		if l.PartyID != "" {
			party = string(l.PartyID)
		}
		if l.ReceivableID != "" {
			rcv = string(l.ReceivableID)
		}
		if _, err := w.exec(`INSERT INTO allocation_lines (payout_id, version, n, target, taakveld, economic_category, party_id, amount, receivable_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(a.PayoutID), a.Version, i, string(l.Target), l.Taakveld, string(l.EconomicCategory),
			party, int64(l.Amount), rcv); err != nil {
			return err
		}
	}
	return nil
}

// SetCurrentAllocation records a payout's current allocation
// (ledger.ReallocationWrites).
func (w *wtx) SetCurrentAllocation(payout ledger.PayoutID, version int, allocated ledger.Cents) error {
	if err := w.moveLoads(payout, version); err != nil {
		return err
	}
	return w.execOne(`UPDATE payouts SET allocated = ?, allocation_version = ? WHERE id = ?`, int64(allocated), version, string(payout))
}

// ReverseAllocation records the reversal of a version of an allocation
// (ledger.ReallocationWrites).
func (w *wtx) ReverseAllocation(payout ledger.PayoutID, version int, seq int64, at time.Time, why string) error {
	return w.execOne(`UPDATE allocations SET reversal_seq = ?, replaced_at = ?, reversal_note = ?
		WHERE payout_id = ? AND version = ? AND reversal_seq IS NULL`, seq, FormatTime(at), why, string(payout), version)
}

// receivableWhere is the condition of the receivables q selects, without
// its cursors, with its arguments ("" for every receivable).
func receivableWhere(q ledger.ReceivableQuery) (string, []any) {
	var where []string
	var args []any
	if len(q.IDs) > 0 {
		where = append(where, "r.id IN ("+placeholders(len(q.IDs))+")")
		for _, id := range q.IDs {
			args = append(args, string(id))
		}
	}
	for _, c := range []struct {
		cond string
		v    string
	}{{"r.pot_id = ?", string(q.PotID)}, {"r.party_id = ?", string(q.PartyID)}, {"r.payout_id = ?", string(q.PayoutID)}, {"r.status = ?", string(q.Status)}} {
		if c.v != "" {
			where = append(where, c.cond)
			args = append(args, c.v)
		}
	}
	if q.AllocationVersion > 0 {
		where, args = append(where, "r.allocation_version = ?"), append(args, q.AllocationVersion)
	}
	return strings.Join(where, " AND "), args
}

// afterKey is the condition "(col1, col2) > (a, b)" for a keyset page,
// written so that both engines read it as a range on an index that starts
// with col1, col2 (a row value comparison or an OR alone would have SQLite
// walk the index from its start); op is ">" or "<".
func afterKey(col1, col2, op string, a, b any) (string, []any) {
	return col1 + " " + op + "= ? AND (" + col1 + " " + op + " ? OR " + col2 + " " + op + " ?)", []any{a, a, b}
}

// Receivables returns the receivables the query selects, with their
// settlements (ledger.ReallocationReads). A page is read in the order of
// the indexes receivables_listed, receivables_order, receivables_pot and
// receivables_party (each ends in created_at, id), so it costs what the
// page holds.
func (r *reader) Receivables(q ledger.ReceivableQuery) ([]ledger.Receivable, error) {
	cond, args := receivableWhere(q)
	where := []string{}
	if cond != "" {
		where = append(where, cond)
	}
	desc := false
	if q.After != nil {
		c, a := afterKey("r.created_at", "r.id", ">", FormatTime(q.After.CreatedAt), string(q.After.ID))
		where, args = append(where, c), append(args, a...)
	}
	if q.Before != nil {
		c, a := afterKey("r.created_at", "r.id", "<", FormatTime(q.Before.CreatedAt), string(q.Before.ID))
		where, args = append(where, c), append(args, a...)
		// The page nearest before the cursor: read backwards, then turn.
		desc = q.Limit > 0
	}
	query := `SELECT r.id, r.pot_id, r.payout_id, r.party_id, y.name, r.allocation_version, r.amount, r.settled, r.status, r.created_at
		FROM receivables r JOIN parties y ON y.id = r.party_id`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	order := " ORDER BY r.created_at, r.id"
	if desc {
		order = " ORDER BY r.created_at DESC, r.id DESC"
	}
	if q.Limit > 0 {
		order += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	var rs []ledger.Receivable
	err := r.each(query+order, func(rows *sql.Rows) error {
		var x ledger.Receivable
		var amount, settled int64
		var status, at string
		if err := rows.Scan(&x.ID, &x.PotID, &x.PayoutID, &x.PartyID, &x.PartyName, &x.AllocationVersion, &amount, &settled, &status, &at); err != nil {
			return err
		}
		x.Amount, x.Settled, x.Status, x.CreatedAt = ledger.Cents(amount), ledger.Cents(settled), ledger.ReceivableStatus(status), parseTime(at)
		x.Settlements = []ledger.Settlement{}
		rs = append(rs, x)
		return nil
	}, args...)
	if err != nil {
		return nil, err
	}
	if desc {
		slices.Reverse(rs)
	}
	// The settlements once the receivables are read (one query at a time
	// on a connection), in chunks well below any limit on parameters.
	byID := make(map[ledger.ReceivableID]*ledger.Receivable, len(rs))
	for i := range rs {
		byID[rs[i].ID] = &rs[i]
	}
	for start := 0; start < len(rs); start += 500 {
		chunk := rs[start:min(start+500, len(rs))]
		ids := make([]any, len(chunk))
		for i := range chunk {
			ids[i] = string(chunk[i].ID)
		}
		err := r.each(`SELECT receivable_id, amount, value_date, reference, by_user, at, seq FROM settlements
			WHERE receivable_id IN (`+placeholders(len(ids))+`) ORDER BY id`, func(rows *sql.Rows) error {
			var s ledger.Settlement
			var amount int64
			var vd, at string
			if err := rows.Scan(&s.ReceivableID, &amount, &vd, &s.Reference, &s.By, &at, &s.JournalSeq); err != nil {
				return err
			}
			s.Amount, s.ValueDate, s.At = ledger.Cents(amount), parseDate(vd), parseTime(at)
			if x, ok := byID[s.ReceivableID]; ok {
				x.Settlements = append(x.Settlements, s)
			}
			return nil
		}, ids...)
		if err != nil {
			return nil, err
		}
	}
	return rs, nil
}

// ReceivableTotals counts the receivables the query selects and sums what
// is open of them (ledger.ReallocationReads). The indexes hold amount and
// settled beside status (receivables_listed), so SQLite counts from the
// index alone.
func (r *reader) ReceivableTotals(q ledger.ReceivableQuery) (int, ledger.Cents, error) {
	cond, args := receivableWhere(q)
	query := `SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN r.status = 'open' THEN r.amount - r.settled ELSE 0 END), 0) AS BIGINT) FROM receivables r`
	if cond != "" {
		query += " WHERE " + cond
	}
	var n int
	var open int64
	err := r.each(query, func(rows *sql.Rows) error { return rows.Scan(&n, &open) }, args...)
	return n, ledger.Cents(open), err
}

// InsertReceivable adds a receivable (ledger.ReallocationWrites).
func (w *wtx) InsertReceivable(r *ledger.Receivable) error {
	return w.insert(`INSERT INTO receivables (id, pot_id, payout_id, party_id, allocation_version, amount, settled, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(r.ID), string(r.PotID), string(r.PayoutID), string(r.PartyID), r.AllocationVersion,
		int64(r.Amount), int64(r.Settled), string(r.Status), FormatTime(r.CreatedAt))
}

// SetReceivable records a receivable's progress (ledger.ReallocationWrites).
func (w *wtx) SetReceivable(id ledger.ReceivableID, settled ledger.Cents, status ledger.ReceivableStatus) error {
	return w.execOne(`UPDATE receivables SET settled = ?, status = ? WHERE id = ?`, int64(settled), string(status), string(id))
}

// InsertSettlement adds a settlement (ledger.ReallocationWrites).
func (w *wtx) InsertSettlement(s *ledger.Settlement) error {
	_, err := w.exec(`INSERT INTO settlements (receivable_id, amount, value_date, reference, by_user, at, seq) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		string(s.ReceivableID), int64(s.Amount), s.ValueDate.String(), s.Reference, s.By, FormatTime(s.At), s.JournalSeq)
	return err
}

// PartyLoads returns what each party has borne of a pot's costs under
// current allocations (ledger.ReallocationReads).
func (r *reader) PartyLoads(pot ledger.PotID) ([]ledger.PartyLoad, error) {
	var loads []ledger.PartyLoad
	err := r.each(`SELECT pl.party_id, y.name, pl.turns, pl.borne
		FROM party_loads pl JOIN parties y ON y.id = pl.party_id
		WHERE pl.pot_id = ? AND pl.turns > 0
		ORDER BY lower(y.name), pl.party_id`, func(rows *sql.Rows) error {
		var l ledger.PartyLoad
		var borne int64
		if err := rows.Scan(&l.PartyID, &l.PartyName, &l.Turns, &borne); err != nil {
			return err
		}
		l.Borne = ledger.Cents(borne)
		loads = append(loads, l)
		return nil
	}, string(pot))
	return loads, err
}

// Evaluations returns the versions of a payout's evaluation
// (ledger.ReallocationReads).
func (r *reader) Evaluations(payout ledger.PayoutID) ([]ledger.Evaluation, error) {
	var es []ledger.Evaluation
	err := r.each(`SELECT payout_id, version, outcome, regretted, note, by_user, role, at, seq
		FROM evaluations WHERE payout_id = ? ORDER BY version`, func(rows *sql.Rows) error {
		var e ledger.Evaluation
		var outcome, role, at string
		var regretted int64
		if err := rows.Scan(&e.PayoutID, &e.Version, &outcome, &regretted, &e.Note, &e.By, &role, &at, &e.JournalSeq); err != nil {
			return err
		}
		e.Outcome, e.Regretted, e.Role, e.At = ledger.EvalOutcome(outcome), ledger.Cents(regretted), ledger.Role(role), parseTime(at)
		es = append(es, e)
		return nil
	}, string(payout))
	return es, err
}

// InsertEvaluation adds a version of a payout's evaluation
// (ledger.ReallocationWrites).
func (w *wtx) InsertEvaluation(e *ledger.Evaluation) error {
	return w.insert(`INSERT INTO evaluations (payout_id, version, outcome, regretted, note, by_user, role, at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(e.PayoutID), e.Version, string(e.Outcome), int64(e.Regretted), e.Note, e.By, string(e.Role), FormatTime(e.At), e.JournalSeq)
}

// SetEvaluationSummary records a payout's current evaluation
// (ledger.ReallocationWrites).
func (w *wtx) SetEvaluationSummary(payout ledger.PayoutID, e ledger.EvaluationSummary) error {
	return w.execOne(`UPDATE payouts SET eval_version = ?, eval_outcome = ?, eval_regretted = ? WHERE id = ?`,
		e.Version, string(e.Outcome), int64(e.Regretted), string(payout))
}

// SignalUptakes returns the signals taken up in policy, oldest first
// (ledger.ReallocationReads).
func (r *reader) SignalUptakes() ([]ledger.SignalUptake, error) {
	var us []ledger.SignalUptake
	err := r.each(`SELECT signal_id, note, by_user, role, at FROM signal_uptakes ORDER BY at, signal_id`, func(rows *sql.Rows) error {
		var u ledger.SignalUptake
		var role, at string
		if err := rows.Scan(&u.SignalID, &u.Note, &u.By, &role, &at); err != nil {
			return err
		}
		u.Role, u.At = ledger.Role(role), parseTime(at)
		us = append(us, u)
		return nil
	})
	return us, err
}

// InsertUptake records a signal taken up in policy
// (ledger.ReallocationWrites).
func (w *wtx) InsertUptake(u *ledger.SignalUptake) error {
	return w.insert(`INSERT INTO signal_uptakes (signal_id, note, by_user, role, at) VALUES (?, ?, ?, ?, ?)`,
		u.SignalID, u.Note, u.By, string(u.Role), FormatTime(u.At))
}

// ReversePayout records the reversal of an approved payout and clears its
// current allocation (ledger.ReallocationWrites).
func (w *wtx) ReversePayout(p *ledger.Payout, seq int64) error {
	if err := w.moveLoads(p.ID, 0); err != nil {
		return err
	}
	r := p.Reversal
	return w.execOne(`UPDATE payouts SET status = ?, reversed_by = ?, reversed_role = ?, reversed_at = ?, reversal_reason = ?, reversal_seq = ?,
			allocated = 0, allocation_version = 0
		WHERE id = ? AND status = 'approved'`, string(p.Status), r.By, string(r.Role), FormatTime(r.At), r.Reason, seq, string(p.ID))
}

// moveLoads keeps the parties' rotation loads (party_loads) in step when a
// payout's current allocation becomes version (0: none): the parties the
// current version charges lose a turn and what it charged them, those of
// the new version gain them. It runs before the payout's row changes, in
// the same transaction, so the loads always sum the current allocations
// (Verify checks that they do).
func (w *wtx) moveLoads(payout ledger.PayoutID, version int) error {
	var pot string
	var current int
	if err := w.queryRow(`SELECT pot_id, allocation_version FROM payouts WHERE id = ?`, string(payout)).Scan(&pot, &current); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil // execOne after it says the payout is not there
		}
		return err
	}
	if current == version {
		return nil
	}
	type delta struct {
		turns int
		borne int64
	}
	deltas := map[string]*delta{}
	var parties []string
	add := func(v, sign int) error {
		if v == 0 {
			return nil
		}
		return w.each(`SELECT party_id, CAST(SUM(amount) AS BIGINT) FROM allocation_lines
			WHERE payout_id = ? AND version = ? AND party_id IS NOT NULL GROUP BY party_id ORDER BY party_id`, func(rows *sql.Rows) error {
			var party string
			var amount int64
			if err := rows.Scan(&party, &amount); err != nil {
				return err
			}
			d := deltas[party]
			if d == nil {
				d = &delta{}
				deltas[party] = d
				parties = append(parties, party)
			}
			d.turns += sign
			d.borne += int64(sign) * amount
			return nil
		}, string(payout), v)
	}
	if err := add(current, -1); err != nil {
		return err
	}
	if err := add(version, 1); err != nil {
		return err
	}
	for _, party := range parties {
		d := deltas[party]
		if d.turns == 0 && d.borne == 0 {
			continue
		}
		if _, err := w.exec(`INSERT INTO party_loads (pot_id, party_id, turns, borne) VALUES (?, ?, ?, ?)
			ON CONFLICT (pot_id, party_id) DO UPDATE SET turns = party_loads.turns + excluded.turns, borne = party_loads.borne + excluded.borne`,
			pot, party, d.turns, d.borne); err != nil {
			return err
		}
	}
	return nil
}
