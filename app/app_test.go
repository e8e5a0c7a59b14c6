package app

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
	"redline/seeds"
	"redline/storage"
)

// fakeAsker records the dialogs the app opens and answers them as the test
// says.
type fakeAsker struct {
	errors  []error
	confirm bool // the answer to Confirm
	// confirmed are the titles of the questions Confirm was asked.
	confirmed []string
	conflicts int
	// onConflict answers a conflict; nil leaves it unanswered.
	onConflict func(keepMine, takeTheirs func())
	unsaved    int
	// onUnsaved answers the unsaved-changes question; nil is Cancel.
	onUnsaved func(save, discard func())
}

func (f *fakeAsker) Error(err error) { f.errors = append(f.errors, err) }

func (f *fakeAsker) Confirm(title, _ string, yes func()) {
	f.confirmed = append(f.confirmed, title)
	if f.confirm {
		yes()
	}
}

func (f *fakeAsker) Conflict(_ error, keepMine, takeTheirs func()) {
	f.conflicts++
	if f.onConflict != nil {
		f.onConflict(keepMine, takeTheirs)
	}
}

func (f *fakeAsker) Unsaved(_, _ string, save, discard func()) {
	f.unsaved++
	if f.onUnsaved != nil {
		f.onUnsaved(save, discard)
	}
}

// fixture is the app in a test window over a fresh store.
type fixture struct {
	t     *testing.T
	store *storage.Store
	// path is the store's file, for a second store on it (a teammate).
	path string
	win  fyne.Window
	ui   *UI
	ask  *fakeAsker
}

// newFixture opens a store in a temporary folder, saves the given plans and
// shows the app on fyne's test driver. Checks and saves run synchronously.
func newFixture(t *testing.T, plans ...*planner.Plan) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "redline.db")
	st, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, p := range plans {
		if _, err := st.SavePlan(context.Background(), p, 0, ""); err != nil {
			t.Fatal(err)
		}
	}
	w := test.NewTempWindow(t, nil)
	u := New(a, w, st)
	ask := &fakeAsker{}
	u.ask, u.CheckDelay, u.background = ask, 0, func(f func()) { f() }
	u.AutosaveDelay = 0 // tests trigger autosave themselves
	// Fyne's test driver runs fyne.Do on the calling goroutine, so a real
	// timer (a progress dialog's delay, the scorecard's pause, a run's save)
	// would touch the UI from its own goroutine: timers never fire in tests
	// unless a test sets afterFunc itself and fires them by hand.
	u.afterFunc = func(time.Duration, func()) func() { return func() {} }
	w.SetContent(u.Content())
	w.Resize(fyne.NewSize(900, 600))
	t.Cleanup(func() {
		for _, err := range ask.errors {
			t.Errorf("error dialog: %v", err)
		}
		// An editor left open keeps its timers (the scorecard's pause, a
		// run's save): closed here, none fires into the next test.
		if u.editor != nil {
			u.editor.close()
		}
	})
	return &fixture{t: t, store: st, path: path, win: w, ui: u, ask: ask}
}

