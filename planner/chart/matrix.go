package chart

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"strings"

	"redline/planner"
)

// Matrix is a grid of rows by columns in which a cell, where there is
// one, is a coloured mark with a letter in it: the response matrix, red
// lines by the responses that answer them, each cell in the colour and
// pattern of the response's mechanism and lettered by its trigger (A, C).
//
// Columns are headed by short keys (R1, R2, …) and their titles are listed
// in full, wrapped, in a key under the grid. Response titles run to 70
// characters: written over their columns they would need a header band
// taller than the grid, or rotated text, which a display list does not
// have (nor the Fyne canvas); and columns as wide as a wrapped title would
// let five or six fit a page. Keys keep a column two or three characters
// wide, so that a page holds twenty or more, and the key list reads as
// ordinary text. Rows have room for their titles, wrapped to three lines,
// each after its key (L1, L2, …).
//
// Each row ends in its count of cells and each column has its count under
// it — how many responses answer a red line, how many red lines a response
// answers — and the corner holds the total. The counts are always of the
// whole matrix, drawn or not.
//
// A matrix of a thousand rows by two thousand columns cannot be a
// picture. At most MaxRows rows are drawn, and fewer when
// Options.MaxHeight leaves room for fewer, the highest Rank first (for red
// lines, the most severe); and of the columns, as many as the width holds,
// those with the most cells in the rows drawn. A note under the key then
// says in words what is not drawn and where the whole matrix is
// (Elsewhere), and the Drawing is Partial. Data is the whole matrix.
type Matrix struct {
	Head
	// Series are the cells' styles, referred to by index; Marks the
	// letters written in cells, with the word each stands for.
	Series []Series
	Marks  []MatrixMark
	Rows   []MatrixRow
	Cols   []MatrixCol
	// The words of Data's headers: what a row is ("Red line"), what its
	// Rank is ("Severity", "" for no rank column), what a column is
	// ("Response"), its Group ("Mechanism") and a cell's mark ("Trigger").
	RowCategory, RankName, ColCategory, GroupName, MarkName string
	// RowNouns and ColNouns name rows and columns in the singular and the
	// plural for the note ("red line", "red lines"); Top is how the rows
	// drawn first are chosen ("most severe": "the 20 most severe of 1,000
	// red lines"); Count heads the counts ("Links").
	RowNouns, ColNouns [2]string
	Top, Count         string
	// MaxRows is the most rows drawn; 0 takes DefaultMatrixRows.
	MaxRows int
	// Elsewhere says where the whole matrix is, for the note when some of
	// it is not drawn: "The full matrix is in the workbook."
	Elsewhere string
}

// DefaultMatrixRows is the most rows a matrix draws unless told otherwise:
// about what a page or a slide holds legibly.
const DefaultMatrixRows = 30

// MatrixMark is a letter written in cells and the word it stands for.
type MatrixMark struct{ Letter, Name string }

// MatrixRow is one row: its key ("L3"), its label, its rank, and its cells
// in column order, at most one per column.
type MatrixRow struct {
	Key, Label string
	Rank       int
	Cells      []MatrixCell
}

// MatrixCol is one column: its key ("R12"), its label (the response's
// title), and its group in a word ("Denial"), for Data.
type MatrixCol struct{ Key, Label, Group string }

// MatrixCell is a cell of a row: its column, its series and its mark, by
// index.
type MatrixCell struct{ Col, Series, Mark int }

// Legend is the series of the cells the matrix has, in the series' order.
func (c *Matrix) Legend() []Series {
	used := make([]bool, len(c.Series))
	for _, r := range c.Rows {
		for _, x := range r.Cells {
			if x.Series >= 0 && x.Series < len(used) {
				used[x.Series] = true
			}
		}
	}
	var out []Series
	for i, s := range c.Series {
		if used[i] && !s.Unlisted {
			out = append(out, s)
		}
	}
	return out
}

func (c *Matrix) empty() bool { return len(c.Rows) == 0 || len(c.Cols) == 0 }

