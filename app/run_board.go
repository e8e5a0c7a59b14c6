package app

import (
	"image/color"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// The run's two lists beside the detail: the decisions the room has yet to
// take, each decided in place, and the board of where every response
// stands. Both are virtual: a run of 10,000 injects with thousands of
// responses draws the rows in sight.

// openRow is a row of the open decisions: the response and what put it to
// the coalition, the choices and the note. A row is reused for other
// decisions as the list scrolls; key is the one it shows now.
type openRow struct {
	key    decisionKey
	title  *widget.Label
	where  *widget.Label
	choice *widget.RadioGroup
	note   *widget.Entry
}

func (r *runView) newOpenRow() fyne.CanvasObject {
	row := &openRow{title: boldLabel(""), where: widget.NewLabel(""), note: widget.NewEntry()}
	row.title.Truncation = fyne.TextTruncateEllipsis
	row.where.Truncation = fyne.TextTruncateEllipsis
	row.where.SizeName = theme.SizeNameCaptionText
	row.choice = widget.NewRadioGroup(choiceLabels, nil)
	row.choice.Horizontal = true
	row.note.SetPlaceHolder("Why — for the report")
	tight := layout.NewCustomPaddedVBoxLayout(-2 * theme.InnerPadding())
	o := container.NewVBox(container.New(tight, row.title, row.where), row.choice, row.note, widget.NewSeparator())
	r.openRows[o] = row
	return o
}

// showOpenRow binds a row to open decision i: its choice as the engine has
// it, its note as the run records it.
func (r *runView) showOpenRow(i widget.ListItemID, o fyne.CanvasObject) {
	row := r.openRows[o]
	d := r.open.list[i]
	row.key = d.decisionKey
	setLabel(row.title, r.responseTitle(d.response))
	setLabel(row.where, planner.Clock(d.at)+" · "+r.redLineTitle(d.redLine)+" crossed")
	row.choice.OnChanged = nil
	row.choice.SetSelected(labelOfChoice(r.ex.Decision(d.inject, d.redLine, d.response)))
	row.choice.OnChanged = func(label string) { r.decide(row.key, choiceOf(label)) }
	row.note.OnChanged = nil
	note := ""
	if k := r.recordOf(d.decisionKey); k >= 0 {
		note = r.rec.Decisions[k].Note
		row.note.Enable()
	} else {
		row.note.Disable()
	}
	if row.note.Text != note {
		row.note.SetText(note)
	}
	row.note.OnChanged = func(text string) { r.setNote(row.key, text) }
}

// standWord is where a response stands, in a word or two: every colour on
// the board comes with it.
func standWord(s planner.ResponseStatus) string {
	switch s {
	case planner.StandUnderWay:
		return "Under way"
	case planner.StandAwaiting:
		return "Awaiting decision"
	case planner.StandRejected:
		return "Rejected"
	case planner.StandDeferred:
		return "Deferred"
	case planner.StandBlocked:
		return "Blocked"
	}
	return "Ready"
}

// standColor is the colour of where a response stands: green under way,
// amber waiting on the coalition, blue deferred, red rejected or blocked,
// grey ready.
func standColor(s planner.ResponseStatus) color.Color {
	return theme.Color(standColorName(s))
}

func standColorName(s planner.ResponseStatus) fyne.ThemeColorName {
	switch s {
	case planner.StandUnderWay:
		return theme.ColorNameSuccess
	case planner.StandAwaiting:
		return theme.ColorNameWarning
	case planner.StandDeferred:
		return theme.ColorNamePrimary
	case planner.StandRejected, planner.StandBlocked:
		return theme.ColorNameError
	}
	return theme.ColorNameDisabled
}

func standImportance(s planner.ResponseStatus) widget.Importance {
	switch s {
	case planner.StandUnderWay:
		return widget.SuccessImportance
	case planner.StandAwaiting:
		return widget.WarningImportance
	case planner.StandDeferred:
		return widget.HighImportance
	case planner.StandRejected, planner.StandBlocked:
		return widget.DangerImportance
	}
	return widget.LowImportance
}

// standText says where a response stands and since when, with titles: what
// a board row and the room view show under its name.
func (r *runView) standText(st *planner.ResponseState) string {
	last := st.Last
	switch st.Status {
	case planner.StandUnderWay:
		how := "fired"
		if st.ByDecision {
			how = "approved by the coalition"
		}
		text := "Since " + planner.Clock(st.Since) + " (" + how + "), in effect from " + planner.Clock(st.EffectiveAt)
		if last != nil && last.Status == planner.Blocked {
			text += "; blocked at " + planner.Clock(last.AtHours) + ": " + r.blockedText(last.Reason)
		}
		return text
	case planner.StandAwaiting:
		return "Put to the coalition at " + planner.Clock(last.AtHours) + " (" + r.redLineTitle(last.RedLine) + ")"
	case planner.StandRejected, planner.StandDeferred:
		return capitalize(planner.ChoiceText(last.Choice)) + " at " + planner.Clock(last.AtHours) + " (" + r.redLineTitle(last.RedLine) + ")"
	case planner.StandBlocked:
		return "At " + planner.Clock(last.AtHours) + ": " + r.blockedText(last.Reason)
	}
	return "Nothing has set it off yet"
}

// capitalize puts a phrase at the start of a sentence.
func capitalize(s string) string {
	for i, c := range s {
		return string(unicode.ToUpper(c)) + s[i+utf8.RuneLen(c):]
	}
	return s
}

// newBoardRow is a row of the board: a bar in the state's colour, the state
// in words, the response and what put it there.
func newBoardRow() fyne.CanvasObject {
	bar := canvas.NewRectangle(color.Transparent)
	bar.SetMinSize(fyne.NewSize(6, 0))
	word := boldLabel("")
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	why := widget.NewLabel("")
	why.Truncation = fyne.TextTruncateEllipsis
	why.SizeName = theme.SizeNameCaptionText
	tight := layout.NewCustomPaddedVBoxLayout(-2 * theme.InnerPadding())
	return container.NewBorder(nil, nil, bar, nil, container.New(tight, container.NewBorder(nil, nil, word, nil, name), why))
}

func (r *runView) showBoardRow(st *planner.ResponseState, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	lines := c.Objects[0].(*fyne.Container)
	bar := c.Objects[1].(*canvas.Rectangle)
	top := lines.Objects[0].(*fyne.Container)
	name, word := top.Objects[0].(*widget.Label), top.Objects[1].(*widget.Label)
	why := lines.Objects[1].(*widget.Label)
	if fill := standColor(st.Status); bar.FillColor != fill {
		bar.FillColor = fill
		bar.Refresh()
	}
	if imp := standImportance(st.Status); word.Importance != imp {
		word.Importance = imp
		word.Refresh()
	}
	setLabel(word, standWord(st.Status))
	setLabel(name, st.Response.Title)
	setLabel(why, r.standText(st))
}
