package planner_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

const (
	indGround = "loc_ground_incursion"
	indCities = "strikes_cities"
	indEnergy = "strikes_energy"
)

func exRedLine(id, indicator string, op planner.Op, value float64) planner.RedLine {
	return planner.RedLine{ID: id, Title: id, Domain: planner.DomainLand, Indicator: indicator,
		Threshold: &planner.Threshold{Op: op, Value: value}, Severity: 3}
}

func exResponse(id string, hours float64) planner.Response {
	return planner.Response{ID: id, Title: id, Kind: planner.KindMilitary, Mechanism: planner.MechanismDenial,
		Lead: "GB", HoursToEffect: hours}
}

func exContribution(id string, act planner.Activation, st planner.Status) planner.Contribution {
	return planner.Contribution{ID: id, Nation: "FR", Capability: planner.CapAirDefense, Personnel: 100,
		Location: planner.LocRear, Activation: act, Status: st}
}

func exLink(rl, resp string, tr planner.Trigger) planner.Link {
	return planner.Link{RedLine: rl, Response: resp, Trigger: tr}
}

// inject builds an inject; obs alternates indicator keys and values.
func exInject(id string, at float64, phase planner.Phase, obs ...any) planner.Inject {
	in := planner.Inject{ID: id, AtHours: at, Title: id, Phase: phase}
	for i := 0; i < len(obs); i += 2 {
		v := obs[i+1]
		var f float64
		switch x := v.(type) {
		case int:
			f = float64(x)
		case float64:
			f = x
		}
		in.Observations = append(in.Observations, planner.Observation{Indicator: obs[i].(string), Value: f})
	}
	return in
}

func exPlan(phase planner.Phase) *planner.Plan {
	return &planner.Plan{Format: planner.PlanFormat, Title: "Exercise test", Phase: phase,
		Classification: planner.DefaultClassification, Profile: planner.DefaultProfile}
}

func exRun(t testing.TB, p *planner.Plan) *planner.ExerciseResult {
	t.Helper()
	res, err := planner.RunExercise(p, seeds.Catalog())
	if err != nil {
		t.Fatalf("RunExercise: %v", err)
	}
	return res
}

// crossings lists, per event, the red lines crossed.
func exCrossings(res *planner.ExerciseResult) [][]string {
	out := make([][]string, len(res.Events))
	for i, ev := range res.Events {
		out[i] = ev.Crossed
	}
	return out
}

func TestExerciseInjectOrder(t *testing.T) {
	p := exPlan(planner.PhaseCeasefire)
	p.Injects = []planner.Inject{
		exInject("a", 5, ""), exInject("b", 0, ""), exInject("c", 5, ""), exInject("d", 2.5, ""), exInject("e", 5, ""), exInject("f", 0, ""),
	}
	res := exRun(t, p)
	var got []string
	for _, ev := range res.Events {
		got = append(got, ev.Inject)
	}
	if want := []string{"b", "f", "d", "a", "c", "e"}; !slices.Equal(got, want) {
		t.Errorf("run order %v, want %v (by at_hours, ties in file order)", got, want)
	}
	e, err := planner.NewExercise(p, seeds.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 5, 3, 0, 2, 4}; !slices.Equal(e.Order(), want) {
		t.Errorf("Order() = %v, want %v", e.Order(), want)
	}
	if next, ok := e.Next(); !ok || next.ID != "b" {
		t.Errorf("Next() = %v, %v", next, ok)
	}
	if res.Events[3].AtHours != 5 || res.Events[2].AtHours != 2.5 {
		t.Errorf("at_hours not carried into events: %+v", res.Events)
	}

	// Many ties, enough for an unstable sort to show.
	p.Injects = nil
	for i := 0; i < 300; i++ {
		p.Injects = append(p.Injects, exInject(strconv.Itoa(i), float64((i*7)%3), ""))
	}
	res = exRun(t, p)
	for k := 1; k < len(res.Events); k++ {
		a, b := res.Events[k-1], res.Events[k]
		ia, _ := strconv.Atoi(a.Inject)
		ib, _ := strconv.Atoi(b.Inject)
		if a.AtHours > b.AtHours || a.AtHours == b.AtHours && ia > ib {
			t.Fatalf("inject %s (at %v) runs before %s (at %v)", a.Inject, a.AtHours, b.Inject, b.AtHours)
		}
	}
}

