package planner

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// OutcomeStatus is what happened to a response when its red line was crossed.
type OutcomeStatus string

const (
	// Fired: an automatic link; the response takes effect after its hours to effect.
	Fired OutcomeStatus = "fired"
	// Decision: a consultation link; the coalition must decide.
	Decision OutcomeStatus = "decision"
	// Blocked: the response cannot happen; Reason says why.
	Blocked OutcomeStatus = "blocked"
)

// Outcome is one response's result at one crossing.
type Outcome struct {
	RedLine  string        `json:"red_line"`
	Response string        `json:"response"`
	Status   OutcomeStatus `json:"status"`
	// Reason is "ceasefire", "declined:ID" or "inactive:ID" for a blocked
	// response, "" otherwise.
	Reason string `json:"reason"`
	// EffectiveAtHours is when a fired response takes effect; nil otherwise.
	EffectiveAtHours *float64 `json:"effective_at_hours"`
}

// Event is what one inject did.
type Event struct {
	Inject  string  `json:"inject"`
	AtHours float64 `json:"at_hours"`
	// Phase is the phase in force after the inject.
	Phase     Phase     `json:"phase"`
	Crossed   []string  `json:"crossed"`
	Responses []Outcome `json:"responses"`
}

// ExerciseSummary totals a run.
type ExerciseSummary struct {
	Injects  int `json:"injects"`
	Crossed  int `json:"crossed"`
	Fired    int `json:"fired"`
	Decision int `json:"decision"`
	Blocked  int `json:"blocked"`
}

// ExerciseResult is a whole run, as `redlinectl exercise --format json` prints it.
type ExerciseResult struct {
	Plan    string          `json:"plan"`
	Events  []Event         `json:"events"`
	Summary ExerciseSummary `json:"summary"`
}

// ReferenceError refuses to run a plan whose references do not resolve; it
// carries the invalid-reference findings to fix.
type ReferenceError struct {
	Findings []Finding
}

func (e *ReferenceError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the plan has %d invalid %s and cannot be run; fix %s first:",
		len(e.Findings), plural(len(e.Findings), "reference", "references"), plural(len(e.Findings), "it", "them"))
	for _, f := range e.Findings {
		b.WriteString("\n  ")
		b.WriteString(f.Subject)
		b.WriteString(": ")
		b.WriteString(f.Message)
	}
	return b.String()
}

// InvalidReferences returns the invalid-reference findings of a plan
// whatever the profile says of that rule: a plan with any cannot be run.
func InvalidReferences(p *Plan, cat *Catalog) []Finding {
	c := newChecker(p, cat, nil)
	c.references()
	sort.Slice(c.out, func(i, j int) bool { return c.out[i].Subject < c.out[j].Subject })
	return c.out
}

// Exercise plays a plan's injects in order, one step at a time, and can step
// back. Each step costs only that inject's work: what a response's outcome
// depends on (its trigger, its time to effect, why it is blocked in war and
// in peace) is worked out once, when the exercise is prepared.
type Exercise struct {
	plan  *Plan
	order []int // inject indices in run order
	pos   int   // injects played
	phase Phase
	armed []bool // by red-line index

	byIndicator map[string][]int // red lines that can cross, by indicator, plan order
	// Each red line's links, in link order, stored contiguously by red line
	// so that a crossing reads one run of memory: red line i's links are
	// links[linkFrom[i]:linkFrom[i+1]].
	links    []linkPlan
	linkFrom []int32

	// The undo journal: the phase before each step, and where the step's
	// flipped red lines start in flips.
	undo  []stepUndo
	flips []int

	// Events share these slabs, so a step allocates nothing in the
	// common case.
	outSlab   []Outcome
	hoursSlab []float64
	idSlab    []string
}

type stepUndo struct {
	phase     Phase
	flipsFrom int
}

// linkPlan is a link with everything its outcome depends on.
type linkPlan struct {
	redLine, response string
	automatic         bool
	hours             float64
	// Why the response is blocked in war and in any other phase; "" when
	// it is not.
	blockedWar, blockedPeace string
}

const slabSize = 4096

