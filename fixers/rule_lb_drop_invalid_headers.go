package fixers

// lbDropInvalidHeaders: an application load balancer drops HTTP headers
// that are not valid, so they cannot smuggle requests past it to the
// targets (HTTP desync).
var lbDropInvalidHeaders = Rule{Meta: lbDropInvalidHeadersMeta, Check: checkLBDropInvalidHeaders}

var lbDropInvalidHeadersMeta = Meta{
	ID:            "aws-lb-drop-invalid-headers",
	Title:         "Application load balancer does not drop invalid HTTP headers",
	Severity:      Medium,
	Class:         ClassTLS,
	ResourceTypes: lbTypes,
	Touches: []Touch{
		{ResourceType: "aws_lb", Paths: []string{"drop_invalid_header_fields"}, Safe: SafeIs(true)},
		{ResourceType: "aws_alb", Paths: []string{"drop_invalid_header_fields"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0052", Tfsec: "aws-elb-drop-invalid-headers", Checkov: "CKV_AWS_131"},
}

func checkLBDropInvalidHeaders(in *Input) []Finding {
	m := lbDropInvalidHeadersMeta
	var out []Finding
	for _, r := range resources(in.Module, lbTypes...) {
		if t, ok := lbType(r); !ok || t != "application" {
			continue // only application load balancers parse HTTP
		}
		out = append(out, wantTrue(m, r, "drop_invalid_header_fields",
			"drop_invalid_header_fields is not set, so invalid headers are passed to the targets",
			"drop_invalid_header_fields is false")...)
	}
	return out
}
