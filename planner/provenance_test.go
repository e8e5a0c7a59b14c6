package planner_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"redline/planner"
)

// The paths of one entry of every kind that carries provenance.
var provenanceEntries = []string{"red_lines[0]", "responses[0]", "contributions[0]", "links[0]", "terms[0]", "injects[0]"}

func TestDecodeProvenanceAccepted(t *testing.T) {
	for _, entry := range provenanceEntries {
		t.Run(entry, func(t *testing.T) {
			p, err := planner.DecodePlan(mutateBase(t,
				entry+".sources", []any{"rusi-2025-11", planner.Src002},
				entry+".assumption", "The 500-personnel figure is ours:\n\tno document gives one.",
				"sources", []any{map[string]any{"id": "rusi-2025-11", "title": "Stabilising Ukraine"}}))
			if err != nil {
				t.Fatal(err)
			}
			got := provenanceOf(t, p, entry)
			want := planner.Provenance{Sources: []string{"rusi-2025-11", planner.Src002},
				Assumption: "The 500-personnel figure is ours:\n\tno document gives one."}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("provenance %+v, want %+v", got, want)
			}
		})
	}
}

// provenanceOf returns the provenance of the entry at path in p.
func provenanceOf(t *testing.T, p *planner.Plan, path string) planner.Provenance {
	t.Helper()
	switch path {
	case "red_lines[0]":
		return p.RedLines[0].Provenance
	case "responses[0]":
		return p.Responses[0].Provenance
	case "contributions[0]":
		return p.Contributions[0].Provenance
	case "links[0]":
		return p.Links[0].Provenance
	case "terms[0]":
		return p.Terms[0].Provenance
	case "injects[0]":
		return p.Injects[0].Provenance
	}
	t.Fatalf("no entry %s", path)
	return planner.Provenance{}
}

// An empty sources list, an empty assumption, an empty when, an empty brief
// and an empty top-level sources list are the same as none: they load as
// absent and are not written.
func TestDecodeEmptyProvenanceIsNone(t *testing.T) {
	var set []any
	for _, entry := range provenanceEntries {
		set = append(set, entry+".sources", []any{}, entry+".assumption", "")
	}
	set = append(set, "injects[0].brief", "", "injects[0].when", []any{}, "sources", []any{})
	in := mutateBase(t, set...)
	p, err := planner.DecodePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, entry := range provenanceEntries {
		if pr := provenanceOf(t, p, entry); pr.Sources != nil || pr.Assumption != "" || pr.Sourced() {
			t.Errorf("%s: provenance %#v, want none", entry, pr)
		}
	}
	if p.Injects[0].When != nil || p.Injects[0].Brief != "" || p.Sources != nil {
		t.Errorf("inject %+v, sources %#v: want none", p.Injects[0], p.Sources)
	}
	out := canonicalOf(t, in)
	if want := canonicalOf(t, []byte(loaderBaseJSON)); !bytes.Equal(out, want) {
		t.Errorf("empty provenance is written:\n%s", byteDiff(out, want))
	}
	// null is the same as absent too, as for every optional key.
	if _, err := planner.DecodePlan(mutateBase(t, "red_lines[0].sources", nil, "red_lines[0].assumption", nil,
		"injects[0].brief", nil, "injects[0].when", nil, "sources", nil)); err != nil {
		t.Errorf("null provenance: %v", err)
	}
}