func TestExercisePhase(t *testing.T) {
	p := exPlan(planner.PhaseCeasefire)
	p.RedLines = []planner.RedLine{exRedLine("rl", indGround, planner.OpGE, 500)}
	r := exResponse("resp", 10)
	r.Requires = []planner.Precondition{planner.RequiresCeasefire}
	p.Responses = []planner.Response{r}
	p.Links = []planner.Link{exLink("rl", "resp", planner.TriggerAutomatic)}
	p.Injects = []planner.Inject{
		exInject("i0", 0, ""),
		// The phase changes to war and the line is crossed in the same
		// inject: the phase applies first, so the response is blocked.
		exInject("i1", 1, planner.PhaseWar, indGround, 600),
		exInject("i2", 2, "", indGround, 0),
		// Back to a ceasefire, crossed again: it fires.
		exInject("i3", 3, planner.PhaseCeasefire, indGround, 600),
		exInject("i4", 4, planner.PhaseSettlement),
		exInject("i5", 5, ""),
	}
	res := exRun(t, p)
	wantPhases := []planner.Phase{"ceasefire", "war", "war", "ceasefire", "settlement", "settlement"}
	for i, ev := range res.Events {
		if ev.Phase != wantPhases[i] {
			t.Errorf("event %s phase %q, want %q (the phase after the inject)", ev.Inject, ev.Phase, wantPhases[i])
		}
	}
	if o := res.Events[1].Responses; len(o) != 1 || o[0].Status != planner.Blocked || o[0].Reason != "ceasefire" {
		t.Errorf("i1 outcomes %+v, want blocked by ceasefire", o)
	}
	if o := res.Events[3].Responses; len(o) != 1 || o[0].Status != planner.Fired || *o[0].EffectiveAtHours != 13 {
		t.Errorf("i3 outcomes %+v, want fired at 13", o)
	}
}

