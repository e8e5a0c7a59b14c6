package app

import (
	"context"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/report"
	"redline/storage"
)

// runSaveDelay is the pause after the last change of a run before it is
// saved by itself: a run is never more than that away from the store.
const runSaveDelay = 2 * time.Second

// runView is a tabletop run on screen: the script on a timeline, the clock,
// what the inject on show crossed and what each response did, the
// decisions the room takes and its notes.
//
// Stepping costs only the inject's own work: the engine plays one inject,
// the timeline redraws two rows and the detail shows one event.
type runView struct {
	s    *exerciseScreen
	u    *UI
	rec  storage.Run
	plan *planner.Plan
	cat  *planner.Catalog
	ex   *planner.Exercise
	// events are the injects played so far, in run order.
	events []planner.Event
	// shown is the timeline row on show in the detail; showAll lifts the
	// detail's limit of outcomes for it.
	shown   int
	showAll bool
	// counts total the events played so far; playedIDs counts them by
	// inject id.
	counts    planner.ExerciseSummary
	playedIDs map[string]int

	redLines, responses map[string]int
	dirty               bool
	cancelSave          func()

	title    *widget.Entry
	clock    *canvas.Text
	day      *widget.Label
	phase    *widget.Label
	progress *widget.Label
	tally    *widget.Label
	status   *widget.Label
	back     *widget.Button
	step     *widget.Button
	timeline *widget.List
	detail   *fyne.Container
	scroll   *container.Scroll
	note     *widget.Entry
	notes    *widget.List
	content  fyne.CanvasObject
}

func newRunView(s *exerciseScreen, rec storage.Run, p *planner.Plan, ex *planner.Exercise) *runView {
	r := &runView{s: s, u: s.u, rec: rec, plan: p, cat: s.u.cat.ForPlan(p), ex: ex,
		redLines: map[string]int{}, responses: map[string]int{}, playedIDs: map[string]int{}}
	for i := len(p.RedLines) - 1; i >= 0; i-- {
		r.redLines[p.RedLines[i].ID] = i // the first of duplicated ids wins
	}
	for i := len(p.Responses) - 1; i >= 0; i-- {
		r.responses[p.Responses[i].ID] = i
	}
	r.buildUI()
	for r.ex.Pos() < min(rec.Position, ex.Len()) {
		ev, _ := r.ex.Step()
		r.played(ev)
	}
	r.rec.Position = r.ex.Pos()
	r.shown = len(r.events) - 1
	r.update()
	return r
}

