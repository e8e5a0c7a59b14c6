package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"redline/planner"
	"redline/planner/report"
	"redline/seeds"
	"redline/storage"
)

func (c *cli) exercise(args []string) int {
	f := c.newFlags("exercise [--format text|json] [--report pdf|md -o FILE [--profile FILE]] (PLAN | [--db PATH] --plan ID | [--db PATH] --run ID)",
		"Plays the plan's injects in order of at_hours and shows, for each, the red lines\n"+
			"crossed and what each linked response does: fired (and when it takes effect),\n"+
			"decision (the coalition must decide) or blocked (and why).\n"+
			"With --report, writes the after-action report (PDF or Markdown) to FILE instead:\n"+
			"the timeline, every crossing and outcome, decisions with their notes, blocked\n"+
			"responses with their reasons and the plan's findings. With --run, the report is\n"+
			"that of a run saved in the app: the plan revision it played, as far as it got,\n"+
			"with the room's decisions and notes.\n"+
			"Exit 0, or 2 when the plan cannot be read or has invalid references.")
	format := f.String("format", "text", "output `format`: text or json")
	reportFormat := f.String("report", "", "write the after-action report as `pdf` or md to -o FILE")
	out := f.String("o", "", "with --report: the `FILE` to write")
	profileFile := f.String("profile", "", "with --report: show findings against the redline-profile/v1 `FILE`")
	runID := f.String("run", "", "with --report: report on the saved run `ID` (from the app's Exercise tab)")
	src := f.storeSource(false)
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(c.stderr, "redlinectl exercise: --format: want text or json, got %q\n", *format)
		return exitBadInput
	}
	switch {
	case *reportFormat == "" && (*out != "" || *runID != "" || *profileFile != ""):
		fmt.Fprintf(c.stderr, "redlinectl exercise: -o, --run and --profile go with --report pdf|md\n")
		return exitBadInput
	case *reportFormat != "" && *reportFormat != "pdf" && *reportFormat != "md":
		fmt.Fprintf(c.stderr, "redlinectl exercise: --report: want pdf or md, got %q\n", *reportFormat)
		return exitBadInput
	case *reportFormat != "" && *out == "":
		fmt.Fprintf(c.stderr, "redlinectl exercise: --report needs -o FILE\n")
		return exitBadInput
	}
	var a report.AfterAction
	var l *loaded
	if *runID != "" {
		if *src.plan != "" || len(pos) > 0 {
			fmt.Fprintf(c.stderr, "redlinectl exercise: give either --run ID or a plan, not both\n")
			return exitBadInput
		}
		var err error
		if l, a, err = c.loadRun(*src.db, *runID); err != nil {
			return c.fail("exercise", err)
		}
		defer l.close()
	} else {
		if l, code, ok = src.load(f, pos); !ok {
			return code
		}
		defer l.close()
		res, err := planner.RunExercise(l.plan, seeds.Catalog().ForPlan(l.plan))
		if err != nil {
			return c.fail("exercise", err)
		}
		a.Result = res
	}
	p := l.plan
	if *reportFormat != "" {
		prof, err := c.resolveProfile(l.store, p, *profileFile)
		if err != nil {
			return c.fail("exercise", err)
		}
		a.Plan, a.Catalog, a.Profile = p, seeds.Catalog().ForPlan(p), prof
		write := report.WriteAfterActionPDF
		if *reportFormat == "md" {
			write = report.WriteAfterActionMarkdown
		}
		var buf bytes.Buffer
		if err := write(&buf, a); err != nil {
			return c.fail("exercise", err)
		}
		if err := c.writeOutput(*out, buf.Bytes()); err != nil {
			return c.fail("exercise", err)
		}
		if *reportFormat == "pdf" {
			if u, err := report.UnprintableAfterAction(a); err == nil && u != nil {
				c.warn("exercise", u.String())
			}
		}
		return exitOK
	}
	if *format == "json" {
		if err := writeJSON(c.stdout, a.Result); err != nil {
			return c.fail("exercise", err)
		}
		return exitOK
	}
	writeExerciseText(c.stdout, p, a.Result)
	return exitOK
}

// loadRun loads a saved run with the plan revision it plays, and plays the
// plan as far as the run got. The caller closes what it returns.
func (c *cli) loadRun(db, id string) (l *loaded, a report.AfterAction, err error) {
	s, err := storage.OpenDefault(db)
	if err != nil {
		return nil, a, err
	}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	ctx := context.Background()
	r, err := s.LoadRun(ctx, id)
	if err != nil {
		return nil, a, err
	}
	p, err := s.LoadRevision(ctx, r.PlanID, r.PlanRevision)
	if err != nil {
		return nil, a, err
	}
	ex, err := planner.NewExercise(p, seeds.Catalog().ForPlan(p))
	if err != nil {
		return nil, a, err
	}
	res := &planner.ExerciseResult{Plan: p.Title, Events: []planner.Event{}}
	for ex.Pos() < r.Position {
		ev, ok := ex.Step()
		if !ok {
			break
		}
		res.Events = append(res.Events, ev)
	}
	res.Summary = planner.Summarize(res.Events)
	a = report.AfterAction{Result: res, Title: r.Title, StartedAt: r.StartedAt, Decisions: r.Decisions, Notes: r.Notes}
	return &loaded{plan: p, store: s}, a, nil
}

func writeExerciseText(w io.Writer, p *planner.Plan, res *planner.ExerciseResult) {
	titles := make(map[string]string, len(p.Injects))
	for _, in := range p.Injects {
		titles[in.ID] = in.Title
	}
	fmt.Fprintf(w, "%s\n", termText(p.Title))
	fmt.Fprintf(w, "exercise · %d injects · starts in %s\n", len(p.Injects), termText(string(p.Phase)))
	phase := p.Phase
	for _, ev := range res.Events {
		fmt.Fprintf(w, "\n%-7s %s  %s\n", planner.Clock(ev.AtHours), termText(ev.Inject), termText(titles[ev.Inject]))
		if ev.Phase != phase {
			fmt.Fprintf(w, "        phase: %s → %s\n", termText(string(phase)), termText(string(ev.Phase)))
			phase = ev.Phase
		}
		if len(ev.Crossed) == 0 {
			fmt.Fprintln(w, "        no red line crossed")
			continue
		}
		fmt.Fprintf(w, "        crossed: %s\n", termList(ev.Crossed, ", "))
		for _, o := range ev.Responses {
			resp, rl := termText(o.Response), termText(o.RedLine)
			switch o.Status {
			case planner.Fired:
				fmt.Fprintf(w, "        fired     %s (for %s), effective %s\n", resp, rl, planner.Clock(*o.EffectiveAtHours))
			case planner.Decision:
				fmt.Fprintf(w, "        decision  %s (for %s): the coalition must decide\n", resp, rl)
			case planner.Blocked:
				fmt.Fprintf(w, "        blocked   %s (for %s): %s\n", resp, rl, termText(planner.BlockedReasonText(o.Reason)))
			}
		}
	}
	s := res.Summary
	fmt.Fprintf(w, "\n%s, %s, %d fired, %s, %d blocked\n",
		countWord(s.Injects, "inject", "injects"), countWord(s.Crossed, "crossing", "crossings"),
		s.Fired, countWord(s.Decision, "decision", "decisions"), s.Blocked)
}
