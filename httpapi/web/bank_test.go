package web_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// upload posts a file to the bank page as the browser's form does
// (multipart/form-data), with the CSRF token of the page.
func (b *browser) upload(name string, content []byte) page {
	b.t.Helper()
	from := wantStatus(b.t, b.get("/financien/bank"), http.StatusOK)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("csrf", csrfOf(b.t, from.Body)); err != nil {
		b.t.Fatal(err)
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			b.t.Fatal(err)
		}
		if _, err := fw.Write(content); err != nil {
			b.t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		b.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, b.e.srv.URL+"/financien/bank", &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// fixture reads a bank file of ledger/bankfile/testdata.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(bt.Path(name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// bankEntryCount is how many entries of the bank's files the ledger keeps.
func (e *env) bankEntryCount() int {
	e.t.Helper()
	rows, err := e.store.BankEntries(context.Background(), ledgertest.Finance, ledger.BankEntryQuery{})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(rows)
}

// refusal is the Dutch sentence bankfile gives for a fixture it refuses.
func refusal(t *testing.T, name string) string {
	t.Helper()
	_, err := bankfile.Read(bytes.NewReader(fixture(t, name)))
	var refused *bankfile.Error
	if !errors.As(err, &refused) {
		t.Fatalf("bankfile.Read(%s) = %v; want a refusal", name, err)
	}
	return refused.Dutch
}

// TestBankPageImports: finance uploads the bank's statement and sees what
// it did (its debits are of payment files this ledger never made: not
// recognised, and listed to look into); the same file again changes
// nothing and says when it was first imported; ontschot's own payment
// file, an XML bomb, no file and a file larger than bankfile.MaxSize are
// refused in Dutch beside the field, and import nothing.
func TestBankPageImports(t *testing.T) {
	e := newEnv(t, finance, caseworker, auditor)
	b := e.browser(t)
	b.signIn(finance)

	empty := wantStatus(t, b.get("/financien/bank"), http.StatusOK)
	wantText(t, empty, "<h1>Bankbestanden</h1>", `enctype="multipart/form-data"`, "Er is nog geen bestand van de bank ingelezen.")
	if links := navLinks(empty); !strings.Contains(strings.Join(links, " "), "/financien/bank") || !strings.Contains(empty.Body, `href="/financien/bank" aria-current="page"`) {
		t.Errorf("the finance menu %v lacks Bankbestanden as the current page", links)
	}

	first := wantStatus(t, b.upload("afschrift.xml", fixture(t, bt.Camt053v02)), http.StatusOK)
	wantText(t, first, "afschrift.xml: rekeningafschrift (camt.053.001.02)", "Afgeschreven: 0; teruggekomen of geweigerd: 0; niet herkend: 2.",
		"Bijschrijvingen: 1.", "<h3>Niet herkend</h3>", bt.PayB1, "“"+bt.PayB1+"” is geen uitbetaling van ontschot.", "€ 640,00")
	if strings.Contains(first.Body, "error-summary") {
		t.Errorf("an import that worked shows an error:\n%s", first.Body)
	}
	kept := e.bankEntryCount()
	if kept != 3 {
		t.Fatalf("the ledger keeps %d entries after the import; want 3", kept)
	}
	// The page itself now lists what to look into.
	listed := wantStatus(t, b.get("/financien/bank"), http.StatusOK)
	wantText(t, listed, "<h2>Uit te zoeken</h2>", bt.PayB1, "bijschrijving")

	again := wantStatus(t, b.upload("afschrift-nogmaals.xml", fixture(t, bt.Camt053v02)), http.StatusOK)
	wantText(t, again, "Dit bestand is al eerder ingelezen op 10 maart 2026", "door "+finance+"; er is niets veranderd.")
	if got := e.bankEntryCount(); got != kept {
		t.Errorf("the same file again: %d entries; want %d", got, kept)
	}

	for _, tc := range []struct {
		name, file string
	}{{"OwnPaymentFile", bt.Pain001}, {"Bomb", bt.Bomb}, {"Malformed", bt.Malformed}} {
		t.Run(tc.name, func(t *testing.T) {
			p := wantStatus(t, b.upload(tc.file, fixture(t, tc.file)), http.StatusBadRequest)
			if got, want := fieldError(p, "file"), refusal(t, tc.file); got != want {
				t.Errorf("the message beside the file is %q; want %q", got, want)
			}
			wantText(t, p, `href="#file"`, `aria-invalid="true"`)
			if got := e.bankEntryCount(); got != kept {
				t.Errorf("%d entries after the refusal; want %d", got, kept)
			}
		})
	}
	t.Run("NoFile", func(t *testing.T) {
		p := wantStatus(t, b.upload("", nil), http.StatusBadRequest)
		if got := fieldError(p, "file"); !strings.HasPrefix(got, "Kies het bestand van de bank") {
			t.Errorf("the message beside the file is %q", got)
		}
	})
	t.Run("TooLarge", func(t *testing.T) {
		// Just over what bankfile reads: the page reads it whole and
		// refuses it; far over: the page stops reading at its limit,
		// before the form's token.
		for _, size := range []int{bankfile.MaxSize + 1, bankfile.MaxSize + 200<<10} {
			big := bytes.Repeat([]byte(" "), size)
			p := wantStatus(t, b.upload("groot.xml", big), http.StatusRequestEntityTooLarge)
			if got := fieldError(p, "file"); !strings.HasPrefix(got, fmt.Sprintf("Het bestand is groter dan %d MiB", bankfile.MaxSize>>20)) {
				t.Errorf("%d bytes: the message beside the file is %q", size, got)
			}
		}
		if got := e.bankEntryCount(); got != kept {
			t.Errorf("%d entries after the refusal; want %d", got, kept)
		}
	})

	t.Run("Caseworker", func(t *testing.T) {
		c := e.browser(t)
		c.signIn(caseworker)
		wantStatus(t, c.get("/financien/bank"), http.StatusForbidden)
		// The form of a finance page, posted by a caseworker.
		req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/financien/bank", strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		p := wantStatus(t, c.do(req), http.StatusForbidden)
		wantText(t, p, "Geen toegang")
	})
	t.Run("Auditor", func(t *testing.T) {
		a := e.browser(t)
		a.signIn(auditor)
		p := wantStatus(t, a.get("/financien/bank"), http.StatusOK)
		wantText(t, p, "<h2>Uit te zoeken</h2>", bt.PayB1)
		if strings.Contains(p.Body, `enctype="multipart/form-data"`) {
			t.Errorf("an auditor is offered the upload form")
		}
		if !strings.Contains(p.Body, `href="/financien/bank" aria-current="page"`) {
			t.Errorf("the auditor's menu lacks Bankbestanden: %v", navLinks(p))
		}
	})
}

// camt053 is a camt.053.001.08 statement of account iban booked on day
// with entries (each a Ntry element).
func camt053(iban, day string, entries ...string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>BNG053-` + day + `-TEST</MsgId><CreDtTm>` + day + `T05:10:02+01:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>` + day + `-` + iban + `</Id>
      <CreDtTm>` + day + `T05:10:02+01:00</CreDtTm>
      <Acct><Id><IBAN>` + iban + `</IBAN></Id><Ccy>EUR</Ccy></Acct>
      ` + strings.Join(entries, "\n      ") + `
    </Stmt>
  </BkToCstmrStmt>
</Document>
`)
}

// camtEntry is a booked entry for one payout: a debit that settles it, or
// a credit that returns it with a reason code.
func camtEntry(ref string, id ledger.PayoutID, amount ledger.Cents, day string, debit bool, reason string) string {
	ind, rtr := "CRDT", ""
	if debit {
		ind = "DBIT"
	}
	if reason != "" {
		rtr = `<RtrInf><Rsn><Cd>` + reason + `</Cd></Rsn></RtrInf>`
	}
	return `<Ntry>
        <NtryRef>` + ref + `</NtryRef>
        <Amt Ccy="EUR">` + amount.String() + `</Amt>
        <CdtDbtInd>` + ind + `</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>` + day + `</Dt></BookgDt>
        <ValDt><Dt>` + day + `</Dt></ValDt>
        <AcctSvcrRef>` + ref + `</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>` + string(id) + `</EndToEndId></Refs>
          <Amt Ccy="EUR">` + amount.String() + `</Amt>
          <CdtDbtInd>` + ind + `</CdtDbtInd>
          ` + rtr + `
        </TxDtls></NtryDtls>
      </Ntry>`
}

// TestCaseworkerSeesWhatTheBankDid: two paid payouts, one booked by the
// bank and one sent back (AC04, the account is closed). Finance's upload
// says so with a link to each; the caseworker who requested them sees on
// each payout's page and in "Mijn aanvragen" that the one was debited on
// the booking date and why the other came back.
func TestCaseworkerSeesWhatTheBankDid(t *testing.T) {
	e := newEnv(t, finance, caseworker)
	ctx := context.Background()
	cw := ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}
	var ps []ledger.Payout
	for _, amount := range []ledger.Cents{bt.AmountA1, bt.AmountA2} {
		p, err := e.store.RequestPayout(ctx, cw, ledgertest.ValidRequest(e.pot.ID, amount))
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	settled, returned := ps[0], ps[1]
	account := ledgertest.DebtorAccount()
	account.IBAN = ledger.IBAN(bt.DebtorIBAN)
	if _, err := e.store.SetDebtorAccount(ctx, ledgertest.Finance, e.pot.ID, account, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{PotID: e.pot.ID}); err != nil {
		t.Fatal(err)
	}
	e.clock.SetDate(2026, time.March, 11)
	file := camt053(bt.DebtorIBAN, "2026-03-11",
		camtEntry("2026031100000001", settled.ID, settled.Amount, "2026-03-11", true, ""),
		camtEntry("2026031100000002", returned.ID, returned.Amount, "2026-03-11", false, "AC04"))

	f := e.browser(t)
	f.signIn(finance)
	done := wantStatus(t, f.upload("afschrift-11-maart.xml", file), http.StatusOK)
	ac04 := ledger.BankReasonOf("AC04").Dutch
	wantText(t, done, "Afgeschreven: 1; teruggekomen of geweigerd: 1; niet herkend: 0.", "<h3>Afgeschreven</h3>", "<h3>Teruggekomen</h3>",
		`<a href="/aanvragen/`+string(settled.ID)+`">`, `<a href="/aanvragen/`+string(returned.ID)+`">`, "AC04", ac04, "11 maart 2026")

	c := e.browser(t)
	c.signIn(caseworker)
	back := wantStatus(t, c.get("/aanvragen/"+string(returned.ID)), http.StatusOK)
	wantText(t, back, "Teruggekomen van de bank", "Deze uitbetaling is teruggekomen van de bank op 11 maart 2026 (redencode AC04)", ac04)
	booked := wantStatus(t, c.get("/aanvragen/"+string(settled.ID)), http.StatusOK)
	wantText(t, booked, "Deze uitbetaling is afgeschreven door de bank op 11 maart 2026.")
	list := wantStatus(t, c.get("/aanvragen"), http.StatusOK)
	wantText(t, list, "teruggekomen van de bank</span> <span class=\"status-note\">op 11 maart 2026, redencode AC04</span>", ac04,
		"afgeschreven door de bank</span> <span class=\"status-note\">op 11 maart 2026</span>")
}
