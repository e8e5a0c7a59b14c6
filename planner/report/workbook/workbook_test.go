package workbook_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"redline/planner"
	"redline/planner/report"
	"redline/planner/report/workbook"
	"redline/seeds"
)

func referencePlan(t testing.TB) *planner.Plan {
	t.Helper()
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// canonical is what the JSON loader makes of p: the plan a round trip must
// give back.
func canonical(t testing.TB, p *planner.Plan) []byte {
	t.Helper()
	data, err := planner.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := planner.DecodePlan(data)
	if err != nil {
		t.Fatalf("the test plan does not load: %v", err)
	}
	data, err = planner.Encode(q)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeXLSX(t testing.TB, p *planner.Plan, findings []planner.Finding) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := workbook.WriteXLSX(&buf, p, findings); err != nil {
		t.Fatalf("WriteXLSX: %v", err)
	}
	return buf.Bytes()
}

func roundTrip(t *testing.T, p *planner.Plan) {
	t.Helper()
	want := canonical(t, p)
	q, err := workbook.ReadXLSX(bytes.NewReader(writeXLSX(t, p, nil)), "plan.xlsx")
	if err != nil {
		t.Fatalf("ReadXLSX: %v", err)
	}
	got, err := planner.Encode(q)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("round trip changed the plan:\n%s", firstDiff(want, got))
	}
}

// firstDiff shows the first line where two canonical plans differ.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d\nwant %q\ngot  %q", i+1, w, g)
		}
	}
	return "(no line differs)"
}

func ptr[T any](v T) *T { return &v }

// trickyPlan is the reference plan with the values a workbook most easily
// gets wrong.
func trickyPlan(t testing.TB) *planner.Plan {
	p := referencePlan(t)
	p.ID = ""
	p.Title = "  План гарантій — Żółta linia \"robocza\" =1+1  "
	p.Classification = ""
	p.Profile = ""
	p.Actors = append(p.Actors, planner.Actor{Code: "MD", Name: "", Kind: planner.ActorState})
	p.Indicators = append(p.Indicators, planner.Indicator{Key: "x_1", Name: "=SUM(A1)", Unit: "007"})
	rl := &p.RedLines[0]
	rl.Title = "=SUM(A1)"
	rl.Notes = " line one\r\nline two\ttabbed\n\n_x0041_ and _x005F_x0041_ literally "
	rl.Threshold = &planner.Threshold{Op: planner.OpEQ, Value: 0.1 + 0.2}
	p.RedLines[1].Threshold = &planner.Threshold{Op: planner.OpLT, Value: 1e-7}
	p.RedLines[2].Threshold = &planner.Threshold{Op: planner.OpLE, Value: 1e21}
	p.RedLines[3].Threshold = &planner.Threshold{Op: planner.OpGT, Value: -3.5}
	p.RedLines[4].Threshold = &planner.Threshold{Op: planner.OpGE, Value: 0}
	p.RedLines[5].Threshold = nil
	p.RedLines[5].Indicator = ""
	p.RedLines = append(p.RedLines,
		planner.RedLine{ID: "rl.extreme-1", Title: "", Domain: planner.DomainCyber, Severity: 1,
			Threshold: &planner.Threshold{Op: planner.OpGT, Value: math.MaxFloat64}},
		planner.RedLine{ID: "rl.extreme-2", Title: "TRUE", Domain: planner.DomainCyber, Severity: 5,
			Threshold: &planner.Threshold{Op: planner.OpGT, Value: 5e-324}, Notes: " "},
		planner.RedLine{ID: "0012", Title: "1e5", Domain: planner.DomainSea, Severity: 2,
			Threshold: &planner.Threshold{Op: planner.OpLT, Value: -1.7976931348623157e308}, Notes: strings.Repeat("ж", 32767)},
	)
	p.Responses[0].HoursToEffect = 0.1 + 0.2
	p.Responses[0].Participants = nil
	p.Responses[1].Requires = []planner.Precondition{}
	p.Contributions[0].Months = ptr(1)
	p.Contributions[0].Personnel = math.MaxInt32
	p.Contributions[1].AmountEURm = 123456789.123456789
	p.Terms = append(p.Terms,
		planner.Term{ID: "term-zero", Kind: planner.TermUAForceCap, Stance: planner.StanceNegotiable, Value: ptr(0.0)},
		planner.Term{ID: "term-neg", Kind: planner.TermSanctionsRelief, Stance: planner.StanceReject, Value: ptr(-1e-300), Notes: "@cmd"},
	)
	p.Injects = append(p.Injects,
		planner.Inject{ID: "inj-dup", AtHours: 1.5, Title: "first", Observations: []planner.Observation{{Indicator: "x_1", Value: 1}}},
		planner.Inject{ID: "inj-dup", AtHours: 2.5, Title: "second", Phase: planner.PhaseWar,
			Observations: []planner.Observation{{Indicator: "x_1", Value: 2}, {Indicator: "strikes_cities", Value: 1e21}}},
		planner.Inject{ID: "inj-none", AtHours: 0, Title: "no observations"},
	)
	return p
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		plan func(testing.TB) *planner.Plan
	}{
		{"reference plan", referencePlan},
		{"tricky values", trickyPlan},
		{"minimal plan", func(testing.TB) *planner.Plan {
			return &planner.Plan{Format: planner.PlanFormat, Title: "x", Phase: planner.PhaseWar}
		}},
		{"generated plan", func(testing.TB) *planner.Plan {
			return planner.Generate(planner.GenSpec{RedLines: 60, Responses: 80, Contributions: 120, Links: 300, Injects: 100, Seed: 7})
		}},
		{"plan with lists but no matrix", func(testing.TB) *planner.Plan {
			return planner.Generate(planner.GenSpec{RedLines: 3, Contributions: 5, Injects: 4, Seed: 3})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { roundTrip(t, tt.plan(t)) })
	}
}

