package ledger

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// CreatePartner registers a funding partner (Store).
func (s *Service) CreatePartner(ctx context.Context, actor Actor, req NewPartner) (Partner, error) {
	if err := actor.Can(ActCreatePartner, "register partners"); err != nil {
		return Partner{}, err
	}
	if err := req.Validate(); err != nil {
		return Partner{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	var p Partner
	err := s.write(ctx, "create partner", func(o *op) error {
		var err error
		p, _, err = idempotent(o, actor, key, fp, partnerAnswer, func() (Partner, error) {
			p := Partner{ID: PartnerID(NewID(PartnerPrefix, o.now)), Name: req.Name, Kind: req.Kind, CreatedAt: o.now}
			err := o.tx.InsertPartner(&p)
			if errors.Is(err, ErrExists) {
				return p, NewError(ECONFLICT, msgPartnerExists, Quoted(p.Name))
			}
			if err != nil {
				return p, err
			}
			return p, o.commitRecord(actor, PartnerRecord(&p), "", "registered")
		})
		return err
	})
	return p, err
}

// partnerNotFound is the error for a partner id that names no partner.
func partnerNotFound(id PartnerID) error {
	return NewError(ENOTFOUND, msgNoPartner, Quoted(id))
}

// partner reads one partner. Errors: ENOTFOUND.
func partner(tx ReadTx, id PartnerID) (Partner, error) {
	if !ValidID(PartnerPrefix, string(id)) {
		return Partner{}, partnerNotFound(id)
	}
	ps, err := tx.Partners(id)
	if err != nil {
		return Partner{}, err
	}
	if len(ps) == 0 {
		return Partner{}, partnerNotFound(id)
	}
	return ps[0], nil
}

// Partner returns one partner (Store).
func (s *Service) Partner(ctx context.Context, id PartnerID) (Partner, error) {
	var p Partner
	err := s.read(ctx, "read partner", func(tx ReadTx) error {
		var err error
		p, err = partner(tx, id)
		return err
	})
	return p, err
}

// Partners lists every partner by name (Store).
func (s *Service) Partners(ctx context.Context) ([]Partner, error) {
	var ps []Partner
	err := s.read(ctx, "list partners", func(tx ReadTx) error {
		var err error
		ps, err = tx.Partners()
		return err
	})
	return ps, err
}

// CreatePot creates a pot with its mandate ladder and its accounts, and
// books its record (Store). Errors: EFORBIDDEN, EINVALID (NewPot.Validate),
// ECONFLICT when a pot of that year has the name (ignoring case),
// EIDEMPOTENCY.
func (s *Service) CreatePot(ctx context.Context, actor Actor, req NewPot) (Pot, error) {
	if err := actor.Can(ActCreatePot, "create pots"); err != nil {
		return Pot{}, err
	}
	if err := req.Validate(); err != nil {
		return Pot{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	var p Pot
	err := s.write(ctx, "create pot", func(o *op) error {
		var err error
		p, _, err = idempotent(o, actor, key, fp, potAnswer, func() (Pot, error) {
			p := Pot{
				ID:              PotID(NewID(PotPrefix, o.now)),
				Name:            req.Name,
				Year:            req.Year,
				RecoveryPolicy:  req.RecoveryPolicy,
				RegretThreshold: req.RegretThreshold,
				OverdraftLimit:  req.OverdraftLimit,
				Mandates:        req.Mandates,
				Escalation:      req.Escalation,
				CreatedAt:       o.now,
			}
			// Every pot has its accounts from the start, so its balance
			// reads as zeros (not "no such pot") before the first booking.
			accounts := make([]string, len(PotAccounts))
			for i, kind := range PotAccounts {
				accounts[i] = AccountName(p.ID, kind, "")
			}
			err := o.tx.InsertPot(&p, accounts)
			if errors.Is(err, ErrExists) {
				return p, NewError(ECONFLICT, msgPotExists, Quoted(p.Name), p.Year)
			}
			if err != nil {
				return p, err
			}
			return o.commitPot(actor, p.ID, "created")
		})
		return err
	})
	return p, err
}

// commitPot books the pot's governed record (PotRecord) as the write now
// sees it, read back after the change rather than built from the request,
// so the journal commits to what is stored, and returns that pot. The
// engine dropped its cached pot in the method that changed it.
func (o *op) commitPot(actor Actor, id PotID, memo string) (Pot, error) {
	p, err := pot(o.tx, id)
	if err != nil {
		return Pot{}, err
	}
	if err := o.commitRecord(actor, PotRecord(p), p.ID, memo); err != nil {
		return Pot{}, err
	}
	return detachPot(p), nil
}

// detachPot copies a pot that may be the engine's cached one, ladder and
// debtor account included, so a caller can change what it is given.
func detachPot(p *Pot) Pot {
	c := *p
	c.Mandates = slices.Clone(p.Mandates)
	if p.DebtorAccount != nil {
		d := *p.DebtorAccount
		c.DebtorAccount = &d
	}
	return c
}

// SetMandates replaces a pot's mandate ladder and sets the working days
// before a reminder and an escalation that escalation gives (a field that
// is 0 keeps the pot's), and books the pot's record (Store). Requests
// waiting for a decision keep their holds and are decided under the new
// ladder; the sweep reminds and escalates them by the new days from then
// on. Errors: EFORBIDDEN, EINVALID (the ladder, as for a new pot; the
// days, as Escalation says, checked with the pot's for a field left 0),
// ENOTFOUND, EIDEMPOTENCY.
func (s *Service) SetMandates(ctx context.Context, actor Actor, id PotID, ladder []MandateLevel, escalation Escalation, key string) (Pot, error) {
	if err := actor.Can(ActSetMandates, "set mandates"); err != nil {
		return Pot{}, err
	}
	// The ladder is checked by the rule for a new pot's ladder.
	var fe fieldErrors
	checkLadder(&fe, ladder)
	if err := fe.err(nounPot); err != nil {
		return Pot{}, err
	}
	fp := mandatesFingerprint(id, ladder, escalation)
	var p Pot
	err := s.write(ctx, "set mandates", func(o *op) error {
		var err error
		p, _, err = idempotent(o, actor, key, fp, potAnswer, func() (Pot, error) {
			old, err := pot(o.tx, id)
			if err != nil {
				return Pot{}, err
			}
			e := old.Escalation.orDefault()
			if escalation.RemindAfter != 0 {
				e.RemindAfter = escalation.RemindAfter
			}
			if escalation.EscalateAfter != 0 {
				e.EscalateAfter = escalation.EscalateAfter
			}
			var fe fieldErrors
			if e.check(&fe); len(fe) > 0 {
				return Pot{}, fe.err(nounPot)
			}
			if err := o.tx.SetLadder(id, ladder); err != nil {
				return Pot{}, err
			}
			memo := "mandate ladder replaced"
			if e != old.Escalation {
				if err := o.tx.SetEscalation(id, e); err != nil {
					return Pot{}, err
				}
				memo = fmt.Sprintf("mandate ladder replaced; reminder after %d, escalation after %d working days", e.RemindAfter, e.EscalateAfter)
			}
			return o.commitPot(actor, id, memo)
		})
		return err
	})
	return p, err
}

// RenamePot gives a pot a new name and books its record, the old name in
// the memo (Store). Errors: EFORBIDDEN, EINVALID (Rename.ValidatePot, or
// the name it has already), ENOTFOUND, ECONFLICT when another pot of its
// year has the name (ignoring case), EIDEMPOTENCY.
func (s *Service) RenamePot(ctx context.Context, actor Actor, id PotID, req Rename) (Pot, error) {
	if err := actor.Can(ActRenamePot, "rename pots"); err != nil {
		return Pot{}, err
	}
	if err := req.ValidatePot(); err != nil {
		return Pot{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := renameFingerprint("rename_pot", "pot", string(id), req.Name)
	var p Pot
	err := s.write(ctx, "rename pot", func(o *op) error {
		var err error
		p, _, err = idempotent(o, actor, key, fp, potAnswer, func() (Pot, error) {
			old, err := pot(o.tx, id)
			if err != nil {
				return Pot{}, err
			}
			// A rename to the same name would book a record that changes
			// nothing; the caller has most likely mistyped.
			if old.Name == req.Name {
				return Pot{}, NewError(EINVALID, msgPotNamedAlready, id, Quoted(req.Name))
			}
			oldName, year := old.Name, old.Year
			err = o.tx.RenamePot(id, req.Name)
			if errors.Is(err, ErrExists) {
				return Pot{}, NewError(ECONFLICT, msgPotExists, Quoted(req.Name), year)
			}
			if err != nil {
				return Pot{}, err
			}
			return o.commitPot(actor, id, fmt.Sprintf("renamed from %q", oldName))
		})
		return err
	})
	return p, err
}

// SetDebtorAccount sets the account a pot pays from and books the pot's
// record (Store). Errors: EFORBIDDEN, EINVALID (DebtorAccount.Validate),
// ENOTFOUND, EIDEMPOTENCY.
func (s *Service) SetDebtorAccount(ctx context.Context, actor Actor, id PotID, acct DebtorAccount, key string) (Pot, error) {
	if err := actor.Can(ActSetDebtorAccount, "set a pot's debtor account"); err != nil {
		return Pot{}, err
	}
	if err := acct.Validate(); err != nil {
		return Pot{}, err
	}
	fp := debtorAccountFingerprint(id, acct)
	var p Pot
	err := s.write(ctx, "set debtor account", func(o *op) error {
		var err error
		p, _, err = idempotent(o, actor, key, fp, potAnswer, func() (Pot, error) {
			if _, err := pot(o.tx, id); err != nil {
				return Pot{}, err
			}
			if err := o.tx.SetDebtorAccount(id, acct); err != nil {
				return Pot{}, err
			}
			return o.commitPot(actor, id, "debtor account set")
		})
		return err
	})
	return p, err
}

// Pot returns one pot with its ladder and debtor account (Store). Errors:
// ENOTFOUND.
func (s *Service) Pot(ctx context.Context, id PotID) (Pot, error) {
	var p Pot
	err := s.read(ctx, "read pot", func(tx ReadTx) error {
		found, err := pot(tx, id)
		if err != nil {
			return err
		}
		p = detachPot(found)
		return nil
	})
	return p, err
}

// Pots lists every pot, newest year first, then by name (Store).
func (s *Service) Pots(ctx context.Context) ([]Pot, error) {
	var ps []Pot
	err := s.read(ctx, "list pots", func(tx ReadTx) error {
		var err error
		ps, err = tx.Pots()
		return err
	})
	return ps, err
}

// Balance returns a pot's figures from the running balances of its
// accounts (Store; BalanceOf). Errors: ENOTFOUND when the pot has no
// accounts, which every pot has from its creation.
func (s *Service) Balance(ctx context.Context, id PotID) (Balance, error) {
	if !ValidID(PotPrefix, string(id)) {
		// An empty id would read every pot's accounts.
		return Balance{}, potNotFound(id)
	}
	var accounts []AccountBalance
	err := s.read(ctx, "read balance", func(tx ReadTx) error {
		return tx.Accounts(id, func(a AccountBalance) error {
			accounts = append(accounts, a)
			return nil
		})
	})
	if err != nil {
		return Balance{}, err
	}
	if len(accounts) == 0 {
		return Balance{}, potNotFound(id)
	}
	return BalanceOf(id, accounts), nil
}

// SetPledge records what a partner promised to a pot, which makes the
// partner a funder of the pot, and books the pledge's record (Store).
// Errors: EFORBIDDEN, EINVALID (Pledge.Validate), ENOTFOUND for the pot or
// the partner, EIDEMPOTENCY.
func (s *Service) SetPledge(ctx context.Context, actor Actor, req Pledge) (Funding, error) {
	if err := actor.Can(ActSetPledge, "record pledges"); err != nil {
		return Funding{}, err
	}
	if err := req.Validate(); err != nil {
		return Funding{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	var f Funding
	err := s.write(ctx, "set pledge", func(o *op) error {
		var err error
		f, _, err = idempotent(o, actor, key, fp, fundingAnswer, func() (Funding, error) {
			if _, err := pot(o.tx, req.PotID); err != nil {
				return Funding{}, err
			}
			if _, err := partner(o.tx, req.PartnerID); err != nil {
				return Funding{}, err
			}
			if err := o.tx.SetPledge(req.PotID, req.PartnerID, req.Amount); err != nil {
				return Funding{}, err
			}
			if err := o.commitPledge(actor, req.PotID, req.PartnerID, "pledge set to "+req.Amount.String()); err != nil {
				return Funding{}, err
			}
			fs, err := funding(o.tx, req.PotID, req.PartnerID)
			if err != nil {
				return Funding{}, err
			}
			if len(fs) != 1 {
				return Funding{}, fmt.Errorf("pledge of %s to %s not found after writing it", req.PartnerID, req.PotID)
			}
			return fs[0], nil
		})
		return err
	})
	return f, err
}

// commitPledge books the pledge's governed record (PledgeRecord) as the
// write now sees it: a partner that funds a pot reads its statements, so
// who funds which pot, and with what promise, is committed to.
func (o *op) commitPledge(actor Actor, potID PotID, partnerID PartnerID, memo string) error {
	ps, err := o.tx.Pledges(potID, partnerID)
	if err != nil {
		return err
	}
	if len(ps) != 1 {
		return fmt.Errorf("pledge of %s to %s not found after writing it", partnerID, potID)
	}
	return o.commitRecord(actor, PledgeRecord(potID, partnerID, ps[0].Pledged), potID, memo)
}

// Funding lists pledged and received money per partner of a pot, or of
// every pot when id is "", by pot and then by partner name (Store).
// Errors: ENOTFOUND for a pot that is not there.
func (s *Service) Funding(ctx context.Context, id PotID) ([]Funding, error) {
	var fs []Funding
	err := s.read(ctx, "read funding", func(tx ReadTx) error {
		if id != "" {
			if _, err := pot(tx, id); err != nil {
				return err
			}
		}
		var err error
		fs, err = funding(tx, id, "")
		return err
	})
	return fs, err
}

// funding reads the funders of a pot (every pot when potID is ""), or one
// of them, with what each pledged and what it has put in: the running
// balance of its contributions account of the pot, negated since
// contributions are credits (ContributionPostings).
func funding(tx ReadTx, potID PotID, partnerID PartnerID) ([]Funding, error) {
	pledges, err := tx.Pledges(potID, partnerID)
	if err != nil || len(pledges) == 0 {
		return nil, err
	}
	var ids []PartnerID
	received := map[string]Cents{}
	for _, p := range pledges {
		if !slices.Contains(ids, p.PartnerID) {
			ids = append(ids, p.PartnerID)
		}
		received[AccountName(p.PotID, AccountContributions, string(p.PartnerID))] = 0
	}
	partners, err := tx.Partners(ids...)
	if err != nil {
		return nil, err
	}
	byID := make(map[PartnerID]Partner, len(partners))
	for _, p := range partners {
		byID[p.ID] = p
	}
	err = tx.Accounts(potID, func(a AccountBalance) error {
		if _, ok := received[a.Name]; ok {
			received[a.Name] = -a.Balance
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	fs := make([]Funding, len(pledges))
	for i, p := range pledges {
		pt := byID[p.PartnerID]
		fs[i] = Funding{PotID: p.PotID, PartnerID: p.PartnerID, PartnerName: pt.Name, PartnerKind: pt.Kind, Pledged: p.Pledged,
			Received: received[AccountName(p.PotID, AccountContributions, string(p.PartnerID))]}
	}
	return fs, nil
}

// Contribute records money a partner put into a pot and books it, which
// makes the partner a funder of the pot if it was not one (Store). Errors:
// EFORBIDDEN, EINVALID (NewContribution.Validate), ENOTFOUND for the pot or
// the partner, ECLOSED for a value date in a closed period, EIDEMPOTENCY.
func (s *Service) Contribute(ctx context.Context, actor Actor, req NewContribution) (Contribution, error) {
	if err := actor.Can(ActContribute, "record contributions"); err != nil {
		return Contribution{}, err
	}
	if err := req.Validate(DateOf(s.now())); err != nil {
		return Contribution{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	var c Contribution
	err := s.write(ctx, "contribute", func(o *op) error {
		var err error
		c, _, err = idempotent(o, actor, key, fp, contributionAnswer, func() (Contribution, error) {
			if _, err := pot(o.tx, req.PotID); err != nil {
				return Contribution{}, err
			}
			if _, err := partner(o.tx, req.PartnerID); err != nil {
				return Contribution{}, err
			}
			c := Contribution{
				ID:         ContributionID(NewID(ContributionPrefix, o.now)),
				PotID:      req.PotID,
				PartnerID:  req.PartnerID,
				Amount:     req.Amount,
				ValueDate:  req.ValueDate,
				Reference:  req.Reference,
				RecordedBy: actor.User,
				RecordedAt: o.now,
			}
			t := Transaction{
				Kind: TxContribution, Ref: string(c.ID), PotID: c.PotID, ValueDate: c.ValueDate,
				Actor: actor.User, ActorRole: actor.Role, Digest: ContributionDigest(&c),
				Postings: ContributionPostings(c.PotID, c.PartnerID, c.Amount),
			}
			if err := o.book(&t); err != nil {
				return c, err
			}
			c.JournalSeq = t.Seq
			if err := o.tx.InsertContribution(&c); err != nil {
				return c, err
			}
			// The partner funds the pot from now on, pledged or not: it
			// reads the pot's statements, so the link is a governed record,
			// committed to once, when it begins.
			added, err := o.tx.AddFunder(c.PotID, c.PartnerID)
			if err != nil || !added {
				return c, err
			}
			return c, o.commitPledge(actor, c.PotID, c.PartnerID, "funds the pot from its first contribution on")
		})
		return err
	})
	return c, err
}

// Contributions lists a pot's contributions, oldest first (Store). Errors:
// ENOTFOUND.
func (s *Service) Contributions(ctx context.Context, id PotID) ([]Contribution, error) {
	var cs []Contribution
	err := s.read(ctx, "list contributions", func(tx ReadTx) error {
		if _, err := pot(tx, id); err != nil {
			return err
		}
		var err error
		cs, err = tx.Contributions(id)
		return err
	})
	return cs, err
}
