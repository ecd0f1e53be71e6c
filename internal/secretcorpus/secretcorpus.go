// Package secretcorpus is the corpus of hardcoded secrets in
// testdata/secrets: a Terraform root module (corpus/) with planted fake
// credentials and look-alikes, what a scan should find in it
// (expected.json), and how a scan's findings score against it: precision
// and recall, for the tests and for make bench.
package secretcorpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Secret is a planted credential: where it is (the line it starts on),
// its kind, its fingerprint (as driftfix shows it) and its value.
type Secret struct {
	File        string `json:"file"`
	Line        int    `json:"line"`
	Kind        string `json:"kind"`
	Fingerprint string `json:"fingerprint"`
	Value       string `json:"value"`
}

// LookAlike is a value that looks like a secret and is not one.
type LookAlike struct {
	File string `json:"file"`
	Line int    `json:"line"`
	What string `json:"what"`
}

// Corpus is the loaded corpus.
type Corpus struct {
	// Dir is the Terraform code to scan.
	Dir        string
	Secrets    []Secret    `json:"secrets"`
	LookAlikes []LookAlike `json:"look_alikes"`
}

// Load reads the corpus in root (testdata/secrets).
func Load(root string) (*Corpus, error) {
	b, err := os.ReadFile(filepath.Join(root, "expected.json"))
	if err != nil {
		return nil, err
	}
	var c Corpus
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(root, "expected.json"), err)
	}
	c.Dir = filepath.Join(root, "corpus")
	return &c, nil
}

// Found is one finding of a scan: where, and the secret's fingerprint.
type Found struct {
	File   string
	Line   int
	Secret string
}

// Score is how a scan's findings compare with the planted secrets: a true
// positive is a finding at a secret's file and line with its fingerprint.
type Score struct {
	TP, FP, FN int
	Missed     []Secret
	False      []Found
	// OnLookAlikes are the look-alikes a false finding is on.
	OnLookAlikes []LookAlike
}

// Score compares found with the planted secrets.
func (c *Corpus) Score(found []Found) Score {
	var s Score
	hit := map[int]bool{}
	for _, f := range found {
		matched := false
		for i, x := range c.Secrets {
			if x.File == f.File && x.Line == f.Line && x.Fingerprint == f.Secret {
				matched = true
				if !hit[i] {
					hit[i] = true
					s.TP++
				}
			}
		}
		if matched {
			continue
		}
		s.FP++
		s.False = append(s.False, f)
		for _, la := range c.LookAlikes {
			if la.File == f.File && la.Line == f.Line {
				s.OnLookAlikes = append(s.OnLookAlikes, la)
			}
		}
	}
	for i, x := range c.Secrets {
		if !hit[i] {
			s.FN++
			s.Missed = append(s.Missed, x)
		}
	}
	return s
}

// Precision is TP / (TP + FP); 1 when nothing was found.
func (s Score) Precision() float64 {
	if s.TP+s.FP == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Recall is TP / (TP + FN); 1 when nothing was planted.
func (s Score) Recall() float64 {
	if s.TP+s.FN == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FN)
}

// Values are the planted values as they must never be shown: each value,
// and each line of 8 bytes or more of a multi-line one (a private key).
func (c *Corpus) Values() []string {
	var out []string
	for _, x := range c.Secrets {
		out = append(out, x.Value)
		if strings.Contains(x.Value, "\n") {
			for _, l := range strings.Split(x.Value, "\n") {
				if l = strings.TrimSpace(l); len(l) >= 8 && !strings.HasPrefix(l, "-----") {
					out = append(out, l)
				}
			}
		}
	}
	return out
}

// Leaks returns the planted values text holds.
func (c *Corpus) Leaks(text string) []string {
	var out []string
	for _, v := range c.Values() {
		if strings.Contains(text, v) {
			out = append(out, v)
		}
	}
	return out
}
