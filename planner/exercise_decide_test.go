package planner_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"redline/planner"
	"redline/seeds"
)

func newEx(t testing.TB, p *planner.Plan, ds ...planner.RunDecision) *planner.Exercise {
	t.Helper()
	e, err := planner.NewExerciseWith(p, seeds.Catalog(), planner.ExerciseOptions{Decisions: ds})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func playTo(t testing.TB, e *planner.Exercise, pos int) {
	t.Helper()
	for e.Pos() > pos {
		e.Back()
	}
	for e.Pos() < pos {
		if _, ok := e.Step(); !ok {
			t.Fatal("Step failed")
		}
	}
}

// played returns the events of the injects played so far.
func played(e *planner.Exercise) []planner.Event { return e.Result().Events }

// sameRun checks that e, where it stands, is what a fresh run with the
// decisions would be at the same point: events, totals, choices, board.
func sameRun(t testing.TB, e *planner.Exercise, p *planner.Plan, ds []planner.RunDecision) {
	t.Helper()
	fresh := newEx(t, p, ds...)
	playTo(t, fresh, e.Pos())
	got, want := played(e), played(fresh)
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("event %d (%s)\n got %+v\nwant %+v", i, want[i].Inject, got[i], want[i])
		}
	}
	if e.Summary() != fresh.Summary() {
		t.Fatalf("summary %+v, want %+v", e.Summary(), fresh.Summary())
	}
	a1, r1, d1, o1 := e.Choices()
	a2, r2, d2, o2 := fresh.Choices()
	if [4]int{a1, r1, d1, o1} != [4]int{a2, r2, d2, o2} {
		t.Fatalf("choices %v, want %v", [4]int{a1, r1, d1, o1}, [4]int{a2, r2, d2, o2})
	}
	if got, want := e.Board(), fresh.Board(); !reflect.DeepEqual(got, want) {
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("board: %s\n got %+v %+v\nwant %+v %+v", want[i].Response.ID, got[i], got[i].Last, want[i], want[i].Last)
			}
		}
	}
	if e.Phase() != fresh.Phase() {
		t.Fatalf("phase %s, want %s", e.Phase(), fresh.Phase())
	}
	for i := range p.RedLines {
		if e.Armed(i) != fresh.Armed(i) {
			t.Fatalf("red line %d armed %v, want %v", i, e.Armed(i), fresh.Armed(i))
		}
	}
}

func TestExerciseDecisionsThatMatchNothing(t *testing.T) {
	p := branchPlan(crossA("a", 1), rearmA("r", 2), crossA("a2", 3), probe(4, onResp("r-vote", planner.CondApproved)))
	none := exRunWith(t, p)
	cases := []struct {
		name string
		d    planner.RunDecision
	}{
		{"an inject that does not exist", dec("nowhere", "rl-a", "r-vote", planner.Approved)},
		{"an inject that crossed nothing", dec("r", "rl-a", "r-vote", planner.Approved)},
		{"a red line not crossed there", dec("a", "rl-b", "r-vote", planner.Approved)},
		{"a response that fired there", dec("a", "rl-a", "r-auto", planner.Approved)},
		{"a response that was ongoing there", dec("a2", "rl-a", "r-auto", planner.Approved)},
		{"a response not linked", dec("a", "rl-a", "r-cf", planner.Approved)},
		{"ids that name nothing", dec("x", "y", "z", planner.Rejected)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := exRunWith(t, p, tc.d)
			if !reflect.DeepEqual(res, none) {
				t.Errorf("the run differs from one without decisions")
			}
			e := newEx(t, p, tc.d)
			playTo(t, e, e.Len())
			if a, r, d, o := e.Choices(); a+r+d != 0 || o != 2 {
				t.Errorf("choices %d %d %d %d: want the 2 decisions open", a, r, d, o)
			}
		})
	}
}

// TestExerciseDecisionOnASkippedInject: a decision keyed to an inject that
// was skipped matches no outcome and is ignored — until the inject plays.
func TestExerciseDecisionOnASkippedInject(t *testing.T) {
	gated := crossA("gated", 10)
	gated.When = []planner.Condition{onResp("r-cf", planner.CondFired)}
	p := branchPlan(crossB("b", 1, planner.PhaseWar), gated, rearmA("r", 11), crossA("a2", 20))
	onGated := dec("gated", "rl-a", "r-vote", planner.Approved)

	res := exRunWith(t, p, onGated)
	if ev := eventOf(t, res, "gated"); !ev.Skipped {
		t.Fatalf("gated plays: %+v", ev)
	}
	if got := outcomesOf(eventOf(t, res, "a2")); got[1].status != planner.Decision {
		t.Errorf("r-vote at a2: %v; the decision on the skipped inject should be ignored", got)
	}

	// In a ceasefire r-cf fires, the gated inject plays and the decision
	// on it counts.
	p.Injects[0].Phase = ""
	res = exRunWith(t, p, onGated)
	if got := outcomesOf(eventOf(t, res, "gated")); got[1] != (oc{"rl-a", "r-vote", planner.Decision, -1, planner.Approved}) {
		t.Errorf("gated: %v", got)
	}
	if got := outcomesOf(eventOf(t, res, "a2")); got[1] != (oc{"rl-a", "r-vote", planner.Ongoing, 34, ""}) {
		t.Errorf("r-vote at a2: %v; want ongoing since the approval at T+10h", got)
	}
}

