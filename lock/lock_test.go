package lock

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The helper process: when DRIFTFIX_LOCK_HELPER is set, the test binary
// takes the lock in that directory, prints "locked", and holds it until
// killed or until its stdin closes (then it releases and exits).
func TestMain(m *testing.M) {
	if dir := os.Getenv("DRIFTFIX_LOCK_HELPER"); dir != "" {
		os.Exit(helper(dir))
	}
	os.Exit(m.Run())
}

func helper(dir string) int {
	release, err := Acquire(context.Background(), dir, "helper "+os.Getenv("DRIFTFIX_LOCK_OWNER"), 10*time.Second)
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println("locked")
	bufio.NewReader(os.Stdin).ReadString('\n') // until stdin closes
	if err := release(); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	return 0
}

// holder is a helper process holding the lock.
type holder struct {
	cmd   *exec.Cmd
	stdin interface{ Close() error }
}

func startHolder(t *testing.T, dir, owner string) *holder {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DRIFTFIX_LOCK_HELPER="+dir, "DRIFTFIX_LOCK_OWNER="+owner)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &holder{cmd: cmd, stdin: stdin}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "locked" {
		t.Fatalf("helper: %q %v", line, err)
	}
	return h
}

func TestAcquireRelease(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".driftfix", "proj", "lock")
	release, err := Acquire(t.Context(), dir, "driftfix apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	info, err := ReadInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	if info.PID != os.Getpid() || info.Owner != "driftfix apply" || info.Host != host || time.Since(info.Since) > time.Minute {
		t.Errorf("info = %+v", info)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if err := release(); err != nil { // idempotent
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, InfoFile)); !os.IsNotExist(err) {
		t.Error("info file left after release")
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile)); err != nil {
		t.Error("lock file removed")
	}
	// Free again.
	release, err = Acquire(t.Context(), dir, "again", 0)
	if err != nil {
		t.Fatal(err)
	}
	release()
}

func TestHeldInProcess(t *testing.T) {
	dir := t.TempDir()
	release, err := Acquire(t.Context(), dir, "first", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	_, err = Acquire(t.Context(), dir, "second", 0)
	var he *HeldError
	if !errors.Is(err, ErrLocked) || !errors.As(err, &he) {
		t.Fatalf("err = %v", err)
	}
	if he.Holder == nil || he.Holder.Owner != "first" {
		t.Errorf("holder = %+v", he.Holder)
	}
	want := fmt.Sprintf("is locked by pid %d (first) on ", os.Getpid())
	if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), " since 20") {
		t.Errorf("message %q lacks %q", err, want)
	}
}

func TestGoroutinesRace(t *testing.T) {
	dir := t.TempDir()
	var inside, max, done atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				release, err := Acquire(t.Context(), dir, fmt.Sprintf("g%d", i), 10*time.Second)
				if err != nil {
					t.Error(err)
					return
				}
				n := inside.Add(1)
				for {
					m := max.Load()
					if n <= m || max.CompareAndSwap(m, n) {
						break
					}
				}
				if info, err := ReadInfo(dir); err != nil || info.Owner != fmt.Sprintf("g%d", i) {
					t.Errorf("info while held by g%d: %+v %v", i, info, err)
				}
				time.Sleep(time.Millisecond)
				inside.Add(-1)
				done.Add(1)
				if err := release(); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if max.Load() != 1 || done.Load() != 40 {
		t.Errorf("max holders %d, critical sections %d", max.Load(), done.Load())
	}
}

func TestHeldByAnotherProcess(t *testing.T) {
	dir := t.TempDir()
	h := startHolder(t, dir, "apply")
	start := time.Now()
	_, err := Acquire(t.Context(), dir, "me", 200*time.Millisecond)
	if d := time.Since(start); d < 200*time.Millisecond || d > 5*time.Second {
		t.Errorf("waited %v", d)
	}
	var he *HeldError
	if !errors.As(err, &he) || he.Holder == nil || he.Holder.PID != h.cmd.Process.Pid {
		t.Fatalf("err = %v (holder %+v)", err, he)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("locked by pid %d (helper apply)", h.cmd.Process.Pid)) {
		t.Errorf("message: %v", err)
	}

	// The holder releases while we wait: we get it.
	go func() {
		time.Sleep(150 * time.Millisecond)
		h.stdin.Close()
	}()
	release, err := Acquire(t.Context(), dir, "me", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if info, _ := ReadInfo(dir); info.PID != os.Getpid() || info.Owner != "me" {
		t.Errorf("info = %+v", info)
	}
	if err := h.cmd.Wait(); err != nil {
		t.Errorf("helper: %v", err)
	}
}

func TestCrashedHolderDoesNotBlock(t *testing.T) {
	dir := t.TempDir()
	h := startHolder(t, dir, "crash")
	if err := h.cmd.Process.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	h.cmd.Wait()
	// The crashed holder's info file is still there…
	if info, err := ReadInfo(dir); err != nil || info.PID != h.cmd.Process.Pid {
		t.Fatalf("leftover info: %+v %v", info, err)
	}
	// …but the kernel released its flock: the lock is free at once.
	release, err := Acquire(t.Context(), dir, "after crash", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if info, _ := ReadInfo(dir); info.PID != os.Getpid() || info.Owner != "after crash" {
		t.Errorf("info not replaced: %+v", info)
	}
}

func TestContextEndsWait(t *testing.T) {
	dir := t.TempDir()
	startHolder(t, dir, "slow")
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Acquire(ctx, dir, "me", time.Minute)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("waited %v", d)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "(helper slow)") {
		t.Errorf("message lacks the holder: %v", err)
	}

	// A negative wait waits for the context alone.
	ctx2, cancel2 := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel2)
	if _, err := Acquire(ctx2, dir, "me", -1); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestHeldWithoutInfo(t *testing.T) {
	dir := t.TempDir()
	release, err := Acquire(t.Context(), dir, "x", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	os.Remove(filepath.Join(dir, InfoFile)) // as if between flock and writing the info
	_, err = Acquire(t.Context(), dir, "y", 0)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "is locked by another process") {
		t.Fatalf("err = %v", err)
	}
}

func TestUnusableDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Acquire(t.Context(), filepath.Join(file, "lock"), "x", 0); err == nil || errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v", err)
	}
}

func TestCancelledBeforeAcquire(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Acquire(ctx, t.TempDir(), "x", time.Second); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}
