package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"redline/planner"
	"redline/seeds"
)

// Moving between stores (issue #16): plans go from a person's file to the
// team's server and back with their whole history — every revision with
// its number, time, author and summary, and the plan's exercise runs — so
// that a plan copied is the same plan there, not a new one imported.

// CopyResult is what CopyPlans did with one plan.
type CopyResult struct {
	PlanID string
	Title  string
	// Latest is the plan's newest revision, now in both stores.
	Latest int64
	// New: the target did not have the plan.
	New bool
	// Revisions is how many revisions were copied: all of the plan's when
	// it is new there, the newer ones when the target held an earlier part
	// of the same history, 0 when it held all of it.
	Revisions int
	// Runs is how many of the plan's runs were copied, or brought up to
	// date where the target's copy of a run was older.
	Runs int
	// Notes says what else was done or found: a custom profile the plan
	// names copied along, or one the target holds differently and kept.
	Notes []string
}

// CopyConflict is a plan that CopyPlans refused.
type CopyConflict struct {
	PlanID, Title string
	// Why says how the two differ, in words.
	Why string
}

// CopyConflictError refuses a copy because the target holds some of the
// plans with a different history: revisions the source does not have, or
// a revision of the same number saved by someone else at another time.
// Nothing was copied. errors.Is(err, ErrConflict) is true of it.
type CopyConflictError struct {
	// From and To are the stores' paths (URLs without their passwords).
	From, To string
	Plans    []CopyConflict
}

func (e *CopyConflictError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "copy plans from %s to %s: nothing was copied: the target holds %s with a history other than the source's:",
		e.From, e.To, countNoun(len(e.Plans), "plan", "plans"))
	for _, p := range e.Plans {
		fmt.Fprintf(&b, "\n  plan %s “%s”: %s", p.PlanID, p.Title, p.Why)
	}
	b.WriteString("\nNo history is overwritten. To copy such a plan, delete it in the target and empty the target's trash " +
		"(its history there goes with it), or duplicate it in the source, which gives the copy a new id, and copy the duplicate")
	return b.String()
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *CopyConflictError) Is(target error) bool { return target == ErrConflict }

// CopyPlans copies the plans ids — every live plan of from when ids is
// empty — into to, each with all its revisions in order (their numbers,
// times, authors and summaries kept) and its runs, in one transaction on
// to: all of them or none.
//
// A plan to does not hold is added as it is in from (in the trash if it is
// there). A plan to holds with an earlier part of the same history gets
// the revisions it lacks; one it holds with all of them is left as it is.
// A plan to holds with a different history is not overwritten: the copy
// fails with a *CopyConflictError naming every such plan. A run is copied
// when to lacks it, or holds an older save of it. The custom profiles the
// plans name come along when to has none of that id; one it holds under
// the same id stays as it is there (the result says so), and the plans'
// finding counts in the list are those of to's profiles.
//
// An id from does not hold fails with ErrNotFound, and a to that is
// read-only with ErrReadOnly, before anything is written.
func CopyPlans(ctx context.Context, from, to *Store, ids []string) ([]CopyResult, error) {
	op := fmt.Sprintf("copy plans from %s to %s", from.path, to.path)
	if from.path == to.path {
		return nil, fmt.Errorf("%s: the two are the same database; name another --to", op)
	}
	if err := to.writable(op); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		list, err := from.ListPlans(ctx, ListOptions{})
		if err != nil {
			return nil, err
		}
		// Oldest first: the target's list shows them in the same order.
		for i := len(list) - 1; i >= 0; i-- {
			ids = append(ids, list[i].ID)
		}
	}
	seen := map[string]bool{}
	ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool {
		dup := seen[id]
		seen[id] = true
		return dup
	})
	stored, err := from.Profiles(ctx)
	if err != nil {
		return nil, err
	}
	c := &copier{from: from, to: to, profiles: map[string]*planner.ProfileFile{}, done: map[string]bool{}}
	for _, f := range stored {
		c.profiles[f.ID] = f
	}
	results, err := c.copy(ctx, ids)
	var conflict *CopyConflictError
	var nf *copyNotFound
	switch {
	case errors.As(err, &conflict):
		return nil, err
	case errors.As(err, &nf):
		return nil, fmt.Errorf("%s: %w; nothing was copied", op, nf.err)
	case err != nil:
		return nil, to.writeError(op, err)
	}
	return results, nil
}

