//go:build linux

package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"redline/planner"
)

// setUmask sets the process's umask until the test ends.
func setUmask(t *testing.T, mask int) {
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

// Every file the store writes is its owner's alone, whatever the umask
// allows: the database, its -wal and -shm files, backups and snapshots.
func TestStoreFilesStayPrivate(t *testing.T) {
	sqliteOnly(t, "the files' modes")
	tests := []struct {
		name string
		// make writes files and returns those that must be 0600.
		make func(t *testing.T, dir string) []string
	}{
		{"a new database", func(t *testing.T, dir string) []string {
			path := filepath.Join(dir, "redline.db")
			s := mustOpenAt(t, path)
			mustSave(t, s, referencePlan(t), 0)
			return []string{path, path + "-wal", path + "-shm"}
		}},
		{"a new database through a dangling link", func(t *testing.T, dir string) []string {
			file := filepath.Join(dir, "elsewhere.db")
			link := filepath.Join(dir, "redline.db")
			os.Symlink(file, link)
			s := mustOpenAt(t, link)
			mustSave(t, s, referencePlan(t), 0)
			return []string{file, file + "-wal", file + "-shm"}
		}},
		{"a backup", func(t *testing.T, dir string) []string {
			s := mustOpenAt(t, filepath.Join(dir, "redline.db"))
			mustSave(t, s, referencePlan(t), 0)
			backup := filepath.Join(dir, "backup.db")
			if err := s.Backup(context.Background(), backup); err != nil {
				t.Fatal(err)
			}
			return []string{backup}
		}},
		{"a snapshot before an upgrade", func(t *testing.T, dir string) []string {
			path := copyFixture(t, fixtureV1)
			mustOpenAt(t, path)
			snaps, _ := filepath.Glob(snapshotGlob(path))
			if len(snaps) != 1 {
				t.Fatalf("snapshots %v, want one", snaps)
			}
			return snaps
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setUmask(t, 0)
			for _, f := range tt.make(t, t.TempDir()) {
				st, err := os.Stat(f)
				if err != nil {
					t.Fatal(err)
				}
				if st.Mode().Perm() != 0o600 {
					t.Errorf("%s: mode %v, want 0600", filepath.Base(f), st.Mode().Perm())
				}
			}
		})
	}
}

// nobody is the user the read-only tests read as when they run as root,
// whom the permission bits do not bind.
const nobody = 65534

// readOnlyFolderCase is a database, in one of the states it can be in,
// whose folder turns out to be read-only.
type readOnlyFolderCase struct {
	name string
	// make writes the database into dir and returns its path; it may
	// leave a writer open until the test ends.
	make func(t *testing.T, dir string) string
	// wantTitle is the title of the one plan the reader must see; when
	// "", the database must be refused with an error saying wantRefusal.
	wantTitle    string
	wantRefusal  string
	wantReadOnly bool
}

const latestTitle = "The latest revision"

// saveTwice saves a plan and then a second revision of it.
func saveTwice(t *testing.T, s *Store) {
	p := referencePlan(t)
	mustSave(t, s, p, 0)
	p.Title = latestTitle
	mustSave(t, s, p, 1)
}

var readOnlyFolderCases = []readOnlyFolderCase{
	{name: "closed cleanly", make: func(t *testing.T, dir string) string {
		path := filepath.Join(dir, "redline.db")
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		saveTwice(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}, wantTitle: latestTitle, wantReadOnly: true},
	{name: "its writer still open", make: func(t *testing.T, dir string) string {
		path := filepath.Join(dir, "redline.db")
		saveTwice(t, mustOpenAt(t, path))
		return path
	}, wantTitle: latestTitle},
	{name: "changes waiting in its -wal file, no -shm file", make: func(t *testing.T, dir string) string {
		// What copying a database while it is open, without the -shm
		// file that SQLite documents as transient, leaves.
		src := filepath.Join(t.TempDir(), "redline.db")
		saveTwice(t, mustOpenAt(t, src))
		path := filepath.Join(dir, "redline.db")
		for _, suffix := range []string{"", "-wal"} {
			copyPlain(t, src+suffix, path+suffix)
		}
		return path
	}, wantRefusal: "redline.db-wal"},
}

func copyPlain(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// checkReadOnlyFolder opens path as redlinectl list and verify do, and
// checks what the case promises.
func checkReadOnlyFolder(t *testing.T, path string, c readOnlyFolderCase) {
	ctx := context.Background()
	s, err := Open(path)
	if c.wantTitle == "" {
		if err == nil {
			s.Close()
			t.Fatalf("Open succeeded; want it refused saying %q", c.wantRefusal)
		}
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), c.wantRefusal) || strings.Contains(err.Error(), "intact") {
			t.Fatalf("Open: %v; want ErrReadOnly saying %q", err, c.wantRefusal)
		}
		return
	}
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if got := s.ReadOnly() != nil; got != c.wantReadOnly {
		t.Errorf("read-only %v (%v), want %v", got, s.ReadOnly(), c.wantReadOnly)
	}
	plans, err := s.ListPlans(ctx, ListOptions{})
	if err != nil || len(plans) != 1 || plans[0].Title != c.wantTitle || plans[0].Revision != 2 {
		t.Fatalf("ListPlans: %+v, %v; want one plan %q at revision 2", plans, err, c.wantTitle)
	}
	if problems, err := s.Verify(ctx); err != nil || problems != nil {
		t.Errorf("Verify: %q, %v", problems, err)
	}
	if p, _, err := s.LoadPlan(ctx, plans[0].ID); err != nil || p.Title != c.wantTitle {
		t.Errorf("LoadPlan: %v", err)
	}
}

// roCaseEnv gates TestHelperReadOnlyFolder: set, it names the case, and
// roDBEnv the database.
const (
	roCaseEnv = "REDLINE_STORAGE_RO_CASE"
	roDBEnv   = "REDLINE_STORAGE_RO_DB"
)

// TestHelperReadOnlyFolder is not a test: run as a child process by
// TestReadableDatabaseInReadOnlyFolder as another user than root, it checks
// one case.
func TestHelperReadOnlyFolder(t *testing.T) {
	name, path := os.Getenv(roCaseEnv), os.Getenv(roDBEnv)
	if name == "" {
		t.Skip("a helper process for TestReadableDatabaseInReadOnlyFolder")
	}
	for _, c := range readOnlyFolderCases {
		if c.name == name {
			checkReadOnlyFolder(t, path, c)
			return
		}
	}
	t.Fatalf("no case %q", name)
}

// A database that can be read opens read-only when its folder cannot be
// written: it can be listed, loaded and verified. Unless the newest changes
// are in a -wal file it cannot read there; then it is refused, never shown
// as it was before them.
//
// Folders are made read-only two ways. Without write permission: SQLite
// then fails to create files with SQLITE_READONLY_DIRECTORY. As root,
// whom permissions do not bind, the reader then runs as another user, in a
// child process. And immutable (chattr +i, root only): SQLite then gets
// SQLITE_CANTOPEN.
func TestReadableDatabaseInReadOnlyFolder(t *testing.T) {
	sqliteOnly(t, "a read-only folder")
	root := os.Geteuid() == 0
	for _, c := range readOnlyFolderCases {
		t.Run(c.name+", folder without write permission", func(t *testing.T) {
			dir := t.TempDir()
			path := c.make(t, dir)
			if !root {
				os.Chmod(dir, 0o555)
				t.Cleanup(func() { os.Chmod(dir, 0o755) })
				checkReadOnlyFolder(t, path, c)
				return
			}
			asAnotherUser(t, dir, "TestHelperReadOnlyFolder", roCaseEnv+"="+c.name, roDBEnv+"="+path)
		})
		t.Run(c.name+", immutable folder", func(t *testing.T) {
			if !root {
				t.Skip("only root can make a folder immutable; the case without write permission covers this")
			}
			dir := t.TempDir()
			path := c.make(t, dir)
			makeReadOnly(t, dir)
			checkReadOnlyFolder(t, path, c)
		})
	}
}

// asAnotherUser runs the test named test in a child process as the user
// nobody, with env, after giving dir and what is in it to that user and
// taking away its write permission on dir.
func asAnotherUser(t *testing.T, dir, test string, env ...string) {
	t.Helper()
	// The child must reach dir and run the test binary: both go where
	// every user may look.
	for d := filepath.Dir(dir); d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	bin := filepath.Join(filepath.Dir(dir), "storage.test")
	copyPlain(t, os.Args[0], bin)
	os.Chmod(bin, 0o755)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.Chown(filepath.Join(dir, e.Name()), nobody, nobody)
	}
	os.Chown(dir, nobody, nobody)
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755) })

	cmd := exec.Command(bin, "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody, Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Skipf("cannot run a process as another user (%v): cannot take away root's write permission", err)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS: "+test) {
		t.Errorf("as another user: %v\n%s", err, out)
	}
}

