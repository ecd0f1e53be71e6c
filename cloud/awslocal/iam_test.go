package awslocal

import (
	"errors"
	"fmt"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestIAMListRolesPaginates(t *testing.T) {
	seed := testSeed(t)
	for i := range 9 {
		seed.IAMRoles = append(seed.IAMRoles, IAMRole{Name: fmt.Sprintf("bulk-%02d", i), AssumeRolePolicy: "{}", Tags: map[string]string{"k": "v"}})
	}
	e := newEnv(t, seed, Options{})
	var names []string
	pages := 0
	p := iam.NewListRolesPaginator(e.iam(), &iam.ListRolesInput{MaxItems: aws.Int32(4)})
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, r := range out.Roles {
			names = append(names, aws.ToString(r.RoleName))
			if len(r.Tags) != 0 {
				t.Errorf("ListRoles returned tags for %s; AWS does not", aws.ToString(r.RoleName))
			}
		}
	}
	if len(names) != 11 || pages != 3 {
		t.Fatalf("%d roles in %d pages: %v", len(names), pages, names)
	}
	svc, err := e.iam().ListRoles(t.Context(), &iam.ListRolesInput{PathPrefix: aws.String("/aws-service-role/")})
	if err != nil || len(svc.Roles) != 1 {
		t.Fatalf("path prefix: %+v %v", svc, err)
	}
}

func TestIAMRole(t *testing.T) {
	seed := testSeed(t)
	e := newEnv(t, seed, Options{})
	ctx := t.Context()
	c := e.iam()
	role := aws.String("app")

	out, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: role})
	if err != nil {
		t.Fatal(err)
	}
	r := out.Role
	if aws.ToString(r.Arn) != "arn:aws:iam::111122223333:role/app" || aws.ToString(r.Path) != "/" || aws.ToString(r.Description) != "application role" || len(r.Tags) != 1 {
		t.Fatalf("role = %+v", r)
	}
	// IAM returns policy documents URL-encoded; the SDK passes them on as they are.
	raw := aws.ToString(r.AssumeRolePolicyDocument)
	if raw == seed.IAMRoles[0].AssumeRolePolicy || raw[:3] != "%7B" {
		t.Fatalf("assume role policy is not URL-encoded: %s", raw)
	}
	doc, err := url.QueryUnescape(raw)
	if err != nil || doc != seed.IAMRoles[0].AssumeRolePolicy {
		t.Fatalf("decoded policy = %q (%v)", doc, err)
	}

	var arns []string
	ap := iam.NewListAttachedRolePoliciesPaginator(c, &iam.ListAttachedRolePoliciesInput{RoleName: role, MaxItems: aws.Int32(1)})
	for ap.HasMorePages() {
		page, err := ap.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.AttachedPolicies {
			arns = append(arns, aws.ToString(p.PolicyArn))
		}
	}
	if len(arns) != 2 || arns[1] != "arn:aws:iam::111122223333:policy/app-extra" {
		t.Fatalf("attached = %v", arns)
	}
	names, err := c.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: role})
	if err != nil || len(names.PolicyNames) != 1 || names.PolicyNames[0] != "s3-write" || names.IsTruncated {
		t.Fatalf("inline names = %+v %v", names, err)
	}
	pol, err := c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: role, PolicyName: aws.String("s3-write")})
	if err != nil {
		t.Fatal(err)
	}
	if doc, _ := url.QueryUnescape(aws.ToString(pol.PolicyDocument)); doc != seed.IAMRoles[0].InlinePolicy[0].Policy {
		t.Fatalf("inline policy = %q", doc)
	}

	var nse *types.NoSuchEntityException
	_, err = c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("ghost")})
	if !errors.As(err, &nse) {
		t.Fatalf("GetRole ghost: %v, want NoSuchEntityException", err)
	}
	_, err = c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: role, PolicyName: aws.String("ghost")})
	if !errors.As(err, &nse) {
		t.Fatalf("GetRolePolicy ghost: %v, want NoSuchEntityException", err)
	}
	_, err = c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("ghost")})
	wantCode(t, err, "NoSuchEntity")
}
