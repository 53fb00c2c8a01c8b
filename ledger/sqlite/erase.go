package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// ErasePersonalData erases the payee names and IBANs of payouts requested
// before the date that are closed (rejected, reversed or paid), and records
// the erasure in the journal. Payee data never entered the hash chain, so it
// still verifies.
func (s *Store) ErasePersonalData(ctx context.Context, actor ledger.Actor, before ledger.Date) (int, error) {
	if err := actor.Can(ledger.ActErasePersonal, "erase personal data"); err != nil {
		return 0, err
	}
	if err := ledger.CheckErasure(before, ledger.DateOf(s.now())); err != nil {
		return 0, err
	}
	var n int
	err := s.write(ctx, "erase personal data", func(w *wtx) error {
		var ids []ledger.PayoutID
		err := eachRow(w.ctx, w.tx, `SELECT y.payout_id FROM payees y JOIN payouts p ON p.id = y.payout_id
			WHERE y.erased_at IS NULL AND p.value_date < ? AND p.status IN ('rejected', 'reversed', 'paid')
			ORDER BY y.payout_id`, func(rows *sql.Rows) error {
			var id ledger.PayoutID
			ids = append(ids, id)
			return rows.Scan(&ids[len(ids)-1])
		}, before.String())
		if err != nil || len(ids) == 0 {
			return err
		}
		n = len(ids)
		// The erasure's own transaction lists what it erased, so an
		// erased payee is known as erased (and one blanked by hand is not).
		t := ledger.Transaction{
			Kind: ledger.TxPersonalErasure, Ref: "before " + before.String(), ValueDate: w.today(),
			Actor: actor.User, ActorRole: actor.Role, Digest: ledger.ErasureDigest(before, ids),
			Memo: "erased the payee data of " + strconv.Itoa(n) + " closed payouts requested before " + before.String(),
		}
		if err := w.book(&t); err != nil {
			return err
		}
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			args := []any{formatTime(w.now), t.Seq}
			for _, id := range chunk {
				args = append(args, string(id))
			}
			if _, err := w.exec(`UPDATE payees SET name = '', iban = '', salt = NULL, erased_at = ?, erased_seq = ?
				WHERE payout_id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, args...); err != nil {
				return err
			}
		}
		return nil
	})
	return n, internal("erase personal data", err)
}
