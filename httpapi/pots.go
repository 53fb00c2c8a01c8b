package httpapi

import (
	"context"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/ledger"
)

type newPotBody struct {
	Name            string        `json:"name" validate:"required,max=120"`
	Year            int           `json:"year" validate:"required"`
	RecoveryPolicy  string        `json:"recoveryPolicy" validate:"required,oneof=refund report"`
	RegretThreshold *string       `json:"regretThreshold"`
	OverdraftLimit  *string       `json:"overdraftLimit"`
	Mandates        []mandateBody `json:"mandates" validate:"required,min=1,max=10,dive"`
	RemindAfter     *int          `json:"remindAfter"`
	EscalateAfter   *int          `json:"escalateAfter"`
}

// escalationOf returns the working days before a reminder and an
// escalation that a body gives (ledger.Escalation), 0 for one left out: the
// default for a new pot, the pot's own for a new ladder. A 0 given would
// read as left out, so it is refused here, as what of is for.
func escalationOf(remindAfter, escalateAfter *int, c *fieldCollector, of string) ledger.Escalation {
	var e ledger.Escalation
	for _, f := range []struct {
		name  string
		given *int
		to    *int
		least string // the least the field takes (ledger.Escalation)
	}{{"remindAfter", remindAfter, &e.RemindAfter, "1"}, {"escalateAfter", escalateAfter, &e.EscalateAfter, "2"}} {
		if f.given == nil {
			continue
		}
		if *f.given == 0 {
			c.add(f.name, invalid("must be a whole number of working days of "+f.least+" or more; leave it out for "+of))
		}
		*f.to = *f.given
	}
	return e
}

type mandateBody struct {
	Role  string  `json:"role" validate:"required"`
	Limit *string `json:"limit"`
}

type mandatesBody struct {
	Mandates      []mandateBody `json:"mandates" validate:"required,min=1,max=10,dive"`
	RemindAfter   *int          `json:"remindAfter"`
	EscalateAfter *int          `json:"escalateAfter"`
}

// ladderOf turns the mandates of a body into a ladder; a level without a
// limit has none.
func ladderOf(ms []mandateBody, c *fieldCollector) []ledger.MandateLevel {
	out := make([]ledger.MandateLevel, len(ms))
	for i, m := range ms {
		out[i].Role = ledger.Role(m.Role)
		if m.Limit == nil {
			out[i].Unlimited = true
			continue
		}
		limit, err := ledger.ParseMoney(*m.Limit)
		c.add("mandates["+itoa(i)+"].limit", err)
		out[i].Limit = limit
	}
	return out
}

func (s *Server) createPot(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b newPotBody
	if err := decode(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var c fieldCollector
	req := ledger.NewPot{Name: b.Name, Year: b.Year, RecoveryPolicy: ledger.RecoveryPolicy(b.RecoveryPolicy), IdempotencyKey: key}
	if b.RegretThreshold != nil {
		req.RegretThreshold, err = ledger.ParseRatio(*b.RegretThreshold)
		c.add("regretThreshold", err)
		if err == nil && req.RegretThreshold == 0 {
			c.add("regretThreshold", invalid("must be greater than 0, such as 0.20; leave it out for the default of 0.20"))
		}
	}
	if b.OverdraftLimit != nil {
		req.OverdraftLimit, err = ledger.ParseMoney(*b.OverdraftLimit)
		c.add("overdraftLimit", err)
	}
	req.Mandates = ladderOf(b.Mandates, &c)
	req.Escalation = escalationOf(b.RemindAfter, b.EscalateAfter, &c, "the default")
	if shape := shapeErrors(&b); len(c) > 0 || len(shape) > 0 {
		probe := req
		return mergeFields(c, domainFields(probe.Validate()), shape)
	}
	pot, err := s.store.CreatePot(r.Context(), sess.Actor, req)
	if err != nil {
		return err
	}
	return created(w, "/api/v1/pots/"+string(pot.ID), potOf(pot, ledger.Balance{}))
}

// fundedPots returns the pots a partner funds.
func (s *Server) fundedPots(ctx context.Context, partner ledger.PartnerID) (map[ledger.PotID]bool, error) {
	fs, err := s.store.Funding(ctx, "")
	if err != nil {
		return nil, err
	}
	out := map[ledger.PotID]bool{}
	for _, f := range fs {
		if f.PartnerID == partner {
			out[f.PotID] = true
		}
	}
	return out, nil
}

// visiblePot returns a pot the session may read: a partner only the pots it
// funds (others are "not found", so their existence does not leak either).
func (s *Server) visiblePot(ctx context.Context, sess ledger.Session, id ledger.PotID) (ledger.Pot, error) {
	pot, err := s.store.Pot(ctx, id)
	if err != nil {
		return pot, err
	}
	if sess.Role == ledger.RolePartner {
		funded, err := s.fundedPots(ctx, sess.Partner)
		if err != nil {
			return pot, err
		}
		if !funded[id] {
			return ledger.Pot{}, ledger.Errorf(ledger.ENOTFOUND, "there is no pot %q among the pots your organisation funds", id)
		}
	}
	return pot, nil
}

func (s *Server) listPots(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	pots, err := s.store.Pots(r.Context())
	if err != nil {
		return err
	}
	var funded map[ledger.PotID]bool
	if sess.Role == ledger.RolePartner {
		if funded, err = s.fundedPots(r.Context(), sess.Partner); err != nil {
			return err
		}
	}
	out := make([]potJSON, 0, len(pots))
	for _, p := range pots {
		if funded != nil && !funded[p.ID] {
			continue
		}
		b, err := s.store.Balance(r.Context(), p.ID)
		if err != nil {
			return err
		}
		out = append(out, potOf(p, b))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"pots": out})
}

