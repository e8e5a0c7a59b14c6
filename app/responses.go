package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
)

// responsesScreen lists the plan's responses and edits the selected one.
type responsesScreen struct {
	entityForm[planner.Response]

	title        *widget.Entry
	titleErr     *widget.Label
	kind         *widget.Select
	mechanism    *widget.Select
	lead         *widget.Select
	participants *widget.CheckGroup
	hours        *widget.Entry
	hoursErr     *widget.Label
	requires     *widget.CheckGroup
	capabilities *widget.CheckGroup
	uses         *widget.CheckGroup

	// The selects and check groups show labels; these choices map them back
	// to the codes, keys and ids the plan stores.
	kinds        *optionSet[planner.ResponseKind]
	mechanisms   *optionSet[planner.Mechanism]
	preconds     *optionSet[planner.Precondition]
	caps         *optionSet[planner.Capability]
	actors       *optionSet[string]
	contribution *optionSet[string]

	content fyne.CanvasObject
}

func newResponsesScreen(m *planModel) *responsesScreen {
	s := &responsesScreen{}
	s.init(m, edit.Responses, "The checker has nothing to say about this response.", s.onAdd, s.onDelete)
	s.fill = s.show
	s.buildUI()
	s.load()
	// Actors and contributions are edited on other screens; the pickers
	// follow them.
	m.OnChange(s.syncReferences)
	return s
}

func (s *responsesScreen) buildUI() {
	s.kinds = newOptionSet(planner.ResponseKinds, planner.ResponseKind.Label)
	s.mechanisms = newOptionSet(planner.Mechanisms, planner.Mechanism.Label)
	s.preconds = newOptionSet(planner.Preconditions, planner.Precondition.Label)
	s.caps = newOptionSet(planner.Capabilities, planner.Capability.Label)
	s.actors = &optionSet[string]{}
	s.contribution = &optionSet[string]{}
	s.newList(newTaggedRow, func(r *planner.Response, o fyne.CanvasObject) {
		setTaggedRow(o, r.Title, s.kinds.label(r.Kind)+" · "+s.mechanisms.label(r.Mechanism))
	})

	s.title, s.titleErr = widget.NewEntry(), errorLabel()
	s.textField(planner.FieldEntityTitle, "A response needs a title.", s.title, s.titleErr,
		func(r *planner.Response, t string) { r.Title = t })
	s.kind = newSelect(s.kinds, func(k planner.ResponseKind) { s.edit(func(r *planner.Response) { r.Kind = k }) })
	s.mechanism = newSelect(s.mechanisms, func(k planner.Mechanism) { s.edit(func(r *planner.Response) { r.Mechanism = k }) })
	s.lead = widget.NewSelect(nil, func(opt string) {
		s.edit(func(r *planner.Response) { r.Lead = s.actors.value(opt) })
	})
	s.participants = widget.NewCheckGroup(nil, func(opts []string) {
		s.edit(func(r *planner.Response) { r.Participants = tickedValues(r.Participants, s.actors, opts) })
	})
	s.hours, s.hoursErr = widget.NewEntry(), errorLabel()
	s.numberField(planner.FieldHoursToEffect, "How many hours from decision to effect? Write 0 for at once.", s.hours, s.hoursErr,
		func(r *planner.Response, h float64, _ bool) { r.HoursToEffect = h })
	s.hours.SetPlaceHolder("hours from decision to effect")
	s.requires = widget.NewCheckGroup(s.preconds.labels, func(opts []string) {
		s.edit(func(r *planner.Response) { r.Requires = tickedValues(r.Requires, s.preconds, opts) })
	})
	s.capabilities = widget.NewCheckGroup(s.caps.labels, func(opts []string) {
		s.edit(func(r *planner.Response) { r.Capabilities = tickedValues(r.Capabilities, s.caps, opts) })
	})
	s.uses = widget.NewCheckGroup(nil, func(opts []string) {
		s.edit(func(r *planner.Response) { r.Uses = tickedValues(r.Uses, s.contribution, opts) })
	})

	s.provenance(func(r *planner.Response) *planner.Provenance { return &r.Provenance })
	s.filterUnsourced()
	s.content = s.layout(s.buttons(), 0.35, "Select a response, or press Add to draft a new one.",
		widget.NewFormItem("ID", fieldBox(s.id, s.idErr)),
		widget.NewFormItem("Title", fieldBox(s.title, s.titleErr)),
		widget.NewFormItem("Kind", s.kind),
		widget.NewFormItem("Mechanism", s.mechanism),
		widget.NewFormItem("Lead", s.lead),
		widget.NewFormItem("Participants", pickerBox(s.participants)),
		widget.NewFormItem("Hours to effect", fieldBox(s.hours, s.hoursErr)),
		widget.NewFormItem("Requires", s.requires),
		widget.NewFormItem("Capabilities", pickerBox(s.capabilities)),
		widget.NewFormItem("Uses", pickerBox(s.uses)),
	)
}

