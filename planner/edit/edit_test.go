package edit_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"redline/planner"
	"redline/planner/edit"
	"redline/seeds"
)

// clock is a test clock that moves only when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time       { return c.t }
func (c *clock) pass(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                { return &clock{t: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)} }
func check(p *planner.Plan) []planner.Finding {
	return planner.Check(p, seeds.Catalog(), seeds.DefaultProfile())
}

func reference(t *testing.T) *planner.Plan {
	t.Helper()
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func session(t *testing.T, c *clock) *edit.Session {
	return edit.New(reference(t), 7, edit.Options{Now: c.now, Check: check})
}

func TestTypingMergesIntoOneUndoStep(t *testing.T) {
	c := newClock()
	s := session(t, c)
	orig := s.Plan().RedLines[0].Title
	for _, title := range []string{"G", "Gr", "Gro", "Ground"} {
		r := s.Plan().RedLines[0]
		r.Title = title
		edit.Set(s, edit.RedLines, 0, r)
		c.pass(100 * time.Millisecond)
	}
	if !s.Dirty() {
		t.Fatal("an edit leaves the plan clean")
	}
	if !s.Undo() || s.Plan().RedLines[0].Title != orig {
		t.Fatalf("one undo gives %q, want %q", s.Plan().RedLines[0].Title, orig)
	}
	if s.CanUndo() {
		t.Fatal("a burst of typing took more than one undo step")
	}
	if !s.Redo() || s.Plan().RedLines[0].Title != "Ground" {
		t.Fatalf("redo gives %q", s.Plan().RedLines[0].Title)
	}
}

func TestPauseStartsANewUndoStep(t *testing.T) {
	c := newClock()
	s := session(t, c)
	for _, v := range []int{1, 2} {
		r := s.Plan().RedLines[0]
		r.Severity = v
		edit.Set(s, edit.RedLines, 0, r)
		c.pass(edit.UndoCoalesce)
	}
	s.Undo()
	if got := s.Plan().RedLines[0].Severity; got != 1 {
		t.Fatalf("after one undo severity %d, want 1", got)
	}
}

func TestAddIsItsOwnUndoStepEvenWhileTyping(t *testing.T) {
	c := newClock()
	s := session(t, c)
	n := len(s.Plan().RedLines)
	r := s.Plan().RedLines[0]
	r.Notes = "typed"
	edit.Set(s, edit.RedLines, 0, r)
	i := edit.Add(s, edit.RedLines, planner.RedLine{ID: s.FreeID("rl-", 1), Title: "New red line", Domain: planner.DomainLand, Severity: 3})
	if i != n || !s.Fresh(s.Plan().RedLines[i].ID) {
		t.Fatalf("added at %d (fresh %v)", i, s.Fresh(s.Plan().RedLines[i].ID))
	}
	s.Undo()
	if len(s.Plan().RedLines) != n || s.Plan().RedLines[0].Notes != "typed" {
		t.Fatalf("undo of an add took the typing too, or left the red line")
	}
}

func TestSetEqualValueIsNoEdit(t *testing.T) {
	s := session(t, newClock())
	if edit.Set(s, edit.RedLines, 0, s.Plan().RedLines[0]) || s.Dirty() || s.CanUndo() {
		t.Fatal("setting the same value counted as an edit")
	}
}

func TestSetNeverWritesThroughIntoHistory(t *testing.T) {
	c := newClock()
	s := session(t, c)
	held := slices.Clone(s.Plan().Responses[0].Participants)
	r := s.Plan().Responses[0]
	r.Participants = append(slices.Clone(r.Participants), "PL")
	edit.Set(s, edit.Responses, 0, r)
	s.Undo()
	if !slices.Equal(s.Plan().Responses[0].Participants, held) {
		t.Fatalf("undo shows participants %v, want %v", s.Plan().Responses[0].Participants, held)
	}
}

func TestDeleteTakesReferencesAlong(t *testing.T) {
	cases := []struct {
		name string
		del  func(s *edit.Session, id string) (int, bool)
		id   func(p *planner.Plan) string
		gone func(p *planner.Plan, id string) bool
	}{
		{"red line and the links that answer it",
			func(s *edit.Session, id string) (int, bool) { return edit.Delete(s, edit.RedLines, id) },
			func(p *planner.Plan) string { return p.Links[0].RedLine },
			func(p *planner.Plan, id string) bool {
				return !slices.ContainsFunc(p.Links, func(l planner.Link) bool { return l.RedLine == id })
			}},
		{"response and its links",
			func(s *edit.Session, id string) (int, bool) { return edit.Delete(s, edit.Responses, id) },
			func(p *planner.Plan) string { return p.Links[0].Response },
			func(p *planner.Plan, id string) bool {
				return !slices.ContainsFunc(p.Links, func(l planner.Link) bool { return l.Response == id })
			}},
		{"contribution and the uses of it",
			func(s *edit.Session, id string) (int, bool) { return edit.Delete(s, edit.Contributions, id) },
			func(p *planner.Plan) string {
				for _, r := range p.Responses {
					if len(r.Uses) > 0 {
						return r.Uses[0]
					}
				}
				return ""
			},
			func(p *planner.Plan, id string) bool {
				return !slices.ContainsFunc(p.Responses, func(r planner.Response) bool { return slices.Contains(r.Uses, id) })
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := session(t, newClock())
			before := edit.Snapshot(s.Plan())
			id := c.id(s.Plan())
			if id == "" {
				t.Fatal("the reference plan has no such reference")
			}
			refs, ok := c.del(s, id)
			if !ok || refs == 0 || !c.gone(s.Plan(), id) {
				t.Fatalf("delete %s: %d references, ok %v, references gone %v", id, refs, ok, c.gone(s.Plan(), id))
			}
			s.Undo()
			if c.gone(s.Plan(), id) || len(s.Plan().Links) != len(before.Links) {
				t.Fatal("undo did not bring the references back")
			}
			if _, ok := c.del(s, "no-such-id"); ok {
				t.Fatal("deleting what is not there succeeded")
			}
		})
	}
}

func TestReferencesCountsWithoutChanging(t *testing.T) {
	s := session(t, newClock())
	id := s.Plan().Links[0].RedLine
	want := 0
	for _, l := range s.Plan().Links {
		if l.RedLine == id {
			want++
		}
	}
	if got := edit.References(s, edit.RedLines, id); got != want || len(s.Plan().Links) == 0 || s.Dirty() {
		t.Fatalf("References = %d, want %d, and no edit", got, want)
	}
}

func TestRenameKeepsReferences(t *testing.T) {
	s := session(t, newClock())
	i := edit.Add(s, edit.Contributions, planner.Contribution{ID: "c-new", Nation: "PL", Capability: planner.CapLogistics,
		Location: planner.LocHome, Activation: planner.ActivationImmediate, Status: planner.StatusPledged})
	r := s.Plan().Responses[0]
	r.Uses = append(slices.Clone(r.Uses), "c-new")
	edit.Set(s, edit.Responses, 0, r)
	j := edit.Add(s, edit.RedLines, planner.RedLine{ID: "rl-new", Title: "New", Domain: planner.DomainAir, Severity: 2})
	s.SetLink("rl-new", s.Plan().Responses[0].ID, planner.TriggerConsultation)

	if msg := edit.Rename(s, edit.Contributions, i, "c-pl-logistics"); msg != "" {
		t.Fatal(msg)
	}
	if !slices.Contains(s.Plan().Responses[0].Uses, "c-pl-logistics") || slices.Contains(s.Plan().Responses[0].Uses, "c-new") {
		t.Fatalf("uses after rename: %v", s.Plan().Responses[0].Uses)
	}
	if msg := edit.Rename(s, edit.RedLines, j, "rl-air"); msg != "" {
		t.Fatal(msg)
	}
	if !slices.ContainsFunc(s.Plan().Links, func(l planner.Link) bool { return l.RedLine == "rl-air" }) {
		t.Fatal("the link did not follow the rename")
	}
	for name, c := range map[string]struct {
		i  int
		id string
		l  edit.List[planner.RedLine]
	}{
		"taken id":      {j, s.Plan().RedLines[0].ID, edit.RedLines},
		"invalid id":    {j, "has space", edit.RedLines},
		"a stored one":  {0, "rl-other", edit.RedLines},
		"no such entry": {99, "x", edit.RedLines},
	} {
		if msg := edit.Rename(s, c.l, c.i, c.id); msg == "" {
			t.Errorf("%s: rename accepted", name)
		}
	}
}

// Renaming a red line or a response rewrites the injects' conditions that
// name it, in new lists: the script held before the rename is unchanged.
func TestRenameRewritesInjectConditions(t *testing.T) {
	c := newClock()
	s := session(t, c)
	rl := edit.Add(s, edit.RedLines, planner.RedLine{ID: "rl-new", Title: "New", Domain: planner.DomainAir, Severity: 2})
	resp := edit.Add(s, edit.Responses, planner.Response{ID: "resp-new", Title: "New response",
		Kind: planner.KindMilitary, Mechanism: planner.MechanismDenial, Lead: "GB", HoursToEffect: 1})
	in := s.Plan().Injects[0]
	in.When = []planner.Condition{
		{RedLine: "rl-new"},
		{Response: "resp-new", Outcome: planner.CondApproved, Not: true},
		{RedLine: "rl-ground-incursion"},
	}
	edit.Set(s, edit.Injects, 0, in)
	c.pass(time.Minute) // each rename an undo step of its own
	held := s.Plan().Injects
	heldWhen := slices.Clone(held[0].When)
	other := slices.Clone(s.Plan().Injects[1:])

	var touched edit.Part
	s.OnChange(func() { touched = s.Touched() })
	if msg := edit.Rename(s, edit.RedLines, rl, "rl-drones"); msg != "" {
		t.Fatal(msg)
	}
	if !touched.Has(edit.PartInjects) {
		t.Errorf("renaming a red line a condition names touched %v, not the injects", touched)
	}
	c.pass(time.Minute)
	if msg := edit.Rename(s, edit.Responses, resp, "resp-wall"); msg != "" {
		t.Fatal(msg)
	}
	want := []planner.Condition{
		{RedLine: "rl-drones"},
		{Response: "resp-wall", Outcome: planner.CondApproved, Not: true},
		{RedLine: "rl-ground-incursion"},
	}
	if got := s.Plan().Injects[0].When; !reflect.DeepEqual(got, want) {
		t.Errorf("conditions after the renames %+v, want %+v", got, want)
	}
	if !reflect.DeepEqual(held[0].When, heldWhen) || held[0].When[0].RedLine != "rl-new" {
		t.Error("the rename wrote through the injects list held before it")
	}
	if !reflect.DeepEqual(s.Plan().Injects[1:], other) {
		t.Error("the rename changed injects whose conditions do not name it")
	}
	c.pass(time.Minute)
	// A red line no condition names touches no inject.
	j := edit.Add(s, edit.RedLines, planner.RedLine{ID: "rl-lonely", Title: "Lonely", Domain: planner.DomainAir, Severity: 2})
	if msg := edit.Rename(s, edit.RedLines, j, "rl-alone"); msg != "" || touched.Has(edit.PartInjects) {
		t.Errorf("renaming a red line nothing names: %q, touched %v", msg, touched)
	}
	// Undo brings the old ids back in the conditions too: the first two
	// undos take back the lonely red line's rename and addition, the third
	// the response's rename.
	for range 3 {
		s.Undo()
	}
	if got := s.Plan().Injects[0].When; !reflect.DeepEqual(got, []planner.Condition{want[0], heldWhen[1], want[2]}) {
		t.Errorf("after undoing the response's rename the conditions read %+v", got)
	}
	s.Undo()
	if got := s.Plan().Injects[0].When; !reflect.DeepEqual(got, heldWhen) {
		t.Errorf("after undoing both renames the conditions read %+v", got)
	}
}

func TestSetLink(t *testing.T) {
	s := session(t, newClock())
	rl, resp := s.Plan().RedLines[0].ID, s.Plan().Responses[len(s.Plan().Responses)-1].ID
	s.SetLink(rl, resp, "")
	n := len(s.Plan().Links)
	if !s.SetLink(rl, resp, planner.TriggerAutomatic) || len(s.Plan().Links) != n+1 {
		t.Fatal("no link added")
	}
	if s.SetLink(rl, resp, planner.TriggerAutomatic) {
		t.Fatal("the same trigger again counted as an edit")
	}
	if !s.SetLink(rl, resp, planner.TriggerConsultation) || s.Plan().Links[len(s.Plan().Links)-1].Trigger != planner.TriggerConsultation {
		t.Fatal("trigger not changed")
	}
	if !s.SetLink(rl, resp, "") || len(s.Plan().Links) != n {
		t.Fatal("link not removed")
	}
}

func TestInvalidFieldBlocksSave(t *testing.T) {
	s := session(t, newClock())
	changes := 0
	s.OnInvalid(func() { changes++ })
	if s.SaveBlocked() != "" {
		t.Fatal("a fresh session is blocked")
	}
	s.SetInvalid("c-1", "Personnel", `"1,5" is not a whole number`)
	s.SetInvalid("c-1", "Personnel", `"1,5" is not a whole number`)
	if got := s.SaveBlocked(); got != "1 field needs fixing" {
		t.Fatalf("blocked %q", got)
	}
	s.SetInvalid("", "Title", "Title is needed")
	if got := s.SaveBlocked(); got != "2 fields need fixing" {
		t.Fatalf("blocked %q", got)
	}
	s.SetInvalid("c-1", "Personnel", "")
	if got := s.Invalid(); len(got) != 1 || got[0].Field != "Title" {
		t.Fatalf("invalid %v", got)
	}
	s.ClearInvalidAbout("")
	if s.SaveBlocked() != "" || changes != 4 {
		t.Fatalf("blocked %q after fixing, %d notifications", s.SaveBlocked(), changes)
	}
	s.SetInvalid("x", "Months", "bad")
	r := s.Plan().RedLines[0]
	r.Severity = 1
	edit.Set(s, edit.RedLines, 0, r)
	s.Undo()
	if s.SaveBlocked() != "" {
		t.Fatal("undo reloads every form, yet an invalid field stayed on record")
	}
}

func TestSavedWhileEditingStaysDirty(t *testing.T) {
	s := edit.New(reference(t), 0, edit.Options{})
	if !s.Dirty() {
		t.Fatal("a plan never saved starts clean")
	}
	snap, gen := s.Saving()
	r := s.Plan().RedLines[0]
	r.Notes = "typed while saving"
	edit.Set(s, edit.RedLines, 0, r)
	if s.Saved(gen, "0b9d3c1e-5a4f-4c2e-9a71-2025c0a1f001", 1) || !s.Dirty() {
		t.Fatal("an edit made while saving was marked saved")
	}
	if snap.RedLines[0].Notes == "typed while saving" {
		t.Fatal("the snapshot being saved changed under the store")
	}
	_, gen = s.Saving()
	if !s.Saved(gen, s.Plan().ID, 2) || s.Dirty() || s.Base() != 2 {
		t.Fatal("a save of the current state left the plan dirty")
	}
}

func TestUndoPastFirstSaveKeepsTheID(t *testing.T) {
	s := edit.New(reference(t), 0, edit.Options{})
	s.SetPlan(func(p *planner.Plan) { p.Title = "Renamed" })
	_, gen := s.Saving()
	s.Saved(gen, "0b9d3c1e-5a4f-4c2e-9a71-2025c0a1f001", 1)
	s.Undo()
	if s.Plan().ID != "0b9d3c1e-5a4f-4c2e-9a71-2025c0a1f001" {
		t.Fatal("undo lost the id the first save gave")
	}
}

func TestFindingsFollowEdits(t *testing.T) {
	s := session(t, newClock())
	checked := 0
	s.OnChecked(func() { checked++ })
	before := s.Counts()
	id := s.Plan().Links[0].RedLine
	for _, l := range slices.Clone(s.Plan().Links) {
		if l.RedLine == id {
			s.SetLink(l.RedLine, l.Response, "")
		}
	}
	if checked == 0 || s.Counts() == before {
		t.Fatalf("findings did not follow: %d checks, counts %+v", checked, s.Counts())
	}
	if !slices.ContainsFunc(s.FindingsAbout(id), func(f planner.Finding) bool { return f.Rule == "unanswered-red-line" }) {
		t.Fatal("no unanswered-red-line finding about the unlinked red line")
	}
}

// A large plan is checked in the background; a result for an older edit is
// dropped.
func TestBackgroundCheckDropsStaleResults(t *testing.T) {
	var pending []func()
	var posted []func()
	s := edit.New(reference(t), 1, edit.Options{
		Check:     check,
		LargePlan: 1,
		Go:        func(f func()) { pending = append(pending, f) },
		Post:      func(f func()) { posted = append(posted, f) },
	})
	s.SetPlan(func(p *planner.Plan) { p.Phase = planner.PhaseWar })
	s.SetPlan(func(p *planner.Plan) { p.Phase = planner.PhaseCeasefire })
	if len(pending) != 2 {
		t.Fatalf("%d background checks, want 2", len(pending))
	}
	checked := 0
	s.OnChecked(func() { checked++ })
	for _, f := range pending {
		f()
	}
	for _, f := range posted {
		f()
	}
	if checked != 1 {
		t.Fatalf("%d results applied, want only the latest", checked)
	}
}

func TestSwapMovesInjects(t *testing.T) {
	s := session(t, newClock())
	a, b := s.Plan().Injects[0].ID, s.Plan().Injects[1].ID
	if !edit.Swap(s, edit.Injects, 0, 1) || s.Plan().Injects[0].ID != b || s.Plan().Injects[1].ID != a {
		t.Fatal("swap did not swap")
	}
	s.Undo()
	if s.Plan().Injects[0].ID != a {
		t.Fatal("undo did not swap back")
	}
	if edit.Swap(s, edit.Injects, 0, 99) {
		t.Fatal("swap past the end")
	}
}

// Each operation says which parts of the plan it touched, so that a screen
// can skip the work an edit cannot affect.
func TestTouchedSaysWhatChanged(t *testing.T) {
	s := session(t, newClock())
	var got edit.Part
	s.OnChange(func() { got = s.Touched() })
	c := s.Plan().Contributions[0]
	c.Personnel++
	used := c.ID
	for _, tc := range []struct {
		name string
		do   func()
		want edit.Part
	}{
		{"typing in a contribution", func() { edit.Set(s, edit.Contributions, 0, c) }, edit.PartContributions},
		{"the plan's phase", func() { s.SetPlan(func(p *planner.Plan) { p.Phase = planner.PhaseSettlement }) }, edit.PartPlan},
		{"a matrix cell", func() { s.SetLink(s.Plan().RedLines[0].ID, s.Plan().Responses[0].ID, "") }, edit.PartLinks},
		{"a contribution responses use", func() { edit.Delete(s, edit.Contributions, used) }, edit.PartContributions | edit.PartResponses},
		{"undo", func() { s.Undo() }, edit.PartAll},
	} {
		got = 0
		tc.do()
		if got != tc.want {
			t.Errorf("%s touched %b, want %b", tc.name, got, tc.want)
		}
	}
	if !edit.PartAll.Has(edit.PartInjects) || edit.PartPlan.Has(edit.PartInjects) {
		t.Error("Has is not a test of shared parts")
	}
}

// A field's refused text is kept with the reason, follows a rename of its
// entity and goes with a delete.
func TestInvalidFieldKeepsItsText(t *testing.T) {
	s := session(t, newClock())
	i := edit.Add(s, edit.Contributions, planner.Contribution{ID: "c-new", Nation: "PL", Capability: planner.CapLogistics,
		Location: planner.LocHome, Activation: planner.ActivationImmediate, Status: planner.StatusPledged})
	s.SetInvalidText("c-new", "Personnel", "1,5", `"1,5" is not a whole number`)
	if v, ok := s.InvalidField("c-new", "Personnel"); !ok || v.Text != "1,5" || v.Message == "" {
		t.Fatalf("invalid field %+v, %v", v, ok)
	}
	if msg := edit.Rename(s, edit.Contributions, i, "c-pl-logistics"); msg != "" {
		t.Fatal(msg)
	}
	if _, ok := s.InvalidField("c-pl-logistics", "Personnel"); !ok || s.SaveBlocked() == "" {
		t.Fatal("the invalid field did not follow the rename")
	}
	edit.Delete(s, edit.Contributions, "c-pl-logistics")
	if s.SaveBlocked() != "" {
		t.Fatal("a deleted entity's field still blocks saving")
	}
}

// Operations that change a list's shape or several entries build new lists:
// a caller holding the old ones (a check in the background, a screen) sees
// them as they were.
func TestOperationsCopyTheListsTheyReshape(t *testing.T) {
	s := session(t, newClock())
	links, responses := s.Plan().Links, s.Plan().Responses
	linksCopy, responsesCopy := slices.Clone(links), edit.Snapshot(s.Plan()).Responses
	l := links[0]
	s.SetLink(l.RedLine, l.Response, planner.TriggerConsultation)
	s.SetLink(l.RedLine, l.Response, "")
	edit.Delete(s, edit.RedLines, links[len(links)-1].RedLine)
	for _, r := range responses {
		if len(r.Uses) > 0 {
			edit.Delete(s, edit.Contributions, r.Uses[0])
			break
		}
	}
	if !reflect.DeepEqual(links, linksCopy) { // links carry provenance: not comparable with ==
		t.Error("a link operation wrote through the old links list")
	}
	for i := range responses {
		if !slices.Equal(responses[i].Uses, responsesCopy[i].Uses) {
			t.Fatalf("deleting a contribution wrote through the old responses' uses: %v", responses[i].Uses)
		}
	}
}

func TestRenameNeedsAnID(t *testing.T) {
	s := session(t, newClock())
	i := edit.Add(s, edit.Injects, planner.Inject{ID: s.FreeID(edit.Injects.Prefix, 1), Title: "New"})
	if msg := edit.Rename(s, edit.Injects, i, ""); !strings.Contains(msg, "needs an id") {
		t.Fatalf("an empty id: %q", msg)
	}
}

// A new plan starts in the ceasefire phase: the guarantee is drafted for a
// ceasefire, and allied troops deploy only after one.
func TestNewPlanStartsInCeasefire(t *testing.T) {
	p := edit.NewPlan()
	if p.Phase != planner.PhaseCeasefire || p.Title == "" || p.Profile == "" || p.Format == "" {
		t.Fatalf("new plan %+v", p)
	}
	if err := planner.Validate(p); err != nil {
		t.Fatalf("a new plan does not load back: %v", err)
	}
}

// A burst of typing merged into one undo step keeps that step's own copy:
// later edits of the plan do not reach it.
func TestMergedStepKeepsItsOwnCopy(t *testing.T) {
	c := newClock()
	s := session(t, c)
	for _, title := range []string{"A", "AB"} {
		r := s.Plan().RedLines[0]
		r.Title = title
		edit.Set(s, edit.RedLines, 0, r)
		c.pass(100 * time.Millisecond)
	}
	c.pass(edit.UndoCoalesce)
	r := s.Plan().RedLines[0]
	r.Title = "later"
	edit.Set(s, edit.RedLines, 0, r)
	if !s.Undo() || s.Plan().RedLines[0].Title != "AB" {
		t.Fatalf("undo gives %q, want the merged step AB", s.Plan().RedLines[0].Title)
	}
}
