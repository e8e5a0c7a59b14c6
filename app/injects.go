package app

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/seeds"
)

// injectGap is how long after the last inject a new one is placed, by Add
// and by the library: half a day, the beat of the reference script.
const injectGap = 12

// injectsScreen edits the plan's tabletop-exercise script. The list shows
// the injects in the order the exercise plays them (by time, ties in file
// order), the form edits the selected one, and a timeline under both shows
// the whole script.
//
// entityForm.selected is the selected inject's index in the plan's list;
// order maps the rows of the list to those indices and rowOf back.
type injectsScreen struct {
	entityForm

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
	add       *widget.Button
	library   *widget.Button
	up        *widget.Button
	down      *widget.Button
	moveHint  *widget.Label
	summary   *widget.Label
	timeline  *injectTimeline

	order []int // play order: plan indices by time, ties in file order
	rowOf []int // the inverse of order
	// selID is the selected inject's id, to find it again after undo.
	selID string
	// listRow is the row the list has selected, -1 for none; syncing is
	// true while the list's selection is moved to follow the selected
	// inject after its time changed, which must not reload the form.
	listRow int
	syncing bool

	cat        *planner.Catalog
	indicators *optionSet[string] // the indicator pickers' choices
	phases     *optionSet[planner.Phase]
	picker     *injectLibrary // the library dialog last opened
	content    fyne.CanvasObject
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
}

func newInjectsScreen(m *planModel) *injectsScreen {
	s := &injectsScreen{entityForm: entityForm{m: m, selected: -1}, listRow: -1}
	s.phases = newOptionSet([]planner.Phase{"", planner.PhaseWar, planner.PhaseCeasefire, planner.PhaseSettlement},
		func(p planner.Phase) string {
			if p == "" {
				return "No change"
			}
			return p.Label()
		})
	s.buildUI()
	s.resort()
	s.load()
	s.updateSummary()
	m.onChecked = append(m.onChecked, s.showFindings)
	m.onChange = append(m.onChange, s.sync)
	return s
}

func (s *injectsScreen) buildUI() {
	s.list = widget.NewList(
		func() int {
			if len(s.order) != len(s.m.p.Injects) {
				s.resort()
			}
			return len(s.order)
		},
		newTaggedRow,
		func(row widget.ListItemID, o fyne.CanvasObject) {
			if row >= len(s.order) || s.order[row] >= len(s.m.p.Injects) {
				return
			}
			in := &s.m.p.Injects[s.order[row]]
			tag := ""
			if in.Phase != "" {
				tag = "→ " + strings.ToLower(in.Phase.Label())
			}
			setTaggedRow(o, fmt.Sprintf("%s   %s  %s", injectTime(in.AtHours), in.ID, in.Title), tag)
		},
	)
	s.list.OnSelected = func(row widget.ListItemID) {
		s.listRow = row
		if s.syncing || row >= len(s.order) {
			return
		}
		s.setSelected(s.order[row])
		s.load()
	}
	s.list.OnUnselected = func(row widget.ListItemID) {
		if s.listRow == row {
			s.listRow = -1
		}
		if s.syncing {
			return
		}
		s.setSelected(-1)
		s.load()
	}

	s.id = widget.NewEntry()
	s.idErr = errorLabel()
	s.id.OnChanged = s.onID
	s.title = widget.NewEntry()
	s.titleErr = errorLabel()
	s.title.OnChanged = func(t string) {
		if n := utf8.RuneCountInString(strings.TrimSpace(t)); n == 0 {
			s.refuse(s.titleErr, "An inject needs a title: what the players are told.")
		} else if n := utf8.RuneCountInString(t); n > maxTitle {
			s.refuse(s.titleErr, fmt.Sprintf("At most %d characters; this is %d.", maxTitle, n))
		} else {
			s.edit(s.titleErr, func(in *planner.Inject) { in.Title = t })
		}
	}
	s.at = widget.NewEntry()
	s.at.SetPlaceHolder("hours since the start, e.g. 36")
	s.atErr = errorLabel()
	s.atClock = widget.NewLabel("")
	s.at.OnChanged = s.onAt
	s.phase = widget.NewSelect(s.phases.labels, func(opt string) {
		s.edit(nil, func(in *planner.Inject) { in.Phase = s.phases.value(opt) })
	})
	s.phaseNote = widget.NewLabel("")
	s.obsBox = container.NewVBox()
	s.addObs = widget.NewButtonWithIcon("Add observation", theme.ContentAddIcon(), s.onAddObservation)
	s.findings = wrappedLabel("")

	s.add = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), s.onAdd)
	s.library = widget.NewButtonWithIcon("Insert from library…", theme.FolderOpenIcon(), s.openLibrary)
	s.remove = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), s.onDelete)
	s.up = widget.NewButtonWithIcon("Move up", theme.MoveUpIcon(), func() { s.move(-1) })
	s.down = widget.NewButtonWithIcon("Move down", theme.MoveDownIcon(), func() { s.move(1) })
	s.moveHint = wrappedLabel("")
	s.moveHint.SizeName = theme.SizeNameCaptionText

	s.form = container.NewVBox(widget.NewForm(
		widget.NewFormItem("ID", container.NewVBox(s.id, s.idErr)),
		widget.NewFormItem("Title", container.NewVBox(s.title, s.titleErr)),
		widget.NewFormItem("At (hours)", container.NewVBox(
			container.NewBorder(nil, nil, nil, s.atClock, s.at), s.atErr)),
		widget.NewFormItem("Phase change", container.NewVBox(
			container.NewBorder(nil, nil, nil, s.phaseNote, s.phase))),
		widget.NewFormItem("Observations", container.NewVBox(s.obsBox,
			container.NewHBox(s.addObs))),
	), s.findings)
	s.hint = wrappedLabel("Select an inject, press Add to write a new one, or insert one from the library.")

	buttons := container.NewVBox(
		container.NewGridWithColumns(2, s.add, s.library),
		container.NewGridWithColumns(3, s.remove, s.up, s.down),
		s.moveHint,
	)
	left := container.NewBorder(nil, buttons, nil, nil, s.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewStack(s.form, s.hint)))
	split.Offset = 0.42

	s.timeline = newInjectTimeline(s)
	s.summary = widget.NewLabel("")
	s.summary.Truncation = fyne.TextTruncateEllipsis
	heading := widget.NewLabel("Timeline")
	heading.TextStyle.Bold = true
	top := container.NewBorder(nil, nil, heading, injectPhaseLegend(), s.summary)
	s.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), top, s.timeline), nil, nil, split)
}

