package allocation

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// Service puts the pure functions of this package to work on a store: it
// reads the facts, the rules, the code list and the parties, and answers
// what the API, the command and the web pages ask. It only reads, except in
// Allocate, which books through the store.
type Service struct {
	Store ledger.Store
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Today is the current calendar day in Amsterdam.
func (s *Service) Today() ledger.Date {
	if s.Now == nil {
		return ledger.DateOf(time.Now())
	}
	return ledger.DateOf(s.Now())
}

// suggester reads what suggestions need once, for many payouts.
type suggester struct {
	rules   []ledger.AllocationRule
	list    ledger.TaakveldList
	parties []ledger.Party
	loads   map[ledger.PotID][]ledger.PartyLoad
	store   ledger.Store
}

func (s *Service) suggester(ctx context.Context) (*suggester, error) {
	rules, err := s.Store.AllocationRules(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.Store.Taakvelden(ctx)
	if err != nil {
		return nil, err
	}
	parties, err := s.Store.Parties(ctx)
	if err != nil {
		return nil, err
	}
	return &suggester{rules: rules, list: list, parties: parties, loads: map[ledger.PotID][]ledger.PartyLoad{}, store: s.Store}, nil
}

func (g *suggester) suggest(ctx context.Context, f *ledger.PayoutFact) (Suggestion, error) {
	loads, ok := g.loads[f.PotID]
	if !ok {
		var err error
		if loads, err = g.store.PartyLoads(ctx, f.PotID); err != nil {
			return Suggestion{}, err
		}
		g.loads[f.PotID] = loads
	}
	return Suggest(f, g.rules, g.list, g.parties, loads), nil
}

// Suggestion proposes where a payout's cost belongs.
func (s *Service) Suggestion(ctx context.Context, p *ledger.Payout) (Suggestion, error) {
	g, err := s.suggester(ctx)
	if err != nil {
		return Suggestion{}, err
	}
	f := p.Fact()
	return g.suggest(ctx, &f)
}

// AllocateRequest is finance's allocation as it arrives: lines with amounts
// or percentages.
type AllocateRequest struct {
	PayoutID       ledger.PayoutID
	Lines          []Line
	Note           string
	IdempotencyKey string
}

// Allocate resolves percentages to the cent, records whether finance
// followed the suggestion it was shown, and books the allocation. It
// returns how many percentage lines came to 0.00 and were left out.
func (s *Service) Allocate(ctx context.Context, actor ledger.Actor, req AllocateRequest) (ledger.Allocation, int, error) {
	if err := actor.Can(ledger.ActAllocate, "allocate payouts"); err != nil {
		return ledger.Allocation{}, 0, err
	}
	p, err := s.Store.Payout(ctx, req.PayoutID)
	if err != nil {
		return ledger.Allocation{}, 0, err
	}
	var lines []ledger.AllocationLine
	var kept []int
	if len(req.Lines) > 0 {
		if lines, kept, err = Resolve(p.Amount, req.Lines); err != nil {
			// With every other fault of the lines, not after them.
			stand := make([]ledger.AllocationLine, len(req.Lines))
			for i, l := range req.Lines {
				stand[i] = l.AllocationLine
				if l.Percent != 0 {
					stand[i].Amount = 1
				}
			}
			return ledger.Allocation{}, 0, s.faults(ctx, &p, stand, req.Note, err)
		}
		if len(lines) == 0 {
			// Only lines: [] withdraws an allocation; lines that all came
			// to nothing are a mistake.
			return ledger.Allocation{}, 0, ledger.Invalid(ledger.NounAllocation, []ledger.FieldError{ledger.NewFieldError("lines", ledger.MsgSplitAllZero, p.Amount)})
		}
	}
	dropped := len(req.Lines) - len(lines)
	lr := ledger.AllocationRequest{PayoutID: p.ID, Lines: lines, Note: req.Note, IdempotencyKey: req.IdempotencyKey}
	if len(lines) > 0 {
		sg, err := s.Suggestion(ctx, &p)
		if err != nil {
			return ledger.Allocation{}, 0, err
		}
		lr.SuggestedBy = sg.RuleID
		if lr.SuggestedBy == "" {
			lr.SuggestedBy = "none"
		}
		lr.FollowedSuggestion = Same(completed(lines, &p), sg.Lines)
	}
	a, err := s.Store.Allocate(ctx, actor, lr)
	return a, dropped, renumber(err, kept)
}

// Faults is every fault of lines for payout id that can be found before
// booking (ledger.AllocationFaults), but the total: a caller gives lines
// whose size it could not read, or that are percentages, a stand-in
// amount such as 0.01 and leaves the total to the split. It lets the API
// report them with the faults it found itself. Errors: EINVALID, ENOTFOUND
// (the payout).
func (s *Service) Faults(ctx context.Context, id ledger.PayoutID, lines []ledger.AllocationLine, note string) error {
	p, err := s.Store.Payout(ctx, id)
	if err != nil {
		return err
	}
	return s.faults(ctx, &p, lines, note, nil)
}

// faults is Faults for a payout read before, joined after first (a
// refusal found already, whose reasons come first).
func (s *Service) faults(ctx context.Context, p *ledger.Payout, lines []ledger.AllocationLine, note string, first error) error {
	list, err := s.Store.Taakvelden(ctx)
	if err != nil {
		return err
	}
	parties, err := s.Store.Parties(ctx)
	if err != nil {
		return err
	}
	req := ledger.AllocationRequest{PayoutID: p.ID, Lines: lines, Note: note}
	more := ledger.AllocationFaults(&req, p, list, parties, false)
	var a, b *ledger.Error
	if first == nil || !errors.As(first, &a) || a.Code != ledger.EINVALID || !errors.As(more, &b) {
		if first != nil {
			return first
		}
		return more
	}
	fields := slices.Clone(a.Fields)
	for _, f := range b.Fields {
		if !slices.ContainsFunc(fields, func(g ledger.FieldError) bool { return g.Field == f.Field }) {
			fields = append(fields, f)
		}
	}
	return ledger.Invalid(ledger.NounAllocation, fields)
}

// renumber makes the fields of a store error about resolved lines name the
// lines as finance wrote them: with lines of 0.00 left out, resolved line i
// is requested line kept[i].
func renumber(err error, kept []int) error {
	var le *ledger.Error
	if !errors.As(err, &le) || len(le.Fields) == 0 {
		return err
	}
	out := *le
	out.Fields = make([]ledger.FieldError, len(le.Fields))
	for i, f := range le.Fields {
		if rest, ok := strings.CutPrefix(f.Field, "lines["); ok {
			if n, tail, ok := strings.Cut(rest, "]"); ok {
				if idx, err := strconv.Atoi(n); err == nil && idx >= 0 && idx < len(kept) {
					f.Field = "lines[" + strconv.Itoa(kept[idx]) + "]" + tail
				}
			}
		}
		out.Fields[i] = f
	}
	if len(out.Fields) == 1 {
		out.Message = "The allocation is not valid; correct " + out.Fields[0].Field + " and try again"
	}
	return &out
}

// completed fills in what the store would derive, so a request that leaves
// the economic category out still matches the suggestion it follows.
func completed(lines []ledger.AllocationLine, p *ledger.Payout) []ledger.AllocationLine {
	out := make([]ledger.AllocationLine, len(lines))
	for i, l := range lines {
		if _, isLaw := l.Target.Law(); isLaw && l.EconomicCategory == "" {
			l.EconomicCategory = p.EconomicCategory()
		}
		out[i] = l
	}
	return out
}

// RegretYear is the calendar year whose regret a pot's figures show: the
// current year, or the pot's year when the pot covers an earlier one.
func (s *Service) RegretYear(pot *ledger.Pot) int {
	year := s.Today().Year()
	if pot.Year < year {
		return pot.Year
	}
	return year
}

// Rotation returns every registered party with what it has borne of a
// pot's costs: the turns taken and the amounts.
func (s *Service) Rotation(ctx context.Context, pot ledger.PotID) ([]ledger.PartyLoad, error) {
	parties, err := s.Store.Parties(ctx)
	if err != nil {
		return nil, err
	}
	loads, err := s.Store.PartyLoads(ctx, pot)
	if err != nil {
		return nil, err
	}
	return Rotation(parties, loads), nil
}
