package report

import (
	"cmp"
	"slices"
	"strings"

	"redline/planner"
	"redline/planner/chart"
)

// The brief: the first page of a plan summary, what an adviser reads in a
// minute before the annex — the plan in five lines, its key figures with
// one chart, its weakest points each with what would fix it, and what it
// assumes rather than sources. Every figure is planner's: the weakest
// points are planner.WeakestPoints, the grades the scorecard's, the forces
// planner.TallyForces'; this file only says them.

func (v *planView) brief(d *document, sc *planner.Scorecard) {
	d.Brief = append(d.Brief,
		heading{1, "The plan in five lines"}, bullets{Items: v.fiveLines(sc)},
		heading{1, "Key figures"}, v.keyFigures())
	v.weakPoints(d, sc)
	v.assumed(d)
}

// fiveLines says what the plan is: its red lines and how they are
// answered, the forces behind it, how credible it is, and its positions
// at the table.
func (v *planView) fiveLines(sc *planner.Scorecard) []string {
	p := v.p
	n, answered := len(p.RedLines), planner.Answered(p)
	var lines []string
	switch {
	case n == 0:
		lines = append(lines, "It draws no red line yet, and has "+plural(len(p.Responses), "response", "responses")+" to answer one.")
	case answered == n:
		lines = append(lines, plural(n, "red line", "red lines")+", "+every(n)+" answered by at least one of "+
			plural(len(p.Responses), "response", "responses")+".")
	default:
		lines = append(lines, plural(n, "red line", "red lines")+": "+planner.Thousands(answered)+" answered by "+
			plural(len(p.Responses), "response", "responses")+", "+planner.Thousands(n-answered)+" by none.")
	}

	var mech [3]int // denial, punishment, reassurance
	for i := range p.Responses {
		switch p.Responses[i].Mechanism {
		case planner.MechanismDenial:
			mech[0]++
		case planner.MechanismPunishment:
			mech[1]++
		case planner.MechanismReassurance:
			mech[2]++
		}
	}
	auto := 0
	for _, l := range p.Links {
		if l.Trigger == planner.TriggerAutomatic {
			auto++
		}
	}
	how := planner.Thousands(mech[0]) + " " + word(mech[0], "response denies", "responses deny") + ", " +
		planner.Thousands(mech[1]) + " " + word(mech[1], "punishes", "punish") + ", " +
		planner.Thousands(mech[2]) + " " + word(mech[2], "reassures", "reassure")
	switch n := len(p.Links); {
	case n == 0:
	case auto == n:
		how += "; " + word(n, "its one link fires", "all "+planner.Thousands(n)+" links fire") + " automatically"
	case auto == 0:
		how += "; " + word(n, "its one link waits", "all "+planner.Thousands(n)+" links wait") + " for a coalition decision"
	default:
		how += "; " + planner.Thousands(auto) + " of " + plural(n, "link", "links") + " fire automatically, the rest wait for a coalition decision"
	}
	lines = append(lines, how+".")

	lines = append(lines, v.forcesLine())

	if sc != nil && len(sc.RedLines) > 0 {
		g := sc.PlanWide.Grades
		lines = append(lines, capitalize(plural(g.Credible, "red line is", "red lines are"))+" credible, "+
			planner.Thousands(g.Fragile)+" fragile and "+planner.Thousands(g.Hollow)+" hollow; "+
			planner.Thousands(sc.PlanWide.HoldInWar)+" would hold as drafted if the war resumed.")
	} else {
		lines = append(lines, "With no red line, there is nothing to deter with yet.")
	}

	lines = append(lines, v.termsLine())
	return lines
}

func every(n int) string {
	if n == 1 {
		return "it"
	}
	return "each"
}

// forcesLine says who would stand on the ground in Ukraine and how firm
// that is: the coalition's ground personnel, its two largest contributors,
// and how much of it is confirmed.
func (v *planView) forcesLine() string {
	p := v.p
	total := planner.ForeignGroundPresence(p)
	if total == 0 {
		return "No coalition personnel would serve on the ground in Ukraine."
	}
	byNation := map[string]int{}
	confirmed := 0
	for i := range p.Contributions {
		k := &p.Contributions[i]
		if k.Live() && k.Foreign() && k.GroundPresence() {
			byNation[k.Nation] += k.Personnel
			if k.Status == planner.StatusConfirmed {
				confirmed += k.Personnel
			}
		}
	}
	codes := make([]string, 0, len(byNation))
	for code := range byNation {
		codes = append(codes, code)
	}
	slices.SortFunc(codes, func(a, b string) int { return cmp.Or(cmp.Compare(byNation[b], byNation[a]), strings.Compare(a, b)) })
	// The two largest by name, the rest together.
	var from []string
	rest := total
	for _, code := range codes[:min(2, len(codes))] {
		from = append(from, v.cat.ActorName(code)+" "+planner.Thousands(byNation[code]))
		rest -= byNation[code]
	}
	if rest > 0 {
		from = append(from, planner.Thousands(rest)+" from "+word(len(codes)-2, "one other", planner.Thousands(len(codes)-2)+" others"))
	}
	firm := "none of them confirmed yet"
	switch {
	case confirmed == total:
		firm = "all of them confirmed"
	case confirmed > 0:
		firm = planner.Thousands(confirmed) + " of them confirmed"
	}
	return planner.Thousands(total) + " coalition personnel on the ground in Ukraine (" + andList(from) + "), " + firm + "."
}

