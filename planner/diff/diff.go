// Package diff says what changed between two plans — two revisions of one
// plan, or two plans — entity by entity and field by field, in the words a
// planner uses: "Red line “Ground incursion”: threshold ≥ 500 personnel →
// ≥ 300 personnel; link to “Snapback” added (automatic)".
//
// Entities are matched by id (links by their two ends, actors by code,
// indicators by key), so an edit reads as a change, not as a removal and an
// addition; a renamed id reads as one entity removed and another added. A
// link belongs to its red line: its changes are listed as fields of the red
// line's change, and a red line removed takes its links with it. Order
// alone is not a change of an entity; Reordered says whether a list's order
// changed.
//
// The package is pure: it imports planner and nothing that draws or stores.
package diff

import (
	"slices"
	"strings"

	"redline/planner"
)

// Op is what happened to an entity.
type Op string

const (
	Added   Op = "added"
	Removed Op = "removed"
	Changed Op = "changed"
)

// Change is one entity that differs between the plans.
type Change struct {
	// Kind is what the entity is, as people say it: "plan", "red line",
	// "response", "contribution", "term", "inject", "source", "actor",
	// "indicator".
	Kind string `json:"kind"`
	// ID is the entity's id ("" for the plan itself; a code or key for an
	// actor or indicator).
	ID string `json:"id,omitempty"`
	// Name is the entity in words, as the newer plan names it (the older
	// one for an entity removed): "red line “Ground incursion”".
	Name string `json:"name"`
	Op   Op     `json:"change"`
	// Fields are what changed, for a changed entity (and a red line whose
	// links changed).
	Fields []Field `json:"fields,omitempty"`
}

// Field is one field that changed, its values in words; From is "" for a
// value added (a link to a response, a source), To "" for one removed.
type Field struct {
	Name string `json:"field"`
	From string `json:"from"`
	To   string `json:"to"`
}

// Options say how values are shown.
type Options struct {
	// Catalog names nations, capabilities and indicators; nil leaves codes.
	Catalog *planner.Catalog
	// Cite shows a source id as a citation (seeds.Citer); nil shows ids.
	Cite func(id string) (string, bool)
}

// Plans lists what changed from a to b: the plan's own fields first, then
// the entities kind by kind (red lines, responses, contributions, terms,
// injects, sources, actors, indicators), each kind in b's order with those
// removed after, in a's order.
func Plans(a, b *planner.Plan, o Options) []Change {
	w := &words{o: o}
	w.catA, w.catB = o.Catalog, o.Catalog
	if o.Catalog != nil {
		w.catA, w.catB = o.Catalog.ForPlan(a), o.Catalog.ForPlan(b)
	}
	w.namesA, w.namesB = planner.NewNames(a, w.catA), planner.NewNames(b, w.catB)
	var out []Change
	// The format's defaults fill what a plan leaves out, so that a plan
	// read back from its canonical form reads as unchanged.
	na, nb := *a, *b
	na.Normalize()
	nb.Normalize()
	if f := fieldsOf(w.planFields(), &na, &nb); len(f) > 0 {
		out = append(out, Change{Kind: "plan", Name: "the plan", Op: Changed, Fields: f})
	}
	links := linksByRedLine(a, b, w)
	out = append(out, entities(w, "red line", a.RedLines, b.RedLines, func(r *planner.RedLine) string { return r.ID },
		w.redLineFields(), func(id string, byB bool) string { return w.name(id, byB) }, links)...)
	out = append(out, entities(w, "response", a.Responses, b.Responses, func(r *planner.Response) string { return r.ID },
		w.responseFields(), func(id string, byB bool) string { return w.name(id, byB) }, nil)...)
	out = append(out, entities(w, "contribution", a.Contributions, b.Contributions, func(c *planner.Contribution) string { return c.ID },
		w.contributionFields(), func(id string, byB bool) string { return w.name(id, byB) }, nil)...)
	out = append(out, entities(w, "term", a.Terms, b.Terms, func(t *planner.Term) string { return t.ID },
		w.termFields(), func(id string, byB bool) string { return w.name(id, byB) }, nil)...)
	out = append(out, entities(w, "inject", a.Injects, b.Injects, func(in *planner.Inject) string { return in.ID },
		w.injectFields(), func(id string, byB bool) string { return w.name(id, byB) }, nil)...)
	out = append(out, entities(w, "source", a.Sources, b.Sources, func(s *planner.Source) string { return s.ID },
		sourceFields, func(id string, byB bool) string { return "source “" + sourceTitle(a, b, id, byB) + "”" }, nil)...)
	out = append(out, entities(w, "actor", a.Actors, b.Actors, func(x *planner.Actor) string { return x.Code },
		actorFields, func(id string, byB bool) string { return "actor " + id }, nil)...)
	out = append(out, entities(w, "indicator", a.Indicators, b.Indicators, func(x *planner.Indicator) string { return x.Key },
		indicatorFields, func(id string, byB bool) string { return "indicator " + id }, nil)...)
	return out
}

