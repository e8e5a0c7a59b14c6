package app

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
)

// entityForm is what the screens that edit one kind of entity (red lines,
// responses, contributions, terms, injects) share: a list of the plan's
// entities of that kind, a form for the selected one with its id, the
// checker's findings about it, Add and Delete. It reads the plan and changes
// it only through the session's operations over its edit.List.
type entityForm[T any] struct {
	m    *planModel
	kind edit.List[T]

	list *widget.List
	// selected is the selected entity's index in the plan's list, -1 for
	// none; selID its id, to find it again after undo moved it.
	selected int
	selID    string
	// listRow is the row the list has selected, -1 for none.
	listRow int
	// loading is true while the form is filled from the plan: its
	// callbacks must not write back then. quiet is true while the list's
	// selection is moved to follow the selected entity, which must not
	// reload the form. editing is true while the form stores an edit of
	// its own, whose one row it redraws itself.
	loading, quiet, editing bool

	form     *fyne.Container
	hint     *widget.Label
	scroll   *container.Scroll
	findings *widget.Label
	add      *widget.Button
	remove   *widget.Button
	id       *widget.Entry
	idErr    *widget.Label
	// fields are the form's inputs that can refuse what is typed.
	fields []*formField
	// none is what the findings label says when the checker says nothing.
	none string

	// fill shows the selected entity in the screen's own widgets; clear
	// empties them when nothing is selected (nil: nothing to do).
	fill  func(v *T)
	clear func()
	// rowFor and entityAt map entity indices to list rows and back, for a
	// list in another order than the plan's (injects in play order); nil
	// is the plan's order.
	rowFor, entityAt func(int) int
	// edited replaces followEdits's own work for a screen that keeps more
	// in step with the plan (nil: none).
	edited func()
	// extraFields are fields the form builds per entity (an inject's
	// readings).
	extraFields func() []*formField

	// provOf is where an entity keeps its provenance, and prov the form's
	// sources and assumption (provenance); nil for a kind without.
	provOf func(*T) *planner.Provenance
	prov   *provenanceEditor
	// unsourced, when set, narrows the list to the entities that cite no
	// source (filterUnsourced); shown are their indices then, in list
	// order, nil while it is off.
	unsourced *widget.Check
	shown     []int
}

// init sets the form up over kind: the id field, the findings label, the
// Add and Delete buttons, and the listeners that keep it current.
func (f *entityForm[T]) init(m *planModel, kind edit.List[T], none string, onAdd, onDelete func()) {
	f.m, f.kind, f.none, f.selected, f.listRow = m, kind, none, -1, -1
	f.id = widget.NewEntry()
	f.idErr = errorLabel()
	f.fields = append(f.fields, f.field("ID", f.id, f.idErr, f.rename))
	f.findings = wrappedLabel("")
	f.add = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), onAdd)
	f.remove = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), onDelete)
	m.OnChecked(f.showFindings)
	m.OnChange(f.followEdits)
}

// newList is the list of the kind's entities, each row drawn by show; a
// kind with provenance marks the rows that are assumed or cite nothing.
func (f *entityForm[T]) newList(create func() fyne.CanvasObject, show func(v *T, o fyne.CanvasObject)) *widget.List {
	f.list = widget.NewList(
		func() int {
			if f.shown != nil {
				return len(f.shown)
			}
			return len(f.items())
		},
		create,
		func(row widget.ListItemID, o fyne.CanvasObject) {
			items := f.items()
			if i := f.index(row); i >= 0 && i < len(items) {
				show(&items[i], o)
				if f.provOf != nil {
					setRowMark(o, *f.provOf(&items[i]))
				}
			}
		},
	)
	f.list.OnSelected = func(row widget.ListItemID) {
		f.listRow = row
		if !f.quiet {
			f.choose(f.index(row))
		}
	}
	f.list.OnUnselected = func(row widget.ListItemID) {
		if f.listRow == row {
			f.listRow = -1
			if !f.quiet {
				f.choose(-1)
			}
		}
	}
	return f.list
}

