//go:build unix

package planner

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// leftovers lists the temporary files in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func wantContent(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s holds %q, want %q", path, got, want)
	}
}

func wantType(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if got := st.Mode().Type(); got != want {
		t.Errorf("%s is now of type %v, want %v", path, got, want)
	}
}

// What is at the output path decides how it is written: a file is replaced,
// a device or a pipe written into, a link followed, a folder refused.
func TestWriteFileAtomicByWhatIsAtThePath(t *testing.T) {
	const data = "exported\n"
	tests := []struct {
		name string
		// setup makes what is at the path and returns the path and a check
		// of the aftermath.
		setup   func(t *testing.T, dir string) (path string, check func(t *testing.T))
		wantErr string
	}{
		{"nothing there yet", func(t *testing.T, dir string) (string, func(*testing.T)) {
			path := filepath.Join(dir, "out.json")
			return path, func(t *testing.T) { wantContent(t, path, data) }
		}, ""},
		{"a file", func(t *testing.T, dir string) (string, func(*testing.T)) {
			path := filepath.Join(dir, "out.json")
			os.WriteFile(path, []byte("an older export, longer than the new one\n"), 0o600)
			return path, func(t *testing.T) { wantContent(t, path, data) }
		}, ""},
		{"a link to a file", func(t *testing.T, dir string) (string, func(*testing.T)) {
			target, link := filepath.Join(dir, "real.json"), filepath.Join(dir, "out.json")
			os.WriteFile(target, []byte("old\n"), 0o600)
			os.Symlink("real.json", link)
			return link, func(t *testing.T) {
				wantType(t, link, fs.ModeSymlink)
				wantContent(t, target, data)
			}
		}, ""},
		{"a dangling link", func(t *testing.T, dir string) (string, func(*testing.T)) {
			target, link := filepath.Join(dir, "later.json"), filepath.Join(dir, "out.json")
			os.Symlink(target, link)
			return link, func(t *testing.T) {
				wantType(t, link, fs.ModeSymlink)
				wantContent(t, target, data)
			}
		}, ""},
		{"a chain of relative links through a linked folder", func(t *testing.T, dir string) (string, func(*testing.T)) {
			// out.json → via/inner, via → deep/sub, deep/sub/inner → ../final.json:
			// the ".." is taken from deep/sub, the real folder, so the file is deep/final.json.
			os.MkdirAll(filepath.Join(dir, "deep", "sub"), 0o755)
			os.Symlink(filepath.Join("deep", "sub"), filepath.Join(dir, "via"))
			os.Symlink(filepath.Join("..", "final.json"), filepath.Join(dir, "deep", "sub", "inner"))
			link := filepath.Join(dir, "out.json")
			os.Symlink(filepath.Join("via", "inner"), link)
			return link, func(t *testing.T) { wantContent(t, filepath.Join(dir, "deep", "final.json"), data) }
		}, ""},
		{"a link to /dev/null", func(t *testing.T, dir string) (string, func(*testing.T)) {
			link := filepath.Join(dir, "out.json")
			os.Symlink("/dev/null", link)
			return link, func(t *testing.T) {
				wantType(t, link, fs.ModeSymlink)
				wantType(t, "/dev/null", fs.ModeDevice|fs.ModeCharDevice)
			}
		}, ""},
		{"a device", func(t *testing.T, dir string) (string, func(*testing.T)) {
			// A null device of our own: the test must not put the
			// system's /dev/null at risk.
			path := filepath.Join(dir, "null")
			if err := syscall.Mknod(path, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
				t.Skipf("cannot make a device node (%v): only root can", err)
			}
			return path, func(t *testing.T) { wantType(t, path, fs.ModeDevice|fs.ModeCharDevice) }
		}, ""},
		{"a named pipe with a reader", func(t *testing.T, dir string) (string, func(*testing.T)) {
			path := filepath.Join(dir, "pipe")
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Fatal(err)
			}
			// Opened read-write, the reader is there before the write and
			// sees no end of file when the writer closes.
			r, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := make(chan string, 1)
			go func() {
				buf := make([]byte, len(data))
				n, _ := io.ReadFull(r, buf)
				got <- string(buf[:n])
			}()
			return path, func(t *testing.T) {
				defer r.Close()
				select {
				case s := <-got:
					if s != data {
						t.Errorf("the reader got %q, want %q", s, data)
					}
				case <-time.After(10 * time.Second):
					t.Error("the reader got nothing")
				}
				wantType(t, path, fs.ModeNamedPipe)
			}
		}, ""},
		{"a named pipe nobody reads", func(t *testing.T, dir string) (string, func(*testing.T)) {
			path := filepath.Join(dir, "pipe")
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Fatal(err)
			}
			return path, func(t *testing.T) { wantType(t, path, fs.ModeNamedPipe) }
		}, "nothing is reading from it"},
		{"a folder", func(t *testing.T, dir string) (string, func(*testing.T)) {
			path := filepath.Join(dir, "exports")
			os.Mkdir(path, 0o755)
			return path, func(t *testing.T) {
				wantType(t, path, fs.ModeDir)
				if entries, _ := os.ReadDir(path); len(entries) != 0 {
					t.Errorf("the folder holds %d entries, want none", len(entries))
				}
			}
		}, "is a folder"},
		{"a socket", func(t *testing.T, dir string) (string, func(*testing.T)) {
			path := filepath.Join(dir, "sock")
			l, err := net.Listen("unix", path)
			if err != nil {
				t.Skipf("cannot make a socket: %v", err)
			}
			return path, func(t *testing.T) {
				wantType(t, path, fs.ModeSocket)
				l.Close()
			}
		}, "socket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path, check := tt.setup(t, dir)
			done := make(chan error, 1)
			go func() { done <- WriteFileAtomic(path, []byte(data), 0o666) }()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("WriteFileAtomic hangs")
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("WriteFileAtomic: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("WriteFileAtomic: %v; want an error saying %q", err, tt.wantErr)
			case err != nil && !strings.Contains(err.Error(), path):
				t.Errorf("the error does not name %s: %v", path, err)
			}
			check(t)
			if left := leftovers(t, dir); len(left) > 0 {
				t.Errorf("temporary files left behind: %v", left)
			}
		})
	}
}

