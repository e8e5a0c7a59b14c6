package storage

import (
	"context"
	"strings"
	"testing"

	"redline/planner"
)

// planTitled is a small plan with a new id and the given title.
func planTitled(title string, seed uint64) *planner.Plan {
	p := smallPlan(seed)
	p.ID = planner.NewPlanID()
	p.Title = title
	return p
}

// refuseTitle makes the store refuse to add a plan with this title, as a
// disk or a constraint might refuse any write half-way through an import.
const refuseTitle = "Cannot be stored"

func refuseNewPlansTitled(t *testing.T, s *Store, title string) {
	t.Helper()
	if onPostgres {
		pgExec(t, s.Path(), `CREATE FUNCTION refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF NEW.title = '`+title+`' THEN RAISE EXCEPTION 'refused by the test'; END IF;
				RETURN NEW;
			END $$`,
			"CREATE TRIGGER refuse_for_test BEFORE INSERT ON plans FOR EACH ROW EXECUTE FUNCTION refuse_for_test()")
		return
	}
	_, err := s.w.ExecContext(context.Background(), `CREATE TRIGGER refuse_for_test BEFORE INSERT ON plans
		WHEN NEW.title = '`+title+`' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`)
	if err != nil {
		t.Fatal(err)
	}
}

// An import of several plans stores all of them or none: a failure at any
// one leaves the store as it was, so that running it again is safe.
func TestImportPlansIsAllOrNothing(t *testing.T) {
	tests := []struct {
		name    string
		titles  []string // the plans imported, in order
		stored  []string // titles stored before the import
		wantErr bool
		// wantRevs are the revisions ImportPlans returns.
		wantRevs []int64
	}{
		{"three new plans", []string{"A", "B", "C"}, nil, false, []int64{1, 1, 1}},
		{"the first plan fails", []string{refuseTitle, "B", "C"}, nil, true, nil},
		{"the last plan fails", []string{"A", "B", refuseTitle}, nil, true, nil},
		{"a failure after a stored plan's new revision", []string{"A", refuseTitle}, []string{"A"}, true, nil},
		{"a stored plan becomes its next revision", []string{"A", "B"}, []string{"A"}, false, []int64{2, 1}},
		{"the same plan twice", []string{"A", "A"}, nil, false, []int64{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			ctx := context.Background()
			ids := map[string]string{} // title → id, one plan per title
			plan := func(title string, seed uint64) *planner.Plan {
				p := planTitled(title, seed)
				if id, ok := ids[title]; ok {
					p.ID = id
				}
				ids[title] = p.ID
				return p
			}
			for i, title := range tt.stored {
				mustSave(t, s, plan(title, uint64(i)), 0)
			}
			before, err := s.ListPlans(ctx, ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			refuseNewPlansTitled(t, s, refuseTitle)
			var imports []PlanImport
			for i, title := range tt.titles {
				imports = append(imports, PlanImport{Plan: plan(title, uint64(10+i)), Source: strings.ToLower(title) + ".json"})
			}

			revs, err := s.ImportPlans(ctx, imports)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ImportPlans stored revisions %v; want a failure", revs)
				}
				for _, want := range []string{"cannot be stored.json", "refused by the test", "nothing was changed"} {
					if !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(want)) {
						t.Errorf("the error does not say %q: %v", want, err)
					}
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if !tt.wantErr && !equalRevs(revs, tt.wantRevs) {
				t.Errorf("revisions %v, want %v", revs, tt.wantRevs)
			}
			after, err := s.ListPlans(ctx, ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantErr {
				if len(after) != len(before) || len(after) > 0 && after[0].Revision != before[0].Revision {
					t.Errorf("a failed import changed the store: %+v, before %+v", after, before)
				}
				return
			}
			latest := map[string]int64{}
			for i, pi := range imports {
				latest[pi.Plan.ID] = tt.wantRevs[i]
			}
			for id, want := range latest {
				if _, rev := mustLoad(t, s, id); rev != want {
					t.Errorf("plan %s: stored at revision %d, want %d", id, rev, want)
				}
				if revisions, _ := s.Revisions(ctx, id); len(revisions) == 0 || !strings.HasPrefix(revisions[0].Summary, "imported from ") {
					t.Errorf("plan %s: revisions %+v, want the newest 'imported from …'", id, revisions)
				}
			}
		})
	}
}

func equalRevs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
