package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// The reference plan's scorecards. H11 re-audits the reference plan's
// data: after a change there, regenerate with go test -update and read the
// diff, red line by red line.
func TestScoreGoldens(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"score.txt", []string{"score", "--stress", "all", reference}},
		{"score.json", []string{"score", "--format", "json", "--stress=all", reference}},
		{"score-help.txt", []string{"score", "--help"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, errOut := run(t, "", tt.args...)
			if code != exitOK {
				t.Fatalf("exit %d; stderr: %s", code, errOut)
			}
			golden(t, tt.golden, out)
		})
	}
}

func TestScoreCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fast := write("fast.json", `{"format":"redline-profile/v1","id":"fast","title":"Rapid means 12 hours","base":"coalition-2025",
		"params":{"rapid_hours":12}}`)
	badProfile := write("bad.json", `{"format":"redline-profile/v1","id":"bad","title":"Bad","base":"coalition-2025","params":{"rapid_houres":12}}`)
	broken := `{"format":"redline-plan/v1","title":"Broken draft","phase":"ceasefire",
		"red_lines":[{"id":"rl-x","title":"Ground incursion","domain":"land","severity":5}],
		"links":[{"red_line":"rl-x","response":"resp-gone","trigger":"automatic"}]}`
	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		stdout   string // a part of standard output
		stderr   string // a part of standard error
		noStdout bool
	}{
		{name: "the reference plan", args: []string{"score", reference}, stdout: "CREDIBLE  Ground incursion across the contact line"},
		{name: "one stress test", args: []string{"score", "--stress", "veto", reference}, stdout: "    veto  "},
		{name: "stress tests separated by commas", args: []string{"score", "--stress", "veto,war-resumes", reference}, stdout: "    war-resumes "},
		{name: "a stress test given twice counts once", args: []string{"score", "--format", "json", "--stress", "veto", "--stress", "veto", reference},
			stdout: `"stress": [
    "veto"
  ],`},
		{name: "an unknown stress test lists the names", args: []string{"score", "--stress", "us-hold-back", reference}, code: exitBadInput,
			stderr: `unknown stress test "us-hold-back"; the stress tests are us-holds-back, war-resumes, conditional-fail, pledges-fail, veto, all`, noStdout: true},
		{name: "a profile as a stress test", args: []string{"score", "--stress", fast, reference}, stdout: "profile:fast"},
		{name: "a malformed profile as a stress test", args: []string{"score", "--stress", badProfile, reference}, code: exitBadInput,
			stderr: "params.rapid_houres", noStdout: true},
		{name: "scored against another profile", args: []string{"score", "--profile", fast, reference}, stdout: "within the 12 h of a rapid response"},
		{name: "an unknown format", args: []string{"score", "--format", "xml", reference}, code: exitBadInput, stderr: "want text or json"},
		{name: "no plan", args: []string{"score"}, code: exitBadInput, stderr: "missing plan"},
		{name: "not JSON", stdin: `{"format":`, args: []string{"score", "-"}, code: exitBadInput, stderr: "stdin: not JSON", noStdout: true},
		{name: "a plan with broken references still scores", stdin: broken, args: []string{"score", "-"},
			stdout: `The matrix link to response "resp-gone", which does not exist, counts for nothing.`},
		{name: "--db without --plan", args: []string{"score", "--db", filepath.Join(dir, "x.db"), reference}, code: exitBadInput, stderr: "--db and --revision go with --plan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
			if tt.noStdout && out != "" {
				t.Errorf("stdout should be empty:\n%s", out)
			}
		})
	}
}

// A stored plan scores as its file does.
func TestScoreStoredPlan(t *testing.T) {
	db := filepath.Join(t.TempDir(), "redline.db")
	code, out, errOut := run(t, "", "import", "--db", db, reference)
	if code != exitOK {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	id := strings.TrimSpace(out)
	_, fromFile, _ := run(t, "", "score", "--format", "json", "--stress", "all", reference)
	code, fromStore, errOut := run(t, "", "score", "--format", "json", "--stress", "all", "--db", db, "--plan", id)
	if code != exitOK {
		t.Fatalf("score --plan: exit %d: %s", code, errOut)
	}
	if fromFile != fromStore {
		t.Error("the stored plan scores otherwise than its file")
	}
}

// The JSON keys come in the order of the contract, always.
func TestScoreJSONKeyOrder(t *testing.T) {
	_, out, _ := run(t, "", "score", "--format", "json", "--stress", "veto", reference)
	keys := func(raw json.RawMessage) []string {
		dec := json.NewDecoder(bytes.NewReader(raw))
		var ks []string
		if _, err := dec.Token(); err != nil {
			t.Fatal(err)
		}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			ks = append(ks, tok.(string))
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				t.Fatal(err)
			}
		}
		return ks
	}
	var doc struct {
		RedLines []struct {
			Factors []json.RawMessage `json:"factors"`
			Stress  []json.RawMessage `json:"stress"`
		} `json:"red_lines"`
		RedLineRaw []json.RawMessage `json:"-"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		RedLines []json.RawMessage `json:"red_lines"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what string
		raw  json.RawMessage
		want string
	}{
		{"the scorecard", json.RawMessage(out), "plan profile stress red_lines plan_wide"},
		{"a red line", raw.RedLines[0], "red_line title grade factors stress"},
		{"a factor", doc.RedLines[0].Factors[0], "factor level message sources"},
		{"a stress result", doc.RedLines[0].Stress[0], "name grade changed"},
	} {
		if got := strings.Join(keys(c.raw), " "); got != c.want {
			t.Errorf("%s has keys %q, want %q", c.what, got, c.want)
		}
	}
	if _, again, _ := run(t, "", "score", "--format", "json", "--stress", "veto", reference); again != out {
		t.Error("two runs print different JSON")
	}
}

// Text from the plan is escaped, as everywhere in redlinectl: a plan built
// in code, or saved before the loader refused control characters, cannot
// rewrite the terminal through its scorecard.
func TestScoreEscapesControlCharacters(t *testing.T) {
	p := hostilePlan()
	prof := seeds.DefaultProfile()
	var out bytes.Buffer
	writeScoreText(&out, p, prof, planner.ScoreStress(p, seeds.Catalog(), prof, planner.StressTests))
	for _, want := range []string{`Plan\x1b]2;owned\x07\x1b[2J`, `Incursion\n0 blockers`, `“RRF\u009b2J”`, `“Start\x07\x7f”`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, out.String())
		}
	}
	if strings.ContainsFunc(strings.ReplaceAll(out.String(), "\n", ""), planner.IsControl) {
		t.Errorf("a control character reached the terminal:\n%q", out.String())
	}
}
