package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"redline/planner/report"
)

// The copies a summary can be made for, as the export asks.
const (
	audienceFacilitator = "Facilitator: everything"
	audienceParticipant = "Participant: no exercise script, no facilitator's notes"
	audienceRelease     = "Release: under a classification chosen for it, no notes or assumption texts"
)

// audienceForm asks whom a summary is for. A release copy needs its
// classification, refused beside the field while it is not one (the same
// rule as redlinectl export --classification).
type audienceForm struct {
	choice   *widget.RadioGroup
	class    *widget.Entry
	classErr *widget.Label
	content  fyne.CanvasObject
}

func newAudienceForm(planClassification string) *audienceForm {
	a := &audienceForm{class: widget.NewEntry(), classErr: errorLabel()}
	a.class.SetPlaceHolder("for example OFFICIAL")
	a.class.SetText(planClassification)
	a.choice = widget.NewRadioGroup([]string{audienceFacilitator, audienceParticipant, audienceRelease}, func(string) { a.sync() })
	a.choice.Required = true
	a.choice.SetSelected(audienceFacilitator)
	a.class.OnChanged = func(string) { a.check() }
	note := wrappedLabel("The copy says which it is on the banner of every page.")
	note.Importance = widget.LowImportance
	a.content = container.NewVBox(a.choice,
		widget.NewForm(widget.NewFormItem("Released as", fieldBox(a.class, a.classErr))), note)
	a.sync()
	return a
}

// sync enables the classification for a release copy only.
func (a *audienceForm) sync() {
	if a.choice.Selected == audienceRelease {
		a.class.Enable()
	} else {
		a.class.Disable()
		showError(a.classErr, "")
	}
}

// audience is the copy chosen, or the reason it cannot be made (shown
// beside the classification).
func (a *audienceForm) audience() (report.Audience, bool) {
	switch a.choice.Selected {
	case audienceParticipant:
		return report.Participant, true
	case audienceRelease:
		aud, err := report.ParseAudience("release", a.class.Text)
		if err != nil {
			showError(a.classErr, sentence(capitalize(err.Error())))
			return report.Audience{}, false
		}
		showError(a.classErr, "")
		return aud, true
	}
	return report.Facilitator, true
}

func (a *audienceForm) check() {
	if a.choice.Selected == audienceRelease {
		a.audience()
	}
}

// askAudience asks whom a summary is for and calls then with the copy
// chosen; Cancel calls nothing. Export with a classification that cannot
// be one shows the form again, with the reason beside the field.
func (u *UI) askAudience(planClassification string, then func(report.Audience)) {
	a := newAudienceForm(planClassification)
	u.audienceAsked = a
	var show func()
	show = func() {
		u.question("Whom is this copy for?", a.content, 560, []answer{
			{label: "Cancel"},
			{label: "Export…", importance: widget.HighImportance, do: func() {
				if aud, ok := a.audience(); ok {
					then(aud)
				} else {
					show()
				}
			}},
		}, 0, 1, false)
	}
	show()
}
