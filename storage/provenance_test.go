package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"redline/planner"
)

// everyProvenance is everyField with every field of schema v3 set: sources
// and assumptions on entries of every kind (a duplicate source id, an
// unknown one, a built-in one), conditions of every form, a brief, and the
// plan's sources with and without their optional fields.
func everyProvenance() *planner.Plan {
	p := everyField()
	p.ID = "6f1c2a9e-3b7d-4e15-8c42-7a0d5e9b1f03"
	p.RedLines[0].Provenance = planner.Provenance{Sources: []string{"rusi-2025-11", planner.Src004}, Assumption: "Поріг — наше припущення;\nno document gives it."}
	p.RedLines[2].Sources = []string{"unknown-doc"}
	p.Responses[1].Assumption = "Bare response, assumed"
	p.Contributions[0].Sources = []string{planner.Src002, planner.Src002}
	p.Contributions[1].Assumption = "\t"
	p.Links[0].Provenance = planner.Provenance{Sources: []string{"iiss"}, Assumption: "link assumed"}
	p.Links[1].Sources = []string{planner.Src000}
	p.Terms[2].Provenance = planner.Provenance{Sources: []string{"rusi-2025-11"}, Assumption: "a"}
	p.Injects[0].Brief = "Kyiv reports to the coalition cell:\n\t«ceasefire signed»."
	p.Injects[1].When = []planner.Condition{
		{RedLine: "rl-1"},
		{RedLine: "rl-ghost", Not: true},
		{Response: "resp-1", Outcome: planner.CondApproved},
		{Response: "resp-2", Outcome: planner.CondBlocked, Not: true},
	}
	p.Injects[1].Sources = []string{planner.Src001, "iiss"}
	p.Injects[2].Provenance = planner.Provenance{Assumption: "far"}
	p.Injects[2].When = []planner.Condition{{Response: "resp-ghost", Outcome: planner.CondOngoing}}
	p.Sources = []planner.Source{
		{ID: "rusi-2025-11", Title: "Stabilising Ukraine — варіанти", Publisher: "RUSI", Date: "2025-11", URL: "https://rusi.org/x?a=1&b=2"},
		{ID: "iiss", Title: "Military Balance"},
		{ID: "iiss", Title: "A second source with the same id", Date: "2026"},
	}
	return p
}

func TestSaveLoadKeepsProvenance(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	p := everyProvenance()
	want := mustEncode(t, p)
	mustSave(t, s, p, 0)
	got, rev := mustLoad(t, s, p.ID)
	sameEncoding(t, p, got)
	old, err := s.LoadRevision(ctx, p.ID, rev)
	if err != nil {
		t.Fatal(err)
	}
	sameEncoding(t, p, old)
	if string(mustEncode(t, got)) != string(want) {
		t.Fatal("export → store → export is not byte-identical")
	}

	// Each later save rewrites the new rows and trims what went away:
	// shorter and longer lists, conditions and sources removed, fields
	// cleared, entries reordered under their sources.
	edits := []struct {
		name    string
		edit    func(p *planner.Plan)
		summary string
	}{
		{"sources shortened and lengthened", func(p *planner.Plan) {
			p.RedLines[0].Sources = p.RedLines[0].Sources[:1]
			p.Responses[0].Sources = []string{"iiss", "rusi-2025-11", planner.Src003}
		}, "1 red line changed, 1 response changed"},
		{"a condition removed, one changed", func(p *planner.Plan) {
			p.Injects[1].When = []planner.Condition{{Response: "resp-1", Outcome: planner.CondRejected}}
		}, "1 inject changed"},
		{"every condition and brief removed", func(p *planner.Plan) {
			p.Injects[0].Brief = ""
			for i := range p.Injects {
				p.Injects[i].When = nil
			}
		}, "3 injects changed"},
		{"assumptions cleared", func(p *planner.Plan) {
			p.RedLines[0].Assumption = ""
			p.Links[0].Assumption = ""
			p.Contributions[1].Assumption = ""
		}, "1 red line changed, 1 contribution changed, 1 link changed"},
		{"a source's fields changed", func(p *planner.Plan) {
			p.Sources[0].URL = ""
			p.Sources[1].Publisher = "IISS"
		}, "2 sources changed"},
		{"a source removed, one added", func(p *planner.Plan) {
			p.Sources = append(p.Sources[:2:2], planner.Source{ID: "new", Title: "New"})
		}, "+1 source, −1 source"},
		{"the entries that cite move", func(p *planner.Plan) {
			p.RedLines[0], p.RedLines[1] = p.RedLines[1], p.RedLines[0]
			p.Links[0], p.Links[1] = p.Links[1], p.Links[0]
		}, "reordered"},
		{"an entry that cites removed", func(p *planner.Plan) {
			p.Links = p.Links[1:]
			p.Terms = p.Terms[:2]
		}, "−1 link, −1 term"},
		{"every source removed", func(p *planner.Plan) {
			p.Sources = nil
			for i := range p.RedLines {
				p.RedLines[i].Sources = nil
			}
			for i := range p.Injects {
				p.Injects[i].Provenance = planner.Provenance{}
			}
		}, ""},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			cur, rev := mustLoad(t, s, p.ID)
			e.edit(cur)
			want := mustEncode(t, cur)
			mustSave(t, s, cur, rev)
			got, _ := mustLoad(t, s, p.ID)
			if g := mustEncode(t, got); string(g) != string(want) {
				t.Fatalf("after the edit:\n%s", firstDifference(want, g))
			}
			revs, err := s.Revisions(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if e.summary != "" && revs[0].Summary != e.summary {
				t.Errorf("summary %q, want %q", revs[0].Summary, e.summary)
			}
		})
	}
	// Nothing is left in the tables of v3 for what the plan no longer has.
	var n int
	for _, table := range []string{"red_line_sources", "inject_sources", "inject_conditions", "term_sources"} {
		if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s holds %d rows (%v), want none", table, n, err)
		}
	}
	// Deleting the plan for good takes its rows with it.
	if err := s.DeletePlan(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EmptyTrash(ctx); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"plan_sources", "response_sources", "contribution_sources", "link_sources"} {
		if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s holds %d rows after the plan was emptied from the trash (%v)", table, n, err)
		}
	}
}

