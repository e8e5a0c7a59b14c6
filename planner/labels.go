package planner

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The human names of the format's values, as the app, the summaries and
// the after-action reports show them. A value with no name here (one a
// newer format added) reads as itself, capitalised, with spaces for
// underscores, so that nothing shows blank.

// Label is the phase's name: "Ceasefire".
func (p Phase) Label() string { return labelOf(phaseLabels, p) }

// Label is the domain's name: "Land".
func (d Domain) Label() string { return labelOf(domainLabels, d) }

// Label is the instrument's name: "Diplomatic".
func (k ResponseKind) Label() string { return labelOf(responseKindLabels, k) }

// Label is the way of deterring: "Denial".
func (m Mechanism) Label() string { return labelOf(mechanismLabels, m) }

// Label is the political condition: "EU unanimity".
func (p Precondition) Label() string { return labelOf(preconditionLabels, p) }

// Label is when a contribution takes effect: "On ceasefire".
func (a Activation) Label() string { return labelOf(activationLabels, a) }

// Label is how firm a contribution is: "Pledged".
func (s Status) Label() string { return labelOf(statusLabels, s) }

// Label is the adversary's demand as a negotiator says it.
func (k TermKind) Label() string { return labelOf(termKindLabels, k) }

// Label is the plan's position: "Negotiable".
func (s Stance) Label() string { return labelOf(stanceLabels, s) }

// Label is the severity's name: "Blocker".
func (s Severity) Label() string { return labelOf(severityLabels, s) }

// Label is the trigger's name: "Automatic", "Consultation".
func (t Trigger) Label() string { return labelOf(triggerLabels, t) }

// ChoiceLabel is a run decision's choice as the room says it: "Approved".
func ChoiceLabel(choice string) string { return labelOf(choiceLabels, choice) }

func labelOf[T ~string](labels map[T]string, v T) string {
	if s, ok := labels[v]; ok {
		return s
	}
	s := strings.ReplaceAll(string(v), "_", " ")
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

var phaseLabels = map[Phase]string{PhaseWar: "War", PhaseCeasefire: "Ceasefire", PhaseSettlement: "Settlement", "": ""}

var domainLabels = map[Domain]string{
	DomainLand: "Land", DomainAir: "Air", DomainSea: "Sea", DomainCyber: "Cyber",
	DomainHybrid: "Hybrid", DomainNuclear: "Nuclear", DomainPolitical: "Political",
}

var responseKindLabels = map[ResponseKind]string{
	KindDiplomatic: "Diplomatic", KindEconomic: "Economic", KindFinancial: "Financial",
	KindMilitary: "Military", KindCyber: "Cyber", KindInformation: "Information",
}

var mechanismLabels = map[Mechanism]string{
	MechanismDenial: "Denial", MechanismPunishment: "Punishment", MechanismReassurance: "Reassurance",
}

var preconditionLabels = map[Precondition]string{
	RequiresEUUnanimity: "EU unanimity", RequiresUSEnablers: "US enablers",
	RequiresCeasefire: "A ceasefire in force", RequiresNATOConsensus: "NATO consensus",
}

var activationLabels = map[Activation]string{
	ActivationImmediate: "Immediate", ActivationCeasefire: "On ceasefire", ActivationOnTrigger: "On trigger",
}

var statusLabels = map[Status]string{
	StatusConfirmed: "Confirmed", StatusPledged: "Pledged", StatusConditional: "Conditional", StatusDeclined: "Declined",
}

var termKindLabels = map[TermKind]string{
	TermUAForceCap:           "Cap on Ukraine's armed forces",
	TermForeignTroopsBan:     "Ban on foreign troops",
	TermNATOMembershipBan:    "Ban on NATO membership",
	TermTerritoryRecognition: "Recognition of annexed territory",
	TermSanctionsRelief:      "Sanctions relief",
	TermFrozenAssetsRelease:  "Release of frozen assets",
}

var stanceLabels = map[Stance]string{StanceAccept: "Accept", StanceReject: "Reject", StanceNegotiable: "Negotiable"}

var severityLabels = map[Severity]string{Blocker: "Blocker", Warning: "Warning", Advice: "Advice"}

var choiceLabels = map[string]string{Approved: "Approved", Rejected: "Rejected", Deferred: "Deferred"}

var triggerLabels = map[Trigger]string{TriggerAutomatic: "Automatic", TriggerConsultation: "Consultation", "": ""}

// PlanLineLabel names a plan-wide line of the scorecard (Scorecard's
// plan lines: "grades", "coverage", "holds-in-war", "veto-points",
// "broken-references") as a heading: "Grades", "Holds in war".
func PlanLineLabel(line string) string {
	switch line {
	case "grades":
		return "Grades"
	case "coverage":
		return "Coverage"
	case "holds-in-war":
		return FactorHoldsInWar.Label()
	case "veto-points":
		return FactorVetoPoints.Label()
	case "broken-references":
		return "Broken references"
	}
	s := strings.ReplaceAll(line, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
