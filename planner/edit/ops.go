package edit

import (
	"fmt"
	"reflect"
	"slices"

	"redline/planner"
)

// List describes one of a plan's lists of entities to the operations: where
// it is in a plan, an entity's id, and what refers to it.
type List[T any] struct {
	// Name is what one entity is called ("red line").
	Name string
	// Of returns the list in a plan.
	Of func(*planner.Plan) *[]T
	// ID returns an entity's id; SetID changes it.
	ID    func(*T) string
	SetID func(*T, string)
	// Prefix starts the ids FreeID makes for it ("rl-").
	Prefix string
	// part is the part of a plan the list is, and refParts the parts that
	// refer to its entities (Touched).
	part, refParts Part
	// renameRefs rewrites the plan's references from one id to another and
	// deleteRefs drops them; both copy what they change and report how
	// many references they touched. Nil when nothing refers to the kind.
	renameRefs func(p *planner.Plan, old, id string) int
	deleteRefs func(p *planner.Plan, id string) int
	// touchedRefs, when set, says which of refParts hold references to id
	// (a source is cited from every kind of entry; an edit of one kind's
	// citations need not redraw the others). Nil: all of refParts.
	touchedRefs func(p *planner.Plan, id string) Part
}

// The plan's lists.
var (
	// Links and the conditions of injects (when) name red lines and
	// responses: a rename rewrites both. A delete takes the links along but
	// leaves a condition naming what is gone, for the checker to report
	// (invalid-reference): dropping it would make the inject play where
	// the script meant it not to.
	RedLines = List[planner.RedLine]{
		Name: "red line", Prefix: "rl-", part: PartRedLines, refParts: PartLinks | PartInjects,
		Of:    func(p *planner.Plan) *[]planner.RedLine { return &p.RedLines },
		ID:    func(r *planner.RedLine) string { return r.ID },
		SetID: func(r *planner.RedLine, id string) { r.ID = id },
		renameRefs: func(p *planner.Plan, old, id string) int {
			return rewriteLinks(p, func(l *planner.Link) bool { return swap(&l.RedLine, old, id) }) +
				rewriteWhen(p, func(c *planner.Condition) bool { return swap(&c.RedLine, old, id) })
		},
		deleteRefs: func(p *planner.Plan, id string) int {
			return dropLinks(p, func(l planner.Link) bool { return l.RedLine == id })
		},
		touchedRefs: func(p *planner.Plan, id string) Part {
			return referringParts(p, func(l *planner.Link) bool { return l.RedLine == id },
				func(c *planner.Condition) bool { return c.RedLine == id })
		},
	}
	Responses = List[planner.Response]{
		Name: "response", Prefix: "resp-", part: PartResponses, refParts: PartLinks | PartInjects,
		Of:    func(p *planner.Plan) *[]planner.Response { return &p.Responses },
		ID:    func(r *planner.Response) string { return r.ID },
		SetID: func(r *planner.Response, id string) { r.ID = id },
		renameRefs: func(p *planner.Plan, old, id string) int {
			return rewriteLinks(p, func(l *planner.Link) bool { return swap(&l.Response, old, id) }) +
				rewriteWhen(p, func(c *planner.Condition) bool { return swap(&c.Response, old, id) })
		},
		deleteRefs: func(p *planner.Plan, id string) int {
			return dropLinks(p, func(l planner.Link) bool { return l.Response == id })
		},
		touchedRefs: func(p *planner.Plan, id string) Part {
			return referringParts(p, func(l *planner.Link) bool { return l.Response == id },
				func(c *planner.Condition) bool { return c.Response == id })
		},
	}
	Contributions = List[planner.Contribution]{
		Name: "contribution", Prefix: "c-", part: PartContributions, refParts: PartResponses,
		Of:    func(p *planner.Plan) *[]planner.Contribution { return &p.Contributions },
		ID:    func(c *planner.Contribution) string { return c.ID },
		SetID: func(c *planner.Contribution, id string) { c.ID = id },
		renameRefs: func(p *planner.Plan, old, id string) int {
			return rewriteUses(p, old, func(uses []string) []string {
				out := slices.Clone(uses)
				for i := range out {
					swap(&out[i], old, id)
				}
				return out
			})
		},
		deleteRefs: func(p *planner.Plan, id string) int {
			return rewriteUses(p, id, func(uses []string) []string {
				return slices.DeleteFunc(slices.Clone(uses), func(u string) bool { return u == id })
			})
		},
	}
	Terms = List[planner.Term]{
		Name: "term", Prefix: "term-", part: PartTerms,
		Of:    func(p *planner.Plan) *[]planner.Term { return &p.Terms },
		ID:    func(t *planner.Term) string { return t.ID },
		SetID: func(t *planner.Term, id string) { t.ID = id },
	}
	Injects = List[planner.Inject]{
		Name: "inject", Prefix: "inj-", part: PartInjects,
		Of:    func(p *planner.Plan) *[]planner.Inject { return &p.Injects },
		ID:    func(in *planner.Inject) string { return in.ID },
		SetID: func(in *planner.Inject, id string) { in.ID = id },
	}
	// Sources are the plan's own documents (plan-format.md, Provenance).
	// Every kind of entry may cite one: renaming a source rewrites their
	// citations, deleting one takes its citations along.
	Sources = List[planner.Source]{
		Name: "source", Prefix: "src-", part: PartSources, refParts: entryParts,
		Of:    func(p *planner.Plan) *[]planner.Source { return &p.Sources },
		ID:    func(s *planner.Source) string { return s.ID },
		SetID: func(s *planner.Source, id string) { s.ID = id },
		renameRefs: func(p *planner.Plan, old, id string) int {
			return recite(p, old, func(srcs []string) []string {
				// An entry that cited both (id was an unknown source)
				// cites it once.
				var out []string
				for _, src := range srcs {
					swap(&src, old, id)
					if !slices.Contains(out, src) {
						out = append(out, src)
					}
				}
				return out
			})
		},
		deleteRefs: func(p *planner.Plan, id string) int {
			return recite(p, id, func(srcs []string) []string {
				out := slices.DeleteFunc(slices.Clone(srcs), func(s string) bool { return s == id })
				if len(out) == 0 {
					return nil // no sources is none, as the loader reads an empty list
				}
				return out
			})
		},
		touchedRefs: citingParts,
	}
)

