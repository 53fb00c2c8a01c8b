package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ontschot/ontschot/ledger"
)

// Pain001Namespace is the namespace of the SEPA Credit Transfer initiation
// that BNG Bank and ING accept since 2024: ISO 20022 pain.001.001.09, the
// EPC's customer-to-bank profile, with structured addresses.
const Pain001Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"

// The elements of pain.001.001.09, in schema order. Only what a payment of
// maatwerk needs: the EPC profile leaves out the rest.
type (
	painDocument struct {
		XMLName xml.Name `xml:"Document"`
		XMLNS   string   `xml:"xmlns,attr"`
		Init    painInit `xml:"CstmrCdtTrfInitn"`
	}
	painInit struct {
		GrpHdr painGroupHeader  `xml:"GrpHdr"`
		PmtInf []painPaymentInf `xml:"PmtInf"`
	}
	painGroupHeader struct {
		MsgID    string    `xml:"MsgId"`
		CreDtTm  string    `xml:"CreDtTm"`
		NbOfTxs  int       `xml:"NbOfTxs"`
		CtrlSum  string    `xml:"CtrlSum"`
		InitgPty painParty `xml:"InitgPty"`
	}
	painParty struct {
		Nm      string       `xml:"Nm"`
		PstlAdr *painAddress `xml:"PstlAdr,omitempty"`
	}
	painAddress struct {
		TwnNm string `xml:"TwnNm"`
		Ctry  string `xml:"Ctry"`
	}
	painPaymentInf struct {
		PmtInfID    string          `xml:"PmtInfId"`
		PmtMtd      string          `xml:"PmtMtd"`
		BtchBookg   bool            `xml:"BtchBookg"`
		NbOfTxs     int             `xml:"NbOfTxs"`
		CtrlSum     string          `xml:"CtrlSum"`
		PmtTpInf    painPaymentType `xml:"PmtTpInf"`
		ReqdExctnDt painDate        `xml:"ReqdExctnDt"`
		Dbtr        painParty       `xml:"Dbtr"`
		DbtrAcct    painAccount     `xml:"DbtrAcct"`
		DbtrAgt     painAgent       `xml:"DbtrAgt"`
		ChrgBr      string          `xml:"ChrgBr"`
		CdtTrfTxInf []painTransfer  `xml:"CdtTrfTxInf"`
	}
	painPaymentType struct {
		SvcLvl    painCode  `xml:"SvcLvl"`
		LclInstrm *painCode `xml:"LclInstrm,omitempty"`
	}
	painCode struct {
		Cd string `xml:"Cd"`
	}
	painDate struct {
		Dt string `xml:"Dt"`
	}
	painAccount struct {
		IBAN string `xml:"Id>IBAN"`
	}
	painAgent struct {
		BICFI string `xml:"FinInstnId>BICFI"`
	}
	painTransfer struct {
		PmtID    painPaymentID `xml:"PmtId"`
		Amt      painAmount    `xml:"Amt>InstdAmt"`
		Cdtr     painParty     `xml:"Cdtr"`
		CdtrAcct painAccount   `xml:"CdtrAcct"`
		RmtInf   painRemit     `xml:"RmtInf"`
	}
	painPaymentID struct {
		InstrID    string `xml:"InstrId"`
		EndToEndID string `xml:"EndToEndId"`
	}
	painAmount struct {
		Ccy   string `xml:"Ccy,attr"`
		Value string `xml:",chardata"`
	}
	painRemit struct {
		Ustrd string `xml:"Ustrd"`
	}
)

