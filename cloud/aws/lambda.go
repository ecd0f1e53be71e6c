package aws

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud"
)

// Lambda: functions (GetFunction each, ListFunctions to sweep) and the
// permissions of their resource policies (GetPolicy each function).
//
// A function's environment variables are not read into its attributes:
// their values often hold secrets (GetFunction answers them in clear),
// and driftfix never keeps a secret value. They are not compared.
const (
	typeLambdaFunction   = "aws_lambda_function"
	typeLambdaPermission = "aws_lambda_permission"
)

func init() {
	types[typeLambdaFunction] = typeInfo{service: "lambda", actions: []string{"lambda:GetFunction", "lambda:ListFunctions"}}
	types[typeLambdaPermission] = typeInfo{service: "lambda", actions: []string{"lambda:GetPolicy", "lambda:ListFunctions"}}
	readers["lambda"] = func(r *Reader) reader { return lambdaReader{r} }
}

// lambdaAPI is what the reader calls on Lambda.
type lambdaAPI interface {
	GetFunction(context.Context, *lambda.GetFunctionInput, ...func(*lambda.Options)) (*lambda.GetFunctionOutput, error)
	ListFunctions(context.Context, *lambda.ListFunctionsInput, ...func(*lambda.Options)) (*lambda.ListFunctionsOutput, error)
	GetPolicy(context.Context, *lambda.GetPolicyInput, ...func(*lambda.Options)) (*lambda.GetPolicyOutput, error)
}

const lambdaMaxItems = 50 // the largest page ListFunctions allows

type lambdaReader struct{ *Reader }

func (r lambdaReader) client(region string) lambdaAPI {
	return client(r.Reader, "lambda", region, func(cfg awssdk.Config) lambdaAPI { return lambda.NewFromConfig(cfg) })
}

func lambdaNotFound(err error) bool {
	var nf *lambdatypes.ResourceNotFoundException
	return errors.As(err, &nf)
}

func (r lambdaReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		if ref.Type == typeLambdaPermission {
			return r.permission(ctx, ref)
		}
		return r.function(ctx, ref)
	})
}

// function reads one function by name or ARN.
func (r lambdaReader) function(ctx context.Context, ref cloud.Ref) outcome {
	c := r.client(ref.Region)
	var out *lambda.GetFunctionOutput
	err := r.call(ctx, "lambda", func() (err error) {
		out, err = c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: awssdk.String(ref.ID)})
		return err
	})
	switch {
	case lambdaNotFound(err):
		return notFound
	case err != nil:
		return failedWith(err)
	case out.Configuration == nil || awssdk.ToString(out.Configuration.FunctionName) == "":
		return failedWith(missingField("GetFunction", "the function's Configuration"))
	}
	fc := out.Configuration
	tracing := "PassThrough"
	if fc.TracingConfig != nil && fc.TracingConfig.Mode != "" {
		tracing = string(fc.TracingConfig.Mode)
	}
	name := awssdk.ToString(fc.FunctionName)
	tags := map[string]any{}
	for k, v := range out.Tags {
		tags[k] = v
	}
	return foundAs(map[string]any{
		"id":             name,
		"function_name":  name,
		"arn":            awssdk.ToString(fc.FunctionArn),
		"role":           awssdk.ToString(fc.Role),
		"runtime":        string(fc.Runtime),
		"handler":        awssdk.ToString(fc.Handler),
		"memory_size":    float64(awssdk.ToInt32(fc.MemorySize)),
		"timeout":        float64(awssdk.ToInt32(fc.Timeout)),
		"kms_key_arn":    awssdk.ToString(fc.KMSKeyArn),
		"tracing_config": []any{map[string]any{"mode": tracing}},
		"tags":           tags,
	})
}

// permissionKey splits a permission's lookup key, "<function>[:<qualifier>]/<statement>".
func permissionKey(ref cloud.Ref) (function, qualifier, statement string, ok bool) {
	key := lookup(ref)
	i := strings.LastIndex(key, "/")
	if i <= 0 || i == len(key)-1 {
		return "", "", "", false
	}
	function, statement = key[:i], key[i+1:]
	function, qualifier, _ = strings.Cut(function, ":")
	return function, qualifier, statement, true
}

// permission reads one statement of a function's policy. A function
// without a policy has no permissions: every one of them is missing.
func (r lambdaReader) permission(ctx context.Context, ref cloud.Ref) outcome {
	function, qualifier, statement, ok := permissionKey(ref)
	if !ok {
		return failedWith(fmt.Errorf("%s %s: state has no function_name and statement_id to find it by", ref.Type, ref.ID))
	}
	stmts, err := r.policy(ctx, ref.Region, function, qualifier)
	if err != nil {
		return failedWith(err)
	}
	for _, s := range stmts {
		if s["statement_id"] == statement {
			// function_name is what found it: state keeps a name or an
			// ARN, as written.
			attrs := maps.Clone(s)
			delete(attrs, "function_name")
			return foundAs(attrs)
		}
	}
	return notFound
}

// policyStatement is one statement of a function's resource policy.
type policyStatement struct {
	Sid       string
	Effect    string
	Principal any
	Action    any
	Condition map[string]map[string]any
}

