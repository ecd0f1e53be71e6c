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

// The IAM types besides aws_iam_role. IAM is global: refs and swept
// resources have no region.
const (
	typeIAMPolicy                = "aws_iam_policy"
	typeIAMRolePolicy            = "aws_iam_role_policy"
	typeIAMRolePolicyAttachment  = "aws_iam_role_policy_attachment"
	typeIAMPolicyAttachment      = "aws_iam_policy_attachment"
	typeIAMUser                  = "aws_iam_user"
	typeIAMUserPolicy            = "aws_iam_user_policy"
	typeIAMUserPolicyAttachment  = "aws_iam_user_policy_attachment"
	typeIAMGroup                 = "aws_iam_group"
	typeIAMGroupPolicy           = "aws_iam_group_policy"
	typeIAMGroupPolicyAttachment = "aws_iam_group_policy_attachment"
	typeIAMGroupMembership       = "aws_iam_group_membership"
	typeIAMAccessKey             = "aws_iam_access_key"
	typeIAMInstanceProfile       = "aws_iam_instance_profile"
	typeIAMPasswordPolicy        = "aws_iam_account_password_policy"
	typeIAMOIDCProvider          = "aws_iam_openid_connect_provider"
)

// passwordPolicyID is the one ID the provider gives the account's password
// policy (v4 to v6).
const passwordPolicyID = "iam-account-password-policy"

// The sweep reads the IAM types of users, groups, customer managed
// policies and the inline policies and attachments of roles, users and
// groups from one paged GetAccountAuthorizationDetails (1,000 items a
// page), not a list call per entity.
const authDetails = "iam:GetAccountAuthorizationDetails"

func init() {
	for t, actions := range map[string][]string{
		typeIAMPolicy:                {"iam:GetPolicy", "iam:GetPolicyVersion", authDetails},
		typeIAMRolePolicy:            {"iam:GetRolePolicy", authDetails},
		typeIAMRolePolicyAttachment:  {"iam:ListAttachedRolePolicies", authDetails},
		typeIAMPolicyAttachment:      {"iam:ListEntitiesForPolicy"},
		typeIAMUser:                  {"iam:GetUser", authDetails},
		typeIAMUserPolicy:            {"iam:GetUserPolicy", authDetails},
		typeIAMUserPolicyAttachment:  {"iam:ListAttachedUserPolicies", authDetails},
		typeIAMGroup:                 {"iam:GetGroup", authDetails},
		typeIAMGroupPolicy:           {"iam:GetGroupPolicy", authDetails},
		typeIAMGroupPolicyAttachment: {"iam:ListAttachedGroupPolicies", authDetails},
		typeIAMGroupMembership:       {"iam:GetGroup"},
		typeIAMAccessKey:             {"iam:ListAccessKeys", authDetails},
		typeIAMInstanceProfile:       {"iam:GetInstanceProfile", "iam:ListInstanceProfiles"},
		typeIAMPasswordPolicy:        {"iam:GetAccountPasswordPolicy"},
		typeIAMOIDCProvider:          {"iam:GetOpenIDConnectProvider", "iam:ListOpenIDConnectProviders"},
	} {
		// The exclusive attachment and membership lists have no identity
		// of their own: they are read, not swept.
		companion := t == typeIAMPolicyAttachment || t == typeIAMGroupMembership
		types[t] = typeInfo{service: "iam", global: true, companion: companion, actions: actions}
	}
}

// iamGets read one ref of each IAM type: nil attributes (or a NoSuchEntity
// error) mean it does not exist.
var iamGets = map[string]func(r iamReader, ctx context.Context, ref cloud.Ref) (map[string]any, error){
	typeIAMRole: func(r iamReader, ctx context.Context, ref cloud.Ref) (map[string]any, error) {
		return r.role(ctx, ref.ID)
	},
	typeIAMPolicy:                iamReader.policy,
	typeIAMRolePolicy:            iamReader.inlinePolicy,
	typeIAMUserPolicy:            iamReader.inlinePolicy,
	typeIAMGroupPolicy:           iamReader.inlinePolicy,
	typeIAMRolePolicyAttachment:  iamReader.attachment,
	typeIAMUserPolicyAttachment:  iamReader.attachment,
	typeIAMGroupPolicyAttachment: iamReader.attachment,
	typeIAMPolicyAttachment:      iamReader.policyAttachment,
	typeIAMUser:                  iamReader.user,
	typeIAMGroup:                 iamReader.group,
	typeIAMGroupMembership:       iamReader.groupMembership,
	typeIAMAccessKey:             iamReader.accessKey,
	typeIAMInstanceProfile:       iamReader.instanceProfile,
	typeIAMPasswordPolicy:        iamReader.passwordPolicy,
	typeIAMOIDCProvider:          iamReader.oidcProvider,
}

