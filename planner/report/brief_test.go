package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// writeSummary writes s in a summary format: "pdf" as its text, page by
// page (pdftotext), the others as they are, one page.
func writeSummary(t *testing.T, format string, s Summary) []string {
	t.Helper()
	var b bytes.Buffer
	if err := Export(&b, format, s); err != nil {
		t.Fatal(err)
	}
	if format == "pdf" {
		return pdfPages(t, b.Bytes())
	}
	return []string{b.String()}
}

// ids matches what a person should never read on the brief: the reference
// plan's ids (rl-…, resp-…, c-…, inj-…) and a rule's id.
var ids = regexp.MustCompile(`\b(rl|resp|c|inj|term)-[a-z0-9-]+\b|capability-gap|unanswered-red-line|declined-dependency`)

// The first page of the PDF is the brief, whole: title, classification,
// phase; the plan in five lines; the key figures with a chart and its
// legend; the weakest points with what would fix each; what is assumed.
// No id, no file name. The annex starts on page 2.
func TestBriefIsPageOne(t *testing.T) {
	s := referenceSummary(t)
	pages := writeSummary(t, "pdf", s)
	one := flat(pages[0])
	for _, want := range []string{
		"PLAN SUMMARY", s.Plan.Title, "Classification UNCLASSIFIED // WORKSHOP DRAFT", "Phase Ceasefire",
		"The plan in five lines", "10 red lines, each answered by at least one of 14 responses.",
		"2 red lines are credible, 7 fragile and 1 hollow",
		"Key figures", "30,100 coalition troops in Ukraine", "Forces by nation", "Confirmed", "Pledged", "Conditional",
		"United Kingdom", "Ukraine's own forces",
		"Weakest points", "What would fix it",
		"Hollow red line", "Red line “Nuclear threats or posture changes”", "Link a response that denies",
		"Capability gap", "Response “Coalition cyber-defence teams reinforce grid operators” needs cyber defence",
		"Add a contribution with that capability",
		"Assumed rather than sourced", "10 of 10 red lines",
	} {
		if !strings.Contains(one, flat(want)) {
			t.Errorf("page 1 lacks %q:\n%s", want, one)
		}
	}
	if m := ids.FindString(one); m != "" {
		t.Errorf("page 1 shows the id %q", m)
	}
	if !strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(pages[1]), s.Plan.Classification)), "Overview") {
		t.Errorf("page 2 does not open the annex with the overview:\n%.300s", pages[1])
	}
}

// A generated plan of a hundred red lines, two hundred responses and a
// hundred blockers still has its brief on page 1: the chart gathers what
// does not fit, the weakest points are five and say how many more.
func TestBriefOfAGeneratedPlanIsPageOne(t *testing.T) {
	p := planner.Generate(planner.LargePlan.Scaled(0.1))
	pages := writeSummary(t, "pdf", Summary{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Profile: seeds.DefaultProfile()})
	one := flat(pages[0])
	for _, want := range []string{"The plan in five lines", "Key figures", "other nations", "Weakest points", "more blockers",
		"Assumed rather than sourced"} {
		if !strings.Contains(one, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, one)
		}
	}
	if n := strings.Count(one, "Blocker "); n != planner.MaxWeakPoints {
		t.Errorf("page 1 names %d blockers, want %d", n, planner.MaxWeakPoints)
	}
}

// The charts stand where a reader looks for them, in every summary: the
// forces by nation and by location in the forces section, the heat map
// and the coverage in the scorecard. The PDF draws them (their legends are
// text in it); Markdown gives their data.
func TestSummaryCharts(t *testing.T) {
	s := referenceSummary(t)
	pdf := flat(strings.Join(writeSummary(t, "pdf", s)[1:], " "))
	for _, want := range []string{
		"Deterrence heat map", "Strong Weak Missing Credible Fragile Hollow",
		"Coverage by mechanism", "Denial Punishment Reassurance",
		"Forces by nation", "Coalition personnel by location", "In Ukraine", "Outside Ukraine",
	} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the annex lacks %q", want)
		}
	}
	md := writeSummary(t, "md", s)[0]
	forces := section(t, md, "## Forces")
	for _, want := range []string{"**Forces by nation**", "| Coalition | France | 0 | 0 | 14,850 | 14,850 |",
		"**Coalition personnel by location**", "| In Ukraine | Second line | 0 | 0 | 22,000 | 22,000 |"} {
		if !strings.Contains(forces, want) {
			t.Errorf("the Markdown forces section lacks %q", want)
		}
	}
	if score := section(t, md, "## Deterrence scorecard"); !strings.Contains(score, "**Coverage by mechanism**") {
		t.Error("the Markdown scorecard has no coverage by mechanism")
	}
}

