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
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>%s</EndToEndId></Refs>
     <Amt Ccy="EUR">%s</Amt>
     <CdtDbtInd>%s</CdtDbtInd>
`, k.Ref, k.Amount, ind, k.Booked, k.Booked, parts[0], parts[1], parts[2], k.PayoutID, k.Amount, ind)
		if k.Return != "" {
			fmt.Fprintf(&b, "     <RtrInf><Rsn><Cd>%s</Cd></Rsn></RtrInf>\n", k.Return)
		}
		b.WriteString("    </TxDtls></NtryDtls>\n   </Ntry>\n")
	}
	b.WriteString("  </Stmt>\n </BkToCstmrStmt>\n</Document>\n")
	return []byte(b.String())
}
