package chart

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
)

// svgDoc is what the test reads of an SVG.
type svgDoc struct {
	XMLName xml.Name  `xml:"svg"`
	ViewBox string    `xml:"viewBox,attr"`
	Role    string    `xml:"role,attr"`
	Labels  string    `xml:"aria-labelledby,attr"`
	Title   string    `xml:"title"`
	Desc    string    `xml:"desc"`
	Texts   []svgText `xml:"text"`
	Rects   []struct {
		Fill string `xml:"fill,attr"`
	} `xml:"rect"`
	Groups []struct {
		Lines []struct{} `xml:"line"`
	} `xml:"g"`
}

type svgText struct {
	Title string `xml:"title"`
	Text  string `xml:",chardata"`
}

func parseSVG(t *testing.T, d *Drawing, o SVGOptions) svgDoc {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSVG(&b, d, o); err != nil {
		t.Fatal(err)
	}
	var doc svgDoc
	dec := xml.NewDecoder(bytes.NewReader(b.Bytes()))
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, b.String())
	}
	return doc
}

func TestSVGShowsSeriesAndLabels(t *testing.T) {
	for name, c := range allCharts(t) {
		t.Run(name, func(t *testing.T) {
			d := Layout(c, opts)
			doc := parseSVG(t, d, SVGOptions{Unit: "mm"})
			if doc.Title != c.Heading().Title || doc.Role != "img" || doc.Labels != "chart-title chart-desc" {
				t.Errorf("title %q, role %q, labelled by %q", doc.Title, doc.Role, doc.Labels)
			}
			shown := map[string]bool{}
			for _, x := range doc.Texts {
				shown[x.Text] = true
			}
			for _, s := range d.Legend {
				if !shown[s.Name] {
					t.Errorf("the legend's %q is not in the SVG", s.Name)
				}
				if !strings.Contains(doc.Desc, s.Name) {
					t.Errorf("the description %q does not name %q", doc.Desc, s.Name)
				}
			}
			// Every label of the data is in the SVG, whole or shortened
			// with its whole as a tooltip, unless the chart gathered it
			// with others ("12 other red lines").
			whole := map[string]bool{}
			gathered := false
			for _, x := range doc.Texts {
				whole[x.Text], whole[x.Title] = true, true
				gathered = gathered || strings.Contains(x.Text, " other")
			}
			data := c.Data()
			col := slices.IndexFunc(data.Columns, func(s string) bool { return s == "Nation" || s == "Location" || s == "Red line" || s == "Lane" })
			if col < 0 {
				t.Fatalf("no label column in %q", data.Columns)
			}
			for _, r := range data.Rows {
				if !whole[r[col]] && !gathered && !strings.HasSuffix(r[col], " injects") {
					t.Errorf("%q is not drawn", r[col])
				}
			}
			n := 0
			for _, g := range doc.Groups {
				n += len(g.Lines)
			}
			hatched := 0
			for _, s := range d.Shapes {
				if r, ok := s.(Rect); ok {
					hatched += len(r.HatchLines())
				}
			}
			if n != hatched {
				t.Errorf("%d hatch lines in the SVG, %d in the drawing", n, hatched)
			}
		})
	}
}

func TestSVGEscapes(t *testing.T) {
	c := &Bars{Head: Head{Title: `Forces <b>&amp;</b> "allies"`, Caption: "Tom & Jerry's\x00 <script>"}, Series: statusSeries,
		Groups: []BarGroup{{Label: "A < B", Bars: []Bar{{Label: "Київ & <Rzeszów>", Values: []float64{5}}}}}}
	d := Layout(c, opts)
	doc := parseSVG(t, d, SVGOptions{Inline: true, ID: `fig-1"`})
	if doc.Title != c.Title {
		t.Errorf("title %q", doc.Title)
	}
	found := false
	for _, x := range doc.Texts {
		found = found || x.Text == "Київ & <Rzeszów>"
	}
	if !found {
		t.Errorf("the label did not survive escaping: %+v", doc.Texts)
	}
	var b bytes.Buffer
	if err := WriteSVG(&b, d, SVGOptions{Inline: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<?xml") || !strings.Contains(b.String(), `width="100%"`) {
		t.Errorf("an inline SVG has an XML declaration or a fixed width")
	}
}
