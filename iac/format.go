package iac

import (
	"bytes"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// IsCanonical reports whether src is already formatted like terraform fmt.
func IsCanonical(src []byte) bool {
	return bytes.Equal(hclwrite.Format(src), src)
}
