package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
)

// termsScreen lists the plan's negotiation positions and edits the selected
// one.
type termsScreen struct {
	entityForm[planner.Term]

	kind     *widget.Select
	stance   *widget.Select
	value    *widget.Entry
	valueErr *widget.Label
	notes    *textArea

	kinds   *optionSet[planner.TermKind]
	stances *optionSet[planner.Stance]
	content fyne.CanvasObject
}

func newTermsScreen(m *planModel) *termsScreen {
	s := &termsScreen{}
	s.init(m, edit.Terms, "The checker has nothing to say about this term.", s.onAdd, s.onDelete)
	s.fill = s.show
	s.buildUI()
	s.load()
	return s
}

func (s *termsScreen) buildUI() {
	s.kinds = newOptionSet(planner.TermKinds, planner.TermKind.Label)
	s.stances = newOptionSet(planner.Stances, planner.Stance.Label)
	s.newList(newTaggedRow, func(t *planner.Term, o fyne.CanvasObject) {
		setTaggedRow(o, s.kinds.label(t.Kind), s.stances.label(t.Stance))
	})

	s.kind = newSelect(s.kinds, func(k planner.TermKind) { s.edit(func(t *planner.Term) { t.Kind = k }) })
	s.stance = newSelect(s.stances, func(st planner.Stance) { s.edit(func(t *planner.Term) { t.Stance = st }) })
	s.value, s.valueErr = widget.NewEntry(), errorLabel()
	// An empty value means none; a number sets a new one (a new pointer,
	// never a write through the old).
	s.numberField(planner.FieldTermValue, "", s.value, s.valueErr, func(t *planner.Term, v float64, empty bool) {
		t.Value = nil
		if !empty {
			t.Value = &v
		}
	})
	s.value.SetPlaceHolder("none, e.g. a personnel cap")
	s.notes = newTextArea()
	s.notes.SetMinRowsVisible(4)
	s.notes.OnChanged = func(n string) { s.edit(func(t *planner.Term) { t.Notes = n }) }

	s.provenance(func(t *planner.Term) *planner.Provenance { return &t.Provenance })
	s.filterUnsourced()
	s.content = s.layout(s.buttons(), 0.35, "Select a term, or press Add to take a position on a demand.",
		widget.NewFormItem("ID", fieldBox(s.id, s.idErr)),
		widget.NewFormItem("Demand", s.kind),
		widget.NewFormItem("Stance", s.stance),
		widget.NewFormItem("Value", fieldBox(s.value, s.valueErr)),
		widget.NewFormItem("Notes", s.notes),
	)
}

// show fills the form with term t.
func (s *termsScreen) show(t *planner.Term) {
	s.kind.SetSelected(s.kinds.label(t.Kind))
	s.stance.SetSelected(s.stances.label(t.Stance))
	if t.Value != nil {
		s.value.SetText(fieldNumber(*t.Value))
	} else {
		s.value.SetText("")
	}
	s.notes.SetText(t.Notes)
}

// onAdd appends a term with a free id and selects it. It takes the first
// demand the plan has no position on yet and rejects it, the stance that
// commits to nothing.
func (s *termsScreen) onAdd() {
	terms := s.items()
	kind := planner.TermKinds[0]
	for _, k := range planner.TermKinds {
		if !slices.ContainsFunc(terms, func(t planner.Term) bool { return t.Kind == k }) {
			kind = k
			break
		}
	}
	s.entityForm.onAdd(planner.Term{ID: s.m.FreeID(edit.Terms.Prefix, len(terms)+1), Kind: kind, Stance: planner.StanceReject})
}

// onDelete removes the selected term. Nothing else in a plan refers to a
// term, so there is nothing to ask about.
func (s *termsScreen) onDelete() { s.entityForm.onDelete("Delete term?", nil) }
