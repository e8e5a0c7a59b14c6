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
	"redline/seeds"
	"redline/storage"
)

// runSaveDelay is the pause after the last change of a run before it is
// saved by itself: a run is never more than that away from the store.
const runSaveDelay = 2 * time.Second

// runView is a tabletop run on screen: the script on a timeline, the clock,
// what the inject on show did, where every response stands, the decisions
// the room has yet to take and its notes.
//
// The exercise engine (planner.Exercise) holds the run: what was played,
// the choices on record, the board and the counts. The view keeps only what
// it shows: the open decisions as a list, and the notes the room wrote to
// its decisions (in rec). Stepping costs the inject's own work: the engine
// plays one inject, the timeline redraws two rows, the detail shows one
// event and the lists redraw the rows in sight.
type runView struct {
	s    *exerciseScreen
	u    *UI
	rec  storage.Run
	plan *planner.Plan
	cat  *planner.Catalog
	ex   *planner.Exercise
	// shown is the timeline row on show in the detail; showAll lifts the
	// detail's limit of outcomes for it.
	shown   int
	showAll bool
	// detailOf is the row the detail shows now, -2 before it shows any.
	detailOf int
	// open are the decisions the room has not taken, oldest first.
	open *openDecisions
	// board is where each response stands after the injects played.
	board []planner.ResponseState
	// followers are told after every change of what the run shows: the
	// room view.
	followers []func()
	room      *roomView

	redLines, responses map[string]int
	dirty               bool
	cancelSave          func()
	// drive is this machine's hold on the run (follow.go), and
	// releaseDrive lets it go; following is true when another drives it
	// and this view shows their run, read-only.
	drive        *storage.RunDrive
	releaseDrive func()
	following    bool

	title     *widget.Entry
	clock     *canvas.Text
	day       *widget.Label
	phase     *widget.Label
	progress  *widget.Label
	tally     *widget.Label
	status    *widget.Label
	back      *widget.Button
	step      *widget.Button
	roomBtn   *widget.Button
	timeline  *widget.List
	detail    *fyne.Container
	scroll    *container.Scroll
	openHead  *widget.Label
	openList  *widget.List
	openRows  map[fyne.CanvasObject]*openRow
	boardHead *widget.Label
	boardList *widget.List
	note      *widget.Entry
	notes     *widget.List
	content   fyne.CanvasObject
}

// decisionKey is what a decision answers: (inject, red line, response).
type decisionKey struct{ inject, redLine, response string }

