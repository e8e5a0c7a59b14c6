package workbook_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"redline/planner"
	"redline/planner/report/workbook"
)

// The interop tests open Redline's workbook in other spreadsheet software,
// edit and save it there, and import it back. ExcelJS and SheetJS run under
// Node, pinned by testdata/interop/package-lock.json and installed with
// npm ci into the user's cache; "make test" installs Node and npm when
// missing and sets REDLINE_REQUIRE_NODE, so there these tests fail rather
// than skip without them. A bare "go test" skips them. LibreOffice is used
// where it is installed.

// interopTimeout bounds each run of another program on one workbook.
const interopTimeout = 120 * time.Second

// interopDir holds the script and the pinned package files.
const interopDir = "testdata/interop"

// needNode stops the test for want of Node: a failure under make test, a
// skip elsewhere.
func needNode(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("REDLINE_REQUIRE_NODE") != "" {
		t.Fatal(msg + " (REDLINE_REQUIRE_NODE is set; make deps installs Node and npm)")
	}
	t.Skip(msg)
}

// nodeModules installs the pinned libraries with npm ci, once per version of
// the package files, into the user's cache, and returns the node_modules
// folder.
func nodeModules(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			needNode(t, "%s is not installed: the workbook is not tested with ExcelJS and SheetJS", tool)
		}
	}
	sum := sha256.New()
	files := map[string][]byte{}
	for _, name := range []string{"package.json", "package-lock.json"} {
		data, err := os.ReadFile(filepath.Join(interopDir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
		sum.Write(data)
	}
	root, err := os.UserCacheDir()
	if err != nil {
		root = os.TempDir()
	}
	root = filepath.Join(root, "redline")
	dir := filepath.Join(root, "workbook-interop-"+hex.EncodeToString(sum.Sum(nil))[:16])
	modules := filepath.Join(dir, "node_modules")
	if _, err := os.Stat(filepath.Join(dir, "installed")); err == nil {
		return modules
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	// Install beside the cache entry and move it into place whole, so that
	// an interrupted install is never taken for a finished one.
	tmp, err := os.MkdirTemp(root, "partial-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = tmp
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		needNode(t, "npm ci of %s/package-lock.json failed (%v): %s", interopDir, err, out)
	}
	t.Logf("npm ci installed ExcelJS and SheetJS in %v", time.Since(start).Round(time.Second))
	if err := os.WriteFile(filepath.Join(tmp, "installed"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(dir, "installed")); statErr != nil {
			t.Fatal(err) // not another run that finished first
		}
	}
	return modules
}

// runBounded runs a program that must finish within interopTimeout.
func runBounded(t *testing.T, what, name string, args []string, env ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), interopTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s did not finish within %v: %s", what, interopTimeout, out.String())
	}
	if err != nil {
		t.Fatalf("%s: %v: %s", what, err, out.String())
	}
}

// interopPlans are the plans taken through other software.
var interopPlans = []struct {
	name string
	plan func(testing.TB) *planner.Plan
}{
	{"reference plan", referencePlan},
	{"generated plan", func(testing.TB) *planner.Plan {
		return planner.Generate(planner.GenSpec{RedLines: 60, Responses: 80, Contributions: 120, Links: 300, Injects: 100, Seed: 7})
	}},
	{"larger generated plan", func(testing.TB) *planner.Plan {
		return planner.Generate(planner.GenSpec{RedLines: 250, Responses: 200, Contributions: 600, Links: 1000, Injects: 400, Seed: 23})
	}},
	{"generated plan with empty sheets", func(testing.TB) *planner.Plan {
		return planner.Generate(planner.GenSpec{RedLines: 4, Contributions: 3, Seed: 3})
	}},
}

// interopEdit is what testdata/interop/roundtrip.js changes in a workbook.
type interopEdit struct {
	Set    []cellEdit  `json:"set"`
	Append []rowAppend `json:"append"`
}

type cellEdit struct {
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Value  any    `json:"value"`
}

type rowAppend struct {
	Sheet  string         `json:"sheet"`
	Values map[string]any `json:"values"`
}

// planEdit is a planner's edit of p in a spreadsheet: a new threshold value
// on the first red line that has one, and a new red line added below the
// last. It returns the edit for the script and applies it to p, which
// becomes the plan the import must give.
func planEdit(t *testing.T, p *planner.Plan, by string) interopEdit {
	t.Helper()
	var e interopEdit
	indicator := ""
	for i := range p.RedLines {
		r := &p.RedLines[i]
		if r.Threshold == nil {
			continue
		}
		r.Threshold.Value += 17.25
		e.Set = append(e.Set, cellEdit{Sheet: "Red lines", Row: i + 2, Column: "threshold_value", Value: r.Threshold.Value})
		indicator = r.Indicator
		break
	}
	if e.Set == nil {
		t.Fatal("the plan has no red line with a threshold to edit")
	}
	added := planner.RedLine{
		ID: "rl.added-in-" + by, Title: "Added in " + by + " — 007 stays text", Domain: planner.DomainCyber,
		Indicator: indicator, Threshold: &planner.Threshold{Op: planner.OpGE, Value: 3.5}, Severity: 4,
		Notes: "typed by a planner",
	}
	p.RedLines = append(p.RedLines, added)
	e.Append = append(e.Append, rowAppend{Sheet: "Red lines", Values: map[string]any{
		"id": added.ID, "title": added.Title, "domain": string(added.Domain), "indicator": added.Indicator,
		"threshold_op": string(added.Threshold.Op), "threshold_value": added.Threshold.Value,
		"severity": added.Severity, "notes": added.Notes,
	}})
	return e
}

