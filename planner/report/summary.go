package report

import (
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"redline/planner"
	"redline/planner/chart"
)

// Summary is what a plan summary is made from.
type Summary struct {
	Plan *planner.Plan
	// Catalog is the catalogue the plan sees (planner.Catalog.ForPlan); nil
	// means only the plan's own actors and indicators.
	Catalog *planner.Catalog
	// Profile is the profile the plan is checked against; nil means the
	// rules' default severities.
	Profile *planner.Profile
	// Findings are printed as given; nil means planner.Check(Plan, Catalog,
	// Profile), the same findings the app and redlinectl show.
	Findings []planner.Finding
	// Date is printed on the title page when it is not zero.
	Date time.Time
	// Cite is how a source id is shown to a reader: a citation ("Insight
	// News Media, 2025 — Security Guarantees for Ukraine: …") and whether
	// the id is known. Callers pass seeds.PlanCitation for the plan; nil
	// shows the ids themselves (the plan's own sources still read as
	// "Publisher, Date — Title").
	Cite func(id string) (string, bool)
	// Audience is who the summary is for, and so what it leaves out; the
	// zero value is the facilitator's copy, which leaves out nothing.
	Audience Audience
}

// WriteMarkdown writes the plan summary as Markdown.
func WriteMarkdown(w io.Writer, s Summary) error { return writeMarkdown(w, s.document()) }

// WriteHTML writes the plan summary as one self-contained HTML page whose
// print style sheet sets it on A4 with the classification on every page.
func WriteHTML(w io.Writer, s Summary) error { return writeHTML(w, s.document()) }

// WritePDF writes the plan summary as an A4 PDF with the classification at
// the top and bottom of every page and "Page X of Y" in the footer.
func WritePDF(w io.Writer, s Summary) error { return writePDF(w, s.document(), s.Date) }

// planView holds what the builders look up while writing about a plan.
type planView struct {
	p         *planner.Plan
	cat       *planner.Catalog
	prof      *planner.Profile
	findings  []planner.Finding
	redLines  map[string]int
	responses map[string]int
	// contributions is made when first asked for (contributionNames).
	contributions map[string]int
	// names names any entity by id as a person knows it.
	names *planner.Names
	// refs numbers the sources the report cites (references.go).
	refs *citations
	// show is what the copy shows (Audience.shows); a plan view made for
	// another report shows everything.
	show shown
}

func newPlanView(p *planner.Plan, cat *planner.Catalog, prof *planner.Profile, findings []planner.Finding) *planView {
	// ForPlan adds the plan's own actors and indicators; on a catalogue that
	// already holds them it changes nothing.
	cat = cat.ForPlan(p)
	if findings == nil {
		findings = planner.Check(p, cat, prof)
	}
	v := &planView{p: p, cat: cat, prof: prof, findings: findings,
		redLines:  make(map[string]int, len(p.RedLines)),
		responses: make(map[string]int, len(p.Responses)),
		names:     planner.NewNames(p, cat),
		show:      Facilitator.shows(),
	}
	// The first entity with an id wins, as in the checker.
	for i := range p.RedLines {
		if _, dup := v.redLines[p.RedLines[i].ID]; !dup {
			v.redLines[p.RedLines[i].ID] = i
		}
	}
	for i := range p.Responses {
		if _, dup := v.responses[p.Responses[i].ID]; !dup {
			v.responses[p.Responses[i].ID] = i
		}
	}
	return v
}

func (v *planView) classification() string {
	if v.p.Classification == "" {
		return planner.DefaultClassification
	}
	return v.p.Classification
}

// profileName is the profile's title, or its id when it has none.
func (v *planView) profileName() string {
	if v.prof != nil {
		if v.prof.Title != "" {
			return v.prof.Title
		}
		return v.prof.ID
	}
	if v.p.Profile != "" {
		return v.p.Profile
	}
	return planner.DefaultProfile
}

// redLineCode and responseCode number entities as the matrix does: L1,
// R1; contributionCode numbers contributions likewise, C1.
func redLineCode(i int) string      { return "L" + strconv.Itoa(i+1) }
func responseCode(i int) string     { return "R" + strconv.Itoa(i+1) }
func contributionCode(i int) string { return "C" + strconv.Itoa(i+1) }

