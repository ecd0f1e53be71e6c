package iac

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// blockJob is the building of one resource, data or provider block:
// block hb of file f, its attributes evaluated in ctx, into b.
type blockJob struct {
	b   *Block
	hb  *hcl.Block
	f   *File
	ctx *hcl.EvalContext
}

// buildBlocks builds the blocks of jobs, those of native-syntax files in
// parallel: a block depends only on its syntax and its context, and
// evaluating an expression changes neither (most of a large module's load
// is evaluating the attributes of its resources).
func buildBlocks(jobs []blockJob) {
	var native []blockJob
	for _, j := range jobs {
		if j.f.JSON {
			j.build()
			continue
		}
		j.f.syntaxBlock(0) // index the file's blocks before the workers read it
		native = append(native, j)
	}
	const batch = 64 // blocks per turn of a worker
	parallel((len(native)+batch-1)/batch, func(i int) {
		for _, j := range native[i*batch : min((i+1)*batch, len(native))] {
			j.build()
		}
	})
}

// build turns a resource, data or provider block into a Block with its
// attributes evaluated in ctx.
func (j blockJob) build() {
	hb, f, ctx := j.hb, j.f, j.ctx
	if sb := f.syntaxBlock(hb.TypeRange.Start.Byte); sb != nil {
		*j.b = Block{
			Type: hb.Type, Labels: hb.Labels, File: f,
			TypeRange:  sb.TypeRange,
			Range:      sb.Range(),
			OpenBrace:  sb.OpenBraceRange,
			CloseBrace: sb.CloseBraceRange,
		}
		fillSyntaxBody(j.b, sb.Body, ctx)
		return
	}
	*j.b = Block{Type: hb.Type, Labels: hb.Labels, File: f, TypeRange: hb.TypeRange, Range: hb.DefRange}
	fillJSONBody(j.b, hb.Body, f, ctx)
}

func fillSyntaxBody(b *Block, body *hclsyntax.Body, ctx *hcl.EvalContext) {
	b.Attrs = make(map[string]*Attr, len(body.Attributes))
	for name, a := range body.Attributes {
		b.Attrs[name] = newAttr(name, a.Expr, a.SrcRange, ctx)
	}
	for _, c := range body.Blocks {
		if c.Type == "dynamic" && len(c.Labels) == 1 {
			b.Blocks = append(b.Blocks, dynamicBlock(c, b.File, ctx))
			continue
		}
		nb := &Block{Type: c.Type, Labels: c.Labels, File: b.File, Range: c.Range(), TypeRange: c.TypeRange, OpenBrace: c.OpenBraceRange, CloseBrace: c.CloseBraceRange}
		fillSyntaxBody(nb, c.Body, ctx)
		b.Blocks = append(b.Blocks, nb)
	}
}

// dynamicBlock exposes the content of a dynamic block as a block of the
// generated type, evaluated with the iterator unknown.
func dynamicBlock(c *hclsyntax.Block, f *File, ctx *hcl.EvalContext) *Block {
	iter := c.Labels[0]
	if a, ok := c.Body.Attributes["iterator"]; ok {
		if tr, diags := hcl.AbsTraversalForExpr(a.Expr); !diags.HasErrors() {
			iter = tr.RootName()
		}
	}
	child := ctx.NewChild()
	child.Variables = map[string]cty.Value{iter: cty.DynamicVal}
	nb := &Block{Type: c.Labels[0], Dynamic: true, File: f, Range: c.Range(), TypeRange: c.TypeRange, OpenBrace: c.OpenBraceRange, CloseBrace: c.CloseBraceRange, Attrs: map[string]*Attr{}}
	for _, cc := range c.Body.Blocks {
		if cc.Type == "content" {
			fillSyntaxBody(nb, cc.Body, child)
		}
	}
	return nb
}