func TestDecodeProvenanceProblems(t *testing.T) {
	type tc struct {
		name  string
		set   []any
		path  string
		words []string
	}
	var cases []tc
	for _, e := range provenanceEntries {
		cases = append(cases,
			tc{e + " sources a string", []any{e + ".sources", planner.Src002}, e + ".sources", []string{"want a list", "a string"}},
			tc{e + " source id a number", []any{e + ".sources", []any{planner.Src002, 2.0}}, e + ".sources[1]", []string{"want a string", "a number"}},
			tc{e + " source id with a space", []any{e + ".sources", []any{"rusi 2025"}}, e + ".sources[0]", []string{"' '", "not allowed"}},
			tc{e + " empty source id", []any{e + ".sources", []any{""}}, e + ".sources[0]", []string{"must not be empty"}},
			tc{e + " source id of 65 characters", []any{e + ".sources", []any{strings.Repeat("s", 65)}}, e + ".sources[0]", []string{"at most 64 characters", "got 65"}},
			tc{e + " assumption a list", []any{e + ".assumption", []any{"x"}}, e + ".assumption", []string{"want a string", "a list"}},
			tc{e + " assumption of 2,001 characters", []any{e + ".assumption", strings.Repeat("ж", 2001)}, e + ".assumption", []string{"at most 2000 characters", "got 2001"}},
		)
	}
	cases = append(cases,
		tc{"brief a number", []any{"injects[0].brief", 1.0}, "injects[0].brief", []string{"want a string", "a number"}},
		tc{"brief of 4,001 characters", []any{"injects[0].brief", strings.Repeat("ж", 4001)}, "injects[0].brief", []string{"at most 4000 characters", "got 4001"}},
		tc{"unknown key beside provenance", []any{"links[0].source", "x"}, "links[0].source", []string{"unknown key", "a link has red_line, response, trigger, sources, assumption"}},
		tc{"unknown inject key lists the new ones", []any{"injects[0].narrative", "x"}, "injects[0].narrative", []string{"unknown key", "brief, when, sources, assumption"}},
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := planner.DecodePlan(mutateBase(t, c.set...))
			fe := asFormatError(t, err)
			wantProblemAt(t, fe, c.path, c.words...)
			if !strings.Contains(err.Error(), c.path+": ") {
				t.Errorf("Error() %q does not name %q", err.Error(), c.path)
			}
		})
	}
}

func TestDecodeProvenanceBoundariesAccepted(t *testing.T) {
	cases := []struct {
		name string
		set  []any
	}{
		{"assumption of 2,000 characters", []any{"red_lines[0].assumption", strings.Repeat("ж", 2000)}},
		{"brief of 4,000 characters", []any{"injects[0].brief", strings.Repeat("ж", 4000)}},
		{"brief over several lines", []any{"injects[0].brief", "Kyiv reports to the coalition cell:\n\t— 600 troops across the line.\r\n"}},
		{"a source id of 64 characters", []any{"terms[0].sources", []any{strings.Repeat("s", 64)}}},
		{"every built-in source", []any{"links[0].sources", []any{planner.Src000, planner.Src001, planner.Src002, planner.Src003, planner.Src004}}},
		{"a source cited twice", []any{"links[0].sources", []any{planner.Src002, planner.Src002}}},
		{"a source the plan does not list (a finding, not a load error)", []any{"contributions[0].sources", []any{"nowhere"}}},
		{"an assumption of white space", []any{"contributions[0].assumption", " "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertCanonicalFixedPoint(t, mutateBase(t, c.set...))
		})
	}
}

