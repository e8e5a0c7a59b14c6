package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A short check list shows all its options; only a long one scrolls, at a
// height of pickerRows rows.
func TestPickerBoxGrowsWithItsOptionsUpToACap(t *testing.T) {
	test.NewTempApp(t)
	options := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("Option %d", i+1)
		}
		return out
	}
	short := widget.NewCheckGroup(options(6), nil)
	if got, want := pickerBox(short).MinSize().Height, short.MinSize().Height; got < want {
		t.Errorf("a list of 6 is cut to %v of its %v", got, want)
	}
	long := widget.NewCheckGroup(options(200), nil)
	box := pickerBox(long).MinSize().Height
	if box >= long.MinSize().Height || box < short.MinSize().Height {
		t.Errorf("a list of 200 takes %v (its content %v); want a scrolling box taller than 6 rows", box, long.MinSize().Height)
	}
}
