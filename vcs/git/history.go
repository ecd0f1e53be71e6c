package git

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Reading a repository's history, for secrets committed and removed since
// (they are still in every clone): every version of every file of
// interest, with the commit that brought it. Nothing here writes to the
// repository.

// Version is one version of a file in the history: its content, at its
// path (relative to the directory History was given, slash-separated), and
// the first commit (oldest first) in which that content appeared.
type Version struct {
	Commit  string
	Author  string // "Name <email>"
	Date    time.Time
	Subject string
	Path    string
	Content []byte
}

// HistoryOptions configure History.
type HistoryOptions struct {
	// Git is the git binary ("" = git on PATH).
	Git string
	// Match selects the files by path (relative to the directory).
	Match func(path string) bool
	// MaxSize skips larger versions (default 4 MiB): configuration is small.
	MaxSize int64
	Logger  *slog.Logger
}

// ErrNotRepository is returned by History for a directory outside any git
// repository.
var ErrNotRepository = errors.New("not in a git repository")

// History calls visit once for every distinct content (blob) of every file
// below dir that Match selects, in the history of every branch and tag,
// oldest commit first, with the first commit that had it, and returns the
// repository's root. It runs git log and git cat-file only.
func History(ctx context.Context, dir string, opts HistoryOptions, visit func(Version) error) (root string, err error) {
	r := &runner{bin: opts.Git, env: buildEnv(os.Environ(), envSettings{}), redact: newRedactor("", ""), log: opts.Logger}
	if r.bin == "" {
		r.bin = "git"
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	maxSize := opts.MaxSize
	if maxSize <= 0 {
		maxSize = 4 << 20
	}
	root, err = r.output(ctx, call{dir: dir, args: []string{"rev-parse", "--show-toplevel"}})
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("%s: %w", dir, ErrNotRepository)
	}
	// --all: every branch and tag; no rename detection, so that a moved
	// file's content counts under its new path too; A and M: the versions
	// that brought content.
	out, err := r.run(ctx, call{dir: root, args: []string{"log", "--all", "--reverse", "--date-order", "--no-renames", "--raw", "--no-abbrev",
		"--diff-filter=AM", "-z", "--format=%x00%H%x1f%an <%ae>%x1f%aI%x1f%s"}})
	if err != nil {
		var ce *CommandError
		if errors.As(err, &ce) && strings.Contains(ce.Stderr, "does not have any commits") {
			return root, nil // an empty repository
		}
		return "", fmt.Errorf("read the history of %s: %w", root, err)
	}
	prefix := ""
	if absDir, err := filepath.Abs(dir); err == nil {
		d, errD := filepath.EvalSymlinks(absDir)
		r, errR := filepath.EvalSymlinks(root)
		if rel, err := filepath.Rel(r, d); errD == nil && errR == nil && err == nil && rel != "." {
			prefix = filepath.ToSlash(rel) + "/"
		}
	}
	todo, err := parseLog(out, prefix, opts.Match)
	if err != nil {
		return "", fmt.Errorf("read the history of %s: %w", root, err)
	}
	const batch = 256
	for i := 0; i < len(todo); i += batch {
		part := todo[i:min(i+batch, len(todo))]
		var in bytes.Buffer
		for _, v := range part {
			in.WriteString(v.blob + "\n")
		}
		blobs, err := r.run(ctx, call{dir: root, args: []string{"cat-file", "--batch"}, stdin: in.Bytes()})
		if err != nil {
			return "", fmt.Errorf("read the history of %s: %w", root, err)
		}
		rd := bytes.NewReader(blobs)
		for _, v := range part {
			content, err := readBlob(rd, v.blob)
			if err != nil {
				return "", fmt.Errorf("read the history of %s: %w", root, err)
			}
			if int64(len(content)) > maxSize {
				continue
			}
			v.Version.Content = content
			if err := visit(v.Version); err != nil {
				return "", err
			}
		}
		if err := ctx.Err(); err != nil {
			return "", err
		}
	}
	return root, nil
}

type pending struct {
	Version
	blob string
}

// parseLog reads git log -z --raw output: a header (%x00, then the commit,
// author, date and subject separated by \x1f), then for each file a raw
// line (":old new oldsha newsha status") and its path, each ended by NUL.
// It keeps the first version of each blob at a matching path below prefix
// (a directory of the repository, "" for all of it), relative to it.
func parseLog(out []byte, prefix string, match func(string) bool) ([]pending, error) {
	var todo []pending
	seen := map[string]bool{}
	var cur Version
	toks := strings.Split(string(out), "\x00")
	for i := 0; i < len(toks); i++ {
		tok := strings.TrimLeft(toks[i], "\n")
		switch {
		case tok == "":
		case strings.HasPrefix(tok, ":"):
			if i+1 >= len(toks) {
				return nil, fmt.Errorf("a raw diff line without its path: %q", tok)
			}
			i++
			path := toks[i]
			f := strings.Fields(tok)
			if len(f) < 5 {
				return nil, fmt.Errorf("a raw diff line git log should not write: %q", tok)
			}
			blob := f[3]
			rel, under := strings.CutPrefix(path, prefix)
			if !under || seen[blob] || strings.Trim(blob, "0") == "" || (match != nil && !match(rel)) {
				continue
			}
			path = rel
			seen[blob] = true
			v := cur
			v.Path = path
			todo = append(todo, pending{Version: v, blob: blob})
		default:
			h := strings.Split(tok, "\x1f")
			if len(h) != 4 || len(h[0]) < 40 {
				return nil, fmt.Errorf("a commit header git log should not write: %q", tok)
			}
			date, err := time.Parse(time.RFC3339, h[2])
			if err != nil {
				return nil, fmt.Errorf("commit %s: date %q: %w", h[0], h[2], err)
			}
			cur = Version{Commit: h[0], Author: h[1], Date: date, Subject: h[3]}
		}
	}
	return todo, nil
}

// readBlob reads one object of git cat-file --batch output: "<sha> blob
// <size>\n<content>\n".
func readBlob(rd *bytes.Reader, want string) ([]byte, error) {
	var header []byte
	for {
		c, err := rd.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("cat-file ended before blob %s", want)
		}
		if c == '\n' {
			break
		}
		header = append(header, c)
	}
	f := strings.Fields(string(header))
	if len(f) != 3 || f[0] != want || f[1] != "blob" {
		return nil, fmt.Errorf("cat-file answered %q for blob %s", header, want)
	}
	n, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || n < 0 || n > int64(rd.Len()) {
		return nil, fmt.Errorf("cat-file answered %q for blob %s", header, want)
	}
	content := make([]byte, n)
	if _, err := io.ReadFull(rd, content); err != nil {
		return nil, err
	}
	if c, err := rd.ReadByte(); err != nil || c != '\n' {
		return nil, fmt.Errorf("cat-file: blob %s does not end where its size says", want)
	}
	return content, nil
}
