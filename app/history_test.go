package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"redline/storage"
)

// The History tab lists the saved revisions, says in words what changed
// between the newest and the one before (or the unsaved edits), and
// restores an older revision as a new one without losing any.
func TestHistoryComparesAndRestores(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	s := e.history

	e.tabs.Select(e.historyTab)
	if len(s.revs) != 1 || s.newer.Selected != unsavedEdits || !strings.Contains(s.heading.Text, "0 changes") || !s.restore.Disabled() {
		t.Fatalf("one revision: %d listed, comparing %q with %q: %q, restore disabled %v",
			len(s.revs), s.older.Selected, s.newer.Selected, s.heading.Text, s.restore.Disabled())
	}

	// An unsaved edit shows at once against the newest revision.
	e.tabs.Select(e.redLinesTab)
	e.redLines.selectID("rl-ground-incursion")
	e.redLines.title.SetText("Ground incursion across the line")
	e.tabs.Select(e.historyTab)
	const changed = "Red line “Ground incursion across the line”: title “Ground incursion across the contact line” → “Ground incursion across the line”."
	if len(s.changes) != 1 || s.changes[0] != changed {
		t.Errorf("the unsaved edit reads %q", s.changes)
	}

	// Saved, it is revision 2, compared with revision 1.
	e.onSave()
	if len(s.revs) != 2 || s.older.Selected != "Revision 1" || s.newer.Selected != "Revision 2" ||
		len(s.changes) != 1 || s.changes[0] != changed {
		t.Fatalf("after saving: %d revisions, %q with %q: %q", len(s.revs), s.older.Selected, s.newer.Selected, s.changes)
	}
	if name, summary, _ := rowTexts(s.list, 0); name != "Revision 2 · "+s.revs[0].At.Local().Format("2 Jan 2006 15:04")+" · saved by "+storage.DefaultAuthor() ||
		!strings.Contains(summary, "1 red line changed") {
		t.Errorf("the newest revision's row says %q, %q", name, summary)
	}

	// Restore revision 1: it becomes revision 3, with the old title.
	f.ask.confirm = true
	test.Tap(s.restore)
	if got := f.ask.confirmed; len(got) == 0 || !strings.Contains(got[len(got)-1], "Restore revision 1?") {
		t.Fatalf("restoring asked %q", got)
	}
	p, rev, err := f.store.LoadPlan(context.Background(), ref.ID)
	if err != nil || rev != 3 || p.RedLines[0].Title != ref.RedLines[0].Title {
		t.Fatalf("after restoring: revision %d, title %q, %v", rev, p.RedLines[0].Title, err)
	}
	e = f.ui.editor
	if e.model.Plan().RedLines[0].Title != ref.RedLines[0].Title || e.model.Dirty() {
		t.Errorf("the editor shows %q after the restore", e.model.Plan().RedLines[0].Title)
	}
	if e.tabs.Selected() != e.historyTab || len(e.history.revs) != 3 {
		t.Errorf("after the restore the History tab shows %d revisions", len(e.history.revs))
	}
}

// The library's Compare says what changed from the selected plan to
// another, in words.
func TestLibraryComparesTwoPlans(t *testing.T) {
	ref := referencePlan(t)
	other := referencePlan(t)
	other.ID = ""
	other.Title = "Coalition reassurance force — excursion"
	other.RedLines[0].Severity = 3
	f := newFixture(t, ref, other)
	l := f.ui.library
	l.refresh()
	if !l.compare.Disabled() {
		t.Error("Compare is offered with no plan selected")
	}
	i := slices.IndexFunc(l.shown, func(p storage.PlanSummary) bool { return p.Title == ref.Title })
	l.list.Select(i)
	test.Tap(l.compare)
	c := l.compareShown
	if c == nil || c.with.Selected != other.Title {
		t.Fatalf("the comparison is with %v", c)
	}
	if !strings.Contains(c.heading.Text, ": 2 changes.") || !slices.Contains(c.changes,
		"Red line “Ground incursion across the contact line”: severity 5 → 3.") {
		t.Errorf("comparison %q: %q", c.heading.Text, c.changes)
	}
}
