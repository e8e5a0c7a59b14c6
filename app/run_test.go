package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/storage"
)

// The reference plan's decisions the tests take (see the plan's script):
// inj-02 crosses the ceasefire-violations red line, fires the ISR surge
// and puts talks and the snapback to the coalition; inj-02a plays only if
// the snapback was rejected, inj-02b only if it was not.
var (
	suspendTalks = decisionKey{"inj-02", "rl-ceasefire-violations", "resp-suspend-talks"}
	snapback     = decisionKey{"inj-02", "rl-ceasefire-violations", "resp-snapback"}
)

// startRun opens the reference plan's Exercise tab and starts a run.
func startRun(t *testing.T) (*fixture, *runView) {
	t.Helper()
	ref := referencePlan(t)
	f := newFixture(t, ref)
	s := f.openExercise(ref.Title)
	test.Tap(s.start)
	if s.run == nil {
		t.Fatalf("no run started: %q", s.status.Text)
	}
	return f, s.run
}

// stepTo taps Next inject until n injects are played.
func stepTo(t *testing.T, r *runView, n int) {
	t.Helper()
	for r.ex.Pos() < n {
		if r.step.Disabled() {
			t.Fatalf("the script ends at %d, before %d", r.ex.Pos(), n)
		}
		test.Tap(r.step)
	}
}

// boardRow draws response id's row of the board as the list does, and
// returns its state word and what it says under the name.
func boardRow(t *testing.T, r *runView, id string) (word, why string) {
	t.Helper()
	i := slices.IndexFunc(r.board, func(st planner.ResponseState) bool { return st.Response.ID == id })
	if i < 0 {
		t.Fatalf("the board has no row for %s", id)
	}
	o := r.boardList.CreateItem()
	r.boardList.UpdateItem(i, o)
	ls := under[*widget.Label](o)
	return ls[1].Text, ls[2].Text // name, word, why in the border's order
}

// openRowAt draws row i of the open decisions as the list does.
func openRowAt(r *runView, i int) *openRow {
	o := r.openList.CreateItem()
	r.openList.UpdateItem(i, o)
	return r.openRows[o]
}

// openKeys are the open decisions in the list's order.
func openKeys(r *runView) []decisionKey {
	var out []decisionKey
	for _, d := range r.open.list {
		out = append(out, d.decisionKey)
	}
	return out
}

// scriptRow draws row i of the script and returns its two lines.
func scriptRow(r *runView, i int) (name, sub string) {
	o := r.timeline.CreateItem()
	r.timeline.UpdateItem(i, o)
	ls := under[*widget.Label](o)
	return ls[0].Text, ls[1].Text
}

