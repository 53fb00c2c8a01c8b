// Package bankfiletest names the bank files in ledger/bankfile/testdata and
// what they hold, so that tests of other packages (the ledger's matching,
// the API, the pages) can import a fixture and build the payouts and
// payment batches it answers: the payout ids that travel as EndToEndId, the
// batch ids that travel as MsgId, the PmtInfIds of their blocks, the
// amounts in cents and the accounts. testdata/README.md tells the story of
// the files.
//
// Every name, account and reference is made up: the IBANs pass the mod-97
// check (ledger.ParseIBAN) but belong to no one known.
package bankfiletest

import (
	"path/filepath"
	"runtime"

	"github.com/ontschot/ontschot/ledger"
)

// The accounts.
const (
	// DebtorIBAN is the pot account the payments leave from: Gemeente
	// Leeuwarden's Doorbraakfonds at BNG Bank.
	DebtorIBAN = "NL35BNGH0285170412"
	// DebtorIBAN2 is a second pot account at the same bank, the second
	// statement of TwoStatements.
	DebtorIBAN2 = "NL13BNGH0285170420"
	// DebtorBIC is BNG Bank's BIC.
	DebtorBIC = "BNGHNL2G"
	// PartnerIBAN is the account a partner's contribution comes from.
	PartnerIBAN = "NL23RABO0390123456"
)

// The payment files (pain.001 MsgId, ontschot's batch id) and their
// blocks (PmtInfId: the batch id and the block's number).
const (
	Batch1 = "BAT-01KM0000000000000000000001"
	// Block1 is BtchBookg true: PayA1, PayA2, PayA3, booked as one debit
	// with the three transactions inside.
	Block1 = Batch1 + "-1"
	// Block1Instant is an instant block (BtchBookg false): PayB1.
	Block1Instant = Batch1 + "-2"

	Batch2 = "BAT-01KM0000000000000000000002"
	// Block2 is BtchBookg true: PayC1 and PayC2, booked as one debit
	// without transaction details.
	Block2 = Batch2 + "-1"

	// Batch3 is answered by the status report Pain002.
	Batch3 = "BAT-01KM0000000000000000000003"
	// Block3Accepted is accepted whole (ACCP): PayD1, PayD2.
	Block3Accepted = Batch3 + "-1"
	// Block3Partial is accepted in part (PART): PayE1 accepted, PayE2
	// rejected with AC01.
	Block3Partial = Batch3 + "-2"
	// Block3Rejected is rejected whole (RJCT, AM04): PayF1.
	Block3Rejected = Batch3 + "-3"

	Batch4 = "BAT-01KM0000000000000000000004"
	// Block4 is booked from DebtorIBAN2 as one debit with two
	// transactions and a Btch without NbOfTxs: PayG1, PayG2.
	Block4 = Batch4 + "-1"
)

