package workbook_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"redline/planner/report/workbook"
)

// Tests of workbooks built to do harm or damaged on the way: each builds
// the file with archive/zip, small, and wants one clear refusal, bounded
// work and memory, and nothing written to disk.

// sheetPart names the part of each sheet of a workbook WriteXLSX wrote.
var sheetPart = map[string]string{"Plan": "xl/worksheets/sheet1.xml", "Red lines": "xl/worksheets/sheet2.xml",
	"Responses": "xl/worksheets/sheet3.xml", "Links": "xl/worksheets/sheet5.xml", "Matrix": "xl/worksheets/sheet6.xml",
	"Sources": "xl/worksheets/sheet12.xml", "Findings": "xl/worksheets/sheet13.xml"}

// referenceParts is the reference plan's workbook, as parts.
func referenceParts(t testing.TB) []xpart {
	return unpackParts(t, writeXLSX(t, referencePlan(t), nil))
}

func partNamed(t testing.TB, parts []xpart, name string) *xpart {
	t.Helper()
	i := slices.IndexFunc(parts, func(p xpart) bool { return p.name == name })
	if i < 0 {
		t.Fatalf("no part %s", name)
	}
	return &parts[i]
}

var sheetDataRE = regexp.MustCompile(`(?s)<sheetData>.*</sheetData>`)

// headerRowOf is the header row of a sheet of the reference workbook.
func headerRowOf(t testing.TB, sheet string) string {
	t.Helper()
	body := string(partNamed(t, referenceParts(t), sheetPart[sheet]).body)
	return regexp.MustCompile(`<row r="1">.*?</row>`).FindString(body)
}

// withSheetRows is the reference workbook with the rows of sheet replaced:
// rows is the XML inside <sheetData>.
func withSheetRows(t testing.TB, sheet, rows string) []xpart {
	t.Helper()
	parts := referenceParts(t)
	p := partNamed(t, parts, sheetPart[sheet])
	p.body = sheetDataRE.ReplaceAll(p.body, []byte("<sheetData>"+strings.ReplaceAll(rows, "$", "$$")+"</sheetData>"))
	return parts
}

