package report

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"redline/planner"
	"redline/planner/chart"
)

func TestMatrixPicture(t *testing.T) {
	ref := referenceSummary(t).Plan
	tests := []struct {
		name   string
		plan   *planner.Plan
		banner string
		says   []string
	}{
		{"reference plan", ref, ref.Classification, []string{"Response matrix: " + ref.Title, "Links", "R14"}},
		{"no plan", nil, planner.DefaultClassification, []string{"no red lines"}},
		{"a long classification", &planner.Plan{Title: "T", Classification: strings.Repeat("SECRET // REL UKR GBR FRA ", 3)[:64]},
			strings.Repeat("SECRET // REL UKR GBR FRA ", 3)[:64], []string{"no red lines"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := matrixPicture(tt.plan, nil)
			banners := 0
			all := ""
			for _, s := range d.Shapes {
				x, ok := s.(chart.Text)
				if !ok {
					continue
				}
				all += x.Text + " "
				if x.Text == tt.banner {
					banners++
					if w := chart.EstimateWidth(x.Text, x.Size, x.Bold); w > d.W {
						t.Errorf("the banner is %.0f wide in a picture of %.0f", w, d.W)
					}
				}
				if x.Y < 0 || x.Y > d.H {
					t.Errorf("%q at %.0f, outside the picture's height %.0f", x.Text, x.Y, d.H)
				}
			}
			if banners != 2 {
				t.Errorf("the classification is printed %d times, want above and below", banners)
			}
			for _, s := range tt.says {
				if !strings.Contains(all, s) {
					t.Errorf("the picture does not say %q", s)
				}
			}
			var png, svg bytes.Buffer
			if err := WriteMatrixPNG(&png, tt.plan); err != nil || !bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")) {
				t.Errorf("PNG: %v", err)
			}
			if err := WriteMatrixSVG(&svg, tt.plan); err != nil || !strings.Contains(svg.String(), "<svg") {
				t.Errorf("SVG: %v", err)
			}
		})
	}
}

// BenchmarkWriteMatrixPicture draws the large plans' matrices for slides:
// the most severe red lines of 1,000 (4,000), picked from all the links.
func BenchmarkWriteMatrixPicture(b *testing.B) {
	for _, format := range []string{"png", "svg"} {
		b.Run(format, func(b *testing.B) {
			forEachSize(b, func(b *testing.B, s Summary) {
				for b.Loop() {
					if err := Export(io.Discard, format, s); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
