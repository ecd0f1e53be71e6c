package iac

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// JournalFile is the name of a commit's journal inside its state directory.
const JournalFile = "journal.json"

// ErrInterrupted is returned by Commit.Run when its context ended before
// the write began: nothing was written.
var ErrInterrupted = errors.New("interrupted: nothing written")

// ChangedError says that a file changed on disk after the fixes were
// computed from it (another fix, or a person's editor, wrote it).
type ChangedError struct{ Path string }

func (e *ChangedError) Error() string {
	return fmt.Sprintf("%s changed since driftfix read it; nothing was written (run fix again)", e.Path)
}

// ReadOnlyError says that a file to replace is not writable.
type ReadOnlyError struct{ Path string }

func (e *ReadOnlyError) Error() string {
	return fmt.Sprintf("%s is read-only; nothing was written", e.Path)
}

// Commit replaces a set of files all-or-nothing, and only if every file the
// new contents were computed from still has the bytes it was read with.
//
// It stages every new file (fsync'd, with the old file's mode) and a
// hard-linked backup of every old one in StateDir, records them in a journal
// there (fsync'd), then renames the staged files into place and removes the
// journal. A process that dies half-way leaves the journal: the next
// Recover completes the commit, or rolls it back when it cannot. The staged
// files live in StateDir, not next to the files they replace, so a crash
// leaves nothing for `git add -A` to pick up (StateDir gets a .gitignore
// of "*"); only a file on another filesystem than StateDir is staged next
// to itself, as .NAME.driftfix-ID-N, and is listed in the journal too.
type Commit struct {
	// Root is the directory the paths are relative to (slash paths; they may
	// start with ../).
	Root string
	// StateDir holds the journal and the staged files.
	StateDir string
	// Read holds every file the new contents were computed from, with the
	// bytes it had then.
	Read map[string][]byte
	// Write holds the new content of each file to replace. A path missing
	// from Read must not exist yet.
	Write map[string][]byte
	// AfterRename, when set, runs after the n-th rename. It is a hook for
	// tests that stop a process half-way through a commit; driftfix itself
	// never sets it.
	AfterRename func(n int)
}

// journal is what a commit records before its first rename.
type journal struct {
	ID    string         `json:"id"`
	State string         `json:"state"` // "staging" or "committing"
	Files []journalEntry `json:"files"`
}

type journalEntry struct {
	Target  string `json:"target"` // slash path relative to Root
	Temp    string `json:"temp"`   // slash path relative to Root
	Backup  string `json:"backup,omitempty"`
	Existed bool   `json:"existed"`
	Before  string `json:"before,omitempty"` // sha256 of the old content
	After   string `json:"after"`            // sha256 of the new content
}

const (
	stateStaging    = "staging"
	stateCommitting = "committing"
)

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Run makes the commit. ctx is honoured until the journal says
// "committing"; after that the renames run to the end whatever happens,
// since stopping half-way would leave some files new and some old. A
// cancelled ctx before that point returns ErrInterrupted with nothing
// written.
func (c Commit) Run(ctx context.Context) error {
	if len(c.Write) == 0 {
		return nil
	}
	if ctx.Err() != nil {
		return ErrInterrupted
	}
	if err := c.verify(); err != nil {
		return err
	}
	if err := prepareStateDir(c.StateDir); err != nil {
		return err
	}
	id, err := newID()
	if err != nil {
		return err
	}
	txn := filepath.Join(c.StateDir, id)
	if err := os.Mkdir(txn, 0o700); err != nil {
		return err
	}
	stateDev, _ := device(c.StateDir)
	j := journal{ID: id, State: stateStaging}
	paths := make([]string, 0, len(c.Write))
	for p := range c.Write {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for i, p := range paths {
		old, existed := c.Read[p]
		e := journalEntry{Target: p, Existed: existed, After: sum(c.Write[p])}
		if existed {
			e.Before = sum(old)
		}
		dst := c.abs(p)
		if dev, err := device(filepath.Dir(dst)); err == nil && dev == stateDev {
			e.Temp = c.rel(filepath.Join(txn, fmt.Sprintf("%d.new", i)))
			if existed {
				e.Backup = c.rel(filepath.Join(txn, fmt.Sprintf("%d.orig", i)))
			}
		} else {
			// rename(2) works within one filesystem only.
			base := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".driftfix-"+id+fmt.Sprint("-", i))
			e.Temp = c.rel(base + ".new")
			if existed {
				e.Backup = c.rel(base + ".orig")
			}
		}
		j.Files = append(j.Files, e)
	}
	// The journal is written before the first staged file, so that a crash
	// while staging leaves nothing that Recover does not know of.
	if err := c.writeJournal(j); err != nil {
		os.RemoveAll(txn)
		return err
	}
	abort := func(err error) error {
		c.discard(j)
		return err
	}
	for _, e := range j.Files {
		if ctx.Err() != nil {
			return abort(ErrInterrupted)
		}
		if err := stageFile(c.abs(e.Temp), c.Write[e.Target], modeOf(c.abs(e.Target))); err != nil {
			return abort(fmt.Errorf("write %s: %w", e.Target, err))
		}
		if e.Existed {
			if err := backup(c.abs(e.Target), c.abs(e.Backup), c.Read[e.Target]); err != nil {
				return abort(fmt.Errorf("back up %s: %w", e.Target, err))
			}
		}
	}
	// Staging took time: check again that nobody wrote the files meanwhile.
	if err := c.verify(); err != nil {
		return abort(err)
	}
	if ctx.Err() != nil {
		return abort(ErrInterrupted)
	}
	j.State = stateCommitting
	if err := c.writeJournal(j); err != nil {
		return abort(err)
	}
	// From here on the commit completes: now, or in the next Recover.
	for i, e := range j.Files {
		if err := os.Rename(c.abs(e.Temp), c.abs(e.Target)); err != nil {
			return fmt.Errorf("write %s: %w (the next fix completes or rolls back this one from %s)", e.Target, err, filepath.Join(c.StateDir, JournalFile))
		}
		syncDir(filepath.Dir(c.abs(e.Target)))
		if c.AfterRename != nil {
			c.AfterRename(i + 1)
		}
	}
	c.finish(j)
	return nil
}

