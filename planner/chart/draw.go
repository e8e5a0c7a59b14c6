package chart

import (
	"image/color"
	"math"
)

// Drawing is a chart laid out: a display list in abstract units (the
// report uses millimetres, a screen its own units), the origin at the top
// left and y growing down. A renderer draws Shapes in order, later over
// earlier; it needs three primitives:
//
//   - Rect: a rectangle, filled (unless Fill is transparent), its Hatch
//     lines over the fill (Rect.HatchLines works them out, clipped to the
//     rectangle, for a renderer without patterns), then its outline
//     (unless Stroke is transparent or StrokeWidth 0);
//   - Line: a straight line, dashed when Dash > 0 (Line.Dashes splits it
//     into segments for a renderer without dashes);
//   - Text: one line of text, never wrapped by the renderer: the layout
//     has already wrapped or shortened it to fit, measured with the
//     Options.Measure the renderer passed.
//
// Nothing in a drawing depends on the renderer but the measure of text.
type Drawing struct {
	W, H float64
	// Title and Desc name the chart for a screen reader (an SVG's <title>
	// and <desc>, an accessible label): its title and caption in full.
	Title, Desc string
	// Legend is the chart's series, as the drawing shows them.
	Legend []Series
	// Partial reports that the drawing leaves some of the chart's data
	// out, as it says in words (a matrix too large for a page); the
	// chart's Data holds all of it.
	Partial bool
	Shapes  []Shape
}

// Shape is Rect, Line or Text.
type Shape interface{ isShape() }

// Rect is a rectangle from (X, Y), W wide and H high.
type Rect struct {
	X, Y, W, H  float64
	Fill        color.NRGBA
	Hatch       Hatch
	Stroke      color.NRGBA
	StrokeWidth float64
}

// Hatch is a pattern of parallel lines over a rectangle.
type Hatch struct {
	Pattern Pattern
	Ink     color.NRGBA
	// Gap is the distance between the lines, across them; Width their
	// thickness.
	Gap, Width float64
}

// Pattern is which way a hatch's lines run.
type Pattern uint8

const (
	// Solid is no hatch.
	Solid Pattern = iota
	// Diagonal lines run up to the right (/).
	Diagonal
	// BackDiagonal lines run down to the right (\).
	BackDiagonal
	// Crossed is both diagonals (×).
	Crossed
	// Vertical lines (|).
	Vertical
)

// String names a pattern in words, as a legend for a screen reader would.
func (p Pattern) String() string {
	switch p {
	case Diagonal:
		return "hatched"
	case BackDiagonal:
		return "hatched the other way"
	case Crossed:
		return "cross-hatched"
	case Vertical:
		return "striped"
	}
	return "solid"
}

// Line is a line from (X1, Y1) to (X2, Y2).
type Line struct {
	X1, Y1, X2, Y2 float64
	Color          color.NRGBA
	Width          float64
	// Dash is the length of a dash and of the gap after it; 0 is solid.
	Dash float64
}

// Anchor is which point of a text X names.
type Anchor uint8

const (
	// Start: X is where the text begins (left).
	Start Anchor = iota
	// Middle: X is the text's centre.
	Middle
	// End: X is where the text ends (right).
	End
)

// Text is one line of text. Y is its baseline; with Noto Sans the capitals
// reach about 0.72 Size above it and descenders 0.24 Size below. Size is
// the font size (the em) in the drawing's units.
type Text struct {
	X, Y   float64
	Text   string
	Size   float64
	Bold   bool
	Color  color.NRGBA
	Anchor Anchor
	// Full is the whole text when Text had to be shortened (it then ends
	// in "…"), for a tooltip; "" when Text is whole.
	Full string
}

func (Rect) isShape() {}
func (Line) isShape() {}
func (Text) isShape() {}

// HatchLines returns the lines of the rectangle's hatch, clipped to it:
// what a renderer without fill patterns draws after the fill.
func (r Rect) HatchLines() []Line {
	h := r.Hatch
	if h.Pattern == Solid || h.Gap <= 0 || r.W <= 0 || r.H <= 0 {
		return nil
	}
	var out []Line
	add := func(l Line) {
		l.Color, l.Width = h.Ink, h.Width
		out = append(out, l)
	}
	switch h.Pattern {
	case Vertical:
		for x := r.X + h.Gap/2; x < r.X+r.W; x += h.Gap {
			add(Line{X1: x, Y1: r.Y, X2: x, Y2: r.Y + r.H})
		}
	case Diagonal, BackDiagonal, Crossed:
		// Lines at 45°, h.Gap apart across them: x + y = c (/) or
		// x - y = c (\), clipped to the rectangle. The constants are
		// anchored at the origin, so that two rectangles side by side
		// continue each other's pattern.
		step := h.Gap * math.Sqrt2
		if h.Pattern != BackDiagonal {
			lo := math.Ceil((r.X+r.Y)/step) * step
			for c := lo; c < r.X+r.W+r.Y+r.H; c += step {
				// From the left or bottom edge to the top or right edge.
				x1 := max(r.X, c-(r.Y+r.H))
				x2 := min(r.X+r.W, c-r.Y)
				if x2 > x1 {
					add(Line{X1: x1, Y1: c - x1, X2: x2, Y2: c - x2})
				}
			}
		}
		if h.Pattern != Diagonal {
			lo := math.Ceil((r.X-(r.Y+r.H))/step) * step
			for c := lo; c < r.X+r.W-r.Y; c += step {
				x1 := max(r.X, c+r.Y)
				x2 := min(r.X+r.W, c+r.Y+r.H)
				if x2 > x1 {
					add(Line{X1: x1, Y1: x1 - c, X2: x2, Y2: x2 - c})
				}
			}
		}
	}
	return out
}

// Dashes returns the dashes of a dashed line as solid lines, or the line
// itself when it is solid: for a renderer without dashed lines.
func (l Line) Dashes() []Line {
	length := math.Hypot(l.X2-l.X1, l.Y2-l.Y1)
	if l.Dash <= 0 || length <= l.Dash {
		l.Dash = 0
		return []Line{l}
	}
	dx, dy := (l.X2-l.X1)/length, (l.Y2-l.Y1)/length
	var out []Line
	for s := 0.0; s < length; s += 2 * l.Dash {
		e := min(s+l.Dash, length)
		out = append(out, Line{X1: l.X1 + dx*s, Y1: l.Y1 + dy*s, X2: l.X1 + dx*e, Y2: l.Y1 + dy*e, Color: l.Color, Width: l.Width})
	}
	return out
}
