package app

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// responsesScreen lists the plan's responses and edits the selected one.
type responsesScreen struct {
	entityForm

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
	add          *widget.Button

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
	s := &responsesScreen{entityForm: entityForm{m: m, selected: -1}}
	s.buildUI()
	s.load()
	m.onChecked = append(m.onChecked, s.showFindings)
	// Actors and contributions are edited on other screens; the pickers
	// follow them.
	m.onChange = append(m.onChange, s.syncReferences)
	return s
}

func (s *responsesScreen) buildUI() {
	s.list = widget.NewList(
		func() int { return len(s.m.p.Responses) },
		newTaggedRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := &s.m.p.Responses[i]
			setTaggedRow(o, fmt.Sprintf("%s  %s", r.ID, r.Title),
				strings.ToLower(s.kinds.label(r.Kind)+" · "+s.mechanisms.label(r.Mechanism)))
		},
	)
	s.list.OnSelected = func(i widget.ListItemID) {
		s.selected = i
		s.load()
	}
	s.list.OnUnselected = func(widget.ListItemID) {
		s.selected = -1
		s.load()
	}

	s.kinds = newOptionSet(planner.ResponseKinds, planner.ResponseKind.Label)
	s.mechanisms = newOptionSet(planner.Mechanisms, planner.Mechanism.Label)
	s.preconds = newOptionSet(planner.Preconditions, planner.Precondition.Label)
	s.caps = newOptionSet(planner.Capabilities, planner.Capability.Label)
	s.actors = &optionSet[string]{}
	s.contribution = &optionSet[string]{}

	s.id = widget.NewEntry()
	s.idErr = errorLabel()
	s.id.OnChanged = s.onID
	s.title = widget.NewEntry()
	s.titleErr = errorLabel()
	s.title.OnChanged = func(t string) {
		if n := utf8.RuneCountInString(t); n == 0 {
			s.refuse(s.titleErr, "A response needs a title.")
		} else if n > maxTitle {
			s.refuse(s.titleErr, fmt.Sprintf("At most %d characters; this is %d.", maxTitle, n))
		} else {
			s.edit(s.titleErr, func(r *planner.Response) { r.Title = t })
		}
	}
	s.kind = widget.NewSelect(s.kinds.labels, func(opt string) {
		s.edit(nil, func(r *planner.Response) { r.Kind = s.kinds.value(opt) })
	})
	s.mechanism = widget.NewSelect(s.mechanisms.labels, func(opt string) {
		s.edit(nil, func(r *planner.Response) { r.Mechanism = s.mechanisms.value(opt) })
	})
	s.lead = widget.NewSelect(nil, func(opt string) {
		s.edit(nil, func(r *planner.Response) { r.Lead = s.actors.value(opt) })
	})
	s.participants = widget.NewCheckGroup(nil, func(opts []string) {
		s.edit(nil, func(r *planner.Response) { r.Participants = tickedValues(r.Participants, s.actors, opts) })
	})
	s.hours = widget.NewEntry()
	s.hours.SetPlaceHolder("hours from decision to effect")
	s.hoursErr = errorLabel()
	s.hours.OnChanged = s.onHours
	s.requires = widget.NewCheckGroup(s.preconds.labels, func(opts []string) {
		s.edit(nil, func(r *planner.Response) { r.Requires = tickedValues(r.Requires, s.preconds, opts) })
	})
	s.capabilities = widget.NewCheckGroup(s.caps.labels, func(opts []string) {
		s.edit(nil, func(r *planner.Response) { r.Capabilities = tickedValues(r.Capabilities, s.caps, opts) })
	})
	s.uses = widget.NewCheckGroup(nil, func(opts []string) {
		s.edit(nil, func(r *planner.Response) { r.Uses = tickedValues(r.Uses, s.contribution, opts) })
	})
	s.findings = wrappedLabel("")

	s.add = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), s.onAdd)
	s.remove = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), s.onDelete)

	s.form = container.NewVBox(widget.NewForm(
		widget.NewFormItem("ID", container.NewVBox(s.id, s.idErr)),
		widget.NewFormItem("Title", container.NewVBox(s.title, s.titleErr)),
		widget.NewFormItem("Kind", s.kind),
		widget.NewFormItem("Mechanism", s.mechanism),
		widget.NewFormItem("Lead", s.lead),
		widget.NewFormItem("Participants", pickerBox(s.participants)),
		widget.NewFormItem("Hours to effect", container.NewVBox(s.hours, s.hoursErr)),
		widget.NewFormItem("Requires", s.requires),
		widget.NewFormItem("Capabilities", pickerBox(s.capabilities)),
		widget.NewFormItem("Uses", pickerBox(s.uses)),
	), s.findings)
	s.hint = widget.NewLabel("Select a response, or press Add to draft a new one.")

	left := container.NewBorder(nil, container.NewHBox(s.add, s.remove), nil, nil, s.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewStack(s.form, s.hint)))
	split.Offset = 0.35
	s.content = split
}

