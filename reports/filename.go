package reports

import "strconv"

// FileName is the name a statement is saved under, without its extension:
// "verantwoording-doorbraakpot-2026-Q3-de-friesland" (pot, quarter, and
// the partner it is addressed to, if any). The quarter names the year; the
// pot's year is added only when it differs from the quarter's (a pot of
// 2025 reported on in 2026), so the year is not said twice
// ("…-2026-2026-Q3-…") and two pots of one name in different years still
// get different names. The API and the pages name their downloads with it.
func (s *Statement) FileName() string {
	name := "verantwoording-" + Slug(s.Pot.Name)
	if s.Pot.Year != s.Period.Start.Year() {
		name += "-" + strconv.Itoa(s.Pot.Year)
	}
	name += "-" + s.Period.Label
	if s.Recipient != nil {
		name += "-" + Slug(s.Recipient.Name)
	}
	return name
}
