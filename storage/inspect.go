package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// sqliteMagic starts every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// inspect refuses an existing file that is not a healthy Redline database,
// without writing to it: the header is read as bytes, and SQLite only opens
// it read-only. The one write it may make is SQLite's own recovery of a
// transaction a killed writer left in a rollback journal beside the file
// (rollBackHotJournal), which every SQLite program makes on opening it.
func inspect(path string) error {
	if rollBackHotJournal(path) {
		if st, err := os.Stat(path); err == nil && st.Size() == 0 {
			return nil // rolled back to the empty file it was: set up as new
		}
	}
	header := make([]byte, 100)
	f, err := os.Open(path)
	if err != nil {
		return readFailure(path, err)
	}
	n, err := io.ReadFull(f, header)
	f.Close()
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return readFailure(path, err)
	}
	refuse := func(kind error, what string, err error) error {
		return &FileError{Path: path, Kind: kind, What: what, Snapshot: newestSnapshot(path), Err: err}
	}
	if n < len(header) || !bytes.HasPrefix(header, []byte(sqliteMagic)) {
		return refuse(ErrNotRedline, "is not a SQLite database (it starts with "+describeBytes(header[:n])+")", nil)
	}
	// The application id in the header is the main file's; a foreign one is
	// refused before SQLite touches the file. Ours, or none, is confirmed by
	// SQLite below, which also sees what the WAL holds.
	if id := binary.BigEndian.Uint32(header[68:72]); id != 0 && id != ApplicationID {
		return refuse(ErrNotRedline, fmt.Sprintf("is the SQLite database of another program (application id 0x%08X%s)", id, fourCC(id)), nil)
	}
	db, err := openReadOnly(path, pragma("busy_timeout", busyTimeout.Milliseconds()))
	if err != nil {
		return openFailure(path, err)
	}
	defer db.Close()
	ctx := context.Background()
	var appID, version int64
	var tables []string
	err = db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID)
	if err == nil {
		err = db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	}
	if err == nil {
		tables, err = queryStrings(ctx, db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
	}
	if err != nil {
		switch kindAt(path, err) {
		case ErrBusy, ErrDiskFull, ErrReadOnly:
			return openFailure(path, err)
		case ErrCorrupt:
			return refuse(ErrCorrupt, "is damaged: SQLite cannot read it", err)
		}
		if isIOError(extendedCode(err), err) {
			return openFailure(path, err) // the disk failed, not the file
		}
		return refuse(ErrCorrupt, "cannot be read as a SQLite database", err)
	}
	switch {
	case appID == 0 && len(tables) == 0 && version == 0:
		return nil // empty: nothing to lose, initialised like a new file
	case appID != ApplicationID:
		return refuse(ErrNotRedline, fmt.Sprintf("is the SQLite database of another program (no Redline application id; tables %s)",
			summarizeNames(tables)), nil)
	case version > int64(len(migrations)):
		return refuse(ErrTooNew, fmt.Sprintf("was written by a newer version of Redline (schema v%d; this version knows up to v%d); update Redline",
			version, len(migrations)), nil)
	}
	problems, err := queryStrings(ctx, db, "PRAGMA quick_check")
	if err != nil {
		if k := kindAt(path, err); k == ErrBusy || k == ErrDiskFull || isIOError(extendedCode(err), err) {
			return openFailure(path, err) // reading it failed, which says nothing about damage
		}
		return refuse(ErrCorrupt, "is damaged: the consistency check failed", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return refuse(ErrCorrupt, "is damaged: "+summarizeNames(problems), nil)
	}
	return nil
}

// rollBackHotJournal rolls back, and reports whether it did, what a writer killed in the middle of a
// transaction in rollback-journal mode left in path-journal — a database
// killed while it was being created, before its first switch to WAL. Any
// SQLite connection that may write does so at its first read; a read-only
// one cannot (SQLITE_READONLY_ROLLBACK), and the inspection below would
// call the file unreadable — or, when page 1 was not yet written, not a
// SQLite file at all. Only a journal that starts as SQLite's do is rolled
// back. Where the folder cannot be written, nothing happens and the
// inspection says why.
func rollBackHotJournal(path string) (rolled bool) {
	f, err := os.Open(path + "-journal")
	if err != nil {
		return false
	}
	magic := make([]byte, 8)
	_, err = io.ReadFull(f, magic)
	f.Close()
	if err != nil || !bytes.Equal(magic, []byte{0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7}) {
		return false
	}
	db, err := openDB(path, pragma("busy_timeout", busyTimeout.Milliseconds()))
	if err != nil {
		return false
	}
	defer db.Close()
	return canRead(db) == nil
}

// openReadOnly opens a read-only pool on path, with params, and makes sure
// it can read. A WAL database in a folder where its -wal or -shm file cannot
// be created cannot be opened plainly read-only; it is then opened as
// immutable, which is true of it — unless its -wal file holds changes not
// yet in the main file: an immutable database ignores them, and would show
// an older state of the plans as if it were the latest.
func openReadOnly(path string, params ...string) (*sql.DB, error) {
	db, err := openDB(path, append([]string{"mode=ro"}, params...)...)
	if err != nil {
		return nil, err
	}
	if err = canRead(db); err == nil {
		return db, nil
	}
	db.Close()
	if !cannotShareBeside(err) {
		return nil, err
	}
	if st, serr := os.Stat(path + "-wal"); serr == nil && st.Size() > 0 {
		return nil, &FileError{Path: path, Kind: ErrReadOnly, Err: err,
			What: fmt.Sprintf("cannot be opened: changes not yet merged into it wait in %s-wal, which SQLite cannot read "+
				"without writing %s-shm beside it, and its folder is read-only; make the folder writable (or copy the "+
				"database with its -wal file to a writable folder) and open it again", filepath.Base(path), filepath.Base(path))}
	}
	db, err = openDB(path, append([]string{"mode=ro", "immutable=1"}, params...)...)
	if err != nil {
		return nil, err
	}
	if err = canRead(db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// canRead reads the schema through db: opening a pool touches no file.
func canRead(db *sql.DB) error {
	var n int
	return db.QueryRowContext(context.Background(), "SELECT count(*) FROM sqlite_schema").Scan(&n)
}

// cannotShareBeside reports the errors of a read-only open that cannot
// create, or set up, the -wal and -shm files beside the database (its
// folder is read-only).
func cannotShareBeside(err error) bool {
	switch extendedCode(err) {
	case codeReadOnlyDirectory, codeReadOnlyCantInit, codeReadOnlyCantLock, codeReadOnlyRecovery:
		return true
	}
	return sqliteCode(err) == codeCantOpen
}

// describeBytes shows the start of a foreign file, printable or in hex.
func describeBytes(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	b = b[:min(len(b), 16)]
	printable := true
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c > 0x7e {
			printable = false
			break
		}
	}
	if printable {
		return fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf("bytes % x", b)
}

// fourCC shows an application id that spells four printable letters.
func fourCC(id uint32) string {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], id)
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return ""
		}
	}
	return fmt.Sprintf(" %q", b[:])
}

func summarizeNames(names []string) string {
	const max = 5
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max)
}

// snapshotGlob matches the snapshots written beside a database before a
// schema upgrade.
func snapshotGlob(path string) string { return path + ".pre-v*.bak" }

// newestSnapshot is the most recent snapshot beside path, "" if none.
func newestSnapshot(path string) string {
	matches, _ := filepath.Glob(snapshotGlob(path))
	type snap struct {
		path string
		mod  time.Time
	}
	var snaps []snap
	for _, m := range matches {
		if st, err := os.Stat(m); err == nil && st.Mode().IsRegular() {
			snaps = append(snaps, snap{m, st.ModTime()})
		}
	}
	if len(snaps) == 0 {
		return ""
	}
	sort.Slice(snaps, func(i, j int) bool {
		if !snaps[i].mod.Equal(snaps[j].mod) {
			return snaps[i].mod.After(snaps[j].mod)
		}
		return snaps[i].path > snaps[j].path
	})
	return snaps[0].path
}
