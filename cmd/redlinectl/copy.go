package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"redline/storage"
)

func (c *cli) copyPlans(args []string) int {
	f := c.newFlags("copy [--from DB] --to DB [PLAN-ID...]",
		"Copies plans with their whole history — every revision with its time, author and\n"+
			"summary — and their exercise runs from one Redline database to another: from your\n"+
			"file to the team's server (--to postgres://…), or back. With no ids, every plan\n"+
			"that is not in the trash. A plan the target already has with the same history gets\n"+
			"the revisions it lacks; one it has with a different history is refused, and then\n"+
			"nothing is copied (delete it there, or duplicate it here for a new id). One\n"+
			"transaction on the target: all plans or none. Prints a line per plan: id, newest\n"+
			"revision, what was copied, title. Exit 0, or 2.")
	from := f.String("from", "", "the database to copy from, a file or a postgres:// URL\n(default: $REDLINE_DB, else the desktop app's)")
	to := f.String("to", "", "the database to copy to, a file or a postgres:// URL (required)")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if *to == "" {
		fmt.Fprintf(c.stderr, "redlinectl copy: missing --to, the database to copy to\n\n")
		f.printHelp(c.stderr)
		return exitBadInput
	}
	src, err := storage.OpenDefault(*from)
	if err != nil {
		return c.fail("copy", err)
	}
	defer src.Close()
	return c.withStore("copy", *to, func(ctx context.Context, dst *storage.Store) error {
		results, err := storage.CopyPlans(ctx, src, dst, pos)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
		for _, r := range results {
			fmt.Fprintf(tw, "%s\trev %d\t%s\t%s\n", r.PlanID, r.Latest, copied(r), termText(r.Title))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, r := range results {
			for _, note := range r.Notes {
				c.warn("copy", fmt.Sprintf("plan %s: %s", r.PlanID, note))
			}
		}
		return nil
	})
}

// copied says in words what was copied of a plan.
func copied(r storage.CopyResult) string {
	var parts []string
	switch {
	case r.New:
		parts = append(parts, "copied: "+countWord(r.Revisions, "revision", "revisions"))
	case r.Revisions > 0:
		parts = append(parts, countWord(r.Revisions, "newer revision", "newer revisions"))
	}
	if r.Runs > 0 {
		parts = append(parts, countWord(r.Runs, "run", "runs"))
	}
	if len(parts) == 0 {
		return "already there"
	}
	return strings.Join(parts, ", ")
}
