package planner

import (
	"cmp"
	"slices"
	"strings"
)

// The figures derived from a plan that more than one place shows: the app's
// screens, the reports and redlinectl all take them from here, so that two
// screens never give two numbers for the same thing.

// PlayOrder returns the indices of injects in the order an exercise plays
// them: by time, ties in file order.
func PlayOrder(in []Inject) []int {
	order := make([]int, len(in))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(in[a].AtHours, in[b].AtHours) })
	return order
}

// InPlayOrder reports whether order is PlayOrder(in), cheaply: a list kept
// across edits need not be sorted again when it still is.
func InPlayOrder(in []Inject, order []int) bool {
	if len(order) != len(in) {
		return false
	}
	for k := 1; k < len(order); k++ {
		a, b := order[k-1], order[k]
		if in[a].AtHours > in[b].AtHours || in[a].AtHours == in[b].AtHours && a > b {
			return false
		}
	}
	return true
}

// Tally sums contributions: how many, their personnel and their money.
type Tally struct {
	Count      int
	Personnel  int
	AmountEURm float64
}

func (t *Tally) add(c *Contribution) {
	t.Count++
	t.Personnel += c.Personnel
	t.AmountEURm += c.AmountEURm
}

// ForceScope says which contributions a force total counts. Totals over
// different scopes differ for the same nation, so whatever shows one says
// which (Describe).
type ForceScope int

const (
	// AllForces counts every live contribution, wherever it is and whatever
	// it gives.
	AllForces ForceScope = iota
	// GroundInUkraine counts only people on the ground in Ukraine in a role
	// that counts as a deployed force (Contribution.GroundPresence): what
	// the rules weigh against troop limits.
	GroundInUkraine
)

// Describe says in words what the scope counts, for a caption.
func (s ForceScope) Describe() string {
	if s == GroundInUkraine {
		return "personnel on the ground in Ukraine (front, second line, rear)"
	}
	return "all live contributions, wherever they are"
}

// NationForces is one nation's live contributions within a scope.
type NationForces struct {
	Nation string
	Tally
	// ByLocation holds the nation's personnel at each of Locations, in
	// that order.
	ByLocation []int
}

// ForceTotals sums a plan's live contributions (declined ones count for
// nothing) within one scope, by nation, location, capability and status.
type ForceTotals struct {
	Scope ForceScope
	// Nations are the contributing nations, most personnel first, then most
	// money, then by code; coalition and Ukraine alike (see Coalition).
	Nations []NationForces
	// ByLocation and ByCapability follow the order of Locations and
	// Capabilities, and hold only those with a contribution.
	ByLocation   []LocationForces
	ByCapability []CapabilityForces
	// ByStatus holds the live statuses (confirmed, pledged, conditional).
	ByStatus []StatusForces
	// Total is everything counted; Coalition the same without Ukraine's own.
	Total, Coalition Tally
	// Declined sums the declined contributions, which count nowhere else.
	Declined Tally
}

// LocationForces, CapabilityForces and StatusForces are one line of a
// breakdown.
type (
	LocationForces struct {
		Location Location
		Tally
	}
	CapabilityForces struct {
		Capability Capability
		Tally
	}
	StatusForces struct {
		Status Status
		Tally
	}
)

