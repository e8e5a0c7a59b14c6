package textdiff

import (
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	cases := []struct {
		name, want, got, diff string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line changed", "a\nb\nc\nd\ne\nf\n", "a\nb\nc\nD\ne\nf\n", "@@ line 2 @@\n  b\n  c\n- d\n+ D\n  e\n  f\n"},
		{"line added at the end", "a\n", "a\nb\n", "@@ line 1 @@\n  a\n+ b\n  \n"},
		{"line removed", "a\nb\nc", "a\nc", "@@ line 1 @@\n  a\n- b\n  c\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Lines(c.want, c.got, 50); got != c.diff {
				t.Errorf("diff:\n%s\nwant:\n%s", got, c.diff)
			}
		})
	}
}

func TestLinesIsBounded(t *testing.T) {
	a := strings.Repeat("x\n", 100)
	b := strings.Repeat("y\n", 100)
	if got := Lines(a, b, 10); strings.Count(got, "\n") > 12 || !strings.Contains(got, "more differences") {
		t.Errorf("a long diff is not cut:\n%s", got)
	}
	big := strings.Repeat("line\n", 3000)
	if got := Lines(big+"a", big+"b", 10); !strings.Contains(got, "@@ line 3001 @@\n- a\n+ b") {
		t.Errorf("a large text's difference: %q", got)
	}
}