// refresh redraws the list and the form from the model, e.g. after a save
// turned fresh responses into stored ones.
func (s *responsesScreen) refresh() {
	s.list.Refresh()
	s.load()
}

// selectID selects the response with that id and reports whether there is
// one, so a finding can fall through to the next screen.
func (s *responsesScreen) selectID(id string) bool {
	i := responseIndex(s.m.p, id)
	if i < 0 {
		return false
	}
	s.list.Select(i)
	s.list.ScrollTo(i)
	return true
}

// load shows the selected response in the form without counting that as an
// edit.
func (s *responsesScreen) load() {
	s.loading = true
	defer func() { s.loading = false }()
	if !s.showSelected(len(s.m.p.Responses), func(i int) string { return s.m.p.Responses[i].ID }, s.titleErr, s.hoursErr) {
		return
	}
	r := &s.m.p.Responses[s.selected]
	s.title.SetText(r.Title)
	s.kind.SetSelected(s.kinds.label(r.Kind))
	s.mechanism.SetSelected(s.mechanisms.label(r.Mechanism))
	s.hours.SetText(strconv.FormatFloat(r.HoursToEffect, 'f', -1, 64))
	s.requires.SetSelected(s.preconds.labelsOf(r.Requires))
	s.capabilities.SetSelected(s.caps.labelsOf(r.Capabilities))
	s.loadReferences(r)
	s.showFindings()
}