// Reordered reports whether a list holds the same entities in another
// order, which Plans does not count as a change.
func Reordered(a, b *planner.Plan) bool {
	return order(a.RedLines, b.RedLines, func(r planner.RedLine) string { return r.ID }) ||
		order(a.Responses, b.Responses, func(r planner.Response) string { return r.ID }) ||
		order(a.Contributions, b.Contributions, func(c planner.Contribution) string { return c.ID }) ||
		order(a.Terms, b.Terms, func(t planner.Term) string { return t.ID }) ||
		order(a.Injects, b.Injects, func(in planner.Inject) string { return in.ID }) ||
		order(a.Links, b.Links, func(l planner.Link) string { return l.RedLine + "\x00" + l.Response })
}

func order[T any](a, b []T, key func(T) string) bool {
	if len(a) != len(b) {
		return false
	}
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		ka[i], kb[i] = key(a[i]), key(b[i])
	}
	if slices.Equal(ka, kb) {
		return false
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(ka, kb)
}

// String says the change in a sentence: "Red line “X”: severity 3 → 4;
// link to “Y” added (automatic)", "Response “Z” added", "Inject “W”
// removed".
func (c Change) String() string {
	head := capitalize(c.Name)
	switch c.Op {
	case Added, Removed:
		if len(c.Fields) == 0 {
			return head + " " + string(c.Op)
		}
	}
	parts := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		parts[i] = f.String()
	}
	if c.Op != Changed {
		head += " " + string(c.Op)
	}
	return head + ": " + strings.Join(parts, "; ")
}

// String says a field's change: "severity 3 → 4", "link to “Y” added
// (automatic)", "notes removed (was “…”)". A value longer than
// clipAt characters is shortened with "…"; the Field keeps it whole.
func (f Field) String() string {
	from, to := clip(f.From), clip(f.To)
	switch {
	case from == "" && to == "":
		return f.Name + " changed"
	case from == "":
		return f.Name + " added (" + to + ")"
	case to == "":
		return f.Name + " removed (was " + from + ")"
	}
	return f.Name + " " + from + " → " + to
}

// clipAt is the most characters of a value a sentence shows.
const clipAt = 160

func clip(s string) string {
	r := []rune(s)
	if len(r) <= clipAt {
		return s
	}
	out := strings.TrimRight(string(r[:clipAt-1]), " ")
	if strings.HasPrefix(s, "“") {
		return out + "…”"
	}
	return out + "…"
}

// Text is the changes one to a line, or "No changes." when there are none.
func Text(changes []Change) string {
	if len(changes) == 0 {
		return "No changes.\n"
	}
	var b strings.Builder
	for _, c := range changes {
		b.WriteString(c.String())
		b.WriteString(".\n")
	}
	return b.String()
}

