package fixers

import (
	"github.com/driftfix/driftfix/iac"
)

// s3Versioning: S3 buckets keep object versions, so an overwrite or a delete
// can be undone.
var s3Versioning = Rule{Meta: s3VersioningMeta, Check: checkS3Versioning}

var s3VersioningMeta = Meta{
	ID:            "aws-s3-versioning",
	Title:         "S3 bucket versioning is not enabled",
	Severity:      Medium,
	Class:         ClassVersioning,
	ResourceTypes: []string{"aws_s3_bucket", "aws_s3_bucket_versioning"},
	Touches: []Touch{
		{ResourceType: "aws_s3_bucket_versioning", Paths: []string{"*", "versioning_configuration[0].status"}, Safe: SafeIs("Enabled")},
		{ResourceType: "aws_s3_bucket", Paths: []string{"versioning[0].enabled"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0090", Tfsec: "aws-s3-enable-versioning", Checkov: "CKV_AWS_21"},
}

func checkS3Versioning(in *Input) []Finding {
	m := s3VersioningMeta
	var out []Finding
	for _, b := range resources(in.Module, "aws_s3_bucket") {
		// Legacy provider style: an inline versioning block on the bucket.
		if v := b.Block.First("versioning"); v != nil {
			enabled, st := v.Bool("enabled")
			if st == iac.Known && !enabled {
				out = append(out, m.New(b, rangeOf(v, "enabled"), "versioning is disabled in the bucket's versioning block",
					func(ed *iac.Editor) error { return ed.SetAttr(m.ID, v, "enabled", "true") }, ""))
			}
			if st != iac.Absent {
				continue
			}
		}
		// A companion driftfix cannot match to a bucket may be this one's:
		// report nothing rather than add a second one.
		if comps, unsure := s3Attached(in.Module, b, "aws_s3_bucket_versioning"); len(comps) == 0 && !unsure {
			if cond := s3Conditional(in.Module, b, "aws_s3_bucket_versioning"); len(cond) > 0 {
				out = append(out, s3ConditionalFinding(m, b, "versioning", cond[0]))
				continue
			}
			bucket := b
			out = append(out, m.New(b, nil, "bucket has no versioning configuration",
				func(ed *iac.Editor) error {
					return addCompanion(ed, m.ID, bucket, "aws_s3_bucket_versioning", "bucket", "id", nil,
						[]iac.NewBlock{{Type: "versioning_configuration", Attrs: []iac.NewAttr{{Name: "status", Expr: `"Enabled"`}}}})
				}, ""))
		}
	}
	// v4+ provider style: the status of each aws_s3_bucket_versioning.
	for _, v := range resources(in.Module, "aws_s3_bucket_versioning") {
		vc := v.Block.First("versioning_configuration")
		if vc == nil || vc.Dynamic {
			continue
		}
		status, st := vc.String("status")
		if st == iac.Known && status != "Enabled" {
			out = append(out, m.New(v, rangeOf(vc, "status"), "versioning status is "+status,
				func(ed *iac.Editor) error { return ed.SetAttr(m.ID, vc, "status", `"Enabled"`) }, ""))
		}
	}
	return out
}
