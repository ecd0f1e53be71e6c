package git

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Names of the variables that carry credentials to the askpass helper.
// Only git and its helpers (which inherit them) ever see their values.
const (
	envUsername = "DRIFTFIX_GIT_USERNAME"
	envPassword = "DRIFTFIX_GIT_PASSWORD"
)

// keptGitVars are the host's GIT_* variables that still reach git: they
// say how to reach a remote (ssh, TLS roots, where git's helpers live), not
// what a repository is or how to commit. Every other GIT_* variable
// (GIT_DIR, GIT_INDEX_FILE, GIT_AUTHOR_*, GIT_CONFIG_*, …) is removed.
var keptGitVars = map[string]bool{
	"GIT_SSH":           true,
	"GIT_SSH_COMMAND":   true,
	"GIT_SSH_VARIANT":   true,
	"GIT_SSL_CAINFO":    true,
	"GIT_SSL_CAPATH":    true,
	"GIT_PROXY_COMMAND": true,
	"GIT_EXEC_PATH":     true,
}

// envSettings is what the environment of every git command is made of,
// besides the host's.
type envSettings struct {
	askpass   string // path of the askpass helper
	username  string
	token     string // "" when there are no credentials
	author    Signature
	committer Signature
	// drop names host variables that must not reach git: the one the
	// token was read from (git gets the token through envPassword only).
	drop []string
}

// buildEnv returns the environment git runs with: host without the
// variables that could change git's behaviour, plus isolation, the
// identity and the credentials. It is a pure function.
func buildEnv(host []string, s envSettings) []string {
	env := make([]string, 0, len(host)+16)
	for _, kv := range host {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "GIT_") && !keptGitVars[name]:
			continue
		case strings.HasPrefix(name, "DRIFTFIX_GIT_"), name == "LC_ALL", name == "LANGUAGE", name == "SSH_ASKPASS":
			continue
		case slices.Contains(s.drop, name):
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"GIT_CONFIG_NOSYSTEM=1",       // no /etc/gitconfig
		"GIT_CONFIG_GLOBAL=/dev/null", // no ~/.gitconfig nor ~/.config/git/config
		"GIT_TERMINAL_PROMPT=0",       // never wait for a person
		"GIT_OPTIONAL_LOCKS=0",        // reads take no index.lock
		"GIT_LITERAL_PATHSPECS=1",     // a path is a path, never a pattern
		"LC_ALL=C",                    // stable messages
		"GIT_ASKPASS="+s.askpass,
	)
	if s.token != "" {
		env = append(env, envUsername+"="+s.username, envPassword+"="+s.token)
	}
	if s.author.complete() {
		committer := s.committer
		if !committer.complete() {
			committer = s.author
		}
		env = append(env,
			"GIT_AUTHOR_NAME="+s.author.Name, "GIT_AUTHOR_EMAIL="+s.author.Email,
			"GIT_COMMITTER_NAME="+committer.Name, "GIT_COMMITTER_EMAIL="+committer.Email,
		)
	}
	return env
}

// dateEnv dates a commit at t (author and committer).
func dateEnv(t time.Time) []string {
	d := fmt.Sprintf("@%d %s", t.Unix(), t.Format("-0700"))
	return []string{"GIT_AUTHOR_DATE=" + d, "GIT_COMMITTER_DATE=" + d}
}

// askpassScript answers git's "Username for …" and "Password for …"
// prompts from the environment. It holds no secret, and fails when there
// is no token, so that git gives up instead of prompting.
const askpassScript = `#!/bin/sh
# driftfix git askpass helper: answers from the environment, holds no secret.
case "$1" in
[Uu]sername*) [ -n "$` + envUsername + `" ] || exit 1; printf '%s\n' "$` + envUsername + `" ;;
*) [ -n "$` + envPassword + `" ] || exit 1; printf '%s\n' "$` + envPassword + `" ;;
esac
`
