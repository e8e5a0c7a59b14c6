// Package edit is the plan being edited, without a window: the plan, the
// revision it was loaded at, its operations (add, delete with links, rename
// with references, move, replace an entity), undo and redo, whether it has
// unsaved edits, the fields that hold text the plan cannot take yet, and the
// checker's findings, kept current off the UI goroutine for large plans.
//
// The app's screens are widgets over a Session: they read Plan() and call
// operations; they never change the plan themselves. Everything here runs on
// one goroutine (the UI's); background work hands its result back through
// the Post function the caller injects (fyne.Do in the app), so a Session
// can be driven and tested without Fyne.
//
// Copy-on-write: an operation replaces entities and top-level lists and
// never writes through an entity's nested lists or pointers, so a snapshot
// (a copy of the top-level lists) is a whole state that undo can restore and
// a background checker can read while the user goes on typing.
package edit

import (
	"fmt"
	"slices"
	"time"

	"redline/planner"
)

// Options are what a Session needs from its surroundings. Zero values work
// for tests: the clock is time.Now, Post and Go call the function at once.
type Options struct {
	// Now is the clock; undo merges edits that follow each other closely.
	Now func() time.Time
	// Post runs f on the goroutine that owns the Session (fyne.Do).
	Post func(f func())
	// Go runs f in the background.
	Go func(f func())
	// Check returns the checker's findings for a plan, with the plan's
	// catalogue and profile; nil means no findings are kept.
	Check func(*planner.Plan) []planner.Finding
	// CheckDelay is the pause in editing after which the checker runs; zero
	// checks after every edit, at once.
	CheckDelay time.Duration
	// AfterFunc runs f on another goroutine after d and returns what stops
	// it (the pause before a check; f then Posts the check). nil is
	// time.AfterFunc; tests pass one whose timers fire when they say.
	AfterFunc func(d time.Duration, f func()) (stop func())
	// LargePlan is the number of entities above which the checker runs in
	// the background rather than on the caller's goroutine.
	LargePlan int
}

// Part names a part of a plan that an edit can touch, so that a screen can
// skip the work an edit cannot affect (Touched): typing in a contribution
// need not redraw the matrix.
type Part uint8

// The parts of a plan.
const (
	// PartPlan is the plan's own fields: title, classification, phase,
	// profile.
	PartPlan Part = 1 << iota
	PartRedLines
	PartResponses
	PartContributions
	PartLinks
	PartTerms
	PartInjects
	// PartSources is the plan's own sources (not what entries cite, which
	// is part of each entry).
	PartSources
	// PartAll is every part: the plan was replaced (undo, redo, Replace).
	PartAll Part = 1<<iota - 1
)

// Has reports whether p includes any of q.
func (p Part) Has(q Part) bool { return p&q != 0 }

// UndoCoalesce is the pause that ends an undo step: an edit within it of
// the previous one replaces that step instead of adding one, so that Ctrl+Z
// takes back a word or a burst of typing, not a letter. Only edits that keep
// the plan's shape merge: adding or deleting an entity or a link is always a
// step of its own.
const UndoCoalesce = 600 * time.Millisecond

// MaxHistory bounds the undo steps kept.
const MaxHistory = 500

// Session is one plan being edited.
type Session struct {
	opt  Options
	plan *planner.Plan
	base int64
	// dirty is true while the plan has edits that are not stored.
	dirty bool
	// fresh holds the ids of entities added since the last save: only they
	// may change their id, since nothing outside the plan refers to them.
	fresh map[string]bool
	// gen counts edits; a check or save result for an older gen is stale.
	gen uint64

	history  []*planner.Plan
	at       int
	lastEdit time.Time

	invalid []Invalid
	// touched is what the edit being announced changed (Touched).
	touched Part

	findings []planner.Finding
	counts   planner.Counts
	// stopTimer stops the pending pause before a check; nil when none.
	stopTimer func()

	onChange, onReset, onChecked, onInvalid []func()
}

// Invalid is a field whose text the plan cannot take: the plan keeps its
// last good value, and saving waits until the field is fixed or reverted.
type Invalid struct {
	// Subject is the entity the field belongs to (its id), "" for the plan.
	Subject string
	// Field names the field as the form labels it ("Personnel").
	Field string
	// Message says what is wrong, beside the field.
	Message string
	// Text is what the field holds, so that a form that shows the entity
	// again shows the text the plan could not take, not the value it kept.
	Text string
}