// fillJSONBody decodes a JSON body without a schema: every property is an
// attribute, and a property whose value is an object or an array of objects
// is also exposed as nested block(s).
func fillJSONBody(b *Block, body hcl.Body, f *File, ctx *hcl.EvalContext) {
	attrs, _ := body.JustAttributes()
	b.Attrs = make(map[string]*Attr, len(attrs))
	var schema hcl.BodySchema
	if _, ok := attrs["dynamic"]; ok {
		delete(attrs, "dynamic")
		b.Blocks = append(b.Blocks, jsonDynamicBlocks(body, f, ctx)...)
	}
	for name, a := range attrs {
		b.Attrs[name] = newAttr(name, a.Expr, a.Range, ctx)
		if looksLikeObject(f.Src, a.Expr.Range()) {
			schema.Blocks = append(schema.Blocks, hcl.BlockHeaderSchema{Type: name})
		}
	}
	if len(schema.Blocks) == 0 {
		return
	}
	content, _, _ := body.PartialContent(&schema)
	if content == nil {
		return
	}
	for _, hb := range content.Blocks {
		nb := &Block{Type: hb.Type, File: f, Range: hb.DefRange, TypeRange: hb.TypeRange}
		fillJSONBody(nb, hb.Body, f, ctx)
		b.Blocks = append(b.Blocks, nb)
	}
}

// jsonDynamicBlocks decodes "dynamic": {"TYPE": {"for_each": …, "content": {…}}}
// like dynamicBlock does for native syntax.
func jsonDynamicBlocks(body hcl.Body, f *File, ctx *hcl.EvalContext) []*Block {
	dc, _, _ := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "dynamic", LabelNames: []string{"type"}}}})
	if dc == nil {
		return nil
	}
	var out []*Block
	for _, db := range dc.Blocks {
		iter := db.Labels[0]
		cc, rest, _ := db.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "content"}}})
		if attrs, _ := rest.JustAttributes(); attrs["iterator"] != nil {
			if tr, diags := hcl.AbsTraversalForExpr(attrs["iterator"].Expr); !diags.HasErrors() {
				iter = tr.RootName()
			}
		}
		child := ctx.NewChild()
		child.Variables = map[string]cty.Value{iter: cty.DynamicVal}
		nb := &Block{Type: db.Labels[0], Dynamic: true, File: f, Range: db.DefRange, TypeRange: db.TypeRange, Attrs: map[string]*Attr{}}
		if cc != nil {
			for _, c := range cc.Blocks {
				fillJSONBody(nb, c.Body, f, child)
			}
		}
		out = append(out, nb)
	}
	return out
}

func looksLikeObject(src []byte, r hcl.Range) bool {
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte >= r.End.Byte {
		return false
	}
	s := bytes.TrimLeft(src[r.Start.Byte:r.End.Byte], " \t\r\n")
	if len(s) == 0 {
		return false
	}
	if s[0] == '{' {
		return true
	}
	if s[0] == '[' {
		s = bytes.TrimLeft(s[1:], " \t\r\n")
		return len(s) > 0 && s[0] == '{'
	}
	return false
}

// rawAttributes returns a block body's attributes without evaluating them.
func rawAttributes(body hcl.Body, f *File) (map[string]*hcl.Attribute, hcl.Diagnostics) {
	if sb, ok := body.(*hclsyntax.Body); ok {
		out := make(map[string]*hcl.Attribute, len(sb.Attributes))
		for n, a := range sb.Attributes {
			out[n] = a.AsHCLAttribute()
		}
		return out, nil
	}
	return body.JustAttributes()
}

// syntaxBlock returns the top-level native-syntax block starting at offset.
func (f *File) syntaxBlock(start int) *hclsyntax.Block {
	body, ok := f.Syntax.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	if f.blocks == nil {
		f.blocks = make(map[int]*hclsyntax.Block, len(body.Blocks))
		for _, b := range body.Blocks {
			f.blocks[b.TypeRange.Start.Byte] = b
		}
	}
	return f.blocks[start]
}