// layout puts the list with its buttons beside the form, which scrolls,
// and returns the split; hint shows in the form's place while nothing is
// selected.
func (f *entityForm[T]) layout(buttons fyne.CanvasObject, offset float64, hint string, items ...*widget.FormItem) *container.Split {
	if f.prov != nil {
		items = append(slices.Clip(items), f.prov.formItems()...)
	}
	f.form = container.NewVBox(widget.NewForm(items...), f.findings)
	f.hint = wrappedLabel(hint)
	f.scroll = container.NewVScroll(container.NewStack(f.form, f.hint))
	var top fyne.CanvasObject
	if f.unsourced != nil {
		top = f.unsourced
	}
	left := container.NewBorder(top, buttons, nil, nil, f.list)
	split := container.NewHSplit(left, f.scroll)
	split.Offset = offset
	return split
}

// buttons is the row of Add and Delete under the list.
func (f *entityForm[T]) buttons() fyne.CanvasObject { return container.NewHBox(f.add, f.remove) }

func (f *entityForm[T]) items() []T { return *f.kind.Of(f.m.Plan()) }

// row is the list row of entity i; -1 when the filter hides it.
func (f *entityForm[T]) row(i int) int {
	switch {
	case f.shown != nil:
		return slices.Index(f.shown, i)
	case f.rowFor == nil:
		return i
	}
	return f.rowFor(i)
}

func (f *entityForm[T]) index(row int) int {
	switch {
	case f.shown != nil:
		if row < 0 || row >= len(f.shown) {
			return -1
		}
		return f.shown[row]
	case f.entityAt == nil:
		return row
	}
	return f.entityAt(row)
}

// refreshRow redraws the row of entity i, if the list shows it.
func (f *entityForm[T]) refreshRow(i int) {
	if i < 0 {
		return
	}
	if row := f.row(i); row >= 0 {
		f.list.RefreshItem(row)
	}
}

// current is the selected entity, if any.
func (f *entityForm[T]) current() (*T, bool) {
	items := f.items()
	if f.selected < 0 || f.selected >= len(items) {
		return nil, false
	}
	return &items[f.selected], true
}

// setSelected makes entity i the selected one (-1: none) without showing it.
func (f *entityForm[T]) setSelected(i int) {
	f.selected, f.selID = -1, ""
	if items := f.items(); i >= 0 && i < len(items) {
		f.selected, f.selID = i, f.kind.ID(&items[i])
	}
}

// choose shows entity i in the form (-1: none), as selecting its row does.
func (f *entityForm[T]) choose(i int) {
	f.setSelected(i)
	f.load()
}

// selectIndex selects entity i, in the list too, and brings its row into
// view.
func (f *entityForm[T]) selectIndex(i int) {
	f.choose(i)
	if f.shown != nil && f.selected >= 0 && f.row(f.selected) < 0 {
		// An entity the filter hides was asked for (a finding, a
		// source's citations): it shows while it is selected.
		f.filter()
		f.list.Refresh()
	}
	f.followSelection()
	if f.selected >= 0 {
		if row := f.row(f.selected); row >= 0 {
			f.list.ScrollTo(row)
		}
	}
}

// selectID selects the entity with that id and reports whether there is
// one, so that a finding about something else can go elsewhere.
func (f *entityForm[T]) selectID(id string) bool {
	i := edit.Index(f.m.Session, f.kind, id)
	if i < 0 {
		return false
	}
	f.selectIndex(i)
	return true
}

// has reports whether the plan has an entity of the kind with that id.
func (f *entityForm[T]) has(id string) bool { return edit.Index(f.m.Session, f.kind, id) >= 0 }

// followSelection moves the list's selection to the selected entity's row
// without reloading the form.
func (f *entityForm[T]) followSelection() {
	f.quiet = true
	defer func() { f.quiet = false }()
	row := -1
	if f.selected >= 0 {
		row = f.row(f.selected)
	}
	if row < 0 {
		f.list.UnselectAll()
		return
	}
	f.list.Select(row)
}

