package planner_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// specParams are the defaults of rules.md's parameter table, with the
// documents each rests on.
var specParams = planner.Params{
	NoGroundPresence: []string{"US"},
	FrontlineExempt:  []string{"UA"},
	DeclinedTroops:   []string{"IT", "PL"},
	HesitantTroops:   []string{"DE"},
	ForceSizeMin:     25000,
	ForceSizeMax:     80000,
	RapidHours:       72,
	VetoPlayers:      []string{"HU"},
}

var specParamSources = map[string][]string{
	"no_ground_presence": {"001", "002", "003", "004"},
	"frontline_exempt":   {"000", "001", "004"},
	"declined_troops":    {"002"},
	"hesitant_troops":    {"000", "001", "002"},
	"force_size_min":     {"002"},
	"force_size_max":     {"000", "001"},
	"rapid_hours":        {"004"},
	"veto_players":       {"002"},
}

var specParamNames = []string{"no_ground_presence", "frontline_exempt", "declined_troops", "hesitant_troops",
	"force_size_min", "force_size_max", "rapid_hours", "veto_players"}

func paramsEqual(a, b planner.Params) bool {
	return slices.Equal(a.NoGroundPresence, b.NoGroundPresence) && slices.Equal(a.FrontlineExempt, b.FrontlineExempt) &&
		slices.Equal(a.DeclinedTroops, b.DeclinedTroops) && slices.Equal(a.HesitantTroops, b.HesitantTroops) &&
		a.ForceSizeMin == b.ForceSizeMin && a.ForceSizeMax == b.ForceSizeMax && a.RapidHours == b.RapidHours &&
		slices.Equal(a.VetoPlayers, b.VetoPlayers)
}

func TestBuiltinProfileHasSpecDefaults(t *testing.T) {
	prof := seeds.DefaultProfile()
	if prof == nil {
		t.Fatal("no built-in coalition-2025 profile")
	}
	if prof.ID != "coalition-2025" || planner.DefaultProfile != "coalition-2025" || prof.Base != "" || prof.Title == "" {
		t.Errorf("profile id %q base %q title %q", prof.ID, prof.Base, prof.Title)
	}
	if seeds.Profiles()["coalition-2025"] != prof {
		t.Error("Profiles() does not hold coalition-2025")
	}
	if !paramsEqual(prof.Params, specParams) {
		t.Errorf("params %+v, want %+v", prof.Params, specParams)
	}
	for _, sr := range specRules {
		sev, on := prof.SeverityOf(planner.RuleByID(sr.id))
		if !on || sev != sr.severity {
			t.Errorf("%s: severity %s (on %v), want %s", sr.id, sev, on, sr.severity)
		}
	}
	for name, shorts := range specParamSources {
		var want []string
		for _, s := range shorts {
			want = append(want, sourceFile(t, s))
		}
		if got := prof.Sources[name]; !slices.Equal(got, want) {
			t.Errorf("sources of %s: %v, want %v", name, got, want)
		}
	}
	if len(prof.Sources) != len(specParamSources) {
		t.Errorf("sources for %d parameters, want %d", len(prof.Sources), len(specParamSources))
	}
	if got := planner.ParamNames(); !slices.Equal(got, specParamNames) {
		t.Errorf("ParamNames %v, want %v", got, specParamNames)
	}
}

func TestNilProfileUsesDefaultSeverities(t *testing.T) {
	var prof *planner.Profile
	for _, r := range planner.Rules {
		if sev, on := prof.SeverityOf(&r); !on || sev != r.Severity {
			t.Errorf("%s: %s %v", r.ID, sev, on)
		}
	}
}

// problemPaths returns the paths of a *FormatError's problems.
func problemPaths(t *testing.T, err error) []string {
	t.Helper()
	var fe *planner.FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *FormatError", err, err)
	}
	var paths []string
	for _, p := range fe.Problems {
		paths = append(paths, p.Path)
		if p.Message == "" {
			t.Errorf("problem at %q has no message", p.Path)
		}
	}
	return paths
}

func profileJSON(body string) string {
	return `{"format": "redline-profile/v1", "id": "x", "title": "X", "base": "coalition-2025"` + body + `}`
}

