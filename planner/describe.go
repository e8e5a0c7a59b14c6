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
// id that names nothing is given as it is. It looks through the plan; to
// name many entities, use Names.
func EntityName(p *Plan, cat *Catalog, id string) string {
	return NewNames(p, cat).Name(id)
}

// Names names the entities of one plan (see EntityName), finding each id
// through an index built on the first call, so naming every finding of a
// large plan costs one pass over it. It must not outlive a change to the
// plan.
type Names struct {
	p       *Plan
	cat     *Catalog
	index   map[string]entityRef
	lookups int
}

// entityRef is where an id lives: the list (a kind* constant) and the
// position in it; the first entity with an id wins, as the loader keeps it.
type entityRef struct {
	kind byte
	i    int
}

const (
	kindRedLine byte = iota
	kindResponse
	kindContribution
	kindTerm
	kindInject
)

// NewNames returns the names of p's entities; cat names the nations (nil
// leaves their codes).
func NewNames(p *Plan, cat *Catalog) *Names {
	if cat != nil {
		cat = cat.ForPlan(p)
	}
	return &Names{p: p, cat: cat}
}

// Name is EntityName(p, cat, id).
func (n *Names) Name(id string) string {
	if rest, ok := strings.CutPrefix(id, "link:"); ok {
		// A link's subject: link:RED_LINE:RESPONSE.
		if rl, resp, ok := strings.Cut(rest, ":"); ok {
			return "the link from " + n.Name(rl) + " to " + n.Name(resp)
		}
	}
	ref, ok := n.lookup(id)
	if !ok {
		return id
	}
	p := n.p
	switch ref.kind {
	case kindRedLine:
		return "red line “" + p.RedLines[ref.i].Title + "”"
	case kindResponse:
		return "response “" + p.Responses[ref.i].Title + "”"
	case kindContribution:
		c := &p.Contributions[ref.i]
		nation := c.Nation
		if n.cat != nil {
			nation = n.cat.ActorName(c.Nation)
		}
		return "contribution “" + nation + ", " + lowerFirst(c.Capability.Label()) + "”"
	case kindTerm:
		return "term “" + p.Terms[ref.i].Kind.Label() + "”"
	default:
		return "inject “" + p.Injects[ref.i].Title + "”"
	}
}

// lookup finds id. A single name is looked up by a scan, which is cheaper
// than an index; the index is built when a second name is asked for.
func (n *Names) lookup(id string) (entityRef, bool) {
	if n.lookups++; n.lookups == 1 {
		return n.scan(id)
	}
	if n.index == nil {
		n.index = make(map[string]entityRef)
		put := func(kind byte, i int, id string) {
			if _, dup := n.index[id]; !dup {
				n.index[id] = entityRef{kind, i}
			}
		}
		p := n.p
		for i := range p.RedLines {
			put(kindRedLine, i, p.RedLines[i].ID)
		}
		for i := range p.Responses {
			put(kindResponse, i, p.Responses[i].ID)
		}
		for i := range p.Contributions {
			put(kindContribution, i, p.Contributions[i].ID)
		}
		for i := range p.Terms {
			put(kindTerm, i, p.Terms[i].ID)
		}
		for i := range p.Injects {
			put(kindInject, i, p.Injects[i].ID)
		}
	}
	ref, ok := n.index[id]
	return ref, ok
}

// scan finds id by going through the plan's lists in the index's order.
func (n *Names) scan(id string) (entityRef, bool) {
	p := n.p
	for i := range p.RedLines {
		if p.RedLines[i].ID == id {
			return entityRef{kindRedLine, i}, true
		}
	}
	for i := range p.Responses {
		if p.Responses[i].ID == id {
			return entityRef{kindResponse, i}, true
		}
	}
	for i := range p.Contributions {
		if p.Contributions[i].ID == id {
			return entityRef{kindContribution, i}, true
		}
	}
	for i := range p.Terms {
		if p.Terms[i].ID == id {
			return entityRef{kindTerm, i}, true
		}
	}
	for i := range p.Injects {
		if p.Injects[i].ID == id {
			return entityRef{kindInject, i}, true
		}
	}
	return entityRef{}, false
}

// lowerFirst lowers a label's first letter for the middle of a sentence,
// unless the label is an acronym ("ISR").
func lowerFirst(s string) string {
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
