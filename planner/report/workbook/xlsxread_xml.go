package workbook

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlScanner is the XML tokenizer of the workbook reader: a pull parser
// over a partReader that returns views into its own buffers and allocates
// nothing per token. A sheet is millions of tokens, and encoding/xml
// allocates for each (its Token interface boxes every element): through
// it, the XML took three quarters of an import of the large generated plan,
// and a sheet of nothing but empty cells just under the bound on unpacked
// parts (a file of a few hundred kilobytes) took 12.7 s and 3.8 GB of
// allocations to read; this scanner reads it in about 2.5 s and 5 MB.
//
// It reads XML 1.0 as encoding/xml does in strict mode, where workbooks
// are concerned (a differential fuzz test, FuzzXMLScanner, holds it to
// that): elements must nest and close by the names that opened them;
// attribute values are quoted; text and attribute values have their
// entities (the five predefined ones and character references) decoded and
// \r\n and \r read as \n; comments and processing instructions are
// skipped; CDATA sections are text; the text must be UTF-8 and characters
// XML allows; a declared encoding must be UTF-8 and a declared version
// 1.0. It differs in what no spreadsheet program writes: it refuses a
// document type declaration (which could declare entities) and a
// character reference to a character XML does not allow (encoding/xml
// reads &#xD800; as U+FFFD), and it takes any UTF-8 beyond ASCII in a name
// (encoding/xml holds it to the Unicode classes of XML names).
//
// Names are matched by their local part; the prefix is kept for the
// attributes that need it (r:id).
type xmlScanner struct {
	r *partReader

	kind  tokKind
	name  []byte    // tokStart, tokEnd: the element's name as written
	local []byte    // its local part, after any prefix
	attrs []xmlAttr // tokStart: its attributes
	text  []byte    // tokText: the text, decoded

	selfClosed bool // the start just returned was <x/>: its end comes next
	open       []byte
	openEnds   []int  // the names of the open elements, one after another in open
	abuf       []byte // the attributes' names and values
	spans      []attrSpan
}

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

// xmlAttr is an attribute of the start just read; its slices are valid
// until the next token.
type xmlAttr struct {
	prefix, local, value []byte
}

type attrSpan struct{ name, nameEnd, value, end int }

func newXMLScanner(r *partReader) *xmlScanner {
	return &xmlScanner{r: r}
}

// errXML is a syntax error in the part being read.
func (s *xmlScanner) errXML(format string, args ...any) error {
	return &xlsxError{where: s.r.where, msg: fmt.Sprintf("cannot read the XML (byte %d: %s); %s", s.r.offset(), fmt.Sprintf(format, args...), damaged)}
}

// getc reads the next byte; ok is false at the end of the part or on an
// error, which s.r.err holds.
func (s *xmlScanner) getc() (byte, bool) {
	if r := s.r; r.i < r.n {
		b := r.buf[r.i]
		r.i++
		return b, true
	}
	return s.refill()
}

// refill is getc when the buffer is empty, apart so that getc inlines.
func (s *xmlScanner) refill() (byte, bool) {
	r := s.r
	if r.fill() != nil {
		return 0, false
	}
	b := r.buf[r.i]
	r.i++
	return b, true
}

func (s *xmlScanner) ungetc() { s.r.i-- } // only ever after a getc that returned a byte

// mustgetc is getc inside a token, where the end of the part is an error.
func (s *xmlScanner) mustgetc() (byte, error) {
	b, ok := s.getc()
	if !ok {
		return 0, s.eofErr()
	}
	return b, nil
}

func (s *xmlScanner) eofErr() error {
	if s.r.err != nil && s.r.err != io.EOF {
		return s.r.err
	}
	return s.errXML("the XML ends in the middle of an element")
}

// next reads the next token. At the end of a complete document it returns
// tokEOF.
func (s *xmlScanner) next() (tokKind, error) {
	if s.selfClosed {
		s.selfClosed = false
		s.kind = tokEnd
		return s.pop()
	}
	s.r.tokStart = s.r.offset()
	for {
		b, ok := s.getc()
		if !ok {
			if s.r.err != io.EOF {
				return 0, s.r.err
			}
			if len(s.openEnds) > 0 {
				return 0, s.errXML("the XML ends inside <%s>", s.top())
			}
			s.kind = tokEOF
			return tokEOF, nil
		}
		if b != '<' {
			s.ungetc()
			s.kind = tokText
			s.text = s.text[:0]
			if err := s.readText(); err != nil {
				return 0, err
			}
			return tokText, nil
		}
		b, err := s.mustgetc()
		if err != nil {
			return 0, err
		}
		switch b {
		case '/':
			s.kind = tokEnd
			if err := s.readEnd(); err != nil {
				return 0, err
			}
			return s.pop()
		case '?':
			if err := s.readPI(); err != nil {
				return 0, err
			}
		case '!':
			text, err := s.readBang()
			if err != nil {
				return 0, err
			}
			if text {
				s.kind = tokText
				return tokText, nil
			}
		default:
			s.ungetc()
			s.kind = tokStart
			if err := s.readStart(); err != nil {
				return 0, err
			}
			return tokStart, nil
		}
		s.r.tokStart = s.r.offset()
	}
}

