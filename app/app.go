// Package app is Redline's desktop GUI: the plan library and the plan editor,
// one file per screen. It shows what planner decides and stores through
// storage; it decides nothing about what a plan means itself.
//
// The package imports no fyne driver, so the caller (cmd/redline) creates the
// fyne.App and the window, and tests run it on fyne's test driver.
package app

import (
	"context"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/seeds"
	"redline/storage"
)

// checkDelay is how long the editor waits after the last keystroke before it
// runs the checker, so that typing a title does not check the plan per letter.
const checkDelay = 150 * time.Millisecond

// autosaveDelay is how long the editor waits after the last edit before it
// saves a plan that has been saved once, so a crash loses at most that much.
const autosaveDelay = 20 * time.Second

// UI is the desktop app: a library of plans and an editor for one of them,
// shown one at a time in a single window.
type UI struct {
	// audienceAsked is the form of the last "Whom is this copy for?"
	// question, for tests.
	audienceAsked *audienceForm
	// workspaceAsked is the form of the last "Connect to a team
	// workspace" question, for tests.
	workspaceAsked *workspaceForm
	// nameAsked is the form of the last "Your name" question, for tests.
	nameAsked *nameForm
	// stopWatch ends the watch of the store (live.go); nil when none runs.
	// watching is true once the app follows its store's changes, so that
	// a store it moves onto is followed too.
	stopWatch func()
	watching  bool
	// writeRefused says why the store may not be written (a viewer's role
	// on a team workspace, a read-only file), nil when it may; tests
	// replace it, as a root user can write any file.
	writeRefused func() error
	app          fyne.App
	win          fyne.Window
	store        *storage.Store
	// storePath is where store is: a file, or a team workspace's URL; ""
	// when the caller did not say (the default, local file).
	storePath string
	cat       *planner.Catalog

	// CheckDelay is the debounce before the checker runs after an edit; 0
	// runs it at once, which is what tests want.
	CheckDelay time.Duration
	// AutosaveDelay is the pause after the last edit before an autosave;
	// 0 turns autosave off, so tests trigger it themselves.
	AutosaveDelay time.Duration
	// now is the clock for undo steps and the status line; tests step it.
	now func() time.Time
	// background runs work that must not block the UI (saving, checking a
	// large plan); tests replace it with a synchronous call.
	background func(func())
	// ask shows the dialogs that need an answer; tests replace it to
	// answer them (fyne #2771).
	ask asker
	// pickOpen and pickSave ask for a file to read or write; tests
	// replace them to feed a file without a dialog. onPicked gets nil and
	// no error when the user cancels.
	pickOpen func(onPicked func(fyne.URIReadCloser, error))
	pickSave func(name string, onPicked func(fyne.URIWriteCloser, error))
	// progress shows that long work is under way and returns the function
	// that ends the display.
	progress func(title string) (done func())
	// afterFunc runs f on another goroutine after d and returns a function
	// that cancels it; tests replace it to run f when they choose.
	afterFunc func(d time.Duration, f func()) (cancel func())
	// openURL opens a file or folder in the desktop's own app for it;
	// tests replace it to see what would open.
	openURL func(*url.URL) error
	// dialogs are the dialogs shown with keys to answer them, oldest
	// first; closed ones are dropped as they are found.
	dialogs []dialogKeys

	root    *fyne.Container
	library *library
	editor  *editor
	menu    appMenu
}

// New builds the app in window w over the store st. Show it with
// w.SetContent(ui.Content()).
func New(a fyne.App, w fyne.Window, st *storage.Store) *UI {
	u := &UI{
		app:           a,
		win:           w,
		store:         st,
		cat:           seeds.Catalog(),
		CheckDelay:    checkDelay,
		AutosaveDelay: autosaveDelay,
		now:           time.Now,
		background:    func(f func()) { goAsync(f) },
		openURL:       a.OpenURL,
	}
	u.ask = dialogAsker{u}
	u.writeRefused = func() error { return u.store.ReadOnly() }
	u.pickOpen, u.pickSave, u.progress = u.dialogOpen, u.dialogSave, u.dialogProgress
	u.afterFunc = func(d time.Duration, f func()) func() {
		t := time.AfterFunc(d, f)
		return func() { t.Stop() }
	}
	u.library = newLibrary(u)
	w.SetMainMenu(u.mainMenu())
	// Closing the window must not lose unsaved edits silently.
	w.SetCloseIntercept(func() { u.leave(w.Close) })
	// Keys no widget takes reach the canvas: Escape and Enter in dialogs.
	w.Canvas().SetOnTypedKey(u.typedKey)
	u.root = container.NewStack()
	u.showLibrary()
	return u
}