// withSharedStrings adds a table of shared strings to the workbook.
func withSharedStrings(t testing.TB, parts []xpart, items ...string) []xpart {
	t.Helper()
	var sst strings.Builder
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for _, it := range items {
		sst.WriteString("<si><t>" + it + "</t></si>")
	}
	sst.WriteString("</sst>")
	rels := partNamed(t, parts, "xl/_rels/workbook.xml.rels")
	rels.body = bytes.Replace(rels.body, []byte("</Relationships>"),
		[]byte(`<Relationship Id="rIdSST" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>`), 1)
	ct := partNamed(t, parts, "[Content_Types].xml")
	ct.body = bytes.Replace(ct.body, []byte("</Types>"),
		[]byte(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`), 1)
	return append(parts, xpart{name: "xl/sharedStrings.xml", body: []byte(sst.String())})
}

// redLineSheet is a header and then a row of a red line in each of the
// given rows, with its id and title in cells.
func redLineSheet(t testing.TB, rows ...string) string {
	return headerRowOf(t, "Red lines") + strings.Join(rows, "")
}

func inlineCell(ref, s string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, s)
}

// redLineCells is the cells of a whole red line in row n.
func redLineCells(n int) string {
	r := fmt.Sprint(n)
	return inlineCell("A"+r, fmt.Sprintf("rl-%d", n)) + inlineCell("B"+r, "title") + inlineCell("C"+r, "ground") +
		fmt.Sprintf(`<c r="G%s"><v>3</v></c>`, r)
}

// maxAlloc bounds the memory a hostile workbook may cost before it is
// refused.
const maxAlloc = 256 << 20

type refusalCase struct {
	name  string
	build func(t testing.TB) []byte
	path  string // the one Problem's Path
	msg   string // part of its Message
}

// hostileWorkbooks are files built to take a reader's time, memory or
// data: each is refused, or reduced to one problem, with one message.
var hostileWorkbooks = []refusalCase{
	{"a cell in column XFD on each of 4,000 rows", func(t testing.TB) []byte {
		var rows strings.Builder
		rows.WriteString(headerRowOf(t, "Red lines"))
		for n := 2; n <= 4001; n++ {
			fmt.Fprintf(&rows, `<row r="%d">%s</row>`, n, inlineCell(fmt.Sprintf("XFD%d", n), "x"))
		}
		return packParts(t, withSheetRows(t, "Red lines", rows.String()))
	}, "Red lines!XFD2", "a value in a column without a header"},
	{"a million rows of links, more than a plan Redline reads", func(t testing.TB) []byte {
		// The rows are short and the file small; the strings they share
		// are long, so the plan outgrows what Redline reads well before
		// the last row.
		var rows strings.Builder
		rows.WriteString(headerRowOf(t, "Links"))
		rows.WriteString(strings.Repeat(`<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>`, 1_000_000))
		parts := withSheetRows(t, "Links", rows.String())
		id := strings.Repeat("x", 500)
		return packParts(t, withSharedStrings(t, parts, "rl-"+id, "resp-"+id, "automatic"))
	}, "Links", "Redline reads plans up to 64 MiB"},
	{"64 MiB of text in one cell", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t,
			`<row r="2">`+inlineCell("A2", strings.Repeat("a", 64<<20))+`</row>`)))
	}, "Red lines", "more than 1 MiB"},
	{"a cell's text in ten thousand pieces between comments", func(t testing.TB) []byte {
		pieces := strings.Repeat(strings.Repeat("a", 200)+"<!-- -->", 10_000)
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t,
			`<row r="2">`+inlineCell("A2", pieces)+`</row>`)))
	}, "Red lines", "holds a text of more than 1 MiB"},
	{"a row of 1,000 cells of 32,767 characters each", func(t testing.TB) []byte {
		var row strings.Builder
		row.WriteString(`<row r="2">`)
		long := strings.Repeat("x", 32767)
		for range 1000 {
			row.WriteString(`<c t="inlineStr"><is><t>` + long + `</t></is></c>`)
		}
		row.WriteString(`</row>`)
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, row.String())))
	}, "Red lines", "has more than 16 MiB of text in row 2"},
	{"a cell longer than a cell holds", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t,
			`<row r="2">`+inlineCell("H2", strings.Repeat("ж", 32768))+`</row>`)))
	}, "Red lines!H2", "holds 32,768 characters; a cell holds at most 32,767"},
	{"a part that says it unpacks to 1 GiB", func(t testing.TB) []byte {
		parts := referenceParts(t)
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, p := range parts {
			if p.name != sheetPart["Red lines"] {
				w, _ := zw.Create(p.name)
				_, _ = w.Write(p.body)
				continue
			}
			var raw bytes.Buffer
			fw, _ := flate.NewWriter(&raw, flate.BestSpeed)
			_, _ = fw.Write(p.body)
			_ = fw.Close()
			w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate,
				CompressedSize64: uint64(raw.Len()), UncompressedSize64: 1 << 30})
			if err != nil {
				t.Fatal(err)
			}
			_, _ = w.Write(raw.Bytes())
		}
		_ = zw.Close()
		return buf.Bytes()
	}, "Red lines", "unpacks to more than 256 MiB, far more than"},
	{"shared strings with more text than a plan holds", func(t testing.TB) []byte {
		big := strings.Repeat("s", 30000)
		items := make([]string, 2300)
		for i := range items {
			items[i] = big
		}
		parts := withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2"><c r="A2" t="s"><v>0</v></c></row>`))
		return packParts(t, withSharedStrings(t, parts, items...))
	}, "xl/sharedStrings.xml", "more than 64 MiB of text"},
	{"elements nested a million deep", func(t testing.TB) []byte {
		deep := strings.Repeat("<x>", 1_000_000) + strings.Repeat("</x>", 1_000_000)
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2">`+deep+`</row>`)))
	}, "Red lines", "nests XML elements more than 64 deep"},
	{"more zip parts than a workbook has", func(t testing.TB) []byte {
		parts := referenceParts(t)
		for i := range 10_001 {
			parts = append(parts, xpart{name: fmt.Sprintf("junk/%d", i), stored: true})
		}
		return packParts(t, parts)
	}, "", "the archive has more than 10,000 parts"},
	{"a row numbered 99999999999", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="99999999999"><c><v>1</v></c></row>`)))
	}, "Red lines", `has a row numbered "99999999999", which is not a row of a sheet (1 to 1,048,576)`},
	{"a row numbered 2147483647", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2147483647">`+redLineCells(2147483647)+`</row>`)))
	}, "Red lines", `has a row numbered "2147483647"`},
	{"a row after the last row of a sheet", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="1048577">`+redLineCells(1048577)+`</row>`)))
	}, "Red lines", `has a row numbered "1048577"`},
	{"a cell in row 99999999999", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row><c r="A99999999999"><v>1</v></c></row>`)))
	}, "Red lines", `has a cell "A99999999999" in row 2, which names no cell of a sheet`},
	{"a cell after column XFD", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2">`+redLineCells(2)+inlineCell("XFE2", "x")+`</row>`)))
	}, "Red lines", `has a cell "XFE2" in row 2, which names no cell of a sheet`},
	{"a cell reference that is no cell", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2">`+inlineCell("2B", "x")+`</row>`)))
	}, "Red lines", `has a cell "2B" in row 2`},
	{"a cell listed in another row", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2">`+redLineCells(2)+`</row><row r="3">`+redLineCells(2)+`</row>`)))
	}, "Red lines!A2", "the cell is listed in row 3"},
	{"a row listed twice", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2">`+redLineCells(2)+`</row><row r="2">`+redLineCells(2)+`</row>`)))
	}, "Red lines", "lists row 2 after row 2"},
	{"rows out of order", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="5">`+redLineCells(5)+`</row><row r="3">`+redLineCells(3)+`</row>`)))
	}, "Red lines", "lists row 3 after row 5"},
	{"a cell listed twice", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2">`+redLineCells(2)+inlineCell("B2", "again")+`</row>`)))
	}, "Red lines!B2", "the cell comes after G2 in its row"},
	{"a shared string that does not exist", func(t testing.TB) []byte {
		parts := withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2">`+redLineCells(2)+`<c r="H2" t="s"><v>2</v></c></row>`))
		return packParts(t, withSharedStrings(t, parts, "zero", "one"))
	}, "Red lines!H2", `the cell is shared string number "2", but the workbook has 2 (numbered from 0)`},
	{"a shared string numbered with a word", func(t testing.TB) []byte {
		parts := withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2">`+redLineCells(2)+`<c r="H2" t="s"><v>one</v></c></row>`))
		return packParts(t, withSharedStrings(t, parts, "zero", "one"))
	}, "Red lines!H2", `the cell is shared string number "one", which is no number`},
	{"a shared string and no table of them", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2">`+redLineCells(2)+`<c r="H2" t="s"><v>0</v></c></row>`)))
	}, "Red lines!H2", "but the workbook has 0"},
	{"a cell of a type the format does not have", func(t testing.TB) []byte {
		return packParts(t, withSheetRows(t, "Red lines", redLineSheet(t, `<row r="2">`+redLineCells(2)+`<c r="H2" t="q"><v>1</v></c></row>`)))
	}, "Red lines!H2", `the cell has the type "q"`},
	{"a sheet's part twice in the archive", func(t testing.TB) []byte {
		parts := referenceParts(t)
		twin := *partNamed(t, parts, sheetPart["Red lines"])
		twin.body = sheetDataRE.ReplaceAll(twin.body, []byte("<sheetData></sheetData>"))
		return packParts(t, append(parts, twin))
	}, "xl/worksheets/sheet2.xml", "the archive holds this part twice"},
}

