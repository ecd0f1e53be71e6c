package config

import (
	"io"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// FormatDiagnostics renders diags one per line, as `file:line,col-col:
// summary; detail` with "Warning: " before warnings: the compact form for
// logs and tests.
func FormatDiagnostics(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == hcl.DiagWarning {
			b.WriteString("Warning: ")
		}
		if d.Subject != nil {
			b.WriteString(d.Subject.String())
			b.WriteString(": ")
		}
		b.WriteString(d.Summary)
		if d.Detail != "" {
			b.WriteString("; ")
			b.WriteString(d.Detail)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// WriteDiagnostics writes diags as HCL's text writer does (Terraform's
// style): each with its range, the source line(s) underlined, and the detail
// wrapped at width (0 = no wrapping). The source of each file named in a
// range comes from sources (filename → bytes) or, when absent there, from
// disk; a file it cannot read is shown without a snippet.
func WriteDiagnostics(w io.Writer, diags hcl.Diagnostics, sources map[string][]byte, width uint, color bool) error {
	files := map[string]*hcl.File{}
	for _, d := range diags {
		for _, rng := range []*hcl.Range{d.Subject, d.Context} {
			if rng == nil || rng.Filename == "" || files[rng.Filename] != nil {
				continue
			}
			src, ok := sources[rng.Filename]
			if !ok {
				var err error
				if src, err = os.ReadFile(rng.Filename); err != nil {
					continue
				}
			}
			files[rng.Filename] = &hcl.File{Bytes: src}
		}
	}
	return hcl.NewDiagnosticTextWriter(w, files, width, color).WriteDiagnostics(diags)
}