func noSuchEntity(err error) bool {
	var nse *iamtypes.NoSuchEntityException
	return errors.As(err, &nse)
}

// iamDo runs one IAM call under the service's concurrency bound.
func (r iamReader) iamDo(ctx context.Context, fn func() error) error { return r.call(ctx, "iam", fn) }

// lookup is the ref's lookup key (see cloud.LookupKey), else its ID.
func lookup(ref cloud.Ref) string {
	if ref.Key != "" {
		return ref.Key
	}
	return ref.ID
}

// decodeDoc decodes a policy document as IAM returns it (URL-encoded).
func decodeDoc(op string, doc *string) (string, error) {
	if doc == nil {
		return "", missingField(op, "the PolicyDocument")
	}
	s, err := url.QueryUnescape(*doc)
	if err != nil {
		return "", fmt.Errorf("%s: decode the policy document: %w", op, err)
	}
	return s, nil
}

func iamTags(tags []iamtypes.Tag) (map[string]any, error) {
	if slices.ContainsFunc(tags, func(t iamtypes.Tag) bool { return t.Key == nil }) {
		return nil, errors.New("a tag without a Key")
	}
	return tagMap(tags, func(t iamtypes.Tag) (string, string) { return awssdk.ToString(t.Key), awssdk.ToString(t.Value) }), nil
}

func rfc3339(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// policy reads a customer managed policy and its default version's
// document.
func (r iamReader) policy(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	c := r.client()
	var out *iam.GetPolicyOutput
	if err := r.iamDo(ctx, func() (err error) { out, err = c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: &ref.ID}); return err }); err != nil {
		return nil, err
	}
	p := out.Policy
	switch {
	case p == nil:
		return nil, missingField("GetPolicy", "a Policy")
	case awssdk.ToString(p.Arn) == "" || awssdk.ToString(p.PolicyName) == "":
		return nil, missingField("GetPolicy", "the policy's Arn and PolicyName")
	case awssdk.ToString(p.DefaultVersionId) == "":
		return nil, missingField("GetPolicy", "the policy's DefaultVersionId")
	}
	var ver *iam.GetPolicyVersionOutput
	if err := r.iamDo(ctx, func() (err error) {
		ver, err = c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: p.Arn, VersionId: p.DefaultVersionId})
		return err
	}); err != nil {
		return nil, err
	}
	if ver.PolicyVersion == nil {
		return nil, missingField("GetPolicyVersion", "a PolicyVersion")
	}
	doc, err := decodeDoc("GetPolicyVersion", ver.PolicyVersion.Document)
	if err != nil {
		return nil, err
	}
	tags, err := iamTags(p.Tags)
	if err != nil {
		return nil, fmt.Errorf("GetPolicy: %w", err)
	}
	return map[string]any{
		"id":          awssdk.ToString(p.Arn),
		"arn":         awssdk.ToString(p.Arn),
		"name":        awssdk.ToString(p.PolicyName),
		"path":        awssdk.ToString(p.Path),
		"description": awssdk.ToString(p.Description),
		"policy_id":   awssdk.ToString(p.PolicyId),
		"policy":      doc,
		"tags":        tags,
	}, nil
}

// inlinePolicy reads an inline policy of a role, user or group: its ID is
// "<entity>:<policy name>" in every provider version.
func (r iamReader) inlinePolicy(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	owner, name, ok := strings.Cut(ref.ID, ":")
	if !ok || owner == "" || name == "" {
		return nil, fmt.Errorf("%s ID %q is not <entity>:<policy name>", ref.Type, ref.ID)
	}
	c := r.client()
	var doc *string
	var ownerAttr string
	err := r.iamDo(ctx, func() error {
		switch ref.Type {
		case typeIAMRolePolicy:
			ownerAttr = "role"
			out, err := c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: &owner, PolicyName: &name})
			if err == nil {
				doc = out.PolicyDocument
			}
			return err
		case typeIAMUserPolicy:
			ownerAttr = "user"
			out, err := c.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: &owner, PolicyName: &name})
			if err == nil {
				doc = out.PolicyDocument
			}
			return err
		default:
			ownerAttr = "group"
			out, err := c.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: &owner, PolicyName: &name})
			if err == nil {
				doc = out.PolicyDocument
			}
			return err
		}
	})
	if err != nil {
		return nil, err
	}
	policy, err := decodeDoc("Get"+strings.ToUpper(ownerAttr[:1])+ownerAttr[1:]+"Policy", doc)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": ref.ID, ownerAttr: owner, "name": name, "policy": policy}, nil
}

