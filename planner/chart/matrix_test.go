package chart

import (
	"bytes"
	"crypto/sha256"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

func referencePlan(t testing.TB) *planner.Plan {
	t.Helper()
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// smallPlan is two red lines and three responses, one of each mechanism,
// with a link given twice (the first trigger counts), a link to a response
// the plan does not have, and a response nothing links to.
func smallPlan() *planner.Plan {
	return &planner.Plan{
		RedLines: []planner.RedLine{{ID: "rl-a", Title: "Ground incursion", Severity: 5}, {ID: "rl-b", Title: "Strikes on cities", Severity: 3}},
		Responses: []planner.Response{
			{ID: "r-deny", Title: "Air shield", Mechanism: planner.MechanismDenial},
			{ID: "r-punish", Title: "Sanctions snapback", Mechanism: planner.MechanismPunishment},
			{ID: "r-reassure", Title: "Joint statement", Mechanism: planner.MechanismReassurance},
			{ID: "r-idle", Title: "Unused response", Mechanism: planner.MechanismDenial},
		},
		Links: []planner.Link{
			{RedLine: "rl-a", Response: "r-deny", Trigger: planner.TriggerAutomatic},
			{RedLine: "rl-a", Response: "r-punish", Trigger: planner.TriggerConsultation},
			{RedLine: "rl-a", Response: "r-deny", Trigger: planner.TriggerConsultation}, // twice
			{RedLine: "rl-b", Response: "r-reassure", Trigger: planner.TriggerAutomatic},
			{RedLine: "rl-b", Response: "r-gone", Trigger: planner.TriggerAutomatic}, // dangling
		},
	}
}

// links counts the plan's distinct links whose ends resolve, per red line
// and per response, by index, the first entity with an id winning.
func links(p *planner.Plan) (perRow, perCol []int, total int) {
	rows, cols := map[string]int{}, map[string]int{}
	for i := range p.RedLines {
		if _, ok := rows[p.RedLines[i].ID]; !ok {
			rows[p.RedLines[i].ID] = i
		}
	}
	for i := range p.Responses {
		if _, ok := cols[p.Responses[i].ID]; !ok {
			cols[p.Responses[i].ID] = i
		}
	}
	perRow, perCol = make([]int, len(p.RedLines)), make([]int, len(p.Responses))
	seen := map[[2]int]bool{}
	for _, l := range p.Links {
		r, okR := rows[l.RedLine]
		c, okC := cols[l.Response]
		if okR && okC && !seen[[2]int{r, c}] {
			seen[[2]int{r, c}] = true
			perRow[r]++
			perCol[c]++
			total++
		}
	}
	return perRow, perCol, total
}

func TestResponseMatrixCountsAreThePlansLinks(t *testing.T) {
	tests := []struct {
		name string
		plan *planner.Plan
	}{
		{"reference plan", referencePlan(t)},
		{"a link twice, a dangling link and an unused response", smallPlan()},
		{"generated plan of 50 red lines, drawn in part", planner.Generate(planner.LargePlan.Scaled(0.05))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ResponseMatrix(tt.plan)
			perRow, perCol, total := links(tt.plan)
			got := c.colCounts(nil)
			for i, r := range c.Rows {
				if len(r.Cells) != perRow[i] {
					t.Errorf("%s has %d cells, the plan %d links", r.Label, len(r.Cells), perRow[i])
				}
			}
			if !slices.Equal(got, perCol) {
				t.Errorf("per response %v, the plan's links %v", got, perCol)
			}
			// Data: a row per link, then one per red line and response
			// with none.
			idle := 0
			for _, n := range append(slices.Clone(perRow), perCol...) {
				if n == 0 {
					idle++
				}
			}
			if n := len(c.Data().Rows); n != total+idle {
				t.Errorf("Data has %d rows, want %d links and %d with none", n, total, idle)
			}
			// The drawing: the row counts and the column counts each add
			// up to the total in the corner, which is the plan's.
			d := Layout(c, opts)
			size := opts.TextSize * matrixCount
			var counts []Text
			for _, x := range texts(d) {
				if x.Size == size {
					counts = append(counts, x)
				}
			}
			right := slices.MaxFunc(counts, func(a, b Text) int { return cmpF(a.X, b.X) }).X
			last := slices.MaxFunc(counts, func(a, b Text) int { return cmpF(a.Y, b.Y) }).Y
			rowSum, colSum, corner := 0, 0, -1
			for _, x := range counts {
				n := atoi(t, x.Text)
				switch {
				case x.X == right && x.Y == last:
					corner = n
				case x.X == right:
					rowSum += n
				case x.Y == last:
					colSum += n
				}
			}
			if corner != total {
				t.Errorf("the corner says %d links, the plan has %d", corner, total)
			}
			if !d.Partial && (rowSum != total || colSum != total) {
				t.Errorf("rows add up to %d, columns to %d, want %d", rowSum, colSum, total)
			}
		})
	}
}

func TestResponseMatrixCellsAreColouredByMechanismAndLetteredByTrigger(t *testing.T) {
	d := Layout(ResponseMatrix(smallPlan()), opts)
	want := map[string]string{ // a series' name to its letter
		"Denial, automatic (A)":         "A",
		"Punishment, consultation (C)":  "C",
		"Reassurance, automatic (A)":    "A",
		"Denial, consultation (C)":      "", // the link given twice: its first trigger wins
		"Punishment, automatic (A)":     "",
		"Reassurance, consultation (C)": "",
	}
	legend := map[string]Series{}
	for _, s := range d.Legend {
		legend[s.Name] = s
	}
	for name, letter := range want {
		if _, ok := legend[name]; ok != (letter != "") {
			t.Errorf("legend has %q: %v, want %v", name, ok, letter != "")
		}
	}
	// Each cell in its series' style holds its letter.
	for _, r := range rects(d) {
		for name, s := range legend {
			if r.Fill != s.Style.Fill || r.Hatch.Pattern != s.Style.Pattern || r.H < opts.TextSize {
				// Not a cell: a swatch of the legend, or a letter's plate.
				continue
			}
			found := false
			for _, x := range texts(d) {
				found = found || x.Text == want[name] && x.X > r.X && x.X < r.X+r.W && x.Y > r.Y && x.Y < r.Y+r.H
			}
			if !found {
				t.Errorf("a %s cell has no %q in it", name, want[name])
			}
		}
	}
}

func TestResponseMatrixEveryColourHasALegendWord(t *testing.T) {
	for name, p := range map[string]*planner.Plan{
		"reference plan":   referencePlan(t),
		"generated plan":   planner.Generate(planner.LargePlan.Scaled(0.05)),
		"mechanisms unset": {RedLines: []planner.RedLine{{ID: "a", Title: "A"}}, Responses: []planner.Response{{ID: "r", Title: "R"}}, Links: []planner.Link{{RedLine: "a", Response: "r"}}},
	} {
		t.Run(name, func(t *testing.T) {
			d := Layout(ResponseMatrix(p), opts)
			words := map[string]bool{}
			for _, x := range texts(d) {
				words[x.Text] = true
			}
			fills := map[color.NRGBA]bool{}
			for i, s := range d.Legend {
				if !words[s.Name] {
					t.Errorf("the legend's %q is not drawn", s.Name)
				}
				fills[s.Style.Fill] = true
				for _, o := range d.Legend[i+1:] {
					if o.Style == s.Style {
						t.Errorf("%q and %q look alike", s.Name, o.Name)
					}
				}
			}
			// Every coloured rectangle (a cell, a letter's plate, a
			// swatch) is in the colour of a series of the legend.
			for _, r := range rects(d) {
				if !Neutral(r.Fill) && !fills[r.Fill] {
					t.Errorf("a rectangle in %v is in no series of the legend", r.Fill)
				}
				if r.Hatch.Pattern != Solid && !Neutral(r.Hatch.Ink) && !fills[r.Fill] {
					t.Errorf("a hatch in %v is in no series of the legend", r.Hatch.Ink)
				}
			}
		})
	}
}

func TestResponseMatrixLongTitlesWrapAndKeepTheirFullForm(t *testing.T) {
	long := strings.Repeat(longTitle+" ", 4) // far more than three lines
	unbroken := strings.Repeat("Київ", 100)
	tests := []struct {
		name                  string
		redLine, response     string
		redLineWhole, respWho bool // drawn whole, over several lines
	}{
		{"titles of two lines", "Coalition rapid-reaction force reinforces the second line from bases in Poland and Romania",
			"Ukrainian long-range strikes on military and energy targets in Russia and occupied Crimea, with allied targeting", true, true},
		{"titles too long for three lines", long, long, false, false},
		{"a title with no break", unbroken, unbroken, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &planner.Plan{
				RedLines:  []planner.RedLine{{ID: "a", Title: tt.redLine, Severity: 3}, {ID: "b", Title: "Short", Severity: 2}},
				Responses: []planner.Response{{ID: "r", Title: tt.response, Mechanism: planner.MechanismDenial}},
				Links:     []planner.Link{{RedLine: "a", Response: "r", Trigger: planner.TriggerAutomatic}},
			}
			c := ResponseMatrix(p)
			d := Layout(c, opts)
			joined := ""
			fulls := map[string]bool{}
			for _, x := range texts(d) {
				x1, x2 := span(x, EstimateWidth)
				if x1 < -1e-9 || x2 > d.W+1e-9 {
					t.Errorf("%q runs from %.1f to %.1f, outside 0–%.1f", x.Text, x1, x2, d.W)
				}
				if x.Full != "" && (!strings.HasSuffix(x.Text, "…") || x.Full == x.Text) {
					t.Errorf("%q was shortened from %q without an ellipsis", x.Text, x.Full)
				}
				if strings.HasSuffix(x.Text, "…") && x.Full == "" {
					t.Errorf("%q was shortened but does not carry its full form", x.Text)
				}
				joined += x.Text
				fulls[x.Full] = true
			}
			for _, tc := range []struct {
				title string
				whole bool
			}{{tt.redLine, tt.redLineWhole}, {tt.response, tt.respWho}} {
				drawnWhole := strings.Contains(noSpace(joined), noSpace(tc.title))
				if tc.whole && !drawnWhole {
					t.Errorf("%.40q… is not drawn whole over its lines", tc.title)
				}
				if !tc.whole && !fulls[tc.title] {
					t.Errorf("%.40q… is shortened without its full form", tc.title)
				}
			}
			found := 0
			for _, r := range c.Data().Rows {
				found += boolInt(slices.Contains(r, tt.redLine)) + boolInt(slices.Contains(r, tt.response))
			}
			if found < 2 {
				t.Errorf("Data lacks a full title")
			}
		})
	}
}

