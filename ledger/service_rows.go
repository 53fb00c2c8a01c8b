package ledger

// The reads most rules start from, shared by every subject: each returns
// the row or the ENOTFOUND error a user can act on.

// potNotFound is the error for a pot id that names no pot.
func potNotFound(id PotID) error {
	return NewError(ENOTFOUND, msgNoPot, Quoted(id))
}

// pot reads one pot with its ladder and debtor account. The pot may be
// shared with the engine's cache: do not change it. Errors: ENOTFOUND.
func pot(tx ReadTx, id PotID) (*Pot, error) {
	if !ValidID(PotPrefix, string(id)) {
		return nil, potNotFound(id)
	}
	ps, err := tx.Pots(id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, potNotFound(id)
	}
	return &ps[0], nil
}

// payoutNotFound is the error for a payout id that names no payout.
func payoutNotFound(id PayoutID) error {
	return NewError(ENOTFOUND, msgNoPayout, Quoted(id))
}

// payoutRow reads one payout with its payee and deviations. Errors:
// ENOTFOUND.
func payoutRow(tx ReadTx, id PayoutID) (*PayoutRow, error) {
	if !ValidID(PayoutPrefix, string(id)) {
		return nil, payoutNotFound(id)
	}
	var row *PayoutRow
	err := tx.Payouts(PayoutQuery{IDs: []PayoutID{id}}, func(r *PayoutRow) error {
		row = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	if row == nil {
		return nil, payoutNotFound(id)
	}
	return row, nil
}

// partyNotFound is the error for a party id that names no party.
func partyNotFound(id PartyID) error {
	return NewError(ENOTFOUND, msgNoParty, Quoted(id))
}

// party reads one outside party. Errors: ENOTFOUND.
func party(tx ReadTx, id PartyID) (Party, error) {
	if !ValidID(PartyPrefix, string(id)) {
		return Party{}, partyNotFound(id)
	}
	ps, err := tx.Parties(id)
	if err != nil {
		return Party{}, err
	}
	if len(ps) == 0 {
		return Party{}, partyNotFound(id)
	}
	return ps[0], nil
}

// checkCategory refuses a category code that is not a category, listing
// the ones that are. Errors: EINVALID on the field category.
func checkCategory(tx ReadTx, code string) error {
	cs, err := tx.Categories()
	if err != nil {
		return err
	}
	var fe fieldErrors
	fe.checkCategoryIn("category", code, cs)
	return fe.err(nounPayoutRequest)
}

// available returns the money a pot can spend now, as the write sees it:
// bank + payable − encumbrances (see journal.go).
func available(tx Tx, pot PotID) (Cents, error) {
	var sum Cents
	for _, k := range []struct {
		kind AccountKind
		sign Cents
	}{{AccountBank, 1}, {AccountPayable, 1}, {AccountEncumbrances, -1}} {
		b, err := tx.Balance(AccountName(pot, k.kind, ""))
		if err != nil {
			return 0, err
		}
		sum += k.sign * b
	}
	return sum, nil
}
