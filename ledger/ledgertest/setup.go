package ledgertest

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

func testPartners(t *testing.T, open Opener) {
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t, open, 0)
		p := f.mustPartner("Zorgverzekeraar De Friesland", ledger.KindHealthInsurer)
		if !ledger.ValidID(ledger.PartnerPrefix, string(p.ID)) || p.Name != "Zorgverzekeraar De Friesland" || p.Kind != ledger.KindHealthInsurer {
			t.Fatalf("partner = %+v", p)
		}
		got, err := f.store.Partner(f.ctx, p.ID)
		if err != nil || got.Name != p.Name || got.Kind != p.Kind {
			t.Fatalf("Partner = %+v, %v; want %+v", got, err, p)
		}
		all, err := f.store.Partners(f.ctx)
		if err != nil || len(all) != 2 {
			t.Fatalf("Partners = %d partners, %v; want 2", len(all), err)
		}
	})
	t.Run("ErrNameRequired", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.CreatePartner(f.ctx, Admin, ledger.NewPartner{Name: "  ", Kind: ledger.KindOther})
		wantField(t, err, "name")
	})
	t.Run("ErrKind", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.CreatePartner(f.ctx, Admin, ledger.NewPartner{Name: "X", Kind: "bank"})
		wantField(t, err, "kind")
	})
	t.Run("ErrDuplicateName", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.CreatePartner(f.ctx, Admin, ledger.NewPartner{Name: "gemeente leeuwarden", Kind: ledger.KindMunicipality})
		wantCode(t, err, ledger.ECONFLICT)
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.CreatePartner(f.ctx, Finance, ledger.NewPartner{Name: "X", Kind: ledger.KindOther})
		wantCode(t, err, ledger.EFORBIDDEN)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.Partner(f.ctx, "PRT-01ARZ3NDEKTSV4RRFFQ69G5FAV")
		wantCode(t, err, ledger.ENOTFOUND)
		_, err = f.store.Partner(f.ctx, "'; DROP TABLE partners; --")
		wantCode(t, err, ledger.ENOTFOUND)
	})
}

