package workbook

// The reading side of the xlsx format: a small streaming reader over
// archive/zip and an XML tokenizer of its own (xlsxread_xml.go), written for
// files from anywhere.
//
// A workbook is a zip archive of XML parts. The reader opens only the parts
// an import needs — the package relationships, xl/workbook.xml and its
// relationships, the worksheets of the plan's sheets and, when one of them
// refers to it, the shared strings — and streams each through xmlScanner,
// so that what it holds in memory is the plan's cells, not the sheet's grid
// or its XML, and what it spends per cell is a few bytes' scanning, not an
// allocation. Every limit below is about what a plan Redline can read
// (planner.MaxInputSize of JSON) needs, so that a small hostile file costs
// no more than a large honest one:
//
//   - the archive is read from memory (ReadXLSX holds at most
//     planner.MaxInputSize of it), and nothing is written to disk;
//   - each part, and all parts together, unpack to a bounded size, checked
//     against the size the archive declares before a byte is inflated and
//     again as the bytes arrive;
//   - no XML token (a run of text, a tag with its attributes, a comment) is
//     longer than maxToken, and elements nest at most maxDepth deep, so
//     that the tokenizer never buffers much;
//   - row and cell references must lie inside a sheet (1,048,576 rows by
//     16,384 columns) and come in order, each row and cell once, so that
//     the work per sheet follows the XML, never the numbers in it.
//
// The reader is liberal in what it accepts otherwise, as Excel, LibreOffice,
// ExcelJS and SheetJS write workbooks differently: element and attribute
// names are matched by their local name whatever their prefix or
// namespace (x:row, transitional or strict OOXML), rows and cells may leave
// out their references (they are then positional), a string may be shared,
// inline or a formula's result, and text may come in rich-text runs. What
// it refuses is a file whose meaning is in doubt: a duplicated part, a
// reference out of the sheet or out of order, a shared string that does not
// exist, a cell type it does not know. Each refusal is one *xlsxError
// naming the sheet and cell, or the part.

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"redline/planner"
)

const (
	// maxParts bounds the entries of the archive: archive/zip allocates
	// a few hundred bytes for each before any is read. A workbook has a
	// few per sheet.
	maxParts = 10_000
	// maxUnpacked bounds what the parts read unpack to, together. The
	// sheets WriteXLSX writes take about twice the JSON of the same plan
	// (1.8 to 1.9 on generated plans, with long values or short), and
	// Excel writes shorter cells; four times the largest JSON plan leaves
	// room for the cells a person formats without filling them.
	maxUnpacked = 4 * planner.MaxInputSize
	// maxSmallPart bounds the parts that only list things: the
	// relationships and xl/workbook.xml.
	maxSmallPart = 16 << 20
	// maxSharedText bounds the text of the shared strings, counting
	// sharedStringCost bytes more for each string: a plan of
	// planner.MaxInputSize holds no more text than that.
	maxSharedText    = planner.MaxInputSize
	sharedStringCost = 8 // `"id":"",`, the least JSON a string field takes
	// maxToken bounds one XML token. The longest honest one is a cell of
	// 32,767 characters escaped as character references (8 bytes each).
	maxToken = 1 << 20
	// maxDepth bounds how deep elements nest; a cell's text in a rich-text
	// run is seven deep (worksheet, sheetData, row, c, is, r, t).
	maxDepth = 64
	// maxText bounds the text of one cell or shared string as it is
	// gathered, which comments or CDATA sections can split into many
	// tokens: a cell holds 32,767 characters, at most 96 KiB of UTF-8.
	maxText = maxToken
	// maxRowText bounds the text of the cells of one row, held until the
	// row ends: ten cells of a plan's row hold less than 2 MiB.
	maxRowText = 16 << 20
)

// xlsxError is a workbook the reader cannot read, or will not, because its
// meaning is in doubt. where names the sheet and cell (`Red lines!B5`),
// the sheet, or the part of the archive; it is empty for the file as a
// whole.
type xlsxError struct {
	where string
	msg   string
}

func (e *xlsxError) Error() string {
	if e.where == "" {
		return e.msg
	}
	return e.where + ": " + e.msg
}

// damaged is the advice for a file that no spreadsheet program wrote as it
// is.
const damaged = "the file is damaged or was not written by a spreadsheet program; open it in one and save it again as .xlsx"

