package chart

import (
	"bufio"
	"fmt"
	"html"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
)

// SVGOptions say how an SVG is written.
type SVGOptions struct {
	// Unit is the unit of the drawing's lengths for the SVG's width and
	// height ("mm", "pt", "px"); "" leaves them unitless (pixels).
	Unit string
	// Inline writes an <svg> for an HTML page: no XML declaration, and
	// a width of 100% that keeps the drawing's proportions.
	Inline bool
	// ID prefixes the ids of the title and description, which must be
	// unique in a page holding several charts; "" takes "chart".
	ID string
}

// WriteSVG writes the drawing as an SVG document: every shape of the
// display list as an SVG element (hatches as their lines, so that any SVG
// renderer shows them), the chart's title and caption as <title> and
// <desc> for screen readers, and the whole text of a shortened label as
// the <title> of its text, a tooltip.
func WriteSVG(w io.Writer, d *Drawing, o SVGOptions) error {
	b := bufio.NewWriter(w)
	id := o.ID
	if id == "" {
		id = "chart"
	}
	n := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	// Lengths to a hundredth of a unit: smaller than any renderer shows,
	// and a tenth of the file.
	p := func(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }
	if !o.Inline {
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	}
	size := fmt.Sprintf(` width="%s%s" height="%s%s"`, n(d.W), o.Unit, n(d.H), o.Unit)
	if o.Inline {
		size = ` width="100%" style="max-width:` + n(d.W) + o.Unit + `;height:auto"`
	}
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s"%s role="img" aria-labelledby="%s-title %s-desc"`+
		` font-family="'Noto Sans', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif">`+"\n",
		n(d.W), n(d.H), size, esc(id), esc(id))
	fmt.Fprintf(b, "<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", esc(id), esc(d.Title), esc(id), esc(legendWords(d)))
	fmt.Fprintf(b, `<rect x="0" y="0" width="%s" height="%s" fill="#ffffff"/>`+"\n", n(d.W), n(d.H))
	for _, s := range d.Shapes {
		switch x := s.(type) {
		case Rect:
			b.WriteString(`<rect x="` + p(x.X) + `" y="` + p(x.Y) + `" width="` + p(x.W) + `" height="` + p(x.H) + `"`)
			b.WriteString(` fill="` + paint(x.Fill) + `"`)
			if x.Stroke.A > 0 && x.StrokeWidth > 0 {
				b.WriteString(` stroke="` + paint(x.Stroke) + `" stroke-width="` + p(x.StrokeWidth) + `"`)
			}
			b.WriteString("/>\n")
			if hatch := x.HatchLines(); len(hatch) > 0 {
				b.WriteString(`<g stroke="` + paint(x.Hatch.Ink) + `" stroke-width="` + p(x.Hatch.Width) + `">`)
				for _, h := range hatch {
					b.WriteString(`<line x1="` + p(h.X1) + `" y1="` + p(h.Y1) + `" x2="` + p(h.X2) + `" y2="` + p(h.Y2) + `"/>`)
				}
				b.WriteString("</g>\n")
			}
		case Line:
			b.WriteString(`<line x1="` + p(x.X1) + `" y1="` + p(x.Y1) + `" x2="` + p(x.X2) + `" y2="` + p(x.Y2) +
				`" stroke="` + paint(x.Color) + `" stroke-width="` + p(x.Width) + `"`)
			if x.Dash > 0 {
				b.WriteString(` stroke-dasharray="` + p(x.Dash) + `"`)
			}
			b.WriteString("/>\n")
		case Text:
			b.WriteString(`<text x="` + p(x.X) + `" y="` + p(x.Y) + `" font-size="` + p(x.Size) + `" fill="` + paint(x.Color) + `"`)
			if x.Bold {
				b.WriteString(` font-weight="bold"`)
			}
			switch x.Anchor {
			case Middle:
				b.WriteString(` text-anchor="middle"`)
			case End:
				b.WriteString(` text-anchor="end"`)
			}
			b.WriteString(">")
			if x.Full != "" {
				b.WriteString("<title>" + esc(x.Full) + "</title>")
			}
			b.WriteString(esc(x.Text) + "</text>\n")
		}
	}
	b.WriteString("</svg>\n")
	return b.Flush()
}

// legendWords is the chart's caption and its legend in words, for the
// description a screen reader gives: "… Legend: Confirmed (solid),
// Pledged (hatched)."
func legendWords(d *Drawing) string {
	s := d.Desc
	if len(d.Legend) == 0 {
		return s
	}
	words := make([]string, len(d.Legend))
	for i, l := range d.Legend {
		words[i] = l.Name + " (" + l.Style.Pattern.String() + ")"
	}
	if s != "" {
		s += " "
	}
	return s + "Legend: " + strings.Join(words, ", ") + "."
}

// paint is a colour as SVG writes it: "#rrggbb", "none" when transparent.
// The palette is opaque; a partly transparent colour is drawn opaque.
func paint(c color.NRGBA) string {
	if c.A == 0 {
		return "none"
	}
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

// esc escapes text for XML: markup characters, and control characters
// XML 1.0 cannot hold at all, which become spaces.
func esc(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xfffe || r == 0xffff {
			return ' '
		}
		return r
	}, s)
	return html.EscapeString(s)
}