// attachedPolicies are the managed policies attached to a role, user or
// group (kind), once per read.
func (r iamReader) attachedPolicies(ctx context.Context, kind, name string) ([]string, error) {
	return memoized(ctx, "iam:attached:"+kind+":"+name, func() ([]string, error) {
		c := r.client()
		var arns []string
		add := func(op string, ps []iamtypes.AttachedPolicy) error {
			for _, p := range ps {
				if awssdk.ToString(p.PolicyArn) == "" {
					return missingField(op, "a policy's PolicyArn")
				}
				arns = append(arns, *p.PolicyArn)
			}
			return nil
		}
		max := awssdk.Int32(iamMaxItems)
		switch kind {
		case "role":
			p := iam.NewListAttachedRolePoliciesPaginator(c, &iam.ListAttachedRolePoliciesInput{RoleName: &name, MaxItems: max})
			for p.HasMorePages() {
				var page *iam.ListAttachedRolePoliciesOutput
				if err := r.iamDo(ctx, func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
					return nil, err
				}
				if err := add("ListAttachedRolePolicies", page.AttachedPolicies); err != nil {
					return nil, err
				}
			}
		case "user":
			p := iam.NewListAttachedUserPoliciesPaginator(c, &iam.ListAttachedUserPoliciesInput{UserName: &name, MaxItems: max})
			for p.HasMorePages() {
				var page *iam.ListAttachedUserPoliciesOutput
				if err := r.iamDo(ctx, func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
					return nil, err
				}
				if err := add("ListAttachedUserPolicies", page.AttachedPolicies); err != nil {
					return nil, err
				}
			}
		default:
			p := iam.NewListAttachedGroupPoliciesPaginator(c, &iam.ListAttachedGroupPoliciesInput{GroupName: &name, MaxItems: max})
			for p.HasMorePages() {
				var page *iam.ListAttachedGroupPoliciesOutput
				if err := r.iamDo(ctx, func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
					return nil, err
				}
				if err := add("ListAttachedGroupPolicies", page.AttachedPolicies); err != nil {
					return nil, err
				}
			}
		}
		return arns, nil
	})
}

// attachmentKind is the entity kind and attribute of an attachment type.
func attachmentKind(typ string) string {
	switch typ {
	case typeIAMRolePolicyAttachment:
		return "role"
	case typeIAMUserPolicyAttachment:
		return "user"
	}
	return "group"
}

// attachment reads a policy attachment of a role, user or group by its
// entity and policy ARN (the ref's lookup key, "<entity>/<policy ARN>"),
// never by parsing a state ID: Terraform-made attachments have a random
// suffix there. Missing when the entity is gone or the policy is not
// attached.
func (r iamReader) attachment(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	entity, arn, ok := strings.Cut(lookup(ref), "/")
	if !ok || !strings.HasPrefix(arn, "arn:") {
		return nil, fmt.Errorf("%s %q: state has no %s and policy_arn to look it up by", ref.Type, ref.ID, attachmentKind(ref.Type))
	}
	kind := attachmentKind(ref.Type)
	arns, err := r.attachedPolicies(ctx, kind, entity)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(arns, arn) {
		return nil, nil
	}
	return map[string]any{kind: entity, "policy_arn": arn}, nil
}

