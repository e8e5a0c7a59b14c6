package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

func TestUnprintableSummary(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *planner.Plan, prof *planner.Profile)
		chars  string   // in any order; "" for nothing unshown
		places []string // in order
	}{
		{"reference plan", func(*planner.Plan, *planner.Profile) {}, "", nil},
		{"Cyrillic, Polish and the symbols spelled out", func(p *planner.Plan, _ *planner.Profile) {
			p.RedLines[0].Title = "Київ, Rzeszów, Łódź ≥ 5 → snapback ≠ ≤ ←"
			p.RedLines[0].Notes = "tab\there\r\nand a line break"
		}, "", nil},
		{"CJK and an emoji in a red line", func(p *planner.Plan, _ *planner.Profile) {
			p.RedLines[1].Title = "中文 😀 and 中 again"
		}, "中文😀", []string{`red line "中文 😀 and 中 again"`}},
		{"Arabic, Hebrew and Thai across the plan", func(p *planner.Plan, _ *planner.Profile) {
			p.Actors = append(p.Actors, planner.Actor{Code: "AE", Name: "الإمارات", Kind: planner.ActorState})
			p.Contributions[0].Nation = "AE"
			p.Responses[2].Title = "Escort — עברית"
			p.Terms[0].Notes = "ไทย"
		}, "الإمارتעבריתไทย", []string{"actor AE", `response "Escort — עברית"`, "the notes on term term-ua-force-cap"}},
		{"a variation selector and a control character", func(p *planner.Plan, _ *planner.Profile) {
			p.RedLines[0].Notes = "flag \u2764\ufe0f and bell \a"
		}, "\u2764\ufe0f\a", []string{`red line "` + "Ground incursion across the contact line" + `"`}},
		{"the profile's title", func(_ *planner.Plan, prof *planner.Profile) {
			prof.Title = "演习"
		}, "演习", []string{"the title of profile coalition-2025"}},
		{"an inject, which the summary does not print", func(p *planner.Plan, _ *planner.Profile) {
			p.Injects[0].Title = "中文"
		}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := referenceSummary(t)
			prof := *s.Profile
			s.Profile = &prof
			tt.change(s.Plan, s.Profile)
			s.Catalog = seeds.Catalog().ForPlan(s.Plan)
			u := Unprintable(s)
			if tt.chars == "" {
				if u != nil {
					t.Fatalf("Unprintable = %v, want nil", u)
				}
				return
			}
			if u == nil {
				t.Fatal("Unprintable = nil")
			}
			got, want := slices.Sorted(slices.Values(u.Chars)), slices.Sorted(slices.Values([]rune(uniqueRunes(tt.chars))))
			if !slices.Equal(got, want) {
				t.Errorf("chars %q, want %q", string(got), string(want))
			}
			if !slices.Equal(u.Places, tt.places) {
				t.Errorf("places %q, want %q", u.Places, tt.places)
			}
		})
	}
}

// uniqueRunes is s with each rune once.
func uniqueRunes(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !strings.ContainsRune(b.String(), r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestUnprintableAfterAction(t *testing.T) {
	a := referenceRun(t)
	if u, err := UnprintableAfterAction(a); err != nil || u != nil {
		t.Fatalf("reference run: %v, %v; want nothing unshown", u, err)
	}
	p := *a.Plan
	p.Injects = slices.Clone(p.Injects)
	p.Injects[1].Title = "ไทย inject"
	a.Plan = &p
	a.Title = "Run 😀"
	a.Notes = append(a.Notes, planner.RunNote{AtHours: 12, Text: "注意"})
	a.Decisions = slices.Clone(a.Decisions)
	a.Decisions[0].Note = "決定"
	u, err := UnprintableAfterAction(a)
	if err != nil {
		t.Fatal(err)
	}
	// A decision's note is found by titles, not ids.
	want := []string{"the run's title", `inject "ไทย inject"`, "the note at T+12h",
		`the note on the decision on response "Suspend negotiations and recall coalitio…" at inject "ไทย inject"`}
	if u == nil || !slices.Equal(u.Places, want) {
		t.Fatalf("Unprintable = %v, want places %q", u, want)
	}
}

func TestUnshownString(t *testing.T) {
	tests := []struct {
		name string
		u    Unshown
		want string
	}{
		{"one character", Unshown{Chars: []rune("中"), Places: []string{`red line "中"`}},
			`the PDF font cannot show 1 character (中) in: red line "中"; it prints as "?"`},
		{"three characters", Unshown{Chars: []rune("中文😀"), Places: []string{`red line "中文"`, `response "😀"`}},
			`the PDF font cannot show 3 characters (中, 文, 😀) in: red line "中文"; response "😀"; they print as "?"`},
		{"invisible characters by code point", Unshown{Chars: []rune("\ufe0f\x1b"), Places: []string{"other text of the report"}},
			`the PDF font cannot show 2 characters (U+FE0F, U+001B) in: other text of the report; they print as "?"`},
		{"many characters and places", Unshown{Chars: []rune("一二三四五六七八九十百千万"), Places: []string{"a", "b", "c", "d", "e", "f", "g"}},
			`the PDF font cannot show 13 characters (一, 二, 三, 四, 五, 六, 七, 八, 九, 十, 百, 千, …) in: a; b; c; d; e; and 2 more; they print as "?"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.u.String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestUnprintableMatchesThePDF: what Unprintable names prints as "?" in the
// PDF, and what it does not name prints as itself.
func TestUnprintableMatchesThePDF(t *testing.T) {
	s := referenceSummary(t)
	s.Plan.RedLines[0].Title = "Київ 中文 Rzeszów"
	u := Unprintable(s)
	if u == nil || string(u.Chars) != "中文" {
		t.Fatalf("Unprintable = %v", u)
	}
	var b bytes.Buffer
	if err := WritePDF(&b, s); err != nil {
		t.Fatal(err)
	}
	text := flat(strings.Join(pdfPages(t, b.Bytes()), " "))
	if !strings.Contains(text, "Київ ?? Rzeszów") {
		t.Errorf("the PDF does not print %q as %q", s.Plan.RedLines[0].Title, "Київ ?? Rzeszów")
	}
}
