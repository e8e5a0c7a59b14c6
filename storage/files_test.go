package storage

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A failed backup names the file at fault: the copy when it cannot be
// written, not the database it was copied from.
func TestBackupIntoAReadOnlyFolderNamesTheCopy(t *testing.T) {
	sqliteOnly(t, "backups are files")
	s := mustOpen(t)
	mustSave(t, s, referencePlan(t), 0)
	dir := t.TempDir()
	makeReadOnly(t, dir)
	dest := filepath.Join(dir, "backup.db")
	err := s.Backup(context.Background(), dest)
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("Backup: %v; want ErrReadOnly", err)
	}
	var oe *OpError
	if !errors.As(err, &oe) || oe.Path != dest {
		t.Errorf("the error is about %v, want the copy %s: %v", oe, dest, err)
	}
	if hint, _, _ := strings.Cut(err.Error(), " ("); strings.Contains(hint, s.Path()) || !strings.Contains(hint, dest) {
		t.Errorf("the message should name the copy %s, not the database %s: %v", dest, s.Path(), err)
	}
}

// A full disk does not always reach SQLite as SQLITE_FULL: an I/O error
// on a disk with no space left is taken for one. The driver's errors
// cannot be made outside it, so the codes are fed in directly; the tests
// on a real full disk are in faults_linux_test.go.
func TestErrorKinds(t *testing.T) {
	const (
		ioErrShmSize = codeIOErr | 19<<8
		ioErrWrite   = codeIOErr | 3<<8
	)
	tests := []struct {
		name string
		code int
		err  error
		free uint64 // bytes free; 0 with known false: cannot tell
		told bool
		want error
	}{
		{"SQLITE_FULL", codeFull, nil, 1 << 30, true, ErrDiskFull},
		{"growing the -shm file with no space left", ioErrShmSize, nil, 0, true, ErrDiskFull},
		{"an I/O error with little space left", ioErrWrite, nil, 4096, true, ErrDiskFull},
		{"an I/O error with space to spare", ioErrShmSize, nil, 1 << 30, true, nil},
		{"an I/O error where the space cannot be told", ioErrWrite, nil, 0, false, nil},
		{"a folder where -wal cannot be created", codeReadOnlyDirectory, nil, 1 << 30, true, ErrReadOnly},
		{"a file that cannot be opened", codeCantOpen, nil, 1 << 30, true, ErrReadOnly},
		{"damage", codeCorrupt, nil, 0, true, ErrCorrupt},
		{"no space, said by the system", 0, &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, 1 << 30, true, ErrDiskFull},
		{"no permission, said by the system", 0, &fs.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, 1 << 30, true, ErrReadOnly},
		{"anything else the system says", 0, errors.New("odd"), 0, true, nil},
	}
	defer func(f func(string) (uint64, bool)) { freeSpace = f }(freeSpace)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			freeSpace = func(string) (uint64, bool) { return tt.free, tt.told }
			if got := kindOfCodeAt("/some/redline.db", tt.code, tt.err); got != tt.want {
				t.Errorf("kind %v, want %v", got, tt.want)
			}
		})
	}
}

// Opening a database fails in words that fit the cause: a full disk or a
// read-only file is not called damage.
func TestOpenFailureMessages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "redline.db")
	tests := []struct {
		name    string
		err     error
		kind    error
		says    []string
		notSays string
	}{
		{"a full disk", &fs.PathError{Op: "write", Path: path + "-shm", Err: syscall.ENOSPC}, ErrDiskFull,
			[]string{path, "disk holding it is full", "free some space", "was not changed"}, "intact"},
		{"no permission", &fs.PathError{Op: "open", Path: path, Err: syscall.EACCES}, ErrReadOnly,
			[]string{path, "permissions"}, "intact"},
		{"anything else", errors.New("odd"), ErrCorrupt, []string{path, "cannot be opened", "expected an intact Redline database"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := openFailure(path, tt.err)
			if !errors.Is(err, tt.kind) {
				t.Errorf("kind %v, want %v", err.Kind, tt.kind)
			}
			for _, want := range tt.says {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the message does not say %q: %v", want, err)
				}
			}
			if tt.notSays != "" && strings.Contains(err.Error(), tt.notSays) {
				t.Errorf("the message says %q: %v", tt.notSays, err)
			}
		})
	}
}

