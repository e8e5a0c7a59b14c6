package main

import (
	"fmt"

	"redline/planner"
)

func (c *cli) export(args []string) int {
	f := c.newFlags("export --format json [-o OUT] (PLAN | [--db PATH] --plan ID [--revision N])",
		"Writes the plan in canonical redline-plan/v1 JSON (keys in format order, two-space\n"+
			"indent): export → import → export gives the same bytes. The output file is written\n"+
			"whole or not at all. Exit 0, or 2 when the plan cannot be read or OUT cannot be written.")
	format := f.String("format", "json", "output `format`: json")
	out := f.String("o", "", "write to `OUT` instead of standard output")
	src := f.storeSource(true)
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if *format != "json" {
		fmt.Fprintf(c.stderr, "redlinectl export: --format: this build writes json; got %q\n", *format)
		return exitBadInput
	}
	p, code, ok := src.load(f, pos)
	if !ok {
		return code
	}
	data, err := planner.Encode(p)
	if err != nil {
		return c.fail("export", err)
	}
	if err := c.writeOutput(*out, data); err != nil {
		return c.fail("export", err)
	}
	return exitOK
}