// Content is the window's content.
func (u *UI) Content() fyne.CanvasObject { return u.root }

// SetStorePath says where the store the app was made with is (a file or a
// team workspace's URL), for the library's heading and the File menu.
func (u *UI) SetStorePath(path string) {
	u.storePath = path
	u.syncWorkspace()
}

// Close closes the store the app is on, when the window closes.
func (u *UI) Close() {
	if u.stopWatch != nil {
		u.stopWatch()
	}
	if u.store != nil {
		u.store.Close()
	}
}

// showLibrary replaces the editor, if any, with the plan library.
func (u *UI) showLibrary() {
	if u.editor != nil {
		u.editor.close()
		u.editor = nil
	}
	u.library.refresh()
	u.root.Objects = []fyne.CanvasObject{u.library.content}
	u.root.Refresh()
	u.win.SetTitle("Redline — plans")
	u.syncMenu()
}

// showEditor opens p, loaded at revision base (0 for a plan never saved).
func (u *UI) showEditor(p *planner.Plan, base int64) {
	if u.editor != nil {
		u.editor.close()
	}
	u.editor = newEditor(u, newPlanModel(u, p, base))
	u.root.Objects = []fyne.CanvasObject{u.editor.content}
	u.root.Refresh()
	u.editor.updateTitle()
}

// openPlan loads a stored plan into the editor.
// Loading runs off the UI goroutine, behind a progress display when it
// takes long (a plan of thousands of entities), so the window never freezes.
func (u *UI) openPlan(id string) { u.openPlanThen(id, nil) }

// openPlanThen is openPlan that calls then with the new editor once the
// plan is open.
func (u *UI) openPlanThen(id string, then func(e *editor)) {
	var p *planner.Plan
	var rev int64
	u.inBackground("Opening the plan…", func() (err error) {
		p, rev, err = u.store.LoadPlan(context.Background(), id)
		return err
	}, func(err error) {
		if err != nil {
			u.ask.Error(err)
			return
		}
		u.showEditor(p, rev)
		if then != nil && u.editor != nil {
			then(u.editor)
		}
	})
}

// asker is every dialog that waits for the user.
type asker interface {
	// Error shows an error that stopped an action.
	Error(err error)
	// Confirm asks a yes/no question and calls yes on yes.
	Confirm(title, message string, yes func())
	// Conflict says a save met a newer revision and offers the two ways out.
	Conflict(err error, keepMine, takeTheirs func())
	// Unsaved says the plan titled title has unsaved changes and asks
	// whether to save them, discard them or cancel (which calls neither).
	Unsaved(title, blocked string, save, discard func())
}

// dialogAsker asks with dialogs on the window that Escape and Enter answer.
type dialogAsker struct{ u *UI }

// Error shows err with fyne's error dialog; Escape and Enter close it.
func (d dialogAsker) Error(err error) {
	dlg := dialog.NewError(err, d.u.win)
	d.u.showDialog(dlg, dialogKeys{escape: dlg.Hide, enter: dlg.Hide})
}

// Confirm keeps the look of fyne's confirm dialog, Yes highlighted, and
// Enter says what the highlight does; Escape is No.
func (d dialogAsker) Confirm(title, message string, yes func()) {
	d.u.question(title, wrappedLabel(message), 420, []answer{
		{label: "No"},
		{label: "Yes", importance: widget.HighImportance, do: yes},
	}, 0, 1, false)
}

