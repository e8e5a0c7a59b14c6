package planner

import (
	"cmp"
	"slices"
	"strings"
)

// The weakest points of a plan: what the first page of a summary (and,
// later, the app's overview) puts before an adviser, each with what would
// fix it. They are read from the checker's findings and the scorecard, the
// functions that decide what is wrong and how credible a red line is; this
// file only ranks what they say and splits it into the wrong and the fix.

// WeakKind is what makes a point weak.
type WeakKind string

const (
	// WeakBlocker is a finding of blocker severity: the plan cannot stand
	// as drafted.
	WeakBlocker WeakKind = "blocker"
	// WeakHollow is a hollow red line: crossing it sets nothing in motion
	// that would deter (GradeOf).
	WeakHollow WeakKind = "hollow"
	// WeakCapabilityGap is a response that needs a capability no live
	// contribution provides (the capability-gap rule).
	WeakCapabilityGap WeakKind = "capability-gap"
	// WeakFragile is a fragile red line, named only when the plan has
	// fewer than MinWeakPoints worse points.
	WeakFragile WeakKind = "fragile"
)

// Label names the kind in a word or two: "Hollow red line".
func (k WeakKind) Label() string { return labelOf(weakKindLabels, k) }

var weakKindLabels = map[WeakKind]string{
	WeakBlocker: "Blocker", WeakHollow: "Hollow red line", WeakCapabilityGap: "Capability gap", WeakFragile: "Fragile red line",
}

// WeakPoint is one of a plan's weakest points.
type WeakPoint struct {
	Kind WeakKind
	// Subject is the id of the entity it is about (a red line, response,
	// contribution, term or inject); "" for the plan as a whole.
	Subject string
	// Name is the subject as a person knows it (EntityName): red line
	// “Nuclear threats”, contribution “France, air defence”; "the plan"
	// for the plan as a whole.
	Name string
	// What says what is wrong, in a sentence or two. It cites the
	// documents as the checker does, by their numbers: "(004)".
	What string
	// Fix says what would put it right, in a sentence.
	Fix string
	// Rule is the checker's rule of a finding; "" for a red line the
	// scorecard grades.
	Rule string
	// Factor is a graded red line's weakest factor, the one the fix
	// addresses; "" for a finding.
	Factor FactorID
	// Sources are the documents the point rests on.
	Sources []string
}

// How many weak points WeakestPoints names: at most MaxWeakPoints, and
// fragile red lines only to make up MinWeakPoints.
const (
	MinWeakPoints = 3
	MaxWeakPoints = 5
)

// WeakestPoints ranks the plan's weakest points, at most MaxWeakPoints:
//
//  1. the blocker findings, in the checker's order;
//  2. the hollow red lines, most severe first, then in plan order;
//  3. the capability gaps, the response answering the most severe red line
//     first, then in the checker's order;
//  4. when that makes fewer than MinWeakPoints, fragile red lines, most
//     severe first, then in plan order.
//
// A subject is named once, for its worst point. findings are
// Check(p, cat, prof)'s and sc is Score's (or ScoreStress's) for the same
// plan; a nil scorecard names no red line. prof gives the rapid response
// time a fix may name (nil: none).
func WeakestPoints(p *Plan, cat *Catalog, prof *Profile, findings []Finding, sc *Scorecard) []WeakPoint {
	names := NewNames(p, cat)
	name := func(id string) string {
		if id == "" {
			return "the plan"
		}
		return names.Name(id)
	}
	var out []WeakPoint
	seen := map[string]bool{}
	full := func() bool { return len(out) >= MaxWeakPoints }
	addFinding := func(kind WeakKind, f *Finding) {
		if seen[f.Subject] && f.Subject != "" {
			return
		}
		seen[f.Subject] = true
		what, fix := SplitFix(f.Message)
		out = append(out, WeakPoint{Kind: kind, Subject: f.Subject, Name: name(f.Subject), What: what, Fix: fix,
			Rule: f.Rule, Sources: slices.Clone(f.Sources)})
	}
	for i := range findings {
		if full() {
			return out
		}
		if findings[i].Severity == Blocker {
			addFinding(WeakBlocker, &findings[i])
		}
	}

	severity := make(map[string]int, len(p.RedLines))
	for i := range p.RedLines {
		if _, dup := severity[p.RedLines[i].ID]; !dup {
			severity[p.RedLines[i].ID] = p.RedLines[i].Severity
		}
	}
	// graded lists the red lines of a grade, most severe first, then in
	// the scorecard's (the plan's) order.
	graded := func(g Grade) []*RedLineScore {
		if sc == nil {
			return nil
		}
		var rs []*RedLineScore
		for i := range sc.RedLines {
			if sc.RedLines[i].Grade == g {
				rs = append(rs, &sc.RedLines[i])
			}
		}
		slices.SortStableFunc(rs, func(a, b *RedLineScore) int { return cmp.Compare(severity[b.RedLine], severity[a.RedLine]) })
		return rs
	}
	rapid := 0.0
	if prof != nil {
		rapid = prof.Params.RapidHours
	}
	addRedLine := func(kind WeakKind, rs *RedLineScore) {
		if seen[rs.RedLine] {
			return
		}
		seen[rs.RedLine] = true
		factor, fix := redLineFix(rs, rapid)
		wp := WeakPoint{Kind: kind, Subject: rs.RedLine, Name: name(rs.RedLine), What: rs.Why, Fix: fix, Factor: factor}
		wp.Sources = []string{}
		if factor != "" {
			wp.Sources = factor.Sources()
		}
		out = append(out, wp)
	}
	for _, rs := range graded(GradeHollow) {
		if full() {
			return out
		}
		addRedLine(WeakHollow, rs)
	}

	// A response's weight is the severity of the worst red line it answers.
	weight := map[string]int{}
	ix := indexPlan(p)
	for _, l := range ix.links {
		if l.ok() {
			id := p.Responses[l.response].ID
			weight[id] = max(weight[id], p.RedLines[l.redLine].Severity)
		}
	}
	var gaps []*Finding
	for i := range findings {
		if findings[i].Rule == "capability-gap" {
			gaps = append(gaps, &findings[i])
		}
	}
	slices.SortStableFunc(gaps, func(a, b *Finding) int { return cmp.Compare(weight[b.Subject], weight[a.Subject]) })
	for _, f := range gaps {
		if full() {
			return out
		}
		addFinding(WeakCapabilityGap, f)
	}

	for _, rs := range graded(GradeFragile) {
		if len(out) >= MinWeakPoints {
			break
		}
		addRedLine(WeakFragile, rs)
	}
	return out
}

