package fixers

// cloudtrailMultiRegion: a trail records API activity in every region, not
// only in the one it was created in.
var cloudtrailMultiRegion = Rule{Meta: cloudtrailMultiRegionMeta, Check: checkCloudtrailMultiRegion}

var cloudtrailMultiRegionMeta = Meta{
	ID:            "aws-cloudtrail-multi-region",
	Title:         "CloudTrail trail does not cover all regions",
	Severity:      Medium,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_cloudtrail"},
	Touches: []Touch{
		{ResourceType: "aws_cloudtrail", Paths: []string{"is_multi_region_trail"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0014", Tfsec: "aws-cloudtrail-enable-all-regions", Checkov: "CKV_AWS_67"},
}

func checkCloudtrailMultiRegion(in *Input) []Finding {
	m := cloudtrailMultiRegionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_cloudtrail") {
		out = append(out, wantTrue(m, r, "is_multi_region_trail",
			"is_multi_region_trail is not set, so the trail logs one region only",
			"is_multi_region_trail is false")...)
	}
	return out
}