// refresh redraws the list and the form from the plan: after undo or redo
// replaced it, after a save fixed the ids of new entities, after an edit
// elsewhere. The selected entity is found again by id, since undo may have
// moved it or taken it away.
func (f *entityForm[T]) refresh() {
	i := f.selected
	if f.moved() {
		i = edit.Index(f.m.Session, f.kind, f.selID)
	}
	f.setSelected(i)
	f.filter()
	f.list.Refresh()
	f.followSelection()
	f.load()
}

// followEdits keeps the list current after an edit of the kind's list,
// wherever it was made; when the selected entity is no longer where it was,
// the form follows it, and when the plan was replaced (undo, redo) the form
// shows the restored values.
func (f *entityForm[T]) followEdits() {
	if !f.m.Touched().Has(f.kind.Part()) || f.loading {
		return
	}
	if f.unsourced != nil {
		f.filter()
		if f.shown != nil && !f.editing {
			f.list.Refresh()
		}
	}
	if f.edited != nil {
		f.edited()
		return
	}
	if f.editing {
		return // the form's own edit, which redraws its row
	}
	if f.m.Touched() == edit.PartAll || f.moved() {
		f.refresh()
		return
	}
	f.list.Refresh()
}

// moved reports whether the selected entity is no longer where the form
// has it (an edit elsewhere, an undo).
func (f *entityForm[T]) moved() bool {
	v, ok := f.current()
	return f.selID != "" && (!ok || f.kind.ID(v) != f.selID)
}

// load shows the selected entity in the form without counting that as an
// edit, with the text of any field that holds what the plan did not take.
func (f *entityForm[T]) load() {
	f.loading = true
	defer func() { f.loading = false }()
	for _, x := range f.fields {
		showError(x.err, "")
	}
	v, ok := f.current()
	if !ok {
		f.setSelected(-1)
		f.form.Hide()
		f.hint.Show()
		f.remove.Disable()
		if f.clear != nil {
			f.clear()
		}
		return
	}
	f.form.Show()
	f.hint.Hide()
	f.remove.Enable()
	id := f.kind.ID(v)
	f.id.SetText(id)
	// Only an entry added since the last save may change its id: links,
	// uses, runs and earlier revisions refer to stored ids.
	if f.m.Fresh(id) {
		f.id.Enable()
	} else {
		f.id.Disable()
	}
	f.fill(v)
	if f.prov != nil {
		f.prov.show(*f.provOf(v))
	}
	for _, x := range f.allFields() {
		x.restore()
	}
	f.showFindings()
}

func (f *entityForm[T]) allFields() []*formField {
	if f.extraFields == nil {
		return f.fields
	}
	return append(slices.Clip(f.fields), f.extraFields()...)
}

// subject is the id of the selected entity, which the form's fields edit.
func (f *entityForm[T]) subject() (string, bool) {
	v, ok := f.current()
	if !ok {
		return "", false
	}
	return f.kind.ID(v), true
}

func (f *entityForm[T]) isLoading() bool   { return f.loading }
func (f *entityForm[T]) model() *planModel { return f.m }

// field makes entry a field of the form named name, whose text take reads.
func (f *entityForm[T]) field(name string, entry *widget.Entry, err *widget.Label, take func(string) string) *formField {
	x := &formField{name: name, entry: entry, err: err, take: take, host: f}
	entry.OnChanged = x.changed
	return x
}

// textField makes entry the field for text of spec, which set stores;
// needed is the message for an empty field that must not be.
func (f *entityForm[T]) textField(spec planner.TextField, needed string, entry *widget.Entry, err *widget.Label, set func(*T, string)) *formField {
	x := f.field(spec.Name, entry, err, takeText(spec, needed, func(s string) { f.edit(func(v *T) { set(v, s) }) }))
	f.fields = append(f.fields, x)
	return x
}

