package seeds

import (
	"fmt"
	"slices"

	"redline/planner"
)

// InjectTemplate is a reusable exercise inject from the reference data: what
// happens, the narrative read to the players, the readings it reports (keys
// of the built-in indicator catalogue, with values chosen against the
// reference plan's thresholds), the phase it brings, if any, and its
// provenance: the documents behind it and what of it is the scenario's.
type InjectTemplate struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Brief is the narrative read to the players (the inject's brief).
	Brief        string                `json:"brief"`
	Observations []planner.Observation `json:"observations"`
	Phase        planner.Phase         `json:"phase,omitempty"`
	// Sources are built-in source ids; a template that no document
	// supports has none and says so in its Assumption.
	Sources []string `json:"sources"`
	// Assumption says what of the template is assumed (its readings, or
	// the whole event where no document reports such a thing).
	Assumption string `json:"assumption,omitempty"`
	// Basis is the fact the template rests on, in Redline's words, or
	// why it is in the library when no document reports it.
	Basis string `json:"basis"`
}

const injectTemplatesFormat = "redline-inject-templates/v1"

type injectTemplatesFile struct {
	Format    string           `json:"format"`
	Templates []InjectTemplate `json:"templates"`
}

// InjectTemplates returns the inject library in file order. Each call
// returns fresh copies, which the caller may change. The embedded data is
// checked by the package's tests, so an error here is a build fault.
func InjectTemplates() []InjectTemplate {
	var f injectTemplatesFile
	if err := decodeStrict("inject-templates.json", &f); err != nil {
		panic(err)
	}
	if f.Format != injectTemplatesFormat {
		panic(fmt.Sprintf("seeds/inject-templates.json: format %q, want %q", f.Format, injectTemplatesFormat))
	}
	return f.Templates
}

// Inject is the template as an inject with the given id and time, with
// the template's brief and provenance. Its observations and sources are
// lists of its own.
func (t InjectTemplate) Inject(id string, atHours float64) planner.Inject {
	return planner.Inject{
		ID:           id,
		AtHours:      atHours,
		Title:        t.Title,
		Observations: slices.Clone(t.Observations),
		Phase:        t.Phase,
		Brief:        t.Brief,
		Provenance:   planner.Provenance{Sources: slices.Clone(t.Sources), Assumption: t.Assumption},
	}
}
