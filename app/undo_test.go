package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"redline/storage"
)

// stepClock is a clock that moves on by step at every reading, so that each
// edit is an undo step of its own (step 0: all edits coalesce).
func stepClock(step time.Duration) func() time.Time {
	t := time.Date(2026, 11, 23, 14, 3, 0, 0, time.Local)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

func TestUndoRedoTitle(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.ui.now = stepClock(time.Second)
	e := f.open(ref.Title)

	e.overview.title.SetText("Renamed")
	f.ui.onUndo()
	if e.model.Plan().Title != ref.Title || e.overview.title.Text != ref.Title {
		t.Fatalf("after undo: model %q, field %q; want %q", e.model.Plan().Title, e.overview.title.Text, ref.Title)
	}
	if !e.model.Dirty() {
		t.Error("undo left the plan clean; it is an edit like any other")
	}
	f.ui.onRedo()
	if e.model.Plan().Title != "Renamed" || e.overview.title.Text != "Renamed" {
		t.Fatalf("after redo: model %q, field %q; want Renamed", e.model.Plan().Title, e.overview.title.Text)
	}
	f.ui.onRedo() // nothing left to redo
	if e.model.Plan().Title != "Renamed" {
		t.Errorf("a redo past the end changed the title to %q", e.model.Plan().Title)
	}
}

func TestUndoTakesBackTypingAsOneStep(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	clock := time.Date(2026, 11, 23, 14, 3, 0, 0, time.Local)
	f.ui.now = func() time.Time { return clock }
	e := f.open(ref.Title)

	test.Type(e.overview.title, "draft ") // letters typed within the pause
	draft := e.overview.title.Text
	clock = clock.Add(time.Second)
	test.Type(e.overview.title, " two")
	f.ui.onUndo()
	if e.model.Plan().Title != draft {
		t.Fatalf("first undo: %q, want %q", e.model.Plan().Title, draft)
	}
	f.ui.onUndo()
	if e.model.Plan().Title != ref.Title {
		t.Fatalf("second undo: %q, want %q", e.model.Plan().Title, ref.Title)
	}
	// An edit after an undo starts a new step and drops the redo states.
	test.Type(e.overview.title, "!")
	want := e.overview.title.Text
	f.ui.onRedo()
	if e.model.Plan().Title != want || want == ref.Title {
		t.Errorf("redo after a new edit: %q, want %q", e.model.Plan().Title, want)
	}
}

func TestUndoAddedRedLine(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.ui.now = stepClock(time.Second)
	e := f.open(ref.Title)

	test.Tap(e.redLines.add)
	id := e.redLines.id.Text
	f.ui.onUndo()
	if e.model.redLineIndex(id) >= 0 || e.redLines.list.Length() != len(ref.RedLines) {
		t.Fatalf("undo kept the added red line %q (list shows %d)", id, e.redLines.list.Length())
	}
	if e.redLines.selected != -1 || e.redLines.form.Visible() {
		t.Error("the form still shows the red line undo removed")
	}
	f.ui.onRedo()
	if e.model.redLineIndex(id) < 0 {
		t.Fatalf("redo did not bring red line %q back", id)
	}
}

// Undoing past a new plan's first save must not make the next save store a
// second plan.
func TestUndoKeepsNewPlanID(t *testing.T) {
	f := newFixture(t)
	f.ui.now = stepClock(time.Second)
	test.Tap(findButton(t, f.ui.library.content, "New"))
	e := f.ui.editor
	test.Tap(e.save)
	id := e.model.Plan().ID
	e.overview.title.SetText("Second")
	f.ui.onUndo()
	f.ui.onUndo() // nothing before the first state: a no-op
	test.Tap(e.save)
	if e.model.Plan().ID != id || e.model.Base() != 2 {
		t.Fatalf("after undo and save: id %q base %d; want %q at 2", e.model.Plan().ID, e.model.Base(), id)
	}
}

func TestAutosave(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.ui.AutosaveDelay = time.Hour // armed, never fires: the test fires it
	e := f.open(ref.Title)

	e.overview.title.SetText("Autosaved title")
	if e.autoTimer == nil {
		t.Fatal("an edit did not schedule an autosave")
	}
	if e.status.Text != "Unsaved changes" {
		t.Errorf("status %q, want Unsaved changes", e.status.Text)
	}
	e.autosave() // what the timer does after the pause
	stored, rev, err := f.store.LoadPlan(context.Background(), ref.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rev != 2 || stored.Title != "Autosaved title" {
		t.Fatalf("store holds %q at revision %d, want the edit at 2", stored.Title, rev)
	}
	if e.model.Dirty() || !strings.HasPrefix(e.status.Text, "Autosaved ") {
		t.Errorf("after autosave: dirty %v, status %q", e.model.Dirty(), e.status.Text)
	}
	e.autosave() // nothing to save
	if _, rev, _ := f.store.LoadPlan(context.Background(), ref.ID); rev != 2 {
		t.Errorf("autosave of a clean plan stored revision %d", rev)
	}
	test.Tap(findButton(t, e.content, "Plans")) // stops the timer
}

func TestAutosaveSkipsNeverSavedPlan(t *testing.T) {
	f := newFixture(t)
	f.ui.AutosaveDelay = time.Hour
	test.Tap(findButton(t, f.ui.library.content, "New"))
	e := f.ui.editor
	e.overview.title.SetText("Draft")
	e.autosave()
	if plans, _ := f.store.ListPlans(context.Background(), storage.ListOptions{}); len(plans) != 0 || e.autoTimer != nil {
		t.Fatalf("a plan never saved was autosaved (%d plans) or scheduled", len(plans))
	}
}

func TestAutosaveConflictAsksOnce(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	theirs := referencePlan(t)
	theirs.ID, theirs.Title = ref.ID, "Theirs"
	if _, err := f.store.SavePlan(context.Background(), theirs, 1, ""); err != nil {
		t.Fatal(err)
	}
	e.overview.title.SetText("Mine")
	e.autosave()
	if f.ask.conflicts != 1 {
		t.Fatalf("%d conflict dialogs, want 1", f.ask.conflicts)
	}
	if stored, _, _ := f.store.LoadPlan(context.Background(), ref.ID); stored.Title != "Theirs" || !e.model.Dirty() {
		t.Fatalf("autosave resolved the conflict itself: store %q, dirty %v", stored.Title, e.model.Dirty())
	}
	e.overview.title.SetText("Mine again")
	e.autosave()
	if f.ask.conflicts != 1 {
		t.Errorf("autosave asked about the same conflict again (%d dialogs)", f.ask.conflicts)
	}
}

func TestUndoShortcutsOnTheMenu(t *testing.T) {
	f := newFixture(t)
	want := map[string]string{"Undo": undoShortcut.ShortcutName(), "Redo": redoShortcut.ShortcutName(), "Save": saveShortcut.ShortcutName()}
	for _, m := range f.win.MainMenu().Items {
		for _, it := range m.Items {
			if name, ok := want[it.Label]; ok {
				if it.Shortcut == nil || it.Shortcut.ShortcutName() != name {
					t.Errorf("menu item %s has shortcut %v, want %s", it.Label, it.Shortcut, name)
				}
				delete(want, it.Label)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("main menu lacks %v", want)
	}
}

// The red line form shows the restored red line, not what was typed.
func TestUndoReloadsRedLineForm(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.ui.now = stepClock(time.Second)
	e := f.open(ref.Title)
	e.redLines.list.Select(0)
	e.redLines.title.SetText("Changed")
	f.ui.onUndo()
	if got := e.redLines.title.Text; got != ref.RedLines[0].Title || e.model.Plan().RedLines[0].Title != got {
		t.Errorf("after undo the form shows %q, the model %q; want %q", got, e.model.Plan().RedLines[0].Title, ref.RedLines[0].Title)
	}
}
