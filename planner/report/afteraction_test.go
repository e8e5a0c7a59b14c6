package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"redline/planner"
	"redline/seeds"
)

// branching is a script that branches on the coalition's decision on the
// snapback at inj-1: talks if approved, strikes on Kharkiv if not.
const branching = `{"format":"redline-plan/v1","title":"Branching drill","phase":"ceasefire",
"red_lines":[{"id":"rl-ground","title":"Ground incursion","domain":"land","indicator":"loc_ground_incursion","threshold":{"op":">=","value":500},"severity":5},
 {"id":"rl-cities","title":"Strikes on cities","domain":"air","indicator":"strikes_cities","threshold":{"op":">=","value":20},"severity":4}],
"responses":[{"id":"resp-isr","title":"ISR surge","kind":"military","mechanism":"denial","lead":"GB","hours_to_effect":12},
 {"id":"resp-snapback","title":"Sanctions snapback","kind":"economic","mechanism":"punishment","lead":"FR","hours_to_effect":72}],
"links":[{"red_line":"rl-ground","response":"resp-isr","trigger":"automatic"},
 {"red_line":"rl-ground","response":"resp-snapback","trigger":"consultation"},
 {"red_line":"rl-cities","response":"resp-snapback","trigger":"consultation"},
 {"red_line":"rl-cities","response":"resp-isr","trigger":"automatic"}],
"injects":[{"id":"inj-1","at_hours":0,"title":"Probe across the line","observations":[{"indicator":"loc_ground_incursion","value":800}]},
 {"id":"inj-talks","at_hours":24,"title":"Moscow asks for talks","when":[{"response":"resp-snapback","outcome":"approved"}]},
 {"id":"inj-escalate","at_hours":30,"title":"Strikes on Kharkiv","when":[{"response":"resp-snapback","outcome":"approved","not":true}],
  "observations":[{"indicator":"strikes_cities","value":40}]}]}`

func branchingReport(t *testing.T, decisions ...planner.RunDecision) string {
	t.Helper()
	p, err := planner.DecodePlan([]byte(branching))
	if err != nil {
		t.Fatal(err)
	}
	a := AfterAction{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Profile: seeds.DefaultProfile(), Decisions: decisions}
	var b bytes.Buffer
	if err := WriteAfterActionMarkdown(&b, a); err != nil {
		t.Fatal(err)
	}
	if err := WriteAfterActionPDF(io.Discard, a); err != nil {
		t.Fatalf("PDF: %v", err)
	}
	if u, err := UnprintableAfterAction(a); err != nil || u != nil {
		t.Errorf("the PDF cannot show: %v (%v)", u, err)
	}
	return b.String()
}

func TestAfterActionOfABranchingScript(t *testing.T) {
	approved := planner.RunDecision{Inject: "inj-1", RedLine: "rl-ground", Response: "resp-snapback", Choice: planner.Approved, Note: "Unanimous"}
	onSkipped := planner.RunDecision{Inject: "inj-escalate", RedLine: "rl-cities", Response: "resp-snapback", Choice: planner.Rejected, Note: "Too late"}
	tests := []struct {
		name      string
		decisions []planner.RunDecision
		want      []string
		not       []string
	}{
		{"a skipped inject says which condition failed, with titles", []planner.RunDecision{approved},
			[]string{"| T+30h | Strikes on Kharkiv | Ceasefire | Skipped: it plays only if the coalition did not approve “Sanctions snapback” |",
				"**Injects skipped:** 1 (a condition of theirs did not hold)", "| Injects | 3 injects | Inject played: 2; Inject skipped: 1 |"},
			[]string{"resp-snapback”"}},
		{"the lessons of a run with an open decision", nil,
			[]string{"- “Sanctions snapback” never got under way: put to the coalition at T+0h and T+30h and never decided.",
				"|  | Sanctions snapback | Put to the coalition: T+0h, T+30h |"}, nil},
		{"the lessons of a run whose every response got under way", []planner.RunDecision{approved},
			[]string{"- Every response the run called on got under way, every decision put to the coalition was taken, " +
				"and every red line crossed had an answer that was not blocked.",
				"|  | Sanctions snapback | Put to the coalition: T+0h; Approved: T+0h; Under way: T+0h–T+72h; In effect: T+72h–T+72h |"},
			[]string{"never got under way"}},
		{"the lessons of a rejected decision", []planner.RunDecision{{Inject: "inj-1", RedLine: "rl-ground", Response: "resp-snapback",
			Choice: planner.Rejected, AtHours: 4}},
			[]string{"- “Sanctions snapback” never got under way: put to the coalition at T+30h and never decided; rejected at T+0h.",
				"|  | Sanctions snapback | Put to the coalition: T+0h, T+30h; Rejected: T+4h |"}, nil},
		{"a recorded decision reads as the decision", []planner.RunDecision{approved},
			[]string{"| Sanctions snapback | Approved by the coalition at T+0h |", "| Approved | T+0h (as it was put) | Unanimous |"},
			[]string{"Waiting for a coalition decision: approved", "Waiting for a coalition decision"}},
		{"an open decision waits", nil,
			[]string{"| Sanctions snapback | Waiting for a coalition decision |", "Skipped: it plays only if the coalition approved “Sanctions snapback”"},
			[]string{"Waiting for a coalition decision: not decided"}},
		{"an ongoing response in words", nil,
			[]string{"| ISR surge | Already under way, effective at T+12h |", "**Responses already under way:** 1"}, nil},
		{"a decision on a skipped inject is kept, and said to be", []planner.RunDecision{approved, onSkipped},
			[]string{"| Rejected | — | Too late (on an inject that was skipped) |"}, nil},
		{"a decision no longer put to the coalition is kept, and said to be",
			[]planner.RunDecision{{Inject: "inj-1", RedLine: "rl-ground", Response: "resp-isr", Choice: planner.Deferred, Note: "Wait"}},
			[]string{"| Deferred | T+0h (as it was put) | Wait (not put to a decision in this run) |"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := branchingReport(t, tt.decisions...)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("report lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("report has %q", w)
				}
			}
		})
	}
}

