package storage

import (
	"context"
	"errors"
	"reflect"
	"strings"
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
	if res.Assumptions["rapid_hours"] != f.Assumptions["rapid_hours"] {
		t.Errorf("resolved on top of a stored profile: assumptions %q, want the base's rapid_hours assumption", res.Assumptions)
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
	f.Assumptions = nil
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

// ResolvePlanProfile is the one answer to "which profile is this plan
// checked against", for the app, redlinectl and SavePlan's counts: a
// --profile file first, then the built-in profile the plan names, then a
// stored one — looked up only when there is a store.
func TestResolvePlanProfilePrecedence(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	strict := strictProfile()
	if err := s.SaveProfile(ctx, strict); err != nil {
		t.Fatal(err)
	}
	stricter := &planner.ProfileFile{ID: "stricter", Title: "Stricter", Base: strict.ID,
		Params: map[string]any{"force_size_min": 9000}}
	newerStrict := &planner.ProfileFile{ID: strict.ID, Title: "Strict, revised", Base: planner.DefaultProfile,
		Params: map[string]any{"force_size_min": 7000}}
	shadow := &planner.ProfileFile{ID: planner.DefaultProfile, Title: "Everything allowed", Base: planner.DefaultProfile}
	tests := []struct {
		name  string
		store *Store
		id    string
		file  *planner.ProfileFile
		want  string // the resolved profile's title
		err   string // or the error's words
	}{
		{name: "a plan naming no profile", id: "", want: seeds.DefaultProfile().Title},
		{name: "a built-in profile", store: s, id: planner.DefaultProfile, want: seeds.DefaultProfile().Title},
		{name: "a stored profile", store: s, id: strict.ID, want: strict.Title},
		{name: "a stored profile without the store", id: strict.ID,
			err: `profile: the plan names profile "strict-2025", which is not built in (built in: coalition-2025)`},
		{name: "neither built in nor stored", store: s, id: "gone",
			err: `profile "gone", which is neither built in (built in: coalition-2025) nor stored in ` + s.Path() + ` (stored: strict-2025)`},
		{name: "a file before the plan's stored profile", store: s, id: strict.ID, file: stricter, want: "Stricter"},
		{name: "a file before a profile that is not there", store: s, id: "gone", file: stricter, want: "Stricter"},
		{name: "a file on a stored base without the store", id: strict.ID, file: stricter, err: `base: unknown base profile "strict-2025"`},
		{name: "a file with a stored profile's id, as a newer version", store: s, id: strict.ID, file: newerStrict, want: "Strict, revised"},
		{name: "a file with a built-in profile's id", store: s, file: shadow, err: `id: "coalition-2025" is the id of the profile`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolvePlanProfile(ctx, tt.store, tt.id, tt.file)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v; want %q", err, tt.err)
				}
				var fe *planner.FormatError
				if tt.file == nil && !errors.Is(err, ErrNotFound) || tt.file != nil && !errors.As(err, &fe) {
					t.Errorf("err = %#v; want ErrNotFound for a plan's profile, a *planner.FormatError for a file", err)
				}
				return
			}
			if err != nil || got.Title != tt.want {
				t.Fatalf("got %v, %v; want %q", got, err, tt.want)
			}
		})
	}
}
