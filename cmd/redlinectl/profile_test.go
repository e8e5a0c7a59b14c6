package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"redline/planner"
	"redline/storage"
)

// A stored plan is checked against the profile it names as the app checks
// it: a built-in one, or one stored beside it (File → Import profile). The
// result is the same as checking the plan's file with the profile's file.
// A --profile file comes first, and may build on a stored profile; a plan
// file is not looked up in any store.
func TestStoredPlansUseTheirStoredProfile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "redline.db")
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const planID = "0b9f3c1e-6a2d-4f57-9e8b-1c2d3e4f5a60"
	const usTroops = `{"format":"redline-plan/v1","id":"` + planID + `","title":"US troops","phase":"ceasefire","profile":"us-troops-allowed",
		"contributions":[{"id":"c-us-1","nation":"US","capability":"training","personnel":200,
		"location":"second_line","activation":"ceasefire","status":"pledged","months":12}],
		"injects":[{"id":"inj-1","at_hours":0,"title":"Ceasefire signed"}]}`
	const profile = `{"format":"redline-profile/v1","id":"us-troops-allowed",
		"title":"Excursion: US ground contingent allowed","base":"coalition-2025",
		"params":{"no_ground_presence":[]},"severity":{"no-forward-presence":"off","force-size":"blocker"}}`
	planFile := write("us.json", usTroops)
	profileFile := write("profile.json", profile)
	quiet := write("quiet.json", `{"format":"redline-profile/v1","id":"quiet","title":"Quiet","base":"coalition-2025",
		"severity":{"force-size":"off","no-forward-presence":"off","no-us-ground-troops":"off"}}`)
	onStored := write("on-stored.json", `{"format":"redline-profile/v1","id":"milder","title":"Milder",
		"base":"us-troops-allowed","severity":{"force-size":"warning"}}`)

	// The profile goes in as the app's File → Import profile stores it.
	st, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	f, err := planner.DecodeProfile([]byte(profile))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveProfile(ctx, f); err != nil {
		t.Fatal(err)
	}
	p, err := planner.DecodePlan([]byte(usTroops))
	if err != nil {
		t.Fatal(err)
	}
	rev, err := st.SavePlan(ctx, p, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	gone, _ := planner.DecodePlan([]byte(strings.Replace(usTroops, `"us-troops-allowed"`, `"gone"`, 1)))
	gone.ID = ""
	if _, err := st.SavePlan(ctx, gone, 0, ""); err != nil {
		t.Fatal(err)
	}
	r := storage.Run{PlanID: planID, PlanRevision: rev, Title: "Workshop", Position: 1}
	if err := st.SaveRun(ctx, &r); err != nil {
		t.Fatal(err)
	}
	st.Close()

	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
		// sameAs is a command whose output must be the same.
		sameAs []string
	}{
		{name: "check --plan", args: []string{"check", "--db", db, "--plan", planID}, code: 1,
			stdout: "profile us-troops-allowed", sameAs: []string{"check", "--profile", profileFile, planFile}},
		{name: "check --plan, as JSON", args: []string{"check", "--format", "json", "--db", db, "--plan", planID}, code: 1,
			stdout: `"profile": "us-troops-allowed"`, sameAs: []string{"check", "--format", "json", "--profile", profileFile, planFile}},
		{name: "export --plan of a summary", args: []string{"export", "--format", "md", "--date", "none", "--db", db, "--plan", planID},
			sameAs: []string{"export", "--format", "md", "--date", "none", "--profile", profileFile, planFile}},
		{name: "export --plan --revision of a summary", args: []string{"export", "--format", "md", "--date", "none", "--db", db, "--plan", planID, "--revision", "1"},
			sameAs: []string{"export", "--format", "md", "--date", "none", "--profile", profileFile, planFile}},
		{name: "exercise --plan --report", args: []string{"exercise", "--report", "md", "-o", filepath.Join(dir, "aar.md"), "--db", db, "--plan", planID}},
		{name: "exercise --run --report", args: []string{"exercise", "--report", "md", "-o", filepath.Join(dir, "run.md"), "--db", db, "--run", r.ID}},
		{name: "a --profile file comes before the stored profile", args: []string{"check", "--profile", quiet, "--db", db, "--plan", planID},
			stdout: "profile quiet"},
		{name: "a --profile file may build on a stored profile", args: []string{"check", "--profile", onStored, "--db", db, "--plan", planID},
			stdout: "profile milder"},
		{name: "a plan file is not looked up in the store", args: []string{"check", "--profile", onStored, planFile}, code: 2,
			stderr: `unknown base profile "us-troops-allowed"`},
		{name: "a plan file naming a stored profile needs its file", args: []string{"check", planFile}, code: 2,
			stderr: `profile "us-troops-allowed", which is not built in (built in: coalition-2025); pass its file with --profile FILE`},
		{name: "a stored plan naming a profile neither built in nor stored", args: []string{"check", "--db", db, "--plan", gone.ID}, code: 2,
			stderr: `profile "gone", which is neither built in (built in: coalition-2025) nor stored in ` + db + ` (stored: us-troops-allowed); pass its file with --profile FILE`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			if !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stdout lacks %q or stderr lacks %q:\n%s\n%s", tt.stdout, tt.stderr, out, errOut)
			}
			if tt.sameAs != nil {
				code2, out2, errOut2 := run(t, "", tt.sameAs...)
				if code2 != code || out2 != out {
					t.Errorf("differs from %v (exit %d, stderr %s):\n--- got\n%s\n--- want\n%s", tt.sameAs, code2, errOut2, out, out2)
				}
			}
		})
	}
}