// policyAttachment reads aws_iam_policy_attachment, the exclusive list of
// the users, roles and groups one policy is attached to (its lookup key is
// the policy ARN). The provider drops it when the policy has no entity.
func (r iamReader) policyAttachment(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	arn := lookup(ref)
	if !strings.HasPrefix(arn, "arn:") {
		return nil, fmt.Errorf("%s %q: state has no policy_arn to look it up by", ref.Type, ref.ID)
	}
	c := r.client()
	users, roles, groups := []string{}, []string{}, []string{}
	p := iam.NewListEntitiesForPolicyPaginator(c, &iam.ListEntitiesForPolicyInput{PolicyArn: &arn, MaxItems: awssdk.Int32(iamMaxItems)})
	for p.HasMorePages() {
		var page *iam.ListEntitiesForPolicyOutput
		if err := r.iamDo(ctx, func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, u := range page.PolicyUsers {
			users = append(users, awssdk.ToString(u.UserName))
		}
		for _, x := range page.PolicyRoles {
			roles = append(roles, awssdk.ToString(x.RoleName))
		}
		for _, g := range page.PolicyGroups {
			groups = append(groups, awssdk.ToString(g.GroupName))
		}
	}
	if slices.Contains(users, "") || slices.Contains(roles, "") || slices.Contains(groups, "") {
		return nil, missingField("ListEntitiesForPolicy", "an entity's name")
	}
	if len(users)+len(roles)+len(groups) == 0 {
		return nil, nil
	}
	slices.Sort(users)
	slices.Sort(roles)
	slices.Sort(groups)
	return map[string]any{"policy_arn": arn, "users": strings2any(users), "roles": strings2any(roles), "groups": strings2any(groups)}, nil
}

func (r iamReader) user(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	c := r.client()
	var out *iam.GetUserOutput
	if err := r.iamDo(ctx, func() (err error) { out, err = c.GetUser(ctx, &iam.GetUserInput{UserName: &ref.ID}); return err }); err != nil {
		return nil, err
	}
	u := out.User
	if u == nil || awssdk.ToString(u.UserName) == "" || awssdk.ToString(u.Arn) == "" {
		return nil, missingField("GetUser", "a User with its UserName and Arn")
	}
	tags, err := iamTags(u.Tags)
	if err != nil {
		return nil, fmt.Errorf("GetUser: %w", err)
	}
	boundary := ""
	if u.PermissionsBoundary != nil {
		boundary = awssdk.ToString(u.PermissionsBoundary.PermissionsBoundaryArn)
	}
	return map[string]any{
		"id": awssdk.ToString(u.UserName), "name": awssdk.ToString(u.UserName), "arn": awssdk.ToString(u.Arn),
		"path": awssdk.ToString(u.Path), "unique_id": awssdk.ToString(u.UserId), "permissions_boundary": boundary, "tags": tags,
	}, nil
}

// getGroup pages through GetGroup: the group and its members, once per
// read.
func (r iamReader) getGroup(ctx context.Context, name string) (*iamtypes.Group, []string, error) {
	type answer struct {
		group *iamtypes.Group
		users []string
	}
	a, err := memoized(ctx, "iam:group:"+name, func() (answer, error) {
		c := r.client()
		var a answer
		p := iam.NewGetGroupPaginator(c, &iam.GetGroupInput{GroupName: &name, MaxItems: awssdk.Int32(iamMaxItems)})
		for p.HasMorePages() {
			var page *iam.GetGroupOutput
			if err := r.iamDo(ctx, func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
				return a, err
			}
			if page.Group == nil || awssdk.ToString(page.Group.GroupName) == "" {
				return a, missingField("GetGroup", "a Group with its GroupName")
			}
			a.group = page.Group
			for _, u := range page.Users {
				if awssdk.ToString(u.UserName) == "" {
					return a, missingField("GetGroup", "a user's UserName")
				}
				a.users = append(a.users, *u.UserName)
			}
		}
		slices.Sort(a.users)
		return a, nil
	})
	return a.group, a.users, err
}

func (r iamReader) group(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	g, _, err := r.getGroup(ctx, ref.ID)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": awssdk.ToString(g.GroupName), "name": awssdk.ToString(g.GroupName), "arn": awssdk.ToString(g.Arn),
		"path": awssdk.ToString(g.Path), "unique_id": awssdk.ToString(g.GroupId)}, nil
}

// groupMembership reads aws_iam_group_membership, the exclusive member
// list of one group (its lookup key is the group).
func (r iamReader) groupMembership(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	group := lookup(ref)
	_, users, err := r.getGroup(ctx, group)
	if err != nil {
		return nil, err
	}
	if users == nil {
		users = []string{}
	}
	return map[string]any{"group": group, "users": strings2any(users)}, nil
}