// Data is the whole matrix as a table, a row per cell (for the response
// matrix, per link): the row's label and rank, the column's label and
// group, and the cell's mark in a word; then a row for each row with no
// cell and each column with none, "—" on the other side. A grid of every
// row by every column would be the same facts, but two million cells for
// the large plan; this grows with the cells, and each fact has a column
// a spreadsheet can filter.
func (c *Matrix) Data() Table {
	t := Table{Columns: []string{c.RowCategory}}
	ranked := c.RankName != ""
	if ranked {
		t.Columns = append(t.Columns, c.RankName)
	}
	t.Columns = append(t.Columns, c.ColCategory, c.GroupName, c.MarkName)
	t.Numeric = make([]bool, len(t.Columns))
	t.Numeric[1] = ranked
	row := func(r *MatrixRow, col *MatrixCol, mark string) []string {
		out := []string{"—"}
		if r != nil {
			out[0] = r.Label
		}
		if ranked {
			if r != nil {
				out = append(out, planner.Thousands(r.Rank))
			} else {
				out = append(out, "")
			}
		}
		if col == nil {
			return append(out, "—", "", "")
		}
		return append(out, col.Label, col.Group, mark)
	}
	answered := make([]bool, len(c.Cols))
	for i := range c.Rows {
		r := &c.Rows[i]
		n := 0
		for _, x := range r.Cells {
			if x.Col < 0 || x.Col >= len(c.Cols) {
				continue
			}
			answered[x.Col] = true
			mark := ""
			if x.Mark >= 0 && x.Mark < len(c.Marks) {
				mark = c.Marks[x.Mark].Name
			}
			t.Rows = append(t.Rows, row(r, &c.Cols[x.Col], mark))
			n++
		}
		if n == 0 {
			t.Rows = append(t.Rows, row(r, nil, ""))
		}
	}
	for k := range c.Cols {
		if !answered[k] {
			t.Rows = append(t.Rows, row(nil, &c.Cols[k], "—"))
		}
	}
	return t
}

// The matrix's proportions, in text sizes.
const (
	matrixLabel  = 0.8  // a row's title
	matrixKey    = 0.72 // a column's key over it, and the headers
	matrixLetter = 0.8  // a cell's letter
	matrixCount  = 0.75
	matrixPitch  = 1.5 // the least height of a row
	matrixLines  = 3   // the most lines of a title
)

// matrixFit is what of a matrix a layout draws, and how.
type matrixFit struct {
	rows, cols []int // indices into Rows and Cols, in the order drawn
	colAt      []int // a column's place among cols, -1 when not drawn
	// keyW is the width of the rows' keys, labelW of their titles, cellW
	// of a column, countW of the rows' counts.
	keyW, labelW, cellW, countW float64
	labels                      [][]line // each drawn row's title, wrapped
	pitch                       []float64
	keys                        matrixKeyList
	note                        []line
	height                      float64
}

// matrixKeyList is the key under the grid: each drawn column's key and
// title, wrapped, in columns read downwards.
type matrixKeyList struct {
	cols, per     int // columns of the list, entries in each
	colW, keyW    float64
	titles        [][]line
	height        float64
	headingHeight float64
}

// colCounts counts each column's cells in the rows (all rows when nil).
func (c *Matrix) colCounts(rows []int) []int {
	n := make([]int, len(c.Cols))
	count := func(r *MatrixRow) {
		for _, x := range r.Cells {
			if x.Col >= 0 && x.Col < len(n) {
				n[x.Col]++
			}
		}
	}
	if rows == nil {
		for i := range c.Rows {
			count(&c.Rows[i])
		}
	} else {
		for _, i := range rows {
			count(&c.Rows[i])
		}
	}
	return n
}

func (c *Matrix) maxRows() int {
	if c.MaxRows > 0 {
		return c.MaxRows
	}
	return DefaultMatrixRows
}

