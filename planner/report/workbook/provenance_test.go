package workbook_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"redline/planner"
	"redline/planner/report/workbook"
	"redline/seeds"
)

// provenancePlan is the reference plan (every entry cites its documents)
// with the rest of provenance and branching: assumptions over several lines,
// a brief, conditions of every form, and sources of the plan's own.
func provenancePlan(t testing.TB) *planner.Plan {
	p := referencePlan(t)
	p.RedLines[0].Assumption = "The 500-personnel trigger is ours;\nno document gives a figure."
	p.Responses[1].Sources = nil
	p.Responses[1].Assumption = "=assumed" // looks like a formula, stays text
	p.Contributions[2].Sources = append(p.Contributions[2].Sources, "rusi-2025-11")
	p.Links[0].Assumption = " leading and trailing spaces "
	p.Terms[0].Sources = []string{"iiss"}
	p.Injects[1].Brief = "Kyiv reports to the coalition cell:\r\n\t— 600 troops across the line, «armour» behind."
	p.Injects[1].When = []planner.Condition{{RedLine: p.RedLines[0].ID}}
	p.Injects[2].When = []planner.Condition{
		{RedLine: p.RedLines[1].ID, Not: true},
		{Response: p.Responses[0].ID, Outcome: planner.CondApproved},
		{Response: p.Responses[1].ID, Outcome: planner.CondOngoing, Not: true},
	}
	p.Sources = []planner.Source{
		{ID: "rusi-2025-11", Title: "Stabilising Ukraine — варіанти", Publisher: "RUSI", Date: "2025-11",
			URL: "https://rusi.org/explore?a=1&b=2"},
		{ID: "iiss", Title: "007"},
		{ID: "dated", Title: "1e5", Date: "2025"},
	}
	return p
}

func TestRoundTripKeepsProvenance(t *testing.T) {
	roundTrip(t, provenancePlan(t))
	// Every outcome, negated and not.
	p := referencePlan(t)
	for i, o := range planner.ConditionOutcomes {
		p.Injects[i].When = []planner.Condition{{Response: p.Responses[i].ID, Outcome: o, Not: i%2 == 1}}
	}
	roundTrip(t, p)
}

