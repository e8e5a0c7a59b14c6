package planner_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// TestQuietRunAgreesWithTheEngine plays generated branching scripts as the
// scorecard does — an engine prepared once for the plan, replayed for each
// stress test, read step by step without Events — and through the engine
// as `redlinectl exercise` does, for the plan and under every stress test:
// the crossings and the outcomes of each inject are the same.
func TestQuietRunAgreesWithTheEngine(t *testing.T) {
	tests := append([]planner.StressTest{{Name: "as drafted"}}, planner.StressTests...)
	tests = append(tests, planner.StressTest{Name: "everything", NoUS: true, War: true, Veto: true,
		Fail: []planner.Status{planner.StatusPledged, planner.StatusConditional}})
	for seed := uint64(1); seed <= 16; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		p := planner.Generate(planner.GenSpec{RedLines: 12 + rng.IntN(20), Responses: 8 + rng.IntN(20), Contributions: 30,
			Links: 40 + rng.IntN(80), Injects: 60 + rng.IntN(120), Seed: seed})
		// Duplicated links and red lines, phases, and conditions on
		// responses, so that every rule is met.
		for i := 0; i < 5 && len(p.Links) > 0; i++ {
			p.Links = append(p.Links, p.Links[rng.IntN(len(p.Links))])
		}
		if seed%4 == 0 {
			p.RedLines = append(p.RedLines, p.RedLines[rng.IntN(len(p.RedLines))])
		}
		if seed%3 == 0 {
			p.Phase = planner.PhaseWar
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
		for _, st := range tests {
			q := p
			if st.Name != "as drafted" {
				q = planner.StressEnginePlan(&st, p)
			}
			got, err := planner.QuietRun(p, q, seeds.Catalog())
			if err != nil {
				t.Fatal(err)
			}
			want := engineRun(t, q)
			if len(got) != len(want) {
				t.Fatalf("seed %d, %s: %d steps, want %d", seed, st.Name, len(got), len(want))
			}
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("seed %d, %s, event %d (%s)\n got %+v\nwant %+v", seed, st.Name, i, want[i].Inject, got[i], want[i])
				}
			}
		}
	}
}

// engineRun is q's run through the engine, each event with what QuietRun
// reads of it.
func engineRun(t *testing.T, q *planner.Plan) []planner.Event {
	e, err := planner.NewExerciseWith(q, seeds.Catalog(), planner.ExerciseOptions{Stream: true})
	if err != nil {
		t.Fatal(err)
	}
	var events []planner.Event
	for {
		ev, ok := e.Step()
		if !ok {
			return events
		}
		read := planner.Event{Inject: ev.Inject, AtHours: ev.AtHours, Crossed: []string{}, Responses: []planner.Outcome{}}
		if !ev.Skipped {
			read.Crossed = append(read.Crossed, ev.Crossed...)
			for _, o := range ev.Responses {
				if o.EffectiveAtHours != nil {
					at := *o.EffectiveAtHours
					o.EffectiveAtHours = &at
				}
				read.Responses = append(read.Responses, o)
			}
		}
		events = append(events, read)
	}
}
