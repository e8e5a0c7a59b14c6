package app

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
)

// noIndicator is the indicator select's entry for a red line that watches
// none yet.
const noIndicator = "(none)"

// redLinesScreen lists the plan's red lines and edits the selected one.
type redLinesScreen struct {
	entityForm[planner.RedLine]

	title     *widget.Entry
	titleErr  *widget.Label
	domain    *widget.Select
	indicator *widget.Select
	op        *widget.Select
	value     *widget.Entry
	valueErr  *widget.Label
	threshold *formField
	severity  *widget.Select
	notes     *textArea

	domains    *optionSet[planner.Domain]
	severities *optionSet[int]
	// indicators are the indicator select's options, rebuilt for each red
	// line (an undeclared key shows as itself).
	indicators *optionSet[string]
	content    fyne.CanvasObject
}

func newRedLinesScreen(m *planModel) *redLinesScreen {
	s := &redLinesScreen{}
	s.init(m, edit.RedLines, "The checker has nothing to say about this red line.", s.onAdd, s.onDelete)
	s.fill = s.show
	s.buildUI()
	s.load()
	return s
}

func (s *redLinesScreen) buildUI() {
	s.newList(newTaggedRow, func(r *planner.RedLine, o fyne.CanvasObject) {
		setTaggedRow(o, r.Title, "")
	})
	s.domains = newOptionSet(planner.Domains, planner.Domain.Label)
	s.severities = severityChoices()
	s.indicators = &optionSet[string]{}

	s.title, s.titleErr = widget.NewEntry(), errorLabel()
	s.textField(planner.FieldEntityTitle, "A red line needs a title.", s.title, s.titleErr,
		func(r *planner.RedLine, t string) { r.Title = t })
	s.domain = newSelect(s.domains, func(d planner.Domain) { s.edit(func(r *planner.RedLine) { r.Domain = d }) })
	s.indicator = widget.NewSelect(nil, func(opt string) {
		s.edit(func(r *planner.RedLine) { r.Indicator = s.indicators.value(opt) })
	})
	s.op = widget.NewSelect(enumStrings(planner.Ops), func(string) { s.threshold.changed(s.value.Text) })
	s.value, s.valueErr = widget.NewEntry(), errorLabel()
	// An empty value means no threshold; a number sets one with the op.
	s.threshold = s.numberField(planner.FieldThresholdValue, "", s.value, s.valueErr,
		func(r *planner.RedLine, v float64, empty bool) {
			r.Threshold = nil
			if !empty {
				r.Threshold = &planner.Threshold{Op: planner.Op(s.op.Selected), Value: v}
			}
		})
	s.severity = newSelect(s.severities, func(n int) { s.edit(func(r *planner.RedLine) { r.Severity = n }) })
	s.notes = newTextArea()
	s.notes.SetMinRowsVisible(4)
	s.notes.OnChanged = func(t string) { s.edit(func(r *planner.RedLine) { r.Notes = t }) }

	s.provenance(func(r *planner.RedLine) *planner.Provenance { return &r.Provenance })
	s.filterUnsourced()

	// The op comes before the value, in Tab order too: a border layout
	// keeps its objects in the order given.
	threshold := container.New(layout.NewBorderLayout(nil, nil, s.op, nil), s.op, s.value)
	s.content = s.layout(s.buttons(), 0.35, "Select a red line, or press Add to draw a new one.",
		widget.NewFormItem("ID", fieldBox(s.id, s.idErr)),
		widget.NewFormItem("Title", fieldBox(s.title, s.titleErr)),
		widget.NewFormItem("Domain", s.domain),
		widget.NewFormItem("Indicator", s.indicator),
		widget.NewFormItem("Threshold", fieldBox(threshold, s.valueErr)),
		widget.NewFormItem("Severity", s.severity),
		widget.NewFormItem("Notes", s.notes),
	)
}

// severityChoices offer the severities with the ends named, so that the
// select says which way is worse.
func severityChoices() *optionSet[int] {
	c := &optionSet[int]{}
	for n := planner.MinSeverity; n <= planner.MaxSeverity; n++ {
		label := strconv.Itoa(n)
		switch n {
		case planner.MinSeverity:
			label += " — least grave"
		case planner.MaxSeverity:
			label += " — gravest"
		}
		c.addChoice(n, label)
	}
	return c
}

// show fills the form with red line r.
func (s *redLinesScreen) show(r *planner.RedLine) {
	s.title.SetText(r.Title)
	s.domain.SetSelected(s.domains.label(r.Domain))
	s.loadIndicators(r.Indicator)
	if r.Threshold != nil {
		s.op.SetSelected(string(r.Threshold.Op))
		s.value.SetText(fieldNumber(r.Threshold.Value))
	} else {
		s.op.SetSelected(string(planner.OpGE))
		s.value.SetText("")
	}
	s.severity.SetSelected(s.severities.label(r.Severity))
	s.notes.SetText(r.Notes)
}

// loadIndicators offers the catalogue's and the plan's indicators, each by
// name and unit, and selects key.
func (s *redLinesScreen) loadIndicators(key string) {
	cat := s.m.ui.cat.ForPlan(s.m.Plan())
	s.indicators = &optionSet[string]{}
	s.indicators.addChoice("", noIndicator)
	for _, ind := range cat.Indicators {
		s.indicators.addChoice(ind.Key, fmt.Sprintf("%s (%s)", ind.Name, ind.Unit))
	}
	if !s.indicators.has(key) {
		// An indicator nobody declares: keep it visible rather than drop it;
		// the checker reports it as an invalid reference.
		s.indicators.addChoice(key, key+" (undeclared)")
	}
	s.indicator.SetOptions(s.indicators.labels)
	s.indicator.SetSelected(s.indicators.label(key))
}

// onAdd appends a red line with a free id and selects it for editing. It has
// no indicator or threshold yet, which the checker points out.
func (s *redLinesScreen) onAdd() {
	s.entityForm.onAdd(planner.RedLine{
		ID: s.m.FreeID(edit.RedLines.Prefix, len(s.items())+1), Title: "New red line",
		Domain: planner.DomainLand, Severity: 3,
	})
}

// onDelete removes the selected red line with the links that answer it.
func (s *redLinesScreen) onDelete() {
	s.entityForm.onDelete("Delete red line?", func(r *planner.RedLine, links int) string {
		return fmt.Sprintf("Delete red line %s “%s” and the %s that answer it?", r.ID, r.Title, plural(links, "link", "links"))
	})
}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
