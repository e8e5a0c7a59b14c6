package planner_test

import (
	"reflect"
	"slices"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// The branching tests play a small plan (in a ceasefire):
//
//	rl-a (ground ≥ 500)  → r-auto (automatic, 10 h), r-vote (consultation, 24 h)
//	rl-b (cities ≥ 20)   → r-cf (automatic, 5 h, requires a ceasefire)
//	rl-x (energy ≥ 10)   → nothing: the probe's own crossing shows it played
const indX = "strikes_energy"

func branchPlan(injects ...planner.Inject) *planner.Plan {
	p := exPlan(planner.PhaseCeasefire)
	p.RedLines = []planner.RedLine{exRedLine("rl-a", indGround, planner.OpGE, 500),
		exRedLine("rl-b", indCities, planner.OpGE, 20), exRedLine("rl-x", indX, planner.OpGE, 10)}
	cf := exResponse("r-cf", 5)
	cf.Requires = []planner.Precondition{planner.RequiresCeasefire}
	p.Responses = []planner.Response{exResponse("r-auto", 10), exResponse("r-vote", 24), cf}
	p.Links = []planner.Link{exLink("rl-a", "r-auto", planner.TriggerAutomatic), exLink("rl-a", "r-vote", planner.TriggerConsultation),
		exLink("rl-b", "r-cf", planner.TriggerAutomatic)}
	p.Injects = injects
	return p
}

// Script steps.
func crossA(id string, at float64) planner.Inject { return exInject(id, at, "", indGround, 600) }
func rearmA(id string, at float64) planner.Inject { return exInject(id, at, "", indGround, 0) }
func crossB(id string, at float64, ph planner.Phase) planner.Inject {
	return exInject(id, at, ph, indCities, 30)
}
func rearmB(id string, at float64) planner.Inject { return exInject(id, at, "", indCities, 0) }

// probe is the inject whose conditions are tried: played, it crosses rl-x.
func probe(at float64, when ...planner.Condition) planner.Inject {
	in := exInject("probe", at, "", indX, 50)
	in.When = when
	return in
}

func dec(inject, redLine, response, choice string) planner.RunDecision {
	return planner.RunDecision{Inject: inject, RedLine: redLine, Response: response, Choice: choice}
}

func onRL(id string) planner.Condition { return planner.Condition{RedLine: id} }
func onResp(id string, o planner.ConditionOutcome) planner.Condition {
	return planner.Condition{Response: id, Outcome: o}
}

func exRunWith(t testing.TB, p *planner.Plan, ds ...planner.RunDecision) *planner.ExerciseResult {
	t.Helper()
	res, err := planner.RunExercise(p, seeds.Catalog(), ds...)
	if err != nil {
		t.Fatalf("RunExercise: %v", err)
	}
	return res
}

func eventOf(t testing.TB, res *planner.ExerciseResult, inject string) planner.Event {
	t.Helper()
	for _, ev := range res.Events {
		if ev.Inject == inject {
			return ev
		}
	}
	t.Fatalf("no event for %s", inject)
	return planner.Event{}
}

// TestExerciseConditions tries each form of condition, with and without
// `not`, on what the injects before the probe did.
func TestExerciseConditions(t *testing.T) {
	skippedWhenB := crossA("a-skipped", 1)
	skippedWhenB.When = []planner.Condition{onRL("rl-b")}
	cases := []struct {
		name      string
		script    []planner.Inject
		decisions []planner.RunDecision
		cond      planner.Condition
		holds     bool
	}{
		{"red line crossed at an earlier inject", []planner.Inject{crossA("a", 1)}, nil, onRL("rl-a"), true},
		{"red line never crossed", []planner.Inject{rearmA("q", 1)}, nil, onRL("rl-a"), false},
		{"red line crossed and re-armed since", []planner.Inject{crossA("a", 1), rearmA("r", 2)}, nil, onRL("rl-a"), true},
		{"red line crossed only by an inject that was skipped", []planner.Inject{skippedWhenB}, nil, onRL("rl-a"), false},
		{"red line crossed by the probe itself does not count", nil, nil, onRL("rl-x"), false},
		{"red line crossed by an inject at the same time, earlier in the file", []planner.Inject{crossA("a", 100)}, nil, onRL("rl-a"), true},

		{"fired: an automatic link fired", []planner.Inject{crossA("a", 1)}, nil, onResp("r-auto", planner.CondFired), true},
		{"fired: a response only approved did not fire", []planner.Inject{crossA("a", 1)},
			[]planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved)}, onResp("r-vote", planner.CondFired), false},
		{"fired: still holds once the response is ongoing", []planner.Inject{crossA("a", 1), rearmA("r", 2), crossA("a2", 3)}, nil,
			onResp("r-auto", planner.CondFired), true},
		{"fired: blocked is not fired", []planner.Inject{crossB("b", 1, planner.PhaseWar)}, nil, onResp("r-cf", planner.CondFired), false},

		{"blocked: blocked in war", []planner.Inject{crossB("b", 1, planner.PhaseWar)}, nil, onResp("r-cf", planner.CondBlocked), true},
		{"blocked: fired in a ceasefire is not blocked", []planner.Inject{crossB("b", 1, "")}, nil, onResp("r-cf", planner.CondBlocked), false},
		{"blocked: holds though it fired later", []planner.Inject{crossB("b", 1, planner.PhaseWar), rearmB("r", 2),
			crossB("b2", 3, planner.PhaseCeasefire)}, nil, onResp("r-cf", planner.CondBlocked), true},

		{"decision: put to the coalition", []planner.Inject{crossA("a", 1)}, nil, onResp("r-vote", planner.CondDecision), true},
		{"decision: holds whatever was decided", []planner.Inject{crossA("a", 1)},
			[]planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Rejected)}, onResp("r-vote", planner.CondDecision), true},
		{"decision: never put to the coalition", []planner.Inject{rearmA("q", 1)}, nil, onResp("r-vote", planner.CondDecision), false},
		{"decision: an automatic response is not put to it", []planner.Inject{crossA("a", 1)}, nil, onResp("r-auto", planner.CondDecision), false},

		{"approved: the coalition approved it", []planner.Inject{crossA("a", 1)},
			[]planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved)}, onResp("r-vote", planner.CondApproved), true},
		{"approved: deferred is not approved", []planner.Inject{crossA("a", 1)},
			[]planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Deferred)}, onResp("r-vote", planner.CondApproved), false},
		{"approved: no decision recorded", []planner.Inject{crossA("a", 1)}, nil, onResp("r-vote", planner.CondApproved), false},
		{"approved: a decision matching no decision outcome is ignored", []planner.Inject{crossA("a", 1)},
			[]planner.RunDecision{dec("a", "rl-b", "r-vote", planner.Approved), dec("a", "rl-a", "r-auto", planner.Approved),
				dec("elsewhere", "rl-a", "r-vote", planner.Approved)}, onResp("r-vote", planner.CondApproved), false},
		{"approved: a decision on an inject at the same time, earlier in the file", []planner.Inject{crossA("a", 100)},
			[]planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved)}, onResp("r-vote", planner.CondApproved), true},

		{"rejected: the coalition rejected it", []planner.Inject{crossA("a", 1)},
			[]planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Rejected)}, onResp("r-vote", planner.CondRejected), true},
		{"rejected: approved is not rejected", []planner.Inject{crossA("a", 1)},
			[]planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved)}, onResp("r-vote", planner.CondRejected), false},
		{"rejected: holds though a later decision approved it", []planner.Inject{crossA("a", 1), rearmA("r", 2), crossA("a2", 3)},
			[]planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Rejected), dec("a2", "rl-a", "r-vote", planner.Approved)},
			onResp("r-vote", planner.CondRejected), true},

		{"ongoing: after it fired", []planner.Inject{crossA("a", 1)}, nil, onResp("r-auto", planner.CondOngoing), true},
		{"ongoing: after it was approved", []planner.Inject{crossA("a", 1)},
			[]planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved)}, onResp("r-vote", planner.CondOngoing), true},
		{"ongoing: a decision left open is not under way", []planner.Inject{crossA("a", 1)}, nil, onResp("r-vote", planner.CondOngoing), false},
		{"ongoing: rejected is not under way", []planner.Inject{crossA("a", 1)},
			[]planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Rejected)}, onResp("r-vote", planner.CondOngoing), false},
		{"ongoing: blocked is not under way", []planner.Inject{crossB("b", 1, planner.PhaseWar)}, nil, onResp("r-cf", planner.CondOngoing), false},
		{"ongoing: under way stays under way though blocked since", []planner.Inject{crossB("b", 1, ""), rearmB("r", 2),
			crossB("b2", 3, planner.PhaseWar)}, nil, onResp("r-cf", planner.CondOngoing), true},
		{"ongoing: never set off", nil, nil, onResp("r-auto", planner.CondOngoing), false},
	}
	for _, tc := range cases {
		for _, not := range []bool{false, true} {
			name := tc.name
			if not {
				name += ", with not"
			}
			t.Run(name, func(t *testing.T) {
				c := tc.cond
				c.Not = not
				p := branchPlan(append(slices.Clone(tc.script), probe(100, c))...)
				ev := eventOf(t, exRunWith(t, p, tc.decisions...), "probe")
				plays := tc.holds != not
				if ev.Skipped == plays {
					t.Fatalf("probe skipped = %v, want %v", ev.Skipped, !plays)
				}
				if plays {
					if !slices.Equal(ev.Crossed, []string{"rl-x"}) || ev.Unmet != nil {
						t.Errorf("a played probe: crossed %v, unmet %v", ev.Crossed, ev.Unmet)
					}
					return
				}
				if ev.Unmet != &p.Injects[len(p.Injects)-1].When[0] {
					t.Errorf("unmet = %v, want the probe's condition", ev.Unmet)
				}
				if len(ev.Crossed) != 0 || len(ev.Responses) != 0 || ev.Crossed == nil || ev.Responses == nil {
					t.Errorf("a skipped probe: crossed %#v, responses %#v; want empty lists", ev.Crossed, ev.Responses)
				}
			})
		}
	}
}

