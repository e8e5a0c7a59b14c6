package storage

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// controlEdits put a control character where the loader refuses one: in a
// one-line field. path is where the loader reports it.
var controlEdits = []struct {
	name string
	edit func(p *planner.Plan) (path string)
}{
	{"an ESC pasted into the plan's title", func(p *planner.Plan) string {
		p.Title = "Reassurance \x1b[2J force"
		return "title"
	}},
	{"a DEL in the classification", func(p *planner.Plan) string {
		p.Classification = "RESTRICTED\x7f"
		return "classification"
	}},
	{"a tab in a red line's title", func(p *planner.Plan) string {
		p.RedLines[1].Title += "\tpasted"
		return "red_lines[1].title"
	}},
	{"a line break in an inject's title", func(p *planner.Plan) string {
		p.Injects[2].Title = "Strike\nwave"
		return "injects[2].title"
	}},
	{"a C1 control in an indicator's unit", func(p *planner.Plan) string {
		p.Indicators = append(p.Indicators, planner.Indicator{Key: "rail_sabotage", Name: "Rail sabotage", Unit: "per\u009bweek"})
		return fmt.Sprintf("indicators[%d].unit", len(p.Indicators)-1)
	}},
}

// A plan the loader would refuse is not stored: its revision could never
// be loaded again. The save fails with the loader's *planner.FormatError,
// naming the field, and leaves nothing behind — no plan, no revision, no
// change to the one stored.
func TestSavePlanRefusesWhatTheLoaderWouldRefuse(t *testing.T) {
	ctx := context.Background()
	refused := func(t *testing.T, err error, path string) {
		t.Helper()
		var fe *planner.FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("err = %v; want a *planner.FormatError", err)
		}
		if len(fe.Problems) != 1 || fe.Problems[0].Path != path || !strings.Contains(fe.Problems[0].Message, "control character") {
			t.Errorf("problems %v; want one at %s about the control character", fe.Problems, path)
		}
		if msg := err.Error(); !strings.Contains(msg, "nothing was saved") || !strings.Contains(msg, path+": ") {
			t.Errorf("the message does not say that nothing was saved, and where: %v", err)
		}
		var oe *OpError
		if errors.As(err, &oe) {
			t.Errorf("a malformed plan is reported as a database failure: %v", err)
		}
	}
	for i, tt := range controlEdits {
		t.Run(tt.name+", as a new plan", func(t *testing.T) {
			s := mustOpen(t)
			p := planTitled("New", uint64(i+1))
			path := tt.edit(p)
			_, err := s.SavePlan(ctx, p, 0, "")
			refused(t, err, path)
			if plans, err := s.ListPlans(ctx, ListOptions{}); err != nil || len(plans) != 0 {
				t.Errorf("ListPlans: %v, %v; want nothing stored", plans, err)
			}
			if _, err := s.Revisions(ctx, p.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("Revisions: %v; want ErrNotFound", err)
			}
		})
		t.Run(tt.name+", as the next revision", func(t *testing.T) {
			s := mustOpen(t)
			p := planTitled("Stored", uint64(i+1))
			mustSave(t, s, p, 0)
			q := planTitled("Stored", uint64(i+1))
			q.ID = p.ID
			path := tt.edit(q)
			_, err := s.SavePlan(ctx, q, 1, "")
			refused(t, err, path)
			got, rev := mustLoad(t, s, p.ID)
			if rev != 1 {
				t.Errorf("revision %d after the refused save, want 1", rev)
			}
			sameEncoding(t, p, got)
			if revs, err := s.Revisions(ctx, p.ID); err != nil || len(revs) != 1 {
				t.Errorf("Revisions: %v, %v; want the one saved", revs, err)
			}
		})
		t.Run(tt.name+", imported with a good plan", func(t *testing.T) {
			s := mustOpen(t)
			good, bad := planTitled("Good", 1), planTitled("Bad", uint64(i+2))
			path := tt.edit(bad)
			_, err := s.ImportPlans(ctx, []PlanImport{{Plan: good, Source: "good.json"}, {Plan: bad, Source: "bad.json"}})
			refused(t, err, path)
			if !strings.Contains(err.Error(), "bad.json") {
				t.Errorf("the message does not name the file: %v", err)
			}
			if plans, err := s.ListPlans(ctx, ListOptions{}); err != nil || len(plans) != 0 {
				t.Errorf("ListPlans: %v, %v; want nothing stored", plans, err)
			}
		})
	}
}