// fit works out which rows and columns the layout draws: all of them, in
// their order, when they fit the width, MaxRows and the room left; else
// the most rows by rank that fit, with the columns that have most cells
// in them.
func (c *Matrix) fit(l *layout) *matrixFit {
	t := l.t
	// A column is as wide as its key, the keys of all columns measured
	// once; the rows' keys likewise.
	cellW := t * 1.75
	for _, col := range c.Cols {
		cellW = max(cellW, l.width(col.Key, matrixKey*t, true)+t*0.45)
	}
	keyW := 0.0
	for _, r := range c.Rows {
		if r.Key != "" {
			keyW = max(keyW, l.width(r.Key, matrixLabel*t, true)+t*0.45)
		}
	}
	// The widest count is the total in the corner.
	total := 0
	for _, r := range c.Rows {
		total += len(r.Cells)
	}
	countW := max(l.width(c.Count, matrixKey*t, true), l.width(planner.Thousands(total), matrixCount*t, true)) + t*0.8
	minLabel := max(l.o.Width*0.25, t*8)
	maxCols := max(1, int(math.Floor((l.o.Width-keyW-countW-minLabel)/cellW)))

	order := make([]int, len(c.Rows))
	for i := range order {
		order[i] = i
	}
	try := func(rows []int, all bool) *matrixFit {
		f := &matrixFit{rows: rows, keyW: keyW, cellW: cellW, countW: countW}
		if all && len(c.Cols) <= maxCols {
			f.cols = make([]int, len(c.Cols))
			for k := range f.cols {
				f.cols[k] = k
			}
		} else {
			// The columns with most cells in the rows drawn, in their
			// order; a column with none is left out.
			in := c.colCounts(rows)
			var cand []int
			for k, n := range in {
				if n > 0 {
					cand = append(cand, k)
				}
			}
			slices.SortStableFunc(cand, func(a, b int) int { return cmp.Compare(in[b], in[a]) })
			f.cols = cand[:min(len(cand), maxCols)]
			slices.Sort(f.cols)
		}
		c.measure(l, f, !all || len(f.cols) < len(c.Cols))
		return f
	}
	room := l.room()
	if len(c.Rows) <= c.maxRows() {
		if f := try(order, true); f.height <= room {
			return f
		}
	}
	// Not all of it: the rows of highest rank first, as many as fit.
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(c.Rows[b].Rank, c.Rows[a].Rank) })
	lo, hi := 1, min(len(order), c.maxRows())
	if hi == len(order) {
		hi-- // all the rows did not fit, or there are more than MaxRows
	}
	best := try(order[:lo], false)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if f := try(order[:mid], false); f.height <= room {
			lo, best = mid, f
		} else {
			hi = mid - 1
		}
	}
	return best
}

// measure wraps what f draws and works out its height; partial adds the
// note that says what is not drawn.
func (c *Matrix) measure(l *layout, f *matrixFit, partial bool) {
	t := l.t
	size := matrixLabel * t
	natural := 0.0
	for _, i := range f.rows {
		natural = max(natural, l.width(c.Rows[i].Label, size, false)+t*0.5)
	}
	f.labelW = max(min(natural, l.o.Width*0.6, l.o.Width-f.keyW-float64(len(f.cols))*f.cellW-f.countW), t*4)
	if spare := l.o.Width - f.keyW - f.labelW - float64(len(f.cols))*f.cellW - f.countW; spare > 0 && len(f.cols) > 0 {
		// Short titles leave room: the cells take some of it.
		f.cellW += min(spare/float64(len(f.cols)), max(t*2.4-f.cellW, 0))
	}
	f.colAt = make([]int, len(c.Cols))
	for k := range f.colAt {
		f.colAt[k] = -1
	}
	for pos, k := range f.cols {
		f.colAt[k] = pos
	}
	h := lineHeight(matrixKey*t) + t*0.45 // the header band
	f.labels = make([][]line, len(f.rows))
	f.pitch = make([]float64, len(f.rows))
	for n, i := range f.rows {
		f.labels[n] = l.wrap(c.Rows[i].Label, size, false, f.labelW-t*0.5, matrixLines)
		f.pitch[n] = max(matrixPitch*t, float64(len(f.labels[n]))*lineHeight(size)+t*0.45)
		h += f.pitch[n]
	}
	h += matrixPitch * t // the counts under the columns
	f.keys = c.keyList(l, f.cols)
	h += f.keys.height
	f.note = nil
	if partial {
		f.note = l.wrap(c.note(f), t*0.85, false, l.o.Width, 4)
		h += t*0.6 + float64(len(f.note))*lineHeight(t*0.85)
	}
	f.height = h
}

// keyList wraps the key under the grid: each column's key and title.
func (c *Matrix) keyList(l *layout, cols []int) matrixKeyList {
	t := l.t
	size := matrixLabel * t
	k := matrixKeyList{}
	if len(cols) == 0 {
		return k
	}
	k.cols = min(len(cols), max(1, int(l.o.Width/(t*26))))
	k.per = (len(cols) + k.cols - 1) / k.cols
	k.cols = (len(cols) + k.per - 1) / k.per
	gap := t * 1.2
	k.colW = (l.o.Width - float64(k.cols-1)*gap) / float64(k.cols)
	for _, i := range cols {
		k.keyW = max(k.keyW, l.width(c.Cols[i].Key, size, true)+t*0.5)
	}
	k.titles = make([][]line, len(cols))
	heights := make([]float64, k.cols)
	for n, i := range cols {
		k.titles[n] = l.wrap(c.Cols[i].Label, size, false, k.colW-k.keyW, matrixLines)
		heights[n/k.per] += float64(len(k.titles[n]))*lineHeight(size) + t*0.25
	}
	k.headingHeight = t*0.9 + lineHeight(t*0.85)
	k.height = k.headingHeight + slices.Max(heights)
	return k
}

