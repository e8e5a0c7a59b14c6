package app

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// noIndicator is the indicator select's entry for a red line that watches
// none yet.
const noIndicator = "(none)"

// severities are the red line severities, as the select shows them.
var severities = []string{"1", "2", "3", "4", "5"}

// redLinesScreen lists the plan's red lines and edits the selected one.
type redLinesScreen struct {
	entityForm

	title     *widget.Entry
	titleErr  *widget.Label
	domain    *widget.Select
	indicator *widget.Select
	op        *widget.Select
	value     *widget.Entry
	valueErr  *widget.Label
	severity  *widget.Select
	notes     *textArea
	add       *widget.Button

	// indicatorKeys maps the indicator select's options to indicator keys.
	indicatorKeys map[string]string
	content       fyne.CanvasObject
}

func newRedLinesScreen(m *planModel) *redLinesScreen {
	s := &redLinesScreen{entityForm: entityForm{m: m, selected: -1}}
	s.buildUI()
	s.load()
	m.onChecked = append(m.onChecked, s.showFindings)
	return s
}

func (s *redLinesScreen) buildUI() {
	s.list = widget.NewList(
		func() int { return len(s.m.p.RedLines) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := &s.m.p.RedLines[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s  %s", r.ID, r.Title))
		},
	)
	s.list.OnSelected = func(i widget.ListItemID) {
		s.selected = i
		s.load()
	}
	s.list.OnUnselected = func(widget.ListItemID) {
		s.selected = -1
		s.load()
	}

	s.id = widget.NewEntry()
	s.idErr = errorLabel()
	s.id.OnChanged = s.onID
	s.title = widget.NewEntry()
	s.titleErr = errorLabel()
	s.title.OnChanged = func(t string) {
		if n := utf8.RuneCountInString(t); n == 0 {
			s.refuse(s.titleErr, "A red line needs a title.")
		} else if n > maxTitle {
			s.refuse(s.titleErr, fmt.Sprintf("At most %d characters; this is %d.", maxTitle, n))
		} else {
			s.edit(s.titleErr, func(r *planner.RedLine) { r.Title = t })
		}
	}
	s.domain = widget.NewSelect(enumStrings(planner.Domains), func(d string) {
		s.edit(nil, func(r *planner.RedLine) { r.Domain = planner.Domain(d) })
	})
	s.indicator = widget.NewSelect(nil, func(opt string) {
		s.edit(nil, func(r *planner.RedLine) { r.Indicator = s.indicatorKeys[opt] })
	})
	s.op = widget.NewSelect(enumStrings(planner.Ops), func(string) { s.onThreshold() })
	s.value = widget.NewEntry()
	s.value.SetPlaceHolder("no threshold")
	s.valueErr = errorLabel()
	s.value.OnChanged = func(string) { s.onThreshold() }
	s.severity = widget.NewSelect(severities, func(v string) {
		n, _ := strconv.Atoi(v)
		s.edit(nil, func(r *planner.RedLine) { r.Severity = n })
	})
	s.notes = newTextArea()
	s.notes.Wrapping = fyne.TextWrapWord
	s.notes.SetMinRowsVisible(4)
	s.notes.OnChanged = func(t string) { s.edit(nil, func(r *planner.RedLine) { r.Notes = t }) }
	s.findings = wrappedLabel("")

	s.add = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), s.onAdd)
	s.remove = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), s.onDelete)

	s.form = container.NewVBox(widget.NewForm(
		widget.NewFormItem("ID", container.NewVBox(s.id, s.idErr)),
		widget.NewFormItem("Title", container.NewVBox(s.title, s.titleErr)),
		widget.NewFormItem("Domain", s.domain),
		widget.NewFormItem("Indicator", s.indicator),
		widget.NewFormItem("Threshold", container.NewVBox(
			container.NewBorder(nil, nil, s.op, nil, s.value), s.valueErr)),
		widget.NewFormItem("Severity", s.severity),
		widget.NewFormItem("Notes", s.notes),
	), s.findings)
	s.hint = widget.NewLabel("Select a red line, or press Add to draw a new one.")

	left := container.NewBorder(nil, container.NewHBox(s.add, s.remove), nil, nil, s.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewStack(s.form, s.hint)))
	split.Offset = 0.35
	s.content = split
}

// refresh redraws the list and the form from the model, e.g. after a save
// turned fresh red lines into stored ones.
func (s *redLinesScreen) refresh() {
	s.list.Refresh()
	s.load()
}

// selectID selects the red line with that id.
func (s *redLinesScreen) selectID(id string) {
	if i := s.m.redLineIndex(id); i >= 0 {
		s.list.Select(i)
		s.list.ScrollTo(i)
	}
}

