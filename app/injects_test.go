package app

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/seeds"
	"redline/storage"
)

// openInjects opens plan p (the reference plan when nil) in the editor and
// shows its injects screen in a window of its own, as the editor's tab would.
func openInjects(t *testing.T, p *planner.Plan) (*fixture, *editor, *injectsScreen) {
	t.Helper()
	if p == nil {
		p = referencePlan(t)
	}
	f := newFixture(t, p)
	f.ui.now = stepClock(time.Second) // every edit an undo step of its own
	e := f.open(p.Title)
	e.tabs.Select(e.injectsTab)
	f.win.Resize(fyne.NewSize(1100, 800))
	return f, e, e.injects
}

// injectRows is what the list shows, row by row.
func injectRows(s *injectsScreen) []string {
	var out []string
	for row := range s.list.Length() {
		o := s.list.CreateItem()
		s.list.UpdateItem(row, o)
		out = append(out, o.(*fyne.Container).Objects[0].(*widget.Label).Text)
	}
	return out
}

// rowIDs is the ids of the injects the list's rows show, in order; each
// row shows its inject's title.
func rowIDs(s *injectsScreen) []string {
	return rowIDsN(s, s.list.Length())
}

// playedIDs is the order the exercise engine plays the plan's injects in.
func playedIDs(t *testing.T, p *planner.Plan) []string {
	t.Helper()
	res, err := planner.RunExercise(p, seeds.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ev := range res.Events {
		out = append(out, ev.Inject)
	}
	return out
}

func sameInject(a, b planner.Inject) bool {
	return a.ID == b.ID && a.AtHours == b.AtHours && a.Title == b.Title && a.Phase == b.Phase &&
		slices.Equal(a.Observations, b.Observations)
}

func injectIndex(p *planner.Plan, id string) int {
	return slices.IndexFunc(p.Injects, func(in planner.Inject) bool { return in.ID == id })
}

// timelineTexts is the text the timeline draws.
func timelineTexts(s *injectsScreen) []string {
	var out []string
	for _, o := range s.timeline.draw(s.timeline.Size()) {
		if t, ok := o.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
	}
	return out
}

// tapTimelineAt taps the timeline where it draws the inject with that id.
func tapTimelineAt(t *testing.T, s *injectsScreen, id string) {
	t.Helper()
	i := injectIndex(s.m.Plan(), id)
	row := s.rowOf[i]
	for b := range s.timeline.from {
		if s.timeline.from[b] >= 0 && row >= s.timeline.from[b] && row < s.timeline.to[b] {
			test.TapAt(s.timeline, fyne.NewPos(s.timeline.left+float32(b)*timelineBin, 40))
			return
		}
	}
	t.Fatalf("the timeline draws no marker for %s", id)
}

func TestInjectsListInPlayOrder(t *testing.T) {
	p := referencePlan(t)
	// File order is not play order: the engine plays by time.
	p.Injects[0].AtHours = 100
	_, e, s := openInjects(t, p)
	if got, want := rowIDs(s), playedIDs(t, e.model.Plan()); !slices.Equal(got, want) {
		t.Fatalf("list shows %v, the exercise plays %v", got, want)
	}
	rows := injectRows(s)
	if !strings.HasPrefix(rows[0], "T+12h   Ceasefire violations") {
		t.Errorf("first row %q", rows[0])
	}
	if !slices.Contains(rows, "T+100h   "+p.Injects[0].Title) {
		t.Errorf("inj-01 at T+100h is not listed: %v", rows)
	}
	// A phase change is tagged in the row.
	o := s.list.CreateItem()
	s.list.UpdateItem(s.rowOf[injectIndex(p, "inj-06")], o)
	if tag := o.(*fyne.Container).Objects[1].(*widget.Label).Text; tag != "→ War" {
		t.Errorf("inj-06 row tag %q, want → War", tag)
	}
}

func TestInjectSelectFillsForm(t *testing.T) {
	_, e, s := openInjects(t, nil)
	if !s.selectID("inj-06") {
		t.Fatal("no inj-06")
	}
	in := e.model.Plan().Injects[s.selected]
	for _, c := range []struct{ field, got, want string }{
		{"id", s.id.Text, "inj-06"},
		{"title", s.title.Text, in.Title},
		{"at", s.at.Text, "48"},
		{"clock", s.atClock.Text, "T+48h · day 3, 00:00"},
		{"phase", s.phase.Selected, "War"},
		{"phase note", s.phaseNote.Text, "in force after it: War"},
	} {
		if c.got != c.want {
			t.Errorf("%s shows %q, want %q", c.field, c.got, c.want)
		}
	}
	if len(s.obsRows) != 3 {
		t.Fatalf("%d observation rows, want 3", len(s.obsRows))
	}
	r := s.obsRows[0]
	if r.indicator.Selected != "adversary troops crossing the ceasefire / contact line" || r.value.Text != "6000" ||
		r.unit.Text != "personnel" || r.indErr.Visible() {
		t.Errorf("first observation row: %q = %q %q (flag %v)", r.indicator.Selected, r.value.Text, r.unit.Text, r.indErr.Visible())
	}
	if !s.id.Disabled() {
		t.Error("the id of a stored inject can be edited")
	}
	if s.selectID("inj-nowhere") {
		t.Error("selectID reports an inject that is not there")
	}
}

// An inject added through the form, with two observations, shows in the
// list and on the timeline, and the exercise plays it.
func TestInjectAddWithTwoObservations(t *testing.T) {
	_, e, s := openInjects(t, nil)
	n := len(e.model.Plan().Injects)
	test.Tap(s.add)
	id := s.id.Text
	if len(e.model.Plan().Injects) != n+1 || e.model.Plan().Injects[n].ID != id || s.id.Disabled() {
		t.Fatalf("Add did not append an editable inject %q", id)
	}
	if got := e.model.Plan().Injects[n].AtHours; got != 168+injectGap {
		t.Errorf("a new inject is at T+%gh, want %d h after the last", got, injectGap)
	}
	s.title.SetText("")
	test.Type(s.title, "Sabotage wave and a strike on the grid")
	s.at.SetText("")
	test.Type(s.at, "25.5")
	if s.atClock.Text != "T+25.5h · day 2, 01:30" {
		t.Errorf("clock says %q", s.atClock.Text)
	}
	test.Tap(s.addObs)
	test.Tap(s.addObs)
	if len(s.obsRows) != 2 {
		t.Fatalf("%d observation rows after two taps", len(s.obsRows))
	}
	s.obsRows[0].indicator.SetSelected("strikes on Ukrainian energy infrastructure")
	s.obsRows[0].value.SetText("")
	test.Type(s.obsRows[0].value, "14")
	s.obsRows[1].indicator.SetSelected("significant cyber attacks on critical infrastructure")
	s.obsRows[1].value.SetText("")
	test.Type(s.obsRows[1].value, "3")
	if u := s.obsRows[1].unit.Text; u != "attacks/week" {
		t.Errorf("unit beside the cyber reading %q", u)
	}

	got := e.model.Plan().Injects[n]
	want := planner.Inject{ID: id, AtHours: 25.5, Title: "Sabotage wave and a strike on the grid",
		Observations: []planner.Observation{{Indicator: "strikes_energy", Value: 14}, {Indicator: "critical_cyber_attacks", Value: 3}}}
	if !sameInject(got, want) {
		t.Fatalf("inject in the model %+v, want %+v", got, want)
	}
	// Listed at its time, between T+20h and T+30h, and still selected.
	ids := rowIDs(s)
	if k := slices.Index(ids, id); k < 0 || ids[k-1] != "inj-03" || ids[k+1] != "inj-04" {
		t.Errorf("list order %v", ids)
	}
	if s.selected != n || s.at.Text != "25.5" {
		t.Errorf("the selection did not follow the inject: selected %d, at %q", s.selected, s.at.Text)
	}
	if !slices.Contains(timelineTexts(s), "T+25.5h · Sabotage wave and a strike on the grid") {
		t.Errorf("the timeline does not name the selected inject: %v", timelineTexts(s))
	}
	res, err := planner.RunExercise(e.model.Plan(), seeds.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(res.Events, func(ev planner.Event) bool { return ev.Inject == id })
	if i < 0 || !slices.Equal(res.Events[i].Crossed, []string{"rl-energy-strikes", "rl-cyber"}) {
		t.Errorf("the exercise does not cross the grid and cyber red lines at %s: %+v", id, res.Events)
	}
}

func TestInjectBadFieldsAreRefused(t *testing.T) {
	at := func(s *injectsScreen) (*widget.Entry, *widget.Label) { return s.at, s.atErr }
	id := func(s *injectsScreen) (*widget.Entry, *widget.Label) { return s.id, s.idErr }
	for _, tc := range []struct {
		name    string
		field   func(s *injectsScreen) (*widget.Entry, *widget.Label)
		good    string // a value the field takes
		bad     string
		wantErr string
	}{
		{"time not a number", at, "7", "12h", "not a number"},
		{"negative time", at, "7", "-3", "cannot be negative"},
		{"empty time", at, "7", "", "needs a time"},
		{"empty id", id, "inj-new", "", "needs an id"},
		{"duplicate id", id, "inj-new", "inj-02", "already the id"},
		{"id of a red line", id, "inj-new", "rl-cyber", "already the id"},
		{"bad id", id, "inj-new", "inj 9", "1–64 characters"},
		{"empty title", func(s *injectsScreen) (*widget.Entry, *widget.Label) { return s.title, s.titleErr }, "T", " ", "needs a title"},
		{"reading not a number", func(s *injectsScreen) (*widget.Entry, *widget.Label) {
			return s.obsRows[0].value, s.obsRows[0].valueErr
		}, "2", "lots", "not a number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, e, s := openInjects(t, nil)
			test.Tap(s.add) // a fresh inject: its id may change
			test.Tap(s.addObs)
			entry, errLabel := tc.field(s)
			entry.SetText(tc.good)
			before := e.model.Plan().Injects[s.selected]
			if errLabel.Visible() {
				t.Fatalf("%q refused: %s", tc.good, errLabel.Text)
			}
			entry.SetText(tc.bad)
			if !errLabel.Visible() || !strings.Contains(errLabel.Text, tc.wantErr) {
				t.Errorf("%q shows error %q (visible %v), want %q", tc.bad, errLabel.Text, errLabel.Visible(), tc.wantErr)
			}
			if after := e.model.Plan().Injects[s.selected]; !sameInject(before, after) {
				t.Errorf("%q reached the model: %+v, was %+v", tc.bad, after, before)
			}
			if entry.Text != tc.bad {
				t.Errorf("the field lost what was typed: %q", entry.Text)
			}
		})
	}
	t.Run("a good value clears the error", func(t *testing.T) {
		_, e, s := openInjects(t, nil)
		s.selectID("inj-03")
		test.Type(s.at, "x")
		if !s.atErr.Visible() {
			t.Fatal("no error for 20x")
		}
		s.at.SetText("22")
		if s.atErr.Visible() || e.model.Plan().Injects[s.selected].AtHours != 22 {
			t.Errorf("22 left the error %q; model %g", s.atErr.Text, e.model.Plan().Injects[s.selected].AtHours)
		}
	})
}

// A plan that arrives with an observation of an indicator nobody declares
// shows it flagged at the field; picking a known one fixes it.
func TestInjectUnknownIndicatorIsFlagged(t *testing.T) {
	p := referencePlan(t)
	k := injectIndex(p, "inj-04")
	p.Injects[k].Observations = []planner.Observation{{Indicator: "rail_sabotage", Value: 3}, p.Injects[k].Observations[0]}
	_, e, s := openInjects(t, p)
	if !hasFinding(e, "invalid-reference", "inj-04") {
		t.Fatal("the checker does not report the unknown indicator")
	}
	s.selectID("inj-04")
	r := s.obsRows[0]
	if !r.indErr.Visible() || !strings.Contains(r.indErr.Text, `"rail_sabotage" is not a known indicator`) ||
		r.indErr.Importance != widget.DangerImportance {
		t.Fatalf("the unknown indicator is not flagged: %q (visible %v)", r.indErr.Text, r.indErr.Visible())
	}
	if r.indicator.Selected != "" || r.indicator.PlaceHolder != "rail_sabotage (unknown)" || slices.Contains(r.indicator.Options, "rail_sabotage") {
		t.Errorf("picker shows %q / %q; it must show the key but offer only known indicators", r.indicator.Selected, r.indicator.PlaceHolder)
	}
	if s.obsRows[1].indErr.Visible() {
		t.Error("a known indicator is flagged too")
	}
	if !strings.Contains(s.findings.Text, "invalid-reference") {
		t.Errorf("the form's findings do not say it: %q", s.findings.Text)
	}

	r.indicator.SetSelected("attacks on coalition personnel or bases in Ukraine")
	got := e.model.Plan().Injects[k].Observations[0]
	if got.Indicator != "attacks_on_allied_forces" || got.Value != 3 {
		t.Fatalf("observation in the model %+v", got)
	}
	if r.indErr.Visible() || r.unit.Text != "attacks" || hasFinding(e, "invalid-reference", "inj-04") {
		t.Errorf("picking a known indicator left the flag (%v) or the finding; unit %q", r.indErr.Visible(), r.unit.Text)
	}
}

// Move up and down change the order of injects at the same time, which is
// the order they play in; an inject alone at its time cannot move.
func TestInjectReorderAmongEqualTimes(t *testing.T) {
	f, e, s := openInjects(t, nil)
	s.selectID("inj-09") // T+72h, after inj-08 at the same time
	if s.up.Disabled() || !s.down.Disabled() {
		t.Fatalf("inj-09: up disabled %v, down disabled %v", s.up.Disabled(), s.down.Disabled())
	}
	heldCopy := slices.Clone(e.model.Plan().Injects)
	test.Tap(s.up)
	p := e.model.Plan()
	if i8, i9 := injectIndex(p, "inj-08"), injectIndex(p, "inj-09"); i9 > i8 {
		t.Fatalf("inj-09 still after inj-08 in the plan (%d, %d)", i9, i8)
	}
	played := playedIDs(t, p)
	if k := slices.Index(played, "inj-09"); played[k+1] != "inj-08" {
		t.Errorf("the exercise plays %v", played)
	}
	if !slices.Equal(rowIDs(s), played) {
		t.Errorf("list %v, played %v", rowIDs(s), played)
	}
	if s.m.Plan().Injects[s.selected].ID != "inj-09" || s.id.Text != "inj-09" || !s.up.Disabled() || s.down.Disabled() {
		t.Errorf("after Move up: selected %s, up disabled %v, down disabled %v", s.id.Text, s.up.Disabled(), s.down.Disabled())
	}
	if !slices.EqualFunc(e.model.State(0).Injects, heldCopy, sameInject) {
		t.Error("the move wrote through into the undo history")
	}

	f.ui.onUndo()
	if played := playedIDs(t, e.model.Plan()); played[slices.Index(played, "inj-08")+1] != "inj-09" {
		t.Errorf("undo did not restore the order: %v", played)
	}
	if s.m.Plan().Injects[s.selected].ID != "inj-09" || s.id.Text != "inj-09" {
		t.Errorf("after undo the form shows %s", s.id.Text)
	}

	s.selectID("inj-05") // alone at T+40h
	if !s.up.Disabled() || !s.down.Disabled() || !strings.Contains(s.moveHint.Text, "only inject at T+40h") {
		t.Errorf("inj-05 can move; hint %q", s.moveHint.Text)
	}
	before := slices.Clone(e.model.Plan().Injects)
	s.move(-1)
	if !slices.EqualFunc(before, e.model.Plan().Injects, sameInject) {
		t.Error("an inject alone at its time moved")
	}
}

// Changing the time moves the inject in the list; the selection and the
// field being typed in stay.
func TestInjectTimeMovesItInTheList(t *testing.T) {
	_, e, s := openInjects(t, nil)
	s.selectID("inj-02")
	s.at.SetText("")
	test.Type(s.at, "95.5")
	if s.at.Text != "95.5" || s.id.Text != "inj-02" {
		t.Fatalf("typing the time: field %q, form shows %s", s.at.Text, s.id.Text)
	}
	ids := rowIDs(s)
	if k := slices.Index(ids, "inj-02"); ids[k-1] != "inj-10b" || ids[k+1] != "inj-11" {
		t.Errorf("list order %v", ids)
	}
	if !slices.Equal(ids, playedIDs(t, e.model.Plan())) {
		t.Error("list and exercise disagree")
	}
	if s.listRow != s.rowOf[s.selected] {
		t.Errorf("list selects row %d, the inject is at row %d", s.listRow, s.rowOf[s.selected])
	}
}

func TestInjectDeleteAndUndo(t *testing.T) {
	f, e, s := openInjects(t, nil)
	ref := referencePlan(t)
	s.selectID("inj-04")
	test.Tap(s.remove)
	if injectIndex(e.model.Plan(), "inj-04") >= 0 || len(e.model.Plan().Injects) != len(ref.Injects)-1 || s.form.Visible() {
		t.Fatal("Delete did not remove inj-04")
	}
	if slices.Contains(rowIDs(s), "inj-04") || s.list.Length() != len(ref.Injects)-1 {
		t.Errorf("the list still shows inj-04: %v", rowIDs(s))
	}
	f.ui.onUndo()
	if !slices.EqualFunc(e.model.Plan().Injects, ref.Injects, sameInject) {
		t.Fatal("undo did not restore the script")
	}
	if !slices.Contains(rowIDs(s), "inj-04") {
		t.Errorf("after undo the list lacks inj-04: %v", rowIDs(s))
	}
	f.ui.onRedo()
	if injectIndex(e.model.Plan(), "inj-04") >= 0 {
		t.Error("redo did not delete inj-04 again")
	}

	// An edit undone shows the old value in the form.
	s.selectID("inj-03")
	s.title.SetText("Changed")
	f.ui.onUndo()
	old := ref.Injects[injectIndex(ref, "inj-03")].Title
	if s.title.Text != old || e.model.Plan().Injects[s.selected].Title != old {
		t.Errorf("after undo the form shows %q", s.title.Text)
	}
	// Removing an observation is an edit too.
	s.selectID("inj-04")
	n := len(e.model.Plan().Injects[s.selected].Observations)
	test.Tap(s.obsRows[0].remove)
	if len(e.model.Plan().Injects[s.selected].Observations) != n-1 || len(s.obsRows) != n-1 {
		t.Fatalf("removing a reading left %d", len(e.model.Plan().Injects[s.selected].Observations))
	}
	f.ui.onUndo()
	if len(e.model.Plan().Injects[s.selected].Observations) != n || len(s.obsRows) != n {
		t.Errorf("undo did not bring the reading back")
	}
}

// Every template of the library goes into the reference plan as a new
// inject; the plan gains no invalid reference and the exercise plays them
// all.
func TestInjectLibraryInsertsEveryTemplate(t *testing.T) {
	f, e, s := openInjects(t, nil)
	tpls := seeds.InjectTemplates()
	var ids []string
	for k, tp := range tpls {
		last := s.nextTime()
		test.Tap(s.library)
		l := s.picker
		if l == nil || l.list.Length() != len(tpls) || !l.insert.Disabled() {
			t.Fatal("the library did not open with its templates and Insert disabled")
		}
		if l.at.Text != fieldNumber(last) {
			t.Errorf("the library suggests T+%sh, want %gh", l.at.Text, last)
		}
		l.list.Select(k)
		if !strings.Contains(l.detail.Text, tp.Basis) {
			t.Errorf("the detail does not describe %s: %q", tp.ID, l.detail.Text)
		}
		test.Tap(l.insert)
		id := tp.ID + "-1"
		ids = append(ids, id)
		i := injectIndex(e.model.Plan(), id)
		if i < 0 {
			t.Fatalf("inserting %s added no inject %s", tp.ID, id)
		}
		if got := e.model.Plan().Injects[i]; got.AtHours != last || got.Title != tp.Title || got.Phase != tp.Phase ||
			!slices.Equal(got.Observations, tp.Observations) {
			t.Errorf("inserted %+v from %+v", got, tp)
		}
		if s.selected != i || s.id.Text != id || s.id.Disabled() {
			t.Errorf("the inserted %s is not selected for editing", id)
		}
	}
	for _, fd := range planner.Check(e.model.Plan(), f.ui.cat, e.model.prof) {
		if fd.Rule == "invalid-reference" || fd.Rule == "duplicate-id" {
			t.Errorf("finding after the inserts: %s %s %s", fd.Rule, fd.Subject, fd.Message)
		}
	}
	played := playedIDs(t, e.model.Plan())
	if !slices.Equal(played[len(played)-len(ids):], ids) {
		t.Errorf("the exercise plays %v; want the inserted %v at the end", played, ids)
	}
	res, _ := planner.RunExercise(e.model.Plan(), f.ui.cat)
	if ev := res.Events[len(res.Events)-1]; ev.Inject != "ceasefire-collapsed-1" || ev.Phase != planner.PhaseWar {
		t.Errorf("last event %+v", ev)
	}

	// A template inserted twice gets a new id; an inserted inject is one
	// undo step.
	test.Tap(s.library)
	s.picker.list.Select(0)
	s.picker.at.SetText("5")
	test.Tap(s.picker.insert)
	id := tpls[0].ID + "-2"
	if i := injectIndex(e.model.Plan(), id); i < 0 || e.model.Plan().Injects[i].AtHours != 5 || s.rowOf[i] != 1 {
		t.Fatalf("the second %s is not %s at T+5h, second in the list", tpls[0].ID, id)
	}
	f.ui.onUndo()
	if injectIndex(e.model.Plan(), id) >= 0 || injectIndex(e.model.Plan(), ids[len(ids)-1]) < 0 {
		t.Error("undo did not take back just the last insert")
	}

	// A bad time is refused in the dialog.
	test.Tap(s.library)
	s.picker.list.Select(0)
	s.picker.at.SetText("soon")
	n := len(e.model.Plan().Injects)
	test.Tap(s.picker.insert)
	if len(e.model.Plan().Injects) != n || !s.picker.atErr.Visible() {
		t.Errorf("a time of %q was taken, or not refused (%q)", "soon", s.picker.atErr.Text)
	}
	test.Tap(s.picker.cancel)
}

// The timeline marks every inject, names the phase changes and the selected
// inject, and a click on a marker selects it.
func TestInjectTimeline(t *testing.T) {
	_, e, s := openInjects(t, nil)
	texts := timelineTexts(s)
	for _, want := range []string{"→ War", "→ Ceasefire", "T+0h", "T+168h", "day 1", "day 7"} {
		if !slices.Contains(texts, want) {
			t.Errorf("timeline lacks %q: %v", want, texts)
		}
	}
	marked := 0
	for b := range s.timeline.from {
		if s.timeline.from[b] >= 0 {
			marked += s.timeline.to[b] - s.timeline.from[b]
		}
	}
	if marked != len(e.model.Plan().Injects) {
		t.Errorf("the timeline marks %d injects of %d", marked, len(e.model.Plan().Injects))
	}

	tapTimelineAt(t, s, "inj-05")
	if s.id.Text != "inj-05" || s.rowOf[s.selected] != s.listRow {
		t.Fatalf("a click on inj-05's marker selected %q", s.id.Text)
	}
	if !slices.Contains(timelineTexts(s), "T+40h · Russian units push across the contact l…") {
		t.Errorf("the timeline does not name the selected inject by its title: %v", timelineTexts(s))
	}
	// inj-08 and inj-09 share T+72h: one click selects the first, the next
	// click the second, then the first again.
	for _, want := range []string{"inj-08", "inj-09", "inj-08"} {
		tapTimelineAt(t, s, "inj-08")
		if s.id.Text != want {
			t.Fatalf("click at T+72h selected %s, want %s", s.id.Text, want)
		}
	}
	// Far from any marker, a click selects nothing.
	test.TapAt(s.timeline, fyne.NewPos(s.timeline.Size().Width-5, 40))
	if s.id.Text != "inj-08" {
		t.Errorf("a click beside the axis selected %s", s.id.Text)
	}
}

// The benchmark plan's 10,000 injects: the list stays virtual and the
// timeline draws columns, not an object per inject.
func TestInjectTimelineLargeScript(t *testing.T) {
	f := newFixture(t)
	p := planner.Generate(planner.LargePlan)
	if len(p.Injects) < 10000 {
		t.Fatalf("the large plan has %d injects", len(p.Injects))
	}
	m := newPlanModel(f.ui, p, 0)
	s := newInjectsScreen(m)
	w := test.NewTempWindow(t, s.content)
	w.Resize(fyne.NewSize(1400, 900))
	objs := s.timeline.draw(s.timeline.Size())
	if n := len(objs); n == 0 || n > 1500 {
		t.Fatalf("the timeline draws %d objects for %d injects", n, len(p.Injects))
	}
	marked := 0
	for b := range s.timeline.from {
		if s.timeline.from[b] >= 0 {
			marked += s.timeline.to[b] - s.timeline.from[b]
		}
	}
	if marked != len(p.Injects) {
		t.Errorf("the columns hold %d injects of %d", marked, len(p.Injects))
	}
	if !slices.Equal(rowIDsN(s, 5), playedIDs(t, p)[:5]) {
		t.Error("the list does not start with the first injects played")
	}
	last := s.order[len(s.order)-1]
	s.selectIndex(last)
	test.TapAt(s.timeline, fyne.NewPos(s.timeline.left, 40))
	if s.rowOf[s.selected] != 0 {
		t.Errorf("a click at T+0 selected row %d", s.rowOf[s.selected])
	}
}

// BenchmarkTimelineLargeScript is what drawing the timeline of the large
// plan's 10,000 injects costs (it was a timed assertion in a test).
func BenchmarkTimelineLargeScript(b *testing.B) {
	a := test.NewTempApp(b)
	st, err := storage.Open(filepath.Join(b.TempDir(), "redline.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	u := New(a, test.NewTempWindow(b, nil), st)
	m := newPlanModel(u, planner.Generate(planner.LargePlan), 0)
	s := newInjectsScreen(m)
	w := test.NewTempWindow(b, s.content)
	w.Resize(fyne.NewSize(1400, 900))
	b.ResetTimer()
	for range b.N {
		s.timeline.Refresh()
	}
}

func rowIDsN(s *injectsScreen, n int) []string {
	var out []string
	items := s.items()
	for row := range n {
		o := s.list.CreateItem()
		s.list.UpdateItem(row, o)
		in := items[s.index(row)]
		if text := o.(*fyne.Container).Objects[0].(*widget.Label).Text; !strings.HasSuffix(text, in.Title) {
			panic(fmt.Sprintf("row %d shows %q, not the title of %s", row, text, in.ID))
		}
		out = append(out, in.ID)
	}
	return out
}

// The Injects tab sits after Terms, and a finding about an inject opens it.
func TestInjectsTabInTheEditor(t *testing.T) {
	p := referencePlan(t)
	p.Injects[0].Observations = []planner.Observation{{Indicator: "rail_sabotage", Value: 1}}
	f := newFixture(t, p)
	e := f.open(p.Title)
	k := slices.Index(e.tabs.Items, e.injectsTab)
	if k < 0 || e.tabs.Items[k-1] != e.termsTab || e.injectsTab.Text != "Injects" {
		t.Fatalf("Injects tab at %d", k)
	}
	var fd planner.Finding
	for _, x := range e.model.Findings() {
		if x.Rule == "invalid-reference" && x.Subject == "inj-01" {
			fd = x
		}
	}
	if !e.showFinding(fd) || e.tabs.Selected() != e.injectsTab || e.injects.id.Text != "inj-01" {
		t.Errorf("the finding about inj-01 did not open it")
	}
}

func TestInjectClock(t *testing.T) {
	for h, want := range map[float64]string{
		0:    "T+0h · day 1, 00:00",
		30:   "T+30h · day 2, 06:00",
		1.25: "T+1.25h · day 1, 01:15",
		168:  "T+168h · day 8, 00:00",
		1e12: "T+1000000000000h",
	} {
		if got := injectClock(h); got != want {
			t.Errorf("injectClock(%g) = %q, want %q", h, got, want)
		}
	}
	for _, tc := range []struct {
		last float64
		tick string
	}{{168, "T+168h"}, {30, "T+30h"}, {1e6, "day 43801"}} {
		step, span := timelineScale(tc.last, 1200, func(s string) float32 { return float32(7 * len(s)) })
		if span < tc.last || step <= 0 || span/step > 1200/48 {
			t.Errorf("scale for %g: step %g, span %g", tc.last, step, span)
		}
		if got := timelineTick(span, step); got != tc.tick {
			t.Errorf("last tick for %g: %q, want %q", tc.last, got, tc.tick)
		}
	}
}

// The injects screen of the reference plan with the collapse of the
// ceasefire selected.
func TestInjectsScreenMarkup(t *testing.T) {
	_, e, _ := openInjects(t, nil)
	s := newInjectsScreen(e.model)
	s.selectID("inj-06")
	w := test.NewTempWindow(t, s.content)
	w.Resize(fyne.NewSize(1100, 800))
	test.AssertRendersToMarkup(t, "injects.xml", w.Canvas())
}
