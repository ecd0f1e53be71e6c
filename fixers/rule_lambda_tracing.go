package fixers

// lambdaTracing: a Lambda function sends X-Ray traces, so a slow or failing
// call can be followed through the services it touches.
var lambdaTracing = Rule{Meta: lambdaTracingMeta, Check: checkLambdaTracing}

var lambdaTracingMeta = Meta{
	ID:            "aws-lambda-tracing",
	Title:         "Lambda function does not have X-Ray tracing enabled",
	Severity:      Low,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_lambda_function"},
	Touches: []Touch{
		{ResourceType: "aws_lambda_function", Paths: []string{"tracing_config[0].mode"}, Safe: SafeIs("Active")},
	},
	Refs: Refs{Trivy: "AVD-AWS-0066", Tfsec: "aws-lambda-enable-tracing", Checkov: "CKV_AWS_50"},
}

func checkLambdaTracing(in *Input) []Finding {
	m := lambdaTracingMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_lambda_function") {
		out = append(out, wantNested(m, r, "tracing_config", "mode", is("Active"), `"Active"`, "")...)
	}
	return out
}