// The whole story of a run: step, see outcomes, decide, note, step back,
// save, close, reopen where it stopped with its decisions and notes.
func TestRunStepDecideNoteSaveReopen(t *testing.T) {
	f, r := startRun(t)
	s := r.s
	if r.clock.Text != "T+0h" || !r.back.Disabled() {
		t.Errorf("a new run shows %q, back enabled %v", r.clock.Text, !r.back.Disabled())
	}
	at := time.Date(2026, 11, 30, 9, 15, 0, 0, time.UTC)
	f.ui.now = func() time.Time { return at }

	stepTo(t, r, 2) // inj-02: violations cross; one fired, two decisions
	if r.clock.Text != "T+12h" {
		t.Errorf("clock %q after inj-02, want T+12h", r.clock.Text)
	}
	shown := labels(r.detail)
	if imp, ok := shown["Fires — takes effect at T+24h"]; !ok || imp != widget.SuccessImportance {
		t.Errorf("fired outcome missing or not green: %v", shown)
	}
	if imp, ok := shown["Put to the coalition"]; !ok || imp != widget.WarningImportance {
		t.Errorf("decision outcome missing or not amber: %v", shown)
	}
	choices := radios(r.detail)
	if len(choices) != 2 {
		t.Fatalf("%d decision controls, want 2", len(choices))
	}
	choices[0].SetSelected("Approved")
	r.decide(snapback, planner.Deferred)
	if len(r.rec.Decisions) != 2 {
		t.Fatalf("decisions %+v", r.rec.Decisions)
	}
	if d := r.rec.Decisions[0]; d.Response != "resp-suspend-talks" || d.Choice != planner.Approved || d.AtHours != 12 || !d.At.Equal(at) {
		t.Errorf("first decision %+v; want talks approved at T+12h, %v", d, at)
	}

	test.Type(r.note, "Room agrees to hold talks")
	r.addNote()
	stepTo(t, r, 5) // inj-02a skipped, inj-02b, inj-03 at T+20h
	test.Type(r.note, "NATO consultations requested")
	r.addNote()
	if n := len(r.rec.Notes); n != 2 || r.rec.Notes[0].AtHours != 12 || r.rec.Notes[1].AtHours != 20 || r.note.Text != "" {
		t.Errorf("notes %+v, entry %q; want two, at T+12 and T+20, and the entry cleared", r.rec.Notes, r.note.Text)
	}

	test.Tap(r.step) // inj-04
	test.Tap(r.back) // back to inj-03
	if r.ex.Pos() != 5 || r.clock.Text != "T+20h" {
		t.Errorf("after back: position %d, clock %q", r.ex.Pos(), r.clock.Text)
	}
	if !r.dirty {
		t.Error("the run is not marked for saving after changes")
	}

	closed := s.run
	s.closeRun()
	if closed.dirty {
		t.Error("closing did not save the run")
	}
	runs, err := f.store.ListRuns(context.Background(), closed.rec.PlanID)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs %v, %v", runs, err)
	}
	if runs[0].Position != 5 {
		t.Errorf("stored position %d, want 5", runs[0].Position)
	}

	s.list.Select(0)
	test.Tap(s.open)
	r = s.run
	if r == nil {
		t.Fatal("the run did not reopen")
	}
	if r.ex.Pos() != 5 || r.clock.Text != "T+20h" || len(r.rec.Decisions) != 2 || len(r.rec.Notes) != 2 {
		t.Errorf("reopened at %d (%s) with %d decisions and %d notes; want 5 (T+20h), 2, 2",
			r.ex.Pos(), r.clock.Text, len(r.rec.Decisions), len(r.rec.Notes))
	}
	if d := r.rec.Decisions[0]; d.AtHours != 12 || !d.At.Equal(at) {
		t.Errorf("reopened decision %+v lost its times", d)
	}
	// The engine plays the decisions on record: talks are under way.
	if word, _ := boardRow(t, r, "resp-suspend-talks"); word != "Under way" {
		t.Errorf("reopened, talks stand %q", word)
	}
	// The decision controls show what was decided.
	r.timeline.Select(1)
	if got := radios(r.detail); len(got) != 2 || got[0].Selected != "Approved" || got[1].Selected != "Deferred" {
		t.Errorf("reopened decisions show %v", got)
	}
}

func TestRunBlockedResponseSaysWhy(t *testing.T) {
	_, r := startRun(t)
	stepTo(t, r, 8) // through inj-06: the ceasefire collapses
	if r.phase.Text != "Phase: War" {
		t.Errorf("phase %q after the collapse", r.phase.Text)
	}
	shown := labels(r.detail)
	if imp, ok := shown["Blocked — needs a ceasefire, and the phase is war"]; !ok || imp != widget.DangerImportance {
		t.Errorf("blocked outcome missing or not red: %v", shown)
	}
	// The bars beside outcomes carry the outcome's colour.
	red := 0
	for _, bar := range under[*canvas.Rectangle](r.detail) {
		if bar.FillColor == outcomeColor(planner.Blocked) {
			red++
		}
	}
	if red != 2 {
		t.Errorf("%d red bars, want 2 (air shield and RRF)", red)
	}
	// A contribution that keeps a response from happening is named, not
	// given by id.
	stepTo(t, r, 9) // inj-07: the Black Sea escort uses Turkey's navy
	want := "Blocked — uses contribution “Turkey, naval”, which activates only after a ceasefire"
	if _, ok := labels(r.detail)[want]; !ok {
		t.Errorf("the escort's reason is not %q: %v", want, labels(r.detail))
	}
}