func referencePlan(t *testing.T) *planner.Plan {
	t.Helper()
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// open selects the plan titled title in the library and presses Open.
func (f *fixture) open(title string) *editor {
	f.t.Helper()
	l := f.ui.library
	i := slices.IndexFunc(l.shown, func(p storage.PlanSummary) bool { return p.Title == title })
	if i < 0 {
		f.t.Fatalf("library does not list %q", title)
	}
	l.list.Select(i)
	test.Tap(l.open)
	if f.ui.editor == nil {
		f.t.Fatal("Open did not show the editor")
	}
	return f.ui.editor
}

// hasFinding reports whether the findings list shows rule about subject.
func hasFinding(e *editor, rule, subject string) bool {
	l := e.findings.list
	for i := range l.Length() {
		item := l.CreateItem()
		l.UpdateItem(i, item)
		row := item.(*findingRow)
		if row.rule.Text == rule && row.subject.Text == subject {
			return true
		}
	}
	return false
}

func TestLibraryListsSavedPlan(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	l := f.ui.library
	if l.list.Length() != 1 {
		t.Fatalf("library lists %d plans, want 1", l.list.Length())
	}
	row := l.list.CreateItem().(*planRow)
	l.list.UpdateItem(0, row)
	if row.title.Text != ref.Title {
		t.Errorf("row title %q, want %q", row.title.Text, ref.Title)
	}
	if !strings.HasPrefix(row.meta.Text, ref.Phase.Label()+" · "+ref.Classification+" · saved by "+storage.DefaultAuthor()+", ") {
		t.Errorf("row meta %q lacks phase, classification and who saved it", row.meta.Text)
	}
	// Who saved it and when, as a teammate sees it (fixed, for the golden).
	l.all[0].SavedBy, l.all[0].UpdatedAt = "Olena", time.Date(2026, 11, 23, 10, 42, 0, 0, time.Local)
	l.apply()
	l.list.UpdateItem(0, row)
	if want := "saved by Olena, 23 Nov 10:42"; !strings.HasSuffix(row.meta.Text, want) {
		t.Errorf("row meta %q, want it to end %q", row.meta.Text, want)
	}
	test.AssertRendersToMarkup(t, "library.xml", f.win.Canvas())
}

func TestLibrarySearchSortDuplicateDeleteUndo(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	l := f.ui.library
	l.list.Select(0)
	test.Tap(l.duplicate)
	if got := l.list.Length(); got != 2 {
		t.Fatalf("after Duplicate the library lists %d plans, want 2", got)
	}

	test.Type(l.search, "(copy)")
	if len(l.shown) != 1 || l.shown[0].Title != ref.Title+" (copy)" {
		t.Fatalf("search for (copy) shows %v", titles(l.shown))
	}
	if l.selected != l.shown[0].ID {
		t.Errorf("the duplicate is not selected after the search")
	}
	l.search.SetText("")
	if l.selected == "" {
		t.Errorf("clearing the search lost the selection")
	}

	l.sortBy.SetSelected(sortTitle)
	if got := titles(l.shown); got[0] != ref.Title {
		t.Errorf("sorted by title: %v", got)
	}

	l.list.Select(1) // the copy
	test.Tap(l.remove)
	if got := titles(l.shown); len(got) != 1 || got[0] != ref.Title {
		t.Fatalf("after Delete the library shows %v", got)
	}
	if !l.undoBar.Visible() {
		t.Fatal("no undo bar after Delete")
	}
	trash, _ := f.store.ListPlans(context.Background(), storage.ListOptions{Trash: true})
	if len(trash) != 1 {
		t.Fatalf("trash holds %d plans, want 1", len(trash))
	}
	test.Tap(findButton(t, l.undoBar, "Undo"))
	if got := l.list.Length(); got != 2 {
		t.Fatalf("after Undo the library lists %d plans, want 2", got)
	}
}

func TestLibraryEnterOpensFocusedPlan(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.win.Canvas().Focus(f.ui.library.list)
	f.ui.library.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.ui.editor == nil || f.ui.editor.model.Plan().ID != ref.ID {
		t.Fatal("Enter on the plan list did not open the plan")
	}
}

func titles(ps []storage.PlanSummary) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Title
	}
	return out
}

// findButton finds the button labelled text under o.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
				found = x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

func TestOpenShowsEditor(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	if got := e.overview.title.Text; got != ref.Title {
		t.Errorf("overview title %q, want %q", got, ref.Title)
	}
	if got := e.redLines.list.Length(); got != len(ref.RedLines) {
		t.Errorf("red lines tab lists %d, want %d", got, len(ref.RedLines))
	}
	c := planner.Count(planner.Check(ref, seeds.Catalog(), seeds.DefaultProfile()))
	want := findingsTabLabel(c)
	if e.findingsTab.Text != want {
		t.Errorf("findings tab %q, want %q", e.findingsTab.Text, want)
	}
	if title := f.win.Title(); !strings.HasPrefix(title, ref.Title) || strings.Contains(title, "•") {
		t.Errorf("window title %q: want the plan title and no unsaved marker", title)
	}
}

func TestTitleValidation(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	e.overview.title.SetText("")
	if !e.overview.titleErr.Visible() {
		t.Error("an empty title shows no error")
	}
	if e.model.Plan().Title != ref.Title || e.model.Dirty() {
		t.Errorf("an empty title reached the model: %q, dirty %v", e.model.Plan().Title, e.model.Dirty())
	}
	test.Type(e.overview.title, "Renamed")
	if e.overview.titleErr.Visible() || e.model.Plan().Title != "Renamed" {
		t.Errorf("title %q, error shown %v", e.model.Plan().Title, e.overview.titleErr.Visible())
	}
	if title := f.win.Title(); !strings.HasPrefix(title, "Renamed •") {
		t.Errorf("window title %q, want the new title and the unsaved marker", title)
	}
}

