package httpapi

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// Reallocation: parties, allocations and their suggestions, the queue,
// receivables and settlements, rotation.

type partyBody struct {
	Name string `json:"name" validate:"required,max=120"`
	Kind string `json:"kind" validate:"required"`
}

func (s *Server) createParty(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b partyBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	p, err := s.store.CreateParty(r.Context(), sess.Actor, ledger.NewParty{Name: b.Name, Kind: ledger.PartyKind(b.Kind), IdempotencyKey: key})
	if err != nil {
		return err
	}
	return created(w, "/api/v1/parties", p)
}

func (s *Server) listParties(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	ps, err := s.store.Parties(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"parties": nonNil(ps)})
}

type allocationBody struct {
	Lines []allocationLineBody `json:"lines" validate:"max=20,dive"`
	Note  string               `json:"note" validate:"max=2000"`
}

type allocationLineBody struct {
	Target           string  `json:"target" validate:"required"`
	Taakveld         string  `json:"taakveld" validate:"max=10"`
	EconomicCategory string  `json:"economicCategory"`
	Party            string  `json:"party" validate:"max=120"`
	PartyID          string  `json:"partyId" validate:"max=40"`
	Amount           *string `json:"amount"`
	Percentage       *string `json:"percentage"`
}

func (s *Server) allocate(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b allocationBody
	if err := decode(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	if b.Lines == nil {
		return fieldsError(ledger.FieldError{Field: "lines", Reason: "required: the lines of the allocation (an empty list withdraws the current one)"})
	}
	var c fieldCollector
	lines := make([]allocation.Line, len(b.Lines))
	for i, l := range b.Lines {
		field := "lines[" + itoa(i) + "]"
		line := allocation.Line{AllocationLine: ledger.AllocationLine{Target: ledger.Target(l.Target), Taakveld: l.Taakveld,
			EconomicCategory: ledger.EconomicCategory(l.EconomicCategory), PartyName: l.Party, PartyID: ledger.PartyID(l.PartyID)}}
		switch {
		case l.Amount != nil && l.Percentage != nil:
			c = append(c, ledger.FieldError{Field: field, Reason: "give an amount or a percentage, not both"})
		case l.Amount != nil:
			line.Amount, err = ledger.ParseAmount(*l.Amount)
			c.add(field+".amount", err)
		case l.Percentage != nil:
			line.Percent, err = ledger.ParsePercent(*l.Percentage)
			c.add(field+".percentage", err)
		default:
			c = append(c, ledger.FieldError{Field: field + ".amount", Reason: "required: an amount such as \"125.50\", or a percentage such as \"50\" of what the amount lines leave"})
		}
		lines[i] = line
	}
	if shape := shapeErrors(&b); len(c) > 0 || len(shape) > 0 {
		// Every mistake at once: the conversion's, the lines' against the
		// stored data (a party that does not exist, a taakveld of another
		// law) and the shape's. A line whose size could not be read, or
		// is a percentage, stands in with 0.01: the total is the split's.
		probe := make([]ledger.AllocationLine, len(lines))
		for i, l := range lines {
			probe[i] = l.AllocationLine
			field := "lines[" + itoa(i) + "]"
			unread := slices.ContainsFunc(c, func(f ledger.FieldError) bool { return strings.HasPrefix(f.Field, field) })
			if unread || l.Percent != 0 {
				probe[i].Amount = 1
			}
		}
		faults := s.alloc.Faults(r.Context(), ledger.PayoutID(mux.Vars(r)["payoutId"]), probe, b.Note)
		if code := ledger.ErrorCode(faults); faults != nil && code != ledger.EINVALID && code != ledger.ENOTFOUND {
			return faults
		}
		return mergeFields(c, domainFields(faults), shape)
	}
	a, dropped, err := s.alloc.Allocate(r.Context(), sess.Actor, allocation.AllocateRequest{
		PayoutID: ledger.PayoutID(mux.Vars(r)["payoutId"]), Lines: lines, Note: b.Note, IdempotencyKey: key})
	if err != nil {
		return err
	}
	if dropped > 0 {
		w.Header().Set("Warning", `199 ontschot "`+strconv.Itoa(dropped)+` percentage line(s) came to 0.00 and were left out"`)
	}
	// The answer goes through the same rule as a read: finance sees every
	// case today, but the rule, not this handler, decides that.
	p, err := s.store.Payout(r.Context(), a.PayoutID)
	if err != nil {
		return err
	}
	return created(w, "/api/v1/payouts/"+string(a.PayoutID)+"/allocations", allocationOf(a, sess, p.RequestedBy))
}

func (s *Server) listAllocations(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	p, err := s.store.Payout(r.Context(), ledger.PayoutID(mux.Vars(r)["payoutId"]))
	if err != nil {
		return err
	}
	as, err := s.store.Allocations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	out := make([]allocationJSON, len(as))
	for i, a := range as {
		out[i] = allocationOf(a, sess, p.RequestedBy)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"allocations": out})
}

func (s *Server) getSuggestion(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	p, err := s.store.Payout(r.Context(), ledger.PayoutID(mux.Vars(r)["payoutId"]))
	if err != nil {
		return err
	}
	sg, err := s.alloc.Suggestion(r.Context(), &p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, suggestionOf(sg))
}

func suggestionOf(sg allocation.Suggestion) allocation.Suggestion {
	if sg.Lines == nil {
		sg.Lines = []ledger.AllocationLine{}
	}
	return sg
}