// xlsxFile is an opened workbook: the parts of its archive, the sheets it
// lists and, once a sheet needs them, its shared strings.
type xlsxFile struct {
	parts   map[string]*zip.File // by lower-case name: part names ignore case
	sheets  []sheetEntry         // in workbook order
	sstPart string               // the shared strings' part, which may not exist
	sst     *sharedStrings       // read on first use
	sstErr  error                // why it could not be read
	left    int64                // bytes the parts still to read may unpack to
}

type sheetEntry struct {
	name string
	part string // "" when the workbook's relationships do not say
}

// openXLSX opens a workbook held in data, reading the parts that list its
// sheets. Its errors are all *xlsxError.
func openXLSX(data []byte) (*xlsxFile, error) {
	if msg := openMessage(data); msg != "" {
		return nil, &xlsxError{msg: msg}
	}
	// Every entry of a zip directory starts with this signature; counting
	// it bounds the entries archive/zip would make, whatever the
	// directory's header claims.
	if n := bytes.Count(data, []byte("PK\x01\x02")); n > maxParts {
		return nil, &xlsxError{msg: fmt.Sprintf("not a readable .xlsx workbook: the archive has more than %s parts, a workbook far fewer; %s", planner.Thousands(maxParts), damaged)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, &xlsxError{msg: "not a readable .xlsx workbook: " + err.Error()}
	}
	x := &xlsxFile{parts: make(map[string]*zip.File, len(zr.File)), left: maxUnpacked}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue // a directory
		}
		key := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := x.parts[key]; dup {
			return nil, &xlsxError{where: f.Name, msg: "the archive holds this part twice, and which one counts is in doubt; " + damaged}
		}
		x.parts[key] = f
	}
	if msg := x.otherFormat(); msg != "" {
		return nil, &xlsxError{msg: msg}
	}
	wb := "xl/workbook.xml"
	if _, ok := x.parts["_rels/.rels"]; ok {
		rels, err := x.readRels("_rels/.rels", "")
		if err != nil {
			return nil, err
		}
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				wb = r.target
				break
			}
		}
	}
	if x.part(wb) == nil {
		return nil, &xlsxError{msg: "not a readable .xlsx workbook: it has no workbook part (" + wb + "); save it as .xlsx (Excel Workbook)"}
	}
	names, err := x.readWorkbook(wb)
	if err != nil {
		return nil, err
	}
	relsPart := path.Join(path.Dir(wb), "_rels", path.Base(wb)+".rels")
	targets := map[string]string{}
	if x.part(relsPart) != nil {
		rels, err := x.readRels(relsPart, path.Dir(wb))
		if err != nil {
			return nil, err
		}
		for _, r := range rels {
			if _, dup := targets[r.id]; dup {
				return nil, &xlsxError{where: relsPart, msg: fmt.Sprintf("the relationship %s is listed twice, and which one counts is in doubt; %s", quoteRef(r.id), damaged)}
			}
			targets[r.id] = r.target
			if strings.HasSuffix(r.typ, "/sharedStrings") {
				if x.sstPart != "" {
					return nil, &xlsxError{where: relsPart, msg: "the workbook has two tables of shared strings, and which one counts is in doubt; " + damaged}
				}
				x.sstPart = r.target
			}
		}
	}
	if x.sstPart == "" {
		// Where Excel keeps them: some writers leave out the relationship.
		x.sstPart = path.Join(path.Dir(wb), "sharedStrings.xml")
	}
	for _, s := range names {
		x.sheets = append(x.sheets, sheetEntry{name: s.name, part: targets[s.rid]})
	}
	return x, nil
}

// otherFormat names the spreadsheet formats that are zip archives too.
func (x *xlsxFile) otherFormat() string {
	if x.part("xl/workbook.xml") == nil && x.part("xl/workbook.bin") != nil {
		return "not an .xlsx workbook: this is a binary .xlsb workbook; save it as .xlsx (Excel Workbook)"
	}
	if f := x.part("mimetype"); f != nil && f.UncompressedSize64 < 256 {
		if rc, err := f.Open(); err == nil {
			b, _ := io.ReadAll(io.LimitReader(rc, 256))
			rc.Close()
			if bytes.HasPrefix(b, []byte("application/vnd.oasis.opendocument")) {
				return "not an .xlsx workbook: this is an OpenDocument file (.ods); save it as .xlsx (Excel Workbook)"
			}
		}
	}
	return ""
}

