package secrets

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
)

// FingerprintLength is how many hex digits of the SHA-256 a fingerprint
// keeps: enough to tell secrets apart and to find the same secret in
// another file or commit, too few to stand for the value.
const FingerprintLength = 12

// Fingerprint identifies a secret without showing it: "sha256:" and the
// first FingerprintLength hex digits of the SHA-256 of value.
//
// A fingerprint of a guessable value (a dictionary word as a password)
// lets someone who guesses it confirm the guess; it is never the value.
func Fingerprint(value string) string {
	sum := sha256.Sum256([]byte(value))
	return "sha256:" + hex.EncodeToString(sum[:])[:FingerprintLength]
}

// MaskKeyID shows an AWS access key ID the way people recognise it without
// repeating it: its prefix and its last four characters (AKIA…WXYZ).
func MaskKeyID(id string) string {
	if len(id) < 12 {
		return "…"
	}
	return id[:4] + "…" + id[len(id)-4:]
}

// Redactor masks known secret values in text that is about to be shown.
// The zero value masks nothing.
type Redactor struct {
	// pieces are what to replace, longest first, each with its mask.
	pieces []piece
}

type piece struct{ text, mask string }

// minRedact is the shortest piece of a value that is masked on its own
// (a line of a multi-line value): shorter ones are too common to replace.
const minRedact = 6

// Add records a secret value and, optionally, other forms of it (its
// source text with escapes). Every form is masked, and so is every line of
// a multi-line form of at least minRedact bytes.
func (r *Redactor) Add(value string, forms ...string) {
	mask := "(redacted " + Fingerprint(value) + ")"
	for _, f := range append([]string{value}, forms...) {
		if strings.TrimSpace(f) == "" {
			continue
		}
		r.pieces = append(r.pieces, piece{f, mask})
		if strings.Contains(f, "\n") {
			for _, line := range strings.Split(f, "\n") {
				if line = strings.TrimSpace(line); len(line) >= minRedact {
					r.pieces = append(r.pieces, piece{line, mask})
				}
			}
		}
	}
	sort.SliceStable(r.pieces, func(i, j int) bool { return len(r.pieces[i].text) > len(r.pieces[j].text) })
}

// Merge records every value o masks.
func (r *Redactor) Merge(o *Redactor) {
	if o.Empty() {
		return
	}
	r.pieces = append(r.pieces, o.pieces...)
	sort.SliceStable(r.pieces, func(i, j int) bool { return len(r.pieces[i].text) > len(r.pieces[j].text) })
}

// Empty reports whether nothing is to be masked.
func (r *Redactor) Empty() bool { return r == nil || len(r.pieces) == 0 }

// Redact returns text with every recorded value replaced by its mask,
// "(redacted sha256:…)".
func (r *Redactor) Redact(text string) string {
	if r.Empty() {
		return text
	}
	for _, p := range r.pieces {
		if strings.Contains(text, p.text) {
			text = strings.ReplaceAll(text, p.text, p.mask)
		}
	}
	return text
}
