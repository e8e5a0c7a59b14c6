package app

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
	"redline/seeds"
)

// injectGap is how long after the last inject a new one is placed, by Add
// and by the library: half a day, the beat of the reference script.
const injectGap = 12

// injectsScreen edits the plan's tabletop-exercise script. The list shows
// the injects in the order the exercise plays them (planner.PlayOrder: by
// time, ties in file order), the form edits the selected one, and a
// timeline under both shows the whole script.
//
// entityForm.selected is the selected inject's index in the plan's list;
// order maps the rows of the list to those indices and rowOf back.
type injectsScreen struct {
	entityForm[planner.Inject]

	title     *widget.Entry
	titleErr  *widget.Label
	at        *widget.Entry
	atErr     *widget.Label
	atClock   *widget.Label
	phase     *widget.Select
	phaseNote *widget.Label
	obsBox    *fyne.Container
	obsRows   []*injectObsRow
	addObs    *widget.Button
	brief     *textArea
	briefErr  *widget.Label
	whenBox   *fyne.Container
	condRows  []*conditionRow
	addWhen   *widget.Button
	preview   *widget.Label
	library   *widget.Button
	up        *widget.Button
	down      *widget.Button
	moveHint  *widget.Label
	summary   *widget.Label
	timeline  *injectTimeline

	order []int // play order: plan indices by time, ties in file order
	rowOf []int // the inverse of order

	cat        *planner.Catalog
	indicators *optionSet[string] // the indicator pickers' choices
	phases     *optionSet[planner.Phase]
	picker     *injectLibrary // the library dialog last opened
	content    fyne.CanvasObject

	// The condition pickers' choices: the plan's red lines and responses
	// by title.
	redLineChoices, responseChoices *optionSet[string]
	// previewAsk counts the previews asked for: one worked out in the
	// background shows only if no newer one was asked for meanwhile.
	previewAsk int
}

// injectObsRow is one observation in the form: the indicator picked by
// name, the value with the indicator's unit, and a button that removes it.
type injectObsRow struct {
	indicator *widget.Select
	indErr    *widget.Label
	value     *widget.Entry
	valueErr  *widget.Label
	unit      *widget.Label
	remove    *widget.Button
	field     *formField
}

func newInjectsScreen(m *planModel) *injectsScreen {
	s := &injectsScreen{}
	s.init(m, edit.Injects, "The checker has nothing to say about this inject.", s.onAdd, s.onDelete)
	s.phases = newOptionSet([]planner.Phase{"", planner.PhaseWar, planner.PhaseCeasefire, planner.PhaseSettlement},
		func(p planner.Phase) string {
			if p == "" {
				return "No change"
			}
			return p.Label()
		})
	s.fill, s.clear, s.edited = s.show, s.showNone, s.sync
	s.rowFor = func(i int) int { return s.rowOf[i] }
	s.entityAt = func(row int) int {
		if len(s.order) != len(s.items()) {
			s.resort() // an inject came or went since the last sync
		}
		return s.order[row]
	}
	s.extraFields = func() []*formField {
		out := make([]*formField, len(s.obsRows))
		for k, r := range s.obsRows {
			out[k] = r.field
		}
		return out
	}
	s.resort()
	s.loadChoices()
	s.buildUI()
	s.load()
	s.updateSummary()
	// What the selected inject would do depends on the whole plan: it is
	// worked out again once the checker has caught up with an edit.
	m.OnChecked(s.showPreview)
	// The phase in force and the timeline's band start from the plan's
	// phase, which the Overview edits.
	phase := m.Plan().Phase
	m.OnChange(func() {
		if m.Touched() == edit.PartPlan && m.Plan().Phase != phase {
			phase = m.Plan().Phase
			s.sync()
		}
	})
	return s
}