func TestResponseMatrixOfALargePlanIsCappedAndSaysSo(t *testing.T) {
	large := planner.Generate(planner.LargePlan)
	wide := planner.Generate(planner.GenSpec{RedLines: 6, Responses: 300, Links: 400, Seed: 3})
	tests := []struct {
		name      string
		plan      *planner.Plan
		maxHeight float64
		says      []string
	}{
		{"the large plan on a page", large, opts.MaxHeight, []string{"most severe of 1,000 red lines", "workbook"}},
		{"the large plan with no height given", large, 0, []string{"the 30 most severe of 1,000 red lines", "workbook"}},
		{"the large plan squeezed into 80 mm", large, 80, []string{"of 1,000 red lines"}},
		{"six red lines, 300 responses", wide, opts.MaxHeight, []string{"all 6 red lines", "of 300 responses", "workbook"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ResponseMatrix(tt.plan)
			o := opts
			o.MaxHeight = tt.maxHeight
			d := Layout(c, o)
			if !d.Partial {
				t.Error("the drawing does not say it is partial")
			}
			if tt.maxHeight > 0 && d.H > tt.maxHeight {
				t.Errorf("height %.1f over %v", d.H, tt.maxHeight)
			}
			if len(d.Shapes) > 4000 {
				t.Errorf("%d shapes: a capped matrix should stay small", len(d.Shapes))
			}
			all := ""
			for _, x := range texts(d) {
				all += x.Text + " "
			}
			for _, s := range tt.says {
				if !strings.Contains(all, s) {
					t.Errorf("the drawing does not say %q:\n%s", s, all)
				}
			}
			// The red lines drawn are the most severe.
			drawn := map[string]bool{}
			for _, x := range texts(d) {
				if x.Bold && x.Color == Muted {
					drawn[x.Text] = true
				}
			}
			least := 6
			for _, r := range c.Rows {
				if drawn[r.Key] {
					least = min(least, r.Rank)
				}
			}
			for _, r := range c.Rows {
				if !drawn[r.Key] && r.Rank > least {
					t.Errorf("%s (severity %d) is left out while one of severity %d is drawn", r.Key, r.Rank, least)
					break
				}
			}
			if len(c.Data().Rows) < len(tt.plan.Links)*9/10 {
				t.Errorf("Data has %d rows for %d links", len(c.Data().Rows), len(tt.plan.Links))
			}
		})
	}
}

