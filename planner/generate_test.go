package planner_test

import (
	"bytes"
	"fmt"
	"testing"

	"redline/planner"
	"redline/seeds"
)

var genSpecs = []planner.GenSpec{
	{},
	{RedLines: 1, Responses: 1, Contributions: 1, Links: 1, Injects: 1, Seed: 1},
	{RedLines: 5, Responses: 4, Contributions: 0, Links: 8, Injects: 10, Seed: 2},
	{RedLines: 3, Responses: 2, Contributions: 5, Links: 100, Injects: 0, Seed: 3},   // more links than cells
	{RedLines: 10, Responses: 0, Contributions: 5, Links: 10, Injects: 5, Seed: 4},   // no responses: no links
	{RedLines: 20, Responses: 10, Contributions: 30, Links: 5, Injects: 40, Seed: 5}, // fewer links than red lines
	planner.LargePlan.Scaled(0.02),
	{RedLines: 250, Responses: 60, Contributions: 80, Links: 400, Injects: 300, Seed: 6}, // large enough for plan-declared indicators
}

func TestGenerateCountsAndValidity(t *testing.T) {
	for _, s := range genSpecs {
		t.Run(fmt.Sprintf("%+v", s), func(t *testing.T) {
			out, err := planner.Encode(planner.Generate(s))
			if err != nil {
				t.Fatal(err)
			}
			p, err := planner.DecodePlan(out)
			if err != nil {
				t.Fatalf("generated plan does not load: %v", err)
			}
			wantLinks := min(s.Links, s.RedLines*s.Responses)
			if len(p.RedLines) != s.RedLines || len(p.Responses) != s.Responses || len(p.Contributions) != s.Contributions ||
				len(p.Links) != wantLinks || len(p.Injects) != s.Injects {
				t.Errorf("counts %d/%d/%d/%d/%d, want %d/%d/%d/%d/%d", len(p.RedLines), len(p.Responses), len(p.Contributions),
					len(p.Links), len(p.Injects), s.RedLines, s.Responses, s.Contributions, wantLinks, s.Injects)
			}
			for _, f := range planner.Check(p, seeds.Catalog(), seeds.DefaultProfile()) {
				if f.Rule == "invalid-reference" || f.Rule == "duplicate-id" {
					t.Errorf("finding %s %s: %s", f.Rule, f.Subject, f.Message)
				}
			}
			if bad := planner.InvalidReferences(p, seeds.Catalog()); len(bad) > 0 {
				t.Errorf("invalid references: %+v", bad)
			}
			// Links are distinct cells of the matrix, and with enough links
			// every red line has one.
			cells := map[[2]string]bool{}
			answered := map[string]bool{}
			for _, l := range p.Links {
				c := [2]string{l.RedLine, l.Response}
				if cells[c] {
					t.Errorf("link %v twice", c)
				}
				cells[c] = true
				answered[l.RedLine] = true
			}
			if s.Responses > 0 && s.Links >= s.RedLines && len(answered) != s.RedLines {
				t.Errorf("%d of %d red lines have a link", len(answered), s.RedLines)
			}
			if !planner.ValidUUID(p.ID) {
				t.Errorf("id %q is not a UUID", p.ID)
			}
			res, err := planner.RunExercise(p, seeds.Catalog())
			if err != nil {
				t.Fatalf("exercise: %v", err)
			}
			if res.Summary.Injects != s.Injects || len(res.Events) != s.Injects {
				t.Errorf("exercise ran %d injects, want %d", res.Summary.Injects, s.Injects)
			}
			// at_hours never decreases in file order.
			for i := 1; i < len(p.Injects); i++ {
				if p.Injects[i].AtHours < p.Injects[i-1].AtHours {
					t.Errorf("inject %d goes back in time", i)
				}
			}
		})
	}
}

func TestGenerateDeterministic(t *testing.T) {
	s := planner.GenSpec{RedLines: 15, Responses: 12, Contributions: 25, Links: 40, Injects: 30, Seed: 42}
	a, _ := planner.Encode(planner.Generate(s))
	b, _ := planner.Encode(planner.Generate(s))
	if !bytes.Equal(a, b) {
		t.Fatal("the same spec gives different plans")
	}
	s.Seed = 43
	c, _ := planner.Encode(planner.Generate(s))
	if bytes.Equal(a, c) {
		t.Error("different seeds give the same plan")
	}
}

func TestGenerateExercisesEveryOutcome(t *testing.T) {
	p := planner.Generate(planner.LargePlan.Scaled(0.05))
	res, err := planner.RunExercise(p, seeds.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Summary; s.Crossed == 0 || s.Fired == 0 || s.Decision == 0 || s.Blocked == 0 {
		t.Errorf("summary %+v: want every kind of outcome", s)
	}
}

func TestGenSpecScaled(t *testing.T) {
	got := planner.LargePlan.Scaled(0.01)
	want := planner.GenSpec{RedLines: 10, Responses: 20, Contributions: 50, Links: 100, Injects: 100, Seed: planner.LargePlan.Seed}
	if got != want {
		t.Errorf("Scaled(0.01) = %+v, want %+v", got, want)
	}
}
