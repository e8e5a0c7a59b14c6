package chart

import (
	"math"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// opts are the report's: an A4 page's content width, in millimetres.
var opts = Options{Width: 174, MaxHeight: 240, TextSize: 2.9}

func texts(d *Drawing) []Text {
	var out []Text
	for _, s := range d.Shapes {
		if t, ok := s.(Text); ok {
			out = append(out, t)
		}
	}
	return out
}

func rects(d *Drawing) []Rect {
	var out []Rect
	for _, s := range d.Shapes {
		if r, ok := s.(Rect); ok {
			out = append(out, r)
		}
	}
	return out
}

// span is where a text lies across, by the layout's measure.
func span(t Text, m Measure) (x1, x2 float64) {
	w := m(t.Text, t.Size, t.Bold)
	switch t.Anchor {
	case Middle:
		return t.X - w/2, t.X + w/2
	case End:
		return t.X - w, t.X
	}
	return t.X, t.X + w
}

func TestEmptyChartSaysSoInWords(t *testing.T) {
	tests := []struct {
		name  string
		chart Chart
	}{
		{"bars with no groups", &Bars{Head: Head{Title: "Forces", Empty: "No forces yet."}, Series: statusSeries}},
		{"bars whose groups are empty", &Bars{Head: Head{Title: "Forces"}, Series: statusSeries, Groups: []BarGroup{{Label: "Coalition"}}}},
		{"forces of an empty plan", ForcesByNation(&planner.Plan{}, nil)},
		{"forces of a plan whose contributions are all declined", ForcesByNation(&planner.Plan{Contributions: []planner.Contribution{
			{ID: "c-1", Nation: "US", Personnel: 500, Status: planner.StatusDeclined}}}, nil)},
		{"personnel of a plan with Ukraine's forces only", PersonnelByLocation(&planner.Plan{Contributions: []planner.Contribution{
			{ID: "c-1", Nation: "UA", Personnel: 5000, Status: planner.StatusConfirmed, Location: planner.LocFrontline}}})},
		{"timeline of no run", ExerciseTimeline(Run{})},
		{"timeline of a script with no inject", ExerciseTimeline(Run{Plan: &planner.Plan{}, Result: &planner.ExerciseResult{}})},
		{"timeline with lanes but no marks", &Timeline{Head: Head{Title: "Run"}, Groups: []LaneGroup{{Label: "Injects", Lanes: []Lane{{Label: "A"}}}}}},
		{"heat map of no red lines", DeterrenceHeatMap(&planner.Scorecard{})},
		{"heat map of no scorecard", DeterrenceHeatMap(nil)},
		{"coverage of no scorecard", CoverageByMechanism(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Layout(tt.chart, opts)
			if n := len(rects(d)); n > 0 {
				t.Errorf("an empty chart draws %d rectangles; it should only say it is empty", n)
			}
			for _, s := range d.Shapes {
				if _, ok := s.(Line); ok {
					t.Errorf("an empty chart draws a line: %+v", s)
				}
			}
			want := tt.chart.Heading().emptyText()
			found := false
			for _, x := range texts(d) {
				found = found || strings.Contains(want, x.Text) && x.Text != "" && x.Text != tt.chart.Heading().Title
			}
			if !found {
				t.Errorf("the drawing does not say %q: %+v", want, texts(d))
			}
			if d.H <= 0 || d.H > opts.MaxHeight {
				t.Errorf("height %v", d.H)
			}
		})
	}
}

const longTitle = "Coalition rapid-reaction force reinforces the second line from bases in Poland and Romania within seventy-two hours of a crossing, with French and British brigades and US airlift"

func TestLongLabelsWrapOrShortenWithTheirFullForm(t *testing.T) {
	long := longTitle + " " + longTitle
	unbroken := strings.Repeat("Київ", 60)
	tests := []struct {
		name  string
		chart Chart
		// full are the texts that must be whole in Data.
		full []string
	}{
		{"a bar's label", &Bars{Head: Head{Title: "Forces"}, Series: statusSeries, Category: "Nation",
			Groups: []BarGroup{{Bars: []Bar{{Label: long, Values: []float64{10, 5, 1}}, {Label: "UK", Values: []float64{3}}}}}}, []string{long}},
		{"a word with no break as a bar's label", &Bars{Head: Head{Title: "Forces"}, Series: statusSeries,
			Groups: []BarGroup{{Label: unbroken, Bars: []Bar{{Label: unbroken, Values: []float64{10}}}}}}, []string{unbroken}},
		{"a lane's label", &Timeline{Head: Head{Title: "Run"}, Series: exerciseSeries, End: 10,
			Groups: []LaneGroup{{Label: "Red lines crossed", Lanes: []Lane{{Label: long, Marks: []TimeMark{{At: 3, Series: SeriesCrossed}}}}}}}, []string{long}},
		{"a heat map's row and column", &HeatMap{Head: Head{Title: "Heat"}, Levels: levelSeries, Columns: []string{long, "Speed"},
			Rows: []HeatRow{{Label: long, Cells: []int{0, 2}}}}, []string{long}},
		{"a title and caption that need many lines", &Bars{Head: Head{Title: long + long, Caption: long + long + long},
			Series: statusSeries, Groups: []BarGroup{{Bars: []Bar{{Label: "France", Values: []float64{1}}}}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Layout(tt.chart, opts)
			for _, x := range texts(d) {
				x1, x2 := span(x, EstimateWidth)
				if x1 < -1e-9 || x2 > d.W+1e-9 {
					t.Errorf("%q runs from %.1f to %.1f, outside the drawing's 0–%.1f", x.Text, x1, x2, d.W)
				}
				if x.Full != "" && (!strings.HasSuffix(x.Text, "…") || x.Full == x.Text) {
					t.Errorf("%q was shortened from %q without an ellipsis", x.Text, x.Full)
				}
				if strings.HasSuffix(x.Text, "…") && x.Full == "" {
					t.Errorf("%q was shortened but does not carry its full form", x.Text)
				}
			}
			data := tt.chart.Data()
			for _, f := range tt.full {
				found := false
				for _, r := range data.Rows {
					for _, c := range r {
						found = found || c == f
					}
				}
				for _, c := range data.Columns {
					found = found || c == f
				}
				if !found {
					t.Errorf("Data lacks the full label %.40q…", f)
				}
			}
		})
	}
}

func TestStackedTotalsEqualTheData(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	big := planner.Generate(planner.LargePlan.Scaled(0.2))
	for _, tt := range []struct {
		name      string
		plan      *planner.Plan
		maxHeight float64
	}{
		{"reference plan", p, 240},
		{"generated plan, every bar drawn", big, 0},
		{"generated plan, squeezed into 60 mm", big, 60},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cat := seeds.Catalog().ForPlan(tt.plan)
			c := ForcesByNation(tt.plan, cat)
			all := planner.TallyForces(tt.plan, planner.AllForces)
			sum := 0.0
			for _, g := range c.Groups {
				for _, b := range g.Bars {
					sum += b.Total()
					for _, n := range all.Nations {
						if cat.ActorName(n.Nation) == b.Label && float64(n.Personnel) != b.Total() {
							t.Errorf("%s: stacked %v, TallyForces %d", b.Label, b.Total(), n.Personnel)
						}
					}
				}
			}
			if int(sum) != all.Total.Personnel {
				t.Errorf("the bars stack %v personnel; TallyForces counts %d", sum, all.Total.Personnel)
			}
			// The totals written at the bars' ends add up to the same,
			// whether every bar is drawn or some are gathered.
			o := opts
			o.MaxHeight = tt.maxHeight
			d := Layout(c, o)
			drawn := 0.0
			bars := 0
			for _, x := range texts(d) {
				if x.Anchor != Start || x.Size != o.TextSize*0.85 {
					continue
				}
				v := strings.ReplaceAll(x.Text, ",", "")
				var n float64
				for _, r := range v {
					n = n*10 + float64(r-'0')
				}
				drawn += n
				bars++
			}
			if drawn != sum {
				t.Errorf("%d bars drawn total %v; the data %v", bars, drawn, sum)
			}
			if tt.maxHeight > 0 && d.H > tt.maxHeight {
				t.Errorf("height %.1f over %v", d.H, tt.maxHeight)
			}
		})
	}
}

