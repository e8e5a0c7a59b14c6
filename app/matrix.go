package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
)

// matrixCellWidth is the width of every column of the matrix, the header
// column included. One width for all keeps fyne's table on its fast path,
// which places columns by arithmetic instead of walking a width per column:
// a plan may have thousands of responses.
const matrixCellWidth = 184

// mechanismColours tell the mechanisms apart in the matrix. They are drawn
// translucent over the theme's background, so they read on light and dark
// themes alike; an automatic link is drawn stronger than a consultation.
var mechanismColours = map[planner.Mechanism]color.NRGBA{
	planner.MechanismDenial:      {R: 0x29, G: 0x6f, B: 0xf6},
	planner.MechanismPunishment:  {R: 0xf4, G: 0x43, B: 0x36},
	planner.MechanismReassurance: {R: 0x4c, G: 0xaf, B: 0x50},
}

const (
	automaticAlpha    = 0x90
	consultationAlpha = 0x40
)

// matrixScreen is the response matrix: red lines down, responses across,
// and in each cell whether crossing the red line fires the response, opens
// a consultation on it, or neither. A tap cycles the cell, or, with "Open
// the link" chosen, opens it in a side panel (linkPanel) where its trigger
// and provenance are edited.
type matrixScreen struct {
	m *planModel

	table   *widget.Table
	summary *widget.Label
	tapMode *widget.RadioGroup
	panel   *linkPanel
	// body holds the table and, while a cell is open, the panel.
	body *container.Split
	// links finds the link of a (red line, response) pair by its index in
	// the plan's links, so that drawing a cell costs one look-up whatever the
	// plan's size. It is rebuilt after every edit.
	links map[[2]string]int
	// cellsCreated counts the cell widgets the table asked for; the table
	// is virtual, so it stays near the number of cells on screen.
	cellsCreated int

	content fyne.CanvasObject
}

func newMatrixScreen(m *planModel) *matrixScreen {
	s := &matrixScreen{m: m}
	s.buildUI()
	s.update()
	// Red lines, responses and links are edited on other screens too.
	m.OnChange(func() {
		if m.Touched().Has(edit.PartRedLines | edit.PartResponses | edit.PartLinks) {
			s.update()
		}
	})
	return s
}

func (s *matrixScreen) buildUI() {
	s.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.m.Plan().RedLines), len(s.m.Plan().Responses) },
		func() fyne.CanvasObject {
			s.cellsCreated++
			return newMatrixCell(fyne.TextAlignCenter)
		},
		s.updateCell,
	)
	s.table.CreateHeader = func() fyne.CanvasObject { return newMatrixCell(fyne.TextAlignLeading) }
	s.table.UpdateHeader = s.updateHeader
	s.table.OnSelected = func(id widget.TableCellID) {
		// A cell is a switch, not a selection: unselect at once so that
		// the next tap on it cycles it again.
		s.table.Unselect(id)
		if s.tapMode.Selected == tapOpens {
			s.openCell(id)
			return
		}
		s.cycle(id)
	}
	s.summary = widget.NewLabel("")
	s.summary.Truncation = fyne.TextTruncateEllipsis
	s.tapMode = widget.NewRadioGroup([]string{tapCycles, tapOpens}, nil)
	s.tapMode.Horizontal = true
	s.tapMode.Required = true
	s.tapMode.SetSelected(tapCycles)
	s.panel = newLinkPanel(s.m)
	s.panel.onClose = s.closeLink
	s.body = container.NewHSplit(s.table, s.panel.content)
	s.body.SetOffset(0.68)
	s.panel.content.Hide()
	top := container.NewVBox(matrixLegend(), s.summary,
		container.NewHBox(widget.NewLabel("Tap a cell to:"), s.tapMode))
	s.content = container.NewBorder(top, nil, nil, nil, s.body)
}

// openCell shows the cell's link in the side panel.
func (s *matrixScreen) openCell(id widget.TableCellID) {
	p := s.m.Plan()
	if id.Row < 0 || id.Row >= len(p.RedLines) || id.Col < 0 || id.Col >= len(p.Responses) {
		return
	}
	s.openLink(p.RedLines[id.Row].ID, p.Responses[id.Col].ID)
}

