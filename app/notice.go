package app

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// Feedback in words: the notice after a file is written, and the finding
// counts as the window title and the Findings tab say them.

// showSaved says that a file was written and where, with buttons to open it
// or the folder it is in. Enter opens the file; Escape closes the notice.
func (u *UI) showSaved(uri fyne.URI, note string) {
	name := uri.Name()
	if note != "" {
		// A word on what the file lacks, as redlinectl prints it.
		note = "\n\nNote: " + strings.ToUpper(note[:1]) + note[1:] + "."
	}
	if uri.Scheme() != "file" {
		// Somewhere the desktop cannot open by path: say the name only.
		u.question("File saved", wrappedLabel("“"+name+"” is saved."+note), 420,
			[]answer{{label: "Close", importance: widget.HighImportance}}, 0, 0, false)
		return
	}
	path := uri.Path()
	dir := filepath.Dir(path)
	where := fmt.Sprintf("“%s” is saved in %s.", name, folderInWords(dir))
	msg := wrappedLabel(where + note)
	u.question("File saved", msg, 480, []answer{
		{label: "Close"},
		{label: "Show in folder", do: func() { u.open(dir, "the folder “"+filepath.Base(dir)+"”", where) }},
		{label: "Open", importance: widget.HighImportance, do: func() { u.open(path, "“"+name+"”", where) }},
	}, 0, 2, false)
}

// open hands a local file or folder to the desktop's app for it. An error
// names what would have opened and says again where the file is, so that
// it can be found by hand.
func (u *UI) open(path, what, where string) {
	err := u.openURL(fileURL(path))
	switch {
	case err == nil:
	case errors.Is(err, exec.ErrNotFound):
		// The desktop opener (xdg-open on Linux) is not installed.
		u.ask.Error(fmt.Errorf("cannot open %s: this computer has no program set up to open files "+
			"(xdg-open is missing). %s", what, where))
	default:
		u.ask.Error(fmt.Errorf("cannot open %s: %w. %s", what, err, where))
	}
}

// fileURL is the file:// URL of a local path, escaped as a URL must be.
func fileURL(path string) *url.URL {
	return &url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
}

// folderInWords says where a folder is as people say it: "your home
// folder", or its name with its path, the home folder written "~"
// ("the folder “Briefings” (~/Documents/Briefings)").
func folderInWords(dir string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" || home == string(filepath.Separator) {
		home = ""
	}
	shown := dir
	switch rest, under := strings.CutPrefix(dir, home+string(filepath.Separator)); {
	case home == "":
	case dir == home:
		return "your home folder"
	case under:
		shown = "~" + string(filepath.Separator) + rest
	}
	if filepath.Dir(dir) == dir {
		return "the top folder (" + dir + ")"
	}
	return fmt.Sprintf("the folder “%s” (%s)", filepath.Base(dir), shown)
}

// countsInWords says what needs attention in a plan: its blockers and
// warnings, "no blockers or warnings" when there are none.
func countsInWords(c planner.Counts) string {
	var parts []string
	if c.Blocker > 0 {
		parts = append(parts, plural(c.Blocker, "blocker", "blockers"))
	}
	if c.Warning > 0 {
		parts = append(parts, plural(c.Warning, "warning", "warnings"))
	}
	if len(parts) == 0 {
		return "no blockers or warnings"
	}
	return strings.Join(parts, ", ")
}

// findingsTabLabel is the Findings tab's label: every count with its
// severity, zeros left out, short enough for a tab.
func findingsTabLabel(c planner.Counts) string {
	var parts []string
	if c.Blocker > 0 {
		parts = append(parts, plural(c.Blocker, "blocker", "blockers"))
	}
	if c.Warning > 0 {
		parts = append(parts, plural(c.Warning, "warning", "warnings"))
	}
	if c.Advice > 0 {
		parts = append(parts, fmt.Sprintf("%d advice", c.Advice))
	}
	if len(parts) == 0 {
		return "Findings: none"
	}
	return "Findings: " + strings.Join(parts, ", ")
}
