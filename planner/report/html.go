package report

import (
	"bufio"
	"html"
	"io"
	"strconv"
	"strings"

	"redline/planner/chart"
)

// htmlStyle sets the page on screen and in print. In print the two banners
// are fixed, so browsers repeat them on every page; the layout table's
// header and footer, which browsers also repeat, keep the space they cover.
const htmlStyle = `
:root { --rule: #c8c8c8; --muted: #5a5a5a; --head: #eceff2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 0 1.5rem; color: #1a1a1a;
  font: 10.5pt/1.45 "Noto Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
.banner { text-align: center; font-weight: bold; letter-spacing: .04em; font-size: 9.5pt;
  padding: .35rem 0; border-bottom: 1px solid var(--rule); }
.banner.bottom { border-bottom: 0; border-top: 1px solid var(--rule); margin-top: 2rem; }
.layout { width: 100%; border-collapse: collapse; }
.layout > thead, .layout > tfoot { display: none; }
.layout > tbody > tr > td { padding: 0; }
.title { margin: 2.5rem 0 2rem; }
.kind { text-transform: uppercase; letter-spacing: .12em; color: var(--muted); font-size: 9pt; margin: 0; }
h1 { font-size: 20pt; margin: .3rem 0 1rem; line-height: 1.2; }
h2 { font-size: 13.5pt; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #1a1a1a; }
h3 { font-size: 11pt; margin: 1.4rem 0 .5rem; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
p { margin: .4rem 0 .8rem; }
p.muted { color: var(--muted); font-size: 9.5pt; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem; margin: .5rem 0 1rem; }
dt { color: var(--muted); }
dd { margin: 0; }
dl.refs dd a { overflow-wrap: anywhere; }
table.data { width: 100%; border-collapse: collapse; margin: .4rem 0 1.2rem; font-size: 9pt; }
table.data th { background: var(--head); text-align: left; font-weight: bold; padding: .3rem .4rem;
  border-bottom: 1px solid #8a8a8a; vertical-align: bottom; }
table.data td { padding: .28rem .4rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
table.data tr { break-inside: avoid; page-break-inside: avoid; }
table.data thead { display: table-header-group; }
.r { text-align: right; } .c { text-align: center; }
code, .code { font-family: "Noto Sans Mono", Consolas, "DejaVu Sans Mono", monospace; font-size: 8.5pt; overflow-wrap: anywhere; }
tr.total td { font-weight: bold; border-top: 1px solid #8a8a8a; }
td.tone-blocker { background: #f6e3e1; color: #8a1f17; font-weight: bold; }
td.tone-warning { background: #fbf0d9; color: #7a5200; font-weight: bold; }
td.tone-advice { background: #e6edf5; color: #2d4e73; font-weight: bold; }
td.tone-strong { background: #cfe4f4; color: #004e84; font-weight: bold; }
td.tone-weak { background: #faf0b4; color: #605000; font-weight: bold; }
td.tone-missing { background: #f8d4be; color: #963700; font-weight: bold; }
table.matrix td.c { font-weight: bold; }
figure.chart { margin: .6rem 0 1.2rem; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { display: block; }
.key { display: flex; gap: 5mm; align-items: flex-start; }
.key dl.figures { flex: 0 0 62mm; grid-template-columns: 25mm 1fr; align-items: baseline; }
.key dl.figures dt { color: #1a1a1a; font-weight: bold; font-size: 12pt; text-align: right; }
.key dl.figures dd { color: var(--muted); }
.key figure.chart { margin: 0; }
@page { size: A4; margin: 14mm 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  .banner { position: fixed; left: 0; right: 0; background: #fff; margin: 0; }
  .banner.top { top: 0; }
  .banner.bottom { bottom: 0; }
  .layout > thead, .layout > tfoot { display: table-header-group; }
  .layout > tfoot { display: table-footer-group; }
  .banner-space { height: 10mm; }
  .title { break-after: page; page-break-after: always; margin-top: 30mm; }
  .title.brief { margin-top: 0; }
}
`

// writeHTML renders a document as one self-contained HTML page.
func writeHTML(w io.Writer, d *document) error {
	b := bufio.NewWriter(w)
	e := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + e(d.Title) + " — " + e(d.Kind) + "</title>\n<style>" + htmlStyle + "</style>\n</head>\n<body>\n")
	b.WriteString("<div class=\"banner top\">" + e(d.Classification) + "</div>\n")
	b.WriteString("<table class=\"layout\">\n<thead><tr><td><div class=\"banner-space\"></div></td></tr></thead>\n")
	b.WriteString("<tfoot><tr><td><div class=\"banner-space\"></div></td></tr></tfoot>\n<tbody><tr><td>\n")
	class := "title"
	if len(d.Brief) > 0 {
		// The first page holds the brief under the title, from the top.
		class += " brief"
	}
	b.WriteString("<section class=\"" + class + "\">\n<p class=\"kind\">" + e(d.Kind) + "</p>\n<h1>" + e(d.Title) + "</h1>\n")
	htmlFields(b, d.Meta)
	// The brief is part of the first page, which the print style ends.
	if err := htmlBlocks(b, d.Brief, "brief-"); err != nil {
		return err
	}
	b.WriteString("</section>\n")
	if err := htmlBlocks(b, d.Blocks, ""); err != nil {
		return err
	}
	b.WriteString("</td></tr></tbody>\n</table>\n")
	b.WriteString("<div class=\"banner bottom\">" + e(d.Classification) + "</div>\n</body>\n</html>\n")
	return b.Flush()
}

