package planner

import (
	"fmt"
	"math"
	"slices"
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
	// Ongoing: the response is already under way (it fired, or a decision
	// on it was approved, before); it is not decided again.
	Ongoing OutcomeStatus = "ongoing"
)

// Outcome is one response's result at one crossing.
type Outcome struct {
	RedLine  string        `json:"red_line"`
	Response string        `json:"response"`
	Status   OutcomeStatus `json:"status"`
	// Reason is "ceasefire", "declined:ID" or "inactive:ID" for a blocked
	// response, "" otherwise.
	Reason string `json:"reason"`
	// EffectiveAtHours is when a fired response takes effect, or when an
	// ongoing one took (or takes) effect the first time; nil otherwise.
	EffectiveAtHours *float64 `json:"effective_at_hours"`
	// Choice is the coalition's recorded choice on a decision outcome
	// (Approved, Rejected, Deferred), "" when none is. It is not part of
	// the JSON output.
	Choice string `json:"-"`
}

// Event is what one inject did.
type Event struct {
	Inject  string  `json:"inject"`
	AtHours float64 `json:"at_hours"`
	// Phase is the phase in force after the inject.
	Phase Phase `json:"phase"`
	// Skipped: a condition of the inject's `when` did not hold, so it did
	// nothing.
	Skipped   bool      `json:"skipped"`
	Crossed   []string  `json:"crossed"`
	Responses []Outcome `json:"responses"`
	// Unmet is, for a skipped inject, the first of its conditions that did
	// not hold (in the plan's inject); nil otherwise. It is not part of the
	// JSON output.
	Unmet *Condition `json:"-"`
}

// ExerciseSummary totals a run. Crossed and the outcome counts are over
// the whole run; Injects counts every inject played, Skipped those skipped.
type ExerciseSummary struct {
	Injects  int `json:"injects"`
	Skipped  int `json:"skipped"`
	Crossed  int `json:"crossed"`
	Fired    int `json:"fired"`
	Decision int `json:"decision"`
	Blocked  int `json:"blocked"`
	Ongoing  int `json:"ongoing"`
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
	ix := indexPlan(p)
	return invalidReferences(p, cat.ForPlan(p), &ix)
}

// invalidReferences is InvalidReferences for a plan already indexed, with
// names the catalogue with its own actors and indicators: the checker's
// rule on references reads only those, and the plan.
func invalidReferences(p *Plan, names *Catalog, ix *planIndex) []Finding {
	c := &checker{p: p, cat: names, seen: map[findingKey]bool{}, planIndex: *ix}
	c.references()
	sort.Slice(c.out, func(i, j int) bool { return c.out[i].Subject < c.out[j].Subject })
	return c.out
}

// Exercise plays a plan's injects in order (exercise.md, Run), one step at
// a time; it can step back, and take the coalition's decisions on the
// responses put to it — also on injects already played, recomputing what
// follows them.
//
// Each step costs only that inject's work: what a response's outcome
// depends on (its trigger, its time to effect, why it is blocked in war and
// in peace) and what each condition asks is worked out once, when the
// exercise is prepared. Played injects are kept compactly (a few bytes an
// outcome) and turned into Events on demand; stepping back undoes a step
// from a journal of what it changed.
type Exercise struct {
	plan  *Plan
	order []int // inject indices in run order
	// stream: forward only, nothing kept of played injects (Step's Event
	// is valid until the next Step).
	stream bool

	// What each inject observes, worked out once: inject i's readings are
	// obs[obsFrom[i]:obsFrom[i+1]] (the last of each indicator, in
	// inject order), each with the thresholds it is held against.
	obs     []obsPlan
	obsFrom []int32
	checks  []rlCheck
	// Each red line's links, in link order, stored contiguously by red line
	// so that a crossing reads one run of memory: red line i's links are
	// links[linkFrom[i]:linkFrom[i+1]].
	links    []linkPlan
	hot      []linkHot // what the outcome depends on, by link, compactly
	linkFrom []int32
	// rlSlot maps a red line index to the index of the first red line with
	// its id: what a condition on the id looks at.
	rlSlot []int32
	// respSlot maps a response id to the index of the first response with
	// it: each response's state is kept there.
	respSlot map[string]int32
	// Conditions, by inject index: inject i's are conds[condFrom[i]:condFrom[i+1]].
	conds    []condPlan
	condFrom []int32
	// asks holds, by response, which outcomes some condition asks about.
	asks []uint8
	// blocked is, by response, why it is blocked (blockedReasons).
	blocked []blockedWhy
	// contributions indexes the first indexed contributions of the plan by
	// id (the plan's own, or those of the plan a replay started from).
	contributions map[string]int32
	indexed       int

	// The state after the injects played so far.
	pos   int
	phase Phase
	armed []bool // by red-line index
	// crossedAt is, by red-line slot, the run position of the inject that
	// first crossed it, -1 while it has not been.
	crossedAt []int32
	resp      []respState // by response slot
	last      []int32     // by response slot: its latest outcome in outs, -1
	// hist holds, by response slot, its state before each step that
	// changed it, in run order: what Back restores, and what a condition
	// of an earlier inject saw.
	hist [][]histEntry
	// histTop is, by response slot, the run position of its latest hist
	// entry, -1 when none: what Back looks at first.
	histTop []int32
	sum     ExerciseSummary
	choices [4]int32 // decision outcomes played: approved, rejected, deferred, open

	// The played injects, in run order, and what each changed (the undo
	// journal). In stream mode only the step being played is kept.
	steps      []stepRec
	crossedIdx []int32 // red-line indices crossed, by step
	outs       []outRec
	flips      []int32 // red lines armed or disarmed, by step
	patchBuf   []int32

	ix          *decideIndex // made when a decision is first changed
	decisions   map[decisionKey]string
	decByInject map[string]int // how many decisions name each inject id

	// Events share these slabs, so a step allocates little. scratch is
	// reused at every step of a stream.
	keep, scratch slabs
}

