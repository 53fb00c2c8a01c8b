package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// CreateParty registers an outside party.
func (s *Store) CreateParty(ctx context.Context, actor ledger.Actor, req ledger.NewParty) (ledger.Party, error) {
	if err := actor.Can(ledger.ActManageParties, "register parties"); err != nil {
		return ledger.Party{}, err
	}
	if err := req.Validate(); err != nil {
		return ledger.Party{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("create_party", req)
	var p ledger.Party
	err := s.write(ctx, "create party", func(w *wtx) error {
		var err error
		p, _, err = idempotent(w, actor, key, "create_party", fp, func() (ledger.Party, error) {
			p := ledger.Party{ID: ledger.PartyID(ledger.NewID(ledger.PartyPrefix, w.now)), Name: req.Name, Kind: req.Kind, CreatedAt: w.now}
			_, err := w.exec(`INSERT INTO parties (id, name, kind, created_at) VALUES (?, ?, ?, ?)`,
				string(p.ID), p.Name, string(p.Kind), formatTime(p.CreatedAt))
			if isUnique(err) {
				return p, ledger.Errorf(ledger.ECONFLICT, "a party named %q exists already; use it, or choose another name", p.Name)
			}
			if err != nil {
				return p, err
			}
			return p, w.commitRecord(actor, ledger.PartyRecord(&p), "", "registered")
		})
		return err
	})
	return p, internal("create party", err)
}

// Parties lists the outside parties by name.
func (s *Store) Parties(ctx context.Context) ([]ledger.Party, error) {
	ps, err := loadParties(ctx, s.readDB)
	return ps, internal("list parties", err)
}

func loadParties(ctx context.Context, q querier) ([]ledger.Party, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, kind, created_at FROM parties ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ps []ledger.Party
	for rows.Next() {
		var p ledger.Party
		var kind, at string
		if err := rows.Scan(&p.ID, &p.Name, &kind, &at); err != nil {
			return nil, err
		}
		p.Kind, p.CreatedAt = ledger.PartyKind(kind), parseTime(at)
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// Allocate books a payout's allocation, replacing the current one.
func (s *Store) Allocate(ctx context.Context, actor ledger.Actor, req ledger.AllocationRequest) (ledger.Allocation, error) {
	if err := actor.Can(ledger.ActAllocate, "allocate payouts"); err != nil {
		return ledger.Allocation{}, err
	}
	if err := req.Validate(); err != nil {
		return ledger.Allocation{}, err
	}
	// The suggestion finance saw may differ on a retry (another payout took
	// a party's turn meanwhile): it is recorded, not part of the identity.
	key, rule, followed := req.IdempotencyKey, req.SuggestedBy, req.FollowedSuggestion
	req.IdempotencyKey, req.SuggestedBy, req.FollowedSuggestion = "", "", false
	fp := ledger.Fingerprint("allocate", req)
	req.SuggestedBy, req.FollowedSuggestion = rule, followed
	var a ledger.Allocation
	err := s.write(ctx, "allocate", func(w *wtx) error {
		var err error
		var rc allocationReceipt
		var replay bool
		rc, replay, err = idempotent(w, actor, key, "allocate", fp, func() (allocationReceipt, error) {
			var err error
			a, err = w.allocate(actor, &req)
			return receiptOf(&a), err
		})
		if err != nil || !replay {
			return err
		}
		a, err = rc.load(w)
		return err
	})
	return a, internal("allocate", err)
}

// allocate books req inside the writer's transaction.
func (w *wtx) allocate(actor ledger.Actor, req *ledger.AllocationRequest) (ledger.Allocation, error) {
	row, err := loadPayout(w.ctx, w.tx, req.PayoutID)
	if err != nil {
		return ledger.Allocation{}, err
	}
	p := &row.Payout
	switch p.Status {
	case ledger.StatusApproved, ledger.StatusPaid:
	case ledger.StatusPending:
		return ledger.Allocation{}, ledger.Errorf(ledger.ECONFLICT, "payout %s is waiting for a decision; allocate its cost once it is approved", p.ID)
	case ledger.StatusRejected:
		return ledger.Allocation{}, ledger.Errorf(ledger.ECONFLICT, "payout %s was rejected: it cost nothing, so there is nothing to allocate", p.ID)
	default:
		return ledger.Allocation{}, ledger.Errorf(ledger.ECONFLICT, "payout %s was reversed: its cost was cancelled, so there is nothing to allocate", p.ID)
	}
	pot, err := w.s.cache.pot(w, p.PotID)
	if err != nil {
		return ledger.Allocation{}, err
	}
	var current *ledger.Allocation
	if row.allocationVersion > 0 {
		c, err := loadAllocation(w.ctx, w.tx, p.ID, row.allocationVersion)
		if err != nil {
			return ledger.Allocation{}, err
		}
		current = &c
	}
	switch {
	case len(req.Lines) == 0 && current == nil:
		return ledger.Allocation{}, &ledger.Error{Code: ledger.EINVALID, Message: "The allocation is not valid; correct lines and try again",
			Fields: []ledger.FieldError{{Field: "lines", Reason: "at least one line: where the cost of payout " + string(p.ID) + " belongs"}}}
	case current != nil && req.Note == "":
		return ledger.Allocation{}, &ledger.Error{Code: ledger.EINVALID, Message: "The allocation is not valid; correct note and try again",
			Fields: []ledger.FieldError{{Field: "note", Reason: fmt.Sprintf("required when correcting an allocation: say why version %d is replaced", current.Version)}}}
	}
	lines, err := w.resolveLines(p, req.Lines)
	if err != nil {
		return ledger.Allocation{}, err
	}
	if current != nil && sameLines(current.Lines, lines) {
		return ledger.Allocation{}, ledger.Errorf(ledger.ECONFLICT, "payout %s is allocated exactly so already (version %d); there is nothing to correct", p.ID, current.Version)
	}
	if current != nil {
		why := "corrected: " + req.Note
		if len(lines) == 0 {
			why = "withdrawn: " + req.Note
		}
		if err := w.withdrawAllocation(actor, p, current, why); err != nil {
			return ledger.Allocation{}, err
		}
	}
	a := ledger.Allocation{PayoutID: p.ID, PotID: p.PotID, PayoutAmount: p.Amount, By: actor.User, Role: actor.Role, At: w.now, Note: req.Note,
		SuggestedBy: req.SuggestedBy, FollowedSuggestion: req.FollowedSuggestion}
	if len(lines) == 0 {
		// A withdrawal: the cost is unallocated again. The answer is the
		// allocation withdrawn, with why.
		if _, err := w.exec(`UPDATE payouts SET allocated = 0, allocation_version = 0 WHERE id = ?`, string(p.ID)); err != nil {
			return a, err
		}
		if err := w.checkNotOverspent(pot, current); err != nil {
			return a, err
		}
		return loadAllocation(w.ctx, w.tx, p.ID, current.Version)
	}
	if err := w.queryRow(`SELECT COALESCE(MAX(version), 0) + 1 FROM allocations WHERE payout_id = ?`, string(p.ID)).Scan(&a.Version); err != nil {
		return a, err
	}
	for i := range lines {
		a.Allocated += lines[i].Amount
		if lines[i].Target == ledger.TargetParty {
			lines[i].ReceivableID = ledger.ReceivableID(ledger.NewID(ledger.ReceivablePrefix, w.now))
		}
	}
	a.Lines, a.Unallocated, a.Current = lines, p.Amount-a.Allocated, true
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return a, err
	}
	t := ledger.Transaction{
		Kind: ledger.TxAllocated, Ref: string(p.ID), PotID: p.PotID, ValueDate: w.today(), Actor: actor.User, ActorRole: actor.Role,
		Memo: fmt.Sprintf("allocation version %d: %s", a.Version, describeLines(lines)), Digest: ledger.AllocationDigest(salt, &a),
		Postings: ledger.AllocationPostings(p.PotID, pot.RecoveryPolicy, lines),
	}
	if err := w.book(&t); err != nil {
		return a, err
	}
	a.JournalSeq = t.Seq
	if _, err := w.exec(`INSERT INTO allocations (payout_id, version, pot_id, allocated, note, salt, by_user, role, at, seq, suggested_by, followed_suggestion)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(p.ID), a.Version, string(p.PotID), int64(a.Allocated), a.Note, salt,
		a.By, string(a.Role), formatTime(a.At), t.Seq, a.SuggestedBy, a.FollowedSuggestion); err != nil {
		return a, err
	}
	for i, l := range lines {
		var party, rcv any
		if l.Target == ledger.TargetParty {
			party, rcv = string(l.PartyID), string(l.ReceivableID)
			if _, err := w.exec(`INSERT INTO receivables (id, pot_id, payout_id, party_id, allocation_version, amount, status, created_at)
				VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`, string(l.ReceivableID), string(p.PotID), string(p.ID), string(l.PartyID), a.Version,
				int64(l.Amount), formatTime(w.now)); err != nil {
				return a, err
			}
		}
		if _, err := w.exec(`INSERT INTO allocation_lines (payout_id, version, n, target, taakveld, economic_category, party_id, amount, receivable_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(p.ID), a.Version, i, string(l.Target), l.Taakveld, string(l.EconomicCategory),
			party, int64(l.Amount), rcv); err != nil {
			return a, err
		}
	}
	if _, err := w.exec(`UPDATE payouts SET allocated = ?, allocation_version = ? WHERE id = ?`, int64(a.Allocated), a.Version, string(p.ID)); err != nil {
		return a, err
	}
	return a, w.checkNotOverspent(pot, current)
}

// allocationReceipt is what an idempotency record keeps of an allocation
// answer: which version it was and what of it can change later. The lines
// and the note are read from the allocation itself on a replay, so no free
// text is copied into the record.
type allocationReceipt struct {
	PayoutID    ledger.PayoutID `json:"payoutId"`
	Version     int             `json:"version"`
	Current     bool            `json:"current"`
	ReversalSeq int64           `json:"reversalSeq,omitempty"`
}

func receiptOf(a *ledger.Allocation) allocationReceipt {
	return allocationReceipt{PayoutID: a.PayoutID, Version: a.Version, Current: a.Current, ReversalSeq: a.ReversalSeq}
}

// load rebuilds the first answer.
func (rc allocationReceipt) load(w *wtx) (ledger.Allocation, error) {
	a, err := loadAllocation(w.ctx, w.tx, rc.PayoutID, rc.Version)
	if err != nil {
		return a, err
	}
	a.Current = rc.Current
	if rc.ReversalSeq == 0 {
		a.ReversalSeq, a.ReplacedAt, a.ReversalNote = 0, nil, ""
	}
	return a, nil
}

// checkNotOverspent refuses a correction that took back more refunds than
// the pot has available: the pot's money may already be spent again.
func (w *wtx) checkNotOverspent(pot *ledger.Pot, replaced *ledger.Allocation) error {
	if replaced == nil {
		return nil
	}
	available, err := w.available(pot.ID)
	if err != nil {
		return err
	}
	if available >= -pot.OverdraftLimit {
		return nil
	}
	return ledger.Errorf(ledger.EINSUFFICIENT, "this correction takes back refunds the pot %q received for version %d, and the pot has not enough available for that (it would be %s); record a contribution first, or keep the refunded lines",
		pot.Name, replaced.Version, available)
}

// resolveLines checks lines against the payout, the code list and the
// parties, and fills in what the payout implies: the economic category, the
// party's id and name. Every line at fault is listed.
func (w *wtx) resolveLines(p *ledger.Payout, lines []ledger.AllocationLine) ([]ledger.AllocationLine, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	list, err := w.s.cache.taakveldList(w)
	if err != nil {
		return nil, err
	}
	parties, err := loadParties(w.ctx, w.tx)
	if err != nil {
		return nil, err
	}
	year := p.BookingYear()
	var fe []ledger.FieldError
	add := func(field, reason string) { fe = append(fe, ledger.FieldError{Field: field, Reason: reason}) }
	out := make([]ledger.AllocationLine, len(lines))
	var total ledger.Cents
	for i, l := range lines {
		field := fmt.Sprintf("lines[%d]", i)
		if law, ok := l.Target.Law(); ok {
			if err := list.Check(law, l.Taakveld, year); err != nil {
				add(field+".taakveld", ledger.ErrorMessage(err))
			}
			if l.EconomicCategory == "" {
				l.EconomicCategory = p.EconomicCategory()
			}
		}
		if l.Target == ledger.TargetParty {
			party, ok := findParty(parties, l.PartyID, l.PartyName)
			if !ok {
				add(field+".party", unknownParty(parties, l.PartyID, l.PartyName))
			}
			l.PartyID, l.PartyName = party.ID, party.Name
		}
		total += l.Amount
		out[i] = l
	}
	if total > p.Amount {
		add("lines", fmt.Sprintf("the lines add up to %s, which is %s more than the payout's %s; an allocation cannot exceed the payout", total, total-p.Amount, p.Amount))
	}
	if len(fe) > 0 {
		msg := "The allocation is not valid; correct the fields listed and try again"
		if len(fe) == 1 {
			msg = "The allocation is not valid; correct " + fe[0].Field + " and try again"
		}
		return nil, &ledger.Error{Code: ledger.EINVALID, Message: msg, Fields: fe}
	}
	return out, nil
}

func findParty(parties []ledger.Party, id ledger.PartyID, name string) (ledger.Party, bool) {
	for _, p := range parties {
		if (id != "" && p.ID == id) || (id == "" && strings.EqualFold(p.Name, name)) {
			return p, true
		}
	}
	return ledger.Party{}, false
}

func unknownParty(parties []ledger.Party, id ledger.PartyID, name string) string {
	what := fmt.Sprintf("there is no party named %q", name)
	if id != "" {
		what = fmt.Sprintf("there is no party %q", id)
	}
	if len(parties) == 0 {
		return what + "; register the organisation as a party first"
	}
	names := make([]string, len(parties))
	for i, p := range parties {
		names[i] = p.Name
	}
	return what + "; register it as a party first, or use one of: " + strings.Join(names, ", ")
}

// sameLines reports whether two allocations book the same lines, in any
// order.
func sameLines(a, b []ledger.AllocationLine) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(l ledger.AllocationLine) string {
		return fmt.Sprintf("%s|%s|%s|%s|%d", l.Target, l.Taakveld, l.EconomicCategory, l.PartyID, l.Amount)
	}
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		ka[i], kb[i] = key(a[i]), key(b[i])
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(ka, kb)
}

// describeLines says what lines book, for the journal's memo: targets,
// codes, party ids and amounts, nothing personal.
func describeLines(lines []ledger.AllocationLine) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		switch l.Target {
		case ledger.TargetParty:
			parts[i] = "party " + string(l.PartyID) + " " + l.Amount.String()
		case ledger.TargetMaatwerk:
			parts[i] = "maatwerk " + l.Amount.String()
		default:
			parts[i] = string(l.Target) + " " + l.Taakveld + " " + string(l.EconomicCategory) + " " + l.Amount.String()
		}
	}
	return strings.Join(parts, "; ")
}

