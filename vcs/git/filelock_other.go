//go:build !unix && !windows

package git

import (
	"errors"
	"os"
)

// tryLock has no file locks to use on this platform: the runner's git
// cache needs them to be shared safely.
func tryLock(*os.File, int) (bool, error) {
	return false, errors.New("file locks are not supported on this platform")
}