// allCharts are the builders' charts of the reference plan and run and of
// a generated plan.
func allCharts(t *testing.T) map[string]Chart {
	run := referenceRun(t)
	cat := seeds.Catalog().ForPlan(run.Plan)
	sc := planner.Score(run.Plan, cat, seeds.DefaultProfile())
	big := planner.Generate(planner.LargePlan.Scaled(0.05))
	bigCat := seeds.Catalog().ForPlan(big)
	return map[string]Chart{
		"timeline":              ExerciseTimeline(run),
		"timeline of generated": ExerciseTimeline(playRun(t, big, bigCat, nil)),
		"forces":                ForcesByNation(run.Plan, cat),
		"forces of generated":   ForcesByNation(big, bigCat),
		"personnel by location": PersonnelByLocation(run.Plan),
		"coverage":              CoverageByMechanism(sc),
		"heat map":              DeterrenceHeatMap(sc),
	}
}

func TestEveryColourHasALegendWord(t *testing.T) {
	for name, c := range allCharts(t) {
		t.Run(name, func(t *testing.T) {
			d := Layout(c, opts)
			if len(d.Legend) == 0 {
				t.Fatal("no legend")
			}
			words := map[string]bool{}
			for _, x := range texts(d) {
				words[x.Text] = true
			}
			styles := map[Style]bool{}
			for _, s := range d.Legend {
				if s.Name == "" {
					t.Errorf("a series without a word: %+v", s)
				}
				if !words[s.Name] {
					t.Errorf("the legend's word %q is not drawn", s.Name)
				}
				styles[s.Style] = true
			}
			// Every coloured rectangle is a series of the legend, or a
			// neutral one (a phase band says its phase in a word inside).
			for _, r := range rects(d) {
				if Neutral(r.Fill) && (r.Hatch.Pattern == Solid || Neutral(r.Hatch.Ink)) {
					continue
				}
				found := false
				for st := range styles {
					found = found || st.Fill == r.Fill && st.Pattern == r.Hatch.Pattern
				}
				if !found {
					t.Errorf("a rectangle in %v (pattern %v) is in no series of the legend", r.Fill, r.Hatch.Pattern)
				}
			}
			// Two series never look the same.
			for i, a := range d.Legend {
				for _, b := range d.Legend[i+1:] {
					if a.Style == b.Style && a.Mark == b.Mark && !sameWordFamily(c, a, b) {
						t.Errorf("%q and %q look alike", a.Name, b.Name)
					}
				}
			}
		})
	}
}

