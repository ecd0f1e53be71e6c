package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
)

// The corpus: small Terraform files copied, with their licence, from public
// repositories into testdata/corpus/<source>/…, and for each of its
// directories (one root module each) expected.json: the findings driftfix
// reports, the findings trivy reports (its check IDs, from a run of trivy
// or, where trivy could not run, from its check definitions), and the
// reason for every finding one reports and the other does not.

// Corpus is testdata/corpus/expected.json.
type Corpus struct {
	// Trivy says where the recorded trivy findings come from.
	Trivy   string   `json:"trivy"`
	Sources []Source `json:"sources"`
	Cases   []Case   `json:"cases"`
}

// Source is a repository some case directories were copied from.
type Source struct {
	Dir     string `json:"dir"` // under testdata/corpus
	Repo    string `json:"repo"`
	Commit  string `json:"commit"`
	Path    string `json:"path"`
	Licence string `json:"licence"` // the licence file copied next to the files
}

// Case is one directory scanned as a root module.
type Case struct {
	Dir      string    `json:"dir"`
	Driftfix []Found   `json:"driftfix"`
	Trivy    []Found   `json:"trivy"`
	Explain  []Explain `json:"explain"`
}

// Found is one finding: driftfix's rule, or trivy's check ID, on a
// resource (its configuration address, without instance keys) in a file.
type Found struct {
	File    string `json:"file"`
	Address string `json:"address"`
	ID      string `json:"id"`
}

// Explain is the reason for one disagreement: a finding on one side only.
type Explain struct {
	Side    string `json:"side"` // "driftfix-only" or "trivy-only"
	File    string `json:"file"`
	Address string `json:"address"`
	ID      string `json:"id"`
	// Kind: "peer false positive", "unknown value", "driftfix miss",
	// "not a trivy check", "different reading".
	Kind string `json:"kind"`
	Why  string `json:"why"`
}

func (e Explain) key() string { return e.Side + "|" + e.File + "|" + e.Address + "|" + e.ID }

// Tally is a case's agreement.
type Tally struct {
	Agree        int
	DriftfixOnly []Found
	TrivyOnly    []Found
}

func loadCorpus(path string) (*Corpus, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Corpus
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &c, nil
}

var instanceKey = regexp.MustCompile(`\[[^\]]*\]`)

// configAddress drops instance keys: aws_s3_bucket.b["x"] → aws_s3_bucket.b.
func configAddress(a string) string { return instanceKey.ReplaceAllString(a, "") }

// scan runs every driftfix rule on dir and returns its findings, sorted.
func scan(ctx context.Context, dir string) ([]Found, error) {
	m := iac.Load(ctx, os.DirFS(dir), ".")
	if m.Diagnostics.HasErrors() {
		return nil, fmt.Errorf("%s: %s", dir, m.Diagnostics.Error())
	}
	in := fixers.Input{Module: m}
	res := fixers.Check(ctx, fixers.All(), &in, time.Now())
	seen := map[Found]bool{}
	var out []Found
	for _, f := range res.Findings {
		x := Found{File: filepath.ToSlash(f.File), Address: configAddress(f.Address), ID: f.Rule}
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sortFound(out)
	return out, nil
}

func sortFound(fs []Found) {
	sort.Slice(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		return a.ID < b.ID
	})
}

// trivyIDs are the trivy check IDs a driftfix rule answers for: its trivy
// reference and the trivy IDs among its further references (the public
// access block finding names the four settings' checks).
func trivyIDs(rule string) map[string]bool {
	out := map[string]bool{}
	fx, ok := fixers.ByID(rule)
	if !ok {
		return out
	}
	if fx.Refs.Trivy != "" {
		out[fx.Refs.Trivy] = true
	}
	for _, a := range fx.Refs.Also {
		if strings.HasPrefix(a, "AVD-") {
			out[a] = true
		}
	}
	return out
}

// compare matches driftfix's findings with trivy's: a trivy finding agrees
// with a driftfix finding of a rule that answers for its check ID, on the
// same resource of the same file, or, failing that, anywhere in the same
// file (trivy folds companion resources, such as a bucket's encryption
// configuration, into the resource they configure, and the two name
// different addresses). A driftfix finding that no trivy finding matches
// is driftfix-only; a trivy finding that none matches is trivy-only.
func compare(d, t []Found) Tally {
	var tl Tally
	usedD := make([]bool, len(d))
	matchedT := make([]bool, len(t))
	for pass := 0; pass < 2; pass++ {
		for j, tf := range t {
			if matchedT[j] {
				continue
			}
			for i, df := range d {
				if df.File != tf.File || !trivyIDs(df.ID)[tf.ID] {
					continue
				}
				if pass == 0 && df.Address != tf.Address {
					continue
				}
				if pass == 1 && usedD[i] {
					continue
				}
				matchedT[j], usedD[i] = true, true
				break
			}
		}
	}
	for j, ok := range matchedT {
		if ok {
			tl.Agree++
		} else {
			tl.TrivyOnly = append(tl.TrivyOnly, t[j])
		}
	}
	for i, ok := range usedD {
		if !ok {
			tl.DriftfixOnly = append(tl.DriftfixOnly, d[i])
		}
	}
	return tl
}

// unexplained returns the disagreements of tl that c does not explain, and
// the explanations of c that no disagreement needs.
func unexplained(c Case, tl Tally) (missing []string, stale []string) {
	have := map[string]bool{}
	for _, e := range c.Explain {
		have[e.key()] = true
	}
	need := map[string]bool{}
	for _, f := range tl.DriftfixOnly {
		need[Explain{Side: "driftfix-only", File: f.File, Address: f.Address, ID: f.ID}.key()] = true
	}
	for _, f := range tl.TrivyOnly {
		need[Explain{Side: "trivy-only", File: f.File, Address: f.Address, ID: f.ID}.key()] = true
	}
	for k := range need {
		if !have[k] {
			missing = append(missing, k)
		}
	}
	for k := range have {
		if !need[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	return missing, stale
}
