package main

import (
	"bytes"
	"fmt"
	"time"

	"redline/planner/report"
	"redline/seeds"
)

func (c *cli) export(args []string) int {
	f := c.newFlags("export --format "+report.FormatNames()+" [-o OUT] [--profile FILE] [--audience AUDIENCE [--classification TEXT]] "+
		"(PLAN | [--db PATH] --plan ID [--revision N])",
		"Writes the plan as a summary to print or send (pdf, md, html: red lines, responses,\n"+
			"the response matrix, forces, terms and the checker's findings, with the\n"+
			"classification banner), the response matrix as CSV or as a picture for slides\n"+
			"(png, svg: coloured by mechanism, A or C for the trigger, with the classification;\n"+
			"a plan too large for a picture shows its most severe red lines), the whole plan\n"+
			"as an XLSX workbook that 'redlinectl import' reads back, or the canonical\n"+
			"redline-plan/v1 JSON (export → import → export gives the same bytes). The output\n"+
			"file is written whole or not at all. Exit 0, or 2 when the plan cannot be read or\n"+
			"OUT cannot be written.\n\n"+
			"A summary opens with a one-page brief (the plan in five lines, key figures with a\n"+
			"chart, the weakest points and what would fix them, what is assumed rather than\n"+
			"sourced); the rest is its annex. It is written for an audience, which its banner names:\n"+
			"  facilitator  everything (the default)\n"+
			"  participant  no exercise script (its injects, what the scorecard saw it do)\n"+
			"               and no notes on red lines: players must not read the script\n"+
			"  release      what a participant's copy leaves out, no notes at all, and no text of\n"+
			"               the planning assumptions (assumed entries keep their †), under the\n"+
			"               classification --classification gives, which release requires\n"+
			"The other formats are written whole, for the facilitator, and refuse another\n"+
			"audience (exit 2): the workbook and the plan file read back into the whole plan.")
	format := f.String("format", "json", "output `format`: "+report.FormatNames())
	out := f.String("o", "", "write to `OUT` instead of standard output")
	profileFile := f.String("profile", "", "show findings against the redline-profile/v1 `FILE` instead of the plan's profile")
	date := f.String("date", "", "print `YYYY-MM-DD` as the summary's date and the workbook's (default: today; \"none\" prints none)")
	audienceName := f.String("audience", "facilitator", "write the summary for `AUDIENCE`: "+report.AudienceNames)
	classification := f.String("classification", "", "the classification a release copy carries on its banner, such as `OFFICIAL` (--audience release only)")
	src := f.storeSource(true)
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if _, ok := report.FormatByName(*format); !ok {
		fmt.Fprintf(c.stderr, "redlinectl export: --format: want one of %s, got %q\n", report.FormatNames(), *format)
		return exitBadInput
	}
	audience, err := report.ParseAudience(*audienceName, *classification)
	if err != nil {
		fmt.Fprintf(c.stderr, "redlinectl export: --audience: %v\n", err)
		return exitBadInput
	}
	if audience != report.Facilitator && !report.TakesAudience(*format) {
		fmt.Fprintf(c.stderr, "redlinectl export: --audience %s: the %s export is written whole, for the facilitator; "+
			"a %s copy is a summary (pdf, md or html)\n", audience.Name(), *format, audience.Name())
		return exitBadInput
	}
	day, err := summaryDate(*date, c.now())
	if err != nil {
		fmt.Fprintf(c.stderr, "redlinectl export: --date: %v\n", err)
		return exitBadInput
	}
	l, code, ok := src.load(f, pos)
	if !ok {
		return code
	}
	defer l.close()
	p := l.plan
	// Sources are shown as citations, never as file names.
	s := report.Summary{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Date: day, Cite: seeds.Citer(p), Audience: audience}
	if report.ShowsFindings(*format) {
		// Only what shows findings needs the profile: the plan file and
		// the matrix export whatever profile the plan names.
		if s.Profile, err = c.resolveProfile(l.store, p, *profileFile); err != nil {
			return c.fail("export", err)
		}
	}
	var buf bytes.Buffer
	if err := report.Export(&buf, *format, s); err != nil {
		return c.fail("export", err)
	}
	if err := c.writeOutput(*out, buf.Bytes()); err != nil {
		return c.fail("export", err)
	}
	if *format == "pdf" {
		if u := report.Unprintable(s); u != nil {
			c.warn("export", u.String())
		}
	}
	return exitOK
}

// summaryDate reads --date: "" is today, "none" no date.
func summaryDate(s string, now time.Time) (time.Time, error) {
	switch s {
	case "":
		return now, nil
	case "none":
		return time.Time{}, nil
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a date as YYYY-MM-DD or none, got %q", s)
	}
	return d, nil
}
