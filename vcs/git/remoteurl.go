package git

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
)

// remoteURL is Options.URL with any password taken out of it.
type remoteURL struct {
	clean    string // what git is given and the cache's remote.origin.url
	username string // from the URL's userinfo, when it had a password
	password string // from the URL's userinfo; never shown
	parsed   *url.URL
}

func parseRemoteURL(raw string) (remoteURL, error) {
	if strings.ContainsAny(raw, "\r\n\x00") {
		return remoteURL{}, fmt.Errorf("git: URL %s contains a control character", redactText(raw))
	}
	if strings.HasPrefix(raw, "-") {
		return remoteURL{}, fmt.Errorf("git: URL %s starts with '-'", redactText(raw))
	}
	if !strings.Contains(raw, "://") {
		// scp-like (git@host:org/repo.git) or a local path: nothing to take out
		return remoteURL{clean: raw}, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error quotes the URL, password and all: say it without it
		return remoteURL{}, fmt.Errorf("git: URL %s does not parse", redactText(raw))
	}
	r := remoteURL{parsed: u}
	if pw, ok := u.User.Password(); ok && pw != "" {
		r.password = pw
		r.username = u.User.Username()
		if u.Scheme == "http" || u.Scheme == "https" {
			u.User = nil // the username comes from the askpass helper
		} else {
			u.User = url.User(u.User.Username())
		}
	}
	r.clean = u.String()
	return r, nil
}

// redacted is the URL as it may be shown.
func (r remoteURL) redacted() string { return redactText(r.clean) }

var nameUnsafe = regexp.MustCompile(`[^A-Za-z0-9._]+`)

// cacheName is the directory name of the URL's cache: readable (host and
// the last two path elements) and unique (a hash of the whole URL), so
// that org-a/repo and org-b/repo never share a cache.
func (r remoteURL) cacheName() string {
	var host, path string
	switch {
	case r.parsed != nil:
		host, path = r.parsed.Hostname(), r.parsed.Path
	case isSCPLike(r.clean):
		hostPart, p, _ := strings.Cut(r.clean, ":")
		if i := strings.LastIndex(hostPart, "@"); i >= 0 {
			hostPart = hostPart[i+1:]
		}
		host, path = hostPart, p
	default:
		path = filepath.ToSlash(filepath.Clean(r.clean))
	}
	path = strings.TrimSuffix(strings.TrimSuffix(path, "/"), ".git")
	var parts []string
	if host != "" {
		parts = append(parts, host)
	}
	var elems []string
	for _, e := range strings.Split(path, "/") {
		if e != "" && e != "." && e != ".." {
			elems = append(elems, e)
		}
	}
	if len(elems) > 2 {
		elems = elems[len(elems)-2:]
	}
	parts = append(parts, elems...)
	name := strings.Trim(nameUnsafe.ReplaceAllString(strings.Join(parts, "-"), "-"), "-.")
	if len(name) > 60 {
		name = strings.TrimLeft(name[len(name)-60:], "-.")
	}
	if name == "" {
		name = "repo"
	}
	sum := sha256.Sum256([]byte(r.clean))
	return name + "-" + hex.EncodeToString(sum[:4])
}

// isSCPLike reports whether s is git's host:path form: a colon before any
// slash, and not a local path.
func isSCPLike(s string) bool {
	colon := strings.Index(s, ":")
	slash := strings.Index(s, "/")
	return colon > 0 && (slash < 0 || colon < slash)
}
