package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
)

// An inject's brief, its conditions (when) and the preview of what it
// would do, on the Injects tab. A condition is built from pickers: a red
// line crossed, or a response's outcome, either of them turned round by
// "not". A condition that names what the plan does not have is flagged at
// its row: the plan cannot be run until it is fixed.

// conditionRow is one condition of the selected inject in the form.
type conditionRow struct {
	kind    *widget.Select
	target  *widget.Select
	outcome *widget.Select
	crossed *widget.Label // "was crossed", where a response has its outcome
	not     *widget.Check
	remove  *widget.Button
	words   *widget.Label // what it asks, or what is wrong with it
}

// Kinds of condition, as the first picker offers them.
const (
	condRedLine  = "red_line"
	condResponse = "response"
)

var conditionKinds = newOptionSet([]string{condRedLine, condResponse}, func(k string) string {
	if k == condRedLine {
		return "Red line"
	}
	return "Response"
})

// conditionOutcomes are what a condition can ask of a response, as the
// outcome picker says them.
var conditionOutcomes = newOptionSet(planner.ConditionOutcomes, func(o planner.ConditionOutcome) string {
	switch o {
	case planner.CondFired:
		return "fired"
	case planner.CondBlocked:
		return "was blocked"
	case planner.CondDecision:
		return "was put to the coalition"
	case planner.CondApproved:
		return "was approved by the coalition"
	case planner.CondRejected:
		return "was rejected by the coalition"
	case planner.CondOngoing:
		return "was under way"
	}
	return string(o)
})

// titledChoices offers entities by title; a title two share is told apart
// by id.
func titledChoices(n int, id, title func(int) string) *optionSet[string] {
	c := &optionSet[string]{}
	seen := map[string]int{}
	for i := range n {
		seen[title(i)]++
	}
	for i := range n {
		label := title(i)
		if label == "" || seen[label] > 1 {
			label = strings.TrimSpace(label + " (" + id(i) + ")")
		}
		c.addChoice(id(i), label)
	}
	return c
}

// loadChoices offers the plan's red lines and responses to the pickers.
func (s *injectsScreen) loadChoices() {
	p := s.m.Plan()
	s.redLineChoices = titledChoices(len(p.RedLines),
		func(i int) string { return p.RedLines[i].ID }, func(i int) string { return p.RedLines[i].Title })
	s.responseChoices = titledChoices(len(p.Responses),
		func(i int) string { return p.Responses[i].ID }, func(i int) string { return p.Responses[i].Title })
}

// loadConditions builds a row per condition of inject in.
func (s *injectsScreen) loadConditions(in *planner.Inject) {
	s.condRows = s.condRows[:0]
	rows := make([]fyne.CanvasObject, 0, len(in.When)+1)
	for k, c := range in.When {
		r := &conditionRow{
			kind:    newSelect(conditionKinds, func(kind string) { s.onConditionKind(k, kind) }),
			outcome: widget.NewSelect(conditionOutcomes.labels, nil),
			crossed: widget.NewLabel("was crossed"),
			words:   wrappedLabel(""),
		}
		r.target = widget.NewSelect(nil, func(label string) { s.onConditionTarget(k, label) })
		r.outcome.OnChanged = func(label string) {
			s.editCondition(k, func(c *planner.Condition) { c.Outcome = conditionOutcomes.value(label) })
		}
		r.not = widget.NewCheck("not", func(on bool) { s.editCondition(k, func(c *planner.Condition) { c.Not = on }) })
		r.remove = widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { s.onRemoveCondition(k) })
		r.remove.Importance = widget.LowImportance
		s.condRows = append(s.condRows, r)
		s.showCondition(r, c)

		h := r.kind.MinSize().Height
		line1 := container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(130, h), r.kind), r.remove, r.target)
		line2 := container.NewHBox(r.not, r.crossed, container.NewGridWrap(fyne.NewSize(290, h), r.outcome))
		rows = append(rows, container.NewVBox(line1, line2, r.words, widget.NewSeparator()))
	}
	if len(in.When) == 0 {
		rows = append(rows, lowLabel("Always: this inject plays whatever happened before it."))
	}
	s.whenBox.Objects = rows
	s.whenBox.Refresh()
	setEnabled(s.addWhen, len(s.m.Plan().RedLines)+len(s.m.Plan().Responses) > 0)
}

