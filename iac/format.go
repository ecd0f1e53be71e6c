package iac

import (
	"bytes"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// IsCanonical reports whether src is already formatted like terraform fmt.
func IsCanonical(src []byte) bool {
	return bytes.Equal(hclwrite.Format(src), src)
}

// FormatIfCanonical formats edited only when the original was canonical, so
// that a file the author laid out by hand keeps its layout.
func FormatIfCanonical(original, edited []byte) []byte {
	if IsCanonical(original) {
		return hclwrite.Format(edited)
	}
	return edited
}
