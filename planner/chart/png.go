package chart

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"sync"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// Fonts are the TrueType fonts a raster image sets its text in, regular
// and bold (Noto Sans: package assets holds them, and the caller passes
// them in, so that this package reads no files and imports none of ours),
// and the measure to lay a drawing out with for them.
//
// A text is set glyph by glyph at the fonts' advances, without kerning,
// as the PDF sets it; Measure adds up the same advances, so that a label
// laid out to fit fits when drawn. A character the font lacks is drawn as
// its empty box. Fonts are safe for use by several goroutines.
type Fonts struct {
	faces [2]*face // regular, bold
}

// face is one font with what has been looked up in it.
type face struct {
	f    *sfnt.Font
	upem float64
	mu   sync.Mutex
	buf  sfnt.Buffer
	// glyphs holds each rune's glyph and advance, in ems; outlines each
	// glyph's outline in font units (26.6), read once.
	glyphs   map[rune]glyph
	outlines map[sfnt.GlyphIndex]sfnt.Segments
}

type glyph struct {
	index   sfnt.GlyphIndex
	advance float64
}

// NewFonts reads the regular and bold fonts from TrueType or OpenType
// data.
func NewFonts(regular, bold []byte) (*Fonts, error) {
	var fs Fonts
	for i, data := range [][]byte{regular, bold} {
		f, err := sfnt.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("chart: reading a font: %w", err)
		}
		fs.faces[i] = &face{f: f, upem: float64(f.UnitsPerEm()), glyphs: map[rune]glyph{}, outlines: map[sfnt.GlyphIndex]sfnt.Segments{}}
	}
	return &fs, nil
}

func (fs *Fonts) face(bold bool) *face {
	if bold {
		return fs.faces[1]
	}
	return fs.faces[0]
}

// Measure is the width of s set at size in the regular or bold font: a
// Measure for Options.
func (fs *Fonts) Measure(s string, size float64, bold bool) float64 {
	f := fs.face(bold)
	f.mu.Lock()
	defer f.mu.Unlock()
	w := 0.0
	for _, r := range s {
		w += f.glyph(r).advance
	}
	return w * size
}

// glyph looks up r; f.mu is held.
func (f *face) glyph(r rune) glyph {
	if g, ok := f.glyphs[r]; ok {
		return g
	}
	var g glyph
	if x, err := f.f.GlyphIndex(&f.buf, r); err == nil {
		g.index = x
		if adv, err := f.f.GlyphAdvance(&f.buf, x, fixed.Int26_6(f.upem*64), 0); err == nil {
			g.advance = float64(adv) / 64 / f.upem
		}
	}
	f.glyphs[r] = g
	return g
}

// outline is glyph x's outline in font units, y down; f.mu is held.
func (f *face) outline(x sfnt.GlyphIndex) sfnt.Segments {
	if s, ok := f.outlines[x]; ok {
		return s
	}
	s, err := f.f.LoadGlyph(&f.buf, x, fixed.Int26_6(f.upem*64), nil)
	if err != nil {
		s = nil
	}
	s = append(sfnt.Segments(nil), s...) // the buffer's are reused
	f.outlines[x] = s
	return s
}

// PNGOptions say how a drawing is rasterized.
type PNGOptions struct {
	// Scale is pixels per unit of the drawing; 0 takes 1. A drawing laid
	// out in pixels and written at 2 is sharp on a slide.
	Scale float64
	// Fonts set the text; required if the drawing has any.
	Fonts *Fonts
}

// maxPixels bounds the image a drawing can make: 64 million pixels, a
// quarter of a gigabyte, many times what a page or a slide needs.
const maxPixels = 64 << 20