func TestExerciseCrossing(t *testing.T) {
	cases := []struct {
		name    string
		lines   []planner.RedLine
		injects []planner.Inject
		want    [][]string
	}{
		{
			name:  "edge-triggered: readings above the threshold while disarmed do not cross again",
			lines: []planner.RedLine{exRedLine("rl", indGround, planner.OpGE, 500)},
			injects: []planner.Inject{exInject("1", 0, "", indGround, 500), exInject("2", 1, "", indGround, 700),
				exInject("3", 2, "", indGround, 9000)},
			want: [][]string{{"rl"}, {}, {}},
		},
		{
			name:  "a reading that does not hold re-arms",
			lines: []planner.RedLine{exRedLine("rl", indGround, planner.OpGE, 500)},
			injects: []planner.Inject{exInject("1", 0, "", indGround, 600), exInject("2", 1, "", indGround, 499),
				exInject("3", 2, "", indGround, 600), exInject("4", 3, "", indGround, 600)},
			want: [][]string{{"rl"}, {}, {"rl"}, {}},
		},
		{
			name:  "a reading below the threshold while armed does nothing",
			lines: []planner.RedLine{exRedLine("rl", indGround, planner.OpGE, 500)},
			injects: []planner.Inject{exInject("1", 0, "", indGround, 1), exInject("2", 1, "", indGround, 2),
				exInject("3", 2, "", indGround, 501)},
			want: [][]string{{}, {}, {"rl"}},
		},
		{
			name: "unobserved red lines keep their state",
			lines: []planner.RedLine{exRedLine("rl-g", indGround, planner.OpGE, 500),
				exRedLine("rl-c", indCities, planner.OpGE, 20)},
			injects: []planner.Inject{
				exInject("1", 0, "", indGround, 600),               // rl-g crossed, disarmed
				exInject("2", 1, "", indCities, 0),                 // rl-g not observed: stays disarmed
				exInject("3", 2, "", indGround, 600),               // so no crossing
				exInject("4", 3, ""),                               // nothing observed
				exInject("5", 4, "", indCities, 30),                // rl-c armed all along
				exInject("6", 5, "", indEnergy, 99, indCities, 30), // rl-c disarmed
			},
			want: [][]string{{"rl-g"}, {}, {}, {}, {"rl-c"}, {}},
		},
		{
			name:  "the last observation of an indicator in an inject counts",
			lines: []planner.RedLine{exRedLine("rl", indGround, planner.OpGE, 500)},
			injects: []planner.Inject{
				exInject("1", 0, "", indGround, 600, indGround, 100),               // last does not hold: no crossing, stays armed
				exInject("2", 1, "", indGround, 100, indGround, 600),               // last holds: crossed
				exInject("3", 2, "", indGround, 100, indGround, 600),               // disarmed; the earlier 100 does not re-arm
				exInject("4", 3, "", indGround, 600, indCities, 1, indGround, 100), // re-armed
				exInject("5", 4, "", indGround, 600),
			},
			want: [][]string{{}, {"rl"}, {}, {}, {"rl"}},
		},
		{
			name: "red lines without indicator or threshold never cross",
			lines: []planner.RedLine{
				{ID: "no-threshold", Title: "t", Domain: planner.DomainLand, Indicator: indGround, Severity: 1},
				{ID: "no-indicator", Title: "t", Domain: planner.DomainLand, Threshold: &planner.Threshold{Op: planner.OpGE, Value: 0}, Severity: 1},
				{ID: "neither", Title: "t", Domain: planner.DomainLand, Severity: 1},
			},
			injects: []planner.Inject{exInject("1", 0, "", indGround, 1e9), exInject("2", 1, "", indGround, -1e9, indCities, 5)},
			want:    [][]string{{}, {}},
		},
		{
			name: "crossed in plan red-line order, whatever the observation order",
			lines: []planner.RedLine{exRedLine("rl-c", indCities, planner.OpGT, 20),
				exRedLine("rl-g", indGround, planner.OpGE, 500), exRedLine("rl-g2", indGround, planner.OpGE, 100)},
			injects: []planner.Inject{exInject("1", 0, "", indGround, 600, indCities, 21)},
			want:    [][]string{{"rl-c", "rl-g", "rl-g2"}},
		},
		{
			name: "every comparison",
			lines: []planner.RedLine{exRedLine("gt", indGround, planner.OpGT, 10), exRedLine("ge", indGround, planner.OpGE, 10),
				exRedLine("lt", indGround, planner.OpLT, 10), exRedLine("le", indGround, planner.OpLE, 10), exRedLine("eq", indGround, planner.OpEQ, 10)},
			injects: []planner.Inject{exInject("1", 0, "", indGround, 10), exInject("2", 1, "", indGround, 11),
				exInject("3", 2, "", indGround, 9), exInject("4", 3, "", indGround, 10)},
			want: [][]string{{"ge", "le", "eq"}, {"gt"}, {"lt", "le"}, {"ge", "eq"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := exPlan(planner.PhaseCeasefire)
			p.RedLines = tc.lines
			p.Injects = tc.injects
			res := exRun(t, p)
			if got := exCrossings(res); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("crossed %v, want %v", got, tc.want)
			}
		})
	}
}

func TestExerciseOutcomeOrder(t *testing.T) {
	p := exPlan(planner.PhaseCeasefire)
	p.RedLines = []planner.RedLine{exRedLine("rl-1", indGround, planner.OpGE, 1), exRedLine("rl-2", indCities, planner.OpGE, 1)}
	p.Responses = []planner.Response{exResponse("w", 1), exResponse("x", 2), exResponse("y", 3), exResponse("z", 4)}
	p.Links = []planner.Link{
		exLink("rl-2", "x", planner.TriggerAutomatic),
		exLink("rl-1", "y", planner.TriggerConsultation),
		exLink("rl-1", "z", planner.TriggerAutomatic),
		exLink("rl-2", "w", planner.TriggerAutomatic),
		exLink("rl-1", "w", planner.TriggerAutomatic),
	}
	p.Injects = []planner.Inject{exInject("i", 10, "", indCities, 5, indGround, 5)}
	res := exRun(t, p)
	var got []string
	for _, o := range res.Events[0].Responses {
		got = append(got, o.RedLine+"/"+o.Response+"/"+string(o.Status))
	}
	// w fired for rl-1 at this inject, so for rl-2 it is already under way.
	want := []string{"rl-1/y/decision", "rl-1/z/fired", "rl-1/w/fired", "rl-2/x/fired", "rl-2/w/ongoing"}
	if !slices.Equal(got, want) {
		t.Errorf("outcomes %v, want %v (red-line order, then link order)", got, want)
	}
}

