package main

import (
	"bytes"
	"io"
	"os"
	"runtime/debug"
	"testing"
)

func TestVersionFromBuildInfo(t *testing.T) {
	for _, tc := range []struct {
		bi   debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"},
		}}, "devel-0123456789ab+dirty"},
	} {
		if got := versionFromBuildInfo(&tc.bi); got != tc.want {
			t.Errorf("versionFromBuildInfo(%+v) = %q, want %q", tc.bi.Main, got, tc.want)
		}
	}
}

func TestVersionLdflags(t *testing.T) {
	defer func(v string) { version = v }(version)
	version = "v9.9.9"
	if got := versionString(); got != "v9.9.9" {
		t.Errorf("versionString() = %q", got)
	}
}

func TestNewLogger(t *testing.T) {
	var buf bytes.Buffer
	log, err := newLogger(&buf, "")
	if err != nil {
		t.Fatal(err)
	}
	log.Info("hidden")
	log.Warn("shown")
	if got := buf.String(); bytes.Contains([]byte(got), []byte("hidden")) || !bytes.Contains([]byte(got), []byte("level=WARN msg=shown")) {
		t.Errorf("default level: %q", got)
	}
	if _, err := newLogger(&buf, "DEBUG"); err != nil {
		t.Errorf("DEBUG: %v", err)
	}
	if _, err := newLogger(&buf, "loud"); err == nil {
		t.Error("loud: no error")
	}
}

func TestColor(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	var buf bytes.Buffer
	for _, tc := range []struct {
		name    string
		a       app
		want    bool
		outFile bool
	}{
		{"buffer", app{getenv: env()}, false, false},
		{"force", app{getenv: env("CLICOLOR_FORCE", "1")}, true, false},
		{"force 0", app{getenv: env("CLICOLOR_FORCE", "0")}, false, false},
		{"NO_COLOR wins", app{getenv: env("CLICOLOR_FORCE", "1", "NO_COLOR", "1")}, false, false},
		{"--no-color wins", app{getenv: env("CLICOLOR_FORCE", "1"), noColor: true}, false, false},
		{"dumb terminal", app{getenv: env("CLICOLOR_FORCE", "1", "TERM", "dumb")}, false, false},
		{"file, not a terminal", app{getenv: env()}, false, true},
	} {
		var w io.Writer = &buf
		if tc.outFile {
			f, err := os.CreateTemp(t.TempDir(), "out")
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			w = f
		}
		if got := tc.a.color(w); got != tc.want {
			t.Errorf("%s: color = %v, want %v", tc.name, got, tc.want)
		}
	}
}