// linkPlan is a link with everything its outcome depends on.
type linkPlan struct {
	redLine, response string
	resp              int32 // response slot
	automatic         bool
	hours             float64
}

// blockedWhy is why a response is blocked in war and in any other phase;
// "" when it is not.
type blockedWhy struct{ war, peace string }

// linkHot is what a step reads of a link, in few bytes.
type linkHot struct {
	resp      int32
	automatic bool
	// blocked in war and in any other phase
	blockedWar, blockedPeace bool
	hours                    float64
}

// obsPlan is one reading of an inject that counts, with the red lines it
// is held against: checks[from:to].
type obsPlan struct {
	from, to int32
	value    float64
}

// rlCheck is a red line's threshold (Threshold.Holds), ready to compare:
// it holds for the readings from lo to hi, a strict comparison being a
// non-strict one with the next number, so that a step compares without
// asking which comparison it is.
type rlCheck struct {
	rl     int32
	lo, hi float64
}

func newCheck(rl int32, t *Threshold) rlCheck {
	inf := math.Inf(1)
	c := rlCheck{rl: rl, lo: inf, hi: -inf} // holds for none
	switch v := t.Value; t.Op {
	case OpGT:
		if v < inf {
			c.lo, c.hi = math.Nextafter(v, inf), inf
		}
	case OpGE:
		c.lo, c.hi = v, inf
	case OpLT:
		if v > -inf {
			c.lo, c.hi = -inf, math.Nextafter(v, -inf)
		}
	case OpLE:
		c.lo, c.hi = -inf, v
	case OpEQ:
		c.lo, c.hi = v, v
	}
	return c
}

func (c *rlCheck) holds(x float64) bool { return c.lo <= x && x <= c.hi }

// The outcomes a condition can ask about, as bits of respState.flags.
const (
	seenFired uint8 = 1 << iota
	seenBlocked
	seenDecision
	seenApproved
	seenRejected
	seenOngoing // not a flag of respState: under way
)

// condPlan is a condition resolved against the plan.
type condPlan struct {
	redLine bool  // a red line was crossed, else a response's outcome
	ask     uint8 // for a response: the seen* bit asked about; 0 never holds
	slot    int32 // red-line or response slot; -1 when the id names nothing
	not     bool
}

// respState is what the run has done to a response so far. (Its fields
// are in the order that packs them in 24 bytes: a step reads one for each
// of its outcomes.)
type respState struct {
	since      float64 // under way from this time
	effective  float64 // and took (or takes) effect then the first time
	sincePos   int32   // the run position that put it under way
	flags      uint8   // seen* bits
	underWay   bool
	byDecision bool // under way because a decision was approved
}

// histEntry is a response's state before the step at pos changed it.
type histEntry struct {
	pos int32
	old respState
}

// stepRec is one played inject.
type stepRec struct {
	inject      int32
	unmet       int32 // skipped: index of the condition that failed; -1
	skipped     bool
	phase       Phase // after the inject
	phaseBefore Phase
	crossedFrom int32
	outFrom     int32
	flipsFrom   int32
	choices     [4]int32 // its decision outcomes, as e.choices
}

// outRec is one outcome, compactly: the link, what happened, and the
// previous outcome of the same response (so that stepping back restores
// its latest).
type outRec struct {
	link   int32
	prev   int32
	status uint8 // outFired...
	war    bool  // blocked with the link's reason in war
}

const (
	outFired uint8 = iota
	outDecision
	outBlocked
	outOngoing
)

var outStatus = [...]OutcomeStatus{outFired: Fired, outDecision: Decision, outBlocked: Blocked, outOngoing: Ongoing}

// decisionKey is what a decision answers: (inject, red line, response).
type decisionKey struct{ inject, redLine, response string }

const slabSize = 4096

// ExerciseOptions prepare a run.
type ExerciseOptions struct {
	// Decisions are the coalition's choices on decision outcomes, keyed by
	// (inject, red line, response); a later one replaces an earlier one
	// with the same key. A decision that matches no decision outcome of
	// the run is ignored. An empty choice records none.
	Decisions []RunDecision
	// Stream plays forward only and keeps nothing of the injects played,
	// so that memory does not grow with the run: Back and Event are not
	// available, a decision cannot be changed once the run has started,
	// and the Event that Step returns is valid only until the next Step.
	Stream bool
}