func (s *injectsScreen) buildUI() {
	s.newList(newTaggedRow, func(in *planner.Inject, o fyne.CanvasObject) {
		setTaggedRow(o, fmt.Sprintf("%s   %s", injectTime(in.AtHours), in.Title), injectTag(in))
	})

	s.title, s.titleErr = widget.NewEntry(), errorLabel()
	s.textField(planner.FieldEntityTitle, "An inject needs a title: what the players are told.", s.title, s.titleErr,
		func(in *planner.Inject, t string) { in.Title = t })
	s.at, s.atErr = widget.NewEntry(), errorLabel()
	s.atClock = widget.NewLabel("")
	s.numberField(planner.FieldAtHours, injectNeedsTime, s.at, s.atErr, func(in *planner.Inject, h float64, _ bool) { in.AtHours = h })
	s.at.SetPlaceHolder("hours since the start, e.g. 36")
	s.phase = newSelect(s.phases, func(p planner.Phase) { s.edit(func(in *planner.Inject) { in.Phase = p }) })
	s.phaseNote = widget.NewLabel("")
	s.obsBox = container.NewVBox()
	s.addObs = widget.NewButtonWithIcon("Add observation", theme.ContentAddIcon(), s.onAddObservation)
	s.brief, s.briefErr = newTextArea(), errorLabel()
	s.brief.SetMinRowsVisible(4)
	s.brief.SetPlaceHolder("What the players are told, by whom: read out when the inject plays")
	s.fields = append(s.fields, s.field("Brief", &s.brief.Entry, s.briefErr, func(text string) string {
		if msg := briefProblem(text); msg != "" {
			return msg
		}
		s.edit(func(in *planner.Inject) { in.Brief = text })
		return ""
	}))
	when := s.newWhenBox()
	s.preview = wrappedLabel("")

	s.library = widget.NewButtonWithIcon("Insert from library…", theme.FolderOpenIcon(), s.openLibrary)
	s.up = widget.NewButtonWithIcon("Move up", theme.MoveUpIcon(), func() { s.move(-1) })
	s.down = widget.NewButtonWithIcon("Move down", theme.MoveDownIcon(), func() { s.move(1) })
	s.moveHint = wrappedLabel("")
	s.moveHint.SizeName = theme.SizeNameCaptionText

	buttons := container.NewVBox(
		container.NewGridWithColumns(2, s.add, s.library),
		container.NewGridWithColumns(3, s.remove, s.up, s.down),
		s.moveHint,
	)
	s.provenance(func(in *planner.Inject) *planner.Provenance { return &in.Provenance }) // sources and assumption (provenance.go)
	split := s.layout(buttons, 0.42, "Select an inject, press Add to write a new one, or insert one from the library.",
		widget.NewFormItem("ID", fieldBox(s.id, s.idErr)),
		widget.NewFormItem("Title", fieldBox(s.title, s.titleErr)),
		widget.NewFormItem("At (hours)", fieldBox(container.NewBorder(nil, nil, nil, s.atClock, s.at), s.atErr)),
		widget.NewFormItem("Phase change", container.NewBorder(nil, nil, nil, s.phaseNote, s.phase)),
		widget.NewFormItem("Observations", container.NewVBox(s.obsBox, container.NewHBox(s.addObs))),
		widget.NewFormItem("Brief", fieldBox(s.brief, s.briefErr)),
		widget.NewFormItem("Plays only if", when),
		widget.NewFormItem("If played now", s.preview),
	)

	s.timeline = newInjectTimeline(s)
	s.summary = widget.NewLabel("")
	s.summary.Truncation = fyne.TextTruncateEllipsis
	heading := widget.NewLabel("Timeline")
	heading.TextStyle.Bold = true
	top := container.NewBorder(nil, nil, heading, injectPhaseLegend(), s.summary)
	s.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), top, s.timeline), nil, nil, split)
}

// injectNeedsTime is what an empty time field says.
const injectNeedsTime = "An inject needs a time; write 0 for the start of the exercise."

// injectPhaseLegend names the colours the timeline gives the phases, and
// the ring it draws for a branch.
func injectPhaseLegend() fyne.CanvasObject {
	box := container.NewHBox()
	legend := func(mark fyne.CanvasObject, text string) {
		l := widget.NewLabel(text)
		l.SizeName = theme.SizeNameCaptionText
		box.Add(container.NewHBox(container.NewCenter(mark), l))
	}
	for _, p := range planner.Phases {
		legend(newPhaseSwatch(p), p.Label())
	}
	ring := canvas.NewCircle(color.Transparent)
	ring.StrokeColor, ring.StrokeWidth = theme.Color(theme.ColorNameForeground), 2
	ring.Resize(fyne.NewSize(timelineDot, timelineDot))
	legend(container.NewGridWrap(fyne.NewSize(timelineDot, timelineDot), ring), "branch")
	return box
}

