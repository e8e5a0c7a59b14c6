package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"redline/planner"
)

func TestOpenCreatesPrivateFileAndFolder(t *testing.T) {
	sqliteOnly(t, "the file's mode and header")
	path := filepath.Join(t.TempDir(), "config", "redline", "redline.db")
	s := mustOpenAt(t, path)
	for _, c := range []struct {
		path string
		want os.FileMode
	}{
		{path, 0o600},
		{path + "-wal", 0o600},
		{filepath.Dir(path), 0o700 | os.ModeDir},
	} {
		st, err := os.Stat(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode() & (os.ModePerm | os.ModeDir); got != c.want {
			t.Errorf("%s: mode %v, want %v", c.path, got, c.want)
		}
	}
	if s.ReadOnly() != nil {
		t.Errorf("new store is read-only: %v", s.ReadOnly())
	}
	s.Close()
	header := readHeader(t, path)
	if id := binary.BigEndian.Uint32(header[68:]); id != ApplicationID {
		t.Errorf("application id 0x%08X, want 0x%08X", id, ApplicationID)
	}
	if v := binary.BigEndian.Uint32(header[60:]); int(v) != SchemaVersion() {
		t.Errorf("user_version %d, want %d", v, SchemaVersion())
	}
}

func readHeader(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 100 {
		t.Fatalf("%s: %d bytes, no header", path, len(data))
	}
	return data[:100]
}

func TestDefaultPath(t *testing.T) {
	t.Run("REDLINE_DB set", func(t *testing.T) {
		t.Setenv("REDLINE_DB", "/srv/plans/team.db")
		if got, err := DefaultPath(); err != nil || got != "/srv/plans/team.db" {
			t.Fatalf("DefaultPath() = %q, %v", got, err)
		}
	})
	t.Run("REDLINE_DB unset", func(t *testing.T) {
		t.Setenv("REDLINE_DB", "")
		t.Setenv("XDG_CONFIG_HOME", "/home/planner/.config")
		t.Setenv("HOME", "/home/planner")
		dir, err := os.UserConfigDir()
		if err != nil {
			t.Skip(err)
		}
		if got, err := DefaultPath(); err != nil || got != filepath.Join(dir, "redline", "redline.db") {
			t.Fatalf("DefaultPath() = %q, %v", got, err)
		}
	})
}

// OpenDefault opens the file chosen (--db), else REDLINE_DB's, else the
// one under the user's configuration folder: the app's and redlinectl's.
func TestOpenDefault(t *testing.T) {
	sqliteOnly(t, "the default file")
	dir := t.TempDir()
	chosen, env, config := filepath.Join(dir, "chosen.db"), filepath.Join(dir, "env.db"), filepath.Join(dir, "config")
	tests := []struct {
		name, path, env string
		want            string
	}{
		{"a chosen file", chosen, env, chosen},
		{"REDLINE_DB", "", env, env},
		{"the user's configuration folder", "", "", filepath.Join(config, "redline", "redline.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("REDLINE_DB", tt.env)
			t.Setenv("XDG_CONFIG_HOME", config)
			t.Setenv("HOME", dir)
			t.Setenv("AppData", config) // Windows
			if d, err := os.UserConfigDir(); tt.env == "" && (err != nil || d != config) {
				t.Skipf("the configuration folder here is %q, %v", d, err)
			}
			s, err := OpenDefault(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Path() != tt.want {
				t.Errorf("opened %s, want %s", s.Path(), tt.want)
			}
		})
	}
}

// Every connection, the writer's and each reader's, has the pragmas the
// store relies on: they are in the DSN, not set once on one connection.
func TestEveryConnectionHasThePragmas(t *testing.T) {
	sqliteOnly(t, "SQLite's pragmas")
	s := mustOpen(t)
	ctx := context.Background()
	var conns []*sql.Conn
	for i := 0; i < 3; i++ {
		c, err := s.r.Conn(ctx) // held, so each is a different connection
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	w, err := s.w.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	conns = append(conns, w)
	want := map[string]string{"foreign_keys": "1", "journal_mode": "wal", "synchronous": "2", "busy_timeout": "5000",
		"application_id": "1380207694"}
	for i, c := range conns {
		for pragma, v := range want {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != v {
				t.Errorf("connection %d: PRAGMA %s = %s, want %s", i, pragma, got, v)
			}
		}
	}
}

// fileState is what must not change about a refused file.
type fileState struct {
	data []byte
	mod  time.Time
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileState{data, st.ModTime()}
}

// writeSQLite makes a SQLite file as another program would.
func writeSQLite(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// writeRedline makes a Redline database holding one plan.
func writeRedline(t *testing.T, path string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, referencePlan(t), 0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesFilesThatAreNotOurs(t *testing.T) {
	sqliteOnly(t, "files of other kinds (TestOpenRefusesDatabasesThatAreNotOurs is the server's)")
	cases := []struct {
		name     string
		make     func(t *testing.T, path string)
		snapshot bool // put a snapshot beside the file
		kind     error
		says     []string
	}{
		{"a text file", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("title,phase\nKyiv,war\n"), 0o600)
		}, false, ErrNotRedline, []string{"expected a Redline database", "is not a SQLite database", `"title,phase\nKyiv"`, "there is no snapshot"}},
		{"a binary file shorter than a header", func(t *testing.T, path string) {
			os.WriteFile(path, []byte{0x89, 'P', 'N', 'G', 0, 1}, 0o600)
		}, false, ErrNotRedline, []string{"is not a SQLite database", "bytes 89 50 4e 47"}},
		{"another program's SQLite with its application id", func(t *testing.T, path string) {
			writeSQLite(t, path, "CREATE TABLE gpkg_contents (table_name TEXT)", "PRAGMA application_id = 0x47504B47")
		}, true, ErrNotRedline, []string{"another program", "0x47504B47", `"GPKG"`, "the newest snapshot beside it is"}},
		{"another program's SQLite without an application id", func(t *testing.T, path string) {
			writeSQLite(t, path, "CREATE TABLE moz_places (url TEXT)", "INSERT INTO moz_places VALUES ('https://example.org')")
		}, false, ErrNotRedline, []string{"another program", "moz_places"}},
		{"a damaged Redline database", func(t *testing.T, path string) {
			writeRedline(t, path)
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			// Page 2 is the root of the plans table: make it garbage.
			f.WriteAt(bytes.Repeat([]byte{0xA5}, 4096), 4096)
			f.Close()
		}, true, ErrCorrupt, []string{"is damaged", "expected an intact Redline database", "the newest snapshot beside it is"}},
		{"a Redline database of a newer version", func(t *testing.T, path string) {
			writeRedline(t, path)
			writeSQLite(t, path, "PRAGMA user_version = 99")
		}, false, ErrTooNew, []string{"newer version of Redline", "schema v99"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "redline.db")
			tc.make(t, path)
			var snapshot string
			if tc.snapshot {
				snapshot = path + ".pre-v2-20250101T000000Z.bak"
				os.WriteFile(snapshot, []byte("snapshot"), 0o600)
			}
			// An old mtime, so that any write would show.
			old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
			if err := os.Chtimes(path, old, old); err != nil {
				t.Fatal(err)
			}
			before := stateOf(t, path)
			s, err := Open(path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("err = %v; want errors.Is %v", err, tc.kind)
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Errorf("err is %T, want *FileError", err)
			}
			msg := err.Error()
			for _, want := range append(tc.says, path, "expected", "The file was not changed") {
				if !strings.Contains(msg, want) {
					t.Errorf("message does not say %q:\n%s", want, msg)
				}
			}
			if snapshot != "" && !strings.Contains(msg, snapshot) {
				t.Errorf("message does not name the snapshot %s:\n%s", snapshot, msg)
			}
			after := stateOf(t, path)
			if !bytes.Equal(before.data, after.data) || !before.mod.Equal(after.mod) {
				t.Errorf("the file changed (mtime %v → %v)", before.mod, after.mod)
			}
		})
	}
}

func TestOpenRefusesAFolder(t *testing.T) {
	sqliteOnly(t, "a folder")
	_, err := Open(t.TempDir())
	if !errors.Is(err, ErrNotRedline) || !strings.Contains(err.Error(), "is a folder") {
		t.Fatalf("err = %v", err)
	}
}

// A 0-byte file, or a SQLite file with no id and no tables — what a first
// run killed before its first commit leaves — holds nothing to lose.
func TestOpenInitialisesEmptyFiles(t *testing.T) {
	sqliteOnly(t, "empty files")
	cases := []struct {
		name string
		make func(t *testing.T, path string)
	}{
		{"a 0-byte file", func(t *testing.T, path string) { os.WriteFile(path, nil, 0o600) }},
		{"an empty SQLite database in WAL mode", func(t *testing.T, path string) {
			writeSQLite(t, path, "PRAGMA journal_mode = WAL")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "redline.db")
			tc.make(t, path)
			s := mustOpenAt(t, path)
			p := referencePlan(t)
			mustSave(t, s, p, 0)
			got, _ := mustLoad(t, s, p.ID)
			sameEncoding(t, p, got)
		})
	}
}

// makeReadOnly write-protects paths until the test ends. Permission bits do
// not bind root, so as root the immutable attribute is set as well.
func makeReadOnly(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o444)
		if st.IsDir() {
			mode = 0o555
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, st.Mode().Perm()) })
	}
	if os.Geteuid() == 0 {
		for _, p := range paths {
			if out, err := exec.Command("chattr", "+i", p).CombinedOutput(); err != nil {
				t.Skipf("running as root, and chattr +i %s failed (%v: %s): cannot make it read-only", p, err, out)
			}
			t.Cleanup(func() { exec.Command("chattr", "-i", p).Run() })
		}
	}
	probe := filepath.Join(paths[len(paths)-1], "probe")
	if st, _ := os.Stat(paths[len(paths)-1]); st != nil && st.IsDir() {
		if f, err := os.Create(probe); err == nil {
			f.Close()
			os.Remove(probe)
			t.Skip("cannot make a folder read-only here")
		}
	}
}

