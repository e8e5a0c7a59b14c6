package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// sourcedPlan cites every way a plan can: a built-in document, its own
// sources (one with a web address, one without), an id that is neither,
// assumptions on a red line, a contribution, a link and a term, and a
// response with no provenance at all.
func sourcedPlan() *planner.Plan {
	p := awkwardPlan()
	p.Title = "Sourced plan"
	p.Classification = "UNCLASSIFIED"
	p.Sources = []planner.Source{
		{ID: "rusi-2025-11", Title: "Ukraine's security after the ceasefire", Publisher: "RUSI", Date: "2025-11",
			URL: "https://rusi.org/explore-our-research/ukraine-security?a=1&b=2"},
		{ID: "minutes", Title: "Workshop minutes"},
		{ID: "hostile", Title: "A page with a script", URL: "javascript:alert(1)"},
	}
	p.RedLines[0].Provenance = planner.Provenance{Sources: []string{"rusi-2025-11", planner.Src002},
		Assumption: "The threshold of 20 strikes is the workshop's."}
	p.RedLines[1].Provenance = planner.Provenance{Sources: []string{"lost-memo"}}
	p.Contributions[0].Provenance = planner.Provenance{Assumption: "Poland's 1,500 are assumed."}
	p.Links[0].Provenance = planner.Provenance{Sources: []string{"minutes"}, Assumption: "Automatic by the workshop's choice."}
	p.Terms[0].Provenance = planner.Provenance{Sources: []string{planner.Src001}, Assumption: "The cap's value is illustrative."}
	p.Injects[0].Provenance = planner.Provenance{Sources: []string{planner.Src002}}
	return p
}

func sourcedSummary(p *planner.Plan) Summary {
	return Summary{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Profile: seeds.DefaultProfile(), Cite: citeFor(p)}
}

func TestReferencesGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMarkdown(&b, sourcedSummary(sourcedPlan())); err != nil {
		t.Fatal(err)
	}
	golden(t, "sourced-summary.md", b.Bytes())
}

func TestReferences(t *testing.T) {
	p := sourcedPlan()
	var md, html bytes.Buffer
	if err := WriteMarkdown(&md, sourcedSummary(p)); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, sourcedSummary(p)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, doc, want string
		absent          bool
	}{
		{"overview counts provenance", md.String(), "- **Provenance:** 5 entries sourced, 4 assumptions, 1 with no provenance", false},
		{"red line with its references and †", md.String(), `second line \[3, 6\] † | Air |`, false},
		{"built-in document by its citation", md.String(), `\[3\] Insight News Media, 2025 — Security Guarantees for Ukraine: Between Western Declarations and Real Commitments`, false},
		{"own source with its web address", md.String(), `\[6\] RUSI, November 2025 — Ukraine's security after the ceasefire — <https://rusi.org/explore-our-research/ukraine-security?a=1&b=2>`, false},
		{"own source without an address", md.String(), `\[7\] Workshop minutes` + "\n", false},
		{"an unknown id says so", md.String(), `lost-memo (not among the plan's sources)`, false},
		{"assumption under its table", md.String(), "- **L1:** The threshold of 20 strikes is the workshop's.", false},
		{"link assumption by its cell", md.String(), "- **L1 → R1:** Automatic by the workshop's choice.", false},
		{"HTML links the address", html.String(), `<a href="https://rusi.org/explore-our-research/ukraine-security?a=1&amp;b=2">`, false},
		{"HTML never links a script", html.String(), `href="javascript:`, true},
		{"Markdown never links a script", md.String(), `<javascript:`, true},
	} {
		if got := strings.Contains(tc.doc, tc.want); got == tc.absent {
			t.Errorf("%s: contains %q = %v, want %v", tc.name, tc.want, got, !tc.absent)
		}
	}
}

