package report

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// writeWith writes a PDF with fpdf compressing its pages, or with
// compressPages doing it.
func writeWith(t testing.TB, byFpdf bool, write func(*bytes.Buffer) error) []byte {
	t.Helper()
	defer func(old bool) { fpdfCompresses = old }(fpdfCompresses)
	fpdfCompresses = byFpdf
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPDFPagesCompressAsFpdfDoes(t *testing.T) {
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
			want := writeWith(t, true, tt.write)
			got := writeWith(t, false, tt.write)
			if !bytes.Equal(got, want) {
				i := 0
				for i < min(len(got), len(want)) && got[i] == want[i] {
					i++
				}
				t.Fatalf("%d bytes, fpdf's %d; they differ from byte %d: %q, fpdf %q", len(got), len(want), i,
					got[i:min(i+80, len(got))], want[i:min(i+80, len(want))])
			}
			if n := bytes.Count(got, []byte("/Type /Page\n")); n == 0 || bytes.Count(got, []byte("/Filter /FlateDecode /Length")) < n {
				t.Errorf("%d pages, and not each compressed", n)
			}
		})
	}
}

func TestCompressPagesRefusesWhatFpdfDoesNotWrite(t *testing.T) {
	for name, pdf := range map[string]string{
		"empty":                  "",
		"no startxref":           "%PDF-1.3\n%%EOF\n",
		"startxref out of range": "%PDF-1.3\nstartxref\n999\n%%EOF\n",
		"a table of no entries":  "%PDF-1.3\nxref\n0 x\ntrailer\n\nstartxref\n9\n%%EOF\n",
		"an entry out of range":  "%PDF-1.3\nxref\n0 2\n0000000000 65535 f \n0000009999 00000 n \ntrailer\n\nstartxref\n9\n%%EOF\n",
		"contents not a stream": "%PDF-1.3\n1 0 obj\n<</Type /Page\n/Contents 2 0 R>>\nendobj\n2 0 obj\n<</Length 99>>\nstream\nq\nendstream\nendobj\n" +
			"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000055 00000 n \ntrailer\n\nstartxref\n103\n%%EOF\n",
	} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := compressPages(&b, []byte(pdf)); err == nil {
				t.Errorf("no error; wrote %q", b.String())
			}
		})
	}
}

func TestPDFWriteErrorIsReturned(t *testing.T) {
	ref := referenceSummary(t)
	if err := WritePDF(failingWriter{}, ref); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("error %v, want the writer's", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestPDFAllocationsPerPageDoNotGrow: a PDF four times as long allocates
// about four times as much, not more, and no megabyte of compressor per
// page: fpdf made a zlib writer for every page, which was 82 % of what
// the large plan's after-action report allocated.
func TestPDFAllocationsPerPageDoNotGrow(t *testing.T) {
	if testing.Short() {
		t.Skip("writes two generated plans' after-action reports")
	}
	perPage := func(k float64) (float64, int) {
		p := planner.Generate(planner.LargePlan.Scaled(k))
		cat := seeds.Catalog().ForPlan(p)
		a := AfterAction{Plan: p, Catalog: cat, Profile: seeds.DefaultProfile(), Findings: []planner.Finding{}}
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
	small, n1 := perPage(0.01)
	large, n4 := perPage(0.04)
	t.Logf("%d pages: %.0f kB a page; %d pages: %.0f kB a page", n1, small/1024, n4, large/1024)
	if n4 < 3*n1 {
		t.Fatalf("%d pages and %d: the larger plan should make about four times the pages", n1, n4)
	}
	if large > small*1.25 {
		t.Errorf("%.0f kB a page for %d pages, %.0f kB for %d: the cost of a page grows with the document", large/1024, n4, small/1024, n1)
	}
	if large > 512<<10 {
		t.Errorf("%.0f kB a page: a compressor per page again?", large/1024)
	}
}