// NewExercise prepares a run of the plan's injects, with no decision
// recorded. It refuses a plan with invalid references with a
// *ReferenceError.
func NewExercise(p *Plan, cat *Catalog) (*Exercise, error) {
	return NewExerciseWith(p, cat, ExerciseOptions{})
}

// NewExerciseWith prepares a run of the plan's injects with the options.
// It refuses a plan with invalid references with a *ReferenceError, and a
// decision whose choice is none of Approved, Rejected, Deferred or "".
func NewExerciseWith(p *Plan, cat *Catalog, o ExerciseOptions) (*Exercise, error) {
	ix := indexPlan(p)
	return newExercise(p, cat.ForPlan(p), &ix, o)
}

// newExercise is NewExerciseWith for a plan already indexed, with names the
// catalogue with the plan's own actors and indicators (Catalog.ForPlan).
func newExercise(p *Plan, names *Catalog, ix *planIndex, o ExerciseOptions) (*Exercise, error) {
	if bad := invalidReferences(p, names, ix); len(bad) > 0 {
		return nil, &ReferenceError{Findings: bad}
	}
	return prepare(p, ix, o)
}

// prepare is newExercise but for the check of references, which the
// caller makes (invalidReferences), perhaps while this prepares: a plan
// whose references do not all resolve is prepared without the links that
// name nothing, but must not be played.
func prepare(p *Plan, ix *planIndex, o ExerciseOptions) (*Exercise, error) {
	e := &Exercise{
		plan:          p,
		order:         playOrder(p.Injects),
		rlSlot:        make([]int32, len(p.RedLines)),
		asks:          make([]uint8, len(p.Responses)),
		respSlot:      ix.responses,
		linkFrom:      make([]int32, len(p.RedLines)+1),
		links:         make([]linkPlan, 0, len(p.Links)),
		contributions: ix.contributions, indexed: len(p.Contributions),
	}
	// Each red line's links in link order, by the first red line with its
	// id: links[byRL[k]:byRL[k+1]] for the first, k.
	byRL := make([]int32, len(p.RedLines)+1)
	for _, l := range ix.links {
		if l.ok() {
			byRL[l.redLine+1]++
		}
	}
	for k := 1; k < len(byRL); k++ {
		byRL[k] += byRL[k-1]
	}
	linksByRL := make([]int32, len(p.Links))
	next := slices.Clone(byRL[:len(p.RedLines)])
	for i, l := range ix.links {
		if l.ok() {
			linksByRL[next[l.redLine]] = int32(i)
			next[l.redLine]++
		}
	}
	byIndicator := make(map[string][]int32) // red lines that can cross, plan order
	for i := range p.RedLines {
		r := &p.RedLines[i]
		first := ix.redLines[r.ID]
		e.rlSlot[i] = first
		if r.Indicator != "" && r.Threshold != nil {
			byIndicator[r.Indicator] = append(byIndicator[r.Indicator], int32(i))
		}
		e.linkFrom[i] = int32(len(e.links))
		for _, li := range linksByRL[byRL[first]:byRL[first+1]] {
			l := &p.Links[li]
			e.links = append(e.links, linkPlan{
				redLine: l.RedLine, response: l.Response, resp: ix.links[li].response,
				automatic: l.Trigger == TriggerAutomatic,
				hours:     p.Responses[ix.links[li].response].HoursToEffect,
			})
		}
	}
	e.linkFrom[len(p.RedLines)] = int32(len(e.links))

	// Each indicator's thresholds, contiguous.
	checkRange := make(map[string][2]int32, len(byIndicator))
	for ind, rls := range byIndicator {
		from := int32(len(e.checks))
		for _, i := range rls {
			e.checks = append(e.checks, newCheck(i, p.RedLines[i].Threshold))
		}
		checkRange[ind] = [2]int32{from, int32(len(e.checks))}
	}
	e.obsFrom = make([]int32, len(p.Injects)+1)
	n := 0
	for i := range p.Injects {
		n += len(p.Injects[i].Observations)
	}
	e.obs = make([]obsPlan, 0, n)
	for i := range p.Injects {
		e.obsFrom[i] = int32(len(e.obs))
		in := &p.Injects[i]
		for k, ob := range in.Observations {
			// The last observation of an indicator in the inject counts.
			if r, ok := checkRange[ob.Indicator]; ok && !laterObservation(in.Observations, k) {
				e.obs = append(e.obs, obsPlan{from: r[0], to: r[1], value: ob.Value})
			}
		}
	}
	e.obsFrom[len(p.Injects)] = int32(len(e.obs))

	e.condFrom = make([]int32, len(p.Injects)+1)
	for i := range p.Injects {
		in := &p.Injects[i]
		e.condFrom[i] = int32(len(e.conds))
		for _, c := range in.When {
			e.conds = append(e.conds, e.resolve(c, ix.redLines))
		}
	}
	e.condFrom[len(p.Injects)] = int32(len(e.conds))
	e.block(p)
	if err := e.start(o); err != nil {
		return nil, err
	}
	return e, nil
}

