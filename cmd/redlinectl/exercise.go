package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"redline/planner"
	"redline/planner/report"
	"redline/seeds"
	"redline/storage"
)

func (c *cli) exercise(args []string) int {
	f := c.newFlags("exercise [--format text|json] [--decisions FILE | --run ID] [--report pdf|md -o FILE [--profile FILE]] (PLAN | [--db PATH] --plan ID | [--db PATH] --run ID)",
		"Plays the plan's injects in order of at_hours and shows, for each, the red lines\n"+
			"crossed and what each linked response does: fired (and when it takes effect),\n"+
			"ongoing (already under way), decision (the coalition must decide) or blocked\n"+
			"(and why). An inject whose conditions (when) do not hold is skipped.\n"+
			"With --decisions, the coalition's choices on the decisions come from a\n"+
			"redline-decisions/v1 file; with --run, from a run saved in the app — played on\n"+
			"the plan given, or without one on the plan revision that run played.\n"+
			"With --report, writes the after-action report (PDF or Markdown) to FILE instead:\n"+
			"the timeline, every crossing and outcome, decisions with their notes, blocked\n"+
			"responses with their reasons and the plan's findings. With --run and no plan, the\n"+
			"report is that of the run as far as it got, with the room's decisions and notes.\n"+
			"Exit 0, or 2 when the plan or decisions cannot be read or the plan has invalid\n"+
			"references.")
	format := f.String("format", "text", "output `format`: text or json")
	decisionsFile := f.String("decisions", "", "play with the decisions of the redline-decisions/v1 `FILE`")
	reportFormat := f.String("report", "", "write the after-action report as `pdf` or md to -o FILE")
	out := f.String("o", "", "with --report: the `FILE` to write")
	profileFile := f.String("profile", "", "with --report: show findings against the redline-profile/v1 `FILE`")
	runID := f.String("run", "", "play with the decisions of the run `ID` saved in the app (its notes too, with --report)")
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
	case *decisionsFile != "" && *runID != "":
		fmt.Fprintf(c.stderr, "redlinectl exercise: give either --decisions FILE or --run ID, not both: a run carries its own decisions\n")
		return exitBadInput
	case *reportFormat == "" && (*out != "" || *profileFile != ""):
		fmt.Fprintf(c.stderr, "redlinectl exercise: -o and --profile go with --report pdf|md\n")
		return exitBadInput
	case *reportFormat != "" && *reportFormat != "pdf" && *reportFormat != "md":
		fmt.Fprintf(c.stderr, "redlinectl exercise: --report: want pdf or md, got %q\n", *reportFormat)
		return exitBadInput
	case *reportFormat != "" && *out == "":
		fmt.Fprintf(c.stderr, "redlinectl exercise: --report needs -o FILE\n")
		return exitBadInput
	case *decisionsFile == "-" && len(pos) == 1 && pos[0] == "-":
		fmt.Fprintf(c.stderr, "redlinectl exercise: the plan and the decisions cannot both come from standard input\n")
		return exitBadInput
	}

	var l *loaded
	var run *storage.Run // with --run
	ofRun := false       // the plan is the revision the run played
	var decisions []planner.RunDecision
	switch {
	case *runID != "":
		var err error
		if l, run, ofRun, err = c.loadRunAndPlan(src, pos, *runID); err != nil {
			return c.fail("exercise", err)
		}
		decisions = run.Decisions
	default:
		if l, code, ok = src.load(f, pos); !ok {
			return code
		}
	}
	defer l.close()
	if *decisionsFile != "" {
		var err error
		if decisions, err = c.loadDecisions(*decisionsFile); err != nil {
			return c.fail("exercise", err)
		}
	}
	p := l.plan
	cat := seeds.Catalog().ForPlan(p)
	if run != nil && run.PlanID != p.ID && p.ID != "" {
		c.warn("exercise", fmt.Sprintf("run %s played plan %s; its decisions are matched to this plan (%s) by inject, red line and response", run.ID, run.PlanID, p.ID))
	}
	if *reportFormat != "" {
		return c.exerciseReport(l, run, ofRun, decisions, *reportFormat, *out, *profileFile)
	}
	e, err := planner.NewExerciseWith(p, cat, planner.ExerciseOptions{Decisions: decisions, Stream: true})
	if err != nil {
		return c.fail("exercise", err)
	}
	if *format == "json" {
		err = e.WriteJSON(c.stdout)
	} else {
		err = writeExerciseText(c.stdout, p, e, len(decisions))
	}
	if err != nil {
		return c.fail("exercise", err)
	}
	return exitOK
}

