package terraform

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hc-install/fs"
	"github.com/hashicorp/hc-install/product"
	"github.com/hashicorp/hc-install/src"
)

// localSearch is the part of Ensure that looks on this machine. hc-install's
// fs sources walk $PATH and then their ExtraPaths (the search dirs and the
// cached releases) in order and return the first binary that fits; what
// they cannot do is kept here:
//   - judge a binary by the project's pin and required_version together,
//     with driftfix's version probe (CHECKPOINT_DISABLE=1, a bound), once
//     per file however many names reach it (judge, as the product's
//     GetVersion);
//   - choose which cached releases to look in (newest first, only those
//     whose version fits);
//   - say, when nothing fits, what was looked at and why each was
//     rejected: hc-install reports only "executable file not found".
type localSearch struct {
	opts     InstallOptions
	log      *slog.Logger
	pathDirs []string
	cands    []candidate
	// cacheDir is the release cache ("" when there is none).
	cacheDir string
	// cacheNote says why the cache was not searched (no cache directory,
	// no such directory, unreadable); nil when it was.
	cacheNote *Attempt
	verdicts  map[string]*verdict // by resolved path
	reported  map[string]bool     // verdicts explain has listed
}

// candidate is one directory a binary may be in.
type candidate struct {
	source string // "PATH", "search dir" or "cache"
	dir    string
	// rejected says why this cached release does not fit, known from its
	// directory's name; such a directory is not searched.
	rejected string
}

// verdict is what judge found of one file.
type verdict struct {
	path    string // the first name it was judged under
	version *version.Version
	err     error // why it does not fit; nil when it does
}

func newLocalSearch(opts InstallOptions, log *slog.Logger) *localSearch {
	s := &localSearch{opts: opts, log: log, verdicts: map[string]*verdict{}}
	// The same list hc-install's fs sources read, at the same moment.
	s.pathDirs = filepath.SplitList(os.Getenv("PATH"))
	for _, d := range s.pathDirs {
		if d == "" {
			d = "." // shell semantics of an empty PATH element
		}
		s.cands = append(s.cands, candidate{source: "PATH", dir: d})
	}
	for _, d := range opts.SearchDirs {
		s.cands = append(s.cands, candidate{source: "search dir", dir: d})
	}
	s.cacheDir = opts.CacheDir
	if s.cacheDir == "" {
		d, err := DefaultInstallCacheDir()
		if err != nil {
			s.cacheNote = &Attempt{Source: "cache", Reason: err.Error()}
			return s
		}
		s.cacheDir = d
	}
	s.addCache()
	return s
}

// addCache adds the cached releases to look in: Exact's directory when
// Exact is set, otherwise every cached version, newest first.
func (s *localSearch) addCache() {
	cacheDir := s.cacheDir
	if s.opts.Exact != nil {
		s.cands = append(s.cands, candidate{source: "cache", dir: filepath.Join(cacheDir, s.opts.Exact.String())})
		return
	}
	entries, err := os.ReadDir(cacheDir)
	if err != nil {
		reason := err.Error()
		if errors.Is(err, os.ErrNotExist) {
			reason = "empty (no such directory)"
		}
		s.cacheNote = &Attempt{Source: "cache", Where: cacheDir, Reason: reason}
		return
	}
	type cached struct {
		v   *version.Version
		dir string
	}
	var releases []cached
	for _, ent := range entries {
		if !ent.IsDir() || strings.HasPrefix(ent.Name(), ".") {
			continue
		}
		if v, err := version.NewVersion(ent.Name()); err == nil {
			releases = append(releases, cached{v, filepath.Join(cacheDir, ent.Name())})
		}
	}
	slices.SortFunc(releases, func(a, b cached) int { return b.v.Compare(a.v) })
	for _, r := range releases {
		s.cands = append(s.cands, candidate{source: "cache", dir: r.dir, rejected: s.unfit(r.v)})
	}
}

// source is the hc-install source that searches $PATH and then the other
// candidates' directories: ExactVersion for a pin, Version for a
// required_version, AnyVersion otherwise.
func (s *localSearch) source() src.Source {
	var extra []string
	for _, c := range s.cands {
		if c.source != "PATH" && c.rejected == "" {
			extra = append(extra, c.dir)
		}
	}
	judged := product.Terraform
	judged.GetVersion = s.judge
	timeout := time.Duration(len(s.cands)+1) * versionTimeout
	if s.opts.Exact != nil {
		return &fs.ExactVersion{Product: judged, Version: s.opts.Exact, ExtraPaths: extra, Timeout: timeout}
	}
	constraints := s.opts.Constraints
	if len(constraints) == 0 {
		// Not fs.AnyVersion: it does not run the binary, so one that
		// cannot tell its version (a version manager's shim with no
		// version selected) would end the search instead of being passed
		// over. Every version, pre-releases too, meets != 0.0.0 (go-version
		// lets no pre-release meet >= 0).
		constraints = anyVersion
	}
	return &fs.Version{Product: judged, Constraints: constraints, ExtraPaths: extra, Timeout: timeout}
}

