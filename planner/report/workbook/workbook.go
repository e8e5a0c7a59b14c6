// Package workbook writes a plan as an Excel workbook (.xlsx) and reads it
// back, and writes the response matrix as CSV.
//
// The workbook holds the whole plan, one sheet per list of the
// redline-plan/v1 format, so that a planner can edit a plan in a spreadsheet
// program and import it again:
//
//	Plan           key/value rows: format, id, title, classification, phase, profile
//	Red lines      id, title, domain, indicator, threshold_op, threshold_value, severity, notes, sources, assumption
//	Responses      id, title, kind, mechanism, lead, participants, hours_to_effect, requires, capabilities, uses, sources, assumption
//	Contributions  id, nation, capability, personnel, amount_eur_m, location, activation, status, months, sources, assumption
//	Links          red_line, response, trigger, sources, assumption
//	Matrix         a note (row 1), then the links again as a grid: red line, title and one
//	               column per response id (row 2), a trigger in each linked cell (informational)
//	Terms          id, kind, stance, value, notes, sources, assumption
//	Injects        id, at_hours, title, phase, brief, when, sources, assumption
//	Observations   inject, indicator, value — one row per observation, in order
//	Actors         code, name, kind
//	Indicators     key, name, unit
//	Sources        id, title, publisher, date, url — the documents the plan cites beyond the built-in ones
//	Findings       severity, rule, subject, entry, message, sources (informational: the entry in words, the sources as citations)
//
// Each table sheet has a bold, frozen header row naming the JSON fields, an
// autofilter, column widths to suit and a drop-down list on every column
// whose values come from a closed vocabulary. Text columns are formatted as
// text, so that what a person types there (an id such as 007, an op such as
// ==) stays text instead of becoming a number or a formula. List fields
// (participants, requires, capabilities, uses, sources) are comma-separated
// in one cell. An empty cell is an absent optional field: a red line has no
// threshold when both threshold_op and threshold_value are empty, a
// contribution is open-ended when months is empty, a term has no value when
// value is empty, an entry without sources or assumption has none.
//
// An inject's when is one cell of conditions separated by semicolons, each
// "red_line:ID" (the red line was crossed) or "response:ID=OUTCOME" (the
// response got that outcome), with "not " before it to turn it round:
//
//	red_line:rl-incursion; not response:resp-rrf=approved
//
// Spaces around the separators do not matter and an empty cell is no
// condition. A cell that is not in this form is refused with the sheet,
// cell and the condition named; an id or outcome the format refuses is
// refused as the JSON loader refuses it, with the condition's number.
//
// The Sources sheet is optional on import, so that a workbook written
// before plans had sources still imports (as a plan with none).
//
// ReadXLSX finds columns by their header text, so reordered columns import
// as well. It ignores the Matrix and Findings sheets (the Links sheet is the
// authority on the matrix) and any sheet of the user's own. Whatever it reads
// passes through planner.DecodePlan, so a workbook is held to exactly the
// rules of the JSON loader; the problems it reports name the sheet, cell and
// column (`Red lines!E5 (threshold_op): want one of > >= < <= ==, got "=>"`).
//
// Any plan the strict loader accepts survives WriteXLSX and ReadXLSX
// unchanged: planner.Encode gives the same bytes before and after. Numbers
// are stored as numbers in their shortest exact decimal form, strings as
// strings (never formulas), whatever their content. Text a workbook cannot
// hold — a cell of more than 32,767 characters, a control character other
// than tab, line feed and carriage return — is refused by WriteXLSX with an
// error naming the cell, never truncated or replaced.
//
// The workbook is written for every spreadsheet program and library to
// open: its document properties are in the form Excel and LibreOffice write
// (docProps/core.xml with the cp:, dc: and dcterms: prefixes). Its
// drop-downs and autofilters cover a table's rows and roomRows more for the
// rows a person adds, never whole columns, which some readers (ExcelJS)
// expand cell by cell; a column's style is one <col> element, which they
// read as one. interop_test.go opens, edits and saves the
// workbook with ExcelJS and SheetJS (and LibreOffice where installed) and
// imports the edit back.
//
// The bytes WriteXLSX writes depend only on its arguments: the document
// properties' created and modified dates and the time stamp of every part
// of the zip archive are Options.Date, and the parts are written in name
// order.
package workbook

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"redline/planner"
)

