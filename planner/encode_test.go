package planner_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// canonical decodes and encodes data, failing the test on error.
func canonicalOf(t testing.TB, data []byte) []byte {
	t.Helper()
	p, err := planner.DecodePlan(data)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	out, err := planner.Encode(p)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return out
}

// assertCanonicalFixedPoint checks that canonical form is a fixed point of
// decode+encode and returns it.
func assertCanonicalFixedPoint(t testing.TB, data []byte) []byte {
	t.Helper()
	once := canonicalOf(t, data)
	twice := canonicalOf(t, once)
	if !bytes.Equal(once, twice) {
		t.Fatalf("canonical form is not a fixed point:\n--- once\n%s\n--- twice\n%s", once, twice)
	}
	return once
}

func TestEncodeReferencePlanIsCanonical(t *testing.T) {
	file := seeds.ReferencePlanJSON()
	out := canonicalOf(t, file)
	if !bytes.Equal(out, file) {
		t.Fatalf("the embedded reference plan is not in canonical form; Encode gives:\n%s", byteDiff(out, file))
	}
}

func byteDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return "at byte " + strconv.Itoa(i) + ":\n--- got\n" + string(a[lo:min(len(a), i+80)]) + "\n--- want\n" + string(b[lo:min(len(b), i+80)])
}

func TestEncodeGolden(t *testing.T) {
	// Keys in scrambled order, defaults absent, empty optionals present,
	// characters that HTML escaping would touch.
	in := `{"injects":[{"phase":"war","observations":[{"value":600,"indicator":"loc_ground_incursion"}],"title":"Start <T+0>","at_hours":0,"id":"inj-0"}],` +
		`"terms":[{"value":0,"stance":"reject","kind":"ua_force_cap","id":"t-0"},{"notes":"","stance":"accept","kind":"sanctions_relief","id":"t-1"}],` +
		`"links":[{"trigger":"automatic","response":"resp-0","red_line":"rl-0"}],` +
		`"contributions":[{"status":"pledged","activation":"ceasefire","location":"second_line","amount_eur_m":0,"personnel":0,"capability":"rapid_reaction","nation":"GB","id":"c-0","months":24},` +
		`{"status":"confirmed","activation":"immediate","location":"home","capability":"funding","nation":"DE","id":"c-1","amount_eur_m":1.5}],` +
		`"responses":[{"uses":["c-0"],"capabilities":[],"requires":["ceasefire"],"hours_to_effect":48,"participants":[],"lead":"GB","mechanism":"denial","kind":"military","title":"R & R","id":"resp-0"}],` +
		`"red_lines":[{"notes":"","severity":5,"threshold":{"value":500,"op":">="},"indicator":"loc_ground_incursion","domain":"land","title":"A > B","id":"rl-0"},` +
		`{"severity":1,"domain":"political","title":"Draft","id":"rl-1","threshold":null}],` +
		`"indicators":[{"unit":"u","name":"N","key":"k"}],"actors":[{"kind":"state","name":"Kosovo","code":"XK"}],` +
		`"phase":"ceasefire","title":"T","format":"redline-plan/v1"}`
	want := `{
  "format": "redline-plan/v1",
  "title": "T",
  "classification": "UNCLASSIFIED",
  "phase": "ceasefire",
  "profile": "coalition-2025",
  "actors": [
    {
      "code": "XK",
      "name": "Kosovo",
      "kind": "state"
    }
  ],
  "indicators": [
    {
      "key": "k",
      "name": "N",
      "unit": "u"
    }
  ],
  "red_lines": [
    {
      "id": "rl-0",
      "title": "A > B",
      "domain": "land",
      "indicator": "loc_ground_incursion",
      "threshold": {
        "op": ">=",
        "value": 500
      },
      "severity": 5
    },
    {
      "id": "rl-1",
      "title": "Draft",
      "domain": "political",
      "severity": 1
    }
  ],
  "responses": [
    {
      "id": "resp-0",
      "title": "R & R",
      "kind": "military",
      "mechanism": "denial",
      "lead": "GB",
      "hours_to_effect": 48,
      "requires": [
        "ceasefire"
      ],
      "uses": [
        "c-0"
      ]
    }
  ],
  "contributions": [
    {
      "id": "c-0",
      "nation": "GB",
      "capability": "rapid_reaction",
      "location": "second_line",
      "activation": "ceasefire",
      "status": "pledged",
      "months": 24
    },
    {
      "id": "c-1",
      "nation": "DE",
      "capability": "funding",
      "amount_eur_m": 1.5,
      "location": "home",
      "activation": "immediate",
      "status": "confirmed"
    }
  ],
  "links": [
    {
      "red_line": "rl-0",
      "response": "resp-0",
      "trigger": "automatic"
    }
  ],
  "terms": [
    {
      "id": "t-0",
      "kind": "ua_force_cap",
      "stance": "reject",
      "value": 0
    },
    {
      "id": "t-1",
      "kind": "sanctions_relief",
      "stance": "accept"
    }
  ],
  "injects": [
    {
      "id": "inj-0",
      "at_hours": 0,
      "title": "Start <T+0>",
      "observations": [
        {
          "indicator": "loc_ground_incursion",
          "value": 600
        }
      ],
      "phase": "war"
    }
  ]
}
`
	got := assertCanonicalFixedPoint(t, []byte(in))
	if string(got) != want {
		t.Fatalf("canonical form differs:\n%s", byteDiff(got, []byte(want)))
	}
}

