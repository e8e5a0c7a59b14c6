package app

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"redline/planner"
	"redline/planner/edit"
	"redline/seeds"
	"redline/storage"
)

// largePlan is the number of entities above which the checker runs on a
// goroutine instead of the UI's: below it a check takes well under a frame.
const largePlan = 400

// planModel is the plan being edited: an edit.Session, which holds the plan,
// its operations, undo, dirty state, invalid fields and findings, with what
// the app adds to it: the checker with the plan's catalogue and profile,
// the UI's clock and goroutines, and the profile resolved through the store.
//
// Screens read Plan() and change it only through the session's operations
// (edit.Set, edit.Add, s.SetPlan, …).
type planModel struct {
	*edit.Session
	ui *UI
	// prof is the plan's profile, resolved through the store: a built-in
	// one, a stored one, or the default when it is neither (what the store
	// checks against when it saves).
	prof   *planner.Profile
	profID string

	// p, dirty, base and counts mirror Plan(), Dirty() or SaveBlocked(),
	// Base() and Counts() for the code outside the screens that reads them
	// as fields (the window title, leaving, the menus, exports). They are
	// kept by the first listener of every change and are read-only. dirty
	// also holds while a field holds text the plan has not taken: leaving
	// then must ask, or the text is lost.
	p      *planner.Plan
	dirty  bool
	base   int64
	counts planner.Counts

	// tallies are the force totals of the plan by scope, as of edit
	// count Gen() (forces): the Overview and Forces share them.
	tallies map[planner.ForceScope]tally
}

type tally struct {
	plan   *planner.Plan
	gen    uint64
	totals planner.ForceTotals
}

func newPlanModel(u *UI, p *planner.Plan, base int64) *planModel {
	m := &planModel{ui: u}
	m.Session = edit.New(p, base, edit.Options{
		// The UI's clock and launcher are read at each use: tests replace
		// them after the plan is open.
		Now:  func() time.Time { return u.now() },
		Post: fyne.Do,
		Go:   func(f func()) { u.background(f) },
		// The checker takes the profile of the plan it checks, so that a
		// background check of an older state uses that state's profile.
		Check:      func(p *planner.Plan) []planner.Finding { return planner.Check(p, u.cat, u.profileFor(p.Profile)) },
		CheckDelay: u.CheckDelay,
		// The UI's timers, which tests fire when they choose (a real
		// timer's fyne.Do would touch the UI from its own goroutine).
		AfterFunc: func(d time.Duration, f func()) func() { return u.afterFunc(d, f) },
		LargePlan: largePlan,
	})
	m.sync()
	m.OnReset(m.sync)
	m.OnChange(m.sync)
	m.OnChecked(m.sync)
	m.OnInvalid(m.sync)
	return m
}

// sync brings the mirrors up to date and resolves the profile when the plan
// names another.
func (m *planModel) sync() {
	m.p = m.Plan()
	m.dirty = m.Dirty() || m.SaveBlocked() != ""
	m.base = m.Base()
	m.counts = m.Counts()
	if m.p.Profile != m.profID || m.prof == nil {
		m.profID = m.p.Profile
		m.prof = m.ui.profileFor(m.profID)
	}
}

// profileFor looks up a profile by id: a built-in one or a stored one. A
// profile that is not there is the default, which is what the store checks
// against when it saves.
func (u *UI) profileFor(id string) *planner.Profile {
	prof, err := storage.ResolvePlanProfile(context.Background(), u.store, id, nil)
	if err != nil {
		return seeds.DefaultProfile()
	}
	return prof
}

// saved records a save of edit count gen as revision rev (see
// edit.Session.Saved) and reports whether the plan is clean now.
func (m *planModel) saved(gen uint64, id string, rev int64) bool {
	clean := m.Saved(gen, id, rev)
	m.sync()
	return clean
}

// forces is planner.TallyForces of the plan as it is now, counted once per
// edit for every screen that shows it.
func (m *planModel) forces(scope planner.ForceScope) planner.ForceTotals {
	if t, ok := m.tallies[scope]; ok && t.gen == m.Gen() && t.plan == m.Plan() {
		return t.totals
	}
	if m.tallies == nil {
		m.tallies = map[planner.ForceScope]tally{}
	}
	t := tally{m.Plan(), m.Gen(), planner.TallyForces(m.Plan(), scope)}
	m.tallies[scope] = t
	return t.totals
}

// canUndo and canRedo tell the Edit menu whether undo and redo can go.
func (m *planModel) canUndo() bool { return m.CanUndo() }
func (m *planModel) canRedo() bool { return m.CanRedo() }

// redLineIndex is the position of the first red line with that id, or -1.
func (m *planModel) redLineIndex(id string) int { return edit.Index(m.Session, edit.RedLines, id) }

// blocked says why the plan cannot be saved now and which field to fix
// first ("1 field needs fixing — Personnel of c-gb-rrf"), or "".
func (m *planModel) blocked() string {
	why := m.SaveBlocked()
	if why == "" {
		return ""
	}
	return why + " — " + m.invalidName(m.Invalid()[0])
}

// invalidName names an invalid field for the status line in words:
// "Personnel of contribution “United Kingdom, rapid reaction”", "Title of
// the plan".
func (m *planModel) invalidName(v edit.Invalid) string {
	if v.Subject == "" {
		return v.Field + " of the plan"
	}
	return fmt.Sprintf("%s of %s", v.Field, planner.EntityName(m.Plan(), m.ui.cat, v.Subject))
}

// snapshot copies the plan's top-level lists (edit.Snapshot): a whole state
// another goroutine may read.
func snapshot(p *planner.Plan) *planner.Plan { return edit.Snapshot(p) }