// Sheet names, in the order the workbook holds them.
const (
	sheetPlan          = "Plan"
	sheetRedLines      = "Red lines"
	sheetResponses     = "Responses"
	sheetContributions = "Contributions"
	sheetLinks         = "Links"
	sheetMatrix        = "Matrix"
	sheetTerms         = "Terms"
	sheetInjects       = "Injects"
	sheetObservations  = "Observations"
	sheetActors        = "Actors"
	sheetIndicators    = "Indicators"
	sheetSources       = "Sources"
	sheetFindings      = "Findings"
)

// sheetOrder fixes the order of sheets; problems are sorted by it.
var sheetOrder = []string{sheetPlan, sheetRedLines, sheetResponses, sheetContributions, sheetLinks,
	sheetMatrix, sheetTerms, sheetInjects, sheetObservations, sheetActors, sheetIndicators, sheetSources, sheetFindings}

// Limits of the xlsx format.
const (
	maxCellChars = excelize.TotalCellChars // UTF-16 code units
	maxRows      = excelize.TotalRows
	maxColumns   = excelize.MaxColumns
)

// colKind is how a column's cells are written and read.
type colKind int

const (
	textCol   colKind = iota // a string, exactly as given
	enumCol                  // a string from a closed list (drop-down)
	listCol                  // comma-separated strings
	numberCol                // a finite number
	intCol                   // a whole number
	whenCol                  // an inject's conditions, separated by semicolons (when.go)
)

// column is one column of a table sheet. Its name is the header text and the
// JSON key of the field it holds.
type column struct {
	name     string
	width    float64
	kind     colKind
	required bool     // the header must be present on import
	values   []string // the drop-down of an enumCol, or the allowed items of a listCol
}

// table is the layout of one table sheet.
type table struct {
	sheet string
	cols  []column
}

func (t *table) index(name string) int {
	for i, c := range t.cols {
		if c.name == name {
			return i
		}
	}
	panic("workbook: no column " + name + " on sheet " + t.sheet)
}

// optional reports whether an import may lack the table's sheet: the
// Sources sheet, which workbooks written before plans had sources lack.
func (t *table) optional() bool { return t.sheet == sheetSources }

func (t *table) names() string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