// Numbers and strings a round trip must keep, drawn from for the
// property test.
var (
	edgeNumbers = []float64{0, 1, -1, 0.1 + 0.2, 1e-7, 1e21, 1e-300, 1e300, -2.5, 123456789.98765432,
		math.MaxFloat64, math.SmallestNonzeroFloat64, 1 / 3.0, 4503599627370497, 9007199254740993}
	edgeStrings = []string{"", " ", "  leading", "trailing  ", "=SUM(A1)", "+1", "-x", "@x", "'quoted",
		"Київ — лінія", "Łódź żółć", "line\nbreak", "cr\r\nlf", "tab\there", "_x0041_", "_x005F_", "<&>\"'",
		"007", "1e5", "TRUE", "#N/A", "emoji 🛡️", "\u2028", "a, b"}
)

// mutate gives a generated plan edge values in many places, keeping it
// loadable.
func mutate(p *planner.Plan, rng *rand.Rand) {
	num := func() float64 {
		f := edgeNumbers[rng.IntN(len(edgeNumbers))]
		if rng.IntN(2) == 0 {
			f = -f
		}
		return f
	}
	nonNeg := func() float64 { return math.Abs(num()) }
	str := func() string { return edgeStrings[rng.IntN(len(edgeStrings))] }
	// line is for titles, names and units, which hold no tab or line break.
	line := func() string {
		for {
			if s := str(); planner.LineProblem(s) == "" {
				return s
			}
		}
	}
	for i := range p.RedLines {
		r := &p.RedLines[i]
		r.Title, r.Notes = line(), str()
		if r.Threshold != nil {
			r.Threshold.Value = num()
		}
	}
	for i := range p.Responses {
		p.Responses[i].Title = line()
		p.Responses[i].HoursToEffect = nonNeg()
	}
	for i := range p.Contributions {
		c := &p.Contributions[i]
		c.AmountEURm = nonNeg()
		c.Personnel = 0
		if rng.IntN(3) > 0 {
			c.Personnel = rng.IntN(math.MaxInt32)
		}
		if rng.IntN(2) == 0 {
			c.Months = ptr(1 + rng.IntN(math.MaxInt32-1))
		} else {
			c.Months = nil
		}
	}
	for i := range p.Terms {
		t := &p.Terms[i]
		t.Notes = str()
		if rng.IntN(2) == 0 {
			t.Value = ptr(num())
		}
	}
	for i := range p.Injects {
		in := &p.Injects[i]
		in.Title, in.AtHours = line(), nonNeg()
		for j := range in.Observations {
			in.Observations[j].Value = num()
		}
	}
	for i := range p.Indicators {
		p.Indicators[i].Name, p.Indicators[i].Unit = line(), line()
	}
	p.Title = "t" + line()
	p.Classification = line()
}

