package httpapi

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// A query value that names nothing (a pot, party or payout that is not
// there, a category that is not one) is a mistake in the request: it is
// answered 400 naming the field, as a status that is not one is, on every
// route that filters by it. Not an empty list, which reads as "there are
// none", and not a 404, which reads as "this resource is not there" when
// the route is. The checks collect into the request's other mistakes, so
// one answer lists them all. requestedBy is not checked: a user of the
// identity provider is known to the ledger only once they have acted.

// filterIDs are the ids a query may filter by; the zero value checks none.
type filterIDs struct {
	pot      ledger.PotID
	party    ledger.PartyID
	payout   ledger.PayoutID
	category string
}

// check collects a field error for every value in f that names nothing.
// Errors: a read that fails for another reason than not finding it.
func (s *Server) checkFilter(ctx context.Context, f filterIDs, c *fieldCollector) error {
	if f.pot != "" {
		if _, err := s.store.Pot(ctx, f.pot); err != nil {
			if ledger.ErrorCode(err) != ledger.ENOTFOUND {
				return err
			}
			*c = append(*c, ledger.FieldError{Field: "potId", Reason: fmt.Sprintf("%q is not a pot; list the pots (GET /api/v1/pots) to find its id", f.pot)})
		}
	}
	if f.party != "" {
		ps, err := s.store.Parties(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(ps, func(p ledger.Party) bool { return p.ID == f.party }) {
			*c = append(*c, ledger.FieldError{Field: "partyId", Reason: fmt.Sprintf("%q is not a party; list the parties (GET /api/v1/parties) to find its id", f.party)})
		}
	}
	if f.payout != "" {
		if _, err := s.store.Payout(ctx, f.payout); err != nil {
			if ledger.ErrorCode(err) != ledger.ENOTFOUND {
				return err
			}
			*c = append(*c, ledger.FieldError{Field: "payoutId", Reason: fmt.Sprintf("%q is not a payout; check the id", f.payout)})
		}
	}
	if f.category != "" {
		cs, err := s.store.Categories(ctx)
		if err != nil {
			return err
		}
		codes := make([]string, len(cs))
		for i, cat := range cs {
			codes[i] = cat.Code
		}
		if !slices.Contains(codes, f.category) {
			*c = append(*c, ledger.FieldError{Field: "category", Reason: fmt.Sprintf("%q is not a category; use one of %s", f.category, strings.Join(codes, ", "))})
		}
	}
	return nil
}
