package bankfile_test

import (
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
)

func mustRead(t *testing.T, s string) *bankfile.File {
	t.Helper()
	f, err := bankfile.Read(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// What banks vary in, read the same way.
func TestReadVariants(t *testing.T) {
	t.Run("PrefixedNamespace", func(t *testing.T) {
		s := strings.NewReplacer("<Document xmlns=", "<iso:Document xmlns:iso=", "</Document>", "</iso:Document>").Replace(stmt("", "", ""))
		if f := mustRead(t, s); f.Kind != bankfile.Camt053v02 {
			t.Fatalf("kind %s", f.Kind)
		}
	})
	t.Run("ByteOrderMark", func(t *testing.T) {
		if f := mustRead(t, "\xef\xbb\xbf"+stmt("", "", "")); f.MessageID != "M1" {
			t.Fatalf("read %+v", f)
		}
	})
	t.Run("Latin1", func(t *testing.T) {
		// A bank's older system writing ISO-8859-1: the é arrives as one
		// byte and is read as é.
		s := strings.Replace(stmt("", "", ""), `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1)
		s = strings.Replace(s, "<Id>S1</Id>", "<Id>Afschrift-é</Id>", 1)
		latin, err := charmap.ISO8859_1.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		if f := mustRead(t, latin); f.Statements[0].ID != "Afschrift-é" {
			t.Fatalf("id %q", f.Statements[0].ID)
		}
	})
	t.Run("InvalidUTF8", func(t *testing.T) {
		_, err := bankfile.Read(strings.NewReader(strings.Replace(stmt("", "", ""), "S1", "S\xe91", 1)))
		checkRefusal(t, err, refusal{problem: bankfile.ProblemMalformed, line: 6, english: "Line 6: the XML is not well-formed: invalid UTF-8", dutch: "de XML klopt niet"})
	})
	t.Run("Balances", func(t *testing.T) {
		// PRCD opens when there is no OPBD; an OPBD after it wins; a
		// debit balance is negative; a date may carry a zone.
		b := func(code, amt, cd, dt string) string {
			return `<Bal><Tp><CdOrPrtry><Cd>` + code + `</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + amt + `</Amt><CdtDbtInd>` + cd + `</CdtDbtInd><Dt><Dt>` + dt + `</Dt></Dt></Bal>`
		}
		f := mustRead(t, stmt("", b("PRCD", "5.00", "CRDT", "2026-10-12")+b("OPBD", "7.25", "DBIT", "2026-10-12+02:00")+b("CLBD", "+0.10", "DBIT", "2026-10-13Z")+b("CLBD", "9.99", "CRDT", "2026-10-13"), ""))
		st := f.Statements[0]
		if *st.Opening != (bankfile.Balance{Amount: -725, Date: day(12)}) || *st.Closing != (bankfile.Balance{Amount: -10, Date: day(13)}) {
			t.Fatalf("opening %+v closing %+v", *st.Opening, *st.Closing)
		}
		f = mustRead(t, stmt("", b("PRCD", "5.00", "CRDT", "2026-10-12"), ""))
		if st := f.Statements[0]; *st.Opening != (bankfile.Balance{Amount: 500, Date: day(12)}) || st.Closing != nil {
			t.Fatalf("opening %+v closing %+v", st.Opening, st.Closing)
		}
	})
	t.Run("Entries", func(t *testing.T) {
		single := entry(eur, booked+`<NtryDtls><Btch><PmtInfId>B-2</PmtInfId><NbOfTxs>1</NbOfTxs></Btch><TxDtls><Refs><EndToEndId>P1</EndToEndId></Refs></TxDtls></NtryDtls>`)
		parts := entry(eur, booked+`<NtryDtls><Btch><PmtInfId>B-3</PmtInfId><NbOfTxs>2</NbOfTxs></Btch></NtryDtls><NtryDtls><Btch><PmtInfId>B-4</PmtInfId><NbOfTxs>3</NbOfTxs></Btch></NtryDtls>`)
		batchNoCount := entry(eur, booked+`<NtryDtls><Btch><PmtInfId>B-5</PmtInfId></Btch></NtryDtls>`)
		twoDetails := entry(eur, booked+`<NtryDtls><TxDtls><Refs><EndToEndId>P1</EndToEndId></Refs><Amt Ccy="EUR">4.00</Amt><AmtDtls><TxAmt><Amt Ccy="EUR">4.50</Amt></TxAmt></AmtDtls></TxDtls><TxDtls><Refs><EndToEndId>P2</EndToEndId></Refs></TxDtls></NtryDtls>`)
		prtry := entry(eur, `<CdtDbtInd>CRDT</CdtDbtInd><RvslInd>1</RvslInd><Sts><Prtry>HOLD</Prtry></Sts><AcctSvcrRef> R9 </AcctSvcrRef><RtrInf/>`)
		ret := entry(eur, `<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><NtryDtls><TxDtls><RtrInf><Rsn><Prtry>X1</Prtry></Rsn></RtrInf></TxDtls></NtryDtls>`)
		f := mustRead(t, stmt("", "", single+parts+batchNoCount+twoDetails+prtry+ret))
		e := f.Statements[0].Entries
		check := func(i int, batch bool, txs int, pmtInf string) {
			t.Helper()
			if e[i].Batch != batch || e[i].Transactions != txs || e[i].PaymentInfoID != pmtInf {
				t.Errorf("entry %d: batch %v, %d transactions, block %q; want %v, %d, %q", i+1, e[i].Batch, e[i].Transactions, e[i].PaymentInfoID, batch, txs, pmtInf)
			}
		}
		check(0, false, 1, "B-2") // a Btch of one is a single booking
		check(1, true, 5, "B-3")  // counts of several Btch add up; the first block names it
		check(2, true, 0, "B-5")  // a batch without a count
		check(3, true, 2, "")     // two details make a batch
		if d := e[3].Details[0]; d.Amount != 450 {
			t.Errorf("TxAmt goes before Amt: %s", d.Amount)
		}
		if d := e[3].Details[1]; d.Amount != 0 {
			t.Errorf("a detail without amount: %s", d.Amount)
		}
		if e[4].Status != "HOLD" || !e[4].Reversal || e[4].Ref != "R9" || e[4].BankRef != "R9" || e[4].Debit {
			t.Errorf("entry 5: %+v", e[4])
		}
		if r := e[5].Details[0].Return; r == nil || *r != (bankfile.Return{Reason: "X1"}) {
			t.Errorf("entry 6: return %+v", r)
		}
	})
	t.Run("Pain002GroupRejected", func(t *testing.T) {
		f := mustRead(t, `<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
<GrpHdr><MsgId>R1</MsgId><CreDtTm>2026-10-21T10:03:12</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>BAT-1</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>RJCT</GrpSts>
<StsRsnInf><Rsn><Cd>FF01</Cd></Rsn><AddtlInf>SCHEMA</AddtlInf></StsRsnInf></OrgnlGrpInfAndSts>
</CstmrPmtStsRpt></Document>`)
		want := bankfile.StatusReport{OriginalMessageID: "BAT-1", OriginalKind: "pain.001.001.09", GroupStatus: "RJCT", GroupReason: "FF01"}
		if f.Status == nil || f.Status.OriginalMessageID != want.OriginalMessageID || f.Status.GroupReason != "FF01" || f.Status.GroupStatus != "RJCT" || len(f.Status.Blocks) != 0 || f.Statements != nil {
			t.Fatalf("status %+v", f.Status)
		}
	})
	t.Run("Kinds", func(t *testing.T) {
		for _, k := range bankfile.Kinds {
			statement, notification := strings.HasPrefix(string(k), "camt.053."), strings.HasPrefix(string(k), "camt.054.")
			if k.Namespace() != "urn:iso:std:iso:20022:tech:xsd:"+string(k) || k.IsStatement() != statement || k.IsNotification() != notification {
				t.Errorf("kind %s: namespace %s, statement %v, notification %v", k, k.Namespace(), k.IsStatement(), k.IsNotification())
			}
		}
	})
}

// The codes the issue and the EPC's SCT R-transactions name are all
// explained, in both languages, saying what to do.
func TestReasons(t *testing.T) {
	need := strings.Fields("AC01 AC04 AC06 AC13 AG01 AG02 AM04 AM05 AM09 BE04 BE05 CNOR DNOR CURR CUST DUPL ED05 ERIN FF01 FOCR FRAD MD01 MD06 MD07 MS02 MS03 NARR RC01 RR01 RR02 RR03 RR04 SL01 TECH TM01")
	codes := bankfile.Codes()
	for _, c := range need {
		if !slices.Contains(codes, c) {
			t.Errorf("%s is not explained", c)
		}
	}
	for _, c := range codes {
		r := bankfile.ReasonOf(c)
		if r.Code != c || len(r.English) < 40 || len(r.Dutch) < 40 || !strings.HasSuffix(r.English, ".") || !strings.HasSuffix(r.Dutch, ".") {
			t.Errorf("%s: %+v", c, r)
		}
	}
	if got := bankfile.ReasonOf(" ac04 ").Dutch; !strings.HasPrefix(got, "De rekening is opgeheven. Vraag de bewoner of begunstigde om het juiste, lopende rekeningnummer") {
		t.Errorf("AC04 in Dutch: %s", got)
	}
	u := bankfile.ReasonOf("ZZ99")
	if u.Code != "ZZ99" || !strings.Contains(u.English, "ZZ99") || !strings.Contains(u.Dutch, "ZZ99") {
		t.Errorf("unknown code: %+v", u)
	}
	if e := bankfile.ReasonOf(""); e.Code != "" || e.Dutch == "" {
		t.Errorf("no code: %+v", e)
	}
}

// FuzzRead: Read never panics, refuses with an *Error or reads values
// that keep the package's promises, and allocates in proportion to its
// input: no entity or trick makes a small file cost much memory.
func FuzzRead(f *testing.F) {
	for _, name := range fixtureNames {
		f.Add(readBytes(f, name))
	}
	f.Add([]byte(stmt("", "", entry(eur, booked))))
	f.Add([]byte(`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt/></Document>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		file, err := bankfile.Read(strings.NewReader(string(data)))
		runtime.ReadMemStats(&after)
		// A bound far above what reading needs (about 20 bytes per byte
		// of a file of tiny elements) and far below any expansion.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200*uint64(len(data))+1<<20 {
			t.Fatalf("reading %d bytes allocated %d", len(data), alloc)
		}
		if err != nil {
			var e *bankfile.Error
			if !asError(err, &e) || e.English == "" || e.Dutch == "" || ledger.ErrorCode(err) != ledger.EINVALID {
				t.Fatalf("error %v (%T) is not a refusal in two languages", err, err)
			}
			return
		}
		if file.MessageID == "" || !slices.Contains(bankfile.Kinds, file.Kind) || (file.Status == nil) == (file.Kind == bankfile.Pain002v10) {
			t.Fatalf("file %+v", file)
		}
		for _, st := range file.Statements {
			if st.ID == "" || st.Currency != "EUR" {
				t.Fatalf("statement %+v", st)
			}
			for _, e := range st.Entries {
				if e.Amount < 0 || e.Status == "" {
					t.Fatalf("entry %+v", e)
				}
				for _, d := range e.Details {
					if d.Amount < 0 {
						t.Fatalf("detail %+v", d)
					}
				}
			}
		}
	})
}
