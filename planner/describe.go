package planner

import (
	"fmt"
	"math"
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