// resort works out the play order again when it no longer holds, and
// reports whether it changed.
func (s *injectsScreen) resort() bool {
	in := s.items()
	if planner.InPlayOrder(in, s.order) {
		return false
	}
	s.order = planner.PlayOrder(in)
	s.rowOf = slices.Grow(s.rowOf[:0], len(in))[:len(in)]
	for row, i := range s.order {
		s.rowOf[i] = row
	}
	return true
}

// sync follows every edit of the script or the plan's phase: the order, the
// list, the timeline and the move buttons. It leaves the form alone, since
// the user may be typing in it; when the selected inject moved in the order,
// the list's selection moves with it.
func (s *injectsScreen) sync() {
	s.resort()
	if s.m.Touched() == edit.PartAll || s.moved() {
		s.refresh() // an undo, a redo or a delete: show the inject afresh
		return
	}
	s.list.Refresh()
	s.followSelection()
	s.updateMoves()
	s.updateSummary()
	if in, ok := s.current(); ok {
		s.atClock.SetText(injectClock(in.AtHours))
		s.updatePhaseNote()
	}
	s.timeline.Refresh()
}

// refresh redraws the screen from the plan: after undo or redo replaced it,
// and after a save fixed the ids of new injects.
func (s *injectsScreen) refresh() {
	s.resort()
	s.entityForm.refresh()
	s.updateSummary()
}

// show fills the form with inject in.
func (s *injectsScreen) show(in *planner.Inject) {
	s.cat = s.m.ui.cat.ForPlan(s.m.Plan())
	s.indicators = indicatorChoices(s.cat)
	s.title.SetText(in.Title)
	s.at.SetText(fieldNumber(in.AtHours))
	s.atClock.SetText(injectClock(in.AtHours))
	s.phase.SetSelected(s.phases.label(in.Phase))
	s.updatePhaseNote()
	s.loadObservations(in)
	s.brief.SetText(in.Brief)
	s.loadChoices()
	s.loadConditions(in)
	s.showPreview()
	s.updateMoves()
	s.timeline.Refresh()
}

// injectTag is what an inject's row says beside its title: that it
// branches (plays only if its conditions hold), and the phase it brings.
func injectTag(in *planner.Inject) string {
	var parts []string
	if len(in.When) > 0 {
		parts = append(parts, "branch")
	}
	if in.Phase != "" {
		parts = append(parts, "→ "+in.Phase.Label())
	}
	return strings.Join(parts, " · ")
}

// showNone empties what shows the selected inject.
func (s *injectsScreen) showNone() {
	s.obsRows = nil
	s.obsBox.RemoveAll()
	s.condRows = nil
	s.whenBox.RemoveAll()
	s.updateMoves()
	s.timeline.Refresh()
}

// indicatorChoices offers the catalogue's indicators by name; a name two
// indicators share is told apart by key.
func indicatorChoices(cat *planner.Catalog) *optionSet[string] {
	c := &optionSet[string]{}
	names := map[string]int{}
	for _, ind := range cat.Indicators {
		names[ind.Name]++
	}
	for _, ind := range cat.Indicators {
		label := ind.Name
		if label == "" || names[ind.Name] > 1 {
			label = strings.TrimSpace(ind.Name + " (" + ind.Key + ")")
		}
		c.addChoice(ind.Key, label)
	}
	return c
}

// readingField is what a form and the session call observation k's value.
func readingField(k int) string { return fmt.Sprintf("Reading %d", k+1) }

