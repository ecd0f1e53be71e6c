package secrets

import (
	"encoding/base64"
	"math"
	"strings"
	"unicode"
)

// MinEntropyLength is the shortest run of key-like characters judged by
// its entropy.
const MinEntropyLength = 24

// maxEntropyLength bounds the runs judged by entropy: longer ones are
// encoded documents (base64 of a file, a certificate), not keys.
const maxEntropyLength = 256

// Entropy is the Shannon entropy of s in bits per character.
func Entropy(s string) float64 {
	if s == "" {
		return 0
	}
	counts := map[rune]int{}
	n := 0
	for _, r := range s {
		counts[r]++
		n++
	}
	h := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}

// entropyThreshold is the entropy a run of n characters must reach to look
// random: 83% of the most a string of that length can have (log2 n), and at
// most 4.5 bits. Random base64 of 24 characters has about 4.2 bits; an
// identifier made of words (MyServiceProductionCluster2) stays well below.
func entropyThreshold(n int) float64 {
	return math.Min(4.5, 0.83*math.Log2(float64(n)))
}

// keyChar reports whether c may be part of a key: base64 (standard and URL)
// characters.
func keyChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=' || c == '_' || c == '-'
}

// highEntropyRuns returns the byte ranges of v that look like random keys:
// runs of MinEntropyLength to maxEntropyLength key characters with upper
// case, lower case and digits, few vowels (words have many),
// not hex, not a UUID, not base64 of readable text, and with entropy above
// entropyThreshold.
func highEntropyRuns(v string) [][2]int {
	var out [][2]int
	for i := 0; i < len(v); {
		if !keyChar(v[i]) {
			i++
			continue
		}
		j := i
		for j < len(v) && keyChar(v[j]) {
			j++
		}
		if randomLooking(v[i:j]) {
			out = append(out, [2]int{i, j})
		}
		i = j
	}
	return out
}

func randomLooking(run string) bool {
	run = strings.TrimRight(run, "=")
	if len(run) < MinEntropyLength || len(run) > maxEntropyLength {
		return false
	}
	if hexOnly(strings.ReplaceAll(run, "-", "")) {
		return false // digests, UUIDs, hex IDs
	}
	var upper, lower, digits, vowels, letters int
	for _, r := range run {
		switch {
		case unicode.IsUpper(r):
			upper++
			letters++
		case unicode.IsLower(r):
			lower++
			letters++
		case unicode.IsDigit(r):
			digits++
		}
		if strings.ContainsRune("aeiouAEIOU", r) {
			vowels++
		}
	}
	if upper == 0 || lower == 0 || digits == 0 {
		return false
	}
	if letters > 0 && float64(vowels)/float64(letters) > 0.32 {
		return false // made of words
	}
	if wordSeparated(run) {
		return false
	}
	if readableBase64(run) {
		return false
	}
	return Entropy(run) >= entropyThreshold(len(run))
}

// wordSeparated reports whether run is words joined by - _ / or . whose
// parts are each short: a name or a path (prod-eu-west-1-app-Server2).
func wordSeparated(run string) bool {
	parts := strings.FieldsFunc(run, func(r rune) bool { return r == '-' || r == '_' || r == '/' })
	if len(parts) < 3 {
		return false
	}
	for _, p := range parts {
		if len(p) > 12 {
			return false
		}
	}
	return true
}

// readableBase64 reports whether run is base64 (standard or URL) of text
// that is mostly printable: an encoded script or document, not a key.
func readableBase64(run string) bool {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(run)
		if err != nil || len(b) == 0 {
			continue
		}
		printable := 0
		for _, c := range b {
			if c == '\n' || c == '\t' || c == '\r' || (c >= 0x20 && c < 0x7f) {
				printable++
			}
		}
		if float64(printable)/float64(len(b)) > 0.95 {
			return true
		}
	}
	return false
}