// accessKeys are a user's access keys (metadata: never a secret), once per
// read.
func (r iamReader) accessKeys(ctx context.Context, user string) ([]iamtypes.AccessKeyMetadata, error) {
	return memoized(ctx, "iam:keys:"+user, func() ([]iamtypes.AccessKeyMetadata, error) {
		var out []iamtypes.AccessKeyMetadata
		p := iam.NewListAccessKeysPaginator(r.client(), &iam.ListAccessKeysInput{UserName: &user, MaxItems: awssdk.Int32(iamMaxItems)})
		for p.HasMorePages() {
			var page *iam.ListAccessKeysOutput
			if err := r.iamDo(ctx, func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
				return nil, err
			}
			for _, k := range page.AccessKeyMetadata {
				if awssdk.ToString(k.AccessKeyId) == "" {
					return nil, missingField("ListAccessKeys", "a key's AccessKeyId")
				}
			}
			out = append(out, page.AccessKeyMetadata...)
		}
		return out, nil
	})
}

// accessKey reads an access key's metadata (status, creation): its lookup
// key is "<user>/<key ID>". The secret is never read.
func (r iamReader) accessKey(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	user, id, ok := strings.Cut(lookup(ref), "/")
	if !ok {
		return nil, fmt.Errorf("%s %q: state has no user to look it up by", ref.Type, ref.ID)
	}
	keys, err := r.accessKeys(ctx, user)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if awssdk.ToString(k.AccessKeyId) == id {
			return map[string]any{"id": id, "user": user, "status": string(k.Status), "create_date": rfc3339(k.CreateDate)}, nil
		}
	}
	return nil, nil
}

func (r iamReader) instanceProfile(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	c := r.client()
	var out *iam.GetInstanceProfileOutput
	if err := r.iamDo(ctx, func() (err error) {
		out, err = c.GetInstanceProfile(ctx, &iam.GetInstanceProfileInput{InstanceProfileName: &ref.ID})
		return err
	}); err != nil {
		return nil, err
	}
	p := out.InstanceProfile
	if p == nil || awssdk.ToString(p.InstanceProfileName) == "" || awssdk.ToString(p.Arn) == "" {
		return nil, missingField("GetInstanceProfile", "an InstanceProfile with its name and Arn")
	}
	role := ""
	if len(p.Roles) > 0 {
		role = awssdk.ToString(p.Roles[0].RoleName)
	}
	tags, err := iamTags(p.Tags)
	if err != nil {
		return nil, fmt.Errorf("GetInstanceProfile: %w", err)
	}
	return map[string]any{"id": awssdk.ToString(p.InstanceProfileName), "name": awssdk.ToString(p.InstanceProfileName),
		"arn": awssdk.ToString(p.Arn), "path": awssdk.ToString(p.Path), "unique_id": awssdk.ToString(p.InstanceProfileId),
		"role": role, "tags": tags}, nil
}

func (r iamReader) passwordPolicy(ctx context.Context, _ cloud.Ref) (map[string]any, error) {
	c := r.client()
	var out *iam.GetAccountPasswordPolicyOutput
	if err := r.iamDo(ctx, func() (err error) {
		out, err = c.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
		return err
	}); err != nil {
		return nil, err
	}
	p := out.PasswordPolicy
	if p == nil {
		return nil, missingField("GetAccountPasswordPolicy", "a PasswordPolicy")
	}
	return map[string]any{
		"id":                             passwordPolicyID,
		"allow_users_to_change_password": p.AllowUsersToChangePassword,
		"expire_passwords":               p.ExpirePasswords,
		"hard_expiry":                    awssdk.ToBool(p.HardExpiry),
		"max_password_age":               float64(awssdk.ToInt32(p.MaxPasswordAge)),
		"minimum_password_length":        float64(awssdk.ToInt32(p.MinimumPasswordLength)),
		"password_reuse_prevention":      float64(awssdk.ToInt32(p.PasswordReusePrevention)),
		"require_lowercase_characters":   p.RequireLowercaseCharacters,
		"require_numbers":                p.RequireNumbers,
		"require_symbols":                p.RequireSymbols,
		"require_uppercase_characters":   p.RequireUppercaseCharacters,
	}, nil
}

func (r iamReader) oidcProvider(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	c := r.client()
	var out *iam.GetOpenIDConnectProviderOutput
	if err := r.iamDo(ctx, func() (err error) {
		out, err = c.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: &ref.ID})
		return err
	}); err != nil {
		return nil, err
	}
	if awssdk.ToString(out.Url) == "" {
		return nil, missingField("GetOpenIDConnectProvider", "the Url")
	}
	tags, err := iamTags(out.Tags)
	if err != nil {
		return nil, fmt.Errorf("GetOpenIDConnectProvider: %w", err)
	}
	return map[string]any{"id": ref.ID, "arn": ref.ID, "url": awssdk.ToString(out.Url),
		"client_id_list": strings2any(out.ClientIDList), "thumbprint_list": strings2any(out.ThumbprintList), "tags": tags}, nil
}