// importPlan reads a workbook back and compares it with want, canonical
// JSON against canonical JSON.
func importPlan(t *testing.T, path string, want []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	q, err := workbook.ReadXLSX(bytes.NewReader(data), filepath.Base(path))
	if err != nil {
		t.Fatalf("ReadXLSX: %v", err)
	}
	got, err := planner.Encode(q)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("the import is not the plan plus the edit:\n%s", firstDiff(want, got))
	}
}

// A planner opens the workbook in a library, changes a threshold, adds a
// red line and saves: the import is the plan with exactly that edit.
func TestWorkbookEditedInExcelJSAndSheetJSImportsExactlyTheEdit(t *testing.T) {
	modules := nodeModules(t)
	script, err := filepath.Abs(filepath.Join(interopDir, "roundtrip.js"))
	if err != nil {
		t.Fatal(err)
	}
	date := time.Date(2025, 9, 4, 10, 30, 0, 0, time.UTC)
	for _, pt := range interopPlans {
		for _, lib := range []struct{ name, arg string }{{"ExcelJS", "exceljs"}, {"SheetJS", "sheetjs"}} {
			t.Run(pt.name+" in "+lib.name, func(t *testing.T) {
				dir := t.TempDir()
				p := pt.plan(t)
				var book bytes.Buffer
				if err := workbook.WriteXLSXWith(&book, p, nil, workbook.Options{Date: date}); err != nil {
					t.Fatal(err)
				}
				in, out, editFile := filepath.Join(dir, "plan.xlsx"), filepath.Join(dir, "edited.xlsx"), filepath.Join(dir, "edit.json")
				edit := planEdit(t, p, lib.name)
				want := canonical(t, p)
				editJSON, err := json.Marshal(edit)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(in, book.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(editFile, editJSON, 0o644); err != nil {
					t.Fatal(err)
				}
				runBounded(t, lib.name, "node", []string{script, lib.arg, in, out, editFile}, "NODE_PATH="+modules)
				importPlan(t, out, want)
			})
		}
	}
}

// LibreOffice opens the workbook and saves it as xlsx again: the import is
// the plan unchanged. (LibreOffice 7.4 rounds some numbers of 16 or 17
// significant digits: 123456789.123456789 comes back as 123456789.123457;
// these plans hold none.)
func TestWorkbookSavedByLibreOfficeImportsUnchanged(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if soffice, err = exec.LookPath("libreoffice"); err != nil {
			t.Skip("LibreOffice (soffice) is not installed: the round trip through it is not tested")
		}
	}
	dir := t.TempDir()
	inDir, outDir := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	if err := errors.Join(os.Mkdir(inDir, 0o755), os.Mkdir(outDir, 0o755)); err != nil {
		t.Fatal(err)
	}
	args := []string{"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", "xlsx", "--outdir", outDir}
	want := map[string][]byte{}
	for i, pt := range interopPlans {
		p := pt.plan(t)
		name := fmt.Sprintf("plan-%d.xlsx", i+1)
		var book bytes.Buffer
		if err := workbook.WriteXLSXWith(&book, p, nil, workbook.Options{Date: time.Now()}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(inDir, name), book.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		want[name] = canonical(t, p)
		args = append(args, filepath.Join(inDir, name))
	}
	// One LibreOffice for all the plans: it takes seconds to start.
	runBounded(t, "soffice --convert-to xlsx", soffice, args)
	for i, pt := range interopPlans {
		name := fmt.Sprintf("plan-%d.xlsx", i+1)
		t.Run(pt.name, func(t *testing.T) {
			path := filepath.Join(outDir, name)
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("LibreOffice wrote no %s: %v", name, err)
			}
			importPlan(t, path, want[name])
		})
	}
}

func TestInteropLibrariesArePinnedToExactVersions(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(interopDir, "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct{ Dependencies map[string]string }
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"exceljs": "4.4.0", "xlsx": "0.18.5"}
	if fmt.Sprint(pkg.Dependencies) != fmt.Sprint(want) {
		t.Errorf("package.json depends on %v, want exactly %v", pkg.Dependencies, want)
	}
	if _, err := os.Stat(filepath.Join(interopDir, "package-lock.json")); err != nil {
		t.Errorf("no lock file for npm ci: %v", err)
	}
}
