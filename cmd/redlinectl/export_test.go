package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"redline/planner"
	"redline/planner/report"
	"redline/seeds"
	"redline/storage"
)

// Every format writes what the report package writes for the plan, dated
// by the clock; the CLI adds nothing of its own.
func TestExportWritesEachFormat(t *testing.T) {
	ref, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range report.Formats {
		t.Run(f.Name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "plan"+f.Ext)
			if code, _, errOut := run(t, "", "export", "--format", f.Name, "-o", out, reference); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			s := report.Summary{Plan: ref, Catalog: seeds.Catalog().ForPlan(ref), Profile: seeds.DefaultProfile(), Date: testClock(),
				Cite: seeds.Citer(ref)}
			if err := report.Export(&want, f.Name, s); err != nil {
				t.Fatal(err)
			}
			switch f.Name {
			case "pdf", "xlsx":
				// Binary containers: check the kind and that they are whole.
				magic := map[string]string{"pdf": "%PDF-", "xlsx": "PK\x03\x04"}[f.Name]
				if !bytes.HasPrefix(got, []byte(magic)) || len(got) < len(want.Bytes())/2 {
					t.Errorf("%s export of %d bytes does not look like %s", f.Name, len(got), f.Name)
				}
			default:
				if !bytes.Equal(got, want.Bytes()) {
					t.Errorf("%s export differs from report.Export", f.Name)
				}
			}
		})
	}
}

// A summary shows sources as citations: a built-in document's file name,
// its id in the plan, appears nowhere in what a person reads.
func TestExportCitesNoFileNames(t *testing.T) {
	fileName := regexp.MustCompile(`0\d\d_[0-9a-f]{16}\.txt`)
	for _, format := range []string{"md", "html"} {
		code, out, errOut := run(t, "", "export", "--format", format, reference)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, errOut)
		}
		out = strings.ReplaceAll(out, `\_`, "_") // Markdown escapes the underscore
		if m := fileName.FindString(out); m != "" {
			t.Errorf("the %s summary shows the file name %s", format, m)
		}
		if !strings.Contains(out, "Insight News Media, 2025 — Security Guarantees for Ukraine") {
			t.Errorf("the %s summary does not cite document 002 by its publisher and title", format)
		}
	}
}

func TestExportDateOption(t *testing.T) {
	for _, tc := range []struct {
		name, date string
		want       string
		code       int
	}{
		{"today by default", "", "23 November 2026", 0},
		{"a given date", "2026-12-01", "1 December 2026", 0},
		{"no date", "none", "", 0},
		{"a malformed date", "01/12/2026", "", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"export", "--format", "md", reference}
			if tc.date != "" {
				args = append(args, "--date", tc.date)
			}
			code, out, errOut := run(t, "", args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, errOut)
			}
			if tc.want != "" && !strings.Contains(out, tc.want) {
				t.Errorf("summary does not carry the date %q", tc.want)
			}
			if tc.code == 2 && !strings.Contains(errOut, "--date") {
				t.Errorf("error does not name the option: %q", errOut)
			}
		})
	}
}

// A workbook comes back as the same plan, through the file and the store.
func TestExportXLSXImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "plan.xlsx")
	if code, _, errOut := run(t, "", "export", "--format", "xlsx", "-o", book, reference); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	// check and exercise read the workbook like a plan file.
	if code, _, errOut := run(t, "", "check", book); code != 0 {
		t.Fatalf("check of the workbook: exit %d: %s", code, errOut)
	}
	db := filepath.Join(dir, "s.db")
	code, out, errOut := run(t, "", "import", "--db", db, book)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	id := strings.TrimSpace(out)
	code, got, errOut := run(t, "", "export", "--format", "json", "--db", db, "--plan", id)
	if code != 0 {
		t.Fatalf("export from the store: exit %d: %s", code, errOut)
	}
	want, _ := os.ReadFile(reference)
	if got != string(want) {
		t.Error("plan → xlsx → import → json differs from the plan")
	}
}

func TestImportRefusesABrokenWorkbook(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.xlsx")
	// A ZIP header with nothing behind it: a workbook in name only.
	if err := os.WriteFile(bad, []byte("PK\x03\x04 not really a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "s.db")
	code, out, errOut := run(t, "", "import", "--db", db, bad)
	if code != 2 || out != "" || !strings.Contains(errOut, "bad.xlsx") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 naming the file", code, out, errOut)
	}
}

func TestExportToUnwritablePathLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	for _, f := range report.Formats {
		out := filepath.Join(dir, "missing", "plan"+f.Ext)
		code, _, errOut := run(t, "", "export", "--format", f.Name, "-o", out, reference)
		if code != 2 || !strings.Contains(errOut, "missing") {
			t.Errorf("%s: exit %d, stderr %q", f.Name, code, errOut)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
}

func TestExerciseReport(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string // in the report file, or on stderr when code is 2
	}{
		{"markdown", []string{"--report", "md"}, 0, "Coalition reassurance force"},
		{"pdf", []string{"--report", "pdf"}, 0, "%PDF-"},
		{"a report without a file", []string{"--report", "md", "-o", ""}, 2, "needs -o FILE"},
		{"an unknown report format", []string{"--report", "docx"}, 2, "want pdf or md"},
		{"-o without --report", []string{"--format", "text"}, 2, "go with --report"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			args := append([]string{"exercise"}, tc.args...)
			if !slices.Contains(tc.args, "-o") {
				args = append(args, "-o", out)
			}
			code, _, errOut := run(t, "", append(args, reference)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, errOut)
			}
			if tc.code == 2 {
				if !strings.Contains(errOut, tc.want) {
					t.Errorf("stderr %q lacks %q", errOut, tc.want)
				}
				return
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), tc.want) {
				t.Errorf("report lacks %q", tc.want)
			}
		})
	}
}

