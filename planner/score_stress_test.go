package planner_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

func stressTest(t *testing.T, name string) planner.StressTest {
	t.Helper()
	st, ok := planner.StressTestByName(name)
	if !ok {
		t.Fatalf("no stress test %q", name)
	}
	return st
}

func TestStressTests(t *testing.T) {
	lost := []planner.FactorID{planner.FactorDenial, planner.FactorPrecommitment, planner.FactorSpeed, planner.FactorBacking}
	tests := []struct {
		name    string
		test    string
		body    string
		base    planner.Grade
		grade   planner.Grade
		changed []planner.FactorID
		saying  string // in the denial factor under the test
	}{
		{"US enablers withheld", "us-holds-back", entries([]string{response("r1", "denial", 12, []string{"us_enablers"}, []string{"c-gb"})},
			[]string{confirmedGB}, []string{link("r1", "automatic")}), planner.GradeFragile, planner.GradeHollow, lost,
			"it needs US enablers, which the US withholds in this test"},
		{"a US contribution withheld", "us-holds-back", entries([]string{response("r1", "denial", 12, nil, []string{"c-us"})},
			[]string{confirmedUS}, []string{link("r1", "automatic")}), planner.GradeFragile, planner.GradeHollow, lost,
			"“United States, rapid reaction”, which the US withholds in this test"},
		{"a European answer does without the US", "us-holds-back", entries([]string{response("r1", "denial", 12, nil, []string{"c-gb"})},
			[]string{confirmedGB}, []string{link("r1", "automatic")}), planner.GradeCredible, planner.GradeCredible, nil, "with forces behind it"},
		{"the war resumes on an answer that needs a ceasefire", "war-resumes", entries([]string{response("r1", "denial", 12, []string{"ceasefire"}, []string{"c-gb"})},
			[]string{confirmedGB}, []string{link("r1", "automatic")}), planner.GradeFragile, planner.GradeHollow, lost, "it needs a ceasefire in force"},
		{"the war resumes on forces that come with a ceasefire", "war-resumes", entries([]string{response("r1", "denial", 12, nil, []string{"c-gb-cf"})},
			[]string{onCeasefireGB}, []string{link("r1", "automatic")}), planner.GradeFragile, planner.GradeHollow, lost, "which activates only after a ceasefire"},
		{"a conditional contribution fails", "conditional-fail", entries([]string{response("r1", "denial", 12, nil, []string{"c-de"})},
			[]string{conditionalDE}, []string{link("r1", "automatic")}), planner.GradeFragile, planner.GradeHollow, lost,
			"“Germany, rapid reaction”, conditional, which fails in this test"},
		{"a pledge survives conditional-fail", "conditional-fail", entries([]string{response("r1", "denial", 12, nil, []string{"c-fr"})},
			[]string{pledgedFR}, []string{link("r1", "automatic")}), planner.GradeFragile, planner.GradeFragile, nil, "with forces behind it"},
		{"a pledge fails", "pledges-fail", entries([]string{response("r1", "denial", 12, nil, []string{"c-fr"})},
			[]string{pledgedFR}, []string{link("r1", "automatic")}), planner.GradeFragile, planner.GradeHollow, lost,
			"“France, rapid reaction”, pledged, which fails in this test"},
		{"a confirmed force survives pledges-fail", "pledges-fail", entries([]string{response("r1", "denial", 12, nil, []string{"c-gb"})},
			[]string{confirmedGB}, []string{link("r1", "automatic")}), planner.GradeCredible, planner.GradeCredible, nil, "with forces behind it"},
		{"EU unanimity vetoed", "veto", entries([]string{response("r1", "denial", 12, []string{"eu_unanimity"}, []string{"c-gb"})},
			[]string{confirmedGB}, []string{link("r1", "automatic")}), planner.GradeFragile, planner.GradeHollow, lost,
			"it needs EU unanimity, and in this test a veto stops it"},
		{"NATO consensus vetoed", "veto", entries([]string{response("r1", "denial", 12, []string{"nato_consensus"}, []string{"c-gb"})},
			[]string{confirmedGB}, []string{link("r1", "automatic")}), planner.GradeFragile, planner.GradeHollow, lost,
			"it needs NATO consensus, and in this test a veto stops it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := scorePlan(t, "ceasefire", tt.body, stressTest(t, tt.test))
			rs := &sc.RedLines[0]
			st := &rs.Stress[0]
			if rs.Grade != tt.base || st.Name != tt.test || st.Grade != tt.grade {
				t.Fatalf("grade %s, under %s %s; want %s, then %s", rs.Grade, st.Name, st.Grade, tt.base, tt.grade)
			}
			if !slices.Equal(st.Changed, tt.changed) && !(len(st.Changed) == 0 && len(tt.changed) == 0) {
				t.Errorf("changed %v, want %v", st.Changed, tt.changed)
			}
			ex := st.Explain()
			if ex.Grade != st.Grade || len(ex.Factors) != len(st.Levels) {
				t.Fatalf("Explain: grade %s, %d factors; want %s, %d", ex.Grade, len(ex.Factors), st.Grade, len(st.Levels))
			}
			for k, f := range ex.Factors {
				if f.Level != st.Levels[k] {
					t.Errorf("Explain: %s is %s, Levels says %s", f.Factor, f.Level, st.Levels[k])
				}
			}
			if d := ex.Factor(planner.FactorDenial); !strings.Contains(d.Message, tt.saying) {
				t.Errorf("denial under %s says %q, want %q", tt.test, d.Message, tt.saying)
			}
			if sum := sc.PlanWide.Stress[0]; sum.Name != tt.test || sum.Changed != b2i(tt.base != tt.grade) {
				t.Errorf("plan-wide under the test: %+v", sum)
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// A custom profile is an excursion like the built-in ones.
func TestProfileStressTest(t *testing.T) {
	prof := profileWith(t, `"params":{"rapid_hours":12}`)
	st := planner.ProfileStressTest(prof)
	sc := scorePlan(t, "ceasefire", entries([]string{response("r1", "denial", 24, nil, []string{"c-gb"})}, []string{confirmedGB},
		[]string{link("r1", "automatic")}), st)
	r := sc.RedLines[0].Stress[0]
	if r.Name != "profile:excursion" || sc.RedLines[0].Grade != planner.GradeCredible || r.Grade != planner.GradeFragile ||
		!slices.Equal(r.Changed, []planner.FactorID{planner.FactorSpeed}) {
		t.Errorf("under a profile with rapid_hours 12: %s %s %v", r.Name, r.Grade, r.Changed)
	}
	if msg := r.Explain().Factor(planner.FactorSpeed).Message; !strings.Contains(msg, "more than the 12 h") {
		t.Errorf("speed under the profile: %q", msg)
	}
}

// Under a stress test the script is played again, and the engine blocks
// what the test stops; the war lasts the whole script.
func TestStressReplaysTheScript(t *testing.T) {
	body := entries([]string{response("r1", "denial", 12, []string{"ceasefire"}, nil), response("r2", "punishment", 24, []string{"eu_unanimity"}, nil)}, nil,
		[]string{link("r1", "automatic"), link("r2", "automatic")}) +
		`,"injects":[{"id":"i0","at_hours":0,"title":"Ceasefire signed","phase":"ceasefire"},
		{"id":"i1","at_hours":6,"title":"Probe","observations":[{"indicator":"loc_ground_incursion","value":900}]}]`
	sc := scorePlan(t, "war", body, stressTest(t, "war-resumes"), stressTest(t, "veto"), stressTest(t, "pledges-fail"))
	base := sc.RedLines[0].Factor(planner.FactorExercise)
	if base.Level != planner.LevelStrong || !strings.Contains(base.Message, "“Answer r1” fired, effective T+18h") {
		t.Fatalf("as drafted: %s %q", base.Level, base.Message)
	}
	for k, want := range []string{
		"“Answer r1” was blocked, as it needs a ceasefire in force, and the phase is war",
		"“Answer r2” was blocked, as in this test a veto stops it",
		"“Answer r1” fired, effective T+18h", // nothing the engine sees changes
	} {
		st := &sc.RedLines[0].Stress[k]
		if msg := st.Explain().Factor(planner.FactorExercise).Message; !strings.Contains(msg, want) {
			t.Errorf("under %s the exercise says %q, want %q", st.Name, msg, want)
		}
	}
}

// Scoring, under every stress test, leaves the plan as it was.
func TestScoreLeavesThePlanAlone(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	before, err := planner.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	sc := planner.ScoreStress(p, seeds.Catalog(), seeds.DefaultProfile(), planner.StressTests)
	for i := range sc.RedLines {
		for k := range sc.RedLines[i].Stress {
			sc.RedLines[i].Stress[k].Explain()
		}
	}
	after, err := planner.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("ScoreStress changed the plan")
	}
}

// A credible red line rests on a firm answer, which no built-in stress
// test can take away: it denies, is confirmed, holds in war, and needs
// neither a veto nor the US. So a credible red line stays credible under
// each of them.
func TestCredibleSurvivesEveryBuiltInStressTest(t *testing.T) {
	ref, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	plans := []*planner.Plan{ref}
	for seed := uint64(1); seed <= 3; seed++ {
		plans = append(plans, planner.Generate(planner.GenSpec{
			RedLines: 300, Responses: 600, Contributions: 1500, Links: 3000, Injects: 1000, Seed: seed}))
	}
	credible := 0
	for _, p := range plans {
		sc := planner.ScoreStress(p, seeds.Catalog(), seeds.DefaultProfile(), planner.StressTests)
		for _, rs := range sc.RedLines {
			if rs.Grade != planner.GradeCredible {
				continue
			}
			credible++
			for _, st := range rs.Stress {
				if st.Grade != planner.GradeCredible {
					t.Errorf("%s: red line %s is credible, but %s under %s", p.Title, rs.RedLine, st.Grade, st.Name)
				}
			}
		}
	}
	if credible < 10 {
		t.Errorf("only %d credible red lines: the property was hardly tested", credible)
	}
}

// The exposure factors weigh the plan as drafted: a stress test shows its
// consequences in the other factors and the grade, never a smaller exposure.
func TestStressNeverImprovesALevel(t *testing.T) {
	rank := map[planner.Level]int{planner.LevelStrong: 0, planner.LevelWeak: 1, planner.LevelMissing: 2}
	grade := map[planner.Grade]int{planner.GradeCredible: 0, planner.GradeFragile: 1, planner.GradeHollow: 2}
	ref, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*planner.Plan{ref, planner.Generate(planner.GenSpec{RedLines: 60, Responses: 80, Contributions: 120, Links: 400, Injects: 200, Seed: 7})} {
		sc := planner.ScoreStress(p, seeds.Catalog(), seeds.DefaultProfile(), planner.StressTests)
		for _, rs := range sc.RedLines {
			for _, st := range rs.Stress {
				if grade[st.Grade] < grade[rs.Grade] {
					t.Errorf("%s under %s: grade %s → %s", rs.RedLine, st.Name, rs.Grade, st.Grade)
				}
				for k, f := range rs.Factors {
					// The script's branches may play differently under a
					// test, so its evidence may go either way.
					if f.Factor != planner.FactorExercise && rank[st.Levels[k]] < rank[f.Level] {
						t.Errorf("%s under %s: %s %s → %s", rs.RedLine, st.Name, f.Factor, f.Level, st.Levels[k])
					}
				}
			}
		}
	}
}

func TestStressTestNames(t *testing.T) {
	want := []string{"us-holds-back", "war-resumes", "conditional-fail", "pledges-fail", "veto"}
	if got := planner.StressTestNames(); !slices.Equal(got, want) {
		t.Errorf("StressTestNames = %v, want %v", got, want)
	}
	if _, ok := planner.StressTestByName("all"); ok {
		t.Error(`"all" is the command line's, not a stress test`)
	}
	for _, st := range planner.StressTests {
		if st.Title == "" || st.About == "" || len(st.Sources) == 0 {
			t.Errorf("%s: title, about and sources are wanted: %+v", st.Name, st)
		}
		for _, src := range st.Sources {
			if !planner.IsBuiltinSource(src) {
				t.Errorf("%s cites %q", st.Name, src)
			}
		}
	}
}

func TestPlanWide(t *testing.T) {
	body := `"red_lines":[` +
		`{"id":"rl-a","title":"A","domain":"land","severity":3},` +
		`{"id":"rl-b","title":"B","domain":"air","severity":3},` +
		`{"id":"rl-c","title":"C","domain":"sea","severity":3}],` +
		entries([]string{response("den", "denial", 12, []string{"ceasefire"}, nil), response("pun", "punishment", 12, []string{"eu_unanimity"}, nil),
			response("rea", "reassurance", 12, []string{"nato_consensus"}, nil)}, nil,
			[]string{`{"red_line":"rl-a","response":"den","trigger":"automatic"}`, `{"red_line":"rl-a","response":"pun","trigger":"automatic"}`,
				`{"red_line":"rl-b","response":"pun","trigger":"consultation"}`, `{"red_line":"rl-c","response":"rea","trigger":"automatic"}`})
	p, err := planner.DecodePlan([]byte(`{"format":"redline-plan/v1","title":"T","phase":"ceasefire",` + body + `}`))
	if err != nil {
		t.Fatal(err)
	}
	pw := planner.ScoreStress(p, seeds.Catalog(), seeds.DefaultProfile(), []planner.StressTest{stressTest(t, "war-resumes")}).PlanWide
	want := planner.Coverage{Denial: 1, Punishment: 2, Reassurance: 1, PunishmentOnly: 1}
	if pw.RedLines != 3 || pw.Coverage != want || pw.HoldInWar != 2 || pw.AnsweredInWar != 3 ||
		pw.Veto.EUUnanimity != 1 || pw.Veto.NATOConsensus != 1 || !slices.Equal(pw.Veto.Players, []string{"HU"}) {
		t.Errorf("plan-wide %+v", pw)
	}
	if g := pw.Grades; g != (planner.GradeCounts{Credible: 0, Fragile: 1, Hollow: 2}) {
		t.Errorf("grades %+v", g)
	}
	if st := pw.Stress[0]; st.Coverage.Denial != 0 || st.AnsweredInWar != 3 || st.Changed != 1 {
		t.Errorf("under war-resumes %+v", st)
	}
	var lines []string
	for _, l := range pw.Lines {
		lines = append(lines, l.Line+": "+l.Message)
	}
	for _, want := range []string{
		"grades: Of 3 red lines, 0 are credible, 1 fragile and 2 hollow.",
		"coverage: 1 red line has a denial answer that can happen, 2 a punishment answer and 1 a reassurance answer; 1 is answered by punishment alone.",
		"holds-in-war: 2 of 3 red lines (67%) hold in war: none of their answers needs a ceasefire; 3 keep at least one answer that would still happen in war.",
		"veto-points: Hungary can veto 1 response that needs EU unanimity; any NATO member can block 1 response that needs NATO consensus.",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("no plan-wide line %q in\n%s", want, strings.Join(lines, "\n"))
		}
	}
}

// The scorecard speaks in titles and names: no id of the plan shows in a
// message, a reason or a plan-wide line, under any stress test.
func TestScorecardSpeaksWithoutIDs(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range p.RedLines {
		ids = append(ids, r.ID)
	}
	for _, r := range p.Responses {
		ids = append(ids, r.ID)
	}
	for _, c := range p.Contributions {
		ids = append(ids, c.ID)
	}
	for _, in := range p.Injects {
		ids = append(ids, in.ID)
	}
	idLike := regexp.MustCompile(`\b(` + strings.Join(quoteAll(ids), "|") + `)\b|_[0-9a-f]{16}\.txt|\b[a-z]+_[a-z_]+\b`)
	sc := planner.ScoreStress(p, seeds.Catalog(), seeds.DefaultProfile(), planner.StressTests)
	check := func(where, text string) {
		if m := idLike.FindString(text); m != "" {
			t.Errorf("%s says %q, an id or key, in %q", where, m, text)
		}
	}
	for _, rs := range sc.RedLines {
		all := append([]planner.RedLineScore{rs}, nil...)
		for k := range rs.Stress {
			all = append(all, rs.Stress[k].Explain())
		}
		for _, x := range all {
			check(rs.RedLine+" why", x.Why)
			for _, f := range x.Factors {
				check(rs.RedLine+" "+string(f.Factor), f.Message)
			}
		}
	}
	for _, l := range sc.PlanWide.Lines {
		check("plan-wide "+l.Line, l.Message)
	}
}

func quoteAll(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = regexp.QuoteMeta(id)
	}
	return out
}

// The same plan always gives the same scorecard.
func TestScoreIsDeterministic(t *testing.T) {
	p := planner.Generate(planner.GenSpec{RedLines: 80, Responses: 100, Contributions: 150, Links: 500, Injects: 300, Seed: 3})
	encode := func() []byte {
		sc := planner.ScoreStress(p, seeds.Catalog(), seeds.DefaultProfile(), planner.StressTests)
		b, err := json.Marshal(sc)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if a, b := encode(), encode(); !bytes.Equal(a, b) {
		t.Error("two scorecards of the same plan differ")
	}
}

// Explain may be called from any goroutine (the app's), as the race
// detector checks when it runs.
func TestExplainConcurrently(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	sc := planner.ScoreStress(p, seeds.Catalog(), seeds.DefaultProfile(), planner.StressTests)
	done := make(chan string)
	for i := range sc.RedLines {
		go func() { done <- sc.RedLines[i].Stress[0].Explain().Why }()
	}
	for range sc.RedLines {
		if why := <-done; why == "" {
			t.Error("Explain gave no reason")
		}
	}
}
