//go:build cgo

// Command redline is the Redline desktop app.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"redline/app"
	"redline/storage"
)

// started is as close to the process start as Go code gets; start-up
// figures are measured from here.
var started = time.Now()

func main() {
	db := flag.String("db", "", "the Redline database `PATH` (default: $REDLINE_DB, else the user's config folder)")
	open := flag.String("open", "", "open the stored plan `ID` in the editor at start")
	quitAfter := flag.Duration("quit-after", 0, "close the window this long after it is shown (smoke tests)")
	report := flag.Bool("startup-report", false, "print how long the first window and the first plan took to show")
	empty := flag.Bool("empty-window", false, "show an empty window only (the baseline for -startup-report)")
	flag.Parse()

	a := fyneapp.NewWithID("org.redlineplanning.redline")
	w := a.NewWindow("Redline")
	w.Resize(fyne.NewSize(1180, 760))
	say := func(format string, args ...any) {
		if *report {
			fmt.Fprintf(os.Stderr, format+"\n", args...)
		}
	}
	if *empty {
		w.SetContent(widget.NewLabel(""))
	} else {
		// The window shows at once; the store (which checks the file on
		// open) and the library follow, so a large database never keeps
		// the window from appearing.
		bar := widget.NewProgressBarInfinite()
		w.SetContent(container.NewCenter(container.NewVBox(widget.NewLabel("Opening your plans…"), bar)))
		go func() {
			st, err := openStore(*db)
			fyne.Do(func() {
				bar.Stop()
				if err != nil {
					fmt.Fprintln(os.Stderr, "redline:", err)
					app.ShowFatal(w, err)
					return
				}
				ui := app.New(a, w, st)
				w.SetContent(ui.Content())
				w.SetOnClosed(func() { st.Close() })
				if err := ui.Start(); err != nil {
					app.ShowFatal(w, err)
					return
				}
				say("plans ready: %d ms", time.Since(started).Milliseconds())
				if *open != "" {
					t := time.Now()
					ui.OpenPlan(*open)
					// Queued behind the editor's build and layout on the UI thread.
					fyne.Do(func() { say("plan open: %d ms", time.Since(t).Milliseconds()) })
				}
			})
		}()
	}
	a.Lifecycle().SetOnStarted(func() {
		say("first window: %d ms", time.Since(started).Milliseconds())
		if *quitAfter > 0 {
			go func() {
				time.Sleep(*quitAfter)
				fyne.Do(a.Quit)
			}()
		}
	})
	w.ShowAndRun()
}

// openStore opens the database at path, or the default one.
func openStore(path string) (*storage.Store, error) {
	if path == "" {
		var err error
		if path, err = storage.DefaultPath(); err != nil {
			return nil, err
		}
	}
	return storage.Open(path)
}