// numberField makes entry the field for the number spec, which set stores
// (empty: the field was left empty, which spec allows); needed is the
// message for an empty field that must not be.
func (f *entityForm[T]) numberField(spec planner.NumberField, needed string, entry *widget.Entry, err *widget.Label,
	set func(v *T, n float64, empty bool)) *formField {
	entry.SetPlaceHolder(spec.Empty)
	x := f.field(spec.Name, entry, err, takeNumber(spec, needed, func(n float64, empty bool) {
		f.edit(func(v *T) { set(v, n, empty) })
	}))
	f.fields = append(f.fields, x)
	return x
}

// rename takes a new id for the selected entity, and the references to it
// follow (edit.Rename).
func (f *entityForm[T]) rename(id string) string {
	// The listeners the rename runs find the entity by its new id.
	old := f.selID
	f.selID = id
	if msg := edit.Rename(f.m.Session, f.kind, f.selected, id); msg != "" {
		f.selID = old
		return msg
	}
	f.refreshRow(f.selected)
	return ""
}

// edit applies change to a copy of the selected entity and stores the copy
// (edit.Set): the old value may be in an undo state or with the background
// checker, so it is never written through. change must give nested lists
// and pointers new values rather than write through them.
func (f *entityForm[T]) edit(change func(*T)) {
	v, ok := f.current()
	if f.loading || !ok {
		return
	}
	c := *v
	change(&c)
	f.editing = true
	defer func() { f.editing = false }()
	if edit.Set(f.m.Session, f.kind, f.selected, c) {
		f.refreshRow(f.selected)
	}
}

// onAdd appends v, which has a free id (FreeID), as one undo step and
// selects it for editing.
func (f *entityForm[T]) onAdd(v T) {
	i := edit.Add(f.m.Session, f.kind, v)
	f.list.Refresh()
	f.selectIndex(i)
}

// onDelete removes the selected entity with what refers to it (links, uses),
// which would otherwise point nowhere. When something refers to it, it asks
// first: question says what goes. The plan may change while the question is
// open, so the entity is deleted by id.
func (f *entityForm[T]) onDelete(title string, question func(v *T, refs int) string) {
	v, ok := f.current()
	if !ok {
		return
	}
	id := f.kind.ID(v)
	del := func() {
		if _, ok := edit.Delete(f.m.Session, f.kind, id); ok {
			f.setSelected(-1)
			f.refresh()
		}
	}
	refs := edit.References(f.m.Session, f.kind, id)
	if refs == 0 {
		del()
		return
	}
	f.m.ui.ask.Confirm(title, question(v, refs), del)
}

// showFindings lists what the checker says about the selected entity.
func (f *entityForm[T]) showFindings() {
	if id, ok := f.subject(); ok {
		f.findings.SetText(entityFindingsText(f.m.FindingsAbout(id), f.none))
	}
}

// revealFindings scrolls the form to the checker's findings, for a finding
// chosen on the Findings tab: a long form would show its top.
func (f *entityForm[T]) revealFindings() { scrollTo(f.scroll, f.findings) }

// focusField puts the cursor in the field called name and scrolls the form
// to it; false when the form has no such field.
func (f *entityForm[T]) focusField(name string) bool {
	for _, x := range f.allFields() {
		if x.name == name {
			scrollTo(f.scroll, x.target().(fyne.CanvasObject))
			f.focus(x.target())
			return true
		}
	}
	return false
}

// entityFindingsText is the checker's findings about one entity as the form
// shows them, or none when there are none.
func entityFindingsText(fs []planner.Finding, none string) string {
	if len(fs) == 0 {
		return none
	}
	lines := make([]string, len(fs))
	for i, f := range fs {
		lines[i] = fmt.Sprintf("%s · %s: %s", f.Severity.Label(), f.Rule, f.Message)
	}
	return strings.Join(lines, "\n\n")
}

// fieldHost is what a field needs from the form it is on.
type fieldHost interface {
	// subject is the id of the entity the form edits now ("" for the
	// plan itself); false when it edits none.
	subject() (string, bool)
	isLoading() bool
	model() *planModel
}

