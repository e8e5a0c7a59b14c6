package app

import (
	"context"
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/diff"
	"redline/seeds"
	"redline/storage"
)

// historyScreen is the plan's saved revisions, newest first, and what
// changed between any two of them, or between one and the edits not yet
// saved, in words (package diff). A revision can be restored: it is saved
// again as the newest revision, so nothing in the history is lost.
type historyScreen struct {
	ed *editor
	u  *UI

	revs []storage.Revision
	list *widget.List
	// older and newer pick what to compare; newer may be the unsaved
	// edits.
	older, newer *widget.Select
	restore      *widget.Button
	// changes are the differences shown, one sentence a row.
	changes     []string
	changeList  *widget.List
	heading     *widget.Label
	status      *widget.Label
	content     fyne.CanvasObject
	compareSeen [2]string
}

// unsavedEdits is the newer choice that is the plan as it is in the editor.
const unsavedEdits = "The plan as it is now"

func newHistoryScreen(e *editor) *historyScreen {
	s := &historyScreen{ed: e, u: e.ui}
	s.list = widget.NewList(func() int { return len(s.revs) },
		newTaggedRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := s.revs[i]
			name := fmt.Sprintf("Revision %d · %s", r.N, r.At.Local().Format("2 Jan 2006 15:04"))
			if r.Author != "" {
				name += " · saved by " + r.Author
			}
			setTaggedRow(o, name, r.Summary)
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		// Choosing a revision compares it with the one before it.
		if i >= 0 && i < len(s.revs) {
			s.older.SetSelected(revisionLabel(s.revs[min(i+1, len(s.revs)-1)].N))
			s.newer.SetSelected(revisionLabel(s.revs[i].N))
		}
	}
	s.older = widget.NewSelect(nil, func(string) { s.compare() })
	s.newer = widget.NewSelect(nil, func(string) { s.compare() })
	s.restore = widget.NewButtonWithIcon("Restore the older one as a new revision", theme.HistoryIcon(), s.onRestore)
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.heading.Wrapping = fyne.TextWrapWord
	s.status = errorLabel()
	s.changeList = widget.NewList(func() int { return len(s.changes) },
		func() fyne.CanvasObject { return wrappedLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(s.changes[i])
			s.changeList.SetItemHeight(i, o.MinSize().Height)
		})
	pick := container.NewGridWithColumns(2,
		widget.NewForm(widget.NewFormItem("Compare", s.older)),
		widget.NewForm(widget.NewFormItem("with", s.newer)))
	left := container.NewBorder(widget.NewLabelWithStyle("Saved revisions", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, s.list)
	right := container.NewBorder(container.NewVBox(pick, s.heading, s.status), container.NewHBox(s.restore), nil, nil, s.changeList)
	split := container.NewHSplit(left, right)
	split.SetOffset(0.4)
	s.content = container.NewPadded(split)
	return s
}

func revisionLabel(n int64) string { return "Revision " + strconv.FormatInt(n, 10) }

// refresh reads the plan's revisions again (after a save, on showing the
// tab) and compares the newest with the one before, or the plan as it is
// with the newest when there are unsaved edits.
func (s *historyScreen) refresh() {
	m := s.ed.model
	s.revs = nil
	id := m.Plan().ID
	if id != "" && m.Base() > 0 {
		revs, err := s.u.store.Revisions(context.Background(), id)
		showError(s.status, "")
		if err != nil {
			showError(s.status, err.Error())
		}
		s.revs = revs
	}
	s.list.Refresh()
	var labels []string
	for _, r := range s.revs {
		labels = append(labels, revisionLabel(r.N))
	}
	s.older.Options = labels
	s.newer.Options = append([]string{unsavedEdits}, labels...)
	switch {
	case len(s.revs) == 0:
		s.older.ClearSelected()
		s.newer.ClearSelected()
		s.show("This plan has no saved revision yet: save it, and every save is kept here.", nil)
		return
	case m.Dirty() || len(s.revs) == 1:
		s.older.Selected = labels[0]
		s.newer.Selected = unsavedEdits
	default:
		s.older.Selected, s.newer.Selected = labels[1], labels[0]
	}
	s.older.Refresh()
	s.newer.Refresh()
	s.compare()
}

// revisionOf is the revision number a select shows, 0 for the plan as it
// is now.
func revisionOf(label string) int64 {
	n, _ := strconv.ParseInt(label[len("Revision "):], 10, 64)
	return n
}

// compare loads the two chosen states and shows what changed from the
// older to the newer.
func (s *historyScreen) compare() {
	if s.older.Selected == "" || s.newer.Selected == "" {
		return
	}
	seen := [2]string{s.older.Selected, s.newer.Selected}
	s.compareSeen = seen
	m := s.ed.model
	id := m.Plan().ID
	older := revisionOf(s.older.Selected)
	var newer int64
	var now *planner.Plan
	if s.newer.Selected == unsavedEdits {
		now = snapshot(m.Plan())
	} else {
		newer = revisionOf(s.newer.Selected)
	}
	var a, b *planner.Plan
	st := s.u.store
	s.u.inBackground("Comparing revisions…", func() (err error) {
		ctx := context.Background()
		if a, err = st.LoadRevision(ctx, id, older); err != nil {
			return err
		}
		if b = now; b == nil {
			b, err = st.LoadRevision(ctx, id, newer)
		}
		return err
	}, func(err error) {
		if s.compareSeen != seen {
			return // another pair was chosen meanwhile
		}
		if err != nil {
			s.show(err.Error(), nil)
			return
		}
		changes := diff.Plans(a, b, diff.Options{Catalog: s.u.cat, Cite: seeds.Citer(b)})
		heading := fmt.Sprintf("From %s to %s: %s", lowerFirstWord(seen[0]), lowerFirstWord(seen[1]), diff.Count(changes))
		if diff.Reordered(a, b) {
			heading += ", and entries put in another order"
		}
		s.show(heading+".", changes)
	})
}

// show puts a heading and the changes on screen.
func (s *historyScreen) show(heading string, changes []diff.Change) {
	s.heading.SetText(heading)
	s.changes = s.changes[:0]
	for _, c := range changes {
		s.changes = append(s.changes, c.String()+".")
	}
	s.changeList.Refresh()
	s.changeList.ScrollToTop()
	if s.ed.readOnly || s.older.Selected == "" || (len(s.revs) > 0 && s.older.Selected == revisionLabel(s.revs[0].N) && !s.ed.model.Dirty()) {
		s.restore.Disable() // the newest saved revision is the plan already, or nothing may be saved
	} else {
		s.restore.Enable()
	}
	s.restore.SetText("Restore " + lowerFirstWord(s.older.Selected) + " as a new revision")
}

func lowerFirstWord(s string) string {
	if s == unsavedEdits {
		return "the plan as it is now"
	}
	if s == "" {
		return "the older one"
	}
	return "r" + s[1:]
}

// onRestore saves the older revision again as the newest, after asking;
// with unsaved edits, it asks about them first.
func (s *historyScreen) onRestore() {
	label := s.older.Selected
	if label == "" {
		return
	}
	n := revisionOf(label)
	m := s.ed.model
	msg := fmt.Sprintf("The plan goes back to revision %d, saved as a new revision on top of the newest; "+
		"every revision stays in the history.", n)
	if m.Dirty() {
		msg += " Your unsaved edits are dropped."
	}
	s.u.ask.Confirm("Restore revision "+strconv.FormatInt(n, 10)+"?", msg, func() { s.restoreNow(n) })
}

func (s *historyScreen) restoreNow(n int64) {
	id := s.ed.model.Plan().ID
	st := s.u.store
	var rev int64
	s.u.inBackground("Restoring the revision…", func() error {
		ctx := context.Background()
		p, err := st.LoadRevision(ctx, id, n)
		if err != nil {
			return err
		}
		// On top of the newest revision, whoever saved it: restoring is
		// asked for explicitly, and the history keeps every revision.
		_, latest, err := st.LoadPlan(ctx, id)
		if err != nil {
			return err
		}
		rev, err = st.SavePlan(ctx, p, latest, fmt.Sprintf("restored revision %d", n))
		return err
	}, func(err error) {
		if err != nil {
			s.u.ask.Error(err)
			return
		}
		s.u.openPlanThen(id, func(e *editor) {
			e.tabs.Select(e.historyTab)
			e.history.refresh()
			e.status.SetText(fmt.Sprintf("Revision %d restored as revision %d at %s", n, rev, s.u.now().Format("15:04")))
		})
	})
}
