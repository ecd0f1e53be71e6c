package secrets

import (
	"regexp"
	"sort"
	"strings"
)

// Match is one secret in a value: its kind and its bytes, value[Start:End].
type Match struct {
	Kind       Kind
	Start, End int
	// Name is the name the secret is bound to inside the value, for a
	// NAME=VALUE pair in text (DB_PASSWORD in a script); "" otherwise.
	Name string
}

// Whole reports whether the match is all of value but for surrounding
// white space.
func (m Match) Whole(value string) bool {
	return strings.TrimSpace(value[:m.Start]) == "" && strings.TrimSpace(value[m.End:]) == ""
}

// format is a well-known credential format: a pattern whose group 1 is the
// secret, and how many distinct characters its random part needs (fewer is
// a placeholder: ghp_xxxxxxxx…).
type format struct {
	kind     Kind
	re       *regexp.Regexp
	prefix   int // bytes of the match before the random part
	distinct int
	// anchors are literals every match contains: a value without one of
	// them is not run through re (most values of a scan hold none).
	anchors []string
}

// Formats delimit the secret with a character that is not part of a key (or
// the ends of the value), since Go's regexp has no look-around.
var formats = []format{
	{AWSAccessKeyID, regexp.MustCompile(`(?:^|[^A-Za-z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?:$|[^A-Za-z0-9])`), 4, 6, []string{"AKIA", "ASIA"}},
	{GitHubToken, regexp.MustCompile(`(?:^|[^A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36})(?:$|[^A-Za-z0-9_])`), 4, 10, []string{"gh"}},
	{GitHubToken, regexp.MustCompile(`(?:^|[^A-Za-z0-9_])(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?:$|[^A-Za-z0-9_])`), 11, 10, []string{"github_pat_"}},
	{GitLabToken, regexp.MustCompile(`(?:^|[^A-Za-z0-9_-])(glpat-[A-Za-z0-9_-]{20})(?:$|[^A-Za-z0-9_-])`), 6, 8, []string{"glpat-"}},
	{SlackWebhook, regexp.MustCompile(`(https://hooks\.slack\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24})(?:$|[^A-Za-z0-9])`), 0, 10, []string{"hooks.slack.com"}},
	{SlackToken, regexp.MustCompile(`(?:^|[^A-Za-z0-9_-])(xox[abposr]-[0-9]{6,}-[0-9A-Za-z-]{8,})(?:$|[^A-Za-z0-9_-])`), 5, 8, []string{"xox"}},
	{StripeKey, regexp.MustCompile(`(?:^|[^A-Za-z0-9_])((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,99})(?:$|[^A-Za-z0-9_])`), 8, 10, []string{"k_live_", "k_test_"}},
	{GoogleAPIKey, regexp.MustCompile(`(?:^|[^A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?:$|[^A-Za-z0-9_-])`), 4, 10, []string{"AIza"}},
	{NPMToken, regexp.MustCompile(`(?:^|[^A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?:$|[^A-Za-z0-9_])`), 4, 10, []string{"npm_"}},
	{SendGridKey, regexp.MustCompile(`(?:^|[^A-Za-z0-9_.-])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?:$|[^A-Za-z0-9_-])`), 3, 10, []string{"SG."}},
	{JWT, regexp.MustCompile(`(?:^|[^A-Za-z0-9_.-])(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})(?:$|[^A-Za-z0-9_.-])`), 0, 10, []string{"eyJ"}},
}