// saveUnchecked stores p as the store did before it held plans to the
// loader: the legacy data a store may already hold.
func saveUnchecked(t *testing.T, s *Store, p *planner.Plan, base int64) int64 {
	t.Helper()
	d := &derivation{ch: make(chan derivedData, 1)}
	doc := mustEncode(t, p)
	d.ch <- derivedData{doc: doc, counts: planner.Count(planner.Check(p, seeds.Catalog(), seeds.DefaultProfile()))}
	rev, err := s.savePlan(context.Background(), p, base, "", d)
	if err != nil {
		t.Fatal(err)
	}
	return rev
}

// A plan stored before the store held plans to the loader may carry control
// characters in one-line fields. It still loads, from its tables and from
// its revision document, exactly as it was stored — nothing escaped or
// dropped — and its next save is refused, naming the field, until it is
// fixed. A stored document with any other problem is reported as the
// loader reports it.
func TestPlansStoredBeforeTheCheckStillLoad(t *testing.T) {
	ctx := context.Background()
	manyTabs := func(p *planner.Plan) []string {
		var paths []string
		for i := range p.RedLines {
			p.RedLines[i].Title += "\tpasted"
			paths = append(paths, fmt.Sprintf("red_lines[%d].title", i))
		}
		return paths
	}
	type legacy struct {
		name string
		edit func(p *planner.Plan) (paths []string)
		// badPhase also stores a phase the loader does not know.
		badPhase bool
	}
	tests := []legacy{
		{name: "more control characters than one load reports", edit: manyTabs},
		{name: "a control character and an unknown phase", badPhase: true,
			edit: func(p *planner.Plan) []string { p.Title = "T\x1b"; return []string{"title", "phase"} }},
	}
	for _, e := range controlEdits {
		tests = append(tests, legacy{name: e.name, edit: func(p *planner.Plan) []string { return []string{e.edit(p)} }})
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			p := planner.Generate(planner.GenSpec{RedLines: 30, Responses: 10, Contributions: 12, Links: 20, Injects: 10, Seed: uint64(i + 1)})
			p.ID = planner.NewPlanID()
			paths := tt.edit(p)
			if tt.badPhase {
				p.Phase = "truce"
			}
			if len(paths) > 20 && planner.ValidateDocument(mustEncode(t, p)).(*planner.FormatError).More == 0 {
				t.Fatal("the plan does not have more problems than one load reports")
			}
			saveUnchecked(t, s, p, 0)

			got, _ := mustLoad(t, s, p.ID)
			sameEncoding(t, p, got)
			fromDoc, err := s.LoadRevision(ctx, p.ID, 1)
			if tt.badPhase {
				for _, path := range paths {
					if err == nil || !strings.Contains(err.Error(), path+": ") {
						t.Errorf("LoadRevision: %v; want the loader's error at %s", err, path)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadRevision: %v", err)
			}
			if !reflect.DeepEqual(fromDoc, p) {
				sameEncoding(t, p, fromDoc)
				t.Fatalf("the revision loads as %+v, want %+v", fromDoc, p)
			}

			_, err = s.SavePlan(ctx, got, 1, "")
			var fe *planner.FormatError
			if !errors.As(err, &fe) || fe.Problems[0].Path != paths[0] {
				t.Errorf("saving it again: %v; want it refused at %s", err, paths[0])
			}
		})
	}
}

func TestParsePath(t *testing.T) {
	tests := []struct {
		path string
		want []pathStep
	}{
		{"title", []pathStep{{key: "title"}}},
		{"red_lines[3].title", []pathStep{{key: "red_lines"}, {index: 3}, {key: "title"}}},
		{"a[1][2].b", []pathStep{{key: "a"}, {index: 1}, {index: 2}, {key: "b"}}},
		{"", nil},
		{"a[x]", nil},
		{"a[1]b", nil},
		{"a[-1]", nil},
		{"[1]", nil},
	}
	for _, tt := range tests {
		got, ok := parsePath(tt.path)
		if ok != (tt.want != nil) || !reflect.DeepEqual(got, tt.want) && tt.want != nil {
			t.Errorf("parsePath(%q) = %v, %v; want %v", tt.path, got, ok, tt.want)
		}
	}
}
