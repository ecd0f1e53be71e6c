package cloud

import (
	"fmt"
	"net"
	"strconv"
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
//
//   - the S3 bucket configurations (versioning, encryption, logging, …): id
//     is the bucket, or "bucket,account" when expected_bucket_owner is set
//     (v4 to v6; the ACL adds ",acl" when acl is set); bucket is the bucket.
//
//   - aws_kms_key: id and key_id are the key ID; arn names it too.
//
//   - aws_iam_role, aws_iam_user, aws_iam_group, aws_iam_instance_profile:
//     id and name are the name. aws_iam_policy and
//     aws_iam_openid_connect_provider: id and arn are the ARN.
//
//   - the policy attachments of roles, users and groups: provider v4 to v6
//     keep "<role>-<random suffix>" in id when Terraform created them and
//     "<role>/<policy ARN>" when they were imported, so they are known by
//     role (user, group) and policy_arn, never by parsing id (see
//     LookupKey); the sweep lists them as "<role>/<policy ARN>", their
//     import ID.
//
//   - aws_security_group_rule: provider v4 to v6 keep "sgrule-<hash>" in
//     id, v5 and v6 also the rule's sgr-… in security_group_rule_id when it
//     has one source; one resource can be several live rules (one per CIDR
//     block). It is known by what it is (see SecurityGroupRuleKey), and a
//     live rule swept as aws_vpc_security_group_ingress_rule or
//     aws_vpc_security_group_egress_rule is managed by it (sameObjects).
//     Those two types (v5, v6) keep the sgr-… in id.
//
//   - aws_route: "r-<table><hash>" in id (v4 to v6); known by table and
//     destination, its import ID "<table>_<destination>".
//
//   - aws_network_acl_rule: "nacl-<hash>" in id (v4 to v6); known by ACL,
//     rule number and direction.
//
//   - aws_cloudtrail: provider v4 keeps the trail's name in id, v5 and v6
//     its ARN (a state upgrade rewrites v4's); name and arn name it in
//     every version, and DescribeTrails takes either.
//
//   - aws_secretsmanager_secret: id and arn are the ARN (v4 to v6); never
//     the name, which a secret made later under the same name shares.
//     aws_ssm_parameter, aws_cloudwatch_log_group: id is the name;
//     aws_cloudwatch_metric_alarm: id is alarm_name (v4 to v6).
//
//   - aws_s3_account_public_access_block: id is the account ID (v4 to v6),
//     account_id too.
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
	"aws_s3_bucket_acl":                                  {"bucket"},
	"aws_s3_bucket_ownership_controls":                   {"bucket"},
	"aws_s3_bucket_lifecycle_configuration":              {"bucket"},
	"aws_s3_bucket_cors_configuration":                   {"bucket"},
	"aws_s3_bucket_notification":                         {"bucket"},
	"aws_s3_bucket_replication_configuration":            {"bucket"},
	"aws_kms_key":                                        {"key_id", "arn"},
	"aws_iam_role":                                       {"name"},
	"aws_iam_user":                                       {"name"},
	"aws_iam_group":                                      {"name"},
	"aws_iam_instance_profile":                           {"name"},
	"aws_iam_policy":                                     {"arn"},
	"aws_iam_openid_connect_provider":                    {"arn"},
	"aws_security_group_rule":                            {"security_group_rule_id"},
	"aws_vpc_security_group_ingress_rule":                {"security_group_rule_id"},
	"aws_vpc_security_group_egress_rule":                 {"security_group_rule_id"},
	// Data and messaging (v4 to v6 alike): a topic, its policy and a
	// subscription by ARN; a queue by URL (and its name, so that a URL
	// of another form, https://queue.amazonaws.com/… or a regional host,
	// still names it), its policy by queue_url; a table, subnet group
	// and repository by name; a cluster by identifier; a repository
	// policy by repository.
	"aws_sns_topic":                      {"arn"},
	"aws_sns_topic_policy":               {"arn"},
	"aws_sns_topic_subscription":         {"arn"},
	"aws_sqs_queue":                      {"url", "name"},
	"aws_sqs_queue_policy":               {"queue_url"},
	"aws_dynamodb_table":                 {"name"},
	"aws_rds_cluster":                    {"cluster_identifier"},
	"aws_db_subnet_group":                {"name"},
	"aws_ecr_repository":                 {"name"},
	"aws_ecr_repository_policy":          {"repository"},
	"aws_cloudtrail":                     {"name", "arn"},
	"aws_secretsmanager_secret":          {"arn"},
	"aws_s3_account_public_access_block": {"account_id"},
	// Compute and edge (v4 to v6 alike): a Lambda function's id is its
	// name; a launch template's its lt-…; an Auto Scaling group's and an
	// EKS cluster's their name; aws_lb, aws_lb_listener and
	// aws_lb_target_group keep their ARN in id and arn; a Route 53 zone
	// its ID without /hostedzone/ in id and zone_id; a CloudFront
	// distribution its ID. aws_lambda_permission keeps its statement_id
	// in id and is known by function and statement (lookupKeys);
	// aws_route53_record keeps ZONEID_NAME_TYPE[_SETIDENTIFIER], where
	// NAME is as written (possibly relative to the zone): known by zone,
	// fqdn, type and set identifier (lookupKeys).
	"aws_lambda_function":         {"function_name", "arn"},
	"aws_launch_template":         {"arn"},
	"aws_autoscaling_group":       {"name"},
	"aws_eks_cluster":             {"name"},
	"aws_lb":                      {"arn"},
	"aws_lb_listener":             {"arn"},
	"aws_lb_target_group":         {"arn"},
	"aws_route53_zone":            {"zone_id"},
	"aws_cloudfront_distribution": {"arn"},
}

