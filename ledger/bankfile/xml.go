package bankfile

// The elements Read decodes, by their local names: the versions of a message
// share them (camt.053.001.02 and .001.08 differ in Sts and TxDtls/Amt, both
// of which are here), so one set of types serves all five kinds. Everything
// else in a file (parties, remittance, charges, availability) is skipped.
// Every value stays text until convert checks it, so that a wrong value is
// refused with a message that names it rather than a decoder's error.

// xGroupHeader is GrpHdr, common to all messages.
type xGroupHeader struct {
	MsgID   string `xml:"MsgId"`
	CreDtTm string `xml:"CreDtTm"`
}

// xStatement is camt.053 Stmt and camt.054 Ntfctn (AccountStatement2 and 9,
// AccountNotification2 and 17).
type xStatement struct {
	ID           string     `xml:"Id"`
	ElctrncSeqNb string     `xml:"ElctrncSeqNb"`
	LglSeqNb     string     `xml:"LglSeqNb"`
	FrToDt       *xFromTo   `xml:"FrToDt"`
	Acct         xAccount   `xml:"Acct"`
	Bal          []xBalance `xml:"Bal"`
	Ntry         []xEntry   `xml:"Ntry"`
}

type xFromTo struct {
	FrDtTm string `xml:"FrDtTm"`
	ToDtTm string `xml:"ToDtTm"`
}

type xAccount struct {
	IBAN string `xml:"Id>IBAN"`
	Ccy  string `xml:"Ccy"`
}

// xAmount is ActiveOrHistoricCurrencyAndAmount: a decimal with the currency
// as attribute.
type xAmount struct {
	Ccy   string `xml:"Ccy,attr"`
	Value string `xml:",chardata"`
}

type xBalance struct {
	Code      string      `xml:"Tp>CdOrPrtry>Cd"`
	Amt       *xAmount    `xml:"Amt"`
	CdtDbtInd string      `xml:"CdtDbtInd"`
	Dt        xDateChoice `xml:"Dt"`
}

// xDateChoice is DateAndDateTimeChoice (DateAndDateTime2Choice in .001.08):
// a day or a moment.
type xDateChoice struct {
	Dt   string `xml:"Dt"`
	DtTm string `xml:"DtTm"`
}

type xEntry struct {
	NtryRef     string          `xml:"NtryRef"`
	Amt         *xAmount        `xml:"Amt"`
	CdtDbtInd   string          `xml:"CdtDbtInd"`
	RvslInd     string          `xml:"RvslInd"`
	Sts         xStatus         `xml:"Sts"`
	BookgDt     xDateChoice     `xml:"BookgDt"`
	ValDt       xDateChoice     `xml:"ValDt"`
	AcctSvcrRef string          `xml:"AcctSvcrRef"`
	BkTxCd      xBankTxCode     `xml:"BkTxCd"`
	NtryDtls    []xEntryDetails `xml:"NtryDtls"`
}

// xStatus is EntryStatus2Code as text (.001.02) or EntryStatus1Choice
// (.001.08).
type xStatus struct {
	Text  string `xml:",chardata"`
	Cd    string `xml:"Cd"`
	Prtry string `xml:"Prtry"`
}

type xBankTxCode struct {
	Domain    string `xml:"Domn>Cd"`
	Family    string `xml:"Domn>Fmly>Cd"`
	SubFamily string `xml:"Domn>Fmly>SubFmlyCd"`
	Prtry     string `xml:"Prtry>Cd"`
}

type xEntryDetails struct {
	Btch   *xBatch      `xml:"Btch"`
	TxDtls []xTxDetails `xml:"TxDtls"`
}

type xBatch struct {
	PmtInfID string `xml:"PmtInfId"`
	NbOfTxs  string `xml:"NbOfTxs"`
}

type xTxDetails struct {
	Refs   xRefs    `xml:"Refs"`
	Amt    *xAmount `xml:"Amt"`
	TxAmt  *xAmount `xml:"AmtDtls>TxAmt>Amt"`
	RtrInf *xReturn `xml:"RtrInf"`
}

type xRefs struct {
	MsgID      string `xml:"MsgId"`
	PmtInfID   string `xml:"PmtInfId"`
	InstrID    string `xml:"InstrId"`
	EndToEndID string `xml:"EndToEndId"`
}

type xReturn struct {
	Rsn      xReason  `xml:"Rsn"`
	AddtlInf []string `xml:"AddtlInf"`
}

// xReason is a choice of an external code (Cd) and a proprietary one.
type xReason struct {
	Cd    string `xml:"Cd"`
	Prtry string `xml:"Prtry"`
}

// xOriginalGroup is pain.002 OrgnlGrpInfAndSts (OriginalGroupHeader17).
type xOriginalGroup struct {
	OrgnlMsgID   string          `xml:"OrgnlMsgId"`
	OrgnlMsgNmID string          `xml:"OrgnlMsgNmId"`
	GrpSts       string          `xml:"GrpSts"`
	StsRsnInf    []xStatusReason `xml:"StsRsnInf"`
}

type xStatusReason struct {
	Rsn xReason `xml:"Rsn"`
}

// xOriginalBlock is pain.002 OrgnlPmtInfAndSts
// (OriginalPaymentInstruction32).
type xOriginalBlock struct {
	OrgnlPmtInfID string          `xml:"OrgnlPmtInfId"`
	PmtInfSts     string          `xml:"PmtInfSts"`
	StsRsnInf     []xStatusReason `xml:"StsRsnInf"`
	TxInfAndSts   []xTxStatus     `xml:"TxInfAndSts"`
}

type xTxStatus struct {
	OrgnlEndToEndID string          `xml:"OrgnlEndToEndId"`
	TxSts           string          `xml:"TxSts"`
	StsRsnInf       []xStatusReason `xml:"StsRsnInf"`
	InstdAmt        *xAmount        `xml:"OrgnlTxRef>Amt>InstdAmt"`
}
