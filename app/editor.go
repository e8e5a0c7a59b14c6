package app

import (
	"context"
	"errors"
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
	sources   *sourcesScreen
	// deterrence is the scorecard's heat map, in deterrenceTab; it tells
	// the Overview of each new scorecard.
	deterrence    *deterrenceScreen
	deterrenceTab *container.TabItem
	// history is the saved revisions and what changed between them.
	history    *historyScreen
	historyTab *container.TabItem
	// newer is the bar that says a teammate saved a newer revision while
	// the plan has unsaved edits (live.go); pendingEvent is a change that
	// came in while saving, looked at again when the save is done.
	newer        *fyne.Container
	newerText    *widget.Label
	newerChoices *fyne.Container
	pendingEvent *storage.Event
	// readOnly is true on a store this person may not write (a viewer's
	// role, a read-only file): no Save, no autosave, and a bar that says
	// why; what they type stays in this window and can be exported.
	readOnly bool

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
	sourcesTab   *container.TabItem
	save         *widget.Button
	status       *widget.Label
	// fix names the first field that holds text the plan has not taken,
	// while saving waits for it, and takes the user there.
	fix     *widget.Button
	saving  bool
	content fyne.CanvasObject

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
	e.sources = newSourcesScreen(m, e.openEntry)
	e.deterrence = newDeterrenceScreen(m, e.openEntry)
	e.history = newHistoryScreen(e)
	e.deterrence.whenScored(e.overview.showDeterrence)
	e.buildUI()
	m.OnChange(e.updateTitle)
	m.OnChange(e.edited)
	m.OnChecked(e.updateTitle)
	m.OnInvalid(e.showInvalid)
	m.OnInvalid(e.updateTitle)
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
	e.sourcesTab = container.NewTabItemWithIcon("Sources", theme.FileTextIcon(), e.sources.content)
	e.deterrenceTab = container.NewTabItemWithIcon("Deterrence", theme.ConfirmIcon(), e.deterrence.content)
	e.historyTab = container.NewTabItemWithIcon("History", theme.HistoryIcon(), e.history.content)
	e.tabs = container.NewAppTabs(e.overviewTab, e.redLinesTab, e.responsesTab, e.forcesTab, e.termsTab,
		e.injectsTab, e.matrixTab, e.findingsTab, e.exerciseTab, e.deterrenceTab, e.sourcesTab, e.historyTab)
	// Charts are drawn only where they can be seen; a tab shown draws
	// what the edits made meanwhile asked for.
	onOverview := func() bool { return e.tabs.Selected() == e.overviewTab }
	e.overview.forcesChart.onScreen, e.overview.locationChart.onScreen = onOverview, onOverview
	e.forces.visible = func() bool { return e.tabs.Selected() == e.forcesTab }
	e.tabs.OnSelected = func(tab *container.TabItem) {
		switch tab {
		case e.overviewTab:
			e.overview.forcesChart.catchUp()
			e.overview.locationChart.catchUp()
		case e.forcesTab:
			e.forces.catchUpCharts()
		case e.historyTab:
			e.history.refresh()
		}
	}

	back := widget.NewButtonWithIcon("Plans", theme.NavigateBackIcon(), e.onBack)
	e.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), e.onSave)
	e.save.Importance = widget.HighImportance
	e.status = widget.NewLabel("")
	if e.model.dirty {
		e.status.SetText("Unsaved changes") // a new plan, never saved
	}
	e.status.Truncation = fyne.TextTruncateEllipsis
	e.fix = widget.NewButtonWithIcon("", theme.WarningIcon(), e.goToInvalid)
	e.fix.Importance = widget.WarningImportance
	e.fix.Hide()
	bar := container.NewBorder(nil, nil, back, container.NewHBox(e.fix, e.save), e.status)
	top := container.NewVBox(bar, e.newerBar())
	if why := e.ui.writeRefused(); why != nil {
		e.readOnly = true
		e.save.Disable()
		ro := wrappedLabel("Read-only: " + sentence(why.Error()) + " You can read, run and export this plan; " +
			"what you change here is not saved.")
		ro.Importance = widget.WarningImportance
		top.Add(ro)
	}
	e.content = container.NewBorder(top, nil, nil, nil, e.tabs)
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

// refreshScreens reloads the screens that keep their own view of the plan
// after a save fixed the ids of new entities. Undo and redo need no call:
// every screen follows the session's changes itself.
func (e *editor) refreshScreens() {
	e.redLines.refresh()
	e.responses.refresh()
	e.forces.refresh()
	e.terms.refresh()
	e.injects.refresh()
	e.matrix.refresh()
	e.sources.refresh()
	e.deterrence.refresh()
}

// undo and redo step through the plan's history; the Edit menu calls them.
func (e *editor) undo() { e.model.Undo() }
func (e *editor) redo() { e.model.Redo() }

