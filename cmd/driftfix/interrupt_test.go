package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestScanSignal sends a real signal to a driftfix process stuck reading a
// file (a FIFO nobody writes to, as a hung network file system would be): it
// stops and exits 1 saying it was interrupted, never 0 or 2.
//
// "driftfix" on PATH is this test binary, which runs main (TestMain).
func TestScanSignal(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			fifo := filepath.Join(dir, "main.tf")
			if err := syscall.Mkfifo(fifo, 0o644); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd := exec.Command("driftfix", "scan", dir)
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()

			// Wait until driftfix has the FIFO open for reading (a writer's
			// non-blocking open fails until then), and keep it open without
			// writing: driftfix's read blocks for good.
			writer := -1
			for deadline := time.Now().Add(time.Minute); writer < 0; {
				fd, err := syscall.Open(fifo, syscall.O_WRONLY|syscall.O_NONBLOCK, 0)
				switch {
				case err == nil:
					writer = fd
				case !errors.Is(err, syscall.ENXIO):
					t.Fatal(err)
				case time.Now().After(deadline):
					cmd.Process.Kill()
					t.Fatalf("driftfix never opened %s; stderr: %s", fifo, stderr.String())
				default:
					time.Sleep(10 * time.Millisecond)
				}
			}
			defer syscall.Close(writer)

			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-exited:
			case <-time.After(time.Minute):
				cmd.Process.Kill()
				t.Fatalf("driftfix did not stop on %v", sig)
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				t.Errorf("driftfix scan stopped by %v: %v, want exit status 1", sig, err)
			}
			if !strings.Contains(stderr.String(), "driftfix: interrupted") {
				t.Errorf("stderr does not say it was interrupted: %q", stderr.String())
			}
		})
	}
}
