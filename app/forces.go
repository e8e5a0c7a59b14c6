package app

import (
	"fmt"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/chart"
	"redline/planner/edit"
)

// forcesScreen shows what the nations give: the contributions one by one,
// with a form for the selected one, and their totals by nation, location and
// capability.
type forcesScreen struct {
	entityForm[planner.Contribution]

	tabs          *container.AppTabs
	contributions *container.TabItem
	totalsTab     *container.TabItem
	chartsTab     *container.TabItem
	// nationChart and locationChart are the Charts tab's.
	nationChart, locationChart *chartView
	// visible reports whether the screen is on screen (the editor's
	// Forces tab is selected); nil: it is.
	visible func() bool

	nation       *widget.Select
	capability   *widget.Select
	personnel    *widget.Entry
	personnelErr *widget.Label
	amount       *widget.Entry
	amountErr    *widget.Label
	location     *widget.Select
	activation   *widget.Select
	status       *widget.Select
	months       *widget.Entry
	monthsErr    *widget.Label
	nations      *optionSet[string]

	// groundOnly narrows the presence table to people on the ground in
	// Ukraine, what the rules count; off, it counts every live
	// contribution's personnel. The caption says which.
	groundOnly   *widget.Check
	presenceNote *widget.Label
	presence     *widget.Table
	byCapability *widget.Table
	// totals are the presence table's, in its scope, and rows its nations
	// with personnel, most first; all counts every live contribution, for
	// the capability table.
	totals planner.ForceTotals
	rows   []planner.NationForces
	all    planner.ForceTotals
	// cat is the catalogue the plan sees, kept for naming nations in list
	// rows and table cells without rebuilding it for each one.
	cat *planner.Catalog

	content fyne.CanvasObject
}

// The selects show the planner's labels; these map them back to the values
// the plan stores.
var (
	capabilityChoices = newOptionSet(planner.Capabilities, planner.Capability.Label)
	locationChoices   = newOptionSet(planner.Locations, planner.Location.Label)
	activationChoices = newOptionSet(planner.Activations, planner.Activation.Label)
	statusChoices     = newOptionSet(planner.Statuses, planner.Status.Label)
)

func newForcesScreen(m *planModel) *forcesScreen {
	s := &forcesScreen{cat: m.ui.cat.ForPlan(m.Plan())}
	s.init(m, edit.Contributions, "The checker has nothing to say about this contribution.", s.onAdd, s.onDelete)
	s.fill = s.show
	s.buildUI()
	s.load()
	s.recount()
	// An edit of a contribution may move personnel: the totals follow.
	m.OnChange(func() {
		if m.Touched().Has(edit.PartContributions) {
			s.recount()
		}
	})
	return s
}

