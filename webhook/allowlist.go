package webhook

import (
	"fmt"
	"strings"
)

// allowlist is the set of repositories whose webhooks are accepted, by
// "owner/name" in lower case: GitHub's owner and repository names are not
// case-sensitive.
type allowlist map[string]bool

// newAllowlist checks and collects repositories, each "owner/name".
func newAllowlist(repositories []string) (allowlist, error) {
	if len(repositories) == 0 {
		return nil, fmt.Errorf("no repositories allowed: name the owner/name of each repository whose webhooks are accepted")
	}
	allow := allowlist{}
	for _, r := range repositories {
		owner, name, ok := strings.Cut(r, "/")
		if !ok || !validOwner(owner) || !validRepoName(name) {
			return nil, fmt.Errorf("repository %q: want owner/name, like octo-org/infra", r)
		}
		allow[strings.ToLower(r)] = true
	}
	return allow, nil
}

// allows reports whether fullName ("owner/name", in any case) is allowed.
func (a allowlist) allows(fullName string) bool {
	return a[strings.ToLower(fullName)]
}

// validOwner accepts GitHub's user and organization names: letters,
// digits and '-' (and '_', which GitHub Enterprise allows).
func validOwner(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !isASCIIAlnum(r) && r != '-' && r != '_' {
			return false
		}
	}
	return true
}

// validRepoName follows GitHub's rule for repository names: letters,
// digits, '-', '_' and '.', and not "." or "..".
func validRepoName(s string) bool {
	if s == "" || len(s) > 100 || s == "." || s == ".." {
		return false
	}
	for _, r := range s {
		if !isASCIIAlnum(r) && r != '-' && r != '_' && r != '.' {
			return false
		}
	}
	return true
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}