// replay prepares a streamed run, with no decision, of q: the plan of e as
// a stress test has it (StressTest.enginePlan), with other contribution
// statuses, uses and phases, and perhaps more contributions, but the same
// red lines, responses, links and injects otherwise. Its references
// resolve as e's do. It shares what e worked out of the script and works
// out again only why each response is blocked.
func (e *Exercise) replay(q *Plan) *Exercise {
	r := &Exercise{
		plan: q, order: e.order, obs: e.obs, obsFrom: e.obsFrom, checks: e.checks, links: e.links,
		linkFrom: e.linkFrom, rlSlot: e.rlSlot, respSlot: e.respSlot, conds: e.conds, condFrom: e.condFrom,
		asks: e.asks, contributions: e.contributions, indexed: e.indexed,
	}
	r.block(q)
	r.start(ExerciseOptions{Stream: true})
	return r
}

// block works out, for plan q (e's plan or one replay plays), why each
// response is blocked in war and in any other phase, and what a step reads
// of each link.
func (e *Exercise) block(q *Plan) {
	e.blocked = make([]blockedWhy, len(q.Responses))
	for i := range q.Responses {
		e.blocked[i] = blockedReasons(&q.Responses[i], e.contribution)
	}
	e.hot = make([]linkHot, len(e.links))
	for li := range e.links {
		l := &e.links[li]
		why := &e.blocked[l.resp]
		e.hot[li] = linkHot{resp: l.resp, automatic: l.automatic, blockedWar: why.war != "", blockedPeace: why.peace != "", hours: l.hours}
	}
}

// contribution returns the first contribution of e's plan with that id, or
// nil: through the index of the plan e was prepared for, and among the
// contributions a replayed plan has after those.
func (e *Exercise) contribution(id string) *Contribution {
	cs := e.plan.Contributions
	if k, ok := e.contributions[id]; ok {
		return &cs[k]
	}
	for k := e.indexed; k < len(cs); k++ {
		if cs[k].ID == id {
			return &cs[k]
		}
	}
	return nil
}

// start sets the state of a run before its first inject.
func (e *Exercise) start(o ExerciseOptions) error {
	p := e.plan
	e.stream, e.phase = o.Stream, p.Phase
	e.armed = make([]bool, len(p.RedLines))
	e.crossedAt = make([]int32, len(p.RedLines))
	for i := range e.armed {
		e.armed[i], e.crossedAt[i] = true, -1
	}
	e.resp = make([]respState, len(p.Responses))
	e.last = make([]int32, len(p.Responses))
	for i := range e.last {
		e.last[i] = -1
	}
	e.decisions, e.decByInject = map[decisionKey]string{}, map[string]int{}
	for _, d := range o.Decisions {
		if !validChoice(d.Choice) {
			return fmt.Errorf("decision on inject %q, red line %q, response %q: choice %q; want %s, %s or %s",
				d.Inject, d.RedLine, d.Response, d.Choice, Approved, Rejected, Deferred)
		}
		e.setDecision(decisionKey{d.Inject, d.RedLine, d.Response}, d.Choice)
	}
	if !o.Stream {
		e.steps = make([]stepRec, 0, len(p.Injects))
		e.hist = make([][]histEntry, len(p.Responses))
		e.histTop = make([]int32, len(p.Responses))
		for i := range e.histTop {
			e.histTop[i] = -1
		}
	}
	return nil
}

// playOrder is PlayOrder, without sorting a script already in order (as
// one written in time order is).
func playOrder(in []Inject) []int {
	order := make([]int, len(in))
	for i := range order {
		order[i] = i
	}
	if InPlayOrder(in, order) {
		return order
	}
	return PlayOrder(in)
}

func validChoice(c string) bool {
	return c == "" || c == Approved || c == Rejected || c == Deferred
}

// resolve prepares a condition. A condition the loader would refuse (both
// or neither of red line and response, an unknown outcome) or whose id
// names nothing (an invalid reference, refused before) resolves to one
// that never holds, so that `not` makes it always hold.
func (e *Exercise) resolve(c Condition, rlFirst map[string]int32) condPlan {
	cp := condPlan{slot: -1, not: c.Not}
	if c.RedLine != "" {
		cp.redLine = true
		if i, ok := rlFirst[c.RedLine]; ok && c.Response == "" && c.Outcome == "" {
			cp.slot = i
		}
		return cp
	}
	switch c.Outcome {
	case CondFired:
		cp.ask = seenFired
	case CondBlocked:
		cp.ask = seenBlocked
	case CondDecision:
		cp.ask = seenDecision
	case CondApproved:
		cp.ask = seenApproved
	case CondRejected:
		cp.ask = seenRejected
	case CondOngoing:
		cp.ask = seenOngoing
	}
	if i, ok := e.respSlot[c.Response]; ok && cp.ask != 0 {
		cp.slot = i
		e.asks[i] |= cp.ask
	}
	return cp
}