// loadObservations builds a row per observation of inject in. An
// observation of an indicator nobody declares shows the key in red with the
// reason, and its picker offers only known indicators to replace it.
func (s *injectsScreen) loadObservations(in *planner.Inject) {
	s.obsRows = s.obsRows[:0]
	rows := make([]fyne.CanvasObject, 0, len(in.Observations)+1)
	for k, ob := range in.Observations {
		r := &injectObsRow{
			indicator: widget.NewSelect(s.indicators.labels, nil),
			indErr:    errorLabel(),
			value:     widget.NewEntry(),
			valueErr:  errorLabel(),
			unit:      widget.NewLabel(""),
		}
		r.unit.Truncation = fyne.TextTruncateEllipsis
		r.value.SetText(fieldNumber(ob.Value))
		s.showIndicator(r, ob.Indicator)
		r.indicator.OnChanged = func(opt string) { s.onObsIndicator(k, r, opt) }
		r.field = s.field(readingField(k), r.value, r.valueErr, takeNumber(planner.FieldObservation, "", func(v float64, _ bool) {
			s.editObservation(k, func(o *planner.Observation) { o.Value = v })
		}))
		r.remove = widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { s.onRemoveObservation(k) })
		r.remove.Importance = widget.LowImportance
		s.obsRows = append(s.obsRows, r)

		h := r.value.MinSize().Height
		right := container.NewHBox(
			container.NewGridWrap(fyne.NewSize(110, h), r.value),
			container.NewGridWrap(fyne.NewSize(118, h), r.unit),
			r.remove)
		rows = append(rows, container.NewVBox(
			container.NewBorder(nil, nil, nil, right, r.indicator), r.indErr, r.valueErr))
	}
	if len(in.Observations) == 0 {
		none := widget.NewLabel("None: this inject reports no readings, so it crosses no red line.")
		none.Importance = widget.LowImportance
		none.Wrapping = fyne.TextWrapWord
		rows = append(rows, none)
	}
	s.obsBox.Objects = rows
	s.obsBox.Refresh()
}

// showIndicator selects key in a row's picker and shows its unit; an
// unknown key is flagged instead.
func (s *injectsScreen) showIndicator(r *injectObsRow, key string) {
	if ind, ok := s.cat.Indicator(key); ok {
		r.indicator.PlaceHolder = "(pick an indicator)"
		r.indicator.SetSelected(s.indicators.label(key))
		r.unit.SetText(ind.Unit)
		showError(r.indErr, "")
		return
	}
	r.indicator.ClearSelected()
	r.indicator.PlaceHolder = key + " (unknown)"
	r.indicator.Refresh()
	r.unit.SetText("")
	showError(r.indErr, unknownIndicatorMessage(key))
}

func unknownIndicatorMessage(key string) string {
	return fmt.Sprintf("%q is not a known indicator, so this reading crosses nothing; pick one from the list "+
		"or add it to the plan's indicators.", key)
}

// editObservation changes observation k of the selected inject in a new
// list: the old one may be held by an undo state.
func (s *injectsScreen) editObservation(k int, change func(*planner.Observation)) {
	s.edit(func(in *planner.Inject) {
		if k < len(in.Observations) {
			obs := slices.Clone(in.Observations)
			change(&obs[k])
			in.Observations = obs
		}
	})
}

func (s *injectsScreen) onObsIndicator(k int, r *injectObsRow, opt string) {
	if s.loading {
		return
	}
	key := s.indicators.value(opt)
	ind, ok := s.cat.Indicator(key)
	if !ok {
		return // the picker offers only known indicators
	}
	r.indicator.PlaceHolder = "(pick an indicator)"
	r.unit.SetText(ind.Unit)
	showError(r.indErr, "")
	s.editObservation(k, func(o *planner.Observation) { o.Indicator = key })
}

// onAddObservation adds a reading of the first indicator the inject does not
// observe yet, at 0, for the user to set.
func (s *injectsScreen) onAddObservation() {
	in, ok := s.current()
	if !ok || len(s.cat.Indicators) == 0 {
		return
	}
	key := s.cat.Indicators[0].Key
	for _, ind := range s.cat.Indicators {
		if !slices.ContainsFunc(in.Observations, func(o planner.Observation) bool { return o.Indicator == ind.Key }) {
			key = ind.Key
			break
		}
	}
	s.edit(func(in *planner.Inject) {
		in.Observations = append(slices.Clip(in.Observations), planner.Observation{Indicator: key})
	})
	s.load()
}

// onRemoveObservation removes observation k; the readings' fields are
// numbered anew, so what they held that the plan did not take is let go.
func (s *injectsScreen) onRemoveObservation(k int) {
	in, ok := s.current()
	if !ok || k >= len(in.Observations) {
		return
	}
	for j := range in.Observations {
		s.m.SetInvalid(in.ID, readingField(j), "")
	}
	s.edit(func(in *planner.Inject) {
		in.Observations = slices.Delete(slices.Clone(in.Observations), k, k+1)
	})
	s.load()
}

// parseHours reads a time of the script, or says what is wrong with it.
func parseHours(text string) (float64, string) {
	h, err := planner.FieldAtHours.Parse(text)
	switch {
	case err != nil && strings.TrimSpace(text) == "":
		return 0, injectNeedsTime
	case err != nil:
		return 0, sentence(err.Error())
	}
	return h, ""
}

