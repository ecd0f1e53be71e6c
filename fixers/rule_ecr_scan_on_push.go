package fixers

// ecrScanOnPush: every image pushed to the repository is scanned for known
// vulnerabilities.
var ecrScanOnPush = Rule{Meta: ecrScanOnPushMeta, Check: checkECRScanOnPush}

var ecrScanOnPushMeta = Meta{
	ID:            "aws-ecr-scan-on-push",
	Title:         "ECR repository does not scan images on push",
	Severity:      Medium,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_ecr_repository", "aws_ecr_registry_scanning_configuration"},
	Touches: []Touch{
		{ResourceType: "aws_ecr_repository", Paths: []string{"image_scanning_configuration[0].scan_on_push"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0030", Tfsec: "aws-ecr-enable-image-scans", Checkov: "CKV_AWS_163"},
}

func checkECRScanOnPush(in *Input) []Finding {
	m := ecrScanOnPushMeta
	if len(resources(in.Module, "aws_ecr_registry_scanning_configuration")) > 0 {
		return nil // the registry's scanning configuration overrides every repository's
	}
	var out []Finding
	for _, r := range resources(in.Module, "aws_ecr_repository") {
		out = append(out, wantNested(m, r, "image_scanning_configuration", "scan_on_push", is("true"), "true", "")...)
	}
	return out
}