// note says in words what the drawing leaves out and where it all is.
func (c *Matrix) note(f *matrixFit) string {
	var s strings.Builder
	nr, nc := len(f.rows), len(f.cols)
	s.WriteString("Drawn: ")
	if nr < len(c.Rows) {
		s.WriteString("the " + planner.Thousands(nr) + " " + c.Top + " of " + planner.Thousands(len(c.Rows)) + " " + c.RowNouns[1])
	} else {
		s.WriteString("all " + planner.Thousands(nr) + " " + c.noun(c.RowNouns, nr))
	}
	s.WriteString(", and " + planner.Thousands(nc) + " of " + planner.Thousands(len(c.Cols)) + " " + c.ColNouns[1])
	if nc > 0 {
		s.WriteString(", " + c.noun([2]string{"the one that answers them", "those that answer them most"}, nc))
	}
	s.WriteString(". Not drawn: ")
	var gone []string
	if n := len(c.Rows) - nr; n > 0 {
		gone = append(gone, planner.Thousands(n)+" "+c.noun(c.RowNouns, n))
	}
	if n := len(c.Cols) - nc; n > 0 {
		gone = append(gone, planner.Thousands(n)+" "+c.noun(c.ColNouns, n))
	}
	s.WriteString(strings.Join(gone, " and ") + "; the counts are of the whole matrix.")
	if c.Elsewhere != "" {
		s.WriteString(" " + c.Elsewhere)
	}
	return s.String()
}

func (c *Matrix) noun(nouns [2]string, n int) string {
	if n == 1 {
		return nouns[0]
	}
	return nouns[1]
}

func (c *Matrix) layout(l *layout) {
	t := l.t
	counts := c.colCounts(nil)
	f := c.fit(l)
	l.d.Partial = len(f.rows) < len(c.Rows) || len(f.cols) < len(c.Cols)
	gridX := f.keyW + f.labelW
	countX := gridX + float64(len(f.cols))*f.cellW
	right := countX + f.countW
	head := matrixKey * t

	// The header band: what the rows are, each column's key, the counts.
	l.y += lineHeight(head)
	base := l.y - head*0.3
	l.add(l.fit(Text{X: 0, Y: base, Text: c.RowCategory, Size: head, Bold: true, Color: Black}, gridX-t*0.3))
	for pos, k := range f.cols {
		l.add(Text{X: gridX + (float64(pos)+0.5)*f.cellW, Y: base, Text: c.Cols[k].Key, Size: head, Bold: true, Color: Black, Anchor: Middle})
	}
	l.add(Text{X: countX + f.countW/2, Y: base, Text: c.Count, Size: head, Bold: true, Color: Black, Anchor: Middle})
	l.y += t * 0.45
	top := l.y

	// The rows: a stripe on every other, the key and title, the cells, the
	// count.
	size := matrixLabel * t
	letter := matrixLetter * t
	for n, i := range f.rows {
		r := &c.Rows[i]
		y, h := l.y, f.pitch[n]
		if n%2 == 1 {
			l.add(Rect{X: 0, Y: y, W: right, H: h, Fill: Stripe})
		}
		lines := f.labels[n]
		first := y + (h-float64(len(lines))*lineHeight(size))/2 + lineHeight(size) - size*0.3
		if r.Key != "" {
			l.add(Text{X: 0, Y: first, Text: r.Key, Size: size, Bold: true, Color: Muted})
		}
		for k, ln := range lines {
			l.add(Text{X: f.keyW, Y: first + float64(k)*lineHeight(size), Text: ln.text, Full: ln.full, Size: size, Color: Black})
		}
		for _, x := range r.Cells {
			if x.Col < 0 || x.Col >= len(f.colAt) || f.colAt[x.Col] < 0 {
				continue
			}
			cx := gridX + float64(f.colAt[x.Col])*f.cellW
			st := Style{Fill: White, Ink: Black}
			if x.Series >= 0 && x.Series < len(c.Series) {
				st = c.Series[x.Series].Style
			}
			l.add(l.styled(cx+t*0.1, y+t*0.1, f.cellW-t*0.2, h-t*0.2, st))
			if x.Mark >= 0 && x.Mark < len(c.Marks) {
				if st.Pattern != Solid && st.Fill.A > 0 {
					// The letter on a plate of the cell's colour, clear
					// of the hatch that shows around it.
					w := l.width(c.Marks[x.Mark].Letter, letter, true) + t*0.3
					l.add(Rect{X: cx + (f.cellW-w)/2, Y: y + h/2 - letter*0.55, W: w, H: letter * 1.1, Fill: st.Fill})
				}
				l.add(Text{X: cx + f.cellW/2, Y: y + h/2 + letter*0.36, Text: c.Marks[x.Mark].Letter, Size: letter, Bold: true,
					Color: inkOn(st.Fill), Anchor: Middle})
			}
		}
		l.add(Text{X: countX + f.countW/2, Y: y + h/2 + matrixCount*t*0.36, Text: planner.Thousands(len(r.Cells)), Size: matrixCount * t,
			Bold: len(r.Cells) == 0, Color: Black, Anchor: Middle})
		l.y += h
	}
	bottom := l.y
	// Rules: between the columns, light; around the grid's counts, dark.
	for pos := 0; pos <= len(f.cols); pos++ {
		x := gridX + float64(pos)*f.cellW
		l.add(Line{X1: x, Y1: top, X2: x, Y2: bottom, Color: Rule, Width: t * 0.04})
	}
	l.add(Line{X1: 0, Y1: top, X2: right, Y2: top, Color: RuleDark, Width: t * 0.06})
	l.add(Line{X1: 0, Y1: bottom, X2: right, Y2: bottom, Color: RuleDark, Width: t * 0.06})

	// The counts under the columns, and the total in the corner.
	h := matrixPitch * t
	mid := l.y + h/2 + matrixCount*t*0.36
	l.add(l.fit(Text{X: gridX - t*0.4, Y: mid, Text: c.Count, Size: head, Bold: true, Color: Black, Anchor: End}, gridX-t*0.4))
	total := 0
	for _, r := range c.Rows {
		total += len(r.Cells)
	}
	for pos, k := range f.cols {
		l.add(Text{X: gridX + (float64(pos)+0.5)*f.cellW, Y: mid, Text: planner.Thousands(counts[k]), Size: matrixCount * t,
			Bold: counts[k] == 0, Color: Black, Anchor: Middle})
	}
	l.add(Text{X: countX + f.countW/2, Y: mid, Text: planner.Thousands(total), Size: matrixCount * t, Bold: true, Color: Black, Anchor: Middle})
	l.y += h

	c.drawKeys(l, f)
	if len(f.note) > 0 {
		l.y += t * 0.6
		for _, ln := range f.note {
			l.y += lineHeight(t * 0.85)
			l.add(Text{X: 0, Y: l.y - t*0.85*0.3, Text: ln.text, Full: ln.full, Size: t * 0.85, Color: Muted})
		}
	}
}

