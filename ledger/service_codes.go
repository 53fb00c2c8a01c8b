package ledger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// The reference data: payout categories, closed periods, the Iv3 taakveld
// list and the allocation rule table. Each change is committed to in the
// journal, so a direct edit of the rows is named by Verify.

// Categories lists the payout categories by code, "other" last: it is the
// choice of last resort on the request form, so it closes the list (Store).
func (s *Service) Categories(ctx context.Context) ([]Category, error) {
	var cs []Category
	err := s.read(ctx, "list categories", func(tx ReadTx) error {
		var err error
		cs, err = tx.Categories()
		return err
	})
	if err != nil {
		return nil, err
	}
	// A copy: the engine may share its slice with its cache.
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(a, b Category) int {
		switch {
		case a.Code == "other" && b.Code != "other":
			return 1
		case a.Code != "other" && b.Code == "other":
			return -1
		}
		return 0
	})
	return cs, nil
}

// AddCategory adds a payout category and commits to it in the journal
// (Store). Errors: EFORBIDDEN, EINVALID (code, label), ECONFLICT when the
// code is taken.
func (s *Service) AddCategory(ctx context.Context, actor Actor, c Category) (Category, error) {
	if err := actor.Can(ActAddCategory, "add categories"); err != nil {
		return c, err
	}
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.write(ctx, "add category", func(o *op) error {
		// Checked before the insert, which then cannot fail on the code:
		// a failed statement would abort a PostgreSQL transaction.
		cs, err := o.tx.Categories()
		if err != nil {
			return err
		}
		if slices.ContainsFunc(cs, func(x Category) bool { return x.Code == c.Code }) {
			return categoryExists(c.Code)
		}
		err = o.tx.InsertCategory(&c)
		if errors.Is(err, ErrExists) {
			return categoryExists(c.Code)
		}
		if err != nil {
			return err
		}
		return o.commitRecord(actor, CategoryRecord(&c), "", "added")
	})
	return c, err
}

// categoryExists is the error for a category code that is taken.
func categoryExists(code string) error {
	return NewError(ECONFLICT, msgCategoryExists, Quoted(code))
}

