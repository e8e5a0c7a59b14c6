package planner_test

import (
	"reflect"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// lessonsPlan is a drill, in a ceasefire, whose run shows every lesson:
//
//	rl-ground (≥ 500)  → resp-isr (automatic), resp-snapback (consultation)
//	rl-cities (≥ 20)   → resp-shield (automatic, needs a ceasefire): blocked in war
//	rl-cyber (≥ 3)     → nothing
//	rl-nuke (≥ 4)      → resp-unused: never crossed
//
// The ground line is crossed at T+0h and again at T+48h; the war begins at
// T+30h; an inject at T+20h plays only if the snapback was rejected.
const lessonsPlan = `{"format":"redline-plan/v1","title":"Lessons drill","phase":"ceasefire",
"red_lines":[{"id":"rl-ground","title":"Ground incursion","domain":"land","indicator":"loc_ground_incursion","threshold":{"op":">=","value":500},"severity":5},
 {"id":"rl-cities","title":"Strikes on cities","domain":"air","indicator":"strikes_cities","threshold":{"op":">=","value":20},"severity":4},
 {"id":"rl-cyber","title":"Cyber attacks","domain":"cyber","indicator":"critical_cyber_attacks","threshold":{"op":">=","value":3},"severity":3},
 {"id":"rl-nuke","title":"Nuclear signalling","domain":"nuclear","indicator":"nuclear_signalling","threshold":{"op":">=","value":4},"severity":5}],
"responses":[{"id":"resp-isr","title":"ISR surge","kind":"military","mechanism":"denial","lead":"GB","hours_to_effect":12},
 {"id":"resp-snapback","title":"Sanctions snapback","kind":"economic","mechanism":"punishment","lead":"FR","hours_to_effect":72},
 {"id":"resp-shield","title":"Air shield","kind":"military","mechanism":"denial","lead":"FR","hours_to_effect":6,"requires":["ceasefire"]},
 {"id":"resp-unused","title":"Allied statement","kind":"diplomatic","mechanism":"reassurance","lead":"FR","hours_to_effect":2}],
"links":[{"red_line":"rl-ground","response":"resp-isr","trigger":"automatic"},
 {"red_line":"rl-ground","response":"resp-snapback","trigger":"consultation"},
 {"red_line":"rl-cities","response":"resp-shield","trigger":"automatic"},
 {"red_line":"rl-nuke","response":"resp-unused","trigger":"automatic"}],
"injects":[{"id":"inj-1","at_hours":0,"title":"Probe","observations":[{"indicator":"loc_ground_incursion","value":800}]},
 {"id":"inj-if-rejected","at_hours":20,"title":"Escalation","when":[{"response":"resp-snapback","outcome":"rejected"}]},
 {"id":"inj-war","at_hours":30,"title":"War resumes","phase":"war","observations":[{"indicator":"loc_ground_incursion","value":0}]},
 {"id":"inj-strikes","at_hours":36,"title":"Strikes","observations":[{"indicator":"strikes_cities","value":40}]},
 {"id":"inj-cyber","at_hours":40,"title":"Grid hacked","observations":[{"indicator":"critical_cyber_attacks","value":5}]},
 {"id":"inj-2","at_hours":48,"title":"Second push","observations":[{"indicator":"loc_ground_incursion","value":900}]}]}`

func TestLessons(t *testing.T) {
	p, err := planner.DecodePlan([]byte(lessonsPlan))
	if err != nil {
		t.Fatal(err)
	}
	cat := seeds.Catalog().ForPlan(p)
	on := func(inject, choice string) planner.RunDecision {
		return planner.RunDecision{Inject: inject, RedLine: "rl-ground", Response: "resp-snapback", Choice: choice}
	}
	shield := planner.ResponseRecord{Response: "resp-shield", Blocked: []float64{36}, Reasons: []string{"ceasefire"}}
	isr := planner.ResponseRecord{Response: "resp-isr", UnderWay: true}
	tests := []struct {
		name      string
		decisions []planner.RunDecision
		never     []planner.ResponseRecord
		open      []planner.ResponseRecord
	}{
		{"no decision: the snapback left open twice, the shield blocked", nil,
			[]planner.ResponseRecord{{Response: "resp-snapback", Open: []float64{0, 48}}, shield},
			[]planner.ResponseRecord{{Response: "resp-snapback", Open: []float64{0, 48}}}},
		{"approved at the first crossing: under way, and not put again", []planner.RunDecision{on("inj-1", planner.Approved)},
			[]planner.ResponseRecord{shield}, nil},
		{"rejected, then left open", []planner.RunDecision{on("inj-1", planner.Rejected)},
			[]planner.ResponseRecord{{Response: "resp-snapback", Rejected: []float64{0}, Open: []float64{48}}, shield},
			[]planner.ResponseRecord{{Response: "resp-snapback", Rejected: []float64{0}, Open: []float64{48}}}},
		{"deferred, then approved at the second", []planner.RunDecision{on("inj-1", planner.Deferred), on("inj-2", planner.Approved)},
			[]planner.ResponseRecord{shield}, nil},
		{"a decision with only a note leaves it open", []planner.RunDecision{{Inject: "inj-1", RedLine: "rl-ground", Response: "resp-snapback", Note: "Ask the capitals"}},
			[]planner.ResponseRecord{{Response: "resp-snapback", Open: []float64{0, 48}}, shield},
			[]planner.ResponseRecord{{Response: "resp-snapback", Open: []float64{0, 48}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := planner.RunExercise(p, cat, tt.decisions...)
			if err != nil {
				t.Fatal(err)
			}
			l := planner.Lessons(p, res, tt.decisions)
			if got := l.NeverUnderWay(); !reflect.DeepEqual(got, tt.never) {
				t.Errorf("never under way:\n got %+v\nwant %+v", got, tt.never)
			}
			if got := l.LeftOpen(); !reflect.DeepEqual(got, tt.open) {
				t.Errorf("left open:\n got %+v\nwant %+v", got, tt.open)
			}
			if got, want := l.AllBlocked(), []planner.RedLineRecord{{RedLine: "rl-cities", Crossed: []float64{36}, AllBlocked: []float64{36}}}; !reflect.DeepEqual(got, want) {
				t.Errorf("all answers blocked: %+v, want %+v", got, want)
			}
			if got, want := l.Unanswered(), []planner.RedLineRecord{{RedLine: "rl-cyber", Crossed: []float64{40}, Unanswered: []float64{40}}}; !reflect.DeepEqual(got, want) {
				t.Errorf("unanswered: %+v, want %+v", got, want)
			}
			if want := []string{"resp-unused"}; !reflect.DeepEqual(l.Uncalled, want) {
				t.Errorf("uncalled %q, want %q", l.Uncalled, want)
			}
			if !reflect.DeepEqual(l.Responses[0], isr) {
				t.Errorf("the ISR surge: %+v", l.Responses[0])
			}
		})
	}
}

func TestLessonsOfARunNotPlayed(t *testing.T) {
	p, err := planner.DecodePlan([]byte(lessonsPlan))
	if err != nil {
		t.Fatal(err)
	}
	l := planner.Lessons(p, nil, nil)
	if len(l.Responses)+len(l.RedLines) != 0 || len(l.Uncalled) != 4 {
		t.Errorf("lessons of no run: %+v", l)
	}
}

func TestLessonsReadTheEventsChoiceWhenNoneIsGiven(t *testing.T) {
	p, err := planner.DecodePlan([]byte(lessonsPlan))
	if err != nil {
		t.Fatal(err)
	}
	approved := planner.RunDecision{Inject: "inj-1", RedLine: "rl-ground", Response: "resp-snapback", Choice: planner.Approved}
	res, err := planner.RunExercise(p, seeds.Catalog().ForPlan(p), approved)
	if err != nil {
		t.Fatal(err)
	}
	if never := planner.Lessons(p, res, nil).NeverUnderWay(); len(never) != 1 || never[0].Response != "resp-shield" {
		t.Errorf("never under way: %+v", never)
	}
}
