package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"redline/planner"
)

// maxProblems bounds how many problems one import reports, as the JSON
// loader does.
const maxProblems = 20

// keptProblems is how many problems the reader holds before it sorts them
// and drops all but the first maxProblems: a hostile sheet can have a
// problem in every row.
const keptProblems = 1000

// ReadXLSX reads a workbook written by WriteXLSX and perhaps edited in a
// spreadsheet program since. source names the file in errors.
//
// A workbook that is not a workbook, lacks a sheet or a required column, or
// holds a value the redline-plan/v1 format refuses gives a
// *planner.FormatError whose problems name the sheet, cell and column
// (`Red lines!F7 (threshold_value): want a number, got "five hundred"`),
// several at once up to a bound, with More counting the rest. Substance —
// a link to a red line that does not exist, say — is left to the checker,
// exactly as for a JSON plan.
//
// A file whose meaning is in doubt — damaged XML or zip data, a row or
// cell reference outside the sheet or out of order, a shared string that
// does not exist, a part the archive holds twice — gives one problem
// naming the sheet and cell, or the part, and nothing else. So does a
// workbook holding more than a plan Redline reads: its plan must encode to
// at most planner.MaxInputSize of JSON, as Redline's own JSON export of it
// would need to be read back. The work and memory an import takes follow
// from that bound, whatever the file claims (see xlsxread.go), and it
// writes nothing to disk.
func ReadXLSX(r io.Reader, source string) (*planner.Plan, error) {
	data, err := planner.ReadAllLimited(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	x, err := openXLSX(data)
	if err != nil {
		return nil, refusal(source, err)
	}
	rd := &reader{x: x, source: source}
	return rd.read()
}

// The first bytes of a zip archive and of a compound file (OLE2).
var (
	zipMagic = []byte("PK")
	cfbMagic = []byte("\xd0\xcf\x11\xe0")
)

// IsWorkbook reports whether data starts as a spreadsheet file does: a zip
// archive (an .xlsx, or the .xlsb and .ods ReadXLSX names) or a compound
// file (an .xls, or an .xlsx encrypted with a password, which Excel wraps
// in one). No JSON document starts so. A caller telling a workbook from a
// JSON plan by its first bytes gives such a file to ReadXLSX, whose message
// says what it is; the JSON loader could only say it is not UTF-8.
func IsWorkbook(data []byte) bool {
	return bytes.HasPrefix(data, zipMagic) || bytes.HasPrefix(data, cfbMagic)
}

// openMessage tells from its first bytes a file that is no zip archive,
// and so no .xlsx workbook; it is "" for one that is.
func openMessage(data []byte) string {
	switch {
	case bytes.HasPrefix(data, cfbMagic):
		// A compound file: an .xls workbook, or an .xlsx one encrypted
		// with a password, which Excel wraps in one.
		return "not an .xlsx workbook: this is an old-format .xls file or an encrypted workbook; save it as .xlsx (Excel Workbook) without a password"
	case !bytes.HasPrefix(data, zipMagic):
		return "not an .xlsx workbook (an .xlsx file is a zip archive); export the plan with WriteXLSX or save it as .xlsx"
	}
	return ""
}

// refusal is the error for a workbook the reader cannot or will not read:
// one problem, naming the sheet and cell or the part.
func refusal(source string, err error) error {
	var xe *xlsxError
	if errors.As(err, &xe) {
		return single(source, printable(xe.where), printable(xe.msg))
	}
	return single(source, "", printable(err.Error()))
}

// printable writes as Go escapes (\x1b, \u202e) what in s could rewrite
// the terminal or reorder the text around it: control characters,
// bidirectional formatting and bytes that are not UTF-8. A refusal names
// parts and elements as the file spells them.
func printable(s string) string {
	plain := func(r rune) bool {
		return r != utf8.RuneError && !unicode.IsControl(r) && !unicode.Is(unicode.Bidi_Control, r)
	}
	clean := true
	for _, r := range s {
		if !plain(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], string(utf8.RuneError)):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !plain(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func single(source, path, msg string) *planner.FormatError {
	return &planner.FormatError{Source: source, Problems: []planner.Problem{{Path: path, Message: msg}}}
}

// problem is one problem with where it sorts: by sheet, row and column.
type problem struct {
	sheet, row, col int
	planner.Problem
}

func byPlace(a, b problem) int {
	if a.sheet != b.sheet {
		return a.sheet - b.sheet
	}
	if a.row != b.row {
		return a.row - b.row
	}
	return a.col - b.col
}

// reader turns the sheets of a workbook into a plan, remembering which cell
// each field came from so that the loader's JSON paths can be named as cells.
type reader struct {
	x        *xlsxFile
	source   string
	fatal    error           // a refusal: no more is read
	problems []problem       // at most keptProblems
	dropped  int             // problems dropped from problems, all after the first maxProblems
	reported map[string]bool // JSON paths already reported from a cell
	size     int             // the least JSON the rows read so far encode to

	sheets  map[string]*sheetData // JSON list name → its sheet
	rows    map[string][]int      // JSON list name → sheet row of each item
	planRow map[string]int        // Plan sheet key → row
	planTab *sheetData
	obsTab  *sheetData
	obsRows [][]int // per inject: sheet rows of its observations
}

// sheetData is one table sheet as read: the cells of its rows with a value,
// by the table's columns, and where each column is on the sheet.
type sheetData struct {
	t     *table
	order int
	rows  []sheetRow
	col   []int // per column of t: index on the sheet (0-based), or -1 when absent
	last  int   // the number of the sheet's last row
}

// sheetRow is a row below the header with a value in one of the table's
// columns: its 1-based number and its cells, one per column of the table.
type sheetRow struct {
	n     int
	cells []string
}

// rowBlock is how many rows' cells openTable allocates at once: fewer
// allocations than a slice per row, and no copying as a growing slice
// would.
const rowBlock = 1024

func (s *sheetData) get(row []string, name string) string {
	return row[s.t.index(name)]
}

// cellPath names the cell of a column in sheet row row (1-based).
func (s *sheetData) cellPath(row int, name string) (string, int) {
	i := s.col[s.t.index(name)]
	if i < 0 {
		return s.t.sheet + " row " + strconv.Itoa(row) + " (" + name + ")", 0
	}
	return cellName(s.t.sheet, i+1, row, name), i + 1
}

func (rd *reader) fail(sheet string, row, col int, path, msg string) {
	rd.problems = append(rd.problems, problem{sheet: sheetIndex(sheet), row: row, col: col,
		Problem: planner.Problem{Path: path, Message: msg}})
	if len(rd.problems) >= keptProblems {
		// Only the first maxProblems in sheet order are reported. A stable
		// sort keeps them, in the order of a sort of all problems: those
		// kept were all reported before any still to come.
		slices.SortStableFunc(rd.problems, byPlace)
		rd.dropped += len(rd.problems) - maxProblems
		clear(rd.problems[maxProblems:])
		rd.problems = rd.problems[:maxProblems]
	}
}

// failCell reports a problem with the cell of column name in row, and the
// JSON path whose value came from it, so the loader does not report the
// same thing again.
func (rd *reader) failCell(s *sheetData, row int, name, jsonPath, msg string) {
	path, col := s.cellPath(row, name)
	rd.fail(s.t.sheet, row, col, path, msg)
	if jsonPath != "" {
		rd.reported[jsonPath] = true
	}
}

func sheetIndex(name string) int {
	if i := slices.Index(sheetOrder, name); i >= 0 {
		return i
	}
	return len(sheetOrder)
}

func (rd *reader) read() (*planner.Plan, error) {
	rd.reported = map[string]bool{}
	rd.rows = map[string][]int{}
	rd.sheets = map[string]*sheetData{}
	p := &planner.Plan{}
	rd.readPlan(p)
	rd.readRedLines(p)
	rd.readResponses(p)
	rd.readContributions(p)
	rd.readLinks(p)
	rd.readTerms(p)
	rd.readInjects(p)
	rd.readActors(p)
	rd.readIndicators(p)
	rd.readSources(p)
	if rd.fatal != nil {
		return nil, refusal(rd.source, rd.fatal)
	}
	// The loader decides what is well-formed, exactly as for a JSON file.
	data, err := planner.Encode(p)
	if err != nil {
		return nil, err
	}
	if len(data) > planner.MaxInputSize {
		return nil, single(rd.source, "", tooLargeMessage(float64(len(data))/(1<<20)))
	}
	q, err := planner.DecodePlan(data)
	var fe *planner.FormatError
	if err != nil && !errors.As(err, &fe) {
		return nil, err
	}
	more := rd.dropped
	if fe != nil {
		for _, pr := range fe.Problems {
			if rd.reported[pr.Path] {
				continue
			}
			rd.problems = append(rd.problems, rd.locate(pr))
		}
		more += fe.More
	}
	if len(rd.problems) == 0 {
		return q, nil
	}
	slices.SortStableFunc(rd.problems, byPlace)
	out := &planner.FormatError{Source: rd.source, More: more}
	for i, pr := range rd.problems {
		if i >= maxProblems {
			out.More += len(rd.problems) - maxProblems
			break
		}
		out.Problems = append(out.Problems, pr.Problem)
	}
	return nil, out
}

func tooLargeMessage(mib float64) string {
	return fmt.Sprintf("the plan in this workbook is %.1f MiB or more as JSON; Redline reads plans up to %d MiB, so split it into smaller plans",
		mib, planner.MaxInputSize>>20)
}

// header normalises a header cell: "Hours to effect " reads as
// hours_to_effect.
func header(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_")
}

// openTable reads a table sheet and finds its columns by their headers. It
// returns nil, with the problem recorded, when the sheet is missing or its
// header row is wrong. It keeps only the cells of the table's columns, and
// stops the import once the rows read hold more than a plan Redline reads.
func (rd *reader) openTable(t *table) *sheetData {
	if rd.fatal != nil {
		return nil
	}
	s := &sheetData{t: t, order: sheetIndex(t.sheet), col: make([]int, len(t.cols))}
	for i := range s.col {
		s.col[i] = -1
	}
	ok := true
	var (
		named    []bool // per sheet column: the header names it
		at       []int  // per sheet column: the table column it holds, or -1
		headDone bool
		reported = map[int]bool{}
	)
	head := func(cells []xcell) {
		if len(cells) > 0 {
			width := cells[len(cells)-1].col + 1
			named, at = make([]bool, width), make([]int, width)
		}
		for i := range at {
			at[i] = -1
		}
		for _, c := range cells {
			name := header(c.value)
			if name == "" {
				continue
			}
			named[c.col] = true
			i := c.col
			j := slices.IndexFunc(t.cols, func(c column) bool { return c.name == name })
			switch {
			case j < 0:
				rd.fail(t.sheet, 1, i+1, cellName(t.sheet, i+1, 1, ""),
					fmt.Sprintf("unknown column %q; the %s sheet has the columns %s", c.value, t.sheet, t.names()))
				ok = false
			case s.col[j] >= 0:
				rd.fail(t.sheet, 1, i+1, cellName(t.sheet, i+1, 1, ""),
					fmt.Sprintf("column %q appears twice; keep one", t.cols[j].name))
				ok = false
			default:
				s.col[j], at[i] = i, j
			}
		}
		for j, c := range t.cols {
			if c.required && s.col[j] < 0 {
				rd.fail(t.sheet, 1, len(named)+1, t.sheet,
					fmt.Sprintf("missing column %q; the header row (row 1) must name %s", c.name, t.requiredNames()))
				ok = false
			}
		}
		headDone = true
	}
	cost := itemCost()[t]
	w := len(t.cols)
	var block []string // where the cells of the next rows go
	found, last, err := rd.x.readSheet(t.sheet, func(n int, cells []xcell) error {
		if n == 1 {
			head(cells)
			return nil
		}
		if !headDone {
			head(nil) // the sheet has no header row
		}
		var row []string // the row's cells, once it has a value
		for _, c := range cells {
			// Data under a blank header would be silently dropped: say
			// so, once per column.
			if c.col >= len(named) || !named[c.col] {
				if !reported[c.col] {
					rd.fail(t.sheet, n, c.col+1, cellName(t.sheet, c.col+1, n, ""),
						"a value in a column without a header; name the column or clear it")
					reported[c.col] = true
					ok = false
				}
				continue
			}
			j := at[c.col]
			if !ok || j < 0 {
				continue // nothing is imported; the header's problems say why
			}
			if row == nil {
				if len(block) < w {
					block = make([]string, rowBlock*w)
				}
				row, block = block[:w:w], block[w:]
				s.rows = append(s.rows, sheetRow{n: n, cells: row})
			}
			row[j] = c.value
		}
		if row != nil {
			rd.size += cost + valueCost(t, row)
			if rd.size > planner.MaxInputSize {
				return &xlsxError{where: t.sheet, msg: fmt.Sprintf("by row %s of this sheet, %s",
					planner.Thousands(n), tooLargeMessage(float64(rd.size)/(1<<20)))}
			}
		}
		return nil
	})
	s.last = last
	switch {
	case err != nil:
		rd.fatal = err
		return nil
	case !found && t.optional():
		return &sheetData{t: t, order: s.order, col: s.col}
	case !found:
		rd.fail(t.sheet, 0, 0, t.sheet, fmt.Sprintf("sheet missing; the workbook needs a sheet named %q with the columns %s", t.sheet, t.names()))
		return nil
	}
	if !headDone {
		head(nil)
	}
	if !ok {
		return nil
	}
	return s
}

// itemCost is, per table, the least JSON planner.Encode writes for an item
// of its list: the item with every field empty. A row's cells add to it
// (valueCost), so that the sum over the rows read is a lower bound of the
// plan's JSON and stops an import that could never fit as it reads.
var itemCost = sync.OnceValue(func() map[*table]int {
	size := func(p *planner.Plan) int {
		data, _ := planner.Encode(p)
		return len(data)
	}
	marginal := func(add func(p *planner.Plan)) int {
		one, two := &planner.Plan{}, &planner.Plan{}
		add(one)
		add(two)
		add(two)
		return size(two) - size(one)
	}
	return map[*table]int{
		planTable:         sharedStringCost, // a field of the plan itself (`"title":"",`); its value counts besides
		redLineTable:      marginal(func(p *planner.Plan) { p.RedLines = append(p.RedLines, planner.RedLine{}) }),
		responseTable:     marginal(func(p *planner.Plan) { p.Responses = append(p.Responses, planner.Response{}) }),
		contributionTable: marginal(func(p *planner.Plan) { p.Contributions = append(p.Contributions, planner.Contribution{}) }),
		linkTable:         marginal(func(p *planner.Plan) { p.Links = append(p.Links, planner.Link{}) }),
		termTable:         marginal(func(p *planner.Plan) { p.Terms = append(p.Terms, planner.Term{}) }),
		injectTable:       marginal(func(p *planner.Plan) { p.Injects = append(p.Injects, planner.Inject{}) }),
		observationTable: marginal(func(p *planner.Plan) {
			if len(p.Injects) == 0 {
				p.Injects = []planner.Inject{{}}
			}
			p.Injects[0].Observations = append(p.Injects[0].Observations, planner.Observation{})
		}),
		actorTable:     marginal(func(p *planner.Plan) { p.Actors = append(p.Actors, planner.Actor{}) }),
		indicatorTable: marginal(func(p *planner.Plan) { p.Indicators = append(p.Indicators, planner.Indicator{}) }),
		sourceTable:    marginal(func(p *planner.Plan) { p.Sources = append(p.Sources, planner.Source{}) }),
	}
})

// valueCost is the least JSON a row's values add to its item: a string's
// bytes (JSON escapes only lengthen it) and a list's items without the
// commas and spaces between them. A number may encode shorter than it is
// written ("1.50"), so it counts nothing beyond the zero of an empty item.
func valueCost(t *table, cells []string) int {
	n := 0
	for j, v := range cells {
		switch t.cols[j].kind {
		case textCol, enumCol:
			n += len(v)
		case listCol:
			n += len(v) - strings.Count(v, ",") - strings.Count(v, " ")
		case whenCol:
			// Every character but the separators and spaces is written
			// at least once (red_line:x becomes "red_line": "x").
			n += len(v) - strings.Count(v, ";") - strings.Count(v, " ")
		}
	}
	return n
}

// each calls fn for every row below the header with a value in it, with
// its 1-based sheet row number.
func (s *sheetData) each(fn func(row []string, n int)) {
	for _, r := range s.rows {
		fn(r.cells, r.n)
	}
}

// numberSyntax is a decimal number as a person or a spreadsheet writes it.
var numberSyntax = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// number reads a number cell. An empty cell is absent (ok false, no
// problem); anything but a finite number is a problem.
func (rd *reader) number(s *sheetData, row []string, n int, name, jsonPath string) (float64, bool) {
	v := strings.TrimSpace(s.get(row, name))
	if v == "" {
		return 0, false
	}
	if !numberSyntax.MatchString(v) {
		rd.failCell(s, n, name, jsonPath, fmt.Sprintf("want a number, got %q", s.get(row, name)))
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) {
		rd.failCell(s, n, name, jsonPath, fmt.Sprintf("number %s is out of range", v))
		return 0, false
	}
	return f, true
}

// requiredNumber is number for a required field: an empty cell is a problem.
func (rd *reader) requiredNumber(s *sheetData, row []string, n int, name, jsonPath string) float64 {
	if strings.TrimSpace(s.get(row, name)) == "" {
		rd.failCell(s, n, name, jsonPath, "required, but empty; want a number")
		return 0
	}
	f, _ := rd.number(s, row, n, name, jsonPath)
	return f
}

// integer reads a whole-number cell; the loader checks its range.
func (rd *reader) integer(s *sheetData, row []string, n int, name, jsonPath string, required bool) (int, bool) {
	if required && strings.TrimSpace(s.get(row, name)) == "" {
		rd.failCell(s, n, name, jsonPath, "required, but empty; want a whole number")
		return 0, false
	}
	f, ok := rd.number(s, row, n, name, jsonPath)
	if !ok {
		return 0, false
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		rd.failCell(s, n, name, jsonPath, fmt.Sprintf("want a whole number, got %s", strings.TrimSpace(s.get(row, name))))
		return 0, false
	}
	return int(f), true
}

// list splits a comma-separated cell; blank items are dropped.
func list[T ~string](s *sheetData, row []string, name string) []T {
	v := s.get(row, name)
	if strings.TrimSpace(v) == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	out := make([]T, 0, len(parts))
	for _, part := range parts {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, T(part))
		}
	}
	return out
}

func (rd *reader) readPlan(p *planner.Plan) {
	rd.planRow = map[string]int{}
	s := rd.openTable(planTable)
	rd.planTab = s
	p.Format = planner.PlanFormat // so the loader checks the rest when the row is missing
	if s == nil {
		return
	}
	values := map[string]string{}
	s.each(func(row []string, n int) {
		raw := s.get(row, "key")
		key := header(raw)
		path, col := s.cellPath(n, "key")
		switch {
		case !slices.Contains(planKeys, key):
			rd.fail(sheetPlan, n, col, path, fmt.Sprintf("unknown key %q; the Plan sheet has the keys %s", raw, strings.Join(planKeys, ", ")))
		case rd.planRow[key] != 0:
			rd.fail(sheetPlan, n, col, path, fmt.Sprintf("key %q appears twice (also in row %d); keep one", key, rd.planRow[key]))
		default:
			rd.planRow[key] = n
			values[key] = s.get(row, "value")
		}
	})
	for _, key := range []string{"format", "title", "phase"} {
		if rd.planRow[key] == 0 {
			rd.fail(sheetPlan, s.last+1, 1, sheetPlan, fmt.Sprintf("missing the row %q; the Plan sheet has the keys %s", key, strings.Join(planKeys, ", ")))
			rd.reported[key] = true
		}
	}
	if n := rd.planRow["format"]; n != 0 {
		if values["format"] == "" {
			rd.failCell(s, n, "value", "format", fmt.Sprintf("required, but empty; want %q", planner.PlanFormat))
		} else {
			p.Format = values["format"]
		}
	}
	p.ID = values["id"]
	p.Title = values["title"]
	p.Classification = values["classification"]
	p.Phase = planner.Phase(values["phase"])
	p.Profile = values["profile"]
}

// begin opens the sheet of a JSON list, so that the loader's paths into
// that list can be placed on it.
func (rd *reader) begin(t *table, list string) *sheetData {
	s := rd.openTable(t)
	if s != nil {
		rd.sheets[list] = s
	}
	return s
}

func itemPath(list string, i int, key string) string {
	return list + "[" + strconv.Itoa(i) + "]." + key
}

func (rd *reader) readRedLines(p *planner.Plan) {
	s := rd.begin(redLineTable, "red_lines")
	if s == nil {
		return
	}
	s.each(func(row []string, n int) {
		i := len(p.RedLines)
		rd.rows["red_lines"] = append(rd.rows["red_lines"], n)
		r := planner.RedLine{ID: s.get(row, "id"), Title: s.get(row, "title"),
			Domain: planner.Domain(s.get(row, "domain")), Indicator: s.get(row, "indicator"), Notes: s.get(row, "notes")}
		op := s.get(row, "threshold_op")
		value, valueOK := rd.number(s, row, n, "threshold_value", itemPath("red_lines", i, "threshold.value"))
		hasValue := strings.TrimSpace(s.get(row, "threshold_value")) != ""
		switch {
		case op != "" && !hasValue:
			rd.failCell(s, n, "threshold_value", itemPath("red_lines", i, "threshold.value"),
				"required when threshold_op is set; give both, or clear both for a red line without a threshold")
			r.Threshold = &planner.Threshold{Op: planner.Op(op)}
		case op != "" || hasValue:
			r.Threshold = &planner.Threshold{Op: planner.Op(op), Value: value}
		}
		if op == "" && valueOK {
			rd.failCell(s, n, "threshold_op", itemPath("red_lines", i, "threshold.op"),
				"required when threshold_value is set; want one of "+strings.Join(strs(planner.Ops), " "))
		}
		r.Severity, _ = rd.integer(s, row, n, "severity", itemPath("red_lines", i, "severity"), true)
		r.Provenance = provenance(s, row)
		p.RedLines = append(p.RedLines, r)
	})
}

func (rd *reader) readResponses(p *planner.Plan) {
	s := rd.begin(responseTable, "responses")
	if s == nil {
		return
	}
	s.each(func(row []string, n int) {
		i := len(p.Responses)
		rd.rows["responses"] = append(rd.rows["responses"], n)
		r := planner.Response{ID: s.get(row, "id"), Title: s.get(row, "title"),
			Kind: planner.ResponseKind(s.get(row, "kind")), Mechanism: planner.Mechanism(s.get(row, "mechanism")),
			Lead:         s.get(row, "lead"),
			Participants: list[string](s, row, "participants"),
			Requires:     list[planner.Precondition](s, row, "requires"),
			Capabilities: list[planner.Capability](s, row, "capabilities"),
			Uses:         list[string](s, row, "uses"),
		}
		r.HoursToEffect = rd.requiredNumber(s, row, n, "hours_to_effect", itemPath("responses", i, "hours_to_effect"))
		r.Provenance = provenance(s, row)
		p.Responses = append(p.Responses, r)
	})
}

func (rd *reader) readContributions(p *planner.Plan) {
	s := rd.begin(contributionTable, "contributions")
	if s == nil {
		return
	}
	s.each(func(row []string, n int) {
		i := len(p.Contributions)
		rd.rows["contributions"] = append(rd.rows["contributions"], n)
		c := planner.Contribution{ID: s.get(row, "id"), Nation: s.get(row, "nation"),
			Capability: planner.Capability(s.get(row, "capability")), Location: planner.Location(s.get(row, "location")),
			Activation: planner.Activation(s.get(row, "activation")), Status: planner.Status(s.get(row, "status"))}
		c.Personnel, _ = rd.integer(s, row, n, "personnel", itemPath("contributions", i, "personnel"), false)
		c.AmountEURm, _ = rd.number(s, row, n, "amount_eur_m", itemPath("contributions", i, "amount_eur_m"))
		if m, ok := rd.integer(s, row, n, "months", itemPath("contributions", i, "months"), false); ok {
			c.Months = &m
		}
		c.Provenance = provenance(s, row)
		p.Contributions = append(p.Contributions, c)
	})
}

func (rd *reader) readLinks(p *planner.Plan) {
	s := rd.begin(linkTable, "links")
	if s == nil {
		return
	}
	s.each(func(row []string, n int) {
		rd.rows["links"] = append(rd.rows["links"], n)
		p.Links = append(p.Links, planner.Link{RedLine: s.get(row, "red_line"), Response: s.get(row, "response"),
			Trigger: planner.Trigger(s.get(row, "trigger")), Provenance: provenance(s, row)})
	})
}

func (rd *reader) readTerms(p *planner.Plan) {
	s := rd.begin(termTable, "terms")
	if s == nil {
		return
	}
	s.each(func(row []string, n int) {
		i := len(p.Terms)
		rd.rows["terms"] = append(rd.rows["terms"], n)
		t := planner.Term{ID: s.get(row, "id"), Kind: planner.TermKind(s.get(row, "kind")),
			Stance: planner.Stance(s.get(row, "stance")), Notes: s.get(row, "notes")}
		if v, ok := rd.number(s, row, n, "value", itemPath("terms", i, "value")); ok {
			t.Value = &v
		}
		t.Provenance = provenance(s, row)
		p.Terms = append(p.Terms, t)
	})
}

func (rd *reader) readInjects(p *planner.Plan) {
	s := rd.begin(injectTable, "injects")
	if s != nil {
		s.each(func(row []string, n int) {
			i := len(p.Injects)
			rd.rows["injects"] = append(rd.rows["injects"], n)
			in := planner.Inject{ID: s.get(row, "id"), Title: s.get(row, "title"), Phase: planner.Phase(s.get(row, "phase")),
				Brief: s.get(row, "brief"), Provenance: provenance(s, row)}
			in.AtHours = rd.requiredNumber(s, row, n, "at_hours", itemPath("injects", i, "at_hours"))
			when, msg := parseWhen(s.get(row, "when"))
			if msg != "" {
				rd.failCell(s, n, "when", itemPath("injects", i, "when"), msg)
			}
			in.When = when
			p.Injects = append(p.Injects, in)
		})
	}
	o := rd.openTable(observationTable)
	rd.obsTab = o
	if o == nil || s == nil {
		return // without the injects, observations have nowhere to go
	}
	// An observation names its inject by id, or id#k for the k-th inject
	// of that id.
	byRef := make(map[string]int, len(p.Injects))
	seen := make(map[string]int, len(p.Injects))
	for i := range p.Injects {
		id := p.Injects[i].ID
		seen[id]++
		ref := observationRef(id, seen[id])
		if _, dup := byRef[ref]; !dup {
			byRef[ref] = i
		}
	}
	rd.obsRows = make([][]int, len(p.Injects))
	o.each(func(row []string, n int) {
		ref := strings.TrimSpace(o.get(row, "inject"))
		i, ok := byRef[ref]
		if !ok {
			rd.failCell(o, n, "inject", "", fmt.Sprintf("no inject %q on the Injects sheet; an observation belongs to an inject listed there", ref))
			return
		}
		in := &p.Injects[i]
		j := len(in.Observations)
		rd.obsRows[i] = append(rd.obsRows[i], n)
		path := fmt.Sprintf("injects[%d].observations[%d].value", i, j)
		v := rd.requiredNumber(o, row, n, "value", path)
		in.Observations = append(in.Observations, planner.Observation{Indicator: o.get(row, "indicator"), Value: v})
	})
}

func (rd *reader) readActors(p *planner.Plan) {
	s := rd.begin(actorTable, "actors")
	if s == nil {
		return
	}
	s.each(func(row []string, n int) {
		rd.rows["actors"] = append(rd.rows["actors"], n)
		p.Actors = append(p.Actors, planner.Actor{Code: s.get(row, "code"), Name: s.get(row, "name"),
			Kind: planner.ActorKind(s.get(row, "kind"))})
	})
}

// readSources reads the plan's own sources; a workbook without the Sources
// sheet has none.
func (rd *reader) readSources(p *planner.Plan) {
	s := rd.begin(sourceTable, "sources")
	if s == nil {
		return
	}
	s.each(func(row []string, n int) {
		rd.rows["sources"] = append(rd.rows["sources"], n)
		p.Sources = append(p.Sources, planner.Source{ID: s.get(row, "id"), Title: s.get(row, "title"),
			Publisher: s.get(row, "publisher"), Date: s.get(row, "date"), URL: s.get(row, "url")})
	})
}

// provenance reads an entry's sources (comma-separated) and assumption.
func provenance(s *sheetData, row []string) planner.Provenance {
	return planner.Provenance{Sources: list[string](s, row, "sources"), Assumption: s.get(row, "assumption")}
}

func (rd *reader) readIndicators(p *planner.Plan) {
	s := rd.begin(indicatorTable, "indicators")
	if s == nil {
		return
	}
	s.each(func(row []string, n int) {
		rd.rows["indicators"] = append(rd.rows["indicators"], n)
		p.Indicators = append(p.Indicators, planner.Indicator{Key: s.get(row, "key"), Name: s.get(row, "name"),
			Unit: s.get(row, "unit")})
	})
}

// pathStep is one step of a loader path: a key, and an index when the key
// names a list item (`red_lines[3]`).
type pathStep struct {
	key   string
	index int // -1 when none
}

var stepSyntax = regexp.MustCompile(`^([a-z_]+)(?:\[([0-9]+)\])?$`)

func splitPath(path string) ([]pathStep, bool) {
	var steps []pathStep
	for _, part := range strings.Split(path, ".") {
		m := stepSyntax.FindStringSubmatch(part)
		if m == nil {
			return nil, false
		}
		st := pathStep{key: m[1], index: -1}
		if m[2] != "" {
			st.index, _ = strconv.Atoi(m[2])
		}
		steps = append(steps, st)
	}
	return steps, true
}

// locate turns a problem the loader found at a JSON path into one at the
// cell the value came from. A path it cannot place keeps its JSON form.
func (rd *reader) locate(pr planner.Problem) problem {
	out := problem{sheet: len(sheetOrder), Problem: pr}
	steps, ok := splitPath(pr.Path)
	if !ok || len(steps) == 0 {
		return out
	}
	at := func(s *sheetData, row int, name, prefix string) problem {
		path, col := s.cellPath(row, name)
		msg := pr.Message
		if prefix != "" {
			msg = prefix + msg
		}
		return problem{sheet: s.order, row: row, col: col, Problem: planner.Problem{Path: path, Message: msg}}
	}
	first := steps[0]
	if first.index < 0 {
		if n := rd.planRow[first.key]; n != 0 && len(steps) == 1 && rd.planTab != nil {
			return at(rd.planTab, n, "value", "")
		}
		return out
	}
	s := rd.sheets[first.key]
	rows := rd.rows[first.key]
	if s == nil || first.index >= len(rows) || len(steps) < 2 {
		return out
	}
	row := rows[first.index]
	field, item := steps[1].key, steps[1].index
	switch {
	case first.key == "red_lines" && field == "threshold":
		field = "threshold_op"
		if len(steps) > 2 && steps[2].key == "value" {
			field = "threshold_value"
		}
	case first.key == "injects" && field == "observations":
		if rd.obsTab == nil || first.index >= len(rd.obsRows) || item < 0 || item >= len(rd.obsRows[first.index]) || len(steps) < 3 {
			return out
		}
		return at(rd.obsTab, rd.obsRows[first.index][item], steps[2].key, "")
	}
	if !slices.ContainsFunc(s.t.cols, func(c column) bool { return c.name == field }) {
		return out
	}
	prefix := ""
	switch {
	case item >= 0 && field == "when":
		prefix = fmt.Sprintf("condition %d: ", item+1)
	case item >= 0:
		prefix = fmt.Sprintf("item %d: ", item+1)
	}
	return at(s, row, field, prefix)
}
