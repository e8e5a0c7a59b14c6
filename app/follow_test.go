package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"redline/storage"
)

// A run driven on another machine opens read-only and follows the
// driver's saves; the machine that starts a run drives it and lets it go
// when it closes the run.
func TestRunDrivenElsewhereIsFollowed(t *testing.T) {
	f, r := startRun(t)
	s := r.s
	if r.following || r.drive == nil {
		t.Fatalf("the machine that started the run does not drive it (following %v)", r.following)
	}
	runID := r.rec.ID
	s.closeRun()

	// Olena drives it from her machine: a second store on the same file.
	ctx := context.Background()
	olena, err := storage.Open(f.path, storage.WithAuthor("Olena"))
	if err != nil {
		t.Fatal(err)
	}
	defer olena.Close()
	d, err := olena.DriveRun(ctx, runID, "Olena")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Release()

	s.refresh()
	s.list.Select(0)
	test.Tap(s.open)
	r = s.run
	if r == nil || !r.following || !strings.Contains(r.status.Text, "Olena") || !r.step.Disabled() {
		t.Fatalf("opened while Olena drives: following %v, status %q, step enabled %v", r != nil && r.following, r.status.Text, !r.step.Disabled())
	}
	r.onStep() // a follower takes no step of its own
	if r.ex.Pos() != 0 {
		t.Errorf("a follower stepped to %d", r.ex.Pos())
	}

	// Olena plays two injects and her run is saved: the view follows.
	rec, err := olena.LoadRun(ctx, runID)
	if err != nil {
		t.Fatal(err)
	}
	rec.Position = 2
	if err := olena.SaveRun(ctx, rec); err != nil {
		t.Fatal(err)
	}
	f.ui.onStoreEvent(storage.Event{Kind: storage.RunSaved, PlanID: rec.PlanID, RunID: runID})
	r = s.run
	if r.ex.Pos() != 2 || !r.following || !r.step.Disabled() || !strings.Contains(r.status.Text, "Olena") {
		t.Errorf("after Olena's save: at %d, following %v, status %q", r.ex.Pos(), r.following, r.status.Text)
	}
	s.closeRun() // a follower saves nothing and holds no lock
	if got, err := olena.LoadRun(ctx, runID); err != nil || got.Position != 2 {
		t.Errorf("closing the followed run changed it: %+v %v", got, err)
	}
}

// A driver that lost its lock becomes a follower and saves nothing more:
// the next driver's run is not overwritten.
func TestLostDriveSavesNothing(t *testing.T) {
	f, r := startRun(t)
	r.title.SetText("Renamed before the loss")
	if !r.dirty {
		t.Fatal("the title edit is not pending")
	}
	r.lostWheel(errors.New("the connection was lost"))
	if !r.following || !r.step.Disabled() || !strings.Contains(r.status.Text, "no longer drives") {
		t.Fatalf("after the loss: following %v, status %q", r.following, r.status.Text)
	}
	r.save()
	r.s.closeRun()
	got, err := f.store.LoadRun(context.Background(), r.rec.ID)
	if err != nil || got.Title == "Renamed before the loss" {
		t.Errorf("the run was saved after its lock was lost: %q (%v)", got.Title, err)
	}
}
