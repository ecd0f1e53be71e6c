package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hc-install/product"
	"github.com/hashicorp/hc-install/releases"
)

// InstallOptions says which Terraform binary Ensure may return and where it
// may look for one. The zero value accepts any Terraform on $PATH.
type InstallOptions struct {
	// Constraints are the module's required_version (see RequiredVersion).
	// Every binary Ensure returns satisfies them. Nil accepts any version.
	Constraints version.Constraints

	// Exact is the project's pinned terraform_version. When set, only this
	// version is accepted, and it must satisfy Constraints. It is also the
	// version a download installs.
	Exact *version.Version

	// PathDirs are the directories searched first, in order. Nil means the
	// directories of $PATH at the time of the call; an empty, non-nil slice
	// skips PATH.
	PathDirs []string

	// SearchDirs are searched after PathDirs, in order (a project's ./bin,
	// say). Relative paths are taken from the current directory.
	SearchDirs []string

	// CacheDir is the root of the release cache: a release of version V
	// lives at CacheDir/V/terraform. Empty means DefaultInstallCacheDir().
	CacheDir string

	// AllowDownload permits installing Exact from the releases site into
	// CacheDir when nothing local fits. Off by default: driftfix never
	// reaches the network unless told to.
	AllowDownload bool

	// ReleasesURL replaces https://releases.hashicorp.com (a mirror with the
	// same layout, including the index.json files; tests use httptest).
	ReleasesURL string

	// ArmoredPublicKey replaces HashiCorp's public key that verifies the
	// signature of the release's SHA256SUMS. Only for a mirror that signs
	// its own builds (and for tests). Signature verification cannot be
	// turned off.
	ArmoredPublicKey string

	// HTTPClient is used for downloads; nil means hc-install's default.
	HTTPClient *http.Client

	// DownloadTimeout bounds one download; zero means 5 minutes.
	DownloadTimeout time.Duration

	// Logger receives debug lines about each candidate; nil discards.
	Logger *slog.Logger

	// Progress receives a line when a download starts and then one every
	// ProgressInterval while it runs (give it stderr, never stdout). Nil
	// writes none.
	Progress io.Writer

	// ProgressInterval is how often; zero means DefaultProgressInterval.
	ProgressInterval time.Duration
}

// DefaultInstallCacheDir is where downloaded releases are cached:
// $XDG_CACHE_HOME/driftfix/terraform, or ~/.cache/driftfix/terraform when
// XDG_CACHE_HOME is unset (os.UserCacheDir's rule on Linux; on macOS it is
// ~/Library/Caches/driftfix/terraform).
func DefaultInstallCacheDir() (string, error) {
	root, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("terraform cache dir: %w", err)
	}
	return filepath.Join(root, "driftfix", "terraform"), nil
}

// Ensure locates, or installs, a Terraform binary that satisfies
// opts.Constraints and opts.Exact, and returns its absolute path and
// version. The sources are tried in this order, and the first binary that
// fits wins:
//
//  1. terraform in each of opts.PathDirs ($PATH by default), then in each of
//     opts.SearchDirs;
//  2. an already cached release under opts.CacheDir (Exact's directory when
//     Exact is set, otherwise the newest cached version that satisfies the
//     constraints);
//  3. a download of release Exact into opts.CacheDir, only when
//     opts.AllowDownload is set. The SHA256SUMS signature and the archive's
//     checksum are verified by hc-install; the release is unpacked into a
//     temporary directory and renamed into place only after the binary
//     reports the expected version, so an interrupted download never
//     leaves a broken cache entry.
//
// Downloads need Exact: Ensure never resolves a version range over the
// network, so that every run of a project uses the same release.
//
// When nothing fits, the error is a *NotFoundError (errors.Is
// ErrNoSuitableBinary) listing every source tried and why each was
// rejected. An Exact that violates Constraints is rejected up front.
//
// Versions are read by running `terraform version -json` (falling back to
// `terraform version`) with CHECKPOINT_DISABLE=1, so that probing a binary
// does not call HashiCorp's update check.
func Ensure(ctx context.Context, opts InstallOptions) (string, *version.Version, error) {
	logger := opts.Logger
	if logger == nil {
		logger = discardLogger()
	}
	if opts.Exact != nil && opts.Constraints != nil && !opts.Constraints.Check(opts.Exact) {
		return "", nil, fmt.Errorf("terraform_version %s does not satisfy required_version %s", opts.Exact, opts.Constraints)
	}
	e := ensurer{opts: opts, log: logger, seen: map[string]bool{}}

	// 1. PATH and search dirs.
	pathDirs := opts.PathDirs
	if pathDirs == nil {
		pathDirs = filepath.SplitList(os.Getenv("PATH"))
	}
	pathFound := false
	for _, dir := range pathDirs {
		if dir == "" {
			dir = "." // shell semantics of an empty PATH element
		}
		p, v, ok := e.try(ctx, "PATH", filepath.Join(dir, binaryName()), true)
		if ok {
			return p, v, nil
		}
		pathFound = pathFound || p != ""
	}
	if !pathFound {
		if opts.PathDirs != nil && len(opts.PathDirs) == 0 {
			e.reject("PATH", "", "not searched")
		} else {
			e.reject("PATH", "", fmt.Sprintf("no %s in %d directories", binaryName(), len(pathDirs)))
		}
	}
	for _, dir := range opts.SearchDirs {
		if p, v, ok := e.try(ctx, "search dir", filepath.Join(dir, binaryName()), false); ok {
			return p, v, nil
		}
	}

	// 2. The cache.
	cacheDir := opts.CacheDir
	if cacheDir == "" {
		d, err := DefaultInstallCacheDir()
		if err != nil {
			e.reject("cache", "", err.Error())
		}
		cacheDir = d
	}
	if cacheDir != "" {
		if p, v, ok := e.tryCache(ctx, cacheDir); ok {
			return p, v, nil
		}
	}

	// 3. A release download.
	switch {
	case !opts.AllowDownload:
		e.reject("release", "", "download not allowed (give --allow-download)")
	case opts.Exact == nil:
		e.reject("release", "", "no exact terraform_version pinned; driftfix downloads only an exact release")
	case cacheDir == "":
		e.reject("release", "", "no cache directory to install into")
	default:
		p, v, err := e.download(ctx, cacheDir)
		if err == nil {
			return p, v, nil
		}
		e.reject("release", releaseURL(opts.ReleasesURL, opts.Exact), err.Error())
	}
	return "", nil, &NotFoundError{Want: describeWant(opts), Tried: e.tried}
}

