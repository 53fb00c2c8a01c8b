package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/ledger"
)

// renameBody is a PATCH of a pot or party: only its name can change (JSON
// merge patch, RFC 7396, with one member).
type renameBody struct {
	Name string `json:"name" validate:"required,max=120"`
}

// renamePot gives a pot a new name; the journal records the old one.
func (s *Server) renamePot(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b renameBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	pot, err := s.store.RenamePot(r.Context(), sess.Actor, ledger.PotID(mux.Vars(r)["potId"]), ledger.Rename{Name: b.Name, IdempotencyKey: key})
	if err != nil {
		return err
	}
	bal, err := s.store.Balance(r.Context(), pot.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, potOf(pot, bal))
}

// renameParty gives an outside party a new name; the journal records the
// old one.
func (s *Server) renameParty(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b renameBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	p, err := s.store.RenameParty(r.Context(), sess.Actor, ledger.PartyID(mux.Vars(r)["partyId"]), ledger.Rename{Name: b.Name, IdempotencyKey: key})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
