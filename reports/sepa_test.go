package reports_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// node is an XML element with its children, for checking structure.
type node struct {
	name     string
	attrs    map[string]string
	children []*node
	text     string
}

func parseXML(t *testing.T, b []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the file is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if tok.Name.Space != reports.Pain001Namespace {
				t.Fatalf("element %s is in namespace %q", tok.Name.Local, tok.Name.Space)
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += strings.TrimSpace(string(tok))
			}
		}
	}
	return root
}

func (n *node) names() string {
	var s []string
	for _, c := range n.children {
		s = append(s, c.name)
	}
	return strings.Join(s, " ")
}

func (n *node) child(path string) *node {
	cur := n
	for _, name := range strings.Split(path, "/") {
		var next *node
		for _, c := range cur.children {
			if c.name == name {
				next = c
				break
			}
		}
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}

func (n *node) textOf(t *testing.T, path string) string {
	t.Helper()
	c := n.child(path)
	if c == nil {
		t.Fatalf("%s lacks %s", n.name, path)
	}
	return c.text
}

var (
	ibanRE   = regexp.MustCompile(`^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}$`)
	bicRE    = regexp.MustCompile(`^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$`)
	amountRE = regexp.MustCompile(`^[0-9]{1,16}\.[0-9]{2}$`)
	sepaRE   = regexp.MustCompile(`^[A-Za-z0-9/\-?:().,'+ ]+$`)
)

// checkPain001 holds a payment file against pain.001.001.09 (the EPC
// customer-to-bank profile) field by field: element order, counts and
// control sums, lengths, patterns and character set; and against the batch:
// one transfer per payout, EndToEndId its id, urgent ones marked instant.
func checkPain001(t *testing.T, b []byte, batch *ledger.PaymentBatch) {
	t.Helper()
	doc := parseXML(t, b)
	if doc.name != "Document" || doc.names() != "CstmrCdtTrfInitn" {
		t.Fatalf("root %s with %s", doc.name, doc.names())
	}
	init := doc.children[0]
	hdr := init.child("GrpHdr")
	if got, want := hdr.names(), "MsgId CreDtTm NbOfTxs CtrlSum InitgPty"; got != want {
		t.Fatalf("GrpHdr holds %q; want %q", got, want)
	}
	length := func(what, s string, max int) {
		t.Helper()
		if n := utf8.RuneCountInString(s); n < 1 || n > max {
			t.Errorf("%s %q has %d characters; 1 to %d allowed", what, s, n, max)
		}
	}
	length("MsgId", hdr.textOf(t, "MsgId"), 35)
	if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`).MatchString(hdr.textOf(t, "CreDtTm")) {
		t.Errorf("CreDtTm %q is not an ISO date-time", hdr.textOf(t, "CreDtTm"))
	}
	seen := map[string]bool{}
	urgent := map[string]bool{}
	for _, it := range batch.Items {
		urgent[string(it.PayoutID)] = it.Urgency == ledger.UrgencyUrgent
	}
	var txs int
	var total ledger.Cents
	blocks := init.children[1:]
	for _, blk := range blocks {
		if blk.name != "PmtInf" {
			t.Fatalf("%s after the group header; want PmtInf", blk.name)
		}
		var names []string
		for _, c := range blk.children {
			if c.name != "CdtTrfTxInf" {
				names = append(names, c.name)
			}
		}
		if got, want := strings.Join(names, " "), "PmtInfId PmtMtd BtchBookg NbOfTxs CtrlSum PmtTpInf ReqdExctnDt Dbtr DbtrAcct DbtrAgt ChrgBr"; got != want {
			t.Fatalf("PmtInf holds %q before its transfers; want %q", got, want)
		}
		length("PmtInfId", blk.textOf(t, "PmtInfId"), 35)
		if blk.textOf(t, "PmtMtd") != "TRF" || blk.textOf(t, "ChrgBr") != "SLEV" || blk.textOf(t, "PmtTpInf/SvcLvl/Cd") != "SEPA" {
			t.Errorf("PmtInf %s: method, charges or service level wrong", blk.textOf(t, "PmtInfId"))
		}
		if blk.textOf(t, "ReqdExctnDt/Dt") != batch.ExecutionDate.String() {
			t.Errorf("execution date %s; want %s", blk.textOf(t, "ReqdExctnDt/Dt"), batch.ExecutionDate)
		}
		length("Dbtr/Nm", blk.textOf(t, "Dbtr/Nm"), 70)
		length("Dbtr/PstlAdr/TwnNm", blk.textOf(t, "Dbtr/PstlAdr/TwnNm"), 35)
		if !regexp.MustCompile(`^[A-Z]{2}$`).MatchString(blk.textOf(t, "Dbtr/PstlAdr/Ctry")) {
			t.Errorf("debtor country %q", blk.textOf(t, "Dbtr/PstlAdr/Ctry"))
		}
		if !ibanRE.MatchString(blk.textOf(t, "DbtrAcct/Id/IBAN")) || !bicRE.MatchString(blk.textOf(t, "DbtrAgt/FinInstnId/BICFI")) {
			t.Errorf("debtor account %q %q", blk.textOf(t, "DbtrAcct/Id/IBAN"), blk.textOf(t, "DbtrAgt/FinInstnId/BICFI"))
		}
		instant := blk.child("PmtTpInf/LclInstrm/Cd") != nil
		if instant && (blk.textOf(t, "PmtTpInf/LclInstrm/Cd") != "INST" || blk.textOf(t, "BtchBookg") != "false") {
			t.Errorf("an instant block is not INST, booked one by one")
		}
		var n int
		var sum ledger.Cents
		for _, tx := range blk.children {
			if tx.name != "CdtTrfTxInf" {
				continue
			}
			if got, want := tx.names(), "PmtId Amt Cdtr CdtrAcct RmtInf"; got != want {
				t.Fatalf("CdtTrfTxInf holds %q; want %q", got, want)
			}
			e2e := tx.textOf(t, "PmtId/EndToEndId")
			length("EndToEndId", e2e, 35)
			if seen[e2e] {
				t.Errorf("payout %s is paid twice", e2e)
			}
			seen[e2e] = true
			if urgent[e2e] != instant {
				t.Errorf("payout %s: urgent %t, in an instant block %t", e2e, urgent[e2e], instant)
			}
			amt := tx.child("Amt/InstdAmt")
			if amt == nil || amt.attrs["Ccy"] != "EUR" || !amountRE.MatchString(amt.text) {
				t.Fatalf("amount of %s: %+v", e2e, amt)
			}
			c, err := ledger.ParseAmount(amt.text)
			if err != nil {
				t.Fatal(err)
			}
			n++
			sum += c
			name := tx.textOf(t, "Cdtr/Nm")
			length("Cdtr/Nm", name, 70)
			if !sepaRE.MatchString(name) {
				t.Errorf("creditor name %q is outside the SEPA character set", name)
			}
			if !ibanRE.MatchString(tx.textOf(t, "CdtrAcct/Id/IBAN")) {
				t.Errorf("creditor IBAN %q", tx.textOf(t, "CdtrAcct/Id/IBAN"))
			}
			ustrd := tx.textOf(t, "RmtInf/Ustrd")
			length("Ustrd", ustrd, 140)
			if !strings.HasSuffix(ustrd, e2e) || !sepaRE.MatchString(ustrd) {
				t.Errorf("remittance %q does not end in the payout's id, or leaves the SEPA set", ustrd)
			}
		}
		if strconv.Itoa(n) != blk.textOf(t, "NbOfTxs") || sum.String() != blk.textOf(t, "CtrlSum") {
			t.Errorf("PmtInf counts %s %s; its transfers are %d for %s", blk.textOf(t, "NbOfTxs"), blk.textOf(t, "CtrlSum"), n, sum)
		}
		txs += n
		total += sum
	}
	if strconv.Itoa(txs) != hdr.textOf(t, "NbOfTxs") || total.String() != hdr.textOf(t, "CtrlSum") || total != batch.Amount {
		t.Errorf("group header counts %s %s; the file has %d transfers for %s, the batch %s", hdr.textOf(t, "NbOfTxs"), hdr.textOf(t, "CtrlSum"), txs, total, batch.Amount)
	}
	if len(seen) != len(batch.Items) {
		t.Errorf("%d payouts in the file; the batch has %d", len(seen), len(batch.Items))
	}
}

func TestPain001Structure(t *testing.T) {
	b := fixedBatch()
	var out bytes.Buffer
	if err := reports.Pain001(&out, b); err != nil {
		t.Fatal(err)
	}
	checkPain001(t, out.Bytes(), b)
	if !bytes.Contains(out.Bytes(), []byte("<Nm>Energiebedrijf Noord + Co</Nm>")) || !bytes.Contains(out.Bytes(), []byte("Taxicentrale Fryslan")) {
		t.Error("names are not reduced to the SEPA character set")
	}
	if n := bytes.Count(out.Bytes(), []byte("<PmtInf>")); n != 3 {
		t.Errorf("%d payment blocks; want 3: the first pot's urgent and normal payouts, and the second pot's", n)
	}
}

func TestPain001FromTheLedger(t *testing.T) {
	d := newDataset(t)
	// One more urgent and one normal payout in Q3 are still unpaid with the rest.
	batch, err := d.store.CreatePaymentBatch(context.Background(), finance, ledger.NewPaymentBatch{})
	if err != nil {
		t.Fatal(err)
	}
	var first, again bytes.Buffer
	if err := reports.Pain001(&first, &batch); err != nil {
		t.Fatal(err)
	}
	checkPain001(t, first.Bytes(), &batch)
	stored, err := d.store.PaymentBatch(context.Background(), batch.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := reports.Pain001(&again, &stored); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), again.Bytes()) {
		t.Fatal("the same batch, read again, gives another file")
	}
	// The file states the checkpoint it was booked at, in a form anyone can
	// give to ontschot verify --checkpoint, and the journal still holds it.
	m := regexp.MustCompile(`<!-- ontschot journal checkpoint ([0-9]+:[0-9a-f]{64}) -->`).FindSubmatch(first.Bytes())
	if m == nil {
		t.Fatalf("the file states no checkpoint:\n%.300s", first.Bytes())
	}
	cp, err := ledger.ParseCheckpoint(string(m[1]))
	if err != nil || cp != batch.Checkpoint {
		t.Fatalf("the file's checkpoint %s; want the batch's %s", m[1], batch.Checkpoint)
	}
	if v, err := d.store.Verify(context.Background(), ledger.VerifyOptions{Checkpoints: []ledger.Checkpoint{cp}}); err != nil || !v.OK || v.Witnesses != 1 {
		t.Fatalf("verify with the file's checkpoint = %+v, %v", v.Failure, err)
	}
	// Renaming the pot afterwards does not change the file.
	if _, err := d.store.RenamePot(context.Background(), ledger.Actor{User: "beheer", Role: ledger.RoleAdmin}, batch.Groups[0].PotID, ledger.Rename{Name: "Een nieuwe naam"}); err != nil {
		t.Fatal(err)
	}
	renamed, err := d.store.PaymentBatch(context.Background(), batch.ID)
	if err != nil {
		t.Fatal(err)
	}
	var third bytes.Buffer
	if err := reports.Pain001(&third, &renamed); err != nil || !bytes.Equal(first.Bytes(), third.Bytes()) {
		t.Fatalf("after the pot was renamed, the file differs (%v)", err)
	}
	for _, p := range d.personal {
		if strings.Contains(p, "Mevrouw") || strings.HasPrefix(p, "WIJK-") {
			if bytes.Contains(first.Bytes(), []byte(p)) {
				t.Errorf("the payment file contains %q", p)
			}
		}
	}
}

func TestPain001Refuses(t *testing.T) {
	b := fixedBatch()
	b.Items[0].Payee = ledger.Payee{Erased: true}
	if err := reports.Pain001(io.Discard, b); ledger.ErrorCode(err) != ledger.ECONFLICT {
		t.Errorf("a batch with an erased payee: %v; want a conflict", err)
	}
	b = fixedBatch()
	b.Amount++
	if err := reports.Pain001(io.Discard, b); err == nil {
		t.Error("a batch whose items do not add up to its amount gave a file")
	}
}

// TestPain001Remittance: the remittance a payee reads says "Maatwerk" once,
// also for a pot whose name says it ("Maatwerkbudget Leeuwarden", not
// "Maatwerk Maatwerkbudget Leeuwarden"), and a batch made in the first
// wording keeps it, so that its file made again is the file the bank has.
func TestPain001Remittance(t *testing.T) {
	ustrd := func(b *ledger.PaymentBatch) map[string]string {
		t.Helper()
		var out bytes.Buffer
		if err := reports.Pain001(&out, b); err != nil {
			t.Fatal(err)
		}
		checkPain001(t, out.Bytes(), b)
		got := map[string]string{}
		for _, m := range regexp.MustCompile(`<EndToEndId>([^<]+)</EndToEndId>(?s:.*?)<Ustrd>([^<]+)</Ustrd>`).FindAllSubmatch(out.Bytes(), -1) {
			got[string(m[1])] = string(m[2])
		}
		return got
	}
	b := fixedBatch()
	b.Remittance = ledger.RemittanceCurrent
	got := ustrd(b)
	for id, want := range map[string]string{
		"PAY-01K0A0000000000000000000B1": "Maatwerk Doorbraakfonds Leeuwarden-De Friesland PAY-01K0A0000000000000000000B1",
		"PAY-01K0A0000000000000000000B4": "Maatwerkbudget Leeuwarden PAY-01K0A0000000000000000000B4",
	} {
		if got[id] != want {
			t.Errorf("remittance of %s = %q; want %q", id, got[id], want)
		}
	}
	if got, want := ustrd(fixedBatch())["PAY-01K0A0000000000000000000B4"], "Maatwerk Maatwerkbudget Leeuwarden PAY-01K0A0000000000000000000B4"; got != want {
		t.Errorf("a batch of the first wording: remittance %q; want %q as it was sent", got, want)
	}
	long := fixedBatch()
	long.Remittance = ledger.RemittanceCurrent
	long.Groups[1].PotName = "Maatwerkbudget " + strings.Repeat("Leeuwarden ", 20)
	if got := ustrd(long)["PAY-01K0A0000000000000000000B4"]; !strings.HasPrefix(got, "Maatwerkbudget Leeuwarden") || len(got) != 140 {
		t.Errorf("a long pot name: remittance %q (%d characters); want it cut to 140 with the payout's id whole", got, len(got))
	}
	// The payee's reference comes first, whole, however long the pot's
	// name; a batch of the first wording had none to carry.
	ref := strings.Repeat("F", ledger.MaxPaymentReference-4) + "-012"
	long.Items[3].Payee.Reference = ref
	long.Items[0].Payee.Reference = "Huurcontract 88123"
	got = ustrd(long)
	if r := got["PAY-01K0A0000000000000000000B4"]; !strings.HasPrefix(r, ref+" Maatwerkbudget Leeuwarden") || len(r) != 140 {
		t.Errorf("a reference of %d characters and a long pot name: remittance %q (%d characters); want the reference whole first, 140 in all", len(ref), r, len(r))
	}
	if r, want := got["PAY-01K0A0000000000000000000B1"], "Huurcontract 88123 Maatwerk Doorbraakfonds Leeuwarden-De Friesland PAY-01K0A0000000000000000000B1"; r != want {
		t.Errorf("remittance with a reference = %q; want %q", r, want)
	}
	long.Remittance = ledger.RemittanceV1
	if r := ustrd(long)["PAY-01K0A0000000000000000000B1"]; strings.Contains(r, "Huurcontract") {
		t.Errorf("a batch of the first wording: remittance %q carries a reference", r)
	}
}