// updatePhaseNote says which phase is in force once the selected inject has
// played: the plan's, changed by every phase change up to it.
func (s *injectsScreen) updatePhaseNote() {
	if s.selected < 0 {
		return
	}
	s.resort()
	in := s.items()
	phase := s.m.Plan().Phase
	for _, i := range s.order[:s.rowOf[s.selected]+1] {
		if p := in[i].Phase; p != "" {
			phase = p
		}
	}
	s.phaseNote.SetText("in force after it: " + phase.Label())
}

// updateMoves enables Move up and Move down when the selected inject shares
// its time with its neighbour in the list: only then does the list order
// matter, since injects play by time and ties in list order.
func (s *injectsScreen) updateMoves() {
	up, down := s.canMove(-1), s.canMove(1)
	setEnabled(s.up, up)
	setEnabled(s.down, down)
	in, ok := s.current()
	switch {
	case !ok:
		s.moveHint.SetText("Injects play by time. Move up and down reorder injects at the same time.")
	case up || down:
		s.moveHint.SetText(fmt.Sprintf("Injects at %s play in list order; move up and down change it.",
			injectTime(in.AtHours)))
	default:
		s.moveHint.SetText(fmt.Sprintf("%s is the only inject at %s; change its time to move it.",
			in.ID, injectTime(in.AtHours)))
	}
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// canMove reports whether the selected inject's neighbour d rows away
// plays at the same time.
func (s *injectsScreen) canMove(d int) bool {
	in, ok := s.current()
	if !ok {
		return false
	}
	s.resort()
	row := s.rowOf[s.selected] + d
	if row < 0 || row >= len(s.order) {
		return false
	}
	return s.items()[s.order[row]].AtHours == in.AtHours
}

// move swaps the selected inject with its neighbour at the same time in the
// plan's list, which swaps the order they play in; the selection stays on
// the inject that moved.
func (s *injectsScreen) move(d int) {
	if !s.canMove(d) {
		return
	}
	i, j := s.selected, s.order[s.rowOf[s.selected]+d]
	edit.Swap(s.m.Session, edit.Injects, i, j) // sync finds the inject again at j
	s.list.ScrollTo(s.rowOf[s.selected])
}

// nextTime is when a new inject goes: injectGap hours after the last one.
func (s *injectsScreen) nextTime() float64 {
	last := -1.0
	for _, in := range s.items() {
		last = max(last, in.AtHours)
	}
	if last < 0 {
		return 0
	}
	return last + injectGap
}

// onAdd appends an inject after the last one and selects it. It observes
// nothing yet, so it crosses nothing until the user adds readings.
func (s *injectsScreen) onAdd() {
	s.entityForm.onAdd(planner.Inject{ID: s.m.FreeID(edit.Injects.Prefix, len(s.items())+1), AtHours: s.nextTime(), Title: "New inject"})
}

// onDelete removes the selected inject. Nothing in a plan refers to an
// inject, so there is nothing to ask about.
func (s *injectsScreen) onDelete() { s.entityForm.onDelete("Delete inject?", nil) }

// updateSummary says what the timeline shows.
func (s *injectsScreen) updateSummary() {
	in := s.items()
	if len(in) == 0 {
		s.summary.SetText("no injects yet")
		return
	}
	s.resort()
	last := in[s.order[len(in)-1]].AtHours
	changes := 0
	for i := range in {
		if in[i].Phase != "" {
			changes++
		}
	}
	s.summary.SetText(fmt.Sprintf("%s over %s · %s · phase at the start: %s · click a marker to select",
		plural(len(in), "inject", "injects"), injectSpan(last), plural(changes, "phase change", "phase changes"),
		s.m.Plan().Phase.Label()))
}

// injectTime is a time of the script as facilitators say it: T+30h.
func injectTime(h float64) string { return planner.Clock(h) }

// injectClock is a time of the script on the exercise's clock: day 1 starts
// at T+0h, so T+30h is day 2, 06:00.
func injectClock(h float64) string {
	if h >= 1e9 {
		return injectTime(h)
	}
	minutes := int64(math.Round(h * 60))
	return fmt.Sprintf("%s · day %d, %02d:%02d", injectTime(h), minutes/1440+1, minutes%1440/60, minutes%60)
}

// injectSpan is the length of a script: hours, and days when it is long.
func injectSpan(h float64) string {
	if h < 48 {
		return planner.Number(h) + " h"
	}
	return fmt.Sprintf("%s h (%s days)", planner.Number(h), strconv.FormatFloat(h/24, 'f', 1, 64))
}

// injectLibrary is the dialog that inserts an inject from the reference
// library of templates.
type injectLibrary struct {
	s         *injectsScreen
	templates []seeds.InjectTemplate
	list      *widget.List
	chosen    int
	detail    *widget.Label
	at        *widget.Entry
	atErr     *widget.Label
	insert    *widget.Button
	cancel    *widget.Button
	dlg       *dialog.CustomDialog
}

// openLibrary shows the library of inject templates.
func (s *injectsScreen) openLibrary() {
	l := &injectLibrary{s: s, templates: seeds.InjectTemplates(), chosen: -1}
	l.list = widget.NewList(
		func() int { return len(l.templates) },
		newTaggedRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			t := &l.templates[i]
			tag := plural(len(t.Observations), "reading", "readings")
			if t.Phase != "" {
				tag += " · → " + t.Phase.Label()
			}
			setTaggedRow(o, t.Title, tag)
		},
	)
	l.detail = wrappedLabel("Choose a template; it is inserted as a new inject that you can then edit.")
	l.at = widget.NewEntry()
	l.at.SetText(fieldNumber(s.nextTime()))
	l.atErr = errorLabel()
	clock := widget.NewLabel(injectClock(s.nextTime()))
	l.at.OnChanged = func(text string) {
		if h, msg := parseHours(text); msg != "" {
			showError(l.atErr, msg)
		} else {
			showError(l.atErr, "")
			clock.SetText(injectClock(h))
		}
	}
	l.insert = widget.NewButtonWithIcon("Insert", theme.ContentAddIcon(), l.onInsert)
	l.insert.Importance = widget.HighImportance
	l.insert.Disable()
	l.cancel = widget.NewButton("Cancel", l.close)
	l.list.OnSelected = func(i widget.ListItemID) {
		l.chosen = i
		l.detail.SetText(s.templateText(&l.templates[i]))
		l.insert.Enable()
	}

	when := widget.NewForm(widget.NewFormItem("At (hours)", container.NewVBox(
		container.NewBorder(nil, nil, nil, clock, l.at), l.atErr)))
	note := widget.NewLabel(fmt.Sprintf("Default: %d h after the last inject.", injectGap))
	note.Importance = widget.LowImportance
	note.SizeName = theme.SizeNameCaptionText
	body := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), l.detail, when, note), nil, nil, l.list)
	s.picker = l
	l.dlg = dialog.NewCustomWithoutButtons("Insert from library", body, s.m.ui.win)
	l.dlg.SetButtons([]fyne.CanvasObject{l.cancel, l.insert})
	l.dlg.Resize(fyne.NewSize(700, 680))
	l.dlg.Show()
}