var (
	// urlPasswordRE finds scheme://user:password@host; group 1 is the password.
	urlPasswordRE = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@"']+:([^/\s@"']+)@(?:[A-Za-z0-9\[]|$)`)
	// pemBeginRE finds the start of a PEM private key.
	pemBeginRE = regexp.MustCompile(`-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----`)
	// assignRE finds NAME=VALUE and NAME: VALUE pairs in text (a script, an
	// env file, YAML, JSON, a connection string); group 1 is the name,
	// group 2 the value.
	assignRE = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_.-]{0,63})["']?[ \t]*(?:=|:)[ \t]*["']?([^\s"'&;,}\\]{1,512})`)
)

// Classify returns the secrets in value, bound to name (an attribute, an
// object key or an environment variable's name; "" when there is none),
// sorted by position and not overlapping. See the package documentation for
// what is and is not a secret.
func Classify(name, value string) []Match {
	if strings.TrimSpace(value) == "" {
		return nil
	}
	var out []Match
	add := func(m Match) {
		for _, o := range out {
			if m.Start < o.End && o.Start < m.End {
				return
			}
		}
		out = append(out, m)
	}
	for _, m := range privateKeys(value) {
		add(m)
	}
	for _, f := range formats {
		if !containsAny(value, f.anchors) {
			continue
		}
		for _, loc := range f.re.FindAllStringSubmatchIndex(value, -1) {
			s, e := loc[2], loc[3]
			tok := value[s:e]
			if placeholder(tok) || distinct(tok[min(f.prefix, len(tok)):]) < f.distinct {
				continue
			}
			add(Match{Kind: f.kind, Start: s, End: e})
		}
	}
	for _, loc := range urlPasswords(value) {
		s, e := loc[2], loc[3]
		pw := value[s:e]
		if len(pw) < 4 || placeholder(pw) || reference(pw) || strings.Contains(pw, "${") {
			continue
		}
		add(Match{Kind: URLPassword, Start: s, End: e})
	}
	multiline := strings.ContainsAny(strings.TrimSpace(value), "\n\r")
	switch {
	case len(out) > 0:
	case name != "" && SecretName(name) && !multiline:
		t := strings.TrimSpace(value)
		if literalSecret(t) {
			s := strings.Index(value, t)
			k := Password
			if awsSecretName(name) && awsSecretShape(t) {
				k = AWSSecretKey
			}
			add(Match{Kind: k, Start: s, End: s + len(t)})
		}
	}
	// NAME=VALUE pairs in text: a user_data script, an env file, a
	// connection string. Not in prose (a description).
	if (multiline || strings.ContainsAny(value, ";&?") || strings.Contains(value, "export ")) && !proseName(name) {
		for _, loc := range assignRE.FindAllStringSubmatchIndex(value, -1) {
			n, s, e := value[loc[2]:loc[3]], loc[4], loc[5]
			if loc[2] > 0 && keyChar(value[loc[2]-1]) && value[loc[2]-1] != '-' {
				continue // the middle of a word
			}
			if !SecretName(n) {
				continue
			}
			v := value[s:e]
			if !literalSecret(v) {
				continue
			}
			k := Password
			if awsSecretName(n) && awsSecretShape(v) {
				k = AWSSecretKey
			}
			add(Match{Kind: k, Start: s, End: e, Name: n})
		}
	}
	// the runs first: most values have none, and the tests of the name
	// and the whole value cost more
	if runs := highEntropyRuns(value); len(runs) > 0 && (name == "" || entropyName(name) && !proseName(name)) &&
		!digest(strings.TrimSpace(value)) && !(reference(strings.TrimSpace(value)) && !multiline) {
		for _, r := range runs {
			tok := value[r[0]:r[1]]
			if placeholder(tok) || publicKeyAt(value, r[0]) {
				continue
			}
			add(Match{Kind: HighEntropy, Start: r[0], End: r[1]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// literalSecret reports whether v, bound to a secret-like name, is a
// secret: not a placeholder, a reference, a digest, or a value that is
// not one (a number, an enum, prose, something too short).
func literalSecret(v string) bool {
	return !placeholder(v) && !reference(v) && !notSecretShape(v) && !strings.Contains(v, "${")
}

// awsSecretShape: 40 characters of base64's alphabet.
func awsSecretShape(v string) bool {
	if len(v) != 40 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !keyChar(v[i]) || v[i] == '_' || v[i] == '-' || v[i] == '=' {
			return false
		}
	}
	return true
}

// privateKeys finds PEM private keys with a body: the whole block, from
// BEGIN to END, is the secret. A block whose body is short or a
// placeholder (MIIE…, EXAMPLE) is not.
func privateKeys(v string) []Match {
	var out []Match
	for _, loc := range pemBeginRE.FindAllStringIndex(v, -1) {
		start := loc[0]
		rest := v[loc[1]:]
		endAt := strings.Index(rest, "-----END ")
		if endAt < 0 {
			continue
		}
		body := rest[:endAt]
		closeAt := strings.Index(rest[endAt+len("-----END "):], "-----")
		if closeAt < 0 {
			continue
		}
		end := loc[1] + endAt + len("-----END ") + closeAt + len("-----")
		if !pemBody(body) {
			continue
		}
		out = append(out, Match{Kind: PrivateKey, Start: start, End: end})
	}
	return out
}

// pemBody reports whether body (between BEGIN and END) holds a key: at
// least 64 base64 characters once headers, white space and escaped line
// ends (\n in JSON) are removed, not a placeholder.
func pemBody(body string) bool {
	var sb strings.Builder
	for _, line := range strings.Split(strings.ReplaceAll(body, `\n`, "\n"), "\n") {
		line = strings.TrimSpace(line)
		if strings.Contains(line, ":") { // Proc-Type:, DEK-Info:, Comment:
			continue
		}
		sb.WriteString(line)
	}
	b := sb.String()
	if len(b) < 64 || placeholder(b) || distinct(b) < 16 {
		return false
	}
	for i := 0; i < len(b); i++ {
		if !keyChar(b[i]) {
			return false
		}
	}
	return true
}

// publicKeyAt reports whether the run at i is the key of an OpenSSH public
// key line (ssh-rsa AAAA…, ecdsa-sha2-nistp256 AAAA…) or inside a PEM
// block that is not a private key (a certificate, a public key).
func publicKeyAt(v string, i int) bool {
	line := v[strings.LastIndexByte(v[:i], '\n')+1 : i]
	for _, p := range []string{"ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"} {
		if strings.Contains(line, p) {
			return true
		}
	}
	begin := strings.LastIndex(v[:i], "-----BEGIN ")
	if begin < 0 {
		return false
	}
	if end := strings.LastIndex(v[:i], "-----END "); end > begin {
		return false
	}
	header := v[begin:min(len(v), begin+64)]
	return !strings.Contains(header, "PRIVATE KEY")
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// urlPasswords are urlPasswordRE's matches; a value without "://" and "@"
// has none.
func urlPasswords(value string) [][]int {
	if !strings.Contains(value, "://") || !strings.Contains(value, "@") {
		return nil
	}
	return urlPasswordRE.FindAllStringSubmatchIndex(value, -1)
}
