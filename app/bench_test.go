package app

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"redline/planner"
	"redline/storage"
)

// BenchmarkEditLargePlanUI types one character into a contribution's
// personnel on the Forces tab of the large generated plan (1,000 red lines,
// 2,000 responses, 5,000 contributions, 10,000 links and injects), as a
// keystroke reaches the field, and every screen of the editor follows the
// edit: the undo step, the Overview's figures, the Forces totals and list,
// the window title. The checker is handed to the background launcher, which
// here keeps it: what is measured is the UI goroutine's share of a
// keystroke, which must stay within a frame (16 ms).
func BenchmarkEditLargePlanUI(b *testing.B) {
	a := test.NewTempApp(b)
	st, err := storage.Open(filepath.Join(b.TempDir(), "redline.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	w := test.NewTempWindow(b, nil)
	u := New(a, w, st)
	u.ask, u.CheckDelay, u.AutosaveDelay = &fakeAsker{}, 0, 0
	checks := 0
	u.background = func(func()) { checks++ }
	w.SetContent(u.Content())
	w.Resize(fyne.NewSize(1400, 900))

	u.showEditor(planner.Generate(planner.LargePlan), 1)
	e := u.editor
	e.tabs.Select(e.forcesTab)
	s := e.forces
	s.selectIndex(len(s.items()) / 2)
	w.Canvas().Focus(s.personnel)
	s.personnel.CursorColumn = len(s.personnel.Text)
	before := s.items()[s.selected].Personnel
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			s.personnel.TypedRune('5')
		} else {
			s.personnel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
		}
	}
	b.StopTimer()
	if got := s.items()[s.selected].Personnel; got != before && got != before*10+5 || checks == 0 || s.personnelErr.Visible() {
		b.Fatalf("personnel %d (was %d), %d checks, error %q", got, before, checks, s.personnelErr.Text)
	}
}
