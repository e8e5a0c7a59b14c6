package planner_test

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"runtime"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// encodingJSON is `exercise --format json` as encoding/json writes it.
func encodingJSON(t testing.TB, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func streamedJSON(t testing.TB, p *planner.Plan, ds ...planner.RunDecision) []byte {
	t.Helper()
	e, err := planner.NewExerciseWith(p, seeds.Catalog(), planner.ExerciseOptions{Decisions: ds, Stream: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := e.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestExerciseStreamedJSONIsEncodingJSONs: the streamed output is byte for
// byte what encoding/json writes for the run's result.
func TestExerciseStreamedJSONIsEncodingJSONs(t *testing.T) {
	ref, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	gen := planner.Generate(planner.GenSpec{RedLines: 40, Responses: 30, Contributions: 50, Links: 150, Injects: 300, Seed: 5})
	odd := branchPlan(crossA("a", 1e-7), crossB("b", 1e21, planner.PhaseWar), probe(1.5e300, onRL("rl-b")))
	odd.Title = "Quotes \" \\ <tags> & \u2028\u2029 \x01\x1f\x7f \t\n\r\b\f — Київ 東京 \xff\xfe end"
	odd.Injects[0].ID = "a.b_c-d"
	odd.Responses[0].HoursToEffect = math.MaxFloat64
	odd.Responses[1].HoursToEffect = 0.1
	skippedOnly := branchPlan(probe(0, onRL("rl-a")), probe(1, onRL("rl-b")))
	cases := []struct {
		name      string
		plan      *planner.Plan
		decisions []planner.RunDecision
	}{
		{"the reference plan", ref, nil},
		{"the reference plan with decisions", ref, []planner.RunDecision{dec("inj-02", "rl-ceasefire-violations", "resp-snapback", planner.Approved)}},
		{"a generated branching script", gen, nil},
		{"odd text and numbers", odd, nil},
		{"no injects", exPlan(planner.PhaseWar), nil},
		{"only skipped injects", skippedOnly, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := streamedJSON(t, tc.plan, tc.decisions...)
			want := encodingJSON(t, exRunWith(t, tc.plan, tc.decisions...))
			if !bytes.Equal(got, want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Errorf("streamed JSON differs at byte %d:\n got …%q\nwant …%q", i, got[max(0, i-60):min(len(got), i+60)], want[max(0, i-60):min(len(want), i+60)])
			}
		})
	}
}

// TestExerciseStreamedJSONMemoryIsFlat: writing a run with four times the
// outcomes allocates no more.
func TestExerciseStreamedJSONMemoryIsFlat(t *testing.T) {
	// One red line with 200 links, crossed at every other inject.
	plan := func(injects int) *planner.Plan {
		p := exPlan(planner.PhaseCeasefire)
		p.RedLines = []planner.RedLine{exRedLine("rl", indGround, planner.OpGE, 500)}
		for i := 0; i < 200; i++ {
			id := "r" + string(rune('a'+i%26)) + string(rune('a'+i/26))
			p.Responses = append(p.Responses, exResponse(id, 1))
			tr := planner.TriggerAutomatic
			if i%2 == 1 {
				tr = planner.TriggerConsultation
			}
			p.Links = append(p.Links, exLink("rl", id, tr))
		}
		for i := 0; i < injects; i++ {
			p.Injects = append(p.Injects, exInject("i"+string(rune('a'+i%26))+itoa(i), float64(i), "", indGround, float64(600*(1-i%2))))
		}
		return p
	}
	allocs := func(p *planner.Plan) (uint64, int) {
		e, err := planner.NewExerciseWith(p, seeds.Catalog(), planner.ExerciseOptions{Stream: true})
		if err != nil {
			t.Fatal(err)
		}
		var cw countingWriter
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if err := e.WriteJSON(&cw); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, cw.n
	}
	small, smallOut := allocs(plan(200))
	large, largeOut := allocs(plan(800))
	if largeOut < 3*smallOut {
		t.Fatalf("outputs of %d and %d bytes: the larger run should have four times the outcomes", smallOut, largeOut)
	}
	t.Logf("%d bytes out, %d allocated; %d out, %d allocated", smallOut, small, largeOut, large)
	if large > small+16<<10 {
		t.Errorf("writing %d bytes allocated %d bytes; writing %d allocated %d: memory grows with the outcomes", smallOut, small, largeOut, large)
	}
}

type countingWriter struct{ n int }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// TestExerciseStreamedJSONWriteError: a failing writer stops the run with
// its error.
func TestExerciseStreamedJSONWriteError(t *testing.T) {
	p := planner.Generate(planner.GenSpec{RedLines: 40, Responses: 30, Contributions: 50, Links: 150, Injects: 2000, Seed: 5})
	e, err := planner.NewExerciseWith(p, seeds.Catalog(), planner.ExerciseOptions{Stream: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.WriteJSON(failingWriter{}); err != io.ErrClosedPipe {
		t.Errorf("err = %v, want the writer's", err)
	}
	if e.Pos() == e.Len() {
		t.Error("the run went on after the writer failed")
	}
	if err := e.WriteJSON(io.Discard); err == nil {
		t.Error("WriteJSON of a run under way")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }
