package iac

import (
	"errors"
	"fmt"
)

// ErrJSONNotEditable is returned for edits to .tf.json files: driftfix does
// not rewrite JSON configuration, because it cannot keep the author's layout.
var ErrJSONNotEditable = errors.New("driftfix does not edit .tf.json files")

// ErrDynamicBlock is returned for edits inside a dynamic block: its content
// is a template for generated blocks, not a block of its own.
var ErrDynamicBlock = errors.New("driftfix does not edit dynamic blocks")

// ConflictError reports two edits of the same bytes by different owners.
type ConflictError struct {
	File         string
	Line         int
	Owner, Other string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s:%d: edit by %s overlaps an edit by %s", e.File, e.Line, e.Owner, e.Other)
}
