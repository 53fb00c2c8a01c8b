package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ontschot/ontschot/ledger"
)

// bsnText is one text for the live check, and whether it is a case
// reference (read by the case reference field) or other text (read by the
// situation's text area).
type bsnText struct {
	Text    string `json:"text"`
	CaseRef bool   `json:"caseRef"`
}

// TestBSNLiveCheck feeds the request form's live check in headless Chromium
// every vector of ledger/testdata/bsn-vectors.json, and a few thousand
// random texts of digits in several scripts, separators, invisible
// characters and letters, as a person typing would (the input event), and
// expects it to warn exactly where the server refuses: where ledger.FindBSN
// (and for the case reference ledger.CaseRefHasBSN) finds a BSN.
func TestBSNLiveCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is long; run it without -short")
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "ledger", "testdata", "bsn-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []struct {
			bsnText
			BSN string `json:"bsn"`
			Why string `json:"why"`
		}
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	var texts []bsnText
	var why []string
	for _, v := range file.Vectors {
		texts = append(texts, v.bsnText)
		why = append(why, v.Why)
		// The vectors' answers hold for Go; the browser must agree with Go.
		if got := goFindsBSN(v.bsnText); got != (v.BSN != "") {
			t.Fatalf("ledger finds a BSN in %+q: %v; the vector says %v", v.Text, got, v.BSN != "")
		}
	}
	random := randomBSNTexts(3000)
	for _, s := range random {
		texts = append(texts, bsnText{Text: s})
		why = append(why, "random")
	}
	found := 0
	for _, s := range random {
		if goFindsBSN(bsnText{Text: s}) {
			found++
		}
	}
	if found < 500 || found > len(random)-500 {
		t.Fatalf("%d of %d random texts hold a BSN: too few of one kind to compare", found, len(random))
	}

	e := newEnv(t, caseworker)
	s := startChromium(t, e.srv.URL, 0, 0)
	s.signIn(caseworker)
	s.do(chromedp.Navigate(e.srv.URL+"/aanvragen/nieuw"), chromedp.WaitVisible(chromedp.CSS("#caseRef")))

	in, err := json.Marshal(texts)
	if err != nil {
		t.Fatal(err)
	}
	// Each text goes into its field with the input event the page listens
	// for; the warning below the field is the page's answer.
	js := fmt.Sprintf(`(() => {
		const caseRef = document.getElementById("caseRef");
		const situation = document.querySelector('textarea[name="justification.situation"]');
		return %s.map(x => {
			const el = x.caseRef ? caseRef : situation;
			el.value = x.text;
			el.dispatchEvent(new Event("input", {bubbles: true}));
			return document.getElementById(el.id + "-bsn").textContent !== "";
		});
	})()`, in)
	ctx, cancel := context.WithTimeout(s.ctx, 2*time.Minute)
	defer cancel()
	warned, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](js))
	if err != nil {
		t.Fatal(err)
	}
	if len(warned) != len(texts) {
		t.Fatalf("%d answers for %d texts", len(warned), len(texts))
	}
	for i, x := range texts {
		if want := goFindsBSN(x); warned[i] != want {
			t.Errorf("the page warns about a BSN in %+q: %v; the server finds one: %v (%s)", x.Text, warned[i], want, why[i])
		}
	}
}

// goFindsBSN is the server's answer for a text.
func goFindsBSN(x bsnText) bool {
	if x.CaseRef {
		return ledger.CaseRefHasBSN(x.Text)
	}
	return ledger.TextHasBSN(x.Text)
}

// randomBSNTexts returns n random texts: nine digits (half of them a BSN),
// or eight, in groups of one to five digits of several scripts, with
// separators, invisible characters and letters between the groups, and
// now and then another number before or after. Every character is one
// Unicode 15 (Go's tables) and the browser's newer tables agree on, and
// none a text area changes (no carriage return).
func randomBSNTexts(n int) []string {
	rnd := rand.New(rand.NewPCG(10, 2026))
	digits := []string{"0123456789", "0123456789", "0123456789", "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "⁰¹²³⁴⁵⁶⁷⁸⁹"}
	others := []string{" .-/,:_\u00a0\t\n+", " .-/,:_\u00a0\t\n+", " .", " .", "\u200b\u00ad\u0301\ufeff\u2060\u3164", "aZé"}
	pick := func(set []string) rune {
		chars := []rune(set[rnd.IntN(len(set))])
		return chars[rnd.IntN(len(chars))]
	}
	texts := make([]string, n)
	for i := range texts {
		var d []int
		sum := 0
		for k := 0; k < 8; k++ {
			d = append(d, rnd.IntN(10))
			sum += (9 - k) * d[k]
		}
		d = append(d, rnd.IntN(10))
		if rnd.IntN(2) == 0 {
			d[8] = sum % 11 % 10
		}
		if rnd.IntN(4) == 0 {
			d = d[1:]
		}
		var b strings.Builder
		if rnd.IntN(4) == 0 {
			b.WriteString(strings.Repeat("7", 1+rnd.IntN(4)))
			b.WriteRune(pick(others))
		}
		for k := 0; k < len(d); {
			for g := 1 + rnd.IntN(5); g > 0 && k < len(d); g-- {
				chars := []rune(digits[rnd.IntN(len(digits))])
				b.WriteRune(chars[d[k]])
				k++
			}
			if k < len(d) || rnd.IntN(4) == 0 {
				for m := 1 + rnd.IntN(2); m > 0; m-- {
					b.WriteRune(pick(others))
				}
			}
		}
		if rnd.IntN(4) == 0 {
			b.WriteString(strings.Repeat("4", 1+rnd.IntN(4)))
		}
		texts[i] = b.String()
	}
	return texts
}
