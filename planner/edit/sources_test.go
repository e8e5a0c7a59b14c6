package edit_test

import (
	"reflect"
	"slices"
	"testing"

	"redline/planner"
	"redline/planner/edit"
)

// withSource is the reference plan with one source of its own, "src-rusi",
// cited by its first red line (with a built-in document), its second
// contribution and its first link; the clock has moved on since, so the
// next edit is an undo step of its own.
func withSource(t *testing.T) *edit.Session {
	t.Helper()
	c := newClock()
	s := session(t, c)
	edit.Add(s, edit.Sources, planner.Source{ID: "src-rusi", Title: "Ukraine's security after the ceasefire",
		Publisher: "RUSI", Date: "2025-11", URL: "https://rusi.org/x"})
	cite := func(pr planner.Provenance) planner.Provenance {
		pr.Sources = append(slices.Clone(pr.Sources), "src-rusi")
		return pr
	}
	p := s.Plan()
	r := p.RedLines[0]
	r.Provenance = cite(r.Provenance)
	edit.Set(s, edit.RedLines, 0, r)
	k := p.Contributions[1]
	k.Provenance = cite(k.Provenance)
	edit.Set(s, edit.Contributions, 1, k)
	l := p.Links[0]
	if !s.SetLinkProvenance(l.RedLine, l.Response, cite(l.Provenance)) {
		t.Fatal("SetLinkProvenance changed nothing")
	}
	c.pass(edit.UndoCoalesce)
	return s
}

func TestSourceIDsShareThePlansIDSpace(t *testing.T) {
	s := withSource(t)
	for _, tc := range []struct {
		name string
		id   string
		want bool
	}{
		{"the plan's own source", "src-rusi", true},
		{"a built-in document", planner.Src002, true},
		{"a red line", s.Plan().RedLines[0].ID, true},
		{"a free id", "src-2", false},
	} {
		if got := s.IDTaken(tc.id); got != tc.want {
			t.Errorf("%s: IDTaken(%q) = %v, want %v", tc.name, tc.id, got, tc.want)
		}
	}
	if id := s.FreeID("src-rusi", 0); id != "src-rusi1" {
		t.Errorf("FreeID next to a source: %q", id)
	}
	edit.Add(s, edit.Sources, planner.Source{ID: "src-1", Title: "One"})
	if id := s.FreeID(edit.Sources.Prefix, 1); id != "src-2" {
		t.Errorf("FreeID(src-) = %q, want src-2", id)
	}
	for _, tc := range []struct{ name, id string }{
		{"a red line's id", s.Plan().RedLines[0].ID},
		{"a built-in document's id", planner.Src000},
		{"another source's id", "src-1"},
	} {
		if msg := edit.Rename(s, edit.Sources, edit.Index(s, edit.Sources, "src-rusi"), tc.id); msg == "" {
			t.Errorf("renaming a source to %s was accepted", tc.name)
		}
	}
}

func TestSnapshotCopiesSources(t *testing.T) {
	s := withSource(t)
	snap := edit.Snapshot(s.Plan())
	i := edit.Index(s, edit.Sources, "src-rusi")
	src := s.Plan().Sources[i]
	src.Title = "Changed"
	edit.Set(s, edit.Sources, i, src)
	if snap.Sources[i].Title == "Changed" {
		t.Fatal("a snapshot shares its sources with the plan")
	}
	if !s.Undo() || s.Plan().Sources[i].Title != "Ukraine's security after the ceasefire" {
		t.Fatalf("undo left the source titled %q", s.Plan().Sources[i].Title)
	}
}

// citing lists the kinds of entry that cite id, in plan order.
func citing(p *planner.Plan, id string) []string {
	var out []string
	add := func(what string, pr planner.Provenance) {
		if slices.Contains(pr.Sources, id) {
			out = append(out, what)
		}
	}
	for _, r := range p.RedLines {
		add("red line "+r.ID, r.Provenance)
	}
	for _, r := range p.Responses {
		add("response "+r.ID, r.Provenance)
	}
	for _, c := range p.Contributions {
		add("contribution "+c.ID, c.Provenance)
	}
	for _, l := range p.Links {
		add("link "+l.RedLine+"→"+l.Response, l.Provenance)
	}
	for _, t := range p.Terms {
		add("term "+t.ID, t.Provenance)
	}
	for _, in := range p.Injects {
		add("inject "+in.ID, in.Provenance)
	}
	return out
}

