// Package seeds embeds Redline's reference data: the actor and indicator
// catalogues, the built-in constraint profile, the index of the source
// documents and the reference plan, every entry citing the document it
// rests on.
package seeds

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"sync"

	"redline/planner"
)

//go:embed sources.json catalog.json profiles/*.json reference-plan.redline.json reference-plan.sources.json inject-templates.json
var files embed.FS

// ReferencePlanTitle is the title of the plan a new user starts from.
const ReferencePlanTitle = "Coalition reassurance force — 2025 baseline"

// Source is one of the documents Redline's rules and data rest on.
type Source struct {
	File      string `json:"file"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Publisher string `json:"publisher,omitempty"`
	Date      string `json:"date"`
	Summary   string `json:"summary"`
}

// Citation says which documents an entry rests on and the fact it takes.
type Citation struct {
	Sources []string `json:"sources"`
	Basis   string   `json:"basis"`
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

// PlanSources cites the documents behind each entity and link of the
// reference plan.
type PlanSources struct {
	Format   string              `json:"format"`
	Plan     string              `json:"plan"`
	Entities map[string]Citation `json:"entities"`
	// Links are keyed "RED_LINE:RESPONSE".
	Links map[string]Citation `json:"links"`
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

// ReferencePlanSources cites the documents behind the reference plan.
func ReferencePlanSources() (*PlanSources, error) {
	var s PlanSources
	if err := decodeStrict("reference-plan.sources.json", &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// Sources lists the source documents, in file order.
func Sources() ([]Source, error) {
	var f sourcesFile
	if err := decodeStrict("sources.json", &f); err != nil {
		return nil, err
	}
	return f.Sources, nil
}