// copier is one CopyPlans.
type copier struct {
	from, to *Store
	// profiles are from's stored profiles, by id.
	profiles map[string]*planner.ProfileFile
	// target are to's stored profiles, as the copy changes them, and
	// resolved them resolved.
	target   []*planner.ProfileFile
	resolved map[string]*planner.Profile
	// done are the profiles already looked at, copied or not.
	done map[string]bool
}

// copyNotFound is a plan id from does not hold.
type copyNotFound struct{ err error }

func (e *copyNotFound) Error() string { return e.err.Error() }

func (c *copier) copy(ctx context.Context, ids []string) ([]CopyResult, error) {
	tx, err := c.to.beginProfiles(ctx) // profiles may be copied too
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if c.target, err = c.to.readProfiles(ctx, tx); err != nil {
		return nil, err
	}
	c.resolved = resolveAll(c.target)
	var results []CopyResult
	var conflicts []CopyConflict
	for _, id := range ids {
		res, conflict, err := c.plan(ctx, tx, id)
		switch {
		case err != nil:
			return nil, err
		case conflict != nil:
			conflicts = append(conflicts, *conflict)
		default:
			results = append(results, res)
		}
	}
	if len(conflicts) > 0 {
		return nil, &CopyConflictError{From: c.from.path, To: c.to.path, Plans: conflicts}
	}
	return results, c.to.commit(tx)
}

// revisionMark is what tells two histories apart: a revision's number,
// time, author and summary. Two saves on different machines never share
// all four; the document of the newest revision both hold is compared too.
type revisionMark struct {
	n, at           int64
	author, summary string
}

func revisionMarks(ctx context.Context, tx *txn, plan int64) ([]revisionMark, error) {
	var out []revisionMark
	err := eachRow(ctx, tx, "SELECT n, at, author, summary FROM revisions WHERE plan = ? ORDER BY n", func(rows *sql.Rows) error {
		var m revisionMark
		var author sql.NullString
		if err := rows.Scan(&m.n, &m.at, &author, &m.summary); err != nil {
			return err
		}
		m.author = author.String
		out = append(out, m)
		return nil
	}, plan)
	return out, err
}

func revisionDocument(ctx context.Context, tx *txn, plan, n int64) (string, error) {
	var doc string
	err := tx.QueryRowContext(ctx, "SELECT document FROM revisions WHERE plan = ? AND n = ?", plan, n).Scan(&doc)
	return doc, err
}