func TestDecodeProfileErrors(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		path string
		msg  string // part of the message
	}{
		{"unknown parameter", profileJSON(`, "params": {"foo": 1}`), "params.foo", "unknown"},
		{"unknown parameter beside known ones", profileJSON(`, "params": {"rapid_hours": 48, "rapid_hour": 48}`), "params.rapid_hour", "unknown"},
		{"unknown rule id under severity", profileJSON(`, "severity": {"no-such-rule": "off"}`), "severity.no-such-rule", "unknown"},
		{"unknown severity value", profileJSON(`, "severity": {"force-size": "fatal"}`), "severity.force-size", `"fatal"`},
		{"severity is case-sensitive", profileJSON(`, "severity": {"force-size": "Blocker"}`), "severity.force-size", "Blocker"},
		{"severity not a string", profileJSON(`, "severity": {"force-size": 2}`), "severity.force-size", "number"},
		{"severity not an object", profileJSON(`, "severity": ["force-size"]`), "severity", "list"},
		{"wrong format", `{"format": "redline-plan/v1", "id": "x", "title": "X"}`, "format", "redline-profile/v1"},
		{"missing format", `{"id": "x", "title": "X"}`, "format", "missing"},
		{"format not a string", `{"format": 1, "id": "x", "title": "X"}`, "format", "string"},
		{"number parameter given a string", profileJSON(`, "params": {"force_size_min": "many"}`), "params.force_size_min", "number"},
		{"number parameter given a list", profileJSON(`, "params": {"rapid_hours": [72]}`), "params.rapid_hours", "number"},
		{"negative number parameter", profileJSON(`, "params": {"rapid_hours": -1}`), "params.rapid_hours", "-1"},
		{"list parameter given a string", profileJSON(`, "params": {"no_ground_presence": "US"}`), "params.no_ground_presence", "list"},
		{"list parameter given a number", profileJSON(`, "params": {"veto_players": 1}`), "params.veto_players", "list"},
		{"list item not a string", profileJSON(`, "params": {"declined_troops": ["IT", 5]}`), "params.declined_troops[1]", "string"},
		{"list item not an actor code", profileJSON(`, "params": {"hesitant_troops": ["de"]}`), "params.hesitant_troops[0]", "actor code"},
		{"params not an object", profileJSON(`, "params": [1]`), "params", "object"},
		{"unknown top-level key", profileJSON(`, "colour": "red"`), "colour", "unknown"},
		{"missing id", `{"format": "redline-profile/v1", "title": "X"}`, "id", "missing"},
		{"bad id", `{"format": "redline-profile/v1", "id": "a b", "title": "X"}`, "id", "not allowed"},
		{"missing title", `{"format": "redline-profile/v1", "id": "x"}`, "title", "missing"},
		{"base not a string", `{"format": "redline-profile/v1", "id": "x", "title": "X", "base": 3}`, "base", "string"},
		{"not JSON", `{"format": `, "", "JSON"},
		{"not an object", `[]`, "", "object"},
		{"title with an escape sequence", `{"format": "redline-profile/v1", "id": "x", "title": "X\u001b[2J"}`, "title", "U+001B (ESC)"},
		{"number parameter underflowing to 0", profileJSON(`, "params": {"rapid_hours": 1e-400}`), "params.rapid_hours", "would read as 0"},
		{"assumption for an unknown parameter", profileJSON(`, "assumptions": {"rapid_hour": "a day"}`), "assumptions.rapid_hour", "unknown"},
		{"empty assumption", profileJSON(`, "assumptions": {"rapid_hours": ""}`), "assumptions.rapid_hours", "empty"},
		{"assumption not a string", profileJSON(`, "assumptions": {"rapid_hours": 24}`), "assumptions.rapid_hours", "string"},
		{"assumptions not an object", profileJSON(`, "assumptions": ["rapid_hours"]`), "assumptions", "object"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := planner.DecodeProfile([]byte(c.doc))
			if err == nil {
				t.Fatalf("no error; decoded %+v", f)
			}
			if f != nil {
				t.Errorf("a profile came back with the error")
			}
			paths := problemPaths(t, err)
			if !slices.Contains(paths, c.path) {
				t.Errorf("paths %q, want %q (error %v)", paths, c.path, err)
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q does not mention %q", err, c.msg)
			}
			if c.path != "" && !strings.Contains(err.Error(), c.path+": ") {
				t.Errorf("error %q does not name the path %q", err, c.path)
			}
		})
	}
}

