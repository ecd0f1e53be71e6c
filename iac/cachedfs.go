package iac

import (
	"io/fs"
	"slices"
	"sync"
)

// CachedFS is a file system that keeps what is read through it — each
// file's bytes, each directory's entries, and the local module calls found
// in it — so that
// RootModules, SharedModules and the Loads of the roots it finds read and
// parse each file once for them all. Nothing that reads through it changes
// the bytes. It is safe for concurrent use.
type CachedFS struct {
	fs.FS
	mu     sync.Mutex
	files  map[string][]byte
	dirs   map[string]dirRead
	calls  map[string][]string
	parsed map[parseKey]*parseOnce
}

type dirRead struct {
	entries []fs.DirEntry
	err     error
}

// parseKey names a parse: the file, and the name its ranges carry (the
// path from the root module that loads it).
type parseKey struct{ fsPath, name string }

type parseOnce struct {
	once sync.Once
	rd   read
}

// NewCachedFS caches what is read of fsys.
func NewCachedFS(fsys fs.FS) *CachedFS {
	return &CachedFS{FS: fsys, files: map[string][]byte{}, dirs: map[string]dirRead{}, calls: map[string][]string{}, parsed: map[parseKey]*parseOnce{}}
}

// read is the loader's read of a module file outside the root module that
// loads it (a local module other roots call too), parsed once for every
// root that names it by the same relative path: roots at the same depth
// share their modules' syntax. Nothing changes a syntax tree once parsed.
func (c *CachedFS) read(fsPath, name string, parse func() read) read {
	k := parseKey{fsPath, name}
	c.mu.Lock()
	p, ok := c.parsed[k]
	if !ok {
		p = &parseOnce{}
		c.parsed[k] = p
	}
	c.mu.Unlock()
	p.once.Do(func() { p.rd = parse() })
	return p.rd
}

// take returns, and forgets, a parse that read made of fsPath under name:
// a root's own file, parsed while the roots were found, is loaded once and
// then needs no keeping.
func (c *CachedFS) take(fsPath, name string) (read, bool) {
	k := parseKey{fsPath, name}
	c.mu.Lock()
	p, ok := c.parsed[k]
	if ok {
		delete(c.parsed, k)
	}
	c.mu.Unlock()
	if !ok {
		return read{}, false
	}
	p.once.Do(func() {}) // wait for a parse in progress
	return p.rd, p.rd.syn != nil || p.rd.err != nil || p.rd.src != nil
}

// ReadFile implements fs.ReadFileFS.
func (c *CachedFS) ReadFile(name string) ([]byte, error) {
	c.mu.Lock()
	b, ok := c.files[name]
	c.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := fs.ReadFile(c.FS, name)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.files[name] = b
	c.mu.Unlock()
	return b, nil
}

// ReadDir implements fs.ReadDirFS: a directory is listed once (finding
// the roots, then loading each root and every module call lists it again).
// Callers get their own slice.
func (c *CachedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.mu.Lock()
	d, ok := c.dirs[name]
	c.mu.Unlock()
	if !ok {
		d.entries, d.err = fs.ReadDir(c.FS, name)
		c.mu.Lock()
		c.dirs[name] = d
		c.mu.Unlock()
	}
	return slices.Clone(d.entries), d.err
}

// localCalls is localCalls of the file at p, found once.
func (c *CachedFS) localCalls(p string) []string {
	c.mu.Lock()
	calls, ok := c.calls[p]
	c.mu.Unlock()
	if ok {
		return calls
	}
	calls = findLocalCalls(c, p)
	c.mu.Lock()
	c.calls[p] = calls
	c.mu.Unlock()
	return calls
}
