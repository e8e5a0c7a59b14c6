package app

import (
	"image/color"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// openMatrix opens the reference plan and shows a matrix screen over its
// model in a window of its own.
func openMatrix(t *testing.T) (*editor, *matrixScreen) {
	t.Helper()
	_, e, s := openScreen(t, newMatrixScreen, func(s *matrixScreen) fyne.CanvasObject { return s.content }, fyne.NewSize(1000, 700))
	return e, s
}

// matrixCell is the cell of the red line and response with those ids.
func matrixCell(t *testing.T, p *planner.Plan, redLine, response string) widget.TableCellID {
	t.Helper()
	row := slices.IndexFunc(p.RedLines, func(r planner.RedLine) bool { return r.ID == redLine })
	col := slices.IndexFunc(p.Responses, func(r planner.Response) bool { return r.ID == response })
	if row < 0 || col < 0 {
		t.Fatalf("no cell for %s × %s", redLine, response)
	}
	return widget.TableCellID{Row: row, Col: col}
}

// tapCell taps a cell as the table reports a tap on it.
func tapCell(s *matrixScreen, id widget.TableCellID) { s.table.Select(id) }

func TestMatrixShowsLinks(t *testing.T) {
	e, s := openMatrix(t)
	p := e.model.Plan()
	if rows, cols := s.table.Length(); rows != len(p.RedLines) || cols != len(p.Responses) {
		t.Fatalf("matrix is %d × %d, want %d × %d", rows, cols, len(p.RedLines), len(p.Responses))
	}
	for _, tc := range []struct {
		name              string
		redLine, response string
		want              string
	}{
		{"automatic link", "rl-ground-incursion", "resp-rrf", "Automatic"},
		{"consultation link", "rl-ground-incursion", "resp-long-range", "Consultation"},
		{"no link", "rl-nuclear", "resp-rrf", ""},
	} {
		id := matrixCell(t, p, tc.redLine, tc.response)
		if got := tableCellText(s.table, id); got != tc.want {
			t.Errorf("%s: cell %s × %s says %q, want %q", tc.name, tc.redLine, tc.response, got, tc.want)
		}
	}
	id := matrixCell(t, p, "rl-nuclear", "resp-rrf")
	if got := tableCellText(s.table, widget.TableCellID{Row: id.Row, Col: -1}); got != p.RedLines[id.Row].Title {
		t.Errorf("row header %q", got)
	}
	if got := tableCellText(s.table, widget.TableCellID{Row: -1, Col: id.Col}); got != p.Responses[id.Col].Title {
		t.Errorf("column header %q", got)
	}

	// The colour follows the response's mechanism, stronger when automatic.
	for _, tc := range []struct {
		redLine, response string
		mechanism         planner.Mechanism
		alpha             uint8
	}{
		{"rl-ground-incursion", "resp-rrf", planner.MechanismDenial, automaticAlpha},
		{"rl-ground-incursion", "resp-frozen-assets", planner.MechanismPunishment, consultationAlpha},
		{"rl-nuclear", "resp-nato-consult", planner.MechanismReassurance, automaticAlpha},
	} {
		o := s.table.CreateCell()
		s.table.UpdateCell(matrixCell(t, p, tc.redLine, tc.response), o)
		bg, _ := matrixCellParts(o)
		want := mechanismColours[tc.mechanism]
		want.A = tc.alpha
		if got := color.NRGBAModel.Convert(bg.FillColor); got != want {
			t.Errorf("%s × %s (%s) drawn in %v, want %v", tc.redLine, tc.response, tc.mechanism, got, want)
		}
	}
}

func TestMatrixTapCyclesCell(t *testing.T) {
	e, s := openMatrix(t)
	p := e.model.Plan()
	id := matrixCell(t, p, "rl-nuclear", "resp-rrf")
	n := len(p.Links)
	for i, want := range []string{"Automatic", "Consultation", ""} {
		held := e.model.Plan().Links
		heldCopy := slices.Clone(held)
		tapCell(s, id)
		if got := s.cellText(id); got != want {
			t.Fatalf("tap %d: cell says %q, want %q", i+1, got, want)
		}
		// A new link cites nothing yet, and the cell says so.
		drawn := want
		if want != "" {
			drawn += " · " + markNoSource
		}
		if got := tableCellText(s.table, id); got != drawn {
			t.Errorf("tap %d: drawn cell says %q, want %q", i+1, got, drawn)
		}
		// Copy-on-write: the list held before the tap is unchanged.
		if !reflect.DeepEqual(held, heldCopy) {
			t.Fatalf("tap %d wrote through the old links list", i+1)
		}
		if !e.model.Dirty() {
			t.Errorf("tap %d did not count as an edit", i+1)
		}
	}
	if len(e.model.Plan().Links) != n {
		t.Errorf("%d links after a full cycle, want %d", len(e.model.Plan().Links), n)
	}
}

func TestMatrixUnansweredRedLine(t *testing.T) {
	e, s := openMatrix(t)
	p := e.model.Plan()
	if modelHasFinding(e.model, "unanswered-red-line", "rl-nuclear") {
		t.Fatal("rl-nuclear is unanswered before the edit")
	}
	// rl-nuclear → resp-nato-consult is automatic (two taps to clear),
	// → resp-suspend-talks a consultation (one tap).
	consult := matrixCell(t, p, "rl-nuclear", "resp-nato-consult")
	talks := matrixCell(t, p, "rl-nuclear", "resp-suspend-talks")
	tapCell(s, consult)
	tapCell(s, consult)
	tapCell(s, talks)
	if slices.ContainsFunc(e.model.Plan().Links, func(l planner.Link) bool { return l.RedLine == "rl-nuclear" }) {
		t.Fatal("rl-nuclear still has links")
	}
	if !modelHasFinding(e.model, "unanswered-red-line", "rl-nuclear") {
		t.Fatal("no unanswered-red-line finding once rl-nuclear has no links")
	}
}

// TestMatrixLargePlanStaysVirtual builds the matrix of the benchmark plan:
// the table asks only for the cells it shows, and a tap and a refresh work.
func TestMatrixLargePlanStaysVirtual(t *testing.T) {
	f := newFixture(t)
	p := planner.Generate(planner.LargePlan)
	m := newPlanModel(f.ui, p, 0)
	s := newMatrixScreen(m)
	if rows, cols := s.table.Length(); rows != len(p.RedLines) || cols != len(p.Responses) || rows < 1000 || cols < 2000 {
		t.Fatalf("matrix is %d × %d, want %d × %d", rows, cols, len(p.RedLines), len(p.Responses))
	}
	// Building it makes at most the templates the table measures, one per
	// refresh (the header column's width, the filters, the first update).
	if s.cellsCreated > 4 {
		t.Fatalf("%d cells created before the matrix is shown", s.cellsCreated)
	}
	w := test.NewTempWindow(t, s.content)
	w.Resize(fyne.NewSize(1000, 700))
	shown := s.cellsCreated
	if shown == 0 || shown > 500 {
		t.Fatalf("showing the matrix created %d cells; want only the visible ones", shown)
	}

	l := p.Links[0]
	id := matrixCell(t, p, l.RedLine, l.Response)
	if got := s.cellText(id); got != l.Trigger.Label() {
		t.Fatalf("cell of the first link says %q, want %q", got, l.Trigger.Label())
	}
	held := m.Plan().Links
	tapCell(s, id)
	if got := s.cellText(id); got == string(l.Trigger) {
		t.Errorf("a tap left the cell at %q", got)
	}
	if !reflect.DeepEqual(held[0], l) {
		t.Error("the tap wrote through the old links list")
	}
	s.refresh()
	s.table.ScrollToBottom()
	s.table.ScrollToTrailing()
	if s.cellsCreated > 2*shown+50 {
		t.Errorf("scrolling to the far corner created %d cells, %d at first", s.cellsCreated, shown)
	}
}

// TestMatrixTapOnTheDrawnTable taps the first cell where the table draws it,
// twice in a row: the cell is a switch, so the second tap cycles it again.
func TestMatrixTapOnTheDrawnTable(t *testing.T) {
	e, s := openMatrix(t)
	id := widget.TableCellID{Row: 0, Col: 0}
	l := e.model.Plan().Links[s.links[[2]string{e.model.Plan().RedLines[0].ID, e.model.Plan().Responses[0].ID}]]
	if got := s.cellText(id); got != "Automatic" || l.Trigger != planner.TriggerAutomatic {
		t.Fatalf("first cell says %q; the test expects the reference plan's automatic link", got)
	}
	header, cell := s.table.CreateHeader().MinSize(), s.table.CreateCell().MinSize()
	pos := fyne.NewPos(header.Width+cell.Width/2, header.Height+cell.Height/2)
	test.TapAt(s.table, pos)
	if got := s.cellText(id); got != "Consultation" {
		t.Fatalf("after one tap the cell says %q, want consultation", got)
	}
	test.TapAt(s.table, pos)
	if got := s.cellText(id); got != "" {
		t.Fatalf("after two taps the cell says %q, want it empty", got)
	}
}

// The filters narrow the matrix to a mechanism, the graver red lines or the
// red lines and responses with a link of one trigger, and say how many are
// shown; a tap still reaches the cell it is on; opening a link that a
// filter hides clears the filters.
func TestMatrixFilters(t *testing.T) {
	e, s := openMatrix(t)
	p := e.model.Plan()
	count := func(pred func(i int) bool, n int) int {
		k := 0
		for i := range n {
			if pred(i) {
				k++
			}
		}
		return k
	}
	for _, tc := range []struct {
		name               string
		set                func()
		wantRows, wantCols int
	}{
		{"denial only", func() { s.mechanism.SetSelected(planner.MechanismDenial.Label()) }, len(p.RedLines),
			count(func(i int) bool { return p.Responses[i].Mechanism == planner.MechanismDenial }, len(p.Responses))},
		{"severity 4 or graver", func() { s.severity.SetSelected(severityFilterLabel(4)) },
			count(func(i int) bool { return p.RedLines[i].Severity >= 4 }, len(p.RedLines)), len(p.Responses)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.clearFilters()
			tc.set()
			if rows, cols := s.table.Length(); rows != tc.wantRows || cols != tc.wantCols || (rows == len(p.RedLines) && cols == len(p.Responses)) {
				t.Fatalf("%d × %d shown, want %d × %d", rows, cols, tc.wantRows, tc.wantCols)
			}
			if !strings.HasPrefix(s.summary.Text, "Showing ") {
				t.Errorf("summary %q does not say what is shown", s.summary.Text)
			}
			// Every shown header is one the filter keeps.
			for c := range tc.wantCols {
				title := tableCellText(s.table, widget.TableCellID{Row: -1, Col: c})
				if i := slices.IndexFunc(p.Responses, func(r planner.Response) bool { return r.Title == title }); i < 0 {
					t.Errorf("column %d is titled %q, no response", c, title)
				}
			}
		})
	}

	// With automatic links only: every row and column shown has one.
	s.clearFilters()
	s.trigger.SetSelected(triggerFilterLabel(planner.TriggerAutomatic))
	rows, cols := s.table.Length()
	if rows == 0 || cols == 0 || cols == len(p.Responses) {
		t.Fatalf("%d × %d shown with automatic links", rows, cols)
	}
	for c := range cols {
		found := false
		for r := range rows {
			if s.cellText(widget.TableCellID{Row: r, Col: c}) == planner.TriggerAutomatic.Label() {
				found = true
			}
		}
		if !found {
			t.Errorf("column %q has no automatic link", tableCellText(s.table, widget.TableCellID{Row: -1, Col: c}))
		}
	}

	// A tap on a filtered matrix cycles the cell it is on.
	s.clearFilters()
	s.mechanism.SetSelected(planner.MechanismPunishment.Label())
	row := slices.IndexFunc(p.RedLines, func(r planner.RedLine) bool { return r.ID == "rl-nuclear" })
	col := slices.IndexFunc(s.cols, func(c int) bool { return p.Responses[c].ID == "resp-frozen-assets" })
	if col < 0 {
		t.Fatal("resp-frozen-assets is not a punishment")
	}
	before := len(e.model.Plan().Links)
	tapCell(s, widget.TableCellID{Row: row, Col: col})
	last := e.model.Plan().Links[len(e.model.Plan().Links)-1]
	if len(e.model.Plan().Links) != before+1 || last.RedLine != "rl-nuclear" || last.Response != "resp-frozen-assets" {
		t.Errorf("the tap linked %s to %s", last.RedLine, last.Response)
	}

	// Opening a link the filter hides shows everything again.
	s.openLink("rl-ground-incursion", "resp-rrf")
	if rows, cols := s.table.Length(); rows != len(p.RedLines) || cols != len(p.Responses) || s.mechanism.Selected != allMechanisms {
		t.Errorf("after opening a hidden link %d × %d are shown, mechanism %q", rows, cols, s.mechanism.Selected)
	}
}

