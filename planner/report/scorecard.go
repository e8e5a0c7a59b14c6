package report

import (
	"slices"
	"strings"

	"redline/planner"
	"redline/planner/chart"
)

// The summary's deterrence scorecard (planner.ScoreStress, SCORECARD.md):
// the heat map of red lines by factors, the weakest red lines with why,
// and what each built-in stress test does to the grades. The planner
// decides every level and grade; this file only lays them out.

// Tones of the scorecard's cells (toneFill, toneText and the HTML style):
// a colour-blind-safe scale from blue through yellow to vermilion. Each
// cell also says its level or grade in a word, so colour never stands
// alone.
const (
	toneStrong  = "strong"
	toneWeak    = "weak"
	toneMissing = "missing"
)

// levelTone is the tone of a factor's level.
func levelTone(l planner.Level) string {
	switch l {
	case planner.LevelStrong:
		return toneStrong
	case planner.LevelWeak:
		return toneWeak
	case planner.LevelMissing:
		return toneMissing
	}
	return ""
}

// gradeTone is the tone of a grade: credible reads as strong, fragile as
// weak, hollow as missing.
func gradeTone(g planner.Grade) string {
	switch g {
	case planner.GradeCredible:
		return toneStrong
	case planner.GradeFragile:
		return toneWeak
	case planner.GradeHollow:
		return toneMissing
	}
	return ""
}

// Past these many, the lists of the section say how many more there are
// instead of naming them: the heat map names every red line already.
const (
	maxWeakest       = 20
	maxChangedByTest = 12
)

// heatMapWidths are the heat map's columns in the PDF, in millimetres: each
// as narrow as its header's longest word and "Missing" allow, bold, so that
// the red lines keep what is left of the page
// (TestHeatMapFitsItsWords).
var heatMapWidths = map[planner.FactorID]float64{
	planner.FactorDenial: 13.2, planner.FactorPrecommitment: 20.9, planner.FactorSpeed: 13.2,
	planner.FactorVetoPoints: 13.2, planner.FactorBacking: 13.7, planner.FactorUSDependency: 19.7,
	planner.FactorHoldsInWar: 13.2, planner.FactorExercise: 15,
}

// heatMapGradeWidth fits "Credible", bold.
const heatMapGradeWidth = 14.2

// scorecardSection is the summary's deterrence scorecard: what it rests
// on, the plan-wide lines, the heat map, the weakest red lines and the
// built-in stress tests' effect on the grades.
func (v *planView) scorecardSection(d *document, sc *planner.Scorecard) {
	workedOut := "Worked out from the plan and one run of its exercise script."
	if !v.show.script {
		workedOut = "Worked out from the plan."
	}
	d.Blocks = append(d.Blocks, heading{1, "Deterrence scorecard"},
		paragraph{Text: "How credible each red line is: what would happen if it were crossed, and what could take that away. " +
			"Each factor is strong, weak or missing. A red line is credible when one of its answers is firm — it denies, fires " +
			"automatically, takes effect within " + v.rapid() + ", rests on confirmed contributions alone, holds in war, and " +
			"neither a veto nor the US can take it away; hollow when no answer fires automatically free of a veto or denies with " +
			"forces behind it; fragile between. " + workedOut, Muted: true})
	lines := make([]field, 0, len(sc.PlanWide.Lines))
	for _, l := range sc.PlanWide.Lines {
		lines = append(lines, field{planner.PlanLineLabel(l.Line), withRefs(l.Message, v.refs.refs(l.Sources))})
	}
	d.Blocks = append(d.Blocks, fieldList{Fields: lines, Medium: true})
	if len(sc.RedLines) == 0 {
		d.Blocks = append(d.Blocks, paragraph{Text: "The plan has no red lines to score."})
		return
	}
	v.heatMap(d, sc)
	v.coverage(d, sc)
	v.weakest(d, sc)
	v.underStress(d, sc)
}

// scorecardSources are the documents the scorecard cites, as the copy
// shows it: its factors', its plan-wide lines' and its stress tests'.
func scorecardSources(sc *planner.Scorecard, show shown) []string {
	var cited []string
	for _, id := range show.factors() {
		cited = append(cited, id.Sources()...)
	}
	for _, l := range sc.PlanWide.Lines {
		cited = append(cited, l.Sources...)
	}
	for _, t := range sc.Tests {
		cited = append(cited, t.Sources...)
	}
	return cited
}