const specExample = `{
  "format": "redline-profile/v1",
  "id": "us-troops-allowed",
  "title": "Excursion: US ground contingent allowed",
  "base": "coalition-2025",
  "params": { "no_ground_presence": [] },
  "severity": { "no-forward-presence": "off", "force-size": "blocker" }
}`

func resolveProfile(t *testing.T, doc string) *planner.Profile {
	t.Helper()
	f, err := planner.DecodeProfile([]byte(doc))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	p, err := planner.ResolveProfile(f, seeds.Profiles())
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	return p
}

func TestSpecExampleProfile(t *testing.T) {
	f, err := planner.DecodeProfile([]byte(specExample))
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != planner.ProfileFormat || f.ID != "us-troops-allowed" || f.Base != "coalition-2025" ||
		f.Title != "Excursion: US ground contingent allowed" {
		t.Errorf("decoded %+v", f)
	}
	if v, ok := f.Params["no_ground_presence"].([]string); !ok || v == nil || len(v) != 0 {
		t.Errorf("no_ground_presence decoded as %#v, want an empty list", f.Params["no_ground_presence"])
	}
	p := resolveProfile(t, specExample)
	if p.ID != "us-troops-allowed" || p.Base != "coalition-2025" {
		t.Errorf("resolved %q on %q", p.ID, p.Base)
	}
	want := specParams
	want.NoGroundPresence = []string{}
	if !paramsEqual(p.Params, want) {
		t.Errorf("params %+v, want %+v", p.Params, want)
	}
	for _, sr := range specRules {
		sev, on := p.SeverityOf(planner.RuleByID(sr.id))
		switch sr.id {
		case "no-forward-presence":
			if on {
				t.Errorf("%s is %s, want off", sr.id, sev)
			}
		case "force-size":
			if !on || sev != planner.Blocker {
				t.Errorf("%s is %s, want blocker", sr.id, sev)
			}
		default:
			if !on || sev != sr.severity {
				t.Errorf("%s is %s (on %v), want its default %s", sr.id, sev, on, sr.severity)
			}
		}
	}
	// The base is untouched.
	if base := seeds.DefaultProfile(); !paramsEqual(base.Params, specParams) || len(base.Severity) != 0 {
		t.Errorf("resolving changed the base: %+v %v", base.Params, base.Severity)
	}
}

// TestProfileAssumptions: a profile says which of its values are planning
// assumptions; a profile on a base inherits the base's and overrides them
// parameter by parameter, and the built-in profile calls rapid_hours and the
// force-size bounds assumptions (no document gives those figures).
func TestProfileAssumptions(t *testing.T) {
	builtin := seeds.DefaultProfile()
	for _, param := range []string{"rapid_hours", "force_size_min"} {
		if builtin.Assumptions[param] == "" {
			t.Errorf("the built-in profile does not call %s an assumption", param)
		}
	}
	if a := builtin.Assumptions["no_ground_presence"]; a != "" {
		t.Errorf("no_ground_presence is in the documents, yet called an assumption: %q", a)
	}
	p := resolveProfile(t, profileJSON(`, "params": {"rapid_hours": 24},
		"assumptions": {"rapid_hours": "A day: the cell's reading.\nNo document gives hours."}`))
	if got := p.Assumptions["rapid_hours"]; got != "A day: the cell's reading.\nNo document gives hours." {
		t.Errorf("own assumption %q", got)
	}
	if got := p.Assumptions["force_size_min"]; got != builtin.Assumptions["force_size_min"] {
		t.Errorf("inherited assumption %q, want the base's %q", got, builtin.Assumptions["force_size_min"])
	}
	if builtin.Assumptions["rapid_hours"] == p.Assumptions["rapid_hours"] {
		t.Error("a profile's own assumption changed its base's")
	}
}