// formField is one input of a form bound to a field of the plan: what the
// form and the session call it, its entry, and the label beside it that says
// why text is refused. A refusal is recorded on the session
// (SetInvalidText): saving waits until the field is fixed, and a form that
// shows the entity again shows the text that was refused.
type formField struct {
	name  string
	entry *widget.Entry
	// widget is what holds entry on screen, to focus and scroll to, when
	// it is not entry itself (a textArea); nil: entry.
	widget fyne.Focusable
	err    *widget.Label
	// take stores what text means and returns "", or says why the plan
	// cannot take it.
	take func(text string) string
	host fieldHost
}

// target is the widget to focus for the field.
func (x *formField) target() fyne.Focusable {
	if x.widget != nil {
		return x.widget
	}
	return x.entry
}

func (x *formField) changed(text string) {
	if x.host.isLoading() {
		return
	}
	id, ok := x.host.subject()
	if !ok {
		return
	}
	msg := x.take(text)
	showError(x.err, msg)
	x.host.model().SetInvalidText(id, x.name, text, msg)
}

// restore shows the text the field held that the plan did not take, if
// any, with the reason; the host is loading, so this is no edit.
func (x *formField) restore() {
	id, ok := x.host.subject()
	if !ok {
		return
	}
	if v, bad := x.host.model().InvalidField(id, x.name); bad {
		x.entry.SetText(v.Text)
		showError(x.err, v.Message)
	}
}

// takeText is a field's take for text of spec; set stores it.
func takeText(spec planner.TextField, needed string, set func(string)) func(string) string {
	return func(text string) string {
		if err := spec.Check(text); err != nil {
			if needed != "" && strings.TrimSpace(text) == "" {
				return needed
			}
			return sentence(err.Error())
		}
		set(text)
		return ""
	}
}

// takeNumber is a field's take for the number spec, read as this app writes
// numbers (1,500 is fifteen hundred); set stores it, or learns that the
// field is empty, which spec allows.
func takeNumber(spec planner.NumberField, needed string, set func(n float64, empty bool)) func(string) string {
	return func(text string) string {
		n, err := spec.Parse(text)
		switch {
		case errors.Is(err, planner.ErrEmpty):
			set(0, true)
		case err != nil && needed != "" && strings.TrimSpace(text) == "":
			return needed
		case err != nil:
			return sentence(err.Error())
		default:
			set(n, false)
		}
		return ""
	}
}

// fieldNumber writes a number into a field without separators, as briefly
// as it reads back: the user edits it digit by digit, and 1,0005 (a digit
// added after a group) would not read back. Labels and lists write numbers
// with planner.Number.
func fieldNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// sentence ends a message with a full stop.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// fieldBox stacks an entry over the label that says why its text is refused.
func fieldBox(o fyne.CanvasObject, err *widget.Label) fyne.CanvasObject {
	return container.NewVBox(o, err)
}

// errorLabel is the inline error beside a field; hidden while there is none.
func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

