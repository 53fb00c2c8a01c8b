package bankfile

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/ontschot/ontschot/ledger"
)

// place names a part of a file in a message, in English and in Dutch
// ("entry 3 of statement X"), with the line it starts on.
type place struct {
	line   int
	en, nl string
}

// prefix is "Line 12: " and "Regel 12: ", or nothing without a line.
func (pl place) prefix() (string, string) {
	if pl.line <= 0 {
		return "", ""
	}
	return fmt.Sprintf("Line %d: ", pl.line), fmt.Sprintf("Regel %d: ", pl.line)
}

// missingAt refuses the part at pl for lacking the required element el.
func (p *parser) missingAt(pl place, el string) *Error {
	return p.missing(pl.line, pl.en, pl.nl, el)
}

// invalid refuses the part for a value of el that the message does not
// allow, saying what it should be (should in English, moet in Dutch).
func (p *parser) invalid(prob Problem, pl place, el, value, should, moet string) *Error {
	at, bij := pl.prefix()
	return newError(prob, pl.line,
		fmt.Sprintf("%s%s has %s %q: %s. %s", at, upperFirst(pl.en), el, value, should, adviceEN),
		fmt.Sprintf("%s%s heeft %s %q: %s. %s", bij, upperFirst(pl.nl), el, value, moet, adviceNL))
}

// trim takes the white space XML allows around a value off it.
func trim(s string) string { return strings.TrimSpace(s) }

// statement reads the n-th (from 0) Stmt or Ntfctn.
func (p *parser) statement(se xml.StartElement, n int) (Statement, error) {
	var x xStatement
	if err := p.d.DecodeElement(&x, &se); err != nil {
		return Statement{}, err
	}
	line := p.g.line(se.Name.Local, p.nStmt)
	p.nStmt++
	what, wat := "statement", "afschrift"
	if p.kind.IsNotification() {
		what, wat = "notification", "melding"
	}
	st := Statement{ID: trim(x.ID), Currency: "EUR"}
	pl := place{line: line, en: fmt.Sprintf("%s %d", what, n+1), nl: fmt.Sprintf("%s %d", wat, n+1)}
	if st.ID == "" {
		return Statement{}, p.missingAt(pl, "Id")
	}
	pl = place{line: line, en: fmt.Sprintf("%s %s", what, st.ID), nl: fmt.Sprintf("%s %s", wat, st.ID)}
	if st.Sequence = trim(x.ElctrncSeqNb); st.Sequence == "" {
		st.Sequence = trim(x.LglSeqNb)
	}
	st.IBAN = strings.ToUpper(strings.Join(strings.Fields(x.Acct.IBAN), ""))
	if c := trim(x.Acct.Ccy); c != "" && c != "EUR" {
		return Statement{}, p.currency(pl, "the account", "de rekening", c)
	}
	if x.FrToDt != nil {
		var err error
		if st.From, err = p.span(x.FrToDt.FrDtTm, pl, "FrToDt/FrDtTm", false); err != nil {
			return Statement{}, err
		}
		if st.To, err = p.span(x.FrToDt.ToDtTm, pl, "FrToDt/ToDtTm", true); err != nil {
			return Statement{}, err
		}
	}
	previous := false // Opening is a PRCD balance, which an OPBD replaces
	for i := range x.Bal {
		b := &x.Bal[i]
		bpl := place{line: p.g.line("Bal", p.nBal), en: fmt.Sprintf("balance %d of %s", i+1, pl.en), nl: fmt.Sprintf("saldo %d van %s", i+1, pl.nl)}
		p.nBal++
		bal, err := p.balance(b, bpl)
		if err != nil {
			return Statement{}, err
		}
		switch trim(b.Code) {
		case "OPBD":
			if st.Opening == nil || previous {
				st.Opening, previous = bal, false
			}
		case "PRCD":
			// The previous closing booked balance is the opening balance
			// of this statement; a bank that gives both gives OPBD too.
			if st.Opening == nil {
				st.Opening, previous = bal, true
			}
		case "CLBD":
			if st.Closing == nil {
				st.Closing = bal
			}
		}
	}
	st.Entries = make([]Entry, 0, len(x.Ntry))
	for i := range x.Ntry {
		epl := place{line: p.g.line("Ntry", p.nNtry), en: fmt.Sprintf("entry %d of %s", i+1, pl.en), nl: fmt.Sprintf("boeking %d van %s", i+1, pl.nl)}
		p.nNtry++
		e, err := p.entry(&x.Ntry[i], epl)
		if err != nil {
			return Statement{}, err
		}
		st.Entries = append(st.Entries, e)
	}
	if x.FrToDt == nil {
		for _, e := range st.Entries {
			if d := e.BookingDate; !d.IsZero() {
				if st.From.IsZero() || d.Before(st.From) {
					st.From = d
				}
				if st.To.IsZero() || d.After(st.To) {
					st.To = d
				}
			}
		}
	}
	return st, nil
}

