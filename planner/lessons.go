package planner

import "slices"

// RunLessons is what a run shows about the plan, beyond its events: the
// responses the crossings called on and what became of each, the red lines
// crossed whose answers all failed them, and the responses no crossing
// called on. An after-action report draws its lessons from it; the
// exercise engine's events are its only evidence.
type RunLessons struct {
	// Responses are the responses the run called on, in the order it
	// first did.
	Responses []ResponseRecord
	// RedLines are the red lines crossed, in the order of their first
	// crossing.
	RedLines []RedLineRecord
	// Uncalled are the ids of the plan's responses that no crossing called
	// on, in plan order (a duplicated id once).
	Uncalled []string
}

// ResponseRecord is what a run did with one response.
type ResponseRecord struct {
	Response string
	// UnderWay: it fired, or the coalition approved it; Since is the time
	// of the inject that first put it under way.
	UnderWay bool
	Since    float64
	// Blocked holds the times it was blocked, Reasons the distinct reasons
	// (Outcome.Reason), first met first.
	Blocked []float64
	Reasons []string
	// Open, Rejected and Deferred hold the times it was put to the
	// coalition, by the choice recorded: none, rejected, deferred.
	Open, Rejected, Deferred []float64
}

// RedLineRecord is what a run did with one red line it crossed.
type RedLineRecord struct {
	RedLine string
	// Crossed holds the times it was crossed; AllBlocked those at which
	// it had answers and every one was blocked; Unanswered those at which
	// no response answered it at all.
	Crossed, AllBlocked, Unanswered []float64
}

// Lessons reads a run's events (res, which may be a run stopped early)
// for what they show. A decision outcome's choice is the one recorded in
// decisions for its (inject, red line, response) — a decision with no
// choice leaves it open — or, when none is recorded there, the one the
// event carries.
func Lessons(p *Plan, res *ExerciseResult, decisions []RunDecision) RunLessons {
	var out RunLessons
	if res == nil {
		res = &ExerciseResult{}
	}
	chosen := make(map[decisionKey]string, len(decisions))
	for _, d := range decisions {
		chosen[decisionKey{d.Inject, d.RedLine, d.Response}] = d.Choice
	}
	respAt := map[string]int{}
	rlAt := map[string]int{}
	for _, ev := range res.Events {
		if ev.Skipped {
			continue
		}
		// The outcomes of each red line crossed here, in order.
		answers := make(map[string][2]int, len(ev.Crossed)) // red line: outcomes, blocked
		for _, o := range ev.Responses {
			n := answers[o.RedLine]
			n[0]++
			if o.Status == Blocked {
				n[1]++
			}
			answers[o.RedLine] = n
		}
		for _, id := range ev.Crossed {
			i, ok := rlAt[id]
			if !ok {
				i = len(out.RedLines)
				rlAt[id] = i
				out.RedLines = append(out.RedLines, RedLineRecord{RedLine: id})
			}
			r := &out.RedLines[i]
			r.Crossed = append(r.Crossed, ev.AtHours)
			switch n := answers[id]; {
			case n[0] == 0:
				r.Unanswered = append(r.Unanswered, ev.AtHours)
			case n[0] == n[1]:
				r.AllBlocked = append(r.AllBlocked, ev.AtHours)
			}
		}
		for _, o := range ev.Responses {
			i, ok := respAt[o.Response]
			if !ok {
				i = len(out.Responses)
				respAt[o.Response] = i
				out.Responses = append(out.Responses, ResponseRecord{Response: o.Response})
			}
			r := &out.Responses[i]
			underWay := false
			switch o.Status {
			case Fired, Ongoing:
				underWay = true
			case Blocked:
				r.Blocked = append(r.Blocked, ev.AtHours)
				if o.Reason != "" && !slices.Contains(r.Reasons, o.Reason) {
					r.Reasons = append(r.Reasons, o.Reason)
				}
			case Decision:
				choice, ok := chosen[decisionKey{ev.Inject, o.RedLine, o.Response}]
				if !ok {
					choice = o.Choice
				}
				switch choice {
				case Approved:
					underWay = true
				case Rejected:
					r.Rejected = append(r.Rejected, ev.AtHours)
				case Deferred:
					r.Deferred = append(r.Deferred, ev.AtHours)
				default:
					r.Open = append(r.Open, ev.AtHours)
				}
			}
			if underWay && !r.UnderWay {
				r.UnderWay, r.Since = true, ev.AtHours
			}
		}
	}
	seen := make(map[string]bool, len(p.Responses))
	for i := range p.Responses {
		id := p.Responses[i].ID
		if _, called := respAt[id]; !called && !seen[id] {
			out.Uncalled = append(out.Uncalled, id)
		}
		seen[id] = true
	}
	return out
}

// NeverUnderWay are the responses the run called on that never got under
// way: every time, blocked, rejected, deferred or left open.
func (l RunLessons) NeverUnderWay() []ResponseRecord {
	return keepOnly(l.Responses, func(r ResponseRecord) bool { return !r.UnderWay })
}

// LeftOpen are the responses with a decision put to the coalition and
// never taken, whether or not they got under way otherwise.
func (l RunLessons) LeftOpen() []ResponseRecord {
	return keepOnly(l.Responses, func(r ResponseRecord) bool { return len(r.Open) > 0 })
}

// AllBlocked are the red lines crossed at least once with answers that
// were all blocked.
func (l RunLessons) AllBlocked() []RedLineRecord {
	return keepOnly(l.RedLines, func(r RedLineRecord) bool { return len(r.AllBlocked) > 0 })
}

// Unanswered are the red lines crossed at least once with no response
// to answer them.
func (l RunLessons) Unanswered() []RedLineRecord {
	return keepOnly(l.RedLines, func(r RedLineRecord) bool { return len(r.Unanswered) > 0 })
}

// keepOnly is the items of xs that ok accepts, in order; nil for none.
func keepOnly[T any](xs []T, ok func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if ok(x) {
			out = append(out, x)
		}
	}
	return out
}