// A chart with nothing to draw says so in words.
func TestSummaryChartsWithoutData(t *testing.T) {
	p := &planner.Plan{Title: "Empty", Phase: planner.PhaseCeasefire}
	text := flat(strings.Join(writeSummary(t, "pdf", Summary{Plan: p}), " "))
	for _, want := range []string{"No live contribution has personnel, so there are no forces to chart.",
		"No live coalition contribution has personnel, so there is nothing to chart."} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary of an empty plan lacks %q", want)
		}
	}
}

// A plan of a thousand red lines charts them gathered, not a thousand
// bars: the coverage chart ends in the red lines it could not draw, and
// the heat map says how many it left to the table under it.
func TestSummaryChartsGather(t *testing.T) {
	p := planner.Generate(planner.LargePlan)
	md := writeSummary(t, "html", Summary{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Profile: seeds.DefaultProfile()})[0]
	for _, want := range []string{"other red lines</text>", "more not drawn; the table lists every one.</text>", "<td>L1000  "} {
		if !strings.Contains(md, want) {
			t.Errorf("the HTML summary of 1,000 red lines lacks %q", want)
		}
	}
}

// The words a person reads: contributions by nation and capability, rules
// by their titles. Ids stay only where the plan has nothing else to say
// (a reference that names nothing).
func TestSummaryNamesNotIDs(t *testing.T) {
	s := referenceSummary(t)
	md := writeSummary(t, "md", s)[0]
	md = strings.ReplaceAll(md, `\_`, "_")
	if m := ids.FindString(md); m != "" {
		t.Errorf("the summary shows the id %q", m)
	}
	for _, want := range []string{
		"| C3 United Kingdom, rapid reaction; C7 France, rapid reaction; C27 United States, airlift |",
		"| C3 | United Kingdom \\[1, 2, 3\\] † | Rapid reaction |",
		"| Warning | Capability gap | Response “Coalition cyber-defence teams reinforce grid operators” |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if strings.Contains(md, s.Plan.ID) {
		t.Error("the summary prints the plan's id")
	}
}