// Count says how many entities changed in words: "3 changes" ("1 change").
func Count(changes []Change) string {
	if len(changes) == 1 {
		return "1 change"
	}
	return planner.Thousands(len(changes)) + " changes"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// entities compares one kind's lists by key. fields are the kind's
// fields; name names an entity by id (from b when byB); extra adds fields
// to a changed (or unchanged) entity by id, for a red line's links.
func entities[T any](w *words, kind string, a, b []T, key func(*T) string, fields []field[T],
	name func(id string, byB bool) string, extra map[string][]Field) []Change {
	inA := make(map[string]*T, len(a))
	for i := range a {
		if k := key(&a[i]); inA[k] == nil {
			inA[k] = &a[i]
		}
	}
	inB := make(map[string]bool, len(b))
	var out []Change
	for i := range b {
		k := key(&b[i])
		if inB[k] {
			continue // a duplicate id: the first counts, as the loader keeps it
		}
		inB[k] = true
		old := inA[k]
		if old == nil {
			out = append(out, Change{Kind: kind, ID: k, Name: name(k, true), Op: Added})
			continue
		}
		f := append(fieldsOf(fields, old, &b[i]), extra[k]...)
		if len(f) > 0 {
			out = append(out, Change{Kind: kind, ID: k, Name: name(k, true), Op: Changed, Fields: f})
		}
	}
	for i := range a {
		k := key(&a[i])
		if !inB[k] && inA[k] == &a[i] {
			out = append(out, Change{Kind: kind, ID: k, Name: name(k, false), Op: Removed})
		}
	}
	return out
}

// field is one field of an entity of type T: its name and its value in
// words.
type field[T any] struct {
	name  string
	value func(*T) string
}

// typed are the fields whose values are text people typed, which a
// sentence quotes.
var typed = map[string]bool{"title": true, "notes": true, "brief": true, "assumption": true}

// fieldsOf lists the fields whose words differ between x and y.
func fieldsOf[T any](fields []field[T], x, y *T) []Field {
	var out []Field
	for _, f := range fields {
		if from, to := f.value(x), f.value(y); from != to {
			if typed[f.name] {
				from, to = quoted(from), quoted(to)
			}
			out = append(out, Field{Name: f.name, From: from, To: to})
		}
	}
	return out
}

// quoted puts typed text in quotation marks; "" stays empty.
func quoted(s string) string {
	if s == "" {
		return ""
	}
	return "“" + s + "”"
}

// linksByRedLine lists, by red line id, the changes of the links from it
// that both plans' red line lists hold (a link of a red line added or
// removed goes with it). Links are matched by their two ends; of two
// links with the same ends, the first counts.
func linksByRedLine(a, b *planner.Plan, w *words) map[string][]Field {
	type ends struct{ redLine, response string }
	first := func(links []planner.Link) (map[ends]*planner.Link, []ends) {
		m := make(map[ends]*planner.Link, len(links))
		var order []ends
		for i := range links {
			e := ends{links[i].RedLine, links[i].Response}
			if m[e] == nil {
				m[e] = &links[i]
				order = append(order, e)
			}
		}
		return m, order
	}
	la, orderA := first(a.Links)
	lb, orderB := first(b.Links)
	out := map[string][]Field{}
	to := func(response string, byB bool) string { return "link to " + w.name(response, byB) }
	for _, e := range orderB {
		l, old := lb[e], la[e]
		switch {
		case old == nil:
			out[e.redLine] = append(out[e.redLine], Field{Name: to(e.response, true), To: w.linkWords(l)})
		default:
			for _, f := range fieldsOf(w.linkFields(), old, l) {
				f.Name = to(e.response, true) + ": " + f.Name
				out[e.redLine] = append(out[e.redLine], f)
			}
		}
	}
	for _, e := range orderA {
		if lb[e] == nil {
			out[e.redLine] = append(out[e.redLine], Field{Name: to(e.response, false), From: w.linkWords(la[e])})
		}
	}
	return out
}

func sourceTitle(a, b *planner.Plan, id string, byB bool) string {
	p := a
	if byB {
		p = b
	}
	for _, s := range p.Sources {
		if s.ID == id {
			return s.Title
		}
	}
	return id
}

var sourceFields = []field[planner.Source]{
	{"title", func(s *planner.Source) string { return s.Title }},
	{"publisher", func(s *planner.Source) string { return s.Publisher }},
	{"date", func(s *planner.Source) string { return s.Date }},
	{"web address", func(s *planner.Source) string { return s.URL }},
}

var actorFields = []field[planner.Actor]{
	{"name", func(x *planner.Actor) string { return x.Name }},
	{"kind", func(x *planner.Actor) string { return string(x.Kind) }},
}

var indicatorFields = []field[planner.Indicator]{
	{"name", func(x *planner.Indicator) string { return x.Name }},
	{"unit", func(x *planner.Indicator) string { return x.Unit }},
}
