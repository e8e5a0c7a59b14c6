package edit_test

import (
	"testing"

	"redline/planner"
	"redline/planner/edit"
)

// BenchmarkEditLargePlan is what one keystroke costs the UI goroutine on the
// large generated plan (1,000 red lines, 2,000 responses, 5,000
// contributions): the copy-on-write edit, the undo snapshot and the
// derived figures a screen shows (force totals, answered red lines). The
// checker runs in the background and is not counted.
func BenchmarkEditLargePlan(b *testing.B) {
	p := planner.Generate(planner.LargePlan)
	s := edit.New(p, 1, edit.Options{Check: check, LargePlan: 400, Go: func(func()) {}})
	b.ResetTimer()
	for i := range b.N {
		c := s.Plan().Contributions[i%len(s.Plan().Contributions)]
		c.Personnel++
		edit.Set(s, edit.Contributions, i%len(s.Plan().Contributions), c)
		_ = planner.TallyForces(s.Plan(), planner.AllForces)
		_ = planner.Answered(s.Plan())
	}
}
