package app

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// fileName is a built-in document's file name, which people never see.
var fileName = regexp.MustCompile(`0\d\d_[0-9a-f]{16}\.txt`)

// rowTexts are the texts of a tagged row: name, tag and provenance mark.
func rowTexts(l *widget.List, row int) (name, tag, mark string) {
	o := l.CreateItem()
	l.UpdateItem(row, o)
	objs := o.(*fyne.Container).Objects
	return objs[0].(*widget.Label).Text, objs[1].(*widget.Label).Text, objs[2].(*widget.Label).Text
}

// drawnTexts are the texts the window draws now.
func drawnTexts(w fyne.Window) []string {
	var out []string
	for _, o := range test.LaidOutObjects(w.Content()) {
		if t, ok := o.(*canvas.Text); ok && o.Visible() {
			out = append(out, t.Text)
		}
	}
	return out
}

// Every entry form edits its sources and assumption: a source ticked and
// an assumption typed reach the plan; an assumption longer than the
// format allows is refused beside the field, the plan keeps the last good
// one and saving waits.
func TestProvenanceFields(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	f.win.Resize(fyne.NewSize(1200, 1400))
	const insight = "Insight News Media, 2025 — Security Guarantees for Ukraine: Between Western Declarations and Real Commitments"
	for _, tc := range []struct {
		name string
		form interface {
			selectID(string) bool
		}
		prov func() *provenanceEditor
		id   string
		of   func(p *planner.Plan) planner.Provenance
	}{
		{"red line", e.redLines, func() *provenanceEditor { return e.redLines.prov }, "rl-cyber",
			func(p *planner.Plan) planner.Provenance {
				return p.RedLines[slices.IndexFunc(p.RedLines, func(r planner.RedLine) bool { return r.ID == "rl-cyber" })].Provenance
			}},
		{"response", e.responses, func() *provenanceEditor { return e.responses.prov }, "resp-cyber-defence",
			func(p *planner.Plan) planner.Provenance {
				return p.Responses[slices.IndexFunc(p.Responses, func(r planner.Response) bool { return r.ID == "resp-cyber-defence" })].Provenance
			}},
		{"contribution", e.forces, func() *provenanceEditor { return e.forces.prov }, "c-us-isr",
			func(p *planner.Plan) planner.Provenance {
				return p.Contributions[slices.IndexFunc(p.Contributions, func(c planner.Contribution) bool { return c.ID == "c-us-isr" })].Provenance
			}},
		{"term", e.terms, func() *provenanceEditor { return e.terms.prov }, "term-ua-force-cap",
			func(p *planner.Plan) planner.Provenance {
				return p.Terms[slices.IndexFunc(p.Terms, func(t planner.Term) bool { return t.ID == "term-ua-force-cap" })].Provenance
			}},
		{"inject", e.injects, func() *provenanceEditor { return e.injects.prov }, ref.Injects[0].ID,
			func(p *planner.Plan) planner.Provenance {
				return p.Injects[slices.IndexFunc(p.Injects, func(in planner.Inject) bool { return in.ID == ref.Injects[0].ID })].Provenance
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.form.selectID(tc.id) {
				t.Fatalf("no %s %s", tc.name, tc.id)
			}
			pe := tc.prov()
			before := tc.of(e.model.Plan())
			if got := pe.assumption.Text; got != before.Assumption {
				t.Errorf("the form shows the assumption %q, want %q", got, before.Assumption)
			}
			for k, id := range pe.sources.ids {
				if pe.sources.checks[k].Checked != slices.Contains(before.Sources, id) {
					t.Errorf("source %q ticked %v", pe.sources.labels[k], pe.sources.checks[k].Checked)
				}
			}
			on := !slices.Contains(before.Sources, planner.Src002)
			if !pe.sources.tickByLabel(insight, on) {
				t.Fatalf("the form does not offer %q: %q", insight, pe.sources.labels)
			}
			if got := tc.of(e.model.Plan()).Sources; slices.Contains(got, planner.Src002) != on {
				t.Errorf("after ticking the plan cites %v", got)
			}
			pe.assumption.SetText("")
			test.Type(pe.assumption, "Assumed at the workshop.")
			if got := tc.of(e.model.Plan()).Assumption; got != "Assumed at the workshop." {
				t.Errorf("the plan holds the assumption %q", got)
			}
			pe.assumption.SetText(strings.Repeat("a", planner.MaxAssumption+1))
			if !pe.assumptionErr.Visible() || !strings.Contains(pe.assumptionErr.Text, "at most 2,000 characters") {
				t.Errorf("a long assumption shows %q", pe.assumptionErr.Text)
			}
			if got := tc.of(e.model.Plan()).Assumption; got != "Assumed at the workshop." || e.model.SaveBlocked() == "" {
				t.Errorf("a long assumption reached the plan (%d characters) or saving does not wait", len(got))
			}
			// The fix button goes to the field.
			e.goToInvalid()
			if f.win.Canvas().Focused() != pe.assumption {
				t.Errorf("the field to fix is not focused: %T", f.win.Canvas().Focused())
			}
			pe.assumption.SetText("")
			if pe.assumptionErr.Visible() || tc.of(e.model.Plan()).Assumption != "" || e.model.SaveBlocked() != "" {
				t.Error("clearing the assumption leaves an error or the text")
			}
		})
	}
}

