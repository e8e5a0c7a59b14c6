package main

import (
	"strings"
	"testing"

	"redline/seeds"
)

// --audience writes a summary for its reader, named on the banner; without
// it, or with the facilitator named, the summary is the facilitator's,
// byte for byte the same.
func TestExportAudience(t *testing.T) {
	ref, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	inject := ref.Injects[0].Title
	_, plain, _ := run(t, "", "export", "--format", "md", "--date", "none", reference)
	tests := []struct {
		name   string
		args   []string
		banner string
		script bool // the script's injects may appear
	}{
		{"the default", nil, "**UNCLASSIFIED // WORKSHOP DRAFT**", true},
		{"facilitator", []string{"--audience", "facilitator"}, "**UNCLASSIFIED // WORKSHOP DRAFT**", true},
		{"participant", []string{"--audience", "participant"}, "**UNCLASSIFIED // WORKSHOP DRAFT — participant copy**", false},
		{"release", []string{"--audience", "release", "--classification", "OFFICIAL"}, "**OFFICIAL — release copy**", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"export", "--format", "md", "--date", "none"}, tt.args...)
			code, out, errOut := run(t, "", append(args, reference)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.HasPrefix(out, tt.banner+"\n") || !strings.HasSuffix(out, tt.banner+"\n") {
				t.Errorf("the banner is not %q at top and bottom:\n%.200s", tt.banner, out)
			}
			if tt.script && out != plain {
				t.Error("the facilitator's copy differs from the summary without --audience")
			}
			if !tt.script && strings.Contains(out, inject) {
				t.Errorf("the copy shows the inject %q", inject)
			}
		})
	}
}

// Options that do not fit exit 2 and say what fits: an unknown audience
// (with the list), a release without its classification, a classification
// for another copy, and an audience for a format written whole.
func TestExportAudienceMisuse(t *testing.T) {
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"an unknown audience", []string{"--format", "pdf", "--audience", "players"}, "want one of facilitator|participant|release"},
		{"a release without a classification", []string{"--format", "pdf", "--audience", "release"}, "needs the classification"},
		{"a classification for a participant", []string{"--format", "md", "--audience", "participant", "--classification", "OFFICIAL"},
			"only for a release copy"},
		{"a participant's plan file", []string{"--format", "json", "--audience", "participant"}, "the json export is written whole"},
		{"a released workbook", []string{"--format", "xlsx", "--audience", "release", "--classification", "OFFICIAL"},
			"the xlsx export is written whole"},
		{"a participant's matrix", []string{"--format", "csv", "--audience", "participant"}, "the csv export is written whole"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "", append(append([]string{"export"}, tt.args...), reference)...)
			if code != exitBadInput {
				t.Fatalf("exit %d, want %d", code, exitBadInput)
			}
			if out != "" || !strings.Contains(errOut, tt.says) || !strings.Contains(errOut, "--audience") {
				t.Errorf("stderr %q does not name --audience and say %q (stdout %d bytes)", errOut, tt.says, len(out))
			}
		})
	}
}

// The help says what each audience leaves out, and which formats take one.
func TestExportHelpNamesTheAudiences(t *testing.T) {
	code, out, _ := run(t, "", "export", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"--audience AUDIENCE", "--classification TEXT", "facilitator", "participant", "release",
		"players must not read the script", "refuse another", "one-page brief"} {
		if !strings.Contains(out, want) {
			t.Errorf("the help lacks %q", want)
		}
	}
}
