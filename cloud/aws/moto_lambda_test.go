package aws

import (
	"archive/zip"
	"bytes"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// lambdaZip is a deployment package of one handler file.
func lambdaZip(t testing.TB) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, err := w.Create("index.py")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("def handler(event, context):\n    return event\n")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Lambda functions and permissions against moto (functions made from a
// zip: moto needs Docker only to invoke one). No drift on the untouched
// estate; a memory size and a tag changed by hand are changes; a
// permission added by hand to a managed function is unmanaged, one of an
// unmanaged function is not (the function is); a removed permission and a
// deleted function (its permissions with it) are deleted. Permission ids
// in state: the statement ID (v4 to v6); function_name the name, or the
// ARN (both are found).
func TestLambdaDriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, typeLambdaFunction, typeLambdaPermission)
	ctx := t.Context()
	s := awssdk.String
	role := mustDo[*iam.CreateRoleOutput](t, "CreateRole")(iam.NewFromConfig(e.cfg).CreateRole(ctx, &iam.CreateRoleInput{RoleName: s("fn"),
		AssumeRolePolicyDocument: s(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)}))
	roleARN := awssdk.ToString(role.Role.Arn)
	c := lambda.NewFromConfig(e.cfg)
	code := lambdaZip(t)
	function := func(name string) string {
		out := mustDo[*lambda.CreateFunctionOutput](t, "CreateFunction "+name)(c.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: s(name), Role: s(roleARN), Runtime: lambdatypes.RuntimePython312, Handler: s("index.handler"),
			Code: &lambdatypes.FunctionCode{ZipFile: code}, MemorySize: awssdk.Int32(256), Timeout: awssdk.Int32(10),
			Environment: &lambdatypes.Environment{Variables: map[string]string{"DB_PASSWORD": "not-for-drift"}},
			Tags:        map[string]string{"team": "api"}}))
		return awssdk.ToString(out.FunctionArn)
	}
	permit := func(fn, sid, principal, source string) {
		ok(t, "AddPermission "+sid)(c.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: s(fn), StatementId: s(sid),
			Action: s("lambda:InvokeFunction"), Principal: s(principal), SourceArn: s(source)}))
	}
	apiARN := function("api")
	function("stray")
	permit("api", "AllowS3", "s3.amazonaws.com", "arn:aws:s3:::uploads")
	permit("api", "AllowEvents", "events.amazonaws.com", "arn:aws:events:us-east-1:123456789012:rule/nightly")
	permit("stray", "AllowSNS", "sns.amazonaws.com", "arn:aws:sns:us-east-1:123456789012:alerts")

	e.add("aws_lambda_function.api", "api", map[string]any{"function_name": "api", "arn": apiARN, "role": roleARN, "runtime": "python3.12",
		"handler": "index.handler", "memory_size": 256.0, "timeout": 10.0, "kms_key_arn": "",
		"tracing_config": []any{map[string]any{"mode": "PassThrough"}}, "tags": map[string]any{"team": "api"},
		// Not compared: the values can be secrets, and are never read.
		"environment": []any{map[string]any{"variables": map[string]any{"DB_PASSWORD": "changed-in-state-only"}}}})
	e.add("aws_lambda_permission.s3", "AllowS3", map[string]any{"function_name": "api", "statement_id": "AllowS3", "statement_id_prefix": "",
		"action": "lambda:InvokeFunction", "principal": "s3.amazonaws.com", "source_arn": "arn:aws:s3:::uploads", "source_account": "", "qualifier": ""})
	// function_name as the function's ARN, as a reference to
	// aws_lambda_function.arn writes it.
	e.add("aws_lambda_permission.events", "AllowEvents", map[string]any{"function_name": apiARN, "statement_id": "AllowEvents",
		"action": "lambda:InvokeFunction", "principal": "events.amazonaws.com", "source_arn": "arn:aws:events:us-east-1:123456789012:rule/nightly",
		"qualifier": ""})

	e.expect("right after creation", "unmanaged aws_lambda_function stray")
	e.checkActions()

	ok(t, "UpdateFunctionConfiguration")(c.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: s("api"),
		MemorySize: awssdk.Int32(1024)}))
	ok(t, "TagResource")(c.TagResource(ctx, &lambda.TagResourceInput{Resource: s(apiARN), Tags: map[string]string{"team": "ops"}}))
	ok(t, "RemovePermission")(c.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: s("api"), StatementId: s("AllowEvents")}))
	permit("api", "ByHand", "sqs.amazonaws.com", "arn:aws:sqs:us-east-1:123456789012:q")
	e.expect("after the changes",
		"changed aws_lambda_function aws_lambda_function.api memory_size=1024 tags.team=ops",
		"deleted aws_lambda_permission aws_lambda_permission.events",
		"unmanaged aws_lambda_function stray",
		"unmanaged aws_lambda_permission api/ByHand",
	)

	ok(t, "DeleteFunction")(c.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: s("api")}))
	e.expect("after the function is deleted",
		"deleted aws_lambda_function aws_lambda_function.api",
		"deleted aws_lambda_permission aws_lambda_permission.events",
		"deleted aws_lambda_permission aws_lambda_permission.s3",
		"unmanaged aws_lambda_function stray",
	)
}
