package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// waitForText checks that the window draws a text containing want.
func waitForText(t *testing.T, w fyne.Window, want string) {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Content()) {
		if txt, ok := o.(*canvas.Text); ok && strings.Contains(txt.Text, want) {
			return
		}
	}
	t.Fatalf("the window does not show %q", want)
}

// launchInPlace runs Launch's slow part synchronously for the test.
func launchInPlace(t *testing.T) {
	saved := goAsync
	goAsync = func(f func()) { f() }
	t.Cleanup(func() { goAsync = saved })
}

func TestLaunchOnAnEmptyStoreOpensTheReferencePlan(t *testing.T) {
	launchInPlace(t)
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	db := filepath.Join(t.TempDir(), "first.db")
	Launch(a, w, LaunchOptions{DB: db, Started: time.Now()})
	waitForText(t, w, "Coalition reassurance force — 2025 baseline")
	waitForText(t, w, "Findings: 1 warning, 11 advice")
}

func TestLaunchOnAForeignFileSaysSoAndLeavesItAlone(t *testing.T) {
	launchInPlace(t)
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	db := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(db, []byte("minutes of the meeting\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	Launch(a, w, LaunchOptions{DB: db, Started: time.Now()})
	waitForText(t, w, "Redline cannot open its database")
	if got, _ := os.ReadFile(db); string(got) != "minutes of the meeting\n" {
		t.Errorf("the foreign file was changed: %q", got)
	}
}
