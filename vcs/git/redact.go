package git

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"
)

// Mask replaces a secret in errors and logs.
const Mask = "***"

// urlPassword matches the password of a URL's userinfo, wherever a URL
// stands in text.
var urlPassword = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*):[^@\s/]*@`)

// redactText masks the password of every URL in s.
func redactText(s string) string { return urlPassword.ReplaceAllString(s, "${1}:"+Mask+"@") }

// redactor masks a token, and the forms git or a server could echo it in,
// plus URL passwords.
type redactor struct{ repl *strings.Replacer }

func newRedactor(username, token string) *redactor {
	if token == "" {
		return &redactor{}
	}
	forms := []string{
		token,
		url.QueryEscape(token),
		url.PathEscape(token),
		base64.StdEncoding.EncodeToString([]byte(username + ":" + token)),
	}
	var pairs []string
	seen := map[string]bool{}
	for _, f := range forms {
		if f != "" && !seen[f] {
			seen[f] = true
			pairs = append(pairs, f, Mask)
		}
	}
	return &redactor{repl: strings.NewReplacer(pairs...)}
}

func (r *redactor) text(s string) string {
	if r.repl != nil {
		s = r.repl.Replace(s)
	}
	return redactText(s)
}

func (r *redactor) args(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = r.text(a)
	}
	return out
}
