package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// openScreen opens the reference plan in the editor and shows a second
// screen over its model in a window of its own, as the editor's tab would.
func openScreen[S any](t *testing.T, build func(*planModel) S, content func(S) fyne.CanvasObject, size fyne.Size) (*fixture, *editor, S) {
	t.Helper()
	f := newFixture(t, referencePlan(t))
	e := f.open(referencePlan(t).Title)
	s := build(e.model)
	w := test.NewTempWindow(t, content(s))
	w.Resize(size)
	return f, e, s
}

// Numbers are read as the app writes them: 1,500 is fifteen hundred, never
// one; what does not read as a number is refused beside the field.
func TestNumberFieldsReadTheAppsFormat(t *testing.T) {
	for _, tc := range []struct {
		typed   string
		want    int    // personnel taken
		wantErr string // "": taken
	}{
		{"1,500", 1500, ""},
		{"1 500", 1500, ""},
		{"12000", 12000, ""},
		{"1,5", 0, "not a whole number"},
		{"1.5", 0, "whole number"},
		{"2,147,483,647", 2147483647, ""},
		{"2,147,483,648", 0, "from 0 to 2,147,483,647"},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			_, e, s := openForces(t)
			selectContribution(t, s, "c-gb-rrf")
			s.personnel.SetText(tc.typed)
			got := e.model.Plan().Contributions[s.selected].Personnel
			if tc.wantErr != "" {
				if !strings.Contains(s.personnelErr.Text, tc.wantErr) || got != 11000 {
					t.Errorf("%q: error %q, personnel %d", tc.typed, s.personnelErr.Text, got)
				}
				return
			}
			if s.personnelErr.Visible() || got != tc.want {
				t.Errorf("%q: personnel %d, error %q", tc.typed, got, s.personnelErr.Text)
			}
		})
	}
}

// A field whose text the plan cannot take blocks every save, says so on the
// status line, keeps its text when the form shows another entity and back,
// and the status line takes the user to it; fixing it lets the save go.
func TestInvalidFieldBlocksSaving(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	s := e.forces
	e.tabs.Select(e.forcesTab)
	selectContribution(t, s, "c-gb-rrf")
	test.Type(s.personnel, "x")
	typed := s.personnel.Text
	const why = "1 field needs fixing — Personnel of contribution “United Kingdom, rapid reaction”"
	if !s.personnelErr.Visible() || e.model.Plan().Contributions[s.selected].Personnel != 11000 {
		t.Fatalf("%q: error %q; the plan has %d", typed, s.personnelErr.Text, e.model.Plan().Contributions[s.selected].Personnel)
	}
	if inv := e.model.Invalid(); len(inv) != 1 || inv[0].Subject != "c-gb-rrf" || inv[0].Field != "Personnel" {
		t.Fatalf("invalid fields %+v", inv)
	}
	if !e.fix.Visible() || e.fix.Text != why {
		t.Fatalf("status bar: fix %q (visible %v), want %q", e.fix.Text, e.fix.Visible(), why)
	}

	e.overview.title.SetText("Edited") // an edit that would be saved
	f.win.Canvas().(fyne.Shortcutable).TypedShortcut(saveShortcut)
	if _, rev, _ := f.store.LoadPlan(context.Background(), ref.ID); rev != 1 || e.status.Text != "Not saved: "+why {
		t.Fatalf("Ctrl+S with a field to fix: store at %d, status %q", rev, e.status.Text)
	}
	test.Tap(e.save)
	e.autosave()
	if _, rev, _ := f.store.LoadPlan(context.Background(), ref.ID); rev != 1 {
		t.Fatalf("Save or autosave stored revision %d with a field to fix", rev)
	}

	// Another contribution and back: the text is still there.
	selectContribution(t, s, "c-fr-rrf")
	if s.personnelErr.Visible() {
		t.Error("the other contribution shows the error")
	}
	selectContribution(t, s, "c-gb-rrf")
	if s.personnel.Text != typed || !s.personnelErr.Visible() {
		t.Fatalf("back on c-gb-rrf the field shows %q (error %v)", s.personnel.Text, s.personnelErr.Visible())
	}

	// The status line takes the user to the field.
	e.tabs.Select(e.overviewTab)
	selectContribution(t, s, "c-fr-rrf")
	test.Tap(e.fix)
	if e.tabs.Selected() != e.forcesTab || s.id.Text != "c-gb-rrf" || f.win.Canvas().Focused() != s.personnel {
		t.Fatalf("the fix button shows tab %q, %s, focus %v", e.tabs.Selected().Text, s.id.Text, f.win.Canvas().Focused())
	}

	s.personnel.SetText("1,500")
	if e.fix.Visible() || len(e.model.Invalid()) != 0 || e.model.Plan().Contributions[s.selected].Personnel != 1500 {
		t.Fatalf("fixed: fix visible %v, invalid %+v", e.fix.Visible(), e.model.Invalid())
	}
	test.Tap(e.save)
	if stored, rev, _ := f.store.LoadPlan(context.Background(), ref.ID); rev != 2 || stored.Title != "Edited" {
		t.Fatalf("after the fix the store holds %q at %d", stored.Title, rev)
	}
}