// load shows the selected red line in the form without counting that as an
// edit.
func (s *redLinesScreen) load() {
	s.loading = true
	defer func() { s.loading = false }()
	if !s.showSelected(len(s.m.p.RedLines), func(i int) string { return s.m.p.RedLines[i].ID }, s.titleErr, s.valueErr) {
		return
	}
	r := &s.m.p.RedLines[s.selected]
	s.title.SetText(r.Title)
	s.domain.SetSelected(string(r.Domain))
	s.loadIndicators(r.Indicator)
	if r.Threshold != nil {
		s.op.SetSelected(string(r.Threshold.Op))
		s.value.SetText(strconv.FormatFloat(r.Threshold.Value, 'f', -1, 64))
	} else {
		s.op.SetSelected(string(planner.OpGE))
		s.value.SetText("")
	}
	s.severity.SetSelected(strconv.Itoa(r.Severity))
	s.notes.SetText(r.Notes)
	s.showFindings()
}

// loadIndicators offers the catalogue's and the plan's indicators, each by
// name and unit, and selects key.
func (s *redLinesScreen) loadIndicators(key string) {
	cat := s.m.ui.cat.ForPlan(s.m.p)
	opts := []string{noIndicator}
	s.indicatorKeys = map[string]string{noIndicator: ""}
	selected := noIndicator
	for _, ind := range cat.Indicators {
		opt := fmt.Sprintf("%s (%s)", ind.Name, ind.Unit)
		opts = append(opts, opt)
		s.indicatorKeys[opt] = ind.Key
		if ind.Key == key {
			selected = opt
		}
	}
	if key != "" && selected == noIndicator {
		// An indicator nobody declares: keep it visible rather than drop it;
		// the checker reports it as an invalid reference.
		opt := key + " (undeclared)"
		opts = append(opts, opt)
		s.indicatorKeys[opt] = key
		selected = opt
	}
	s.indicator.SetOptions(opts)
	s.indicator.SetSelected(selected)
}

// showFindings lists what the checker says about the selected red line.
func (s *redLinesScreen) showFindings() {
	if s.selected < 0 || s.selected >= len(s.m.p.RedLines) {
		return
	}
	s.showFindingsAbout(s.m.p.RedLines[s.selected].ID, "The checker has nothing to say about this red line.")
}

// edit applies a valid change to a copy of the selected red line and puts the
// copy in its place (see entityForm.edit).
func (s *redLinesScreen) edit(errLabel *widget.Label, change func(*planner.RedLine)) {
	editEntity(&s.entityForm, s.m.p.RedLines, errLabel, change, sameRedLine)
}

func (s *redLinesScreen) onID(id string) {
	if s.loading || s.selected < 0 {
		return
	}
	old := s.m.p.RedLines[s.selected].ID
	switch msg := s.m.renameProblem(old, id); {
	case id == old:
		showError(s.idErr, "")
	case msg != "":
		s.refuse(s.idErr, msg)
	default:
		s.m.renamed(old, id)
		s.edit(s.idErr, func(r *planner.RedLine) { r.ID = id })
	}
}

// onThreshold reads the op and value: an empty value means no threshold, a
// number sets one, anything else is refused.
func (s *redLinesScreen) onThreshold() {
	if s.loading || s.selected < 0 {
		return
	}
	text := strings.TrimSpace(s.value.Text)
	if text == "" {
		s.edit(s.valueErr, func(r *planner.RedLine) { r.Threshold = nil })
		return
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || v != v || v > 1e308 || v < -1e308 { // no NaN or infinity either: the format has none
		s.refuse(s.valueErr, fmt.Sprintf("%q is not a number; write a value such as 10 or 2.5.", text))
		return
	}
	op := planner.Op(s.op.Selected)
	s.edit(s.valueErr, func(r *planner.RedLine) { r.Threshold = &planner.Threshold{Op: op, Value: v} })
}

// onAdd appends a red line with a free id and selects it for editing. It has
// no indicator or threshold yet, which the checker points out.
func (s *redLinesScreen) onAdd() {
	id := ""
	for n := len(s.m.p.RedLines) + 1; ; n++ {
		if id = fmt.Sprintf("rl-%d", n); !s.m.idTaken(id) {
			break
		}
	}
	s.m.p.RedLines = append(s.m.p.RedLines, planner.RedLine{
		ID: id, Title: "New red line", Domain: planner.DomainLand, Severity: 3,
	})
	s.m.fresh[id] = true
	s.m.changed()
	s.list.Refresh()
	s.list.Select(len(s.m.p.RedLines) - 1)
}

// onDelete removes the selected red line with the links that answer it,
// which would otherwise point nowhere.
func (s *redLinesScreen) onDelete() {
	if s.selected < 0 || s.selected >= len(s.m.p.RedLines) {
		return
	}
	r := s.m.p.RedLines[s.selected]
	deleteWithLinks(&s.entityForm, func() *[]planner.RedLine { return &s.m.p.RedLines }, func(l planner.Link) string { return l.RedLine },
		func(x planner.RedLine) string { return x.ID }, func(links int) string {
			return fmt.Sprintf("Delete red line %s “%s” and the %s that answer it?", r.ID, r.Title, plural(links, "link", "links"))
		}, "Delete red line?", s.refresh)
}

func sameRedLine(a, b planner.RedLine) bool {
	ta, tb := a.Threshold, b.Threshold
	a.Threshold, b.Threshold = nil, nil
	return a == b && (ta == nil) == (tb == nil) && (ta == nil || *ta == *tb)
}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
