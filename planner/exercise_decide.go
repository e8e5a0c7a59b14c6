package planner

import (
	"fmt"
	"slices"
	"sort"
)

// decideIndex is what changing a decision looks up, made the first time
// a decision is changed: a stream or a run without one does not pay for it.
type decideIndex struct {
	// byID lists the run positions of the injects with each id.
	byID map[string][]int32
	// condPos lists, by response slot, the run positions of the injects
	// with a condition on it.
	condPos [][]int32
}

func (e *Exercise) decideIndex() *decideIndex {
	if e.ix != nil {
		return e.ix
	}
	ix := &decideIndex{byID: make(map[string][]int32, len(e.order)), condPos: make([][]int32, len(e.resp))}
	for k, i := range e.order {
		id := e.plan.Injects[i].ID
		ix.byID[id] = append(ix.byID[id], int32(k))
		for _, c := range e.conds[e.condFrom[i]:e.condFrom[i+1]] {
			if !c.redLine && c.slot >= 0 {
				if l := ix.condPos[c.slot]; len(l) == 0 || l[len(l)-1] != int32(k) {
					ix.condPos[c.slot] = append(l, int32(k))
				}
			}
		}
	}
	e.ix = ix
	return ix
}

// setDecision records a choice ("" records none) without replaying.
func (e *Exercise) setDecision(k decisionKey, choice string) {
	old, had := e.decisions[k]
	switch {
	case choice == "" && had:
		delete(e.decisions, k)
		if e.decByInject[k.inject]--; e.decByInject[k.inject] == 0 {
			delete(e.decByInject, k.inject)
		}
	case choice == "":
	case !had:
		e.decisions[k] = choice
		e.decByInject[k.inject]++
	case old != choice:
		e.decisions[k] = choice
	}
}

// Decision returns the choice recorded on (inject, red line, response), ""
// when none is.
func (e *Exercise) Decision(inject, redLine, response string) string {
	return e.decisions[decisionKey{inject, redLine, response}]
}

// Decide records the coalition's choice on the decision outcome of
// (inject, red line, response) — Approved, Rejected or Deferred; "" takes
// a decision back — and works out again what follows it when that changes
// anything: an approved response is under way from that inject on, and
// conditions of later injects see approved and rejected responses.
//
// Events before from are unchanged; those from it on may have changed (the
// run stays at Pos()). from is Pos() when nothing played changed: the
// choice matches no decision outcome played (yet), or it changes nothing
// later injects look at (deferred and none are the same to the engine;
// rejected matters only to a condition that asks for it). The board and
// Choices follow the new choice whatever from is.
//
// The work is that of the response's own outcomes after the inject: only
// they can change, unless a later inject's condition on the response now
// holds where it did not (or the reverse); then the run is played again
// from that inject.
func (e *Exercise) Decide(inject, redLine, response, choice string) (from int, err error) {
	if !validChoice(choice) {
		return e.pos, fmt.Errorf("choice %q; want %s, %s or %s (or none)", choice, Approved, Rejected, Deferred)
	}
	key := decisionKey{inject, redLine, response}
	old := e.decisions[key]
	if old == choice {
		return e.pos, nil
	}
	if e.stream && e.pos > 0 {
		return e.pos, fmt.Errorf("a decision cannot be changed once a streamed run has started")
	}
	// The played steps of that inject with a matching decision outcome,
	// and how many outcomes each.
	first := e.pos
	type match struct{ k, n int }
	var matches []match
	if !e.stream {
		ix := e.decideIndex()
		for _, pos := range ix.byID[inject] {
			pos := int(pos)
			if pos >= e.pos || e.steps[pos].skipped {
				continue
			}
			n := 0
			_, outs := e.stepParts(pos)
			for i := range outs {
				l := &e.links[outs[i].link]
				if outs[i].status == outDecision && l.redLine == redLine && l.response == response {
					n++
				}
			}
			if n > 0 {
				matches = append(matches, match{pos, n})
				first = min(first, pos)
			}
		}
	}
	if first == e.pos || e.effect(response, old) == e.effect(response, choice) {
		// Nothing played changes: count the choice where it is taken.
		for _, m := range matches {
			s := &e.steps[m.k]
			s.choices[choiceSlot(old)] -= int32(m.n)
			s.choices[choiceSlot(choice)] += int32(m.n)
			e.choices[choiceSlot(old)] -= int32(m.n)
			e.choices[choiceSlot(choice)] += int32(m.n)
		}
		e.setDecision(key, choice)
		return e.pos, nil
	}
	e.setDecision(key, choice)
	slot := e.respSlot[response]
	e.redo(slot, first, key, old)
	// A later inject whose conditions on the response now hold differently
	// plays differently, and so may everything after it.
	if c := e.firstChange(slot, first); c >= 0 {
		target := e.pos
		for e.pos > c {
			e.back()
		}
		for e.pos < target {
			e.step()
		}
	}
	return first + 1, nil
}

