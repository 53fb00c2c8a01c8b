package ledgertest

import (
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

func testPayouts(t *testing.T, open Opener) {
	t.Run("WithinMandateApprovedAtOnce", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 1500_00)
		if p.Status != ledger.StatusApproved {
			t.Fatalf("status = %s; want approved (1500.00 is the caseworker's limit)", p.Status)
		}
		d := p.Decision
		if d == nil || !d.OwnMandate || d.By != Caseworker.User || d.Mandate.Role != ledger.RoleCaseworker || d.Mandate.Limit != 1500_00 {
			t.Fatalf("decision = %+v; want own mandate of the caseworker", d)
		}
		if !ledger.ValidID(ledger.PayoutPrefix, string(p.ID)) || len(p.ID) > 35 {
			t.Fatalf("id %q is not a payout id that fits an EndToEndId", p.ID)
		}
		if p.Payee.IBAN != "NL91ABNA0417164300" || p.Payee.Name != "Woonstichting De Kern" {
			t.Fatalf("payee = %+v; want the IBAN in electronic form", p.Payee)
		}
		f.wantBalance(10000_00, 8500_00, 0, 1500_00)
		got, err := f.store.Payout(f.ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != ledger.StatusApproved || got.Amount != 1500_00 || got.Payee != p.Payee || got.Decision == nil ||
			!got.Decision.OwnMandate || len(got.Justification.DeviatesFrom) != 1 || got.Justification.Severity != 4 ||
			got.Justification.StuckSince != ledger.NewDate(2025, time.December, 1) || got.ValueDate != ledger.DateOf(Start) {
			t.Fatalf("stored payout = %+v; want it as requested", got)
		}
		f.verify()
	})
	t.Run("AboveMandatePendingAndHeld", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 1500_01)
		if p.Status != ledger.StatusPending || p.Decision != nil {
			t.Fatalf("payout = %+v; want pending without a decision", p)
		}
		f.wantBalance(10000_00, 8499_99, 1500_01, 0)
		f.verify()
	})
	t.Run("ApproverWithinOwnMandate", func(t *testing.T) {
		f := newFixture(t, open, 20000_00)
		if p := f.mustRequest(Teamlead, 5000_00); p.Status != ledger.StatusApproved || p.Decision.Mandate.Role != ledger.RoleTeamlead {
			t.Fatalf("payout = %+v; want approved under the teamlead's mandate", p)
		}
		if p := f.mustRequest(Teamlead, 5000_01); p.Status != ledger.StatusPending {
			t.Fatalf("status = %s; want pending above the teamlead's limit", p.Status)
		}
	})
	t.Run("ErrInsufficientFunds", func(t *testing.T) {
		f := newFixture(t, open, 1000_00)
		f.mustRequest(Caseworker, 600_00)
		before := f.snapshot()
		_, err := f.store.RequestPayout(f.ctx, Caseworker, f.request(400_01))
		wantCode(t, err, ledger.EINSUFFICIENT)
		if !strings.Contains(err.Error(), "400.00 available") {
			t.Fatalf("error %q does not say how much is available (400.00)", err)
		}
		f.unchanged(before)
		// A request above the mandate must find money for its hold too.
		_, err = f.store.RequestPayout(f.ctx, Caseworker, f.request(2000_00))
		wantCode(t, err, ledger.EINSUFFICIENT)
		f.unchanged(before)
		if p := f.mustRequest(Caseworker, 400_00); p.Status != ledger.StatusApproved {
			t.Fatalf("status = %s; want the last 400.00 approved", p.Status)
		}
		f.wantBalance(1000_00, 0, 0, 1000_00)
	})
	t.Run("HeldMoneyIsNotAvailable", func(t *testing.T) {
		f := newFixture(t, open, 3000_00)
		f.mustRequest(Caseworker, 2000_00) // pending, holds 2000.00
		_, err := f.store.RequestPayout(f.ctx, Caseworker, f.request(1000_01))
		wantCode(t, err, ledger.EINSUFFICIENT)
		f.wantBalance(3000_00, 1000_00, 2000_00, 0)
	})
	t.Run("Overdraft", func(t *testing.T) {
		f := newFixture(t, open, 0)
		pot := f.mustPot("Noodpot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, OverdraftLimit: 500_00, Mandates: Ladder()})
		f.mustContribute(pot.ID, f.partner.ID, 1000_00)
		p, err := f.store.RequestPayout(f.ctx, Caseworker, ValidRequest(pot.ID, 1500_00))
		if err != nil || p.Status != ledger.StatusApproved {
			t.Fatalf("RequestPayout within the overdraft = %+v, %v", p, err)
		}
		_, err = f.store.RequestPayout(f.ctx, Caseworker, ValidRequest(pot.ID, 0_01))
		wantCode(t, err, ledger.EINSUFFICIENT)
		if !strings.Contains(err.Error(), "overdraft") {
			t.Fatalf("error %q does not mention the overdraft", err)
		}
		b, _ := f.store.Balance(f.ctx, pot.ID)
		if b.Available != -500_00 {
			t.Fatalf("available = %s; want -500.00", b.Available)
		}
	})
	t.Run("ErrRoleWithoutMandate", func(t *testing.T) {
		f := newFixture(t, open, 0)
		pot := f.mustPot("Wethouderspot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport,
			Mandates: []ledger.MandateLevel{{Role: ledger.RoleManager, Limit: 1000_00}, {Role: ledger.RoleAlderman, Limit: 2000_00}}})
		f.mustContribute(pot.ID, f.partner.ID, 10000_00)
		_, err := f.store.RequestPayout(f.ctx, Caseworker, ValidRequest(pot.ID, 10_00))
		wantCode(t, err, ledger.EFORBIDDEN)
		// Above every level of a ladder without an unlimited top: nobody could approve it.
		_, err = f.store.RequestPayout(f.ctx, Manager, ValidRequest(pot.ID, 2000_01))
		wantCode(t, err, ledger.EMANDATE)
		for _, a := range []ledger.Actor{Finance, Admin, Auditor} {
			_, err = f.store.RequestPayout(f.ctx, a, ValidRequest(pot.ID, 10_00))
			wantCode(t, err, ledger.EFORBIDDEN)
		}
	})
	t.Run("ErrOutsidePotYear", func(t *testing.T) {
		f := newFixture(t, open, 1000_00)
		f.clock.SetDate(2027, time.January, 4)
		_, err := f.store.RequestPayout(f.ctx, Caseworker, f.request(10_00))
		wantCode(t, err, ledger.ECONFLICT)
	})
	t.Run("ZaakURLAsCaseRef", func(t *testing.T) {
		f := newFixture(t, open, 1000_00)
		r := f.request(10_00)
		r.CaseRef = "https://zaken.leeuwarden.nl/zaken/api/v1/zaken/5d9f6c2e-3b1a-4c8e-9f4a-2b7e1d0c3a55"
		p, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil || p.CaseRef != r.CaseRef {
			t.Fatalf("RequestPayout with a zaak URL = %+v, %v", p.CaseRef, err)
		}
	})
	t.Run("PageAfterAPayoutThatIsNot", func(t *testing.T) {
		// A cursor in the form of a payout id that names no payout (one
		// from another ledger, say) gives an empty page, not the first.
		f := newFixture(t, open, 1000_00)
		f.mustRequest(Caseworker, 10_00)
		page, err := f.store.Payouts(f.ctx, ledger.PayoutFilter{After: "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV"})
		if err != nil || len(page.Payouts) != 0 || page.Next != "" {
			t.Fatalf("page after an unknown payout = %+v, %v; want an empty last page", page, err)
		}
	})
	t.Run("FactsInRequestOrder", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		a := f.mustRequest(Caseworker, 100_00)
		b := f.mustRequest(Caseworker, 2000_00)
		c := f.mustRequest(Caseworker, 300_00)
		facts, err := ledger.CollectFacts(f.ctx, f.store, ledger.FactFilter{})
		if err != nil || len(facts) != 3 || facts[0].ID != a.ID || facts[1].ID != b.ID || facts[2].ID != c.ID {
			t.Fatalf("facts = %+v, %v; want %s, %s, %s, oldest request first", facts, err, a.ID, b.ID, c.ID)
		}
		for _, x := range facts {
			if !x.WeighingComplete || x.Severity != 4 || x.RequestedBy != Caseworker.User {
				t.Fatalf("fact %s = %+v; want a complete weighing of severity 4 by the caseworker", x.ID, x)
			}
		}
		if x := facts[0]; !x.OwnMandate || x.Outcome != ledger.OutcomeApprove || x.Mandate.Limit != 1500_00 || x.DecidedAt.IsZero() {
			t.Fatalf("fact of the payout approved at once = %+v", x)
		}
		if x := facts[1]; x.Status != ledger.StatusPending || !x.DecidedAt.IsZero() || x.Outcome != "" || x.Mandate != (ledger.MandateLevel{}) {
			t.Fatalf("fact of the waiting payout = %+v; want no decision", x)
		}
	})
	t.Run("EraseClosedPayoutsRequestedBeforeTheDate", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		approved := f.mustRequest(Caseworker, 100_00)
		reject := func() ledger.Payout {
			t.Helper()
			// The payee's reference is personal data too: kept, and
			// erased with the payee.
			r := ValidRequest(f.pot.ID, 2000_00)
			r.Payee.Reference = "Huurcontract 88123"
			p, err := f.store.RequestPayout(f.ctx, Caseworker, r)
			if err != nil || p.Payee.Reference != r.Payee.Reference {
				t.Fatalf("RequestPayout = %+v, %v; want the payee's reference kept", p.Payee, err)
			}
			if _, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeReject, Note: "niet nodig"}); err != nil {
				t.Fatal(err)
			}
			return p
		}
		old := reject()
		f.clock.SetDate(2026, time.March, 11)
		onTheDay := reject()
		n, err := f.store.ErasePersonalData(f.ctx, Admin, ledger.DateOf(f.clock.Now()))
		if err != nil || n != 1 {
			t.Fatalf("ErasePersonalData = %d, %v; want only the payout closed and requested before the day", n, err)
		}
		for _, c := range []struct {
			p      ledger.Payout
			erased bool
		}{{approved, false}, {old, true}, {onTheDay, false}} {
			got, err := f.store.Payout(f.ctx, c.p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if c.erased && (!got.Payee.Erased || got.Payee.Name != "" || got.Payee.IBAN != "" || got.Payee.Reference != "") ||
				!c.erased && (got.Payee.Erased || got.Payee != c.p.Payee) {
				t.Fatalf("payout %s (%s, %s) payee = %+v; erased: want %t", got.ID, got.Status, got.ValueDate, got.Payee, c.erased)
			}
		}
		if v := f.verify(); v.Erased != 1 {
			t.Fatalf("verification counts %d erased records; want 1", v.Erased)
		}
	})
}

