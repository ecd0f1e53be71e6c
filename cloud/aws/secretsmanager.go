package aws

import (
	"context"
	"errors"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/driftfix/driftfix/cloud"
)

// Secrets Manager secrets: their metadata and resource policy, never their
// value (GetSecretValue is never called, and is not in the IAM policy). A
// secret scheduled for deletion is gone, as the provider treats it.
const typeSecret = "aws_secretsmanager_secret"

func init() {
	types[typeSecret] = typeInfo{service: "secretsmanager", actions: []string{"secretsmanager:DescribeSecret",
		"secretsmanager:GetResourcePolicy", "secretsmanager:ListSecrets"}}
	readers["secretsmanager"] = func(r *Reader) reader { return secretsReader{r} }
}

// secretsMaxResults is the largest page ListSecrets allows.
const secretsMaxResults = 100

type secretsAPI interface {
	DescribeSecret(context.Context, *secretsmanager.DescribeSecretInput, ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error)
	GetResourcePolicy(context.Context, *secretsmanager.GetResourcePolicyInput, ...func(*secretsmanager.Options)) (*secretsmanager.GetResourcePolicyOutput, error)
	ListSecrets(context.Context, *secretsmanager.ListSecretsInput, ...func(*secretsmanager.Options)) (*secretsmanager.ListSecretsOutput, error)
}

type secretsReader struct{ *Reader }

func (r secretsReader) client(region string) secretsAPI {
	return client(r.Reader, "secretsmanager", region, func(cfg awssdk.Config) secretsAPI { return secretsmanager.NewFromConfig(cfg) })
}

// get reads each secret (its ID is its ARN in every provider version; a
// name is accepted too) with DescribeSecret and GetResourcePolicy:
// Secrets Manager has no batched describe.
func (r secretsReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		c := r.client(ref.Region)
		var d *secretsmanager.DescribeSecretOutput
		err := r.call(ctx, "secretsmanager", func() (err error) {
			d, err = c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: &ref.ID})
			return err
		})
		var nf *smtypes.ResourceNotFoundException
		switch {
		case errors.As(err, &nf):
			return notFound
		case err != nil:
			return failedWith(err)
		case awssdk.ToString(d.ARN) == "" || awssdk.ToString(d.Name) == "":
			return failedWith(missingField("DescribeSecret", "the secret's ARN and Name"))
		case d.DeletedDate != nil: // scheduled for deletion: gone for the provider
			return notFound
		}
		var pol *secretsmanager.GetResourcePolicyOutput
		err = r.call(ctx, "secretsmanager", func() (err error) {
			pol, err = c.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: d.ARN})
			return err
		})
		switch {
		case errors.As(err, &nf):
			return notFound // deleted between the two calls
		case err != nil:
			return failedWith(err)
		}
		attrs := secretAttrs(d.ARN, d.Name, d.Description, d.KmsKeyId, d.Tags)
		attrs["policy"] = awssdk.ToString(pol.ResourcePolicy) // "" when none, as the provider keeps it
		return foundAs(attrs)
	})
}

func secretAttrs(arn, name, desc, key *string, tags []smtypes.Tag) map[string]any {
	return map[string]any{
		"id":          awssdk.ToString(arn),
		"arn":         awssdk.ToString(arn),
		"name":        awssdk.ToString(name),
		"description": awssdk.ToString(desc),
		"kms_key_id":  awssdk.ToString(key),
		"tags":        tagMap(tags, func(t smtypes.Tag) (string, string) { return awssdk.ToString(t.Key), awssdk.ToString(t.Value) }),
	}
}

// list pages through ListSecrets (secrets scheduled for deletion are not
// listed). Secrets that services make for themselves (RDS's managed master
// passwords, named rds!…) are owned by that service: OwningService says so.
func (r secretsReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	p := secretsmanager.NewListSecretsPaginator(r.client(region), &secretsmanager.ListSecretsInput{MaxResults: awssdk.Int32(secretsMaxResults)})
	var out []cloud.Resource
	for p.HasMorePages() {
		var page *secretsmanager.ListSecretsOutput
		if err := r.call(ctx, "secretsmanager", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, s := range page.SecretList {
			if awssdk.ToString(s.ARN) == "" || awssdk.ToString(s.Name) == "" {
				return nil, missingField("ListSecrets", "a secret's ARN and Name")
			}
			if s.DeletedDate != nil || awssdk.ToString(s.OwningService) != "" {
				continue
			}
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: *s.ARN, Region: region},
				Attrs: secretAttrs(s.ARN, s.Name, s.Description, s.KmsKeyId, s.Tags)})
		}
	}
	return out, nil
}
