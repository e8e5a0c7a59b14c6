package chart

import (
	"math"
	"slices"

	"redline/planner"
)

// Bars is a chart of horizontal bars, each stacked from its Series'
// values, in groups that each have a heading and a scale of their own:
// forces by nation (coalition and Ukraine's own apart), personnel by
// location, coverage by mechanism per red line.
//
// A group is drawn to its own scale, its axis under it, because the groups
// a planner sets side by side differ by orders of magnitude (a coalition
// brigade beside Ukraine's army): one scale would flatten the smaller.
//
// When Options.MaxHeight leaves room for fewer bars than there are, the
// largest group gives up its last bars first, and each group that gave up
// any ends in one bar "N others" that stacks what they held, so that the
// totals drawn still add up to the data. Data lists every bar.
type Bars struct {
	Head
	// Series are the parts of a bar, from the axis out.
	Series []Series
	Groups []BarGroup
	// Category names what a bar is ("Nation"), GroupCategory what a group
	// is ("Forces"): the headers of Data's first columns.
	Category, GroupCategory string
	// Others names the bar that gathers those not drawn: "other nations"
	// gives "12 other nations".
	Others string
}

// BarGroup is bars under one heading; Label "" draws no heading.
type BarGroup struct {
	Label string
	Bars  []Bar
}

// Bar is one bar: its label and a value per series, in series order.
type Bar struct {
	Label  string
	Values []float64
}

// Total is the sum of the bar's values.
func (b Bar) Total() float64 {
	t := 0.0
	for _, v := range b.Values {
		t += v
	}
	return t
}

func (c *Bars) Legend() []Series { return c.Series }

func (c *Bars) empty() bool {
	for _, g := range c.Groups {
		if len(g.Bars) > 0 {
			return false
		}
	}
	return true
}

// Data is a row per bar: its group (when the chart has more than one),
// its label, a value per series and the total.
func (c *Bars) Data() Table {
	grouped := len(c.Groups) > 1
	var t Table
	if grouped {
		t.Columns = append(t.Columns, c.GroupCategory)
	}
	t.Columns = append(t.Columns, c.Category)
	for _, s := range c.Series {
		t.Columns = append(t.Columns, s.Name)
	}
	t.Columns = append(t.Columns, "Total")
	t.Numeric = make([]bool, len(t.Columns))
	for i := len(t.Columns) - len(c.Series) - 1; i < len(t.Columns); i++ {
		t.Numeric[i] = true
	}
	for _, g := range c.Groups {
		for _, b := range g.Bars {
			var r []string
			if grouped {
				r = append(r, g.Label)
			}
			r = append(r, b.Label)
			for i := range c.Series {
				v := 0.0
				if i < len(b.Values) {
					v = b.Values[i]
				}
				r = append(r, planner.Number(v))
			}
			t.Rows = append(t.Rows, append(r, planner.Number(b.Total())))
		}
	}
	return t
}

// The bars' proportions, in text sizes.
const (
	barPitch   = 1.55 // from one bar to the next
	barHeight  = 1.05
	barHeading = 1.7 // a group's heading
	barAxis    = 2.0 // a group's axis under its bars
)