// exerciseReport writes the after-action report. A run without a plan
// given reports as far as it got, on the revision it played; otherwise
// the whole script is played.
func (c *cli) exerciseReport(l *loaded, run *storage.Run, ofRun bool, decisions []planner.RunDecision, format, out, profileFile string) int {
	p := l.plan
	cat := seeds.Catalog().ForPlan(p)
	e, err := planner.NewExerciseWith(p, cat, planner.ExerciseOptions{Decisions: decisions})
	if err != nil {
		return c.fail("exercise", err)
	}
	stop := e.Len()
	a := report.AfterAction{Decisions: decisions}
	if run != nil {
		if ofRun {
			stop = run.Position
		}
		a.Title, a.StartedAt, a.Notes = run.Title, run.StartedAt, run.Notes
	}
	for e.Pos() < stop && e.Pos() < e.Len() {
		e.Step()
	}
	a.Result = e.Result()
	prof, err := c.resolveProfile(l.store, p, profileFile)
	if err != nil {
		return c.fail("exercise", err)
	}
	a.Plan, a.Catalog, a.Profile, a.Cite = p, cat, prof, seeds.Citer(p)
	write := report.WriteAfterActionPDF
	if format == "md" {
		write = report.WriteAfterActionMarkdown
	}
	var buf bytes.Buffer
	if err := write(&buf, a); err != nil {
		return c.fail("exercise", err)
	}
	if err := c.writeOutput(out, buf.Bytes()); err != nil {
		return c.fail("exercise", err)
	}
	if format == "pdf" {
		if u, err := report.UnprintableAfterAction(a); err == nil && u != nil {
			c.warn("exercise", u.String())
		}
	}
	return exitOK
}

// loadRunAndPlan loads a saved run from the store and the plan it is played
// on: the plan file or stored plan given, else the plan revision the run
// played (ofRun). The caller closes what it returns.
func (c *cli) loadRunAndPlan(src storeSource, pos []string, id string) (l *loaded, r *storage.Run, ofRun bool, err error) {
	if len(pos) > 1 {
		return nil, nil, false, fmt.Errorf("want one plan, got %d arguments", len(pos))
	}
	if len(pos) == 1 && *src.plan != "" {
		return nil, nil, false, errors.New("give either --plan ID or a plan file, not both")
	}
	s, err := storage.OpenDefault(*src.db)
	if err != nil {
		return nil, nil, false, err
	}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	ctx := context.Background()
	if r, err = s.LoadRun(ctx, id); err != nil {
		return nil, nil, false, err
	}
	var p *planner.Plan
	switch {
	case len(pos) == 1:
		// A plan file: the store is only the run's.
		if p, err = c.loadPlan(pos[0]); err != nil {
			return nil, nil, false, err
		}
		s.Close()
		return &loaded{plan: p}, r, false, nil
	case *src.plan != "":
		p, _, err = s.LoadPlan(ctx, *src.plan)
	default:
		p, err = s.LoadRevision(ctx, r.PlanID, r.PlanRevision)
		ofRun = true
	}
	if err != nil {
		return nil, nil, false, err
	}
	return &loaded{plan: p, store: s}, r, ofRun, nil
}

// loadDecisions reads a redline-decisions/v1 file ("-" is standard input).
func (c *cli) loadDecisions(name string) ([]planner.RunDecision, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = planner.ReadAllLimited(c.stdin)
	} else {
		data, err = planner.ReadFile(name)
	}
	if err != nil {
		return nil, err
	}
	ds, err := planner.DecodeDecisions(data)
	if err != nil {
		return nil, fromFile(err, displayName(name))
	}
	return ds, nil
}

// writeExerciseText plays the exercise to the end, writing each inject as
// it is played.
func writeExerciseText(out io.Writer, p *planner.Plan, e *planner.Exercise, decisions int) error {
	w := bufio.NewWriter(out)
	titles := make(map[string]string, len(p.Injects))
	for _, in := range p.Injects {
		if _, dup := titles[in.ID]; !dup {
			titles[in.ID] = in.Title
		}
	}
	id := func(s string) string { return termText(s) }
	fmt.Fprintf(w, "%s\n", termText(p.Title))
	fmt.Fprintf(w, "exercise · %d injects · starts in %s", len(p.Injects), termText(string(p.Phase)))
	if decisions > 0 {
		fmt.Fprintf(w, " · %s", countWord(decisions, "decision recorded", "decisions recorded"))
	}
	fmt.Fprintln(w)
	phase := p.Phase
	for {
		ev, ok := e.Step()
		if !ok {
			break
		}
		fmt.Fprintf(w, "\n%-7s %s  %s\n", planner.Clock(ev.AtHours), termText(ev.Inject), termText(titles[ev.Inject]))
		if ev.Skipped {
			fmt.Fprintf(w, "        skipped: it plays only if %s\n", ev.Unmet.Describe(id, id))
			continue
		}
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
			case planner.Ongoing:
				fmt.Fprintf(w, "        ongoing   %s (for %s): already under way, effective %s\n", resp, rl, planner.Clock(*o.EffectiveAtHours))
			case planner.Decision:
				what := "the coalition must decide"
				if o.Choice != "" {
					what = planner.ChoiceText(o.Choice)
				}
				fmt.Fprintf(w, "        decision  %s (for %s): %s\n", resp, rl, what)
			case planner.Blocked:
				fmt.Fprintf(w, "        blocked   %s (for %s): %s\n", resp, rl, termText(planner.BlockedReasonText(o.Reason)))
			}
		}
		if w.Buffered() > 32<<10 {
			if err := w.Flush(); err != nil {
				return err
			}
		}
	}
	s := e.Summary()
	fmt.Fprintf(w, "\n%s, %d skipped, %s, %d fired, %s, %d blocked, %d ongoing\n",
		countWord(s.Injects, "inject", "injects"), s.Skipped, countWord(s.Crossed, "crossing", "crossings"),
		s.Fired, countWord(s.Decision, "decision", "decisions"), s.Blocked, s.Ongoing)
	return w.Flush()
}
