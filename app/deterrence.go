package app

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
	"redline/seeds"
)

// scoredParts are the parts of a plan the scorecard reads: everything but
// the negotiation terms and the plan's own sources.
const scoredParts = edit.PartPlan | edit.PartRedLines | edit.PartResponses | edit.PartContributions |
	edit.PartLinks | edit.PartInjects

// gradeColumn is the heat map's first column; factor k is column k+1.
const gradeColumn = 0

// heatMapTitleWidth is the width of the column that names the red lines,
// on two lines.
const heatMapTitleWidth = 300

// levelColours tell the levels apart on a colour-blind-safe scale (blue,
// yellow, vermilion: Okabe and Ito's), drawn translucent over the theme's
// background so that they read on light and dark themes. Every cell says
// its level in a word too: colour never stands alone.
var levelColours = map[planner.Level]color.NRGBA{
	planner.LevelStrong:  {R: 0x00, G: 0x72, B: 0xb2, A: 0x60},
	planner.LevelWeak:    {R: 0xf0, G: 0xe4, B: 0x42, A: 0x90},
	planner.LevelMissing: {R: 0xd5, G: 0x5e, B: 0x00, A: 0x80},
}

// gradeLevel is the level whose colour a grade takes: credible reads as
// strong, fragile as weak, hollow as missing.
var gradeLevel = map[planner.Grade]planner.Level{
	planner.GradeCredible: planner.LevelStrong,
	planner.GradeFragile:  planner.LevelWeak,
	planner.GradeHollow:   planner.LevelMissing,
}

// deterrenceScreen is the Deterrence tab: the plan's scorecard
// (planner.ScoreStress) as a heat map of red lines by factors, the grade
// of each red line first, each cell a colour and a word; stress tests to
// tick, which mark the cells they change ("Strong → Missing"); and the
// selected cell explained, with its documents and the entries behind it.
//
// It is worked out again once editing pauses, as the checker is: on the
// UI goroutine for a small plan, in the background for a large one, whose
// result is dropped when a newer one was asked for meanwhile.
type deterrenceScreen struct {
	m *planModel
	// open takes the user to an entry by its id (editor.openEntry).
	open func(subject string)

	// checks tick the built-in stress tests, in planner.StressTests order.
	checks []*widget.Check
	// sc is the latest scorecard: the plan as drafted and, when tests are
	// ticked, under them taken together (each red line's Stress[0]).
	sc *planner.Scorecard
	// ask counts the scorecards asked for: a result for an older ask is
	// stale and dropped. cancel stops the pending pause, if any.
	ask    uint64
	cancel func()
	// scored are told of every new scorecard (the Overview's lines).
	scored []func(*planner.Scorecard)
	// closed is set when the editor closes.
	closed bool

	// selRedLine and selCol are the selected cell: its red line's id and
	// its column; selCol is -1 when nothing is selected.
	selRedLine string
	selCol     int

	table   *widget.Table
	summary *widget.Label
	about   *widget.Label
	status  *widget.Label
	// The selected cell, explained.
	detailTitle   *widget.Label
	detailLevel   *widget.Label
	detailMessage *widget.Label
	detailSources *widget.Label
	entries       *fyne.Container
	// cellsCreated counts the cell widgets the table asked for; the table
	// is virtual, so it stays near the number of cells on screen.
	cellsCreated int

	content fyne.CanvasObject
}

func newDeterrenceScreen(m *planModel, open func(subject string)) *deterrenceScreen {
	s := &deterrenceScreen{m: m, open: open, selCol: -1}
	s.buildUI()
	s.scoreNow()
	m.OnChange(func() {
		if m.Touched().Has(scoredParts) {
			s.schedule()
		}
	})
	return s
}

