package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/seeds"
)

// openDeterrence opens the reference plan on the Deterrence tab.
func openDeterrence(t *testing.T) (*fixture, *editor, *deterrenceScreen) {
	t.Helper()
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	e.tabs.Select(e.deterrenceTab)
	return f, e, e.deterrence
}

// heatRow is the row of the red line titled title.
func heatRow(t *testing.T, s *deterrenceScreen, title string) int {
	t.Helper()
	for row := range s.rows() {
		if s.headerText(widget.TableCellID{Row: row, Col: -1}) == title {
			return row
		}
	}
	t.Fatalf("the heat map has no row %q", title)
	return -1
}

// factorColumn is the heat map's column of a factor.
func factorColumn(id planner.FactorID) int { return 1 + slices.Index(planner.FactorIDs, id) }

// heatCell draws a cell as the table would and returns its words, on one
// line, and the cell.
func heatCell(s *deterrenceScreen, id widget.TableCellID) (string, fyne.CanvasObject) {
	o := s.table.CreateCell()
	s.table.UpdateCell(id, o)
	_, _, l := heatCellParts(o)
	return strings.ReplaceAll(l.Text, "\n", " "), o
}

// entryButton is the button of the selected cell that opens the entry it
// names ("Response: …").
func entryButton(s *deterrenceScreen, label string) *widget.Button {
	for _, o := range s.entries.Objects {
		if row, ok := o.(*fyne.Container); ok {
			for _, x := range row.Objects {
				if b, ok := x.(*widget.Button); ok && b.Text == label {
					return b
				}
			}
		}
	}
	return nil
}

const nuclear = "Nuclear threats or posture changes"

// The reference plan's nuclear red line is answered by consultation and
// punishment alone: it reads "Hollow" in the colour of missing, and its
// denial reads "Missing" — a word in every cell.
func TestHollowRedLineReadsHollow(t *testing.T) {
	_, _, s := openDeterrence(t)
	row := heatRow(t, s, nuclear)
	text, o := heatCell(s, widget.TableCellID{Row: row, Col: gradeColumn})
	bg, _, _ := heatCellParts(o)
	if text != "Hollow" || bg.FillColor != levelColours[planner.LevelMissing] {
		t.Errorf("the nuclear red line's grade reads %q in %v, want Hollow in the colour of missing", text, bg.FillColor)
	}
	if text, _ := heatCell(s, widget.TableCellID{Row: row, Col: factorColumn(planner.FactorDenial)}); text != "Missing" {
		t.Errorf("its denial reads %q, want Missing", text)
	}
	for col := range 1 + len(planner.FactorIDs) {
		if text, _ := heatCell(s, widget.TableCellID{Row: row, Col: col}); text == "" {
			t.Errorf("column %d says nothing: colour would stand alone", col)
		}
	}
	if !strings.HasPrefix(s.summary.Text, "10 red lines: 2 credible, 7 fragile, 1 hollow") {
		t.Errorf("summary %q", s.summary.Text)
	}
}

