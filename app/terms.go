package app

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// termsScreen lists the plan's negotiation positions and edits the selected
// one.
type termsScreen struct {
	entityForm

	kind     *widget.Select
	stance   *widget.Select
	value    *widget.Entry
	valueErr *widget.Label
	notes    *textArea
	add      *widget.Button

	kinds   *optionSet[planner.TermKind]
	stances *optionSet[planner.Stance]
	content fyne.CanvasObject
}

func newTermsScreen(m *planModel) *termsScreen {
	s := &termsScreen{entityForm: entityForm{m: m, selected: -1}}
	s.buildUI()
	s.load()
	m.onChecked = append(m.onChecked, s.showFindings)
	return s
}

func (s *termsScreen) buildUI() {
	s.kinds = newOptionSet(planner.TermKinds, planner.TermKind.Label)
	s.stances = newOptionSet(planner.Stances, planner.Stance.Label)

	s.list = widget.NewList(
		func() int { return len(s.m.p.Terms) },
		newTaggedRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			t := &s.m.p.Terms[i]
			setTaggedRow(o, s.kinds.label(t.Kind), strings.ToLower(s.stances.label(t.Stance)))
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

	s.id = widget.NewEntry()
	s.idErr = errorLabel()
	s.id.OnChanged = s.onID
	s.kind = widget.NewSelect(s.kinds.labels, func(opt string) {
		s.edit(nil, func(t *planner.Term) { t.Kind = s.kinds.value(opt) })
	})
	s.stance = widget.NewSelect(s.stances.labels, func(opt string) {
		s.edit(nil, func(t *planner.Term) { t.Stance = s.stances.value(opt) })
	})
	s.value = widget.NewEntry()
	s.value.SetPlaceHolder("none, e.g. a personnel cap")
	s.valueErr = errorLabel()
	s.value.OnChanged = s.onValue
	s.notes = newTextArea()
	s.notes.Wrapping = fyne.TextWrapWord
	s.notes.SetMinRowsVisible(4)
	s.notes.OnChanged = func(n string) { s.edit(nil, func(t *planner.Term) { t.Notes = n }) }
	s.findings = wrappedLabel("")

	s.add = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), s.onAdd)
	s.remove = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), s.onDelete)

	s.form = container.NewVBox(widget.NewForm(
		widget.NewFormItem("ID", container.NewVBox(s.id, s.idErr)),
		widget.NewFormItem("Demand", s.kind),
		widget.NewFormItem("Stance", s.stance),
		widget.NewFormItem("Value", container.NewVBox(s.value, s.valueErr)),
		widget.NewFormItem("Notes", s.notes),
	), s.findings)
	s.hint = widget.NewLabel("Select a term, or press Add to take a position on a demand.")

	left := container.NewBorder(nil, container.NewHBox(s.add, s.remove), nil, nil, s.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewStack(s.form, s.hint)))
	split.Offset = 0.35
	s.content = split
}

// refresh redraws the list and the form from the model, e.g. after a save
// turned fresh terms into stored ones.
func (s *termsScreen) refresh() {
	s.list.Refresh()
	s.load()
}

// selectID selects the term with that id and reports whether there is one.
func (s *termsScreen) selectID(id string) bool {
	i := slices.IndexFunc(s.m.p.Terms, func(t planner.Term) bool { return t.ID == id })
	if i < 0 {
		return false
	}
	s.list.Select(i)
	s.list.ScrollTo(i)
	return true
}

// load shows the selected term in the form without counting that as an
// edit.
func (s *termsScreen) load() {
	s.loading = true
	defer func() { s.loading = false }()
	if !s.showSelected(len(s.m.p.Terms), func(i int) string { return s.m.p.Terms[i].ID }, s.valueErr) {
		return
	}
	t := &s.m.p.Terms[s.selected]
	s.kind.SetSelected(s.kinds.label(t.Kind))
	s.stance.SetSelected(s.stances.label(t.Stance))
	if t.Value != nil {
		s.value.SetText(strconv.FormatFloat(*t.Value, 'f', -1, 64))
	} else {
		s.value.SetText("")
	}
	s.notes.SetText(t.Notes)
	s.showFindings()
}

// showFindings lists what the checker says about the selected term.
func (s *termsScreen) showFindings() {
	if s.selected < 0 || s.selected >= len(s.m.p.Terms) {
		return
	}
	s.showFindingsAbout(s.m.p.Terms[s.selected].ID,
		"The checker has nothing to say about this term.")
}

// edit applies a valid change to a copy of the selected term and puts the
// copy in its place (see entityForm.edit).
func (s *termsScreen) edit(errLabel *widget.Label, change func(*planner.Term)) {
	editEntity(&s.entityForm, s.m.p.Terms, errLabel, change, sameTerm)
}

func (s *termsScreen) onID(id string) {
	if s.loading || s.selected < 0 || s.selected >= len(s.m.p.Terms) {
		return
	}
	old := s.m.p.Terms[s.selected].ID
	switch msg := s.m.renameProblem(old, id); {
	case id == old:
		showError(s.idErr, "")
	case msg != "":
		s.refuse(s.idErr, msg)
	default:
		s.m.renamed(old, id)
		s.edit(s.idErr, func(t *planner.Term) { t.ID = id })
	}
}

// onValue reads the optional value: empty means none, a number sets a new
// one (a new pointer, never a write through the old), anything else is
// refused.
func (s *termsScreen) onValue(text string) {
	if s.loading || s.selected < 0 {
		return
	}
	text = strings.TrimSpace(text)
	if text == "" {
		s.edit(s.valueErr, func(t *planner.Term) { t.Value = nil })
		return
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		s.refuse(s.valueErr, fmt.Sprintf("%q is not a number; write a value such as 600000, or leave it empty.", text))
		return
	}
	s.edit(s.valueErr, func(t *planner.Term) { t.Value = &v })
}

// onAdd appends a term with a free id and selects it. It takes the first
// demand the plan has no position on yet and rejects it, the stance that
// commits to nothing.
func (s *termsScreen) onAdd() {
	id := ""
	for n := len(s.m.p.Terms) + 1; ; n++ {
		if id = fmt.Sprintf("term-%d", n); !s.m.idTaken(id) {
			break
		}
	}
	kind := planner.TermKinds[0]
	for _, k := range planner.TermKinds {
		if !slices.ContainsFunc(s.m.p.Terms, func(t planner.Term) bool { return t.Kind == k }) {
			kind = k
			break
		}
	}
	s.m.p.Terms = append(s.m.p.Terms, planner.Term{ID: id, Kind: kind, Stance: planner.StanceReject})
	s.m.fresh[id] = true
	s.m.changed()
	s.list.Refresh()
	s.list.Select(len(s.m.p.Terms) - 1)
}

// onDelete removes the selected term. Nothing else in a plan refers to a
// term, so there is nothing to ask about.
func (s *termsScreen) onDelete() {
	if s.selected < 0 || s.selected >= len(s.m.p.Terms) {
		return
	}
	id := s.m.p.Terms[s.selected].ID
	s.m.p.Terms = slices.Delete(s.m.p.Terms, s.selected, s.selected+1)
	delete(s.m.fresh, id)
	s.list.UnselectAll()
	s.selected = -1
	s.m.changed()
	s.refresh()
}

func sameTerm(a, b planner.Term) bool {
	va, vb := a.Value, b.Value
	a.Value, b.Value = nil, nil
	return a == b && (va == nil) == (vb == nil) && (va == nil || *va == *vb)
}
