package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/storage"
)

// pressKey sends a key as the desktop driver does: to the focused widget,
// or else to the canvas.
func pressKey(c fyne.Canvas, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// realDialogs makes the fixture show its dialogs on its window, as the app
// does, instead of answering them through the fake asker.
func (f *fixture) realDialogs() {
	f.ui.ask = dialogAsker{f.ui}
}

// shownDialog is the dialog on top of the window, nil when none is shown.
func (f *fixture) shownDialog() fyne.CanvasObject { return f.win.Canvas().Overlays().Top() }

// dialogButton finds the button labelled text in the dialog on top.
func (f *fixture) dialogButton(text string) *keyButton {
	f.t.Helper()
	top := f.shownDialog()
	if top == nil {
		f.t.Fatalf("no dialog shown; want one with a %q button", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*keyButton); ok && b.Text == text {
			return b
		}
	}
	f.t.Fatalf("the dialog has no %q button", text)
	return nil
}

// dialogText is every label's text in the dialog on top.
func (f *fixture) dialogText() string {
	var texts []string
	for _, o := range test.LaidOutObjects(f.shownDialog()) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	return strings.Join(texts, "\n")
}

func TestEscapeOnDeleteConfirmCancelsIt(t *testing.T) {
	for _, tc := range []struct {
		name    string
		key     fyne.KeyName
		deleted bool
	}{
		{"Escape is No", fyne.KeyEscape, false},
		{"Enter is the highlighted Yes", fyne.KeyReturn, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, referencePlan(t))
			e := f.open(referencePlan(t).Title)
			f.realDialogs()
			e.tabs.Select(e.forcesTab)
			if !e.forces.selectID("c-us-isr") {
				t.Fatal("no contribution c-us-isr")
			}
			test.Tap(e.forces.remove)
			if f.shownDialog() == nil || !strings.Contains(f.dialogText(), "Delete contribution c-us-isr") {
				t.Fatalf("no delete question shown: %q", f.dialogText())
			}
			pressKey(f.win.Canvas(), tc.key)
			if f.shownDialog() != nil {
				t.Fatal("the key left the dialog open")
			}
			gone := forceContributionIndex(e.model.p, "c-us-isr") < 0
			if gone != tc.deleted {
				t.Errorf("contribution deleted %v, want %v", gone, tc.deleted)
			}
		})
	}
}

// Escape on a dialog's button that Tab focused still cancels: the button
// does not swallow it.
func TestEscapeOnFocusedDialogButtonCancels(t *testing.T) {
	f := newFixture(t, referencePlan(t))
	f.realDialogs()
	yes := false
	f.ui.ask.Confirm("Delete run?", "Delete the run?", func() { yes = true })
	test.FocusNext(f.win.Canvas())
	if _, ok := f.win.Canvas().Focused().(*keyButton); !ok {
		t.Fatalf("Tab focused %T, want a dialog button", f.win.Canvas().Focused())
	}
	pressKey(f.win.Canvas(), fyne.KeyEscape)
	if f.shownDialog() != nil || yes {
		t.Errorf("dialog shown %v, answered yes %v; want it cancelled", f.shownDialog() != nil, yes)
	}
}

func TestEscapeClosesEveryDialog(t *testing.T) {
	for _, tc := range []struct {
		name string
		show func(f *fixture)
	}{
		{"error", func(f *fixture) { f.ui.ask.Error(errors.New("the store is read-only")) }},
		{"about", func(f *fixture) { f.ui.showAbout() }},
		{"plan changed elsewhere", func(f *fixture) { f.ui.ask.Conflict(storage.ErrConflict, func() {}, func() {}) }},
		{"unsaved changes", func(f *fixture) { f.ui.ask.Unsaved("Plan", "", func() {}, func() {}) }},
		{"file saved", func(f *fixture) { f.ui.showSaved(fileURI(f.t, "plan.pdf"), "") }},
		{"a dialog shown through fyne alone", func(f *fixture) {
			dialog.NewForm("Compare", "Compare", "Cancel", []*widget.FormItem{widget.NewFormItem("with", widget.NewSelect([]string{"run 2"}, nil))},
				func(bool) {}, f.win).Show()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.realDialogs()
			tc.show(f)
			if f.shownDialog() == nil {
				t.Fatal("no dialog shown")
			}
			pressKey(f.win.Canvas(), fyne.KeyEscape)
			if f.shownDialog() != nil {
				t.Error("Escape left the dialog open")
			}
		})
	}
}