// factors are the scorecard's factors the copy shows: all, or, without
// the script, all but what the script showed.
func (s shown) factors() []planner.FactorID {
	if s.script {
		return planner.FactorIDs
	}
	return slices.DeleteFunc(slices.Clone(planner.FactorIDs), func(id planner.FactorID) bool { return id == planner.FactorExercise })
}

// rapid is the profile's rapid response time in words: "72 h".
func (v *planView) rapid() string {
	if v.prof == nil {
		return "0 h (no profile)"
	}
	return hours(v.prof.Params.RapidHours)
}

func withRefs(text, refs string) string {
	if refs == "" {
		return text
	}
	return text + " " + refs
}

// heatMap is the red lines by factors as a chart, each cell its level in
// a word and its colour, the grade first; and, when the chart cannot draw
// every red line on a page, the same as a table under it.
func (v *planView) heatMap(d *document, sc *planner.Scorecard) {
	factors := v.show.factors()
	t := &table{
		Columns:    []column{{Header: "Red line", Weight: 1}, {Header: "Grade", Width: heatMapGradeWidth}},
		Grid:       true,
		ToneColumn: -1,
	}
	for _, id := range factors {
		t.Columns = append(t.Columns, column{Header: id.Label(), Width: heatMapWidths[id], Align: alignCenter})
	}
	for i := range sc.RedLines {
		rs := &sc.RedLines[i]
		cells := []string{redLineCode(i) + "  " + rs.Title, rs.Grade.Label()}
		tones := []string{"", gradeTone(rs.Grade)}
		for _, id := range factors {
			if f := rs.Factor(id); f != nil {
				cells = append(cells, f.Level.Label())
				tones = append(tones, levelTone(f.Level))
			} else {
				cells = append(cells, "—")
				tones = append(tones, "")
			}
		}
		t.Rows = append(t.Rows, row{Cells: cells, Tones: tones})
	}
	var sources []string
	for _, id := range factors {
		sources = append(sources, id.Label()+" "+v.refs.refs(id.Sources()))
	}
	caption := "Red lines (L) as numbered in the list of red lines. The factors rest on: " + strings.Join(sources, "; ") + "."
	if v.show.script {
		caption += " Exercise evidence is what the plan's script showed; it does not enter the grade."
	}
	hm := chart.DeterrenceHeatMap(sc)
	if !v.show.script {
		withoutColumn(hm, planner.FactorExercise.Label())
	}
	for i := range hm.Rows {
		hm.Rows[i].Label = redLineCode(i) + "  " + hm.Rows[i].Label
	}
	fig := figure{Chart: hm}
	if !drawnWhole(hm, len(hm.Rows)) {
		fig.Full = t
	}
	// The chart's title heads it, after the note on its codes and sources.
	d.Blocks = append(d.Blocks, paragraph{Text: caption, Muted: true}, fig)
}

// withoutColumn leaves the column with that header out of a heat map.
func withoutColumn(hm *chart.HeatMap, header string) {
	k := slices.Index(hm.Columns, header)
	if k < 0 {
		return
	}
	hm.Columns = slices.Delete(hm.Columns, k, k+1)
	for i := range hm.Rows {
		if k < len(hm.Rows[i].Cells) {
			hm.Rows[i].Cells = slices.Delete(slices.Clone(hm.Rows[i].Cells), k, k+1)
		}
	}
}

// drawnWhole reports whether a chart of rows rows draws every one on a
// page of a report, text measured by estimate (which errs wide, so that
// what fits by estimate fits in print). A row is never lower than the
// text, so a chart of more rows than a page holds lines is not laid out
// to find out.
func drawnWhole(c chart.Chart, rows int) bool {
	o := chartOptions(nil)
	room := o.MaxHeight
	if float64(rows) > room/o.TextSize {
		return false
	}
	o.MaxHeight = 0
	return chart.Layout(c, o).H <= room-o.TextSize
}

