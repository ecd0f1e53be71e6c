//go:build !unix

package iac

import "errors"

// mayWrite reports whether this process may write path. Without access(2)
// the mode's write bits, which writable checks first, are all there is to
// go by (on Windows they are the read-only attribute).
func mayWrite(string) bool { return true }

// device returns the number of the device that holds path; here there is
// none, so a commit stages every file next to its target.
func device(string) (uint64, error) { return 0, errors.New("no device number") }
