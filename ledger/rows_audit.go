package ledger

// AuditReads reads what Verify compares with the journal: each record with
// the transactions it refers to, in streams that keep memory flat.
type AuditReads interface{}
