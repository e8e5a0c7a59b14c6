package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"redline/planner"
	"redline/planner/chart"
)

// chartTexts are the words a chart view draws, and the card they sit on.
func chartTexts(t *testing.T, v *chartView) ([]*canvas.Text, *canvas.Rectangle) {
	t.Helper()
	objs := test.TempWidgetRenderer(t, v).Objects()
	card := objs[0].(*canvas.Rectangle)
	var texts []*canvas.Text
	for _, o := range objs[1:] {
		if tx, ok := o.(*canvas.Text); ok {
			texts = append(texts, tx)
		}
	}
	return texts, card
}

func hasText(texts []*canvas.Text, s string) bool {
	return slices.ContainsFunc(texts, func(tx *canvas.Text) bool { return strings.Contains(tx.Text, s) })
}

// A chart on screen is the chart of the PDF: every legend word and bar
// label is drawn, inside its white card, at the minimum width and wider;
// a chart with nothing to draw says so in words.
func TestChartViewDrawsTheChartsWords(t *testing.T) {
	test.NewTempApp(t)
	p := referencePlan(t)
	c := chart.ForcesByNation(p, nil)
	for _, tc := range []struct {
		name  string
		width float32
	}{
		{"at its minimum width", 420},
		{"wider than that", 900},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := newChartView(c, 420)
			w := test.NewTempWindow(t, v)
			w.SetPadded(false)
			w.Resize(fyne.NewSize(tc.width, v.MinSize().Height+40))
			texts, card := chartTexts(t, v)
			for _, word := range []string{"Forces by nation", planner.StatusConfirmed.Label(), planner.StatusPledged.Label(), "Coalition"} {
				if !hasText(texts, word) {
					t.Errorf("no %q among the chart's words", word)
				}
			}
			left, right := card.Position().X, card.Position().X+card.Size().Width
			for _, tx := range texts {
				if tx.Position().X < left-0.5 || tx.Position().X+tx.Size().Width > right+0.5 {
					t.Errorf("%q runs from %.0f to %.0f, outside the card's %.0f to %.0f", tx.Text,
						tx.Position().X, tx.Position().X+tx.Size().Width, left, right)
				}
			}
		})
	}
	empty := newChartView(chart.ForcesByNation(&planner.Plan{}, nil), 420)
	test.NewTempWindow(t, empty)
	texts, _ := chartTexts(t, empty)
	if !hasText(texts, "No live contribution has personnel") {
		t.Errorf("an empty chart draws %d words, none saying it is empty", len(texts))
	}
}

// The Overview's and the Forces screen's charts follow an edit of a
// contribution at once when they are on screen, and when their tab is
// selected when they are not: an edit costs the charts nobody sees nothing.
func TestForceChartsFollowAnEdit(t *testing.T) {
	_, e, s := openForces(t)
	selectContribution(t, s, "c-gb-rrf")
	s.tabs.Select(s.chartsTab)
	nation := func(v *chartView) string {
		for _, row := range v.c.Data().Rows {
			if slices.Contains(row, "United Kingdom") {
				return strings.Join(row, "|")
			}
		}
		return ""
	}
	ukTotal := func() int {
		for _, n := range planner.TallyForces(e.model.Plan(), planner.AllForces).Nations {
			if n.Nation == "GB" {
				return n.Personnel
			}
		}
		return 0
	}
	before := nation(s.nationChart)
	s.personnel.SetText("4321")
	after := nation(s.nationChart)
	if want := planner.Thousands(ukTotal()); after == before || !strings.HasSuffix(after, "|"+want) {
		t.Errorf("the forces chart's row for the United Kingdom went from %q to %q, want a total of %s", before, after, want)
	}
	if got := nation(e.overview.forcesChart); got != after {
		t.Errorf("the Overview's chart says %q, the Forces screen's %q", got, after)
	}

	// Off screen, the chart waits for its tab.
	e.tabs.Select(e.redLinesTab)
	s.personnel.SetText("1234")
	if got := nation(e.overview.forcesChart); got != after || e.overview.forcesChart.pending == nil {
		t.Errorf("an Overview nobody sees redrew its chart: %q", got)
	}
	e.tabs.Select(e.overviewTab)
	if got, want := nation(e.overview.forcesChart), planner.Thousands(ukTotal()); !strings.HasSuffix(got, "|"+want) {
		t.Errorf("the Overview's chart shown again says %q, want a total of %s", got, want)
	}
}
