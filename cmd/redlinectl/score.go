package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"redline/planner"
	"redline/seeds"
)

func (c *cli) score(args []string) int {
	f := c.newFlags("score [--format text|json] [--stress NAME]... [--profile FILE] (PLAN | [--db PATH] --plan ID)",
		"Prints the plan's deterrence scorecard: for each red line its grade (credible,\n"+
			"fragile or hollow) and the factors behind it — denial, pre-commitment, speed, veto\n"+
			"points, backing, US dependency, whether it holds in war, and what the plan's own\n"+
			"exercise script did to it — then plan-wide lines. With --stress, the scorecard is\n"+
			"worked out again under each stress test and set beside the plan as drafted:\n"+
			"  "+strings.Join(planner.StressTestNames(), ", ")+", or all of them;\n"+
			"a redline-profile/v1 FILE ending in .json scores under that profile instead.\n"+
			"Exit 0, or 2 when the plan or a profile cannot be read or a stress test is unknown.")
	format := f.String("format", "text", "output `format`: text or json")
	profileFile := f.String("profile", "", "score against the redline-profile/v1 `FILE` instead of the plan's profile")
	var stress []string
	f.Func("stress", "also score under the stress test `NAME` (repeat, or separate with commas; all for every built-in one)", func(v string) error {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				stress = append(stress, name)
			}
		}
		return nil
	})
	src := f.storeSource(false)
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(c.stderr, "redlinectl score: --format: want text or json, got %q\n", *format)
		return exitBadInput
	}
	var names []string
	for _, name := range stress {
		switch _, builtIn := planner.StressTestByName(name); {
		case name == "all":
			names = append(names, planner.StressTestNames()...)
		case builtIn:
			names = append(names, name)
		case strings.HasSuffix(name, ".json"):
			names = append(names, name)
		default:
			fmt.Fprintf(c.stderr, "redlinectl score: --stress: unknown stress test %q; the stress tests are %s, all, or a redline-profile/v1 file ending in .json\n",
				termText(name), strings.Join(planner.StressTestNames(), ", "))
			return exitBadInput
		}
	}
	l, code, ok := src.load(f, pos)
	if !ok {
		return code
	}
	defer l.close()
	p := l.plan
	prof, err := c.resolveProfile(l.store, p, *profileFile)
	if err != nil {
		return c.fail("score", err)
	}
	var tests []planner.StressTest
	seen := map[string]bool{}
	for _, name := range names {
		t, builtIn := planner.StressTestByName(name)
		if !builtIn {
			sp, err := c.resolveProfile(l.store, p, name)
			if err != nil {
				return c.fail("score", err)
			}
			t = planner.ProfileStressTest(sp)
		}
		if !seen[t.Name] {
			seen[t.Name] = true
			tests = append(tests, t)
		}
	}
	sc := planner.ScoreStress(p, seeds.Catalog(), prof, tests)
	if *format == "json" {
		if err := writeJSON(c.stdout, sc); err != nil {
			fmt.Fprintf(c.stderr, "redlinectl score: %v\n", err)
			return exitBadInput
		}
		return exitOK
	}
	writeScoreText(c.stdout, p, prof, sc)
	return exitOK
}

// writeScoreText writes a scorecard as people read it: each red line with
// its grade in words first, a table of its factors, and what each stress
// test changes; then the plan-wide lines. Plan text is escaped (termText).
func writeScoreText(w io.Writer, p *planner.Plan, prof *planner.Profile, sc *planner.Scorecard) {
	cat := seeds.Catalog().ForPlan(p)
	fmt.Fprintf(w, "%s\n", termText(p.Title))
	about := fmt.Sprintf("profile %s · phase %s · rapid response within %s h", termText(prof.ID), termText(string(p.Phase)),
		planner.Number(prof.Params.RapidHours))
	if vp := prof.Params.VetoPlayers; len(vp) > 0 {
		players := make([]string, len(vp))
		for i, code := range vp {
			players[i] = cat.ActorName(code)
		}
		about += " · EU veto: " + termList(players, ", ")
	}
	fmt.Fprintf(w, "%s · %s\n", about, termText(p.Classification))
	if len(sc.Tests) > 0 {
		fmt.Fprintln(w, "\nStress tests:")
		for _, t := range sc.Tests {
			fmt.Fprintf(w, "  %-18s %s: %s\n", termText(t.Name), termText(t.Title), termText(t.About))
		}
	}
	for i := range sc.RedLines {
		rs := &sc.RedLines[i]
		fmt.Fprintf(w, "\n%s  %s\n", strings.ToUpper(rs.Grade.Label()), termText(rs.Title))
		if rs.Why != "" {
			fmt.Fprintf(w, "  %s\n", termText(rs.Why))
		}
		for _, fc := range rs.Factors {
			fmt.Fprintf(w, "  %-17s  %-7s  %s%s\n", fc.Factor.Label(), fc.Level, termText(fc.Message), shortSources(fc.Sources))
		}
		for k, st := range rs.Stress {
			if k == 0 {
				fmt.Fprintln(w, "  Under stress:")
			}
			fmt.Fprintf(w, "    %-18s  %-8s  %s\n", termText(st.Name), st.Grade, stressChange(rs, &st))
		}
	}
	pw := &sc.PlanWide
	fmt.Fprintln(w, "\nPlan-wide")
	for _, l := range pw.Lines {
		fmt.Fprintf(w, "  %s%s\n", termText(l.Message), shortSources(l.Sources))
	}
	for k, st := range pw.Stress {
		if k == 0 {
			fmt.Fprintln(w, "  Under stress:")
		}
		fmt.Fprintf(w, "    %-18s  %d credible, %d fragile, %d hollow; %s; %d of %d keep an answer in war\n", termText(st.Name),
			st.Grades.Credible, st.Grades.Fragile, st.Grades.Hollow,
			countWord(st.Changed, "red line changes grade", "red lines change grade"), st.AnsweredInWar, pw.RedLines)
	}
}

// stressChange says what a stress test changes for a red line: "was
// credible; denial strong → missing, backing strong → weak".
func stressChange(rs *planner.RedLineScore, st *planner.StressResult) string {
	var parts []string
	if st.Grade != rs.Grade {
		parts = append(parts, "was "+string(rs.Grade))
	}
	var changes []string
	for k, level := range st.Levels {
		if b := rs.Factors[k]; b.Level != level {
			changes = append(changes, fmt.Sprintf("%s %s → %s", strings.ToLower(b.Factor.Label()), b.Level, level))
		}
	}
	if len(changes) > 0 {
		parts = append(parts, strings.Join(changes, ", "))
	}
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, "; ")
}

// shortSources cites documents by their numbers: " (000, 001)"; "" for
// none. A plan's own source is cited by its id.
func shortSources(srcs []string) string {
	if len(srcs) == 0 {
		return ""
	}
	short := make([]string, len(srcs))
	for i, s := range srcs {
		if planner.IsBuiltinSource(s) {
			short[i] = planner.ShortSource(s)
		} else {
			short[i] = termText(s)
		}
	}
	return " (" + strings.Join(slices.Compact(short), ", ") + ")"
}
