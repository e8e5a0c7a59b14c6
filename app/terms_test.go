package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
)

// openTerms opens the reference plan and shows the terms screen in a window
// of its own, as the editor's tab would.
func openTerms(t *testing.T) (*fixture, *editor, *termsScreen) {
	t.Helper()
	return openScreen(t, newTermsScreen, func(s *termsScreen) fyne.CanvasObject { return s.content }, fyne.NewSize(900, 700))
}

func termIndex(p *planner.Plan, id string) int {
	return slices.IndexFunc(p.Terms, func(t planner.Term) bool { return t.ID == id })
}

func TestTermSelectFillsForm(t *testing.T) {
	_, e, s := openTerms(t)
	if !s.selectID("term-foreign-troops-ban") {
		t.Fatal("no term-foreign-troops-ban to select")
	}
	want := e.model.Plan().Terms[s.selected]
	for _, c := range []struct{ field, got, want string }{
		{"id", s.id.Text, "term-foreign-troops-ban"},
		{"kind", s.kind.Selected, "Ban on foreign troops"},
		{"stance", s.stance.Selected, "Reject"},
		{"value", s.value.Text, ""},
		{"notes", s.notes.Text, want.Notes},
	} {
		if c.got != c.want {
			t.Errorf("%s shows %q, want %q", c.field, c.got, c.want)
		}
	}
	if !s.id.Disabled() {
		t.Error("the id of a stored term can be edited")
	}
	row := s.list.CreateItem()
	s.list.UpdateItem(s.selected, row)
	objs := row.(*fyne.Container).Objects
	if name, tag := objs[0].(*widget.Label).Text, objs[1].(*widget.Label).Text; name != "Ban on foreign troops" || tag != "Reject" {
		t.Errorf("list row %q / %q, want the demand and the stance", name, tag)
	}
	if s.selectID("term-nowhere") {
		t.Error("selectID reports a term that is not there")
	}
}

// The reference plan puts foreign troops on the ground, so accepting a ban
// on them is a blocker, whether the term is new or an existing one turns.
func TestAcceptingTroopsBanIsAConflict(t *testing.T) {
	t.Run("new term", func(t *testing.T) {
		_, e, s := openTerms(t)
		test.Tap(s.add)
		id := s.id.Text
		if n := len(e.model.Plan().Terms); e.model.Plan().Terms[n-1].ID != id || !strings.HasPrefix(id, "term-") || s.id.Disabled() {
			t.Fatalf("Add did not append an editable term %q", id)
		}
		s.kind.SetSelected("Ban on foreign troops")
		if hasFinding(e, "troops-ban-conflict", id) {
			t.Fatal("troops-ban-conflict while the new term still rejects the ban")
		}
		s.stance.SetSelected("Accept")
		got := e.model.Plan().Terms[s.selected]
		if got.Kind != planner.TermForeignTroopsBan || got.Stance != planner.StanceAccept {
			t.Fatalf("term in the model: %+v", got)
		}
		if !hasFinding(e, "troops-ban-conflict", id) || !strings.Contains(s.findings.Text, "troops-ban-conflict") {
			t.Fatalf("no troops-ban-conflict for %s; form says %q", id, s.findings.Text)
		}
	})
	t.Run("existing term turns", func(t *testing.T) {
		_, e, s := openTerms(t)
		const id = "term-foreign-troops-ban"
		s.selectID(id)
		before := snapshot(e.model.Plan())
		s.stance.SetSelected("Accept")
		if !hasFinding(e, "troops-ban-conflict", id) || !e.model.Dirty() {
			t.Fatal("accepting the ban raised no troops-ban-conflict")
		}
		if st := before.Terms[termIndex(before, id)].Stance; st != planner.StanceReject {
			t.Errorf("the edit wrote through into a snapshot: stance %q", st)
		}
		s.stance.SetSelected("Negotiable")
		if hasFinding(e, "troops-ban-conflict", id) {
			t.Error("troops-ban-conflict stays once the ban is only negotiable")
		}
	})
}

func TestTermValue(t *testing.T) {
	for _, tc := range []struct {
		typed   string
		want    *float64 // nil: no value
		wantErr string   // "": accepted
	}{
		{"600000", termValue(600000), ""},
		{"2.5", termValue(2.5), ""},
		{"abc", nil, "not a number"},
		{"Inf", nil, "not a number"},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			_, e, s := openTerms(t)
			const id = "term-ua-force-cap"
			s.selectID(id)
			before := snapshot(e.model.Plan())
			test.Type(s.value, tc.typed)
			got := e.model.Plan().Terms[s.selected].Value
			if tc.wantErr != "" {
				if !s.valueErr.Visible() || !strings.Contains(s.valueErr.Text, tc.wantErr) {
					t.Errorf("value %q shows error %q (visible %v)", tc.typed, s.valueErr.Text, s.valueErr.Visible())
				}
				if got != nil || e.model.Dirty() {
					t.Errorf("value %q reached the model: %v, dirty %v", tc.typed, got, e.model.Dirty())
				}
				return
			}
			if s.valueErr.Visible() || got == nil || *got != *tc.want {
				t.Fatalf("value %q: model %v, error %q", tc.typed, got, s.valueErr.Text)
			}
			if v := before.Terms[termIndex(before, id)].Value; v != nil {
				t.Errorf("the edit wrote through into a snapshot: value %v", *v)
			}
			s.value.SetText("")
			if e.model.Plan().Terms[s.selected].Value != nil {
				t.Error("an emptied value stays in the model")
			}
		})
	}
}

func TestTermNotesAndDelete(t *testing.T) {
	_, e, s := openTerms(t)
	const id = "term-territory"
	s.selectID(id)
	s.notes.SetText("")
	test.Type(s.notes, "Never de jure.")
	if got := e.model.Plan().Terms[s.selected].Notes; got != "Never de jure." {
		t.Errorf("notes in the model %q", got)
	}
	n := len(e.model.Plan().Terms)
	before := snapshot(e.model.Plan())
	test.Tap(s.remove)
	if termIndex(e.model.Plan(), id) >= 0 || len(e.model.Plan().Terms) != n-1 || s.form.Visible() {
		t.Fatalf("after Delete %d terms, %s at %d", len(e.model.Plan().Terms), id, termIndex(e.model.Plan(), id))
	}
	if termIndex(before, id) < 0 || len(before.Terms) != n {
		t.Error("Delete changed a snapshot taken before it")
	}
}

func termValue(v float64) *float64 { return &v }
