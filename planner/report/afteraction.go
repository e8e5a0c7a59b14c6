package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"redline/planner"
	"redline/planner/chart"
)

// AfterAction is what an after-action report of a tabletop run is made from.
type AfterAction struct {
	Plan    *planner.Plan
	Catalog *planner.Catalog
	Profile *planner.Profile
	// Result holds the events played, which may be a prefix of the script
	// when the run stopped early; nil means the whole script played with
	// Decisions (planner.RunExercise). A result given is taken as it is:
	// it should have been played with the same decisions.
	Result *planner.ExerciseResult
	// Title is the run's title; "" prints "Exercise run".
	Title string
	// StartedAt is printed when it is not zero.
	StartedAt time.Time
	Decisions []planner.RunDecision
	Notes     []planner.RunNote
	// Findings are the plan's findings at the time of the run; nil means
	// planner.Check now.
	Findings []planner.Finding
	// Cite shows a source id as a citation (see Summary.Cite); nil shows
	// the id.
	Cite func(id string) (string, bool)
}

// WriteAfterActionMarkdown writes the after-action report as Markdown.
func WriteAfterActionMarkdown(w io.Writer, a AfterAction) error {
	d, err := a.document()
	if err != nil {
		return err
	}
	return writeMarkdown(w, d)
}

// WriteAfterActionHTML writes the after-action report as one self-contained
// HTML page, its timeline an inline SVG.
func WriteAfterActionHTML(w io.Writer, a AfterAction) error {
	d, err := a.document()
	if err != nil {
		return err
	}
	return writeHTML(w, d)
}

// WriteAfterActionPDF writes the after-action report as an A4 PDF.
func WriteAfterActionPDF(w io.Writer, a AfterAction) error {
	d, err := a.document()
	if err != nil {
		return err
	}
	return writePDF(w, d, a.StartedAt)
}

// decisionKey matches a recorded decision to the outcome it answers.
type decisionKey struct{ inject, redLine, response string }