func (x *xlsxFile) part(name string) *zip.File {
	return x.parts[strings.ToLower(name)]
}

// sheetPart finds the part of the sheet named name, ignoring case as
// spreadsheet programs do. found is false when the workbook has no such
// sheet.
func (x *xlsxFile) sheetPart(name string) (part string, found bool, err error) {
	at := -1
	for i, s := range x.sheets {
		if !strings.EqualFold(s.name, name) {
			continue
		}
		if at >= 0 {
			return "", true, &xlsxError{where: name, msg: fmt.Sprintf("the workbook lists two sheets named %q and %q; a sheet's name must be unique", x.sheets[at].name, s.name)}
		}
		at = i
	}
	if at < 0 {
		return "", false, nil
	}
	part = x.sheets[at].part
	if part == "" || x.part(part) == nil {
		return "", true, &xlsxError{where: name, msg: "the workbook lists this sheet but the archive has no part for it; " + damaged}
	}
	return part, true, nil
}

// partReader is one part of the archive being inflated, as xmlScanner
// reads it: through its buffer, within the part's budget, and with no
// token longer than maxToken.
type partReader struct {
	x         *xlsxFile
	rc        io.ReadCloser
	where     string // the sheet or part, for errors
	buf       []byte
	i, n      int
	read      int64 // bytes inflated so far
	limit     int64 // bytes the part may inflate to: partLimit or what the budget has left
	partLimit int64
	tokStart  int64 // offset where the current token began
	err       error
}