// contributionNames names the contributions a response uses as a person
// knows them, each after its number in the list of contributions: "C3
// United Kingdom, rapid reaction; C7 France, rapid reaction". An id that
// names no contribution is quoted as written, since it has no other name.
func (v *planView) contributionNames(ids []string) string {
	if len(ids) == 0 {
		return "—"
	}
	if v.contributions == nil {
		v.contributions = make(map[string]int, len(v.p.Contributions))
		for i := range v.p.Contributions {
			if _, dup := v.contributions[v.p.Contributions[i].ID]; !dup {
				v.contributions[v.p.Contributions[i].ID] = i
			}
		}
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		k, ok := v.contributions[id]
		if !ok {
			names[i] = "“" + id + "” (no such contribution)"
			continue
		}
		c := &v.p.Contributions[k]
		names[i] = contributionCode(k) + " " + v.cat.ActorName(c.Nation) + ", " + lowerFirst(c.Capability.Label())
	}
	return strings.Join(names, "; ")
}

// redLineName is a red line's title, or its id when it has none or is unknown.
func (v *planView) redLineName(id string) string {
	if i, ok := v.redLines[id]; ok && v.p.RedLines[i].Title != "" {
		return v.p.RedLines[i].Title
	}
	return id
}

func (v *planView) responseName(id string) string {
	if i, ok := v.responses[id]; ok && v.p.Responses[i].Title != "" {
		return v.p.Responses[i].Title
	}
	return id
}

// copyNotes says, on a copy's title block, what the copy leaves out.
var copyNotes = map[audienceKind]string{
	participant: "Participant copy: without the exercise script and the facilitator's notes.",
	release:     "Release copy: without the exercise script, the notes, and the text of the planning assumptions.",
}

func (s Summary) document() *document {
	p := s.Plan
	if p == nil {
		p = &planner.Plan{}
	}
	// What the copy leaves out is left out here, once, for every format.
	show := s.Audience.shows()
	p, findings := show.forAudience(p, s.Findings)
	v := newPlanView(p, s.Catalog, s.Profile, findings)
	v.show = show
	sc := planner.ScoreStress(v.p, v.cat, v.prof, planner.StressTests)
	// The scorecard cites the documents its factors rest on: numbered as
	// if a finding cited them, so that the built-in documents come first
	// in the reference list.
	v.refs = newCitations(p, append(slices.Clip(v.findings), planner.Finding{Sources: scorecardSources(sc, show)}), s.Cite, true)
	v.refs.assumptionsShown = show.assumptions
	d := &document{Classification: s.Audience.banner(v.classification()), Kind: "Plan summary", Title: p.Title}
	d.Meta = []field{
		{"Classification", s.Audience.classificationOf(v.classification())},
		{"Phase", p.Phase.Label()},
		{"Profile", v.profileName()},
	}
	if !s.Date.IsZero() {
		d.Meta = append(d.Meta, field{"Date", date(s.Date)})
	}
	if note := copyNotes[s.Audience.kind]; note != "" {
		d.Meta = append(d.Meta, field{"Copy", note})
	}
	v.brief(d, sc)
	v.overview(d)
	v.scorecardSection(d, sc)
	v.redLineSection(d)
	v.responseSection(d)
	v.matrixSection(d)
	v.forceSections(d)
	v.termSection(d)
	d.Blocks = append(d.Blocks, heading{1, "Findings"})
	v.findingBlocks(d)
	v.refs.referenceBlocks(d)
	return d
}

