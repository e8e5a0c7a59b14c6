package chart

import (
	"slices"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// branching is a script that branches on the coalition's decision on the
// snapback at inj-1 (talks if approved, strikes on Kharkiv if not), and a
// war that blocks the air shield, which needs a ceasefire.
const branching = `{"format":"redline-plan/v1","title":"Branching drill","phase":"ceasefire",
"red_lines":[{"id":"rl-ground","title":"Ground incursion","domain":"land","indicator":"loc_ground_incursion","threshold":{"op":">=","value":500},"severity":5},
 {"id":"rl-cities","title":"Strikes on cities","domain":"air","indicator":"strikes_cities","threshold":{"op":">=","value":20},"severity":4}],
"responses":[{"id":"resp-isr","title":"ISR surge","kind":"military","mechanism":"denial","lead":"GB","hours_to_effect":12},
 {"id":"resp-snapback","title":"Sanctions snapback","kind":"economic","mechanism":"punishment","lead":"FR","hours_to_effect":72},
 {"id":"resp-shield","title":"Air shield","kind":"military","mechanism":"denial","lead":"FR","hours_to_effect":6,"requires":["ceasefire"]}],
"links":[{"red_line":"rl-ground","response":"resp-isr","trigger":"automatic"},
 {"red_line":"rl-ground","response":"resp-snapback","trigger":"consultation"},
 {"red_line":"rl-cities","response":"resp-shield","trigger":"automatic"}],
"injects":[{"id":"inj-1","at_hours":0,"title":"Probe across the line","observations":[{"indicator":"loc_ground_incursion","value":800}]},
 {"id":"inj-talks","at_hours":24,"title":"Moscow asks for talks","when":[{"response":"resp-snapback","outcome":"approved"}]},
 {"id":"inj-war","at_hours":30,"title":"War resumes","phase":"war","when":[{"response":"resp-snapback","outcome":"approved","not":true}]},
 {"id":"inj-strikes","at_hours":36,"title":"Strikes on Kharkiv","observations":[{"indicator":"strikes_cities","value":40}]}]}`

func branchingRun(t *testing.T, decisions ...planner.RunDecision) Run {
	t.Helper()
	p, err := planner.DecodePlan([]byte(branching))
	if err != nil {
		t.Fatal(err)
	}
	return playRun(t, p, seeds.Catalog().ForPlan(p), decisions)
}

// lane finds a lane by its label.
func lane(t *testing.T, c *Timeline, label string) Lane {
	t.Helper()
	for _, g := range c.Groups {
		for _, ln := range g.Lanes {
			if ln.Label == label {
				return ln
			}
		}
	}
	t.Fatalf("no lane %q", label)
	return Lane{}
}

func TestExerciseTimeline(t *testing.T) {
	approved := planner.RunDecision{Inject: "inj-1", RedLine: "rl-ground", Response: "resp-snapback", Choice: planner.Approved, AtHours: 6}
	rejected := planner.RunDecision{Inject: "inj-1", RedLine: "rl-ground", Response: "resp-snapback", Choice: planner.Rejected, AtHours: 2}
	tests := []struct {
		name      string
		decisions []planner.RunDecision
		lane      string
		marks     []TimeMark
		spans     []Span
	}{
		{"the injects, the war branch skipped when the snapback is approved", []planner.RunDecision{approved}, "War resumes",
			[]TimeMark{{30, SeriesInjectSkipped}}, nil},
		{"the talks skipped when it is not", nil, "Moscow asks for talks", []TimeMark{{24, SeriesInjectSkipped}}, nil},
		{"a crossing", nil, "Ground incursion", []TimeMark{{0, SeriesCrossed}}, nil},
		{"a fired response under way, then in effect to the end", nil, "ISR surge", nil,
			[]Span{{0, 12, SeriesUnderWay, ""}, {12, 36, SeriesInEffect, ""}}},
		{"an open decision: put to the coalition, nothing after", nil, "Sanctions snapback", []TimeMark{{0, SeriesPut}}, nil},
		{"an approved decision: decided when the room did, under way from its inject, in effect after its hours",
			[]planner.RunDecision{approved}, "Sanctions snapback", []TimeMark{{0, SeriesPut}, {6, SeriesApproved}},
			[]Span{{0, 72, SeriesUnderWay, ""}, {72, 72, SeriesInEffect, ""}}},
		{"a rejected decision", []planner.RunDecision{rejected}, "Sanctions snapback", []TimeMark{{0, SeriesPut}, {2, SeriesRejected}}, nil},
		{"a response blocked in war, to the end", []planner.RunDecision{rejected}, "Air shield", nil, []Span{{36, 36, SeriesBlocked, ""}}},
		{"the phases", []planner.RunDecision{rejected}, "Phase", nil,
			[]Span{{0, 30, SeriesPhaseCeasefire, "Ceasefire"}, {30, 36, SeriesPhaseWar, "War"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ExerciseTimeline(branchingRun(t, tt.decisions...))
			ln := lane(t, c, tt.lane)
			if !slices.Equal(ln.Marks, tt.marks) {
				t.Errorf("marks %+v, want %+v", ln.Marks, tt.marks)
			}
			if !slices.Equal(ln.Spans, tt.spans) {
				t.Errorf("spans %+v, want %+v", ln.Spans, tt.spans)
			}
		})
	}
}

func TestExerciseTimelineWithoutBoard(t *testing.T) {
	approved := planner.RunDecision{Inject: "inj-1", RedLine: "rl-ground", Response: "resp-snapback", Choice: planner.Approved, AtHours: 6}
	run := branchingRun(t, approved)
	run.Board = nil
	ln := lane(t, ExerciseTimeline(run), "Sanctions snapback")
	// With no later event to say when it took effect, it is drawn under
	// way to the end of the run (when the air shield took effect).
	if want := []Span{{0, 42, SeriesUnderWay, ""}}; !slices.Equal(ln.Spans, want) {
		t.Errorf("spans %+v, want %+v", ln.Spans, want)
	}
}

func TestExerciseTimelineNamesByTitle(t *testing.T) {
	run := referenceRun(t)
	c := ExerciseTimeline(run)
	data := c.Data()
	ids := map[string]bool{}
	for i := range run.Plan.RedLines {
		ids[run.Plan.RedLines[i].ID] = true
	}
	for i := range run.Plan.Responses {
		ids[run.Plan.Responses[i].ID] = true
	}
	for i := range run.Plan.Injects {
		ids[run.Plan.Injects[i].ID] = true
	}
	d := Layout(c, opts)
	for _, x := range texts(d) {
		for _, w := range strings.Fields(x.Text + " " + x.Full) {
			if ids[strings.Trim(w, "…,.;:")] {
				t.Errorf("the drawing shows the id %q", w)
			}
		}
	}
	for _, r := range data.Rows {
		for _, cell := range r {
			if ids[cell] {
				t.Errorf("the data shows the id %q", cell)
			}
		}
	}
	if got := data.Rows[1]; got[0] != "Injects" || got[1] != "16 injects" || got[2] != "Inject played: 14; Inject skipped: 2" {
		t.Errorf("the injects in the data: %q", got)
	}
}

// A run of the large plan's 10,000 injects is drawn in the room of a
// page: a bounded number of lanes and shapes, the rest gathered.
func TestTimelineOfALongRunStaysLegible(t *testing.T) {
	if testing.Short() {
		t.Skip("plays the 10,000-inject plan")
	}
	p := planner.Generate(planner.LargePlan)
	run := playRun(t, p, seeds.Catalog().ForPlan(p), nil)
	c := ExerciseTimeline(run)
	d := Layout(c, opts)
	if d.H > opts.MaxHeight {
		t.Errorf("height %.1f mm over the page's %v", d.H, opts.MaxHeight)
	}
	lanes := 0
	var gathered []string
	for _, x := range texts(d) {
		if x.Anchor == End {
			lanes++
			if strings.Contains(x.Text, " other ") {
				gathered = append(gathered, x.Text)
			}
		}
	}
	if lanes > 60 {
		t.Errorf("%d lanes drawn", lanes)
	}
	if len(gathered) != 3 {
		t.Errorf("gathered lanes %q, want one each of injects, red lines and responses", gathered)
	}
	if n := len(d.Shapes); n > 30000 {
		t.Errorf("%d shapes for one page", n)
	}
	if n := len(c.Data().Rows); n < 1000 {
		t.Errorf("the data has %d rows; it should list every red line and response", n)
	}
}

func BenchmarkTimelineLayout(b *testing.B) {
	for _, k := range []struct {
		name string
		k    float64
	}{{"x0.25", 0.25}, {"x1", 1}} {
		b.Run(k.name, func(b *testing.B) {
			p := planner.Generate(planner.LargePlan.Scaled(k.k))
			run := playRun(b, p, seeds.Catalog().ForPlan(p), nil)
			b.ResetTimer()
			for b.Loop() {
				Layout(ExerciseTimeline(run), opts)
			}
		})
	}
}

// The legend names what the timeline draws, and only that.
func TestExerciseTimelineLegendNamesWhatIsDrawn(t *testing.T) {
	approved := planner.RunDecision{Inject: "inj-1", RedLine: "rl-ground", Response: "resp-snapback", Choice: planner.Approved}
	tests := []struct {
		name      string
		decisions []planner.RunDecision
		want      []string
	}{
		{"no decision taken, the war fought", nil,
			[]string{"Inject played", "Inject skipped", "Red line crossed", "Put to the coalition", "Under way", "In effect", "Blocked"}},
		{"the snapback approved, no war", []planner.RunDecision{approved},
			[]string{"Inject played", "Inject skipped", "Red line crossed", "Put to the coalition", "Approved", "Under way", "In effect"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range ExerciseTimeline(branchingRun(t, tt.decisions...)).Legend() {
				got = append(got, s.Name)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("legend %q, want %q", got, tt.want)
			}
		})
	}
}
