//go:build cgo

// Command redline is the Redline desktop app.
package main

import (
	"flag"
	"os"
	"time"

	fyneapp "fyne.io/fyne/v2/app"

	"redline/app"
)

// started is as close to the process start as Go code gets; start-up
// figures are measured from here.
var started = time.Now()

func main() {
	o := app.LaunchOptions{Started: started}
	flag.StringVar(&o.DB, "db", "", "the Redline database `PATH`, a file or a postgres:// URL (default: $REDLINE_DB, else the user's config folder)")
	flag.StringVar(&o.Open, "open", "", "open the stored plan `ID` in the editor at start")
	flag.DurationVar(&o.QuitAfter, "quit-after", 0, "close the window this long after it is shown (smoke tests)")
	report := flag.Bool("startup-report", false, "print how long the first window, the library and -open took")
	flag.BoolVar(&o.EmptyWindow, "empty-window", false, "show an empty window only (the baseline for -startup-report)")
	flag.Parse()
	if *report {
		o.Report = os.Stderr
	}
	a := fyneapp.NewWithID("org.redlineplanning.redline")
	w := a.NewWindow("Redline")
	app.Launch(a, w, o)
	w.ShowAndRun()
}
