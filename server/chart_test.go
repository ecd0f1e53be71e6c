package server

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
)

// svgNode is an element of a parsed SVG, with its attributes and children.
type svgNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []svgNode  `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (n svgNode) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

func (n svgNode) class() string { c, _ := n.attr("class"); return c }

// all returns the descendants of n (n included) that keep says to.
func (n svgNode) all(keep func(svgNode) bool) []svgNode {
	var out []svgNode
	if keep(n) {
		out = append(out, n)
	}
	for _, c := range n.Children {
		out = append(out, c.all(keep)...)
	}
	return out
}

func hasClass(n svgNode, class string) bool {
	return strings.Contains(" "+n.class()+" ", " "+class+" ")
}

// parseSVG parses s strictly as XML: it must be one well-formed svg element.
func parseSVG(t *testing.T, s string) svgNode {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	dec.Strict = true
	var root svgNode
	if err := dec.Decode(&root); err != nil {
		t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, s)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("the SVG has something after its root element: %v", err)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root element %v, want svg in the SVG namespace", root.XMLName)
	}
	return root
}

// chartPoint is one point as a chart drew it.
type chartPoint struct {
	date, value string
	missing     bool
	x, y, h     float64
}

func points(t *testing.T, root svgNode) []chartPoint {
	t.Helper()
	var out []chartPoint
	for _, n := range root.all(func(n svgNode) bool { return hasClass(n, "point") }) {
		date, ok1 := n.attr("data-date")
		value, ok2 := n.attr("data-value")
		if !ok1 || !ok2 {
			t.Fatalf("a point without data-date or data-value: %+v", n.Attrs)
		}
		p := chartPoint{date: date, value: value, missing: hasClass(n, "missing")}
		coord := func(name string) float64 {
			v, _ := n.attr(name)
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("point %s: %s=%q: %v", date, name, v, err)
			}
			return f
		}
		if n.XMLName.Local == "rect" {
			p.x, p.y, p.h = coord("x")+coord("width")/2, coord("y"), coord("height")
		} else {
			p.x, p.y = coord("cx"), coord("cy")
		}
		out = append(out, p)
	}
	return out
}

func texts(root svgNode, class string) []string {
	var out []string
	for _, n := range root.all(func(n svgNode) bool { return n.XMLName.Local == "text" && hasClass(n, class) }) {
		out = append(out, n.Text)
	}
	return out
}

func TestLineChart(t *testing.T) {
	c := Chart{ID: "mttr", Title: "Median time to fix", Unit: "h", Points: []Point{
		{Date: "2026-11-01", Tick: "11-01", Missing: true},
		{Date: "2026-11-02", Tick: "11-02", Value: 24},
		{Date: "2026-11-03", Tick: "11-03", Value: 48},
		{Date: "2026-11-04", Tick: "11-04", Missing: true},
		{Date: "2026-11-05", Tick: "11-05", Value: 12},
	}}
	root := parseSVG(t, c.SVG())
	if v, _ := root.attr("data-chart"); v != "mttr" {
		t.Errorf("data-chart = %q", v)
	}
	pts := points(t, root)
	if len(pts) != len(c.Points) {
		t.Fatalf("%d points drawn, want one per day: %d", len(pts), len(c.Points))
	}
	baseline := float64(chartTop + plotHeight)
	top := 50.0 // the round number above 48
	for i, p := range pts {
		want := c.Points[i]
		if p.date != want.Date || p.missing != want.Missing {
			t.Errorf("point %d: %s missing=%v, want %s missing=%v", i, p.date, p.missing, want.Date, want.Missing)
		}
		if want.Missing {
			if p.value != "" || p.y != baseline {
				t.Errorf("missing point %s: value %q at y %v; want empty, on the x axis", p.date, p.value, p.y)
			}
			continue
		}
		if p.value != fmt.Sprint(want.Value) {
			t.Errorf("point %s: data-value %q, want %v", p.date, p.value, want.Value)
		}
		if wantY := baseline - want.Value/top*plotHeight; abs(p.y-wantY) > 0.1 {
			t.Errorf("point %s at y %v, want %v", p.date, p.y, wantY)
		}
		if i > 0 && p.x <= pts[i-1].x {
			t.Errorf("point %s is not right of the one before", p.date)
		}
	}
	// the line breaks at the missing day: 11-02–11-03, then 11-05 alone
	lines := root.all(func(n svgNode) bool { return n.XMLName.Local == "polyline" })
	if len(lines) != 2 {
		t.Fatalf("%d polylines, want 2 (broken at the missing day)", len(lines))
	}
	if got, _ := lines[0].attr("points"); len(strings.Fields(got)) != 2 {
		t.Errorf("first stretch %q, want 2 points", got)
	}
	if ticks := texts(root, "tick"); !contains(ticks, "50 h") || !contains(ticks, "0 h") || !contains(ticks, "11-01") || !contains(ticks, "11-05") {
		t.Errorf("axis labels %q", ticks)
	}
	if len(texts(root, "no-data")) != 0 {
		t.Error("a chart with data says no data")
	}
}

func TestBarChart(t *testing.T) {
	c := Chart{ID: "drift", Title: "Drifted", Kind: BarChart, Points: []Point{
		{Date: "a", Value: 1}, {Date: "b", Value: 4}, {Date: "c", Value: 0}, {Date: "d", Missing: true},
	}}
	root := parseSVG(t, c.SVG())
	pts := points(t, root)
	if len(pts) != 4 {
		t.Fatalf("%d points, want 4", len(pts))
	}
	// top of the axis: 5; a bar's height is its share of the plot
	for i, want := range []float64{1, 4, 0} {
		if wantH := want / 5 * plotHeight; abs(pts[i].h-wantH) > 0.1 {
			t.Errorf("bar %s is %v high, want %v", pts[i].date, pts[i].h, wantH)
		}
	}
	if !pts[3].missing || pts[3].value != "" {
		t.Errorf("missing day: %+v", pts[3])
	}
	if len(root.all(func(n svgNode) bool { return n.XMLName.Local == "polyline" })) != 0 {
		t.Error("a bar chart has a line")
	}
}

// An empty window, or one without a single value, draws the axes and says
// "no data".
func TestEmptyChart(t *testing.T) {
	for name, pts := range map[string][]Point{
		"no days":     nil,
		"no values":   {{Date: "2026-11-01", Missing: true}, {Date: "2026-11-02", Missing: true}},
		"one missing": {{Date: "2026-11-01", Missing: true}},
	} {
		t.Run(name, func(t *testing.T) {
			root := parseSVG(t, Chart{ID: "x", Title: "t", Points: pts}.SVG())
			if got := texts(root, "no-data"); len(got) != 1 || got[0] != "no data" {
				t.Errorf("no-data text %q", got)
			}
			if len(points(t, root)) != len(pts) {
				t.Errorf("want one (missing) point per day")
			}
			if len(root.all(func(n svgNode) bool { return hasClass(n, "axis") })) != 2 {
				t.Error("want both axes")
			}
		})
	}
}

// Text in a chart is escaped: it stays well-formed whatever it says.
func TestChartEscapes(t *testing.T) {
	c := Chart{ID: `a"b`, Title: `<script>alert("x")</script> & more`, Points: []Point{{Date: `<d&>`, Value: 1}}}
	s := c.SVG()
	if strings.Contains(s, "<script>") {
		t.Errorf("unescaped title: %s", s)
	}
	root := parseSVG(t, s)
	if got := texts(root, "chart-title"); len(got) != 1 || got[0] != c.Title {
		t.Errorf("title read back as %q", got)
	}
	if p := points(t, root); p[0].date != `<d&>` {
		t.Errorf("date read back as %q", p[0].date)
	}
}

func TestNiceCeil(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{
		{0, 1}, {-3, 1}, {0.3, 0.5}, {1, 1}, {1.2, 2}, {2, 2}, {2.2, 2.5}, {3, 5}, {48, 50}, {51, 100}, {100, 100}, {240, 250},
	} {
		if got := niceCeil(c.in); got != c.want {
			t.Errorf("niceCeil(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// Many days: at most maxTickCount+1 labels under the axis, one point each.
func TestChartManyDays(t *testing.T) {
	var pts []Point
	for i := range 31 {
		pts = append(pts, Point{Date: fmt.Sprintf("d%02d", i), Value: float64(i)})
	}
	root := parseSVG(t, Chart{ID: "m", Title: "t", Points: pts}.SVG())
	if n := len(points(t, root)); n != 31 {
		t.Errorf("%d points, want 31", n)
	}
	xTicks := 0
	for _, g := range root.all(func(n svgNode) bool { return hasClass(n, "x-axis") }) {
		xTicks += len(g.all(func(n svgNode) bool { return n.XMLName.Local == "text" }))
	}
	if xTicks > maxTickCount+1 || xTicks < 2 {
		t.Errorf("%d x-axis labels", xTicks)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