// injectPhaseLegend names the colours the timeline gives the phases.
func injectPhaseLegend() fyne.CanvasObject {
	box := container.NewHBox()
	for _, p := range planner.Phases {
		swatch := newPhaseSwatch(p)
		l := widget.NewLabel(p.Label())
		l.SizeName = theme.SizeNameCaptionText
		box.Add(container.NewHBox(container.NewCenter(swatch), l))
	}
	return box
}

// resort works out the play order again when it no longer holds: the order
// is the only permutation whose neighbours ascend by time and then by
// index, so checking that is enough. It reports whether it changed.
func (s *injectsScreen) resort() bool {
	in := s.m.p.Injects
	if len(s.order) == len(in) && inPlayOrder(in, s.order) {
		return false
	}
	s.order = playOrder(in)
	s.rowOf = slices.Grow(s.rowOf[:0], len(in))[:len(in)]
	for row, i := range s.order {
		s.rowOf[i] = row
	}
	return true
}

// playOrder is the order the exercise engine plays injects in: by time,
// ties in file order.
func playOrder(in []planner.Inject) []int {
	order := make([]int, len(in))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case in[a].AtHours < in[b].AtHours:
			return -1
		case in[a].AtHours > in[b].AtHours:
			return 1
		}
		return 0
	})
	return order
}

func inPlayOrder(in []planner.Inject, order []int) bool {
	for k := 1; k < len(order); k++ {
		a, b := order[k-1], order[k]
		if in[a].AtHours > in[b].AtHours || in[a].AtHours == in[b].AtHours && a > b {
			return false
		}
	}
	return true
}

func (s *injectsScreen) setSelected(i int) {
	s.selected = i
	if i >= 0 && i < len(s.m.p.Injects) {
		s.selID = s.m.p.Injects[i].ID
	} else {
		s.selected, s.selID = -1, ""
	}
}

// sync follows every edit of the plan: the order, the list, the timeline
// and the move buttons. It leaves the form alone, since the user may be
// typing in it; when the selected inject moved in the order, the list's
// selection moves with it.
func (s *injectsScreen) sync() {
	s.resort()
	if s.selected >= len(s.m.p.Injects) {
		s.setSelected(-1)
	}
	s.list.Refresh()
	s.followSelection()
	s.updateMoves()
	s.updateSummary()
	s.timeline.Refresh()
}

// followSelection selects the selected inject's row in the list without
// reloading the form.
func (s *injectsScreen) followSelection() {
	s.syncing = true
	defer func() { s.syncing = false }()
	if s.selected < 0 {
		if s.listRow >= 0 {
			s.list.UnselectAll()
		}
		return
	}
	if row := s.rowOf[s.selected]; row != s.listRow {
		s.list.Select(row)
	}
}