func (c *Bars) layout(l *layout) {
	t := l.t
	groups := c.fitGroups(l)
	label, value := t*0.9, t*0.85
	lw := 0.0
	vw := 0.0
	for _, g := range groups {
		for _, b := range g.Bars {
			lw = max(lw, l.width(b.Label, label, false))
			vw = max(vw, l.width(planner.Number(b.Total()), value, false))
		}
	}
	lw = min(lw, l.o.Width*0.34)
	x0 := lw + t*0.6
	pw := l.o.Width - x0 - vw - t*1.2
	if pw < t*4 {
		pw = t * 4
	}
	for _, g := range groups {
		if g.Label != "" {
			l.y += t * barHeading
			l.add(l.fit(Text{X: 0, Y: l.y - t*0.45, Text: g.Label, Size: t, Bold: true, Color: Black}, l.o.Width))
		}
		hi := 0.0
		for _, b := range g.Bars {
			hi = max(hi, b.Total())
		}
		marks := ticks(hi, max(2, int(pw/(t*7))))
		top := marks[len(marks)-1]
		if top <= 0 {
			top = 1
		}
		scale := pw / top
		top0 := l.y
		for _, b := range g.Bars {
			y := l.y + (barPitch-barHeight)*t/2
			mid := y + barHeight*t/2
			l.add(l.fit(Text{X: lw, Y: mid + label*0.35, Text: b.Label, Size: label, Color: Black, Anchor: End}, lw))
			x := x0
			for i, v := range b.Values {
				if !(v > 0) || i >= len(c.Series) {
					continue
				}
				w := v * scale
				r := l.styled(x, y, w, barHeight*t, c.Series[i].Style)
				r.Stroke, r.StrokeWidth = White, t*0.05 // parts of a bar apart
				l.add(r)
				x += w
			}
			l.add(Text{X: x + t*0.35, Y: mid + value*0.35, Text: planner.Number(b.Total()), Size: value, Color: Black})
			l.y += barPitch * t
		}
		// The axis: a rule at the bars' base, light lines at round values,
		// labelled under the bars.
		for _, m := range marks {
			x := x0 + m*scale
			l.add(Line{X1: x, Y1: top0, X2: x, Y2: l.y, Color: Rule, Width: t * 0.04, Dash: t * 0.25})
			l.add(Text{X: x, Y: l.y + t*1.05, Text: planner.Number(m), Size: t * 0.75, Color: Muted, Anchor: Middle})
		}
		l.add(Line{X1: x0, Y1: top0, X2: x0, Y2: l.y, Color: RuleDark, Width: t * 0.07})
		l.y += t * barAxis
	}
}

// fitGroups returns the groups with as many bars as the height allows.
func (c *Bars) fitGroups(l *layout) []BarGroup {
	groups := make([]BarGroup, 0, len(c.Groups))
	fixed, bars := 0.0, 0
	for _, g := range c.Groups {
		if len(g.Bars) == 0 {
			continue
		}
		groups = append(groups, g)
		fixed += barAxis * l.t
		if g.Label != "" {
			fixed += barHeading * l.t
		}
		bars += len(g.Bars)
	}
	room := math.Floor((l.room() - fixed) / (barPitch * l.t))
	if float64(bars) <= room {
		return groups
	}
	sizes := make([]int, len(groups))
	for i, g := range groups {
		sizes[i] = len(g.Bars)
	}
	keep := shareRoom(sizes, room)
	for i, g := range groups {
		if keep[i] == len(g.Bars) {
			continue
		}
		rest := g.Bars[keep[i]:]
		others := Bar{Label: planner.Thousands(len(rest)) + " " + c.othersName(), Values: make([]float64, len(c.Series))}
		for _, b := range rest {
			for k, v := range b.Values {
				if k < len(others.Values) {
					others.Values[k] += v
				}
			}
		}
		groups[i].Bars = append(g.Bars[:keep[i]:keep[i]], others)
	}
	return groups
}

func (c *Bars) othersName() string {
	if c.Others == "" {
		return "others"
	}
	return c.Others
}

// shareRoom is how many of its rows (bars, lanes) each group keeps when
// there is room for room rows in all: the largest group gives up its last
// rows first, and each group that gives up any shows one row more, "N
// others", that gathers them; a group keeps at least its others and one
// row.
func shareRoom(sizes []int, room float64) []int {
	keep := slices.Clone(sizes)
	need := func() int {
		n := 0
		for i := range sizes {
			n += keep[i]
			if keep[i] < sizes[i] {
				n++
			}
		}
		return n
	}
	for float64(need()) > room {
		big := -1
		for i := range keep {
			if keep[i] > 1 && (big < 0 || keep[i] > keep[big]) {
				big = i
			}
		}
		if big < 0 {
			break
		}
		keep[big]--
	}
	return keep
}
