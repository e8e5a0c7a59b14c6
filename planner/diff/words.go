package diff

import (
	"fmt"
	"strconv"
	"strings"

	"redline/planner"
)

// words shows the values of the fields as people read them, with the
// catalogue and the names of each plan.
type words struct {
	o              Options
	catA, catB     *planner.Catalog
	namesA, namesB *planner.Names
}

// name is an entity by id, as plan b (byB) or a names it.
func (w *words) name(id string, byB bool) string {
	if byB {
		return w.namesB.Name(id)
	}
	return w.namesA.Name(id)
}

// cat is the catalogue of the newer plan, which names what both hold.
func (w *words) cat() *planner.Catalog { return w.catB }

func (w *words) actor(code string) string {
	if code == "" {
		return ""
	}
	if c := w.cat(); c != nil {
		return c.ActorName(code)
	}
	return code
}

func (w *words) actors(codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = w.actor(c)
	}
	return strings.Join(out, ", ")
}

// sources are an entry's documents as citations, joined by "; ".
func (w *words) sources(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id
		if w.o.Cite != nil {
			out[i], _ = w.o.Cite(id)
		}
	}
	return strings.Join(out, "; ")
}

// unit is an indicator's unit, "" when the catalogue does not know it.
func (w *words) unit(key string) string {
	if c := w.cat(); c != nil {
		if ind, ok := c.Indicator(key); ok {
			return ind.Unit
		}
	}
	return ""
}

func (w *words) indicator(key string) string {
	if c := w.cat(); c != nil {
		if ind, ok := c.Indicator(key); ok && ind.Name != "" {
			return ind.Name
		}
	}
	return key
}

func labels[T interface{ Label() string }](xs []T) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.Label()
	}
	return strings.Join(out, ", ")
}

func number(f float64) string { return planner.Number(f) }

func hours(f float64) string { return planner.Number(f) + " h" }

// provenance are the two fields every entry has: its sources and what of
// it is assumed.
func provenance[T any](w *words, of func(*T) *planner.Provenance) []field[T] {
	return []field[T]{
		{"sources", func(v *T) string { return w.sources(of(v).Sources) }},
		{"assumption", func(v *T) string { return of(v).Assumption }},
	}
}

func (w *words) planFields() []field[planner.Plan] {
	return []field[planner.Plan]{
		{"title", func(p *planner.Plan) string { return p.Title }},
		{"classification", func(p *planner.Plan) string { return p.Classification }},
		{"phase", func(p *planner.Plan) string { return p.Phase.Label() }},
		{"profile", func(p *planner.Plan) string { return p.Profile }},
	}
}

func (w *words) redLineFields() []field[planner.RedLine] {
	return append([]field[planner.RedLine]{
		{"title", func(r *planner.RedLine) string { return r.Title }},
		{"domain", func(r *planner.RedLine) string { return r.Domain.Label() }},
		{"indicator", func(r *planner.RedLine) string { return w.indicator(r.Indicator) }},
		{"threshold", func(r *planner.RedLine) string {
			if r.Threshold == nil {
				return ""
			}
			return r.Threshold.Describe(w.unit(r.Indicator))
		}},
		{"severity", func(r *planner.RedLine) string { return strconv.Itoa(r.Severity) }},
		{"notes", func(r *planner.RedLine) string { return r.Notes }},
	}, provenance(w, func(r *planner.RedLine) *planner.Provenance { return &r.Provenance })...)
}

func (w *words) responseFields() []field[planner.Response] {
	return append([]field[planner.Response]{
		{"title", func(r *planner.Response) string { return r.Title }},
		{"kind", func(r *planner.Response) string { return r.Kind.Label() }},
		{"mechanism", func(r *planner.Response) string { return r.Mechanism.Label() }},
		{"lead", func(r *planner.Response) string { return w.actor(r.Lead) }},
		{"participants", func(r *planner.Response) string { return w.actors(r.Participants) }},
		{"time to effect", func(r *planner.Response) string { return hours(r.HoursToEffect) }},
		{"requires", func(r *planner.Response) string { return labels(r.Requires) }},
		{"capabilities", func(r *planner.Response) string { return labels(r.Capabilities) }},
		{"uses", func(r *planner.Response) string {
			out := make([]string, len(r.Uses))
			for i, id := range r.Uses {
				out[i] = w.name(id, true)
			}
			return strings.Join(out, ", ")
		}},
	}, provenance(w, func(r *planner.Response) *planner.Provenance { return &r.Provenance })...)
}

func (w *words) contributionFields() []field[planner.Contribution] {
	return append([]field[planner.Contribution]{
		{"nation", func(c *planner.Contribution) string { return w.actor(c.Nation) }},
		{"capability", func(c *planner.Contribution) string { return c.Capability.Label() }},
		{"personnel", func(c *planner.Contribution) string { return planner.Thousands(c.Personnel) }},
		{"amount", func(c *planner.Contribution) string { return "€" + number(c.AmountEURm) + "m" }},
		{"location", func(c *planner.Contribution) string { return c.Location.Label() }},
		{"activation", func(c *planner.Contribution) string { return c.Activation.Label() }},
		{"status", func(c *planner.Contribution) string { return c.Status.Label() }},
		{"months", func(c *planner.Contribution) string {
			if c.Months == nil {
				return ""
			}
			return strconv.Itoa(*c.Months)
		}},
	}, provenance(w, func(c *planner.Contribution) *planner.Provenance { return &c.Provenance })...)
}

func (w *words) linkFields() []field[planner.Link] {
	return append([]field[planner.Link]{
		{"trigger", func(l *planner.Link) string { return strings.ToLower(l.Trigger.Label()) }},
	}, provenance(w, func(l *planner.Link) *planner.Provenance { return &l.Provenance })...)
}

// linkWords is a link added or removed in words: its trigger.
func (w *words) linkWords(l *planner.Link) string { return strings.ToLower(l.Trigger.Label()) }

func (w *words) termFields() []field[planner.Term] {
	return append([]field[planner.Term]{
		{"demand", func(t *planner.Term) string { return t.Kind.Label() }},
		{"stance", func(t *planner.Term) string { return t.Stance.Label() }},
		{"value", func(t *planner.Term) string {
			if t.Value == nil {
				return ""
			}
			return number(*t.Value)
		}},
		{"notes", func(t *planner.Term) string { return t.Notes }},
	}, provenance(w, func(t *planner.Term) *planner.Provenance { return &t.Provenance })...)
}

func (w *words) injectFields() []field[planner.Inject] {
	return append([]field[planner.Inject]{
		{"time", func(in *planner.Inject) string { return planner.Clock(in.AtHours) }},
		{"title", func(in *planner.Inject) string { return in.Title }},
		{"phase", func(in *planner.Inject) string {
			if in.Phase == "" {
				return ""
			}
			return in.Phase.Label()
		}},
		{"observations", func(in *planner.Inject) string {
			out := make([]string, len(in.Observations))
			for i, ob := range in.Observations {
				out[i] = fmt.Sprintf("%s %s", w.indicator(ob.Indicator), number(ob.Value))
			}
			return strings.Join(out, ", ")
		}},
		{"brief", func(in *planner.Inject) string { return in.Brief }},
		{"conditions", func(in *planner.Inject) string {
			out := make([]string, len(in.When))
			for i, c := range in.When {
				name := func(id string) string { return w.name(id, true) }
				out[i] = c.Describe(name, name)
			}
			return strings.Join(out, " and ")
		}},
	}, provenance(w, func(in *planner.Inject) *planner.Provenance { return &in.Provenance })...)
}