func (s *forcesScreen) buildUI() {
	s.newList(newTaggedRow, func(c *planner.Contribution, o fyne.CanvasObject) { setTaggedRow(o, s.describe(c), "") })

	s.nations = &optionSet[string]{}
	s.nation = widget.NewSelect(nil, func(opt string) {
		code := s.nations.value(opt)
		s.edit(func(c *planner.Contribution) { c.Nation = code })
	})
	s.capability = newSelect(capabilityChoices, func(v planner.Capability) { s.edit(func(c *planner.Contribution) { c.Capability = v }) })
	s.personnel, s.personnelErr = widget.NewEntry(), errorLabel()
	s.numberField(planner.FieldPersonnel, "", s.personnel, s.personnelErr, func(c *planner.Contribution, n float64, _ bool) {
		c.Personnel = int(n) // whole and within 32 bits: the field refuses the rest
	})
	s.amount, s.amountErr = widget.NewEntry(), errorLabel()
	s.numberField(planner.FieldAmountEURm, "", s.amount, s.amountErr, func(c *planner.Contribution, v float64, _ bool) { c.AmountEURm = v })
	s.location = newSelect(locationChoices, func(v planner.Location) { s.edit(func(c *planner.Contribution) { c.Location = v }) })
	s.activation = newSelect(activationChoices, func(v planner.Activation) { s.edit(func(c *planner.Contribution) { c.Activation = v }) })
	s.status = newSelect(statusChoices, func(v planner.Status) { s.edit(func(c *planner.Contribution) { c.Status = v }) })
	s.months, s.monthsErr = widget.NewEntry(), errorLabel()
	// Empty is open-ended; a number sets a new pointer, never a write
	// through the old.
	s.numberField(planner.FieldMonths, "", s.months, s.monthsErr, func(c *planner.Contribution, v float64, empty bool) {
		c.Months = nil
		if !empty {
			n := int(v)
			c.Months = &n
		}
	})

	s.provenance(func(c *planner.Contribution) *planner.Provenance { return &c.Provenance })
	s.filterUnsourced()
	split := s.layout(s.buttons(), 0.4, "Select a contribution, or press Add to record a new one.",
		widget.NewFormItem("ID", fieldBox(s.id, s.idErr)),
		widget.NewFormItem("Nation", s.nation),
		widget.NewFormItem("Capability", s.capability),
		widget.NewFormItem("Personnel", fieldBox(s.personnel, s.personnelErr)),
		widget.NewFormItem("Amount (€m)", fieldBox(s.amount, s.amountErr)),
		widget.NewFormItem("Location", s.location),
		widget.NewFormItem("Activation", s.activation),
		widget.NewFormItem("Status", s.status),
		widget.NewFormItem("Months", fieldBox(s.months, s.monthsErr)),
	)
	s.contributions = container.NewTabItem("Contributions", split)
	s.totalsTab = container.NewTabItem("Totals", s.buildTotals())
	s.chartsTab = container.NewTabItem("Charts", s.buildCharts())
	s.tabs = container.NewAppTabs(s.contributions, s.totalsTab, s.chartsTab)
	s.tabs.OnSelected = func(*container.TabItem) { s.catchUpCharts() }
	s.content = s.tabs
}

// catchUpCharts draws the charts edits asked for while they were off
// screen.
func (s *forcesScreen) catchUpCharts() {
	s.nationChart.catchUp()
	s.locationChart.catchUp()
}

// buildCharts is the Charts tab: the forces by nation, stacked by status,
// and where the coalition's personnel would serve (package chart), the
// same charts the PDF summary prints.
func (s *forcesScreen) buildCharts() fyne.CanvasObject {
	s.nationChart = newChartView(nil, 520)
	s.locationChart = newChartView(nil, 520)
	// Until the editor says which of its tabs is on screen, the Charts
	// tab is seen when it is selected.
	shown := func() bool { return s.tabs.Selected() == s.chartsTab && (s.visible == nil || s.visible()) }
	s.nationChart.onScreen, s.locationChart.onScreen = shown, shown
	box := container.NewVBox(s.nationChart, s.locationChart)
	s.nationChart.relayout, s.locationChart.relayout = box.Refresh, box.Refresh
	return container.NewVScroll(box)
}

// describe is a contribution as the list shows it: who gives what, how
// many, where, and how firmly.
func (s *forcesScreen) describe(c *planner.Contribution) string { return contributionLabel(s.cat, c) }

// contributionLabel is how a contribution is listed: who gives what, how
// much, where and how firmly ("United Kingdom — Rapid reaction · 11,000 ·
// Second line · Conditional"); a contribution has no title, and its id is
// for the form.
func contributionLabel(cat *planner.Catalog, c *planner.Contribution) string {
	what := c.Capability.Label()
	if c.Personnel > 0 {
		what += " · " + planner.Thousands(c.Personnel)
	}
	if c.AmountEURm > 0 {
		what += " · €" + planner.Number(c.AmountEURm) + "m"
	}
	return fmt.Sprintf("%s — %s · %s · %s", cat.ActorName(c.Nation), what, c.Location.Label(), c.Status.Label())
}

// rowText is the list's row for contribution i.
func (s *forcesScreen) rowText(i int) string { return s.describe(&s.items()[i]) }

// refresh redraws the list, the form and the totals from the plan, e.g.
// after a save turned fresh contributions into stored ones.
func (s *forcesScreen) refresh() {
	s.entityForm.refresh()
	s.recount()
}