func (v *planView) overview(d *document) {
	p := v.p
	auto, live := 0, 0
	for _, l := range p.Links {
		if l.Trigger == planner.TriggerAutomatic {
			auto++
		}
	}
	for i := range p.Contributions {
		if p.Contributions[i].Live() {
			live++
		}
	}
	fields := []field{
		{"Red lines", planner.Thousands(len(p.RedLines))},
		{"Responses", planner.Thousands(len(p.Responses))},
		{"Contributions", planner.Thousands(len(p.Contributions)) + " (" + planner.Thousands(live) + " live)"},
		{"Links", planner.Thousands(len(p.Links)) + " (" + planner.Thousands(auto) + " automatic, " +
			planner.Thousands(len(p.Links)-auto) + " consultation)"},
		{"Negotiation terms", planner.Thousands(len(p.Terms))},
		{"Exercise injects", planner.Thousands(len(p.Injects))},
		{"Foreign ground personnel", planner.Thousands(planner.ForeignGroundPresence(p))},
		{"Provenance", provenanceCounts(p)},
		{"Findings", findingCounts(planner.Count(v.findings))},
	}
	if !v.show.script {
		// Not even how long the script is.
		fields = slices.DeleteFunc(fields, func(f field) bool { return f.Label == "Exercise injects" })
	}
	d.Blocks = append(d.Blocks, heading{1, "Overview"}, fieldList{Fields: fields})
}

// assumptions sets the notes behind the † of a table's entries under it,
// unless the copy leaves the assumptions' text out.
func (v *planView) assumptions(d *document, notes []field, medium bool) {
	if len(notes) > 0 && v.show.assumptions {
		d.Blocks = append(d.Blocks, heading{2, "Planning assumptions (" + assumptionMark + ")"},
			fieldList{Fields: notes, Narrow: !medium, Medium: medium})
	}
}

func (v *planView) redLineSection(d *document) {
	t := &table{
		Columns: []column{
			{Header: "#", Width: 10},
			{Header: "Red line", Weight: 3},
			{Header: "Domain", Weight: 0.9},
			{Header: "Indicator", Weight: 2.4},
			{Header: "Threshold", Weight: 1.5},
			{Header: "Sev.", Width: 10, Align: alignCenter},
		},
		ToneColumn: -1,
		Empty:      "The plan has no red lines.",
	}
	var notes, assumed []field
	for i := range v.p.RedLines {
		r := &v.p.RedLines[i]
		indicator, unit := "—", ""
		if r.Indicator != "" {
			indicator = r.Indicator
			if ind, ok := v.cat.Indicator(r.Indicator); ok {
				indicator, unit = capitalize(ind.Name), ind.Unit
				if unit != "" {
					indicator += " (" + unit + ")"
				}
			}
		}
		t.Rows = append(t.Rows, row{Cells: []string{redLineCode(i), v.refs.marked(r.Title, r.Provenance), r.Domain.Label(),
			indicator, threshold(r.Threshold, unit), strconv.Itoa(r.Severity)}})
		if r.Notes != "" {
			notes = append(notes, field{redLineCode(i), r.Notes})
		}
		if r.Assumption != "" {
			assumed = append(assumed, field{redLineCode(i), r.Assumption})
		}
	}
	d.Blocks = append(d.Blocks, heading{1, "Red lines"}, t)
	v.assumptions(d, assumed, false)
	if len(notes) > 0 {
		d.Blocks = append(d.Blocks, heading{2, "Notes on red lines"}, fieldList{Fields: notes, Narrow: true})
	}
}

func (v *planView) responseSection(d *document) {
	t := &table{
		Columns: []column{
			{Header: "#", Width: 10},
			{Header: "Response", Weight: 2.6},
			{Header: "Kind, mechanism", Weight: 1.4},
			{Header: "Lead; participants", Weight: 1.8},
			{Header: "Effect", Width: 13, Align: alignRight},
			{Header: "Requires", Weight: 1.2},
			{Header: "Uses", Weight: 2},
		},
		ToneColumn: -1,
		Empty:      "The plan has no responses.",
	}
	var assumed []field
	for i := range v.p.Responses {
		r := &v.p.Responses[i]
		lead := v.cat.ActorName(r.Lead)
		if len(r.Participants) > 0 {
			lead += "; " + actorList(r.Participants, v.cat)
		}
		t.Rows = append(t.Rows, row{Cells: []string{responseCode(i), v.refs.marked(r.Title, r.Provenance),
			r.Kind.Label() + ", " + strings.ToLower(r.Mechanism.Label()), lead, hours(r.HoursToEffect),
			labelList(r.Requires), v.contributionNames(r.Uses)}})
		if r.Assumption != "" {
			assumed = append(assumed, field{responseCode(i), r.Assumption})
		}
	}
	d.Blocks = append(d.Blocks, heading{1, "Responses"},
		paragraph{Text: "Effect is the time from decision to effect. Uses names the contributions a response draws on, " +
			"numbered (C) as in the list of contributions.", Muted: true},
		t)
	v.assumptions(d, assumed, false)
}