// blockedReasons says why a response cannot happen in war and in any
// other phase, in the order exercise.md gives; "" when it can.
func blockedReasons(r *Response, contribution func(id string) *Contribution) blockedWhy {
	var declined, inactive string
	for _, id := range r.Uses {
		k := contribution(id)
		if k == nil {
			continue
		}
		if k.Status == StatusDeclined && declined == "" {
			declined = "declined:" + id
		}
		if k.Activation == ActivationCeasefire && inactive == "" {
			inactive = "inactive:" + id
		}
	}
	why := blockedWhy{war: declined, peace: declined}
	switch {
	case slices.Contains(r.Requires, RequiresCeasefire):
		why.war = "ceasefire"
	case declined == "" && inactive != "":
		why.war = inactive
	}
	return why
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

// Summary totals the injects played so far.
func (e *Exercise) Summary() ExerciseSummary { return e.sum }

// Step plays the next inject. ok is false when the script is over. In a
// stream the Event is valid until the next Step.
func (e *Exercise) Step() (ev Event, ok bool) {
	if !e.step() {
		return Event{}, false
	}
	a := &e.keep
	if e.stream {
		a = &e.scratch
		a.reset()
	}
	return e.event(len(e.steps)-1, a), true
}

// lastStep is the record of the inject played last.
func (e *Exercise) lastStep() *stepRec { return &e.steps[len(e.steps)-1] }

// step plays the next inject without making an Event of it.
func (e *Exercise) step() bool {
	if e.pos >= len(e.order) {
		return false
	}
	idx := e.order[e.pos]
	in := &e.plan.Injects[idx]
	if e.stream {
		// Only the step being played is kept.
		e.steps, e.crossedIdx, e.outs = e.steps[:0], e.crossedIdx[:0], e.outs[:0]
	}
	e.steps = append(e.steps, stepRec{
		inject: int32(idx), unmet: -1, phaseBefore: e.phase,
		crossedFrom: int32(len(e.crossedIdx)), outFrom: int32(len(e.outs)),
		flipsFrom: int32(len(e.flips)),
	})
	s := &e.steps[len(e.steps)-1]
	e.pos++
	e.sum.Injects++
	if k := e.unmet(idx); k >= 0 {
		// Skipped: its phase and observations are ignored.
		s.skipped, s.unmet, s.phase = true, int32(k), e.phase
		e.sum.Skipped++
		return true
	}
	if in.Phase != "" {
		e.phase = in.Phase
	}
	s.phase = e.phase

	for _, ob := range e.obs[e.obsFrom[idx]:e.obsFrom[idx+1]] {
		for k := ob.from; k < ob.to; k++ {
			// An armed red line whose threshold holds is crossed and
			// disarmed; a disarmed one whose threshold no longer holds is
			// armed again; the others stay as they are.
			c := &e.checks[k]
			if i, holds := c.rl, c.holds(ob.value); holds == e.armed[i] {
				e.armed[i] = !holds
				e.flip(i)
				if holds {
					e.crossedIdx = append(e.crossedIdx, i)
				}
			}
		}
	}
	crossed := e.crossedIdx[s.crossedFrom:]
	if len(crossed) > 1 {
		slices.Sort(crossed)
	}
	e.sum.Crossed += len(crossed)
	war := e.phase == PhaseWar
	decisions := e.sum.Decision
	for _, i := range crossed {
		if slot := e.rlSlot[i]; e.crossedAt[slot] < 0 {
			e.crossedAt[slot] = int32(e.pos - 1)
		}
		// What each link's response does at the crossing (cross), in
		// the loop itself: a step may work out hundreds.
		for li := e.linkFrom[i]; li < e.linkFrom[i+1]; li++ {
			l := &e.hot[li]
			blocked := l.blockedPeace
			if war {
				blocked = l.blockedWar
			}
			o := outRec{link: li, prev: -1, war: blocked && war}
			if e.stream {
				o.status, _ = e.resp[l.resp].cross(l.automatic, blocked, in.AtHours, l.hours, int32(e.pos-1))
			} else {
				o.status, o.prev = e.crossKept(l, blocked, in.AtHours)
			}
			e.sum.add(o.status, 1)
			e.outs = append(e.outs, o)
		}
	}
	e.applyDecisions(s, in, e.sum.Decision-decisions)
	return true
}

// crossings calls f for each red line the step played last crossed, in
// the order of its Event: the inject's index and time, the index of the
// first red line with the crossed one's id (what a condition on the id
// looks at), and the outcomes of its links, in link order.
func (e *Exercise) crossings(f func(inject int32, at float64, first int32, outs []outRec)) {
	s := e.lastStep()
	if s.skipped {
		return
	}
	crossed, outs := e.stepParts(len(e.steps) - 1)
	at := e.plan.Injects[s.inject].AtHours
	for _, i := range crossed {
		n := e.linkFrom[i+1] - e.linkFrom[i]
		f(s.inject, at, e.rlSlot[i], outs[:n])
		outs = outs[n:]
	}
}

func (e *Exercise) flip(i int32) {
	if !e.stream {
		e.flips = append(e.flips, i)
	}
}

// unmet returns the index of the first condition of inject idx that does
// not hold, or -1 when the inject plays.
func (e *Exercise) unmet(idx int) int {
	from, to := e.condFrom[idx], e.condFrom[idx+1]
	for k := from; k < to; k++ {
		if e.holds(&e.conds[k]) == e.conds[k].not {
			return int(k - from)
		}
	}
	return -1
}

// holds says whether a condition holds, before `not`.
func (e *Exercise) holds(c *condPlan) bool {
	switch {
	case c.slot < 0:
		return false
	case c.redLine:
		return e.crossedAt[c.slot] >= 0
	case c.ask == seenOngoing:
		return e.resp[c.slot].underWay
	}
	return e.resp[c.slot].flags&c.ask != 0
}

// crossKept is cross for a run that keeps what it played: it keeps the
// response's state before the step (change) and links the outcome to the
// response's previous one, which it returns.
func (e *Exercise) crossKept(l *linkHot, blocked bool, at float64) (status uint8, prev int32) {
	next := e.resp[l.resp]
	status, changed := next.cross(l.automatic, blocked, at, l.hours, int32(e.pos-1))
	if changed {
		e.change(l.resp, next)
	}
	prev = e.last[l.resp]
	e.last[l.resp] = int32(len(e.outs))
	return status, prev
}

// cross is the rule of exercise.md (Run, 4) for one link at a crossing:
// the outcome a response in state *st gets; *st becomes its state after,
// and changed reports whether that differs. The checks are made in the
// specification's order; the first that applies wins. blocked says
// whether a blocking reason applies now (the phase decides it); at is the
// inject's time, pos its run position.
func (st *respState) cross(automatic, blocked bool, at, hours float64, pos int32) (status uint8, changed bool) {
	switch {
	case blocked:
		if st.flags&seenBlocked != 0 {
			return outBlocked, false
		}
		st.flags |= seenBlocked
		return outBlocked, true
	case st.underWay:
		// Fired earlier (at an earlier inject, or for an earlier red line
		// or link at this one) or approved at an earlier inject.
		return outOngoing, false
	case automatic:
		st.flags |= seenFired
		*st = st.putUnderWay(at, hours, pos, false)
		return outFired, true
	case st.flags&seenDecision != 0:
		return outDecision, false
	}
	st.flags |= seenDecision
	return outDecision, true
}

// chosenOn is a response's state after a choice recorded on one of its
// decision outcomes, taken after all the inject's outcomes: an approved
// one puts it under way from the inject's time (for the injects after
// this one), and approved and rejected ones are seen by conditions.
func chosenOn(st respState, choice string, at, hours float64, pos int32) respState {
	switch choice {
	case Approved:
		st.flags |= seenApproved
		return st.putUnderWay(at, hours, pos, true)
	case Rejected:
		st.flags |= seenRejected
	}
	return st
}

// putUnderWay puts a response under way from at, taking effect hours
// later; nothing takes it out again, and a response already under way
// keeps the time it took effect the first time.
func (st respState) putUnderWay(at, hours float64, pos int32, byDecision bool) respState {
	if !st.underWay {
		st.underWay, st.byDecision, st.since, st.sincePos = true, byDecision, at, pos
		st.effective = effectAt(at, hours)
	}
	return st
}

// effectAt is at + hours, kept finite: both are finite, but their sum may
// not be, and JSON has no infinity.
func effectAt(at, hours float64) float64 {
	if t := at + hours; !math.IsInf(t, 1) {
		return t
	}
	return math.MaxFloat64
}

// change sets a response's state, keeping what it was before this step.
func (e *Exercise) change(slot int32, next respState) {
	if !e.stream {
		pos := int32(e.pos - 1)
		if e.histTop[slot] != pos {
			e.hist[slot] = append(e.hist[slot], histEntry{pos, e.resp[slot]})
			e.histTop[slot] = pos
		}
	}
	e.resp[slot] = next
}

// popHist restores a response's state from its latest hist entry.
func (e *Exercise) popHist(slot int32) {
	h := e.hist[slot]
	e.resp[slot] = h[len(h)-1].old
	h = h[:len(h)-1]
	e.hist[slot] = h
	e.histTop[slot] = -1
	if len(h) > 0 {
		e.histTop[slot] = h[len(h)-1].pos
	}
}

func (s *ExerciseSummary) add(status uint8, n int) {
	switch status {
	case outFired:
		s.Fired += n
	case outDecision:
		s.Decision += n
	case outBlocked:
		s.Blocked += n
	case outOngoing:
		s.Ongoing += n
	}
}

// applyDecisions takes the recorded choices on the step's decision
// outcomes (chosenOn), of which there are n, and counts them.
func (e *Exercise) applyDecisions(s *stepRec, in *Inject, n int) {
	if len(e.decByInject) == 0 || e.decByInject[in.ID] == 0 {
		s.choices[3] += int32(n)
		e.choices[3] += s.choices[3]
		return
	}
	outs := e.outs[s.outFrom:]
	for i := range outs {
		if outs[i].status != outDecision {
			continue
		}
		l := &e.links[outs[i].link]
		c := e.decisions[decisionKey{in.ID, l.redLine, l.response}]
		s.choices[choiceSlot(c)]++
		if st := e.resp[l.resp]; c == Approved || c == Rejected {
			if next := chosenOn(st, c, in.AtHours, l.hours, int32(e.pos-1)); next != st {
				e.change(l.resp, next)
			}
		}
	}
	for k, n := range s.choices {
		e.choices[k] += n
	}
}

func choiceSlot(c string) int {
	switch c {
	case Approved:
		return 0
	case Rejected:
		return 1
	case Deferred:
		return 2
	}
	return 3
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

// Back undoes the last Step. ok is false at the start of the script, and
// in a stream. Decisions stay recorded: played again, the inject takes
// them again.
func (e *Exercise) Back() bool {
	if e.pos == 0 || e.stream {
		return false
	}
	e.back()
	return true
}

func (e *Exercise) back() {
	s := e.lastStep()
	pos := int32(e.pos - 1)
	e.pos--
	e.sum.Injects--
	if s.skipped {
		e.sum.Skipped--
	}
	crossed := e.crossedIdx[s.crossedFrom:]
	e.sum.Crossed -= len(crossed)
	for _, i := range crossed {
		if slot := e.rlSlot[i]; e.crossedAt[slot] == pos {
			e.crossedAt[slot] = -1
		}
	}
	for i := len(e.outs) - 1; i >= int(s.outFrom); i-- {
		o := &e.outs[i]
		slot := e.hot[o.link].resp
		e.last[slot] = o.prev
		e.sum.add(o.status, -1)
		if e.histTop[slot] == pos {
			e.popHist(slot)
		}
	}
	for k, n := range s.choices {
		e.choices[k] -= n
	}
	for _, i := range e.flips[s.flipsFrom:] {
		e.armed[i] = !e.armed[i]
	}
	e.phase = s.phaseBefore
	e.outs, e.crossedIdx, e.flips = e.outs[:s.outFrom], e.crossedIdx[:s.crossedFrom], e.flips[:s.flipsFrom]
	e.steps = e.steps[:len(e.steps)-1]
}

// Event returns the event of the i-th inject played (0 ≤ i < Pos()), as
// Step returned it, with the choices recorded now. Not in a stream.
func (e *Exercise) Event(i int) Event {
	if e.stream || i < 0 || i >= e.pos {
		panic(fmt.Sprintf("planner: Event(%d) of an exercise at %d", i, e.pos))
	}
	return e.event(i, &e.keep)
}

// EventInfo is what a timeline shows of a played inject, without its
// outcomes.
type EventInfo struct {
	Inject *Inject
	// Phase is the phase in force after the inject.
	Phase   Phase
	Skipped bool
	// Unmet is the condition that did not hold when Skipped.
	Unmet *Condition
	// Crossed and Outcomes count its crossings and outcomes.
	Crossed, Outcomes int
}

// Info returns what a timeline shows of the i-th inject played, cheaply.
// Not in a stream.
func (e *Exercise) Info(i int) EventInfo {
	if e.stream || i < 0 || i >= e.pos {
		panic(fmt.Sprintf("planner: Info(%d) of an exercise at %d", i, e.pos))
	}
	s := &e.steps[i]
	in := &e.plan.Injects[s.inject]
	info := EventInfo{Inject: in, Phase: s.phase, Skipped: s.skipped}
	if s.skipped {
		info.Unmet = &in.When[s.unmet]
	}
	crossed, outs := e.stepParts(i)
	info.Crossed, info.Outcomes = len(crossed), len(outs)
	return info
}

// Result returns the injects played so far as a whole run is reported.
// Not in a stream.
func (e *Exercise) Result() *ExerciseResult {
	res := &ExerciseResult{Plan: e.plan.Title, Events: make([]Event, e.pos), Summary: e.sum}
	for i := range res.Events {
		res.Events[i] = e.Event(i)
	}
	return res
}

// stepParts returns the crossings and outcomes of the k-th step kept.
func (e *Exercise) stepParts(k int) (crossed []int32, outs []outRec) {
	s := &e.steps[k]
	cEnd, oEnd := len(e.crossedIdx), len(e.outs)
	if k+1 < len(e.steps) {
		cEnd, oEnd = int(e.steps[k+1].crossedFrom), int(e.steps[k+1].outFrom)
	}
	return e.crossedIdx[s.crossedFrom:cEnd], e.outs[s.outFrom:oEnd]
}

// event makes the Event of the k-th step kept, with slices from a.
func (e *Exercise) event(k int, a *slabs) Event {
	s := &e.steps[k]
	in := &e.plan.Injects[s.inject]
	ev := Event{Inject: in.ID, AtHours: in.AtHours, Phase: s.phase, Skipped: s.skipped}
	if s.skipped {
		ev.Unmet = &in.When[s.unmet]
	}
	crossed, outs := e.stepParts(k)
	ev.Crossed = a.ids(len(crossed))
	for _, i := range crossed {
		ev.Crossed = append(ev.Crossed, e.plan.RedLines[i].ID)
	}
	ev.Responses = a.outcomes(len(outs))[:len(outs)]
	decided := e.decByInject[in.ID] > 0
	for i := range outs {
		o := &outs[i]
		l := &e.links[o.link]
		// Filled in place: the slab is zero, and copying a whole Outcome
		// in costs the garbage collector more.
		out := &ev.Responses[i]
		out.RedLine, out.Response, out.Status, out.Reason = l.redLine, l.response, outStatus[o.status], e.reason(o)
		if at, ok := e.effective(o, in.AtHours); ok {
			out.EffectiveAtHours = a.hoursAt(at)
		}
		if o.status == outDecision && decided {
			out.Choice = e.decisions[decisionKey{in.ID, l.redLine, l.response}]
		}
	}
	return ev
}

// reason is why outcome o was blocked, "" when it was not (Outcome.Reason).
func (e *Exercise) reason(o *outRec) string {
	if o.status != outBlocked {
		return ""
	}
	why := &e.blocked[e.links[o.link].resp]
	if o.war {
		return why.war
	}
	return why.peace
}

// effective is when the response of outcome o, at an inject at time at,
// takes or took effect; ok is false when the outcome has no such time
// (Outcome.EffectiveAtHours).
func (e *Exercise) effective(o *outRec, at float64) (hours float64, ok bool) {
	l := &e.links[o.link]
	switch o.status {
	case outFired:
		return effectAt(at, l.hours), true
	case outOngoing:
		return e.resp[l.resp].effective, true
	}
	return 0, false
}

// slabs hand out the slices of events from large blocks.
type slabs struct {
	outSlab   []Outcome
	hoursSlab []float64
	idSlab    []string
}

// reset lets the blocks be used again (a stream's events are valid until
// the next step).
func (a *slabs) reset() {
	clear(a.outSlab) // events fill outcomes in place, on zero ones
	a.outSlab, a.hoursSlab, a.idSlab = a.outSlab[:0], a.hoursSlab[:0], a.idSlab[:0]
}

// ids returns an empty slice with room for n ids.
func (a *slabs) ids(n int) []string {
	if n == 0 {
		return []string{} // not nil: JSON shows an empty list
	}
	if cap(a.idSlab)-len(a.idSlab) < n {
		a.idSlab = make([]string, 0, max(n, slabSize))
	}
	s := a.idSlab[len(a.idSlab) : len(a.idSlab) : len(a.idSlab)+n]
	a.idSlab = a.idSlab[:len(a.idSlab)+n]
	return s
}

// outcomes returns an empty slice with room for n outcomes.
func (a *slabs) outcomes(n int) []Outcome {
	if n == 0 {
		return []Outcome{}
	}
	if cap(a.outSlab)-len(a.outSlab) < n {
		a.outSlab = make([]Outcome, 0, max(n, slabSize))
	}
	s := a.outSlab[len(a.outSlab) : len(a.outSlab) : len(a.outSlab)+n]
	a.outSlab = a.outSlab[:len(a.outSlab)+n]
	return s
}

// hoursAt returns a pointer to a cell holding h.
func (a *slabs) hoursAt(h float64) *float64 {
	if len(a.hoursSlab) == cap(a.hoursSlab) {
		a.hoursSlab = make([]float64, 0, slabSize)
	}
	a.hoursSlab = append(a.hoursSlab, h)
	return &a.hoursSlab[len(a.hoursSlab)-1]
}

// RunExercise plays the whole script, with the decisions recorded on its
// decision outcomes (see ExerciseOptions.Decisions).
func RunExercise(p *Plan, cat *Catalog, decisions ...RunDecision) (*ExerciseResult, error) {
	e, err := NewExerciseWith(p, cat, ExerciseOptions{Decisions: decisions, Stream: true})
	if err != nil {
		return nil, err
	}
	res := &ExerciseResult{Plan: p.Title, Events: make([]Event, 0, e.Len())}
	for e.step() {
		res.Events = append(res.Events, e.event(0, &e.keep))
	}
	res.Summary = e.sum
	return res, nil
}

// Summarize totals the events of a run, or of the part of it played so far.
func Summarize(events []Event) ExerciseSummary {
	var s ExerciseSummary
	for i := range events {
		s.addEvent(&events[i])
	}
	return s
}

func (s *ExerciseSummary) addEvent(ev *Event) {
	s.Injects++
	if ev.Skipped {
		s.Skipped++
	}
	s.Crossed += len(ev.Crossed)
	for _, o := range ev.Responses {
		switch o.Status {
		case Fired:
			s.Fired++
		case Decision:
			s.Decision++
		case Blocked:
			s.Blocked++
		case Ongoing:
			s.Ongoing++
		}
	}
}
