package seeds_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
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
		if s.Title == "" || s.Summary == "" || s.Date == "" || s.Kind == "" {
			t.Errorf("source %s lacks a title, kind, date or summary", s.File)
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

// The catalogue cites a document for an actor or indicator only where the
// document names it: none names the Netherlands, Sweden, Finland, Norway,
// Canada, Spain or the Baltic states one by one, nor Black Sea shipping,
// cyber attacks or nuclear threats.
func TestCatalogueCitesOnlyDocumentsThatNameTheEntry(t *testing.T) {
	cited, err := seeds.CatalogSources()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"NL", "SE", "FI", "NO", "CA", "ES", "EE", "LV", "LT",
		"black_sea_shipping_attacks", "critical_cyber_attacks", "nuclear_signalling"} {
		if srcs, ok := cited[key]; !ok || len(srcs) != 0 {
			t.Errorf("%s cites %v (in the catalogue: %v); no document names it", key, srcs, ok)
		}
	}
	for key, want := range map[string][]string{
		"RO": {planner.Src002}, "HU": {planner.Src002}, "TR": {planner.Src004}, "DK": {planner.Src001},
		"BE": {planner.Src003}, "BY": {planner.Src001},
	} {
		if !slices.Equal(cited[key], want) {
			t.Errorf("%s cites %v, want %v", key, cited[key], want)
		}
	}
}

// docRef finds a document's file name (or something shaped like one).
var docRef = regexp.MustCompile(`\b\d{3}_[0-9a-f]{6,}\.txt\b`)

// shortRef finds a document cited by its three-digit number, as messages do:
// "(002)", "002 says".
var shortRef = regexp.MustCompile(`\b0\d\d\b`)

// No citation anywhere in seeds/ — catalogue, profiles, sources, inject
// templates, the reference plan, the Go code — names a document that does
// not exist.
func TestEveryCitationNamesASourceDocument(t *testing.T) {
	files := sourceFiles(t)
	var paths []string
	for _, pattern := range []string{"*.json", "profiles/*.json", "*.go"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	if len(paths) < 8 {
		t.Fatalf("found only %v", paths)
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, ref := range docRef.FindAllString(string(data), -1) {
			if !slices.Contains(files, ref) || !planner.IsBuiltinSource(ref) {
				t.Errorf("%s names document %q, which does not exist", path, ref)
			}
		}
		if strings.HasSuffix(path, ".json") {
			// Outside file names, a three-digit number in the data text
			// cites a document by number: it must be one of the five.
			text := docRef.ReplaceAllString(string(data), "")
			for _, ref := range shortRef.FindAllString(text, -1) {
				if !slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, ref+"_") }) {
					t.Errorf("%s cites document %s, which does not exist", path, ref)
				}
			}
		}
	}

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
	prof := seeds.DefaultProfile()
	assumed := seeds.ProfileAssumptions(prof.ID)
	for _, param := range planner.ParamNames() {
		if len(prof.Sources[param]) == 0 && assumed[param] == "" {
			t.Errorf("profile parameter %s cites no document and states no assumption", param)
		}
		for _, s := range prof.Sources[param] {
			if !slices.Contains(files, s) {
				t.Errorf("profile parameter %s cites unknown document %q", param, s)
			}
		}
	}
	for _, tp := range seeds.InjectTemplates() {
		for _, s := range tp.Sources {
			if !slices.Contains(files, s) {
				t.Errorf("inject template %s cites unknown document %q", tp.ID, s)
			}
		}
	}
}

// The parameters no document gives a figure for say so, and what is
// assumed; the rest rest on their sources alone.
func TestProfileParametersThatAreAssumptionsSaySo(t *testing.T) {
	prof := seeds.DefaultProfile()
	got := seeds.ProfileAssumptions(prof.ID)
	for _, param := range []string{"rapid_hours", "force_size_min", "veto_players"} {
		if !strings.Contains(got[param], "assumption") && !strings.Contains(got[param], "planning choice") &&
			!strings.Contains(got[param], "extends") {
			t.Errorf("%s: assumption %q does not say what is assumed", param, got[param])
		}
	}
	if !strings.Contains(got["rapid_hours"], "72 hours") || !strings.Contains(got["force_size_min"], "25,000") {
		t.Errorf("the assumptions do not name the figures they are about: %q", got)
	}
	for _, param := range []string{"no_ground_presence", "frontline_exempt", "declined_troops", "hesitant_troops", "force_size_max"} {
		if got[param] != "" {
			t.Errorf("%s is sourced, yet the profile calls it an assumption: %q", param, got[param])
		}
	}
	for param := range got {
		if !slices.Contains(planner.ParamNames(), param) {
			t.Errorf("assumption for %q, which is not a parameter", param)
		}
	}
	got["rapid_hours"] = "changed"
	if seeds.ProfileAssumptions(prof.ID)["rapid_hours"] == "changed" {
		t.Error("ProfileAssumptions hands out the shared map")
	}
	if seeds.ProfileAssumptions("no-such-profile") != nil {
		t.Error("assumptions for a profile that is not built in")
	}
}

