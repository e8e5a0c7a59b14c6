package diff_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"redline/planner"
	"redline/planner/diff"
	"redline/seeds"
)

func reference(t *testing.T) *planner.Plan {
	t.Helper()
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func index[T any](t *testing.T, list []T, id func(T) string, want string) int {
	t.Helper()
	i := slices.IndexFunc(list, func(v T) bool { return id(v) == want })
	if i < 0 {
		t.Fatalf("no %s", want)
	}
	return i
}

func redLine(t *testing.T, p *planner.Plan, id string) *planner.RedLine {
	return &p.RedLines[index(t, p.RedLines, func(r planner.RedLine) string { return r.ID }, id)]
}

func linkIndex(t *testing.T, p *planner.Plan, rl, resp string) int {
	return index(t, p.Links, func(l planner.Link) string { return l.RedLine + " " + l.Response }, rl+" "+resp)
}

// Each situation changes a copy of the reference plan and says what the
// diff reads, sentence by sentence.
func TestPlansSaysWhatChangedInWords(t *testing.T) {
	opt := diff.Options{Catalog: seeds.Catalog()}
	for _, tc := range []struct {
		name string
		// both is done to both plans first, change to the newer one.
		both   func(p *planner.Plan)
		change func(t *testing.T, p *planner.Plan)
		want   []string
	}{
		{"nothing", nil, func(*testing.T, *planner.Plan) {}, nil},
		{"a threshold and a severity", nil, func(t *testing.T, p *planner.Plan) {
			r := redLine(t, p, "rl-ground-incursion")
			r.Threshold = &planner.Threshold{Op: planner.OpGE, Value: 300}
			r.Severity = 4
		}, []string{"Red line “Ground incursion across the contact line”: threshold ≥ 500 personnel → ≥ 300 personnel; severity 5 → 4"}},
		{"a link added, one removed, one made consultation", nil, func(t *testing.T, p *planner.Plan) {
			p.Links = append(p.Links, planner.Link{RedLine: "rl-nuclear", Response: "resp-frozen-assets", Trigger: planner.TriggerAutomatic})
			p.Links = slices.Delete(p.Links, linkIndex(t, p, "rl-nuclear", "resp-nato-consult"), linkIndex(t, p, "rl-nuclear", "resp-nato-consult")+1)
			p.Links[linkIndex(t, p, "rl-ground-incursion", "resp-rrf")].Trigger = planner.TriggerConsultation
		}, []string{
			"Red line “Ground incursion across the contact line”: link to response “Coalition rapid-reaction force reinforces the second line”: trigger automatic → consultation",
			"Red line “Nuclear threats or posture changes”: link to response “Mobilise immobilised Russian sovereign assets for Ukraine” added (automatic); link to response “Allied consultations and joint deterrence statement” removed (was automatic)",
		}},
		{"a red line removed takes its links", nil, func(t *testing.T, p *planner.Plan) {
			p.RedLines = slices.DeleteFunc(p.RedLines, func(r planner.RedLine) bool { return r.ID == "rl-cyber" })
			p.Links = slices.DeleteFunc(p.Links, func(l planner.Link) bool { return l.RedLine == "rl-cyber" })
		}, []string{"Red line “Critical cyber attacks on infrastructure” removed"}},
		{"a contribution's size and status", nil, func(t *testing.T, p *planner.Plan) {
			c := &p.Contributions[index(t, p.Contributions, func(c planner.Contribution) string { return c.ID }, "c-gb-rrf")]
			c.Personnel, c.Status = 8000, planner.StatusPledged
		}, []string{"Contribution “United Kingdom, rapid reaction”: personnel 11,000 → 8,000; status Conditional → Pledged"}},
		{"a response added", nil, func(t *testing.T, p *planner.Plan) {
			p.Responses = append(p.Responses, planner.Response{ID: "resp-drone-wall", Title: "Drone wall on the eastern flank",
				Kind: planner.KindMilitary, Mechanism: planner.MechanismDenial, Lead: "PL", HoursToEffect: 24})
		}, []string{"Response “Drone wall on the eastern flank” added"}},
		{"an id renamed reads as removed and added", nil, func(t *testing.T, p *planner.Plan) {
			p.Injects[0].ID = "inj-00"
		}, []string{"Inject “", "” added", "” removed"}},
		{"the plan's own fields", nil, func(t *testing.T, p *planner.Plan) {
			p.Title, p.Phase = "Reassurance force, draft 2", planner.PhaseWar
		}, []string{"The plan: title "}},
		{"the default classification left out is no change", func(p *planner.Plan) { p.Classification = planner.DefaultClassification },
			func(t *testing.T, p *planner.Plan) { p.Classification = "" }, nil},
		{"a source added to a red line, as a citation", nil, func(t *testing.T, p *planner.Plan) {
			r := redLine(t, p, "rl-cyber")
			r.Sources = append(slices.Clone(r.Sources), planner.Src002)
		}, []string{"Red line “Critical cyber attacks on infrastructure”: sources "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := reference(t), reference(t)
			if tc.both != nil {
				tc.both(a)
				tc.both(b)
			}
			tc.change(t, b)
			o := opt
			o.Cite = seeds.Citer(b)
			got := diff.Plans(a, b, o)
			text := diff.Text(got)
			if len(tc.want) == 0 {
				if len(got) != 0 || text != "No changes.\n" {
					t.Fatalf("changes %q", text)
				}
				return
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the diff does not say %q:\n%s", w, text)
				}
			}
			for _, id := range []string{"rl-", "resp-", "c-gb", "inj-0", ".txt"} {
				if strings.Contains(text, id) {
					t.Errorf("the diff shows an id or file name (%s):\n%s", id, text)
				}
			}
			// Back the other way, added reads removed.
			back := diff.Text(diff.Plans(b, a, o))
			if strings.Contains(text, " added") != strings.Contains(back, " removed") {
				t.Errorf("one way:\n%s\nthe other:\n%s", text, back)
			}
		})
	}
}

