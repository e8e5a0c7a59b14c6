package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/report"
	"redline/seeds"
	rlstorage "redline/storage"
)

// planFiles limits the open dialog to what Redline reads: plan and profile
// files, and workbooks.
var planFiles = storage.NewExtensionFileFilter([]string{".json", ".xlsx"})

func (u *UI) dialogOpen(onPicked func(fyne.URIReadCloser, error)) {
	d := dialog.NewFileOpen(onPicked, u.win)
	d.SetFilter(planFiles)
	d.Show()
}

// dialogSave asks where to save a file named name; it lists the files with
// that name's extension.
func (u *UI) dialogSave(name string, onPicked func(fyne.URIWriteCloser, error)) {
	d := dialog.NewFileSave(onPicked, u.win)
	if ext := filepath.Ext(name); ext != "" {
		d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	}
	d.SetFileName(name)
	d.Show()
}

// dialogProgress shows an endless progress bar without buttons: the work
// cannot be cancelled halfway, and it ends by itself. Work that ends within
// progressDelay shows nothing, so quick work does not flash a dialog.
func (u *UI) dialogProgress(title string) func() {
	var d *dialog.CustomDialog
	var bar *widget.ProgressBarInfinite
	finished := false
	timer := u.afterFunc(progressDelay, func() {
		fyne.Do(func() {
			if finished {
				return
			}
			bar = widget.NewProgressBarInfinite()
			d = dialog.NewCustomWithoutButtons(title, bar, u.win)
			u.showDialog(d, dialogKeys{}) // work under way: Escape does not hide it
		})
	})
	return func() {
		finished = true
		timer()
		if d != nil {
			bar.Stop()
			d.Hide()
		}
	}
}

// progressDelay is how long work runs before a progress dialog shows.
const progressDelay = 150 * time.Millisecond

// inBackground runs work off the UI goroutine behind a progress display,
// then hands its error to done on the UI goroutine.
func (u *UI) inBackground(title string, work func() error, done func(error)) {
	stop := u.progress(title)
	u.background(func() {
		err := work()
		fyne.Do(func() {
			stop()
			done(err)
		})
	})
}

// readPicked reads a picked file whole, within planner's size limit, and
// closes it.
func readPicked(r fyne.URIReadCloser) ([]byte, error) {
	defer r.Close()
	data, err := planner.ReadAllLimited(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.URI().Name(), err)
	}
	return data, nil
}

// named puts the file's name on a format error, so that the message reads
// "plan.json: red_lines[3].threshold.op: …".
func named(err error, name string) error {
	var fe *planner.FormatError
	if errors.As(err, &fe) && fe.Source == "" {
		fe.Source = name
	}
	return err
}

// onImportPlan reads a redline-plan/v1 file or a workbook written by the
// XLSX export (and perhaps edited in a spreadsheet), stores it (as a new plan, or
// as a new revision of the stored plan with its id) and opens it. A file
// that does not decode stores nothing.
func (u *UI) onImportPlan() {
	u.pickOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.ask.Error(err)
			return
		}
		if r == nil {
			return // cancelled
		}
		name := r.URI().Name()
		var id string
		u.inBackground("Importing "+name, func() error {
			var err error
			id, err = importPlan(u.store, r)
			return err
		}, func(err error) {
			if err != nil {
				u.ask.Error(err)
				return
			}
			u.library.refresh()
			u.leave(func() { u.openPlan(id) })
		})
	})
}

// importPlan decodes and stores the plan in r; it returns the plan's id.
func importPlan(st *rlstorage.Store, r fyne.URIReadCloser) (string, error) {
	name := r.URI().Name()
	data, err := readPicked(r)
	if err != nil {
		return "", err
	}
	p, err := report.ReadPlan(data, name)
	if err != nil {
		return "", err
	}
	// One transaction, on top of whatever revision is stored: an import is
	// the person's say-so, as with redlinectl import.
	if _, err := st.ImportPlans(context.Background(), []rlstorage.PlanImport{{Plan: p, Source: name}}); err != nil {
		return "", err
	}
	return p.ID, nil
}

// exportSource is the plan an export writes: the open plan, as it is on
// screen, or else the plan selected in the library; with its profile.
func (u *UI) exportSource() (*planner.Plan, *planner.Profile, error) {
	if u.editor != nil {
		return snapshot(u.editor.model.p), u.editor.model.prof, nil
	}
	if u.library.selected == "" {
		return nil, nil, errors.New("open or select a plan to export it")
	}
	p, _, err := u.store.LoadPlan(context.Background(), u.library.selected)
	if err != nil {
		return nil, nil, err
	}
	return p, u.profileFor(p.Profile), nil
}

