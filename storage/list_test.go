package storage

import (
	"context"
	"errors"
	"testing"

	"redline/planner"
	"redline/seeds"
)

func TestListPlansSummarisesWithoutLoading(t *testing.T) {
	s := mustOpen(t, WithClock(newTestClock().now), WithAuthor("Olena"))
	ctx := context.Background()
	ref := referencePlan(t)
	mustSave(t, s, ref, 0)
	every := everyField()
	mustSave(t, s, every, 0)

	list, err := s.ListPlans(ctx, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != every.ID || list[1].ID != ref.ID {
		t.Fatalf("list %+v: want the two plans, most recent first", list)
	}
	got := list[0]
	counts := planner.Count(planner.Check(every, seeds.Catalog(), seeds.DefaultProfile()))
	want := PlanSummary{ID: every.ID, Title: every.Title, Classification: every.Classification, Phase: every.Phase,
		Profile: every.Profile, UpdatedAt: got.UpdatedAt, Revision: 1, SavedBy: "Olena", RedLines: 4, Responses: 2, Contributions: 2,
		Links: 2, Injects: 3, Blockers: counts.Blocker, Warnings: counts.Warning, Advice: counts.Advice}
	if got != want {
		t.Errorf("summary\n got  %+v\n want %+v", got, want)
	}
	if counts.Blocker == 0 {
		t.Error("the draft was expected to have blockers (dangling references, duplicate id)")
	}
	if list[1].Classification != planner.DefaultClassification && ref.Classification == "" {
		t.Errorf("default classification not filled in: %q", list[1].Classification)
	}
}

func TestTrashAndRestore(t *testing.T) {
	s := mustOpen(t, WithClock(newTestClock().now))
	ctx := context.Background()
	keep, drop := referencePlan(t), smallPlan(2)
	mustSave(t, s, keep, 0)
	mustSave(t, s, drop, 0)
	if err := s.SaveRun(ctx, &Run{PlanID: drop.ID, Title: "run of a dropped plan"}); err != nil {
		t.Fatal(err)
	}
	ids := func(opt ListOptions) []string {
		list, err := s.ListPlans(ctx, opt)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range list {
			out = append(out, p.ID)
			if (p.DeletedAt.IsZero()) == opt.Trash {
				t.Errorf("%s: DeletedAt %v in list Trash=%v", p.ID, p.DeletedAt, opt.Trash)
			}
		}
		return out
	}
	steps := []struct {
		name        string
		do          func() error
		live, trash int
	}{
		{"delete", func() error { return s.DeletePlan(ctx, drop.ID) }, 1, 1},
		{"delete again", func() error { return s.DeletePlan(ctx, drop.ID) }, 1, 1},
		{"restore", func() error { return s.RestorePlan(ctx, drop.ID) }, 2, 0},
		{"delete for good", func() error {
			if err := s.DeletePlan(ctx, drop.ID); err != nil {
				return err
			}
			n, err := s.EmptyTrash(ctx)
			if n != 1 {
				t.Errorf("EmptyTrash removed %d plans, want 1", n)
			}
			return err
		}, 1, 0},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if l, tr := ids(ListOptions{}), ids(ListOptions{Trash: true}); len(l) != st.live || len(tr) != st.trash {
			t.Fatalf("after %s: live %v, trash %v", st.name, l, tr)
		}
	}
	// Gone with everything it owned; the other plan is whole.
	if _, _, err := s.LoadPlan(ctx, drop.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("LoadPlan of an emptied plan: %v", err)
	}
	for _, table := range []string{"revisions", "runs", "red_lines", "observations", "response_uses"} {
		var n int
		s.r.QueryRow("SELECT count(*) FROM "+table+" WHERE plan <> (SELECT pk FROM plans WHERE id = ?)", keep.ID).Scan(&n)
		if n != 0 {
			t.Errorf("%d rows of %s left behind", n, table)
		}
	}
	got, _ := mustLoad(t, s, keep.ID)
	sameEncoding(t, keep, got)
	for name, err := range map[string]error{
		"delete unknown":  s.DeletePlan(ctx, drop.ID),
		"restore unknown": s.RestorePlan(ctx, drop.ID),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
	if n, err := s.EmptyTrash(ctx); n != 0 || err != nil {
		t.Errorf("EmptyTrash of an empty trash: %d, %v", n, err)
	}
}

func TestDuplicatePlan(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	p := referencePlan(t)
	mustSave(t, s, p, 0)
	for _, tc := range []struct{ title, want string }{
		{"Variant B — без США", "Variant B — без США"},
		{"", p.Title + " (copy)"},
	} {
		id, err := s.DuplicatePlan(ctx, p.ID, tc.title)
		if err != nil {
			t.Fatal(err)
		}
		if id == p.ID || !planner.ValidUUID(id) {
			t.Fatalf("new id %q", id)
		}
		dup, rev := mustLoad(t, s, id)
		if rev != 1 || dup.Title != tc.want {
			t.Errorf("duplicate: revision %d, title %q; want 1, %q", rev, dup.Title, tc.want)
		}
		dup.ID, dup.Title = p.ID, p.Title
		sameEncoding(t, p, dup)
	}
	if _, err := s.DuplicatePlan(ctx, "00000000-0000-4000-8000-000000000000", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("duplicate of unknown plan: %v", err)
	}
}