// The when cell is the readable form the package comment gives.
func TestWhenCellIsReadable(t *testing.T) {
	p := provenancePlan(t)
	f, err := excelize.OpenReader(bytes.NewReader(writeXLSX(t, p, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := f.GetCellValue("Injects", "F4")
	want := "not red_line:" + p.RedLines[1].ID + "; response:" + p.Responses[0].ID + "=approved; not response:" + p.Responses[1].ID + "=ongoing"
	if got != want {
		t.Errorf("Injects!F4 = %q, want %q", got, want)
	}
	got, _ = f.GetCellValue("Red lines", "I2")
	if want := strings.Join(p.RedLines[0].Sources, ", "); got != want {
		t.Errorf("Red lines!I2 = %q, want %q", got, want)
	}
	rows, _ := f.GetRows("Sources")
	if len(rows) != 4 || strings.Join(rows[1], "|") != "rusi-2025-11|Stabilising Ukraine — варіанти|RUSI|2025-11|https://rusi.org/explore?a=1&b=2" {
		t.Errorf("Sources sheet %q", rows)
	}
}

// readWhen writes the reference plan, types cell into its second inject's
// when (Injects!F3) and reads the workbook back.
func readWhen(t *testing.T, cell string) (*planner.Plan, error) {
	t.Helper()
	data := edited(t, referencePlan(t), func(f *excelize.File) { set(t, f, "Injects", "F3", cell) })
	return workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx")
}

func TestReadWhenCell(t *testing.T) {
	accepted := []struct {
		name string
		cell string
		want []planner.Condition
	}{
		{"one red line", "red_line:rl-ground-incursion", []planner.Condition{{RedLine: "rl-ground-incursion"}}},
		{"the example of the package comment", "red_line:rl-ground-incursion; not response:resp-rrf=approved",
			[]planner.Condition{{RedLine: "rl-ground-incursion"}, {Response: "resp-rrf", Outcome: planner.CondApproved, Not: true}}},
		{"spaces anywhere between the parts", "  not   red_line : rl-x ;response: resp-y = fired  ",
			[]planner.Condition{{RedLine: "rl-x", Not: true}, {Response: "resp-y", Outcome: planner.CondFired}}},
		{"no space after the semicolon, a trailing one", "red_line:a;red_line:b;",
			[]planner.Condition{{RedLine: "a"}, {RedLine: "b"}}},
		{"keywords in capitals", "NOT Red_Line:a; Response:b=blocked",
			[]planner.Condition{{RedLine: "a", Not: true}, {Response: "b", Outcome: planner.CondBlocked}}},
		{"not before a tab", "not\tred_line:a", []planner.Condition{{RedLine: "a", Not: true}}},
		{"ids that do not resolve (a finding, not a load error)", "red_line:rl-gone", []planner.Condition{{RedLine: "rl-gone"}}},
		{"an empty cell", "", nil},
		{"only separators", " ; ;", nil},
	}
	for _, tt := range accepted {
		t.Run(tt.name, func(t *testing.T) {
			p, err := readWhen(t, tt.cell)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Injects[1].When, tt.want) {
				t.Errorf("when %+v, want %+v", p.Injects[1].When, tt.want)
			}
		})
	}
	refused := []struct {
		name string
		cell string
		msg  string
	}{
		{"a bare id", "rl-ground-incursion", `condition 1 ("rl-ground-incursion") is not a condition; write red_line:ID or response:ID=OUTCOME`},
		{"an unknown key, second", "red_line:a; inject:inj-01", `condition 2 ("inject:inj-01") is not a condition`},
		{"not alone", "red_line:a; not", `condition 2 ("not") is not a condition`},
		{"not glued to the key", "notred_line:a", `condition 1 ("notred_line:a") is not a condition`},
		{"a comma instead of a semicolon", "red_line:a, red_line:b", "condition 1: character ',' is not allowed"},
		{"no id", "response:=fired", `condition 1 ("response:=fired") has no id after response:`},
		{"an = without an outcome", "response:resp-rrf=", `condition 1 ("response:resp-rrf=") has no outcome after =; want one of fired blocked decision approved rejected ongoing`},
		{"a response without outcome, as the loader says", "red_line:a; response:resp-rrf", "condition 2: required with response, but missing; want one of fired blocked decision approved rejected ongoing"},
		{"an outcome outside the list, as the loader says", "response:resp-rrf=won", `condition 1: want one of fired blocked decision approved rejected ongoing, got "won"`},
		{"an outcome with a red line, as the loader says", "red_line:a=fired", "condition 1: goes only with response"},
		{"an id with a space, as the loader says", "red_line:rl x", "condition 1: character ' ' is not allowed"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readWhen(t, tt.cell)
			fe := formatError(t, err)
			if len(fe.Problems) != 1 || fe.Problems[0].Path != "Injects!F3 (when)" || !strings.Contains(fe.Problems[0].Message, tt.msg) {
				t.Fatalf("want one problem at Injects!F3 (when) saying %q, got:\n%v", tt.msg, err)
			}
		})
	}
}

func TestReadProvenanceProblemsByCell(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, f *excelize.File)
		path string
		msg  string
	}{
		{"a source id with a space on a red line", func(t *testing.T, f *excelize.File) {
			set(t, f, "Red lines", "I3", "000_f923c9f84a30883a.txt, rusi 2025")
		},
			"Red lines!I3 (sources)", "item 2: character ' ' is not allowed"},
		{"an assumption too long on a link", func(t *testing.T, f *excelize.File) { set(t, f, "Links", "E2", strings.Repeat("a", 2001)) },
			"Links!E2 (assumption)", "want at most 2000 characters, got 2001"},
		{"a brief too long", func(t *testing.T, f *excelize.File) { set(t, f, "Injects", "E2", strings.Repeat("b", 4001)) },
			"Injects!E2 (brief)", "want at most 4000 characters, got 4001"},
		{"a javascript url", func(t *testing.T, f *excelize.File) {
			set(t, f, "Sources", "A2", "s-1")
			set(t, f, "Sources", "B2", "A source")
			set(t, f, "Sources", "E2", "javascript:alert(1)")
		}, "Sources!E2 (url)", "want a web address starting with http:// or https://"},
		{"a source without a title", func(t *testing.T, f *excelize.File) { set(t, f, "Sources", "A2", "s-1") },
			"Sources!B2 (title)", "must not be empty"},
		{"a source id with a slash", func(t *testing.T, f *excelize.File) {
			set(t, f, "Sources", "A2", "s/1")
			set(t, f, "Sources", "B2", "A source")
		}, "Sources!A2 (id)", "character '/' is not allowed"},
		{"a Sources sheet without its required column", func(t *testing.T, f *excelize.File) { must(t, f.RemoveCol("Sources", "B")) },
			"Sources", `missing column "title"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := edited(t, referencePlan(t), func(f *excelize.File) { tt.edit(t, f) })
			_, err := workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx")
			fe := formatError(t, err)
			if len(fe.Problems) != 1 || fe.Problems[0].Path != tt.path || !strings.Contains(fe.Problems[0].Message, tt.msg) {
				t.Fatalf("want one problem at %s saying %q, got:\n%v", tt.path, tt.msg, err)
			}
		})
	}
}

// A workbook written before plans had provenance — no Sources sheet, no
// sources, assumption, brief or when columns — imports as the plan without
// any.
func TestReadWorkbookWrittenBeforeProvenance(t *testing.T) {
	p := provenancePlan(t)
	data := edited(t, p, func(f *excelize.File) {
		must(t, f.DeleteSheet("Sources"))
		for _, c := range []struct {
			sheet string
			cols  []string // right to left, so that the letters hold
		}{
			{"Red lines", []string{"J", "I"}}, {"Responses", []string{"L", "K"}}, {"Contributions", []string{"K", "J"}},
			{"Links", []string{"E", "D"}}, {"Terms", []string{"G", "F"}}, {"Injects", []string{"H", "G", "F", "E"}},
		} {
			for _, col := range c.cols {
				must(t, f.RemoveCol(c.sheet, col))
			}
		}
	})
	q, err := workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	want := referencePlan(t)
	for i := range want.RedLines {
		want.RedLines[i].Provenance = planner.Provenance{}
	}
	for i := range want.Responses {
		want.Responses[i].Provenance = planner.Provenance{}
	}
	for i := range want.Contributions {
		want.Contributions[i].Provenance = planner.Provenance{}
	}
	for i := range want.Links {
		want.Links[i].Provenance = planner.Provenance{}
	}
	for i := range want.Terms {
		want.Terms[i].Provenance = planner.Provenance{}
	}
	for i := range want.Injects {
		want.Injects[i].Provenance = planner.Provenance{}
		want.Injects[i].Brief, want.Injects[i].When = "", nil
	}
	got, _ := planner.Encode(q)
	if w := canonical(t, want); !bytes.Equal(got, w) {
		t.Fatalf("the import differs:\n%s", firstDiff(w, got))
	}
}

// WriteXLSX refuses, naming the cell, conditions a when cell cannot hold
// so that they read back the same; no loadable plan has them.
func TestWriteRefusesConditionsACellCannotHold(t *testing.T) {
	tests := []struct {
		name   string
		cond   planner.Condition
		reason string
	}{
		{"both ends", planner.Condition{RedLine: "a", Response: "b", Outcome: planner.CondFired}, "names both a red line and a response"},
		{"neither end", planner.Condition{Not: true}, "names neither"},
		{"an outcome with a red line", planner.Condition{RedLine: "a", Outcome: planner.CondFired}, "an outcome goes only with a response"},
		{"a response without outcome", planner.Condition{Response: "b"}, "without an outcome"},
		{"a separator in an id", planner.Condition{RedLine: "a;b"}, "semicolon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := referencePlan(t)
			p.Injects[0].When = []planner.Condition{{RedLine: "ok"}, tt.cond}
			err := workbook.WriteXLSX(&bytes.Buffer{}, p, nil)
			if err == nil || !strings.Contains(err.Error(), "Injects!F2 (when): condition 2 cannot be written") || !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("got %v, want an error naming Injects!F2 (when), condition 2, saying %q", err, tt.reason)
			}
		})
	}
	p := referencePlan(t)
	p.Links[0].Sources = []string{"a, b"}
	if err := workbook.WriteXLSX(&bytes.Buffer{}, p, nil); err == nil || !strings.Contains(err.Error(), "Links!D2 (sources)") {
		t.Errorf("a source id with a comma: %v", err)
	}
}

// TestFindingsSheetReadsInWords: the Findings sheet names each finding's
// entry in words beside its id, the plan as a whole for a plan finding, and
// its sources as citations rather than file names.
func TestFindingsSheetReadsInWords(t *testing.T) {
	p := referencePlan(t)
	findings := []planner.Finding{
		{Rule: "unsourced-commitment", Severity: planner.Advice, Subject: p.Contributions[0].ID, Message: "m1",
			Sources: []string{}},
		{Rule: "force-size", Severity: planner.Warning, Subject: "", Message: "m2",
			Sources: []string{"002_158aef14e96d415b.txt", "unknown-doc"}},
		{Rule: "slow-response", Severity: planner.Warning, Subject: planner.LinkSubject(p.Links[0]), Message: "m3"},
	}
	var buf bytes.Buffer
	err := workbook.WriteXLSXWith(&buf, p, findings, workbook.Options{Catalog: seeds.Catalog(),
		Cite: func(id string) (string, bool) { return seeds.PlanCitation(p, id) }})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Findings")
	if len(rows) != 4 || !reflect.DeepEqual(rows[0], []string{"severity", "rule", "subject", "entry", "message", "sources"}) {
		t.Fatalf("Findings sheet %q", rows)
	}
	c := p.Contributions[0]
	wantEntry := "contribution “" + seeds.Catalog().ActorName(c.Nation) + ", "
	if rows[1][2] != c.ID || !strings.HasPrefix(rows[1][3], wantEntry) {
		t.Errorf("contribution row %q, want its id and an entry starting %q", rows[1], wantEntry)
	}
	if rows[2][3] != "the plan as a whole" {
		t.Errorf("plan finding's entry %q", rows[2][3])
	}
	cite := seeds.Citation("002_158aef14e96d415b.txt")
	if cite == "" || rows[2][5] != cite+"; unknown-doc" {
		t.Errorf("sources %q, want the citation %q then the unknown id", rows[2][5], cite)
	}
	if !strings.HasPrefix(rows[3][3], "the link from red line “") {
		t.Errorf("link finding's entry %q", rows[3][3])
	}
}