func (r *runView) buildUI() {
	r.title = widget.NewEntry()
	r.title.SetText(r.rec.Title)
	r.title.OnChanged = func(t string) {
		if strings.TrimSpace(t) == "" {
			r.status.SetText("A run needs a title: the report is headed with it. “" + r.rec.Title + "” is kept.")
			return
		}
		r.rec.Title = t
		r.changed()
	}
	r.clock = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	r.clock.TextSize = 2.4 * theme.TextSize()
	r.clock.TextStyle = fyne.TextStyle{Bold: true}
	r.day = widget.NewLabel("")
	r.phase = widget.NewLabel("")
	r.phase.TextStyle = fyne.TextStyle{Bold: true}
	r.progress = widget.NewLabel("")
	r.tally = wrappedLabel("")
	r.status = widget.NewLabel("")
	r.status.Importance = widget.LowImportance

	r.back = widget.NewButtonWithIcon("Back", theme.MediaSkipPreviousIcon(), r.onBack)
	r.step = widget.NewButtonWithIcon("Next inject", theme.MediaSkipNextIcon(), r.onStep)
	r.step.Importance = widget.HighImportance
	save := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), r.save)
	var reportBtn *widget.Button
	reportBtn = widget.NewButtonWithIcon("After-action report…", theme.DocumentPrintIcon(), func() {
		menu := fyne.NewMenu("",
			fyne.NewMenuItem("PDF…", func() { r.exportReport("pdf") }),
			fyne.NewMenuItem("Markdown…", func() { r.exportReport("md") }))
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(reportBtn)
		widget.ShowPopUpMenuAtPosition(menu, r.u.win.Canvas(), pos.AddXY(0, reportBtn.Size().Height))
	})
	closeBtn := widget.NewButtonWithIcon("Close run", theme.NavigateBackIcon(), r.s.closeRun)

	r.timeline = widget.NewList(
		func() int { return r.ex.Len() },
		func() fyne.CanvasObject {
			icon := widget.NewIcon(theme.RadioButtonIcon())
			row := newTaggedRow()
			return container.NewBorder(nil, nil, icon, nil, row)
		},
		r.showTimelineRow,
	)
	r.timeline.OnSelected = func(i widget.ListItemID) {
		if r.shown != i {
			r.shown, r.showAll = i, false
			r.showDetail()
		}
	}

	r.detail = container.NewVBox()
	r.scroll = container.NewVScroll(r.detail)

	r.note = widget.NewEntry()
	r.note.SetPlaceHolder("A note for the report, stamped with the clock")
	r.note.OnSubmitted = func(string) { r.addNote() }
	addNote := widget.NewButtonWithIcon("Add note", theme.ContentAddIcon(), r.addNote)
	r.notes = widget.NewList(
		func() int { return len(r.rec.Notes) },
		newTaggedRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			n := r.rec.Notes[len(r.rec.Notes)-1-i] // newest first
			setTaggedRow(o, n.Text, planner.Clock(n.AtHours))
		},
	)
	notesBox := container.NewBorder(
		container.NewVBox(widget.NewLabelWithStyle("Notes", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewBorder(nil, nil, nil, addNote, r.note)),
		nil, nil, nil, r.notes)

	clockBox := container.NewVBox(r.clock, container.NewHBox(r.day, r.phase), r.progress)
	head := container.NewBorder(nil, nil, clockBox,
		container.NewVBox(container.NewHBox(r.back, r.step), container.NewHBox(save, reportBtn, closeBtn)),
		container.NewVBox(r.title, r.tally, r.status))

	left := container.NewBorder(widget.NewLabelWithStyle("Script", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, r.timeline)
	right := container.NewVSplit(r.scroll, notesBox)
	right.Offset = 0.8
	body := container.NewHSplit(left, right)
	body.Offset = 0.32
	r.content = container.NewPadded(container.NewBorder(container.NewVBox(head, widget.NewSeparator()), nil, nil, nil, body))
}

// showTimelineRow draws one inject of the script: played, next or to come.
func (r *runView) showTimelineRow(i widget.ListItemID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	icon := c.Objects[1].(*widget.Icon)
	in := &r.plan.Injects[r.ex.Order()[i]]
	tag := ""
	switch {
	case i < len(r.events):
		icon.SetResource(theme.ConfirmIcon())
		if n := len(r.events[i].Crossed); n > 0 {
			tag = plural(n, "crossing", "crossings")
		}
	case i == len(r.events):
		icon.SetResource(theme.MediaPlayIcon())
		tag = "next"
	default:
		icon.SetResource(theme.RadioButtonIcon())
	}
	setTaggedRow(c.Objects[0], planner.Clock(in.AtHours)+"  "+in.Title, tag)
}

// played takes in an event the engine just played.
func (r *runView) played(ev planner.Event) {
	r.events = append(r.events, ev)
	r.playedIDs[ev.Inject]++
	r.counts.Injects++
	r.counts.Crossed += len(ev.Crossed)
	for _, o := range ev.Responses {
		r.tallyOutcome(o.Status, 1)
	}
}

func (r *runView) tallyOutcome(s planner.OutcomeStatus, d int) {
	switch s {
	case planner.Fired:
		r.counts.Fired += d
	case planner.Decision:
		r.counts.Decision += d
	case planner.Blocked:
		r.counts.Blocked += d
	}
}

// onStep plays the next inject and shows what it did.
func (r *runView) onStep() {
	ev, ok := r.ex.Step()
	if !ok {
		return
	}
	r.played(ev)
	r.moved(len(r.events) - 2)
}

// onBack takes the last inject back. Decisions taken on it stay on record,
// and come back if it is played again.
func (r *runView) onBack() {
	if !r.ex.Back() {
		return
	}
	ev := r.events[len(r.events)-1]
	r.events = r.events[:len(r.events)-1]
	r.playedIDs[ev.Inject]--
	r.counts.Injects--
	r.counts.Crossed -= len(ev.Crossed)
	for _, o := range ev.Responses {
		r.tallyOutcome(o.Status, -1)
	}
	r.moved(len(r.events))
}

// moved follows a step or a step back: the rows around the run's position
// redraw, the newest event shows and the run is saved soon.
func (r *runView) moved(row int) {
	r.rec.Position = r.ex.Pos()
	for _, i := range []int{row, row + 1} {
		if i >= 0 && i < r.ex.Len() {
			r.timeline.RefreshItem(i)
		}
	}
	r.shown, r.showAll = len(r.events)-1, false
	r.update()
	r.changed()
}

// update shows the clock, the phase, the counts and the event on show.
func (r *runView) update() {
	now := 0.0
	phase := r.plan.Phase
	if n := len(r.events); n > 0 {
		now, phase = r.events[n-1].AtHours, r.events[n-1].Phase
	}
	r.clock.Text = planner.Clock(now)
	r.clock.Refresh()
	r.day.SetText(fmt.Sprintf("Day %d", planner.Day(now)))
	r.phase.SetText("Phase: " + phase.Label())
	r.progress.SetText(fmt.Sprintf("%d of %d injects played", len(r.events), r.ex.Len()))
	decided := 0
	for i := range r.rec.Decisions {
		if r.inPlay(&r.rec.Decisions[i]) {
			decided++
		}
	}
	r.tally.SetText(fmt.Sprintf("%s crossed · %d fired · %d for decision (%d decided) · %d blocked",
		plural(r.counts.Crossed, "red line", "red lines"), r.counts.Fired, r.counts.Decision, decided, r.counts.Blocked))
	if len(r.events) == 0 {
		r.back.Disable()
	} else {
		r.back.Enable()
	}
	if r.ex.Pos() >= r.ex.Len() {
		r.step.Disable()
		r.step.SetText("Script played")
	} else {
		r.step.Enable()
		r.step.SetText("Next inject")
	}
	if r.shown >= 0 {
		r.timeline.Select(r.shown)
		r.timeline.ScrollTo(r.shown)
	} else {
		r.timeline.UnselectAll()
	}
	r.showDetail()
}

// inPlay reports whether a decision is on an outcome of an inject played so
// far (one taken back stays on record but does not count now).
func (r *runView) inPlay(d *storage.Decision) bool { return r.playedIDs[d.Inject] > 0 }

// detailOutcomes is how many outcomes the detail shows before it offers
// to show the rest: a step stays quick however many responses an inject
// sets off, and a real room rarely sees more at once.
const detailOutcomes = 16

// showDetail fills the detail with the timeline row on show: what a played
// inject crossed and did, or what an inject to come will report.
func (r *runView) showDetail() {
	// The rows are gathered first and laid out once: Add lays the box out
	// anew each time.
	var objs []fyne.CanvasObject
	add := func(o fyne.CanvasObject) { objs = append(objs, o) }
	defer func() {
		r.detail.Objects = objs
		r.detail.Refresh()
		r.scroll.ScrollToTop()
	}()
	if r.shown < 0 || r.shown >= r.ex.Len() {
		add(wrappedLabel("Press Next inject to play the first inject of the script."))
		return
	}
	in := &r.plan.Injects[r.ex.Order()[r.shown]]
	head := widget.NewLabelWithStyle(fmt.Sprintf("%s · Day %d — %s", planner.Clock(in.AtHours), planner.Day(in.AtHours), in.Title),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	add(head)
	var facts []string
	for _, ob := range in.Observations {
		facts = append(facts, "Reported: "+r.observation(ob))
	}
	if in.Phase != "" {
		facts = append(facts, "Phase changes to "+strings.ToLower(in.Phase.Label()))
	}
	if len(facts) > 0 {
		add(wrappedLabel(strings.Join(facts, "\n")))
	}
	if r.shown >= len(r.events) {
		note := widget.NewLabel("Not played yet.")
		note.Importance = widget.LowImportance
		add(note)
		return
	}
	ev := &r.events[r.shown]
	if len(ev.Crossed) == 0 {
		add(widget.NewLabel("No red line crossed."))
	}
	shown := 0
	for _, id := range ev.Crossed {
		if !r.showAll && shown >= detailOutcomes {
			break
		}
		add(widget.NewSeparator())
		title := id
		if i, ok := r.redLines[id]; ok {
			rl := &r.plan.RedLines[i]
			title = rl.Title + " — crossed"
			if rl.Threshold != nil {
				unit := ""
				if ind, ok := r.cat.Indicator(rl.Indicator); ok {
					unit = ind.Unit
				}
				title += " (" + rl.Threshold.Describe(unit) + ")"
			}
		}
		l := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.DangerImportance
		add(l)
		n := 0
		for k := range ev.Responses {
			if ev.Responses[k].RedLine != id {
				continue
			}
			n++
			if r.showAll || shown < detailOutcomes {
				add(r.outcomeRow(ev, ev.Responses[k]))
				shown++
			}
		}
		if n == 0 {
			add(widget.NewLabel("No response is linked to this red line."))
		}
	}
	if rest := len(ev.Responses) - shown; rest > 0 {
		more := widget.NewButtonWithIcon(fmt.Sprintf("Show the other %s", plural(rest, "outcome", "outcomes")),
			theme.MoreVerticalIcon(), func() {
				r.showAll = true
				r.showDetail()
			})
		add(more)
	}
}

func (r *runView) observation(ob planner.Observation) string {
	name, unit := ob.Indicator, ""
	if ind, ok := r.cat.Indicator(ob.Indicator); ok {
		name, unit = ind.Name, ind.Unit
	}
	text := name + ": " + planner.Number(ob.Value)
	if unit != "" {
		text += " " + unit
	}
	return text
}

// Colours of outcomes: fired, waiting for a decision, blocked.
func outcomeColor(s planner.OutcomeStatus) color.Color {
	switch s {
	case planner.Fired:
		return theme.Color(theme.ColorNameSuccess)
	case planner.Decision:
		return theme.Color(theme.ColorNameWarning)
	}
	return theme.Color(theme.ColorNameError)
}

// outcomeRow shows one response's outcome, with the decision controls when
// it waits for one.
func (r *runView) outcomeRow(ev *planner.Event, o planner.Outcome) fyne.CanvasObject {
	title := o.Response
	if i, ok := r.responses[o.Response]; ok {
		title = r.plan.Responses[i].Title
	}
	name := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Wrapping = fyne.TextWrapWord
	state := widget.NewLabel("")
	state.Wrapping = fyne.TextWrapWord
	rows := container.New(layout.NewCustomPaddedVBoxLayout(0), name, state)
	switch o.Status {
	case planner.Fired:
		state.Importance = widget.SuccessImportance
		state.SetText("Fires — takes effect at " + planner.Clock(*o.EffectiveAtHours))
	case planner.Blocked:
		state.Importance = widget.DangerImportance
		state.SetText("Blocked — " + planner.BlockedReasonText(o.Reason))
	case planner.Decision:
		state.Importance = widget.WarningImportance
		state.SetText("Waits for a decision of the coalition")
		rows.Add(r.decisionControls(ev.Inject, o))
	}
	bar := canvas.NewRectangle(outcomeColor(o.Status))
	bar.SetMinSize(fyne.NewSize(6, 0))
	return container.NewBorder(nil, nil, bar, nil, rows)
}

// decisionControls record the room's choice on a response and its note.
func (r *runView) decisionControls(inject string, o planner.Outcome) fyne.CanvasObject {
	i := r.decisionIndex(inject, o.RedLine, o.Response)
	labels := []string{planner.ChoiceLabel(planner.Approved), planner.ChoiceLabel(planner.Rejected), planner.ChoiceLabel(planner.Deferred)}
	choice := widget.NewRadioGroup(labels, nil)
	choice.Horizontal = true
	note := widget.NewEntry()
	note.SetPlaceHolder("Why — for the report")
	if i >= 0 {
		d := r.rec.Decisions[i]
		choice.SetSelected(planner.ChoiceLabel(d.Choice))
		note.SetText(d.Note)
	} else {
		note.Disable()
	}
	choice.OnChanged = func(label string) {
		c := ""
		for k, l := range labels {
			if l == label {
				c = planner.Choices[k]
			}
		}
		r.decide(inject, o.RedLine, o.Response, c, note.Text)
		if c == "" {
			note.Disable()
		} else {
			note.Enable()
		}
	}
	note.OnChanged = func(text string) {
		if k := r.decisionIndex(inject, o.RedLine, o.Response); k >= 0 && r.rec.Decisions[k].Note != text {
			r.rec.Decisions[k].Note = text
			r.changed()
		}
	}
	return container.NewVBox(choice, note)
}

func (r *runView) decisionIndex(inject, redLine, response string) int {
	return slices.IndexFunc(r.rec.Decisions, func(d storage.Decision) bool {
		return d.Inject == inject && d.RedLine == redLine && d.Response == response
	})
}

// decide records a choice; "" takes the decision back.
func (r *runView) decide(inject, redLine, response, choice, note string) {
	i := r.decisionIndex(inject, redLine, response)
	switch {
	case choice == "" && i >= 0:
		r.rec.Decisions = slices.Delete(r.rec.Decisions, i, i+1)
	case choice == "":
		return
	case i >= 0:
		r.rec.Decisions[i].Choice, r.rec.Decisions[i].At = choice, r.u.now().UTC()
	default:
		r.rec.Decisions = append(r.rec.Decisions, storage.Decision{
			Inject: inject, RedLine: redLine, Response: response, Choice: choice, Note: note, At: r.u.now().UTC(),
		})
	}
	r.changed()
	r.update()
}

// now is the run's clock: the time of the last inject played.
func (r *runView) now() float64 {
	if n := len(r.events); n > 0 {
		return r.events[n-1].AtHours
	}
	return 0
}

// addNote records the typed note at the run's clock.
func (r *runView) addNote() {
	text := strings.TrimSpace(r.note.Text)
	if text == "" {
		return
	}
	r.rec.Notes = append(r.rec.Notes, storage.Note{AtHours: r.now(), Text: text, At: r.u.now().UTC()})
	r.note.SetText("")
	r.notes.Refresh()
	r.changed()
}

// changed marks the run as changed and saves it after a pause.
func (r *runView) changed() {
	r.dirty = true
	r.status.SetText("Not saved yet")
	if r.cancelSave != nil {
		r.cancelSave()
	}
	r.cancelSave = r.u.afterFunc(runSaveDelay, func() {
		fyne.Do(func() {
			if r.s.run == r && r.dirty {
				r.save()
			}
		})
	})
}

// save stores the run now.
func (r *runView) save() {
	if r.cancelSave != nil {
		r.cancelSave()
		r.cancelSave = nil
	}
	rec := r.rec
	rec.Decisions = slices.Clone(r.rec.Decisions)
	rec.Notes = slices.Clone(r.rec.Notes)
	if err := r.u.store.SaveRun(context.Background(), &rec); err != nil {
		r.status.SetText("Not saved: " + err.Error())
		r.u.ask.Error(err)
		return
	}
	r.rec.ID, r.rec.StartedAt, r.rec.UpdatedAt = rec.ID, rec.StartedAt, rec.UpdatedAt
	r.dirty = false
	r.status.SetText("Saved " + r.u.now().Format("15:04"))
}

// close saves what is not saved yet; the run is left on screen.
func (r *runView) close() {
	if r.dirty {
		r.save()
	}
	if r.cancelSave != nil {
		r.cancelSave()
		r.cancelSave = nil
	}
}

// result is the run so far, as the engine reports a whole run.
func (r *runView) result() *planner.ExerciseResult {
	events := slices.Clone(r.events)
	return &planner.ExerciseResult{Plan: r.plan.Title, Events: events, Summary: planner.Summarize(events)}
}

// exportReport writes the after-action report of the run so far, as "pdf"
// or "md", with the plan's findings at the revision the run plays.
func (r *runView) exportReport(format string) {
	a := report.AfterAction{
		Plan: r.plan, Catalog: r.cat, Profile: r.s.ed.model.prof, Result: r.result(),
		Title: r.rec.Title, StartedAt: r.rec.StartedAt,
		Decisions: slices.Clone(r.rec.Decisions), Notes: slices.Clone(r.rec.Notes),
	}
	write, ext := report.WriteAfterActionPDF, ".pdf"
	if format == "md" {
		write, ext = report.WriteAfterActionMarkdown, ".md"
	}
	r.u.saveDocument(exportName(r.rec.Title+" after-action report", ext), func(w io.Writer) error { return write(w, a) })
}