func TestReadRefusesHostileWorkbooks(t *testing.T) {
	for _, tt := range hostileWorkbooks {
		t.Run(tt.name, func(t *testing.T) { wantRefusal(t, tt) })
	}
}

// wantRefusal reads the case's workbook and wants one problem saying why,
// at a cost of less than maxAlloc.
func wantRefusal(t *testing.T, tt refusalCase) {
	t.Helper()
	data := tt.build(t)
	var err error
	if n := allocatedBy(func() { _, err = workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx") }); n > maxAlloc {
		t.Errorf("reading the %d KB file allocated %d MB, want less than %d MB", len(data)>>10, n>>20, maxAlloc>>20)
	}
	fe := formatError(t, err)
	if len(fe.Problems) != 1 || fe.More != 0 || fe.Problems[0].Path != tt.path || !strings.Contains(fe.Problems[0].Message, tt.msg) {
		t.Fatalf("want one problem at %q saying %q, got:\n%v", tt.path, tt.msg, err)
	}
}

// damagedWorkbooks are files spoilt on the way: each gives one message
// saying where, not a problem for every column the damage hid.
var damagedWorkbooks = []refusalCase{
	{"a sheet's XML cut short", func(t testing.TB) []byte {
		parts := referenceParts(t)
		p := partNamed(t, parts, sheetPart["Red lines"])
		p.body = p.body[:len(p.body)*2/3]
		return packParts(t, parts)
	}, "Red lines", "cannot read the XML (byte 10608: the XML ends in the middle of an element)"},
	{"a sheet that is not XML", func(t testing.TB) []byte {
		parts := referenceParts(t)
		partNamed(t, parts, sheetPart["Responses"]).body = []byte("\x00\x01 not xml")
		return packParts(t, parts)
	}, "Responses", "cannot read the XML"},
	{"a sheet's zip data damaged", func(t testing.TB) []byte {
		parts := referenceParts(t)
		p := partNamed(t, parts, sheetPart["Links"])
		p.stored = true
		data := packParts(t, parts)
		// Spoil a byte of the sheet's cells: its checksum no longer holds.
		i := bytes.Index(data, []byte("resp-rrf"))
		data[i] = 'R'
		return data
	}, "Links", "zip: checksum error"},
	{"a sheet the workbook lists but the archive lacks", func(t testing.TB) []byte {
		parts := referenceParts(t)
		parts = slices.DeleteFunc(parts, func(p xpart) bool { return p.name == sheetPart["Links"] })
		return packParts(t, parts)
	}, "Links", "the workbook lists this sheet but the archive has no part for it"},
	{"a workbook part that is not XML", func(t testing.TB) []byte {
		parts := referenceParts(t)
		partNamed(t, parts, "xl/workbook.xml").body = []byte("<workbook><sheets>")
		return packParts(t, parts)
	}, "xl/workbook.xml", "cannot read the XML"},
	{"a part named with terminal escapes, twice", func(t testing.TB) []byte {
		// The name is the file's: it is shown escaped, so that printing
		// the error cannot clear the screen or reverse the text.
		evil := xpart{name: "xl/\x1b[2J\u202eevil\xff.xml", body: []byte("x")}
		return packParts(t, append(referenceParts(t), evil, evil))
	}, `xl/\x1b[2J\u202eevil\xff.xml`, "the archive holds this part twice"},
	{"an encrypted workbook", func(t testing.TB) []byte {
		// Excel keeps a workbook saved with a password in a compound
		// file, as old .xls files are.
		cfb := append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 1024)...)
		copy(cfb[600:], "E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")
		return cfb
	}, "", "an encrypted workbook; save it as .xlsx (Excel Workbook) without a password"},
	{"a binary .xlsb workbook", func(t testing.TB) []byte {
		return packParts(t, []xpart{{name: "[Content_Types].xml", body: []byte("<Types/>")}, {name: "xl/workbook.bin", body: []byte{0x83, 1, 0}}})
	}, "", "this is a binary .xlsb workbook"},
	{"an OpenDocument spreadsheet", func(t testing.TB) []byte {
		return packParts(t, []xpart{{name: "mimetype", body: []byte("application/vnd.oasis.opendocument.spreadsheet"), stored: true},
			{name: "content.xml", body: []byte("<office:document-content/>")}})
	}, "", "this is an OpenDocument file (.ods)"},
}

