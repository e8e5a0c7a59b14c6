package planner_test

import (
	"testing"

	"redline/planner"
	"redline/seeds"
)

// BenchmarkScore measures the scorecard of the benchmark plans (bench_test.go)
// as drafted: every factor of every red line, and one run of the script
// through the exercise engine. Compare it with BenchmarkCheck.
func BenchmarkScore(b *testing.B) {
	cat, prof := seeds.Catalog(), seeds.DefaultProfile()
	forEachSize(b, func(b *testing.B, data []byte) {
		p := mustDecode(b, data)
		for b.Loop() {
			planner.Score(p, cat, prof)
		}
	})
}

// BenchmarkScoreStress measures the scorecard with every built-in stress
// test beside it: the plan as drafted and five times again.
func BenchmarkScoreStress(b *testing.B) {
	cat, prof := seeds.Catalog(), seeds.DefaultProfile()
	forEachSize(b, func(b *testing.B, data []byte) {
		p := mustDecode(b, data)
		for b.Loop() {
			planner.ScoreStress(p, cat, prof, planner.StressTests)
		}
	})
}

// BenchmarkScoreScript measures what the scorecard's exercise evidence
// costs the engine: the script streamed with no decision, as Score plays
// it once and ScoreStress once more per test that changes what the engine
// sees. Score less this is the scorecard's own work.
func BenchmarkScoreScript(b *testing.B) {
	cat := seeds.Catalog()
	forEachSize(b, func(b *testing.B, data []byte) {
		p := mustDecode(b, data)
		for b.Loop() {
			e, err := planner.NewExerciseWith(p, cat, planner.ExerciseOptions{Stream: true})
			if err != nil {
				b.Fatal(err)
			}
			for {
				if _, ok := e.Step(); !ok {
					break
				}
			}
		}
	})
}
