package planner_test

import (
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

func TestSplitFix(t *testing.T) {
	tests := []struct {
		name, msg, what, fix string
	}{
		{"fix after a semicolon", "No response answers this red line, so crossing it triggers nothing (004); link at least one response in the matrix.",
			"No response answers this red line, so crossing it triggers nothing (004).", "Link at least one response in the matrix."},
		{"fix after a full stop", "The plan is drafted for war (002). Set its activation to ceasefire or move it out of Ukraine.",
			"The plan is drafted for war (002).", "Set its activation to ceasefire or move it out of Ukraine."},
		{"a semicolon in brackets is not the break", "It needs EU unanimity, which Hungary could withhold (a veto; 002); prepare a fallback.",
			"It needs EU unanimity, which Hungary could withhold (a veto; 002).", "Prepare a fallback."},
		{"a full stop in a title is not the break", "It fires on “Strikes. Again; and again” too late; shorten its time to effect.",
			"It fires on “Strikes. Again; and again” too late.", "Shorten its time to effect."},
		{"no fix", "Something is wrong.", "Something is wrong.", ""},
		{"a decimal is not a break", "It takes 1.5 h", "It takes 1.5 h", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			what, fix := planner.SplitFix(tt.msg)
			if what != tt.what || fix != tt.fix {
				t.Errorf("SplitFix(%q)\n = %q, %q\nwant %q, %q", tt.msg, what, fix, tt.what, tt.fix)
			}
		})
	}
}

// Every finding the checker gives a generated plan, and the reference
// plan, splits into a sentence of what is wrong and one of its fix: the
// brief shows both for every blocker and capability gap.
func TestEveryFindingHasAFix(t *testing.T) {
	ref, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	plans := []*planner.Plan{ref, planner.Generate(planner.LargePlan.Scaled(0.02)), blockerPlan(t)}
	seen := map[string]bool{}
	for _, p := range plans {
		for _, f := range planner.Check(p, seeds.Catalog(), seeds.DefaultProfile()) {
			if seen[f.Rule] {
				continue
			}
			seen[f.Rule] = true
			what, fix := planner.SplitFix(f.Message)
			if fix == "" || !strings.HasSuffix(what, ".") || strings.Contains(fix, "(0") {
				t.Errorf("%s: %q splits into %q and %q", f.Rule, f.Message, what, fix)
			}
		}
	}
}

