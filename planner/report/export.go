package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"redline/planner"
	"redline/planner/report/workbook"
)

// Format is one way to export a plan: a summary to read, the matrix or the
// workbook to edit in a spreadsheet, or the lossless plan file.
type Format struct {
	// Name is what `redlinectl export --format` takes.
	Name string
	// Ext is the file name extension the app suggests.
	Ext string
	// Title is what the app's File → Export menu shows.
	Title string
}

// Formats lists the export formats in the order the app's menu shows them.
var Formats = []Format{
	{"pdf", ".pdf", "Plan summary (PDF)"},
	{"md", ".md", "Plan summary (Markdown)"},
	{"html", ".html", "Plan summary (HTML)"},
	{"csv", ".csv", "Response matrix (CSV)"},
	{"png", ".png", "Response matrix picture (PNG)"},
	{"svg", ".svg", "Response matrix picture (SVG)"},
	{"xlsx", ".xlsx", "Workbook (XLSX)"},
	{"json", ".redline.json", "Plan file (JSON)"},
}

// FormatNames is the list of format names, as a usage line shows them.
func FormatNames() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = f.Name
	}
	return strings.Join(names, "|")
}

// ShowsFindings reports whether the named format shows the checker's
// findings, and so needs the plan's profile: the summaries and the
// workbook do; the matrix and the plan file do not.
func ShowsFindings(format string) bool {
	switch format {
	case "pdf", "md", "html", "xlsx":
		return true
	}
	return false
}

// TakesAudience reports whether the named format can be written for an
// audience other than the facilitator (Summary.Audience): the summaries
// can. The other formats are a planner's working files or pictures of the
// matrix, and the workbook and the plan file read back into the whole
// plan, where a copy that left something out would lose it; they are
// written whole, for the facilitator, or not at all.
func TakesAudience(format string) bool {
	switch format {
	case "pdf", "md", "html":
		return true
	}
	return false
}

// FormatByName looks a format up by its name.
func FormatByName(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Export writes s.Plan in the named format. The summaries and the workbook
// show the findings of planner.Check (or s.Findings when given); the matrix
// (as CSV, or as a picture for slides, PNG or SVG) and the plan file carry
// none. The workbook's properties and time stamps carry s.Date.
func Export(w io.Writer, format string, s Summary) error {
	if _, ok := FormatByName(format); ok && s.Audience != Facilitator && !TakesAudience(format) {
		return fmt.Errorf("the %s export is written whole, for the facilitator; a %s copy is a summary: pdf, md or html",
			format, s.Audience.Name())
	}
	switch format {
	case "pdf":
		return WritePDF(w, s)
	case "md":
		return WriteMarkdown(w, s)
	case "html":
		return WriteHTML(w, s)
	case "csv":
		return workbook.WriteMatrixCSV(w, s.Plan, workbook.Options{Cite: s.Cite})
	case "png":
		return WriteMatrixPNG(w, s.Plan)
	case "svg":
		return WriteMatrixSVG(w, s.Plan)
	case "xlsx":
		findings := s.Findings
		if findings == nil {
			findings = planner.Check(s.Plan, s.Catalog, s.Profile)
		}
		return workbook.WriteXLSXWith(w, s.Plan, findings, workbook.Options{Date: s.Date, Catalog: s.Catalog, Cite: s.Cite})
	case "json":
		data, err := planner.Encode(s.Plan)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	return fmt.Errorf("no export format %q; want one of %s", format, FormatNames())
}

// ReadPlan decodes a plan from what the exports write back: a
// redline-plan/v1 JSON document or an XLSX workbook, told apart by their
// first bytes: a spreadsheet file (a zip archive, or the compound file of
// an old .xls or an encrypted workbook) goes to the workbook reader, which
// says what it is, rather than to the JSON loader. source names the input
// in error messages.
func ReadPlan(data []byte, source string) (*planner.Plan, error) {
	if workbook.IsWorkbook(data) {
		return workbook.ReadXLSX(bytes.NewReader(data), source)
	}
	p, err := planner.DecodePlan(data)
	if fe, ok := err.(*planner.FormatError); ok && fe.Source == "" {
		fe.Source = source
	}
	return p, err
}
