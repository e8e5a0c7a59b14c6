package main

import (
	"fmt"
	"io"
	"strings"

	"redline/planner"
	"redline/seeds"
)

func (c *cli) exercise(args []string) int {
	f := c.newFlags("exercise [--format text|json] (PLAN | [--db PATH] --plan ID)",
		"Plays the plan's injects in order of at_hours and shows, for each, the red lines\n"+
			"crossed and what each linked response does: fired (and when it takes effect),\n"+
			"decision (the coalition must decide) or blocked (and why).\n"+
			"Exit 0, or 2 when the plan cannot be read or has invalid references.")
	format := f.String("format", "text", "output `format`: text or json")
	src := f.storeSource(false)
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(c.stderr, "redlinectl exercise: --format: want text or json, got %q\n", *format)
		return exitBadInput
	}
	p, code, ok := src.load(f, pos)
	if !ok {
		return code
	}
	res, err := planner.RunExercise(p, seeds.Catalog())
	if err != nil {
		return c.fail("exercise", err)
	}
	if *format == "json" {
		if err := writeJSON(c.stdout, res); err != nil {
			return c.fail("exercise", err)
		}
		return exitOK
	}
	writeExerciseText(c.stdout, p, res)
	return exitOK
}

// Clock formats hours since the start of an exercise: T+12h, T+1.5h.
func clock(h float64) string {
	return "T+" + strings.TrimSuffix(fmt.Sprintf("%g", h), ".0") + "h"
}

func writeExerciseText(w io.Writer, p *planner.Plan, res *planner.ExerciseResult) {
	titles := make(map[string]string, len(p.Injects))
	for _, in := range p.Injects {
		titles[in.ID] = in.Title
	}
	fmt.Fprintf(w, "%s\n", p.Title)
	fmt.Fprintf(w, "exercise · %d injects · starts in %s\n", len(p.Injects), p.Phase)
	phase := p.Phase
	for _, ev := range res.Events {
		fmt.Fprintf(w, "\n%-7s %s  %s\n", clock(ev.AtHours), ev.Inject, titles[ev.Inject])
		if ev.Phase != phase {
			fmt.Fprintf(w, "        phase: %s → %s\n", phase, ev.Phase)
			phase = ev.Phase
		}
		if len(ev.Crossed) == 0 {
			fmt.Fprintln(w, "        no red line crossed")
			continue
		}
		fmt.Fprintf(w, "        crossed: %s\n", strings.Join(ev.Crossed, ", "))
		for _, o := range ev.Responses {
			switch o.Status {
			case planner.Fired:
				fmt.Fprintf(w, "        fired     %s (for %s), effective %s\n", o.Response, o.RedLine, clock(*o.EffectiveAtHours))
			case planner.Decision:
				fmt.Fprintf(w, "        decision  %s (for %s): the coalition must decide\n", o.Response, o.RedLine)
			case planner.Blocked:
				fmt.Fprintf(w, "        blocked   %s (for %s): %s\n", o.Response, o.RedLine, planner.BlockedReasonText(o.Reason))
			}
		}
	}
	s := res.Summary
	fmt.Fprintf(w, "\n%s, %s, %d fired, %s, %d blocked\n",
		countWord(s.Injects, "inject", "injects"), countWord(s.Crossed, "crossing", "crossings"),
		s.Fired, countWord(s.Decision, "decision", "decisions"), s.Blocked)
}
