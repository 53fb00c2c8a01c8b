package bankfile

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/ontschot/ontschot/ledger"
	"golang.org/x/text/encoding/charmap"
)

// Read reads one bank file: a camt.053 statement, a camt.054 notification
// or a pain.002 status report, recognised by the namespace of its Document
// element. It reads at most MaxSize bytes.
//
// Errors: an *Error (which unwraps to a ledger.Error with code EINVALID)
// when the file is larger than MaxSize (refused before it is parsed), empty,
// not XML, not well-formed (with the line), declares a DOCTYPE or an entity
// (refused outright, so no entity can expand into a billion laughs or fetch
// a file: an ISO 20022 message never needs one), is of a kind Read does not
// take (a pain.001 is named as ontschot's own payment file), or holds a
// value that the message definition does not allow: an amount in another
// currency than EUR, with more than two decimals or negative, a required
// element missing (GrpHdr/MsgId and CreDtTm, Stmt/Id, an entry's Amt,
// CdtDbtInd and Sts, OrgnlMsgId, OrgnlPmtInfId), a date that is no date.
// Any other error is r's own, wrapped.
func Read(r io.Reader) (*File, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return parse(data)
}

// readAll reads r whole, refusing it as soon as it is known to be larger
// than MaxSize: at once when r can say its size, else after MaxSize+1
// bytes. The buffer grows by doubling but never beyond MaxSize+1 bytes, so
// a reader without end costs at most twice that in all.
func readAll(r io.Reader) ([]byte, error) {
	var size int64 = -1
	switch v := r.(type) {
	case interface{ Len() int }: // bytes.Reader, bytes.Buffer, strings.Reader
		size = int64(v.Len())
	case *os.File:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	if size > MaxSize {
		return nil, tooLarge(size)
	}
	const limit = MaxSize + 1
	capacity := int64(64 << 10)
	if size >= 0 {
		capacity = size + 1 // one more, to see the end (or a file that grew)
	}
	buf := make([]byte, 0, min(capacity, limit))
	for {
		if len(buf) == cap(buf) {
			if len(buf) >= limit {
				return nil, tooLarge(-1)
			}
			nb := make([]byte, len(buf), min(max(2*cap(buf), 4096), limit))
			copy(nb, buf)
			buf = nb
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bankfile: reading the file: %w", err)
		}
	}
	if len(buf) > MaxSize {
		return nil, tooLarge(-1)
	}
	return buf, nil
}

// tooLarge refuses a file of size bytes (-1: unknown, more than MaxSize).
func tooLarge(size int64) *Error {
	en, nl := "more than 20 MiB", "meer dan 20 MiB"
	if size > 0 {
		mib := fmt.Sprintf("%.1f", float64(size)/(1<<20)) // a size in a sentence, not money
		en, nl = mib+" MiB", strings.Replace(mib, ".", ",", 1)+" MiB"
	}
	return newError(ProblemTooLarge, 0,
		fmt.Sprintf("The file is %s; ontschot reads bank files of at most 20 MiB. Download the statements over a shorter period (a week, or a day) and import them one by one.", en),
		fmt.Sprintf("Het bestand is %s; ontschot leest bankbestanden van hoogstens 20 MiB. Download de afschriften over een kortere periode (een week of een dag) en lees ze een voor een in.", nl))
}

// parse reads a file held in memory.
func parse(data []byte) (*File, error) {
	if utf16(data) {
		return nil, newError(ProblemEncoding, 0,
			"The file is in UTF-16; ontschot reads bank files in UTF-8 (as banks deliver them). Download the file from the bank's portal again, or save it as UTF-8, without opening it in an editor that changes its encoding.",
			"Het bestand is in UTF-16; ontschot leest bankbestanden in UTF-8, zoals de bank ze levert. Download het bestand opnieuw uit het portaal van de bank, of sla het op als UTF-8, zonder het te openen in een programma dat de codering verandert.")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark, as Windows tools write
	start := bytes.TrimLeft(data, " \t\r\n")
	if len(start) == 0 {
		return nil, newError(ProblemEmpty, 0,
			"The file is empty. Download the statement or status report from the bank's portal again.",
			"Het bestand is leeg. Download het afschrift of de statusmelding opnieuw uit het portaal van de bank.")
	}
	if start[0] != '<' {
		return nil, notXML(start)
	}
	inner := xml.NewDecoder(bytes.NewReader(data))
	inner.Strict = true
	inner.CharsetReader = charsetReader
	g := &guard{d: inner, lines: map[string][]int{}}
	p := &parser{d: xml.NewTokenDecoder(g), g: g}
	f, err := p.file()
	if err != nil {
		return nil, p.explain(err)
	}
	return f, nil
}

// utf16 reports whether data is UTF-16: a UTF-16 byte order mark, or XML
// whose first character is followed by a zero byte (or preceded by one),
// as a Windows editor saves "Unicode" text.
func utf16(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return true
	}
	return len(data) >= 2 && ((data[0] == '<' && data[1] == 0) || (data[0] == 0 && data[1] == '<'))
}

// notXML refuses a file that does not start with '<'; an MT940 statement,
// which Dutch banks still deliver beside camt.053, gets its own advice.
func notXML(start []byte) *Error {
	if bytes.HasPrefix(start, []byte(":20:")) || bytes.HasPrefix(start, []byte("{1:")) || bytes.HasPrefix(start, []byte(":940:")) {
		return newError(ProblemNotXML, 0,
			"This is an MT940 statement; ontschot reads the XML statement camt.053. Choose camt.053 (XML) as the format when you download the statement from the bank's portal.",
			"Dit is een MT940-afschrift; ontschot leest het XML-afschrift camt.053. Kies camt.053 (XML) als formaat wanneer u het afschrift uit het portaal van de bank downloadt.")
	}
	return newError(ProblemNotXML, 0,
		"The file is not XML. Import the bank's camt.053 statement, camt.054 notification or pain.002 status report as the bank delivers it (a file ending in .xml), not a PDF or spreadsheet.",
		"Het bestand is geen XML. Lees het camt.053-afschrift, de camt.054-melding of de pain.002-statusmelding in zoals de bank die levert (een bestand dat eindigt op .xml), geen pdf of spreadsheet.")
}

// charsetReader lets the decoder read the single-byte encodings a bank's
// older systems may declare; UTF-8 needs none. Another encoding is refused.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "us-ascii", "ascii":
		return input, nil // a subset of UTF-8
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
		return charmap.ISO8859_1.NewDecoder().Reader(input), nil
	case "iso-8859-15", "iso8859-15", "latin9", "latin-9":
		return charmap.ISO8859_15.NewDecoder().Reader(input), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(input), nil
	}
	return nil, errorf(ProblemEncoding, 1,
		"Line 1: the file declares the character encoding %q, which ontschot cannot read. Ask the bank for the file in UTF-8, the encoding ISO 20022 messages use.",
		"Regel 1: het bestand geeft de tekenset %q op, die ontschot niet kan lezen. Vraag de bank om het bestand in UTF-8, de tekenset van ISO 20022-berichten.",
		label)
}

