package app

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
)

// openResponses opens the reference plan and shows the responses screen in
// a window of its own, as the editor's tab would.
func openResponses(t *testing.T) (*fixture, *editor, *responsesScreen) {
	t.Helper()
	return openScreen(t, newResponsesScreen, func(s *responsesScreen) fyne.CanvasObject { return s.content }, fyne.NewSize(900, 700))
}

// selectResponse selects the reference plan's response id in the screen.
func selectResponse(t *testing.T, s *responsesScreen, id string) int {
	t.Helper()
	if !s.selectID(id) {
		t.Fatalf("no response %q to select", id)
	}
	if s.selected < 0 || s.m.Plan().Responses[s.selected].ID != id {
		t.Fatalf("selectID(%q) left %d selected", id, s.selected)
	}
	return s.selected
}

// tapCheck ticks or unticks the box labelled label in a check group, as a
// click does.
func tapCheck(t *testing.T, g *widget.CheckGroup, label string) {
	t.Helper()
	for _, o := range test.WidgetRenderer(g).Objects() {
		if c, ok := o.(*widget.Check); ok && c.Text == label {
			test.Tap(c)
			return
		}
	}
	t.Fatalf("no check box %q among %q", label, g.Options)
}

// responseIndex is the position of the first response with that id, or -1.
func responseIndex(p *planner.Plan, id string) int {
	return slices.IndexFunc(p.Responses, func(r planner.Response) bool { return r.ID == id })
}

// refResponse is the reference plan's response id as stored, to compare
// snapshots with.
func refResponse(t *testing.T, id string) planner.Response {
	t.Helper()
	p := referencePlan(t)
	return p.Responses[responseIndex(p, id)]
}

func TestResponseSelectFillsForm(t *testing.T) {
	_, _, s := openResponses(t)
	if s.form.Visible() || !s.hint.Visible() {
		t.Error("with nothing selected the form shows")
	}
	selectResponse(t, s, "resp-rrf")
	for _, c := range []struct{ field, got, want string }{
		{"id", s.id.Text, "resp-rrf"},
		{"title", s.title.Text, "Coalition rapid-reaction force reinforces the second line"},
		{"kind", s.kind.Selected, "Military"},
		{"mechanism", s.mechanism.Selected, "Denial"},
		{"lead", s.lead.Selected, "GB — United Kingdom"},
		{"hours", s.hours.Text, "48"},
	} {
		if c.got != c.want {
			t.Errorf("%s shows %q, want %q", c.field, c.got, c.want)
		}
	}
	if !s.id.Disabled() {
		t.Error("the id of a stored response can be edited")
	}
	for _, c := range []struct {
		field     string
		got, want []string
	}{
		{"participants", s.participants.Selected, []string{"FR — France"}},
		{"requires", s.requires.Selected, []string{"A ceasefire in force", "US enablers"}},
		{"capabilities", s.capabilities.Selected, []string{"Rapid reaction", "Airlift"}},
		{"uses", s.uses.Selected, []string{"United Kingdom — Rapid reaction · 11,000 · Second line · Conditional",
			"France — Rapid reaction · 11,000 · Second line · Conditional", "United States — Airlift · 500 · NATO territory · Conditional"}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s ticks %q, want %q", c.field, c.got, c.want)
		}
	}
	if slices.Contains(s.lead.Options, "RU — Russia") {
		t.Error("an adversary is offered as lead")
	}
	if s.selectID("resp-nowhere") {
		t.Error("selectID reports a response that is not there")
	}

	row := s.list.CreateItem()
	s.list.UpdateItem(s.selected, row)
	if tag := row.(*fyne.Container).Objects[1].(*widget.Label).Text; tag != "Military · Denial" {
		t.Errorf("list row tag %q, want the kind and mechanism", tag)
	}
}

