package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/storage"
)

// exerciseScreen is the Exercise tab: the plan's saved tabletop runs, and
// the run under way when one is open.
type exerciseScreen struct {
	ed *editor
	u  *UI

	runs     []storage.Run
	list     *widget.List
	selected int
	start    *widget.Button
	open     *widget.Button
	compare  *widget.Button
	remove   *widget.Button
	status   *widget.Label
	empty    *widget.Label
	// problems lists the references to fix before the plan can be run, one
	// button each that opens the entity.
	problems *fyne.Container
	listPage fyne.CanvasObject

	run     *runView
	content *fyne.Container
}

func newExerciseScreen(e *editor) *exerciseScreen {
	s := &exerciseScreen{ed: e, u: e.ui, selected: -1}
	s.list = widget.NewList(
		func() int { return len(s.runs) },
		newTaggedRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := &s.runs[i]
			setTaggedRow(o, r.Title, fmt.Sprintf("%s played · revision %d · saved %s",
				plural(r.Position, "inject", "injects"), r.PlanRevision, r.UpdatedAt.Local().Format("2 Jan 15:04")))
		},
	)
	s.list.OnSelected = func(i widget.ListItemID) { s.selected = i; s.showButtons() }
	s.list.OnUnselected = func(widget.ListItemID) { s.selected = -1; s.showButtons() }

	s.start = widget.NewButtonWithIcon("Start a run", theme.MediaPlayIcon(), s.onStart)
	s.start.Importance = widget.HighImportance
	s.open = widget.NewButtonWithIcon("Open", theme.FolderOpenIcon(), s.onOpen)
	s.compare = widget.NewButtonWithIcon("Compare…", theme.ListIcon(), s.onCompare)
	s.remove = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), s.onDelete)
	s.status = wrappedLabel("")
	s.status.Hide()
	s.problems = container.NewVBox()
	s.empty = widget.NewLabel("No saved runs of this plan yet.")
	s.empty.Importance = widget.LowImportance

	intro := wrappedLabel("A run plays the plan's injects in order against the saved plan. " +
		"Step through them with the room, record the coalition's decisions and notes, " +
		"and export the after-action report. Runs are saved as you go.")
	top := container.NewVBox(intro, container.NewHBox(s.start), s.status, s.problems,
		widget.NewLabelWithStyle("Saved runs", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.empty)
	buttons := container.NewHBox(s.open, s.compare, s.remove)
	s.listPage = container.NewPadded(container.NewBorder(top, buttons, nil, nil, s.list))
	s.content = container.NewStack(s.listPage)
	s.refresh()
	return s
}

// refresh reloads the plan's runs from the store.
func (s *exerciseScreen) refresh() {
	s.runs = nil
	if id := s.ed.model.Plan().ID; id != "" && s.ed.model.Base() > 0 {
		runs, err := s.u.store.ListRuns(context.Background(), id)
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			s.say(err.Error())
		}
		s.runs = runs
	}
	s.list.UnselectAll()
	s.selected = -1
	s.list.Refresh()
	if len(s.runs) == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	s.showButtons()
}

