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

	"github.com/xuri/excelize/v2"
)

// sortedZip is the zip writer WriteXLSX gives excelize. excelize writes the
// parts of a workbook in an order that varies from run to run (it ranges
// over a map of streamed sheets); sortedZip compresses each part as it comes
// and writes them all in name order on Close, with no time stamps, so the
// same plan always gives the same bytes.
type sortedZip struct {
	w       io.Writer
	entries []*zipEntry
	cur     *zipEntry
	err     error
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

func newSortedZip(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w} }

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
	e := &zipEntry{name: name, crc: crc32.NewIEEE()}
	fw, err := flate.NewWriter(&e.data, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	e.fw = fw
	z.cur = e
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