func TestEncodeFullKeyOrder(t *testing.T) {
	// Every key of every table present: the order in the output is the
	// order of the specification's tables.
	out := canonicalOf(t, []byte(loaderBaseJSON))
	order := map[string][]string{
		"plan":         {"format", "id", "title", "classification", "phase", "profile", "actors", "indicators", "red_lines", "responses", "contributions", "links", "terms", "injects"},
		"actor":        {"code", "name", "kind"},
		"indicator":    {"key", "name", "unit"},
		"red line":     {"id", "title", "domain", "indicator", "threshold", "severity", "notes"},
		"threshold":    {"op", "value"},
		"response":     {"id", "title", "kind", "mechanism", "lead", "participants", "hours_to_effect", "requires", "capabilities", "uses"},
		"contribution": {"id", "nation", "capability", "personnel", "amount_eur_m", "location", "activation", "status", "months"},
		"link":         {"red_line", "response", "trigger"},
		"term":         {"id", "kind", "stance", "value", "notes"},
		"inject":       {"id", "at_hours", "title", "observations", "phase"},
		"observation":  {"indicator", "value"},
	}
	got := jsonKeyOrders(t, out)
	for what, keys := range order {
		if !hasKeyOrder(got, keys) {
			t.Errorf("%s keys not written in order %v; objects seen: %v", what, keys, got)
		}
	}
}

// jsonKeyOrders lists the keys of every object in the document, in the
// order they appear.
func jsonKeyOrders(t testing.TB, data []byte) [][]string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	var out [][]string
	var walk func() []string
	walk = func() []string {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		switch tok {
		case json.Delim('{'):
			var keys []string
			for dec.More() {
				k, _ := dec.Token()
				keys = append(keys, k.(string))
				walk()
			}
			dec.Token()
			out = append(out, keys)
			return keys
		case json.Delim('['):
			for dec.More() {
				walk()
			}
			dec.Token()
		}
		return nil
	}
	walk()
	return out
}

func hasKeyOrder(all [][]string, keys []string) bool {
	for _, k := range all {
		if reflect.DeepEqual(k, keys) {
			return true
		}
	}
	return false
}

func TestEncodeFormatting(t *testing.T) {
	out := canonicalOf(t, mutateBase(t, "title", `Force <& "guarantees"> — <b>`))
	if !bytes.HasSuffix(out, []byte("}\n")) || bytes.HasSuffix(out, []byte("\n\n")) {
		t.Errorf("want exactly one trailing newline")
	}
	if !bytes.HasPrefix(out, []byte("{\n  \"format\": \"redline-plan/v1\",\n  \"id\": ")) {
		t.Errorf("want a two-space indent; got %q", out[:40])
	}
	if !bytes.Contains(out, []byte(`"title": "Force <& \"guarantees\"> — <b>",`)) {
		t.Errorf("< > & are escaped or the title is wrong:\n%s", out)
	}
	for _, esc := range []string{`\u003c`, `\u003e`, `\u0026`, "\t"} {
		if bytes.Contains(out, []byte(esc)) {
			t.Errorf("output contains %q", esc)
		}
	}
	for _, line := range strings.Split(string(out), "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if (len(line)-len(trimmed))%2 != 0 {
			t.Errorf("odd indent: %q", line)
		}
		if strings.HasSuffix(line, " ") {
			t.Errorf("trailing space: %q", line)
		}
	}
}

