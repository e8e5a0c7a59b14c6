package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"unsafe"

	"redline/planner"
	"redline/seeds"
)

// SavePlan stores p as a new revision in one transaction and returns its
// number. base is the revision the caller's copy was loaded at, 0 for a new
// plan; when the stored latest revision is another, nothing is written and
// a *ConflictError (ErrConflict) says so — a save never overwrites work it
// has not seen. p.ID is assigned when empty.
//
// The plan is stored as it is, findings and all: a draft with dangling
// references or duplicate ids keeps them. But it must be well-formed — what
// the redline-plan/v1 loader accepts (planner.ValidateDocument) — so that
// every revision stored can be loaded again: a plan the loader would refuse
// (a control character pasted into a title, say) is refused with the
// loader's *planner.FormatError, naming the JSON path of each problem, and
// nothing is stored. summary describes the revision; when "" one is
// computed from what changed since the previous revision.
func (s *Store) SavePlan(ctx context.Context, p *planner.Plan, base int64, summary string) (int64, error) {
	if p == nil {
		return 0, errors.New("save plan: no plan")
	}
	op := "save plan " + p.ID
	if err := s.writable(op); err != nil {
		return 0, err
	}
	if base < 0 {
		return 0, fmt.Errorf("%s: base revision %d is negative", op, base)
	}
	if p.ID == "" {
		if base != 0 {
			return 0, fmt.Errorf("%s: a plan without an id has no revision %d; save it with base 0", op, base)
		}
		p.ID = planner.NewPlanID()
		op = "save plan " + p.ID
	} else if !planner.ValidUUID(p.ID) {
		return 0, fmt.Errorf("%s: the plan id %q is not a UUID", op, p.ID)
	}
	prof, err := s.profileFor(ctx, p.Profile)
	if err != nil {
		return 0, s.opError(op, err)
	}
	// The canonical document and the findings are pure CPU work on p; they
	// run beside the database work, and are always waited for so that p is
	// not read after SavePlan returns.
	rev, err := s.savePlan(ctx, p, base, summary, derivePlan(p, prof))
	if err != nil {
		return 0, s.writeError(op, err)
	}
	return rev, nil
}

type derivedData struct {
	doc    []byte
	counts planner.Counts
	// invalid is the loader's *planner.FormatError for doc, nil when the
	// loader accepts it: a plan that would not load again is not stored.
	invalid error
}

func derive(p *planner.Plan, prof *planner.Profile) derivedData {
	doc, _ := planner.Encode(p) // Encode cannot fail; the error is for future formats
	return derivedData{doc: doc, invalid: planner.ValidateDocument(doc),
		counts: planner.Count(planner.Check(p, seeds.Catalog(), prof))}
}

// derivation is the derived data of a plan, computed beside the database
// work. It must be waited for, so that the plan is not read after its save
// returns.
type derivation struct {
	ch     chan derivedData
	d      derivedData
	waited bool
}

func derivePlan(p *planner.Plan, prof *planner.Profile) *derivation {
	d := &derivation{ch: make(chan derivedData, 1)}
	go func() { d.ch <- derive(p, prof) }()
	return d
}

// wait returns the derived data once it is there.
func (d *derivation) wait() derivedData {
	if !d.waited {
		d.d, d.waited = <-d.ch, true
	}
	return d.d
}

func (s *Store) savePlan(ctx context.Context, p *planner.Plan, base int64, summary string, derived *derivation) (rev int64, err error) {
	defer derived.wait()
	tx, err := s.beginWrite(ctx) // the write lock (SQLite) or the plan's row lock first, then the revision check
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if rev, err = s.savePlanTx(ctx, tx, p, base, summary, derived); err != nil {
		return 0, err
	}
	return rev, s.commit(tx)
}

// PlanImport is one plan for ImportPlans.
type PlanImport struct {
	Plan *planner.Plan
	// Source names where the plan came from ("plan.json"): the revision's
	// summary is "imported from <Source>", and an error names it.
	Source string
}

