package app

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"redline/planner/chart"
)

// chartView draws a chart of package chart on a Fyne canvas: the same
// display list the PDF and the SVG draw (chart.Layout), laid out again for
// the width the view is given, on a white card, since the charts' colours
// and words are chosen for paper and read the same on a light or a dark
// theme that way.
//
// The view's minimum size is the chart laid out at its minimum width. A
// wider view lays the chart out across its width when the result fits the
// height it was given, and otherwise draws the chart at its minimum width,
// centred: a layout never overflows the room its container gave it.
type chartView struct {
	widget.BaseWidget
	c        chart.Chart
	minWidth float32
	// textSize is the chart's ordinary text size; 0 takes the theme's.
	textSize float32
	// maxHeight bounds the chart's height; a chart with more bars than
	// fit gathers the rest (chart.Options.MaxHeight). 0: no bound.
	maxHeight float32

	// min is the drawing at minWidth, which sets MinSize; drawn is what
	// is on screen, laid out for drawnW.
	min    *chart.Drawing
	drawn  *chart.Drawing
	drawnW float32
	// relayout lays out again what holds the view, when a new chart
	// changed its minimum size; nil: nothing to do.
	relayout func()
	// onScreen reports whether the view can be seen now (its tab is
	// selected); nil: always. A chart asked for while it cannot be seen
	// is built when catchUp is called, so that an edit costs the charts of
	// the tabs nobody is looking at nothing.
	onScreen func() bool
	// pending builds the chart asked for last while off screen.
	pending func() chart.Chart
}

// chartPadding is the card's margin around the drawing.
const chartPadding = 10

func newChartView(c chart.Chart, minWidth float32) *chartView {
	v := &chartView{c: c, minWidth: minWidth, maxHeight: 640}
	v.ExtendBaseWidget(v)
	return v
}

// want shows the chart build makes: now when the view can be seen, else
// once it can (catchUp).
func (v *chartView) want(build func() chart.Chart) {
	if v.onScreen != nil && !v.onScreen() {
		v.pending = build
		return
	}
	v.pending = nil
	v.set(build())
}

// catchUp builds the chart asked for while the view could not be seen;
// its owner calls it when the view's tab is selected.
func (v *chartView) catchUp() {
	if build := v.pending; build != nil {
		v.pending = nil
		v.set(build())
	}
}

// set shows another chart (the same chart with new figures, after an
// edit).
func (v *chartView) set(c chart.Chart) {
	before := v.MinSize()
	v.c = c
	v.min, v.drawn = nil, nil
	v.Refresh()
	if v.MinSize() != before && v.relayout != nil {
		v.relayout()
	}
}

func (v *chartView) size() float32 {
	if v.textSize > 0 {
		return v.textSize
	}
	return fyne.CurrentApp().Settings().Theme().Size("text")
}

// layoutAt lays the chart out for a card w wide.
func (v *chartView) layoutAt(w float32) *chart.Drawing {
	return chart.Layout(v.c, chart.Options{
		Width:     float64(max(w-2*chartPadding, 1)),
		MaxHeight: float64(v.maxHeight),
		TextSize:  float64(v.size()),
		Measure: func(s string, size float64, bold bool) float64 {
			return float64(fyne.MeasureText(s, float32(size), fyne.TextStyle{Bold: bold}).Width)
		},
	})
}

func (v *chartView) minDrawing() *chart.Drawing {
	if v.min == nil && v.c != nil {
		v.min = v.layoutAt(v.minWidth)
	}
	return v.min
}

func (v *chartView) MinSize() fyne.Size {
	d := v.minDrawing()
	if d == nil {
		return fyne.NewSize(v.minWidth, 0)
	}
	return fyne.NewSize(v.minWidth, float32(d.H)+2*chartPadding)
}

