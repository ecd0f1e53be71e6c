package terraform

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hc-install/product"
	"github.com/hashicorp/hc-install/releases"
)

// cachedRelease is the last source of Ensure: hc-install's
// releases.ExactVersion downloads the pinned release and verifies the
// SHA256SUMS signature and the archive's checksum. Around it, cachedRelease
// says on the progress writer what it does and that it is still going,
// unpacks into a fresh directory under the cache, and renames that into
// place (cacheDir/<version>) only after the binary reports the expected
// version, so an interrupted or refused download never leaves a broken
// cache entry: hc-install v0.10.0's DownloadAndUnpack can lose its own
// error (a deferred cleanup overwrites the named result), e.g. after a
// checksum mismatch, and then chmods whatever file is at the destination.
type cachedRelease struct {
	*releases.ExactVersion
	cacheDir string
	progress io.Writer
	interval time.Duration
	log      *slog.Logger

	version *version.Version // of the installed binary, once installed
}

func newCachedRelease(opts InstallOptions, log *slog.Logger, cacheDir string) *cachedRelease {
	timeout := opts.DownloadTimeout
	if timeout == 0 {
		timeout = 5 * time.Minute
	}
	return &cachedRelease{
		ExactVersion: &releases.ExactVersion{
			Product:          product.Terraform,
			Version:          opts.Exact,
			Timeout:          timeout,
			ApiBaseURL:       strings.TrimSuffix(opts.ReleasesURL, "/"),
			ArmoredPublicKey: opts.ArmoredPublicKey,
			HTTPClient:       opts.HTTPClient,
		},
		cacheDir: cacheDir,
		progress: opts.Progress,
		interval: opts.ProgressInterval,
		log:      log,
	}
}

// Install downloads, verifies and caches the release; it returns the
// cached binary's path.
func (r *cachedRelease) Install(ctx context.Context) (string, error) {
	want := r.Version
	if err := os.MkdirAll(r.cacheDir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(r.cacheDir, ".download-"+want.String()+"-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed into place
	r.InstallDir = tmp

	r.log.Info("downloading terraform", "version", want.String(), "into", r.cacheDir)
	if r.progress != nil {
		fmt.Fprintf(r.progress, "driftfix: downloading and verifying Terraform %s into %s (once)\n", want, r.cacheDir)
	}
	var bin string
	err = withProgress(r.progress, "downloading Terraform "+want.String(), r.interval, func() (err error) {
		bin, err = r.ExactVersion.Install(ctx)
		return err
	})
	if err != nil {
		return "", err
	}
	got, err := binaryVersion(ctx, bin)
	if err != nil {
		return "", fmt.Errorf("downloaded binary: %w", err)
	}
	if !got.Equal(want) {
		return "", fmt.Errorf("downloaded binary reports version %s, want %s", got, want)
	}
	final := filepath.Join(r.cacheDir, want.String())
	p := filepath.Join(final, binaryName())
	if err := os.Rename(tmp, final); err != nil {
		// Another process may have installed the same release meanwhile.
		if v, verr := binaryVersion(ctx, p); verr == nil && v.Equal(want) {
			r.version = v
			return p, nil
		}
		return "", fmt.Errorf("install into cache: %w", err)
	}
	r.version = got
	return p, nil
}

// where is the release's address on the releases site or mirror.
func (r *cachedRelease) where() string {
	base := r.ApiBaseURL
	if base == "" {
		base = "https://releases.hashicorp.com"
	}
	return base + "/terraform/" + r.Version.String()
}
