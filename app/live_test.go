package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"redline/storage"
)

// teammateSaves saves the plan id through a second store on the same file,
// as a teammate's app would, and returns the event its watch reports.
func teammateSaves(t *testing.T, f *fixture, id, title string) storage.Event {
	t.Helper()
	ctx := context.Background()
	other, err := storage.Open(f.path, storage.WithAuthor("Taras"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	p, rev, err := other.LoadPlan(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	p.Title = title
	rev, err = other.SavePlan(ctx, p, rev, "")
	if err != nil {
		t.Fatal(err)
	}
	return storage.Event{Kind: storage.PlanSaved, PlanID: id, Revision: rev, Author: "Taras", At: time.Now()}
}

// A teammate's save: the library follows; an open plan without edits
// reloads in place on its tab; with edits, a bar says who saved and offers
// to review, keep mine or take theirs, and nothing typed is replaced.
func TestTeammatesSaveIsFollowed(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	u := f.ui

	ev := teammateSaves(t, f, ref.ID, "Renamed by Taras")
	u.onStoreEvent(ev)
	if u.library.shown[0].Title != "Renamed by Taras" || u.library.shown[0].SavedBy != "Taras" {
		t.Errorf("the library shows %q saved by %q", u.library.shown[0].Title, u.library.shown[0].SavedBy)
	}

	e := f.open("Renamed by Taras")
	e.tabs.Select(e.matrixTab)
	ev = teammateSaves(t, f, ref.ID, "Renamed again by Taras")
	u.onStoreEvent(ev)
	e = u.editor
	if e.model.Plan().Title != "Renamed again by Taras" || e.model.Base() != ev.Revision || e.tabs.Selected() != e.matrixTab {
		t.Fatalf("an unedited plan shows %q at revision %d on tab %q", e.model.Plan().Title, e.model.Base(), e.tabs.Selected().Text)
	}

	// Our own save's event changes nothing.
	e.overview.title.SetText("Mine")
	e.onSave()
	u.onStoreEvent(storage.Event{Kind: storage.PlanSaved, PlanID: ref.ID, Revision: e.model.Base()})
	if e.newer.Visible() || u.editor != e {
		t.Error("our own save was taken for a teammate's")
	}

	// With unsaved edits: the bar, and the edits stay.
	e.overview.title.SetText("Mine, edited")
	ev = teammateSaves(t, f, ref.ID, "Taras again")
	u.onStoreEvent(ev)
	if u.editor != e || e.model.Plan().Title != "Mine, edited" || !e.newer.Visible() ||
		!strings.Contains(e.newerText.Text, "Taras saved a newer revision") {
		t.Fatalf("with edits: title %q, bar shown %v %q", e.model.Plan().Title, e.newer.Visible(), e.newerText.Text)
	}
	// Keep mine saves on top of Taras's revision.
	f.ask.confirm = true
	e.keepMine()
	p, rev, err := u.store.LoadPlan(context.Background(), ref.ID)
	if err != nil || p.Title != "Mine, edited" || rev != ev.Revision+1 || e.newer.Visible() {
		t.Errorf("keep mine: stored %q at %d, bar shown %v (%v)", p.Title, rev, e.newer.Visible(), err)
	}

	// Text the plan refused counts as unsaved: no reload over it.
	e.hideNewer()
	e.overview.title.SetText("") // refused beside the field; the plan keeps its title
	if e.model.Dirty() || len(e.model.Invalid()) != 1 {
		t.Fatalf("dirty %v, %d invalid fields", e.model.Dirty(), len(e.model.Invalid()))
	}
	ev = teammateSaves(t, f, ref.ID, "Taras once more")
	u.onStoreEvent(ev)
	if u.editor != e || !e.newer.Visible() || e.overview.title.Text != "" {
		t.Errorf("a refused title was replaced: editor kept %v, bar %v, field %q", u.editor == e, e.newer.Visible(), e.overview.title.Text)
	}

	// Elsewhere, the plan is moved to the trash.
	u.onStoreEvent(storage.Event{Kind: storage.PlanDeleted, PlanID: ref.ID})
	if !e.newer.Visible() || !strings.Contains(e.newerText.Text, "trash") || e.newerChoices.Visible() {
		t.Errorf("moved to the trash: %q", e.newerText.Text)
	}
}

// A lost connection is said in the library and a resync reloads it.
func TestWatchInterruptedAndResync(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	u := f.ui
	u.onStoreEvent(storage.Event{Kind: storage.WatchInterrupted})
	if !strings.Contains(u.library.place.Text, "connection is lost") {
		t.Errorf("interrupted: %q", u.library.place.Text)
	}
	teammateSaves(t, f, ref.ID, "Saved while we were away")
	u.onStoreEvent(storage.Event{Kind: storage.Resync})
	if strings.Contains(u.library.place.Text, "lost") || u.library.shown[0].Title != "Saved while we were away" {
		t.Errorf("after the resync: %q, %q", u.library.place.Text, u.library.shown[0].Title)
	}
}