func TestResponseMatrixWithNothingToDrawSaysSo(t *testing.T) {
	tests := []struct {
		name string
		plan *planner.Plan
		says string
	}{
		{"no plan", nil, "no red lines"},
		{"an empty plan", &planner.Plan{}, "no red lines"},
		{"red lines and no responses", &planner.Plan{RedLines: []planner.RedLine{{ID: "a", Title: "A"}}}, "no responses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Layout(ResponseMatrix(tt.plan), opts)
			if n := len(rects(d)); n > 0 {
				t.Errorf("%d rectangles drawn", n)
			}
			all := ""
			for _, x := range texts(d) {
				all += x.Text + " "
			}
			if !strings.Contains(all, tt.says) {
				t.Errorf("the drawing says %q, not %q", all, tt.says)
			}
		})
	}
}

func TestResponseMatrixSVGHoldsEveryTitle(t *testing.T) {
	for name, p := range map[string]*planner.Plan{
		"reference plan": referencePlan(t),
		"long titles": {RedLines: []planner.RedLine{{ID: "a", Title: longTitle + " " + longTitle, Severity: 1}},
			Responses: []planner.Response{{ID: "r", Title: "Sanctions <snapback> & more", Mechanism: planner.MechanismPunishment}},
			Links:     []planner.Link{{RedLine: "a", Response: "r", Trigger: planner.TriggerConsultation}}},
	} {
		t.Run(name, func(t *testing.T) {
			d := Layout(ResponseMatrix(p), opts)
			doc := parseSVG(t, d, SVGOptions{Unit: "mm"})
			if doc.Title != "Response matrix" {
				t.Errorf("title %q", doc.Title)
			}
			joined := ""
			fulls := map[string]bool{}
			for _, x := range doc.Texts {
				joined += x.Text
				fulls[x.Title] = true
			}
			for _, title := range append(titlesOf(p.RedLines, func(r planner.RedLine) string { return r.Title }),
				titlesOf(p.Responses, func(r planner.Response) string { return r.Title })...) {
				if !fulls[title] && !strings.Contains(noSpace(joined), noSpace(title)) {
					t.Errorf("%.40q… is in the SVG neither whole nor as a shortened label's title", title)
				}
			}
		})
	}
}