// redo works out again the outcomes of one response from step k on, and
// its state, as if the steps played the same (the same crossings in the
// same phases): after a choice on it changed (key, whose choice was old),
// only its own outcomes can differ until a condition on it decides
// otherwise (firstChange).
func (e *Exercise) redo(slot int32, k int, key decisionKey, old string) {
	// Its state before step k, and its history up to there.
	h := e.hist[slot]
	n := sort.Search(len(h), func(i int) bool { return int(h[i].pos) >= k })
	st := e.resp[slot]
	if n < len(h) {
		st = h[n].old
	}
	e.hist[slot] = h[:n]
	e.histTop[slot] = -1
	if n > 0 {
		e.histTop[slot] = h[n-1].pos
	}
	// Its outcomes from step k on, in run order.
	idx := e.patchBuf[:0]
	for j := e.last[slot]; j >= e.steps[k].outFrom; j = e.outs[j].prev {
		idx = append(idx, j)
	}
	slices.Reverse(idx)
	e.patchBuf = idx
	hours := e.plan.Responses[slot].HoursToEffect
	for a := 0; a < len(idx); {
		pos := e.stepOfOut(idx[a])
		s := &e.steps[pos]
		in := &e.plan.Injects[s.inject]
		before := st
		// Its outcomes at this step, then the choices on them.
		b := a
		for ; b < len(idx) && (pos+1 == len(e.steps) || idx[b] < e.steps[pos+1].outFrom); b++ {
			o := &e.outs[idx[b]]
			hot := &e.hot[o.link]
			was := o.status
			o.status, _ = st.cross(hot.automatic, was == outBlocked, in.AtHours, hours, int32(pos))
			e.sum.add(was, -1)
			e.sum.add(o.status, 1)
			if was == outDecision || o.status == outDecision {
				l := &e.links[o.link]
				dk := decisionKey{in.ID, l.redLine, l.response}
				if was == outDecision {
					c := e.decisions[dk]
					if dk == key {
						c = old
					}
					s.choices[choiceSlot(c)]--
					e.choices[choiceSlot(c)]--
				}
				if o.status == outDecision {
					s.choices[choiceSlot(e.decisions[dk])]++
					e.choices[choiceSlot(e.decisions[dk])]++
				}
			}
		}
		if e.decByInject[in.ID] > 0 {
			for _, j := range idx[a:b] {
				if o := &e.outs[j]; o.status == outDecision {
					l := &e.links[o.link]
					st = chosenOn(st, e.decisions[decisionKey{in.ID, l.redLine, l.response}], in.AtHours, hours, int32(pos))
				}
			}
		}
		if st != before {
			e.hist[slot] = append(e.hist[slot], histEntry{int32(pos), before})
			e.histTop[slot] = int32(pos)
		}
		a = b
	}
	e.resp[slot] = st
}

// firstChange returns the run position of the first inject after k whose
// conditions on the response (slot) now decide otherwise whether it
// plays, or -1. Skipped injects that stay skipped get the condition that
// now fails first.
func (e *Exercise) firstChange(slot int32, k int) int {
	for _, pos := range e.decideIndex().condPos[slot] {
		if int(pos) <= k {
			continue
		}
		if int(pos) >= e.pos {
			break
		}
		s := &e.steps[pos]
		unmet := e.unmetAt(int(s.inject), int(pos))
		if (unmet >= 0) != s.skipped {
			return int(pos)
		}
		if s.skipped {
			s.unmet = int32(unmet)
		}
	}
	return -1
}

// unmetAt is unmet for the inject at run position pos (< Pos()), with the
// state the run had before it.
func (e *Exercise) unmetAt(idx, pos int) int {
	from, to := e.condFrom[idx], e.condFrom[idx+1]
	for k := from; k < to; k++ {
		if e.holdsAt(&e.conds[k], pos) == e.conds[k].not {
			return int(k - from)
		}
	}
	return -1
}

// holdsAt is holds with the state before the step at run position pos.
func (e *Exercise) holdsAt(c *condPlan, pos int) bool {
	switch {
	case c.slot < 0:
		return false
	case c.redLine:
		at := e.crossedAt[c.slot]
		return at >= 0 && int(at) < pos
	}
	st := e.resp[c.slot]
	h := e.hist[c.slot]
	if n := sort.Search(len(h), func(i int) bool { return int(h[i].pos) >= pos }); n < len(h) {
		st = h[n].old
	}
	if c.ask == seenOngoing {
		return st.underWay
	}
	return st.flags&c.ask != 0
}

