package reports

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/ontschot/ontschot/ledger"
)

// TestMonthChartLayout reads the chart's pixels: the legend stands above
// the plot, so every bar-coloured pixel inside the plot belongs to a bar
// that rises from the x axis; and every month's bars are drawn whole, the
// last one too: the bars of one colour are all as wide as each other, and
// the last ends clear of the picture's edge.
// The statement's size and the dashboard's are both checked.
func TestMonthChartLayout(t *testing.T) {
	var months []MonthLine
	for m := 1; m <= 9; m++ {
		// The last month is the highest, where a legend at the top right
		// or a clipped edge would show first.
		months = append(months, MonthLine{Month: "2026-0" + itoa(m), Spending: ledger.Cents(4_000_00 + m*500_00), Recoveries: ledger.Cents(1_000_00 + m*100_00)})
	}
	for _, size := range []struct{ w, h vg.Length }{{10 * vg.Centimeter, 7.5 * vg.Centimeter}, {16 * vg.Centimeter, 7 * vg.Centimeter}} {
		b, err := monthChart(months, size.w, size.h)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		top, bottom := yAxis(img)
		if bottom-top < 100 {
			t.Fatalf("%v: no y axis found (from %d to %d)", size, top, bottom)
		}
		for _, c := range []color.RGBA{colourSpending, colourRecovered} {
			if !anyPixel(img, c, 0, top) {
				t.Errorf("%v: no legend key in %v above the plot (which begins at y=%d)", size, c, top)
			}
			runs, end := barRuns(t, img, c, top, bottom)
			if room := img.Bounds().Max.X - end; room < 4 {
				t.Errorf("%v: the last bar in %v ends %d pixels from the picture's edge: it is clipped", size, c, room)
			}
			if len(runs) != len(months) {
				t.Fatalf("%v: %d bars in %v; want one a month, %d", size, len(runs), c, len(months))
			}
			for i, w := range runs {
				if w < runs[0]-1 || w > runs[0]+1 {
					t.Errorf("%v: the bar of month %d in %v is %d pixels wide, the first %d: it is clipped", size, i+1, c, w, runs[0])
				}
			}
		}
	}
}

// yAxis finds the y axis: the longest unbroken vertical run of dark
// pixels, from its top row to its bottom row.
func yAxis(img image.Image) (top, bottom int) {
	r := img.Bounds()
	best := 0
	for x := r.Min.X; x < r.Max.X; x++ {
		run := 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			if dark(img.At(x, y)) {
				run++
				if run > best {
					best, top, bottom = run, y-run+1, y
				}
			} else {
				run = 0
			}
		}
	}
	return top, bottom
}

func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r < 0x5000 && g < 0x5000 && b < 0x5000
}

func same(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	wr, wg, wb, _ := want.RGBA()
	return r == wr && g == wg && b == wb
}

func anyPixel(img image.Image, c color.RGBA, fromY, toY int) bool {
	r := img.Bounds()
	for y := max(fromY, r.Min.Y); y < toY; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if same(img.At(x, y), c) {
				return true
			}
		}
	}
	return false
}

// barRuns returns the widths of the runs of columns that hold pixels of
// colour c within the plot (rows top to bottom) and the column after the
// last, and fails when such a pixel is not part of a bar standing on the x
// axis (the lowest row, bottom: the charts here have no negative month).
func barRuns(t *testing.T, img image.Image, c color.RGBA, top, bottom int) (runs []int, end int) {
	t.Helper()
	run := 0
	for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
		lowest, highest := -1, -1
		for y := top; y <= bottom; y++ {
			if same(img.At(x, y), c) {
				if highest < 0 {
					highest = y
				}
				lowest = y
			}
		}
		if lowest < 0 {
			if run > 0 {
				runs = append(runs, run)
			}
			run = 0
			continue
		}
		if lowest < bottom-3 {
			t.Errorf("pixels in %v at x=%d from y=%d to %d stand on nothing: a legend over the plot?", c, x, highest, lowest)
		}
		run++
		end = x + 1
	}
	if run > 0 {
		runs = append(runs, run)
	}
	return runs, end
}

func TestChartTitle(t *testing.T) {
	for _, tc := range []struct {
		months []string
		want   string
	}{
		{[]string{"2026-01", "2026-02", "2026-09"}, "Per maand, januari t/m september 2026"},
		{[]string{"2026-01"}, "Per maand: januari 2026"},
		{nil, "Per maand"},
	} {
		var months []MonthLine
		for _, m := range tc.months {
			months = append(months, MonthLine{Month: m})
		}
		if got := chartTitle(months); got != tc.want {
			t.Errorf("chartTitle(%v) = %q; want %q", tc.months, got, tc.want)
		}
	}
}
