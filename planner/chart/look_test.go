package chart

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"redline/assets"
	"redline/planner"
	"redline/seeds"
)

// referenceRun plays the reference plan's script with a decision
// approved, one rejected and one deferred, as the after-action tests do,
// and returns it with the engine's board.
func referenceRun(t testing.TB) Run {
	t.Helper()
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	cat := seeds.Catalog().ForPlan(p)
	res, err := planner.RunExercise(p, cat)
	if err != nil {
		t.Fatal(err)
	}
	var decisions []planner.RunDecision
	choices := []string{planner.Approved, planner.Deferred, planner.Rejected}
	for _, ev := range res.Events {
		for _, o := range ev.Responses {
			if o.Status == planner.Decision && len(decisions) < len(choices) {
				decisions = append(decisions, planner.RunDecision{Inject: ev.Inject, RedLine: o.RedLine, Response: o.Response,
					Choice: choices[len(decisions)], AtHours: ev.AtHours + 8})
			}
		}
	}
	return playRun(t, p, cat, decisions)
}

// playRun plays a plan's script with decisions and returns the run with
// the engine's board.
func playRun(t testing.TB, p *planner.Plan, cat *planner.Catalog, decisions []planner.RunDecision) Run {
	t.Helper()
	e, err := planner.NewExerciseWith(p, cat, planner.ExerciseOptions{Decisions: decisions})
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, ok := e.Step(); !ok {
			break
		}
	}
	return Run{Plan: p, Result: e.Result(), Decisions: decisions, Board: e.Board()}
}

// TestWriteChartsLook writes the reference plan's charts as SVG to
// $REDLINE_CHART_OUT for a person to look at.
func TestWriteChartsLook(t *testing.T) {
	dir := os.Getenv("REDLINE_CHART_OUT")
	if dir == "" {
		t.Skip("set REDLINE_CHART_OUT to a directory to write the reference plan's charts there as SVG")
	}
	run := referenceRun(t)
	cat := seeds.Catalog().ForPlan(run.Plan)
	sc := planner.Score(run.Plan, cat, seeds.DefaultProfile())
	big := planner.Generate(planner.LargePlan.Scaled(0.1))
	bigRun := playRun(t, big, seeds.Catalog().ForPlan(big), nil)
	charts := map[string]Chart{
		"timeline":     ExerciseTimeline(run),
		"timeline-big": ExerciseTimeline(bigRun),
		"forces":       ForcesByNation(run.Plan, cat),
		"forces-big":   ForcesByNation(big, seeds.Catalog().ForPlan(big)),
		"location":     PersonnelByLocation(run.Plan),
		"coverage":     CoverageByMechanism(sc),
		"heat":         DeterrenceHeatMap(sc),
		"empty":        ForcesByNation(&planner.Plan{}, nil),
		"matrix":       ResponseMatrix(run.Plan),
		"matrix-big":   ResponseMatrix(big),
	}
	fonts := testFonts(t)
	for name, c := range charts {
		d := Layout(c, Options{Width: 174, MaxHeight: 240, TextSize: 2.9})
		var b bytes.Buffer
		if err := WriteSVG(&b, d, SVGOptions{Unit: "mm"}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".svg"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		// The PNG as a slide has it: laid out in pixels with the fonts it
		// is drawn in, at twice the size.
		d = Layout(c, Options{Width: 1200, MaxHeight: 1600, TextSize: 16, Measure: fonts.Measure})
		b.Reset()
		if err := WritePNG(&b, d, PNGOptions{Scale: 2, Fonts: fonts}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// testFonts are the fonts the report draws PNGs in.
func testFonts(t testing.TB) *Fonts {
	t.Helper()
	f, err := NewFonts(assets.NotoSansRegular, assets.NotoSansBold)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
