package aws

import (
	"context"
	"errors"
	"strings"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud"
)

const (
	typeKMSKey   = "aws_kms_key"
	typeKMSAlias = "aws_kms_alias"
)

func init() {
	types[typeKMSAlias] = typeInfo{service: "kms", actions: []string{"kms:ListAliases"}}
}

// kmsAPI is what the reader calls on KMS.
type kmsAPI interface {
	ListKeys(context.Context, *kms.ListKeysInput, ...func(*kms.Options)) (*kms.ListKeysOutput, error)
	ListAliases(context.Context, *kms.ListAliasesInput, ...func(*kms.Options)) (*kms.ListAliasesOutput, error)
	DescribeKey(context.Context, *kms.DescribeKeyInput, ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
	GetKeyRotationStatus(context.Context, *kms.GetKeyRotationStatusInput, ...func(*kms.Options)) (*kms.GetKeyRotationStatusOutput, error)
	ListResourceTags(context.Context, *kms.ListResourceTagsInput, ...func(*kms.Options)) (*kms.ListResourceTagsOutput, error)
	GetKeyPolicy(context.Context, *kms.GetKeyPolicyInput, ...func(*kms.Options)) (*kms.GetKeyPolicyOutput, error)
}

// The largest pages KMS allows.
const (
	kmsMaxKeys    = 1000
	kmsMaxAliases = 100
	kmsMaxTags    = 50
)

type kmsReader struct{ *Reader }

func (r kmsReader) client(region string) kmsAPI {
	return client(r.Reader, "kms", region, func(cfg awssdk.Config) kmsAPI { return kms.NewFromConfig(cfg) })
}

func (r kmsReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		read := r.key
		if ref.Type == typeKMSAlias {
			read = r.alias
		}
		attrs, err := read(ctx, ref)
		switch {
		case err != nil:
			return failedWith(err)
		case attrs == nil:
			return notFound
		}
		return foundAs(attrs)
	})
}

