package report

import (
	"redline/planner/chart"
)

// The brief's key figures in the PDF: a column of numbers, each with what
// it counts, and a chart beside them that takes the height the rest of the
// page leaves it, so that the brief stays on its first page.

const (
	keyValueW    = 19.0 // the numbers' column, right-aligned
	keyLabelW    = 46.0 // what each counts, wrapped
	keyGap       = 4.0  // between the figures and the chart
	keyLineH     = 4.4
	keyValueSize = 11.5
	keyLabelSize = 8.5
	// keyMinChart is the least height the chart is given, however full
	// the page: enough for its title, legend and a few bars.
	keyMinChart = 42.0
)

// metaLine sets the title block's fields as running lines, each label
// muted before its value: the brief's first page has no room for a list.
// A field starts a new line rather than break, unless it is longer than
// a line itself.
func (r *pdfWriter) metaLine(fs []field) {
	f := r.f
	const gap = 5.0
	right := pageW - marginX
	r.font(false, bodyFontSize-0.5)
	f.SetX(marginX)
	for i, fl := range fs {
		label, value := pdfLine(fl.Label)+" ", pdfLine(fl.Value)
		w := f.GetStringWidth(label + value)
		if i > 0 {
			if f.GetX()+gap+w > right && f.GetX() > marginX {
				f.Ln(bodyLineH)
			} else {
				f.SetX(f.GetX() + gap)
			}
		}
		r.color(colMuted)
		f.Write(bodyLineH, label)
		r.color(colText)
		f.Write(bodyLineH, value)
	}
	f.Ln(bodyLineH + 1.5)
}

// keyLabels wraps each figure's label to its column.
func (r *pdfWriter) keyLabels(k keyFigures) [][]string {
	out := make([][]string, len(k.Figures))
	r.font(false, keyLabelSize)
	for i, fig := range k.Figures {
		out[i] = wrap(r.f, pdfText(fig.Label), keyLabelW-2*cellMargin, 3)
	}
	return out
}

// keyFiguresLeft is the height of the column of figures.
func (r *pdfWriter) keyFiguresLeft(labels [][]string) float64 {
	h := 0.0
	for _, ls := range labels {
		h += float64(max(len(ls), 1))*keyLineH + 1.6
	}
	return h
}

// keyFiguresHeight is the least height the block needs: its figures, or
// the chart's least height when that is more.
func (r *pdfWriter) keyFiguresHeight(_ int, k keyFigures) float64 {
	return max(r.keyFiguresLeft(r.keyLabels(k)), keyMinChart)
}

// keyFigures sets block i: the figures on the left, the chart on the
// right, laid out no taller than the page leaves after the blocks that
// follow it (on the first page, the rest of the brief).
func (r *pdfWriter) keyFigures(i int, k keyFigures) {
	f := r.f
	labels := r.keyLabels(k)
	left := r.keyFiguresLeft(labels)
	chartX := marginX + keyValueW + keyLabelW + keyGap
	o := chartOptions(r.measureChart)
	o.Width = contentW - (chartX - marginX)
	room := contentBottom - f.GetY() - r.restHeight(i+1) - 4
	if k.Chart.MaxHeight > 0 {
		room = min(room, k.Chart.MaxHeight)
	}
	o.MaxHeight = min(max(room, keyMinChart, left), o.MaxHeight)
	d := chart.Layout(k.Chart.Chart, o)
	h := max(left, d.H)
	if f.GetY() > contentTop+0.5 && f.GetY()+h > contentBottom {
		f.AddPage()
	}
	y0 := f.GetY() + 1
	y := y0
	for n, fig := range k.Figures {
		r.font(true, keyValueSize)
		r.color(colText)
		f.SetXY(marginX, y)
		f.CellFormat(keyValueW, keyLineH, fitWidth(f, pdfLine(fig.Value), keyValueW), "", 0, "R", false, 0, "")
		r.font(false, keyLabelSize)
		r.color(colMuted)
		for j, line := range labels[n] {
			f.SetXY(marginX+keyValueW+1, y+float64(j)*keyLineH+0.35)
			f.CellFormat(keyLabelW, keyLineH, line, "", 0, "L", false, 0, "")
		}
		y += float64(max(len(labels[n]), 1))*keyLineH + 1.6
	}
	r.drawChart(d, chartX, y0)
	f.SetXY(marginX, y0+h+3)
}

// restHeight is the height the blocks from i on take when set one after
// another: what the page must keep for them.
func (r *pdfWriter) restHeight(from int) float64 {
	h := 0.0
	for i := from; i < len(r.blocks); i++ {
		h += r.blockHeight(i)
	}
	return h
}

// blockHeight is the height block i takes, as the writer sets it: of the
// kinds a brief holds, exactly; of the others, its least (leadHeight).
func (r *pdfWriter) blockHeight(i int) float64 {
	f := r.f
	switch x := r.blocks[i].(type) {
	case heading:
		size, lineH, after := r.headingStyle(x)
		r.font(true, size)
		n := float64(len(f.SplitText(pdfLine(x.Text), contentW)))
		h := r.headingSpace(x) + n*lineH + after
		if x.Level == 1 {
			h++
		}
		return h
	case paragraph:
		r.paragraphFont(x)
		return float64(len(f.SplitText(pdfText(x.Text), contentW)))*(bodyLineH-0.3) + 1.5
	case bullets:
		r.font(false, bodyFontSize)
		h := 2.0
		for _, it := range x.Items {
			h += float64(len(wrap(f, pdfText(it), contentW-5-2*cellMargin, 40)))*(bodyLineH-0.3) + r.bulletGap()
		}
		return h
	case fieldList:
		w := x.labelWidth()
		h := 2.0
		for _, fl := range x.Fields {
			r.font(false, bodyFontSize)
			n := max(len(f.SplitText(pdfText(fl.Value), contentW-w)), 1)
			h += float64(n)*bodyLineH + 0.8
		}
		return h
	case *table:
		if len(x.Rows) == 0 {
			if x.Empty == "" {
				return 0
			}
			r.font(false, bodyFontSize)
			return float64(len(f.SplitText(pdfText(x.Empty), contentW)))*(bodyLineH-0.3) + 1.5
		}
		widths := columnWidths(x.Columns)
		headers := make([]string, len(x.Columns))
		for k, c := range x.Columns {
			headers[k] = c.Header
		}
		h := r.wrapRow(headers, widths, true, 4).h + 4
		for _, rw := range x.Rows {
			h += r.wrapTableRow(x, rw, widths, 40).h
		}
		return h
	}
	return r.leadHeight(i)
}