// Typing the value back, or undo, reverts the field: nothing is left to fix.
func TestRevertingClearsAnInvalidField(t *testing.T) {
	_, e, s := openForces(t)
	selectContribution(t, s, "c-gb-rrf")
	s.months.SetText("7")
	s.amount.SetText("lots")
	if len(e.model.Invalid()) != 1 {
		t.Fatal("no invalid field recorded")
	}
	s.amount.SetText("0")
	if len(e.model.Invalid()) != 0 || s.amountErr.Visible() {
		t.Fatalf("typing the old value back left %+v", e.model.Invalid())
	}
	s.amount.SetText("lots")
	e.model.Undo() // takes back the months, and every form reloads
	if len(e.model.Invalid()) != 0 || s.amountErr.Visible() || s.amount.Text != "0" {
		t.Fatalf("after undo: invalid %+v, field %q", e.model.Invalid(), s.amount.Text)
	}
}

// Leaving a plan whose only change is a field it did not take asks first;
// Save then says what to fix and stays.
func TestLeavingWithAnInvalidFieldAsks(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	e.tabs.Select(e.injectsTab)
	e.injects.selectID("inj-03")
	e.injects.at.SetText("soon")
	if e.model.Dirty() {
		t.Fatal("a refused time changed the plan")
	}
	f.ask.onUnsaved = func(save, _ func()) { save() }
	test.Tap(findButton(t, e.content, "Plans"))
	if f.ask.unsaved != 1 || f.ui.editor != e {
		t.Fatalf("leaving: %d questions, editor left %v", f.ask.unsaved, f.ui.editor != e)
	}
	if !strings.HasPrefix(e.status.Text, "Not saved: 1 field needs fixing — Time (hours after the start) of inject “Drones from a strike wave stray into Polish and Romanian airspace”") {
		t.Errorf("status %q", e.status.Text)
	}
}

// The plan's own fields are refused as the format refuses them: a title of
// at most 200 characters, a classification of at most 64; entity titles
// have no bound.
func TestTextLimitsComeFromTheFormat(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	e.overview.title.SetText(strings.Repeat("t", planner.MaxPlanTitle+1))
	e.overview.classification.SetText(strings.Repeat("c", planner.MaxClassification+1))
	if !e.overview.titleErr.Visible() || !e.overview.classErr.Visible() || len(e.model.Invalid()) != 2 {
		t.Fatalf("long plan title and classification: %q, %q", e.overview.titleErr.Text, e.overview.classErr.Text)
	}
	if e.model.blocked() != "2 fields need fixing — Title of the plan" {
		t.Errorf("blocked: %q", e.model.blocked())
	}
	e.redLines.selectID(ref.RedLines[0].ID)
	long := strings.Repeat("long ", 100)
	e.redLines.title.SetText(long)
	if e.redLines.titleErr.Visible() || e.model.Plan().RedLines[0].Title != long {
		t.Errorf("a 500-character red line title is refused: %q", e.redLines.titleErr.Text)
	}
}

// focusOrder is the order in which Tab reaches the widgets of want, starting
// from the first of them.
func focusOrder(t *testing.T, c fyne.Canvas, want []fyne.Focusable) []fyne.Focusable {
	t.Helper()
	c.Focus(want[0])
	got := []fyne.Focusable{want[0]}
	for range 60 {
		c.FocusNext()
		if o := c.Focused(); slices.Contains(want, o) && !slices.Contains(got, o) {
			got = append(got, o)
		}
	}
	return got
}

