package storage

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"redline/planner"
	"redline/seeds"
)

func TestProfilesRoundTrip(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	f := strictProfile()
	if err := s.SaveProfile(ctx, f); err != nil {
		t.Fatal(err)
	}
	onTop := &planner.ProfileFile{ID: "strict-nordic", Title: "Strict, Nordic", Base: f.ID,
		Params: map[string]any{"force_size_min": 5000}}
	if err := s.SaveProfile(ctx, onTop); err != nil {
		t.Fatal(err)
	}
	got, err := s.Profiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got[0], f) {
		t.Fatalf("Profiles()[0]\n got  %#v\n want %#v", got[0], f)
	}
	if v := got[1].Params["force_size_min"]; v != 5000.0 || got[1].Format != planner.ProfileFormat {
		t.Errorf("second profile: %#v", got[1])
	}
	res, err := s.ResolveProfile(ctx, "strict-nordic")
	if err != nil {
		t.Fatal(err)
	}
	if res.Params.RapidHours != 24 || res.Params.ForceSizeMin != 5000 || res.Severity["vague-threshold"] != planner.Blocker {
		t.Errorf("resolved %+v", res)
	}
	if b, err := s.ResolveProfile(ctx, planner.DefaultProfile); err != nil || b != seeds.DefaultProfile() {
		t.Errorf("built-in: %v %v", b, err)
	}
	if _, err := s.ResolveProfile(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
	// Saving again replaces.
	f.Title = "Strict (revised)"
	delete(f.Params, "veto_players")
	if err := s.SaveProfile(ctx, f); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Profiles(ctx); !reflect.DeepEqual(got[0], f) {
		t.Errorf("after replacing: %#v", got[0])
	}
}

func TestSaveProfileRefusals(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	cases := []struct {
		name string
		f    *planner.ProfileFile
	}{
		{"a built-in id", &planner.ProfileFile{ID: planner.DefaultProfile, Title: "mine", Base: planner.DefaultProfile}},
		{"an unknown base", &planner.ProfileFile{ID: "x", Title: "x", Base: "nowhere"}},
		{"no base and missing parameters", &planner.ProfileFile{ID: "x", Title: "x"}},
		{"an unknown rule", &planner.ProfileFile{ID: "x", Title: "x", Base: planner.DefaultProfile,
			Severity: map[string]planner.Severity{"no-such-rule": planner.Blocker}}},
		{"an invalid id", &planner.ProfileFile{ID: "a b", Title: "x", Base: planner.DefaultProfile}},
		{"its own base", &planner.ProfileFile{ID: "loop", Title: "x", Base: "loop"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.SaveProfile(ctx, tc.f); err == nil {
				t.Fatal("saved")
			}
		})
	}
	if got, _ := s.Profiles(ctx); len(got) != 0 {
		t.Errorf("stored %d profiles", len(got))
	}
}

func TestDeleteProfile(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	base := strictProfile()
	top := &planner.ProfileFile{ID: "top", Title: "top", Base: base.ID}
	for _, f := range []*planner.ProfileFile{base, top} {
		if err := s.SaveProfile(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteProfile(ctx, base.ID); err == nil {
		t.Fatal("deleted a profile another builds on")
	}
	for _, id := range []string{"top", base.ID} {
		if err := s.DeleteProfile(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteProfile(ctx, "top"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if err := s.DeleteProfile(ctx, planner.DefaultProfile); err == nil {
		t.Error("deleted the built-in profile")
	}
	var n int
	s.r.QueryRow("SELECT (SELECT count(*) FROM profile_params) + (SELECT count(*) FROM profile_param_codes) + " +
		"(SELECT count(*) FROM profile_severities) + (SELECT count(*) FROM profile_sources)").Scan(&n)
	if n != 0 {
		t.Errorf("%d profile rows left", n)
	}
}

// The counts in the plan list follow the plan's own profile: a stored one,
// or the default when it names one that is not there.
func TestSavePlanChecksAgainstThePlansProfile(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	lenient := &planner.ProfileFile{ID: "lenient", Title: "Everything off", Base: planner.DefaultProfile,
		Severity: map[string]planner.Severity{}}
	for _, r := range planner.RuleIDs() {
		lenient.Severity[r] = planner.Off
	}
	if err := s.SaveProfile(ctx, lenient); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		profile string
		want    planner.Counts
	}{
		{"lenient", planner.Counts{}},
		{"no-such-profile", planner.Count(planner.Check(everyField(), seeds.Catalog(), seeds.DefaultProfile()))},
	}
	for _, tc := range cases {
		t.Run(tc.profile, func(t *testing.T) {
			p := everyField()
			p.ID, p.Profile = "", tc.profile
			mustSave(t, s, p, 0)
			list, err := s.ListPlans(ctx, ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, sum := range list {
				if sum.ID == p.ID {
					if got := (planner.Counts{Blocker: sum.Blockers, Warning: sum.Warnings, Advice: sum.Advice}); got != tc.want {
						t.Errorf("counts %+v, want %+v", got, tc.want)
					}
					return
				}
			}
			t.Fatal("plan not listed")
		})
	}
}
