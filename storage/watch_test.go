package storage

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// eventTimeout is how long a test waits for an event it expects: far
// longer than it takes (milliseconds on a server, a poll on a file), so
// that a busy machine never fails a test, which fails only when the event
// never comes.
const eventTimeout = 10 * time.Second

// waitEvent returns the first event on ch that want accepts, passing over
// others (the store's own writes, events of earlier steps). It fails the
// test when none comes within eventTimeout, or the channel closes.
func waitEvent(t *testing.T, ch <-chan Event, what string, want func(Event) bool) Event {
	t.Helper()
	timeout := time.After(eventTimeout)
	var seen []string
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("waiting for %s: the watch ended; it reported %q", what, seen)
			}
			if want(ev) {
				return ev
			}
			seen = append(seen, ev.String())
		case <-timeout:
			t.Fatalf("waiting for %s: none in %v; the watch reported %q", what, eventTimeout, seen)
		}
	}
}

func mustWatch(t *testing.T, s *Store) <-chan Event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ch, err := s.Watch(ctx)
	if err != nil {
		t.Fatalf("Watch: %v", err)
	}
	return ch
}

// Two stores on one database — two windows on a file, two teammates on a
// server: what one changes, the other's watch reports, with the plan's new
// revision and who saved it.
func TestWatchSeesAnotherStoresChanges(t *testing.T) {
	db := newDatabase(t)
	ctx := context.Background()
	watcher := mustOpenAt(t, db, WithAuthor("Olena"))
	teammate := mustOpenAt(t, db, WithAuthor("Taras"))
	events := mustWatch(t, watcher)
	p := smallPlan(11)
	run := &Run{PlanID: p.ID, Title: "Workshop 1"}
	var rev int64
	steps := []struct {
		name string
		do   func() error
		want Event
	}{
		{"a teammate saves a new plan", func() (err error) { rev, err = teammate.SavePlan(ctx, p, 0, ""); return err },
			Event{Kind: PlanSaved, PlanID: p.ID, Revision: 1, Author: "Taras"}},
		{"a teammate saves it again", func() (err error) {
			p.Title = "Edited by Taras"
			rev, err = teammate.SavePlan(ctx, p, rev, "")
			return err
		}, Event{Kind: PlanSaved, PlanID: p.ID, Revision: 2, Author: "Taras"}},
		{"the name is changed in the preferences, and the plan saved again", func() (err error) {
			teammate.SetAuthor("Taras Shevchenko")
			p.Title = "Edited again"
			rev, err = teammate.SavePlan(ctx, p, rev, "")
			return err
		}, Event{Kind: PlanSaved, PlanID: p.ID, Revision: 3, Author: "Taras Shevchenko"}},
		{"the watcher saves it itself", func() (err error) {
			p.Title = "Edited by Olena"
			rev, err = watcher.SavePlan(ctx, p, rev, "")
			return err
		}, Event{Kind: PlanSaved, PlanID: p.ID, Revision: 4, Author: "Olena"}},
		{"a teammate starts a run", func() error { return teammate.SaveRun(ctx, run) },
			Event{Kind: RunSaved, PlanID: p.ID}},
		{"the run goes on: a step and a decision", func() error {
			run.Position = 3
			run.Decisions = append(run.Decisions, Decision{Inject: "inj-1", RedLine: "rl-1", Response: "resp-1", Choice: Approved})
			return teammate.SaveRun(ctx, run)
		}, Event{Kind: RunSaved, PlanID: p.ID}},
		{"the run is deleted", func() error { return teammate.DeleteRun(ctx, run.ID) },
			Event{Kind: RunDeleted, PlanID: p.ID}},
		{"the plan is moved to the trash", func() error { return teammate.DeletePlan(ctx, p.ID) },
			Event{Kind: PlanDeleted, PlanID: p.ID, Revision: 4}},
		{"the plan is restored from the trash", func() error { return teammate.RestorePlan(ctx, p.ID) },
			Event{Kind: PlanRestored, PlanID: p.ID, Revision: 4}},
		{"the plan is deleted and the trash emptied", func() error {
			if err := teammate.DeletePlan(ctx, p.ID); err != nil {
				return err
			}
			_, err := teammate.EmptyTrash(ctx)
			return err
		}, Event{Kind: PlanPurged, PlanID: p.ID, Revision: 4}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if st.want.Kind == RunSaved || st.want.Kind == RunDeleted {
			st.want.RunID = run.ID
		}
		got := waitEvent(t, events, st.name, func(ev Event) bool {
			return ev.Kind == st.want.Kind && ev.PlanID == st.want.PlanID && ev.RunID == st.want.RunID &&
				(st.want.Revision == 0 || ev.Revision == st.want.Revision)
		})
		if got.Author != st.want.Author || (got.Kind == PlanSaved || got.Kind == RunSaved) && got.At.IsZero() {
			t.Errorf("%s: %s at %v; want the author %q and the time", st.name, got, got.At, st.want.Author)
		}
	}
}

// A watch ends, closing its channel, when its context ends or its store
// closes; a watch of a closed store is refused.
func TestWatchEnds(t *testing.T) {
	tests := []struct {
		name string
		end  func(cancel context.CancelFunc, s *Store)
	}{
		{"its context is cancelled", func(cancel context.CancelFunc, s *Store) { cancel() }},
		{"the store is closed", func(cancel context.CancelFunc, s *Store) { s.Close() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			events, err := s.Watch(ctx)
			if err != nil {
				t.Fatal(err)
			}
			tt.end(cancel, s)
			timeout := time.After(eventTimeout)
			for open := true; open; {
				select {
				case _, open = <-events:
				case <-timeout:
					t.Fatal("the channel is still open")
				}
			}
		})
	}
	s := mustOpen(t)
	s.Close()
	if _, err := s.Watch(context.Background()); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Watch of a closed store: %v; want it refused", err)
	}
}