func TestPNGOfTheMatrix(t *testing.T) {
	fonts := testFonts(t)
	d := Layout(ResponseMatrix(referencePlan(t)), Options{Width: 600, TextSize: 9, Measure: fonts.Measure})
	for _, scale := range []float64{1, 2} {
		var b bytes.Buffer
		if err := WritePNG(&b, d, PNGOptions{Scale: scale, Fonts: fonts}); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("not a PNG: %v", err)
		}
		w, h := int(math.Ceil(d.W*scale)), int(math.Ceil(d.H*scale))
		if got := img.Bounds().Size(); got.X != w || got.Y != h {
			t.Errorf("at %v×: %v, want %d×%d", scale, got, w, h)
		}
		white := func(x, y float64) bool {
			r, g, b, _ := img.At(int(x*scale), int(y*scale)).RGBA()
			return r == 0xffff && g == 0xffff && b == 0xffff
		}
		if !white(d.W-1, 1) {
			t.Errorf("at %v×: the background is not white", scale)
		}
		cells := 0
		for _, r := range rects(d) {
			if Neutral(r.Fill) || r.W < 5 {
				continue // a stripe, a plate, a swatch
			}
			cells++
			// Inside the cell, off its letter.
			if x, y := r.X+r.W*0.12, r.Y+r.H*0.5; white(x, y) {
				t.Errorf("at %v×: the cell at (%.1f, %.1f) is white", scale, x, y)
			}
		}
		if cells < 31 {
			t.Errorf("%d cells, want the reference plan's 31 links", cells)
		}
	}
}

func TestPNGIsTheSameBytesEveryTime(t *testing.T) {
	run := referenceRun(t)
	for name, c := range map[string]Chart{"matrix": ResponseMatrix(run.Plan), "timeline": ExerciseTimeline(run)} {
		t.Run(name, func(t *testing.T) {
			var sums [2][32]byte
			for i := range sums {
				fonts := testFonts(t) // caches filled afresh
				d := Layout(c, Options{Width: 500, TextSize: 8, MaxHeight: 700, Measure: fonts.Measure})
				var b bytes.Buffer
				if err := WritePNG(&b, d, PNGOptions{Scale: 1.5, Fonts: fonts}); err != nil {
					t.Fatal(err)
				}
				sums[i] = sha256.Sum256(b.Bytes())
			}
			if sums[0] != sums[1] {
				t.Errorf("two PNGs of one drawing differ: %x, %x", sums[0], sums[1])
			}
		})
	}
}