// abs resolves a slash path relative to Root, through symbolic links: a
// link is written through, as an editor does.
func (c Commit) abs(p string) string {
	a := filepath.Join(c.Root, filepath.FromSlash(p))
	if real, err := filepath.EvalSymlinks(a); err == nil {
		return real
	}
	return a
}

func (c Commit) rel(abs string) string {
	if r, err := filepath.Rel(c.Root, abs); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(abs)
}

// verify checks that every file read still has its bytes, that every file
// to create does not exist, and that every file to replace is writable.
func (c Commit) verify() error {
	paths := make([]string, 0, len(c.Read)+len(c.Write))
	for p := range c.Read {
		paths = append(paths, p)
	}
	for p := range c.Write {
		if _, ok := c.Read[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		want, read := c.Read[p]
		got, err := os.ReadFile(c.abs(p))
		switch {
		case !read && errors.Is(err, fs.ErrNotExist):
			continue
		case !read:
			return &ChangedError{Path: p}
		case err != nil && errors.Is(err, fs.ErrNotExist):
			return &ChangedError{Path: p}
		case err != nil:
			return fmt.Errorf("read %s: %w", p, err)
		case !bytes.Equal(got, want):
			return &ChangedError{Path: p}
		}
		if _, write := c.Write[p]; write {
			if err := writable(c.abs(p)); err != nil {
				if errors.Is(err, errReadOnly) {
					return &ReadOnlyError{Path: p}
				}
				return fmt.Errorf("%s: %w", p, err)
			}
		}
	}
	return nil
}

var errReadOnly = errors.New("read-only")

// writable reports errReadOnly for a file nobody may write (no w bit: even
// root, whom access(2) lets write anything, must not replace it) or that
// this process may not write.
func writable(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("not a regular file")
	}
	if st.Mode().Perm()&0o222 == 0 || !mayWrite(path) {
		return errReadOnly
	}
	return nil
}

func modeOf(path string) fs.FileMode {
	if st, err := os.Stat(path); err == nil {
		return st.Mode().Perm()
	}
	return 0o644
}

// prepareStateDir creates dir (0700) with a .gitignore that ignores
// everything in it.
func prepareStateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	gi := filepath.Join(dir, ".gitignore")
	if _, err := os.Stat(gi); err == nil {
		return nil
	}
	return os.WriteFile(gi, []byte("# driftfix's run state: never commit it\n*\n"), 0o600)
}