// NewExercise prepares a run of the plan's injects. It refuses a plan with
// invalid references with a *ReferenceError.
func NewExercise(p *Plan, cat *Catalog) (*Exercise, error) {
	if bad := InvalidReferences(p, cat); len(bad) > 0 {
		return nil, &ReferenceError{Findings: bad}
	}
	e := &Exercise{
		plan:        p,
		order:       PlayOrder(p.Injects),
		phase:       p.Phase,
		armed:       make([]bool, len(p.RedLines)),
		byIndicator: make(map[string][]int),
		linkFrom:    make([]int32, len(p.RedLines)+1),
		links:       make([]linkPlan, 0, len(p.Links)),
		undo:        make([]stepUndo, 0, len(p.Injects)),
	}
	responses := make(map[string]*Response, len(p.Responses))
	for i := range p.Responses {
		if _, dup := responses[p.Responses[i].ID]; !dup {
			responses[p.Responses[i].ID] = &p.Responses[i]
		}
	}
	contributions := make(map[string]*Contribution, len(p.Contributions))
	for i := range p.Contributions {
		if _, dup := contributions[p.Contributions[i].ID]; !dup {
			contributions[p.Contributions[i].ID] = &p.Contributions[i]
		}
	}
	// Blocked reasons depend only on the response and on war or not.
	type blocked struct{ war, peace string }
	reasons := make(map[string]blocked, len(responses))
	linksByRL := make(map[string][]int32, len(p.RedLines))
	for i, l := range p.Links {
		linksByRL[l.RedLine] = append(linksByRL[l.RedLine], int32(i))
	}
	for i := range p.RedLines {
		e.armed[i] = true
		r := &p.RedLines[i]
		if r.Indicator != "" && r.Threshold != nil {
			e.byIndicator[r.Indicator] = append(e.byIndicator[r.Indicator], i)
		}
		e.linkFrom[i] = int32(len(e.links))
		for _, li := range linksByRL[r.ID] {
			l := &p.Links[li]
			resp := responses[l.Response]
			why, ok := reasons[l.Response]
			if !ok {
				why = blocked{blockedReason(resp, contributions, true), blockedReason(resp, contributions, false)}
				reasons[l.Response] = why
			}
			e.links = append(e.links, linkPlan{
				redLine: l.RedLine, response: l.Response,
				automatic:  l.Trigger == TriggerAutomatic,
				hours:      resp.HoursToEffect,
				blockedWar: why.war, blockedPeace: why.peace,
			})
		}
	}
	e.linkFrom[len(p.RedLines)] = int32(len(e.links))
	return e, nil
}

// blockedReason says why a response cannot happen, in the order
// exercise.md gives, or "" when it can.
func blockedReason(r *Response, contributions map[string]*Contribution, war bool) string {
	if war {
		for _, req := range r.Requires {
			if req == RequiresCeasefire {
				return "ceasefire"
			}
		}
	}
	for _, id := range r.Uses {
		if k := contributions[id]; k != nil && k.Status == StatusDeclined {
			return "declined:" + id
		}
	}
	if war {
		for _, id := range r.Uses {
			if k := contributions[id]; k != nil && k.Activation == ActivationCeasefire {
				return "inactive:" + id
			}
		}
	}
	return ""
}

// Len is the number of injects in the script.
func (e *Exercise) Len() int { return len(e.order) }

// Pos is the number of injects played so far.
func (e *Exercise) Pos() int { return e.pos }

// Phase is the phase in force now.
func (e *Exercise) Phase() Phase { return e.phase }

// Armed reports whether the red line at index i can be crossed now.
func (e *Exercise) Armed(i int) bool { return e.armed[i] }

// Next returns the inject the next Step plays, in run order.
func (e *Exercise) Next() (*Inject, bool) {
	if e.pos >= len(e.order) {
		return nil, false
	}
	return &e.plan.Injects[e.order[e.pos]], true
}

// Order returns the injects' indices in run order (by at_hours, ties in
// file order).
func (e *Exercise) Order() []int { return e.order }

// Step plays the next inject. ok is false when the script is over.
func (e *Exercise) Step() (ev Event, ok bool) {
	if e.pos >= len(e.order) {
		return Event{}, false
	}
	in := &e.plan.Injects[e.order[e.pos]]
	e.pos++
	e.undo = append(e.undo, stepUndo{phase: e.phase, flipsFrom: len(e.flips)})
	if in.Phase != "" {
		e.phase = in.Phase
	}
	ev = Event{Inject: in.ID, AtHours: in.AtHours, Phase: e.phase}

	// The last observation of an indicator in the inject counts.
	var crossedBuf [16]int
	crossed := crossedBuf[:0]
	for k, ob := range in.Observations {
		if laterObservation(in.Observations, k) {
			continue
		}
		for _, i := range e.byIndicator[ob.Indicator] {
			holds := e.plan.RedLines[i].Threshold.Holds(ob.Value)
			switch {
			case holds && e.armed[i]:
				e.armed[i] = false
				e.flips = append(e.flips, i)
				crossed = append(crossed, i)
			case !holds && !e.armed[i]:
				e.armed[i] = true
				e.flips = append(e.flips, i)
			}
		}
	}
	sort.Ints(crossed)
	n := 0
	for _, i := range crossed {
		n += int(e.linkFrom[i+1] - e.linkFrom[i])
	}
	ev.Crossed = e.ids(len(crossed))
	ev.Responses = e.outcomes(n)
	war := e.phase == PhaseWar
	for _, i := range crossed {
		ev.Crossed = append(ev.Crossed, e.plan.RedLines[i].ID)
		for li := e.linkFrom[i]; li < e.linkFrom[i+1]; li++ {
			ev.Responses = ev.Responses[:len(ev.Responses)+1]
			e.outcome(&ev.Responses[len(ev.Responses)-1], in, &e.links[li], war)
		}
	}
	return ev, true
}

