package app

import (
	"fmt"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// roomScale is how much larger the room view's type is than the app's:
// read from the back of a room on a projector.
const roomScale = 2

// roomCrossings is how many of the latest crossings the room view lists.
const roomCrossings = 5

// roomOrder is the order of the room's board: awaiting a decision first,
// then deferred, blocked, rejected, under way.
var roomOrder = map[planner.ResponseStatus]int{
	planner.StandAwaiting: 0, planner.StandDeferred: 1, planner.StandBlocked: 2,
	planner.StandRejected: 3, planner.StandUnderWay: 4,
}

// roomView is the run for a projector, in a window of its own: the clock
// and the phase, the inject the players were told last with its brief, the
// red lines crossed, and the responses that something has set off, each
// with its state in words beside its colour, those waiting on the room
// first. It follows the facilitator's
// window: the run view tells it after every step, step back and decision.
type roomView struct {
	r   *runView
	win fyne.Window

	clock    *canvas.Text
	day      *widget.Label
	phase    *widget.Label
	swatch   *canvas.Rectangle
	progress *widget.Label
	title    *widget.Label
	brief    *widget.Label
	crossed  *widget.Label
	board    *widget.List
	ready    *widget.Label
	// active are the board's responses that something has set off: the
	// room does not need the ones still ready, only how many.
	active  []planner.ResponseState
	content fyne.CanvasObject
}

// openRoom shows the room view, or brings it forward when it is open.
func (r *runView) openRoom() {
	if r.room != nil {
		r.room.win.RequestFocus()
		return
	}
	v := &roomView{r: r}
	v.win = r.u.app.NewWindow("Redline room view — " + r.rec.Title)
	v.buildUI()
	v.win.SetContent(v.content)
	v.win.Resize(fyne.NewSize(1280, 800))
	v.win.Canvas().SetOnTypedKey(v.typedKey)
	v.win.SetOnClosed(func() { v.r.forgetRoom(v) }) // v.r: a followed run's view is replaced as it moves
	r.room = v
	r.followers = append(r.followers, v.update)
	v.update()
	v.win.Show()
}

// forgetRoom stops telling a closed room view.
func (r *runView) forgetRoom(v *roomView) {
	if r.room == v {
		r.room = nil
		r.followers = nil
	}
}

// typedKey: Escape leaves full screen, or closes the room view; F11 goes to
// full screen and back.
func (v *roomView) typedKey(ev *fyne.KeyEvent) {
	switch {
	case ev.Name == fyne.KeyEscape && v.win.FullScreen():
		v.win.SetFullScreen(false)
	case ev.Name == fyne.KeyEscape:
		v.close()
	case ev.Name == fyne.KeyF11:
		v.win.SetFullScreen(!v.win.FullScreen())
	}
}

func (v *roomView) close() {
	v.r.forgetRoom(v)
	v.win.Close()
}

func (v *roomView) buildUI() {
	th := roomTheme{fyne.CurrentApp().Settings().Theme()}
	fg := th.Color(theme.ColorNameForeground, theme.VariantDark)
	v.clock = canvas.NewText("", fg)
	v.clock.TextSize = 5 * theme.TextSize()
	v.clock.TextStyle = fyne.TextStyle{Bold: true}
	v.day = widget.NewLabel("")
	v.phase = boldLabel("")
	v.swatch = canvas.NewRectangle(color.Transparent)
	v.swatch.SetMinSize(fyne.NewSize(28, 28))
	v.progress = widget.NewLabel("")
	v.title = widget.NewLabel("")
	v.title.TextStyle.Bold = true
	v.title.SizeName = theme.SizeNameSubHeadingText
	v.title.Wrapping = fyne.TextWrapWord
	v.brief = wrappedLabel("")
	v.crossed = wrappedLabel("")
	v.ready = widget.NewLabel("")
	v.ready.Importance = widget.LowImportance
	v.board = widget.NewList(func() int { return len(v.active) }, newRoomBoardRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		showRoomBoardRow(&v.active[i], o)
	})
	v.board.HideSeparators = true
	hint := widget.NewLabel("F11 full screen · Esc leaves it")
	hint.Importance = widget.LowImportance
	hint.SizeName = theme.SizeNameCaptionText

	phase := container.NewHBox(container.NewCenter(v.swatch), v.phase)
	head := container.NewBorder(nil, nil,
		container.NewHBox(v.clock, container.NewCenter(container.NewVBox(v.day, phase))),
		container.NewVBox(v.progress, hint))
	// The inject and the crossings side by side over the board, which
	// takes the whole width: responses have long names.
	story := container.NewVScroll(container.NewVBox(v.title, v.brief))
	crossed := container.NewVScroll(container.NewVBox(boldLabel("Red lines crossed"), v.crossed))
	top := container.NewHSplit(story, crossed)
	top.Offset = 0.6
	board := container.NewBorder(boldLabel("Responses"), v.ready, nil, nil, v.board)
	body := container.NewVSplit(top, board)
	body.Offset = 0.55
	bg := canvas.NewRectangle(th.Color(theme.ColorNameBackground, theme.VariantDark))
	v.content = container.NewThemeOverride(container.NewStack(bg,
		container.NewPadded(container.NewBorder(container.NewVBox(head, widget.NewSeparator()), nil, nil, nil, body))), th)
}

