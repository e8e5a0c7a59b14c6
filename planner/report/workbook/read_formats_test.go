package workbook_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"redline/planner"
	"redline/planner/report/workbook"
)

// Workbooks as programs other than excelize write them. interop_test.go
// runs the programs where they are installed; these tests build the forms
// they write by hand, so that they always run.

// xcell is a cell of a hand-made sheet: its text and how it is stored.
type xcell struct {
	v    string
	kind byte // 's' a string, 'n' a number, 'b' a boolean, 'f' a formula's string result, 0 an empty cell
}

func str(v string) xcell { return xcell{v, 's'} }
func num(v string) xcell { return xcell{v, 'n'} }

var blankCell = xcell{}

// tinySheets is a small plan as a grid of cells per sheet, with the
// values other programs store differently: text with leading and trailing
// spaces, line breaks, an escaped carriage return, a boolean and a
// formula in text columns, a number in exponent form.
var tinySheets = []struct {
	name string
	rows [][]xcell
}{
	{"Plan", [][]xcell{{str("key"), str("value")},
		{str("format"), str("redline-plan/v1")},
		{str("title"), str("  Tiny plan — малий ")},
		{str("phase"), str("war")}}},
	{"Red lines", [][]xcell{{str("id"), str("title"), str("domain"), str("severity"), blankCell, str("notes")},
		{str("rl-1"), str("Border crossed"), str("land"), num("3"), blankCell, str("line one_x000D_\nline two _x005F_x0041_")},
		{str("rl-2"), {"ab", 'f'}, str("cyber"), num("5"), blankCell, {"1", 'b'}}}},
	{"Responses", [][]xcell{{str("id"), str("title"), str("kind"), str("mechanism"), str("lead"), str("hours_to_effect"), str("participants")},
		{str("resp-1"), str("Reserve"), str("military"), str("denial"), str("UA"), num("1.5E+1"), str("FR, PL")}}},
	{"Contributions", [][]xcell{{str("id"), str("nation"), str("capability"), str("location"), str("activation"), str("status")}}},
	{"Links", [][]xcell{{str("red_line"), str("response"), str("trigger")},
		{str("rl-1"), str("resp-1"), str("automatic")}}},
	{"Terms", [][]xcell{{str("id"), str("kind"), str("stance")}}},
	{"Injects", [][]xcell{{str("id"), str("at_hours"), str("title")}}},
	{"Observations", [][]xcell{{str("inject"), str("indicator"), str("value")}}},
	{"Actors", [][]xcell{{str("code"), str("name"), str("kind")},
		{str("UA"), str("Ukraine"), str("state")}}},
	{"Indicators", [][]xcell{{str("key"), str("name"), str("unit")}}},
}

// tinyPlan is the plan tinySheets hold.
func tinyPlan() *planner.Plan {
	return &planner.Plan{Format: planner.PlanFormat, Title: "  Tiny plan — малий ", Phase: planner.PhaseWar,
		Actors: []planner.Actor{{Code: "UA", Name: "Ukraine", Kind: planner.ActorState}},
		RedLines: []planner.RedLine{
			{ID: "rl-1", Title: "Border crossed", Domain: planner.DomainLand, Severity: 3, Notes: "line one\r\nline two _x0041_"},
			{ID: "rl-2", Title: "ab", Domain: planner.DomainCyber, Severity: 5, Notes: "1"},
		},
		Responses: []planner.Response{{ID: "resp-1", Title: "Reserve", Kind: planner.KindMilitary, Mechanism: planner.MechanismDenial,
			Lead: "UA", HoursToEffect: 15, Participants: []string{"FR", "PL"}}},
		Links: []planner.Link{{RedLine: "rl-1", Response: "resp-1", Trigger: planner.TriggerAutomatic}},
	}
}

// style is how a program writes a workbook.
type style struct {
	prefix      string // of SpreadsheetML elements: "" or "x:"
	main, rels  string // the namespaces of SpreadsheetML and of relationships
	shared      bool   // strings in the shared strings, some in rich-text runs
	positional  bool   // rows and cells without r attributes
	absolute    bool   // relationship targets from the root (/xl/...)
	workbookDir string // where the workbook part is ("xl")
}

const (
	transitionalMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	transitionalRels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	strictMain       = "http://purl.oclc.org/ooxml/spreadsheetml/main"
	strictRels       = "http://purl.oclc.org/ooxml/officeDocument/relationships"
)

