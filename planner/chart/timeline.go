package chart

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"redline/planner"
)

// Timeline is a chart of lanes along the exercise clock: moments (a red
// line crossed, a decision taken) as marks, stretches (a response under
// way, in effect, blocked; a phase) as spans, lanes gathered in groups
// under a heading.
//
// A long run stays legible and its drawing bounded, whatever the length
// of the script:
//   - when Options.MaxHeight leaves room for fewer lanes than there are,
//     the largest group gives up its last lanes first, and each group that
//     gave up any ends in one lane, "N other red lines", that carries the
//     marks and spans of all it gave up;
//   - marks of one series on one lane closer together than a mark is wide
//     are drawn once, and spans of one series that overlap are drawn as
//     one; so a lane costs at most a shape per mark's width, however many
//     thousand injects it holds.
//
// Data lists every lane, with the first dozen times of each series.
type Timeline struct {
	Head
	// Series are what the marks and spans are, referred to by index.
	Series []Series
	// Start and End are the hours the axis runs between.
	Start, End float64
	Groups     []LaneGroup
}

// LaneGroup is lanes under a heading. Noun names its lanes in the plural
// for the lane that gathers those not drawn ("red lines").
type LaneGroup struct {
	Label string
	Noun  string
	Lanes []Lane
	// Brief gives the group one row in Data, counting its marks by
	// series, for lanes that a table beside the chart lists already.
	Brief bool
}

// Lane is one row of the timeline.
type Lane struct {
	Label string
	Marks []TimeMark
	Spans []Span
}

// TimeMark is a moment on a lane, drawn as its series' Mark.
type TimeMark struct {
	At     float64
	Series int
}

// Span is a stretch of a lane from From to To. Label, when set, is written
// inside it where it fits (a phase's name).
type Span struct {
	From, To float64
	Series   int
	Label    string
}

// Legend is the series the timeline draws, but for those that say what
// they are in a word where they are drawn (Unlisted).
func (c *Timeline) Legend() []Series {
	used := make([]bool, len(c.Series))
	for _, g := range c.Groups {
		for _, ln := range g.Lanes {
			for _, m := range ln.Marks {
				if m.Series >= 0 && m.Series < len(used) {
					used[m.Series] = true
				}
			}
			for _, sp := range ln.Spans {
				if sp.Series >= 0 && sp.Series < len(used) {
					used[sp.Series] = true
				}
			}
		}
	}
	var out []Series
	for i, s := range c.Series {
		if used[i] && !s.Unlisted {
			out = append(out, s)
		}
	}
	return out
}

func (c *Timeline) empty() bool {
	for _, g := range c.Groups {
		for _, ln := range g.Lanes {
			if len(ln.Marks)+len(ln.Spans) > 0 {
				return false
			}
		}
	}
	return true
}

// dataMarks is how many times of one series a lane's Data row names
// before it says how many more there are.
const dataMarks = 12

// Data is a row per lane: its group (on the group's first lane), its label,
// and for each series what happened when: "Red line crossed: T+12h, T+40h;
// Under way: T+40h–T+112h".
func (c *Timeline) Data() Table {
	t := Table{Columns: []string{"Part", "Lane", "When"}}
	for _, g := range c.Groups {
		if g.Brief && len(g.Lanes) > 0 {
			t.Rows = append(t.Rows, []string{g.Label, planner.Thousands(len(g.Lanes)) + " " + g.Noun, c.counts(g)})
			continue
		}
		for i, ln := range g.Lanes {
			group := ""
			if i == 0 {
				group = g.Label
			}
			t.Rows = append(t.Rows, []string{group, ln.Label, c.laneWords(ln)})
		}
	}
	return t
}

// counts says how many marks and spans of each series a group has:
// "Inject played: 14; Inject skipped: 2".
func (c *Timeline) counts(g LaneGroup) string {
	n := make([]int, len(c.Series))
	for _, ln := range g.Lanes {
		for _, m := range ln.Marks {
			if m.Series >= 0 && m.Series < len(n) {
				n[m.Series]++
			}
		}
		for _, sp := range ln.Spans {
			if sp.Series >= 0 && sp.Series < len(n) {
				n[sp.Series]++
			}
		}
	}
	var parts []string
	for i, s := range c.Series {
		if n[i] > 0 {
			parts = append(parts, s.Name+": "+planner.Thousands(n[i]))
		}
	}
	return strings.Join(parts, "; ")
}