// A progress display is work under way: Escape does not hide it.
func TestEscapeKeepsProgressDialog(t *testing.T) {
	f := newFixture(t)
	var due func()
	f.ui.afterFunc = func(_ time.Duration, fn func()) func() { due = fn; return func() {} }
	done := f.ui.dialogProgress("Exporting plan.pdf")
	due()
	pressKey(f.win.Canvas(), fyne.KeyEscape)
	if f.shownDialog() == nil {
		t.Error("Escape hid the progress of work under way")
	}
	done()
}

func TestTabLeavesNotesForNextField(t *testing.T) {
	f := newFixture(t, referencePlan(t))
	e := f.open(referencePlan(t).Title)
	e.tabs.Select(e.redLinesTab)
	e.redLines.list.Select(0)
	notes := e.redLines.notes
	if notes.AcceptsTab() {
		t.Error("the notes field takes Tab: the desktop driver will type it instead of moving on")
	}
	c := f.win.Canvas()
	c.Focus(notes)
	test.FocusNext(c)
	next := c.Focused()
	if next == nil || next == fyne.Focusable(notes) {
		t.Fatalf("the window has no field after the notes (%T)", next)
	}

	c.Focus(notes)
	before := notes.Text
	pressKey(c, fyne.KeyTab)
	if c.Focused() != next {
		t.Errorf("Tab in the notes focused %T, want the next field %T", c.Focused(), next)
	}
	if notes.Text != before {
		t.Errorf("Tab changed the notes to %q", notes.Text)
	}

	// Ctrl+Tab types a tab, for a note that wants one.
	c.Focus(notes)
	notes.TypedShortcut(ctrlTab)
	if !strings.Contains(notes.Text, "\t") || c.Focused() != fyne.Focusable(notes) {
		t.Errorf("Ctrl+Tab: notes %q, focus on %T; want a tab typed in place", notes.Text, c.Focused())
	}
}

// A click on a row, then Enter, opens that row's plan: the click gives the
// list the keyboard with its cursor on the row.
func TestEnterOnPlanListOpensTheClickedPlan(t *testing.T) {
	ref := referencePlan(t)
	other := referencePlan(t)
	other.ID, other.Title = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f", "Another plan"
	f := newFixture(t, ref, other)
	l := f.ui.library
	i := slices.IndexFunc(l.shown, func(p storage.PlanSummary) bool { return p.ID == other.ID })
	if i != 0 {
		// The plan saved last is listed first; click the one below it.
		t.Fatalf("%q listed at %d, want 0", other.Title, i)
	}
	row := l.list.CreateItem().(*planRow)
	l.list.UpdateItem(1, row)
	test.Tap(row)
	if l.selected != ref.ID {
		t.Fatalf("the click selected %q, want %q", l.selected, ref.ID)
	}
	pressKey(f.win.Canvas(), fyne.KeyReturn)
	if f.ui.editor == nil || f.ui.editor.model.p.ID != ref.ID {
		t.Fatal("Enter after a click did not open the clicked plan")
	}

	// Back, then arrows: Up moves the cursor to the first row; Enter opens it.
	f.ui.showLibrary()
	row = l.list.CreateItem().(*planRow)
	l.list.UpdateItem(1, row)
	test.Tap(row)
	pressKey(f.win.Canvas(), fyne.KeyUp)
	pressKey(f.win.Canvas(), fyne.KeyReturn)
	if f.ui.editor == nil || f.ui.editor.model.p.ID != other.ID {
		t.Fatal("Up and Enter did not open the first plan")
	}
}