func TestProfileBaseResolution(t *testing.T) {
	f, err := planner.DecodeProfile([]byte(`{"format": "redline-profile/v1", "id": "x", "title": "X", "base": "no-such-profile"}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = planner.ResolveProfile(f, seeds.Profiles())
	if err == nil {
		t.Fatal("an unknown base resolved")
	}
	if paths := problemPaths(t, err); !slices.Equal(paths, []string{"base"}) {
		t.Errorf("paths %q, want [base]", paths)
	}
	if !strings.Contains(err.Error(), "no-such-profile") || !strings.Contains(err.Error(), "coalition-2025") {
		t.Errorf("error %q should name the unknown base and the known ones", err)
	}

	// A profile without a base must set every parameter.
	f, err = planner.DecodeProfile([]byte(`{"format": "redline-profile/v1", "id": "root", "title": "Root", "params": {"rapid_hours": 1}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planner.ResolveProfile(f, seeds.Profiles()); err == nil {
		t.Error("a root profile missing parameters resolved")
	} else if paths := problemPaths(t, err); !slices.Equal(paths, []string{"params"}) {
		t.Errorf("paths %q, want [params]", paths)
	}

	// A complete root profile resolves on its own.
	root := `{"format": "redline-profile/v1", "id": "root", "title": "Root", "params": {
		"no_ground_presence": [], "frontline_exempt": ["UA", "GB"], "declined_troops": [], "hesitant_troops": ["FR"],
		"force_size_min": 1000, "force_size_max": 2000, "rapid_hours": 12, "veto_players": ["HU", "SK"]},
		"severity": {"air-defense-gap": "off"}}`
	f, err = planner.DecodeProfile([]byte(root))
	if err != nil {
		t.Fatal(err)
	}
	rp, err := planner.ResolveProfile(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := planner.Params{NoGroundPresence: []string{}, FrontlineExempt: []string{"UA", "GB"}, DeclinedTroops: []string{},
		HesitantTroops: []string{"FR"}, ForceSizeMin: 1000, ForceSizeMax: 2000, RapidHours: 12, VetoPlayers: []string{"HU", "SK"}}
	if !paramsEqual(rp.Params, want) {
		t.Errorf("root params %+v", rp.Params)
	}

	// A chain: child on root inherits root's overrides and adds its own.
	f, err = planner.DecodeProfile([]byte(`{"format": "redline-profile/v1", "id": "child", "title": "Child", "base": "root",
		"params": {"rapid_hours": 6}, "severity": {"air-defense-gap": "warning", "force-size": "off"}}`))
	if err != nil {
		t.Fatal(err)
	}
	cp, err := planner.ResolveProfile(f, map[string]*planner.Profile{"root": rp})
	if err != nil {
		t.Fatal(err)
	}
	want.RapidHours = 6
	if !paramsEqual(cp.Params, want) {
		t.Errorf("child params %+v", cp.Params)
	}
	if s, on := cp.SeverityOf(planner.RuleByID("air-defense-gap")); !on || s != planner.Warning {
		t.Errorf("air-defense-gap %s %v, want warning", s, on)
	}
	if _, on := cp.SeverityOf(planner.RuleByID("force-size")); on {
		t.Error("force-size should be off")
	}
	if _, on := rp.SeverityOf(planner.RuleByID("air-defense-gap")); on || rp.Params.RapidHours != 12 {
		t.Error("resolving the child changed the root")
	}

	// force_size_max below force_size_min is an error.
	f, err = planner.DecodeProfile([]byte(profileJSON(`, "params": {"force_size_max": 1000}`)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planner.ResolveProfile(f, seeds.Profiles()); err == nil {
		t.Error("force_size_max below force_size_min resolved")
	} else if paths := problemPaths(t, err); !slices.Equal(paths, []string{"params.force_size_max"}) {
		t.Errorf("paths %q", paths)
	}
}

// TestResolveProfileValidatesFiles: a ProfileFile built in code (not
// decoded) is held to the same rules as a decoded one.
func TestResolveProfileValidatesFiles(t *testing.T) {
	cases := []struct {
		name string
		file planner.ProfileFile
		path string
	}{
		{"unknown parameter", planner.ProfileFile{ID: "x", Base: "coalition-2025", Params: map[string]any{"foo": 1.0}}, "params.foo"},
		{"list parameter given a number", planner.ProfileFile{ID: "x", Base: "coalition-2025", Params: map[string]any{"veto_players": 1.0}}, "params.veto_players"},
		{"number parameter given a list", planner.ProfileFile{ID: "x", Base: "coalition-2025", Params: map[string]any{"rapid_hours": []string{}}}, "params.rapid_hours"},
		{"number parameter of an unsupported type", planner.ProfileFile{ID: "x", Base: "coalition-2025", Params: map[string]any{"rapid_hours": "48"}}, "params.rapid_hours"},
		{"unknown rule id", planner.ProfileFile{ID: "x", Base: "coalition-2025", Severity: map[string]planner.Severity{"nope": planner.Off}}, "severity.nope"},
		{"unknown severity", planner.ProfileFile{ID: "x", Base: "coalition-2025", Severity: map[string]planner.Severity{"force-size": "fatal"}}, "severity.force-size"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := planner.ResolveProfile(&c.file, seeds.Profiles())
			if err == nil {
				t.Fatal("resolved")
			}
			if paths := problemPaths(t, err); !slices.Contains(paths, c.path) {
				t.Errorf("paths %q, want %q", paths, c.path)
			}
		})
	}
	// Whole numbers given as int are numbers.
	p, err := planner.ResolveProfile(&planner.ProfileFile{ID: "x", Base: "coalition-2025",
		Params: map[string]any{"rapid_hours": 48}}, seeds.Profiles())
	if err != nil {
		t.Fatal(err)
	}
	if p.Params.RapidHours != 48 {
		t.Errorf("rapid_hours %v, want 48", p.Params.RapidHours)
	}
}

// TestProfileMayNotTakeABuiltInID: a file named like a built-in profile
// would be printed as that profile while checking with its own rules.
func TestProfileMayNotTakeABuiltInID(t *testing.T) {
	root := `{"format": "redline-profile/v1", "id": "coalition-2025", "title": "Everything off",
		"params": {"no_ground_presence": [], "frontline_exempt": [], "declined_troops": [], "hesitant_troops": [],
			"force_size_min": 0, "force_size_max": 1e9, "rapid_hours": 1e9, "veto_players": []},
		"severity": {"no-us-ground-troops": "off"}}`
	cases := []struct {
		name string
		doc  string
	}{
		{"built-in id on its own base", `{"format": "redline-profile/v1", "id": "coalition-2025", "title": "Rules off",
			"base": "coalition-2025", "severity": {"no-us-ground-troops": "off", "second-line-only": "off"}}`},
		{"built-in id on no base", root},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := planner.DecodeProfile([]byte(c.doc))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			p, err := planner.ResolveProfile(f, seeds.Profiles())
			if err == nil {
				t.Fatalf("resolved as %q with severities %v", p.ID, p.Severity)
			}
			if paths := problemPaths(t, err); !slices.Equal(paths, []string{"id"}) {
				t.Errorf("paths %q, want [id]", paths)
			}
			for _, w := range []string{`"coalition-2025"`, "an id of its own", `"base": "coalition-2025"`} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	// The same file under an id of its own resolves.
	f, err := planner.DecodeProfile([]byte(strings.Replace(root, `"id": "coalition-2025"`, `"id": "rules-off"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planner.ResolveProfile(f, seeds.Profiles()); err != nil {
		t.Errorf("own id: %v", err)
	}
}

func TestProfileOffSwitchesRuleOff(t *testing.T) {
	p := ckBasePlan()
	p.Contributions = p.Contributions[1:] // no ground force: no-forward-presence
	p.Contributions = p.Contributions[:1] // no long-range strike
	def := onlyRule(runCheck(t, p, seeds.DefaultProfile()), "no-forward-presence")
	if len(def) != 1 {
		t.Fatalf("default profile: %v", def)
	}
	prof := resolveProfile(t, specExample)
	fs := runCheck(t, p, prof)
	if got := onlyRule(fs, "no-forward-presence"); len(got) != 0 {
		t.Errorf("no-forward-presence is off but drew %v", got)
	}
	if got := onlyRule(fs, "long-range-strike-gap"); len(got) != 1 {
		t.Errorf("other rules stay on: %v", got)
	}
	// Every rule can be switched off.
	var sev []string
	for _, sr := range specRules {
		sev = append(sev, `"`+sr.id+`": "off"`)
	}
	silent := resolveProfile(t, profileJSON(`, "severity": {`+strings.Join(sev, ", ")+`}`))
	if fs := runCheck(t, ckMessyPlan(), silent); len(fs) != 0 {
		t.Errorf("all rules off, yet %v", ckTriples(fs))
	}
}

func TestProfileSeverityOverrideMovesFinding(t *testing.T) {
	p := ckBasePlan()
	p.Contributions[0].Personnel = 1000 // force-size (warning)
	p.Contributions = append(p.Contributions, mkC("c-us", "US", gb, 10, sec))
	p.Responses[0].Requires = []planner.Precondition{planner.RequiresUSEnablers} // us-enabler-dependency (advice)

	def := ckTriples(runCheck(t, p, seeds.DefaultProfile()))
	wantDef := []ckFinding{
		{"no-us-ground-troops", "c-us", planner.Blocker},
		{"force-size", "", planner.Warning},
		{"us-enabler-dependency", "resp-base", planner.Advice},
	}
	if !slices.Equal(def, wantDef) {
		t.Fatalf("default: %v, want %v", def, wantDef)
	}

	// force-size raised to blocker sorts before no-us-ground-troops.
	up := ckTriples(runCheck(t, p, resolveProfile(t, profileJSON(`, "severity": {"force-size": "blocker"}`))))
	wantUp := []ckFinding{
		{"force-size", "", planner.Blocker},
		{"no-us-ground-troops", "c-us", planner.Blocker},
		{"us-enabler-dependency", "resp-base", planner.Advice},
	}
	if !slices.Equal(up, wantUp) {
		t.Errorf("force-size as blocker: %v, want %v", up, wantUp)
	}

	// no-us-ground-troops lowered to advice sorts after the warning, and
	// us-enabler-dependency raised to warning sorts after force-size.
	down := ckTriples(runCheck(t, p, resolveProfile(t, profileJSON(
		`, "severity": {"no-us-ground-troops": "advice", "us-enabler-dependency": "warning"}`))))
	wantDown := []ckFinding{
		{"force-size", "", planner.Warning},
		{"us-enabler-dependency", "resp-base", planner.Warning},
		{"no-us-ground-troops", "c-us", planner.Advice},
	}
	if !slices.Equal(down, wantDown) {
		t.Errorf("overrides: %v, want %v", down, wantDown)
	}
	if c := planner.Count(runCheck(t, p, resolveProfile(t, profileJSON(`, "severity": {"no-us-ground-troops": "advice"}`)))); c.Blocker != 0 {
		t.Errorf("counts %+v: a lowered rule is no longer a blocker", c)
	}
}

func TestProfileParamsChangeRules(t *testing.T) {
	cases := []struct {
		name    string
		params  string
		mutate  ckMutation
		rule    string
		def     []string // subjects under coalition-2025
		with    []string // subjects under the override
		checkFn func(t *testing.T, fs []planner.Finding)
	}{
		{name: "no_ground_presence [] lets US ground troops pass", params: `"no_ground_presence": []`,
			mutate: addContrib(mkC("c-us", "US", gb, 5000, sec)), rule: "no-us-ground-troops", def: []string{"c-us"}},
		{name: "no_ground_presence can name other nations", params: `"no_ground_presence": ["US", "TR"]`,
			mutate: addContrib(mkC("c-us", "US", gb, 5000, sec), mkC("c-tr", "TR", eng, 50, rear)), rule: "no-us-ground-troops",
			def: []string{"c-us"}, with: []string{"c-tr", "c-us"}},
		{name: "force_size_min lowered", params: `"force_size_min": 10000`,
			mutate: groundSize(20000), rule: "force-size", def: []string{""}},
		{name: "force_size_min raised", params: `"force_size_min": 40000`,
			mutate: nil, rule: "force-size", with: []string{""}},
		{name: "force_size_min equal to T", params: `"force_size_min": 30000`,
			mutate: nil, rule: "force-size"},
		{name: "force_size_max lowered below T", params: `"force_size_max": 29999`,
			mutate: nil, rule: "force-size", with: []string{""}},
		{name: "force_size_max raised", params: `"force_size_max": 100000`,
			mutate: groundSize(90000), rule: "force-size", def: []string{""}},
		{name: "rapid_hours raised", params: `"rapid_hours": 100`,
			mutate: editResp(func(r *planner.Response) { r.HoursToEffect = 96 }), rule: "slow-response", def: []string{"resp-base"}},
		{name: "rapid_hours lowered", params: `"rapid_hours": 12`,
			mutate: nil, rule: "slow-response", with: []string{"resp-base"}},
		{name: "rapid_hours zero: any delay is slow", params: `"rapid_hours": 0`,
			mutate: editResp(func(r *planner.Response) { r.HoursToEffect = 0.5 }), rule: "slow-response", with: []string{"resp-base"}},
		{name: "frontline_exempt adds Britain", params: `"frontline_exempt": ["UA", "GB"]`,
			mutate: editGround(func(c planner.Contribution) planner.Contribution { return withLoc(c, front) }), rule: "second-line-only", def: []string{"c-gb-ground"}},
		{name: "frontline_exempt without Ukraine", params: `"frontline_exempt": []`,
			mutate: addContrib(mkC("c-ua", "UA", gb, 100, front)), rule: "second-line-only", with: []string{"c-ua"}},
		{name: "declined_troops emptied", params: `"declined_troops": []`,
			mutate: addContrib(mkC("c-it", "IT", train, 100, sec)), rule: "declared-no-troops", def: []string{"c-it"}},
		{name: "declined_troops names France", params: `"declined_troops": ["FR"]`,
			mutate: addContrib(mkC("c-fr", "FR", train, 100, sec)), rule: "declared-no-troops", with: []string{"c-fr"}},
		{name: "hesitant_troops names Britain", params: `"hesitant_troops": ["GB"]`,
			mutate: addContrib(mkC("c-de", "DE", gb, 100, sec)), rule: "hesitant-contributor", def: []string{"c-de"}, with: []string{"c-gb-ground"}},
		{name: "veto_players named in the message", params: `"veto_players": ["HU", "SK"]`,
			mutate: editResp(func(r *planner.Response) { r.Requires = []planner.Precondition{planner.RequiresEUUnanimity} }),
			rule:   "eu-unanimity-veto", def: []string{"resp-base"}, with: []string{"resp-base"},
			checkFn: func(t *testing.T, fs []planner.Finding) {
				for _, f := range fs {
					if f.Rule == "eu-unanimity-veto" && !(strings.Contains(f.Message, "Hungary") && strings.Contains(f.Message, "SK")) {
						t.Errorf("message %q does not name Hungary and SK", f.Message)
					}
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prof := resolveProfile(t, profileJSON(`, "params": {`+c.params+`}`))
			for _, run := range []struct {
				prof *planner.Profile
				want []string
			}{{seeds.DefaultProfile(), c.def}, {prof, c.with}} {
				p := ckBasePlan()
				if c.mutate != nil {
					c.mutate(p)
				}
				fs := runCheck(t, p, run.prof)
				got := onlyRule(fs, c.rule)
				var want []ckFinding
				for _, s := range run.want {
					want = append(want, ckFinding{c.rule, s, specRuleByID(t, c.rule).severity})
				}
				if !slices.Equal(got, want) {
					t.Errorf("profile %s: got %v, want %v", run.prof.ID, got, want)
				}
				if c.checkFn != nil && run.prof == prof {
					c.checkFn(t, fs)
				}
			}
		})
	}
}

// The T used by no-forward-presence and troops-ban-conflict does not depend
// on the profile; only force-size's bounds do.
func TestProfileDoesNotChangeT(t *testing.T) {
	prof := resolveProfile(t, profileJSON(`, "params": {"force_size_min": 0, "force_size_max": 0}`))
	p := ckBasePlan()
	p.Terms = append(p.Terms, mkTerm("t-ban", planner.TermForeignTroopsBan, planner.StanceAccept))
	fs := runCheck(t, p, prof)
	if got := onlyRule(fs, "troops-ban-conflict"); len(got) != 1 {
		t.Errorf("troops-ban-conflict: %v", got)
	}
	if got := onlyRule(fs, "force-size"); len(got) != 1 {
		t.Errorf("force-size over a max of 0: %v", got)
	}
	if got := onlyRule(fs, "no-forward-presence"); len(got) != 0 {
		t.Errorf("no-forward-presence: %v", got)
	}
}

// With invalid-reference switched off, dangling references are still
// ignored by the other rules.
func TestInvalidReferenceOffStillIgnoresDanglingLinks(t *testing.T) {
	prof := resolveProfile(t, profileJSON(`, "severity": {"invalid-reference": "off"}`))
	p := ckBasePlan()
	p.Links = []planner.Link{ckLink("rl-base", "resp-missing"), ckLink("rl-missing", "resp-base")}
	p.Terms = append(p.Terms, mkTerm("t-relief", planner.TermSanctionsRelief, planner.StanceAccept))
	p.Responses = append(p.Responses, mkResp("resp-snap", planner.KindEconomic, planner.MechanismPunishment))
	p.Links = append(p.Links, ckLink("rl-gone", "resp-snap"))
	want := []ckFinding{
		{"unanswered-red-line", "rl-base", planner.Blocker},
		{"relief-without-snapback", "t-relief", planner.Warning},
	}
	if got := ckTriples(runCheck(t, p, prof)); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