// drawingFor is the drawing for a card of size s: across its width when
// that fits its height, else the minimum one.
func (v *chartView) drawingFor(s fyne.Size) (*chart.Drawing, float32) {
	if v.c == nil {
		return nil, 0
	}
	if v.drawn != nil && v.drawnW == s.Width {
		return v.drawn, s.Width
	}
	d, w := v.minDrawing(), v.minWidth
	if s.Width > v.minWidth {
		if wide := v.layoutAt(s.Width); float32(wide.H)+2*chartPadding <= s.Height {
			d, w = wide, s.Width
		}
	}
	v.drawn, v.drawnW = d, s.Width
	return d, w
}

func (v *chartView) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{v: v, card: canvas.NewRectangle(color.White)}
	r.card.CornerRadius = 4
	return r
}

type chartRenderer struct {
	v    *chartView
	card *canvas.Rectangle
	objs []fyne.CanvasObject
	// shown is the drawing objs were made from.
	shown *chart.Drawing
}

func (r *chartRenderer) Layout(s fyne.Size) {
	d, w := r.v.drawingFor(s)
	x := (s.Width - w) / 2
	h := s.Height
	if d != nil {
		h = min(h, float32(d.H)+2*chartPadding) // no blank card below a wide layout
	}
	r.card.Move(fyne.NewPos(x, 0))
	r.card.Resize(fyne.NewSize(w, h))
	if d != r.shown {
		r.shown = d
		r.objs = drawChart(d, fyne.NewPos(x+chartPadding, chartPadding))
	}
}

func (r *chartRenderer) MinSize() fyne.Size { return r.v.MinSize() }

func (r *chartRenderer) Refresh() {
	r.Layout(r.v.Size())
	canvas.Refresh(r.v)
}

func (r *chartRenderer) Objects() []fyne.CanvasObject {
	return append([]fyne.CanvasObject{r.card}, r.objs...)
}

func (r *chartRenderer) Destroy() {}

// drawChart turns a drawing into canvas objects placed from origin: each
// rectangle with its hatch lines, each line (dashed ones as their dashes),
// each text placed by its baseline and anchor.
func drawChart(d *chart.Drawing, origin fyne.Position) []fyne.CanvasObject {
	if d == nil {
		return nil
	}
	at := func(x, y float64) fyne.Position {
		return fyne.NewPos(origin.X+float32(x), origin.Y+float32(y))
	}
	var out []fyne.CanvasObject
	line := func(l chart.Line) {
		for _, seg := range l.Dashes() {
			o := canvas.NewLine(seg.Color)
			o.StrokeWidth = float32(math.Max(seg.Width, 0.5))
			o.Position1, o.Position2 = at(seg.X1, seg.Y1), at(seg.X2, seg.Y2)
			out = append(out, o)
		}
	}
	for _, sh := range d.Shapes {
		switch s := sh.(type) {
		case chart.Rect:
			o := canvas.NewRectangle(s.Fill)
			o.StrokeColor, o.StrokeWidth = s.Stroke, float32(s.StrokeWidth)
			if s.Stroke.A == 0 {
				o.StrokeWidth = 0
			}
			o.Move(at(s.X, s.Y))
			o.Resize(fyne.NewSize(float32(s.W), float32(s.H)))
			out = append(out, o)
			for _, h := range s.HatchLines() {
				line(h)
			}
		case chart.Line:
			line(s)
		case chart.Text:
			style := fyne.TextStyle{Bold: s.Bold}
			o := canvas.NewText(s.Text, s.Color)
			o.TextSize, o.TextStyle = float32(s.Size), style
			size, baseline := fyne.CurrentApp().Driver().RenderedTextSize(s.Text, o.TextSize, style, nil)
			x := s.X
			switch s.Anchor {
			case chart.Middle:
				x -= float64(size.Width) / 2
			case chart.End:
				x -= float64(size.Width)
			}
			o.Move(at(x, s.Y-float64(baseline)))
			o.Resize(size)
			out = append(out, o)
		}
	}
	return out
}
