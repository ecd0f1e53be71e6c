//go:build !unix && !windows

package terraform

// processRuns reports whether a process with this pid exists. Here there
// is no way to ask, so every process is taken to run and no plan copy is
// removed as stale.
func processRuns(int) bool { return true }
