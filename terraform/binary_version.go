package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hc-install/product"
)

// versionTimeout bounds one `terraform version` probe.
const versionTimeout = 10 * time.Second

func binaryName() string { return product.Terraform.BinaryName() }

// checkExecutable says why path is not a binary Ensure could run
// (os.ErrNotExist when there is no file), or nil.
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
// disabled and a versionTimeout bound.
func binaryVersion(ctx context.Context, path string) (*version.Version, error) {
	ctx, cancel := context.WithTimeout(ctx, versionTimeout)
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
