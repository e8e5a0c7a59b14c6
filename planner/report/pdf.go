package report

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"redline/assets"
	"redline/planner/chart"
)

// The A4 page, in millimetres.
const (
	pageW, pageH  = 210.0, 297.0
	marginX       = 18.0
	contentTop    = 22.0
	contentBottom = pageH - 22.0
	contentW      = pageW - 2*marginX
	bannerTopY    = 8.0
	bannerBottomY = pageH - 13.5
	cellPadY      = 1.1
	cellMargin    = 1.0 // fpdf's default cell margin at these units
	tableFontSize = 8.2
	tableLineH    = 3.9
	bodyFontSize  = 9.5
	bodyLineH     = 4.8
	matrixLabelW  = 62.0
	matrixCellW   = 8.0
)

// Colours: near-black text, grey rules, quiet tints for header rows and the
// three severities.
type rgb struct{ r, g, b int }

var (
	colText     = rgb{26, 26, 26}
	colMuted    = rgb{95, 95, 95}
	colRule     = rgb{200, 200, 200}
	colRuleDark = rgb{120, 120, 120}
	colHeadFill = rgb{234, 237, 241}
	colLink     = rgb{30, 80, 150}
	toneFill    = map[string]rgb{"blocker": {246, 227, 225}, "warning": {251, 240, 217}, "advice": {230, 237, 245},
		toneStrong: {207, 228, 244}, toneWeak: {250, 240, 180}, toneMissing: {248, 212, 190}}
	toneText = map[string]rgb{"blocker": {138, 31, 23}, "warning": {122, 82, 0}, "advice": {45, 78, 115},
		toneStrong: {0, 78, 132}, toneWeak: {96, 80, 0}, toneMissing: {150, 55, 0}}
)

// pdfEpoch stands in for a creation date the caller did not give, so that
// the same document is always the same bytes.
var pdfEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

type pdfWriter struct {
	f *fpdf.Fpdf
	d *document
	// blocks are the blocks being set: the brief's on the first page,
	// then the annex's (render).
	blocks []block
	// brief is true while the first page's brief is set.
	brief bool
	// drawings are the figures of blocks laid out, by block index: laid
	// out once for keep and again for drawing would double the work.
	drawings map[int]*chart.Drawing
}

// writePDF renders a document on A4 pages.
func writePDF(w io.Writer, d *document, created time.Time) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("noto", "", assets.NotoSansRegular)
	f.AddUTF8FontFromBytes("noto", "B", assets.NotoSansBold)
	f.SetMargins(marginX, contentTop, marginX)
	f.SetAutoPageBreak(true, pageH-contentBottom)
	f.AliasNbPages("{nb}")
	f.SetCatalogSort(true)
	if created.IsZero() {
		created = pdfEpoch
	}
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetTitle(pdfText(d.Title), true)
	f.SetSubject(pdfText(d.Kind), true)
	f.SetCreator("Redline", true)
	r := &pdfWriter{f: f, d: d, drawings: map[int]*chart.Drawing{}}
	f.SetHeaderFuncMode(r.header, true)
	f.SetFooterFunc(r.footer)

	if err := r.titlePage(); err != nil {
		return err
	}
	f.AddPage()
	if err := r.render(d.Blocks); err != nil {
		return err
	}
	return f.Output(w)
}

// render sets blocks one after another from the current position.
func (r *pdfWriter) render(blocks []block) error {
	r.blocks, r.drawings = blocks, map[int]*chart.Drawing{}
	for i, bl := range blocks {
		switch x := bl.(type) {
		case heading:
			r.keep(i, r.headingSpace(x))
			r.heading(x)
		case paragraph:
			r.keep(i, 0)
			r.paragraph(x)
		case bullets:
			r.bullets(x)
		case figure:
			r.figure(i)
			if x.Full != nil {
				r.table(x.Full)
			}
		case keyFigures:
			r.keyFigures(i, x)
		case fieldList:
			r.fields(x.Fields, x.labelWidth())
		case *table:
			r.table(x)
		case *matrix:
			r.matrix(i, x)
		case *references:
			r.references(x)
		}
		if err := r.f.Error(); err != nil {
			return err
		}
	}
	return nil
}

// labelWidth is the width of a field list's labels in the PDF.
func (x fieldList) labelWidth() float64 {
	switch {
	case x.Narrow:
		return 14
	case x.Medium:
		return 36
	}
	return 52
}

