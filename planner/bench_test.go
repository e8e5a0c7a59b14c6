package planner_test

import (
	"encoding/json"
	"io"
	"sync"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// The benchmark plans: the large plan of the issue (1,000 red lines, 2,000
// responses, 5,000 contributions, 10,000 links, 10,000 injects) and four
// times that, to show that each operation grows linearly. Each is made when
// first needed, so that measuring the small one does not carry the large
// one's heap.
var benchPlans = map[string]func() []byte{
	"x1": sync.OnceValue(func() []byte { return generate(1) }),
	"x4": sync.OnceValue(func() []byte { return generate(4) }),
}

func generate(k float64) []byte {
	data, err := planner.Encode(planner.Generate(planner.LargePlan.Scaled(k)))
	if err != nil {
		panic(err)
	}
	return data
}

func forEachSize(b *testing.B, f func(b *testing.B, data []byte)) {
	for _, size := range []string{"x1", "x4"} {
		b.Run(size, func(b *testing.B) {
			data := benchPlans[size]()
			b.SetBytes(int64(len(data)))
			f(b, data)
		})
	}
}

func mustDecode(b *testing.B, data []byte) *planner.Plan {
	p, err := planner.DecodePlan(data)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func BenchmarkDecode(b *testing.B) {
	forEachSize(b, func(b *testing.B, data []byte) {
		for b.Loop() {
			mustDecode(b, data)
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	cat, prof := seeds.Catalog(), seeds.DefaultProfile()
	forEachSize(b, func(b *testing.B, data []byte) {
		p := mustDecode(b, data)
		for b.Loop() {
			planner.Check(p, cat, prof)
		}
	})
}

func BenchmarkExercise(b *testing.B) {
	cat := seeds.Catalog()
	forEachSize(b, func(b *testing.B, data []byte) {
		p := mustDecode(b, data)
		for b.Loop() {
			if _, err := planner.RunExercise(p, cat); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	forEachSize(b, func(b *testing.B, data []byte) {
		p := mustDecode(b, data)
		for b.Loop() {
			if _, err := planner.Encode(p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkExerciseJSON compares `exercise --format json` (the engine
// playing the script and writing as it goes) with encoding/json writing the
// same output from the result played beforehand, and with both steps of
// that way (playing the whole result into memory, then encoding it).
func BenchmarkExerciseJSON(b *testing.B) {
	cat := seeds.Catalog()
	forEachSize(b, func(b *testing.B, data []byte) {
		p := mustDecode(b, data)
		b.Run("stream", func(b *testing.B) {
			for b.Loop() {
				e, err := planner.NewExerciseWith(p, cat, planner.ExerciseOptions{Stream: true})
				if err != nil {
					b.Fatal(err)
				}
				if err := e.WriteJSON(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
		res, err := planner.RunExercise(p, cat)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("encoding-json", func(b *testing.B) {
			for b.Loop() {
				encodeJSON(b, io.Discard, res)
			}
		})
		res = nil
		b.Run("run+encoding-json", func(b *testing.B) {
			for b.Loop() {
				res, err := planner.RunExercise(p, cat)
				if err != nil {
					b.Fatal(err)
				}
				encodeJSON(b, io.Discard, res)
			}
		})
	})
}

func encodeJSON(b *testing.B, w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		b.Fatal(err)
	}
}

// largeRun is the large plan's exercise played to the end, and the
// decision outcomes it met (inject, red line, response), in run order.
func largeRun(b *testing.B) (*planner.Exercise, []planner.RunDecision) {
	p := mustDecode(b, benchPlans["x1"]())
	e, err := planner.NewExercise(p, seeds.Catalog())
	if err != nil {
		b.Fatal(err)
	}
	var open []planner.RunDecision
	for {
		ev, ok := e.Step()
		if !ok {
			break
		}
		for _, o := range ev.Responses {
			if o.Status == planner.Decision {
				open = append(open, planner.RunDecision{Inject: ev.Inject, RedLine: o.RedLine, Response: o.Response})
			}
		}
	}
	if len(open) == 0 {
		b.Fatal("the large plan puts nothing to a decision")
	}
	return e, open
}

// BenchmarkExerciseRun measures what the app's run view asks of the engine
// on the large plan (10,000 injects): one step forward (with its event),
// one step back, and deciding on an inject already played — the first, the
// middle and the last decision of the run, with the run at the end — which
// plays again what follows it.
func BenchmarkExerciseRun(b *testing.B) {
	e, open := largeRun(b)
	b.Run("step+back", func(b *testing.B) {
		for b.Loop() {
			if !e.Back() {
				b.Fatal("Back failed")
			}
			if _, ok := e.Step(); !ok {
				b.Fatal("Step failed")
			}
		}
	})
	b.Run("back+step/from-the-middle", func(b *testing.B) {
		for e.Pos() > e.Len()/2 {
			e.Back()
		}
		for b.Loop() {
			e.Step()
			e.Back()
		}
		for e.Pos() < e.Len() {
			e.Step()
		}
	})
	for _, at := range []struct {
		name string
		d    planner.RunDecision
	}{{"first", open[0]}, {"middle", open[len(open)/2]}, {"last", open[len(open)-1]}} {
		b.Run("decide/"+at.name, func(b *testing.B) {
			choice := planner.Approved
			for b.Loop() {
				if _, err := e.Decide(at.d.Inject, at.d.RedLine, at.d.Response, choice); err != nil {
					b.Fatal(err)
				}
				if choice == planner.Approved {
					choice = ""
				} else {
					choice = planner.Approved
				}
			}
			e.Decide(at.d.Inject, at.d.RedLine, at.d.Response, "")
		})
	}
	b.Run("decide/first,replaying-what-follows", func(b *testing.B) {
		// The worst case: the inject after the first decision plays only
		// if that decision approves, so deciding plays again the whole
		// run after it.
		p := mustDecode(b, benchPlans["x1"]())
		d := open[0]
		next := -1
		for k, i := range e.Order() {
			if p.Injects[i].ID == d.Inject {
				next = e.Order()[k+1]
				break
			}
		}
		p.Injects[next].When = append(p.Injects[next].When, planner.Condition{Response: d.Response, Outcome: planner.CondApproved})
		r, err := planner.NewExercise(p, seeds.Catalog())
		if err != nil {
			b.Fatal(err)
		}
		for r.Pos() < r.Len() {
			r.Step()
		}
		choice := planner.Approved
		for b.Loop() {
			if from, err := r.Decide(d.Inject, d.RedLine, d.Response, choice); err != nil || from == r.Pos() {
				b.Fatalf("Decide: %d, %v", from, err)
			}
			if choice == planner.Approved {
				choice = ""
			} else {
				choice = planner.Approved
			}
		}
	})
	b.Run("decide/deferred", func(b *testing.B) {
		d := open[0]
		choice := planner.Deferred
		for b.Loop() {
			e.Decide(d.Inject, d.RedLine, d.Response, choice)
			if choice == planner.Deferred {
				choice = ""
			} else {
				choice = planner.Deferred
			}
		}
		e.Decide(d.Inject, d.RedLine, d.Response, "")
	})
	b.Run("board", func(b *testing.B) {
		for b.Loop() {
			e.Board()
		}
	})
}