// ClosePeriod closes a month or quarter for good and books it in the
// journal; from then on nothing is booked with a date inside it (invariant
// 9, checked by every booking: op.book) (Store). Errors: EFORBIDDEN,
// EINVALID (period: missing, out of range, or not ended yet), ECONFLICT
// when one closed period covers it already, EIDEMPOTENCY.
func (s *Service) ClosePeriod(ctx context.Context, actor Actor, req ClosePeriod) (ClosedPeriod, error) {
	if err := actor.Can(ActClosePeriod, "close periods"); err != nil {
		return ClosedPeriod{}, err
	}
	if err := req.Validate(DateOf(s.now())); err != nil {
		return ClosedPeriod{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	var cp ClosedPeriod
	err := s.write(ctx, "close period", func(o *op) error {
		var err error
		cp, _, err = idempotent(o, actor, key, fp, closedPeriodAnswer, func() (ClosedPeriod, error) {
			p := req.Period
			closed, err := o.tx.ClosedPeriods()
			if err != nil {
				return ClosedPeriod{}, err
			}
			// One closed period that spans p makes it closed already; a
			// quarter whose months were closed one by one can still be
			// closed as a quarter.
			for _, c := range closed {
				if !c.Start.After(p.Start) && !c.End.Before(p.End) {
					return ClosedPeriod{}, periodClosedAlready(p)
				}
			}
			t := Transaction{
				Kind: TxPeriodClosed, Ref: p.Label, ValueDate: o.today(),
				Actor: actor.User, ActorRole: actor.Role, Memo: "closed " + p.Start.String() + " to " + p.End.String(),
			}
			if err := o.book(&t); err != nil {
				return ClosedPeriod{}, err
			}
			cp := ClosedPeriod{Period: p, ClosedBy: actor.User, ClosedAt: o.now, JournalSeq: t.Seq}
			err = o.tx.InsertClosedPeriod(&cp)
			if errors.Is(err, ErrExists) {
				return cp, periodClosedAlready(p)
			}
			return cp, err
		})
		return err
	})
	return cp, err
}

// periodClosedAlready is the error for closing a period that is closed.
func periodClosedAlready(p Period) error {
	return NewError(ECONFLICT, msgPeriodClosedAlready, p)
}

// ClosedPeriods lists the closed periods, oldest first (Store).
func (s *Service) ClosedPeriods(ctx context.Context) ([]ClosedPeriod, error) {
	var cps []ClosedPeriod
	err := s.read(ctx, "list closed periods", func(tx ReadTx) error {
		var err error
		cps, err = tx.ClosedPeriods()
		return err
	})
	return cps, err
}

// Taakvelden returns the Iv3 code list in use (Store).
func (s *Service) Taakvelden(ctx context.Context) (TaakveldList, error) {
	var list TaakveldList
	err := s.read(ctx, "read taakvelden", func(tx ReadTx) error {
		var err error
		list, err = tx.Taakvelden()
		return err
	})
	return list, err
}

// ImportTaakvelden replaces the Iv3 code list and books the import in the
// journal: its digest (TaakveldList.Digest), not its rows. Importing the
// list in use changes nothing and books nothing: the answer says
// Unchanged (Store). Errors: EFORBIDDEN, EINVALID (the rows at fault, by
// line; source).
func (s *Service) ImportTaakvelden(ctx context.Context, actor Actor, list TaakveldList, source string) (TaakveldImport, error) {
	if err := actor.Can(ActImportTaakvelden, "import the taakveld list"); err != nil {
		return TaakveldImport{}, err
	}
	if err := list.Validate(); err != nil {
		return TaakveldImport{}, err
	}
	source, err := ImportSource(source)
	if err != nil {
		return TaakveldImport{}, err
	}
	digest := list.Digest()
	imp := TaakveldImport{Digest: digest, Rows: len(list), Source: source, ImportedBy: actor.User}
	err = s.write(ctx, "import taakvelden", func(o *op) error {
		imp.ImportedAt, imp.Unchanged = o.now, false
		current, err := o.tx.Taakvelden()
		if err != nil {
			return err
		}
		if current.Digest() == digest {
			imp.Unchanged = true
			return nil
		}
		t := Transaction{
			Kind: TxTaakveldenImported, Ref: "taakvelden", ValueDate: o.today(), Actor: actor.User, ActorRole: actor.Role,
			Memo: fmt.Sprintf("the Iv3 code list replaced: %d rows (was %d)", len(list), len(current)), Digest: digest,
		}
		if err := o.book(&t); err != nil {
			return err
		}
		if err := o.tx.ReplaceTaakvelden(list); err != nil {
			return err
		}
		return o.tx.InsertTaakveldImport(&imp, t.Seq)
	})
	return imp, err
}

// AllocationRules returns the rule table, in order (Store).
func (s *Service) AllocationRules(ctx context.Context) ([]AllocationRule, error) {
	var rules []AllocationRule
	err := s.read(ctx, "read rules", func(tx ReadTx) error {
		rows, err := tx.AllocationRules()
		if err != nil {
			return err
		}
		rules = nil
		for _, row := range rows {
			var r AllocationRule
			if err := json.Unmarshal([]byte(row.Text), &r); err != nil {
				return fmt.Errorf("rule %q: %w", row.ID, err)
			}
			rules = append(rules, r)
		}
		return nil
	})
	return rules, err
}

// RuleStats returns what finance did with each rule's suggestions, by rule
// id (Store).
func (s *Service) RuleStats(ctx context.Context) ([]RuleStats, error) {
	var stats []RuleStats
	err := s.read(ctx, "read rule stats", func(tx ReadTx) error {
		var err error
		stats, err = tx.RuleStats()
		return err
	})
	return stats, err
}

// ruleRows returns the rule table as stored: each rule as its JSON text.
func ruleRows(rules []AllocationRule) ([]RuleRow, error) {
	rows := make([]RuleRow, len(rules))
	for i, r := range rules {
		b, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		rows[i] = RuleRow{ID: r.ID, Text: string(b)}
	}
	return rows, nil
}

// SeedCodes fills a new ledger's code tables with what the binary carries:
// the Iv3 code list (DefaultTaakvelden), recorded as a built-in import made
// at now, and the allocation rules (DefaultAllocationRules). Each engine's
// migrations run it once, in the migration's transaction, before the
// journal holds anything: the import has no transaction of its own, and
// the baseline of coverage (BookCoverage) commits to both afterwards.
func SeedCodes(tx Tx, now time.Time) error {
	list := DefaultTaakvelden()
	if err := tx.ReplaceTaakvelden(list); err != nil {
		return err
	}
	imp := TaakveldImport{Digest: list.Digest(), Rows: len(list), Source: "built-in", ImportedBy: SystemActor.User, ImportedAt: now}
	if err := tx.InsertTaakveldImport(&imp, 0); err != nil {
		return err
	}
	rows, err := ruleRows(DefaultAllocationRules())
	if err != nil {
		return err
	}
	return tx.ReplaceAllocationRules(rows)
}

// SetAllocationRules replaces the rule table and commits to it in the
// journal (Store). Each rule is stored as its JSON text, and the journal
// commits to those texts (RulesRecord). Errors: EFORBIDDEN, EINVALID (the
// fields at fault, a category that is not a category among them).
func (s *Service) SetAllocationRules(ctx context.Context, actor Actor, rules []AllocationRule) error {
	if err := actor.Can(ActManageRules, "change the allocation rules"); err != nil {
		return err
	}
	if err := ValidateRules(rules); err != nil {
		return err
	}
	rows, err := ruleRows(rules)
	if err != nil {
		return wrapInternal("set allocation rules", err)
	}
	return s.write(ctx, "set allocation rules", func(o *op) error {
		// Categories are checked here, in the write, since one may be
		// added at the same time.
		var fe fieldErrors
		for i, r := range rules {
			if r.Category == "" {
				continue
			}
			if err := checkCategory(o.tx, r.Category); err != nil {
				var le *Error
				if !errors.As(err, &le) {
					return err
				}
				// The rule's field says what the payout request's
				// field would have said.
				field := fmt.Sprintf("rules[%d].category", i)
				if len(le.Fields) > 0 {
					fe.addMsg(field, le.Fields[0].Msg)
				} else {
					fe.addErr(field, err)
				}
			}
		}
		if err := fe.err(nounRuleTable); err != nil {
			return err
		}
		if err := o.tx.ReplaceAllocationRules(rows); err != nil {
			return err
		}
		ids, texts := make([]string, len(rows)), make([]string, len(rows))
		for i, row := range rows {
			ids[i], texts[i] = row.ID, row.Text
		}
		return o.commitRecord(actor, RulesRecord(ids, texts), "", fmt.Sprintf("the rule table replaced: %d rules", len(rules)))
	})
}
