package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
	"redline/storage"
)

// branchingPlan is a small plan whose script branches on a decision:
// inj-talks plays only if the coalition approved the snapback at inj-1,
// inj-escalate only if it did not.
const branchingPlan = `{"format":"redline-plan/v1","id":"6f1d3c1e-5a4f-4c2e-9a71-2025c0a1f00b","title":"Branching drill","phase":"ceasefire",
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
 {"id":"inj-escalate","at_hours":24,"title":"Strikes on Kharkiv","when":[{"response":"resp-snapback","outcome":"approved","not":true}],
  "observations":[{"indicator":"strikes_cities","value":40}]}]}`

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const approveSnapback = `{"format":"redline-decisions/v1","decisions":[
 {"inject":"inj-1","red_line":"rl-ground","response":"resp-snapback","choice":"approved"}]}`

func TestExerciseDecisions(t *testing.T) {
	dir := t.TempDir()
	plan := writeFile(t, dir, "plan.json", branchingPlan)
	approve := writeFile(t, dir, "approve.json", approveSnapback)
	nothing := writeFile(t, dir, "nothing.json", `{"format":"redline-decisions/v1","decisions":[
		{"inject":"inj-9","red_line":"rl-ground","response":"resp-snapback","choice":"approved"},
		{"inject":"inj-1","red_line":"rl-ground","response":"resp-isr","choice":"rejected"}]}`)
	malformed := writeFile(t, dir, "bad.json", `{"format":"redline-decisions/v1","decisions":[
		{"inject":"inj-1","red_line":"rl-ground","response":"resp-snapback","choice":"approve"}]}`)
	notDecisions := writeFile(t, dir, "plan-as-decisions.json", branchingPlan)
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{name: "without decisions the escalation plays", args: []string{"exercise", plan}, stdout: []string{
			"inj-talks  Moscow asks for talks\n        skipped: it plays only if the coalition approved resp-snapback\n",
			"decision  resp-snapback (for rl-ground): the coalition must decide",
			"inj-escalate  Strikes on Kharkiv\n        crossed: rl-cities",
			"ongoing   resp-isr (for rl-cities): already under way, effective T+12h",
			"3 injects, 1 skipped, 2 crossings, 1 fired, 2 decisions, 0 blocked, 1 ongoing"}},
		{name: "an approval from a file plays the talks", args: []string{"exercise", "--decisions", approve, plan}, stdout: []string{
			"exercise · 3 injects · starts in ceasefire · 1 decision recorded",
			"decision  resp-snapback (for rl-ground): approved by the coalition",
			"inj-escalate  Strikes on Kharkiv\n        skipped: it plays only if the coalition did not approve resp-snapback\n",
			"3 injects, 1 skipped, 1 crossing, 1 fired, 1 decision, 0 blocked, 0 ongoing"}},
		{name: "as JSON", args: []string{"exercise", "--format", "json", "--decisions", approve, plan}, stdout: []string{
			`"inject": "inj-talks",
      "at_hours": 24,
      "phase": "ceasefire",
      "skipped": false,`,
			`"summary": {
    "injects": 3,
    "skipped": 1,
    "crossed": 1,
    "fired": 1,
    "decision": 1,
    "blocked": 0,
    "ongoing": 0
  }`}},
		{name: "decisions that match nothing are ignored", args: []string{"exercise", "--decisions", nothing, plan}, stdout: []string{
			"inj-talks  Moscow asks for talks\n        skipped", "3 injects, 1 skipped, 2 crossings"}},
		{name: "decisions on standard input", stdin: approveSnapback, args: []string{"exercise", "--decisions", "-", plan}, stdout: []string{
			"approved by the coalition"}},
		{name: "a malformed decisions file names its JSON path", args: []string{"exercise", "--decisions", malformed, plan}, code: 2,
			stderr: malformed + `: decisions[0].choice: want one of approved rejected deferred, got "approve"`},
		{name: "a plan is not a decisions file", args: []string{"exercise", "--decisions", notDecisions, plan}, code: 2,
			stderr: notDecisions + `: format: want "redline-decisions/v1", got "redline-plan/v1"`},
		{name: "a missing decisions file", args: []string{"exercise", "--decisions", filepath.Join(dir, "none.json"), plan}, code: 2,
			stderr: "no such file"},
		{name: "both --decisions and --run", args: []string{"exercise", "--decisions", approve, "--run", "r-1", plan}, code: 2,
			stderr: "give either --decisions FILE or --run ID, not both"},
		{name: "the plan and the decisions both on standard input", args: []string{"exercise", "--decisions", "-", "-"}, code: 2,
			stderr: "cannot both come from standard input"},
		{name: "a condition naming a missing response refuses to run",
			stdin: strings.Replace(branchingPlan, `{"response":"resp-snapback","outcome":"approved"}`, `{"response":"resp-gone","outcome":"approved"}`, 1),
			args:  []string{"exercise", "-"}, code: 2, stderr: `inj-talks: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			for _, w := range tt.stdout {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.stderr)
			}
			if tt.code == 2 && out != "" {
				t.Errorf("stdout on exit 2: %s", out)
			}
		})
	}
}

// TestExerciseJSONIsTheEngineResult: the streamed output is what
// encoding/json writes for the engine's result, as `check` writes JSON.
func TestExerciseJSONIsTheEngineResult(t *testing.T) {
	dir := t.TempDir()
	plan := writeFile(t, dir, "plan.json", branchingPlan)
	approve := writeFile(t, dir, "approve.json", approveSnapback)
	for _, args := range [][]string{{plan}, {"--decisions", approve, plan}, {reference}} {
		code, out, errOut := run(t, "", append([]string{"exercise", "--format", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		p, err := (&cli{}).loadPlan(args[len(args)-1])
		if err != nil {
			t.Fatal(err)
		}
		var ds []planner.RunDecision
		if len(args) > 1 {
			ds, _ = planner.DecodeDecisions([]byte(approveSnapback))
		}
		res, err := planner.RunExercise(p, seeds.Catalog().ForPlan(p), ds...)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := writeJSON(&want, res); err != nil {
			t.Fatal(err)
		}
		if out != want.String() {
			t.Errorf("%v: streamed output differs from encoding/json's", args)
		}
		var back planner.ExerciseResult
		if err := json.Unmarshal([]byte(out), &back); err != nil || back.Summary != res.Summary {
			t.Errorf("%v: output reads back as %+v (%v)", args, back.Summary, err)
		}
	}
}

// TestExerciseRun: --run takes the decisions of a run saved in the app,
// on the plan given, or on the revision the run played.
func TestExerciseRun(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	plan := writeFile(t, dir, "plan.json", branchingPlan)
	p, err := planner.DecodePlan([]byte(branchingPlan))
	if err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rev, err := st.SavePlan(ctx, p, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	r := storage.Run{PlanID: p.ID, PlanRevision: rev, Title: "Drill", Position: 1,
		Decisions: []storage.Decision{{Inject: "inj-1", RedLine: "rl-ground", Response: "resp-snapback", Choice: planner.Approved, Note: "Unanimous"}},
		Notes:     []storage.Note{{AtHours: 0, Text: "Quick consensus"}}}
	if err := st.SaveRun(ctx, &r); err != nil {
		t.Fatal(err)
	}
	// A second revision renames the talks inject: a run keeps playing the
	// revision it played, a plan given is played as it is.
	p2 := *p
	p2.Injects = append([]planner.Inject(nil), p.Injects...)
	p2.Injects[1].Title = "Moscow proposes talks in Istanbul"
	if _, err := st.SavePlan(ctx, &p2, rev, ""); err != nil {
		t.Fatal(err)
	}
	other := writeFile(t, dir, "other.json", strings.Replace(branchingPlan, "6f1d3c1e-5a4f-4c2e-9a71-2025c0a1f00b", "7f1d3c1e-5a4f-4c2e-9a71-2025c0a1f00c", 1))
	st.Close()

	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		not    string
		stderr string
	}{
		{name: "the revision the run played, with its decisions", args: []string{"exercise", "--db", db, "--run", r.ID}, stdout: []string{
			"inj-talks  Moscow asks for talks\n        no red line crossed", "approved by the coalition", "inj-escalate  Strikes on Kharkiv\n        skipped"},
			not: "Istanbul"},
		{name: "the whole script, as far as the run got or not", args: []string{"exercise", "--format", "json", "--db", db, "--run", r.ID},
			stdout: []string{`"injects": 3,`, `"skipped": 1,`}},
		{name: "a stored plan's newest revision", args: []string{"exercise", "--db", db, "--plan", p.ID, "--run", r.ID}, stdout: []string{
			"Moscow proposes talks in Istanbul\n        no red line crossed"}},
		{name: "a plan file", args: []string{"exercise", "--db", db, "--run", r.ID, plan}, stdout: []string{
			"Moscow asks for talks\n        no red line crossed", "1 decision recorded"}},
		{name: "a plan file of another plan warns", args: []string{"exercise", "--db", db, "--run", r.ID, other}, stdout: []string{
			"approved by the coalition"}, stderr: "warning: run " + r.ID + " played plan " + p.ID},
		{name: "the report of the run as far as it got", args: []string{"exercise", "--db", db, "--run", r.ID, "--report", "md", "-o", "-"},
			stdout: []string{"# Drill", "1 of 3 (the run stopped early)", "Approved by the coalition at T+0h", "Unanimous", "Quick consensus"},
			not:    "Moscow asks for talks"},
		{name: "the report on a plan file plays the whole script", args: []string{"exercise", "--db", db, "--run", r.ID, "--report", "md", "-o", "-", plan},
			stdout: []string{"# Drill", "**Injects played:** all 3", "Moscow asks for talks",
				"Skipped: it plays only if the coalition did not approve “Sanctions snapback”"}},
		{name: "an unknown run", args: []string{"exercise", "--db", db, "--run", "no-such-run"}, code: 2, stderr: "no-such-run"},
		{name: "a plan file and --plan", args: []string{"exercise", "--db", db, "--run", r.ID, "--plan", p.ID, plan}, code: 2,
			stderr: "give either --plan ID or a plan file, not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			for _, w := range tt.stdout {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if tt.not != "" && strings.Contains(out, tt.not) {
				t.Errorf("stdout has %q:\n%s", tt.not, out)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.stderr)
			}
		})
	}
}