// Rasterize draws the drawing on a white image, W×Scale by H×Scale pixels
// rounded up: rectangles filled, hatched and outlined, lines of their
// width (dashed ones as their dashes, with square ends), and text on its
// baseline, all anti-aliased. The same drawing and options give the same
// pixels on every machine: x/image/vector computes exactly alike on every
// architecture, and nothing else is involved.
func Rasterize(d *Drawing, o PNGOptions) (*image.RGBA, error) {
	scale := o.Scale
	if scale <= 0 {
		scale = 1
	}
	w, h := math.Ceil(d.W*scale), math.Ceil(d.H*scale)
	if !(w >= 1 && h >= 1) || w*h > maxPixels {
		return nil, fmt.Errorf("chart: a drawing of %.0f×%.0f pixels cannot be rasterized (at most %d million pixels)", w, h, maxPixels>>20)
	}
	img := image.NewRGBA(image.Rect(0, 0, int(w), int(h)))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	r := &raster{img: img, s: scale, fonts: o.Fonts}
	for _, s := range d.Shapes {
		switch x := s.(type) {
		case Rect:
			if x.Fill.A > 0 {
				r.polygon(x.Fill, image.Rectangle{}, [][2]float64{{x.X, x.Y}, {x.X + x.W, x.Y}, {x.X + x.W, x.Y + x.H}, {x.X, x.Y + x.H}})
			}
			if lines := x.HatchLines(); len(lines) > 0 {
				// Clipped to the rectangle's pixels, so that the ends of
				// a hatch's lines do not stand out of it.
				clip := image.Rect(int(math.Floor(x.X*scale)), int(math.Floor(x.Y*scale)),
					int(math.Ceil((x.X+x.W)*scale)), int(math.Ceil((x.Y+x.H)*scale)))
				for _, l := range lines {
					r.line(l, clip)
				}
			}
			if x.Stroke.A > 0 && x.StrokeWidth > 0 {
				r.outline(x)
			}
		case Line:
			for _, l := range x.Dashes() {
				r.line(l, image.Rectangle{})
			}
		case Text:
			if x.Text == "" || x.Color.A == 0 {
				continue
			}
			if o.Fonts == nil {
				return nil, errors.New("chart: a drawing with text needs fonts to be rasterized")
			}
			r.text(x)
		}
	}
	return img, nil
}

// WritePNG writes the drawing as a PNG image (see Rasterize).
func WritePNG(w io.Writer, d *Drawing, o PNGOptions) error {
	img, err := Rasterize(d, o)
	if err != nil {
		return err
	}
	return png.Encode(w, img)
}

// raster is an image being drawn, with the one rasterizer every shape
// reuses.
type raster struct {
	img   *image.RGBA
	s     float64
	fonts *Fonts
	z     vector.Rasterizer
}

// begin readies the rasterizer for a shape whose points, in pixels, lie
// within the box (x0, y0)–(x1, y1), clipped to clip (the image when
// empty), and returns the pixels it covers; ok is false when none.
func (r *raster) begin(x0, y0, x1, y1 float64, clip image.Rectangle) (image.Rectangle, bool) {
	box := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
	box = box.Intersect(r.img.Bounds())
	if !clip.Empty() {
		box = box.Intersect(clip)
	}
	if box.Empty() {
		return box, false
	}
	r.z.Reset(box.Dx(), box.Dy())
	return box, true
}

func (r *raster) fill(box image.Rectangle, c color.NRGBA) {
	r.z.DrawOp = draw.Over
	r.z.Draw(r.img, box, image.NewUniform(c), image.Point{})
}

// polygon fills a polygon given in the drawing's units.
func (r *raster) polygon(c color.NRGBA, clip image.Rectangle, pts ...[][2]float64) {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, path := range pts {
		for _, p := range path {
			x0, y0 = min(x0, p[0]*r.s), min(y0, p[1]*r.s)
			x1, y1 = max(x1, p[0]*r.s), max(y1, p[1]*r.s)
		}
	}
	box, ok := r.begin(x0, y0, x1, y1, clip)
	if !ok {
		return
	}
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	for _, path := range pts {
		for i, p := range path {
			x, y := float32(p[0]*r.s-ox), float32(p[1]*r.s-oy)
			if i == 0 {
				r.z.MoveTo(x, y)
			} else {
				r.z.LineTo(x, y)
			}
		}
		r.z.ClosePath()
	}
	r.fill(box, c)
}