// selectID shows the contribution with that id in the form; false when the
// plan has none, so a finding about something else can go elsewhere.
func (s *forcesScreen) selectID(id string) bool {
	if edit.Index(s.m.Session, s.kind, id) < 0 {
		return false
	}
	s.tabs.Select(s.contributions)
	return s.entityForm.selectID(id)
}

// show fills the form with contribution c.
func (s *forcesScreen) show(c *planner.Contribution) {
	// Adversaries contribute nothing, so they are not offered; a nation
	// nobody declares stays visible rather than being dropped.
	s.nations = actorChoices(s.cat, c.Nation)
	s.nation.SetOptions(s.nations.labels)
	s.nation.SetSelected(s.nations.label(c.Nation))
	s.capability.SetSelected(capabilityChoices.label(c.Capability))
	s.personnel.SetText(strconv.Itoa(c.Personnel))
	s.amount.SetText(fieldNumber(c.AmountEURm))
	s.location.SetSelected(locationChoices.label(c.Location))
	s.activation.SetSelected(activationChoices.label(c.Activation))
	s.status.SetSelected(statusChoices.label(c.Status))
	if c.Months != nil {
		s.months.SetText(strconv.Itoa(*c.Months))
	} else {
		s.months.SetText("")
	}
}

// onAdd appends a contribution with a free id and selects it for editing.
// It starts as a pledge of nothing from home, which touches no rule until
// the user says more.
func (s *forcesScreen) onAdd() {
	items := s.items()
	nation := "UA"
	if len(items) > 0 {
		nation = items[len(items)-1].Nation
	}
	s.entityForm.onAdd(planner.Contribution{
		ID: s.m.FreeID(edit.Contributions.Prefix, len(items)+1), Nation: nation, Capability: planner.CapTraining,
		Location: planner.LocHome, Activation: planner.ActivationCeasefire, Status: planner.StatusPledged,
	})
}

// onDelete removes the selected contribution and takes it out of the
// responses that use it, which would otherwise name nothing.
func (s *forcesScreen) onDelete() {
	s.entityForm.onDelete("Delete contribution?", func(c *planner.Contribution, users int) string {
		return fmt.Sprintf("Delete contribution %s (%s, %s) and take it out of the %s that use it?",
			c.ID, s.cat.ActorName(c.Nation), c.Capability.Label(), plural(users, "response", "responses"))
	})
}

// presenceColumns and capabilityColumns head the totals tables.
var (
	presenceColumns   = append(slices.Clone(locationChoices.labels), "Total")
	capabilityColumns = []string{"Contributions", "Personnel", "€m"}
)