// coverage is, for each red line, its answers that can happen by how they
// deter, as a chart of stacked bars.
func (v *planView) coverage(d *document, sc *planner.Scorecard) {
	c := chart.CoverageByMechanism(sc)
	for g := range c.Groups {
		for i := range c.Groups[g].Bars {
			c.Groups[g].Bars[i].Label = redLineCode(i) + "  " + c.Groups[g].Bars[i].Label
		}
	}
	d.Blocks = append(d.Blocks, figure{Chart: c})
}

// weakest lists the hollow red lines, then the fragile ones, each in plan
// order, with why.
func (v *planView) weakest(d *document, sc *planner.Scorecard) {
	t := &table{
		Columns:    []column{{Header: "#", Width: 9}, {Header: "Red line", Weight: 1.3}, {Header: "Grade", Width: 16}, {Header: "Why", Weight: 3}},
		ToneColumn: -1,
	}
	more := map[planner.Grade]int{}
	for _, g := range []planner.Grade{planner.GradeHollow, planner.GradeFragile} {
		for i := range sc.RedLines {
			rs := &sc.RedLines[i]
			if rs.Grade != g {
				continue
			}
			if len(t.Rows) == maxWeakest {
				more[g]++
				continue
			}
			t.Rows = append(t.Rows, row{Cells: []string{redLineCode(i), rs.Title, rs.Grade.Label(), rs.Why},
				Tones: []string{"", "", gradeTone(rs.Grade), ""}})
		}
	}
	d.Blocks = append(d.Blocks, heading{2, "Weakest red lines"})
	if len(t.Rows) == 0 {
		d.Blocks = append(d.Blocks, paragraph{Text: "Every red line is credible."})
		return
	}
	d.Blocks = append(d.Blocks, paragraph{Text: "Hollow red lines first, then fragile ones, in the plan's order.", Muted: true}, t)
	if n := more[planner.GradeHollow] + more[planner.GradeFragile]; n > 0 {
		var parts []string
		if k := more[planner.GradeHollow]; k > 0 {
			parts = append(parts, plural(k, "more hollow red line", "more hollow red lines"))
		}
		if k := more[planner.GradeFragile]; k > 0 {
			parts = append(parts, plural(k, "more fragile red line", "more fragile red lines"))
		}
		d.Blocks = append(d.Blocks, paragraph{Text: "And " + strings.Join(parts, " and ") + ": the heat map grades them all.", Muted: true})
	}
}

// underStress says, for each built-in stress test, the grades under it and
// which red lines change grade.
func (v *planView) underStress(d *document, sc *planner.Scorecard) {
	t := &table{
		Columns: []column{
			{Header: "Stress test", Weight: 1.6},
			{Header: "Grades under it", Weight: 1},
			{Header: "Red lines that change grade", Weight: 3},
		},
		ToneColumn: -1,
	}
	g := sc.PlanWide.Grades
	for ti, test := range sc.Tests {
		sum := sc.PlanWide.Stress[ti]
		var changed []string
		for i := range sc.RedLines {
			rs := &sc.RedLines[i]
			st := &rs.Stress[ti]
			if st.Grade == rs.Grade {
				continue
			}
			if len(changed) == maxChangedByTest {
				changed = append(changed, "and "+plural(sum.Changed-maxChangedByTest, "more", "more"))
				break
			}
			changed = append(changed, redLineCode(i)+" "+rs.Title+": "+strings.ToLower(st.Grade.Label())+
				" (was "+strings.ToLower(rs.Grade.Label())+")")
		}
		t.Rows = append(t.Rows, row{Cells: []string{
			withRefs(test.Title, v.refs.refs(test.Sources)) + "\n" + test.About,
			gradeCounts(sum.Grades),
			joinOr(changed, "\n", "None"),
		}})
	}
	d.Blocks = append(d.Blocks, heading{2, "Under stress"},
		paragraph{Text: "Each test assumes something the plan counts on does not come, and grades the red lines again. " +
			"As drafted: " + gradeCounts(g) + ".", Muted: true},
		t)
}

// gradeCounts is "2 credible, 7 fragile, 1 hollow".
func gradeCounts(g planner.GradeCounts) string {
	return planner.Thousands(g.Credible) + " credible, " + planner.Thousands(g.Fragile) + " fragile, " +
		planner.Thousands(g.Hollow) + " hollow"
}