// showCondition sets a row's pickers to condition c, without an edit (the
// form is loading), and says what it asks or what is wrong with it.
func (s *injectsScreen) showCondition(r *conditionRow, c planner.Condition) {
	kind, id, choices := condRedLine, c.RedLine, s.redLineChoices
	if c.RedLine == "" {
		kind, id, choices = condResponse, c.Response, s.responseChoices
	}
	r.kind.SetSelected(conditionKinds.label(kind))
	r.target.Options = choices.labels
	if choices.has(id) {
		r.target.PlaceHolder = "(pick one)"
		r.target.SetSelected(choices.label(id))
	} else {
		r.target.ClearSelected()
		r.target.PlaceHolder = id + " (not in this plan)"
		r.target.Refresh()
	}
	r.not.SetChecked(c.Not)
	if kind == condRedLine {
		r.crossed.Show()
		r.outcome.Hide()
	} else {
		r.crossed.Hide()
		r.outcome.Show()
		r.outcome.SetSelected(conditionOutcomes.label(c.Outcome))
	}
	s.showConditionWords(r, c)
}

// showConditionWords says under a row what its condition asks, or flags an
// id the plan does not have.
func (s *injectsScreen) showConditionWords(r *conditionRow, c planner.Condition) {
	kind, id, choices := "red line", c.RedLine, s.redLineChoices
	if c.RedLine == "" {
		kind, id, choices = "response", c.Response, s.responseChoices
	}
	if !choices.has(id) {
		r.words.Importance = widget.DangerImportance
		r.words.SetText(fmt.Sprintf("“%s” is no %s of this plan, so the plan cannot be run: pick one, or remove the condition.", id, kind))
		return
	}
	r.words.Importance = widget.LowImportance
	r.words.SetText("It plays only if " + c.Describe(s.quotedRedLine, s.quotedResponse) + ".")
}

func (s *injectsScreen) quotedRedLine(id string) string {
	return "“" + s.redLineChoices.label(id) + "”"
}

func (s *injectsScreen) quotedResponse(id string) string {
	return "“" + s.responseChoices.label(id) + "”"
}

// editCondition changes condition k of the selected inject in a new list
// (the old one may be held by an undo state) and says anew what it asks.
func (s *injectsScreen) editCondition(k int, change func(*planner.Condition)) {
	if s.loading {
		return
	}
	var now planner.Condition
	s.edit(func(in *planner.Inject) {
		if k < len(in.When) {
			when := slices.Clone(in.When)
			change(&when[k])
			in.When, now = when, when[k]
		}
	})
	if in, ok := s.current(); ok && k < len(in.When) && k < len(s.condRows) {
		s.showConditionWords(s.condRows[k], now)
	}
}

// onConditionTarget takes the red line or response picked for condition k.
func (s *injectsScreen) onConditionTarget(k int, label string) {
	if s.loading || k >= len(s.condRows) {
		return
	}
	r := s.condRows[k]
	if conditionKinds.value(r.kind.Selected) == condRedLine {
		id := s.redLineChoices.value(label)
		s.editCondition(k, func(c *planner.Condition) { c.RedLine = id })
	} else {
		id := s.responseChoices.value(label)
		s.editCondition(k, func(c *planner.Condition) { c.Response = id })
	}
	r.target.PlaceHolder = "(pick one)"
}

// onConditionKind turns condition k into one on a red line or on a
// response: the first of the plan's, which the user then picks.
func (s *injectsScreen) onConditionKind(k int, kind string) {
	if s.loading {
		return
	}
	in, ok := s.current()
	if !ok || k >= len(in.When) {
		return
	}
	c := in.When[k]
	if (kind == condRedLine) == (c.RedLine != "") {
		return
	}
	next, ok := s.newCondition(kind)
	if !ok {
		s.load() // the plan has none of that kind: the row shows what it was
		return
	}
	next.Not = c.Not
	s.editCondition(k, func(c *planner.Condition) { *c = next })
	s.load()
}

