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

	"redline/app"
	"redline/storage"
)

func main() {
	db := flag.String("db", "", "the Redline database `PATH` (default: $REDLINE_DB, else the user's config folder)")
	quitAfter := flag.Duration("quit-after", 0, "close the window after this long (smoke tests)")
	flag.Parse()

	a := fyneapp.NewWithID("org.redlineplanning.redline")
	w := a.NewWindow("Redline")
	w.Resize(fyne.NewSize(1180, 760))
	if err := run(a, w, *db); err != nil {
		fmt.Fprintln(os.Stderr, "redline:", err)
		app.ShowFatal(w, err)
	}
	if *quitAfter > 0 {
		go func() {
			time.Sleep(*quitAfter)
			fyne.Do(a.Quit)
		}()
	}
	w.ShowAndRun()
}

func run(a fyne.App, w fyne.Window, path string) error {
	if path == "" {
		var err error
		if path, err = storage.DefaultPath(); err != nil {
			return err
		}
	}
	st, err := storage.Open(path)
	if err != nil {
		return err
	}
	ui := app.New(a, w, st)
	w.SetContent(ui.Content())
	w.SetOnClosed(func() { st.Close() })
	return ui.Start()
}