func TestCtrl3ShowsResponsesTab(t *testing.T) {
	f := newFixture(t, referencePlan(t))
	e := f.open(referencePlan(t).Title)
	c := f.win.Canvas().(fyne.Shortcutable)
	steps := []struct {
		name string
		key  fyne.Shortcut
		want string
	}{
		{"Ctrl+3", tabShortcut(3), "Responses"},
		{"Ctrl+PgDn", nextTabShortcut, "Forces"},
		{"Ctrl+1", tabShortcut(1), "Overview"},
		{"Ctrl+PgUp from the first tab wraps", prevTabShortcut, "History"},
		{"Ctrl+8", tabShortcut(8), e.findingsTab.Text},
	}
	for _, s := range steps {
		c.TypedShortcut(s.key)
		if got := e.tabs.Selected().Text; got != s.want {
			t.Errorf("%s shows %q, want %q", s.name, got, s.want)
		}
	}

	// The View menu carries the same shortcuts, which is what makes them
	// work while a text field has the focus.
	for i, name := range editorTabs {
		item := f.ui.menu.tabs[i]
		switch {
		case item.Label != name:
			t.Errorf("View menu item %d: %q", i, item.Label)
		case i < 9 && (item.Shortcut == nil || item.Shortcut.ShortcutName() != tabShortcut(i+1).ShortcutName()):
			t.Errorf("View menu item %d: %q has no Ctrl+%d", i, item.Label, i+1)
		case i >= 9 && item.Shortcut != nil:
			t.Errorf("View menu item %d: %q has a shortcut past Ctrl+9", i, item.Label)
		}
		if got := e.tabs.Items[i].Text; !strings.HasPrefix(got, name) {
			t.Errorf("tab %d is %q, the View menu calls it %q", i, got, name)
		}
	}
	f.ui.menu.tabs[2].Action()
	if e.tabs.Selected() != e.responsesTab {
		t.Error("View → Responses did not show the Responses tab")
	}

	// Closed, the editor takes its shortcuts with it.
	f.ui.showLibrary()
	c.TypedShortcut(tabShortcut(3)) // must not reach the closed editor
	if e.tabs.Selected() != e.responsesTab {
		t.Error("a closed editor still switches tabs")
	}
}

func TestLeavingWithUnsavedChanges(t *testing.T) {
	for _, tc := range []struct {
		name     string
		answer   func(f *fixture)
		wantLeft bool
		wantRev  int64
	}{
		{"Enter saves then leaves", func(f *fixture) { pressKey(f.win.Canvas(), fyne.KeyReturn) }, true, 2},
		{"Escape stays", func(f *fixture) { pressKey(f.win.Canvas(), fyne.KeyEscape) }, false, 1},
		{"Cancel stays", func(f *fixture) { test.Tap(f.dialogButton("Cancel")) }, false, 1},
		{"Don't save discards", func(f *fixture) { test.Tap(f.dialogButton("Don't save")) }, true, 1},
		{"Save saves then leaves", func(f *fixture) { test.Tap(f.dialogButton("Save")) }, true, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := referencePlan(t)
			f := newFixture(t, ref)
			e := f.open(ref.Title)
			f.realDialogs()
			e.overview.title.SetText("Edited")
			test.Tap(findButton(t, e.content, "Plans"))
			if !strings.Contains(f.dialogText(), "“Edited” has changes that are not saved") {
				t.Fatalf("leaving asked %q", f.dialogText())
			}
			if f.dialogButton("Save").Importance != widget.HighImportance {
				t.Error("Save is not the highlighted answer")
			}
			tc.answer(f)
			if f.shownDialog() != nil {
				t.Fatal("the answer left the question open")
			}
			if left := f.ui.editor == nil; left != tc.wantLeft {
				t.Errorf("left the editor %v, want %v", left, tc.wantLeft)
			}
			stored, rev, err := f.store.LoadPlan(context.Background(), ref.ID)
			if err != nil {
				t.Fatal(err)
			}
			if rev != tc.wantRev {
				t.Errorf("store at revision %d, want %d", rev, tc.wantRev)
			}
			if tc.wantRev == 2 && stored.Title != "Edited" {
				t.Errorf("saved title %q", stored.Title)
			}
			if !tc.wantLeft && (e.model.p.Title != "Edited" || !e.model.dirty) {
				t.Errorf("staying lost the edit: title %q dirty %v", e.model.p.Title, e.model.dirty)
			}
		})
	}
}

