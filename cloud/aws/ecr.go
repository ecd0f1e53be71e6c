package aws

import (
	"context"
	"errors"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud"
)

// ECR repositories and their policies; both are known by the repository's
// name in every provider version. Repositories are read with
// DescribeRepositories, 100 names a call (a call that names one that does
// not exist fails whole: then each is read alone), and one
// ListTagsForResource each; a policy with one GetRepositoryPolicy. The
// sweep pages through DescribeRepositories; a repository's policy, which
// no list call answers, costs one GetRepositoryPolicy per repository.
const (
	typeECRRepository = "aws_ecr_repository"
	typeECRPolicy     = "aws_ecr_repository_policy"
)

func init() {
	types[typeECRRepository] = typeInfo{service: "ecr", actions: []string{"ecr:DescribeRepositories", "ecr:ListTagsForResource"}}
	types[typeECRPolicy] = typeInfo{service: "ecr", actions: []string{"ecr:GetRepositoryPolicy", "ecr:DescribeRepositories"}}
	readers["ecr"] = func(r *Reader) reader { return ecrReader{r} }
}

// ecrAPI is what the reader calls on ECR.
type ecrAPI interface {
	DescribeRepositories(context.Context, *ecr.DescribeRepositoriesInput, ...func(*ecr.Options)) (*ecr.DescribeRepositoriesOutput, error)
	ListTagsForResource(context.Context, *ecr.ListTagsForResourceInput, ...func(*ecr.Options)) (*ecr.ListTagsForResourceOutput, error)
	GetRepositoryPolicy(context.Context, *ecr.GetRepositoryPolicyInput, ...func(*ecr.Options)) (*ecr.GetRepositoryPolicyOutput, error)
}

const (
	ecrMaxResults = 1000 // the largest page DescribeRepositories allows
	ecrMaxNames   = 100  // the most names one DescribeRepositories takes
)

type ecrReader struct{ *Reader }

func (r ecrReader) client(region string) ecrAPI {
	return client(r.Reader, "ecr", region, func(cfg awssdk.Config) ecrAPI { return ecr.NewFromConfig(cfg) })
}

func repositoryGone(err error) bool {
	var nf *ecrtypes.RepositoryNotFoundException
	return errors.As(err, &nf)
}

