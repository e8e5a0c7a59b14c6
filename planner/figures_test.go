package planner_test

import (
	"slices"
	"testing"

	"redline/planner"
	"redline/seeds"
)

func TestPlayOrder(t *testing.T) {
	at := func(hs ...float64) []planner.Inject {
		out := make([]planner.Inject, len(hs))
		for i, h := range hs {
			out[i] = planner.Inject{ID: "i", AtHours: h}
		}
		return out
	}
	cases := []struct {
		name string
		in   []planner.Inject
		want []int
	}{
		{"no injects", nil, []int{}},
		{"already in time order", at(1, 2, 3), []int{0, 1, 2}},
		{"written out of order", at(48, 6, 24), []int{1, 2, 0}},
		{"ties keep file order", at(12, 6, 12, 6), []int{1, 3, 0, 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := planner.PlayOrder(c.in)
			if !slices.Equal(got, c.want) {
				t.Fatalf("PlayOrder = %v, want %v", got, c.want)
			}
			if !planner.InPlayOrder(c.in, got) {
				t.Fatalf("InPlayOrder(PlayOrder) = false")
			}
		})
	}
	if planner.InPlayOrder(at(12, 6), []int{0, 1}) {
		t.Error("file order of a script written out of order counts as play order")
	}
	if planner.InPlayOrder(at(6, 6), []int{1, 0}) {
		t.Error("a tie out of file order counts as play order")
	}
}

// The exercise engine plays in PlayOrder: one definition for the engine, the
// app's inject list and the run comparison.
func TestExercisePlaysInPlayOrder(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(p.Injects)
	e, err := planner.NewExercise(p, seeds.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := e.Order(), planner.PlayOrder(p.Injects); !slices.Equal(got, want) {
		t.Fatalf("engine order %v, PlayOrder %v", got, want)
	}
}

func TestTallyForces(t *testing.T) {
	p := ckBasePlan()
	p.Contributions = []planner.Contribution{
		mkC("a", "UA", gb, 1000, front),
		mkC("b", "FR", planner.CapLogistics, 400, rear),
		asDeclined(mkC("c", "FR", gb, 1000, rear)),
		mkC("d", "FR", ad, 1000, air),
		mkC("e", "NL", med, 7, rear),
		mkC("f", "GB", gb, 300, planner.LocSecondLine),
		mkC("g", "GB", gb, 5000, planner.LocHome),
	}
	p.Contributions[1].AmountEURm = 250

	all := planner.TallyForces(p, planner.AllForces)
	if all.Total != (planner.Tally{Count: 6, Personnel: 7707, AmountEURm: 250}) {
		t.Errorf("all forces: total %+v", all.Total)
	}
	if all.Coalition.Personnel != 6707 {
		t.Errorf("all forces: coalition %d, want Ukraine's own left out", all.Coalition.Personnel)
	}
	if all.Declined != (planner.Tally{Count: 1, Personnel: 1000}) {
		t.Errorf("declined %+v", all.Declined)
	}
	var nations []string
	for _, n := range all.Nations {
		nations = append(nations, n.Nation)
	}
	if want := []string{"GB", "FR", "UA", "NL"}; !slices.Equal(nations, want) {
		t.Errorf("nations %v, want %v (most personnel first)", nations, want)
	}
	if fr := all.Nations[1]; fr.Personnel != 1400 || fr.ByLocation[slices.Index(planner.Locations, rear)] != 400 {
		t.Errorf("France %+v", fr)
	}

	ground := planner.TallyForces(p, planner.GroundInUkraine)
	if ground.Total.Personnel != 1000+7+300 { // logistics is not a ground role; home is not Ukraine
		t.Errorf("ground in Ukraine: %d", ground.Total.Personnel)
	}
	if got, want := ground.Coalition.Personnel, planner.ForeignGroundPresence(p); got != want {
		t.Errorf("ground coalition %d, the rules' T %d: one figure, two definitions", got, want)
	}
	if ground.Scope.Describe() == all.Scope.Describe() {
		t.Error("the two scopes read alike")
	}
}

func TestAnswered(t *testing.T) {
	p := ckBasePlan()
	p.RedLines = append(p.RedLines,
		planner.RedLine{ID: "rl-dangling", Title: "Dangling", Domain: planner.DomainLand, Severity: 1},
		planner.RedLine{ID: "rl-none", Title: "None", Domain: planner.DomainLand, Severity: 1},
		planner.RedLine{ID: "rl-base", Title: "Duplicate id", Domain: planner.DomainLand, Severity: 1},
	)
	p.Links = append(p.Links, planner.Link{RedLine: "rl-dangling", Response: "resp-missing", Trigger: planner.TriggerAutomatic})
	if got := planner.Answered(p); got != 2 {
		t.Fatalf("Answered = %d, want 2 (the base red line and its duplicate)", got)
	}
	unanswered := 0
	for _, f := range planner.Check(p, seeds.Catalog(), seeds.DefaultProfile()) {
		if f.Rule == "unanswered-red-line" {
			unanswered++
		}
	}
	if unanswered != len(p.RedLines)-planner.Answered(p) {
		t.Fatalf("the checker flags %d unanswered, Answered leaves %d", unanswered, len(p.RedLines)-planner.Answered(p))
	}
}

func TestEntityName(t *testing.T) {
	p := &planner.Plan{
		RedLines:      []planner.RedLine{{ID: "rl-1", Title: "Ground incursion"}},
		Responses:     []planner.Response{{ID: "resp-1", Title: "Snapback"}},
		Contributions: []planner.Contribution{{ID: "c-1", Nation: "GB", Capability: planner.CapRapidReaction}, {ID: "c-2", Nation: "US", Capability: planner.CapISR}},
		Terms:         []planner.Term{{ID: "t-1", Kind: planner.TermNATOMembershipBan}},
		Injects:       []planner.Inject{{ID: "inj-1", Title: "Probe at dawn"}},
	}
	cat := seeds.Catalog()
	for id, want := range map[string]string{
		"rl-1":    "red line “Ground incursion”",
		"resp-1":  "response “Snapback”",
		"c-1":     "contribution “United Kingdom, rapid reaction”",
		"c-2":     "contribution “United States, ISR”",
		"t-1":     "term “" + planner.TermNATOMembershipBan.Label() + "”",
		"inj-1":   "inject “Probe at dawn”",
		"missing": "missing",
	} {
		if got := planner.EntityName(p, cat, id); got != want {
			t.Errorf("EntityName(%s) = %q, want %q", id, got, want)
		}
	}
}
