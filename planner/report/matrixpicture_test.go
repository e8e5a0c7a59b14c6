package report

import (
	"bytes"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// The summary's PDF draws the response matrix as its picture when a page
// holds all of it, and keeps the grid or the list for a plan whose matrix
// would not fit: the picture never leaves out what the grid would show.
func TestSummaryPDFDrawsTheMatrixWhenItFits(t *testing.T) {
	ref := referenceSummary(t)
	tests := []struct {
		name    string
		s       Summary
		picture bool
		says    []string // in the matrix section's text
	}{
		{"reference plan", ref, true, []string{"Denial, automatic (A)", "Punishment, consultation (C)", "Links", "31",
			"R14 Allied consultations and joint deterrence statement"}},
		{"20 red lines, 40 responses: the grid", plainSummary(generated(20, 40)), false, []string{"(part 1 of 3)"}},
		{"200 red lines, 400 responses: the list", plainSummary(generated(200, 400)), false, []string{"Automatic (A)", "Consultation (C)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WritePDF(&b, tt.s); err != nil {
				t.Fatal(err)
			}
			text := ""
			in := false
			for _, page := range pdfPages(t, b.Bytes()) {
				// From the matrix's heading to the next section's.
				if i := strings.Index(page, "\nResponse matrix\n"); i >= 0 {
					in, page = true, page[i:]
				}
				if in {
					if i := strings.Index(page, "\nForces\n"); i >= 0 {
						text += page[:i]
						break
					}
					text += page
				}
			}
			text = flat(text)
			if text == "" {
				t.Fatal("no matrix section")
			}
			drawn := strings.Contains(text, "Denial, automatic (A)") || strings.Contains(text, "Punishment, automatic (A)")
			if drawn != tt.picture {
				t.Errorf("the picture drawn: %v, want %v", drawn, tt.picture)
			}
			for _, s := range tt.says {
				if !strings.Contains(text, s) {
					t.Errorf("the matrix section does not say %q", s)
				}
			}
		})
	}
}

func plainSummary(p *planner.Plan) Summary {
	return Summary{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Findings: []planner.Finding{}}
}
