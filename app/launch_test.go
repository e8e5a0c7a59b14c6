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

// waitForText waits until the window draws a text containing want.
func waitForText(t *testing.T, w fyne.Window, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		found := false
		fyne.DoAndWait(func() {
			for _, o := range test.LaidOutObjects(w.Content()) {
				if txt, ok := o.(*canvas.Text); ok && strings.Contains(txt.Text, want) {
					found = true
				}
			}
		})
		if found {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the window never showed %q", want)
}

func TestLaunchOnAnEmptyStoreOpensTheReferencePlan(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	db := filepath.Join(t.TempDir(), "first.db")
	Launch(a, w, LaunchOptions{DB: db, Started: time.Now()})
	waitForText(t, w, "Coalition reassurance force — 2025 baseline")
	waitForText(t, w, "Findings 0·1·12")
}

func TestLaunchOnAForeignFileSaysSoAndLeavesItAlone(t *testing.T) {
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