// TestResponseEditsReachModel edits one field at a time through its widget:
// the model takes the change, is dirty, and a snapshot taken before the edit
// still holds the response as it was (copy-on-write).
func TestResponseEditsReachModel(t *testing.T) {
	for _, tc := range []struct {
		name string
		id   string
		do   func(t *testing.T, s *responsesScreen)
		want func(r planner.Response) bool
	}{
		{"mechanism to punishment", "resp-rrf",
			func(t *testing.T, s *responsesScreen) { s.mechanism.SetSelected("Punishment") },
			func(r planner.Response) bool { return r.Mechanism == planner.MechanismPunishment }},
		{"kind to information", "resp-nato-consult",
			func(t *testing.T, s *responsesScreen) { s.kind.SetSelected("Information") },
			func(r planner.Response) bool { return r.Kind == planner.KindInformation }},
		{"tick cyber defence", "resp-rrf",
			func(t *testing.T, s *responsesScreen) { tapCheck(t, s.capabilities, "Cyber defence") },
			func(r planner.Response) bool {
				return slices.Equal(r.Capabilities, []planner.Capability{planner.CapRapidReaction, planner.CapAirlift, planner.CapCyberDefense})
			}},
		{"untick airlift", "resp-rrf",
			func(t *testing.T, s *responsesScreen) { tapCheck(t, s.capabilities, "Airlift") },
			func(r planner.Response) bool {
				return slices.Equal(r.Capabilities, []planner.Capability{planner.CapRapidReaction})
			}},
		{"Germany joins", "resp-rrf",
			func(t *testing.T, s *responsesScreen) { tapCheck(t, s.participants, "DE — Germany") },
			func(r planner.Response) bool { return slices.Equal(r.Participants, []string{"FR", "DE"}) }},
		{"France leads", "resp-rrf",
			func(t *testing.T, s *responsesScreen) { s.lead.SetSelected("FR — France") },
			func(r planner.Response) bool { return r.Lead == "FR" }},
		{"needs NATO consensus", "resp-rrf",
			func(t *testing.T, s *responsesScreen) { tapCheck(t, s.requires, "NATO consensus") },
			func(r planner.Response) bool {
				return slices.Equal(r.Requires, []planner.Precondition{planner.RequiresCeasefire, planner.RequiresUSEnablers, planner.RequiresNATOConsensus})
			}},
		{"drops the US airlift", "resp-rrf",
			func(t *testing.T, s *responsesScreen) {
				tapCheck(t, s.uses, "United States — Airlift · 500 · NATO territory · Conditional")
			},
			func(r planner.Response) bool { return slices.Equal(r.Uses, []string{"c-gb-rrf", "c-fr-rrf"}) }},
		{"faster by a day", "resp-rrf",
			func(t *testing.T, s *responsesScreen) { s.hours.SetText(""); test.Type(s.hours, "24") },
			func(r planner.Response) bool { return r.HoursToEffect == 24 }},
		{"retitled", "resp-snapback",
			func(t *testing.T, s *responsesScreen) {
				s.title.SetText("")
				test.Type(s.title, "EU sanctions snapback")
			},
			func(r planner.Response) bool { return r.Title == "EU sanctions snapback" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, e, s := openResponses(t)
			i := selectResponse(t, s, tc.id)
			before := snapshot(e.model.Plan())
			tc.do(t, s)
			if got := e.model.Plan().Responses[i]; !tc.want(got) {
				t.Errorf("response in the model: %+v", got)
			}
			if !e.model.Dirty() {
				t.Error("the edit did not mark the plan dirty")
			}
			if !reflect.DeepEqual(before.Responses[i], refResponse(t, tc.id)) {
				t.Errorf("the edit wrote through into a snapshot: %+v", before.Responses[i])
			}
			row := s.list.CreateItem()
			s.list.UpdateItem(i, row)
			if name, title := row.(*fyne.Container).Objects[0].(*widget.Label).Text, e.model.Plan().Responses[i].Title; name != title {
				t.Errorf("list row %q, want the title %q", name, title)
			}
		})
	}
}

func TestResponseHoursRefusesBadInput(t *testing.T) {
	for _, tc := range []struct{ typed, wantErr string }{
		{"abc", "not a number"},
		{"-3", "negative"},
		{"", "hours from decision to effect"},
		{"NaN", "not a number"},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			_, e, s := openResponses(t)
			i := selectResponse(t, s, "resp-rrf")
			s.hours.SetText("")
			test.Type(s.hours, tc.typed)
			if !s.hoursErr.Visible() || !strings.Contains(s.hoursErr.Text, tc.wantErr) {
				t.Errorf("hours %q show error %q (visible %v), want one saying %q", tc.typed, s.hoursErr.Text, s.hoursErr.Visible(), tc.wantErr)
			}
			if got := e.model.Plan().Responses[i].HoursToEffect; got != 48 || e.model.Dirty() {
				t.Errorf("hours %q reached the model: %v, dirty %v", tc.typed, got, e.model.Dirty())
			}
			s.hours.SetText("")
			test.Type(s.hours, "6")
			if s.hoursErr.Visible() || e.model.Plan().Responses[i].HoursToEffect != 6 {
				t.Errorf("after a valid 6: error %q, model %v", s.hoursErr.Text, e.model.Plan().Responses[i].HoursToEffect)
			}
		})
	}
}

// resp-cyber-defence needs cyber defence that no contribution provides: the
// capability-gap finding comes and goes with the tick.
func TestCapabilityGapFollowsTheTick(t *testing.T) {
	_, e, s := openResponses(t)
	const id = "resp-cyber-defence"
	selectResponse(t, s, id)
	gap := func() bool {
		return slices.ContainsFunc(e.model.FindingsAbout(id), func(f planner.Finding) bool { return f.Rule == "capability-gap" })
	}
	if !gap() || !strings.Contains(s.findings.Text, "capability-gap") || !hasFinding(e, "capability-gap", id) {
		t.Fatalf("no capability-gap for %s at the start; form says %q", id, s.findings.Text)
	}
	tapCheck(t, s.capabilities, "Cyber defence")
	if gap() || strings.Contains(s.findings.Text, "capability-gap") || hasFinding(e, "capability-gap", id) {
		t.Fatalf("capability-gap stays once the response needs no cyber defence; form says %q", s.findings.Text)
	}
	tapCheck(t, s.capabilities, "Cyber defence")
	if !gap() || !strings.Contains(s.findings.Text, "capability-gap") {
		t.Fatalf("capability-gap does not come back with cyber defence ticked; form says %q", s.findings.Text)
	}
}