func newRunView(s *exerciseScreen, rec storage.Run, p *planner.Plan, ex *planner.Exercise) *runView {
	r := &runView{s: s, u: s.u, rec: rec, plan: p, cat: s.u.cat.ForPlan(p), ex: ex,
		redLines: map[string]int{}, responses: map[string]int{}, open: newOpenDecisions(),
		openRows: map[fyne.CanvasObject]*openRow{}, detailOf: -2}
	for i := len(p.RedLines) - 1; i >= 0; i-- {
		r.redLines[p.RedLines[i].ID] = i // the first of duplicated ids wins
	}
	for i := len(p.Responses) - 1; i >= 0; i-- {
		r.responses[p.Responses[i].ID] = i
	}
	r.buildUI()
	for r.ex.Pos() < min(rec.Position, ex.Len()) {
		r.ex.Step()
	}
	r.rec.Position = r.ex.Pos()
	r.open.rebuild(r.ex, 0)
	r.shown = r.ex.Pos() - 1
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
	r.roomBtn = widget.NewButtonWithIcon("Room view", theme.ComputerIcon(), r.openRoom)
	closeBtn := widget.NewButtonWithIcon("Close run", theme.NavigateBackIcon(), r.s.closeRun)

	r.timeline = widget.NewList(func() int { return r.ex.Len() }, newScriptRow, r.showTimelineRow)
	r.timeline.OnSelected = func(i widget.ListItemID) {
		if r.shown != i {
			r.shown, r.showAll = i, false
			r.showDetail()
		}
	}

	r.detail = container.NewVBox()
	r.scroll = container.NewVScroll(r.detail)

	r.openHead = boldLabel("")
	r.openList = widget.NewList(func() int { return len(r.open.list) }, r.newOpenRow, r.showOpenRow)
	r.boardHead = boldLabel("")
	r.boardList = widget.NewList(func() int { return len(r.board) }, newBoardRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		r.showBoardRow(&r.board[i], o)
	})

	r.note = widget.NewEntry()
	r.note.SetPlaceHolder("A note, stamped with the clock")
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
		container.NewVBox(boldLabel("Notes"), container.NewBorder(nil, nil, nil, addNote, r.note)),
		nil, nil, nil, r.notes)

	clockBox := container.NewVBox(r.clock, container.NewHBox(r.day, r.phase), r.progress)
	head := container.NewBorder(nil, nil, clockBox,
		container.NewVBox(container.NewHBox(r.back, r.step, r.roomBtn), container.NewHBox(save, reportBtn, closeBtn)),
		container.NewVBox(r.title, r.tally, r.status))

	left := container.NewBorder(boldLabel("Script"), nil, nil, nil, r.timeline)
	centre := container.NewVSplit(r.scroll, notesBox)
	centre.Offset = 0.72
	decisions := container.NewBorder(r.openHead, nil, nil, nil, r.openList)
	board := container.NewBorder(r.boardHead, nil, nil, nil, r.boardList)
	right := container.NewVSplit(decisions, board)
	right.Offset = 0.45
	inner := container.NewHSplit(centre, right)
	inner.Offset = 0.5
	body := container.NewHSplit(left, inner)
	body.Offset = 0.31
	r.content = container.NewPadded(container.NewBorder(container.NewVBox(head, widget.NewSeparator()), nil, nil, nil, body))
}

func boldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// newScriptRow is a row of the script: an icon for played, skipped, next
// or to come, the inject's time and title, and a line under it that says
// what it did or why it was skipped.
func newScriptRow() fyne.CanvasObject {
	icon := widget.NewIcon(theme.RadioButtonIcon())
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.Truncation = fyne.TextTruncateEllipsis
	sub.SizeName = theme.SizeNameCaptionText
	lines := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()), name, sub)
	return container.NewBorder(nil, nil, icon, nil, lines)
}

// showTimelineRow draws one inject of the script: played, skipped, next or
// to come; one still to come that branches says on what.
func (r *runView) showTimelineRow(i widget.ListItemID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	lines := c.Objects[0].(*fyne.Container)
	icon := c.Objects[1].(*widget.Icon)
	name, sub := lines.Objects[0].(*widget.Label), lines.Objects[1].(*widget.Label)
	in := &r.plan.Injects[r.ex.Order()[i]]
	text, imp := "", widget.MediumImportance
	switch pos := r.ex.Pos(); {
	case i < pos:
		info := r.ex.Info(i)
		if info.Skipped {
			icon.SetResource(theme.ContentRedoIcon())
			text, imp = "Skipped: "+r.unmetFact(info.Unmet), widget.WarningImportance
			break
		}
		icon.SetResource(theme.ConfirmIcon())
		text = playedText(info)
	case i == pos:
		icon.SetResource(theme.MediaPlayIcon())
		text = "Next"
		if len(in.When) > 0 {
			text += " · branch: plays only if " + r.whenText(in.When)
		}
	default:
		icon.SetResource(theme.RadioButtonIcon())
		if len(in.When) > 0 {
			text = "Branch: plays only if " + r.whenText(in.When)
		}
	}
	setLabel(name, planner.Clock(in.AtHours)+"  "+in.Title)
	if sub.Importance != imp {
		sub.Importance = imp
		sub.Refresh()
	}
	setLabel(sub, text)
}