func testBadRequests(t *testing.T, open Opener) {
	mod := func(change func(r *ledger.PayoutRequest)) func(r *ledger.PayoutRequest) { return change }
	bad := []struct {
		name   string
		change func(r *ledger.PayoutRequest)
		code   string
		field  string
	}{
		{"ErrZeroAmount", mod(func(r *ledger.PayoutRequest) { r.Amount = 0 }), ledger.EINVALID, "amount"},
		{"ErrNegativeAmount", mod(func(r *ledger.PayoutRequest) { r.Amount = -100 }), ledger.EINVALID, "amount"},
		{"ErrAbsurdAmount", mod(func(r *ledger.PayoutRequest) { r.Amount = ledger.MaxPayout + 1 }), ledger.EINVALID, "amount"},
		{"ErrIBANChecksum", mod(func(r *ledger.PayoutRequest) { r.Payee.IBAN = "NL91ABNA0417164301" }), ledger.EINVALID, "payee.iban"},
		{"ErrIBANLength", mod(func(r *ledger.PayoutRequest) { r.Payee.IBAN = "NL91ABNA041716430" }), ledger.EINVALID, "payee.iban"},
		{"ErrIBANCountry", mod(func(r *ledger.PayoutRequest) { r.Payee.IBAN = "XX91ABNA0417164300" }), ledger.EINVALID, "payee.iban"},
		{"ErrIBANOutsideSEPA", mod(func(r *ledger.PayoutRequest) { r.Payee.IBAN = "TR330006100519786457841326" }), ledger.EINVALID, "payee.iban"},
		{"ErrIBANMissing", mod(func(r *ledger.PayoutRequest) { r.Payee.IBAN = "" }), ledger.EINVALID, "payee.iban"},
		{"ErrPayeeName", mod(func(r *ledger.PayoutRequest) { r.Payee.Name = "" }), ledger.EINVALID, "payee.name"},
		{"ErrReferenceTooLong", mod(func(r *ledger.PayoutRequest) { r.Payee.Reference = strings.Repeat("F", ledger.MaxPaymentReference+1) }), ledger.EINVALID, "payee.reference"},
		{"ErrReferenceChars", mod(func(r *ledger.PayoutRequest) { r.Payee.Reference = "F_2026_12" }), ledger.EINVALID, "payee.reference"},
		{"ErrReferenceAccent", mod(func(r *ledger.PayoutRequest) { r.Payee.Reference = "Huurcontract Súdwest 12" }), ledger.EINVALID, "payee.reference"},
		{"ErrReferenceTwoLines", mod(func(r *ledger.PayoutRequest) { r.Payee.Reference = "Factuur\n12" }), ledger.EINVALID, "payee.reference"},
		{"ErrBSNInReference", mod(func(r *ledger.PayoutRequest) { r.Payee.Reference = "Factuur 123 456 782" }), ledger.EINVALID, "payee.reference"},
		{"ErrUnknownPot", mod(func(r *ledger.PayoutRequest) { r.PotID = "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV" }), ledger.ENOTFOUND, ""},
		{"ErrNoPot", mod(func(r *ledger.PayoutRequest) { r.PotID = "" }), ledger.EINVALID, "potId"},
		{"ErrBSNCaseRef", mod(func(r *ledger.PayoutRequest) { r.CaseRef = "123456782" }), ledger.EINVALID, "caseRef"},
		{"ErrBSNCaseRefDotted", mod(func(r *ledger.PayoutRequest) { r.CaseRef = "WIJK-1234.56.782" }), ledger.EINVALID, "caseRef"},
		{"ErrNameAsCaseRef", mod(func(r *ledger.PayoutRequest) { r.CaseRef = "Jan de Vries" }), ledger.EINVALID, "caseRef"},
		{"ErrBadZaakURL", mod(func(r *ledger.PayoutRequest) { r.CaseRef = "https://zaken.example.nl/zaken/api/v1/zaken/42" }), ledger.EINVALID, "caseRef"},
		{"ErrHTTPZaakURL", mod(func(r *ledger.PayoutRequest) {
			r.CaseRef = "http://zaken.example.nl/zaken/api/v1/zaken/5d9f6c2e-3b1a-4c8e-9f4a-2b7e1d0c3a55"
		}), ledger.EINVALID, "caseRef"},
		{"ErrBSNInSituation", mod(func(r *ledger.PayoutRequest) {
			r.Justification.Situation = "Bewoner met BSN 123 456 782 heeft huurachterstand van drie maanden."
		}), ledger.EINVALID, "justification.situation"},
		{"ErrBSNInDeviation", mod(func(r *ledger.PayoutRequest) { r.Justification.DeviatesFrom = []string{"regel voor 111222333"} }), ledger.EINVALID, "justification.deviatesFrom[0]"},
		{"ErrBSNInPayeeName", mod(func(r *ledger.PayoutRequest) { r.Payee.Name = "J. Jansen 123456782" }), ledger.EINVALID, "payee.name"},
		{"ErrNoSituation", mod(func(r *ledger.PayoutRequest) { r.Justification.Situation = "" }), ledger.EINVALID, "justification.situation"},
		{"ErrShortSituation", mod(func(r *ledger.PayoutRequest) { r.Justification.Situation = "huur" }), ledger.EINVALID, "justification.situation"},
		{"ErrNoSeverity", mod(func(r *ledger.PayoutRequest) { r.Justification.Severity = 0 }), ledger.EINVALID, "justification.severity"},
		{"ErrSeverityTooHigh", mod(func(r *ledger.PayoutRequest) { r.Justification.Severity = 6 }), ledger.EINVALID, "justification.severity"},
		{"ErrNoInvolvement", mod(func(r *ledger.PayoutRequest) { r.Justification.ResidentInvolvement = " " }), ledger.EINVALID, "justification.residentInvolvement"},
		{"ErrNoReturn", mod(func(r *ledger.PayoutRequest) { r.Justification.ExpectedReturn = "" }), ledger.EINVALID, "justification.expectedReturn"},
		{"ErrNoDeviation", mod(func(r *ledger.PayoutRequest) { r.Justification.DeviatesFrom = nil }), ledger.EINVALID, "justification.deviatesFrom"},
		{"ErrDuplicateDeviation", mod(func(r *ledger.PayoutRequest) { r.Justification.DeviatesFrom = []string{"Pw art. 35", "pw  art. 35"} }), ledger.EINVALID, "justification.deviatesFrom[1]"},
		{"ErrNoRouteTried", mod(func(r *ledger.PayoutRequest) { r.Justification.RegularRouteTried = "" }), ledger.EINVALID, "justification.regularRouteTried"},
		{"ErrNoStuckSince", mod(func(r *ledger.PayoutRequest) { r.Justification.StuckSince = ledger.Date{} }), ledger.EINVALID, "justification.stuckSince"},
		{"ErrStuckSinceFuture", mod(func(r *ledger.PayoutRequest) { r.Justification.StuckSince = ledger.DateOf(Start).AddDays(1) }), ledger.EINVALID, "justification.stuckSince"},
		{"ErrUnknownCategory", mod(func(r *ledger.PayoutRequest) { r.Category = "holiday" }), ledger.EINVALID, "category"},
		{"ErrBadCategory", mod(func(r *ledger.PayoutRequest) { r.Category = "Dental Care" }), ledger.EINVALID, "category"},
		{"ErrUrgency", mod(func(r *ledger.PayoutRequest) { r.Urgency = "asap" }), ledger.EINVALID, "urgency"},
		{"ErrControlCharacter", mod(func(r *ledger.PayoutRequest) { r.Justification.ExpectedReturn = "Behoud\x00 van woning" }), ledger.EINVALID, "justification.expectedReturn"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, open, 10000_00)
			before := f.snapshot()
			r := f.request(100_00)
			tt.change(&r)
			_, err := f.store.RequestPayout(f.ctx, Caseworker, r)
			if tt.field != "" {
				wantField(t, err, tt.field)
			} else {
				wantCode(t, err, tt.code)
			}
			if msg := ledger.ErrorMessage(err); len(msg) < 20 {
				t.Fatalf("error message %q does not explain what to fix", msg)
			}
			f.unchanged(before)
			f.wantBalance(10000_00, 10000_00, 0, 0)
		})
	}
	t.Run("AllFieldsAtFaultAreListed", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		_, err := f.store.RequestPayout(f.ctx, Caseworker, ledger.PayoutRequest{PotID: f.pot.ID})
		for _, field := range []string{"amount", "payee.name", "payee.iban", "caseRef", "category",
			"justification.situation", "justification.severity", "justification.residentInvolvement",
			"justification.expectedReturn", "justification.deviatesFrom", "justification.regularRouteTried", "justification.stuckSince"} {
			wantField(t, err, field)
		}
	})
	t.Run("UrgencyDefaultsToNormal", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		r := f.request(10_00)
		r.Urgency = ""
		p, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil || p.Urgency != ledger.UrgencyNormal {
			t.Fatalf("urgency = %q, %v; want normal", p.Urgency, err)
		}
	})
}