func (s *Server) getPot(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	pot, err := s.visiblePot(r.Context(), sess, ledger.PotID(mux.Vars(r)["potId"]))
	if err != nil {
		return err
	}
	b, err := s.store.Balance(r.Context(), pot.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, potOf(pot, b))
}

func (s *Server) setMandates(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b mandatesBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var c fieldCollector
	ladder := ladderOf(b.Mandates, &c)
	escalation := escalationOf(b.RemindAfter, b.EscalateAfter, &c, "the pot's own")
	if len(c) > 0 {
		return c.merge(nil)
	}
	pot, err := s.store.SetMandates(r.Context(), sess.Actor, ledger.PotID(mux.Vars(r)["potId"]), ladder, escalation, key)
	if err != nil {
		return err
	}
	bal, err := s.store.Balance(r.Context(), pot.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, potOf(pot, bal))
}

func (s *Server) getFunding(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	pot, err := s.visiblePot(r.Context(), sess, ledger.PotID(mux.Vars(r)["potId"]))
	if err != nil {
		return err
	}
	fs, err := s.store.Funding(r.Context(), pot.ID)
	if err != nil {
		return err
	}
	if fs == nil {
		fs = []ledger.Funding{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"funding": fs})
}

type pledgeBody struct {
	Amount string `json:"amount" validate:"required"`
}

func (s *Server) setPledge(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b pledgeBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	amount, err := ledger.ParseMoney(b.Amount)
	if err != nil {
		var c fieldCollector
		c.add("amount", err)
		return c.merge(nil)
	}
	vars := mux.Vars(r)
	f, err := s.store.SetPledge(r.Context(), sess.Actor, ledger.Pledge{PotID: ledger.PotID(vars["potId"]), PartnerID: ledger.PartnerID(vars["partnerId"]), Amount: amount, IdempotencyKey: key})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

type contributionBody struct {
	PartnerID string `json:"partnerId" validate:"required"`
	Amount    string `json:"amount" validate:"required"`
	ValueDate string `json:"valueDate" validate:"required"`
	Reference string `json:"reference" validate:"required,max=140"`
}

func (s *Server) contribute(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b contributionBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var c fieldCollector
	req := ledger.NewContribution{PotID: ledger.PotID(mux.Vars(r)["potId"]), PartnerID: ledger.PartnerID(b.PartnerID), Reference: b.Reference, IdempotencyKey: key}
	req.Amount, err = ledger.ParseMoney(b.Amount)
	c.add("amount", err)
	req.ValueDate, err = ledger.ParseDate(b.ValueDate)
	c.add("valueDate", err)
	if len(c) > 0 {
		return c.merge(nil)
	}
	con, err := s.store.Contribute(r.Context(), sess.Actor, req)
	if err != nil {
		return err
	}
	return created(w, "/api/v1/pots/"+string(con.PotID)+"/contributions", con)
}

func (s *Server) listContributions(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	cs, err := s.store.Contributions(r.Context(), ledger.PotID(mux.Vars(r)["potId"]))
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []ledger.Contribution{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"contributions": cs})
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
