package terraform

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/go-version"
	install "github.com/hashicorp/hc-install"
	"github.com/hashicorp/hc-install/src"
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

	// SearchDirs are searched after the directories of $PATH, in order (a
	// project's ./bin, say). Relative paths are taken from the current
	// directory.
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
// version. hc-install's installer tries the sources in this order, and the
// first binary that fits wins:
//
//  1. terraform in each directory of $PATH, then in each of
//     opts.SearchDirs, then in the cached releases under opts.CacheDir
//     (Exact's directory when Exact is set, otherwise every cached version
//     that satisfies the constraints, newest first);
//  2. a download of release Exact into opts.CacheDir, only when
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
	local := newLocalSearch(opts, logger)
	sources := []src.Source{local.source()}
	var release *cachedRelease
	var releaseNote *Attempt
	switch {
	case !opts.AllowDownload:
		releaseNote = &Attempt{Source: "release", Reason: "download not allowed (give --allow-download)"}
	case opts.Exact == nil:
		releaseNote = &Attempt{Source: "release", Reason: "no exact terraform_version pinned; driftfix downloads only an exact release"}
	case local.cacheDir == "":
		releaseNote = &Attempt{Source: "release", Reason: "no cache directory to install into"}
	default:
		release = newCachedRelease(opts, logger, local.cacheDir)
		sources = append(sources, release)
	}

	installer := install.NewInstaller()
	installer.SetLogger(log.New(slogWriter{logger}, "", 0))
	bin, err := installer.Ensure(ctx, sources)
	switch {
	case err == nil && release != nil && release.version != nil:
		return bin, release.version, nil
	case err == nil:
		v, verr := local.found(ctx, bin)
		if verr == nil {
			return bin, v, nil
		}
	case release != nil: // the download failed (or, never seen, a source was invalid)
		releaseNote = &Attempt{Source: "release", Where: release.where(), Reason: err.Error()}
	}
	tried := local.explain()
	if releaseNote != nil {
		tried = append(tried, *releaseNote)
	}
	return "", nil, &NotFoundError{Want: describeWant(opts), Tried: tried}
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