// TestExerciseChangingADecision: Decide on an inject already played
// changes what follows it and nothing before it, and leaves the run where
// it was, as a fresh run with the decisions would be.
func TestExerciseChangingADecision(t *testing.T) {
	gatedOnApproval := probe(30, onResp("r-vote", planner.CondApproved))
	gatedOnRejection := crossB("gb", 40, "")
	gatedOnRejection.When = []planner.Condition{onResp("r-vote", planner.CondRejected)}
	p := branchPlan(crossB("b0", 0, ""), crossA("a", 5), rearmA("r", 6), crossA("a2", 20), rearmA("r2", 21), gatedOnApproval,
		rearmB("rb", 35), gatedOnRejection, crossA("a3", 50))
	cases := []struct {
		name   string
		steps  []planner.RunDecision // decided one after another, the last is checked
		from   int                   // the first event that may change
		effect func(t *testing.T, e *planner.Exercise)
	}{
		{"approving puts the response under way from that inject", []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved)}, 2,
			func(t *testing.T, e *planner.Exercise) {
				if got := outcomesOf(e.Event(3)); got[1] != (oc{"rl-a", "r-vote", planner.Ongoing, 29, ""}) {
					t.Errorf("a2: %v", got)
				}
				if e.Event(5).Skipped {
					t.Error("the inject gated on the approval is skipped")
				}
			}},
		{"taking an approval back", []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved), dec("a", "rl-a", "r-vote", "")}, 2,
			func(t *testing.T, e *planner.Exercise) {
				if got := outcomesOf(e.Event(3)); got[1].status != planner.Decision {
					t.Errorf("a2: %v", got)
				}
				if !e.Event(5).Skipped {
					t.Error("the inject gated on the approval plays")
				}
			}},
		{"approving later instead", []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved), dec("a2", "rl-a", "r-vote", planner.Approved),
			dec("a", "rl-a", "r-vote", planner.Deferred)}, 2,
			func(t *testing.T, e *planner.Exercise) {
				if got := outcomesOf(e.Event(8)); got[1] != (oc{"rl-a", "r-vote", planner.Ongoing, 44, ""}) {
					t.Errorf("a3: %v", got)
				}
			}},
		{"rejecting plays the inject gated on a rejection", []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Rejected)}, 2,
			func(t *testing.T, e *planner.Exercise) {
				if ev := e.Event(7); ev.Skipped || !slices.Equal(ev.Crossed, []string{"rl-b"}) {
					t.Errorf("gb: %+v", ev)
				}
			}},
		{"deferring changes nothing that follows", []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Deferred)}, 9, nil},
		{"rejecting a response no condition asks about changes nothing that follows", []planner.RunDecision{dec("a", "rl-a", "r-auto", planner.Rejected)}, 9, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEx(t, p)
			playTo(t, e, e.Len())
			var ds []planner.RunDecision
			var from int
			for _, d := range tc.steps {
				before := played(e)
				var err error
				if from, err = e.Decide(d.Inject, d.RedLine, d.Response, d.Choice); err != nil {
					t.Fatal(err)
				}
				if e.Pos() != e.Len() {
					t.Fatalf("Decide moved the run to %d", e.Pos())
				}
				after := played(e)
				for i := 0; i < from; i++ {
					if !reflect.DeepEqual(withoutChoices(after[i]), withoutChoices(before[i])) {
						t.Fatalf("event %d, before %d, changed", i, from)
					}
				}
				ds = slices.DeleteFunc(ds, func(x planner.RunDecision) bool {
					return x.Inject == d.Inject && x.RedLine == d.RedLine && x.Response == d.Response
				})
				if d.Choice != "" {
					ds = append(ds, d)
				}
				sameRun(t, e, p, ds)
				if e.Decision(d.Inject, d.RedLine, d.Response) != d.Choice {
					t.Errorf("Decision = %q, want %q", e.Decision(d.Inject, d.RedLine, d.Response), d.Choice)
				}
			}
			if from != tc.from {
				t.Errorf("from = %d, want %d", from, tc.from)
			}
			if tc.effect != nil {
				tc.effect(t, e)
			}
		})
	}
}