// show fills the form with response r.
func (s *responsesScreen) show(r *planner.Response) {
	s.title.SetText(r.Title)
	s.kind.SetSelected(s.kinds.label(r.Kind))
	s.mechanism.SetSelected(s.mechanisms.label(r.Mechanism))
	s.hours.SetText(fieldNumber(r.HoursToEffect))
	s.requires.SetSelected(s.preconds.labelsOf(r.Requires))
	s.capabilities.SetSelected(s.caps.labelsOf(r.Capabilities))
	s.loadReferences(r)
}

// loadReferences offers the actors and contributions the response can name
// and ticks the ones it does. A code or id that nothing declares stays
// visible, so it is not dropped silently; the checker reports it.
func (s *responsesScreen) loadReferences(r *planner.Response) {
	s.actors = s.actorChoices(r)
	s.contribution = s.contributionChoices(r.Uses)
	s.lead.SetOptions(s.actors.labels)
	s.lead.SetSelected(s.actors.label(r.Lead))
	reshaped := setCheckGroup(s.participants, s.actors.labels, s.actors.labelsOf(r.Participants))
	reshaped = setCheckGroup(s.uses, s.contribution.labels, s.contribution.labelsOf(r.Uses)) || reshaped
	if reshaped {
		// A check group with other options has another height; the form
		// only makes room for it when laid out again.
		s.form.Refresh()
	}
}

// syncReferences reloads the pickers when an edit elsewhere changed the
// actors or contributions they offer; other edits leave the form alone so
// typing is not disturbed.
func (s *responsesScreen) syncReferences() {
	r, ok := s.current()
	if s.loading || !ok || !s.m.Touched().Has(edit.PartContributions) {
		return
	}
	actors, contributions := s.actorChoices(r), s.contributionChoices(r.Uses)
	if slices.Equal(actors.labels, s.actors.labels) && slices.Equal(contributions.labels, s.contribution.labels) {
		return
	}
	s.loading = true
	defer func() { s.loading = false }()
	s.loadReferences(r)
}

// actorChoices are the actors that can lead or join response r, with the
// ones it names.
func (s *responsesScreen) actorChoices(r *planner.Response) *optionSet[string] {
	return actorChoices(s.m.ui.cat.ForPlan(s.m.Plan()), append([]string{r.Lead}, r.Participants...)...)
}

// contributionChoices are the plan's contributions as the Forces list
// shows them (contributionLabel); two that read alike are told apart by
// their ids.
func (s *responsesScreen) contributionChoices(keep []string) *optionSet[string] {
	c := &optionSet[string]{}
	cat := s.m.ui.cat.ForPlan(s.m.Plan())
	used := map[string]bool{}
	for _, k := range s.m.Plan().Contributions {
		if !c.has(k.ID) {
			label := contributionLabel(cat, &k)
			if used[label] {
				label += " (" + k.ID + ")"
			}
			used[label] = true
			c.addChoice(k.ID, label)
		}
	}
	for _, id := range keep {
		if !c.has(id) {
			c.addChoice(id, id+" (missing)")
		}
	}
	return c
}

// onAdd appends a response with a free id and selects it for editing. It is
// linked to no red line yet, which the checker points out. Lead, kind and
// mechanism are required for the plan to load again; these are placeholders
// the planner is expected to change.
func (s *responsesScreen) onAdd() {
	s.entityForm.onAdd(planner.Response{
		ID: s.m.FreeID(edit.Responses.Prefix, len(s.items())+1), Title: "New response", Kind: planner.KindDiplomatic,
		Mechanism: planner.MechanismPunishment, Lead: "EU", HoursToEffect: 24,
	})
}

// onDelete removes the selected response with the links to it.
func (s *responsesScreen) onDelete() {
	s.entityForm.onDelete("Delete response?", func(r *planner.Response, links int) string {
		return fmt.Sprintf("Delete response %s “%s” and the %s to it from red lines?", r.ID, r.Title, plural(links, "link", "links"))
	})
}
