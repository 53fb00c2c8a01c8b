package ledger

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Reallocation above the engines: outside parties, the allocation of a
// payout's cost (and its corrections and withdrawal), receivables and their
// settlements, evaluations, signals taken up in policy, and the reversal of
// an approved payout, which undoes its allocation first. See allocation.go
// for the domain and the accounts.

// CreateParty registers an outside party (Store). Errors: EFORBIDDEN,
// EINVALID, ECONFLICT when a party has the name (ignoring case),
// EIDEMPOTENCY.
func (s *Service) CreateParty(ctx context.Context, actor Actor, req NewParty) (Party, error) {
	if err := actor.Can(ActManageParties, "register parties"); err != nil {
		return Party{}, err
	}
	if err := req.Validate(); err != nil {
		return Party{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	var p Party
	err := s.write(ctx, "create party", func(o *op) error {
		var err error
		p, _, err = idempotent(o, actor, key, fp, partyAnswer, func() (Party, error) {
			p := Party{ID: PartyID(NewID(PartyPrefix, o.now)), Name: req.Name, Kind: req.Kind, CreatedAt: o.now}
			err := o.tx.InsertParty(&p)
			if errors.Is(err, ErrExists) {
				return p, NewError(ECONFLICT, msgPartyExistsUse, Quoted(p.Name))
			}
			if err != nil {
				return p, err
			}
			return p, o.commitRecord(actor, PartyRecord(&p), "", "registered")
		})
		return err
	})
	return p, err
}

// RenameParty gives an outside party a new name and books it (party_set,
// the old name in the memo) (Store). Errors: EFORBIDDEN, EINVALID (also
// for the name it has), ENOTFOUND, ECONFLICT when another party has the
// name, EIDEMPOTENCY.
func (s *Service) RenameParty(ctx context.Context, actor Actor, id PartyID, req Rename) (Party, error) {
	if err := actor.Can(ActManageParties, "rename parties"); err != nil {
		return Party{}, err
	}
	if err := req.ValidateParty(); err != nil {
		return Party{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := renameFingerprint("rename_party", "party", string(id), req.Name)
	var p Party
	err := s.write(ctx, "rename party", func(o *op) error {
		var err error
		p, _, err = idempotent(o, actor, key, fp, partyAnswer, func() (Party, error) {
			old, err := party(o.tx, id)
			if err != nil {
				return old, err
			}
			if old.Name == req.Name {
				return old, NewError(EINVALID, msgPartyNamedAlready, id, Quoted(req.Name))
			}
			err = o.tx.RenameParty(id, req.Name)
			if errors.Is(err, ErrExists) {
				return old, NewError(ECONFLICT, msgPartyExists, Quoted(req.Name))
			}
			if err != nil {
				return old, err
			}
			p := old
			p.Name = req.Name
			return p, o.commitRecord(actor, PartyRecord(&p), "", fmt.Sprintf("renamed from %q", old.Name))
		})
		return err
	})
	return p, err
}

// Parties lists the outside parties by name (Store).
func (s *Service) Parties(ctx context.Context) ([]Party, error) {
	var ps []Party
	err := s.read(ctx, "list parties", func(tx ReadTx) error {
		var err error
		ps, err = tx.Parties()
		return err
	})
	return ps, err
}

// Allocate books a payout's allocation, replacing the current one: a
// correction (which needs a note) reverses the current version and books a
// new one; no lines withdraws it (Store). Errors: EFORBIDDEN, EINVALID,
// ENOTFOUND, ECONFLICT (a payout not spent, the same lines again, a
// settled receivable), EINSUFFICIENT (a correction that takes back refunds
// the pot has spent), ECLOSED, EIDEMPOTENCY.
func (s *Service) Allocate(ctx context.Context, actor Actor, req AllocationRequest) (Allocation, error) {
	if err := actor.Can(ActAllocate, "allocate payouts"); err != nil {
		return Allocation{}, err
	}
	if err := req.Validate(); err != nil {
		// With what only stored data show (a party that does not exist, a
		// taakveld of another law), so every fault is reported at once.
		return Allocation{}, s.withLineFaults(ctx, &req, err)
	}
	// The suggestion finance saw may differ on a retry (another payout took
	// a party's turn meanwhile): it is recorded, not part of the identity.
	key, rule, followed := req.IdempotencyKey, req.SuggestedBy, req.FollowedSuggestion
	req.IdempotencyKey, req.SuggestedBy, req.FollowedSuggestion = "", "", false
	fp := req.fingerprint()
	req.SuggestedBy, req.FollowedSuggestion = rule, followed
	var a Allocation
	err := s.write(ctx, "allocate", func(o *op) error {
		rc, replay, err := idempotent(o, actor, key, fp, allocationAnswer, func() (allocationReceipt, error) {
			var err error
			a, err = o.allocate(actor, &req)
			return receiptOf(&a), err
		})
		if err != nil || !replay {
			return err
		}
		a, err = rc.load(o.tx)
		return err
	})
	return a, err
}

// allocate books req inside the write.
func (o *op) allocate(actor Actor, req *AllocationRequest) (Allocation, error) {
	row, err := payoutRow(o.tx, req.PayoutID)
	if err != nil {
		return Allocation{}, err
	}
	p := &row.Payout
	switch p.Status {
	case StatusApproved, StatusPaid, StatusSettled:
	case StatusPending:
		return Allocation{}, NewError(ECONFLICT, msgAllocatePending, p.ID)
	case StatusRejected:
		return Allocation{}, NewError(ECONFLICT, msgAllocateRejected, p.ID)
	default:
		return Allocation{}, NewError(ECONFLICT, msgAllocateReversed, p.ID)
	}
	pt, err := pot(o.tx, p.PotID)
	if err != nil {
		return Allocation{}, err
	}
	versions, err := o.tx.Allocations(p.ID, 0)
	if err != nil {
		return Allocation{}, err
	}
	next := 1
	var cur *AllocationRow
	for i := range versions {
		next = max(next, versions[i].Version+1)
		if versions[i].Version == row.AllocationVersion {
			cur = &versions[i]
		}
	}
	if row.AllocationVersion > 0 && cur == nil {
		return Allocation{}, fmt.Errorf("payout %s: its current allocation, version %d, is not there", p.ID, row.AllocationVersion)
	}
	var current *Allocation
	if cur != nil {
		c := allocationOf(cur, row)
		current = &c
	}
	switch {
	case len(req.Lines) == 0 && current == nil:
		return Allocation{}, Invalid(NounAllocation, []FieldError{NewFieldError("lines", msgLinesRequiredForPayout, p.ID)})
	case current != nil && req.Note == "":
		return Allocation{}, Invalid(NounAllocation, []FieldError{NewFieldError("note", msgCorrectionNote, current.Version)})
	}
	lines, err := resolveLines(o.tx, p, req.Lines)
	if err != nil {
		return Allocation{}, err
	}
	if current != nil && sameLines(current.Lines, lines) {
		return Allocation{}, NewError(ECONFLICT, msgAllocatedAlready, p.ID, current.Version)
	}
	if current != nil {
		why := "corrected: " + req.Note
		if len(lines) == 0 {
			why = "withdrawn: " + req.Note
		}
		if err := o.withdrawAllocation(actor, p, cur, why); err != nil {
			return Allocation{}, err
		}
	}
	a := Allocation{PayoutID: p.ID, PotID: p.PotID, PayoutAmount: p.Amount, By: actor.User, Role: actor.Role, At: o.now, Note: req.Note,
		SuggestedBy: req.SuggestedBy, FollowedSuggestion: req.FollowedSuggestion}
	if len(lines) == 0 {
		// A withdrawal: the cost is unallocated again. The answer is the
		// allocation withdrawn, with why.
		if err := o.tx.SetCurrentAllocation(p.ID, 0, 0); err != nil {
			return a, err
		}
		if err := checkNotOverspent(o.tx, pt, current); err != nil {
			return a, err
		}
		withdrawn, err := o.tx.Allocations(p.ID, current.Version)
		if err != nil {
			return a, err
		}
		if len(withdrawn) != 1 {
			return a, fmt.Errorf("payout %s: allocation version %d is gone", p.ID, current.Version)
		}
		after := *row
		after.AllocationVersion = 0
		return allocationOf(&withdrawn[0], &after), nil
	}
	a.Version = next
	for i := range lines {
		a.Allocated += lines[i].Amount
		if lines[i].Target == TargetParty {
			lines[i].ReceivableID = ReceivableID(NewID(ReceivablePrefix, o.now))
		}
	}
	a.Lines, a.Unallocated, a.Current = lines, p.Amount-a.Allocated, true
	stored := AllocationRow{Salt: make([]byte, 16)}
	if _, err := rand.Read(stored.Salt); err != nil {
		return a, err
	}
	t := Transaction{
		Kind: TxAllocated, Ref: string(p.ID), PotID: p.PotID, ValueDate: o.today(), Actor: actor.User, ActorRole: actor.Role,
		Memo: fmt.Sprintf("allocation version %d: %s", a.Version, describeLines(lines)), Digest: AllocationDigest(stored.Salt, &a),
		Postings: AllocationPostings(p.PotID, pt.RecoveryPolicy, lines),
	}
	if err := o.book(&t); err != nil {
		return a, err
	}
	a.JournalSeq = t.Seq
	stored.Allocation = a
	if err := o.tx.InsertAllocation(&stored); err != nil {
		return a, err
	}
	// A party line makes the party owe its amount until it pays.
	for _, l := range lines {
		if l.Target != TargetParty {
			continue
		}
		r := Receivable{ID: l.ReceivableID, PotID: p.PotID, PayoutID: p.ID, PartyID: l.PartyID, AllocationVersion: a.Version,
			Amount: l.Amount, Status: ReceivableOpen, CreatedAt: o.now}
		if err := o.tx.InsertReceivable(&r); err != nil {
			return a, err
		}
	}
	if err := o.tx.SetCurrentAllocation(p.ID, a.Version, a.Allocated); err != nil {
		return a, err
	}
	return a, checkNotOverspent(o.tx, pt, current)
}

// allocationOf is a stored version of an allocation as an answer shows it:
// with the payout's amount, what it leaves unallocated, and whether it is
// the payout's current allocation.
func allocationOf(r *AllocationRow, p *PayoutRow) Allocation {
	a := r.Allocation
	a.PayoutAmount = p.Amount
	a.Unallocated = a.PayoutAmount - a.Allocated
	a.Current = a.Version == p.AllocationVersion
	return a
}

// allocationReceipt is what an idempotency record keeps of an allocation
// answer: which version it was and what of it can change later. The lines
// and the note are read from the allocation itself on a replay, so no free
// text is copied into the record. Its JSON names are those of the answers
// stored already: keep them.
type allocationReceipt struct {
	PayoutID    PayoutID `json:"payoutId"`
	Version     int      `json:"version"`
	Current     bool     `json:"current"`
	ReversalSeq int64    `json:"reversalSeq,omitempty"`
}

func receiptOf(a *Allocation) allocationReceipt {
	return allocationReceipt{PayoutID: a.PayoutID, Version: a.Version, Current: a.Current, ReversalSeq: a.ReversalSeq}
}

// load rebuilds the first answer: the version as it is now, current and
// reversed as it was then.
func (rc allocationReceipt) load(tx ReadTx) (Allocation, error) {
	row, err := payoutRow(tx, rc.PayoutID)
	if err != nil {
		return Allocation{}, err
	}
	as, err := tx.Allocations(rc.PayoutID, rc.Version)
	if err != nil {
		return Allocation{}, err
	}
	if len(as) != 1 {
		return Allocation{}, fmt.Errorf("payout %s: allocation version %d of a stored answer is not there", rc.PayoutID, rc.Version)
	}
	a := allocationOf(&as[0], row)
	a.Current = rc.Current
	if rc.ReversalSeq == 0 {
		a.ReversalSeq, a.ReplacedAt, a.ReversalNote = 0, nil, ""
	}
	return a, nil
}

// checkNotOverspent refuses a correction that took back more refunds than
// the pot has available: the pot's money may already be spent again
// (invariant 4). Errors: EINSUFFICIENT.
func checkNotOverspent(tx Tx, pot *Pot, replaced *Allocation) error {
	if replaced == nil {
		return nil
	}
	avail, err := available(tx, pot.ID)
	if err != nil {
		return err
	}
	if avail >= -pot.OverdraftLimit {
		return nil
	}
	return NewError(EINSUFFICIENT, msgRefundsSpent, Quoted(pot.Name), replaced.Version, avail)
}

// withLineFaults adds to invalid, Validate's refusal of req, the faults of
// its lines that only stored data show (resolveLinesWith), for fields
// invalid does not name already. A payout that cannot be read leaves
// invalid as it is: the booking would say so.
func (s *Service) withLineFaults(ctx context.Context, req *AllocationRequest, invalid error) error {
	var more error
	err := s.read(ctx, "check allocation", func(tx ReadTx) error {
		row, err := payoutRow(tx, req.PayoutID)
		if err != nil {
			return nil
		}
		list, err := tx.Taakvelden()
		if err != nil {
			return err
		}
		parties, err := tx.Parties()
		if err != nil {
			return err
		}
		_, more = resolveLinesWith(&row.Payout, req.Lines, list, parties)
		return nil
	})
	if err != nil {
		return err
	}
	return mergeInvalid(NounAllocation, invalid, more)
}

// AllocationFaults is every fault of an allocation request a booking would
// find in its lines, at once: Validate's, and those against stored data
// (each law line's taakveld against list for the payout's booking year,
// each party line's party against parties, the total against the payout's
// amount, unless total is false: a caller that put stand-in amounts in
// lines whose size it could not read, or that are percentages, leaves the
// total to the split), the first for each field. A form and the API report
// them together with their own, before booking; the booking checks again.
// Errors: EINVALID.
func AllocationFaults(req *AllocationRequest, p *Payout, list TaakveldList, parties []Party, total bool) error {
	invalid := req.Validate()
	_, more := resolveLinesWith(p, req.Lines, list, parties)
	var le *Error
	if !total && errors.As(more, &le) {
		var fe fieldErrors
		for _, f := range le.Fields {
			if f.Msg.Code != msgLinesExceedPayout {
				fe = append(fe, f)
			}
		}
		more = fe.err(NounAllocation)
	}
	return mergeInvalid(NounAllocation, invalid, more)
}

// mergeInvalid joins the field errors of EINVALID errors, keeping the first
// for each field; an error of another kind is returned as it is.
func mergeInvalid(what MsgCode, errs ...error) error {
	var fe fieldErrors
	named := map[string]bool{}
	for _, err := range errs {
		if err == nil {
			continue
		}
		var le *Error
		if !errors.As(err, &le) || le.Code != EINVALID || len(le.Fields) == 0 {
			return err
		}
		for _, f := range le.Fields {
			if !named[f.Field] {
				named[f.Field] = true
				fe = append(fe, f)
			}
		}
	}
	return fe.err(what)
}

// resolveLines checks lines against the payout, the Iv3 code list of its
// booking year and the parties, and fills in what the payout implies: the
// economic category, the party's id and name (resolveLinesWith). Errors:
// EINVALID.
func resolveLines(tx ReadTx, p *Payout, lines []AllocationLine) ([]AllocationLine, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	list, err := tx.Taakvelden()
	if err != nil {
		return nil, err
	}
	parties, err := tx.Parties()
	if err != nil {
		return nil, err
	}
	return resolveLinesWith(p, lines, list, parties)
}

// resolveLinesWith is resolveLines over a code list and parties read
// before. Every line at fault is listed. Errors: EINVALID.
func resolveLinesWith(p *Payout, lines []AllocationLine, list TaakveldList, parties []Party) ([]AllocationLine, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	year := p.BookingYear()
	var fe fieldErrors
	out := make([]AllocationLine, len(lines))
	var total Cents
	for i, l := range lines {
		field := fmt.Sprintf("lines[%d]", i)
		if law, ok := l.Target.Law(); ok {
			if err := list.Check(law, l.Taakveld, year); err != nil {
				fe.addErr(field+".taakveld", err)
			}
			if l.EconomicCategory == "" {
				l.EconomicCategory = p.EconomicCategory()
			}
		}
		if l.Target == TargetParty {
			party, why := findParty(parties, l.PartyID, l.PartyName)
			if !why.IsZero() {
				fe.addMsg(field+".party", why)
			}
			l.PartyID, l.PartyName = party.ID, party.Name
		}
		total += l.Amount
		out[i] = l
	}
	if total > p.Amount {
		fe.add("lines", msgLinesExceedPayout, total, total-p.Amount, p.Amount)
	}
	if err := fe.err(NounAllocation); err != nil {
		return nil, err
	}
	return out, nil
}

// findParty finds a line's party by its id, or else by its name: the party
// of exactly that name, or else the one party whose name differs only in
// case. It returns why none is found otherwise: no such party, or several
// that differ only in case (the money must never go to a party the
// allocator did not mean).
func findParty(parties []Party, id PartyID, name string) (Party, Msg) {
	var folded []Party
	for _, p := range parties {
		switch {
		case id != "":
			if p.ID == id {
				return p, Msg{}
			}
		case p.Name == name:
			return p, Msg{}
		case strings.EqualFold(p.Name, name):
			folded = append(folded, p)
		}
	}
	switch len(folded) {
	case 1:
		return folded[0], Msg{}
	case 0:
		return Party{}, unknownParty(parties, id, name)
	}
	names := make([]string, len(folded))
	for i, p := range folded {
		names[i] = fmt.Sprintf("%q (%s)", p.Name, p.ID)
	}
	return Party{}, msg(msgPartyAmbiguous, Quoted(name), strings.Join(names, ", "))
}

// unknownParty says that a line names no registered party, and which there
// are.
func unknownParty(parties []Party, id PartyID, name string) Msg {
	var what Msg = msg(msgNoPartyNamed, Quoted(name))
	if id != "" {
		what = msg(msgNoPartyID, Quoted(id))
	}
	if len(parties) == 0 {
		return msg(msgNoPartyRegisterFirst, what)
	}
	names := make([]string, len(parties))
	for i, p := range parties {
		names[i] = p.Name
	}
	return msg(msgNoPartyUseOneOf, what, strings.Join(names, ", "))
}

// sameLines reports whether two allocations book the same lines, in any
// order.
func sameLines(a, b []AllocationLine) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(l AllocationLine) string {
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
func describeLines(lines []AllocationLine) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		switch l.Target {
		case TargetParty:
			parts[i] = "party " + string(l.PartyID) + " " + l.Amount.String()
		case TargetMaatwerk:
			parts[i] = "maatwerk " + l.Amount.String()
		default:
			parts[i] = string(l.Target) + " " + l.Taakveld + " " + string(l.EconomicCategory) + " " + l.Amount.String()
		}
	}
	return strings.Join(parts, "; ")
}

// withdrawAllocation reverses a payout's current allocation with a
// transaction that undoes its postings exactly, and cancels its
// receivables. A settled receivable cannot be undone this way. Errors:
// ECONFLICT, ECLOSED.
func (o *op) withdrawAllocation(actor Actor, p *Payout, a *AllocationRow, why string) error {
	rs, err := o.tx.Receivables(ReceivableQuery{PayoutID: p.ID, AllocationVersion: a.Version})
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.Settled <= 0 {
			continue
		}
		var first Date
		for _, s := range r.Settlements {
			if first.IsZero() || s.ValueDate.Before(first) {
				first = s.ValueDate
			}
		}
		return NewError(ECONFLICT, msgAllocationSettled, r.ID, p.ID, r.Settled, first)
	}
	var ps []Posting
	err = o.tx.Transactions(TxFilter{After: a.JournalSeq - 1, Through: a.JournalSeq, Postings: true}, func(t *Transaction) error {
		ps = t.Postings
		return nil
	})
	if err != nil {
		return err
	}
	t := Transaction{
		Kind: TxAllocationReversed, Ref: string(p.ID), PotID: p.PotID, ValueDate: o.today(), Actor: actor.User, ActorRole: actor.Role,
		Memo: fmt.Sprintf("reverses allocation version %d", a.Version), Reverses: a.JournalSeq,
		Digest:   AllocationReversalDigest(a.Salt, p.ID, a.Version, why),
		Postings: ReversePostings(ps),
	}
	if err := o.book(&t); err != nil {
		return err
	}
	if err := o.tx.ReverseAllocation(p.ID, a.Version, t.Seq, o.now, why); err != nil {
		return err
	}
	for _, r := range rs {
		if err := o.tx.SetReceivable(r.ID, r.Settled, ReceivableCancelled); err != nil {
			return err
		}
	}
	return nil
}

// Allocations returns a payout's allocations, oldest first (Store).
// Errors: ENOTFOUND.
func (s *Service) Allocations(ctx context.Context, id PayoutID) ([]Allocation, error) {
	var as []Allocation
	err := s.read(ctx, "read allocations", func(tx ReadTx) error {
		row, err := payoutRow(tx, id)
		if err != nil {
			return err
		}
		rows, err := tx.Allocations(id, 0)
		if err != nil {
			return err
		}
		as = make([]Allocation, 0, len(rows))
		for i := range rows {
			as = append(as, allocationOf(&rows[i], row))
		}
		if len(as) == 0 {
			as = nil
		}
		return nil
	})
	return as, err
}

// PartyLoads returns per party what it has borne of a pot's costs under
// current allocations (Store). Errors: ENOTFOUND.
func (s *Service) PartyLoads(ctx context.Context, id PotID) ([]PartyLoad, error) {
	var loads []PartyLoad
	err := s.read(ctx, "read party loads", func(tx ReadTx) error {
		if _, err := pot(tx, id); err != nil {
			return err
		}
		var err error
		loads, err = tx.PartyLoads(id)
		return err
	})
	return loads, err
}

// receivableNotFound is the error for an id that names no receivable.
func receivableNotFound(id ReceivableID) error {
	return NewError(ENOTFOUND, msgNoReceivable, Quoted(id))
}

// showReceivables fills in what is open of each receivable: what is not
// settled of an open one, nothing of a settled or cancelled one.
func showReceivables(rs []Receivable) {
	for i := range rs {
		r := &rs[i]
		r.Open = 0
		if r.Status == ReceivableOpen {
			r.Open = r.Amount - r.Settled
		}
		if r.Settlements == nil {
			r.Settlements = []Settlement{}
		}
	}
}

// receivable reads one receivable with its settlements. Errors: ENOTFOUND.
func receivable(tx ReadTx, id ReceivableID) (Receivable, error) {
	if !ValidID(ReceivablePrefix, string(id)) {
		return Receivable{}, receivableNotFound(id)
	}
	rs, err := tx.Receivables(ReceivableQuery{IDs: []ReceivableID{id}})
	if err != nil {
		return Receivable{}, err
	}
	if len(rs) == 0 {
		return Receivable{}, receivableNotFound(id)
	}
	showReceivables(rs[:1])
	return rs[0], nil
}

// Receivable returns one receivable with its settlements (Store). Errors:
// ENOTFOUND.
func (s *Service) Receivable(ctx context.Context, id ReceivableID) (Receivable, error) {
	var r Receivable
	err := s.read(ctx, "read receivable", func(tx ReadTx) error {
		var err error
		r, err = receivable(tx, id)
		return err
	})
	return r, err
}

// Receivables lists a page of receivables with their settlements, oldest
// first, and the totals of every receivable the filter selects (Store).
// The page and the totals are read in one snapshot, from indexes: their
// cost does not grow with the ledger. Errors: EINVALID for a status that
// is not one, a page size out of range, or a cursor that names no
// receivable.
func (s *Service) Receivables(ctx context.Context, f ReceivableFilter) (ReceivablePage, error) {
	if err := f.Normalise(); err != nil {
		return ReceivablePage{}, err
	}
	var page ReceivablePage
	err := s.read(ctx, "list receivables", func(tx ReadTx) error {
		q := ReceivableQuery{PotID: f.PotID, PartyID: f.PartyID, PayoutID: f.PayoutID, Status: f.Status, Limit: f.Limit + 1}
		var err error
		if q.After, err = receivableKey(tx, "after", f.After); err != nil {
			return err
		}
		if q.Before, err = receivableKey(tx, "before", f.Before); err != nil {
			return err
		}
		rs, err := tx.Receivables(q)
		if err != nil {
			return err
		}
		// One receivable more than the page was read: if it is there,
		// the list goes on past the page (on the side read towards).
		more := len(rs) > f.Limit
		switch {
		case more && q.Before != nil:
			rs = rs[1:]
		case more:
			rs = rs[:f.Limit]
		}
		showReceivables(rs)
		page.Receivables = rs
		if len(rs) > 0 {
			first, last := rs[0].ID, rs[len(rs)-1].ID
			if more || q.Before != nil {
				page.Next = last
			}
			if q.After != nil || (more && q.Before != nil) {
				page.Prev = first
			}
		}
		page.Total, page.Open, err = tx.ReceivableTotals(q)
		return err
	})
	if err != nil {
		return ReceivablePage{}, err
	}
	if page.Receivables == nil {
		page.Receivables = []Receivable{}
	}
	return page, nil
}

// receivableKey is the place in the order of the receivable a cursor
// names (nil for no cursor). Errors: EINVALID for one that names none.
func receivableKey(tx ReadTx, field string, id ReceivableID) (*ReceivableKey, error) {
	if id == "" {
		return nil, nil
	}
	rs := []Receivable(nil)
	var err error
	if ValidID(ReceivablePrefix, string(id)) {
		if rs, err = tx.Receivables(ReceivableQuery{IDs: []ReceivableID{id}}); err != nil {
			return nil, err
		}
	}
	if len(rs) == 0 {
		return nil, cursorNotFound(field, string(id), listReceivables)
	}
	return &ReceivableKey{CreatedAt: rs[0].CreatedAt, ID: id}, nil
}

// Settle records a party's payment of (part of) a receivable (Store).
// Errors: EFORBIDDEN, EINVALID, ENOTFOUND, ECONFLICT (settled in full, or
// cancelled), ECLOSED, EIDEMPOTENCY.
func (s *Service) Settle(ctx context.Context, actor Actor, req Settlement) (Receivable, error) {
	if err := actor.Can(ActSettle, "record settlements"); err != nil {
		return Receivable{}, err
	}
	if err := req.Validate(DateOf(s.now())); err != nil {
		return Receivable{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	var r Receivable
	err := s.write(ctx, "settle receivable", func(o *op) error {
		var err error
		// A replay answers the first answer, as it was then: the
		// receivable may have been settled further since.
		r, _, err = idempotent(o, actor, key, fp, receivableAnswer, func() (Receivable, error) {
			req := req
			return o.settle(actor, &req)
		})
		return err
	})
	return r, err
}

// settle books a settlement inside the write.
func (o *op) settle(actor Actor, req *Settlement) (Receivable, error) {
	r, err := receivable(o.tx, req.ReceivableID)
	if err != nil {
		return r, err
	}
	// What is open follows from the settlements themselves, not from the
	// figure kept beside them.
	r.Settled = 0
	for _, s := range r.Settlements {
		r.Settled += s.Amount
	}
	if r.Status != ReceivableCancelled {
		r.Open = r.Amount - r.Settled
	}
	if created := DateOf(r.CreatedAt); req.ValueDate.Before(created) {
		return r, Invalid(nounSettlement, []FieldError{NewFieldError("valueDate", msgSettlementBeforeReceivable, req.ValueDate, created)})
	}
	if r.Status == ReceivableOpen && r.Open <= 0 {
		return r, NewError(ECONFLICT, msgSettledAlready, r.ID, r.PartyName)
	}
	switch r.Status {
	case ReceivableSettled:
		return r, NewError(ECONFLICT, msgSettledAlready, r.ID, r.PartyName)
	case ReceivableCancelled:
		return r, NewError(ECONFLICT, msgReceivableCancelled, r.ID)
	}
	if req.Amount > r.Open {
		return r, Invalid(nounSettlement, []FieldError{NewFieldError("amount", msgSettlementTooMuch, r.Open, r.ID, r.PartyName)})
	}
	pt, err := pot(o.tx, r.PotID)
	if err != nil {
		return r, err
	}
	req.By, req.At = actor.User, o.now
	memo := "settled by the party; the money flows back into the pot"
	if pt.RecoveryPolicy == PolicyReport {
		memo = "settled by the party; under the report policy the money goes to the municipality's general means"
	}
	t := Transaction{
		Kind: TxSettled, Ref: string(r.ID), PotID: r.PotID, ValueDate: req.ValueDate, Actor: actor.User, ActorRole: actor.Role,
		Memo: memo, Digest: SettlementDigest(req), Postings: SettlementPostings(r.PotID, pt.RecoveryPolicy, r.PartyID, req.Amount),
	}
	if err := o.book(&t); err != nil {
		return r, err
	}
	req.JournalSeq = t.Seq
	if err := o.tx.InsertSettlement(req); err != nil {
		return r, err
	}
	r.Settled += req.Amount
	r.Open -= req.Amount
	if r.Open == 0 {
		r.Status = ReceivableSettled
	}
	r.Settlements = append(r.Settlements, *req)
	return r, o.tx.SetReceivable(r.ID, r.Settled, r.Status)
}

// Evaluate records or revises the evaluation of a payout (Store). Each
// version is a journal transaction that commits to it, so the regret ratio
// rests on tamper-evident records. Only a paid payout is evaluated
// (Payout.Evaluable). Errors: EFORBIDDEN (also a caseworker evaluating a
// colleague's payout), EINVALID, ENOTFOUND, ECONFLICT (a payout not paid:
// pending, approved and waiting for a payment batch, rejected or
// reversed), ECLOSED, EIDEMPOTENCY.
func (s *Service) Evaluate(ctx context.Context, actor Actor, req EvaluationRequest) (Evaluation, error) {
	if err := actor.Can(ActEvaluate, "evaluate payouts"); err != nil {
		return Evaluation{}, err
	}
	if err := req.Validate(); err != nil {
		return Evaluation{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	var e Evaluation
	err := s.write(ctx, "evaluate payout", func(o *op) error {
		// The record keeps which version was made, not its note. Its JSON
		// names are those of the answers stored already: keep them.
		rc, replay, err := idempotent(o, actor, key, fp, evaluationAnswer, func() (evaluationReceipt, error) {
			req := req
			var err error
			e, err = o.evaluate(actor, &req)
			return evaluationReceipt{e.PayoutID, e.Version}, err
		})
		if err != nil || !replay {
			return err
		}
		es, err := o.tx.Evaluations(rc.PayoutID)
		if err != nil {
			return err
		}
		for _, x := range es {
			if x.Version == rc.Version {
				e = x
				e.Current = true
			}
		}
		return nil
	})
	return e, err
}

// evaluate books an evaluation inside the write.
func (o *op) evaluate(actor Actor, req *EvaluationRequest) (Evaluation, error) {
	row, err := payoutRow(o.tx, req.PayoutID)
	if err != nil {
		return Evaluation{}, err
	}
	p := &row.Payout
	switch {
	case p.Evaluable():
	case p.Status == StatusPending:
		return Evaluation{}, NewError(ECONFLICT, msgEvaluatePending, p.ID)
	case p.Status == StatusApproved:
		return Evaluation{}, NewError(ECONFLICT, msgEvaluateNotPaid, p.ID)
	default:
		return Evaluation{}, NewError(ECONFLICT, msgEvaluateNothingSpent, p.ID, p.Status)
	}
	if actor.Role == RoleCaseworker && p.RequestedBy != actor.User {
		return Evaluation{}, NewError(EFORBIDDEN, msgEvaluateColleague, p.ID)
	}
	if err := req.Resolve(p.Amount); err != nil {
		return Evaluation{}, err
	}
	e := Evaluation{PayoutID: p.ID, Version: 1, Outcome: req.Outcome, Regretted: req.Regretted, Note: req.Note,
		By: actor.User, Role: actor.Role, At: o.now, Current: true}
	if p.Evaluation != nil {
		e.Version = p.Evaluation.Version + 1
	}
	memo := fmt.Sprintf("evaluation version %d: %s", e.Version, e.Outcome)
	if e.Regretted > 0 {
		memo += ", regretted " + e.Regretted.String()
	}
	t := Transaction{
		Kind: TxEvaluated, Ref: string(p.ID), PotID: p.PotID, ValueDate: o.today(), Actor: actor.User, ActorRole: actor.Role,
		Memo: memo, Digest: EvaluationDigest(row.Salt, &e),
	}
	if err := o.book(&t); err != nil {
		return e, err
	}
	e.JournalSeq = t.Seq
	if err := o.tx.InsertEvaluation(&e); err != nil {
		return e, err
	}
	return e, o.tx.SetEvaluationSummary(e.PayoutID, EvaluationSummary{Version: e.Version, Outcome: e.Outcome, Regretted: e.Regretted})
}

// Evaluations returns a payout's evaluations, oldest first (Store).
// Errors: ENOTFOUND.
func (s *Service) Evaluations(ctx context.Context, id PayoutID) ([]Evaluation, error) {
	var es []Evaluation
	err := s.read(ctx, "read evaluations", func(tx ReadTx) error {
		row, err := payoutRow(tx, id)
		if err != nil {
			return err
		}
		if es, err = tx.Evaluations(id); err != nil {
			return err
		}
		for i := range es {
			es[i].Current = row.Evaluation != nil && es[i].Version == row.Evaluation.Version
		}
		return nil
	})
	return es, err
}

// TakeUpSignal records that a signal was taken up in policy (Store).
// Errors: EFORBIDDEN, EINVALID, ECONFLICT when it was taken up already,
// EIDEMPOTENCY.
func (s *Service) TakeUpSignal(ctx context.Context, actor Actor, req SignalUptake) (SignalUptake, error) {
	if err := actor.Can(ActTakeUpSignal, "mark signals as taken up in policy"); err != nil {
		return SignalUptake{}, err
	}
	if err := req.Validate(); err != nil {
		return SignalUptake{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	var u SignalUptake
	err := s.write(ctx, "take up signal", func(o *op) error {
		var err error
		u, _, err = idempotent(o, actor, key, fp, signalUptakeAnswer, func() (SignalUptake, error) {
			u := SignalUptake{SignalID: req.SignalID, Note: req.Note, By: actor.User, Role: actor.Role, At: o.now}
			err := o.tx.InsertUptake(&u)
			if errors.Is(err, ErrExists) {
				return u, NewError(ECONFLICT, msgSignalTakenUp, u.SignalID)
			}
			if err != nil {
				return u, err
			}
			return u, o.commitRecord(actor, UptakeRecord(&u), "", "taken up in policy")
		})
		return err
	})
	return u, err
}

// SignalUptakes lists the signals taken up in policy, oldest first
// (Store).
func (s *Service) SignalUptakes(ctx context.Context) ([]SignalUptake, error) {
	var us []SignalUptake
	err := s.read(ctx, "read signal uptakes", func(tx ReadTx) error {
		var err error
		us, err = tx.SignalUptakes()
		return err
	})
	return us, err
}

// ReversePayout corrects an approved, unpaid payout with a reversing entry
// (Store): its allocation, if any, is withdrawn first, since the cost goes
// away. Errors: EFORBIDDEN, EINVALID, ENOTFOUND, ECONFLICT (a payout not
// approved, or paid; a settled receivable), ECLOSED, EIDEMPOTENCY.
func (s *Service) ReversePayout(ctx context.Context, actor Actor, req Reversal) (Payout, error) {
	if err := actor.Can(ActReversePayout, "reverse payouts"); err != nil {
		return Payout{}, err
	}
	if err := req.Validate(); err != nil {
		return Payout{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	return s.writePayout(ctx, actor, "reverse payout", key, fp, func(o *op) (Payout, error) {
		return o.reversePayout(actor, &req)
	})
}

// reversePayout books a reversal inside the write.
func (o *op) reversePayout(actor Actor, req *Reversal) (Payout, error) {
	row, err := payoutRow(o.tx, req.PayoutID)
	if err != nil {
		return Payout{}, err
	}
	p := row.Payout
	switch p.Status {
	case StatusApproved:
	case StatusPaid:
		return p, NewError(ECONFLICT, msgReversePaid, p.ID)
	case StatusPending:
		return p, NewError(ECONFLICT, msgReversePending, p.ID)
	default:
		return p, NewError(ECONFLICT, msgReverseNotApproved, p.ID, p.Status)
	}
	if row.AllocationVersion > 0 {
		// The cost goes away, so its allocation does too: first undo it.
		as, err := o.tx.Allocations(p.ID, row.AllocationVersion)
		if err != nil {
			return p, err
		}
		if len(as) != 1 {
			return p, fmt.Errorf("payout %s: its current allocation, version %d, is not there", p.ID, row.AllocationVersion)
		}
		if err := o.withdrawAllocation(actor, &p, &as[0], "payout reversed: "+req.Reason); err != nil {
			return p, err
		}
		p.Allocated = 0
	}
	p.Status = StatusReversed
	p.Reversal = &PayoutReversal{By: actor.User, Role: actor.Role, At: o.now, Reason: req.Reason}
	t := Transaction{
		Kind: TxPayoutReversed, Ref: string(p.ID), PotID: p.PotID, ValueDate: o.today(),
		Actor: actor.User, ActorRole: actor.Role, Digest: ReversalDigest(row.Salt, p.ID, p.Reversal),
		Reverses: row.DecisionSeq, Memo: "reverses the approval",
		Postings: ReversalPostings(p.PotID, p.Amount),
	}
	if err := o.book(&t); err != nil {
		return p, err
	}
	err = o.tx.ReversePayout(&p, t.Seq)
	if errors.Is(err, ErrNotFound) {
		return p, errors.New("payout " + string(p.ID) + " changed while being reversed")
	}
	if err != nil {
		return p, err
	}
	pot, err := pot(o.tx, p.PotID)
	if err != nil {
		return p, err
	}
	return p, o.notify(actor, []string{p.RequestedBy}, payoutNote(NoteReversed, &p, pot))
}