func TestEncodeOptionalFields(t *testing.T) {
	t.Run("absent when empty", func(t *testing.T) {
		out := string(canonicalOf(t, mutateBase(t,
			"id", deleteKey,
			"actors", []any{}, "indicators", nil,
			"red_lines[0].notes", "", "red_lines[0].indicator", deleteKey, "red_lines[0].threshold", deleteKey,
			"responses[0].participants", []any{}, "responses[0].requires", []any{}, "responses[0].capabilities", nil, "responses[0].uses", []any{},
			"contributions[0].personnel", 0.0, "contributions[0].amount_eur_m", 0.0, "contributions[0].months", deleteKey,
			"terms[0].value", deleteKey, "terms[0].notes", "",
			"injects[0].observations", []any{}, "injects[0].phase", deleteKey)))
		for _, key := range []string{`"id": "0b9d`, `"actors"`, `"indicators"`, `"notes"`, `"participants"`, `"requires"`,
			`"capabilities"`, `"uses"`, `"personnel"`, `"amount_eur_m"`, `"months"`, `"value": 600000`, `"observations"`, `"phase": "war"`} {
			if strings.Contains(out, key) {
				t.Errorf("output holds %s:\n%s", key, out)
			}
		}
		n := 0
		for _, keys := range jsonKeyOrders(t, []byte(out)) {
			if reflect.DeepEqual(keys, []string{"id", "title", "domain", "severity"}) {
				n++
			}
		}
		if n != 2 { // red_lines[0], now a draft, and red_lines[2]
			t.Errorf("want two red lines without indicator, threshold and notes, got %d", n)
		}
		// Required zeros stay.
		for _, key := range []string{`"at_hours": 0`} {
			if !strings.Contains(out, key) {
				t.Errorf("output lacks %s", key)
			}
		}
	})
	t.Run("empty lists", func(t *testing.T) {
		out := string(canonicalOf(t, []byte(`{"format":"redline-plan/v1","title":"T","phase":"war","red_lines":[],"responses":[],"contributions":[],"links":[],"terms":[],"injects":[]}`)))
		want := "{\n  \"format\": \"redline-plan/v1\",\n  \"title\": \"T\",\n  \"classification\": \"UNCLASSIFIED\",\n  \"phase\": \"war\",\n  \"profile\": \"coalition-2025\"\n}\n"
		if out != want {
			t.Errorf("got\n%s\nwant\n%s", out, want)
		}
	})
	t.Run("zero values that mean something stay", func(t *testing.T) {
		out := string(canonicalOf(t, mutateBase(t,
			"terms[0].value", 0.0,
			"responses[0].hours_to_effect", 0.0,
			"red_lines[0].threshold.value", 0.0,
			"injects[0].observations[0].value", 0.0)))
		for _, key := range []string{`"value": 0`, `"hours_to_effect": 0`, "\"op\": \">=\",\n        \"value\": 0\n"} {
			if !strings.Contains(out, key) {
				t.Errorf("output lacks %q", key)
			}
		}
		p, _ := planner.DecodePlan([]byte(out))
		if v := p.Terms[0].Value; v == nil || *v != 0 {
			t.Errorf("term value 0 became %v", v)
		}
	})
	t.Run("months present and absent", func(t *testing.T) {
		with := string(canonicalOf(t, mutateBase(t, "contributions[0].months", 1.0)))
		if !strings.Contains(with, `"months": 1`) {
			t.Errorf("months 1 dropped")
		}
		without := canonicalOf(t, mutateBase(t, "contributions[0].months", deleteKey))
		p, _ := planner.DecodePlan(without)
		if p.Contributions[0].Months != nil {
			t.Errorf("absent months became %d", *p.Contributions[0].Months)
		}
	})
	t.Run("explicit defaults are written", func(t *testing.T) {
		out := string(canonicalOf(t, mutateBase(t, "classification", "", "profile", deleteKey)))
		if !strings.Contains(out, `"classification": "UNCLASSIFIED",`) || !strings.Contains(out, `"profile": "coalition-2025",`) {
			t.Errorf("defaults not filled:\n%s", out)
		}
	})
}

