package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"redline/planner"
	"redline/planner/textdiff"
	"redline/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// referenceSummary is the reference plan as the CLI and app summarise it.
func referenceSummary(t testing.TB) Summary {
	t.Helper()
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	return Summary{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Profile: seeds.DefaultProfile(), Cite: citeFor(p)}
}

// citeFor is the Cite hook the CLI and the app pass: seeds' citations.
func citeFor(p *planner.Plan) func(string) (string, bool) {
	return func(id string) (string, bool) { return seeds.PlanCitation(p, id) }
}

// referenceRun is a full run of the reference plan's script with a couple
// of decisions (one left open) and notes.
func referenceRun(t testing.TB) AfterAction {
	t.Helper()
	s := referenceSummary(t)
	res, err := planner.RunExercise(s.Plan, s.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	a := AfterAction{Plan: s.Plan, Catalog: s.Catalog, Profile: s.Profile, Result: res, Title: "Workshop run 1", Cite: s.Cite}
	var open []planner.Outcome
	var at []string
	for _, ev := range res.Events {
		for _, o := range ev.Responses {
			if o.Status == planner.Decision {
				open = append(open, o)
				at = append(at, ev.Inject)
			}
		}
	}
	if len(open) < 3 {
		t.Fatalf("the reference script puts %d responses to a decision; the test wants 3", len(open))
	}
	a.Decisions = []planner.RunDecision{
		{Inject: at[0], RedLine: open[0].RedLine, Response: open[0].Response, Choice: planner.Approved, Note: "Approved | by all 26 | pending Hungary",
			AtHours: 20},
		{Inject: at[1], RedLine: open[1].RedLine, Response: open[1].Response, Choice: planner.Deferred, AtHours: 12},
	}
	// The run is played with its decisions: what was approved is under way
	// from then on.
	if a.Result, err = planner.RunExercise(s.Plan, s.Catalog, a.Decisions...); err != nil {
		t.Fatal(err)
	}
	a.Notes = []planner.RunNote{
		{AtHours: 36, Text: "Players asked who chairs the consultation."},
		{AtHours: 0, Text: "Start: all delegations present."},
	}
	return a
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run `go test ./planner/report/ -update` if the change is meant):\n%s",
			name, textdiff.Lines(string(want), string(got), 60))
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		write func(*bytes.Buffer) error
	}{
		{"reference plan summary as Markdown", "reference-summary.md", func(b *bytes.Buffer) error { return WriteMarkdown(b, referenceSummary(t)) }},
		{"reference plan summary as HTML", "reference-summary.html", func(b *bytes.Buffer) error { return WriteHTML(b, referenceSummary(t)) }},
		{"after-action report of the reference script", "reference-afteraction.md", func(b *bytes.Buffer) error {
			return WriteAfterActionMarkdown(b, referenceRun(t))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, b.Bytes())
		})
	}
}

