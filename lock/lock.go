// Package lock is driftfix's per-project lock on one machine: a directory
// (for example .driftfix/<project>/lock) holding a lock file taken with
// flock(2) (LockFileEx on Windows) and an info file that says who holds it.
//
// The kernel releases the lock when the process holding it exits, however
// it exits, so a crashed holder never leaves a stale lock: the lock file
// stays on disk but is free, and the next Acquire takes it at once and
// overwrites the info file. Nothing ever guesses from a pid whether a
// holder is alive.
//
// The lock is exclusive between processes and between goroutines of one
// process alike (each Acquire opens its own file description). It is a
// lock on one host: flock on NFS and other network filesystems is not
// reliable, and replicas coordinate through the store instead.
//
// Where the system has no such lock (AIX, Plan 9, js and wasip1), Acquire
// fails with an error that matches errors.ErrUnsupported.
package lock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// File names inside the lock directory.
const (
	LockFile = "lock"      // the file locked; never removed
	InfoFile = "info.json" // the holder's Info; removed on release
)

// ErrLocked matches (errors.Is) the *HeldError that Acquire returns when
// another holder kept the lock for the whole wait.
var ErrLocked = errors.New("locked")

// Info describes a holder. It is written, as JSON, to the info file once
// the lock is taken.
type Info struct {
	PID   int       `json:"pid"`
	Host  string    `json:"host"`
	Owner string    `json:"owner"` // what holds it: "driftfix apply", a run id, …
	Since time.Time `json:"since"`
}

func (i Info) String() string {
	s := fmt.Sprintf("pid %d", i.PID)
	if i.Owner != "" {
		s += " (" + i.Owner + ")"
	}
	if i.Host != "" {
		s += " on " + i.Host
	}
	if !i.Since.IsZero() {
		s += " since " + i.Since.Format(time.RFC3339)
	}
	return s
}

// HeldError says who holds the lock that Acquire could not take.
type HeldError struct {
	Dir string
	// Holder is what the info file said; nil when it could not be read
	// (the holder may be between taking the lock and writing it).
	Holder *Info
}

func (e *HeldError) Error() string {
	if e.Holder == nil {
		return fmt.Sprintf("%s is locked by another process", e.Dir)
	}
	return fmt.Sprintf("%s is locked by %s", e.Dir, e.Holder)
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *HeldError) Is(target error) bool { return target == ErrLocked }

// pollInterval bounds how often a waiting Acquire retries; the lock calls
// have no timeout of their own.
const pollInterval = 50 * time.Millisecond

// Acquire takes the lock in dir (created if missing) for owner, and
// returns the function that releases it.
//
// If the lock is held, Acquire retries until it gets it, wait has passed,
// or ctx is done: wait 0 tries once, a negative wait waits for ctx alone.
// A holder that kept it throughout gives a *HeldError (errors.Is
// ErrLocked) naming the holder: "… is locked by pid 123 (driftfix apply)
// on host since …". When ctx ended the wait, the error also matches
// ctx.Err() with errors.Is.
//
// release removes the info file and unlocks; it may be called more than
// once (later calls return the first result). The lock is also released
// if the process dies.
func Acquire(ctx context.Context, dir, owner string, wait time.Duration) (release func() error, err error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	// The lock directory lives with a project's run state: 0700, its files
	// 0600, existing ones tightened.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	var deadline <-chan time.Time
	if wait >= 0 {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		deadline = timer.C
	}
	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	for {
		locked, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", dir, err)
		}
		if locked {
			break
		}
		if wait == 0 {
			f.Close()
			return nil, held(dir)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for lock: %w: %w", ctx.Err(), held(dir))
		case <-deadline:
			f.Close()
			return nil, held(dir)
		case <-ticker.C:
		}
	}

	info := Info{PID: os.Getpid(), Owner: owner, Since: time.Now().UTC().Truncate(time.Second)}
	info.Host, _ = os.Hostname()
	if err := writeInfo(dir, info); err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}

	var once sync.Once
	var relErr error
	release = func() error {
		once.Do(func() {
			// Remove the info while still holding the lock, so that it
			// never describes a holder that is gone. The lock file stays:
			// removing it would let two processes lock different inodes.
			rmErr := os.Remove(filepath.Join(dir, InfoFile))
			if errors.Is(rmErr, os.ErrNotExist) {
				rmErr = nil
			}
			unErr := unlock(f)
			clErr := f.Close()
			relErr = errors.Join(rmErr, unErr, clErr)
			if relErr != nil {
				relErr = fmt.Errorf("release lock %s: %w", dir, relErr)
			}
		})
		return relErr
	}
	return release, nil
}

func held(dir string) error {
	e := &HeldError{Dir: dir}
	if info, err := ReadInfo(dir); err == nil {
		e.Holder = &info
	}
	return e
}

// ReadInfo reads the info file in dir. It describes the current holder
// only while the lock is held: after a crash it is left over until the
// next Acquire replaces it.
func ReadInfo(dir string) (Info, error) {
	var info Info
	b, err := os.ReadFile(filepath.Join(dir, InfoFile))
	if err != nil {
		return info, err
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return info, fmt.Errorf("lock info %s: %w", dir, err)
	}
	return info, nil
}

// writeInfo replaces the info file atomically (temp file and rename), so a
// reader never sees half of it.
func writeInfo(dir string, info Info) error {
	b, err := json.Marshal(info)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, InfoFile+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, InfoFile)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