// effect is what a choice on a response changes for the injects after it.
func (e *Exercise) effect(response, choice string) uint8 {
	switch choice {
	case Approved:
		return seenApproved
	case Rejected:
		if slot, ok := e.respSlot[response]; ok && e.asks[slot]&seenRejected != 0 {
			return seenRejected
		}
	}
	return 0
}

// Choices counts the decision outcomes played so far by the choice
// recorded on them.
func (e *Exercise) Choices() (approved, rejected, deferred, open int) {
	return int(e.choices[0]), int(e.choices[1]), int(e.choices[2]), int(e.choices[3])
}

// ResponseStatus is where a response stands in a run: what a board of the
// responses shows.
type ResponseStatus string

// Where a response can stand.
const (
	// StandReady: nothing has happened to it yet.
	StandReady ResponseStatus = "ready"
	// StandUnderWay: it fired, or a decision on it was approved; it stays
	// under way.
	StandUnderWay ResponseStatus = "under_way"
	// StandAwaiting: its latest outcome put it to the coalition, which has
	// not decided.
	StandAwaiting ResponseStatus = "awaiting_decision"
	// StandRejected, StandDeferred: the coalition rejected or deferred its
	// latest decision.
	StandRejected ResponseStatus = "rejected"
	StandDeferred ResponseStatus = "deferred"
	// StandBlocked: its latest outcome was blocked; Reason says why.
	StandBlocked ResponseStatus = "blocked"
)

// ResponseState is where one response stands after the injects played.
type ResponseState struct {
	Response *Response
	Status   ResponseStatus
	// Under way: since when (the time of the inject that put it under
	// way), at which run position, whether by an approved decision (else
	// it fired), and when it took or takes effect the first time.
	Since       float64
	SincePos    int
	ByDecision  bool
	EffectiveAt float64
	// Last is its latest outcome, nil when it has had none. A response
	// under way may have been blocked at its latest crossing.
	Last *StateOutcome
}

// StateOutcome is a response's latest outcome and where it happened.
type StateOutcome struct {
	Pos     int // run position of the inject
	Inject  string
	AtHours float64
	RedLine string
	Status  OutcomeStatus
	Reason  string // blocked: why
	Choice  string // decision: the choice recorded, "" when none
}

// Standing returns where a response stands now; ok is false when the plan
// has no response with that id. Not in a stream.
func (e *Exercise) Standing(response string) (st ResponseState, ok bool) {
	slot, ok := e.respSlot[response]
	if !ok {
		return ResponseState{}, false
	}
	return e.standing(slot, new(StateOutcome)), true
}

// Board returns where each response stands now, in plan order (a
// duplicated id once). It costs one look-up a response. Not in a stream.
func (e *Exercise) Board() []ResponseState {
	out := make([]ResponseState, 0, len(e.respSlot))
	lasts := make([]StateOutcome, len(e.respSlot))
	for i := range e.plan.Responses {
		if e.respSlot[e.plan.Responses[i].ID] == int32(i) {
			out = append(out, e.standing(int32(i), &lasts[len(out)]))
		}
	}
	return out
}

// standing works out where a response stands, filling *last with its
// latest outcome when it has had one.
func (e *Exercise) standing(slot int32, last *StateOutcome) ResponseState {
	if e.stream {
		panic("planner: the board of a streamed run")
	}
	r := e.resp[slot]
	st := ResponseState{Response: &e.plan.Responses[slot], Status: StandReady}
	if i := e.last[slot]; i >= 0 {
		o := &e.outs[i]
		l := &e.links[o.link]
		pos := e.stepOfOut(i)
		in := &e.plan.Injects[e.steps[pos].inject]
		*last = StateOutcome{Pos: pos, Inject: in.ID, AtHours: in.AtHours, RedLine: l.redLine, Status: outStatus[o.status]}
		switch o.status {
		case outBlocked:
			last.Reason = e.reason(o)
			st.Status = StandBlocked
		case outDecision:
			last.Choice = e.decisions[decisionKey{in.ID, l.redLine, l.response}]
			switch last.Choice {
			case Rejected:
				st.Status = StandRejected
			case Deferred:
				st.Status = StandDeferred
			default:
				st.Status = StandAwaiting
			}
		}
		st.Last = last
	}
	if r.underWay {
		st.Status = StandUnderWay
		st.Since, st.SincePos, st.ByDecision, st.EffectiveAt = r.since, int(r.sincePos), r.byDecision, r.effective
	}
	return st
}

// stepOfOut finds the run position of the step holding outcome i.
func (e *Exercise) stepOfOut(i int32) int {
	lo, hi := 0, len(e.steps) // the last step whose outFrom ≤ i
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if e.steps[mid].outFrom <= i {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}