// New starts editing p, stored at revision base (0 for a plan never saved,
// which is unsaved from the start).
func New(p *planner.Plan, base int64, opt Options) *Session {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Post == nil {
		opt.Post = func(f func()) { f() }
	}
	if opt.Go == nil {
		opt.Go = func(f func()) { go f() }
	}
	if opt.AfterFunc == nil {
		opt.AfterFunc = func(d time.Duration, f func()) func() {
			t := time.AfterFunc(d, f)
			return func() { t.Stop() }
		}
	}
	s := &Session{opt: opt, plan: p, base: base, dirty: base == 0, fresh: map[string]bool{}}
	s.history = []*planner.Plan{Snapshot(p)}
	if opt.Check != nil {
		s.setFindings(opt.Check(p))
	}
	return s
}

// Plan is the plan as edited now. Read it; change it only through the
// Session's operations.
func (s *Session) Plan() *planner.Plan { return s.plan }

// Base is the stored revision the edits apply to; 0 for a plan never saved.
func (s *Session) Base() int64 { return s.base }

// Dirty reports whether the plan has edits that are not stored.
func (s *Session) Dirty() bool { return s.dirty }

// Gen counts edits: a result computed for an older Gen is stale.
func (s *Session) Gen() uint64 { return s.gen }

// Fresh reports whether the entity with that id was added since the last
// save, and so may still change its id.
func (s *Session) Fresh(id string) bool { return s.fresh[id] }

// Findings are the checker's findings for the plan as last checked, and
// Counts their counts by severity.
func (s *Session) Findings() []planner.Finding { return s.findings }
func (s *Session) Counts() planner.Counts      { return s.counts }

// FindingsAbout returns the findings whose subject is id.
func (s *Session) FindingsAbout(id string) []planner.Finding {
	var out []planner.Finding
	for _, f := range s.findings {
		if f.Subject == id {
			out = append(out, f)
		}
	}
	return out
}

// OnChange registers f to run after every edit, undo and redo; OnReset
// after the plan was replaced as a whole (undo, redo), before OnChange, so
// that every form reloads its fields; OnChecked after new findings arrive;
// OnInvalid when the set of invalid fields changes.
func (s *Session) OnChange(f func())  { s.onChange = append(s.onChange, f) }
func (s *Session) OnReset(f func())   { s.onReset = append(s.onReset, f) }
func (s *Session) OnChecked(f func()) { s.onChecked = append(s.onChecked, f) }
func (s *Session) OnInvalid(f func()) { s.onInvalid = append(s.onInvalid, f) }

// Snapshot copies the plan's top-level lists: under copy-on-write, a whole
// state that another goroutine may read and undo may restore.
func Snapshot(p *planner.Plan) *planner.Plan {
	c := *p
	c.Actors = slices.Clone(p.Actors)
	c.Indicators = slices.Clone(p.Indicators)
	c.RedLines = slices.Clone(p.RedLines)
	c.Responses = slices.Clone(p.Responses)
	c.Contributions = slices.Clone(p.Contributions)
	c.Links = slices.Clone(p.Links)
	c.Terms = slices.Clone(p.Terms)
	c.Injects = slices.Clone(p.Injects)
	c.Sources = slices.Clone(p.Sources)
	return &c
}

// refill makes the kept state h a snapshot of p in the lists h already
// has: a keystroke merged into the last undo step copies the plan without
// allocating it again. h and p have the same shape (sameShape), and no one
// but the history holds h (restore copies what it takes from it).
func refill(h, p *planner.Plan) {
	lists := *h
	*h = *p
	h.Actors = append(lists.Actors[:0], p.Actors...)
	h.Indicators = append(lists.Indicators[:0], p.Indicators...)
	h.RedLines = append(lists.RedLines[:0], p.RedLines...)
	h.Responses = append(lists.Responses[:0], p.Responses...)
	h.Contributions = append(lists.Contributions[:0], p.Contributions...)
	h.Links = append(lists.Links[:0], p.Links...)
	h.Terms = append(lists.Terms[:0], p.Terms...)
	h.Injects = append(lists.Injects[:0], p.Injects...)
	h.Sources = append(lists.Sources[:0], p.Sources...)
}

// Size is the number of entities in a plan, the checker's work.
func Size(p *planner.Plan) int {
	return len(p.RedLines) + len(p.Responses) + len(p.Contributions) + len(p.Links) + len(p.Terms) + len(p.Injects)
}

// sameShape reports whether two plans have as many entities of each kind.
func sameShape(a, b *planner.Plan) bool {
	return len(a.Actors) == len(b.Actors) && len(a.Indicators) == len(b.Indicators) &&
		len(a.RedLines) == len(b.RedLines) && len(a.Responses) == len(b.Responses) &&
		len(a.Contributions) == len(b.Contributions) && len(a.Links) == len(b.Links) &&
		len(a.Terms) == len(b.Terms) && len(a.Injects) == len(b.Injects) && len(a.Sources) == len(b.Sources)
}

