package planner_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"redline/planner"
)

func TestDecodeDecisions(t *testing.T) {
	good := []struct {
		name string
		in   string
		want []planner.RunDecision
	}{
		{"the example of exercise.md", `{ "format": "redline-decisions/v1", "decisions": [ { "inject": "inj-2",
			"red_line": "rl-x", "response": "resp-y", "choice": "approved" } ] }`,
			[]planner.RunDecision{dec("inj-2", "rl-x", "resp-y", planner.Approved)}},
		{"every choice, in file order", `{"format":"redline-decisions/v1","decisions":[
			{"inject":"a","red_line":"r","response":"x","choice":"deferred"},
			{"inject":"a","red_line":"r","response":"y","choice":"rejected"},
			{"inject":"b","red_line":"r","response":"x","choice":"approved"}]}`,
			[]planner.RunDecision{dec("a", "r", "x", planner.Deferred), dec("a", "r", "y", planner.Rejected), dec("b", "r", "x", planner.Approved)}},
		{"no decisions key", `{"format":"redline-decisions/v1"}`, nil},
		{"an empty list", `{"format":"redline-decisions/v1","decisions":[]}`, nil},
		{"a null list", `{"format":"redline-decisions/v1","decisions":null}`, nil},
		{"the same decision twice with one choice counts once", `{"format":"redline-decisions/v1","decisions":[
			{"inject":"a","red_line":"r","response":"x","choice":"approved"},
			{"inject":"a","red_line":"r","response":"x","choice":"approved"}]}`,
			[]planner.RunDecision{dec("a", "r", "x", planner.Approved)}},
		{"a byte order mark", "\ufeff" + `{"format":"redline-decisions/v1"}`, nil},
	}
	for _, tc := range good {
		t.Run(tc.name, func(t *testing.T) {
			got, err := planner.DecodeDecisions([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	bad := []struct {
		name string
		in   string
		want []string // problems, each "path: message" in part
	}{
		{"not JSON", `{"format":`, []string{"not JSON"}},
		{"empty", ``, []string{"the input is empty"}},
		{"a list, not an object", `[]`, []string{"want a decisions file (an object), got a list"}},
		{"no format", `{"decisions":[]}`, []string{"format: required, but missing"}},
		{"a plan, not decisions", `{"format":"redline-plan/v1"}`, []string{`format: want "redline-decisions/v1", got "redline-plan/v1"`}},
		{"an unknown top-level key", `{"format":"redline-decisions/v1","decision":[]}`, []string{"decision: unknown key"}},
		{"decisions not a list", `{"format":"redline-decisions/v1","decisions":{}}`, []string{"decisions: want a list, got an object"}},
		{"a decision not an object", `{"format":"redline-decisions/v1","decisions":["a"]}`, []string{"decisions[0]: want a decision (an object), got a string"}},
		{"a choice outside the list", `{"format":"redline-decisions/v1","decisions":[{"inject":"a","red_line":"r","response":"x","choice":"maybe"}]}`,
			[]string{`decisions[0].choice: want one of approved rejected deferred, got "maybe"`}},
		{"a missing key", `{"format":"redline-decisions/v1","decisions":[{"inject":"a","red_line":"r","choice":"approved"}]}`,
			[]string{"decisions[0].response: required, but missing"}},
		{"an unknown key in a decision", `{"format":"redline-decisions/v1","decisions":[{"inject":"a","red_line":"r","response":"x","choice":"approved","note":"n"}]}`,
			[]string{"decisions[0].note: unknown key"}},
		{"an id of the wrong type", `{"format":"redline-decisions/v1","decisions":[{"inject":2,"red_line":"r","response":"x","choice":"approved"}]}`,
			[]string{"decisions[0].inject: want a string, got a number"}},
		{"an id that is not one", `{"format":"redline-decisions/v1","decisions":[{"inject":"inj 2","red_line":"r","response":"x","choice":"approved"}]}`,
			[]string{"decisions[0].inject: character ' ' is not allowed"}},
		{"the same decision twice with two choices", `{"format":"redline-decisions/v1","decisions":[
			{"inject":"a","red_line":"r","response":"x","choice":"approved"},
			{"inject":"b","red_line":"r","response":"x","choice":"approved"},
			{"inject":"a","red_line":"r","response":"x","choice":"rejected"}]}`,
			[]string{`decisions[2]: decisions[0] already decides inject "a", red line "r", response "x" as approved`}},
		{"a key given twice", `{"format":"redline-decisions/v1","decisions":[{"inject":"a","inject":"b","red_line":"r","response":"x","choice":"approved"}]}`,
			[]string{"decisions[0].inject: this key appears twice"}},
		{"several problems at once", `{"format":"redline-decisions/v1","decisions":[{"inject":"a","red_line":"r","response":"x","choice":"yes"},
			{"inject":"","red_line":"r","response":"x","choice":"approved"}]}`,
			[]string{"decisions[0].choice: want one of", "decisions[1].inject: must not be empty"}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := planner.DecodeDecisions([]byte(tc.in))
			var fe *planner.FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FormatError", err)
			}
			if len(fe.Problems) != len(tc.want) {
				t.Errorf("problems %v, want %d", fe.Problems, len(tc.want))
			}
			for i, w := range tc.want {
				if i < len(fe.Problems) && !strings.Contains(fe.Problems[i].String(), w) {
					t.Errorf("problem %d is %q, want %q in it", i, fe.Problems[i], w)
				}
			}
		})
	}
}

func TestConditionDescribe(t *testing.T) {
	name := func(id string) string { return "“" + id + "”" }
	cases := []struct {
		c    planner.Condition
		want string
	}{
		{onRL("rl"), "“rl” was crossed"},
		{planner.Condition{RedLine: "rl", Not: true}, "“rl” was not crossed"},
		{onResp("r", planner.CondFired), "“r” fired"},
		{planner.Condition{Response: "r", Outcome: planner.CondFired, Not: true}, "“r” did not fire"},
		{onResp("r", planner.CondBlocked), "“r” was blocked"},
		{planner.Condition{Response: "r", Outcome: planner.CondBlocked, Not: true}, "“r” was not blocked"},
		{onResp("r", planner.CondDecision), "“r” was put to the coalition"},
		{planner.Condition{Response: "r", Outcome: planner.CondDecision, Not: true}, "“r” was not put to the coalition"},
		{onResp("r", planner.CondApproved), "the coalition approved “r”"},
		{planner.Condition{Response: "r", Outcome: planner.CondApproved, Not: true}, "the coalition did not approve “r”"},
		{onResp("r", planner.CondRejected), "the coalition rejected “r”"},
		{planner.Condition{Response: "r", Outcome: planner.CondRejected, Not: true}, "the coalition did not reject “r”"},
		{onResp("r", planner.CondOngoing), "“r” was under way"},
		{planner.Condition{Response: "r", Outcome: planner.CondOngoing, Not: true}, "“r” was not under way"},
	}
	for _, tc := range cases {
		if got := tc.c.Describe(name, name); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.c, got, tc.want)
		}
	}
	for c, want := range map[string]string{planner.Approved: "approved by the coalition", planner.Rejected: "rejected by the coalition",
		planner.Deferred: "deferred by the coalition", "": ""} {
		if got := planner.ChoiceText(c); got != want {
			t.Errorf("ChoiceText(%q) = %q, want %q", c, got, want)
		}
	}
}

// TestExerciseInfoAndSummarize: the cheap view of a played inject agrees
// with its event, and Summarize of the events with the engine's totals.
func TestExerciseInfoAndSummarize(t *testing.T) {
	skip := crossA("skip", 3)
	skip.When = []planner.Condition{onRL("rl-x")}
	p := branchPlan(crossA("a", 1), rearmA("r", 2), skip, exInject("ab", 4, planner.PhaseWar, indGround, 900, indCities, 40))
	e := newEx(t, p)
	playTo(t, e, e.Len())
	for i := 0; i < e.Pos(); i++ {
		ev, info := e.Event(i), e.Info(i)
		if info.Inject.ID != ev.Inject || info.Phase != ev.Phase || info.Skipped != ev.Skipped || info.Unmet != ev.Unmet ||
			info.Crossed != len(ev.Crossed) || info.Outcomes != len(ev.Responses) {
			t.Errorf("inject %d: info %+v, event %+v", i, info, ev)
		}
	}
	if got := planner.Summarize(played(e)); got != e.Summary() {
		t.Errorf("Summarize %+v, engine %+v", got, e.Summary())
	}
	if want := (planner.ExerciseSummary{Injects: 4, Skipped: 1, Crossed: 3, Fired: 1, Decision: 2, Blocked: 1, Ongoing: 1}); e.Summary() != want {
		t.Errorf("summary %+v, want %+v", e.Summary(), want)
	}
}