// Generated plans carry provenance and conditions; many of them, of every
// shape, survive the store unchanged.
func TestSaveLoadGeneratedProvenance(t *testing.T) {
	s := mustOpen(t)
	withSome := 0
	for seed := uint64(20); seed < 30; seed++ {
		p := planner.Generate(planner.GenSpec{RedLines: 12, Responses: 10, Contributions: 15, Links: 20, Injects: 25, Seed: seed})
		if len(p.Sources) > 0 {
			withSome++
		}
		mustSave(t, s, p, 0)
		got, _ := mustLoad(t, s, p.ID)
		sameEncoding(t, p, got)
	}
	if withSome == 0 {
		t.Error("no generated plan had sources of its own")
	}
}

// A condition the loader refuses also breaks the table's CHECK; the save
// reports the loader's error, with its path, and stores nothing.
func TestSavePlanRefusesMalformedConditions(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		cond planner.Condition
		path string
	}{
		{"both a red line and a response", planner.Condition{RedLine: "rl-1", Response: "resp-1", Outcome: planner.CondFired}, "injects[1].when[0]"},
		{"neither", planner.Condition{Not: true}, "injects[1].when[0]"},
		{"a response without outcome", planner.Condition{Response: "resp-1"}, "injects[1].when[0].outcome"},
		{"an outcome with a red line", planner.Condition{RedLine: "rl-1", Outcome: planner.CondFired}, "injects[1].when[0].outcome"},
		{"an outcome outside the list", planner.Condition{Response: "resp-1", Outcome: "won"}, "injects[1].when[0].outcome"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := mustOpen(t)
			p := everyField()
			p.Injects[1].When = []planner.Condition{c.cond}
			_, err := s.SavePlan(ctx, p, 0, "")
			var fe *planner.FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v; want the loader's *planner.FormatError", err)
			}
			if !strings.Contains(err.Error(), c.path+": ") {
				t.Errorf("the error does not name %s: %v", c.path, err)
			}
			if plans, _ := s.ListPlans(ctx, ListOptions{}); len(plans) != 0 {
				t.Errorf("stored %v", plans)
			}
		})
	}
	t.Run("a javascript url", func(t *testing.T) {
		s := mustOpen(t)
		p := everyField()
		p.Sources = []planner.Source{{ID: "s", Title: "S", URL: "javascript:alert(1)"}}
		_, err := s.SavePlan(ctx, p, 0, "")
		if !strings.Contains(fmt.Sprint(err), "sources[0].url: ") {
			t.Errorf("err = %v; want the loader's problem at sources[0].url", err)
		}
	})
}

// A database of schema v2 — the v1 fixture brought to v2 — is upgraded to
// v3 on open, with a snapshot of the v2 file first; its plans load as
// stored, with no provenance, and then take plans that have it.
func TestUpgradeFromV2(t *testing.T) {
	sqliteOnly(t, "the fixture is a file")
	path := copyFixture(t, fixtureV1)
	// This build cannot open a v2 file without upgrading it (its statements
	// name v3's columns), so the fixture is brought to v2 with v2's
	// migration alone, as a v2 build did.
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(migrations[1].sql + "; PRAGMA user_version = 2"); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	if v := userVersion(t, path); v != 2 {
		t.Fatalf("at v%d, want v2", v)
	}
	at := time.Date(2025, 8, 1, 12, 0, 0, 0, time.UTC)
	s := mustOpenAt(t, path, WithClock(func() time.Time { return at }))
	var version int
	if err := s.r.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != SchemaVersion() || version < 3 {
		t.Fatalf("at v%d after opening (%v), want v%d (≥ 3)", version, err, SchemaVersion())
	}
	snap := fmt.Sprintf("%s.pre-v%d-20250801T120000Z.bak", path, SchemaVersion())
	if v := userVersion(t, snap); v != 2 {
		t.Errorf("snapshot %s at v%d, want v2", filepath.Base(snap), v)
	}
	ctx := context.Background()
	every, rev := mustLoad(t, s, fixtureEveryField)
	sameEncoding(t, everyField(), every)
	doc, err := s.LoadRevision(ctx, fixtureEveryField, rev)
	if err != nil {
		t.Fatal(err)
	}
	sameEncoding(t, doc, every)
	for _, e := range every.RedLines {
		if e.Sourced() {
			t.Errorf("red line %s of a v2 plan has provenance %+v", e.ID, e.Provenance)
		}
	}
	// The upgraded plan takes provenance in its next revision.
	q := everyProvenance()
	q.ID = fixtureEveryField
	mustSave(t, s, q, rev)
	got, _ := mustLoad(t, s, fixtureEveryField)
	sameEncoding(t, q, got)
}
