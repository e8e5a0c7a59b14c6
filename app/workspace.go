package app

import (
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/storage"
)

// prefWorkspace is the preference that remembers the team workspace the
// app uses (a postgres:// URL, which holds no password), "" for the local
// plans.
const prefWorkspace = "workspace"

// StartPath is the database the app opens at start: the one asked for
// (-db, REDLINE_DB), else the team workspace remembered from the last
// session, else the local plans (storage.OpenDefault's "").
func StartPath(a fyne.App, asked string, env string) string {
	if asked != "" || env != "" {
		return asked
	}
	return a.Preferences().String(prefWorkspace)
}

// workspaceForm asks for a team workspace's address; a wrong one is said
// beside the field.
type workspaceForm struct {
	url     *widget.Entry
	urlErr  *widget.Label
	content fyne.CanvasObject
}

func newWorkspaceForm(current string) *workspaceForm {
	f := &workspaceForm{url: widget.NewEntry(), urlErr: errorLabel()}
	f.url.SetPlaceHolder("postgres://olena@planning-cell.example/redline?sslmode=require")
	if storage.IsServerURL(current) {
		f.url.SetText(withoutPassword(current))
	}
	note := wrappedLabel("Redline keeps no password: give it in ~/.pgpass (or the file PGPASSFILE names) " +
		"or PGPASSWORD, or in the address itself, which is then not remembered. " +
		"sslmode=require (or verify-full) asks for TLS.")
	note.Importance = widget.LowImportance
	f.content = container.NewVBox(
		widget.NewForm(widget.NewFormItem("Server address", fieldBox(f.url, f.urlErr))), note)
	return f
}

// check says what is wrong with the address as typed, or "".
func (f *workspaceForm) check() string {
	u := strings.TrimSpace(f.url.Text)
	switch {
	case u == "":
		return "Give the workspace's address, postgres://user@host/database."
	case !storage.IsServerURL(u):
		return "A team workspace's address starts with postgres:// or postgresql://."
	}
	return ""
}

// onConnectWorkspace asks for a team workspace and moves the app onto it:
// the open plan is closed first (asking about unsaved edits), the server
// is opened in the background, and a failure is said beside the address
// with the local plans kept open.
func (u *UI) onConnectWorkspace() {
	f := newWorkspaceForm(u.storePath)
	u.workspaceAsked = f
	var ask func()
	ask = func() {
		u.question("Connect to a team workspace", f.content, 600, []answer{
			{label: "Cancel"},
			{label: "Connect", do: func() {
				if msg := f.check(); msg != "" {
					showError(f.urlErr, msg)
					ask()
					return
				}
				showError(f.urlErr, "")
				url := strings.TrimSpace(f.url.Text)
				u.leave(func() {
					u.switchStore(url, func(err error) {
						showError(f.urlErr, err.Error())
						ask()
					})
				})
			}},
		}, 0, 1, false)
	}
	ask()
}

// onUseLocalPlans moves the app back onto the local plans' file.
func (u *UI) onUseLocalPlans() {
	path, err := storage.LocalPath()
	if err != nil {
		u.ask.Error(err)
		return
	}
	u.leave(func() { u.switchStore(path, u.ask.Error) })
}

// switchStore opens the database at path in the background and, once it
// is open, puts the app on it: the library reloads from it, the old store
// is closed and the choice is remembered. failed gets the reason a store
// could not be opened; the app stays on the one it had.
func (u *UI) switchStore(path string, failed func(error)) {
	var st *storage.Store
	u.inBackground("Opening the plans…", func() (err error) {
		st, err = storage.Open(path, storage.WithAuthor(u.authorName()))
		return err
	}, func(err error) {
		if err != nil {
			failed(err)
			return
		}
		old := u.store
		u.showLibrary() // closes the editor, if any, before its store goes
		u.store, u.storePath = st, path
		remembered := ""
		if storage.IsServerURL(path) && !urlHasPassword(path) {
			remembered = path
		}
		u.app.Preferences().SetString(prefWorkspace, remembered)
		u.showLibrary()
		u.syncWorkspace()
		if u.watching {
			u.watchStore() // the new store's changes, not the old one's
		}
		if old != nil {
			old.Close()
		}
	})
}

