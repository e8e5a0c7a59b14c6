package chart

import (
	"cmp"
	"image/color"
	"slices"
	"strconv"

	"redline/planner"
)

// matrixSeries are the response matrix's cells: a mechanism's colour and
// pattern (denial solid blue, punishment hatched vermilion, reassurance
// cross-hatched yellow, as coverage by mechanism draws them), strong for
// a response that fires automatically and a light tint of it, outlined or
// hatched in the strong colour, for one that opens a consultation. The
// letter in each cell (A, C) says the trigger in print of any kind; the
// pattern tells the mechanisms apart in greyscale. Indexed by
// matrixSeriesOf.
var matrixSeries = []Series{
	{Name: "Denial, automatic (A)", Style: Style{Fill: Blue}},
	{Name: "Denial, consultation (C)", Style: Style{Fill: color.NRGBA{0xcc, 0xe3, 0xf0, 0xff}, Ink: Blue}},
	// A dark hatch on vermilion, so that a white A reads across it.
	{Name: "Punishment, automatic (A)", Style: Style{Fill: Vermilion, Pattern: Diagonal, Ink: color.NRGBA{0x8a, 0x3a, 0x00, 0xff}}},
	{Name: "Punishment, consultation (C)", Style: Style{Fill: color.NRGBA{0xf7, 0xd9, 0xc4, 0xff}, Pattern: Diagonal, Ink: Vermilion}},
	{Name: "Reassurance, automatic (A)", Style: Style{Fill: Yellow, Pattern: Crossed, Ink: Orange}},
	{Name: "Reassurance, consultation (C)", Style: Style{Fill: color.NRGBA{0xfb, 0xf6, 0xcf, 0xff}, Pattern: Crossed, Ink: Orange}},
	// A response whose mechanism is not one of the three (a draft made
	// in code, not loaded): grey, and said so.
	{Name: "Mechanism not set, automatic (A)", Style: Style{Fill: RuleDark}},
	{Name: "Mechanism not set, consultation (C)", Style: Style{Fill: PhaseWar, Ink: RuleDark}},
}

// The response matrix's marks, by index.
var matrixMarks = []MatrixMark{{"A", planner.TriggerAutomatic.Label()}, {"C", planner.TriggerConsultation.Label()}}

func matrixSeriesOf(m planner.Mechanism, tr planner.Trigger) (series, mark int) {
	mark = 1
	if tr == planner.TriggerAutomatic {
		mark = 0
	}
	switch m {
	case planner.MechanismDenial:
		return mark, mark
	case planner.MechanismPunishment:
		return 2 + mark, mark
	case planner.MechanismReassurance:
		return 4 + mark, mark
	}
	return 6 + mark, mark
}

// ResponseMatrix is the plan's response matrix as a picture: a row per red
// line (L1, L2, … in the plan's order, as the summary numbers them), a
// column per response (R1, R2, …), and a cell for each link, coloured by
// the response's mechanism and lettered by its trigger; counts of links per
// red line and per response. A link whose red line or response the plan
// does not have is not drawn (the checker finds it), and a link given twice
// is one cell, its first trigger, as in the summary. For a plan too large
// for a page, the most severe red lines are drawn and the note says the
// full matrix is in the workbook.
func ResponseMatrix(p *planner.Plan) *Matrix {
	c := &Matrix{
		Head: Head{Title: "Response matrix",
			Caption: "Which responses answer each red line, coloured by how they deter. A: the response fires automatically " +
				"when the red line is crossed; C: crossing opens a consultation, and the coalition decides. " +
				"The counts are links per red line and per response.",
			Empty: "The plan has no red lines, so there is no matrix to draw."},
		Series: matrixSeries, Marks: matrixMarks,
		RowCategory: "Red line", RankName: "Severity", ColCategory: "Response", GroupName: "Mechanism", MarkName: "Trigger",
		RowNouns: [2]string{"red line", "red lines"}, ColNouns: [2]string{"response", "responses"},
		Top: "most severe", Count: "Links",
		Elsewhere: "The full matrix is in the workbook and in the plan summary.",
	}
	if p == nil {
		return c
	}
	if len(p.RedLines) > 0 && len(p.Responses) == 0 {
		c.Empty = "The plan has no responses yet, so no red line is answered."
	}
	// The first entity with an id wins, as in the checker and the summary.
	rows := make(map[string]int, len(p.RedLines))
	c.Rows = make([]MatrixRow, len(p.RedLines))
	for i := range p.RedLines {
		r := &p.RedLines[i]
		if _, dup := rows[r.ID]; !dup {
			rows[r.ID] = i
		}
		c.Rows[i] = MatrixRow{Key: "L" + strconv.Itoa(i+1), Label: orBlank(r.Title, "Untitled red line"), Rank: r.Severity}
	}
	cols := make(map[string]int, len(p.Responses))
	c.Cols = make([]MatrixCol, len(p.Responses))
	for i := range p.Responses {
		r := &p.Responses[i]
		if _, dup := cols[r.ID]; !dup {
			cols[r.ID] = i
		}
		c.Cols[i] = MatrixCol{Key: "R" + strconv.Itoa(i+1), Label: orBlank(r.Title, "Untitled response"), Group: r.Mechanism.Label()}
	}
	// A row's cells in column order, a column once.
	seen := make(map[[2]int]bool, len(p.Links))
	for _, l := range p.Links {
		ri, okR := rows[l.RedLine]
		ci, okC := cols[l.Response]
		if !okR || !okC || seen[[2]int{ri, ci}] {
			continue
		}
		seen[[2]int{ri, ci}] = true
		s, m := matrixSeriesOf(p.Responses[ci].Mechanism, l.Trigger)
		c.Rows[ri].Cells = append(c.Rows[ri].Cells, MatrixCell{Col: ci, Series: s, Mark: m})
	}
	for i := range c.Rows {
		slices.SortStableFunc(c.Rows[i].Cells, func(a, b MatrixCell) int { return cmp.Compare(a.Col, b.Col) })
	}
	return c
}

// orBlank is a title, or what stands in for one a draft left blank; never
// an id.
func orBlank(title, none string) string {
	if title == "" {
		return none
	}
	return title
}
