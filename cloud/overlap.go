package cloud

import (
	"github.com/driftfix/driftfix/iac/tfstate"
)

// Overlaps: one live object can be described by more than one Terraform
// type. A policy attached to a role is in the role's managed_policy_arns
// and is an aws_iam_role_policy_attachment; an ingress rule is in its
// group's ingress and is an aws_vpc_security_group_ingress_rule. Drift
// reports each such object once:
//
//   - A parent (the role, the group) holds its children in one of its
//     attributes (managed_policy_arns, inline_policy, ingress, egress)
//     unless state has a resource of a separate type for that parent (an
//     attachment of that role, a rule of that group). In that case the
//     parent's attribute is not compared (the separate resources are, and
//     a child nobody's state has is unmanaged); otherwise the parent's
//     attribute is compared, and its children are never unmanaged (a child
//     added by hand is a change of the parent).
//   - A child whose parent no state manages is not unmanaged on its own:
//     the parent is (or the parent is AWS's own, like a service-linked role
//     or a default security group).
//   - An exclusive resource (aws_iam_policy_attachment of one policy)
//     reports every entity of its policy; the same pairs are not also
//     unmanaged attachments.

// child says how a swept type belongs to a parent.
type child struct {
	// parents are the types that can be the parent (a security group
	// rule's group is an aws_security_group or an
	// aws_default_security_group); attr the child's attribute that names
	// it (by the parent's name or ID).
	parents []string
	attr    string
	// inline is the parent's attribute that holds the children when state
	// has no separate resource for the parent ("" when it never does);
	// inlineBy, when set, picks it from the child's attributes (ingress or
	// egress).
	inline   string
	inlineBy func(attrs map[string]any) string
	// exclusive is the type of a resource that, in state, claims every
	// child with its policy_arn.
	exclusive string
}

var children = map[string]child{
	"aws_iam_role_policy_attachment":  {parents: []string{"aws_iam_role"}, attr: "role", inline: "managed_policy_arns", exclusive: "aws_iam_policy_attachment"},
	"aws_iam_role_policy":             {parents: []string{"aws_iam_role"}, attr: "role", inline: "inline_policy"},
	"aws_iam_user_policy_attachment":  {parents: []string{"aws_iam_user"}, attr: "user", exclusive: "aws_iam_policy_attachment"},
	"aws_iam_user_policy":             {parents: []string{"aws_iam_user"}, attr: "user"},
	"aws_iam_group_policy_attachment": {parents: []string{"aws_iam_group"}, attr: "group", exclusive: "aws_iam_policy_attachment"},
	"aws_iam_group_policy":            {parents: []string{"aws_iam_group"}, attr: "group"},
	"aws_iam_access_key":              {parents: []string{"aws_iam_user"}, attr: "user"},
	"aws_s3_bucket_policy":            {parents: []string{"aws_s3_bucket"}, attr: "bucket"},
	// Network: a rule of a security group or network ACL is in its
	// parent's ingress or egress unless state has rule resources for that
	// parent; a route is in its table's route likewise. The defaults AWS
	// makes (the default group and network ACL, main route tables) are no
	// state's, so their rules and routes are not unmanaged on their own.
	"aws_vpc_security_group_ingress_rule": {parents: securityGroups, attr: "security_group_id", inline: "ingress"},
	"aws_vpc_security_group_egress_rule":  {parents: securityGroups, attr: "security_group_id", inline: "egress"},
	"aws_network_acl_rule":                {parents: []string{"aws_network_acl"}, attr: "network_acl_id", inlineBy: aclDirection},
	"aws_route":                           {parents: []string{"aws_route_table"}, attr: "route_table_id", inline: "route"},
	"aws_route_table_association":         {parents: []string{"aws_route_table"}, attr: "route_table_id"},
	// An alias of a key no state has: the key is unmanaged.
	"aws_kms_alias": {parents: []string{"aws_kms_key"}, attr: "target_key_id"},
	// A subscription of a topic, the policy of a repository no state has:
	// the topic or repository is unmanaged.
	"aws_sns_topic_subscription": {parents: []string{"aws_sns_topic"}, attr: "topic_arn"},
	"aws_ecr_repository_policy":  {parents: []string{"aws_ecr_repository"}, attr: "repository"},
	// A permission of a function no state has, a listener of a load
	// balancer no state has, a record of a zone no state has: the parent
	// is unmanaged, not each child.
	"aws_lambda_permission": {parents: []string{"aws_lambda_function"}, attr: "function_name"},
	"aws_lb_listener":       {parents: []string{"aws_lb"}, attr: "load_balancer_arn"},
	"aws_route53_record":    {parents: []string{"aws_route53_zone"}, attr: "zone_id"},
}

var securityGroups = []string{"aws_security_group", "aws_default_security_group"}

// aclDirection is the parent attribute a network ACL rule belongs in.
func aclDirection(attrs map[string]any) string {
	if egress, _ := attrs["egress"].(bool); egress || attrs["egress"] == "true" {
		return "egress"
	}
	return "ingress"
}

