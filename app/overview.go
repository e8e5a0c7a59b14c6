package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/chart"
	"redline/planner/edit"
	"redline/seeds"
)

// overview is the plan's header (title, classification, phase, profile) and
// its key figures.
type overview struct {
	m *planModel

	title          *widget.Entry
	titleErr       *widget.Label
	classification *widget.Entry
	classErr       *widget.Label
	fields         []*formField
	phases         *optionSet[planner.Phase]
	phase          *widget.Select
	profile        *widget.Select
	presence       *widget.Label
	presenceScope  *widget.Label
	byNation       *widget.Label
	byLocation     *widget.Label
	firmness       *widget.Label
	firmnessScope  *widget.Label
	answered       *widget.Label
	findingsBySev  *widget.Label
	loading        bool
	content        fyne.CanvasObject
	// forcesChart and locationChart draw the forces by nation (stacked by
	// status) and the coalition's personnel by location.
	forcesChart, locationChart *chartView
	// deterrence holds the scorecard's plan-wide lines, one item each.
	deterrence *widget.Form
}

func newOverview(m *planModel) *overview {
	o := &overview{m: m}
	o.buildUI()
	o.load()
	m.OnChange(func() {
		// The figures count contributions, and red lines answered by links
		// to responses.
		if m.Touched().Has(edit.PartContributions) {
			o.updateForces()
		}
		if m.Touched().Has(edit.PartRedLines | edit.PartResponses | edit.PartLinks) {
			o.updateAnswered()
		}
	})
	m.OnChecked(o.updateFindings)
	// Undo and redo replace the plan: the fields show the restored values.
	m.OnReset(o.load)
	return o
}

func (o *overview) buildUI() {
	o.title, o.titleErr = widget.NewEntry(), errorLabel()
	o.classification, o.classErr = widget.NewEntry(), errorLabel()
	o.classification.SetPlaceHolder(planner.DefaultClassification)
	o.fields = []*formField{
		o.textField(planner.FieldPlanTitle, "A plan needs a title.", o.title, o.titleErr,
			func(p *planner.Plan, s string) { p.Title = s }),
		o.textField(planner.FieldClassification, "", o.classification, o.classErr,
			func(p *planner.Plan, s string) { p.Classification = s }),
	}
	o.phases = newOptionSet(planner.Phases, planner.Phase.Label)
	o.phase = newSelect(o.phases, func(ph planner.Phase) {
		if !o.loading {
			o.m.SetPlan(func(p *planner.Plan) { p.Phase = ph })
		}
	})
	o.profile = widget.NewSelect(o.profileIDs(), func(id string) {
		if !o.loading {
			o.m.SetPlan(func(p *planner.Plan) { p.Profile = id })
		}
	})

	form := widget.NewForm(
		widget.NewFormItem("Title", fieldBox(o.title, o.titleErr)),
		widget.NewFormItem("Classification", fieldBox(o.classification, o.classErr)),
		widget.NewFormItem("Phase", o.phase),
		widget.NewFormItem("Profile", o.profile),
	)

	o.presence = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	o.presenceScope = captionLabel()
	o.byNation = wrappedLabel("")
	o.byLocation = wrappedLabel("")
	o.firmness = wrappedLabel("")
	o.firmnessScope = captionLabel()
	o.answered = widget.NewLabel("")
	o.findingsBySev = widget.NewLabel("")
	figures := widget.NewForm(
		widget.NewFormItem("Foreign personnel in Ukraine", container.NewVBox(o.presence, o.presenceScope)),
		widget.NewFormItem("By nation", o.byNation),
		widget.NewFormItem("By location", o.byLocation),
		widget.NewFormItem("Contributions by status", container.NewVBox(o.firmness, o.firmnessScope)),
		widget.NewFormItem("Red lines answered", o.answered),
		widget.NewFormItem("Findings", o.findingsBySev),
	)
	o.deterrence = widget.NewForm()
	o.forcesChart = newChartView(nil, 420)
	o.locationChart = newChartView(nil, 420)
	charts := container.NewGridWithColumns(2, o.forcesChart, o.locationChart)
	o.forcesChart.relayout, o.locationChart.relayout = charts.Refresh, charts.Refresh
	o.content = container.NewVScroll(container.NewVBox(
		form,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Key figures", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		figures,
		charts,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Deterrence", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		o.deterrence,
	))
}

// textField makes entry the field for the plan's text of spec, which set
// stores through the session.
func (o *overview) textField(spec planner.TextField, needed string, entry *widget.Entry, err *widget.Label,
	set func(*planner.Plan, string)) *formField {
	x := &formField{name: spec.Name, entry: entry, err: err, host: o,
		take: takeText(spec, needed, func(s string) { o.m.SetPlan(func(p *planner.Plan) { set(p, s) }) })}
	entry.OnChanged = x.changed
	return x
}

// The overview's fields are the plan's own: their subject is "".
func (o *overview) subject() (string, bool) { return "", true }
func (o *overview) isLoading() bool         { return o.loading }
func (o *overview) model() *planModel       { return o.m }

// focusField puts the cursor in the field called name.
func (o *overview) focusField(name string) bool {
	for _, x := range o.fields {
		if x.name == name {
			focusOn(o.m.ui.win.Canvas(), x.entry)
			return true
		}
	}
	return false
}

