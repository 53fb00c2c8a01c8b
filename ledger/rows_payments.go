package ledger

// PaymentReads reads payment batches with their groups and items.
type PaymentReads interface{}

// PaymentWrites writes payment batches with their groups and items.
type PaymentWrites interface{}
