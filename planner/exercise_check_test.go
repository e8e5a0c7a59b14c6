package planner

import (
	"math"
	"testing"
)

// A step compares a reading with a red line's threshold as Threshold.Holds
// does, the borders, infinities and NaN included.
func TestCheckHoldsAsTheThresholdDoes(t *testing.T) {
	inf := math.Inf(1)
	values := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 500, 499.99999999999994, 500.00000000000006, 5e-324, -5e-324,
		math.MaxFloat64, -math.MaxFloat64, inf, -inf, math.NaN(), 1e300, -1e-300}
	for _, op := range append(Ops, "", "=>") {
		for _, v := range values {
			th := Threshold{Op: op, Value: v}
			c := newCheck(0, &th)
			for _, x := range values {
				if got, want := c.holds(x), th.Holds(x); got != want {
					t.Errorf("%v %s %v: holds %v, Threshold.Holds %v", x, op, v, got, want)
				}
			}
		}
	}
}
