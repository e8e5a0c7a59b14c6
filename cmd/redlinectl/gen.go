package main

import (
	"fmt"

	"redline/planner"
)

func (c *cli) gen(args []string) int {
	f := c.newFlags("gen [--scale K] [--red-lines N] [--responses N] [--contributions N] [--links N] [--injects N] [--seed S] [-o OUT]",
		"Writes a synthetic plan that loads, checks and exercises: every reference resolves and\n"+
			"ids are unique. The default size is the benchmark plan (1,000 red lines, 2,000\n"+
			"responses, 5,000 contributions, 10,000 links, 10,000 injects); --scale multiplies it,\n"+
			"and each count can be set on its own. The same options always give the same plan.")
	l := planner.LargePlan
	scale := f.Float64("scale", 1, "multiply the default size by `K`")
	redLines := f.Int("red-lines", -1, "number of red lines (default: 1,000 × scale)")
	responses := f.Int("responses", -1, "number of responses (default: 2,000 × scale)")
	contributions := f.Int("contributions", -1, "number of contributions (default: 5,000 × scale)")
	links := f.Int("links", -1, "number of links (default: 10,000 × scale)")
	injects := f.Int("injects", -1, "number of injects (default: 10,000 × scale)")
	seed := f.Uint64("seed", l.Seed, "random `seed`")
	out := f.String("o", "", "write to `OUT` instead of standard output")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(c.stderr, "redlinectl gen: unexpected argument %q\n", pos[0])
		return exitBadInput
	}
	if *scale <= 0 || *scale > 100 {
		fmt.Fprintf(c.stderr, "redlinectl gen: --scale: want a number above 0 and at most 100, got %g\n", *scale)
		return exitBadInput
	}
	spec := l.Scaled(*scale)
	spec.Seed = *seed
	for _, o := range []struct {
		name string
		v    int
		dst  *int
	}{{"red-lines", *redLines, &spec.RedLines}, {"responses", *responses, &spec.Responses},
		{"contributions", *contributions, &spec.Contributions}, {"links", *links, &spec.Links}, {"injects", *injects, &spec.Injects}} {
		if o.v < -1 || o.v > 10_000_000 {
			fmt.Fprintf(c.stderr, "redlinectl gen: --%s: want 0 to 10000000, got %d\n", o.name, o.v)
			return exitBadInput
		}
		if o.v >= 0 {
			*o.dst = o.v
		}
	}
	data, err := planner.Encode(planner.Generate(spec))
	if err != nil {
		return c.fail("gen", err)
	}
	if err := c.writeOutput(*out, data); err != nil {
		return c.fail("gen", err)
	}
	return exitOK
}