// describe pages through DescribeRepositories for names (every repository
// when names is nil).
func (r ecrReader) describe(ctx context.Context, region string, names []string) ([]ecrtypes.Repository, error) {
	in := &ecr.DescribeRepositoriesInput{RepositoryNames: names}
	if names == nil {
		in.MaxResults = awssdk.Int32(ecrMaxResults)
	}
	p := ecr.NewDescribeRepositoriesPaginator(r.client(region), in)
	var out []ecrtypes.Repository
	for p.HasMorePages() {
		var page *ecr.DescribeRepositoriesOutput
		if err := r.call(ctx, "ecr", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, repo := range page.Repositories {
			if awssdk.ToString(repo.RepositoryName) == "" || awssdk.ToString(repo.RepositoryArn) == "" {
				return nil, missingField("DescribeRepositories", "a repository's RepositoryName or RepositoryArn")
			}
		}
		out = append(out, page.Repositories...)
	}
	return out, nil
}

// repositories reads the named repositories of a region, by name; the
// names that do not exist are not in it.
func (r ecrReader) repositories(ctx context.Context, region string, names []string) (map[string]ecrtypes.Repository, error) {
	found := map[string]ecrtypes.Repository{}
	for _, batch := range chunks(names, ecrMaxNames) {
		repos, err := describeOrEach(ctx, batch, func(ctx context.Context, names []string) ([]ecrtypes.Repository, error) {
			return r.describe(ctx, region, names)
		}, repositoryGone)
		if err != nil {
			return nil, err
		}
		for _, repo := range repos {
			found[*repo.RepositoryName] = repo
		}
	}
	return found, nil
}

func (r ecrReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	var out cloud.GetResult
	for region, rs := range groupByRegion(refs) {
		var repoRefs, policyRefs []cloud.Ref
		var names []string
		for _, ref := range rs {
			if ref.Type == typeECRPolicy {
				policyRefs = append(policyRefs, ref)
			} else {
				repoRefs = append(repoRefs, ref)
				names = append(names, ref.ID)
			}
		}
		res := r.getPolicies(ctx, policyRefs)
		if len(repoRefs) > 0 {
			repos, err := r.repositories(ctx, region, names)
			repoRes := readParallel(ctx, r.fanout, repoRefs, func(ctx context.Context, ref cloud.Ref) outcome {
				if err != nil {
					return failedWith(err)
				}
				repo, ok := repos[ref.ID]
				if !ok {
					return notFound
				}
				attrs := repositoryAttrs(repo)
				tags, err := r.tags(ctx, region, awssdk.ToString(repo.RepositoryArn))
				if repositoryGone(err) {
					return notFound
				}
				if err != nil {
					return failedWith(err)
				}
				attrs["tags"] = tags
				return foundAs(attrs)
			})
			res = merge(res, repoRes)
		}
		out = merge(out, res)
	}
	return out
}

// repositoryAttrs are aws_ecr_repository's attributes.
func repositoryAttrs(repo ecrtypes.Repository) map[string]any {
	name := awssdk.ToString(repo.RepositoryName)
	attrs := map[string]any{
		"id":                   name,
		"name":                 name,
		"arn":                  awssdk.ToString(repo.RepositoryArn),
		"registry_id":          awssdk.ToString(repo.RegistryId),
		"repository_url":       awssdk.ToString(repo.RepositoryUri),
		"image_tag_mutability": string(repo.ImageTagMutability),
	}
	if s := repo.ImageScanningConfiguration; s != nil {
		attrs["image_scanning_configuration"] = []any{map[string]any{"scan_on_push": s.ScanOnPush}}
	}
	if e := repo.EncryptionConfiguration; e != nil {
		attrs["encryption_configuration"] = []any{map[string]any{"encryption_type": string(e.EncryptionType), "kms_key": awssdk.ToString(e.KmsKey)}}
	}
	return attrs
}

func (r ecrReader) tags(ctx context.Context, region, arn string) (map[string]any, error) {
	var out *ecr.ListTagsForResourceOutput
	if err := r.call(ctx, "ecr", func() (err error) {
		out, err = r.client(region).ListTagsForResource(ctx, &ecr.ListTagsForResourceInput{ResourceArn: &arn})
		return err
	}); err != nil {
		return nil, err
	}
	return keyedTagMap("ListTagsForResource", out.Tags, func(t ecrtypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// policy reads one repository's policy: "" when the repository has none
// or does not exist.
func (r ecrReader) policy(ctx context.Context, region, name string) (registry, policy string, err error) {
	var out *ecr.GetRepositoryPolicyOutput
	err = r.call(ctx, "ecr", func() (err error) {
		out, err = r.client(region).GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: &name})
		return err
	})
	var none *ecrtypes.RepositoryPolicyNotFoundException
	if errors.As(err, &none) || repositoryGone(err) {
		return "", "", nil
	}
	if err != nil {
		return "", "", err
	}
	if awssdk.ToString(out.PolicyText) == "" {
		return "", "", missingField("GetRepositoryPolicy", "the PolicyText")
	}
	return awssdk.ToString(out.RegistryId), *out.PolicyText, nil
}

func policyAttrs(name, registry, policy string) map[string]any {
	return map[string]any{"id": name, "repository": name, "registry_id": registry, "policy": policy}
}

func (r ecrReader) getPolicies(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		registry, policy, err := r.policy(ctx, ref.Region, ref.ID)
		switch {
		case err != nil:
			return failedWith(err)
		case policy == "":
			return notFound
		}
		return foundAs(policyAttrs(ref.ID, registry, policy))
	})
}

// list sweeps the region's repositories, or the policies of its
// repositories (one GetRepositoryPolicy each).
func (r ecrReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	repos, err := memoized(ctx, "ecr:repositories:"+region, func() ([]ecrtypes.Repository, error) { return r.describe(ctx, region, nil) })
	if err != nil {
		return nil, err
	}
	out := make([]cloud.Resource, len(repos))
	if typ == typeECRRepository {
		for i, repo := range repos {
			out[i] = cloud.Resource{Ref: cloud.Ref{Type: typ, ID: *repo.RepositoryName, Region: region}, Attrs: repositoryAttrs(repo)}
		}
		return out, nil
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.fanout)
	for i, repo := range repos {
		g.Go(func() error {
			registry, policy, err := r.policy(gctx, region, *repo.RepositoryName)
			if policy != "" {
				out[i] = cloud.Resource{Ref: cloud.Ref{Type: typ, ID: *repo.RepositoryName, Region: region}, Attrs: policyAttrs(*repo.RepositoryName, registry, policy)}
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var withPolicy []cloud.Resource
	for _, x := range out {
		if x.ID != "" {
			withPolicy = append(withPolicy, x)
		}
	}
	return withPolicy, nil
}
