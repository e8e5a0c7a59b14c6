package planner

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The scorecard writes numbers into its sentences as Number, thousands and
// Clock put them, without making a string of each.
func TestProseWritesNumbersAsTheirFunctionsDo(t *testing.T) {
	floats := []float64{0, 1, -1, 0.5, 2.5, 72, 999, 1000, -1000, 1234567, 1e15 - 1, 1e15, -1e15, 1e300, 1e-7,
		math.MaxFloat64, -math.MaxFloat64, math.Inf(1), math.NaN(), 123456.789}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		floats = append(floats, math.Round(rng.NormFloat64()*math.Pow(10, float64(rng.IntN(16)))),
			rng.NormFloat64()*math.Pow(10, float64(rng.IntN(20)-5)))
	}
	ints := []int{0, 1, -1, 12, 123, 1234, -1234, 999999, 1000000, math.MaxInt64, math.MinInt64}
	for range 1000 {
		ints = append(ints, int(rng.Int64())>>rng.IntN(63))
	}
	written := func(write func(*prose)) string {
		var p prose
		write(&p)
		return p.b.String()
	}
	for _, f := range floats {
		if got := written(func(p *prose) { p.number(f) }); got != Number(f) {
			t.Errorf("number(%v) = %q, Number = %q", f, got, Number(f))
		}
		if got := written(func(p *prose) { p.clock(f) }); got != Clock(f) {
			t.Errorf("clock(%v) = %q, Clock = %q", f, got, Clock(f))
		}
	}
	for _, n := range ints {
		if got := written(func(p *prose) { p.thousands(n) }); got != thousands(n) {
			t.Errorf("thousands(%d) = %q, want %q", n, got, thousands(n))
		}
	}
}
