package report

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"redline/planner"
)

// assumptionMark follows an entry that rests in part on a planning
// assumption; the assumption itself is in a note under the entry's table.
const assumptionMark = "†"

// citations numbers the sources a report cites, for references [1], [2]
// in its tables and a list of them at its end. Ids are for files: what a
// reader sees is a number and, in the list, the citation the Cite hook
// gives (the id itself when there is none).
type citations struct {
	cite func(id string) (string, bool)
	p    *planner.Plan
	// order lists the ids in their numbering, and number maps them to it.
	order  []string
	number map[string]int
	// entries is true when the report marks entries with their
	// references and † (the summary), false when only findings cite.
	entries bool
	// assumptionsShown is false when a copy marks its assumed entries
	// with † but leaves out what is assumed (a release copy).
	assumptionsShown bool
}

// newCitations numbers what the findings cite and, with entries, what p's
// entries cite: the built-in documents first, in their order, then the
// plan's own sources in the plan's order (with entries, all of them: the
// summary lists what the plan rests on), then ids that are neither (the
// unknown-source finding), as they come. The numbers follow the reference
// list, so a reader finds [3] in its place.
func newCitations(p *planner.Plan, findings []planner.Finding, cite func(string) (string, bool), entries bool) *citations {
	if cite == nil {
		cite = func(id string) (string, bool) { return id, false }
	}
	c := &citations{cite: cite, p: p, number: map[string]int{}, entries: entries, assumptionsShown: true}
	cited := map[string]bool{}
	var unknown []string
	own := make(map[string]bool, len(p.Sources))
	for i := range p.Sources {
		own[p.Sources[i].ID] = true
	}
	note := func(ids []string) {
		for _, id := range ids {
			if !cited[id] {
				cited[id] = true
				if !planner.IsBuiltinSource(id) && !own[id] {
					unknown = append(unknown, id)
				}
			}
		}
	}
	if entries {
		eachProvenance(p, func(_ string, pr *planner.Provenance) { note(pr.Sources) })
	}
	for _, f := range findings {
		note(findingSources(f))
	}
	for _, id := range []string{planner.Src000, planner.Src001, planner.Src002, planner.Src003, planner.Src004} {
		if cited[id] {
			c.add(id)
		}
	}
	for i := range p.Sources {
		if entries || cited[p.Sources[i].ID] {
			c.add(p.Sources[i].ID)
		}
	}
	for _, id := range unknown {
		c.add(id)
	}
	return c
}

func (c *citations) add(id string) {
	if _, dup := c.number[id]; !dup {
		c.order = append(c.order, id)
		c.number[id] = len(c.order)
	}
}

// findingSources are the documents a finding rests on: its own, or its
// rule's.
func findingSources(f planner.Finding) []string {
	if f.Sources == nil {
		if r := planner.RuleByID(f.Rule); r != nil {
			return r.Sources
		}
	}
	return f.Sources
}

// eachProvenance calls fn with the provenance of every entry of p that
// carries one, with the kind of entry.
func eachProvenance(p *planner.Plan, fn func(kind string, pr *planner.Provenance)) {
	for i := range p.RedLines {
		fn("red line", &p.RedLines[i].Provenance)
	}
	for i := range p.Responses {
		fn("response", &p.Responses[i].Provenance)
	}
	for i := range p.Contributions {
		fn("contribution", &p.Contributions[i].Provenance)
	}
	for i := range p.Links {
		fn("link", &p.Links[i].Provenance)
	}
	for i := range p.Terms {
		fn("term", &p.Terms[i].Provenance)
	}
	for i := range p.Injects {
		fn("inject", &p.Injects[i].Provenance)
	}
}

