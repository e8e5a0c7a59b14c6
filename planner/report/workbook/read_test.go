package workbook_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"redline/planner"
	"redline/planner/report/workbook"
	"redline/seeds"
)

// edited writes p as a workbook, lets edit change it as a person would in a
// spreadsheet program, and returns the saved file.
func edited(t *testing.T, p *planner.Plan, edit func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(writeXLSX(t, p, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func set(t *testing.T, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func formatError(t *testing.T, err error) *planner.FormatError {
	t.Helper()
	var fe *planner.FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("got %v (%T), want a *planner.FormatError", err, err)
	}
	if fe.Source != "plan.xlsx" {
		t.Errorf("Source %q, want plan.xlsx", fe.Source)
	}
	return fe
}

func TestReadReportsProblemsByCell(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, f *excelize.File)
		path string // the Problem's Path
		msg  string // part of its Message
	}{
		{"a bad enum value", func(t *testing.T, f *excelize.File) { set(t, f, "Red lines", "E5", "=>") },
			"Red lines!E5 (threshold_op)", `want one of > >= < <= ==, got "=>"`},
		{"a word in a number column", func(t *testing.T, f *excelize.File) { set(t, f, "Red lines", "F7", "five hundred") },
			"Red lines!F7 (threshold_value)", `want a number, got "five hundred"`},
		{"a decimal comma in a number column", func(t *testing.T, f *excelize.File) { set(t, f, "Responses", "G3", "1,5") },
			"Responses!G3 (hours_to_effect)", `want a number, got "1,5"`},
		{"a fraction in a whole-number column", func(t *testing.T, f *excelize.File) { set(t, f, "Red lines", "G4", 2.5) },
			"Red lines!G4 (severity)", "want a whole number, got 2.5"},
		{"a number out of the loader's range", func(t *testing.T, f *excelize.File) { set(t, f, "Red lines", "G2", 7) },
			"Red lines!G2 (severity)", "want a whole number from 1 to 5, got 7"},
		{"a negative duration", func(t *testing.T, f *excelize.File) { set(t, f, "Responses", "G2", -4) },
			"Responses!G2 (hours_to_effect)", "want a number ≥ 0, got -4"},
		{"an empty required number", func(t *testing.T, f *excelize.File) { set(t, f, "Injects", "B3", "") },
			"Injects!B3 (at_hours)", "required, but empty"},
		{"a threshold op without a value", func(t *testing.T, f *excelize.File) { set(t, f, "Red lines", "F2", "") },
			"Red lines!F2 (threshold_value)", "required when threshold_op is set"},
		{"a threshold value without an op", func(t *testing.T, f *excelize.File) { set(t, f, "Red lines", "E2", "") },
			"Red lines!E2 (threshold_op)", "required when threshold_value is set"},
		{"a bad item in a list", func(t *testing.T, f *excelize.File) { set(t, f, "Responses", "F4", "GB, fr") },
			"Responses!F4 (participants)", `item 2: want an actor code of 2–8 upper-case letters, got "fr"`},
		{"a bad precondition", func(t *testing.T, f *excelize.File) { set(t, f, "Responses", "H2", "unanimity") },
			"Responses!H2 (requires)", `item 1: want one of eu_unanimity us_enablers ceasefire nato_consensus, got "unanimity"`},
		{"a malformed id in a link", func(t *testing.T, f *excelize.File) { set(t, f, "Links", "A3", "rl 1") },
			"Links!A3 (red_line)", "character ' ' is not allowed"},
		{"a months value of zero", func(t *testing.T, f *excelize.File) { set(t, f, "Contributions", "I2", 0) },
			"Contributions!I2 (months)", "want a whole number ≥ 1, got 0"},
		{"a bad observation value", func(t *testing.T, f *excelize.File) { set(t, f, "Observations", "C3", "lots") },
			"Observations!C3 (value)", `want a number, got "lots"`},
		{"a bad observation indicator", func(t *testing.T, f *excelize.File) { set(t, f, "Observations", "B4", "bad-key!") },
			"Observations!B4 (indicator)", "indicator key character '!' is not allowed"},
		{"an observation of an unknown inject", func(t *testing.T, f *excelize.File) { set(t, f, "Observations", "A2", "inj-nope") },
			"Observations!A2 (inject)", `no inject "inj-nope" on the Injects sheet`},
		{"a bad phase on the Plan sheet", func(t *testing.T, f *excelize.File) { set(t, f, "Plan", "B6", "peace") },
			"Plan!B6 (value)", `want one of war ceasefire settlement, got "peace"`},
		{"another format", func(t *testing.T, f *excelize.File) { set(t, f, "Plan", "B2", "redline-plan/v2") },
			"Plan!B2 (value)", `want "redline-plan/v1", got "redline-plan/v2"`},
		{"a plan title too long", func(t *testing.T, f *excelize.File) { set(t, f, "Plan", "B4", strings.Repeat("t", 201)) },
			"Plan!B4 (value)", "want at most 200 characters, got 201"},
		{"an unknown Plan key", func(t *testing.T, f *excelize.File) { set(t, f, "Plan", "A8", "owner") },
			"Plan!A8 (key)", `unknown key "owner"`},
		{"a missing Plan row", func(t *testing.T, f *excelize.File) { must(t, f.RemoveRow("Plan", 4)) },
			"Plan", `missing the row "title"`},
		{"a missing required column", func(t *testing.T, f *excelize.File) { must(t, f.RemoveCol("Red lines", "G")) },
			"Red lines", `missing column "severity"`},
		{"an unknown column", func(t *testing.T, f *excelize.File) {
			set(t, f, "Terms", "F1", "owner")
			set(t, f, "Terms", "F2", "me")
		}, "Terms!F1", `unknown column "owner"`},
		{"a column named twice", func(t *testing.T, f *excelize.File) { set(t, f, "Links", "D1", "trigger") },
			"Links!D1", `column "trigger" appears twice`},
		{"a value under no header", func(t *testing.T, f *excelize.File) { set(t, f, "Actors", "E3", "stray") },
			"Actors!E3", "a value in a column without a header"},
		{"a missing sheet", func(t *testing.T, f *excelize.File) { must(t, f.DeleteSheet("Links")) },
			"Links", `sheet missing; the workbook needs a sheet named "Links"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := edited(t, referencePlan(t), func(f *excelize.File) { tt.edit(t, f) })
			_, err := workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx")
			fe := formatError(t, err)
			for _, pr := range fe.Problems {
				if pr.Path == tt.path && strings.Contains(pr.Message, tt.msg) {
					if len(fe.Problems) != 1 {
						t.Errorf("want one problem, got:\n%v", err)
					}
					return
				}
			}
			t.Fatalf("want a problem at %s saying %q, got:\n%v", tt.path, tt.msg, err)
		})
	}
}

func TestReadReportsManyProblemsAtOnce(t *testing.T) {
	data := edited(t, referencePlan(t), func(f *excelize.File) {
		for row := 2; row <= 11; row++ {
			set(t, f, "Red lines", fmt.Sprintf("G%d", row), 9)
		}
		for row := 2; row <= 15; row++ {
			set(t, f, "Responses", fmt.Sprintf("C%d", row), "kinetic")
		}
	})
	_, err := workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx")
	fe := formatError(t, err)
	if len(fe.Problems) != 20 || fe.More != 4 {
		t.Fatalf("got %d problems and %d more, want 20 and 4:\n%v", len(fe.Problems), fe.More, err)
	}
	if fe.Problems[0].Path != "Red lines!G2 (severity)" || fe.Problems[19].Path != "Responses!C11 (kind)" {
		t.Errorf("problems not in sheet order: first %s, last %s", fe.Problems[0].Path, fe.Problems[19].Path)
	}
	if !strings.Contains(err.Error(), "plan.xlsx: Red lines!G2 (severity): out of range: want a whole number from 1 to 5, got 9") {
		t.Errorf("message:\n%v", err)
	}
}

func TestReadRefusesWhatIsNotAWorkbook(t *testing.T) {
	var notXLSX bytes.Buffer
	zw := zip.NewWriter(&notXLSX)
	w, _ := zw.Create("hello.txt")
	_, _ = w.Write([]byte("hello"))
	_ = zw.Close()
	tests := []struct {
		name string
		data []byte
		msg  string
	}{
		{"an empty file", nil, "not an .xlsx workbook"},
		{"a JSON plan", seeds.ReferencePlanJSON(), "not an .xlsx workbook"},
		{"an old .xls file", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 600)...), "old-format .xls"},
		{"a zip of something else", notXLSX.Bytes(), "not a readable .xlsx workbook"},
		{"a truncated workbook", writeXLSX(t, referencePlan(t), nil)[:3000], "not a readable .xlsx workbook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := workbook.ReadXLSX(bytes.NewReader(tt.data), "plan.xlsx")
			fe := formatError(t, err)
			if !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v, want it to say %q", fe, tt.msg)
			}
		})
	}
}

func TestIsWorkbookTellsSpreadsheetFilesFromJSON(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"an .xlsx workbook", writeXLSX(t, referencePlan(t), nil), true},
		{"an old .xls file or an encrypted workbook", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"), true},
		{"an empty zip archive", []byte("PK\x05\x06" + strings.Repeat("\x00", 18)), true},
		{"a JSON plan", seeds.ReferencePlanJSON(), false},
		{"a JSON plan after a byte-order mark", append([]byte("\xef\xbb\xbf"), seeds.ReferencePlanJSON()...), false},
		{"an empty file", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := workbook.IsWorkbook(tt.data); got != tt.want {
				t.Fatalf("IsWorkbook = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReadKeepsSubstanceForTheChecker(t *testing.T) {
	// A link to a red line that does not exist is well-formed: the loader
	// takes it and the checker reports it, as for a JSON plan.
	data := edited(t, referencePlan(t), func(f *excelize.File) {
		set(t, f, "Links", "A2", "rl-nowhere")
	})
	p, err := workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	subject := planner.LinkSubject(p.Links[0])
	for _, f := range planner.Check(p, seeds.Catalog(), seeds.DefaultProfile()) {
		if f.Subject == subject || strings.Contains(f.Message, "rl-nowhere") {
			return
		}
	}
	t.Fatalf("no finding about the dangling link %s", subject)
}

func TestReadEditedWorkbook(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, f *excelize.File)
		want func(p *planner.Plan) // applied to the reference plan
	}{
		{"a number typed into a text column", func(t *testing.T, f *excelize.File) {
			set(t, f, "Red lines", "B2", 2025)
			set(t, f, "Red lines", "H3", 0.5)
		}, func(p *planner.Plan) { p.RedLines[0].Title, p.RedLines[1].Notes = "2025", "0.5" }},
		{"numbers typed as text", func(t *testing.T, f *excelize.File) {
			set(t, f, "Red lines", "F2", " 750 ")
			set(t, f, "Red lines", "G2", "4")
			set(t, f, "Responses", "G2", "1.5E+1")
		}, func(p *planner.Plan) {
			p.RedLines[0].Threshold.Value, p.RedLines[0].Severity = 750, 4
			p.Responses[0].HoursToEffect = 15
		}},
		{"reordered columns", func(t *testing.T, f *excelize.File) {
			// Swap title and domain, and move notes to the front, as a
			// person dragging columns would.
			rows, err := f.GetRows("Red lines")
			must(t, err)
			order := []int{7, 0, 2, 1, 3, 4, 5, 6}
			for r, row := range rows {
				for c, from := range order {
					v := ""
					if from < len(row) {
						v = row[from]
					}
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					var val any = v
					if r > 0 && (from == 5 || from == 6) && v != "" {
						var n float64
						_, _ = fmt.Sscan(v, &n)
						val = n
					}
					set(t, f, "Red lines", cell, val)
				}
			}
		}, func(*planner.Plan) {}},
		{"friendly headers", func(t *testing.T, f *excelize.File) {
			set(t, f, "Responses", "G1", "Hours to effect")
			set(t, f, "Contributions", "E1", " AMOUNT_EUR_M")
		}, func(*planner.Plan) {}},
		{"empty rows at the end and in between", func(t *testing.T, f *excelize.File) {
			must(t, f.InsertRows("Links", 5, 2))
			set(t, f, "Links", "A100", "")
			set(t, f, "Terms", "A50", "")
			must(t, f.SetCellStyle("Injects", "A40", "D60", 0))
		}, func(*planner.Plan) {}},
		{"an optional column deleted", func(t *testing.T, f *excelize.File) {
			must(t, f.RemoveCol("Red lines", "H"))
		}, func(p *planner.Plan) {
			for i := range p.RedLines {
				p.RedLines[i].Notes = ""
			}
		}},
		{"the matrix and findings edited or deleted", func(t *testing.T, f *excelize.File) {
			set(t, f, "Matrix", "C3", "nonsense")
			must(t, f.DeleteSheet("Findings"))
			_, err := f.NewSheet("My notes")
			must(t, err)
			set(t, f, "My notes", "A1", "anything")
		}, func(*planner.Plan) {}},
		{"a red line added, with its threshold cleared", func(t *testing.T, f *excelize.File) {
			must(t, f.SetSheetRow("Red lines", "A12", &[]any{"rl-new", "Новая линия", "hybrid", "", "", "", 2}))
			set(t, f, "Red lines", "E3", "")
			set(t, f, "Red lines", "F3", "")
		}, func(p *planner.Plan) {
			p.RedLines[1].Threshold = nil
			p.RedLines = append(p.RedLines, planner.RedLine{ID: "rl-new", Title: "Новая линия", Domain: planner.DomainHybrid, Severity: 2})
		}},
		{"an observation moved to another inject", func(t *testing.T, f *excelize.File) {
			set(t, f, "Observations", "A2", "inj-02")
		}, func(p *planner.Plan) {
			o := p.Injects[0].Observations[0]
			p.Injects[0].Observations = p.Injects[0].Observations[1:]
			// It is the first row of inj-02's observations now.
			p.Injects[1].Observations = append([]planner.Observation{o}, p.Injects[1].Observations...)
		}},
		{"lists edited loosely", func(t *testing.T, f *excelize.File) {
			set(t, f, "Responses", "F2", " FR ,,PL,")
			set(t, f, "Responses", "I2", "")
		}, func(p *planner.Plan) {
			p.Responses[0].Participants = []string{"FR", "PL"}
			p.Responses[0].Capabilities = nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := referencePlan(t)
			tt.want(want)
			data := edited(t, referencePlan(t), func(f *excelize.File) { tt.edit(t, f) })
			p, err := workbook.ReadXLSX(bytes.NewReader(data), "plan.xlsx")
			if err != nil {
				t.Fatal(err)
			}
			got, _ := planner.Encode(p)
			if w := canonical(t, want); !bytes.Equal(got, w) {
				t.Fatalf("imported plan differs:\n%s", firstDiff(w, got))
			}
		})
	}
}