// balance reads one Bal: its amount signed by CdtDbtInd, and its day.
func (p *parser) balance(b *xBalance, pl place) (*Balance, error) {
	amt, err := p.amount(b.Amt, pl, "Amt", true)
	if err != nil {
		return nil, err
	}
	debit, err := p.creditDebit(b.CdtDbtInd, pl)
	if err != nil {
		return nil, err
	}
	if debit {
		amt = -amt
	}
	d, err := p.day(b.Dt, pl, "Dt", true)
	if err != nil {
		return nil, err
	}
	return &Balance{Amount: amt, Date: d}, nil
}

// creditDebit reads CdtDbtInd: true for DBIT, false for CRDT.
func (p *parser) creditDebit(s string, pl place) (bool, error) {
	switch trim(s) {
	case "DBIT":
		return true, nil
	case "CRDT":
		return false, nil
	case "":
		return false, p.missingAt(pl, "CdtDbtInd (credit or debit)")
	}
	return false, p.invalid(ProblemValue, pl, "CdtDbtInd", trim(s), "it is CRDT (credit) or DBIT (debit)", "dat is CRDT (bij) of DBIT (af)")
}

// entry reads one Ntry.
func (p *parser) entry(x *xEntry, pl place) (Entry, error) {
	e := Entry{Ref: trim(x.NtryRef), BankRef: trim(x.AcctSvcrRef)}
	if e.Ref == "" {
		e.Ref = e.BankRef
	}
	var err error
	if e.Amount, err = p.amount(x.Amt, pl, "Amt", true); err != nil {
		return Entry{}, err
	}
	if e.Debit, err = p.creditDebit(x.CdtDbtInd, pl); err != nil {
		return Entry{}, err
	}
	switch v := trim(x.RvslInd); v {
	case "", "false", "0":
	case "true", "1":
		e.Reversal = true
	default:
		return Entry{}, p.invalid(ProblemValue, pl, "RvslInd", v, "it is true or false", "dat is true of false")
	}
	e.Status = trim(x.Sts.Cd)
	if e.Status == "" {
		e.Status = trim(x.Sts.Prtry)
	}
	if e.Status == "" {
		e.Status = trim(x.Sts.Text)
	}
	if e.Status == "" {
		return Entry{}, p.missingAt(pl, "Sts (its status, such as BOOK)")
	}
	if e.BookingDate, err = p.day(x.BookgDt, pl, "BookgDt", false); err != nil {
		return Entry{}, err
	}
	if e.ValueDate, err = p.day(x.ValDt, pl, "ValDt", false); err != nil {
		return Entry{}, err
	}
	if c := x.BkTxCd; trim(c.Domain) != "" {
		e.BankTxCode = trim(c.Domain) + "/" + trim(c.Family) + "/" + trim(c.SubFamily)
	} else {
		e.BankTxCode = trim(c.Prtry)
	}
	var batch, counted bool
	for i := range x.NtryDtls {
		nd := &x.NtryDtls[i]
		if b := nd.Btch; b != nil {
			batch = true
			if e.PaymentInfoID == "" {
				e.PaymentInfoID = trim(b.PmtInfID)
			}
			if s := trim(b.NbOfTxs); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil || n < 0 || len(s) > 15 {
					return Entry{}, p.invalid(ProblemValue, pl, "Btch/NbOfTxs", s, "it is a number of transactions", "dat is een aantal transacties")
				}
				e.Transactions += n
				counted = true
			}
		}
		for j := range nd.TxDtls {
			tpl := place{line: p.g.line("TxDtls", p.nTx), en: fmt.Sprintf("transaction %d of %s", len(e.Details)+1, pl.en), nl: fmt.Sprintf("transactie %d van %s", len(e.Details)+1, pl.nl)}
			p.nTx++
			d, err := p.detail(&nd.TxDtls[j], tpl)
			if err != nil {
				return Entry{}, err
			}
			e.Details = append(e.Details, d)
		}
	}
	if !counted {
		e.Transactions = len(e.Details)
	}
	e.Batch = len(e.Details) > 1 || (batch && e.Transactions != 1)
	return e, nil
}

