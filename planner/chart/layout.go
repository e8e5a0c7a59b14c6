package chart

import (
	"image/color"
	"math"
	"strings"
	"unicode"
)

// Measure returns the width of text set at size (the font size, in the
// drawing's units), bold or not, in the drawing's units.
type Measure func(text string, size float64, bold bool) float64

// Options are what a layout needs of the place it draws in.
type Options struct {
	// Width is the width to fill; MaxHeight, when not 0, the most height
	// the chart may take. A chart with more lanes, bars or rows than fit
	// gathers or leaves out the rest and says so (see each chart).
	Width, MaxHeight float64
	// TextSize is the size of the chart's ordinary text, in the drawing's
	// units; every other length scales with it. 0 takes Width/60.
	TextSize float64
	// Measure measures text as the renderer will set it; nil estimates
	// widths for Noto Sans, erring wide.
	Measure Measure
}

// Layout lays a chart out within o.Width (and o.MaxHeight) as a drawing:
// the title and caption, wrapped; then, when the chart has no data, its
// Empty text in words and nothing else; otherwise the legend, every series
// with its word, and the chart's body.
func Layout(c Chart, o Options) *Drawing {
	if o.TextSize <= 0 {
		o.TextSize = o.Width / 60
	}
	if o.Measure == nil {
		o.Measure = EstimateWidth
	}
	h := c.Heading()
	l := &layout{o: o, t: o.TextSize, d: &Drawing{W: o.Width, Title: h.Title, Desc: h.Caption}}
	l.paragraph(h.Title, l.t*1.15, true, Black, 3)
	if h.Caption != "" {
		l.y += l.t * 0.15
		l.paragraph(h.Caption, l.t*0.9, false, Muted, 4)
	}
	l.y += l.t * 0.5
	if c.empty() {
		l.paragraph(h.emptyText(), l.t, false, Black, 4)
	} else {
		l.legend(c.Legend())
		c.layout(l)
	}
	l.d.H = math.Ceil((l.y+l.t*0.3)*100) / 100
	return l.d
}

// layout is a drawing being made, top to bottom.
type layout struct {
	o Options
	t float64 // the text size
	d *Drawing
	y float64 // the top of what comes next
}

// room is the height left above MaxHeight; +Inf without one.
func (l *layout) room() float64 {
	if l.o.MaxHeight <= 0 {
		return math.Inf(1)
	}
	return l.o.MaxHeight - l.y - l.t*0.3
}

func (l *layout) add(s Shape) { l.d.Shapes = append(l.d.Shapes, s) }

func (l *layout) width(s string, size float64, bold bool) float64 { return l.o.Measure(s, size, bold) }

// lineHeight is the distance between baselines of text at size.
func lineHeight(size float64) float64 { return size * 1.3 }

// paragraph sets text wrapped to the drawing's width, at most maxLines
// lines, and moves down past it.
func (l *layout) paragraph(s string, size float64, bold bool, c color.NRGBA, maxLines int) {
	if s == "" {
		return
	}
	lines := l.wrap(s, size, bold, l.o.Width, maxLines)
	for _, ln := range lines {
		l.y += lineHeight(size)
		l.add(Text{X: 0, Y: l.y - size*0.3, Text: ln.text, Full: ln.full, Size: size, Bold: bold, Color: c})
	}
}

// line is one line of wrapped text; full is the whole text when this line
// ends it shortened.
type line struct{ text, full string }