// build writes tinySheets in the style.
func (st style) build(t testing.TB) []byte {
	p := st.prefix
	ns := `xmlns="` + st.main + `"`
	if p != "" {
		ns = `xmlns:` + strings.TrimSuffix(p, ":") + `="` + st.main + `"`
	}
	dir := st.workbookDir
	target := func(name string) string {
		if st.absolute {
			return "/" + dir + "/" + name
		}
		return name
	}
	var parts []xpart
	var sst []string
	var wb, wbRels strings.Builder
	fmt.Fprintf(&wb, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\r\n"+`<%sworkbook %s xmlns:r="%s"><%ssheets>`, p, ns, st.rels, p)
	fmt.Fprintf(&wbRels, `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, sh := range tinySheets {
		fmt.Fprintf(&wb, `<%ssheet name="%s" sheetId="%d" r:id="rId%d"/>`, p, sh.name, i+1, i+1)
		fmt.Fprintf(&wbRels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="%s"/>`, i+1, st.rels, target(fmt.Sprintf("worksheets/sheet%d.xml", i+1)))
		var ws strings.Builder
		fmt.Fprintf(&ws, `<?xml version="1.0" encoding="UTF-8"?><%sworksheet %s><%ssheetData>`, p, ns, p)
		for r, row := range sh.rows {
			if st.positional {
				fmt.Fprintf(&ws, `<%srow>`, p)
			} else {
				fmt.Fprintf(&ws, `<%srow r="%d" spans="1:%d">`, p, r+1, len(row))
			}
			for c, cell := range row {
				ref := ""
				if !st.positional {
					ref = fmt.Sprintf(` r="%c%d"`, 'A'+c, r+1)
				}
				text := strings.ReplaceAll(cell.v, "&", "&amp;")
				switch {
				case cell.kind == 0 && st.positional:
					fmt.Fprintf(&ws, `<%sc%s s="1"/>`, p, ref) // a styled empty cell keeps the place
				case cell.kind == 0:
				case cell.kind == 'n':
					fmt.Fprintf(&ws, `<%sc%s><%sv>%s</%sv></%sc>`, p, ref, p, text, p, p)
				case cell.kind == 'b':
					fmt.Fprintf(&ws, `<%sc%s t="b"><%sv>%s</%sv></%sc>`, p, ref, p, text, p, p)
				case cell.kind == 'f':
					fmt.Fprintf(&ws, `<%sc%s t="str"><%sf>LOWER("AB")</%sf><%sv>%s</%sv></%sc>`, p, ref, p, p, p, text, p, p)
				case st.shared:
					fmt.Fprintf(&ws, `<%sc%s t="s"><%sv>%d</%sv></%sc>`, p, ref, p, len(sst), p, p)
					sst = append(sst, richText(p, text))
				default:
					fmt.Fprintf(&ws, `<%sc%s t="inlineStr"><%sis><%st xml:space="preserve">%s</%st></%sis></%sc>`, p, ref, p, p, text, p, p, p)
				}
			}
			fmt.Fprintf(&ws, `</%srow>`, p)
		}
		fmt.Fprintf(&ws, `</%ssheetData><%spageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></%sworksheet>`, p, p, p)
		parts = append(parts, xpart{name: fmt.Sprintf("%s/worksheets/sheet%d.xml", dir, i+1), body: []byte(ws.String())})
	}
	fmt.Fprintf(&wb, `</%ssheets><%scalcPr calcId="191029"/></%sworkbook>`, p, p, p)
	if st.shared {
		fmt.Fprintf(&wbRels, `<Relationship Id="rIdS" Type="%s/sharedStrings" Target="%s"/>`, st.rels, target("sharedStrings.xml"))
		var s strings.Builder
		fmt.Fprintf(&s, `<?xml version="1.0" encoding="UTF-8"?><%ssst %s count="%d" uniqueCount="%d">`, p, ns, len(sst), len(sst))
		s.WriteString(strings.Join(sst, ""))
		fmt.Fprintf(&s, `</%ssst>`, p)
		parts = append(parts, xpart{name: dir + "/sharedStrings.xml", body: []byte(s.String())})
	}
	wbRels.WriteString(`</Relationships>`)
	rootRels := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="%s/officeDocument" Target="%s/workbook.xml"/></Relationships>`, st.rels, dir)
	parts = append(parts,
		xpart{name: "[Content_Types].xml", body: []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)},
		xpart{name: "_rels/.rels", body: []byte(rootRels)},
		xpart{name: dir + "/workbook.xml", body: []byte(wb.String())},
		xpart{name: dir + "/_rels/workbook.xml.rels", body: []byte(wbRels.String())})
	return packParts(t, parts)
}

// richText is a shared string as Excel writes one edited in places: in
// runs, the first bold, with a phonetic reading that is not the text.
func richText(p, s string) string {
	i := strings.IndexByte(s, ' ')
	if i <= 0 {
		return fmt.Sprintf(`<%ssi><%st>%s</%st></%ssi>`, p, p, s, p, p)
	}
	return fmt.Sprintf(`<%ssi><%sr><%srPr><%sb/><%ssz val="11"/></%srPr><%st>%s</%st></%sr><%sr><%st xml:space="preserve">%s</%st></%sr><%srPh sb="0" eb="1"><%st>ルビ</%st></%srPh></%ssi>`,
		p, p, p, p, p, p, p, s[:i], p, p, p, p, s[i:], p, p, p, p, p, p, p)
}

func TestReadWorkbooksAsOtherProgramsWriteThem(t *testing.T) {
	tests := []struct {
		name  string
		style style
	}{
		{"shared strings in rich-text runs, as Excel writes", style{main: transitionalMain, rels: transitionalRels, shared: true, workbookDir: "xl"}},
		{"rows and cells without references, as some libraries write", style{main: transitionalMain, rels: transitionalRels, positional: true, workbookDir: "xl"}},
		{"prefixed elements, as the Open XML SDK writes", style{prefix: "x:", main: transitionalMain, rels: transitionalRels, shared: true, workbookDir: "xl"}},
		{"strict Open XML namespaces", style{main: strictMain, rels: strictRels, shared: true, workbookDir: "xl"}},
		{"the workbook elsewhere, with targets from the root", style{main: transitionalMain, rels: transitionalRels, absolute: true, workbookDir: "book"}},
	}
	want := canonical(t, tinyPlan())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := workbook.ReadXLSX(bytes.NewReader(tt.style.build(t)), "plan.xlsx")
			if err != nil {
				t.Fatal(err)
			}
			got, _ := planner.Encode(p)
			if !bytes.Equal(got, want) {
				t.Fatalf("imported plan differs:\n%s", firstDiff(want, got))
			}
		})
	}
}