// playedText says what a played inject did, in a few words.
func playedText(info planner.EventInfo) string {
	if info.Crossed == 0 {
		return "Nothing crossed"
	}
	text := plural(info.Crossed, "red line", "red lines") + " crossed"
	if info.Outcomes > 0 {
		text += " · " + plural(info.Outcomes, "outcome", "outcomes")
	}
	return text
}

// redLineName and responseName give an id's title in quotes, for
// sentences; an id that names nothing is given as it is.
func (r *runView) redLineName(id string) string {
	if i, ok := r.redLines[id]; ok {
		return "“" + r.plan.RedLines[i].Title + "”"
	}
	return id
}

func (r *runView) responseName(id string) string {
	if i, ok := r.responses[id]; ok {
		return "“" + r.plan.Responses[i].Title + "”"
	}
	return id
}

func (r *runView) responseTitle(id string) string {
	if i, ok := r.responses[id]; ok {
		return r.plan.Responses[i].Title
	}
	return id
}

func (r *runView) redLineTitle(id string) string {
	if i, ok := r.redLines[id]; ok {
		return r.plan.RedLines[i].Title
	}
	return id
}

// whenText says what an inject's conditions ask, with titles.
func (r *runView) whenText(when []planner.Condition) string {
	return conditionsText(when, r.redLineName, r.responseName)
}

// unmetFact says what happened instead of what a skipped inject's
// condition asked: the condition turned round.
func (r *runView) unmetFact(c *planner.Condition) string {
	if c == nil {
		return "a condition did not hold"
	}
	turned := *c
	turned.Not = !turned.Not
	return turned.Describe(r.redLineName, r.responseName)
}

// skippedText says why an inject was skipped.
func (r *runView) skippedText(in *planner.Inject, unmet *planner.Condition) string {
	return "Skipped: " + skipReason(in.When, unmet, r.redLineName, r.responseName) + "."
}

// onStep plays the next inject and shows what it did.
func (r *runView) onStep() {
	if r.following {
		return
	}
	ev, ok := r.ex.Step()
	if !ok {
		return
	}
	r.open.settle(r.ex, r.ex.Pos())
	r.open.played(r.ex.Pos()-1, &ev)
	r.moved(r.ex.Pos() - 2)
}

// onBack takes the last inject back. Decisions taken on it stay on record,
// and count again if it is played again.
func (r *runView) onBack() {
	if r.following || r.ex.Pos() == 0 {
		return
	}
	last := r.ex.Event(r.ex.Pos() - 1)
	r.open.unplay(r.ex.Pos()-1, &last)
	r.ex.Back()
	r.open.settle(r.ex, r.ex.Pos())
	r.moved(r.ex.Pos())
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
	r.shown, r.showAll = r.ex.Pos()-1, false
	r.update()
	r.changed()
}

// update shows the clock, the phase, the counts, the event on show, the
// open decisions and the board, and tells the followers.
func (r *runView) update() {
	now := r.now()
	r.clock.Text = planner.Clock(now)
	r.clock.Refresh()
	r.day.SetText(fmt.Sprintf("Day %d", planner.Day(now)))
	r.phase.SetText("Phase: " + r.ex.Phase().Label())
	r.progress.SetText(fmt.Sprintf("%d of %d injects played", r.ex.Pos(), r.ex.Len()))
	r.tally.SetText(r.tallyText())
	setEnabled(r.back, r.ex.Pos() > 0 && !r.following)
	if r.ex.Pos() >= r.ex.Len() {
		r.step.Disable()
		r.step.SetText("Script played")
	} else {
		setEnabled(r.step, !r.following) // a follower moves as the driver does
		r.step.SetText("Next inject")
	}
	if r.shown >= 0 {
		r.timeline.Select(r.shown)
		r.timeline.ScrollTo(r.shown)
	} else {
		r.timeline.UnselectAll()
	}
	r.showDetail()
	r.openHead.SetText(openHeadText(len(r.open.list)))
	r.openList.Refresh()
	r.board = r.ex.Board()
	r.boardHead.SetText(r.boardHeadText())
	r.boardList.Refresh()
	for _, f := range r.followers {
		f()
	}
}