func TestDeleteResponseRemovesItsLinks(t *testing.T) {
	const id = "resp-snapback"
	for _, tc := range []struct {
		name    string
		confirm bool
	}{
		{"confirmed", true},
		{"declined", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, e, s := openResponses(t)
			f.ask.confirm = tc.confirm
			selectResponse(t, s, id)
			before := snapshot(e.model.Plan())
			linked := func(p *planner.Plan) int {
				n := 0
				for _, l := range p.Links {
					if l.Response == id {
						n++
					}
				}
				return n
			}
			links := linked(before)
			if links == 0 {
				t.Fatalf("the reference plan links nothing to %s", id)
			}
			test.Tap(s.remove)
			p := e.model.Plan()
			if !tc.confirm {
				if responseIndex(p, id) < 0 || linked(p) != links || e.model.Dirty() {
					t.Fatal("a declined delete changed the plan")
				}
				return
			}
			if responseIndex(p, id) >= 0 || linked(p) != 0 {
				t.Fatalf("after Delete: response at %d, %d links to it", responseIndex(p, id), linked(p))
			}
			if len(p.Links) != len(before.Links)-links || !e.model.Dirty() || s.selected != -1 || s.form.Visible() {
				t.Errorf("after Delete: %d links (want %d), dirty %v, selected %d", len(p.Links), len(before.Links)-links, e.model.Dirty(), s.selected)
			}
			if responseIndex(before, id) < 0 || linked(before) != links {
				t.Error("Delete changed a snapshot taken before it")
			}
		})
	}
}

func TestAddResponse(t *testing.T) {
	_, e, s := openResponses(t)
	n := len(e.model.Plan().Responses)
	test.Tap(s.add)
	id := s.id.Text
	if len(e.model.Plan().Responses) != n+1 || e.model.Plan().Responses[n].ID != id || !strings.HasPrefix(id, "resp-") {
		t.Fatalf("Add did not append a response %q", id)
	}
	if s.id.Disabled() {
		t.Fatal("the id of a new response cannot be edited")
	}
	s.id.SetText("resp-rrf")
	if !s.idErr.Visible() || e.model.Plan().Responses[n].ID != id {
		t.Errorf("a taken id shows no error (%q) or reached the model", s.idErr.Text)
	}
	s.id.SetText("resp-drone-wall")
	if s.idErr.Visible() || e.model.Plan().Responses[n].ID != "resp-drone-wall" || !e.model.Fresh("resp-drone-wall") {
		t.Errorf("renaming the new response: id %q, error %q", e.model.Plan().Responses[n].ID, s.idErr.Text)
	}
	if !s.selectID("resp-drone-wall") || s.selected != n {
		t.Error("the renamed response cannot be selected by its new id")
	}
}

// The screen must draw its rows and its form: a list row that is not a
// widget or container shows as an empty line.
func TestResponsesScreenDraws(t *testing.T) {
	_, _, s := openResponses(t)
	selectResponse(t, s, "resp-rrf")
	var texts []string
	for _, o := range test.LaidOutObjects(s.content) {
		if txt, ok := o.(*canvas.Text); ok && o.Visible() {
			texts = append(texts, txt.Text)
		}
	}
	// The row's name is cut to the list's width, beside the tag and the
	// provenance mark.
	for _, want := range []string{"Coalition rapid-reaction", "Military · Denial",
		"Hours to effect", "Cyber defence", "United Kingdom — Rapid reaction", "A ceasefire in force"} {
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("the responses screen does not draw %q", want)
		}
	}
}

// A contribution added on another screen can be picked at once.
func TestUsesFollowContributions(t *testing.T) {
	_, e, s := openResponses(t)
	selectResponse(t, s, "resp-cyber-defence")
	m := e.model
	edit.Add(m.Session, edit.Contributions, planner.Contribution{
		ID: "c-ee-cyber", Nation: "EE", Capability: planner.CapCyberDefense, Personnel: 40,
		Location: planner.LocHome, Activation: planner.ActivationImmediate, Status: planner.StatusPledged,
	})
	const label = "Estonia — Cyber defence · 40 · Home · Pledged"
	if !slices.Contains(s.uses.Options, label) {
		t.Fatalf("uses offers %q, not the new contribution", s.uses.Options)
	}
	tapCheck(t, s.uses, label)
	if got := m.Plan().Responses[s.selected].Uses; !slices.Equal(got, []string{"c-ee-cyber"}) {
		t.Errorf("uses in the model %q", got)
	}
	if strings.Contains(s.findings.Text, "capability-gap") {
		t.Errorf("a live cyber defence contribution leaves the capability gap: %q", s.findings.Text)
	}
}