// TestWritePDFLook writes the reference plan's summary and after-action
// report to $REDLINE_PDF_OUT for a person to look at.
func TestWritePDFLook(t *testing.T) {
	dir := os.Getenv("REDLINE_PDF_OUT")
	if dir == "" {
		t.Skip("set REDLINE_PDF_OUT to a directory to write ref.pdf and aar.pdf there")
	}
	s := referenceSummary(t)
	s.Date = time.Date(2025, 9, 4, 0, 0, 0, 0, time.UTC)
	a := referenceRun(t)
	a.StartedAt = time.Date(2025, 9, 4, 9, 30, 0, 0, time.UTC)
	for name, write := range map[string]func(*bytes.Buffer) error{
		"ref.pdf": func(b *bytes.Buffer) error { return WritePDF(b, s) },
		"aar.pdf": func(b *bytes.Buffer) error { return WriteAfterActionPDF(b, a) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMarkdownEscaping(t *testing.T) {
	tests := []struct {
		name, in string
		code     bool
		want     string
	}{
		{"pipe in a title", "Kyiv | Odesa", false, `Kyiv \| Odesa`},
		{"line break in notes", "first\nsecond", false, "first<br>second"},
		{"Windows line break", "first\r\nsecond", false, "first<br>second"},
		{"emphasis and links", "*bold* _it_ [x](y)", false, `\*bold\* \_it\_ \[x\](y)`},
		{"raw HTML", "<script>alert(1)</script>", false, "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"heading marker", "# not a heading", false, `\# not a heading`},
		{"non-Latin text unchanged", "Київ — Rzeszów", false, "Київ — Rzeszów"},
		{"identifier", "c-gb_rrf", true, "`c-gb_rrf`"},
		{"identifier with a pipe", "a|b", true, "`a\\|b`"},
		{"identifier with a backtick", "a`b", true, "``a`b``"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mdCell(tt.in, tt.code); got != tt.want {
				t.Errorf("mdCell(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// awkwardPlan is a small plan whose texts carry every character that markup
// treats specially, and non-Latin names.
func awkwardPlan() *planner.Plan {
	seven := 7.0
	return &planner.Plan{
		Format: planner.PlanFormat, Title: "Київ <draft> & \"test\" | plan", Classification: "ОБМЕЖЕНО // RESTRICTED",
		Phase: planner.PhaseWar, Profile: planner.DefaultProfile,
		RedLines: []planner.RedLine{
			{ID: "rl-kyiv", Title: "Strikes on Київ | Kharkiv\nsecond line", Domain: planner.DomainAir,
				Indicator: "strikes_cities", Threshold: &planner.Threshold{Op: planner.OpGE, Value: 20}, Severity: 5},
			{ID: "rl-draft", Title: "Draft *without* threshold", Domain: planner.DomainHybrid, Severity: 2},
		},
		Responses: []planner.Response{
			{ID: "resp-rzeszow", Title: "Air bridge via Rzeszów", Kind: planner.KindMilitary, Mechanism: planner.MechanismDenial,
				Lead: "PL", HoursToEffect: 24, Requires: []planner.Precondition{planner.RequiresCeasefire}, Uses: []string{"c-pl"}},
		},
		Contributions: []planner.Contribution{
			{ID: "c-pl", Nation: "PL", Capability: planner.CapLogistics, Personnel: 1500, Location: planner.LocNATOTerritory,
				Activation: planner.ActivationImmediate, Status: planner.StatusConfirmed},
		},
		Links: []planner.Link{{RedLine: "rl-kyiv", Response: "resp-rzeszow", Trigger: planner.TriggerAutomatic}},
		Terms: []planner.Term{{ID: "term-cap", Kind: planner.TermUAForceCap, Stance: planner.StanceReject, Value: &seven, Notes: "a | b"}},
		Injects: []planner.Inject{{ID: "inj-1", AtHours: 3, Title: "Strike on Київ",
			Observations: []planner.Observation{{Indicator: "strikes_cities", Value: 40}}}},
	}
}

func TestEscapingInDocuments(t *testing.T) {
	p := awkwardPlan()
	s := Summary{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Profile: seeds.DefaultProfile()}
	var md, html bytes.Buffer
	if err := WriteMarkdown(&md, s); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, s); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, doc, want string
		absent          bool
	}{
		{"Markdown row keeps its cells", md.String(), "| L1 | Strikes on Київ \\| Kharkiv<br>second line | Air |", false},
		{"Markdown title escapes markup", md.String(), "# Київ &lt;draft&gt; &amp; \"test\" \\| plan", false},
		{"Markdown banner at top", md.String()[:40], "**ОБМЕЖЕНО // RESTRICTED**", false},
		{"Markdown banner at bottom", md.String()[md.Len()-40:], "**ОБМЕЖЕНО // RESTRICTED**\n", false},
		{"HTML title escaped", html.String(), "<h1>Київ &lt;draft&gt; &amp; &#34;test&#34; | plan</h1>", false},
		{"HTML has no raw tag from the plan", html.String(), "<draft>", true},
		{"HTML keeps a line break in a cell", html.String(), "Strikes on Київ | Kharkiv<br>second line", false},
		{"HTML banner at top", html.String(), `<div class="banner top">ОБМЕЖЕНО // RESTRICTED</div>`, false},
		{"HTML banner at bottom", html.String(), `<div class="banner bottom">ОБМЕЖЕНО // RESTRICTED</div>`, false},
		{"HTML print rules", html.String(), "@page { size: A4;", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Contains(tt.doc, tt.want); got == tt.absent {
				t.Errorf("contains %q = %v, want %v", tt.want, got, !tt.absent)
			}
		})
	}
}

func TestBlockedReason(t *testing.T) {
	p := &planner.Plan{Contributions: []planner.Contribution{{ID: "c-it", Nation: "IT", Capability: planner.CapTraining},
		{ID: "c-us", Nation: "US", Capability: planner.CapISR}}}
	names := planner.NewNames(p, seeds.Catalog())
	tests := []struct {
		name, reason, want string
	}{
		{"needs a ceasefire in war", "ceasefire", "needs a ceasefire, and the phase is war"},
		{"declined contribution", "declined:c-it", "uses declined contribution “Italy, training”"},
		{"contribution inactive in war", "inactive:c-it", "uses contribution “Italy, training”, which activates only after a ceasefire"},
		{"an acronym keeps its capitals", "inactive:c-us", "uses contribution “United States, ISR”, which activates only after a ceasefire"},
		{"unknown contribution", "declined:c-gone", "uses declined contribution c-gone"},
		{"unknown code kept", "quota", "quota"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := blockedReason(tt.reason, names); got != tt.want {
				t.Errorf("blockedReason(%q) = %q, want %q", tt.reason, got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"threshold with unit", threshold(&planner.Threshold{Op: planner.OpGE, Value: 500}, "personnel"), "≥ 500 personnel"},
		{"threshold in thousands", threshold(&planner.Threshold{Op: planner.OpGT, Value: 50000}, "personnel"), "> 50,000 personnel"},
		{"threshold on a level scale", threshold(&planner.Threshold{Op: planner.OpGE, Value: 3}, "level 0–5"), "level ≥ 3"},
		{"no threshold", threshold(nil, "personnel"), "—"},
		{"exercise start", hoursMark(0), "T+0h"},
		{"exercise hours", hoursMark(168), "T+168h"},
		{"fractional hours", hoursMark(1.5), "T+1.5h"},
		{"euros", euros(90000), "90,000"},
		{"fractional euros", euros(12.25), "12.2"},
		{"findings counted", findingCounts(planner.Counts{Blocker: 1, Warning: 2, Advice: 3}), "1 blocker, 2 warnings, 3 advice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// generated is a synthetic plan with the given numbers of red lines and
// responses, one link per red line at least.
func generated(redLines, responses int) *planner.Plan {
	return planner.Generate(planner.GenSpec{RedLines: redLines, Responses: responses, Contributions: 20,
		Links: 2 * redLines, Injects: 10, Seed: 3})
}

func TestMatrixLayout(t *testing.T) {
	tests := []struct {
		name      string
		responses int
		wantGrid  bool // Markdown and HTML
		pdfChunks int  // 0: list per red line
	}{
		{"one response", 1, true, 1},
		{"reference-sized", 14, true, 1},
		{"at the text limit", textGridMaxResponses, true, 2},
		{"just past the text limit", textGridMaxResponses + 1, false, 2},
		{"at the PDF limit", pdfGridMaxResponses, false, 4},
		{"past the PDF limit", pdfGridMaxResponses + 1, false, 0},
		{"large plan", 2000, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := generated(20, tt.responses)
			s := Summary{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Findings: []planner.Finding{}}
			var m *matrix
			for _, b := range s.document().Blocks {
				if x, ok := b.(*matrix); ok {
					m = x
				}
			}
			if m == nil {
				t.Fatal("no matrix in the summary")
			}
			var md bytes.Buffer
			if err := WriteMarkdown(&md, s); err != nil {
				t.Fatal(err)
			}
			grid := strings.Contains(md.String(), "| Red line | R1 |")
			list := strings.Contains(md.String(), "| \\# | Red line | Automatic (A) | Consultation (C) |")
			if grid != tt.wantGrid || list == tt.wantGrid {
				t.Errorf("Markdown grid %v, list %v; want grid %v", grid, list, tt.wantGrid)
			}
			chunks := 0
			if m.gridFits(pdfGridMaxResponses) {
				per := int((contentW - matrixLabelW) / matrixCellW)
				chunks = (len(m.Cols) + per - 1) / per
			}
			if chunks != tt.pdfChunks {
				t.Errorf("PDF matrix in %d chunks, want %d", chunks, tt.pdfChunks)
			}
			links := 0
			for _, r := range m.Rows {
				links += len(r.Cells)
			}
			if list := m.listTable(); len(list.Rows) != len(p.RedLines) {
				t.Errorf("list has %d rows, want one per red line (%d)", len(list.Rows), len(p.RedLines))
			}
			if links != len(p.Links) {
				t.Errorf("matrix holds %d links, want %d", links, len(p.Links))
			}
		})
	}
}

func TestAfterActionOfAStoppedRun(t *testing.T) {
	a := referenceRun(t)
	// A decision taken on a later inject, before the facilitator stepped back.
	for _, ev := range a.Result.Events[6:] {
		for _, o := range ev.Responses {
			if o.Status == planner.Decision && len(a.Decisions) == 2 {
				a.Decisions = append(a.Decisions, planner.RunDecision{Inject: ev.Inject, RedLine: o.RedLine,
					Response: o.Response, Choice: planner.Rejected, Note: "Taken back"})
			}
		}
	}
	a.Result.Events = a.Result.Events[:6]
	var b bytes.Buffer
	if err := WriteAfterActionMarkdown(&b, a); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	tests := []struct{ name, want string }{
		{"says the run stopped", "6 of 16 (the run stopped early)"},
		{"counts only the events played", "**Red lines crossed:** 3"},
		{"a decision kept from a step taken back", "(on an inject not played)"},
		{"an undecided item", "| not decided |"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(out, tt.want) {
				t.Errorf("report lacks %q", tt.want)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	s := referenceSummary(t)
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"Markdown", func(b *bytes.Buffer) error { return WriteMarkdown(b, s) }},
		{"HTML", func(b *bytes.Buffer) error { return WriteHTML(b, s) }},
		{"PDF", func(b *bytes.Buffer) error { return WritePDF(b, s) }},
		{"after-action PDF", func(b *bytes.Buffer) error { return WriteAfterActionPDF(b, referenceRun(t)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var first, second bytes.Buffer
			if err := tt.write(&first); err != nil {
				t.Fatal(err)
			}
			if err := tt.write(&second); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Error("two writes of the same report differ")
			}
		})
	}
}
