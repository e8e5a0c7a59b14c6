package planner

import (
	"math"
	"strconv"
	"strings"
)

// Clock writes exercise time as the app, the reports and redlinectl show
// it: "T+36h" for 36 hours after the start, "T+1.5h" for ninety minutes.
func Clock(hours float64) string {
	if hours == math.Trunc(hours) && math.Abs(hours) < 1e15 {
		return "T+" + strconv.FormatInt(int64(hours), 10) + "h"
	}
	return "T+" + strconv.FormatFloat(hours, 'g', -1, 64) + "h"
}

// Day says which exercise day an hour falls on, counting from day 1.
func Day(hours float64) int {
	if hours < 0 || hours > 1e7 {
		return 0
	}
	return int(hours/24) + 1
}

// BlockedReasonText puts an Outcome's Reason in words: why the response
// cannot happen. The app, the after-action reports and the command line
// all say it this way.
func BlockedReasonText(reason string) string {
	switch {
	case reason == "":
		return ""
	case reason == "ceasefire":
		return "needs a ceasefire, and the phase is war"
	case strings.HasPrefix(reason, "declined:"):
		return "uses declined contribution " + strings.TrimPrefix(reason, "declined:")
	case strings.HasPrefix(reason, "inactive:"):
		return "uses contribution " + strings.TrimPrefix(reason, "inactive:") + ", which activates only after a ceasefire"
	}
	return reason
}

// opSymbols are the comparisons as a reader writes them.
var opSymbols = map[Op]string{OpGT: ">", OpGE: "≥", OpLT: "<", OpLE: "≤", OpEQ: "="}

// Describe says when a red line is crossed, with the indicator's unit:
// "≥ 500 personnel"; on a scale such as "level 0–5", "level ≥ 3".
func (t Threshold) Describe(unit string) string {
	op, ok := opSymbols[t.Op]
	if !ok {
		op = string(t.Op)
	}
	s := op + " " + Number(t.Value)
	switch {
	case strings.HasPrefix(unit, "level"):
		s = "level " + s
	case unit != "":
		s += " " + unit
	}
	return s
}

// Number writes a quantity: whole numbers with thousands separators, others
// with as few decimals as they need.
func Number(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return thousands(int(f))
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// EntityName is how a person knows the entity with that id in p, for a
// message or a status line: a red line, response or inject by its title in
// quotes, a contribution by nation and capability, a term by its demand. An
// id that names nothing is given as it is.
func EntityName(p *Plan, cat *Catalog, id string) string {
	if rest, ok := strings.CutPrefix(id, "link:"); ok {
		// A link's subject: link:RED_LINE:RESPONSE.
		if rl, resp, ok := strings.Cut(rest, ":"); ok {
			return "the link from " + EntityName(p, cat, rl) + " to " + EntityName(p, cat, resp)
		}
	}
	for i := range p.RedLines {
		if r := &p.RedLines[i]; r.ID == id {
			return "red line “" + r.Title + "”"
		}
	}
	for i := range p.Responses {
		if r := &p.Responses[i]; r.ID == id {
			return "response “" + r.Title + "”"
		}
	}
	for i := range p.Contributions {
		if c := &p.Contributions[i]; c.ID == id {
			nation := c.Nation
			if cat != nil {
				nation = cat.ForPlan(p).ActorName(c.Nation)
			}
			return "contribution “" + nation + ", " + lowerFirst(c.Capability.Label()) + "”"
		}
	}
	for i := range p.Terms {
		if t := &p.Terms[i]; t.ID == id {
			return "term “" + t.Kind.Label() + "”"
		}
	}
	for i := range p.Injects {
		if in := &p.Injects[i]; in.ID == id {
			return "inject “" + in.Title + "”"
		}
	}
	return id
}

// lowerFirst lowers a label's first letter for the middle of a sentence,
// unless the label is an acronym ("ISR").
func lowerFirst(s string) string {
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