// TestExerciseConditionList: every condition must hold; a skipped inject
// names the first that does not.
func TestExerciseConditionList(t *testing.T) {
	cases := []struct {
		name  string
		when  []planner.Condition
		unmet int // -1: plays
	}{
		{"no condition plays", nil, -1},
		{"all hold", []planner.Condition{onRL("rl-a"), onResp("r-auto", planner.CondFired), {RedLine: "rl-b", Not: true}}, -1},
		{"the second fails", []planner.Condition{onRL("rl-a"), onResp("r-vote", planner.CondFired), onRL("rl-b")}, 1},
		{"the first fails", []planner.Condition{onRL("rl-b"), onRL("rl-a")}, 0},
		{"a not that fails", []planner.Condition{onRL("rl-a"), {RedLine: "rl-a", Not: true}}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := branchPlan(crossA("a", 1), probe(2, tc.when...))
			ev := eventOf(t, exRunWith(t, p), "probe")
			switch {
			case tc.unmet < 0 && ev.Skipped:
				t.Errorf("skipped on %+v", *ev.Unmet)
			case tc.unmet >= 0 && (!ev.Skipped || ev.Unmet != &p.Injects[1].When[tc.unmet]):
				t.Errorf("skipped %v on %v, want on condition %d", ev.Skipped, ev.Unmet, tc.unmet)
			}
		})
	}
}