// Headers count the links of their row or column, and pointing at a title
// or a cell reads it in full on the hover line.
func TestMatrixCountsAndHover(t *testing.T) {
	e, s := openMatrix(t)
	p := e.model.Plan()
	id := matrixCell(t, p, "rl-ground-incursion", "resp-rrf")
	answers, answered := 0, 0
	for _, l := range p.Links {
		if l.RedLine == "rl-ground-incursion" {
			answers++
		}
		if l.Response == "resp-rrf" {
			answered++
		}
	}
	header := func(id widget.TableCellID) *gridCell {
		o := s.table.CreateHeader()
		s.table.UpdateHeader(id, o)
		return o.(*gridCell)
	}
	if got := header(widget.TableCellID{Row: id.Row, Col: -1}).count.Text; got != strconv.Itoa(answers) {
		t.Errorf("the red line's header counts %s, want %d", got, answers)
	}
	if got := header(widget.TableCellID{Row: -1, Col: id.Col}).count.Text; got != strconv.Itoa(answered) {
		t.Errorf("the response's header counts %s, want %d", got, answered)
	}
	rowHeader := header(widget.TableCellID{Row: id.Row, Col: -1})
	rowHeader.MouseIn(nil)
	if want := "Red line “" + p.RedLines[id.Row].Title + "”"; !strings.HasPrefix(s.hover.Text, want) ||
		!strings.Contains(s.hover.Text, plural(answers, "response", "responses")) {
		t.Errorf("hovering the red line reads %q", s.hover.Text)
	}
	cell := s.table.CreateCell()
	s.table.UpdateCell(id, cell)
	cell.(*gridCell).MouseIn(nil)
	if !strings.Contains(s.hover.Text, p.Responses[id.Col].Title) || !strings.Contains(s.hover.Text, "automatic") {
		t.Errorf("hovering the cell reads %q", s.hover.Text)
	}
	cell.(*gridCell).MouseOut()
	if s.hover.Text != hoverHint {
		t.Errorf("after the pointer left: %q", s.hover.Text)
	}
}

// Fit to window narrows the columns so that they fit, down to a letter's
// width, and narrow cells show the trigger's letter the legend explains.
func TestMatrixFitToWindow(t *testing.T) {
	e, s := openMatrix(t)
	p := e.model.Plan()
	s.fit.SetChecked(true)
	if s.cellWidth >= matrixCellWidth || s.cellWidth < minFitWidth {
		t.Fatalf("fitted columns are %.0f wide", s.cellWidth)
	}
	if total := matrixHeaderWidth + float32(len(p.Responses))*(s.cellWidth+theme.Padding()); total > s.table.Size().Width+1 {
		t.Errorf("fitted columns take %.0f of %.0f", total, s.table.Size().Width)
	}
	id := matrixCell(t, p, "rl-ground-incursion", "resp-rrf")
	if got := tableCellText(s.table, id); got != "A" {
		t.Errorf("a narrow automatic cell says %q", got)
	}
	s.fit.SetChecked(false)
	if s.cellWidth != matrixCellWidth || tableCellText(s.table, id) == "A" {
		t.Errorf("unfitted: %.0f wide, the cell says %q", s.cellWidth, tableCellText(s.table, id))
	}
}
