package planner_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// specRun plays a script as exercise.md words it, as plainly as it can be
// written and without regard to cost: every question about the past is
// answered by reading the events played so far. The engine must agree
// with it on every event.
func specRun(p *planner.Plan, ds []planner.RunDecision) *planner.ExerciseResult {
	type key struct{ inject, redLine, response string }
	choice := map[key]string{}
	for _, d := range ds {
		choice[key{d.Inject, d.RedLine, d.Response}] = d.Choice
	}
	response := func(id string) *planner.Response {
		for i := range p.Responses {
			if p.Responses[i].ID == id {
				return &p.Responses[i]
			}
		}
		return nil
	}
	contribution := func(id string) *planner.Contribution {
		for i := range p.Contributions {
			if p.Contributions[i].ID == id {
				return &p.Contributions[i]
			}
		}
		return nil
	}
	effect := func(at, hours float64) float64 {
		if t := at + hours; !math.IsInf(t, 1) {
			return t
		}
		return math.MaxFloat64
	}
	res := &planner.ExerciseResult{Plan: p.Title, Events: []planner.Event{}}
	// underWay says whether a response is under way given the events
	// before and the outcomes of the current inject so far, and when it
	// first took effect.
	underWay := func(id string, current []planner.Outcome) (bool, float64) {
		for _, ev := range res.Events {
			for _, o := range ev.Responses {
				if o.Response != id {
					continue
				}
				if o.Status == planner.Fired || o.Status == planner.Decision && choice[key{ev.Inject, o.RedLine, o.Response}] == planner.Approved {
					return true, effect(ev.AtHours, response(id).HoursToEffect)
				}
			}
		}
		for _, o := range current {
			if o.Response == id && o.Status == planner.Fired {
				return true, *o.EffectiveAtHours
			}
		}
		return false, 0
	}
	holds := func(c planner.Condition) bool {
		if c.RedLine != "" {
			for _, ev := range res.Events {
				for _, id := range ev.Crossed {
					if id == c.RedLine {
						return true
					}
				}
			}
			return false
		}
		if c.Outcome == planner.CondOngoing {
			ok, _ := underWay(c.Response, nil)
			return ok
		}
		for _, ev := range res.Events {
			for _, o := range ev.Responses {
				if o.Response != c.Response {
					continue
				}
				switch c.Outcome {
				case planner.CondFired, planner.CondBlocked, planner.CondDecision:
					if string(o.Status) == string(c.Outcome) {
						return true
					}
				case planner.CondApproved, planner.CondRejected:
					if o.Status == planner.Decision && choice[key{ev.Inject, o.RedLine, o.Response}] == string(c.Outcome) {
						return true
					}
				}
			}
		}
		return false
	}
	phase := p.Phase
	armed := make([]bool, len(p.RedLines))
	for i := range armed {
		armed[i] = true
	}
	for _, idx := range planner.PlayOrder(p.Injects) {
		in := &p.Injects[idx]
		ev := planner.Event{Inject: in.ID, AtHours: in.AtHours, Crossed: []string{}, Responses: []planner.Outcome{}}
		for k, c := range in.When {
			if holds(c) == c.Not {
				ev.Skipped, ev.Unmet = true, &in.When[k]
				break
			}
		}
		if ev.Skipped {
			ev.Phase = phase
			res.Events = append(res.Events, ev)
			continue
		}
		if in.Phase != "" {
			phase = in.Phase
		}
		ev.Phase = phase
		for i := range p.RedLines {
			rl := &p.RedLines[i]
			if rl.Indicator == "" || rl.Threshold == nil {
				continue
			}
			seen, value := false, 0.0
			for _, ob := range in.Observations {
				if ob.Indicator == rl.Indicator {
					seen, value = true, ob.Value
				}
			}
			switch {
			case !seen:
			case rl.Threshold.Holds(value) && armed[i]:
				armed[i] = false
				ev.Crossed = append(ev.Crossed, rl.ID)
			case !rl.Threshold.Holds(value):
				armed[i] = true
			}
		}
		war := phase == planner.PhaseWar
		for _, rlID := range ev.Crossed {
			for _, l := range p.Links {
				if l.RedLine != rlID {
					continue
				}
				r := response(l.Response)
				o := planner.Outcome{RedLine: l.RedLine, Response: l.Response}
				reason := ""
				for _, req := range r.Requires {
					if war && req == planner.RequiresCeasefire && reason == "" {
						reason = "ceasefire"
					}
				}
				for _, id := range r.Uses {
					if k := contribution(id); reason == "" && k != nil && k.Status == planner.StatusDeclined {
						reason = "declined:" + id
					}
				}
				for _, id := range r.Uses {
					if k := contribution(id); war && reason == "" && k != nil && k.Activation == planner.ActivationCeasefire {
						reason = "inactive:" + id
					}
				}
				if reason != "" {
					o.Status, o.Reason = planner.Blocked, reason
				} else if ok, at := underWay(r.ID, ev.Responses); ok {
					o.Status, o.EffectiveAtHours = planner.Ongoing, &at
				} else if l.Trigger == planner.TriggerAutomatic {
					at := effect(in.AtHours, r.HoursToEffect)
					o.Status, o.EffectiveAtHours = planner.Fired, &at
				} else {
					o.Status, o.Choice = planner.Decision, choice[key{in.ID, l.RedLine, l.Response}]
				}
				ev.Responses = append(ev.Responses, o)
			}
		}
		res.Events = append(res.Events, ev)
	}
	res.Summary = planner.Summarize(res.Events)
	return res
}