type ensurer struct {
	opts  InstallOptions
	log   *slog.Logger
	tried []Attempt
	seen  map[string]bool // resolved paths already checked
}

func (e *ensurer) reject(source, where, reason string) {
	e.log.Debug("terraform candidate rejected", "source", source, "where", where, "reason", reason)
	e.tried = append(e.tried, Attempt{Source: source, Where: where, Reason: reason})
}

// try checks one candidate file. For PATH entries a missing file is not
// recorded (PATH is summarised once); the returned path is non-empty when
// the file exists, so the caller knows PATH had something.
func (e *ensurer) try(ctx context.Context, source, path string, quietMissing bool) (string, *version.Version, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		e.reject(source, path, err.Error())
		return "", nil, false
	}
	if err := checkExecutable(abs); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			if !quietMissing {
				e.reject(source, abs, "not found")
			}
			return "", nil, false
		}
		e.reject(source, abs, err.Error())
		return abs, nil, false
	}
	key := abs
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		key = r
	}
	if e.seen[key] {
		return abs, nil, false // already judged under another name
	}
	e.seen[key] = true
	v, err := binaryVersion(ctx, abs)
	if err != nil {
		e.reject(source, abs, err.Error())
		return abs, nil, false
	}
	if reason := e.unfit(v); reason != "" {
		e.reject(source, abs, reason)
		return abs, nil, false
	}
	e.log.Debug("terraform found", "source", source, "path", abs, "version", v.String())
	return abs, v, true
}

// unfit says why version v is not acceptable, or "" when it is.
func (e *ensurer) unfit(v *version.Version) string {
	if e.opts.Exact != nil && !v.Equal(e.opts.Exact) {
		return fmt.Sprintf("version %s is not the pinned %s", v, e.opts.Exact)
	}
	if e.opts.Constraints != nil && !e.opts.Constraints.Check(v) {
		return fmt.Sprintf("version %s does not satisfy %s", v, e.opts.Constraints)
	}
	return ""
}

func (e *ensurer) tryCache(ctx context.Context, cacheDir string) (string, *version.Version, bool) {
	if e.opts.Exact != nil {
		return e.try(ctx, "cache", filepath.Join(cacheDir, e.opts.Exact.String(), binaryName()), false)
	}
	entries, err := os.ReadDir(cacheDir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			e.reject("cache", cacheDir, "empty (no such directory)")
		} else {
			e.reject("cache", cacheDir, err.Error())
		}
		return "", nil, false
	}
	var versions []*version.Version
	names := map[*version.Version]string{}
	for _, ent := range entries {
		if !ent.IsDir() || strings.HasPrefix(ent.Name(), ".") {
			continue
		}
		v, err := version.NewVersion(ent.Name())
		if err != nil {
			continue
		}
		versions = append(versions, v)
		names[v] = ent.Name()
	}
	sort.Sort(sort.Reverse(version.Collection(versions)))
	before := len(e.tried)
	for _, v := range versions {
		if reason := e.unfit(v); reason != "" {
			e.reject("cache", filepath.Join(cacheDir, names[v]), reason)
			continue
		}
		if p, bv, ok := e.try(ctx, "cache", filepath.Join(cacheDir, names[v], binaryName()), false); ok {
			return p, bv, true
		}
	}
	if len(e.tried) == before {
		e.reject("cache", cacheDir, "no cached release")
	}
	return "", nil, false
}