// wrap breaks s into lines no wider than w at spaces and after hyphens
// (and inside a word wider than a line), at most maxLines; a text that
// needs more ends its last line in "…" and carries the whole text as
// full.
func (l *layout) wrap(s string, size float64, bold bool, w float64, maxLines int) []line {
	words := wrapTokens(s)
	var out []line
	cur := ""
	for i := 0; i < len(words); i++ {
		word := words[i]
		try := word.text
		if cur != "" {
			try = cur + word.sep + word.text
		}
		if l.width(try, size, bold) <= w {
			cur = try
			continue
		}
		if cur != "" {
			out = append(out, line{text: cur})
			cur = ""
			i--
			continue
		}
		// A word wider than the line on its own: break it where it stops
		// fitting, keeping at least one character.
		cut := fitPrefix(word.text, w, mostRunes(w, size), func(p string) float64 { return l.width(p, size, bold) })
		out = append(out, line{text: word.text[:cut]})
		words[i].text = word.text[cut:]
		i--
		if len(out) > maxLines {
			// What follows is cut off anyway: a long word is not
			// measured line by line to its end.
			cur = ""
			break
		}
	}
	if cur != "" || len(out) == 0 {
		out = append(out, line{text: cur})
	}
	if len(out) > maxLines {
		out = out[:maxLines]
		last := &out[maxLines-1]
		last.text = l.ellipsize(last.text+" …", size, bold, w)
		last.full = s
	}
	return out
}

// token is a piece of text a line may break before, and what joins it to
// the piece before on one line: a space, or nothing after a hyphen.
type token struct{ sep, text string }

func wrapTokens(s string) []token {
	var out []token
	for _, f := range strings.Fields(s) {
		sep := " "
		for {
			i := strings.IndexByte(f, '-')
			if i <= 0 || i == len(f)-1 {
				break
			}
			out = append(out, token{sep, f[:i+1]})
			f, sep = f[i+1:], ""
		}
		out = append(out, token{sep, f})
	}
	return out
}

// ellipsize returns s if it fits w, else as much of it as fits with "…".
// Text passed in ending in " …" keeps the mark.
func (l *layout) ellipsize(s string, size float64, bold bool, w float64) string {
	if l.width(s, size, bold) <= w {
		return s
	}
	s = strings.TrimSuffix(s, " …")
	room := w - l.width("…", size, bold)
	if room <= 0 {
		return ""
	}
	cut := fitPrefix(s, room, mostRunes(room, size), func(p string) float64 { return l.width(p, size, bold) })
	if l.width(s[:cut], size, bold) > room {
		cut = 0 // not even one character fits beside the mark
	}
	return strings.TrimRightFunc(s[:cut], unicode.IsSpace) + "…"
}

// fit sets s on one line no wider than w: whole, or shortened with "…"
// and the whole text kept in Full.
func (l *layout) fit(t Text, w float64) Text {
	if l.width(t.Text, t.Size, t.Bold) <= w {
		return t
	}
	t.Full = t.Text
	t.Text = l.ellipsize(t.Text, t.Size, t.Bold, w)
	return t
}

// fitPrefix returns the length in bytes of the longest prefix of s no
// wider than w, but at least one rune, looking at no more than most runes:
// it halves its way there, so that the runes measured add up to about
// twice the prefix, however long s is.
func fitPrefix(s string, w float64, most int, width func(string) float64) int {
	ends := []int{0} // ends[k] is the byte length of k runes
	for i := range s {
		if i > 0 {
			ends = append(ends, i)
		}
		if len(ends) > most+1 {
			break
		}
	}
	if len(ends) <= most+1 {
		ends = append(ends, len(s))
	}
	lo, hi := 0, len(ends)-1 // runes that fit: lo, and not more than hi
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if width(s[:ends[mid]]) <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return ends[max(lo, min(1, len(ends)-1))]
}

// mostRunes is more runes than can fit in w at size: no character is
// narrower than a tenth of the font size.
func mostRunes(w, size float64) int {
	if size <= 0 {
		return 1 << 20
	}
	return int(w/(size*0.1)) + 2
}

// styled is a rectangle drawn in a series' style.
func (l *layout) styled(x, y, w, h float64, st Style) Rect {
	r := Rect{X: x, Y: y, W: w, H: h, Fill: st.Fill}
	if st.Pattern != Solid {
		r.Hatch = Hatch{Pattern: st.Pattern, Ink: st.Ink, Gap: l.t * 0.32, Width: l.t * 0.06}
	}
	switch {
	case st.Fill.A == 0:
		r.Stroke, r.StrokeWidth = st.Ink, l.t*0.13
	case st.Pattern == Solid && st.Ink.A > 0:
		r.Stroke, r.StrokeWidth = st.Ink, l.t*0.05 // an outlined fill
	}
	return r
}

