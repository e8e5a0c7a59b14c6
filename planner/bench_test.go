package planner_test

import (
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
