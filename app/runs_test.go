package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
	"redline/storage"
)

// openExercise opens the plan and its Exercise tab. Saving a run after a
// pause is left to the test: the fixture's timers never fire by themselves.
func (f *fixture) openExercise(title string) *exerciseScreen {
	f.t.Helper()
	e := f.open(title)
	e.tabs.Select(e.exerciseTab)
	f.ui.afterFunc = func(time.Duration, func()) func() { return func() {} }
	return e.exercise
}

// under returns the objects of type T under o, in order.
func under[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if x, ok := o.(T); ok {
			out = append(out, x)
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, o := range c.Objects {
				walk(o)
			}
		}
	}
	walk(o)
	return out
}

// labels returns the texts of the labels under o, with their importance.
func labels(o fyne.CanvasObject) map[string]widget.Importance {
	out := map[string]widget.Importance{}
	for _, l := range under[*widget.Label](o) {
		out[l.Text] = l.Importance
	}
	return out
}

// radios returns the decision choice groups under o, in order.
func radios(o fyne.CanvasObject) []*widget.RadioGroup { return under[*widget.RadioGroup](o) }

func TestRunNeedsTheSavedPlan(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	s := f.openExercise(ref.Title)
	s.ed.overview.title.SetText("Edited, not saved")
	test.Tap(s.start)
	if s.run != nil {
		t.Fatal("a run started on unsaved edits")
	}
	if !s.status.Visible() || !strings.Contains(s.status.Text, "Save the plan first") {
		t.Errorf("status %q; want it to ask for a save", s.status.Text)
	}
	if runs, _ := f.store.ListRuns(context.Background(), ref.ID); len(runs) != 0 {
		t.Errorf("%d runs stored", len(runs))
	}
}

func TestRunOfPlanWithBrokenReferencesIsNotStarted(t *testing.T) {
	ref := referencePlan(t)
	ref.Links = append(ref.Links, planner.Link{RedLine: "rl-ground-incursion", Response: "resp-missing", Trigger: planner.TriggerAutomatic})
	f := newFixture(t, ref)
	s := f.openExercise(ref.Title)
	test.Tap(s.start)
	if s.run != nil {
		t.Fatal("a run started on a plan with a broken reference")
	}
	if !strings.Contains(s.status.Text, "cannot be run") {
		t.Errorf("status %q", s.status.Text)
	}
	if len(s.problems.Objects) != 1 {
		t.Fatalf("%d references listed, want 1", len(s.problems.Objects))
	}
	b := s.problems.Objects[0].(*widget.Button)
	if !strings.Contains(b.Text, "resp-missing") {
		t.Errorf("problem %q does not name the reference", b.Text)
	}
	test.Tap(b)
	if s.ed.tabs.Selected() != s.ed.matrixTab {
		t.Errorf("the problem opened %q, want the matrix", s.ed.tabs.Selected().Text)
	}
}

func TestRunWithoutInjectsSaysWhereToAddThem(t *testing.T) {
	ref := referencePlan(t)
	ref.Injects = nil
	f := newFixture(t, ref)
	s := f.openExercise(ref.Title)
	test.Tap(s.start)
	if s.run != nil || !strings.Contains(s.status.Text, "Injects tab") {
		t.Errorf("run %v, status %q", s.run != nil, s.status.Text)
	}
}

func TestRunReopensOnTheRevisionItPlayed(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	s := f.openExercise(ref.Title)
	test.Tap(s.start)
	test.Tap(s.run.step)
	s.closeRun()
	// The plan changes after the run: its first inject is renamed.
	e := s.ed
	in := e.model.Plan().Injects[0]
	in.Title = "Renamed after the run"
	edit.Set(e.model.Session, edit.Injects, 0, in)
	e.onSave()
	s.list.Select(0)
	test.Tap(s.open)
	if got := s.run.plan.Injects[0].Title; got == "Renamed after the run" {
		t.Error("the run reopened on the new revision, not the one it played")
	}
}