func (s *deterrenceScreen) buildUI() {
	stress := []fyne.CanvasObject{widget.NewLabelWithStyle("Stress tests:", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	for _, t := range planner.StressTests {
		c := widget.NewCheck(t.Title, func(bool) { s.scoreNow() })
		s.checks = append(s.checks, c)
		stress = append(stress, c)
	}
	s.summary = widget.NewLabel("")
	s.summary.Truncation = fyne.TextTruncateEllipsis
	s.about = captionLabel()
	s.about.Hide()
	s.status = widget.NewLabel("Scoring…")
	s.status.Importance = widget.LowImportance
	s.status.Hide()

	s.table = widget.NewTableWithHeaders(
		func() (int, int) { return s.rows(), 1 + len(planner.FactorIDs) },
		func() fyne.CanvasObject {
			s.cellsCreated++
			return newHeatCell()
		},
		s.updateCell,
	)
	s.table.CreateHeader = newHeatHeader
	s.table.UpdateHeader = s.updateHeader
	s.table.OnSelected = s.selected
	s.setColumnWidths()

	s.detailTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.detailTitle.Wrapping = fyne.TextWrapWord
	s.detailLevel = widget.NewLabel("")
	s.detailMessage = wrappedLabel("")
	s.detailSources = wrappedLabel("")
	s.entries = container.NewVBox()
	s.clearDetail()
	detail := container.NewVScroll(container.NewVBox(s.detailTitle, s.detailLevel, s.detailMessage, s.detailSources, s.entries))

	top := container.NewVBox(
		container.NewHScroll(container.NewHBox(stress...)),
		s.about,
		container.NewBorder(nil, nil, nil, s.status, s.summary),
		heatLegend(),
	)
	split := container.NewVSplit(s.table, detail)
	split.Offset = 0.62
	s.content = container.NewBorder(top, nil, nil, nil, split)
}

// setColumnWidths fits each column to its widest line: of the header (in
// bold, on two lines) or of a cell a stress test changed ("Strong →" over
// "Missing").
func (s *deterrenceScreen) setColumnWidths() {
	width := func(header string, cells ...string) float32 {
		var w float32
		for _, line := range strings.Split(headerLines(header), "\n") {
			w = max(w, fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{Bold: true}).Width)
		}
		for _, t := range cells {
			for _, line := range strings.Split(cellLines(t), "\n") {
				w = max(w, fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{Italic: true, Bold: true}).Width)
			}
		}
		return w + 2*theme.InnerPadding()
	}
	s.table.SetColumnWidth(-1, heatMapTitleWidth)
	// The widest change of each: a test moves a level or a grade from one
	// to another.
	var grades, levels []string
	for _, a := range planner.Grades {
		for _, b := range planner.Grades {
			if a != b {
				grades = append(grades, changedText(a.Label(), b.Label()))
			}
		}
	}
	for _, a := range planner.Levels {
		for _, b := range planner.Levels {
			if a != b {
				levels = append(levels, changedText(a.Label(), b.Label()))
			}
		}
	}
	s.table.SetColumnWidth(gradeColumn, width("Grade", grades...))
	for k, id := range planner.FactorIDs {
		s.table.SetColumnWidth(k+1, width(id.Label(), levels...))
	}
}

// heatLegend says what the colours mean, in words beside them.
func heatLegend() fyne.CanvasObject {
	items := []fyne.CanvasObject{widget.NewLabel("Factors:")}
	swatch := func(l planner.Level, word string) {
		r := canvas.NewRectangle(levelColours[l])
		r.SetMinSize(fyne.NewSize(18, 18))
		r.CornerRadius = 3
		items = append(items, container.NewCenter(r), widget.NewLabel(word))
	}
	for _, l := range planner.Levels {
		swatch(l, l.Label())
	}
	items = append(items, widget.NewLabel("· Grades:"))
	for _, g := range planner.Grades {
		swatch(gradeLevel[g], g.Label())
	}
	items = append(items, widget.NewLabel("· select a cell to see why"))
	return container.NewHScroll(container.NewHBox(items...))
}