func (v *planView) matrixSection(d *document) {
	m := &matrix{Rows: make([]matrixRow, len(v.p.RedLines)), Cols: make([]matrixCol, len(v.p.Responses)),
		Picture: chart.ResponseMatrix(v.p)}
	for i := range v.p.RedLines {
		m.Rows[i] = matrixRow{Code: redLineCode(i), Label: v.p.RedLines[i].Title}
	}
	for i := range v.p.Responses {
		m.Cols[i] = matrixCol{Code: responseCode(i), Label: v.p.Responses[i].Title}
	}
	var dangling []string
	// sourced holds, per red line, its links' responses with their
	// sources; assumed the links' assumptions.
	sourced := make([][]linkMark, len(v.p.RedLines))
	var assumed []linkNote
	for _, l := range v.p.Links {
		ri, okR := v.redLines[l.RedLine]
		ci, okC := v.responses[l.Response]
		if !okR || !okC {
			dangling = append(dangling, l.RedLine+" → "+l.Response)
			continue
		}
		if mark := v.refs.mark(l.Provenance); mark != "" {
			sourced[ri] = append(sourced[ri], linkMark{ci, responseCode(ci) + " " + mark})
		}
		if l.Assumption != "" {
			assumed = append(assumed, linkNote{ri, ci, l.Assumption})
		}
		mark := markConsultation
		if l.Trigger == planner.TriggerAutomatic {
			mark = markAutomatic
		}
		m.Rows[ri].Cells = append(m.Rows[ri].Cells, matrixCell{Col: ci, Mark: mark})
	}
	for i := range m.Rows {
		// A cell drawn twice (a duplicated link) shows its first mark; A wins over C
		// only by coming first, as in the link order.
		slices.SortStableFunc(m.Rows[i].Cells, func(a, b matrixCell) int { return cmp.Compare(a.Col, b.Col) })
		m.Rows[i].Cells = slices.CompactFunc(m.Rows[i].Cells, func(a, b matrixCell) bool { return a.Col == b.Col })
	}
	d.Blocks = append(d.Blocks, heading{1, "Response matrix"},
		paragraph{Text: "Rows are red lines (L), columns responses (R) as numbered above. A: the response fires " +
			"automatically when the red line is crossed. C: crossing opens a consultation, and the coalition decides.", Muted: true},
		m)
	if len(dangling) > 0 {
		d.Blocks = append(d.Blocks, paragraph{Text: "Links whose ends do not resolve (see findings): " +
			strings.Join(dangling, "; ") + "."})
	}
	links := &table{
		Columns:    []column{{Header: "#", Width: 12}, {Header: "Red line", Weight: 2}, {Header: "Links and their sources", Weight: 3}},
		ToneColumn: -1,
	}
	for i, marks := range sourced {
		if len(marks) == 0 {
			continue
		}
		// In the matrix's order of responses; a duplicated link once.
		slices.SortStableFunc(marks, func(a, b linkMark) int { return cmp.Compare(a.col, b.col) })
		marks = slices.CompactFunc(marks, func(a, b linkMark) bool { return a.col == b.col })
		texts := make([]string, len(marks))
		for k, m := range marks {
			texts[k] = m.text
		}
		links.Rows = append(links.Rows, row{Cells: []string{redLineCode(i), v.p.RedLines[i].Title, strings.Join(texts, "; ")}})
	}
	if len(links.Rows) > 0 {
		d.Blocks = append(d.Blocks, heading{2, "Sources of the links"},
			paragraph{Text: "Each link by its response (R) and the documents it rests on.", Muted: true}, links)
	}
	// The notes in the matrix's order too.
	slices.SortStableFunc(assumed, func(a, b linkNote) int { return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col)) })
	notes := make([]field, len(assumed))
	for i, n := range assumed {
		notes[i] = field{redLineCode(n.row) + " → " + responseCode(n.col), n.text}
	}
	v.assumptions(d, notes, true)
}

// linkNote is a link's assumption, with its cell in the matrix.
type linkNote struct {
	row, col int
	text     string
}

