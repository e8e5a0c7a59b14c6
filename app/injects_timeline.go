package app

import (
	"fmt"
	"image/color"
	"math"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// The timeline's geometry, in pixels.
const (
	timelineBin     = 12  // width of a marker column
	timelineDot     = 10  // diameter of a marker
	timelineMaxDots = 3   // markers stacked in a column before it shows a count
	timelineHeight  = 140 // the widget's height
	timelineMargin  = 30  // space left and right of the axis, for its labels
)

// timelineTitle is how many characters of the selected inject's title the
// timeline shows beside its marker.
const timelineTitle = 40

// clip cuts s to n characters, with an ellipsis when it cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// timelineSteps are the tick intervals the axis may use, in hours.
var timelineSteps = []float64{1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 1440, 2160, 4320, 8760, 17520, 43800, 87600}

// injectTimeline draws the script on a time axis: ticks in hours or days, a
// band coloured by the phase in force, a line where an inject changes the
// phase, and a marker per inject, the selected one ringed and named.
//
// Injects closer than a marker column share it: a column stacks up to
// three markers and then shows its count, so a script of 10,000 injects
// draws a few hundred objects. Tapping a column selects its first inject,
// tapping it again the next one there.
type injectTimeline struct {
	widget.BaseWidget
	s *injectsScreen

	// The last drawing's columns, for taps: column b holds the rows
	// from[b] to to[b]-1 of the play order; from[b] is -1 when empty.
	left     float32
	from, to []int
}

func newInjectTimeline(s *injectsScreen) *injectTimeline {
	t := &injectTimeline{s: s}
	t.ExtendBaseWidget(t)
	return t
}

func (t *injectTimeline) CreateRenderer() fyne.WidgetRenderer {
	return &injectTimelineRenderer{t: t}
}

// Cursor shows that the markers can be clicked.
func (t *injectTimeline) Cursor() desktop.Cursor { return desktop.PointerCursor }

// Tapped selects the inject under the pointer, or the next one in the same
// column when the selected inject is there.
func (t *injectTimeline) Tapped(ev *fyne.PointEvent) {
	if i := t.injectAt(ev.Position.X); i >= 0 {
		t.s.selectIndex(i)
	}
}

// injectAt is the plan index of the inject a tap at x selects, or -1 when
// there is no marker within a column of x.
func (t *injectTimeline) injectAt(x float32) int {
	if len(t.from) == 0 {
		return -1
	}
	b := int(math.Round(float64((x - t.left) / timelineBin)))
	col := -1
	for _, c := range []int{b, b - 1, b + 1} {
		if c >= 0 && c < len(t.from) && t.from[c] >= 0 {
			col = c
			break
		}
	}
	if col < 0 {
		return -1
	}
	s := t.s
	from, to := t.from[col], t.to[col]
	if to > len(s.order) {
		return -1 // drawn before the script shrank
	}
	if s.selected >= 0 && s.selected < len(s.rowOf) {
		if r := s.rowOf[s.selected]; r >= from && r < to {
			if r+1 < to {
				return s.order[r+1]
			}
			return s.order[from]
		}
	}
	return s.order[from]
}

// phaseColour is the colour of a phase on the timeline and in its legend:
// war red, a ceasefire amber, a settlement green.
func phaseColour(p planner.Phase, th fyne.Theme, v fyne.ThemeVariant) color.Color {
	switch p {
	case planner.PhaseWar:
		return th.Color(theme.ColorNameError, v)
	case planner.PhaseCeasefire:
		return th.Color(theme.ColorNameWarning, v)
	case planner.PhaseSettlement:
		return th.Color(theme.ColorNameSuccess, v)
	}
	return th.Color(theme.ColorNameDisabled, v)
}

// faint is c at a third of its opacity, for grid lines that must not
// compete with the markers.
func faint(c color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A /= 3
	return n
}

// newPhaseSwatch is a phase's colour as a small square, for the legend.
func newPhaseSwatch(p planner.Phase) fyne.CanvasObject {
	app := fyne.CurrentApp()
	r := canvas.NewRectangle(phaseColour(p, app.Settings().Theme(), app.Settings().ThemeVariant()))
	r.SetMinSize(fyne.NewSize(12, 12))
	r.CornerRadius = 2
	return r
}

// timelineScale picks the tick interval, the smallest that leaves room for
// its labels, and the span of the axis: the script's last time rounded up
// to a tick, and at least a day.
func timelineScale(last float64, usable float32, width func(string) float32) (step, span float64) {
	span = max(last, 24)
	for _, st := range timelineSteps {
		sp := math.Ceil(span/st) * st
		gap := float64(usable) * st / sp
		if gap >= 48 && gap >= float64(width(timelineTick(sp, st)))+18 {
			return st, sp
		}
	}
	// A script longer than the table: about one tick per 120 pixels.
	n := max(1, math.Floor(float64(usable)/120))
	return span / n, span
}

// timelineTick labels a tick: hours when ticks are hours apart, the day
// (day 1 starts at T+0h) when they are days apart.
func timelineTick(h, step float64) string {
	switch {
	case step < 24:
		return injectTime(h)
	case h < 24e9:
		return fmt.Sprintf("day %d", int64(h/24)+1)
	}
	return fmt.Sprintf("T+%.3gh", h)
}

type injectTimelineRenderer struct {
	t       *injectTimeline
	objects []fyne.CanvasObject
}

func (r *injectTimelineRenderer) Destroy() {}

func (r *injectTimelineRenderer) MinSize() fyne.Size { return fyne.NewSize(240, timelineHeight) }

func (r *injectTimelineRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *injectTimelineRenderer) Layout(size fyne.Size) { r.objects = r.t.draw(size) }

func (r *injectTimelineRenderer) Refresh() {
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}

// draw lays the timeline out for a size and returns its objects.
func (t *injectTimeline) draw(size fyne.Size) []fyne.CanvasObject {
	th := t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	colour := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
	textSize := th.Size(theme.SizeNameCaptionText)
	measure := func(s string, bold bool) float32 {
		return fyne.MeasureText(s, textSize, fyne.TextStyle{Bold: bold}).Width
	}
	text := func(s string, c color.Color, bold bool, x, y float32) *canvas.Text {
		o := canvas.NewText(s, c)
		o.TextSize = textSize
		o.TextStyle.Bold = bold
		o.Move(fyne.NewPos(x, y))
		o.Resize(o.MinSize())
		return o
	}
	// clampX keeps a label of width w inside the widget.
	clampX := func(x, w float32) float32 { return min(max(x, 2), size.Width-w-2) }

	bg := canvas.NewRectangle(colour(theme.ColorNameInputBackground))
	bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	bg.Resize(size)
	objs := []fyne.CanvasObject{bg}

	s := t.s
	s.resort()
	in, order := s.items(), s.order
	t.left = timelineMargin
	usable := size.Width - 2*timelineMargin
	t.from, t.to = t.from[:0], t.to[:0]
	if usable < 40 || size.Height < 60 {
		return objs
	}
	axisY := size.Height - 48
	top := float32(20) // below the phase labels

	last := 0.0
	if len(order) > 0 {
		last = in[order[len(order)-1]].AtHours
	}
	step, span := timelineScale(last, usable, func(s string) float32 { return measure(s, false) })
	xOf := func(h float64) float32 { return t.left + float32(h/span*float64(usable)) }

	// Grid lines and ticks under everything else.
	for k := 0; ; k++ {
		h := float64(k) * step
		if h > span*(1+1e-9) {
			break
		}
		x := xOf(h)
		grid := canvas.NewLine(faint(colour(theme.ColorNameSeparator)))
		grid.StrokeWidth = 1
		grid.Position1, grid.Position2 = fyne.NewPos(x, top), fyne.NewPos(x, axisY)
		tick := canvas.NewLine(colour(theme.ColorNameDisabled))
		tick.StrokeWidth = 1
		tick.Position1, tick.Position2 = fyne.NewPos(x, axisY+4), fyne.NewPos(x, axisY+9)
		label := timelineTick(h, step)
		w := measure(label, false)
		objs = append(objs, grid, tick, text(label, colour(theme.ColorNameForeground), false, clampX(x-w/2, w), axisY+10))
	}
	// With ticks hours apart, a second row names the days, each in the
	// middle of its 24 hours, when there is room.
	if dayW := float32(24 / span * float64(usable)); step < 24 && dayW >= measure("day 00", false)+8 {
		for d := 0; float64(d)*24 < span; d++ {
			label := fmt.Sprintf("day %d", d+1)
			w := measure(label, false)
			x := xOf(float64(d)*24) + min(dayW, t.left+usable-xOf(float64(d)*24))/2
			objs = append(objs, text(label, colour(theme.ColorNamePlaceHolder), false, clampX(x-w/2, w), axisY+10+textSize+4))
		}
	}

	// Columns: the rows each holds, and the phase a column changes to.
	cols := int(usable/timelineBin) + 1
	t.from = append(t.from, make([]int, cols)...)
	t.to = append(t.to, make([]int, cols)...)
	for b := range t.from {
		t.from[b] = -1
	}
	colOf := func(h float64) int {
		return min(max(int(math.Round(float64((xOf(h)-t.left)/timelineBin))), 0), cols-1)
	}
	colX := func(b int) float32 { return t.left + float32(b)*timelineBin }
	changeTo := map[int]planner.Phase{}
	type segment struct {
		x     float32
		phase planner.Phase
	}
	segs := []segment{{t.left, s.m.Plan().Phase}}
	for row, i := range order {
		b := colOf(in[i].AtHours)
		if t.from[b] < 0 {
			t.from[b] = row
		}
		t.to[b] = row + 1
		if p := in[i].Phase; p != "" {
			changeTo[b] = p
			switch x := colX(b); {
			case p == segs[len(segs)-1].phase:
			case x <= segs[len(segs)-1].x:
				segs[len(segs)-1].phase = p
			default:
				segs = append(segs, segment{x, p})
			}
		}
	}

	// The band: the phase in force along the axis.
	for k, sg := range segs {
		end := t.left + usable
		if k+1 < len(segs) {
			end = segs[k+1].x
		}
		band := canvas.NewRectangle(phaseColour(sg.phase, th, v))
		band.Move(fyne.NewPos(sg.x, axisY-3))
		band.Resize(fyne.NewSize(end-sg.x, 6))
		objs = append(objs, band)
	}

	// Phase changes: a line in the new phase's colour and its name above,
	// where there is room for it.
	labelEnd := float32(-1)
	for b := range cols {
		p, ok := changeTo[b]
		if !ok {
			continue
		}
		x := colX(b)
		c := phaseColour(p, th, v)
		line := canvas.NewLine(c)
		line.StrokeWidth = 2
		line.Position1, line.Position2 = fyne.NewPos(x, top-2), fyne.NewPos(x, axisY-3)
		objs = append(objs, line)
		label := "→ " + p.Label()
		w := measure(label, true)
		lx := clampX(x+3, w)
		if lx > labelEnd+6 {
			objs = append(objs, text(label, c, true, lx, 1))
			labelEnd = lx + w
		}
	}

	// Markers, stacked up the column; the selected one ringed.
	selRow := -1
	if s.selected >= 0 && s.selected < len(s.rowOf) {
		selRow = s.rowOf[s.selected]
	}
	var highlight []fyne.CanvasObject // drawn last, over the other columns
	dotY := func(k int) float32 { return axisY - 6 - timelineDot - float32(k)*(timelineDot+3) }
	for b := range cols {
		from, to := t.from[b], t.to[b]
		if from < 0 {
			continue
		}
		x := colX(b)
		n := to - from
		dots := min(n, timelineMaxDots)
		stackTop := dotY(dots - 1)
		selected := selRow >= from && selRow < to
		for k := range dots {
			i := order[from+k]
			fill := colour(theme.ColorNameForeground)
			if p := in[i].Phase; p != "" {
				fill = phaseColour(p, th, v)
			}
			if selected && min(selRow-from, dots-1) == k {
				fill = colour(theme.ColorNamePrimary)
			}
			dot := canvas.NewCircle(fill)
			if len(in[i].When) > 0 {
				// A branch is a ring: it plays only if its conditions hold.
				dot.FillColor, dot.StrokeColor, dot.StrokeWidth = colour(theme.ColorNameInputBackground), fill, 2
			}
			dot.Move(fyne.NewPos(x-timelineDot/2, dotY(k)))
			dot.Resize(fyne.NewSize(timelineDot, timelineDot))
			objs = append(objs, dot)
		}
		if n > dots {
			label := fmt.Sprint(n)
			w := measure(label, false)
			stackTop -= textSize + 3
			objs = append(objs, text(label, colour(theme.ColorNameForeground), false, clampX(x-w/2, w), stackTop))
		}
		if selected {
			k := min(selRow-from, dots-1)
			ring := canvas.NewCircle(color.Transparent)
			ring.StrokeColor = colour(theme.ColorNamePrimary)
			ring.StrokeWidth = 2
			ring.Move(fyne.NewPos(x-timelineDot/2-4, dotY(k)-4))
			ring.Resize(fyne.NewSize(timelineDot+8, timelineDot+8))
			sel := &in[s.selected]
			label := injectTime(sel.AtHours) + " · " + clip(sel.Title, timelineTitle)
			if len(sel.When) > 0 {
				label += " (branch)"
			}
			w := measure(label, true)
			lx, ly := clampX(x-w/2, w), stackTop-textSize-8
			// A backing so that grid and phase lines do not cross the name.
			backing := canvas.NewRectangle(colour(theme.ColorNameInputBackground))
			backing.Move(fyne.NewPos(lx-3, ly))
			backing.Resize(fyne.NewSize(w+6, textSize+4))
			highlight = append(highlight, ring, backing, text(label, colour(theme.ColorNamePrimary), true, lx, ly))
		}
	}
	return append(objs, highlight...)
}
