package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fstorage "fyne.io/fyne/v2/storage"
)

// A summary is exported for its reader: a participant's copy leaves the
// script out and says so on its banner, and a release copy needs a
// classification, refused beside the field until it is one.
func TestExportAsksWhomTheCopyIsFor(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	f.open(ref.Title)
	f.ui.progress = func(string) func() { return func() {} }
	path := filepath.Join(t.TempDir(), "out.md")
	f.ui.pickSave = func(name string, onPicked func(fyne.URIWriteCloser, error)) {
		onPicked(fstorage.Writer(fstorage.NewFileURI(path)))
	}
	written := func() string {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			return ""
		}
		os.Remove(path)
		return string(data)
	}
	// The summary counts the script's injects; a player's copy does not.
	const inject = "Exercise injects"

	f.ui.onExport("md")
	enter(f.ui)
	if md := written(); !strings.Contains(md, inject) || strings.Contains(md, "participant copy") {
		t.Fatalf("the facilitator's copy: counts the injects %v", strings.Contains(md, inject))
	}

	f.ui.onExport("md")
	f.ui.audienceAsked.choice.SetSelected(audienceParticipant)
	enter(f.ui)
	if md := written(); md == "" || strings.Contains(md, inject) || !strings.Contains(md, "participant copy") {
		t.Errorf("the participant's copy: written %v, counts the injects %v", md != "", strings.Contains(md, inject))
	}

	f.ui.onExport("md")
	a := f.ui.audienceAsked
	if !a.class.Disabled() {
		t.Error("the classification can be typed for a copy that carries the plan's")
	}
	a.choice.SetSelected(audienceRelease)
	a.class.SetText("")
	if !a.classErr.Visible() || !strings.Contains(a.classErr.Text, "classification") {
		t.Errorf("an empty classification says %q", a.classErr.Text)
	}
	enter(f.ui)
	if md := written(); md != "" {
		t.Fatal("a release copy without a classification was written")
	}
	a.class.SetText("OFFICIAL")
	if a.classErr.Visible() {
		t.Errorf("OFFICIAL is refused: %q", a.classErr.Text)
	}
	enter(f.ui) // the question was asked again, as it was
	if md := written(); !strings.Contains(md, "OFFICIAL — release copy") {
		t.Errorf("the release copy's banner is not in it")
	}
}
