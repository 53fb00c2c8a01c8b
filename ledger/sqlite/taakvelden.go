package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// seedReallocation fills the code list and the rule table with what the
// binary carries, when migration 3 creates them.
func seedReallocation(ctx context.Context, tx *sql.Tx, now time.Time) error {
	list := ledger.DefaultTaakvelden()
	if err := writeTaakvelden(ctx, tx, list); err != nil {
		return err
	}
	digest, err := taakveldDigest(list)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO taakveld_imports (digest, rows, source, imported_by, imported_at) VALUES (?, ?, 'built-in', 'ontschot', ?)`,
		digest, len(list), formatTime(now)); err != nil {
		return err
	}
	return writeRules(ctx, tx, ledger.DefaultAllocationRules())
}

func writeTaakvelden(ctx context.Context, tx *sql.Tx, list ledger.TaakveldList) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM taakvelden`); err != nil {
		return err
	}
	for i, t := range list {
		laws := make([]string, len(t.Laws))
		for j, l := range t.Laws {
			laws[j] = string(l)
		}
		var to any
		if t.ValidTo != 0 {
			to = t.ValidTo
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO taakvelden (n, code, name, laws, valid_from, valid_to, status) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			i, t.Code, t.Name, strings.Join(laws, "+"), t.ValidFrom, to, t.Status); err != nil {
			return err
		}
	}
	return nil
}

// taakveldDigest is the SHA-256 of the list in its CSV form: what an import
// is recognised by, and what the journal commits to.
func taakveldDigest(list ledger.TaakveldList) (string, error) {
	var b bytes.Buffer
	if err := list.WriteCSV(&b); err != nil {
		return "", err
	}
	sum := sha256.Sum256(b.Bytes())
	return hex.EncodeToString(sum[:]), nil
}

