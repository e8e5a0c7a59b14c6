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
	status    uint8 // outFired…
	reason    string
	effective float64
}

// scripts are the runs of the script a scorecard reads — the plan as
// drafted, then under each stress test — played one after another on a
// goroutine of their own while the scorecard weighs what needs no script:
// the answers and every factor but the exercise evidence. On one
// processor it is the same work in another order.
type scripts struct {
	runs []chan played // by run: 0 the plan as drafted, then the tests'
}

// played is one run, or the panic that stopped the runs.
type played struct {
	ev       *scriptEvidence
	panicked any
}

// playAll starts playing the script as drafted and under each test. The
// engine is prepared while the caller checks the plan's references
// (invalidReferences) and sends whether they all resolve to valid; the
// script is played only if they do.
func (s *scorer) playAll(tests []StressTest, valid <-chan bool) *scripts {
	sc := &scripts{runs: make([]chan played, len(tests)+1)}
	for k := range sc.runs {
		sc.runs[k] = make(chan played, 1)
	}
	go func() {
		next := 0
		defer func() {
			// A panic is the caller's, like any other of Score's.
			if r := recover(); r != nil {
				for ; next < len(sc.runs); next++ {
					sc.runs[next] <- played{panicked: r}
				}
			}
		}()
		base, e := s.play(valid)
		sc.runs[0] <- played{ev: base}
		for next = 1; next < len(sc.runs); next++ {
			t := &tests[next-1]
			ev := base
			if q, changed := t.enginePlan(s.p); changed {
				ev = s.playUnder(e, base, q, t)
			}
			sc.runs[next] <- played{ev: ev}
		}
	}()
	return sc
}

// run waits for run k (0: the plan as drafted; k: under the k-th test).
// Each is asked for once.
func (sc *scripts) run(k int) *scriptEvidence {
	r := <-sc.runs[k]
	if r.panicked != nil {
		panic(r.panicked)
	}
	return r.ev
}

// play runs the plan as drafted through the exercise engine and reads, for
// each red line, its crossings and the outcomes of its answers there. The
// engine decides everything; this only reads what each step did. valid
// says whether the plan's references all resolve, as the engine requires
// (newExercise). e is the engine that played it, nil when the script
// cannot be played.
func (s *scorer) play(valid <-chan bool) (ev *scriptEvidence, e *Exercise) {
	ev = &scriptEvidence{}
	if len(s.p.Injects) == 0 {
		ev.unplayed = unplayedNoScript
		return ev, nil
	}
	e, _ = prepare(s.p, &s.ix, ExerciseOptions{Stream: true}) // no decision to refuse
	if !<-valid {
		ev.unplayed = unplayedInvalid
		return ev, nil
	}
	s.read(e, ev)
	return ev, e
}

// playUnder runs q, the plan as stress test t has it for the engine
// (StressTest.enginePlan), through the engine as play does; e and base
// are the engine and the run of the plan as drafted. q's script can be
// played when p's can: it has p's injects, and its references resolve as
// p's do (the stand-in it adds is one of its contributions, of a nation
// the plan already has), so the engine replays the script it prepared for
// p.
func (s *scorer) playUnder(e *Exercise, base *scriptEvidence, q *Plan, t *StressTest) *scriptEvidence {
	if e == nil {
		return &scriptEvidence{unplayed: base.unplayed, test: t}
	}
	ev := &scriptEvidence{test: t}
	s.read(e.replay(q), ev)
	return ev
}

// read plays e, streamed, to the end and keeps in ev what each crossing
// did to its red line. It reads the engine's record of each step, as the
// step's Event would give it (Exercise.crossings), without making the
// Event.
func (s *scorer) read(e *Exercise, ev *scriptEvidence) {
	ev.byRedLine = make([]rlEvidence, len(s.p.RedLines))
	// Room for a first crossing of every red line; an idle one after it
	// is rarer.
	ev.outs = make([]scoreOutcome, 0, len(s.p.Links))
	for i := range ev.byRedLine {
		ev.byRedLine[i].Played = true
		ev.byRedLine[i].detailInject = -1
	}
	for e.step() {
		e.crossings(func(inject int32, at float64, first int32, outs []outRec) {
			r := &ev.byRedLine[first]
			r.Crossings++
			if r.Crossings == 1 {
				r.FirstAt, r.firstInject = at, inject
			}
			var n [outOngoing + 1]int
			for o := range outs {
				n[outs[o].status]++
			}
			r.Fired += n[outFired]
			r.Ongoing += n[outOngoing]
			r.Decision += n[outDecision]
			r.Blocked += n[outBlocked]
			idle := n[outFired]+n[outOngoing] == 0
			if idle {
				r.Idle++
			}
			if r.detailInject < 0 || idle && !r.detailIdle {
				r.detailInject, r.detailAt, r.detailIdle = inject, at, idle
				r.detailFrom = int32(len(ev.outs))
				for o := range outs {
					so := scoreOutcome{resp: e.links[outs[o].link].resp, status: outs[o].status, reason: e.reason(&outs[o])}
					so.effective, _ = e.effective(&outs[o], at)
					ev.outs = append(ev.outs, so)
				}
				r.detailTo = int32(len(ev.outs))
			}
		})
	}
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
		return s.failed(k, max(w.fails(&s.p.Contributions[k]), failDeclined))
	case strings.HasPrefix(reason, "inactive:"):
		if k, ok := s.ix.contributions[strings.TrimPrefix(reason, "inactive:")]; ok {
			return s.inactive(k)
		}
		return "it draws on a contribution that activates only after a ceasefire"
	}
	return reason
}
