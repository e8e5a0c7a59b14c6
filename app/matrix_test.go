package app

import (
	"image/color"
	"reflect"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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
	// Building it makes at most the templates the table measures.
	if s.cellsCreated > 2 {
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
