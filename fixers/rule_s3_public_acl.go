package fixers

import (
	"fmt"

	"github.com/driftfix/driftfix/iac"
)

// s3PublicACL: no S3 bucket grants access to the public through a canned ACL.
var s3PublicACL = Rule{Meta: s3PublicACLMeta, Check: checkS3PublicACL}

var s3PublicACLMeta = Meta{
	ID:            "aws-s3-public-acl",
	Title:         "S3 bucket ACL grants public access",
	Severity:      High,
	Class:         ClassPublicAccessBlock,
	ResourceTypes: []string{"aws_s3_bucket", "aws_s3_bucket_acl"},
	Refs: Refs{
		Trivy: "AVD-AWS-0092", Tfsec: "aws-s3-no-public-access-with-acl", Checkov: "CKV_AWS_20",
		Also: []string{"CKV_AWS_57"},
	},
	NoFix: "a public ACL may be intentional (a static website, public downloads); making the bucket private is a decision for a person",
}

func checkS3PublicACL(in *Input) []Finding {
	m := s3PublicACLMeta
	var out []Finding
	// Legacy provider style: acl on the bucket; v4+: an aws_s3_bucket_acl.
	for _, r := range resources(in.Module, "aws_s3_bucket", "aws_s3_bucket_acl") {
		acl, st := r.Block.String("acl")
		grants := s3PublicACLs[acl]
		if st != iac.Known || grants == "" {
			continue
		}
		f := m.New(r, rangeOf(r.Block, "acl"), fmt.Sprintf("bucket ACL is %s: %s", acl, grants), nil,
			"a public ACL may be intentional (a static website, public downloads); set acl = \"private\" yourself if it is not")
		if acl == "public-read-write" {
			f.Severity = Critical
		}
		out = append(out, f)
	}
	return out
}
