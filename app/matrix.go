package app

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
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
// and provenance are edited. Filters narrow it to a mechanism, the graver
// red lines or one trigger; "Fit to window" narrows the columns; pointing
// at a title or a cell reads it in full above the table.
type matrixScreen struct {
	m *planModel

	table   *widget.Table
	summary *widget.Label
	// hover reads in full what the pointer is on.
	hover   *widget.Label
	tapMode *widget.RadioGroup
	panel   *linkPanel
	// body holds the table and, while a cell is open, the panel.
	body *container.Split

	mechanism, severity, trigger *widget.Select
	fit                          *widget.Check
	// cellWidth is the width of every response column: matrixCellWidth,
	// or less to fit the window.
	cellWidth float32

	// rows and cols are the plan's red lines and responses the filters
	// leave, by index in the plan: the table's rows and columns.
	rows, cols []int
	// answers counts the responses that answer each red line, and
	// answered the red lines each response answers (by plan index).
	answers, answered []int
	// links finds the link of a (red line, response) pair by its index in
	// the plan's links, so that drawing a cell costs one look-up whatever the
	// plan's size. It is rebuilt after every edit.
	links map[[2]string]int
	// cellsCreated counts the cell widgets the table asked for; the table
	// is virtual, so it stays near the number of cells on screen.
	cellsCreated int

	content fyne.CanvasObject
}

// matrixHeaderWidth is the width of the red lines' titles.
const matrixHeaderWidth = 260

// minFitWidth is the narrowest a column gets to fit the window: a letter
// and the padding around it.
const minFitWidth = 40

// narrowCell is the width under which a cell shows its trigger's letter.
const narrowCell = 120

// The filters' choices that filter nothing.
const (
	allMechanisms = "All mechanisms"
	allSeverities = "All severities"
	anyTrigger    = "Any trigger"
)

func newMatrixScreen(m *planModel) *matrixScreen {
	s := &matrixScreen{m: m, cellWidth: matrixCellWidth}
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
		func() (int, int) { return len(s.rows), len(s.cols) },
		func() fyne.CanvasObject {
			s.cellsCreated++
			return s.newCell(fyne.TextAlignCenter, false)
		},
		s.updateCell,
	)
	s.table.CreateHeader = func() fyne.CanvasObject { return s.newCell(fyne.TextAlignLeading, true) }
	s.table.UpdateHeader = s.updateHeader
	s.table.SetColumnWidth(-1, matrixHeaderWidth)
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
	s.hover = widget.NewLabel(hoverHint)
	s.hover.Truncation = fyne.TextTruncateEllipsis
	s.hover.TextStyle.Italic = true
	s.tapMode = widget.NewRadioGroup([]string{tapCycles, tapOpens}, nil)
	s.tapMode.Horizontal = true
	s.tapMode.Required = true
	s.tapMode.SetSelected(tapCycles)

	mechanisms := []string{allMechanisms}
	for _, mech := range planner.Mechanisms {
		mechanisms = append(mechanisms, mech.Label())
	}
	severities := []string{allSeverities}
	for n := planner.MinSeverity + 1; n <= planner.MaxSeverity; n++ {
		severities = append(severities, severityFilterLabel(n))
	}
	s.mechanism = widget.NewSelect(mechanisms, nil)
	s.mechanism.SetSelected(allMechanisms)
	s.severity = widget.NewSelect(severities, nil)
	s.severity.SetSelected(allSeverities)
	s.trigger = widget.NewSelect([]string{anyTrigger, triggerFilterLabel(planner.TriggerAutomatic), triggerFilterLabel(planner.TriggerConsultation)}, nil)
	s.trigger.SetSelected(anyTrigger)
	refilter := func(string) { s.update() }
	s.mechanism.OnChanged, s.severity.OnChanged, s.trigger.OnChanged = refilter, refilter, refilter
	s.fit = widget.NewCheck("Fit to window", func(bool) { s.update() })

	s.panel = newLinkPanel(s.m)
	s.panel.onClose = s.closeLink
	s.body = container.NewHSplit(s.table, s.panel.content)
	s.body.SetOffset(0.68)
	s.panel.content.Hide()
	filters := container.NewBorder(nil, nil, widget.NewLabel("Show:"), nil,
		container.NewGridWithColumns(4, s.mechanism, s.severity, s.trigger, s.fit))
	top := container.NewVBox(matrixLegend(), filters, s.summary,
		container.NewHBox(widget.NewLabel("Tap a cell to:"), s.tapMode), s.hover)
	s.content = container.NewBorder(top, nil, nil, nil, s.body)
}

// hoverHint is the hover line while the pointer is on nothing it reads.
const hoverHint = "Point at a title or a cell to read it in full here."