func (a AfterAction) document() (*document, error) {
	p := a.Plan
	if p == nil {
		p = &planner.Plan{}
	}
	v := newPlanView(p, a.Catalog, a.Profile, a.Findings)
	v.refs = newCitations(p, v.findings, a.Cite, false)
	res, board, err := a.play(p, v.cat)
	if err != nil {
		return nil, err
	}
	title := a.Title
	if title == "" {
		title = "Exercise run"
	}
	injects := make(map[string]*planner.Inject, len(p.Injects))
	for i := range p.Injects {
		if _, dup := injects[p.Injects[i].ID]; !dup {
			injects[p.Injects[i].ID] = &p.Injects[i]
		}
	}
	injectTitle := func(id string) string {
		if in := injects[id]; in != nil && in.Title != "" {
			return in.Title
		}
		return id
	}
	quoted := func(name func(string) string) func(string) string {
		return func(id string) string { return "“" + name(id) + "”" }
	}
	redLineQ, responseQ := quoted(v.redLineName), quoted(v.responseName)
	decisions := make(map[decisionKey]*planner.RunDecision, len(a.Decisions))
	for i := range a.Decisions {
		dc := &a.Decisions[i]
		decisions[decisionKey{dc.Inject, dc.RedLine, dc.Response}] = dc
	}

	d := &document{Classification: v.classification(), Kind: "After-action report", Title: title}
	d.Meta = []field{
		{"Classification", v.classification()},
		{"Plan", p.Title},
		{"Phase at start", p.Phase.Label()},
		{"Profile", v.profileName()},
	}
	if !a.StartedAt.IsZero() {
		d.Meta = append(d.Meta, field{"Started", dateTime(a.StartedAt)})
	}

	// The sections are filled in one pass over the events.
	timeline := &table{
		Columns: []column{
			{Header: "Time", Width: 16},
			{Header: "Inject", Weight: 3},
			{Header: "Phase after", Weight: 1},
			{Header: "Red lines crossed", Weight: 3},
		},
		ToneColumn: -1,
		Empty:      "No inject was played.",
	}
	outcomes := &table{
		Columns: []column{
			{Header: "Time", Width: 16},
			{Header: "Red line crossed", Weight: 2.4},
			{Header: "Response", Weight: 2.4},
			{Header: "Outcome", Weight: 2.6},
		},
		ToneColumn: -1,
		Empty:      "No red line was crossed.",
	}
	decided := &table{
		Columns: []column{
			{Header: "Time", Width: 16},
			{Header: "Red line", Weight: 2},
			{Header: "Response", Weight: 2},
			{Header: "Decision", Weight: 1},
			{Header: "Decided", Weight: 1.6},
			{Header: "Note", Weight: 2.6},
		},
		ToneColumn: -1,
		Empty:      "No response waited for a decision.",
	}
	blocked := &table{
		Columns: []column{
			{Header: "Time", Width: 16},
			{Header: "Red line", Weight: 2},
			{Header: "Response", Weight: 2},
			{Header: "Why it could not happen", Weight: 3},
		},
		ToneColumn: -1,
		Empty:      "No response was blocked.",
	}
	var choices [4]int // approved, rejected, deferred, not decided
	used := make(map[decisionKey]bool, len(a.Decisions))
	played := make(map[string]bool, len(res.Events)) // injects played and not skipped
	lastPhase := p.Phase
	var prev decisionKey // the crossing the last outcome row belongs to
	for _, ev := range res.Events {
		at := hoursMark(ev.AtHours)
		if ev.Skipped {
			why := "Skipped"
			if ev.Unmet != nil {
				why += ": it plays only if " + ev.Unmet.Describe(redLineQ, responseQ)
			}
			timeline.Rows = append(timeline.Rows, row{Cells: []string{at, injectTitle(ev.Inject), ev.Phase.Label(), why}})
			continue
		}
		played[ev.Inject] = true
		crossed := make([]string, len(ev.Crossed))
		for i, id := range ev.Crossed {
			crossed[i] = v.redLineName(id)
		}
		phase := ev.Phase.Label()
		if ev.Phase != lastPhase {
			phase += " (changed)"
			lastPhase = ev.Phase
		}
		timeline.Rows = append(timeline.Rows, row{Cells: []string{at, injectTitle(ev.Inject), phase, joinOr(crossed, "; ", "—")}})

		answered := make(map[string]bool, len(ev.Crossed))
		for _, o := range ev.Responses {
			answered[o.RedLine] = true
		}
		for _, id := range ev.Crossed {
			if !answered[id] {
				outcomes.Rows = append(outcomes.Rows, row{Cells: []string{at, v.redLineName(id), "—", "No response is linked"}})
			}
		}
		for _, o := range ev.Responses {
			rl, resp := v.redLineName(o.RedLine), v.responseName(o.Response)
			var what string
			switch o.Status {
			case planner.Fired:
				what = "Fired"
				if o.EffectiveAtHours != nil {
					what += ", effective at " + hoursMark(*o.EffectiveAtHours)
				}
			case planner.Ongoing:
				what = "Already under way"
				if o.EffectiveAtHours != nil {
					what += ", effective at " + hoursMark(*o.EffectiveAtHours)
				}
			case planner.Decision:
				k := decisionKey{ev.Inject, o.RedLine, o.Response}
				choice, when, note := "not decided", "—", "—"
				what = "Waiting for a coalition decision"
				if dc := decisions[k]; dc != nil {
					used[k] = true
					if dc.Choice != "" {
						choice = planner.ChoiceLabel(dc.Choice)
						// The decision as taken, not as still awaited.
						what = capitalize(planner.ChoiceText(dc.Choice)) + " at " + at
						when = decidedWhen(dc, ev.AtHours, a.StartedAt)
					}
					if dc.Note != "" {
						note = dc.Note
					}
				}
				choices[choiceIndex(choice)]++
				decided.Rows = append(decided.Rows, row{Cells: []string{at, rl, resp, choice, when, note}})
			case planner.Blocked:
				why := blockedReason(o.Reason, v.names)
				what = "Blocked: " + why
				blocked.Rows = append(blocked.Rows, row{Cells: []string{at, rl, resp, capitalize(why)}})
			default:
				what = string(o.Status)
			}
			// A crossing's outcomes share its time and red line, printed once.
			shownAt, shownRL := at, rl
			if prev == (decisionKey{inject: ev.Inject, redLine: o.RedLine}) {
				shownAt, shownRL = "", ""
			}
			prev = decisionKey{inject: ev.Inject, redLine: o.RedLine}
			outcomes.Rows = append(outcomes.Rows, row{Cells: []string{shownAt, shownRL, resp, what}})
		}
	}
	// Decisions on outcomes no longer among the events (the run stepped
	// back, the inject was skipped, an earlier decision made the response
	// ongoing) are kept, so no note a facilitator took is lost.
	inRun := make(map[string]bool, len(res.Events))
	for _, ev := range res.Events {
		inRun[ev.Inject] = true
	}
	var stray []planner.RunDecision
	for _, dc := range a.Decisions {
		if !used[decisionKey{dc.Inject, dc.RedLine, dc.Response}] {
			stray = append(stray, dc)
		}
	}
	for _, dc := range stray {
		at, when := "—", "—"
		if in := injects[dc.Inject]; in != nil {
			at = hoursMark(in.AtHours)
			if dc.Choice != "" {
				when = decidedWhen(&dc, in.AtHours, a.StartedAt)
			}
		}
		choice, note := planner.ChoiceLabel(dc.Choice), dc.Note
		if dc.Choice == "" {
			choice = "not decided"
		}
		if note == "" {
			note = "—"
		}
		where := " (on an inject not played)"
		switch {
		case played[dc.Inject]:
			where = " (not put to a decision in this run)"
		case inRun[dc.Inject]:
			where = " (on an inject that was skipped)"
		}
		decided.Rows = append(decided.Rows, row{Cells: []string{at, v.redLineName(dc.RedLine), v.responseName(dc.Response),
			choice, when, note + where}})
	}

	notes := slices.Clone(a.Notes)
	slices.SortStableFunc(notes, func(x, y planner.RunNote) int { return cmp.Compare(x.AtHours, y.AtHours) })
	noteTable := &table{
		Columns:    []column{{Header: "Time", Width: 16}, {Header: "Note", Weight: 1}},
		ToneColumn: -1,
		Empty:      "The facilitator took no notes.",
	}
	for _, n := range notes {
		noteTable.Rows = append(noteTable.Rows, row{Cells: []string{hoursMark(n.AtHours), n.Text}})
	}
	timelineChart := chart.ExerciseTimeline(chart.Run{Plan: p, Result: res, Decisions: a.Decisions, Board: board})

	playedText := "all " + planner.Thousands(len(res.Events))
	if len(res.Events) < len(p.Injects) {
		playedText = planner.Thousands(len(res.Events)) + " of " + planner.Thousands(len(p.Injects)) + " (the run stopped early)"
	}
	sum := res.Summary
	if sum.Injects != len(res.Events) {
		// A result assembled step by step may not carry its totals.
		sum = planner.Summarize(res.Events)
	}
	d.Blocks = append(d.Blocks, heading{1, "Summary"}, fieldList{Fields: []field{
		{"Injects played", playedText},
		{"Injects skipped", skippedText(sum.Skipped)},
		{"Red lines crossed", planner.Thousands(sum.Crossed)},
		{"Responses fired", planner.Thousands(sum.Fired)},
		{"Responses already under way", planner.Thousands(sum.Ongoing)},
		{"Put to a decision", planner.Thousands(sum.Decision) + " (" + planner.Thousands(choices[0]) + " approved, " +
			planner.Thousands(choices[1]) + " rejected, " + planner.Thousands(choices[2]) + " deferred, " +
			planner.Thousands(choices[3]) + " not decided)"},
		{"Responses blocked", planner.Thousands(sum.Blocked)},
		{"Notes", planner.Thousands(len(a.Notes))},
		{"Findings", findingCounts(planner.Count(v.findings))},
	}})
	// The lessons come first, after the figures: what a reader takes away,
	// before the timeline and the tables that bear them out.
	d.Blocks = append(d.Blocks,
		heading{1, "Lessons"},
		heading{2, "What the run shows"}, v.lessons(planner.Lessons(p, res, a.Decisions)),
		heading{2, "From the facilitator's notes"}, noteTable,
		heading{1, "Timeline"},
		figure{Chart: timelineChart},
		heading{2, "Injects in the order played"},
		paragraph{Text: "Time is hours since the exercise started. The phase is the one in force after the inject.", Muted: true},
		timeline,
		heading{1, "Crossings and outcomes"}, outcomes,
		heading{1, "Decisions"}, decided,
		heading{1, "Blocked responses"}, blocked,
		heading{1, "Findings at the time of the run"})
	v.findingBlocks(d)
	v.refs.referenceBlocks(d)
	return d, nil
}