func TestOpenNewFileInReadOnlyFolder(t *testing.T) {
	sqliteOnly(t, "a read-only folder")
	dir := t.TempDir()
	makeReadOnly(t, dir)
	path := filepath.Join(dir, "redline.db")
	_, err := Open(path)
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("err = %v, want ErrReadOnly", err)
	}
	for _, want := range []string{path, "is read-only", "choose a writable location"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message does not say %q: %v", want, err)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file was left behind: %v", err)
	}
}

func TestSaveIntoReadOnlyDatabaseKeepsPreviousRevision(t *testing.T) {
	sqliteOnly(t, "a write-protected file (TestReadOnlyRole is the server's)")
	dir := t.TempDir()
	path := filepath.Join(dir, "redline.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p := referencePlan(t)
	mustSave(t, s, p, 0)
	s.Close()
	makeReadOnly(t, path, dir)
	before := stateOf(t, path)

	s = mustOpenAt(t, path)
	if !errors.Is(s.ReadOnly(), ErrReadOnly) {
		t.Fatalf("ReadOnly() = %v, want ErrReadOnly", s.ReadOnly())
	}
	edited, rev := mustLoad(t, s, p.ID)
	edited.Title = "Edited in a read-only database"
	_, err = s.SavePlan(context.Background(), edited, rev, "")
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), "last saved revision is intact") {
		t.Fatalf("SavePlan: %v; want ErrReadOnly saying so", err)
	}
	for name, err := range map[string]error{
		"delete":       s.DeletePlan(context.Background(), p.ID),
		"save profile": s.SaveProfile(context.Background(), &planner.ProfileFile{ID: "x", Title: "x", Base: planner.DefaultProfile}),
		"save run":     s.SaveRun(context.Background(), &Run{PlanID: p.ID}),
	} {
		if !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s: %v, want ErrReadOnly", name, err)
		}
	}
	got, gotRev := mustLoad(t, s, p.ID)
	if gotRev != 1 {
		t.Errorf("revision %d, want 1", gotRev)
	}
	sameEncoding(t, p, got)
	if problems, err := s.Verify(context.Background()); err != nil || problems != nil {
		t.Errorf("Verify: %v %v", problems, err)
	}
	s.Close()
	after := stateOf(t, path)
	if !bytes.Equal(before.data, after.data) || !before.mod.Equal(after.mod) {
		t.Error("the read-only file changed")
	}
}