// Many stores may watch one database at once, and each sees every save.
func TestSeveralWatchersSeeEverySave(t *testing.T) {
	db := newDatabase(t)
	writer := mustOpenAt(t, db, WithAuthor("Jan"))
	var watches []<-chan Event
	for range 3 {
		watches = append(watches, mustWatch(t, mustOpenAt(t, db)))
	}
	p := smallPlan(12)
	rev := int64(0)
	for i := range 3 {
		p.Title = fmt.Sprintf("Revision %d", i+1)
		rev = mustSave(t, writer, p, rev)
	}
	for i, events := range watches {
		waitEvent(t, events, fmt.Sprintf("watcher %d: revision 3", i+1), func(ev Event) bool {
			return ev.Kind == PlanSaved && ev.PlanID == p.ID && ev.Revision == 3 && ev.Author == "Jan"
		})
	}
}

// On a server, a watch whose connection is lost says so, connects again,
// and then says to reload everything (Resync); the saves after that are
// reported again as they happen.
func TestWatchAfterTheConnectionIsCut(t *testing.T) {
	postgresOnly(t)
	// First, so that its cleanup runs last: after the stores, and their
	// watches, are closed.
	withQuickReconnect(t)
	server := testServer(t)
	db := pgURL(t)
	px := newProxy(t, server.Host)
	watcher := mustOpenAt(t, px.url(t, db))
	teammate := mustOpenAt(t, db, WithAuthor("Taras"))
	events := mustWatch(t, watcher)
	p := smallPlan(13)
	mustSave(t, teammate, p, 0)
	waitEvent(t, events, "the first save", func(ev Event) bool { return ev.Kind == PlanSaved && ev.PlanID == p.ID })

	steps := []struct {
		name string
		do   func()
		want EventKind
	}{
		{"the network fails", px.cutAll, WatchInterrupted},
		{"the server is back", func() {}, Resync},
	}
	for _, st := range steps {
		st.do()
		ev := waitEvent(t, events, st.name, func(ev Event) bool { return ev.Kind == st.want })
		if st.want == WatchInterrupted && (ev.Err == nil || !errors.Is(ev.Err, ErrUnreachable)) {
			t.Errorf("%s: %v; want an error saying the server cannot be reached", st.name, ev.Err)
		}
	}
	p.Title = "Saved after the reconnection"
	mustSave(t, teammate, p, 1)
	waitEvent(t, events, "the save after the reconnection", func(ev Event) bool {
		return ev.Kind == PlanSaved && ev.PlanID == p.ID && ev.Revision == 2
	})
}

