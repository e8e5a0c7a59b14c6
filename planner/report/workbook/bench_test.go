package workbook_test

import (
	"bytes"
	"io"
	"sync"
	"testing"

	"redline/planner"
	"redline/planner/report/workbook"
)

// The benchmark plans are planner's: planner.LargePlan (1,000 red lines,
// 2,000 responses, 5,000 contributions, 10,000 links, 10,000 injects) and
// four times that, so that the figures show export and import growing
// linearly. Each is made when first needed.
var benchPlans = map[string]func() *planner.Plan{
	"x1": sync.OnceValue(func() *planner.Plan { return planner.Generate(planner.LargePlan.Scaled(1)) }),
	"x4": sync.OnceValue(func() *planner.Plan { return planner.Generate(planner.LargePlan.Scaled(4)) }),
}

func forEachSize(b *testing.B, f func(b *testing.B, p *planner.Plan)) {
	for _, size := range []string{"x1", "x4"} {
		b.Run(size, func(b *testing.B) { f(b, benchPlans[size]()) })
	}
}

func BenchmarkWriteXLSX(b *testing.B) {
	forEachSize(b, func(b *testing.B, p *planner.Plan) {
		var n countingWriter
		for b.Loop() {
			n = 0
			if err := workbook.WriteXLSX(&n, p, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n), "file-bytes")
	})
}

func BenchmarkReadXLSX(b *testing.B) {
	forEachSize(b, func(b *testing.B, p *planner.Plan) {
		var buf bytes.Buffer
		if err := workbook.WriteXLSX(&buf, p, nil); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
		for b.Loop() {
			if _, err := workbook.ReadXLSX(bytes.NewReader(buf.Bytes()), "bench.xlsx"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkWriteMatrixCSV(b *testing.B) {
	forEachSize(b, func(b *testing.B, p *planner.Plan) {
		for b.Loop() {
			if err := workbook.WriteMatrixCSV(io.Discard, p, workbook.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