func (s *forcesScreen) buildTotals() fyne.CanvasObject {
	s.groundOnly = widget.NewCheck("Only people on the ground in Ukraine (ground roles at the front, second line or rear)",
		func(bool) { s.recount() })
	s.presenceNote = wrappedLabel("")

	s.presence = newForceTable(
		func() (int, int) { return len(s.rows) + 1, len(presenceColumns) },
		func(id widget.TableCellID) string { return s.presenceText(id) },
	)
	s.presence.SetColumnWidth(-1, 160)
	for j := range presenceColumns {
		s.presence.SetColumnWidth(j, 140)
	}

	s.byCapability = newForceTable(
		func() (int, int) { return len(s.all.ByCapability) + 1, len(capabilityColumns) },
		func(id widget.TableCellID) string { return s.capabilityText(id) },
	)
	s.byCapability.SetColumnWidth(-1, 160)
	for j := range capabilityColumns {
		s.byCapability.SetColumnWidth(j, 120)
	}

	top := container.NewVBox(s.groundOnly, s.presenceNote,
		widget.NewLabelWithStyle("Personnel by nation and location", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	presence := container.NewBorder(top, nil, nil, nil, s.presence)
	caps := container.NewBorder(
		widget.NewLabelWithStyle("Live contributions by capability, wherever they are", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, s.byCapability)
	split := container.NewVSplit(presence, caps)
	split.Offset = 0.55
	return split
}

// recount tallies the plan again (planner.TallyForces) and redraws the
// totals.
func (s *forcesScreen) recount() {
	s.cat = s.m.ui.cat.ForPlan(s.m.Plan())
	ground := s.m.forces(planner.GroundInUkraine)
	s.all = s.m.forces(planner.AllForces)
	s.totals = s.all
	if s.groundOnly.Checked {
		s.totals = ground
	}
	s.rows = s.rows[:0]
	for _, n := range s.totals.Nations {
		if n.Personnel > 0 {
			s.rows = append(s.rows, n)
		}
	}
	s.presenceNote.SetText(fmt.Sprintf("The table counts %s. Foreign ground presence (T), what the force-size "+
		"and troops-ban rules count: %s personnel.", s.totals.Scope.Describe(), planner.Thousands(ground.Coalition.Personnel)))
	s.presence.Refresh()
	s.byCapability.Refresh()
	p, cat := s.m.Plan(), s.cat
	s.nationChart.want(func() chart.Chart { return chart.ForcesByNation(p, cat) })
	s.locationChart.want(func() chart.Chart { return chart.PersonnelByLocation(p) })
}

// presenceText is one cell of the presence table, its headers included
// (row or column -1); the last row is the total.
func (s *forcesScreen) presenceText(id widget.TableCellID) string {
	total := len(planner.Locations)
	return totalsCell(id, "Nation", presenceColumns, len(s.rows),
		func(row int) string { return s.cat.ActorName(s.rows[row].Nation) },
		func(row, col int) string {
			switch {
			case row == len(s.rows) && col == total:
				return planner.Thousands(s.totals.Total.Personnel)
			case row == len(s.rows):
				n := 0
				for _, r := range s.rows {
					n += r.ByLocation[col]
				}
				return planner.Thousands(n)
			case col == total:
				return planner.Thousands(s.rows[row].Personnel)
			case s.rows[row].ByLocation[col] == 0:
				return "" // a blank reads faster than a column of zeros
			}
			return planner.Thousands(s.rows[row].ByLocation[col])
		})
}

// capabilityText is one cell of the capability table, its headers included;
// the last row is the total.
func (s *forcesScreen) capabilityText(id widget.TableCellID) string {
	caps := s.all.ByCapability
	return totalsCell(id, "Capability", capabilityColumns, len(caps),
		func(row int) string { return caps[row].Capability.Label() },
		func(row, col int) string {
			t := s.all.Total
			if row < len(caps) {
				t = caps[row].Tally
			}
			switch col {
			case 0:
				return strconv.Itoa(t.Count)
			case 1:
				return planner.Thousands(t.Personnel)
			}
			return planner.Number(t.AmountEURm)
		})
}

// totalsCell is one cell of a totals table of rows lines and a Total line
// under them: corner and columns head it, name heads each line, cell gives
// the rest (the Total line is row rows).
func totalsCell(id widget.TableCellID, corner string, columns []string, rows int,
	name func(row int) string, cell func(row, col int) string) string {
	switch {
	case id.Row < 0 && id.Col < 0:
		return corner
	case id.Row < 0:
		return columns[id.Col]
	case id.Row > rows:
		return ""
	case id.Col < 0 && id.Row == rows:
		return "Total"
	case id.Col < 0:
		return name(id.Row)
	}
	return cell(id.Row, id.Col)
}

// newForceTable is a small read-only table whose cells and headers are
// labels; text gives each one's text.
func newForceTable(length func() (int, int), text func(widget.TableCellID) string) *widget.Table {
	t := widget.NewTableWithHeaders(length, newRowLabel, func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		l.Alignment = fyne.TextAlignTrailing
		l.SetText(text(id))
	})
	t.CreateHeader = func() fyne.CanvasObject {
		l := newRowLabel().(*widget.Label)
		l.TextStyle.Bold = true
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Row < 0 && id.Col >= 0 {
			l.Alignment = fyne.TextAlignTrailing
		} else {
			l.Alignment = fyne.TextAlignLeading
		}
		l.SetText(text(id))
	}
	// The tables only report; a tap selects nothing.
	t.OnSelected = func(id widget.TableCellID) { t.Unselect(id) }
	return t
}