// drawKeys sets the key under the grid: a heading, then each drawn
// column's key in bold and its title wrapped beside it, down the first of
// the list's columns and on into the next.
func (c *Matrix) drawKeys(l *layout, f *matrixFit) {
	k := f.keys
	if k.cols == 0 {
		return
	}
	t := l.t
	size := matrixLabel * t
	l.y += t * 0.9
	heading := strings.ToUpper(c.ColNouns[1][:1]) + c.ColNouns[1][1:]
	l.y += lineHeight(t * 0.85)
	l.add(l.fit(Text{X: 0, Y: l.y - t*0.85*0.3, Text: heading, Size: t * 0.85, Bold: true, Color: Black}, l.o.Width))
	top := l.y
	y := top
	for n, i := range f.cols {
		if n%k.per == 0 {
			y = top
		}
		x := float64(n/k.per) * (k.colW + t*1.2)
		col := c.Cols[i]
		y0 := y + lineHeight(size) - size*0.3
		l.add(Text{X: x, Y: y0, Text: col.Key, Size: size, Bold: true, Color: Black})
		for j, ln := range k.titles[n] {
			l.add(Text{X: x + k.keyW, Y: y0 + float64(j)*lineHeight(size), Text: ln.text, Full: ln.full, Size: size, Color: Black})
		}
		y += float64(len(k.titles[n]))*lineHeight(size) + t*0.25
	}
	l.y = top + k.height - k.headingHeight
}

// inkOn is the text colour that reads on a fill: white on a dark one,
// black on a light one.
func inkOn(fill color.NRGBA) color.NRGBA {
	if fill.A == 0 {
		return Black
	}
	lum := 0.299*float64(fill.R) + 0.587*float64(fill.G) + 0.114*float64(fill.B)
	if lum < 140 {
		return White
	}
	return Black
}
