package app

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// openForces opens the reference plan and shows a forces screen over its
// model in a window of its own (the lead wires it into the editor's tabs).
func openForces(t *testing.T) (*fixture, *editor, *forcesScreen) {
	t.Helper()
	return openScreen(t, newForcesScreen, func(s *forcesScreen) fyne.CanvasObject { return s.content }, fyne.NewSize(1000, 700))
}

// selectContribution selects the contribution with that id in the list.
func selectContribution(t *testing.T, s *forcesScreen, id string) {
	t.Helper()
	if !s.selectID(id) {
		t.Fatalf("no contribution %q", id)
	}
	if got := s.id.Text; got != id {
		t.Fatalf("form shows %q, want %q", got, id)
	}
}

// tableCellText draws one cell or header of a table and returns its text.
func tableCellText(t *widget.Table, id widget.TableCellID) string {
	var o fyne.CanvasObject
	if id.Row < 0 || id.Col < 0 {
		o = t.CreateHeader()
		t.UpdateHeader(id, o)
	} else {
		o = t.CreateCell()
		t.UpdateCell(id, o)
	}
	if l, ok := o.(*widget.Label); ok {
		return l.Text
	}
	_, l := matrixCellParts(o)
	return l.Text
}

// modelHasFinding reports whether the checker's latest findings hold rule
// about subject.
func modelHasFinding(m *planModel, rule, subject string) bool {
	return slices.ContainsFunc(m.Findings(), func(f planner.Finding) bool { return f.Rule == rule && f.Subject == subject })
}

func TestForcesTotals(t *testing.T) {
	_, e, s := openForces(t)
	p := e.model.Plan()
	rows, cols := s.presence.Length()
	if cols != len(planner.Locations)+1 {
		t.Fatalf("presence table has %d columns, want the %d locations and Total", cols, len(planner.Locations))
	}
	gb := slices.IndexFunc(s.rows, func(n planner.NationForces) bool { return n.Nation == "GB" })
	second := slices.Index(planner.Locations, planner.LocSecondLine)
	if gb < 0 {
		t.Fatal("the presence table has no row for the UK")
	}
	if got := tableCellText(s.presence, widget.TableCellID{Row: gb, Col: -1}); got != "United Kingdom" {
		t.Errorf("UK row header %q", got)
	}
	if got := tableCellText(s.presence, widget.TableCellID{Row: -1, Col: second}); got != "Second line" {
		t.Errorf("second-line column header %q", got)
	}
	if got := tableCellText(s.presence, widget.TableCellID{Row: gb, Col: second}); got != "11,000" {
		t.Errorf("UK at the second line: %q, want 11,000 (c-gb-rrf)", got)
	}
	if got := tableCellText(s.presence, widget.TableCellID{Row: rows - 1, Col: -1}); got != "Total" {
		t.Errorf("last row header %q, want Total", got)
	}

	// Unfiltered, the grand total is every live contribution's personnel.
	live := 0
	for _, c := range p.Contributions {
		if c.Live() {
			live += c.Personnel
		}
	}
	if got := tableCellText(s.presence, widget.TableCellID{Row: rows - 1, Col: cols - 1}); got != planner.Thousands(live) {
		t.Errorf("grand total of live personnel %q, want %s", got, planner.Thousands(live))
	}

	// Narrowed to ground presence, it is what the rules count as T plus
	// Ukraine's own ground presence, by the planner's own definitions.
	s.groundOnly.SetChecked(true)
	ua := 0
	for _, c := range p.Contributions {
		if c.Live() && !c.Foreign() && c.GroundPresence() {
			ua += c.Personnel
		}
	}
	want := planner.ForeignGroundPresence(p) + ua
	rows, cols = s.presence.Length()
	if got := tableCellText(s.presence, widget.TableCellID{Row: rows - 1, Col: cols - 1}); got != planner.Thousands(want) {
		t.Errorf("grand total of ground presence %q, want T %d + UA %d = %s", got, planner.ForeignGroundPresence(p), ua, planner.Thousands(want))
	}
	if !strings.Contains(s.presenceNote.Text, planner.Thousands(planner.ForeignGroundPresence(p))) {
		t.Errorf("note %q does not give T", s.presenceNote.Text)
	}

	// By capability: funding counts its euros, declined contributions
	// count nothing.
	fund := slices.IndexFunc(s.all.ByCapability, func(c planner.CapabilityForces) bool { return c.Capability == planner.CapFunding })
	if fund < 0 {
		t.Fatal("no funding row")
	}
	if got := tableCellText(s.byCapability, widget.TableCellID{Row: fund, Col: 2}); got != "99,000" {
		t.Errorf("funding €m %q, want 99,000", got)
	}
	lrs := slices.IndexFunc(s.all.ByCapability, func(c planner.CapabilityForces) bool { return c.Capability == planner.CapLongRangeStrike })
	if got := s.all.ByCapability[lrs].Count; got != 1 {
		t.Errorf("long-range strike counts %d contributions, want 1 (the US one is declined)", got)
	}
}

