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
// costs: the plan indexed and its script played through the engine and
// read step by step, with no decision and no Event made, as Score plays it
// (ScoreStress replays it once more per test that changes what the engine
// sees, without preparing it again).
func BenchmarkScoreScript(b *testing.B) {
	cat := seeds.Catalog()
	forEachSize(b, func(b *testing.B, data []byte) {
		p := mustDecode(b, data)
		for b.Loop() {
			planner.PlayScript(p, cat)
		}
	})
}
