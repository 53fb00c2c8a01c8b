package ledger

// CheckErasure checks the date of an erasure of payee data
// (Store.ErasePersonalData): the payee names and IBANs of closed payouts
// requested before it are erased. It must be a day from FirstDate to today:
// a later one would reach payouts that have not been closed long enough to
// be erased, and one outside the ledger's dates is a mistake, such as
// 9999-12-31 for "everything". Errors: EINVALID naming the field "before",
// with the range allowed.
func CheckErasure(before, today Date) error {
	var fe fieldErrors
	switch {
	case before.IsZero():
		fe.add("before", msgErasureRequired)
	case before.After(today):
		from, to := clampRange(FirstDate, today)
		fe.add("before", msgErasureFuture, before, from, to)
	default:
		fe.addErr("before", CheckDateIn(before, FirstDate, today))
	}
	return fe.err(nounErasure)
}