// key reads one key; nil when it does not exist or is pending deletion
// (Terraform treats both as gone).
func (r kmsReader) key(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	c := r.client(ref.Region)
	var desc *kms.DescribeKeyOutput
	err := r.call(ctx, "kms", func() (err error) { desc, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: &ref.ID}); return err })
	var nf *kmstypes.NotFoundException
	if errors.As(err, &nf) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	md := desc.KeyMetadata
	switch {
	case md == nil:
		return nil, missingField("DescribeKey", "KeyMetadata")
	case awssdk.ToString(md.KeyId) == "":
		return nil, missingField("DescribeKey", "the key's KeyId")
	case awssdk.ToString(md.Arn) == "":
		return nil, missingField("DescribeKey", "the key's Arn")
	case md.KeyState == "":
		return nil, missingField("DescribeKey", "the key's KeyState")
	}
	if md.KeyState == kmstypes.KeyStatePendingDeletion || md.KeyState == kmstypes.KeyStatePendingReplicaDeletion {
		return nil, nil
	}
	id := awssdk.ToString(md.KeyId)
	attrs := map[string]any{
		"id":                       id,
		"key_id":                   id,
		"arn":                      awssdk.ToString(md.Arn),
		"description":              awssdk.ToString(md.Description),
		"key_usage":                string(md.KeyUsage),
		"customer_master_key_spec": string(md.KeySpec),
		"is_enabled":               md.Enabled,
		"multi_region":             awssdk.ToBool(md.MultiRegion),
		"enable_key_rotation":      false,
		"rotation_period_in_days":  float64(0),
	}
	// An answer without a value says nothing about it: leave it out
	// rather than report "" (AWS always sends both; moto has no KeyUsage).
	for _, k := range []string{"key_usage", "customer_master_key_spec"} {
		if attrs[k] == "" {
			delete(attrs, k)
		}
	}

	g, gctx := errgroup.WithContext(ctx)
	var mu sync.Mutex // the reads below fill attrs at once
	// Only symmetric keys with KMS key material rotate.
	if attrs["customer_master_key_spec"] == string(kmstypes.KeySpecSymmetricDefault) {
		g.Go(func() error {
			var rot *kms.GetKeyRotationStatusOutput
			err := r.call(gctx, "kms", func() (err error) {
				rot, err = c.GetKeyRotationStatus(gctx, &kms.GetKeyRotationStatusInput{KeyId: &id})
				return err
			})
			var unsupported *kmstypes.UnsupportedOperationException
			if errors.As(err, &unsupported) {
				return nil
			}
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			attrs["enable_key_rotation"] = rot.KeyRotationEnabled
			attrs["rotation_period_in_days"] = float64(awssdk.ToInt32(rot.RotationPeriodInDays))
			return nil
		})
	}
	// The key policy, compared by meaning (the provider keeps it as
	// written; KMS answers its own form).
	g.Go(func() error {
		var pol *kms.GetKeyPolicyOutput
		if err := r.call(gctx, "kms", func() (err error) {
			pol, err = c.GetKeyPolicy(gctx, &kms.GetKeyPolicyInput{KeyId: &id, PolicyName: awssdk.String("default")})
			return err
		}); err != nil {
			return err
		}
		if pol.Policy == nil {
			return missingField("GetKeyPolicy", "the Policy")
		}
		mu.Lock()
		defer mu.Unlock()
		attrs["policy"] = *pol.Policy
		return nil
	})
	tags := map[string]any{}
	g.Go(func() error {
		p := kms.NewListResourceTagsPaginator(c, &kms.ListResourceTagsInput{KeyId: &id, Limit: awssdk.Int32(kmsMaxTags)})
		for p.HasMorePages() {
			var page *kms.ListResourceTagsOutput
			if err := r.call(gctx, "kms", func() (err error) { page, err = p.NextPage(gctx); return err }); err != nil {
				return err
			}
			for _, t := range page.Tags {
				if t.TagKey == nil {
					return missingField("ListResourceTags", "a tag's TagKey")
				}
				tags[*t.TagKey] = awssdk.ToString(t.TagValue)
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	attrs["tags"] = tags
	return attrs, nil
}

// aliases are the region's aliases, listed once per Get or List (the key
// sweep and every alias read share them).
func (r kmsReader) aliases(ctx context.Context, region string) ([]kmstypes.AliasListEntry, error) {
	return memoized(ctx, "kms:aliases:"+region, func() ([]kmstypes.AliasListEntry, error) {
		p := kms.NewListAliasesPaginator(r.client(region), &kms.ListAliasesInput{Limit: awssdk.Int32(kmsMaxAliases)})
		var out []kmstypes.AliasListEntry
		for p.HasMorePages() {
			var page *kms.ListAliasesOutput
			if err := r.call(ctx, "kms", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
				return nil, err
			}
			for _, a := range page.Aliases {
				if a.AliasName == nil {
					return nil, missingField("ListAliases", "an alias's AliasName")
				}
			}
			out = append(out, page.Aliases...)
		}
		return out, nil
	})
}

// awsAlias: alias/aws/… names AWS managed keys; no Terraform resource can.
func awsAlias(name string) bool { return strings.HasPrefix(name, "alias/aws/") }

func aliasAttrs(a kmstypes.AliasListEntry) map[string]any {
	name := awssdk.ToString(a.AliasName)
	return map[string]any{"id": name, "name": name, "arn": awssdk.ToString(a.AliasArn), "target_key_id": awssdk.ToString(a.TargetKeyId)}
}

// alias reads one alias (its ID is its name, alias/…, in every provider
// version) from the region's list; nil when it does not exist.
func (r kmsReader) alias(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	all, err := r.aliases(ctx, ref.Region)
	if err != nil {
		return nil, err
	}
	for _, a := range all {
		if awssdk.ToString(a.AliasName) == ref.ID {
			return aliasAttrs(a), nil
		}
	}
	return nil, nil
}

// list sweeps the region's customer managed keys, or its aliases (never
// alias/aws/…). AWS managed keys cannot be Terraform resources; they are
// the targets of the alias/aws/… aliases, which one paged ListAliases
// finds without a DescribeKey per key.
func (r kmsReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	if typ == typeKMSAlias {
		all, err := r.aliases(ctx, region)
		if err != nil {
			return nil, err
		}
		var out []cloud.Resource
		for _, a := range all {
			// AWS's own, and the aliases AWS lists for services that have
			// not made their key yet (no target).
			if awsAlias(awssdk.ToString(a.AliasName)) || a.TargetKeyId == nil {
				continue
			}
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: awssdk.ToString(a.AliasName), Region: region}, Attrs: aliasAttrs(a)})
		}
		return out, nil
	}
	c := r.client(region)
	awsManaged := map[string]bool{}
	var keys []kmstypes.KeyListEntry
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		all, err := r.aliases(gctx, region)
		for _, a := range all {
			if awsAlias(awssdk.ToString(a.AliasName)) && a.TargetKeyId != nil {
				awsManaged[*a.TargetKeyId] = true
			}
		}
		return err
	})
	g.Go(func() error {
		p := kms.NewListKeysPaginator(c, &kms.ListKeysInput{Limit: awssdk.Int32(kmsMaxKeys)})
		for p.HasMorePages() {
			var page *kms.ListKeysOutput
			if err := r.call(gctx, "kms", func() (err error) { page, err = p.NextPage(gctx); return err }); err != nil {
				return err
			}
			for _, k := range page.Keys {
				if awssdk.ToString(k.KeyId) == "" {
					return missingField("ListKeys", "a key's KeyId")
				}
			}
			keys = append(keys, page.Keys...)
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var out []cloud.Resource
	for _, k := range keys {
		id := awssdk.ToString(k.KeyId)
		if awsManaged[id] {
			continue
		}
		out = append(out, cloud.Resource{
			Ref:   cloud.Ref{Type: typ, ID: id, Region: region},
			Attrs: map[string]any{"id": id, "key_id": id, "arn": awssdk.ToString(k.KeyArn)},
		})
	}
	return out, nil
}