// loadReferences offers the actors and contributions the response can name
// and ticks the ones it does. A code or id that nothing declares stays
// visible, so it is not dropped silently; the checker reports it.
func (s *responsesScreen) loadReferences(r *planner.Response) {
	s.actors = s.actorChoices(append([]string{r.Lead}, r.Participants...))
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

// setCheckGroup replaces a check group's options and ticks, and reports
// whether the options changed. Then a second refresh is needed: fyne ticks
// each box by its old text before it relabels it.
func setCheckGroup(g *widget.CheckGroup, options, selected []string) bool {
	changed := !slices.Equal(g.Options, options)
	g.Options = options
	g.SetSelected(selected)
	if changed {
		g.Refresh()
	}
	return changed
}

// syncReferences reloads the pickers when an edit elsewhere changed the
// actors or contributions they offer; other edits leave the form alone so
// typing is not disturbed.
func (s *responsesScreen) syncReferences() {
	if s.loading || s.selected < 0 || s.selected >= len(s.m.p.Responses) {
		return
	}
	r := &s.m.p.Responses[s.selected]
	actors := s.actorChoices(append([]string{r.Lead}, r.Participants...))
	contributions := s.contributionChoices(r.Uses)
	if slices.Equal(actors.labels, s.actors.labels) && slices.Equal(contributions.labels, s.contribution.labels) {
		return
	}
	s.loading = true
	defer func() { s.loading = false }()
	s.loadReferences(r)
}

// actorChoices are the states and organisations of the catalogue and the
// plan, "FR — France"; adversaries neither lead nor take part in a response.
func (s *responsesScreen) actorChoices(keep []string) *optionSet[string] {
	c := &optionSet[string]{}
	for _, a := range s.m.ui.cat.ForPlan(s.m.p).Actors {
		if a.Kind == planner.ActorState || a.Kind == planner.ActorOrganisation {
			c.addChoice(a.Code, fmt.Sprintf("%s — %s", a.Code, a.Name))
		}
	}
	for _, code := range keep {
		if code != "" && !c.has(code) {
			c.addChoice(code, code+" (not a coalition actor)")
		}
	}
	return c
}

// contributionChoices are the plan's contributions, "c-gb-rrf — GB Rapid
// reaction".
func (s *responsesScreen) contributionChoices(keep []string) *optionSet[string] {
	c := &optionSet[string]{}
	for _, k := range s.m.p.Contributions {
		if !c.has(k.ID) {
			c.addChoice(k.ID, fmt.Sprintf("%s — %s %s", k.ID, k.Nation, k.Capability.Label()))
		}
	}
	for _, id := range keep {
		if !c.has(id) {
			c.addChoice(id, id+" (missing)")
		}
	}
	return c
}

// showFindings lists what the checker says about the selected response.
func (s *responsesScreen) showFindings() {
	if s.selected < 0 || s.selected >= len(s.m.p.Responses) {
		return
	}
	s.showFindingsAbout(s.m.p.Responses[s.selected].ID,
		"The checker has nothing to say about this response.")
}

// edit applies a valid change to a copy of the selected response and puts the
// copy in its place (see entityForm.edit).
func (s *responsesScreen) edit(errLabel *widget.Label, change func(*planner.Response)) {
	editEntity(&s.entityForm, s.m.p.Responses, errLabel, change, sameResponse)
}

func (s *responsesScreen) onID(id string) {
	if s.loading || s.selected < 0 || s.selected >= len(s.m.p.Responses) {
		return
	}
	old := s.m.p.Responses[s.selected].ID
	switch msg := s.m.renameProblem(old, id); {
	case id == old:
		showError(s.idErr, "")
	case msg != "":
		s.refuse(s.idErr, msg)
	default:
		s.m.renamed(old, id)
		s.edit(s.idErr, func(r *planner.Response) { r.ID = id })
	}
}

// onHours takes a number of hours ≥ 0; the field is required, so an empty
// one is refused too.
func (s *responsesScreen) onHours(text string) {
	if s.loading || s.selected < 0 {
		return
	}
	text = strings.TrimSpace(text)
	v, err := strconv.ParseFloat(text, 64)
	switch {
	case text == "":
		s.refuse(s.hoursErr, "How many hours from decision to effect? Write 0 for at once.")
	case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
		s.refuse(s.hoursErr, fmt.Sprintf("%q is not a number; write hours such as 24 or 1.5.", text))
	case v < 0:
		s.refuse(s.hoursErr, "Hours to effect cannot be negative.")
	default:
		s.edit(s.hoursErr, func(r *planner.Response) { r.HoursToEffect = v })
	}
}

// onAdd appends a response with a free id and selects it for editing. It is
// linked to no red line yet, which the checker points out.
func (s *responsesScreen) onAdd() {
	id := ""
	for n := len(s.m.p.Responses) + 1; ; n++ {
		if id = fmt.Sprintf("resp-%d", n); !s.m.idTaken(id) {
			break
		}
	}
	// Lead, kind and mechanism are required for the plan to load again;
	// these are placeholders the planner is expected to change.
	s.m.p.Responses = append(s.m.p.Responses, planner.Response{
		ID: id, Title: "New response", Kind: planner.KindDiplomatic,
		Mechanism: planner.MechanismPunishment, Lead: "EU", HoursToEffect: 24,
	})
	s.m.fresh[id] = true
	s.m.changed()
	s.list.Refresh()
	s.list.Select(len(s.m.p.Responses) - 1)
}

// onDelete removes the selected response with the links to it, which would
// otherwise point nowhere.
func (s *responsesScreen) onDelete() {
	if s.selected < 0 || s.selected >= len(s.m.p.Responses) {
		return
	}
	r := s.m.p.Responses[s.selected]
	deleteWithLinks(&s.entityForm, func() *[]planner.Response { return &s.m.p.Responses }, func(l planner.Link) string { return l.Response },
		func(x planner.Response) string { return x.ID }, func(links int) string {
			return fmt.Sprintf("Delete response %s “%s” and the %s to it from red lines?", r.ID, r.Title, plural(links, "link", "links"))
		}, "Delete response?", s.refresh)
}

// responseIndex is the position of the first response with that id, or -1.
func responseIndex(p *planner.Plan, id string) int {
	return slices.IndexFunc(p.Responses, func(r planner.Response) bool { return r.ID == id })
}

func sameResponse(a, b planner.Response) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Kind == b.Kind && a.Mechanism == b.Mechanism &&
		a.Lead == b.Lead && a.HoursToEffect == b.HoursToEffect &&
		slices.Equal(a.Participants, b.Participants) && slices.Equal(a.Requires, b.Requires) &&
		slices.Equal(a.Capabilities, b.Capabilities) && slices.Equal(a.Uses, b.Uses)
}

// optionSet pairs the labels a select or check group shows with the values
// the plan stores, in the order offered.
type optionSet[T comparable] struct {
	labels []string
	values []T
}

func newOptionSet[T comparable](values []T, label func(T) string) *optionSet[T] {
	c := &optionSet[T]{}
	for _, v := range values {
		c.addChoice(v, label(v))
	}
	return c
}

func (c *optionSet[T]) addChoice(v T, label string) {
	c.values = append(c.values, v)
	c.labels = append(c.labels, label)
}

func (c *optionSet[T]) has(v T) bool { return slices.Contains(c.values, v) }

// label is v's label; a value outside the choices shows as itself.
func (c *optionSet[T]) label(v T) string {
	if i := slices.Index(c.values, v); i >= 0 {
		return c.labels[i]
	}
	return fmt.Sprint(v)
}

func (c *optionSet[T]) labelsOf(vs []T) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, c.label(v))
	}
	return out
}

// value is the value behind a label, the zero value for none.
func (c *optionSet[T]) value(label string) T {
	if i := slices.Index(c.labels, label); i >= 0 {
		return c.values[i]
	}
	var zero T
	return zero
}

// tickedValues is the new list for a check group: the old entries still ticked in
// their old order, then the newly ticked ones in the order offered. It is a
// new slice, never old's backing array (copy-on-write).
func tickedValues[T comparable](old []T, c *optionSet[T], opts []string) []T {
	var out []T
	for _, v := range old {
		if slices.Contains(opts, c.label(v)) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	for i, label := range c.labels {
		if slices.Contains(opts, label) && !slices.Contains(out, c.values[i]) {
			out = append(out, c.values[i])
		}
	}
	return out
}

// newTaggedRow is a list row: the entity's name with a small tag on the
// right, e.g. its kind and mechanism.
func newTaggedRow() fyne.CanvasObject {
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	tag := widget.NewLabel("")
	tag.SizeName = theme.SizeNameCaptionText
	tag.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, nil, tag, name)
}

func setTaggedRow(o fyne.CanvasObject, name, tag string) {
	c := o.(*fyne.Container)
	// NewBorder keeps the centre first, then the edges in top, bottom, left,
	// right order.
	c.Objects[0].(*widget.Label).SetText(name)
	c.Objects[1].(*widget.Label).SetText(tag)
	// A recycled row keeps the layout of its last text; lay it out again so
	// a longer tag is not cut off at the list's edge.
	c.Refresh()
}

// pickerBox shows a long check list in a box of a few rows' height that
// scrolls, so that the form stays on one screen and the findings under it
// stay in sight.
func pickerBox(g *widget.CheckGroup) fyne.CanvasObject {
	scroll := container.NewVScroll(g)
	scroll.SetMinSize(fyne.NewSize(0, 5*theme.Size(theme.SizeNameText)*2.2))
	return scroll
}
