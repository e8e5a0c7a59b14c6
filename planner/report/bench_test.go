package report

import (
	"io"
	"sync"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// The benchmark plans are planner's: the large plan (1,000 red lines, 2,000
// responses, 5,000 contributions, 10,000 links, 10,000 injects) and four
// times that, from the same generator, so that export time can be seen to
// grow linearly. Each is made, and checked, when first needed.
var benchSummaries = map[string]func() Summary{
	"x1": sync.OnceValue(func() Summary { return benchSummary(1) }),
	"x4": sync.OnceValue(func() Summary { return benchSummary(4) }),
}

func benchSummary(k float64) Summary {
	p := planner.Generate(planner.LargePlan.Scaled(k))
	cat := seeds.Catalog().ForPlan(p)
	prof := seeds.DefaultProfile()
	return Summary{Plan: p, Catalog: cat, Profile: prof, Findings: planner.Check(p, cat, prof)}
}

func forEachSize(b *testing.B, f func(b *testing.B, s Summary)) {
	for _, size := range []string{"x1", "x4"} {
		b.Run(size, func(b *testing.B) {
			s := benchSummaries[size]()
			b.ReportAllocs()
			f(b, s)
		})
	}
}

func BenchmarkWritePDF(b *testing.B) {
	forEachSize(b, func(b *testing.B, s Summary) {
		for b.Loop() {
			if err := WritePDF(io.Discard, s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkWriteMarkdown(b *testing.B) {
	forEachSize(b, func(b *testing.B, s Summary) {
		for b.Loop() {
			if err := WriteMarkdown(io.Discard, s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkWriteAfterActionPDF writes the after-action report of a whole
// run of the plan's script: its 10,000 (and 40,000) injects in the tables,
// and its timeline on one page however long the run.
func BenchmarkWriteAfterActionPDF(b *testing.B) {
	forEachSize(b, func(b *testing.B, s Summary) {
		a := AfterAction{Plan: s.Plan, Catalog: s.Catalog, Profile: s.Profile, Findings: s.Findings}
		for b.Loop() {
			if err := WriteAfterActionPDF(io.Discard, a); err != nil {
				b.Fatal(err)
			}
		}
	})
}