// guard is the only way tokens reach the parser: it refuses a directive
// (<!DOCTYPE …>, <!ENTITY …>) wherever it stands, before anything it
// declares could be used, and records the line of each element whose
// problems name a line.
type guard struct {
	d     *xml.Decoder
	lines map[string][]int // by local name: the line of each start tag, in order
	depth int              // elements open
}

// MaxDepth is how deep Read lets elements nest. The deepest path of the
// messages it reads (an entry's return reason in a camt.053) is 11 deep
// below the document element; a file nested far deeper is no bank file,
// and millions of nested elements would cost the decoder a gigabyte.
const MaxDepth = 64

// lineNames are the elements whose lines are recorded.
var lineNames = []string{"Stmt", "Ntfctn", "Bal", "Ntry", "TxDtls", "OrgnlGrpInfAndSts", "OrgnlPmtInfAndSts", "TxInfAndSts"}

// Token returns the next token, or an *Error for a directive.
func (g *guard) Token() (xml.Token, error) {
	t, err := g.d.Token()
	if err != nil {
		return nil, err
	}
	switch v := t.(type) {
	case xml.Directive:
		// The decoder is past the directive's end; name the line it
		// starts on.
		line, _ := g.d.InputPos()
		line -= bytes.Count(v, []byte("\n"))
		return nil, newError(ProblemDoctype, line,
			fmt.Sprintf("Line %d: the file declares a document type or entities (<!%s…>); a bank file never does, and ontschot refuses it, as such a declaration can make a file expand without end or read other files. Download the file from the bank's portal again; do not open and save it in another program first.", line, firstWord(v)),
			fmt.Sprintf("Regel %d: het bestand bevat een documenttype- of entiteitdeclaratie (<!%s…>); een bankbestand heeft die nooit, en ontschot weigert het, omdat zo'n declaratie een bestand eindeloos kan laten uitdijen of andere bestanden kan lezen. Download het bestand opnieuw uit het portaal van de bank, zonder het eerst in een ander programma te openen en op te slaan.", line, firstWord(v)))
	case xml.StartElement:
		if g.depth++; g.depth > MaxDepth {
			line, _ := g.d.InputPos()
			return nil, errorf(ProblemTooDeep, line,
				"Line %d: the file nests its elements more than %d deep; a bank file never does. Download the statement or status report from the bank's portal again.",
				"Regel %d: het bestand nest zijn elementen meer dan %d diep; een bankbestand doet dat nooit. Download het afschrift of de statusmelding opnieuw uit het portaal van de bank.",
				line, MaxDepth)
		}
		if slices.Contains(lineNames, v.Name.Local) {
			line, _ := g.d.InputPos()
			g.lines[v.Name.Local] = append(g.lines[v.Name.Local], line)
		}
	case xml.EndElement:
		g.depth--
	}
	return t, nil
}