// changed records an edit of part: the plan is dirty, listeners run and a
// check is scheduled.
func (s *Session) changed(part Part) {
	s.record()
	s.notify(part)
}

// Touched is what the edit being announced changed; OnChange listeners
// read it to skip work the edit cannot affect.
func (s *Session) Touched() Part { return s.touched }

func (s *Session) notify(part Part) {
	s.dirty = true
	s.touched = part
	s.gen++
	for _, f := range s.onChange {
		f()
	}
	s.scheduleCheck()
}

// record pushes the plan as it is now onto the undo history, dropping the
// states that redo would have reached.
func (s *Session) record() {
	now := s.opt.Now()
	s.history = s.history[:s.at+1]
	if s.at > 0 && !s.lastEdit.IsZero() && now.Sub(s.lastEdit) < UndoCoalesce && sameShape(s.history[s.at], s.plan) {
		refill(s.history[s.at], s.plan)
	} else {
		s.history = append(s.history, Snapshot(s.plan))
		s.at++
		if len(s.history) > MaxHistory {
			s.history = slices.Delete(s.history, 0, len(s.history)-MaxHistory)
			s.at = len(s.history) - 1
		}
	}
	s.lastEdit = now
}

// step ends the current undo step: the next edit starts a new one however
// soon it comes. Adding and deleting call it, so that they are never merged
// with the typing around them.
func (s *Session) step() { s.lastEdit = time.Time{} }

// State returns the i-th state the undo history keeps, oldest first: for
// tests and diagnostics, which must not change it.
func (s *Session) State(i int) *planner.Plan { return s.history[i] }

// CanUndo and CanRedo report whether Undo and Redo have a state to go to.
func (s *Session) CanUndo() bool { return s.at > 0 }
func (s *Session) CanRedo() bool { return s.at < len(s.history)-1 }

// Undo restores the state before the last edit; false when there is none.
func (s *Session) Undo() bool {
	if !s.CanUndo() {
		return false
	}
	s.restore(s.at - 1)
	return true
}

// Redo restores the state Undo left; false when there is none.
func (s *Session) Redo() bool {
	if !s.CanRedo() {
		return false
	}
	s.restore(s.at + 1)
	return true
}

// restore makes history[i] the plan, as a fresh copy so that edits never
// touch a kept state. The plan keeps its id: a new plan gets it at its first
// save, and undoing past that save must not make the next save create a
// second plan. Invalid fields are forgotten: every form reloads its values.
func (s *Session) restore(i int) {
	id := s.plan.ID
	s.at = i
	s.lastEdit = time.Time{}
	s.plan = Snapshot(s.history[i])
	s.plan.ID = id
	s.clearInvalid()
	for _, f := range s.onReset {
		f()
	}
	s.notify(PartAll)
}

// Replace makes p the plan (a profile change, a reload): one undo step.
func (s *Session) Replace(p *planner.Plan) {
	p.ID = s.plan.ID
	s.plan = p
	s.step()
	s.record()
	s.step()
	s.clearInvalid()
	for _, f := range s.onReset {
		f()
	}
	s.notify(PartAll)
}

// SaveBlocked says why the plan cannot be saved now ("1 field needs
// fixing"), or "" when it can.
func (s *Session) SaveBlocked() string {
	switch n := len(s.invalid); n {
	case 0:
		return ""
	case 1:
		return "1 field needs fixing"
	default:
		return fmt.Sprintf("%d fields need fixing", n)
	}
}

// Invalid lists the fields whose text the plan cannot take, in the order
// they went wrong.
func (s *Session) Invalid() []Invalid { return s.invalid }

// SetInvalid records that a field holds text the plan cannot take (msg), or
// that it no longer does (msg ""). While any field is invalid, SaveBlocked
// says so: saving then would store a value the field does not show.
func (s *Session) SetInvalid(subject, field, msg string) { s.SetInvalidText(subject, field, "", msg) }

// SetInvalidText is SetInvalid that also keeps what the field holds, so
// that the form shows it again when it shows the entity again (InvalidField).
func (s *Session) SetInvalidText(subject, field, text, msg string) {
	i := slices.IndexFunc(s.invalid, func(v Invalid) bool { return v.Subject == subject && v.Field == field })
	switch {
	case msg == "" && i < 0:
		return
	case msg == "":
		s.invalid = slices.Delete(s.invalid, i, i+1)
	case i >= 0:
		s.invalid[i].Text = text
		if s.invalid[i].Message == msg {
			return
		}
		s.invalid[i].Message = msg
	default:
		s.invalid = append(s.invalid, Invalid{Subject: subject, Field: field, Message: msg, Text: text})
	}
	s.announceInvalid()
}

