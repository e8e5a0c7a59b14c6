package seeds_test

import (
	"slices"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

func TestInjectTemplatesReferToTheCatalogueAndTheSources(t *testing.T) {
	files := sourceFiles(t)
	cat := seeds.Catalog()
	tpls := seeds.InjectTemplates()
	var ids []string
	for _, tp := range tpls {
		if !planner.ValidID(tp.ID) || slices.Contains(ids, tp.ID) {
			t.Errorf("template id %q is not a valid, unique id", tp.ID)
		}
		ids = append(ids, tp.ID)
		if tp.Title == "" || tp.Basis == "" || tp.Brief == "" {
			t.Errorf("%s: lacks a title, a brief or a basis", tp.ID)
		}
		if n := len([]rune(tp.Brief)); n > planner.MaxBrief {
			t.Errorf("%s: brief of %d characters", tp.ID, n)
		}
		if n := len([]rune(tp.Assumption)); n > planner.MaxAssumption {
			t.Errorf("%s: assumption of %d characters", tp.ID, n)
		}
		if len(tp.Observations) == 0 {
			t.Errorf("%s: observes nothing", tp.ID)
		}
		for _, o := range tp.Observations {
			if _, ok := cat.Indicator(o.Indicator); !ok {
				t.Errorf("%s: indicator %q is not in the catalogue", tp.ID, o.Indicator)
			}
		}
		if tp.Phase != "" && !slices.Contains(planner.Phases, tp.Phase) {
			t.Errorf("%s: phase %q", tp.ID, tp.Phase)
		}
		if len(tp.Sources) == 0 && tp.Assumption == "" {
			t.Errorf("%s: cites no document and states no assumption", tp.ID)
		}
		for _, text := range []string{tp.Title, tp.Brief, tp.Basis, tp.Assumption} {
			if strings.Contains(text, ".txt") {
				t.Errorf("%s: names a file in text people read: %q", tp.ID, text)
			}
		}
		for _, s := range tp.Sources {
			if !slices.Contains(files, s) {
				t.Errorf("%s cites %q, which sources.json does not list", tp.ID, s)
			}
		}
	}
	for _, want := range []string{"ground-incursion", "grid-strikes", "drones-allied-airspace", "black-sea-shipping",
		"cyber-attack", "nuclear-signalling", "ceasefire-signed", "ceasefire-collapsed"} {
		if !slices.Contains(ids, want) {
			t.Errorf("the library lacks %s", want)
		}
	}
}

func TestInjectTemplatesAreFreshCopies(t *testing.T) {
	a := seeds.InjectTemplates()
	want := a[0].Observations[0]
	a[0].Observations[0].Value = -1
	in := a[1].Inject("x-1", 5)
	in.Observations[0].Value = -1
	b := seeds.InjectTemplates()
	if b[0].Observations[0] != want || b[1].Observations[0].Value == -1 || a[1].Observations[0].Value == -1 {
		t.Error("a change to one copy of the library shows in another")
	}
	if in.ID != "x-1" || in.AtHours != 5 || in.Title != a[1].Title || in.Brief != a[1].Brief ||
		!slices.Equal(in.Sources, a[1].Sources) || in.Assumption != a[1].Assumption {
		t.Errorf("Inject made %+v", in)
	}
	in.Sources[0] = "changed"
	if a[1].Sources[0] == "changed" {
		t.Error("the inject shares its sources with the template")
	}
}

// Each template means something against the reference plan: played alone,
// its first observation crosses the red line that watches it, and the
// ceasefire templates switch the phase.
func TestInjectTemplatesCrossTheReferencePlansRedLines(t *testing.T) {
	for _, tp := range seeds.InjectTemplates() {
		t.Run(tp.ID, func(t *testing.T) {
			p, err := seeds.ReferencePlan()
			if err != nil {
				t.Fatal(err)
			}
			if tp.Phase == planner.PhaseCeasefire {
				p.Phase = planner.PhaseWar
			}
			p.Injects = []planner.Inject{tp.Inject(tp.ID+"-1", 0)}
			res, err := planner.RunExercise(p, seeds.Catalog())
			if err != nil {
				t.Fatal(err)
			}
			ev := res.Events[0]
			if tp.Phase != "" && ev.Phase != tp.Phase {
				t.Errorf("phase after the inject %q, want %q", ev.Phase, tp.Phase)
			}
			if tp.ID == "ceasefire-signed" {
				if len(ev.Crossed) != 0 {
					t.Errorf("a signed ceasefire crosses %v", ev.Crossed)
				}
				return
			}
			first := tp.Observations[0].Indicator
			i := slices.IndexFunc(p.RedLines, func(r planner.RedLine) bool { return r.Indicator == first })
			if i < 0 || !slices.Contains(ev.Crossed, p.RedLines[i].ID) {
				t.Errorf("%s = %g crosses %v; want the red line on %s", first, tp.Observations[0].Value, ev.Crossed, first)
			}
			if tp.Phase == planner.PhaseWar && res.Summary.Blocked == 0 {
				t.Error("the collapse of the ceasefire blocks no response that needs one")
			}
		})
	}
}