// Pain001 writes a payment batch as a SEPA Credit Transfer file,
// pain.001.001.09: one payment information block per pot, the urgent
// payouts of a pot in a block of their own marked for instant payment
// (LclInstrm INST, booked one by one), EndToEndId the payout's id, counts
// and control sums exact. Names are reduced to the SEPA character set; the
// remittance says the payee's reference, the pot and the payout, nothing
// about the case. The file
// is made from the batch alone, so the same batch gives the same bytes.
func Pain001(w io.Writer, b *ledger.PaymentBatch) error {
	if len(b.Items) == 0 || len(b.Groups) == 0 {
		return fmt.Errorf("payment batch %s has no payouts", b.ID)
	}
	groups := map[ledger.PotID]ledger.PaymentGroup{}
	for _, g := range b.Groups {
		groups[g.PotID] = g
	}
	doc := painDocument{XMLNS: Pain001Namespace}
	doc.Init.GrpHdr = painGroupHeader{
		MsgID:    string(b.ID),
		CreDtTm:  b.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
		NbOfTxs:  len(b.Items),
		CtrlSum:  b.Amount.String(),
		InitgPty: painParty{Nm: sepaName(b.Groups[0].Debtor.Name)},
	}
	var total ledger.Cents
	for _, blk := range b.Blocks() {
		g, ok := groups[blk.PotID]
		if !ok {
			return fmt.Errorf("payment batch %s pays from pot %s without its debtor account", b.ID, blk.PotID)
		}
		block := painPaymentInf{
			PmtInfID:    blk.ID,
			PmtMtd:      "TRF",
			BtchBookg:   !blk.Instant,
			NbOfTxs:     len(blk.Items),
			PmtTpInf:    painPaymentType{SvcLvl: painCode{Cd: "SEPA"}},
			ReqdExctnDt: painDate{Dt: b.ExecutionDate.String()},
			Dbtr:        painParty{Nm: sepaName(g.Debtor.Name), PstlAdr: &painAddress{TwnNm: cut(ledger.SEPAText(g.Debtor.Town), 35), Ctry: g.Debtor.Country}},
			DbtrAcct:    painAccount{IBAN: string(g.Debtor.IBAN)},
			DbtrAgt:     painAgent{BICFI: g.Debtor.BIC},
			ChrgBr:      "SLEV",
		}
		if blk.Instant {
			block.PmtTpInf.LclInstrm = &painCode{Cd: "INST"}
		}
		var sum ledger.Cents
		for _, it := range blk.Items {
			if it.Payee.Erased || it.Payee.IBAN == "" {
				return ledger.NewError(ledger.ECONFLICT, ledger.MsgPayeeErased, it.PayoutID, b.ID)
			}
			if it.Amount <= 0 {
				return fmt.Errorf("payout %s in batch %s has amount %s", it.PayoutID, b.ID, it.Amount)
			}
			sum += it.Amount
			block.CdtTrfTxInf = append(block.CdtTrfTxInf, painTransfer{
				PmtID:    painPaymentID{InstrID: string(it.PayoutID), EndToEndID: string(it.PayoutID)},
				Amt:      painAmount{Ccy: "EUR", Value: it.Amount.String()},
				Cdtr:     painParty{Nm: sepaName(it.Payee.Name)},
				CdtrAcct: painAccount{IBAN: string(it.Payee.IBAN)},
				RmtInf:   painRemit{Ustrd: remittance(b.Remittance, g.PotName, it.Payee.Reference, it.PayoutID)},
			})
		}
		block.CtrlSum = sum.String()
		total += sum
		doc.Init.PmtInf = append(doc.Init.PmtInf, block)
	}
	if total != b.Amount {
		return fmt.Errorf("payment batch %s: its payouts add up to %s, not its amount %s", b.ID, total, b.Amount)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	// The checkpoint of the journal the batch was booked at: the bank's
	// copy of the file then witnesses the journal up to there (ontschot
	// verify --checkpoint). A comment, which schema validation ignores.
	if !b.Checkpoint.IsZero() {
		if _, err := io.WriteString(w, "<!-- ontschot journal checkpoint "+b.Checkpoint.String()+" -->\n"); err != nil {
			return err
		}
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// sepaName reduces a name to the SEPA character set and 70 characters.
func sepaName(s string) string {
	n := ledger.SEPAText(s)
	if n == "" {
		n = "onbekend"
	}
	return cut(n, 70)
}

// remittance is the text the payee sees, at most 140 characters: the
// payee's own reference for the payment (an invoice or contract number)
// when it has one, the pot and the payout, nothing about the case, in the
// wording the batch was made with (ledger.RemittanceV1, RemittanceV2). The
// reference comes first, where a bank that shows only the start of the text
// still shows it; the pot's name is cut when the whole would be longer; the
// reference (at most 35 characters) and the payout's id, which the payee
// quotes back, never are.
func remittance(wording int, pot, reference string, id ledger.PayoutID) string {
	name := ledger.SEPAText(pot)
	// "Maatwerk" says what the money is for, unless the pot's name says
	// it already: "Maatwerk Maatwerkbudget Leeuwarden" doubled the word.
	if wording <= ledger.RemittanceV1 || !strings.Contains(strings.ToLower(name), "maatwerk") {
		name = "Maatwerk " + name
	}
	// A reference is in the SEPA set already (ledger.Payee.Reference);
	// SEPAText only tidies its spaces. A batch of the first wording was
	// made before payees had references.
	ref := ""
	if wording > ledger.RemittanceV1 {
		if ref = cut(ledger.SEPAText(reference), ledger.MaxPaymentReference); ref != "" {
			ref += " "
		}
	}
	return ref + cut(name, 140-len(ref)-len(id)-1) + " " + string(id)
}

// cut shortens s to at most n characters.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