// templateText describes a template: its readings with their units, the
// phase it brings, and the documents behind it.
func (s *injectsScreen) templateText(t *seeds.InjectTemplate) string {
	cat := s.m.ui.cat.ForPlan(s.m.Plan())
	var b strings.Builder
	for _, o := range t.Observations {
		ind, _ := cat.Indicator(o.Indicator)
		fmt.Fprintf(&b, "• %s: %s (%s)\n", ind.Name, planner.Number(o.Value), ind.Unit)
	}
	if t.Phase != "" {
		fmt.Fprintf(&b, "Phase from then on: %s\n", t.Phase.Label())
	}
	fmt.Fprintf(&b, "\n%s (%s)", t.Basis, sourcesLabel(t.Sources))
	return b.String()
}

// onInsert inserts the chosen template at the time given, with an id of its
// own, and selects it.
func (l *injectLibrary) onInsert() {
	if l.chosen < 0 {
		return
	}
	h, msg := parseHours(l.at.Text)
	if msg != "" {
		showError(l.atErr, msg)
		return
	}
	t := l.templates[l.chosen]
	l.s.entityForm.onAdd(t.Inject(l.s.m.FreeID(t.ID+"-", 1), h))
	l.close()
}

func (l *injectLibrary) close() {
	l.dlg.Hide()
}