// Ticking "The US holds back" marks the cells it changes in words and in
// italics: the build-up on the borders loses its US-backed denial and turns
// hollow; the drones over NATO airspace need no US and stay as they are.
// Unticking puts the plan as drafted back.
func TestUSHoldsBackMarksChangedCells(t *testing.T) {
	_, _, s := openDeterrence(t)
	us := s.checks[slices.IndexFunc(planner.StressTests, func(t planner.StressTest) bool { return t.Name == "us-holds-back" })]
	if us.Text != "The US holds back" {
		t.Fatalf("the check box reads %q", us.Text)
	}
	test.Tap(us)
	buildUp := heatRow(t, s, "Force build-up on Ukraine's borders, including Belarus")
	for _, c := range []struct {
		col  int
		want string
	}{
		{gradeColumn, "Fragile → Hollow"},
		{factorColumn(planner.FactorDenial), "Strong → Missing"},
		{factorColumn(planner.FactorSpeed), "Strong → Missing"},
		{factorColumn(planner.FactorVetoPoints), "Strong"},
	} {
		text, o := heatCell(s, widget.TableCellID{Row: buildUp, Col: c.col})
		_, _, l := heatCellParts(o)
		if text != c.want || l.TextStyle.Italic != strings.Contains(c.want, "→") {
			t.Errorf("column %d reads %q (italic %v), want %q", c.col, text, l.TextStyle.Italic, c.want)
		}
	}
	drones := heatRow(t, s, "Drones or missiles entering NATO airspace")
	if text, _ := heatCell(s, widget.TableCellID{Row: drones, Col: gradeColumn}); text != "Credible" {
		t.Errorf("the drones red line reads %q under the test, want Credible", text)
	}
	if !strings.Contains(s.summary.Text, "under “The US holds back”: 2 credible, 4 fragile, 4 hollow — 3 change grade") {
		t.Errorf("summary %q", s.summary.Text)
	}
	if !s.about.Visible() || !strings.Contains(s.about.Text, "No US enablers") {
		t.Errorf("the test's assumption is not said: %q", s.about.Text)
	}

	test.Tap(us)
	if text, _ := heatCell(s, widget.TableCellID{Row: buildUp, Col: gradeColumn}); text != "Fragile" || s.about.Visible() {
		t.Errorf("unticked, the build-up reads %q", text)
	}
}

// Ticked together, the tests combine into one excursion.
func TestStressTestsCombine(t *testing.T) {
	_, _, s := openDeterrence(t)
	s.checks[0].SetChecked(true) // the US holds back
	s.checks[1].SetChecked(true) // the war resumes
	tests := s.stressTests()
	if len(tests) != 1 || !tests[0].NoUS || !tests[0].War || tests[0].Title != "The US holds back; the war resumes" {
		t.Fatalf("combined test %+v", tests)
	}
	if !strings.Contains(s.summary.Text, "under “The US holds back; the war resumes”") {
		t.Errorf("summary %q", s.summary.Text)
	}
}

// Selecting a cell explains it: the factor's message, its documents as
// citations, and the entries behind it; the response's button opens it in
// the Responses tab.
func TestSelectingACellExplainsItAndOpensTheResponse(t *testing.T) {
	f, e, s := openDeterrence(t)
	ref := referencePlan(t)
	sc := planner.Score(ref, f.ui.cat, seeds.DefaultProfile())
	row := heatRow(t, s, nuclear)
	s.table.Select(widget.TableCellID{Row: row, Col: factorColumn(planner.FactorBacking)})

	backing := sc.RedLines[row].Factor(planner.FactorBacking)
	if s.detailTitle.Text != "Backing · "+nuclear || s.detailLevel.Text != "Missing" || s.detailMessage.Text != backing.Message {
		t.Errorf("the detail reads %q / %q / %q, want the factor's message %q", s.detailTitle.Text, s.detailLevel.Text,
			s.detailMessage.Text, backing.Message)
	}
	for _, id := range backing.Sources {
		if c, _ := seeds.PlanCitation(ref, id); !strings.Contains(s.detailSources.Text, c) {
			t.Errorf("the sources lack the citation %q:\n%s", c, s.detailSources.Text)
		}
	}
	if strings.Contains(s.detailSources.Text, ".txt") {
		t.Errorf("a file name shows: %q", s.detailSources.Text)
	}
	if entryButton(s, "Red line: "+nuclear) == nil {
		t.Error("no button opens the red line")
	}
	const consult = "Allied consultations and joint deterrence statement"
	b := entryButton(s, "Response: "+consult)
	if b == nil {
		t.Fatalf("no button opens %q", consult)
	}
	test.Tap(b)
	r, ok := e.responses.current()
	if e.tabs.Selected() != e.responsesTab || !ok || r.Title != consult {
		t.Errorf("the button shows tab %q with %v selected", e.tabs.Selected().Text, r)
	}

	// The grade column explains the grade.
	s.table.Select(widget.TableCellID{Row: row, Col: gradeColumn})
	if s.detailMessage.Text != sc.RedLines[row].Why || s.detailSources.Visible() {
		t.Errorf("the grade's detail %q, want %q", s.detailMessage.Text, sc.RedLines[row].Why)
	}
}