// newCondition is a condition of the kind on the plan's first red line or
// response; false when the plan has none.
func (s *injectsScreen) newCondition(kind string) (planner.Condition, bool) {
	p := s.m.Plan()
	switch {
	case kind == condRedLine && len(p.RedLines) > 0:
		return planner.Condition{RedLine: p.RedLines[0].ID}, true
	case kind == condResponse && len(p.Responses) > 0:
		return planner.Condition{Response: p.Responses[0].ID, Outcome: planner.CondFired}, true
	}
	return planner.Condition{}, false
}

// onAddCondition adds a condition on the first red line (or response), for
// the user to set.
func (s *injectsScreen) onAddCondition() {
	c, ok := s.newCondition(condRedLine)
	if !ok {
		if c, ok = s.newCondition(condResponse); !ok {
			return
		}
	}
	s.edit(func(in *planner.Inject) { in.When = append(slices.Clip(in.When), c) })
	s.load()
}

// onRemoveCondition removes condition k; an inject left with none always
// plays.
func (s *injectsScreen) onRemoveCondition(k int) {
	in, ok := s.current()
	if !ok || k >= len(in.When) {
		return
	}
	s.edit(func(in *planner.Inject) {
		when := slices.Delete(slices.Clone(in.When), k, k+1)
		if len(when) == 0 {
			when = nil
		}
		in.When = when
	})
	s.load()
}

// conditionsText says what an inject's conditions ask, with the names
// redLine and response give.
func conditionsText(when []planner.Condition, redLine, response func(string) string) string {
	parts := make([]string, len(when))
	for k, c := range when {
		parts[k] = c.Describe(redLine, response)
	}
	return strings.Join(parts, " and ")
}

// skipReason says why an inject with conditions when is skipped: what it
// plays on, and which condition did not hold when it has more than one.
func skipReason(when []planner.Condition, unmet *planner.Condition, redLine, response func(string) string) string {
	text := "it plays only if " + conditionsText(when, redLine, response)
	if len(when) > 1 && unmet != nil {
		turned := *unmet
		turned.Not = !turned.Not
		text += "; " + turned.Describe(redLine, response)
	}
	return text
}

// lowLabel is prose that stays in the background.
func lowLabel(text string) *widget.Label {
	l := wrappedLabel(text)
	l.Importance = widget.LowImportance
	return l
}

// briefProblem says why text cannot be an inject's brief, or "".
func briefProblem(text string) string {
	if n := utf8.RuneCountInString(text); n > planner.MaxBrief {
		return fmt.Sprintf("A brief takes at most %s characters; this is %s. Shorten it.",
			planner.Thousands(planner.MaxBrief), planner.Thousands(n))
	}
	return ""
}

// showPreview says what the selected inject would do if the script were
// played up to it now, with no decision taken: at once for a small plan,
// in the background on a snapshot for a large one (playing 10,000 injects
// takes a frame or so), a newer preview winning over an older one.
func (s *injectsScreen) showPreview() {
	if s.selected < 0 || s.selected >= len(s.items()) {
		return
	}
	s.previewAsk++
	ask, i, p := s.previewAsk, s.selected, s.m.Plan()
	cat := s.m.ui.cat.ForPlan(p)
	if edit.Size(p) < largePlan {
		s.preview.SetText(injectPreview(p, cat, i))
		return
	}
	snap := snapshot(p)
	s.m.ui.background(func() {
		text := injectPreview(snap, cat, i)
		fyne.Do(func() {
			if ask == s.previewAsk {
				s.preview.SetText(text)
			}
		})
	})
}