func TestRoundTripOfGeneratedPlansWithEdgeValues(t *testing.T) {
	n := 40
	if testing.Short() {
		n = 8
	}
	for seed := uint64(1); seed <= uint64(n); seed++ {
		rng := rand.New(rand.NewPCG(seed, 42))
		spec := planner.GenSpec{RedLines: rng.IntN(40), Responses: rng.IntN(40), Contributions: rng.IntN(60),
			Links: rng.IntN(120), Injects: rng.IntN(60), Seed: seed}
		p := planner.Generate(spec)
		if seed%2 == 0 {
			mutate(p, rng)
		}
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) { roundTrip(t, p) })
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	p := trickyPlan(t)
	findings := planner.Check(p, seeds.Catalog(), seeds.DefaultProfile())
	a, b := writeXLSX(t, p, findings), writeXLSX(t, p, findings)
	if !bytes.Equal(a, b) {
		t.Fatal("two workbooks of the same plan differ")
	}
}

func writeDated(t testing.TB, p *planner.Plan, date time.Time) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := workbook.WriteXLSXWith(&buf, p, nil, workbook.Options{Date: date}); err != nil {
		t.Fatalf("WriteXLSXWith: %v", err)
	}
	return buf.Bytes()
}

func TestWritesOnTheSameDateAreByteIdentical(t *testing.T) {
	p := trickyPlan(t)
	day := time.Date(2025, 9, 4, 0, 0, 0, 0, time.UTC)
	a, b := writeDated(t, p, day), writeDated(t, p, day)
	if !bytes.Equal(a, b) {
		t.Fatal("two workbooks of the same plan and date differ")
	}
	if c := writeDated(t, p, day.AddDate(0, 0, 1)); bytes.Equal(a, c) {
		t.Fatal("workbooks of different dates are the same bytes")
	}
}

// zipParts opens a workbook as the zip archive it is.
func zipParts(t *testing.T, book []byte) map[string]*zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	return parts
}