func (e *ensurer) download(ctx context.Context, cacheDir string) (string, *version.Version, error) {
	want := e.opts.Exact
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", nil, err
	}
	// Always unpack into a fresh directory, and trust nothing until the
	// binary reports the wanted version: hc-install v0.10.0's
	// DownloadAndUnpack can lose its own error (a deferred cleanup
	// overwrites the named result), e.g. after a checksum mismatch, and
	// then chmods whatever file is at the destination.
	tmp, err := os.MkdirTemp(cacheDir, ".download-"+want.String()+"-*")
	if err != nil {
		return "", nil, err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed into place

	timeout := e.opts.DownloadTimeout
	if timeout == 0 {
		timeout = 5 * time.Minute
	}
	src := &releases.ExactVersion{
		Product:          product.Terraform,
		Version:          want,
		InstallDir:       tmp,
		Timeout:          timeout,
		ApiBaseURL:       strings.TrimSuffix(e.opts.ReleasesURL, "/"),
		ArmoredPublicKey: e.opts.ArmoredPublicKey,
		HTTPClient:       e.opts.HTTPClient,
	}
	src.SetLogger(log.New(slogWriter{e.log}, "", 0))
	if err := src.Validate(); err != nil {
		return "", nil, err
	}
	e.log.Info("downloading terraform", "version", want.String(), "into", cacheDir)
	if e.opts.Progress != nil {
		fmt.Fprintf(e.opts.Progress, "driftfix: downloading and verifying Terraform %s into %s (once)\n", want, cacheDir)
	}
	var bin string
	err = withProgress(e.opts.Progress, "downloading Terraform "+want.String(), e.opts.ProgressInterval, func() (err error) {
		bin, err = src.Install(ctx)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	got, err := binaryVersion(ctx, bin)
	if err != nil {
		return "", nil, fmt.Errorf("downloaded binary: %w", err)
	}
	if !got.Equal(want) {
		return "", nil, fmt.Errorf("downloaded binary reports version %s, want %s", got, want)
	}
	final := filepath.Join(cacheDir, want.String())
	if err := os.Rename(tmp, final); err != nil {
		// Another process may have installed the same release meanwhile.
		p := filepath.Join(final, binaryName())
		if v, verr := binaryVersion(ctx, p); verr == nil && v.Equal(want) {
			return p, v, nil
		}
		return "", nil, fmt.Errorf("install into cache: %w", err)
	}
	return filepath.Join(final, binaryName()), got, nil
}

func releaseURL(base string, v *version.Version) string {
	if base == "" {
		base = "https://releases.hashicorp.com"
	}
	return strings.TrimSuffix(base, "/") + "/terraform/" + v.String()
}

func describeWant(opts InstallOptions) string {
	var parts []string
	if opts.Exact != nil {
		parts = append(parts, "exactly "+opts.Exact.String())
	}
	if opts.Constraints != nil {
		parts = append(parts, opts.Constraints.String())
	}
	if len(parts) == 0 {
		return "any version"
	}
	return strings.Join(parts, ", ")
}

func binaryName() string { return product.Terraform.BinaryName() }

func checkExecutable(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return os.ErrNotExist
		}
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("not a regular file")
	}
	if fi.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("not executable")
	}
	return nil
}

var versionLine = regexp.MustCompile(`(?m)^Terraform v(\S+)`)

// binaryVersion asks a binary for its version, with the update check
// disabled and a 10 second bound.
func binaryVersion(ctx context.Context, path string) (*version.Version, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	run := func(args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, path, args...)
		cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			if msg := strings.TrimSpace(stderr.String()); msg != "" {
				return out, fmt.Errorf("%w: %s", err, firstLine(msg))
			}
		}
		return out, err
	}
	if out, err := run("version", "-json"); err == nil {
		var j struct {
			Version string `json:"terraform_version"`
		}
		if json.Unmarshal(out, &j) == nil && j.Version != "" {
			return version.NewVersion(j.Version)
		}
	}
	out, err := run("version")
	if err != nil {
		return nil, fmt.Errorf("terraform version: %w", err)
	}
	m := versionLine.FindSubmatch(out)
	if m == nil {
		return nil, fmt.Errorf("terraform version: unexpected output %q", firstLine(string(out)))
	}
	v, err := version.NewVersion(string(m[1]))
	if err != nil {
		return nil, fmt.Errorf("terraform version: %w", err)
	}
	return v, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// slogWriter turns the lines of a std *log.Logger (what hc-install and
// terraform-exec log to) into slog debug records.
type slogWriter struct{ l *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	w.l.Debug(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

var _ io.Writer = slogWriter{}
