package app

import (
	"fmt"
	"io"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"redline/storage"
)

// LaunchOptions are the desktop app's command-line choices.
type LaunchOptions struct {
	DB        string        // database path; "" is storage.DefaultPath
	Open      string        // plan id to open at start
	QuitAfter time.Duration // close this long after the window shows (smoke tests)
	// Report, when set, receives start-up timings measured from Started.
	Report  io.Writer
	Started time.Time
	// EmptyWindow shows an empty window only: the baseline for timings.
	EmptyWindow bool
}

// Launch fills the window and arranges the start-up. The window shows at
// once; the store (which checks the whole file on open) and the library
// follow on another goroutine, with a progress bar meanwhile, so a large
// database never keeps the window from appearing.
func Launch(a fyne.App, w fyne.Window, o LaunchOptions) {
	say := func(format string, args ...any) {
		if o.Report != nil {
			fmt.Fprintf(o.Report, format+"\n", args...)
		}
	}
	w.Resize(fyne.NewSize(1180, 760))
	a.Lifecycle().SetOnStarted(func() {
		say("first window: %d ms", time.Since(o.Started).Milliseconds())
		if o.QuitAfter > 0 {
			go func() {
				time.Sleep(o.QuitAfter)
				fyne.Do(a.Quit)
			}()
		}
	})
	if o.EmptyWindow {
		w.SetContent(widget.NewLabel(""))
		return
	}
	bar := widget.NewProgressBarInfinite()
	w.SetContent(container.NewCenter(container.NewVBox(widget.NewLabel("Opening your plans…"), bar)))
	goAsync(func() {
		// The database asked for (-db, REDLINE_DB), else the team
		// workspace of the last session, else the local plans; a
		// remembered workspace that cannot be reached leaves the local
		// plans open and says why.
		path := StartPath(a, o.DB, os.Getenv("REDLINE_DB"))
		st, err := storage.OpenDefault(path, storage.WithAuthor(authorOf(a)))
		var unreachable error
		if err != nil && path != "" && path != o.DB {
			unreachable, path = err, ""
			st, err = storage.OpenDefault("", storage.WithAuthor(authorOf(a)))
		}
		if path == "" {
			path, _ = storage.DefaultPath()
		}
		fyne.Do(func() {
			bar.Stop()
			if err != nil {
				ShowFatal(w, err)
				return
			}
			ui := New(a, w, st)
			ui.SetStorePath(path)
			w.SetContent(ui.Content())
			w.SetOnClosed(ui.Close)
			if unreachable != nil {
				ui.ask.Error(fmt.Errorf("your local plans are open: the team workspace could not be opened: %w", unreachable))
			}
			if err := ui.Start(); err != nil {
				ShowFatal(w, err)
				return
			}
			ui.watchStore() // teammates' and other windows' saves
			say("plans ready: %d ms", time.Since(o.Started).Milliseconds())
			if o.Open != "" {
				t := time.Now()
				ui.OpenPlan(o.Open)
				// Queued behind the editor's build and layout on the UI thread.
				fyne.Do(func() { say("plan open: %d ms", time.Since(t).Milliseconds()) })
			}
		})
	})
}

// goAsync runs slow work off the UI goroutine: the start-up, and by default
// a UI's background work. Tests run it in place, since fyne's test driver
// does not serialise fyne.Do.
var goAsync = func(f func()) { go f() }
