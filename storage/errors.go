package storage

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"modernc.org/sqlite"

	"redline/planner"
)

// The kinds of failure a caller can act on. Every error the store returns for
// one of these situations wraps the sentinel, so errors.Is tells them apart;
// the message itself says what happened to which file and what to do.
var (
	// ErrNotFound: no plan, revision, profile or run with that id.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the plan was saved by someone else since the caller's copy
	// was loaded. The caller's copy was not written.
	ErrConflict = errors.New("conflict")
	// ErrNotRedline: the file exists but is not a Redline database. It was not
	// written to.
	ErrNotRedline = errors.New("not a Redline database")
	// ErrCorrupt: the file is a Redline database but damaged. It was not
	// written to.
	ErrCorrupt = errors.New("database damaged")
	// ErrReadOnly: the file or its folder cannot be written.
	ErrReadOnly = errors.New("read-only")
	// ErrBusy: another program held the database locked for longer than the
	// busy timeout.
	ErrBusy = errors.New("locked by another program")
	// ErrDiskFull: the disk (or a size limit) ran out during a write. The
	// transaction was rolled back.
	ErrDiskFull = errors.New("disk full")
	// ErrTooNew: the database was written by a newer Redline whose schema this
	// one does not know. It was not written to.
	ErrTooNew = errors.New("made by a newer version of Redline")
	// ErrIO: the disk or file system failed to read or write the file (a
	// failing disk, a network share gone away, a removed USB stick). That
	// says nothing about the file's contents, which may well be intact.
	ErrIO = errors.New("I/O error")
	// ErrUnreachable: the PostgreSQL server cannot be reached, or the
	// connection to it was lost. A write that failed so was rolled back by
	// the server, unless the message says it cannot be told.
	ErrUnreachable = errors.New("server unreachable")
	// ErrAuth: the PostgreSQL server refused the role: a wrong password, or
	// a role it does not let in.
	ErrAuth = errors.New("authentication failed")
	// ErrRunDriven: another holder drives the exercise run (DriveRun); the
	// run can be followed, read-only.
	ErrRunDriven = errors.New("run driven elsewhere")
)

// ConflictError is returned by SavePlan when the stored latest revision is
// not the one the caller's copy was based on.
type ConflictError struct {
	PlanID string
	Base   int64 // the revision the caller's copy was based on
	Latest int64 // the revision stored now; 0 when the plan is gone
}

