package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"redline/planner"
)

// Followed runs (issue #16): a run opened on several machines is driven
// from one — the facilitator's, whose steps and decisions are saved — and
// followed, read-only, from the others (Watch reports its saves). DriveRun
// takes the run's driving lock, which only one holder has at a time:
//
//   - On a server, a session advisory lock on a connection the drive holds
//     on its own. PostgreSQL releases it when that connection ends — the
//     driver releases it, closes the store, quits, crashes or loses its
//     network — with nothing to clean up and no clock to trust. The
//     connection asks the server to probe it every few seconds (TCP
//     keepalives), so that a machine that vanished without closing it
//     loses the lock in about half a minute rather than hours.
//   - On a file, a row of run_drivers with the holder's name and an expiry
//     that the drive renews every driveRenew (3 s); a row past its expiry
//     (driveTTL, 15 s) may be taken over. A lock file held with flock would
//     be released by the system the moment its process ends, but it needs
//     a file beside the database and a different call on Windows, and its
//     holder's name would need a file of its own; the row works wherever
//     SQLite does, and a driver that crashed holds the run for 15 s at most.
//
// In both, run_drivers says who holds the lock, for the message of the
// next one who tries.

// The file lock's expiry and how often a drive renews it.
var (
	driveTTL   = 15 * time.Second
	driveRenew = 3 * time.Second
)

// RunDrivenError says that another holder drives the run.
// errors.Is(err, ErrRunDriven) is true of it.
type RunDrivenError struct {
	RunID string
	// Title is the run's, for the message.
	Title string
	// Holder is the name the driver gave ("" when it cannot be told), and
	// Since when it took the run.
	Holder string
	Since  time.Time
}

func (e *RunDrivenError) Error() string {
	who := "someone else"
	if e.Holder != "" {
		who = e.Holder
	}
	since := ""
	if !e.Since.IsZero() {
		since = " since " + e.Since.Local().Format("15:04")
	}
	run := "run " + e.RunID
	if e.Title != "" {
		run = "the run “" + e.Title + "”"
	}
	return fmt.Sprintf("%s is driven by %s%s: one machine drives a run at a time; follow it, read-only, "+
		"until %s closes it", run, who, since, who)
}

// Is makes errors.Is(err, ErrRunDriven) true.
func (e *RunDrivenError) Is(target error) bool { return target == ErrRunDriven }

// RunDrive is a run's driving lock, held until Release (or until the
// store closes).
type RunDrive struct {
	RunID  string
	Holder string

	lost    chan struct{}
	mu      sync.Mutex
	lostErr error
	stop    context.CancelFunc
	ended   chan struct{} // closed when the keeper has let go
	// crashed makes the keeper stop as a driver that crashed would: on a
	// file without deleting its row (tests).
	crashed atomic.Bool
}

// Lost is closed when the drive lost its lock without Release: on a server
// its connection was lost (the server has released the lock, and another
// may hold it now); on a file it could not renew the lock in time and it
// expired, or another took it over after it expired, or the run was
// deleted. Err says which. A driver that lost its lock stops saving the run
// and may try DriveRun again.
func (d *RunDrive) Lost() <-chan struct{} { return d.lost }

// Err is why the lock was lost, nil while it is held.
func (d *RunDrive) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.lostErr
}

func (d *RunDrive) lose(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.lostErr == nil {
		d.lostErr = err
		close(d.lost)
	}
}

// Release lets go of the lock, so that another may drive the run. It
// returns once the lock is released (or it is known to be gone), and may
// be called more than once.
func (d *RunDrive) Release() {
	d.stop()
	<-d.ended
}

// DriveRun takes the driving lock of run runID for holder, the name others
// are told (the app's author name). It fails with a *RunDrivenError
// (ErrRunDriven) saying who holds it when another does — another machine,
// or another window or store on this one — with ErrNotFound when there is
// no such run, and with ErrReadOnly on a store that cannot save the run.
// The lock is held until Release, Close, or until it is lost (Lost).
func (s *Store) DriveRun(ctx context.Context, runID, holder string) (*RunDrive, error) {
	op := "drive run " + runID
	if err := s.writable(op); err != nil {
		return nil, err
	}
	bctx, done, err := s.bg.start(context.Background())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	d := &RunDrive{RunID: runID, Holder: holder, lost: make(chan struct{}), ended: make(chan struct{})}
	bctx, d.stop = context.WithCancel(bctx)
	token := planner.NewPlanID()
	var keep func(context.Context)
	if s.pg {
		keep, err = s.driveServer(ctx, runID, holder, token, d)
	} else {
		keep, err = s.driveFile(ctx, runID, holder, token, d)
	}
	if err != nil {
		d.stop()
		done()
		var driven *RunDrivenError
		if errors.As(err, &driven) || errors.Is(err, ErrNotFound) {
			return nil, err
		}
		return nil, s.opError(op, err)
	}
	go func() {
		defer done()
		defer close(d.ended)
		keep(bctx)
	}()
	return d, nil
}

// runTitle fails with ErrNotFound when there is no run id (err, of the
// query of its title, is sql.ErrNoRows).
func runTitle(err error, id string) error {
	if errors.Is(err, sql.ErrNoRows) || errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("run %s: %w (it may have been deleted)", id, ErrNotFound)
	}
	return err
}