func loadTaakvelden(ctx context.Context, q querier) (ledger.TaakveldList, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, name, laws, valid_from, COALESCE(valid_to, 0), status FROM taakvelden ORDER BY n`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list ledger.TaakveldList
	for rows.Next() {
		var t ledger.Taakveld
		var laws string
		if err := rows.Scan(&t.Code, &t.Name, &laws, &t.ValidFrom, &t.ValidTo, &t.Status); err != nil {
			return nil, err
		}
		for _, l := range strings.Split(laws, "+") {
			t.Laws = append(t.Laws, ledger.Law(l))
		}
		list = append(list, t)
	}
	return list, rows.Err()
}

// Taakvelden returns the Iv3 code list.
func (s *Store) Taakvelden(ctx context.Context) (ledger.TaakveldList, error) {
	list, err := loadTaakvelden(ctx, s.readDB)
	return list, internal("read taakvelden", err)
}

// ImportTaakvelden replaces the code list and records the import in the
// journal (its digest, not its rows). Importing the list in use changes
// nothing.
func (s *Store) ImportTaakvelden(ctx context.Context, actor ledger.Actor, list ledger.TaakveldList, source string) (ledger.TaakveldImport, error) {
	if err := actor.Can(ledger.ActImportTaakvelden, "import the taakveld list"); err != nil {
		return ledger.TaakveldImport{}, err
	}
	if err := list.Validate(); err != nil {
		return ledger.TaakveldImport{}, err
	}
	source, err := ledger.ImportSource(source)
	if err != nil {
		return ledger.TaakveldImport{}, err
	}
	digest, err := taakveldDigest(list)
	if err != nil {
		return ledger.TaakveldImport{}, internal("import taakvelden", err)
	}
	imp := ledger.TaakveldImport{Digest: digest, Rows: len(list), Source: source, ImportedBy: actor.User}
	err = s.write(ctx, "import taakvelden", func(w *wtx) error {
		imp.ImportedAt = w.now
		current, err := loadTaakvelden(w.ctx, w.tx)
		if err != nil {
			return err
		}
		if d, err := taakveldDigest(current); err != nil {
			return err
		} else if d == digest {
			imp.Unchanged = true
			return nil
		}
		t := ledger.Transaction{
			Kind: ledger.TxTaakveldenImported, Ref: "taakvelden", ValueDate: w.today(), Actor: actor.User, ActorRole: actor.Role,
			Memo: fmt.Sprintf("the Iv3 code list replaced: %d rows (was %d)", len(list), len(current)), Digest: digest,
		}
		if err := w.book(&t); err != nil {
			return err
		}
		if err := writeTaakvelden(w.ctx, w.tx, list); err != nil {
			return err
		}
		w.s.cache.taakvelden = nil
		_, err = w.exec(`INSERT INTO taakveld_imports (digest, rows, source, imported_by, imported_at, seq) VALUES (?, ?, ?, ?, ?, ?)`,
			digest, len(list), source, actor.User, formatTime(w.now), t.Seq)
		return err
	})
	return imp, internal("import taakvelden", err)
}

func writeRules(ctx context.Context, tx *sql.Tx, rules []ledger.AllocationRule) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM allocation_rules`); err != nil {
		return err
	}
	for i, r := range rules {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO allocation_rules (n, id, rule) VALUES (?, ?, ?)`, i, r.ID, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// AllocationRules returns the rule table.
func (s *Store) AllocationRules(ctx context.Context) ([]ledger.AllocationRule, error) {
	var rules []ledger.AllocationRule
	err := eachRow(ctx, s.readDB, `SELECT rule FROM allocation_rules ORDER BY n`, func(rows *sql.Rows) error {
		var b string
		if err := rows.Scan(&b); err != nil {
			return err
		}
		var r ledger.AllocationRule
		if err := json.Unmarshal([]byte(b), &r); err != nil {
			return err
		}
		rules = append(rules, r)
		return nil
	})
	return rules, internal("read rules", err)
}

// RuleStats returns what finance did with each rule's suggestions.
func (s *Store) RuleStats(ctx context.Context) ([]ledger.RuleStats, error) {
	var stats []ledger.RuleStats
	err := eachRow(ctx, s.readDB, `SELECT suggested_by, SUM(followed_suggestion), SUM(1 - followed_suggestion)
		FROM allocations WHERE suggested_by <> '' GROUP BY suggested_by ORDER BY suggested_by`, func(rows *sql.Rows) error {
		var st ledger.RuleStats
		if err := rows.Scan(&st.RuleID, &st.Followed, &st.Changed); err != nil {
			return err
		}
		stats = append(stats, st)
		return nil
	})
	return stats, internal("read rule stats", err)
}

// SetAllocationRules replaces the rule table.
func (s *Store) SetAllocationRules(ctx context.Context, actor ledger.Actor, rules []ledger.AllocationRule) error {
	if err := actor.Can(ledger.ActManageRules, "change the allocation rules"); err != nil {
		return err
	}
	if err := ledger.ValidateRules(rules); err != nil {
		return err
	}
	err := s.write(ctx, "set allocation rules", func(w *wtx) error {
		var fe []ledger.FieldError
		for i, r := range rules {
			if r.Category == "" {
				continue
			}
			if err := w.s.cache.checkCategory(w, r.Category); err != nil {
				fe = append(fe, ledger.FieldError{Field: fmt.Sprintf("rules[%d].category", i), Reason: ledger.ErrorMessage(err)})
			}
		}
		if len(fe) > 0 {
			return &ledger.Error{Code: ledger.EINVALID, Message: "The rule table is not valid; correct the fields listed and try again", Fields: fe}
		}
		if err := writeRules(w.ctx, w.tx, rules); err != nil {
			return err
		}
		r, err := rulesRecord(w.ctx, w.tx)
		if err != nil {
			return err
		}
		return w.commitRecord(actor, r, "", fmt.Sprintf("the rule table replaced: %d rules", len(rules)))
	})
	return internal("set allocation rules", err)
}
