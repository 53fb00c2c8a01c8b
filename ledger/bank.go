package ledger

import "time"

// The bank's answer to ontschot's payment files, as package bankfile reads
// it from the ISO 20022 files a Dutch bank delivers for a debtor account:
// camt.053 statements, camt.054 debit notifications and pain.002 payment
// status reports. The values are the ledger's, so its rules
// (Service.ImportBankFile: which payout an entry settles or returns) read
// them as they are; bankfile only decodes the XML.

// BankFileKind is a file's message type, named as ISO 20022 names the message
// definition: "camt.053.001.02", "camt.053.001.08", "camt.054.001.02",
// "camt.054.001.08", "pain.002.001.10". bankfile.Read recognises it from the
// namespace of the file's Document element
// (urn:iso:std:iso:20022:tech:xsd:<kind>).
type BankFileKind string

// The kinds Read takes.
const (
	// BankCamt053v02 is BankToCustomerStatementV02, the statement most Dutch
	// banks have delivered since SEPA (2014).
	BankCamt053v02 BankFileKind = "camt.053.001.02"
	// BankCamt053v08 is BankToCustomerStatementV08, of the 2019 message set the
	// banks move to with pain.001.001.09.
	BankCamt053v08 BankFileKind = "camt.053.001.08"
	// BankCamt054v02 is BankToCustomerDebitCreditNotificationV02: the entries
	// of a day as they are booked, without balances.
	BankCamt054v02 BankFileKind = "camt.054.001.02"
	// BankCamt054v08 is BankToCustomerDebitCreditNotificationV08.
	BankCamt054v08 BankFileKind = "camt.054.001.08"
	// BankPain002v10 is CustomerPaymentStatusReportV10, the EPC's answer to a
	// pain.001.001.09 payment file.
	BankPain002v10 BankFileKind = "pain.002.001.10"
)

// BankFileKinds lists the kinds Read takes, in the order messages name them.
var BankFileKinds = []BankFileKind{BankCamt053v02, BankCamt053v08, BankCamt054v02, BankCamt054v08, BankPain002v10}

// Namespace is the XML namespace of a file of kind k.
func (k BankFileKind) Namespace() string { return ISO20022Namespace + string(k) }

// IsStatement reports whether k is a camt.053 statement (with booked
// balances).
func (k BankFileKind) IsStatement() bool { return k == BankCamt053v02 || k == BankCamt053v08 }

// IsNotification reports whether k is a camt.054 debit or credit
// notification (entries without balances).
func (k BankFileKind) IsNotification() bool { return k == BankCamt054v02 || k == BankCamt054v08 }

// ISO20022Namespace is what every ISO 20022 message's XML namespace starts
// with; the message type follows it.
const ISO20022Namespace = "urn:iso:std:iso:20022:tech:xsd:"

// BankFile is one file as the bank delivered it.
type BankFile struct {
	Kind BankFileKind
	// MessageID is the bank's identification of the file (GrpHdr/MsgId).
	// A bank never reuses it, so the same MessageID is the same file.
	MessageID string
	// CreatedAt is when the bank made the file (GrpHdr/CreDtTm). A time
	// written without a zone is read as Dutch time (Europe/Amsterdam).
	CreatedAt time.Time
	// Statements are the camt.053 statements (Stmt) or camt.054
	// notifications (Ntfctn), in file order; one file may hold several
	// (one per account, or a statement in parts). Nil for pain.002.
	Statements []BankStatement
	// Status is the pain.002 status report; nil for camt files.
	Status *BankStatusReport
}

// BankStatement is one camt.053 statement (Stmt) or camt.054 notification
// (Ntfctn) of one account.
type BankStatement struct {
	// ID is the statement's identification (Stmt/Id, Ntfctn/Id): unique
	// per account at the bank.
	ID string
	// Sequence is the electronic sequence number (ElctrncSeqNb), else the
	// legal sequence number (LglSeqNb); "" when the bank gives neither.
	Sequence string
	// IBAN is the account (Acct/Id/IBAN), upper case without spaces; ""
	// when the account is identified otherwise (Acct/Id/Othr).
	IBAN string
	// Currency is the account's currency (Acct/Ccy, or that of the
	// balances and entries): always "EUR", as Read refuses any other.
	Currency string
	// From and To are the days the statement covers (FrToDt, as days in
	// Amsterdam); without FrToDt, the first and last booking date of its
	// entries; zero when neither is given.
	From, To Date
	// Opening and Closing are the booked balances at the start and end:
	// OPBD (or PRCD, the previous closing booked balance, which some banks
	// give instead) and CLBD. Nil when absent, as always in camt.054.
	Opening, Closing *BankBalance
	// Entries are the statement's entries (Ntry) in file order.
	Entries []BankEntry
}

// BankBalance is a booked balance of a statement (Bal).
type BankBalance struct {
	// Amount is the balance in cents: positive when the bank owes the
	// account holder (CdtDbtInd CRDT), negative for DBIT.
	Amount Cents
	// Date is the balance's day (Dt/Dt, or the day of Dt/DtTm).
	Date Date
}

