package main

import (
	"context"
	"encoding/json"
	"fmt"

	"redline/planner"
	"redline/planner/diff"
	"redline/seeds"
	"redline/storage"
)

// diffOutput is `diff --format json`: what is compared and the changes.
type diffOutput struct {
	From      string        `json:"from"`
	To        string        `json:"to"`
	Reordered bool          `json:"reordered"`
	Changes   []diff.Change `json:"changes"`
}

func (c *cli) diff(args []string) int {
	f := c.newFlags("diff [--format text|json] (OLD NEW | [--db PATH] --plan ID [--from N] [--to M])",
		"Says what changed between two plans, entity by entity and field by field, in words:\n"+
			"  Red line “Ground incursion”: threshold ≥ 500 personnel → ≥ 300 personnel; link to …\n"+
			"OLD and NEW are plan files (one of them may be - for standard input); with --plan,\n"+
			"two revisions of a stored plan: --from N (default: the one before --to) and --to M\n"+
			"(default: the newest). JSON keeps the ids beside the words. Exit 0, or 2 on bad input.")
	format := f.String("format", "text", "output `format`: text or json")
	db := f.dbFlag()
	plan := f.String("plan", "", "compare two revisions of the stored plan `ID`")
	from := f.Int64("from", 0, "with --plan: the older revision `N`")
	to := f.Int64("to", 0, "with --plan: the newer revision `M`")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(c.stderr, "redlinectl diff: --format: want text or json, got %q\n", *format)
		return exitBadInput
	}
	var a, b *planner.Plan
	var out diffOutput
	switch {
	case *plan == "":
		if *db != "" || *from != 0 || *to != 0 {
			fmt.Fprintln(c.stderr, "redlinectl diff: --db, --from and --to go with --plan ID")
			return exitBadInput
		}
		if len(pos) != 2 {
			fmt.Fprintf(c.stderr, "redlinectl diff: want two plans, OLD and NEW, got %d\n\n", len(pos))
			f.printHelp(c.stderr)
			return exitBadInput
		}
		if pos[0] == "-" && pos[1] == "-" {
			fmt.Fprintln(c.stderr, "redlinectl diff: only one plan can come from standard input")
			return exitBadInput
		}
		var err error
		if a, err = c.loadPlan(pos[0]); err != nil {
			return c.fail("diff", err)
		}
		if b, err = c.loadPlan(pos[1]); err != nil {
			return c.fail("diff", err)
		}
		out.From, out.To = pos[0], pos[1]
	default:
		if len(pos) > 0 {
			fmt.Fprintln(c.stderr, "redlinectl diff: give either --plan ID or two plan files, not both")
			return exitBadInput
		}
		code := c.withStore("diff", *db, func(ctx context.Context, s *storage.Store) error {
			var err error
			a, b, out.From, out.To, err = revisionPair(ctx, s, *plan, *from, *to)
			return err
		})
		if code != exitOK {
			return code
		}
	}
	out.Changes = diff.Plans(a, b, diff.Options{Catalog: seeds.Catalog(), Cite: seeds.Citer(b)})
	out.Reordered = diff.Reordered(a, b)
	if *format == "json" {
		if out.Changes == nil {
			out.Changes = []diff.Change{}
		}
		data, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return c.fail("diff", err)
		}
		fmt.Fprintf(c.stdout, "%s\n", data)
		return exitOK
	}
	fmt.Fprintf(c.stdout, "From %s to %s: %s.\n", termText(out.From), termText(out.To), diff.Count(out.Changes))
	for _, ch := range out.Changes {
		fmt.Fprintf(c.stdout, "%s.\n", termText(ch.String()))
	}
	if out.Reordered {
		fmt.Fprintln(c.stdout, "Entries were also put in another order.")
	}
	return exitOK
}

// revisionPair loads two revisions of a stored plan: to (0: the newest)
// and from (0: the one before to), and names them for the output.
func revisionPair(ctx context.Context, s *storage.Store, id string, from, to int64) (a, b *planner.Plan, fromName, toName string, err error) {
	if to == 0 {
		revs, err := s.Revisions(ctx, id)
		if err != nil {
			return nil, nil, "", "", err
		}
		if len(revs) == 0 {
			return nil, nil, "", "", fmt.Errorf("plan %s has no revisions", id)
		}
		to = revs[0].N
	}
	if from == 0 {
		from = to - 1
	}
	if from < 1 {
		return nil, nil, "", "", fmt.Errorf("plan %s: revision %d is the first; there is nothing before it to compare with", id, to)
	}
	if a, err = s.LoadRevision(ctx, id, from); err != nil {
		return nil, nil, "", "", err
	}
	if b, err = s.LoadRevision(ctx, id, to); err != nil {
		return nil, nil, "", "", err
	}
	return a, b, fmt.Sprintf("%s revision %d", id, from), fmt.Sprintf("revision %d", to), nil
}
