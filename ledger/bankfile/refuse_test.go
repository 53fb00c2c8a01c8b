package bankfile_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
)

// stmt is a camt.053.001.02 file with one statement; bal and ntry are put
// in as the statement's balances and entries, account in its Acct.
func stmt(account, bal, ntry string) string {
	if account == "" {
		account = `<Id><IBAN>NL35BNGH0285170412</IBAN></Id><Ccy>EUR</Ccy>`
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-10-14T05:12:44</CreDtTm></GrpHdr>
<Stmt>
<Id>S1</Id>
<Acct>` + account + `</Acct>
` + bal + `
` + ntry + `
</Stmt>
</BkToCstmrStmt>
</Document>
`
}

// entry is an Ntry with amount (the Amt element, or none when "") and
// the rest as given.
func entry(amt, rest string) string {
	return "<Ntry>\n" + amt + "\n" + rest + "\n</Ntry>"
}

const (
	eur    = `<Amt Ccy="EUR">10.00</Amt>`
	booked = `<CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>`
)

type refusal struct {
	name    string
	file    string // a fixture's name, or the file itself
	problem bankfile.Problem
	line    int
	english string // the English sentence, or its start
	dutch   string // a part of the Dutch one
}

var refusals = []refusal{
	{"UTF16WithBOM", "\xff\xfe<\x00?\x00x\x00m\x00l\x00", bankfile.ProblemEncoding, 0,
		"The file is in UTF-16; ontschot reads bank files in UTF-8", "Het bestand is in UTF-16"},
	{"UTF16WithoutBOM", "<\x00D\x00o\x00c\x00", bankfile.ProblemEncoding, 0,
		"The file is in UTF-16", "sla het op als UTF-8"},
	{"Pain001", "@" + bt.Pain001, bankfile.ProblemPayment, 2,
		"Line 2: this is a payment file (pain.001.001.09), such as ontschot writes for the bank, not the bank's answer. Import the bank's status report (pain.002) or the account statement (camt.053) that came back for it.",
		"dit is een betaalbestand (pain.001.001.09), zoals ontschot dat voor de bank maakt, niet het antwoord van de bank"},
	{"OtherISOKind", "@" + bt.Camt052, bankfile.ProblemKind, 2,
		"Line 2: this is an ISO 20022 message of kind camt.052.001.02, which ontschot does not read; it reads camt.053.001.02, camt.053.001.08, camt.054.001.02, camt.054.001.08, pain.002.001.10.",
		"dit is een ISO 20022-bericht van de soort camt.052.001.02, dat ontschot niet leest"},
	{"Unrelated", "@" + bt.Unrelated, bankfile.ProblemNotISO, 2,
		"Line 2: the file is XML but no ISO 20022 bank message: it starts with <Invoice> in namespace urn:oasis:names:specification:ubl:schema:xsd:Invoice-2.",
		"het bestand is XML maar geen ISO 20022-bankbericht"},
	{"NoNamespace", `<Document><BkToCstmrStmt/></Document>`, bankfile.ProblemNotISO, 1,
		"Line 1: the file is XML but no ISO 20022 bank message: it starts with <Document>.",
		"geen ISO 20022-bankbericht"},
	{"Malformed", "@" + bt.Malformed, bankfile.ProblemMalformed, 31,
		"Line 31: the XML is not well-formed: element <Ntry> closed by </Stmt>. The file was damaged or changed by hand: download it from the bank's portal again.",
		"Regel 31: de XML klopt niet"},
	{"CutShort", stmt("", "", "")[:200], bankfile.ProblemMalformed, 5,
		"Line 5: the XML is not well-formed: unexpected EOF.", "Regel 5: de XML klopt niet"},
	{"TextAfterRoot", stmt("", "", "") + "<Document/>", bankfile.ProblemMalformed, 13,
		"Line 13: the XML is not well-formed: element <Document> after the message ends.", "de XML klopt niet"},
	{"NoRoot", `<?xml version="1.0"?>` + "\n<!-- nothing -->\n", bankfile.ProblemMalformed, 3,
		"Line 3: the XML is not well-formed: the file ends before its elements are closed; it is cut short.", "het bestand houdt op"},
	{"Bomb", "@" + bt.Bomb, bankfile.ProblemDoctype, 2,
		"Line 2: the file declares a document type or entities (<!DOCTYPE…>); a bank file never does, and ontschot refuses it, as such a declaration can make a file expand without end or read other files.",
		"documenttype- of entiteitdeclaratie"},
	{"DeepNesting", strings.Replace(stmt("", "", ""), "<Stmt>", "<Stmt><Foo>"+strings.Repeat("<a>", 100)+strings.Repeat("</a>", 100)+"</Foo>", 1), bankfile.ProblemTooDeep, 5,
		"Line 5: the file nests its elements more than 64 deep; a bank file never does.", "meer dan 64 diep"},
	{"ExternalEntity", "@" + bt.ExternalXXE, bankfile.ProblemDoctype, 2,
		"Line 2: the file declares a document type or entities (<!DOCTYPE…>)", "Regel 2: het bestand bevat een documenttype"},
	{"EntityInsideDocument", strings.Replace(stmt("", "", ""), "<Stmt>", "<Stmt>\n<!ENTITY x \"y\">", 1), bankfile.ProblemDoctype, 6,
		"Line 6: the file declares a document type or entities (<!ENTITY…>)", "(<!ENTITY…>)"},
	{"UndeclaredEntity", strings.Replace(stmt("", "", ""), "<Id>S1</Id>", "<Id>&x;</Id>", 1), bankfile.ProblemMalformed, 6,
		"Line 6: the XML is not well-formed: invalid character entity &x;", "de XML klopt niet"},
	{"Empty", " \r\n\t", bankfile.ProblemEmpty, 0, "The file is empty.", "Het bestand is leeg."},
	{"MT940", "@" + bt.MT940, bankfile.ProblemNotXML, 0,
		"This is an MT940 statement; ontschot reads the XML statement camt.053.", "Dit is een MT940-afschrift"},
	{"PDF", "%PDF-1.7\n", bankfile.ProblemNotXML, 0, "The file is not XML.", "Het bestand is geen XML."},
	{"Encoding", `<?xml version="1.0" encoding="EBCDIC-CP-NL"?><Document/>`, bankfile.ProblemEncoding, 1,
		`Line 1: the file declares the character encoding "EBCDIC-CP-NL", which ontschot cannot read.`, "tekenset"},
	{"WrongMessage", strings.ReplaceAll(stmt("", "", ""), "BkToCstmrStmt>", "BkToCstmrAcctRpt>"), bankfile.ProblemMissing, 3,
		"Line 3: a camt.053.001.02 file holds <BkToCstmrStmt> under <Document>, this one <BkToCstmrAcctRpt>.", "heeft <BkToCstmrStmt> onder <Document>"},

	// Required elements.
	{"NoMsgId", strings.Replace(stmt("", "", ""), "<MsgId>M1</MsgId>", "", 1), bankfile.ProblemMissing, 0,
		"The group header has no MsgId, which camt.053.001.02 requires.", "De groepskop (GrpHdr) heeft geen MsgId"},
	{"NoCreDtTm", strings.Replace(stmt("", "", ""), "<CreDtTm>2026-10-14T05:12:44</CreDtTm>", "", 1), bankfile.ProblemMissing, 0,
		"The group header has no CreDtTm, which camt.053.001.02 requires.", "heeft geen CreDtTm"},
	{"NoStatementId", strings.Replace(stmt("", "", ""), "<Id>S1</Id>", "", 1), bankfile.ProblemMissing, 5,
		"Line 5: Statement 1 has no Id, which camt.053.001.02 requires.", "Regel 5: Afschrift 1 heeft geen Id"},
	{"NoStatement", strings.Replace(strings.Replace(stmt("", "", ""), "<Stmt>", "<!-- ", 1), "</Stmt>", " -->", 1), bankfile.ProblemMissing, 0,
		"The file has no Stmt, which camt.053.001.02 requires.", "Het bestand heeft geen Stmt"},
	{"NoGroupHeader", strings.Replace(stmt("", "", ""), "<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-10-14T05:12:44</CreDtTm></GrpHdr>", "", 1), bankfile.ProblemMissing, 0,
		"The file has no GrpHdr", "heeft geen GrpHdr"},
	{"NoAmount", stmt("", "", entry("", booked)), bankfile.ProblemMissing, 9,
		"Line 9: Entry 1 of statement S1 has no Amt (the amount), which camt.053.001.02 requires.", "Regel 9: Boeking 1 van afschrift S1 heeft geen Amt"},
	{"NoCreditDebit", stmt("", "", entry(eur, `<Sts>BOOK</Sts>`)), bankfile.ProblemMissing, 9,
		"Line 9: Entry 1 of statement S1 has no CdtDbtInd (credit or debit), which camt.053.001.02 requires.", "heeft geen CdtDbtInd"},
	{"BadCreditDebit", stmt("", "", entry(eur, `<CdtDbtInd>DEBIT</CdtDbtInd><Sts>BOOK</Sts>`)), bankfile.ProblemValue, 9,
		`Line 9: Entry 1 of statement S1 has CdtDbtInd "DEBIT": it is CRDT (credit) or DBIT (debit).`, "dat is CRDT (bij) of DBIT (af)"},
	{"NoStatus", stmt("", "", entry(eur, `<CdtDbtInd>DBIT</CdtDbtInd>`)), bankfile.ProblemMissing, 9,
		"Line 9: Entry 1 of statement S1 has no Sts (its status, such as BOOK)", "heeft geen Sts"},
	{"NoCurrency", stmt("", "", entry(`<Amt>10.00</Amt>`, booked)), bankfile.ProblemMissing, 9,
		"Line 9: Entry 1 of statement S1 has no Amt/@Ccy (the currency of the amount)", "heeft geen Amt/@Ccy"},
	{"BalanceWithoutDate", stmt("", `<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>`, ""), bankfile.ProblemMissing, 8,
		"Line 8: Balance 1 of statement S1 has no Dt, which camt.053.001.02 requires.", "Saldo 1 van afschrift S1 heeft geen Dt"},

	// Currencies.
	{"DollarEntry", stmt("", "", entry(`<Amt Ccy="USD">10.00</Amt>`, booked)), bankfile.ProblemCurrency, 9,
		"Line 9: Entry 1 of statement S1: Amt is in USD, not in euros. ontschot pays and keeps its pots in euros only: import the statement of the pot's euro account.",
		"Regel 9: Boeking 1 van afschrift S1: Amt is in USD, niet in euro."},
	{"DollarAccount", stmt(`<Id><IBAN>NL35BNGH0285170412</IBAN></Id><Ccy>USD</Ccy>`, "", ""), bankfile.ProblemCurrency, 5,
		"Line 5: Statement S1: the account is in USD, not in euros.", "Afschrift S1: de rekening is in USD, niet in euro."},
	{"DollarDetail", stmt("", "", entry(eur, booked+`<NtryDtls><TxDtls><AmtDtls><TxAmt><Amt Ccy="USD">10.00</Amt></TxAmt></AmtDtls></TxDtls></NtryDtls>`)), bankfile.ProblemCurrency, 11,
		"Line 11: Transaction 1 of entry 1 of statement S1: AmtDtls/TxAmt/Amt is in USD, not in euros.", "Transactie 1 van boeking 1 van afschrift S1"},

	// Amounts.
	{"ThreeDecimals", stmt("", "", entry(`<Amt Ccy="EUR">10.005</Amt>`, booked)), bankfile.ProblemAmount, 9,
		`Line 9: Entry 1 of statement S1 has Amt "10.005": it has 3 decimals, and a euro amount has at most two (whole cents).`, "dat heeft 3 cijfers achter de punt"},
	{"NegativeAmount", stmt("", "", entry(`<Amt Ccy="EUR">-10.00</Amt>`, booked)), bankfile.ProblemAmount, 9,
		`Line 9: Entry 1 of statement S1 has Amt "-10.00": amounts in a bank file are never negative; the direction is in CdtDbtInd.`, "nooit negatief"},
	{"CommaAmount", stmt("", "", entry(`<Amt Ccy="EUR">10,00</Amt>`, booked)), bankfile.ProblemAmount, 9,
		`Line 9: Entry 1 of statement S1 has Amt "10,00": that is no amount; amounts are written as 125.50.`, "dat is geen bedrag"},
	{"ExponentAmount", stmt("", "", entry(`<Amt Ccy="EUR">1e3</Amt>`, booked)), bankfile.ProblemAmount, 9,
		`has Amt "1e3": that is no amount`, "dat is geen bedrag"},
	{"HugeAmount", stmt("", "", entry(`<Amt Ccy="EUR">12345678901234.00</Amt>`, booked)), bankfile.ProblemAmount, 9,
		`has Amt "12345678901234.00": it is larger than any amount a message can carry`, "groter dan enig bedrag"},
	{"EmptyAmount", stmt("", "", entry(`<Amt Ccy="EUR"> </Amt>`, booked)), bankfile.ProblemMissing, 9,
		"Line 9: Entry 1 of statement S1 has no Amt (the amount)", "heeft geen Amt"},

	// Dates.
	{"BookingDateNoDate", stmt("", "", entry(eur, booked+`<BookgDt><Dt>2026-13-01</Dt></BookgDt>`)), bankfile.ProblemDate, 9,
		`Line 9: Entry 1 of statement S1 has BookgDt "2026-13-01": that is no date from 2000 to 2100; dates are written as 2026-10-13 and moments as 2026-10-13T09:30:00+02:00.`, "dat is geen datum van 2000 tot 2100"},
	{"DateTimeNoDate", stmt("", "", entry(eur, booked+`<ValDt><DtTm>13-10-2026 09:00</DtTm></ValDt>`)), bankfile.ProblemDate, 9,
		`has ValDt "13-10-2026 09:00": that is no date`, "geen datum"},
	{"YearZero", stmt("", "", entry(eur, booked+`<ValDt><Dt>0001-01-01</Dt></ValDt>`)), bankfile.ProblemDate, 9,
		`has ValDt "0001-01-01"`, "geen datum"},
	{"CreatedNoDate", strings.Replace(stmt("", "", ""), "2026-10-14T05:12:44", "gisteren", 1), bankfile.ProblemDate, 0,
		`The group header has CreDtTm "gisteren": that is no date`, "De groepskop (GrpHdr) heeft CreDtTm"},
	{"BadReversal", stmt("", "", entry(eur, booked+`<RvslInd>ja</RvslInd>`)), bankfile.ProblemValue, 9,
		`has RvslInd "ja": it is true or false`, "dat is true of false"},

	// pain.002.
	{"Pain002NoOriginalId", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
<GrpHdr><MsgId>R1</MsgId><CreDtTm>2026-10-21T10:03:12+02:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>RJCT</GrpSts></OrgnlGrpInfAndSts>
</CstmrPmtStsRpt></Document>`, bankfile.ProblemMissing, 3,
		"Line 3: The original group information (OrgnlGrpInfAndSts) has no OrgnlMsgId, which pain.002.001.10 requires.", "heeft geen OrgnlMsgId"},
	{"Pain002NoGroup", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
<GrpHdr><MsgId>R1</MsgId><CreDtTm>2026-10-21T10:03:12+02:00</CreDtTm></GrpHdr>
</CstmrPmtStsRpt></Document>`, bankfile.ProblemMissing, 0,
		"The file has no OrgnlGrpInfAndSts, which pain.002.001.10 requires.", "heeft geen OrgnlGrpInfAndSts"},
	{"Pain002NoBlockId", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
<GrpHdr><MsgId>R1</MsgId><CreDtTm>2026-10-21T10:03:12+02:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>B</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts><PmtInfSts>RJCT</PmtInfSts></OrgnlPmtInfAndSts>
</CstmrPmtStsRpt></Document>`, bankfile.ProblemMissing, 4,
		"Line 4: Payment information block 1 (OrgnlPmtInfAndSts) has no OrgnlPmtInfId", "Betaalopdracht 1 (OrgnlPmtInfAndSts) heeft geen OrgnlPmtInfId"},
	{"Pain002DollarAmount", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
<GrpHdr><MsgId>R1</MsgId><CreDtTm>2026-10-21T10:03:12+02:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>B</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>B-1</OrgnlPmtInfId>
<TxInfAndSts><OrgnlEndToEndId>P</OrgnlEndToEndId><TxSts>RJCT</TxSts><OrgnlTxRef><Amt><InstdAmt Ccy="GBP">1.00</InstdAmt></Amt></OrgnlTxRef></TxInfAndSts>
</OrgnlPmtInfAndSts>
</CstmrPmtStsRpt></Document>`, bankfile.ProblemCurrency, 5,
		"Line 5: Transaction 1 of payment information block B-1: OrgnlTxRef/Amt/InstdAmt is in GBP, not in euros.", "Transactie 1 van betaalopdracht B-1"},
}

func TestRefusals(t *testing.T) {
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			var r io.Reader = strings.NewReader(tc.file)
			if name, ok := strings.CutPrefix(tc.file, "@"); ok {
				b, err := os.ReadFile(bt.Path(name))
				if err != nil {
					t.Fatal(err)
				}
				r = bytes.NewReader(b)
			}
			f, err := bankfile.Read(r)
			if err == nil {
				t.Fatalf("read %+v, want refusal", f)
			}
			checkRefusal(t, err, tc)
		})
	}
}

func checkRefusal(t *testing.T, err error, tc refusal) {
	t.Helper()
	var e *bankfile.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is no *bankfile.Error", err, err)
	}
	if e.Problem != tc.problem {
		t.Errorf("Problem = %s, want %s (%s)", e.Problem, tc.problem, e.English)
	}
	if e.Line != tc.line {
		t.Errorf("Line = %d, want %d (%s)", e.Line, tc.line, e.English)
	}
	if !strings.Contains(e.English, tc.english) {
		t.Errorf("English:\n got %s\nwant it to contain %s", e.English, tc.english)
	}
	if !strings.Contains(e.Dutch, tc.dutch) {
		t.Errorf("Dutch:\n got %s\nwant it to contain %s", e.Dutch, tc.dutch)
	}
	if err.Error() != e.English {
		t.Errorf("Error() = %q, want the English sentence", err.Error())
	}
	// A domain error for the API: 400 with the English sentence.
	if got := ledger.ErrorCode(err); got != ledger.EINVALID {
		t.Errorf("ledger.ErrorCode = %s, want %s", got, ledger.EINVALID)
	}
	if got := ledger.ErrorMessage(err); got != e.English {
		t.Errorf("ledger.ErrorMessage = %q, want the English sentence", got)
	}
}

// A file larger than MaxSize is refused before it is parsed: at once when
// the reader knows its size, and after MaxSize+1 bytes otherwise.
func TestTooLarge(t *testing.T) {
	big := make([]byte, bankfile.MaxSize+1)
	copy(big, stmt("", "", ""))
	for i := len(stmt("", "", "")); i < len(big); i++ {
		big[i] = ' '
	}
	tc := refusal{problem: bankfile.ProblemTooLarge,
		english: "The file is 20.0 MiB; ontschot reads bank files of at most 20 MiB. Download the statements over a shorter period (a week, or a day) and import them one by one.",
		dutch:   "Het bestand is 20,0 MiB; ontschot leest bankbestanden van hoogstens 20 MiB."}
	t.Run("SizeKnown", func(t *testing.T) {
		_, err := bankfile.Read(bytes.NewReader(big))
		checkRefusal(t, err, tc)
	})
	t.Run("File", func(t *testing.T) {
		path := t.TempDir() + "/big.xml"
		if err := os.WriteFile(path, big, 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		_, err = bankfile.Read(f)
		checkRefusal(t, err, tc)
	})
	t.Run("Stream", func(t *testing.T) {
		// A reader that cannot say its size, and would go on for ever.
		r := io.MultiReader(strings.NewReader(stmt("", "", "")), endless{})
		_, err := bankfile.Read(r)
		tc := tc
		tc.english = "The file is more than 20 MiB; ontschot reads bank files of at most 20 MiB."
		tc.dutch = "Het bestand is meer dan 20 MiB"
		checkRefusal(t, err, tc)
	})
	t.Run("ExactlyMaxSize", func(t *testing.T) {
		f, err := bankfile.Read(bytes.NewReader(big[:bankfile.MaxSize]))
		if err != nil {
			t.Fatalf("a file of exactly MaxSize bytes: %v", err)
		}
		if f.Statements[0].ID != "S1" {
			t.Fatalf("read %+v", f)
		}
	})
}

// endless is white space without end.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// failing is a reader that breaks: its error is not the file's and is
// returned as it is, for the caller to log.
type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReadError(t *testing.T) {
	_, err := bankfile.Read(failing{})
	var e *bankfile.Error
	if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("err = %v, want the reader's own error", err)
	}
	if ledger.ErrorCode(err) != ledger.EINTERNAL {
		t.Fatalf("code %s, want internal", ledger.ErrorCode(err))
	}
}
