package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"redline/planner"
)

// The room view follows the facilitator's window: a step, a decision and
// a step back show at once, a skipped inject is not told to the room, and
// Escape closes it.
func TestRoomViewFollowsAStep(t *testing.T) {
	_, r := startRun(t)
	stepTo(t, r, 2)
	test.Tap(r.roomBtn)
	v := r.room
	if v == nil {
		t.Fatal("Room view opened nothing")
	}
	if v.clock.Text != "T+12h" || v.phase.Text != "Phase: Ceasefire" ||
		!strings.HasPrefix(v.title.Text, "T+12h — Ceasefire violations climb") || v.brief.Text == "" {
		t.Errorf("the room shows %q, %q, %q, brief %q", v.clock.Text, v.phase.Text, v.title.Text, v.brief.Text)
	}
	if v.crossed.Text != "T+12h  Sustained ceasefire violations" {
		t.Errorf("crossed: %q", v.crossed.Text)
	}
	if len(v.active) != 3 || !strings.HasPrefix(v.ready.Text, "11 responses ready") {
		t.Errorf("the room's board has %d responses set off; %q", len(v.active), v.ready.Text)
	}
	test.AssertRendersToMarkup(t, "room/after_inj_02.xml", v.win.Canvas())

	// inj-02a is skipped: the room still hears inj-02; then inj-02b.
	test.Tap(r.step)
	if v.clock.Text != "T+16h" || !strings.Contains(v.title.Text, "Ceasefire violations climb") {
		t.Errorf("after a skipped inject the room shows %q, %q", v.clock.Text, v.title.Text)
	}
	test.Tap(r.step)
	if !strings.HasPrefix(v.title.Text, "T+16h — Violations ease") || v.progress.Text != "Inject 4 of 16" {
		t.Errorf("after the step the room shows %q, %q", v.title.Text, v.progress.Text)
	}
	r.decide(suspendTalks, planner.Approved)
	talks := slices.IndexFunc(v.active, func(st planner.ResponseState) bool { return st.Response.ID == suspendTalks.response })
	if talks < 0 || standWord(v.active[talks].Status) != "Under way" {
		t.Errorf("approved, talks are not under way in the room: %+v", v.active)
	}
	for r.ex.Pos() > 0 {
		test.Tap(r.back)
	}
	if v.title.Text != "The exercise has not started" || v.crossed.Text != "None yet" || len(v.active) != 0 {
		t.Errorf("back at the start the room shows %q, %q, %d responses", v.title.Text, v.crossed.Text, len(v.active))
	}

	v.typedKey(&fyne.KeyEvent{Name: fyne.KeyF11})
	v.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if v.win.FullScreen() || r.room != v {
		t.Errorf("the first Escape: full screen %v, room view open %v; want it out of full screen, open", v.win.FullScreen(), r.room == v)
	}
	v.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if r.room != nil || len(r.followers) != 0 {
		t.Error("Escape left the room view open, or followed")
	}
	test.Tap(r.step) // nothing follows a closed room view
}

// View → Room view opens the room view of the run on screen; it is greyed
// out while no run is open, and again once the run is closed.
func TestRoomViewMenuItemFollowsTheOpenRun(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	item := f.ui.menu.room
	if item == nil || !item.Disabled {
		t.Fatal("the room view can be opened from the library")
	}
	s := f.openExercise(ref.Title)
	if !item.Disabled {
		t.Error("the room view can be opened with no run open")
	}
	test.Tap(s.start)
	r := s.run
	if r == nil || item.Disabled {
		t.Fatalf("a run is open (%v) but the menu item is disabled %v", r != nil, item.Disabled)
	}
	item.Action()
	if r.room == nil || !r.room.win.Content().Visible() {
		t.Fatal("the menu item opened no room view")
	}
	first := r.room
	item.Action() // a second time brings the same window forward
	if r.room != first {
		t.Error("a second room view was opened")
	}
	s.closeRun()
	if !item.Disabled {
		t.Error("the room view can be opened after the run was closed")
	}
}
