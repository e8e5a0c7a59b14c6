package app

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// The open decisions follow steps, steps back and changed decisions as
// reading every event afresh would list them, on generated branching
// scripts where a decision often makes a later inject play or be skipped.
func TestOpenDecisionsFollowTheRunAsARebuildWould(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		spec := planner.LargePlan.Scaled(0.03)
		spec.Seed = seed
		p := planner.Generate(spec)
		ex, err := planner.NewExercise(p, seeds.Catalog().ForPlan(p))
		if err != nil {
			t.Fatal(err)
		}
		o := newOpenDecisions()
		step := func() {
			if ev, ok := ex.Step(); ok {
				o.settle(ex, ex.Pos())
				o.played(ex.Pos()-1, &ev)
			}
		}
		back := func() {
			if ex.Pos() > 0 {
				last := ex.Event(ex.Pos() - 1)
				o.unplay(ex.Pos()-1, &last)
				ex.Back()
				o.settle(ex, ex.Pos())
			}
		}
		for ex.Pos() < ex.Len() {
			step()
		}
		rng := rand.New(rand.NewPCG(seed, 13))
		asked := map[string]bool{}
		for _, in := range p.Injects {
			for _, c := range in.When {
				asked[c.Response] = c.Response != ""
			}
		}
		choices := []string{planner.Approved, planner.Rejected, planner.Deferred, ""}
		replays := 0
		last := ""
		for round := range 400 {
			last = ""
			switch r := rng.IntN(10); {
			case r == 0:
				last = "back"
				for range rng.IntN(20) {
					back()
				}
			case r == 1:
				last = "step"
				for range rng.IntN(20) {
					step()
				}
			default:
				k, ok := someDecision(ex, asked, rng)
				if !ok {
					continue
				}
				before := slices.Clone(o.skipped)
				c := choices[rng.IntN(len(choices))]
				from, err := ex.Decide(k.inject, k.redLine, k.response, c)
				if err != nil {
					t.Fatal(err)
				}
				last = fmt.Sprintf("decided %v %q from %d", k, c, from)
				o.decided(ex, k, from)
				if !slices.Equal(before, o.skipped) {
					replays++
				}
			}
			want := newOpenDecisions()
			maps.Copy(want.sticky, o.sticky)
			want.rebuild(ex, 0)
			if !reflect.DeepEqual(o.list, want.list) {
				t.Fatalf("seed %d, round %d at %d, %s: the open decisions differ: %v", seed, round, ex.Pos(), last, listDiff(o.list, want.list))
			}
			if !reflect.DeepEqual(o.skipped, want.skipped) || !sameRespAt(o.respAt, want.respAt) {
				t.Fatalf("seed %d, round %d: the index of the injects played drifted", seed, round)
			}
		}
		if replays == 0 {
			t.Errorf("seed %d: no decision made an inject play or be skipped; the test misses that path", seed)
		}
	}
}

// someDecision picks a decision outcome among the injects played, most
// often one on a response that a later inject's condition asks about, so
// that the choice makes injects play or be skipped.
func someDecision(ex *planner.Exercise, asked map[string]bool, rng *rand.Rand) (decisionKey, bool) {
	var any decisionKey
	found := false
	for range 200 {
		if ex.Pos() == 0 {
			return decisionKey{}, false
		}
		pos := rng.IntN(ex.Pos())
		if ex.Info(pos).Outcomes == 0 {
			continue
		}
		ev := ex.Event(pos)
		for _, o := range ev.Responses {
			if o.Status != planner.Decision {
				continue
			}
			k := decisionKey{ev.Inject, o.RedLine, o.Response}
			if asked[o.Response] || rng.IntN(5) == 0 {
				return k, true
			}
			any, found = k, true
		}
	}
	return any, found
}

// sameRespAt compares two indexes of responses, an empty list as none.
func sameRespAt(a, b map[string][]int32) bool {
	for _, m := range []map[string][]int32{a, b} {
		for id, at := range m {
			if len(at) == 0 {
				delete(m, id)
			}
		}
	}
	return reflect.DeepEqual(a, b)
}

// listDiff says which entries one list has and the other lacks, or where
// they first part when both hold the same.
func listDiff(got, want []openDecision) string {
	in := func(l []openDecision, d openDecision) bool {
		for _, x := range l {
			if x == d {
				return true
			}
		}
		return false
	}
	var extra, missing []openDecision
	for _, d := range got {
		if !in(want, d) {
			extra = append(extra, d)
		}
	}
	for _, d := range want {
		if !in(got, d) {
			missing = append(missing, d)
		}
	}
	if len(extra)+len(missing) > 0 {
		return fmt.Sprintf("extra %v, missing %v", extra, missing)
	}
	for i := range got {
		if got[i] != want[i] {
			return fmt.Sprintf("order from %d: %v, want %v", i, got[i], want[i])
		}
	}
	return "?"
}