// InvalidField returns the record of a field that holds text the plan
// cannot take, if it does.
func (s *Session) InvalidField(subject, field string) (Invalid, bool) {
	i := slices.IndexFunc(s.invalid, func(v Invalid) bool { return v.Subject == subject && v.Field == field })
	if i < 0 {
		return Invalid{}, false
	}
	return s.invalid[i], true
}

func (s *Session) announceInvalid() {
	for _, f := range s.onInvalid {
		f()
	}
}

// ClearInvalidAbout forgets the invalid fields of one entity (it was
// deleted, or its form reloaded from the plan).
func (s *Session) ClearInvalidAbout(subject string) {
	n := len(s.invalid)
	s.invalid = slices.DeleteFunc(s.invalid, func(v Invalid) bool { return v.Subject == subject })
	if len(s.invalid) != n {
		s.announceInvalid()
	}
}

// renameInvalid moves the invalid fields of an entity to its new id.
func (s *Session) renameInvalid(old, id string) {
	for i := range s.invalid {
		if s.invalid[i].Subject == old {
			s.invalid[i].Subject = id
		}
	}
}

func (s *Session) clearInvalid() {
	if len(s.invalid) == 0 {
		return
	}
	s.invalid = nil
	s.announceInvalid()
}

// Saving returns what to store and the edit count it holds; pass the count
// to Saved when the store has taken it.
func (s *Session) Saving() (*planner.Plan, uint64) { return Snapshot(s.plan), s.gen }

// Saved records that the store took the plan of edit count gen as revision
// rev, under id (a new plan gets its id at its first save). The plan stays
// dirty when edits came in meanwhile; it reports whether it is clean now.
func (s *Session) Saved(gen uint64, id string, rev int64) bool {
	s.plan.ID = id
	s.base = rev
	clear(s.fresh)
	if gen == s.gen {
		s.dirty = false
	}
	return !s.dirty
}

// Rebase makes a stored revision the base of the edits (keep mine after a
// conflict): the next save goes on top of it.
func (s *Session) Rebase(rev int64) { s.base = rev }

// Close stops a pending check and drops the history; the plan is no longer
// edited.
func (s *Session) Close() {
	s.history = nil
	s.at = 0
	if s.stopTimer != nil {
		s.stopTimer()
		s.stopTimer = nil
	}
	s.gen++ // drops results still on their way
}

// scheduleCheck runs the checker once editing pauses for CheckDelay.
func (s *Session) scheduleCheck() {
	if s.opt.Check == nil {
		return
	}
	if s.opt.CheckDelay <= 0 {
		s.CheckNow()
		return
	}
	if s.stopTimer != nil {
		s.stopTimer()
	}
	gen := s.gen
	s.stopTimer = s.opt.AfterFunc(s.opt.CheckDelay, func() {
		s.opt.Post(func() {
			if gen == s.gen {
				s.CheckNow()
			}
		})
	})
}

// CheckNow runs the checker: on this goroutine for a small plan, in the
// background for a large one, whose result is dropped if the plan changed
// meanwhile.
func (s *Session) CheckNow() {
	if s.opt.Check == nil {
		return
	}
	if s.stopTimer != nil {
		s.stopTimer()
		s.stopTimer = nil
	}
	if Size(s.plan) < s.opt.LargePlan || s.opt.LargePlan <= 0 {
		s.setFindings(s.opt.Check(s.plan))
		s.announceChecked()
		return
	}
	// The checker is taken here: SetCheck may replace it while this one runs.
	gen, snap, check := s.gen, Snapshot(s.plan), s.opt.Check
	s.opt.Go(func() {
		f := check(snap)
		s.opt.Post(func() {
			if gen == s.gen {
				s.setFindings(f)
				s.announceChecked()
			}
		})
	})
}

// SetCheck replaces the checker (the plan's profile changed) and checks.
func (s *Session) SetCheck(check func(*planner.Plan) []planner.Finding) {
	s.opt.Check = check
	s.CheckNow()
}

func (s *Session) setFindings(f []planner.Finding) {
	s.findings = f
	s.counts = planner.Count(f)
}

func (s *Session) announceChecked() {
	for _, f := range s.onChecked {
		f()
	}
}
