package seeds_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"redline/planner"
	"redline/seeds"
)

func sourceFiles(t *testing.T) []string {
	t.Helper()
	srcs, err := seeds.Sources()
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, s := range srcs {
		if s.Title == "" || s.Summary == "" || s.Date == "" {
			t.Errorf("source %s lacks a title, date or summary", s.File)
		}
		files = append(files, s.File)
	}
	want := []string{planner.Src000, planner.Src001, planner.Src002, planner.Src003, planner.Src004}
	if !slices.Equal(files, want) {
		t.Fatalf("sources.json lists %v, want %v", files, want)
	}
	return files
}

func TestCatalogHoldsTheBuiltInActorsAndIndicators(t *testing.T) {
	cat := seeds.Catalog()
	kinds := map[planner.ActorKind][]string{
		planner.ActorState: {"UA", "US", "GB", "FR", "DE", "IT", "PL", "RO", "TR", "DK", "NL", "SE", "FI", "NO",
			"EE", "LV", "LT", "CA", "HU", "BE", "ES"},
		planner.ActorOrganisation: {"EU", "NATO"},
		planner.ActorAdversary:    {"RU", "BY"},
	}
	for kind, codes := range kinds {
		for _, code := range codes {
			a, ok := cat.Actor(code)
			if !ok || a.Kind != kind || a.Name == "" {
				t.Errorf("actor %s: got %+v (found %v), want kind %s with a name", code, a, ok, kind)
			}
		}
	}
	// The indicator table of plan-format.md.
	indicators := []planner.Indicator{
		{Key: "loc_ground_incursion", Name: "adversary troops crossing the ceasefire / contact line", Unit: "personnel"},
		{Key: "border_force_buildup", Name: "adversary troops massed near Ukraine's borders (incl. Belarus)", Unit: "personnel"},
		{Key: "strikes_cities", Name: "missile and drone strikes on Ukrainian cities", Unit: "strikes/24h"},
		{Key: "strikes_energy", Name: "strikes on Ukrainian energy infrastructure", Unit: "strikes/24h"},
		{Key: "nato_airspace_incursions", Name: "drones or missiles entering NATO airspace", Unit: "incursions/24h"},
		{Key: "attacks_on_allied_forces", Name: "attacks on coalition personnel or bases in Ukraine", Unit: "attacks"},
		{Key: "ceasefire_violations", Name: "recorded ceasefire violations", Unit: "violations/24h"},
		{Key: "black_sea_shipping_attacks", Name: "attacks on or seizure of merchant shipping", Unit: "incidents/week"},
		{Key: "critical_cyber_attacks", Name: "significant cyber attacks on critical infrastructure", Unit: "attacks/week"},
		{Key: "nuclear_signalling", Name: "level of nuclear threats and posture changes", Unit: "level 0–5"},
	}
	if !slices.Equal(cat.Indicators, indicators) {
		t.Errorf("indicators differ from plan-format.md:\n got %+v\nwant %+v", cat.Indicators, indicators)
	}
	for _, a := range cat.Actors {
		if !planner.ValidActorCode(a.Code) {
			t.Errorf("actor code %q is not 2–8 upper-case letters", a.Code)
		}
	}
}

func TestEveryCitationNamesASourceDocument(t *testing.T) {
	files := sourceFiles(t)
	cited, err := seeds.CatalogSources()
	if err != nil {
		t.Fatal(err)
	}
	for key, srcs := range cited {
		for _, s := range srcs {
			if !slices.Contains(files, s) {
				t.Errorf("catalogue entry %s cites unknown document %q", key, s)
			}
		}
	}
	for param, srcs := range seeds.DefaultProfile().Sources {
		if len(srcs) == 0 {
			t.Errorf("profile parameter %s cites no document", param)
		}
		for _, s := range srcs {
			if !slices.Contains(files, s) {
				t.Errorf("profile parameter %s cites unknown document %q", param, s)
			}
		}
	}
	if got := len(seeds.DefaultProfile().Sources); got != len(planner.ParamNames()) {
		t.Errorf("the built-in profile cites sources for %d of %d parameters", got, len(planner.ParamNames()))
	}
}