// ruleDirection is the parent attribute an aws_security_group_rule
// belongs in (its type).
func ruleDirection(attrs map[string]any) string {
	if attrs["type"] == "egress" {
		return "egress"
	}
	return "ingress"
}

// separation is a state type that takes a parent's children out of the
// parent's attribute: a resource of type from naming the parent in attr (a
// string, or a list of them) makes parent.inline not compared.
type separation struct {
	from, attr     string
	parent, inline string
	// inlineBy, when set, picks inline from the separate resource's
	// attributes.
	inlineBy func(values map[string]any) string
}

var separations = []separation{
	{from: "aws_iam_role_policy_attachment", attr: "role", parent: "aws_iam_role", inline: "managed_policy_arns"},
	{from: "aws_iam_policy_attachment", attr: "roles", parent: "aws_iam_role", inline: "managed_policy_arns"},
	{from: "aws_iam_role_policy", attr: "role", parent: "aws_iam_role", inline: "inline_policy"},
	{from: "aws_route", attr: "route_table_id", parent: "aws_route_table", inline: "route"},
	{from: "aws_network_acl_rule", attr: "network_acl_id", parent: "aws_network_acl", inlineBy: aclDirection},
	// A queue's or topic's policy kept as its own resource.
	{from: "aws_sqs_queue_policy", attr: "queue_url", parent: "aws_sqs_queue", inline: "policy"},
	{from: "aws_sns_topic_policy", attr: "arn", parent: "aws_sns_topic", inline: "policy"},
	// A secret's policy is its policy attribute or an
	// aws_secretsmanager_secret_policy (of the secret's ARN).
	{from: "aws_secretsmanager_secret_policy", attr: "secret_arn", parent: "aws_secretsmanager_secret", inline: "policy"},
}

func init() {
	for _, parent := range securityGroups {
		separations = append(separations,
			separation{from: "aws_security_group_rule", attr: "security_group_id", parent: parent, inlineBy: ruleDirection},
			separation{from: "aws_vpc_security_group_ingress_rule", attr: "security_group_id", parent: parent, inline: "ingress"},
			separation{from: "aws_vpc_security_group_egress_rule", attr: "security_group_id", parent: parent, inline: "egress"})
	}
}

// overlaps knows, from state, who describes which objects.
type overlaps struct {
	managed *Managed
	// separated[parent type and name] are the parent's attributes that
	// separate resources describe.
	separated map[typeID]map[string]bool
	// exclusive[type and policy ARN]: an exclusive resource of that type
	// claims the policy's attachments.
	exclusive map[typeID]bool
}

func newOverlaps(state []tfstate.Resource, managed *Managed) *overlaps {
	o := &overlaps{managed: managed, separated: map[typeID]map[string]bool{}, exclusive: map[typeID]bool{}}
	for _, r := range state {
		for _, s := range separations {
			if r.Type != s.from {
				continue
			}
			for _, name := range stringsOf(r.Values[s.attr]) {
				k := typeID{s.parent, name}
				if o.separated[k] == nil {
					o.separated[k] = map[string]bool{}
				}
				inline := s.inline
				if s.inlineBy != nil {
					inline = s.inlineBy(r.Values)
				}
				o.separated[k][inline] = true
			}
		}
		if r.Type == "aws_iam_policy_attachment" {
			if arn, _ := r.Values["policy_arn"].(string); arn != "" {
				o.exclusive[typeID{r.Type, arn}] = true
			}
		}
	}
	return o
}

// stringsOf is a string attribute, or a list of strings, as a list.
func stringsOf(v any) []string {
	switch x := v.(type) {
	case string:
		if x != "" {
			return []string{x}
		}
	case []any:
		var out []string
		for _, e := range x {
			if s, _ := e.(string); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// delegated are the attributes of state resource r that separate
// resources in state describe: not compared on r.
func (o *overlaps) delegated(r tfstate.Resource) map[string]bool {
	out := map[string]bool{}
	for _, id := range Identities(r.Type, r.ID, r.Values) {
		for a := range o.separated[typeID{r.Type, id}] {
			out[a] = true
		}
	}
	return out
}

// covered reports whether the swept resource s, which no state manages
// under its own type, is described by another resource (its parent, an
// exclusive resource) or belongs to a parent that is itself unmanaged or
// AWS's own: then it is not unmanaged on its own.
func (o *overlaps) covered(s Resource) bool {
	c, ok := children[s.Type]
	if !ok {
		return false
	}
	if c.exclusive != "" {
		if arn, _ := s.Attrs["policy_arn"].(string); o.exclusive[typeID{c.exclusive, arn}] {
			return true
		}
	}
	parent, _ := s.Attrs[c.attr].(string)
	parentType := ""
	for _, t := range c.parents {
		if _, ok := o.managed.Address(t, s.Region, parent); ok {
			parentType = t
			break
		}
	}
	if parentType == "" {
		return true
	}
	inline := c.inline
	if c.inlineBy != nil {
		inline = c.inlineBy(s.Attrs)
	}
	if inline == "" {
		return false
	}
	return !o.separated[typeID{parentType, parent}][inline]
}
