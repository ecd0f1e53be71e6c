package git

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Options configure Open. URL and CacheDir are required.
type Options struct {
	// URL of the remote: https://…, ssh://…, user@host:path or a local
	// path. A password in an http(s) URL (https://user:TOKEN@host/…) is
	// taken out of it and used as the token; git never sees it in the URL.
	URL string

	// CacheDir holds the cached clones (one bare repository per URL), their
	// lock files and the askpass helper. Created 0700 if missing.
	CacheDir string

	// WorkDir is where work trees are made, each in a fresh temporary
	// directory. Empty means os.TempDir().
	WorkDir string

	// Author of commits. Commit fails with ErrNoIdentity without a name and
	// an email.
	Author Signature
	// Committer of commits; empty means Author.
	Committer Signature

	// Credentials for an http(s) remote. SSH remotes use the host's ssh
	// setup (agent, keys, GIT_SSH_COMMAND).
	Credentials Credentials

	// FullClone fetches every blob up front instead of a blobless partial
	// clone that fetches file contents when a work tree needs them.
	FullClone bool

	// Git is the git binary; empty means "git" on PATH.
	Git string

	// Now, when set, dates commits (author and committer). Empty lets git
	// use the clock.
	Now func() time.Time

	// Logger receives one debug record per git command (arguments
	// redacted) and a warning for each thing recovered in the cache. Nil
	// discards.
	Logger *slog.Logger

	// onExec, set by tests, sees the argv and environment of every git
	// command before it runs.
	onExec func(argv, env []string)
}

// Signature is a commit author or committer.
type Signature struct {
	Name  string
	Email string
}

func (s Signature) complete() bool { return s.Name != "" && s.Email != "" }

func (s Signature) check(what string) error {
	if strings.ContainsAny(s.Name+s.Email, "<>\n\x00") {
		return fmt.Errorf("%s %q <%s>: name and email must not contain '<', '>', a newline or NUL", what, s.Name, s.Email)
	}
	return nil
}

// Credentials name where the token for an http(s) remote comes from: an
// environment variable or a file, never a literal, so that no config file
// or command line holds it. At most one of TokenEnv and TokenFile is set.
type Credentials struct {
	// Username sent with the token; empty means "x-access-token" (what
	// GitHub expects with an app or personal access token).
	Username string
	// TokenEnv is the name of an environment variable holding the token.
	TokenEnv string
	// TokenFile is a file holding the token (surrounding whitespace is
	// trimmed).
	TokenFile string
}

const defaultUsername = "x-access-token"

// token reads the token the credentials name; "" when they name none.
func (c Credentials) token() (string, error) {
	switch {
	case c.TokenEnv != "" && c.TokenFile != "":
		return "", fmt.Errorf("credentials: set one of TokenEnv (%s) and TokenFile (%s), not both", c.TokenEnv, c.TokenFile)
	case c.TokenEnv != "":
		v := strings.TrimSpace(os.Getenv(c.TokenEnv))
		if v == "" {
			return "", fmt.Errorf("credentials: environment variable %s is unset or empty", c.TokenEnv)
		}
		return checkToken(v, "environment variable "+c.TokenEnv)
	case c.TokenFile != "":
		b, err := os.ReadFile(c.TokenFile)
		if err != nil {
			return "", fmt.Errorf("credentials: token file: %w", err)
		}
		v := strings.TrimSpace(string(b))
		if v == "" {
			return "", fmt.Errorf("credentials: token file %s is empty", c.TokenFile)
		}
		return checkToken(v, "token file "+c.TokenFile)
	}
	return "", nil
}

func checkToken(v, from string) (string, error) {
	if strings.ContainsAny(v, "\r\n\x00") {
		return "", fmt.Errorf("credentials: %s holds more than one line", from)
	}
	return v, nil
}

// settings are Options checked and completed.
type settings struct {
	remote    remoteURL
	cacheDir  string
	workDir   string
	author    Signature
	committer Signature
	username  string
	token     string
	tokenEnv  string // the variable the token came from, kept from git
	fullClone bool
	gitBin    string
	now       func() time.Time
	log       *slog.Logger
	onExec    func(argv, env []string)
}

func (o Options) settings() (settings, error) {
	var s settings
	if o.URL == "" {
		return s, fmt.Errorf("git: Options.URL is empty")
	}
	if o.CacheDir == "" {
		return s, fmt.Errorf("git: Options.CacheDir is empty")
	}
	remote, err := parseRemoteURL(o.URL)
	if err != nil {
		return s, err
	}
	s.remote = remote
	if s.cacheDir, err = filepath.Abs(o.CacheDir); err != nil {
		return s, fmt.Errorf("git: cache dir %s: %w", o.CacheDir, err)
	}
	s.workDir = o.WorkDir
	if s.workDir == "" {
		s.workDir = os.TempDir()
	}
	if s.workDir, err = filepath.Abs(s.workDir); err != nil {
		return s, fmt.Errorf("git: work dir %s: %w", o.WorkDir, err)
	}
	if err := o.Author.check("author"); err != nil {
		return s, err
	}
	if err := o.Committer.check("committer"); err != nil {
		return s, err
	}
	s.author, s.committer = o.Author, o.Committer
	if s.committer == (Signature{}) {
		s.committer = s.author
	}
	token, err := o.Credentials.token()
	if err != nil {
		return s, err
	}
	s.username = o.Credentials.Username
	switch {
	case token != "" && remote.password != "":
		return s, fmt.Errorf("git: the URL %s carries a password and Credentials name a token; use one of them", remote.redacted())
	case token != "":
		s.token = token
		s.tokenEnv = o.Credentials.TokenEnv
	case remote.password != "":
		s.token = remote.password
		if s.username == "" {
			s.username = remote.username
		}
	}
	if s.username == "" {
		s.username = defaultUsername
	}
	s.fullClone = o.FullClone
	s.gitBin = o.Git
	if s.gitBin == "" {
		s.gitBin = "git"
	}
	s.now = o.Now
	s.log = o.Logger
	s.onExec = o.onExec
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s, nil
}