// TestRedLineThroughTheForm walks the story: add a red line, see the
// checker call it vague, refuse a threshold that is not a number, give it an
// indicator and a threshold, save, and find it again in the store.
func TestRedLineThroughTheForm(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	rl := e.redLines

	test.Tap(rl.add)
	id := rl.id.Text
	if n := len(e.model.Plan().RedLines); n != len(ref.RedLines)+1 || e.model.Plan().RedLines[n-1].ID != id {
		t.Fatalf("Add did not append red line %q", id)
	}
	rl.title.SetText("")
	if !rl.titleErr.Visible() || e.model.Plan().RedLines[rl.selected].Title != "New red line" {
		t.Error("an empty red line title shows no error or reached the model")
	}
	test.Type(rl.title, "Drones over the Dnipro")
	if got := e.model.Plan().RedLines[rl.selected].Title; got != "Drones over the Dnipro" || rl.titleErr.Visible() {
		t.Errorf("title in the model %q", got)
	}
	if !hasFinding(e, "vague-threshold", id) {
		t.Fatal("no vague-threshold finding for the new red line")
	}

	test.Type(rl.value, "abc")
	if !rl.valueErr.Visible() || !strings.Contains(rl.valueErr.Text, "not a number") {
		t.Errorf("threshold \"abc\" shows error %q (visible %v)", rl.valueErr.Text, rl.valueErr.Visible())
	}
	if th := e.model.Plan().RedLines[rl.selected].Threshold; th != nil {
		t.Errorf("threshold \"abc\" reached the model: %+v", *th)
	}

	rl.value.SetText("")
	ind := seeds.Catalog().Indicators[0]
	rl.indicator.SetSelected(ind.Name + " (" + ind.Unit + ")")
	rl.op.SetSelected(">")
	test.Type(rl.value, "10")
	if rl.valueErr.Visible() {
		t.Errorf("threshold 10 shows error %q", rl.valueErr.Text)
	}
	got := e.model.Plan().RedLines[rl.selected]
	if got.Indicator != ind.Key || got.Threshold == nil || *got.Threshold != (planner.Threshold{Op: planner.OpGT, Value: 10}) {
		t.Fatalf("red line in the model: indicator %q threshold %+v", got.Indicator, got.Threshold)
	}
	if hasFinding(e, "vague-threshold", id) {
		t.Fatal("vague-threshold finding stays after indicator and threshold are set")
	}

	// Ctrl+S, as the canvas receives it when no field has the focus.
	f.win.Canvas().(fyne.Shortcutable).TypedShortcut(saveShortcut)
	if e.model.Dirty() || e.model.Base() != 2 {
		t.Fatalf("after save: dirty %v, base %d; want clean at revision 2", e.model.Dirty(), e.model.Base())
	}
	if strings.Contains(f.win.Title(), "•") {
		t.Errorf("window title %q keeps the unsaved marker after save", f.win.Title())
	}

	stored, rev, err := f.store.LoadPlan(context.Background(), ref.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(stored.RedLines, func(r planner.RedLine) bool { return r.ID == id })
	if rev != 2 || i < 0 || stored.RedLines[i].Title != "Drones over the Dnipro" || stored.RedLines[i].Threshold == nil {
		t.Fatalf("store holds revision %d with red line %q at %d", rev, id, i)
	}

	// Back to the library and in again: the edit is there.
	test.Tap(findButton(t, e.content, "Plans"))
	e = f.open(ref.Title)
	if e.model.redLineIndex(id) < 0 {
		t.Errorf("reopened plan lacks red line %q", id)
	}
}

func TestFindingOpensRedLine(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	test.Tap(e.redLines.add)
	id := e.redLines.id.Text
	e.redLines.list.UnselectAll()
	e.tabs.Select(e.findingsTab)

	i := slices.IndexFunc(e.model.Findings(), func(x planner.Finding) bool { return x.Rule == "vague-threshold" && x.Subject == id })
	if i < 0 {
		t.Fatal("no vague-threshold finding")
	}
	e.findings.list.Select(i)
	if e.tabs.Selected() != e.redLinesTab {
		t.Fatal("selecting a red line's finding did not switch to the red lines tab")
	}
	if e.redLines.selected < 0 || e.model.Plan().RedLines[e.redLines.selected].ID != id {
		t.Fatalf("red lines tab selects %d, want %q", e.redLines.selected, id)
	}
	if !strings.Contains(e.redLines.findings.Text, "vague-threshold") {
		t.Errorf("red line form does not show its findings: %q", e.redLines.findings.Text)
	}
}

func TestSaveConflict(t *testing.T) {
	for _, tc := range []struct {
		name      string
		keepMine  bool
		wantTitle string
		wantRev   int64
	}{
		{"keep mine saves on top of the other save", true, "Mine", 3},
		{"take theirs reloads the other save", false, "Theirs", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := referencePlan(t)
			f := newFixture(t, ref)
			e := f.open(ref.Title)

			// Another window saves first.
			theirs := referencePlan(t)
			theirs.ID, theirs.Title = ref.ID, "Theirs"
			if _, err := f.store.SavePlan(context.Background(), theirs, 1, ""); err != nil {
				t.Fatal(err)
			}

			e.overview.title.SetText("Mine")
			f.ask.onConflict = func(keepMine, takeTheirs func()) {
				if tc.keepMine {
					keepMine()
				} else {
					takeTheirs()
				}
			}
			test.Tap(e.save)
			if f.ask.conflicts != 1 {
				t.Fatalf("%d conflict dialogs, want 1", f.ask.conflicts)
			}
			stored, rev, err := f.store.LoadPlan(context.Background(), ref.ID)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Title != tc.wantTitle || rev != tc.wantRev {
				t.Errorf("store holds %q at revision %d, want %q at %d", stored.Title, rev, tc.wantTitle, tc.wantRev)
			}
			e = f.ui.editor
			if e.model.Plan().Title != tc.wantTitle || e.model.Dirty() || e.model.Base() != tc.wantRev {
				t.Errorf("editor shows %q at base %d, dirty %v", e.model.Plan().Title, e.model.Base(), e.model.Dirty())
			}
		})
	}
}