// play returns the run the report is about — a.Result, or the whole
// script played with a.Decisions — and the engine's board after it, which
// says when each response under way took effect. A result given is
// replayed as far as it goes for its board; when it cannot be (its plan
// has invalid references), the board is nil and the timeline reads the
// events alone.
func (a AfterAction) play(p *planner.Plan, cat *planner.Catalog) (*planner.ExerciseResult, []planner.ResponseState, error) {
	e, err := planner.NewExerciseWith(p, cat, planner.ExerciseOptions{Decisions: a.Decisions})
	if a.Result != nil {
		if err != nil {
			return a.Result, nil, nil
		}
		for e.Pos() < len(a.Result.Events) {
			if _, ok := e.Step(); !ok {
				break
			}
		}
		return a.Result, e.Board(), nil
	}
	if err != nil {
		return nil, nil, err
	}
	for {
		if _, ok := e.Step(); !ok {
			break
		}
	}
	return e.Result(), e.Board(), nil
}

// decidedWhen says when the room took a decision put to it at putAt: on
// the exercise clock, with how long after it was put, and how far into the
// session (from started) by the wall clock. What the run did not record
// is left out; "—" when it recorded neither.
func decidedWhen(dc *planner.RunDecision, putAt float64, started time.Time) string {
	var parts []string
	// A decision stored before the clock was recorded has 0.
	if dc.AtHours >= putAt && (dc.AtHours > 0 || putAt == 0) {
		clock := hoursMark(dc.AtHours)
		if lag := dc.AtHours - putAt; lag > 0 {
			clock += " (" + hours(lag) + " after it was put)"
		} else {
			clock += " (as it was put)"
		}
		parts = append(parts, clock)
	}
	if !dc.At.IsZero() && !started.IsZero() && !dc.At.Before(started) {
		parts = append(parts, sessionTime(dc.At.Sub(started))+" into the session")
	}
	return joinOr(parts, "; ", "—")
}

// sessionTime is a stretch of a session by the wall clock: "under a
// minute", "25 min", "1 h 05 min".
func sessionTime(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return "under a minute"
	case m < 60:
		return strconv.Itoa(m) + " min"
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

func choiceIndex(choice string) int {
	switch choice {
	case "Approved":
		return 0
	case "Rejected":
		return 1
	case "Deferred":
		return 2
	}
	return 3
}

func skippedText(n int) string {
	if n == 0 {
		return "0"
	}
	return planner.Thousands(n) + " (a condition of theirs did not hold)"
}
