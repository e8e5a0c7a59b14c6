package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"redline/planner"
	"redline/planner/report"
	"redline/seeds"
	"redline/storage"
)

// loadPlan reads and decodes a plan file ("-" is standard input): a
// redline-plan/v1 JSON document, or a workbook of the XLSX export, told
// apart by their first bytes.
func (c *cli) loadPlan(name string) (*planner.Plan, error) {
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
	return report.ReadPlan(data, displayName(name))
}

func displayName(name string) string {
	if name == "-" {
		return "stdin"
	}
	return name
}

// resolveProfile picks the profile a plan is checked against, in the order
// of storage.ResolvePlanProfile: the file given with --profile, else the
// profile the plan names — built in, or stored in s, the store the plan was
// read from (nil for a plan file).
func (c *cli) resolveProfile(s *storage.Store, p *planner.Plan, file string) (*planner.Profile, error) {
	var f *planner.ProfileFile
	if file != "" {
		data, err := planner.ReadFile(file)
		if err != nil {
			return nil, err
		}
		if f, err = planner.DecodeProfile(data); err != nil {
			return nil, fromFile(err, file)
		}
	}
	prof, err := storage.ResolvePlanProfile(context.Background(), s, p.Profile, f)
	switch {
	case err == nil:
		return prof, nil
	case f != nil:
		return nil, fromFile(err, file)
	case errors.Is(err, storage.ErrNotFound):
		return nil, fmt.Errorf("%w; pass its file with --profile FILE", err)
	}
	return nil, err
}

// fromFile names file as the source of a loader's error.
func fromFile(err error, file string) error {
	var fe *planner.FormatError
	if errors.As(err, &fe) {
		fe.Source = file
	}
	return err
}

// checkReport is what `check --format json` prints.
type checkReport struct {
	Plan     string            `json:"plan"`
	Profile  string            `json:"profile"`
	Findings []planner.Finding `json:"findings"`
	Counts   planner.Counts    `json:"counts"`
}

func (c *cli) check(args []string) int {
	f := c.newFlags("check [--format text|json] [--strict] [--profile FILE] (PLAN | [--db PATH] --plan ID)",
		"Checks a plan against the rules of its constraint profile and prints the findings.\n"+
			"Exit 0 when there is no blocker (with --strict: no warning either), 1 when there is,\n"+
			"2 when the plan or profile cannot be read.")
	format := f.String("format", "text", "output `format`: text or json")
	strict := f.Bool("strict", false, "exit 1 on warnings as well as blockers")
	profileFile := f.String("profile", "", "check against the redline-profile/v1 `FILE` instead of the plan's profile")
	src := f.storeSource(false)
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(c.stderr, "redlinectl check: --format: want text or json, got %q\n", *format)
		return exitBadInput
	}
	l, code, ok := src.load(f, pos)
	if !ok {
		return code
	}
	defer l.close()
	p := l.plan
	prof, err := c.resolveProfile(l.store, p, *profileFile)
	if err != nil {
		return c.fail("check", err)
	}
	findings := planner.Check(p, seeds.Catalog(), prof)
	counts := planner.Count(findings)
	if *format == "json" {
		if findings == nil {
			findings = []planner.Finding{}
		}
		if err := writeJSON(c.stdout, checkReport{Plan: p.Title, Profile: prof.ID, Findings: findings, Counts: counts}); err != nil {
			fmt.Fprintf(c.stderr, "redlinectl check: %v\n", err)
			return exitBadInput
		}
	} else {
		writeFindingsText(c.stdout, p, prof, findings, counts)
	}
	if counts.Blocker > 0 || (*strict && counts.Warning > 0) {
		return exitFindings
	}
	return exitOK
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeFindingsText(w io.Writer, p *planner.Plan, prof *planner.Profile, findings []planner.Finding, counts planner.Counts) {
	fmt.Fprintf(w, "%s\n", termText(p.Title))
	fmt.Fprintf(w, "profile %s · phase %s · %s\n", termText(prof.ID), termText(p.Phase.Label()), termText(p.Classification))
	cat := seeds.Catalog()
	for _, fd := range findings {
		// What the finding is about: its id, to find it in the file, and
		// what a person knows it by.
		subject := "(plan)"
		if fd.Subject != "" {
			subject = fd.Subject
			if name := planner.EntityName(p, cat, fd.Subject); name != fd.Subject {
				subject += " — " + name
			}
		}
		fmt.Fprintf(w, "\n%-7s  %s  %s\n", strings.ToUpper(string(fd.Severity)), termText(fd.Rule), termText(subject))
		fmt.Fprintf(w, "  %s\n", termText(fd.Message))
		// Sources as citations; the JSON output keeps their ids.
		for i, c := range seeds.PlanCitations(p, fd.Sources) {
			label := "        "
			if i == 0 {
				label = "sources:"
			}
			fmt.Fprintf(w, "  %s %s\n", label, termText(c))
		}
	}
	if len(findings) > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%s, %s, %s\n",
		countWord(counts.Blocker, "blocker", "blockers"),
		countWord(counts.Warning, "warning", "warnings"),
		countWord(counts.Advice, "advice", "advice"))
}

func countWord(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// writeOutput writes data to -o (atomically) or to standard output.
func (c *cli) writeOutput(out string, data []byte) error {
	if out == "" || out == "-" {
		_, err := c.stdout.Write(data)
		return err
	}
	return planner.WriteFileAtomic(out, data, 0o666)
}