func TestFailedSaveKeepsEdits(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	theirs := referencePlan(t)
	theirs.ID = ref.ID
	if _, err := f.store.SavePlan(context.Background(), theirs, 1, ""); err != nil {
		t.Fatal(err)
	}
	e.overview.title.SetText("Mine")
	test.Tap(e.save) // the conflict dialog is left unanswered
	if e.model.Plan().Title != "Mine" || !e.model.Dirty() || e.model.Base() != 1 {
		t.Errorf("after a failed save: title %q dirty %v base %d", e.model.Plan().Title, e.model.Dirty(), e.model.Base())
	}
	if !strings.HasPrefix(e.status.Text, "Not saved") {
		t.Errorf("status %q does not say the save failed", e.status.Text)
	}
}

func TestNewPlanSavesAsNew(t *testing.T) {
	f := newFixture(t)
	test.Tap(findButton(t, f.ui.library.content, "New"))
	e := f.ui.editor
	if e == nil || !strings.Contains(f.win.Title(), "•") {
		t.Fatalf("New did not open an unsaved plan (title %q)", f.win.Title())
	}
	test.Tap(e.save)
	if e.model.Plan().ID == "" || e.model.Base() != 1 || e.model.Dirty() {
		t.Fatalf("new plan after save: id %q base %d dirty %v", e.model.Plan().ID, e.model.Base(), e.model.Dirty())
	}
	test.Tap(findButton(t, e.content, "Plans"))
	if f.ui.library.list.Length() != 1 {
		t.Errorf("library lists %d plans after saving a new one, want 1", f.ui.library.list.Length())
	}
}

func TestCheckWaitsForPause(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.ui.CheckDelay = checkDelay
	e := f.open(ref.Title)
	test.Tap(e.redLines.add)
	id := e.redLines.id.Text
	if hasFinding(e, "vague-threshold", id) {
		t.Fatal("the check ran before the debounce delay")
	}
	e.model.CheckNow() // what the timer does once the user pauses
	if !hasFinding(e, "vague-threshold", id) {
		t.Fatal("no vague-threshold finding after the check")
	}
}

