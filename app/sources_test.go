package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"redline/planner"
	"redline/seeds"
)

// askRecorder answers Confirm as its fakeAsker does and keeps the
// questions asked.
type askRecorder struct {
	*fakeAsker
	asked []string
}

func (a *askRecorder) Confirm(title, message string, yes func()) {
	a.asked = append(a.asked, title+" "+message)
	a.fakeAsker.Confirm(title, message, yes)
}

// The Sources tab's story: a source added and filled in, cited from a red
// line, listed with what cites it, renamed with its citations following,
// and deleted after a question that counts them.
func TestSourcesTab(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	ask := &askRecorder{fakeAsker: f.ask}
	f.ui.ask = ask
	e := f.open(ref.Title)
	f.win.Resize(fyne.NewSize(1200, 900))
	s := e.sources
	e.tabs.Select(e.sourcesTab)

	test.Tap(s.add)
	id := s.id.Text
	if i := slices.IndexFunc(e.model.Plan().Sources, func(src planner.Source) bool { return src.ID == id }); i != 0 || id != "src-1" {
		t.Fatalf("Add made source %q at %d", id, i)
	}
	s.title.SetText("Ukraine's security after the ceasefire")
	s.publisher.SetText("RUSI")
	s.date.SetText("2025-11")
	s.url.SetText("https://rusi.org/ukraine")
	const cited = "RUSI, November 2025 — Ukraine's security after the ceasefire"
	if got := e.model.Plan().Sources[0]; got.Title != "Ukraine's security after the ceasefire" || got.URL != "https://rusi.org/ukraine" ||
		s.citation.Text != cited {
		t.Fatalf("the plan holds %+v, cited as %q", got, s.citation.Text)
	}

	// Cite it from a red line, through the red line's form.
	rl := ref.RedLines[0]
	e.tabs.Select(e.redLinesTab)
	e.redLines.selectID(rl.ID)
	if !e.redLines.prov.sources.tickByLabel(cited, true) {
		t.Fatalf("the red line's form does not offer %q: %q", cited, e.redLines.prov.sources.labels)
	}
	if got := e.model.Plan().RedLines[0].Sources; !slices.Equal(got, append(slices.Clone(rl.Sources), "src-1")) {
		t.Fatalf("the red line cites %v", got)
	}

	// The source lists the red line by its title.
	e.tabs.Select(e.sourcesTab)
	s.selectID("src-1")
	if len(s.citedBy) != 1 || !strings.Contains(s.entryName(s.citedBy[0]), rl.Title) || !strings.HasPrefix(s.citedHead.Text, "Cited by 1 entry") {
		t.Fatalf("cited by %v (%q)", s.citedBy, s.citedHead.Text)
	}
	if !slices.ContainsFunc(drawnTexts(f.win), func(x string) bool { return strings.Contains(x, rl.Title) }) {
		t.Errorf("the Sources tab does not show the red line's title: %q", drawnTexts(f.win))
	}
	if _, tag, _ := rowTexts(s.list, 0); tag != "cited by 1" {
		t.Errorf("the source's row says %q", tag)
	}
	// Selecting the entry opens it.
	s.citedList.Select(0)
	if e.tabs.Selected() != e.redLinesTab || e.redLines.selID != rl.ID {
		t.Fatalf("opening the citing entry shows tab %q, red line %q", e.tabs.Selected().Text, e.redLines.selID)
	}

	// Renaming the source follows into the citation; the red line's form
	// still ticks it.
	e.tabs.Select(e.sourcesTab)
	s.selectID("src-1")
	s.id.SetText("rusi-2025-11")
	if s.idErr.Visible() {
		t.Fatalf("rename refused: %q", s.idErr.Text)
	}
	if got := e.model.Plan().RedLines[0].Sources; !slices.Contains(got, "rusi-2025-11") || slices.Contains(got, "src-1") {
		t.Fatalf("after the rename the red line cites %v", got)
	}
	e.redLines.selectID(rl.ID)
	if k := slices.Index(e.redLines.prov.sources.ids, "rusi-2025-11"); k < 0 || !e.redLines.prov.sources.checks[k].Checked {
		t.Errorf("the red line's form does not tick the renamed source: %v", e.redLines.prov.sources.ids)
	}

	// Delete asks, counting the citations, and takes them along.
	s.selectID("rusi-2025-11")
	f.ask.confirm = false
	test.Tap(s.remove)
	if len(ask.asked) != 1 || !strings.Contains(ask.asked[0], "1 entry cites it") || !strings.Contains(ask.asked[0], cited) {
		t.Fatalf("delete asked %q", ask.asked)
	}
	if len(e.model.Plan().Sources) != 1 {
		t.Fatal("No deleted the source")
	}
	f.ask.confirm = true
	test.Tap(s.remove)
	if len(e.model.Plan().Sources) != 0 || slices.Contains(e.model.Plan().RedLines[0].Sources, "rusi-2025-11") {
		t.Fatalf("after delete: sources %v, the red line cites %v", e.model.Plan().Sources, e.model.Plan().RedLines[0].Sources)
	}
	if !slices.Equal(e.model.Plan().RedLines[0].Sources, rl.Sources) {
		t.Errorf("the red line lost its other citations: %v", e.model.Plan().RedLines[0].Sources)
	}
}

