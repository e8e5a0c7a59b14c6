package report

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// pdfPages extracts a PDF's text page by page with poppler's pdftotext. No
// pure-Go reader tried (github.com/ledongthuc/pdf) decodes the Identity-H
// text of fpdf's UTF-8 fonts: it loses Київ. "make test" installs
// poppler-utils and sets REDLINE_REQUIRE_PDFTOTEXT, so there the test fails
// rather than skips when pdftotext is missing; a bare "go test" skips it.
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("REDLINE_REQUIRE_PDFTOTEXT") != "" {
			t.Fatal("pdftotext (poppler-utils) is not installed; make deps installs it")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	cmd := exec.Command(bin, "-raw", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

var spaces = regexp.MustCompile(`\s+`)

// flat joins wrapped lines: whitespace becomes one space, and a line broken
// after a hyphen is joined again.
func flat(s string) string {
	return strings.ReplaceAll(spaces.ReplaceAllString(s, " "), "- ", "-")
}

func TestPDF(t *testing.T) {
	ref := referenceSummary(t)
	odd := awkwardPlan()
	big := planner.Generate(planner.LargePlan.Scaled(0.03))
	tests := []struct {
		name  string
		plan  *planner.Plan
		write func(*bytes.Buffer) error
		want  []string // texts that must appear somewhere
	}{
		{"reference plan summary", ref.Plan, func(b *bytes.Buffer) error { return WritePDF(b, ref) }, nil},
		{"plan with non-Latin names and markup characters", odd, func(b *bytes.Buffer) error {
			return WritePDF(b, Summary{Plan: odd, Catalog: seeds.Catalog().ForPlan(odd), Profile: seeds.DefaultProfile()})
		}, []string{"Київ", "Rzeszów", "Strikes on Київ | Kharkiv", ">= 20 strikes/24h"}},
		{"generated plan with a listed matrix", big, func(b *bytes.Buffer) error {
			return WritePDF(b, Summary{Plan: big, Catalog: seeds.Catalog().ForPlan(big), Profile: seeds.DefaultProfile()})
		}, []string{"Automatic (A)", "Consultation (C)"}},
		{"after-action report of the reference script", ref.Plan, func(b *bytes.Buffer) error {
			return WriteAfterActionPDF(b, referenceRun(t))
		}, []string{"Blocked responses", "Needs a ceasefire, and the phase is war", "not decided", "Rzeszów"}},
		{"after-action report with non-Latin names", odd, func(b *bytes.Buffer) error {
			return WriteAfterActionPDF(b, AfterAction{Plan: odd, Catalog: seeds.Catalog().ForPlan(odd), Profile: seeds.DefaultProfile()})
		}, []string{"Strike on Київ", "Air bridge via Rzeszów", "Needs a ceasefire, and the phase is war"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			pages := pdfPages(t, b.Bytes())
			if len(pages) < 2 {
				t.Fatalf("%d pages, want a title page and more", len(pages))
			}
			banner := tt.plan.Classification
			for i, page := range pages {
				if n := strings.Count(page, banner); n < 2 {
					t.Errorf("page %d carries the banner %q %d times, want it at top and bottom", i+1, banner, n)
				}
				if want := "Page " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(pages)); !strings.Contains(page, want) {
					t.Errorf("page %d lacks %q", i+1, want)
				}
			}
			text := flat(strings.Join(pages, " "))
			want := tt.want
			if strings.Contains(tt.name, "summary") || strings.Contains(tt.name, "matrix") || strings.Contains(tt.name, "markup") {
				for _, r := range tt.plan.RedLines {
					want = append(want, r.Title)
				}
			}
			for _, w := range want {
				if !strings.Contains(text, flat(w)) {
					t.Errorf("the PDF's text lacks %q", w)
				}
			}
		})
	}
}