// driveFile takes a file's driving lock: the run's row of run_drivers,
// when there is none or it has expired. keep renews it until ctx ends, and
// then deletes it.
func (s *Store) driveFile(ctx context.Context, runID, holder, token string, d *RunDrive) (keep func(context.Context), err error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var title string
	if err = runTitle(tx.QueryRowContext(ctx, "SELECT title FROM runs WHERE id = ?", runID).Scan(&title), runID); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	var other string
	var since, expires sql.NullInt64
	err = tx.QueryRowContext(ctx, "SELECT holder, since, expires_at FROM run_drivers WHERE run = ?", runID).Scan(&other, &since, &expires)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	case expires.Int64 > now.UnixNano():
		return nil, &RunDrivenError{RunID: runID, Title: title, Holder: other, Since: fromNanos(since.Int64)}
	}
	expiry := now.Add(driveTTL)
	if _, err := tx.ExecContext(ctx, `INSERT INTO run_drivers (run, holder, token, since, expires_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (run) DO UPDATE SET holder = excluded.holder, token = excluded.token, since = excluded.since,
			expires_at = excluded.expires_at`, runID, holder, token, now.UnixNano(), expiry.UnixNano()); err != nil {
		return nil, err
	}
	if err := s.commit(tx); err != nil {
		return nil, err
	}
	return func(ctx context.Context) {
		defer func() {
			if d.crashed.Load() {
				return
			}
			// Let go: the row goes, unless another has taken it over.
			cctx, cancel := context.WithTimeout(context.Background(), busyTimeout)
			defer cancel()
			s.w.ExecContext(cctx, "DELETE FROM run_drivers WHERE run = ? AND token = ?", runID, token)
		}()
		tick := time.NewTicker(driveRenew)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			now := s.now().UTC()
			res, err := s.w.ExecContext(ctx, "UPDATE run_drivers SET expires_at = ? WHERE run = ? AND token = ?",
				now.Add(driveTTL).UnixNano(), runID, token)
			var n int64
			if err == nil {
				n, err = res.RowsAffected()
			}
			switch {
			case ctx.Err() != nil:
				return
			case err == nil && n == 0:
				d.lose(fmt.Errorf("run %s: the driving lock was taken over by another after it expired, or the run was deleted", runID))
				return
			case err == nil:
				expiry = now.Add(driveTTL)
			case !now.Before(expiry):
				d.lose(fmt.Errorf("run %s: the driving lock could not be renewed before it expired: %w", runID, s.opError("drive run", err)))
				return
			}
		}
	}, nil
}

// driveKey is the advisory lock of a run on a server: a 64-bit key of the
// schema and the run id (the one-key space, apart from the two-key locks
// of migrations and profiles).
const driveKey = "hashtextextended('redline run ' || current_schema() || ' ' || $1, 0)"

// driveServer takes a server's driving lock on a connection of its own;
// keep holds the connection, watching that it lives, until ctx ends, and
// then releases the lock.
func (s *Store) driveServer(ctx context.Context, runID, holder, token string, d *RunDrive) (keep func(context.Context), err error) {
	// The server probes the connection when it is quiet, and ends it —
	// releasing the lock — when no one answers: a driver whose machine
	// vanished lets go within about 25 s.
	conn, err := s.connectServer(ctx, map[string]string{"application_name": "redline drive",
		"tcp_keepalives_idle": "10", "tcp_keepalives_interval": "5", "tcp_keepalives_count": "3"})
	if err != nil {
		return nil, err
	}
	fail := func(err error) (func(context.Context), error) {
		conn.Close(context.Background())
		var driven *RunDrivenError
		if errors.As(err, &driven) || errors.Is(err, ErrNotFound) {
			return nil, err
		}
		return nil, s.redact(err)
	}
	var title string
	if err = runTitle(conn.QueryRow(ctx, "SELECT title FROM runs WHERE id = $1", runID).Scan(&title), runID); err != nil {
		return fail(err)
	}
	var got bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock("+driveKey+")", runID).Scan(&got); err != nil {
		return fail(err)
	}
	if !got {
		e := &RunDrivenError{RunID: runID, Title: title}
		var since int64
		if conn.QueryRow(ctx, "SELECT holder, since FROM run_drivers WHERE run = $1", runID).Scan(&e.Holder, &since) == nil {
			e.Since = fromNanos(since)
		}
		return fail(e)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO run_drivers (run, holder, token, since, expires_at) VALUES ($1, $2, $3, $4, NULL)
		ON CONFLICT (run) DO UPDATE SET holder = excluded.holder, token = excluded.token, since = excluded.since,
			expires_at = NULL`, runID, holder, token, s.now().UTC().UnixNano()); err != nil {
		return fail(err)
	}
	return func(ctx context.Context) {
		defer conn.Close(context.Background()) // which releases the lock, if the server has not already
		err := waitNotification(ctx, conn, func(*pgconn.Notification) bool { return true })
		if ctx.Err() == nil {
			d.lose(fmt.Errorf("run %s: the connection that held the driving lock was lost, and the server has released it: %w",
				runID, s.opError("drive run", err)))
			return
		}
		if d.crashed.Load() {
			return
		}
		cctx, cancel := context.WithTimeout(context.Background(), serverConnectTimeout)
		defer cancel()
		conn.Exec(cctx, "DELETE FROM run_drivers WHERE run = $1 AND token = $2", runID, token)
		conn.Exec(cctx, "SELECT pg_advisory_unlock("+driveKey+")", runID)
	}, nil
}
