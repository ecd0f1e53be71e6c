package server

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// ChartKind is how a chart draws its values.
type ChartKind int

// Chart kinds.
const (
	LineChart ChartKind = iota // points joined by lines; a missing value breaks the line
	BarChart                   // one bar per value
)

// Chart is a small chart of one value per day, drawn as inline SVG by the
// server itself: no script, no external asset. Every point carries its
// date and value as data attributes (data-date, data-value), so that a test
// or a person inspecting the page reads exactly what was drawn.
type Chart struct {
	// ID names the chart (data-chart and the id of its title).
	ID string
	// Title is drawn above the plot; Unit follows every value ("h", "%").
	Title, Unit string
	Kind        ChartKind
	// Max is the top of the y axis; 0 picks a round number above the
	// largest value.
	Max    float64
	Points []Point
}

// Point is one day of a chart.
type Point struct {
	// Date is the full label (data-date, the tooltip); Tick the short one
	// under the x axis ("" = Date).
	Date, Tick string
	Value      float64
	// Missing is a day without a value (nothing was resolved, say): it is
	// marked on the x axis, with an empty data-value, and no line passes
	// through it.
	Missing bool
}

// The chart's geometry, in SVG user units.
const (
	chartWidth   = 640
	chartHeight  = 220
	chartLeft    = 52
	chartRight   = 16
	chartTop     = 34
	chartBottom  = 34
	plotWidth    = chartWidth - chartLeft - chartRight
	plotHeight   = chartHeight - chartTop - chartBottom
	maxTickCount = 8 // x-axis labels at most
)

// SVG renders the chart as a standalone, well-formed SVG element. All text
// in it is escaped.
func (c Chart) SVG() string {
	var b strings.Builder
	id := esc(c.ID)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="%s" data-kind="%s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title">`,
		id, c.kindName(), chartWidth, chartHeight, chartWidth, chartHeight, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, id, esc(c.Title))
	fmt.Fprintf(&b, `<text class="chart-title" x="%d" y="18">%s</text>`, chartLeft, esc(c.Title))

	top := c.top()
	baseline := float64(chartTop + plotHeight)
	// y axis: grid lines and labels at 0, half and the top
	b.WriteString(`<g class="y-axis">`)
	for _, f := range []float64{0, 0.5, 1} {
		y := baseline - f*plotHeight
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%s" x2="%d" y2="%s"/>`, chartLeft, num(y), chartLeft+plotWidth, num(y))
		fmt.Fprintf(&b, `<text class="tick" x="%d" y="%s" text-anchor="end">%s</text>`, chartLeft-6, num(y+4), esc(c.format(f*top)))
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%s"/>`, chartLeft, chartTop, chartLeft, num(baseline))
	b.WriteString(`</g>`)
	// x axis: the baseline and at most maxTickCount labels
	b.WriteString(`<g class="x-axis">`)
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%s" x2="%d" y2="%s"/>`, chartLeft, num(baseline), chartLeft+plotWidth, num(baseline))
	step := max(1, int(math.Ceil(float64(len(c.Points))/maxTickCount)))
	for i, p := range c.Points {
		if i%step != 0 && i != len(c.Points)-1 {
			continue
		}
		tick := p.Tick
		if tick == "" {
			tick = p.Date
		}
		fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="middle">%s</text>`, num(c.x(i)), num(baseline+18), esc(tick))
	}
	b.WriteString(`</g>`)

	if !c.hasData() {
		fmt.Fprintf(&b, `<text class="no-data" x="%d" y="%d" text-anchor="middle">no data</text>`, chartLeft+plotWidth/2, chartTop+plotHeight/2)
	} else if c.Kind == LineChart {
		// one polyline per stretch of days that have a value
		var seg []string
		flush := func() {
			if len(seg) > 0 {
				fmt.Fprintf(&b, `<polyline class="series" fill="none" points="%s"/>`, strings.Join(seg, " "))
			}
			seg = nil
		}
		for i, p := range c.Points {
			if p.Missing {
				flush()
				continue
			}
			seg = append(seg, num(c.x(i))+","+num(c.y(p.Value)))
		}
		flush()
	}

	b.WriteString(`<g class="points">`)
	slot := float64(plotWidth) / float64(max(1, len(c.Points)))
	for i, p := range c.Points {
		value, class := "", "point"
		label := p.Date + ": no data"
		if !p.Missing {
			value = strconv.FormatFloat(p.Value, 'f', -1, 64)
			label = p.Date + ": " + c.format(p.Value)
		} else {
			class += " missing"
		}
		attrs := fmt.Sprintf(`class="%s" data-date="%s" data-value="%s"`, class, esc(p.Date), value)
		switch {
		case c.Kind == BarChart && !p.Missing:
			w := math.Max(1, slot*0.7)
			y := c.y(p.Value)
			fmt.Fprintf(&b, `<rect %s x="%s" y="%s" width="%s" height="%s"><title>%s</title></rect>`,
				attrs, num(c.x(i)-w/2), num(y), num(w), num(baseline-y), esc(label))
		case p.Missing:
			fmt.Fprintf(&b, `<circle %s cx="%s" cy="%s" r="2"><title>%s</title></circle>`, attrs, num(c.x(i)), num(baseline), esc(label))
		default:
			fmt.Fprintf(&b, `<circle %s cx="%s" cy="%s" r="3.5"><title>%s</title></circle>`, attrs, num(c.x(i)), num(c.y(p.Value)), esc(label))
		}
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

func (c Chart) kindName() string {
	if c.Kind == BarChart {
		return "bar"
	}
	return "line"
}

// hasData reports whether any point has a value.
func (c Chart) hasData() bool {
	for _, p := range c.Points {
		if !p.Missing {
			return true
		}
	}
	return false
}

// top is the value at the top of the y axis: Max, or a round number at or
// above the largest value (1 when there is none).
func (c Chart) top() float64 {
	if c.Max > 0 {
		return c.Max
	}
	largest := 0.0
	for _, p := range c.Points {
		if !p.Missing && p.Value > largest {
			largest = p.Value
		}
	}
	return niceCeil(largest)
}

// niceCeil is the smallest of 1, 2, 2.5, 5 × 10^k at or above v (1 for v ≤ 0).
func niceCeil(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1
	}
	exp := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*exp >= v*(1-1e-12) {
			return m * exp
		}
	}
	return 10 * exp
}

// x is the centre of day i's slot.
func (c Chart) x(i int) float64 {
	slot := float64(plotWidth) / float64(max(1, len(c.Points)))
	return chartLeft + (float64(i)+0.5)*slot
}

// y is where v lies on the plot (values above the top are clipped to it).
func (c Chart) y(v float64) float64 {
	f := math.Min(math.Max(v/c.top(), 0), 1)
	return chartTop + plotHeight - f*plotHeight
}

// format renders a value with the chart's unit.
func (c Chart) format(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	switch c.Unit {
	case "":
		return s
	case "%":
		return s + "%"
	}
	return s + " " + c.Unit
}

// num renders a coordinate.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// esc escapes text for XML and HTML alike.
func esc(s string) string { return html.EscapeString(s) }