func (s *exerciseScreen) showButtons() {
	for _, b := range []*widget.Button{s.open, s.remove} {
		if s.selected >= 0 {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if s.selected >= 0 && len(s.runs) > 1 {
		s.compare.Enable()
	} else {
		s.compare.Disable()
	}
}

// say shows a message above the runs; "" hides it.
func (s *exerciseScreen) say(msg string) { showError(s.status, msg) }

// runnable returns the plan a new run plays, or says why there is none.
func (s *exerciseScreen) runnable() (*planner.Plan, *planner.Exercise, bool) {
	m := s.ed.model
	s.problems.RemoveAll()
	if m.Base() == 0 || m.Dirty() {
		s.say("Save the plan first: a run plays a saved revision, so that its report can say which.")
		return nil, nil, false
	}
	p := snapshot(m.Plan())
	ex, err := planner.NewExercise(p, s.u.cat.ForPlan(p))
	var refs *planner.ReferenceError
	if errors.As(err, &refs) {
		s.say(fmt.Sprintf("This plan cannot be run: %s. Fix %s first.",
			plural(len(refs.Findings), "reference does not resolve", "references do not resolve"),
			pronounFor(len(refs.Findings))))
		for _, f := range refs.Findings {
			b := widget.NewButtonWithIcon(f.Subject+": "+f.Message, theme.ErrorIcon(), func() { s.ed.showFinding(f) })
			b.Alignment = widget.ButtonAlignLeading
			b.Importance = widget.LowImportance
			s.problems.Add(b)
		}
		return nil, nil, false
	}
	if err != nil {
		s.say(err.Error())
		return nil, nil, false
	}
	if ex.Len() == 0 {
		s.say("The plan has no injects yet: script them in the Injects tab first.")
		return nil, nil, false
	}
	s.say("")
	return p, ex, true
}

func pronounFor(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// onStart starts a new run of the saved plan and opens it.
func (s *exerciseScreen) onStart() {
	if s.ed.readOnly {
		s.say("This workspace is read-only for you: its runs can be opened and followed, not started.")
		return
	}
	p, ex, ok := s.runnable()
	if !ok {
		return
	}
	now := s.u.now()
	rec := storage.Run{
		PlanID: p.ID, PlanRevision: s.ed.model.Base(),
		Title: fmt.Sprintf("Run %d — %s", len(s.runs)+1, now.Format("2 Jan 2006, 15:04")), StartedAt: now.UTC(),
	}
	if err := s.u.store.SaveRun(context.Background(), &rec); err != nil {
		s.u.ask.Error(err)
		return
	}
	r := newRunView(s, rec, p, ex)
	s.show(r)
	s.takeWheel(r)
}

// onOpen reopens the selected run where it stopped, on the revision of the
// plan it plays.
func (s *exerciseScreen) onOpen() {
	if s.selected < 0 {
		return
	}
	rec, err := s.u.store.LoadRun(context.Background(), s.runs[s.selected].ID)
	if err != nil {
		s.u.ask.Error(err)
		return
	}
	p, err := s.planOf(rec)
	if err != nil {
		s.u.ask.Error(err)
		return
	}
	// The engine takes the decisions on record, so that the run plays on
	// as the room left it.
	ex, err := planner.NewExerciseWith(p, s.u.cat.ForPlan(p), planner.ExerciseOptions{Decisions: rec.Decisions})
	if err != nil {
		s.u.ask.Error(err)
		return
	}
	s.say("")
	r := newRunView(s, *rec, p, ex)
	s.show(r)
	s.takeWheel(r)
}

// planOf loads the plan revision a run plays: the open plan when it is that
// revision, unchanged; otherwise the stored revision.
func (s *exerciseScreen) planOf(rec *storage.Run) (*planner.Plan, error) {
	m := s.ed.model
	if rec.PlanRevision == m.Base() && !m.Dirty() {
		return snapshot(m.Plan()), nil
	}
	p, err := s.u.store.LoadRevision(context.Background(), rec.PlanID, rec.PlanRevision)
	if err != nil {
		return nil, fmt.Errorf("run %q plays revision %d of the plan, which cannot be loaded: %w", rec.Title, rec.PlanRevision, err)
	}
	return p, nil
}

func (s *exerciseScreen) onDelete() {
	if s.selected < 0 {
		return
	}
	r := s.runs[s.selected]
	s.u.ask.Confirm("Delete run?",
		fmt.Sprintf("Delete “%s” with its decisions and notes? This cannot be undone.", r.Title), func() {
			if err := s.u.store.DeleteRun(context.Background(), r.ID); err != nil {
				s.u.ask.Error(err)
			}
			s.refresh()
		})
}

// show puts a run on screen in place of the list.
func (s *exerciseScreen) show(r *runView) {
	s.run = r
	s.content.Objects = []fyne.CanvasObject{r.content}
	s.content.Refresh()
	r.u.syncMenu() // the room view can be opened now
}

// closeRun saves the open run and goes back to the list of runs.
func (s *exerciseScreen) closeRun() {
	if s.run == nil {
		return
	}
	u := s.run.u
	s.run.close()
	s.run = nil
	s.content.Objects = []fyne.CanvasObject{s.listPage}
	s.content.Refresh()
	s.refresh()
	u.syncMenu()
}

// onCompare asks for a second run of the plan and shows where the two
// differ.
func (s *exerciseScreen) onCompare() {
	if s.selected < 0 || len(s.runs) < 2 {
		return
	}
	a := s.runs[s.selected]
	var others []string
	var ids []string
	for _, r := range s.runs {
		if r.ID != a.ID {
			others = append(others, r.Title+" ("+r.UpdatedAt.Local().Format("2 Jan 15:04")+")")
			ids = append(ids, r.ID)
		}
	}
	pick := widget.NewSelect(others, nil)
	pick.SetSelectedIndex(0)
	form := dialog.NewForm("Compare “"+a.Title+"”", "Compare", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("with", pick)},
		func(ok bool) {
			if ok && pick.SelectedIndex() >= 0 {
				s.showComparison(a.ID, ids[pick.SelectedIndex()])
			}
		}, s.u.win)
	form.Resize(fyne.NewSize(640, 0))
	form.Show()
}

// showComparison shows two runs' decisions side by side.
func (s *exerciseScreen) showComparison(aID, bID string) {
	ctx := context.Background()
	a, err := s.u.store.LoadRun(ctx, aID)
	if err != nil {
		s.u.ask.Error(err)
		return
	}
	b, err := s.u.store.LoadRun(ctx, bID)
	if err != nil {
		s.u.ask.Error(err)
		return
	}
	c := compareRuns(a, b, s.ed.model.Plan())
	rows := c.rows
	table := widget.NewTable(
		func() (int, int) { return len(rows) + 1, 4 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.TextStyle = fyne.TextStyle{Bold: id.Row == 0}
			l.Importance = widget.MediumImportance
			if id.Row == 0 {
				l.SetText([]string{"Inject", "Decision item", a.Title, b.Title}[id.Col])
				return
			}
			r := rows[id.Row-1]
			if r.differs && id.Col >= 2 {
				l.Importance = widget.WarningImportance
			}
			l.SetText([]string{r.inject, r.item, r.a, r.b}[id.Col])
		},
	)
	for col, w := range []float32{190, 390, 170, 170} {
		table.SetColumnWidth(col, w)
	}
	head := wrappedLabel(c.summary)
	d := dialog.NewCustom("Compare runs", "Close", container.NewBorder(head, nil, nil, nil, table), s.u.win)
	d.Resize(fyne.NewSize(980, 520))
	d.Show()
}

// runComparison is what two runs of a plan did differently.
type runComparison struct {
	summary string
	rows    []comparisonRow
}

type comparisonRow struct {
	inject, item string
	a, b         string
	differs      bool
}

// compareRuns lines up two runs' decisions by inject, in the order the
// exercise plays them (planner.PlayOrder), then red line and response, and
// counts where they differ.
func compareRuns(a, b *storage.Run, p *planner.Plan) runComparison {
	type key struct{ inject, redLine, response string }
	choices := map[key][2]*storage.Decision{}
	var keys []key
	for side, r := range []*storage.Run{a, b} {
		for i := range r.Decisions {
			d := &r.Decisions[i]
			k := key{d.Inject, d.RedLine, d.Response}
			c, seen := choices[k]
			if !seen {
				keys = append(keys, k)
			}
			c[side] = d
			choices[k] = c
		}
	}
	injectAt := map[string]int{} // an inject's place in play order
	injectTitle := map[string]string{}
	for at, i := range planner.PlayOrder(p.Injects) {
		in := &p.Injects[i]
		if _, dup := injectAt[in.ID]; !dup {
			injectAt[in.ID] = at
			injectTitle[in.ID] = planner.Clock(in.AtHours) + " " + in.Title
		}
	}
	// Red lines and responses by title, or by id when the plan has none.
	titles := map[string]string{}
	for _, k := range keys {
		titles[k.redLine], titles[k.response] = k.redLine, k.response
	}
	for i := len(p.RedLines) - 1; i >= 0; i-- {
		if _, ok := titles[p.RedLines[i].ID]; ok {
			titles[p.RedLines[i].ID] = p.RedLines[i].Title
		}
	}
	for i := len(p.Responses) - 1; i >= 0; i-- {
		if _, ok := titles[p.Responses[i].ID]; ok {
			titles[p.Responses[i].ID] = p.Responses[i].Title
		}
	}
	slices.SortStableFunc(keys, func(x, y key) int {
		xi, xok := injectAt[x.inject]
		yi, yok := injectAt[y.inject]
		switch {
		case xok && yok && xi != yi:
			return xi - yi
		case xok != yok:
			if xok {
				return -1
			}
			return 1
		}
		return strings.Compare(x.redLine+"\x00"+x.response, y.redLine+"\x00"+y.response)
	})
	choice := func(d *storage.Decision) string {
		if d == nil {
			return "not decided"
		}
		text := planner.ChoiceLabel(d.Choice)
		if d.Note != "" {
			text += " — " + d.Note
		}
		return text
	}
	var out runComparison
	differ := 0
	for _, k := range keys {
		c := choices[k]
		row := comparisonRow{inject: injectTitle[k.inject], item: titles[k.redLine] + " → " + titles[k.response], a: choice(c[0]), b: choice(c[1])}
		if row.inject == "" {
			row.inject = k.inject
		}
		row.differs = c[0] == nil || c[1] == nil || c[0].Choice != c[1].Choice
		if row.differs {
			differ++
		}
		out.rows = append(out.rows, row)
	}
	verb := "differ"
	if differ == 1 {
		verb = "differs"
	}
	out.summary = fmt.Sprintf("“%s” reached inject %d with %s; “%s” reached inject %d with %s. %s %s.",
		a.Title, a.Position, plural(len(a.Notes), "note", "notes"),
		b.Title, b.Position, plural(len(b.Notes), "note", "notes"),
		plural(differ, "decision", "decisions"), verb)
	if len(keys) == 0 {
		out.summary += " Neither run has recorded a decision yet."
	}
	return out
}
