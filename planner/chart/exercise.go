package chart

import (
	"image/color"

	"redline/planner"
)

// Run is what an exercise timeline is drawn from: a run as the exercise
// engine played it.
type Run struct {
	Plan *planner.Plan
	// Result holds the events played (planner.RunExercise, or
	// planner.Exercise.Result for a run stopped early).
	Result *planner.ExerciseResult
	// Decisions are the room's choices, with the exercise clock when each
	// was taken (RunDecision.AtHours).
	Decisions []planner.RunDecision
	// Board is where each response stood after the events
	// (planner.Exercise.Board): when a response under way took effect.
	// For one put under way by an approved decision, the board is the only
	// place that says; without it, such a response is drawn under way from
	// its decision and in effect from the first later event that gives the
	// time, if any.
	Board []planner.ResponseState
}

// The timeline's series, by index into ExerciseTimeline's Series.
const (
	SeriesPhaseWar = iota
	SeriesPhaseCeasefire
	SeriesPhaseSettlement
	SeriesInjectPlayed
	SeriesInjectSkipped
	SeriesCrossed
	SeriesPut
	SeriesApproved
	SeriesRejected
	SeriesDeferred
	SeriesUnderWay
	SeriesInEffect
	SeriesBlocked
)

// exerciseSeries are the timeline's marks and spans. The phases are
// neutral greys that say their phase in a word, so the legend leaves them
// out; the rest differ by shape (tick, square, band, strip), fill and
// pattern as well as by colour.
var exerciseSeries = []Series{
	SeriesPhaseWar:        {Name: "War", Style: Style{Fill: PhaseWar}, Unlisted: true},
	SeriesPhaseCeasefire:  {Name: "Ceasefire", Style: Style{Fill: PhaseCalm}, Unlisted: true},
	SeriesPhaseSettlement: {Name: "Settlement", Style: Style{Fill: White}, Unlisted: true},
	SeriesInjectPlayed:    {Name: "Inject played", Style: Style{Fill: Black}, Mark: Tick},
	SeriesInjectSkipped:   {Name: "Inject skipped", Style: Style{Ink: Black}, Mark: Square},
	SeriesCrossed:         {Name: "Red line crossed", Style: Style{Fill: Vermilion}, Mark: Square},
	SeriesPut:             {Name: "Put to the coalition", Style: Style{Ink: Purple}, Mark: Square},
	SeriesApproved:        {Name: "Approved", Style: Style{Fill: Purple}, Mark: Square},
	SeriesRejected:        {Name: "Rejected", Style: Style{Fill: Black}, Mark: Square},
	SeriesDeferred:        {Name: "Deferred", Style: Style{Fill: Yellow, Ink: Black}, Mark: Square},
	SeriesUnderWay:        {Name: "Under way", Style: Style{Fill: SkyBlue, Pattern: Diagonal, Ink: White}},
	SeriesInEffect:        {Name: "In effect", Style: Style{Fill: Blue}},
	SeriesBlocked:         {Name: "Blocked", Style: Style{Fill: color.NRGBA{0xf6, 0xd0, 0xb4, 0xff}, Pattern: Crossed, Ink: Vermilion}, Mark: Strip},
}