// open starts reading a part that may unpack to at most limit bytes, and
// to no more than the workbook's budget has left.
func (x *xlsxFile) open(name, where string, limit int64) (*partReader, error) {
	f := x.part(name)
	if f == nil {
		return nil, &xlsxError{where: where, msg: "the archive has no part " + name + "; " + damaged}
	}
	r := &partReader{x: x, where: where, limit: max(0, min(limit, x.left)), partLimit: limit}
	// archive/zip stops a part at the size its directory declares, so a
	// declared size over the budget is refused before inflating a byte.
	if f.UncompressedSize64 > uint64(r.limit) {
		return nil, r.tooBig(f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &xlsxError{where: where, msg: fmt.Sprintf("cannot unpack %s (%v); %s", f.Name, err, damaged)}
	}
	r.rc, r.buf = rc, make([]byte, 64<<10)
	return r, nil
}

// tooBig refuses a part that unpacks, or says it does, to size bytes.
func (r *partReader) tooBig(size uint64) *xlsxError {
	if size <= uint64(r.partLimit) {
		return &xlsxError{where: r.where, msg: fmt.Sprintf("with the parts read before it, unpacks to more than %d MiB, far more than the workbook of the largest plan Redline reads (%d MiB of JSON) needs; this is not a plan's workbook",
			maxUnpacked>>20, planner.MaxInputSize>>20)}
	}
	return &xlsxError{where: r.where, msg: fmt.Sprintf("unpacks to more than %d MiB, far more than the workbook of the largest plan Redline reads (%d MiB of JSON) needs; this is not a plan's workbook",
		r.partLimit>>20, planner.MaxInputSize>>20)}
}

// offset is how many bytes of the part have been read.
func (r *partReader) offset() int64 {
	return r.read - int64(r.n-r.i)
}

// Read lets the rest of a part be drained, so that its checksum is
// verified.
func (r *partReader) Read(p []byte) (int, error) {
	if r.i >= r.n {
		r.tokStart = r.read // draining: no tokens
		if err := r.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.buf[r.i:r.n])
	r.i += n
	return n, nil
}

func (r *partReader) fill() error {
	if r.err != nil {
		return r.err
	}
	if r.read-r.tokStart > maxToken {
		r.err = &xlsxError{where: r.where, msg: fmt.Sprintf("holds an XML element, text or comment of more than %d MiB, which no cell needs; %s", maxToken>>20, damaged)}
		return r.err
	}
	for {
		// Ask for one byte past the limit, to tell a part that ends at it
		// from one that goes on.
		room := int(min(int64(len(r.buf)), r.limit-r.read+1))
		n, err := r.rc.Read(r.buf[:room])
		r.read += int64(n)
		r.x.left -= int64(n)
		if r.read > r.limit {
			r.err = r.tooBig(uint64(r.read))
			return r.err
		}
		if n > 0 {
			r.i, r.n = 0, n
			return nil
		}
		if err == io.EOF {
			r.err = io.EOF
			return r.err
		}
		if err != nil {
			r.err = &xlsxError{where: r.where, msg: fmt.Sprintf("cannot unpack the part (%v); %s", err, damaged)}
			return r.err
		}
	}
}

// finish reads what is left of the part, so that archive/zip checks its
// checksum, and closes it.
func (r *partReader) finish() error {
	defer r.rc.Close()
	if r.err == io.EOF {
		return nil
	}
	_, err := io.Copy(io.Discard, r)
	return err
}

// skip reads past the end of the element whose start was just read.
func (s *xmlScanner) skip() error {
	for depth := 1; depth > 0; {
		kind, err := s.next()
		if err != nil {
			return err
		}
		switch kind {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	return nil
}

// gather appends to dst the text of the element whose start was just
// read, skipping any elements inside it.
func (s *xmlScanner) gather(dst []byte) ([]byte, error) {
	for {
		kind, err := s.next()
		if err != nil {
			return dst, err
		}
		switch kind {
		case tokText:
			if len(dst)+len(s.text) > maxText {
				return dst, &xlsxError{where: s.r.where, msg: fmt.Sprintf("holds a text of more than %d MiB, which no cell needs; %s", maxText>>20, damaged)}
			}
			dst = append(dst, s.text...)
		case tokStart:
			if err := s.skip(); err != nil {
				return dst, err
			}
		case tokEnd:
			return dst, nil
		}
	}
}

// richText appends to dst the text of a string item (<si>, <is>): its
// <t>, or the <t> of each of its runs <r>, in order; phonetic runs <rPh>
// are a reading aid, not the text.
func (s *xmlScanner) richText(dst []byte) ([]byte, error) {
	for {
		kind, err := s.next()
		if err != nil {
			return dst, err
		}
		switch {
		case kind == tokStart && s.is("t"):
			dst, err = s.gather(dst)
		case kind == tokStart && s.is("r"):
			dst, err = s.richText(dst)
		case kind == tokStart:
			err = s.skip()
		case kind == tokEnd:
			return dst, nil
		}
		if err != nil {
			return dst, err
		}
	}
}

type relationship struct {
	id, typ, target string
}

// readRels reads a relationships part; targets are resolved against dir
// into part names.
func (x *xlsxFile) readRels(name, dir string) ([]relationship, error) {
	var rels []relationship
	err := x.eachStart(name, func(s *xmlScanner) {
		if !s.is("Relationship") {
			return
		}
		if mode, _ := s.attr("TargetMode", false); equalFoldASCII(string(mode), "External") {
			return
		}
		id, _ := s.attr("Id", false)
		typ, _ := s.attr("Type", false)
		target, _ := s.attr("Target", false)
		rels = append(rels, relationship{id: string(id), typ: string(typ), target: resolve(dir, string(target))})
	})
	return rels, err
}

// eachStart reads a small part (relationships, the workbook) and calls fn
// at the start of each of its elements.
func (x *xlsxFile) eachStart(name string, fn func(s *xmlScanner)) error {
	r, err := x.open(name, name, maxSmallPart)
	if err != nil {
		return err
	}
	defer r.rc.Close()
	s := newXMLScanner(r)
	for {
		kind, err := s.next()
		if err != nil {
			return err
		}
		if kind == tokEOF {
			return r.finish()
		}
		if kind == tokStart {
			fn(s)
		}
	}
}

// resolve turns a relationship's target into a part name.
func resolve(dir, target string) string {
	if u, err := url.PathUnescape(target); err == nil {
		target = u
	}
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join("/", dir, target)), "/")
}

type sheetName struct {
	name, rid string
}

// readWorkbook reads the names of the sheets and their relationship ids.
func (x *xlsxFile) readWorkbook(name string) ([]sheetName, error) {
	var sheets []sheetName
	err := x.eachStart(name, func(s *xmlScanner) {
		if s.is("sheet") {
			n, _ := s.attr("name", false)
			rid, _ := s.attr("id", true)
			sheets = append(sheets, sheetName{name: string(n), rid: string(rid)})
		}
	})
	return sheets, err
}

// sharedStrings is the workbook's table of strings, held as one run of
// text with the end of each string, so that many short strings cost four
// bytes each beyond their text.
type sharedStrings struct {
	text []byte
	end  []uint32
}

func (t *sharedStrings) get(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.end[i-1]
	}
	return string(t.text[start:t.end[i]])
}

