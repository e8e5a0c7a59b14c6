package report

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/go-pdf/fpdf"
)

// Page compression. fpdf v0.9.0 compresses each page's content stream
// through a zlib writer of its own (fpdf's xmempool.compress calls
// zlib.NewWriterLevel for every page): about a megabyte of compressor
// state made and thrown away per page, 82 % of what the after-action
// report of the large plan allocated (17 of 21 GB for its pages). fpdf
// has no option for it and is no longer developed, and a patched copy of
// it would be 360 kB of someone else's code to carry for ten lines.
//
// So fpdf writes its pages uncompressed, and pdfOutput compresses them on
// the way out, as fpdf would have — the same zlib level and framing, the
// same dictionary, so the same bytes, which TestPDFPagesCompressAsFpdfDoes
// holds to — through one zlib writer, reset for each page and pooled
// between documents, rebuilding the cross-reference table for the
// offsets that move.

// fpdfCompresses lets fpdf compress the pages itself, for the test that
// compares the two.
var fpdfCompresses = false

// output writes the document f has made to w, its pages compressed.
func output(f *fpdf.Fpdf, w io.Writer) error {
	f.SetCompression(fpdfCompresses)
	if fpdfCompresses {
		return f.Output(w)
	}
	s := &pdfSink{w: w}
	if err := f.Output(s); err != nil {
		return err
	}
	return s.flush()
}

// pdfSink takes fpdf's output. fpdf hands over its whole document in one
// Write (bytes.Buffer.WriteTo), which is compressed there and then, not
// copied; were it to come in pieces, they are gathered and compressed at
// the end.
type pdfSink struct {
	w    io.Writer
	buf  []byte
	done bool
}

var pdfEnd = []byte("%%EOF\n")

func (s *pdfSink) Write(p []byte) (int, error) {
	if s.done {
		return 0, errors.New("report: fpdf wrote after the end of its document")
	}
	if len(s.buf) == 0 && bytes.HasSuffix(p, pdfEnd) {
		s.done = true
		return len(p), compressPages(s.w, p)
	}
	s.buf = append(s.buf, p...)
	return len(p), nil
}

func (s *pdfSink) flush() error {
	if s.done {
		return nil
	}
	s.done = true
	return compressPages(s.w, s.buf)
}

// zlibWriters are reset for each page, and kept between documents.
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // as fpdf does
	return w
}}

// compressPages writes pdf, as fpdf writes a document with compression
// off, to w with every page's content stream compressed: the objects that
// a page's /Contents names, each "<</Length n>>" and its stream. The other
// objects are copied as they are, and the cross-reference table and
// startxref are written anew for the objects' new offsets.
func compressPages(w io.Writer, pdf []byte) error {
	offsets, xref, trailer, err := readXref(pdf)
	if err != nil {
		return err
	}
	// The objects in the order they are in the file, each up to the next.
	order := make([]int, 0, len(offsets))
	for n, off := range offsets {
		if n > 0 && off > 0 {
			order = append(order, n)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return offsets[a] - offsets[b] })
	end := func(k int) int {
		if k+1 < len(order) {
			return offsets[order[k+1]]
		}
		return xref
	}
	// The content streams are the objects the pages name.
	contents := make([]bool, len(offsets))
	for k, n := range order {
		obj := pdf[offsets[n]:end(k)]
		if !bytes.Contains(obj[:min(len(obj), 40)], []byte(" 0 obj\n<</Type /Page\n")) {
			continue
		}
		i := bytes.LastIndex(obj, []byte("/Contents "))
		if i < 0 {
			return errors.New("report: a PDF page names no contents")
		}
		num := obj[i+len("/Contents "):]
		c, err := strconv.Atoi(string(num[:max(bytes.IndexByte(num, ' '), 0)]))
		if err == nil && c > 0 && c < len(contents) {
			contents[c] = true
		}
	}

	out := &countWriter{w: w}
	zw := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(zw)
	var packed bytes.Buffer
	moved := make([]int, len(offsets))
	at := 0 // what of pdf is written
	for k, n := range order {
		start, stop := offsets[n], end(k)
		out.write(pdf[at:start])
		moved[n] = out.n
		at = start
		if !contents[n] {
			continue
		}
		head := fmt.Sprintf("%d 0 obj\n<</Length ", n)
		obj := pdf[start:stop]
		if !bytes.HasPrefix(obj, []byte(head)) {
			return fmt.Errorf("report: a PDF page's contents (object %d) is not an uncompressed stream", n)
		}
		rest := obj[len(head):]
		i := bytes.Index(rest, []byte(">>\nstream\n"))
		length, err := strconv.Atoi(string(rest[:max(i, 0)]))
		body := len(head) + i + len(">>\nstream\n")
		if i < 0 || err != nil || body+length > len(obj) || !bytes.Equal(obj[body+length:], []byte("\nendstream\nendobj\n")) {
			return fmt.Errorf("report: a PDF page's contents (object %d) is not a stream of its stated length", n)
		}
		packed.Reset()
		zw.Reset(&packed)
		if _, err := zw.Write(obj[body : body+length]); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		out.write(fmt.Appendf(nil, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", n, packed.Len()))
		out.write(packed.Bytes())
		out.write([]byte("\nendstream\nendobj\n"))
		at = stop
	}
	out.write(pdf[at:xref])
	// The cross-reference table for the new offsets, then the trailer as
	// it was, then where the table now is.
	table := out.n
	b := make([]byte, 0, 32+20*len(offsets))
	b = fmt.Appendf(b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range moved[1:] {
		b = fmt.Appendf(b, "%010d 00000 n \n", off)
	}
	out.write(b)
	out.write(trailer)
	out.write(fmt.Appendf(nil, "startxref\n%d\n%%%%EOF\n", table))
	return out.err
}

// readXref reads the cross-reference table of a PDF as fpdf writes it:
// one section from object 0, every entry in use but the first. It returns
// each object's offset by number, where the table starts, and the trailer
// between the table and startxref.
func readXref(pdf []byte) (offsets []int, xref int, trailer []byte, err error) {
	bad := func(what string) ([]int, int, []byte, error) {
		return nil, 0, nil, fmt.Errorf("report: fpdf's output has %s", what)
	}
	sx := bytes.LastIndex(pdf, []byte("\nstartxref\n"))
	if sx < 0 || !bytes.HasSuffix(pdf, pdfEnd) {
		return bad("no startxref")
	}
	xref, err = strconv.Atoi(string(bytes.TrimSpace(pdf[sx+len("\nstartxref\n") : len(pdf)-len(pdfEnd)])))
	if err != nil || xref <= 0 || xref > sx || !bytes.HasPrefix(pdf[xref:], []byte("xref\n0 ")) {
		return bad("no cross-reference table where startxref says")
	}
	at := xref + len("xref\n0 ")
	nl := bytes.IndexByte(pdf[at:], '\n')
	count, err := strconv.Atoi(string(pdf[at : at+max(nl, 0)]))
	at += nl + 1
	if nl < 0 || err != nil || count < 1 || at+20*count > sx {
		return bad("a cross-reference table of no size")
	}
	entries := pdf[at : at+20*count]
	offsets = make([]int, count)
	for i := 1; i < count; i++ {
		e := entries[20*i : 20*i+20]
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || string(e[10:]) != " 00000 n \n" || off >= xref {
			return bad("a cross-reference entry it does not write")
		}
		offsets[i] = off
	}
	trailer = pdf[at+20*count : sx+1]
	return offsets, xref, trailer, nil
}

// countWriter counts what it writes and keeps the first error.
type countWriter struct {
	w   io.Writer
	n   int
	err error
}

func (c *countWriter) write(p []byte) {
	if c.err != nil || len(p) == 0 {
		return
	}
	n, err := c.w.Write(p)
	c.n += n
	c.err = err
}