// When the room decided: on the exercise clock after the inject put it,
// and into the session by the wall clock, each when recorded.
func TestDecidedWhen(t *testing.T) {
	start := time.Date(2025, 9, 4, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name    string
		d       planner.RunDecision
		putAt   float64
		started time.Time
		want    string
	}{
		{"eight exercise hours and 47 minutes on", planner.RunDecision{AtHours: 20, At: start.Add(47 * time.Minute)}, 12, start,
			"T+20h (8 h after it was put); 47 min into the session"},
		{"at once, over an hour in", planner.RunDecision{AtHours: 12, At: start.Add(65 * time.Minute)}, 12, start,
			"T+12h (as it was put); 1 h 05 min into the session"},
		{"at the start of the exercise", planner.RunDecision{AtHours: 0, At: start.Add(20 * time.Second)}, 0, start,
			"T+0h (as it was put); under a minute into the session"},
		{"stored before the clock was recorded", planner.RunDecision{At: start.Add(5 * time.Minute)}, 12, start,
			"5 min into the session"},
		{"no start to count from", planner.RunDecision{AtHours: 14, At: start}, 12, time.Time{}, "T+14h (2 h after it was put)"},
		{"nothing recorded", planner.RunDecision{}, 12, start, "—"},
	}
	for _, tt := range tests {
		if got := decidedWhen(&tt.d, tt.putAt, tt.started); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// The HTML report draws the timeline as an inline SVG that a browser, and
// an XML parser, reads: its title, legend and lanes in words.
func TestAfterActionHTMLDrawsTheTimeline(t *testing.T) {
	var b bytes.Buffer
	if err := WriteAfterActionHTML(&b, referenceRun(t)); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	start, end := strings.Index(page, "<svg"), strings.Index(page, "</svg>")
	if start < 0 || end < start {
		t.Fatal("the page has no SVG")
	}
	var svg struct {
		Title string `xml:"title"`
		Desc  string `xml:"desc"`
		Texts []struct {
			Text string `xml:",chardata"`
		} `xml:"text"`
	}
	dec := xml.NewDecoder(strings.NewReader(page[start : end+len("</svg>")]))
	dec.Strict = true
	if err := dec.Decode(&svg); err != nil {
		t.Fatalf("the inline SVG is not well-formed: %v", err)
	}
	if svg.Title != "Timeline of the run" {
		t.Errorf("title %q", svg.Title)
	}
	shown := map[string]bool{}
	for _, x := range svg.Texts {
		shown[x.Text] = true
	}
	for _, w := range []string{"Inject played", "Inject skipped", "Red line crossed", "Put to the coalition", "Approved", "Deferred",
		"Under way", "In effect", "Blocked", "Sustained ceasefire violations", "Sanctions snapback", "Ceasefire", "War", "T+168h"} {
		if !shown[w] {
			t.Errorf("the SVG does not show %q", w)
		}
		if !strings.Contains(svg.Desc, w) && strings.Contains("Inject played Under way Blocked", w) {
			t.Errorf("the SVG's description does not name %q", w)
		}
	}
	if strings.Contains(page, "<?xml") {
		t.Error("an XML declaration inside the HTML page")
	}
}

// No id where a title or name exists: the reference run's report names
// red lines, responses, injects, contributions, the plan and its profile
// only by their titles and names, in every format.
func TestAfterActionShowsNoIDs(t *testing.T) {
	a := referenceRun(t)
	p := a.Plan
	ids := map[string]string{p.ID: "the plan", a.Profile.ID: "the profile"}
	for _, r := range p.RedLines {
		ids[r.ID] = "red line"
	}
	for _, r := range p.Responses {
		ids[r.ID] = "response"
	}
	for _, in := range p.Injects {
		ids[in.ID] = "inject"
	}
	for _, c := range p.Contributions {
		ids[c.ID] = "contribution"
	}
	token := func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') }
	for _, tc := range []struct {
		format string
		write  func(*bytes.Buffer) error
	}{
		{"Markdown", func(b *bytes.Buffer) error { return WriteAfterActionMarkdown(b, a) }},
		{"HTML", func(b *bytes.Buffer) error { return WriteAfterActionHTML(b, a) }},
		{"PDF", func(b *bytes.Buffer) error {
			var pdf bytes.Buffer
			if err := WriteAfterActionPDF(&pdf, a); err != nil {
				return err
			}
			b.WriteString(strings.Join(pdfPages(t, pdf.Bytes()), "\n"))
			return nil
		}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			for _, w := range strings.FieldsFunc(b.String(), token) {
				if what, ok := ids[w]; ok {
					t.Errorf("the report shows the id of %s %q", what, w)
				}
			}
		})
	}
}