// entryParts are the parts of a plan whose entries carry provenance.
const entryParts = PartRedLines | PartResponses | PartContributions | PartLinks | PartTerms | PartInjects

// recite gives every entry that cites source id new sources (change), in a
// new list of its kind, and reports how many entries it changed.
func recite(p *planner.Plan, id string, change func([]string) []string) int {
	return reciteList(&p.RedLines, func(r *planner.RedLine) *planner.Provenance { return &r.Provenance }, id, change) +
		reciteList(&p.Responses, func(r *planner.Response) *planner.Provenance { return &r.Provenance }, id, change) +
		reciteList(&p.Contributions, func(c *planner.Contribution) *planner.Provenance { return &c.Provenance }, id, change) +
		reciteList(&p.Links, func(l *planner.Link) *planner.Provenance { return &l.Provenance }, id, change) +
		reciteList(&p.Terms, func(t *planner.Term) *planner.Provenance { return &t.Provenance }, id, change) +
		reciteList(&p.Injects, func(in *planner.Inject) *planner.Provenance { return &in.Provenance }, id, change)
}

func reciteList[T any](list *[]T, prov func(*T) *planner.Provenance, id string, change func([]string) []string) int {
	var out []T
	n := 0
	for i := range *list {
		if !slices.Contains(prov(&(*list)[i]).Sources, id) {
			continue
		}
		if out == nil {
			out = slices.Clone(*list)
		}
		pr := prov(&out[i])
		pr.Sources = change(pr.Sources)
		n++
	}
	if out != nil {
		*list = out
	}
	return n
}

