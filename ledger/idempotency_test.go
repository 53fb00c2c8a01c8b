package ledger

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fill sets every field of v (a pointer) to a value that is not zero and
// differs from field to field, through nested structs, pointers and
// slices (of one item), so that a round trip that drops a field shows.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(*n) * time.Microsecond * 1001)))
		return
	case reflect.TypeFor[Date]():
		v.Set(reflect.ValueOf(NewDate(2026, 1, *n)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("v%d \"quoted\"\nline", *n))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n) * 101)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), n)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	default:
		panic("fill: " + v.Type().String())
	}
}

// leaves calls fn with the path of every settable leaf of v and a function
// that changes it.
func leaves(v reflect.Value, path string, fn func(path string, change func())) {
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		fn(path, func() { v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Second))) })
		return
	case reflect.TypeFor[Date]():
		fn(path, func() { v.Set(reflect.ValueOf(v.Interface().(Date).AddDays(1))) })
		return
	}
	switch v.Kind() {
	case reflect.String:
		fn(path, func() { v.SetString(v.String() + "x") })
	case reflect.Int, reflect.Int64:
		fn(path, func() { v.SetInt(v.Int() + 1) })
	case reflect.Bool:
		fn(path, func() { v.SetBool(!v.Bool()) })
	case reflect.Pointer:
		fn(path, func() { v.Set(reflect.Zero(v.Type())) })
		if !v.IsNil() {
			leaves(v.Elem(), path, fn)
		}
	case reflect.Slice:
		fn(path+".len", func() { v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem()))) })
		for i := range v.Len() {
			leaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				leaves(v.Field(i), path+"."+f.Name, fn)
			}
		}
	}
}

// requests lists every keyed request type with what its fingerprint leaves
// out on purpose: the key itself, and what the service fills in.
var requests = []struct {
	name    string
	new     func() any
	print   func(v any) fingerprint
	skipped []string
}{
	{"NewPartner", func() any { return &NewPartner{} }, func(v any) fingerprint { return v.(*NewPartner).fingerprint() }, nil},
	{"NewParty", func() any { return &NewParty{} }, func(v any) fingerprint { return v.(*NewParty).fingerprint() }, nil},
	{"NewPot", func() any { return &NewPot{} }, func(v any) fingerprint { return v.(*NewPot).fingerprint() }, nil},
	{"Pledge", func() any { return &Pledge{} }, func(v any) fingerprint { return v.(*Pledge).fingerprint() }, nil},
	{"NewContribution", func() any { return &NewContribution{} }, func(v any) fingerprint { return v.(*NewContribution).fingerprint() }, nil},
	{"ClosePeriod", func() any { return &ClosePeriod{} }, func(v any) fingerprint { return v.(*ClosePeriod).fingerprint() }, nil},
	// A dry run books nothing and stores no answer: it is never fingerprinted.
	{"NewPaymentBatch", func() any { return &NewPaymentBatch{} }, func(v any) fingerprint { return v.(*NewPaymentBatch).fingerprint() }, []string{".DryRun"}},
	// Payee.Erased is set by an erasure, never by a request.
	{"PayoutRequest", func() any { return &PayoutRequest{} }, func(v any) fingerprint { return v.(*PayoutRequest).fingerprint() }, []string{".Payee.Erased"}},
	{"Decision", func() any { return &Decision{} }, func(v any) fingerprint { return v.(*Decision).fingerprint() }, nil},
	{"Reversal", func() any { return &Reversal{} }, func(v any) fingerprint { return v.(*Reversal).fingerprint() }, nil},
	{"NewToken", func() any { return &NewToken{} }, func(v any) fingerprint { return v.(*NewToken).fingerprint() }, nil},
	// Which rule suggested the allocation is recorded with it, but a
	// retry that says otherwise is still the same allocation.
	{"AllocationRequest", func() any { return &AllocationRequest{} }, func(v any) fingerprint { return v.(*AllocationRequest).fingerprint() },
		[]string{".SuggestedBy", ".FollowedSuggestion"}},
	{"Settlement", func() any { return &Settlement{} }, func(v any) fingerprint { return v.(*Settlement).fingerprint() }, []string{".By", ".At", ".JournalSeq"}},
	{"EvaluationRequest", func() any { return &EvaluationRequest{} }, func(v any) fingerprint { return v.(*EvaluationRequest).fingerprint() }, nil},
	{"SignalUptake", func() any { return &SignalUptake{} }, func(v any) fingerprint { return v.(*SignalUptake).fingerprint() }, []string{".By", ".Role", ".At"}},
}

