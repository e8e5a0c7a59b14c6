package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"redline/assets"
	"redline/planner"
	"redline/seeds"
)

// summaryMarkdown is the reference plan's summary as Markdown.
func summaryMarkdown(t *testing.T, s Summary) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteMarkdown(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// section is the part of a Markdown document from the heading to the next
// heading of the same level or higher.
func section(t *testing.T, md, heading string) string {
	t.Helper()
	start := strings.Index(md, heading+"\n")
	if start < 0 {
		t.Fatalf("no section %q", heading)
	}
	rest := md[start+len(heading):]
	level := strings.Repeat("#", strings.Count(heading[:strings.Index(heading, " ")], "#"))
	if end := strings.Index(rest, "\n"+level+" "); end >= 0 {
		return heading + rest[:end]
	}
	return heading + rest
}

// The summary's scorecard lists the weakest red lines, hollow before
// fragile, each with the scorecard's own why; the credible ones are not
// among them.
func TestSummaryScorecardListsWeakestWithWhy(t *testing.T) {
	s := referenceSummary(t)
	sc := planner.Score(s.Plan, s.Catalog, s.Profile)
	weakest := section(t, summaryMarkdown(t, s), "### Weakest red lines")
	last, lastGrade := -1, planner.GradeHollow
	for i, rs := range sc.RedLines {
		line := "| " + redLineCode(i) + " | " + mdCell(rs.Title, false) + " | " + rs.Grade.Label() + " | " + mdCell(rs.Why, false) + " |"
		at := strings.Index(weakest, line)
		switch {
		case rs.Grade == planner.GradeCredible && strings.Contains(weakest, "| "+redLineCode(i)+" |"):
			t.Errorf("credible %s %q is listed among the weakest", redLineCode(i), rs.Title)
		case rs.Grade != planner.GradeCredible && at < 0:
			t.Errorf("the weakest red lines lack %s with why:\n%s\nin\n%s", redLineCode(i), line, weakest)
		case rs.Grade == planner.GradeHollow && lastGrade == planner.GradeFragile && at > last:
			t.Errorf("hollow %s comes after a fragile red line", redLineCode(i))
		}
		if rs.Grade != planner.GradeCredible && at > last {
			last, lastGrade = at, rs.Grade
		}
	}
	if !strings.Contains(weakest, "| L10 | Nuclear threats or posture changes | Hollow |") {
		t.Errorf("the reference plan's hollow red line is not listed:\n%s", weakest)
	}
}

// The heat map says every level in a word (in Markdown, the chart's data)
// and the stress tests name the red lines whose grade they change, as
// planner.ScoreStress has them.
func TestSummaryScorecardHeatMapAndStress(t *testing.T) {
	s := referenceSummary(t)
	sc := planner.ScoreStress(s.Plan, s.Catalog, s.Profile, planner.StressTests)
	md := summaryMarkdown(t, s)
	heat := section(t, md, "## Deterrence scorecard")
	if !strings.Contains(heat, "**Deterrence heat map**") {
		t.Errorf("the scorecard has no heat map:\n%s", heat)
	}
	for i, rs := range sc.RedLines {
		cells := []string{redLineCode(i) + "  " + mdCell(rs.Title, false), rs.Grade.Label()}
		for _, f := range rs.Factors {
			cells = append(cells, f.Level.Label())
		}
		if row := "| " + strings.Join(cells, " | ") + " |"; !strings.Contains(heat, row) {
			t.Errorf("the heat map lacks the row\n%s\nin\n%s", row, heat)
		}
	}
	stress := section(t, md, "### Under stress")
	for ti, test := range sc.Tests {
		i := strings.Index(stress, "| "+test.Title+" ")
		if i < 0 {
			t.Fatalf("no row for %q in\n%s", test.Title, stress)
		}
		row := stress[i : i+strings.Index(stress[i:], "\n")]
		for k, rs := range sc.RedLines {
			st := rs.Stress[ti]
			name := redLineCode(k) + " " + mdCell(rs.Title, false) + ": "
			if got, want := strings.Contains(row, name), st.Grade != rs.Grade; got != want {
				t.Errorf("%s: names %s %v, want %v (%s → %s)", test.Name, redLineCode(k), got, want, rs.Grade, st.Grade)
			}
		}
	}
	if !strings.Contains(stress, "L2 Force build-up on Ukraine's borders, including Belarus: hollow (was fragile)") {
		t.Errorf("the US holding back does not say what it does to the build-up red line:\n%s", stress)
	}
}

// In HTML and PDF the heat map is a chart whose cells say their level in
// a word on its colour. A plan with more red lines than the chart draws
// on a page has the heat map as a table under it too, whose cells carry
// their tone: the hollow grade and a missing factor read as missing, a
// strong factor as strong.
func TestSummaryScorecardTones(t *testing.T) {
	var b bytes.Buffer
	if err := WriteHTML(&b, referenceSummary(t)); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{`>Deterrence heat map</text>`, `>Hollow</text>`, `>Missing</text>`, `fill="#f8d4be"`} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML heat map lacks %s", want)
		}
	}
	if strings.Contains(html, `<td>L10  Nuclear threats or posture changes</td><td class="tone-missing">Hollow</td>`) {
		t.Error("the reference plan's heat map is drawn whole, yet also given as a table")
	}

	big := planner.Generate(planner.LargePlan.Scaled(0.1))
	b.Reset()
	if err := WriteHTML(&b, Summary{Plan: big, Catalog: seeds.Catalog().ForPlan(big), Profile: seeds.DefaultProfile()}); err != nil {
		t.Fatal(err)
	}
	html = b.String()
	for _, want := range []string{
		"more not drawn; the table lists every one.",
		`<td>L100  `,
		`</td><td class="tone-missing">Hollow</td><td class="c tone-missing">Missing</td>`,
		`<td class="c tone-strong">Strong</td>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML heat map of %d red lines lacks %s", len(big.RedLines), want)
		}
	}
	for _, tone := range []string{toneStrong, toneWeak, toneMissing} {
		if _, ok := toneFill[tone]; !ok {
			t.Errorf("the PDF has no fill for %q", tone)
		}
		if _, ok := toneText[tone]; !ok {
			t.Errorf("the PDF has no text colour for %q", tone)
		}
	}
}

// Every word of the heat map's headers, and every level and grade, fits
// its column in the PDF without breaking inside the word.
func TestHeatMapFitsItsWords(t *testing.T) {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("noto", "B", assets.NotoSansBold)
	f.SetFont("noto", "B", tableFontSize)
	fits := func(word string, width float64) bool { return f.GetStringWidth(word) <= width-2*cellMargin }
	for _, id := range planner.FactorIDs {
		w := heatMapWidths[id]
		// The writer breaks lines between these tokens (tokens).
		for _, word := range append(tokens(id.Label()), planner.LevelMissing.Label(), planner.LevelStrong.Label()) {
			if !fits(word, w) {
				t.Errorf("%q does not fit the %s column (%.1f mm)", word, id.Label(), w)
			}
		}
	}
	for _, g := range planner.Grades {
		if !fits(g.Label(), heatMapGradeWidth) {
			t.Errorf("%q does not fit the grade column", g.Label())
		}
	}
	var widths float64
	for _, w := range heatMapWidths {
		widths += w
	}
	if room := contentW - widths - heatMapGradeWidth; room < 35 {
		t.Errorf("the red lines keep %.1f mm of the page", room)
	}
}

// A plan without red lines has a scorecard that says so, and no empty
// tables.
func TestSummaryScorecardWithoutRedLines(t *testing.T) {
	md := summaryMarkdown(t, Summary{Plan: &planner.Plan{Title: "Empty"}})
	sc := section(t, md, "## Deterrence scorecard")
	if !strings.Contains(sc, "The plan has no red lines to score.") || strings.Contains(sc, "heat map") {
		t.Errorf("the scorecard of an empty plan:\n%s", sc)
	}
}
