package workbook_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"runtime"
	"testing"
)

// Helpers for the tests that build workbooks part by part.

// xpart is one entry of a zip archive a test builds.
type xpart struct {
	name   string
	body   []byte
	stored bool // not compressed, so that a damaged byte stays one
}

func unpackParts(t testing.TB, data []byte) []xpart {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []xpart
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, xpart{name: f.Name, body: body})
	}
	return parts
}

// packParts writes parts in order, compressing fast: some tests hold
// hundreds of megabytes that compress to almost nothing.
func packParts(t testing.TB, parts []xpart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, p := range parts {
		method := zip.Deflate
		if p.stored {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// allocatedBy is the bytes f allocates: the work of an import, as memory.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