func TestCompareRunsListsDifferences(t *testing.T) {
	p := referencePlan(t)
	a := &storage.Run{Title: "A", Position: 5, Decisions: []storage.Decision{
		{Inject: "inj-02", RedLine: "rl-ceasefire-violations", Response: "resp-snapback", Choice: planner.Approved},
		{Inject: "inj-03", RedLine: "rl-nato-airspace", Response: "resp-nato-consult", Choice: planner.Approved, Note: "same"},
	}}
	b := &storage.Run{Title: "B", Position: 3, Notes: []storage.Note{{Text: "n"}}, Decisions: []storage.Decision{
		{Inject: "inj-03", RedLine: "rl-nato-airspace", Response: "resp-nato-consult", Choice: planner.Approved},
		{Inject: "inj-02", RedLine: "rl-ceasefire-violations", Response: "resp-snapback", Choice: planner.Rejected},
		{Inject: "inj-04", RedLine: "rl-energy-strikes", Response: "resp-resupply", Choice: planner.Deferred},
	}}
	c := compareRuns(a, b, p)
	if len(c.rows) != 3 {
		t.Fatalf("%d rows, want 3", len(c.rows))
	}
	want := []struct {
		inject string
		a, b   string
		differ bool
	}{
		{"inj-02", "Approved", "Rejected", true},
		{"inj-03", "Approved — same", "Approved", false},
		{"inj-04", "not decided", "Deferred", true},
	}
	for i, w := range want {
		r := c.rows[i]
		if !strings.Contains(r.inject, ref(p, w.inject)) || r.a != w.a || r.b != w.b || r.differs != w.differ {
			t.Errorf("row %d = %+v, want %+v", i, r, w)
		}
	}
	if c.rows[0].item != "Sustained ceasefire violations → Sanctions snapback" {
		t.Errorf("decision item %q; want the titles", c.rows[0].item)
	}
	if !strings.Contains(c.summary, "2 decisions differ") {
		t.Errorf("summary %q", c.summary)
	}
}

// The comparison lists injects in the order the exercise plays them, not in
// the order the file lists them.
func TestCompareRunsInPlayOrder(t *testing.T) {
	p := referencePlan(t)
	p.Injects[injectIndex(p, "inj-02")].AtHours = 100 // now after inj-04
	a := &storage.Run{Title: "A", Decisions: []storage.Decision{
		{Inject: "inj-02", RedLine: "rl-ceasefire-violations", Response: "resp-snapback", Choice: planner.Approved},
		{Inject: "inj-04", RedLine: "rl-energy-strikes", Response: "resp-resupply", Choice: planner.Deferred},
		{Inject: "inj-03", RedLine: "rl-nato-airspace", Response: "resp-nato-consult", Choice: planner.Approved},
	}}
	c := compareRuns(a, &storage.Run{Title: "B"}, p)
	var got []string
	for _, r := range c.rows {
		got = append(got, r.inject)
	}
	want := []string{"T+20h " + ref(p, "inj-03"), "T+30h " + ref(p, "inj-04"), "T+100h " + ref(p, "inj-02")}
	if !slices.Equal(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
}

// ref returns the title of the plan's inject id.
func ref(p *planner.Plan, id string) string {
	for _, in := range p.Injects {
		if in.ID == id {
			return in.Title
		}
	}
	return id
}

// Closing the window (or quitting) saves an open run's last changes at
// once, without waiting for the pause after which it saves itself.
func TestLeavingSavesTheOpenRun(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	s := f.openExercise(ref.Title)
	test.Tap(s.start)
	test.Tap(s.run.step)
	test.Tap(s.run.step)
	left := false
	f.ui.leave(func() { left = true })
	if !left {
		t.Fatal("leave did not go on")
	}
	runs, err := f.store.ListRuns(context.Background(), ref.ID)
	if err != nil || len(runs) != 1 || runs[0].Position != 2 {
		t.Errorf("stored runs %+v, %v; want one at position 2", runs, err)
	}
}

func TestCompareDialogShowsTwoRuns(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	s := f.openExercise(ref.Title)
	for _, choice := range []string{planner.Approved, planner.Rejected} {
		test.Tap(s.start)
		test.Tap(s.run.step)
		test.Tap(s.run.step)
		s.run.decide(decisionKey{"inj-02", "rl-ceasefire-violations", "resp-snapback"}, choice)
		s.closeRun()
	}
	if len(s.runs) != 2 {
		t.Fatalf("%d runs listed, want 2", len(s.runs))
	}
	s.list.Select(0)
	if s.compare.Disabled() {
		t.Fatal("Compare is disabled with two runs")
	}
	s.showComparison(s.runs[0].ID, s.runs[1].ID)
	overlays := f.win.Canvas().Overlays().List()
	if len(overlays) != 1 {
		t.Fatalf("%d dialogs open, want the comparison", len(overlays))
	}
	found := false
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "1 decision differs") {
			found = true
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, o := range c.Objects {
				walk(o)
			}
		}
		if w, ok := o.(fyne.Widget); ok && !found {
			for _, o := range test.WidgetRenderer(w).Objects() {
				walk(o)
			}
		}
	}
	walk(overlays[0])
	if !found {
		t.Error("the comparison does not say that one decision differs")
	}
}

func TestRunTitleCannotBeEmptied(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	s := f.openExercise(ref.Title)
	test.Tap(s.start)
	r := s.run
	was := r.rec.Title
	r.title.SetText("   ")
	if r.rec.Title != was || !strings.Contains(r.status.Text, "needs a title") {
		t.Errorf("title %q, status %q; want the old title kept and the reason shown", r.rec.Title, r.status.Text)
	}
	r.title.SetText("Tuesday workshop")
	if r.rec.Title != "Tuesday workshop" || !r.dirty {
		t.Errorf("title %q, dirty %v after a valid title", r.rec.Title, r.dirty)
	}
}