func TestContributionInputs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		field   func(*forcesScreen) (*widget.Entry, *widget.Label)
		text    string
		wantErr string // empty: the input is taken
		check   func(planner.Contribution) bool
	}{
		{"personnel that is not a number", personnelField, "abc", "not a whole number", nil},
		{"negative personnel", personnelField, "-5", "cannot be negative", nil},
		{"empty personnel is none", personnelField, "", "", func(c planner.Contribution) bool { return c.Personnel == 0 }},
		{"personnel", personnelField, "12000", "", func(c planner.Contribution) bool { return c.Personnel == 12000 }},
		{"amount that is not a number", amountField, "lots", "not a number", nil},
		{"amount", amountField, "2.5", "", func(c planner.Contribution) bool { return c.AmountEURm == 2.5 }},
		{"zero months", monthsField, "0", "must be from 1", nil},
		{"empty months is open-ended", monthsField, "", "", func(c planner.Contribution) bool { return c.Months == nil }},
		{"months", monthsField, "6", "", func(c planner.Contribution) bool { return c.Months != nil && *c.Months == 6 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, e, s := openForces(t)
			selectContribution(t, s, "c-gb-rrf")
			before := e.model.Plan().Contributions[s.selected]
			entry, errLabel := tc.field(s)
			entry.SetText(tc.text)
			got := e.model.Plan().Contributions[s.selected]
			if tc.wantErr != "" {
				if !errLabel.Visible() || !strings.Contains(errLabel.Text, tc.wantErr) {
					t.Errorf("error %q (visible %v), want one saying %q", errLabel.Text, errLabel.Visible(), tc.wantErr)
				}
				if !sameContribution(got, before) || e.model.Dirty() {
					t.Errorf("refused input reached the model: %+v, dirty %v", got, e.model.Dirty())
				}
				return
			}
			if errLabel.Visible() {
				t.Errorf("input %q shows error %q", tc.text, errLabel.Text)
			}
			if !tc.check(got) || !e.model.Dirty() {
				t.Errorf("input %q gives %+v, dirty %v", tc.text, got, e.model.Dirty())
			}
		})
	}
}

func sameContribution(a, b planner.Contribution) bool { return reflect.DeepEqual(a, b) }

func forceContributionIndex(p *planner.Plan, id string) int {
	return slices.IndexFunc(p.Contributions, func(c planner.Contribution) bool { return c.ID == id })
}

func personnelField(s *forcesScreen) (*widget.Entry, *widget.Label) {
	return s.personnel, s.personnelErr
}
func amountField(s *forcesScreen) (*widget.Entry, *widget.Label) { return s.amount, s.amountErr }
func monthsField(s *forcesScreen) (*widget.Entry, *widget.Label) { return s.months, s.monthsErr }

