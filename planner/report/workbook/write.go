package workbook

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"redline/planner"
)

// xlsxWriter fills a new workbook sheet by sheet through excelize's stream
// writer, which keeps large plans fast and lean.
type xlsxWriter struct {
	f      *excelize.File
	header int // style of header cells: bold on grey
	note   int // style of the note above the matrix: italic
	text   int // style of text columns: the "@" number format, so typing keeps text
	sheets int // sheets made so far
	opt    Options
}

func newXLSXWriter(f *excelize.File) (*xlsxWriter, error) {
	x := &xlsxWriter{f: f}
	var err error
	x.header, err = f.NewStyle(&excelize.Style{
		Font:   &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border: []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
	})
	if err != nil {
		return nil, err
	}
	x.note, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}})
	if err != nil {
		return nil, err
	}
	x.text, err = f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	return x, nil
}

func (x *xlsxWriter) write(p *planner.Plan, findings []planner.Finding) error {
	steps := []func() error{
		func() error { return x.plan(p) },
		func() error { return x.redLines(p) },
		func() error { return x.responses(p) },
		func() error { return x.contributions(p) },
		func() error { return x.links(p) },
		func() error { return x.matrix(p) },
		func() error { return x.terms(p) },
		func() error { return x.injects(p) },
		func() error { return x.observations(p) },
		func() error { return x.actors(p) },
		func() error { return x.indicators(p) },
		func() error { return x.sources(p) },
		func() error { return x.findings(p, findings) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	// The Plan sheet, made first from the new workbook's first sheet, is
	// the active one. (SetActiveSheet would parse every streamed sheet back.)
	return nil
}

// newSheet makes the next sheet; the first takes the place of the blank
// sheet a new workbook starts with.
func (x *xlsxWriter) newSheet(name string) error {
	x.sheets++
	if x.sheets == 1 {
		return x.f.SetSheetName("Sheet1", name)
	}
	_, err := x.f.NewSheet(name)
	return err
}

// table writes a table sheet of n data rows; fill sets the cells of row i
// (0-based) and returns a WriteError message with the column it concerns
// when the row cannot be written.
func (x *xlsxWriter) table(t *table, n int, extra []*excelize.DataValidation, fill func(i int, cells []any) (col int, msg string)) error {
	if n+1 > maxRows {
		return fmt.Errorf("workbook: sheet %s: %w: %d rows, a sheet holds %d", t.sheet, ErrTooManyRows, n, maxRows-1)
	}
	if err := x.newSheet(t.sheet); err != nil {
		return err
	}
	lastRow := n + 1
	if t != planTable && t != findingTable { // a fixed list and a report take no new rows
		lastRow = editableRows(lastRow)
	}
	last, _ := excelize.CoordinatesToCellName(len(t.cols), lastRow)
	if err := x.f.AutoFilter(t.sheet, "A1:"+last, nil); err != nil {
		return err
	}
	for i, c := range t.cols {
		if c.kind != enumCol {
			continue
		}
		dv, err := dropDown(i+1, 2, lastRow, c.name, c.values)
		if err != nil {
			return err
		}
		extra = append(extra, dv)
	}
	for _, dv := range extra {
		if err := x.f.AddDataValidation(t.sheet, dv); err != nil {
			return err
		}
	}
	sw, err := x.f.NewStreamWriter(t.sheet)
	if err != nil {
		return err
	}
	if err := x.layout(sw, t.cols, 1, 0); err != nil {
		return err
	}
	header := make([]any, len(t.cols))
	for i, c := range t.cols {
		header[i] = excelize.Cell{StyleID: x.header, Value: c.name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	cells := make([]any, len(t.cols))
	for i := 0; i < n; i++ {
		clear(cells)
		col, msg := fill(i, cells)
		if msg == "" {
			col, msg = checkCells(cells)
		}
		if msg != "" {
			return &WriteError{Cell: cellName(t.sheet, col+1, i+2, t.cols[col].name), Message: msg}
		}
		if err := sw.SetRow(rowRef(i+2), cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// roomRows is how many rows below a table's last row its drop-downs and
// autofilter reach, so that rows a person adds get them too. They stop
// there rather than at the sheet's last row: some readers (ExcelJS) expand
// a validation cell by cell, and over a whole column that takes minutes
// and gigabytes.
const roomRows = 5000

// editableRows is the last row a table whose last row is last leaves for
// editing.
func editableRows(last int) int {
	return min(last+roomRows, maxRows)
}

// layout sets column widths and styles and freezes the first rows (and
// columns) of a sheet about to be streamed.
func (x *xlsxWriter) layout(sw *excelize.StreamWriter, cols []column, frozenRows, frozenCols int) error {
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
		if c.kind == textCol || c.kind == enumCol || c.kind == listCol || c.kind == whenCol {
			if err := sw.SetColStyle(i+1, i+1, x.text); err != nil {
				return err
			}
		}
	}
	topLeft, _ := excelize.CoordinatesToCellName(frozenCols+1, frozenRows+1)
	pane := "bottomLeft"
	if frozenCols > 0 {
		pane = "bottomRight"
	}
	return sw.SetPanes(&excelize.Panes{
		Freeze: true, XSplit: frozenCols, YSplit: frozenRows, TopLeftCell: topLeft, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: topLeft, ActiveCell: topLeft, Pane: pane}},
	})
}

// dropDown is a list validation over column col from row first to last.
func dropDown(col, first, last int, name string, values []string) (*excelize.DataValidation, error) {
	dv := excelize.NewDataValidation(true)
	from, _ := excelize.CoordinatesToCellName(col, first)
	to, _ := excelize.CoordinatesToCellName(col, last)
	dv.SetSqref(from + ":" + to)
	if err := dv.SetDropList(values); err != nil {
		return nil, err
	}
	title := "Not a " + strings.ReplaceAll(name, "_", " ")
	dv.SetError(excelize.DataValidationErrorStyleStop, title, "Pick one of: "+strings.Join(values, " "))
	return dv, nil
}

func rowRef(row int) string {
	ref, _ := excelize.CoordinatesToCellName(1, row)
	return ref
}

// checkCells reports the first string cell a workbook cannot hold.
func checkCells(cells []any) (int, string) {
	for i, c := range cells {
		if s, ok := c.(string); ok {
			if msg := cellText(s); msg != "" {
				return i, msg
			}
		}
	}
	return 0, ""
}

// text is a string cell; the empty string is no cell at all.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (x *xlsxWriter) plan(p *planner.Plan) error {
	values := []string{p.Format, p.ID, p.Title, p.Classification, string(p.Phase), p.Profile}
	phase, err := dropDown(2, planPhaseRow, planPhaseRow, "phase", strs(planner.Phases))
	if err != nil {
		return err
	}
	return x.table(planTable, len(planKeys), []*excelize.DataValidation{phase}, func(i int, cells []any) (int, string) {
		cells[0], cells[1] = planKeys[i], text(values[i])
		return 0, ""
	})
}

func (x *xlsxWriter) redLines(p *planner.Plan) error {
	return x.table(redLineTable, len(p.RedLines), nil, func(i int, c []any) (int, string) {
		r := &p.RedLines[i]
		c[0], c[1], c[2], c[3] = text(r.ID), text(r.Title), text(string(r.Domain)), text(r.Indicator)
		if r.Threshold != nil {
			c[4], c[5] = text(string(r.Threshold.Op)), r.Threshold.Value
		}
		c[6], c[7] = r.Severity, text(r.Notes)
		return provenanceCells(&r.Provenance, c, 8)
	})
}

// provenanceCells fills an entry's sources and assumption cells, columns col
// and col+1.
func provenanceCells(pr *planner.Provenance, c []any, col int) (int, string) {
	sources, fault := listText(pr.Sources)
	if fault != "" {
		return col, fault
	}
	c[col], c[col+1] = text(sources), text(pr.Assumption)
	return 0, ""
}

func (x *xlsxWriter) responses(p *planner.Plan) error {
	return x.table(responseTable, len(p.Responses), nil, func(i int, c []any) (int, string) {
		r := &p.Responses[i]
		c[0], c[1], c[2], c[3], c[4] = text(r.ID), text(r.Title), text(string(r.Kind)), text(string(r.Mechanism)), text(r.Lead)
		c[6] = r.HoursToEffect
		lists := []struct {
			col   int
			text  string
			fault string
		}{{col: 5}, {col: 7}, {col: 8}, {col: 9}}
		lists[0].text, lists[0].fault = listText(r.Participants)
		lists[1].text, lists[1].fault = listText(r.Requires)
		lists[2].text, lists[2].fault = listText(r.Capabilities)
		lists[3].text, lists[3].fault = listText(r.Uses)
		for _, l := range lists {
			if l.fault != "" {
				return l.col, l.fault
			}
			c[l.col] = text(l.text)
		}
		return provenanceCells(&r.Provenance, c, 10)
	})
}

func (x *xlsxWriter) contributions(p *planner.Plan) error {
	return x.table(contributionTable, len(p.Contributions), nil, func(i int, c []any) (int, string) {
		k := &p.Contributions[i]
		c[0], c[1], c[2] = text(k.ID), text(k.Nation), text(string(k.Capability))
		if k.Personnel != 0 {
			c[3] = k.Personnel
		}
		if k.AmountEURm != 0 {
			c[4] = k.AmountEURm
		}
		c[5], c[6], c[7] = text(string(k.Location)), text(string(k.Activation)), text(string(k.Status))
		if k.Months != nil {
			c[8] = *k.Months
		}
		return provenanceCells(&k.Provenance, c, 9)
	})
}

func (x *xlsxWriter) links(p *planner.Plan) error {
	return x.table(linkTable, len(p.Links), nil, func(i int, c []any) (int, string) {
		l := &p.Links[i]
		c[0], c[1], c[2] = text(l.RedLine), text(l.Response), text(string(l.Trigger))
		return provenanceCells(&l.Provenance, c, 3)
	})
}

func (x *xlsxWriter) terms(p *planner.Plan) error {
	return x.table(termTable, len(p.Terms), nil, func(i int, c []any) (int, string) {
		t := &p.Terms[i]
		c[0], c[1], c[2] = text(t.ID), text(string(t.Kind)), text(string(t.Stance))
		if t.Value != nil {
			c[3] = *t.Value
		}
		c[4] = text(t.Notes)
		return provenanceCells(&t.Provenance, c, 5)
	})
}

func (x *xlsxWriter) injects(p *planner.Plan) error {
	return x.table(injectTable, len(p.Injects), nil, func(i int, c []any) (int, string) {
		in := &p.Injects[i]
		c[0], c[1], c[2], c[3] = text(in.ID), in.AtHours, text(in.Title), text(string(in.Phase))
		when, fault := whenText(in.When)
		if fault != "" {
			return 5, fault
		}
		c[4], c[5] = text(in.Brief), text(when)
		return provenanceCells(&in.Provenance, c, 6)
	})
}

func (x *xlsxWriter) observations(p *planner.Plan) error {
	type obs struct {
		ref string
		o   *planner.Observation
	}
	var rows []obs
	seen := make(map[string]int, len(p.Injects))
	for i := range p.Injects {
		in := &p.Injects[i]
		seen[in.ID]++
		ref := observationRef(in.ID, seen[in.ID])
		for j := range in.Observations {
			rows = append(rows, obs{ref, &in.Observations[j]})
		}
	}
	return x.table(observationTable, len(rows), nil, func(i int, c []any) (int, string) {
		c[0], c[1], c[2] = text(rows[i].ref), text(rows[i].o.Indicator), rows[i].o.Value
		return 0, ""
	})
}

func (x *xlsxWriter) actors(p *planner.Plan) error {
	return x.table(actorTable, len(p.Actors), nil, func(i int, c []any) (int, string) {
		a := &p.Actors[i]
		c[0], c[1], c[2] = text(a.Code), text(a.Name), text(string(a.Kind))
		return 0, ""
	})
}

func (x *xlsxWriter) indicators(p *planner.Plan) error {
	return x.table(indicatorTable, len(p.Indicators), nil, func(i int, c []any) (int, string) {
		ind := &p.Indicators[i]
		c[0], c[1], c[2] = text(ind.Key), text(ind.Name), text(ind.Unit)
		return 0, ""
	})
}

func (x *xlsxWriter) sources(p *planner.Plan) error {
	return x.table(sourceTable, len(p.Sources), nil, func(i int, c []any) (int, string) {
		src := &p.Sources[i]
		c[0], c[1], c[2], c[3], c[4] = text(src.ID), text(src.Title), text(src.Publisher), text(src.Date), text(src.URL)
		return 0, ""
	})
}

// findings writes the Findings sheet: what a person reads (the entry in
// words, the sources as citations) beside the ids a filter needs.
func (x *xlsxWriter) findings(p *planner.Plan, findings []planner.Finding) error {
	names := planner.NewNames(p, x.opt.Catalog)
	var cites []string
	return x.table(findingTable, len(findings), nil, func(i int, c []any) (int, string) {
		f := &findings[i]
		entry := "the plan as a whole"
		if f.Subject != "" {
			entry = names.Name(f.Subject)
		}
		c[0], c[1], c[2], c[3], c[4] = text(string(f.Severity)), text(f.Rule), text(f.Subject), text(entry), text(f.Message)
		cites = cites[:0]
		for _, id := range f.Sources {
			if x.opt.Cite != nil {
				cite, _ := x.opt.Cite(id)
				cites = append(cites, cite)
			} else {
				cites = append(cites, id)
			}
		}
		c[5] = text(strings.Join(cites, "; "))
		return 0, ""
	})
}

// matrixNote heads the Matrix sheet.
const matrixNote = "Informational: the links as a grid of red lines (rows) × responses (columns). " +
	"Import reads the Links sheet and ignores this one; edit links there."

// matrix writes the Matrix sheet: a note row, a header row of response ids
// and one row per red line with the trigger of each link. Only the cells of
// links are written, so its cost grows with the links, not the grid.
func (x *xlsxWriter) matrix(p *planner.Plan) error {
	const first = 2 // columns before the responses: red line, title
	if err := x.newSheet(sheetMatrix); err != nil {
		return err
	}
	wide := len(p.Responses)+first > maxColumns
	tall := len(p.RedLines)+2 > maxRows
	cols := []column{{name: "red line", width: wID, kind: textCol}, {name: "title", width: wTitle, kind: textCol}}
	if !wide && !tall {
		// The grid's drop-downs cover its cells and no more: the sheet
		// is informational, so rows added there have no use.
		if len(p.Responses) > 0 && len(p.RedLines) > 0 {
			from, _ := excelize.CoordinatesToCellName(first+1, 3)
			to, _ := excelize.CoordinatesToCellName(first+len(p.Responses), len(p.RedLines)+2)
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(from + ":" + to)
			if err := dv.SetDropList(strs(planner.Triggers)); err != nil {
				return err
			}
			if err := x.f.AddDataValidation(sheetMatrix, dv); err != nil {
				return err
			}
		}
	}
	if !wide && !tall {
		last, _ := excelize.CoordinatesToCellName(first+len(p.Responses), len(p.RedLines)+2)
		if err := x.f.AutoFilter(sheetMatrix, "A2:"+last, nil); err != nil {
			return err
		}
	}
	sw, err := x.f.NewStreamWriter(sheetMatrix)
	if err != nil {
		return err
	}
	if err := x.layout(sw, cols, 2, first); err != nil {
		return err
	}
	if len(p.Responses) > 0 && !wide && !tall {
		// One <col> element for all response columns: excelize looks up a
		// cell's column style by scanning them, once per cell.
		if err := sw.SetColWidth(first+1, first+len(p.Responses), 14); err != nil {
			return err
		}
		if err := sw.SetColStyle(first+1, first+len(p.Responses), x.text); err != nil {
			return err
		}
	}
	note := matrixNote
	if wide || tall {
		note = fmt.Sprintf("The plan has %d red lines × %d responses, more than one sheet can show as a grid; "+
			"the Links sheet lists every link.", len(p.RedLines), len(p.Responses))
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: x.note, Value: note}}); err != nil {
		return err
	}
	if wide || tall {
		return sw.Flush()
	}
	row := make([]any, first+len(p.Responses))
	row[0] = excelize.Cell{StyleID: x.header, Value: "red line"}
	row[1] = excelize.Cell{StyleID: x.header, Value: "title"}
	respCol := make(map[string]int, len(p.Responses))
	for i := range p.Responses {
		id := p.Responses[i].ID
		if msg := cellText(id); msg != "" {
			return &WriteError{Cell: cellName(sheetMatrix, first+i+1, 2, ""), Message: msg}
		}
		row[first+i] = excelize.Cell{StyleID: x.header, Value: id}
		if _, dup := respCol[id]; !dup {
			respCol[id] = first + i
		}
	}
	if err := sw.SetRow("A2", row); err != nil {
		return err
	}
	rlRow := make(map[string]int, len(p.RedLines))
	for i := range p.RedLines {
		if _, dup := rlRow[p.RedLines[i].ID]; !dup {
			rlRow[p.RedLines[i].ID] = i
		}
	}
	cells := make([][]int, len(p.RedLines)) // per red line: indexes of its links
	for i, l := range p.Links {
		if r, ok := rlRow[l.RedLine]; ok {
			if _, ok := respCol[l.Response]; ok {
				cells[r] = append(cells[r], i)
			}
		}
	}
	for i := range p.RedLines {
		r := &p.RedLines[i]
		clear(row)
		row[0], row[1] = text(r.ID), text(r.Title)
		if col, msg := checkCells(row[:first]); msg != "" {
			return &WriteError{Cell: cellName(sheetMatrix, col+1, i+3, cols[col].name), Message: msg}
		}
		end := first
		for _, li := range cells[i] {
			l := &p.Links[li]
			c := respCol[l.Response]
			if row[c] == nil {
				if msg := cellText(string(l.Trigger)); msg != "" {
					return &WriteError{Cell: cellName(sheetMatrix, c+1, i+3, l.Response), Message: msg}
				}
				row[c] = text(string(l.Trigger))
				end = max(end, c+1)
			}
		}
		if err := sw.SetRow(rowRef(i+3), row[:end]); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// The document property parts, which WriteXLSXWith writes itself.
const (
	partCore = "docProps/core.xml"
	partApp  = "docProps/app.xml"
)

// xmlDecl starts each property part, as Excel writes it.
const xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n"

// coreProperties is docProps/core.xml in the form Excel and LibreOffice
// write, every element with its namespace prefix: the plan's title and
// classification as title and subject, Redline as the creator, and date (if
// not zero) as the time of creation and last change. A title or
// classification that no cell can hold is left out; the Plan sheet refuses
// it with the cell named.
func coreProperties(p *planner.Plan, date time.Time) []byte {
	var b bytes.Buffer
	b.WriteString(xmlDecl)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	element := func(name, text string) {
		if text == "" || cellText(text) != "" {
			return
		}
		b.WriteString("<" + name + ">")
		_ = xml.EscapeText(&b, []byte(text)) // a bytes.Buffer does not fail
		b.WriteString("</" + name + ">")
	}
	element("dc:title", p.Title)
	element("dc:subject", p.Classification)
	element("dc:creator", "Redline")
	element("cp:lastModifiedBy", "Redline")
	if !date.IsZero() {
		w3c := date.UTC().Format("2006-01-02T15:04:05Z")
		b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + w3c + `</dcterms:created>`)
		b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + w3c + `</dcterms:modified>`)
	}
	b.WriteString(`</cp:coreProperties>`)
	return b.Bytes()
}

// appProperties is docProps/app.xml as Excel writes it: the application and
// the names of the worksheets.
func appProperties(sheets []string) []byte {
	var b bytes.Buffer
	b.WriteString(xmlDecl)
	b.WriteString(`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"` +
		` xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
		`<Application>Redline</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>`)
	fmt.Fprintf(&b, `<HeadingPairs><vt:vector size="2" baseType="variant">`+
		`<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>%d</vt:i4></vt:variant>`+
		`</vt:vector></HeadingPairs>`, len(sheets))
	fmt.Fprintf(&b, `<TitlesOfParts><vt:vector size="%d" baseType="lpstr">`, len(sheets))
	for _, s := range sheets {
		b.WriteString("<vt:lpstr>")
		_ = xml.EscapeText(&b, []byte(s))
		b.WriteString("</vt:lpstr>")
	}
	b.WriteString(`</vt:vector></TitlesOfParts>` +
		`<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>` +
		`</Properties>`)
	return b.Bytes()
}