// firstWord is a directive's keyword (DOCTYPE, ENTITY), at most 10 bytes.
func firstWord(d xml.Directive) string {
	w, _, _ := strings.Cut(strings.TrimSpace(string(d)), " ")
	if len(w) > 10 || strings.ContainsFunc(w, func(r rune) bool { return r < 'A' || r > 'Z' }) {
		return "…"
	}
	return w
}

// line returns the line of the n-th (from 0) element named name, or 0.
func (g *guard) line(name string, n int) int {
	if l := g.lines[name]; n >= 0 && n < len(l) {
		return l[n]
	}
	return 0
}

// parser walks a file's elements, decoding each part it reads into the
// types of xml.go and converting it at once.
type parser struct {
	d    *xml.Decoder
	g    *guard
	kind Kind
	// The number of elements of each kind seen so far, to find their
	// lines in g.lines.
	nStmt, nBal, nNtry, nTx, nBlock, nTxSts int
}

// explain turns a decoder's error into an *Error with the line; an *Error
// passes as it is.
func (p *parser) explain(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var se *xml.SyntaxError
	line, _ := p.g.d.InputPos()
	msg := err.Error()
	if errors.As(err, &se) {
		line, msg = se.Line, se.Msg
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errorf(ProblemMalformed, line,
			"Line %d: the XML is not well-formed: the file ends before its elements are closed; it is cut short. Download it from the bank's portal again.",
			"Regel %d: de XML klopt niet: het bestand houdt op voordat alle elementen zijn gesloten; het is afgebroken. Download het opnieuw uit het portaal van de bank.",
			line)
	}
	return newError(ProblemMalformed, line,
		fmt.Sprintf("Line %d: the XML is not well-formed: %s. The file was damaged or changed by hand: download it from the bank's portal again.", line, msg),
		fmt.Sprintf("Regel %d: de XML klopt niet (%s). Het bestand is beschadigd of met de hand veranderd: download het opnieuw uit het portaal van de bank.", line, msg))
}

