package reports

import (
	"bytes"
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/ontschot/ontschot/ledger"
)

// Colours of the charts: dark blue and orange, told apart by people with
// any common colour blindness, with a contrast over 3:1 on white.
var (
	colourSpending  = color.RGBA{R: 0, G: 63, B: 114, A: 255}
	colourRecovered = color.RGBA{R: 202, G: 98, B: 0, A: 255}
)

// The charts use the documents' typeface, Liberation Sans.
func init() {
	plot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
}

// monthChart draws the spending and recoveries per month as bars, as a
// PNG of w by h centimetres at 150 dots per inch. Its title names the
// months it runs over ("januari t/m september 2026": the year to date for
// a statement), the legend stands between the title and the plot, where
// it covers no bar, and the x axis reaches half a month beyond the first
// and the last month, so their bars are drawn whole.
//
// Plotting needs float64 coordinates: the cents are turned into float64
// here, for drawing only. Every figure the statement prints comes from the
// integer cents, never from these.
func monthChart(months []MonthLine, w, h vg.Length) ([]byte, error) {
	p := plot.New()
	p.Title.Text, _ = printable(chartTitle(months), false)
	p.Title.TextStyle.Font.Size = vg.Points(10)
	p.Y.Label.Text = "euro"
	p.Y.Tick.Marker = euroTicks{}
	spending := make(plotter.Values, len(months))
	recovered := make(plotter.Values, len(months))
	names := make([]string, len(months))
	var top, bottom ledger.Cents
	for i, m := range months {
		spending[i] = euros(m.Spending)
		recovered[i] = euros(m.Recoveries)
		// The labels are months ("jul"); they go through printable as every
		// text the documents draw, so an odd label cannot reach the font
		// as something it cannot draw.
		names[i], _ = printable(shortMonth(m.Month), false)
		top = max(top, m.Spending, m.Recoveries)
		bottom = min(bottom, m.Spending, m.Recoveries)
	}
	// Two bars a month take up to 70% of a month's width (the axis takes
	// about 2 cm of the picture), at most 11 points each.
	width := vg.Points(11)
	if len(months) > 0 {
		width = min(width, (w-2*vg.Centimeter)/vg.Length(len(months))*0.35)
	}
	a, err := plotter.NewBarChart(spending, width)
	if err != nil {
		return nil, err
	}
	a.Color, a.LineStyle.Width, a.Offset = colourSpending, 0, -width/2
	b, err := plotter.NewBarChart(recovered, width)
	if err != nil {
		return nil, err
	}
	b.Color, b.LineStyle.Width, b.Offset = colourRecovered, 0, width/2
	p.Add(plotter.NewGrid(), a, b)
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(months))-0.5
	// A month where reversals outweigh payouts shows below zero.
	p.Y.Min = euros(bottom * 110 / 100)
	p.Y.Max = euros(top * 110 / 100)
	if top == 0 {
		p.Y.Max = 1
	}

	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(150))
	dc := draw.New(c)
	// The legend, its two entries side by side, goes in a band under the
	// title that the title's padding keeps free of the plot.
	spendingKey, recoveredKey := plot.NewLegend(), plot.NewLegend()
	spendingKey.Add("uitgaven", a)
	recoveredKey.Add("terugontvangen", b)
	keys := []*plot.Legend{&spendingKey, &recoveredKey}
	for _, key := range keys {
		key.TextStyle.Font.Size = vg.Points(9)
		key.ThumbnailWidth = vg.Points(14)
		key.Top, key.Left = true, true
	}
	title := p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y
	// The band is the legend's height with room above it and below (where
	// the y axis's top label reaches up half its height).
	p.Title.Padding = spendingKey.Rectangle(dc).Size().Y + vg.Points(12)
	p.Draw(dc)
	x := vg.Points(4)
	for _, key := range keys {
		key.XOffs, key.YOffs = x, -title-vg.Points(3)
		x += key.Rectangle(dc).Size().X + vg.Points(12)
		key.Draw(dc)
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// chartTitle names the months a chart runs over: "Per maand, januari t/m
// september 2026".
func chartTitle(months []MonthLine) string {
	if len(months) == 0 {
		return "Per maand"
	}
	first, last := months[0].Month, months[len(months)-1].Month
	year := ""
	if len(last) == 7 {
		year = " " + last[:4]
	}
	if first == last {
		return "Per maand: " + monthName(first) + year
	}
	return "Per maand, " + monthName(first) + " t/m " + monthName(last) + year
}

// euros converts cents for drawing.
func euros(c ledger.Cents) float64 { return float64(c) / 100 }

// euroTicks labels the y axis in whole euros, Dutch style ("12.500").
type euroTicks struct{}

// Ticks implements plot.Ticker.
func (euroTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			c := ledger.Cents(int64(ticks[i].Value) * 100)
			ticks[i].Label = strings.TrimSuffix(strings.Replace(Euro(c), "€ ", "", 1), ",00")
		}
	}
	return ticks
}
