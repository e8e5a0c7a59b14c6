package app

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// forcesScreen shows what the nations give: the contributions one by one,
// with a form for the selected one, and their totals by nation, location and
// capability.
type forcesScreen struct {
	entityForm

	tabs          *container.AppTabs
	contributions *container.TabItem
	totalsTab     *container.TabItem

	nation        *widget.Select
	capability    *widget.Select
	personnel     *widget.Entry
	personnelErr  *widget.Label
	amount        *widget.Entry
	amountErr     *widget.Label
	location      *widget.Select
	activation    *widget.Select
	status        *widget.Select
	months        *widget.Entry
	monthsErr     *widget.Label
	add           *widget.Button
	nationChoices forceChoices[string]

	// groundOnly narrows the totals to ground presence, what the T of the
	// rules counts; off, they count every live contribution's personnel.
	groundOnly   *widget.Check
	presenceNote *widget.Label
	presence     *widget.Table
	byCapability *widget.Table
	totals       forceTotals
	// cat is the catalogue the plan sees, kept for naming nations in list
	// rows and table cells without rebuilding it for each one.
	cat *planner.Catalog

	content fyne.CanvasObject
}

// The selects show the planner's labels; these map them back to the values
// the plan stores.
var (
	capabilityChoices = newForceChoices(planner.Capabilities, planner.Capability.Label)
	locationChoices   = newForceChoices(planner.Locations, planner.Location.Label)
	activationChoices = newForceChoices(planner.Activations, func(a planner.Activation) string { return forceWord(string(a)) })
	statusChoices     = newForceChoices(planner.Statuses, func(s planner.Status) string { return forceWord(string(s)) })
)

func newForcesScreen(m *planModel) *forcesScreen {
	s := &forcesScreen{entityForm: entityForm{m: m, selected: -1}, cat: m.ui.cat.ForPlan(m.p)}
	s.buildUI()
	s.load()
	s.recount()
	m.onChecked = append(m.onChecked, s.showFindings)
	// Any edit may move personnel, so the totals follow every change.
	m.onChange = append(m.onChange, s.recount)
	return s
}

func (s *forcesScreen) buildUI() {
	s.list = widget.NewList(
		func() int { return len(s.m.p.Contributions) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(s.rowText(i))
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
	s.nation = widget.NewSelect(nil, func(opt string) {
		code := s.nationChoices.value(opt)
		s.edit(nil, func(c *planner.Contribution) { c.Nation = code })
	})
	s.capability = widget.NewSelect(capabilityChoices.labels, func(opt string) {
		s.edit(nil, func(c *planner.Contribution) { c.Capability = capabilityChoices.value(opt) })
	})
	s.personnel = widget.NewEntry()
	s.personnel.SetPlaceHolder("0")
	s.personnelErr = errorLabel()
	s.personnel.OnChanged = s.onPersonnel
	s.amount = widget.NewEntry()
	s.amount.SetPlaceHolder("0")
	s.amountErr = errorLabel()
	s.amount.OnChanged = s.onAmount
	s.location = widget.NewSelect(locationChoices.labels, func(opt string) {
		s.edit(nil, func(c *planner.Contribution) { c.Location = locationChoices.value(opt) })
	})
	s.activation = widget.NewSelect(activationChoices.labels, func(opt string) {
		s.edit(nil, func(c *planner.Contribution) { c.Activation = activationChoices.value(opt) })
	})
	s.status = widget.NewSelect(statusChoices.labels, func(opt string) {
		s.edit(nil, func(c *planner.Contribution) { c.Status = statusChoices.value(opt) })
	})
	s.months = widget.NewEntry()
	s.months.SetPlaceHolder("open-ended")
	s.monthsErr = errorLabel()
	s.months.OnChanged = s.onMonths
	s.findings = wrappedLabel("")

	s.add = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), s.onAdd)
	s.remove = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), s.onDelete)

	s.form = container.NewVBox(widget.NewForm(
		widget.NewFormItem("ID", container.NewVBox(s.id, s.idErr)),
		widget.NewFormItem("Nation", s.nation),
		widget.NewFormItem("Capability", s.capability),
		widget.NewFormItem("Personnel", container.NewVBox(s.personnel, s.personnelErr)),
		widget.NewFormItem("Amount (€m)", container.NewVBox(s.amount, s.amountErr)),
		widget.NewFormItem("Location", s.location),
		widget.NewFormItem("Activation", s.activation),
		widget.NewFormItem("Status", s.status),
		widget.NewFormItem("Months", container.NewVBox(s.months, s.monthsErr)),
	), s.findings)
	s.hint = widget.NewLabel("Select a contribution, or press Add to record a new one.")

	left := container.NewBorder(nil, container.NewHBox(s.add, s.remove), nil, nil, s.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewStack(s.form, s.hint)))
	split.Offset = 0.4

	s.contributions = container.NewTabItem("Contributions", split)
	s.totalsTab = container.NewTabItem("Totals", s.buildTotals())
	s.tabs = container.NewAppTabs(s.contributions, s.totalsTab)
	s.content = s.tabs
}