func severityFilterLabel(n int) string {
	if n == planner.MaxSeverity {
		return fmt.Sprintf("Severity %d only (gravest)", n)
	}
	return fmt.Sprintf("Severity %d or graver", n)
}

func triggerFilterLabel(t planner.Trigger) string {
	return "With " + strings.ToLower(t.Label()) + " links"
}

// at is the plan's red line and response under a table cell.
func (s *matrixScreen) at(id widget.TableCellID) (row, col int, ok bool) {
	if id.Row < 0 || id.Row >= len(s.rows) || id.Col < 0 || id.Col >= len(s.cols) {
		return -1, -1, false
	}
	return s.rows[id.Row], s.cols[id.Col], true
}

// openCell shows the cell's link in the side panel.
func (s *matrixScreen) openCell(id widget.TableCellID) {
	row, col, ok := s.at(id)
	if !ok {
		return
	}
	p := s.m.Plan()
	s.openLink(p.RedLines[row].ID, p.Responses[col].ID)
}

// openLink shows the link of a red line and a response in the side panel
// and scrolls the table to its cell; filters that hide it are cleared.
func (s *matrixScreen) openLink(redLine, response string) {
	s.panel.open(redLine, response)
	s.panel.content.Show()
	s.body.Refresh()
	row := s.m.redLineIndex(redLine)
	col := edit.Index(s.m.Session, edit.Responses, response)
	if row < 0 || col < 0 {
		s.table.Refresh()
		return
	}
	if !slices.Contains(s.rows, row) || !slices.Contains(s.cols, col) {
		s.clearFilters()
	}
	s.table.ScrollTo(widget.TableCellID{Row: slices.Index(s.rows, row), Col: slices.Index(s.cols, col)})
	s.table.Refresh() // the open cell is drawn in bold
}

// clearFilters shows every red line and response again.
func (s *matrixScreen) clearFilters() {
	s.mechanism.Selected, s.severity.Selected, s.trigger.Selected = allMechanisms, allSeverities, anyTrigger
	s.mechanism.Refresh()
	s.severity.Refresh()
	s.trigger.Refresh()
	s.update()
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
	row, col, ok := s.at(id)
	p := s.m.Plan()
	return ok && s.panel.redLine != "" && p.RedLines[row].ID == s.panel.redLine && p.Responses[col].ID == s.panel.response
}

// matrixLegend explains the colours and the letters of narrow cells.
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
	items = append(items, widget.NewLabel("· strong: "+string(planner.TriggerAutomatic)+" (A), pale: "+string(planner.TriggerConsultation)+" (C)"))
	return container.NewHBox(items...)
}

// gridCell is a cell or header of the matrix: a coloured background
// under a label, and on a header the count of links at its right. It says
// when the pointer is on it, for the hover line.
type gridCell struct {
	widget.BaseWidget
	bg    *canvas.Rectangle
	label *widget.Label
	count *widget.Label
	id    widget.TableCellID
	hover func(id widget.TableCellID, in bool)
}

// newCell is a cell (header: a header) as wide as the columns are now; the
// background's minimum width sets the column width.
func (s *matrixScreen) newCell(align fyne.TextAlign, header bool) fyne.CanvasObject {
	c := &gridCell{bg: canvas.NewRectangle(color.Transparent), label: widget.NewLabel(""), count: widget.NewLabel(""), hover: s.hovered}
	c.bg.SetMinSize(fyne.NewSize(s.cellWidth, 0))
	c.label.Alignment = align
	c.label.Truncation = fyne.TextTruncateEllipsis
	if !header {
		c.count.Hide()
	}
	c.ExtendBaseWidget(c)
	return c
}

func (c *gridCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.bg, container.NewBorder(nil, nil, nil, c.count, c.label)))
}

func (c *gridCell) MouseIn(*desktop.MouseEvent)    { c.hover(c.id, true) }
func (c *gridCell) MouseMoved(*desktop.MouseEvent) {}
func (c *gridCell) MouseOut()                      { c.hover(c.id, false) }

func matrixCellParts(o fyne.CanvasObject) (*canvas.Rectangle, *widget.Label) {
	c := o.(*gridCell)
	return c.bg, c.label
}

// hovered puts in the hover line what the pointer is on, in full.
func (s *matrixScreen) hovered(id widget.TableCellID, in bool) {
	text := hoverHint
	if in {
		if t := s.hoverText(id); t != "" {
			text = t
		}
	}
	s.hover.SetText(text)
}