// List rows say in a word which entries are assumed and which rest on
// nothing; "Show unsourced only" narrows the list to those citing no
// source, and counts them.
func TestProvenanceMarksAndUnsourcedFilter(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	s := e.redLines
	p := e.model.Plan()
	bare := 0
	for i, r := range p.RedLines {
		_, _, mark := rowTexts(s.list, i)
		if want := provenanceWord(r.Provenance); mark != want {
			t.Errorf("row %d (%s) is marked %q, want %q", i, r.ID, mark, want)
		}
		if len(r.Sources) == 0 {
			bare++
		}
	}
	if bare == 0 {
		t.Fatal("every reference red line cites a source; the test wants one that does not")
	}
	if want := "Show unsourced only (" + planner.Thousands(bare) + ")"; s.unsourced.Text != want {
		t.Errorf("the filter says %q, want %q", s.unsourced.Text, want)
	}

	// A red line with no provenance at all says so.
	s.selectID(p.RedLines[0].ID)
	for _, id := range p.RedLines[0].Sources {
		s.prov.sources.tickByLabel(s.prov.sources.labels[slices.Index(s.prov.sources.ids, id)], false)
	}
	s.prov.assumption.SetText("")
	if _, _, mark := rowTexts(s.list, 0); mark != markNoSource {
		t.Fatalf("a red line with neither sources nor assumption is marked %q", mark)
	}

	test.Tap(s.unsourced)
	if n := s.list.Length(); n != bare+1 {
		t.Fatalf("the filtered list has %d rows, want %d", n, bare+1)
	}
	for row := range s.list.Length() {
		if i := s.index(row); len(e.model.Plan().RedLines[i].Sources) != 0 {
			t.Errorf("row %d shows %s, which cites %v", row, e.model.Plan().RedLines[i].ID, e.model.Plan().RedLines[i].Sources)
		}
	}
	// The selected red line, once it cites a source, stays in the list
	// while it is selected: the form does not lose its row.
	s.prov.sources.tickByLabel(s.prov.sources.labels[0], true)
	if s.row(0) < 0 || s.list.Length() != bare+1 {
		t.Fatal("the selected red line left the filtered list as it was edited")
	}
	test.Tap(s.unsourced)
	if s.list.Length() != len(e.model.Plan().RedLines) {
		t.Errorf("the unfiltered list has %d rows", s.list.Length())
	}
}

// The Findings tab cites a finding's sources by publisher and title, never
// by file name.
func TestFindingsShowSourcesAsCitations(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	e.tabs.Select(e.findingsTab)
	i := slices.IndexFunc(e.model.Findings(), func(fd planner.Finding) bool { return fd.Rule == "conditional-dependency" })
	if i < 0 {
		t.Fatal("no conditional-dependency finding")
	}
	row := newFindingRow()
	row.show(e.model.Plan(), &e.model.Findings()[i])
	if row.sources.Text != "Insight News Media, 2025" {
		t.Errorf("the finding's row cites %q", row.sources.Text)
	}
	e.findings.list.Select(i)
	e.tabs.Select(e.findingsTab)
	d := e.findings.detail.Text
	if !strings.Contains(d, "(002) Insight News Media, 2025 — Security Guarantees for Ukraine") || fileName.MatchString(d) {
		t.Errorf("the finding's detail cites:\n%s", d)
	}
	for _, x := range drawnTexts(f.win) {
		if fileName.MatchString(x) {
			t.Errorf("the Findings tab draws the file name in %q", x)
		}
	}
}

