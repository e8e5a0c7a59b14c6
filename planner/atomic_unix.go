//go:build unix

package planner

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives the temporary file f the owner and group of the file old
// it replaces, as far as the system lets this process. It returns the mode
// bits to clear: the group's, when the file ends up in another group than
// old's (which would otherwise widen who can read it).
func keepOwner(f *os.File, old fs.FileInfo) fs.FileMode {
	want, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	st, err := f.Stat()
	if err != nil {
		return 0o070
	}
	have, ok := st.Sys().(*syscall.Stat_t)
	if !ok || have.Uid == want.Uid && have.Gid == want.Gid {
		return 0
	}
	if f.Chown(int(want.Uid), int(want.Gid)) == nil {
		return 0
	}
	// Not allowed to give the file away (only root may): keep at least the
	// group, which a member of it may set.
	if have.Gid == want.Gid || f.Chown(-1, int(want.Gid)) == nil {
		return 0
	}
	return 0o070
}

// processRunning reports whether a process with this number runs on this
// machine; when that cannot be told, it says yes.
func processRunning(pid int) bool {
	return !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// noReader reports the error of opening a named pipe for writing, without
// blocking, when nobody has it open for reading.
func noReader(err error) bool { return errors.Is(err, syscall.ENXIO) }