// TestUSTrainersOnTheGround moves the US ISR team to the second line as
// trainers: that is ground presence, which the profile forbids the US.
func TestUSTrainersOnTheGround(t *testing.T) {
	_, e, s := openForces(t)
	selectContribution(t, s, "c-us-isr")
	if modelHasFinding(e.model, "no-us-ground-troops", "c-us-isr") {
		t.Fatal("no-us-ground-troops before the move")
	}
	s.location.SetSelected(planner.LocSecondLine.Label())
	s.capability.SetSelected(planner.CapTraining.Label())
	c := e.model.Plan().Contributions[s.selected]
	if c.Location != planner.LocSecondLine || c.Capability != planner.CapTraining {
		t.Fatalf("contribution in the model: %s at %s", c.Capability, c.Location)
	}
	if !modelHasFinding(e.model, "no-us-ground-troops", "c-us-isr") {
		t.Fatal("no no-us-ground-troops finding for US trainers at the second line")
	}
	if !strings.Contains(s.findings.Text, "no-us-ground-troops") {
		t.Errorf("the form does not show the finding: %q", s.findings.Text)
	}
	if row := s.rowText(s.selected); !strings.Contains(row, "Training") || !strings.Contains(row, "Second line") {
		t.Errorf("list row %q does not follow the edit", row)
	}
}

func TestDeleteContributionLeavesResponses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		confirm bool
	}{
		{"confirmed delete takes it out of uses", true},
		{"declined delete keeps everything", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, e, s := openForces(t)
			f.ask.confirm = tc.confirm
			selectContribution(t, s, "c-us-isr")
			responses, contributions := e.model.Plan().Responses, e.model.Plan().Contributions
			test.Tap(s.remove)

			p := e.model.Plan()
			gone := forceContributionIndex(p, "c-us-isr") < 0
			used := slices.ContainsFunc(p.Responses, func(r planner.Response) bool { return slices.Contains(r.Uses, "c-us-isr") })
			if gone != tc.confirm || used == tc.confirm {
				t.Fatalf("after Delete (confirm %v): contribution gone %v, still used %v", tc.confirm, gone, used)
			}
			if !tc.confirm {
				return
			}
			if len(p.Contributions) != len(contributions)-1 || s.selected != -1 || s.form.Visible() {
				t.Errorf("%d contributions, selected %d", len(p.Contributions), s.selected)
			}
			// Copy-on-write: the lists held before the delete are as they were.
			if forceContributionIndex(&planner.Plan{Contributions: contributions}, "c-us-isr") < 0 {
				t.Error("the delete wrote through the old contributions list")
			}
			if !slices.ContainsFunc(responses, func(r planner.Response) bool { return slices.Contains(r.Uses, "c-us-isr") }) {
				t.Error("the delete wrote through the old responses' uses")
			}
		})
	}
}

func TestAddContribution(t *testing.T) {
	_, e, s := openForces(t)
	n := len(e.model.Plan().Contributions)
	test.Tap(s.add)
	if len(e.model.Plan().Contributions) != n+1 || s.selected != n || s.id.Disabled() {
		t.Fatalf("Add: %d contributions, selected %d", len(e.model.Plan().Contributions), s.selected)
	}
	id := s.id.Text
	s.id.SetText("c-nl-engineers")
	if got := e.model.Plan().Contributions[n].ID; got != "c-nl-engineers" {
		t.Errorf("a fresh contribution's id is not editable: %q (was %q)", got, id)
	}
	s.id.SetText("c-gb-rrf")
	if !s.idErr.Visible() || e.model.Plan().Contributions[n].ID != "c-nl-engineers" {
		t.Errorf("a taken id is not refused: %q", e.model.Plan().Contributions[n].ID)
	}
	selectContribution(t, s, "c-gb-rrf")
	if !s.id.Disabled() {
		t.Error("a stored contribution's id is editable")
	}
}