// refresh redraws the screen from the model: after undo or redo replaced
// the plan, and after a save fixed the ids of new injects. The selected
// inject is found again by id, since undo may have moved it.
func (s *injectsScreen) refresh() {
	s.resort()
	in := s.m.p.Injects
	if i := s.selected; i >= 0 && (i >= len(in) || in[i].ID != s.selID) {
		if j := slices.IndexFunc(in, func(x planner.Inject) bool { return x.ID == s.selID }); j >= 0 {
			i = j
		} else if i >= len(in) {
			i = -1
		}
		s.setSelected(i)
	}
	s.list.Refresh()
	s.followSelection()
	s.load()
	s.updateSummary()
}

// selectIndex selects the inject at index i of the plan's list.
func (s *injectsScreen) selectIndex(i int) {
	if i < 0 || i >= len(s.m.p.Injects) {
		return
	}
	s.resort()
	row := s.rowOf[i]
	if row == s.listRow {
		s.setSelected(i) // the row shows another inject now
		s.load()
	} else {
		s.list.Select(row)
	}
	s.list.ScrollTo(row)
}

// selectID selects the inject with that id and reports whether there is one.
func (s *injectsScreen) selectID(id string) bool {
	i := slices.IndexFunc(s.m.p.Injects, func(x planner.Inject) bool { return x.ID == id })
	if i < 0 {
		return false
	}
	s.selectIndex(i)
	return true
}