// termsLine says the plan's stance on each demand on the table.
func (v *planView) termsLine() string {
	var reject, negotiable, accept []string
	for _, t := range v.p.Terms {
		name := lowerFirst(t.Kind.Label())
		switch t.Stance {
		case planner.StanceReject:
			reject = append(reject, name)
		case planner.StanceNegotiable:
			negotiable = append(negotiable, name)
		case planner.StanceAccept:
			accept = append(accept, name)
		}
	}
	var parts []string
	for _, s := range []struct {
		stance planner.Stance
		names  []string
	}{{planner.StanceReject, reject}, {planner.StanceNegotiable, negotiable}, {planner.StanceAccept, accept}} {
		if len(s.names) > 0 {
			parts = append(parts, strings.ToLower(stanceWord[s.stance])+": "+strings.Join(s.names, ", "))
		}
	}
	if len(parts) == 0 {
		return "It takes no position on the adversary's demands."
	}
	return "The adversary's demands — " + strings.Join(parts, "; ") + "."
}

// stanceWord says what the plan did with a demand.
var stanceWord = map[planner.Stance]string{planner.StanceReject: "Rejected", planner.StanceNegotiable: "Negotiable",
	planner.StanceAccept: "Accepted"}

// lowerFirst lowers a label's first letter for the middle of a sentence,
// unless the label starts with an acronym ("NATO").
func lowerFirst(s string) string {
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return strings.ToLower(s[:min(1, len(s))]) + s[min(1, len(s)):]
}

// keyFigures are the plan's headline numbers beside its forces by nation.
func (v *planView) keyFigures() keyFigures {
	p := v.p
	all := planner.TallyForces(p, planner.AllForces)
	c := planner.Count(v.findings)
	live := all.Total.Count
	// The brief's chart says in a line what the annex's says in three.
	forces := chart.ForcesByNation(p, v.cat)
	forces.Caption = "Personnel of the live contributions, wherever they serve, by how firm each is."
	k := keyFigures{
		Figures: []keyFigure{
			{planner.Thousands(len(p.RedLines)), word(len(p.RedLines), "red line", "red lines")},
			{planner.Thousands(len(p.Responses)), word(len(p.Responses), "response", "responses")},
			{planner.Thousands(planner.ForeignGroundPresence(p)), "coalition troops in Ukraine"},
			{planner.Thousands(live), "live contributions of " + planner.Thousands(len(p.Contributions))},
			{euros0(all.Total.AmountEURm), "EUR m in live contributions"},
			{planner.Thousands(c.Blocker), word(c.Blocker, "blocker", "blockers") + ", " + plural(c.Warning, "warning", "warnings")},
		},
		Chart: figure{Chart: forces},
	}
	return k
}

