package report

import (
	"bytes"
	"io"
	"strings"
	"testing"

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
				"**Injects skipped:** 1 (a condition of theirs did not hold)"},
			[]string{"resp-snapback”"}},
		{"a recorded decision reads as the decision", []planner.RunDecision{approved},
			[]string{"| Sanctions snapback | Approved by the coalition at T+0h |", "| Approved | Unanimous |"},
			[]string{"Waiting for a coalition decision: approved", "Waiting for a coalition decision"}},
		{"an open decision waits", nil,
			[]string{"| Sanctions snapback | Waiting for a coalition decision |", "Skipped: it plays only if the coalition approved “Sanctions snapback”"},
			[]string{"Waiting for a coalition decision: not decided"}},
		{"an ongoing response in words", nil,
			[]string{"| ISR surge | Already under way, effective at T+12h |", "**Responses already under way:** 1"}, nil},
		{"a decision on a skipped inject is kept, and said to be", []planner.RunDecision{approved, onSkipped},
			[]string{"| Rejected | Too late (on an inject that was skipped) |"}, nil},
		{"a decision no longer put to the coalition is kept, and said to be",
			[]planner.RunDecision{{Inject: "inj-1", RedLine: "rl-ground", Response: "resp-isr", Choice: planner.Deferred, Note: "Wait"}},
			[]string{"| Deferred | Wait (not put to a decision in this run) |"}, nil},
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