// TallyForces sums p's contributions within scope.
func TallyForces(p *Plan, scope ForceScope) ForceTotals {
	t := ForceTotals{Scope: scope}
	nations := map[string]*NationForces{}
	locs := make([]Tally, len(Locations))
	caps := make([]Tally, len(Capabilities))
	stats := make([]Tally, len(Statuses))
	for i := range p.Contributions {
		c := &p.Contributions[i]
		if !c.Live() {
			t.Declined.add(c)
			continue
		}
		if scope == GroundInUkraine && !c.GroundPresence() {
			continue
		}
		n := nations[c.Nation]
		if n == nil {
			n = &NationForces{Nation: c.Nation, ByLocation: make([]int, len(Locations))}
			nations[c.Nation] = n
		}
		n.add(c)
		if l := slices.Index(Locations, c.Location); l >= 0 {
			n.ByLocation[l] += c.Personnel
			locs[l].add(c)
		}
		if k := slices.Index(Capabilities, c.Capability); k >= 0 {
			caps[k].add(c)
		}
		if s := slices.Index(Statuses, c.Status); s >= 0 {
			stats[s].add(c)
		}
		t.Total.add(c)
		if c.Foreign() {
			t.Coalition.add(c)
		}
	}
	for _, n := range nations {
		t.Nations = append(t.Nations, *n)
	}
	slices.SortFunc(t.Nations, func(a, b NationForces) int {
		return cmp.Or(cmp.Compare(b.Personnel, a.Personnel), cmp.Compare(b.AmountEURm, a.AmountEURm), strings.Compare(a.Nation, b.Nation))
	})
	for i, l := range Locations {
		if locs[i].Count > 0 {
			t.ByLocation = append(t.ByLocation, LocationForces{l, locs[i]})
		}
	}
	for i, c := range Capabilities {
		if caps[i].Count > 0 {
			t.ByCapability = append(t.ByCapability, CapabilityForces{c, caps[i]})
		}
	}
	for i, s := range Statuses {
		if stats[i].Count > 0 {
			t.ByStatus = append(t.ByStatus, StatusForces{s, stats[i]})
		}
	}
	return t
}

// Answered counts the red lines that a link ties to a response that exists:
// those the unanswered-red-line rule does not flag. A red line whose id is
// duplicated shares the answers of the first with that id, as references do.
func Answered(p *Plan) int {
	ix := indexPlan(p)
	answers := ix.answers(p)
	n := 0
	for i := range p.RedLines {
		if answers[ix.redLines[p.RedLines[i].ID]] > 0 {
			n++
		}
	}
	return n
}

// planIndex resolves a plan's references: each id's first entity, by index
// into the plan's lists, and each link's ends.
type planIndex struct {
	redLines      map[string]int32
	responses     map[string]int32
	contributions map[string]int32
	// links are the plan's links with their ends resolved (-1: dangling).
	links []resolvedLink
}

func indexPlan(p *Plan) planIndex {
	ix := planIndex{
		redLines:      make(map[string]int32, len(p.RedLines)),
		responses:     make(map[string]int32, len(p.Responses)),
		contributions: make(map[string]int32, len(p.Contributions)),
		links:         make([]resolvedLink, len(p.Links)),
	}
	for i := range p.RedLines {
		if _, dup := ix.redLines[p.RedLines[i].ID]; !dup {
			ix.redLines[p.RedLines[i].ID] = int32(i)
		}
	}
	for i := range p.Responses {
		if _, dup := ix.responses[p.Responses[i].ID]; !dup {
			ix.responses[p.Responses[i].ID] = int32(i)
		}
	}
	for i := range p.Contributions {
		if _, dup := ix.contributions[p.Contributions[i].ID]; !dup {
			ix.contributions[p.Contributions[i].ID] = int32(i)
		}
	}
	for i, l := range p.Links {
		ix.links[i] = resolvedLink{index32(ix.redLines, l.RedLine), index32(ix.responses, l.Response)}
	}
	return ix
}

// answers counts, by red-line index, the links whose both ends resolve.
func (ix *planIndex) answers(p *Plan) []int32 {
	out := make([]int32, len(p.RedLines))
	for _, l := range ix.links {
		if l.ok() {
			out[l.redLine]++
		}
	}
	return out
}

// resolvedLink is a link's ends as indices into the plan's red lines and
// responses; -1 where the reference does not resolve.
type resolvedLink struct{ redLine, response int32 }

func (l resolvedLink) ok() bool { return l.redLine >= 0 && l.response >= 0 }

func index32(m map[string]int32, id string) int32 {
	if i, ok := m[id]; ok {
		return i
	}
	return -1
}