func TestDecodeConditions(t *testing.T) {
	accepted := []struct {
		name string
		when []any
		want []planner.Condition
	}{
		{"a red line crossed", []any{map[string]any{"red_line": "rl-0"}}, []planner.Condition{{RedLine: "rl-0"}}},
		{"a red line not crossed", []any{map[string]any{"red_line": "rl-0", "not": true}}, []planner.Condition{{RedLine: "rl-0", Not: true}}},
		{"not false is the same as no not", []any{map[string]any{"red_line": "rl-0", "not": false}}, []planner.Condition{{RedLine: "rl-0"}}},
		{"every outcome", func() []any {
			var out []any
			for _, o := range planner.ConditionOutcomes {
				out = append(out, map[string]any{"response": "resp-0", "outcome": string(o)})
			}
			return out
		}(), func() []planner.Condition {
			var out []planner.Condition
			for _, o := range planner.ConditionOutcomes {
				out = append(out, planner.Condition{Response: "resp-0", Outcome: o})
			}
			return out
		}()},
		{"a response that was not approved", []any{map[string]any{"not": true, "outcome": "approved", "response": "resp-0"}},
			[]planner.Condition{{Response: "resp-0", Outcome: planner.CondApproved, Not: true}}},
		{"ids that do not resolve load (invalid-reference is a finding)", []any{map[string]any{"red_line": "rl-gone"}, map[string]any{"response": "resp-gone", "outcome": "fired"}},
			[]planner.Condition{{RedLine: "rl-gone"}, {Response: "resp-gone", Outcome: planner.CondFired}}},
		{"null keys are absent", []any{map[string]any{"red_line": "rl-0", "response": nil, "outcome": nil, "not": nil}}, []planner.Condition{{RedLine: "rl-0"}}},
	}
	for _, c := range accepted {
		t.Run(c.name, func(t *testing.T) {
			in := mutateBase(t, "injects[0].when", c.when)
			p, err := planner.DecodePlan(in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Injects[0].When, c.want) {
				t.Errorf("when %+v, want %+v", p.Injects[0].When, c.want)
			}
			assertCanonicalFixedPoint(t, in)
		})
	}

	const w = "injects[0].when"
	refused := []struct {
		name  string
		when  any
		path  string
		words []string
	}{
		{"when an object", map[string]any{"red_line": "rl-0"}, w, []string{"want a list", "an object"}},
		{"a condition a string", []any{"rl-0"}, w + "[0]", []string{"want a condition (an object)", "a string"}},
		{"both red_line and response", []any{map[string]any{"red_line": "rl-0", "response": "resp-0", "outcome": "fired"}}, w + "[0]",
			[]string{"exactly one of red_line and response", "both"}},
		{"neither red_line nor response", []any{map[string]any{"red_line": "rl-0"}, map[string]any{"not": true}}, w + "[1]",
			[]string{"exactly one of red_line and response", "neither"}},
		{"an empty condition", []any{map[string]any{}}, w + "[0]", []string{"exactly one of red_line and response", "neither"}},
		{"outcome with a red line", []any{map[string]any{"red_line": "rl-0", "outcome": "fired"}}, w + "[0].outcome",
			[]string{"goes only with response"}},
		{"outcome alone", []any{map[string]any{"outcome": "fired"}}, w + "[0]", []string{"exactly one of red_line and response", "neither"}},
		{"a response without outcome", []any{map[string]any{"response": "resp-0"}}, w + "[0].outcome",
			[]string{"required with response", "fired blocked decision approved rejected ongoing"}},
		{"an outcome outside the list", []any{map[string]any{"response": "resp-0", "outcome": "crossed"}}, w + "[0].outcome",
			[]string{"want one of fired blocked decision approved rejected ongoing", `got "crossed"`}},
		{"an outcome in capitals", []any{map[string]any{"response": "resp-0", "outcome": "Fired"}}, w + "[0].outcome", []string{"want one of", `got "Fired"`}},
		{"an outcome a number", []any{map[string]any{"response": "resp-0", "outcome": 1.0}}, w + "[0].outcome", []string{"want one of", "got a number"}},
		{"not a string", []any{map[string]any{"red_line": "rl-0", "not": "true"}}, w + "[0].not", []string{"want true or false", "a string"}},
		{"not a number", []any{map[string]any{"red_line": "rl-0", "not": 1.0}}, w + "[0].not", []string{"want true or false", "a number"}},
		{"an unknown key", []any{map[string]any{"red_line": "rl-0", "inject": "inj-0"}}, w + "[0].inject",
			[]string{"unknown key", "a condition has red_line, response, outcome, not"}},
		{"red_line an empty id", []any{map[string]any{"red_line": ""}}, w + "[0].red_line", []string{"must not be empty"}},
		{"red_line a bad id", []any{map[string]any{"red_line": "rl 0"}}, w + "[0].red_line", []string{"' '", "not allowed"}},
		{"response a number", []any{map[string]any{"response": 3.0, "outcome": "fired"}}, w + "[0].response", []string{"want a string", "a number"}},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			_, err := planner.DecodePlan(mutateBase(t, "injects[0].when", c.when))
			fe := asFormatError(t, err)
			wantProblemAt(t, fe, c.path, c.words...)
			if len(fe.Problems) != 1 {
				t.Errorf("one mistake, %d problems:\n%v", len(fe.Problems), err)
			}
			if !strings.Contains(err.Error(), c.path+": ") {
				t.Errorf("Error() %q does not name %q", err.Error(), c.path)
			}
		})
	}
}