// withdrawAllocation reverses a payout's current allocation with a
// transaction that undoes its postings exactly, and cancels its
// receivables. A settled receivable cannot be undone this way.
func (w *wtx) withdrawAllocation(actor ledger.Actor, p *ledger.Payout, a *ledger.Allocation, why string) error {
	var rcv, settledOn string
	var settled int64
	err := w.queryRow(`SELECT r.id, r.settled, COALESCE((SELECT MIN(value_date) FROM settlements s WHERE s.receivable_id = r.id), '')
		FROM receivables r WHERE r.payout_id = ? AND r.allocation_version = ? AND r.settled > 0 LIMIT 1`, string(p.ID), a.Version).Scan(&rcv, &settled, &settledOn)
	switch {
	case err == nil:
		return ledger.Errorf(ledger.ECONFLICT, "receivable %s of payout %s's allocation was settled (%s received, first on %s); an allocation whose party has paid cannot be corrected or reversed",
			rcv, p.ID, ledger.Cents(settled), settledOn)
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	ps, err := w.postingsOf(a.JournalSeq)
	if err != nil {
		return err
	}
	var salt []byte
	if err := w.queryRow(`SELECT salt FROM allocations WHERE payout_id = ? AND version = ?`, string(p.ID), a.Version).Scan(&salt); err != nil {
		return err
	}
	t := ledger.Transaction{
		Kind: ledger.TxAllocationReversed, Ref: string(p.ID), PotID: p.PotID, ValueDate: w.today(), Actor: actor.User, ActorRole: actor.Role,
		Memo: fmt.Sprintf("reverses allocation version %d", a.Version), Reverses: a.JournalSeq,
		Digest:   allocationReversalDigest(salt, p.ID, a.Version, why),
		Postings: ledger.ReversePostings(ps),
	}
	if err := w.book(&t); err != nil {
		return err
	}
	if _, err := w.exec(`UPDATE allocations SET reversal_seq = ?, replaced_at = ?, reversal_note = ? WHERE payout_id = ? AND version = ? AND reversal_seq IS NULL`,
		t.Seq, formatTime(w.now), why, string(p.ID), a.Version); err != nil {
		return err
	}
	_, err = w.exec(`UPDATE receivables SET status = 'cancelled' WHERE payout_id = ? AND allocation_version = ?`, string(p.ID), a.Version)
	return err
}

// allocationReversalDigest commits to which allocation a reversal undoes
// and why (salted like the allocation itself: the reason is free text).
func allocationReversalDigest(salt []byte, id ledger.PayoutID, version int, why string) string {
	return ledger.Digest(salt, "allocation_reversed", string(id), fmt.Sprint(version), why)
}

// postingsOf reads the postings of a journal transaction.
func (w *wtx) postingsOf(seq int64) ([]ledger.Posting, error) {
	rows, err := w.tx.QueryContext(w.ctx, `SELECT a.name, p.amount FROM postings p JOIN accounts a ON a.id = p.account_id WHERE p.seq = ? ORDER BY p.n`, seq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ps []ledger.Posting
	for rows.Next() {
		var p ledger.Posting
		var amount int64
		if err := rows.Scan(&p.Account, &amount); err != nil {
			return nil, err
		}
		p.Amount = ledger.Cents(amount)
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

const allocationColumns = `a.payout_id, a.version, a.pot_id, a.allocated, a.note, a.salt, a.by_user, a.role, a.at, a.seq,
	a.suggested_by, a.followed_suggestion, COALESCE(a.reversal_seq, 0), a.replaced_at, a.reversal_note, p.amount, p.allocation_version`

func scanAllocation(sc scanner) (ledger.Allocation, []byte, error) {
	var a ledger.Allocation
	var salt []byte
	var allocated, amount int64
	var role, at string
	var replaced, reversalNote sql.NullString
	var current int
	err := sc.Scan(&a.PayoutID, &a.Version, &a.PotID, &allocated, &a.Note, &salt, &a.By, &role, &at, &a.JournalSeq,
		&a.SuggestedBy, &a.FollowedSuggestion, &a.ReversalSeq, &replaced, &reversalNote, &amount, &current)
	a.ReversalNote = reversalNote.String
	if err != nil {
		return a, nil, err
	}
	a.Allocated, a.PayoutAmount, a.Role, a.At = ledger.Cents(allocated), ledger.Cents(amount), ledger.Role(role), parseTime(at)
	a.Unallocated = a.PayoutAmount - a.Allocated
	a.Current = current == a.Version
	if replaced.Valid {
		t := parseTime(replaced.String)
		a.ReplacedAt = &t
	}
	return a, salt, nil
}

// loadAllocation reads one version of a payout's allocation with its lines.
func loadAllocation(ctx context.Context, q querier, id ledger.PayoutID, version int) (ledger.Allocation, error) {
	a, _, err := scanAllocation(q.QueryRowContext(ctx, `SELECT `+allocationColumns+` FROM allocations a JOIN payouts p ON p.id = a.payout_id
		WHERE a.payout_id = ? AND a.version = ?`, string(id), version))
	if err != nil {
		return a, err
	}
	lines, err := loadLines(ctx, q, id)
	a.Lines = lines[version]
	return a, err
}

// loadLines reads every allocation line of a payout, by version.
func loadLines(ctx context.Context, q querier, id ledger.PayoutID) (map[int][]ledger.AllocationLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.version, l.target, l.taakveld, l.economic_category, COALESCE(l.party_id, ''), COALESCE(y.name, ''),
			l.amount, COALESCE(l.receivable_id, '')
		FROM allocation_lines l LEFT JOIN parties y ON y.id = l.party_id WHERE l.payout_id = ? ORDER BY l.version, l.n`, string(id))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int][]ledger.AllocationLine{}
	for rows.Next() {
		var v int
		var l ledger.AllocationLine
		var target, ecat, party, rcv string
		var amount int64
		if err := rows.Scan(&v, &target, &l.Taakveld, &ecat, &party, &l.PartyName, &amount, &rcv); err != nil {
			return nil, err
		}
		l.Target, l.EconomicCategory, l.PartyID, l.Amount, l.ReceivableID =
			ledger.Target(target), ledger.EconomicCategory(ecat), ledger.PartyID(party), ledger.Cents(amount), ledger.ReceivableID(rcv)
		out[v] = append(out[v], l)
	}
	return out, rows.Err()
}

// Allocations returns a payout's allocations, oldest first.
func (s *Store) Allocations(ctx context.Context, id ledger.PayoutID) ([]ledger.Allocation, error) {
	if _, err := loadPayout(ctx, s.readDB, id); err != nil {
		return nil, internal("read allocations", err)
	}
	// One snapshot, so the lines belong to the versions read.
	tx, err := s.readDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, internal("read allocations", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+allocationColumns+` FROM allocations a JOIN payouts p ON p.id = a.payout_id
		WHERE a.payout_id = ? ORDER BY a.version`, string(id))
	if err != nil {
		return nil, internal("read allocations", err)
	}
	defer rows.Close()
	var as []ledger.Allocation
	for rows.Next() {
		a, _, err := scanAllocation(rows)
		if err != nil {
			return nil, internal("read allocations", err)
		}
		as = append(as, a)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("read allocations", err)
	}
	lines, err := loadLines(ctx, tx, id)
	if err != nil {
		return nil, internal("read allocations", err)
	}
	for i := range as {
		as[i].Lines = lines[as[i].Version]
	}
	return as, nil
}

// PartyLoads returns per party what it has borne of a pot's costs under
// current allocations.
func (s *Store) PartyLoads(ctx context.Context, pot ledger.PotID) ([]ledger.PartyLoad, error) {
	if _, err := loadPot(ctx, s.readDB, pot); err != nil {
		return nil, internal("read party loads", err)
	}
	rows, err := s.readDB.QueryContext(ctx, `SELECT l.party_id, y.name, COUNT(DISTINCT l.payout_id), SUM(l.amount)
		FROM allocation_lines l
		JOIN payouts p ON p.id = l.payout_id AND p.allocation_version = l.version
		JOIN parties y ON y.id = l.party_id
		WHERE p.pot_id = ? AND l.party_id IS NOT NULL
		GROUP BY l.party_id ORDER BY y.name COLLATE NOCASE`, string(pot))
	if err != nil {
		return nil, internal("read party loads", err)
	}
	defer rows.Close()
	var loads []ledger.PartyLoad
	for rows.Next() {
		var l ledger.PartyLoad
		var borne int64
		if err := rows.Scan(&l.PartyID, &l.PartyName, &l.Turns, &borne); err != nil {
			return nil, internal("read party loads", err)
		}
		l.Borne = ledger.Cents(borne)
		loads = append(loads, l)
	}
	return loads, internal("read party loads", rows.Err())
}