// htmlBlocks writes blocks; a chart's id is prefix + "chart-" and its
// block's index, unique in the page.
func htmlBlocks(b *bufio.Writer, blocks []block, prefix string) error {
	e := html.EscapeString
	for i, bl := range blocks {
		switch x := bl.(type) {
		case heading:
			tag := "h" + strconv.Itoa(x.Level+1)
			b.WriteString("<" + tag + ">" + e(x.Text) + "</" + tag + ">\n")
		case paragraph:
			if x.Muted {
				b.WriteString("<p class=\"muted\">" + e(x.Text) + "</p>\n")
			} else {
				b.WriteString("<p>" + e(x.Text) + "</p>\n")
			}
		case bullets:
			b.WriteString("<ul>\n")
			for _, it := range x.Items {
				b.WriteString("<li>" + htmlText(it) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		case figure:
			if err := htmlFigure(b, x, contentW, prefix+"chart-"+strconv.Itoa(i)); err != nil {
				return err
			}
			if x.Full != nil {
				htmlTable(b, x.Full, "data")
			}
		case keyFigures:
			b.WriteString("<div class=\"key\">\n<dl class=\"figures\">\n")
			for _, f := range x.Figures {
				b.WriteString("<dt>" + e(f.Value) + "</dt><dd>" + htmlText(f.Label) + "</dd>\n")
			}
			b.WriteString("</dl>\n")
			if err := htmlFigure(b, x.Chart, contentW-keyValueW-keyLabelW-keyGap, prefix+"chart-"+strconv.Itoa(i)); err != nil {
				return err
			}
			b.WriteString("</div>\n")
		case fieldList:
			htmlFields(b, x.Fields)
		case *table:
			htmlTable(b, x, "data")
		case *matrix:
			if x.gridFits(textGridMaxResponses) {
				htmlTable(b, x.gridTable(0, len(x.Cols), 0, 0), "data matrix")
			} else {
				htmlTable(b, x.listTable(), "data")
			}
		case *references:
			htmlReferences(b, x)
		}
	}
	return nil
}

// htmlFigure writes a chart as the PDF draws it, in the page's own SVG,
// width millimetres wide; its text measured by estimate, since the
// browser picks the font.
func htmlFigure(b *bufio.Writer, x figure, width float64, id string) error {
	o := chartOptions(nil)
	o.Width = width
	if x.MaxHeight > 0 {
		o.MaxHeight = x.MaxHeight
	}
	d := chart.Layout(x.Chart, o)
	b.WriteString("<figure class=\"chart\">\n")
	if err := chart.WriteSVG(b, d, chart.SVGOptions{Unit: "mm", Inline: true, ID: id}); err != nil {
		return err
	}
	b.WriteString("</figure>\n")
	return nil
}

func htmlFields(b *bufio.Writer, fs []field) {
	b.WriteString("<dl>\n")
	for _, f := range fs {
		b.WriteString("<dt>" + html.EscapeString(f.Label) + "</dt><dd>" + htmlText(f.Value) + "</dd>\n")
	}
	b.WriteString("</dl>\n")
}

// htmlReferences lists the references; a web address is a link (the plan
// holds only http and https addresses, so a link never runs code).
func htmlReferences(b *bufio.Writer, r *references) {
	b.WriteString("<dl class=\"refs\">\n")
	for _, it := range r.Items {
		b.WriteString("<dt>" + html.EscapeString(it.Mark) + "</dt><dd>" + htmlText(it.Text))
		if it.URL != "" {
			u := html.EscapeString(it.URL)
			b.WriteString(" — <a href=\"" + u + "\">" + u + "</a>")
		}
		b.WriteString("</dd>\n")
	}
	b.WriteString("</dl>\n")
}

// htmlText escapes text and keeps its line breaks.
func htmlText(s string) string {
	s = html.EscapeString(strings.ReplaceAll(s, "\r\n", "\n"))
	return strings.ReplaceAll(s, "\n", "<br>")
}

func htmlTable(b *bufio.Writer, t *table, class string) {
	if len(t.Rows) == 0 {
		if t.Empty != "" {
			b.WriteString("<p>" + html.EscapeString(t.Empty) + "</p>\n")
		}
		return
	}
	alignClass := func(a align) string {
		switch a {
		case alignRight:
			return "r"
		case alignCenter:
			return "c"
		}
		return ""
	}
	b.WriteString("<table class=\"" + class + "\">\n<thead><tr>")
	for _, c := range t.Columns {
		if cl := alignClass(c.Align); cl != "" {
			b.WriteString("<th class=\"" + cl + "\">")
		} else {
			b.WriteString("<th>")
		}
		b.WriteString(html.EscapeString(c.Header) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range t.Rows {
		if r.Total {
			b.WriteString("<tr class=\"total\">")
		} else {
			b.WriteString("<tr>")
		}
		for i, cell := range r.Cells {
			var classes []string
			code := false
			if i < len(t.Columns) {
				if cl := alignClass(t.Columns[i].Align); cl != "" {
					classes = append(classes, cl)
				}
				code = t.Columns[i].Code && cell != "—"
			}
			if tone := cellTone(t, r, i); tone != "" {
				classes = append(classes, "tone-"+html.EscapeString(tone))
			}
			if len(classes) > 0 {
				b.WriteString("<td class=\"" + strings.Join(classes, " ") + "\">")
			} else {
				b.WriteString("<td>")
			}
			if code {
				b.WriteString("<code>" + htmlText(cell) + "</code>")
			} else {
				b.WriteString(htmlText(cell))
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
}
