package reports

import (
	"context"

	"github.com/ontschot/ontschot/ledger"
)

// The Dutch names of statuses and roles are the ledger's (Status.Label,
// Role.Label); a level of the mandate ladder and a category (whose labels
// are the store's) are named here.

// MandateLabel says in Dutch what a level of the mandate ladder may
// decide: "teamleider, mandaat tot € 5.000,00", "wethouder, mandaat
// zonder bovengrens".
func MandateLabel(m ledger.MandateLevel) string {
	return m.Role.Label() + ", mandaat " + mandateReach(m)
}

// mandateReach is how far a level reaches: "tot € 5.000,00", "zonder
// bovengrens".
func mandateReach(m ledger.MandateLevel) string {
	if m.Unlimited {
		return "zonder bovengrens"
	}
	return "tot " + Euro(m.Limit)
}

// categoryLabels maps the store's category codes to their Dutch labels.
func (b *Builder) categoryLabels(ctx context.Context) (map[string]string, error) {
	categories, err := b.Store.Categories(ctx)
	if err != nil {
		return nil, err
	}
	labels := make(map[string]string, len(categories))
	for _, c := range categories {
		labels[c.Code] = c.Label
	}
	return labels, nil
}

// labelCategories gives each exception its category's Dutch label, so the
// documents need no store to print it.
func (b *Builder) labelCategories(ctx context.Context, lines []ExceptionLine) error {
	labels, err := b.categoryLabels(ctx)
	if err != nil {
		return err
	}
	for i := range lines {
		lines[i].CategoryLabel = labelOf(labels, lines[i].Category)
	}
	return nil
}