func (x *xlsxFile) sharedStrings() (*sharedStrings, error) {
	if x.sst == nil && x.sstErr == nil {
		x.sst, x.sstErr = x.readSharedStrings()
	}
	return x.sst, x.sstErr
}

func (x *xlsxFile) readSharedStrings() (*sharedStrings, error) {
	t := &sharedStrings{}
	if x.sstPart == "" || x.part(x.sstPart) == nil {
		return t, nil // the cells that refer to a string say so
	}
	r, err := x.open(x.sstPart, x.sstPart, maxUnpacked)
	if err != nil {
		return nil, err
	}
	defer r.rc.Close()
	// The text is shorter than its XML: room for it from the start, so
	// that the run of text is never copied as it grows.
	t.text = make([]byte, 0, min(x.part(x.sstPart).UncompressedSize64, maxSharedText))
	s := newXMLScanner(r)
	var item []byte
	for {
		kind, err := s.next()
		if err != nil {
			return nil, err
		}
		if kind == tokEOF {
			break
		}
		if kind != tokStart || !s.is("si") {
			continue
		}
		if item, err = s.richText(item[:0]); err != nil {
			return nil, err
		}
		t.text = appendUnescaped(t.text, item)
		t.end = append(t.end, uint32(len(t.text)))
		if len(t.text)+sharedStringCost*len(t.end) > maxSharedText {
			return nil, &xlsxError{where: x.sstPart, msg: fmt.Sprintf("the shared strings hold more than %d MiB of text, more than the largest plan Redline reads (%d MiB of JSON) can; this is not a plan's workbook",
				maxSharedText>>20, planner.MaxInputSize>>20)}
		}
	}
	return t, r.finish()
}

// appendUnescaped appends s with the escapes of the xlsx string type
// undone: _xHHHH_ stands for the UTF-16 unit HHHH (Excel writes control
// characters so), and _x005F_ for the underscore that starts a literal
// "_xHHHH_". This is what excelize, which wrote the workbook, reads back.
// A surrogate pair of escapes is one character; a lone surrogate, which
// is no character, stays as written.
func appendUnescaped(dst, s []byte) []byte {
	for {
		i := bytes.Index(s, []byte("_x"))
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		u, ok := escapeUnit(s)
		if !ok {
			dst = append(dst, '_')
			s = s[1:]
			continue
		}
		if utf16.IsSurrogate(rune(u)) {
			lo, ok := escapeUnit(s[7:])
			if r := utf16.DecodeRune(rune(u), rune(lo)); ok && r != utf8.RuneError {
				dst = utf8.AppendRune(dst, r)
				s = s[14:]
				continue
			}
			dst = append(dst, s[:7]...)
			s = s[7:]
			continue
		}
		dst = utf8.AppendRune(dst, rune(u))
		s = s[7:]
	}
}

// escapeUnit reads an escape _xHHHH_ at the start of s.
func escapeUnit(s []byte) (uint16, bool) {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return 0, false
	}
	u, err := strconv.ParseUint(string(s[2:6]), 16, 16)
	return uint16(u), err == nil
}

// xcell is a cell with a value: its 0-based column and its text.
type xcell struct {
	col   int
	value string
}

// readSheet streams the rows of a sheet, calling fn with each row that has
// a cell with a value: its number and those cells, in column order (the
// slice is reused). found is false when the workbook has no such sheet.
// last is the number of the sheet's last row, with a value or not.
func (x *xlsxFile) readSheet(name string, fn func(row int, cells []xcell) error) (found bool, last int, err error) {
	part, found, err := x.sheetPart(name)
	if !found || err != nil {
		return found, 0, err
	}
	r, err := x.open(part, name, maxUnpacked)
	if err != nil {
		return true, 0, err
	}
	defer r.rc.Close()
	sr := &sheetReader{x: x, s: newXMLScanner(r), sheet: name, fn: fn}
	if err := sr.read(); err != nil {
		return true, 0, err
	}
	return true, sr.row, r.finish()
}

// sheetReader reads one worksheet part.
type sheetReader struct {
	x       *xlsxFile
	s       *xmlScanner
	sheet   string
	fn      func(row int, cells []xcell) error
	row     int // the row read last
	col     int // the column (1-based) of the cell read last in it
	cells   []xcell
	rowText int    // the bytes of the values in cells
	typ     []byte // the type of the cell being read
	v, is   []byte // its text: its <v>, its <is>
	tmp     []byte
}