// ExerciseTimeline is a run along the exercise clock, in four groups of
// lanes: the phase in force; one lane per inject played, in run order,
// marked played or skipped; one lane per red line crossed, marked at each
// crossing; and one lane per response the run called on, with when it was
// put to the coalition and decided, when it was under way and in effect,
// and when it stood blocked (from a blocked outcome to its next outcome,
// or the end of the run).
//
// Everything comes from the engine's events and board; names are titles.
// A long run is gathered as Timeline says; the injects' lanes are brief
// in Data, which says how many were played and skipped, since a report
// lists every inject beside it.
func ExerciseTimeline(r Run) *Timeline {
	c := &Timeline{
		Head: Head{Title: "Timeline of the run",
			Caption: "Exercise hours from the start. A response is under way from the inject that fired it, or that put it to " +
				"a decision the coalition approved, and in effect once its time to effect has passed; blocked from a blocked " +
				"outcome to its next outcome.",
			Empty: "No inject was played, so there is no timeline to draw."},
		Series: exerciseSeries,
	}
	p := r.Plan
	if p == nil {
		p = &planner.Plan{}
	}
	if r.Result == nil || len(r.Result.Events) == 0 {
		return c
	}
	events := r.Result.Events
	names := newTitles(p)

	end := 0.0
	for _, ev := range events {
		end = max(end, ev.AtHours)
	}
	c.Start = min(0, events[0].AtHours)

	// The phase in force: from the plan's to each change.
	phase := &LaneGroup{Noun: "phases", Lanes: []Lane{{Label: "Phase"}}}
	cur, from := p.Phase, c.Start
	for _, ev := range events {
		if ev.Phase != cur {
			if ev.AtHours > from {
				phase.Lanes[0].Spans = append(phase.Lanes[0].Spans, phaseSpan(cur, from, ev.AtHours))
			}
			cur, from = ev.Phase, ev.AtHours
		}
	}

	injects := &LaneGroup{Label: "Injects", Noun: "injects"}
	redLines := &LaneGroup{Label: "Red lines crossed", Noun: "red lines"}
	responses := &LaneGroup{Label: "Responses", Noun: "responses"}
	rlLane := map[string]int{}
	respLane := map[string]int{}
	var respIDs []string // by lane
	// blockedFrom is, by response lane, when its open blocked span began;
	// -1 when none is open.
	var blockedFrom []float64
	laneOf := func(id string) int {
		if i, ok := respLane[id]; ok {
			return i
		}
		respLane[id] = len(responses.Lanes)
		respIDs = append(respIDs, id)
		responses.Lanes = append(responses.Lanes, Lane{Label: names.response(id)})
		blockedFrom = append(blockedFrom, -1)
		return len(responses.Lanes) - 1
	}
	closeBlocked := func(i int, at float64) {
		if blockedFrom[i] >= 0 {
			responses.Lanes[i].Spans = append(responses.Lanes[i].Spans, Span{From: blockedFrom[i], To: at, Series: SeriesBlocked})
			blockedFrom[i] = -1
		}
	}
	decisions := make(map[[3]string]*planner.RunDecision, len(r.Decisions))
	for i := range r.Decisions {
		dc := &r.Decisions[i]
		decisions[[3]string{dc.Inject, dc.RedLine, dc.Response}] = dc
	}
	// underWay holds what the events say of each response under way:
	// since when, and from when in effect when they say it.
	type underWay struct {
		since, effect float64
		known         bool
	}
	started := map[string]*underWay{}
	start := func(id string, at float64, effect *float64) {
		u := started[id]
		if u == nil {
			u = &underWay{since: at}
			started[id] = u
		}
		if effect != nil && !u.known {
			u.effect, u.known = *effect, true
		}
	}

	for _, ev := range events {
		series := SeriesInjectPlayed
		if ev.Skipped {
			series = SeriesInjectSkipped
		}
		injects.Lanes = append(injects.Lanes, Lane{Label: names.inject(ev.Inject), Marks: []TimeMark{{At: ev.AtHours, Series: series}}})
		for _, id := range ev.Crossed {
			i, ok := rlLane[id]
			if !ok {
				i = len(redLines.Lanes)
				rlLane[id] = i
				redLines.Lanes = append(redLines.Lanes, Lane{Label: names.redLine(id)})
			}
			redLines.Lanes[i].Marks = append(redLines.Lanes[i].Marks, TimeMark{At: ev.AtHours, Series: SeriesCrossed})
		}
		for _, o := range ev.Responses {
			i := laneOf(o.Response)
			ln := &responses.Lanes[i]
			if o.Status == planner.Blocked {
				if blockedFrom[i] < 0 {
					blockedFrom[i] = ev.AtHours
				}
				continue
			}
			closeBlocked(i, ev.AtHours)
			switch o.Status {
			case planner.Fired, planner.Ongoing:
				start(o.Response, ev.AtHours, o.EffectiveAtHours)
			case planner.Decision:
				ln.Marks = append(ln.Marks, TimeMark{At: ev.AtHours, Series: SeriesPut})
				choice := o.Choice
				dc := decisions[[3]string{ev.Inject, o.RedLine, o.Response}]
				if choice == "" && dc != nil {
					choice = dc.Choice
				}
				if choice == "" {
					continue
				}
				at := ev.AtHours
				// A decision stored before the clock was recorded has 0.
				if dc != nil && dc.AtHours >= at && (dc.AtHours > 0 || at == 0) {
					at = dc.AtHours
				}
				end = max(end, at)
				switch choice {
				case planner.Approved:
					ln.Marks = append(ln.Marks, TimeMark{At: at, Series: SeriesApproved})
					start(o.Response, ev.AtHours, nil)
				case planner.Rejected:
					ln.Marks = append(ln.Marks, TimeMark{At: at, Series: SeriesRejected})
				default:
					ln.Marks = append(ln.Marks, TimeMark{At: at, Series: SeriesDeferred})
				}
			}
		}
	}
	// The engine's board has the last word on when a response took effect.
	for _, st := range r.Board {
		if st.Status != planner.StandUnderWay || st.Response == nil {
			continue
		}
		if u := started[st.Response.ID]; u != nil {
			u.since, u.effect, u.known = st.Since, st.EffectiveAt, true
		}
	}
	for _, u := range started {
		if u.known {
			end = max(end, u.effect)
		}
	}
	if !(end > c.Start) {
		end = c.Start + 1
	}
	c.End = end
	phase.Lanes[0].Spans = append(phase.Lanes[0].Spans, phaseSpan(cur, from, end))
	for i, id := range respIDs {
		closeBlocked(i, end)
		u := started[id]
		if u == nil {
			continue
		}
		ln := &responses.Lanes[i]
		if !u.known {
			ln.Spans = append(ln.Spans, Span{From: u.since, To: end, Series: SeriesUnderWay})
			continue
		}
		if u.effect > u.since {
			ln.Spans = append(ln.Spans, Span{From: u.since, To: u.effect, Series: SeriesUnderWay})
		}
		ln.Spans = append(ln.Spans, Span{From: u.effect, To: end, Series: SeriesInEffect})
	}
	injects.Brief = true
	c.Groups = []LaneGroup{*phase, *injects, *redLines, *responses}
	return c
}

