package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"redline/planner"
)

// Run is one tabletop-exercise session of a plan: where it has got to, what
// the players decided at each crossing and the notes they took.
type Run struct {
	ID     string
	PlanID string
	// PlanRevision is the revision of the plan the run plays.
	PlanRevision int64
	Title        string
	StartedAt    time.Time
	UpdatedAt    time.Time
	// Position is how far the run has got: the index of the next inject.
	Position  int
	Decisions []Decision
	Notes     []Note
}

// The choices a decision records.
const (
	Approved = planner.Approved
	Rejected = planner.Rejected
	Deferred = planner.Deferred
)

// Decision is the players' choice on a response that a crossing put to them.
type Decision = planner.RunDecision

// Note is a remark taken during a run, at a point of exercise time.
type Note = planner.RunNote

// SaveRun stores a run, replacing its decisions and notes. It assigns r.ID
// when empty, r.StartedAt when zero, and sets r.UpdatedAt. The plan must be
// stored; ErrNotFound otherwise.
func (s *Store) SaveRun(ctx context.Context, r *Run) error {
	if r == nil {
		return errors.New("save run: no run")
	}
	op := "save run " + r.ID
	if err := s.writable(op); err != nil {
		return err
	}
	for i, d := range r.Decisions {
		switch d.Choice {
		case Approved, Rejected, Deferred:
		default:
			return fmt.Errorf("%s: decision %d: choice %q; want %s, %s or %s", op, i+1, d.Choice, Approved, Rejected, Deferred)
		}
	}
	now := s.now().UTC()
	id, started := r.ID, r.StartedAt
	if id == "" {
		id = planner.NewPlanID()
	}
	if started.IsZero() {
		started = now
	}
	if err := s.saveRun(ctx, r, id, started, now); err != nil {
		return s.writeError(op, err)
	}
	r.ID, r.StartedAt, r.UpdatedAt = id, started, now
	return nil
}

func (s *Store) saveRun(ctx context.Context, r *Run, id string, started, now time.Time) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	plan, err := planPK(ctx, tx, r.PlanID)
	if err != nil {
		return err
	}
	if err := s.writeRun(ctx, tx, plan, r, id, started, now); err != nil {
		return err
	}
	return s.commit(tx)
}

// writeRun writes run r of the plan whose key is plan, as id, within tx,
// replacing what is stored of it.
func (s *Store) writeRun(ctx context.Context, tx *txn, plan int64, r *Run, id string, started, now time.Time) error {
	var pk int64
	err := tx.QueryRowContext(ctx, `INSERT INTO runs (id, plan, plan_revision, title, started_at, updated_at, position)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET plan = excluded.plan, plan_revision = excluded.plan_revision, title = excluded.title,
			started_at = excluded.started_at, updated_at = excluded.updated_at, position = excluded.position
		RETURNING pk`,
		id, plan, r.PlanRevision, r.Title, started.UnixNano(), now.UnixNano(), r.Position).Scan(&pk)
	if err != nil {
		return err
	}
	for _, q := range []string{"DELETE FROM run_decisions WHERE run = ?", "DELETE FROM run_notes WHERE run = ?"} {
		if _, err := tx.ExecContext(ctx, q, pk); err != nil {
			return err
		}
	}
	w := &batchWriter{s: s, ctx: ctx, tx: tx, fresh: true}
	w.list(table{"run_decisions", []string{"run", "position", "inject", "red_line", "response", "choice", "note", "at", "at_hours"}, 0}, len(r.Decisions))
	for i, d := range r.Decisions {
		w.row(pk, int64(i), d.Inject, d.RedLine, d.Response, d.Choice, nullString(d.Note), toNanos(d.At), d.AtHours)
	}
	w.list(table{"run_notes", []string{"run", "position", "at_hours", "text", "at"}, 0}, len(r.Notes))
	for i, n := range r.Notes {
		w.row(pk, int64(i), n.AtHours, n.Text, toNanos(n.At))
	}
	return w.finish()
}

// LoadRun returns a run with its decisions and notes.
func (s *Store) LoadRun(ctx context.Context, id string) (*Run, error) {
	op := "load run " + id
	tx, err := s.beginRead(ctx)
	if err != nil {
		return nil, s.opError(op, err)
	}
	defer tx.Rollback()
	r, err := readRun(ctx, tx, id)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, s.opError(op, err)
	}
	return r, err
}

// readRun reads run id with its decisions and notes within tx.
func readRun(ctx context.Context, tx *txn, id string) (*Run, error) {
	var pk int64
	r := &Run{}
	err := scanRun(tx.QueryRowContext(ctx, runColumns+" WHERE r.id = ?", id), r, &pk)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("run %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, "SELECT inject, red_line, response, choice, note, at, at_hours FROM run_decisions WHERE run = ? ORDER BY position",
		func(rows *sql.Rows) error {
			var d Decision
			var note sql.NullString
			var at int64
			var atHours sql.NullFloat64 // NULL: stored before schema v4
			if err := rows.Scan(&d.Inject, &d.RedLine, &d.Response, &d.Choice, &note, &at, &atHours); err != nil {
				return err
			}
			d.Note, d.At, d.AtHours = note.String, fromNanos(at), atHours.Float64
			r.Decisions = append(r.Decisions, d)
			return nil
		}, pk)
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, "SELECT at_hours, text, at FROM run_notes WHERE run = ? ORDER BY position",
		func(rows *sql.Rows) error {
			var n Note
			var at int64
			if err := rows.Scan(&n.AtHours, &n.Text, &at); err != nil {
				return err
			}
			n.At = fromNanos(at)
			r.Notes = append(r.Notes, n)
			return nil
		}, pk)
	if err != nil {
		return nil, err
	}
	return r, nil
}

const runColumns = `SELECT r.pk, r.id, p.id, r.plan_revision, r.title, r.started_at, r.updated_at, r.position
	FROM runs r JOIN plans p ON p.pk = r.plan`

func scanRun(row interface{ Scan(...any) error }, r *Run, pk *int64) error {
	var started, updated int64
	if err := row.Scan(pk, &r.ID, &r.PlanID, &r.PlanRevision, &r.Title, &started, &updated, &r.Position); err != nil {
		return err
	}
	r.StartedAt, r.UpdatedAt = fromNanos(started), fromNanos(updated)
	return nil
}

// ListRuns lists a plan's runs, most recently updated first, without their
// decisions and notes.
func (s *Store) ListRuns(ctx context.Context, planID string) ([]Run, error) {
	op := "list runs of plan " + planID
	tx, err := s.beginRead(ctx)
	if err != nil {
		return nil, s.opError(op, err)
	}
	defer tx.Rollback()
	pk, err := planPK(ctx, tx, planID)
	if err != nil {
		return nil, s.opError(op, err)
	}
	var out []Run
	err = eachRow(ctx, tx, runColumns+" WHERE r.plan = ? ORDER BY r.updated_at DESC, r.id", func(rows *sql.Rows) error {
		var r Run
		var rpk int64
		if err := scanRun(rows, &r, &rpk); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	}, pk)
	return out, s.opError(op, err)
}

// DeleteRun deletes a run with its decisions and notes.
func (s *Store) DeleteRun(ctx context.Context, id string) error {
	op := "delete run " + id
	if err := s.writable(op); err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, "DELETE FROM runs WHERE id = ?", id)
	if err != nil {
		return s.writeError(op, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("run %s: %w", id, ErrNotFound)
	}
	return nil
}