// TestFingerprintCoversEveryField changes each field of each request in
// turn: the fingerprint must change with it, or two different requests
// under one key would be taken for a retry and the second answered with
// the first's answer. A field added to a request and forgotten in its
// fingerprint fails here.
func TestFingerprintCoversEveryField(t *testing.T) {
	for _, r := range requests {
		t.Run(r.name, func(t *testing.T) {
			v := r.new()
			n := 0
			fill(reflect.ValueOf(v).Elem(), &n)
			reflect.ValueOf(v).Elem().FieldByName("IdempotencyKey").SetString("")
			base := r.print(v).sum
			leaves(reflect.ValueOf(v).Elem(), "", func(path string, change func()) {
				if path == ".IdempotencyKey" {
					return
				}
				for _, s := range r.skipped {
					if strings.HasPrefix(path, s) {
						return
					}
				}
				w := r.new()
				m := 0
				fill(reflect.ValueOf(w).Elem(), &m)
				reflect.ValueOf(w).Elem().FieldByName("IdempotencyKey").SetString("")
				// change the same leaf in a fresh copy
				leaves(reflect.ValueOf(w).Elem(), "", func(p string, c func()) {
					if p == path {
						c()
					}
				})
				if bytes.Equal(r.print(w).sum, base) {
					t.Errorf("changing %s%s leaves the fingerprint unchanged", r.name, path)
				}
			})
		})
	}
}

// TestFingerprintIsStable pins fingerprints of the canonical form: a
// change here changes what every ledger stored, and a retry after the
// upgrade would be refused as another request. Take a new version of the
// form instead.
func TestFingerprintIsStable(t *testing.T) {
	cases := []struct {
		fp   fingerprint
		want string
	}{
		{(&NewPartner{Name: "Zilveren Kruis", Kind: PartnerKind("insurer")}).fingerprint(),
			"0216fd6a399839cbb39c6a2413d1685603a61addf78f38c9ecb30a65c9d1ce34d6"},
		{(&Decision{PayoutID: "PAY-1", Outcome: OutcomeApprove, Note: "ok"}).fingerprint(),
			"023f0a8936be9e734ac4e68b4963439112ecdeaaea2b27af2d4bfd5cb7893c4b03"},
	}
	for _, c := range cases {
		if got := hex.EncodeToString(c.fp.sum); got != c.want {
			t.Errorf("%s: fingerprint %s, want %s", c.fp.op, got, c.want)
		}
	}
}

// TestLegacyFingerprintStillMatches: a ledger from before the canonical form
// stored the SHA-256 of the request's JSON; a retry after the upgrade must
// still be recognised, and another request under the key still refused.
func TestLegacyFingerprintStillMatches(t *testing.T) {
	req := NewPartner{Name: "Zilveren Kruis", Kind: PartnerKind("insurer")}
	stored := legacyFingerprint("create_partner", req)
	if len(stored) != 32 {
		t.Fatalf("legacy fingerprint of %d bytes", len(stored))
	}
	if !req.fingerprint().matches(stored) {
		t.Error("the same request no longer matches its legacy fingerprint")
	}
	other := NewPartner{Name: "Menzis", Kind: PartnerKind("insurer")}
	if other.fingerprint().matches(stored) {
		t.Error("another request matches a legacy fingerprint")
	}
	if !req.fingerprint().matches(req.fingerprint().sum) || other.fingerprint().matches(req.fingerprint().sum) {
		t.Error("canonical fingerprints do not tell requests apart")
	}
	// The anonymous shapes of old (rename, ladder, debtor account) too.
	rename := renameFingerprint("rename_party", "party", "PTY-1", "Woonstad")
	if !rename.matches(legacyFingerprint("rename_party", struct {
		Party PartyID
		Name  string
	}{"PTY-1", "Woonstad"})) {
		t.Error("a party's rename no longer matches its legacy fingerprint")
	}
}

