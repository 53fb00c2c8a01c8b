package bankfiletest

import (
	"fmt"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// Booking is one entry of a statement Statement writes: a debit that pays
// a payout, or money back for one (Return set: its reason code).
type Booking struct {
	Ref      string
	PayoutID ledger.PayoutID
	Amount   ledger.Cents
	Debit    bool
	Return   string
	Booked   ledger.Date
	// Block, when set, makes the entry a batch booking of that payment
	// information block (NtryDtls/Btch/PmtInfId) without transactions;
	// PayoutID is then not written.
	Block string
}

// Statement writes a camt.053.001.08 statement of the account iban with
// the bookings, booked BOOK, each naming its payout as EndToEndId: for a
// test that needs the bank's answer to payouts it made itself, whose ids
// the fixtures cannot know. The balances are left out (the statement is
// not for a reconciliation).
func Statement(iban, id string, bookings ...Booking) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>TEST-%s</MsgId><CreDtTm>2026-10-17T05:10:02+02:00</CreDtTm></GrpHdr>
  <Stmt>
   <Id>%s</Id>
   <Acct><Id><IBAN>%s</IBAN></Id><Ccy>EUR</Ccy></Acct>
`, id, id, iban)
	for _, k := range bookings {
		ind, code := "CRDT", "PMNT/RCDT/RRTN"
		if k.Debit {
			ind, code = "DBIT", "PMNT/ICDT/ESCT"
		}
		parts := strings.Split(code, "/")
		fmt.Fprintf(&b, `   <Ntry>
    <NtryRef>%s</NtryRef>
    <Amt Ccy="EUR">%s</Amt>
    <CdtDbtInd>%s</CdtDbtInd>
    <Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><Dt>%s</Dt></BookgDt>
    <ValDt><Dt>%s</Dt></ValDt>
    <BkTxCd><Domn><Cd>%s</Cd><Fmly><Cd>%s</Cd><SubFmlyCd>%s</SubFmlyCd></Fmly></Domn></BkTxCd>
`, k.Ref, k.Amount, ind, k.Booked, k.Booked, parts[0], parts[1], parts[2])
		if k.Block != "" {
			fmt.Fprintf(&b, "    <NtryDtls><Btch><PmtInfId>%s</PmtInfId></Btch></NtryDtls>\n   </Ntry>\n", k.Block)
			continue
		}
		fmt.Fprintf(&b, `    <NtryDtls><TxDtls>
     <Refs><EndToEndId>%s</EndToEndId></Refs>
     <Amt Ccy="EUR">%s</Amt>
     <CdtDbtInd>%s</CdtDbtInd>
`, k.PayoutID, k.Amount, ind)
		if k.Return != "" {
			fmt.Fprintf(&b, "     <RtrInf><Rsn><Cd>%s</Cd></Rsn></RtrInf>\n", k.Return)
		}
		b.WriteString("    </TxDtls></NtryDtls>\n   </Ntry>\n")
	}
	b.WriteString("  </Stmt>\n </BkToCstmrStmt>\n</Document>\n")
	return []byte(b.String())
}

// BalancedStatement writes Statement's statement with the days it covers
// (FrToDt, from the start of from to the end of to) and its opening and
// closing booked balances (OPBD on the day before from, CLBD on to), for
// a test of the reconciliation. A negative balance is written DBIT.
func BalancedStatement(iban, id string, from, to ledger.Date, opening, closing ledger.Cents, bookings ...Booking) []byte {
	bal := func(code string, amount ledger.Cents, day ledger.Date) string {
		ind := "CRDT"
		if amount < 0 {
			ind, amount = "DBIT", -amount
		}
		return fmt.Sprintf("   <Bal><Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>\n",
			code, amount, ind, day)
	}
	s := string(Statement(iban, id, bookings...))
	days := fmt.Sprintf("   <FrToDt><FrDtTm>%sT00:00:00+01:00</FrDtTm><ToDtTm>%sT23:59:59+01:00</ToDtTm></FrToDt>\n", from, to)
	s = strings.Replace(s, "   <Acct>", days+"   <Acct>", 1)
	acct := "<Ccy>EUR</Ccy></Acct>\n"
	s = strings.Replace(s, acct, acct+bal("OPBD", opening, from.AddDays(-1))+bal("CLBD", closing, to), 1)
	return []byte(s)
}