// accountDetails is the IAM snapshot of one sweep.
type accountDetails struct {
	roles    []iamtypes.RoleDetail
	users    []iamtypes.UserDetail
	groups   []iamtypes.GroupDetail
	policies []iamtypes.ManagedPolicyDetail
}

// details pages through GetAccountAuthorizationDetails once per sweep.
func (r iamReader) details(ctx context.Context) (*accountDetails, error) {
	return memoized(ctx, "iam:details", func() (*accountDetails, error) {
		d := &accountDetails{}
		p := iam.NewGetAccountAuthorizationDetailsPaginator(r.client(), &iam.GetAccountAuthorizationDetailsInput{
			MaxItems: awssdk.Int32(iamMaxItems),
			Filter: []iamtypes.EntityType{iamtypes.EntityTypeRole, iamtypes.EntityTypeUser, iamtypes.EntityTypeGroup,
				iamtypes.EntityTypeLocalManagedPolicy},
		})
		const op = "GetAccountAuthorizationDetails"
		for p.HasMorePages() {
			var page *iam.GetAccountAuthorizationDetailsOutput
			if err := r.iamDo(ctx, func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
				return nil, err
			}
			for _, x := range page.RoleDetailList {
				if awssdk.ToString(x.RoleName) == "" {
					return nil, missingField(op, "a role's RoleName")
				}
			}
			for _, x := range page.UserDetailList {
				if awssdk.ToString(x.UserName) == "" {
					return nil, missingField(op, "a user's UserName")
				}
			}
			for _, x := range page.GroupDetailList {
				if awssdk.ToString(x.GroupName) == "" {
					return nil, missingField(op, "a group's GroupName")
				}
			}
			for _, x := range page.Policies {
				if awssdk.ToString(x.Arn) == "" {
					return nil, missingField(op, "a policy's Arn")
				}
			}
			d.roles = append(d.roles, page.RoleDetailList...)
			d.users = append(d.users, page.UserDetailList...)
			d.groups = append(d.groups, page.GroupDetailList...)
			d.policies = append(d.policies, page.Policies...)
		}
		return d, nil
	})
}

// awsRole reports whether a role's path is AWS's own.
func awsRole(path string) bool {
	return slices.ContainsFunc(awsRolePaths, func(p string) bool { return strings.HasPrefix(path, p) })
}

