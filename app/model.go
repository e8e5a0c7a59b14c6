package app

import (
	"context"
	"fmt"
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
// (snapshot) is a plan the checker can read on another goroutine, and a
// state the undo history can keep: an edit that wrote through would change
// past states too, and undo would not take it back.
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

	// history holds the plan's states for undo and redo, oldest first, and
	// at is the one m.p shows. Thanks to copy-on-write a snapshot is a whole
	// state, and the list copies are all it costs.
	history []*planner.Plan
	at      int
	// lastEdit is when the state at history[at] was recorded; zero when the
	// next edit must start a new step (after an undo, a redo or a load).
	lastEdit time.Time

	// onChange is called after every edit, undo and redo, onChecked after
	// new findings arrive; both on the UI goroutine.
	onChange  []func()
	onChecked []func()
	// onReset is called when m.p was replaced as a whole (undo, redo):
	// every screen that shows fields of the plan reloads them from m.p,
	// since the entry it was editing may now hold another value. It runs
	// before onChange.
	onReset []func()
}

func newPlanModel(u *UI, p *planner.Plan, base int64) *planModel {
	// A plan that was never saved (base 0) is unsaved from the start.
	m := &planModel{ui: u, p: p, base: base, dirty: base == 0, fresh: map[string]bool{}}
	m.history = []*planner.Plan{snapshot(p)}
	m.resolveProfile()
	m.findings = planner.Check(p, u.cat, m.prof)
	m.counts = planner.Count(m.findings)
	return m
}

// resolveProfile looks up the plan's profile: a built-in one or a stored
// one. A profile that is not there is checked as the default, which is what
// the store does when it saves.
func (m *planModel) resolveProfile() { m.prof = m.ui.profileFor(m.p.Profile) }

// profileFor looks up a profile by id: a built-in one or a stored one. A
// profile that is not there is the default, which is what the store checks
// against when it saves.
func (u *UI) profileFor(id string) *planner.Profile {
	prof, err := u.store.ResolveProfile(context.Background(), id)
	if err != nil {
		return seeds.DefaultProfile()
	}
	return prof
}

// changed records an edit: the plan is dirty, the screens refresh and a
// check is scheduled.
func (m *planModel) changed() {
	m.record()
	m.notify()
}

func (m *planModel) notify() {
	m.dirty = true
	m.gen++
	for _, f := range m.onChange {
		f()
	}
	m.scheduleCheck()
}

// undoCoalesce is the pause that ends an undo step: an edit within it of the
// previous one replaces that step instead of adding one, so that Ctrl+Z takes
// back a word or a burst of typing, not a letter. Only edits that keep the
// plan's shape merge: adding or deleting an entity or a link is always a step
// of its own, however quickly it follows the last edit.
const undoCoalesce = 600 * time.Millisecond

// maxHistory bounds the undo steps kept; each is only the plan's list
// copies, but a long session should not grow without end.
const maxHistory = 500

// record pushes the plan as it is now onto the undo history, dropping the
// states that redo would have reached.
func (m *planModel) record() {
	now := m.ui.now()
	m.history = m.history[:m.at+1]
	if m.at > 0 && !m.lastEdit.IsZero() && now.Sub(m.lastEdit) < undoCoalesce && sameShape(m.history[m.at], m.p) {
		m.history[m.at] = snapshot(m.p)
	} else {
		m.history = append(m.history, snapshot(m.p))
		m.at++
		if len(m.history) > maxHistory {
			m.history = slices.Delete(m.history, 0, len(m.history)-maxHistory)
			m.at = len(m.history) - 1
		}
	}
	m.lastEdit = now
}

func (m *planModel) canUndo() bool { return m.at > 0 }
func (m *planModel) canRedo() bool { return m.at < len(m.history)-1 }

// undo restores the state before the last edit; false when there is none.
func (m *planModel) undo() bool {
	if !m.canUndo() {
		return false
	}
	m.restore(m.at - 1)
	return true
}

// redo restores the state undo left; false when there is none.
func (m *planModel) redo() bool {
	if !m.canRedo() {
		return false
	}
	m.restore(m.at + 1)
	return true
}

// restore makes history[i] the plan. m.p gets a fresh copy, so that edits
// of it never touch the state kept in the history. The plan keeps its id: a
// new plan gets it at its first save, and undoing past that save must not
// make the next save create a second plan.
func (m *planModel) restore(i int) {
	id := m.p.ID
	profile := m.p.Profile
	m.at = i
	m.lastEdit = time.Time{}
	m.p = snapshot(m.history[i])
	m.p.ID = id
	if m.p.Profile != profile {
		m.resolveProfile()
	}
	for _, f := range m.onReset {
		f()
	}
	m.notify()
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
	m.history = nil // the states are of no use once the editor is gone
	m.at = 0
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

// sameShape reports whether two plans have as many entities of each kind:
// edits between them changed fields, not the plan's structure.
func sameShape(a, b *planner.Plan) bool {
	return len(a.Actors) == len(b.Actors) && len(a.Indicators) == len(b.Indicators) &&
		len(a.RedLines) == len(b.RedLines) && len(a.Responses) == len(b.Responses) &&
		len(a.Contributions) == len(b.Contributions) && len(a.Links) == len(b.Links) &&
		len(a.Terms) == len(b.Terms) && len(a.Injects) == len(b.Injects)
}

// renameProblem says why id cannot replace old as an entity's id, or "" when
// it can: ids are unique across the plan's kinds (the duplicate-id rule).
func (m *planModel) renameProblem(old, id string) string {
	switch {
	case id == old:
		return ""
	case !planner.ValidID(id):
		return "An id is 1–64 characters from A–Z a–z 0–9 . _ -"
	case m.idTaken(id):
		return fmt.Sprintf("%q is already the id of something in this plan.", id)
	}
	return ""
}

// renamed moves the mark of an entity added since the last save to its new id.
func (m *planModel) renamed(old, id string) {
	delete(m.fresh, old)
	m.fresh[id] = true
}