// hoverText reads a title or a cell in full: a red line with the number of
// responses that answer it, a response with its mechanism and the red
// lines it answers, a cell with its link's trigger and provenance.
func (s *matrixScreen) hoverText(id widget.TableCellID) string {
	p := s.m.Plan()
	switch {
	case id.Row < 0 && id.Col >= 0 && id.Col < len(s.cols):
		col := s.cols[id.Col]
		r := &p.Responses[col]
		return fmt.Sprintf("Response “%s” (%s) answers %s.", r.Title, strings.ToLower(r.Mechanism.Label()),
			plural(s.answered[col], "red line", "red lines"))
	case id.Col < 0 && id.Row >= 0 && id.Row < len(s.rows):
		row := s.rows[id.Row]
		r := &p.RedLines[row]
		return fmt.Sprintf("Red line “%s” (severity %d) is answered by %s.", r.Title, r.Severity,
			plural(s.answers[row], "response", "responses"))
	}
	row, col, ok := s.at(id)
	if !ok {
		return ""
	}
	text := fmt.Sprintf("“%s” answered by “%s”: ", p.RedLines[row].Title, p.Responses[col].Title)
	l, _, linked := s.link(id)
	if !linked {
		return text + "no link."
	}
	text += strings.ToLower(l.Trigger.Label())
	if w := provenanceWord(l.Provenance); w != "" {
		text += ", " + w
	}
	return text + "."
}

// update re-indexes the links, applies the filters and the fit, and
// redraws the visible cells.
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
	s.forgetGoneLinks()
	s.filter(p)
	shown := ""
	if len(s.rows) != len(p.RedLines) || len(s.cols) != len(p.Responses) {
		shown = fmt.Sprintf("Showing %s of %s × %s of %s · ", planner.Thousands(len(s.rows)), plural(len(p.RedLines), "red line", "red lines"),
			planner.Thousands(len(s.cols)), plural(len(p.Responses), "response", "responses"))
	}
	s.summary.SetText(fmt.Sprintf("%s%s × %s · %s: %d automatic, %d consultation%s", shown,
		plural(len(p.RedLines), "red line", "red lines"), plural(len(p.Responses), "response", "responses"),
		plural(len(p.Links), "link", "links"), automatic, len(p.Links)-automatic, provenanceCounts(p.Links)))
	s.fitColumns()
	s.table.Refresh()
}

// forgetGoneLinks drops what a link's fields held that the plan refused
// once the link is gone (its cell emptied, its red line or response
// deleted or renamed): there is nothing left to fix, and saving must not
// wait for it.
func (s *matrixScreen) forgetGoneLinks() {
	for _, v := range slices.Clone(s.m.Invalid()) { // SetInvalid changes the list
		rest, ok := strings.CutPrefix(v.Subject, "link:")
		if !ok {
			continue
		}
		if rl, resp, ok := strings.Cut(rest, ":"); ok {
			if _, live := s.links[[2]string{rl, resp}]; !live {
				s.m.SetInvalid(v.Subject, v.Field, "")
			}
		}
	}
}

// filter works out the rows and columns the filters leave, and the counts
// the headers show.
func (s *matrixScreen) filter(p *planner.Plan) {
	rowOf := make(map[string]int, len(p.RedLines))
	for i := range p.RedLines {
		if _, dup := rowOf[p.RedLines[i].ID]; !dup {
			rowOf[p.RedLines[i].ID] = i
		}
	}
	colOf := make(map[string]int, len(p.Responses))
	for i := range p.Responses {
		if _, dup := colOf[p.Responses[i].ID]; !dup {
			colOf[p.Responses[i].ID] = i
		}
	}
	s.answers, s.answered = make([]int, len(p.RedLines)), make([]int, len(p.Responses))
	for pair := range s.links {
		r, okR := rowOf[pair[0]]
		c, okC := colOf[pair[1]]
		if okR && okC {
			s.answers[r]++
			s.answered[c]++
		}
	}
	minSeverity := planner.MinSeverity
	for n := planner.MinSeverity + 1; n <= planner.MaxSeverity; n++ {
		if s.severity.Selected == severityFilterLabel(n) {
			minSeverity = n
		}
	}
	s.rows = s.rows[:0]
	for i := range p.RedLines {
		if p.RedLines[i].Severity >= minSeverity || s.severity.Selected == allSeverities {
			s.rows = append(s.rows, i)
		}
	}
	s.cols = s.cols[:0]
	for i := range p.Responses {
		if s.mechanism.Selected == allMechanisms || p.Responses[i].Mechanism.Label() == s.mechanism.Selected {
			s.cols = append(s.cols, i)
		}
	}
	var trigger planner.Trigger
	for _, t := range []planner.Trigger{planner.TriggerAutomatic, planner.TriggerConsultation} {
		if s.trigger.Selected == triggerFilterLabel(t) {
			trigger = t
		}
	}
	if trigger == "" {
		return
	}
	// Only the red lines and responses with a link of that trigger between
	// those the other filters leave.
	rowHas, colHas := make([]bool, len(p.RedLines)), make([]bool, len(p.Responses))
	inRows, inCols := make([]bool, len(p.RedLines)), make([]bool, len(p.Responses))
	for _, r := range s.rows {
		inRows[r] = true
	}
	for _, c := range s.cols {
		inCols[c] = true
	}
	for pair, i := range s.links {
		r, okR := rowOf[pair[0]]
		c, okC := colOf[pair[1]]
		if okR && okC && inRows[r] && inCols[c] && p.Links[i].Trigger == trigger {
			rowHas[r], colHas[c] = true, true
		}
	}
	s.rows = slices.DeleteFunc(s.rows, func(r int) bool { return !rowHas[r] })
	s.cols = slices.DeleteFunc(s.cols, func(c int) bool { return !colHas[c] })
}