func (s *xmlScanner) top() []byte {
	start := 0
	if n := len(s.openEnds); n > 1 {
		start = s.openEnds[n-2]
	}
	return s.open[start:s.openEnds[len(s.openEnds)-1]]
}

// pop closes the element named s.name.
func (s *xmlScanner) pop() (tokKind, error) {
	if len(s.openEnds) == 0 {
		return 0, s.errXML("</%s> closes no element open", s.name)
	}
	top := s.top()
	if !bytes.Equal(top, s.name) {
		return 0, s.errXML("<%s> closed by </%s>", top, s.name)
	}
	s.open = s.open[:len(s.open)-len(top)]
	s.openEnds = s.openEnds[:len(s.openEnds)-1]
	return tokEnd, nil
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-' || c >= utf8.RuneSelf
}

// readName appends a name to dst; it must start with a letter, '_', ':'
// or a character beyond ASCII.
func (s *xmlScanner) readName(dst []byte) ([]byte, error) {
	start := len(dst)
	r := s.r
	for {
		if r.i == r.n {
			if _, err := s.mustgetc(); err != nil {
				return dst, err
			}
			s.ungetc()
		}
		buf := r.buf[r.i:r.n]
		j := 0
		for j < len(buf) && isNameByte(buf[j]) {
			j++
		}
		dst = append(dst, buf[:j]...)
		r.i += j
		if j < len(buf) {
			break
		}
	}
	name := dst[start:]
	if len(name) == 0 || name[0] >= '0' && name[0] <= '9' || name[0] == '.' || name[0] == '-' {
		return dst, s.errXML("expected a name, found %q", name)
	}
	for _, c := range name {
		if c >= utf8.RuneSelf {
			if !utf8.Valid(name) {
				return dst, s.errXML("invalid UTF-8")
			}
			break
		}
	}
	return dst, nil
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// skipSpace reads past white space and returns the byte after it.
func (s *xmlScanner) skipSpace() (byte, error) {
	for {
		b, err := s.mustgetc()
		if err != nil || !isSpace(b) {
			return b, err
		}
	}
}

// splitName returns the local part of a name and its prefix, as
// encoding/xml does: a name with one colon inside it has a prefix.
func splitName(name []byte) (prefix, local []byte, ok bool) {
	i := bytes.IndexByte(name, ':')
	if i < 0 {
		return nil, name, true
	}
	if bytes.IndexByte(name[i+1:], ':') >= 0 {
		return nil, nil, false
	}
	if i == 0 || i == len(name)-1 {
		return nil, name, true
	}
	return name[:i], name[i+1:], true
}

func (s *xmlScanner) readStart() error {
	if len(s.openEnds) == maxDepth {
		return &xlsxError{where: s.r.where, msg: fmt.Sprintf("nests XML elements more than %d deep; %s", maxDepth, damaged)}
	}
	var err error
	start := len(s.open)
	if s.open, err = s.readName(s.open); err != nil {
		return err
	}
	s.openEnds = append(s.openEnds, len(s.open))
	s.name = s.open[start:]
	var ok bool
	if _, s.local, ok = splitName(s.name); !ok {
		return s.errXML("invalid name %q", s.name)
	}
	s.abuf, s.spans, s.attrs = s.abuf[:0], s.spans[:0], s.attrs[:0]
	for {
		b, err := s.skipSpace()
		if err != nil {
			return err
		}
		switch b {
		case '>':
			return s.finishAttrs()
		case '/':
			if b, err = s.mustgetc(); err != nil {
				return err
			}
			if b != '>' {
				return s.errXML("expected /> in <%s>", s.name)
			}
			s.selfClosed = true
			return s.finishAttrs()
		}
		s.ungetc()
		var sp attrSpan
		sp.name = len(s.abuf)
		if s.abuf, err = s.readName(s.abuf); err != nil {
			return err
		}
		sp.nameEnd = len(s.abuf)
		if b, err = s.skipSpace(); err != nil {
			return err
		}
		if b != '=' {
			return s.errXML("attribute %s in <%s> has no value", s.abuf[sp.name:sp.nameEnd], s.name)
		}
		if b, err = s.skipSpace(); err != nil {
			return err
		}
		if b != '"' && b != '\'' {
			return s.errXML("unquoted value of attribute %s in <%s>", s.abuf[sp.name:sp.nameEnd], s.name)
		}
		sp.value = len(s.abuf)
		if s.abuf, err = s.readChars(s.abuf, b); err != nil {
			return err
		}
		sp.end = len(s.abuf)
		s.spans = append(s.spans, sp)
	}
}

// finishAttrs makes the attributes' views once abuf no longer grows.
func (s *xmlScanner) finishAttrs() error {
	for _, sp := range s.spans {
		prefix, local, ok := splitName(s.abuf[sp.name:sp.nameEnd])
		if !ok {
			return s.errXML("invalid name %q", s.abuf[sp.name:sp.nameEnd])
		}
		s.attrs = append(s.attrs, xmlAttr{prefix: prefix, local: local, value: s.abuf[sp.value:sp.end]})
	}
	return nil
}

func (s *xmlScanner) readEnd() error {
	var err error
	if s.abuf, err = s.readName(s.abuf[:0]); err != nil {
		return err
	}
	s.name = s.abuf
	var ok bool
	if _, s.local, ok = splitName(s.name); !ok {
		return s.errXML("invalid name %q", s.name)
	}
	b, err := s.skipSpace()
	if err != nil {
		return err
	}
	if b != '>' {
		return s.errXML("invalid characters in </%s>", s.name)
	}
	return nil
}

// readPI skips a processing instruction; of the XML declaration it checks
// the encoding, as the reader knows only UTF-8.
func (s *xmlScanner) readPI() error {
	var err error
	if s.abuf, err = s.readName(s.abuf[:0]); err != nil {
		return err
	}
	isDecl := string(s.abuf) == "xml"
	s.abuf = s.abuf[:0]
	var prev byte
	for {
		b, err := s.mustgetc()
		if err != nil {
			return err
		}
		if prev == '?' && b == '>' {
			s.abuf = s.abuf[:len(s.abuf)-1]
			break
		}
		s.abuf = append(s.abuf, b)
		prev = b
	}
	if !isDecl {
		return nil
	}
	if v := pseudoAttr(string(s.abuf), "version"); v != "" && v != "1.0" {
		return s.errXML("XML version %q; the reader reads 1.0", v)
	}
	if enc := pseudoAttr(string(s.abuf), "encoding"); enc != "" && !equalFoldASCII(enc, "utf-8") {
		return s.errXML("the XML is in the encoding %q; the reader reads UTF-8", enc)
	}
	return nil
}

// pseudoAttr finds param="value" in the XML declaration s exactly as
// encoding/xml does (procInst), so that both read the same declarations.
func pseudoAttr(s, param string) string {
	param += "="
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || len(param)+k >= len(sub) {
			return ""
		}
		i += len(param) + k + 1
		if c := sub[len(param)+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i]|0x20 != b[i]|0x20 {
			return false
		}
	}
	return true
}

