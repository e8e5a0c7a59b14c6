// Package report turns a plan, and a tabletop run of it, into documents a
// ministry can print and circulate: a plan summary and an after-action
// report, each as Markdown, HTML (with print CSS) or A4 PDF.
//
// Each report is built once into a small document model — a title page,
// headings, paragraphs, bulleted lists, key–value lists, tables, charts and
// the response matrix — that three writers render. What a report says is therefore decided in one
// place (summary.go, afteraction.go) and only how it looks differs between
// the formats. Findings always come from planner.Check, the one function that
// decides what is wrong with a plan.
//
// The package imports no GUI toolkit and no database; the PDF writer uses
// github.com/go-pdf/fpdf with the Noto Sans fonts of package assets, so that
// Київ and Rzeszów print on any machine.
package report

import (
	"slices"

	"redline/planner/chart"
)

// document is one report, ready to render.
type document struct {
	// Classification is printed as a banner at the top and bottom of every page.
	Classification string
	// Kind says what the document is ("Plan summary", "After-action report").
	Kind  string
	Title string
	// Meta is the title page's list: classification, phase, profile, date.
	Meta []field
	// Brief, when not empty, is set on the first page under the title and
	// Meta, in place of a title page of its own: what an adviser reads in
	// a minute. Blocks follow it from the next page, as its annex.
	Brief  []block
	Blocks []block
}

// block is one of heading, paragraph, bullets, fieldList, keyFigures,
// table, figure, matrix or references.
type block interface{ isBlock() }

// heading opens a section (level 1) or a subsection (level 2).
type heading struct {
	Level int
	Text  string
}

// paragraph is running text. Muted paragraphs are captions and legends.
type paragraph struct {
	Text  string
	Muted bool
}

// bullets is a list of sentences, each set as a bulleted item.
type bullets struct{ Items []string }

// figure is a chart (package chart): drawn as vectors in the PDF, kept on
// one page; as an inline SVG in HTML; and, since Markdown cannot draw, as
// its title and its data in a table.
type figure struct {
	Chart chart.Chart
	// MaxHeight is the most height the drawing may take, in millimetres;
	// 0 is a page less a heading.
	MaxHeight float64
	// Full, when not nil, is the chart's figures in full, set under the
	// drawing by the formats that draw it: the builder gives it when the
	// drawing cannot hold every row and says so. Markdown, which prints
	// the chart's whole data instead of drawing it, leaves it out.
	Full *table
}

// keyFigures is a list of figures, each a number and what it counts, set
// beside a chart (the brief's key figures and its one chart).
type keyFigures struct {
	Figures []keyFigure
	Chart   figure
}

type keyFigure struct{ Value, Label string }

// field is one label–value pair.
type field struct{ Label, Value string }

// fieldList is a list of label–value pairs, such as the overview figures.
// Narrow lists have short labels (codes such as L3), set in a narrow column;
// Medium ones labels of a word or two (an id, "L1 → R2").
type fieldList struct {
	Fields []field
	Narrow bool
	Medium bool
}

// references is a report's list of the documents it cites.
type references struct{ Items []reference }

// reference is one document: its mark ("[3]"), its citation, and a web
// address (http or https only) when it has one.
type reference struct{ Mark, Text, URL string }

// align is a column's horizontal alignment.
type align byte

const (
	alignLeft align = iota
	alignRight
	alignCenter
)

// column describes one table column. Weight shares out the page width in
// the PDF; Width, when set, fixes it in millimetres.
type column struct {
	Header string
	Weight float64
	Width  float64
	Align  align
	// Code marks identifiers and file names: monospace in HTML, a code
	// span in Markdown.
	Code bool
}

// row is one table row. Tone ("blocker", "warning", "advice") tints the
// table's ToneColumn; Tones, when set, tint cells one by one (the
// scorecard's "strong", "weak", "missing"; "" leaves a cell plain); Total
// marks a totals row, set in bold.
type row struct {
	Cells []string
	Tone  string
	Tones []string
	Total bool
}

// table is a table with one header row, repeated on every PDF page it spans.
type table struct {
	Columns []column
	Rows    []row
	// Grid draws rules between the columns too, for the matrix.
	Grid bool
	// ToneColumn is the column a row's Tone tints; -1 for none.
	ToneColumn int
	// Empty is said instead of the table when it has no rows.
	Empty string
}

// matrix is the response matrix: red lines by responses, each cell a
// trigger mark. It is stored by row so that a plan with thousands of
// responses costs only its links; the writers choose between a grid and a
// list per red line (see gridFits).
type matrix struct {
	Rows []matrixRow
	// Cols are the responses: Code "R3", Label its title.
	Cols []matrixCol
	// Picture is the matrix as a chart (chart.ResponseMatrix), numbered
	// as the grid is: the PDF draws it instead of the grid when it holds
	// the whole matrix on a page, and the grid or the list otherwise.
	Picture chart.Chart
}

type matrixRow struct {
	Code, Label string
	// Cells are the row's marks in column order.
	Cells []matrixCell
}

type matrixCol struct{ Code, Label string }

type matrixCell struct {
	Col  int
	Mark string // "A" automatic, "C" consultation
}

