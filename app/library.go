package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner/edit"
	"redline/storage"
)

// The orders the plan library offers.
const (
	sortLastChange = "Last change"
	sortTitle      = "Title"
	sortBlockers   = "Blockers"
)

// library is the plan library: every live plan with its findings at the last
// save, filtered by title and sorted.
type library struct {
	ui *UI

	all   []storage.PlanSummary // as ListPlans returned them
	shown []storage.PlanSummary // filtered and sorted, what the list shows
	// selected is the id of the selected plan, "" for none; kept by id so
	// that it survives filtering and sorting.
	selected string

	search *widget.Entry
	// place says where the plans are: the local file or a team workspace.
	place     *widget.Label
	sortBy    *widget.Select
	list      *planList
	empty     *widget.Label
	open      *widget.Button
	duplicate *widget.Button
	remove    *widget.Button
	// compare compares the selected plan with another; compareShown is
	// the comparison on screen, for tests.
	compare      *widget.Button
	compareShown *planCompare
	// copyTo copies the selected plan to the other store; copyAsked and
	// copied are its last form and what it said, for tests.
	copyTo    *widget.Button
	copyAsked *copyForm
	copied    string

	// The undo bar offers to restore the plan deleted last.
	undoBar   *fyne.Container
	undoLabel *widget.Label
	undoID    string

	content fyne.CanvasObject
}

func newLibrary(u *UI) *library {
	l := &library{ui: u}
	l.buildUI()
	return l
}

func (l *library) buildUI() {
	l.search = widget.NewEntry()
	l.search.SetPlaceHolder("Search titles")
	l.search.OnChanged = func(string) { l.apply() }
	// Enter in the search field opens the selected plan, or the only match.
	l.search.OnSubmitted = func(string) {
		switch {
		case l.selected != "":
			l.onOpen()
		case len(l.shown) == 1:
			l.ui.openPlan(l.shown[0].ID)
		}
	}
	l.sortBy = widget.NewSelect([]string{sortLastChange, sortTitle, sortBlockers}, nil)
	l.sortBy.Selected = sortLastChange
	l.sortBy.OnChanged = func(string) { l.apply() }

	l.list = newPlanList(l)
	l.list.OnSelected = func(id widget.ListItemID) {
		l.selected = l.shown[id].ID
		l.updateButtons()
	}
	l.list.OnUnselected = func(widget.ListItemID) {
		l.selected = ""
		l.updateButtons()
	}
	l.empty = widget.NewLabel("")
	l.empty.Alignment = fyne.TextAlignCenter

	newPlan := widget.NewButtonWithIcon("New", theme.ContentAddIcon(), l.onNew)
	newPlan.Importance = widget.HighImportance
	l.open = widget.NewButtonWithIcon("Open", theme.FolderOpenIcon(), l.onOpen)
	l.duplicate = widget.NewButtonWithIcon("Duplicate", theme.ContentCopyIcon(), l.onDuplicate)
	l.remove = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), l.onDelete)
	l.compare = widget.NewButtonWithIcon("Compare…", theme.ListIcon(), l.onCompare)
	l.copyTo = widget.NewButtonWithIcon("Copy to…", theme.UploadIcon(), l.onCopyTo)

	l.undoLabel = widget.NewLabel("")
	l.undoBar = container.NewBorder(nil, nil, nil,
		container.NewHBox(
			widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), l.onUndo),
			widget.NewButtonWithIcon("", theme.CancelIcon(), l.hideUndo)),
		l.undoLabel)
	l.undoBar.Hide()

	l.place = widget.NewLabelWithStyle("Local plans", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := container.NewVBox(l.place, container.NewBorder(nil, nil, nil, l.sortBy, l.search))
	buttons := container.NewHBox(newPlan, l.open, l.duplicate, l.compare, l.copyTo, l.remove)
	l.content = container.NewBorder(top, container.NewVBox(l.undoBar, buttons), nil, nil,
		container.NewStack(l.list, l.empty))
	l.updateButtons()
}

// refresh reloads the plan list from the store.
// where shows where the plans are.
func (l *library) where(name string) { l.place.SetText(name) }

func (l *library) refresh() {
	plans, err := l.ui.store.ListPlans(context.Background(), storage.ListOptions{})
	if err != nil {
		l.ui.ask.Error(err)
		return
	}
	l.all = plans
	l.apply()
}

