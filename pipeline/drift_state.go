package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/driftfix/driftfix/terraform"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// Backend is where a project's state lives: the kind of its backend block
// ("local" when it has none) and, for the local backend, the state file.
type Backend struct {
	Kind string
	// Path is the local backend's state file for the default workspace
	// (terraform.tfstate unless the block sets path), relative to the
	// project's directory.
	Path string
	// WorkspaceDir is the local backend's directory of other workspaces
	// (terraform.tfstate.d unless the block sets workspace_dir).
	WorkspaceDir string
}

// Local reports whether the state is a file in the project's directory.
func (b Backend) Local() bool { return b.Kind == "local" }

// StatePath is the local backend's state file of workspace.
func (b Backend) StatePath(dir, workspace string) string {
	if workspace != "" && workspace != "default" {
		return filepath.Join(dir, b.WorkspaceDir, workspace, "terraform.tfstate")
	}
	return filepath.Join(dir, b.Path)
}

// ProjectBackend reads the backend of the root module in dir from its
// terraform blocks (.tf and .tf.json; a later block wins, as an override
// file's does): backend "KIND" { … }, or cloud { … } (HCP Terraform,
// kind "cloud"). No block means the local backend.
func ProjectBackend(dir string) (Backend, error) {
	b := Backend{Kind: "local", Path: "terraform.tfstate", WorkspaceDir: "terraform.tfstate.d"}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return b, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json")) {
			names = append(names, n)
		}
	}
	// Terraform reads override files last.
	sort.SliceStable(names, func(i, j int) bool { return !isOverride(names[i]) && isOverride(names[j]) })
	p := hclparse.NewParser()
	topSchema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "terraform"}}}
	tfSchema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "backend", LabelNames: []string{"type"}}, {Type: "cloud"}}}
	for _, n := range names {
		var f *hcl.File
		var diags hcl.Diagnostics
		if strings.HasSuffix(n, ".json") {
			f, diags = p.ParseJSONFile(filepath.Join(dir, n))
		} else {
			f, diags = p.ParseHCLFile(filepath.Join(dir, n))
		}
		if diags.HasErrors() || f == nil {
			continue // the code's own load reports it
		}
		top, _, _ := f.Body.PartialContent(topSchema)
		for _, tb := range top.Blocks {
			inner, _, _ := tb.Body.PartialContent(tfSchema)
			for _, blk := range inner.Blocks {
				if blk.Type == "cloud" {
					b = Backend{Kind: "cloud"}
					continue
				}
				b = Backend{Kind: blk.Labels[0]}
				if b.Kind == "local" {
					b.Path, b.WorkspaceDir = "terraform.tfstate", "terraform.tfstate.d"
					attrs, _ := blk.Body.JustAttributes()
					for name, dst := range map[string]*string{"path": &b.Path, "workspace_dir": &b.WorkspaceDir} {
						if a, ok := attrs[name]; ok {
							var s string
							if gohcl.DecodeExpression(a.Expr, nil, &s) == nil && s != "" {
								*dst = s
							}
						}
					}
				}
			}
		}
	}
	return b, nil
}

func isOverride(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// readState pulls the workspace's state through terraform (any backend). A
// configuration whose backend or modules are not initialised cannot be read
// that way until terraform init has run; init is tried then. When init
// cannot run either (no network for the providers), the state file is read
// directly, and only for the local backend: a remote backend that cannot be
// read is an error, never an empty or stale local file.
func readState(ctx context.Context, r *terraform.Runner, p Project, env Env, probe *switchWriter) ([]byte, error) {
	backend, err := ProjectBackend(p.Dir)
	if err != nil {
		return nil, err
	}
	// The first pull is a probe: its complaints (init required) are not
	// the user's business unless nothing else works.
	out := probe.swap(io.Discard)
	raw, pullErr := r.PullState(ctx)
	probe.swap(out)
	if pullErr == nil {
		return raw, nil
	}
	initErr := prepare(ctx, r, p)
	if initErr == nil {
		raw, err := r.PullState(ctx)
		if err != nil {
			return nil, fmt.Errorf("read the state of the %s backend: %w", backend.Kind, plainError(err))
		}
		return raw, nil
	}
	if !backend.Local() {
		return nil, fmt.Errorf("read the state of the %s backend: terraform init failed, so the state cannot be read: %w", backend.Kind, plainError(initErr))
	}
	local := backend.StatePath(p.Dir, p.Workspace)
	data, rerr := os.ReadFile(local)
	switch {
	case rerr == nil:
		env.logger().Warn("terraform init failed; reading the local backend's state file directly", "file", local, "init", firstLine(stripANSI(initErr.Error())))
		return data, nil
	case errors.Is(rerr, os.ErrNotExist):
		// A local backend without a state file has an empty state; but
		// init failed, so say so rather than report everything unmanaged.
		return nil, fmt.Errorf("read state: terraform init failed (%v) and there is no local state file %s", firstLine(stripANSI(initErr.Error())), local)
	}
	return nil, fmt.Errorf("read state: %w (and terraform init failed: %v)", rerr, firstLine(stripANSI(initErr.Error())))
}

// ansiEscape matches terminal escape sequences (colours, cursor moves).
var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;?]*[ -/]*[@-~]")

// stripANSI removes terminal escape sequences: Terraform colours some
// output (state pull has no -no-color flag), and driftfix decides about
// colour itself (--no-color, NO_COLOR).
func stripANSI(s string) string { return ansiEscape.ReplaceAllString(s, "") }

// plainErr is an error with terminal escape sequences removed from its
// message; it still unwraps to the original.
type plainErr struct{ err error }

func (e plainErr) Error() string { return stripANSI(e.err.Error()) }
func (e plainErr) Unwrap() error { return e.err }

func plainError(err error) error {
	if err == nil {
		return nil
	}
	return plainErr{err}
}

// switchWriter writes Terraform's output, without escape sequences, to a
// destination that can be swapped (to io.Discard for a probe).
type switchWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *switchWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.w == nil {
		return len(p), nil
	}
	if bytes.IndexByte(p, 0x1b) >= 0 {
		if _, err := io.WriteString(s.w, stripANSI(string(p))); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return s.w.Write(p)
}

// swap sets the destination and returns the previous one.
func (s *switchWriter) swap(w io.Writer) io.Writer {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.w
	s.w = w
	return old
}

// initLeftovers are what terraform init creates in a project's directory.
var initLeftovers = []string{".terraform", ".terraform.lock.hcl"}

// keepInitState notes which of terraform init's files dir has now; the
// returned function removes those that were not there, so that drift,
// which only reads, leaves the directory as it found it. A .terraform the
// user had is never touched.
func keepInitState(dir string) (cleanup func() error) {
	had := map[string]bool{}
	for _, n := range initLeftovers {
		if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
			had[n] = true
		}
	}
	return func() error {
		var errs []error
		for _, n := range initLeftovers {
			if had[n] {
				continue
			}
			if err := os.RemoveAll(filepath.Join(dir, n)); err != nil {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	}
}
