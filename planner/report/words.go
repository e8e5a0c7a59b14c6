package report

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"redline/planner"
)

// threshold says when a red line is crossed: "≥ 500 personnel".
func threshold(t *planner.Threshold, unit string) string {
	if t == nil {
		return "—"
	}
	return t.Describe(unit)
}

// number formats a quantity: whole numbers with thousands separators,
// others with as few decimals as they need.
func number(f float64) string { return planner.Number(f) }

// euros formats millions of euro with one decimal when it has one.
func euros(f float64) string {
	if f == 0 {
		return "—"
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, err := strconv.Atoi(whole)
	if err != nil {
		return s
	}
	if frac == "0" {
		return planner.Thousands(n)
	}
	return planner.Thousands(n) + "." + frac
}

// personnel formats a head count, "—" for none.
func personnel(n int) string {
	if n == 0 {
		return "—"
	}
	return planner.Thousands(n)
}

// hoursMark is exercise time, as the app's clock shows it: T+06:00.
func hoursMark(h float64) string { return planner.Clock(h) }

// hours is a duration in hours: "48 h".
func hours(h float64) string { return number(h) + " h" }

// blockedReason puts the exercise engine's reason code in the words the
// app and redlinectl use, naming the contribution it draws on as a person
// knows it (“Turkey, naval”) rather than by its id.
func blockedReason(reason string, names *planner.Names) string {
	text := planner.BlockedReasonText(reason)
	if _, id, ok := strings.Cut(reason, ":"); ok {
		if name := names.Name(id); name != id {
			text = strings.Replace(text, "contribution "+id, name, 1)
		}
	}
	return text
}

// date is the long date a title page prints.
func date(t time.Time) string { return t.Format("2 January 2006") }

// dateTime is a moment a report prints: the date and the minute.
func dateTime(t time.Time) string { return t.Format("2 January 2006, 15:04 MST") }

func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

func joinOr(items []string, sep, none string) string {
	if len(items) == 0 {
		return none
	}
	return strings.Join(items, sep)
}

// plural is "1 red line", "3 red lines".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return planner.Thousands(n) + " " + many
}

// findingCounts is "2 blockers, 5 warnings, 3 advice" or "none".
func findingCounts(c planner.Counts) string {
	if c.Blocker+c.Warning+c.Advice == 0 {
		return "none"
	}
	return plural(c.Blocker, "blocker", "blockers") + ", " + plural(c.Warning, "warning", "warnings") + ", " +
		planner.Thousands(c.Advice) + " advice"
}

// actorList names actor codes through the catalogue.
func actorList(codes []string, cat *planner.Catalog) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = cat.ActorName(c)
	}
	return joinOr(names, ", ", "—")
}

// labelList names each value, "—" for none.
func labelList[T interface{ Label() string }](vs []T) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Label()
	}
	return joinOr(out, ", ", "—")
}