// withQuickReconnect makes watches and drives try again to connect at once
// and check quiet connections often, for the length of the test. Call it
// before opening the stores: its cleanup must run after theirs, once no
// watch or drive reads the settings.
func withQuickReconnect(t *testing.T) {
	t.Helper()
	first, last, quiet := reconnectFirst, reconnectLast, serverQuiet
	reconnectFirst, reconnectLast, serverQuiet = 10*time.Millisecond, 100*time.Millisecond, time.Second
	t.Cleanup(func() { reconnectFirst, reconnectLast, serverQuiet = first, last, quiet })
}

// A notification that is not one of the triggers' — another program's on
// the same channel — is passed over, not reported.
func TestParseNotification(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		ok      bool
		want    Event
	}{
		{"a plan saved", `{"kind": "saved", "plan": "p1", "revision": 3, "author": "Olena", "at": 1000000000}`, true,
			Event{Kind: PlanSaved, PlanID: "p1", Revision: 3, Author: "Olena", At: time.Unix(1, 0).UTC()}},
		{"a plan saved by no one recorded", `{"kind": "saved", "plan": "p1", "revision": 1, "author": null, "at": 5}`, true,
			Event{Kind: PlanSaved, PlanID: "p1", Revision: 1, At: time.Unix(0, 5).UTC()}},
		{"a run deleted with its plan", `{"kind": "run_deleted", "run": "r1", "plan": null}`, true,
			Event{Kind: RunDeleted, RunID: "r1"}},
		{"another program's text", `hello`, false, Event{}},
		{"another program's JSON", `{"kind": "invoice"}`, false, Event{}},
	}
	for _, tt := range tests {
		got, ok := parseNotification(tt.payload)
		if ok != tt.ok || got != tt.want {
			t.Errorf("%s: %+v, %v; want %+v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

// How long a teammate's save takes to show in another store's watch, from
// the moment SavePlan returns: the median and the slowest of 20 saves of a
// small plan at random moments, for the README (go test -v -run TestWatchLatency). It asserts
// nothing about the time; it fails only when a save is not seen at all.
func TestWatchLatency(t *testing.T) {
	db := newDatabase(t)
	events := mustWatch(t, mustOpenAt(t, db))
	writer := mustOpenAt(t, db)
	p := smallPlan(14)
	var rev int64
	var took []time.Duration
	for i := range 20 {
		// Saves come when people make them, not in step with the file
		// watch's polls: a random pause puts each at another point
		// between two polls.
		time.Sleep(rand.N(filePollInterval))
		p.Title = fmt.Sprintf("Save %d", i+1)
		rev = mustSave(t, writer, p, rev)
		saved := time.Now()
		waitEvent(t, events, fmt.Sprintf("save %d", i+1), func(ev Event) bool {
			return ev.Kind == PlanSaved && ev.PlanID == p.ID && ev.Revision == rev
		})
		took = append(took, time.Since(saved))
	}
	slices.Sort(took)
	backend := "SQLite"
	if onPostgres {
		backend = "PostgreSQL"
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
	t.Logf("%s: a save is seen by another store's watch in %s (median of %d), %s at the slowest",
		backend, ms(took[len(took)/2]), len(took), ms(took[len(took)-1]))
}

// A schema whose name is too long to make a channel name of it (63 bytes
// at most) still gets its notifications, and its saves do not fail.
func TestWatchInASchemaWithALongName(t *testing.T) {
	postgresOnly(t)
	pgURL(t) // fails or skips without a server
	admin, err := pgAdmin()
	if err != nil {
		t.Fatal(err)
	}
	schema := strings.Repeat("п", 28) + fmt.Sprintf("_%d", time.Now().UnixNano()%1000) // 60 bytes
	if _, err := admin.Exec(`CREATE SCHEMA "` + schema + `"`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(`DROP SCHEMA "` + schema + `" CASCADE`) })
	u, _ := url.Parse(os.Getenv("REDLINE_PG_URL"))
	q := u.Query()
	q.Set("search_path", `"`+schema+`"`)
	u.RawQuery = q.Encode()
	watcher := mustOpenAt(t, u.String())
	writer := mustOpenAt(t, u.String())
	events := mustWatch(t, watcher)
	p := smallPlan(15)
	mustSave(t, writer, p, 0)
	waitEvent(t, events, "the save", func(ev Event) bool { return ev.Kind == PlanSaved && ev.PlanID == p.ID })
}