// twoLines is the height of a cell of two lines of text.
func twoLines() float32 {
	return 2*fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{}).Height + 2*theme.InnerPadding()
}

// newHeatCell is a cell: a coloured background under a word or two,
// centred on two lines' height.
func newHeatCell() fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	bg.SetMinSize(fyne.NewSize(0, twoLines()))
	l := widget.NewLabel("")
	l.Alignment = fyne.TextAlignCenter
	return container.NewStack(bg, container.NewCenter(l))
}

func heatCellParts(o fyne.CanvasObject) (*canvas.Rectangle, *fyne.Container, *widget.Label) {
	c := o.(*fyne.Container)
	centre := c.Objects[1].(*fyne.Container)
	return c.Objects[0].(*canvas.Rectangle), centre, centre.Objects[0].(*widget.Label)
}

// newHeatHeader is a header: a factor's label centred in bold for a
// column, a red line's title wrapped on two lines for a row.
func newHeatHeader() fyne.CanvasObject {
	cell := newHeatCell()
	title := widget.NewLabel("")
	title.Wrapping = fyne.TextWrapWord
	title.Truncation = fyne.TextTruncateEllipsis
	c := cell.(*fyne.Container)
	c.Add(title)
	return c
}

// headerLines breaks a factor's label in two, at the space or hyphen
// nearest its middle: "Exercise\nevidence", "Pre-\ncommitment".
func headerLines(label string) string {
	best := -1
	for i, r := range label {
		if r == ' ' || r == '-' {
			if best < 0 || abs(i-len(label)/2) < abs(best-len(label)/2) {
				best = i
			}
		}
	}
	switch {
	case best < 0:
		return label
	case label[best] == '-':
		return label[:best+1] + "\n" + label[best+1:]
	}
	return label[:best] + "\n" + label[best+1:]
}

func abs(n int) int { return max(n, -n) }

// cellLines sets a changed cell on two lines: "Strong →\nMissing".
func cellLines(text string) string { return strings.Replace(text, " → ", " →\n", 1) }

// whenScored calls f with every new scorecard, and now with the latest.
func (s *deterrenceScreen) whenScored(f func(*planner.Scorecard)) {
	s.scored = append(s.scored, f)
	if s.sc != nil {
		f(s.sc)
	}
}

// refresh works the scorecard out again, e.g. after a save fixed the ids
// of new entries.
func (s *deterrenceScreen) refresh() { s.scoreNow() }

// schedule works the scorecard out again once editing pauses for the
// checker's delay, so that typing a title does not score per letter.
func (s *deterrenceScreen) schedule() {
	if s.closed {
		return
	}
	d := s.m.ui.CheckDelay
	if d <= 0 {
		s.scoreNow()
		return
	}
	s.stop()
	s.ask++
	ask := s.ask
	s.cancel = s.m.ui.afterFunc(d, func() {
		fyne.Do(func() {
			if ask == s.ask && s.live() {
				s.cancel = nil
				s.scoreNow()
			}
		})
	})
}

// live reports whether the plan is still open in the editor: a pause or a
// background scorecard that ends after it closed has nothing to show.
func (s *deterrenceScreen) live() bool { return !s.closed }

// close stops scoring and drops what is pending: the editor is closing.
func (s *deterrenceScreen) close() {
	s.closed = true
	s.stop()
}

// stop cancels the pending pause, if any.
func (s *deterrenceScreen) stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}

// scoreNow works the scorecard out under the ticked stress tests: at once
// for a small plan, in the background for a large one, on a snapshot, so
// that typing goes on meanwhile.
func (s *deterrenceScreen) scoreNow() {
	if s.closed {
		return
	}
	s.stop()
	s.ask++
	ask := s.ask
	m := s.m
	p, cat, prof, tests := m.Plan(), m.ui.cat, m.prof, s.stressTests()
	if edit.Size(p) < largePlan {
		s.show(planner.ScoreStress(p, cat, prof, tests))
		return
	}
	snap := snapshot(p)
	s.status.Show()
	m.ui.background(func() {
		sc := planner.ScoreStress(snap, cat, prof, tests)
		fyne.Do(func() {
			// A newer scorecard was asked for, or the editor is closed.
			if ask == s.ask && s.live() {
				s.show(sc)
			}
		})
	})
}