// ImportPlans stores plans in one transaction: all of them or, on any
// error, none. Each becomes a new plan, or — when its id is stored — the
// newest revision of that plan, on top of whatever revision is stored (an
// import is the person's say-so; there is no base to conflict with). A
// plan without an id gets one (also when the import then fails). It returns
// the revision each was stored at.
func (s *Store) ImportPlans(ctx context.Context, plans []PlanImport) ([]int64, error) {
	op := fmt.Sprintf("import %d plans", len(plans))
	if len(plans) == 1 {
		op = "import 1 plan"
	}
	if err := s.writable(op); err != nil {
		return nil, err
	}
	derived := make([]*derivation, 0, len(plans))
	defer func() {
		for _, d := range derived {
			d.wait()
		}
	}()
	for _, pi := range plans {
		if pi.Plan == nil {
			return nil, fmt.Errorf("%s: %s: no plan", op, pi.Source)
		}
		p := pi.Plan
		if p.ID == "" {
			p.ID = planner.NewPlanID()
		} else if !planner.ValidUUID(p.ID) {
			return nil, fmt.Errorf("%s: %s: the plan id %q is not a UUID", op, pi.Source, p.ID)
		}
		prof, err := s.profileFor(ctx, p.Profile)
		if err != nil {
			return nil, s.opError(op, err)
		}
		derived = append(derived, derivePlan(p, prof))
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return nil, s.writeError(op, err)
	}
	defer tx.Rollback()
	revs := make([]int64, len(plans))
	for i, pi := range plans {
		var latest int64
		err := tx.QueryRowContext(ctx, "SELECT revision FROM plans WHERE id = ?"+s.forUpdate(), pi.Plan.ID).Scan(&latest)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, s.writeError(op, fmt.Errorf("%s: %w", pi.Source, err))
		}
		if revs[i], err = s.savePlanTx(ctx, tx, pi.Plan, latest, "imported from "+pi.Source, derived[i]); err != nil {
			return nil, s.writeError(op, fmt.Errorf("%s (plan %s): %w", pi.Source, pi.Plan.ID, err))
		}
	}
	if err := s.commit(tx); err != nil {
		return nil, s.writeError(op, err)
	}
	return revs, nil
}