// load shows the selected inject in the form without counting that as an
// edit.
func (s *injectsScreen) load() {
	s.loading = true
	defer func() { s.loading = false }()
	s.cat = s.m.ui.cat.ForPlan(s.m.p)
	s.indicators = indicatorChoices(s.cat)
	ok := s.showSelected(len(s.m.p.Injects), func(i int) string { return s.m.p.Injects[i].ID }, s.titleErr, s.atErr)
	s.updateMoves()
	s.timeline.Refresh()
	if !ok {
		s.obsRows = nil
		s.obsBox.RemoveAll()
		return
	}
	in := &s.m.p.Injects[s.selected]
	s.title.SetText(in.Title)
	s.at.SetText(formatNumber(in.AtHours))
	s.atClock.SetText(injectClock(in.AtHours))
	s.phase.SetSelected(s.phases.label(in.Phase))
	s.updatePhaseNote()
	s.loadObservations()
	s.showFindings()
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

// loadObservations builds a row per observation of the selected inject. An
// observation of an indicator nobody declares shows the key in red with the
// reason, and its picker offers only known indicators to replace it.
func (s *injectsScreen) loadObservations() {
	in := &s.m.p.Injects[s.selected]
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
		r.value.SetText(formatNumber(ob.Value))
		s.showIndicator(r, ob.Indicator)
		r.indicator.OnChanged = func(opt string) { s.onObsIndicator(k, r, opt) }
		r.value.OnChanged = func(text string) { s.onObsValue(k, r, text) }
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

// edit applies a valid change to a copy of the selected inject and puts the
// copy in its place (see editEntity).
func (s *injectsScreen) edit(errLabel *widget.Label, change func(*planner.Inject)) {
	editEntity(&s.entityForm, s.m.p.Injects, errLabel, change, sameInject)
}

// editObservation changes observation k of the selected inject in a new
// list: the old one may be held by an undo state.
func (s *injectsScreen) editObservation(k int, errLabel *widget.Label, change func(*planner.Observation)) {
	if s.loading || s.selected < 0 || s.selected >= len(s.m.p.Injects) || k >= len(s.m.p.Injects[s.selected].Observations) {
		return
	}
	s.edit(errLabel, func(in *planner.Inject) {
		obs := slices.Clone(in.Observations)
		change(&obs[k])
		in.Observations = obs
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
	s.editObservation(k, r.indErr, func(o *planner.Observation) { o.Indicator = key })
}

func (s *injectsScreen) onObsValue(k int, r *injectObsRow, text string) {
	if s.loading {
		return
	}
	v, msg := parseNumber(text)
	if msg != "" {
		s.refuse(r.valueErr, msg+" The reading is compared with the red lines' thresholds.")
		return
	}
	s.editObservation(k, r.valueErr, func(o *planner.Observation) { o.Value = v })
}

// onAddObservation adds a reading of the first indicator the inject does not
// observe yet, at 0, for the user to set.
func (s *injectsScreen) onAddObservation() {
	if s.selected < 0 || s.selected >= len(s.m.p.Injects) || len(s.cat.Indicators) == 0 {
		return
	}
	in := &s.m.p.Injects[s.selected]
	key := s.cat.Indicators[0].Key
	for _, ind := range s.cat.Indicators {
		if !slices.ContainsFunc(in.Observations, func(o planner.Observation) bool { return o.Indicator == ind.Key }) {
			key = ind.Key
			break
		}
	}
	s.edit(nil, func(in *planner.Inject) {
		in.Observations = append(slices.Clip(in.Observations), planner.Observation{Indicator: key})
	})
	s.load()
}

func (s *injectsScreen) onRemoveObservation(k int) {
	if s.selected < 0 || s.selected >= len(s.m.p.Injects) || k >= len(s.m.p.Injects[s.selected].Observations) {
		return
	}
	s.edit(nil, func(in *planner.Inject) {
		in.Observations = slices.Delete(slices.Clone(in.Observations), k, k+1)
	})
	s.load()
}

func (s *injectsScreen) onID(id string) {
	if s.loading || s.selected < 0 || s.selected >= len(s.m.p.Injects) {
		return
	}
	old := s.m.p.Injects[s.selected].ID
	switch msg := s.m.renameProblem(old, id); {
	case id == old:
		showError(s.idErr, "")
	case id == "":
		s.refuse(s.idErr, "An inject needs an id.")
	case msg != "":
		s.refuse(s.idErr, msg)
	default:
		s.m.renamed(old, id)
		s.edit(s.idErr, func(in *planner.Inject) { in.ID = id })
		s.selID = id
	}
}

// onAt reads the time: a number of hours, 0 or more. A new time may move the
// inject in the list; the list's selection follows it.
func (s *injectsScreen) onAt(text string) {
	if s.loading || s.selected < 0 {
		return
	}
	h, msg := parseHours(text)
	if msg != "" {
		s.refuse(s.atErr, msg)
		return
	}
	s.atClock.SetText(injectClock(h))
	s.edit(s.atErr, func(in *planner.Inject) { in.AtHours = h })
	s.updatePhaseNote()
}

// parseHours reads a time of the script, or says what is wrong with it.
func parseHours(text string) (float64, string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, "An inject needs a time; write 0 for the start of the exercise."
	}
	h, msg := parseNumber(text)
	switch {
	case msg != "":
		return 0, fmt.Sprintf("%q is not a number of hours; write one such as 12 or 36.5.", text)
	case h < 0:
		return 0, "The time cannot be negative: T+0h is the start of the exercise."
	}
	return h, ""
}

// parseNumber reads a finite number; the format has no NaN or infinity.
func parseNumber(text string) (float64, string) {
	text = strings.TrimSpace(text)
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Sprintf("%q is not a number; write one such as 500 or 2.5.", text)
	}
	return v, ""
}

// updatePhaseNote says which phase is in force once the selected inject has
// played: the plan's, changed by every phase change up to it.
func (s *injectsScreen) updatePhaseNote() {
	if s.selected < 0 || s.selected >= len(s.m.p.Injects) {
		return
	}
	s.resort()
	phase := s.m.p.Phase
	for _, i := range s.order[:s.rowOf[s.selected]+1] {
		if p := s.m.p.Injects[i].Phase; p != "" {
			phase = p
		}
	}
	s.phaseNote.SetText("in force after it: " + strings.ToLower(phase.Label()))
}

// updateMoves enables Move up and Move down when the selected inject shares
// its time with its neighbour in the list: only then does the list order
// matter, since injects play by time and ties in list order.
func (s *injectsScreen) updateMoves() {
	up, down := s.canMove(-1), s.canMove(1)
	setEnabled(s.up, up)
	setEnabled(s.down, down)
	switch {
	case s.selected < 0:
		s.moveHint.SetText("Injects play by time. Move up and down reorder injects at the same time.")
	case up || down:
		s.moveHint.SetText(fmt.Sprintf("Injects at %s play in list order; move up and down change it.",
			injectTime(s.m.p.Injects[s.selected].AtHours)))
	default:
		in := &s.m.p.Injects[s.selected]
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
	if s.selected < 0 || s.selected >= len(s.m.p.Injects) {
		return false
	}
	s.resort()
	row := s.rowOf[s.selected] + d
	if row < 0 || row >= len(s.order) {
		return false
	}
	return s.m.p.Injects[s.order[row]].AtHours == s.m.p.Injects[s.selected].AtHours
}

// move swaps the selected inject with its neighbour at the same time in the
// plan's list, which swaps the order they play in; the selection stays on
// the inject that moved.
func (s *injectsScreen) move(d int) {
	if !s.canMove(d) {
		return
	}
	i, j := s.selected, s.order[s.rowOf[s.selected]+d]
	in := s.m.p.Injects
	in[i], in[j] = in[j], in[i]
	s.setSelected(j)
	s.m.changed()
	s.list.ScrollTo(s.rowOf[j])
}

// nextTime is when a new inject goes: injectGap hours after the last one.
func (s *injectsScreen) nextTime() float64 {
	last := -1.0
	for i := range s.m.p.Injects {
		last = max(last, s.m.p.Injects[i].AtHours)
	}
	if last < 0 {
		return 0
	}
	return last + injectGap
}

// freeID is the first of base-1, base-2, … that no entity of the plan uses.
func (s *injectsScreen) freeID(base string) string {
	for n := 1; ; n++ {
		if id := fmt.Sprintf("%s-%d", base, n); !s.m.idTaken(id) {
			return id
		}
	}
}

// onAdd appends an inject after the last one and selects it. It observes
// nothing yet, so it crosses nothing until the user adds readings.
func (s *injectsScreen) onAdd() {
	id := ""
	for n := len(s.m.p.Injects) + 1; ; n++ {
		if id = fmt.Sprintf("inj-%02d", n); !s.m.idTaken(id) {
			break
		}
	}
	s.insert(planner.Inject{ID: id, AtHours: s.nextTime(), Title: "New inject"})
}

// insert appends an inject as one undo step and selects it.
func (s *injectsScreen) insert(in planner.Inject) {
	s.m.p.Injects = append(s.m.p.Injects, in)
	s.m.fresh[in.ID] = true
	s.m.changed()
	s.selectIndex(len(s.m.p.Injects) - 1)
}

// onDelete removes the selected inject. Nothing in a plan refers to an
// inject, so there is nothing to ask about.
func (s *injectsScreen) onDelete() {
	if s.selected < 0 || s.selected >= len(s.m.p.Injects) {
		return
	}
	id := s.m.p.Injects[s.selected].ID
	s.m.p.Injects = slices.Delete(s.m.p.Injects, s.selected, s.selected+1)
	delete(s.m.fresh, id)
	s.setSelected(-1)
	s.m.changed()
	s.refresh()
}

// showFindings lists what the checker says about the selected inject.
func (s *injectsScreen) showFindings() {
	if s.selected < 0 || s.selected >= len(s.m.p.Injects) {
		return
	}
	s.showFindingsAbout(s.m.p.Injects[s.selected].ID, "The checker has nothing to say about this inject.")
}

// updateSummary says what the timeline shows.
func (s *injectsScreen) updateSummary() {
	n := len(s.m.p.Injects)
	if n == 0 {
		s.summary.SetText("no injects yet")
		return
	}
	last := s.m.p.Injects[s.order[n-1]].AtHours
	changes := 0
	for i := range s.m.p.Injects {
		if s.m.p.Injects[i].Phase != "" {
			changes++
		}
	}
	s.summary.SetText(fmt.Sprintf("%s over %s · %s · starts in %s · click a marker to select",
		plural(n, "inject", "injects"), injectSpan(last), plural(changes, "phase change", "phase changes"),
		strings.ToLower(s.m.p.Phase.Label())))
}

func sameInject(a, b planner.Inject) bool {
	return a.ID == b.ID && a.AtHours == b.AtHours && a.Title == b.Title && a.Phase == b.Phase &&
		slices.Equal(a.Observations, b.Observations)
}

// formatNumber writes a number as briefly as it reads back.
func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

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
		return formatNumber(h) + " h"
	}
	return fmt.Sprintf("%s h (%s days)", formatNumber(h), strconv.FormatFloat(h/24, 'f', 1, 64))
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
				tag += " · → " + strings.ToLower(t.Phase.Label())
			}
			setTaggedRow(o, t.Title, tag)
		},
	)
	l.detail = wrappedLabel("Choose a template; it is inserted as a new inject that you can then edit.")
	l.at = widget.NewEntry()
	l.at.SetText(formatNumber(s.nextTime()))
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
	cat := s.m.ui.cat.ForPlan(s.m.p)
	var b strings.Builder
	for _, o := range t.Observations {
		ind, _ := cat.Indicator(o.Indicator)
		fmt.Fprintf(&b, "• %s: %s (%s)\n", ind.Name, formatNumber(o.Value), ind.Unit)
	}
	if t.Phase != "" {
		fmt.Fprintf(&b, "Phase from then on: %s\n", strings.ToLower(t.Phase.Label()))
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
	l.s.insert(t.Inject(l.s.freeID(t.ID), h))
	l.close()
}

func (l *injectLibrary) close() {
	l.dlg.Hide()
}
