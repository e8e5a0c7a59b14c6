package report

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"redline/assets"
	"redline/planner"
	"redline/seeds"
)

// pdfPages extracts a PDF's text page by page with poppler's pdftotext. No
// pure-Go reader tried (github.com/ledongthuc/pdf) decodes the Identity-H
// text of fpdf's UTF-8 fonts: it loses Київ. "make test" installs
// poppler-utils and sets REDLINE_REQUIRE_PDFTOTEXT, so there the test fails
// rather than skips when pdftotext is missing; a bare "go test" skips it.
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("REDLINE_REQUIRE_PDFTOTEXT") != "" {
			t.Fatal("pdftotext (poppler-utils) is not installed; make deps installs it")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	cmd := exec.Command(bin, "-raw", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

var spaces = regexp.MustCompile(`\s+`)

// flat joins wrapped lines: whitespace becomes one space, and a line broken
// after a hyphen is joined again.
func flat(s string) string {
	return strings.ReplaceAll(spaces.ReplaceAllString(s, " "), "- ", "-")
}

func TestPDF(t *testing.T) {
	ref := referenceSummary(t)
	odd := awkwardPlan()
	big := planner.Generate(planner.LargePlan.Scaled(0.03))
	tests := []struct {
		name  string
		plan  *planner.Plan
		write func(*bytes.Buffer) error
		want  []string // texts that must appear somewhere
	}{
		{"reference plan summary", ref.Plan, func(b *bytes.Buffer) error { return WritePDF(b, ref) }, nil},
		{"plan with non-Latin names and markup characters", odd, func(b *bytes.Buffer) error {
			return WritePDF(b, Summary{Plan: odd, Catalog: seeds.Catalog().ForPlan(odd), Profile: seeds.DefaultProfile()})
		}, []string{"Київ", "Rzeszów", "Strikes on Київ | Kharkiv", ">= 20 strikes/24h"}},
		{"generated plan with a listed matrix", big, func(b *bytes.Buffer) error {
			return WritePDF(b, Summary{Plan: big, Catalog: seeds.Catalog().ForPlan(big), Profile: seeds.DefaultProfile()})
		}, []string{"Automatic (A)", "Consultation (C)"}},
		{"after-action report of the reference script", ref.Plan, func(b *bytes.Buffer) error {
			return WriteAfterActionPDF(b, referenceRun(t))
		}, []string{"Blocked responses", "Needs a ceasefire, and the phase is war", "not decided", "Rzeszów",
			// The timeline, drawn: its title, legend and lanes.
			"Timeline of the run", "Inject played", "Inject skipped", "Red line crossed", "Put to the coalition", "Under way",
			"In effect", "Blocked", "Red lines crossed", "Sustained ceasefire violations", "Sanctions snapback", "T+168h",
			// The lessons.
			"Lessons What the run shows", "“Naval escort for Black Sea merchant shipping” never got under way: blocked at T+60h (uses " +
				"contribution “Turkey, naval”, which activates only after a ceasefire).",
			"From the facilitator's notes", "Players asked who chairs the consultation."}},
		{"after-action report of a generated script, its timeline a full page", big, func(b *bytes.Buffer) error {
			return WriteAfterActionPDF(b, AfterAction{Plan: big, Catalog: seeds.Catalog().ForPlan(big), Profile: seeds.DefaultProfile()})
		}, []string{"Timeline of the run", "other injects", "other red lines", "other responses", "What the run shows"}},
		{"after-action report with non-Latin names", odd, func(b *bytes.Buffer) error {
			return WriteAfterActionPDF(b, AfterAction{Plan: odd, Catalog: seeds.Catalog().ForPlan(odd), Profile: seeds.DefaultProfile()})
		}, []string{"Strike on Київ", "Air bridge via Rzeszów", "Needs a ceasefire, and the phase is war"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			pages := pdfPages(t, b.Bytes())
			if len(pages) < 2 {
				t.Fatalf("%d pages, want a title page and more", len(pages))
			}
			banner := tt.plan.Classification
			for i, page := range pages {
				if n := strings.Count(page, banner); n < 2 {
					t.Errorf("page %d carries the banner %q %d times, want it at top and bottom", i+1, banner, n)
				}
				if want := "Page " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(pages)); !strings.Contains(page, want) {
					t.Errorf("page %d lacks %q", i+1, want)
				}
				// No page holds a heading alone (one kept from what it
				// introduces, a chart, say, that went to the next page).
				var body []string
				for _, l := range strings.Split(page, "\n") {
					if l = strings.TrimSpace(l); l != "" && l != banner && !strings.HasPrefix(l, "Page ") &&
						!strings.Contains(l, "report") && !strings.Contains(l, "summary") {
						body = append(body, l)
					}
				}
				if i > 0 && len(body) < 2 {
					t.Errorf("page %d holds only %q", i+1, body)
				}
			}
			text := flat(strings.Join(pages, " "))
			want := tt.want
			if strings.Contains(tt.name, "summary") || strings.Contains(tt.name, "matrix") || strings.Contains(tt.name, "markup") {
				for _, r := range tt.plan.RedLines {
					want = append(want, r.Title)
				}
			}
			for _, w := range want {
				if !strings.Contains(text, flat(w)) {
					t.Errorf("the PDF's text lacks %q", w)
				}
			}
		})
	}
}

// longURL is a pasted link: one word of n characters with no place to break.
func longURL(n int) string {
	const prefix = "https://example.org/"
	return prefix + strings.Repeat("x", n-len(prefix))
}

// longWordPlan carries an unbroken word of n characters wherever an entity
// holds text, as a plan loaded from a file can (the plan's own title is
// bounded at 200 characters; entity titles and notes are not).
func longWordPlan(n int) *planner.Plan {
	p := awkwardPlan()
	word := longURL(n)
	p.Title = longURL(200)
	p.RedLines[0].Title = word
	p.RedLines[0].Notes = word
	p.Responses[0].Title = word
	p.Terms[0].Notes = word
	p.Injects[0].Title = word
	return p
}

// countMeasured swaps the wrapper's measure for one that counts the
// characters measured, until the test ends.
func countMeasured(t testing.TB) *int {
	n := new(int)
	orig := measure
	measure = func(f *fpdf.Fpdf, s string) int {
		*n += utf8.RuneCountInString(s)
		return orig(f, s)
	}
	t.Cleanup(func() { measure = orig })
	return n
}

// newTestPDF is a document with the report's font, for measuring.
func newTestPDF(t testing.TB, bold bool, size float64) *fpdf.Fpdf {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("noto", "", assets.NotoSansRegular)
	f.AddUTF8FontFromBytes("noto", "B", assets.NotoSansBold)
	style := ""
	if bold {
		style = "B"
	}
	f.SetFont("noto", style, size)
	if err := f.Error(); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestWrapKeepsTextInTheColumn(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		width    float64
		maxLines int
		capped   bool // the text needs more lines than maxLines
	}{
		{"a pasted URL in a narrow column", longURL(4000), 37.6, 10000, false},
		{"a pasted URL capped", longURL(25000), 37.6, 60, true},
		{"a long Cyrillic word", strings.Repeat("Київ", 500), 20, 10000, false},
		{"words and a long word", "Strikes on " + longURL(300) + " and more words after it", 50, 10000, false},
		{"identifiers break after hyphens", strings.Repeat("c-gb-rrf, ", 40), 30, 10000, false},
		{"line breaks kept", "first\nsecond\n\nfourth", 50, 10000, false},
		{"capped after a full line", strings.Repeat("wide WWWWWWWW ", 50), 30, 4, true},
		{"capped in a broken word", strings.Repeat("W", 400), 30, 3, true},
		{"a column narrower than one character", "WWW", 0.5, 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newTestPDF(t, false, tableFontSize)
			lines := wrap(f, tt.text, tt.width, tt.maxLines)
			if len(lines) == 0 || len(lines) > tt.maxLines {
				t.Fatalf("%d lines, want 1 to %d", len(lines), tt.maxLines)
			}
			for i, l := range lines {
				if w := f.GetStringWidth(l); w > tt.width && utf8.RuneCountInString(l) > 1 {
					t.Errorf("line %d is %.2f mm wide, the column %.2f mm: %q", i+1, w, tt.width, l)
				}
			}
			last := lines[len(lines)-1]
			if got := strings.HasSuffix(last, " …"); got != tt.capped {
				t.Errorf("last line %q ends in an ellipsis: %v, want %v", last, got, tt.capped)
			}
			if tt.capped {
				return
			}
			// Nothing is lost: the lines are the text, less the spaces
			// where lines break.
			squash := strings.NewReplacer(" ", "", "\n", "")
			if got, want := squash.Replace(strings.Join(lines, "")), squash.Replace(tt.text); got != want {
				t.Errorf("the lines hold %d characters of %d", len(got), len(want))
			}
		})
	}
}

