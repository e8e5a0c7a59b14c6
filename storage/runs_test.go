package storage

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestRunsRoundTrip(t *testing.T) {
	clock := newTestClock()
	s := mustOpen(t, WithClock(clock.now))
	ctx := context.Background()
	p := referencePlan(t)
	mustSave(t, s, p, 0)
	at := time.Date(2025, 5, 4, 10, 30, 0, 123456789, time.UTC)
	r := sampleRun(p.ID, at)
	if err := s.SaveRun(ctx, r); err != nil {
		t.Fatal(err)
	}
	if r.ID == "" || r.StartedAt.IsZero() || !r.UpdatedAt.Equal(r.StartedAt) {
		t.Fatalf("SaveRun did not fill in id and times: %+v", r)
	}
	got, err := s.LoadRun(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("LoadRun\n got  %+v\n want %+v", got, r)
	}

	// The run goes on: a decision more, a note fewer.
	started := r.StartedAt
	r.Position = 4
	r.Decisions = append(r.Decisions, Decision{Inject: "inj-4", RedLine: "rl-4", Response: "resp-4", Choice: Approved, At: at, AtHours: 36.5})
	r.Notes = r.Notes[:1]
	if err := s.SaveRun(ctx, r); err != nil {
		t.Fatal(err)
	}
	if !r.StartedAt.Equal(started) || !r.UpdatedAt.After(started) {
		t.Errorf("times after the second save: started %v, updated %v", r.StartedAt, r.UpdatedAt)
	}
	got, _ = s.LoadRun(ctx, r.ID)
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("after the second save\n got  %+v\n want %+v", got, r)
	}

	second := &Run{PlanID: p.ID, Title: "Second run"}
	if err := s.SaveRun(ctx, second); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListRuns(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != second.ID || list[1].ID != r.ID || list[1].Position != 4 {
		t.Fatalf("ListRuns: %+v", list)
	}
	if err := s.DeleteRun(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadRun(ctx, r.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("LoadRun after DeleteRun: %v", err)
	}
	if err := s.DeleteRun(ctx, r.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second DeleteRun: %v", err)
	}
}

func TestSaveRunRefusals(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	p := referencePlan(t)
	mustSave(t, s, p, 0)
	cases := []struct {
		name     string
		run      *Run
		notFound bool
	}{
		{"unknown plan", &Run{PlanID: "00000000-0000-4000-8000-000000000000"}, true},
		{"unknown choice", &Run{PlanID: p.ID, Decisions: []Decision{{Choice: "maybe"}}}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := s.SaveRun(ctx, tc.run)
			if err == nil || errors.Is(err, ErrNotFound) != tc.notFound {
				t.Fatalf("err = %v", err)
			}
			if tc.run.ID != "" {
				t.Error("a refused run was given an id")
			}
		})
	}
	if _, err := s.ListRuns(ctx, "00000000-0000-4000-8000-000000000000"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ListRuns of unknown plan: %v", err)
	}
}