func (r *pdfWriter) color(c rgb) { r.f.SetTextColor(c.r, c.g, c.b) }
func (r *pdfWriter) fill(c rgb)  { r.f.SetFillColor(c.r, c.g, c.b) }
func (r *pdfWriter) draw(c rgb)  { r.f.SetDrawColor(c.r, c.g, c.b) }
func (r *pdfWriter) font(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	r.f.SetFont("noto", style, size)
}

// header and footer carry the classification on every page, the title page
// included, and the footer says where the reader is.
func (r *pdfWriter) header() {
	f := r.f
	banner := pdfLine(r.d.Classification)
	if size := r.bannerSize(banner, contentW-2*cellMargin); size < 0 {
		r.font(true, max(-size, 6.5))
	}
	r.color(colText)
	f.SetXY(marginX, bannerTopY)
	f.CellFormat(contentW, 5, banner, "", 0, "C", false, 0, "")
	r.draw(colRule)
	f.SetLineWidth(0.2)
	f.Line(marginX, bannerTopY+6.5, pageW-marginX, bannerTopY+6.5)
	f.SetXY(marginX, contentTop)
}

func (r *pdfWriter) footer() {
	f := r.f
	r.draw(colRule)
	f.SetLineWidth(0.2)
	f.Line(marginX, bannerBottomY-1.5, pageW-marginX, bannerBottomY-1.5)
	banner := pdfLine(r.d.Classification)
	// The banner sits between the document's kind and the page number; one
	// too long for that (a copy's audience after a long classification)
	// takes the line across the page, whole, and they go under it.
	size := r.bannerSize(banner, contentW-100-2*cellMargin)
	bannerX, bannerW, lineY := marginX+50, contentW-100, bannerBottomY
	if size < 0 {
		size = max(-size, 6.5)
		bannerX, bannerW, lineY = marginX, contentW, bannerBottomY+4.2
	}
	r.font(false, 7.5)
	r.color(colMuted)
	f.SetXY(marginX, lineY)
	f.CellFormat(50, 5, fitWidth(f, pdfLine(r.d.Kind), 50), "", 0, "L", false, 0, "")
	f.SetXY(pageW-marginX-40, lineY)
	f.CellFormat(40, 5, fmt.Sprintf("Page %d of {nb}", f.PageNo()), "", 0, "R", false, 0, "")
	r.font(true, size)
	r.color(colText)
	f.SetXY(bannerX, bannerBottomY)
	f.CellFormat(bannerW, 5, banner, "", 0, "C", false, 0, "")
}

// bannerSize sets the banner's bold type at 9 pt, or smaller down to 7.5
// pt, so that banner fits in w millimetres, and returns the size; when it
// does not fit even so, it returns minus the size at which it fits the
// whole content width.
func (r *pdfWriter) bannerSize(banner string, w float64) float64 {
	for _, size := range []float64{9, 8.5, 8, 7.5} {
		r.font(true, size)
		if units(r.f, measure(r.f, banner)) <= w {
			return size
		}
	}
	r.font(true, 9)
	at9 := units(r.f, measure(r.f, banner))
	return -min(9, 9*(contentW-2*cellMargin)/max(at9, 1))
}

// titleSizes are the sizes (points) and spaces (millimetres) of a title
// block: on a brief's first page, small; on a title page, large.
type titleSizes struct{ kind, kindH, kindGap, title, titleH, ruleGap, after float64 }

// titleBlock writes the document's kind in capitals, its title and a short
// rule under them.
func (r *pdfWriter) titleBlock(z titleSizes) {
	f := r.f
	r.font(true, z.kind)
	r.color(colMuted)
	f.CellFormat(contentW, z.kindH, pdfLine(strings.ToUpper(r.d.Kind)), "", 1, "L", false, 0, "")
	f.Ln(z.kindGap)
	r.font(true, z.title)
	r.color(colText)
	f.MultiCell(contentW, z.titleH, pdfText(r.d.Title), "", "L", false)
	f.Ln(z.ruleGap)
	r.draw(colText)
	f.SetLineWidth(0.5)
	f.Line(marginX, f.GetY(), marginX+40, f.GetY())
	f.Ln(z.after)
}

