package workbook

import (
	"fmt"
	"strings"
	"unicode"

	"redline/planner"
)

// An inject's when is written in one cell as text a person can read and
// type (see the package comment):
//
//	red_line:rl-incursion; not response:resp-rrf=approved
//
// Ids hold only A–Z a–z 0–9 . _ - and outcomes are words, so the
// semicolon, colon, equals sign and spaces can never be part of them.
const (
	whenSep      = "; "
	whenNot      = "not"
	whenRedLine  = "red_line"
	whenResponse = "response"
)

// whenForm says in words what a condition looks like, for messages.
const whenForm = `red_line:ID or response:ID=OUTCOME, with "not " before it to turn it round, conditions separated by ";"`

// whenText writes an inject's conditions for one cell, or says why one of
// them cannot be written so that it reads back the same.
func whenText(conds []planner.Condition) (string, string) {
	var b strings.Builder
	for i, c := range conds {
		fault := ""
		switch {
		case c.RedLine != "" && c.Response != "":
			fault = "names both a red line and a response; a condition has exactly one"
		case c.RedLine == "" && c.Response == "":
			fault = "names neither a red line nor a response; a condition has exactly one"
		case c.RedLine != "" && c.Outcome != "":
			fault = "gives an outcome with a red line; an outcome goes only with a response"
		case c.Response != "" && c.Outcome == "":
			fault = "names a response without an outcome"
		case !whenWord(c.RedLine) || !whenWord(c.Response) || !whenWord(string(c.Outcome)):
			fault = "holds a space, semicolon, colon or equals sign in an id or outcome"
		}
		if fault != "" {
			return "", fmt.Sprintf("condition %d cannot be written in a when cell: it %s", i+1, fault)
		}
		if i > 0 {
			b.WriteString(whenSep)
		}
		if c.Not {
			b.WriteString(whenNot + " ")
		}
		if c.RedLine != "" {
			b.WriteString(whenRedLine + ":" + c.RedLine)
		} else {
			b.WriteString(whenResponse + ":" + c.Response + "=" + string(c.Outcome))
		}
	}
	return b.String(), ""
}

// whenWord reports whether s can stand in a when cell as an id or outcome:
// nothing the reader splits on.
func whenWord(s string) bool {
	return !strings.ContainsAny(s, ";:= \t\r\n\u00a0")
}

// parseWhen reads a when cell. Blank conditions (a trailing semicolon) are
// dropped. An id or outcome is taken as written, for the loader to judge,
// so that what it refuses is refused in its words; what is not in the form
// at all is refused here, naming the condition.
func parseWhen(cell string) ([]planner.Condition, string) {
	if strings.TrimSpace(cell) == "" {
		return nil, ""
	}
	var out []planner.Condition
	n := 0
	for _, part := range strings.Split(cell, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		n++
		c, msg := parseCondition(part)
		if msg != "" {
			return nil, fmt.Sprintf("condition %d (%q) %s", n, clip(part), msg)
		}
		out = append(out, c)
	}
	return out, ""
}

func parseCondition(s string) (planner.Condition, string) {
	var c planner.Condition
	if len(s) > len(whenNot) && strings.EqualFold(s[:len(whenNot)], whenNot) && unicode.IsSpace(rune(s[len(whenNot)])) {
		c.Not = true
		s = strings.TrimSpace(s[len(whenNot):])
	}
	key, value, ok := strings.Cut(s, ":")
	key = strings.ToLower(strings.TrimSpace(key))
	value = strings.TrimSpace(value)
	if !ok || key != whenRedLine && key != whenResponse {
		return c, "is not a condition; write " + whenForm
	}
	id, outcome, hasOutcome := strings.Cut(value, "=")
	id, outcome = strings.TrimSpace(id), strings.TrimSpace(outcome)
	if id == "" {
		return c, fmt.Sprintf("has no id after %s:; write %s", key, whenForm)
	}
	if key == whenRedLine {
		// An outcome here is the loader's to refuse: it says where it goes.
		c.RedLine, c.Outcome = id, planner.ConditionOutcome(outcome)
		if hasOutcome && outcome == "" {
			return c, "has an = without an outcome, and a red line takes none; write red_line:ID"
		}
		return c, ""
	}
	c.Response, c.Outcome = id, planner.ConditionOutcome(outcome)
	if hasOutcome && outcome == "" {
		return c, fmt.Sprintf("has no outcome after =; want one of %s", strings.Join(strs(planner.ConditionOutcomes), " "))
	}
	return c, ""
}

// clip shortens a condition quoted in a message.
func clip(s string) string {
	const most = 40
	if r := []rune(s); len(r) > most {
		return string(r[:most]) + "…"
	}
	return s
}
