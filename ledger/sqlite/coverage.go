package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// Governed records (see ledger/integrity.go): this file reads them from the
// tables, so that Verify can compare them with the journal, and books the
// transactions that commit to them.

// systemActor books what no person did: the baseline of coverage.
var systemActor = ledger.Actor{User: "ontschot", Role: "system"}

// governedKindsSQL repeats the kind list of the partial index
// journal_governed exactly, so SQLite can use the index.
const governedKindsSQL = `('coverage_began', 'pot_set', 'partner_set', 'party_set', 'pledge_set', 'category_set',
        'allocation_rules_set', 'user_set', 'token_set', 'signal_taken_up', 'taakvelden_imported')`

// payoutKindsSQL repeats the kind list of the partial index
// journal_payout_ref exactly.
const payoutKindsSQL = `('payout_held', 'payout_approved', 'payout_rejected', 'payout_reversed')`

// governedRecords reads every governed record as it stands, but for web
// sessions (which are committed to once each, see verifySessions) and the
// Iv3 code list (whose digest is the list's own, see verifyTaakvelden).
func governedRecords(ctx context.Context, q querier) ([]ledger.GovernedRecord, error) {
	var out []ledger.GovernedRecord
	pots, err := loadPots(ctx, q)
	if err != nil {
		return nil, err
	}
	for i := range pots {
		out = append(out, ledger.PotRecord(&pots[i]))
	}
	err = eachRow(ctx, q, `SELECT id, name, kind FROM partners ORDER BY id`, func(rows *sql.Rows) error {
		var p ledger.Partner
		if err := rows.Scan(&p.ID, &p.Name, &p.Kind); err != nil {
			return err
		}
		out = append(out, ledger.PartnerRecord(&p))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT id, name, kind FROM parties ORDER BY id`, func(rows *sql.Rows) error {
		var p ledger.Party
		if err := rows.Scan(&p.ID, &p.Name, &p.Kind); err != nil {
			return err
		}
		out = append(out, ledger.PartyRecord(&p))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT pot_id, partner_id, pledged FROM pot_partners ORDER BY pot_id, partner_id`, func(rows *sql.Rows) error {
		var pot ledger.PotID
		var partner ledger.PartnerID
		var pledged int64
		if err := rows.Scan(&pot, &partner, &pledged); err != nil {
			return err
		}
		out = append(out, ledger.PledgeRecord(pot, partner, ledger.Cents(pledged)))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT code, label FROM categories ORDER BY code`, func(rows *sql.Rows) error {
		var c ledger.Category
		if err := rows.Scan(&c.Code, &c.Label); err != nil {
			return err
		}
		out = append(out, ledger.CategoryRecord(&c))
		return nil
	})
	if err != nil {
		return nil, err
	}
	rules, err := rulesRecord(ctx, q)
	if err != nil {
		return nil, err
	}
	out = append(out, rules)
	err = eachRow(ctx, q, `SELECT name, role, COALESCE(partner_id, ''), COALESCE(password_hash, '') FROM users ORDER BY name`, func(rows *sql.Rows) error {
		var name, role, partner, hash string
		if err := rows.Scan(&name, &role, &partner, &hash); err != nil {
			return err
		}
		out = append(out, ledger.UserRecord(name, ledger.Role(role), ledger.PartnerID(partner), hash))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT id, user_name, hash, created_by, created_at, revoked_at FROM tokens ORDER BY id`, func(rows *sql.Rows) error {
		r, err := scanTokenRecord(rows)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT signal_id, note, by_user, role, at FROM signal_uptakes ORDER BY signal_id`, func(rows *sql.Rows) error {
		var u ledger.SignalUptake
		var at string
		if err := rows.Scan(&u.SignalID, &u.Note, &u.By, &u.Role, &at); err != nil {
			return err
		}
		u.At = parseTime(at)
		out = append(out, ledger.UptakeRecord(&u))
		return nil
	})
	return out, err
}

// eachRow runs a query and calls fn for every row.
func eachRow(ctx context.Context, q querier, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func scanTokenRecord(sc scanner) (ledger.GovernedRecord, error) {
	var id ledger.TokenID
	var user, hash, by, at string
	var revoked sql.NullString
	if err := sc.Scan(&id, &user, &hash, &by, &at, &revoked); err != nil {
		return ledger.GovernedRecord{}, err
	}
	var r *time.Time
	if revoked.Valid {
		t := parseTime(revoked.String)
		r = &t
	}
	return ledger.TokenRecord(id, user, hash, by, parseTime(at), r), nil
}

// rulesRecord reads the allocation rule table as stored.
func rulesRecord(ctx context.Context, q querier) (ledger.GovernedRecord, error) {
	var ids, texts []string
	err := eachRow(ctx, q, `SELECT id, rule FROM allocation_rules ORDER BY n`, func(rows *sql.Rows) error {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			return err
		}
		ids, texts = append(ids, id), append(texts, text)
		return nil
	})
	return ledger.RulesRecord(ids, texts), err
}

// commitRecord books the transaction that commits to a governed record's
// new content. pot files it under a pot's journal ("" for none).
func (w *wtx) commitRecord(actor ledger.Actor, r ledger.GovernedRecord, pot ledger.PotID, memo string) error {
	t := ledger.RecordTransaction(&r, pot, actor, w.today(), memo)
	return w.book(&t)
}

// commitPot books the pot's content as it now is in the transaction.
func (w *wtx) commitPot(actor ledger.Actor, id ledger.PotID, memo string) (ledger.Pot, error) {
	w.s.cache.dropPot(id)
	p, err := loadPot(w.ctx, w.tx, id)
	if err != nil {
		return p, err
	}
	return p, w.commitRecord(actor, ledger.PotRecord(&p), p.ID, memo)
}

// commitUser books a user's role, partner and password hash as they now are.
func (w *wtx) commitUser(actor ledger.Actor, name, memo string) error {
	var role, partner, hash string
	if err := w.queryRow(`SELECT role, COALESCE(partner_id, ''), COALESCE(password_hash, '') FROM users WHERE name = ?`, name).
		Scan(&role, &partner, &hash); err != nil {
		return err
	}
	return w.commitRecord(actor, ledger.UserRecord(name, ledger.Role(role), ledger.PartnerID(partner), hash), "", memo)
}

// commitToken books a token as it now is.
func (w *wtx) commitToken(actor ledger.Actor, id ledger.TokenID, memo string) error {
	r, err := scanTokenRecord(w.queryRow(`SELECT id, user_name, hash, created_by, created_at, revoked_at FROM tokens WHERE id = ?`, string(id)))
	if err != nil {
		return err
	}
	return w.commitRecord(actor, r, "", memo)
}

// commitPledge books what a partner pledged to a pot as it now is.
func (w *wtx) commitPledge(actor ledger.Actor, pot ledger.PotID, partner ledger.PartnerID, memo string) error {
	var pledged int64
	if err := w.queryRow(`SELECT pledged FROM pot_partners WHERE pot_id = ? AND partner_id = ?`, string(pot), string(partner)).Scan(&pledged); err != nil {
		return err
	}
	return w.commitRecord(actor, ledger.PledgeRecord(pot, partner, ledger.Cents(pledged)), pot, memo)
}

// seedCoverage books, when migration 8 adds coverage, the transaction that
// marks where it began and one *_set transaction per governed record as it
// stands, and commits to the web sessions and stored answers already there.
// It runs once, in the migration's own transaction, so a ledger is either
// covered from a known place or not migrated at all: the marker can never be
// booked again later, and so can never launder a record added by hand.
func seedCoverage(ctx context.Context, tx *sql.Tx, now time.Time) error {
	now = ledger.JournalTime(now)
	a := &appender{ctx: ctx, tx: tx, now: now}
	if err := a.loadHead(); err != nil {
		return err
	}
	today := ledger.DateOf(now)
	if err := a.append(&ledger.Transaction{Kind: ledger.TxCoverageBegan, Ref: "coverage", ValueDate: today,
		Actor: systemActor.User, ActorRole: systemActor.Role,
		Memo: "from here on the journal commits to payees, payment files, governed records and stored answers"}); err != nil {
		return err
	}
	const memo = "the record as it stood when coverage began"
	records, err := governedRecords(ctx, tx)
	if err != nil {
		return err
	}
	for i := range records {
		r := &records[i]
		var pot ledger.PotID
		if r.Kind == ledger.TxPotSet {
			pot = ledger.PotID(r.Ref)
		}
		t := ledger.RecordTransaction(r, pot, systemActor, today, memo)
		if err := a.append(&t); err != nil {
			return err
		}
	}
	list, err := loadTaakvelden(ctx, tx)
	if err != nil {
		return err
	}
	digest := list.Digest()
	t := ledger.Transaction{Kind: ledger.TxTaakveldenImported, Ref: "taakvelden", ValueDate: today, Actor: systemActor.User,
		ActorRole: systemActor.Role, Memo: fmt.Sprintf("the Iv3 code list as it stood when coverage began: %d rows", len(list)), Digest: digest}
	if err := a.append(&t); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO taakveld_imports (digest, rows, source, imported_by, imported_at, seq) VALUES (?, ?, 'as it stood when coverage began', ?, ?, ?)`,
		digest, len(list), systemActor.User, formatTime(now), t.Seq); err != nil {
		return err
	}
	// Payees of payouts that can still be paid (waiting or approved, not
	// in a batch): committed to now, each with a salt of its own, so a
	// payment run never pays a payee that was not committed to. Payouts
	// that are closed stay as they were (Verify counts them).
	type open struct {
		id    ledger.PayoutID
		payee ledger.Payee
		pot   ledger.PotID
	}
	var payees []open
	err = eachRow(ctx, tx, `SELECT p.id, p.pot_id, y.name, y.iban FROM payouts p JOIN payees y ON y.payout_id = p.id
		WHERE p.status IN ('pending_approval', 'approved') AND y.salt IS NULL AND y.erased_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM payment_items i WHERE i.payout_id = p.id)
		ORDER BY p.request_seq`, func(rows *sql.Rows) error {
		var o open
		var iban string
		if err := rows.Scan(&o.id, &o.pot, &o.payee.Name, &iban); err != nil {
			return err
		}
		o.payee.IBAN = ledger.IBAN(iban)
		payees = append(payees, o)
		return nil
	})
	if err != nil {
		return err
	}
	for _, o := range payees {
		salt := make([]byte, 16)
		if _, err := rand.Read(salt); err != nil {
			return err
		}
		t := ledger.Transaction{Kind: ledger.TxPayeeSet, Ref: string(o.id), PotID: o.pot, ValueDate: today, Actor: systemActor.User,
			ActorRole: systemActor.Role, Memo: "the payee as it stood when coverage began", PayeeDigest: ledger.PayeeDigest(salt, o.id, o.payee)}
		if err := a.append(&t); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE payees SET salt = ?, seq = ? WHERE payout_id = ?`, salt, t.Seq, string(o.id)); err != nil {
			return err
		}
	}
	// Web sessions: one commitment each.
	type session struct {
		hash, user string
		created    time.Time
		expires    time.Time
	}
	var sessions []session
	err = eachRow(ctx, tx, `SELECT hash, user_name, created_at, expires_at FROM web_sessions ORDER BY created_at, hash`, func(rows *sql.Rows) error {
		var s session
		var created, expires string
		if err := rows.Scan(&s.hash, &s.user, &created, &expires); err != nil {
			return err
		}
		s.created, s.expires = parseTime(created), parseTime(expires)
		sessions = append(sessions, s)
		return nil
	})
	if err != nil {
		return err
	}
	for _, s := range sessions {
		r := ledger.SessionRecord(s.hash, s.user, s.created, s.expires)
		t := ledger.RecordTransaction(&r, "", systemActor, today, memo)
		if err := a.append(&t); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE web_sessions SET seq = ? WHERE hash = ?`, t.Seq, s.hash); err != nil {
			return err
		}
	}
	// Stored answers: one commitment to all of them.
	var answers []string
	err = eachRow(ctx, tx, `SELECT actor, key, operation, fingerprint, result FROM idempotency_keys ORDER BY id`, func(rows *sql.Rows) error {
		var actor, key, op, result string
		var fp []byte
		if err := rows.Scan(&actor, &key, &op, &fp, &result); err != nil {
			return err
		}
		answers = append(answers, ledger.AnswerDigest(actor, key, op, fp, result))
		return nil
	})
	if err != nil || len(answers) == 0 {
		return err
	}
	t = answersTransaction(answers, today)
	if err := a.append(&t); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE idempotency_keys SET seq = ?`, t.Seq)
	return err
}

// answersTransaction commits to the answers stored in one write group.
func answersTransaction(answers []string, today ledger.Date) ledger.Transaction {
	memo := fmt.Sprintf("%d stored answers to requests with an idempotency key", len(answers))
	if len(answers) == 1 {
		memo = "1 stored answer to a request with an idempotency key"
	}
	return ledger.Transaction{Kind: ledger.TxAnswersRecorded, Ref: "answers", ValueDate: today,
		Actor: systemActor.User, ActorRole: systemActor.Role, Memo: memo, Digest: ledger.AnswersDigest(answers)}
}

// appender appends transactions without postings in a plain transaction,
// outside the writer (for the migration's seed).
type appender struct {
	ctx      context.Context
	tx       *sql.Tx
	now      time.Time
	headSeq  int64
	headHash string
}

func (a *appender) loadHead() error {
	err := a.tx.QueryRowContext(a.ctx, `SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1`).Scan(&a.headSeq, &a.headHash)
	if errors.Is(err, sql.ErrNoRows) {
		a.headSeq, a.headHash = 0, ledger.GenesisHash
		return nil
	}
	return err
}

func (a *appender) append(t *ledger.Transaction) error {
	if len(t.Postings) > 0 {
		return fmt.Errorf("append %s: the seed books no postings", t.Kind)
	}
	t.Seq, t.PrevHash, t.RecordedAt = a.headSeq+1, a.headHash, a.now
	t.Hash = t.ComputeHash()
	if err := insertJournal(a.ctx, a.tx, t); err != nil {
		return err
	}
	a.headSeq, a.headHash = t.Seq, t.Hash
	return nil
}

// insertJournal writes a transaction's journal row (its postings are
// written by the caller).
func insertJournal(ctx context.Context, tx *sql.Tx, t *ledger.Transaction) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO journal (seq, kind, ref, pot_id, value_date, recorded_at, actor, actor_role, memo, digest, payee_digest, reverses, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.Seq, string(t.Kind), t.Ref, string(t.PotID), t.ValueDate.String(), formatTime(t.RecordedAt), t.Actor, string(t.ActorRole),
		t.Memo, t.Digest, t.PayeeDigest, t.Reverses, t.PrevHash, t.Hash)
	return err
}

// coverageSeq returns the sequence number of the transaction that marks
// where coverage began (0 if the journal has none, which only an empty,
// unmigrated file can show).
func coverageSeq(ctx context.Context, q querier) (int64, error) {
	var seq sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT MIN(seq) FROM journal WHERE kind IN `+governedKindsSQL+` AND kind = 'coverage_began'`).Scan(&seq)
	return seq.Int64, err
}
