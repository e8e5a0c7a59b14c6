package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"redline/planner"
	"redline/storage"
)

// File → Connect to team workspace checks the address beside the field,
// keeps the plans it had when the server cannot be reached, and saying
// why; moving onto another store reloads the library from it.
func TestConnectToTeamWorkspace(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	u := f.ui
	u.SetStorePath(filepath.Join(t.TempDir(), "local.db"))
	if u.library.place.Text != "Local plans" || !u.menu.local.Disabled {
		t.Fatalf("on a file the library says %q, Use local plans enabled %v", u.library.place.Text, !u.menu.local.Disabled)
	}
	before := u.store
	for _, tc := range []struct{ typed, want string }{
		{"", "Give the workspace's address"},
		{"plans.db", "starts with postgres://"},
		{"postgres://nobody@127.0.0.1:1/redline?sslmode=disable&connect_timeout=2", "reach"},
	} {
		u.onConnectWorkspace()
		form := u.workspaceAsked
		form.url.SetText(tc.typed)
		enter(u) // Connect
		if !form.urlErr.Visible() || !strings.Contains(form.urlErr.Text, tc.want) {
			t.Errorf("%q: the field says %q, want %q", tc.typed, form.urlErr.Text, tc.want)
		}
		if u.store != before {
			t.Fatalf("%q: the app left its store", tc.typed)
		}
		pressKey(f.win.Canvas(), fyne.KeyEscape) // Cancel the question asked again
	}

	// Another store: the library lists its plans, and the choice is not
	// remembered as a workspace (it is a file).
	other := filepath.Join(t.TempDir(), "other.db")
	st, err := storage.Open(other)
	if err != nil {
		t.Fatal(err)
	}
	p := &planner.Plan{Title: "Another cell's plan", Phase: planner.PhaseCeasefire}
	if _, err := st.SavePlan(context.Background(), p, 0, ""); err != nil {
		t.Fatal(err)
	}
	st.Close()
	u.switchStore(other, func(err error) { t.Fatal(err) })
	if u.store == before || len(u.library.shown) != 1 || u.library.shown[0].Title != "Another cell's plan" {
		t.Errorf("after switching the library shows %d plans", len(u.library.shown))
	}
	if got := u.app.Preferences().String(prefWorkspace); got != "" {
		t.Errorf("a file was remembered as the workspace %q", got)
	}
}

// A team workspace is remembered between starts, unless its address holds
// a password; -db and REDLINE_DB come first.
func TestWorkspaceIsRememberedWithoutPasswords(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefWorkspace, "postgres://olena@cell/redline")
	for _, tc := range []struct{ asked, env, want string }{
		{"", "", "postgres://olena@cell/redline"},
		{"plans.db", "", "plans.db"},
		{"", "/tmp/env.db", ""}, // storage.OpenDefault("") takes REDLINE_DB
	} {
		if got := StartPath(a, tc.asked, tc.env); got != tc.want {
			t.Errorf("StartPath(%q, %q) = %q, want %q", tc.asked, tc.env, got, tc.want)
		}
	}
	for _, tc := range []struct {
		url  string
		want bool
	}{
		{"postgres://olena@cell/redline", false},
		{"postgres://olena:secret@cell/redline", true},
		{"postgresql://olena:@cell/redline", true},
		{"postgres://cell/redline", false},
		{"postgres://olena@cell/redline?sslmode=require&password=secret", true},
	} {
		if got := urlHasPassword(tc.url); got != tc.want {
			t.Errorf("urlHasPassword(%q) = %v", tc.url, got)
		}
	}
	if got := withoutPassword("postgres://olena:secret@cell/redline?password=x&sslmode=require"); strings.Contains(got, "secret") || strings.Contains(got, "password") {
		t.Errorf("withoutPassword shows %q", got)
	}
	u := &UI{storePath: "postgres://olena@planning-cell.example:5433/redline?sslmode=require"}
	if got := u.workspaceName(); got != "Team workspace planning-cell.example:5433/redline" {
		t.Errorf("workspaceName %q", got)
	}
}