// word is one or many, as n asks.
func word(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// euros0 is euros, with 0 for none.
func euros0(f float64) string {
	if f == 0 {
		return "0"
	}
	return euros(f)
}

// weakTone tints a weak point's kind by how bad it is, in the tones of
// the findings and the scorecard; the kind is always said in words.
var weakTone = map[planner.WeakKind]string{
	planner.WeakBlocker: "blocker", planner.WeakHollow: toneMissing,
	planner.WeakCapabilityGap: "warning", planner.WeakFragile: toneWeak,
}

// weakPoints is the brief's table of planner.WeakestPoints.
func (v *planView) weakPoints(d *document, sc *planner.Scorecard) {
	points := planner.WeakestPoints(v.p, v.cat, v.prof, v.findings, sc)
	d.Brief = append(d.Brief, heading{1, "Weakest points"})
	if len(points) == 0 {
		d.Brief = append(d.Brief, paragraph{Text: "Neither the checker nor the scorecard finds a blocker, a hollow or fragile red line or a capability gap."})
		return
	}
	t := &table{
		Columns: []column{
			{Header: "Weak point", Width: 25},
			{Header: "What is wrong", Weight: 2.6},
			{Header: "What would fix it", Weight: 1.4},
		},
		ToneColumn: 0,
	}
	blockers := 0
	for _, wp := range points {
		fix := wp.Fix
		if wp.Kind == planner.WeakHollow || wp.Kind == planner.WeakFragile {
			fix = withRefs(fix, v.refs.refs(wp.Sources))
		}
		if wp.Kind == planner.WeakBlocker {
			blockers++
		}
		what := v.refs.message(wp.What, wp.Sources)
		if what == wp.What && wp.Rule != "" {
			// A finding that cites nothing in its words cites its rule's
			// documents after them.
			what = withRefs(what, v.refs.refs(wp.Sources))
		}
		if fix == "" {
			fix = "—"
		}
		t.Rows = append(t.Rows, row{Cells: []string{wp.Kind.Label(), namedWhat(wp.Name, what), fix}, Tone: weakTone[wp.Kind]})
	}
	d.Brief = append(d.Brief, t)
	if more := planner.Count(v.findings).Blocker - blockers; more > 0 {
		d.Brief = append(d.Brief, paragraph{Text: "And " + plural(more, "more blocker", "more blockers") +
			": the annex lists every finding.", Muted: true})
	}
}

// namedWhat puts the subject's name into what is wrong with it: in place
// of the checker's "This response" when the name is a response's, or
// before the sentence ("Red line “Nuclear threats”: every answer …").
func namedWhat(name, what string) string {
	if name == "" {
		return what
	}
	kind, _, ok := strings.Cut(name, " “")
	if rest, found := strings.CutPrefix(what, "This "+kind+" "); ok && found {
		return capitalize(name) + " " + rest
	}
	if what == "" {
		return capitalize(name) + "."
	}
	return capitalize(name) + ": " + lowerFirst(what)
}

// assumed says how much of the plan rests on planning assumptions rather
// than sources, by kind of entry, and how much of the coalition's ground
// force.
func (v *planView) assumed(d *document) {
	type kind struct {
		name, many           string
		total, assumed, bare int
	}
	kinds := []*kind{{name: "red line", many: "red lines"}, {name: "response", many: "responses"},
		{name: "contribution", many: "contributions"}, {name: "link", many: "links"}, {name: "term", many: "terms"},
		{name: "inject", many: "injects"}}
	entries, assumed, bare, none := 0, 0, 0, 0
	eachProvenance(v.p, func(what string, pr *planner.Provenance) {
		for _, k := range kinds {
			if k.name != what {
				continue
			}
			k.total++
			entries++
			if pr.Assumption != "" {
				k.assumed++
				assumed++
				if len(pr.Sources) == 0 {
					k.bare++
					bare++
				}
			}
			if !pr.Sourced() {
				none++
			}
		}
	})
	d.Brief = append(d.Brief, heading{1, "Assumed rather than sourced"})
	if entries == 0 {
		d.Brief = append(d.Brief, paragraph{Text: "The plan has no entries yet."})
		return
	}
	var text string
	if assumed == 0 {
		text = "No entry rests on a planning assumption."
		if none > 0 {
			text += " " + capitalize(plural(none, "entry has", "entries have")) + " neither a source nor an assumption."
		}
	} else {
		var parts []string
		for _, k := range kinds {
			if k.assumed > 0 {
				parts = append(parts, planner.Thousands(k.assumed)+" of "+plural(k.total, k.name, k.many))
			}
		}
		text = "Resting in part on a planning assumption: " + strings.Join(parts, ", ")
		if bare > 0 {
			text += " (" + planner.Thousands(bare) + " on nothing else)"
		}
		if none > 0 {
			text += "; " + plural(none, "entry has", "entries have") + " neither a source nor an assumption"
		}
		text += "."
		var staff, assumedStaff int
		for i := range v.p.Contributions {
			k := &v.p.Contributions[i]
			if k.Live() && k.Foreign() && k.GroundPresence() {
				staff += k.Personnel
				if k.Assumption != "" {
					assumedStaff += k.Personnel
				}
			}
		}
		switch {
		case staff > 0 && assumedStaff == staff:
			text += " All " + planner.Thousands(staff) + " coalition personnel on the ground are assumed figures."
		case assumedStaff > 0:
			text += " " + planner.Thousands(assumedStaff) + " of the " + planner.Thousands(staff) +
				" coalition personnel on the ground are assumed figures."
		}
		if v.show.assumptions {
			text += " The annex marks each entry " + assumptionMark + ", with what is assumed."
		} else {
			text += " The annex marks each entry " + assumptionMark + "; this copy does not say what is assumed."
		}
	}
	d.Brief = append(d.Brief, paragraph{Text: text})
}
