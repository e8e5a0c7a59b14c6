package planner_test

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// loaderBaseJSON is a small valid plan with one entity of every type (four red
// lines, so that red_lines[3] exists). Tests decode it into generic values,
// change one thing and encode it again.
const loaderBaseJSON = `{
  "format": "redline-plan/v1",
  "id": "0b9d3c1e-5a4f-4c2e-9a71-2025c0a1f001",
  "title": "Test plan",
  "classification": "UNCLASSIFIED // TEST",
  "phase": "ceasefire",
  "profile": "coalition-2025",
  "actors": [ { "code": "XK", "name": "Kosovo", "kind": "state" } ],
  "indicators": [ { "key": "rail_sabotage", "name": "Sabotage of rail lines", "unit": "incidents/week" } ],
  "red_lines": [
    { "id": "rl-0", "title": "Incursion", "domain": "land", "indicator": "loc_ground_incursion",
      "threshold": { "op": ">=", "value": 500 }, "severity": 5, "notes": "n" },
    { "id": "rl-1", "title": "Massing", "domain": "land", "indicator": "border_force_buildup",
      "threshold": { "op": ">", "value": 50000 }, "severity": 3 },
    { "id": "rl-2", "title": "Draft", "domain": "political", "severity": 1 },
    { "id": "rl-3", "title": "Cities", "domain": "air", "indicator": "strikes_cities",
      "threshold": { "op": "==", "value": 20 }, "severity": 4 }
  ],
  "responses": [
    { "id": "resp-0", "title": "RRF", "kind": "military", "mechanism": "denial", "lead": "GB",
      "participants": ["FR"], "hours_to_effect": 48, "requires": ["ceasefire"],
      "capabilities": ["rapid_reaction"], "uses": ["c-0"] }
  ],
  "contributions": [
    { "id": "c-0", "nation": "GB", "capability": "rapid_reaction", "personnel": 8000, "amount_eur_m": 1.5,
      "location": "second_line", "activation": "ceasefire", "status": "pledged", "months": 24 }
  ],
  "links": [ { "red_line": "rl-0", "response": "resp-0", "trigger": "automatic" } ],
  "terms": [ { "id": "t-0", "kind": "ua_force_cap", "stance": "reject", "value": 600000, "notes": "n" } ],
  "injects": [
    { "id": "inj-0", "at_hours": 0, "title": "Start",
      "observations": [ { "indicator": "loc_ground_incursion", "value": 600 } ], "phase": "war" }
  ]
}`

// deleteKey, as a value in a mutation, deletes the key.
type deleteKeyT struct{}

var deleteKey = deleteKeyT{}

// mutate decodes loaderBaseJSON, sets (or removes) the value at each path and
// returns the document as JSON. Paths look like "red_lines[3].threshold.op".
func mutateBase(t testing.TB, pathsAndValues ...any) []byte {
	t.Helper()
	var root any
	if err := json.Unmarshal([]byte(loaderBaseJSON), &root); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(pathsAndValues); i += 2 {
		setJSONPath(t, root, pathsAndValues[i].(string), pathsAndValues[i+1])
	}
	out, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func setJSONPath(t testing.TB, root any, path string, v any) {
	t.Helper()
	type step struct {
		key string
		idx int // -1: key
	}
	var steps []step
	for _, part := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			steps = append(steps, step{key: name, idx: -1})
		}
		for rest != "" {
			n, after, _ := strings.Cut(rest, "]")
			i, err := strconv.Atoi(n)
			if err != nil {
				t.Fatalf("bad path %q", path)
			}
			steps = append(steps, step{idx: i})
			rest = strings.TrimPrefix(after, "[")
		}
	}
	cur := root
	for k, s := range steps {
		last := k == len(steps)-1
		if s.idx >= 0 {
			l := cur.([]any)
			if last {
				l[s.idx] = v
				return
			}
			cur = l[s.idx]
			continue
		}
		m := cur.(map[string]any)
		if last {
			if v == deleteKey {
				delete(m, s.key)
			} else {
				m[s.key] = v
			}
			return
		}
		cur = m[s.key]
	}
}

// formatError asserts err is a *planner.FormatError and returns it.
func asFormatError(t testing.TB, err error) *planner.FormatError {
	t.Helper()
	if err == nil {
		t.Fatal("loaded without error; want a *planner.FormatError")
	}
	var fe *planner.FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error %T %q is not a *planner.FormatError", err, err)
	}
	if len(fe.Problems) == 0 {
		t.Fatalf("FormatError without problems: %q", err)
	}
	return fe
}

// wantProblem asserts that one of the problems has the path and a message
// holding every word.
func wantProblemAt(t testing.TB, fe *planner.FormatError, path string, words ...string) planner.Problem {
	t.Helper()
	for _, p := range fe.Problems {
		if p.Path != path {
			continue
		}
		ok := true
		for _, w := range words {
			if !strings.Contains(p.Message, w) {
				ok = false
			}
		}
		if ok {
			return p
		}
	}
	t.Fatalf("no problem at %q with %q; got:\n%s", path, words, fe.Error())
	return planner.Problem{}
}