func TestExerciseOutcomes(t *testing.T) {
	conts := []planner.Contribution{
		exContribution("ok", planner.ActivationImmediate, planner.StatusConfirmed),
		exContribution("dec1", planner.ActivationImmediate, planner.StatusDeclined),
		exContribution("dec2", planner.ActivationImmediate, planner.StatusDeclined),
		exContribution("cf1", planner.ActivationCeasefire, planner.StatusPledged),
		exContribution("cf2", planner.ActivationCeasefire, planner.StatusConfirmed),
		exContribution("cf-dec", planner.ActivationCeasefire, planner.StatusDeclined),
		exContribution("trig", planner.ActivationOnTrigger, planner.StatusConditional),
	}
	cf := []planner.Precondition{planner.RequiresCeasefire}
	cases := []struct {
		name     string
		phase    planner.Phase
		requires []planner.Precondition
		uses     []string
		trigger  planner.Trigger
		status   planner.OutcomeStatus
		reason   string
	}{
		{"requires ceasefire in war", planner.PhaseWar, cf, nil, planner.TriggerAutomatic, planner.Blocked, "ceasefire"},
		{"requires ceasefire in ceasefire", planner.PhaseCeasefire, cf, nil, planner.TriggerAutomatic, planner.Fired, ""},
		{"requires ceasefire in settlement", planner.PhaseSettlement, cf, nil, planner.TriggerAutomatic, planner.Fired, ""},
		{"other preconditions never block", planner.PhaseWar,
			[]planner.Precondition{planner.RequiresEUUnanimity, planner.RequiresUSEnablers, planner.RequiresNATOConsensus}, nil,
			planner.TriggerAutomatic, planner.Fired, ""},
		{"ceasefire wins over declined", planner.PhaseWar, cf, []string{"dec1"}, planner.TriggerAutomatic, planner.Blocked, "ceasefire"},
		{"ceasefire wins over inactive", planner.PhaseWar, cf, []string{"cf1"}, planner.TriggerConsultation, planner.Blocked, "ceasefire"},
		{"declined: first such id", planner.PhaseCeasefire, nil, []string{"ok", "dec2", "dec1"}, planner.TriggerAutomatic, planner.Blocked, "declined:dec2"},
		{"declined in any phase", planner.PhaseSettlement, nil, []string{"dec1"}, planner.TriggerConsultation, planner.Blocked, "declined:dec1"},
		{"declined wins over inactive, even when inactive comes first", planner.PhaseWar, nil, []string{"cf1", "dec1"}, planner.TriggerAutomatic, planner.Blocked, "declined:dec1"},
		{"declined and ceasefire-activated: declined", planner.PhaseWar, nil, []string{"cf-dec"}, planner.TriggerAutomatic, planner.Blocked, "declined:cf-dec"},
		{"inactive: first such id", planner.PhaseWar, nil, []string{"ok", "trig", "cf2", "cf1"}, planner.TriggerAutomatic, planner.Blocked, "inactive:cf2"},
		{"inactive only in war", planner.PhaseCeasefire, nil, []string{"cf1"}, planner.TriggerAutomatic, planner.Fired, ""},
		{"inactive only in war, settlement", planner.PhaseSettlement, nil, []string{"cf1"}, planner.TriggerAutomatic, planner.Fired, ""},
		{"on_trigger is never inactive", planner.PhaseWar, nil, []string{"trig"}, planner.TriggerAutomatic, planner.Fired, ""},
		{"consultation opens a decision", planner.PhaseWar, nil, []string{"ok"}, planner.TriggerConsultation, planner.Decision, ""},
		{"blocked consultation", planner.PhaseWar, nil, []string{"cf1"}, planner.TriggerConsultation, planner.Blocked, "inactive:cf1"},
		{"automatic fires", planner.PhaseWar, nil, []string{"ok"}, planner.TriggerAutomatic, planner.Fired, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := exPlan(tc.phase)
			p.RedLines = []planner.RedLine{exRedLine("rl", indGround, planner.OpGE, 500)}
			r := exResponse("resp", 36)
			r.Requires, r.Uses = tc.requires, tc.uses
			p.Responses = []planner.Response{r}
			p.Contributions = conts
			p.Links = []planner.Link{exLink("rl", "resp", tc.trigger)}
			p.Injects = []planner.Inject{exInject("i", 10, "", indGround, 500)}
			res := exRun(t, p)
			o := res.Events[0].Responses
			if len(o) != 1 {
				t.Fatalf("want one outcome, got %+v", o)
			}
			if o[0].Status != tc.status || o[0].Reason != tc.reason {
				t.Errorf("got %s %q, want %s %q", o[0].Status, o[0].Reason, tc.status, tc.reason)
			}
			switch tc.status {
			case planner.Fired:
				if o[0].EffectiveAtHours == nil || *o[0].EffectiveAtHours != 46 {
					t.Errorf("effective_at_hours %v, want 10 + 36", o[0].EffectiveAtHours)
				}
			default:
				if o[0].EffectiveAtHours != nil {
					t.Errorf("effective_at_hours %v, want null for %s", *o[0].EffectiveAtHours, tc.status)
				}
			}
		})
	}
}

