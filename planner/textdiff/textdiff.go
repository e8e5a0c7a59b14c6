// Package textdiff shows how two texts differ, line by line, for the
// messages of golden-file tests: a failing golden prints what changed, not
// only that something did.
package textdiff

import (
	"fmt"
	"strings"
)

// maxCells bounds the comparison table; larger texts are compared by their
// first differing line only.
const maxCells = 4 << 20

// Lines returns a unified-style diff of want and got ("-" lines only in
// want, "+" lines only in got), with two lines of context around each
// change and at most maxLines lines in all; "" when they are equal.
func Lines(want, got string, maxLines int) string {
	if want == got {
		return ""
	}
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	if len(a)*len(b) > maxCells {
		return firstDifference(a, b)
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte // ' ', '-', '+'
		text string
		at   int // line number in want (or got, for '+')
	}
	var ops []line
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, line{' ', a[i], i + 1})
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, line{'-', a[i], i + 1})
			i++
		default:
			ops = append(ops, line{'+', b[j], j + 1})
			j++
		}
	}
	const context = 2
	show := make([]bool, len(ops))
	for k, o := range ops {
		if o.op != ' ' {
			for c := max(0, k-context); c <= min(len(ops)-1, k+context); c++ {
				show[c] = true
			}
		}
	}
	var out strings.Builder
	written, last := 0, -2
	for k, o := range ops {
		if !show[k] {
			continue
		}
		if written >= maxLines {
			out.WriteString("… (more differences)\n")
			break
		}
		if k != last+1 {
			fmt.Fprintf(&out, "@@ line %d @@\n", o.at)
		}
		fmt.Fprintf(&out, "%c %s\n", o.op, o.text)
		written++
		last = k
	}
	return out.String()
}

func firstDifference(a, b []string) string {
	for i := 0; i < min(len(a), len(b)); i++ {
		if a[i] != b[i] {
			return fmt.Sprintf("@@ line %d @@\n- %s\n+ %s\n", i+1, a[i], b[i])
		}
	}
	return fmt.Sprintf("the texts agree for %d lines; one has %d lines, the other %d\n", min(len(a), len(b)), len(a), len(b))
}
