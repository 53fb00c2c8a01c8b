package ledger

import (
	"context"
	"errors"
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
	fp := Fingerprint("create_partner", req)
	var p Partner
	err := s.write(ctx, "create partner", func(o *op) error {
		var err error
		p, _, err = idempotent(o, actor, key, "create_partner", fp, func() (Partner, error) {
			p := Partner{ID: PartnerID(NewID(PartnerPrefix, o.now)), Name: req.Name, Kind: req.Kind, CreatedAt: o.now}
			err := o.tx.InsertPartner(&p)
			if errors.Is(err, ErrExists) {
				return p, Errorf(ECONFLICT, "a partner named %q exists already; use its id, or choose another name", p.Name)
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
	return Errorf(ENOTFOUND, "there is no partner %q; list the partners to find its id", id)
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