// profileIDs lists the built-in profiles, then the stored ones, then the
// plan's own when it is neither (so that a select can show it).
func (o *overview) profileIDs() []string {
	var ids []string
	for id := range seeds.Profiles() {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if stored, err := o.m.ui.store.Profiles(context.Background()); err == nil {
		for _, f := range stored {
			if !slices.Contains(ids, f.ID) {
				ids = append(ids, f.ID)
			}
		}
	}
	if p := o.m.Plan().Profile; p != "" && !slices.Contains(ids, p) {
		ids = append(ids, p)
	}
	return ids
}

// load shows the plan's fields without counting that as an edit, with the
// text of a field that holds what the plan did not take.
func (o *overview) load() {
	o.loading = true
	defer func() { o.loading = false }()
	p := o.m.Plan()
	o.title.SetText(p.Title)
	o.classification.SetText(p.Classification)
	for _, x := range o.fields {
		showError(x.err, "")
		x.restore()
	}
	o.phase.SetSelected(o.phases.label(p.Phase))
	o.profile.SetSelected(p.Profile)
	o.updateForces()
	o.updateAnswered()
	o.updateFindings()
}

// updateForces shows the force totals (planner.TallyForces), each with the
// scope it counts in words.
func (o *overview) updateForces() {
	cat := o.m.ui.cat.ForPlan(o.m.Plan())
	ground := o.m.forces(planner.GroundInUkraine)
	o.presence.SetText(planner.Thousands(ground.Coalition.Personnel))
	o.presenceScope.SetText("Counts " + ground.Scope.Describe() + "; Ukraine's own forces are not counted.")

	var nations []string
	locations := make([]int, len(planner.Locations))
	for _, n := range ground.Nations {
		if c := (planner.Contribution{Nation: n.Nation}); !c.Foreign() || n.Personnel == 0 {
			continue
		}
		nations = append(nations, fmt.Sprintf("%s %s", cat.ActorName(n.Nation), planner.Thousands(n.Personnel)))
		for l, people := range n.ByLocation {
			locations[l] += people
		}
	}
	o.byNation.SetText(orNone(nations))
	var byLocation []string
	for l, people := range locations {
		if people > 0 {
			byLocation = append(byLocation, fmt.Sprintf("%s %s", planner.Locations[l].Label(), planner.Thousands(people)))
		}
	}
	o.byLocation.SetText(orNone(byLocation))

	// How firm the coalition's commitments are, by status: Ukraine's own
	// forces guarantee nothing, and would dwarf the rest.
	p := o.m.Plan()
	coalition := planner.TallyForces(&planner.Plan{Contributions: slices.DeleteFunc(slices.Clone(p.Contributions),
		func(c planner.Contribution) bool { return !c.Foreign() })}, planner.AllForces)
	var firmness []string
	for _, s := range coalition.ByStatus {
		firmness = append(firmness, fmt.Sprintf("%s: %s", s.Status.Label(), tallyText(s.Tally)))
	}
	if coalition.Declined.Count > 0 {
		firmness = append(firmness, fmt.Sprintf("%s: %s, not counted", planner.StatusDeclined.Label(), tallyText(coalition.Declined)))
	}
	o.firmness.SetText(orNone(firmness))
	o.firmnessScope.SetText("Counts " + coalition.Scope.Describe() + ", from the coalition; Ukraine's own are not counted.")
	o.forcesChart.want(func() chart.Chart { return chart.ForcesByNation(p, cat) })
	o.locationChart.want(func() chart.Chart { return chart.PersonnelByLocation(p) })
}

// updateAnswered counts the red lines a response answers (planner.Answered).
func (o *overview) updateAnswered() {
	p := o.m.Plan()
	o.answered.SetText(fmt.Sprintf("%s of %s", planner.Thousands(planner.Answered(p)), planner.Thousands(len(p.RedLines))))
}

// updateFindings shows the checker's latest counts.
func (o *overview) updateFindings() {
	c := o.m.Counts()
	o.findingsBySev.SetText(fmt.Sprintf("%s, %s, %d advice",
		plural(c.Blocker, "blocker", "blockers"), plural(c.Warning, "warning", "warnings"), c.Advice))
}

// showDeterrence shows the scorecard's plan-wide lines, each with its
// documents named briefly; the Deterrence tab has the red lines.
func (o *overview) showDeterrence(sc *planner.Scorecard) {
	lines := sc.PlanWide.Lines
	if len(o.deterrence.Items) != len(lines) {
		o.deterrence.Items = nil
		for range lines {
			o.deterrence.Items = append(o.deterrence.Items, widget.NewFormItem("", wrappedLabel("")))
		}
		o.deterrence.Refresh()
	}
	for i, l := range lines {
		text := l.Message
		if len(l.Sources) > 0 {
			text += " (" + citedBriefly(o.m.Plan(), l.Sources) + ")"
		}
		item := o.deterrence.Items[i]
		if name := planner.PlanLineLabel(l.Line); item.Text != name {
			item.Text = name
			o.deterrence.Refresh()
		}
		item.Widget.(*widget.Label).SetText(text)
	}
}

// tallyText is a tally in words: "3 contributions, 1,200 personnel, €50 m".
func tallyText(t planner.Tally) string {
	return fmt.Sprintf("%s, %s personnel, €%s m", plural(t.Count, "contribution", "contributions"),
		planner.Thousands(t.Personnel), planner.Number(t.AmountEURm))
}

func orNone(parts []string) string {
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "\n")
}

// captionLabel is a small line under a figure that says what it counts.
func captionLabel() *widget.Label {
	l := wrappedLabel("")
	l.SizeName = theme.SizeNameCaptionText
	l.TextStyle.Italic = true
	return l
}
