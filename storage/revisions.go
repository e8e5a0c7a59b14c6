package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"redline/planner"
)

// Revision is one saved state of a plan.
type Revision struct {
	N       int64
	At      time.Time
	Summary string
	// Author is who saved it (WithAuthor); "" for a revision saved before
	// Redline recorded authors.
	Author string
}

// Revisions lists a plan's revisions, newest first.
func (s *Store) Revisions(ctx context.Context, planID string) ([]Revision, error) {
	op := "list revisions of plan " + planID
	tx, err := s.beginRead(ctx)
	if err != nil {
		return nil, s.opError(op, err)
	}
	defer tx.Rollback()
	pk, err := planPK(ctx, tx, planID)
	if err != nil {
		return nil, s.opError(op, err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT n, at, summary, author FROM revisions WHERE plan = ? ORDER BY n DESC", pk)
	if err != nil {
		return nil, s.opError(op, err)
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		var r Revision
		var at int64
		var author sql.NullString
		if err := rows.Scan(&r.N, &at, &r.Summary, &author); err != nil {
			return nil, s.opError(op, err)
		}
		r.At, r.Author = fromNanos(at), author.String
		out = append(out, r)
	}
	return out, s.opError(op, rows.Err())
}

// LoadRevision returns the plan as it was saved in revision n, decoded from
// the canonical document stored with it (leniently for one saved before the
// loader refused control characters in one-line fields: see decodeStored).
func (s *Store) LoadRevision(ctx context.Context, planID string, n int64) (*planner.Plan, error) {
	op := fmt.Sprintf("load revision %d of plan %s", n, planID)
	var doc []byte
	err := s.r.QueryRowContext(ctx, `SELECT r.document FROM revisions r JOIN plans p ON p.pk = r.plan
		WHERE p.id = ? AND r.n = ?`, planID, n).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		if _, lerr := s.findPlan(ctx, planID); lerr != nil {
			return nil, lerr
		}
		return nil, fmt.Errorf("%s: %w: the plan has no such revision", op, ErrNotFound)
	}
	if err != nil {
		return nil, s.opError(op, err)
	}
	p, err := decodeStored(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: the stored document does not decode: %w", op, err)
	}
	return p, nil
}

// findPlan returns the key of plan id, ErrNotFound when there is none.
func (s *Store) findPlan(ctx context.Context, id string) (int64, error) {
	var pk int64
	err := s.r.QueryRowContext(ctx, "SELECT pk FROM plans WHERE id = ?", id).Scan(&pk)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, planNotFound(id)
	}
	if err != nil {
		return 0, s.opError("find plan "+id, err)
	}
	return pk, nil
}

// planPK finds a plan's key within a transaction.
func planPK(ctx context.Context, tx *txn, id string) (int64, error) {
	var pk int64
	err := tx.QueryRowContext(ctx, "SELECT pk FROM plans WHERE id = ?", id).Scan(&pk)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, planNotFound(id)
	}
	return pk, err
}

// Times are stored as Unix nanoseconds, UTC. The zero time, which has no
// such number, is stored as 0 and read back as the zero time.
func toNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// describeNew summarises a plan's first revision.
func describeNew(p *planner.Plan) string {
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, countNoun(n, one, many))
		}
	}
	add(len(p.RedLines), "red line", "red lines")
	add(len(p.Responses), "response", "responses")
	add(len(p.Contributions), "contribution", "contributions")
	add(len(p.Links), "link", "links")
	add(len(p.Terms), "term", "terms")
	add(len(p.Injects), "inject", "injects")
	if len(parts) == 0 {
		return "created (empty)"
	}
	return "created: " + strings.Join(parts, ", ")
}

// describeChanges says what changed from prev to next, e.g. "+2 red lines,
// −1 link, 3 responses changed, title changed". Entities are matched by id
// (links by their two ends), so an edit shows as a change, not as one
// removal and one addition.
func describeChanges(prev, next *planner.Plan) string {
	var parts []string
	q := *next
	q.Normalize()
	if prev.Title != q.Title {
		parts = append(parts, "title changed")
	}
	if prev.Phase != q.Phase {
		parts = append(parts, fmt.Sprintf("phase %s → %s", prev.Phase, q.Phase))
	}
	if prev.Classification != q.Classification {
		parts = append(parts, "classification changed")
	}
	if prev.Profile != q.Profile {
		parts = append(parts, fmt.Sprintf("profile %s → %s", prev.Profile, q.Profile))
	}
	parts = diffList(parts, "red line", "red lines", prev.RedLines, next.RedLines,
		func(r *planner.RedLine) string { return r.ID }, equalRedLine)
	parts = diffList(parts, "response", "responses", prev.Responses, next.Responses,
		func(r *planner.Response) string { return r.ID }, equalResponse)
	parts = diffList(parts, "contribution", "contributions", prev.Contributions, next.Contributions,
		func(c *planner.Contribution) string { return c.ID }, equalContribution)
	parts = diffList(parts, "link", "links", prev.Links, next.Links,
		func(l *planner.Link) string { return l.RedLine + "\x00" + l.Response }, equalLink)
	parts = diffList(parts, "term", "terms", prev.Terms, next.Terms,
		func(t *planner.Term) string { return t.ID }, equalTerm)
	parts = diffList(parts, "inject", "injects", prev.Injects, next.Injects,
		func(in *planner.Inject) string { return in.ID }, equalInject)
	parts = diffList(parts, "actor", "actors", prev.Actors, next.Actors,
		func(a *planner.Actor) string { return a.Code }, func(a, b *planner.Actor) bool { return *a == *b })
	parts = diffList(parts, "indicator", "indicators", prev.Indicators, next.Indicators,
		func(i *planner.Indicator) string { return i.Key }, func(a, b *planner.Indicator) bool { return *a == *b })
	parts = diffList(parts, "source", "sources", prev.Sources, next.Sources,
		func(s *planner.Source) string { return s.ID }, func(a, b *planner.Source) bool { return *a == *b })
	if len(parts) == 0 {
		if orderChanged(prev, next) {
			return "reordered"
		}
		return "no changes"
	}
	return strings.Join(parts, ", ")
}