// citingParts are the parts of p with an entry that cites source id.
func citingParts(p *planner.Plan, id string) Part {
	var part Part
	cites := func(pr *planner.Provenance) bool { return slices.Contains(pr.Sources, id) }
	if slices.ContainsFunc(p.RedLines, func(r planner.RedLine) bool { return cites(&r.Provenance) }) {
		part |= PartRedLines
	}
	if slices.ContainsFunc(p.Responses, func(r planner.Response) bool { return cites(&r.Provenance) }) {
		part |= PartResponses
	}
	if slices.ContainsFunc(p.Contributions, func(c planner.Contribution) bool { return cites(&c.Provenance) }) {
		part |= PartContributions
	}
	if slices.ContainsFunc(p.Links, func(l planner.Link) bool { return cites(&l.Provenance) }) {
		part |= PartLinks
	}
	if slices.ContainsFunc(p.Terms, func(t planner.Term) bool { return cites(&t.Provenance) }) {
		part |= PartTerms
	}
	if slices.ContainsFunc(p.Injects, func(in planner.Inject) bool { return cites(&in.Provenance) }) {
		part |= PartInjects
	}
	return part
}

// refsOf is the parts of p that refer to entity id of l, before a rename
// or delete rewrites them.
func (l List[T]) refsOf(p *planner.Plan, id string) Part {
	if l.touchedRefs != nil {
		return l.touchedRefs(p, id)
	}
	return l.refParts
}

// Part is the part of a plan the list is (Session.Touched).
func (l List[T]) Part() Part { return l.part }

func swap(s *string, old, id string) bool {
	if *s != old {
		return false
	}
	*s = id
	return true
}

// The reference rewrites build new lists rather than change the plan's: a
// caller may still hold the old ones (copy-on-write, see the package).

func rewriteLinks(p *planner.Plan, change func(*planner.Link) bool) int {
	links := slices.Clone(p.Links)
	n := 0
	for i := range links {
		if change(&links[i]) {
			n++
		}
	}
	if n > 0 {
		p.Links = links
	}
	return n
}

// rewriteWhen gives every inject with a condition that change rewrites a
// new list of conditions, in a new injects list, and reports how many
// conditions it changed.
func rewriteWhen(p *planner.Plan, change func(*planner.Condition) bool) int {
	var out []planner.Inject
	n := 0
	for i := range p.Injects {
		var when []planner.Condition
		for k, c := range p.Injects[i].When {
			if !change(&c) {
				continue
			}
			if when == nil {
				when = slices.Clone(p.Injects[i].When)
			}
			when[k] = c
			n++
		}
		if when != nil {
			if out == nil {
				out = slices.Clone(p.Injects)
			}
			out[i].When = when
		}
	}
	if out != nil {
		p.Injects = out
	}
	return n
}

// referringParts are the parts of p with a link or an inject's condition
// that names an entity (link, cond say which do).
func referringParts(p *planner.Plan, link func(*planner.Link) bool, cond func(*planner.Condition) bool) Part {
	var part Part
	for i := range p.Links {
		if link(&p.Links[i]) {
			part |= PartLinks
			break
		}
	}
	for i := range p.Injects {
		if slices.ContainsFunc(p.Injects[i].When, func(c planner.Condition) bool { return cond(&c) }) {
			part |= PartInjects
			break
		}
	}
	return part
}

func dropLinks(p *planner.Plan, match func(planner.Link) bool) int {
	n := len(p.Links)
	if slices.ContainsFunc(p.Links, match) {
		p.Links = slices.DeleteFunc(slices.Clone(p.Links), match)
	}
	return n - len(p.Links)
}

// rewriteUses gives every response that uses id a new uses list, in a new
// responses list.
func rewriteUses(p *planner.Plan, id string, change func([]string) []string) int {
	var out []planner.Response
	n := 0
	for i := range p.Responses {
		if slices.Contains(p.Responses[i].Uses, id) {
			if out == nil {
				out = slices.Clone(p.Responses)
			}
			out[i].Uses = change(out[i].Uses)
			n++
		}
	}
	if out != nil {
		p.Responses = out
	}
	return n
}

// References counts what refers to the entity with that id: links for a red
// line or a response, responses that use a contribution, entries that cite
// a source. A delete takes them along; ask the user first when there are
// any.
func References[T any](s *Session, l List[T], id string) int {
	if l.deleteRefs == nil {
		return 0
	}
	return l.deleteRefs(Snapshot(s.plan), id)
}