// sameWordFamily: the heat map gives a grade the colour of the level it
// reads as; its cells say which in a word.
func sameWordFamily(c Chart, _, _ Series) bool { _, heat := c.(*HeatMap); return heat }

func TestHatchLinesStayInTheirRectangle(t *testing.T) {
	for _, p := range []Pattern{Diagonal, BackDiagonal, Crossed, Vertical} {
		for _, r := range []Rect{{X: 3, Y: 7, W: 40, H: 3}, {X: 0, Y: 0, W: 1, H: 30}, {X: 100.3, Y: 2.2, W: 0.4, H: 0.4}} {
			r.Hatch = Hatch{Pattern: p, Gap: 0.9, Width: 0.1}
			lines := r.HatchLines()
			if len(lines) == 0 && r.W > 1 {
				t.Errorf("%v over %+v: no lines", p, r)
			}
			for _, l := range lines {
				for _, pt := range [][2]float64{{l.X1, l.Y1}, {l.X2, l.Y2}} {
					if pt[0] < r.X-1e-9 || pt[0] > r.X+r.W+1e-9 || pt[1] < r.Y-1e-9 || pt[1] > r.Y+r.H+1e-9 {
						t.Errorf("%v over %+v: a line reaches (%.2f, %.2f)", p, r, pt[0], pt[1])
					}
				}
			}
		}
	}
	if n := len((Rect{W: 10, H: 10}).HatchLines()); n != 0 {
		t.Errorf("a solid rectangle has %d hatch lines", n)
	}
}

