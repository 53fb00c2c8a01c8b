package reports

import (
	"strings"
	"testing"
)

// TestMergeSmall: no line of a partner statement shows fewer than MinCell
// payouts (net of reversals), unless the whole quarter is one line.
func TestMergeSmall(t *testing.T) {
	tests := []struct {
		name string
		in   []CategoryLine
		want string // category:payouts, in order
	}{
		{"AllLarge", []CategoryLine{{Category: "a", Payouts: 5, Amount: 500}, {Category: "b", Payouts: 9, Amount: 900}}, "b:9 a:5"},
		{"SmallOnesJoinOverig", []CategoryLine{{Category: "a", Payouts: 3, Amount: 300}, {Category: "b", Payouts: 2, Amount: 200}, {Category: "c", Payouts: 7, Amount: 700}}, "c:7 other:5"},
		{"OverigTooSmallTakesTheSmallest", []CategoryLine{{Category: "a", Payouts: 1, Amount: 100}, {Category: "b", Payouts: 6, Amount: 600}, {Category: "c", Payouts: 8, Amount: 800}}, "c:8 other:7"},
		{"ReversalsCount", []CategoryLine{{Category: "a", Payouts: 5, Reversals: 4, Amount: 100}, {Category: "b", Payouts: 12, Amount: 1200}}, "other:17"},
		{"OneCategory", []CategoryLine{{Category: "a", Payouts: 2, Amount: 200}}, "other:2"},
		{"Nothing", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cats := map[string]*CategoryLine{}
			for i := range tt.in {
				cats[tt.in[i].Category] = &tt.in[i]
			}
			var got []string
			for _, c := range mergeSmall(cats, nil) {
				got = append(got, c.Category+":"+itoa(c.Payouts))
				if c.Category != "other" && c.Payouts-c.Reversals < MinCell {
					t.Errorf("%s shows %d payouts", c.Category, c.Payouts-c.Reversals)
				}
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("mergeSmall = %s; want %s", g, tt.want)
			}
		})
	}
}