// update shows the run as the facilitator's window has it now.
func (v *roomView) update() {
	r := v.r
	now := r.now()
	v.clock.Text = planner.Clock(now)
	v.clock.Refresh()
	v.day.SetText(fmt.Sprintf("Day %d", planner.Day(now)))
	phase := r.ex.Phase()
	v.phase.SetText("Phase: " + phase.Label())
	v.swatch.FillColor = phaseColour(phase, roomTheme{fyne.CurrentApp().Settings().Theme()}, theme.VariantDark)
	v.swatch.Refresh()
	v.progress.SetText(fmt.Sprintf("Inject %d of %d", r.ex.Pos(), r.ex.Len()))

	// The inject the players heard last: a skipped one was never told.
	pos := r.ex.Pos() - 1
	for pos >= 0 && r.ex.Info(pos).Skipped {
		pos--
	}
	if pos < 0 {
		v.title.SetText("The exercise has not started")
		v.brief.SetText("")
	} else {
		in := r.ex.Info(pos).Inject
		v.title.SetText(planner.Clock(in.AtHours) + " — " + in.Title)
		v.brief.SetText(in.Brief)
	}
	v.crossed.SetText(v.crossedText())

	v.active = v.active[:0]
	for _, st := range r.board {
		if st.Status != planner.StandReady {
			v.active = append(v.active, st)
		}
	}
	// What waits on the room comes first, what is under way last; within
	// each, the plan's order.
	slices.SortStableFunc(v.active, func(a, b planner.ResponseState) int {
		return roomOrder[a.Status] - roomOrder[b.Status]
	})
	if ready := len(r.board) - len(v.active); ready > 0 {
		v.ready.SetText(fmt.Sprintf("%s ready: nothing has set %s off yet", plural(ready, "response", "responses"), pronounFor(ready)))
	} else {
		v.ready.SetText("")
	}
	v.board.Refresh()
}

// crossedText lists the latest crossings, newest first, with their times.
func (v *roomView) crossedText() string {
	r := v.r
	var lines []string
	total := r.ex.Summary().Crossed
	for pos := r.ex.Pos() - 1; pos >= 0 && len(lines) < roomCrossings; pos-- {
		if info := r.ex.Info(pos); info.Skipped || info.Crossed == 0 {
			continue
		}
		ev := r.ex.Event(pos)
		for _, id := range ev.Crossed {
			if len(lines) < roomCrossings {
				lines = append(lines, planner.Clock(ev.AtHours)+"  "+r.redLineTitle(id))
			}
		}
	}
	if len(lines) == 0 {
		return "None yet"
	}
	text := ""
	for i, l := range lines {
		if i > 0 {
			text += "\n"
		}
		text += l
	}
	if more := total - len(lines); more > 0 {
		text += fmt.Sprintf("\nand %s before", plural(more, "crossing", "crossings"))
	}
	return text
}

func newRoomBoardRow() fyne.CanvasObject {
	bar := canvas.NewRectangle(color.Transparent)
	bar.SetMinSize(fyne.NewSize(14, 0))
	word := boldLabel("")
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, container.NewHBox(bar, word), nil, name)
}

func showRoomBoardRow(st *planner.ResponseState, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	name := c.Objects[0].(*widget.Label)
	left := c.Objects[1].(*fyne.Container)
	bar, word := left.Objects[0].(*canvas.Rectangle), left.Objects[1].(*widget.Label)
	th := roomTheme{fyne.CurrentApp().Settings().Theme()}
	if fill := th.Color(standColorName(st.Status), theme.VariantDark); bar.FillColor != fill {
		bar.FillColor = fill
		bar.Refresh()
	}
	if imp := standImportance(st.Status); word.Importance != imp {
		word.Importance = imp
		word.Refresh()
	}
	setLabel(word, standWord(st.Status))
	setLabel(name, st.Response.Title)
}

// roomTheme is the app's theme for a projector: the dark variant on pure
// black, white type, and everything twice the size.
type roomTheme struct{ fyne.Theme }

func (t roomTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground:
		return color.Black
	case theme.ColorNameForeground:
		return color.White
	}
	return t.Theme.Color(n, theme.VariantDark)
}

// Size doubles the type; the space around it grows less, so that the board
// keeps room for its rows.
func (t roomTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText, theme.SizeNameCaptionText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameInlineIcon:
		return roomScale * t.Theme.Size(n)
	case theme.SizeNamePadding, theme.SizeNameInnerPadding, theme.SizeNameLineSpacing:
		return 1.25 * t.Theme.Size(n)
	}
	return t.Theme.Size(n)
}