// linkMark is a link's response, by its column in the matrix, with the
// link's references and †.
type linkMark struct {
	col  int
	text string
}

// forceTotal is one line of a force breakdown.
type forceTotal struct {
	key          string
	label        string
	count, staff int
	eur          float64
}

func (v *planView) forceSections(d *document) {
	t := planner.TallyForces(v.p, planner.AllForces)
	intro := "Live contributions: confirmed, pledged and conditional."
	if t.Declined.Count > 0 {
		intro += " " + plural(t.Declined.Count, "declined contribution is", "declined contributions are") + " not counted."
	}
	d.Blocks = append(d.Blocks, heading{1, "Forces"}, paragraph{Text: intro, Muted: true})

	line := func(key, label string, n planner.Tally) *forceTotal {
		return &forceTotal{key: key, label: label, count: n.Count, staff: n.Personnel, eur: n.AmountEURm}
	}
	all := line("", "", t.Total)
	nations := make([]*forceTotal, 0, len(t.Nations))
	for _, n := range t.Nations {
		nations = append(nations, line(n.Nation, v.cat.ActorName(n.Nation), n.Tally))
	}
	// Largest first, then by the name the table shows.
	slices.SortFunc(nations, func(a, b *forceTotal) int {
		return cmp.Or(-cmp.Compare(a.staff, b.staff), -cmp.Compare(a.eur, b.eur), strings.Compare(a.label, b.label),
			strings.Compare(a.key, b.key))
	})
	var locations, capabilities []*forceTotal
	for _, l := range t.ByLocation {
		locations = append(locations, line(string(l.Location), l.Location.Label(), l.Tally))
	}
	for _, c := range t.ByCapability {
		capabilities = append(capabilities, line(string(c.Capability), c.Capability.Label(), c.Tally))
	}
	// Values outside the vocabulary (a malformed draft) still count.
	locations = append(locations, unlistedForces(v.p, func(k *planner.Contribution) planner.Location { return k.Location },
		planner.Locations, planner.Location.Label)...)
	capabilities = append(capabilities, unlistedForces(v.p, func(k *planner.Contribution) planner.Capability { return k.Capability },
		planner.Capabilities, planner.Capability.Label)...)

	d.Blocks = append(d.Blocks,
		heading{2, "By nation"}, figure{Chart: chart.ForcesByNation(v.p, v.cat)}, forceTable("Nation", nations, all),
		heading{2, "By location"}, figure{Chart: chart.PersonnelByLocation(v.p)}, forceTable("Location", locations, all),
		heading{2, "By capability"}, forceTable("Capability", capabilities, all))
	v.contributionList(d)
}

// unlistedForces totals the live contributions whose value (of) is outside
// the vocabulary (listed), by value: TallyForces counts them in its totals
// but in no line of its breakdowns.
func unlistedForces[K ~string](p *planner.Plan, of func(*planner.Contribution) K, listed []K, label func(K) string) []*forceTotal {
	byValue := map[K]*forceTotal{}
	var out []*forceTotal
	for i := range p.Contributions {
		k := &p.Contributions[i]
		if !k.Live() || slices.Contains(listed, of(k)) {
			continue
		}
		t := byValue[of(k)]
		if t == nil {
			t = &forceTotal{key: string(of(k)), label: label(of(k))}
			byValue[of(k)] = t
			out = append(out, t)
		}
		t.count++
		t.staff += k.Personnel
		t.eur += k.AmountEURm
	}
	slices.SortFunc(out, func(a, b *forceTotal) int { return strings.Compare(a.key, b.key) })
	return out
}

func forceTable(what string, totals []*forceTotal, all *forceTotal) *table {
	t := &table{
		Columns: []column{
			{Header: what, Weight: 3},
			{Header: "Contributions", Weight: 1.2, Align: alignRight},
			{Header: "Personnel", Weight: 1.2, Align: alignRight},
			{Header: "EUR m", Weight: 1.2, Align: alignRight},
		},
		ToneColumn: -1,
		Empty:      "No live contributions.",
	}
	for _, f := range totals {
		t.Rows = append(t.Rows, row{Cells: []string{f.label, planner.Thousands(f.count), personnel(f.staff), euros(f.eur)}})
	}
	if len(totals) > 0 {
		t.Rows = append(t.Rows, row{Cells: []string{"Total", planner.Thousands(all.count), personnel(all.staff), euros(all.eur)}, Total: true})
	}
	return t
}

