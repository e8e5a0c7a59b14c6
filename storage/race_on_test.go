//go:build race

package storage

// raceEnabled: the race detector slows the transpiled SQLite many times over,
// so the longest tests do less.
const raceEnabled = true