// A link's provenance is edited on the Matrix: with "Open the link" chosen a
// tap opens the cell in the side panel instead of changing its trigger; the
// sources and assumption reach the plan, the cell marks an assumed link, a
// too-long assumption is refused beside the field and the fix button comes
// back to it, and a finding about the link opens it.
func TestMatrixLinkPanelEditsProvenance(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	f.win.Resize(fyne.NewSize(1400, 1000))
	const insight = "Insight News Media, 2025 — Security Guarantees for Ukraine: Between Western Declarations and Real Commitments"
	s := e.matrix
	p := e.model.Plan()
	id := matrixCell(t, p, "rl-ground-incursion", "resp-rrf")
	link := func() planner.Link {
		for _, l := range e.model.Plan().Links {
			if l.RedLine == "rl-ground-incursion" && l.Response == "resp-rrf" {
				return l
			}
		}
		t.Fatal("the link is gone")
		return planner.Link{}
	}
	before := link()
	s.tapMode.SetSelected(tapOpens)
	tapCell(s, id)
	if link().Trigger != before.Trigger {
		t.Fatalf("opening the cell changed its trigger to %q", link().Trigger)
	}
	lp := s.panel
	if !lp.content.Visible() || !strings.Contains(lp.heading.Text, p.RedLines[id.Row].Title) ||
		!strings.Contains(lp.heading.Text, p.Responses[id.Col].Title) || strings.Contains(lp.heading.Text, "rl-ground-incursion") {
		t.Fatalf("panel shown %v, heading %q", lp.content.Visible(), lp.heading.Text)
	}
	if lp.trigger.Selected != before.Trigger.Label() {
		t.Errorf("trigger shown %q, want %q", lp.trigger.Selected, before.Trigger.Label())
	}
	drawn := func(id widget.TableCellID) *widget.Label {
		o := s.table.CreateCell()
		s.table.UpdateCell(id, o)
		_, l := matrixCellParts(o)
		return l
	}
	if !drawn(id).TextStyle.Bold || drawn(widget.TableCellID{Row: id.Row, Col: id.Col + 1}).TextStyle.Bold {
		t.Error("the open cell is not the one set in bold")
	}
	for k, src := range lp.prov.sources.ids {
		if lp.prov.sources.checks[k].Checked != slices.Contains(before.Sources, src) {
			t.Errorf("source %q ticked %v", lp.prov.sources.labels[k], lp.prov.sources.checks[k].Checked)
		}
	}
	on := !slices.Contains(before.Sources, planner.Src002)
	if !lp.prov.sources.tickByLabel(insight, on) {
		t.Fatalf("the panel does not offer %q", insight)
	}
	if got := link().Sources; slices.Contains(got, planner.Src002) != on {
		t.Errorf("after ticking the link cites %v", got)
	}
	lp.prov.assumption.SetText("")
	test.Type(lp.prov.assumption, "Timing assumed.")
	if got := link().Assumption; got != "Timing assumed." {
		t.Errorf("the link holds the assumption %q", got)
	}
	if got := tableCellText(s.table, id); got != before.Trigger.Label()+" · "+markAssumed {
		t.Errorf("the cell says %q", got)
	}
	lp.prov.assumption.SetText(strings.Repeat("a", planner.MaxAssumption+1))
	if !lp.prov.assumptionErr.Visible() || link().Assumption != "Timing assumed." {
		t.Errorf("a long assumption: error %q, the link holds %d characters", lp.prov.assumptionErr.Text, len(link().Assumption))
	}
	if why := e.model.blocked(); !strings.Contains(why, "Assumption of the link from red line “") {
		t.Errorf("the status says %q", why)
	}
	s.closeLink()
	e.tabs.Select(e.overviewTab)
	e.goToInvalid()
	if e.tabs.Selected() != e.matrixTab || !lp.content.Visible() || f.win.Canvas().Focused() != lp.prov.assumption {
		t.Errorf("the fix button went to tab %q, panel shown %v, focus %T", e.tabs.Selected().Text, lp.content.Visible(), f.win.Canvas().Focused())
	}
	if lp.prov.assumption.Text != strings.Repeat("a", planner.MaxAssumption+1) {
		t.Error("reopening the link lost the text the plan did not take")
	}
	lp.prov.assumption.SetText("")
	if e.model.SaveBlocked() != "" || link().Assumption != "" {
		t.Error("clearing the assumption leaves it blocked or in the plan")
	}
	// The trigger is changed in the panel too; "No link" empties the cell.
	lp.trigger.SetSelected(planner.TriggerConsultation.Label())
	if link().Trigger != planner.TriggerConsultation {
		t.Errorf("trigger %q after choosing consultation", link().Trigger)
	}
	lp.trigger.SetSelected(triggerNone)
	if s.cellText(id) != "" || !lp.noLink.Visible() || lp.provBox.Visible() {
		t.Errorf("after No link the cell says %q, note shown %v", s.cellText(id), lp.noLink.Visible())
	}
	// A finding about a link opens it.
	s.closeLink()
	e.showFinding(planner.Finding{Subject: planner.LinkSubject(planner.Link{RedLine: "rl-nuclear", Response: "resp-nato-consult"})})
	if e.tabs.Selected() != e.matrixTab || lp.redLine != "rl-nuclear" || lp.response != "resp-nato-consult" || !lp.content.Visible() {
		t.Errorf("a link finding opened %q × %q", lp.redLine, lp.response)
	}
}

// A link emptied while its assumption holds text the plan refused leaves
// nothing to fix: saving does not wait for a field no one can reach.
func TestEmptiedLinkForgetsItsRefusedAssumption(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	s := e.matrix
	s.openLink("rl-ground-incursion", "resp-rrf")
	s.panel.prov.assumption.SetText(strings.Repeat("a", planner.MaxAssumption+1))
	if e.model.SaveBlocked() == "" {
		t.Fatal("a too-long assumption does not block saving")
	}
	s.panel.trigger.SetSelected(triggerNone)
	if why := e.model.SaveBlocked(); why != "" {
		t.Errorf("after the link went, saving still waits: %q", why)
	}
}
