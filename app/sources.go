package app

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"redline/planner"
	"redline/planner/edit"
	"redline/seeds"
)

// sourcesScreen is what the plan rests on: the built-in documents, read
// only and shown as citations, and the plan's own sources, which it adds,
// edits and deletes; for the document selected, the entries that cite it,
// each a way to open that entry.
type sourcesScreen struct {
	entityForm[planner.Source]

	// open takes the user to an entry by its subject (an id, or
	// link:RED_LINE:RESPONSE): the editor's showFinding.
	open func(subject string)

	builtins    []seeds.Source
	builtinList *widget.List
	// builtinSel is the built-in document shown, -1 for none.
	builtinSel   int
	builtinBox   *fyne.Container
	builtinTitle *widget.Label
	builtinAbout *widget.Label

	title        *widget.Entry
	titleErr     *widget.Label
	publisher    *widget.Entry
	publisherErr *widget.Label
	date         *widget.Entry
	dateErr      *widget.Label
	url          *widget.Entry
	urlErr       *widget.Label
	// citation is how the source selected is cited, as the reader of a
	// summary sees it.
	citation *widget.Label

	// citedBy are the subjects of the entries that cite the document
	// shown, in the plan's order.
	citedBy   []string
	citedHead *widget.Label
	citedList *widget.List
	// counts caches how many entries cite each source, for the edit
	// count gen.
	counts    map[string]int
	countsGen uint64
	countsOf  *planner.Plan

	content fyne.CanvasObject
}

func newSourcesScreen(m *planModel, open func(subject string)) *sourcesScreen {
	s := &sourcesScreen{open: open, builtinSel: -1}
	s.builtins, _ = seeds.Sources()
	s.init(m, edit.Sources, "The checker has nothing to say about this source.", s.onAdd, s.onDelete)
	s.fill, s.clear = s.show, s.showNone
	s.buildUI()
	s.load()
	// Entries gain and lose citations on every tab: the counts and the
	// list of what cites the document shown follow.
	m.OnChange(s.follow)
	return s
}