// messageElement is the element under Document that holds each kind's
// message, as the message definitions name it.
var messageElement = map[Kind]string{
	Camt053v02: "BkToCstmrStmt",
	Camt053v08: "BkToCstmrStmt",
	Camt054v02: "BkToCstmrDbtCdtNtfctn",
	Camt054v08: "BkToCstmrDbtCdtNtfctn",
	Pain002v10: "CstmrPmtStsRpt",
}

// file reads the whole document.
func (p *parser) file() (*File, error) {
	root, err := p.next()
	if err != nil {
		return nil, err
	}
	line, _ := p.g.d.InputPos()
	if err := p.recognise(root, line); err != nil {
		return nil, err
	}
	msg, err := p.next()
	if err != nil {
		return nil, err
	}
	if msg.Name.Local != messageElement[p.kind] {
		line, _ := p.g.d.InputPos()
		return nil, errorf(ProblemMissing, line,
			"Line %d: a %s file holds <%s> under <Document>, this one <%s>. "+adviceEN,
			"Regel %d: een %s-bestand heeft <%s> onder <Document>, dit <%s>. "+adviceNL,
			line, p.kind, messageElement[p.kind], msg.Name.Local)
	}
	f := &File{Kind: p.kind}
	if p.kind == Pain002v10 {
		f.Status = &StatusReport{}
	}
	var header, group bool
	for {
		t, err := p.d.Token()
		if err != nil {
			return nil, err
		}
		if _, ok := t.(xml.EndElement); ok {
			break // </msg>: the decoder checked it matches
		}
		se, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case se.Name.Local == "GrpHdr":
			if err := p.groupHeader(f, se); err != nil {
				return nil, err
			}
			header = true
		case se.Name.Local == "Stmt" && p.kind.IsStatement(), se.Name.Local == "Ntfctn" && p.kind.IsNotification():
			st, err := p.statement(se, len(f.Statements))
			if err != nil {
				return nil, err
			}
			f.Statements = append(f.Statements, st)
		case se.Name.Local == "OrgnlGrpInfAndSts" && p.kind == Pain002v10:
			if err := p.originalGroup(f.Status, se); err != nil {
				return nil, err
			}
			group = true
		case se.Name.Local == "OrgnlPmtInfAndSts" && p.kind == Pain002v10:
			b, err := p.block(se, len(f.Status.Blocks))
			if err != nil {
				return nil, err
			}
			f.Status.Blocks = append(f.Status.Blocks, b)
		default:
			if err := p.d.Skip(); err != nil {
				return nil, err
			}
		}
	}
	// The rest must be well-formed too: </Document> and nothing after it
	// but comments and white space. (encoding/xml on its own would take a
	// second root element after the first.)
	for {
		t, err := p.d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch v := t.(type) {
		case xml.StartElement:
			line, _ := p.g.d.InputPos()
			return nil, &xml.SyntaxError{Msg: fmt.Sprintf("element <%s> after the message ends", v.Name.Local), Line: line}
		case xml.CharData:
			if len(bytes.TrimSpace(v)) > 0 {
				line, _ := p.g.d.InputPos()
				return nil, &xml.SyntaxError{Msg: "text after the message ends", Line: line}
			}
		}
	}
	switch {
	case !header:
		return nil, p.missing(0, "the file", "het bestand", "GrpHdr")
	case p.kind.IsStatement() && len(f.Statements) == 0:
		return nil, p.missing(0, "the file", "het bestand", "Stmt")
	case p.kind.IsNotification() && len(f.Statements) == 0:
		return nil, p.missing(0, "the file", "het bestand", "Ntfctn")
	case p.kind == Pain002v10 && !group:
		return nil, p.missing(0, "the file", "het bestand", "OrgnlGrpInfAndSts")
	}
	return f, nil
}

// next returns the next start element, skipping the XML declaration,
// comments and white space; io.EOF before it is a file cut short.
func (p *parser) next() (xml.StartElement, error) {
	for {
		t, err := p.d.Token()
		if err == io.EOF {
			return xml.StartElement{}, io.ErrUnexpectedEOF
		}
		if err != nil {
			return xml.StartElement{}, err
		}
		switch v := t.(type) {
		case xml.StartElement:
			return v, nil
		case xml.CharData:
			if len(bytes.TrimSpace(v)) > 0 {
				line, _ := p.g.d.InputPos()
				return xml.StartElement{}, &xml.SyntaxError{Msg: "text outside an element", Line: line}
			}
		}
	}
}