var anyVersion = version.MustConstraints(version.NewConstraint("!= 0.0.0"))

// judge reads the version of the binary at path and says why it does not
// fit the pin and constraints. A file reached again under another name
// (a symlink, a directory listed twice) is not run again.
func (s *localSearch) judge(ctx context.Context, path string) (*version.Version, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	key := resolved(abs)
	if v, ok := s.verdicts[key]; ok {
		return v.version, v.err
	}
	v, err := binaryVersion(ctx, abs)
	if err == nil {
		if reason := s.unfit(v); reason != "" {
			err = errors.New(reason)
		}
	}
	s.verdicts[key] = &verdict{path: abs, version: v, err: err}
	if err != nil {
		s.log.Debug("terraform candidate rejected", "where", abs, "reason", err.Error())
		return nil, err
	}
	s.log.Debug("terraform found", "path", abs, "version", v.String())
	return v, nil
}

// found returns the version of the binary the source returned.
func (s *localSearch) found(ctx context.Context, path string) (*version.Version, error) {
	if v, ok := s.verdicts[resolved(path)]; ok && v.err == nil {
		return v.version, nil
	}
	return s.judge(ctx, path) // not reached: the source judged it
}

// unfit says why version v is not acceptable, or "" when it is.
func (s *localSearch) unfit(v *version.Version) string {
	if s.opts.Exact != nil && !v.Equal(s.opts.Exact) {
		return fmt.Sprintf("version %s is not the pinned %s", v, s.opts.Exact)
	}
	if s.opts.Constraints != nil && !s.opts.Constraints.Check(v) {
		return fmt.Sprintf("version %s does not satisfy %s", v, s.opts.Constraints)
	}
	return ""
}

// explain lists, in search order, every candidate looked at and why it was
// not used. Missing files in $PATH directories are summarised in one line.
func (s *localSearch) explain() []Attempt {
	var tried []Attempt
	s.reported = map[string]bool{}
	add := func(a *Attempt) {
		if a != nil {
			tried = append(tried, *a)
		}
	}
	pathHad := false
	for _, c := range s.group("PATH") {
		a, exists := s.attempt(c)
		pathHad = pathHad || exists
		add(a)
	}
	switch {
	case len(s.pathDirs) == 0:
		add(&Attempt{Source: "PATH", Reason: "not searched ($PATH is empty)"})
	case !pathHad:
		add(&Attempt{Source: "PATH", Reason: fmt.Sprintf("no %s in %d directories", binaryName(), len(s.pathDirs))})
	}
	for _, c := range s.group("search dir") {
		a, _ := s.attempt(c)
		add(a)
	}
	if s.cacheNote != nil {
		add(s.cacheNote)
		return tried
	}
	before := len(tried)
	for _, c := range s.group("cache") {
		a, _ := s.attempt(c)
		add(a)
	}
	if len(tried) == before {
		add(&Attempt{Source: "cache", Where: s.cacheDir, Reason: "no cached release"})
	}
	return tried
}

// group is the candidates of one source, in order.
func (s *localSearch) group(source string) []candidate {
	var g []candidate
	for _, c := range s.cands {
		if c.source == source {
			g = append(g, c)
		}
	}
	return g
}

// attempt says why candidate c was not used (nil when it was not looked at
// or was judged under another name), and whether its directory holds a
// binary at all.
func (s *localSearch) attempt(c candidate) (*Attempt, bool) {
	if c.rejected != "" {
		return &Attempt{Source: c.source, Where: c.dir, Reason: c.rejected}, true
	}
	abs, err := filepath.Abs(filepath.Join(c.dir, binaryName()))
	if err != nil {
		return &Attempt{Source: c.source, Where: c.dir, Reason: err.Error()}, false
	}
	if err := checkExecutable(abs); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			if c.source == "PATH" {
				return nil, false // summarised
			}
			return &Attempt{Source: c.source, Where: abs, Reason: "not found"}, false
		}
		return &Attempt{Source: c.source, Where: abs, Reason: err.Error()}, true
	}
	key := resolved(abs)
	v, ok := s.verdicts[key]
	if !ok || v.path != abs || v.err == nil || s.reported[key] {
		return nil, true
	}
	s.reported[key] = true
	return &Attempt{Source: c.source, Where: abs, Reason: v.err.Error()}, true
}

// resolved is path with its symlinks resolved, or path when that fails.
func resolved(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	return path
}