// The payouts (EndToEndId) and their amounts in cents.
const (
	PayA1 = "PAY-01KM0000000000000000000A01" // Block1, settled
	PayA2 = "PAY-01KM0000000000000000000A02" // Block1, settled, then returned AC04 (Camt053v08)
	PayA3 = "PAY-01KM0000000000000000000A03" // Block1, settled, then returned AC01 (Camt053v08)
	PayB1 = "PAY-01KM0000000000000000000B01" // Block1Instant, settled singly
	PayC1 = "PAY-01KM0000000000000000000C01" // Block2
	PayC2 = "PAY-01KM0000000000000000000C02" // Block2
	PayD1 = "PAY-01KM0000000000000000000D01" // Block3Accepted
	PayD2 = "PAY-01KM0000000000000000000D02" // Block3Accepted
	PayE1 = "PAY-01KM0000000000000000000E01" // Block3Partial, accepted
	PayE2 = "PAY-01KM0000000000000000000E02" // Block3Partial, rejected AC01
	PayF1 = "PAY-01KM0000000000000000000F01" // Block3Rejected
	PayG1 = "PAY-01KM0000000000000000000G01" // Block4
	PayG2 = "PAY-01KM0000000000000000000G02" // Block4
	// PayUnknown is a payout id ontschot never made: the single debit of
	// TwoStatements' first statement that matches nothing.
	PayUnknown = "PAY-01KM0000000000000000000X99"

	AmountA1 ledger.Cents = 1250_00
	AmountA2 ledger.Cents = 487_35
	AmountA3 ledger.Cents = 2100_00
	AmountB1 ledger.Cents = 640_00
	AmountC1 ledger.Cents = 310_00
	AmountC2 ledger.Cents = 95_50
	AmountD1 ledger.Cents = 150_00
	AmountD2 ledger.Cents = 725_00
	AmountE1 ledger.Cents = 89_95
	AmountE2 ledger.Cents = 1345_00
	AmountF1 ledger.Cents = 560_00
	AmountG1 ledger.Cents = 200_00
	AmountG2 ledger.Cents = 300_00

	AmountBlock1 = AmountA1 + AmountA2 + AmountA3 // 3837.35
	AmountBlock2 = AmountC1 + AmountC2            // 405.50
	AmountBlock4 = AmountG1 + AmountG2            // 500.00

	// AmountContribution is the partner's credit on Camt053v02.
	AmountContribution ledger.Cents = 25000_00
	// AmountCharges is the bank's charge on Camt053v08, reversed on
	// TwoStatements.
	AmountCharges ledger.Cents = 12_50
	// AmountUnknown is the debit of PayUnknown.
	AmountUnknown ledger.Cents = 75_00
)

// The booked balances of DebtorIBAN, statement by statement; each
// statement opens with the previous one's closing balance.
const (
	Opening1 ledger.Cents = 150000_00                                                     // Camt053v02, 2026-10-12
	Closing1              = Opening1 - AmountBlock1 - AmountB1 + AmountContribution       // 170522.65 on 2026-10-13
	Closing2              = Closing1 - AmountBlock2 + AmountA2 + AmountA3 - AmountCharges // 172692.00 on 2026-10-16
	Closing3              = Closing2 + AmountCharges - AmountUnknown                      // 172629.50 on 2026-10-20
	// Opening4 and Closing4 are DebtorIBAN2's balances in TwoStatements.
	Opening4 ledger.Cents = 50000_00
	Closing4              = Opening4 - AmountBlock4 // 49500.00
)

// The fixtures, by file name in testdata.
const (
	Camt053v02    = "camt053_v02.xml"     // statement of 2026-10-13: Block1 (batch with details), PayB1, a contribution
	Camt053v08    = "camt053_v08.xml"     // statement of 2026-10-16: Block2 (batch without details), returns of PayA2 (AC04) and PayA3 (AC01), a charge
	TwoStatements = "camt053_two.xml"     // camt.053.001.02 of 2026-10-20 with two statements: a reversal, PayUnknown; Block4, a pending credit
	Camt054v02    = "camt054_v02.xml"     // notification of Block1, the same entry as in Camt053v02
	Camt054v08    = "camt054_v08.xml"     // notification of PayB1, the same entry as in Camt053v02
	Pain002       = "pain002_v10.xml"     // status report of Batch3: PART; Block3Accepted, PayE2 rejected, Block3Rejected
	Pain001       = "pain001.xml"         // a payment file as ontschot writes it (refused: not the bank's answer)
	Camt052       = "camt052.xml"         // an ISO 20022 account report, a kind ontschot does not read
	Unrelated     = "unrelated.xml"       // an e-invoice (UBL): XML, but no ISO 20022 message
	Malformed     = "malformed.xml"       // a statement whose Ntry is closed by </Stmt> on line 31
	Bomb          = "bomb.xml"            // billion laughs: nested entities
	ExternalXXE   = "external_entity.xml" // a DOCTYPE with an external entity (file:///etc/passwd)
	MT940         = "mt940.txt"           // an MT940 statement, not XML
)

// Path returns the path of the fixture named name (one of the constants
// above) in ledger/bankfile/testdata.
func Path(name string) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("bankfiletest: cannot find the testdata directory")
	}
	return filepath.Join(filepath.Dir(file), "..", "testdata", name)
}