// BankEntry is one booking on the account (Ntry): a single transfer, a whole
// payment information block booked at once (a batch), a return, a fee.
type BankEntry struct {
	// Ref is the entry's reference: NtryRef, else AcctSvcrRef; "" when
	// the bank gives neither (then the caller names the entry by its
	// statement's ID and its position).
	Ref string
	// BankRef is the bank's own reference of the entry (AcctSvcrRef).
	BankRef string
	// Amount is the entry's amount in cents, never negative (Amt); the
	// direction is in Debit.
	Amount Cents
	// Debit is true for money leaving the account (CdtDbtInd DBIT).
	Debit bool
	// Reversal is true when the entry undoes an earlier one (RvslInd
	// true): a debit reversal is money back, a credit reversal money out.
	Reversal bool
	// Status is BOOK (booked), PDNG (pending) or INFO (for information);
	// camt.053.001.02 writes it as text (Sts), .001.08 as Sts/Cd (or
	// Sts/Prtry). Only BOOK entries change the booked balance.
	Status string
	// BookingDate and ValueDate are the days the entry was booked and
	// takes value (BookgDt, ValDt); zero when absent.
	BookingDate, ValueDate Date
	// Batch is true when the entry books several transfers at once: the
	// bank gives the batch (NtryDtls/Btch, as it does for a block sent
	// with BtchBookg true) and it does not count a single transaction, or
	// the entry carries more than one TxDtls.
	Batch bool
	// Transactions is the number of transfers the entry books: Btch/NbOfTxs
	// when given, else len(Details).
	Transactions int
	// PaymentInfoID is the payment information block the entry books
	// (NtryDtls/Btch/PmtInfId), when the bank gives it; "" otherwise.
	PaymentInfoID string
	// BankTxCode is the bank transaction code: the ISO domain as
	// "PMNT/ICDT/ESCT" (BkTxCd/Domn/Cd, Fmly/Cd, Fmly/SubFmlyCd), else the
	// proprietary code (BkTxCd/Prtry/Cd); "" when absent. PMNT/ICDT/ESCT
	// is an issued SEPA credit transfer, PMNT/RCDT/ESCT a received one,
	// .../RRTN a returned one.
	BankTxCode string
	// Details are the transactions inside the entry (NtryDtls/TxDtls), in
	// file order; empty when the bank books a batch without them.
	Details []BankDetail
}

// BankDetail is one transaction of an entry (TxDtls).
type BankDetail struct {
	// EndToEndID, PaymentInfoID, InstructionID and MessageID are the
	// references of the original transfer (Refs/EndToEndId, PmtInfId,
	// InstrId, MsgId) as the payer sent them; ontschot's EndToEndId is the
	// payout's id. A bank writes "NOTPROVIDED" when the payer gave no
	// EndToEndId; Read keeps it as written.
	EndToEndID, PaymentInfoID, InstructionID, MessageID string
	// Amount is the transaction's amount in cents (AmtDtls/TxAmt/Amt, or
	// TxDtls/Amt in .001.08); 0 when absent.
	Amount Cents
	// Return is the return information (RtrInf) of a returned transfer;
	// nil when there is none.
	Return *BankReturn
}

// BankReturn is why a transfer came back (RtrInf).
type BankReturn struct {
	// Reason is the ISO external return reason code (RtrInf/Rsn/Cd, such
	// as AC04), else the bank's proprietary one (Rsn/Prtry); BankReasonOf
	// explains it.
	Reason string
	// Info is the additional information (AddtlInf), its parts joined by
	// a space.
	Info string
}

// BankStatusReport is a pain.002 payment status report: the bank's answer to a
// payment file as a whole, per block and per transaction.
type BankStatusReport struct {
	// OriginalMessageID is the MsgId of the payment file answered
	// (OrgnlGrpInfAndSts/OrgnlMsgId); ontschot writes its batch id there.
	OriginalMessageID string
	// OriginalKind is the message type answered (OrgnlMsgNmId), such as
	// "pain.001.001.09".
	OriginalKind string
	// GroupStatus is the status of the whole file (GrpSts): ACCP, ACTC,
	// ACSP, ACSC, ACWC, PART, PDNG or RJCT; "" when the bank gives the
	// status per block or transaction only.
	GroupStatus string
	// GroupReason is the reason code of the file's status
	// (OrgnlGrpInfAndSts/StsRsnInf/Rsn/Cd or Prtry); "" when absent.
	GroupReason string
	// Blocks are the statuses of payment information blocks
	// (OrgnlPmtInfAndSts), in file order.
	Blocks []BankBlockStatus
}

// BankBlockStatus is the status of one payment information block of the
// original file (OrgnlPmtInfAndSts).
type BankBlockStatus struct {
	// PaymentInfoID is the block's PmtInfId in the original file
	// (OrgnlPmtInfId).
	PaymentInfoID string
	// Status is the block's status (PmtInfSts); "" when the bank gives
	// the status per transaction only.
	Status string
	// Reason is the reason code of the block's status (StsRsnInf/Rsn/Cd
	// or Prtry); "" when absent.
	Reason string
	// Transactions are the statuses of single transfers (TxInfAndSts).
	Transactions []BankTransactionStatus
}

// BankTransactionStatus is the status of one transfer of the original file
// (TxInfAndSts).
type BankTransactionStatus struct {
	// EndToEndID is the transfer's EndToEndId (OrgnlEndToEndId): the
	// payout's id.
	EndToEndID string
	// Status is the transfer's status (TxSts), such as RJCT.
	Status string
	// Reason is the reason code (StsRsnInf/Rsn/Cd or Prtry); "" when
	// absent.
	Reason string
	// Amount is the transfer's amount in cents
	// (OrgnlTxRef/Amt/InstdAmt), when the bank repeats it; 0 otherwise.
	Amount Cents
}
