package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"redline/planner/report"
	"redline/storage"
)

// undoShortcut is Ctrl+Z (Cmd+Z on macOS). The desktop driver reports that
// key as fyne.ShortcutUndo and matches menu items by shortcut name, so a
// desktop.CustomShortcut for Ctrl+Z would never fire.
var undoShortcut fyne.Shortcut = &fyne.ShortcutUndo{}

// redoShortcut is Ctrl+Shift+Z (Cmd+Shift+Z), which the driver reports as a
// custom shortcut.
var redoShortcut fyne.Shortcut = &desktop.CustomShortcut{
	KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift,
}

// mainMenu carries the app's commands and keyboard shortcuts. A shortcut on
// the canvas alone does not reach the app while a text field has the focus,
// since the field takes every shortcut; a main menu item's shortcut does,
// because the driver tries the main menu first.
func (u *UI) mainMenu() *fyne.MainMenu {
	newPlan := fyne.NewMenuItem("New plan", func() { u.leave(u.library.onNew) })
	newPlan.Icon = theme.DocumentCreateIcon()
	importPlan := fyne.NewMenuItem("Import plan file or workbook…", u.onImportPlan)
	importPlan.Icon = theme.FileIcon()
	exportPlan := fyne.NewMenuItem("Export", nil)
	exportPlan.Icon = theme.DocumentSaveIcon()
	var formats []*fyne.MenuItem
	for _, f := range report.Formats {
		formats = append(formats, fyne.NewMenuItem(f.Title+"…", func() { u.onExport(f.Name) }))
	}
	exportPlan.ChildMenu = fyne.NewMenu("", formats...)
	importProfile := fyne.NewMenuItem("Import profile…", u.onImportProfile)
	connect := fyne.NewMenuItem("Connect to team workspace…", u.onConnectWorkspace)
	connect.Icon = theme.StorageIcon()
	local := fyne.NewMenuItem("Use local plans", u.onUseLocalPlans)
	local.Icon = theme.ComputerIcon()
	local.Disabled = !storage.IsServerURL(u.storePath)
	u.menu.local = local
	// IsQuit replaces the Quit item fyne adds itself, which would quit
	// without asking about unsaved edits.
	quit := fyne.NewMenuItem("Quit", func() { u.leave(u.app.Quit) })
	quit.IsQuit = true

	undo := fyne.NewMenuItem("Undo", u.onUndo)
	undo.Shortcut = undoShortcut
	undo.Icon = theme.ContentUndoIcon()
	redo := fyne.NewMenuItem("Redo", u.onRedo)
	redo.Shortcut = redoShortcut
	redo.Icon = theme.ContentRedoIcon()
	u.menu.undo, u.menu.redo = undo, redo
	yourName := fyne.NewMenuItem("Your name in the revisions…", u.onYourName)
	yourName.Icon = theme.AccountIcon()
	u.menu.edit = fyne.NewMenu("Edit", undo, redo, fyne.NewMenuItemSeparator(), yourName)

	save := fyne.NewMenuItem("Save", func() {
		if u.editor != nil {
			u.editor.onSave()
		}
	})
	save.Shortcut = saveShortcut
	save.Icon = theme.DocumentSaveIcon()
	back := fyne.NewMenuItem("Back to plans", func() {
		if u.editor != nil {
			u.editor.onBack()
		}
	})
	back.Icon = theme.NavigateBackIcon()

	u.menu.file = fyne.NewMenu("File", newPlan, fyne.NewMenuItemSeparator(), importPlan, exportPlan, importProfile,
		fyne.NewMenuItemSeparator(), connect, local, fyne.NewMenuItemSeparator(), quit)

	about := fyne.NewMenuItem("About Redline", u.showAbout)
	about.Icon = theme.InfoIcon()

	return fyne.NewMainMenu(
		u.menu.file,
		u.menu.edit,
		u.viewMenu(),
		fyne.NewMenu("Plan", save, back),
		fyne.NewMenu("Help", about),
	)
}

// editorTabs are the editor's tabs in order, as the View menu names them.
var editorTabs = []string{"Overview", "Red lines", "Responses", "Forces", "Terms", "Injects", "Matrix", "Findings", "Exercise", "Deterrence", "Sources", "History"}

