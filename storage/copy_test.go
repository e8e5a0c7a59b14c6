package storage

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"redline/planner"
)

// copyDirections are the pairs of stores plans are copied between: a
// person's file and the team's server, both ways, in the run on
// PostgreSQL; two files in the run on SQLite.
func copyDirections() []struct {
	name     string
	from, to func(testing.TB) string
} {
	file := func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "redline.db") }
	if !onPostgres {
		return []struct {
			name     string
			from, to func(testing.TB) string
		}{{"file to file", file, file}}
	}
	return []struct {
		name     string
		from, to func(testing.TB) string
	}{
		{"file to server", file, pgURL},
		{"server to file", pgURL, file},
		{"server to server", pgURL, pgURL},
	}
}

// sameHistories fails unless plan id has the same revisions — numbers,
// times, authors, summaries, documents — the same tables and the same runs
// in both stores.
func sameHistories(t *testing.T, a, b *Store, id string) {
	t.Helper()
	ctx := context.Background()
	ra, err := a.Revisions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.Revisions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ra, rb) {
		t.Fatalf("plan %s: revisions\n %+v\n %+v", id, ra, rb)
	}
	for _, r := range ra {
		pa, err := a.LoadRevision(ctx, id, r.N)
		if err != nil {
			t.Fatal(err)
		}
		pb, err := b.LoadRevision(ctx, id, r.N)
		if err != nil {
			t.Fatal(err)
		}
		sameEncoding(t, pa, pb)
	}
	pa, reva := mustLoad(t, a, id)
	pb, revb := mustLoad(t, b, id)
	sameEncoding(t, pa, pb)
	if reva != revb {
		t.Errorf("plan %s: revision %d and %d", id, reva, revb)
	}
	runsA, err := a.ListRuns(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	runsB, err := b.ListRuns(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(runsA) != len(runsB) {
		t.Fatalf("plan %s: %d runs and %d", id, len(runsA), len(runsB))
	}
	for i := range runsA {
		x, err := a.LoadRun(ctx, runsA[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		y, err := b.LoadRun(ctx, runsB[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(x, y) {
			t.Errorf("run %s:\n %+v\n %+v", x.ID, x, y)
		}
	}
}

// summaryOf is plan id's line in the library of s.
func summaryOf(t *testing.T, s *Store, id string) PlanSummary {
	t.Helper()
	for _, trash := range []bool{false, true} {
		list, err := s.ListPlans(context.Background(), ListOptions{Trash: trash})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			if p.ID == id {
				return p
			}
		}
	}
	t.Fatalf("plan %s is not in %s", id, s.Path())
	return PlanSummary{}
}

// Plans copied from one store to another keep their whole history — every
// revision with its time, author and summary — and their runs; the team
// watching the target sees them arrive. Copying again brings what is new
// and leaves alone what is there; a plan whose history differs there is
// refused, and then nothing is copied.
func TestCopyPlansBetweenStores(t *testing.T) {
	for _, dir := range copyDirections() {
		t.Run(dir.name, func(t *testing.T) {
			ctx := context.Background()
			clock := newTestClock()
			from := mustOpenAt(t, dir.from(t), WithClock(clock.now), WithAuthor("Olena"))
			to := mustOpenAt(t, dir.to(t), WithClock(clock.now), WithAuthor("Taras"))
			team := mustWatch(t, to)

			// A plan of three revisions by two people, with a run.
			plan := referencePlan(t)
			rev := mustSave(t, from, plan, 0)
			plan.Title = "Reassurance force — workshop draft"
			rev = mustSave(t, from, plan, rev)
			from.SetAuthor("Jan")
			plan.RedLines = plan.RedLines[1:]
			rev = mustSave(t, from, plan, rev)
			run := sampleRun(plan.ID, time.Date(2025, 5, 4, 10, 30, 0, 0, time.UTC))
			if err := from.SaveRun(ctx, run); err != nil {
				t.Fatal(err)
			}
			// A plan checked against a profile of the store's own.
			if err := from.SaveProfile(ctx, strictProfile()); err != nil {
				t.Fatal(err)
			}
			strict := smallPlan(31)
			strict.Profile = strictProfile().ID
			mustSave(t, from, strict, 0)
			// A plan in the trash stays behind.
			trashed := smallPlan(32)
			mustSave(t, from, trashed, 0)
			if err := from.DeletePlan(ctx, trashed.ID); err != nil {
				t.Fatal(err)
			}

			results, err := CopyPlans(ctx, from, to, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := []CopyResult{
				{PlanID: plan.ID, Title: plan.Title, Latest: 3, New: true, Revisions: 3, Runs: 1},
				{PlanID: strict.ID, Title: strict.Title, Latest: 1, New: true, Revisions: 1,
					Notes: []string{"profile " + strictProfile().ID + " copied too"}},
			}
			if !reflect.DeepEqual(results, want) {
				t.Fatalf("the first copy:\n got  %+v\n want %+v", results, want)
			}
			sameHistories(t, from, to, plan.ID)
			sameHistories(t, from, to, strict.ID)
			for _, id := range []string{plan.ID, strict.ID} {
				here, there := summaryOf(t, from, id), summaryOf(t, to, id)
				if here != there {
					t.Errorf("the library's line of %s:\n here  %+v\n there %+v", id, here, there)
				}
			}
			if _, _, err := to.LoadPlan(ctx, trashed.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("the plan in the trash was copied: %v", err)
			}
			waitEvent(t, team, "the copied plan", func(ev Event) bool {
				return ev.Kind == PlanSaved && ev.PlanID == plan.ID && ev.Revision == 3 && ev.Author == "Jan"
			})

			steps := []struct {
				name string
				edit func()
				ids  []string
				want []CopyResult
			}{
				{"copied again unchanged", func() {}, nil, []CopyResult{
					{PlanID: plan.ID, Title: plan.Title, Latest: 3},
					{PlanID: strict.ID, Title: strict.Title, Latest: 1},
				}},
				{"a revision more and a run further", func() {
					plan.Title = "Reassurance force — final"
					rev = mustSave(t, from, plan, rev)
					run.Position++
					if err := from.SaveRun(ctx, run); err != nil {
						t.Fatal(err)
					}
				}, []string{plan.ID}, []CopyResult{{PlanID: plan.ID, Title: "Reassurance force — final", Latest: 4, Revisions: 1, Runs: 1}}},
				{"the plan in the trash, named", func() {}, []string{trashed.ID},
					[]CopyResult{{PlanID: trashed.ID, Title: trashed.Title, Latest: 1, New: true, Revisions: 1}}},
			}
			for _, st := range steps {
				st.edit()
				got, err := CopyPlans(ctx, from, to, st.ids)
				if err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				if !reflect.DeepEqual(got, st.want) {
					t.Errorf("%s:\n got  %+v\n want %+v", st.name, got, st.want)
				}
				for _, r := range got {
					sameHistories(t, from, to, r.PlanID)
				}
			}
			if sum := summaryOf(t, to, trashed.ID); sum.DeletedAt.IsZero() {
				t.Error("the plan copied from the trash is not in the trash there")
			}

			// Both edit the plan: the histories part. Nothing is copied,
			// not even a plan that could be.
			theirs, _ := mustLoad(t, to, plan.ID)
			theirs.Title = "Taras's version"
			mustSave(t, to, theirs, 4)
			plan.Title = "Jan's version"
			rev = mustSave(t, from, plan, rev)
			fresh := smallPlan(33)
			mustSave(t, from, fresh, 0)
			_, err = CopyPlans(ctx, from, to, nil)
			var conflict *CopyConflictError
			if !errors.As(err, &conflict) || !errors.Is(err, ErrConflict) || len(conflict.Plans) != 1 || conflict.Plans[0].PlanID != plan.ID {
				t.Fatalf("copying a plan edited in both: %v; want a *CopyConflictError naming it", err)
			}
			for _, says := range []string{"Jan's version", "revision 5 was saved by Jan at", "in the source, by Taras at",
				"nothing was copied", "delete it in the target and empty the target's trash", "duplicate it in the source"} {
				if !strings.Contains(err.Error(), says) {
					t.Errorf("the refusal does not say %q:\n%s", says, err)
				}
			}
			if _, _, err := to.LoadPlan(ctx, fresh.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("a plan was copied beside the refused one: %v", err)
			}
			if got, rev := mustLoad(t, to, plan.ID); got.Title != "Taras's version" || rev != 5 {
				t.Errorf("the refused plan there is now %q, revision %d; want Taras's revision 5", got.Title, rev)
			}

			// And back: a plan made there comes here with its history.
			made := smallPlan(34)
			mustSave(t, to, made, 0)
			back, err := CopyPlans(ctx, to, from, []string{made.ID})
			if err != nil || len(back) != 1 || !back[0].New {
				t.Fatalf("copying back: %+v, %v", back, err)
			}
			sameHistories(t, to, from, made.ID)
		})
	}
}

// What CopyPlans refuses before writing anything.
func TestCopyPlansRefuses(t *testing.T) {
	ctx := context.Background()
	from := mustOpen(t)
	p := smallPlan(35)
	mustSave(t, from, p, 0)
	tests := []struct {
		name string
		to   *Store
		ids  []string
		kind error
		says string
	}{
		{"a plan the source does not have", mustOpen(t), []string{p.ID, planner.NewPlanID()}, ErrNotFound, "is not in"},
		{"the same database", from, nil, nil, "the same database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CopyPlans(ctx, from, tt.to, tt.ids)
			if err == nil || tt.kind != nil && !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("CopyPlans: %v; want %v saying %q", err, tt.kind, tt.says)
			}
			if tt.to != from {
				if list, err := tt.to.ListPlans(ctx, ListOptions{}); err != nil || len(list) != 0 {
					t.Errorf("the target holds %v (%v); want nothing", list, err)
				}
			}
		})
	}
}