// IDTaken reports whether any entity of the plan already uses id: ids are
// unique across kinds, the plan's sources included (the duplicate-id rule).
// A built-in document's id is taken too: a source by that id could not be
// told from the document.
func (s *Session) IDTaken(id string) bool {
	p := s.plan
	return slices.ContainsFunc(p.RedLines, func(r planner.RedLine) bool { return r.ID == id }) ||
		slices.ContainsFunc(p.Responses, func(r planner.Response) bool { return r.ID == id }) ||
		slices.ContainsFunc(p.Contributions, func(c planner.Contribution) bool { return c.ID == id }) ||
		slices.ContainsFunc(p.Terms, func(t planner.Term) bool { return t.ID == id }) ||
		slices.ContainsFunc(p.Injects, func(i planner.Inject) bool { return i.ID == id }) ||
		slices.ContainsFunc(p.Sources, func(src planner.Source) bool { return src.ID == id }) ||
		planner.IsBuiltinSource(id)
}

// FreeID is the first of prefix1, prefix2, … (counting from from) that no
// entity of the plan uses; a kind's ids start with its List's Prefix.
func (s *Session) FreeID(prefix string, from int) string {
	for n := max(from, 1); ; n++ {
		if id := fmt.Sprintf("%s%d", prefix, n); !s.IDTaken(id) {
			return id
		}
	}
}

// Index is the position of the first entity of l with that id, or -1.
func Index[T any](s *Session, l List[T], id string) int {
	return slices.IndexFunc(*l.Of(s.plan), func(v T) bool { return l.ID(&v) == id })
}

// Add appends v to its list as an undo step of its own and returns its
// index. v's id must be free (FreeID).
func Add[T any](s *Session, l List[T], v T) int {
	list := l.Of(s.plan)
	*list = append(*list, v)
	s.fresh[l.ID(&v)] = true
	s.step()
	s.changed(l.part)
	s.step()
	return len(*list) - 1
}

// Set replaces the entity at i with v (a changed copy: never write through
// the old one, whose nested lists a kept state may share). Typing into a
// field calls it at every keystroke; the undo history merges what follows
// closely. Setting an equal value is not an edit. It reports whether the plan
// changed.
func Set[T any](s *Session, l List[T], i int, v T) bool {
	list := *l.Of(s.plan)
	if i < 0 || i >= len(list) || reflect.DeepEqual(list[i], v) {
		return false
	}
	if old, id := l.ID(&list[i]), l.ID(&v); old != id {
		// An id changes only through Rename, which keeps references.
		return false
	}
	list[i] = v
	s.changed(l.part)
	return true
}

// RenameProblem says why id cannot replace old as an entity's id, or ""
// when it can. A source may change its id whenever: only the plan's own
// entries cite it, and a rename rewrites them, whereas exercise runs and
// earlier revisions refer to the stored ids of the other kinds.
func (s *Session) RenameProblem(old, id string) string {
	switch {
	case id == old:
		return ""
	case id == "":
		return fmt.Sprintf("Every entry needs an id: 1–%d characters from A–Z a–z 0–9 . _ -", planner.MaxIDLength)
	case !s.fresh[old] && Index(s, Sources, old) < 0:
		return "Only an entry added since the last save can change its id: links, uses and earlier revisions refer to stored ids."
	case !planner.ValidID(id):
		return fmt.Sprintf("An id is 1–%d characters from A–Z a–z 0–9 . _ -", planner.MaxIDLength)
	case planner.IsBuiltinSource(id):
		return fmt.Sprintf("%q is the id of one of the built-in documents.", id)
	case s.IDTaken(id):
		return fmt.Sprintf("%q is already the id of something in this plan.", id)
	}
	return ""
}

// Rename changes the id of the entity at i and every reference to it in the
// plan (links, uses, citations, the conditions of injects). It returns the
// problem instead when RenameProblem has one.
func Rename[T any](s *Session, l List[T], i int, id string) string {
	list := *l.Of(s.plan)
	if i < 0 || i >= len(list) {
		return "Nothing is selected."
	}
	old := l.ID(&list[i])
	if msg := s.RenameProblem(old, id); msg != "" || id == old {
		return msg
	}
	v := list[i]
	l.SetID(&v, id)
	list[i] = v
	part := l.part
	if l.renameRefs != nil {
		refs := l.refsOf(s.plan, old)
		if l.renameRefs(s.plan, old, id) > 0 {
			part |= refs
		}
	}
	delete(s.fresh, old)
	s.fresh[id] = true
	s.renameInvalid(old, id)
	s.changed(part)
	return ""
}