// TestWrapWorkIsLinear: wrapping measures each character of the text at
// most twice (once in its word, once where a word too wide for the line is
// broken), however long the word. It measured every prefix of such a word
// before, so a 25,000-character URL ran for minutes.
func TestWrapWorkIsLinear(t *testing.T) {
	for _, n := range []int{1000, 25000} {
		t.Run(strconv.Itoa(n)+" characters", func(t *testing.T) {
			f := newTestPDF(t, false, tableFontSize)
			measured := countMeasured(t)
			lines := wrap(f, longURL(n), 37.6, 1<<30)
			if limit := 2*n + len(lines); *measured > limit {
				t.Errorf("measured %d characters to wrap %d into %d lines, want at most %d", *measured, n, len(lines), limit)
			}
		})
	}
}

// TestPDFOfAnUnbrokenWord: summaries and after-action reports of a plan with
// a 25,000-character word in its titles and notes are written, and the work
// grows with the word, not with its square.
func TestPDFOfAnUnbrokenWord(t *testing.T) {
	tests := []struct {
		name  string
		write func(p *planner.Plan) error
	}{
		{"summary", func(p *planner.Plan) error {
			return WritePDF(io.Discard, Summary{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Profile: seeds.DefaultProfile()})
		}},
		{"after-action report", func(p *planner.Plan) error {
			return WriteAfterActionPDF(io.Discard, AfterAction{Plan: p, Catalog: seeds.Catalog().ForPlan(p), Profile: seeds.DefaultProfile()})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			measured := countMeasured(t)
			var work [2]int
			for i, n := range []int{25000, 50000} {
				*measured = 0
				if err := tt.write(longWordPlan(n)); err != nil {
					t.Fatal(err)
				}
				work[i] = *measured
			}
			if work[1] > 2*work[0]+10000 {
				t.Errorf("doubling the word from 25,000 characters took %d measured characters after %d; want at most twice", work[1], work[0])
			}
		})
	}
}

func BenchmarkWritePDFUnbrokenWord(b *testing.B) {
	for _, n := range []int{4000, 25000} {
		p := longWordPlan(n)
		cat, prof := seeds.Catalog().ForPlan(p), seeds.DefaultProfile()
		b.Run("summary/"+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if err := WritePDF(io.Discard, Summary{Plan: p, Catalog: cat, Profile: prof}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("after-action/"+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if err := WriteAfterActionPDF(io.Discard, AfterAction{Plan: p, Catalog: cat, Profile: prof}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
