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
	"redline/planner/textdiff"
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
		t.Errorf("output differs from %s (run go test -update after checking the change):\n%s", path, textdiff.Lines(string(want), got, 60))
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

func TestTermText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text unchanged", "Strikes on Київ — 東京 😀", "Strikes on Київ — 東京 😀"},
		{"a window-title sequence", "Plan\x1b]2;owned\a", `Plan\x1b]2;owned\x07`},
		{"line breaks and tabs", "a\tb\r\nc", `a\tb\r\nc`},
		{"DEL", "x\x7fy", `x\x7fy`},
		{"a C1 control sequence introducer", "x\u009b2Jy", `x\u009b2Jy`},
		{"a backslash stays as it is", `C:\temp`, `C:\temp`},
		{"a no-break space is not a control", "a\u00a0b", "a\u00a0b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := termText(tt.in); got != tt.want {
				t.Errorf("termText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := termLines("first\x1b[2J\nsecond"); got != "first\\x1b[2J\nsecond" {
		t.Errorf("termLines keeps line breaks and escapes the rest: %q", got)
	}
}

// hostilePlan has control characters wherever a plan holds text, as a
// plan built in code or saved before the loader refused them can.
func hostilePlan() *planner.Plan {
	return &planner.Plan{
		Format: planner.PlanFormat, Title: "Plan\x1b]2;owned\a\x1b[2J", Classification: "SECRET\rUNCLASSIFIED",
		Phase: planner.PhaseCeasefire, Profile: planner.DefaultProfile,
		Actors: []planner.Actor{{Code: "XK", Name: "Kosovo\x1b[31m", Kind: planner.ActorState}},
		RedLines: []planner.RedLine{{ID: "rl-1", Title: "Incursion\n0 blockers, 0 warnings, 0 advice", Domain: planner.DomainLand,
			Indicator: "loc_ground_incursion", Threshold: &planner.Threshold{Op: planner.OpGE, Value: 1}, Severity: 5}},
		Responses: []planner.Response{{ID: "resp-1", Title: "RRF\u009b2J", Kind: planner.KindMilitary, Mechanism: planner.MechanismDenial,
			Lead: "XK", HoursToEffect: 1}},
		Contributions: []planner.Contribution{{ID: "c-xk", Nation: "XK", Capability: planner.CapGroundTroops, Personnel: 100,
			Location: planner.LocRear, Activation: planner.ActivationCeasefire, Status: planner.StatusPledged}},
		Links:   []planner.Link{{RedLine: "rl-1", Response: "resp-1", Trigger: planner.TriggerAutomatic}},
		Injects: []planner.Inject{{ID: "inj-1", Title: "Start\x07\x7f", Observations: []planner.Observation{{Indicator: "loc_ground_incursion", Value: 5}}}},
	}
}

// TestTextOutputEscapesControlCharacters: check and exercise print plan
// text with its control characters escaped, so a plan cannot rewrite the
// terminal or forge a line of output.
func TestTextOutputEscapesControlCharacters(t *testing.T) {
	p := hostilePlan()
	cat, prof := seeds.Catalog().ForPlan(p), seeds.DefaultProfile()
	tests := []struct {
		name  string
		write func(w *bytes.Buffer)
		want  []string
	}{
		{"check", func(w *bytes.Buffer) {
			// A finding as a message could word it, naming the actor.
			findings := append(planner.Check(p, cat, prof), planner.Finding{Rule: "declared-no-troops", Severity: planner.Warning,
				Subject: "c-xk", Message: "Kosovo\x1b[31m declared it will not send soldiers", Sources: []string{"src\a"}})
			writeFindingsText(w, p, prof, findings, planner.Count(findings))
		}, []string{`Plan\x1b]2;owned\x07\x1b[2J`, `SECRET\rUNCLASSIFIED`, `Kosovo\x1b[31m declared`, `sources: src\x07`}},
		{"exercise", func(w *bytes.Buffer) {
			e, err := planner.NewExerciseWith(p, cat, planner.ExerciseOptions{Stream: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := writeExerciseText(w, p, e, 0); err != nil {
				t.Fatal(err)
			}
		}, []string{`Plan\x1b]2;owned\x07\x1b[2J`, `inj-1  Start\x07\x7f`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			tt.write(&b)
			out := b.String()
			if i := strings.IndexFunc(out, func(r rune) bool { return r != '\n' && planner.IsControl(r) }); i >= 0 {
				t.Errorf("raw control character %q at byte %d:\n%s", out[i], i, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestInputProblemsThroughTheCommandLine: what the loader refuses is exit
// 2 with the JSON path, and nothing from the input reaches the terminal raw.
func TestInputProblemsThroughTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	shadow := write("shadow.json", `{"format":"redline-profile/v1","id":"coalition-2025","title":"Everything allowed",
		"base":"coalition-2025","severity":{"no-us-ground-troops":"off","second-line-only":"off"}}`)
	usTroops := `{"format":"redline-plan/v1","title":"US troops","phase":"ceasefire",
		"contributions":[{"id":"c-us-1","nation":"US","capability":"training","personnel":200,
		"location":"second_line","activation":"ceasefire","status":"pledged","months":12}]}`
	plan := func(extra string) string {
		return `{"format":"redline-plan/v1","title":"T","phase":"war"` + extra + `}`
	}
	tests := []struct {
		name   string
		stdin  string
		args   []string
		stderr []string
	}{
		{"a title with an escape sequence", `{"format":"redline-plan/v1","title":"Plan\u001b]2;owned\u0007","phase":"war"}`,
			[]string{"check", "-"}, []string{"title: character 5 is the control character U+001B (ESC)"}},
		{"an inject title with a line break, in exercise", plan(`,"injects":[{"id":"i","at_hours":0,"title":"a\nb"}]`),
			[]string{"exercise", "-"}, []string{"injects[0].title: character 2 is the control character U+000A (line feed)"}},
		{"an unknown key holding an escape sequence", plan(`,"ti\u001b[2Jtle":1`),
			[]string{"check", "-"}, []string{`ti\x1b[2Jtle: unknown key`}},
		{"a number too close to 0", plan(`,"red_lines":[{"id":"r","title":"r","domain":"land","threshold":{"op":">","value":1e-400},"severity":1}]`),
			[]string{"check", "-"}, []string{"red_lines[0].threshold.value: number 1e-400 is out of range", "would read as 0"}},
		{"months beyond 32 bits", plan(`,"contributions":[{"id":"c","nation":"GB","capability":"training","location":"rear",
			"activation":"ceasefire","status":"pledged","months":9223372036854775807}]`),
			[]string{"check", "-"}, []string{"contributions[0].months: out of range: want a whole number from 1 to 2147483647, got 9223372036854775807"}},
		{"a 5,000-digit number", plan(`,"injects":[{"id":"i","title":"i","at_hours":` + strings.Repeat("9", 5000) + `}]`),
			[]string{"check", "-"}, []string{"injects[0].at_hours: number " + strings.Repeat("9", 40) + "… is out of range"}},
		{"a profile file that takes the built-in profile's id", usTroops,
			[]string{"check", "--profile", shadow, "-"}, []string{shadow + `: id: "coalition-2025" is the id of the profile`, "an id of its own"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.stdin, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2\nstdout: %s\nstderr: %s", code, out, errOut)
			}
			if out != "" {
				t.Errorf("want no output, got:\n%s", out)
			}
			for _, w := range tt.stderr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if i := strings.IndexFunc(errOut, func(r rune) bool { return r != '\n' && planner.IsControl(r) }); i >= 0 {
				t.Errorf("raw control character %q on stderr:\n%s", errOut[i], errOut)
			}
			if len(errOut) > 400 {
				t.Errorf("stderr of %d bytes", len(errOut))
			}
		})
	}
}
