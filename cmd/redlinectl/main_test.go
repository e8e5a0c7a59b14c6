package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"redline/planner"
	"redline/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const reference = "../../seeds/reference-plan.redline.json"

// testClock dates the summaries the tests write.
func testClock() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }

// run runs redlinectl in-process and returns its exit code and output.
func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	c := &cli{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, now: testClock}
	code = c.main(args)
	return code, out.String(), errOut.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test -update after checking the change):\n--- got\n%s", path, got)
	}
}

func TestReferencePlanGoldens(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
		code   int
	}{
		{"check.txt", []string{"check", reference}, 0},
		{"check.json", []string{"check", "--format", "json", reference}, 0},
		{"exercise.txt", []string{"exercise", reference}, 0},
		{"exercise.json", []string{"exercise", "--format=json", reference}, 0},
		{"help.txt", []string{"--help"}, 0},
		{"check-help.txt", []string{"check", "--help"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, errOut := run(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			golden(t, tt.golden, out)
		})
	}
}

func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	usTroops := write("us.json", `{"format":"redline-plan/v1","title":"US troops","phase":"ceasefire",
		"contributions":[{"id":"c-us-1","nation":"US","capability":"training","personnel":200,
		"location":"second_line","activation":"ceasefire","status":"pledged","months":12}]}`)
	warningsOnly := write("warn.json", `{"format":"redline-plan/v1","title":"Small force","phase":"ceasefire",
		"contributions":[{"id":"c-gb-1","nation":"GB","capability":"training","personnel":200,
		"location":"second_line","activation":"ceasefire","status":"pledged","months":12},
		{"id":"c-pl-ad","nation":"PL","capability":"air_defense","location":"nato_territory","activation":"immediate","status":"confirmed"},
		{"id":"c-ua-lr","nation":"UA","capability":"long_range_strike","location":"rear","activation":"immediate","status":"confirmed"}]}`)
	malformed := write("bad.json", `{"format":"redline-plan/v1","title":"Bad","phase":"ceasefire",
		"red_lines":[{"id":"rl-1","title":"x","domain":"land","indicator":"loc_ground_incursion",
		"threshold":{"op":"=>","value":500},"severity":5}]}`)
	profile := write("profile.json", `{"format":"redline-profile/v1","id":"us-troops-allowed",
		"title":"Excursion: US ground contingent allowed","base":"coalition-2025",
		"params":{"no_ground_presence":[]},"severity":{"no-forward-presence":"off","force-size":"blocker"}}`)
	badProfile := write("badprofile.json", `{"format":"redline-profile/v1","id":"x","title":"x","base":"coalition-2025",
		"params":{"no_ground_presense":[]}}`)

	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		stdout   string // substring expected on stdout
		stderr   string // substring expected on stderr
		noStdout bool
	}{
		{name: "reference plan has no blocker", args: []string{"check", reference}, code: 0},
		{name: "reference plan fails strict on its warning", args: []string{"check", "--strict", reference}, code: 1},
		{name: "flags after the plan", args: []string{"check", reference, "--strict"}, code: 1},
		{name: "US ground troops are a blocker", args: []string{"check", usTroops}, code: 1, stdout: "no-us-ground-troops  c-us-1"},
		{name: "warnings only pass without strict", args: []string{"check", warningsOnly}, code: 0, stdout: "force-size"},
		{name: "warnings only fail with strict", args: []string{"check", "--strict", warningsOnly}, code: 1},
		{name: "custom profile allows US troops but makes force size a blocker", args: []string{"check", "--profile", profile, usTroops},
			code: 1, stdout: "BLOCKER  force-size  (plan)"},
		{name: "malformed plan names the path", args: []string{"check", malformed}, code: 2,
			stderr: `red_lines[0].threshold.op: want one of > >= < <= ==, got "=>"`, noStdout: true},
		{name: "malformed profile names the parameter", args: []string{"check", "--profile", badProfile, usTroops}, code: 2,
			stderr: "params.no_ground_presense: unknown key", noStdout: true},
		{name: "missing file", args: []string{"check", filepath.Join(dir, "nope.json")}, code: 2, stderr: "no such file", noStdout: true},
		{name: "no plan given", args: []string{"check"}, code: 2, stderr: "missing plan"},
		{name: "two plans given", args: []string{"check", reference, reference}, code: 2, stderr: "want one plan"},
		{name: "unknown flag", args: []string{"check", "--strictly", reference}, code: 2, stderr: "flag provided but not defined"},
		{name: "unknown format", args: []string{"check", "--format", "xml", reference}, code: 2, stderr: "want text or json"},
		{name: "plan on stdin", stdin: `{"format":"redline-plan/v1","title":"T","phase":"war"}`, args: []string{"check", "-"}, code: 0,
			stdout: "no-forward-presence"},
		{name: "not JSON on stdin", stdin: `{"format":`, args: []string{"check", "-"}, code: 2, stderr: "stdin: not JSON"},
		{name: "unknown profile named by the plan", stdin: `{"format":"redline-plan/v1","title":"T","phase":"war","profile":"elsewhere"}`,
			args: []string{"check", "-"}, code: 2, stderr: `profile "elsewhere"`},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: "unknown command"},
		{name: "no command", args: nil, code: 2, stderr: "Usage"},
		{name: "exercise of a plan with a dangling link refuses to run", stdin: `{"format":"redline-plan/v1","title":"T","phase":"war",
			"links":[{"red_line":"rl-x","response":"resp-y","trigger":"automatic"}]}`, args: []string{"exercise", "-"}, code: 2,
			stderr: "link:rl-x:resp-y", noStdout: true},
		{name: "export of a malformed plan", args: []string{"export", "--format", "json", malformed}, code: 2, noStdout: true},
		{name: "export in a format Redline does not write", args: []string{"export", "--format", "docx", reference}, code: 2},
		{name: "gen rejects a negative count", args: []string{"gen", "--links", "-5"}, code: 2},
		{name: "each command has help", args: []string{"exercise", "--help"}, code: 0, stdout: "Usage: redlinectl exercise"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
			if tt.noStdout && out != "" {
				t.Errorf("want no output on failure, got:\n%s", out)
			}
		})
	}
}