// TestLegacyPotFingerprints: a pot made, or a ladder set, under a key by a
// release before the canonical form (which had no escalation to give)
// stored the SHA-256 of the request's JSON in the shape it had then. A
// retry without days still matches it; a request under that key that gives
// days other than the defaults is another request, and is refused.
func TestLegacyPotFingerprints(t *testing.T) {
	ladder := []MandateLevel{{Role: RoleCaseworker, Limit: 1500_00}, {Role: RoleManager, Unlimited: true}}
	// NewPot as those releases declared it.
	type oldNewPot struct {
		Name            string
		Year            int
		RecoveryPolicy  RecoveryPolicy
		RegretThreshold Ratio
		OverdraftLimit  Cents
		Mandates        []MandateLevel
		IdempotencyKey  string
	}
	stored := legacyFingerprint("create_pot", oldNewPot{Name: "Pot", Year: 2026, RecoveryPolicy: PolicyReport,
		RegretThreshold: DefaultRegretThreshold, Mandates: ladder})
	req := NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: PolicyReport, Mandates: ladder}
	if err := req.Validate(); err != nil {
		t.Fatal(err)
	}
	if !req.fingerprint().matches(stored) {
		t.Error("a retry of a pot made under a key before the canonical form no longer matches")
	}
	days := NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: PolicyReport, Mandates: ladder, Escalation: Escalation{RemindAfter: 3}}
	if err := days.Validate(); err != nil {
		t.Fatal(err)
	}
	if days.fingerprint().matches(stored) {
		t.Error("a pot with its own days matches the legacy fingerprint of one without")
	}
	storedLadder := legacyFingerprint("set_mandates", struct {
		Pot    PotID
		Ladder []MandateLevel
	}{"POT-1", ladder})
	if !mandatesFingerprint("POT-1", ladder, Escalation{}).matches(storedLadder) {
		t.Error("a retry of a ladder set under a key before the canonical form no longer matches")
	}
	for _, e := range []Escalation{{RemindAfter: 3}, {RemindAfter: 1, EscalateAfter: 3}, {RemindAfter: 2, EscalateAfter: 5}} {
		if mandatesFingerprint("POT-1", ladder, e).matches(storedLadder) {
			t.Errorf("a ladder with days %+v matches the legacy fingerprint of one without", e)
		}
	}
}

// answers lists every answer form with a function that fills a value of
// its type.
func roundTrip[T any](t *testing.T, form answerForm[T]) {
	t.Run(form.typ, func(t *testing.T) {
		var v T
		n := 0
		fill(reflect.ValueOf(&v).Elem(), &n)
		// What the answer type does not keep (json:"-") is not stored.
		if u, ok := any(&v).(*SignalUptake); ok {
			u.IdempotencyKey = ""
		}
		if r, ok := any(&v).(*Receivable); ok {
			for i := range r.Settlements {
				r.Settlements[i].IdempotencyKey = ""
			}
		}
		text := form.encode(&v)
		got, err := form.decode(text)
		if err != nil {
			t.Fatalf("decode: %v\n%s", err, text)
		}
		if !reflect.DeepEqual(got, v) {
			t.Errorf("round trip changed the answer:\n got %+v\nwant %+v\n%s", got, v, text)
		}
		// Every field is written: each change of a field changes the form.
		leaves(reflect.ValueOf(&v).Elem(), "", func(path string, change func()) {
			if strings.HasSuffix(path, "IdempotencyKey") {
				return
			}
			var w T
			m := 0
			fill(reflect.ValueOf(&w).Elem(), &m)
			leaves(reflect.ValueOf(&w).Elem(), "", func(p string, c func()) {
				if p == path {
					c()
				}
			})
			if form.encode(&w) == form.encode(&v) && !reflect.DeepEqual(w, v) {
				t.Errorf("%s%s is not written", form.typ, path)
			}
		})
		// A form with a field missing is an error, never a zero.
		lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		for i := 1; i < len(lines); i++ {
			cut := strings.Join(append(append([]string{}, lines[:i]...), lines[i+1:]...), "\n") + "\n"
			if _, err := form.decode(cut); err == nil {
				t.Errorf("%s without line %q decodes without an error", form.typ, lines[i])
			}
		}
		if _, err := form.decode(text + "extra 1\n"); err == nil {
			t.Errorf("%s with a field too many decodes", form.typ)
		}
		if _, err := form.decode(strings.Replace(text, fmt.Sprintf("-v%d ", form.current()), "-v9 ", 1)); err == nil {
			t.Errorf("%s of a newer version decodes", form.typ)
		}
	})
}

