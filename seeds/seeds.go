// Package seeds embeds Redline's reference data: the actor and indicator
// catalogues, the built-in constraint profile, the index of the source
// documents (with the citation people are shown for each) and the reference
// plan, whose entries carry their own provenance: the documents they rest
// on, and what of them is a planning assumption.
package seeds

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"redline/planner"
)

//go:embed sources.json catalog.json profiles/*.json reference-plan.redline.json inject-templates.json
var files embed.FS

// ReferencePlanTitle is the title of the plan a new user starts from.
const ReferencePlanTitle = "Coalition reassurance force — 2025 baseline"

// Source is one of the documents Redline's rules and data rest on. File is
// its id in plans (a built-in source, plan-format.md); people are shown its
// Citation instead.
type Source struct {
	File  string `json:"file"`
	Title string `json:"title"`
	// Kind says what the document is: "news analysis", "briefing", …
	Kind      string `json:"kind"`
	Author    string `json:"author,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	// Date is 2025, 2025-08 or 2025-12-23: as precise as the document says.
	Date    string `json:"date"`
	Summary string `json:"summary"`
}

type catalogFile struct {
	Format string `json:"format"`
	Actors []struct {
		planner.Actor
		Sources []string `json:"sources"`
	} `json:"actors"`
	Indicators []struct {
		planner.Indicator
		Sources []string `json:"sources"`
	} `json:"indicators"`
}

type sourcesFile struct {
	Format  string   `json:"format"`
	Sources []Source `json:"sources"`
}

func decodeStrict(name string, v any) error {
	data, err := files.ReadFile(name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("seeds/%s: %w", name, err)
	}
	return nil
}

var loadCatalog = sync.OnceValues(func() (*planner.Catalog, error) {
	var f catalogFile
	if err := decodeStrict("catalog.json", &f); err != nil {
		return nil, err
	}
	actors := make([]planner.Actor, len(f.Actors))
	for i, a := range f.Actors {
		actors[i] = a.Actor
	}
	indicators := make([]planner.Indicator, len(f.Indicators))
	for i, ind := range f.Indicators {
		indicators[i] = ind.Indicator
	}
	return planner.NewCatalog(actors, indicators), nil
})

// Catalog is the built-in catalogue of actors and indicators. The embedded
// data is checked by the package's tests, so an error here is a build fault.
func Catalog() *planner.Catalog {
	c, err := loadCatalog()
	if err != nil {
		panic(err)
	}
	return c
}

// CatalogSources maps each actor code and indicator key of the built-in
// catalogue to the documents that name it.
func CatalogSources() (map[string][]string, error) {
	var f catalogFile
	if err := decodeStrict("catalog.json", &f); err != nil {
		return nil, err
	}
	m := make(map[string][]string)
	for _, a := range f.Actors {
		m[a.Code] = a.Sources
	}
	for _, ind := range f.Indicators {
		m[ind.Key] = ind.Sources
	}
	return m, nil
}

var loadProfiles = sync.OnceValues(func() (map[string]*planner.Profile, error) {
	entries, err := files.ReadDir("profiles")
	if err != nil {
		return nil, err
	}
	out := make(map[string]*planner.Profile)
	// Root profiles first, then those that build on them.
	var pending []*planner.ProfileFile
	for _, e := range entries {
		data, err := files.ReadFile("profiles/" + e.Name())
		if err != nil {
			return nil, err
		}
		f, err := planner.DecodeProfile(data)
		if err != nil {
			return nil, fmt.Errorf("seeds/profiles/%s: %w", e.Name(), err)
		}
		pending = append(pending, f)
	}
	for len(pending) > 0 {
		var next []*planner.ProfileFile
		for _, f := range pending {
			if _, ok := out[f.Base]; f.Base != "" && !ok {
				next = append(next, f)
				continue
			}
			p, err := planner.ResolveProfile(f, out)
			if err != nil {
				return nil, fmt.Errorf("seeds profile %s: %w", f.ID, err)
			}
			out[p.ID] = p
		}
		if len(next) == len(pending) {
			return nil, fmt.Errorf("seeds profile %s: base %q not found", next[0].ID, next[0].Base)
		}
		pending = next
	}
	return out, nil
})

// Profiles returns the built-in profiles by id. The map is shared: do not
// change it.
func Profiles() map[string]*planner.Profile {
	p, err := loadProfiles()
	if err != nil {
		panic(err)
	}
	return p
}

// ProfileAssumptions says, for each parameter of the built-in profile id
// whose value is a planning assumption rather than a figure the documents
// give, what is assumed (parameter name → text). It is a fresh map, nil for
// a profile that is not built in or assumes nothing; a parameter with an
// assumption may also have sources (Profile.Sources) for what they do say.
// A message that prints such a parameter must not cite a document for the
// value itself.
func ProfileAssumptions(id string) map[string]string {
	p, err := loadProfiles()
	if err != nil {
		panic(err)
	}
	if prof, ok := p[id]; ok && len(prof.Assumptions) > 0 {
		return maps.Clone(prof.Assumptions)
	}
	return nil
}

// DefaultProfile is the built-in coalition-2025 profile.
func DefaultProfile() *planner.Profile { return Profiles()[planner.DefaultProfile] }

// ReferencePlanJSON is the reference plan file as embedded.
func ReferencePlanJSON() []byte {
	data, err := files.ReadFile("reference-plan.redline.json")
	if err != nil {
		panic(err)
	}
	return data
}

// ReferencePlan decodes a fresh copy of the reference plan, which the caller
// may change.
func ReferencePlan() (*planner.Plan, error) {
	return planner.DecodePlan(ReferencePlanJSON())
}

// Sources lists the source documents, in file order.
func Sources() ([]Source, error) {
	var f sourcesFile
	if err := decodeStrict("sources.json", &f); err != nil {
		return nil, err
	}
	return f.Sources, nil
}

var loadSources = sync.OnceValues(func() (map[string]Source, error) {
	list, err := Sources()
	if err != nil {
		return nil, err
	}
	m := make(map[string]Source, len(list))
	for _, s := range list {
		m[s.File] = s
	}
	return m, nil
})

// BuiltinSource returns the built-in source with that id (a document's file
// name), and whether there is one.
func BuiltinSource(id string) (Source, bool) {
	m, err := loadSources()
	if err != nil {
		panic(err)
	}
	s, ok := m[id]
	return s, ok
}

// Citation is how people are shown the built-in source id: author,
// publisher (or, where the document names none, what it is) and date, then
// the title:
//
//	Insight News Media, 2025 — Security Guarantees for Ukraine: Between Western Declarations and Real Commitments
//	Dalibor Rohac, The Bulwark, 23 December 2025 — Security Guarantees for Ukraine Are Useless Without Action to Back Them Up
//	Briefing, August 2025 — Security Guarantees for Ukraine: Stakes, Challenges, and Strategic Perspectives
//
// It is "" for an id that is not built in; PlanCitation also knows a
// plan's own sources. Ids stay what machine-readable output carries.
func Citation(id string) string {
	s, ok := BuiltinSource(id)
	if !ok {
		return ""
	}
	by := s.Publisher
	if by == "" {
		by = upperFirst(s.Kind)
	}
	return cite(s.Title, s.Author, by, s.Date)
}

// SourceCitation is how people are shown one of a plan's own sources:
// "Publisher, Date — Title", leaving out what the source does not give (a
// source with neither publisher nor date is cited by its title). The URL
// is not part of it.
func SourceCitation(s planner.Source) string {
	return cite(s.Title, s.Publisher, s.Date)
}

// PlanCitation is how people are shown source id as plan p cites it: a
// built-in document first (its id is the document's), then one of the
// plan's own sources. For an id that is neither (an unknown-source finding)
// it returns the id itself and false. p may be nil.
func PlanCitation(p *planner.Plan, id string) (string, bool) {
	if c := Citation(id); c != "" {
		return c, true
	}
	if p != nil {
		for i := range p.Sources {
			if p.Sources[i].ID == id {
				return SourceCitation(p.Sources[i]), true
			}
		}
	}
	return id, false
}

// Citer is PlanCitation for plan p as a function of the source id alone:
// the Cite hook of the reports and exports.
func Citer(p *planner.Plan) func(id string) (string, bool) {
	return func(id string) (string, bool) { return PlanCitation(p, id) }
}

// PlanCitations maps source ids to citations with PlanCitation, in order,
// keeping an id that does not resolve as it is.
func PlanCitations(p *planner.Plan, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i], _ = PlanCitation(p, id)
	}
	return out
}

// cite joins the non-empty parts of a citation with commas, the date last
// and spelt out, then the title after a dash.
func cite(title string, byAndDate ...string) string {
	var parts []string
	for i, s := range byAndDate {
		if i == len(byAndDate)-1 {
			s = humanDate(s)
		}
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return title
	}
	return strings.Join(parts, ", ") + " — " + title
}

// humanDate spells out a date given as 2025, 2025-08 or 2025-12-23
// ("2025", "August 2025", "23 December 2025"); any other text is kept.
func humanDate(d string) string {
	for _, layout := range []struct{ in, out string }{{"2006-01-02", "2 January 2006"}, {"2006-01", "January 2006"}} {
		if t, err := time.Parse(layout.in, d); err == nil {
			return t.Format(layout.out)
		}
	}
	return d
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
