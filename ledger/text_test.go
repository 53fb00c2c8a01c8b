package ledger_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// fieldReason returns the reason err gives for field, or "" when it names
// no such field.
func fieldReason(err error, field string) string {
	var e *ledger.Error
	if !errors.As(err, &e) {
		return ""
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Reason
		}
	}
	return ""
}

// nameFields validates each kind of name the service takes in, with s as
// the name; each returns the error and the field that holds the name.
var nameFields = map[string]func(s string) (error, string){
	"pot": func(s string) (error, string) {
		n := ledger.NewPot{Name: s, Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: []ledger.MandateLevel{{Role: ledger.RoleCaseworker, Unlimited: true}}}
		return n.Validate(), "name"
	},
	"partner": func(s string) (error, string) {
		n := ledger.NewPartner{Name: s, Kind: ledger.KindHealthInsurer}
		return n.Validate(), "name"
	},
	"party": func(s string) (error, string) {
		n := ledger.NewParty{Name: s, Kind: ledger.PartyOther}
		return n.Validate(), "name"
	},
	"payee": func(s string) (error, string) {
		r := ledger.PayoutRequest{Payee: ledger.Payee{Name: s}}
		return r.Validate(ledger.NewDate(2026, 7, 1)), "payee.name"
	},
	"deviated rule": func(s string) (error, string) {
		r := ledger.PayoutRequest{Justification: ledger.Justification{DeviatesFrom: []string{s}}}
		return r.Validate(ledger.NewDate(2026, 7, 1)), "justification.deviatesFrom[0]"
	},
	"debtor account": func(s string) (error, string) {
		d := ledger.DebtorAccount{Name: s, IBAN: "NL11BNGH0002220001", BIC: "BNGHNL2G", Town: "Leeuwarden", Country: "NL"}
		return d.Validate(), "name"
	},
	"debtor town": func(s string) (error, string) {
		d := ledger.DebtorAccount{Name: "Gemeente Leeuwarden", IBAN: "NL11BNGH0002220001", BIC: "BNGHNL2G", Town: s, Country: "NL"}
		return d.Validate(), "town"
	},
	"category label": func(s string) (error, string) {
		c := ledger.Category{Code: "dental_care", Label: s}
		return c.Validate(), "label"
	},
	"taakveld": func(s string) (error, string) {
		l := ledger.TaakveldList{{Code: "6.3", Name: s, Laws: []ledger.Law{"participatiewet"}, ValidFrom: 2017, Status: "verified"}}
		return l.Validate(), "line 2.name"
	},
	"contribution reference": func(s string) (error, string) {
		n := ledger.NewContribution{PotID: "POT-1", PartnerID: "PRT-1", Amount: 100, ValueDate: ledger.NewDate(2026, 7, 1), Reference: s}
		return n.Validate(ledger.NewDate(2026, 7, 1)), "reference"
	},
	"settlement reference": func(s string) (error, string) {
		n := ledger.Settlement{ReceivableID: "RCV-1", Amount: 100, ValueDate: ledger.NewDate(2026, 7, 1), Reference: s}
		return n.Validate(ledger.NewDate(2026, 7, 1)), "reference"
	},
}