func partText(t *testing.T, f *zip.File) string {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDocumentPropertiesAreInTheFormExcelWritesWithTheExportDate(t *testing.T) {
	p := referencePlan(t)
	date := time.Date(2025, 9, 4, 14, 30, 12, 0, time.FixedZone("CEST", 2*60*60))
	book := writeDated(t, p, date)
	parts := zipParts(t, book)
	core := partText(t, parts["docProps/core.xml"])
	for _, want := range []string{
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"`,
		`<dc:title>Coalition reassurance force`,
		`<dc:subject>` + p.Classification + `</dc:subject>`,
		`<dc:creator>Redline</dc:creator>`,
		`<cp:lastModifiedBy>Redline</cp:lastModifiedBy>`,
		`<dcterms:created xsi:type="dcterms:W3CDTF">2025-09-04T12:30:12Z</dcterms:created>`,
		`<dcterms:modified xsi:type="dcterms:W3CDTF">2025-09-04T12:30:12Z</dcterms:modified>`,
	} {
		if !strings.Contains(core, want) {
			t.Errorf("docProps/core.xml lacks %s:\n%s", want, core)
		}
	}
	// No element in the default namespace: ExcelJS refuses <lastModifiedBy>.
	if strings.Contains(core, `xmlns="`) || strings.Contains(core, "<lastModifiedBy") {
		t.Errorf("docProps/core.xml uses the default namespace:\n%s", core)
	}
	app := partText(t, parts["docProps/app.xml"])
	if !strings.Contains(app, "<Application>Redline</Application>") ||
		!strings.Contains(app, `<vt:vector size="13" baseType="lpstr"><vt:lpstr>Plan</vt:lpstr>`) {
		t.Errorf("docProps/app.xml does not name the application and the sheets:\n%s", app)
	}
	// excelize reads the properties back.
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, err := f.GetDocProps()
	if err != nil || props.Title != p.Title || props.Created != "2025-09-04T12:30:12Z" || props.Creator != "Redline" {
		t.Errorf("excelize reads the properties as %+v (%v)", props, err)
	}
}

func TestZipPartsCarryTheExportDate(t *testing.T) {
	date := time.Date(2026, 12, 1, 9, 15, 42, 0, time.UTC)
	for name, f := range zipParts(t, writeDated(t, referencePlan(t), date)) {
		if !f.Modified.Equal(date) {
			t.Errorf("%s stamped %v, want %v", name, f.Modified, date)
		}
	}
}

func TestExportDatesTheWorkbookWithTheSummaryDate(t *testing.T) {
	p := referencePlan(t)
	date := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	s := report.Summary{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Profile: seeds.DefaultProfile(), Date: date}
	if err := report.Export(&buf, "xlsx", s); err != nil {
		t.Fatal(err)
	}
	parts := zipParts(t, buf.Bytes())
	if core := partText(t, parts["docProps/core.xml"]); !strings.Contains(core, ">2026-12-01T00:00:00Z</dcterms:created>") {
		t.Errorf("the exported workbook is not dated 2026-12-01:\n%s", core)
	}
	if f := parts["xl/workbook.xml"]; !f.Modified.Equal(date) {
		t.Errorf("xl/workbook.xml stamped %v, want %v", f.Modified, date)
	}
}

func TestWorkbookWithoutADateClaimsNone(t *testing.T) {
	parts := zipParts(t, writeXLSX(t, referencePlan(t), nil))
	if core := partText(t, parts["docProps/core.xml"]); strings.Contains(core, "dcterms:created") || strings.Contains(core, "dcterms:modified") {
		t.Errorf("a workbook without a date says when it was made:\n%s", core)
	}
	// The earliest valid zip time, not the month 0, day 0 of no time at all.
	epoch := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, f := range parts {
		if !f.Modified.Equal(epoch) {
			t.Errorf("%s stamped %v, want %v", name, f.Modified, epoch)
		}
	}
}

func TestNoRangeReachesTheLastRowOfASheet(t *testing.T) {
	p := planner.Generate(planner.GenSpec{RedLines: 40, Responses: 30, Contributions: 50, Links: 100, Injects: 20, Seed: 5})
	book := writeXLSX(t, p, nil)
	for name, f := range zipParts(t, book) {
		if !strings.HasSuffix(name, ".xml") {
			continue
		}
		// A whole-column range ends in row 1048576, or is a bare C:C.
		text := partText(t, f)
		if strings.Contains(text, "1048576") || regexp.MustCompile(`(sqref|ref)="[^"]*\b[A-Z]+:\$?[A-Z]+\b`).MatchString(text) {
			t.Errorf("%s has a range over whole columns", name)
		}
	}
	xf, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	dvs, err := xf.GetDataValidations("Matrix")
	if err != nil || len(dvs) != 1 || dvs[0].Sqref != fmt.Sprintf("C3:AF%d", len(p.RedLines)+2) {
		t.Errorf("Matrix drop-downs: %+v (%v); want the grid's cells", dvs, err)
	}
	dvs, err = xf.GetDataValidations("Red lines")
	if err != nil || len(dvs) != 2 || dvs[0].Sqref != fmt.Sprintf("C2:C%d", len(p.RedLines)+1+5000) {
		t.Errorf("Red lines drop-downs: %+v (%v); want the red lines and 5,000 rows more", dvs, err)
	}
}

func TestWriteRefusesWhatACellCannotHold(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(p *planner.Plan)
		cell   string
		reason string
	}{
		{"text longer than a cell holds", func(p *planner.Plan) { p.RedLines[1].Notes = strings.Repeat("x", 32768) },
			"Red lines!H3 (notes)", "32768 characters"},
		{"long text counted in UTF-16 units", func(p *planner.Plan) { p.Terms[0].Notes = strings.Repeat("🛡", 16384) },
			"Terms!E2 (notes)", "32768 characters"},
		{"a control character", func(p *planner.Plan) { p.Responses[0].Title = "bell\a" },
			"Responses!B2 (title)", "U+0007"},
		{"a list item with a comma", func(p *planner.Plan) { p.Responses[2].Uses = []string{"a,b"} },
			"Responses!J4 (uses)", "comma-separated"},
		{"a plan title with a control character", func(p *planner.Plan) { p.Title = "\x00" },
			"Plan!B4 (value)", "U+0000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := referencePlan(t)
			tt.edit(p)
			err := workbook.WriteXLSX(&bytes.Buffer{}, p, nil)
			if err == nil || !strings.Contains(err.Error(), tt.cell+": ") || !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("got %v, want an error naming %s and saying %q", err, tt.cell, tt.reason)
			}
		})
	}
}

