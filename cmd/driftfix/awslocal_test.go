package main

import "testing"

// awslocal listens on the loopback interface unless --addr names a host.
func TestListenAddr(t *testing.T) {
	tests := []struct {
		in       string
		addr     string
		loopback bool
		err      bool
	}{
		{in: "127.0.0.1:4566", addr: "127.0.0.1:4566", loopback: true},
		{in: ":4566", addr: "127.0.0.1:4566", loopback: true},
		{in: "4566", addr: "127.0.0.1:4566", loopback: true},
		{in: ":0", addr: "127.0.0.1:0", loopback: true},
		{in: "localhost:4566", addr: "localhost:4566", loopback: true},
		{in: "[::1]:4566", addr: "[::1]:4566", loopback: true},
		{in: "0.0.0.0:4566", addr: "0.0.0.0:4566", loopback: false},
		{in: "10.1.2.3:4566", addr: "10.1.2.3:4566", loopback: false},
		{in: "127.0.0.1:http", err: true},
		{in: "127.0.0.1:70000", err: true},
	}
	for _, tt := range tests {
		addr, loopback, err := listenAddr(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("%q: err = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if !tt.err && (addr != tt.addr || loopback != tt.loopback) {
			t.Errorf("%q: %q loopback=%v, want %q loopback=%v", tt.in, addr, loopback, tt.addr, tt.loopback)
		}
	}
}
