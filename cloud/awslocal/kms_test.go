package awslocal

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

func TestKMSListKeysPaginates(t *testing.T) {
	seed := testSeed(t)
	for i := range 6 {
		seed.KMSKeys = append(seed.KMSKeys, KMSKey{KeyID: fmt.Sprintf("ffffffff-0000-4000-8000-%012d", i)})
	}
	e := newEnv(t, seed, Options{})
	var ids []string
	pages := 0
	p := kms.NewListKeysPaginator(e.kms(), &kms.ListKeysInput{Limit: aws.Int32(3)})
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, k := range out.Keys {
			ids = append(ids, aws.ToString(k.KeyId))
		}
	}
	if len(ids) != 10 || pages != 4 {
		t.Fatalf("%d keys in %d pages", len(ids), pages)
	}
	aliases, err := e.kms().ListAliases(t.Context(), &kms.ListAliasesInput{})
	if err != nil || len(aliases.Aliases) != 2 || aws.ToString(aliases.Aliases[1].AliasName) != "alias/aws/s3" || aws.ToString(aliases.Aliases[1].TargetKeyId) != "0b6f1e2c-1111-4000-8000-000000000003" {
		t.Fatalf("aliases = %+v %v", aliases, err)
	}
	_, err = e.kms().ListKeys(t.Context(), &kms.ListKeysInput{Marker: aws.String("bogus!")})
	var im *types.InvalidMarkerException
	if !errors.As(err, &im) {
		t.Fatalf("bad marker: %v", err)
	}
}

func TestKMSKey(t *testing.T) {
	e := newEnv(t, testSeed(t), Options{})
	ctx := t.Context()
	c := e.kms()
	const id = "0b6f1e2c-1111-4000-8000-000000000001"
	const arn = "arn:aws:kms:us-east-1:111122223333:key/" + id

	for _, ref := range []string{id, arn, "alias/app", "arn:aws:kms:us-east-1:111122223333:alias/app"} {
		out, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(ref)})
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		md := out.KeyMetadata
		if aws.ToString(md.KeyId) != id || aws.ToString(md.Arn) != arn || aws.ToString(md.Description) != "app data" ||
			md.KeyUsage != types.KeyUsageTypeEncryptDecrypt || md.KeySpec != types.KeySpecSymmetricDefault ||
			md.KeyManager != types.KeyManagerTypeCustomer || md.KeyState != types.KeyStateEnabled || !md.Enabled || md.CreationDate == nil {
			t.Fatalf("%s: metadata = %+v", ref, md)
		}
	}
	rot, err := c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(id)})
	if err != nil || !rot.KeyRotationEnabled {
		t.Fatalf("rotation = %+v %v", rot, err)
	}
	tags, err := c.ListResourceTags(ctx, &kms.ListResourceTagsInput{KeyId: aws.String(id)})
	if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].TagKey) != "env" || aws.ToString(tags.Tags[0].TagValue) != "prod" {
		t.Fatalf("tags = %+v %v", tags, err)
	}

	const plain = "0b6f1e2c-1111-4000-8000-000000000004"
	pending, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(plain)})
	if err != nil || pending.KeyMetadata.KeyState != types.KeyStatePendingDeletion || pending.KeyMetadata.DeletionDate == nil {
		t.Fatalf("pending key = %+v %v", pending, err)
	}
	_, err = c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(plain)})
	var invalid *types.KMSInvalidStateException
	if !errors.As(err, &invalid) {
		t.Fatalf("rotation of a key pending deletion: %v", err)
	}
	_, err = c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String("0b6f1e2c-1111-4000-8000-000000000002")})
	var unsupported *types.UnsupportedOperationException
	if !errors.As(err, &unsupported) {
		t.Fatalf("rotation of an asymmetric key: %v", err)
	}

	// A symmetric key without rotation, then with.
	seedKey := "ffffffff-0000-4000-8000-000000000001"
	e2 := newEnv(t, &Seed{KMSKeys: []KMSKey{{KeyID: seedKey}}}, Options{})
	c2 := e2.kms()
	if out, err := c2.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(seedKey)}); err != nil || out.KeyRotationEnabled {
		t.Fatalf("rotation before = %+v %v", out, err)
	}
	if _, err := c2.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String(seedKey)}); err != nil {
		t.Fatal(err)
	}
	if out, err := c2.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(seedKey)}); err != nil || !out.KeyRotationEnabled {
		t.Fatalf("rotation after = %+v %v", out, err)
	}

	var nf *types.NotFoundException
	_, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("ffffffff-dead-4000-8000-000000000000")})
	if !errors.As(err, &nf) {
		t.Fatalf("missing key: %v, want NotFoundException", err)
	}
	_, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/ghost")})
	if !errors.As(err, &nf) {
		t.Fatalf("missing alias: %v, want NotFoundException", err)
	}
	other := kms.NewFromConfig(e.cfg, func(o *kms.Options) { o.Region = "eu-west-1" })
	_, err = other.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
	if !errors.As(err, &nf) {
		t.Fatalf("key in another region: %v, want NotFoundException", err)
	}
}
