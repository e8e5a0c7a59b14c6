package planner

import "strings"

// scriptEvidence is one run of a plan's script through the exercise
// engine, with no decision taken, read red line by red line.
type scriptEvidence struct {
	// unplayed says why the script was not played ("" when it was).
	unplayed string
	// test is the stress test whose plan was played, nil for the plan as
	// drafted.
	test *StressTest
	// byRedLine is indexed by red line (the first with its id).
	byRedLine []rlEvidence
	// outs holds the outcomes of the crossings messages tell of.
	outs []scoreOutcome
}

func (e *scriptEvidence) playable() bool { return e.unplayed == "" }

// Why a script is not played.
const (
	unplayedNoScript = "no-script"
	unplayedInvalid  = "invalid-references"
)

// rlEvidence is what the run did to one red line, with the crossing its
// message tells of: the first at which no answer got under way, else the
// first.
type rlEvidence struct {
	ExerciseEvidence
	firstInject  int32
	detailInject int32
	detailAt     float64
	detailIdle   bool
	// detailFrom and detailTo delimit its outcomes in scriptEvidence.outs.
	detailFrom, detailTo int32
}

// scoreOutcome is one answer's outcome at the crossing a message tells of.
type scoreOutcome struct {
	resp      int32
	status    OutcomeStatus
	reason    string
	effective float64
}

// play runs plan q (p, or p as a stress test has it: the same red lines,
// links and responses) through the exercise engine and reads, for each
// red line, its crossings and the outcomes of its answers there. The
// engine decides everything; this only reads its events.
func (s *scorer) play(q *Plan, t *StressTest) *scriptEvidence {
	ev := &scriptEvidence{test: t}
	if len(q.Injects) == 0 {
		ev.unplayed = unplayedNoScript
		return ev
	}
	e, err := NewExerciseWith(q, s.cat, ExerciseOptions{Stream: true})
	if err != nil {
		ev.unplayed = unplayedInvalid
		return ev
	}
	ev.byRedLine = make([]rlEvidence, len(s.p.RedLines))
	for i := range ev.byRedLine {
		ev.byRedLine[i].Played = true
		ev.byRedLine[i].detailInject = -1
	}
	order := e.Order()
	for k := 0; ; k++ {
		event, ok := e.Step()
		if !ok {
			break
		}
		if event.Skipped || len(event.Crossed) == 0 {
			continue
		}
		// The outcomes follow the crossed red lines in order, each with one
		// outcome per link naming it (exercise.md, Run, 4).
		j := 0
		for _, id := range event.Crossed {
			first := s.ix.redLines[id]
			n := int(s.rlFrom[first+1] - s.rlFrom[first])
			end := j
			for end < len(event.Responses) && end-j < n && event.Responses[end].RedLine == id {
				end++
			}
			outs := event.Responses[j:end]
			j = end
			r := &ev.byRedLine[first]
			r.Crossings++
			if r.Crossings == 1 {
				r.FirstAt, r.firstInject = event.AtHours, int32(order[k])
			}
			idle := true
			for o := range outs {
				switch outs[o].Status {
				case Fired:
					r.Fired++
					idle = false
				case Ongoing:
					r.Ongoing++
					idle = false
				case Decision:
					r.Decision++
				case Blocked:
					r.Blocked++
				}
			}
			if idle {
				r.Idle++
			}
			if r.detailInject < 0 || idle && !r.detailIdle {
				r.detailInject, r.detailAt, r.detailIdle = int32(order[k]), event.AtHours, idle
				r.detailFrom = int32(len(ev.outs))
				for o := range outs {
					so := scoreOutcome{resp: index32(s.ix.responses, outs[o].Response), status: outs[o].Status, reason: outs[o].Reason}
					if at := outs[o].EffectiveAtHours; at != nil {
						so.effective = *at
					}
					ev.outs = append(ev.outs, so)
				}
				r.detailTo = int32(len(ev.outs))
			}
		}
	}
	return ev
}

// outcomeReason says in words why the engine blocked a response.
func (s *scorer) outcomeReason(ev *scriptEvidence, reason string) string {
	switch {
	case reason == "ceasefire":
		return "it needs a ceasefire in force, and the phase is war"
	case strings.HasPrefix(reason, "declined:"):
		id := strings.TrimPrefix(reason, "declined:")
		if id == stressContribution && ev.test != nil {
			return ev.test.stressReason()
		}
		k, ok := s.ix.contributions[id]
		if !ok {
			return "it draws on a declined contribution"
		}
		w := &world{test: ev.test}
		return "it draws on " + s.failedPhrase(k, max(w.fails(&s.p.Contributions[k]), failDeclined))
	case strings.HasPrefix(reason, "inactive:"):
		if k, ok := s.ix.contributions[strings.TrimPrefix(reason, "inactive:")]; ok {
			return "it draws on " + s.contributionName(k) + ", which activates only after a ceasefire"
		}
		return "it draws on a contribution that activates only after a ceasefire"
	}
	return reason
}