// injectPreview plays p's script through the engine up to inject i, with
// no decision taken, and says in words, with titles, what i would do.
func injectPreview(p *planner.Plan, cat *planner.Catalog, i int) string {
	ex, err := planner.NewExerciseWith(p, cat, planner.ExerciseOptions{Stream: true})
	var refs *planner.ReferenceError
	switch {
	case errors.As(err, &refs):
		first := refs.Findings[0]
		text := "The plan cannot be played as it stands: " + first.Message
		if n := len(refs.Findings) - 1; n > 0 {
			text += fmt.Sprintf(" (and %s more)", plural(n, "reference", "references"))
		}
		return text
	case err != nil:
		return err.Error()
	}
	for ex.Pos() < ex.Len() && ex.Order()[ex.Pos()] != i {
		ex.Step()
	}
	ev, ok := ex.Step()
	if !ok {
		return ""
	}
	name := func(title func(id string) (string, bool)) func(string) string {
		return func(id string) string {
			if t, ok := title(id); ok {
				return "“" + t + "”"
			}
			return id
		}
	}
	redLine := name(func(id string) (string, bool) {
		k := slices.IndexFunc(p.RedLines, func(r planner.RedLine) bool { return r.ID == id })
		if k < 0 {
			return "", false
		}
		return p.RedLines[k].Title, true
	})
	response := name(func(id string) (string, bool) {
		k := slices.IndexFunc(p.Responses, func(r planner.Response) bool { return r.ID == id })
		if k < 0 {
			return "", false
		}
		return p.Responses[k].Title, true
	})
	in := &p.Injects[i]
	if ev.Skipped {
		return "Played now, with no decision taken, it would be skipped: " + skipReason(in.When, ev.Unmet, redLine, response) + "."
	}
	if len(ev.Crossed) == 0 {
		text := "Played now, it would cross no red line"
		if len(in.Observations) == 0 {
			text += ": it reports no readings"
		}
		return text + ". Phase after it: " + ev.Phase.Label() + "."
	}
	var crossed []string
	for _, id := range ev.Crossed {
		crossed = append(crossed, redLine(id))
	}
	// Each response once per kind of outcome, in the order they come.
	var fired, decision, ongoing, blocked []string
	seen := map[string]bool{}
	for _, o := range ev.Responses {
		key := string(o.Status) + "\x00" + o.Response
		if seen[key] {
			continue
		}
		seen[key] = true
		r := response(o.Response)
		switch o.Status {
		case planner.Fired:
			fired = append(fired, r+" (in effect at "+planner.Clock(*o.EffectiveAtHours)+")")
		case planner.Decision:
			decision = append(decision, r)
		case planner.Ongoing:
			ongoing = append(ongoing, r)
		case planner.Blocked:
			blocked = append(blocked, r+" blocked because it "+blockedWords(p, cat, o.Reason))
		}
	}
	lines := []string{"Played now, with no decision taken, it would:", "• cross " + andList(crossed)}
	if len(fired) > 0 {
		lines = append(lines, "• fire "+andList(fired))
	}
	if len(decision) > 0 {
		lines = append(lines, "• put "+andList(decision)+" to the coalition")
	}
	for _, b := range blocked {
		lines = append(lines, "• find "+b)
	}
	if len(ongoing) > 0 {
		lines = append(lines, "• find "+andList(ongoing)+" already under way")
	}
	if len(ev.Responses) == 0 {
		lines = append(lines, "• set off no response: none is linked to what it crosses")
	}
	lines = append(lines, "Phase after it: "+ev.Phase.Label()+".")
	return strings.Join(lines, "\n")
}

// blockedWords says why a response cannot happen (an outcome's Reason),
// naming a contribution by nation and capability rather than by id.
func blockedWords(p *planner.Plan, cat *planner.Catalog, reason string) string {
	text := planner.BlockedReasonText(reason)
	if _, id, ok := strings.Cut(reason, ":"); ok {
		text = strings.Replace(text, "contribution "+id, planner.EntityName(p, cat, id), 1)
	}
	return text
}

// andList joins items as a sentence does: "a", "a and b", "a, b and c".
func andList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// newWhenBox is the form's conditions and the button that adds one.
func (s *injectsScreen) newWhenBox() fyne.CanvasObject {
	s.whenBox = container.NewVBox()
	s.addWhen = widget.NewButtonWithIcon("Add condition", theme.ContentAddIcon(), s.onAddCondition)
	return container.NewVBox(s.whenBox, container.New(layout.NewHBoxLayout(), s.addWhen))
}
