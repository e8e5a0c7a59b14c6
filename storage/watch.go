package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Live updates (issue #16, "Live"): Watch tells a store's user what other
// windows, programs and teammates change — plans saved, moved to the trash
// and back, emptied from it; runs saved and deleted — so that the library
// and an open plan or followed run can follow within a second.
//
// On PostgreSQL the changes come as notifications: a trigger on the plans
// and runs tables (migrations/postgres/0007_team_live.sql) sends one in the
// transaction that makes the change, which the server delivers when it
// commits and never when it rolls back, to a connection of the watch's own
// that LISTENs. On a file there is no one to send them: a connection of the
// watch's own asks SQLite every filePollInterval whether another
// connection has committed (PRAGMA data_version, which costs no I/O), and
// when one has, reads the plans' and runs' revisions and times and says
// what differs from the last reading.

// EventKind says what an Event reports.
type EventKind int

const (
	// PlanSaved: a plan has a new newest revision — saved, imported,
	// restored from an older revision, copied in — or is new.
	PlanSaved EventKind = iota + 1
	// PlanDeleted: a plan was moved to the trash.
	PlanDeleted
	// PlanRestored: a plan was taken out of the trash.
	PlanRestored
	// PlanPurged: a plan was emptied from the trash; it is gone.
	PlanPurged
	// RunSaved: an exercise run was saved: its position, decisions or
	// notes (new runs too).
	RunSaved
	// RunDeleted: an exercise run was deleted, alone or with its plan.
	RunDeleted
	// WatchInterrupted: the watch lost its connection (Err says why) and
	// is trying to get it back; changes made meanwhile are not reported
	// one by one. A Resync follows when it is back.
	WatchInterrupted
	// Resync: the watch is back after an interruption, and what changed
	// meanwhile is unknown: reload the library and whatever is open.
	Resync
)

var eventKindNames = map[EventKind]string{
	PlanSaved: "plan saved", PlanDeleted: "plan deleted", PlanRestored: "plan restored", PlanPurged: "plan purged",
	RunSaved: "run saved", RunDeleted: "run deleted", WatchInterrupted: "watch interrupted", Resync: "resync",
}

func (k EventKind) String() string {
	if name, ok := eventKindNames[k]; ok {
		return name
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is one change a watch reports.
type Event struct {
	Kind EventKind
	// PlanID is the plan changed, or the plan of the run changed; "" for
	// WatchInterrupted and Resync, and for a RunDeleted whose plan went
	// with it on a server.
	PlanID string
	// Revision is the plan's newest revision (plan events).
	Revision int64
	// Author is who saved Revision ("" when not recorded); At when (also
	// when a run was saved). PlanSaved and RunSaved only.
	Author string
	At     time.Time
	// RunID is the run of RunSaved and RunDeleted.
	RunID string
	// Err is why a watch was interrupted (WatchInterrupted).
	Err error
}

func (e Event) String() string {
	switch e.Kind {
	case RunSaved, RunDeleted:
		return fmt.Sprintf("%s %s of plan %s", e.Kind, e.RunID, e.PlanID)
	case WatchInterrupted:
		return fmt.Sprintf("%s: %v", e.Kind, e.Err)
	case Resync:
		return e.Kind.String()
	}
	return fmt.Sprintf("%s %s revision %d by %q", e.Kind, e.PlanID, e.Revision, e.Author)
}

// filePollInterval is how often a watch on a file asks SQLite whether
// another connection has committed: what a teammate's save waits at most
// before it is seen, besides the reading of what changed.
var filePollInterval = 250 * time.Millisecond

// Server watches and drives check their connection when it has been quiet
// this long, and try again to connect after a loss, waiting from the first
// to the last of these between attempts.
var (
	serverQuiet    = 5 * time.Second
	reconnectFirst = 250 * time.Millisecond
	reconnectLast  = 5 * time.Second
)

// Watch reports what is changed in the database, by anyone, from the
// moment it returns until ctx ends or the store is closed, when the
// channel closes. The changes the store makes itself are reported too;
// compare an event's Revision (or a run's time) with the one you hold to
// tell them apart. Read the channel promptly: the watch waits for its
// reader, and on a server the notifications queue up meanwhile.
//
// On a server every change is reported, in the order the transactions
// committed, and a save is seen within milliseconds. A lost connection is
// reported (WatchInterrupted), tried again until it is back, and then
// Resync says to reload everything. On a file, changes are found by
// comparing what the plans and runs tables hold every filePollInterval
// (250 ms) when SQLite says another connection committed: a plan saved
// three times between two readings is one PlanSaved, of the newest
// revision. A file opened read-only from a read-only folder is read as it
// was when opened, and its watch reports nothing.
func (s *Store) Watch(ctx context.Context) (<-chan Event, error) {
	ctx, done, err := s.bg.start(ctx)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", s.path, err)
	}
	out := make(chan Event, 16)
	if s.pg {
		conn, err := s.listen(ctx)
		if err != nil {
			done()
			return nil, s.opError("watch", err)
		}
		go func() {
			defer done()
			defer close(out)
			s.watchServer(ctx, conn, out)
		}()
		return out, nil
	}
	w, err := s.newFileWatch(ctx)
	if err != nil {
		done()
		return nil, s.opError("watch", err)
	}
	go func() {
		defer done()
		defer close(out)
		defer w.conn.Close()
		w.run(ctx, out)
	}()
	return out, nil
}

// send hands ev to the watch's reader, unless ctx ends first.
func send(ctx context.Context, out chan<- Event, ev Event) bool {
	select {
	case out <- ev:
		return true
	case <-ctx.Done():
		return false
	}
}

// fileWatch is a watch on a SQLite file.
type fileWatch struct {
	s       *Store
	conn    *sql.Conn
	version int64
	state   watchState
}

// watchState is what a file watch compares: each plan's revision and
// trash, each run's time.
type watchState struct {
	plans map[string]planMark
	runs  map[string]runMark
}

type planMark struct {
	revision int64
	deleted  bool
	author   string
	at       int64
}

type runMark struct {
	plan string
	at   int64
}

// newFileWatch takes a connection of the read pool for the watch and reads
// what the file holds now, the state later readings are compared with.
func (s *Store) newFileWatch(ctx context.Context) (*fileWatch, error) {
	conn, err := s.r.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w := &fileWatch{s: s, conn: conn}
	if w.version, err = w.dataVersion(ctx); err == nil {
		w.state, err = w.read(ctx)
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	return w, nil
}

func (w *fileWatch) dataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}

// read reads the plans' and runs' marks in one read transaction.
func (w *fileWatch) read(ctx context.Context) (watchState, error) {
	st := watchState{plans: map[string]planMark{}, runs: map[string]runMark{}}
	tx, err := w.conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return st, err
	}
	defer tx.Rollback()
	t := &txn{Tx: tx}
	err = eachRow(ctx, t, "SELECT id, revision, deleted_at IS NOT NULL, saved_by, updated_at FROM plans", func(rows *sql.Rows) error {
		var id string
		var m planMark
		var author sql.NullString
		if err := rows.Scan(&id, &m.revision, &m.deleted, &author, &m.at); err != nil {
			return err
		}
		m.author = author.String
		st.plans[id] = m
		return nil
	})
	if err != nil {
		return st, err
	}
	err = eachRow(ctx, t, "SELECT r.id, p.id, r.updated_at FROM runs r JOIN plans p ON p.pk = r.plan", func(rows *sql.Rows) error {
		var id string
		var m runMark
		if err := rows.Scan(&id, &m.plan, &m.at); err != nil {
			return err
		}
		st.runs[id] = m
		return nil
	})
	return st, err
}

func (w *fileWatch) run(ctx context.Context, out chan<- Event) {
	tick := time.NewTicker(filePollInterval)
	defer tick.Stop()
	interrupted := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		events, err := w.poll(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			if !interrupted {
				interrupted = true
				if !send(ctx, out, Event{Kind: WatchInterrupted, Err: w.s.opError("watch", err)}) {
					return
				}
			}
			continue
		}
		if interrupted {
			// The comparison has caught up with what changed meanwhile;
			// the reader is told all the same, as on a server.
			interrupted = false
			if !send(ctx, out, Event{Kind: Resync}) {
				return
			}
		}
		for _, ev := range events {
			if !send(ctx, out, ev) {
				return
			}
		}
	}
}

