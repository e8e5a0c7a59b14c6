package main

import (
	"fmt"
	"strings"

	"redline/planner"
)

// termText makes text from a plan or the store safe to print on a terminal:
// each control character (planner.IsControl: C0 with tab and line breaks,
// DEL, C1) is shown escaped as Go writes it — \x1b, \t, \n, \u009b — so that
// a title cannot move the cursor, retitle the window, erase the screen or
// forge a line of output. Everything else is printed as it is. Every piece
// of plan text in redlinectl's text output goes through it; JSON output is
// escaped by its encoder.
func termText(s string) string {
	if !strings.ContainsFunc(s, planner.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !planner.IsControl(r):
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// termLines is termText for a message of several lines: its line breaks are
// kept, every other control character is escaped.
func termLines(s string) string {
	if !strings.ContainsFunc(s, planner.IsControl) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = termText(l)
	}
	return strings.Join(lines, "\n")
}

// termList is termText over a list, joined with sep.
func termList(items []string, sep string) string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = termText(s)
	}
	return strings.Join(out, sep)
}