// rowText is a contribution as the list shows it: who gives what, how many,
// where, and how firmly.
func (s *forcesScreen) rowText(i int) string {
	c := &s.m.p.Contributions[i]
	what := c.Capability.Label()
	if c.Personnel > 0 {
		what += " · " + planner.Thousands(c.Personnel)
	}
	if c.AmountEURm > 0 {
		what += " · €" + planner.Number(c.AmountEURm) + "m"
	}
	return fmt.Sprintf("%s  %s — %s · %s · %s", c.ID, s.cat.ActorName(c.Nation),
		what, c.Location.Label(), c.Status)
}

// refresh redraws the list, the form and the totals from the model, e.g.
// after a save turned fresh contributions into stored ones.
func (s *forcesScreen) refresh() {
	s.list.Refresh()
	s.load()
	s.recount()
}

// selectID shows the contribution with that id in the form; false when the
// plan has none, so a finding about something else can go elsewhere.
func (s *forcesScreen) selectID(id string) bool {
	i := forceContributionIndex(s.m.p, id)
	if i < 0 {
		return false
	}
	s.tabs.Select(s.contributions)
	s.list.Select(i)
	s.list.ScrollTo(i)
	return true
}

// load shows the selected contribution in the form without counting that as
// an edit.
func (s *forcesScreen) load() {
	s.loading = true
	defer func() { s.loading = false }()
	idOf := func(i int) string { return s.m.p.Contributions[i].ID }
	if !s.showSelected(len(s.m.p.Contributions), idOf, s.personnelErr, s.amountErr, s.monthsErr) {
		return
	}
	c := &s.m.p.Contributions[s.selected]
	s.loadNations(c.Nation)
	s.capability.SetSelected(capabilityChoices.label(c.Capability))
	s.personnel.SetText(strconv.Itoa(c.Personnel))
	s.amount.SetText(strconv.FormatFloat(c.AmountEURm, 'f', -1, 64))
	s.location.SetSelected(locationChoices.label(c.Location))
	s.activation.SetSelected(activationChoices.label(c.Activation))
	s.status.SetSelected(statusChoices.label(c.Status))
	if c.Months != nil {
		s.months.SetText(strconv.Itoa(*c.Months))
	} else {
		s.months.SetText("")
	}
	s.showFindings()
}