// Without a Cite hook a report still numbers its references; the plan's
// own sources read as citations, the rest as their ids.
func TestReferencesWithoutCite(t *testing.T) {
	s := sourcedSummary(sourcedPlan())
	s.Cite = nil
	var b bytes.Buffer
	if err := WriteMarkdown(&b, s); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`\[2\] 001\_ca407d0b2a761948.txt`, `\[6\] RUSI, 2025-11 — Ukraine's security after the ceasefire`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the summary without a Cite hook lacks %q", want)
		}
	}
}

// fileName is a built-in document's file name, which a reader must never
// be shown.
var fileName = regexp.MustCompile(`0\d\d_[0-9a-f]{16}\.txt`)

func TestNoFileNamesForReaders(t *testing.T) {
	ref := referenceSummary(t)
	sourced := sourcedSummary(sourcedPlan())
	run := referenceRun(t)
	docs := map[string]func(*bytes.Buffer) error{
		"reference summary (Markdown)": func(b *bytes.Buffer) error { return WriteMarkdown(b, ref) },
		"reference summary (HTML)":     func(b *bytes.Buffer) error { return WriteHTML(b, ref) },
		"sourced summary (Markdown)":   func(b *bytes.Buffer) error { return WriteMarkdown(b, sourced) },
		"sourced summary (HTML)":       func(b *bytes.Buffer) error { return WriteHTML(b, sourced) },
		"after-action report":          func(b *bytes.Buffer) error { return WriteAfterActionMarkdown(b, run) },
	}
	pdfs := map[string]func(*bytes.Buffer) error{
		"reference summary (PDF)":   func(b *bytes.Buffer) error { return WritePDF(b, ref) },
		"sourced summary (PDF)":     func(b *bytes.Buffer) error { return WritePDF(b, sourced) },
		"after-action report (PDF)": func(b *bytes.Buffer) error { return WriteAfterActionPDF(b, run) },
	}
	for name, write := range docs {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		// Markdown escapes the underscore.
		if m := fileName.FindString(strings.ReplaceAll(b.String(), `\_`, "_")); m != "" {
			t.Errorf("%s shows the file name %s", name, m)
		}
	}
	for name, write := range pdfs {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		text := strings.Join(pdfPages(t, b.Bytes()), " ")
		if m := fileName.FindString(flat(text)); m != "" {
			t.Errorf("%s shows the file name %s", name, m)
		}
		if !strings.Contains(flat(text), "Insight News Media, 2025 — Security Guarantees for Ukraine") {
			t.Errorf("%s does not cite document 002 by its publisher and title", name)
		}
	}
}

func TestFindingMessagesCiteByNumber(t *testing.T) {
	p := &planner.Plan{}
	c := newCitations(p, []planner.Finding{{Rule: "x", Sources: []string{planner.Src000, planner.Src002}}}, nil, false)
	srcs := []string{planner.Src000, planner.Src002}
	for _, tc := range []struct{ msg, want string }{
		{"needs US enablers (000, 002); plan", "needs US enablers [1, 2]; plan"},
		{"met (002); confirm", "met [2]; confirm"},
		{"(a veto of an oil cutoff, 002); prepare", "(a veto of an oil cutoff [2]); prepare"},
		{"not this finding's document (001); left", "not this finding's document (001); left"},
		{"a figure (500) stays", "a figure (500) stays"},
	} {
		if got := c.message(tc.msg, srcs); got != tc.want {
			t.Errorf("message(%q) = %q, want %q", tc.msg, got, tc.want)
		}
	}
}

func TestPDFKeepsReferencesOnOneLine(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"contact line [1, 2, 5] †", []string{"contact", " ", "line", " ", "[1, 2, 5] †"}},
		{"infrastructure †", []string{"infrastructure †"}},
		{"R1 [1]; R2 †", []string{"R1", " ", "[1];", " ", "R2 †"}},
		{"[draft, text]", []string{"[draft,", " ", "text]"}},
	} {
		if got := tokens(tc.text); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("tokens(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