func TestDecodeSources(t *testing.T) {
	full := map[string]any{"id": "rusi-2025-11", "title": "Stabilising Ukraine — options", "publisher": "RUSI",
		"date": "2025-11", "url": "https://rusi.org/explore-our-research/publications"}
	src := func(changes ...any) []any {
		m := map[string]any{}
		for k, v := range full {
			m[k] = v
		}
		for i := 0; i < len(changes); i += 2 {
			if changes[i+1] == deleteKey {
				delete(m, changes[i].(string))
			} else {
				m[changes[i].(string)] = changes[i+1]
			}
		}
		return []any{m}
	}
	t.Run("every field", func(t *testing.T) {
		p, err := planner.DecodePlan(mutateBase(t, "sources", src()))
		if err != nil {
			t.Fatal(err)
		}
		want := []planner.Source{{ID: "rusi-2025-11", Title: "Stabilising Ukraine — options", Publisher: "RUSI", Date: "2025-11",
			URL: "https://rusi.org/explore-our-research/publications"}}
		if !reflect.DeepEqual(p.Sources, want) {
			t.Errorf("sources %+v, want %+v", p.Sources, want)
		}
	})
	accepted := []struct {
		name    string
		changes []any
	}{
		{"id and title only", []any{"publisher", deleteKey, "date", deleteKey, "url", deleteKey}},
		{"empty optional fields are none", []any{"publisher", "", "date", "", "url", ""}},
		{"title of 1 character", []any{"title", "T"}},
		{"title of 300 characters", []any{"title", strings.Repeat("ж", 300)}},
		{"publisher of 200 characters", []any{"publisher", strings.Repeat("ж", 200)}},
		{"date of 32 characters", []any{"date", strings.Repeat("9", 32)}},
		{"a date in free form", []any{"date", "early December 2025"}},
		{"a year", []any{"date", "2025"}},
		{"url of 2,000 characters", []any{"url", "https://example.org/" + strings.Repeat("a", 2000-len("https://example.org/"))}},
		{"an http url", []any{"url", "http://example.org"}},
		{"a scheme in capitals", []any{"url", "HTTPS://EXAMPLE.ORG/"}},
		{"a built-in document's id", []any{"id", planner.Src002}},
	}
	for _, c := range accepted {
		t.Run(c.name, func(t *testing.T) {
			assertCanonicalFixedPoint(t, mutateBase(t, "sources", src(c.changes...)))
		})
	}
	refused := []struct {
		name    string
		changes []any
		path    string
		words   []string
	}{
		{"id missing", []any{"id", deleteKey}, "sources[0].id", []string{"required"}},
		{"title missing", []any{"title", deleteKey}, "sources[0].title", []string{"required"}},
		{"empty id", []any{"id", ""}, "sources[0].id", []string{"must not be empty"}},
		{"empty title", []any{"title", ""}, "sources[0].title", []string{"must not be empty"}},
		{"id with a space", []any{"id", "RUSI 2025"}, "sources[0].id", []string{"' '", "not allowed"}},
		{"id of 65 characters", []any{"id", strings.Repeat("s", 65)}, "sources[0].id", []string{"at most 64 characters", "got 65"}},
		{"title of 301 characters", []any{"title", strings.Repeat("ж", 301)}, "sources[0].title", []string{"at most 300 characters", "got 301"}},
		{"publisher of 201 characters", []any{"publisher", strings.Repeat("ж", 201)}, "sources[0].publisher", []string{"at most 200 characters", "got 201"}},
		{"date of 33 characters", []any{"date", strings.Repeat("9", 33)}, "sources[0].date", []string{"at most 32 characters", "got 33"}},
		{"url of 2,001 characters", []any{"url", "https://example.org/" + strings.Repeat("a", 2001-len("https://example.org/"))}, "sources[0].url",
			[]string{"at most 2000 characters", "got 2001"}},
		{"a javascript: url", []any{"url", "javascript:alert(1)"}, "sources[0].url", []string{"http:// or https://", `"javascript:alert(1)"`}},
		{"a data: url", []any{"url", "data:text/html,<b>x</b>"}, "sources[0].url", []string{"http:// or https://"}},
		{"a file: url", []any{"url", "file:///etc/passwd"}, "sources[0].url", []string{"http:// or https://"}},
		{"an ftp url", []any{"url", "ftp://example.org/report.pdf"}, "sources[0].url", []string{"http:// or https://"}},
		{"a url without a scheme", []any{"url", "www.example.org"}, "sources[0].url", []string{"http:// or https://"}},
		{"a url with leading space", []any{"url", " https://example.org"}, "sources[0].url", []string{"http:// or https://"}},
		{"a url that is only the scheme", []any{"url", "https://"}, "sources[0].url", []string{"nothing after https://"}},
		{"a url with a line break", []any{"url", "https://example.org/\nx"}, "sources[0].url", []string{"control character"}},
		{"a title with a tab", []any{"title", "a\tb"}, "sources[0].title", []string{"control character"}},
		{"a publisher with ESC", []any{"publisher", "a\x1b]2;x"}, "sources[0].publisher", []string{"control character"}},
		{"a date a number", []any{"date", 2025.0}, "sources[0].date", []string{"want a string", "a number"}},
		{"an unknown key", []any{"author", "x"}, "sources[0].author", []string{"unknown key", "a source has id, title, publisher, date, url"}},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			_, err := planner.DecodePlan(mutateBase(t, "sources", src(c.changes...)))
			fe := asFormatError(t, err)
			wantProblemAt(t, fe, c.path, c.words...)
			if !strings.Contains(err.Error(), c.path+": ") {
				t.Errorf("Error() %q does not name %q", err.Error(), c.path)
			}
		})
	}
	t.Run("sources an object", func(t *testing.T) {
		_, err := planner.DecodePlan(mutateBase(t, "sources", full))
		wantProblemAt(t, asFormatError(t, err), "sources", "want a list", "an object")
	})
	t.Run("a source a string", func(t *testing.T) {
		_, err := planner.DecodePlan(mutateBase(t, "sources", []any{"rusi"}))
		wantProblemAt(t, asFormatError(t, err), "sources[0]", "want a source (an object)", "a string")
	})
	t.Run("two sources with one id load (duplicate-id is a finding)", func(t *testing.T) {
		if _, err := planner.DecodePlan(mutateBase(t, "sources", append(src(), src()...))); err != nil {
			t.Fatal(err)
		}
	})
}