// openLink shows the link of a red line and a response in the side panel
// and scrolls the table to its cell.
func (s *matrixScreen) openLink(redLine, response string) {
	p := s.m.Plan()
	s.panel.open(redLine, response)
	s.panel.content.Show()
	s.body.Refresh()
	row := s.m.redLineIndex(redLine)
	col := edit.Index(s.m.Session, edit.Responses, response)
	if row >= 0 && col >= 0 && row < len(p.RedLines) && col < len(p.Responses) {
		s.table.ScrollTo(widget.TableCellID{Row: row, Col: col})
	}
	s.table.Refresh() // the open cell is drawn in bold
}

// openSubject opens the link a finding or a field names
// ("link:RED_LINE:RESPONSE"); false when subject is no link.
func (s *matrixScreen) openSubject(subject string) bool {
	rest, ok := strings.CutPrefix(subject, "link:")
	if !ok {
		return false
	}
	redLine, response, ok := strings.Cut(rest, ":")
	if !ok {
		return false
	}
	s.openLink(redLine, response)
	return true
}

// closeLink hides the side panel.
func (s *matrixScreen) closeLink() {
	s.panel.redLine, s.panel.response = "", ""
	s.panel.content.Hide()
	s.body.Refresh()
	s.table.Refresh()
}

// isOpen reports whether the cell is the one the side panel shows.
func (s *matrixScreen) isOpen(id widget.TableCellID) bool {
	p := s.m.Plan()
	return s.panel.redLine != "" && id.Row >= 0 && id.Row < len(p.RedLines) && id.Col >= 0 && id.Col < len(p.Responses) &&
		p.RedLines[id.Row].ID == s.panel.redLine && p.Responses[id.Col].ID == s.panel.response
}

// matrixLegend explains the colours and the tap.
func matrixLegend() fyne.CanvasObject {
	items := []fyne.CanvasObject{widget.NewLabel("Mechanism:")}
	for _, mech := range planner.Mechanisms {
		c := mechanismColours[mech]
		c.A = automaticAlpha
		swatch := canvas.NewRectangle(c)
		swatch.SetMinSize(fyne.NewSize(18, 18))
		swatch.CornerRadius = 3
		items = append(items, container.NewCenter(swatch), widget.NewLabel(mech.Label()))
	}
	items = append(items, widget.NewLabel("· strong: "+string(planner.TriggerAutomatic)+", pale: "+string(planner.TriggerConsultation)))
	return container.NewHBox(items...)
}

// newMatrixCell is a cell or header: a coloured background under a label.
// The background's minimum width sets the column width.
func newMatrixCell(align fyne.TextAlign) fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	bg.SetMinSize(fyne.NewSize(matrixCellWidth, 0))
	l := widget.NewLabel("")
	l.Alignment = align
	l.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(bg, l)
}

func matrixCellParts(o fyne.CanvasObject) (*canvas.Rectangle, *widget.Label) {
	c := o.(*fyne.Container)
	return c.Objects[0].(*canvas.Rectangle), c.Objects[1].(*widget.Label)
}

// update re-indexes the links and redraws the visible cells.
func (s *matrixScreen) update() {
	p := s.m.Plan()
	s.links = make(map[[2]string]int, len(p.Links))
	automatic := 0
	for i, l := range p.Links {
		// The first link of a pair wins, as a duplicate adds nothing.
		if _, dup := s.links[[2]string{l.RedLine, l.Response}]; !dup {
			s.links[[2]string{l.RedLine, l.Response}] = i
		}
		if l.Trigger == planner.TriggerAutomatic {
			automatic++
		}
	}
	s.summary.SetText(fmt.Sprintf("%s × %s · %s: %d automatic, %d consultation%s",
		plural(len(p.RedLines), "red line", "red lines"), plural(len(p.Responses), "response", "responses"),
		plural(len(p.Links), "link", "links"), automatic, len(p.Links)-automatic, provenanceCounts(p.Links)))
	s.table.Refresh()
}

// refresh redraws the matrix from the model, e.g. after the plan was
// replaced.
func (s *matrixScreen) refresh() { s.update() }

