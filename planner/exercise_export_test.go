package planner

// What the tests of package planner_test reach inside the package for.

// QuietRun plays q the way the scorecard does (scorer.read): streamed,
// through an engine prepared for p and replayed for q when q is another
// plan (a stress test's, StressEnginePlan), reading each step's crossings
// without making its Event. It puts what it read in Events: the inject,
// its time, the red lines crossed and the outcomes of their links (no
// phase, no choices, nothing of skipped injects).
func QuietRun(p, q *Plan, cat *Catalog) ([]Event, error) {
	ix := indexPlan(p)
	e, err := newExercise(p, cat.ForPlan(p), &ix, ExerciseOptions{Stream: true})
	if err != nil {
		return nil, err
	}
	if q != p {
		e = e.replay(q)
	}
	var events []Event
	for e.step() {
		in := &q.Injects[e.lastStep().inject]
		ev := Event{Inject: in.ID, AtHours: in.AtHours, Crossed: []string{}, Responses: []Outcome{}}
		e.crossings(func(inject int32, at float64, first int32, outs []outRec) {
			if inject != e.lastStep().inject || at != in.AtHours {
				panic("crossings names another inject")
			}
			ev.Crossed = append(ev.Crossed, q.RedLines[first].ID)
			for k := range outs {
				o := &outs[k]
				l := &e.links[o.link]
				out := Outcome{RedLine: l.redLine, Response: l.response, Status: outStatus[o.status], Reason: e.reason(o)}
				if at, ok := e.effective(o, in.AtHours); ok {
					out.EffectiveAtHours = &at
				}
				ev.Responses = append(ev.Responses, out)
			}
		})
		events = append(events, ev)
	}
	return events, nil
}

// StressEnginePlan is the plan the exercise engine plays under the stress
// test (StressTest.enginePlan).
func StressEnginePlan(t *StressTest, p *Plan) *Plan {
	q, _ := t.enginePlan(p)
	return q
}

// PlayScript plays p's script as the scorecard does for its exercise
// evidence: the plan indexed, its references checked, the engine
// prepared, every step read (scorer.play).
func PlayScript(p *Plan, cat *Catalog) {
	s := newScorer(p, cat)
	valid := make(chan bool, 1)
	valid <- len(invalidReferences(p, s.names, &s.ix)) == 0
	s.play(valid)
}
