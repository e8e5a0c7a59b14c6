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
// back. Each step costs only that inject's work.
type Exercise struct {
	plan  *Plan
	order []int // inject indices in run order
	pos   int   // injects played
	phase Phase
	armed []bool // by red-line index

	byIndicator   map[string][]int // red lines (that can cross) by indicator, plan order
	linksByRL     map[string][]int // link indices by red line id, link order
	responses     map[string]*Response
	contributions map[string]*Contribution

	undo []stepUndo
}

type stepUndo struct {
	phase   Phase
	flipped []int
}

// NewExercise prepares a run of the plan's injects. It refuses a plan with
// invalid references with a *ReferenceError.
func NewExercise(p *Plan, cat *Catalog) (*Exercise, error) {
	if bad := InvalidReferences(p, cat); len(bad) > 0 {
		return nil, &ReferenceError{Findings: bad}
	}
	e := &Exercise{
		plan:          p,
		order:         make([]int, len(p.Injects)),
		phase:         p.Phase,
		armed:         make([]bool, len(p.RedLines)),
		byIndicator:   make(map[string][]int),
		linksByRL:     make(map[string][]int, len(p.RedLines)),
		responses:     make(map[string]*Response, len(p.Responses)),
		contributions: make(map[string]*Contribution, len(p.Contributions)),
	}
	for i := range e.order {
		e.order[i] = i
	}
	sort.SliceStable(e.order, func(a, b int) bool {
		return p.Injects[e.order[a]].AtHours < p.Injects[e.order[b]].AtHours
	})
	for i := range p.RedLines {
		e.armed[i] = true
		r := &p.RedLines[i]
		if r.Indicator != "" && r.Threshold != nil {
			e.byIndicator[r.Indicator] = append(e.byIndicator[r.Indicator], i)
		}
	}
	for i, l := range p.Links {
		e.linksByRL[l.RedLine] = append(e.linksByRL[l.RedLine], i)
	}
	for i := range p.Responses {
		if _, dup := e.responses[p.Responses[i].ID]; !dup {
			e.responses[p.Responses[i].ID] = &p.Responses[i]
		}
	}
	for i := range p.Contributions {
		if _, dup := e.contributions[p.Contributions[i].ID]; !dup {
			e.contributions[p.Contributions[i].ID] = &p.Contributions[i]
		}
	}
	return e, nil
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
	u := stepUndo{phase: e.phase}
	if in.Phase != "" {
		e.phase = in.Phase
	}
	ev = Event{Inject: in.ID, AtHours: in.AtHours, Phase: e.phase, Crossed: []string{}, Responses: []Outcome{}}

	// The last observation of an indicator in the inject counts.
	var crossed []int
	for k, ob := range in.Observations {
		if laterObservation(in.Observations, k) {
			continue
		}
		for _, i := range e.byIndicator[ob.Indicator] {
			holds := e.plan.RedLines[i].Threshold.Holds(ob.Value)
			switch {
			case holds && e.armed[i]:
				e.armed[i] = false
				u.flipped = append(u.flipped, i)
				crossed = append(crossed, i)
			case !holds && !e.armed[i]:
				e.armed[i] = true
				u.flipped = append(u.flipped, i)
			}
		}
	}
	e.undo = append(e.undo, u)
	sort.Ints(crossed)
	for _, i := range crossed {
		rl := &e.plan.RedLines[i]
		ev.Crossed = append(ev.Crossed, rl.ID)
		for _, li := range e.linksByRL[rl.ID] {
			ev.Responses = append(ev.Responses, e.outcome(in, &e.plan.Links[li]))
		}
	}
	return ev, true
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
	for _, i := range u.flipped {
		e.armed[i] = !e.armed[i]
	}
	return true
}

func (e *Exercise) outcome(in *Inject, l *Link) Outcome {
	o := Outcome{RedLine: l.RedLine, Response: l.Response}
	r := e.responses[l.Response]
	if reason := e.blocked(r); reason != "" {
		o.Status, o.Reason = Blocked, reason
		return o
	}
	if l.Trigger == TriggerAutomatic {
		at := in.AtHours + r.HoursToEffect
		if math.IsInf(at, 1) {
			// Both are finite, but their sum may not be; JSON has no
			// infinity, so keep the result printable.
			at = math.MaxFloat64
		}
		o.Status, o.EffectiveAtHours = Fired, &at
		return o
	}
	o.Status = Decision
	return o
}

// blocked says why a response cannot happen in the current phase, in the
// order exercise.md gives, or "" when it can.
func (e *Exercise) blocked(r *Response) string {
	war := e.phase == PhaseWar
	if war {
		for _, req := range r.Requires {
			if req == RequiresCeasefire {
				return "ceasefire"
			}
		}
	}
	for _, id := range r.Uses {
		if k := e.contributions[id]; k != nil && k.Status == StatusDeclined {
			return "declined:" + id
		}
	}
	if war {
		for _, id := range r.Uses {
			if k := e.contributions[id]; k != nil && k.Activation == ActivationCeasefire {
				return "inactive:" + id
			}
		}
	}
	return ""
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
