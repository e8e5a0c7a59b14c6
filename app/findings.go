package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/seeds"
)

// findingsScreen lists every finding of the checker, most serious first, and
// shows the selected one in full.
type findingsScreen struct {
	m *planModel
	// show takes the user to the finding's subject; false when it has no
	// screen yet.
	show func(planner.Finding) bool

	list    *widget.List
	empty   *widget.Label
	detail  *widget.Label
	content fyne.CanvasObject
}

func newFindingsScreen(m *planModel, show func(planner.Finding) bool) *findingsScreen {
	s := &findingsScreen{m: m, show: show}
	s.buildUI()
	s.update()
	m.OnChecked(s.update)
	return s
}

func (s *findingsScreen) buildUI() {
	s.list = widget.NewList(
		func() int { return len(s.m.Findings()) },
		func() fyne.CanvasObject { return newFindingRow() },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*findingRow).show(s.m.Plan(), &s.m.Findings()[i]) },
	)
	s.list.OnSelected = func(i widget.ListItemID) {
		f := s.m.Findings()[i]
		s.detail.SetText(fmt.Sprintf("%s · %s · %s\n\n%s\n\n%s",
			f.Severity.Label(), f.Rule, subjectLabel(f.Subject), f.Message, sourcesDetail(s.m.Plan(), f.Sources)))
		// Unselect so that tapping the same finding again goes there again.
		s.list.Unselect(i)
		s.show(f)
	}
	s.empty = widget.NewLabel("The checker finds nothing to report.")
	s.empty.Alignment = fyne.TextAlignCenter
	s.detail = wrappedLabel("Select a finding to go to what it is about.")
	split := container.NewVSplit(container.NewStack(s.list, s.empty), container.NewVScroll(s.detail))
	split.Offset = 0.75
	s.content = split
}

// update shows the model's latest findings.
func (s *findingsScreen) update() {
	s.list.UnselectAll()
	s.list.Refresh()
	if len(s.m.Findings()) == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
}

// findingRow is one finding: its severity in the severity's colour, the rule,
// the subject, the message (in full below the list) and its sources.
type findingRow struct {
	widget.BaseWidget
	severity *widget.Label
	rule     *widget.Label
	subject  *widget.Label
	message  *widget.Label
	sources  *widget.Label
	box      *fyne.Container
}

func newFindingRow() *findingRow {
	r := &findingRow{
		severity: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		rule:     widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}),
		subject:  widget.NewLabel(""),
		message:  widget.NewLabel(""),
		sources:  widget.NewLabel(""),
	}
	r.message.Truncation = fyne.TextTruncateEllipsis
	r.subject.Truncation = fyne.TextTruncateEllipsis
	r.sources.Importance = widget.LowImportance
	r.box = container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(r.severity, r.rule), r.sources, r.subject),
		r.message)
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer draws the row; a widget rather than a bare container so that
// the list can hand it back to show().
func (r *findingRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (r *findingRow) show(p *planner.Plan, f *planner.Finding) {
	r.severity.Importance = severityImportance(f.Severity)
	r.severity.SetText(f.Severity.Label())
	r.rule.SetText(f.Rule)
	r.subject.SetText(subjectLabel(f.Subject))
	r.message.SetText(f.Message)
	r.sources.SetText(citedBriefly(p, f.Sources))
	// A recycled row keeps the layout of its last texts: a citation is
	// wider than the sources it replaced.
	r.box.Refresh()
}

// severityImportance colours a severity: blockers red, warnings amber,
// advice muted.
func severityImportance(s planner.Severity) widget.Importance {
	switch s {
	case planner.Blocker:
		return widget.DangerImportance
	case planner.Warning:
		return widget.WarningImportance
	}
	return widget.LowImportance
}

// subjectLabel names a finding's subject as the checker's Subject encodes it.
func subjectLabel(subject string) string {
	switch {
	case subject == "":
		return "the plan"
	case strings.HasPrefix(subject, "link:"):
		rl, resp, _ := strings.Cut(strings.TrimPrefix(subject, "link:"), ":")
		return "link " + rl + " → " + resp
	}
	return subject
}

// sourcesLabel names built-in sources briefly (citedBriefly), as an inject
// template cites them.
func sourcesLabel(ids []string) string { return citedBriefly(nil, ids) }

// citedBriefly names sources briefly, for a finding's row: the first by
// who published it and when ("Insight News Media, 2025"), and how many
// more. A file name is never shown.
func citedBriefly(p *planner.Plan, ids []string) string {
	if len(ids) == 0 {
		return "no sources"
	}
	first, _ := seeds.PlanCitation(p, ids[0])
	if by, _, ok := strings.Cut(first, " — "); ok {
		first = by
	}
	if len(ids) > 1 {
		first += fmt.Sprintf(" and %d more", len(ids)-1)
	}
	return first
}

// sourcesDetail cites a finding's sources in full, one a line, each
// after the number the finding's message cites it by ("(002)").
func sourcesDetail(p *planner.Plan, ids []string) string {
	if len(ids) == 0 {
		return "Sources: none"
	}
	lines := []string{"Sources:"}
	for _, id := range ids {
		c, _ := seeds.PlanCitation(p, id)
		if planner.IsBuiltinSource(id) {
			c = "(" + planner.ShortSource(id) + ") " + c
		}
		lines = append(lines, c)
	}
	return strings.Join(lines, "\n")
}
