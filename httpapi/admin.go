package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/ledger"
)

type partnerBody struct {
	Name string `json:"name" validate:"required,max=120"`
	Kind string `json:"kind" validate:"required,oneof=municipality health_insurer housing_corporation charity other"`
}

func (s *Server) createPartner(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b partnerBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	p, err := s.store.CreatePartner(r.Context(), sess.Actor, ledger.NewPartner{Name: b.Name, Kind: ledger.PartnerKind(b.Kind), IdempotencyKey: key})
	if err != nil {
		return err
	}
	return created(w, "/api/v1/partners/"+string(p.ID), p)
}

func (s *Server) listPartners(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	ps, err := s.store.Partners(r.Context())
	if err != nil {
		return err
	}
	out := make([]ledger.Partner, 0, len(ps))
	for _, p := range ps {
		if sess.Role != ledger.RolePartner || p.ID == sess.Partner {
			out = append(out, p)
		}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"partners": out})
}

func (s *Server) getPartner(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	id := ledger.PartnerID(mux.Vars(r)["partnerId"])
	if sess.Role == ledger.RolePartner && id != sess.Partner {
		return ledger.Errorf(ledger.ENOTFOUND, "there is no partner %q you may read; a partner reads only itself", id)
	}
	p, err := s.store.Partner(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

type categoryBody struct {
	Code  string `json:"code" validate:"required,max=40"`
	Label string `json:"label" validate:"required,max=80"`
}

func (s *Server) listCategories(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	cs, err := s.store.Categories(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"categories": cs})
}

func (s *Server) addCategory(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b categoryBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	c, err := s.store.AddCategory(r.Context(), sess.Actor, ledger.Category{Code: b.Code, Label: b.Label})
	if err != nil {
		return err
	}
	return created(w, "/api/v1/categories", c)
}

type closePeriodBody struct {
	Period string `json:"period" validate:"required"`
}

func (s *Server) closePeriod(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b closePeriodBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	p, err := ledger.ParsePeriod(b.Period)
	if err != nil {
		var c fieldCollector
		c.add("period", err)
		return c.merge(nil)
	}
	cp, err := s.store.ClosePeriod(r.Context(), sess.Actor, ledger.ClosePeriod{Period: p, IdempotencyKey: key})
	if err != nil {
		return err
	}
	return created(w, "/api/v1/closed-periods", cp)
}

func (s *Server) listClosedPeriods(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	cps, err := s.store.ClosedPeriods(r.Context())
	if err != nil {
		return err
	}
	if cps == nil {
		cps = []ledger.ClosedPeriod{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"closedPeriods": cps})
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	us, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	if us == nil {
		us = []ledger.User{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"users": us})
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "user")
	if err != nil {
		return err
	}
	ts, err := s.store.Tokens(r.Context(), q.Get("user"))
	if err != nil {
		return err
	}
	out := make([]tokenJSON, len(ts))
	for i, t := range ts {
		out[i] = tokenJSON{Token: t}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"tokens": out})
}

type tokenBody struct {
	User      string `json:"user" validate:"required,max=64"`
	Role      string `json:"role" validate:"required,oneof=caseworker teamlead manager alderman finance partner auditor admin"`
	PartnerID string `json:"partnerId"`
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b tokenBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	t, err := s.store.IssueToken(r.Context(), sess.Actor, ledger.NewToken{User: b.User, Role: ledger.Role(b.Role), Partner: ledger.PartnerID(b.PartnerID), IdempotencyKey: key})
	if err != nil {
		return err
	}
	return created(w, "/api/v1/tokens", tokenJSON{Token: t.Token, Secret: t.Secret})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	id := ledger.TokenID(mux.Vars(r)["tokenId"])
	if err := s.store.RevokeToken(r.Context(), sess.Actor, id); err != nil {
		return err
	}
	s.auth.forget(id)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type erasureBody struct {
	Before string `json:"before" validate:"required"`
}

func (s *Server) erase(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b erasureBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	before, err := ledger.ParseDate(b.Before)
	if err != nil {
		var c fieldCollector
		c.add("before", err)
		return c.merge(nil)
	}
	n, err := s.store.ErasePersonalData(r.Context(), sess.Actor, before)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"before": before, "erased": n})
}