// TestExerciseSkippedInjectLeavesStateUntouched: a skipped inject's phase
// and readings are ignored: nothing is crossed, armed or disarmed.
func TestExerciseSkippedInjectLeavesStateUntouched(t *testing.T) {
	skip := exInject("skip", 2, planner.PhaseWar, indGround, 0, indCities, 30)
	skip.When = []planner.Condition{onRL("rl-x")} // never crossed
	p := branchPlan(crossA("a", 1), skip, exInject("after", 3, "", indGround, 700, indCities, 30))
	e, err := planner.NewExercise(p, seeds.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	e.Step()
	ev, _ := e.Step()
	if !ev.Skipped || ev.Phase != planner.PhaseCeasefire || len(ev.Crossed) != 0 || len(ev.Responses) != 0 {
		t.Errorf("skipped event %+v: want skipped, phase ceasefire, nothing crossed", ev)
	}
	if e.Phase() != planner.PhaseCeasefire {
		t.Errorf("phase %s after a skipped inject that would start the war", e.Phase())
	}
	if e.Armed(0) || !e.Armed(1) {
		t.Errorf("armed rl-a %v (crossed before, its re-arming reading was skipped), rl-b %v (its crossing was skipped)", e.Armed(0), e.Armed(1))
	}
	ev, _ = e.Step()
	// rl-a is still disarmed; rl-b crosses in a ceasefire, so r-cf fires.
	if !slices.Equal(ev.Crossed, []string{"rl-b"}) || ev.Responses[0].Status != planner.Fired {
		t.Errorf("after the skipped inject: %+v", ev)
	}
	if s := e.Summary(); s.Injects != 3 || s.Skipped != 1 || s.Crossed != 2 {
		t.Errorf("summary %+v", s)
	}
	// Stepping back over a skipped inject restores nothing, because it
	// changed nothing.
	e.Back()
	e.Back()
	if e.Phase() != planner.PhaseCeasefire || e.Armed(0) || !e.Armed(1) || e.Summary().Skipped != 0 {
		t.Errorf("after stepping back over the skipped inject: phase %s, armed %v %v, %+v", e.Phase(), e.Armed(0), e.Armed(1), e.Summary())
	}
}

type oc struct {
	redLine, response string
	status            planner.OutcomeStatus
	effective         float64 // -1: null
	choice            string
}

func outcomesOf(ev planner.Event) []oc {
	out := []oc{}
	for _, o := range ev.Responses {
		x := oc{o.RedLine, o.Response, o.Status, -1, o.Choice}
		if o.EffectiveAtHours != nil {
			x.effective = *o.EffectiveAtHours
		}
		out = append(out, x)
	}
	return out
}

// TestExerciseOngoing: a response under way is ongoing when set off again,
// effective when it first took effect; blocking comes first.
func TestExerciseOngoing(t *testing.T) {
	twoLines := func(trA, trB planner.Trigger) func(p *planner.Plan) {
		return func(p *planner.Plan) {
			p.Links = []planner.Link{exLink("rl-a", "r-vote", trA), exLink("rl-b", "r-vote", trB)}
		}
	}
	cases := []struct {
		name      string
		change    func(p *planner.Plan)
		script    []planner.Inject
		decisions []planner.RunDecision
		inject    string
		want      []oc
	}{
		{"after it fired at an earlier inject", nil,
			[]planner.Inject{crossA("a", 0), rearmA("r", 1), crossA("a2", 5)}, nil, "a2",
			[]oc{{"rl-a", "r-auto", planner.Ongoing, 10, ""}, {"rl-a", "r-vote", planner.Decision, -1, ""}}},
		{"after it fired for an earlier red line at this inject", twoLines(planner.TriggerAutomatic, planner.TriggerConsultation),
			[]planner.Inject{exInject("ab", 2, "", indGround, 600, indCities, 30)}, nil, "ab",
			[]oc{{"rl-a", "r-vote", planner.Fired, 26, ""}, {"rl-b", "r-vote", planner.Ongoing, 26, ""}}},
		{"duplicate automatic links: fired, then ongoing", func(p *planner.Plan) {
			p.Links = append(p.Links[:1], exLink("rl-a", "r-auto", planner.TriggerAutomatic))
		}, []planner.Inject{crossA("a", 3)}, nil, "a",
			[]oc{{"rl-a", "r-auto", planner.Fired, 13, ""}, {"rl-a", "r-auto", planner.Ongoing, 13, ""}}},
		{"duplicate consultation links: one decision answers both", func(p *planner.Plan) {
			p.Links = []planner.Link{exLink("rl-a", "r-vote", planner.TriggerConsultation), exLink("rl-a", "r-vote", planner.TriggerConsultation)}
		}, []planner.Inject{crossA("a", 3)}, []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved)}, "a",
			[]oc{{"rl-a", "r-vote", planner.Decision, -1, planner.Approved}, {"rl-a", "r-vote", planner.Decision, -1, planner.Approved}}},
		{"duplicate links blocked: both blocked", func(p *planner.Plan) {
			p.Links = append(p.Links, exLink("rl-b", "r-cf", planner.TriggerConsultation))
		}, []planner.Inject{crossB("b", 3, planner.PhaseWar)}, nil, "b",
			[]oc{{"rl-b", "r-cf", planner.Blocked, -1, ""}, {"rl-b", "r-cf", planner.Blocked, -1, ""}}},
		{"after it was approved at an earlier inject", nil,
			[]planner.Inject{crossA("a", 0), rearmA("r", 1), crossA("a2", 30)}, []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved)}, "a2",
			[]oc{{"rl-a", "r-auto", planner.Ongoing, 10, ""}, {"rl-a", "r-vote", planner.Ongoing, 24, ""}}},
		{"approved at this inject: a later link at this inject is put to the coalition again",
			twoLines(planner.TriggerConsultation, planner.TriggerConsultation),
			[]planner.Inject{exInject("ab", 2, "", indGround, 600, indCities, 30)}, []planner.RunDecision{dec("ab", "rl-a", "r-vote", planner.Approved)}, "ab",
			[]oc{{"rl-a", "r-vote", planner.Decision, -1, planner.Approved}, {"rl-b", "r-vote", planner.Decision, -1, ""}}},
		{"approved at this inject: under way at the next", twoLines(planner.TriggerConsultation, planner.TriggerAutomatic),
			[]planner.Inject{crossA("a", 2), crossB("b", 7, "")}, []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Approved)}, "b",
			[]oc{{"rl-b", "r-vote", planner.Ongoing, 26, ""}}},
		{"blocked before ongoing, and ongoing again where nothing blocks it", nil,
			[]planner.Inject{crossB("b", 0, ""), rearmB("r", 1), crossB("b2", 10, planner.PhaseWar), rearmB("r2", 11), crossB("b3", 20, planner.PhaseCeasefire)},
			nil, "b3", []oc{{"rl-b", "r-cf", planner.Ongoing, 5, ""}}},
		{"blocked in war though under way", nil,
			[]planner.Inject{crossB("b", 0, ""), rearmB("r", 1), crossB("b2", 10, planner.PhaseWar)}, nil, "b2",
			[]oc{{"rl-b", "r-cf", planner.Blocked, -1, ""}}},
		{"rejected: put to the coalition again", nil,
			[]planner.Inject{crossA("a", 0), rearmA("r", 1), crossA("a2", 5)}, []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Rejected)}, "a2",
			[]oc{{"rl-a", "r-auto", planner.Ongoing, 10, ""}, {"rl-a", "r-vote", planner.Decision, -1, ""}}},
		{"deferred: put to the coalition again", nil,
			[]planner.Inject{crossA("a", 0), rearmA("r", 1), crossA("a2", 5)}, []planner.RunDecision{dec("a", "rl-a", "r-vote", planner.Deferred)}, "a2",
			[]oc{{"rl-a", "r-auto", planner.Ongoing, 10, ""}, {"rl-a", "r-vote", planner.Decision, -1, ""}}},
		{"a decision left open, then an automatic link fires it", twoLines(planner.TriggerConsultation, planner.TriggerAutomatic),
			[]planner.Inject{crossA("a", 0), crossB("b", 4, "")}, nil, "b",
			[]oc{{"rl-b", "r-vote", planner.Fired, 28, ""}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := branchPlan(tc.script...)
			if tc.change != nil {
				tc.change(p)
			}
			got := outcomesOf(eventOf(t, exRunWith(t, p, tc.decisions...), tc.inject))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("outcomes at %s\n got %v\nwant %v", tc.inject, got, tc.want)
			}
		})
	}
}