// ids returns an empty slice with room for n ids, from the slab.
func (e *Exercise) ids(n int) []string {
	if n == 0 {
		return []string{} // not nil: JSON shows an empty list
	}
	if cap(e.idSlab)-len(e.idSlab) < n {
		e.idSlab = make([]string, 0, max(n, slabSize))
	}
	s := e.idSlab[len(e.idSlab) : len(e.idSlab) : len(e.idSlab)+n]
	e.idSlab = e.idSlab[:len(e.idSlab)+n]
	return s
}

// outcomes returns an empty slice with room for n outcomes, from the slab.
func (e *Exercise) outcomes(n int) []Outcome {
	if n == 0 {
		return []Outcome{}
	}
	if cap(e.outSlab)-len(e.outSlab) < n {
		e.outSlab = make([]Outcome, 0, max(n, slabSize))
	}
	s := e.outSlab[len(e.outSlab) : len(e.outSlab) : len(e.outSlab)+n]
	e.outSlab = e.outSlab[:len(e.outSlab)+n]
	return s
}

// hoursAt returns a pointer to a slab cell holding h.
func (e *Exercise) hoursAt(h float64) *float64 {
	if len(e.hoursSlab) == cap(e.hoursSlab) {
		e.hoursSlab = make([]float64, 0, slabSize)
	}
	e.hoursSlab = append(e.hoursSlab, h)
	return &e.hoursSlab[len(e.hoursSlab)-1]
}

// laterObservation reports whether an observation after k reads the same
// indicator.
func laterObservation(obs []Observation, k int) bool {
	for j := k + 1; j < len(obs); j++ {
		if obs[j].Indicator == obs[k].Indicator {
			return true
		}
	}
	return false
}

// Back undoes the last Step. ok is false at the start of the script.
func (e *Exercise) Back() bool {
	if e.pos == 0 {
		return false
	}
	u := e.undo[len(e.undo)-1]
	e.undo = e.undo[:len(e.undo)-1]
	e.pos--
	e.phase = u.phase
	for _, i := range e.flips[u.flipsFrom:] {
		e.armed[i] = !e.armed[i]
	}
	e.flips = e.flips[:u.flipsFrom]
	return true
}

// outcome fills o, a zero Outcome, with what the link's response does.
func (e *Exercise) outcome(o *Outcome, in *Inject, l *linkPlan, war bool) {
	o.RedLine, o.Response = l.redLine, l.response
	reason := l.blockedPeace
	if war {
		reason = l.blockedWar
	}
	switch {
	case reason != "":
		o.Status, o.Reason = Blocked, reason
	case l.automatic:
		at := in.AtHours + l.hours
		if math.IsInf(at, 1) {
			// Both are finite, but their sum may not be; JSON has no
			// infinity, so keep the result printable.
			at = math.MaxFloat64
		}
		o.Status, o.EffectiveAtHours = Fired, e.hoursAt(at)
	default:
		o.Status = Decision
	}
}

// RunExercise plays the whole script.
func RunExercise(p *Plan, cat *Catalog) (*ExerciseResult, error) {
	e, err := NewExercise(p, cat)
	if err != nil {
		return nil, err
	}
	res := &ExerciseResult{Plan: p.Title, Events: make([]Event, 0, e.Len())}
	for {
		ev, ok := e.Step()
		if !ok {
			break
		}
		res.Summary.add(&ev)
		res.Events = append(res.Events, ev)
	}
	return res, nil
}

// Summarize totals the events of a run, or of the part of it played so far.
func Summarize(events []Event) ExerciseSummary {
	var s ExerciseSummary
	for i := range events {
		s.add(&events[i])
	}
	return s
}

func (s *ExerciseSummary) add(ev *Event) {
	s.Injects++
	s.Crossed += len(ev.Crossed)
	for _, o := range ev.Responses {
		switch o.Status {
		case Fired:
			s.Fired++
		case Decision:
			s.Decision++
		case Blocked:
			s.Blocked++
		}
	}
}
