package workbook

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
)

// scanTokens is what xmlScanner reads from data, as lines: S name attrs,
// E name, T text. Text outside the root element is left out (encoding/xml
// returns a byte-order mark as text) and adjacent runs of text are one.
// bufSize is the partReader's buffer: small ones put every token across
// a refill.
func scanTokens(data []byte, bufSize int) ([]string, error) {
	x := &xlsxFile{left: 1 << 40}
	r := &partReader{x: x, rc: io.NopCloser(bytes.NewReader(data)), where: "test", buf: make([]byte, bufSize),
		limit: 1 << 40, partLimit: 1 << 40}
	s := newXMLScanner(r)
	var out tokenLines
	depth := 0
	for {
		kind, err := s.next()
		if err != nil {
			return out.lines, err
		}
		switch kind {
		case tokEOF:
			return out.lines, nil
		case tokStart:
			var attrs []string
			for _, a := range s.attrs {
				attrs = append(attrs, qualified(string(a.prefix), string(a.local))+"="+string(a.value))
			}
			out.add("S " + string(s.name) + " " + strings.Join(attrs, " "))
			depth++
		case tokEnd:
			out.add("E " + string(s.name))
			depth--
		case tokText:
			if depth > 0 {
				out.text(string(s.text))
			}
		}
	}
}

// oracleTokens is what encoding/xml reads from data, in strict mode, with
// the end tags checked against the start tags as Decoder.Token would.
func oracleTokens(data []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var out tokenLines
	var open []string
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(open) > 0 {
				return out.lines, fmt.Errorf("ends inside <%s>", open[len(open)-1])
			}
			return out.lines, nil
		}
		if err != nil {
			return out.lines, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := qualified(t.Name.Space, t.Name.Local)
			var attrs []string
			for _, a := range t.Attr {
				attrs = append(attrs, qualified(a.Name.Space, a.Name.Local)+"="+a.Value)
			}
			out.add("S " + name + " " + strings.Join(attrs, " "))
			open = append(open, name)
		case xml.EndElement:
			name := qualified(t.Name.Space, t.Name.Local)
			if len(open) == 0 || open[len(open)-1] != name {
				return out.lines, fmt.Errorf("</%s> closes no element open", name)
			}
			open = open[:len(open)-1]
			out.add("E " + name)
		case xml.CharData:
			if len(open) > 0 {
				out.text(string(t))
			}
		case xml.Directive:
			return out.lines, errDirective
		}
	}
}

var errDirective = fmt.Errorf("a directive")

func qualified(prefix, local string) string {
	if prefix == "" {
		return local
	}
	return prefix + ":" + local
}

type tokenLines struct {
	lines  []string
	inText bool
}

func (t *tokenLines) add(line string) {
	t.lines = append(t.lines, line)
	t.inText = false
}

func (t *tokenLines) text(s string) {
	if s == "" {
		return
	}
	if t.inText {
		t.lines[len(t.lines)-1] += s
		return
	}
	t.lines = append(t.lines, "T "+s)
	t.inText = true
}

// allowedDifference says whether the scanner may refuse what encoding/xml
// reads: the things no workbook holds, which it is stricter about.
func allowedDifference(scanErr, oracleErr error) bool {
	if oracleErr == errDirective {
		return scanErr != nil // a document type declaration, or another <!…>
	}
	if scanErr != nil && oracleErr == nil {
		msg := scanErr.Error()
		return strings.Contains(msg, "character reference") || strings.Contains(msg, "nests XML elements")
	}
	if scanErr == nil && oracleErr != nil {
		// encoding/xml holds names beyond ASCII to the Unicode classes
		// of XML names; the scanner takes any UTF-8 there.
		return strings.Contains(oracleErr.Error(), "invalid XML name")
	}
	return false
}

var xmlSeeds = []string{
	``,
	`<a/>`,
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" + `<x:worksheet xmlns:x="urn:x" xmlns:r="urn:r"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve"> a&amp;b </x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
	"<a b='1' c=\"&lt;&#65;&#x42;\r\n\">x\r\ny\rz<![CDATA[<raw>]]]]>&gt;<!-- note --><?pi data?></a>",
	"\xef\xbb\xbf<root>\u00e9\U0001F6E1</root>",
	`<a><b></a></b>`,
	`<a>]]></a>`,
	`<a>&bogus;</a>`,
	`<a>&#xD800;</a>`,
	`<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>`,
	`<a b=1/>`,
	`<a b="<"/>`,
	`<a:b:c/>`,
	"<a>\x00</a>",
	"<a>\xff</a>",
	`<?xml version="1.1"?><a/>`,
	`<?xml version="1.0" encoding="latin1"?><a/>`,
	`<a><!-- a -- b --></a>`,
	`<a` + strings.Repeat(` x="1"`, 3) + `>` + strings.Repeat("<b>", 70) + strings.Repeat("</b>", 70) + `</a>`,
	`<sst><si><r><rPr><b/></rPr><t>one</t></r><r><t xml:space="preserve"> two</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si></sst>`,
}

func TestXMLScannerReadsAsEncodingXML(t *testing.T) {
	for _, seed := range xmlSeeds {
		checkAgainstEncodingXML(t, []byte(seed))
	}
}

// FuzzXMLScanner holds xmlScanner to encoding/xml: on any input both read
// the same elements, attributes and text, or both refuse it, but for the
// allowed differences; and the buffer size never matters.
func FuzzXMLScanner(f *testing.F) {
	for _, seed := range xmlSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(checkAgainstEncodingXML)
}

func checkAgainstEncodingXML(t *testing.T, data []byte) {
	want, oracleErr := oracleTokens(data)
	got, scanErr := scanTokens(data, 64<<10)
	for _, size := range []int{1, 2, 7} {
		small, err := scanTokens(data, size)
		if (err == nil) != (scanErr == nil) || strings.Join(small, "\n") != strings.Join(got, "\n") {
			t.Fatalf("%q: with a buffer of %d bytes the scanner read\n%q, %v\nwith a large one\n%q, %v", data, size, small, err, got, scanErr)
		}
	}
	if (scanErr == nil) != (oracleErr == nil) || oracleErr == errDirective {
		if !allowedDifference(scanErr, oracleErr) {
			t.Fatalf("%q: the scanner says %v, encoding/xml %v", data, scanErr, oracleErr)
		}
		return
	}
	if scanErr != nil {
		return
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%q: the scanner read\n%q\nencoding/xml\n%q", data, got, want)
	}
}
