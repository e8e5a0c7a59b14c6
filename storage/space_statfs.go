//go:build linux || darwin || freebsd

package storage

import "syscall"

// diskFree is the space left for an unprivileged user on the disk holding
// dir.
func diskFree(dir string) (uint64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return uint64(st.Bavail) * uint64(st.Bsize), true
}