func (sr *sheetReader) read() error {
	s := sr.s
	for {
		kind, err := s.next()
		if err != nil || kind == tokEOF {
			return err // a sheet with no sheetData is empty
		}
		if kind == tokStart && s.is("sheetData") {
			return sr.sheetData()
		}
	}
}

func (sr *sheetReader) sheetData() error {
	s := sr.s
	for {
		kind, err := s.next()
		if err != nil {
			return err
		}
		switch {
		case kind == tokStart && s.is("row"):
			err = sr.readRow()
		case kind == tokStart:
			err = s.skip()
		case kind == tokEnd:
			return nil // what follows the cells is not read
		}
		if err != nil {
			return err
		}
	}
}

func (sr *sheetReader) readRow() error {
	s := sr.s
	n := 0 // the row's number, 0 until known
	if ref, ok := s.attr("r", false); ok {
		var err error
		if n, err = sr.rowNumber(ref); err != nil {
			return err
		}
	}
	sr.cells, sr.col, sr.rowText = sr.cells[:0], 0, 0
	for {
		kind, err := s.next()
		if err != nil {
			return err
		}
		switch {
		case kind == tokStart && s.is("c"):
			n, err = sr.readCell(n)
		case kind == tokStart:
			err = s.skip()
		case kind == tokEnd:
			if n == 0 {
				if n, err = sr.next(sr.row + 1); err != nil {
					return err
				}
			}
			if len(sr.cells) == 0 {
				return nil
			}
			return sr.fn(n, sr.cells)
		}
		if err != nil {
			return err
		}
	}
}

// next makes n the row being read, which must come after the last.
func (sr *sheetReader) next(n int) (int, error) {
	switch {
	case n > maxRows:
		return 0, &xlsxError{where: sr.sheet, msg: fmt.Sprintf("has a row after row %s, the last a sheet has; %s", planner.Thousands(maxRows), damaged)}
	case n <= sr.row:
		return 0, &xlsxError{where: sr.sheet, msg: fmt.Sprintf("lists row %d after row %d; rows come once each, in order; %s", n, sr.row, damaged)}
	}
	sr.row = n
	return n, nil
}

// rowNumber checks a row's r attribute and makes it the row being read.
func (sr *sheetReader) rowNumber(ref []byte) (int, error) {
	n, ok := parseRow(ref)
	if !ok {
		return 0, &xlsxError{where: sr.sheet, msg: fmt.Sprintf("has a row numbered %s, which is not a row of a sheet (1 to %s); %s", quoteRef(ref), planner.Thousands(maxRows), damaged)}
	}
	return sr.next(n)
}

// readCell reads a cell of row n (0 when not yet known) and returns the
// row's number.
func (sr *sheetReader) readCell(n int) (int, error) {
	s := sr.s
	col := sr.col + 1
	if ref, ok := s.attr("r", false); ok {
		c, r, ok := parseRef(ref)
		if !ok {
			row := n
			if row == 0 {
				row = sr.row + 1
			}
			return 0, &xlsxError{where: sr.sheet, msg: fmt.Sprintf("has a cell %s in row %d, which names no cell of a sheet (A1 to XFD1048576); %s",
				quoteRef(ref), row, damaged)}
		}
		switch {
		case n == 0:
			// A row without a number takes its first cell's.
			var err error
			if n, err = sr.next(r); err != nil {
				return 0, err
			}
		case r != n:
			return 0, &xlsxError{where: sr.sheet + "!" + string(ref), msg: fmt.Sprintf("the cell is listed in row %d; %s", n, damaged)}
		}
		col = c
	}
	if n == 0 {
		var err error
		if n, err = sr.next(sr.row + 1); err != nil {
			return 0, err
		}
	}
	switch {
	case col > maxColumns:
		return 0, &xlsxError{where: sr.sheet, msg: fmt.Sprintf("has a cell in row %d after column XFD, the last a sheet has; %s", n, damaged)}
	case col <= sr.col:
		return 0, &xlsxError{where: cellName(sr.sheet, col, n, ""), msg: fmt.Sprintf("the cell comes after %s in its row; cells come once each, in order; %s",
			cellRef(sr.col, n), damaged)}
	}
	sr.col = col
	typ, _ := s.attr("t", false)
	sr.typ = append(sr.typ[:0], typ...)
	sr.v, sr.is = sr.v[:0], sr.is[:0]
	hasIs := false
	for {
		kind, err := s.next()
		if err != nil {
			return 0, err
		}
		if kind == tokEnd {
			break
		}
		if kind != tokStart {
			continue
		}
		switch {
		case s.is("v"):
			sr.v, err = s.gather(sr.v)
		case s.is("is"):
			sr.is, err = s.richText(sr.is)
			hasIs = true
		default: // a formula (its value is in <v>), an extension
			err = s.skip()
		}
		if err != nil {
			return 0, err
		}
	}
	value, err := sr.value(sr.typ, hasIs, col, n)
	if err != nil || value == "" {
		return n, err
	}
	if msg := cellLength(value); msg != "" {
		return 0, &xlsxError{where: cellName(sr.sheet, col, n, ""), msg: msg}
	}
	if sr.rowText += len(value); sr.rowText > maxRowText {
		return 0, &xlsxError{where: sr.sheet, msg: fmt.Sprintf("has more than %d MiB of text in row %d, far more than a row of a plan holds; %s", maxRowText>>20, n, damaged)}
	}
	sr.cells = append(sr.cells, xcell{col: col - 1, value: value})
	return n, nil
}