// sameObjects are, per swept type, the other types whose state resources
// describe the same live objects: every live security group rule is swept
// as the v5 rule type of its direction, and the older
// aws_security_group_rule manages it just as well.
var sameObjects = map[string][]string{
	"aws_vpc_security_group_ingress_rule": {"aws_security_group_rule"},
	"aws_vpc_security_group_egress_rule":  {"aws_security_group_rule"},
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
	// A route by its table and destination (the import ID).
	"aws_route": func(v map[string]any) string {
		table, _ := v["route_table_id"].(string)
		dest := firstString(v, "destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id")
		if table == "" || dest == "" {
			return ""
		}
		return table + "_" + dest
	},
	// A network ACL rule by its ACL, number and direction.
	"aws_network_acl_rule": func(v map[string]any) string {
		acl, _ := v["network_acl_id"].(string)
		n, ok := number(v["rule_number"])
		if acl == "" || !ok {
			return ""
		}
		return fmt.Sprintf("%s:%d:%s", acl, n, aclDirection(v))
	},
	// A security group rule resource by the live rules it is, one per
	// source: the reader finds each.
	"aws_security_group_rule": func(v map[string]any) string { return strings.Join(ruleKeys("aws_security_group_rule", v), " ") },
	// A Lambda permission by its function (a name; an ARN in state is
	// cut to the name and qualifier) and statement: the import ID
	// "<function>[:<qualifier>]/<statement_id>".
	"aws_lambda_permission": lambdaPermissionKey,
	// A Route 53 record by zone, fully qualified name, type and set
	// identifier: ZONEID_NAME_TYPE[_SETIDENTIFIER] as the reader lists it.
	"aws_route53_record": route53RecordKey,
}

func firstString(v map[string]any, attrs ...string) string {
	for _, a := range attrs {
		if s, _ := v[a].(string); s != "" {
			return s
		}
	}
	return ""
}

