package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"redline/planner/report"
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

	about := fyne.NewMenuItem("About Redline", u.showAbout)
	about.Icon = theme.InfoIcon()

	return fyne.NewMainMenu(
		fyne.NewMenu("File", newPlan, fyne.NewMenuItemSeparator(), importPlan, exportPlan, importProfile,
			fyne.NewMenuItemSeparator(), quit),
		fyne.NewMenu("Edit", undo, redo),
		fyne.NewMenu("Plan", save, back),
		fyne.NewMenu("Help", about),
	)
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
