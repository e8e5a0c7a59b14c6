package main

import (
	"path/filepath"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
	"redline/storage"
)

// redlinectl copy takes plans from a person's file to the team's server
// and back, with their revisions and authors, and says what it copied.
func TestCopyCommand(t *testing.T) {
	file := func(t *testing.T) string { return filepath.Join(t.TempDir(), "redline.db") }
	tests := []struct {
		name     string
		from, to func(t *testing.T) string
	}{
		{"file to file", file, file},
		{"file to server", file, serverDB},
		{"server to file", serverDB, file},
	}
	ref, _ := seeds.ReferencePlan()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := tt.from(t), tt.to(t)
			if code, _, errOut := run(t, "", "import", "--db", from, reference); code != 0 {
				t.Fatalf("import: exit %d: %s", code, errOut)
			}
			steps := []struct {
				name string
				args []string
				says string // on the plan's line
			}{
				{"every plan", []string{"copy", "--from", from, "--to", to}, "rev 1  copied: 1 revision  " + ref.Title},
				{"again, by its id", []string{"copy", "--from", from, "--to", to, ref.ID}, "rev 1  already there  " + ref.Title},
			}
			for _, st := range steps {
				code, out, errOut := run(t, "", st.args...)
				if code != 0 || !strings.HasPrefix(out, ref.ID+"  ") || !strings.Contains(out, st.says) {
					t.Errorf("%s: exit %d, %q %s; want a line saying %q", st.name, code, out, errOut, st.says)
				}
			}
			author := storage.DefaultAuthor() // who imported it
			code, out, _ := run(t, "", "revisions", "--db", to, ref.ID)
			if fields := strings.Split(strings.TrimSpace(out), "\t"); code != 0 || len(fields) != 4 || fields[2] != author {
				t.Errorf("the copy's revisions: %q; want revision 1 by %s", out, author)
			}
			if code, out, _ := run(t, "", "list", "--db", to); code != 0 || !strings.Contains(out, "  "+author+"  ") {
				t.Errorf("the copy's line in the list: %q; want it saved by %s", out, author)
			}
		})
	}
}

// What copy refuses, with exit 2 and a reason.
func TestCopyCommandRefuses(t *testing.T) {
	dir := t.TempDir()
	from, to := filepath.Join(dir, "from.db"), filepath.Join(dir, "to.db")
	if code, _, errOut := run(t, "", "import", "--db", from, reference); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	ref, _ := seeds.ReferencePlan()
	// The same plan, saved on its own in the target: another history.
	if code, _, errOut := run(t, "", "import", "--db", to, reference); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"no target", []string{"copy", "--from", from}, "missing --to"},
		{"the same database", []string{"copy", "--from", from, "--to", from}, "the same database"},
		{"a plan the source does not have", []string{"copy", "--from", from, "--to", filepath.Join(dir, "new.db"), planner.NewPlanID()}, "is not in"},
		{"a plan with another history there", []string{"copy", "--from", from, "--to", to}, "history other than the source's"},
		{"an unknown flag", []string{"copy", "--into", to}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "", tt.args...)
			if code != exitBadInput || !strings.Contains(errOut, tt.says) || out != "" {
				t.Errorf("exit %d, %q, %s; want 2 saying %q", code, out, errOut, tt.says)
			}
		})
	}
	if code, out, _ := run(t, "", "list", "--db", filepath.Join(dir, "new.db")); code != 0 || strings.Contains(out, ref.ID) {
		t.Errorf("a refused copy wrote to the target: %q", out)
	}
}