// stressTests is the ticked stress tests taken together as one (their
// fields combine, SCORECARD.md), or none.
func (s *deterrenceScreen) stressTests() []planner.StressTest {
	var on []planner.StressTest
	for i, c := range s.checks {
		if c.Checked {
			on = append(on, planner.StressTests[i])
		}
	}
	if len(on) <= 1 {
		return on
	}
	var t planner.StressTest
	var names, titles, about []string
	for i, x := range on {
		names = append(names, x.Name)
		title := x.Title
		if i > 0 {
			title = lowerFirst(title)
		}
		titles = append(titles, title)
		about = append(about, x.About)
		t.NoUS, t.War, t.Veto = t.NoUS || x.NoUS, t.War || x.War, t.Veto || x.Veto
		for _, st := range x.Fail {
			if !slices.Contains(t.Fail, st) {
				t.Fail = append(t.Fail, st)
			}
		}
		for _, src := range x.Sources {
			if !slices.Contains(t.Sources, src) {
				t.Sources = append(t.Sources, src)
			}
		}
	}
	t.Name, t.Title, t.About = strings.Join(names, "+"), strings.Join(titles, "; "), strings.Join(about, " ")
	return []planner.StressTest{t}
}

// lowerFirst lowers a title's first letter to join it to another: "the
// war resumes".
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// show puts a new scorecard on screen: the summary, the cells, the
// selected cell's explanation, and whoever follows it.
func (s *deterrenceScreen) show(sc *planner.Scorecard) {
	s.sc = sc
	s.status.Hide()
	pw := sc.PlanWide
	text := fmt.Sprintf("%s: %s.", plural(pw.RedLines, "red line", "red lines"), gradeWords(pw.Grades))
	if test := s.test(); test != nil {
		under := pw.Stress[0]
		text = fmt.Sprintf("%s: %s as drafted; under “%s”: %s — %s grade.", plural(pw.RedLines, "red line", "red lines"),
			gradeWords(pw.Grades), test.Title, gradeWords(under.Grades), plural(under.Changed, "changes", "change"))
		s.about.SetText(test.About + " Changed cells read “" + changedText(planner.LevelStrong.Label(), planner.LevelMissing.Label()) + "”.")
		s.about.Show()
	} else {
		s.about.Hide()
	}
	s.summary.SetText(text)
	s.table.Refresh()
	s.reselect()
	for _, f := range s.scored {
		f(sc)
	}
}

// gradeWords is "2 credible, 7 fragile, 1 hollow".
func gradeWords(g planner.GradeCounts) string {
	return fmt.Sprintf("%s credible, %s fragile, %s hollow",
		planner.Thousands(g.Credible), planner.Thousands(g.Fragile), planner.Thousands(g.Hollow))
}

// test is the stress test the scorecard was worked out under, nil for none.
func (s *deterrenceScreen) test() *planner.StressTest {
	if s.sc == nil || len(s.sc.Tests) == 0 {
		return nil
	}
	return &s.sc.Tests[0]
}

func (s *deterrenceScreen) rows() int {
	if s.sc == nil {
		return 0
	}
	return len(s.sc.RedLines)
}

// score is the red line of a row and its result under the test (nil
// without one).
func (s *deterrenceScreen) score(row int) (*planner.RedLineScore, *planner.StressResult) {
	if s.sc == nil || row < 0 || row >= len(s.sc.RedLines) {
		return nil, nil
	}
	rs := &s.sc.RedLines[row]
	if len(rs.Stress) > 0 {
		return rs, &rs.Stress[0]
	}
	return rs, nil
}