// detail reads one TxDtls.
func (p *parser) detail(x *xTxDetails, pl place) (Detail, error) {
	d := Detail{
		EndToEndID:    trim(x.Refs.EndToEndID),
		PaymentInfoID: trim(x.Refs.PmtInfID),
		InstructionID: trim(x.Refs.InstrID),
		MessageID:     trim(x.Refs.MsgID),
	}
	amt, el := x.TxAmt, "AmtDtls/TxAmt/Amt"
	if amt == nil {
		amt, el = x.Amt, "Amt"
	}
	if amt != nil {
		var err error
		if d.Amount, err = p.amount(amt, pl, el, true); err != nil {
			return Detail{}, err
		}
	}
	if r := x.RtrInf; r != nil {
		ret := &Return{Reason: trim(r.Rsn.Cd)}
		if ret.Reason == "" {
			ret.Reason = trim(r.Rsn.Prtry)
		}
		var info []string
		for _, s := range r.AddtlInf {
			if s = trim(s); s != "" {
				info = append(info, s)
			}
		}
		ret.Info = strings.Join(info, " ")
		d.Return = ret
	}
	return d, nil
}

// originalGroup reads pain.002 OrgnlGrpInfAndSts.
func (p *parser) originalGroup(r *StatusReport, se xml.StartElement) error {
	var x xOriginalGroup
	if err := p.d.DecodeElement(&x, &se); err != nil {
		return err
	}
	pl := place{line: p.g.line("OrgnlGrpInfAndSts", 0), en: "the original group information (OrgnlGrpInfAndSts)", nl: "de gegevens van het oorspronkelijke bestand (OrgnlGrpInfAndSts)"}
	if r.OriginalMessageID = trim(x.OrgnlMsgID); r.OriginalMessageID == "" {
		return p.missingAt(pl, "OrgnlMsgId")
	}
	if r.OriginalKind = trim(x.OrgnlMsgNmID); r.OriginalKind == "" {
		return p.missingAt(pl, "OrgnlMsgNmId")
	}
	r.GroupStatus = trim(x.GrpSts)
	r.GroupReason = firstReason(x.StsRsnInf)
	return nil
}

// block reads the n-th (from 0) pain.002 OrgnlPmtInfAndSts.
func (p *parser) block(se xml.StartElement, n int) (BlockStatus, error) {
	var x xOriginalBlock
	if err := p.d.DecodeElement(&x, &se); err != nil {
		return BlockStatus{}, err
	}
	pl := place{line: p.g.line("OrgnlPmtInfAndSts", p.nBlock), en: fmt.Sprintf("payment information block %d (OrgnlPmtInfAndSts)", n+1), nl: fmt.Sprintf("betaalopdracht %d (OrgnlPmtInfAndSts)", n+1)}
	p.nBlock++
	b := BlockStatus{PaymentInfoID: trim(x.OrgnlPmtInfID), Status: trim(x.PmtInfSts), Reason: firstReason(x.StsRsnInf)}
	if b.PaymentInfoID == "" {
		return BlockStatus{}, p.missingAt(pl, "OrgnlPmtInfId")
	}
	pl.en = fmt.Sprintf("payment information block %s", b.PaymentInfoID)
	pl.nl = fmt.Sprintf("betaalopdracht %s", b.PaymentInfoID)
	for i := range x.TxInfAndSts {
		t := &x.TxInfAndSts[i]
		tpl := place{line: p.g.line("TxInfAndSts", p.nTxSts), en: fmt.Sprintf("transaction %d of %s", i+1, pl.en), nl: fmt.Sprintf("transactie %d van %s", i+1, pl.nl)}
		p.nTxSts++
		ts := TransactionStatus{EndToEndID: trim(t.OrgnlEndToEndID), Status: trim(t.TxSts), Reason: firstReason(t.StsRsnInf)}
		if t.InstdAmt != nil {
			var err error
			if ts.Amount, err = p.amount(t.InstdAmt, tpl, "OrgnlTxRef/Amt/InstdAmt", true); err != nil {
				return BlockStatus{}, err
			}
		}
		b.Transactions = append(b.Transactions, ts)
	}
	return b, nil
}