// redLineFix is what would make a graded red line credible, aimed at its
// weakest factor: the first of the factors that enter the grade at the
// lowest level among them. A red line whose factors are all strong (each
// met by a different answer) needs one answer that meets them all.
func redLineFix(rs *RedLineScore, rapidHours float64) (FactorID, string) {
	var weakest *Factor
	rank := map[Level]int{LevelStrong: 0, LevelWeak: 1, LevelMissing: 2}
	for i := range rs.Factors {
		f := &rs.Factors[i]
		if f.Factor == FactorExercise || rank[f.Level] == 0 {
			continue
		}
		if weakest == nil || rank[f.Level] > rank[weakest.Level] {
			weakest = f
		}
	}
	if len(rs.Answers) == 0 {
		return FactorDenial, "Link a response to it in the matrix, best one that denies with forces behind it and fires automatically."
	}
	if weakest == nil {
		return "", "Make one of its answers firm: automatic, denying, fast, confirmed, holding in war, and free of a veto and of the US."
	}
	switch weakest.Factor {
	case FactorDenial:
		return weakest.Factor, "Link a response that denies, with a live contribution behind it."
	case FactorPrecommitment:
		return weakest.Factor, "Make one of its answers fire automatically when it is crossed."
	case FactorSpeed:
		within := "quickly"
		if rapidHours > 0 {
			within = "within " + Number(rapidHours) + " h"
		}
		return weakest.Factor, "Give it an automatic answer that takes effect " + within + "."
	case FactorVetoPoints:
		return weakest.Factor, "Give it an answer that needs neither EU unanimity nor NATO consensus."
	case FactorBacking:
		if weakest.Level == LevelMissing {
			return weakest.Factor, "Back its answers with live contributions."
		}
		return weakest.Factor, "Get the contributions its answers draw on confirmed."
	case FactorUSDependency:
		return weakest.Factor, "Give it an answer that does not depend on the US."
	case FactorHoldsInWar:
		return weakest.Factor, "Give it an answer that needs no ceasefire, so that it holds if the war resumes."
	}
	return weakest.Factor, "Strengthen its " + lowerFirst(weakest.Factor.Label()) + "."
}

// SplitFix splits a finding's message into what is wrong and what would
// fix it: the checker ends each message with its fix, after the last
// semicolon or full stop that is not inside brackets or quotation marks
// ("No response answers this red line, so crossing it triggers nothing
// (004); link at least one response in the matrix."). Both come back as
// sentences; a message with no such break is all what, with no fix.
func SplitFix(msg string) (what, fix string) {
	msg = strings.TrimSpace(msg)
	body := strings.TrimSuffix(msg, ".")
	depth, cut := 0, -1
	for i, r := range body {
		switch r {
		case '(', '“':
			depth++
		case ')', '”':
			depth = max(depth-1, 0)
		case ';', '.':
			if depth == 0 && strings.HasPrefix(body[i+1:], " ") {
				cut = i
			}
		}
	}
	if cut < 0 {
		return msg, ""
	}
	what = strings.TrimSpace(body[:cut]) + "."
	fix = strings.TrimSpace(body[cut+1:])
	if fix == "" {
		return msg, ""
	}
	return what, upper(fix) + "."
}