// minLine is the thinnest line drawn, in pixels: a hairline thinner than
// this would be too faint to see.
const minLine = 0.75

// line draws a solid line as the rectangle its width makes around it.
func (r *raster) line(l Line, clip image.Rectangle) {
	length := math.Hypot(l.X2-l.X1, l.Y2-l.Y1)
	if length == 0 || l.Color.A == 0 {
		return
	}
	half := max(l.Width, minLine/r.s) / 2
	nx, ny := -(l.Y2-l.Y1)/length*half, (l.X2-l.X1)/length*half
	r.polygon(l.Color, clip, [][2]float64{{l.X1 + nx, l.Y1 + ny}, {l.X2 + nx, l.Y2 + ny}, {l.X2 - nx, l.Y2 - ny}, {l.X1 - nx, l.Y1 - ny}})
}

// outline strokes a rectangle's edge: the ring between the rectangle grown
// and shrunk by half the stroke, the inner path wound the other way.
func (r *raster) outline(x Rect) {
	half := max(x.StrokeWidth, minLine/r.s) / 2
	ox0, oy0, ox1, oy1 := x.X-half, x.Y-half, x.X+x.W+half, x.Y+x.H+half
	ix0, iy0, ix1, iy1 := x.X+half, x.Y+half, x.X+x.W-half, x.Y+x.H-half
	outer := [][2]float64{{ox0, oy0}, {ox1, oy0}, {ox1, oy1}, {ox0, oy1}}
	if ix1 <= ix0 || iy1 <= iy0 {
		r.polygon(x.Stroke, image.Rectangle{}, outer)
		return
	}
	r.polygon(x.Stroke, image.Rectangle{}, outer, [][2]float64{{ix0, iy0}, {ix0, iy1}, {ix1, iy1}, {ix1, iy0}})
}

// text sets one line of text, its glyphs' outlines filled in one pass.
func (r *raster) text(t Text) {
	f := r.fonts.face(t.Bold)
	f.mu.Lock()
	defer f.mu.Unlock()
	px := t.Size * r.s
	width := 0.0
	for _, c := range t.Text {
		width += f.glyph(c).advance * px
	}
	x := t.X * r.s
	switch t.Anchor {
	case Middle:
		x -= width / 2
	case End:
		x -= width
	}
	y := t.Y * r.s
	// Noto Sans reaches 1.07 em above the baseline (accents on capitals)
	// and 0.3 em below.
	box, ok := r.begin(x-px*0.2, y-px*1.1, x+width+px*0.2, y+px*0.35, image.Rectangle{})
	if !ok {
		return
	}
	k := px / f.upem / 64 // font units (26.6) to pixels
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	pen := x
	for _, c := range t.Text {
		g := f.glyph(c)
		bx, by := pen-ox, y-oy
		pt := func(p fixed.Point26_6) (float32, float32) {
			return float32(bx + float64(p.X)*k), float32(by + float64(p.Y)*k)
		}
		started := false
		for _, seg := range f.outline(g.index) {
			switch seg.Op {
			case sfnt.SegmentOpMoveTo:
				if started {
					r.z.ClosePath()
				}
				r.z.MoveTo(pt(seg.Args[0]))
				started = true
			case sfnt.SegmentOpLineTo:
				r.z.LineTo(pt(seg.Args[0]))
			case sfnt.SegmentOpQuadTo:
				ax, ay := pt(seg.Args[0])
				bx, by := pt(seg.Args[1])
				r.z.QuadTo(ax, ay, bx, by)
			case sfnt.SegmentOpCubeTo:
				ax, ay := pt(seg.Args[0])
				bx, by := pt(seg.Args[1])
				cx, cy := pt(seg.Args[2])
				r.z.CubeTo(ax, ay, bx, by, cx, cy)
			}
		}
		if started {
			r.z.ClosePath()
		}
		pen += g.advance * px
	}
	r.fill(box, t.Color)
}