// provenanceJSON is loaderBaseJSON with every new key of the revised format
// present, in scrambled order.
func provenanceJSON(t testing.TB) []byte {
	set := []any{
		"injects[0].brief", "Kyiv reports <600> troops & armour across the line.",
		"injects[0].when", []any{
			map[string]any{"not": true, "red_line": "rl-1"},
			map[string]any{"outcome": "approved", "response": "resp-0"},
			map[string]any{"not": true, "outcome": "blocked", "response": "resp-0"},
		},
		"sources", []any{
			map[string]any{"url": "https://example.org/a?b=1&c=2", "date": "2025-11", "publisher": "RUSI", "title": "Report", "id": "rusi"},
			map[string]any{"title": "Workshop notes", "id": "ws-1"},
		},
	}
	for i, e := range provenanceEntries {
		set = append(set, e+".assumption", "assumed "+e, e+".sources", []any{"rusi", planner.Src000})
		if i%2 == 1 {
			set = set[:len(set)-2] // every other entry: an assumption only
		}
	}
	return mutateBase(t, set...)
}

func TestEncodeProvenanceKeyOrder(t *testing.T) {
	out := assertCanonicalFixedPoint(t, provenanceJSON(t))
	order := map[string][]string{
		"plan":                       {"format", "id", "title", "classification", "phase", "profile", "actors", "indicators", "red_lines", "responses", "contributions", "links", "terms", "injects", "sources"},
		"red line":                   {"id", "title", "domain", "indicator", "threshold", "severity", "notes", "sources", "assumption"},
		"response":                   {"id", "title", "kind", "mechanism", "lead", "participants", "hours_to_effect", "requires", "capabilities", "uses", "assumption"},
		"contribution":               {"id", "nation", "capability", "personnel", "amount_eur_m", "location", "activation", "status", "months", "sources", "assumption"},
		"link":                       {"red_line", "response", "trigger", "assumption"},
		"term":                       {"id", "kind", "stance", "value", "notes", "sources", "assumption"},
		"inject":                     {"id", "at_hours", "title", "observations", "phase", "brief", "when", "assumption"},
		"red line condition":         {"red_line", "not"},
		"response condition":         {"response", "outcome"},
		"negated response condition": {"response", "outcome", "not"},
		"source":                     {"id", "title", "publisher", "date", "url"},
		"source with id and title":   {"id", "title"},
	}
	got := jsonKeyOrders(t, out)
	for what, keys := range order {
		if !hasKeyOrder(got, keys) {
			t.Errorf("%s keys not written in order %v; objects seen: %v", what, keys, got)
		}
	}
	// Written as encoding/json writes the Plan struct.
	p, err := planner.DecodePlan(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := referenceEncode(t, p); !bytes.Equal(out, want) {
		t.Errorf("writer differs from encoding/json:\n%s", byteDiff(out, want))
	}
	for _, s := range []string{`"not": true`, `"brief": "Kyiv reports <600> troops & armour across the line."`, `"url": "https://example.org/a?b=1&c=2"`} {
		if !bytes.Contains(out, []byte(s)) {
			t.Errorf("output lacks %s", s)
		}
	}
}

// export → import → export is byte-identical with every new field, and the
// plan read back is the plan written.
func TestProvenanceRoundTrip(t *testing.T) {
	once := canonicalOf(t, provenanceJSON(t))
	p, err := planner.DecodePlan(once)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := planner.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(once, twice) {
		t.Fatalf("export → import → export differs:\n%s", byteDiff(twice, once))
	}
	q, err := planner.DecodePlan(twice)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, q) {
		t.Error("the plan read back differs from the plan written")
	}
	if len(p.Sources) != 2 || len(p.Injects[0].When) != 3 || p.RedLines[0].Assumption == "" || len(p.Terms[0].Sources) != 2 {
		t.Errorf("fields lost: sources %+v, when %+v", p.Sources, p.Injects[0].When)
	}
}

