package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/xuri/excelize/v2"

	"redline/planner"
	"redline/planner/report"
	"redline/seeds"
	"redline/storage"
)

// feedFile makes the open dialog pick a file named name holding data, and
// counts the progress displays shown.
func (f *fixture) feedFile(name string, data []byte) *int {
	f.t.Helper()
	path := filepath.Join(f.t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		f.t.Fatal(err)
	}
	f.ui.pickOpen = func(onPicked func(fyne.URIReadCloser, error)) {
		onPicked(fstorage.Reader(fstorage.NewFileURI(path)))
	}
	shown := new(int)
	f.ui.progress = func(string) func() { *shown++; return func() {} }
	return shown
}

func TestCloseWithUnsavedChanges(t *testing.T) {
	for _, tc := range []struct {
		name       string
		answer     func(save, discard func())
		wantClosed bool
		wantRev    int64
	}{
		{"cancel keeps the window and the edits", nil, false, 1},
		{"discard closes without saving", func(_, discard func()) { discard() }, true, 1},
		{"save stores, then closes", func(save, _ func()) { save() }, true, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := referencePlan(t)
			f := newFixture(t, ref)
			e := f.open(ref.Title)
			closed := false
			e.overview.title.SetText("Edited")
			f.ask.onUnsaved = tc.answer
			// What the close intercept does, with the close recorded: the
			// test window may be closed only once, by its cleanup.
			f.ui.leave(func() { closed = true })
			if f.ask.unsaved != 1 || closed != tc.wantClosed {
				t.Fatalf("asked %d times, closed %v; want asked once, closed %v", f.ask.unsaved, closed, tc.wantClosed)
			}
			if _, rev, _ := f.store.LoadPlan(context.Background(), ref.ID); rev != tc.wantRev {
				t.Errorf("store at revision %d, want %d", rev, tc.wantRev)
			}
			if !tc.wantClosed && e.model.p.Title != "Edited" {
				t.Errorf("cancel lost the edit: title %q", e.model.p.Title)
			}
		})
	}
}

func TestCloseSavedPlanDoesNotAsk(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.open(ref.Title)
	closed := false
	f.ui.leave(func() { closed = true })
	if !closed || f.ask.unsaved != 0 {
		t.Errorf("closed %v after %d questions; want closed without asking", closed, f.ask.unsaved)
	}
}

func TestImportMalformedPlan(t *testing.T) {
	f := newFixture(t)
	bad := bytes.Replace(seeds.ReferencePlanJSON(), []byte(`"op": ">="`), []byte(`"op": "=>"`), 1)
	shown := f.feedFile("bad.json", bad)
	f.ui.onImportPlan()
	if len(f.ask.errors) != 1 {
		t.Fatalf("%d error dialogs, want 1", len(f.ask.errors))
	}
	msg := f.ask.errors[0].Error()
	f.ask.errors = nil
	if !strings.Contains(msg, "bad.json: red_lines[0].threshold.op") {
		t.Errorf("error %q does not name the file and the JSON path", msg)
	}
	if plans, _ := f.store.ListPlans(context.Background(), storage.ListOptions{}); len(plans) != 0 || f.ui.editor != nil {
		t.Errorf("a malformed file stored %d plans or opened an editor", len(plans))
	}
	if *shown != 1 {
		t.Errorf("%d progress displays, want 1", *shown)
	}
}

func TestImportReferencePlan(t *testing.T) {
	f := newFixture(t)
	f.feedFile("reference.json", seeds.ReferencePlanJSON())
	f.ui.onImportPlan()
	ref := referencePlan(t)
	if f.ui.editor == nil || f.ui.editor.model.p.ID != ref.ID || f.ui.editor.model.base != 1 {
		t.Fatal("the imported plan was not opened at revision 1")
	}
	stored, _, err := f.store.LoadPlan(context.Background(), ref.ID)
	if err != nil || stored.Title != ref.Title {
		t.Fatalf("store: %v, title %q", err, stored.Title)
	}
	// The same id again becomes the plan's next revision.
	f.ui.onImportPlan()
	if _, rev, _ := f.store.LoadPlan(context.Background(), ref.ID); rev != 2 || f.ui.editor.model.base != 2 {
		t.Errorf("second import: store at %d, editor at %d; want 2", rev, f.ui.editor.model.base)
	}
}

func TestImportProfileErrors(t *testing.T) {
	f := newFixture(t)
	f.feedFile("profile.json", []byte(`{"format": "redline-profile/v1", "id": "x", "colour": 1}`))
	f.ui.onImportProfile()
	if len(f.ask.errors) != 1 || !strings.Contains(f.ask.errors[0].Error(), "profile.json: ") {
		t.Fatalf("errors %v; want one naming profile.json", f.ask.errors)
	}
	f.ask.errors = nil
	if stored, _ := f.store.Profiles(context.Background()); len(stored) != 0 {
		t.Errorf("a malformed profile was stored: %d profiles", len(stored))
	}
}