// readBang reads what follows <!: a comment (skipped), a CDATA section
// (text: it reports true) or a document type declaration (refused).
func (s *xmlScanner) readBang() (bool, error) {
	b, err := s.mustgetc()
	if err != nil {
		return false, err
	}
	switch b {
	case '-':
		if b, err = s.mustgetc(); err != nil {
			return false, err
		}
		if b != '-' {
			return false, s.errXML("invalid sequence <!- not part of <!--")
		}
		var b0, b1 byte
		for {
			b, err := s.mustgetc()
			if err != nil {
				return false, err
			}
			if b0 == '-' && b1 == '-' {
				if b != '>' {
					return false, s.errXML(`invalid sequence "--" not allowed in comments`)
				}
				return false, nil
			}
			b0, b1 = b1, b
		}
	case '[':
		for _, want := range []byte("CDATA[") {
			if b, err = s.mustgetc(); err != nil {
				return false, err
			}
			if b != want {
				return false, s.errXML("invalid <![ sequence")
			}
		}
		s.text = s.text[:0]
		return true, s.readCDATA()
	}
	return false, s.errXML("a document type or other declaration (<!%c…), which no workbook has", b)
}

func (s *xmlScanner) readCDATA() error {
	var b0, b1 byte
	for {
		b, err := s.mustgetc()
		if err != nil {
			return err
		}
		if b0 == ']' && b1 == ']' && b == '>' {
			s.text = s.text[:len(s.text)-2]
			return s.checkChars(s.text)
		}
		switch {
		case b == '\r':
			s.text = append(s.text, '\n')
		case b1 == '\r' && b == '\n':
		default:
			s.text = append(s.text, b)
		}
		b0, b1 = b1, b
	}
}

