package report

import (
	"strings"
	"sync"

	"golang.org/x/image/font/sfnt"

	"redline/assets"
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
