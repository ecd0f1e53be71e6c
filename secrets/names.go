package secrets

import (
	"strings"
	"sync"
	"unicode"
)

// wordsOf remembers the words of the names seen: attribute names repeat
// across a repository, and splitting them is most of a name test's cost.
var wordsOf sync.Map // string → []string

// words splits a name into lower-case words: at every character that is
// not a letter or a digit, and where camelCase turns upper case
// (dbPassword → db, password; DB_PASSWORD → db, password).
func words(name string) []string {
	if ws, ok := wordsOf.Load(name); ok {
		return ws.([]string)
	}
	ws := splitWords(name)
	if len(name) <= 64 {
		wordsOf.Store(name, ws)
	}
	return ws
}

func splitWords(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && unicode.IsLower(rs[i-1]):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// secretWords make a name secret-like on their own.
var secretWords = set("password", "passwd", "pwd", "pass", "passphrase", "secret", "secrets", "token", "apikey", "apitoken",
	"credential", "credentials", "privatekey", "secretkey", "accesskey", "authkey", "dsn")

// secretPairs make a name secret-like as two words in a row.
var secretPairs = map[[2]string]bool{
	{"api", "key"}: true, {"private", "key"}: true, {"access", "key"}: true, {"secret", "key"}: true,
	{"auth", "key"}: true, {"signing", "key"}: true, {"encryption", "key"}: true, {"master", "key"}: true,
	{"connection", "string"}: true, {"conn", "str"}: true, {"service", "key"}: true,
}

// notSecretWords make a name about a secret rather than the secret itself
// (secret_arn, password_length, token_validity, kms_key_id, public_key).
var notSecretWords = set("arn", "arns", "id", "ids", "name", "names", "version", "versions", "length", "count",
	"enabled", "enable", "disabled", "required", "policy", "policies", "rotation", "rotate", "ttl", "type", "types",
	"url", "uri", "path", "paths", "file", "files", "filename", "prefix", "suffix", "kms", "hash", "hashed", "digest",
	"sha", "sha1", "sha256", "sha512", "md5", "fingerprint", "thumbprint", "expiry", "expires", "expiration", "validity",
	"units", "reset", "encrypted", "ciphertext", "endpoint", "header", "format", "algorithm", "min", "max", "minimum",
	"maximum", "duration", "days", "hours", "minutes", "seconds", "reuse", "age", "complexity", "lowercase", "uppercase",
	"numbers", "symbols", "special", "recovery", "window", "wo", "managed", "manage", "generate", "generated", "public",
	"location", "source", "store", "mode", "method", "regex", "pattern", "hint", "description", "label", "creation",
	"idempotency", "placeholder", "example", "strategy", "parameter", "reference", "ref", "template", "issuer",
	"audience", "scope", "scopes", "usage", "spec", "size", "bits", "pgp", "gpg", "kind", "status", "state", "update",
	"updated", "last", "changed", "username", "email")

// notEntropyWords mark names whose values are random by design and not
// secret: digests, identifiers, signatures.
var notEntropyWords = set("hash", "hashes", "etag", "checksum", "digest", "sha", "sha1", "sha256", "sha512", "md5",
	"fingerprint", "thumbprint", "signature", "nonce", "id", "ids", "arn", "arns", "ami", "image", "policy",
	"description", "name", "names", "version", "uuid", "guid", "commit", "revision", "salt", "public", "certificate",
	"cert", "ca", "chain", "integrity", "key_id", "keyid", "snapshot", "fingerprints", "example")

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// SecretName reports whether name is the name of a secret: password,
// master_password, auth_token, client_secret, api_key, DB_PASSWORD,
// privateKey — and not a name about one: password_length, secret_arn,
// kms_key_id, token_validity, public_key, creation_token.
func SecretName(name string) bool {
	ws := words(name)
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if notSecretWords[w] {
			return false
		}
	}
	for i, w := range ws {
		if secretWords[w] {
			return true
		}
		if i > 0 && secretPairs[[2]string{ws[i-1], w}] {
			return true
		}
	}
	return false
}

// entropyName reports whether a value under name may be judged by its
// entropy: not a digest, an ID, a signature or a public key.
func entropyName(name string) bool {
	for _, w := range words(name) {
		if notEntropyWords[w] {
			return false
		}
	}
	return true
}

// awsSecretName reports whether name is that of an AWS secret access key:
// secret_key, aws_secret_access_key, AWS_SECRET_ACCESS_KEY, secretKey.
func awsSecretName(name string) bool {
	ws := words(name)
	for i, w := range ws {
		if w == "secretkey" || (w == "secret" && i+1 < len(ws) && (ws[i+1] == "key" || ws[i+1] == "access")) {
			return true
		}
	}
	return false
}

// proseWords mark attributes that hold prose for people.
var proseWords = set("description", "comment", "comments", "message", "notes", "note", "summary", "help", "title", "documentation")

// proseName reports whether name holds prose (a description): its text
// is not searched for NAME=VALUE pairs or random-looking runs.
func proseName(name string) bool {
	for _, w := range words(name) {
		if proseWords[w] {
			return true
		}
	}
	return false
}