// link is the link of the cell, if there is one.
func (s *matrixScreen) link(id widget.TableCellID) (planner.Link, int, bool) {
	p := s.m.Plan()
	if id.Row < 0 || id.Row >= len(p.RedLines) || id.Col < 0 || id.Col >= len(p.Responses) {
		return planner.Link{}, -1, false
	}
	i, ok := s.links[[2]string{p.RedLines[id.Row].ID, p.Responses[id.Col].ID}]
	if !ok {
		return planner.Link{}, -1, false
	}
	return p.Links[i], i, true
}

// cellText is a cell's trigger in words, or nothing.
func (s *matrixScreen) cellText(id widget.TableCellID) string {
	l, _, ok := s.link(id)
	if !ok {
		return ""
	}
	return l.Trigger.Label()
}

func (s *matrixScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	bg, label := matrixCellParts(o)
	l, _, ok := s.link(id)
	fill := color.NRGBA{}
	if ok {
		fill = mechanismColours[s.m.Plan().Responses[id.Col].Mechanism]
		fill.A = consultationAlpha
		if l.Trigger == planner.TriggerAutomatic {
			fill.A = automaticAlpha
		}
		if fill.R == 0 && fill.G == 0 && fill.B == 0 {
			fill.A = 0 // a mechanism the format does not know: no colour
		}
	}
	if bg.FillColor != fill {
		bg.FillColor = fill
		bg.Refresh()
	}
	text := l.Trigger.Label()
	// The cell the side panel shows is set in bold, and says so when empty.
	open := s.isOpen(id)
	if open && !ok {
		text = triggerNone
	}
	if label.TextStyle.Bold != open {
		label.TextStyle.Bold = open
		label.Refresh()
	}
	if ok {
		if w := provenanceWord(l.Provenance); w != "" {
			text += " · " + w
		}
	}
	label.SetText(text)
}

// provenanceCounts says how many links are assumed or have no provenance,
// for the summary line; "" when every link cites a source alone.
func provenanceCounts(links []planner.Link) string {
	assumed, bare := 0, 0
	for _, l := range links {
		switch provenanceWord(l.Provenance) {
		case markAssumed:
			assumed++
		case markNoSource:
			bare++
		}
	}
	out := ""
	if assumed > 0 {
		out += fmt.Sprintf(", %d %s", assumed, markAssumed)
	}
	if bare > 0 {
		out += fmt.Sprintf(", %d with %s", bare, markNoSource)
	}
	return out
}

// headerText names a red line (row header) or a response (column header) by
// its title; the label truncates what does not fit.
func (s *matrixScreen) headerText(id widget.TableCellID) string {
	p := s.m.Plan()
	switch {
	case id.Row < 0 && id.Col < 0:
		return "Red line ╲ response"
	case id.Row < 0 && id.Col < len(p.Responses):
		return p.Responses[id.Col].Title
	case id.Col < 0 && id.Row < len(p.RedLines):
		return p.RedLines[id.Row].Title
	}
	return ""
}

func (s *matrixScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	bg, label := matrixCellParts(o)
	label.TextStyle.Bold = id.Row < 0 || id.Col < 0
	fill := color.NRGBA{}
	if id.Row < 0 && id.Col >= 0 && id.Col < len(s.m.Plan().Responses) {
		// A faint band of the mechanism's colour marks the response.
		fill = mechanismColours[s.m.Plan().Responses[id.Col].Mechanism]
		fill.A = 0x20
		if fill.R == 0 && fill.G == 0 && fill.B == 0 {
			fill.A = 0
		}
	}
	if bg.FillColor != fill {
		bg.FillColor = fill
		bg.Refresh()
	}
	label.SetText(s.headerText(id))
}

// cycle moves a cell on: none → automatic → consultation → none; a trigger
// the format does not know becomes automatic.
func (s *matrixScreen) cycle(id widget.TableCellID) {
	p := s.m.Plan()
	if id.Row < 0 || id.Row >= len(p.RedLines) || id.Col < 0 || id.Col >= len(p.Responses) {
		return
	}
	next := planner.TriggerAutomatic
	if l, _, ok := s.link(id); ok {
		switch l.Trigger {
		case planner.TriggerAutomatic:
			next = planner.TriggerConsultation
		case planner.TriggerConsultation:
			next = ""
		}
	}
	s.m.SetLink(p.RedLines[id.Row].ID, p.Responses[id.Col].ID, next)
}