// TestNamesRefuseInvisibleCharacters gives every kind of name the
// characters that cannot be seen or that reorder the text around them, and
// expects each refused on the name's own field with a reason that says
// what to do; names people really have (accents, Frisian, Arabic, Hebrew,
// emoji) pass.
func TestNamesRefuseInvisibleCharacters(t *testing.T) {
	refused := []struct{ name, in, reason string }{
		{"RightToLeftOverride", "Woonbedrijf \u202eNL", "changes the direction of the text (U+202E); type the text again without it"},
		{"LeftToRightEmbedding", "Woon\u202abedrijf", "(U+202A)"},
		{"RightToLeftIsolate", "Woon\u2067bedrijf", "(U+2067)"},
		{"PopDirectionalIsolate", "Woonbedrijf\u2069 X", "(U+2069)"},
		{"LeftToRightMark", "Woon\u200ebedrijf", "(U+200E)"},
		{"RightToLeftMark", "Woon\u200fbedrijf", "(U+200F)"},
		{"ArabicLetterMark", "Woon\u061cbedrijf", "(U+061C)"},
		{"Newline", "Woonbedrijf\nNoord", "must be on one line: remove the line break or tab (U+000A)"},
		{"CarriageReturn", "Woonbedrijf\rNoord", "must be on one line"},
		{"Tab", "Woonbedrijf\tNoord", "must be on one line"},
		{"LineSeparator", "Woonbedrijf\u2028Noord", "must be on one line"},
		{"ParagraphSeparator", "Woonbedrijf\u2029Noord", "must be on one line"},
		{"Null", "Woon\x00bedrijf", "contains a control character (U+0000) that cannot be seen or printed"},
		{"Bell", "Woon\abedrijf", "control character (U+0007)"},
		{"Delete", "Woon\x7fbedrijf", "control character (U+007F)"},
		{"C1NextLine", "Woon\u0085bedrijf", "control character (U+0085)"},
		{"C1CSI", "Woon\u009bbedrijf", "control character (U+009B)"},
		// Invisible format characters: look-alike names, a hidden leading =.
		{"ByteOrderMark", "\ufeff=1+1", "contains an invisible character (U+FEFF)"},
		{"ZeroWidthSpace", "Woon\u200bbedrijf", "invisible character (U+200B)"},
		{"SoftHyphen", "Woon\u00adbedrijf", "invisible character (U+00AD)"},
		{"WordJoiner", "Woon\u2060bedrijf", "invisible character (U+2060)"},
	}
	for kind, validate := range nameFields {
		for _, tt := range refused {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				err, field := validate(tt.in)
				if got := fieldReason(err, field); !strings.Contains(got, tt.reason) {
					t.Fatalf("%s %q: %s = %q (error %v); want a reason saying %q", kind, tt.in, field, got, err, tt.reason)
				}
				if ledger.ErrorCode(err) != ledger.EINVALID {
					t.Fatalf("the error %v is not EINVALID", err)
				}
			})
		}
	}
	for kind, validate := range nameFields {
		accepted := []string{"Woonstichting Elkien", "Zorgverzekeraar  De Friesland", "Wmo-vervoer (art. 2.3.5)"}
		if kind != "debtor account" { // the SEPA character set only
			accepted = append(accepted, "Gemeente Súdwest-Fryslân", "Dëlft & Co (zorg)", "O'Brien-Nuñez")
		}
		for _, in := range accepted {
			if err, field := validate(in); fieldReason(err, field) != "" {
				t.Errorf("%s %q refused: %s", kind, in, fieldReason(err, field))
			}
		}
	}
	// Names that cannot reach a payment file may be in any script, and
	// hold emoji and combining marks.
	for _, kind := range []string{"pot", "partner", "party", "category label"} {
		for _, in := range []string{"Woonbedrijf 🏠", "בית הלל", "مؤسسة الإسكان", "Cafe\u0301 de Zaak", "\ufffd onbekend", "Gezin 👨\u200d👩\u200d👧", "می\u200cخواهم"} {
			if err, field := nameFields[kind](in); fieldReason(err, field) != "" {
				t.Errorf("%s %q refused: %s", kind, in, fieldReason(err, field))
			}
		}
	}
}

// TestFreeTextKeepsLinesRefusesControls: a situation, a note or a reason
// may run over several lines and hold tabs, but takes neither the
// bidirectional controls nor any other control character.
func TestFreeTextKeepsLinesRefusesControls(t *testing.T) {
	texts := map[string]func(s string) (error, string){
		"situation": func(s string) (error, string) {
			r := ledger.PayoutRequest{Justification: ledger.Justification{Situation: s}}
			return r.Validate(ledger.NewDate(2026, 7, 1)), "justification.situation"
		},
		"decision note": func(s string) (error, string) {
			d := ledger.Decision{PayoutID: "PAY-1", Outcome: ledger.OutcomeReject, Note: s}
			return d.Validate(), "note"
		},
		"reversal reason": func(s string) (error, string) {
			r := ledger.Reversal{PayoutID: "PAY-1", Reason: s}
			return r.Validate(), "reason"
		},
	}
	const base = "De huurachterstand loopt op sinds maart"
	for kind, validate := range texts {
		for _, in := range []string{base + "\nen de verhuurder dreigt met ontruiming.", base + ":\n\t- huur\r\n\t- energie", base + " 🏠"} {
			if err, field := validate(in); fieldReason(err, field) != "" {
				t.Errorf("%s %q refused: %s", kind, in, fieldReason(err, field))
			}
		}
		for in, reason := range map[string]string{
			base + " \u202eeinde":  "changes the direction of the text (U+202E)",
			base + " \u2066einde":  "(U+2066)",
			base + "\x1b[2J":       "control character (U+001B)",
			base + "\u0085einde":   "control character (U+0085)",
			base + "\u2028einde":   "line separator (U+2028) that most programs do not show; use an ordinary line break",
			base + "\x00":          "control character (U+0000)",
			base + "\u200f einde.": "(U+200F)",
		} {
			if err, field := validate(in); !strings.Contains(fieldReason(err, field), reason) {
				t.Errorf("%s %q: %s = %q; want %q", kind, in, field, fieldReason(err, field), reason)
			}
		}
	}
}