// TestExerciseAgreesWithTheSpecification plays generated branching
// scripts with random decisions through the engine and through specRun.
func TestExerciseAgreesWithTheSpecification(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		p := planner.Generate(planner.GenSpec{RedLines: 12 + rng.IntN(20), Responses: 8 + rng.IntN(20), Contributions: 30,
			Links: 40 + rng.IntN(80), Injects: 60 + rng.IntN(120), Seed: seed})
		// Duplicated links, a war now and then, and conditions on
		// responses, so that every rule is met.
		for i := 0; i < 5 && len(p.Links) > 0; i++ {
			p.Links = append(p.Links, p.Links[rng.IntN(len(p.Links))])
		}
		for i := range p.Injects {
			if rng.IntN(10) == 0 {
				p.Injects[i].Phase = []planner.Phase{planner.PhaseWar, planner.PhaseCeasefire}[rng.IntN(2)]
			}
			if i > 0 && rng.IntN(4) == 0 {
				p.Injects[i].When = append(p.Injects[i].When, planner.Condition{
					Response: p.Responses[rng.IntN(len(p.Responses))].ID,
					Outcome:  planner.ConditionOutcomes[rng.IntN(len(planner.ConditionOutcomes))],
					Not:      rng.IntN(3) == 0,
				})
			}
		}
		var ds []planner.RunDecision
		for _, ev := range specRun(p, nil).Events {
			for _, o := range ev.Responses {
				if o.Status == planner.Decision && rng.IntN(2) == 0 {
					c := []string{planner.Approved, planner.Rejected, planner.Deferred}[rng.IntN(3)]
					ds = append(ds, dec(ev.Inject, o.RedLine, o.Response, c))
				}
			}
		}
		ds = append(ds, dec(p.Injects[0].ID, p.RedLines[0].ID, p.Responses[0].ID, planner.Approved)) // likely matching nothing
		want := specRun(p, ds)
		got, err := planner.RunExercise(p, seeds.Catalog(), ds...)
		if err != nil {
			t.Fatal(err)
		}
		if want.Summary.Skipped == 0 || want.Summary.Ongoing == 0 || want.Summary.Blocked == 0 {
			t.Errorf("seed %d meets too little: %+v", seed, want.Summary)
		}
		for i := range want.Events {
			if !reflect.DeepEqual(got.Events[i], want.Events[i]) {
				t.Fatalf("seed %d, event %d (%s)\n got %+v\nwant %+v", seed, i, want.Events[i].Inject, got.Events[i], want.Events[i])
			}
		}
		if got.Summary != want.Summary {
			t.Errorf("seed %d: summary %+v, want %+v", seed, got.Summary, want.Summary)
		}
	}
}
