package fixers

import (
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// The check shared by the IMDSv2 rules (aws-ec2-imdsv2,
// aws-launch-template-imdsv2): aws_instance, aws_launch_template and
// aws_launch_configuration all write it as metadata_options { http_tokens }.

// checkIMDSTokens reports each resource of rs whose metadata_options do not
// require session tokens (http_tokens = "required"). The metadata service
// turned off (http_endpoint = "disabled") is fine; a value driftfix cannot
// know is skipped. The fix sets http_tokens in the block, or adds the block.
func checkIMDSTokens(m Meta, rs []*iac.Resource) []Finding {
	var out []Finding
	for _, r := range rs {
		r := r
		fix := func(ed *iac.Editor) error {
			return setNested(ed, m.ID, r.Block, "metadata_options", "http_tokens", `"required"`)
		}
		mo := r.Block.First("metadata_options")
		if mo == nil {
			out = append(out, m.New(r, nil, "no metadata_options block: http_tokens defaults to optional, so IMDSv1 is on", fix, ""))
			continue
		}
		if mo.Dynamic {
			continue
		}
		switch ep, st := mo.String("http_endpoint"); {
		case st == iac.Unknown:
			continue
		case st == iac.Known && strings.EqualFold(ep, "disabled"):
			continue
		}
		switch tok, st := mo.String("http_tokens"); st {
		case iac.Absent:
			out = append(out, m.New(r, blockRange(mo), "metadata_options does not set http_tokens, which defaults to optional, so IMDSv1 is on", fix, ""))
		case iac.Known:
			if tok != "required" {
				out = append(out, m.New(r, rangeOf(mo, "http_tokens"), "http_tokens is "+iac.Quote(tok)+", so IMDSv1 is on", fix, ""))
			}
		}
	}
	return out
}
