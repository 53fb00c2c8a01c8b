package web

import (
	"net/http"
	"strings"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// The allocation form says everything that is wrong at once. The ledger
// checks an allocation in steps (the split of the amounts, then each line's
// shape, then each taakveld against the code list) and stops at the first
// step that fails, so a wrong-law taakveld on one line and a party line
// without a party on another came back one at a time. The form runs the
// same checks (the ledger's and package allocation's own functions, not
// copies of their rules) on every line before it books, and shows each
// message beside its field; the ledger checks again when it books.

// formLine is one filled-in row of the allocation form: the line as the
// ledger takes it, and whether its amount or percentage could be read (the
// sums are not checked while a size is missing: they would be wrong
// without it).
type formLine struct {
	allocation.Line
	sized bool
}

// checkAllocation records on f every fault of lines that can be found
// before booking: the split (amounts above the payout, percentages above
// 100), each line's shape (a target, a taakveld for a law, a party for a
// party line), each taakveld against the code list of the payout's
// booking year and the line's law, and each party against those
// registered (ledger.AllocationFaults). Messages are the catalogue's Dutch ones,
// each at the field it is about; those about the lines together at
// "lines".
func (h *Handler) checkAllocation(r *http.Request, f *form, p *ledger.Payout, lines []formLine) error {
	// The split, when every size could be read.
	shares := make([]allocation.Share, 0, len(lines))
	all := true
	for _, l := range lines {
		all = all && l.sized
		shares = append(shares, allocation.Share{Amount: l.Amount, Percent: l.Percent})
	}
	if all && len(lines) > 0 {
		if _, err := allocation.Split(p.Amount, shares); err != nil {
			failAt(f, err)
		}
	}
	// Each line's shape: a percentage line and a line whose size could
	// not be read get a stand-in amount, so only the shape is judged.
	req := ledger.AllocationRequest{PayoutID: p.ID, Note: f.Get("note")}
	for _, l := range lines {
		al := l.AllocationLine
		if l.Percent != 0 || !l.sized {
			al.Amount = 1
		}
		req.Lines = append(req.Lines, al)
	}
	// With what only stored data show: each law line's taakveld against
	// the code list, each party line's party against those registered.
	list, err := h.store.Taakvelden(ctx(r))
	if err != nil {
		return err
	}
	parties, err := h.store.Parties(ctx(r))
	if err != nil {
		return err
	}
	// The total is the split's to judge (above): the stand-in amounts of
	// percentage lines would make it wrong.
	if err := ledger.AllocationFaults(&req, p, list, parties, false); err != nil {
		failAt(f, err)
	}
	return nil
}

// failAt records an error's field messages on the allocation form, each at
// its form field.
func failAt(f *form, err error) {
	for field, m := range fieldMessages(err) {
		f.Fail(lineFormField(field), m)
	}
}

// percentMessage is the form's message for a percentage ledger.ParsePercent
// refused: the ledger's own ("150" is more than 100%, not "no percentage"),
// quoting what was typed (the form reads "33,5" as "33.5").
func percentMessage(err error, typed, read string) string {
	return strings.Replace(dutchMessage(err), "“"+read+"”", "“"+typed+"”", 1)
}

// taakveldOption is a code of the allocation form's taakveld list, with
// the laws it belongs to (for the page's script, which shows only the
// chosen law's codes).
type taakveldOption struct {
	ledger.Taakveld
	LawCodes string
}

// taakveldOptions returns the codes valid in the booking year, with their
// laws written for the page.
func taakveldOptions(list ledger.TaakveldList, year int) []taakveldOption {
	var out []taakveldOption
	for _, t := range list {
		if !t.ValidIn(year) {
			continue
		}
		laws := make([]string, len(t.Laws))
		for i, l := range t.Laws {
			laws[i] = string(l)
		}
		out = append(out, taakveldOption{Taakveld: t, LawCodes: strings.Join(laws, " ")})
	}
	return out
}

// TaakveldenFor returns the codes a row offers: those of its law when it
// has one (and the code chosen, whatever it is, so what was typed is
// shown), none for a row of another target, and every code of the year
// for a row without a target yet.
func (p allocatePage) TaakveldenFor(target, chosen string) []taakveldOption {
	law, isLaw := ledger.Target(target).Law()
	if target != "" && !isLaw {
		return nil
	}
	var out []taakveldOption
	for _, t := range p.Taakvelden {
		if target == "" || t.Belongs(law) || t.Code == chosen {
			out = append(out, t)
		}
	}
	return out
}