// withoutChoices drops the recorded choices, which an event shows as they
// are now.
func withoutChoices(ev planner.Event) planner.Event {
	ev.Responses = slices.Clone(ev.Responses)
	for i := range ev.Responses {
		ev.Responses[i].Choice = ""
	}
	return ev
}

// TestExerciseBackAfterADecision: stepping back over an inject keeps the
// decision on record; played again, the inject takes it again.
func TestExerciseBackAfterADecision(t *testing.T) {
	p := branchPlan(crossA("a", 5), rearmA("r", 6), crossA("a2", 20))
	e := newEx(t, p)
	playTo(t, e, 1)
	board := e.Board()
	if _, err := e.Decide("a", "rl-a", "r-vote", planner.Approved); err != nil {
		t.Fatal(err)
	}
	if st, _ := e.Standing("r-vote"); st.Status != planner.StandUnderWay || !st.ByDecision || st.Since != 5 || st.EffectiveAt != 29 {
		t.Errorf("after approving: %+v", st)
	}
	e.Back()
	if !reflect.DeepEqual(e.Board(), fromStart(t, p).Board()) {
		t.Error("stepping back does not restore the board of the start")
	}
	if e.Decision("a", "rl-a", "r-vote") != planner.Approved {
		t.Error("stepping back dropped the decision")
	}
	e.Step()
	if got := e.Board(); reflect.DeepEqual(got, board) {
		t.Error("played again, the inject does not take the decision")
	}
	playTo(t, e, e.Len())
	sameRun(t, e, p, []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved)})
	for e.Back() {
	}
	sameRun(t, e, p, nil)
}

func fromStart(t testing.TB, p *planner.Plan) *planner.Exercise { return newEx(t, p) }

func TestExerciseBoard(t *testing.T) {
	p := branchPlan(crossA("a", 5), crossB("b", 8, planner.PhaseWar), rearmA("r", 9), crossA("a2", 12))
	p.Responses = append(p.Responses, exResponse("r-idle", 1))
	p.Links = append(p.Links, exLink("rl-x", "r-idle", planner.TriggerAutomatic))
	cases := []struct {
		name      string
		pos       int
		decisions []planner.RunDecision
		response  string
		status    planner.ResponseStatus
		check     func(t *testing.T, st planner.ResponseState)
	}{
		{"ready before anything happens", 0, nil, "r-auto", planner.StandReady, nil},
		{"ready: never set off", 4, nil, "r-idle", planner.StandReady, nil},
		{"under way since it fired", 1, nil, "r-auto", planner.StandUnderWay, func(t *testing.T, st planner.ResponseState) {
			if st.Since != 5 || st.EffectiveAt != 15 || st.ByDecision || st.SincePos != 0 {
				t.Errorf("%+v", st)
			}
		}},
		{"awaiting a decision", 1, nil, "r-vote", planner.StandAwaiting, func(t *testing.T, st planner.ResponseState) {
			if st.Last == nil || st.Last.Inject != "a" || st.Last.RedLine != "rl-a" || st.Last.Status != planner.Decision || st.Last.AtHours != 5 {
				t.Errorf("last %+v", st.Last)
			}
		}},
		{"rejected", 1, []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Rejected)}, "r-vote", planner.StandRejected, nil},
		{"deferred", 1, []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Deferred)}, "r-vote", planner.StandDeferred, nil},
		{"under way since it was approved", 4, []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved)}, "r-vote", planner.StandUnderWay,
			func(t *testing.T, st planner.ResponseState) {
				if !st.ByDecision || st.Since != 5 || st.EffectiveAt != 29 || st.Last.Status != planner.Ongoing || st.Last.Inject != "a2" {
					t.Errorf("%+v, last %+v", st, st.Last)
				}
			}},
		{"awaiting again after a rejection", 4, []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Rejected)}, "r-vote", planner.StandAwaiting, nil},
		{"blocked, and why", 2, nil, "r-cf", planner.StandBlocked, func(t *testing.T, st planner.ResponseState) {
			if st.Last.Reason != "ceasefire" || st.Last.Pos != 1 {
				t.Errorf("last %+v", st.Last)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEx(t, p, tc.decisions...)
			playTo(t, e, tc.pos)
			st, ok := e.Standing(tc.response)
			if !ok || st.Status != tc.status || st.Response.ID != tc.response {
				t.Fatalf("standing %+v (ok %v), want %s", st, ok, tc.status)
			}
			if tc.check != nil {
				tc.check(t, st)
			}
			if board := e.Board(); !slices.ContainsFunc(board, func(x planner.ResponseState) bool { return reflect.DeepEqual(x, st) }) {
				t.Error("the board does not show the same standing")
			}
		})
	}
	if _, ok := newEx(t, p).Standing("nothing"); ok {
		t.Error("Standing of an unknown response")
	}
}

