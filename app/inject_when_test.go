package app

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
)

// injectTagOf is the tag the inject list shows beside inject id.
func injectTagOf(s *injectsScreen, id string) string {
	o := s.list.CreateItem()
	s.list.UpdateItem(s.rowOf[injectIndex(s.m.Plan(), id)], o)
	return o.(*fyne.Container).Objects[1].(*widget.Label).Text
}

func whenOf(s *injectsScreen) []planner.Condition { return s.m.Plan().Injects[s.selected].When }

// Conditions are built from pickers: add one, turn it into a question about
// a response's outcome, turn it round with "not", remove it. Each change is
// an edit of a new list, and the row says what it asks in words.
func TestInjectConditionPickerAddRemoveNot(t *testing.T) {
	f, _, s := openInjects(t, nil)
	s.selectID("inj-03")
	if len(whenOf(s)) != 0 || injectTagOf(s, "inj-03") != "" {
		t.Fatalf("inj-03 starts with conditions %v", whenOf(s))
	}
	test.Tap(s.addWhen)
	if got := whenOf(s); !reflect.DeepEqual(got, []planner.Condition{{RedLine: "rl-ground-incursion"}}) {
		t.Fatalf("a new condition is %+v", got)
	}
	row := s.condRows[0]
	if row.words.Text != "It plays only if “Ground incursion across the contact line” was crossed." || row.outcome.Visible() {
		t.Errorf("the new row says %q", row.words.Text)
	}
	if injectTagOf(s, "inj-03") != "branch" {
		t.Errorf("an inject with a condition is tagged %q, not a branch", injectTagOf(s, "inj-03"))
	}
	held := whenOf(s)

	row.kind.SetSelected("Response")
	row = s.condRows[0]
	row.target.SetSelected("Sanctions snapback")
	row.outcome.SetSelected("was rejected by the coalition")
	row.not.SetChecked(true)
	want := []planner.Condition{{Response: "resp-snapback", Outcome: planner.CondRejected, Not: true}}
	if got := whenOf(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("conditions %+v, want %+v", got, want)
	}
	if row.words.Text != "It plays only if the coalition did not reject “Sanctions snapback”." {
		t.Errorf("the row says %q", row.words.Text)
	}
	if !reflect.DeepEqual(held, []planner.Condition{{RedLine: "rl-ground-incursion"}}) {
		t.Error("an edit wrote through the conditions held before it")
	}
	// The preview follows: with no decision taken, the snapback was not
	// rejected, so inj-03 plays.
	if !strings.HasPrefix(s.preview.Text, "Played now, with no decision taken, it would:\n• cross “Drones or missiles entering NATO airspace”") {
		t.Errorf("preview %q", s.preview.Text)
	}

	test.Tap(s.addWhen)
	if n := len(whenOf(s)); n != 2 || len(s.condRows) != 2 {
		t.Fatalf("%d conditions after a second add", n)
	}
	test.Tap(s.condRows[0].remove)
	if got := whenOf(s); !reflect.DeepEqual(got, []planner.Condition{{RedLine: "rl-ground-incursion"}}) {
		t.Fatalf("after removing the first the conditions are %+v", got)
	}
	test.Tap(s.condRows[0].remove)
	if whenOf(s) != nil || injectTagOf(s, "inj-03") != "" || len(s.condRows) != 0 {
		t.Errorf("with every condition removed: %+v, tag %q", whenOf(s), injectTagOf(s, "inj-03"))
	}
	f.ui.onUndo()
	if len(whenOf(s)) != 1 || len(s.condRows) != 1 {
		t.Errorf("undo brought back %d conditions, the form shows %d", len(whenOf(s)), len(s.condRows))
	}
}

// A condition that names what the plan does not have is flagged at its
// row, and the preview says the plan cannot be played; picking one fixes
// both.
func TestInjectConditionNamingAMissingIDIsFlagged(t *testing.T) {
	p := referencePlan(t)
	p.Injects[injectIndex(p, "inj-03")].When = []planner.Condition{{RedLine: "rl-gone"}}
	_, _, s := openInjects(t, p)
	s.selectID("inj-03")
	row := s.condRows[0]
	if row.words.Text != "“rl-gone” is no red line of this plan, so the plan cannot be run: pick one, or remove the condition." ||
		row.words.Importance != widget.DangerImportance || row.target.PlaceHolder != "rl-gone (not in this plan)" {
		t.Errorf("the row says %q (%v), the picker %q", row.words.Text, row.words.Importance, row.target.PlaceHolder)
	}
	if !strings.HasPrefix(s.preview.Text, "The plan cannot be played as it stands: ") {
		t.Errorf("preview %q", s.preview.Text)
	}
	assertMarkup(t, "injects/condition_missing.xml", s.whenBox, fyne.NewSize(520, 0))

	row.target.SetSelected("Sustained ceasefire violations")
	if got := whenOf(s); !reflect.DeepEqual(got, []planner.Condition{{RedLine: "rl-ceasefire-violations"}}) {
		t.Fatalf("conditions %+v", got)
	}
	if row.words.Importance != widget.LowImportance || !strings.HasPrefix(s.preview.Text, "Played now") {
		t.Errorf("fixed, the row says %q and the preview %q", row.words.Text, s.preview.Text)
	}
}

