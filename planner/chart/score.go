package chart

import (
	"image/color"

	"redline/planner"
)

// mechanismSeries tell the ways of deterring apart: denial solid and dark,
// punishment hatched, reassurance cross-hatched and light.
var mechanismSeries = []Series{
	{Name: planner.MechanismDenial.Label(), Style: Style{Fill: Blue}},
	{Name: planner.MechanismPunishment.Label(), Style: Style{Fill: Vermilion, Pattern: Diagonal, Ink: White}},
	{Name: planner.MechanismReassurance.Label(), Style: Style{Fill: Yellow, Pattern: Crossed, Ink: Orange}},
}

var mechanisms = []planner.Mechanism{planner.MechanismDenial, planner.MechanismPunishment, planner.MechanismReassurance}

// CoverageByMechanism is, for each red line of the scorecard, how many of
// its answers that can happen deny, punish or reassure, stacked; answers
// the scorecard finds lost (a declined contribution, say) are not counted.
// The red lines keep the scorecard's order.
func CoverageByMechanism(sc *planner.Scorecard) *Bars {
	c := &Bars{
		Head: Head{Title: "Coverage by mechanism",
			Caption: "For each red line, its answers that can happen, by how they deter.",
			Empty:   "The plan has no red lines, so there is no coverage to chart."},
		Series: mechanismSeries, Category: "Red line", Others: "other red lines",
	}
	if sc == nil || len(sc.RedLines) == 0 {
		return c
	}
	g := BarGroup{}
	for _, r := range sc.RedLines {
		b := Bar{Label: r.Title, Values: make([]float64, len(mechanisms))}
		if b.Label == "" {
			b.Label = r.RedLine
		}
		for _, a := range r.Answers {
			if a.Lost != "" {
				continue
			}
			for i, m := range mechanisms {
				if a.Mechanism == m {
					b.Values[i]++
				}
			}
		}
		g.Bars = append(g.Bars, b)
	}
	c.Groups = []BarGroup{g}
	return c
}

// levelSeries are the scorecard's levels on Okabe and Ito's scale from
// blue through yellow to vermilion, as light tints so that the word in
// each cell reads in black; a grade takes the colour of the level it reads
// as (credible strong, fragile weak, hollow missing).
var levelSeries = []Series{
	{Name: planner.LevelStrong.Label(), Style: Style{Fill: color.NRGBA{0xcf, 0xe4, 0xf4, 0xff}}},
	{Name: planner.LevelWeak.Label(), Style: Style{Fill: color.NRGBA{0xfa, 0xf0, 0xb4, 0xff}}},
	{Name: planner.LevelMissing.Label(), Style: Style{Fill: color.NRGBA{0xf8, 0xd4, 0xbe, 0xff}, Pattern: BackDiagonal, Ink: color.NRGBA{0xe8, 0xa8, 0x80, 0xff}}},
	{Name: planner.GradeCredible.Label(), Style: Style{Fill: color.NRGBA{0xcf, 0xe4, 0xf4, 0xff}}},
	{Name: planner.GradeFragile.Label(), Style: Style{Fill: color.NRGBA{0xfa, 0xf0, 0xb4, 0xff}}},
	{Name: planner.GradeHollow.Label(), Style: Style{Fill: color.NRGBA{0xf8, 0xd4, 0xbe, 0xff}, Pattern: BackDiagonal, Ink: color.NRGBA{0xe8, 0xa8, 0x80, 0xff}}},
}

// DeterrenceHeatMap is the scorecard as a grid: a row per red line, its
// grade first and then each factor's level, every cell its word on its
// colour.
func DeterrenceHeatMap(sc *planner.Scorecard) *HeatMap {
	c := &HeatMap{
		Head: Head{Title: "Deterrence heat map",
			Caption: "How credible each red line is, factor by factor.",
			Empty:   "The plan has no red lines to score."},
		Levels: levelSeries, Category: "Red line",
	}
	if sc == nil || len(sc.RedLines) == 0 {
		return c
	}
	c.Columns = []string{"Grade"}
	var ids []planner.FactorID
	for _, f := range sc.RedLines[0].Factors {
		ids = append(ids, f.Factor)
		c.Columns = append(c.Columns, f.Factor.Label())
	}
	level := map[planner.Level]int{planner.LevelStrong: 0, planner.LevelWeak: 1, planner.LevelMissing: 2}
	grade := map[planner.Grade]int{planner.GradeCredible: 3, planner.GradeFragile: 4, planner.GradeHollow: 5}
	for _, r := range sc.RedLines {
		row := HeatRow{Label: r.Title, Cells: make([]int, len(c.Columns))}
		if row.Label == "" {
			row.Label = r.RedLine
		}
		row.Cells[0] = lookup(grade, r.Grade)
		for k, id := range ids {
			row.Cells[k+1] = -1
			if f := r.Factor(id); f != nil {
				row.Cells[k+1] = lookup(level, f.Level)
			}
		}
		c.Rows = append(c.Rows, row)
	}
	return c
}

func lookup[K comparable](m map[K]int, k K) int {
	if i, ok := m[k]; ok {
		return i
	}
	return -1
}
