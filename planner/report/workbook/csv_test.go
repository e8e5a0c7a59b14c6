package workbook_test

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"redline/planner"
	"redline/planner/report/workbook"
	"redline/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestWriteMatrixCSVOfTheReferencePlanMatchesTheGoldenFile(t *testing.T) {
	var buf bytes.Buffer
	p := referencePlan(t)
	cite := func(id string) (string, bool) { return seeds.PlanCitation(p, id) }
	if err := workbook.WriteMatrixCSV(&buf, p, workbook.Options{Cite: cite}); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "reference-matrix.csv")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("CSV differs from %s (run with -update if the change is meant):\n%s", golden, firstDiff(want, buf.Bytes()))
	}
}

func TestWriteMatrixCSV(t *testing.T) {
	p := &planner.Plan{
		RedLines: []planner.RedLine{
			{ID: "rl-1", Title: "Лінія, \"перша\"", Provenance: planner.Provenance{Sources: []string{"doc-a", "doc-b"}}},
			{ID: "-rl", Title: "=HYPERLINK(\"x\")"},
			{ID: "rl-3", Title: "-5", Provenance: planner.Provenance{Assumption: "=ours;\nno figure"}},
		},
		Responses: []planner.Response{{ID: "r-a"}, {ID: "@r"}},
		Links: []planner.Link{
			{RedLine: "rl-1", Response: "@r", Trigger: planner.TriggerConsultation,
				Provenance: planner.Provenance{Sources: []string{"doc-a"}, Assumption: "timing assumed"}},
			{RedLine: "rl-1", Response: "@r", Trigger: planner.TriggerAutomatic, // the first counts
				Provenance: planner.Provenance{Assumption: "not shown"}},
			{RedLine: "rl-1", Response: "r-a", Trigger: planner.TriggerAutomatic,
				Provenance: planner.Provenance{Assumption: "second link"}},
			{RedLine: "-rl", Response: "r-a", Trigger: planner.TriggerAutomatic},
			{RedLine: "rl-x", Response: "r-a", Trigger: planner.TriggerAutomatic}, // dangling: left out
		},
	}
	var buf bytes.Buffer
	cite := func(id string) (string, bool) { return "Cited " + id, true }
	if err := workbook.WriteMatrixCSV(&buf, p, workbook.Options{Cite: cite}); err != nil {
		t.Fatal(err)
	}
	data := buf.String()
	if !strings.HasPrefix(data, "\uFEFF") || !strings.Contains(data, "\r\n") {
		t.Fatalf("want a BOM and CRLF line ends: %q", data)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(data, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"red line", "title", "r-a", "'@r", "sources", "assumption", "link sources", "link assumptions"},
		{"rl-1", "Лінія, \"перша\"", "automatic", "consultation", "Cited doc-a; Cited doc-b", "",
			"'@r: Cited doc-a", "'@r: timing assumed\nr-a: second link"},
		{"'-rl", "'=HYPERLINK(\"x\")", "automatic", "", "", "", "", ""},
		{"rl-3", "-5", "", "", "", "'=ours;\nno figure", "", ""},
	}
	if len(records) != len(want) {
		t.Fatalf("got %d records, want %d: %q", len(records), len(want), records)
	}
	for i := range want {
		if strings.Join(records[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d: got %q, want %q", i, records[i], want[i])
		}
	}
}