// firstReason is the code of the first status reason (Rsn/Cd, else
// Rsn/Prtry), or "".
func firstReason(rs []xStatusReason) string {
	for _, r := range rs {
		if c := trim(r.Rsn.Cd); c != "" {
			return c
		}
		if c := trim(r.Rsn.Prtry); c != "" {
			return c
		}
	}
	return ""
}

// maxIntDigits is the most digits before the point an amount may have:
// ISO 20022 amounts have at most 18 digits, 5 of them after the point
// (ActiveOrHistoricCurrencyAndAmount_SimpleType), and every one fits in
// ledger.Cents.
const maxIntDigits = 13

// amount reads an amount in euros into cents: present when required,
// in EUR, a decimal without sign (or "+") and with at most two decimals
// (the ISO 4217 minor unit of the euro, which the message definitions
// require amounts to keep to). el names the element.
func (p *parser) amount(x *xAmount, pl place, el string, required bool) (ledger.Cents, error) {
	if x == nil {
		if required {
			return 0, p.missingAt(pl, el+" (the amount)")
		}
		return 0, nil
	}
	switch c := trim(x.Ccy); c {
	case "EUR":
	case "":
		return 0, p.missingAt(pl, el+"/@Ccy (the currency of the amount)")
	default:
		return 0, p.currency(pl, el, el, c)
	}
	s := trim(x.Value)
	if s == "" {
		return 0, p.missingAt(pl, el+" (the amount)")
	}
	t := strings.TrimPrefix(s, "+")
	if strings.HasPrefix(t, "-") {
		return 0, p.invalid(ProblemAmount, pl, el, s, "amounts in a bank file are never negative; the direction is in CdtDbtInd", "bedragen in een bankbestand zijn nooit negatief; of het bij of af is, staat in CdtDbtInd")
	}
	whole, frac, point := strings.Cut(t, ".")
	if whole == "" || !digits(whole) || point && (frac == "" || !digits(frac)) {
		return 0, p.invalid(ProblemAmount, pl, el, s, "that is no amount; amounts are written as 125.50", "dat is geen bedrag; bedragen worden geschreven als 125.50")
	}
	if len(frac) > 2 {
		return 0, p.invalid(ProblemAmount, pl, el, s,
			fmt.Sprintf("it has %d decimals, and a euro amount has at most two (whole cents)", len(frac)),
			fmt.Sprintf("dat heeft %d cijfers achter de punt, en een bedrag in euro heeft er hoogstens twee (hele centen)", len(frac)))
	}
	if len(strings.TrimLeft(whole, "0")) > maxIntDigits {
		return 0, p.invalid(ProblemAmount, pl, el, s, "it is larger than any amount a message can carry", "dat is groter dan enig bedrag dat een bericht kan bevatten")
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return 0, p.invalid(ProblemAmount, pl, el, s, "that is no amount; amounts are written as 125.50", "dat is geen bedrag; bedragen worden geschreven als 125.50")
	}
	return ledger.Cents(d.Shift(2).IntPart()), nil
}

// digits reports whether s is ASCII digits only.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// currency refuses a part (what and wat: an element, or the account, in
// English and Dutch) for being in currency c.
func (p *parser) currency(pl place, what, wat, c string) *Error {
	at, bij := pl.prefix()
	return newError(ProblemCurrency, pl.line,
		fmt.Sprintf("%s%s: %s is in %s, not in euros. ontschot pays and keeps its pots in euros only: import the statement of the pot's euro account.", at, upperFirst(pl.en), what, c),
		fmt.Sprintf("%s%s: %s is in %s, niet in euro. ontschot betaalt en beheert potten alleen in euro: lees het afschrift van de eurorekening van de pot in.", bij, upperFirst(pl.nl), wat, c))
}
