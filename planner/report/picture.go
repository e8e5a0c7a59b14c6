package report

import (
	"io"
	"sync"

	"redline/assets"
	"redline/planner"
	"redline/planner/chart"
)

// The response matrix as a picture for slides (redlinectl export --format
// png|svg, File → Export): the chart of package chart, laid out in
// pixels, 1,200 wide with 16-pixel text — a slide's width at a size a room
// reads — and written as PNG at twice that, sharp on a projector, or as
// SVG. A plan too large for a picture has its most severe red lines drawn
// and says where the rest are (chart.Matrix). The classification is
// printed above and below it, as on every page of a summary.
const (
	pictureWidth = 1200
	pictureText  = 16
	pictureScale = 2
)

// pictureFonts are Noto Sans, which the PNG is drawn in and measured with.
var pictureFonts = sync.OnceValues(func() (*chart.Fonts, error) {
	return chart.NewFonts(assets.NotoSansRegular, assets.NotoSansBold)
})

// WriteMatrixPNG writes the plan's response matrix as a PNG image.
func WriteMatrixPNG(w io.Writer, p *planner.Plan) error {
	fonts, err := pictureFonts()
	if err != nil {
		return err
	}
	return chart.WritePNG(w, matrixPicture(p, fonts.Measure), chart.PNGOptions{Scale: pictureScale, Fonts: fonts})
}

// WriteMatrixSVG writes the plan's response matrix as an SVG image in
// pixels. Its text is laid out with chart.EstimateWidth, which errs wide,
// since a viewer without Noto Sans sets it in a font of its own.
func WriteMatrixSVG(w io.Writer, p *planner.Plan) error {
	return chart.WriteSVG(w, matrixPicture(p, nil), chart.SVGOptions{ID: "matrix"})
}

// matrixPicture lays the plan's matrix out for a slide, titled with the
// plan's title, between two classification banners.
func matrixPicture(p *planner.Plan, m chart.Measure) *chart.Drawing {
	if p == nil {
		p = &planner.Plan{}
	}
	c := chart.ResponseMatrix(p)
	if p.Title != "" {
		c.Title += ": " + p.Title
	}
	d := chart.Layout(c, chart.Options{Width: pictureWidth, TextSize: pictureText, Measure: m})
	classification := p.Classification
	if classification == "" {
		classification = planner.DefaultClassification
	}
	return withBanners(d, classification, m)
}

// withBanners adds the classification, bold and centred, above and below
// the drawing, each apart from it by a rule.
func withBanners(d *chart.Drawing, banner string, m chart.Measure) *chart.Drawing {
	if m == nil {
		m = chart.EstimateWidth
	}
	size := pictureText * 0.9
	for size > pictureText*0.5 && m(banner, size, true) > d.W {
		size *= 0.9 // a long classification, smaller, down to half size
	}
	band := size * 2.4 // the banner's line and the space to the rule
	out := &chart.Drawing{W: d.W, H: d.H + 2*band, Title: d.Title, Desc: d.Desc, Legend: d.Legend, Partial: d.Partial}
	text := func(y float64) chart.Text {
		return chart.Text{X: d.W / 2, Y: y, Text: banner, Size: size, Bold: true, Color: chart.Black, Anchor: chart.Middle}
	}
	rule := func(y float64) chart.Line {
		return chart.Line{X1: 0, Y1: y, X2: d.W, Y2: y, Color: chart.Rule, Width: pictureText * 0.06}
	}
	out.Shapes = append(make([]chart.Shape, 0, len(d.Shapes)+4), text(size*1.2), rule(band-size*0.5))
	for _, s := range d.Shapes {
		switch x := s.(type) {
		case chart.Rect:
			x.Y += band
			s = x
		case chart.Line:
			x.Y1 += band
			x.Y2 += band
			s = x
		case chart.Text:
			x.Y += band
			s = x
		}
		out.Shapes = append(out.Shapes, s)
	}
	out.Shapes = append(out.Shapes, rule(d.H+band+size*0.5), text(out.H-size*0.6))
	return out
}