func (e *ConflictError) Error() string {
	if e.Latest == 0 {
		return fmt.Sprintf("plan %s: conflict: it was based on revision %d, but the plan is no longer stored "+
			"(emptied from the trash by another copy of Redline?); nothing was saved — save it as a new plan",
			e.PlanID, e.Base)
	}
	if e.Base == 0 {
		return fmt.Sprintf("plan %s: conflict: a plan with this id is already stored (revision %d); nothing was saved — "+
			"load it first, or save a copy under a new id", e.PlanID, e.Latest)
	}
	return fmt.Sprintf("plan %s: conflict: your copy is based on revision %d, but revision %d was saved since "+
		"(by another window or program); nothing was saved — reload the plan, or save your copy as a duplicate",
		e.PlanID, e.Base, e.Latest)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// FileError refuses a database file at Open: what the file is, what was
// expected and where the newest snapshot beside it is. The file was left
// untouched. It also refuses a database on a PostgreSQL server, whose Path
// is its URL without the password; nothing on the server was changed.
type FileError struct {
	Path string
	// Kind is ErrNotRedline, ErrCorrupt, ErrTooNew, ErrReadOnly, ErrBusy,
	// ErrDiskFull or ErrIO; for a server also ErrUnreachable, ErrAuth or
	// ErrNotFound (no such database).
	Kind error
	// What says what the file is ("not a SQLite database: it starts with …").
	What string
	// Snapshot is the newest .bak snapshot beside the file, "" if none.
	Snapshot string
	Err      error // the underlying error, if any
}

func (e *FileError) Error() string {
	if IsServerURL(e.Path) {
		return e.serverError()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", e.Path, e.What)
	switch e.Kind {
	case ErrNotRedline, ErrCorrupt, ErrTooNew:
		switch e.Kind {
		case ErrNotRedline:
			b.WriteString("; expected a Redline database (a SQLite file with application id 0x52444C4E \"RDLN\")")
		case ErrCorrupt:
			b.WriteString("; expected an intact Redline database")
		case ErrTooNew:
			fmt.Fprintf(&b, "; expected a Redline database of schema v%d or older", len(migrations))
		}
		b.WriteString(". The file was not changed")
		if e.Snapshot != "" {
			fmt.Fprintf(&b, "; the newest snapshot beside it is %s", e.Snapshot)
		} else {
			b.WriteString("; there is no snapshot (.bak) beside it")
		}
		if e.Kind == ErrNotRedline {
			b.WriteString(". Choose another file (REDLINE_DB or --db)")
		}
	}
	if e.Err != nil {
		fmt.Fprintf(&b, " (%v)", e.Err)
	}
	return b.String()
}

// Unwrap exposes both the kind and the underlying error to errors.Is.
func (e *FileError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// OpError is a failed operation on an open store: which operation, on which
// file, of what kind, and what the person can do about it.
type OpError struct {
	Op   string // "save plan 5f…", "load plan 5f…"
	Path string
	Kind error // one of the sentinels, or nil for an unexpected failure
	Err  error
	// write marks an operation that changes the database: a failed one was
	// rolled back, and the message says so.
	write bool
}

func (e *OpError) Error() string {
	hint := e.hint()
	msg := e.Op + ": "
	if hint != "" {
		msg += hint
	} else {
		msg += e.Err.Error()
	}
	if e.write {
		msg += "; nothing was changed, the last saved revision is intact"
	}
	if hint != "" {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}

// hint says what happened in words a person can act on, "" when the
// underlying error says it best.
func (e *OpError) hint() string {
	if IsServerURL(e.Path) {
		return serverHint(e.Path, e.Kind)
	}
	var hint string
	switch e.Kind {
	case ErrReadOnly:
		hint = fmt.Sprintf("%s is read-only (check the permissions of the file and of its folder %s)",
			e.Path, filepath.Dir(e.Path))
	case ErrDiskFull:
		hint = fmt.Sprintf("disk full writing %s: free some space and try again", e.Path)
	case ErrBusy:
		hint = fmt.Sprintf("%s is locked by another program (another copy of Redline?); try again when it is done", e.Path)
	case ErrCorrupt:
		hint = fmt.Sprintf("%s is damaged: run Verify, and restore the newest backup", e.Path)
	}
	return hint
}

// Unwrap exposes both the kind and the underlying error to errors.Is.
func (e *OpError) Unwrap() []error {
	if e.Kind == nil {
		return []error{e.Err}
	}
	return []error{e.Kind, e.Err}
}

// SQLite primary result codes the store tells apart.
const (
	codePerm     = 3
	codeBusy     = 5
	codeLocked   = 6
	codeReadOnly = 8
	codeIOErr    = 10
	codeCorrupt  = 11
	codeFull     = 13
	codeCantOpen = 14
	codeAuth     = 23
	codeNotADB   = 26
)

// SQLite extended result codes the store tells apart: why a database that
// can be read could not be opened read-only. All are SQLITE_READONLY.
const (
	codeReadOnlyRecovery  = codeReadOnly | 1<<8 // the WAL needs recovering, which is a write
	codeReadOnlyCantLock  = codeReadOnly | 2<<8 // the -shm file is read-only
	codeReadOnlyCantInit  = codeReadOnly | 5<<8 // the -shm file is read-only and not set up
	codeReadOnlyDirectory = codeReadOnly | 6<<8 // the -wal or -shm file cannot be created: read-only folder
)

// codeIOErrNoMem (SQLITE_IOERR_NOMEM) is the one I/O result code about
// memory, not the disk.
const codeIOErrNoMem = codeIOErr | 12<<8

// sqliteCode is the primary SQLite result code of err, 0 when it is not a
// SQLite error. Extended codes are on, so the low byte is the primary one.
func sqliteCode(err error) int { return extendedCode(err) & 0xff }

// extendedCode is the extended SQLite result code of err, 0 when it is not a
// SQLite error.
func extendedCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// kindOfCode maps a SQLite result code to the sentinel a person can act
// on, nil when none fits.
func kindOfCode(code int) error {
	switch code & 0xff {
	case codeBusy, codeLocked:
		return ErrBusy
	case codeReadOnly, codePerm, codeCantOpen, codeAuth:
		return ErrReadOnly
	case codeFull:
		return ErrDiskFull
	case codeCorrupt, codeNotADB:
		return ErrCorrupt
	}
	return nil
}

// lowSpace is how little free space on a disk makes an I/O error there a
// full disk.
const lowSpace = 1 << 20

// freeSpace is the space left for this user on the disk holding dir; ok is
// false when it cannot be told. A variable for tests.
var freeSpace = diskFree

// kindAt maps an error in writing or reading the file at path to the
// sentinel a person can act on, nil when none fits. A full disk does not
// always reach SQLite as SQLITE_FULL: growing the -shm file, syncing and
// truncating fail with a plain I/O error code, and the driver does not pass
// on the system's reason. So an I/O error on a disk with almost no space
// left is taken for a full disk.
func kindAt(path string, err error) error {
	return kindOfCodeAt(path, extendedCode(err), err)
}

func kindOfCodeAt(path string, code int, err error) error {
	if code == 0 {
		return osKind(err)
	}
	if code&0xff == codeIOErr {
		if free, ok := freeSpace(filepath.Dir(path)); ok && free < lowSpace {
			return ErrDiskFull
		}
	}
	return kindOfCode(code)
}

// osKind maps an error of the operating system to the sentinel a person
// can act on, nil when none fits.
func osKind(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return ErrDiskFull
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return ErrReadOnly
	}
	return nil
}

// openFailure is the refusal of a file that SQLite could not open: what
// went wrong in words a person can act on. Only an error that says nothing
// better is taken for damage.
func openFailure(path string, err error) *FileError {
	return openFailureCode(path, extendedCode(err), err)
}

// openFailureCode is openFailure for an error with the extended SQLite
// result code code (0 for an error of the system); tests feed codes in,
// since the driver's errors cannot be made outside it.
func openFailureCode(path string, code int, err error) *FileError {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe
	}
	kind := kindOfCodeAt(path, code, err)
	if kind == nil && isIOError(code, err) {
		kind = ErrIO
	}
	var what string
	switch kind {
	case ErrDiskFull:
		what = fmt.Sprintf("cannot be opened: the disk holding it is full (even reading needs room for the %s-shm file beside it); "+
			"free some space and try again. The file was not changed", filepath.Base(path))
	case ErrReadOnly:
		what = fmt.Sprintf("cannot be opened: it or its folder %s cannot be read or written; check their permissions", filepath.Dir(path))
	case ErrBusy:
		what = "is locked by another program; try again when it is done"
	case ErrIO:
		what = ioFailure(path, code, err)
	default:
		kind, what = ErrCorrupt, "cannot be opened"
	}
	return &FileError{Path: path, Kind: kind, What: what, Snapshot: newestSnapshot(path), Err: err}
}

// readFailure is the refusal of a file that cannot be read before SQLite
// opens it (its header, its status): an I/O error is told apart from a
// file this user may not read.
func readFailure(path string, err error) *FileError {
	if isIOError(0, err) {
		return openFailureCode(path, 0, err)
	}
	return &FileError{Path: path, Kind: ErrReadOnly, What: "cannot be read", Err: err}
}

// isIOError reports an I/O error: SQLITE_IOERR (any extended code but
// "out of memory"), or EIO from the system.
func isIOError(code int, err error) bool {
	if code&0xff == codeIOErr {
		return code != codeIOErrNoMem
	}
	return errors.Is(err, syscall.EIO)
}

// ioFailure says that reading (or writing) the file failed in the disk or
// file system, and why. An error of the system carries its reason, which
// FileError.Error adds. SQLite passes on only its result code, which names
// the operation; the system's reason is then found by reading the file
// through (readProbe).
func ioFailure(path string, code int, err error) string {
	verb, doing := "read", "reading"
	switch code {
	case codeIOErr | 3<<8, codeIOErr | 4<<8, codeIOErr | 5<<8, codeIOErr | 6<<8: // WRITE, FSYNC, DIR_FSYNC, TRUNCATE
		verb, doing = "write", "writing"
	}
	detail := ""
	if code != 0 {
		name := ioErrNames[code>>8]
		if name == "" {
			name = "SQLite could not " + verb + " it"
		}
		if perr := readProbe(path); perr != nil {
			detail = fmt.Sprintf(": %s; %s", name, perr)
		} else {
			detail = fmt.Sprintf(": %s, though reading the file through now succeeds, so the fault comes and goes", name)
		}
	}
	return fmt.Sprintf("cannot be opened: the system reported an I/O error %s it%s. That is a fault of the disk, "+
		"the file system or the network share the file is on, not a sign that the file is damaged or not a Redline "+
		"database; the file was not changed. Check the disk or the share (the system log names the device) and try again",
		doing, detail)
}

// readProbe reads path and its -wal file through and returns the first
// error of the system, nil when both read. A variable for tests.
var readProbe = func(path string) error {
	for _, name := range []string{path, path + "-wal"} {
		f, err := os.Open(name)
		if errors.Is(err, fs.ErrNotExist) && name != path {
			continue
		}
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// ioErrNames names SQLite's extended I/O result codes (the code >> 8) that
// say which operation failed.
var ioErrNames = map[int]string{
	1: "a read failed (SQLITE_IOERR_READ)", 2: "a read came up short (SQLITE_IOERR_SHORT_READ)",
	3: "a write failed (SQLITE_IOERR_WRITE)", 4: "fsync failed (SQLITE_IOERR_FSYNC)",
	5: "fsync of the folder failed (SQLITE_IOERR_DIR_FSYNC)", 6: "truncating failed (SQLITE_IOERR_TRUNCATE)",
	7: "fstat failed (SQLITE_IOERR_FSTAT)", 15: "locking failed (SQLITE_IOERR_LOCK)",
	18: "opening the -shm file failed (SQLITE_IOERR_SHMOPEN)", 19: "growing the -shm file failed (SQLITE_IOERR_SHMSIZE)",
	21: "mapping the -shm file failed (SQLITE_IOERR_SHMMAP)", 22: "a seek failed (SQLITE_IOERR_SEEK)",
	24: "mapping the file failed (SQLITE_IOERR_MMAP)",
}

// opError wraps err for the read operation op, unless it is already one of
// ours or nil.
func (s *Store) opError(op string, err error) error { return s.wrap(op, err, false) }

// writeError wraps err for the write operation op: the message adds that the
// transaction was rolled back.
func (s *Store) writeError(op string, err error) error { return s.wrap(op, err, true) }

func (s *Store) wrap(op string, err error, write bool) error {
	if err == nil {
		return nil
	}
	var (
		oe *OpError
		ce *ConflictError
		fe *planner.FormatError
		cu *commitUnknownError
	)
	if errors.As(err, &oe) || errors.As(err, &ce) || errors.Is(err, ErrNotFound) {
		return err
	}
	if write && errors.As(err, &fe) {
		return fmt.Errorf("%s: nothing was saved: %w", op, err) // the plan's fault, not the database's
	}
	if !s.pg {
		return &OpError{Op: op, Path: s.path, Kind: kindAt(s.path, err), Err: err, write: write}
	}
	if write && errors.As(err, &cu) {
		write = false // it may have been stored: the message says so instead
	}
	if msg := unstorable(err); write && msg != "" {
		return fmt.Errorf("%s: nothing was saved: %s", op, msg) // the plan's text, not the database
	}
	return &OpError{Op: op, Path: s.path, Kind: serverKind(err), Err: s.redact(err), write: write}
}
