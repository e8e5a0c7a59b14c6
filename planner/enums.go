package planner

// The closed vocabularies of the plan format. Each type lists its values in
// the order the specification gives them, which is also the order the app
// offers them in a select.

type (
	// Phase is the political situation: war, ceasefire or settlement.
	Phase string
	// ActorKind tells states, organisations and adversaries apart.
	ActorKind string
	// Domain is where a red line lies.
	Domain string
	// Op compares an observed value with a threshold.
	Op string
	// ResponseKind is the instrument a response uses.
	ResponseKind string
	// Mechanism is how a response deters.
	Mechanism string
	// Precondition is a political condition a response needs.
	Precondition string
	// Capability is what a contribution provides.
	Capability string
	// Location is where a contribution sits.
	Location string
	// Activation is when a contribution takes effect.
	Activation string
	// Status is how firm a contribution is.
	Status string
	// Trigger says whether crossing a red line fires a response or opens a decision.
	Trigger string
	// TermKind is an adversary demand that may be on the table.
	TermKind string
	// Stance is the plan's position on a term.
	Stance string
)

const (
	PhaseWar        Phase = "war"
	PhaseCeasefire  Phase = "ceasefire"
	PhaseSettlement Phase = "settlement"

	ActorState        ActorKind = "state"
	ActorOrganisation ActorKind = "organisation"
	ActorAdversary    ActorKind = "adversary"

	DomainLand      Domain = "land"
	DomainAir       Domain = "air"
	DomainSea       Domain = "sea"
	DomainCyber     Domain = "cyber"
	DomainHybrid    Domain = "hybrid"
	DomainNuclear   Domain = "nuclear"
	DomainPolitical Domain = "political"

	OpGT Op = ">"
	OpGE Op = ">="
	OpLT Op = "<"
	OpLE Op = "<="
	OpEQ Op = "=="

	KindDiplomatic  ResponseKind = "diplomatic"
	KindEconomic    ResponseKind = "economic"
	KindFinancial   ResponseKind = "financial"
	KindMilitary    ResponseKind = "military"
	KindCyber       ResponseKind = "cyber"
	KindInformation ResponseKind = "information"

	MechanismDenial      Mechanism = "denial"
	MechanismPunishment  Mechanism = "punishment"
	MechanismReassurance Mechanism = "reassurance"

	RequiresEUUnanimity   Precondition = "eu_unanimity"
	RequiresUSEnablers    Precondition = "us_enablers"
	RequiresCeasefire     Precondition = "ceasefire"
	RequiresNATOConsensus Precondition = "nato_consensus"

	CapGroundTroops    Capability = "ground_troops"
	CapRapidReaction   Capability = "rapid_reaction"
	CapTraining        Capability = "training"
	CapAirPolicing     Capability = "air_policing"
	CapAirDefense      Capability = "air_defense"
	CapNaval           Capability = "naval"
	CapLogistics       Capability = "logistics"
	CapISR             Capability = "isr"
	CapAirlift         Capability = "airlift"
	CapIntelligence    Capability = "intelligence"
	CapLongRangeStrike Capability = "long_range_strike"
	CapEngineering     Capability = "engineering"
	CapMedical         Capability = "medical"
	CapCyberDefense    Capability = "cyber_defense"
	CapFunding         Capability = "funding"

	LocFrontline       Location = "frontline"
	LocSecondLine      Location = "second_line"
	LocRear            Location = "rear"
	LocUkraineAirspace Location = "ukraine_airspace"
	LocBlackSea        Location = "black_sea"
	LocNATOTerritory   Location = "nato_territory"
	LocHome            Location = "home"

	ActivationImmediate Activation = "immediate"
	ActivationCeasefire Activation = "ceasefire"
	ActivationOnTrigger Activation = "on_trigger"

	StatusConfirmed   Status = "confirmed"
	StatusPledged     Status = "pledged"
	StatusConditional Status = "conditional"
	StatusDeclined    Status = "declined"

	TriggerAutomatic    Trigger = "automatic"
	TriggerConsultation Trigger = "consultation"

	TermUAForceCap           TermKind = "ua_force_cap"
	TermForeignTroopsBan     TermKind = "foreign_troops_ban"
	TermNATOMembershipBan    TermKind = "nato_membership_ban"
	TermTerritoryRecognition TermKind = "territory_recognition"
	TermSanctionsRelief      TermKind = "sanctions_relief"
	TermFrozenAssetsRelease  TermKind = "frozen_assets_release"

	StanceAccept     Stance = "accept"
	StanceReject     Stance = "reject"
	StanceNegotiable Stance = "negotiable"
)