// plan copies plan id within tx, to's transaction, reading it from from in
// a read transaction of its own. conflict is not nil when to holds the plan
// with a different history; nothing of it is then written.
func (c *copier) plan(ctx context.Context, tx *txn, id string) (res CopyResult, conflict *CopyConflict, err error) {
	src, err := c.from.beginRead(ctx)
	if err != nil {
		return res, nil, err
	}
	defer src.Rollback()
	var spk, updated int64
	var deleted sql.NullInt64
	var savedBy sql.NullString
	err = src.QueryRowContext(ctx, "SELECT pk, updated_at, deleted_at, saved_by FROM plans WHERE id = ?", id).
		Scan(&spk, &updated, &deleted, &savedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return res, nil, &copyNotFound{fmt.Errorf("plan %s is not in %s: %w", id, c.from.path, ErrNotFound)}
	}
	if err != nil {
		return res, nil, err
	}
	p, latest, err := c.from.readPlan(ctx, src, id, false)
	if err != nil {
		return res, nil, err
	}
	revs, err := revisionMarks(ctx, src, spk)
	if err != nil {
		return res, nil, err
	}
	if len(revs) == 0 || revs[len(revs)-1].n != latest {
		return res, nil, fmt.Errorf("plan %s: its revisions in %s end before its revision %d; run verify there", id, c.from.path, latest)
	}
	res = CopyResult{PlanID: id, Title: p.Title, Latest: latest}

	var pk, have int64
	err = tx.QueryRowContext(ctx, "SELECT pk, revision FROM plans WHERE id = ?"+c.to.forUpdate(), id).Scan(&pk, &have)
	res.New = errors.Is(err, sql.ErrNoRows)
	if err != nil && !res.New {
		return res, nil, err
	}
	first := 0 // the first revision to copy
	if !res.New {
		theirs, err := revisionMarks(ctx, tx, pk)
		if err != nil {
			return res, nil, err
		}
		why, err := c.differentHistory(ctx, src, tx, spk, pk, revs, theirs)
		if err != nil {
			return res, nil, err
		}
		if why != "" {
			return res, &CopyConflict{PlanID: id, Title: p.Title, Why: why}, nil
		}
		first = len(theirs)
	}
	prof, notes, err := c.profile(ctx, tx, p.Profile)
	if err != nil {
		return res, nil, err
	}
	res.Notes = notes
	if first < len(revs) {
		counts := planner.Count(planner.Check(p, seeds.Catalog(), prof))
		if res.New {
			err = tx.QueryRowContext(ctx, `INSERT INTO plans (id, format, title, classification, phase, profile, revision, updated_at,
				deleted_at, red_lines, responses, contributions, links, injects, blockers, warnings, advice, saved_by)
				VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, ?) ON CONFLICT (id) DO NOTHING RETURNING pk`,
				id, p.Format, p.Title, p.Classification, string(p.Phase), p.Profile, updated, deleted, savedBy).Scan(&pk)
			if errors.Is(err, sql.ErrNoRows) {
				return res, nil, fmt.Errorf("plan %s was added to %s by someone else while it was being copied; copy again", id, c.to.path)
			}
			if err != nil {
				return res, nil, err
			}
		}
		for _, r := range revs[first:] {
			doc, err := revisionDocument(ctx, src, spk, r.n)
			if err != nil {
				return res, nil, err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO revisions (plan, n, at, summary, document, author) VALUES (?, ?, ?, ?, ?, ?)",
				pk, r.n, r.at, r.summary, doc, nullString(r.author)); err != nil {
				return res, nil, err
			}
		}
		res.Revisions = len(revs) - first
		if err := c.to.writeChildren(ctx, tx, pk, p, res.New); err != nil {
			return res, nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET format = ?, title = ?, classification = ?, phase = ?, profile = ?,
			revision = ?, updated_at = ?, red_lines = ?, responses = ?, contributions = ?, links = ?, injects = ?,
			blockers = ?, warnings = ?, advice = ?, saved_by = ? WHERE pk = ?`,
			p.Format, p.Title, p.Classification, string(p.Phase), p.Profile, latest, updated,
			len(p.RedLines), len(p.Responses), len(p.Contributions), len(p.Links), len(p.Injects),
			counts.Blocker, counts.Warning, counts.Advice, savedBy, pk); err != nil {
			return res, nil, err
		}
	}
	runs, conflictRun, err := c.runs(ctx, src, tx, spk, pk, id)
	if err != nil || conflictRun != "" {
		if conflictRun != "" {
			return res, &CopyConflict{PlanID: id, Title: p.Title, Why: conflictRun}, nil
		}
		return res, nil, err
	}
	res.Runs = runs
	return res, nil, nil
}

// differentHistory says how the target's history of a plan (theirs, of its
// key pk in tx) differs from the source's (ours, of spk in src), "" when
// theirs is ours or the start of it.
func (c *copier) differentHistory(ctx context.Context, src, tx *txn, spk, pk int64, ours, theirs []revisionMark) (string, error) {
	saved := func(m revisionMark) string {
		by := "by someone not recorded"
		if m.author != "" {
			by = "by " + m.author
		}
		return fmt.Sprintf("%s at %s (%s)", by, fromNanos(m.at).Local().Format("2006-01-02 15:04:05"), m.summary)
	}
	for i, t := range theirs {
		if i >= len(ours) {
			return fmt.Sprintf("the target has its revisions %d to %d, which the source has not (it ends at revision %d there)",
				t.n, theirs[len(theirs)-1].n, ours[len(ours)-1].n), nil
		}
		if t != ours[i] {
			return fmt.Sprintf("revision %d was saved %s in the source, %s in the target", t.n, saved(ours[i]), saved(t)), nil
		}
	}
	if len(theirs) == 0 {
		return "", nil
	}
	n := theirs[len(theirs)-1].n
	mine, err := revisionDocument(ctx, src, spk, n)
	if err != nil {
		return "", err
	}
	there, err := revisionDocument(ctx, tx, pk, n)
	if err != nil {
		return "", err
	}
	if mine != there {
		return fmt.Sprintf("revision %d holds another plan in the target than in the source", n), nil
	}
	return "", nil
}

// profile is the profile a plan naming id is counted against in the
// target, once the profiles it rests on in the source are copied there
// when the target has none of their ids. notes says what was done, the
// first time a profile is met.
func (c *copier) profile(ctx context.Context, tx *txn, id string) (*planner.Profile, []string, error) {
	if id == "" {
		id = planner.DefaultProfile
	}
	// The chain of stored profiles from id down to a built-in one, base
	// first.
	var chain []*planner.ProfileFile
	for at := id; ; {
		f, ok := c.profiles[at]
		if _, builtIn := seeds.Profiles()[at]; builtIn || !ok || slices.Contains(chain, f) {
			break
		}
		chain = append([]*planner.ProfileFile{f}, chain...)
		at = f.Base
	}
	var notes []string
	for _, f := range chain {
		if c.done[f.ID] {
			continue
		}
		c.done[f.ID] = true
		i := slices.IndexFunc(c.target, func(g *planner.ProfileFile) bool { return g.ID == f.ID })
		switch {
		case i < 0:
			if err := c.to.writeProfile(ctx, tx, f); err != nil {
				return nil, nil, err
			}
			c.target = append(c.target, f)
			c.resolved = resolveAll(c.target)
			notes = append(notes, fmt.Sprintf("profile %s copied too", f.ID))
		case !reflect.DeepEqual(c.target[i], f):
			notes = append(notes, fmt.Sprintf("profile %s is stored differently in the target; the target's was kept, and the plan is checked against it there", f.ID))
		}
	}
	if p, ok := c.resolved[id]; ok {
		return p, notes, nil
	}
	return seeds.DefaultProfile(), notes, nil
}

// runs copies the runs of a plan (key spk in src) that the target (the
// plan's key pk in tx) lacks or holds an older save of; conflict says why
// when a run of that id there is another plan's.
func (c *copier) runs(ctx context.Context, src, tx *txn, spk, pk int64, planID string) (n int, conflict string, err error) {
	ids, err := queryStrings(ctx, src, "SELECT id FROM runs WHERE plan = ? ORDER BY started_at, id", spk)
	if err != nil {
		return 0, "", err
	}
	for _, id := range ids {
		r, err := readRun(ctx, src, id)
		if err != nil {
			return 0, "", err
		}
		var plan string
		var updated int64
		err = tx.QueryRowContext(ctx, "SELECT p.id, r.updated_at FROM runs r JOIN plans p ON p.pk = r.plan WHERE r.id = ?", id).
			Scan(&plan, &updated)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return 0, "", err
		case plan != planID:
			return 0, fmt.Sprintf("its run %s “%s” is a run of another plan in the target (%s)", id, r.Title, plan), nil
		case updated >= toNanos(r.UpdatedAt):
			continue
		}
		if err := c.to.writeRun(ctx, tx, pk, r, r.ID, r.StartedAt, r.UpdatedAt); err != nil {
			return 0, "", err
		}
		n++
	}
	return n, "", nil
}