func TestCheckJSONShape(t *testing.T) {
	code, out, _ := run(t, "", "check", "--format", "json", reference)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"plan", "profile", "findings", "counts"} {
		if _, ok := got[key]; !ok {
			t.Errorf("output lacks %q", key)
		}
	}
	var rep checkReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Plan != seeds.ReferencePlanTitle || rep.Profile != "coalition-2025" {
		t.Errorf("plan %q profile %q", rep.Plan, rep.Profile)
	}
	if rep.Counts != planner.Count(rep.Findings) {
		t.Errorf("counts %+v do not tally the findings", rep.Counts)
	}
}

func TestCheckJSONOfCleanPlanHasEmptyList(t *testing.T) {
	profile := filepath.Join(t.TempDir(), "quiet.json")
	var sev []string
	for _, id := range planner.RuleIDs() {
		sev = append(sev, `"`+id+`":"off"`)
	}
	os.WriteFile(profile, []byte(`{"format":"redline-profile/v1","id":"quiet","title":"Quiet","base":"coalition-2025","severity":{`+
		strings.Join(sev, ",")+`}}`), 0o644)
	code, out, errOut := run(t, `{"format":"redline-plan/v1","title":"T","phase":"war"}`, "check", "--format", "json", "--profile", profile, "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"findings": []`) || !strings.Contains(out, `"profile": "quiet"`) {
		t.Errorf("want an empty findings list and the custom profile id:\n%s", out)
	}
}

func TestExportJSONRoundTrip(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first.json")
	second := filepath.Join(dir, "second.json")
	if code, _, errOut := run(t, "", "export", "--format", "json", "-o", first, reference); code != 0 {
		t.Fatalf("first export: exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, "", "export", "--format", "json", "-o", second, first); code != 0 {
		t.Fatalf("second export: exit %d: %s", code, errOut)
	}
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	ref, _ := os.ReadFile(reference)
	if !bytes.Equal(a, b) || !bytes.Equal(a, ref) {
		t.Error("export → import → export is not byte-identical (or the reference file is not canonical)")
	}
}

func TestExportLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "plan.json")
	os.WriteFile(out, []byte("previous"), 0o644)
	code, _, _ := run(t, `{"format":"redline-plan/v1"`, "export", "--format", "json", "-o", out, "-")
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if got, _ := os.ReadFile(out); string(got) != "previous" {
		t.Errorf("a failed export changed the output file to %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("a failed export left files behind: %v", entries)
	}
	code, _, errOut := run(t, "", "export", "--format", "json", "-o", filepath.Join(dir, "missing", "plan.json"), reference)
	if code != 2 || !strings.Contains(errOut, "cannot write") {
		t.Errorf("export to an unwritable path: exit %d, stderr %q", code, errOut)
	}
}

func TestGenWritesAValidPlanOfTheRequestedSize(t *testing.T) {
	code, out, errOut := run(t, "", "gen", "--red-lines", "40", "--responses", "60", "--contributions", "80", "--links", "120", "--injects", "90", "--seed", "7")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	p, err := planner.DecodePlan([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.RedLines) != 40 || len(p.Responses) != 60 || len(p.Contributions) != 80 || len(p.Links) != 120 || len(p.Injects) != 90 {
		t.Errorf("sizes %d/%d/%d/%d/%d", len(p.RedLines), len(p.Responses), len(p.Contributions), len(p.Links), len(p.Injects))
	}
	code, _, errOut = run(t, out, "exercise", "--format", "json", "-")
	if code != 0 {
		t.Errorf("exercise of a generated plan: exit %d: %s", code, errOut)
	}
	_, again, _ := run(t, "", "gen", "--red-lines", "40", "--responses", "60", "--contributions", "80", "--links", "120", "--injects", "90", "--seed", "7")
	if again != out {
		t.Error("gen is not deterministic for the same seed")
	}
}

// The README shows redlinectl's real output on the reference plan; this
// keeps it true.
func TestReadmeShowsTheRealOutput(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	check, err := os.ReadFile("testdata/check.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, check) {
		t.Error("README.md does not show the output of `redlinectl check` on the reference plan (testdata/check.txt)")
	}
	exercise, err := os.ReadFile("testdata/exercise.txt")
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := bytes.Cut(exercise, []byte("\nT+60h"))
	lines := bytes.Split(bytes.TrimSpace(exercise), []byte("\n"))
	if !bytes.Contains(readme, head) || !bytes.Contains(readme, lines[len(lines)-1]) {
		t.Error("README.md does not show the output of `redlinectl exercise` on the reference plan (testdata/exercise.txt)")
	}
}
