package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/seeds"
)

// The limits the plan format sets on the overview's fields.
const (
	maxTitle          = 200
	maxClassification = 64
)

// overview is the plan's header (title, classification, phase, profile) and
// its key figures.
type overview struct {
	m *planModel

	title          *widget.Entry
	titleErr       *widget.Label
	classification *widget.Entry
	classErr       *widget.Label
	phase          *widget.Select
	profile        *widget.Select
	presence       *widget.Label
	byNation       *widget.Label
	byLocation     *widget.Label
	firmness       *widget.Label
	answered       *widget.Label
	findingsBySev  *widget.Label
	loading        bool
	content        fyne.CanvasObject
}

func newOverview(m *planModel) *overview {
	o := &overview{m: m}
	o.buildUI()
	o.load()
	m.onChange = append(m.onChange, o.updateFigures)
	m.onChecked = append(m.onChecked, o.updateFigures)
	return o
}

func (o *overview) buildUI() {
	o.title = widget.NewEntry()
	o.titleErr = errorLabel()
	o.title.OnChanged = func(s string) {
		if o.loading {
			return
		}
		n := utf8.RuneCountInString(s)
		switch {
		case n == 0:
			showError(o.titleErr, "A plan needs a title.")
		case n > maxTitle:
			showError(o.titleErr, fmt.Sprintf("At most %d characters; this is %d.", maxTitle, n))
		default:
			showError(o.titleErr, "")
			o.m.p.Title = s
			o.m.changed()
		}
	}
	o.classification = widget.NewEntry()
	o.classification.SetPlaceHolder(planner.DefaultClassification)
	o.classErr = errorLabel()
	o.classification.OnChanged = func(s string) {
		if o.loading {
			return
		}
		if n := utf8.RuneCountInString(s); n > maxClassification {
			showError(o.classErr, fmt.Sprintf("At most %d characters; this is %d.", maxClassification, n))
			return
		}
		showError(o.classErr, "")
		o.m.p.Classification = s
		o.m.changed()
	}
	phases := make([]string, len(planner.Phases))
	for i, p := range planner.Phases {
		phases[i] = p.Label()
	}
	o.phase = widget.NewSelect(phases, func(s string) {
		if o.loading {
			return
		}
		o.m.p.Phase = planner.Phases[slices.Index(phases, s)]
		o.m.changed()
	})
	o.profile = widget.NewSelect(o.profileIDs(), func(s string) {
		if o.loading {
			return
		}
		o.m.p.Profile = s
		o.m.resolveProfile()
		o.m.changed()
	})

	form := widget.NewForm(
		widget.NewFormItem("Title", container.NewVBox(o.title, o.titleErr)),
		widget.NewFormItem("Classification", container.NewVBox(o.classification, o.classErr)),
		widget.NewFormItem("Phase", o.phase),
		widget.NewFormItem("Profile", o.profile),
	)

	o.presence = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	o.byNation = wrappedLabel("")
	o.byLocation = wrappedLabel("")
	o.firmness = wrappedLabel("")
	o.answered = widget.NewLabel("")
	o.findingsBySev = widget.NewLabel("")
	figures := widget.NewForm(
		widget.NewFormItem("Foreign personnel in Ukraine", o.presence),
		widget.NewFormItem("By nation", o.byNation),
		widget.NewFormItem("By location", o.byLocation),
		widget.NewFormItem("Pledged vs confirmed", o.firmness),
		widget.NewFormItem("Red lines answered", o.answered),
		widget.NewFormItem("Findings", o.findingsBySev),
	)
	o.content = container.NewVScroll(container.NewVBox(
		form,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Key figures", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		figures,
	))
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
	if p := o.m.p.Profile; p != "" && !slices.Contains(ids, p) {
		ids = append(ids, p)
	}
	return ids
}

// load shows the plan's fields without counting that as an edit.
func (o *overview) load() {
	o.loading = true
	defer func() { o.loading = false }()
	p := o.m.p
	o.title.SetText(p.Title)
	o.classification.SetText(p.Classification)
	o.phase.SetSelected(p.Phase.Label())
	o.profile.SetSelected(p.Profile)
	o.updateFigures()
}

// updateFigures recomputes the key figures from the plan and its findings.
func (o *overview) updateFigures() {
	p := o.m.p
	cat := o.m.ui.cat.ForPlan(p)
	o.presence.SetText(planner.Thousands(planner.ForeignGroundPresence(p)))

	// The same contributions ForeignGroundPresence counts, broken down.
	nations, locations := map[string]int{}, map[planner.Location]int{}
	for i := range p.Contributions {
		k := &p.Contributions[i]
		if k.Live() && k.Foreign() && k.GroundPresence() {
			nations[k.Nation] += k.Personnel
			locations[k.Location] += k.Personnel
		}
	}
	var parts []string
	for _, n := range sortedByCount(nations) {
		parts = append(parts, fmt.Sprintf("%s %s", cat.ActorName(n), planner.Thousands(nations[n])))
	}
	o.byNation.SetText(orNone(parts))
	parts = parts[:0]
	for _, l := range planner.Locations {
		if n, ok := locations[l]; ok {
			parts = append(parts, fmt.Sprintf("%s %s", l.Label(), planner.Thousands(n)))
		}
	}
	o.byLocation.SetText(orNone(parts))

	// How firm the foreign commitments are, by status.
	parts = parts[:0]
	for _, s := range planner.Statuses {
		count, people, money := 0, 0, 0.0
		for i := range p.Contributions {
			if k := &p.Contributions[i]; k.Foreign() && k.Status == s {
				count++
				people += k.Personnel
				money += k.AmountEURm
			}
		}
		if count > 0 {
			parts = append(parts, fmt.Sprintf("%s: %s, %s personnel, €%s m", s,
				plural(count, "contribution", "contributions"), planner.Thousands(people), planner.Thousands(int(money))))
		}
	}
	o.firmness.SetText(orNone(parts))

	// A red line is answered when a link ties it to a response that exists;
	// the checker's unanswered-red-line findings say the same the other way.
	answered := 0
	for _, r := range p.RedLines {
		if slices.ContainsFunc(p.Links, func(l planner.Link) bool {
			return l.RedLine == r.ID && slices.ContainsFunc(p.Responses, func(x planner.Response) bool { return x.ID == l.Response })
		}) {
			answered++
		}
	}
	o.answered.SetText(fmt.Sprintf("%d of %d", answered, len(p.RedLines)))
	c := o.m.counts
	o.findingsBySev.SetText(fmt.Sprintf("%s, %s, %d advice",
		plural(c.Blocker, "blocker", "blockers"), plural(c.Warning, "warning", "warnings"), c.Advice))
}

// sortedByCount returns the keys, largest count first, then by key.
func sortedByCount(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(m[b]-m[a], strings.Compare(a, b)) })
	return keys
}

func orNone(parts []string) string {
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "\n")
}

// errorLabel is the inline error beside a field; hidden while there is none.
func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

func showError(l *widget.Label, msg string) {
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}