// An I/O error while opening — a failing disk, a share gone away — is called
// an I/O error, with the system's reason, and not damage: the file may be
// intact. SQLite gives only a result code (fed in directly, as in
// TestErrorKinds); the system's reason is then found by reading the file
// through.
func TestIOErrorsAtOpenAreNotDamage(t *testing.T) {
	const (
		ioErrRead  = codeIOErr | 1<<8
		ioErrWrite = codeIOErr | 3<<8
	)
	path := filepath.Join(t.TempDir(), "redline.db")
	eio := &fs.PathError{Op: "read", Path: path, Err: syscall.EIO}
	sqliteSays := errors.New("disk I/O error")
	tests := []struct {
		name    string
		fail    func() *FileError
		probe   error  // what reading the file through gives
		free    uint64 // bytes free on the disk
		kind    error
		says    []string
		notSays []string
	}{
		{"a read SQLite reports, which the system's read confirms", func() *FileError { return openFailureCode(path, ioErrRead, sqliteSays) },
			eio, 1 << 30, ErrIO,
			[]string{path, "I/O error reading it", "SQLITE_IOERR_READ", "input/output error", "not a sign that the file is damaged", "was not changed"},
			[]string{"expected an intact", "expected a Redline"}},
		{"a read SQLite reports that does not happen again", func() *FileError { return openFailureCode(path, ioErrRead, sqliteSays) },
			nil, 1 << 30, ErrIO,
			[]string{path, "I/O error reading it", "SQLITE_IOERR_READ", "comes and goes"},
			[]string{"expected an intact"}},
		{"a write SQLite reports", func() *FileError { return openFailureCode(path, ioErrWrite, sqliteSays) },
			eio, 1 << 30, ErrIO,
			[]string{"I/O error writing it", "SQLITE_IOERR_WRITE"},
			[]string{"expected an intact"}},
		{"the system's I/O error reading the header", func() *FileError { return readFailure(path, eio) },
			nil, 1 << 30, ErrIO,
			[]string{path, "I/O error reading it", "input/output error"},
			[]string{"expected an intact", "permissions"}},
		{"no permission to read the header", func() *FileError {
			return readFailure(path, &fs.PathError{Op: "open", Path: path, Err: syscall.EACCES})
		}, nil, 1 << 30, ErrReadOnly,
			[]string{path, "cannot be read", "permission denied"},
			[]string{"I/O error"}},
		{"an I/O error on a disk with no space left", func() *FileError { return openFailureCode(path, ioErrWrite, sqliteSays) },
			nil, 4096, ErrDiskFull,
			[]string{"disk holding it is full"},
			[]string{"I/O error writing"}},
	}
	defer func(f func(string) (uint64, bool)) { freeSpace = f }(freeSpace)
	defer func(f func(string) error) { readProbe = f }(readProbe)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			freeSpace = func(string) (uint64, bool) { return tt.free, true }
			readProbe = func(string) error { return tt.probe }
			err := tt.fail()
			if !errors.Is(err, tt.kind) || (tt.kind != ErrCorrupt && errors.Is(err, ErrCorrupt)) {
				t.Errorf("kind %v, want %v", err.Kind, tt.kind)
			}
			for _, want := range tt.says {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the message does not say %q: %v", want, err)
				}
			}
			for _, not := range tt.notSays {
				if strings.Contains(err.Error(), not) {
					t.Errorf("the message says %q: %v", not, err)
				}
			}
		})
	}
}

// The probe that finds the system's reason for SQLite's I/O error reads the
// file and its -wal file through; a file that reads gives nil.
func TestReadProbe(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "redline.db")
	writeRedline(t, path)
	if err := readProbe(path); err != nil {
		t.Errorf("a readable database: %v", err)
	}
	if err := readProbe(filepath.Join(dir, "gone.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing database: %v, want ErrNotExist", err)
	}
}

// The file a --db link names is created private, like any new database.
func TestOpenThroughALink(t *testing.T) {
	sqliteOnly(t, "symbolic links")
	tests := []struct {
		name string
		// make returns the link and the file it leads to.
		make func(t *testing.T, dir string) (link, file string)
	}{
		{"a dangling link", func(t *testing.T, dir string) (string, string) {
			link, file := filepath.Join(dir, "redline.db"), filepath.Join(dir, "data", "plans.db")
			os.Mkdir(filepath.Dir(file), 0o755)
			os.Symlink(filepath.Join("data", "plans.db"), link)
			return link, file
		}},
		{"a dangling link into a folder not made yet", func(t *testing.T, dir string) (string, string) {
			link, file := filepath.Join(dir, "redline.db"), filepath.Join(dir, "later", "plans.db")
			os.Symlink(file, link)
			return link, file
		}},
		{"a link to a database", func(t *testing.T, dir string) (string, string) {
			link, file := filepath.Join(dir, "redline.db"), filepath.Join(dir, "plans.db")
			writeRedline(t, file)
			os.Symlink("plans.db", link)
			return link, file
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			link, file := tt.make(t, dir)
			s := mustOpenAt(t, link)
			mustSave(t, s, planTitled("Through a link", 1), 0)
			if s.Path() != file {
				t.Errorf("Path() = %s, want the file the link leads to, %s", s.Path(), file)
			}
			if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("the link is gone: %v %v", st, err)
			}
			for _, f := range []string{file, file + "-wal", file + "-shm"} {
				if st, err := os.Stat(f); err != nil || st.Mode().Perm() != 0o600 {
					t.Errorf("%s: %v, %v; want mode 0600", f, st, err)
				}
			}
		})
	}
}
