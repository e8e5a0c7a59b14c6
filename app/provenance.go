package app

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
	"redline/seeds"
)

// The words that mark an entry's provenance on list rows.
const (
	markAssumed  = "assumed"
	markNoSource = "no source"
)

// provenanceWord is how a list row marks an entry: "assumed" when it
// states an assumption (with or without sources), "no source" when it
// neither cites a source nor states an assumption, "" when its sources
// alone carry it.
func provenanceWord(pr planner.Provenance) string {
	switch {
	case pr.Assumption != "":
		return markAssumed
	case len(pr.Sources) == 0:
		return markNoSource
	}
	return ""
}

// setRowMark shows an entry's provenance word on its tagged row
// (newTaggedRow): muted for an assumption, in the warning colour for an
// entry that rests on nothing.
func setRowMark(o fyne.CanvasObject, pr planner.Provenance) {
	c, ok := o.(*fyne.Container)
	if !ok || len(c.Objects) < 3 {
		return
	}
	l := c.Objects[2].(*widget.Label)
	word := provenanceWord(pr)
	imp := widget.LowImportance
	if word == markNoSource {
		imp = widget.WarningImportance
	}
	if l.Importance != imp {
		l.Importance = imp
		l.Refresh()
	}
	if setLabel(l, word) {
		c.Refresh() // the mark's width changed: lay the row out again
	}
}

// sourceOptions are the sources an entry may cite, as check boxes show
// them: the built-in documents, then the plan's own sources, each by its
// citation, then the ids in keep that are neither, flagged, so that a
// citation nobody can resolve is not dropped silently (the checker reports
// it as unknown-source).
func sourceOptions(p *planner.Plan, keep []string) (ids, labels []string) {
	seen := map[string]bool{}
	used := map[string]bool{}
	add := func(id, label string) {
		if seen[id] {
			return
		}
		if used[label] {
			// Two sources cited alike: the id tells them apart.
			label += " (" + id + ")"
		}
		seen[id], used[label] = true, true
		ids, labels = append(ids, id), append(labels, label)
	}
	if docs, err := seeds.Sources(); err == nil {
		for _, d := range docs {
			add(d.File, seeds.Citation(d.File))
		}
	}
	for _, s := range p.Sources {
		add(s.ID, seeds.SourceCitation(s))
	}
	for _, id := range keep {
		add(id, id+" (not among the plan's sources)")
	}
	return ids, labels
}

// sourcePicker ticks the sources an entry cites: one row per source, a
// box and the citation, cut to the form's width (a citation is long, and
// a check box's own text would widen the form to fit it).
type sourcePicker struct {
	box    *fyne.Container
	ids    []string
	labels []string
	checks []*widget.Check
	// ticked are the entry's sources in its own order; quiet is true while
	// the boxes are set from the entry, which is no edit.
	ticked []string
	quiet  bool
	// onChanged gets the new list of sources after a tick, a new slice.
	onChanged func(ids []string)
}

func newSourcePicker() *sourcePicker { return &sourcePicker{box: container.NewVBox()} }

// set offers ids (shown as labels) and ticks those in ticked.
func (sp *sourcePicker) set(ids, labels, ticked []string) {
	sp.quiet = true
	defer func() { sp.quiet = false }()
	if !slices.Equal(ids, sp.ids) || !slices.Equal(labels, sp.labels) {
		sp.ids, sp.labels = ids, labels
		sp.checks = make([]*widget.Check, len(ids))
		rows := make([]fyne.CanvasObject, len(ids))
		for k, label := range labels {
			id := ids[k]
			check := widget.NewCheck("", func(on bool) { sp.tick(id, on) })
			text := widget.NewLabel(label)
			text.Truncation = fyne.TextTruncateEllipsis
			sp.checks[k] = check
			rows[k] = container.NewBorder(nil, nil, check, nil, text)
		}
		sp.box.Objects = rows
		sp.box.Refresh()
	}
	sp.ticked = slices.Clone(ticked)
	for k, id := range sp.ids {
		sp.checks[k].SetChecked(slices.Contains(ticked, id))
	}
}

// tick adds id to the entry's sources or takes it away, keeping the order
// of the others.
func (sp *sourcePicker) tick(id string, on bool) {
	if sp.quiet {
		return
	}
	next := slices.DeleteFunc(slices.Clone(sp.ticked), func(s string) bool { return s == id })
	if on {
		next = append(next, id)
	}
	if len(next) == 0 {
		next = nil // no sources is none
	}
	sp.ticked = next
	if sp.onChanged != nil {
		sp.onChanged(slices.Clone(next))
	}
}

// tickByLabel ticks or unticks the source shown as label: for tests and
// for keyboard users, who find a source by how it reads.
func (sp *sourcePicker) tickByLabel(label string, on bool) bool {
	if k := slices.Index(sp.labels, label); k >= 0 {
		sp.checks[k].SetChecked(on)
		return true
	}
	return false
}