// Tab goes down each form in the order it reads, the threshold's operator
// before its value.
func TestFormsTabOrder(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	f.win.Resize(fyne.NewSize(1200, 1400)) // every field on screen
	rl, resp, c, tm, in := e.redLines, e.responses, e.forces, e.terms, e.injects
	for _, tc := range []struct {
		name string
		tab  *container.TabItem
		add  *widget.Button
		want []fyne.Focusable
	}{
		{"red line", e.redLinesTab, rl.add, []fyne.Focusable{rl.id, rl.title, rl.domain, rl.indicator, rl.op, rl.value, rl.severity, rl.notes}},
		{"response", e.responsesTab, resp.add, []fyne.Focusable{resp.id, resp.title, resp.kind, resp.mechanism, resp.lead, resp.hours}},
		{"contribution", e.forcesTab, c.add, []fyne.Focusable{c.id, c.nation, c.capability, c.personnel, c.amount, c.location, c.activation, c.status, c.months}},
		{"term", e.termsTab, tm.add, []fyne.Focusable{tm.id, tm.kind, tm.stance, tm.value, tm.notes}},
		{"inject", e.injectsTab, in.add, []fyne.Focusable{in.id, in.title, in.at, in.phase}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.tabs.Select(tc.tab)
			test.Tap(tc.add) // a new entry: its id may change, so Tab stops there
			if got := focusOrder(t, f.win.Canvas(), tc.want); !slices.Equal(got, tc.want) {
				t.Errorf("Tab reaches %d of %d fields in order; got %v", len(got), len(tc.want), got)
			}
		})
	}
}

// The severity select says which end is worse.
func TestSeveritySaysWhichEndIsWorse(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	s := e.redLines
	s.selectID(ref.RedLines[0].ID)
	opts := s.severity.Options
	if len(opts) != planner.MaxSeverity-planner.MinSeverity+1 || opts[0] != "1 — least grave" || opts[len(opts)-1] != "5 — gravest" {
		t.Fatalf("severity options %q", opts)
	}
	s.severity.SetSelected("5 — gravest")
	if got := e.model.Plan().RedLines[0].Severity; got != 5 {
		t.Errorf("severity %d, want 5", got)
	}
}

// A finding about a response opens its form scrolled down to the findings,
// which a long form would keep out of sight.
func TestFindingScrollsTheFormToIt(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	f.win.Resize(fyne.NewSize(1000, 500))
	i := slices.IndexFunc(e.model.Findings(), func(x planner.Finding) bool {
		return x.Rule == "capability-gap" && x.Subject == "resp-cyber-defence"
	})
	if i < 0 {
		t.Fatal("no capability-gap finding about resp-cyber-defence")
	}
	e.tabs.Select(e.findingsTab)
	e.findings.list.Select(i)
	s := e.responses
	if e.tabs.Selected() != e.responsesTab || s.id.Text != "resp-cyber-defence" {
		t.Fatalf("the finding opened %q, %s", e.tabs.Selected().Text, s.id.Text)
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(s.findings).Y - d.AbsolutePositionForObject(s.scroll).Y
	if s.scroll.Offset.Y <= 0 || top < 0 || top > s.scroll.Size().Height {
		t.Errorf("the findings are %v below the top of the form's view (scrolled %v, view %v high)", top, s.scroll.Offset.Y, s.scroll.Size().Height)
	}
}

// A nation is named the same way in every picker: "GB — United Kingdom".
func TestActorsNamedAlikeInEveryPicker(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	e.forces.selectID("c-gb-rrf")
	e.responses.selectID("resp-rrf")
	if got := e.forces.nation.Selected; got != "GB — United Kingdom" || got != e.responses.lead.Selected {
		t.Errorf("nation %q, lead %q", got, e.responses.lead.Selected)
	}
	if !slices.Equal(e.forces.nation.Options, e.responses.lead.Options) {
		t.Error("the forces and responses offer different actors")
	}
}

// The leave prompt names the field that keeps the plan from being saved,
// in words, and its Save button says that saving means fixing it.
func TestLeavePromptNamesTheFieldToFix(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	f.realDialogs()
	e.tabs.Select(e.injectsTab)
	e.injects.selectID("inj-03")
	e.injects.at.SetText("soon")
	test.Tap(findButton(t, e.content, "Plans"))
	text := f.dialogText()
	if !strings.Contains(text, "1 field needs fixing — Time (hours after the start) of inject “Drones from a strike wave") {
		t.Errorf("the prompt says %q", text)
	}
	if f.dialogButton("Fix it") == nil {
		t.Error("no Fix it button")
	}
}

// A new plan starts in the ceasefire phase: most of what a plan holds is
// built for a ceasefire (exercise.md, the documents).
func TestNewPlanFromTheLibraryStartsInCeasefire(t *testing.T) {
	f := newFixture(t)
	f.ui.library.onNew()
	if f.ui.editor == nil || f.ui.editor.model.Plan().Phase != planner.PhaseCeasefire {
		t.Fatal("a new plan does not start in the ceasefire phase")
	}
}
