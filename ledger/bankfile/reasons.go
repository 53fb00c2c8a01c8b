package bankfile

import "github.com/ontschot/ontschot/ledger"

// Reason is ledger.BankReason: a return's or rejection's reason code
// explained in English and Dutch.
type Reason = ledger.BankReason

// ReasonOf explains a reason code (ledger.BankReasonOf).
func ReasonOf(code string) Reason { return ledger.BankReasonOf(code) }

// Codes lists the reason codes explained (ledger.BankReasonCodes).
func Codes() []string { return ledger.BankReasonCodes() }