func TestDashes(t *testing.T) {
	l := Line{X1: 0, Y1: 0, X2: 10, Y2: 0, Dash: 1, Width: 0.1}
	d := l.Dashes()
	if len(d) != 5 {
		t.Fatalf("%d dashes, want 5", len(d))
	}
	total := 0.0
	for _, x := range d {
		total += math.Hypot(x.X2-x.X1, x.Y2-x.Y1)
		if x.Dash != 0 {
			t.Errorf("a dash is dashed: %+v", x)
		}
	}
	if math.Abs(total-5) > 1e-9 {
		t.Errorf("dashes cover %v, want 5", total)
	}
	if d := (Line{X2: 3}).Dashes(); len(d) != 1 {
		t.Errorf("a solid line gives %d", len(d))
	}
}

func TestTicks(t *testing.T) {
	tests := []struct {
		hi   float64
		n    int
		want []float64
	}{
		{900000, 4, []float64{0, 500000, 1000000}},
		{900000, 9, []float64{0, 100000, 200000, 300000, 400000, 500000, 600000, 700000, 800000, 900000}},
		{7, 4, []float64{0, 2, 4, 6, 8}},
		{10, 5, []float64{0, 2, 4, 6, 8, 10}},
		{0, 4, []float64{0}},
	}
	for _, tt := range tests {
		got := ticks(tt.hi, tt.n)
		if len(got) != len(tt.want) {
			t.Errorf("ticks(%v, %d) = %v, want %v", tt.hi, tt.n, got, tt.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 1e-6 {
				t.Errorf("ticks(%v, %d) = %v, want %v", tt.hi, tt.n, got, tt.want)
				break
			}
		}
	}
	if got := hourTicks(0, 168, 8); len(got) != 8 || got[1] != 24 {
		t.Errorf("hourTicks(0, 168, 8) = %v, want every 24 h", got)
	}
}

// TestLayoutWorkIsLinear: a label of one unbroken word (a pasted link) as
// a title, a bar, a lane and a heat map row costs measures in proportion
// to its length, not to its square: twice the word, at most twice the
// characters measured.
func TestLayoutWorkIsLinear(t *testing.T) {
	var work [2]int
	for i, n := range []int{25000, 50000} {
		word := "https://example.org/" + strings.Repeat("x", n)
		measured := 0
		o := opts
		o.Measure = func(s string, size float64, bold bool) float64 {
			measured += len(s)
			return EstimateWidth(s, size, bold)
		}
		for _, c := range []Chart{
			&Bars{Head: Head{Title: word, Caption: word}, Series: statusSeries, Groups: []BarGroup{{Label: word, Bars: []Bar{{Label: word, Values: []float64{1}}}}}},
			&Timeline{Head: Head{Title: word}, Series: exerciseSeries, End: 1, Groups: []LaneGroup{{Label: word, Lanes: []Lane{{Label: word,
				Spans: []Span{{From: 0, To: 1, Series: SeriesPhaseWar, Label: word}}}}}}},
			&HeatMap{Head: Head{Title: word}, Levels: levelSeries, Columns: []string{word}, Rows: []HeatRow{{Label: word, Cells: []int{0}}}},
		} {
			Layout(c, o)
		}
		work[i] = measured
	}
	if work[1] > 2*work[0]+10000 {
		t.Errorf("doubling the word took %d measured characters after %d; want at most twice", work[1], work[0])
	}
}