func TestRasterizeShapes(t *testing.T) {
	fonts := testFonts(t)
	red := color.NRGBA{0xd5, 0x5e, 0x00, 0xff}
	tests := []struct {
		name  string
		shape Shape
		// ink and paper are points (in units, drawn at 4 pixels a unit)
		// that must be coloured, and that must stay white.
		ink, paper [][2]float64
	}{
		{"a filled rectangle", Rect{X: 2, Y: 2, W: 6, H: 4, Fill: red}, [][2]float64{{3, 3}, {7.5, 5.5}}, [][2]float64{{1.5, 3}, {8.5, 3}}},
		{"an outline only", Rect{X: 2, Y: 2, W: 6, H: 4, Stroke: red, StrokeWidth: 0.5}, [][2]float64{{2, 4}, {5, 2}}, [][2]float64{{5, 4}}},
		{"a hatch stays inside", Rect{X: 2, Y: 2, W: 6, H: 4, Hatch: Hatch{Pattern: Vertical, Ink: red, Gap: 2, Width: 0.5}},
			[][2]float64{{3, 4}, {5, 4}}, [][2]float64{{4, 4}, {3, 1.5}, {3, 6.5}}},
		{"a line of its width", Line{X1: 1, Y1: 5, X2: 9, Y2: 5, Color: red, Width: 1}, [][2]float64{{2, 5}, {8, 5.3}}, [][2]float64{{2, 6}, {0.5, 5}}},
		{"a dashed line", Line{X1: 1, Y1: 5, X2: 9, Y2: 5, Color: red, Width: 1, Dash: 2}, [][2]float64{{2, 5}, {6, 5}}, [][2]float64{{4, 5}, {8, 5}}},
		{"text on its baseline", Text{X: 1, Y: 6, Text: "HH", Size: 4, Color: Black}, [][2]float64{{1.4, 4.5}}, [][2]float64{{1.4, 6.5}, {1.4, 2.5}}},
		{"text anchored at its end", Text{X: 9, Y: 6, Text: "HH", Size: 4, Color: Black, Anchor: End}, [][2]float64{{8.6, 4.5}}, [][2]float64{{1.4, 4.5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Rasterize(&Drawing{W: 10, H: 8, Shapes: []Shape{tt.shape}}, PNGOptions{Scale: 4, Fonts: fonts})
			if err != nil {
				t.Fatal(err)
			}
			at := func(p [2]float64) color.RGBA { return img.RGBAAt(int(p[0]*4), int(p[1]*4)) }
			for _, p := range tt.ink {
				if c := at(p); c == (color.RGBA{255, 255, 255, 255}) {
					t.Errorf("(%v, %v) is white", p[0], p[1])
				}
			}
			for _, p := range tt.paper {
				if c := at(p); c != (color.RGBA{255, 255, 255, 255}) {
					t.Errorf("(%v, %v) is %v, want white", p[0], p[1], c)
				}
			}
		})
	}
	if _, err := Rasterize(&Drawing{W: 10, H: 10, Shapes: []Shape{Text{Text: "x", Size: 2, Color: Black}}}, PNGOptions{}); err == nil {
		t.Error("text without fonts was rasterized")
	}
	if _, err := Rasterize(&Drawing{W: 1e6, H: 1e6}, PNGOptions{}); err == nil {
		t.Error("a drawing of a trillion pixels was rasterized")
	}
}

// The widths Fonts measures are Noto Sans's: narrower than the estimate,
// which errs wide, and bold wider than regular.
func TestFontsMeasure(t *testing.T) {
	fonts := testFonts(t)
	s := "Ground incursion across the contact line"
	regular, bold := fonts.Measure(s, 10, false), fonts.Measure(s, 10, true)
	if !(regular > 100 && regular < EstimateWidth(s, 10, false) && bold > regular) {
		t.Errorf("regular %.1f, bold %.1f, estimate %.1f", regular, bold, EstimateWidth(s, 10, false))
	}
	if fonts.Measure("", 10, false) != 0 {
		t.Error("the empty string has a width")
	}
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		t.Fatalf("a count %q is not a number", s)
	}
	return n
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' {
			return -1
		}
		return r
	}, s)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func titlesOf[T any](xs []T, title func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = title(x)
	}
	return out
}
