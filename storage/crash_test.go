package storage

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"redline/planner"
)

// helperEnv gates TestHelperWriter: set, it names the database the child
// writes to.
const helperEnv = "REDLINE_STORAGE_HELPER_DB"

// crashPlanID is the plan the child writer saves revision after revision.
const crashPlanID = "c0ffee00-0000-4000-8000-00000000dead"

// TestHelperWriter is not a test: run as a child process by
// TestWriterKilledAtRandomMoments, it saves revisions of one plan as fast as
// it can and prints "saved <rev>" after each SavePlan has returned, until it
// is killed.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("a helper process for TestWriterKilledAtRandomMoments")
	}
	fail := func(err error) {
		fmt.Printf("error %v\n", err)
		os.Exit(3)
	}
	s, err := Open(path)
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	p, rev, err := s.LoadPlan(ctx, crashPlanID)
	if err != nil {
		p, rev = smallPlan(7), 0
		p.ID = crashPlanID
	}
	fmt.Println("opened")
	stop := time.Now().Add(10 * time.Second) // in case the parent is gone
	for time.Now().Before(stop) {
		// Every revision changes the plan: a red line more, and now and
		// then a few fewer, so rows are inserted, updated and deleted.
		n := rev + 1
		p.Title = fmt.Sprintf("Crash test, revision %d", n)
		p.RedLines = append(p.RedLines, planner.RedLine{ID: fmt.Sprintf("rl-crash-%d", n), Title: p.Title,
			Domain: planner.DomainLand, Severity: int(1 + n%5)})
		if n%7 == 0 && len(p.RedLines) > 5 {
			p.RedLines = p.RedLines[3:]
		}
		if rev, err = s.SavePlan(ctx, p, rev, ""); err != nil {
			fail(err)
		}
		// Printed only once SavePlan returned: each line is a promise.
		fmt.Printf("saved %d\n", rev)
	}
	os.Exit(0)
}

// A writer killed at random moments — while opening, creating, saving,
// committing — never leaves a database that does not open, fails its
// integrity check, or lacks a revision it said it had saved.
func TestWriterKilledAtRandomMoments(t *testing.T) {
	sqliteOnly(t, "a file after SIGKILL (TestSaveWhenTheConnectionIsCut is the server's)")
	if testing.Short() {
		t.Skip("kills a child process 200 times")
	}
	kills := 200
	if raceEnabled {
		kills = 40
	}
	// The kill moments come from a seed the log names, so that a failure can
	// be replayed: REDLINE_CRASH_SEED=N go test -run WriterKilled ./storage/
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("REDLINE_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("REDLINE_CRASH_SEED=%q: %v", s, err)
		}
	}
	t.Logf("kill moments from seed %d (REDLINE_CRASH_SEED=%d replays them)", seed, seed)
	rnd := rand.New(rand.NewPCG(seed, seed))
	path := filepath.Join(t.TempDir(), "redline.db")
	promised := map[int64]bool{}
	var maxPromised int64
	opened := 0
	start := time.Now()
	for i := 0; i < kills; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
		cmd.Env = append(os.Environ(), helperEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan []string, 1)
		ready := make(chan struct{})
		go func() {
			var got []string
			r := bufio.NewReader(out)
			for {
				line, err := r.ReadString('\n')
				if err != nil { // a line cut short by the kill promised nothing
					break
				}
				got = append(got, strings.TrimSuffix(line, "\n"))
				if line == "opened\n" {
					close(ready)
				}
			}
			lines <- got
		}()
		// Half the kills count from the start, and so often land while
		// the program starts, creates or checks the database; the other
		// half count from the moment it is open, and land in saves.
		if i%2 == 1 {
			select {
			case <-ready:
			case <-time.After(10 * time.Second):
			}
		}
		time.Sleep(time.Duration(5+rnd.IntN(56)) * time.Millisecond)
		cmd.Process.Kill() // SIGKILL: no deferred call, no Close, no checkpoint
		got := <-lines
		cmd.Wait()
		for _, line := range got {
			switch {
			case line == "opened":
				opened++
			case strings.HasPrefix(line, "saved "):
				rev, err := strconv.ParseInt(strings.TrimPrefix(line, "saved "), 10, 64)
				if err != nil {
					t.Fatalf("child said %q", line)
				}
				promised[rev] = true
				maxPromised = max(maxPromised, rev)
			case strings.HasPrefix(line, "error "):
				t.Fatalf("kill %d: the child failed: %s", i, line)
			}
		}
		checkAfterCrash(t, path, i, promised, maxPromised)
	}
	t.Logf("%d kills in %v: %d children got the database open, %d revisions promised and found",
		kills, time.Since(start).Round(time.Millisecond), opened, len(promised))
	// Under the race detector a save takes longer than most kill delays;
	// there the test checks survival only.
	if !raceEnabled && len(promised) < kills/10 {
		t.Errorf("only %d revisions were saved in %d runs: the kills rarely hit a save", len(promised), kills)
	}
}