func TestWorkbookLayout(t *testing.T) {
	p := referencePlan(t)
	findings := planner.Check(p, seeds.Catalog(), seeds.DefaultProfile())
	f, err := excelize.OpenReader(bytes.NewReader(writeXLSX(t, p, findings)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Plan", "Red lines", "Responses", "Contributions", "Links", "Matrix", "Terms", "Injects",
		"Observations", "Actors", "Indicators", "Sources", "Findings"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	if i := f.GetActiveSheetIndex(); i != 0 {
		t.Errorf("active sheet %d, want the Plan sheet", i)
	}
	for _, sheet := range want {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze {
			t.Errorf("%s: header not frozen (%+v, %v)", sheet, panes, err)
		}
	}
	header, _ := f.GetRows("Responses")
	if got := strings.Join(header[0], ","); got != "id,title,kind,mechanism,lead,participants,hours_to_effect,requires,capabilities,uses,sources,assumption" {
		t.Errorf("Responses header %s", got)
	}
	// The sheets of entries that carry provenance end with it; the
	// Injects sheet has the brief and the conditions before.
	for sheet, want := range map[string]string{
		"Red lines":     "id,title,domain,indicator,threshold_op,threshold_value,severity,notes,sources,assumption",
		"Contributions": "id,nation,capability,personnel,amount_eur_m,location,activation,status,months,sources,assumption",
		"Links":         "red_line,response,trigger,sources,assumption",
		"Terms":         "id,kind,stance,value,notes,sources,assumption",
		"Injects":       "id,at_hours,title,phase,brief,when,sources,assumption",
		"Sources":       "id,title,publisher,date,url",
	} {
		rows, _ := f.GetRows(sheet)
		if len(rows) == 0 || strings.Join(rows[0], ",") != want {
			t.Errorf("%s header %v, want %s", sheet, rows, want)
		}
	}
	style, _ := f.GetCellStyle("Red lines", "A1")
	if st, err := f.GetStyle(style); err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header not bold: %+v %v", st, err)
	}
	dvs, err := f.GetDataValidations("Contributions")
	if err != nil {
		t.Fatal(err)
	}
	var lists []string
	for _, dv := range dvs {
		lists = append(lists, dv.Sqref)
	}
	// Over the contributions and 5,000 rows more, not whole columns.
	end := len(p.Contributions) + 1 + 5000
	if got, want := strings.Join(lists, " "), fmt.Sprintf("C2:C%[1]d F2:F%[1]d G2:G%[1]d H2:H%[1]d", end); got != want {
		t.Errorf("Contributions drop-downs on %s, want %s", got, want)
	}
	dvs, _ = f.GetDataValidations("Plan")
	if len(dvs) != 1 || dvs[0].Sqref != "B6:B6" || !strings.Contains(dvs[0].Formula1, "ceasefire") {
		t.Errorf("Plan phase drop-down: %+v", dvs)
	}
	rows, _ := f.GetRows("Findings")
	if len(rows) != len(findings)+1 || len(findings) == 0 || rows[1][1] != findings[0].Rule {
		t.Errorf("Findings sheet has %d rows for %d findings", len(rows), len(findings))
	}
	// A string that looks like a formula is a string, not a formula.
	p.RedLines[0].Title = "=SUM(A1)"
	f2, _ := excelize.OpenReader(bytes.NewReader(writeXLSX(t, p, nil)))
	defer f2.Close()
	if formula, _ := f2.GetCellFormula("Red lines", "B2"); formula != "" {
		t.Errorf("title became the formula %q", formula)
	}
	if ct, _ := f2.GetCellType("Red lines", "B2"); ct != excelize.CellTypeInlineString {
		t.Errorf("title cell type %v", ct)
	}
}