// recognise sets the parser's kind from the root element, or refuses the
// file naming what it is and the kinds taken.
func (p *parser) recognise(root xml.StartElement, line int) error {
	ns := root.Name.Space
	kind, iso := strings.CutPrefix(ns, ledger.ISO20022Namespace)
	if !iso || root.Name.Local != "Document" {
		what := fmt.Sprintf("<%s>", root.Name.Local)
		if ns != "" {
			what = fmt.Sprintf("<%s> in namespace %s", root.Name.Local, ns)
		}
		return errorf(ProblemNotISO, line,
			"Line %d: the file is XML but no ISO 20022 bank message: it starts with %s. ontschot reads %s, whose <Document> element names its kind (xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"). Download the statement or status report from the bank's portal in one of these formats.",
			"Regel %d: het bestand is XML maar geen ISO 20022-bankbericht: het begint met %s. ontschot leest %s, waarvan het element <Document> de soort noemt (xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"). Download het afschrift of de statusmelding in een van die formaten uit het portaal van de bank.",
			line, what, kindList())
	}
	if slices.Contains(Kinds, Kind(kind)) {
		p.kind = Kind(kind)
		return nil
	}
	if strings.HasPrefix(kind, "pain.001.") {
		return errorf(ProblemPayment, line,
			"Line %d: this is a payment file (%s), such as ontschot writes for the bank, not the bank's answer. Import the bank's status report (pain.002) or the account statement (camt.053) that came back for it.",
			"Regel %d: dit is een betaalbestand (%s), zoals ontschot dat voor de bank maakt, niet het antwoord van de bank. Lees de statusmelding (pain.002) of het rekeningafschrift (camt.053) in dat de bank erop terugstuurde.",
			line, kind)
	}
	return errorf(ProblemKind, line,
		"Line %d: this is an ISO 20022 message of kind %s, which ontschot does not read; it reads %s. Download the statement or status report from the bank's portal in one of these formats.",
		"Regel %d: dit is een ISO 20022-bericht van de soort %s, dat ontschot niet leest; het leest %s. Download het afschrift of de statusmelding in een van die formaten uit het portaal van de bank.",
		line, kind, kindList())
}

// kindList names the kinds taken: "camt.053.001.02, …, pain.002.001.10".
func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// groupHeader reads GrpHdr: the file's MsgId and CreDtTm, both required.
func (p *parser) groupHeader(f *File, se xml.StartElement) error {
	var x xGroupHeader
	if err := p.d.DecodeElement(&x, &se); err != nil {
		return err
	}
	if f.MessageID = strings.TrimSpace(x.MsgID); f.MessageID == "" {
		return p.missing(0, "the group header", "de groepskop (GrpHdr)", "MsgId")
	}
	if strings.TrimSpace(x.CreDtTm) == "" {
		return p.missing(0, "the group header", "de groepskop (GrpHdr)", "CreDtTm")
	}
	t, err := p.moment(x.CreDtTm, place{en: "the group header", nl: "de groepskop (GrpHdr)"}, "CreDtTm")
	if err != nil {
		return err
	}
	f.CreatedAt = t
	return nil
}

// missing refuses a file without a required element el in the part
// described by en and nl.
func (p *parser) missing(line int, en, nl, el string) *Error {
	at, bij := "", ""
	if line > 0 {
		at, bij = fmt.Sprintf("Line %d: ", line), fmt.Sprintf("Regel %d: ", line)
	}
	return newError(ProblemMissing, line,
		fmt.Sprintf("%s%s has no %s, which %s requires. %s", at, upperFirst(en), el, p.kind, adviceEN),
		fmt.Sprintf("%s%s heeft geen %s, dat %s verplicht stelt. %s", bij, upperFirst(nl), el, p.kind, adviceNL))
}

// upperFirst writes s with a capital first letter, to start a sentence.
func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