// Under a test, a changed cell says what the test does and what the plan
// as drafted gave.
func TestChangedCellExplainsBothStates(t *testing.T) {
	_, _, s := openDeterrence(t)
	test.Tap(s.checks[0]) // the US holds back
	row := heatRow(t, s, "Force build-up on Ukraine's borders, including Belarus")
	s.table.Select(widget.TableCellID{Row: row, Col: factorColumn(planner.FactorDenial)})
	if s.detailLevel.Text != "Strong → Missing under “The US holds back”" ||
		!strings.HasPrefix(s.detailMessage.Text, "Under the test: ") || !strings.Contains(s.detailMessage.Text, "\n\nAs drafted: ") {
		t.Errorf("the changed cell's detail: %q\n%s", s.detailLevel.Text, s.detailMessage.Text)
	}
	if !strings.Contains(entriesText(s), "Cannot happen here:") {
		t.Errorf("the entries do not say which answers the test stops:\n%s", entriesText(s))
	}
}

func entriesText(s *deterrenceScreen) string {
	var b strings.Builder
	for _, o := range s.entries.Objects {
		if row, ok := o.(*fyne.Container); ok {
			for _, x := range row.Objects {
				switch w := x.(type) {
				case *widget.Button:
					b.WriteString(w.Text + " ")
				case *widget.Label:
					b.WriteString(w.Text + " ")
				}
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// Linking a firm denial answer to the hollow red line makes it credible
// once editing pauses, not before; the selected cell follows.
func TestLinkingAFirmAnswerUpdatesTheGradeAfterThePause(t *testing.T) {
	f, e, s := openDeterrence(t)
	var due []func()
	f.ui.afterFunc = func(_ time.Duration, fn func()) func() { due = append(due, fn); return func() {} }
	f.ui.CheckDelay = 150 * time.Millisecond
	row := heatRow(t, s, nuclear)
	s.table.Select(widget.TableCellID{Row: row, Col: gradeColumn})

	p := e.model.Plan()
	engage := p.Responses[slices.IndexFunc(p.Responses, func(r planner.Response) bool {
		return r.Title == "Engage intruding drones and missiles over allied territory"
	})]
	e.model.SetLink(p.RedLines[row].ID, engage.ID, planner.TriggerAutomatic)
	if text, _ := heatCell(s, widget.TableCellID{Row: row, Col: gradeColumn}); text != "Hollow" || len(due) != 1 {
		t.Fatalf("before the pause the grade reads %q, %d pauses pending", text, len(due))
	}
	due[0]()
	if text, _ := heatCell(s, widget.TableCellID{Row: row, Col: gradeColumn}); text != "Credible" {
		t.Errorf("after the pause the grade reads %q, want Credible", text)
	}
	if s.detailLevel.Text != "Credible" || !strings.Contains(s.detailMessage.Text, "is a firm answer") {
		t.Errorf("the selected grade's detail did not follow: %q / %q", s.detailLevel.Text, s.detailMessage.Text)
	}

	// A pause that ends after a newer edit has nothing to do.
	e.model.SetLink(p.RedLines[row].ID, engage.ID, "")
	e.model.SetLink(p.RedLines[row].ID, engage.ID, planner.TriggerAutomatic)
	before := s.sc
	due[1]()
	if s.sc != before {
		t.Error("a stale pause scored the plan")
	}
}

// The Overview shows the scorecard's plan-wide lines, and follows edits.
func TestOverviewShowsPlanWideLines(t *testing.T) {
	f, e, _ := openDeterrence(t)
	ref := referencePlan(t)
	sc := planner.Score(ref, f.ui.cat, seeds.DefaultProfile())
	var shown []string
	for _, item := range e.overview.deterrence.Items {
		shown = append(shown, item.Widget.(*widget.Label).Text)
	}
	if e.overview.deterrence.Items[0].Text != "Grades" {
		t.Errorf("the first line is called %q", e.overview.deterrence.Items[0].Text)
	}
	if len(shown) != len(sc.PlanWide.Lines) {
		t.Fatalf("the Overview shows %d lines, the scorecard has %d: %q", len(shown), len(sc.PlanWide.Lines), shown)
	}
	for i, l := range sc.PlanWide.Lines {
		if !strings.HasPrefix(shown[i], l.Message) {
			t.Errorf("line %d reads %q, want %q", i, shown[i], l.Message)
		}
	}
	if !strings.HasPrefix(shown[0], "Of 10 red lines, 2 are credible, 7 fragile and 1 hollow.") {
		t.Errorf("grades line %q", shown[0])
	}
	e.deterrence.checks[0].SetChecked(true) // a stress test changes the heat map, not the plan
	if got := e.overview.deterrence.Items[0].Widget.(*widget.Label).Text; got != shown[0] {
		t.Errorf("a stress test changed the Overview: %q", got)
	}
	p := e.model.Plan()
	e.model.SetLink(p.RedLines[9].ID, p.Responses[slices.IndexFunc(p.Responses, func(r planner.Response) bool {
		return r.Title == "Engage intruding drones and missiles over allied territory"
	})].ID, planner.TriggerAutomatic)
	if got := e.overview.deterrence.Items[0].Widget.(*widget.Label).Text; !strings.HasPrefix(got, "Of 10 red lines, 3 are credible, 7 fragile and 0 hollow.") {
		t.Errorf("after linking a firm answer: %q", got)
	}
}

// A large plan is scored in the background, on a snapshot, and a result
// that a newer one overtook is dropped; the heat map stays virtual.
func TestLargePlanScoresInTheBackground(t *testing.T) {
	f := newFixture(t)
	var jobs []func()
	f.ui.background = func(fn func()) { jobs = append(jobs, fn) }
	f.ui.showEditor(planner.Generate(planner.LargePlan), 1)
	e := f.ui.editor
	s := e.deterrence
	if s.sc != nil || !s.status.Visible() {
		t.Fatal("the large plan was scored on the UI goroutine")
	}
	if len(jobs) != 1 {
		t.Fatalf("opening the plan left %d jobs in the background, want the scorecard alone", len(jobs))
	}
	opened := jobs[0]
	e.model.SetPlan(func(p *planner.Plan) { p.Title += " (edited)" })
	if len(jobs) < 3 {
		t.Fatal("an edit did not score the plan again")
	}
	// The scorecard of the plan as opened ends after the edit: stale.
	opened()
	if s.sc != nil {
		t.Fatal("a scorecard that a newer one overtook was shown")
	}
	for _, job := range jobs[1:] {
		job()
	}
	if s.sc == nil || len(s.sc.RedLines) != 1000 || s.status.Visible() {
		t.Fatalf("the newest scorecard was not shown")
	}

	e.tabs.Select(e.deterrenceTab)
	f.win.Resize(fyne.NewSize(1400, 900))
	f.win.Canvas().Capture()
	if s.cellsCreated == 0 || s.cellsCreated > 400 {
		t.Errorf("the heat map of 1,000 red lines made %d cells", s.cellsCreated)
	}
}

// The heat map's last red lines, as drafted and with the US holding back:
// the hollow nuclear red line, and a denial the test takes away.
func TestHeatMapMarkup(t *testing.T) {
	_, e, _ := openDeterrence(t)
	// A screen of its own on the plan, cut to its table.
	s := newDeterrenceScreen(e.model, e.openEntry)
	w := test.NewTempWindow(t, s.table)
	w.Resize(fyne.NewSize(1200, 330))
	s.table.ScrollToBottom()
	test.AssertRendersToMarkup(t, "deterrence.xml", w.Canvas())
	test.Tap(s.checks[0]) // the US holds back
	test.AssertRendersToMarkup(t, "deterrence_us_holds_back.xml", w.Canvas())
}