// number is a whole number attribute (state keeps numbers as float64).
func number(v any) (int64, bool) {
	switch x := plain(v).(type) {
	case float64:
		return int64(x), true
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// protocolNames are the IP protocols AWS and the provider name either way.
var protocolNames = map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}

// NormalProtocol is an IP protocol as one name: "6" and "tcp" are "tcp",
// "all" and "-1" are "-1".
func NormalProtocol(p string) string {
	p = strings.ToLower(strings.TrimSpace(p))
	if n, ok := protocolNames[p]; ok {
		return n
	}
	return p
}

// SecurityGroupRuleKey names one live rule of a security group by what it
// is: group, direction (ingress or egress), protocol, ports (none for all
// protocols) and its one source ("cidr=…", "ipv6=…", "pl=…", "sg=…").
func SecurityGroupRuleKey(group, direction, protocol string, from, to any, source string) string {
	protocol = NormalProtocol(protocol)
	ports := ""
	if protocol != "-1" {
		f, _ := number(from)
		t, _ := number(to)
		ports = fmt.Sprintf("%d-%d", f, t)
	}
	if kind, value, ok := strings.Cut(source, "="); ok && (kind == "cidr" || kind == "ipv6") {
		if _, n, err := net.ParseCIDR(value); err == nil {
			source = kind + "=" + n.String()
		}
	}
	return strings.Join([]string{group, direction, protocol, ports, source}, ";")
}

// ruleKeys are the SecurityGroupRuleKeys of a security group rule
// resource: one per source of an aws_security_group_rule, the one of an
// aws_vpc_security_group_*_rule; nil for other types.
func ruleKeys(typ string, v map[string]any) []string {
	group, _ := v["security_group_id"].(string)
	if group == "" {
		return nil
	}
	var out []string
	switch typ {
	case "aws_security_group_rule":
		direction, _ := v["type"].(string)
		protocol, _ := v["protocol"].(string)
		add := func(kind string, values []string) {
			for _, x := range values {
				out = append(out, SecurityGroupRuleKey(group, direction, protocol, v["from_port"], v["to_port"], kind+"="+x))
			}
		}
		add("cidr", stringsOf(v["cidr_blocks"]))
		add("ipv6", stringsOf(v["ipv6_cidr_blocks"]))
		add("pl", stringsOf(v["prefix_list_ids"]))
		add("sg", stringsOf(v["source_security_group_id"]))
		if self, _ := v["self"].(bool); self {
			add("sg", []string{group})
		}
	case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
		direction := strings.TrimSuffix(strings.TrimPrefix(typ, "aws_vpc_security_group_"), "_rule")
		protocol, _ := v["ip_protocol"].(string)
		for _, src := range []struct{ kind, attr string }{{"cidr", "cidr_ipv4"}, {"ipv6", "cidr_ipv6"}, {"pl", "prefix_list_id"}, {"sg", "referenced_security_group_id"}} {
			if x, _ := v[src.attr].(string); x != "" {
				out = append(out, SecurityGroupRuleKey(group, direction, protocol, v["from_port"], v["to_port"], src.kind+"="+x))
			}
		}
	}
	return out
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
	for _, k := range ruleKeys(typ, values) {
		add(k)
	}
	return out
}

// idOf is the object part of a composite ID: the bucket of "bucket,account"
// (and of an ACL's "bucket,account,acl").
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
	ids := Identities(r.Type, r.ID, r.Attrs)
	for _, typ := range append([]string{r.Type}, sameObjects[r.Type]...) {
		if _, ok := m.Address(typ, r.Region, ids...); ok {
			return true
		}
	}
	return false
}

func lambdaPermissionKey(v map[string]any) string {
	fn, _ := v["function_name"].(string)
	sid, _ := v["statement_id"].(string)
	qualifier, _ := v["qualifier"].(string)
	if rest, ok := strings.CutPrefix(fn, "arn:"); ok {
		// arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
		parts := strings.Split(rest, ":")
		if len(parts) < 6 || parts[4] != "function" {
			return ""
		}
		fn = parts[5]
		if len(parts) > 6 && qualifier == "" {
			qualifier = parts[6]
		}
	}
	if fn == "" || sid == "" {
		return ""
	}
	if qualifier != "" {
		fn += ":" + qualifier
	}
	return fn + "/" + sid
}

func route53RecordKey(v map[string]any) string {
	zone, _ := v["zone_id"].(string)
	typ, _ := v["type"].(string)
	name := firstString(v, "fqdn", "name")
	if zone == "" || typ == "" || name == "" {
		return ""
	}
	name = strings.ToLower(strings.TrimSuffix(strings.ReplaceAll(name, `\052`, "*"), "."))
	key := zone + "_" + name + "_" + strings.ToUpper(typ)
	if set, _ := v["set_identifier"].(string); set != "" {
		key += "_" + set
	}
	return key
}