// eachText calls fn with every text of the document a writer prints.
func (d *document) eachText(fn func(string)) {
	fn(d.Classification)
	fn(d.Kind)
	fn(d.Title)
	for _, f := range d.Meta {
		fn(f.Label)
		fn(f.Value)
	}
	for _, b := range slices.Concat(d.Brief, d.Blocks) {
		switch x := b.(type) {
		case heading:
			fn(x.Text)
		case paragraph:
			fn(x.Text)
		case bullets:
			for _, it := range x.Items {
				fn(it)
			}
		case figure:
			x.eachText(fn)
		case keyFigures:
			for _, f := range x.Figures {
				fn(f.Value)
				fn(f.Label)
			}
			x.Chart.eachText(fn)
		case fieldList:
			for _, f := range x.Fields {
				fn(f.Label)
				fn(f.Value)
			}
		case *table:
			x.eachText(fn)
		case *matrix:
			for _, r := range x.Rows {
				fn(r.Code)
				fn(r.Label)
			}
			for _, c := range x.Cols {
				fn(c.Code)
				fn(c.Label)
			}
		case *references:
			for _, r := range x.Items {
				fn(r.Mark)
				fn(r.Text)
				fn(r.URL)
			}
		}
	}
}

func (t *table) eachText(fn func(string)) {
	for _, c := range t.Columns {
		fn(c.Header)
	}
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			fn(c)
		}
	}
	if len(t.Rows) == 0 {
		fn(t.Empty)
	}
}

// eachText calls fn with every text of the chart: its heading, legend and
// data, which hold every label the drawing shows.
func (x figure) eachText(fn func(string)) {
	h := x.Chart.Heading()
	fn(h.Title)
	fn(h.Caption)
	fn(h.Empty)
	d := x.Chart.Data()
	for _, c := range d.Columns {
		fn(c)
	}
	for _, r := range d.Rows {
		for _, c := range r {
			fn(c)
		}
	}
	for _, s := range x.Chart.Legend() {
		fn(s.Name)
	}
	if x.Full != nil {
		x.Full.eachText(fn)
	}
}

// dataTable is a chart's data as a report's table: the last column, which
// holds the most words, the widest.
func (x figure) dataTable() *table {
	d := x.Chart.Data()
	t := &table{ToneColumn: -1, Empty: x.Chart.Heading().Empty}
	for i, c := range d.Columns {
		col := column{Header: c, Weight: 1}
		switch {
		case i < len(d.Numeric) && d.Numeric[i]:
			col.Align = alignRight
		case i == len(d.Columns)-1:
			col.Weight = 3 // a timeline's lane: what happened when
		}
		t.Columns = append(t.Columns, col)
	}
	for _, r := range d.Rows {
		t.Rows = append(t.Rows, row{Cells: r})
	}
	return t
}

func (heading) isBlock()     {}
func (paragraph) isBlock()   {}
func (bullets) isBlock()     {}
func (figure) isBlock()      {}
func (keyFigures) isBlock()  {}
func (fieldList) isBlock()   {}
func (*table) isBlock()      {}
func (*matrix) isBlock()     {}
func (*references) isBlock() {}

// Matrix layout thresholds. A grid grows with red lines × responses, a list
// with links only: past these many responses a grid stops being readable
// (Markdown and HTML have one wide table) or affordable (the PDF repeats the
// red-line column on a page chunk per 14 responses), so the writers list the
// responses of each red line instead.
const (
	textGridMaxResponses = 16
	pdfGridMaxResponses  = 56
)

// gridFits reports whether the matrix is drawn as a grid given the limit.
func (m *matrix) gridFits(limit int) bool { return len(m.Cols) > 0 && len(m.Cols) <= limit }

// listTable is the matrix as a list: for each red line, the responses that
// answer it automatically and those that open a consultation.
func (m *matrix) listTable() *table {
	t := &table{
		Columns: []column{
			{Header: "#", Width: 12},
			{Header: "Red line", Weight: 2},
			{Header: "Automatic (A)", Weight: 2.2},
			{Header: "Consultation (C)", Weight: 2.2},
		},
		ToneColumn: -1,
		Empty:      "The plan has no red lines.",
	}
	for _, r := range m.Rows {
		var auto, cons []string
		for _, c := range r.Cells {
			col := m.Cols[c.Col]
			s := col.Code + " " + col.Label
			if c.Mark == markAutomatic {
				auto = append(auto, s)
			} else {
				cons = append(cons, s)
			}
		}
		t.Rows = append(t.Rows, row{Cells: []string{r.Code, r.Label, joinOr(auto, "; ", "—"), joinOr(cons, "; ", "—")}})
	}
	return t
}

// gridTable is the columns [from, to) of the matrix as a table whose first
// column names the red line.
func (m *matrix) gridTable(from, to int, labelWidth, cellWidth float64) *table {
	t := &table{ToneColumn: -1, Grid: true}
	t.Columns = append(t.Columns, column{Header: "Red line", Width: labelWidth})
	for _, c := range m.Cols[from:to] {
		t.Columns = append(t.Columns, column{Header: c.Code, Width: cellWidth, Align: alignCenter})
	}
	for _, r := range m.Rows {
		cells := make([]string, 1+to-from)
		cells[0] = r.Code + "  " + r.Label
		for _, c := range r.Cells {
			if c.Col >= from && c.Col < to {
				cells[1+c.Col-from] = c.Mark
			}
		}
		t.Rows = append(t.Rows, row{Cells: cells})
	}
	return t
}

const (
	markAutomatic    = "A"
	markConsultation = "C"
)