// diffList appends "+n noun", "−n noun" and "n nouns changed" for one list.
// Duplicate keys (a draft may have them) are matched in order.
func diffList[T any](parts []string, one, many string, prev, next []T, key func(*T) string, equal func(a, b *T) bool) []string {
	old := make(map[string][]int, len(prev))
	for i := range prev {
		k := key(&prev[i])
		old[k] = append(old[k], i)
	}
	added, changed := 0, 0
	for i := range next {
		k := key(&next[i])
		idx := old[k]
		if len(idx) == 0 {
			added++
			continue
		}
		if !equal(&prev[idx[0]], &next[i]) {
			changed++
		}
		old[k] = idx[1:]
	}
	removed := 0
	for _, idx := range old {
		removed += len(idx)
	}
	if added > 0 {
		parts = append(parts, "+"+countNoun(added, one, many))
	}
	if removed > 0 {
		parts = append(parts, "−"+countNoun(removed, one, many))
	}
	if changed > 0 {
		parts = append(parts, countNoun(changed, one, many)+" changed")
	}
	return parts
}

func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// orderChanged reports whether the lists hold the same entities in another
// order (the only change diffList cannot see).
func orderChanged(prev, next *planner.Plan) bool {
	ids := func(p *planner.Plan) []string {
		var out []string
		for _, r := range p.RedLines {
			out = append(out, r.ID)
		}
		for _, r := range p.Responses {
			out = append(out, r.ID)
		}
		for _, c := range p.Contributions {
			out = append(out, c.ID)
		}
		for _, l := range p.Links {
			out = append(out, l.RedLine+"\x00"+l.Response)
		}
		for _, t := range p.Terms {
			out = append(out, t.ID)
		}
		for _, in := range p.Injects {
			out = append(out, in.ID)
		}
		for _, a := range p.Actors {
			out = append(out, a.Code)
		}
		for _, i := range p.Indicators {
			out = append(out, i.Key)
		}
		for _, s := range p.Sources {
			out = append(out, s.ID)
		}
		return out
	}
	return !slices.Equal(ids(prev), ids(next))
}

// The equalities below compare what the canonical document holds, field by
// field: an empty list and none are equal, as they are in the file.

func equalProvenance(a, b *planner.Provenance) bool {
	return a.Assumption == b.Assumption && slices.Equal(a.Sources, b.Sources)
}

func equalRedLine(a, b *planner.RedLine) bool {
	if a.ID != b.ID || a.Title != b.Title || a.Domain != b.Domain || a.Indicator != b.Indicator ||
		a.Severity != b.Severity || a.Notes != b.Notes || (a.Threshold == nil) != (b.Threshold == nil) ||
		!equalProvenance(&a.Provenance, &b.Provenance) {
		return false
	}
	return a.Threshold == nil || *a.Threshold == *b.Threshold
}

func equalResponse(a, b *planner.Response) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Kind == b.Kind && a.Mechanism == b.Mechanism && a.Lead == b.Lead &&
		a.HoursToEffect == b.HoursToEffect && slices.Equal(a.Participants, b.Participants) &&
		slices.Equal(a.Requires, b.Requires) && slices.Equal(a.Capabilities, b.Capabilities) && slices.Equal(a.Uses, b.Uses) &&
		equalProvenance(&a.Provenance, &b.Provenance)
}

func equalContribution(a, b *planner.Contribution) bool {
	if (a.Months == nil) != (b.Months == nil) || a.Months != nil && *a.Months != *b.Months {
		return false
	}
	return a.ID == b.ID && a.Nation == b.Nation && a.Capability == b.Capability && a.Personnel == b.Personnel &&
		a.AmountEURm == b.AmountEURm && a.Location == b.Location && a.Activation == b.Activation && a.Status == b.Status &&
		equalProvenance(&a.Provenance, &b.Provenance)
}

func equalLink(a, b *planner.Link) bool {
	return a.RedLine == b.RedLine && a.Response == b.Response && a.Trigger == b.Trigger &&
		equalProvenance(&a.Provenance, &b.Provenance)
}

func equalTerm(a, b *planner.Term) bool {
	if (a.Value == nil) != (b.Value == nil) || a.Value != nil && *a.Value != *b.Value {
		return false
	}
	return a.ID == b.ID && a.Kind == b.Kind && a.Stance == b.Stance && a.Notes == b.Notes &&
		equalProvenance(&a.Provenance, &b.Provenance)
}

func equalInject(a, b *planner.Inject) bool {
	return a.ID == b.ID && a.AtHours == b.AtHours && a.Title == b.Title && a.Phase == b.Phase &&
		slices.Equal(a.Observations, b.Observations) && a.Brief == b.Brief && slices.Equal(a.When, b.When) &&
		equalProvenance(&a.Provenance, &b.Provenance)
}
