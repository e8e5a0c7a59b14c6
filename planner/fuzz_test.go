package planner_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// fuzzSeeds are added to both fuzz targets besides the committed corpus in
// testdata/fuzz.
func fuzzSeeds(f *testing.F) {
	f.Add(seeds.ReferencePlanJSON())
	f.Add([]byte(loaderBaseJSON))
	f.Add([]byte(`{"format":"redline-plan/v1","title":"T","phase":"war"}`))
	f.Add(mutateBase(f, "red_lines[3].threshold.op", "=>"))
	f.Add([]byte(`{"format":"redline-plan/v1","title":"","phase":"peace","red_lines":[{"severity":2.5}]}`))
	// Provenance and a branching script, every new key present.
	f.Add(provenanceJSON(f))
	// Times at the edge of float64: the effect time must not overflow.
	f.Add([]byte(`{"format":"redline-plan/v1","title":"T","phase":"war",` +
		`"red_lines":[{"id":"r","title":"r","domain":"land","indicator":"strikes_cities","threshold":{"op":">","value":-1e308},"severity":1}],` +
		`"responses":[{"id":"x","title":"x","kind":"cyber","mechanism":"denial","lead":"GB","hours_to_effect":1.7e308}],` +
		`"links":[{"red_line":"r","response":"x","trigger":"automatic"}],` +
		`"injects":[{"id":"i","at_hours":1.7e308,"title":"i","observations":[{"indicator":"strikes_cities","value":0}]}]}`))
}

// FuzzDecodePlan: the loader never panics, and every failure is a
// *planner.FormatError with at least one problem.
func FuzzDecodePlan(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := planner.DecodePlan(data)
		if err == nil {
			if p == nil {
				t.Fatal("nil plan without an error")
			}
			return
		}
		if p != nil {
			t.Error("a plan with an error")
		}
		var fe *planner.FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("error %T is not a *planner.FormatError: %v", err, err)
		}
		if len(fe.Problems) == 0 {
			t.Fatal("FormatError without problems")
		}
		if err.Error() == "" {
			t.Fatal("empty message")
		}
	})
}

// FuzzLoadCheckWrite: whatever loads can be checked, exercised and written
// without a panic, and the canonical form is a fixed point.
func FuzzLoadCheckWrite(f *testing.F) {
	fuzzSeeds(f)
	cat, prof := seeds.Catalog(), seeds.DefaultProfile()
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := planner.DecodePlan(data)
		if err != nil {
			return
		}
		if _, err := json.Marshal(planner.Check(p, cat, prof)); err != nil {
			t.Errorf("findings do not marshal: %v", err)
		}
		if res, err := planner.RunExercise(p, cat); err == nil {
			if res.Summary.Injects != len(p.Injects) {
				t.Errorf("exercise ran %d of %d injects", res.Summary.Injects, len(p.Injects))
			}
			// What redlinectl exercise --format json prints.
			if _, err := json.Marshal(res); err != nil {
				t.Errorf("exercise result does not marshal: %v", err)
			}
		}
		once, err := planner.Encode(p)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		if want := referenceEncode(t, p); !bytes.Equal(once, want) {
			t.Fatalf("the writer differs from encoding/json:\n--- writer\n%s\n--- encoding/json\n%s", once, want)
		}
		q, err := planner.DecodePlan(once)
		if err != nil {
			t.Fatalf("canonical output does not load: %v\n%s", err, once)
		}
		twice, err := planner.Encode(q)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		if !bytes.Equal(once, twice) {
			t.Fatalf("canonical form is not a fixed point:\n--- once\n%s\n--- twice\n%s", once, twice)
		}
	})
}

// TestFuzzCorpus keeps the committed seed corpus honest: entries named
// bad-* are refused, the others load.
func TestFuzzCorpus(t *testing.T) {
	for _, target := range []string{"FuzzDecodePlan", "FuzzLoadCheckWrite"} {
		dir := filepath.Join("testdata", "fuzz", target)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) < 10 {
			t.Errorf("%s: only %d corpus entries", target, len(entries))
		}
		for _, e := range entries {
			raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			body, ok := strings.CutPrefix(string(raw), "go test fuzz v1\n[]byte(")
			body, ok2 := strings.CutSuffix(body, ")\n")
			if !ok || !ok2 {
				t.Fatalf("%s/%s is not a corpus file", target, e.Name())
			}
			data, err := strconv.Unquote(body)
			if err != nil {
				t.Fatalf("%s/%s: %v", target, e.Name(), err)
			}
			_, err = planner.DecodePlan([]byte(data))
			if bad := strings.HasPrefix(e.Name(), "bad-"); bad != (err != nil) {
				t.Errorf("%s/%s: DecodePlan error = %v", target, e.Name(), err)
			}
		}
	}
}
