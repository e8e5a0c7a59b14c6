package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"redline/planner"
)

// PlanSummary is a plan's line in the plan list: what the plans table holds,
// so that listing never loads a plan.
type PlanSummary struct {
	ID             string
	Title          string
	Classification string
	Phase          planner.Phase
	Profile        string
	// UpdatedAt is when the newest revision, Revision, was saved, and
	// SavedBy who saved it ("" when that was not recorded).
	UpdatedAt time.Time
	Revision  int64
	SavedBy   string

	RedLines      int
	Responses     int
	Contributions int
	Links         int
	Injects       int

	// Findings of the checker at the last save, under the plan's profile.
	Blockers int
	Warnings int
	Advice   int

	// DeletedAt is when the plan was moved to the trash; zero when live.
	DeletedAt time.Time
}

// ListOptions selects the plans ListPlans returns.
type ListOptions struct {
	// Trash lists the plans in the trash instead of the live ones.
	Trash bool
}

// ListPlans lists the live plans (or those in the trash), most recently
// changed first.
func (s *Store) ListPlans(ctx context.Context, opt ListOptions) ([]PlanSummary, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, title, classification, phase, profile, updated_at, revision,
		red_lines, responses, contributions, links, injects, blockers, warnings, advice, deleted_at, saved_by
		FROM plans WHERE (deleted_at IS NULL) = ? ORDER BY updated_at DESC, id`, !opt.Trash)
	if err != nil {
		return nil, s.opError("list plans", err)
	}
	defer rows.Close()
	var out []PlanSummary
	for rows.Next() {
		var p PlanSummary
		var phase string
		var updated int64
		var deleted sql.NullInt64
		var savedBy sql.NullString
		if err := rows.Scan(&p.ID, &p.Title, &p.Classification, &phase, &p.Profile, &updated, &p.Revision,
			&p.RedLines, &p.Responses, &p.Contributions, &p.Links, &p.Injects,
			&p.Blockers, &p.Warnings, &p.Advice, &deleted, &savedBy); err != nil {
			return nil, s.opError("list plans", err)
		}
		p.Phase, p.UpdatedAt, p.SavedBy = planner.Phase(phase), fromNanos(updated), savedBy.String
		if deleted.Valid {
			p.DeletedAt = fromNanos(deleted.Int64)
		}
		out = append(out, p)
	}
	return out, s.opError("list plans", rows.Err())
}

// DuplicatePlan stores a copy of plan id's latest revision as a new plan with
// a new id and the given title ("<title> (copy)" when ""), and returns the
// new id. Runs and revisions stay with the original.
func (s *Store) DuplicatePlan(ctx context.Context, id, title string) (string, error) {
	op := "duplicate plan " + id
	if err := s.writable(op); err != nil {
		return "", err
	}
	p, rev, err := s.LoadPlan(ctx, id)
	if err != nil {
		return "", err
	}
	if title == "" {
		title = p.Title + " (copy)"
	}
	original := p.Title
	p.ID, p.Title = "", title
	if _, err := s.SavePlan(ctx, p, 0, fmt.Sprintf("duplicated from %q, revision %d", original, rev)); err != nil {
		return "", err
	}
	return p.ID, nil
}

// DeletePlan moves a plan to the trash, from which RestorePlan brings it
// back. Deleting a plan that is already in the trash changes nothing.
func (s *Store) DeletePlan(ctx context.Context, id string) error {
	return s.setDeleted(ctx, "delete plan "+id, id, true)
}

// RestorePlan takes a plan out of the trash.
func (s *Store) RestorePlan(ctx context.Context, id string) error {
	return s.setDeleted(ctx, "restore plan "+id, id, false)
}

func (s *Store) setDeleted(ctx context.Context, op, id string, deleted bool) error {
	if err := s.writable(op); err != nil {
		return err
	}
	// COALESCE keeps the first deletion time when a plan is deleted twice.
	res, err := s.w.ExecContext(ctx, "UPDATE plans SET deleted_at = CASE WHEN ? THEN COALESCE(deleted_at, ?) END WHERE id = ?",
		deleted, s.now().UTC().UnixNano(), id)
	if err != nil {
		return s.writeError(op, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.writeError(op, err)
	} else if n == 0 {
		return planNotFound(id)
	}
	return nil
}

// EmptyTrash deletes the plans in the trash for good, with their revisions
// and runs, and returns how many there were.
func (s *Store) EmptyTrash(ctx context.Context) (int, error) {
	const op = "empty the trash"
	if err := s.writable(op); err != nil {
		return 0, err
	}
	n, err := s.emptyTrash(ctx)
	return n, s.writeError(op, err)
}

func (s *Store) emptyTrash(ctx context.Context) (int, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT pk FROM plans WHERE deleted_at IS NOT NULL"+s.forUpdate())
	if err != nil {
		return 0, err
	}
	var pks []int64
	for rows.Next() {
		var pk int64
		if err := rows.Scan(&pk); err != nil {
			rows.Close()
			return 0, err
		}
		pks = append(pks, pk)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, pk := range pks {
		// The entity rows go in bulk first; the cascade then has only the
		// plan's revisions and runs left to remove.
		if err := s.deleteChildren(ctx, tx, pk); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM plans WHERE pk = ?", pk); err != nil {
			return 0, err
		}
	}
	if err := s.commit(tx); err != nil {
		return 0, err
	}
	return len(pks), nil
}
