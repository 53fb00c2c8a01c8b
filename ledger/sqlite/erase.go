package sqlite

import (
	"context"
	"strconv"

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
		res, err := w.exec(`UPDATE payees SET name = '', iban = '', erased_at = ?
			WHERE erased_at IS NULL AND payout_id IN (
				SELECT id FROM payouts WHERE value_date < ? AND status IN ('rejected', 'reversed', 'paid'))`,
			formatTime(w.now), before.String())
		if err != nil {
			return err
		}
		affected, _ := res.RowsAffected()
		n = int(affected)
		if n == 0 {
			return nil
		}
		t := ledger.Transaction{
			Kind: ledger.TxPersonalErasure, Ref: "before " + before.String(), ValueDate: w.today(),
			Actor: actor.User, ActorRole: actor.Role,
			Memo: "erased the payee data of " + strconv.Itoa(n) + " closed payouts requested before " + before.String(),
		}
		return w.book(&t)
	})
	return n, internal("erase personal data", err)
}
