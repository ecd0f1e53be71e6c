package aws

import (
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// KMS keys and aliases against moto: no drift on the untouched estate (the
// key policy as jsonencode writes it, KMS answers its own form: compared
// by meaning); a key policy widened by hand is a change of the key; an
// alias pointed at another key is a change of the alias, one added to a
// managed key is unmanaged, one of an unmanaged key is not reported on its
// own (the key is), and AWS's alias/aws/… are never unmanaged.
func TestKMSDriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, typeKMSKey, typeKMSAlias)
	// Moto lists AWS's alias/aws/… aliases (of the AWS managed keys) from
	// the start: the sweep leaves them out.
	if len(e.before) > 0 {
		t.Fatalf("the sweep of a fresh moto found %v; want nothing (alias/aws/… are AWS's)", e.before)
	}
	ctx := t.Context()
	c := kms.NewFromConfig(e.cfg)
	s := awssdk.String
	policy := func(principal string) string {
		return `{"Version":"2012-10-17","Id":"app","Statement":[{"Sid":"admin","Effect":"Allow","Principal":{"AWS":"` + principal +
			`"},"Action":"kms:*","Resource":"*"}]}`
	}
	key := func(desc, pol string) string {
		out, err := c.CreateKey(ctx, &kms.CreateKeyInput{Description: s(desc), Policy: s(pol)})
		if err != nil {
			t.Fatal(err)
		}
		return awssdk.ToString(out.KeyMetadata.KeyId)
	}
	app := key("app", policy("arn:aws:iam::123456789012:root"))
	stray := key("stray", policy("arn:aws:iam::123456789012:root"))
	ok(t, "CreateAlias app")(c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: s("alias/app"), TargetKeyId: &app}))
	ok(t, "CreateAlias stray")(c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: s("alias/stray"), TargetKeyId: &stray}))

	arn := "arn:aws:kms:us-east-1:123456789012:key/" + app
	e.add("aws_kms_key.app", app, map[string]any{"key_id": app, "arn": arn, "description": "app", "is_enabled": true,
		"enable_key_rotation": false, "tags": map[string]any{},
		// As jsonencode writes it: sorted keys, the account ID where KMS
		// keeps its root ARN, a single action as a string.
		"policy": `{"Id":"app","Statement":[{"Action":"kms:*","Effect":"Allow","Principal":{"AWS":"123456789012"},"Resource":"*","Sid":"admin"}],"Version":"2012-10-17"}`})
	e.add("aws_kms_alias.app", "alias/app", map[string]any{"name": "alias/app", "target_key_id": app,
		"arn": "arn:aws:kms:us-east-1:123456789012:alias/app", "target_key_arn": arn, "name_prefix": ""})

	e.expect("right after creation", "unmanaged aws_kms_key "+stray)
	e.checkActions()

	ok(t, "PutKeyPolicy")(c.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: &app, PolicyName: s("default"), Policy: s(policy("*"))}))
	ok(t, "UpdateAlias")(c.UpdateAlias(ctx, &kms.UpdateAliasInput{AliasName: s("alias/app"), TargetKeyId: &stray}))
	ok(t, "CreateAlias by hand")(c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: s("alias/by-hand"), TargetKeyId: &app}))
	e.expect("after the changes",
		"changed aws_kms_alias aws_kms_alias.app target_key_id="+stray,
		"changed aws_kms_key aws_kms_key.app policy="+policy("*"),
		"unmanaged aws_kms_alias alias/by-hand",
		"unmanaged aws_kms_key "+stray,
	)
	ok(t, "DeleteAlias")(c.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: s("alias/app")}))
	e.expect("after the alias is deleted",
		"changed aws_kms_key aws_kms_key.app policy="+policy("*"),
		"deleted aws_kms_alias aws_kms_alias.app",
		"unmanaged aws_kms_alias alias/by-hand",
		"unmanaged aws_kms_key "+stray,
	)
}
