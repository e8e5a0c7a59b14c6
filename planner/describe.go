package planner

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Clock writes exercise time as a facilitator reads it off the wall:
// "T+36:00" for 36 hours after the start, "T+1:30" for ninety minutes.
// Times too large for a clock (a response that never takes effect in any
// exercise) read "T+" and the hours in full.
func Clock(hours float64) string {
	if math.IsNaN(hours) || hours < 0 || hours > 1e7 {
		return fmt.Sprintf("T+%gh", hours)
	}
	minutes := int64(math.Round(hours * 60))
	return fmt.Sprintf("T+%02d:%02d", minutes/60, minutes%60)
}

// Day says which exercise day an hour falls on, counting from day 1.
func Day(hours float64) int {
	if hours < 0 || hours > 1e7 {
		return 0
	}
	return int(hours/24) + 1
}

// BlockedReasonText puts an Outcome's Reason in words: why the response
// cannot happen. The app, the after-action reports and the command line
// all say it this way.
func BlockedReasonText(reason string) string {
	switch {
	case reason == "":
		return ""
	case reason == "ceasefire":
		return "needs a ceasefire, and the phase is war"
	case strings.HasPrefix(reason, "declined:"):
		return "uses declined contribution " + strings.TrimPrefix(reason, "declined:")
	case strings.HasPrefix(reason, "inactive:"):
		return "uses contribution " + strings.TrimPrefix(reason, "inactive:") + ", which activates only after a ceasefire"
	}
	return reason
}

// opSymbols are the comparisons as a reader writes them.
var opSymbols = map[Op]string{OpGT: ">", OpGE: "≥", OpLT: "<", OpLE: "≤", OpEQ: "="}

// Describe says when a red line is crossed, with the indicator's unit:
// "≥ 500 personnel"; on a scale such as "level 0–5", "level ≥ 3".
func (t Threshold) Describe(unit string) string {
	op, ok := opSymbols[t.Op]
	if !ok {
		op = string(t.Op)
	}
	s := op + " " + Number(t.Value)
	switch {
	case strings.HasPrefix(unit, "level"):
		s = "level " + s
	case unit != "":
		s += " " + unit
	}
	return s
}

// Number writes a quantity: whole numbers with thousands separators, others
// with as few decimals as they need.
func Number(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return thousands(int(f))
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