// numbers is "1, 3" for the ids, in the order of the reference list.
func (c *citations) numbers(ids []string) string {
	ns := make([]int, 0, len(ids))
	for _, id := range ids {
		if n, ok := c.number[id]; ok && !slices.Contains(ns, n) {
			ns = append(ns, n)
		}
	}
	slices.Sort(ns)
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

// refs is "[1, 3]" for the ids, "" for none.
func (c *citations) refs(ids []string) string {
	if n := c.numbers(ids); n != "" {
		return "[" + n + "]"
	}
	return ""
}

// mark is what follows an entry's name: its references and † when it
// states an assumption ("[1, 3] †"), "" when it says neither.
func (c *citations) mark(pr planner.Provenance) string {
	m := c.refs(pr.Sources)
	if pr.Assumption != "" {
		if m != "" {
			m += " "
		}
		m += assumptionMark
	}
	return m
}

// marked is text followed by the entry's mark.
func (c *citations) marked(text string, pr planner.Provenance) string {
	if m := c.mark(pr); m != "" {
		return text + " " + m
	}
	return text
}

// shortRefs finds the checker's short citations in a message: "(002)",
// "(000, 001)" or ", 002)" at the end of a parenthesis.
var shortRefs = regexp.MustCompile(`(\(|, )(0\d\d(?:, 0\d\d)*)\)`)

// message puts a finding's message in the report's references: the
// checker cites a built-in document by the first digits of its file name
// ("(002)"), which a reader could not look up in the reference list, so a
// citation of the finding's own documents becomes their number ("[3]").
func (c *citations) message(msg string, srcs []string) string {
	short := map[string]string{}
	for _, id := range srcs {
		if planner.IsBuiltinSource(id) {
			short[planner.ShortSource(id)] = id
		}
	}
	if len(short) == 0 {
		return msg
	}
	return shortRefs.ReplaceAllStringFunc(msg, func(m string) string {
		sub := shortRefs.FindStringSubmatch(m)
		var ids []string
		for _, s := range strings.Split(sub[2], ", ") {
			id, ok := short[s]
			if !ok {
				return m // not one of this finding's documents: left as written
			}
			ids = append(ids, id)
		}
		if sub[1] == "(" {
			return c.refs(ids)
		}
		return " " + c.refs(ids) + ")"
	})
}

// referenceBlocks is the list of references that ends a report: each
// source by its number, with its citation, and a web address for the
// plan's own sources that have one.
func (c *citations) referenceBlocks(d *document) {
	if len(c.order) == 0 {
		return
	}
	refs := &references{}
	for _, id := range c.order {
		text, known := c.cite(id)
		r := reference{Mark: "[" + strconv.Itoa(c.number[id]) + "]", Text: text}
		if i := slices.IndexFunc(c.p.Sources, func(s planner.Source) bool { return s.ID == id }); i >= 0 {
			if !known {
				// No hook: the plan's own source still reads as a
				// citation, not as its id.
				r.Text = ownCitation(c.p.Sources[i])
			}
			if u := c.p.Sources[i].URL; u != "" && planner.URLProblem(u) == "" {
				r.URL = u
			}
		} else if !known && !planner.IsBuiltinSource(id) {
			r.Text = id + " (not among the plan's sources)"
		}
		refs.Items = append(refs.Items, r)
	}
	legend := "Numbers in brackets, [1], cite these documents."
	switch {
	case c.entries && c.assumptionsShown:
		legend = "Numbers in brackets, [1], cite these documents; " + assumptionMark +
			" marks an entry that rests on a planning assumption, stated under its table."
	case c.entries:
		legend = "Numbers in brackets, [1], cite these documents; " + assumptionMark +
			" marks an entry that rests on a planning assumption, which this copy does not state."
	}
	d.Blocks = append(d.Blocks, heading{1, "References"}, paragraph{Text: legend, Muted: true}, refs)
}

// ownCitation is a plan's source as "Publisher, Date — Title", for a
// report written without a Cite hook.
func ownCitation(s planner.Source) string {
	var by []string
	for _, part := range []string{s.Publisher, s.Date} {
		if part = strings.TrimSpace(part); part != "" {
			by = append(by, part)
		}
	}
	if len(by) == 0 {
		return s.Title
	}
	return strings.Join(by, ", ") + " — " + s.Title
}

// provenanceCounts is the overview's line: how many entries cite sources,
// state assumptions, or do neither.
func provenanceCounts(p *planner.Plan) string {
	sourced, assumed, none := 0, 0, 0
	eachProvenance(p, func(_ string, pr *planner.Provenance) {
		if len(pr.Sources) > 0 {
			sourced++
		}
		if pr.Assumption != "" {
			assumed++
		}
		if !pr.Sourced() {
			none++
		}
	})
	return plural(sourced, "entry", "entries") + " sourced, " + plural(assumed, "assumption", "assumptions") + ", " +
		planner.Thousands(none) + " with no provenance"
}