func (d dialogAsker) Conflict(err error, keepMine, takeTheirs func()) {
	// Escape cancels and Enter does nothing: either answer throws away
	// someone's edits, so neither is a default a key press may choose.
	msg := wrappedLabel(err.Error() + "\n\nKeep mine saves your copy on top of the latest revision; " +
		"take theirs discards your changes and loads the latest revision.")
	d.u.question("Plan changed elsewhere", msg, 480, []answer{
		{label: "Cancel"},
		{label: "Take theirs", do: takeTheirs},
		{label: "Keep mine", importance: widget.HighImportance, do: keepMine},
	}, 0, -1, false)
}

func (d dialogAsker) Unsaved(title, blocked string, save, discard func()) {
	// Save is the default (Enter); Cancel is what Escape does: nothing is
	// lost. Autosave waits while the question is open, so that Don't save
	// still finds the edits unsaved. A field that holds what the plan
	// cannot take is named: saving first means fixing it, and Don't save
	// drops what was typed there too.
	text, saveLabel := "“"+title+"” has changes that are not saved. Save them first?", "Save"
	if blocked != "" {
		text = "“" + title + "” has changes that are not saved, and " + blocked +
			". Fix it to save, or leave without saving (what the field holds is dropped too)."
		saveLabel = "Fix it"
	}
	d.u.question("Unsaved changes", wrappedLabel(text), 460, []answer{
		{label: "Cancel"},
		{label: "Don't save", importance: widget.DangerImportance, do: discard},
		{label: saveLabel, importance: widget.HighImportance, do: save},
	}, 0, 2, true)
}

// leave runs then (closing the window, quitting, opening another plan) once
// the open plan's edits are safe: at once when there are none, otherwise
// after the user chose to save them (and the save worked) or discard them.
func (u *UI) leave(then func()) {
	e := u.editor
	if u.prompting() {
		return // the question is open already (the window's close button, pressed twice)
	}
	if e != nil && e.exercise.run != nil {
		// A run saves itself; leaving must not wait for its timer. It keeps
		// its driving lock until the editor closes: the question below may
		// be cancelled.
		e.exercise.run.flush()
	}
	if e == nil || !e.model.dirty || e.readOnly {
		then() // nothing to save, or nowhere to save it (the bar said so)
		return
	}
	u.ask.Unsaved(e.model.p.Title, e.model.blocked(), func() { e.saveThen(then) }, then)
}

// wrappedLabel is a label for prose: it wraps at word boundaries.
func wrappedLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// Start shows the first screen. On the first start, with a store that has
// never held a plan, it adds the reference plan and opens it, so that a new
// user lands on a meaningful plan rather than an empty list.
func (u *UI) Start() error {
	id, err := SeedReferencePlan(context.Background(), u.store)
	if err != nil {
		return err
	}
	if id != "" {
		u.openPlan(id)
	}
	return nil
}

// SeedReferencePlan stores the reference plan when the store holds no plan,
// live or in the trash, and returns its id; "" when there was nothing to do.
func SeedReferencePlan(ctx context.Context, st *storage.Store) (string, error) {
	for _, trash := range []bool{false, true} {
		plans, err := st.ListPlans(ctx, storage.ListOptions{Trash: trash})
		if err != nil {
			return "", err
		}
		if len(plans) > 0 {
			return "", nil
		}
	}
	p, err := seeds.ReferencePlan()
	if err != nil {
		return "", err
	}
	if _, err := st.SavePlan(ctx, p, 0, "reference plan added on first start"); err != nil {
		return "", err
	}
	return p.ID, nil
}

// ShowFatal fills the window with an error that keeps Redline from working
// (a database it must not touch, say), so the user reads it instead of
// seeing the program vanish.
func ShowFatal(w fyne.Window, err error) {
	msg := wrappedLabel(err.Error())
	quit := widget.NewButtonWithIcon("Quit", theme.CancelIcon(), func() { w.Close() })
	card := widget.NewCard("Redline cannot open its database", "Nothing was changed.", msg)
	w.SetContent(container.NewPadded(container.NewBorder(nil, container.NewHBox(layoutSpacer(), quit), nil, nil, card)))
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// OpenPlan opens a stored plan in the editor, as double-clicking it in the
// library does.
func (u *UI) OpenPlan(id string) { u.openPlan(id) }
