package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"redline/planner"
	"redline/planner/report"
	"redline/seeds"
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

// resolveProfile picks the profile a plan is checked against: the file
// given with --profile, or the built-in profile the plan names.
func (c *cli) resolveProfile(p *planner.Plan, file string) (*planner.Profile, error) {
	builtin := seeds.Profiles()
	if file != "" {
		data, err := planner.ReadFile(file)
		if err != nil {
			return nil, err
		}
		f, err := planner.DecodeProfile(data)
		if err == nil {
			var prof *planner.Profile
			if prof, err = planner.ResolveProfile(f, builtin); err == nil {
				return prof, nil
			}
		}
		if fe, ok := err.(*planner.FormatError); ok {
			fe.Source = file
		}
		return nil, err
	}
	if prof, ok := builtin[p.Profile]; ok {
		return prof, nil
	}
	return nil, fmt.Errorf("profile: the plan names profile %q, which is not built in (built in: %s); pass its file with --profile FILE",
		p.Profile, strings.Join(profileIDs(builtin), ", "))
}

func profileIDs(m map[string]*planner.Profile) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
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
	p, code, ok := src.load(f, pos)
	if !ok {
		return code
	}
	prof, err := c.resolveProfile(p, *profileFile)
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
	fmt.Fprintf(w, "profile %s · phase %s · %s\n", termText(prof.ID), termText(string(p.Phase)), termText(p.Classification))
	for _, fd := range findings {
		subject := fd.Subject
		if subject == "" {
			subject = "(plan)"
		}
		fmt.Fprintf(w, "\n%-7s  %s  %s\n", strings.ToUpper(string(fd.Severity)), termText(fd.Rule), termText(subject))
		fmt.Fprintf(w, "  %s\n", termText(fd.Message))
		if len(fd.Sources) > 0 {
			fmt.Fprintf(w, "  sources: %s\n", termList(fd.Sources, ", "))
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