// checkAfterCrash opens the database as the next program would and checks
// every promise.
func checkAfterCrash(t *testing.T, path string, kill int, promised map[int64]bool, maxPromised int64) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		return // killed before the file was created
	}
	s, err := Open(path)
	if err != nil {
		t.Fatalf("kill %d: the database does not open: %v", kill, err)
	}
	defer s.Close()
	ctx := context.Background()
	if problems, err := s.Verify(ctx); err != nil || problems != nil {
		t.Fatalf("kill %d: integrity: %v %v", kill, problems, err)
	}
	if maxPromised == 0 {
		return
	}
	p, rev, err := s.LoadPlan(ctx, crashPlanID)
	if err != nil {
		t.Fatalf("kill %d: %v", kill, err)
	}
	if rev < maxPromised {
		t.Fatalf("kill %d: latest revision %d, but %d was promised", kill, rev, maxPromised)
	}
	if want := fmt.Sprintf("Crash test, revision %d", rev); p.Title != want {
		t.Fatalf("kill %d: the tables hold %q at revision %d", kill, p.Title, rev)
	}
	revs, err := s.Revisions(ctx, crashPlanID)
	if err != nil {
		t.Fatal(err)
	}
	have := map[int64]bool{}
	for i, r := range revs {
		have[r.N] = true
		if r.N != rev-int64(i) {
			t.Fatalf("kill %d: revisions not contiguous: %d at %d", kill, r.N, i)
		}
	}
	for n := range promised {
		if !have[n] {
			t.Fatalf("kill %d: revision %d was promised and is missing", kill, n)
		}
	}
	old, err := s.LoadRevision(ctx, crashPlanID, rev)
	if err != nil {
		t.Fatalf("kill %d: %v", kill, err)
	}
	sameEncoding(t, old, p)
}

// A database whose creation was killed half-way, in rollback-journal mode
// (before its first switch to WAL), is left with a hot journal. It opens:
// the journal is rolled back as SQLite would, and the empty database is
// set up, instead of being called unreadable (SQLITE_READONLY_ROLLBACK from
// the read-only inspection).
func TestDatabaseKilledWhileCreatedOpens(t *testing.T) {
	sqliteOnly(t, "a SQLite rollback journal")
	dir := t.TempDir()
	src := filepath.Join(dir, "creating.db")
	db, err := openDB(src, "_pragma=journal_mode(DELETE)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{"PRAGMA cache_size = 1", "BEGIN", "CREATE TABLE t (x BLOB)"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for range 200 { // more than the cache holds: pages spill into the file
		if _, err := conn.ExecContext(ctx, "INSERT INTO t VALUES (randomblob(4000))"); err != nil {
			t.Fatal(err)
		}
	}
	// The files as a kill now would leave them.
	path := filepath.Join(t.TempDir(), "redline.db")
	for _, suffix := range []string{"", "-journal"} {
		data, err := os.ReadFile(src + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path+suffix, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := os.Stat(path + "-journal"); err != nil || st.Size() == 0 {
		t.Fatalf("no journal to roll back: %v", err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatalf("a database killed while created does not open: %v", err)
	}
	defer s.Close()
	if problems, err := s.Verify(ctx); err != nil || problems != nil {
		t.Errorf("after the rollback: %v %v", problems, err)
	}
}