// titlePage sets the first page: the brief under the title when the
// document has one, or a title page of its own.
func (r *pdfWriter) titlePage() error {
	f := r.f
	f.AddPage()
	if len(r.d.Brief) > 0 {
		r.titleBlock(titleSizes{kind: 9, kindH: 5, kindGap: 0.5, title: 16, titleH: 7, ruleGap: 2, after: 3})
		r.metaLine(r.d.Meta)
		r.brief = true
		defer func() { r.brief = false }()
		return r.render(r.d.Brief)
	}
	f.SetY(70)
	r.titleBlock(titleSizes{kind: 10, kindH: 6, kindGap: 2, title: 22, titleH: 9.5, ruleGap: 4, after: 8})
	r.fields(r.d.Meta, 40)
	return nil
}

// headingSpace is the room above a heading, dropped at the top of a page.
func headingSpace(h heading) float64 {
	if h.Level > 1 {
		return 4.5
	}
	return 7
}

// The brief's sections are headed smaller than the annex's, to keep the
// first page one page.
const (
	briefHeadingSize  = 11.5
	briefHeadingLineH = 5.6
	briefHeadingAfter = 1.8
	briefHeadingSpace = 3.6
)

func (r *pdfWriter) headingSpace(h heading) float64 {
	if r.brief && h.Level == 1 {
		return briefHeadingSpace
	}
	return headingSpace(h)
}

func (r *pdfWriter) headingStyle(h heading) (size, lineH, after float64) {
	if r.brief && h.Level == 1 {
		return briefHeadingSize, briefHeadingLineH, briefHeadingAfter
	}
	return headingStyle(h)
}

func headingStyle(h heading) (size, lineH, after float64) {
	if h.Level > 1 {
		return 11, 5.6, 1.5
	}
	return 14, 7, 3.5
}

// keep starts a new page unless block i fits below the current position
// together with the start of what it introduces: a heading is never the last
// thing on a page, nor a caption apart from its table.
func (r *pdfWriter) keep(i int, before float64) {
	f := r.f
	if f.GetY() <= contentTop+0.5 {
		return
	}
	if f.GetY()+before+r.leadHeight(i) > contentBottom {
		f.AddPage()
		return
	}
	f.Ln(before)
}

// leadHeight is the least height block i needs on a page: all of a heading
// or caption and the start of the block after it.
func (r *pdfWriter) leadHeight(i int) float64 {
	if i >= len(r.blocks) {
		return 0
	}
	switch x := r.blocks[i].(type) {
	case heading:
		size, lineH, after := r.headingStyle(x)
		r.font(true, size)
		n := len(r.f.SplitText(pdfLine(x.Text), contentW))
		next := 0.0
		if i+1 < len(r.blocks) {
			if h, ok := r.blocks[i+1].(heading); ok {
				next = r.headingSpace(h)
			}
		}
		return float64(n)*lineH + after + next + r.leadHeight(i+1)
	case paragraph:
		r.paragraphFont(x)
		n := len(r.f.SplitText(pdfText(x.Text), contentW))
		h := float64(n) * (bodyLineH - 0.3)
		if i+1 < len(r.blocks) {
			switch r.blocks[i+1].(type) {
			case *table, *matrix, figure, keyFigures:
				return h + 1.5 + r.leadHeight(i+1)
			}
		}
		return min(h, 2*bodyLineH)
	case fieldList, *references, bullets:
		return 2 * bodyLineH
	case figure:
		return r.drawing(i).H
	case keyFigures:
		return r.keyFiguresHeight(i, x)
	case *table:
		if len(x.Rows) == 0 {
			return bodyLineH
		}
		widths := columnWidths(x.Columns)
		headers := make([]string, len(x.Columns))
		for k, c := range x.Columns {
			headers[k] = c.Header
		}
		return r.wrapRow(headers, widths, true, 4).h + r.wrapTableRow(x, x.Rows[0], widths, 8).h
	case *matrix:
		if d := r.matrixDrawing(i); d != nil {
			return d.H
		}
		return 25
	}
	return 0
}

func (r *pdfWriter) heading(h heading) {
	f := r.f
	size, lineH, after := r.headingStyle(h)
	r.font(true, size)
	r.color(colText)
	f.SetX(marginX)
	f.MultiCell(contentW, lineH, pdfLine(h.Text), "", "L", false)
	if h.Level == 1 {
		r.draw(colText)
		f.SetLineWidth(0.35)
		f.Line(marginX, f.GetY()+0.5, pageW-marginX, f.GetY()+0.5)
		f.Ln(1)
	}
	f.Ln(after)
}

