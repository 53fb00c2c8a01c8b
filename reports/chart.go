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
// PNG of w by h centimetres at 150 dots per inch.
//
// Plotting needs float64 coordinates: the cents are turned into float64
// here, for drawing only. Every figure the statement prints comes from the
// integer cents, never from these.
func monthChart(months []MonthLine, w, h vg.Length) ([]byte, error) {
	p := plot.New()
	p.Title.Text = "Uitgaven en terugontvangsten per maand"
	p.Title.TextStyle.Font.Size = vg.Points(11)
	p.Y.Label.Text = "euro"
	p.Y.Tick.Marker = euroTicks{}
	p.Legend.Top = true
	p.Legend.Left = true
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
	width := vg.Points(11)
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
	p.Legend.Add("uitgaven", a)
	p.Legend.Add("terugontvangen", b)
	p.NominalX(names...)
	// A month where reversals outweigh payouts shows below zero.
	p.Y.Min = euros(bottom * 110 / 100)
	// Room above the bars for the legend.
	p.Y.Max = euros(top * 135 / 100)
	if top == 0 {
		p.Y.Max = 1
	}
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(150))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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
