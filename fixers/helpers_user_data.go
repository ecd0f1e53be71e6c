package fixers

import (
	"encoding/base64"
	"regexp"
	"strings"

	"github.com/driftfix/driftfix/iac"
	"github.com/zclconf/go-cty/cty"
)

// userDataNoFix is why the user data rules never fix.
const userDataNoFix = "the keys are already exposed (in the state, the plan, and the instance metadata every process on the host can read): deactivate and rotate them in IAM, remove them from user_data, and give the instance an IAM role (instance profile) instead"

// awsAccessKeyID matches an AWS access key ID; awsSecretKey an assignment of
// a secret access key, as a shell, a config file or the CLI writes it.
var (
	awsAccessKeyID = regexp.MustCompile(`\b(AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b`)
	awsSecretKey   = regexp.MustCompile(`(?i)aws_?secret_?access_?key["']?\s*[=:]\s*["']?[A-Za-z0-9/+]{40}\b`)
)

// userDataKeys says what AWS credentials the user data of r holds ("" for
// none): its source text, its static value, and that value base64-decoded.
func userDataKeys(r *iac.Resource) (attr, what string) {
	for _, name := range []string{"user_data", "user_data_base64"} {
		a := r.Block.Attr(name)
		if a == nil {
			continue
		}
		texts := []string{string(a.Range.SliceBytes(r.File.Src))}
		if a.Known() && a.Value().Type() == cty.String {
			v := a.Value().AsString()
			texts = append(texts, v)
			if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v)); err == nil {
				texts = append(texts, string(dec))
			}
		}
		for _, t := range texts {
			switch {
			case awsSecretKey.MatchString(t):
				return name, "an AWS secret access key"
			case awsAccessKeyID.MatchString(t):
				return name, "an AWS access key ID"
			}
		}
	}
	return "", ""
}
