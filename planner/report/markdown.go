package report

import (
	"bufio"
	"io"
	"strings"
)

// writeMarkdown renders a document as GitHub-flavoured Markdown.
func writeMarkdown(w io.Writer, d *document) error {
	b := bufio.NewWriter(w)
	banner := "**" + mdText(d.Classification) + "**"
	b.WriteString(banner + "\n\n")
	b.WriteString("# " + mdText(d.Title) + "\n\n")
	b.WriteString("*" + mdText(d.Kind) + "*\n\n")
	mdFields(b, d.Meta)
	mdBlocks(b, d.Brief)
	if len(d.Brief) > 0 {
		// The brief ends; the annex follows.
		b.WriteString("---\n\n")
	}
	mdBlocks(b, d.Blocks)
	b.WriteString("---\n\n" + banner + "\n")
	return b.Flush()
}

func mdBlocks(b *bufio.Writer, blocks []block) {
	for _, bl := range blocks {
		switch x := bl.(type) {
		case heading:
			b.WriteString(strings.Repeat("#", x.Level+1) + " " + mdText(x.Text) + "\n\n")
		case paragraph:
			if x.Muted {
				b.WriteString("*" + mdText(x.Text) + "*\n\n")
			} else {
				b.WriteString(mdText(x.Text) + "\n\n")
			}
		case bullets:
			for _, it := range x.Items {
				b.WriteString("- " + mdText(it) + "\n")
			}
			b.WriteString("\n")
		case figure:
			mdFigure(b, x)
		case keyFigures:
			for _, f := range x.Figures {
				b.WriteString("- **" + mdText(f.Value) + "** " + mdText(f.Label) + "\n")
			}
			b.WriteString("\n")
			mdFigure(b, x.Chart)
		case fieldList:
			mdFields(b, x.Fields)
		case *table:
			mdTable(b, x)
		case *matrix:
			if x.gridFits(textGridMaxResponses) {
				mdTable(b, x.gridTable(0, len(x.Cols), 0, 0))
			} else {
				mdTable(b, x.listTable())
			}
		case *references:
			mdReferences(b, x)
		}
	}
}

// mdFigure writes a chart as Markdown, which cannot draw: its title,
// caption and data, complete (so a figure's Full table is not needed).
func mdFigure(b *bufio.Writer, x figure) {
	h := x.Chart.Heading()
	b.WriteString("**" + mdText(h.Title) + "**\n\n")
	if h.Caption != "" {
		b.WriteString("*" + mdText(h.Caption) + "*\n\n")
	}
	mdTable(b, x.dataTable())
}

func mdFields(b *bufio.Writer, fs []field) {
	for _, f := range fs {
		b.WriteString("- **" + mdText(f.Label) + ":** " + mdText(f.Value) + "\n")
	}
	b.WriteString("\n")
}

// mdReferences lists the references, a web address as an autolink that
// Markdown shows as it is (one with characters an autolink cannot hold is
// written as text).
func mdReferences(b *bufio.Writer, r *references) {
	for _, it := range r.Items {
		b.WriteString("- " + mdText(it.Mark) + " " + mdText(it.Text))
		if it.URL != "" {
			if strings.ContainsAny(it.URL, " <>\\`") {
				b.WriteString(" — " + mdText(it.URL))
			} else {
				b.WriteString(" — <" + it.URL + ">")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

func mdTable(b *bufio.Writer, t *table) {
	if len(t.Rows) == 0 {
		if t.Empty != "" {
			b.WriteString(mdText(t.Empty) + "\n\n")
		}
		return
	}
	b.WriteString("|")
	for _, c := range t.Columns {
		b.WriteString(" " + mdCell(c.Header, false) + " |")
	}
	b.WriteString("\n|")
	for _, c := range t.Columns {
		switch c.Align {
		case alignRight:
			b.WriteString("---:|")
		case alignCenter:
			b.WriteString(":---:|")
		default:
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		b.WriteString("|")
		for i, cell := range r.Cells {
			s := mdCell(cell, i < len(t.Columns) && t.Columns[i].Code && cell != "—")
			if r.Total && s != "" {
				s = "**" + s + "**"
			}
			b.WriteString(" " + s + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// mdEscaper escapes the characters that Markdown would read as markup or
// raw HTML in running text.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "#", `\#`, "|", `\|`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// mdText escapes running text, keeping it on one line.
func mdText(s string) string { return mdEscaper.Replace(s) }

// mdCell escapes a table cell: a pipe would end the cell and a newline the
// row, so pipes are escaped and line breaks become <br>. Code cells are code
// spans, in which only the pipe needs escaping.
func mdCell(s string, code bool) string {
	if code {
		s = strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
		fence := "`"
		for strings.Contains(s, fence) {
			fence += "`"
		}
		if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
			s = " " + s + " "
		}
		return fence + s + fence
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(strings.NewReplacer("\r", " ").Replace(mdEscaper.Replace(l)))
	}
	return strings.Join(lines, "<br>")
}
