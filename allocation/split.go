package allocation

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/ontschot/ontschot/ledger"
)

// Share is one requested allocation line's size: an amount, or a percentage
// of what the amount lines leave. Exactly one of the two is non-zero; Percent
// is in units of 1/10,000, so 3333 means 33.33%.
type Share struct {
	Amount  ledger.Cents
	Percent ledger.Ratio
}

// Split divides total over shares, to the cent, and returns one part per
// share in the order given.
//
// Amount shares are taken as they are. Percentage shares divide the rest R,
// total minus the amounts, by the largest remainder method: each line first
// gets the floor of its exact quota R×p/10,000; the percentage lines together
// get R when the percentages add up to exactly 100%, and otherwise R×Σp/10,000
// rounded half up; the cents still missing go one each to the lines with the
// largest remainders, ties to the earlier line. So every part differs from
// its exact quota by less than one cent, the parts add up to the total when
// the percentages add up to 100% (or when there are only amounts that do),
// and what stays unallocated otherwise is at most the rounding of the
// percentages' own shortfall. A tiny percentage of a tiny rest may come out
// at 0.00: 0.01 split 33.33/33.33/33.34 is 0.00, 0.00, 0.01.
//
// Everything is integer arithmetic: R is at most ledger.MaxAmount, so R×p
// fits in an int64.
//
// Errors are *ledger.Error with code ledger.EINVALID, the fields named as in
// the API ("lines", "lines[2]", "lines[2].amount", "lines[2].percentage"): no
// shares; a share with both or neither of an amount and a percentage; a
// negative amount or percentage; an amount or percentage larger than the
// whole; amounts that add up to more than the total; percentages that add up
// to more than 100%; and percentage lines while the amounts already cover the
// whole total. A total that is not positive or above ledger.MaxAmount is an
// EINVALID error without fields: it is the payout's amount, not the request's.
func Split(total ledger.Cents, shares []Share) ([]ledger.Cents, error) {
	if total <= 0 || total > ledger.MaxAmount {
		return nil, ledger.NewError(ledger.EINVALID, ledger.MsgSplitTotal, total, ledger.MaxAmount)
	}
	var fe fieldErrors
	if len(shares) == 0 {
		fe.add("lines", ledger.MsgSplitLinesRequired)
		return nil, fe.err()
	}
	for i, s := range shares {
		f := "lines[" + strconv.Itoa(i) + "]"
		switch {
		case s.Amount != 0 && s.Percent != 0:
			fe.add(f, ledger.MsgSplitBoth, s.Amount, s.Percent)
		case s.Amount == 0 && s.Percent == 0:
			fe.add(f, ledger.MsgSplitNeither)
		case s.Amount < 0:
			fe.add(f+".amount", ledger.MsgSplitAmountNegative, s.Amount)
		case s.Amount > total:
			fe.add(f+".amount", ledger.MsgSplitAmountAbovePayout, s.Amount, total)
		case s.Percent < 0:
			fe.add(f+".percentage", ledger.MsgSplitPercentNegative, s.Percent)
		case s.Percent > ledger.RatioOne:
			fe.add(f+".percentage", ledger.MsgSplitPercentAbove100, s.Percent)
		}
	}
	if err := fe.err(); err != nil {
		return nil, err
	}

	// Every amount is at most total here, so the sums cannot overflow.
	var amounts ledger.Cents
	var percent ledger.Ratio
	var pctLines []int
	for i, s := range shares {
		amounts += s.Amount
		if s.Percent != 0 {
			percent += s.Percent
			pctLines = append(pctLines, i)
		}
	}
	switch rest := total - amounts; {
	case rest < 0:
		fe.add("lines", ledger.MsgSplitAmountsExceed, amounts, -rest, total)
	case rest == 0 && len(pctLines) > 0:
		fe.add("lines", ledger.MsgSplitAmountsCover, total)
	}
	if percent > ledger.RatioOne {
		fe.add("lines", ledger.MsgSplitPercentsExceed, percent)
	}
	if err := fe.err(); err != nil {
		return nil, err
	}

	parts := make([]ledger.Cents, len(shares))
	for i, s := range shares {
		parts[i] = s.Amount
	}
	if len(pctLines) == 0 {
		return parts, nil
	}
	rest := int64(total - amounts)
	one := int64(ledger.RatioOne)
	target := rest
	if percent != ledger.RatioOne {
		target = (rest*int64(percent) + one/2) / one
	}
	rem := make([]int64, len(shares))
	for _, i := range pctLines {
		q := rest * int64(shares[i].Percent)
		parts[i] = ledger.Cents(q / one)
		rem[i] = q % one
		target -= q / one
	}
	// target is now the number of cents the floors left over: at least 0,
	// and at most the number of lines with a positive remainder, so each
	// line gets at most one and only a line whose quota was not whole.
	order := slices.Clone(pctLines)
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
	for _, i := range order[:target] {
		parts[i]++
	}
	return parts, nil
}

// Line is one allocation line as finance requests it: the ledger line, whose
// Amount is the amount share, and Percent, the percentage share. Exactly one
// of Amount and Percent is non-zero.
type Line struct {
	ledger.AllocationLine
	Percent ledger.Ratio
}

// Resolve turns requested lines into ledger lines with their amounts in
// cents, as Split divides total over them, keeping the order. A percentage
// line that comes out at 0.00 is dropped, since a ledger line is never zero;
// kept gives, for each resolved line, the index of the requested line it
// came from (so an error about a resolved line can name the line finance
// wrote). Everything else of each line (target, taakveld, party) is copied
// unchanged: it is validated by ledger.AllocationRequest.Validate and the
// store. Errors are Split's.
//
// Whatever total minus the sum of the lines leaves (when percentages add up
// to less than 100%) stays unallocated.
func Resolve(total ledger.Cents, lines []Line) (resolved []ledger.AllocationLine, kept []int, err error) {
	shares := make([]Share, len(lines))
	for i, l := range lines {
		shares[i] = Share{Amount: l.Amount, Percent: l.Percent}
	}
	parts, err := Split(total, shares)
	if err != nil {
		return nil, nil, err
	}
	resolved = make([]ledger.AllocationLine, 0, len(lines))
	kept = make([]int, 0, len(lines))
	for i, l := range lines {
		if l.Percent != 0 && parts[i] == 0 {
			continue
		}
		al := l.AllocationLine
		al.Amount = parts[i]
		resolved = append(resolved, al)
		kept = append(kept, i)
	}
	return resolved, kept, nil
}

// fieldErrors collects the input fields at fault, as package ledger does,
// with the messages of the ledger's catalogue.
type fieldErrors []ledger.FieldError

func (fe *fieldErrors) add(field string, m ledger.MsgCode, args ...any) {
	*fe = append(*fe, ledger.NewFieldError(field, m, args...))
}

// err returns an EINVALID error listing the fields, or nil when there are
// none.
func (fe fieldErrors) err() error { return ledger.Invalid(ledger.NounAllocation, fe) }
