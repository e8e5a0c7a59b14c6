package planner

import (
	"strings"
	"testing"
	"unicode"
)

func TestIsControlIsUnicodeCc(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := IsControl(r), unicode.Is(unicode.Cc, r); got != want {
			t.Fatalf("IsControl(%U) = %v, want %v", r, got, want)
		}
	}
}

func TestLineProblem(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // part of the problem; "" for none
	}{
		{"plain text", "Strikes on Київ — 東京", ""},
		{"empty", "", ""},
		{"no-break and zero-width spaces", "a\u00a0b\u200bc", ""},
		{"ESC after four characters", "Київ\x1b[2J", "character 5 is the control character U+001B (ESC)"},
		{"a tab", "a\tb", "U+0009 (tab)"},
		{"a C1 control without a name", "\u0085", "U+0085;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LineProblem(tt.in)
			if (got == "") != (tt.want == "") || !strings.Contains(got, tt.want) {
				t.Errorf("LineProblem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
