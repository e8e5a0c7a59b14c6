package report

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// The PDF writer uses fpdf patched to compress every page through one
// pooled zlib writer (third_party/fpdf/REDLINE.md). These tests hold the
// patch to what it promises: the same bytes as upstream fpdf, which makes
// a new writer per page, and no compressor's worth of memory per page.

var flateStream = regexp.MustCompile(`<</Filter /FlateDecode /Length (\d+)>>\nstream\n`)

func TestPDFPagesCompressAsUpstreamFpdf(t *testing.T) {
	ref := referenceSummary(t)
	odd := awkwardPlan()
	big := planner.Generate(planner.LargePlan.Scaled(0.03))
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"reference plan summary", func(b *bytes.Buffer) error { return WritePDF(b, ref) }},
		{"non-Latin names, markup and links", func(b *bytes.Buffer) error {
			return WritePDF(b, Summary{Plan: odd, Catalog: seeds.Catalog().ForPlan(odd), Profile: seeds.DefaultProfile()})
		}},
		{"generated plan of many pages", func(b *bytes.Buffer) error {
			return WritePDF(b, Summary{Plan: big, Catalog: seeds.Catalog().ForPlan(big), Profile: seeds.DefaultProfile()})
		}},
		{"after-action report with its timeline", func(b *bytes.Buffer) error { return WriteAfterActionPDF(b, referenceRun(t)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			pdf := b.Bytes()
			pages := bytes.Count(pdf, []byte("/Type /Page\n"))
			streams := 0
			for _, m := range flateStream.FindAllSubmatchIndex(pdf, -1) {
				n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
				packed := pdf[m[1] : m[1]+n]
				r, err := zlib.NewReader(bytes.NewReader(packed))
				if err != nil {
					t.Fatalf("stream %d: %v", streams, err)
				}
				content, err := io.ReadAll(r)
				if err != nil {
					t.Fatalf("stream %d: %v", streams, err)
				}
				// What upstream fpdf writes: a new writer for the stream.
				var fresh bytes.Buffer
				zw, _ := zlib.NewWriterLevel(&fresh, zlib.BestSpeed)
				zw.Write(content)
				zw.Close()
				if !bytes.Equal(packed, fresh.Bytes()) {
					t.Fatalf("stream %d of %d bytes is not what a new zlib writer makes of it", streams, len(content))
				}
				streams++
			}
			if pages == 0 || streams < pages {
				t.Errorf("%d pages, %d compressed streams", pages, streams)
			}
		})
	}
}

func TestPDFWriteErrorIsReturned(t *testing.T) {
	if err := WritePDF(failingWriter{}, referenceSummary(t)); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("error %v, want the writer's", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestPDFAllocationsPerPageDoNotGrow: an after-action report about four
// times as long allocates about four times as much, and no compressor per
// page (upstream fpdf made a new zlib writer, about 1 MB, for every page:
// 82 % of what the large plan's after-action report allocated).
func TestPDFAllocationsPerPageDoNotGrow(t *testing.T) {
	if testing.Short() {
		t.Skip("writes two generated plans' after-action reports")
	}
	perPage := func(k float64) (float64, int) {
		p := planner.Generate(planner.LargePlan.Scaled(k))
		a := AfterAction{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Profile: seeds.DefaultProfile(), Findings: []planner.Finding{}}
		var b bytes.Buffer
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		if err := WriteAfterActionPDF(&b, a); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&m1)
		pages := bytes.Count(b.Bytes(), []byte("/Type /Page\n"))
		return float64(m1.TotalAlloc-m0.TotalAlloc) / float64(pages), pages
	}
	small, n1 := perPage(0.02)
	large, n4 := perPage(0.08)
	t.Logf("%d pages: %.0f kB a page; %d pages: %.0f kB a page", n1, small/1024, n4, large/1024)
	if n4 < 3*n1 {
		t.Fatalf("%d pages and %d: the larger plan should make about four times the pages", n1, n4)
	}
	if large > small*1.25 {
		t.Errorf("%.0f kB a page for %d pages, %.0f kB for %d: a page costs more the longer the document", large/1024, n4, small/1024, n1)
	}
	if large > 512<<10 {
		t.Errorf("%.0f kB a page: a compressor per page again?", large/1024)
	}
}
