package planner

import "github.com/google/uuid"

// Encode writes the plan in canonical form: keys in the order of the format,
// lists in the order given, two-space indent, no HTML escaping, a trailing
// newline. Absent and empty optional fields are both omitted, so
// Encode(Decode(Encode(p))) is byte-for-byte Encode(p).
func Encode(p *Plan) ([]byte, error) {
	q := *p
	q.Normalize()
	return writePlan(&q), nil
}

func estimateSize(p *Plan) int {
	return 512 + 220*len(p.RedLines) + 330*len(p.Responses) + 240*len(p.Contributions) +
		110*len(p.Links) + 150*len(p.Terms) + 260*len(p.Injects) + 200*len(p.Sources)
}

// ValidUUID reports whether s is a UUID in its canonical 36-character form.
func ValidUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

// NewPlanID returns a fresh random plan id.
func NewPlanID() string { return uuid.NewString() }