// poll returns what changed since the last reading, nothing when no other
// connection has committed since.
func (w *fileWatch) poll(ctx context.Context) ([]Event, error) {
	v, err := w.dataVersion(ctx)
	if err != nil || v == w.version {
		return nil, err
	}
	st, err := w.read(ctx)
	if err != nil {
		return nil, err
	}
	events := diffStates(w.state, st)
	w.state, w.version = st, v
	return events, nil
}

// diffStates says what changed from before to after: plans first, then
// runs, each by id.
func diffStates(before, after watchState) []Event {
	var events []Event
	for _, id := range slices.Sorted(maps.Keys(after.plans)) {
		m := after.plans[id]
		old, had := before.plans[id]
		if !had || old.revision != m.revision {
			events = append(events, Event{Kind: PlanSaved, PlanID: id, Revision: m.revision, Author: m.author, At: fromNanos(m.at)})
		}
		switch {
		case m.deleted && (!had || !old.deleted):
			events = append(events, Event{Kind: PlanDeleted, PlanID: id, Revision: m.revision})
		case !m.deleted && had && old.deleted:
			events = append(events, Event{Kind: PlanRestored, PlanID: id, Revision: m.revision})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(before.plans)) {
		if _, ok := after.plans[id]; !ok {
			events = append(events, Event{Kind: PlanPurged, PlanID: id, Revision: before.plans[id].revision})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(after.runs)) {
		m := after.runs[id]
		if old, had := before.runs[id]; !had || old != m {
			events = append(events, Event{Kind: RunSaved, PlanID: m.plan, RunID: id, At: fromNanos(m.at)})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(before.runs)) {
		if _, ok := after.runs[id]; !ok {
			events = append(events, Event{Kind: RunDeleted, PlanID: before.runs[id].plan, RunID: id})
		}
	}
	return events
}

// connectServer opens a connection of the store's own to its server, for
// a watch or a drive, with params set for its session.
func (s *Store) connectServer(ctx context.Context, params map[string]string) (*pgx.Conn, error) {
	cfg := s.pgConfig.Copy()
	for k, v := range params {
		cfg.RuntimeParams[k] = v
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, s.redact(err)
	}
	return conn, nil
}

// listen connects for a watch and listens on the channel of the store's
// schema, the one the triggers notify.
func (s *Store) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := s.connectServer(ctx, map[string]string{"application_name": "redline watch"})
	if err != nil {
		return nil, err
	}
	var channel string
	err = conn.QueryRow(ctx, "SELECT redline_channel(current_schema())").Scan(&channel)
	if err == nil {
		_, err = conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize())
	}
	if err != nil {
		conn.Close(context.Background())
		return nil, s.redact(err)
	}
	return conn, nil
}

func (s *Store) watchServer(ctx context.Context, conn *pgx.Conn, out chan<- Event) {
	defer func() {
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	for {
		err := waitNotification(ctx, conn, func(n *pgconn.Notification) bool {
			ev, ok := parseNotification(n.Payload)
			return !ok || send(ctx, out, ev)
		})
		if ctx.Err() != nil {
			return
		}
		conn.Close(context.Background())
		conn = nil
		if !send(ctx, out, Event{Kind: WatchInterrupted, Err: s.opError("watch", err)}) {
			return
		}
		for wait := reconnectFirst; conn == nil; wait = min(2*wait, reconnectLast) {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			conn, _ = s.listen(ctx)
		}
		if !send(ctx, out, Event{Kind: Resync}) {
			return
		}
	}
}

// waitNotification hands conn's notifications to got until ctx ends, got
// returns false, or the connection fails, which it returns. A connection
// quiet for serverQuiet is pinged, so that a server gone without a word
// is noticed.
func waitNotification(ctx context.Context, conn *pgx.Conn, got func(*pgconn.Notification) bool) error {
	for {
		wctx, cancel := context.WithTimeout(ctx, serverQuiet)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err == nil:
			if !got(n) {
				return ctx.Err()
			}
			continue
		case !pgconn.Timeout(err):
			return err
		}
		pctx, cancel := context.WithTimeout(ctx, serverQuiet)
		err = conn.Ping(pctx)
		cancel()
		if err != nil && ctx.Err() == nil {
			return err
		}
	}
}

// notification is the payload of the triggers' notifications.
type notification struct {
	Kind     string `json:"kind"`
	Plan     string `json:"plan"`
	Run      string `json:"run"`
	Revision int64  `json:"revision"`
	Author   string `json:"author"`
	At       int64  `json:"at"`
}

var notificationKinds = map[string]EventKind{
	"saved": PlanSaved, "deleted": PlanDeleted, "restored": PlanRestored, "purged": PlanPurged,
	"run_saved": RunSaved, "run_deleted": RunDeleted,
}

// parseNotification reads a trigger's payload; ok is false for one that
// is not (a notification another program sent on the channel).
func parseNotification(payload string) (Event, bool) {
	var n notification
	if err := json.Unmarshal([]byte(payload), &n); err != nil {
		return Event{}, false
	}
	kind, ok := notificationKinds[n.Kind]
	if !ok {
		return Event{}, false
	}
	return Event{Kind: kind, PlanID: n.Plan, RunID: n.Run, Revision: n.Revision, Author: n.Author, At: fromNanos(n.At)}, true
}