func TestExerciseJSON(t *testing.T) {
	p := exPlan(planner.PhaseWar)
	p.RedLines = []planner.RedLine{exRedLine("rl", indGround, planner.OpGE, 500)}
	blocked := exResponse("blocked", 1)
	blocked.Requires = []planner.Precondition{planner.RequiresCeasefire}
	p.Responses = []planner.Response{exResponse("auto", 12.5), exResponse("consult", 1), blocked}
	p.Links = []planner.Link{exLink("rl", "auto", planner.TriggerAutomatic), exLink("rl", "consult", planner.TriggerConsultation),
		exLink("rl", "blocked", planner.TriggerAutomatic)}
	p.Injects = []planner.Inject{exInject("quiet", 0, ""), exInject("hit", 1.5, "", indGround, 600)}
	res := exRun(t, p)
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"plan":"Exercise test","events":[` +
		`{"inject":"quiet","at_hours":0,"phase":"war","skipped":false,"crossed":[],"responses":[]},` +
		`{"inject":"hit","at_hours":1.5,"phase":"war","skipped":false,"crossed":["rl"],"responses":[` +
		`{"red_line":"rl","response":"auto","status":"fired","reason":"","effective_at_hours":14},` +
		`{"red_line":"rl","response":"consult","status":"decision","reason":"","effective_at_hours":null},` +
		`{"red_line":"rl","response":"blocked","status":"blocked","reason":"ceasefire","effective_at_hours":null}]}],` +
		`"summary":{"injects":2,"skipped":0,"crossed":1,"fired":1,"decision":1,"blocked":1,"ongoing":0}}`
	if string(data) != want {
		t.Errorf("JSON\n got %s\nwant %s", data, want)
	}

	// No injects: an empty list of events, not null.
	data, _ = json.Marshal(exRun(t, exPlan(planner.PhaseWar)))
	if !strings.Contains(string(data), `"events":[]`) {
		t.Errorf("no injects: %s", data)
	}

	// A stepped event marshals the same way.
	e, _ := planner.NewExercise(p, seeds.Catalog())
	ev, _ := e.Step()
	data, _ = json.Marshal(ev)
	if !strings.Contains(string(data), `"crossed":[],"responses":[]`) {
		t.Errorf("stepped event: %s", data)
	}
}

func TestExerciseSummary(t *testing.T) {
	p := exPlan(planner.PhaseCeasefire)
	p.RedLines = []planner.RedLine{exRedLine("a", indGround, planner.OpGE, 500), exRedLine("b", indCities, planner.OpGE, 20)}
	needsCF := exResponse("cf", 5)
	needsCF.Requires = []planner.Precondition{planner.RequiresCeasefire}
	p.Responses = []planner.Response{exResponse("r1", 1), exResponse("r2", 2), needsCF}
	p.Links = []planner.Link{exLink("a", "r1", planner.TriggerAutomatic), exLink("a", "cf", planner.TriggerAutomatic),
		exLink("b", "r2", planner.TriggerConsultation), exLink("b", "cf", planner.TriggerConsultation)}
	p.Injects = []planner.Inject{
		exInject("1", 0, "", indGround, 600),                // a: fired r1, fired cf
		exInject("2", 1, planner.PhaseWar, indCities, 25),   // b: decision r2, blocked cf
		exInject("3", 2, "", indGround, 0, indCities, 0),    // re-arm both
		exInject("4", 3, "", indGround, 600, indCities, 30), // a: r1 ongoing (it fired at 1), blocked; b: decision, blocked
		exInject("5", 4, ""),                                // nothing
	}
	res := exRun(t, p)
	want := planner.ExerciseSummary{Injects: 5, Crossed: 4, Fired: 2, Decision: 2, Blocked: 3, Ongoing: 1}
	if res.Summary != want {
		t.Errorf("summary %+v, want %+v", res.Summary, want)
	}
	if res.Plan != "Exercise test" {
		t.Errorf("plan %q", res.Plan)
	}
}

func TestExerciseInvalidReference(t *testing.T) {
	base := func() *planner.Plan {
		p := exPlan(planner.PhaseCeasefire)
		p.RedLines = []planner.RedLine{exRedLine("rl", indGround, planner.OpGE, 500)}
		p.Responses = []planner.Response{exResponse("resp", 1)}
		p.Contributions = []planner.Contribution{exContribution("c", planner.ActivationImmediate, planner.StatusConfirmed)}
		p.Links = []planner.Link{exLink("rl", "resp", planner.TriggerAutomatic)}
		p.Injects = []planner.Inject{exInject("i", 0, "", indGround, 600)}
		return p
	}
	cases := []struct {
		name    string
		change  func(p *planner.Plan)
		subject string
		words   []string
	}{
		{"dangling link response", func(p *planner.Plan) { p.Links[0].Response = "resp-gone" }, "link:rl:resp-gone", []string{`"resp-gone"`}},
		{"dangling link red line", func(p *planner.Plan) { p.Links[0].RedLine = "rl-gone" }, "link:rl-gone:resp", []string{`"rl-gone"`}},
		{"uses a missing contribution", func(p *planner.Plan) { p.Responses[0].Uses = []string{"c", "c-gone"} }, "resp", []string{`"c-gone"`}},
		{"unknown lead", func(p *planner.Plan) { p.Responses[0].Lead = "ZZ" }, "resp", []string{`"ZZ"`}},
		{"unknown nation", func(p *planner.Plan) { p.Contributions[0].Nation = "QQ" }, "c", []string{`"QQ"`}},
		{"unknown indicator", func(p *planner.Plan) { p.RedLines[0].Indicator = "moon" }, "rl", []string{`"moon"`}},
		{"unknown observed indicator", func(p *planner.Plan) { p.Injects[0].Observations[0].Indicator = "moon" }, "i", []string{`"moon"`}},
		{"a condition names a missing red line", func(p *planner.Plan) {
			p.Injects[0].When = []planner.Condition{{RedLine: "rl-gone"}}
		}, "i", []string{`"rl-gone"`}},
		{"a condition names a missing response", func(p *planner.Plan) {
			p.Injects[0].When = []planner.Condition{{RedLine: "rl"}, {Response: "resp-gone", Outcome: planner.CondOngoing, Not: true}}
		}, "i", []string{`"resp-gone"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := base()
			tc.change(p)
			for name, f := range map[string]func() error{
				"RunExercise": func() error { _, err := planner.RunExercise(p, seeds.Catalog()); return err },
				"NewExercise": func() error { _, err := planner.NewExercise(p, seeds.Catalog()); return err },
			} {
				err := f()
				var re *planner.ReferenceError
				if !errors.As(err, &re) {
					t.Fatalf("%s: err = %v, want *planner.ReferenceError", name, err)
				}
				found := false
				for _, fd := range re.Findings {
					if fd.Rule == "invalid-reference" && fd.Subject == tc.subject {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: findings %+v do not name %q", name, re.Findings, tc.subject)
				}
				msg := err.Error()
				for _, w := range append([]string{tc.subject + ": "}, tc.words...) {
					if !strings.Contains(msg, w) {
						t.Errorf("%s: message %q lacks %q", name, msg, w)
					}
				}
			}
		})
	}
	// The base plan runs, and the plan's own actors and indicators count.
	p := base()
	p.Actors = []planner.Actor{{Code: "ZZ", Name: "Zedland", Kind: planner.ActorState}}
	p.Indicators = []planner.Indicator{{Key: "moon", Name: "Moon", Unit: "u"}}
	p.Responses[0].Lead = "ZZ"
	p.RedLines[0].Indicator = "moon"
	p.Injects[0].Observations[0].Indicator = "moon"
	if res := exRun(t, p); res.Summary.Fired != 1 {
		t.Errorf("plan-declared actor and indicator: %+v", res.Summary)
	}
}