// A branch is marked in the list and on the timeline (a ring, named in the
// legend), and its form shows its condition.
func TestInjectBranchMark(t *testing.T) {
	_, _, s := openInjects(t, nil)
	for _, c := range []struct{ id, tag string }{
		{"inj-02", ""}, {"inj-02a", "branch"}, {"inj-02b", "branch"}, {"inj-06", "→ War"}, {"inj-10b", "branch"},
	} {
		if got := injectTagOf(s, c.id); got != c.tag {
			t.Errorf("%s is tagged %q, want %q", c.id, got, c.tag)
		}
	}
	rings := 0
	for _, o := range s.timeline.draw(s.timeline.Size()) {
		if c, ok := o.(*canvas.Circle); ok && c.StrokeWidth > 0 && c.Size().Width == timelineDot {
			rings++
		}
	}
	if rings != 4 {
		t.Errorf("the timeline draws %d rings, want one per branch (4)", rings)
	}
	s.selectID("inj-02b")
	if !timelineHas(s, "T+16h · Violations ease while the coalition wei… (branch)") {
		t.Errorf("the timeline does not name the selected branch: %v", timelineTexts(s))
	}
	assertMarkup(t, "injects/condition_not_rejected.xml", s.whenBox, fyne.NewSize(520, 0))
}

func timelineHas(s *injectsScreen, text string) bool {
	for _, t := range timelineTexts(s) {
		if t == text {
			return true
		}
	}
	return false
}

// The preview plays the script up to the inject with no decision taken
// and says in words what it would cross and do, and follows edits.
func TestInjectPreviewSaysWhatItWouldDo(t *testing.T) {
	_, _, s := openInjects(t, nil)
	s.selectID("inj-02")
	want := "Played now, with no decision taken, it would:\n" +
		"• cross “Sustained ceasefire violations”\n" +
		"• fire “US and allied ISR and intelligence surge” (in effect at T+24h)\n" +
		"• put “Suspend negotiations and recall coalition envoys” and “Sanctions snapback” to the coalition\n" +
		"Phase after it: Ceasefire."
	if s.preview.Text != want {
		t.Errorf("inj-02's preview:\n%s\nwant\n%s", s.preview.Text, want)
	}
	s.selectID("inj-02a")
	if want := "Played now, with no decision taken, it would be skipped: it plays only if the coalition rejected “Sanctions snapback”."; s.preview.Text != want {
		t.Errorf("inj-02a's preview %q, want %q", s.preview.Text, want)
	}
	s.selectID("inj-07")
	if !strings.Contains(s.preview.Text, "• find “Naval escort for Black Sea merchant shipping” blocked because it uses contribution “Turkey, naval”, which activates only after a ceasefire") {
		t.Errorf("inj-07's preview does not say why the escort is blocked:\n%s", s.preview.Text)
	}
	// A reading below the threshold crosses nothing.
	s.selectID("inj-02")
	s.obsRows[0].value.SetText("1")
	if want := "Played now, it would cross no red line. Phase after it: Ceasefire."; s.preview.Text != want {
		t.Errorf("after the edit the preview is %q, want %q", s.preview.Text, want)
	}
}

// On a large plan the preview is worked out in the background on a
// snapshot, and a preview asked for later wins over one that returns late.
func TestInjectPreviewOfALargePlanIsWorkedOutInTheBackground(t *testing.T) {
	ref := referencePlan(t)
	for i := len(ref.RedLines); edit.Size(ref) < largePlan; i++ {
		ref.RedLines = append(ref.RedLines, planner.RedLine{
			ID: fmt.Sprintf("bulk-%d", i), Title: "Bulk", Domain: planner.DomainLand, Severity: 1})
	}
	f, e, s := openInjects(t, ref)
	e.deterrence.close() // the scorecard's background work has its own test
	var queued []func()
	f.ui.background = func(fn func()) { queued = append(queued, fn) }
	s.selectID("inj-02")
	was := s.preview.Text
	s.selectID("inj-02a")
	if len(queued) != 2 || s.preview.Text != was {
		t.Fatalf("%d previews queued, the preview reads %q; want 2 queued and nothing shown yet", len(queued), s.preview.Text)
	}
	queued[1]()
	want := "Played now, with no decision taken, it would be skipped: it plays only if the coalition rejected “Sanctions snapback”."
	if s.preview.Text != want {
		t.Fatalf("the latest preview reads %q", s.preview.Text)
	}
	queued[0]() // inj-02's, asked for before
	if s.preview.Text != want {
		t.Errorf("a stale preview replaced the latest: %q", s.preview.Text)
	}
}

// assertMarkup draws o alone, at size (a height of 0 takes o's own) and
// compares it with the golden testdata/name; a mismatch prints the diff
// and writes what was drawn to testdata/failed.
func assertMarkup(t *testing.T, name string, o fyne.CanvasObject, size fyne.Size) {
	t.Helper()
	w := test.NewTempWindow(t, o)
	w.SetPadded(false)
	if size.Height == 0 {
		size.Height = o.MinSize().Height
	}
	w.Resize(size)
	test.AssertRendersToMarkup(t, name, w.Canvas())
}
