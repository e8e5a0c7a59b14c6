//go:build !unix

package planner

import (
	"io/fs"
	"os"
)

// keepOwner: files have no owner and group to keep here.
func keepOwner(*os.File, fs.FileInfo) fs.FileMode { return 0 }

// processRunning cannot tell here, so it says yes: only age makes a
// temporary file stale.
func processRunning(int) bool { return true }

// noReader: there are no named pipes in the file system here.
func noReader(error) bool { return false }