func phaseSpan(ph planner.Phase, from, to float64) Span {
	s := SeriesPhaseCeasefire
	switch ph {
	case planner.PhaseWar:
		s = SeriesPhaseWar
	case planner.PhaseSettlement:
		s = SeriesPhaseSettlement
	}
	label := ph.Label()
	if label == "" {
		label = "No phase set"
	}
	return Span{From: from, To: to, Series: s, Label: label}
}

// titles names a plan's red lines, responses and injects by their titles:
// the first with an id, as the engine resolves it; an id with no title is
// shown as it is, having no other name.
type titles struct{ redLines, responses, injects map[string]string }

func newTitles(p *planner.Plan) titles {
	t := titles{make(map[string]string, len(p.RedLines)), make(map[string]string, len(p.Responses)), make(map[string]string, len(p.Injects))}
	for i := range p.RedLines {
		if _, dup := t.redLines[p.RedLines[i].ID]; !dup {
			t.redLines[p.RedLines[i].ID] = p.RedLines[i].Title
		}
	}
	for i := range p.Responses {
		if _, dup := t.responses[p.Responses[i].ID]; !dup {
			t.responses[p.Responses[i].ID] = p.Responses[i].Title
		}
	}
	for i := range p.Injects {
		if _, dup := t.injects[p.Injects[i].ID]; !dup {
			t.injects[p.Injects[i].ID] = p.Injects[i].Title
		}
	}
	return t
}

func titleOr(m map[string]string, id string) string {
	if s := m[id]; s != "" {
		return s
	}
	return id
}

func (t titles) redLine(id string) string  { return titleOr(t.redLines, id) }
func (t titles) response(id string) string { return titleOr(t.responses, id) }
func (t titles) inject(id string) string   { return titleOr(t.injects, id) }