// A write that runs out of room (a page limit stands in for a full disk)
// rolls back whole and says so; the store goes on working.
func TestSaveOnFullDiskKeepsPreviousRevision(t *testing.T) {
	sqliteOnly(t, "SQLite's page limit")
	s := mustOpen(t)
	ctx := context.Background()
	p := smallPlan(1)
	mustSave(t, s, p, 0)

	var pages int64
	if err := s.w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA max_page_count = "+strconv.FormatInt(pages+2, 10)); err != nil {
		t.Fatal(err)
	}
	big := planner.Generate(planner.LargePlan.Scaled(0.05))
	big.ID = p.ID
	_, err := s.SavePlan(ctx, big, 1, "")
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("SavePlan: %v; want ErrDiskFull saying disk full", err)
	}
	got, rev := mustLoad(t, s, p.ID)
	if rev != 1 {
		t.Errorf("revision %d after the failed save, want 1", rev)
	}
	sameEncoding(t, p, got)
	if revs, _ := s.Revisions(ctx, p.ID); len(revs) != 1 {
		t.Errorf("%d revisions, want 1", len(revs))
	}
	if problems, err := s.Verify(ctx); err != nil || problems != nil {
		t.Errorf("Verify: %v %v", problems, err)
	}

	if _, err := s.w.ExecContext(ctx, "PRAGMA max_page_count = 4294967294"); err != nil {
		t.Fatal(err)
	}
	if rev := mustSave(t, s, big, 1); rev != 2 {
		t.Errorf("save after freeing space: revision %d, want 2", rev)
	}
}