func (t *table) requiredNames() string {
	var names []string
	for _, c := range t.cols {
		if c.required {
			names = append(names, c.name)
		}
	}
	return strings.Join(names, ", ")
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Column widths, in characters.
const (
	wID     = 16
	wCode   = 10
	wEnum   = 16
	wNumber = 16
	wTitle  = 48
	wNotes  = 60
	wList   = 28
)

// provenanceCols are the last columns of every sheet of entries that carry
// provenance: the sources they cite, comma-separated, and the assumption.
var provenanceCols = []column{
	{name: "sources", width: wList, kind: listCol},
	{name: "assumption", width: wNotes, kind: textCol},
}

var (
	planTable = &table{sheetPlan, []column{
		{name: "key", width: 18, kind: textCol, required: true},
		{name: "value", width: 60, kind: textCol, required: true},
	}}
	redLineTable = &table{sheetRedLines, []column{
		{name: "id", width: wID, kind: textCol, required: true},
		{name: "title", width: wTitle, kind: textCol, required: true},
		{name: "domain", width: wEnum, kind: enumCol, required: true, values: strs(planner.Domains)},
		{name: "indicator", width: 28, kind: textCol},
		{name: "threshold_op", width: 14, kind: enumCol, values: strs(planner.Ops)},
		{name: "threshold_value", width: wNumber, kind: numberCol},
		{name: "severity", width: 10, kind: intCol, required: true},
		{name: "notes", width: wNotes, kind: textCol},
		provenanceCols[0], provenanceCols[1],
	}}
	responseTable = &table{sheetResponses, []column{
		{name: "id", width: wID, kind: textCol, required: true},
		{name: "title", width: wTitle, kind: textCol, required: true},
		{name: "kind", width: wEnum, kind: enumCol, required: true, values: strs(planner.ResponseKinds)},
		{name: "mechanism", width: wEnum, kind: enumCol, required: true, values: strs(planner.Mechanisms)},
		{name: "lead", width: wCode, kind: textCol, required: true},
		{name: "participants", width: wList, kind: listCol},
		{name: "hours_to_effect", width: wNumber, kind: numberCol, required: true},
		{name: "requires", width: wList, kind: listCol, values: strs(planner.Preconditions)},
		{name: "capabilities", width: wList, kind: listCol, values: strs(planner.Capabilities)},
		{name: "uses", width: wList, kind: listCol},
		provenanceCols[0], provenanceCols[1],
	}}
	contributionTable = &table{sheetContributions, []column{
		{name: "id", width: wID, kind: textCol, required: true},
		{name: "nation", width: wCode, kind: textCol, required: true},
		{name: "capability", width: 20, kind: enumCol, required: true, values: strs(planner.Capabilities)},
		{name: "personnel", width: 12, kind: intCol},
		{name: "amount_eur_m", width: 14, kind: numberCol},
		{name: "location", width: 18, kind: enumCol, required: true, values: strs(planner.Locations)},
		{name: "activation", width: wEnum, kind: enumCol, required: true, values: strs(planner.Activations)},
		{name: "status", width: wEnum, kind: enumCol, required: true, values: strs(planner.Statuses)},
		{name: "months", width: 10, kind: intCol},
		provenanceCols[0], provenanceCols[1],
	}}
	linkTable = &table{sheetLinks, []column{
		{name: "red_line", width: wID, kind: textCol, required: true},
		{name: "response", width: wID, kind: textCol, required: true},
		{name: "trigger", width: wEnum, kind: enumCol, required: true, values: strs(planner.Triggers)},
		provenanceCols[0], provenanceCols[1],
	}}
	termTable = &table{sheetTerms, []column{
		{name: "id", width: wID, kind: textCol, required: true},
		{name: "kind", width: 24, kind: enumCol, required: true, values: strs(planner.TermKinds)},
		{name: "stance", width: wEnum, kind: enumCol, required: true, values: strs(planner.Stances)},
		{name: "value", width: wNumber, kind: numberCol},
		{name: "notes", width: wNotes, kind: textCol},
		provenanceCols[0], provenanceCols[1],
	}}
	injectTable = &table{sheetInjects, []column{
		{name: "id", width: wID, kind: textCol, required: true},
		{name: "at_hours", width: 10, kind: numberCol, required: true},
		{name: "title", width: wTitle, kind: textCol, required: true},
		{name: "phase", width: wEnum, kind: enumCol, values: strs(planner.Phases)},
		{name: "brief", width: wNotes, kind: textCol},
		{name: "when", width: 40, kind: whenCol},
		provenanceCols[0], provenanceCols[1],
	}}
	observationTable = &table{sheetObservations, []column{
		{name: "inject", width: wID, kind: textCol, required: true},
		{name: "indicator", width: 28, kind: textCol, required: true},
		{name: "value", width: wNumber, kind: numberCol, required: true},
	}}
	actorTable = &table{sheetActors, []column{
		{name: "code", width: wCode, kind: textCol, required: true},
		{name: "name", width: 32, kind: textCol, required: true},
		{name: "kind", width: wEnum, kind: enumCol, required: true, values: strs(planner.ActorKinds)},
	}}
	indicatorTable = &table{sheetIndicators, []column{
		{name: "key", width: 28, kind: textCol, required: true},
		{name: "name", width: wTitle, kind: textCol, required: true},
		{name: "unit", width: 18, kind: textCol, required: true},
	}}
	sourceTable = &table{sheetSources, []column{
		{name: "id", width: wID, kind: textCol, required: true},
		{name: "title", width: wTitle, kind: textCol, required: true},
		{name: "publisher", width: 32, kind: textCol},
		{name: "date", width: 14, kind: textCol},
		{name: "url", width: wTitle, kind: textCol},
	}}
	findingTable = &table{sheetFindings, []column{
		{name: "severity", width: 10, kind: textCol},
		{name: "rule", width: 28, kind: textCol},
		{name: "subject", width: 28, kind: textCol},
		{name: "entry", width: 40, kind: textCol},
		{name: "message", width: 90, kind: textCol},
		{name: "sources", width: 60, kind: textCol},
	}}
)

// planKeys are the rows of the Plan sheet, in order.
var planKeys = []string{"format", "id", "title", "classification", "phase", "profile"}

// The row of the phase on the Plan sheet, for its drop-down.
const planPhaseRow = 6

// listSep joins the items of a list cell; the reader splits on the comma and
// trims the spaces.
const listSep = ", "

// observationRef is how the Observations sheet names an inject: its id, or
// for the second and later injects sharing an id (a checker finding, but a
// loadable plan) "id#2", "id#3"… — '#' never occurs in an id.
func observationRef(id string, occurrence int) string {
	if occurrence <= 1 {
		return id
	}
	return fmt.Sprintf("%s#%d", id, occurrence)
}

// cellText checks that s fits in a cell as it is: at most 32,767 UTF-16
// units and only characters XML 1.0 can carry. It returns "" when it does.
func cellText(s string) string {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF:
			return fmt.Sprintf("contains the control character U+%04X, which a workbook cannot hold; remove it or export as JSON", r)
		}
		n += utf16.RuneLen(r)
	}
	if n > maxCellChars {
		return fmt.Sprintf("%d characters; a workbook cell holds at most %d, so shorten the text or export as JSON", n, maxCellChars)
	}
	return ""
}