func TestCitations(t *testing.T) {
	for _, tc := range []struct{ id, want string }{
		{planner.Src000, "American-German Institute, 2025 — Promises, Power, and Protection: The West’s Debate Over Security Guarantees for Ukraine"},
		{planner.Src001, "Iulian Romanyshyn, American-German Institute, 2025 — Deterrence by Self-Defense?"},
		{planner.Src002, "Insight News Media, 2025 — Security Guarantees for Ukraine: Between Western Declarations and Real Commitments"},
		{planner.Src003, "Dalibor Rohac, The Bulwark, 23 December 2025 — Security Guarantees for Ukraine Are Useless Without Action to Back Them Up"},
		{planner.Src004, "Briefing, August 2025 — Security Guarantees for Ukraine: Stakes, Challenges, and Strategic Perspectives"},
		{"rusi-2025-11", ""},
		{"", ""},
	} {
		if got := seeds.Citation(tc.id); got != tc.want {
			t.Errorf("Citation(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
	for _, id := range planner.BuiltinSources {
		s, ok := seeds.BuiltinSource(id)
		if !ok || s.File != id {
			t.Errorf("BuiltinSource(%q) = %+v, %v", id, s, ok)
		}
		if c := seeds.Citation(id); strings.Contains(c, ".txt") || !strings.HasSuffix(c, s.Title) {
			t.Errorf("the citation of %s is %q: want the title, and never the file name", id, c)
		}
	}

	p := &planner.Plan{Sources: []planner.Source{
		{ID: "rusi-2025-11", Title: "Force Options for Ukraine", Publisher: "RUSI", Date: "2025-11", URL: "https://example.org/x"},
		{ID: "note", Title: "Workshop notes"},
		{ID: "odd-date", Title: "Paper", Date: "Winter 2025"},
	}}
	for _, tc := range []struct {
		id, want string
		ok       bool
	}{
		{"rusi-2025-11", "RUSI, November 2025 — Force Options for Ukraine", true},
		{"note", "Workshop notes", true},
		{"odd-date", "Winter 2025 — Paper", true},
		{planner.Src002, seeds.Citation(planner.Src002), true},
		{"ghost", "ghost", false},
	} {
		if got, ok := seeds.PlanCitation(p, tc.id); got != tc.want || ok != tc.ok {
			t.Errorf("PlanCitation(%q) = %q, %v; want %q, %v", tc.id, got, ok, tc.want, tc.ok)
		}
	}
	if got, ok := seeds.PlanCitation(nil, planner.Src004); !ok || got != seeds.Citation(planner.Src004) {
		t.Errorf("PlanCitation without a plan = %q, %v", got, ok)
	}
	got := seeds.PlanCitations(p, []string{"note", "ghost", planner.Src003})
	want := []string{"Workshop notes", "ghost", seeds.Citation(planner.Src003)}
	if !slices.Equal(got, want) {
		t.Errorf("PlanCitations = %q, want %q", got, want)
	}
}

// provenanced is one entry of a plan with its provenance, for the tests
// that go through all of them.
type provenanced struct {
	what string
	pr   planner.Provenance
}

func entries(p *planner.Plan) []provenanced {
	var out []provenanced
	for _, x := range p.RedLines {
		out = append(out, provenanced{"red line " + x.ID, x.Provenance})
	}
	for _, x := range p.Responses {
		out = append(out, provenanced{"response " + x.ID, x.Provenance})
	}
	for _, x := range p.Contributions {
		out = append(out, provenanced{"contribution " + x.ID, x.Provenance})
	}
	for _, x := range p.Links {
		out = append(out, provenanced{"link " + planner.LinkSubject(x), x.Provenance})
	}
	for _, x := range p.Terms {
		out = append(out, provenanced{"term " + x.ID, x.Provenance})
	}
	for _, x := range p.Injects {
		out = append(out, provenanced{"inject " + x.ID, x.Provenance})
	}
	return out
}

// The reference plan carries its provenance in its own entries: every
// entry rests on documents that exist or says what it assumes, every
// contribution is sourced or an assumption (unsourced-commitment has
// nothing to say), and it loads strictly and round-trips byte for byte
// through the canonical writer.
func TestReferencePlanProvenance(t *testing.T) {
	files := sourceFiles(t)
	data := seeds.ReferencePlanJSON()
	p, err := planner.DecodePlan(data)
	if err != nil {
		t.Fatalf("the reference plan does not load strictly: %v", err)
	}
	enc, err := planner.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc, data) {
		t.Error("the embedded reference plan is not in canonical form; rewrite it with redlinectl export --format json")
	}
	again, err := planner.DecodePlan(enc)
	if err != nil {
		t.Fatal(err)
	}
	if enc2, _ := planner.Encode(again); !bytes.Equal(enc2, data) {
		t.Error("the reference plan changes on a second round trip")
	}

	for _, e := range entries(p) {
		if !e.pr.Sourced() {
			t.Errorf("%s cites no source and states no assumption", e.what)
		}
		for _, id := range e.pr.Sources {
			if _, ok := seeds.PlanCitation(p, id); !ok || !slices.Contains(files, id) {
				t.Errorf("%s cites %q, which does not resolve to a document", e.what, id)
			}
		}
		if n := len([]rune(e.pr.Assumption)); n > planner.MaxAssumption {
			t.Errorf("%s: assumption of %d characters", e.what, n)
		}
	}
	for _, k := range p.Contributions {
		if len(k.Sources) == 0 && k.Assumption == "" {
			t.Errorf("contribution %s is neither sourced nor an assumption", k.ID)
		}
	}
	for _, f := range planner.Check(p, seeds.Catalog(), seeds.DefaultProfile()) {
		if f.Rule == "unknown-source" || f.Rule == "unsourced-commitment" {
			t.Errorf("%s %s: %s", f.Rule, f.Subject, f.Message)
		}
	}

	// People are shown citations, never file names: the plan's text
	// (notes, assumptions, briefs, titles) names no document file.
	var text []string
	for _, r := range p.RedLines {
		text = append(text, r.Title, r.Notes, r.Assumption)
	}
	for _, r := range p.Terms {
		text = append(text, r.Notes, r.Assumption)
	}
	for _, e := range entries(p) {
		text = append(text, e.pr.Assumption)
	}
	for _, in := range p.Injects {
		text = append(text, in.Title, in.Brief)
	}
	for _, s := range text {
		if strings.Contains(s, ".txt") || docRef.MatchString(s) {
			t.Errorf("plan text names a file: %q", s)
		}
	}
}

// Figures the documents give: the only ones in the reference plan that
// stand without an assumption. Every other figure is the scenario's and
// its entry says so.
var documentedFigures = map[string]string{
	"c-ua-afu":  "about 900,000 in uniform (000, 001)",
	"c-eu-loan": "the €90bn loan for 2026 and 2027 (003)",
}

func TestReferencePlanMarksEveryFigureTheDocumentsDoNotGive(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range p.Contributions {
		figure := k.Personnel > 0 || k.AmountEURm > 0 || k.Months != nil
		if _, documented := documentedFigures[k.ID]; figure && !documented && k.Assumption == "" {
			t.Errorf("contribution %s carries a figure but no assumption", k.ID)
		}
		if (k.Status == planner.StatusConfirmed || k.Status == planner.StatusPledged) && len(k.Sources) == 0 {
			t.Errorf("contribution %s is %s, yet no document says so", k.ID, k.Status)
		}
	}
	for id := range documentedFigures {
		if !slices.ContainsFunc(p.Contributions, func(k planner.Contribution) bool { return k.ID == id }) {
			t.Errorf("documentedFigures names %s, which the plan lacks", id)
		}
	}
	// No document gives a threshold, a severity or a response time.
	for _, r := range p.RedLines {
		if r.Assumption == "" {
			t.Errorf("red line %s: its threshold and severity are nobody's figures, but it states no assumption", r.ID)
		}
	}
	for _, r := range p.Responses {
		if r.Assumption == "" {
			t.Errorf("response %s: its time to effect is nobody's figure, but it states no assumption", r.ID)
		}
	}
	// The fact-check's worst cases.
	byID := map[string]planner.Contribution{}
	for _, k := range p.Contributions {
		byID[k.ID] = k
	}
	for _, id := range []string{"c-gb-rrf", "c-fr-rrf", "c-gb-training", "c-fr-infra-guard"} {
		if k := byID[id]; k.Status != planner.StatusConditional || !strings.Contains(k.Assumption, "scenario") &&
			!strings.Contains(k.Assumption, "planning assumption") {
			t.Errorf("%s: %s, %q; no nation pledged it, so it is conditional and says what is assumed", id, k.Status, k.Assumption)
		}
	}
	for _, r := range p.Responses {
		if r.ID == "resp-frozen-assets" && slices.Contains(r.Requires, planner.RequiresEUUnanimity) {
			t.Error("resp-frozen-assets requires EU unanimity; the documents name legal risk, not a veto")
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
	for _, in := range p.Injects {
		if in.Brief == "" {
			t.Errorf("inject %s has no brief for the players", in.ID)
		}
	}
	t.Run("force size within what was discussed", func(t *testing.T) {
		prof := seeds.DefaultProfile()
		if T := planner.ForeignGroundPresence(p); float64(T) < prof.Params.ForceSizeMin || float64(T) > prof.Params.ForceSizeMax {
			t.Errorf("foreign ground presence %d outside %g–%g", T, prof.Params.ForceSizeMin, prof.Params.ForceSizeMax)
		}
	})
	t.Run("no blocker, a warning to work on", func(t *testing.T) {
		findings := planner.Check(p, seeds.Catalog(), seeds.DefaultProfile())
		if n := planner.Count(findings); n.Blocker != 0 || n.Warning == 0 {
			t.Errorf("the reference plan draws %+v: %+v", n, findings)
		}
		for _, f := range findings {
			if f.Rule == "unanswered-red-line" {
				t.Errorf("red line %s is unanswered", f.Subject)
			}
		}
	})
	t.Run("exercise shows every outcome", func(t *testing.T) {
		res, err := planner.RunExercise(p, seeds.Catalog())
		if err != nil {
			t.Fatal(err)
		}
		s := res.Summary
		if s.Fired == 0 || s.Decision == 0 || s.Blocked == 0 || s.Ongoing == 0 || s.Skipped == 0 {
			t.Errorf("summary %+v: want fired, decision, blocked, ongoing and skipped", s)
		}
	})
}

// The script branches on the room's decisions (exercise.md): if the
// coalition rejects the snapback at the first violations, Moscow probes
// across the line; otherwise the violations ease. If the allies approve a
// joint statement after the first drone incursions, the drones keep clear;
// otherwise they come back.
func TestReferenceScriptBranchesOnTheRoomsDecisions(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	var branches, negated int
	for _, in := range p.Injects {
		if len(in.When) > 0 {
			branches++
		}
		for _, c := range in.When {
			if c.Not {
				negated++
			}
		}
	}
	if branches < 4 || negated < 2 {
		t.Errorf("%d conditional injects, %d negated conditions; want two branches, each with its counterpart", branches, negated)
	}
	type played map[string]bool
	run := func(decisions ...planner.RunDecision) (played, planner.ExerciseSummary) {
		t.Helper()
		res, err := planner.RunExercise(p, seeds.Catalog(), decisions...)
		if err != nil {
			t.Fatal(err)
		}
		out := played{}
		for _, ev := range res.Events {
			out[ev.Inject] = !ev.Skipped
		}
		return out, res.Summary
	}
	def, _ := run()
	if def["inj-02a"] || !def["inj-02b"] || !def["inj-10"] || def["inj-10b"] {
		t.Errorf("without decisions: %v; want the violations to ease and the drones to come back", def)
	}
	dec, sum := run(
		planner.RunDecision{Inject: "inj-02", RedLine: "rl-ceasefire-violations", Response: "resp-snapback", Choice: planner.Rejected},
		planner.RunDecision{Inject: "inj-03", RedLine: "rl-nato-airspace", Response: "resp-nato-consult", Choice: planner.Approved},
	)
	if !dec["inj-02a"] || dec["inj-02b"] || dec["inj-10"] || !dec["inj-10b"] {
		t.Errorf("snapback rejected, statement approved: %v; want the probe and quiet skies", dec)
	}
	if sum.Skipped != 2 || sum.Fired == 0 {
		t.Errorf("summary with decisions %+v", sum)
	}
}
