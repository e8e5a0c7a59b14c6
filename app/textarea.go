package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// textArea is a multi-line entry that Tab and Shift+Tab leave for the next
// and the previous field, as in a form; a plain multi-line entry types a tab
// and keeps the focus for good. Ctrl+Tab types a tab, for the rare note that
// wants one.
type textArea struct {
	widget.Entry
}

// newTextArea is widget.NewMultiLineEntry with Tab leaving the field; the
// text wraps at words, as notes should.
func newTextArea() *textArea {
	t := &textArea{}
	t.MultiLine = true
	t.Wrapping = fyne.TextWrapWord
	t.ExtendBaseWidget(t)
	return t
}

// AcceptsTab is false, so the desktop driver itself moves the focus on Tab
// and Shift+Tab, as it does for a one-line entry.
func (t *textArea) AcceptsTab() bool { return false }

// TypedKey moves the focus on a Tab that reaches the field all the same (a
// driver that does not ask AcceptsTab).
func (t *textArea) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name != fyne.KeyTab {
		t.Entry.TypedKey(ev)
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(t)
	if c == nil {
		return
	}
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok && d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0 {
		c.FocusPrevious()
		return
	}
	c.FocusNext()
}

// ctrlTab is the key that types a tab: the desktop driver hands it to the
// focused field as a shortcut.
var ctrlTab = &desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: fyne.KeyModifierControl}

func (t *textArea) TypedShortcut(s fyne.Shortcut) {
	if s.ShortcutName() == ctrlTab.ShortcutName() {
		t.Entry.TypedRune('\t')
		return
	}
	t.Entry.TypedShortcut(s)
}
