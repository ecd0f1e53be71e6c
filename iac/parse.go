package iac

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// parseChunk is the size above which a native-syntax file is parsed in
// pieces. HCL's lexer appends every token of a file to one slice, so a large
// file costs a long run of ever larger copies (growth slows to 1.25× per
// step) and as many fresh pages; pieces of this size keep each token slice
// small, and the pieces parse in parallel.
const parseChunk = 16 << 10

// parseNative parses an HCL native-syntax file like hclsyntax.ParseConfig.
// A large file is cut at top-level block boundaries (a line that starts with
// a letter or a comment, after blank lines and a line that is only "}"), the pieces are parsed in
// parallel with their true start positions, and their bodies joined. The
// result is the same as one parse: any piece that does not parse on its own
// (a cut inside a heredoc, a comment or an unbalanced block leaves one piece
// unterminated), or a top-level argument set in two pieces, sends the whole
// file through one parse, so diagnostics are exactly HCL's own.
func parseNative(src []byte, filename string) (*hcl.File, hcl.Diagnostics) {
	return parsePieces(src, filename, parseChunk)
}

// parsePieces is parseNative with pieces of about size bytes.
func parsePieces(src []byte, filename string, size int) (*hcl.File, hcl.Diagnostics) {
	cuts := chunkCuts(src, size)
	if len(cuts) < 2 {
		return hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	}
	files := make([]*hcl.File, len(cuts))
	failed := make([]bool, len(cuts))
	diags := make([]hcl.Diagnostics, len(cuts))
	parallel(len(cuts), func(i int) {
		defer func() {
			if recover() != nil {
				failed[i] = true
			}
		}()
		end := len(src)
		if i+1 < len(cuts) {
			end = cuts[i+1].Byte
		}
		files[i], diags[i] = hclsyntax.ParseConfig(src[cuts[i].Byte:end:end], filename, cuts[i])
		failed[i] = diags[i].HasErrors()
	})
	body := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
	var all hcl.Diagnostics
	for i, f := range files {
		if failed[i] || f == nil {
			return hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
		}
		b := f.Body.(*hclsyntax.Body)
		for name, a := range b.Attributes {
			if _, dup := body.Attributes[name]; dup {
				return hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
			}
			body.Attributes[name] = a
		}
		body.Blocks = append(body.Blocks, b.Blocks...)
		all = append(all, diags[i]...)
	}
	first := files[0].Body.(*hclsyntax.Body)
	last := files[len(files)-1].Body.(*hclsyntax.Body)
	body.SrcRange = hcl.Range{Filename: filename, Start: first.SrcRange.Start, End: last.SrcRange.End}
	body.EndRange = last.EndRange
	// Nav (used only to describe a diagnostic's context) is left nil, as
	// hcl.File allows.
	return &hcl.File{Body: body, Bytes: src}, all
}

// chunkCuts returns the start positions of the pieces src is parsed in: the
// first at the start of the file, then at most one every size bytes, each
// at the first line after that point that starts with a letter or a comment
// and whose last non-blank line before it holds only "}" (the end of a top-level block in any file
// formatted like terraform fmt). Positions are 1-based lines and columns.
func chunkCuts(src []byte, size int) []hcl.Pos {
	cuts := []hcl.Pos{hcl.InitialPos}
	if len(src) < 2*size {
		return cuts
	}
	line, lineStart := 1, 0
	next := size
	prevClose := false
	for i := 0; i < len(src); {
		nl := bytes.IndexByte(src[i:], '\n')
		end := len(src)
		if nl >= 0 {
			end = i + nl
		}
		text := bytes.TrimRight(src[lineStart:end], " \t\r")
		if lineStart >= next && prevClose && len(text) > 0 && startsItem(text[0]) {
			cuts = append(cuts, hcl.Pos{Line: line, Column: 1, Byte: lineStart})
			next = lineStart + size
			if len(src)-lineStart < size {
				break
			}
		}
		if len(text) > 0 {
			prevClose = len(text) == 1 && text[0] == '}'
		}
		if nl < 0 {
			break
		}
		i = end + 1
		lineStart = i
		line++
	}
	return cuts
}

// startsItem reports whether a line starting with c may start a top-level
// item or the comment above one.
func startsItem(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '#' || c == '/'
}

// parallel runs do(0) … do(n-1) on at most GOMAXPROCS goroutines and
// waits for them.
func parallel(n int, do func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			do(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				do(i)
			}
		}()
	}
	wg.Wait()
}