// The board keeps every response's state across steps: ready until
// something sets it off, under way from when it fired or was approved
// (also when blocked later), awaiting, rejected, blocked and why.
func TestRunBoardStatesAfterFiredApprovedRejectedBlocked(t *testing.T) {
	_, r := startRun(t)
	if len(r.board) != len(r.plan.Responses) {
		t.Fatalf("the board has %d rows, the plan %d responses", len(r.board), len(r.plan.Responses))
	}
	if word, why := boardRow(t, r, "resp-rrf"); word != "Ready" || why != "Nothing has set it off yet" {
		t.Errorf("before the first inject the RRF stands %q: %q", word, why)
	}
	stepTo(t, r, 2)
	for _, c := range []struct{ id, word, why string }{
		{"resp-isr-surge", "Under way", "Since T+12h (fired), in effect from T+24h"},
		{"resp-suspend-talks", "Awaiting decision", "Put to the coalition at T+12h (Sustained ceasefire violations)"},
		{"resp-rrf", "Ready", "Nothing has set it off yet"},
	} {
		if word, why := boardRow(t, r, c.id); word != c.word || why != c.why {
			t.Errorf("after inj-02 %s stands %q: %q; want %q: %q", c.id, word, why, c.word, c.why)
		}
	}
	r.decide(suspendTalks, planner.Approved)
	r.decide(snapback, planner.Rejected)
	for _, c := range []struct{ id, word, why string }{
		{"resp-suspend-talks", "Under way", "Since T+12h (approved by the coalition), in effect from T+36h"},
		{"resp-snapback", "Rejected", "Rejected by the coalition at T+12h (Sustained ceasefire violations)"},
	} {
		if word, why := boardRow(t, r, c.id); word != c.word || why != c.why {
			t.Errorf("decided, %s stands %q: %q; want %q: %q", c.id, word, why, c.word, c.why)
		}
	}
	stepTo(t, r, 8) // inj-06: war; the air shield and the RRF need a ceasefire
	for _, c := range []struct{ id, word, why string }{
		{"resp-air-shield-ua", "Blocked", "At T+48h: needs a ceasefire, and the phase is war"},
		// With the snapback rejected inj-02a played: the RRF fired then,
		// and stays under way.
		{"resp-rrf", "Under way", "Since T+16h (fired), in effect from T+64h; blocked at T+48h: needs a ceasefire, and the phase is war"},
		{"resp-isr-surge", "Under way", "Since T+12h (fired), in effect from T+24h"},
	} {
		if word, why := boardRow(t, r, c.id); word != c.word || why != c.why {
			t.Errorf("after inj-06 %s stands %q: %q; want %q: %q", c.id, word, why, c.word, c.why)
		}
	}
	// Back to inj-02: the board is as it was there.
	for r.ex.Pos() > 2 {
		test.Tap(r.back)
	}
	if word, _ := boardRow(t, r, "resp-air-shield-ua"); word != "Ready" {
		t.Errorf("stepped back, the air shield stands %q", word)
	}
}

