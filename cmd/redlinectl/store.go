package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"redline/planner"
	"redline/storage"
)

// dbFlag adds --db to a command: the store file, by default the one the
// desktop app uses (REDLINE_DB overrides the default).
func (f *flags) dbFlag() *string {
	return f.String("db", "", "the Redline database `PATH`, a file or a postgres://ROLE@HOST/DATABASE URL\n"+
		"(default: $REDLINE_DB, else the desktop app's). A URL's password is taken from\n"+
		"PGPASSWORD or ~/.pgpass rather than the URL; Redline stores none")
}

// withStore opens the store, runs fn and closes it; errors exit 2.
func (c *cli) withStore(cmd, path string, fn func(ctx context.Context, s *storage.Store) error) int {
	s, err := storage.OpenDefault(path)
	if err != nil {
		return c.fail(cmd, err)
	}
	ctx := context.Background()
	err = fn(ctx, s)
	if cerr := s.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return c.fail(cmd, err)
	}
	return exitOK
}

func (c *cli) importPlans(args []string) int {
	f := c.newFlags("import [--db PATH] PLAN...",
		"Stores plan files (redline-plan/v1 JSON, or workbooks of 'export --format xlsx')\n"+
			"in the Redline database and prints the id of each, one per line.\n"+
			"A plan without an id gets a new one; a plan whose id is already stored becomes\n"+
			"its newest revision (the earlier ones stay, see 'redlinectl revisions').\n"+
			"All files are stored in one transaction: if one cannot be, none is. Exit 0, or 2.")
	db := f.dbFlag()
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintf(c.stderr, "redlinectl import: missing plan (a file, or - for standard input)\n")
		return exitBadInput
	}
	plans := make([]storage.PlanImport, len(pos))
	for i, name := range pos {
		p, err := c.loadPlan(name)
		if err != nil {
			return c.fail("import", err)
		}
		plans[i] = storage.PlanImport{Plan: p, Source: displayName(name)}
	}
	// One transaction: a file that cannot be stored leaves the others
	// unstored too, so that the import can simply be run again.
	return c.withStore("import", *db, func(ctx context.Context, s *storage.Store) error {
		if _, err := s.ImportPlans(ctx, plans); err != nil {
			return err
		}
		for _, p := range plans {
			fmt.Fprintln(c.stdout, p.Plan.ID)
		}
		return nil
	})
}

func (c *cli) list(args []string) int {
	f := c.newFlags("list [--db PATH] [--trash]",
		"Lists the stored plans, one per line, id first: revision, last change and who\n"+
			"saved it (- when not recorded), findings (blockers/warnings/advice), phase and\n"+
			"title. Exit 0, or 2.")
	db := f.dbFlag()
	trash := f.Bool("trash", false, "list the plans in the trash instead")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(c.stderr, "redlinectl list: unexpected argument %q\n", pos[0])
		return exitBadInput
	}
	return c.withStore("list", *db, func(ctx context.Context, s *storage.Store) error {
		plans, err := s.ListPlans(ctx, storage.ListOptions{Trash: *trash})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
		for _, p := range plans {
			by := p.SavedBy
			if by == "" {
				by = "-"
			}
			fmt.Fprintf(tw, "%s\trev %d\t%s\t%s\t%d/%d/%d\t%s\t%s\n", p.ID, p.Revision,
				p.UpdatedAt.Local().Format("2006-01-02 15:04"), termText(by), p.Blockers, p.Warnings, p.Advice,
				termText(string(p.Phase)), termText(p.Title))
		}
		return tw.Flush()
	})
}

func (c *cli) revisions(args []string) int {
	f := c.newFlags("revisions [--db PATH] PLAN-ID",
		"Lists the saved revisions of a stored plan, newest first: number, time, author\n"+
			"(- when not recorded) and what changed. 'redlinectl export --plan ID --revision N'\n"+
			"writes one out. Exit 0, or 2.")
	db := f.dbFlag()
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	id, code, ok := f.one(pos, "plan id")
	if !ok {
		return code
	}
	return c.withStore("revisions", *db, func(ctx context.Context, s *storage.Store) error {
		revs, err := s.Revisions(ctx, id)
		if err != nil {
			return err
		}
		for _, r := range revs {
			author := r.Author
			if author == "" {
				author = "-"
			}
			fmt.Fprintf(c.stdout, "%d\t%s\t%s\t%s\n", r.N, r.At.Local().Format(time.DateTime), termText(author), termText(r.Summary))
		}
		return nil
	})
}

func (c *cli) deletePlans(args []string) int {
	return c.eachPlan(args, "delete [--db PATH] PLAN-ID...",
		"Moves stored plans to the trash; 'redlinectl restore' brings them back until the\n"+
			"trash is emptied in the app. Exit 0, or 2.",
		(*storage.Store).DeletePlan)
}