// A plan built in memory is held to what the loader accepts: Validate
// refuses a condition with both ends, or a url that is not a web address,
// with the loader's path.
func TestValidateProvenance(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(p *planner.Plan)
		path   string
	}{
		{"a condition with both ends", func(p *planner.Plan) {
			p.Injects[0].When = []planner.Condition{{RedLine: "rl-0", Response: "resp-0", Outcome: planner.CondFired}}
		}, "injects[0].when[0]"},
		{"a condition with an outcome of its own", func(p *planner.Plan) {
			p.Injects[0].When = []planner.Condition{{Response: "resp-0", Outcome: "won"}}
		}, "injects[0].when[0].outcome"},
		{"a javascript url", func(p *planner.Plan) {
			p.Sources = []planner.Source{{ID: "s", Title: "S", URL: "javascript:alert(1)"}}
		}, "sources[0].url"},
		{"a source without a title", func(p *planner.Plan) { p.Sources = []planner.Source{{ID: "s"}} }, "sources[0].title"},
		{"a link citing a bad id", func(p *planner.Plan) { p.Links[0].Sources = []string{"a/b"} }, "links[0].sources[0]"},
		{"an assumption too long", func(p *planner.Plan) { p.Terms[0].Assumption = strings.Repeat("a", planner.MaxAssumption+1) }, "terms[0].assumption"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := planner.DecodePlan([]byte(loaderBaseJSON))
			if err != nil {
				t.Fatal(err)
			}
			c.mutate(p)
			wantProblemAt(t, asFormatError(t, planner.Validate(p)), c.path)
		})
	}
}

func TestURLProblem(t *testing.T) {
	for s, ok := range map[string]bool{
		"https://example.org": true, "http://x": true, "HtTpS://x": true,
		"": false, "https://": false, "http:/x": false, "javascript:alert(1)": false, "JAVASCRIPT:alert(1)": false,
		"mailto:a@b": false, "//example.org": false, "https:example.org": false,
	} {
		if got := planner.URLProblem(s) == ""; got != ok {
			t.Errorf("URLProblem(%q) = %q", s, planner.URLProblem(s))
		}
	}
}

// The generator gives some entries provenance and some injects a brief and
// conditions, all resolving, so that the round trips through the writer,
// the store and the workbook see them.
func TestGenerateProvenance(t *testing.T) {
	p := planner.Generate(planner.GenSpec{RedLines: 40, Responses: 40, Contributions: 60, Links: 80, Injects: 80, Seed: 9})
	var sourced, assumed, briefs, conditions, negated, responseConds int
	count := func(pr planner.Provenance) {
		if len(pr.Sources) > 0 {
			sourced++
		}
		if pr.Assumption != "" {
			assumed++
		}
	}
	for _, r := range p.RedLines {
		count(r.Provenance)
	}
	for _, r := range p.Responses {
		count(r.Provenance)
	}
	for _, c := range p.Contributions {
		count(c.Provenance)
	}
	for _, l := range p.Links {
		count(l.Provenance)
	}
	for _, in := range p.Injects {
		count(in.Provenance)
		if in.Brief != "" {
			briefs++
		}
		for _, c := range in.When {
			conditions++
			if c.Not {
				negated++
			}
			if c.Response != "" {
				responseConds++
			}
		}
	}
	if sourced == 0 || assumed == 0 || briefs == 0 || conditions == 0 || negated == 0 || responseConds == 0 {
		t.Errorf("sourced %d, assumed %d, briefs %d, conditions %d (%d negated, %d on responses): want some of each",
			sourced, assumed, briefs, conditions, negated, responseConds)
	}
	found := false
	for s := uint64(0); s < 20 && !found; s++ {
		found = len(planner.Generate(planner.GenSpec{RedLines: 2, Seed: s}).Sources) > 0
	}
	if !found {
		t.Error("no generated plan lists sources of its own")
	}
}