// urlHasPassword reports whether an address carries a password (after the
// user name, or as a password= parameter), which the app neither writes to
// its preferences nor shows.
func urlHasPassword(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return strings.Contains(raw, "@") // unreadable: assume the worst
	}
	if _, set := u.User.Password(); set {
		return true
	}
	return u.Query().Has("password")
}

// withoutPassword is an address with its password taken out, to show.
func withoutPassword(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// syncWorkspace says in the window title and the File menu where the
// plans are: "Use local plans" is offered only on a team workspace.
func (u *UI) syncWorkspace() {
	team := storage.IsServerURL(u.storePath)
	if u.menu.local != nil && setDisabled(u.menu.local, !team) {
		u.menu.file.Refresh()
	}
	if u.library != nil {
		u.library.where(u.workspaceName())
	}
}

// workspaceName says where the plans are, for the library: "Team
// workspace planning-cell.example/redline" or "Local plans".
func (u *UI) workspaceName() string {
	if !storage.IsServerURL(u.storePath) {
		return "Local plans"
	}
	rest := u.storePath[strings.Index(u.storePath, "://")+3:]
	if _, host, ok := strings.Cut(rest, "@"); ok {
		rest = host
	}
	rest, _, _ = strings.Cut(rest, "?")
	return "Team workspace " + rest
}

// prefAuthor is the preference that holds the name revisions record as
// their author; "" is the operating system's user (storage.DefaultAuthor).
const prefAuthor = "author"

// authorName is the name this app's saves record.
func (u *UI) authorName() string { return authorOf(u.app) }

func authorOf(a fyne.App) string {
	if name := strings.TrimSpace(a.Preferences().String(prefAuthor)); name != "" {
		return name
	}
	return storage.DefaultAuthor()
}

// nameForm asks for the name revisions record as their author.
type nameForm struct {
	name    *widget.Entry
	nameErr *widget.Label
	content fyne.CanvasObject
}

// onYourName asks for the name the revisions this app saves record ("saved
// by Olena"), kept in the preferences; empty is the computer's user name.
func (u *UI) onYourName() {
	f := &nameForm{name: widget.NewEntry(), nameErr: errorLabel()}
	f.name.SetText(u.app.Preferences().String(prefAuthor))
	f.name.SetPlaceHolder(storage.DefaultAuthor())
	note := wrappedLabel("Each revision you save records this name, and your team sees it in the library " +
		"and the plan's history. Left empty, it is your computer's user name, " + storage.DefaultAuthor() + ".")
	note.Importance = widget.LowImportance
	f.content = container.NewVBox(widget.NewForm(widget.NewFormItem("Your name", fieldBox(f.name, f.nameErr))), note)
	u.nameAsked = f
	var ask func()
	ask = func() {
		u.question("Your name in the revisions", f.content, 520, []answer{
			{label: "Cancel"},
			{label: "Save", importance: widget.HighImportance, do: func() {
				name := strings.TrimSpace(f.name.Text)
				if msg := nameProblem(name); msg != "" {
					showError(f.nameErr, msg)
					ask()
					return
				}
				u.app.Preferences().SetString(prefAuthor, name)
				u.store.SetAuthor(u.authorName())
			}},
		}, 0, 1, false)
	}
	ask()
}

// nameProblem says why name cannot be an author's name, or "".
func nameProblem(name string) string {
	if n := len([]rune(name)); n > 100 {
		return fmt.Sprintf("A name takes at most 100 characters; this is %d.", n)
	}
	if p := planner.LineProblem(name); p != "" {
		return sentence(capitalize(p))
	}
	return ""
}