func TestDecodeBaseIsValid(t *testing.T) {
	p, err := planner.DecodePlan([]byte(loaderBaseJSON))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.RedLines) != 4 || len(p.Responses) != 1 || len(p.Contributions) != 1 || len(p.Links) != 1 ||
		len(p.Terms) != 1 || len(p.Injects) != 1 || len(p.Actors) != 1 || len(p.Indicators) != 1 {
		t.Fatalf("counts wrong: %+v", p)
	}
	c := p.Contributions[0]
	if c.Personnel != 8000 || c.AmountEURm != 1.5 || c.Months == nil || *c.Months != 24 {
		t.Errorf("contribution = %+v", c)
	}
	if th := p.RedLines[0].Threshold; th == nil || th.Op != planner.OpGE || th.Value != 500 {
		t.Errorf("threshold = %+v", th)
	}
	if p.RedLines[2].Threshold != nil || p.RedLines[2].Indicator != "" {
		t.Errorf("draft red line = %+v", p.RedLines[2])
	}
	if v := p.Terms[0].Value; v == nil || *v != 600000 {
		t.Errorf("term value = %v", v)
	}
	if in := p.Injects[0]; in.Phase != planner.PhaseWar || len(in.Observations) != 1 || in.Observations[0].Value != 600 {
		t.Errorf("inject = %+v", in)
	}
}

func TestDecodeSyntaxErrors(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		words []string
	}{
		{"not JSON", "{\n  \"format\": x\n}", []string{"not JSON", "invalid character 'x'", "line 2, column 13"}},
		{"bare word", "hello", []string{"not JSON", "line 1, column 1"}},
		{"truncated", `{"format": "redline-plan/v1",`, []string{"not JSON", "ends too early", "line 1, column 30"}},
		{"empty", "", []string{"empty"}},
		{"only white space", " \n\t\r\n", []string{"empty"}},
		{"invalid UTF-8", "{\n  \"title\": \"caf\xe9\"\n}", []string{"UTF-8", "line 2, column 16", "byte 17"}},
		{"trailing data", loaderBaseJSON + "\n{}", []string{"not JSON", "after the document", "line " + strconv.Itoa(strings.Count(loaderBaseJSON, "\n")+2) + ", column 1"}},
		{"trailing garbage", `{} x`, []string{"after the document", "line 1, column 4"}},
		{"byte order mark after the document", "{}\ufeff", []string{"not JSON", "after the document", "line 1, column 3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := planner.DecodePlan([]byte(tc.in))
			fe := asFormatError(t, err)
			if len(fe.Problems) != 1 {
				t.Errorf("want one problem, got %d: %q", len(fe.Problems), err)
			}
			wantProblemAt(t, fe, "", tc.words...)
		})
	}
	// Trailing white space is fine.
	if _, err := planner.DecodePlan([]byte(loaderBaseJSON + "\n\n  \t\r\n")); err != nil {
		t.Errorf("trailing white space: %v", err)
	}
}

func TestDecodeTopLevelType(t *testing.T) {
	for in, got := range map[string]string{`[]`: "a list", `"plan"`: "a string", `42`: "a number", `null`: "null", `true`: "a boolean"} {
		_, err := planner.DecodePlan([]byte(in))
		fe := asFormatError(t, err)
		wantProblemAt(t, fe, "", "want a plan (an object)", "got "+got)
	}
}

func TestDecodeEnumMessageExact(t *testing.T) {
	_, err := planner.DecodePlan(mutateBase(t, "red_lines[3].threshold.op", "=>"))
	fe := asFormatError(t, err)
	const want = `red_lines[3].threshold.op: want one of > >= < <= ==, got "=>"`
	if len(fe.Problems) != 1 || fe.Problems[0].String() != want {
		t.Fatalf("problems = %q, want exactly %q", fe.Problems, want)
	}
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	fe.Source = "plan.redline.json"
	if got := fe.Error(); got != "plan.redline.json: "+want {
		t.Errorf("Error() with source = %q", got)
	}
}

