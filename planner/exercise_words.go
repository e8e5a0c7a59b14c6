package planner

// Describe says in words what a condition asks of the injects played before
// its own, naming the red line or response with redLine or response (an
// id, a title): "rl-x was crossed", "the coalition did not approve
// resp-y". A skipped inject reads "it plays only if " + the first of its
// conditions that does not hold.
func (c Condition) Describe(redLine, response func(id string) string) string {
	if c.RedLine != "" {
		if c.Not {
			return redLine(c.RedLine) + " was not crossed"
		}
		return redLine(c.RedLine) + " was crossed"
	}
	r := response(c.Response)
	type words struct{ yes, no string }
	var w words
	switch c.Outcome {
	case CondFired:
		w = words{r + " fired", r + " did not fire"}
	case CondBlocked:
		w = words{r + " was blocked", r + " was not blocked"}
	case CondDecision:
		w = words{r + " was put to the coalition", r + " was not put to the coalition"}
	case CondApproved:
		w = words{"the coalition approved " + r, "the coalition did not approve " + r}
	case CondRejected:
		w = words{"the coalition rejected " + r, "the coalition did not reject " + r}
	case CondOngoing:
		w = words{r + " was under way", r + " was not under way"}
	default:
		w = words{r + " had the outcome " + string(c.Outcome), r + " did not have the outcome " + string(c.Outcome)}
	}
	if c.Not {
		return w.no
	}
	return w.yes
}

// ChoiceText says what the coalition did with a decision: "approved by
// the coalition"; "" for no choice.
func ChoiceText(choice string) string {
	switch choice {
	case Approved, Rejected, Deferred:
		return choice + " by the coalition"
	}
	return ""
}
