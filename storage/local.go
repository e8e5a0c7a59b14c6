package storage

import (
	"fmt"
	"os"
	"path/filepath"
)

// LocalPath is the local plans' file: REDLINE_DB when it names a file,
// else redline/redline.db under the user's configuration directory. It is
// where the app goes back to from a team workspace ("Use local plans").
func LocalPath() (string, error) {
	if p := os.Getenv("REDLINE_DB"); p != "" && !IsServerURL(p) {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no default database location (%v); set REDLINE_DB to the database file", err)
	}
	return filepath.Join(dir, "redline", "redline.db"), nil
}