func TestExportWritesCanonicalJSON(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	e.overview.title.SetText("Exported with an unsaved edit")
	path := filepath.Join(t.TempDir(), "out.redline.json")
	var suggested string
	f.ui.pickSave = func(name string, onPicked func(fyne.URIWriteCloser, error)) {
		suggested = name
		onPicked(fstorage.Writer(fstorage.NewFileURI(path)))
	}
	f.ui.progress = func(string) func() { return func() {} }
	f.ui.onExportPlan()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := planner.Encode(e.model.p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("exported file differs from planner.Encode (%d vs %d bytes)", len(got), len(want))
	}
	if suggested != "exported-with-an-unsaved-edit.redline.json" {
		t.Errorf("suggested file name %q", suggested)
	}
}

func TestAboutListsSources(t *testing.T) {
	newFixture(t)
	var texts []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			texts = append(texts, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(x.Content)
		}
	}
	walk(aboutContent())
	all := strings.Join(texts, "\n")
	sources, err := seeds.Sources()
	if err != nil {
		t.Fatal(err)
	}
	if len(sources) != 5 {
		t.Fatalf("seeds list %d sources, want 5", len(sources))
	}
	for _, s := range sources {
		if !strings.Contains(all, s.Title) || !strings.Contains(all, s.File) {
			t.Errorf("About does not list %q (%s)", s.Title, s.File)
		}
	}
	if !strings.Contains(all, "Redline dev") {
		t.Errorf("About lacks the name and version: %q", all)
	}
}

// The real progress display opens for long work and closes when it ends;
// quick work shows nothing.
func TestProgressDialogOpensAndCloses(t *testing.T) {
	f := newFixture(t)
	var due []func()
	f.ui.afterFunc = func(_ time.Duration, fn func()) func() {
		i := len(due)
		due = append(due, fn)
		return func() { due[i] = func() {} }
	}
	overlays := func() int { return len(f.win.Canvas().Overlays().List()) }

	done := f.ui.dialogProgress("Importing plan.json")
	due[0]() // the work outlasts the delay
	if overlays() != 1 {
		t.Fatal("no progress dialog shown for long work")
	}
	done()
	if overlays() != 0 {
		t.Error("the progress dialog stays after the work ended")
	}

	quick := f.ui.dialogProgress("Exporting plan.json")
	quick()  // the work ends before the delay
	due[1]() // a timer that fired regardless changes nothing
	if overlays() != 0 {
		t.Error("quick work flashed a progress dialog")
	}
}

// File → Export → Workbook, edited in a spreadsheet, comes back through
// File → Import as the same plan with the edit.
func TestExportWorkbookAndImportItBack(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.open(ref.Title)
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	f.ui.pickSave = func(name string, onPicked func(fyne.URIWriteCloser, error)) {
		if !strings.HasSuffix(name, ".xlsx") {
			t.Errorf("suggested name %q", name)
		}
		onPicked(fstorage.Writer(fstorage.NewFileURI(path)))
	}
	f.ui.progress = func(string) func() { return func() {} }
	f.ui.onExport("xlsx")
	book, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := book.SetCellStr("Plan", "B4", "Edited in a spreadsheet"); err != nil {
		t.Fatal(err)
	}
	var edited bytes.Buffer
	if err := book.Write(&edited); err != nil {
		t.Fatal(err)
	}
	f.feedFile("plan.xlsx", edited.Bytes())
	f.ui.onImportPlan()
	if f.ui.editor == nil || f.ui.editor.model.p.Title != "Edited in a spreadsheet" {
		t.Fatal("the edited workbook was not imported and opened")
	}
	want := snapshot(ref)
	want.Title = "Edited in a spreadsheet"
	got, _ := planner.Encode(f.ui.editor.model.p)
	wantJSON, _ := planner.Encode(want)
	if !bytes.Equal(got, wantJSON) {
		t.Error("the plan that came back differs from the exported one beyond the edit")
	}
}

func TestExportEachFormatWritesAFile(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.open(ref.Title)
	f.ui.progress = func(string) func() { return func() {} }
	for _, format := range report.Formats {
		path := filepath.Join(t.TempDir(), "out"+format.Ext)
		f.ui.pickSave = func(name string, onPicked func(fyne.URIWriteCloser, error)) {
			onPicked(fstorage.Writer(fstorage.NewFileURI(path)))
		}
		f.ui.onExport(format.Name)
		if report.TakesAudience(format.Name) {
			enter(f.ui) // the facilitator's copy, as the question proposes
		}
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", format.Name, err)
		}
	}
}

// enter presses Enter on the dialog on top.
func enter(u *UI) { u.dialogKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }
