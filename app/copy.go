package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"redline/storage"
)

// copyForm asks where the selected plan goes: the team workspace from
// the local plans, the local plans from a team workspace.
type copyForm struct {
	to      *widget.Entry
	toErr   *widget.Label
	content fyne.CanvasObject
}

// onCopyTo copies the selected plan, with every revision and its runs, to
// the other store (storage.CopyPlans): from the local plans to the team
// workspace remembered (or one typed), from a team workspace to the local
// plans. A plan whose history differs there is refused, and nothing is
// copied.
func (l *library) onCopyTo() {
	u := l.ui
	if l.selected == "" {
		return
	}
	id, title := l.selected, ""
	for _, p := range l.all {
		if p.ID == id {
			title = p.Title
		}
	}
	f := &copyForm{to: widget.NewEntry(), toErr: errorLabel()}
	if storage.IsServerURL(u.storePath) {
		local, _ := storage.LocalPath()
		f.to.SetText(local)
	} else {
		f.to.SetText(u.app.Preferences().String(prefWorkspace))
		f.to.SetPlaceHolder("postgres://olena@planning-cell.example/redline?sslmode=require")
	}
	note := wrappedLabel("The plan goes with every revision, who saved each, and its exercise runs. " +
		"Copying again brings only what is newer.")
	note.Importance = widget.LowImportance
	f.content = container.NewVBox(widget.NewForm(widget.NewFormItem("Copy to", fieldBox(f.to, f.toErr))), note)
	l.copyAsked = f
	var ask func()
	ask = func() {
		u.question("Copy “"+title+"”", f.content, 620, []answer{
			{label: "Cancel"},
			{label: "Copy", importance: widget.HighImportance, do: func() {
				to := strings.TrimSpace(f.to.Text)
				if to == "" || to == u.storePath {
					showError(f.toErr, "Give another database: a team workspace's address, or a file of plans.")
					ask()
					return
				}
				var done []storage.CopyResult
				from, author := u.store, u.authorName()
				u.inBackground("Copying “"+title+"”…", func() error {
					target, err := storage.Open(to, storage.WithAuthor(author))
					if err != nil {
						return err
					}
					defer target.Close()
					done, err = storage.CopyPlans(context.Background(), from, target, []string{id})
					return err
				}, func(err error) {
					if err != nil {
						showError(f.toErr, err.Error())
						ask()
						return
					}
					showError(f.toErr, "")
					l.copied = copySummary(done)
					u.question("Copied", wrappedLabel(l.copied), 520, []answer{{label: "OK"}}, 0, 0, false)
				})
			}},
		}, 0, 1, false)
	}
	ask()
}

// copySummary says what a copy did, in words.
func copySummary(done []storage.CopyResult) string {
	var parts []string
	for _, c := range done {
		switch {
		case c.New:
			parts = append(parts, fmt.Sprintf("“%s” is there now, with %s and %s.", c.Title,
				plural(c.Revisions, "revision", "revisions"), plural(c.Runs, "run", "runs")))
		case c.Revisions == 0 && c.Runs == 0:
			parts = append(parts, fmt.Sprintf("“%s” was there already, as it is here.", c.Title))
		default:
			parts = append(parts, fmt.Sprintf("“%s” was there; %s and %s newer here were added.", c.Title,
				plural(c.Revisions, "revision", "revisions"), plural(c.Runs, "run", "runs")))
		}
	}
	return strings.Join(parts, " ")
}