func TestRenameSourceRewritesCitations(t *testing.T) {
	s := withSource(t)
	p := s.Plan()
	before := citing(p, "src-rusi")
	redLines, contributions := p.RedLines, p.Contributions
	keptRedLine := edit.Snapshot(p).RedLines[0]
	var touched edit.Part
	s.OnChange(func() { touched = s.Touched() })

	if msg := edit.Rename(s, edit.Sources, edit.Index(s, edit.Sources, "src-rusi"), "rusi-2025-11"); msg != "" {
		t.Fatal(msg)
	}
	p = s.Plan()
	if got := citing(p, "rusi-2025-11"); !slices.Equal(got, before) || len(citing(p, "src-rusi")) > 0 {
		t.Fatalf("after the rename %v cite the new id (want %v), %v the old", got, before, citing(p, "src-rusi"))
	}
	if want := []string{planner.Src000, "rusi-2025-11"}; !slices.Contains(p.RedLines[0].Sources, planner.Src000) ||
		p.RedLines[0].Sources[len(p.RedLines[0].Sources)-1] != want[1] {
		t.Fatalf("the red line's other citations moved: %v", p.RedLines[0].Sources)
	}
	if !reflect.DeepEqual(redLines[0], keptRedLine) || slices.Contains(contributions[1].Sources, "rusi-2025-11") {
		t.Fatal("the rename wrote through the lists the plan had before")
	}
	if want := edit.PartSources | edit.PartRedLines | edit.PartContributions | edit.PartLinks; touched != want {
		t.Errorf("the rename touched %b, want %b", touched, want)
	}
	s.Undo()
	if got := citing(s.Plan(), "src-rusi"); !slices.Equal(got, before) {
		t.Fatalf("undo gives citations %v, want %v", got, before)
	}
}

func TestRenameSourceOntoAnUnknownOneTheEntryCitesToo(t *testing.T) {
	s := withSource(t)
	// The red line cites "src-a", which the plan does not list (the
	// unknown-source finding), beside src-rusi.
	r := s.Plan().RedLines[0]
	r.Sources = []string{"src-a", "src-rusi"}
	edit.Set(s, edit.RedLines, 0, r)
	// A stored source can change its id too: only the plan's entries cite it.
	s.Saved(s.Gen(), s.Plan().ID, 8)
	if msg := edit.Rename(s, edit.Sources, edit.Index(s, edit.Sources, "src-rusi"), "src-a"); msg != "" {
		t.Fatalf("a stored source cannot be renamed: %s", msg)
	}
	if got := s.Plan().RedLines[0].Sources; !slices.Equal(got, []string{"src-a"}) {
		t.Fatalf("sources after the rename: %v, want [src-a] once", got)
	}
	if msg := edit.Rename(s, edit.RedLines, 1, "rl-other"); msg == "" {
		t.Fatal("a stored red line changed its id")
	}
}

func TestSetLinkProvenance(t *testing.T) {
	s := session(t, newClock())
	l := s.Plan().Links[2]
	links := s.Plan().Links
	pr := planner.Provenance{Assumption: "Agreed at the workshop"}
	if !s.SetLinkProvenance(l.RedLine, l.Response, pr) || !reflect.DeepEqual(s.Plan().Links[2].Provenance, pr) {
		t.Fatalf("link provenance %+v", s.Plan().Links[2].Provenance)
	}
	if reflect.DeepEqual(links[2].Provenance, pr) {
		t.Fatal("SetLinkProvenance wrote through the old links list")
	}
	if s.SetLinkProvenance(l.RedLine, l.Response, pr) || s.SetLinkProvenance("rl-none", l.Response, pr) {
		t.Fatal("the same provenance, or a link that is not there, counted as an edit")
	}
}

func TestDeleteSourceTakesItsCitations(t *testing.T) {
	s := withSource(t)
	n := len(citing(s.Plan(), "src-rusi"))
	if got := edit.References(s, edit.Sources, "src-rusi"); got != n || n != 3 {
		t.Fatalf("References = %d, want %d (3)", got, n)
	}
	refs, ok := edit.Delete(s, edit.Sources, "src-rusi")
	if !ok || refs != n {
		t.Fatalf("Delete = %d, %v; want %d, true", refs, ok, n)
	}
	p := s.Plan()
	if len(citing(p, "src-rusi")) > 0 || edit.Index(s, edit.Sources, "src-rusi") >= 0 {
		t.Fatal("the source or a citation of it survived")
	}
	if !slices.Contains(p.RedLines[0].Sources, planner.Src000) {
		t.Fatalf("the red line lost its other citations: %v", p.RedLines[0].Sources)
	}
	s.Undo()
	if got := len(citing(s.Plan(), "src-rusi")); got != n || edit.Index(s, edit.Sources, "src-rusi") < 0 {
		t.Fatalf("undo brought back %d citations, want %d", got, n)
	}
}

func TestDeleteSourceLeavesNoEmptyList(t *testing.T) {
	s := session(t, newClock())
	edit.Add(s, edit.Sources, planner.Source{ID: "src-only", Title: "Only"})
	tm := s.Plan().Terms[0]
	tm.Provenance = planner.Provenance{Sources: []string{"src-only"}}
	edit.Set(s, edit.Terms, 0, tm)
	if refs, _ := edit.Delete(s, edit.Sources, "src-only"); refs != 1 {
		t.Fatalf("%d citations went, want 1", refs)
	}
	if got := s.Plan().Terms[0].Sources; got != nil {
		t.Fatalf("the term cites %#v, want nil (no sources)", got)
	}
	if s.Plan().Terms[0].Sourced() {
		t.Fatal("a term whose only source went still counts as sourced")
	}
}
