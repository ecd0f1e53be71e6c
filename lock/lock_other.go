//go:build !windows && (!unix || aix)

package lock

import (
	"errors"
	"fmt"
	"os"
	"runtime"
)

// tryLock fails: this system has no lock that its kernel releases when
// the holder dies (AIX has no flock(2); Plan 9, js and wasip1 none at
// all), and a lock that a crash can leave behind is not one driftfix uses.
func tryLock(*os.File) (bool, error) {
	return false, fmt.Errorf("file locks are not supported on %s: %w", runtime.GOOS, errors.ErrUnsupported)
}

func unlock(*os.File) error { return nil }
