package planner

import "testing"

func TestEveryFormatValueHasAName(t *testing.T) {
	check := func(kind, value, label string) {
		t.Helper()
		if label == "" || label == value {
			t.Errorf("%s %q has no name of its own (%q)", kind, value, label)
		}
	}
	for _, v := range Phases {
		check("phase", string(v), v.Label())
	}
	for _, v := range Domains {
		check("domain", string(v), v.Label())
	}
	for _, v := range ResponseKinds {
		check("response kind", string(v), v.Label())
	}
	for _, v := range Mechanisms {
		check("mechanism", string(v), v.Label())
	}
	for _, v := range Preconditions {
		check("precondition", string(v), v.Label())
	}
	for _, v := range Activations {
		check("activation", string(v), v.Label())
	}
	for _, v := range Statuses {
		check("status", string(v), v.Label())
	}
	for _, v := range TermKinds {
		check("term kind", string(v), v.Label())
	}
	for _, v := range Stances {
		check("stance", string(v), v.Label())
	}
	for _, v := range Triggers {
		check("trigger", string(v), v.Label())
	}
	for _, v := range Choices {
		check("choice", v, ChoiceLabel(v))
	}
}

func TestUnnamedValueReadsAsItself(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Activation("on_second_vote").Label(), "On second vote"},
		{Phase("").Label(), ""},
		{ChoiceLabel("abstained"), "Abstained"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