// changedText is a cell a stress test changed: "Weak → Missing".
func changedText(was, now string) string { return was + " → " + now }

// cell is what a cell says, the level its colour shows and whether the
// stress test changed it.
func (s *deterrenceScreen) cell(id widget.TableCellID) (text string, level planner.Level, changed bool) {
	rs, st := s.score(id.Row)
	switch {
	case rs == nil:
		return "", "", false
	case id.Col == gradeColumn:
		if st != nil && st.Grade != rs.Grade {
			return changedText(rs.Grade.Label(), st.Grade.Label()), gradeLevel[st.Grade], true
		}
		return rs.Grade.Label(), gradeLevel[rs.Grade], false
	case id.Col-1 < len(rs.Factors):
		was := rs.Factors[id.Col-1].Level
		if st != nil && id.Col-1 < len(st.Levels) && st.Levels[id.Col-1] != was {
			now := st.Levels[id.Col-1]
			return changedText(was.Label(), now.Label()), now, true
		}
		return was.Label(), was, false
	}
	return "", "", false
}

func (s *deterrenceScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	bg, centre, label := heatCellParts(o)
	text, level, changed := s.cell(id)
	fill := levelColours[level]
	if bg.FillColor != fill {
		bg.FillColor = fill
		bg.Refresh()
	}
	// A changed cell says so in words; italic sets it apart without
	// widening the column.
	// The grade is the row's verdict: bold.
	style := fyne.TextStyle{Italic: changed, Bold: id.Col == gradeColumn}
	if text = cellLines(text); label.Text != text || label.TextStyle != style {
		label.TextStyle = style
		label.SetText(text)
		centre.Refresh() // centred again at its new width
	}
}

// headerText names a column by its factor and a row by its red line's
// title.
func (s *deterrenceScreen) headerText(id widget.TableCellID) string {
	switch {
	case id.Row < 0 && id.Col < 0:
		return "Red line"
	case id.Row < 0 && id.Col == gradeColumn:
		return "Grade"
	case id.Row < 0 && id.Col-1 < len(planner.FactorIDs):
		return planner.FactorIDs[id.Col-1].Label()
	}
	if rs, _ := s.score(id.Row); rs != nil {
		return redLineTitle(rs)
	}
	return ""
}

func (s *deterrenceScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	_, centre, label := heatCellParts(o)
	title := o.(*fyne.Container).Objects[2].(*widget.Label)
	if id.Row < 0 {
		title.Hide()
		label.TextStyle.Bold = true
		if text := headerLines(s.headerText(id)); label.Text != text {
			label.SetText(text)
			centre.Refresh()
		}
		centre.Show()
		return
	}
	centre.Hide()
	title.SetText(s.headerText(id))
	title.Show()
}

// redLineTitle names a red line in words, even one without a title.
func redLineTitle(rs *planner.RedLineScore) string {
	if rs.Title == "" {
		return "Red line without a title"
	}
	return rs.Title
}

// selected explains the cell the user chose.
func (s *deterrenceScreen) selected(id widget.TableCellID) {
	rs, _ := s.score(id.Row)
	if rs == nil {
		return
	}
	s.selRedLine, s.selCol = rs.RedLine, id.Col
	s.explain(id)
}

// reselect keeps the selection on its red line and column after a new
// scorecard, wherever the red line moved; a red line gone clears it.
func (s *deterrenceScreen) reselect() {
	if s.selCol < 0 {
		return
	}
	row := slices.IndexFunc(s.sc.RedLines, func(rs planner.RedLineScore) bool { return rs.RedLine == s.selRedLine })
	if row < 0 {
		s.selCol = -1
		s.table.UnselectAll()
		s.clearDetail()
		return
	}
	id := widget.TableCellID{Row: row, Col: s.selCol}
	s.table.Select(id) // does nothing when it is selected already
	s.explain(id)
}