func (s *sourcesScreen) buildUI() {
	s.newList(newTaggedRow, func(src *planner.Source, o fyne.CanvasObject) {
		setTaggedRow(o, seeds.SourceCitation(*src), s.citedCount(src.ID))
	})
	own := s.list.OnSelected
	s.list.OnSelected = func(row widget.ListItemID) {
		s.leaveBuiltin()
		own(row)
	}
	s.builtinList = widget.NewList(
		func() int { return len(s.builtins) },
		newTaggedRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			setTaggedRow(o, seeds.Citation(s.builtins[i].File), s.citedCount(s.builtins[i].File))
		},
	)
	s.builtinList.OnSelected = s.chooseBuiltin

	s.title, s.titleErr = widget.NewEntry(), errorLabel()
	s.textField(planner.FieldSourceTitle, "A source needs a title: what the document is called.", s.title, s.titleErr,
		func(src *planner.Source, t string) { src.Title = t })
	s.publisher, s.publisherErr = widget.NewEntry(), errorLabel()
	s.textField(planner.FieldSourcePublisher, "", s.publisher, s.publisherErr,
		func(src *planner.Source, t string) { src.Publisher = t })
	s.publisher.SetPlaceHolder("who published it, e.g. RUSI")
	s.date, s.dateErr = widget.NewEntry(), errorLabel()
	s.textField(planner.FieldSourceDate, "", s.date, s.dateErr, func(src *planner.Source, t string) { src.Date = t })
	s.date.SetPlaceHolder("2025, 2025-11 or 2025-11-03")
	s.url, s.urlErr = widget.NewEntry(), errorLabel()
	s.fields = append(s.fields, s.field(planner.FieldSourceURL.Name, s.url, s.urlErr,
		takeURL(func(u string) { s.edit(func(src *planner.Source) { src.URL = u }) })))
	s.url.SetPlaceHolder("https://…")
	s.citation = wrappedLabel("")
	s.citation.TextStyle.Italic = true

	s.form = container.NewVBox(widget.NewForm(
		widget.NewFormItem("ID", fieldBox(s.id, s.idErr)),
		widget.NewFormItem("Title", fieldBox(s.title, s.titleErr)),
		widget.NewFormItem("Publisher", fieldBox(s.publisher, s.publisherErr)),
		widget.NewFormItem("Date", fieldBox(s.date, s.dateErr)),
		widget.NewFormItem("URL", fieldBox(s.url, s.urlErr)),
		widget.NewFormItem("Cited as", s.citation),
	), s.findings)
	s.hint = wrappedLabel("Select a document to see what in the plan cites it, or press Add to add one of the plan's own.")
	s.builtinTitle = wrappedLabel("")
	s.builtinTitle.TextStyle.Bold = true
	s.builtinAbout = wrappedLabel("")
	note := wrappedLabel("A built-in document: Redline's rules rest on it, and any entry may cite it. It cannot be changed.")
	note.Importance = widget.LowImportance
	s.builtinBox = container.NewVBox(s.builtinTitle, s.builtinAbout, note)
	s.builtinBox.Hide()
	s.scroll = container.NewVScroll(container.NewStack(s.form, s.hint, s.builtinBox))

	s.citedHead = wrappedLabel("")
	s.citedList = widget.NewList(
		func() int { return len(s.citedBy) },
		newRowLabel,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(s.citedBy) {
				setLabel(o.(*widget.Label), s.entryName(s.citedBy[i]))
			}
		},
	)
	s.citedList.OnSelected = func(i widget.ListItemID) {
		s.citedList.Unselect(i) // a way to go there, not a selection
		if i < len(s.citedBy) && s.open != nil {
			s.open(s.citedBy[i])
		}
	}
	cited := container.NewBorder(s.citedHead, nil, nil, nil, s.citedList)
	right := container.NewVSplit(s.scroll, cited)
	right.Offset = 0.55

	builtinHead := widget.NewLabelWithStyle("Built-in documents", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	ownHead := widget.NewLabelWithStyle("The plan's own sources", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	left := container.NewBorder(container.NewVBox(builtinHead, rowsHigh(s.builtinList, len(s.builtins)), ownHead),
		s.buttons(), nil, nil, s.list)
	split := container.NewHSplit(left, right)
	split.Offset = 0.45
	s.content = split
	s.showCitedBy("")
}

// rowsHigh gives a list the height of n of its rows, so that a short list
// shows whole above another.
func rowsHigh(l *widget.List, n int) fyne.CanvasObject {
	row := l.CreateItem().MinSize().Height
	space := canvas.NewRectangle(color.Transparent)
	space.SetMinSize(fyne.NewSize(0, float32(n)*(row+theme.Padding())))
	return container.NewStack(space, l)
}

// takeURL is the URL field's take: a web address, as the loader holds
// one (http or https only, within the length bound), or nothing.
func takeURL(set func(string)) func(string) string {
	return func(text string) string {
		if err := planner.FieldSourceURL.Check(text); err != nil {
			return sentence(err.Error())
		}
		if text != "" {
			if msg := planner.URLProblem(text); msg != "" {
				if rest, ok := strings.CutPrefix(msg, "want "); ok {
					msg = "The URL must be " + rest
				}
				return sentence(msg)
			}
		}
		set(text)
		return ""
	}
}

// show fills the form with the plan's source src.
func (s *sourcesScreen) show(src *planner.Source) {
	s.leaveBuiltin()
	// Only the plan's entries cite a source, and a rename rewrites them:
	// its id may change whenever (edit.RenameProblem).
	s.id.Enable()
	s.title.SetText(src.Title)
	s.publisher.SetText(src.Publisher)
	s.date.SetText(src.Date)
	s.url.SetText(src.URL)
	s.citation.SetText(seeds.SourceCitation(*src))
	s.showCitedBy(src.ID)
}

// showNone shows the built-in document selected, if any, in the form's
// place; else the hint stays.
func (s *sourcesScreen) showNone() {
	if s.builtinSel < 0 || s.builtinSel >= len(s.builtins) {
		s.builtinBox.Hide()
		s.showCitedBy("")
		return
	}
	d := s.builtins[s.builtinSel]
	s.hint.Hide()
	s.builtinTitle.SetText(seeds.Citation(d.File))
	s.builtinAbout.SetText(capitalize(d.Kind) + ". " + d.Summary)
	s.builtinBox.Show()
	s.scroll.Refresh() // the texts' new heights
	s.showCitedBy(d.File)
}

// chooseBuiltin shows built-in document i; the plan's list lets go of its
// selection.
func (s *sourcesScreen) chooseBuiltin(i widget.ListItemID) {
	s.builtinSel = i
	s.quiet = true
	s.list.UnselectAll()
	s.listRow = -1
	s.quiet = false
	s.choose(-1)
}

// leaveBuiltin forgets the built-in document shown, for one of the plan's.
func (s *sourcesScreen) leaveBuiltin() {
	if s.builtinSel < 0 {
		return
	}
	s.builtinSel = -1
	s.builtinList.UnselectAll()
	s.builtinBox.Hide()
}

// shown is the id of the document shown, built-in or the plan's; "" for
// none.
func (s *sourcesScreen) shown() string {
	if s.builtinSel >= 0 && s.builtinSel < len(s.builtins) {
		return s.builtins[s.builtinSel].File
	}
	if v, ok := s.current(); ok {
		return v.ID
	}
	return ""
}

// showCitedBy lists the entries that cite source id.
func (s *sourcesScreen) showCitedBy(id string) {
	s.citedBy = nil
	if id != "" {
		s.citedBy = citingEntries(s.m.Plan(), id)
	}
	switch {
	case id == "":
		s.citedHead.SetText("Select a document to see what cites it.")
	case len(s.citedBy) == 0:
		s.citedHead.SetText("Nothing in the plan cites it yet: tick it under Sources on an entry's form.")
	default:
		s.citedHead.SetText(fmt.Sprintf("Cited by %s — select one to open it:", plural(len(s.citedBy), "entry", "entries")))
	}
	s.citedList.UnselectAll()
	s.citedList.Refresh()
}

// follow keeps the counts and the citing entries current after an edit
// anywhere (an entry ticked a source, a source was renamed or deleted).
func (s *sourcesScreen) follow() {
	if s.loading || s.m.Touched() == edit.PartPlan {
		return // the plan's own fields cite nothing
	}
	if src, ok := s.current(); ok && s.m.Touched().Has(edit.PartSources) {
		s.citation.SetText(seeds.SourceCitation(*src))
	}
	s.builtinList.Refresh()
	s.list.Refresh()
	s.showCitedBy(s.shown())
}

// citedCount says how many entries cite id, for the lists: "cited by 3",
// "not cited".
func (s *sourcesScreen) citedCount(id string) string {
	p := s.m.Plan()
	if s.counts == nil || s.countsGen != s.m.Gen() || s.countsOf != p {
		s.counts, s.countsGen, s.countsOf = citationCounts(p), s.m.Gen(), p
	}
	if n := s.counts[id]; n > 0 {
		return fmt.Sprintf("cited by %s", planner.Thousands(n))
	}
	return "not cited"
}

// entryName is an entry as the list of what cites a source names it:
// "Red line “Ground incursion across the contact line”".
func (s *sourcesScreen) entryName(subject string) string {
	return capitalize(planner.EntityName(s.m.Plan(), s.m.ui.cat, subject))
}

// onAdd appends a source with a free id and selects it for editing.
func (s *sourcesScreen) onAdd() {
	s.entityForm.onAdd(planner.Source{ID: s.m.FreeID(edit.Sources.Prefix, len(s.items())+1), Title: "New source"})
	scrollTo(s.scroll, s.title)
	s.focus(s.title)
}

// onDelete removes the selected source; when entries cite it, it asks
// first and says how many citations go with it.
func (s *sourcesScreen) onDelete() {
	s.entityForm.onDelete("Delete source?", func(src *planner.Source, refs int) string {
		cite := "entries cite"
		if refs == 1 {
			cite = "entry cites"
		}
		return fmt.Sprintf("Delete the source “%s”? %s %s it; their citations of it go too.",
			seeds.SourceCitation(*src), planner.Thousands(refs), cite)
	})
}

// citingEntries are the subjects of p's entries that cite source id: ids,
// and link:RED_LINE:RESPONSE for a link, in the plan's order.
func citingEntries(p *planner.Plan, id string) []string {
	var out []string
	each := func(subject string, pr *planner.Provenance) {
		for _, src := range pr.Sources {
			if src == id {
				out = append(out, subject)
				return
			}
		}
	}
	eachEntry(p, each)
	return out
}

// citationCounts is how many entries of p cite each source.
func citationCounts(p *planner.Plan) map[string]int {
	n := map[string]int{}
	eachEntry(p, func(_ string, pr *planner.Provenance) {
		for i, src := range pr.Sources {
			if !slices.Contains(pr.Sources[:i], src) { // an entry counts once
				n[src]++
			}
		}
	})
	return n
}

// eachEntry calls fn with every entry of p that carries provenance, by
// its subject as findings name it.
func eachEntry(p *planner.Plan, fn func(subject string, pr *planner.Provenance)) {
	for i := range p.RedLines {
		fn(p.RedLines[i].ID, &p.RedLines[i].Provenance)
	}
	for i := range p.Responses {
		fn(p.Responses[i].ID, &p.Responses[i].Provenance)
	}
	for i := range p.Contributions {
		fn(p.Contributions[i].ID, &p.Contributions[i].Provenance)
	}
	for i := range p.Links {
		fn(planner.LinkSubject(p.Links[i]), &p.Links[i].Provenance)
	}
	for i := range p.Terms {
		fn(p.Terms[i].ID, &p.Terms[i].Provenance)
	}
	for i := range p.Injects {
		fn(p.Injects[i].ID, &p.Injects[i].Provenance)
	}
}
