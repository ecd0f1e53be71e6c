package fixers

import (
	"github.com/driftfix/driftfix/iac"
)

// s3AccessLogging: S3 buckets write server access logs, so who read or
// changed what can be traced afterwards.
var s3AccessLogging = Rule{Meta: s3AccessLoggingMeta, Check: checkS3AccessLogging}

var s3AccessLoggingMeta = Meta{
	ID:            "aws-s3-access-logging",
	Title:         "S3 bucket has no server access logging",
	Severity:      Medium,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_s3_bucket", "aws_s3_bucket_logging", "aws_s3_bucket_acl"},
	Refs:          Refs{Trivy: "AVD-AWS-0089", Tfsec: "aws-s3-enable-bucket-logging", Checkov: "CKV_AWS_18", Also: []string{"aws-s3-enable-logging"}},
	NoFix:         "access logs need a target bucket, and which bucket receives them is a choice driftfix cannot make",
}

func checkS3AccessLogging(in *Input) []Finding {
	m := s3AccessLoggingMeta
	targets := s3LogTargets(in.Module)
	var out []Finding
	for _, b := range resources(in.Module, "aws_s3_bucket") {
		// Legacy provider style: an inline logging block (or a dynamic one).
		if b.Block.First("logging") != nil || targets[b] || s3LogDeliveryACL(in.Module, b) {
			continue
		}
		comps, unsure := s3Attached(in.Module, b, "aws_s3_bucket_logging")
		if len(comps) > 0 || unsure {
			continue
		}
		if cond := s3Conditional(in.Module, b, "aws_s3_bucket_logging"); len(cond) > 0 {
			out = append(out, s3ConditionalFinding(m, b, "access logging", cond[0]))
			continue
		}
		out = append(out, m.New(b, nil, "bucket has no server access logging", nil,
			"driftfix cannot choose the bucket that receives the logs; add an aws_s3_bucket_logging with target_bucket set to your log bucket"))
	}
	return out
}

// s3LogTargets returns the buckets that receive some bucket's access logs:
// the target_bucket of each aws_s3_bucket_logging and of each legacy inline
// logging block, by reference or by name. They are exempt: logging a log
// bucket's access takes yet another bucket, and AWS advises against a bucket
// logging to itself.
func s3LogTargets(m *iac.Module) map[*iac.Resource]bool {
	targets := map[*iac.Resource]bool{}
	for _, l := range resources(m, "aws_s3_bucket_logging") {
		for _, t := range s3BucketsOf(m, l, "target_bucket") {
			targets[t] = true
		}
	}
	for _, b := range resources(m, "aws_s3_bucket") {
		for _, lb := range b.Block.Nested("logging") {
			for _, t := range s3BucketsIn(m, b, lb, "target_bucket") {
				targets[t] = true
			}
		}
	}
	return targets
}

// s3LogDeliveryACL reports whether b grants the S3 log delivery group write
// access (canned ACL log-delivery-write): it is a log bucket.
func s3LogDeliveryACL(m *iac.Module, b *iac.Resource) bool {
	if v, st := b.Block.String("acl"); st == iac.Known && v == "log-delivery-write" {
		return true
	}
	acls, _ := s3Attached(m, b, "aws_s3_bucket_acl")
	for _, c := range acls {
		if v, st := c.Block.String("acl"); st == iac.Known && v == "log-delivery-write" {
			return true
		}
	}
	return false
}