// setUmask sets the process's umask until the test ends.
func setUmask(t *testing.T, mask int) {
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

// A new file gets the mode the umask allows; an existing file keeps its
// mode, never widened; the temporary file has the final mode all along.
func TestWriteFileAtomicModes(t *testing.T) {
	tests := []struct {
		name     string
		umask    int
		existing os.FileMode // 0: no file yet
		viaLink  bool
		want     os.FileMode
	}{
		{"a new file under umask 022", 0o022, 0, false, 0o644},
		{"a new file under umask 027", 0o027, 0, false, 0o640},
		{"a new file under umask 077", 0o077, 0, false, 0o600},
		{"a new file through a dangling link under umask 077", 0o077, 0, true, 0o600},
		{"a private file", 0o022, 0o600, false, 0o600},
		{"a private file through a link", 0o022, 0o600, true, 0o600},
		{"a file of its group", 0o077, 0o640, false, 0o640},
		{"a read-only file", 0o022, 0o400, false, 0o400},
		{"a file wider than the umask", 0o077, 0o664, false, 0o664},
		{"a setgid file", 0o022, fs.ModeSetgid | 0o640, false, fs.ModeSetgid | 0o640},
	}
	t.Cleanup(func() { testHookBeforeRename = nil })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "plan.json")
			if tt.existing != 0 {
				if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(target, tt.existing); err != nil {
					t.Fatal(err)
				}
			}
			path := target
			if tt.viaLink {
				path = filepath.Join(dir, "link.json")
				if err := os.Symlink(target, path); err != nil {
					t.Fatal(err)
				}
			}
			var tmpMode os.FileMode
			testHookBeforeRename = func(tmp string) {
				if st, err := os.Stat(tmp); err == nil {
					tmpMode = st.Mode()
				}
			}
			setUmask(t, tt.umask)
			if err := WriteFileAtomic(path, []byte("new"), 0o666); err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(target)
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Mode() &^ fs.ModeType; got != tt.want {
				t.Errorf("mode %v, want %v", got, tt.want)
			}
			if got := tmpMode &^ fs.ModeType; got != tt.want {
				t.Errorf("the temporary file had mode %v, want %v from the start", got, tt.want)
			}
			wantContent(t, target, "new")
		})
	}
}