// A built-in document shows as its citation, read-only, with what cites
// it; no file name is drawn anywhere on the tab.
func TestSourcesTabShowsBuiltinDocumentsAsCitations(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	f.win.Resize(fyne.NewSize(1200, 900))
	s := e.sources
	e.tabs.Select(e.sourcesTab)
	k := slices.IndexFunc(s.builtins, func(d seeds.Source) bool { return d.File == planner.Src002 })
	s.builtinList.Select(k)
	want := "Insight News Media, 2025 — Security Guarantees for Ukraine: Between Western Declarations and Real Commitments"
	if s.builtinTitle.Text != want || !s.builtinBox.Visible() || s.form.Visible() || !s.remove.Disabled() {
		t.Fatalf("built-in document shows %q (box %v, form %v, delete enabled %v)",
			s.builtinTitle.Text, s.builtinBox.Visible(), s.form.Visible(), !s.remove.Disabled())
	}
	if len(s.citedBy) == 0 {
		t.Fatal("nothing cites document 002 in the reference plan")
	}
	for _, x := range drawnTexts(f.win) {
		if fileName.MatchString(x) {
			t.Errorf("the Sources tab draws the file name in %q", x)
		}
	}
	subject := s.citedBy[0]
	s.citedList.Select(0)
	if scr, tab := e.screenOf(subject); tab == nil || e.tabs.Selected() != tab || !scr.has(subject) {
		t.Errorf("opening %q shows tab %q", subject, e.tabs.Selected().Text)
	}

	// Selecting one of the plan's sources leaves the built-in one.
	e.tabs.Select(e.sourcesTab)
	test.Tap(s.add)
	if s.builtinBox.Visible() || !s.form.Visible() || s.builtinSel >= 0 {
		t.Error("a new source shows over the built-in document")
	}
}

// A URL is checked as the loader checks it: http or https only, beside the
// field; the plan keeps the last good one and saving waits.
func TestSourceURLIsCheckedAsTheLoaderChecksIt(t *testing.T) {
	ref := referencePlan(t)
	f := newFixture(t, ref)
	e := f.open(ref.Title)
	s := e.sources
	test.Tap(s.add)
	s.url.SetText("https://example.org/a")
	for _, tc := range []struct{ typed, want string }{
		{"javascript:alert(1)", "The URL must be a web address starting with http:// or https://"},
		{"file:///etc/passwd", "http:// or https://"},
		{"https://", "nothing after https://"},
		{"https://example.org/" + strings.Repeat("x", planner.MaxSourceURL), "at most 2000 characters"},
	} {
		s.url.SetText(tc.typed)
		if !s.urlErr.Visible() || !strings.Contains(s.urlErr.Text, tc.want) {
			t.Errorf("%.30q: error %q (visible %v)", tc.typed, s.urlErr.Text, s.urlErr.Visible())
		}
		if got := e.model.Plan().Sources[0].URL; got != "https://example.org/a" {
			t.Errorf("%.30q reached the plan: %q", tc.typed, got)
		}
		if e.model.SaveBlocked() == "" {
			t.Errorf("%.30q: saving does not wait for the field", tc.typed)
		}
	}
	s.url.SetText("")
	if s.urlErr.Visible() || e.model.Plan().Sources[0].URL != "" || e.model.SaveBlocked() != "" {
		t.Errorf("an empty URL is refused: %q", s.urlErr.Text)
	}
	s.title.SetText("")
	if !s.titleErr.Visible() || e.model.Plan().Sources[0].Title != "New source" {
		t.Errorf("an empty title: error %q, title %q", s.titleErr.Text, e.model.Plan().Sources[0].Title)
	}
	s.title.SetText(strings.Repeat("t", planner.MaxSourceTitle+1))
	if !strings.Contains(s.titleErr.Text, "at most 300") {
		t.Errorf("a long title: error %q", s.titleErr.Text)
	}
}