// viewMenu switches the editor's tabs. Its shortcuts are also on the
// editor's canvas; here they work while a text field has the focus, and
// they can be read.
func (u *UI) viewMenu() *fyne.Menu {
	onEditor := func(f func(*editor)) func() {
		return func() {
			if u.editor != nil {
				f(u.editor)
			}
		}
	}
	var items []*fyne.MenuItem
	for i, name := range editorTabs {
		item := fyne.NewMenuItem(name, onEditor(func(e *editor) { e.showTab(i) }))
		if i < 9 {
			item.Shortcut = tabShortcut(i + 1) // Ctrl+1 … Ctrl+9
		}
		items = append(items, item)
	}
	prev := fyne.NewMenuItem("Previous tab", onEditor(func(e *editor) { e.stepTab(-1) }))
	prev.Shortcut = prevTabShortcut
	next := fyne.NewMenuItem("Next tab", onEditor(func(e *editor) { e.stepTab(1) }))
	next.Shortcut = nextTabShortcut
	u.menu.tabs = append(slices.Clone(items), prev, next)
	room := fyne.NewMenuItem("Room view for the projector", u.onRoomView)
	room.Shortcut = roomShortcut
	room.Icon = theme.ComputerIcon()
	room.Disabled = true
	u.menu.room = room
	items = append(items, fyne.NewMenuItemSeparator(), prev, next, fyne.NewMenuItemSeparator(), room)
	u.menu.view = fyne.NewMenu("View", items...)
	return u.menu.view
}

// appMenu holds the menu items whose state follows the app's.
type appMenu struct {
	edit, view *fyne.Menu
	undo, redo *fyne.MenuItem
	tabs       []*fyne.MenuItem
	// room opens the room view of the run on screen; greyed out while no
	// run is open.
	room *fyne.MenuItem
	// file is the File menu; local in it goes back to the local plans,
	// greyed out while the app is on them.
	file  *fyne.Menu
	local *fyne.MenuItem
}

// roomShortcut is Ctrl+Shift+R: the room view of the open run.
var roomShortcut fyne.Shortcut = &desktop.CustomShortcut{
	KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift,
}

// onRoomView opens the room view of the run on screen, or brings it to the
// front.
func (u *UI) onRoomView() {
	if e := u.editor; e != nil && e.exercise.run != nil {
		e.exercise.run.openRoom()
	}
}

// syncMenu greys out what cannot be done now: Undo and Redo with nothing
// to undo or redo (in the library, Undo restores the plan deleted last),
// and the tabs without an editor. The editor calls it after every edit,
// undo, redo, load and save (from updateTitle); the library after a
// delete and its undo. A menu is refreshed only when it changed, since
// that rebuilds the menu bar.
func (u *UI) syncMenu() {
	canUndo, canRedo := u.library.undoID != "", false
	if e := u.editor; e != nil {
		canUndo, canRedo = e.model.canUndo(), e.model.canRedo()
	}
	undoChanged := setDisabled(u.menu.undo, !canUndo)
	if redoChanged := setDisabled(u.menu.redo, !canRedo); undoChanged || redoChanged {
		u.menu.edit.Refresh()
	}
	changed := false
	for _, item := range u.menu.tabs {
		changed = setDisabled(item, u.editor == nil) || changed
	}
	if u.menu.room != nil {
		changed = setDisabled(u.menu.room, u.editor == nil || u.editor.exercise.run == nil) || changed
	}
	if changed {
		u.menu.view.Refresh()
	}
}

// setDisabled sets an item's state and reports whether that changed it.
func setDisabled(item *fyne.MenuItem, disabled bool) bool {
	if item.Disabled == disabled {
		return false
	}
	item.Disabled = disabled
	return true
}

// onUndo undoes the last edit of the open plan; in the library it restores
// the plan deleted last, which is what its Undo button does.
func (u *UI) onUndo() {
	if u.editor != nil {
		u.editor.undo()
		return
	}
	u.library.onUndo()
}

func (u *UI) onRedo() {
	if u.editor != nil {
		u.editor.redo()
	}
}