// onExportPlan writes the plan in canonical JSON, the lossless form.
func (u *UI) onExportPlan() { u.onExport("json") }

// onExport writes the plan in one of report.Formats: a summary, the matrix,
// the workbook or the plan file.
func (u *UI) onExport(format string) {
	f, ok := report.FormatByName(format)
	if !ok {
		u.ask.Error(fmt.Errorf("no export format %q", format))
		return
	}
	p, prof, err := u.exportSource()
	if err != nil {
		u.ask.Error(err)
		return
	}
	s := report.Summary{Plan: p, Catalog: u.cat.ForPlan(p), Profile: prof, Date: u.now(), Cite: seeds.Citer(p)}
	if !report.TakesAudience(format) {
		u.exportSummary(format, f.Ext, s)
		return
	}
	// A summary is written for its reader: the facilitator, the players
	// or a release.
	classification := p.Classification
	if classification == "" {
		classification = planner.DefaultClassification
	}
	u.askAudience(classification, func(a report.Audience) {
		s.Audience = a
		u.exportSummary(format, f.Ext, s)
	})
}

// exportSummary renders s in format and asks where it goes.
func (u *UI) exportSummary(format, ext string, s report.Summary) {
	p := s.Plan
	name := exportName(p.Title, ext)
	if s.Audience != report.Facilitator {
		name = exportName(p.Title+" ("+s.Audience.Name()+" copy)", ext)
	}
	u.saveRendered(name, func(w io.Writer) (string, error) {
		if err := report.Export(w, format, s); err != nil {
			return "", err
		}
		if format == "pdf" {
			if un := report.Unprintable(s); un != nil {
				return un.String(), nil
			}
		}
		return "", nil
	})
}

// saveDocument asks where to save a document, writes it there behind a
// progress display, and says where it went.
func (u *UI) saveDocument(name string, render func(io.Writer) error) {
	u.saveRendered(name, func(w io.Writer) (string, error) { return "", render(w) })
}

// saveRendered makes the document first and only then asks where to save
// it: the save dialog opens (and empties) the file it is given, so a
// document that cannot be made — a cell too long for a workbook, say —
// must fail before it is asked for, not leave an emptied file behind. The
// note render returns (characters the PDF font cannot show) is said with
// where the file went.
func (u *UI) saveRendered(name string, render func(io.Writer) (note string, err error)) {
	var buf bytes.Buffer
	var note string
	u.inBackground("Preparing "+name, func() (err error) {
		note, err = render(&buf)
		return err
	}, func(err error) {
		if err != nil {
			u.ask.Error(err)
			return
		}
		u.pickSave(name, func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				u.ask.Error(err)
				return
			}
			if w == nil {
				return // cancelled
			}
			uri := w.URI()
			u.inBackground("Exporting "+uri.Name(), func() error {
				return writeDocument(w, buf.Bytes())
			}, func(err error) {
				if err != nil {
					u.ask.Error(err)
					return
				}
				u.showSaved(uri, note)
			})
		})
	})
}

// writeDocument writes data to w. A local file is replaced atomically
// through its path, so a failed export never leaves half a document; other
// locations get the bytes through the writer.
func writeDocument(w fyne.URIWriteCloser, data []byte) error {
	if w.URI().Scheme() == "file" {
		// The dialog opened the file for writing; close that handle and
		// write through the path instead.
		if err := w.Close(); err != nil {
			return err
		}
		return planner.WriteFileAtomic(w.URI().Path(), data, 0o666)
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// exportName suggests a file name from the plan's title and the format's
// extension.
func exportName(title, ext string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, title)
	for strings.Contains(name, "--") {
		name = strings.ReplaceAll(name, "--", "-")
	}
	name = strings.Trim(name, "-")
	if name == "" {
		name = "plan"
	}
	return name + ext
}

// onImportProfile reads a redline-profile/v1 file and stores it as a custom
// profile.
func (u *UI) onImportProfile() {
	u.pickOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.ask.Error(err)
			return
		}
		if r == nil {
			return
		}
		name := r.URI().Name()
		var id string
		u.inBackground("Importing "+name, func() error {
			data, err := readPicked(r)
			if err != nil {
				return err
			}
			f, err := planner.DecodeProfile(data)
			if err != nil {
				return named(err, name)
			}
			id = f.ID
			return u.store.SaveProfile(context.Background(), f)
		}, func(err error) {
			if err != nil {
				u.ask.Error(err)
				return
			}
			u.question("Profile imported",
				wrappedLabel(fmt.Sprintf("Profile %q is stored; plans can now be checked against it.", id)), 420,
				[]answer{{label: "OK", importance: widget.HighImportance}}, 0, 0, false)
		})
	})
}