// provenanceEditor is the sources and assumption of one entry, the last
// fields of every entry form (entityForm.provenance): the documents it
// rests on, ticked among the built-in ones and the plan's own, and what of
// it is a planning assumption.
type provenanceEditor struct {
	m             *planModel
	sources       *sourcePicker
	assumption    *textArea
	assumptionErr *widget.Label
	// shown is the provenance in the fields, for the options to follow
	// the plan's sources.
	shown planner.Provenance
}

func newProvenanceEditor(m *planModel) *provenanceEditor {
	pe := &provenanceEditor{m: m, sources: newSourcePicker(), assumption: newTextArea(), assumptionErr: errorLabel()}
	pe.assumption.SetMinRowsVisible(3)
	pe.assumption.SetPlaceHolder("what of this entry is assumed rather than sourced; empty if nothing")
	return pe
}

// show fills the fields with pr; the caller is loading, so it is no edit.
func (pe *provenanceEditor) show(pr planner.Provenance) {
	pe.shown = pr
	pe.reload()
	pe.assumption.SetText(pr.Assumption)
}

// reload offers the plan's sources as they are now, ticking the entry's.
func (pe *provenanceEditor) reload() {
	ids, labels := sourceOptions(pe.m.Plan(), pe.shown.Sources)
	pe.sources.set(ids, labels, pe.shown.Sources)
}

// formItems are the form's rows: the sources in a box of a few rows'
// height that scrolls, with where to add more, and the assumption.
func (pe *provenanceEditor) formItems() []*widget.FormItem {
	scroll := container.NewVScroll(pe.sources.box)
	scroll.SetMinSize(fyne.NewSize(0, 5*theme.Size(theme.SizeNameText)*2.2))
	more := widget.NewLabel("The plan's own documents are added on the Sources tab.")
	more.SizeName = theme.SizeNameCaptionText
	more.Importance = widget.LowImportance
	return []*widget.FormItem{
		widget.NewFormItem("Sources", container.NewVBox(scroll, more)),
		widget.NewFormItem("Assumption", fieldBox(pe.assumption, pe.assumptionErr)),
	}
}

// assumptionProblem says why text cannot be an assumption, or "".
func assumptionProblem(text string) string {
	if n := utf8.RuneCountInString(text); n > planner.MaxAssumption {
		return fmt.Sprintf("An assumption takes at most %s characters; this is %s.",
			planner.Thousands(planner.MaxAssumption), planner.Thousands(n))
	}
	return ""
}

// provenance gives the form the entries' sources and assumption as its
// last fields, and marks the list's rows with their provenance word; of
// is where an entity keeps its provenance. Call it before layout.
func (f *entityForm[T]) provenance(of func(*T) *planner.Provenance) {
	f.provOf = of
	pe := newProvenanceEditor(f.m)
	f.prov = pe
	pe.sources.onChanged = func(ids []string) {
		pe.shown.Sources = ids
		f.edit(func(v *T) { of(v).Sources = ids })
	}
	x := f.field("Assumption", &pe.assumption.Entry, pe.assumptionErr, func(text string) string {
		if msg := assumptionProblem(text); msg != "" {
			return msg
		}
		pe.shown.Assumption = text
		f.edit(func(v *T) { of(v).Assumption = text })
		return ""
	})
	x.widget = pe.assumption
	f.fields = append(f.fields, x)
	// The plan's sources are edited on the Sources tab: the boxes follow.
	f.m.OnChange(func() {
		if f.m.Touched().Has(edit.PartSources) && !f.loading {
			if v, ok := f.current(); ok {
				pe.shown = *of(v)
				pe.reload()
			}
		}
	})
}

// filterUnsourced puts a check above the list that narrows it to the
// entries that cite no source: those that rest on an assumption alone and
// those with no provenance at all. Its label counts them.
func (f *entityForm[T]) filterUnsourced() {
	f.unsourced = widget.NewCheck("Show unsourced only", func(bool) {
		f.filter()
		f.list.Refresh()
		f.followSelection()
	})
	f.filter()
}

// filter works out which entities the list shows while the filter is on
// (shown), and counts the unsourced ones in the check's label. The
// selected entity stays in the list while it is selected, even once it
// cites a source, so that the form does not lose its row.
func (f *entityForm[T]) filter() {
	if f.unsourced == nil {
		return
	}
	items := f.items()
	on := f.unsourced.Checked
	var shown []int
	if on {
		shown = []int{}
	}
	n := 0
	for i := range items {
		bare := len(f.provOf(&items[i]).Sources) == 0
		if bare {
			n++
		}
		if on && (bare || i == f.selected) {
			shown = append(shown, i)
		}
	}
	f.shown = shown
	if label := fmt.Sprintf("Show unsourced only (%s)", planner.Thousands(n)); f.unsourced.Text != label {
		f.unsourced.Text = label
		f.unsourced.Refresh()
	}
}
