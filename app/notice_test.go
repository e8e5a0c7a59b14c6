package app

import (
	"errors"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

// fileURI is a file named name in a temporary folder.
func fileURI(t *testing.T, name string) fyne.URI {
	t.Helper()
	return fstorage.NewFileURI(filepath.Join(t.TempDir(), name))
}

// recordOpens makes the fixture's opener record what it would open.
func (f *fixture) recordOpens() *[]string {
	opened := new([]string)
	f.ui.openURL = func(u *url.URL) error {
		*opened = append(*opened, u.String())
		return nil
	}
	return opened
}

func TestExportShowsNoticeWithFileNameAndOpenOpensIt(t *testing.T) {
	for _, tc := range []struct {
		button string
		want   func(path string) string
	}{
		{"Open", func(path string) string { return "file://" + path }},
		{"Show in folder", func(path string) string { return "file://" + filepath.Dir(path) }},
	} {
		t.Run(tc.button, func(t *testing.T) {
			ref := referencePlan(t)
			f := newFixture(t, ref)
			f.open(ref.Title)
			f.realDialogs()
			opened := f.recordOpens()
			dir := filepath.Join(t.TempDir(), "Briefing notes")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "reassurance.pdf")
			f.ui.pickSave = func(_ string, onPicked func(fyne.URIWriteCloser, error)) {
				onPicked(fstorage.Writer(fstorage.NewFileURI(path)))
			}
			f.ui.progress = func(string) func() { return func() {} }
			f.ui.onExport("pdf")
			enter(f.ui) // the facilitator's copy

			text := f.dialogText()
			if !strings.Contains(text, "“reassurance.pdf” is saved in the folder “Briefing notes” (") || !strings.Contains(text, "Briefing notes)") {
				t.Errorf("the notice says %q; want the file's name and its folder", text)
			}
			if strings.Contains(text, "file://") {
				t.Errorf("the notice shows a URI: %q", text)
			}
			test.Tap(f.dialogButton(tc.button))
			want := (&url.URL{Scheme: "file", Path: tc.want(path)[len("file://"):]}).String()
			if !strings.Contains(want, "/Briefing%20notes") {
				t.Fatalf("the URL %s does not escape the space in the folder's name", want)
			}
			if len(*opened) != 1 || (*opened)[0] != want {
				t.Errorf("%s opened %v, want %s", tc.button, *opened, want)
			}
			if f.shownDialog() != nil {
				t.Error("the notice stays after the button")
			}
		})
	}
}

// Enter on the notice opens the file; a failed open says why and where
// the file is.
func TestNoticeEnterOpensAndAFailedOpenSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"no desktop opener", &exec.Error{Name: "xdg-open", Err: exec.ErrNotFound}, "this computer has no program set up to open files"},
		{"the opener failed", errors.New("exit status 3"), "exit status 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.realDialogs()
			f.ui.openURL = func(*url.URL) error { return tc.err }
			f.ui.showSaved(fileURI(t, "matrix.csv"), "")
			pressKey(f.win.Canvas(), fyne.KeyReturn)
			text := strings.ToLower(f.dialogText())
			if !strings.Contains(text, "cannot open “matrix.csv”: "+tc.want) || !strings.Contains(text, "is saved in the folder") {
				t.Errorf("after a failed open the window shows %q", f.dialogText())
			}
		})
	}
}

// The after-action report goes through the same path as exports.
func TestAfterActionReportShowsNotice(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.realDialogs()
	path := filepath.Join(t.TempDir(), "run.md")
	f.ui.pickSave = func(_ string, onPicked func(fyne.URIWriteCloser, error)) {
		onPicked(fstorage.Writer(fstorage.NewFileURI(path)))
	}
	f.ui.progress = func(string) func() { return func() {} }
	f.ui.saveDocument("run.md", func(w io.Writer) error { _, err := w.Write([]byte("# Run\n")); return err })
	if !strings.Contains(f.dialogText(), "“run.md” is saved") {
		t.Errorf("after the report the window shows %q", f.dialogText())
	}
}

func TestFolderInWords(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil || home == "/" {
		t.Skip("no home folder")
	}
	for _, tc := range []struct{ dir, want string }{
		{home, "your home folder"},
		{filepath.Join(home, "Documents"), "the folder “Documents” (~/Documents)"},
		{"/srv/briefings", "the folder “briefings” (/srv/briefings)"},
		{home + "x", "the folder “" + filepath.Base(home) + "x” (" + home + "x)"}, // beside home, not in it
		{"/", "the top folder (/)"},
	} {
		if got := folderInWords(tc.dir); got != tc.want {
			t.Errorf("folderInWords(%q) = %q, want %q", tc.dir, got, tc.want)
		}
	}
}

// A PDF whose plan holds characters the embedded font lacks is still
// written, and the notice says which characters print as "?".
func TestPDFExportNoticeNamesCharactersTheFontCannotShow(t *testing.T) {
	ref := referencePlan(t)
	ref.RedLines[0].Title = "Strikes on 東京"
	f := newFixture(t, ref)
	f.open(ref.Title)
	f.realDialogs()
	path := filepath.Join(t.TempDir(), "plan.pdf")
	f.ui.pickSave = func(_ string, onPicked func(fyne.URIWriteCloser, error)) {
		onPicked(fstorage.Writer(fstorage.NewFileURI(path)))
	}
	f.ui.progress = func(string) func() { return func() {} }
	f.ui.onExport("pdf")
	enter(f.ui) // the facilitator's copy
	text := f.dialogText()
	if !strings.Contains(text, "“plan.pdf” is saved") || !strings.Contains(text, "cannot show 2 characters (東, 京)") {
		t.Errorf("the notice says %q; want the file and the characters the font lacks", text)
	}
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		t.Errorf("the PDF was not written: %v", err)
	}
}

// A document that cannot be made fails before the save dialog is shown: the
// dialog empties the file it hands over, so asking first would leave an
// existing file emptied.
func TestFailedRenderNeverAsksForTheFile(t *testing.T) {
	f := newFixture(t)
	f.realDialogs()
	asked := false
	f.ui.pickSave = func(string, func(fyne.URIWriteCloser, error)) { asked = true }
	f.ui.progress = func(string) func() { return func() {} }
	f.ui.saveDocument("plan.xlsx", func(io.Writer) error {
		return errors.New("Red lines!B2 (title): 40,000 characters; a workbook cell holds at most 32,767")
	})
	if asked {
		t.Error("the save dialog was shown for a document that could not be made")
	}
	if !strings.Contains(f.dialogText(), "32,767") {
		t.Errorf("the window shows %q; want the reason", f.dialogText())
	}
}