func (c *cli) restorePlans(args []string) int {
	return c.eachPlan(args, "restore [--db PATH] PLAN-ID...", "Brings plans back from the trash. Exit 0, or 2.",
		(*storage.Store).RestorePlan)
}

// eachPlan runs a store operation on every plan id given.
func (c *cli) eachPlan(args []string, usage, about string, op func(*storage.Store, context.Context, string) error) int {
	f := c.newFlags(usage, about)
	db := f.dbFlag()
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintf(c.stderr, "redlinectl %s: missing plan id\n", f.Name())
		return exitBadInput
	}
	return c.withStore(f.Name(), *db, func(ctx context.Context, s *storage.Store) error {
		for _, id := range pos {
			if err := op(s, ctx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

func (c *cli) backup(args []string) int {
	f := c.newFlags("backup [--db PATH] OUT",
		"Writes a consistent copy of the database to OUT while it may be in use.\n"+
			"OUT must not exist. A database on a PostgreSQL server is backed up there, with\n"+
			"pg_dump. Exit 0, or 2.")
	db := f.dbFlag()
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	out, code, ok := f.one(pos, "output path")
	if !ok {
		return code
	}
	return c.withStore("backup", *db, func(ctx context.Context, s *storage.Store) error {
		return s.Backup(ctx, out)
	})
}

func (c *cli) verify(args []string) int {
	f := c.newFlags("verify [--db PATH]",
		"Runs SQLite's integrity check over the whole database and prints \"ok\" or what is\n"+
			"damaged; on a PostgreSQL server, which checks its own pages, checks that the schema\n"+
			"is current and every plan has its latest revision. Exit 0 when it is ok, 2 otherwise.")
	db := f.dbFlag()
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(c.stderr, "redlinectl verify: unexpected argument %q\n", pos[0])
		return exitBadInput
	}
	return c.withStore("verify", *db, func(ctx context.Context, s *storage.Store) error {
		problems, err := s.Verify(ctx)
		if err != nil {
			return err
		}
		if len(problems) == 0 || (len(problems) == 1 && problems[0] == "ok") {
			fmt.Fprintln(c.stdout, "ok")
			return nil
		}
		return fmt.Errorf("the database is damaged:\n%s", strings.Join(problems, "\n"))
	})
}

// loaded is a command's plan and the store it was read from, nil for a
// file: the store stays open until close, so that the profile the plan
// names is looked up there too.
type loaded struct {
	plan  *planner.Plan
	store *storage.Store
}

func (l *loaded) close() {
	if l.store != nil {
		l.store.Close()
	}
}

// loadFromStore loads a stored plan, or one of its revisions when rev > 0.
func (c *cli) loadFromStore(db, id string, rev int64) (*loaded, error) {
	s, err := storage.OpenDefault(db)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	var p *planner.Plan
	if rev > 0 {
		p, err = s.LoadRevision(ctx, id, rev)
	} else {
		p, _, err = s.LoadPlan(ctx, id)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return &loaded{plan: p, store: s}, nil
}

// storeSource adds --db, --plan and (with revisions) --revision to a command
// that reads a plan, so that it can read a stored plan instead of a file.
type storeSource struct {
	db, plan *string
	revision *int64
}

func (f *flags) storeSource(withRevision bool) storeSource {
	s := storeSource{db: f.dbFlag(), plan: f.String("plan", "", "read the stored plan `ID` instead of a file")}
	if withRevision {
		s.revision = f.Int64("revision", 0, "with --plan: read revision `N` instead of the newest")
	}
	return s
}

// load reads the plan from the store (--plan) or from the one positional
// argument; ok is false when the command must exit with code. The caller
// closes what it returns.
func (s storeSource) load(f *flags, pos []string) (l *loaded, code int, ok bool) {
	c := f.c
	if *s.plan == "" {
		if *s.db != "" || (s.revision != nil && *s.revision != 0) {
			fmt.Fprintf(c.stderr, "redlinectl %s: --db and --revision go with --plan ID\n", f.Name())
			return nil, exitBadInput, false
		}
		name, code, ok := f.one(pos, "plan")
		if !ok {
			return nil, code, false
		}
		p, err := c.loadPlan(name)
		if err != nil {
			return nil, c.fail(f.Name(), err), false
		}
		return &loaded{plan: p}, 0, true
	}
	if len(pos) > 0 {
		fmt.Fprintf(c.stderr, "redlinectl %s: give either --plan ID or a plan file, not both\n", f.Name())
		return nil, exitBadInput, false
	}
	rev := int64(0)
	if s.revision != nil {
		rev = *s.revision
	}
	l, err := c.loadFromStore(*s.db, *s.plan, rev)
	if err != nil {
		return nil, c.fail(f.Name(), err), false
	}
	return l, 0, true
}