// listOther sweeps an IAM type other than aws_iam_role. Inline policies
// and attachments are listed under their import IDs ("<entity>:<name>",
// "<entity>/<policy ARN>") with the entity, so that drift can tell whose
// they are (see cloud's overlaps). Those of AWS's own roles are left out.
func (r iamReader) listOther(ctx context.Context, typ string) ([]cloud.Resource, error) {
	var out []cloud.Resource
	add := func(id string, attrs map[string]any) {
		out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: id}, Attrs: attrs})
	}
	attached := func(kind, entity string, ps []iamtypes.AttachedPolicy) error {
		for _, p := range ps {
			arn := awssdk.ToString(p.PolicyArn)
			if arn == "" {
				return missingField("GetAccountAuthorizationDetails", "an attached policy's PolicyArn")
			}
			add(entity+"/"+arn, map[string]any{kind: entity, "policy_arn": arn})
		}
		return nil
	}
	inline := func(kind, entity string, names []string) {
		for _, n := range names {
			add(entity+":"+n, map[string]any{"id": entity + ":" + n, kind: entity, "name": n})
		}
	}
	switch typ {
	case typeIAMInstanceProfile:
		p := iam.NewListInstanceProfilesPaginator(r.client(), &iam.ListInstanceProfilesInput{MaxItems: awssdk.Int32(iamMaxItems)})
		for p.HasMorePages() {
			var page *iam.ListInstanceProfilesOutput
			if err := r.iamDo(ctx, func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
				return nil, err
			}
			for _, ip := range page.InstanceProfiles {
				name := awssdk.ToString(ip.InstanceProfileName)
				if name == "" {
					return nil, missingField("ListInstanceProfiles", "a profile's InstanceProfileName")
				}
				add(name, map[string]any{"id": name, "name": name, "arn": awssdk.ToString(ip.Arn), "path": awssdk.ToString(ip.Path)})
			}
		}
		return out, nil
	case typeIAMPasswordPolicy:
		attrs, err := r.passwordPolicy(ctx, cloud.Ref{})
		if noSuchEntity(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		add(passwordPolicyID, attrs)
		return out, nil
	case typeIAMOIDCProvider:
		var page *iam.ListOpenIDConnectProvidersOutput
		c := r.client()
		if err := r.iamDo(ctx, func() (err error) {
			page, err = c.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
			return err
		}); err != nil {
			return nil, err
		}
		for _, p := range page.OpenIDConnectProviderList {
			arn := awssdk.ToString(p.Arn)
			if arn == "" {
				return nil, missingField("ListOpenIDConnectProviders", "a provider's Arn")
			}
			add(arn, map[string]any{"id": arn, "arn": arn})
		}
		return out, nil
	}

	d, err := r.details(ctx)
	if err != nil {
		return nil, err
	}
	switch typ {
	case typeIAMPolicy:
		for _, p := range d.policies {
			arn := awssdk.ToString(p.Arn)
			add(arn, map[string]any{"id": arn, "arn": arn, "name": awssdk.ToString(p.PolicyName), "path": awssdk.ToString(p.Path)})
		}
	case typeIAMRolePolicy, typeIAMRolePolicyAttachment:
		for _, x := range d.roles {
			if awsRole(awssdk.ToString(x.Path)) {
				continue
			}
			name := awssdk.ToString(x.RoleName)
			if typ == typeIAMRolePolicyAttachment {
				if err := attached("role", name, x.AttachedManagedPolicies); err != nil {
					return nil, err
				}
				continue
			}
			var names []string
			for _, p := range x.RolePolicyList {
				names = append(names, awssdk.ToString(p.PolicyName))
			}
			inline("role", name, names)
		}
	case typeIAMAccessKey:
		// One ListAccessKeys per user, Options.MaxConcurrency at a time.
		keys := make([][]iamtypes.AccessKeyMetadata, len(d.users))
		g, gctx := errgroup.WithContext(ctx)
		for i, x := range d.users {
			g.Go(func() (err error) { keys[i], err = r.accessKeys(gctx, awssdk.ToString(x.UserName)); return err })
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
		for i, x := range d.users {
			for _, k := range keys[i] {
				id := awssdk.ToString(k.AccessKeyId)
				add(id, map[string]any{"id": id, "user": awssdk.ToString(x.UserName), "status": string(k.Status)})
			}
		}
	case typeIAMUser, typeIAMUserPolicy, typeIAMUserPolicyAttachment:
		for _, x := range d.users {
			name := awssdk.ToString(x.UserName)
			switch typ {
			case typeIAMUser:
				tags, err := iamTags(x.Tags)
				if err != nil {
					return nil, fmt.Errorf("GetAccountAuthorizationDetails: %w", err)
				}
				add(name, map[string]any{"id": name, "name": name, "arn": awssdk.ToString(x.Arn), "path": awssdk.ToString(x.Path), "tags": tags})
			case typeIAMUserPolicyAttachment:
				if err := attached("user", name, x.AttachedManagedPolicies); err != nil {
					return nil, err
				}
			case typeIAMUserPolicy:
				var names []string
				for _, p := range x.UserPolicyList {
					names = append(names, awssdk.ToString(p.PolicyName))
				}
				inline("user", name, names)
			}
		}
	case typeIAMGroup, typeIAMGroupPolicy, typeIAMGroupPolicyAttachment:
		for _, x := range d.groups {
			name := awssdk.ToString(x.GroupName)
			switch typ {
			case typeIAMGroup:
				add(name, map[string]any{"id": name, "name": name, "arn": awssdk.ToString(x.Arn), "path": awssdk.ToString(x.Path)})
			case typeIAMGroupPolicyAttachment:
				if err := attached("group", name, x.AttachedManagedPolicies); err != nil {
					return nil, err
				}
			default:
				var names []string
				for _, p := range x.GroupPolicyList {
					names = append(names, awssdk.ToString(p.PolicyName))
				}
				inline("group", name, names)
			}
		}
	default:
		return nil, fmt.Errorf("aws: no IAM sweep for %s", typ)
	}
	return out, nil
}
