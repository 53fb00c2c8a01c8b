package bankfile_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/ontschot/ontschot/ledger/bankfile"
)

// statementOf returns a camt.053.001.08 statement of n single entries, each
// with one transaction, as a month of a busy pot account looks.
func statementOf(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-10-31T05:00:00+01:00</CreDtTm></GrpHdr>
<Stmt><Id>BENCH-1</Id><ElctrncSeqNb>1</ElctrncSeqNb>
<Acct><Id><IBAN>NL35BNGH0285170412</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-09-30</Dt></Dt></Bal>
`)
	for i := range n {
		fmt.Fprintf(&b, `<Ntry><NtryRef>%016d</NtryRef><Amt Ccy="EUR">%d.%02d</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-10-%02d</Dt></BookgDt><ValDt><Dt>2026-10-%02d</Dt></ValDt><AcctSvcrRef>BNG%016d</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><TxDtls><Refs><MsgId>BAT-01KM0000000000000000000001</MsgId><PmtInfId>BAT-01KM0000000000000000000001-1</PmtInfId><EndToEndId>PAY-01KM00000000000000%08d</EndToEndId></Refs>
<Amt Ccy="EUR">%d.%02d</Amt><CdtDbtInd>DBIT</CdtDbtInd><RltdPties><Cdtr><Pty><Nm>Begunstigde %d</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></CdtrAcct></RltdPties>
<RmtInf><Ustrd>Maatwerk Doorbraakfonds %d</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
`, i, 10+i%900, i%100, 1+i%30, 1+i%30, i, i, 10+i%900, i%100, i, i)
	}
	b.WriteString(`</Stmt></BkToCstmrStmt></Document>`)
	return b.Bytes()
}

// BenchmarkRead10000 reads a statement of 10,000 entries (about 8 MB).
func BenchmarkRead10000(b *testing.B) {
	data := statementOf(10_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := bankfile.Read(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if len(f.Statements[0].Entries) != 10_000 {
			b.Fatal("entries lost")
		}
	}
}