// queueItemJSON is one payout in finance's queue: what finance needs to
// allocate it, and no case.
type queueItemJSON struct {
	PayoutID        ledger.PayoutID       `json:"payoutId"`
	PotID           ledger.PotID          `json:"potId"`
	Amount          ledger.Cents          `json:"amount"`
	Allocated       ledger.Cents          `json:"allocated"`
	Unallocated     ledger.Cents          `json:"unallocated"`
	Category        string                `json:"category"`
	Urgency         ledger.Urgency        `json:"urgency"`
	ResidentUnder18 *bool                 `json:"residentUnder18,omitempty"`
	Status          ledger.Status         `json:"status"`
	ValueDate       ledger.Date           `json:"valueDate"`
	AgeDays         int                   `json:"ageDays"`
	Band            allocation.AgeBand    `json:"band"`
	Suggestion      allocation.Suggestion `json:"suggestion"`
}

var queueQueryKeys = []string{"potId", "band", "limit", "after"}

func (s *Server) getQueue(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, queueQueryKeys...)
	if err != nil {
		return err
	}
	var c fieldCollector
	band := allocation.AgeBand(q.Get("band"))
	if band != "" && band != allocation.BandRecent && band != allocation.BandOlder && band != allocation.BandOverdue {
		c = append(c, ledger.FieldError{Field: "band", Reason: "must be one of 0-30, 31-90, 90+"})
	}
	limit := limitParam(q, &c, ledger.MaxPageSize)
	if limit == 0 {
		limit = 100
	}
	if err := s.checkFilter(r.Context(), filterIDs{pot: ledger.PotID(q.Get("potId"))}, &c); err != nil {
		return err
	}
	if err := c.merge(nil); err != nil {
		return err
	}
	page, err := s.alloc.Queue(r.Context(), allocation.QueueQuery{PotID: ledger.PotID(q.Get("potId")), Band: band, Limit: limit, After: q.Get("after")})
	if err != nil {
		return err
	}
	out := make([]queueItemJSON, 0, len(page.Items))
	for _, it := range page.Items {
		f := it.Fact
		item := queueItemJSON{PayoutID: f.ID, PotID: f.PotID, Amount: f.Amount, Allocated: f.Allocated, Unallocated: it.Unallocated,
			Category: f.Category, Urgency: f.Urgency, Status: f.Status, ValueDate: f.ValueDate,
			AgeDays: it.AgeDays, Band: it.Band, Suggestion: suggestionOf(it.Suggestion)}
		if sess.SeesCase(f.RequestedBy) {
			under18 := f.ResidentUnder18
			item.ResidentUnder18 = &under18
		}
		out = append(out, item)
	}
	body := map[string]any{"items": out, "total": page.Matched, "bands": page.Totals}
	if page.Next != "" {
		body["next"] = page.Next
	}
	return writeJSON(w, http.StatusOK, body)
}

var receivableQueryKeys = append([]string{"potId", "partyId", "payoutId", "status"}, pageKeys...)

func (s *Server) listReceivables(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, receivableQueryKeys...)
	if err != nil {
		return err
	}
	var c fieldCollector
	after, before, limit := pageParams(q, &c)
	f := ledger.ReceivableFilter{PotID: ledger.PotID(q.Get("potId")), PartyID: ledger.PartyID(q.Get("partyId")),
		PayoutID: ledger.PayoutID(q.Get("payoutId")), Status: ledger.ReceivableStatus(q.Get("status")),
		After: ledger.ReceivableID(after), Before: ledger.ReceivableID(before), Limit: limit}
	c = append(c, domainFields(f.Normalise())...)
	if err := s.checkFilter(r.Context(), filterIDs{pot: f.PotID, party: f.PartyID, payout: f.PayoutID}, &c); err != nil {
		return err
	}
	if err := c.merge(nil); err != nil {
		return err
	}
	page, err := s.store.Receivables(r.Context(), f)
	if err != nil {
		return err
	}
	// open and total are of every receivable the filter selects, not of
	// the page alone.
	body := map[string]any{"receivables": nonNil(page.Receivables), "open": page.Open, "total": page.Total}
	pageLinks(w, r, body, string(page.Next), string(page.Prev))
	return writeJSON(w, http.StatusOK, body)
}

func (s *Server) getReceivable(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	rc, err := s.store.Receivable(r.Context(), ledger.ReceivableID(mux.Vars(r)["receivableId"]))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rc)
}

type settlementBody struct {
	Amount    string `json:"amount" validate:"required"`
	ValueDate string `json:"valueDate" validate:"required"`
	Reference string `json:"reference" validate:"required,max=140"`
}

func (s *Server) settle(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b settlementBody
	if err := decode(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var c fieldCollector
	req := ledger.Settlement{ReceivableID: ledger.ReceivableID(mux.Vars(r)["receivableId"]), Reference: b.Reference, IdempotencyKey: key}
	if b.Amount != "" {
		req.Amount, err = ledger.ParseMoney(b.Amount)
		c.add("amount", err)
	}
	if b.ValueDate != "" {
		req.ValueDate, err = ledger.ParseDate(b.ValueDate)
		c.add("valueDate", err)
	}
	if shape := shapeErrors(&b); len(c) > 0 || len(shape) > 0 {
		return mergeFields(c, shape)
	}
	rc, err := s.store.Settle(r.Context(), sess.Actor, req)
	if err != nil {
		return err
	}
	return created(w, "/api/v1/receivables/"+string(rc.ID), rc)
}

func (s *Server) getRotation(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	pot, err := s.store.Pot(r.Context(), ledger.PotID(mux.Vars(r)["potId"]))
	if err != nil {
		return err
	}
	loads, err := s.alloc.Rotation(r.Context(), pot.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"potId": pot.ID, "year": pot.Year, "parties": nonNil(loads)})
}

// nonNil returns s, or an empty slice for nil, so JSON shows [] and not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