func showError(l *widget.Label, msg string) {
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// focus puts the cursor in o, on the canvas that shows it, or the
// window's when o was only just shown (a driver learns an object's canvas
// as it draws it).
func (f *entityForm[T]) focus(o fyne.Focusable) { focusOn(f.m.ui.win.Canvas(), o) }

func focusOn(fallback fyne.Canvas, o fyne.Focusable) {
	c := fyne.CurrentApp().Driver().CanvasForObject(o.(fyne.CanvasObject))
	if c == nil {
		c = fallback
	}
	c.Focus(o)
}

// scrollTo scrolls s so that o, somewhere in its content, shows at the top.
// The offset is worked out through the containers and forms between them,
// not the driver, which may not have drawn a form that was only just shown.
func scrollTo(s *container.Scroll, o fyne.CanvasObject) {
	s.Refresh() // lays the content out anew: the form may just have been shown
	if y, ok := offsetIn(s.Content, o); ok {
		s.ScrollToOffset(fyne.NewPos(s.Offset.X, max(0, y-theme.Padding())))
	}
}

// offsetIn is how far down root o is, through the containers and forms
// between them; false when o is not there.
func offsetIn(root, o fyne.CanvasObject) (float32, bool) {
	if root == o {
		return 0, true
	}
	var children []fyne.CanvasObject
	switch x := root.(type) {
	case *fyne.Container:
		children = x.Objects
	case *widget.Form:
		for _, it := range x.Items {
			children = append(children, it.Widget)
		}
	case *container.Scroll:
		children = []fyne.CanvasObject{x.Content}
	}
	for _, c := range children {
		if y, ok := offsetIn(c, o); ok {
			return c.Position().Y + y, true
		}
	}
	return 0, false
}

// optionSet pairs the labels a select or check group shows with the values
// the plan stores, in the order offered.
type optionSet[T comparable] struct {
	labels  []string
	values  []T
	byValue map[T]int
	byLabel map[string]int
}

func newOptionSet[T comparable](values []T, label func(T) string) *optionSet[T] {
	c := &optionSet[T]{}
	for _, v := range values {
		c.addChoice(v, label(v))
	}
	return c
}

func (c *optionSet[T]) addChoice(v T, label string) {
	if c.byValue == nil {
		c.byValue, c.byLabel = map[T]int{}, map[string]int{}
	}
	if _, dup := c.byValue[v]; !dup {
		c.byValue[v] = len(c.values)
	}
	if _, dup := c.byLabel[label]; !dup {
		c.byLabel[label] = len(c.labels)
	}
	c.values = append(c.values, v)
	c.labels = append(c.labels, label)
}

func (c *optionSet[T]) has(v T) bool {
	_, ok := c.byValue[v]
	return ok
}

// label is v's label; a value outside the choices shows as itself.
func (c *optionSet[T]) label(v T) string {
	if i, ok := c.byValue[v]; ok {
		return c.labels[i]
	}
	return fmt.Sprint(v)
}

func (c *optionSet[T]) labelsOf(vs []T) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, c.label(v))
	}
	return out
}

// value is the value behind a label, the zero value for none.
func (c *optionSet[T]) value(label string) T {
	if i, ok := c.byLabel[label]; ok {
		return c.values[i]
	}
	var zero T
	return zero
}

// newSelect is a select of c's labels; pick gets the value chosen.
func newSelect[T comparable](c *optionSet[T], pick func(T)) *widget.Select {
	return widget.NewSelect(c.labels, func(label string) { pick(c.value(label)) })
}

// tickedValues is the new list for a check group: the old entries still
// ticked in their old order, then the newly ticked ones in the order offered.
// It is a new slice, never old's backing array (copy-on-write).
func tickedValues[T comparable](old []T, c *optionSet[T], opts []string) []T {
	ticked := make(map[string]bool, len(opts))
	for _, o := range opts {
		ticked[o] = true
	}
	var out []T
	for _, v := range old {
		if ticked[c.label(v)] && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	for i, label := range c.labels {
		if ticked[label] && !slices.Contains(out, c.values[i]) {
			out = append(out, c.values[i])
		}
	}
	return out
}

// actorLabel names an actor as every picker does: "FR — France".
func actorLabel(a planner.Actor) string { return a.Code + " — " + a.Name }

// actorChoices are the catalogue's states and organisations, those that
// lead, join and give (adversaries do none of it), then the codes in keep
// that are not among them, flagged, so that a value nobody offers is not
// dropped silently; the checker reports it.
func actorChoices(cat *planner.Catalog, keep ...string) *optionSet[string] {
	c := &optionSet[string]{}
	for _, a := range cat.Actors {
		if a.Kind != planner.ActorAdversary {
			c.addChoice(a.Code, actorLabel(a))
		}
	}
	for _, code := range keep {
		switch a, known := cat.Actor(code); {
		case code == "" || c.has(code):
		case known:
			c.addChoice(code, actorLabel(a)+" (not a coalition actor)")
		default:
			c.addChoice(code, code+" (undeclared)")
		}
	}
	return c
}

// newTaggedRow is a list row: the entity's name with a small tag on the
// right, e.g. its kind and mechanism, and after it the entry's provenance
// mark in a word ("assumed", "no source"; setRowMark).
func newTaggedRow() fyne.CanvasObject {
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	tag := widget.NewLabel("")
	// Small, but in the text colour: a grey tag was too faint to read on a
	// selected (highlighted) row.
	tag.SizeName = theme.SizeNameCaptionText
	mark := widget.NewLabel("")
	mark.SizeName = theme.SizeNameCaptionText
	mark.TextStyle.Italic = true
	return container.New(taggedRowLayout{}, name, tag, mark)
}

// taggedRowLayout sets a tagged row's name, tag and mark side by side:
// the tag and the mark at their size on the right, an empty one taking no
// room, and the name in what is left, cut short when it does not fit.
type taggedRowLayout struct{}

func (taggedRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := size.Width
	for _, o := range slices.Backward(objs[1:]) {
		if emptyLabel(o) {
			o.Resize(fyne.NewSize(0, size.Height))
			o.Move(fyne.NewPos(x, 0))
			continue
		}
		w := o.MinSize().Width
		x -= w
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos(x, 0))
		x -= theme.Padding()
	}
	objs[0].Resize(fyne.NewSize(max(x, 0), size.Height))
	objs[0].Move(fyne.NewPos(0, 0))
}