// loadNations offers the catalogue's states and organisations and the plan's
// own actors (an organisation such as the EU gives money too), and selects
// code. Adversaries contribute nothing, so they are left out.
func (s *forcesScreen) loadNations(code string) {
	s.nationChoices = forceChoices[string]{}
	for _, a := range s.cat.Actors {
		if a.Kind != planner.ActorAdversary {
			s.nationChoices.add(a.Code, fmt.Sprintf("%s (%s)", a.Name, a.Code))
		}
	}
	if !s.nationChoices.has(code) {
		// A nation nobody declares stays visible rather than being
		// dropped; the checker reports it as an invalid reference.
		s.nationChoices.add(code, code+" (undeclared)")
	}
	s.nation.SetOptions(s.nationChoices.labels)
	s.nation.SetSelected(s.nationChoices.label(code))
}

// showFindings lists what the checker says about the selected contribution.
func (s *forcesScreen) showFindings() {
	if s.selected < 0 || s.selected >= len(s.m.p.Contributions) {
		return
	}
	s.showFindingsAbout(s.m.p.Contributions[s.selected].ID, "The checker has nothing to say about this contribution.")
}

// edit applies a valid change to a copy of the selected contribution and puts the
// copy in its place (see entityForm.edit).
func (s *forcesScreen) edit(errLabel *widget.Label, change func(*planner.Contribution)) {
	editEntity(&s.entityForm, s.m.p.Contributions, errLabel, change, sameContribution)
}

func (s *forcesScreen) onID(id string) {
	if s.loading || s.selected < 0 {
		return
	}
	old := s.m.p.Contributions[s.selected].ID
	switch msg := s.m.renameProblem(old, id); {
	case id == old:
		showError(s.idErr, "")
	case msg != "":
		s.refuse(s.idErr, msg)
	default:
		s.m.renamed(old, id)
		// A response of this plan may already count on the new
		// contribution; it follows the rename.
		s.rewriteUses(func(uses []string) []string {
			if !slices.Contains(uses, old) {
				return uses
			}
			out := slices.Clone(uses)
			for i := range out {
				if out[i] == old {
					out[i] = id
				}
			}
			return out
		})
		s.edit(s.idErr, func(c *planner.Contribution) { c.ID = id })
	}
}

// onPersonnel takes a head count: a whole number, zero or more; empty is
// zero, as the format omits it.
func (s *forcesScreen) onPersonnel(text string) {
	if s.loading || s.selected < 0 {
		return
	}
	text = strings.TrimSpace(text)
	n := 0
	if text != "" {
		v, err := strconv.Atoi(text)
		if err != nil {
			s.refuse(s.personnelErr, fmt.Sprintf("%q is not a whole number; write a head count such as 1500.", text))
			return
		}
		if v < 0 {
			s.refuse(s.personnelErr, "Personnel cannot be negative; write 0 for a contribution without people.")
			return
		}
		n = v
	}
	s.edit(s.personnelErr, func(c *planner.Contribution) { c.Personnel = n })
}

// onAmount takes millions of euros: a number, zero or more; empty is zero.
func (s *forcesScreen) onAmount(text string) {
	if s.loading || s.selected < 0 {
		return
	}
	text = strings.TrimSpace(text)
	v := 0.0
	if text != "" {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) { // the format has neither NaN nor infinity
			s.refuse(s.amountErr, fmt.Sprintf("%q is not a number; write millions of euros such as 250 or 0.5.", text))
			return
		}
		if f < 0 {
			s.refuse(s.amountErr, "An amount cannot be negative; write 0 for a contribution without money.")
			return
		}
		v = f
	}
	s.edit(s.amountErr, func(c *planner.Contribution) { c.AmountEURm = v })
}