func (r *pdfWriter) paragraphFont(p paragraph) {
	if p.Muted {
		r.font(false, 8.5)
		r.color(colMuted)
	} else {
		r.font(false, bodyFontSize)
		r.color(colText)
	}
}

func (r *pdfWriter) paragraph(p paragraph) {
	f := r.f
	r.paragraphFont(p)
	f.SetX(marginX)
	f.MultiCell(contentW, bodyLineH-0.3, pdfText(p.Text), "", "L", false)
	f.Ln(1.5)
}

// bullets sets each item as a paragraph after a bullet, wrapped with a
// hanging indent.
func (r *pdfWriter) bullets(b bullets) {
	f := r.f
	const indent = 5.0
	lineH := bodyLineH - 0.3
	for _, it := range b.Items {
		r.font(false, bodyFontSize)
		r.color(colText)
		lines := wrap(f, pdfText(it), contentW-indent-2*cellMargin, 40)
		if f.GetY()+min(float64(len(lines)), 2)*lineH > contentBottom {
			f.AddPage()
		}
		y := f.GetY()
		f.SetXY(marginX, y)
		f.CellFormat(indent, lineH, "•", "", 0, "L", false, 0, "")
		for _, line := range lines {
			if y+lineH > contentBottom {
				f.AddPage()
				y = f.GetY()
			}
			f.SetXY(marginX+indent, y)
			f.CellFormat(contentW-indent, lineH, line, "", 0, "L", false, 0, "")
			y += lineH
		}
		f.SetXY(marginX, y+r.bulletGap())
	}
	f.Ln(2)
}

// bulletGap is the room between bulleted items: less in the brief, whose
// items are a line or two each.
func (r *pdfWriter) bulletGap() float64 {
	if r.brief {
		return 0.7
	}
	return 1.2
}

// chartTextSize is a chart's ordinary text, the size of a table's, in
// millimetres.
const chartTextSize = tableFontSize * 25.4 / 72

// chartOptions lay a chart out across the page's content, no taller than
// a page less a section's heading, which keeps with it (the HTML's too,
// which prints on A4); text measured with m (nil: estimated).
func chartOptions(m chart.Measure) chart.Options {
	_, lineH, after := headingStyle(heading{Level: 1})
	room := contentBottom - contentTop - (lineH + 1.5 + after) - 4
	return chart.Options{Width: contentW, MaxHeight: room, TextSize: chartTextSize, Measure: m}
}

// drawing lays out figure block i to the page's width, no taller than a
// page, measuring text with the report's fonts.
func (r *pdfWriter) drawing(i int) *chart.Drawing {
	if d, ok := r.drawings[i]; ok {
		return d
	}
	fig := r.blocks[i].(figure)
	o := chartOptions(r.measureChart)
	if fig.MaxHeight > 0 {
		o.MaxHeight = fig.MaxHeight
	}
	d := chart.Layout(fig.Chart, o)
	r.drawings[i] = d
	return d
}

// measureChart measures a chart's text with the report's fonts.
func (r *pdfWriter) measureChart(s string, size float64, bold bool) float64 {
	r.font(bold, tableFontSize)
	return float64(measure(r.f, pdfLine(s))) * size / 1000
}

// matrixDrawing lays matrix block i's picture out, or returns nil when
// there is none or the page cannot hold the whole of it (the drawing is
// Partial): the grid or the list then shows the whole matrix.
func (r *pdfWriter) matrixDrawing(i int) *chart.Drawing {
	m := r.blocks[i].(*matrix)
	if m.Picture == nil {
		return nil
	}
	d, ok := r.drawings[i]
	if !ok {
		d = chart.Layout(m.Picture, chartOptions(r.measureChart))
		r.drawings[i] = d
	}
	if d.Partial {
		return nil
	}
	return d
}

// figure draws figure block i as vectors, on one page: a new page when it
// does not fit below what comes before.
func (r *pdfWriter) figure(i int) { r.place(r.drawing(i)) }

// place draws a laid-out chart below what comes before, or at the top of
// a new page when it does not fit there.
func (r *pdfWriter) place(d *chart.Drawing) {
	f := r.f
	if f.GetY() > contentTop+0.5 && f.GetY()+d.H > contentBottom {
		f.AddPage()
	}
	y0 := f.GetY() + 1
	r.drawChart(d, marginX, y0)
	f.SetXY(marginX, y0+d.H+3)
}