func TestEncodeFixedPointOddInput(t *testing.T) {
	cases := []struct {
		name string
		set  []any
		raw  string // replaces the whole input when set
		want []string
	}{
		{name: "exponent", raw: strings.Replace(loaderBaseJSON, `"value": 500 }`, `"value": 5E2 }`, 1), want: []string{`"value": 500`}},
		{name: "trailing zeros", raw: strings.Replace(loaderBaseJSON, `"amount_eur_m": 1.5`, `"amount_eur_m": 1.500`, 1), want: []string{`"amount_eur_m": 1.5,`}},
		{name: "integer as float", raw: strings.Replace(loaderBaseJSON, `"severity": 5`, `"severity": 5.0`, 1), want: []string{`"severity": 5,`}},
		{name: "huge number", set: []any{"red_lines[0].threshold.value", 1e21}, want: []string{`"value": 1e+21`}},
		{name: "tiny number", set: []any{"injects[0].observations[0].value", 5e-324}, want: []string{`"value": 5e-324`}},
		{name: "negative zero is zero", raw: strings.Replace(loaderBaseJSON, `"value": 600000`, `"value": -0`, 1), want: []string{`"value": 0`}}, // -0 means 0
		{name: "escaped HTML", raw: strings.Replace(loaderBaseJSON, `"Test plan"`, `"\u003cplan\u003e \u0026"`, 1), want: []string{`"title": "<plan> &"`}},
		{name: "line separator", set: []any{"title", "a\u2028b"}, want: []string{`"title": "a\u2028b"`}},
		{name: "control character", set: []any{"red_lines[0].notes", "a\tb\x01"}, want: []string{`"notes": "a\tb\u0001"`}},
		{name: "lone surrogate", raw: strings.Replace(loaderBaseJSON, `"Test plan"`, `"\ud800"`, 1), want: []string{"\"title\": \"\uFFFD\""}},
		{name: "non-ASCII", set: []any{"title", "Гарантії безпеки — 2025"}, want: []string{`"title": "Гарантії безпеки — 2025"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.raw)
			if tc.raw == "" {
				in = mutateBase(t, tc.set...)
			}
			out := string(assertCanonicalFixedPoint(t, in))
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %s", w)
				}
			}
		})
	}
}

func TestEncodeGeneratedRoundTrip(t *testing.T) {
	for _, s := range []planner.GenSpec{
		{},
		{RedLines: 3, Responses: 2, Contributions: 4, Links: 5, Injects: 6, Seed: 1},
		{RedLines: 25, Responses: 30, Contributions: 60, Links: 90, Injects: 80, Seed: 7},
	} {
		p := planner.Generate(s)
		out, err := planner.Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		again := assertCanonicalFixedPoint(t, out)
		if !bytes.Equal(out, again) {
			t.Fatalf("spec %+v: Encode(Decode(Encode(p))) differs from Encode(p)", s)
		}
		q, err := planner.DecodePlan(out)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p, q) {
			t.Errorf("spec %+v: decoded plan differs from the generated one", s)
		}
	}
}

func TestEncodeReferencePlanStructRoundTrip(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	out, err := planner.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := planner.DecodePlan(out)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, q) {
		t.Error("reference plan changes through Encode and DecodePlan")
	}
}

func TestEncodeLeavesPlanAlone(t *testing.T) {
	p := &planner.Plan{Format: planner.PlanFormat, Title: "T", Phase: planner.PhaseWar}
	out, err := planner.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if p.Classification != "" || p.Profile != "" {
		t.Errorf("Encode changed its argument: %+v", p)
	}
	if !bytes.Contains(out, []byte(`"classification": "UNCLASSIFIED"`)) {
		t.Errorf("defaults not written:\n%s", out)
	}
	// A plan built in memory without a format still writes one.
	out, err = planner.Encode(&planner.Plan{Title: "T", Phase: planner.PhaseWar})
	if err != nil || !bytes.HasPrefix(out, []byte("{\n  \"format\": \"redline-plan/v1\",")) {
		t.Errorf("format not filled: %s %v", out, err)
	}
}
