package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// The Overview counts people on the ground in Ukraine and the Forces totals
// every live contribution: France has 14,450 on the ground and 14,850 in
// all, and each screen says which it counts.
func TestFiguresSayWhatTheyCount(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	o := e.overview
	if o.presence.Text != planner.Thousands(planner.ForeignGroundPresence(ref)) {
		t.Errorf("foreign personnel in Ukraine %q, want T = %d", o.presence.Text, planner.ForeignGroundPresence(ref))
	}
	if !strings.Contains(o.presenceScope.Text, planner.GroundInUkraine.Describe()) {
		t.Errorf("the Overview's figure does not say what it counts: %q", o.presenceScope.Text)
	}
	if !strings.Contains(o.byNation.Text, "France 14,450") {
		t.Errorf("by nation %q lacks France 14,450", o.byNation.Text)
	}
	if !strings.Contains(o.firmnessScope.Text, planner.AllForces.Describe()) {
		t.Errorf("the status breakdown does not say what it counts: %q", o.firmnessScope.Text)
	}

	s := e.forces
	fr := slices.IndexFunc(s.rows, func(n planner.NationForces) bool { return n.Nation == "FR" })
	if fr < 0 {
		t.Fatal("no row for France")
	}
	if got := tableCellText(s.presence, widget.TableCellID{Row: fr, Col: len(planner.Locations)}); got != "14,850" {
		t.Errorf("France in the Forces totals %q, want 14,850", got)
	}
	if !strings.Contains(s.presenceNote.Text, planner.AllForces.Describe()) {
		t.Errorf("the Forces totals do not say what they count: %q", s.presenceNote.Text)
	}
	s.groundOnly.SetChecked(true)
	if got := tableCellText(s.presence, widget.TableCellID{Row: fr, Col: len(planner.Locations)}); got != "14,450" ||
		!strings.Contains(s.presenceNote.Text, planner.GroundInUkraine.Describe()) {
		t.Errorf("on the ground only: France %q, caption %q", got, s.presenceNote.Text)
	}
}

// Red lines answered is the planner's count, and follows the matrix.
func TestOverviewAnsweredFollowsTheMatrix(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	n := planner.Answered(ref)
	if want := planner.Thousands(n) + " of " + planner.Thousands(len(ref.RedLines)); e.overview.answered.Text != want {
		t.Fatalf("answered %q, want %q", e.overview.answered.Text, want)
	}
	rl := ref.RedLines[0].ID
	for _, l := range slices.Clone(e.model.Plan().Links) {
		if l.RedLine == rl {
			e.model.SetLink(l.RedLine, l.Response, "")
		}
	}
	if want := planner.Thousands(n-1) + " of "; !strings.HasPrefix(e.overview.answered.Text, want) {
		t.Errorf("after unlinking %s: answered %q, want %q…", rl, e.overview.answered.Text, want)
	}
}
