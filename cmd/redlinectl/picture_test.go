package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// The matrix as a picture for slides: a PNG that decodes, an SVG that
// parses and names every red line, for the reference plan and for a plan
// too large to draw whole.
func TestExportMatrixPicture(t *testing.T) {
	ref, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	big := planner.Generate(planner.LargePlan.Scaled(0.2))
	data, err := planner.Encode(big)
	if err != nil {
		t.Fatal(err)
	}
	large := filepath.Join(t.TempDir(), "large.redline.json")
	if err := os.WriteFile(large, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, plan string
		titles     []string // red line titles the SVG holds
		says       []string
	}{
		{"reference plan", reference, redLineTitles(ref), []string{ref.Classification, "Response matrix: " + ref.Title}},
		{"a plan of 200 red lines", large, nil, []string{"most severe of 200 red lines", "The full matrix is in the workbook"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, format := range []string{"png", "svg"} {
				out := filepath.Join(dir, "matrix."+format)
				if code, _, errOut := run(t, "", "export", "--format", format, "-o", out, tc.plan); code != 0 {
					t.Fatalf("%s: exit %d: %s", format, code, errOut)
				}
			}
			b, err := os.ReadFile(filepath.Join(dir, "matrix.png"))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("the PNG does not decode: %v", err)
			}
			if sz := img.Bounds().Size(); sz.X != 2400 || sz.Y < 400 || sz.Y > 6000 {
				t.Errorf("a PNG of %v pixels, want 2,400 wide and a slide's height or a few", sz)
			}
			b, err = os.ReadFile(filepath.Join(dir, "matrix.svg"))
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Texts []struct {
					Title string `xml:"title"`
					Text  string `xml:",chardata"`
				} `xml:"text"`
			}
			dec := xml.NewDecoder(bytes.NewReader(b))
			dec.Strict = true
			if err := dec.Decode(&doc); err != nil {
				t.Fatalf("the SVG does not parse: %v", err)
			}
			var all strings.Builder
			for _, x := range doc.Texts {
				all.WriteString(x.Text + " " + x.Title + " ")
			}
			for _, s := range append(tc.titles, tc.says...) {
				if !strings.Contains(all.String(), s) {
					t.Errorf("the SVG does not say %q", s)
				}
			}
		})
	}
}

func redLineTitles(p *planner.Plan) []string {
	var out []string
	for _, r := range p.RedLines {
		out = append(out, r.Title)
	}
	return out
}