// drawChart draws a laid-out chart with its top left corner at (x0, y0).
func (r *pdfWriter) drawChart(d *chart.Drawing, x0, y0 float64) {
	f := r.f
	for _, s := range d.Shapes {
		switch x := s.(type) {
		case chart.Rect:
			// The fill, the hatch over it, the outline over both.
			if x.Fill.A > 0 {
				f.SetFillColor(int(x.Fill.R), int(x.Fill.G), int(x.Fill.B))
				f.Rect(x0+x.X, y0+x.Y, x.W, x.H, "F")
			}
			for _, h := range x.HatchLines() {
				r.chartLine(h, x0, y0)
			}
			if x.Stroke.A > 0 && x.StrokeWidth > 0 {
				f.SetDrawColor(int(x.Stroke.R), int(x.Stroke.G), int(x.Stroke.B))
				f.SetLineWidth(x.StrokeWidth)
				f.Rect(x0+x.X, y0+x.Y, x.W, x.H, "D")
			}
		case chart.Line:
			r.chartLine(x, x0, y0)
		case chart.Text:
			r.font(x.Bold, x.Size*72/25.4)
			f.SetTextColor(int(x.Color.R), int(x.Color.G), int(x.Color.B))
			s := pdfLine(x.Text)
			tx := x0 + x.X
			switch x.Anchor {
			case chart.Middle:
				tx -= f.GetStringWidth(s) / 2
			case chart.End:
				tx -= f.GetStringWidth(s)
			}
			f.Text(tx, y0+x.Y, s)
		}
	}
}

func (r *pdfWriter) chartLine(l chart.Line, x0, y0 float64) {
	f := r.f
	f.SetDrawColor(int(l.Color.R), int(l.Color.G), int(l.Color.B))
	f.SetLineWidth(l.Width)
	if l.Dash > 0 {
		f.SetDashPattern([]float64{l.Dash, l.Dash}, 0)
	}
	f.Line(x0+l.X1, y0+l.Y1, x0+l.X2, y0+l.Y2)
	if l.Dash > 0 {
		f.SetDashPattern(nil, 0)
	}
}

// fields sets label–value pairs in two columns, the value wrapped. A label
// wider than its column (a long id) wraps too, after a hyphen, rather than
// run into the value.
func (r *pdfWriter) fields(fs []field, labelW float64) {
	f := r.f
	for _, fl := range fs {
		r.font(false, bodyFontSize)
		value := f.SplitText(pdfText(fl.Value), contentW-labelW)
		if len(value) == 0 {
			value = []string{""}
		}
		label := []string{pdfLine(fl.Label)}
		if units(f, measure(f, label[0])) > labelW-3 {
			label = wrap(f, label[0], labelW-3, 3)
		}
		h := float64(max(len(value), len(label))) * bodyLineH
		if f.GetY()+min(h, 3*bodyLineH) > contentBottom {
			f.AddPage()
		}
		y := f.GetY()
		r.color(colMuted)
		for i, line := range label {
			f.SetXY(marginX, y+float64(i)*bodyLineH)
			f.CellFormat(labelW, bodyLineH, line, "", 0, "L", false, 0, "")
		}
		r.color(colText)
		for i, line := range value {
			if f.GetY()+bodyLineH > contentBottom {
				f.AddPage()
				y = f.GetY() - float64(i)*bodyLineH
			}
			f.SetXY(marginX+labelW, y+float64(i)*bodyLineH)
			f.CellFormat(contentW-labelW, bodyLineH, line, "", 0, "L", false, 0, "")
		}
		f.SetXY(marginX, y+h+0.8)
	}
	f.Ln(2)
}