// A run saved in the app reports as far as it got, with the room's
// decisions and notes, on the plan revision it played.
func TestExerciseReportOfASavedRun(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	ref, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rev, err := st.SavePlan(ctx, ref, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	r := storage.Run{PlanID: ref.ID, PlanRevision: rev, Title: "Tuesday workshop", Position: 2,
		Decisions: []storage.Decision{{Inject: "inj-02", RedLine: "rl-ceasefire-violations", Response: "resp-snapback",
			Choice: planner.Rejected, Note: "Held back while talks go on"}},
		Notes: []storage.Note{{AtHours: 12, Text: "Room split on snapback"}}}
	if err := st.SaveRun(ctx, &r); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out := filepath.Join(dir, "aar.md")
	if code, _, errOut := run(t, "", "exercise", "--report", "md", "-o", out, "--db", db, "--run", r.ID); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(out)
	for _, want := range []string{"Tuesday workshop", "Held back while talks go on", "Room split on snapback", "Ceasefire violations climb along the contact line"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(string(data), "Drones from a strike wave") {
		t.Error("the report shows inj-03, which the run had not reached")
	}
	code, _, errOut := run(t, "", "exercise", "--report", "md", "-o", out, "--db", db, "--run", "no-such-run")
	if code != 2 || !strings.Contains(errOut, "no-such-run") {
		t.Errorf("unknown run: exit %d, stderr %q", code, errOut)
	}
}

// The plan file and the matrix export whatever profile the plan names;
// what shows findings needs the profile, as check does.
func TestExportOfAPlanWithAProfileNotBuiltIn(t *testing.T) {
	data, err := os.ReadFile(reference)
	if err != nil {
		t.Fatal(err)
	}
	plan := strings.Replace(string(data), `"profile": "coalition-2025"`, `"profile": "workshop-excursion"`, 1)
	if plan == string(data) {
		t.Fatal("the reference plan does not name its profile as expected")
	}
	for _, tc := range []struct {
		format string
		code   int
	}{{"json", 0}, {"csv", 0}, {"md", 2}, {"pdf", 2}, {"xlsx", 2}} {
		code, _, errOut := run(t, plan, "export", "--format", tc.format, "-o", filepath.Join(t.TempDir(), "out"), "-")
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d: %s", tc.format, code, tc.code, errOut)
		}
		if tc.code == 2 && !strings.Contains(errOut, "--profile") {
			t.Errorf("%s: the error does not say how to pass the profile: %q", tc.format, errOut)
		}
	}
}

// TestPDFWarnsOfCharactersTheFontCannotShow: the PDF is written and the
// command exits 0, and stderr says which characters print as "?" and where.
func TestPDFWarnsOfCharactersTheFontCannotShow(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(plan, []byte(`{"format":"redline-plan/v1","title":"Київ plan","phase":"ceasefire",
		"red_lines":[{"id":"rl-1","title":"Strikes on 中文 😀","domain":"air","severity":3}],
		"injects":[{"id":"inj-1","at_hours":0,"title":"ไทย inject"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		warn string // "" for no warning
	}{
		{"PDF summary", []string{"export", "--format", "pdf", plan}, `redlinectl export: warning: the PDF font cannot show 3 characters (中, 文, 😀) in: red line "Strikes on 中文 😀"; they print as "?"`},
		{"Markdown summary shows them", []string{"export", "--format", "md", plan}, ""},
		// The report's lessons name the red line no response answers.
		{"PDF after-action report", []string{"exercise", "--report", "pdf", plan}, `redlinectl exercise: warning: the PDF font cannot show 6 characters (ไ, ท, ย, 中, 文, 😀) in: red line "Strikes on 中文 😀"; inject "ไทย inject"; they print as "?"`},
		{"PDF of the reference plan", []string{"export", "--format", "pdf", reference}, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, "out"+strconv.Itoa(i))
			code, _, errOut := run(t, "", append(tt.args, "-o", out)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if st, err := os.Stat(out); err != nil || st.Size() == 0 {
				t.Errorf("nothing written: %v", err)
			}
			if tt.warn == "" {
				if errOut != "" {
					t.Errorf("stderr %q, want nothing", errOut)
				}
				return
			}
			if errOut != tt.warn+"\n" {
				t.Errorf("stderr\n%s\nwant\n%s", errOut, tt.warn)
			}
		})
	}
}

// TestExportOfAnUnbrokenWord: a pasted 25,000-character URL in a red line
// exports to PDF (it ran for minutes before).
func TestExportOfAnUnbrokenWord(t *testing.T) {
	dir := t.TempDir()
	url := "https://example.org/" + strings.Repeat("x", 25000-20)
	plan := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(plan, []byte(`{"format":"redline-plan/v1","title":"Long link","phase":"ceasefire",
		"red_lines":[{"id":"rl-1","title":"`+url+`","domain":"air","severity":3,"notes":"`+url+`"}],
		"injects":[{"id":"inj-1","at_hours":0,"title":"`+url+`"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"export", "--format", "pdf"}, {"exercise", "--report", "pdf"}} {
		out := filepath.Join(dir, args[0]+".pdf")
		if code, _, errOut := run(t, "", append(args, "-o", out, plan)...); code != 0 || errOut != "" {
			t.Errorf("%s: exit %d: %s", args[0], code, errOut)
		}
	}
}
