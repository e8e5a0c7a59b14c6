package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
	"redline/storage"
)

// A walk through the store commands as a planner would use them, on a
// file and on a PostgreSQL server.
func TestStoreCommands(t *testing.T) {
	tests := []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"a SQLite file", func(t *testing.T) string { return filepath.Join(t.TempDir(), "redline.db") }},
		{"a PostgreSQL server", serverDB},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { storeCommandsWalk(t, tt.db(t)) })
	}
}

func storeCommandsWalk(t *testing.T, db string) {
	dir := t.TempDir()
	code, out, errOut := run(t, "", "import", "--db", db, reference)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	ref, _ := seeds.ReferencePlan()
	if strings.TrimSpace(out) != ref.ID {
		t.Fatalf("import printed %q, want the plan's id %s", out, ref.ID)
	}

	// A plan without an id gets a fresh one.
	code, out, errOut = run(t, `{"format":"redline-plan/v1","title":"Draft without id","phase":"war"}`, "import", "--db", db, "-")
	if code != 0 {
		t.Fatalf("import from stdin: exit %d: %s", code, errOut)
	}
	draftID := strings.TrimSpace(out)
	if !planner.ValidUUID(draftID) {
		t.Fatalf("import printed %q, want a new UUID", out)
	}

	code, out, _ = run(t, "", "list", "--db", db)
	if code != 0 || !strings.Contains(out, ref.ID) || !strings.Contains(out, draftID) || !strings.Contains(out, seeds.ReferencePlanTitle) {
		t.Fatalf("list: exit %d:\n%s", code, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if id, _, _ := strings.Cut(line, " "); id != ref.ID && id != draftID {
			t.Errorf("list line does not start with a plan id: %q", line)
		}
	}

	// Export from the store is the same canonical JSON as from the file.
	exported := filepath.Join(dir, "out.json")
	if code, _, errOut := run(t, "", "export", "--format", "json", "--db", db, "--plan", ref.ID, "-o", exported); code != 0 {
		t.Fatalf("export --plan: exit %d: %s", code, errOut)
	}
	got, _ := os.ReadFile(exported)
	if string(got) != string(seeds.ReferencePlanJSON()) {
		t.Error("the plan exported from the store differs from the file imported")
	}

	// Importing it again makes a second revision.
	if code, _, errOut := run(t, "", "import", "--db", db, exported); code != 0 {
		t.Fatalf("re-import: exit %d: %s", code, errOut)
	}
	code, out, _ = run(t, "", "revisions", "--db", db, ref.ID)
	if code != 0 || len(strings.Split(strings.TrimSpace(out), "\n")) != 2 {
		t.Errorf("revisions: exit %d, want 2 lines:\n%s", code, out)
	}
	if code, _, errOut := run(t, "", "export", "--format", "json", "--db", db, "--plan", ref.ID, "--revision", "1"); code != 0 {
		t.Errorf("export of revision 1: exit %d: %s", code, errOut)
	}

	if code, out, _ := run(t, "", "check", "--db", db, "--plan", ref.ID); code != 0 || !strings.Contains(out, "0 blockers") {
		t.Errorf("check --plan: exit %d:\n%s", code, out)
	}
	if code, _, errOut := run(t, "", "exercise", "--db", db, "--plan", ref.ID); code != 0 {
		t.Errorf("exercise --plan: exit %d: %s", code, errOut)
	}

	// Delete moves to the trash; restore brings it back.
	if code, _, errOut := run(t, "", "delete", "--db", db, draftID); code != 0 {
		t.Fatalf("delete: exit %d: %s", code, errOut)
	}
	if _, out, _ := run(t, "", "list", "--db", db); strings.Contains(out, draftID) {
		t.Error("a deleted plan is still listed")
	}
	if _, out, _ := run(t, "", "list", "--db", db, "--trash"); !strings.Contains(out, draftID) {
		t.Error("a deleted plan is not in the trash")
	}
	if code, _, errOut := run(t, "", "restore", "--db", db, draftID); code != 0 {
		t.Fatalf("restore: exit %d: %s", code, errOut)
	}
	if _, out, _ := run(t, "", "list", "--db", db); !strings.Contains(out, draftID) {
		t.Error("a restored plan is not listed")
	}

	if code, out, errOut := run(t, "", "verify", "--db", db); code != 0 || strings.TrimSpace(out) != "ok" {
		t.Errorf("verify: exit %d, %q %s", code, out, errOut)
	}
	backup := filepath.Join(dir, "backup.db")
	if storage.IsServerURL(db) {
		if code, _, errOut := run(t, "", "backup", "--db", db, backup); code != 2 || !strings.Contains(errOut, "pg_dump") {
			t.Errorf("backup of a server's database: exit %d, %s; want 2 and how to back it up", code, errOut)
		}
		return
	}
	if code, _, errOut := run(t, "", "backup", "--db", db, backup); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, errOut)
	}
	if code, out, errOut := run(t, "", "verify", "--db", backup); code != 0 || strings.TrimSpace(out) != "ok" {
		t.Errorf("verify of the backup: exit %d, %q %s", code, out, errOut)
	}
	if code, out, _ := run(t, "", "list", "--db", backup); code != 0 || !strings.Contains(out, ref.ID) {
		t.Errorf("the backup does not hold the plans:\n%s", out)
	}
}

func TestStoreCommandsRefuseBadInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "redline.db")
	notSQLite := filepath.Join(dir, "notes.txt")
	os.WriteFile(notSQLite, []byte("these are my meeting notes, not a database\n"), 0o600)
	malformed := filepath.Join(dir, "bad.json")
	os.WriteFile(malformed, []byte(`{"format":"redline-plan/v1","title":"x","phase":"peace"}`), 0o600)

	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"a file that is not a database", []string{"list", "--db", notSQLite}, "not"},
		{"a malformed plan is not stored", []string{"import", "--db", db, reference, malformed}, "phase: want one of war ceasefire settlement"},
		{"an unknown plan id", []string{"export", "--format", "json", "--db", db, "--plan", "no-such-plan"}, "no-such-plan"},
		{"--plan and a file together", []string{"check", "--db", db, "--plan", "x", reference}, "not both"},
		{"--db without --plan", []string{"check", "--db", db, reference}, "go with --plan"},
		{"backup over an existing file", []string{"backup", "--db", db, notSQLite}, "exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(notSQLite)
			code, _, errOut := run(t, "", tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr: %s", code, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q: %s", tt.stderr, errOut)
			}
			if after, _ := os.ReadFile(notSQLite); string(after) != string(before) {
				t.Error("a file that is not ours was changed")
			}
		})
	}
	// The malformed import stored nothing, not even the good plan before it.
	if _, out, _ := run(t, "", "list", "--db", db); strings.TrimSpace(out) != "" {
		t.Errorf("a failed import stored plans:\n%s", out)
	}
}

func TestStoreFollowsREDLINE_DB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	t.Setenv("REDLINE_DB", db)
	if code, _, errOut := run(t, "", "import", reference); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("REDLINE_DB was not used: %v", err)
	}
	if _, out, _ := run(t, "", "list"); !strings.Contains(out, seeds.ReferencePlanTitle) {
		t.Errorf("list without --db does not read REDLINE_DB:\n%s", out)
	}
}

// An import of several files stores all of them or none: when one cannot
// be stored, the files before it are not stored either, and running the
// import again stores each once.
func TestImportOfSeveralFilesIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "redline.db")
	draft := filepath.Join(dir, "draft.json")
	os.WriteFile(draft, []byte(`{"format":"redline-plan/v1","title":"Draft","phase":"war"}`), 0o600)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format":"redline-plan/v1","title":"Cannot be stored","phase":"war"}`), 0o600)
	if code, _, errOut := run(t, "", "list", "--db", db); code != 0 {
		t.Fatalf("list: exit %d: %s", code, errOut)
	}
	// The store refuses the third file as a full disk or a broken
	// database might, after the first two were written.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`CREATE TRIGGER refuse_for_test BEFORE INSERT ON plans WHEN NEW.title = 'Cannot be stored'
		BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}

	code, out, errOut := run(t, "", "import", "--db", db, reference, draft, bad)
	if code != 2 {
		t.Fatalf("import: exit %d, want 2; stdout %q", code, out)
	}
	for _, want := range []string{"bad.json", "refused by the test", "nothing was changed"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not say %q: %s", want, errOut)
		}
	}
	if out != "" {
		t.Errorf("a failed import printed ids as if stored: %q", out)
	}
	if _, out, _ := run(t, "", "list", "--db", db); strings.TrimSpace(out) != "" {
		t.Fatalf("a failed import stored plans:\n%s", out)
	}

	if code, _, errOut := run(t, "", "import", "--db", db, reference, draft); code != 0 {
		t.Fatalf("import again without the bad file: exit %d: %s", code, errOut)
	}
	ref, _ := seeds.ReferencePlan()
	if _, out, _ := run(t, "", "revisions", "--db", db, ref.ID); len(strings.Split(strings.TrimSpace(out), "\n")) != 1 {
		t.Errorf("the plan of the first file has these revisions, want one:\n%s", out)
	}
}