func TestExerciseRefusesAChoiceNotInTheList(t *testing.T) {
	p := branchPlan(crossA("a", 5))
	if _, err := planner.NewExerciseWith(p, seeds.Catalog(), planner.ExerciseOptions{Decisions: []planner.RunDecision{dec("a", "rl-a", "r-vote", "maybe")}}); err == nil {
		t.Error("NewExerciseWith takes the choice maybe")
	}
	e := newEx(t, p)
	if _, err := e.Decide("a", "rl-a", "r-vote", "Approved"); err == nil {
		t.Error("Decide takes the choice Approved")
	}
}

func TestExerciseStream(t *testing.T) {
	p := branchPlan(crossA("a", 5), rearmA("r", 6), crossA("a2", 20))
	e, err := planner.NewExerciseWith(p, seeds.Catalog(), planner.ExerciseOptions{Stream: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Decide("a", "rl-a", "r-vote", planner.Approved); err != nil {
		t.Errorf("deciding before a stream starts: %v", err)
	}
	var got []planner.Event
	for {
		ev, ok := e.Step()
		if !ok {
			break
		}
		got = append(got, withoutChoices(ev)) // copied: the stream reuses its memory
		got[len(got)-1].Crossed = slices.Clone(ev.Crossed)
		for i, o := range ev.Responses {
			if o.EffectiveAtHours != nil {
				h := *o.EffectiveAtHours
				got[len(got)-1].Responses[i].EffectiveAtHours = &h
			}
		}
		if e.Back() {
			t.Fatal("a stream steps back")
		}
	}
	want := exRunWith(t, p, dec("a", "rl-a", "r-vote", planner.Approved))
	for i := range want.Events {
		if !reflect.DeepEqual(got[i], withoutChoices(want.Events[i])) {
			t.Errorf("event %d\n got %+v\nwant %+v", i, got[i], want.Events[i])
		}
	}
	if _, err := e.Decide("a", "rl-a", "r-vote", ""); err == nil {
		t.Error("a decision changed in a stream under way")
	}
}

// TestExerciseDecidingAtRandom decides, changes and takes back decisions
// at random on a generated branching script while stepping back and
// forth, and checks each time that the run is what a fresh run with the
// decisions would be.
func TestExerciseDecidingAtRandom(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		p := planner.Generate(planner.GenSpec{RedLines: 30, Responses: 25, Contributions: 40, Links: 120, Injects: 160, Seed: seed})
		rng := rand.New(rand.NewPCG(seed, 99))
		// More conditions on responses, so that decisions change which
		// injects play.
		for i := range p.Injects {
			if i > 0 && rng.IntN(4) == 0 {
				p.Injects[i].When = append(p.Injects[i].When, planner.Condition{
					Response: p.Responses[rng.IntN(len(p.Responses))].ID,
					Outcome:  planner.ConditionOutcomes[rng.IntN(len(planner.ConditionOutcomes))],
					Not:      rng.IntN(3) == 0,
				})
			}
		}
		e := newEx(t, p)
		playTo(t, e, e.Len())
		var open []planner.RunDecision
		for _, ev := range played(e) {
			for _, o := range ev.Responses {
				if o.Status == planner.Decision {
					open = append(open, dec(ev.Inject, o.RedLine, o.Response, ""))
				}
			}
		}
		if len(open) == 0 || e.Summary().Skipped == 0 {
			t.Fatalf("seed %d: the script has %d decisions, %d skipped injects", seed, len(open), e.Summary().Skipped)
		}
		decided := map[planner.RunDecision]string{}
		choices := []string{planner.Approved, planner.Approved, planner.Rejected, planner.Deferred, ""}
		for round := 0; round < 60; round++ {
			if rng.IntN(3) == 0 {
				playTo(t, e, rng.IntN(e.Len()+1))
			}
			d := open[rng.IntN(len(open))]
			c := choices[rng.IntN(len(choices))]
			before := played(e)
			from, err := e.Decide(d.Inject, d.RedLine, d.Response, c)
			if err != nil {
				t.Fatal(err)
			}
			decided[d] = c
			var ds []planner.RunDecision
			for _, k := range open { // in a fixed order
				if c := decided[k]; c != "" && !slices.ContainsFunc(ds, func(x planner.RunDecision) bool {
					return x.Inject == k.Inject && x.RedLine == k.RedLine && x.Response == k.Response
				}) {
					ds = append(ds, dec(k.Inject, k.RedLine, k.Response, c))
				}
			}
			sameRun(t, e, p, ds)
			after := played(e)
			for i := 0; i < from && i < len(before); i++ {
				if !reflect.DeepEqual(withoutChoices(after[i]), withoutChoices(before[i])) {
					t.Fatalf("seed %d round %d: event %d, before %d, changed", seed, round, i, from)
				}
			}
		}
	}
}
