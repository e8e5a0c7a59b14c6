package planner

import (
	"errors"
	"strings"
	"testing"
)

func TestNumberFieldParse(t *testing.T) {
	cases := []struct {
		name  string
		field NumberField
		text  string
		want  float64
		err   string // part of the error; "" for none
	}{
		{"plain count", FieldPersonnel, "1500", 1500, ""},
		{"count as the app prints it", FieldPersonnel, "1,500", 1500, ""},
		{"count with a space", FieldPersonnel, "1 500", 1500, ""},
		{"count with a no-break space", FieldPersonnel, "1\u00a0500", 1500, ""},
		{"count with a thin space", FieldPersonnel, "12\u202f000", 12000, ""},
		{"millions with commas", FieldPersonnel, "1,200,000", 1200000, ""},
		{"surrounding spaces", FieldPersonnel, "  800 ", 800, ""},
		{"continental decimal comma refused", FieldAmountEURm, "1,5", 0, `"1,5" is not a number`},
		{"group of two refused", FieldPersonnel, "1,50", 0, "not a whole number"},
		{"group of four refused", FieldPersonnel, "1,5000", 0, "not a whole number"},
		{"leading separator refused", FieldPersonnel, ",500", 0, "not a whole number"},
		{"trailing separator refused", FieldPersonnel, "500,", 0, "not a whole number"},
		{"first group over three digits refused", FieldPersonnel, "1500,000", 0, "not a whole number"},
		{"fraction where fractions are allowed", FieldAmountEURm, "2.5", 2.5, ""},
		{"thousands and a fraction", FieldAmountEURm, "1,250.75", 1250.75, ""},
		{"fraction in a count", FieldPersonnel, "2.5", 0, "whole number"},
		{"negative count", FieldPersonnel, "-3", 0, "cannot be negative"},
		{"minus sign character", FieldThresholdValue, "−3", -3, ""},
		{"negative threshold", FieldThresholdValue, "-2.5", -2.5, ""},
		{"count over the format's limit", FieldPersonnel, "3,000,000,000", 0, "from 0 to 2,147,483,647"},
		{"months below one", FieldMonths, "0", 0, "from 1 to"},
		{"severity above five", FieldSeverity, "6", 0, "from 1 to 5"},
		{"letters", FieldPersonnel, "many", 0, `"many" is not a whole number; write one such as 1,500`},
		{"exponent is not how people write", FieldPersonnel, "1e3", 0, "not a whole number"},
		{"infinity", FieldAmountEURm, "Inf", 0, "not a number"},
		{"overflow", FieldAmountEURm, "9" + strings.Repeat("9", 400), 0, "not a number"},
		{"empty optional", FieldMonths, "", 0, "empty"},
		{"empty required", FieldHoursToEffect, "  ", 0, "Hours to effect is needed"},
		{"minus zero", FieldThresholdValue, "-0", 0, ""},
		{"long paste is clipped in the message", FieldPersonnel, strings.Repeat("x", 500), 0, strings.Repeat("x", 40) + "…\""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.field.Parse(c.text)
			if c.err == "" {
				if err != nil || got != c.want {
					t.Fatalf("Parse(%q) = %v, %v; want %v", c.text, got, err, c.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse(%q) = %v; want an error with %q", c.text, got, c.err)
			}
			if !strings.Contains(err.Error(), c.err) {
				t.Fatalf("Parse(%q) error %q; want it to contain %q", c.text, err, c.err)
			}
		})
	}
}

func TestNumberFieldEmptyIsErrEmpty(t *testing.T) {
	if _, err := FieldMonths.Parse(""); !errors.Is(err, ErrEmpty) {
		t.Fatalf("empty months: %v, want ErrEmpty", err)
	}
	if _, err := FieldSeverity.Parse(""); errors.Is(err, ErrEmpty) || err == nil {
		t.Fatalf("empty severity: %v, want a message that it is needed", err)
	}
}

func TestTextFieldCheck(t *testing.T) {
	cases := []struct {
		name  string
		field TextField
		text  string
		err   string
	}{
		{"plan title", FieldPlanTitle, "Reassurance force", ""},
		{"plan title of 200 characters", FieldPlanTitle, strings.Repeat("é", 200), ""},
		{"plan title of 201 characters", FieldPlanTitle, strings.Repeat("é", 201), "at most 200 characters; this is 201"},
		{"blank plan title", FieldPlanTitle, "   ", "Title is needed"},
		{"long red line title", FieldEntityTitle, strings.Repeat("a", 5000), ""},
		{"empty classification", FieldClassification, "", ""},
		{"classification too long", FieldClassification, strings.Repeat("S", 65), "at most 64"},
		{"escape sequence in a title", FieldEntityTitle, "Strikes\x1b]0;pwned\a", "control character U+001B (ESC)"},
		{"tab in a plan title", FieldPlanTitle, "Draft\t2", "U+0009 (tab)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.field.Check(c.text)
			if c.err == "" {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("Check error %v; want %q", err, c.err)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	ok := &Plan{Format: PlanFormat, Title: "Draft", Phase: PhaseCeasefire}
	ok.Normalize()
	if err := Validate(ok); err != nil {
		t.Fatalf("a minimal plan: %v", err)
	}
	cases := []struct {
		name  string
		spoil func(p *Plan)
		path  string
	}{
		{"escape in a red line title", func(p *Plan) {
			p.RedLines = []RedLine{{ID: "rl-1", Title: "a\x1bb", Domain: DomainLand, Severity: 3}}
		}, "red_lines[0].title"},
		{"personnel past the format's limit", func(p *Plan) {
			p.Contributions = []Contribution{{ID: "c-1", Nation: "GB", Capability: CapLogistics, Personnel: MaxWhole + 1,
				Location: LocHome, Activation: ActivationImmediate, Status: StatusPledged}}
		}, "contributions[0].personnel"},
		{"plan title too long", func(p *Plan) { p.Title = strings.Repeat("x", MaxPlanTitle+1) }, "title"},
		{"bad id", func(p *Plan) { p.Terms = []Term{{ID: "has space", Kind: TermNATOMembershipBan, Stance: StanceReject}} }, "terms[0].id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := *ok
			c.spoil(&p)
			err := Validate(&p)
			var fe *FormatError
			if !errors.As(err, &fe) || len(fe.Problems) == 0 || fe.Problems[0].Path != c.path {
				t.Fatalf("Validate = %v; want a problem at %s", err, c.path)
			}
		})
	}
}
