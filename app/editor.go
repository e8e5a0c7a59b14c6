package app

import (
	"context"
	"errors"
	"strings"
	"time"

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

	overview  *overview
	redLines  *redLinesScreen
	responses *responsesScreen
	forces    *forcesScreen
	terms     *termsScreen
	injects   *injectsScreen
	matrix    *matrixScreen
	findings  *findingsScreen
	exercise  *exerciseScreen

	tabs         *container.AppTabs
	overviewTab  *container.TabItem
	redLinesTab  *container.TabItem
	responsesTab *container.TabItem
	forcesTab    *container.TabItem
	termsTab     *container.TabItem
	injectsTab   *container.TabItem
	matrixTab    *container.TabItem
	findingsTab  *container.TabItem
	exerciseTab  *container.TabItem
	save         *widget.Button
	status       *widget.Label
	saving       bool
	content      fyne.CanvasObject

	// autoTimer is the pending autosave, nil when none is due; autoGen
	// tells a timer that fired just as it was replaced to do nothing.
	autoTimer *time.Timer
	autoGen   uint64
	// autoSaving is true while the save under way is an autosave, which
	// the status line says.
	autoSaving bool
	// autoBlocked stops autosave after it met a conflict: the user decides
	// in the conflict dialog, and an autosave every pause must not ask
	// again. A save that works lifts it.
	autoBlocked bool
	// afterSave runs once the save under way has stored the plan; a failed
	// save drops it (closing the window waits on it).
	afterSave func()
}

func newEditor(u *UI, m *planModel) *editor {
	e := &editor{ui: u, model: m}
	e.overview = newOverview(m)
	e.redLines = newRedLinesScreen(m)
	e.responses = newResponsesScreen(m)
	e.forces = newForcesScreen(m)
	e.terms = newTermsScreen(m)
	e.injects = newInjectsScreen(m)
	e.matrix = newMatrixScreen(m)
	e.findings = newFindingsScreen(m, e.showFinding)
	e.exercise = newExerciseScreen(e)
	e.buildUI()
	m.onChange = append(m.onChange, e.updateTitle, e.edited)
	m.onChecked = append(m.onChecked, e.updateTitle)
	m.onReset = append(m.onReset, e.reload)
	u.win.Canvas().AddShortcut(saveShortcut, func(fyne.Shortcut) { e.onSave() })
	e.addTabShortcuts()
	return e
}

func (e *editor) buildUI() {
	e.overviewTab = container.NewTabItemWithIcon("Overview", theme.InfoIcon(), e.overview.content)
	e.redLinesTab = container.NewTabItemWithIcon("Red lines", theme.WarningIcon(), e.redLines.content)
	e.responsesTab = container.NewTabItemWithIcon("Responses", theme.MediaPlayIcon(), e.responses.content)
	e.forcesTab = container.NewTabItemWithIcon("Forces", theme.AccountIcon(), e.forces.content)
	e.termsTab = container.NewTabItemWithIcon("Terms", theme.DocumentIcon(), e.terms.content)
	e.injectsTab = container.NewTabItemWithIcon("Injects", theme.HistoryIcon(), e.injects.content)
	e.matrixTab = container.NewTabItemWithIcon("Matrix", theme.GridIcon(), e.matrix.content)
	e.findingsTab = container.NewTabItemWithIcon("Findings", theme.ErrorIcon(), e.findings.content)
	e.exerciseTab = container.NewTabItemWithIcon("Exercise", theme.MediaFastForwardIcon(), e.exercise.content)
	e.tabs = container.NewAppTabs(e.overviewTab, e.redLinesTab, e.responsesTab, e.forcesTab, e.termsTab,
		e.injectsTab, e.matrixTab, e.findingsTab, e.exerciseTab)

	back := widget.NewButtonWithIcon("Plans", theme.NavigateBackIcon(), e.onBack)
	e.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), e.onSave)
	e.save.Importance = widget.HighImportance
	e.status = widget.NewLabel("")
	if e.model.dirty {
		e.status.SetText("Unsaved changes") // a new plan, never saved
	}
	e.status.Truncation = fyne.TextTruncateEllipsis
	bar := container.NewBorder(nil, nil, back, e.save, e.status)
	e.content = container.NewBorder(bar, nil, nil, nil, e.tabs)
}

// updateTitle shows the plan's state in the window title and the tab labels:
// its title, "•" while unsaved, and its blockers and warnings in words
// ("Reassurance force • — 1 blocker, 3 warnings — Redline"); the Findings
// tab counts advice too. It runs after every edit, undo, redo, check, load
// and save, so the Edit menu follows from here.
func (e *editor) updateTitle() {
	m := e.model
	title := m.p.Title
	if m.dirty {
		title += " •"
	}
	e.ui.win.SetTitle(title + " — " + countsInWords(m.counts) + " — Redline")
	if label := findingsTabLabel(m.counts); e.findingsTab.Text != label {
		e.findingsTab.Text = label
		e.tabs.Refresh()
	}
	e.ui.syncMenu()
}

// edited follows every edit: the status says it is not saved, and the
// autosave waits for the next pause.
func (e *editor) edited() {
	if !e.saving {
		e.status.SetText("Unsaved changes")
	}
	e.scheduleAutosave()
}

