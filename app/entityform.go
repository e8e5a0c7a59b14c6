package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
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

	// The form with the selected entry's id field, the hint shown instead
	// when nothing is selected, and the Delete button.
	form   *fyne.Container
	hint   *widget.Label
	remove *widget.Button
	id     *widget.Entry
	idErr  *widget.Label
}

// showSelected shows the form for the selected entry of a list of n, or the
// hint when none is selected (ok false), and clears the form's error labels.
// Only an entry added since the last save may change its id: links, uses,
// injects and earlier revisions refer to stored ids.
func (f *entityForm) showSelected(n int, idOf func(i int) string, errs ...*widget.Label) (ok bool) {
	showError(f.idErr, "")
	for _, l := range errs {
		showError(l, "")
	}
	if f.selected < 0 || f.selected >= n {
		f.selected = -1
		f.form.Hide()
		f.hint.Show()
		f.remove.Disable()
		return false
	}
	f.form.Show()
	f.hint.Hide()
	f.remove.Enable()
	id := idOf(f.selected)
	f.id.SetText(id)
	if f.m.fresh[id] {
		f.id.Enable()
	} else {
		f.id.Disable()
	}
	return true
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

// deleteWithLinks removes the selected entry of *list() and the matrix links
// whose end (linkEnd) names it, which would otherwise point nowhere. When
// there are such links it asks first (question says what goes); the list
// may change while the question is open, so the entry is found again by id.
// slices.Delete shifts in place, which is safe: snapshots hold their own
// copies of the lists.
func deleteWithLinks[T any](f *entityForm, list func() *[]T, linkEnd func(planner.Link) string, idOf func(T) string,
	question func(links int) string, title string, refresh func()) {
	i := f.selected
	id := idOf((*list())[i])
	links := 0
	for _, l := range f.m.p.Links {
		if linkEnd(l) == id {
			links++
		}
	}
	del := func() {
		// Looked up again: an undo while the question was open replaces
		// the plan.
		items := list()
		if i >= len(*items) || idOf((*items)[i]) != id {
			return // the list changed while the question was open
		}
		*items = slices.Delete(*items, i, i+1)
		f.m.p.Links = slices.DeleteFunc(f.m.p.Links, func(l planner.Link) bool { return linkEnd(l) == id })
		delete(f.m.fresh, id)
		f.list.UnselectAll()
		f.selected = -1
		f.m.changed()
		refresh()
	}
	if links == 0 {
		del()
		return
	}
	f.m.ui.ask.Confirm(title, question(links), del)
}
