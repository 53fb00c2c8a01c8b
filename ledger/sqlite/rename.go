package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/ledger"
)

// RenamePot gives a pot a new name and books it (pot_set, the old name in
// the memo).
func (s *Store) RenamePot(ctx context.Context, actor ledger.Actor, id ledger.PotID, req ledger.Rename) (ledger.Pot, error) {
	if err := actor.Can(ledger.ActRenamePot, "rename pots"); err != nil {
		return ledger.Pot{}, err
	}
	if err := req.ValidatePot(); err != nil {
		return ledger.Pot{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("rename_pot", struct {
		Pot  ledger.PotID
		Name string
	}{id, req.Name})
	var pot ledger.Pot
	err := s.write(ctx, "rename pot", func(w *wtx) error {
		var err error
		pot, _, err = idempotent(w, actor, key, "rename_pot", fp, func() (ledger.Pot, error) {
			old, err := loadPot(w.ctx, w.tx, id)
			if err != nil {
				return old, err
			}
			if old.Name == req.Name {
				return old, ledger.Errorf(ledger.EINVALID, "pot %s is named %q already; give another name", id, req.Name)
			}
			_, err = w.exec(`UPDATE pots SET name = ? WHERE id = ?`, req.Name, string(id))
			if isUnique(err) {
				return old, ledger.Errorf(ledger.ECONFLICT, "a pot named %q for %d exists already; choose another name", req.Name, old.Year)
			}
			if err != nil {
				return old, err
			}
			return w.commitPot(actor, id, fmt.Sprintf("renamed from %q", old.Name))
		})
		return err
	})
	return pot, internal("rename pot", err)
}

// RenameParty gives an outside party a new name and books it (party_set,
// the old name in the memo).
func (s *Store) RenameParty(ctx context.Context, actor ledger.Actor, id ledger.PartyID, req ledger.Rename) (ledger.Party, error) {
	if err := actor.Can(ledger.ActManageParties, "rename parties"); err != nil {
		return ledger.Party{}, err
	}
	if err := req.ValidateParty(); err != nil {
		return ledger.Party{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("rename_party", struct {
		Party ledger.PartyID
		Name  string
	}{id, req.Name})
	var p ledger.Party
	err := s.write(ctx, "rename party", func(w *wtx) error {
		var err error
		p, _, err = idempotent(w, actor, key, "rename_party", fp, func() (ledger.Party, error) {
			old, err := loadParty(w.ctx, w.tx, id)
			if err != nil {
				return old, err
			}
			if old.Name == req.Name {
				return old, ledger.Errorf(ledger.EINVALID, "party %s is named %q already; give another name", id, req.Name)
			}
			_, err = w.exec(`UPDATE parties SET name = ? WHERE id = ?`, req.Name, string(id))
			if isUnique(err) {
				return old, ledger.Errorf(ledger.ECONFLICT, "a party named %q exists already; choose another name", req.Name)
			}
			if err != nil {
				return old, err
			}
			p := old
			p.Name = req.Name
			return p, w.commitRecord(actor, ledger.PartyRecord(&p), "", fmt.Sprintf("renamed from %q", old.Name))
		})
		return err
	})
	return p, internal("rename party", err)
}

// loadParty reads one party.
func loadParty(ctx context.Context, q querier, id ledger.PartyID) (ledger.Party, error) {
	var p ledger.Party
	notFound := ledger.Errorf(ledger.ENOTFOUND, "there is no party %q; list the parties to find its id", id)
	if !ledger.ValidID(ledger.PartyPrefix, string(id)) {
		return p, notFound
	}
	var kind, at string
	err := q.QueryRowContext(ctx, `SELECT id, name, kind, created_at FROM parties WHERE id = ?`, string(id)).Scan(&p.ID, &p.Name, &kind, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound
	}
	p.Kind, p.CreatedAt = ledger.PartyKind(kind), parseTime(at)
	return p, err
}