// Edit → Your name sets the name the revisions record, kept in the
// preferences; a name with a control character is refused beside the field.
func TestYourNameIsRecordedInRevisions(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	u := f.ui
	u.onYourName()
	u.nameAsked.name.SetText("Olena\x1b[2J")
	enter(u)
	if !u.nameAsked.nameErr.Visible() || u.app.Preferences().String(prefAuthor) != "" {
		t.Fatalf("a name with an escape: error %q, kept %q", u.nameAsked.nameErr.Text, u.app.Preferences().String(prefAuthor))
	}
	u.nameAsked.name.SetText("Olena Kovalenko")
	enter(u)
	if got := u.app.Preferences().String(prefAuthor); got != "Olena Kovalenko" || u.store.Author() != "Olena Kovalenko" {
		t.Fatalf("kept %q, the store records %q", got, u.store.Author())
	}
	e := f.open(ref.Title)
	e.overview.title.SetText(ref.Title + " (2)")
	e.onSave()
	revs, err := u.store.Revisions(context.Background(), ref.ID)
	if err != nil || len(revs) != 2 || revs[0].Author != "Olena Kovalenko" {
		t.Errorf("the newest revision was saved by %q (%v)", revs[0].Author, err)
	}
}

// On a store this person may not write (a viewer's role), the editor says
// so in a bar, Save does nothing and autosave never runs; runs open as
// followers.
func TestReadOnlyWorkspace(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	u := f.ui
	u.writeRefused = func() error {
		return &storage.OpError{Op: "write", Path: "postgres://viewer@cell/redline", Kind: storage.ErrReadOnly,
			Err: errors.New("the role may only read")}
	}
	e := f.open(ref.Title)
	if !e.readOnly || !e.save.Disabled() {
		t.Fatalf("read-only %v, Save enabled %v", e.readOnly, !e.save.Disabled())
	}
	e.overview.title.SetText("Changed by a viewer")
	e.onSave()
	if _, rev, _ := u.store.LoadPlan(context.Background(), ref.ID); rev != 1 {
		t.Errorf("a viewer's save stored revision %d", rev)
	}
	u.leave(u.showLibrary) // nowhere to save: no question
	if u.editor != nil || f.ask.unsaved != 0 {
		t.Errorf("leaving asked %d times about edits that cannot be saved", f.ask.unsaved)
	}
}

// Copy to… takes the selected plan, with its revisions, to another store;
// copying again brings only what is newer, and a plan whose history
// differs there is refused beside the field.
func TestCopyPlanToAnotherStore(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	l := f.ui.library
	l.refresh()
	l.list.Select(0)
	target := filepath.Join(t.TempDir(), "team.db")
	copyTo := func(to string) {
		t.Helper()
		l.onCopyTo()
		l.copyAsked.to.SetText(to)
		enter(f.ui)
	}
	copyTo(target)
	if !strings.Contains(l.copied, "is there now, with 1 revision and 0 runs") {
		t.Fatalf("the copy said %q (field: %q)", l.copied, l.copyAsked.toErr.Text)
	}
	pressKey(f.win.Canvas(), fyne.KeyEscape) // OK
	st, err := storage.Open(target)
	if err != nil {
		t.Fatal(err)
	}
	p, rev, err := st.LoadPlan(context.Background(), ref.ID)
	if err != nil || rev != 1 || p.Title != ref.Title {
		t.Fatalf("in the target: %v at %d (%v)", p, rev, err)
	}
	// The target's copy goes its own way; copying again is refused.
	p.Title = "Edited in the team's copy"
	if _, err := st.SavePlan(context.Background(), p, 1, ""); err != nil {
		t.Fatal(err)
	}
	e := f.open(ref.Title)
	e.overview.title.SetText("Edited here")
	e.onSave()
	f.ui.showLibrary()
	st.Close()
	l.list.Select(0)
	l.copied = ""
	copyTo(target)
	if l.copied != "" || !l.copyAsked.toErr.Visible() || !strings.Contains(l.copyAsked.toErr.Text, "nothing was copied") {
		t.Errorf("a differing history: said %q, field %q", l.copied, l.copyAsked.toErr.Text)
	}
}
