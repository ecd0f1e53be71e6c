package fixers

import (
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// s3PublicAccessBlock: every S3 bucket has a public access block with all
// four settings on, so no ACL or bucket policy can make it public by mistake.
var s3PublicAccessBlock = Rule{Meta: s3PublicAccessBlockMeta, Check: checkS3PublicAccessBlock}

var s3PublicAccessBlockMeta = Meta{
	ID:            "aws-s3-public-access-block",
	Title:         "S3 bucket does not block public access",
	Severity:      High,
	Class:         ClassPublicAccessBlock,
	ResourceTypes: []string{"aws_s3_bucket", "aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block", "aws_s3_bucket_acl", "aws_s3_bucket_policy", "aws_s3_bucket_website_configuration"},
	Touches: []Touch{
		{ResourceType: "aws_s3_bucket_public_access_block", Paths: []string{"*", "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}, Safe: SafeIs(true)},
	},
	Refs: Refs{
		Trivy: "AVD-AWS-0094", Tfsec: "aws-s3-specify-public-access-block", Checkov: "CKV2_AWS_6",
		Also: []string{"CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093"},
	},
}

// s3PublicAccessFlags are the four settings, in the order they are written.
var s3PublicAccessFlags = []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}

// s3PublicAccessFlagIDs are the trivy and checkov IDs of each setting's own
// check: a finding names the IDs of the settings it is about, so a team that
// reads trivy's or checkov's reports finds each of theirs in it.
var s3PublicAccessFlagIDs = map[string]string{
	"block_public_acls":       "AVD-AWS-0086, CKV_AWS_53",
	"block_public_policy":     "AVD-AWS-0087, CKV_AWS_54",
	"ignore_public_acls":      "AVD-AWS-0091, CKV_AWS_55",
	"restrict_public_buckets": "AVD-AWS-0093, CKV_AWS_56",
}

// s3FlagsWithIDs lists settings with their IDs: "block_public_acls
// (AVD-AWS-0086, CKV_AWS_53), …".
func s3FlagsWithIDs(flags []string) string {
	parts := make([]string, len(flags))
	for i, f := range flags {
		parts[i] = f + " (" + s3PublicAccessFlagIDs[f] + ")"
	}
	return strings.Join(parts, ", ")
}

func checkS3PublicAccessBlock(in *Input) []Finding {
	m := s3PublicAccessBlockMeta
	// An account-wide block with every setting on covers every bucket.
	for _, a := range resources(in.Module, "aws_s3_account_public_access_block") {
		if len(s3PublicAccessGaps(a.Block, false)) == 0 {
			return nil
		}
	}
	var out []Finding
	for _, b := range resources(in.Module, "aws_s3_bucket") {
		comps, unsure := s3Attached(in.Module, b, "aws_s3_bucket_public_access_block")
		if len(comps) > 0 || unsure {
			continue
		}
		if cond := s3Conditional(in.Module, b, "aws_s3_bucket_public_access_block"); len(cond) > 0 {
			out = append(out, s3ConditionalFinding(m, b, "public access blocking", cond[0]))
			continue
		}
		var fix func(ed *iac.Editor) error
		reason := ""
		if why := s3MayBePublic(in.Module, b); why != "" {
			reason = s3PublicOnPurpose(why)
		} else {
			bucket := b
			fix = func(ed *iac.Editor) error {
				attrs := make([]iac.NewAttr, len(s3PublicAccessFlags))
				for i, f := range s3PublicAccessFlags {
					attrs[i] = iac.NewAttr{Name: f, Expr: "true"}
				}
				return addCompanion(ed, m.ID, bucket, "aws_s3_bucket_public_access_block", "bucket", "id", attrs, nil)
			}
		}
		f := m.New(b, nil, "bucket has no public access block, so none of "+s3FlagsWithIDs(s3PublicAccessFlags)+" is written down", fix, reason)
		// Since April 2023 S3 turns all four settings on for every new
		// bucket, so a missing block no longer leaves a new bucket open;
		// writing it down still keeps a later change from opening it.
		f.Severity = Low
		out = append(out, f)
	}
	// Each bucket-level block: every setting known true. A setting left out
	// takes the provider default, false.
	for _, c := range resources(in.Module, "aws_s3_bucket_public_access_block") {
		gaps := s3PublicAccessGaps(c.Block, true)
		if len(gaps) == 0 {
			continue
		}
		var fix func(ed *iac.Editor) error
		reason := ""
		why := ""
		for _, b := range s3BucketsOf(in.Module, c, "bucket") {
			if why = s3MayBePublic(in.Module, b); why != "" {
				break
			}
		}
		if why != "" {
			reason = s3PublicOnPurpose(why)
		} else {
			blk := c.Block
			fix = func(ed *iac.Editor) error {
				for _, f := range gaps {
					if err := ed.SetAttr(m.ID, blk, f, "true"); err != nil {
						return err
					}
				}
				return nil
			}
		}
		at := rangeOf(c.Block, gaps[0])
		out = append(out, m.New(c, at, "public access block leaves "+s3FlagsWithIDs(gaps)+" off", fix, reason))
	}
	return out
}

// s3PublicAccessGaps returns the settings of a public access block that are
// known false, or absent (provider default false). With unknownOK false an
// unknown setting counts as a gap too (an account block must be known on to
// stand in for the bucket blocks).
func s3PublicAccessGaps(blk *iac.Block, unknownOK bool) []string {
	var gaps []string
	for _, f := range s3PublicAccessFlags {
		on, st := blk.Bool(f)
		if st == iac.Unknown && unknownOK || st == iac.Known && on {
			continue
		}
		gaps = append(gaps, f)
	}
	return gaps
}

func s3PublicOnPurpose(why string) string {
	return "the bucket may be public on purpose (" + why + "); blocking public access would cut it off, so decide by hand"
}