func TestExerciseReferencePlan(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	res := exRun(t, p)
	// A response that fired and is set off again is ongoing, not fired
	// (or put to a decision) again: 8 fired and 4 decisions became ongoing.
	want := planner.ExerciseSummary{Injects: 16, Skipped: 2, Crossed: 14, Fired: 9, Decision: 18, Blocked: 5, Ongoing: 14}
	if res.Summary != want {
		t.Errorf("summary %+v, want %+v", res.Summary, want)
	}
	if res.Plan != seeds.ReferencePlanTitle {
		t.Errorf("plan %q", res.Plan)
	}
	byID := map[string]planner.Event{}
	var order []string
	for _, ev := range res.Events {
		byID[ev.Inject] = ev
		order = append(order, ev.Inject)
	}
	// inj-08 and inj-09 share at_hours 72 and keep file order, as do the
	// branches inj-02a/inj-02b and inj-10/inj-10b.
	if want := []string{"inj-01", "inj-02", "inj-02a", "inj-02b", "inj-03", "inj-04", "inj-05", "inj-06", "inj-07", "inj-08", "inj-09", "inj-10", "inj-10b", "inj-11", "inj-12", "inj-13"}; !slices.Equal(order, want) {
		t.Errorf("order %v", order)
	}
	type oc struct{ resp, status, reason string }
	outcomes := func(ev planner.Event) []oc {
		var out []oc
		for _, o := range ev.Responses {
			out = append(out, oc{o.Response, string(o.Status), o.Reason})
		}
		return out
	}
	// The ceasefire takes effect: nothing crossed.
	if ev := byID["inj-01"]; len(ev.Crossed) != 0 || len(ev.Responses) != 0 || ev.Phase != planner.PhaseCeasefire {
		t.Errorf("inj-01 = %+v", ev)
	}
	// Ground incursion: the ceasefire-violations line, crossed at inj-02 and
	// re-armed by the easing at inj-02b (no snapback was rejected), crosses
	// again.
	if ev := byID["inj-05"]; !slices.Equal(ev.Crossed, []string{"rl-ground-incursion", "rl-ceasefire-violations"}) {
		t.Errorf("inj-05 crossed %v", ev.Crossed)
	} else if o := ev.Responses[1]; o.Response != "resp-rrf" || o.Status != planner.Fired || *o.EffectiveAtHours != 88 {
		t.Errorf("inj-05 RRF outcome %+v", o)
	}
	// The war begins in the inject that crosses: responses that need a
	// ceasefire are blocked, and the event reports the new phase.
	ev := byID["inj-06"]
	if ev.Phase != planner.PhaseWar || !slices.Equal(ev.Crossed, []string{"rl-city-strikes", "rl-allied-forces"}) {
		t.Errorf("inj-06 = %v %v", ev.Phase, ev.Crossed)
	}
	wantOC := []oc{
		{"resp-air-shield-ua", "blocked", "ceasefire"}, {"resp-resupply", "decision", ""}, {"resp-snapback", "ongoing", ""},
		{"resp-rrf", "blocked", "ceasefire"}, {"resp-isr-surge", "ongoing", ""}, {"resp-long-range", "decision", ""},
		{"resp-suspend-talks", "fired", ""},
	}
	if got := outcomes(ev); !reflect.DeepEqual(got, wantOC) {
		t.Errorf("inj-06 outcomes %v\nwant %v", got, wantOC)
	}
	// In war a Turkish naval contribution that activates with a ceasefire
	// is inactive.
	if got := outcomes(byID["inj-07"]); len(got) == 0 || got[0] != (oc{"resp-black-sea-escort", "blocked", "inactive:c-tr-naval"}) {
		t.Errorf("inj-07 outcomes %v", got)
	}
	if got := outcomes(byID["inj-08"]); len(got) < 4 || got[3] != (oc{"resp-infra-guard", "blocked", "inactive:c-fr-airdef"}) {
		t.Errorf("inj-08 outcomes %v", got)
	}
	// NATO airspace: re-armed by a quiet reading at inj-07, crossed again.
	for _, id := range []string{"inj-03", "inj-10"} {
		if ev := byID[id]; !slices.Equal(ev.Crossed, []string{"rl-nato-airspace"}) {
			t.Errorf("%s crossed %v", id, ev.Crossed)
		}
	}
	// The ceasefire is restored (re-arming the ground line) and a probe
	// crosses it again.
	if ev := byID["inj-12"]; ev.Phase != planner.PhaseCeasefire || len(ev.Crossed) != 0 {
		t.Errorf("inj-12 = %+v", ev)
	}
	// The reserves have been under way since inj-05: ongoing, effective
	// when they took effect the first time.
	if ev := byID["inj-13"]; !slices.Equal(ev.Crossed, []string{"rl-ground-incursion"}) ||
		ev.Responses[0].Status != planner.Ongoing || *ev.Responses[0].EffectiveAtHours != 52 {
		t.Errorf("inj-13 = %+v", ev)
	}
}

