package aws

import (
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// ok fails the test when a call that builds the estate fails.
func ok(t *testing.T, what string) func(any, error) {
	return func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
}

func iamTypeNames() []string {
	return []string{typeIAMRole, typeIAMPolicy, typeIAMRolePolicy, typeIAMRolePolicyAttachment, typeIAMPolicyAttachment,
		typeIAMUser, typeIAMUserPolicy, typeIAMUserPolicyAttachment, typeIAMGroup, typeIAMGroupPolicy, typeIAMGroupPolicyAttachment,
		typeIAMGroupMembership, typeIAMAccessKey, typeIAMInstanceProfile, typeIAMPasswordPolicy, typeIAMOIDCProvider}
}

// The IAM family against moto: an estate of roles, users, groups, policies
// and their attachments built with the SDK, and the state provider v5
// keeps for it (attachments both as Terraform creates them, with a random
// suffix in id, and as imported, "<entity>/<policy ARN>"). No drift on the
// untouched estate; then every change made by hand is found once, and
// nothing else: a policy widened, a policy attached by hand (to a role
// whose attachments are separate resources: an unmanaged attachment; to a
// role that keeps them in managed_policy_arns: a change of the role; to a
// user, for a policy an exclusive aws_iam_policy_attachment owns: a change
// of that), an inline policy edited and one deleted, a key deactivated, a
// member added, the password policy weakened, an OIDC thumbprint replaced, a new
// user (unmanaged; its inline policy is not reported on its own).
func TestIAMDriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, iamTypeNames()...)
	ctx := t.Context()
	c := iam.NewFromConfig(e.cfg)
	s := awssdk.String

	assume := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	readDoc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::acme-data/*"]}]}`
	// The same policy as Terraform keeps it (jsonencode): other key order,
	// single values where IAM has one-element lists.
	readDocState := `{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"arn:aws:s3:::acme-data/*"}],"Version":"2012-10-17"}`
	inlineDoc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}`

	pol, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: s("app-read"), PolicyDocument: &readDoc,
		Tags: []iamtypes.Tag{{Key: s("team"), Value: s("payments")}}})
	if err != nil {
		t.Fatal(err)
	}
	readARN := awssdk.ToString(pol.Policy.Arn)
	deploy, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: s("deploy"), PolicyDocument: &inlineDoc})
	if err != nil {
		t.Fatal(err)
	}
	deployARN := awssdk.ToString(deploy.Policy.Arn)
	admin, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: s("admin-ish"), PolicyDocument: s(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	adminARN := awssdk.ToString(admin.Policy.Arn)

	for _, role := range []string{"app", "batch", "ci"} {
		ok(t, "CreateRole")(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: s(role), AssumeRolePolicyDocument: &assume}))
	}
	ok(t, "AttachRolePolicy")(c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: s("app"), PolicyArn: &readARN}))
	ok(t, "PutRolePolicy")(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: s("app"), PolicyName: s("queue"), PolicyDocument: &inlineDoc}))
	ok(t, "AttachRolePolicy ci")(c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: s("ci"), PolicyArn: &deployARN}))

	ok(t, "CreateUser")(c.CreateUser(ctx, &iam.CreateUserInput{UserName: s("bob"), Tags: []iamtypes.Tag{{Key: s("team"), Value: s("ops")}}}))
	ok(t, "AttachUserPolicy")(c.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: s("bob"), PolicyArn: &readARN}))
	ok(t, "PutUserPolicy")(c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: s("bob"), PolicyName: s("own"), PolicyDocument: &inlineDoc}))
	key, err := c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: s("bob")})
	if err != nil {
		t.Fatal(err)
	}
	keyID := awssdk.ToString(key.AccessKey.AccessKeyId)

	ok(t, "CreateGroup")(c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: s("devs")}))
	ok(t, "AddUserToGroup")(c.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: s("devs"), UserName: s("bob")}))
	ok(t, "AttachGroupPolicy")(c.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: s("devs"), PolicyArn: &readARN}))
	ok(t, "PutGroupPolicy")(c.PutGroupPolicy(ctx, &iam.PutGroupPolicyInput{GroupName: s("devs"), PolicyName: s("team"), PolicyDocument: &inlineDoc}))

	ok(t, "CreateInstanceProfile")(c.CreateInstanceProfile(ctx, &iam.CreateInstanceProfileInput{InstanceProfileName: s("app")}))
	ok(t, "AddRoleToInstanceProfile")(c.AddRoleToInstanceProfile(ctx, &iam.AddRoleToInstanceProfileInput{InstanceProfileName: s("app"), RoleName: s("app")}))
	ok(t, "UpdateAccountPasswordPolicy")(c.UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: awssdk.Int32(14),
		RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
		AllowUsersToChangePassword: true, PasswordReusePrevention: awssdk.Int32(24), MaxPasswordAge: awssdk.Int32(90)}))
	oidc, err := c.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: s("https://token.actions.githubusercontent.com"),
		ClientIDList: []string{"sts.amazonaws.com"}, ThumbprintList: []string{"6938fd4d98bab03faadb97b34396831e3780aea1"}})
	if err != nil {
		t.Fatal(err)
	}
	oidcARN := awssdk.ToString(oidc.OpenIDConnectProviderArn)

	// The state (provider v5) of that estate. Role app keeps its
	// attachments as separate resources; role batch has none and keeps
	// them in managed_policy_arns (empty); role ci's policy is attached by
	// an exclusive aws_iam_policy_attachment.
	role := func(name string, managed []any, inline []any) map[string]any {
		return map[string]any{"name": name, "path": "/", "assume_role_policy": assume, "managed_policy_arns": managed, "inline_policy": inline,
			"max_session_duration": 3600.0, "tags": map[string]any{}}
	}
	e.add("aws_iam_role.app", "app", role("app", []any{readARN}, []any{map[string]any{"name": "queue", "policy": inlineDoc}}))
	e.add("aws_iam_role.batch", "batch", role("batch", []any{}, []any{}))
	e.add("aws_iam_role.ci", "ci", role("ci", []any{deployARN}, []any{}))
	e.add("aws_iam_policy.read", readARN, map[string]any{"arn": readARN, "name": "app-read", "name_prefix": "", "path": "/", "description": "",
		"policy": readDocState, "attachment_count": 3.0, "tags": map[string]any{"team": "payments"}, "tags_all": map[string]any{"team": "payments"}})
	e.add("aws_iam_policy.deploy", deployARN, map[string]any{"arn": deployARN, "name": "deploy", "path": "/", "policy": inlineDoc, "tags": map[string]any{}})
	e.add("aws_iam_policy.admin", adminARN, map[string]any{"arn": adminARN, "name": "admin-ish", "path": "/",
		"policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, "tags": map[string]any{}})
	// Created by Terraform: "<role>-<random suffix>".
	e.add("aws_iam_role_policy_attachment.app_read", "app-20261202113000000000000001", map[string]any{"role": "app", "policy_arn": readARN})
	e.add("aws_iam_role_policy.app_queue", "app:queue", map[string]any{"role": "app", "name": "queue", "name_prefix": "", "policy": inlineDoc})
	e.add("aws_iam_policy_attachment.deploy", "deploy", map[string]any{"name": "deploy", "policy_arn": deployARN,
		"roles": []any{"ci"}, "users": []any{}, "groups": []any{}})
	e.add("aws_iam_user.bob", "bob", map[string]any{"name": "bob", "path": "/", "force_destroy": false, "permissions_boundary": "", "tags": map[string]any{"team": "ops"}})
	// Imported: "<user>/<policy ARN>".
	e.add("aws_iam_user_policy_attachment.bob_read", "bob/"+readARN, map[string]any{"user": "bob", "policy_arn": readARN})
	e.add("aws_iam_user_policy.bob_own", "bob:own", map[string]any{"user": "bob", "name": "own", "policy": inlineDoc})
	e.add("aws_iam_access_key.bob", keyID, map[string]any{"user": "bob", "status": "Active", "pgp_key": nil, "secret": "(in state, never read)"})
	e.add("aws_iam_group.devs", "devs", map[string]any{"name": "devs", "path": "/"})
	e.add("aws_iam_group_policy_attachment.devs_read", "devs-20261202113000000000000002", map[string]any{"group": "devs", "policy_arn": readARN})
	e.add("aws_iam_group_policy.devs_team", "devs:team", map[string]any{"group": "devs", "name": "team", "policy": inlineDoc})
	e.add("aws_iam_group_membership.devs", "devs-members", map[string]any{"name": "devs-members", "group": "devs", "users": []any{"bob"}})
	e.add("aws_iam_instance_profile.app", "app", map[string]any{"name": "app", "path": "/", "role": "app", "tags": map[string]any{}})
	e.add("aws_iam_account_password_policy.strict", passwordPolicyID, map[string]any{"minimum_password_length": 14.0, "require_symbols": true,
		"require_numbers": true, "require_uppercase_characters": true, "require_lowercase_characters": true,
		"allow_users_to_change_password": true, "password_reuse_prevention": 24.0, "max_password_age": 90.0, "hard_expiry": false, "expire_passwords": true})
	e.add("aws_iam_openid_connect_provider.github", oidcARN, map[string]any{"arn": oidcARN, "url": "token.actions.githubusercontent.com",
		"client_id_list": []any{"sts.amazonaws.com"}, "thumbprint_list": []any{"6938fd4d98bab03faadb97b34396831e3780aea1"}, "tags": map[string]any{}})

	e.expect("right after creation")
	e.checkActions()

	// Hands-on changes, as from the console.
	wide := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["*"]}]}`
	ok(t, "CreatePolicyVersion")(c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: &readARN, PolicyDocument: &wide, SetAsDefault: true}))
	ok(t, "AttachRolePolicy app")(c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: s("app"), PolicyArn: &adminARN}))
	ok(t, "AttachRolePolicy batch")(c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: s("batch"), PolicyArn: &adminARN}))
	ok(t, "AttachUserPolicy deploy")(c.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: s("bob"), PolicyArn: &deployARN}))
	ok(t, "PutRolePolicy")(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: s("app"), PolicyName: s("queue"), PolicyDocument: &wide}))
	ok(t, "DeleteUserPolicy")(c.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: s("bob"), PolicyName: s("own")}))
	ok(t, "DetachGroupPolicy")(c.DetachGroupPolicy(ctx, &iam.DetachGroupPolicyInput{GroupName: s("devs"), PolicyArn: &readARN}))
	ok(t, "UpdateAccessKey")(c.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: s("bob"), AccessKeyId: &keyID, Status: iamtypes.StatusTypeInactive}))
	ok(t, "CreateUser eve")(c.CreateUser(ctx, &iam.CreateUserInput{UserName: s("eve")}))
	ok(t, "PutUserPolicy eve")(c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: s("eve"), PolicyName: s("all"), PolicyDocument: &inlineDoc}))
	ok(t, "AddUserToGroup eve")(c.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: s("devs"), UserName: s("eve")}))
	ok(t, "UpdateAccountPasswordPolicy")(c.UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: awssdk.Int32(8),
		RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
		AllowUsersToChangePassword: true, PasswordReusePrevention: awssdk.Int32(24), MaxPasswordAge: awssdk.Int32(90)}))
	// Moto differs from AWS: it has no AddClientIDToOpenIDConnectProvider
	// (HTTP 500), so the planted change is a replaced thumbprint.
	ok(t, "UpdateOpenIDConnectProviderThumbprint")(c.UpdateOpenIDConnectProviderThumbprint(ctx, &iam.UpdateOpenIDConnectProviderThumbprintInput{
		OpenIDConnectProviderArn: &oidcARN, ThumbprintList: []string{"0000000000000000000000000000000000000bad"}}))
	ok(t, "RemoveRoleFromInstanceProfile")(c.RemoveRoleFromInstanceProfile(ctx, &iam.RemoveRoleFromInstanceProfileInput{InstanceProfileName: s("app"), RoleName: s("app")}))

	e.expect("after the changes",
		"changed aws_iam_access_key aws_iam_access_key.bob status=Inactive",
		"changed aws_iam_account_password_policy aws_iam_account_password_policy.strict minimum_password_length=8",
		"changed aws_iam_group_membership aws_iam_group_membership.devs users[1]=eve",
		"changed aws_iam_instance_profile aws_iam_instance_profile.app role=",
		"changed aws_iam_openid_connect_provider aws_iam_openid_connect_provider.github thumbprint_list[0]=0000000000000000000000000000000000000bad",
		"changed aws_iam_policy aws_iam_policy.read policy="+wide,
		"changed aws_iam_policy_attachment aws_iam_policy_attachment.deploy users[0]=bob",
		"changed aws_iam_role aws_iam_role.batch managed_policy_arns[0]="+adminARN,
		"changed aws_iam_role_policy aws_iam_role_policy.app_queue policy="+wide,
		"deleted aws_iam_group_policy_attachment aws_iam_group_policy_attachment.devs_read",
		"deleted aws_iam_user_policy aws_iam_user_policy.bob_own",
		"unmanaged aws_iam_role_policy_attachment app/"+adminARN,
		"unmanaged aws_iam_user eve",
	)
}
