package fixers

import (
	"fmt"

	"github.com/driftfix/driftfix/iac"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// requiredTags: every taggable AWS resource carries the tags the project
// requires (Input.RequiredTags), directly or through the AWS provider's
// default_tags. With no required tags configured the rule reports nothing.
var requiredTags = Rule{Meta: requiredTagsMeta, Check: checkRequiredTags}

// taggableTypes are the managed resource types the rule checks: each takes a
// tags map and honours the provider's default_tags. A type that is not
// listed is never reported, so only types known to take tags are here
// (aws_autoscaling_group is not: it uses tag blocks and ignores default_tags).
var taggableTypes = []string{
	// storage and databases
	"aws_s3_bucket", "aws_ebs_volume", "aws_ebs_snapshot", "aws_efs_file_system",
	"aws_db_instance", "aws_rds_cluster", "aws_db_subnet_group", "aws_db_parameter_group",
	"aws_dynamodb_table", "aws_elasticache_cluster", "aws_elasticache_replication_group",
	"aws_rds_cluster_instance", "aws_docdb_cluster", "aws_neptune_cluster",
	"aws_redshift_cluster", "aws_opensearch_domain", "aws_elasticsearch_domain", "aws_backup_vault",
	// compute and containers
	"aws_instance", "aws_launch_template", "aws_lambda_function", "aws_ecr_repository",
	"aws_ecs_cluster", "aws_ecs_service", "aws_ecs_task_definition", "aws_eks_cluster", "aws_eks_node_group",
	"aws_emr_cluster", "aws_ami", "aws_codebuild_project", "aws_sagemaker_notebook_instance",
	"aws_dms_replication_instance",
	// network
	"aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_route_table",
	"aws_network_acl", "aws_network_interface", "aws_vpc_endpoint", "aws_security_group",
	"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
	"aws_lb", "aws_alb", "aws_elb", "aws_lb_target_group", "aws_alb_target_group",
	"aws_lb_listener", "aws_alb_listener", "aws_lb_listener_rule", "aws_flow_log", "aws_transit_gateway",
	"aws_cloudfront_distribution", "aws_route53_zone", "aws_acm_certificate", "aws_wafv2_web_acl",
	"aws_api_gateway_rest_api", "aws_apigatewayv2_api",
	// messaging, logs and events
	"aws_sqs_queue", "aws_sns_topic", "aws_kinesis_stream", "aws_kinesis_firehose_delivery_stream",
	"aws_sfn_state_machine", "aws_cloudwatch_event_rule", "aws_msk_cluster", "aws_mq_broker", "aws_athena_workgroup",
	"aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm", "aws_cloudtrail",
	// identity and secrets
	"aws_iam_role", "aws_iam_policy", "aws_iam_user", "aws_iam_instance_profile",
	"aws_kms_key", "aws_secretsmanager_secret", "aws_ssm_parameter", "aws_cognito_user_pool",
}

var requiredTagsMeta = Meta{
	ID:            "aws-required-tags",
	Title:         "Resource lacks a required tag",
	Severity:      Low,
	Class:         ClassTags,
	ResourceTypes: taggableTypes,
	Touches:       tagTouches(taggableTypes),
	// No trivy or checkov check: which tags are required is the project's choice.
}

// tagTouches says that the fix changes the tags (and the provider's
// computed tags_all) of every taggable type.
func tagTouches(types []string) []Touch {
	out := make([]Touch, len(types))
	for i, t := range types {
		out[i] = Touch{ResourceType: t, Paths: []string{"tags", "tags.*", "tags_all", "tags_all.*"}, Safe: NoSafeSide()}
	}
	return out
}

func checkRequiredTags(in *Input) []Finding {
	if len(in.RequiredTags) == 0 {
		return nil
	}
	m := requiredTagsMeta
	taggable := map[string]bool{}
	for _, t := range taggableTypes {
		taggable[t] = true
	}
	var out []Finding
	for _, r := range in.Module.Resources {
		if r.Mode != iac.Managed || !taggable[r.Type] {
			continue
		}
		defaults, ok := tagsDefaultKeys(in.Module, r)
		if !ok {
			continue // the provider's default_tags are not static
		}
		a := r.Block.Attr("tags")
		have, ok := tagsKeys(a)
		if !ok {
			continue // tags whose keys cannot be known
		}
		for _, t := range in.RequiredTags {
			if have[t.Key] || defaults[t.Key] {
				continue
			}
			fix, reason := requiredTagFix(r, a, t.Key, t.Value)
			f := m.New(r, rangeOf(r.Block, "tags"), fmt.Sprintf("missing required tag %q", t.Key), fix, reason)
			f.Attribute = "tags." + t.Key
			out = append(out, f)
		}
	}
	return out
}

// requiredTagFix returns the fix that adds tag k = value to r, or why there is none.
func requiredTagFix(r *iac.Resource, a *iac.Attr, k, value string) (func(ed *iac.Editor) error, string) {
	id := requiredTagsMeta.ID
	b := r.Block
	if r.File.JSON && value != "" {
		// Meta.New turns this into the .tf.json reason.
		return func(*iac.Editor) error { return iac.ErrJSONNotEditable }, ""
	}
	if a != nil && !iac.ObjectEditable(a) {
		how := fmt.Sprintf("add %s = %s to it by hand", iac.ObjectKey(k), iac.Quote(value))
		if value == "" {
			how = fmt.Sprintf("add %q with its value to it by hand", k)
		}
		return nil, fmt.Sprintf("tags is set by %s, which driftfix does not edit; %s", iac.ExprText(r.File.Src, a.Expr), how)
	}
	if value == "" {
		return nil, fmt.Sprintf("no value is configured for required tag %q; add it to tags by hand, or configure its value for driftfix to write", k)
	}
	var obj *hclsyntax.ObjectConsExpr
	if a != nil {
		obj, _ = a.Expr.(*hclsyntax.ObjectConsExpr)
	}
	item := iac.NewAttr{Name: iac.ObjectKeyFor(obj, k), Expr: iac.Quote(value)}
	if obj == nil {
		// tags is absent (or null): write a new map.
		// SetAttr lays the map out in the indentation of the file.
		expr := "{\n" + item.Name + " = " + item.Expr + "\n}"
		return func(ed *iac.Editor) error { return ed.SetAttr(id, b, "tags", expr) }, ""
	}
	return func(ed *iac.Editor) error { return ed.AddObjectItems(id, a, []iac.NewAttr{item}) }, ""
}

// tagsKeys returns the keys of a tags value. ok is false when they cannot be
// known; keys are known for a known object or map even when some of its
// values are not.
func tagsKeys(a *iac.Attr) (map[string]bool, bool) {
	keys := map[string]bool{}
	if a == nil {
		return keys, true
	}
	v := a.Value()
	if v == cty.NilVal || !v.IsKnown() {
		return nil, false
	}
	if v.IsNull() {
		return keys, true
	}
	if t := v.Type(); !t.IsObjectType() && !t.IsMapType() {
		return nil, false
	}
	for it := v.ElementIterator(); it.Next(); {
		k, _ := it.Element()
		keys[k.AsString()] = true
	}
	return keys, true
}

// tagsDefaultKeys returns the keys of the default_tags of the AWS provider
// configuration that r uses: the resource's provider = aws.ALIAS, or the
// unaliased one, from r's own module when it configures the provider and
// from the root module otherwise. ok is false when they cannot be known.
func tagsDefaultKeys(m *iac.Module, r *iac.Resource) (map[string]bool, bool) {
	alias := ""
	if a := r.Block.Attr("provider"); a != nil {
		tr, diags := hcl.AbsTraversalForExpr(a.Expr)
		if diags.HasErrors() || tr.RootName() != "aws" {
			return nil, false
		}
		if len(tr) > 1 {
			at, ok := tr[1].(hcl.TraverseAttr)
			if !ok {
				return nil, false
			}
			alias = at.Name
		}
	}
	scopes := []*iac.Scope{r.Scope}
	if len(m.Scopes) > 0 && m.Scopes[0] != r.Scope {
		scopes = append(scopes, m.Scopes[0])
	}
	for _, s := range scopes {
		if p := tagsProvider(s, alias); p != nil {
			dt := p.First("default_tags")
			if dt == nil {
				return map[string]bool{}, true
			}
			if dt.Dynamic {
				return nil, false
			}
			return tagsKeys(dt.Attr("tags"))
		}
	}
	return map[string]bool{}, true
}

// tagsProvider returns the provider "aws" block of scope s with the given
// alias ("" = none), or nil.
func tagsProvider(s *iac.Scope, alias string) *iac.Block {
	for _, p := range s.Providers {
		if len(p.Labels) == 0 || p.Labels[0] != "aws" {
			continue
		}
		got, st := p.String("alias")
		if st == iac.Unknown {
			continue
		}
		if got == alias {
			return p
		}
	}
	return nil
}
