package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/diff"
	"redline/seeds"
	"redline/storage"
)

// planCompare is the library's Compare: what changed from the selected
// plan to another one, in words (package diff), as the History tab says
// it between two revisions.
type planCompare struct {
	l       *library
	base    storage.PlanSummary
	others  []storage.PlanSummary
	with    *widget.Select
	heading *widget.Label
	changes []string
	list    *widget.List
}

// onCompare asks which plan to compare the selected one with and shows
// the differences.
func (l *library) onCompare() {
	c := &planCompare{l: l}
	for _, p := range l.all {
		if p.ID == l.selected {
			c.base = p
		} else {
			c.others = append(c.others, p)
		}
	}
	if c.base.ID == "" || len(c.others) == 0 {
		return
	}
	// Two plans may share a title: each choice reads differently.
	var titles []string
	seen := map[string]int{}
	for _, p := range c.others {
		title := p.Title
		if seen[p.Title]++; seen[p.Title] > 1 {
			title = fmt.Sprintf("%s (%d)", p.Title, seen[p.Title])
		}
		titles = append(titles, title)
	}
	c.heading = wrappedLabel("")
	c.heading.TextStyle.Bold = true
	c.list = widget.NewList(func() int { return len(c.changes) },
		func() fyne.CanvasObject { return wrappedLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(c.changes[i])
			c.list.SetItemHeight(i, o.MinSize().Height)
		})
	c.with = widget.NewSelect(titles, func(string) { c.compare() })
	form := widget.NewForm(widget.NewFormItem("Compare “"+c.base.Title+"” with", c.with))
	body := container.NewBorder(container.NewVBox(form, c.heading), nil, nil, nil, c.list)
	l.compareShown = c
	l.ui.question("Compare plans", container.NewGridWrap(fyne.NewSize(760, 420), body), 0,
		[]answer{{label: "Close"}}, 0, 0, false)
	c.with.SetSelectedIndex(0)
}

// compare loads both plans and lists what changed from the selected plan
// to the other one.
func (c *planCompare) compare() {
	i := c.with.SelectedIndex()
	if i < 0 {
		return
	}
	other := c.others[i]
	var a, b *planner.Plan
	u := c.l.ui
	st := u.store
	u.inBackground("Comparing plans…", func() (err error) {
		ctx := context.Background()
		if a, _, err = st.LoadPlan(ctx, c.base.ID); err != nil {
			return err
		}
		b, _, err = st.LoadPlan(ctx, other.ID)
		return err
	}, func(err error) {
		if c.with.SelectedIndex() != i {
			return // another plan was chosen meanwhile
		}
		c.changes = c.changes[:0]
		if err != nil {
			c.heading.SetText(err.Error())
			c.list.Refresh()
			return
		}
		changes := diff.Plans(a, b, diff.Options{Catalog: u.cat, Cite: seeds.Citer(b)})
		c.heading.SetText(fmt.Sprintf("From “%s” to “%s”: %s.", c.base.Title, other.Title, diff.Count(changes)))
		for _, ch := range changes {
			c.changes = append(c.changes, ch.String()+".")
		}
		c.list.Refresh()
	})
}