// Two copies of the program save the same plan from the same revision: one
// wins, the other is told, and nothing is lost or damaged.
func TestTwoStoresSavingFromTheSameBase(t *testing.T) {
	db := newDatabase(t)
	a, b := mustOpenAt(t, db), mustOpenAt(t, db)
	ctx := context.Background()
	p := referencePlan(t)
	mustSave(t, a, p, 0)
	for round := int64(1); round <= 20; round++ {
		pa, ra := mustLoad(t, a, p.ID)
		pb, rb := mustLoad(t, b, p.ID)
		pa.Title, pb.Title = "A's edit", "B's edit"
		var wg sync.WaitGroup
		var revs [2]int64
		var errs [2]error
		for i, job := range []struct {
			s    *Store
			p    *planner.Plan
			base int64
		}{{a, pa, ra}, {b, pb, rb}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				revs[i], errs[i] = job.s.SavePlan(ctx, job.p, job.base, "")
			}()
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
				if revs[i] != round+1 {
					t.Errorf("round %d: saved as revision %d, want %d", round, revs[i], round+1)
				}
			case errors.Is(err, ErrConflict):
				var ce *ConflictError
				if !errors.As(err, &ce) || ce.Base != round || ce.Latest != round+1 {
					t.Errorf("round %d: conflict %+v", round, ce)
				}
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d saves succeeded, want exactly 1 (%v)", round, won, errs)
		}
	}
	revs, err := b.Revisions(ctx, p.ID)
	if err != nil || len(revs) != 21 {
		t.Fatalf("%d revisions (%v), want 21", len(revs), err)
	}
	if problems, err := a.Verify(ctx); err != nil || problems != nil {
		t.Fatalf("Verify: %v %v", problems, err)
	}
}

// Two copies of the program add the same new plan at once (an import of
// one file on two machines): one stores it, the other is told it is
// stored already.
func TestTwoStoresAddingTheSamePlan(t *testing.T) {
	db := newDatabase(t)
	a, b := mustOpenAt(t, db), mustOpenAt(t, db)
	ctx := context.Background()
	for round := 0; round < 10; round++ {
		p := smallPlan(uint64(round))
		p.ID = planner.NewPlanID()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, s := range []*Store{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				q := *p
				_, errs[i] = s.SavePlan(ctx, &q, 0, "")
			}()
		}
		wg.Wait()
		var ce *ConflictError
		switch {
		case errs[0] == nil && errors.As(errs[1], &ce), errs[1] == nil && errors.As(errs[0], &ce):
			if ce.Latest != 1 || ce.Base != 0 {
				t.Errorf("round %d: conflict %+v, want base 0, latest 1", round, ce)
			}
		default:
			t.Fatalf("round %d: %v; want one save and one conflict", round, errs)
		}
	}
}

func TestBackup(t *testing.T) {
	sqliteOnly(t, "VACUUM INTO (TestBackupOfAServerDatabaseSaysHow is the server's)")
	s := mustOpen(t)
	ctx := context.Background()
	p := referencePlan(t)
	mustSave(t, s, p, 0)
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup: %v, mode %v; want 0600", err, st.Mode())
	}
	err := s.Backup(ctx, path)
	if !errors.Is(err, os.ErrExist) || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second backup to the same path: %v; want a refusal", err)
	}
	c := mustOpenAt(t, path)
	got, _ := mustLoad(t, c, p.ID)
	sameEncoding(t, p, got)
}

func TestVerifyReportsNothingOnASoundDatabase(t *testing.T) {
	s := mustOpen(t)
	mustSave(t, s, referencePlan(t), 0)
	problems, err := s.Verify(context.Background())
	if err != nil || problems != nil {
		t.Fatalf("Verify() = %q, %v", problems, err)
	}
}

// Several programs opening a database that does not exist yet: one creates
// and sets it up, the others wait for it and find it ready.
func TestOpenSameNewFileConcurrently(t *testing.T) {
	path := newDatabase(t)
	stores := make([]*Store, 4)
	errs := make([]error, len(stores))
	var wg sync.WaitGroup
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = Open(path)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("store %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	p := referencePlan(t)
	mustSave(t, stores[0], p, 0)
	got, _ := mustLoad(t, stores[3], p.ID)
	sameEncoding(t, p, got)
}
