package planner

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

// WriteFileAtomic writes data to the file path names, as a person who says
// "write it there" means it:
//
//   - A regular file, or a path where nothing is yet, is replaced whole:
//     readers see either the old file or the whole new one, never half of
//     one. The data goes to a temporary file beside it, is synced and renamed
//     over it; on any error the temporary file is removed and path is
//     untouched.
//   - A device (/dev/null, a tty) or a named pipe is written into, not
//     replaced. A named pipe that nobody reads from is an error, not a hang.
//   - A symbolic link is followed to the file it names, also when that file
//     does not exist yet: the link stays, its target gets the data.
//   - A folder, a socket and the like are refused.
//
// perm is the mode of a new file before the umask, as in os.OpenFile: pass
// 0o666 for what os.Create would make. A file that exists keeps its mode
// exactly (and, where the system allows, its owner and group), so that a
// private file stays private; the temporary file has that mode from the
// start. Temporary files that an earlier write left behind (it was killed)
// are removed; see removeStaleTemps.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	st, err := os.Stat(path) // follows every link, /dev/stdout's too
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("cannot write %s: %w", path, err)
	case st.IsDir():
		return fmt.Errorf("cannot write %s: it is a folder; give the name of a file in it", path)
	case st.Mode()&(fs.ModeDevice|fs.ModeNamedPipe) != 0:
		return writeInto(path, data, st.Mode())
	case !st.Mode().IsRegular():
		return fmt.Errorf("cannot write %s: it is a %s, not a file", path, fileTypeName(st.Mode()))
	}
	target, err := FollowSymlinks(path)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return replace(path, target, data, perm)
}

// FollowSymlinks returns the path of the file that path refers to once every
// symbolic link in it is followed — also when that file does not exist: a
// dangling link yields the path it points to, where a file would be
// created. Folders that do not exist yet are kept as they are named.
func FollowSymlinks(path string) (string, error) {
	for hops := 0; hops < 40; hops++ {
		// The folder first, fully resolved, so that a link's relative
		// target (with "..") is joined onto the real folder, as the system
		// itself would.
		dir, err := resolveFolder(filepath.Dir(path))
		if err != nil {
			return "", err
		}
		path = filepath.Join(dir, filepath.Base(path))
		st, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) || err == nil && st.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(dir, link)
		}
		path = link
	}
	return "", fmt.Errorf("%s: too many symbolic links", path)
}

// resolveFolder follows the links in the folder path; the part of it that
// does not exist yet has none to follow and is kept.
func resolveFolder(dir string) (string, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return real, err
	}
	if _, lerr := os.Lstat(dir); lerr == nil {
		return "", err // it is there: a dangling link to a folder
	}
	parent := filepath.Dir(dir)
	if parent == dir {
		return "", err
	}
	real, err = resolveFolder(parent)
	if err != nil {
		return "", err
	}
	return filepath.Join(real, filepath.Base(dir)), nil
}

// writeInto writes data into a device or a named pipe: opened for writing
// only, neither created nor truncated, and not synced unless it is a block
// device (a character device or a pipe has nothing to sync).
func writeInto(path string, data []byte, mode fs.FileMode) error {
	flags := os.O_WRONLY
	fifo := mode&fs.ModeNamedPipe != 0
	if fifo {
		// Without a reader, opening a pipe for writing would wait for one
		// forever; non-blocking, it fails at once. Writes still wait for
		// the reader (Go's poller does), so the whole of data goes out.
		flags |= syscall.O_NONBLOCK
	}
	f, err := os.OpenFile(path, flags, 0)
	if err != nil {
		if fifo && noReader(err) {
			return fmt.Errorf("cannot write %s: it is a named pipe and nothing is reading from it; start the reader first", path)
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if mode&fs.ModeCharDevice == 0 && !fifo {
		if err := f.Sync(); err != nil {
			f.Close()
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// testHookBeforeRename, when set, runs once the temporary file is written
// and synced, before it is renamed over the target.
var testHookBeforeRename func(tmp string)

// replace writes data to a temporary file beside target and renames it over
// target. path is what the caller named, for messages.
func replace(path, target string, data []byte, perm os.FileMode) (err error) {
	dir, name := filepath.Dir(target), filepath.Base(target)
	removeStaleTemps(dir, name, time.Now())

	old, err := os.Lstat(target)
	existing := err == nil && old.Mode().IsRegular()
	mode := perm.Perm()
	if existing {
		mode = old.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	}
	// Created with the final mode (the umask narrows a new file's, as it
	// should), so the data is never in a file more readable than the one
	// it ends up in.
	f, tmp, err := createTemp(dir, name, mode.Perm())
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if existing {
		// The owner first: changing it clears the setuid and setgid bits.
		mode &^= keepOwner(f, old)
		if err = f.Chmod(mode); err != nil {
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if testHookBeforeRename != nil {
		testHookBeforeRename(tmp)
	}
	if err = os.Rename(tmp, target); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	// The rename is durable once the folder is synced; not every system
	// can sync a folder, so this is best effort.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Temporary files are named .NAME.tmp-PID-RANDOM beside the target NAME:
// hidden, recognisably the target's, and naming the process that writes
// them.
func tempPrefix(name string) string {
	// Room for the suffix within the usual 255-byte limit on a name.
	const maxName = 200
	if len(name) > maxName {
		name = name[:maxName]
		for !utf8.ValidString(name) {
			name = name[:len(name)-1]
		}
	}
	return "." + name + ".tmp-"
}

func createTemp(dir, name string, perm os.FileMode) (*os.File, string, error) {
	prefix := filepath.Join(dir, tempPrefix(name)) + strconv.Itoa(os.Getpid()) + "-"
	for try := 0; ; try++ {
		tmp := prefix + strconv.FormatUint(rand.Uint64(), 36)
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) && try < 100 {
			continue
		}
		return f, tmp, err
	}
}

// A temporary file is stale — left by a write that was killed before it
// renamed it — when the process its name gives is not running here and it
// has not changed for deadWriterAge, or when it has not changed for
// staleAge whatever its name says (the process number may have been
// reused, or the name is of the older form .NAME.tmp-RANDOM).
//
// The age guard keeps removal safe in a folder shared over the network:
// there another machine's writer has a process number this machine does
// not know, but it writes its temporary file within seconds and renames it
// at once; no write keeps one unchanged for a minute.
const (
	deadWriterAge = time.Minute
	staleAge      = time.Hour
)

// removeStaleTemps removes the stale temporary files of target dir/name.
// Other files, the temporary files of other targets and those of writers
// still at work are left alone; failures are ignored (the next write tries
// again).
func removeStaleTemps(dir, name string, now time.Time) {
	prefix := tempPrefix(name)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		pid, ok := tempWriter(rest)
		if !ok {
			continue // not a name we make: not ours to remove
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		age := now.Sub(info.ModTime())
		if age > staleAge || pid > 0 && age > deadWriterAge && !processRunning(pid) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// tempWriter reads the writer's process number from what follows the
// prefix of a temporary file's name: "PID-RANDOM", or the older "RANDOM"
// (decimal digits, no process number: pid 0). ok is false for any other
// name.
func tempWriter(rest string) (pid int, ok bool) {
	digits, random, withPID := strings.Cut(rest, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	if !withPID {
		return 0, true
	}
	if random == "" || strings.Trim(random, "0123456789abcdefghijklmnopqrstuvwxyz") != "" {
		return 0, false
	}
	pid, err := strconv.Atoi(digits)
	return pid, err == nil
}

func fileTypeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeIrregular != 0:
		return "special file"
	}
	return "file of type " + m.Type().String()
}