// The values of each vocabulary, in specification order.
var (
	Phases        = []Phase{PhaseWar, PhaseCeasefire, PhaseSettlement}
	ActorKinds    = []ActorKind{ActorState, ActorOrganisation, ActorAdversary}
	Domains       = []Domain{DomainLand, DomainAir, DomainSea, DomainCyber, DomainHybrid, DomainNuclear, DomainPolitical}
	Ops           = []Op{OpGT, OpGE, OpLT, OpLE, OpEQ}
	ResponseKinds = []ResponseKind{KindDiplomatic, KindEconomic, KindFinancial, KindMilitary, KindCyber, KindInformation}
	Mechanisms    = []Mechanism{MechanismDenial, MechanismPunishment, MechanismReassurance}
	Preconditions = []Precondition{RequiresEUUnanimity, RequiresUSEnablers, RequiresCeasefire, RequiresNATOConsensus}
	Capabilities  = []Capability{CapGroundTroops, CapRapidReaction, CapTraining, CapAirPolicing, CapAirDefense,
		CapNaval, CapLogistics, CapISR, CapAirlift, CapIntelligence, CapLongRangeStrike, CapEngineering,
		CapMedical, CapCyberDefense, CapFunding}
	Locations   = []Location{LocFrontline, LocSecondLine, LocRear, LocUkraineAirspace, LocBlackSea, LocNATOTerritory, LocHome}
	Activations = []Activation{ActivationImmediate, ActivationCeasefire, ActivationOnTrigger}
	Statuses    = []Status{StatusConfirmed, StatusPledged, StatusConditional, StatusDeclined}
	Triggers    = []Trigger{TriggerAutomatic, TriggerConsultation}
	TermKinds   = []TermKind{TermUAForceCap, TermForeignTroopsBan, TermNATOMembershipBan, TermTerritoryRecognition,
		TermSanctionsRelief, TermFrozenAssetsRelease}
	Stances = []Stance{StanceAccept, StanceReject, StanceNegotiable}
)

// Ground reports whether the capability is a deployed force when it has people
// on the ground; logistics, ISR and funding are not.
func (c Capability) Ground() bool {
	switch c {
	case CapGroundTroops, CapRapidReaction, CapTraining, CapEngineering, CapMedical, CapAirDefense:
		return true
	}
	return false
}

// InUkraine reports whether the location is inside Ukraine, its airspace included.
func (l Location) InUkraine() bool {
	switch l {
	case LocFrontline, LocSecondLine, LocRear, LocUkraineAirspace:
		return true
	}
	return false
}

// OnTheGround reports whether the location is Ukrainian soil: the front, the
// second line or the rear.
func (l Location) OnTheGround() bool {
	return l == LocFrontline || l == LocSecondLine || l == LocRear
}

// Label is the human name of a capability, as the app and reports show it.
func (c Capability) Label() string {
	if s, ok := capabilityLabels[c]; ok {
		return s
	}
	return string(c)
}

var capabilityLabels = map[Capability]string{
	CapGroundTroops:    "Ground troops",
	CapRapidReaction:   "Rapid reaction",
	CapTraining:        "Training",
	CapAirPolicing:     "Air policing",
	CapAirDefense:      "Air defence",
	CapNaval:           "Naval",
	CapLogistics:       "Logistics",
	CapISR:             "ISR",
	CapAirlift:         "Airlift",
	CapIntelligence:    "Intelligence",
	CapLongRangeStrike: "Long-range strike",
	CapEngineering:     "Engineering",
	CapMedical:         "Medical",
	CapCyberDefense:    "Cyber defence",
	CapFunding:         "Funding",
}

// Label is the human name of a location.
func (l Location) Label() string {
	if s, ok := locationLabels[l]; ok {
		return s
	}
	return string(l)
}

var locationLabels = map[Location]string{
	LocFrontline:       "Front line",
	LocSecondLine:      "Second line",
	LocRear:            "Rear",
	LocUkraineAirspace: "Ukrainian airspace",
	LocBlackSea:        "Black Sea",
	LocNATOTerritory:   "NATO territory",
	LocHome:            "Home",
}