// fullDiskEnv gates the child of TestOnAFullDisk: set, it names the folder
// to mount a small file system on.
const fullDiskEnv = "REDLINE_STORAGE_FULL_DISK"

// smallDisk returns a folder on a 2 MiB file system of its own. The test
// runs in a child process with a mount namespace of its own, so that the
// mount ends with it; in the parent smallDisk returns ok false once the
// child is done, and the test returns.
func smallDisk(t *testing.T) (dir string, ok bool) {
	t.Helper()
	if dir := os.Getenv(fullDiskEnv); dir != "" {
		if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=2m,mode=0700"); err != nil {
			fmt.Println("NOMOUNT", err)
			t.Skipf("cannot mount a small file system: %v", err)
		}
		t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
		return dir, true
	}
	if os.Geteuid() != 0 {
		t.Skip("only root can mount a small file system to fill; TestErrorKinds covers the classification")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), fullDiskEnv+"="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	switch {
	case err != nil && !errors.As(err, &exitErr):
		t.Skipf("cannot make a mount namespace (%v); TestErrorKinds covers the classification", err)
	case strings.Contains(string(out), "NOMOUNT"):
		t.Skipf("cannot mount a small file system; TestErrorKinds covers the classification:\n%s", out)
	case err != nil:
		t.Errorf("on a small disk: %v\n%s", err, out)
	default:
		t.Logf("on a small disk:\n%s", out)
	}
	return "", false
}

