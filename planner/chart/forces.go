package chart

import (
	"strings"

	"redline/planner"
)

// statusSeries are the live statuses, firmest first: confirmed solid and
// dark, pledged hatched and middling, conditional cross-hatched and light,
// so that they differ in greyscale print by pattern as well as by tone.
var statusSeries = []Series{
	{Name: planner.StatusConfirmed.Label(), Style: Style{Fill: Blue}},
	{Name: planner.StatusPledged.Label(), Style: Style{Fill: SkyBlue, Pattern: Diagonal, Ink: Blue}},
	{Name: planner.StatusConditional.Label(), Style: Style{Fill: Yellow, Pattern: Crossed, Ink: Orange}},
}

// liveStatuses are the statuses of statusSeries, in its order.
var liveStatuses = []planner.Status{planner.StatusConfirmed, planner.StatusPledged, planner.StatusConditional}

// byStatus tallies p's contributions of each live status apart, within
// scope and among those keep accepts: planner.TallyForces on the plan
// narrowed to one status at a time, so that what counts, and where, is
// decided where it always is.
func byStatus(p *planner.Plan, scope planner.ForceScope, keep func(*planner.Contribution) bool) []planner.ForceTotals {
	out := make([]planner.ForceTotals, len(liveStatuses))
	for i, s := range liveStatuses {
		sub := &planner.Plan{}
		for k := range p.Contributions {
			c := &p.Contributions[k]
			if c.Status == s && keep(c) {
				sub.Contributions = append(sub.Contributions, *c)
			}
		}
		out[i] = planner.TallyForces(sub, scope)
	}
	return out
}

// foreign reports whether a nation's contributions are the coalition's
// rather than Ukraine's own, as planner.Contribution.Foreign decides.
func foreign(nation string) bool { return (&planner.Contribution{Nation: nation}).Foreign() }

// ForcesByNation is the personnel of the plan's live contributions by
// nation, each bar stacked by status (confirmed, pledged, conditional),
// the coalition's nations and Ukraine's own forces in two groups, each to
// its own scale: Ukraine's army would flatten every contingent beside it.
// Nations are in planner.TallyForces' order, most personnel first; a
// nation that gives money or equipment but no personnel has no bar, and
// the caption names it. cat names the nations (nil leaves their codes).
func ForcesByNation(p *planner.Plan, cat *planner.Catalog) *Bars {
	c := &Bars{
		Head: Head{Title: "Forces by nation",
			Caption: "Personnel of the live contributions, wherever they serve, by how firm each is. Declined contributions are not counted.",
			Empty:   "No live contribution has personnel, so there are no forces to chart."},
		Series: statusSeries, Category: "Nation", GroupCategory: "Forces", Others: "other nations",
	}
	all := planner.TallyForces(p, planner.AllForces)
	parts := byStatus(p, planner.AllForces, func(*planner.Contribution) bool { return true })
	perNation := make([]map[string]int, len(parts))
	for i, t := range parts {
		perNation[i] = make(map[string]int, len(t.Nations))
		for _, n := range t.Nations {
			perNation[i][n.Nation] = n.Personnel
		}
	}
	coalition := BarGroup{Label: "Coalition"}
	ukraine := BarGroup{Label: "Ukraine's own forces"}
	var none []string
	for _, n := range all.Nations {
		name := cat.ActorName(n.Nation)
		if n.Personnel == 0 {
			none = append(none, name)
			continue
		}
		b := Bar{Label: name, Values: make([]float64, len(liveStatuses))}
		for i := range parts {
			b.Values[i] = float64(perNation[i][n.Nation])
		}
		if foreign(n.Nation) {
			coalition.Bars = append(coalition.Bars, b)
		} else {
			ukraine.Bars = append(ukraine.Bars, b)
		}
	}
	for _, g := range []BarGroup{coalition, ukraine} {
		if len(g.Bars) > 0 {
			c.Groups = append(c.Groups, g)
		}
	}
	if len(none) > 0 && len(c.Groups) > 0 {
		c.Caption += " With no personnel, not drawn: " + listed(none, 8) + "."
	}
	return c
}

// PersonnelByLocation is the coalition's personnel by where it serves,
// in Ukraine (its airspace included) and outside, each bar stacked by
// status, from planner.TallyForces. Ukraine's own forces are left out:
// the question it answers is where foreign troops would stand.
func PersonnelByLocation(p *planner.Plan) *Bars {
	c := &Bars{
		Head: Head{Title: "Coalition personnel by location",
			Caption: "Personnel of the coalition's live contributions by where they serve, by how firm each is. Ukraine's own forces are not counted.",
			Empty:   "No live coalition contribution has personnel, so there is nothing to chart."},
		Series: statusSeries, Category: "Location", GroupCategory: "Where", Others: "other locations",
	}
	parts := byStatus(p, planner.AllForces, func(k *planner.Contribution) bool { return k.Foreign() })
	in := BarGroup{Label: "In Ukraine"}
	out := BarGroup{Label: "Outside Ukraine"}
	for _, loc := range planner.Locations {
		b := Bar{Label: loc.Label(), Values: make([]float64, len(liveStatuses))}
		total := 0
		for i, t := range parts {
			for _, l := range t.ByLocation {
				if l.Location == loc {
					b.Values[i] = float64(l.Personnel)
					total += l.Personnel
				}
			}
		}
		if total == 0 {
			continue
		}
		if loc.InUkraine() {
			in.Bars = append(in.Bars, b)
		} else {
			out.Bars = append(out.Bars, b)
		}
	}
	for _, g := range []BarGroup{in, out} {
		if len(g.Bars) > 0 {
			c.Groups = append(c.Groups, g)
		}
	}
	return c
}

// listed names up to n things, then says how many more: "Denmark,
// European Union and 3 more".
func listed(names []string, n int) string {
	if len(names) <= n {
		if len(names) == 1 {
			return names[0]
		}
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return strings.Join(names[:n], ", ") + " and " + planner.Thousands(len(names)-n) + " more"
}