// One list of the decisions the room has not taken, oldest first; each is
// decided in place and the board follows at once.
func TestRunOpenDecisionsDecidedInPlaceUpdateTheBoard(t *testing.T) {
	_, r := startRun(t)
	if len(r.open.list) != 0 || r.openHead.Text != "Open decisions: none" {
		t.Errorf("a new run has open decisions %v (%q)", r.open.list, r.openHead.Text)
	}
	stepTo(t, r, 5) // inj-02 and inj-03 put three responses to the coalition
	nato := decisionKey{"inj-03", "rl-nato-airspace", "resp-nato-consult"}
	if got := openKeys(r); !slices.Equal(got, []decisionKey{suspendTalks, snapback, nato}) {
		t.Fatalf("open decisions %v, want talks, snapback, NATO, oldest first", got)
	}
	if r.openHead.Text != "Open decisions: 3, oldest first" {
		t.Errorf("the list is headed %q", r.openHead.Text)
	}
	row := openRowAt(r, 0)
	if row.title.Text != "Suspend negotiations and recall coalition envoys" || row.where.Text != "T+12h · Sustained ceasefire violations crossed" {
		t.Errorf("the first row reads %q, %q", row.title.Text, row.where.Text)
	}
	if !row.note.Disabled() {
		t.Error("a note can be written before the decision")
	}
	row.choice.SetSelected("Approved")
	if word, _ := boardRow(t, r, "resp-suspend-talks"); word != "Under way" {
		t.Errorf("approved in the list, talks stand %q", word)
	}
	if _, _, _, open := r.ex.Choices(); open != 2 || !strings.Contains(r.tally.Text, "(1 approved, 0 rejected, 0 deferred, 2 open)") {
		t.Errorf("counts after one decision: %d open, tally %q", open, r.tally.Text)
	}
	// The decided row stays until the next step, for its note.
	row = openRowAt(r, 0)
	if len(r.open.list) != 3 || row.choice.Selected != "Approved" || row.note.Disabled() {
		t.Fatalf("after the choice the list holds %d, the row shows %q", len(r.open.list), row.choice.Selected)
	}
	test.Type(row.note, "Envoys recalled")
	if i := r.recordOf(suspendTalks); i < 0 || r.rec.Decisions[i].Note != "Envoys recalled" {
		t.Errorf("the note is not on record: %+v", r.rec.Decisions)
	}
	openRowAt(r, 2).choice.SetSelected("Deferred")
	test.Tap(r.step) // inj-04: two more
	want := []decisionKey{snapback, nato,
		{"inj-04", "rl-energy-strikes", "resp-resupply"}, {"inj-04", "rl-energy-strikes", "resp-long-range"}}
	if got := openKeys(r); !slices.Equal(got, want) {
		t.Errorf("after the next step the open decisions are %v, want %v (deferred stays open)", got, want)
	}
	if word, _ := boardRow(t, r, "resp-nato-consult"); word != "Deferred" {
		t.Errorf("deferred, NATO consultations stand %q", word)
	}
}

// A skipped inject says so in its row, with the fact that kept it from
// playing in words, and in the detail the condition it plays on.
func TestRunSkippedInjectRowSaysWhy(t *testing.T) {
	_, r := startRun(t)
	stepTo(t, r, 3) // inj-02a plays only if the snapback was rejected
	name, sub := scriptRow(r, 2)
	if !strings.Contains(name, "T+16h") || sub != "Skipped: the coalition did not reject “Sanctions snapback”" {
		t.Errorf("the skipped row reads %q / %q", name, sub)
	}
	want := "Skipped: it plays only if the coalition rejected “Sanctions snapback”."
	if imp, ok := labels(r.detail)[want]; !ok || imp != widget.WarningImportance {
		t.Errorf("the detail does not say %q: %v", want, labels(r.detail))
	}
	if _, sub := scriptRow(r, 3); sub != "Next · branch: plays only if the coalition did not reject “Sanctions snapback”" {
		t.Errorf("the next row reads %q", sub)
	}
	if !strings.Contains(r.tally.Text, "1 inject skipped") {
		t.Errorf("tally %q does not count the skipped inject", r.tally.Text)
	}
}