func testDecisions(t *testing.T, open Opener) {
	t.Run("ApproveByCoveringLevel", func(t *testing.T) {
		f := newFixture(t, open, 30000_00)
		p := f.mustRequest(Caseworker, 20000_00)
		f.wantBalance(30000_00, 10000_00, 20000_00, 0)
		before := f.snapshot()
		_, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove})
		wantCode(t, err, ledger.EMANDATE)
		if !strings.Contains(err.Error(), "manager or alderman") {
			t.Fatalf("error %q does not say who can decide", err)
		}
		f.unchanged(before)
		got, err := f.store.DecidePayout(f.ctx, Manager, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove, Note: "Goedkoopste oplossing."})
		if err != nil {
			t.Fatal(err)
		}
		d := got.Decision
		if got.Status != ledger.StatusApproved || d.By != Manager.User || d.OwnMandate || d.Mandate.Limit != 25000_00 || d.Note != "Goedkoopste oplossing." {
			t.Fatalf("payout = %+v, decision %+v", got, d)
		}
		if got.Payee.IBAN == "" {
			t.Fatalf("the decided payout lost its payee")
		}
		f.wantBalance(30000_00, 10000_00, 0, 20000_00)
		stored, _ := f.store.Payout(f.ctx, p.ID)
		if stored.Decision == nil || stored.Decision.By != Manager.User || stored.Decision.Mandate.Role != ledger.RoleManager {
			t.Fatalf("stored decision = %+v", stored.Decision)
		}
		f.verify()
	})
	t.Run("UnlimitedLevel", func(t *testing.T) {
		f := newFixture(t, open, 1_000_000_00)
		p := f.mustRequest(Manager, 900_000_00)
		got, err := f.store.DecidePayout(f.ctx, Alderman, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove})
		if err != nil || got.Status != ledger.StatusApproved || !got.Decision.Mandate.Unlimited {
			t.Fatalf("DecidePayout by the alderman = %+v, %v", got.Decision, err)
		}
	})
	t.Run("ErrOwnRequest", func(t *testing.T) {
		f := newFixture(t, open, 60000_00)
		p := f.mustRequest(Teamlead, 6000_00)
		_, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove})
		wantCode(t, err, ledger.EFORBIDDEN)
		// Even someone whose level covers it may not decide their own request.
		p = f.mustRequest(Manager, 30000_00)
		_, err = f.store.DecidePayout(f.ctx, Manager, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeReject, Note: "eigen verzoek"})
		wantCode(t, err, ledger.EFORBIDDEN)
	})
	t.Run("ErrRoleCannotDecide", func(t *testing.T) {
		f := newFixture(t, open, 30000_00)
		p := f.mustRequest(Caseworker, 2000_00)
		for _, a := range []ledger.Actor{Colleague, Finance, Admin, Auditor} {
			_, err := f.store.DecidePayout(f.ctx, a, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove})
			wantCode(t, err, ledger.EFORBIDDEN)
		}
	})
	t.Run("Reject", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 4000_00)
		_, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeReject})
		wantField(t, err, "note")
		got, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeReject, Note: "Eerst de voorliggende voorziening aanvragen."})
		if err != nil || got.Status != ledger.StatusRejected {
			t.Fatalf("Reject = %+v, %v", got.Status, err)
		}
		f.wantBalance(10000_00, 10000_00, 0, 0)
		_, err = f.store.DecidePayout(f.ctx, Teamlead2, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove})
		wantCode(t, err, ledger.ECONFLICT)
		f.verify()
	})
	t.Run("ErrDecideTwice", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 4000_00)
		if _, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove}); err != nil {
			t.Fatal(err)
		}
		before := f.snapshot()
		_, err := f.store.DecidePayout(f.ctx, Teamlead2, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove})
		wantCode(t, err, ledger.ECONFLICT)
		f.unchanged(before)
		f.wantBalance(10000_00, 6000_00, 0, 4000_00)
	})
	t.Run("ErrBadDecision", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 4000_00)
		_, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: p.ID, Outcome: "maybe"})
		wantField(t, err, "decision")
		_, err = f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV", Outcome: ledger.OutcomeApprove})
		wantCode(t, err, ledger.ENOTFOUND)
	})
}

