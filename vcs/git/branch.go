package git

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// BranchPrefix starts every branch BranchName makes.
const BranchPrefix = "driftfix/"

// BranchName is the branch of one run: driftfix/<project>/<yyyymmdd>-<shortid>,
// the date in UTC. project and shortID are sanitised into valid ref name
// components (lower case letters, digits, '.', '_' and '-'; anything else
// becomes '-'), so the result always passes ValidateBranchName. A project
// path such as envs/prod becomes one component, envs-prod.
func BranchName(project string, at time.Time, shortID string) string {
	return BranchPrefix + refComponent(project, "project") + "/" + at.UTC().Format("20060102") + "-" + refComponent(shortID, "run")
}

// maxComponent bounds a sanitised component, so branch names stay readable
// and far below filesystem name limits.
const maxComponent = 64

// refComponent turns s into one valid ref name component, or fallback when
// nothing of s is left.
func refComponent(s, fallback string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok || c == '-' {
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		if c == '.' && strings.HasSuffix(b.String(), ".") {
			continue // ".." is never allowed
		}
		b.WriteRune(c)
		dash = false
	}
	out := b.String()
	if len(out) > maxComponent {
		out = out[:maxComponent]
	}
	for {
		trimmed := strings.Trim(out, ".-")
		trimmed = strings.TrimSuffix(trimmed, ".lock")
		if trimmed == out {
			break
		}
		out = trimmed
	}
	if out == "" {
		return fallback
	}
	return out
}

// ValidateBranchName reports, as an error matching ErrInvalidBranchName,
// why name cannot be a branch: git's check-ref-format rules for
// refs/heads/<name>, and those of check-ref-format --branch (no leading
// '-', not "HEAD"). It is stricter than git in one case: "@", which git
// reads as HEAD, is refused.
func ValidateBranchName(name string) error {
	bad := func(why string) error { return fmt.Errorf("%w %q: %s", ErrInvalidBranchName, name, why) }
	switch {
	case name == "":
		return bad("empty")
	case strings.HasPrefix(name, "-"):
		return bad("starts with '-'")
	case name == "HEAD":
		return bad("HEAD is not a branch")
	case name == "@":
		return bad("'@' means HEAD")
	}
	if why := refFormatProblem(name); why != "" {
		return bad(why)
	}
	return nil
}

// refFormatProblem says which rule of git check-ref-format name breaks,
// or "" when it breaks none (ignoring the rule that a ref has two levels,
// since a branch name is checked as refs/heads/<name>).
func refFormatProblem(name string) string {
	switch {
	case name == "@":
		return "is '@'"
	case strings.HasPrefix(name, "/"), strings.HasSuffix(name, "/"):
		return "starts or ends with '/'"
	case strings.Contains(name, "//"):
		return "contains '//'"
	case strings.HasSuffix(name, "."):
		return "ends with '.'"
	case strings.Contains(name, ".."):
		return "contains '..'"
	case strings.Contains(name, "@{"):
		return "contains '@{'"
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c < 0x20 || c == 0x7f {
			return "contains a control character"
		}
		if strings.IndexByte(" ~^:?*[\\", c) >= 0 {
			return fmt.Sprintf("contains %q", c)
		}
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			return fmt.Sprintf("component %q starts with '.'", part)
		}
		if strings.HasSuffix(part, ".lock") {
			return fmt.Sprintf("component %q ends with '.lock'", part)
		}
	}
	return ""
}

// NewBranch creates branch name at HEAD and checks it out in the work
// tree; uncommitted changes stay as they are. It fails if the branch
// exists.
func (w *Worktree) NewBranch(ctx context.Context, name string) error {
	if err := ValidateBranchName(name); err != nil {
		return err
	}
	if err := w.usable(); err != nil {
		return err
	}
	unlock, err := w.repo.lock(ctx, shared)
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := w.repo.run.run(ctx, w.call("switch", "--quiet", "--no-guess", "-c", name)); err != nil {
		return fmt.Errorf("new branch %s: %w", name, err)
	}
	w.branch = name
	return nil
}
