package seeds

import (
	"fmt"
	"slices"

	"redline/planner"
)

// InjectTemplate is a reusable exercise inject from the reference data: what
// happens, the readings it reports (keys of the built-in indicator
// catalogue, with values chosen against the reference plan's thresholds), the
// phase it brings, if any, and the documents behind it.
type InjectTemplate struct {
	ID           string                `json:"id"`
	Title        string                `json:"title"`
	Observations []planner.Observation `json:"observations"`
	Phase        planner.Phase         `json:"phase,omitempty"`
	Sources      []string              `json:"sources"`
	// Basis is the fact the template rests on, in Redline's words.
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

// Inject is the template as an inject with the given id and time. Its
// observations are a list of its own.
func (t InjectTemplate) Inject(id string, atHours float64) planner.Inject {
	return planner.Inject{
		ID:           id,
		AtHours:      atHours,
		Title:        t.Title,
		Observations: slices.Clone(t.Observations),
		Phase:        t.Phase,
	}
}
