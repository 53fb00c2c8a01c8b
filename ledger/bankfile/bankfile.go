// Package bankfile reads the files a Dutch bank delivers about the debtor
// accounts ontschot pays from: the ISO 20022 bank-to-customer statement
// (camt.053), the debit notification (camt.054) and the customer payment
// status report (pain.002, the bank's answer to a pain.001 payment file).
//
// It knows the files, not the ledger's rules: Read turns one file into plain
// values (statements, entries, their references and return reasons; the
// status of each block and transaction of a payment file) and refuses a file
// it cannot read with an *Error that says, in English and in Dutch, what is
// wrong and how to get a good file. Matching entries to payouts, statuses
// and journal postings belong to package ledger.
//
// Sources: the ISO 20022 message definitions (www.iso20022.org, Payments
// Clearing and Settlement / Cash Management catalogues):
// BankToCustomerStatementV02 and V08 (camt.053.001.02, camt.053.001.08),
// BankToCustomerDebitCreditNotificationV02 and V08 (camt.054.001.02,
// camt.054.001.08), CustomerPaymentStatusReportV10 (pain.002.001.10); the
// EPC SEPA Credit Transfer rulebook (EPC125-05) and its customer-to-PSP
// implementation guidelines (EPC132-08), whose 2019 message set answers a
// pain.001.001.09 with a pain.002.001.10; and the ISO 20022 bank-to-customer
// cash management guidance the Dutch banks' camt.053 descriptions follow:
// a payment information block sent with BtchBookg true is booked as one
// entry carrying NtryDtls/Btch, and a returned credit transfer as a credit
// entry with bank transaction code PMNT/RCDT/RRTN (or PMNT/ICDT/RRTN) and
// RtrInf.
package bankfile

import "github.com/ontschot/ontschot/ledger"

// MaxSize is the largest file Read takes, in bytes (20 MiB). A day's
// statement of a municipality's pot account is a few hundred kilobytes; a
// month of 10,000 entries about 8 MiB. A larger file is refused before it
// is parsed, so a file sent by mistake (or on purpose) cannot exhaust memory.
const MaxSize = 20 << 20

// The values Read returns are the ledger's (ledger/bank.go), so that the
// ledger's rules read them as they are; the names here are theirs.
type (
	// Kind is ledger.BankFileKind.
	Kind = ledger.BankFileKind
	// File is ledger.BankFile.
	File = ledger.BankFile
	// Statement is ledger.BankStatement.
	Statement = ledger.BankStatement
	// Balance is ledger.BankBalance.
	Balance = ledger.BankBalance
	// Entry is ledger.BankEntry.
	Entry = ledger.BankEntry
	// Detail is ledger.BankDetail.
	Detail = ledger.BankDetail
	// Return is ledger.BankReturn.
	Return = ledger.BankReturn
	// StatusReport is ledger.BankStatusReport.
	StatusReport = ledger.BankStatusReport
	// BlockStatus is ledger.BankBlockStatus.
	BlockStatus = ledger.BankBlockStatus
	// TransactionStatus is ledger.BankTransactionStatus.
	TransactionStatus = ledger.BankTransactionStatus
)

// The kinds Read takes (ledger.BankFileKinds).
const (
	Camt053v02 = ledger.BankCamt053v02
	Camt053v08 = ledger.BankCamt053v08
	Camt054v02 = ledger.BankCamt054v02
	Camt054v08 = ledger.BankCamt054v08
	Pain002v10 = ledger.BankPain002v10
)

// Kinds lists the kinds Read takes, in the order messages name them.
var Kinds = ledger.BankFileKinds