func newID() (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// stageFile writes data to path (created, exclusive) with mode, fsync'd.
func stageFile(path string, data []byte, mode fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// backup keeps the old content of target at path: a hard link (the old
// inode survives the rename), or a copy where links are not possible.
func backup(target, path string, content []byte) error {
	if err := os.Link(target, path); err == nil {
		return nil
	}
	return stageFile(path, content, 0o600)
}

func (c Commit) writeJournal(j journal) error {
	data, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(c.StateDir, JournalFile)
	tmp := path + ".tmp"
	os.Remove(tmp)
	if err := stageFile(tmp, append(data, '\n'), 0o600); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(c.StateDir)
	return nil
}

// discard removes what a commit staged and its journal: nothing was renamed.
func (c Commit) discard(j journal) {
	for _, e := range j.Files {
		os.Remove(c.abs(e.Temp))
		if e.Backup != "" {
			os.Remove(c.abs(e.Backup))
		}
	}
	c.finish(j)
}

// finish removes the journal, then the staged leftovers (backups) and the
// commit's directory.
func (c Commit) finish(j journal) {
	os.Remove(filepath.Join(c.StateDir, JournalFile))
	syncDir(c.StateDir)
	for _, e := range j.Files {
		os.Remove(c.abs(e.Temp))
		if e.Backup != "" {
			os.Remove(c.abs(e.Backup))
		}
	}
	os.RemoveAll(filepath.Join(c.StateDir, j.ID))
}

// Recovery says what Recover did.
type Recovery struct {
	// Action is "" (nothing to do), "completed" or "rolled back".
	Action string
	// Files are the files the interrupted commit was writing.
	Files []string
	// Conflicts are files changed since the interrupted commit, left as
	// they are.
	Conflicts []string
}

func (r Recovery) String() string {
	if r.Action == "" {
		return ""
	}
	s := fmt.Sprintf("%s an interrupted fix of %s", r.Action, strings.Join(r.Files, ", "))
	if len(r.Conflicts) > 0 {
		s += fmt.Sprintf("; %s changed since and %s left as it is", strings.Join(r.Conflicts, ", "), plural(len(r.Conflicts), "was", "were"))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Recover finishes a commit that a dead process left in stateDir (paths
// relative to root). A commit still staging is rolled back (nothing was
// renamed yet). A commit that was renaming is completed when every file is
// either already new or still old with its staged copy intact; otherwise
// it is rolled back: the files already renamed get their backups back. A
// file changed by someone since matches neither and is left alone (and
// named). Without a journal it only removes stray staged files.
func Recover(root, stateDir string) (Recovery, error) {
	c := Commit{Root: root, StateDir: stateDir}
	data, err := os.ReadFile(filepath.Join(stateDir, JournalFile))
	if errors.Is(err, fs.ErrNotExist) {
		c.removeStrays()
		return Recovery{}, nil
	}
	if err != nil {
		return Recovery{}, err
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil || j.ID == "" || strings.ContainsAny(j.ID, `/\.`) {
		return Recovery{}, fmt.Errorf("%s is not a driftfix journal; remove it by hand after checking the files it names", filepath.Join(stateDir, JournalFile))
	}
	rec := Recovery{Action: "rolled back"}
	for _, e := range j.Files {
		rec.Files = append(rec.Files, e.Target)
	}
	if j.State != stateCommitting {
		c.discard(j)
		c.removeStrays()
		return rec, nil
	}
	type status int
	const (
		isNew status = iota
		isOld
		isOther
	)
	state := make([]status, len(j.Files))
	complete := true
	for i, e := range j.Files {
		cur, err := os.ReadFile(c.abs(e.Target))
		switch {
		case err == nil && sum(cur) == e.After:
			state[i] = isNew
		case (err == nil && e.Existed && sum(cur) == e.Before) || (errors.Is(err, fs.ErrNotExist) && !e.Existed):
			state[i] = isOld
			tmp, terr := os.ReadFile(c.abs(e.Temp))
			if terr != nil || sum(tmp) != e.After {
				complete = false
			}
		default:
			state[i] = isOther
			complete = false
			rec.Conflicts = append(rec.Conflicts, e.Target)
		}
	}
	if complete {
		for i, e := range j.Files {
			if state[i] == isOld {
				if err := os.Rename(c.abs(e.Temp), c.abs(e.Target)); err != nil {
					return rec, fmt.Errorf("complete the interrupted fix: write %s: %w", e.Target, err)
				}
				syncDir(filepath.Dir(c.abs(e.Target)))
			}
		}
		rec.Action = "completed"
	} else {
		for i, e := range j.Files {
			if state[i] != isNew {
				continue
			}
			if !e.Existed {
				os.Remove(c.abs(e.Target))
				continue
			}
			b, err := os.ReadFile(c.abs(e.Backup))
			if err != nil || sum(b) != e.Before {
				rec.Conflicts = append(rec.Conflicts, e.Target)
				continue
			}
			if err := os.Rename(c.abs(e.Backup), c.abs(e.Target)); err != nil {
				return rec, fmt.Errorf("roll back the interrupted fix: restore %s: %w", e.Target, err)
			}
			syncDir(filepath.Dir(c.abs(e.Target)))
		}
	}
	c.finish(j)
	c.removeStrays()
	return rec, nil
}

// removeStrays removes commit directories no journal refers to (left by a
// process that died before writing its journal).
func (c Commit) removeStrays() {
	entries, err := os.ReadDir(c.StateDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && len(e.Name()) == 12 && isHex(e.Name()) {
			os.RemoveAll(filepath.Join(c.StateDir, e.Name()))
		}
	}
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}
