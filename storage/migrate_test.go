package storage

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"redline/planner"
)

// fixtureV1 is a database written by this package at schema v1, committed so
// that every later schema is tested upgrading real v1 data. It is written
// once, by TestWriteFixtureV1 with REDLINE_WRITE_FIXTURE=1; it must not be
// rewritten once a v2 exists, since only v1-era code could write it honestly.
const fixtureV1 = "testdata/v1.db"

// The plans in the fixture.
const (
	fixtureEveryField = "6f1c2a9e-3b7d-4e15-8c42-7a0d5e9b1f01"
	fixtureTrashed    = "6f1c2a9e-3b7d-4e15-8c42-7a0d5e9b1f02"
)

func TestWriteFixtureV1(t *testing.T) {
	if os.Getenv("REDLINE_WRITE_FIXTURE") == "" {
		t.Skip("writes testdata/v1.db; set REDLINE_WRITE_FIXTURE=1")
	}
	os.Remove(fixtureV1)
	clock := newTestClock()
	s, err := Open(fixtureV1, withSchemaVersion(1), WithClock(clock.now))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ref := referencePlan(t)
	mustSave(t, s, ref, 0)
	ref.Title += " — v2"
	ref.RedLines = ref.RedLines[1:]
	mustSave(t, s, ref, 1)
	mustSave(t, s, everyField(), 0)
	mustSave(t, s, unsetFields(), 0)
	if err := s.DeletePlan(ctx, fixtureTrashed); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveProfile(ctx, strictProfile()); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveRun(ctx, sampleRun(ref.ID, clock.now())); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func copyFixture(t *testing.T, from string) string {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(t.TempDir(), "redline.db")
	dst, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func userVersion(t *testing.T, path string) uint32 {
	return binary.BigEndian.Uint32(readHeader(t, path)[60:])
}

func TestUpgradeFromV1Fixture(t *testing.T) {
	sqliteOnly(t, "the fixture is a file")
	path := copyFixture(t, fixtureV1)
	if v := userVersion(t, path); v != 1 {
		t.Fatalf("fixture at v%d, want v1", v)
	}
	at := time.Date(2025, 6, 30, 23, 59, 58, 0, time.UTC)
	s := mustOpenAt(t, path, WithClock(func() time.Time { return at }))
	ctx := context.Background()

	// The snapshot: beside the file, named for the upgrade, private, at v1.
	snap := fmt.Sprintf("%s.pre-v%d-20250630T235958Z.bak", path, SchemaVersion())
	st, err := os.Stat(snap)
	if err != nil {
		t.Fatalf("no snapshot: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("snapshot mode %v, want 0600", st.Mode().Perm())
	}
	if v := userVersion(t, snap); v != 1 {
		t.Errorf("snapshot at v%d, want v1", v)
	}
	raw, err := sql.Open("sqlite", "file:"+snap+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow("SELECT count(*) FROM plans").Scan(&n); err != nil || n != 3 {
		t.Errorf("snapshot holds %d plans (%v), want 3", n, err)
	}

	var version int
	var index string
	s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	s.r.QueryRowContext(ctx, "SELECT name FROM sqlite_schema WHERE name = 'runs_by_plan'").Scan(&index)
	if version != SchemaVersion() || index == "" {
		t.Errorf("after the upgrade: v%d, index %q", version, index)
	}

	// Every plan, live or trashed, loads from the tables exactly as its
	// latest revision document says.
	live, err := s.ListPlans(ctx, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	trash, err := s.ListPlans(ctx, ListOptions{Trash: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(live) != 2 || len(trash) != 1 || trash[0].ID != fixtureTrashed {
		t.Fatalf("live %d plans, trash %v", len(live), trash)
	}
	for _, sum := range append(live, trash...) {
		p, rev := mustLoad(t, s, sum.ID)
		doc, err := s.LoadRevision(ctx, sum.ID, rev)
		if err != nil {
			t.Fatal(err)
		}
		sameEncoding(t, doc, p)
		if sum.Revision != rev || sum.RedLines != len(p.RedLines) || sum.Links != len(p.Links) || sum.SavedBy != "" {
			t.Errorf("%s: summary %+v disagrees with the plan", sum.ID, sum)
		}
	}
	every, _ := mustLoad(t, s, fixtureEveryField)
	sameEncoding(t, everyField(), every)
	ref := referencePlan(t)
	revs, err := s.Revisions(ctx, ref.ID)
	if err != nil || len(revs) != 2 {
		t.Fatalf("reference plan: %d revisions (%v), want 2", len(revs), err)
	}
	for _, r := range revs {
		if r.Author != "" {
			t.Errorf("revision %d, saved before schema v6, has the author %q", r.N, r.Author)
		}
	}
	if _, err := s.ResolveProfile(ctx, strictProfile().ID); err != nil {
		t.Errorf("profile: %v", err)
	}
	runs, err := s.ListRuns(ctx, ref.ID)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs: %v %v", runs, err)
	}
	run, err := s.LoadRun(ctx, runs[0].ID)
	if err != nil || len(run.Decisions) != 3 || len(run.Notes) != 2 {
		t.Fatalf("run: %+v %v", run, err)
	}
	for _, d := range run.Decisions {
		if d.AtHours != 0 {
			t.Errorf("a decision stored before schema v4 has the exercise clock %v, want 0 (not recorded)", d.AtHours)
		}
	}

	// The upgraded database takes new revisions; opening it again upgrades
	// nothing and writes no second snapshot.
	ref.Title = "After the upgrade"
	mustSave(t, s, ref, 2)
	s.Close()
	mustOpenAt(t, path, WithClock(func() time.Time { return at.Add(time.Hour) }))
	if snaps, _ := filepath.Glob(snapshotGlob(path)); len(snaps) != 1 {
		t.Errorf("snapshots %v, want one", snaps)
	}
}

func TestNewDatabaseHasNoSnapshot(t *testing.T) {
	sqliteOnly(t, "snapshots are files")
	s := mustOpen(t)
	if snaps, _ := filepath.Glob(snapshotGlob(s.Path())); len(snaps) != 0 {
		t.Errorf("snapshots of a new database: %v", snaps)
	}
}

// A migration that fails rolls back whole: the file stays at the previous
// version with its data, and the message names the snapshot taken before.
func TestFailedMigrationRollsBack(t *testing.T) {
	sqliteOnly(t, "user_version in the header (TestFailedServerMigrationRollsBack is the server's)")
	path := filepath.Join(t.TempDir(), "redline.db")
	writeRedline(t, path)
	saved := migrations
	t.Cleanup(func() { migrations = saved })
	migrations = append(migrations[:len(migrations):len(migrations)], migration{
		version: len(saved) + 1, name: "9999_broken.sql",
		sql: "CREATE TABLE half_done (x INTEGER); ALTER TABLE plans ADD COLUMN colour TEXT; INSERT INTO no_such_table VALUES (1);",
	})
	_, err := Open(path)
	if err == nil {
		t.Fatal("Open with a broken migration succeeded")
	}
	for _, want := range []string{"9999_broken.sql", "rolled back", fmt.Sprintf(".pre-v%d-", len(saved)+1)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message does not say %q: %v", want, err)
		}
	}
	if v := userVersion(t, path); int(v) != len(saved) {
		t.Errorf("user_version %d after the failed upgrade, want %d", v, len(saved))
	}
	migrations = saved
	s := mustOpenAt(t, path)
	var n int
	s.r.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").Scan(&n)
	if n != 0 {
		t.Error("the failed migration left a table behind")
	}
	p := referencePlan(t)
	got, _ := mustLoad(t, s, p.ID)
	sameEncoding(t, p, got)
}

func TestMigrationsAreNumberedFromOne(t *testing.T) {
	for backend, ms := range map[string][]migration{"SQLite": migrations, "PostgreSQL": pgMigrations} {
		for i, m := range ms {
			if m.version != i+1 || !strings.HasSuffix(m.name, ".sql") || m.sql == "" {
				t.Errorf("%s migration %d: %+v", backend, i, m)
			}
		}
		if len(ms) < 2 {
			t.Errorf("%s: want at least two migrations, so that the upgrade path is tested", backend)
		}
	}
}

// strictProfile is a custom profile on the built-in one.
func strictProfile() *planner.ProfileFile {
	return &planner.ProfileFile{
		Format: planner.ProfileFormat, ID: "strict-2025", Title: "Strict — всі попередження блокують",
		Base:        planner.DefaultProfile,
		Params:      map[string]any{"rapid_hours": 24.0, "veto_players": []string{"HU", "SK"}, "hesitant_troops": []string{}},
		Severity:    map[string]planner.Severity{"vague-threshold": planner.Blocker, "duplicate-id": planner.Off},
		Sources:     map[string][]string{"rapid_hours": {"012_workshop.txt"}, "veto_players": {}},
		Assumptions: map[string]string{"rapid_hours": "A day, not three: the cell's own reading of “rapid”.\nNo document gives hours."},
	}
}

func sampleRun(planID string, at time.Time) *Run {
	return &Run{
		PlanID: planID, PlanRevision: 2, Title: "Workshop run — Rzeszów", Position: 3,
		Decisions: []Decision{
			{Inject: "inj-1", RedLine: "rl-1", Response: "resp-1", Choice: Approved, Note: "за", At: at},
			{Inject: "inj-2", RedLine: "rl-2", Response: "resp-2", Choice: Rejected, At: at.Add(time.Minute)},
			{Inject: "inj-2", RedLine: "rl-2", Response: "resp-3", Choice: Deferred, Note: "ask capitals"},
		},
		Notes: []Note{{AtHours: 12.5, Text: "Escalation faster than planned", At: at}, {AtHours: 0, Text: ""}},
	}
}
