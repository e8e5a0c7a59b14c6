package app

import (
	"cmp"
	"slices"
	"sort"

	"redline/planner"
)

// openDecisions are the decisions the room has not taken, oldest first: the
// decision outcomes played with no choice or a deferred one, and those
// decided in the list since the last step (sticky), which stay so that a
// note can follow the choice.
//
// A change of decision at an inject played long ago must not read every
// event after it again: on a script of 10,000 injects that is thousands of
// events. The engine changes only the decided response's outcomes after
// it, unless a later inject's conditions now decide otherwise, which flips
// whether that inject is skipped. So the list keeps, for the injects
// played, whether each was skipped and at which of them each response had
// an outcome: a change reads again the events of that response, and only a
// flipped inject makes it read everything from there on.
type openDecisions struct {
	list   []openDecision
	sticky map[decisionKey]bool
	// skipped says, by run position, whether the inject played there was
	// skipped; respAt lists, by response id, the run positions at which it
	// had an outcome, in order.
	skipped []bool
	respAt  map[string][]int32
}

// openDecision is a decision outcome in the open list: where it was played,
// and its place among the inject's outcomes.
type openDecision struct {
	decisionKey
	pos, idx int
	at       float64
}

func newOpenDecisions() *openDecisions {
	return &openDecisions{sticky: map[decisionKey]bool{}, respAt: map[string][]int32{}}
}

// played takes in the event the engine played at run position pos, the
// last played.
func (o *openDecisions) played(pos int, ev *planner.Event) {
	o.skipped = append(o.skipped[:pos], ev.Skipped)
	for i := range ev.Responses {
		id := ev.Responses[i].Response
		if at := o.respAt[id]; len(at) == 0 || at[len(at)-1] != int32(pos) {
			o.respAt[id] = append(at, int32(pos))
		}
	}
	o.add(pos, ev, func(planner.Outcome) bool { return true })
}

// add lists the open decisions of the event at pos that keep says to.
func (o *openDecisions) add(pos int, ev *planner.Event, keep func(planner.Outcome) bool) {
	for i, out := range ev.Responses {
		if out.Status != planner.Decision || !keep(out) {
			continue
		}
		k := decisionKey{ev.Inject, out.RedLine, out.Response}
		if out.Choice == "" || out.Choice == planner.Deferred || o.sticky[k] {
			o.list = append(o.list, openDecision{decisionKey: k, pos: pos, idx: i, at: ev.AtHours})
		}
	}
}

// unplay forgets the event at run position pos, the last played, before
// the engine takes it back.
func (o *openDecisions) unplay(pos int, ev *planner.Event) {
	for i := range ev.Responses {
		id := ev.Responses[i].Response
		if at := o.respAt[id]; len(at) > 0 && at[len(at)-1] == int32(pos) {
			o.respAt[id] = at[:len(at)-1]
		}
	}
	o.skipped = o.skipped[:pos]
}

// settle goes on from a step or a step back to run position pos: the
// decisions taken drop out (a deferred one stays open), and so do those of
// injects no longer played.
func (o *openDecisions) settle(ex *planner.Exercise, pos int) {
	clear(o.sticky)
	o.list = slices.DeleteFunc(o.list, func(d openDecision) bool {
		c := ex.Decision(d.inject, d.redLine, d.response)
		return d.pos >= pos || c == planner.Approved || c == planner.Rejected
	})
}

// rebuild lists the decisions of the injects played from run position from
// on afresh, reading their events.
func (o *openDecisions) rebuild(ex *planner.Exercise, from int) {
	o.list = o.list[:sort.Search(len(o.list), func(i int) bool { return o.list[i].pos >= from })]
	for id, at := range o.respAt {
		o.respAt[id] = at[:sort.Search(len(at), func(i int) bool { return int(at[i]) >= from })]
	}
	o.skipped = o.skipped[:min(from, len(o.skipped))]
	for pos := from; pos < ex.Pos(); pos++ {
		info := ex.Info(pos)
		if info.Skipped || info.Outcomes == 0 {
			o.skipped = append(o.skipped, info.Skipped)
			continue
		}
		ev := ex.Event(pos)
		o.played(pos, &ev)
	}
}

// decided follows a decision on k that changed the events from run
// position from on (planner.Exercise.Decide): k stays in the list until the
// next step, and the decided response's later decision outcomes come and
// go, or, when an inject after it now plays or is skipped where it was
// not, everything from that inject on is read again.
func (o *openDecisions) decided(ex *planner.Exercise, k decisionKey, from int) {
	o.sticky[k] = true
	// The decided inject's own entry changes whatever from is (a choice
	// that changes nothing after it still brings a decision taken before
	// back into the list, or takes it out): the work starts there.
	lo := from
	for _, pos := range o.respAt[k.response] {
		if int(pos) >= lo {
			break
		}
		if ex.Info(int(pos)).Inject.ID == k.inject {
			lo = int(pos)
			break
		}
	}
	for pos := from; pos < ex.Pos() && pos < len(o.skipped); pos++ {
		if ex.Info(pos).Skipped != o.skipped[pos] {
			o.rebuild(ex, lo)
			return
		}
	}
	// Only the response's own outcomes changed: its entries are listed
	// again from their events (a sticky one too, which may no longer be
	// put to the coalition).
	o.list = slices.DeleteFunc(o.list, func(d openDecision) bool {
		return d.pos >= lo && d.response == k.response
	})
	for _, pos := range o.respAt[k.response] {
		if int(pos) < lo {
			continue
		}
		ev := ex.Event(int(pos))
		o.add(int(pos), &ev, func(out planner.Outcome) bool { return out.Response == k.response })
	}
	slices.SortStableFunc(o.list, func(a, b openDecision) int {
		return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.idx, b.idx))
	})
}
