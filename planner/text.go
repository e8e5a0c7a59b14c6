package planner

import "fmt"

// IsControl reports whether r is a control character: C0 (U+0000–U+001F,
// tab and line breaks included), DEL (U+007F) or C1 (U+0080–U+009F), the
// characters Unicode classes as Cc. A terminal acts on them instead of
// showing them (ESC starts a sequence that moves the cursor or retitles the
// window), and a workbook cell cannot hold most of them. This is the one
// definition Redline uses: the loader refuses them in one-line fields, the
// command line shows them escaped, the workbook writer refuses those other
// than tab and line breaks.
func IsControl(r rune) bool {
	return r < 0x20 || r >= 0x7F && r <= 0x9F
}

// controlNames are the usual names of the control characters people meet.
var controlNames = map[rune]string{
	0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x09: "tab", 0x0A: "line feed",
	0x0B: "vertical tab", 0x0C: "form feed", 0x0D: "carriage return", 0x1B: "ESC", 0x7F: "DEL",
}

// LineProblem says why s cannot be a one-line field (a title, a name, a
// unit): it holds a control character, a tab or line break included. It
// returns "" when s is fine. The loader refuses such text; a form can say
// the same beside the field.
func LineProblem(s string) string {
	n := 0
	for _, r := range s {
		n++
		if !IsControl(r) {
			continue
		}
		what := fmt.Sprintf("U+%04X", r)
		if name, ok := controlNames[r]; ok {
			what += " (" + name + ")"
		}
		return fmt.Sprintf("character %d is the control character %s; this field is one line of text without control characters, so remove it", n, what)
	}
	return ""
}
