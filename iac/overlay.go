package iac

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"io"
	"io/fs"
	"path"
	"time"
)

// Overlay is a read-only fs.FS that serves some files from memory and the
// rest from a base file system. Paths in Files are fs paths (relative to the
// base), so a fix can be re-loaded before anything is written to disk.
type Overlay struct {
	Base  fs.FS
	Files map[string][]byte
	// Parsed holds, by fs path, the syntax of files in Files that were
	// already parsed (Editor.Apply parses what it produces): the loader
	// reuses it instead of parsing the same bytes again.
	Parsed map[string]*hcl.File
}

// source returns a file served from memory, without copying it, and its
// syntax when known. The loader never modifies what it reads.
func (o Overlay) source(name string) ([]byte, *hcl.File, bool) {
	data, ok := o.Files[name]
	if !ok {
		return nil, nil, false
	}
	syn := o.Parsed[name]
	if syn != nil && !sameBytes(syn.Bytes, data) {
		syn = nil
	}
	return data, syn, true
}

// sameBytes reports whether a and b are the same slice (not merely equal).
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// Open implements fs.FS.
func (o Overlay) Open(name string) (fs.File, error) {
	if data, ok := o.Files[name]; ok {
		return &memFile{name: path.Base(name), r: bytes.NewReader(data), size: int64(len(data))}, nil
	}
	return o.Base.Open(name)
}

// ReadFile implements fs.ReadFileFS.
func (o Overlay) ReadFile(name string) ([]byte, error) {
	if data, ok := o.Files[name]; ok {
		return append([]byte(nil), data...), nil
	}
	return fs.ReadFile(o.Base, name)
}

type memFile struct {
	name string
	r    *bytes.Reader
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{f.name, f.size}, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }

var _ io.Reader = (*memFile)(nil)

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o644 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