func testReversals(t *testing.T, open Opener) {
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 1200_00)
		f.wantBalance(10000_00, 8800_00, 0, 1200_00)
		got, err := f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: p.ID, Reason: "Dubbel ingediend."})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != ledger.StatusReversed || got.Reversal == nil || got.Reversal.By != Finance.User || got.Reversal.Reason != "Dubbel ingediend." {
			t.Fatalf("payout = %+v", got)
		}
		f.wantBalance(10000_00, 10000_00, 0, 0)
		// The reversing transaction names the one it corrects; history stays.
		txs, err := f.store.Journal(f.ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		last := txs[len(txs)-1]
		var approval ledger.Transaction
		for _, tx := range txs {
			if tx.Kind == ledger.TxPayoutApproved && tx.Ref == string(p.ID) {
				approval = tx
			}
		}
		if last.Kind != ledger.TxPayoutReversed || last.Reverses != approval.Seq || approval.Seq == 0 {
			t.Fatalf("last transaction = %+v; want a reversal of transaction %d", last, approval.Seq)
		}
		f.verify()
	})
	t.Run("ErrNotApproved", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		pending := f.mustRequest(Caseworker, 4000_00)
		_, err := f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: pending.ID, Reason: "vergissing"})
		wantCode(t, err, ledger.ECONFLICT)
		p := f.mustRequest(Caseworker, 100_00)
		if _, err := f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: p.ID, Reason: "vergissing"}); err != nil {
			t.Fatal(err)
		}
		before := f.snapshot()
		_, err = f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: p.ID, Reason: "nog een keer"})
		wantCode(t, err, ledger.ECONFLICT)
		f.unchanged(before)
	})
	t.Run("ErrInput", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 100_00)
		_, err := f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: p.ID})
		wantField(t, err, "reason")
		_, err = f.store.ReversePayout(f.ctx, Caseworker, ledger.Reversal{PayoutID: p.ID, Reason: "vergissing"})
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV", Reason: "vergissing"})
		wantCode(t, err, ledger.ENOTFOUND)
	})
}
