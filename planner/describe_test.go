package planner

import "testing"

func TestClockReadsHours(t *testing.T) {
	for _, tc := range []struct {
		hours float64
		want  string
	}{
		{0, "T+0h"},
		{1.5, "T+1.5h"},
		{36, "T+36h"},
		{240.25, "T+240.25h"},
		{1e300, "T+1e+300h"},
	} {
		if got := Clock(tc.hours); got != tc.want {
			t.Errorf("Clock(%v) = %q, want %q", tc.hours, got, tc.want)
		}
	}
}

func TestDayCountsFromOne(t *testing.T) {
	for _, tc := range []struct {
		hours float64
		want  int
	}{{0, 1}, {23.9, 1}, {24, 2}, {49, 3}} {
		if got := Day(tc.hours); got != tc.want {
			t.Errorf("Day(%v) = %d, want %d", tc.hours, got, tc.want)
		}
	}
}

func TestBlockedReasonTextNamesTheCause(t *testing.T) {
	for _, tc := range []struct{ reason, want string }{
		{"", ""},
		{"ceasefire", "needs a ceasefire, and the phase is war"},
		{"declined:c-it-1", "uses declined contribution c-it-1"},
		{"inactive:c-gb-rrf", "uses contribution c-gb-rrf, which activates only after a ceasefire"},
	} {
		if got := BlockedReasonText(tc.reason); got != tc.want {
			t.Errorf("BlockedReasonText(%q) = %q, want %q", tc.reason, got, tc.want)
		}
	}
}

func TestThresholdDescribeReadsAsPeopleWriteIt(t *testing.T) {
	for _, tc := range []struct {
		t    Threshold
		unit string
		want string
	}{
		{Threshold{OpGE, 500}, "personnel", "≥ 500 personnel"},
		{Threshold{OpGT, 12500}, "", "> 12,500"},
		{Threshold{OpGE, 3}, "level 0–5", "level ≥ 3"},
		{Threshold{OpLE, 0.5}, "strikes/24h", "≤ 0.5 strikes/24h"},
		{Threshold{OpEQ, -2}, "", "= -2"},
	} {
		if got := tc.t.Describe(tc.unit); got != tc.want {
			t.Errorf("%v.Describe(%q) = %q, want %q", tc.t, tc.unit, got, tc.want)
		}
	}
}

// TestNamesAgreeWithTheScan: naming many entities through the index gives
// what one lookup by scanning gives, for every kind, a duplicated id (the
// first entity wins), a link and an id that names nothing.
func TestNamesAgreeWithTheScan(t *testing.T) {
	p := &Plan{
		RedLines:      []RedLine{{ID: "rl", Title: "Ground incursion"}, {ID: "dup", Title: "First"}},
		Responses:     []Response{{ID: "resp", Title: "Snapback"}, {ID: "dup", Title: "Second"}},
		Contributions: []Contribution{{ID: "c", Nation: "GB", Capability: "isr"}},
		Terms:         []Term{{ID: "t", Kind: "ceasefire"}},
		Injects:       []Inject{{ID: "in", Title: "Drones over Lviv"}},
	}
	ids := []string{"rl", "dup", "resp", "c", "t", "in", "link:rl:resp", "link:rl:gone", "gone", ""}
	want := map[string]string{
		"rl": "red line “Ground incursion”", "dup": "red line “First”", "resp": "response “Snapback”",
		"c": "contribution “GB, ISR”", "in": "inject “Drones over Lviv”",
		"link:rl:resp": "the link from red line “Ground incursion” to response “Snapback”",
		"link:rl:gone": "the link from red line “Ground incursion” to gone", "gone": "gone", "": "",
	}
	names := NewNames(p, nil)
	for _, id := range append(ids, ids...) { // the second round uses the index
		scan := EntityName(p, nil, id)
		if got := names.Name(id); got != scan {
			t.Errorf("Names.Name(%q) = %q, EntityName = %q", id, got, scan)
		}
		if w, ok := want[id]; ok && scan != w {
			t.Errorf("EntityName(%q) = %q, want %q", id, scan, w)
		}
	}
}