// Delete removes the entity with that id and what refers to it (the links
// that answer a red line or use a response, a contribution from the uses of
// responses, a source from the citations of entries), as one undo step. It reports how many references went with
// it, and false when there is no such entity (an undo took it away while a
// question was open).
func Delete[T any](s *Session, l List[T], id string) (refs int, ok bool) {
	i := Index(s, l, id)
	if i < 0 {
		return 0, false
	}
	list := l.Of(s.plan)
	*list = slices.Concat((*list)[:i], (*list)[i+1:])
	part := l.part
	if l.deleteRefs != nil {
		touched := l.refsOf(s.plan, id)
		if refs = l.deleteRefs(s.plan, id); refs > 0 {
			part |= touched
		}
	}
	if !slices.ContainsFunc(*list, func(v T) bool { return l.ID(&v) == id }) {
		delete(s.fresh, id)
		s.ClearInvalidAbout(id)
	}
	s.step()
	s.changed(part)
	s.step()
	return refs, true
}

// Swap exchanges the entities at i and j of a list (moving an inject among
// those at the same time changes the order they play in).
func Swap[T any](s *Session, l List[T], i, j int) bool {
	list := l.Of(s.plan)
	if i == j || i < 0 || j < 0 || i >= len(*list) || j >= len(*list) {
		return false
	}
	moved := slices.Clone(*list)
	moved[i], moved[j] = moved[j], moved[i]
	*list = moved
	s.step()
	s.changed(l.part)
	s.step()
	return true
}

// SetLink puts a link from a red line to a response with trigger, or takes
// it away when trigger is "". It reports whether the plan changed.
func (s *Session) SetLink(redLine, response string, trigger planner.Trigger) bool {
	pair := func(l planner.Link) bool { return l.RedLine == redLine && l.Response == response }
	i := slices.IndexFunc(s.plan.Links, pair)
	switch {
	case i < 0 && trigger == "":
		return false
	case i < 0:
		s.plan.Links = append(slices.Clip(s.plan.Links), planner.Link{RedLine: redLine, Response: response, Trigger: trigger})
	case trigger == "":
		// Every link of the pair goes, duplicates included: the cell is
		// empty afterwards.
		s.plan.Links = slices.DeleteFunc(slices.Clone(s.plan.Links), pair)
	case s.plan.Links[i].Trigger == trigger:
		return false
	default:
		links := slices.Clone(s.plan.Links)
		links[i].Trigger = trigger
		s.plan.Links = links
	}
	s.step()
	s.changed(PartLinks)
	s.step()
	return true
}

// SetLinkProvenance gives the link from a red line to a response the
// provenance pr (every link of the pair, duplicates included, as the
// matrix shows one cell for them). It reports whether the plan changed:
// false when there is no such link or it says the same already.
func (s *Session) SetLinkProvenance(redLine, response string, pr planner.Provenance) bool {
	var links []planner.Link
	for i, l := range s.plan.Links {
		if l.RedLine != redLine || l.Response != response || reflect.DeepEqual(l.Provenance, pr) {
			continue
		}
		if links == nil {
			links = slices.Clone(s.plan.Links)
		}
		links[i].Provenance = pr
	}
	if links == nil {
		return false
	}
	s.plan.Links = links
	s.changed(PartLinks)
	return true
}

// SetPlan changes the plan's own fields (title, classification, phase,
// profile) through change, which gets a copy; the lists are not its to
// change. It reports whether the plan changed.
func (s *Session) SetPlan(change func(p *planner.Plan)) bool {
	c := *s.plan
	change(&c)
	p := s.plan
	if c.Title == p.Title && c.Classification == p.Classification && c.Phase == p.Phase && c.Profile == p.Profile {
		return false
	}
	p.Title, p.Classification, p.Phase, p.Profile = c.Title, c.Classification, c.Phase, c.Profile
	s.changed(PartPlan)
	return true
}

// NewPlan is a plan to start editing: titled "New plan", in the ceasefire
// phase that a guarantee is drafted for (allied troops deploy only after a
// ceasefire), with the default classification and profile.
func NewPlan() *planner.Plan {
	p := &planner.Plan{Title: "New plan", Phase: planner.PhaseCeasefire}
	p.Normalize()
	return p
}