func testPots(t *testing.T, open Opener) {
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t, open, 0)
		p := f.pot
		if !ledger.ValidID(ledger.PotPrefix, string(p.ID)) || p.Year != 2026 || p.RecoveryPolicy != ledger.PolicyRefund {
			t.Fatalf("pot = %+v", p)
		}
		if p.RegretThreshold != ledger.DefaultRegretThreshold {
			t.Fatalf("regret threshold = %s; want the default %s", p.RegretThreshold, ledger.DefaultRegretThreshold)
		}
		got, err := f.store.Pot(f.ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Mandates) != 4 || got.Mandates[0] != Ladder()[0] || !got.Mandates[3].Unlimited {
			t.Fatalf("mandates = %+v; want %+v", got.Mandates, Ladder())
		}
		f.wantBalance(0, 0, 0, 0)
	})
	t.Run("List", func(t *testing.T) {
		f := newFixture(t, open, 0)
		f.mustPot("Maatwerkbudget", ledger.NewPot{Year: 2025, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder()})
		f.mustPot("Armoedepot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder()})
		pots, err := f.store.Pots(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range pots {
			names = append(names, p.Name)
			if len(p.Mandates) != 4 {
				t.Fatalf("pot %s has %d mandate levels; want 4", p.Name, len(p.Mandates))
			}
		}
		if got, want := strings.Join(names, ","), "Armoedepot,Doorbraakpot,Maatwerkbudget"; got != want {
			t.Fatalf("pots = %s; want %s (newest year first, then by name)", got, want)
		}
	})
	t.Run("ErrDuplicateName", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.CreatePot(f.ctx, Admin, ledger.NewPot{Name: "DOORBRAAKPOT", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()})
		wantCode(t, err, ledger.ECONFLICT)
		// The same name for another year is another pot.
		f.mustPot("Doorbraakpot", ledger.NewPot{Year: 2027, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()})
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.CreatePot(f.ctx, Caseworker, ledger.NewPot{Name: "X", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()})
		wantCode(t, err, ledger.EFORBIDDEN)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.Pot(f.ctx, "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV")
		wantCode(t, err, ledger.ENOTFOUND)
		_, err = f.store.Balance(f.ctx, "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV")
		wantCode(t, err, ledger.ENOTFOUND)
	})
	badPots := []struct {
		name  string
		pot   ledger.NewPot
		field string
	}{
		{"ErrNameRequired", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()}, "name"},
		{"ErrYear", ledger.NewPot{Name: "X", Year: 26, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()}, "year"},
		{"ErrPolicy", ledger.NewPot{Name: "X", Year: 2026, RecoveryPolicy: "keep", Mandates: Ladder()}, "recoveryPolicy"},
		{"ErrThreshold", ledger.NewPot{Name: "X", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, RegretThreshold: 12000, Mandates: Ladder()}, "regretThreshold"},
		{"ErrOverdraft", ledger.NewPot{Name: "X", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, OverdraftLimit: -1, Mandates: Ladder()}, "overdraftLimit"},
		{"ErrNoLadder", ledger.NewPot{Name: "X", Year: 2026, RecoveryPolicy: ledger.PolicyRefund}, "mandates"},
		{"ErrLadderRole", ledger.NewPot{Name: "X", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: []ledger.MandateLevel{{Role: ledger.RoleFinance, Limit: 100}}}, "mandates[0].role"},
		{"ErrLadderDuplicate", ledger.NewPot{Name: "X", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: []ledger.MandateLevel{{Role: ledger.RoleCaseworker, Limit: 100}, {Role: ledger.RoleCaseworker, Limit: 200}}}, "mandates[1].role"},
		{"ErrLadderNotIncreasing", ledger.NewPot{Name: "X", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: []ledger.MandateLevel{{Role: ledger.RoleCaseworker, Limit: 500}, {Role: ledger.RoleTeamlead, Limit: 500}}}, "mandates[1].limit"},
		{"ErrLadderUnlimitedNotLast", ledger.NewPot{Name: "X", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: []ledger.MandateLevel{{Role: ledger.RoleManager, Unlimited: true}, {Role: ledger.RoleAlderman, Limit: 500}}}, "mandates[0].limit"},
		{"ErrLadderZeroLimit", ledger.NewPot{Name: "X", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: []ledger.MandateLevel{{Role: ledger.RoleCaseworker}}}, "mandates[0].limit"},
	}
	for _, tt := range badPots {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, open, 0)
			_, err := f.store.CreatePot(f.ctx, Admin, tt.pot)
			wantField(t, err, tt.field)
		})
	}
	t.Run("SetMandates", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		held := f.mustRequest(Caseworker, 4000_00)
		if held.Status != ledger.StatusPending {
			t.Fatalf("status = %s; want pending", held.Status)
		}
		ladder := []ledger.MandateLevel{{Role: ledger.RoleCaseworker, Limit: 5000_00}, {Role: ledger.RoleManager, Unlimited: true}}
		p, err := f.store.SetMandates(f.ctx, Admin, f.pot.ID, ladder, ledger.Escalation{}, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Mandates) != 2 || p.Mandates[0].Limit != 5000_00 {
			t.Fatalf("mandates = %+v", p.Mandates)
		}
		// A new request of the same amount is now within the caseworker's mandate.
		if p := f.mustRequest(Caseworker, 4000_00); p.Status != ledger.StatusApproved {
			t.Fatalf("status = %s; want approved under the new ladder", p.Status)
		}
		// The waiting request keeps its hold and is decided under the new ladder:
		// the teamlead has no level any more.
		_, err = f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeApprove})
		wantCode(t, err, ledger.EMANDATE)
		_, err = f.store.SetMandates(f.ctx, Finance, f.pot.ID, ladder, ledger.Escalation{}, "")
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = f.store.SetMandates(f.ctx, Admin, f.pot.ID, nil, ledger.Escalation{}, "")
		wantField(t, err, "mandates")
		f.wantBalance(10000_00, 2000_00, 4000_00, 4000_00)
		f.verify()
	})
}

