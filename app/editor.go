package app

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/storage"
)

// saveShortcut is Ctrl+S (Cmd+S on macOS).
var saveShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}

// editor is the plan editor: the plan's screens in tabs, a Save button and
// the way back to the library.
type editor struct {
	ui    *UI
	model *planModel

	overview *overview
	redLines *redLinesScreen
	findings *findingsScreen

	tabs        *container.AppTabs
	overviewTab *container.TabItem
	redLinesTab *container.TabItem
	findingsTab *container.TabItem
	save        *widget.Button
	status      *widget.Label
	saving      bool
	content     fyne.CanvasObject
}

func newEditor(u *UI, m *planModel) *editor {
	e := &editor{ui: u, model: m}
	e.overview = newOverview(m)
	e.redLines = newRedLinesScreen(m)
	e.findings = newFindingsScreen(m, e.showFinding)
	e.buildUI()
	m.onChange = append(m.onChange, e.updateTitle)
	m.onChecked = append(m.onChecked, e.updateTitle)
	u.win.Canvas().AddShortcut(saveShortcut, func(fyne.Shortcut) { e.onSave() })
	return e
}

func (e *editor) buildUI() {
	e.overviewTab = container.NewTabItemWithIcon("Overview", theme.InfoIcon(), e.overview.content)
	e.redLinesTab = container.NewTabItemWithIcon("Red lines", theme.WarningIcon(), e.redLines.content)
	e.findingsTab = container.NewTabItemWithIcon("Findings", theme.ErrorIcon(), e.findings.content)
	e.tabs = container.NewAppTabs(e.overviewTab, e.redLinesTab, e.findingsTab)

	back := widget.NewButtonWithIcon("Plans", theme.NavigateBackIcon(), e.onBack)
	e.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), e.onSave)
	e.save.Importance = widget.HighImportance
	e.status = widget.NewLabel("")
	e.status.Truncation = fyne.TextTruncateEllipsis
	bar := container.NewBorder(nil, nil, back, e.save, e.status)
	e.content = container.NewBorder(bar, nil, nil, nil, e.tabs)
}

// updateTitle shows the plan's state in the window title and the tab labels:
// its title, "•" while unsaved, and its blocker count.
func (e *editor) updateTitle() {
	m := e.model
	title := m.p.Title
	if m.dirty {
		title += " •"
	}
	if m.counts.Blocker > 0 {
		title += " — " + plural(m.counts.Blocker, "blocker", "blockers")
	}
	e.ui.win.SetTitle(title + " — Redline")
	label := fmt.Sprintf("Findings %d·%d·%d", m.counts.Blocker, m.counts.Warning, m.counts.Advice)
	if e.findingsTab.Text != label {
		e.findingsTab.Text = label
		e.tabs.Refresh()
	}
}

// showFinding takes the user to what a finding is about: a red line opens in
// the red lines tab; other subjects only show the message for now.
func (e *editor) showFinding(f planner.Finding) bool {
	if e.model.redLineIndex(f.Subject) < 0 {
		return false
	}
	e.tabs.Select(e.redLinesTab)
	e.redLines.selectID(f.Subject)
	return true
}

// onBack returns to the library, asking first when edits would be lost.
func (e *editor) onBack() {
	if !e.model.dirty {
		e.ui.showLibrary()
		return
	}
	e.ui.ask.Confirm("Discard changes?",
		fmt.Sprintf("“%s” has changes that are not saved. Go back to the plans and discard them?", e.model.p.Title),
		e.ui.showLibrary)
}

// onSave stores the plan as a new revision on top of the one it was loaded
// at. The store runs in the background on a snapshot, so the user can keep
// typing; edits made meanwhile keep the plan dirty.
func (e *editor) onSave() {
	if e.saving {
		return
	}
	e.saveOn(e.model.base)
}

func (e *editor) saveOn(base int64) {
	m := e.model
	e.saving = true
	e.save.Disable()
	e.status.SetText("Saving…")
	gen, snap := m.gen, snapshot(m.p)
	e.ui.background(func() {
		rev, err := e.ui.store.SavePlan(context.Background(), snap, base, "")
		fyne.Do(func() { e.saved(gen, snap, rev, err) })
	})
}

// saved takes the result of a save back to the UI.
func (e *editor) saved(gen uint64, snap *planner.Plan, rev int64, err error) {
	m := e.model
	e.saving = false
	e.save.Enable()
	if e.ui.editor != e {
		return // the editor was closed while saving
	}
	if err != nil {
		// The plan stays dirty and as typed; only the message changes.
		e.status.SetText("Not saved: " + err.Error())
		if errors.Is(err, storage.ErrConflict) {
			e.ui.ask.Conflict(err, e.keepMine, e.takeTheirs)
		} else {
			e.ui.ask.Error(err)
		}
		return
	}
	m.p.ID = snap.ID // a new plan gets its id at its first save
	m.base = rev
	clear(m.fresh)
	if gen == m.gen {
		m.dirty = false
	}
	e.status.SetText(fmt.Sprintf("Saved as revision %d.", rev))
	e.redLines.refresh()
	e.updateTitle()
}

// keepMine saves the user's copy on top of the latest stored revision.
func (e *editor) keepMine() {
	_, latest, err := e.ui.store.LoadPlan(context.Background(), e.model.p.ID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		latest = 0 // emptied from the trash elsewhere: store it afresh
	case err != nil:
		e.ui.ask.Error(err)
		return
	}
	e.saveOn(latest)
}

// takeTheirs drops the user's copy and loads the latest stored revision.
func (e *editor) takeTheirs() {
	e.ui.openPlan(e.model.p.ID)
}

// close detaches the editor from the window.
func (e *editor) close() {
	e.model.close()
	e.ui.win.Canvas().RemoveShortcut(saveShortcut)
}
