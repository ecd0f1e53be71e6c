package git

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestCleanPaths(t *testing.T) {
	tests := []struct {
		in      []string
		want    []string
		wantErr error
	}{
		{[]string{"main.tf", "envs/prod/main.tf"}, []string{"main.tf", "envs/prod/main.tf"}, nil},
		{[]string{"./a.tf", "dir//b.tf", "dir/../c.tf", "a.tf"}, []string{"a.tf", "dir/b.tf", "c.tf"}, nil},
		{[]string{"weird name*?[x].tf"}, []string{"weird name*?[x].tf"}, nil},
		{nil, nil, ErrNothingToCommit},
		{[]string{""}, nil, ErrInvalidPath},
		{[]string{"/etc/passwd"}, nil, ErrInvalidPath},
		{[]string{"../outside.tf"}, nil, ErrInvalidPath},
		{[]string{"a/../../outside.tf"}, nil, ErrInvalidPath},
		{[]string{"."}, nil, ErrInvalidPath},
		{[]string{".git/config"}, nil, ErrInvalidPath},
		{[]string{"sub/.GIT/hooks/pre-commit"}, nil, ErrInvalidPath},
		{[]string{"new\nline"}, nil, ErrInvalidPath},
	}
	for _, tt := range tests {
		got, err := cleanPaths(tt.in)
		if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
			t.Errorf("cleanPaths(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			continue
		}
		if tt.wantErr == nil && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("cleanPaths(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseRemoteURL(t *testing.T) {
	tests := []struct {
		raw, clean, user, password string
	}{
		{"https://github.com/org/repo.git", "https://github.com/org/repo.git", "", ""},
		{"https://x-access-token:s3cr3t-t0ken@github.com/org/repo.git", "https://github.com/org/repo.git", "x-access-token", "s3cr3t-t0ken"},
		{"https://bot@github.com/org/repo.git", "https://bot@github.com/org/repo.git", "", ""},
		{"ssh://git:pw@host/org/repo.git", "ssh://git@host/org/repo.git", "git", "pw"},
		{"git@github.com:org/repo.git", "git@github.com:org/repo.git", "", ""},
		{"/srv/git/repo.git", "/srv/git/repo.git", "", ""},
	}
	for _, tt := range tests {
		got, err := parseRemoteURL(tt.raw)
		if err != nil {
			t.Errorf("parseRemoteURL(%q): %v", tt.raw, err)
			continue
		}
		if got.clean != tt.clean || got.username != tt.user || got.password != tt.password {
			t.Errorf("parseRemoteURL(%q) = clean %q user %q password %q; want %q %q %q", tt.raw, got.clean, got.username, got.password, tt.clean, tt.user, tt.password)
		}
	}
	for _, raw := range []string{"https://u:s3cr3t-t0ken@ho st/x", "-upload-pack=evil", "https://u:s3cr3t-t0ken@host/x\n"} {
		_, err := parseRemoteURL(raw)
		if err == nil {
			t.Errorf("parseRemoteURL(%q) accepted it", raw)
		} else if strings.Contains(err.Error(), "s3cr3t-t0ken") {
			t.Errorf("parseRemoteURL(%q) error shows the password: %v", raw, err)
		}
	}
}

func TestCacheName(t *testing.T) {
	name := func(raw string) string {
		u, err := parseRemoteURL(raw)
		if err != nil {
			t.Fatal(err)
		}
		return u.cacheName()
	}
	tests := []struct{ raw, prefix string }{
		{"https://github.com/org/repo.git", "github.com-org-repo-"},
		{"git@github.com:org/repo.git", "github.com-org-repo-"},
		{"/srv/git/team/infra.git", "team-infra-"},
		{"https://ghe.example.com/a/b/c/d.git/", "ghe.example.com-c-d-"},
		{"https://h/we ird/ná me", "h-we-ird-n-me-"},
	}
	for _, tt := range tests {
		if got := name(tt.raw); !strings.HasPrefix(got, tt.prefix) || len(got) != len(tt.prefix)+8 {
			t.Errorf("cacheName(%q) = %q, want %q + 8 hex digits", tt.raw, got, tt.prefix)
		}
	}
	if a, b := name("https://github.com/org-a/repo"), name("https://github.com/org/a-repo"); a == b {
		t.Errorf("two repositories share the cache %q", a)
	}
	if a, b := name("https://github.com/org/repo"), name("https://x:tok@github.com/org/repo"); a != b {
		t.Errorf("a token in the URL changes the cache: %q vs %q", a, b)
	}
	if got := name("https://github.com/" + strings.Repeat("x", 200) + "/y"); len(got) > 60+9 {
		t.Errorf("cacheName of a long URL is %d bytes long", len(got))
	}
}

func TestBuildEnv(t *testing.T) {
	host := []string{
		"PATH=/usr/bin", "HOME=/home/u", "LANG=de_DE.UTF-8", "LC_ALL=de_DE.UTF-8", "SSH_AUTH_SOCK=/tmp/agent",
		"GIT_DIR=/elsewhere", "GIT_WORK_TREE=/elsewhere", "GIT_INDEX_FILE=/elsewhere/index", "GIT_AUTHOR_NAME=Host",
		"GIT_CONFIG_PARAMETERS='user.name'='Host'", "GIT_CONFIG_COUNT=1", "GIT_ASKPASS=/usr/bin/ksshaskpass",
		"GIT_SSH_COMMAND=ssh -i key", "GIT_SSL_CAINFO=/etc/ca.pem", "DRIFTFIX_GIT_PASSWORD=leaked", "SSH_ASKPASS=/usr/bin/x",
		"GITHUB_TOKEN=tok",
	}
	tests := []struct {
		name string
		s    envSettings
		want []string // exact entries, in order after the host's kept ones
	}{
		{"no credentials, no identity",
			envSettings{askpass: "/c/askpass"},
			[]string{"PATH=/usr/bin", "HOME=/home/u", "LANG=de_DE.UTF-8", "SSH_AUTH_SOCK=/tmp/agent", "GIT_SSH_COMMAND=ssh -i key", "GIT_SSL_CAINFO=/etc/ca.pem", "GITHUB_TOKEN=tok",
				"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "GIT_LITERAL_PATHSPECS=1", "LC_ALL=C",
				"GIT_ASKPASS=/c/askpass"}},
		{"token and identity (committer defaults to author), the token's variable dropped",
			envSettings{askpass: "/c/askpass", username: "x-access-token", token: "tok", author: testAuthor, drop: []string{"GITHUB_TOKEN"}},
			[]string{"PATH=/usr/bin", "HOME=/home/u", "LANG=de_DE.UTF-8", "SSH_AUTH_SOCK=/tmp/agent", "GIT_SSH_COMMAND=ssh -i key", "GIT_SSL_CAINFO=/etc/ca.pem",
				"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "GIT_LITERAL_PATHSPECS=1", "LC_ALL=C",
				"GIT_ASKPASS=/c/askpass", "DRIFTFIX_GIT_USERNAME=x-access-token", "DRIFTFIX_GIT_PASSWORD=tok",
				"GIT_AUTHOR_NAME=Drift Fixer", "GIT_AUTHOR_EMAIL=bot@driftfix.example",
				"GIT_COMMITTER_NAME=Drift Fixer", "GIT_COMMITTER_EMAIL=bot@driftfix.example"}},
		{"own committer",
			envSettings{askpass: "/c/askpass", author: testAuthor, committer: testCommitter},
			[]string{"PATH=/usr/bin", "HOME=/home/u", "LANG=de_DE.UTF-8", "SSH_AUTH_SOCK=/tmp/agent", "GIT_SSH_COMMAND=ssh -i key", "GIT_SSL_CAINFO=/etc/ca.pem", "GITHUB_TOKEN=tok",
				"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "GIT_LITERAL_PATHSPECS=1", "LC_ALL=C",
				"GIT_ASKPASS=/c/askpass",
				"GIT_AUTHOR_NAME=Drift Fixer", "GIT_AUTHOR_EMAIL=bot@driftfix.example",
				"GIT_COMMITTER_NAME=Driftfix CI", "GIT_COMMITTER_EMAIL=ci@driftfix.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := buildEnv(host, tt.s); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("buildEnv =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestPushRejection(t *testing.T) {
	const ref = "refs/heads/driftfix/p/20250101-x"
	tests := []struct {
		name, porcelain string
		want            *PushRejectedError
		moved           bool
	}{
		{"accepted", "To /r.git\n*\t" + ref + ":" + ref + "\t[new branch]\nDone\n", nil, false},
		{"non-fast-forward", "To /r.git\n!\t" + ref + ":" + ref + "\t[rejected] (non-fast-forward)\nDone\n",
			&PushRejectedError{Ref: ref, Status: "[rejected]", Reason: "non-fast-forward"}, true},
		{"fetch first", "To /r.git\n!\tHEAD:refs/heads/main\t[rejected] (fetch first)\nDone\n", nil, false},
		{"stale lease", "To /r.git\n!\t" + ref + ":" + ref + "\t[rejected] (stale info)\nDone\n",
			&PushRejectedError{Ref: ref, Status: "[rejected]", Reason: "stale info"}, true},
		{"hook declined", "To /r.git\n!\t" + ref + ":" + ref + "\t[remote rejected] (pre-receive hook declined)\nDone\n",
			&PushRejectedError{Ref: ref, Status: "[remote rejected]", Reason: "pre-receive hook declined"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pushRejection(tt.porcelain, ref)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("pushRejection = %#v, want %#v", got, tt.want)
			}
			if got != nil && errors.Is(got, ErrRemoteMoved) != tt.moved {
				t.Errorf("errors.Is(%v, ErrRemoteMoved) = %v, want %v", got, !tt.moved, tt.moved)
			}
		})
	}
	if got := pushRejection("!\tHEAD:refs/heads/main\t[rejected] (fetch first)\n", "refs/heads/main"); !errors.Is(got, ErrRemoteMoved) {
		t.Errorf("fetch first on main: %v, want ErrRemoteMoved", got)
	}
}

func TestRedactor(t *testing.T) {
	r := newRedactor("x-access-token", "ghs_S3cr3t/+=")
	in := "fatal: https://x-access-token:ghs_S3cr3t/+=@h/r and ghs_S3cr3t%2F%2B%3D and eC1hY2Nlc3MtdG9rZW46Z2hzX1MzY3IzdC8rPQ== and https://u:other@h/"
	got := r.text(in)
	for _, leak := range []string{"ghs_S3cr3t", "eC1hY2Nlc3MtdG9rZW46Z2hzX1MzY3IzdC8rPQ==", "other"} {
		if strings.Contains(got, leak) {
			t.Errorf("redacted text still holds %q: %s", leak, got)
		}
	}
}
