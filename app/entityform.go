package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// entityForm is what the screens that edit one kind of entity (red lines,
// responses, contributions, terms) share: the model, the list widget, which
// entry is selected, whether the form is being filled from the model (its
// callbacks must not write back then), and the label with the checker's
// findings about the selected entry.
type entityForm struct {
	m        *planModel
	list     *widget.List
	selected int
	loading  bool
	findings *widget.Label
}

// refuse shows why an input is not taken; the model keeps its value.
func (f *entityForm) refuse(errLabel *widget.Label, msg string) {
	if !f.loading {
		showError(errLabel, msg)
	}
}

// editEntity applies a valid change to a copy of the selected entry of items
// and puts the copy in its place: the old value may be in an undo snapshot or
// with the background checker, so it is never written through. A change that
// changes nothing is not an edit.
func editEntity[T any](f *entityForm, items []T, errLabel *widget.Label, change func(*T), same func(a, b T) bool) {
	if f.loading || f.selected < 0 || f.selected >= len(items) {
		return // nothing selected, or an undo took it away
	}
	if errLabel != nil {
		showError(errLabel, "")
	}
	v := items[f.selected]
	change(&v)
	if same(v, items[f.selected]) {
		return
	}
	items[f.selected] = v
	f.list.RefreshItem(f.selected)
	f.m.changed()
}

// entityFindingsText is the checker's findings about one entity as the form shows
// them, or none when there are none.
func entityFindingsText(fs []planner.Finding, none string) string {
	if len(fs) == 0 {
		return none
	}
	lines := make([]string, len(fs))
	for i, f := range fs {
		lines[i] = fmt.Sprintf("%s · %s: %s", f.Severity, f.Rule, f.Message)
	}
	return strings.Join(lines, "\n\n")
}

// showFindingsAbout lists what the checker says about the entity with that
// id, or none when it says nothing.
func (f *entityForm) showFindingsAbout(id, none string) {
	f.findings.SetText(entityFindingsText(f.m.findingsAbout(id), none))
}
