package report

import (
	"slices"
	"strings"

	"redline/planner"
)

// The after-action report's lessons: what the run shows about the plan, in
// sentences with titles. planner.Lessons decides what the run shows; this
// file only says it.

// maxLessons is how many sentences of one kind the section writes before
// it says how many more there are: the tables above list every outcome.
const maxLessons = 20

// maxTimes is how many times a sentence names before it counts the rest.
const maxTimes = 6

// lessons says what the run shows, a sentence a lesson: the responses
// that never got under way and why; those left open that got under way
// only otherwise; the red lines whose answers were all blocked, or that
// had none; and the responses no crossing called on.
func (v *planView) lessons(l planner.RunLessons) bullets {
	q := func(s string) string { return "“" + s + "”" }
	var out []string
	add := func(items []string, more string) {
		if len(items) > maxLessons {
			items = append(items[:maxLessons:maxLessons], "And "+planner.Thousands(len(items)-maxLessons)+" more "+more+".")
		}
		out = append(out, items...)
	}

	var never, late []string
	for _, r := range l.Responses {
		name := q(v.responseName(r.Response))
		var why []string
		if len(r.Blocked) > 0 {
			reasons := make([]string, len(r.Reasons))
			for i, reason := range r.Reasons {
				reasons[i] = blockedReason(reason, v.names)
			}
			s := "blocked at " + clockList(r.Blocked)
			if len(reasons) > 0 {
				s += " (" + strings.Join(reasons, "; ") + ")"
			}
			why = append(why, s)
		}
		if len(r.Open) > 0 {
			why = append(why, "put to the coalition at "+clockList(r.Open)+" and never decided")
		}
		if len(r.Rejected) > 0 {
			why = append(why, "rejected at "+clockList(r.Rejected))
		}
		if len(r.Deferred) > 0 {
			why = append(why, "deferred at "+clockList(r.Deferred))
		}
		switch {
		case !r.UnderWay:
			never = append(never, name+" never got under way: "+strings.Join(why, "; ")+".")
		case len(r.Open) > 0:
			late = append(late, name+" was put to the coalition at "+clockList(r.Open)+" and never decided; it got under way at "+
				hoursMark(r.Since)+" all the same.")
		}
	}
	add(never, "responses never got under way")
	add(late, "responses were left open before they got under way")

	var blocked, unanswered []string
	for _, r := range l.AllBlocked() {
		blocked = append(blocked, "Every answer to "+q(v.redLineName(r.RedLine))+" was blocked when it was crossed at "+
			clockList(r.AllBlocked)+".")
	}
	for _, r := range l.Unanswered() {
		unanswered = append(unanswered, q(v.redLineName(r.RedLine))+" was crossed at "+clockList(r.Unanswered)+
			" with no response to answer it.")
	}
	add(blocked, "red lines had all their answers blocked")
	add(unanswered, "red lines were crossed with no response to answer them")

	if n := len(l.Uncalled); n > 0 {
		names := make([]string, 0, min(n, maxLessons))
		for _, id := range l.Uncalled[:min(n, maxLessons)] {
			names = append(names, q(v.responseName(id)))
		}
		list := andList(names)
		if n > maxLessons {
			list = strings.Join(names, ", ") + " and " + planner.Thousands(n-maxLessons) + " more"
		}
		if n == 1 {
			out = append(out, "1 response was never called on, since no red line it answers was crossed: "+list+".")
		} else {
			out = append(out, planner.Thousands(n)+" responses were never called on, since no red line they answer was crossed: "+list+".")
		}
	}
	if len(out) == 0 {
		out = append(out, "Every response the run called on got under way, every decision put to the coalition was taken, "+
			"and every red line crossed had an answer that was not blocked.")
	}
	return bullets{Items: out}
}

// clockList names times on the exercise clock, in run order: "T+30h", "T+30h and T+40h",
// "T+30h, T+40h and T+72h"; past maxTimes, "T+0h, …, T+60h and 12 more
// times".
func clockList(hs []float64) string {
	// One time once: a response blocked by two red lines crossed at one
	// inject was blocked at that time.
	hs = slices.Compact(slices.Clone(hs))
	marks := make([]string, 0, min(len(hs), maxTimes))
	for _, h := range hs[:min(len(hs), maxTimes)] {
		marks = append(marks, hoursMark(h))
	}
	if len(hs) > maxTimes {
		return strings.Join(marks, ", ") + " and " + planner.Thousands(len(hs)-maxTimes) + " more times"
	}
	return andList(marks)
}

// andList joins "a", "a and b", "a, b and c".
func andList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