func TestDecodeProblems(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	cyr := func(n int) string { return strings.Repeat("ж", n) } // two bytes each
	cases := []struct {
		name  string
		set   []any // path, value pairs
		path  string
		words []string
	}{
		// format
		{"unknown format", []any{"format", "redline-plan/v2"}, "format", []string{`"redline-plan/v1"`, `"redline-plan/v2"`}},
		{"format not a string", []any{"format", 1.0}, "format", []string{"want a string", "a number"}},
		{"format missing", []any{"format", deleteKey}, "format", []string{"required"}},
		{"format null", []any{"format", nil}, "format", []string{"required"}},

		// missing required keys
		{"title missing", []any{"title", deleteKey}, "title", []string{"required"}},
		{"phase missing", []any{"phase", deleteKey}, "phase", []string{"required"}},
		{"actor code missing", []any{"actors[0].code", deleteKey}, "actors[0].code", []string{"required"}},
		{"actor name missing", []any{"actors[0].name", deleteKey}, "actors[0].name", []string{"required"}},
		{"actor kind missing", []any{"actors[0].kind", deleteKey}, "actors[0].kind", []string{"required"}},
		{"indicator key missing", []any{"indicators[0].key", deleteKey}, "indicators[0].key", []string{"required"}},
		{"indicator unit missing", []any{"indicators[0].unit", deleteKey}, "indicators[0].unit", []string{"required"}},
		{"red line id missing", []any{"red_lines[1].id", deleteKey}, "red_lines[1].id", []string{"required"}},
		{"red line title missing", []any{"red_lines[1].title", deleteKey}, "red_lines[1].title", []string{"required"}},
		{"red line domain missing", []any{"red_lines[1].domain", deleteKey}, "red_lines[1].domain", []string{"required"}},
		{"red line severity missing", []any{"red_lines[1].severity", deleteKey}, "red_lines[1].severity", []string{"required"}},
		{"threshold op missing", []any{"red_lines[0].threshold.op", deleteKey}, "red_lines[0].threshold.op", []string{"required"}},
		{"threshold value missing", []any{"red_lines[0].threshold.value", deleteKey}, "red_lines[0].threshold.value", []string{"required"}},
		{"response kind missing", []any{"responses[0].kind", deleteKey}, "responses[0].kind", []string{"required"}},
		{"response mechanism missing", []any{"responses[0].mechanism", deleteKey}, "responses[0].mechanism", []string{"required"}},
		{"response lead missing", []any{"responses[0].lead", deleteKey}, "responses[0].lead", []string{"required"}},
		{"response hours missing", []any{"responses[0].hours_to_effect", deleteKey}, "responses[0].hours_to_effect", []string{"required"}},
		{"contribution nation missing", []any{"contributions[0].nation", deleteKey}, "contributions[0].nation", []string{"required"}},
		{"contribution capability missing", []any{"contributions[0].capability", deleteKey}, "contributions[0].capability", []string{"required"}},
		{"contribution location missing", []any{"contributions[0].location", deleteKey}, "contributions[0].location", []string{"required"}},
		{"contribution activation missing", []any{"contributions[0].activation", deleteKey}, "contributions[0].activation", []string{"required"}},
		{"contribution status missing", []any{"contributions[0].status", deleteKey}, "contributions[0].status", []string{"required"}},
		{"link red_line missing", []any{"links[0].red_line", deleteKey}, "links[0].red_line", []string{"required"}},
		{"link response missing", []any{"links[0].response", deleteKey}, "links[0].response", []string{"required"}},
		{"link trigger missing", []any{"links[0].trigger", deleteKey}, "links[0].trigger", []string{"required"}},
		{"term id missing", []any{"terms[0].id", deleteKey}, "terms[0].id", []string{"required"}},
		{"term kind missing", []any{"terms[0].kind", deleteKey}, "terms[0].kind", []string{"required"}},
		{"term stance missing", []any{"terms[0].stance", deleteKey}, "terms[0].stance", []string{"required"}},
		{"inject id missing", []any{"injects[0].id", deleteKey}, "injects[0].id", []string{"required"}},
		{"inject at_hours missing", []any{"injects[0].at_hours", deleteKey}, "injects[0].at_hours", []string{"required"}},
		{"inject title missing", []any{"injects[0].title", deleteKey}, "injects[0].title", []string{"required"}},
		{"observation indicator missing", []any{"injects[0].observations[0].indicator", deleteKey}, "injects[0].observations[0].indicator", []string{"required"}},
		{"observation value missing", []any{"injects[0].observations[0].value", deleteKey}, "injects[0].observations[0].value", []string{"required"}},

		// unknown keys, at the top and in every entity type
		{"unknown top-level key", []any{"titel", "x"}, "titel", []string{"unknown key", "a plan has"}},
		{"unknown actor key", []any{"actors[0].flag", "x"}, "actors[0].flag", []string{"unknown key"}},
		{"unknown indicator key", []any{"indicators[0].source", "x"}, "indicators[0].source", []string{"unknown key"}},
		{"unknown red line key", []any{"red_lines[0].thresh", "x"}, "red_lines[0].thresh", []string{"unknown key", "a red line has", "threshold"}},
		{"unknown threshold key", []any{"red_lines[0].threshold.unit", "x"}, "red_lines[0].threshold.unit", []string{"unknown key"}},
		{"unknown response key", []any{"responses[0].owner", "x"}, "responses[0].owner", []string{"unknown key"}},
		{"unknown contribution key", []any{"contributions[0].troops", 1.0}, "contributions[0].troops", []string{"unknown key"}},
		{"unknown link key", []any{"links[0].note", "x"}, "links[0].note", []string{"unknown key"}},
		{"unknown term key", []any{"terms[0].stanse", "x"}, "terms[0].stanse", []string{"unknown key"}},
		{"unknown inject key", []any{"injects[0].notes", "x"}, "injects[0].notes", []string{"unknown key"}},
		{"unknown observation key", []any{"injects[0].observations[0].unit", "x"}, "injects[0].observations[0].unit", []string{"unknown key"}},

		// enums outside their lists
		{"phase", []any{"phase", "peace"}, "phase", []string{"want one of war ceasefire settlement", `got "peace"`}},
		{"actor kind", []any{"actors[0].kind", "country"}, "actors[0].kind", []string{"want one of state organisation adversary"}},
		{"domain", []any{"red_lines[0].domain", "space"}, "red_lines[0].domain", []string{"want one of land air sea cyber hybrid nuclear political", `got "space"`}},
		{"op", []any{"red_lines[0].threshold.op", "!="}, "red_lines[0].threshold.op", []string{"want one of > >= < <= ==", `got "!="`}},
		{"response kind", []any{"responses[0].kind", "kinetic"}, "responses[0].kind", []string{"want one of diplomatic economic"}},
		{"mechanism", []any{"responses[0].mechanism", "deterrence"}, "responses[0].mechanism", []string{"want one of denial punishment reassurance"}},
		{"requires", []any{"responses[0].requires", []any{"ceasefire", "un_mandate"}}, "responses[0].requires[1]", []string{"want one of eu_unanimity us_enablers ceasefire nato_consensus", `"un_mandate"`}},
		{"capabilities", []any{"responses[0].capabilities", []any{"tanks"}}, "responses[0].capabilities[0]", []string{"want one of ground_troops"}},
		{"contribution capability", []any{"contributions[0].capability", "Naval"}, "contributions[0].capability", []string{"want one of", `got "Naval"`}},
		{"location", []any{"contributions[0].location", "kyiv"}, "contributions[0].location", []string{"want one of frontline second_line rear ukraine_airspace black_sea nato_territory home"}},
		{"activation", []any{"contributions[0].activation", "later"}, "contributions[0].activation", []string{"want one of immediate ceasefire on_trigger"}},
		{"status", []any{"contributions[0].status", "maybe"}, "contributions[0].status", []string{"want one of confirmed pledged conditional declined"}},
		{"trigger", []any{"links[0].trigger", "manual"}, "links[0].trigger", []string{"want one of automatic consultation"}},
		{"term kind", []any{"terms[0].kind", "neutrality"}, "terms[0].kind", []string{"want one of ua_force_cap"}},
		{"stance", []any{"terms[0].stance", "maybe"}, "terms[0].stance", []string{"want one of accept reject negotiable"}},
		{"inject phase", []any{"injects[0].phase", "truce"}, "injects[0].phase", []string{"want one of war ceasefire settlement"}},
		{"enum of wrong type", []any{"red_lines[0].domain", 3.0}, "red_lines[0].domain", []string{"want one of", "got a number"}},

		// wrong types
		{"title a number", []any{"title", 5.0}, "title", []string{"want a string", "a number"}},
		{"red_lines an object", []any{"red_lines", map[string]any{}}, "red_lines", []string{"want a list", "an object"}},
		{"red line a string", []any{"red_lines[1]", "rl-1"}, "red_lines[1]", []string{"want a red line (an object)", "a string"}},
		{"threshold a number", []any{"red_lines[0].threshold", 5.0}, "red_lines[0].threshold", []string{"want a threshold (an object)"}},
		{"severity a string", []any{"red_lines[0].severity", "5"}, "red_lines[0].severity", []string{"want a whole number", "a string"}},
		{"threshold value a string", []any{"red_lines[0].threshold.value", "500"}, "red_lines[0].threshold.value", []string{"want a number", "a string"}},
		{"hours a boolean", []any{"responses[0].hours_to_effect", true}, "responses[0].hours_to_effect", []string{"want a number", "a boolean"}},
		{"participants a string", []any{"responses[0].participants", "FR"}, "responses[0].participants", []string{"want a list", "a string"}},
		{"participant a number", []any{"responses[0].participants", []any{"FR", 1.0}}, "responses[0].participants[1]", []string{"want a string", "a number"}},
		{"uses item a list", []any{"responses[0].uses", []any{[]any{}}}, "responses[0].uses[0]", []string{"want a string", "a list"}},
		{"observations an object", []any{"injects[0].observations", map[string]any{}}, "injects[0].observations", []string{"want a list"}},
		{"observation a number", []any{"injects[0].observations[0]", 1.0}, "injects[0].observations[0]", []string{"want an observation (an object)"}},
		{"personnel a string", []any{"contributions[0].personnel", "8000"}, "contributions[0].personnel", []string{"want a whole number", "a string"}},
		{"term value a string", []any{"terms[0].value", "0"}, "terms[0].value", []string{"want a number", "a string"}},
		{"notes a number", []any{"red_lines[0].notes", 1.0}, "red_lines[0].notes", []string{"want a string"}},

		// integers given fractions
		{"severity 2.5", []any{"red_lines[0].severity", 2.5}, "red_lines[0].severity", []string{"want a whole number", "2.5"}},
		{"personnel 2.5", []any{"contributions[0].personnel", 2.5}, "contributions[0].personnel", []string{"want a whole number", "2.5"}},
		{"months 2.5", []any{"contributions[0].months", 2.5}, "contributions[0].months", []string{"want a whole number", "2.5"}},

		// ranges
		{"severity 0", []any{"red_lines[0].severity", 0.0}, "red_lines[0].severity", []string{"from 1 to 5", "got 0"}},
		{"severity 6", []any{"red_lines[0].severity", 6.0}, "red_lines[0].severity", []string{"from 1 to 5", "got 6"}},
		{"months 0", []any{"contributions[0].months", 0.0}, "contributions[0].months", []string{"≥ 1", "got 0"}},
		{"negative personnel", []any{"contributions[0].personnel", -1.0}, "contributions[0].personnel", []string{"≥ 0", "got -1"}},
		{"negative hours_to_effect", []any{"responses[0].hours_to_effect", -0.5}, "responses[0].hours_to_effect", []string{"≥ 0", "got -0.5"}},
		{"negative at_hours", []any{"injects[0].at_hours", -1.0}, "injects[0].at_hours", []string{"≥ 0", "got -1"}},
		{"negative amount", []any{"contributions[0].amount_eur_m", -3.0}, "contributions[0].amount_eur_m", []string{"≥ 0", "got -3"}},
		{"months beyond 32 bits", []any{"contributions[0].months", json.Number("9223372036854775807")}, "contributions[0].months",
			[]string{"out of range", "from 1 to 2147483647", "got 9223372036854775807"}},
		{"months just beyond 32 bits", []any{"contributions[0].months", json.Number("2147483648")}, "contributions[0].months",
			[]string{"out of range", "from 1 to 2147483647", "got 2147483648"}},
		{"personnel beyond any number", []any{"contributions[0].personnel", json.Number("1e400")}, "contributions[0].personnel",
			[]string{"out of range", "from 0 to 2147483647", "got 1e400"}},
		{"personnel far below 0", []any{"contributions[0].personnel", json.Number("-1e30")}, "contributions[0].personnel",
			[]string{"out of range", "from 0 to 2147483647", "got -1e30"}},
		{"severity beyond any number", []any{"red_lines[0].severity", json.Number("-1e400")}, "red_lines[0].severity",
			[]string{"out of range", "from 1 to 5"}},
		{"severity underflowing to 0", []any{"red_lines[0].severity", json.Number("1e-400")}, "red_lines[0].severity",
			[]string{"want a whole number", "got 1e-400"}},
		{"threshold beyond any number", []any{"red_lines[0].threshold.value", json.Number("1e400")}, "red_lines[0].threshold.value",
			[]string{"out of range", "1e400", "1.7976931348623157e+308"}},
		{"threshold underflowing to 0", []any{"red_lines[0].threshold.value", json.Number("1e-400")}, "red_lines[0].threshold.value",
			[]string{"out of range", "1e-400", "would read as 0", "5e-324"}},
		{"negative observation underflowing to 0", []any{"injects[0].observations[0].value", json.Number("-2.5e-999")}, "injects[0].observations[0].value",
			[]string{"out of range", "-2.5e-999", "would read as 0"}},
		{"hours underflowing to 0", []any{"responses[0].hours_to_effect", json.Number("0.0001e-330")}, "responses[0].hours_to_effect",
			[]string{"out of range", "would read as 0"}},

		// lengths, counted in characters
		{"empty title", []any{"title", ""}, "title", []string{"must not be empty"}},
		{"title 201 characters", []any{"title", cyr(201)}, "title", []string{"at most 200 characters", "got 201"}},
		{"classification 65", []any{"classification", long(65)}, "classification", []string{"at most 64 characters", "got 65"}},

		// control characters in one-line fields
		{"plan title with ESC", []any{"title", "Plan\x1b]2;pwned\x07"}, "title", []string{"character 5", "U+001B (ESC)", "one line"}},
		{"classification with a line break", []any{"classification", "SECRET\nUNCLASSIFIED"}, "classification", []string{"character 7", "U+000A (line feed)"}},
		{"actor name with BEL", []any{"actors[0].name", "Kosovo\a"}, "actors[0].name", []string{"U+0007 (BEL)"}},
		{"indicator name with a tab", []any{"indicators[0].name", "Rail\tsabotage"}, "indicators[0].name", []string{"U+0009 (tab)"}},
		{"indicator unit with DEL", []any{"indicators[0].unit", "per\x7fweek"}, "indicators[0].unit", []string{"U+007F (DEL)"}},
		{"red line title with a C1 CSI", []any{"red_lines[0].title", "Incursion\u009b2J"}, "red_lines[0].title", []string{"U+009B"}},
		{"response title with a carriage return", []any{"responses[0].title", "RRF\rfired"}, "responses[0].title", []string{"U+000D (carriage return)"}},
		{"inject title with NUL", []any{"injects[0].title", "\x00Start"}, "injects[0].title", []string{"character 1", "U+0000 (NUL)"}},

		// ids
		{"id with a space", []any{"red_lines[0].id", "rl 0"}, "red_lines[0].id", []string{"' '", "not allowed"}},
		{"id with a slash", []any{"responses[0].id", "resp/0"}, "responses[0].id", []string{"'/'", "not allowed"}},
		{"id non-ASCII", []any{"contributions[0].id", "c-ж"}, "contributions[0].id", []string{"'ж'", "not allowed"}},
		{"id 65 characters", []any{"terms[0].id", long(65)}, "terms[0].id", []string{"at most 64 characters", "got 65"}},
		{"empty id", []any{"injects[0].id", ""}, "injects[0].id", []string{"must not be empty"}},
		{"link red_line id syntax", []any{"links[0].red_line", "rl 0"}, "links[0].red_line", []string{"not allowed"}},
		{"uses id syntax", []any{"responses[0].uses", []any{"c-0", "c 1"}}, "responses[0].uses[1]", []string{"not allowed"}},
		{"id a number", []any{"red_lines[0].id", 7.0}, "red_lines[0].id", []string{"want a string"}},
		{"plan id not a UUID", []any{"id", "plan-1"}, "id", []string{"UUID", `"plan-1"`}},
		{"plan id UUID without dashes", []any{"id", "0b9d3c1e5a4f4c2e9a712025c0a1f001"}, "id", []string{"UUID"}},
		{"indicator key syntax", []any{"red_lines[0].indicator", "ground incursion"}, "red_lines[0].indicator", []string{"not allowed"}},
		{"observation indicator syntax", []any{"injects[0].observations[0].indicator", ""}, "injects[0].observations[0].indicator", []string{"must not be empty"}},

		// actor codes
		{"actor code lower case", []any{"actors[0].code", "xk"}, "actors[0].code", []string{"2–8 upper-case letters", `"xk"`}},
		{"actor code too short", []any{"actors[0].code", "X"}, "actors[0].code", []string{"2–8 upper-case letters"}},
		{"actor code too long", []any{"actors[0].code", "ABCDEFGHI"}, "actors[0].code", []string{"2–8 upper-case letters"}},
		{"actor code digits", []any{"actors[0].code", "G7"}, "actors[0].code", []string{"2–8 upper-case letters"}},
		{"lead syntax", []any{"responses[0].lead", "gb"}, "responses[0].lead", []string{"2–8 upper-case letters"}},
		{"participant syntax", []any{"responses[0].participants", []any{"FR", "Fr"}}, "responses[0].participants[1]", []string{"2–8 upper-case letters"}},
		{"nation syntax", []any{"contributions[0].nation", "UK!"}, "contributions[0].nation", []string{"2–8 upper-case letters"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := planner.DecodePlan(mutateBase(t, tc.set...))
			fe := asFormatError(t, err)
			wantProblemAt(t, fe, tc.path, tc.words...)
			// Error() names the path.
			if !strings.Contains(err.Error(), tc.path+": ") {
				t.Errorf("Error() %q does not name %q", err.Error(), tc.path)
			}
		})
	}
}

