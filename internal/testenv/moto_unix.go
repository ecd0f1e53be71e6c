//go:build unix

package testenv

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Moto starts moto_server (an AWS endpoint driftfix did not write: moto,
// in Python) on a free loopback port for the test and returns its URL; it
// is stopped when the test ends. `make test` makes moto available where it
// can (scripts/ensure-moto.sh). Without it the test is skipped, saying so,
// except in CI (CI=true), where that is a failure.
func Moto(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	if err != nil && os.Getenv("CI") == "true" {
		t.Fatal("moto_server is not on PATH, and in CI the tests against moto must run (scripts/ensure-moto.sh)")
	}
	if err != nil {
		t.Skip("MOTO NOT AVAILABLE: moto_server is not on PATH, so this was not checked against an AWS endpoint driftfix did not write; " +
			"install it with pip install 'moto[server]' (scripts/ensure-moto.sh tries)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(url + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return url
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not answer on %s within 60s: %v\n%s", url, err, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
