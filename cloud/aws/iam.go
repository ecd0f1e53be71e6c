package aws

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud"
)

const typeIAMRole = "aws_iam_role"

const iamMaxItems = 1000 // the largest page IAM allows

// Roles under these paths belong to AWS (service-linked and SSO roles);
// Terraform cannot manage them as aws_iam_role.
var awsRolePaths = []string{"/aws-service-role/", "/aws-reserved/"}

type iamReader struct{ *Reader }

// client is the IAM client; IAM is global, so the first region's will do.
func (r iamReader) client() *iam.Client {
	return client(r.Reader, "iam", r.regions[0], func(cfg awssdk.Config) *iam.Client { return iam.NewFromConfig(cfg) })
}

func (r iamReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		read, ok := iamGets[ref.Type]
		if !ok {
			return failedWith(fmt.Errorf("aws: no IAM reader for %s", ref.Type))
		}
		attrs, err := read(r, ctx, ref)
		switch {
		case noSuchEntity(err):
			return notFound
		case err != nil:
			return failedWith(err)
		case attrs == nil:
			return notFound
		}
		return foundAs(attrs)
	})
}

// role reads one role with its attached and inline policies; nil when it
// does not exist.
func (r iamReader) role(ctx context.Context, name string) (map[string]any, error) {
	c := r.client()
	var out *iam.GetRoleOutput
	err := r.call(ctx, "iam", func() (err error) { out, err = c.GetRole(ctx, &iam.GetRoleInput{RoleName: &name}); return err })
	var nse *iamtypes.NoSuchEntityException
	if errors.As(err, &nse) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	role := out.Role
	switch {
	case role == nil:
		return nil, missingField("GetRole", "a Role")
	case awssdk.ToString(role.RoleName) == "":
		return nil, missingField("GetRole", "the role's RoleName")
	case awssdk.ToString(role.Arn) == "":
		return nil, missingField("GetRole", "the role's Arn")
	case role.AssumeRolePolicyDocument == nil:
		return nil, missingField("GetRole", "the role's AssumeRolePolicyDocument")
	case slices.ContainsFunc(role.Tags, func(t iamtypes.Tag) bool { return t.Key == nil }):
		return nil, missingField("GetRole", "a tag's Key")
	}
	assume, err := url.QueryUnescape(awssdk.ToString(role.AssumeRolePolicyDocument))
	if err != nil {
		return nil, fmt.Errorf("decode assume role policy: %w", err)
	}

	var managed []string
	ap := iam.NewListAttachedRolePoliciesPaginator(c, &iam.ListAttachedRolePoliciesInput{RoleName: &name, MaxItems: awssdk.Int32(iamMaxItems)})
	for ap.HasMorePages() {
		var page *iam.ListAttachedRolePoliciesOutput
		if err := r.call(ctx, "iam", func() (err error) { page, err = ap.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, p := range page.AttachedPolicies {
			if awssdk.ToString(p.PolicyArn) == "" {
				return nil, missingField("ListAttachedRolePolicies", "a policy's PolicyArn")
			}
			managed = append(managed, awssdk.ToString(p.PolicyArn))
		}
	}
	slices.Sort(managed)

	var names []string
	np := iam.NewListRolePoliciesPaginator(c, &iam.ListRolePoliciesInput{RoleName: &name, MaxItems: awssdk.Int32(iamMaxItems)})
	for np.HasMorePages() {
		var page *iam.ListRolePoliciesOutput
		if err := r.call(ctx, "iam", func() (err error) { page, err = np.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		names = append(names, page.PolicyNames...)
	}
	slices.Sort(names)
	inline := make([]any, len(names))
	g, gctx := errgroup.WithContext(ctx)
	for i, pname := range names {
		g.Go(func() error {
			var pol *iam.GetRolePolicyOutput
			if err := r.call(gctx, "iam", func() (err error) {
				pol, err = c.GetRolePolicy(gctx, &iam.GetRolePolicyInput{RoleName: &name, PolicyName: &pname})
				return err
			}); err != nil {
				return err
			}
			if pol.PolicyDocument == nil {
				return missingField("GetRolePolicy", "the PolicyDocument of "+pname)
			}
			doc, err := url.QueryUnescape(awssdk.ToString(pol.PolicyDocument))
			if err != nil {
				return fmt.Errorf("decode inline policy %s: %w", pname, err)
			}
			inline[i] = map[string]any{"name": pname, "policy": doc}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}

	created := ""
	if role.CreateDate != nil {
		created = role.CreateDate.UTC().Format(time.RFC3339)
	}
	return map[string]any{
		"id":                   awssdk.ToString(role.RoleName),
		"name":                 awssdk.ToString(role.RoleName),
		"name_prefix":          "",
		"arn":                  awssdk.ToString(role.Arn),
		"unique_id":            awssdk.ToString(role.RoleId),
		"path":                 awssdk.ToString(role.Path),
		"description":          awssdk.ToString(role.Description),
		"max_session_duration": float64(awssdk.ToInt32(role.MaxSessionDuration)),
		"create_date":          created,
		"assume_role_policy":   assume,
		"managed_policy_arns":  strings2any(managed),
		"inline_policy":        inline,
		"tags":                 tagMap(role.Tags, func(t iamtypes.Tag) (string, string) { return awssdk.ToString(t.Key), awssdk.ToString(t.Value) }),
	}, nil
}

// list sweeps the account's roles. ListRoles returns no tags, so the swept
// roles carry none.
func (r iamReader) list(ctx context.Context, typ, _ string) ([]cloud.Resource, error) {
	if typ != typeIAMRole {
		return r.listOther(ctx, typ)
	}
	p := iam.NewListRolesPaginator(r.client(), &iam.ListRolesInput{MaxItems: awssdk.Int32(iamMaxItems)})
	var out []cloud.Resource
	for p.HasMorePages() {
		var page *iam.ListRolesOutput
		if err := r.call(ctx, "iam", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, role := range page.Roles {
			if awssdk.ToString(role.RoleName) == "" {
				return nil, missingField("ListRoles", "a role's RoleName")
			}
			path := awssdk.ToString(role.Path)
			if slices.ContainsFunc(awsRolePaths, func(p string) bool { return strings.HasPrefix(path, p) }) {
				continue
			}
			name := awssdk.ToString(role.RoleName)
			out = append(out, cloud.Resource{
				Ref:   cloud.Ref{Type: typ, ID: name},
				Attrs: map[string]any{"id": name, "name": name, "arn": awssdk.ToString(role.Arn), "path": path},
			})
		}
	}
	return out, nil
}