// tallyText counts the run so far, as the engine does.
func (r *runView) tallyText() string {
	sum := r.ex.Summary()
	approved, rejected, deferred, open := r.ex.Choices()
	text := fmt.Sprintf("%s crossed · %d fired · %d put to the coalition (%d approved, %d rejected, %d deferred, %d open) · %d blocked · %d already under way",
		plural(sum.Crossed, "red line", "red lines"), sum.Fired, sum.Decision, approved, rejected, deferred, open, sum.Blocked, sum.Ongoing)
	if sum.Skipped > 0 {
		text += " · " + plural(sum.Skipped, "inject", "injects") + " skipped"
	}
	return text
}

func openHeadText(n int) string {
	switch n {
	case 0:
		return "Open decisions: none"
	case 1:
		return "Open decisions: 1"
	}
	return fmt.Sprintf("Open decisions: %d, oldest first", n)
}

// boardHeadText counts the responses under way and waiting.
func (r *runView) boardHeadText() string {
	var underWay, waiting int
	for i := range r.board {
		switch r.board[i].Status {
		case planner.StandUnderWay:
			underWay++
		case planner.StandAwaiting:
			waiting++
		}
	}
	return fmt.Sprintf("Responses: %d under way, %d awaiting a decision, of %d", underWay, waiting, len(r.board))
}

// detailOutcomes is how many outcomes the detail shows before it offers
// to show the rest: a step stays quick however many responses an inject
// sets off, and a real room rarely sees more at once.
const detailOutcomes = 16

