package secrets

import (
	"regexp"
	"strings"
	"unicode"
)

// placeholderMarkers, anywhere in a value, say that it is not a real
// secret: an example, a value to replace, a masked one.
var placeholderMarkers = []string{"example", "changeme", "change_me", "change-me", "changethis", "replace", "placeholder",
	"dummy", "sample", "your_", "your-", "yourpass", "yoursecret", "yourtoken", "yourkey", "xxxx", "****", "....", "…",
	"todo", "fixme", "redacted", "insert_", "insert-", "notreal", "not_real", "not-real", "notasecret", "not_a_secret",
	"not-a-secret", "do_not_use", "do-not-use", "<your", "<insert", "<secret", "<token", "<password", "<key", "$(",
	"`"}

// placeholderValues are values that are placeholders as a whole, compared
// ignoring case: words people write where a secret goes, and the dummy
// passwords of tutorials and tests.
var placeholderValues = set("password", "passwd", "secret", "token", "test", "testing", "tests", "changeme", "example",
	"placeholder", "dummy", "none", "null", "nil", "undefined", "empty", "default", "sample", "value", "string", "tbd",
	"todo", "admin", "root", "pass", "password1", "password12", "password123", "password1234", "passw0rd", "p@ssw0rd",
	"p@ssword", "secret123", "admin123", "letmein", "hunter2", "foobar", "foo", "bar", "baz", "qwerty", "abc123",
	"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "required", "optional", "unset", "na", "n/a",
	"mysecret", "mypassword", "supersecret", "secretpassword", "testpassword", "testtoken", "mytoken")

// referencePrefixes start values that name where a secret is, not the
// secret: environment variables, templates, ARNs, parameter paths,
// secret-manager URIs, encrypted values.
var referencePrefixes = []string{"$", "{{", "%{", "%(", "arn:", "ssm:", "vault:", "op://", "secretsmanager:", "resolve:",
	"env:", "file:", "sm://", "gcp:", "azure:", "kms:", "projects/", "/", "enc[", "aws:", "akv:", "keyvault:",
	"bws:", "doppler:", "sops:", "data.", "var.", "local.", "module."}

var (
	cryptRE  = regexp.MustCompile(`^\$(?:1|2[abxy]?|5|6|y|7|argon2(?:id|i|d)|scrypt|pbkdf2[-a-z0-9]*|sha1|md5)\$`)
	digestRE = regexp.MustCompile(`^(?i:sha1|sha224|sha256|sha384|sha512|md5|blake2b?)[:=-][0-9a-zA-Z+/=]+$`)
	ldapRE   = regexp.MustCompile(`^\{(?i:ssha|sha|md5|smd5|crypt|ssha256|ssha512|pbkdf2[-a-z0-9]*)\}`)
	enumRE   = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
)

var sequences = []string{"0123456789012345678901234567890123456789", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
	"qwertyuiopasdfghjklzxcvbnm", "9876543210987654321098765432109876543210"}

// placeholder reports whether v is a placeholder: an example or dummy
// value, a value to be replaced, a masked one, a run of one character or a
// keyboard sequence.
func placeholder(v string) bool {
	lower := strings.ToLower(strings.TrimSpace(v))
	if placeholderValues[lower] {
		return true
	}
	for _, m := range placeholderMarkers {
		if strings.Contains(lower, m) {
			return true
		}
	}
	if strings.Contains(lower, "<") && strings.Contains(lower, ">") && strings.Index(lower, "<") < strings.LastIndex(lower, ">") {
		return true // <token>, <db password here>
	}
	if distinct(lower) <= 3 {
		return true
	}
	alnum := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, lower)
	if len(alnum) >= 4 {
		for _, s := range sequences {
			if strings.Contains(s, alnum) {
				return true
			}
		}
	}
	return false
}

// reference reports whether v names where a secret is instead of holding
// it: $DB_PASSWORD, {{ .token }}, arn:…, ssm:/…, /prod/db/password, ENC[…].
func reference(v string) bool {
	lower := strings.ToLower(strings.TrimSpace(v))
	for _, p := range referencePrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

// digest reports whether v is a hash or a digest: hex of a digest's
// length, a crypt(3) or bcrypt string, sha256:…, {SSHA}….
func digest(v string) bool {
	v = strings.TrimSpace(v)
	if hexOnly(v) {
		switch len(v) {
		case 32, 40, 56, 64, 96, 128:
			return true
		}
	}
	return cryptRE.MatchString(v) || digestRE.MatchString(v) || ldapRE.MatchString(v)
}

// notSecretShape reports whether v, bound to a secret-like name, is still
// not a secret: too short, prose, a number, an enum, a UUID-free digest.
func notSecretShape(v string) bool {
	t := strings.TrimSpace(v)
	if len(t) < 6 {
		return true
	}
	if strings.Count(t, " ") >= 2 {
		return true // prose: "set this in the console"
	}
	if strings.IndexFunc(t, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
		return true // a number: an account ID, a port, a count
	}
	if len(t) <= 24 && enumRE.MatchString(t) {
		return true // an enum: ROTATE, SECURE_STRING
	}
	return digest(t)
}

func hexOnly(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}