// legend sets every series as a swatch and its word, flowing onto as many
// lines as the width needs.
func (l *layout) legend(series []Series) {
	if len(series) == 0 {
		return
	}
	l.d.Legend = series
	size := l.t * 0.9
	sw, gap, lh := l.t*1.3, l.t*0.35, lineHeight(size)+l.t*0.15
	x := 0.0
	l.y += l.t * 0.2
	for _, s := range series {
		word := s.Name
		w := sw + gap + l.width(word, size, false)
		if x > 0 && x+w > l.o.Width {
			x = 0
			l.y += lh
		}
		t := l.fit(Text{X: x + sw + gap, Y: l.y + size*0.95, Text: word, Size: size, Color: Black}, l.o.Width-x-sw-gap)
		l.add(l.swatch(s, x, l.y+size*0.15, sw, size*0.9))
		l.add(t)
		x += w + l.t*1.2
	}
	l.y += lh + l.t*0.5
}

// swatch is a series' sample in a legend, in the box at (x, y) w by h,
// shaped as the series is drawn.
func (l *layout) swatch(s Series, x, y, w, h float64) Rect {
	var r Rect
	switch s.Mark {
	case Strip:
		r = l.styled(x, y+h*0.28, w, h*0.44, s.Style)
	case Square:
		side := l.t * 0.62
		r = l.styled(x+(w-side)/2, y+(h-side)/2, side, side, s.Style)
	case Tick:
		r = l.styled(x+w/2-l.t*0.1, y, l.t*0.2, h, s.Style)
	default:
		r = l.styled(x, y, w, h, s.Style)
	}
	if r.Stroke.A == 0 && r.Fill != White {
		// An edge, so that a light fill shows on white paper.
		r.Stroke, r.StrokeWidth = RuleDark, l.t*0.03
	}
	return r
}

// ticks returns round values for an axis from 0 to hi, about n of them:
// steps of 1, 2 or 5 times a power of ten.
func ticks(hi float64, n int) []float64 {
	if hi <= 0 || math.IsInf(hi, 0) || math.IsNaN(hi) {
		return []float64{0}
	}
	raw := hi / float64(max(n, 1))
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	// Up to the first round value at or past hi, so that the longest bar
	// ends inside the axis.
	var out []float64
	for k := 0.0; ; k++ {
		out = append(out, k*step)
		if k*step >= hi*(1-1e-9) {
			return out
		}
	}
}

// hourTicks returns round exercise hours from lo to hi, about n of them:
// steps of 1, 2, 3, 6 or 12 hours, whole days, or multiples of a week.
func hourTicks(lo, hi float64, n int) []float64 {
	span := hi - lo
	if span <= 0 || math.IsInf(span, 0) || math.IsNaN(span) {
		return []float64{lo}
	}
	raw := span / float64(max(n, 1))
	step := 0.0
	for _, s := range []float64{1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 672} {
		if s >= raw {
			step = s
			break
		}
	}
	if step == 0 {
		weeks := ticks(span/168, n)
		step = 168
		if len(weeks) > 1 {
			step = weeks[1] * 168
		}
	}
	var out []float64
	for v := math.Ceil(lo/step) * step; v <= hi*(1+1e-9); v += step {
		out = append(out, v)
	}
	return out
}

// EstimateWidth estimates the width of text from the widths of its
// characters' classes, erring wide — Noto Sans is narrower, DejaVu Sans
// (what a viewer without Noto falls back on) about as wide — so that text
// laid out with it does not overrun its room wherever the SVG is shown:
// the measure of a renderer with no font at hand.
func EstimateWidth(s string, size float64, bold bool) float64 {
	em := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("iljtfrI.,:;'|!()[]", r):
			em += 0.36
		case r == ' ':
			em += 0.32
		case strings.ContainsRune("mwMW", r):
			em += 0.98
		case r == '…' || r == '—':
			em += 1.0
		case unicode.IsUpper(r):
			em += 0.74
		case unicode.IsDigit(r):
			em += 0.64
		default:
			em += 0.62
		}
	}
	if bold {
		em *= 1.1
	}
	return em * size
}