// references lists the documents a report cites: the mark in a narrow
// column, the citation wrapped beside it, and the web address under it as
// a link, broken after slashes where it is long.
func (r *pdfWriter) references(refs *references) {
	f := r.f
	const markW = 11.0
	w := contentW - markW
	for _, it := range refs.Items {
		r.font(false, bodyFontSize)
		text := wrap(f, pdfText(it.Text), w-2*cellMargin, 12)
		var url []string
		if it.URL != "" {
			r.font(false, bodyFontSize-1)
			url = wrap(f, pdfLine(it.URL), w-2*cellMargin, 6)
		}
		lineH := bodyLineH - 0.3
		h := float64(len(text)+len(url)) * lineH
		if f.GetY()+h > contentBottom {
			f.AddPage()
		}
		y := f.GetY()
		r.font(true, bodyFontSize)
		r.color(colMuted)
		f.SetXY(marginX, y)
		f.CellFormat(markW, lineH, pdfLine(it.Mark), "", 0, "L", false, 0, "")
		r.font(false, bodyFontSize)
		r.color(colText)
		for i, line := range text {
			f.SetXY(marginX+markW, y+float64(i)*lineH)
			f.CellFormat(w, lineH, line, "", 0, "L", false, 0, "")
		}
		r.font(false, bodyFontSize-1)
		r.color(colLink)
		for i, line := range url {
			f.SetXY(marginX+markW, y+float64(len(text)+i)*lineH)
			f.CellFormat(w, lineH, line, "", 0, "L", false, 0, "")
			f.LinkString(marginX+markW, y+float64(len(text)+i)*lineH, units(f, measure(f, line))+2*cellMargin, lineH, it.URL)
		}
		f.SetXY(marginX, y+h+1.5)
	}
	f.Ln(2)
}

// measure is the width of s in the current font, in thousandths of the
// font size (fpdf's glyph units, in which widths add up exactly). The
// wrapper measures through it only, so that a test can count the work.
var measure = func(f *fpdf.Fpdf, s string) int { return f.GetStringSymbolWidth(s) }

// units turns a width in glyph units into millimetres, as
// fpdf.GetStringWidth does.
func units(f *fpdf.Fpdf, u int) float64 {
	_, size := f.GetFontSize()
	return float64(u) * size / 1000
}

// wrap breaks text into at most maxLines lines no wider than w with the
// current font: at spaces, after hyphens, underscores, slashes and commas
// (so identifiers and file names break where a reader expects), and inside
// a word only when the word alone is wider than the line. Line breaks in the
// text are kept. When the text needs more lines, the last one ends in " …"
// and still fits. Every character is measured at most twice, so the work
// grows with the text, however long its words (a pasted URL).
func wrap(f *fpdf.Fpdf, text string, w float64, maxLines int) []string {
	var lines []string
	full := false // lines holds maxLines lines and more text follows
	for _, para := range strings.Split(text, "\n") {
		if full {
			break
		}
		var line strings.Builder
		lineW := 0.0
		add := func(s string) bool {
			if len(lines) == maxLines {
				full = true
				return false
			}
			lines = append(lines, s)
			return true
		}
		flush := func() bool {
			ok := add(strings.TrimRight(line.String(), " "))
			line.Reset()
			lineW = 0
			return ok
		}
		for _, tok := range tokens(para) {
			tu := measure(f, tok)
			tw := units(f, tu)
			if lineW+tw <= w || (lineW == 0 && tok == " ") {
				line.WriteString(tok)
				lineW += tw
				continue
			}
			if tok == " " {
				if !flush() {
					break
				}
				continue
			}
			if lineW > 0 && !flush() {
				break
			}
			for tw > w {
				// A word wider than the line: break it after the last
				// character that fits, keeping at least one.
				cut, cu := 0, 0
				for i, r := range tok {
					ru := measure(f, string(r))
					if cut > 0 && units(f, cu+ru) > w {
						break
					}
					cu += ru
					cut = i + utf8.RuneLen(r)
				}
				if !add(tok[:cut]) {
					break
				}
				tok = tok[cut:]
				tu -= cu
				tw = units(f, tu)
			}
			if full {
				break
			}
			line.WriteString(tok)
			lineW = tw
		}
		if !full && (line.Len() > 0 || len(lines) == 0) {
			flush()
		}
	}
	if full && len(lines) > 0 {
		lines[len(lines)-1] = ellipsize(f, lines[len(lines)-1], w)
	}
	return lines
}

// ellipsize ends line with " …", dropping characters from its end until
// both fit in w.
func ellipsize(f *fpdf.Fpdf, line string, w float64) string {
	const mark = " …"
	room := w - units(f, measure(f, mark))
	cut, cu := 0, 0
	for i, r := range line {
		ru := measure(f, string(r))
		if units(f, cu+ru) > room {
			break
		}
		cu += ru
		cut = i + utf8.RuneLen(r)
	}
	return strings.TrimRight(line[:cut], " ") + mark
}

