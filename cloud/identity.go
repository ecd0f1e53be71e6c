package cloud

import (
	"strings"

	"github.com/driftfix/driftfix/iac/tfstate"
)

// identityAttrs are, per resource type, the attributes besides id that
// name the same object, in the forms the AWS provider's major versions keep
// in state:
//
//   - aws_db_instance: provider v4 keeps the DB identifier in id; v5 and v6
//     keep the DBI resource ID (db-…) in id, the identifier in identifier,
//     and both versions have resource_id. The sweep lists instances by
//     identifier (the import ID of every version).
//   - the S3 bucket configurations (versioning, encryption, logging, …): id
//     is the bucket, or "bucket,account" when expected_bucket_owner is set
//     (v4 to v6; the ACL adds ",acl" when acl is set); bucket is the bucket.
//   - aws_kms_key: id and key_id are the key ID; arn names it too.
//   - aws_iam_role, aws_iam_user, aws_iam_group, aws_iam_instance_profile:
//     id and name are the name. aws_iam_policy and
//     aws_iam_openid_connect_provider: id and arn are the ARN.
//   - the policy attachments of roles, users and groups: provider v4 to v6
//     keep "<role>-<random suffix>" in id when Terraform created them and
//     "<role>/<policy ARN>" when they were imported, so they are known by
//     role (user, group) and policy_arn, never by parsing id (see
//     LookupKey); the sweep lists them as "<role>/<policy ARN>", their
//     import ID.
//
// Every other supported type keeps one ID in every version (a bucket name,
// sg-…, i-…, vol-…, "role:policy" for an inline policy).
var identityAttrs = map[string][]string{
	"aws_db_instance": {"identifier", "resource_id"},
	"aws_s3_bucket":   {"bucket"},
	"aws_s3_bucket_server_side_encryption_configuration": {"bucket"},
	"aws_s3_bucket_versioning":                           {"bucket"},
	"aws_s3_bucket_public_access_block":                  {"bucket"},
	"aws_s3_bucket_logging":                              {"bucket"},
	"aws_s3_bucket_policy":                               {"bucket"},
	"aws_kms_key":                                        {"key_id", "arn"},
	"aws_iam_role":                                       {"name"},
	"aws_iam_user":                                       {"name"},
	"aws_iam_group":                                      {"name"},
	"aws_iam_instance_profile":                           {"name"},
	"aws_iam_policy":                                     {"arn"},
	"aws_iam_openid_connect_provider":                    {"arn"},
}

// lookupKeys build, for the types whose state ID does not name the object,
// the key a reader looks it up by, from the state's (or a live read's)
// attribute values.
var lookupKeys = map[string]func(values map[string]any) string{
	"aws_iam_role_policy_attachment":  joinAttrs("/", "role", "policy_arn"),
	"aws_iam_user_policy_attachment":  joinAttrs("/", "user", "policy_arn"),
	"aws_iam_group_policy_attachment": joinAttrs("/", "group", "policy_arn"),
	// An access key is listed per user.
	"aws_iam_access_key": joinAttrs("/", "user", "id"),
	// The exclusive attachment of one policy to its entities.
	"aws_iam_policy_attachment": joinAttrs("", "policy_arn"),
	// The exclusive membership list of one group.
	"aws_iam_group_membership": joinAttrs("", "group"),
}

// joinAttrs joins string attributes with sep; "" when one is missing.
func joinAttrs(sep string, attrs ...string) func(map[string]any) string {
	return func(values map[string]any) string {
		parts := make([]string, len(attrs))
		for i, a := range attrs {
			s, _ := values[a].(string)
			if s == "" {
				return ""
			}
			parts[i] = s
		}
		return strings.Join(parts, sep)
	}
}

// LookupKey is what a reader looks an object of type typ up by, given its
// state ID and attribute values: the ID for most types; for those whose ID
// does not name the object (an attachment's random suffix), a key made of
// the attributes that do ("app/arn:aws:iam::aws:policy/ReadOnlyAccess").
// "" means the ID.
func LookupKey(typ, id string, values map[string]any) string {
	if f, ok := lookupKeys[typ]; ok {
		if k := f(values); k != "" && k != id {
			return k
		}
	}
	return ""
}

// Identities are the IDs an object of type typ with the given ID and
// attribute values (from state or from a live read) is known by: the ID,
// the identifying attributes of its type (see identityAttrs), and its
// lookup key (see LookupKey). Empty values are left out.
func Identities(typ, id string, values map[string]any) []string {
	var out []string
	add := func(s string) {
		if s == "" {
			return
		}
		for _, x := range out {
			if x == s {
				return
			}
		}
		out = append(out, s)
	}
	add(id)
	add(idOf(typ, id))
	for _, a := range identityAttrs[typ] {
		s, _ := values[a].(string)
		add(s)
	}
	add(LookupKey(typ, id, values))
	return out
}

// idOf is the object part of a composite ID: the bucket of "bucket,account".
func idOf(typ, id string) string {
	if strings.HasPrefix(typ, "aws_s3_bucket_") {
		if b, _, ok := strings.Cut(id, ","); ok {
			return b
		}
	}
	return id
}

// Managed indexes the resources of a state by every identity they have
// (see Identities), so that an object listed live under any of its IDs is
// recognised as managed.
type Managed struct {
	by map[typeID][]managedAt
}

type managedAt struct {
	region, address string
}

// NewManaged indexes state.
func NewManaged(state []tfstate.Resource) *Managed {
	m := &Managed{by: map[typeID][]managedAt{}}
	for _, r := range state {
		if r.ID == "" {
			continue
		}
		for _, id := range Identities(r.Type, r.ID, r.Values) {
			k := typeID{r.Type, id}
			m.by[k] = append(m.by[k], managedAt{r.Region, r.Address})
		}
	}
	return m
}

// Address returns the address of the state resource that manages the object
// of type typ in region known by any of ids ("" and false when none does).
// Regions match when equal or when either side does not know its region.
func (m *Managed) Address(typ, region string, ids ...string) (string, bool) {
	if m == nil {
		return "", false
	}
	for _, id := range ids {
		for _, at := range m.by[typeID{typ, id}] {
			if regionsMatch(at.region, region) {
				return at.address, true
			}
		}
	}
	return "", false
}

// Manages reports whether a state resource manages the live resource r
// (by any of its identities).
func (m *Managed) Manages(r Resource) bool {
	_, ok := m.Address(r.Type, r.Region, Identities(r.Type, r.ID, r.Attrs)...)
	return ok
}
