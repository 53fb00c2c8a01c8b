package ledger

import "strings"

// Rename gives a pot or an outside party a new name. A name appears on
// statements, payment files and the finance view, so a misspelt one must be
// correctable; the journal records every rename (pot_set, party_set), with
// the old name in its memo, and the pot's or party's id never changes, so
// its history stays whole.
type Rename struct {
	Name           string
	IdempotencyKey string
}

// ValidatePot checks a pot's new name by the rule for a new pot's name: 1
// to 120 characters, no control characters, no BSN.
func (r *Rename) ValidatePot() error {
	var fe fieldErrors
	r.Name = strings.TrimSpace(r.Name)
	fe.checkName("name", r.Name, 1, 120)
	return fe.err(nounRename)
}

// ValidateParty checks a party's new name by the rule for a new party's
// name: 2 to 120 characters, no control characters, no BSN, inner spaces
// tidied.
func (r *Rename) ValidateParty() error {
	var fe fieldErrors
	r.Name = strings.TrimSpace(r.Name)
	fe.checkName("name", r.Name, 2, 120)
	r.Name = strings.Join(strings.Fields(r.Name), " ")
	return fe.err(nounRename)
}