// TestLargePlanCheckDropsStaleResults checks a plan big enough for the
// background checker: a result computed for an older edit is dropped, the
// one for the latest edit is shown.
func TestLargePlanCheckDropsStaleResults(t *testing.T) {
	ref := referencePlan(t)
	for i := len(ref.RedLines); edit.Size(ref) < largePlan; i++ {
		ref.RedLines = append(ref.RedLines, planner.RedLine{
			ID: fmt.Sprintf("bulk-%d", i), Title: "Bulk", Domain: planner.DomainLand, Severity: 1})
	}
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	e.deterrence.close() // the scorecard's background work has its own test
	var queued []func()
	f.ui.background = func(fn func()) { queued = append(queued, fn) }
	before := len(e.model.Findings())

	test.Tap(e.redLines.add) // first edit
	first := e.redLines.id.Text
	test.Tap(e.redLines.add) // second edit, before the first check returns
	second := e.redLines.id.Text
	if len(queued) != 2 || len(e.model.Findings()) != before {
		t.Fatalf("%d checks queued, %d findings; want 2 queued and the findings untouched", len(queued), len(e.model.Findings()))
	}
	queued[0]()
	if hasFinding(e, "vague-threshold", first) {
		t.Fatal("the result of a stale check was shown")
	}
	queued[1]()
	if !hasFinding(e, "vague-threshold", first) || !hasFinding(e, "vague-threshold", second) {
		t.Fatal("the result of the latest check was not shown")
	}
}

// The findings list must draw its rows: a row that is not a widget (or a
// container) is skipped by the renderer and shows as an empty line.
func TestFindingsListDrawsItsRows(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	e.tabs.Select(e.findingsTab)
	var texts []string
	for _, o := range test.LaidOutObjects(f.win.Content()) {
		if txt, ok := o.(*canvas.Text); ok && o.Visible() {
			texts = append(texts, txt.Text)
		}
	}
	for _, want := range []string{"capability-gap", "resp-cyber-defence", "conditional-dependency"} {
		if !slices.Contains(texts, want) {
			t.Errorf("the findings tab does not show %q; drawn texts: %q", want, texts)
		}
	}
}

// Choosing a finding takes the user to the entity it is about, whatever its
// kind; plan-wide findings stay on the findings tab.
func TestFindingOpensItsSubject(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	tests := []struct {
		subject string
		tab     *container.TabItem
	}{
		{"resp-cyber-defence", e.responsesTab},
		{"c-de-training-ua", e.forcesTab},
		{"rl-nuclear", e.redLinesTab},
		{"link:rl-x:resp-y", e.matrixTab},
		{"", e.findingsTab},
	}
	for _, tt := range tests {
		e.tabs.Select(e.overviewTab)
		e.showFinding(planner.Finding{Subject: tt.subject})
		if e.tabs.Selected() != tt.tab {
			t.Errorf("finding about %q shows tab %q, want %q", tt.subject, e.tabs.Selected().Text, tt.tab.Text)
		}
	}
}

// TestPlanStory is the story end to end: a new plan, a red line added
// through its form, linked to a response in the matrix, a finding that
// appears and disappears, undo and redo, save, and the plan found again in
// the store.
func TestPlanStory(t *testing.T) {
	f := newFixture(t)
	f.ui.library.onNew()
	e := f.ui.editor
	if e == nil {
		t.Fatal("New did not open the editor")
	}
	test.Tap(e.redLines.add)
	rl := e.redLines.id.Text
	test.Tap(e.responses.add)
	resp := e.responses.id.Text
	if !hasFinding(e, "unanswered-red-line", rl) {
		t.Fatal("a new red line is not reported as unanswered")
	}

	e.tabs.Select(e.matrixTab)
	tapCell(e.matrix, widget.TableCellID{Row: 0, Col: 0})
	if hasFinding(e, "unanswered-red-line", rl) {
		t.Fatal("linking the red line in the matrix did not answer it")
	}
	test.AssertRendersToMarkup(t, "matrix.xml", f.win.Canvas())

	e.undo()
	if !hasFinding(e, "unanswered-red-line", rl) || len(e.model.Plan().Links) != 0 {
		t.Fatal("undo did not take the link back")
	}
	e.redo()
	if hasFinding(e, "unanswered-red-line", rl) || len(e.model.Plan().Links) != 1 {
		t.Fatal("redo did not bring the link back")
	}

	e.onSave()
	if e.model.Dirty() || e.model.Base() == 0 {
		t.Fatalf("save left the plan dirty (%v) or unsaved (base %d)", e.model.Dirty(), e.model.Base())
	}
	stored, _, err := f.store.LoadPlan(context.Background(), e.model.Plan().ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored.Links) != 1 || !reflect.DeepEqual(stored.Links[0], planner.Link{RedLine: rl, Response: resp, Trigger: planner.TriggerAutomatic}) {
		t.Errorf("the store holds links %+v", stored.Links)
	}
}