func TestReferencePlanEntriesCiteTheirSources(t *testing.T) {
	files := sourceFiles(t)
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := seeds.ReferencePlanSources()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, x := range p.RedLines {
		ids = append(ids, x.ID)
	}
	for _, x := range p.Responses {
		ids = append(ids, x.ID)
	}
	for _, x := range p.Contributions {
		ids = append(ids, x.ID)
	}
	for _, x := range p.Terms {
		ids = append(ids, x.ID)
	}
	for _, x := range p.Injects {
		ids = append(ids, x.ID)
	}
	check := func(what string, c seeds.Citation, ok bool) {
		if !ok {
			t.Errorf("%s has no citation in reference-plan.sources.json", what)
			return
		}
		if len(c.Sources) == 0 || c.Basis == "" {
			t.Errorf("%s: citation lacks sources or basis", what)
		}
		for _, s := range c.Sources {
			if !slices.Contains(files, s) {
				t.Errorf("%s cites unknown document %q", what, s)
			}
		}
	}
	for _, id := range ids {
		c, ok := ps.Entities[id]
		check(id, c, ok)
	}
	for _, l := range p.Links {
		c, ok := ps.Links[l.RedLine+":"+l.Response]
		check(fmt.Sprintf("link %s → %s", l.RedLine, l.Response), c, ok)
	}
	if len(ps.Entities) != len(ids) || len(ps.Links) != len(p.Links) {
		t.Errorf("sources file cites %d entities and %d links; the plan has %d and %d", len(ps.Entities), len(ps.Links), len(ids), len(p.Links))
	}
}

// The reference plan cites its documents in its own entries too (the
// format's provenance), exactly as reference-plan.sources.json does, so
// that unsourced-commitment and unknown-source have nothing to say about it.
func TestReferencePlanCarriesItsCitations(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := seeds.ReferencePlanSources()
	if err != nil {
		t.Fatal(err)
	}
	same := func(what string, got []string, c seeds.Citation) {
		if !slices.Equal(got, c.Sources) {
			t.Errorf("%s cites %v in the plan and %v in reference-plan.sources.json", what, got, c.Sources)
		}
	}
	for _, x := range p.RedLines {
		same(x.ID, x.Sources, ps.Entities[x.ID])
	}
	for _, x := range p.Responses {
		same(x.ID, x.Sources, ps.Entities[x.ID])
	}
	for _, x := range p.Contributions {
		same(x.ID, x.Sources, ps.Entities[x.ID])
	}
	for _, x := range p.Terms {
		same(x.ID, x.Sources, ps.Entities[x.ID])
	}
	for _, x := range p.Injects {
		same(x.ID, x.Sources, ps.Entities[x.ID])
	}
	for _, l := range p.Links {
		same("link "+l.RedLine+" → "+l.Response, l.Sources, ps.Links[l.RedLine+":"+l.Response])
	}
	for _, f := range planner.Check(p, seeds.Catalog(), seeds.DefaultProfile()) {
		if f.Rule == "unknown-source" || f.Rule == "unsourced-commitment" {
			t.Errorf("%s %s: %s", f.Rule, f.Subject, f.Message)
		}
	}
}

func TestReferencePlanIsASeriousDraft(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != seeds.ReferencePlanTitle {
		t.Errorf("title %q", p.Title)
	}
	enc, err := planner.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc, seeds.ReferencePlanJSON()) {
		t.Error("the embedded reference plan is not in canonical form; rewrite it with redlinectl export --format json")
	}
	nations := map[string]bool{}
	for _, c := range p.Contributions {
		nations[c.Nation] = true
	}
	// The pledging states the documents name.
	for _, code := range []string{"GB", "FR", "DE", "IT", "PL", "RO", "TR", "US", "UA"} {
		if !nations[code] {
			t.Errorf("no contribution by %s", code)
		}
	}
	if len(p.Injects) < 6 {
		t.Errorf("the exercise script has %d injects, want at least 6", len(p.Injects))
	}
	t.Run("force size within what was discussed", func(t *testing.T) {
		prof := seeds.DefaultProfile()
		if T := planner.ForeignGroundPresence(p); float64(T) < prof.Params.ForceSizeMin || float64(T) > prof.Params.ForceSizeMax {
			t.Errorf("foreign ground presence %d outside %g–%g", T, prof.Params.ForceSizeMin, prof.Params.ForceSizeMax)
		}
	})
	t.Run("no blocker", func(t *testing.T) {
		findings := planner.Check(p, seeds.Catalog(), seeds.DefaultProfile())
		if n := planner.Count(findings).Blocker; n != 0 {
			t.Errorf("the reference plan draws %d blockers: %+v", n, findings)
		}
	})
	t.Run("exercise shows every outcome", func(t *testing.T) {
		res, err := planner.RunExercise(p, seeds.Catalog())
		if err != nil {
			t.Fatal(err)
		}
		s := res.Summary
		if s.Fired == 0 || s.Decision == 0 || s.Blocked == 0 {
			t.Errorf("summary %+v: want fired, decision and blocked outcomes", s)
		}
	})
}
