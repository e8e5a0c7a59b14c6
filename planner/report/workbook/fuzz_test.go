package workbook_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"redline/planner"
	"redline/planner/report/workbook"
)

// maxFuzzAlloc bounds what reading one fuzzed file may allocate: the
// reader's bounds follow from the largest plan it reads, whatever the file
// claims, so an input the fuzzer grows is refused long before this.
const maxFuzzAlloc = 1 << 30

// heapAllocs is the bytes allocated so far; unlike runtime.ReadMemStats it
// does not stop the world, so the fuzzer can read it for every input.
func heapAllocs() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// FuzzReadXLSX feeds ReadXLSX arbitrary files. It must not panic, must
// answer a damaged or hostile file with a *planner.FormatError (or a file
// too large to read) whose problems print no control characters, within
// bounded memory, and whatever plan it reads must
// survive WriteXLSX and ReadXLSX unchanged. The seeds are in
// testdata/fuzz/FuzzReadXLSX (see fuzzSeeds) and the hand-made workbooks of
// read_formats_test.go.
func FuzzReadXLSX(f *testing.F) {
	for _, st := range []style{
		{main: transitionalMain, rels: transitionalRels, shared: true, workbookDir: "xl"},
		{prefix: "x:", main: strictMain, rels: strictRels, positional: true, workbookDir: "xl"},
	} {
		f.Add(st.build(f))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p *planner.Plan
		var err error
		before := heapAllocs()
		p, err = workbook.ReadXLSX(bytes.NewReader(data), "fuzz.xlsx")
		if n := heapAllocs() - before; n > maxFuzzAlloc {
			t.Fatalf("reading %d bytes allocated %d MB", len(data), n>>20)
		}
		if err != nil {
			var fe *planner.FormatError
			switch {
			case errors.As(err, &fe):
				if len(fe.Problems) == 0 {
					t.Fatalf("a FormatError without a problem: %v", err)
				}
				// What the file spells is shown escaped: printing the
				// error must not drive the terminal.
				for _, pr := range fe.Problems {
					if i := strings.IndexFunc(pr.Path+pr.Message, func(r rune) bool {
						return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
					}); i >= 0 {
						t.Fatalf("a control character in %q", pr)
					}
				}
			case errors.Is(err, planner.ErrTooLarge):
			default:
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		want, err := planner.Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := workbook.WriteXLSX(&buf, p, nil); err != nil {
			var we *workbook.WriteError
			if errors.As(err, &we) {
				return // text a workbook cannot hold, such as a list item with a comma
			}
			t.Fatalf("WriteXLSX of what ReadXLSX read: %v", err)
		}
		q, err := workbook.ReadXLSX(&buf, "again.xlsx")
		if err != nil {
			t.Fatalf("the workbook written from what was read does not read back: %v", err)
		}
		if got, _ := planner.Encode(q); !bytes.Equal(got, want) {
			t.Fatalf("the plan changed on a round trip:\n%s", firstDiff(want, got))
		}
	})
}

// fuzzSeeds are the committed seeds of FuzzReadXLSX, small: a workbook as
// WriteXLSX writes it and a few that the reader refuses, each with what
// reading it gives ("" for a plan). -update writes them again.
var fuzzSeeds = []struct {
	name  string
	build func(t testing.TB) []byte
	want  string
}{
	{"written-by-writexlsx", func(t testing.TB) []byte {
		p := planner.Generate(planner.GenSpec{RedLines: 2, Responses: 2, Contributions: 1, Links: 3, Injects: 2, Seed: 5})
		return writeXLSX(t, p, nil)
	}, ""},
	{"row-99999999999", func(t testing.TB) []byte {
		return editSeedSheet(t, `<row r="2" `, `<row r="99999999999" `)
	}, `has a row numbered "99999999999"`},
	{"shared-string-out-of-range", func(t testing.TB) []byte {
		return editSeedSheet(t, `<c r="A2" t="s"><v>`, `<c r="A2" t="s"><v>9`)
	}, "but the workbook has"},
	{"cell-in-column-xfd", func(t testing.TB) []byte {
		return editSeedSheet(t, `</row><row r="3"`, `<c r="XFD2" t="s"><v>0</v></c></row><row r="3"`)
	}, "Red lines!XFD2: a value in a column without a header"},
	{"part-twice", func(t testing.TB) []byte {
		parts := seedParts(t)
		return packParts(t, append(parts, parts[1]))
	}, "the archive holds this part twice"},
}

// seedParts is the hand-made workbook with shared strings, its parts
// stored uncompressed so that the fuzzer's changes land in the XML.
func seedParts(t testing.TB) []xpart {
	parts := unpackParts(t, style{main: transitionalMain, rels: transitionalRels, shared: true, workbookDir: "xl"}.build(t))
	for i := range parts {
		parts[i].stored = true
	}
	return parts
}

// editSeedSheet is seedParts with its Red lines sheet edited.
func editSeedSheet(t testing.TB, old, new string) []byte {
	t.Helper()
	parts := seedParts(t)
	p := partNamed(t, parts, "xl/worksheets/sheet2.xml")
	if !bytes.Contains(p.body, []byte(old)) {
		t.Fatalf("no %s in the sheet", old)
	}
	p.body = bytes.Replace(p.body, []byte(old), []byte(new), 1)
	return packParts(t, parts)
}

func TestFuzzSeedsReadAsTheySay(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzReadXLSX")
	for _, s := range fuzzSeeds {
		t.Run(s.name, func(t *testing.T) {
			file := filepath.Join(dir, s.name)
			if *update {
				data := "go test fuzz v1\n[]byte(" + strconv.Quote(string(s.build(t))) + ")\n"
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			body := strings.TrimSuffix(strings.TrimPrefix(string(raw), "go test fuzz v1\n[]byte("), ")\n")
			data, err := strconv.Unquote(body)
			if err != nil {
				t.Fatalf("%s is not a fuzz seed: %v", file, err)
			}
			_, err = workbook.ReadXLSX(strings.NewReader(data), "seed.xlsx")
			switch {
			case s.want == "" && err != nil:
				t.Fatalf("want a plan, got %v", err)
			case s.want != "" && (err == nil || !strings.Contains(err.Error(), s.want)):
				t.Fatalf("want an error saying %q, got %v", s.want, err)
			}
		})
	}
}