// Typed text is quoted, and a long value is shortened in the sentence but
// kept whole in the field.
func TestTypedTextIsQuotedAndLongValuesClipped(t *testing.T) {
	a, b := reference(t), reference(t)
	r := redLine(t, b, "rl-cyber")
	r.Notes = strings.Repeat("Grid control systems, ", 20)
	got := diff.Plans(a, b, diff.Options{})
	if len(got) != 1 || len(got[0].Fields) != 1 {
		t.Fatalf("changes %q", diff.Text(got))
	}
	f := got[0].Fields[0]
	text := f.String()
	if f.To != "“"+r.Notes+"”" || !strings.HasPrefix(text, "notes “") || !strings.HasSuffix(text, "…”") || len([]rune(text)) > 2*170 {
		t.Errorf("field %q reads %q", f.To, text)
	}
}

// Reordering is not a change of an entity; Reordered says so.
func TestReorderIsNotAChange(t *testing.T) {
	a, b := reference(t), reference(t)
	b.RedLines[0], b.RedLines[1] = b.RedLines[1], b.RedLines[0]
	if got := diff.Plans(a, b, diff.Options{}); len(got) != 0 {
		t.Errorf("a reorder reads %q", diff.Text(got))
	}
	if !diff.Reordered(a, b) || diff.Reordered(a, a) {
		t.Error("Reordered does not tell a reorder")
	}
}

// The JSON form names the change of each field with its words, and keeps
// ids for programs.
func TestChangeJSON(t *testing.T) {
	a, b := reference(t), reference(t)
	redLine(t, b, "rl-ground-incursion").Severity = 3
	data, err := json.Marshal(diff.Plans(a, b, diff.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"kind":"red line","id":"rl-ground-incursion","name":"red line “Ground incursion across the contact line”","change":"changed","fields":[{"field":"severity","from":"5","to":"3"}]}]`
	if string(data) != want {
		t.Errorf("JSON\n got  %s\n want %s", data, want)
	}
}

// A large plan against itself with every red line changed: one change per
// red line, found by id, not by scanning.
func TestPlansOfTheLargePlan(t *testing.T) {
	a := planner.Generate(planner.LargePlan)
	b := planner.Generate(planner.LargePlan)
	for i := range b.RedLines {
		b.RedLines[i].Severity = b.RedLines[i].Severity%5 + 1
	}
	got := diff.Plans(a, b, diff.Options{Catalog: seeds.Catalog()})
	if len(got) != len(b.RedLines) {
		t.Errorf("%d changes for %d red lines changed", len(got), len(b.RedLines))
	}
}

func BenchmarkPlans(b *testing.B) {
	x := planner.Generate(planner.LargePlan)
	y := planner.Generate(planner.LargePlan)
	for i := range y.Contributions {
		y.Contributions[i].Personnel++
	}
	opt := diff.Options{Catalog: seeds.Catalog()}
	for b.Loop() {
		diff.Plans(x, y, opt)
	}
}