// Changing a decision on an inject played works out again what follows
// it: the branches swap, the rows and counts follow.
func TestRunChangingADecisionRecomputesWhatFollows(t *testing.T) {
	_, r := startRun(t)
	stepTo(t, r, 2)
	r.decide(snapback, planner.Rejected)
	stepTo(t, r, 6) // inj-02a plays, inj-02b is skipped, inj-03, inj-04
	if _, sub := scriptRow(r, 2); strings.HasPrefix(sub, "Skipped") {
		t.Fatalf("with the snapback rejected inj-02a reads %q", sub)
	}
	if _, sub := scriptRow(r, 3); !strings.HasPrefix(sub, "Skipped") {
		t.Fatalf("with the snapback rejected inj-02b reads %q", sub)
	}
	// The room changes its mind at inj-02, in the detail.
	r.timeline.Select(1)
	var snap *widget.RadioGroup
	for _, g := range radios(r.detail) {
		if g.Selected == "Rejected" {
			snap = g
		}
	}
	if snap == nil {
		t.Fatal("the detail of inj-02 shows no rejected decision")
	}
	snap.SetSelected("Approved")
	if r.ex.Pos() != 6 {
		t.Errorf("changing a decision moved the run to %d", r.ex.Pos())
	}
	if _, sub := scriptRow(r, 2); sub != "Skipped: the coalition did not reject “Sanctions snapback”" {
		t.Errorf("after the change inj-02a reads %q", sub)
	}
	if _, sub := scriptRow(r, 3); strings.HasPrefix(sub, "Skipped") {
		t.Errorf("after the change inj-02b reads %q", sub)
	}
	if word, why := boardRow(t, r, "resp-snapback"); word != "Under way" || !strings.Contains(why, "approved by the coalition") {
		t.Errorf("approved late, the snapback stands %q: %q", word, why)
	}
	if slices.Contains(openKeys(r), snapback) && r.ex.Decision(snapback.inject, snapback.redLine, snapback.response) != planner.Approved {
		t.Error("the open list lost track of the change")
	}
	sum := r.ex.Summary()
	if sum.Skipped != 1 || !strings.Contains(r.tally.Text, "1 inject skipped") {
		t.Errorf("summary %+v, tally %q", sum, r.tally.Text)
	}
}

// The counts come from the engine, ongoing outcomes and skipped injects
// included.
func TestRunPlaysToTheEnd(t *testing.T) {
	_, r := startRun(t)
	for range r.ex.Len() + 2 {
		test.Tap(r.step)
	}
	if !r.step.Disabled() || r.step.Text != "Script played" {
		t.Errorf("step button %q, disabled %v at the end", r.step.Text, r.step.Disabled())
	}
	want, err := planner.RunExercise(r.plan, r.cat)
	if err != nil {
		t.Fatal(err)
	}
	sum := want.Summary
	for _, part := range []string{
		plural(sum.Crossed, "red line", "red lines") + " crossed",
		fmt.Sprintf("%d fired", sum.Fired),
		fmt.Sprintf("%d put to the coalition (0 approved, 0 rejected, 0 deferred, %d open)", sum.Decision, sum.Decision),
		fmt.Sprintf("%d blocked", sum.Blocked),
		fmt.Sprintf("%d already under way", sum.Ongoing),
		plural(sum.Skipped, "inject", "injects") + " skipped",
	} {
		if !strings.Contains(r.tally.Text, part) {
			t.Errorf("tally %q lacks %q", r.tally.Text, part)
		}
	}
	if len(r.open.list) != sum.Decision {
		t.Errorf("%d open decisions listed, the run put %d", len(r.open.list), sum.Decision)
	}
}

