package chart

import (
	"math"

	"redline/planner"
)

// HeatMap is a grid of rows by columns, each cell one of a few levels: a
// colour from Levels and the level's word written in it, so that no cell
// is told by its colour alone (the deterrence scorecard: red lines by
// factors, each strong, weak or missing).
//
// When Options.MaxHeight leaves room for fewer rows than there are, the
// first rows are drawn and a line under them says how many are not; Data
// lists every row.
type HeatMap struct {
	Head
	// Levels are the legend: each level's word and style. A cell's word is
	// its level's Name.
	Levels []Series
	// Columns head the columns; Category names the rows ("Red line"), the
	// header of Data's first column.
	Columns  []string
	Category string
	Rows     []HeatRow
}

// HeatRow is one row: its label and, per column, the index of its level
// in Levels, -1 for a blank cell.
type HeatRow struct {
	Label string
	Cells []int
}

func (c *HeatMap) Legend() []Series { return c.Levels }

func (c *HeatMap) empty() bool { return len(c.Rows) == 0 || len(c.Columns) == 0 }

// Data is a row per heat map row: its label and each cell's level word.
func (c *HeatMap) Data() Table {
	t := Table{Columns: append([]string{c.Category}, c.Columns...)}
	for _, r := range c.Rows {
		row := []string{r.Label}
		for k := range c.Columns {
			row = append(row, c.word(r, k))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func (c *HeatMap) word(r HeatRow, k int) string {
	if k < len(r.Cells) && r.Cells[k] >= 0 && r.Cells[k] < len(c.Levels) {
		return c.Levels[r.Cells[k]].Name
	}
	return "—"
}

// The heat map's proportions, in text sizes.
const heatPitch = 1.5

func (c *HeatMap) layout(l *layout) {
	t := l.t
	label, cell, head := t*0.85, t*0.78, t*0.75
	// The cells are as wide as the longest word in them or over them
	// allows; the row labels take the rest, up to their own width.
	cw := 0.0
	for _, s := range c.Levels {
		cw = max(cw, l.width(s.Name, cell, true)+t*0.5)
	}
	for _, h := range c.Columns {
		for _, w := range wrapTokens(h) {
			cw = max(cw, l.width(w.text, head, true)+t*0.4)
		}
	}
	lw := 0.0
	for _, r := range c.Rows {
		lw = max(lw, l.width(r.Label, label, false)+t*0.4)
	}
	n := float64(len(c.Columns))
	if most := l.o.Width * 0.8 / n; cw > most {
		// Too many columns for their words: smaller type in the cells and
		// heads, down to two thirds, before a word has to break.
		k := max(most/cw, 2.0/3)
		cell, head, cw = cell*k, head*k, cw*k
	}
	lw = max(min(lw, l.o.Width-n*cw), l.o.Width*0.2)
	cw = (l.o.Width - lw) / n
	// The column heads, wrapped to their cells, bottom-aligned.
	heads := make([][]line, len(c.Columns))
	rows := 1
	for k, h := range c.Columns {
		heads[k] = l.wrap(h, head, true, cw-t*0.3, 3)
		rows = max(rows, len(heads[k]))
	}
	lh := lineHeight(head)
	l.y += float64(rows) * lh
	for k, ls := range heads {
		x := lw + (float64(k)+0.5)*cw
		for i, ln := range ls {
			y := l.y - float64(len(ls)-1-i)*lh - head*0.3
			l.add(Text{X: x, Y: y, Text: ln.text, Full: ln.full, Size: head, Bold: true, Color: Black, Anchor: Middle})
		}
	}
	l.y += t * 0.3
	shown := len(c.Rows)
	if room := math.Floor((l.room() - t*1.6) / (heatPitch * t)); float64(shown) > room {
		shown = max(1, int(room))
	}
	for _, r := range c.Rows[:shown] {
		y := l.y
		mid := y + heatPitch*t/2
		l.add(l.fit(Text{X: 0, Y: mid + label*0.35, Text: r.Label, Size: label, Color: Black}, lw-t*0.4))
		for k := range c.Columns {
			x := lw + float64(k)*cw
			lv := -1
			if k < len(r.Cells) {
				lv = r.Cells[k]
			}
			if lv < 0 || lv >= len(c.Levels) {
				l.add(Text{X: x + cw/2, Y: mid + cell*0.35, Text: "—", Size: cell, Color: Muted, Anchor: Middle})
				continue
			}
			s := c.Levels[lv]
			rect := l.styled(x+t*0.06, y+t*0.06, cw-t*0.12, heatPitch*t-t*0.12, s.Style)
			l.add(rect)
			l.add(l.fit(Text{X: x + cw/2, Y: mid + cell*0.35, Text: s.Name, Size: cell, Bold: true, Color: Black, Anchor: Middle}, cw-t*0.3))
		}
		l.y += heatPitch * t
	}
	if rest := len(c.Rows) - shown; rest > 0 {
		l.d.Partial = true
		l.y += t * 1.2
		l.add(Text{X: 0, Y: l.y, Text: planner.Thousands(rest) + " more not drawn; the table lists every one.", Size: t * 0.85, Color: Muted})
	}
}
