package ledger

// MaxIdempotencyKey is the longest idempotency key, in bytes.
const MaxIdempotencyKey = 255

// CheckIdempotencyKey returns nil when key can be stored as an idempotency
// key ("" means the request has none), and otherwise an EINVALID error that
// names the field Idempotency-Key, as the API calls it: a key longer than
// MaxIdempotencyKey bytes, or one that holds a BSN (FindBSN). A key is
// stored with the answer it replays, so it is text the service stores like
// any other, and no BSN may be stored (DESIGN.md, invariant 10). Every
// store checks each key with it before it looks the key up.
func CheckIdempotencyKey(key string) error {
	var fe fieldErrors
	if len(key) > MaxIdempotencyKey {
		fe.add("Idempotency-Key", "too long: at most %d characters; a UUID is enough", MaxIdempotencyKey)
	} else {
		fe.checkNoBSN("Idempotency-Key", key)
	}
	return fe.err("idempotency key")
}