func testFunding(t *testing.T, open Opener) {
	t.Run("PledgedAndReceived", func(t *testing.T) {
		f := newFixture(t, open, 0)
		insurer := f.mustPartner("De Friesland Zorgverzekeraar", ledger.KindHealthInsurer)
		if _, err := f.store.SetPledge(f.ctx, Admin, ledger.Pledge{PotID: f.pot.ID, PartnerID: f.partner.ID, Amount: 100000_00}); err != nil {
			t.Fatal(err)
		}
		fu, err := f.store.SetPledge(f.ctx, Finance, ledger.Pledge{PotID: f.pot.ID, PartnerID: insurer.ID, Amount: 100000_00})
		if err != nil || fu.Pledged != 100000_00 || fu.Received != 0 || fu.PartnerName != insurer.Name {
			t.Fatalf("SetPledge = %+v, %v", fu, err)
		}
		f.mustContribute(f.pot.ID, f.partner.ID, 50000_00)
		f.mustContribute(f.pot.ID, f.partner.ID, 25000_00)
		f.mustContribute(f.pot.ID, insurer.ID, 100000_00)
		fs, err := f.store.Funding(f.ctx, f.pot.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[ledger.PartnerID]ledger.Funding{}
		for _, x := range fs {
			got[x.PartnerID] = x
		}
		if g := got[f.partner.ID]; len(fs) != 2 || g.Pledged != 100000_00 || g.Received != 75000_00 {
			t.Fatalf("funding of the municipality = %+v (of %d rows); want pledged 100000.00, received 75000.00", g, len(fs))
		}
		if g := got[insurer.ID]; g.Received != 100000_00 {
			t.Fatalf("funding of the insurer = %+v; want received 100000.00", g)
		}
		f.wantBalance(175000_00, 175000_00, 0, 0)
		cs, err := f.store.Contributions(f.ctx, f.pot.ID)
		if err != nil || len(cs) != 3 {
			t.Fatalf("Contributions = %d, %v; want 3", len(cs), err)
		}
		if cs[0].JournalSeq == 0 || cs[0].Reference != "Bijdrage 2026" {
			t.Fatalf("contribution = %+v", cs[0])
		}
		f.verify()
	})
	t.Run("ContributionWithoutPledgeFundsThePot", func(t *testing.T) {
		f := newFixture(t, open, 0)
		f.mustContribute(f.pot.ID, f.partner.ID, 10_00)
		fs, err := f.store.Funding(f.ctx, "")
		if err != nil || len(fs) != 1 || fs[0].Pledged != 0 || fs[0].Received != 10_00 {
			t.Fatalf("Funding = %+v, %v", fs, err)
		}
	})
	today := ledger.DateOf(Start)
	bad := []struct {
		name  string
		c     ledger.NewContribution
		code  string
		field string
	}{
		{"ErrZeroAmount", ledger.NewContribution{Amount: 0, ValueDate: today, Reference: "x"}, ledger.EINVALID, "amount"},
		{"ErrNegativeAmount", ledger.NewContribution{Amount: -5, ValueDate: today, Reference: "x"}, ledger.EINVALID, "amount"},
		{"ErrFutureDate", ledger.NewContribution{Amount: 5, ValueDate: today.AddDays(1), Reference: "x"}, ledger.EINVALID, "valueDate"},
		{"ErrNoDate", ledger.NewContribution{Amount: 5, Reference: "x"}, ledger.EINVALID, "valueDate"},
		{"ErrNoReference", ledger.NewContribution{Amount: 5, ValueDate: today}, ledger.EINVALID, "reference"},
		{"ErrBSNInReference", ledger.NewContribution{Amount: 5, ValueDate: today, Reference: "bijdrage voor 123456782"}, ledger.EINVALID, "reference"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, open, 0)
			before := f.snapshot()
			tt.c.PotID, tt.c.PartnerID = f.pot.ID, f.partner.ID
			_, err := f.store.Contribute(f.ctx, Finance, tt.c)
			wantField(t, err, tt.field)
			f.unchanged(before)
		})
	}
	t.Run("ErrUnknownPotOrPartner", func(t *testing.T) {
		f := newFixture(t, open, 0)
		before := f.snapshot()
		_, err := f.store.Contribute(f.ctx, Finance, ledger.NewContribution{PotID: "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV", PartnerID: f.partner.ID, Amount: 5, ValueDate: today, Reference: "x"})
		wantCode(t, err, ledger.ENOTFOUND)
		_, err = f.store.Contribute(f.ctx, Finance, ledger.NewContribution{PotID: f.pot.ID, PartnerID: "PRT-01ARZ3NDEKTSV4RRFFQ69G5FAV", Amount: 5, ValueDate: today, Reference: "x"})
		wantCode(t, err, ledger.ENOTFOUND)
		f.unchanged(before)
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.Contribute(f.ctx, Caseworker, ledger.NewContribution{PotID: f.pot.ID, PartnerID: f.partner.ID, Amount: 5, ValueDate: today, Reference: "x"})
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = f.store.SetPledge(f.ctx, Auditor, ledger.Pledge{PotID: f.pot.ID, PartnerID: f.partner.ID, Amount: 5})
		wantCode(t, err, ledger.EFORBIDDEN)
	})
}