// citeMark is a report's references with the assumption mark after them,
// "[1, 2, 5] †", which a line never breaks, nor the space before a † alone.
var citeMark = regexp.MustCompile(`^\[\d+(?:, \d+)*\](?: ` + assumptionMark + `)?`)

// tokens splits text into words, spaces and break points: "c-gb-rrf, c-fr"
// gives "c-", "gb-", "rrf,", " ", "c-", "fr". References ("[1, 2] †") stay
// one token, and a † stays with the word before it.
func tokens(s string) []string {
	var out []string
	start := 0
	skip := 0 // bytes of a reference still to pass over
	for i, c := range s {
		if i < skip {
			continue
		}
		switch c {
		case '[':
			if m := citeMark.FindString(s[i:]); m != "" {
				skip = i + len(m)
			}
		case ' ':
			if strings.HasPrefix(s[i+1:], assumptionMark) {
				continue
			}
			if start < i {
				out = append(out, s[start:i])
			}
			out = append(out, " ")
			start = i + 1
		case '-', '_', '/', ',', ';':
			out = append(out, s[start:i+1])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// columnWidths shares the content width out: fixed widths first, the rest
// by weight.
func columnWidths(cols []column) []float64 {
	ws := make([]float64, len(cols))
	fixed, weights := 0.0, 0.0
	for _, c := range cols {
		if c.Width > 0 {
			fixed += c.Width
		} else {
			weights += max(c.Weight, 0.1)
		}
	}
	rest := max(contentW-fixed, 0)
	for i, c := range cols {
		if c.Width > 0 {
			ws[i] = c.Width
		} else {
			ws[i] = rest * max(c.Weight, 0.1) / weights
		}
	}
	return ws
}

var fpdfAlign = map[align]string{alignLeft: "LT", alignRight: "RT", alignCenter: "CT"}

// tableRow is a row wrapped into lines per cell.
type tableRow struct {
	lines [][]string
	h     float64
}

// wrapRow wraps each cell to its column and caps a cell that would not fit
// on a page by itself.
func (r *pdfWriter) wrapRow(cells []string, widths []float64, bold bool, maxLines int) tableRow {
	return r.wrapCells(cells, widths, bold, nil, maxLines)
}

// wrapTableRow wraps a row of t, each toned cell in the bold drawCells
// sets it in.
func (r *pdfWriter) wrapTableRow(t *table, rw row, widths []float64, maxLines int) tableRow {
	return r.wrapCells(rw.Cells, widths, rw.Total, func(i int) bool {
		_, toned := toneText[cellTone(t, rw, i)]
		return toned
	}, maxLines)
}

// wrapCells wraps each cell to its column, in bold when bold or boldCell
// (when not nil) says so.
func (r *pdfWriter) wrapCells(cells []string, widths []float64, bold bool, boldCell func(int) bool, maxLines int) tableRow {
	r.font(bold, tableFontSize)
	cur := bold
	tr := tableRow{lines: make([][]string, len(widths))}
	n := 1
	for i := range widths {
		s := ""
		if i < len(cells) {
			s = cells[i]
		}
		if boldCell != nil {
			// The font changes only where a cell's differs, so that a plain
			// row costs what it did.
			if b := bold || boldCell(i); b != cur {
				r.font(b, tableFontSize)
				cur = b
			}
		}
		ls := wrap(r.f, pdfText(s), widths[i]-2*cellMargin, maxLines)
		tr.lines[i] = ls
		n = max(n, len(ls))
	}
	tr.h = float64(n)*tableLineH + 2*cellPadY
	return tr
}

func (r *pdfWriter) table(t *table) {
	if len(t.Rows) == 0 {
		if t.Empty != "" {
			r.paragraph(paragraph{Text: t.Empty})
		}
		return
	}
	f := r.f
	widths := columnWidths(t.Columns)
	headers := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = c.Header
	}
	head := r.wrapRow(headers, widths, true, 4)
	maxLines := int((contentBottom-contentTop-head.h-2*cellPadY)/tableLineH) - 1
	drawHead := func() {
		y := f.GetY()
		r.fill(colHeadFill)
		f.Rect(marginX, y, contentW, head.h, "F")
		r.drawCells(t, head, widths, y, row{Total: true})
		r.draw(colRuleDark)
		f.SetLineWidth(0.3)
		f.Line(marginX, y+head.h, pageW-marginX, y+head.h)
		f.SetY(y + head.h)
	}
	first := r.wrapTableRow(t, t.Rows[0], widths, maxLines)
	if f.GetY()+head.h+first.h > contentBottom {
		f.AddPage()
	}
	drawHead()
	for i, rw := range t.Rows {
		tr := first
		if i > 0 {
			tr = r.wrapTableRow(t, rw, widths, maxLines)
		}
		if f.GetY()+tr.h > contentBottom {
			f.AddPage()
			drawHead()
		}
		y := f.GetY()
		x := marginX
		for i, w := range widths {
			if c, ok := toneFill[cellTone(t, rw, i)]; ok {
				r.fill(c)
				f.Rect(x, y, w, tr.h, "F")
			}
			x += w
		}
		if rw.Total {
			r.draw(colRuleDark)
			f.SetLineWidth(0.3)
			f.Line(marginX, y, pageW-marginX, y)
		}
		r.drawCells(t, tr, widths, y, rw)
		r.draw(colRule)
		f.SetLineWidth(0.15)
		f.Line(marginX, y+tr.h, pageW-marginX, y+tr.h)
		if t.Grid {
			x := marginX
			for _, w := range widths[:len(widths)-1] {
				x += w
				f.Line(x, y, x, y+tr.h)
			}
		}
		f.SetY(y + tr.h)
	}
	f.Ln(4)
}

// drawCells writes a row's wrapped lines; a total row (the header is one)
// is bold, a toned cell bold in its tone's colour.
func (r *pdfWriter) drawCells(t *table, tr tableRow, widths []float64, y float64, rw row) {
	f := r.f
	x := marginX
	for i, w := range widths {
		r.font(rw.Total, tableFontSize)
		r.color(colText)
		if c, ok := toneText[cellTone(t, rw, i)]; ok {
			r.font(true, tableFontSize)
			r.color(c)
		}
		for k, line := range tr.lines[i] {
			f.SetXY(x, y+cellPadY+float64(k)*tableLineH)
			f.CellFormat(w, tableLineH, line, "", 0, fpdfAlign[t.Columns[i].Align], false, 0, "")
		}
		x += w
	}
}

// cellTone is the tone of a row's cell i: its own, or the row's in the
// table's ToneColumn; "" for none.
func cellTone(t *table, rw row, i int) string {
	if i < len(rw.Tones) && rw.Tones[i] != "" {
		return rw.Tones[i]
	}
	if i == t.ToneColumn {
		return rw.Tone
	}
	return ""
}

// matrix draws matrix block i as its picture, in colour with a legend,
// when a page holds the whole of it; else as a grid, its columns split into
// page chunks with the red lines repeated on each, or as a list per red
// line when the plan has too many responses for a grid.
func (r *pdfWriter) matrix(i int, m *matrix) {
	if d := r.matrixDrawing(i); d != nil {
		r.place(d)
		return
	}
	if !m.gridFits(pdfGridMaxResponses) {
		r.table(m.listTable())
		return
	}
	per := int((contentW - matrixLabelW) / matrixCellW)
	chunks := (len(m.Cols) + per - 1) / per
	for c := 0; c < chunks; c++ {
		from, to := c*per, min((c+1)*per, len(m.Cols))
		if chunks > 1 {
			if r.f.GetY()+40 > contentBottom {
				r.f.AddPage()
			}
			r.paragraph(paragraph{Text: fmt.Sprintf("Responses %s–%s (part %d of %d)", m.Cols[from].Code, m.Cols[to-1].Code, c+1, chunks), Muted: true})
		}
		r.table(m.gridTable(from, to, contentW-float64(to-from)*matrixCellW, matrixCellW))
	}
}

// fitWidth shortens s with an ellipsis until it fits w millimetres (less
// the cell's margins).
func fitWidth(f *fpdf.Fpdf, s string, w float64) string {
	if units(f, measure(f, s)) <= w-2 {
		return s
	}
	room := w - 2 - units(f, measure(f, "…"))
	cut, cu := 0, 0
	for i, r := range s {
		ru := measure(f, string(r))
		if units(f, cu+ru) > room {
			break
		}
		cu += ru
		cut = i + utf8.RuneLen(r)
	}
	return s[:cut] + "…"
}