// fill takes the rest of the space on dir's disk until the test ends.
func fill(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	f.Close()
	t.Cleanup(func() { os.Remove(path) })
}

// A full disk is called a full disk, of the right file: not damage, and
// not the database when it is the backup that did not fit.
func TestOnAFullDisk(t *testing.T) {
	sqliteOnly(t, "a full disk under the file")
	dir, ok := smallDisk(t)
	if !ok {
		return
	}
	ctx := context.Background()
	tests := []struct {
		name string
		// run does what fails on the full disk and returns the file the
		// error must name, and the error.
		run func(t *testing.T, dir string) (names string, err error)
	}{
		{"opening a database", func(t *testing.T, dir string) (string, error) {
			path := filepath.Join(dir, "redline.db")
			writeRedline(t, path)
			fill(t, dir)
			before := stateOf(t, path)
			s, err := Open(path)
			if err == nil {
				s.Close()
			}
			if after := stateOf(t, path); string(after.data) != string(before.data) {
				t.Error("the database changed")
			}
			return path, err
		}},
		{"saving into a database", func(t *testing.T, dir string) (string, error) {
			path := filepath.Join(dir, "redline.db")
			s := mustOpenAt(t, path)
			mustSave(t, s, smallPlan(1), 0)
			fill(t, dir)
			big := planner.Generate(planner.LargePlan.Scaled(0.05))
			big.ID = planner.NewPlanID()
			_, err := s.SavePlan(ctx, big, 0, "")
			return path, err
		}},
		{"backing up onto it", func(t *testing.T, dir string) (string, error) {
			s := mustOpen(t) // on the roomy disk
			saveTwice(t, s)
			fill(t, dir)
			backup := filepath.Join(dir, "backup.db")
			err := s.Backup(ctx, backup)
			if _, serr := os.Stat(backup); serr == nil {
				t.Error("the failed backup was left behind")
			}
			if err != nil && strings.Contains(err.Error(), s.Path()) {
				t.Errorf("the message names the database %s, not the copy that did not fit: %v", s.Path(), err)
			}
			return backup, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
			if err := os.Mkdir(sub, 0o700); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			names, err := tt.run(t, sub)
			if !errors.Is(err, ErrDiskFull) {
				t.Fatalf("%v; want ErrDiskFull", err)
			}
			msg := err.Error()
			for _, want := range []string{names, "full", "free some space"} {
				if !strings.Contains(msg, want) {
					t.Errorf("the message does not say %q: %s", want, msg)
				}
			}
			if strings.Contains(msg, "intact Redline database") {
				t.Errorf("a full disk is called damage: %s", msg)
			}
			t.Logf("%s (%v)", msg, time.Since(start).Round(time.Millisecond))
		})
	}
}
