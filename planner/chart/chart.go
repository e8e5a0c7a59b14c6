// Package chart describes Redline's charts once — forces by nation, the
// exercise timeline, coverage by mechanism, the deterrence heat map — and
// lays each out as a display list (draw.go): rectangles, lines and text in
// abstract units with y down, which a renderer only has to draw. The PDF
// writer of planner/report, the SVG writer here (svg.go) and a Fyne canvas
// draw the same list, so a chart looks the same on paper and on screen.
//
// A chart is one of Bars, Timeline or HeatMap. Each has a Head (title,
// caption, what to say when there is nothing to draw), a legend of Series
// whose every colour has a word and, where colours alone would have to
// tell series apart, a hatch pattern, so that a chart reads in greyscale
// print and to a reader who does not see red from green. Its Data is the
// same figures as a table: what Markdown prints, and the full form of any
// label the drawing had to shorten.
//
// The package imports neither a GUI toolkit nor a PDF library; the
// builders (forces.go, exercise.go, coverage.go, heat.go) take their
// figures from planner, which decides them.
package chart

import "image/color"

// Chart is a chart to lay out: *Bars, *Timeline or *HeatMap.
type Chart interface {
	// Heading is the chart's title, caption and empty text.
	Heading() Head
	// Data is the chart's figures as a table, complete: what a format
	// that cannot draw prints instead, and the full form of every label.
	Data() Table
	// layout draws the chart's body below the heading and legend.
	layout(l *layout)
	// Legend is the series the legend lists, each with its word.
	Legend() []Series
	// empty reports whether there is nothing to draw.
	empty() bool
}

// Head is what every chart has above its body.
type Head struct {
	Title string
	// Caption says in a sentence what is counted and how; "" for none.
	Caption string
	// Empty is said, in words, instead of drawing a chart with no data;
	// "" says "Nothing to chart."
	Empty string
}

// Heading returns the head itself; every chart embeds one.
func (h Head) Heading() Head { return h }

func (h Head) emptyText() string {
	if h.Empty == "" {
		return "Nothing to chart."
	}
	return h.Empty
}

// Series is one thing a chart tells apart — a status, a mechanism, a kind
// of mark — with the word the legend gives it and how it is drawn.
type Series struct {
	Name  string
	Style Style
	// Mark is how a timeline draws the series; bars and cells are bands.
	Mark Mark
	// Unlisted leaves the series out of the legend: for neutral fills
	// that say what they are in a word where they are drawn (a phase).
	Unlisted bool
}

// Mark is the shape of a series on a timeline, and of its legend swatch.
type Mark uint8

const (
	// Band: a span as a bar across its lane (and a bar's segment).
	Band Mark = iota
	// Strip: a span as a narrower bar, drawn over the bands of its lane.
	Strip
	// Square: a moment as a square on its lane.
	Square
	// Tick: a moment as a thin upright bar, for many marks close together.
	Tick
)

// Style is how a series is filled. A style with a transparent Fill is
// drawn as an outline in Ink (a hollow mark).
type Style struct {
	Fill color.NRGBA
	// Pattern is hatched over the fill in Ink, so that two series of
	// similar grey in print still differ.
	Pattern Pattern
	Ink     color.NRGBA
}

// Table is a chart's figures in rows and columns of text. Numeric marks
// the columns that hold numbers, by index, for a writer to align right.
type Table struct {
	Columns []string
	Numeric []bool
	Rows    [][]string
}

// The palette is Okabe and Ito's, which stays distinct under the common
// colour-vision deficiencies; in greyscale Blue and Vermilion print dark,
// SkyBlue and Orange middling, Yellow light, and the patterns tell apart
// what the greys do not.
var (
	Black     = color.NRGBA{0x1a, 0x1a, 0x1a, 0xff}
	Orange    = color.NRGBA{0xe6, 0x9f, 0x00, 0xff}
	SkyBlue   = color.NRGBA{0x56, 0xb4, 0xe9, 0xff}
	Green     = color.NRGBA{0x00, 0x9e, 0x73, 0xff} // Okabe and Ito's bluish green
	Yellow    = color.NRGBA{0xf0, 0xe4, 0x42, 0xff}
	Blue      = color.NRGBA{0x00, 0x72, 0xb2, 0xff}
	Vermilion = color.NRGBA{0xd5, 0x5e, 0x00, 0xff}
	Purple    = color.NRGBA{0xcc, 0x79, 0xa7, 0xff} // Okabe and Ito's reddish purple
	White     = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// The neutral tones of a chart's frame: text, captions, rules, the
// alternate lanes and the phase bands. They carry no meaning of their own
// (a phase band says its phase in a word), so the legend does not list
// them.
var (
	Muted     = color.NRGBA{0x5f, 0x5f, 0x5f, 0xff}
	RuleDark  = color.NRGBA{0x78, 0x78, 0x78, 0xff}
	Rule      = color.NRGBA{0xc8, 0xc8, 0xc8, 0xff}
	Stripe    = color.NRGBA{0xf3, 0xf3, 0xf3, 0xff}
	PhaseWar  = color.NRGBA{0xd9, 0xd9, 0xd9, 0xff}
	PhaseCalm = color.NRGBA{0xf7, 0xf7, 0xf7, 0xff}
)

// Neutral reports whether c is black, white, grey or transparent: a
// colour of the frame that needs no word in the legend.
func Neutral(c color.NRGBA) bool { return c.A == 0 || (c.R == c.G && c.G == c.B) }