func TestDecodeBoundariesAccepted(t *testing.T) {
	cases := []struct {
		name string
		set  []any
	}{
		{"title 200 Cyrillic characters (400 bytes)", []any{"title", strings.Repeat("ж", 200)}},
		{"title 1 character", []any{"title", "T"}},
		{"classification 64", []any{"classification", strings.Repeat("C", 64)}},
		{"classification 64 Cyrillic", []any{"classification", strings.Repeat("ж", 64)}},
		{"empty classification", []any{"classification", ""}},
		{"id 64 characters", []any{"red_lines[0].id", strings.Repeat("a", 64)}},
		{"id of every allowed character", []any{"red_lines[0].id", "AZaz09._-"}},
		{"id 1 character", []any{"red_lines[0].id", "r"}},
		{"severity 1", []any{"red_lines[0].severity", 1.0}},
		{"severity 5.0", []any{"red_lines[0].severity", 5.0}},
		{"months 1", []any{"contributions[0].months", 1.0}},
		{"personnel 0", []any{"contributions[0].personnel", 0.0}},
		{"hours 0", []any{"responses[0].hours_to_effect", 0.0}},
		{"at_hours fractional", []any{"injects[0].at_hours", 0.5}},
		{"negative threshold", []any{"red_lines[0].threshold.value", -3.0}},
		{"negative observation", []any{"injects[0].observations[0].value", -3.0}},
		{"negative term value", []any{"terms[0].value", -1.0}},
		{"actor code 8 letters", []any{"actors[0].code", "ABCDEFGH"}},
		{"actor code 2 letters", []any{"actors[0].code", "AB"}},
		{"upper-case UUID", []any{"id", "0B9D3C1E-5A4F-4C2E-9A71-2025C0A1F001"}},
		{"no id", []any{"id", deleteKey}},
		{"null optional keys", []any{"classification", nil, "profile", nil, "red_lines[0].notes", nil, "red_lines[0].threshold", nil}},
		{"empty lists", []any{"actors", []any{}, "links", []any{}, "injects", []any{}}},
		{"months the largest whole number", []any{"contributions[0].months", json.Number("2147483647")}},
		{"threshold a zero with an exponent", []any{"red_lines[0].threshold.value", json.Number("0e-400")}},
		{"threshold a negative zero with a fraction", []any{"red_lines[0].threshold.value", json.Number("-0.000e+5")}},
		{"threshold the smallest number", []any{"red_lines[0].threshold.value", json.Number("5e-324")}},
		{"threshold a subnormal number", []any{"red_lines[0].threshold.value", json.Number("1e-310")}},
		{"notes with tabs and line breaks", []any{"red_lines[0].notes", "Line one\n\tindented\r\nline two", "terms[0].notes", "a\tb"}},
		{"titles in other scripts", []any{"title", "План — 計画 — خطة — תוכנית 😀", "red_lines[0].title", "Київ\u00a0→\u200d"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := planner.DecodePlan(mutateBase(t, tc.set...)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDecodeManyProblemsAtOnce(t *testing.T) {
	_, err := planner.DecodePlan(mutateBase(t,
		"red_lines[0].severity", 0.0,
		"red_lines[3].threshold.op", "=>",
		"contributions[0].months", 0.0,
		"links[0].trigger", "auto",
		"terms[0].colour", "red"))
	fe := asFormatError(t, err)
	if len(fe.Problems) != 5 {
		t.Fatalf("want 5 problems, got %d:\n%s", len(fe.Problems), err)
	}
	for _, path := range []string{"red_lines[0].severity", "red_lines[3].threshold.op", "contributions[0].months", "links[0].trigger", "terms[0].colour"} {
		wantProblemAt(t, fe, path)
		if !strings.Contains(err.Error(), path+": ") {
			t.Errorf("Error() does not name %s", path)
		}
	}
	if lines := strings.Count(err.Error(), "\n") + 1; lines != 5 {
		t.Errorf("Error() has %d lines, want one per problem", lines)
	}
}

func TestDecodeProblemCap(t *testing.T) {
	var args []any
	for i := 0; i < 30; i++ {
		args = append(args, "extra_"+strconv.Itoa(100+i), 1.0)
	}
	_, err := planner.DecodePlan(mutateBase(t, args...))
	fe := asFormatError(t, err)
	if len(fe.Problems) != 20 || fe.More != 10 {
		t.Fatalf("got %d problems and %d more, want 20 and 10", len(fe.Problems), fe.More)
	}
	// Unknown keys are reported in key order.
	if fe.Problems[0].Path != "extra_100" || fe.Problems[19].Path != "extra_119" {
		t.Errorf("first/last problem = %q / %q", fe.Problems[0].Path, fe.Problems[19].Path)
	}
	if !strings.HasSuffix(err.Error(), "… and 10 more problems") {
		t.Errorf("Error() does not end with the count of the rest: %q", err.Error())
	}
}

func TestDecodeWrongButWellFormedLoads(t *testing.T) {
	cases := []struct {
		name string
		set  []any
	}{
		{"dangling link", []any{"links[0].red_line", "rl-missing", "links[0].response", "resp-missing"}},
		{"unknown indicator", []any{"red_lines[0].indicator", "moon_landings"}},
		{"unknown observed indicator", []any{"injects[0].observations[0].indicator", "moon_landings"}},
		{"unknown actor", []any{"responses[0].lead", "ZZ", "contributions[0].nation", "QQ"}},
		{"dangling uses", []any{"responses[0].uses", []any{"c-missing"}}},
		{"duplicate id", []any{"red_lines[1].id", "rl-0"}},
		{"unknown profile", []any{"profile", "no-such-profile"}},
		{"US ground troops", []any{"contributions[0].nation", "US", "contributions[0].location", "frontline"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := planner.DecodePlan(mutateBase(t, tc.set...)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDecodeDefaults(t *testing.T) {
	p, err := planner.DecodePlan(mutateBase(t, "classification", deleteKey, "profile", deleteKey, "id", deleteKey))
	if err != nil {
		t.Fatal(err)
	}
	if p.Classification != "UNCLASSIFIED" {
		t.Errorf("classification = %q", p.Classification)
	}
	if p.Profile != "coalition-2025" {
		t.Errorf("profile = %q", p.Profile)
	}
	if p.ID != "" {
		t.Errorf("id = %q, want it left for the importer", p.ID)
	}
}

func TestDecodeReferencePlan(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != seeds.ReferencePlanTitle || p.Phase != planner.PhaseCeasefire || len(p.RedLines) == 0 || len(p.Injects) == 0 {
		t.Fatalf("reference plan = %q %q, %d red lines, %d injects", p.Title, p.Phase, len(p.RedLines), len(p.Injects))
	}
}

// spaceReader yields n bytes of JSON white space without holding them, and
// counts what it gave out.
type spaceReader struct{ n, read int64 }

func (r *spaceReader) Read(b []byte) (int, error) {
	if r.read >= r.n {
		return 0, io.EOF
	}
	k := int64(len(b))
	if rest := r.n - r.read; k > rest {
		k = rest
	}
	for i := range b[:k] {
		b[i] = ' '
	}
	r.read += k
	return int(k), nil
}

func TestReadAllLimited(t *testing.T) {
	data, err := planner.ReadAllLimited(strings.NewReader(loaderBaseJSON))
	if err != nil || string(data) != loaderBaseJSON {
		t.Fatalf("small input: %v", err)
	}
	if testing.Short() {
		t.Skip("reads 64 MiB")
	}
	r := &spaceReader{n: planner.MaxInputSize + 1 + 4096}
	data, err = planner.ReadAllLimited(r)
	if !errors.Is(err, planner.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if data != nil {
		t.Errorf("returned %d bytes with the error", len(data))
	}
	if r.read > planner.MaxInputSize+1 {
		t.Errorf("read %d bytes; want it to stop after MaxInputSize+1", r.read)
	}
	if !strings.Contains(err.Error(), "64 MiB") {
		t.Errorf("message %q does not give the limit", err)
	}
}

func TestReadAllLimitedExactlyMax(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB")
	}
	data, err := planner.ReadAllLimited(&spaceReader{n: planner.MaxInputSize})
	if err != nil || len(data) != planner.MaxInputSize {
		t.Fatalf("MaxInputSize bytes: %d bytes, %v", len(data), err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "plan.redline.json")
	if err := os.WriteFile(name, []byte(loaderBaseJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := planner.ReadFile(name)
	if err != nil || string(data) != loaderBaseJSON {
		t.Fatalf("ReadFile: %v", err)
	}
	if _, err := planner.ReadFile(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}

	// A sparse file one byte over the limit is refused from its size,
	// before anything is read.
	big := filepath.Join(dir, "big.redline.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(planner.MaxInputSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = planner.ReadFile(big)
	if !errors.Is(err, planner.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	// The message gives the file's size from stat, which the reading path
	// cannot know, and names the file.
	if !strings.Contains(err.Error(), "64.0 MiB") || !strings.Contains(err.Error(), big) {
		t.Errorf("message %q", err)
	}
}

func TestDecodeProblemCapOneMore(t *testing.T) {
	var args []any
	for i := 0; i < 21; i++ {
		args = append(args, "extra_"+strconv.Itoa(100+i), 1.0)
	}
	_, err := planner.DecodePlan(mutateBase(t, args...))
	fe := asFormatError(t, err)
	if fe.More != 1 || !strings.HasSuffix(err.Error(), "… and 1 more problem") {
		t.Errorf("More = %d, Error() ends %q", fe.More, err.Error()[len(err.Error())-30:])
	}
}

func TestValidators(t *testing.T) {
	for s, want := range map[string]bool{"rl-1": true, "A.b_c-9": true, strings.Repeat("x", 64): true, "": false,
		strings.Repeat("x", 65): false, "a b": false, "ж": false, "a/b": false} {
		if planner.ValidID(s) != want {
			t.Errorf("ValidID(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"GB": true, "NATO": true, "ABCDEFGH": true, "G": false, "ABCDEFGHI": false,
		"gb": false, "G7": false, "": false, "ÄÖ": false} {
		if planner.ValidActorCode(s) != want {
			t.Errorf("ValidActorCode(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"0b9d3c1e-5a4f-4c2e-9a71-2025c0a1f001": true, "0b9d3c1e5a4f4c2e9a712025c0a1f001": false,
		"{0b9d3c1e-5a4f-4c2e-9a71-2025c0a1f001}": false, "urn:uuid:0b9d3c1e-5a4f-4c2e-9a71-2025c0a1f001": false,
		"0b9d3c1e-5a4f-4c2e-9a71-2025c0a1f00g": false, "": false} {
		if planner.ValidUUID(s) != want {
			t.Errorf("ValidUUID(%q) = %v", s, !want)
		}
	}
	if a, b := planner.NewPlanID(), planner.NewPlanID(); !planner.ValidUUID(a) || a == b {
		t.Errorf("NewPlanID gave %q, %q", a, b)
	}
}

func TestDecodePlanSkipsALeadingByteOrderMark(t *testing.T) {
	p, err := planner.DecodePlan(append([]byte("\ufeff"), seeds.ReferencePlanJSON()...))
	if err != nil {
		t.Fatalf("a UTF-8 file saved with a byte order mark is refused: %v", err)
	}
	if p.Title != seeds.ReferencePlanTitle {
		t.Errorf("title %q", p.Title)
	}
}

func TestDecodeNegativeZeroIsZero(t *testing.T) {
	p, err := planner.DecodePlan([]byte(`{"format":"redline-plan/v1","title":"t","phase":"war",
		"red_lines":[{"id":"r","title":"t","domain":"land","indicator":"strikes_cities","threshold":{"op":">","value":-0.0},"severity":1}]}`))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := planner.Encode(p)
	if !strings.Contains(string(out), `"value": 0`) || strings.Contains(string(out), "-0") {
		t.Errorf("-0 is not written as 0:\n%s", out)
	}
}

// TestDecodeClipsLongValuesInMessages: a value quoted in a message is cut
// after 40 characters, so that a pasted page does not fill the terminal.
func TestDecodeClipsLongValuesInMessages(t *testing.T) {
	digits := strings.Repeat("7", 5000)
	cases := []struct {
		name  string
		set   []any
		path  string
		quote string // what the message quotes
	}{
		{"a 5,000-digit whole number", []any{"contributions[0].months", json.Number(digits)}, "contributions[0].months", strings.Repeat("7", 40) + "…"},
		{"a 5,000-digit number", []any{"red_lines[0].threshold.value", json.Number(digits)}, "red_lines[0].threshold.value", strings.Repeat("7", 40) + "…"},
		{"a 5,000-digit fraction", []any{"red_lines[0].severity", json.Number("1." + digits)}, "red_lines[0].severity", "1." + strings.Repeat("7", 38) + "…"},
		{"a 5,000-digit negative number", []any{"injects[0].at_hours", json.Number("-" + digits)}, "injects[0].at_hours", "-" + strings.Repeat("7", 39) + "…"},
		{"a 5,000-character enum value", []any{"phase", strings.Repeat("w", 5000)}, "phase", `"` + strings.Repeat("w", 40) + `…"`},
		{"a 5,000-character actor code", []any{"responses[0].lead", strings.Repeat("G", 5000)}, "responses[0].lead", `"` + strings.Repeat("G", 40) + `…"`},
		{"a 5,000-character format", []any{"format", strings.Repeat("f", 5000)}, "format", `"` + strings.Repeat("f", 40) + `…"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := planner.DecodePlan(mutateBase(t, tc.set...))
			fe := asFormatError(t, err)
			p := wantProblemAt(t, fe, tc.path, tc.quote)
			if len(p.Message) > 300 {
				t.Errorf("message of %d bytes: %s", len(p.Message), p.Message)
			}
		})
	}
}