func TestAutosaveDoesNotFireWhilePromptOpen(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.ui.AutosaveDelay = time.Hour // armed, never fires: the test fires it
	e := f.open(ref.Title)
	f.realDialogs()
	e.overview.title.SetText("Edited")
	test.Tap(findButton(t, e.content, "Plans"))
	if !f.ui.prompting() {
		t.Fatal("leaving with an edit asked nothing")
	}
	e.autosave() // the pause after the edit ends while the question is open
	if _, rev, _ := f.store.LoadPlan(context.Background(), ref.ID); rev != 1 || !e.model.dirty {
		t.Fatalf("autosave saved behind the open question (store at %d, dirty %v)", rev, e.model.dirty)
	}
	if e.autoTimer == nil {
		t.Error("the skipped autosave was not put off to the next pause")
	}
	// Closing the window meanwhile does not ask a second time.
	f.ui.leave(func() { t.Error("closed behind the open question") })
	if n := len(f.win.Canvas().Overlays().List()); n != 1 {
		t.Errorf("%d dialogs shown, want the one question", n)
	}

	pressKey(f.win.Canvas(), fyne.KeyEscape) // Cancel: stay, edits kept
	e.autosave()
	if _, rev, _ := f.store.LoadPlan(context.Background(), ref.ID); rev != 2 || e.model.dirty {
		t.Errorf("once the question closed, autosave stored revision %d (dirty %v), want 2", rev, e.model.dirty)
	}
	test.Tap(findButton(t, e.content, "Plans")) // stops the timer
}

func TestUndoGreyedOnFreshPlanEnabledAfterEdit(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	undo, redo := f.ui.menu.undo, f.ui.menu.redo
	state := func() string {
		s := func(item *fyne.MenuItem) string {
			if item.Disabled {
				return "off"
			}
			return "on"
		}
		return "undo " + s(undo) + ", redo " + s(redo)
	}
	for _, step := range []struct {
		name string
		do   func(e *editor)
		want string
	}{
		{"a plan just opened", func(*editor) {}, "undo off, redo off"},
		{"after an edit", func(e *editor) { e.overview.title.SetText("Edited") }, "undo on, redo off"},
		{"after undo", func(e *editor) { undo.Action() }, "undo off, redo on"},
		{"after redo", func(e *editor) { redo.Action() }, "undo on, redo off"},
		{"after save", func(e *editor) { test.Tap(e.save) }, "undo on, redo off"},
	} {
		e := f.ui.editor
		if e == nil {
			e = f.open(ref.Title)
		}
		step.do(e)
		if got := state(); got != step.want {
			t.Errorf("%s: %s, want %s", step.name, got, step.want)
		}
	}

	// In the library, Undo restores the plan deleted last, if any.
	f.ui.showLibrary()
	if got := state(); got != "undo off, redo off" {
		t.Errorf("library: %s, want undo off, redo off", got)
	}
	f.ui.library.list.Select(0)
	test.Tap(f.ui.library.remove)
	if got := state(); got != "undo on, redo off" {
		t.Errorf("after a delete in the library: %s", got)
	}
	undo.Action()
	if got := state(); got != "undo off, redo off" || f.ui.library.list.Length() != 1 {
		t.Errorf("after restoring the plan: %s, %d plans", got, f.ui.library.list.Length())
	}
}

func TestFindingCountsInWords(t *testing.T) {
	for _, tc := range []struct {
		counts planner.Counts
		title  string
		tab    string
	}{
		{planner.Counts{}, "no blockers or warnings", "Findings: none"},
		{planner.Counts{Advice: 12}, "no blockers or warnings", "Findings: 12 advice"},
		{planner.Counts{Warning: 1, Advice: 12}, "1 warning", "Findings: 1 warning, 12 advice"},
		{planner.Counts{Blocker: 1, Warning: 3, Advice: 1}, "1 blocker, 3 warnings", "Findings: 1 blocker, 3 warnings, 1 advice"},
		{planner.Counts{Blocker: 2}, "2 blockers", "Findings: 2 blockers"},
	} {
		if got := countsInWords(tc.counts); got != tc.title {
			t.Errorf("%+v in the title: %q, want %q", tc.counts, got, tc.title)
		}
		if got := findingsTabLabel(tc.counts); got != tc.tab {
			t.Errorf("%+v on the tab: %q, want %q", tc.counts, got, tc.tab)
		}
	}

	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	want := ref.Title + " — " + countsInWords(e.model.counts) + " — Redline"
	if got := f.win.Title(); got != want {
		t.Errorf("window title %q, want %q", got, want)
	}
	e.overview.title.SetText("Edited")
	if got := f.win.Title(); !strings.HasPrefix(got, "Edited • — ") || !strings.HasSuffix(got, " — Redline") {
		t.Errorf("window title after an edit %q", got)
	}
}
