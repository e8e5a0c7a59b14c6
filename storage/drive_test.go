package storage

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// manualClock is a clock a test sets.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func newManualClock() *manualClock {
	return &manualClock{t: time.Date(2025, 6, 2, 10, 42, 0, 0, time.UTC)}
}

func (c *manualClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// savedRun stores a plan and a run of it in s and returns the run's id.
func savedRun(t *testing.T, s *Store, seed uint64) string {
	t.Helper()
	p := smallPlan(seed)
	mustSave(t, s, p, 0)
	r := &Run{PlanID: p.ID, Title: "Workshop"}
	if err := s.SaveRun(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// mustDrive takes the run's lock, released when the test ends.
func mustDrive(t *testing.T, s *Store, runID, holder string) *RunDrive {
	t.Helper()
	d, err := s.DriveRun(context.Background(), runID, holder)
	if err != nil {
		t.Fatalf("DriveRun(%s, %s): %v", runID, holder, err)
	}
	t.Cleanup(d.Release)
	return d
}

// One machine drives a run at a time: whoever asks while it is driven —
// from another machine, or another window of the same — is told who drives
// it and since when. Another run is another lock, and a released run can
// be driven by the next.
func TestOneDriverAtATime(t *testing.T) {
	db := newDatabase(t)
	ctx := context.Background()
	facilitator := mustOpenAt(t, db)
	other := mustOpenAt(t, db)
	run := savedRun(t, facilitator, 21)
	second := savedRun(t, facilitator, 22)
	var held *RunDrive
	steps := []struct {
		name   string
		store  *Store
		run    string
		holder string
		want   error  // nil, ErrRunDriven or ErrNotFound
		says   string // in the error
	}{
		{"the facilitator takes the run", facilitator, run, "Olena", nil, ""},
		{"a teammate's machine asks for it", other, run, "Taras", ErrRunDriven, "the run “Workshop” is driven by Olena since "},
		{"another window of the facilitator's asks for it", facilitator, run, "Olena", ErrRunDriven, "driven by Olena"},
		{"a teammate takes another run", other, second, "Taras", nil, ""},
		{"a run that is not stored", other, "no-such-run", "Taras", ErrNotFound, "no-such-run"},
	}
	for _, st := range steps {
		d, err := st.store.DriveRun(ctx, st.run, st.holder)
		if st.want == nil {
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			t.Cleanup(d.Release)
			if held == nil {
				held = d
			}
			continue
		}
		if !errors.Is(err, st.want) || !strings.Contains(err.Error(), st.says) {
			t.Errorf("%s: %v; want %v saying %q", st.name, err, st.want, st.says)
		}
		var driven *RunDrivenError
		if st.want == ErrRunDriven && (!errors.As(err, &driven) || driven.Holder != "Olena" || driven.Since.IsZero()) {
			t.Errorf("%s: %#v; want a *RunDrivenError naming Olena and since when", st.name, err)
		}
	}
	held.Release()
	held.Release() // a second Release does nothing
	d := mustDrive(t, other, run, "Taras")
	select {
	case <-held.Lost():
		t.Error("the released drive says it was lost")
	default:
	}
	if _, err := facilitator.DriveRun(ctx, run, "Olena"); !errors.Is(err, ErrRunDriven) || !strings.Contains(err.Error(), "Taras") {
		t.Errorf("after Taras took the released run: %v; want it driven by Taras", err)
	}
	select {
	case <-d.Lost():
		t.Errorf("Taras's drive was lost: %v", d.Err())
	default:
	}
}

// A driver that closes its store — the facilitator quits the app — lets go
// of its runs at once, on both backends.
func TestClosingTheDriversStoreReleasesTheRun(t *testing.T) {
	db := newDatabase(t)
	owner := mustOpenAt(t, db)
	run := savedRun(t, owner, 23)
	driver, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	d := mustDrive(t, driver, run, "Olena")
	if err := driver.Close(); err != nil {
		t.Fatal(err)
	}
	mustDrive(t, owner, run, "Taras")
	if _, err := driver.DriveRun(context.Background(), run, "Olena"); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("DriveRun on a closed store: %v", err)
	}
	select {
	case <-d.Lost():
		t.Errorf("a drive released by Close says it was lost: %v", d.Err())
	default:
	}
}

// On a file the lock is a row its driver renews. A driver that stops
// renewing it — a crash — holds the run until the row expires, and then
// the next may take it; a driver that could not renew in time (its machine
// slept) and finds it taken over is told it lost the run.
func TestFileDriveExpires(t *testing.T) {
	sqliteOnly(t, "on a server the lock is the driver's connection")
	renew := driveRenew
	driveRenew = 10 * time.Millisecond
	t.Cleanup(func() { driveRenew = renew })
	db := newDatabase(t)
	clock := newManualClock()
	owner := mustOpenAt(t, db, WithClock(clock.now))

	t.Run("a driver that crashed", func(t *testing.T) {
		run := savedRun(t, owner, 24)
		crashing := mustOpenAt(t, db, WithClock(clock.now))
		d := mustDrive(t, crashing, run, "Olena")
		d.crashed.Store(true)
		d.Release() // stops renewing, and leaves its row as a crash does
		steps := []struct {
			name  string
			after time.Duration
			want  error
		}{
			{"just after the crash", time.Second, ErrRunDriven},
			{"before the lock expires", driveTTL - 2*time.Second, ErrRunDriven},
			{"once it has expired", 2 * time.Second, nil},
		}
		for _, st := range steps {
			clock.advance(st.after)
			d, err := owner.DriveRun(context.Background(), run, "Taras")
			if !errors.Is(err, st.want) || err == nil && st.want != nil {
				t.Fatalf("%s: %v; want %v", st.name, err, st.want)
			}
			if d != nil {
				d.Release()
			}
		}
	})

	t.Run("a driver whose lock was taken over", func(t *testing.T) {
		run := savedRun(t, owner, 25)
		// The sleeper's clock stands still: it renews its lock to the same
		// expiry, which passes for the others.
		asleep := newManualClock()
		asleep.t = clock.now()
		sleeper := mustOpenAt(t, db, WithClock(asleep.now))
		d := mustDrive(t, sleeper, run, "Olena")
		clock.advance(driveTTL + time.Second)
		mustDrive(t, owner, run, "Taras")
		select {
		case <-d.Lost():
		case <-time.After(eventTimeout):
			t.Fatal("the driver whose lock was taken over was not told")
		}
		if err := d.Err(); err == nil || !strings.Contains(err.Error(), "taken over") {
			t.Errorf("Err() = %v; want it to say the lock was taken over", err)
		}
	})
}

// On a server the lock is held by the driver's own connection: when that
// connection is lost — the network fails, the machine goes — the server
// releases the lock, the driver is told it lost the run, and another can
// drive it.
func TestServerDriveEndsWithItsConnection(t *testing.T) {
	postgresOnly(t)
	withQuickReconnect(t)
	server := testServer(t)
	db := pgURL(t)
	px := newProxy(t, server.Host)
	owner := mustOpenAt(t, db)
	run := savedRun(t, owner, 26)
	driver := mustOpenAt(t, px.url(t, db))
	d := mustDrive(t, driver, run, "Olena")
	if _, err := owner.DriveRun(context.Background(), run, "Taras"); !errors.Is(err, ErrRunDriven) {
		t.Fatalf("while Olena drives: %v; want ErrRunDriven", err)
	}
	px.cutAll()
	select {
	case <-d.Lost():
	case <-time.After(eventTimeout):
		t.Fatal("the driver was not told that its connection was lost")
	}
	if err := d.Err(); !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "the server has released it") {
		t.Errorf("Err() = %v; want ErrUnreachable saying the server released the lock", err)
	}
	// The server notices the connection is gone as soon as its end of it
	// closes, which may take a moment after the cut.
	deadline := time.Now().Add(eventTimeout)
	for {
		next, err := owner.DriveRun(context.Background(), run, "Taras")
		if err == nil {
			next.Release()
			break
		}
		if !errors.Is(err, ErrRunDriven) || time.Now().After(deadline) {
			t.Fatalf("after the driver's connection was cut: %v; want the run free", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