func TestExerciseStepBack(t *testing.T) {
	p := planner.Generate(planner.GenSpec{RedLines: 40, Responses: 30, Contributions: 50, Links: 120, Injects: 200, Seed: 3})
	full := exRun(t, p)
	if full.Summary.Crossed == 0 || full.Summary.Blocked == 0 {
		t.Fatalf("generated plan exercises too little: %+v", full.Summary)
	}
	e, err := planner.NewExercise(p, seeds.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	if e.Back() {
		t.Error("Back at the start reports true")
	}
	if e.Len() != len(p.Injects) {
		t.Errorf("Len %d", e.Len())
	}
	type state struct {
		phase planner.Phase
		armed []bool
	}
	snapshot := func() state {
		s := state{phase: e.Phase()}
		for i := range p.RedLines {
			s.armed = append(s.armed, e.Armed(i))
		}
		return s
	}
	states := []state{snapshot()} // states[k]: after k steps
	for k := 0; k < e.Len(); k++ {
		ev, ok := e.Step()
		if !ok || !reflect.DeepEqual(ev, full.Events[k]) {
			t.Fatalf("step %d differs from RunExercise", k)
		}
		states = append(states, snapshot())
	}
	if _, ok := e.Step(); ok {
		t.Error("Step past the end reports true")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		back := rng.IntN(e.Pos() + 1)
		for i := 0; i < back; i++ {
			if !e.Back() {
				t.Fatal("Back failed")
			}
		}
		if got := snapshot(); !reflect.DeepEqual(got, states[e.Pos()]) {
			t.Fatalf("round %d: state after stepping back to %d differs", round, e.Pos())
		}
		fwd := rng.IntN(e.Len() - e.Pos() + 1)
		for i := 0; i < fwd; i++ {
			pos := e.Pos()
			ev, ok := e.Step()
			if !ok {
				t.Fatal("Step failed")
			}
			if !reflect.DeepEqual(ev, full.Events[pos]) {
				t.Fatalf("round %d: event %d after stepping back differs:\n got %+v\nwant %+v", round, pos, ev, full.Events[pos])
			}
		}
	}
	for e.Back() {
	}
	if e.Pos() != 0 || !reflect.DeepEqual(snapshot(), states[0]) {
		t.Error("stepping all the way back does not restore the start")
	}
}

func TestExerciseEffectTimeOverflow(t *testing.T) {
	p := exPlan(planner.PhaseWar)
	p.RedLines = []planner.RedLine{exRedLine("rl", indGround, planner.OpGE, 0)}
	p.Responses = []planner.Response{exResponse("resp", 1.7e308)}
	p.Links = []planner.Link{exLink("rl", "resp", planner.TriggerAutomatic)}
	p.Injects = []planner.Inject{exInject("i", 1.7e308, "", indGround, 1)}
	res := exRun(t, p)
	if _, err := json.Marshal(res); err != nil {
		t.Fatalf("result does not marshal: %v", err)
	}
	if at := res.Events[0].Responses[0].EffectiveAtHours; at == nil || *at != math.MaxFloat64 {
		t.Errorf("effective_at_hours = %v, want the largest number", at)
	}
}