func (v *planView) contributionList(d *document) {
	t := &table{
		Columns: []column{
			{Header: "#", Width: 11},
			{Header: "Nation", Weight: 1.6},
			{Header: "Capability", Weight: 1.3},
			{Header: "Personnel", Weight: 1.1, Align: alignRight},
			{Header: "EUR m", Weight: 0.9, Align: alignRight},
			{Header: "Location", Weight: 1.3},
			{Header: "Activation", Weight: 1.2},
			{Header: "Status", Weight: 1.2},
			{Header: "Months", Width: 14, Align: alignRight},
		},
		ToneColumn: -1,
		Empty:      "The plan has no contributions.",
	}
	var assumed []field
	for i := range v.p.Contributions {
		k := &v.p.Contributions[i]
		months := "open"
		if k.Months != nil {
			months = strconv.Itoa(*k.Months)
		}
		t.Rows = append(t.Rows, row{Cells: []string{contributionCode(i), v.refs.marked(v.cat.ActorName(k.Nation), k.Provenance), k.Capability.Label(),
			personnel(k.Personnel), euros(k.AmountEURm), k.Location.Label(), k.Activation.Label(),
			k.Status.Label(), months}})
		if k.Assumption != "" {
			assumed = append(assumed, field{contributionCode(i), k.Assumption})
		}
	}
	d.Blocks = append(d.Blocks, heading{2, "Contributions"}, t)
	v.assumptions(d, assumed, false)
}

func (v *planView) termSection(d *document) {
	t := &table{
		Columns: []column{
			{Header: "Demand", Weight: 1.6},
			{Header: "Stance", Weight: 0.8},
			{Header: "Value", Weight: 0.7, Align: alignRight},
			{Header: "Notes", Weight: 3.4},
		},
		ToneColumn: -1,
		Empty:      "The plan takes no position on negotiation terms.",
	}
	if !v.show.termNotes {
		t.Columns = t.Columns[:3]
	}
	var assumed []field
	for _, term := range v.p.Terms {
		value := "—"
		if term.Value != nil {
			value = number(*term.Value)
		}
		cells := []string{v.refs.marked(term.Kind.Label(), term.Provenance), term.Stance.Label(), value}
		if v.show.termNotes {
			notes := term.Notes
			if notes == "" {
				notes = "—"
			}
			cells = append(cells, notes)
		}
		t.Rows = append(t.Rows, row{Cells: cells})
		if term.Assumption != "" {
			assumed = append(assumed, field{term.Kind.Label(), term.Assumption})
		}
	}
	d.Blocks = append(d.Blocks, heading{1, "Negotiation terms"}, t)
	v.assumptions(d, assumed, false)
}

// findingBlocks lists the findings with their severity, rule, subject,
// message and the documents the rule rests on, as references.
func (v *planView) findingBlocks(d *document) {
	c := planner.Count(v.findings)
	d.Blocks = append(d.Blocks, paragraph{Text: "Profile “" + v.profileName() + "”: " + findingCounts(c) + ".", Muted: true})
	t := &table{
		Columns: []column{
			{Header: "Severity", Width: 18},
			{Header: "Rule", Weight: 1.5},
			{Header: "Subject", Weight: 1.6},
			{Header: "Finding", Weight: 4.2},
			{Header: "Sources", Width: 17},
		},
		ToneColumn: 0,
		Empty:      "No findings.",
	}
	for _, f := range v.findings {
		srcs := findingSources(f)
		// The subject as a person knows it: by title, not by id.
		subject := "The plan"
		if f.Subject != "" {
			subject = capitalize(v.names.Name(f.Subject))
		}
		refs := v.refs.refs(srcs)
		if refs == "" {
			refs = "—"
		}
		t.Rows = append(t.Rows, row{Cells: []string{f.Severity.Label(), planner.RuleTitle(f.Rule), subject, v.refs.message(f.Message, srcs),
			refs}, Tone: string(f.Severity)})
	}
	d.Blocks = append(d.Blocks, t)
}
