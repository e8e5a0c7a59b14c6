package workbook

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"redline/planner"
)

// utf8BOM starts the CSV file. Excel on Windows reads a CSV file without it
// in the system's legacy code page, which garbles Cyrillic and Polish text;
// with it, Excel, LibreOffice and Numbers all read UTF-8. (Go's encoding/csv
// does not skip it: a program reading the file strips it first.)
const utf8BOM = "\uFEFF"

// WriteMatrixCSV writes the response matrix as CSV (RFC 4180: fields quoted
// as needed, CRLF line ends), starting with a UTF-8 byte order mark.
//
// The header row is "red line", "title", then the id of every response in
// plan order, then "sources", "assumption", "link sources" and "link
// assumptions"; each red line follows in plan order as its id, its title
// and, under each response that answers it, the trigger ("automatic" or
// "consultation"), else an empty field. The last four columns carry the
// provenance of the row: the red line's sources (as citations, joined by
// "; ") and assumption, and, for each link of the row that has them, a line
// "RESPONSE-ID: citations" or "RESPONSE-ID: assumption". Links that name a
// red line or response the plan lacks are left out; when two links name the
// same cell, the first counts (and its provenance is the cell's). Being a
// full grid, the file grows with red lines × responses.
//
// A spreadsheet program runs a field starting with =, +, -, @, tab or
// carriage return as a formula, so such a field — a title of "=SUM(A1)", an
// id of "-x" — is written with a leading apostrophe, which shows it as text.
// Plain numbers ("-5") are left alone. The CSV is a view for people and is
// never read back; the workbook and the JSON file keep every string exactly.
//
// Sources are shown as opt.Cite gives them; without it, as their ids.
func WriteMatrixCSV(w io.Writer, p *planner.Plan, opt Options) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	const trailing = 4 // sources, assumption, link sources, link assumptions
	record := make([]string, 2+len(p.Responses)+trailing)
	prov := record[2+len(p.Responses):]
	record[0], record[1] = "red line", "title"
	prov[0], prov[1], prov[2], prov[3] = "sources", "assumption", "link sources", "link assumptions"
	col := make(map[string]int, len(p.Responses))
	for i := range p.Responses {
		id := p.Responses[i].ID
		record[2+i] = safeField(id)
		if _, dup := col[id]; !dup {
			col[id] = 2 + i
		}
	}
	if err := cw.Write(record); err != nil {
		return err
	}
	row := make(map[string]int, len(p.RedLines))
	for i := range p.RedLines {
		if _, dup := row[p.RedLines[i].ID]; !dup {
			row[p.RedLines[i].ID] = i
		}
	}
	cells := make([][]planner.Link, len(p.RedLines))
	for _, l := range p.Links {
		if r, ok := row[l.RedLine]; ok {
			if _, ok := col[l.Response]; ok {
				cells[r] = append(cells[r], l)
			}
		}
	}
	cite := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = id
			if opt.Cite != nil {
				out[i], _ = opt.Cite(id)
			}
		}
		return strings.Join(out, "; ")
	}
	var linkSources, linkAssumptions []string
	for i := range p.RedLines {
		rl := &p.RedLines[i]
		clear(record)
		record[0], record[1] = safeField(rl.ID), safeField(rl.Title)
		linkSources, linkAssumptions = linkSources[:0], linkAssumptions[:0]
		for _, l := range cells[i] {
			if c := col[l.Response]; record[c] == "" {
				record[c] = safeField(string(l.Trigger))
				if len(l.Sources) > 0 {
					linkSources = append(linkSources, l.Response+": "+cite(l.Sources))
				}
				if l.Assumption != "" {
					linkAssumptions = append(linkAssumptions, l.Response+": "+l.Assumption)
				}
			}
		}
		prov[0], prov[1] = safeField(cite(rl.Sources)), safeField(rl.Assumption)
		prov[2], prov[3] = safeField(strings.Join(linkSources, "\n")), safeField(strings.Join(linkAssumptions, "\n"))
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// safeField defuses a field a spreadsheet program would run as a formula.
func safeField(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil && numberSyntax.MatchString(s) {
		return s
	}
	return "'" + s
}
