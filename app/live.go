package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/storage"
)

// Live updates: the app watches its store (storage.Watch) and follows what
// teammates, other windows and redlinectl change. The library reloads; an
// open plan without unsaved edits reloads in place, on the tab it was on;
// with unsaved edits, a bar says who saved a newer revision and offers to
// review the differences, keep mine or take theirs. Nothing typed is ever
// replaced without asking.

// watchStore starts following the store the app is on, after stopping the
// watch of the one before. Its events reach the UI through fyne.Do.
func (u *UI) watchStore() {
	if u.stopWatch != nil {
		u.stopWatch()
		u.stopWatch = nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	events, err := u.store.Watch(ctx)
	if err != nil {
		cancel()
		u.watching = true // the next store is watched again
		u.library.where(u.workspaceName() + " — changes by others are not followed: " + err.Error())
		return
	}
	u.stopWatch, u.watching = cancel, true
	go func() {
		for ev := range events {
			fyne.Do(func() {
				if ctx.Err() == nil { // not a store the app has left
					u.onStoreEvent(ev)
				}
			})
		}
	}()
}

// onStoreEvent follows one change of the store.
func (u *UI) onStoreEvent(ev storage.Event) {
	switch ev.Kind {
	case storage.WatchInterrupted:
		u.library.where(u.workspaceName() + " — the connection is lost; trying again (nothing you type is lost)")
		return
	case storage.Resync:
		u.library.where(u.workspaceName())
	}
	e := u.editor
	if e == nil {
		u.library.refresh()
		return
	}
	if ev.Kind == storage.RunSaved {
		e.exercise.refollow(ev.RunID) // a followed run moves as its driver saves it
		return
	}
	if ev.Kind == storage.Resync && e.exercise.run != nil {
		e.exercise.refollow(e.exercise.run.rec.ID) // what the driver saved meanwhile
	}
	if ev.Kind == storage.Resync || ev.PlanID == e.model.Plan().ID {
		e.teammateChanged(ev)
	}
}

// teammateChanged follows a change of the open plan made elsewhere: a
// newer revision, or the plan moved to the trash.
func (e *editor) teammateChanged(ev storage.Event) {
	m := e.model
	switch ev.Kind {
	case storage.PlanSaved, storage.Resync:
		if e.saving {
			e.pendingEvent = &ev // our own save, most likely: look again when it is done
			return
		}
		id := m.Plan().ID
		if ev.Kind == storage.PlanSaved && ev.Revision <= m.Base() {
			return // our own save, or one we have
		}
		if ev.Kind == storage.Resync {
			_, latest, err := e.ui.store.LoadPlan(context.Background(), id)
			if err != nil || latest <= m.Base() {
				return
			}
			ev.Revision = latest
		}
		// Reloaded in place only when nothing would be lost or closed: no
		// edits, no text the plan refused, no exercise run on screen.
		if !m.Dirty() && len(m.Invalid()) == 0 && e.exercise.run == nil {
			e.ui.reopenPlan(id)
			return
		}
		who := "Someone"
		if ev.Author != "" {
			who = ev.Author
		}
		when := ""
		if !ev.At.IsZero() {
			when = " at " + ev.At.Local().Format("15:04")
		}
		why := "while you have unsaved edits"
		if !m.Dirty() && len(m.Invalid()) == 0 {
			why = "while a run is open"
		}
		e.showNewer(fmt.Sprintf("%s saved a newer revision of this plan (revision %d)%s, %s.", who, ev.Revision, when, why), !e.readOnly)
	case storage.PlanDeleted, storage.PlanPurged:
		e.showNewer("This plan was moved to the trash elsewhere. Saving puts your copy back as a plan.", false)
	}
}

// showNewer shows the bar over the editor; withChoices offers to review
// the differences, keep mine or take theirs.
func (e *editor) showNewer(text string, withChoices bool) {
	e.newerText.SetText(text)
	if withChoices {
		e.newerChoices.Show()
	} else {
		e.newerChoices.Hide()
	}
	e.newer.Show()
}

// hideNewer takes the bar away.
func (e *editor) hideNewer() { e.newer.Hide() }

// newerBar is the bar that says a teammate saved a newer revision.
func (e *editor) newerBar() fyne.CanvasObject {
	e.newerText = wrappedLabel("")
	review := widget.NewButtonWithIcon("Review the differences", theme.ListIcon(), func() {
		e.tabs.Select(e.historyTab) // the newest revision against the plan as it is now
		e.history.refresh()         // also when the tab was on show already
	})
	keep := widget.NewButton("Keep mine", func() {
		if e.saving {
			return // a save is under way; its end shows the bar again if need be
		}
		e.hideNewer()
		e.keepMine()
	})
	take := widget.NewButton("Take theirs", func() {
		e.hideNewer()
		e.takeTheirs()
	})
	e.newerChoices = container.NewHBox(review, keep, take)
	icon := widget.NewIcon(theme.InfoIcon())
	e.newer = container.NewBorder(nil, nil, icon, e.newerChoices, e.newerText)
	e.newer.Hide()
	return e.newer
}

// afterSaved looks again at a change of the plan that came in while it was
// being saved, now that the save's revision is known.
func (e *editor) afterSaved() {
	if ev := e.pendingEvent; ev != nil {
		e.pendingEvent = nil
		e.teammateChanged(*ev)
	}
}

// reopenPlan loads the newest revision of the open plan in place, on the
// tab it was on.
func (u *UI) reopenPlan(id string) {
	tab := 0
	if e := u.editor; e != nil {
		tab = e.tabs.SelectedIndex()
	}
	var loaded *planner.Plan
	var rev int64
	u.inBackground("Loading the newer revision…", func() (err error) {
		loaded, rev, err = u.store.LoadPlan(context.Background(), id)
		return err
	}, func(err error) {
		if err != nil {
			u.ask.Error(err)
			return
		}
		if e := u.editor; e == nil || e.model.Plan().ID != id || e.model.Dirty() {
			return // the plan was closed, or edited, meanwhile
		}
		u.showEditor(loaded, rev)
		if e := u.editor; e != nil {
			e.tabs.SelectIndex(tab)
			e.status.SetText(fmt.Sprintf("Revision %d, saved elsewhere, loaded", rev))
		}
	})
}