func (taggedRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	for _, o := range objs[1:] {
		if emptyLabel(o) {
			continue
		}
		m := o.MinSize()
		s.Width += theme.Padding() + m.Width
		s.Height = max(s.Height, m.Height)
	}
	return s
}

func emptyLabel(o fyne.CanvasObject) bool {
	l, ok := o.(*widget.Label)
	return ok && l.Text == ""
}

// newRowLabel is a list row of one line, cut to the list's width.
func newRowLabel() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func setTaggedRow(o fyne.CanvasObject, name, tag string) {
	c := o.(*fyne.Container)
	// The name, then the tag (newTaggedRow).
	nameChanged := setLabel(c.Objects[0].(*widget.Label), name)
	if setLabel(c.Objects[1].(*widget.Label), tag) || nameChanged {
		// A recycled row keeps the layout of its last text; lay it out
		// again so a longer tag is not cut off at the list's edge.
		c.Refresh()
	}
}

// setLabel shows text in a list row's label and reports whether it
// changed. A list redraws every row it shows for an edit of one, and a row
// whose text is the same need not be measured and cut again.
func setLabel(l *widget.Label, text string) bool {
	if l.Text == text {
		return false
	}
	l.SetText(text)
	return true
}

// pickerBox shows a check list as tall as its options, up to pickerRows
// rows; only a longer list (the contributions a response may use, in a
// large plan) scrolls inside the form, so a short one is never a scroll box
// within the scrolling form.
func pickerBox(g *widget.CheckGroup) fyne.CanvasObject {
	scroll := container.NewVScroll(g)
	return container.New(cappedHeight{}, scroll)
}

// pickerRows is how many options a check list shows before it scrolls.
const pickerRows = 16

// cappedHeight lays out one scroll container at the height of its content,
// at most pickerRows rows of it.
type cappedHeight struct{}

func (cappedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].(*container.Scroll)
	content := s.Content.MinSize()
	row := theme.Size(theme.SizeNameText) * 2.2
	return fyne.NewSize(content.Width, min(content.Height, pickerRows*row))
}

func (cappedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(size)
	objs[0].Move(fyne.NewPos(0, 0))
}

// setCheckGroup replaces a check group's options and ticks, and reports
// whether the options changed. Then a second refresh is needed: fyne ticks
// each box by its old text before it relabels it.
func setCheckGroup(g *widget.CheckGroup, options, selected []string) bool {
	changed := !slices.Equal(g.Options, options)
	g.Options = options
	g.SetSelected(selected)
	if changed {
		g.Refresh()
	}
	return changed
}