// fitColumns narrows the columns so that those shown fit the table's
// width, when asked to, down to minFitWidth; otherwise they are
// matrixCellWidth wide.
func (s *matrixScreen) fitColumns() {
	w := float32(matrixCellWidth)
	if s.fit.Checked && len(s.cols) > 0 {
		pad := theme.Padding()
		avail := s.table.Size().Width - matrixHeaderWidth - pad
		w = max(minFitWidth, min(matrixCellWidth, avail/float32(len(s.cols))-pad))
	}
	s.cellWidth = w
}

// refresh redraws the matrix from the model, e.g. after the plan was
// replaced.
func (s *matrixScreen) refresh() { s.update() }

// link is the link of the cell, if there is one.
func (s *matrixScreen) link(id widget.TableCellID) (planner.Link, int, bool) {
	row, col, ok := s.at(id)
	if !ok {
		return planner.Link{}, -1, false
	}
	p := s.m.Plan()
	i, ok := s.links[[2]string{p.RedLines[row].ID, p.Responses[col].ID}]
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
	o.(*gridCell).id = id
	bg, label := matrixCellParts(o)
	l, _, ok := s.link(id)
	fill := color.NRGBA{}
	if ok {
		_, col, _ := s.at(id)
		fill = mechanismColours[s.m.Plan().Responses[col].Mechanism]
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
	narrow := s.cellWidth < narrowCell
	text := l.Trigger.Label()
	if narrow && text != "" {
		text = text[:1] // A or C, as the legend says
	}
	// The cell the side panel shows is set in bold, and says so when empty.
	open := s.isOpen(id)
	if open && !ok && !narrow {
		text = triggerNone
	}
	if label.TextStyle.Bold != open {
		label.TextStyle.Bold = open
		label.Refresh()
	}
	if ok && !narrow {
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
	case id.Row < 0 && id.Col < len(s.cols):
		return p.Responses[s.cols[id.Col]].Title
	case id.Col < 0 && id.Row < len(s.rows):
		return p.RedLines[s.rows[id.Row]].Title
	}
	return ""
}

// headerCount is the number of links of a red line's row or a response's
// column, for the header's right; "" for the corner.
func (s *matrixScreen) headerCount(id widget.TableCellID) string {
	switch {
	case id.Row < 0 && id.Col >= 0 && id.Col < len(s.cols):
		return strconv.Itoa(s.answered[s.cols[id.Col]])
	case id.Col < 0 && id.Row >= 0 && id.Row < len(s.rows):
		return strconv.Itoa(s.answers[s.rows[id.Row]])
	}
	return ""
}

func (s *matrixScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*gridCell)
	c.id = id
	c.count.SetText(s.headerCount(id))
	bg, label := matrixCellParts(o)
	label.TextStyle.Bold = id.Row < 0 || id.Col < 0
	// A column too narrow for a title shows its count alone; pointing at
	// it reads the title.
	label.Hidden = id.Row < 0 && id.Col >= 0 && s.cellWidth < narrowCell
	fill := color.NRGBA{}
	if id.Row < 0 && id.Col >= 0 && id.Col < len(s.cols) {
		// A faint band of the mechanism's colour marks the response.
		fill = mechanismColours[s.m.Plan().Responses[s.cols[id.Col]].Mechanism]
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
	row, col, ok := s.at(id)
	if !ok {
		return
	}
	p := s.m.Plan()
	next := planner.TriggerAutomatic
	if l, _, ok := s.link(id); ok {
		switch l.Trigger {
		case planner.TriggerAutomatic:
			next = planner.TriggerConsultation
		case planner.TriggerConsultation:
			next = ""
		}
	}
	s.m.SetLink(p.RedLines[row].ID, p.Responses[col].ID, next)
}
