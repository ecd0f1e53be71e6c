package terraform

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

var terraformBlockSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{{Type: "terraform"}},
}

var requiredVersionSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "required_version"}},
}

// RequiredVersion reads `terraform { required_version = "…" }` from the
// .tf and .tf.json files directly in dir (not child modules) and returns
// the constraints, all of which must hold, as Terraform itself combines
// them. It returns nil constraints when no file sets one.
//
// Problems are returned as hcl.Diagnostics (the error value), so messages
// name the file and position: `versions.tf:2,22-30: Invalid
// required_version; …`.
func RequiredVersion(dir string) (version.Constraints, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") {
			continue
		}
		if strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") {
			names = append(names, n)
		}
	}
	sort.Strings(names)

	parser := hclparse.NewParser()
	var diags hcl.Diagnostics
	var out version.Constraints
	for _, n := range names {
		path := filepath.Join(dir, n)
		var f *hcl.File
		var d hcl.Diagnostics
		if strings.HasSuffix(n, ".json") {
			f, d = parser.ParseJSONFile(path)
		} else {
			f, d = parser.ParseHCLFile(path)
		}
		diags = append(diags, d...)
		if f == nil {
			continue
		}
		content, _, d := f.Body.PartialContent(terraformBlockSchema)
		diags = append(diags, d...)
		for _, b := range content.Blocks {
			inner, _, d := b.Body.PartialContent(requiredVersionSchema)
			diags = append(diags, d...)
			attr, ok := inner.Attributes["required_version"]
			if !ok {
				continue
			}
			val, d := attr.Expr.Value(nil)
			diags = append(diags, d...)
			if d.HasErrors() {
				continue
			}
			if val.IsNull() || !val.IsKnown() || val.Type() != cty.String {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid required_version",
					Detail:   "required_version must be a literal string, such as \">= 1.5\".",
					Subject:  attr.Expr.Range().Ptr(),
				})
				continue
			}
			c, err := version.NewConstraint(val.AsString())
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid required_version",
					Detail:   err.Error(),
					Subject:  attr.Expr.Range().Ptr(),
				})
				continue
			}
			out = append(out, c...)
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return out, nil
}