func (s *deterrenceScreen) clearDetail() {
	s.detailTitle.SetText("Select a cell to see why it reads as it does.")
	for _, l := range []*widget.Label{s.detailLevel, s.detailMessage, s.detailSources} {
		l.SetText("")
		l.Hide()
	}
	s.entries.RemoveAll()
}

// explain shows why a cell reads as it does: the factor's message (or the
// grade's why), as drafted and under the test when it changed there; the
// documents it rests on; and buttons to the red line and its answers.
func (s *deterrenceScreen) explain(id widget.TableCellID) {
	rs, st := s.score(id.Row)
	if rs == nil {
		s.clearDetail()
		return
	}
	text, _, changed := s.cell(id)
	var under planner.RedLineScore
	if st != nil {
		under = st.Explain()
	}
	var what, message, underMessage string
	var sources []string
	if id.Col == gradeColumn {
		what, message, underMessage = "Grade", rs.Why, under.Why
	} else {
		f := &rs.Factors[id.Col-1]
		what, message, sources = f.Factor.Label(), f.Message, f.Sources
		if uf := under.Factor(f.Factor); uf != nil {
			underMessage = uf.Message
		}
	}
	s.detailTitle.SetText(what + " · " + redLineTitle(rs))
	level := text
	if test := s.test(); test != nil {
		if changed {
			level = text + " under “" + test.Title + "”"
		} else {
			level = text + ", unchanged under “" + test.Title + "”"
		}
	}
	s.detailLevel.SetText(level)
	s.detailLevel.Show()
	if st != nil && underMessage != "" && underMessage != message {
		message = "Under the test: " + underMessage + "\n\nAs drafted: " + message
	}
	s.detailMessage.SetText(message)
	s.detailMessage.Show()
	if len(sources) > 0 {
		s.detailSources.SetText(citations(s.m.Plan(), sources))
		s.detailSources.Show()
	} else {
		s.detailSources.Hide()
	}
	answers := rs.Answers
	if st != nil {
		answers = st.Answers
	}
	s.showEntries(rs, answers)
}

// citations names the documents a factor rests on, one a line, as
// citations.
func citations(p *planner.Plan, ids []string) string {
	lines := []string{"Sources:"}
	for _, id := range ids {
		c, _ := seeds.PlanCitation(p, id)
		lines = append(lines, c)
	}
	return strings.Join(lines, "\n")
}

// showEntries lists the entries behind a red line's scorecard: the red
// line and its answers, each a button to its tab, with why an answer
// cannot happen here.
func (s *deterrenceScreen) showEntries(rs *planner.RedLineScore, answers []planner.Answer) {
	s.entries.RemoveAll()
	s.entries.Add(widget.NewLabelWithStyle("Behind it", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	s.entries.Add(s.entryRow("Red line: "+redLineTitle(rs), "", rs.RedLine))
	seen := map[string]bool{}
	for _, a := range answers {
		if seen[a.Response] {
			continue // a duplicated link answers once
		}
		seen[a.Response] = true
		title := a.Title
		if title == "" {
			title = "response without a title"
		}
		note := ""
		if a.Lost != "" {
			note = "Cannot happen here: " + a.Lost + "."
		}
		s.entries.Add(s.entryRow("Response: "+title, note, a.Response))
	}
	if len(answers) == 0 {
		s.entries.Add(widget.NewLabel("No response answers it."))
	}
}

// entryRow is a button that opens an entry, with a note beside it.
func (s *deterrenceScreen) entryRow(label, note, subject string) fyne.CanvasObject {
	b := widget.NewButtonWithIcon(label, theme.NavigateNextIcon(), func() { s.open(subject) })
	b.Alignment = widget.ButtonAlignLeading
	b.IconPlacement = widget.ButtonIconTrailingText
	n := wrappedLabel(note)
	n.TextStyle.Italic = true
	return container.NewBorder(nil, nil, b, nil, n)
}
