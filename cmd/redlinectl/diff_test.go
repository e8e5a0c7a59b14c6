package main

import (
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

// diff compares two plan files, or two revisions of a stored plan, and says
// what changed in words; JSON keeps the ids; bad usage exits 2.
func TestDiff(t *testing.T) {
	dir := t.TempDir()
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	p.RedLines[0].Severity = 3
	data, err := planner.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	changed := filepath.Join(dir, "changed.json")
	if err := os.WriteFile(changed, data, 0o600); err != nil {
		t.Fatal(err)
	}
	const sentence = "Red line “Ground incursion across the contact line”: severity 5 → 3."

	code, out, errOut := run(t, "", "diff", reference, changed)
	if code != 0 || !strings.Contains(out, ": 1 change.\n") || !strings.Contains(out, sentence+"\n") {
		t.Errorf("diff of two files: exit %d: %q %s", code, out, errOut)
	}
	code, out, _ = run(t, string(data), "diff", "--format", "json", reference, "-")
	var got diffOutput
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got.Changes) != 1 || got.Changes[0].ID != "rl-ground-incursion" {
		t.Errorf("diff --format json: exit %d: %s", code, out)
	}
	code, out, _ = run(t, "", "diff", reference, reference)
	if code != 0 || !strings.HasSuffix(out, ": 0 changes.\n") {
		t.Errorf("a plan against itself: exit %d: %q", code, out)
	}

	// Two revisions of a stored plan: the newest against the one before.
	db := filepath.Join(dir, "redline.db")
	st, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := seeds.ReferencePlan()
	ctx := context.Background()
	rev, err := st.SavePlan(ctx, ref, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	p.ID = ref.ID
	if _, err := st.SavePlan(ctx, p, rev, ""); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errOut = run(t, "", "diff", "--db", db, "--plan", ref.ID)
	if code != 0 || !strings.Contains(out, "revision 1 to revision 2: 1 change.") || !strings.Contains(out, sentence) {
		t.Errorf("diff --plan: exit %d: %q %s", code, out, errOut)
	}

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"one plan", []string{"diff", reference}, "want two plans"},
		{"both from standard input", []string{"diff", "-", "-"}, "only one plan"},
		{"a bad format", []string{"diff", "--format", "xml", reference, reference}, "want text or json"},
		{"files and --plan", []string{"diff", "--db", db, "--plan", ref.ID, reference}, "not both"},
		{"--from without --plan", []string{"diff", "--from", "1", reference, reference}, "go with --plan"},
		{"the first revision has none before it", []string{"diff", "--db", db, "--plan", ref.ID, "--to", "1"}, "nothing before it"},
		{"a malformed plan", []string{"diff", reference, filepath.Join(dir, "missing.json")}, "missing.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := run(t, "", tc.args...)
			if code != exitBadInput || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, %q; want 2 and %q", code, errOut, tc.want)
			}
		})
	}
}
