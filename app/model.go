package app

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"redline/planner"
	"redline/seeds"
)

// largePlan is the number of entities above which the checker runs on a
// goroutine instead of the UI's: below it a check takes well under a frame.
const largePlan = 400

// planModel is the plan being edited: the plan itself, the revision it was
// loaded at, whether it has changes not yet saved, and the checker's findings
// for it.
//
// Every edit goes through changed, on the UI goroutine. Edits replace
// entities (p.RedLines[i] = r, a new *Threshold) and never write through the
// pointers or nested lists of an entity, so a copy of the top-level lists
// (snapshot) is a plan the checker can read on another goroutine.
type planModel struct {
	ui   *UI
	p    *planner.Plan
	base int64
	// dirty is true while the plan has edits that are not stored.
	dirty bool
	// fresh holds the red lines added since the last save: their ids may
	// still change, since nothing outside the plan refers to them yet.
	fresh map[string]bool

	prof     *planner.Profile
	findings []planner.Finding
	counts   planner.Counts

	// gen counts edits; a check or save result for an older gen is stale.
	gen   uint64
	timer *time.Timer

	// onChange is called after every edit, onChecked after new findings
	// arrive; both on the UI goroutine.
	onChange  []func()
	onChecked []func()
}

func newPlanModel(u *UI, p *planner.Plan, base int64) *planModel {
	// A plan that was never saved (base 0) is unsaved from the start.
	m := &planModel{ui: u, p: p, base: base, dirty: base == 0, fresh: map[string]bool{}}
	m.resolveProfile()
	m.findings = planner.Check(p, u.cat, m.prof)
	m.counts = planner.Count(m.findings)
	return m
}

// resolveProfile looks up the plan's profile: a built-in one or a stored
// one. A profile that is not there is checked as the default, which is what
// the store does when it saves.
func (m *planModel) resolveProfile() {
	prof, err := m.ui.store.ResolveProfile(context.Background(), m.p.Profile)
	if err != nil {
		prof = seeds.DefaultProfile()
	}
	m.prof = prof
}

// changed records an edit: the plan is dirty, the screens refresh and a
// check is scheduled.
func (m *planModel) changed() {
	m.dirty = true
	m.gen++
	for _, f := range m.onChange {
		f()
	}
	m.scheduleCheck()
}

// scheduleCheck runs the checker once the user has paused for CheckDelay.
func (m *planModel) scheduleCheck() {
	if m.ui.CheckDelay <= 0 {
		m.check()
		return
	}
	if m.timer != nil {
		m.timer.Stop()
	}
	gen := m.gen
	m.timer = time.AfterFunc(m.ui.CheckDelay, func() {
		fyne.Do(func() {
			if gen == m.gen {
				m.check()
			}
		})
	})
}

// check runs the checker now: on this goroutine for a small plan, on
// another for a large one, whose result is dropped if the plan changed
// meanwhile.
func (m *planModel) check() {
	if m.timer != nil {
		m.timer.Stop()
		m.timer = nil
	}
	if size(m.p) < largePlan {
		m.applyFindings(planner.Check(m.p, m.ui.cat, m.prof))
		return
	}
	gen, snap, prof := m.gen, snapshot(m.p), m.prof
	m.ui.background(func() {
		f := planner.Check(snap, m.ui.cat, prof)
		fyne.Do(func() {
			if gen == m.gen {
				m.applyFindings(f)
			}
		})
	})
}

func (m *planModel) applyFindings(f []planner.Finding) {
	m.findings = f
	m.counts = planner.Count(f)
	for _, fn := range m.onChecked {
		fn()
	}
}

// close stops a pending check; the model is no longer shown.
func (m *planModel) close() {
	if m.timer != nil {
		m.timer.Stop()
	}
	m.gen++ // drops results still on their way
}

// findingsAbout returns the findings whose subject is id.
func (m *planModel) findingsAbout(id string) []planner.Finding {
	var out []planner.Finding
	for _, f := range m.findings {
		if f.Subject == id {
			out = append(out, f)
		}
	}
	return out
}

// redLineIndex is the position of the first red line with that id, or -1.
func (m *planModel) redLineIndex(id string) int {
	return slices.IndexFunc(m.p.RedLines, func(r planner.RedLine) bool { return r.ID == id })
}

// idTaken reports whether any entity of the plan already uses id; ids are
// unique across kinds (the duplicate-id rule).
func (m *planModel) idTaken(id string) bool {
	p := m.p
	return slices.ContainsFunc(p.RedLines, func(r planner.RedLine) bool { return r.ID == id }) ||
		slices.ContainsFunc(p.Responses, func(r planner.Response) bool { return r.ID == id }) ||
		slices.ContainsFunc(p.Contributions, func(c planner.Contribution) bool { return c.ID == id }) ||
		slices.ContainsFunc(p.Terms, func(t planner.Term) bool { return t.ID == id }) ||
		slices.ContainsFunc(p.Injects, func(i planner.Inject) bool { return i.ID == id })
}

// size is the number of entities in a plan, the checker's work.
func size(p *planner.Plan) int {
	return len(p.RedLines) + len(p.Responses) + len(p.Contributions) + len(p.Links) + len(p.Terms) + len(p.Injects)
}

// snapshot copies the plan's top-level lists; see planModel for why that is
// enough for a reader on another goroutine.
func snapshot(p *planner.Plan) *planner.Plan {
	c := *p
	c.Actors = slices.Clone(p.Actors)
	c.Indicators = slices.Clone(p.Indicators)
	c.RedLines = slices.Clone(p.RedLines)
	c.Responses = slices.Clone(p.Responses)
	c.Contributions = slices.Clone(p.Contributions)
	c.Links = slices.Clone(p.Links)
	c.Terms = slices.Clone(p.Terms)
	c.Injects = slices.Clone(p.Injects)
	return &c
}