// onMonths takes the length of the commitment: empty for open-ended, else a
// whole number of months, at least one.
func (s *forcesScreen) onMonths(text string) {
	if s.loading || s.selected < 0 {
		return
	}
	text = strings.TrimSpace(text)
	if text == "" {
		s.edit(s.monthsErr, func(c *planner.Contribution) { c.Months = nil })
		return
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 {
		s.refuse(s.monthsErr, fmt.Sprintf("%q is not a number of months; write 1 or more, or leave it empty for open-ended.", text))
		return
	}
	s.edit(s.monthsErr, func(c *planner.Contribution) { c.Months = &n })
}

// onAdd appends a contribution with a free id and selects it for editing.
// It starts as a pledge of nothing from home, which touches no rule until
// the user says more.
func (s *forcesScreen) onAdd() {
	id := ""
	for n := len(s.m.p.Contributions) + 1; ; n++ {
		if id = fmt.Sprintf("c-%d", n); !s.m.idTaken(id) {
			break
		}
	}
	nation := "UA"
	if len(s.m.p.Contributions) > 0 {
		nation = s.m.p.Contributions[len(s.m.p.Contributions)-1].Nation
	}
	s.m.p.Contributions = append(slices.Clone(s.m.p.Contributions), planner.Contribution{
		ID: id, Nation: nation, Capability: planner.CapTraining, Location: planner.LocHome,
		Activation: planner.ActivationCeasefire, Status: planner.StatusPledged,
	})
	s.m.fresh[id] = true
	s.m.changed()
	s.list.Refresh()
	s.list.Select(len(s.m.p.Contributions) - 1)
}

// onDelete removes the selected contribution and takes it out of the
// responses that use it, which would otherwise name nothing.
func (s *forcesScreen) onDelete() {
	if s.selected < 0 {
		return
	}
	i, c := s.selected, s.m.p.Contributions[s.selected]
	users := 0
	for _, r := range s.m.p.Responses {
		if slices.Contains(r.Uses, c.ID) {
			users++
		}
	}
	del := func() {
		if i >= len(s.m.p.Contributions) || s.m.p.Contributions[i].ID != c.ID {
			return // the list changed while the question was open
		}
		// A new list rather than slices.Delete, which would shift the
		// elements a snapshot still shares.
		s.m.p.Contributions = slices.Concat(s.m.p.Contributions[:i], s.m.p.Contributions[i+1:])
		s.rewriteUses(func(uses []string) []string {
			if !slices.Contains(uses, c.ID) {
				return uses
			}
			return slices.DeleteFunc(slices.Clone(uses), func(u string) bool { return u == c.ID })
		})
		delete(s.m.fresh, c.ID)
		s.list.UnselectAll()
		s.selected = -1
		s.m.changed()
		s.refresh()
	}
	if users == 0 {
		del()
		return
	}
	s.m.ui.ask.Confirm("Delete contribution?",
		fmt.Sprintf("Delete contribution %s (%s, %s) and take it out of the %s that use it?",
			c.ID, c.Nation, c.Capability.Label(), plural(users, "response", "responses")), del)
}

// rewriteUses replaces the uses of every response that change alters. The
// responses list is copied when one changes, never written through, since
// snapshots share it.
func (s *forcesScreen) rewriteUses(change func([]string) []string) {
	var out []planner.Response
	for i, r := range s.m.p.Responses {
		uses := change(r.Uses)
		if slices.Equal(uses, r.Uses) {
			continue
		}
		if out == nil {
			out = slices.Clone(s.m.p.Responses)
		}
		r.Uses = uses
		out[i] = r
	}
	if out != nil {
		s.m.p.Responses = out
	}
}

func forceContributionIndex(p *planner.Plan, id string) int {
	return slices.IndexFunc(p.Contributions, func(c planner.Contribution) bool { return c.ID == id })
}

func sameContribution(a, b planner.Contribution) bool {
	ma, mb := a.Months, b.Months
	a.Months, b.Months = nil, nil
	return a == b && (ma == nil) == (mb == nil) && (ma == nil || *ma == *mb)
}

// forceTotals is what the totals tab shows: personnel by nation and
// location, and the contributions by capability.
type forceTotals struct {
	// nations are the rows of the presence table, most personnel first;
	// presence[i] holds nation i's personnel at each of planner.Locations,
	// then its total. The last entry is the Total row.
	nations  []string
	presence [][]int
	caps     []capabilityTotal
	// foreignGround is T of the rules, what force-size and
	// troops-ban-conflict count.
	foreignGround int
}

// capabilityTotal sums the live contributions of one capability.
type capabilityTotal struct {
	capability planner.Capability
	count      int
	personnel  int
	amountEURm float64
}

// tallyForces counts the live contributions of p (declined ones give
// nothing). The presence table counts their personnel by nation and
// location; with groundOnly it counts only ground presence as the rules
// define it (planner's GroundPresence: a ground capability with people at
// the front, the second line or the rear), so its grand total is T plus
// Ukraine's own ground presence. The capability table always counts every
// live contribution.
func tallyForces(p *planner.Plan, groundOnly bool) forceTotals {
	t := forceTotals{foreignGround: planner.ForeignGroundPresence(p)}
	cols := len(planner.Locations) + 1
	rows := map[string][]int{}
	caps := map[planner.Capability]*capabilityTotal{}
	for i := range p.Contributions {
		c := &p.Contributions[i]
		if !c.Live() {
			continue
		}
		ct := caps[c.Capability]
		if ct == nil {
			ct = &capabilityTotal{capability: c.Capability}
			caps[c.Capability] = ct
		}
		ct.count++
		ct.personnel += c.Personnel
		ct.amountEURm += c.AmountEURm
		loc := slices.Index(planner.Locations, c.Location)
		if c.Personnel <= 0 || loc < 0 || groundOnly && !c.GroundPresence() {
			continue
		}
		row := rows[c.Nation]
		if row == nil {
			row = make([]int, cols)
			rows[c.Nation] = row
		}
		row[loc] += c.Personnel
		row[cols-1] += c.Personnel
	}
	for n := range rows {
		t.nations = append(t.nations, n)
	}
	slices.SortFunc(t.nations, func(a, b string) int {
		if d := rows[b][cols-1] - rows[a][cols-1]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	sum := make([]int, cols)
	for _, n := range t.nations {
		t.presence = append(t.presence, rows[n])
		for j, v := range rows[n] {
			sum[j] += v
		}
	}
	t.presence = append(t.presence, sum)

	total := capabilityTotal{}
	for _, c := range planner.Capabilities {
		if ct := caps[c]; ct != nil {
			t.caps = append(t.caps, *ct)
			total.count += ct.count
			total.personnel += ct.personnel
			total.amountEURm += ct.amountEURm
		}
	}
	t.caps = append(t.caps, total)
	return t
}

// presenceColumns and capabilityColumns head the totals tables.
var (
	presenceColumns   = append(slices.Clone(locationChoices.labels), "Total")
	capabilityColumns = []string{"Contributions", "Personnel", "€m"}
)

func (s *forcesScreen) buildTotals() fyne.CanvasObject {
	s.groundOnly = widget.NewCheck("Only ground presence (ground roles with people at the front, second line or rear)",
		func(bool) { s.recount() })
	s.presenceNote = wrappedLabel("")

	s.presence = newForceTable(
		func() (int, int) { return len(s.totals.presence), len(presenceColumns) },
		func(id widget.TableCellID) string { return s.presenceText(id) },
	)
	s.presence.SetColumnWidth(-1, 160)
	for j := range presenceColumns {
		s.presence.SetColumnWidth(j, 140)
	}

	s.byCapability = newForceTable(
		func() (int, int) { return len(s.totals.caps), len(capabilityColumns) },
		func(id widget.TableCellID) string { return s.capabilityText(id) },
	)
	s.byCapability.SetColumnWidth(-1, 160)
	for j := range capabilityColumns {
		s.byCapability.SetColumnWidth(j, 120)
	}

	top := container.NewVBox(s.groundOnly, s.presenceNote,
		widget.NewLabelWithStyle("Live personnel by nation and location", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	presence := container.NewBorder(top, nil, nil, nil, s.presence)
	caps := container.NewBorder(
		widget.NewLabelWithStyle("Live contributions by capability", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, s.byCapability)
	split := container.NewVSplit(presence, caps)
	split.Offset = 0.55
	return split
}

// recount tallies the plan again and redraws the totals.
func (s *forcesScreen) recount() {
	s.cat = s.m.ui.cat.ForPlan(s.m.p)
	s.totals = tallyForces(s.m.p, s.groundOnly.Checked)
	s.presenceNote.SetText(fmt.Sprintf("Foreign ground presence (T): %s personnel — what the force-size and troops-ban rules count.",
		planner.Thousands(s.totals.foreignGround)))
	s.presence.Refresh()
	s.byCapability.Refresh()
	s.list.Refresh()
}

// presenceText is one cell of the presence table, its headers included
// (row or column -1).
func (s *forcesScreen) presenceText(id widget.TableCellID) string {
	last := len(s.totals.presence) - 1
	switch {
	case id.Row < 0 && id.Col < 0:
		return "Nation"
	case id.Row < 0:
		return presenceColumns[id.Col]
	case id.Row > last:
		return ""
	case id.Col < 0 && id.Row == last:
		return "Total"
	case id.Col < 0:
		return s.cat.ActorName(s.totals.nations[id.Row])
	}
	n := s.totals.presence[id.Row][id.Col]
	if n == 0 && id.Row < last && id.Col < len(planner.Locations) {
		return "" // a blank reads faster than a column of zeros
	}
	return planner.Thousands(n)
}

// capabilityText is one cell of the capability table, its headers included.
func (s *forcesScreen) capabilityText(id widget.TableCellID) string {
	last := len(s.totals.caps) - 1
	switch {
	case id.Row < 0 && id.Col < 0:
		return "Capability"
	case id.Row < 0:
		return capabilityColumns[id.Col]
	case id.Row > last:
		return ""
	case id.Col < 0 && id.Row == last:
		return "Total"
	}
	ct := s.totals.caps[id.Row]
	switch id.Col {
	case -1:
		return ct.capability.Label()
	case 0:
		return strconv.Itoa(ct.count)
	case 1:
		return planner.Thousands(ct.personnel)
	}
	return planner.Number(ct.amountEURm)
}

// newForceTable is a small read-only table whose cells and headers are
// labels; text gives each one's text.
func newForceTable(length func() (int, int), text func(widget.TableCellID) string) *widget.Table {
	newLabel := func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t := widget.NewTableWithHeaders(length, newLabel, func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		l.Alignment = fyne.TextAlignTrailing
		l.SetText(text(id))
	})
	t.CreateHeader = func() fyne.CanvasObject {
		l := newLabel().(*widget.Label)
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

// forceWord is a format value as prose: "on_trigger" reads "on trigger".
func forceWord(v string) string { return strings.ReplaceAll(v, "_", " ") }

// forceChoices pairs the labels a select shows with the values the plan
// stores, in the order offered.
type forceChoices[T comparable] struct {
	labels []string
	values []T
}

func newForceChoices[T comparable](values []T, label func(T) string) forceChoices[T] {
	var c forceChoices[T]
	for _, v := range values {
		c.add(v, label(v))
	}
	return c
}

func (c *forceChoices[T]) add(v T, label string) {
	c.values = append(c.values, v)
	c.labels = append(c.labels, label)
}

func (c *forceChoices[T]) has(v T) bool { return slices.Contains(c.values, v) }

// label is v's label; a value outside the choices shows as itself.
func (c *forceChoices[T]) label(v T) string {
	if i := slices.Index(c.values, v); i >= 0 {
		return c.labels[i]
	}
	return fmt.Sprint(v)
}

// value is the value behind a label, the zero value for none.
func (c *forceChoices[T]) value(label string) T {
	if i := slices.Index(c.labels, label); i >= 0 {
		return c.values[i]
	}
	var zero T
	return zero
}