// blockerPlan has a blocker of each kind the brief sees most: a red line
// no response answers (which is hollow too), US ground troops, a response
// that draws on a declined contribution, and a capability gap.
func blockerPlan(t *testing.T) *planner.Plan {
	t.Helper()
	p, err := planner.DecodePlan([]byte(`{"format":"redline-plan/v1","title":"Blockers","phase":"ceasefire",
"red_lines":[{"id":"rl-ground","title":"Ground incursion","domain":"land","indicator":"loc_ground_incursion","threshold":{"op":">=","value":500},"severity":5},
 {"id":"rl-cyber","title":"Cyber attacks","domain":"cyber","indicator":"critical_cyber_attacks","threshold":{"op":">=","value":3},"severity":3},
 {"id":"rl-nuke","title":"Nuclear signalling","domain":"nuclear","indicator":"nuclear_signalling","threshold":{"op":">=","value":4},"severity":4}],
"responses":[{"id":"resp-rrf","title":"Rapid reaction","kind":"military","mechanism":"denial","lead":"GB","hours_to_effect":24,"uses":["c-gb","c-it"]},
 {"id":"resp-cyber","title":"Cyber teams","kind":"cyber","mechanism":"denial","lead":"GB","hours_to_effect":24,"capabilities":["cyber_defense"]},
 {"id":"resp-talk","title":"Consultations","kind":"diplomatic","mechanism":"reassurance","lead":"FR","hours_to_effect":2}],
"contributions":[{"id":"c-gb","nation":"GB","capability":"rapid_reaction","personnel":8000,"location":"second_line","activation":"immediate","status":"confirmed","months":24,"assumption":"x"},
 {"id":"c-it","nation":"IT","capability":"training","personnel":300,"location":"rear","activation":"immediate","status":"declined"},
 {"id":"c-us","nation":"US","capability":"ground_troops","personnel":1000,"location":"second_line","activation":"immediate","status":"pledged","months":12,"assumption":"x"}],
"links":[{"red_line":"rl-ground","response":"resp-rrf","trigger":"automatic"},
 {"red_line":"rl-cyber","response":"resp-cyber","trigger":"automatic"},
 {"red_line":"rl-cyber","response":"resp-talk","trigger":"consultation"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func weakest(t *testing.T, p *planner.Plan) []planner.WeakPoint {
	t.Helper()
	cat, prof := seeds.Catalog().ForPlan(p), seeds.DefaultProfile()
	return planner.WeakestPoints(p, cat, prof, planner.Check(p, cat, prof), planner.Score(p, cat, prof))
}

func TestWeakestPointsOfTheReferencePlan(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	got := weakest(t, p)
	// No blocker; one hollow red line; one capability gap; a fragile red
	// line, the most severe, to make up three.
	want := []struct {
		kind    planner.WeakKind
		subject string
		fix     string
	}{
		{planner.WeakHollow, "rl-nuclear", "Link a response that denies, with a live contribution behind it."},
		{planner.WeakCapabilityGap, "resp-cyber-defence", "Add a contribution with that capability or drop it from the response."},
		{planner.WeakFragile, "rl-allied-forces", "Give it an answer that does not depend on the US."},
	}
	if len(got) != len(want) {
		t.Fatalf("%d weak points, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Kind != w.kind || g.Subject != w.subject || g.Fix != w.fix {
			t.Errorf("point %d = %s %s %q, want %s %s %q", i+1, g.Kind, g.Subject, g.Fix, w.kind, w.subject, w.fix)
		}
		if g.What == "" || strings.Contains(g.Name, g.Subject) {
			t.Errorf("point %d says %q of %q: want what is wrong, and the subject by name", i+1, g.What, g.Name)
		}
	}
	if got[0].Factor != planner.FactorDenial || len(got[0].Sources) == 0 {
		t.Errorf("the hollow red line's fix addresses %q on %v, want denial and its documents", got[0].Factor, got[0].Sources)
	}
}

func TestWeakestPointsRanking(t *testing.T) {
	got := weakest(t, blockerPlan(t))
	var kinds []string
	for _, w := range got {
		kinds = append(kinds, string(w.Kind)+" "+w.Subject)
	}
	// Blockers first in the checker's order; the unanswered red line is
	// hollow too, but named once; then the ground incursion, hollow since
	// its one answer draws on a declined contribution; then the capability
	// gap. Three points or more: no fragile red line makes them up.
	want := []string{
		"blocker resp-rrf", // declined-dependency
		"blocker c-us",     // no-us-ground-troops
		"blocker rl-nuke",  // unanswered-red-line
		"hollow rl-ground",
		"capability-gap resp-cyber",
	}
	if strings.Join(kinds, "; ") != strings.Join(want, "; ") {
		t.Errorf("weakest points\n %s\nwant\n %s", strings.Join(kinds, "; "), strings.Join(want, "; "))
	}
	for _, w := range got {
		if w.Fix == "" || w.Name == "" {
			t.Errorf("%s %s has no fix or no name: %+v", w.Kind, w.Subject, w)
		}
	}
}

func TestWeakestPointsAreAtMostFive(t *testing.T) {
	p := planner.Generate(planner.LargePlan.Scaled(0.05))
	got := weakest(t, p)
	if len(got) < planner.MinWeakPoints || len(got) > planner.MaxWeakPoints {
		t.Fatalf("%d weak points, want %d to %d", len(got), planner.MinWeakPoints, planner.MaxWeakPoints)
	}
	seen := map[string]bool{}
	for _, w := range got {
		if seen[w.Subject] {
			t.Errorf("%s named twice", w.Subject)
		}
		seen[w.Subject] = true
	}
}

func TestWeakestPointsOfASoundPlan(t *testing.T) {
	if got := planner.WeakestPoints(&planner.Plan{}, seeds.Catalog(), nil, nil, nil); len(got) != 0 {
		t.Errorf("an empty plan with no findings has weak points: %+v", got)
	}
}

func TestRuleTitles(t *testing.T) {
	for _, r := range planner.Rules {
		if r.Title == "" || strings.Contains(r.Title, "-") && !strings.Contains(r.Title, " ") {
			t.Errorf("rule %s has the title %q, want words", r.ID, r.Title)
		}
		if got := planner.RuleTitle(r.ID); got != r.Title {
			t.Errorf("RuleTitle(%q) = %q, want %q", r.ID, got, r.Title)
		}
	}
	if got := planner.RuleTitle("no-such-rule"); got != "no-such-rule" {
		t.Errorf("an unknown rule's title is %q, want its id", got)
	}
}