// showDetail fills the detail with the timeline row on show: what a played
// inject crossed and did, why a skipped one did nothing, or what an inject
// to come will report.
func (r *runView) showDetail() {
	// The rows are gathered first and laid out once: Add lays the box out
	// anew each time.
	var objs []fyne.CanvasObject
	add := func(o fyne.CanvasObject) { objs = append(objs, o) }
	defer func() {
		r.detail.Objects = objs
		r.detail.Refresh()
		// Another inject starts at its top; the same one, redrawn after a
		// decision taken in it, stays where the user was.
		if r.detailOf != r.shown {
			r.scroll.ScrollToTop()
		}
		r.detailOf = r.shown
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
	if in.Brief != "" {
		add(wrappedLabel(in.Brief))
	}
	played := r.shown < r.ex.Pos()
	var ev planner.Event
	if played {
		ev = r.ex.Event(r.shown)
	}
	switch {
	case len(in.When) == 0:
	case !played:
		add(lowLabel("Branch: it plays only if " + r.whenText(in.When) + "."))
	case !ev.Skipped:
		add(wrappedLabel("Branch: it played because " + r.whenText(in.When) + "."))
	}
	var facts []string
	reported, change := "Reported: ", "Phase changes to "
	if played && ev.Skipped {
		reported, change = "Not reported: ", "No phase change to "
	}
	for _, ob := range in.Observations {
		facts = append(facts, reported+r.observation(ob))
	}
	if in.Phase != "" {
		facts = append(facts, change+strings.ToLower(in.Phase.Label()))
	}
	if len(facts) > 0 {
		add(wrappedLabel(strings.Join(facts, "\n")))
	}
	if !played {
		add(lowLabel("Not played yet."))
		return
	}
	if ev.Skipped {
		l := wrappedLabel(r.skippedText(in, ev.Unmet))
		l.Importance = widget.WarningImportance
		add(l)
		return
	}
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
				add(r.outcomeRow(&ev, ev.Responses[k]))
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

// Colours of outcomes: fired or under way, waiting for a decision,
// blocked. Each is shown with its word.
func outcomeColor(s planner.OutcomeStatus) color.Color {
	switch s {
	case planner.Fired, planner.Ongoing:
		return theme.Color(theme.ColorNameSuccess)
	case planner.Decision:
		return theme.Color(theme.ColorNameWarning)
	}
	return theme.Color(theme.ColorNameError)
}

// blockedText says why a response cannot happen, naming a contribution by
// nation and capability rather than by id.
func (r *runView) blockedText(reason string) string { return blockedWords(r.plan, r.cat, reason) }

// outcomeRow shows one response's outcome, with the decision controls when
// it was put to the coalition.
func (r *runView) outcomeRow(ev *planner.Event, o planner.Outcome) fyne.CanvasObject {
	name := widget.NewLabelWithStyle(r.responseTitle(o.Response), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Wrapping = fyne.TextWrapWord
	state := widget.NewLabel("")
	state.Wrapping = fyne.TextWrapWord
	rows := container.New(layout.NewCustomPaddedVBoxLayout(0), name, state)
	switch o.Status {
	case planner.Fired:
		state.Importance = widget.SuccessImportance
		state.SetText("Fires — takes effect at " + planner.Clock(*o.EffectiveAtHours))
	case planner.Ongoing:
		state.Importance = widget.SuccessImportance
		state.SetText("Already under way — in effect from " + planner.Clock(*o.EffectiveAtHours))
	case planner.Blocked:
		state.Importance = widget.DangerImportance
		state.SetText("Blocked — " + r.blockedText(o.Reason))
	case planner.Decision:
		state.Importance = widget.WarningImportance
		state.SetText("Put to the coalition")
		if o.Choice != "" {
			state.Importance = choiceImportance(o.Choice)
			state.SetText("Put to the coalition — " + planner.ChoiceText(o.Choice))
		}
		rows.Add(r.decisionControls(decisionKey{ev.Inject, o.RedLine, o.Response}))
	}
	fill := outcomeColor(o.Status)
	if o.Status == planner.Decision && o.Choice != "" {
		fill = theme.Color(choiceColorName(o.Choice))
	}
	bar := canvas.NewRectangle(fill)
	bar.SetMinSize(fyne.NewSize(6, 0))
	return container.NewBorder(nil, nil, bar, nil, rows)
}

// choiceImportance and choiceColorName show a choice as the board shows
// where it leaves the response: approved under way, rejected, deferred.
func choiceImportance(choice string) widget.Importance {
	return standImportance(choiceStand(choice))
}

func choiceColorName(choice string) fyne.ThemeColorName { return standColorName(choiceStand(choice)) }

func choiceStand(choice string) planner.ResponseStatus {
	switch choice {
	case planner.Approved:
		return planner.StandUnderWay
	case planner.Rejected:
		return planner.StandRejected
	case planner.Deferred:
		return planner.StandDeferred
	}
	return planner.StandAwaiting
}

// choiceLabels are the choices as the decision controls offer them.
var choiceLabels = func() []string {
	out := make([]string, len(planner.Choices))
	for i, c := range planner.Choices {
		out[i] = planner.ChoiceLabel(c)
	}
	return out
}()

// choiceOf is the choice behind a label of the controls, "" for none.
func choiceOf(label string) string {
	if i := slices.Index(choiceLabels, label); i >= 0 {
		return planner.Choices[i]
	}
	return ""
}

func labelOfChoice(choice string) string {
	if choice == "" {
		return ""
	}
	return planner.ChoiceLabel(choice)
}

// decisionControls record the room's choice on a response and its note.
func (r *runView) decisionControls(k decisionKey) fyne.CanvasObject {
	choice := widget.NewRadioGroup(choiceLabels, nil)
	choice.Horizontal = true
	note := widget.NewEntry()
	note.SetPlaceHolder("Why — for the report")
	choice.SetSelected(labelOfChoice(r.ex.Decision(k.inject, k.redLine, k.response)))
	if i := r.recordOf(k); i >= 0 {
		note.SetText(r.rec.Decisions[i].Note)
	} else {
		note.Disable()
	}
	if r.following {
		choice.Disable()
		note.Disable()
	}
	choice.OnChanged = func(label string) { r.decide(k, choiceOf(label)) }
	note.OnChanged = func(text string) { r.setNote(k, text) }
	return container.NewVBox(choice, note)
}

// recordOf is the index of the decision on k in the run's record, -1.
func (r *runView) recordOf(k decisionKey) int {
	return slices.IndexFunc(r.rec.Decisions, func(d storage.Decision) bool {
		return d.Inject == k.inject && d.RedLine == k.redLine && d.Response == k.response
	})
}

// setNote keeps the note written to a decision taken.
func (r *runView) setNote(k decisionKey, text string) {
	if i := r.recordOf(k); i >= 0 && r.rec.Decisions[i].Note != text {
		r.rec.Decisions[i].Note = text
		r.changed()
	}
}

// decide records a choice ("" takes the decision back) with the exercise
// clock and the wall clock, and shows at once what it changes: the engine
// works out again what follows it, from run position from on.
func (r *runView) decide(k decisionKey, choice string) {
	if r.following {
		return
	}
	from, err := r.ex.Decide(k.inject, k.redLine, k.response, choice)
	if err != nil {
		r.status.SetText(err.Error())
		return
	}
	i := r.recordOf(k)
	switch {
	case choice == "" && i >= 0:
		r.rec.Decisions = slices.Delete(r.rec.Decisions, i, i+1)
	case choice == "":
	case i >= 0:
		d := &r.rec.Decisions[i]
		d.Choice, d.At, d.AtHours = choice, r.u.now().UTC(), r.now()
	default:
		r.rec.Decisions = append(r.rec.Decisions, storage.Decision{
			Inject: k.inject, RedLine: k.redLine, Response: k.response, Choice: choice,
			At: r.u.now().UTC(), AtHours: r.now(),
		})
	}
	r.open.decided(r.ex, k, from)
	if from < r.ex.Pos() {
		r.timeline.Refresh()
	}
	r.update()
	r.changed()
}

// now is the run's clock: the time of the inject played last.
func (r *runView) now() float64 {
	if n := r.ex.Pos(); n > 0 {
		return r.ex.Info(n - 1).Inject.AtHours
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
	if r.following {
		return // a follower saves nothing: the run is its driver's
	}
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

// flush saves what is not saved yet, now.
func (r *runView) flush() {
	if r.dirty && !r.following {
		r.save()
	}
}

// save stores the run now; a follower saves nothing, the run is its
// driver's.
func (r *runView) save() {
	if r.following {
		return
	}
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

// close saves what is not saved yet and closes the room view; the run is
// left on screen.
func (r *runView) close() {
	if r.dirty && !r.following {
		r.save()
	}
	if r.releaseDrive != nil {
		r.releaseDrive() // the next machine to open the run drives it
		r.releaseDrive = nil
	}
	if r.cancelSave != nil {
		r.cancelSave()
		r.cancelSave = nil
	}
	if r.room != nil {
		r.room.close()
	}
}

// afterAction is the after-action report of the run so far: the engine's
// result, with the decisions and notes on record, and the plan's findings
// at the revision the run plays.
func (r *runView) afterAction() report.AfterAction {
	return report.AfterAction{
		Plan: r.plan, Catalog: r.cat, Profile: r.s.ed.model.prof, Result: r.ex.Result(),
		Title: r.rec.Title, StartedAt: r.rec.StartedAt,
		Decisions: slices.Clone(r.rec.Decisions), Notes: slices.Clone(r.rec.Notes),
		Cite: seeds.Citer(r.plan),
	}
}

// exportReport writes the after-action report of the run so far, as "pdf"
// or "md".
func (r *runView) exportReport(format string) {
	a := r.afterAction()
	write, ext := report.WriteAfterActionPDF, ".pdf"
	if format == "md" {
		write, ext = report.WriteAfterActionMarkdown, ".md"
	}
	r.u.saveDocument(exportName(r.rec.Title+" after-action report", ext), func(w io.Writer) error { return write(w, a) })
}