func TestReadGivesOneMessageForADamagedWorkbook(t *testing.T) {
	for _, tt := range damagedWorkbooks {
		t.Run(tt.name, func(t *testing.T) { wantRefusal(t, tt) })
	}
}

func TestReadLeavesAlonePartsItDoesNotNeed(t *testing.T) {
	// The Matrix and Findings sheets, the styles and the theme are not
	// read: damage there does not matter, and costs nothing.
	tests := []struct {
		name string
		edit func(t *testing.T, parts []xpart) []xpart
	}{
		{"a damaged Findings sheet", func(t *testing.T, parts []xpart) []xpart {
			partNamed(t, parts, sheetPart["Findings"]).body = []byte("<worksheet><sheetData><row r=")
			return parts
		}},
		{"a Matrix sheet of 300 MB", func(t *testing.T, parts []xpart) []xpart {
			partNamed(t, parts, sheetPart["Matrix"]).body = bytes.Repeat([]byte(" "), 300<<20)
			return parts
		}},
		{"styles that are not XML", func(t *testing.T, parts []xpart) []xpart {
			partNamed(t, parts, "xl/styles.xml").body = []byte("\x00")
			return parts
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := packParts(t, tt.edit(t, referenceParts(t)))
			var err error
			if n := allocatedBy(func() { _, err = workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx") }); n > maxAlloc {
				t.Errorf("allocated %d MB", n>>20)
			}
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestReadWritesNoTempFiles(t *testing.T) {
	// excelize spilled a sheet of more than 16 MiB to a temporary file,
	// which an import killed with SIGKILL left behind. The reader writes
	// nothing: watch the temporary folder while it reads such a sheet.
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	var rows strings.Builder
	rows.WriteString(headerRowOf(t, "Red lines"))
	for n := 2; n <= 1_000_000; n++ {
		fmt.Fprintf(&rows, `<row r="%d" spans="1:8"/>`, n)
	}
	data := packParts(t, withSheetRows(t, "Red lines", rows.String()))
	var seen atomic.Value
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				seen.Store(entries[0].Name())
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	_, err := workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx")
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if name := seen.Load(); name != nil {
		t.Fatalf("the import wrote %s in the temporary folder", name)
	}
}