// deadPID is the process number of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// The temporary files of writes that were killed are removed by the next
// write to the same file; nothing else is.
func TestWriteFileAtomicRemovesStaleTemporaryFiles(t *testing.T) {
	dead, alive := deadPID(t), os.Getpid()
	tests := []struct {
		name        string
		file        string
		age         time.Duration
		wantRemoved bool
	}{
		{"of a writer that died two minutes ago", fmt.Sprintf(".out.json.tmp-%d-k3j9", dead), 2 * time.Minute, true},
		{"of a writer that died seconds ago", fmt.Sprintf(".out.json.tmp-%d-k3ja", dead), 5 * time.Second, false},
		{"of a writer still running", fmt.Sprintf(".out.json.tmp-%d-k3jb", alive), 2 * time.Minute, false},
		{"two hours old, of a running process", fmt.Sprintf(".out.json.tmp-%d-k3jc", alive), 2 * time.Hour, true},
		{"of the older form, two hours old", ".out.json.tmp-1234567890", 2 * time.Hour, true},
		{"of the older form, two minutes old", ".out.json.tmp-1234567891", 2 * time.Minute, false},
		{"of another file", fmt.Sprintf(".other.json.tmp-%d-k3jd", dead), 2 * time.Hour, false},
		{"a file of the user's named like one", ".out.json.tmp-notes", 2 * time.Hour, false},
		{"the user's backup", "out.json.bak", 2 * time.Hour, false},
	}
	dir := t.TempDir()
	now := time.Now()
	for _, tt := range tests {
		path := filepath.Join(dir, tt.file)
		if err := os.WriteFile(path, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, now.Add(-tt.age), now.Add(-tt.age)); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteFileAtomic(filepath.Join(dir, "out.json"), []byte("new"), 0o666); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := os.Stat(filepath.Join(dir, tt.file))
			if removed := errors.Is(err, fs.ErrNotExist); removed != tt.wantRemoved {
				t.Errorf("%s: removed %v, want %v", tt.file, removed, tt.wantRemoved)
			}
		})
	}
}

// helperEnv gates TestHelperKilledWhileWriting: set, it names the file the
// child writes.
const helperEnv = "REDLINE_ATOMIC_HELPER_OUT"

// TestHelperKilledWhileWriting is not a test: run as a child process by
// TestWriteAfterAWriterWasKilled, it writes a file and stops before the
// rename, printing the temporary file's name, until it is killed.
func TestHelperKilledWhileWriting(t *testing.T) {
	out := os.Getenv(helperEnv)
	if out == "" {
		t.Skip("a helper process for TestWriteAfterAWriterWasKilled")
	}
	testHookBeforeRename = func(tmp string) {
		fmt.Println(tmp)
		time.Sleep(time.Minute) // until killed
		os.Exit(3)
	}
	WriteFileAtomic(out, []byte("never renamed"), 0o666)
	os.Exit(3)
}

// A writer killed with SIGKILL during an export leaves its temporary file;
// the next write to the same file, once that is a minute old, removes it.
func TestWriteAfterAWriterWasKilled(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "plan.pdf")
	if err := os.WriteFile(out, []byte("the export before"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperKilledWhileWriting$")
	cmd.Env = append(os.Environ(), helperEnv+"="+out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	cmd.Process.Kill()
	cmd.Wait()
	tmp := strings.TrimSpace(line)
	if err != nil || !strings.Contains(tmp, strconv.Itoa(cmd.Process.Pid)) {
		t.Fatalf("the child printed %q (%v); want its temporary file, named with its pid", line, err)
	}
	wantContent(t, out, "the export before")
	if st, err := os.Stat(tmp); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the killed writer's temporary file: %v, %v; want it there with the target's mode 0600", st, err)
	}

	// Straight after, a new write leaves it: its writer may just be slow.
	if err := WriteFileAtomic(out, []byte("second"), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); err != nil {
		t.Errorf("a temporary file seconds old was removed: %v", err)
	}
	old := time.Now().Add(-2 * time.Minute)
	os.Chtimes(tmp, old, old)
	if err := WriteFileAtomic(out, []byte("third"), 0o666); err != nil {
		t.Fatal(err)
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	wantContent(t, out, "third")
}

func TestFollowSymlinks(t *testing.T) {
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "real"), 0o755)
	os.Symlink("real", filepath.Join(dir, "folder"))
	os.Symlink("loop", filepath.Join(dir, "loop"))
	os.Symlink("nowhere", filepath.Join(dir, "gone"))
	os.WriteFile(filepath.Join(dir, "real", "file"), nil, 0o600)
	os.Symlink(filepath.Join("..", "real", "file"), filepath.Join(dir, "folder", "up"))
	tests := []struct {
		name, path, want, wantErr string
	}{
		{"a plain path", "real/file", "real/file", ""},
		{"a missing file in a linked folder", "folder/new", "real/new", ""},
		{"a link with .. in a linked folder", "folder/up", "real/file", ""},
		{"a link to itself", "loop", "", "too many"},
		{"a file in folders that do not exist yet", "folder/new/deeper/file", "real/new/deeper/file", ""},
		{"a dangling link to a folder", "gone/file", "", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FollowSymlinks(filepath.Join(dir, tt.path))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("FollowSymlinks = %q, %v; want an error saying %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != filepath.Join(dir, tt.want) {
				t.Fatalf("FollowSymlinks = %q, %v; want %q", got, err, filepath.Join(dir, tt.want))
			}
		})
	}
}