// value is the text of the cell just read, as ReadXLSX takes it: a number
// as written, a boolean as 1 or 0, a string as it reads.
func (sr *sheetReader) value(typ []byte, hasIs bool, col, n int) (string, error) {
	switch string(typ) {
	case "", "n", "str", "e", "b", "d":
		return string(sr.v), nil
	case "inlineStr":
		if !hasIs {
			return string(sr.v), nil
		}
		sr.tmp = appendUnescaped(sr.tmp[:0], sr.is)
		return string(sr.tmp), nil
	case "s":
		ix := bytes.TrimSpace(sr.v)
		if len(ix) == 0 {
			return "", nil
		}
		sst, err := sr.x.sharedStrings()
		if err != nil {
			return "", err
		}
		if !isDigits(ix) {
			return "", &xlsxError{where: cellName(sr.sheet, col, n, ""), msg: fmt.Sprintf("the cell is shared string number %s, which is no number; %s", quoteRef(string(ix)), damaged)}
		}
		i := -1
		if len(ix) <= 9 {
			i, _ = strconv.Atoi(string(ix))
		}
		if i < 0 || i >= len(sst.end) {
			return "", &xlsxError{where: cellName(sr.sheet, col, n, ""), msg: fmt.Sprintf("the cell is shared string number %s, but the workbook has %d (numbered from 0); %s",
				quoteRef(string(ix)), len(sst.end), damaged)}
		}
		return sst.get(i), nil
	}
	return "", &xlsxError{where: cellName(sr.sheet, col, n, ""), msg: fmt.Sprintf("the cell has the type %s, which the xlsx format does not have; %s", quoteRef(typ), damaged)}
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// cellRef names a cell (B12) by its 1-based column and row.
func cellRef(col, row int) string {
	return cellName("", col, row, "")[1:]
}

// cellLength refuses text longer than a cell holds, which no spreadsheet
// program writes.
func cellLength(s string) string {
	if len(s) <= maxCellChars {
		return "" // a UTF-16 unit takes at least one byte
	}
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	if n <= maxCellChars {
		return ""
	}
	return fmt.Sprintf("the cell holds %s characters; a cell holds at most %s, so no spreadsheet program wrote it; shorten the text",
		planner.Thousands(n), planner.Thousands(maxCellChars))
}

// quoteRef quotes a reference from the file for a message, cut short when
// a hostile file made it long.
func quoteRef[T string | []byte](s T) string {
	if len(s) > 24 {
		return strconv.Quote(string(s[:24])) + "…"
	}
	return strconv.Quote(string(s))
}

// parseRow reads a row number, 1 to maxRows.
func parseRow[T string | []byte](s T) (int, bool) {
	if len(s) == 0 || len(s) > 7 || s[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, n <= maxRows
}

// parseRef reads a cell reference such as B12 (column 2, row 12). Column
// letters may be lower case; no $, no ranges.
func parseRef[T string | []byte](s T) (col, row int, ok bool) {
	i := 0
	for i < len(s) && i < 4 {
		c := s[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == 0 || col > maxColumns {
		return 0, 0, false
	}
	row, ok = parseRow(s[i:])
	return col, row, ok
}