// policy reads the permissions of a function (an alias or version when
// qualifier is set), as aws_lambda_permission attributes; none when the
// function has no policy or does not exist (then its permissions are
// missing too). Read once per Get or List.
func (r lambdaReader) policy(ctx context.Context, region, function, qualifier string) ([]map[string]any, error) {
	return memoized(ctx, "lambda:policy:"+region+":"+function+":"+qualifier, func() ([]map[string]any, error) {
		c := r.client(region)
		in := &lambda.GetPolicyInput{FunctionName: awssdk.String(function)}
		if qualifier != "" {
			in.Qualifier = awssdk.String(qualifier)
		}
		var out *lambda.GetPolicyOutput
		err := r.call(ctx, "lambda", func() (err error) { out, err = c.GetPolicy(ctx, in); return err })
		if lambdaNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if out.Policy == nil {
			return nil, missingField("GetPolicy", "the Policy")
		}
		var doc struct{ Statement []policyStatement }
		if err := json.Unmarshal([]byte(*out.Policy), &doc); err != nil {
			return nil, fmt.Errorf("GetPolicy %s: the policy is not JSON: %w", function, err)
		}
		var stmts []map[string]any
		for _, s := range doc.Statement {
			if s.Sid == "" {
				return nil, missingField("GetPolicy", "a statement's Sid")
			}
			stmts = append(stmts, permissionAttrs(function, qualifier, s))
		}
		return stmts, nil
	})
}

// permissionAttrs are the provider's attributes of one statement: the
// principal as the provider keeps it (a service name, or an account ID
// where the policy has the account's root ARN), the source ARN and
// account from the statement's conditions.
func permissionAttrs(function, qualifier string, s policyStatement) map[string]any {
	principal := ""
	switch p := s.Principal.(type) {
	case string:
		principal = p
	case map[string]any:
		for _, k := range []string{"Service", "AWS", "Federated"} {
			if v, ok := p[k].(string); ok {
				principal = v
				break
			}
		}
	}
	if acct, ok := strings.CutPrefix(principal, "arn:aws:iam::"); ok && strings.HasSuffix(acct, ":root") {
		principal = strings.TrimSuffix(acct, ":root")
	}
	action, _ := s.Action.(string)
	if list, ok := s.Action.([]any); ok && len(list) == 1 {
		action, _ = list[0].(string)
	}
	cond := func(k string) string {
		for _, op := range s.Condition {
			for ck, v := range op {
				if strings.EqualFold(ck, k) {
					if str, ok := v.(string); ok {
						return str
					}
				}
			}
		}
		return ""
	}
	return map[string]any{
		"id":             s.Sid,
		"statement_id":   s.Sid,
		"function_name":  function,
		"qualifier":      qualifier,
		"action":         action,
		"principal":      principal,
		"source_arn":     cond("AWS:SourceArn"),
		"source_account": cond("AWS:SourceAccount"),
	}
}

// functions are the region's functions, listed once per Get or List.
func (r lambdaReader) functions(ctx context.Context, region string) ([]lambdatypes.FunctionConfiguration, error) {
	return memoized(ctx, "lambda:functions:"+region, func() ([]lambdatypes.FunctionConfiguration, error) {
		p := lambda.NewListFunctionsPaginator(r.client(region), &lambda.ListFunctionsInput{MaxItems: awssdk.Int32(lambdaMaxItems)})
		out, err := paged(ctx, r.Reader, "lambda", p, func(o *lambda.ListFunctionsOutput) []lambdatypes.FunctionConfiguration { return o.Functions })
		if slices.ContainsFunc(out, func(f lambdatypes.FunctionConfiguration) bool { return awssdk.ToString(f.FunctionName) == "" }) {
			return nil, missingField("ListFunctions", "a function's FunctionName")
		}
		return out, err
	})
}

// list sweeps the region's functions (ListFunctions alone), or the
// permissions of every function (one GetPolicy each: Lambda has no call
// that lists the policies of many functions). Permissions of aliases and
// versions are not swept.
func (r lambdaReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	fns, err := r.functions(ctx, region)
	if err != nil {
		return nil, err
	}
	var out []cloud.Resource
	if typ == typeLambdaFunction {
		for _, f := range fns {
			name := awssdk.ToString(f.FunctionName)
			out = append(out, cloud.Resource{
				Ref:   cloud.Ref{Type: typ, ID: name, Region: region},
				Attrs: map[string]any{"id": name, "function_name": name, "arn": awssdk.ToString(f.FunctionArn)},
			})
		}
		return out, nil
	}
	perms := make([][]map[string]any, len(fns))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.fanout)
	for i, f := range fns {
		g.Go(func() (err error) {
			perms[i], err = r.policy(gctx, region, awssdk.ToString(f.FunctionName), "")
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, ps := range perms {
		for _, p := range ps {
			// The import ID: a statement ID alone is not unique.
			id := p["function_name"].(string) + "/" + p["statement_id"].(string)
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: id, Region: region}, Attrs: p})
		}
	}
	return out, nil
}