// readText reads text up to the next '<' into s.text.
func (s *xmlScanner) readText() error {
	start := len(s.text)
	r := s.r
	for {
		if r.i >= r.n {
			if r.fill() != nil {
				if r.err != io.EOF {
					return r.err
				}
				break // text at the end of the part
			}
		}
		buf := r.buf[r.i:r.n]
		j := 0
		for j < len(buf) && buf[j] != '<' && buf[j] != '&' && buf[j] != '\r' && buf[j] != ']' {
			j++
		}
		s.text = append(s.text, buf[:j]...)
		r.i += j
		if j == len(buf) {
			continue
		}
		b := buf[j]
		r.i++
		switch b {
		case '<':
			r.i--
			return s.checkChars(s.text[start:])
		case '\r':
			s.text = append(s.text, '\n')
			if c, ok := s.getc(); ok && c != '\n' {
				s.ungetc()
			}
		case ']':
			// ]]> ends a CDATA section and may not stand in text.
			s.text = append(s.text, ']')
			brackets := 1
			for {
				c, ok := s.getc()
				if !ok {
					break
				}
				if c == '>' && brackets >= 2 {
					return s.errXML("unescaped ]]> not in CDATA section")
				}
				if c != ']' {
					s.ungetc()
					break
				}
				s.text = append(s.text, ']')
				brackets++
			}
		case '&':
			var err error
			if s.text, err = s.readEntity(s.text); err != nil {
				return err
			}
		}
	}
	return s.checkChars(s.text[start:])
}

// readChars appends a quoted attribute value to dst, up to the quote.
func (s *xmlScanner) readChars(dst []byte, quote byte) ([]byte, error) {
	start := len(dst)
	for {
		b, err := s.mustgetc()
		if err != nil {
			return dst, err
		}
		switch b {
		case quote:
			return dst, s.checkChars(dst[start:])
		case '<':
			return dst, s.errXML("unescaped < inside quoted string")
		case '&':
			if dst, err = s.readEntity(dst); err != nil {
				return dst, err
			}
		case '\r':
			dst = append(dst, '\n')
			if c, ok := s.getc(); ok && c != '\n' {
				s.ungetc()
			}
		default:
			dst = append(dst, b)
		}
	}
}

// readEntity reads what follows & up to ; and appends the character it
// stands for.
func (s *xmlScanner) readEntity(dst []byte) ([]byte, error) {
	var name [16]byte
	n := 0
	for {
		b, err := s.mustgetc()
		if err != nil {
			return dst, err
		}
		if b == ';' {
			break
		}
		if n == len(name) || !isNameByte(b) && b != '#' {
			return dst, s.errXML("invalid character entity &%s", name[:n])
		}
		name[n] = b
		n++
	}
	ent := name[:n]
	switch string(ent) {
	case "lt":
		return append(dst, '<'), nil
	case "gt":
		return append(dst, '>'), nil
	case "amp":
		return append(dst, '&'), nil
	case "apos":
		return append(dst, '\''), nil
	case "quot":
		return append(dst, '"'), nil
	}
	if len(ent) > 1 && ent[0] == '#' {
		base, digits := 10, ent[1:]
		if digits[0] == 'x' {
			base, digits = 16, digits[1:]
		}
		if v, err := strconv.ParseUint(string(digits), base, 32); err == nil && len(digits) > 0 && digits[0] != '+' && digits[0] != '-' {
			if r := rune(v); isInCharacterRange(r) {
				return utf8.AppendRune(dst, r), nil
			}
			return dst, s.errXML("character reference &%s; to a character XML does not allow", ent)
		}
	}
	return dst, s.errXML("invalid character entity &%s;", ent)
}

// isInCharacterRange reports whether XML 1.0 allows r.
func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// checkChars refuses text that is not UTF-8 or holds a character XML does
// not allow.
func (s *xmlScanner) checkChars(b []byte) error {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return s.errXML("illegal character code U+%04X", c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return s.errXML("invalid UTF-8")
		}
		if !isInCharacterRange(r) {
			return s.errXML("illegal character code %U", r)
		}
		i += size
	}
	return nil
}

// attr returns the value of the attribute of the start just read with the
// local name local and no prefix other than one for a namespace (r:id
// answers "id" only when prefixed says so).
func (s *xmlScanner) attr(local string, prefixed bool) ([]byte, bool) {
	for _, a := range s.attrs {
		if string(a.local) != local || string(a.prefix) == "xmlns" {
			continue
		}
		if prefixed != (len(a.prefix) > 0) {
			continue
		}
		return a.value, true
	}
	return nil, false
}

// is reports whether the token just read is a start or end of an element
// with the local name local.
func (s *xmlScanner) is(local string) bool {
	return string(s.local) == local
}