// apply filters and sorts the loaded plans into the list, keeping the
// selection when the plan is still shown.
func (l *library) apply() {
	q := strings.ToLower(strings.TrimSpace(l.search.Text))
	l.shown = l.shown[:0]
	for _, p := range l.all {
		if q == "" || strings.Contains(strings.ToLower(p.Title), q) {
			l.shown = append(l.shown, p)
		}
	}
	byTitle := func(a, b storage.PlanSummary) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)), strings.Compare(a.ID, b.ID))
	}
	switch l.sortBy.Selected {
	case sortTitle:
		slices.SortStableFunc(l.shown, byTitle)
	case sortBlockers:
		slices.SortStableFunc(l.shown, func(a, b storage.PlanSummary) int {
			return cmp.Or(b.Blockers-a.Blockers, b.Warnings-a.Warnings, byTitle(a, b))
		})
	default: // ListPlans returns the most recently changed first
		slices.SortStableFunc(l.shown, func(a, b storage.PlanSummary) int { return b.UpdatedAt.Compare(a.UpdatedAt) })
	}
	keep := l.selected // UnselectAll clears it through OnUnselected
	l.list.UnselectAll()
	l.list.Refresh()
	if i := slices.IndexFunc(l.shown, func(p storage.PlanSummary) bool { return p.ID == keep }); i >= 0 {
		l.list.Select(i)
	}
	switch {
	case len(l.all) == 0:
		l.empty.SetText("No plans yet. Press New to start one.")
		l.empty.Show()
	case len(l.shown) == 0:
		l.empty.SetText("No plan title contains “" + l.search.Text + "”.")
		l.empty.Show()
	default:
		l.empty.Hide()
	}
	l.updateButtons()
}

func (l *library) updateButtons() {
	for _, b := range []*widget.Button{l.open, l.duplicate, l.copyTo, l.remove} {
		if l.selected == "" {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	// Compare needs a plan selected and another to compare it with.
	if l.selected == "" || len(l.all) < 2 {
		l.compare.Disable()
	} else {
		l.compare.Enable()
	}
}

// onNew opens a new, unsaved plan; it reaches the store at its first save,
// so a plan the user abandons leaves nothing behind.
func (l *library) onNew() {
	l.ui.showEditor(edit.NewPlan(), 0)
}

func (l *library) onOpen() {
	if l.selected != "" {
		l.ui.openPlan(l.selected)
	}
}

func (l *library) onDuplicate() {
	if l.selected == "" {
		return
	}
	id, err := l.ui.store.DuplicatePlan(context.Background(), l.selected, "")
	if err != nil {
		l.ui.ask.Error(err)
		return
	}
	l.selected = id
	l.refresh()
}

// onDelete moves the selected plan to the trash and offers to undo it.
func (l *library) onDelete() {
	if l.selected == "" {
		return
	}
	id := l.selected
	title := l.titleOf(id)
	if err := l.ui.store.DeletePlan(context.Background(), id); err != nil {
		l.ui.ask.Error(err)
		return
	}
	l.selected = ""
	l.undoID = id
	l.undoLabel.SetText(fmt.Sprintf("“%s” moved to the trash.", title))
	l.undoBar.Show()
	l.refresh()
	l.ui.syncMenu()
}

func (l *library) onUndo() {
	if l.undoID == "" {
		return
	}
	if err := l.ui.store.RestorePlan(context.Background(), l.undoID); err != nil {
		l.ui.ask.Error(err)
		return
	}
	l.selected = l.undoID
	l.hideUndo()
	l.refresh()
}

func (l *library) hideUndo() {
	l.undoID = ""
	l.undoBar.Hide()
	l.ui.syncMenu()
}

func (l *library) titleOf(id string) string {
	for _, p := range l.all {
		if p.ID == id {
			return p.Title
		}
	}
	return id
}

// planList is the list of plans; Enter opens the plan at the keyboard
// cursor, which a plain list only selects (with Space).
type planList struct {
	widget.List
	l *library
	// cursor mirrors the list's keyboard cursor, which fyne keeps to
	// itself: the row that Space selects and that arrows move from.
	cursor widget.ListItemID
}

func newPlanList(l *library) *planList {
	pl := &planList{l: l}
	pl.Length = func() int { return len(l.shown) }
	pl.CreateItem = func() fyne.CanvasObject { return newPlanRow(l) }
	pl.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) { o.(*planRow).show(id, &l.shown[id]) }
	pl.ExtendBaseWidget(pl)
	return pl
}

func (pl *planList) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		// Space selects the row at the cursor; then open what is selected.
		pl.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
		pl.l.onOpen()
		return
	case fyne.KeyDown: // as the list moves its cursor
		if pl.cursor < pl.Length()-1 {
			pl.cursor++
		}
	case fyne.KeyUp:
		if pl.cursor > 0 {
			pl.cursor--
		}
	}
	pl.List.TypedKey(e)
}

