package git

import (
	"context"
	"fmt"
	"os"
	"time"
)

// Lock modes for lockFile.
const (
	shared    = 1
	exclusive = 2
)

// lockFile takes a flock(2) lock on path (created if missing), waiting
// until it is free or ctx is done. The lock is released by the returned
// function, or by the kernel when the process dies. Each call opens its
// own file description, so goroutines of one process exclude each other
// as processes do.
func lockFile(ctx context.Context, path string, mode int) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	delay := 2 * time.Millisecond
	for {
		busy, err := tryLock(f, mode)
		if err == nil && !busy {
			return func() { f.Close() }, nil
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, fmt.Errorf("waiting for lock %s: %w", path, ctx.Err())
		case <-t.C:
		}
		delay = min(2*delay, 200*time.Millisecond)
	}
}

// tryLockFile takes an exclusive lock on path if it is free at once: ok is
// false when another holds it. A missing file is created.
func tryLockFile(path string) (unlock func(), ok bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("lock %s: %w", path, err)
	}
	busy, err := tryLock(f, exclusive)
	switch {
	case err != nil:
		f.Close()
		return nil, false, fmt.Errorf("lock %s: %w", path, err)
	case busy:
		f.Close()
		return nil, false, nil
	}
	return func() { f.Close() }, true, nil
}