// The audiences, in every summary format: a participant's copy has no
// inject, no finding about one, no count of them, no exercise evidence and
// no note on a red line; a release copy has none of that, no note on a
// term and no assumption's text, but still marks the assumed entries; the
// facilitator's has everything. Each names itself on its banner.
func TestAudiences(t *testing.T) {
	s := referenceSummary(t)
	p := s.Plan
	var injects, redLineNotes, termNotes, assumptions []string
	for _, in := range p.Injects {
		injects = append(injects, in.Title)
	}
	for _, r := range p.RedLines {
		if r.Notes != "" {
			redLineNotes = append(redLineNotes, r.Notes)
		}
		if r.Assumption != "" {
			assumptions = append(assumptions, r.Assumption)
		}
	}
	for _, term := range p.Terms {
		if term.Notes != "" {
			termNotes = append(termNotes, term.Notes)
		}
	}
	for _, c := range p.Contributions {
		if c.Assumption != "" {
			assumptions = append(assumptions, c.Assumption)
		}
	}
	if len(injects) == 0 || len(redLineNotes) == 0 || len(termNotes) == 0 || len(assumptions) == 0 {
		t.Fatal("the reference plan lacks injects, notes or assumptions to test with")
	}
	script := []string{"Exercise injects", "Exercise evidence", "exercise script."}
	tests := []struct {
		audience       Audience
		banner         string
		shown, notShow []string
		lists          [][]string // texts of which none may appear
		allShown       [][]string // texts of which each appears
	}{
		{Facilitator, "UNCLASSIFIED // WORKSHOP DRAFT", append(script, "Notes on red lines", "†"), []string{"participant copy", "release copy"},
			nil, [][]string{redLineNotes[:1], termNotes[:1], assumptions[:1]}},
		{Participant, "UNCLASSIFIED // WORKSHOP DRAFT — participant copy", []string{"†", "Participant copy: without the exercise script"},
			append(script, "Notes on red lines"), [][]string{injects, redLineNotes}, [][]string{termNotes[:1], assumptions[:1]}},
		{Release("OFFICIAL"), "OFFICIAL — release copy", []string{"†", "this copy does not say what is assumed"},
			append(script, "Notes on red lines", "Planning assumptions", "WORKSHOP DRAFT"), [][]string{injects, redLineNotes, termNotes, assumptions}, nil},
	}
	for _, tt := range tests {
		for _, format := range []string{"pdf", "md", "html"} {
			t.Run(tt.audience.Name()+"/"+format, func(t *testing.T) {
				s := s
				s.Audience = tt.audience
				pages := writeSummary(t, format, s)
				text := strings.Join(pages, " ")
				if format != "pdf" {
					// Markup aside: Markdown's escapes, HTML's entities.
					text = strings.NewReplacer(`\`, "", "&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "**", "").Replace(text)
				}
				flatText := flat(text)
				for i, page := range pages {
					if n := strings.Count(page, tt.banner); n < 2 {
						t.Errorf("page %d carries the banner %q %d times, want it at top and bottom", i+1, tt.banner, n)
					}
				}
				for _, want := range tt.shown {
					if !strings.Contains(flatText, flat(want)) {
						t.Errorf("the copy lacks %q", want)
					}
				}
				for _, no := range tt.notShow {
					if strings.Contains(flatText, flat(no)) {
						t.Errorf("the copy shows %q", no)
					}
				}
				for _, list := range tt.lists {
					for _, no := range list {
						if strings.Contains(flatText, flat(no)) {
							t.Errorf("the copy shows %q", no)
						}
					}
				}
				for _, list := range tt.allShown {
					for _, want := range list {
						if !strings.Contains(flatText, flat(want)) {
							t.Errorf("the copy lacks %q", want)
						}
					}
				}
			})
		}
	}
	// The plan itself is left as it was.
	if p.Injects[0].Title != injects[0] || p.RedLines[0].Notes == "" || p.Terms[0].Notes == "" && termNotes[0] == p.Terms[0].Notes {
		t.Error("writing a copy changed the plan")
	}
}

// Findings given by the caller (the app passes its own) lose those about
// an inject in a participant's copy, as those the summary works out do.
func TestParticipantCopyDropsFindingsAboutInjects(t *testing.T) {
	p := awkwardPlan()
	p.Injects[0].Observations[0].Indicator = "no_such_indicator"
	cat := seeds.Catalog().ForPlan(p)
	findings := planner.Check(p, cat, seeds.DefaultProfile())
	about := false
	for _, f := range findings {
		about = about || f.Subject == p.Injects[0].ID
	}
	if !about {
		t.Fatal("the test plan has no finding about its inject")
	}
	for _, given := range [][]planner.Finding{findings, nil} {
		md := writeSummary(t, "md", Summary{Plan: p, Catalog: cat, Profile: seeds.DefaultProfile(), Findings: given,
			Audience: Participant})[0]
		if strings.Contains(md, "Strike on Київ") || strings.Contains(md, "no\\_such\\_indicator") {
			t.Errorf("the participant's copy (findings given: %v) shows the inject's finding", given != nil)
		}
	}
}

func TestParseAudience(t *testing.T) {
	tests := []struct {
		name, classification string
		want                 Audience
		err                  string
	}{
		{"", "", Facilitator, ""},
		{"facilitator", "", Facilitator, ""},
		{"participant", "", Participant, ""},
		{"release", "OFFICIAL", Release("OFFICIAL"), ""},
		{"release", "  OFFICIAL  ", Release("OFFICIAL"), ""},
		{"release", "", Audience{}, "needs the classification"},
		{"release", strings.Repeat("X", 65), Audience{}, "at most 64"},
		{"release", "OFFICIAL\nSECRET", Audience{}, "classification:"},
		{"participant", "OFFICIAL", Audience{}, "only for a release copy"},
		{"player", "", Audience{}, "want one of facilitator|participant|release"},
	}
	for _, tt := range tests {
		got, err := ParseAudience(tt.name, tt.classification)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("ParseAudience(%q, %q): %v", tt.name, tt.classification, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseAudience(%q, %q) = %v, want an error saying %q", tt.name, tt.classification, err, tt.err)
		case got != tt.want:
			t.Errorf("ParseAudience(%q, %q) = %+v, want %+v", tt.name, tt.classification, got, tt.want)
		}
	}
}

// The working files refuse a copy for another audience: they are written
// whole, and the workbook and the plan file read back into the plan.
func TestExportRefusesAnAudienceForWorkingFiles(t *testing.T) {
	s := referenceSummary(t)
	s.Audience = Participant
	for _, f := range Formats {
		err := Export(&bytes.Buffer{}, f.Name, s)
		if TakesAudience(f.Name) != (err == nil) {
			t.Errorf("%s for a participant: %v", f.Name, err)
		}
	}
}
