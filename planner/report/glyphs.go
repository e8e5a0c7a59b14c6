package report

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"

	"redline/assets"
	"redline/planner"
)

// glyphs marks the runes of the Basic Multilingual Plane that the embedded
// font draws, read from the font's character map (the regular and bold
// faces cover the same runes: Latin, Greek, Cyrillic and common symbols;
// not CJK, Arabic, Hebrew, Thai or emoji). fpdf's width table covers that
// plane only, and a rune without a glyph would print as an empty box.
var glyphs = sync.OnceValue(func() []bool {
	has := make([]bool, 0x10000)
	for r := 0x20; r < 0x7F; r++ {
		has[r] = true
	}
	f, err := sfnt.Parse(assets.NotoSansRegular)
	if err != nil {
		return has // the embedded font is checked by the tests
	}
	var buf sfnt.Buffer
	for r := 0xA0; r < len(has); r++ {
		if g, err := f.GlyphIndex(&buf, rune(r)); err == nil && g != 0 {
			has[r] = true
		}
	}
	return has
})

// glyphFallback spells the symbols reports use that the font lacks.
var glyphFallback = map[rune]string{'≥': ">=", '≤': "<=", '≠': "!=", '→': "->", '←': "<-", '\t': " ", '\r': " "}

// drawn reports whether the PDF shows c as itself (or spelled out, as ≥ is
// >=); any other rune prints as "?".
func drawn(c rune) bool {
	return c == '\n' || (c <= 0xFFFF && glyphs()[c]) || glyphFallback[c] != ""
}

