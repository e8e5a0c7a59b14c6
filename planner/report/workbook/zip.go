package workbook

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// sortedZip is the zip writer WriteXLSX gives excelize. excelize writes the
// parts of a workbook in an order that varies from run to run (it ranges
// over a map of streamed sheets); sortedZip compresses each part as it comes
// and writes them all in name order on Close, each stamped with the same
// time, so the same plan and date always give the same bytes.
//
// parts replace the parts of the same name that excelize writes: WriteXLSX
// writes the document properties itself, in the form spreadsheet programs
// write them (excelize's own core properties use a default namespace that
// some readers refuse).
type sortedZip struct {
	w        io.Writer
	modified time.Time
	parts    map[string][]byte
	entries  []*zipEntry
	cur      *zipEntry
	err      error
}

type zipEntry struct {
	name string
	data bytes.Buffer // deflated
	fw   *flate.Writer
	crc  hash.Hash32
	size uint64
}

func (e *zipEntry) Write(p []byte) (int, error) {
	e.crc.Write(p)
	e.size += uint64(len(p))
	return e.fw.Write(p)
}

// zipEpoch is the earliest time a zip archive can stamp a part with; parts
// of a workbook written without a date carry it.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// newSortedZip gives excelize a sortedZip whose parts carry the time
// modified (zipEpoch when it is zero) and whose parts named in parts have
// that content instead of excelize's.
func newSortedZip(modified time.Time, parts map[string][]byte) func(io.Writer) excelize.ZipWriter {
	if modified.IsZero() {
		modified = zipEpoch
	}
	return func(w io.Writer) excelize.ZipWriter {
		return &sortedZip{w: w, modified: modified, parts: parts}
	}
}

// msDosTime is t as the date and time fields of a zip header: local to t's
// location, to two seconds, clamped to the years 1980 to 2107 the fields
// can hold.
func msDosTime(t time.Time) (date, clock uint16) {
	switch {
	case t.Year() < 1980:
		return 1<<5 | 1, 0 // 1980-01-01 00:00:00
	case t.Year() > 2107:
		return 127<<9 | 12<<5 | 31, 23<<11 | 59<<5 | 29 // 2107-12-31 23:59:58
	}
	date = uint16(t.Year()-1980)<<9 | uint16(t.Month())<<5 | uint16(t.Day())
	clock = uint16(t.Hour())<<11 | uint16(t.Minute())<<5 | uint16(t.Second()/2)
	return date, clock
}

func (z *sortedZip) finish() {
	if z.cur == nil {
		return
	}
	if err := z.cur.fw.Close(); err != nil && z.err == nil {
		z.err = err
	}
	z.cur.fw = nil
	z.entries = append(z.entries, z.cur)
	z.cur = nil
}

// Create starts the next part of the archive.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	z.finish()
	if z.err != nil {
		return nil, z.err
	}
	if _, ok := z.parts[name]; ok {
		return io.Discard, nil // Close writes the replacement
	}
	e, err := z.newEntry(name)
	if err != nil {
		return nil, err
	}
	z.cur = e
	return e, nil
}

func (z *sortedZip) newEntry(name string) (*zipEntry, error) {
	e := &zipEntry{name: name, crc: crc32.NewIEEE()}
	fw, err := flate.NewWriter(&e.data, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	e.fw = fw
	return e, nil
}

// AddFS is not used by excelize when writing a workbook.
func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("workbook: AddFS is not supported")
}

// Close writes the archive.
func (z *sortedZip) Close() error {
	z.finish()
	if z.err != nil {
		return z.err
	}
	for name, data := range z.parts {
		e, err := z.newEntry(name)
		if err != nil {
			return err
		}
		if _, err := e.Write(data); err != nil {
			return err
		}
		z.cur = e
		z.finish()
		if z.err != nil {
			return z.err
		}
	}
	date, clock := msDosTime(z.modified)
	slices.SortFunc(z.entries, func(a, b *zipEntry) int { return strings.Compare(a.name, b.name) })
	zw := zip.NewWriter(z.w)
	for _, e := range z.entries {
		h := &zip.FileHeader{
			Name:               e.name,
			Method:             zip.Deflate,
			CRC32:              e.crc.Sum32(),
			CompressedSize64:   uint64(e.data.Len()),
			UncompressedSize64: e.size,
		}
		// CreateRaw writes the MS-DOS fields as they are; it does not
		// derive them from Modified as CreateHeader does.
		//lint:ignore SA1019 the only time fields CreateRaw writes
		h.ModifiedDate, h.ModifiedTime = date, clock
		raw, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		if _, err := raw.Write(e.data.Bytes()); err != nil {
			return err
		}
	}
	z.entries = nil
	return zw.Close()
}