// listText joins a list field for one cell, refusing items the reader could
// not split back out.
func listText[T ~string](items []T) (string, string) {
	var b strings.Builder
	for i, it := range items {
		s := string(it)
		if s == "" || strings.Contains(s, ",") || strings.TrimSpace(s) != s {
			return "", fmt.Sprintf("item %d (%q) cannot be written in a comma-separated cell", i+1, s)
		}
		if i > 0 {
			b.WriteString(listSep)
		}
		b.WriteString(s)
	}
	return b.String(), ""
}

// WriteError is returned by WriteXLSX for a plan a workbook cannot hold as
// it is, such as text longer than a cell allows. Cell names the place
// (`Red lines!H7 (notes)`).
type WriteError struct {
	Cell    string
	Message string
}

func (e *WriteError) Error() string {
	return "workbook: " + e.Cell + ": " + e.Message
}

// ErrTooManyRows is wrapped by the error for a list longer than a sheet's
// 1,048,575 data rows.
var ErrTooManyRows = errors.New("too many rows for one sheet")

func cellName(sheet string, col, row int, header string) string {
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		ref = fmt.Sprintf("R%dC%d", row, col)
	}
	if header == "" {
		return sheet + "!" + ref
	}
	return sheet + "!" + ref + " (" + header + ")"
}

// Options are how WriteXLSXWith writes a workbook beyond the plan.
type Options struct {
	// Date is when the workbook is made: its document properties say it
	// was created and last modified then, and every part of its zip
	// archive carries it as its time stamp. The zero Date writes no
	// dates in the properties and stamps the parts 1980-01-01 00:00, the
	// earliest time a zip archive can hold.
	Date time.Time
	// Catalog names the nations of the Findings sheet's entries; nil
	// leaves their codes.
	Catalog *planner.Catalog
	// Cite shows a finding's source as people read it (report.Summary's
	// Cite, seeds.PlanCitation); nil shows the ids.
	Cite func(id string) (string, bool)
}

// WriteXLSX writes the whole plan as a workbook with no date (see
// WriteXLSXWith). findings fill the Findings sheet; nil leaves it with its
// header only. Callers pass planner.Check's result. The plan is written as
// it is, defaults not filled in.
func WriteXLSX(w io.Writer, p *planner.Plan, findings []planner.Finding) error {
	return WriteXLSXWith(w, p, findings, Options{})
}

// WriteXLSXWith is WriteXLSX with options: the exports pass the date of
// the export. The same arguments always give the same bytes.
func WriteXLSXWith(w io.Writer, p *planner.Plan, findings []planner.Finding, opt Options) error {
	f := excelize.NewFile()
	defer f.Close()
	date := opt.Date.Truncate(time.Second)
	f.SetZipWriter(newSortedZip(date, map[string][]byte{
		partCore: coreProperties(p, date),
		partApp:  appProperties(sheetOrder),
	}))
	x, err := newXLSXWriter(f)
	if err != nil {
		return err
	}
	x.opt = opt
	if err := x.write(p, findings); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