// savePlanTx writes p as revision base+1 within tx, the writer's
// transaction, taking its canonical document and findings from derived.
func (s *Store) savePlanTx(ctx context.Context, tx *txn, p *planner.Plan, base int64, summary string, derived *derivation) (rev int64, err error) {
	pk, latest, err := s.latestRevision(ctx, tx, p.ID)
	if err != nil {
		return 0, err
	}
	if latest != base {
		return 0, &ConflictError{PlanID: p.ID, Base: base, Latest: latest}
	}
	now := s.now().UTC()
	top := *p
	top.Normalize()
	if pk == 0 {
		// Another program may add the same plan at the same moment (on
		// PostgreSQL nothing is locked yet for a plan not stored): the
		// second insert does nothing, and that save is a conflict.
		err := tx.QueryRowContext(ctx, `INSERT INTO plans (id, format, title, classification, phase, profile, revision, updated_at,
			red_lines, responses, contributions, links, injects, blockers, warnings, advice)
			VALUES (?, ?, ?, ?, ?, ?, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0) ON CONFLICT (id) DO NOTHING RETURNING pk`,
			p.ID, top.Format, top.Title, top.Classification, string(top.Phase), top.Profile, now.UnixNano()).Scan(&pk)
		if errors.Is(err, sql.ErrNoRows) {
			if _, latest, err = s.latestRevision(ctx, tx, p.ID); err != nil {
				return 0, err
			}
			return 0, &ConflictError{PlanID: p.ID, Base: base, Latest: latest}
		}
		if err != nil {
			return 0, err
		}
		if summary == "" {
			summary = describeNew(p)
		}
	} else {
		if summary == "" {
			prev, _, err := s.readPlan(ctx, tx, p.ID, true)
			if err != nil {
				return 0, err
			}
			summary = describeChanges(prev, p)
		}
	}
	if err := s.writeChildren(ctx, tx, pk, p, latest == 0); err != nil {
		// A plan the loader refuses may break a constraint of the tables
		// first (a condition naming both a red line and a response): the
		// loader's error, with its JSON paths, says what to fix.
		if d := derived.wait(); d.invalid != nil {
			return 0, fmt.Errorf("the plan is not well-formed: %w", d.invalid)
		}
		return 0, err
	}
	rev = latest + 1
	d := derived.wait()
	if d.invalid != nil {
		// The transaction is rolled back: no row and no revision of this
		// save stays.
		return 0, fmt.Errorf("the plan is not well-formed: %w", d.invalid)
	}
	author := nullString(s.Author())
	// The document goes in as TEXT without a copy: doc is not touched again,
	// and the driver copies it into SQLite.
	if _, err := tx.ExecContext(ctx, "INSERT INTO revisions (plan, n, at, summary, document, author) VALUES (?, ?, ?, ?, ?, ?)",
		pk, rev, now.UnixNano(), summary, unsafe.String(unsafe.SliceData(d.doc), len(d.doc)), author); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE plans SET format = ?, title = ?, classification = ?, phase = ?, profile = ?,
		revision = ?, updated_at = ?, red_lines = ?, responses = ?, contributions = ?, links = ?, injects = ?,
		blockers = ?, warnings = ?, advice = ?, saved_by = ? WHERE pk = ?`,
		top.Format, top.Title, top.Classification, string(top.Phase), top.Profile, rev, now.UnixNano(),
		len(p.RedLines), len(p.Responses), len(p.Contributions), len(p.Links), len(p.Injects),
		d.counts.Blocker, d.counts.Warning, d.counts.Advice, author, pk); err != nil {
		return 0, err
	}
	return rev, nil
}

// latestRevision reads the key and latest revision of plan id within tx,
// the writer's transaction, locking its row until tx ends; 0, 0 when the
// plan is not stored.
func (s *Store) latestRevision(ctx context.Context, tx *txn, id string) (pk, latest int64, err error) {
	err = tx.QueryRowContext(ctx, "SELECT pk, revision FROM plans WHERE id = ?"+s.forUpdate(), id).Scan(&pk, &latest)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	return pk, latest, err
}

// LoadPlan rebuilds a plan from its tables (not from the revision document:
// the tables are the store, the documents its history) and returns it with
// its latest revision number. A plan in the trash loads too.
func (s *Store) LoadPlan(ctx context.Context, id string) (*planner.Plan, int64, error) {
	op := "load plan " + id
	// One read transaction: the plan row and its children come from the
	// same snapshot even while another connection saves.
	tx, err := s.beginRead(ctx)
	if err != nil {
		return nil, 0, s.opError(op, err)
	}
	defer tx.Rollback()
	p, rev, err := s.readPlan(ctx, tx, id, false)
	if err != nil {
		return nil, 0, s.opError(op, err)
	}
	return p, rev, nil
}

// planNotFound is the error for an unknown plan id.
func planNotFound(id string) error {
	return fmt.Errorf("plan %s: %w (it may have been emptied from the trash)", id, ErrNotFound)
}

// The child tables of a plan, in the order they are written (owners before
// the lists that reference them).
var (
	tActors        = table{"plan_actors", []string{"plan", "position", "code", "name", "kind"}, 2}
	tIndicators    = table{"plan_indicators", []string{"plan", "position", "key", "name", "unit"}, 2}
	tRedLines      = table{"red_lines", []string{"plan", "position", "id", "title", "domain", "indicator", "threshold_op", "threshold_value", "severity", "notes", "assumption"}, 2}
	tResponses     = table{"responses", []string{"plan", "position", "id", "title", "kind", "mechanism", "lead", "hours_to_effect", "assumption"}, 2}
	tParticipants  = table{"response_participants", []string{"plan", "response", "position", "actor"}, 3}
	tRequirements  = table{"response_requirements", []string{"plan", "response", "position", "precondition"}, 3}
	tCapabilities  = table{"response_capabilities", []string{"plan", "response", "position", "capability"}, 3}
	tUses          = table{"response_uses", []string{"plan", "response", "position", "contribution"}, 3}
	tContributions = table{"contributions", []string{"plan", "position", "id", "nation", "capability", "personnel", "amount_eur_m", "location", "activation", "status", "months", "assumption"}, 2}
	tLinks         = table{"links", []string{"plan", "position", "red_line", "response", "trigger", "assumption"}, 2}
	tTerms         = table{"terms", []string{"plan", "position", "id", "kind", "stance", "value", "notes", "assumption"}, 2}
	tInjects       = table{"injects", []string{"plan", "position", "id", "at_hours", "title", "phase", "brief", "assumption"}, 2}
	tObservations  = table{"observations", []string{"plan", "inject", "position", "indicator", "value"}, 3}
	// Schema v3: provenance and branching injects.
	tRedLineSources      = table{"red_line_sources", []string{"plan", "red_line", "position", "source"}, 3}
	tResponseSources     = table{"response_sources", []string{"plan", "response", "position", "source"}, 3}
	tContributionSources = table{"contribution_sources", []string{"plan", "contribution", "position", "source"}, 3}
	tLinkSources         = table{"link_sources", []string{"plan", "link", "position", "source"}, 3}
	tTermSources         = table{"term_sources", []string{"plan", "term", "position", "source"}, 3}
	tInjectSources       = table{"inject_sources", []string{"plan", "inject", "position", "source"}, 3}
	tConditions          = table{"inject_conditions", []string{"plan", "inject", "position", "red_line", "response", "outcome", "negated"}, 3}
	tPlanSources         = table{"plan_sources", []string{"plan", "position", "id", "title", "publisher", "date", "url"}, 2}

	childTables = []table{tActors, tIndicators, tRedLines, tResponses, tParticipants, tRequirements, tCapabilities,
		tUses, tContributions, tLinks, tTerms, tInjects, tObservations,
		tRedLineSources, tResponseSources, tContributionSources, tLinkSources, tTermSources, tInjectSources, tConditions, tPlanSources}
)

// deleteChildren removes every entity row of a plan, the lists of responses
// and injects before their owners: deleted in bulk, they leave the cascade
// nothing to find row by row.
func (s *Store) deleteChildren(ctx context.Context, tx *txn, pk int64) error {
	for i := len(childTables) - 1; i >= 0; i-- {
		st, err := s.stmt(ctx, tx, "DELETE FROM "+childTables[i].name+" WHERE plan = ?")
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, pk); err != nil {
			return err
		}
	}
	return nil
}

// writeChildren writes the plan's entities over what is stored for it,
// table by table, many rows per statement. Owners are written (and
// trimmed, which cascades to the lists of removed owners) before their
// lists. On PostgreSQL only the rows that changed are written, with COPY
// (batchWriter).
func (s *Store) writeChildren(ctx context.Context, tx *txn, pk int64, p *planner.Plan, fresh bool) error {
	w := &batchWriter{s: s, ctx: ctx, tx: tx, plan: pk, fresh: fresh}
	w.list(tActors, len(p.Actors))
	for i, a := range p.Actors {
		w.row(pk, int64(i), a.Code, a.Name, string(a.Kind))
	}
	w.list(tIndicators, len(p.Indicators))
	for i, ind := range p.Indicators {
		w.row(pk, int64(i), ind.Key, ind.Name, ind.Unit)
	}
	w.list(tRedLines, len(p.RedLines))
	for i := range p.RedLines {
		r := &p.RedLines[i]
		var op, value any
		if r.Threshold != nil {
			op, value = string(r.Threshold.Op), r.Threshold.Value
		}
		w.row(pk, int64(i), r.ID, r.Title, string(r.Domain), nullString(r.Indicator), op, value, int64(r.Severity), nullString(r.Notes),
			nullString(r.Assumption))
	}
	w.list(tResponses, len(p.Responses))
	for i := range p.Responses {
		r := &p.Responses[i]
		w.row(pk, int64(i), r.ID, r.Title, string(r.Kind), string(r.Mechanism), r.Lead, r.HoursToEffect, nullString(r.Assumption))
	}
	responses := len(p.Responses)
	w.subLists(tParticipants, responses, func(i int) int { return len(p.Responses[i].Participants) })
	for i := range p.Responses {
		for j, a := range p.Responses[i].Participants {
			w.row(pk, int64(i), int64(j), a)
		}
	}
	w.subLists(tRequirements, responses, func(i int) int { return len(p.Responses[i].Requires) })
	for i := range p.Responses {
		for j, c := range p.Responses[i].Requires {
			w.row(pk, int64(i), int64(j), string(c))
		}
	}
	w.subLists(tCapabilities, responses, func(i int) int { return len(p.Responses[i].Capabilities) })
	for i := range p.Responses {
		for j, c := range p.Responses[i].Capabilities {
			w.row(pk, int64(i), int64(j), string(c))
		}
	}
	w.subLists(tUses, responses, func(i int) int { return len(p.Responses[i].Uses) })
	for i := range p.Responses {
		for j, id := range p.Responses[i].Uses {
			w.row(pk, int64(i), int64(j), id)
		}
	}
	w.list(tContributions, len(p.Contributions))
	for i := range p.Contributions {
		c := &p.Contributions[i]
		var months any
		if c.Months != nil {
			months = int64(*c.Months)
		}
		w.row(pk, int64(i), c.ID, c.Nation, string(c.Capability), int64(c.Personnel), c.AmountEURm, string(c.Location),
			string(c.Activation), string(c.Status), months, nullString(c.Assumption))
	}
	w.list(tLinks, len(p.Links))
	for i, l := range p.Links {
		w.row(pk, int64(i), l.RedLine, l.Response, string(l.Trigger), nullString(l.Assumption))
	}
	w.list(tTerms, len(p.Terms))
	for i := range p.Terms {
		t := &p.Terms[i]
		var value any
		if t.Value != nil {
			value = *t.Value
		}
		w.row(pk, int64(i), t.ID, string(t.Kind), string(t.Stance), value, nullString(t.Notes), nullString(t.Assumption))
	}
	w.list(tInjects, len(p.Injects))
	for i := range p.Injects {
		in := &p.Injects[i]
		w.row(pk, int64(i), in.ID, in.AtHours, in.Title, nullString(string(in.Phase)), nullString(in.Brief), nullString(in.Assumption))
	}
	w.subLists(tObservations, len(p.Injects), func(i int) int { return len(p.Injects[i].Observations) })
	for i := range p.Injects {
		for j, o := range p.Injects[i].Observations {
			w.row(pk, int64(i), int64(j), o.Indicator, o.Value)
		}
	}
	writeSources(w, tRedLineSources, pk, p.RedLines, func(r *planner.RedLine) []string { return r.Sources })
	writeSources(w, tResponseSources, pk, p.Responses, func(r *planner.Response) []string { return r.Sources })
	writeSources(w, tContributionSources, pk, p.Contributions, func(c *planner.Contribution) []string { return c.Sources })
	writeSources(w, tLinkSources, pk, p.Links, func(l *planner.Link) []string { return l.Sources })
	writeSources(w, tTermSources, pk, p.Terms, func(t *planner.Term) []string { return t.Sources })
	writeSources(w, tInjectSources, pk, p.Injects, func(in *planner.Inject) []string { return in.Sources })
	w.subLists(tConditions, len(p.Injects), func(i int) int { return len(p.Injects[i].When) })
	for i := range p.Injects {
		for j, c := range p.Injects[i].When {
			var negated int64
			if c.Not {
				negated = 1
			}
			w.row(pk, int64(i), int64(j), nullString(c.RedLine), nullString(c.Response), nullString(string(c.Outcome)), negated)
		}
	}
	w.list(tPlanSources, len(p.Sources))
	for i := range p.Sources {
		src := &p.Sources[i]
		w.row(pk, int64(i), src.ID, src.Title, nullString(src.Publisher), nullString(src.Date), nullString(src.URL))
	}
	return w.finish()
}

// writeSources writes the source ids each of a plan's entries cites, a list
// per entry, into t.
func writeSources[T any](w *batchWriter, t table, pk int64, entries []T, sources func(*T) []string) {
	w.subLists(t, len(entries), func(i int) int { return len(sources(&entries[i])) })
	for i := range entries {
		for j, id := range sources(&entries[i]) {
			w.row(pk, int64(i), int64(j), id)
		}
	}
}

// nullString stores an absent optional text as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// planHeader is a plan's row in the plans table.
type planHeader struct {
	pk, rev                                         int64
	redLines, responses, contributions, links, injs int
}

// readPlan rebuilds plan id from the tables, within tx. write says tx is the
// writer's (for the statement cache).
func (s *Store) readPlan(ctx context.Context, tx *txn, id string, write bool) (*planner.Plan, int64, error) {
	r := &planReader{s: s, ctx: ctx, tx: tx, write: write}
	p := &planner.Plan{ID: id}
	var h planHeader
	var phase string
	err := r.queryRow(qPlan, id).
		Scan(&h.pk, &p.Format, &p.Title, &p.Classification, &phase, &p.Profile, &h.rev,
			&h.redLines, &h.responses, &h.contributions, &h.links, &h.injs)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, planNotFound(id)
	}
	if err != nil {
		return nil, 0, err
	}
	p.Phase = planner.Phase(phase)
	if err := r.children(p, &h); err != nil {
		return nil, 0, err
	}
	return p, h.rev, nil
}