// reload shows the model's plan afresh after undo or redo replaced it. The
// overview and the red lines screen are reloaded here, so that they need no
// hook of their own; a red line selected by index may be gone.
func (e *editor) reload() {
	// A refused input's message no longer applies to the restored value.
	showError(e.overview.titleErr, "")
	showError(e.overview.classErr, "")
	e.overview.load()
	if e.redLines.selected >= len(e.model.p.RedLines) {
		e.redLines.list.UnselectAll()
	}
	e.redLines.refresh()
	e.refreshScreens()
}

// refreshScreens reloads the screens that keep their own view of the plan:
// after undo or redo, and after a save fixes the ids of new entities.
func (e *editor) refreshScreens() {
	e.responses.refresh()
	e.forces.refresh()
	e.terms.refresh()
	e.injects.refresh()
	e.matrix.refresh()
}

// undo and redo step through the plan's history; the Edit menu calls them.
func (e *editor) undo() { e.model.undo() }
func (e *editor) redo() { e.model.redo() }

// scheduleAutosave (re)starts the autosave countdown. Only a plan that was
// saved once is autosaved: a new plan reaches the store when the user first
// saves it, so an abandoned one leaves nothing behind.
func (e *editor) scheduleAutosave() {
	d := e.ui.AutosaveDelay
	if d <= 0 || e.model.base == 0 {
		return
	}
	if e.autoTimer != nil {
		e.autoTimer.Stop()
	}
	e.autoGen++
	gen := e.autoGen
	e.autoTimer = time.AfterFunc(d, func() {
		fyne.Do(func() {
			if gen == e.autoGen {
				e.autosave()
			}
		})
	})
}

// autosave saves the plan as Ctrl+S does, if it still needs it. A conflict
// is never resolved here: the conflict dialog asks, as for Ctrl+S.
func (e *editor) autosave() {
	e.autoTimer = nil
	m := e.model
	if e.ui.editor != e || e.saving || e.autoBlocked || m.base == 0 || !m.dirty {
		return
	}
	if e.ui.prompting() {
		// The user is choosing between Save and Don't save; saving now
		// would choose for them. Try again after another pause.
		e.scheduleAutosave()
		return
	}
	e.autoSaving = true
	e.saveOn(m.base)
}

// saveThen saves and runs then only when the plan was stored.
func (e *editor) saveThen(then func()) {
	e.afterSave = then
	if !e.saving {
		e.saveOn(e.model.base)
	}
}

// showFinding takes the user to what a finding is about: a red line opens in
// the red lines tab; other subjects only show the message for now.
func (e *editor) showFinding(f planner.Finding) bool {
	if e.model.redLineIndex(f.Subject) >= 0 {
		e.tabs.Select(e.redLinesTab)
		e.redLines.selectID(f.Subject)
		return true
	}
	// A link's finding is about a cell of the matrix.
	if strings.HasPrefix(f.Subject, "link:") {
		e.tabs.Select(e.matrixTab)
		return true
	}
	for _, s := range []struct {
		tab    *container.TabItem
		choose func(string) bool
	}{{e.responsesTab, e.responses.selectID}, {e.forcesTab, e.forces.selectID}, {e.termsTab, e.terms.selectID},
		{e.injectsTab, e.injects.selectID}} {
		e.tabs.Select(s.tab)
		if s.choose(f.Subject) {
			return true
		}
	}
	e.tabs.Select(e.findingsTab)
	return false
}

// onBack returns to the library; with unsaved edits it asks first, as
// closing the window does: Save, Don't save or Cancel.
func (e *editor) onBack() { e.ui.leave(e.ui.showLibrary) }

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
	auto, then := e.autoSaving, e.afterSave
	e.saving, e.autoSaving, e.afterSave = false, false, nil
	e.save.Enable()
	if e.ui.editor != e {
		return // the editor was closed while saving
	}
	if err != nil {
		// The plan stays dirty and as typed; only the message changes.
		e.status.SetText("Not saved: " + err.Error())
		if errors.Is(err, storage.ErrConflict) {
			e.autoBlocked = e.autoBlocked || auto
			e.ui.ask.Conflict(err, e.keepMine, e.takeTheirs)
		} else {
			e.ui.ask.Error(err)
		}
		return
	}
	m.p.ID = snap.ID // a new plan gets its id at its first save
	m.base = rev
	clear(m.fresh)
	e.autoBlocked = false
	at := e.ui.now().Format("15:04")
	switch {
	case gen != m.gen:
		// Edits made while saving are not in this revision.
		e.status.SetText("Unsaved changes")
		e.scheduleAutosave()
	case auto:
		m.dirty = false
		e.status.SetText("Autosaved " + at)
	default:
		m.dirty = false
		e.status.SetText("Saved " + at)
	}
	e.redLines.refresh()
	e.refreshScreens()
	if e.exercise.run == nil {
		e.exercise.refresh() // a first save makes the plan runnable
	}
	e.updateTitle()
	if then != nil {
		if m.dirty {
			e.ui.leave(then) // edits came in meanwhile: ask again
		} else {
			then()
		}
	}
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

// close detaches the editor from the window; an open run is saved.
func (e *editor) close() {
	if e.exercise.run != nil {
		e.exercise.run.close()
	}
	if e.autoTimer != nil {
		e.autoTimer.Stop()
		e.autoTimer = nil
	}
	e.autoGen++
	e.model.close()
	e.ui.win.Canvas().RemoveShortcut(saveShortcut)
	e.removeTabShortcuts()
}
