package workbook_test

import (
	"bytes"
	"strings"
	"testing"

	"redline/planner/report/workbook"
)

// BenchmarkReadHostileXLSX is what refusing a hostile workbook costs, in
// time (ns/op) and memory (B/op): the cases of TestReadRefusesHostileWorkbooks
// that cost excelize minutes or gigabytes.
func BenchmarkReadHostileXLSX(b *testing.B) {
	var cases []refusalCase
	for _, tt := range hostileWorkbooks {
		switch tt.name {
		case "a cell in column XFD on each of 4,000 rows", "a million rows of links, more than a plan Redline reads",
			"64 MiB of text in one cell", "a row numbered 99999999999", "a row numbered 2147483647",
			"shared strings with more text than a plan holds":
			cases = append(cases, tt)
		}
	}
	for _, tt := range cases {
		data := tt.build(b)
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, err := workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx")
				if err == nil || !strings.Contains(err.Error(), tt.msg) {
					b.Fatalf("want a refusal saying %q, got %v", tt.msg, err)
				}
			}
			b.ReportMetric(float64(len(data)), "file-bytes") // after the loop, which resets metrics
		})
	}
}

// BenchmarkReadXLSXMostWork is the most work a file can make the reader do:
// a sheet of nothing but empty cells, just under the bound on what the parts
// read unpack to, compressed to a few hundred kilobytes. It is read, as a
// plan without red lines.
func BenchmarkReadXLSXMostWork(b *testing.B) {
	row := "<row>" + strings.Repeat(`<c s="1"/>`, 16384) + "</row>"
	rows := headerRowOf(b, "Red lines") + strings.Repeat(row, 250<<20/len(row))
	data := packParts(b, withSheetRows(b, "Red lines", rows))
	b.ReportAllocs()
	for b.Loop() {
		p, err := workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx")
		if err != nil || len(p.RedLines) != 0 {
			b.Fatalf("want a plan without red lines, got %v", err)
		}
	}
	b.ReportMetric(float64(len(data)), "file-bytes")
}