// focusRow gives the list the focus with its cursor on row id, as a tap on
// a plain list's row does; a plan row takes its taps itself (for the double
// tap), so without this a click left Enter with nowhere to go.
func (pl *planList) focusRow(id widget.ListItemID) {
	// Moving the cursor scrolls to each row on the way; the tapped row is
	// on screen, so the view stays where it was.
	defer pl.ScrollToOffset(pl.GetScrollOffset())
	for pl.cursor < id && pl.cursor < pl.Length()-1 {
		pl.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	}
	for pl.cursor > id {
		pl.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(pl); c != nil {
		c.Focus(pl)
	}
}

// planRow is one plan in the library. It takes taps itself so that a double
// tap can open the plan, which a plain list row cannot.
type planRow struct {
	widget.BaseWidget
	l  *library
	id widget.ListItemID

	title    *widget.Label
	meta     *widget.Label
	blockers *widget.Label
	warnings *widget.Label
	advice   *widget.Label
}

func newPlanRow(l *library) *planRow {
	r := &planRow{l: l,
		title:    widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		meta:     widget.NewLabel(""),
		blockers: widget.NewLabel(""),
		warnings: widget.NewLabel(""),
		advice:   widget.NewLabel(""),
	}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

func (r *planRow) CreateRenderer() fyne.WidgetRenderer {
	badge := container.NewHBox(r.blockers, r.warnings, r.advice)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, container.NewCenter(badge),
		container.NewVBox(r.title, r.meta)))
}

func (r *planRow) show(id widget.ListItemID, p *storage.PlanSummary) {
	r.id = id
	r.title.SetText(p.Title)
	saved := "changed " + ago(p.UpdatedAt, time.Now())
	if p.SavedBy != "" {
		// "saved by Olena, 10:42" (with the day when it was not today)
		saved = "saved by " + p.SavedBy + ", " + whenSaved(p.UpdatedAt, time.Now())
	}
	r.meta.SetText(fmt.Sprintf("%s · %s · %s", p.Phase.Label(), p.Classification, saved))
	// Counts that need attention stand out in their severity's colour;
	// zeros stay quiet.
	r.blockers.Importance = countImportance(p.Blockers, widget.DangerImportance)
	r.warnings.Importance = countImportance(p.Warnings, widget.WarningImportance)
	r.advice.Importance = countImportance(p.Advice, widget.MediumImportance)
	r.blockers.SetText(plural(p.Blockers, "blocker", "blockers"))
	r.warnings.SetText(plural(p.Warnings, "warning", "warnings"))
	r.advice.SetText(fmt.Sprintf("%d advice", p.Advice))
}

func countImportance(n int, some widget.Importance) widget.Importance {
	if n == 0 {
		return widget.LowImportance
	}
	return some
}

func (r *planRow) Tapped(*fyne.PointEvent) {
	r.l.list.Select(r.id)
	r.l.list.focusRow(r.id)
}

func (r *planRow) DoubleTapped(*fyne.PointEvent) {
	r.l.list.Select(r.id)
	r.l.onOpen()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// whenSaved is the time of a save as a library row says it: "10:42"
// today, "29 Nov 10:42" before.
func whenSaved(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	return t.Format("2 Jan 15:04")
}

// ago says how long ago t was, as coarsely as a list needs.
func ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute ago", "minutes ago")
	case d < 24*time.Hour:
		return plural(int(d/time.Hour), "hour ago", "hours ago")
	case d < 7*24*time.Hour:
		return plural(int(d/(24*time.Hour)), "day ago", "days ago")
	}
	return t.Local().Format("2 Jan 2006")
}
