package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// What the keyboard does beyond what fyne's widgets do themselves: Escape
// and Enter answer the dialog on top, and Ctrl+1…9, Ctrl+PgUp and Ctrl+PgDn
// switch the editor's tabs.
//
// Fyne's dialogs do not close on Escape, and with no widget focused a key
// goes to the canvas, which is where a shown dialog hears it: a dialog takes
// the focus of the window below it, and its buttons are not focused until
// Tab reaches them.

// dialogKeys is what Escape and Enter do in one shown dialog.
type dialogKeys struct {
	// overlay is the dialog's pop-up on the window's canvas.
	overlay fyne.CanvasObject
	// escape and enter answer the dialog as its buttons do; nil: the key
	// does nothing (work under way, or a question with no safe default).
	escape, enter func()
	// prompt marks a question about unsaved edits: autosave waits while
	// one is shown, so that Don't save still means it.
	prompt bool
}

// showDialog shows d and lets Escape and Enter answer it as keys says.
func (u *UI) showDialog(d dialog.Dialog, keys dialogKeys) {
	d.Show()
	keys.overlay = u.win.Canvas().Overlays().Top()
	u.dropClosedDialogs()
	u.dialogs = append(u.dialogs, keys)
}

// dropClosedDialogs forgets the dialogs that are no longer on the canvas,
// however they were closed.
func (u *UI) dropClosedDialogs() {
	shown := u.win.Canvas().Overlays().List()
	u.dialogs = slices.DeleteFunc(u.dialogs, func(k dialogKeys) bool { return !slices.Contains(shown, k.overlay) })
}

// prompting reports whether a question about unsaved edits is on screen.
func (u *UI) prompting() bool {
	u.dropClosedDialogs()
	return slices.ContainsFunc(u.dialogs, func(k dialogKeys) bool { return k.prompt })
}

// typedKey takes the keys that reach the canvas because no widget has the
// focus.
func (u *UI) typedKey(ev *fyne.KeyEvent) { u.dialogKey(ev) }

// dialogKey lets the dialog on top answer Escape or Enter, and reports
// whether a dialog took the key.
func (u *UI) dialogKey(ev *fyne.KeyEvent) bool {
	enter := ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter
	if ev.Name != fyne.KeyEscape && !enter {
		return false
	}
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	u.dropClosedDialogs()
	if i := slices.IndexFunc(u.dialogs, func(k dialogKeys) bool { return k.overlay == top }); i >= 0 {
		answer := u.dialogs[i].escape
		if enter {
			answer = u.dialogs[i].enter
		}
		if answer != nil {
			answer()
		}
		return true
	}
	// A dialog the app shows through fyne alone (a file dialog, a form):
	// Escape closes it, which is what its Cancel or Close button does.
	if !enter {
		if p, ok := top.(*widget.PopUp); ok {
			p.Hide()
			return true
		}
	}
	return false
}

// answer is one button of a question dialog.
type answer struct {
	label      string
	importance widget.Importance
	// do runs after the dialog closed; nil only closes it.
	do func()
}

// question shows a dialog whose buttons are answers, leading to trailing.
// Escape gives answers[escape] and Enter answers[enter]; -1 leaves the key
// doing nothing. prompt marks a question about unsaved edits.
func (u *UI) question(title string, body fyne.CanvasObject, width float32, answers []answer, escape, enter int, prompt bool) {
	var dlg *dialog.CustomDialog
	buttons := make([]fyne.CanvasObject, len(answers))
	taps := make([]func(), len(answers))
	for i, a := range answers {
		taps[i] = func() {
			dlg.Hide()
			if a.do != nil {
				a.do()
			}
		}
		b := newKeyButton(u, a.label, taps[i])
		b.Importance = a.importance
		buttons[i] = b
	}
	dlg = dialog.NewCustomWithoutButtons(title, body, u.win)
	dlg.SetButtons(buttons)
	if width > 0 {
		dlg.Resize(fyne.NewSize(width, 0))
	}
	keys := dialogKeys{prompt: prompt}
	if escape >= 0 {
		keys.escape = taps[escape]
	}
	if enter >= 0 {
		keys.enter = taps[enter]
	}
	u.showDialog(dlg, keys)
}

// keyButton is a dialog button that answers keys as desktop dialogs do once
// Tab has focused it: Enter presses it, as Space does, and Escape still
// cancels the dialog, which a plain button would swallow.
type keyButton struct {
	widget.Button
	u *UI
}

func newKeyButton(u *UI, label string, tapped func()) *keyButton {
	b := &keyButton{u: u}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Button.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	case fyne.KeyEscape:
		b.u.dialogKey(ev)
	default:
		b.Button.TypedKey(ev)
	}
}

// tabShortcut is Ctrl+n (Cmd+n on macOS), which shows the editor's n-th tab.
func tabShortcut(n int) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyName(rune('0' + n)), Modifier: fyne.KeyModifierShortcutDefault}
}

// nextTabShortcut and prevTabShortcut are Ctrl+PgDn and Ctrl+PgUp, as in
// browsers and most tabbed editors.
var (
	nextTabShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierShortcutDefault}
	prevTabShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: fyne.KeyModifierShortcutDefault}
)

// tabShortcuts are the editor's tab shortcuts with what each does. The main
// menu carries them too (View), which is what makes them work while a text
// field has the focus; on the canvas they work when none has.
func (e *editor) tabShortcuts() map[fyne.Shortcut]func() {
	m := map[fyne.Shortcut]func(){
		nextTabShortcut: func() { e.stepTab(1) },
		prevTabShortcut: func() { e.stepTab(-1) },
	}
	for i := range 9 {
		m[tabShortcut(i+1)] = func() { e.showTab(i) }
	}
	return m
}

// addTabShortcuts registers the tab shortcuts on the window's canvas;
// removeTabShortcuts takes them off when the editor closes.
func (e *editor) addTabShortcuts() {
	for s, f := range e.tabShortcuts() {
		e.ui.win.Canvas().AddShortcut(s, func(fyne.Shortcut) { f() })
	}
}

func (e *editor) removeTabShortcuts() {
	for s := range e.tabShortcuts() {
		e.ui.win.Canvas().RemoveShortcut(s)
	}
}

// showTab shows the i-th tab, counted from 0; there may be fewer than nine.
func (e *editor) showTab(i int) {
	if i >= 0 && i < len(e.tabs.Items) {
		e.tabs.SelectIndex(i)
	}
}

// stepTab shows the tab d places on, wrapping around at either end.
func (e *editor) stepTab(d int) {
	n := len(e.tabs.Items)
	e.tabs.SelectIndex(((e.tabs.SelectedIndex()+d)%n + n) % n)
}