// pdfText makes text safe for the embedded font: runes it cannot draw are
// spelled out or replaced by "?"; line breaks are kept.
func pdfText(s string) string {
	has := glyphs()
	clean := true
	for _, c := range s {
		if c != '\n' && (c > 0xFFFF || !has[c]) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == '\n' || (c <= 0xFFFF && has[c]):
			b.WriteRune(c)
		case glyphFallback[c] != "":
			b.WriteString(glyphFallback[c])
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// pdfLine is pdfText on one line.
func pdfLine(s string) string { return strings.ReplaceAll(pdfText(s), "\n", " ") }

// Unshown is what a PDF report cannot show with its embedded font, which
// prints each such character as "?": the characters, and the parts of the
// plan (or run) that hold them, so that the planner can find and fix them.
type Unshown struct {
	// Chars are the characters, each once, in the order the report meets them.
	Chars []rune
	// Places name what holds them, in the plan's order: `the plan's title`,
	// `red line "Strikes on 東京"`, `inject "…"`.
	Places []string
}

// Shown at most in a message.
const (
	unshownMaxChars  = 12
	unshownMaxPlaces = 5
)

// String says it in one line:
//
//	the PDF font cannot show 3 characters (中, 文, 😀) in: red line "東京"; they print as "?"
//
// Characters that have no visible form of their own (a variation selector,
// a control character) are named by code point: U+FE0F.
func (u *Unshown) String() string {
	var b strings.Builder
	if len(u.Chars) == 1 {
		b.WriteString("the PDF font cannot show 1 character (")
	} else {
		fmt.Fprintf(&b, "the PDF font cannot show %s characters (", planner.Thousands(len(u.Chars)))
	}
	for i, c := range u.Chars {
		if i == unshownMaxChars {
			b.WriteString(", …")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(charName(c))
	}
	b.WriteString(") in: ")
	for i, p := range u.Places {
		if i == unshownMaxPlaces {
			fmt.Fprintf(&b, "; and %s more", planner.Thousands(len(u.Places)-i))
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p)
	}
	if len(u.Chars) == 1 {
		b.WriteString(`; it prints as "?"`)
	} else {
		b.WriteString(`; they print as "?"`)
	}
	return b.String()
}

// charName is the character itself when it has a form of its own, else its
// code point.
func charName(c rune) string {
	if unicode.In(c, unicode.L, unicode.N, unicode.P, unicode.S) {
		return string(c)
	}
	return fmt.Sprintf("U+%04X", c)
}

// Unprintable says what the PDF summary of s (WritePDF, Export "pdf")
// cannot show, or nil when it shows everything. The app and redlinectl
// warn with it after writing the PDF; the PDF itself is still written.
func Unprintable(s Summary) *Unshown {
	p := s.Plan
	if p == nil {
		p = &planner.Plan{}
	}
	return unshown(s.document(), planPlaces(p, s.Profile, false))
}

// UnprintableAfterAction says what the after-action report of a
// (WriteAfterActionPDF) cannot show, or nil when it shows everything. Its
// error is that of WriteAfterActionPDF on the same run.
func UnprintableAfterAction(a AfterAction) (*Unshown, error) {
	d, err := a.document()
	if err != nil {
		return nil, err
	}
	p := a.Plan
	if p == nil {
		p = &planner.Plan{}
	}
	places := []place{{"the run's title", a.Title}}
	places = append(places, planPlaces(p, a.Profile, true)...)
	for _, n := range a.Notes {
		places = append(places, place{"the note at " + hoursMark(n.AtHours), n.Text})
	}
	// A decision is found by its response and inject, named as the
	// other places are.
	responses, injects := map[string]string{}, map[string]string{}
	for i := len(p.Responses) - 1; i >= 0; i-- {
		responses[p.Responses[i].ID] = p.Responses[i].Title
	}
	for i := len(p.Injects) - 1; i >= 0; i-- {
		injects[p.Injects[i].ID] = p.Injects[i].Title
	}
	for _, dc := range a.Decisions {
		places = append(places, place{"the note on the decision on response " + named(responses[dc.Response], dc.Response) +
			" at inject " + named(injects[dc.Inject], dc.Inject), dc.Note})
	}
	return unshown(d, places), nil
}

// place is a text of the plan or run, with how a person finds it.
type place struct{ name, text string }

// planPlaces lists the texts of a plan that a report prints, with their
// names: the summary prints the notes on red lines and terms, assumptions
// and the plan's sources, the after-action report the injects' titles.
func planPlaces(p *planner.Plan, prof *planner.Profile, afterAction bool) []place {
	out := []place{{"the plan's title", p.Title}, {"the classification", p.Classification}}
	if prof != nil {
		out = append(out, place{"the title of profile " + prof.ID, prof.Title})
	}
	for _, a := range p.Actors {
		out = append(out, place{"actor " + a.Code, a.Name})
	}
	for _, ind := range p.Indicators {
		out = append(out, place{"indicator " + ind.Key, ind.Name + "\n" + ind.Unit})
	}
	for _, r := range p.RedLines {
		text := r.Title
		if !afterAction {
			text += "\n" + r.Notes + "\n" + r.Assumption
		}
		out = append(out, place{"red line " + named(r.Title, r.ID), text})
	}
	for _, r := range p.Responses {
		text := r.Title
		if !afterAction {
			text += "\n" + r.Assumption
		}
		out = append(out, place{"response " + named(r.Title, r.ID), text})
	}
	if afterAction {
		for _, in := range p.Injects {
			out = append(out, place{"inject " + named(in.Title, in.ID), in.Title})
		}
		return out
	}
	// The summary also prints the assumptions and the plan's sources.
	for _, k := range p.Contributions {
		out = append(out, place{"the assumption of contribution " + k.ID, k.Assumption})
	}
	for _, l := range p.Links {
		out = append(out, place{"the assumption of link " + l.RedLine + " → " + l.Response, l.Assumption})
	}
	for _, t := range p.Terms {
		out = append(out, place{"the notes on term " + t.ID, t.Notes + "\n" + t.Assumption})
	}
	for _, src := range p.Sources {
		out = append(out, place{"source " + named(src.Title, src.ID), src.Title + "\n" + src.Publisher + "\n" + src.Date + "\n" + src.URL})
	}
	return out
}

// named is a title in quotes, cut to 40 characters, or the id when there
// is no title.
func named(title, id string) string {
	if title == "" {
		return id
	}
	if r := []rune(title); len(r) > 40 {
		title = string(r[:40]) + "…"
	}
	return strconv.Quote(title)
}

// unshown collects the characters of d that the font cannot show, and the
// places that hold them; text of the report that is in none of the places
// (such as a finding's words) is "other text".
func unshown(d *document, places []place) *Unshown {
	u := &Unshown{}
	seen := map[rune]bool{}
	d.eachText(func(s string) {
		for _, c := range s {
			if !drawn(c) && !seen[c] {
				seen[c] = true
				u.Chars = append(u.Chars, c)
			}
		}
	})
	if len(u.Chars) == 0 {
		return nil
	}
	placed := map[rune]bool{}
	for _, p := range places {
		found := false
		for _, c := range p.text {
			if seen[c] {
				found = true
				placed[c] = true
			}
		}
		if found {
			u.Places = append(u.Places, strings.Map(unbroken, p.name))
		}
	}
	if len(placed) < len(u.Chars) {
		u.Places = append(u.Places, "other text of the report")
	}
	return u
}

// unbroken keeps a place's name on one line.
func unbroken(r rune) rune {
	if r == '\n' || r == '\r' {
		return ' '
	}
	return r
}