func (c *Timeline) laneWords(ln Lane) string {
	var parts []string
	// Spans that say what they are (the phases) in the order they came.
	var named []Span
	for _, sp := range ln.Spans {
		if sp.Label != "" {
			named = append(named, sp)
		}
	}
	slices.SortStableFunc(named, func(a, b Span) int { return cmp.Compare(a.From, b.From) })
	for _, sp := range named[:min(len(named), dataMarks)] {
		parts = append(parts, sp.Label+" "+planner.Clock(sp.From)+"–"+planner.Clock(sp.To))
	}
	if len(named) > dataMarks {
		parts = append(parts, "and "+planner.Thousands(len(named)-dataMarks)+" more")
	}
	for si, s := range c.Series {
		var times []string
		n := 0
		for _, m := range ln.Marks {
			if m.Series == si {
				if n < dataMarks {
					times = append(times, planner.Clock(m.At))
				}
				n++
			}
		}
		for _, sp := range ln.Spans {
			if sp.Series == si && sp.Label == "" {
				if n < dataMarks {
					times = append(times, planner.Clock(sp.From)+"–"+planner.Clock(sp.To))
				}
				n++
			}
		}
		if n == 0 {
			continue
		}
		if n > dataMarks {
			times = append(times, "and "+planner.Thousands(n-dataMarks)+" more")
		}
		parts = append(parts, s.Name+": "+strings.Join(times, ", "))
	}
	return strings.Join(parts, "; ")
}

// The timeline's proportions, in text sizes.
const (
	lanePitch   = 1.45
	laneHeading = 1.5
	laneAxis    = 1.6
)

func (c *Timeline) layout(l *layout) {
	t := l.t
	groups := c.fitGroups(l)
	start, end := c.Start, c.End
	if !(end > start) {
		end = start + 1
	}
	label := t * 0.85
	lw := 0.0
	for _, g := range groups {
		for _, ln := range g.Lanes {
			lw = max(lw, l.width(ln.Label, label, false))
		}
		lw = max(lw, l.width(g.Label, t*0.85, true)*0.6)
	}
	lw = min(lw, l.o.Width*0.3)
	tickSize := t * 0.72
	marks := hourTicks(start, end, max(2, int((l.o.Width-lw)/(t*5.5))))
	pad := l.width(planner.Clock(end), tickSize, false)/2 + t*0.2
	x0, x1 := lw+t*0.6+pad*0.3, l.o.Width-pad
	if x1-x0 < t*4 {
		x1 = x0 + t*4
	}
	scale := (x1 - x0) / (end - start)
	at := func(h float64) float64 { return x0 + (math.Min(math.Max(h, start), end)-start)*scale }

	// The axis above the lanes; its lines are drawn once the lanes'
	// height is known.
	l.y += t * laneAxis
	axisY := l.y
	for _, m := range marks {
		l.add(Text{X: at(m), Y: axisY - t*0.4, Text: planner.Clock(m), Size: tickSize, Color: Muted, Anchor: Middle})
	}
	grid := len(l.d.Shapes) // gridlines go under the lanes
	top := l.y
	lane := 0
	for _, g := range groups {
		if g.Label != "" {
			l.y += t * laneHeading
			l.add(l.fit(Text{X: 0, Y: l.y - t*0.4, Text: g.Label, Size: t * 0.85, Bold: true, Color: Black}, l.o.Width))
		}
		for _, ln := range g.Lanes {
			y := l.y
			mid := y + lanePitch*t/2
			if lane%2 == 0 {
				l.add(Rect{X: x0, Y: y, W: x1 - x0, H: lanePitch * t, Fill: Stripe})
			}
			lane++
			l.add(l.fit(Text{X: lw, Y: mid + label*0.35, Text: ln.Label, Size: label, Color: Black, Anchor: End}, lw))
			c.drawSpans(l, ln.Spans, mid, at)
			c.drawMarks(l, ln.Marks, mid, at)
			l.y += lanePitch * t
		}
	}
	var lines []Shape
	for _, m := range marks {
		lines = append(lines, Line{X1: at(m), Y1: top - t*0.2, X2: at(m), Y2: l.y, Color: Rule, Width: t * 0.04, Dash: t * 0.25})
	}
	l.d.Shapes = slices.Insert(l.d.Shapes, grid, lines...)
	l.add(Line{X1: x0, Y1: top - t*0.2, X2: x1, Y2: top - t*0.2, Color: RuleDark, Width: t * 0.07})
	if lane > 14 {
		// A tall timeline is labelled at its foot too.
		l.y += t * 1.1
		for _, m := range marks {
			l.add(Text{X: at(m), Y: l.y, Text: planner.Clock(m), Size: tickSize, Color: Muted, Anchor: Middle})
		}
	}
	l.y += t * 0.5
}