// Exporting a stored plan makes a new file as os.Create would (the umask
// decides), and writing over a private file keeps it private.
func TestExportKeepsAPrivateFilePrivate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "redline.db")
	if code, _, errOut := run(t, "", "import", "--db", db, reference); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	ref, _ := seeds.ReferencePlan()
	// What the umask lets a new file have.
	probe := filepath.Join(dir, "probe")
	f, err := os.Create(probe)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(probe)
	newMode := st.Mode().Perm()

	tests := []struct {
		name     string
		existing os.FileMode // 0: no file yet
		want     os.FileMode
	}{
		{"a new file", 0, newMode},
		{"over a private file", 0o600, 0o600},
		{"over a file its group may read", 0o640, 0o640},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "plan.md")
			if tt.existing != 0 {
				os.WriteFile(out, []byte("an older summary"), 0o600)
				os.Chmod(out, tt.existing)
			}
			if code, _, errOut := run(t, "", "export", "--format", "md", "--db", db, "--plan", ref.ID, "-o", out); code != 0 {
				t.Fatalf("export: exit %d: %s", code, errOut)
			}
			st, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != tt.want {
				t.Errorf("mode %v, want %v", st.Mode().Perm(), tt.want)
			}
		})
	}
}

// list prints the text of stored plans with control characters escaped, as
// check does, so that a title cannot move the cursor, retitle the terminal
// or forge a line. The store no longer takes such a title (the loader
// refuses it), so the plans here are as an older Redline stored them.
func TestListEscapesControlCharactersOfStoredPlans(t *testing.T) {
	tests := []struct {
		name, title, phase string
		want               []string // on the plan's line
	}{
		{"an ESC sequence in the title", "Plan \x1b[2J\x1b]0;owned\x07", "ceasefire", []string{`Plan \x1b[2J\x1b]0;owned\x07`}},
		{"a line break forging a line", "Real\nfake-id  rev 9", "war", []string{`Real\nfake-id  rev 9`}},
		{"a tab and a C1 control", "A\tB\u009bC", "war", []string{`A\tB\u009bC`}},
		{"a control character in the phase", "Plain", "war\x1b[K", []string{`war\x1b[K`, "Plain"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "redline.db")
			code, out, errOut := run(t, "", "import", "--db", db, reference)
			if code != 0 {
				t.Fatalf("import: exit %d: %s", code, errOut)
			}
			id := strings.TrimSpace(out)
			raw, err := sql.Open("sqlite", db)
			if err != nil {
				t.Fatal(err)
			}
			_, err = raw.Exec("UPDATE plans SET title = ?, phase = ? WHERE id = ?", tt.title, tt.phase, id)
			raw.Close()
			if err != nil {
				t.Fatal(err)
			}
			code, out, errOut = run(t, "", "list", "--db", db)
			if code != 0 {
				t.Fatalf("list: exit %d: %s", code, errOut)
			}
			if lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], id+"  rev 1  ") {
				t.Errorf("want one line for the one plan, starting with its id:\n%s", out)
			}
			if strings.ContainsFunc(strings.TrimSuffix(out, "\n"), planner.IsControl) {
				t.Errorf("list printed a control character: %q", out)
			}
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("list does not show %s: %q", want, out)
				}
			}
		})
	}
}

// A revision's summary may quote a file name ("imported from …"), which
// may hold any character; revisions escapes control characters as list does.
func TestRevisionsEscapeControlCharacters(t *testing.T) {
	db := filepath.Join(t.TempDir(), "redline.db")
	tests := []struct{ name, file, want string }{
		{"a plain file name", "plan.json", "plan.json"},
		{"an ESC in the file name", "plan\x1b[2J.json", `plan\x1b[2J.json`},
		{"a line break and a tab in the file name", "plan\n2\tfake.json", `plan\n2\tfake.json`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(file, []byte(`{"format":"redline-plan/v1","title":"T","phase":"war"}`), 0o600); err != nil {
				t.Skipf("this file system does not take the name: %v", err)
			}
			code, out, errOut := run(t, "", "import", "--db", db, file)
			if code != 0 {
				t.Fatalf("import: exit %d: %s", code, errOut)
			}
			code, out, errOut = run(t, "", "revisions", "--db", db, strings.TrimSpace(out))
			want := string(filepath.Separator) + tt.want + "\n"
			if code != 0 || !strings.Contains(out, "\timported from ") || !strings.HasSuffix(out, want) || strings.Count(out, "\n") != 1 {
				t.Errorf("revisions: exit %d: %q %s; want one line ending %q", code, out, errOut, want)
			}
		})
	}
}

// An old-format .xls or an encrypted workbook (both compound files) is told
// apart from a JSON plan and refused with what it is, not a UTF-8 error.
func TestImportOfAnOldOrEncryptedWorkbookSaysWhatItIs(t *testing.T) {
	dir := t.TempDir()
	xls := filepath.Join(dir, "plan.xls")
	os.WriteFile(xls, append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 504)...), 0o600)
	code, _, errOut := run(t, "", "import", "--db", filepath.Join(dir, "redline.db"), xls)
	if code != 2 || !strings.Contains(errOut, "old-format .xls file or an encrypted workbook") || strings.Contains(errOut, "UTF-8") {
		t.Fatalf("import of an .xls: exit %d, %q", code, errOut)
	}
}