// scheduleAutosave (re)starts the autosave countdown. Only a plan that was
// saved once is autosaved: a new plan reaches the store when the user first
// saves it, so an abandoned one leaves nothing behind.
func (e *editor) scheduleAutosave() {
	d := e.ui.AutosaveDelay
	if d <= 0 || e.model.base == 0 || e.readOnly {
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

// entityScreen is a tab that edits one kind of entity (entityForm).
type entityScreen interface {
	has(id string) bool
	selectID(id string) bool
	focusField(name string) bool
	revealFindings()
}

// screenOf is the tab that edits the entity with that id, if any.
func (e *editor) screenOf(id string) (entityScreen, *container.TabItem) {
	for _, s := range []struct {
		screen entityScreen
		tab    *container.TabItem
	}{{e.redLines, e.redLinesTab}, {e.responses, e.responsesTab}, {e.forces, e.forcesTab},
		{e.terms, e.termsTab}, {e.injects, e.injectsTab}, {e.sources, e.sourcesTab}} {
		if s.screen.has(id) {
			return s.screen, s.tab
		}
	}
	return nil, nil
}

// showFinding takes the user to what a finding is about: the entity's form,
// scrolled to the findings about it, or the matrix for a link; a finding
// about the plan stays on the Findings tab.
func (e *editor) showFinding(f planner.Finding) bool {
	if e.matrix.openSubject(f.Subject) {
		e.tabs.Select(e.matrixTab)
		return true
	}
	if s, tab := e.screenOf(f.Subject); s != nil {
		e.tabs.Select(tab)
		s.selectID(f.Subject)
		s.revealFindings()
		return true
	}
	e.tabs.Select(e.findingsTab)
	return false
}

// openEntry takes the user to an entry by its subject (what cites a
// source, on the Sources tab): its form, or the matrix for a link.
func (e *editor) openEntry(subject string) {
	if e.matrix.openSubject(subject) {
		e.tabs.Select(e.matrixTab)
		return
	}
	if s, tab := e.screenOf(subject); s != nil {
		e.tabs.Select(tab)
		s.selectID(subject)
	}
}

// showInvalid says on the status bar which field holds text the plan has
// not taken, while there is one: saving waits for it.
func (e *editor) showInvalid() {
	why := e.model.blocked()
	if why == "" {
		e.fix.Hide()
		return
	}
	e.fix.SetText(why)
	e.fix.Show()
}

// goToInvalid takes the user to the first field that holds text the plan
// has not taken: its entity selected in its tab, the cursor in the field.
func (e *editor) goToInvalid() {
	inv := e.model.Invalid()
	if len(inv) == 0 {
		return
	}
	v := inv[0]
	if v.Subject == "" {
		e.tabs.Select(e.overviewTab)
		e.overview.focusField(v.Field)
		return
	}
	if e.matrix.openSubject(v.Subject) {
		e.tabs.Select(e.matrixTab)
		focusOn(e.ui.win.Canvas(), e.matrix.panel.assumption.target())
		return
	}
	if s, tab := e.screenOf(v.Subject); s != nil {
		e.tabs.Select(tab)
		s.selectID(v.Subject)
		s.focusField(v.Field)
	}
}

// onBack returns to the library; with unsaved edits it asks first, as
// closing the window does: Save, Don't save or Cancel.
func (e *editor) onBack() { e.ui.leave(e.ui.showLibrary) }

// onSave stores the plan as a new revision on top of the one it was loaded
// at. The store runs in the background on a snapshot, so the user can keep
// typing; edits made meanwhile keep the plan dirty.
func (e *editor) onSave() {
	if e.saving || e.readOnly {
		return
	}
	e.saveOn(e.model.base)
}

func (e *editor) saveOn(base int64) {
	m := e.model
	if why := m.blocked(); why != "" {
		// Saving now would store values that the fields do not show. An
		// autosave waits quietly; Save and Ctrl+S say why and go there.
		if !e.autoSaving {
			e.status.SetText("Not saved: " + why)
			e.goToInvalid()
		}
		e.autoSaving, e.afterSave = false, nil
		return
	}
	e.saving = true
	e.save.Disable()
	e.status.SetText("Saving…")
	snap, gen := m.Saving()
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
	if !e.readOnly {
		e.save.Enable()
	}
	if e.ui.editor != e {
		return // the editor was closed while saving
	}
	defer e.afterSaved()
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
	// A new plan gets its id at its first save.
	clean := m.saved(gen, snap.ID, rev)
	e.hideNewer() // what a teammate saved is under this revision now
	e.autoBlocked = false
	at := e.ui.now().Format("15:04")
	switch {
	case !clean:
		// Edits made while saving are not in this revision.
		e.status.SetText("Unsaved changes")
		e.scheduleAutosave()
	case auto:
		e.status.SetText("Autosaved " + at)
	default:
		e.status.SetText("Saved " + at)
	}
	e.refreshScreens()
	if e.exercise.run == nil {
		e.exercise.refresh() // a first save makes the plan runnable
	}
	if e.tabs.Selected() == e.historyTab {
		e.history.refresh() // the new revision joins the list
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
	if e.saving || e.readOnly {
		return
	}
	_, latest, err := e.ui.store.LoadPlan(context.Background(), e.model.Plan().ID)
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
	e.ui.openPlan(e.model.Plan().ID)
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
	e.deterrence.close()
	e.model.Close()
	e.ui.win.Canvas().RemoveShortcut(saveShortcut)
	e.removeTabShortcuts()
}