// drawSpans draws a lane's spans, bands first and strips over them; spans
// of one series that overlap or touch are drawn as one.
func (c *Timeline) drawSpans(l *layout, spans []Span, mid float64, at func(float64) float64) {
	t := l.t
	for _, pass := range []Mark{Band, Strip} {
		for si, s := range c.Series {
			if s.Mark != pass {
				continue
			}
			var mine []Span
			for _, sp := range spans {
				if sp.Series == si && sp.To >= sp.From {
					mine = append(mine, sp)
				}
			}
			slices.SortStableFunc(mine, func(a, b Span) int { return cmp.Compare(a.From, b.From) })
			h := t * 0.95
			if pass == Strip {
				h = t * 0.42
			}
			for i := 0; i < len(mine); {
				sp := mine[i]
				j := i + 1
				for ; j < len(mine) && mine[j].From <= sp.To && mine[j].Label == sp.Label; j++ {
					sp.To = max(sp.To, mine[j].To)
				}
				i = j
				x1, x2 := at(sp.From), at(sp.To)
				w := max(x2-x1, t*0.25) // a span of no length still shows
				l.add(l.styled(x1, mid-h/2, w, h, s.Style))
				if sp.Label != "" {
					size := t * 0.75
					if tw := l.width(sp.Label, size, false); tw+t*0.4 <= w {
						l.add(Text{X: x1 + t*0.2, Y: mid + size*0.35, Text: sp.Label, Size: size, Color: Black})
					}
				}
			}
		}
	}
}

// drawMarks draws a lane's marks, each series after the one before; a mark
// closer to the last one drawn of its series than its width is left out.
func (c *Timeline) drawMarks(l *layout, marks []TimeMark, mid float64, at func(float64) float64) {
	t := l.t
	xs := make([]float64, 0, len(marks))
	for si, s := range c.Series {
		if s.Mark != Square && s.Mark != Tick {
			continue
		}
		xs = xs[:0]
		for _, m := range marks {
			if m.Series == si {
				xs = append(xs, at(m.At))
			}
		}
		slices.Sort(xs)
		w, h := t*0.62, t*0.62
		if s.Mark == Tick {
			w, h = t*0.2, t*0.95
		}
		last := math.Inf(-1)
		for _, x := range xs {
			if x-last < w*1.2 {
				continue
			}
			last = x
			l.add(l.styled(x-w/2, mid-h/2, w, h, s.Style))
		}
	}
}

// fitGroups returns the groups with as many lanes as the height allows.
func (c *Timeline) fitGroups(l *layout) []LaneGroup {
	groups := make([]LaneGroup, 0, len(c.Groups))
	fixed, lanes := laneAxis*l.t+l.t*1.7, 0 // the axis, and its foot on a tall one
	for _, g := range c.Groups {
		if len(g.Lanes) == 0 {
			continue
		}
		groups = append(groups, g)
		if g.Label != "" {
			fixed += laneHeading * l.t
		}
		lanes += len(g.Lanes)
	}
	room := math.Floor((l.room() - fixed) / (lanePitch * l.t))
	if float64(lanes) <= room {
		return groups
	}
	sizes := make([]int, len(groups))
	for i, g := range groups {
		sizes[i] = len(g.Lanes)
	}
	keep := shareRoom(sizes, room)
	for i, g := range groups {
		if keep[i] == len(g.Lanes) {
			continue
		}
		rest := g.Lanes[keep[i]:]
		noun := g.Noun
		if noun == "" {
			noun = "lanes"
		}
		others := Lane{Label: planner.Thousands(len(rest)) + " other " + noun}
		for _, ln := range rest {
			others.Marks = append(others.Marks, ln.Marks...)
			others.Spans = append(others.Spans, ln.Spans...)
		}
		groups[i].Lanes = append(g.Lanes[:keep[i]:keep[i]], others)
	}
	return groups
}