// TestAnswerForms round-trips every kept answer through its canonical form
// with every field set, and checks that a damaged form is refused.
func TestAnswerForms(t *testing.T) {
	roundTrip(t, partnerAnswer)
	roundTrip(t, partyAnswer)
	roundTrip(t, potAnswer)
	roundTrip(t, closedPeriodAnswer)
	roundTrip(t, fundingAnswer)
	roundTrip(t, contributionAnswer)
	roundTrip(t, paymentBatchAnswer)
	roundTrip(t, tokenAnswer)
	roundTrip(t, signalUptakeAnswer)
	roundTrip(t, receivableAnswer)
	roundTrip(t, payoutAnswer)
	roundTrip(t, allocationAnswer)
	roundTrip(t, evaluationAnswer)
}

// TestPotAnswerVersion1: a pot kept before its escalation could be set
// (form version 1) answers a retry with the defaults it had.
func TestPotAnswerVersion1(t *testing.T) {
	p := Pot{ID: "POT-1", Name: "Pot", Year: 2026, RecoveryPolicy: PolicyReport, RegretThreshold: DefaultRegretThreshold,
		Mandates: []MandateLevel{{Role: RoleCaseworker, Limit: 1500_00}}, CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		Escalation: Escalation{RemindAfter: 3, EscalateAfter: 9}}
	text := potAnswer.encode(&p)
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	var v1 []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "remindAfter ") && !strings.HasPrefix(l, "escalateAfter ") {
			v1 = append(v1, l)
		}
	}
	if len(v1) != len(lines)-2 {
		t.Fatalf("the form's lines:\n%s", text)
	}
	old := strings.Replace(strings.Join(v1, "\n")+"\n", "-v2 ", "-v1 ", 1)
	got, err := potAnswer.decode(old)
	if err != nil {
		t.Fatalf("decode version 1: %v\n%s", err, old)
	}
	if got.Escalation != (Escalation{RemindAfter: DefaultRemindAfter, EscalateAfter: DefaultEscalateAfter}) || got.Name != p.Name {
		t.Fatalf("version 1 reads as %+v", got)
	}
}

// TestLegacyAnswersStillRead: an answer stored as JSON before the canonical
// form still answers a retry, with its fields.
func TestLegacyAnswersStillRead(t *testing.T) {
	p := Partner{ID: "PRT-1", Name: "Zilveren Kruis", Kind: "insurer", CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	b, _ := json.Marshal(p)
	got, err := partnerAnswer.decode(string(b))
	if err != nil || !reflect.DeepEqual(got, p) {
		t.Fatalf("legacy answer: %+v, %v", got, err)
	}
	r := payoutReceipt{ID: "PAY-1", Status: StatusApproved, Decision: &PayoutDecision{Outcome: OutcomeApprove, By: "an", Role: RoleTeamlead}}
	b, _ = json.Marshal(r)
	gotR, err := payoutAnswer.decode(string(b))
	if err != nil || gotR.ID != r.ID || gotR.Decision == nil || gotR.Decision.By != "an" {
		t.Fatalf("legacy payout receipt: %+v, %v", gotR, err)
	}
}

// TestAnswerFormIsReadable pins one form as text: the stored answers are
// meant to be read by an auditor beside the journal.
func TestAnswerFormIsReadable(t *testing.T) {
	p := Partner{ID: "PRT-1", Name: "Zilveren Kruis", Kind: "insurer", CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	want := "ontschot-answer-v1 partner\nid \"PRT-1\"\nname \"Zilveren Kruis\"\nkind \"insurer\"\ncreatedAt \"2026-03-02T09:00:00.000000Z\"\n"
	if got := partnerAnswer.encode(&p); got != want {
		t.Errorf("form:\n%s\nwant:\n%s", got, want)
	}
}