// The after-action report the app writes is the engine's result: a skipped
// inject says why, a decision reads as taken, with its note.
func TestRunAfterActionListsASkippedInject(t *testing.T) {
	f, r := startRun(t)
	stepTo(t, r, 2)
	r.decide(suspendTalks, planner.Approved)
	r.setNote(suspendTalks, "Envoys recalled")
	stepTo(t, r, 4)
	path := filepath.Join(t.TempDir(), "aar.md")
	f.ui.pickSave = func(name string, onPicked func(fyne.URIWriteCloser, error)) {
		if !strings.HasSuffix(name, "-after-action-report.md") {
			t.Errorf("suggested name %q", name)
		}
		onPicked(fstorage.Writer(fstorage.NewFileURI(path)))
	}
	f.ui.progress = func(string) func() { return func() {} }
	r.exportReport("md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{r.rec.Title, r.plan.Classification,
		"Skipped: it plays only if the coalition rejected “Sanctions snapback”",
		"Approved by the coalition at T+12h", "| Approved | T+12h (as it was put)", "Envoys recalled",
		"**Injects skipped:** 1"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// Small goldens of the run's rows: a skipped inject in the script, a
// response under way on the board, an open decision.
func TestRunRowsMarkup(t *testing.T) {
	_, r := startRun(t)
	stepTo(t, r, 3)
	for _, c := range []struct {
		name string
		row  func() fyne.CanvasObject
	}{
		{"run/script_skipped.xml", func() fyne.CanvasObject {
			o := r.timeline.CreateItem()
			r.timeline.UpdateItem(2, o)
			return o
		}},
		{"run/board_under_way.xml", func() fyne.CanvasObject {
			o := r.boardList.CreateItem()
			r.boardList.UpdateItem(slices.IndexFunc(r.board, func(st planner.ResponseState) bool { return st.Response.ID == "resp-isr-surge" }), o)
			return o
		}},
		{"run/open_decision.xml", func() fyne.CanvasObject {
			o := r.openList.CreateItem()
			r.openList.UpdateItem(0, o)
			return o
		}},
	} {
		assertMarkup(t, c.name, c.row(), fyne.NewSize(460, 0))
	}
}

// Stepping, deciding and stepping back on the large generated plan: one
// action's work on the UI goroutine (engine, timeline rows, detail, open
// decisions, board) stays within a frame whether the script has 1,000 or
// 10,000 injects.
func BenchmarkRunStep(b *testing.B) {
	for _, k := range []float64{0.1, 1} {
		spec := planner.LargePlan.Scaled(k)
		b.Run(fmt.Sprintf("injects=%d/step", spec.Injects), func(b *testing.B) {
			r := benchRun(b, spec)
			b.ResetTimer()
			for range b.N {
				if r.ex.Pos() == r.ex.Len() {
					b.StopTimer()
					for r.ex.Pos() > 0 {
						r.onBack()
					}
					b.StartTimer()
				}
				r.onStep()
			}
		})
		b.Run(fmt.Sprintf("injects=%d/back", spec.Injects), func(b *testing.B) {
			r := benchRun(b, spec)
			b.ResetTimer()
			for range b.N {
				if r.ex.Pos() == 0 {
					b.StopTimer()
					for r.ex.Pos() < r.ex.Len() {
						r.onStep()
					}
					b.StartTimer()
				}
				r.onBack()
			}
		})
		// Deciding the open decision of an inject half-way through the
		// script, with the run at its end: the engine works out again what
		// follows, and the lists follow it.
		b.Run(fmt.Sprintf("injects=%d/decide", spec.Injects), func(b *testing.B) {
			r := benchRun(b, spec)
			for r.ex.Pos() < r.ex.Len() {
				r.onStep()
			}
			k := slices.IndexFunc(r.open.list, func(d openDecision) bool { return d.pos >= r.ex.Len()/2 })
			if k < 0 {
				b.Fatal("no decision put to the coalition in the second half of the script")
			}
			d := r.open.list[k].decisionKey
			choices := []string{planner.Approved, planner.Rejected, planner.Deferred, ""}
			b.ResetTimer()
			for i := range b.N {
				r.decide(d, choices[i%len(choices)])
			}
		})
	}
}

// benchRun starts a run of a generated plan in a window of the app.
func benchRun(b *testing.B, spec planner.GenSpec) *runView {
	a := test.NewTempApp(b)
	st, err := storage.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	p := planner.Generate(spec)
	rev, err := st.SavePlan(context.Background(), p, 0, "")
	if err != nil {
		b.Fatal(err)
	}
	w := test.NewTempWindow(b, nil)
	u := New(a, w, st)
	u.ask, u.CheckDelay, u.background = &fakeAsker{}, 0, func(f func()) { f() }
	u.AutosaveDelay = 0
	u.afterFunc = func(time.Duration, func()) func() { return func() {} }
	w.SetContent(u.Content())
	w.Resize(fyne.NewSize(1400, 900))
	u.showEditor(p, rev)
	s := u.editor.exercise
	u.editor.tabs.Select(u.editor.exerciseTab)
	s.onStart()
	if s.run == nil {
		b.Fatalf("no run: %s", s.status.Text)
	}
	return s.run
}
