package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
)

// The two things a tap on a matrix cell can do.
const (
	tapCycles = "Change the trigger (none, automatic, consultation)"
	tapOpens  = "Open the link"
)

// linkPanel is the matrix's side panel for one cell: which red line and
// response it joins, its trigger, and its provenance — the documents the
// link rests on and what of it is assumed. It edits through the session
// (SetLink, SetLinkProvenance) like every form, so undo, autosave and the
// checker see its edits; an assumption too long for the plan is refused
// beside the field and blocks saving until fixed, as on the entry forms.
type linkPanel struct {
	m *planModel
	// redLine and response are the cell's ids; "" while no cell is open.
	redLine, response string

	heading *widget.Label
	trigger *widget.RadioGroup
	prov    *provenanceEditor
	// provBox holds the provenance fields, hidden while the cell has no
	// link (there is nothing to cite for).
	provBox    *fyne.Container
	noLink     *widget.Label
	assumption *formField
	loading    bool
	content    fyne.CanvasObject
	onClose    func()
}

// triggerNone is the radio's word for an empty cell.
const triggerNone = "No link"

func newLinkPanel(m *planModel) *linkPanel {
	lp := &linkPanel{m: m, heading: widget.NewLabel(""), prov: newProvenanceEditor(m)}
	lp.heading.Wrapping = fyne.TextWrapWord
	lp.heading.TextStyle.Bold = true
	lp.trigger = widget.NewRadioGroup([]string{triggerNone, planner.TriggerAutomatic.Label(), planner.TriggerConsultation.Label()},
		func(choice string) {
			if lp.loading || lp.redLine == "" {
				return
			}
			var t planner.Trigger
			for _, tr := range []planner.Trigger{planner.TriggerAutomatic, planner.TriggerConsultation} {
				if tr.Label() == choice {
					t = tr
				}
			}
			if choice == "" {
				return // the radio was cleared: keep the cell as it is
			}
			lp.m.SetLink(lp.redLine, lp.response, t)
		})
	lp.trigger.Required = true
	lp.prov.sources.onChanged = func(ids []string) {
		if lp.loading || lp.redLine == "" {
			return
		}
		pr := lp.current()
		pr.Sources = ids
		lp.prov.shown.Sources = ids
		lp.m.SetLinkProvenance(lp.redLine, lp.response, pr)
	}
	lp.assumption = &formField{name: "Assumption", entry: &lp.prov.assumption.Entry, widget: lp.prov.assumption,
		err: lp.prov.assumptionErr, host: lp, take: func(text string) string {
			if msg := assumptionProblem(text); msg != "" {
				return msg
			}
			pr := lp.current()
			pr.Assumption = text
			lp.prov.shown.Assumption = text
			lp.m.SetLinkProvenance(lp.redLine, lp.response, pr)
			return ""
		}}
	lp.prov.assumption.OnChanged = lp.assumption.changed
	lp.noLink = widget.NewLabel("Give the cell a trigger to cite the documents its link rests on.")
	lp.noLink.Wrapping = fyne.TextWrapWord
	lp.noLink.Importance = widget.LowImportance
	lp.provBox = container.NewVBox(widget.NewForm(lp.prov.formItems()...))
	closeButton := widget.NewButton("Close", func() {
		if lp.onClose != nil {
			lp.onClose()
		}
	})
	lp.content = container.NewVScroll(container.NewVBox(lp.heading,
		widget.NewForm(widget.NewFormItem("Trigger", lp.trigger)),
		lp.noLink, lp.provBox, container.NewHBox(closeButton)))
	// The cell's link changes on the matrix and its sources on the Sources
	// tab: the panel follows.
	m.OnChange(func() {
		if lp.redLine != "" && m.Touched().Has(edit.PartLinks|edit.PartSources|edit.PartRedLines|edit.PartResponses) {
			lp.load()
		}
	})
	return lp
}

// link is the first link of the open cell, which the matrix shows.
func (lp *linkPanel) link() (planner.Link, bool) {
	for _, l := range lp.m.Plan().Links {
		if l.RedLine == lp.redLine && l.Response == lp.response {
			return l, true
		}
	}
	return planner.Link{}, false
}

// current is the open link's provenance as the plan holds it.
func (lp *linkPanel) current() planner.Provenance {
	l, _ := lp.link()
	return planner.Provenance{Sources: l.Sources, Assumption: l.Assumption}
}

// open shows the cell of redLine and response.
func (lp *linkPanel) open(redLine, response string) {
	lp.redLine, lp.response = redLine, response
	lp.load()
}

// load fills the panel from the plan; it is no edit. An assumption the
// plan did not take is shown again with its reason.
func (lp *linkPanel) load() {
	lp.loading = true
	defer func() { lp.loading = false }()
	p := lp.m.Plan()
	names := planner.NewNames(p, lp.m.ui.cat)
	lp.heading.SetText(capitalize(names.Name(lp.redLine)) + "\nanswered by " + names.Name(lp.response))
	l, ok := lp.link()
	if !ok {
		lp.trigger.SetSelected(triggerNone)
		lp.noLink.Show()
		lp.provBox.Hide()
		return
	}
	lp.trigger.SetSelected(l.Trigger.Label())
	lp.noLink.Hide()
	lp.provBox.Show()
	lp.prov.shown = planner.Provenance{Sources: l.Sources, Assumption: l.Assumption}
	lp.prov.reload()
	// Setting the text the field holds already would move the cursor of
	// someone typing in it.
	if lp.prov.assumption.Text != l.Assumption {
		lp.prov.assumption.SetText(l.Assumption)
	}
	showError(lp.prov.assumptionErr, "")
	lp.assumption.restore()
}

// fieldHost: the panel's field belongs to the link it shows.
func (lp *linkPanel) subject() (string, bool) {
	if _, ok := lp.link(); !ok {
		return "", false
	}
	return planner.LinkSubject(planner.Link{RedLine: lp.redLine, Response: lp.response}), true
}
func (lp *linkPanel) isLoading() bool   { return lp.loading }
func (lp *linkPanel) model() *planModel { return lp.m }
