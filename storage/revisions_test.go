package storage

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"redline/planner"
)

func TestRevisionsNewestFirst(t *testing.T) {
	clock := newTestClock()
	s := mustOpen(t, WithClock(clock.now))
	ctx := context.Background()
	p := referencePlan(t)
	mustSave(t, s, p, 0)
	p.Title = "Second"
	if _, err := s.SavePlan(ctx, p, 1, "workshop edits"); err != nil {
		t.Fatal(err)
	}
	p.Title = "Third"
	mustSave(t, s, p, 2)
	revs, err := s.Revisions(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 3 {
		t.Fatalf("%d revisions, want 3", len(revs))
	}
	for i, want := range []struct {
		n       int64
		summary string
	}{{3, "title changed"}, {2, "workshop edits"}, {1, ""}} {
		if revs[i].N != want.n || (want.summary != "" && revs[i].Summary != want.summary) {
			t.Errorf("revision %d: %+v, want %d %q", i, revs[i], want.n, want.summary)
		}
	}
	if !revs[0].At.After(revs[1].At) || revs[0].At.Location() != time.UTC {
		t.Errorf("times %v, %v: want newest first, in UTC", revs[0].At, revs[1].At)
	}
	second, err := s.LoadRevision(ctx, p.ID, 2)
	if err != nil || second.Title != "Second" {
		t.Fatalf("LoadRevision(2) = %v, %v", second, err)
	}
	for name, err := range map[string]error{
		"missing revision": func() error { _, err := s.LoadRevision(ctx, p.ID, 9); return err }(),
		"missing plan":     func() error { _, err := s.LoadRevision(ctx, "00000000-0000-4000-8000-000000000000", 1); return err }(),
		"revisions of missing plan": func() error {
			_, err := s.Revisions(ctx, "00000000-0000-4000-8000-000000000000")
			return err
		}(),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
}

func TestComputedSummaries(t *testing.T) {
	cases := []struct {
		name string
		edit func(p *planner.Plan)
		want string
	}{
		{"nothing", func(p *planner.Plan) {}, "no changes"},
		{"two red lines added, a link removed, title changed", func(p *planner.Plan) {
			p.Title = "Renamed"
			p.RedLines = append(p.RedLines, planner.RedLine{ID: "rl-new-1", Title: "n", Domain: planner.DomainAir, Severity: 2},
				planner.RedLine{ID: "rl-new-2", Title: "n", Domain: planner.DomainAir, Severity: 2})
			p.Links = p.Links[1:]
		}, "title changed, +2 red lines, −1 link"},
		{"one response edited, one contribution removed", func(p *planner.Plan) {
			p.Responses[0].Participants = append(p.Responses[0].Participants, "NO")
			p.Contributions = p.Contributions[:len(p.Contributions)-1]
		}, "1 response changed, −1 contribution"},
		{"phase and threshold", func(p *planner.Plan) {
			p.Phase = planner.PhaseWar
			p.RedLines[0].Threshold = &planner.Threshold{Op: planner.OpGT, Value: 1}
			p.RedLines[1].Threshold = nil
		}, "phase ceasefire → war, 2 red lines changed"},
		{"inject observation and term value", func(p *planner.Plan) {
			p.Injects[0].Observations[0].Value++
			v := 1.0
			p.Terms[0].Value = &v
		}, "1 term changed, 1 inject changed"},
		{"order only", func(p *planner.Plan) {
			p.RedLines[0], p.RedLines[1] = p.RedLines[1], p.RedLines[0]
		}, "reordered"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := mustOpen(t)
			p := smallPlan(3)
			mustSave(t, s, p, 0)
			q, rev := mustLoad(t, s, p.ID)
			tc.edit(q)
			mustSave(t, s, q, rev)
			revs, err := s.Revisions(context.Background(), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if revs[0].Summary != tc.want {
				t.Errorf("summary %q, want %q", revs[0].Summary, tc.want)
			}
			if want := "created: 8 red lines, 10 responses, 12 contributions, 20 links, 6 terms, 10 injects"; revs[1].Summary != want {
				t.Errorf("first summary %q, want %q", revs[1].Summary, want)
			}
		})
	}
}

// Saving replaces the plan's rows: shorter lists leave nothing behind, and
// longer ones are whole.
func TestSaveOverShorterAndLongerLists(t *testing.T) {
	s := mustOpen(t)
	p := smallPlan(5)
	mustSave(t, s, p, 0)
	steps := []func(p *planner.Plan){
		func(p *planner.Plan) { // shrink everything, lists of lists too
			p.RedLines, p.Links, p.Injects = p.RedLines[:2], p.Links[:1], p.Injects[:1]
			p.Responses = p.Responses[:3]
			p.Responses[0].Participants, p.Responses[1].Uses = nil, p.Responses[1].Uses[:0]
			p.Injects[0].Observations = p.Injects[0].Observations[:1]
			p.Terms, p.Actors, p.Indicators = nil, nil, nil
		},
		func(p *planner.Plan) { // and grow again
			q := smallPlan(6)
			q.ID = p.ID
			*p = *q
		},
		func(p *planner.Plan) { // everything gone
			*p = planner.Plan{ID: p.ID, Title: "Emptied", Phase: planner.PhaseWar}
		},
	}
	rev := int64(1)
	for i, step := range steps {
		step(p)
		rev = mustSave(t, s, p, rev)
		got, _ := mustLoad(t, s, p.ID)
		sameEncoding(t, p, got)
		if problems, err := s.Verify(context.Background()); err != nil || problems != nil {
			t.Fatalf("step %d: %v %v", i, problems, err)
		}
	}
	var rows int
	for _, tb := range childTables {
		var n int
		s.r.QueryRow("SELECT count(*) FROM " + tb.name).Scan(&n)
		rows += n
	}
	if rows != 0 {
		t.Errorf("%d entity rows left for an empty plan", rows)
	}
}

func TestSavePlanConflicts(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	p := referencePlan(t)
	mustSave(t, s, p, 0)
	mustSave(t, s, p, 1)
	cases := []struct {
		name         string
		base, latest int64
	}{
		{"stale base", 1, 2},
		{"future base", 7, 2},
		{"new plan with a stored id", 0, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := *p
			q.Title = "Lost edit?"
			_, err := s.SavePlan(ctx, &q, tc.base, "")
			var ce *ConflictError
			if !errors.Is(err, ErrConflict) || !errors.As(err, &ce) || ce.Latest != tc.latest || ce.Base != tc.base {
				t.Fatalf("err = %v, want a conflict at %d", err, tc.latest)
			}
			got, rev := mustLoad(t, s, p.ID)
			if rev != 2 || got.Title == "Lost edit?" {
				t.Fatal("a conflicting save was written")
			}
		})
	}
	t.Run("base for a plan that is gone", func(t *testing.T) {
		q := smallPlan(9)
		_, err := s.SavePlan(ctx, q, 3, "")
		var ce *ConflictError
		if !errors.As(err, &ce) || ce.Latest != 0 {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("id that is not a UUID", func(t *testing.T) {
		q := smallPlan(9)
		q.ID = "not-a-uuid"
		if _, err := s.SavePlan(ctx, q, 0, ""); err == nil {
			t.Fatal("saved")
		}
	})
}

// Every revision records who saved it: the name the saving program was
// given, by default the user of the operating system, or the one it set
// since (SetAuthor, the app's preference changed while the plans are
// open). A revision saved before authors were recorded has none. The
// library's line of the plan names the author of its newest revision.
func TestRevisionsRecordTheirAuthor(t *testing.T) {
	db := newDatabase(t)
	ctx := context.Background()
	p := smallPlan(7)
	first := mustOpenAt(t, db)
	mustSave(t, first, p, 0)
	// Revision 1 as a store before schema v6 left it.
	if _, err := first.w.Exec("UPDATE revisions SET author = NULL"); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name     string
		opts     []Option
		renamed  string // SetAuthor before the save, when not ""
		imported bool
		want     string
	}{
		{"saved with the default author", nil, "", false, DefaultAuthor()},
		{"saved by a named author", []Option{WithAuthor("Olena Kovalenko")}, "", false, "Olena Kovalenko"},
		{"saved after the name was changed in the preferences", []Option{WithAuthor("Olena")}, "Olena K.", false, "Olena K."},
		{"imported by a named author", []Option{WithAuthor("Jan Nowak")}, "", true, "Jan Nowak"},
		{"saved by no one in particular", []Option{WithAuthor("")}, "", false, ""},
	}
	for i, st := range steps {
		s := mustOpenAt(t, db, st.opts...)
		if st.renamed != "" {
			s.SetAuthor(st.renamed)
		}
		if s.Author() != st.want {
			t.Errorf("%s: Author() = %q, want %q", st.name, s.Author(), st.want)
		}
		var err error
		if st.imported {
			_, err = s.ImportPlans(ctx, []PlanImport{{Plan: p, Source: "p.json"}})
		} else {
			_, err = s.SavePlan(ctx, p, int64(i+1), "")
		}
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		list, err := first.ListPlans(ctx, ListOptions{})
		if err != nil || len(list) != 1 || list[0].SavedBy != st.want || list[0].Revision != int64(i+2) {
			t.Errorf("%s: the library's line %+v (%v); want revision %d saved by %q", st.name, list, err, i+2, st.want)
		}
	}
	revs, err := first.Revisions(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != len(steps)+1 {
		t.Fatalf("%d revisions, want %d", len(revs), len(steps)+1)
	}
	if got := revs[len(revs)-1].Author; got != "" {
		t.Errorf("revision 1, saved before authors were recorded: author %q, want none", got)
	}
	for i, st := range steps {
		if got := revs[len(steps)-1-i].Author; got != st.want {
			t.Errorf("%s: author %q, want %q", st.name, got, st.want)
		}
	}
	if DefaultAuthor() == "" {
		t.Error("DefaultAuthor() is empty: no user of the operating system found")
	}
}

// The author can be changed while other goroutines save (go test -race
// watches): each revision records one of the names, whole.
func TestSetAuthorWhileSaving(t *testing.T) {
	s := mustOpen(t, WithAuthor("a"))
	ctx := context.Background()
	p := smallPlan(8)
	rev := mustSave(t, s, p, 0)
	names := []string{"Olena", "Jan", "Taras"}
	stop := make(chan struct{})
	renamed := make(chan struct{})
	go func() {
		defer close(renamed)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
				s.SetAuthor(names[i%len(names)])
			}
		}
	}()
	for range 5 {
		p.Title += "."
		rev = mustSave(t, s, p, rev)
	}
	close(stop)
	<-renamed
	revs, err := s.Revisions(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range revs[:5] {
		if !slices.Contains(names, r.Author) {
			t.Errorf("revision %d: author %q, want one of %q", r.N, r.Author, names)
		}
	}
}
