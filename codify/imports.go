package codify

import (
	"encoding/json"
	"fmt"
	"github.com/driftfix/driftfix/attrpath"
	"regexp"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/iac/tfstate"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// ImportFileName is the file Imports writes for review, at the
// root module.
const ImportFileName = "driftfix_imports.tf"

// Imported is one unmanaged resource in the generated file.
type Imported struct {
	Type   string `json:"type"`
	ID     string `json:"id"`
	Region string `json:"region,omitempty"`
	// Address is the address the import block adopts it at.
	Address string `json:"address"`
	// Generated is true when the file holds a resource block for it; else
	// only the import block, and Reason says why (terraform plan
	// -generate-config-out writes the block then).
	Generated bool   `json:"generated"`
	Reason    string `json:"reason,omitempty"`
}

// ImportFile is the generated file: Src is its content (nil when there is
// nothing to import); the caller writes it as Name in the root module.
type ImportFile struct {
	Name      string
	Src       []byte
	Resources []Imported
}

// template says how to write a resource block for one type: the
// attribute that holds the ID when live attributes lack it, the attributes
// to copy from the live resource (in order), the nested blocks to copy,
// and the attributes without which the block would not be valid.
type template struct {
	idAttr   string
	attrs    []string
	blocks   []string
	required []string
}

// templates cover the types driftfix's AWS reader sweeps. Only
// identifying and required attributes and tags: the block is a start for
// review, not a full description (terraform plan shows what is missing).
var templates = map[string]template{
	"aws_s3_bucket":            {idAttr: "bucket", attrs: []string{"bucket", "tags"}, required: []string{"bucket"}},
	"aws_security_group":       {attrs: []string{"name", "description", "vpc_id", "tags"}, blocks: []string{"ingress", "egress"}},
	"aws_instance":             {attrs: []string{"ami", "instance_type", "subnet_id", "vpc_security_group_ids", "key_name", "iam_instance_profile", "tags"}, required: []string{"ami", "instance_type"}},
	"aws_ebs_volume":           {attrs: []string{"availability_zone", "size", "type", "iops", "throughput", "encrypted", "kms_key_id", "snapshot_id", "tags"}, required: []string{"availability_zone"}},
	"aws_db_instance":          {idAttr: "identifier", attrs: []string{"identifier", "engine", "engine_version", "instance_class", "allocated_storage", "storage_type", "storage_encrypted", "db_subnet_group_name", "tags"}, required: []string{"instance_class"}},
	"aws_rds_cluster":          {idAttr: "cluster_identifier", attrs: []string{"cluster_identifier", "engine", "engine_version", "storage_encrypted", "db_subnet_group_name", "tags"}},
	"aws_kms_key":              {attrs: []string{"description", "key_usage", "enable_key_rotation", "tags"}},
	"aws_iam_role":             {idAttr: "name", attrs: []string{"name", "path", "description", "assume_role_policy", "tags"}, required: []string{"assume_role_policy"}},
	"aws_iam_user":             {idAttr: "name", attrs: []string{"name", "path", "tags"}, required: []string{"name"}},
	"aws_iam_policy":           {attrs: []string{"name", "path", "description", "policy", "tags"}, required: []string{"policy"}},
	"aws_sqs_queue":            {attrs: []string{"name", "fifo_queue", "tags"}},
	"aws_sns_topic":            {attrs: []string{"name", "fifo_topic", "tags"}},
	"aws_cloudwatch_log_group": {idAttr: "name", attrs: []string{"name", "retention_in_days", "kms_key_id", "tags"}},
	"aws_cloudtrail":           {attrs: []string{"name", "s3_bucket_name", "is_multi_region_trail", "enable_log_file_validation", "tags"}, required: []string{"name", "s3_bucket_name"}},
	"aws_vpc":                  {attrs: []string{"cidr_block", "tags"}},
	"aws_subnet":               {attrs: []string{"vpc_id", "cidr_block", "availability_zone", "tags"}, required: []string{"vpc_id"}},
	// Data and messaging: a table needs its key schema, which the sweep
	// does not read (import block only, until terraform plan writes it).
	"aws_sns_topic_subscription": {attrs: []string{"topic_arn", "protocol", "endpoint"}, required: []string{"topic_arn", "protocol", "endpoint"}},
	"aws_dynamodb_table":         {idAttr: "name", attrs: []string{"name", "billing_mode", "hash_key", "range_key", "tags"}, blocks: []string{"attribute"}, required: []string{"hash_key", "attribute"}},
	"aws_db_subnet_group":        {idAttr: "name", attrs: []string{"name", "description", "subnet_ids", "tags"}, required: []string{"subnet_ids"}},
	"aws_ecr_repository":         {idAttr: "name", attrs: []string{"name", "image_tag_mutability", "tags"}, blocks: []string{"image_scanning_configuration", "encryption_configuration"}},
	"aws_ecr_repository_policy":  {idAttr: "repository", attrs: []string{"repository", "policy"}, required: []string{"repository", "policy"}},
	// No aws_ssm_parameter template: its value is required and never read
	// (terraform plan -generate-config-out writes that block).
	"aws_secretsmanager_secret": {attrs: []string{"name", "description", "kms_key_id", "tags"}, required: []string{"name"}},
	"aws_cloudwatch_metric_alarm": {idAttr: "alarm_name", attrs: []string{"alarm_name", "comparison_operator", "evaluation_periods", "metric_name",
		"namespace", "period", "statistic", "threshold", "alarm_actions", "dimensions", "tags"}, required: []string{"alarm_name", "comparison_operator", "evaluation_periods"}},
	"aws_s3_account_public_access_block": {attrs: []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}},
	// Compute and edge. Functions, Auto Scaling groups, EKS clusters,
	// listeners and distributions need blocks the sweep does not read (the
	// code, a launch template choice, vpc_config, default_action's nested
	// blocks, origins): import blocks only, for terraform plan
	// -generate-config-out.
	"aws_lambda_permission": {attrs: []string{"function_name", "statement_id", "action", "principal", "source_arn", "source_account", "qualifier"},
		required: []string{"function_name", "statement_id", "action", "principal"}},
	"aws_launch_template": {attrs: []string{"name", "tags"}, required: []string{"name"}},
	"aws_lb":              {attrs: []string{"name", "internal", "load_balancer_type", "subnets", "security_groups", "tags"}, required: []string{"name"}},
	"aws_lb_target_group": {attrs: []string{"name", "port", "protocol", "vpc_id", "target_type", "tags"}, blocks: []string{"health_check"},
		required: []string{"name"}},
	"aws_route53_zone":   {attrs: []string{"name", "comment", "tags"}, required: []string{"name"}},
	"aws_route53_record": {attrs: []string{"zone_id", "name", "type", "ttl", "records", "set_identifier"}, blocks: []string{"alias"}, required: []string{"zone_id", "name", "type"}},
}

// Imports writes, for review, an import block (Terraform ≥ 1.5)
// for every unmanaged resource in drifts, each with a resource block holding
// what the live reader saw of it (found in live by type, ID and region):
// identifying and required attributes and tags. Resource names come from
// the Name tag or the ID, made into valid Terraform identifiers, unique
// among each other, the root module's resources of the same type (those in
// an earlier ImportFileName excepted, since the file is regenerated whole)
// and the root module's addresses in state. A resource that state manages
// under any of its IDs (see cloud.Identities: the forms of every provider
// major version) gets no import block, whatever drifts says. m and state
// may be nil.
func Imports(m *iac.Module, drifts []cloud.Drift, live []cloud.Resource, state []tfstate.Resource) (*ImportFile, error) {
	managed := cloud.NewManaged(state)
	var todo []cloud.Drift
	for _, d := range drifts {
		if d.Kind != cloud.Unmanaged || d.ID == "" {
			continue
		}
		ids := cloud.Identities(d.Type, d.ID, liveAttrs(live, cloud.Ref{Type: d.Type, ID: d.ID, Region: d.Region}))
		if _, ok := managed.Address(d.Type, d.Region, ids...); ok {
			continue
		}
		todo = append(todo, d)
	}
	sort.SliceStable(todo, func(i, j int) bool {
		a, b := todo[i], todo[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Region < b.Region
	})
	out := &ImportFile{Name: ImportFileName}
	if len(todo) == 0 {
		return out, nil
	}
	taken := map[string]bool{} // type.name
	for _, r := range state {
		if r.Module == "" {
			taken[r.Type+"."+r.Name] = true
		}
	}
	defaultRegion := ""
	if m != nil {
		for _, r := range m.Resources {
			if r.Mode == iac.Managed && len(r.Scope.Path) == 0 && r.File.Path != ImportFileName {
				taken[r.Type+"."+r.Name] = true
			}
		}
		defaultRegion = providerRegion(m)
	}
	var sb strings.Builder
	sb.WriteString(header)
	seen := map[cloud.Ref]bool{}
	for _, d := range todo {
		ref := cloud.Ref{Type: d.Type, ID: d.ID, Region: d.Region}
		if seen[ref] {
			continue
		}
		seen[ref] = true
		attrs := liveAttrs(live, ref)
		name := uniqueName(taken, d.Type, baseName(d.Type, d.ID, attrs))
		imp := Imported{Type: d.Type, ID: d.ID, Region: d.Region, Address: d.Type + "." + name}

		body, reason := resourceBody(d.Type, d.ID, attrs)
		imp.Generated = reason == ""
		imp.Reason = reason

		sb.WriteString("\n# " + d.Type + " " + oneLine(d.ID))
		if d.Region != "" {
			sb.WriteString(" in " + d.Region)
		}
		sb.WriteString("\n")
		if d.Region != "" && defaultRegion != "" && d.Region != defaultRegion {
			fmt.Fprintf(&sb, "# It is in %s, not in the provider's region %s: add provider = aws.<alias> for %s to both blocks.\n", d.Region, defaultRegion, d.Region)
		}
		if reason != "" {
			fmt.Fprintf(&sb, "# No resource block: %s.\n# terraform plan -generate-config-out=generated.tf writes one for this import.\n", reason)
		}
		fmt.Fprintf(&sb, "import {\n  to = %s\n  id = %s\n}\n", imp.Address, iac.Quote(d.ID))
		if body != "" {
			fmt.Fprintf(&sb, "\nresource %q %q {\n%s}\n", d.Type, name, body)
		}
		out.Resources = append(out.Resources, imp)
	}
	src := hclwrite.Format([]byte(sb.String()))
	if _, diags := hclsyntax.ParseConfig(src, ImportFileName, hcl.InitialPos); diags.HasErrors() {
		return nil, fmt.Errorf("generated %s does not parse: %s", ImportFileName, diags.Error())
	}
	out.Src = src
	return out, nil
}

const header = `# Generated by driftfix for review. Do not apply unread.
#
# Each import block below adopts a resource that exists in the cloud but in no
# Terraform state (Terraform >= 1.5). The resource block beside it holds what
# driftfix read of it: identifying and required attributes, and tags. Run
# terraform plan and complete each block until the plan shows the imports and
# no other change; delete the blocks of resources you do not want to manage.
`

// providerRegion is the constant region of the root module's default AWS
// provider, "" when unknown.
func providerRegion(m *iac.Module) string {
	if len(m.Scopes) == 0 {
		return ""
	}
	for _, p := range m.Scopes[0].Providers {
		if len(p.Labels) == 0 || p.Labels[0] != "aws" {
			continue
		}
		if _, st := p.String("alias"); st != iac.Absent {
			continue
		}
		if r, st := p.String("region"); st == iac.Known {
			return r
		}
	}
	return ""
}

// liveAttrs finds the live attributes of ref (region matching loosely).
func liveAttrs(live []cloud.Resource, ref cloud.Ref) map[string]any {
	var loose map[string]any
	for _, l := range live {
		if l.Type != ref.Type || l.ID != ref.ID {
			continue
		}
		if l.Region == ref.Region {
			return l.Attrs
		}
		if loose == nil && (l.Region == "" || ref.Region == "") {
			loose = l.Attrs
		}
	}
	return loose
}

// resourceBody renders the attributes of the resource block, or says why
// there is none.
func resourceBody(typ, id string, attrs map[string]any) (string, string) {
	tpl, ok := templates[typ]
	if !ok {
		return "", "driftfix has no template for " + typ
	}
	vals := map[string]any{}
	for k, v := range attrs {
		vals[k] = v
	}
	if tpl.idAttr != "" && isBlank(vals[tpl.idAttr]) {
		vals[tpl.idAttr] = id
	}
	var missing []string
	for _, r := range tpl.required {
		if isBlank(vals[r]) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return "", "the live reader did not report " + strings.Join(missing, ", ")
	}
	var sb strings.Builder
	for _, a := range tpl.attrs {
		v := vals[a]
		if isBlank(v) {
			continue
		}
		text, ok := attrValue(a, v)
		if !ok {
			continue
		}
		fmt.Fprintf(&sb, "  %s = %s\n", a, text)
	}
	for _, b := range tpl.blocks {
		list, _ := vals[b].([]any)
		// set elements (security group rules) in the order of their JSON,
		// so the output does not depend on the API's order
		for _, el := range attrpath.SortCanonical(list) {
			obj, ok := el.(map[string]any)
			if !ok {
				continue
			}
			sb.WriteString("\n  " + b + " {\n")
			for _, k := range sortedKeys(obj) {
				v := obj[k]
				if isBlank(v) || v == false {
					continue
				}
				if text, ok := attrValue(k, v); ok {
					fmt.Fprintf(&sb, "    %s = %s\n", k, text)
				}
			}
			sb.WriteString("  }\n")
		}
	}
	return sb.String(), ""
}

// ruleOrder puts the identifying attributes of a rule block first.
var ruleOrder = map[string]int{"description": 0, "from_port": 1, "to_port": 2, "protocol": 3}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		oi, iok := ruleOrder[keys[i]]
		oj, jok := ruleOrder[keys[j]]
		switch {
		case iok && jok:
			return oi < oj
		case iok != jok:
			return iok
		}
		return keys[i] < keys[j]
	})
	return keys
}

func isBlank(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	case []string:
		return len(x) == 0
	case map[string]string:
		return len(x) == 0
	}
	return false
}

// attrValue renders a live value of attribute name as HCL. A policy
// document (a JSON string in an attribute named like one) becomes
// jsonencode({ … }).
func attrValue(name string, v any) (string, bool) {
	if x, ok := v.(string); ok && strings.HasSuffix(name, "policy") {
		var doc any
		if err := json.Unmarshal([]byte(x), &doc); err == nil {
			if _, isObj := doc.(map[string]any); isObj {
				if text, ok := iac.ValueText(doc); ok {
					return "jsonencode(" + text + ")", true
				}
			}
		}
	}
	return iac.ValueText(v)
}

var nonIdent = regexp.MustCompile(`[^a-z0-9_]+`)

// baseName is the wanted resource name: the Name tag, else the ID
// (the last part of an ARN).
func baseName(typ, id string, attrs map[string]any) string {
	if tags, ok := attrs["tags"].(map[string]any); ok {
		if n, ok := tags["Name"].(string); ok && strings.TrimSpace(n) != "" {
			return n
		}
	}
	if strings.HasPrefix(id, "arn:") {
		if i := strings.LastIndexAny(id, ":/"); i >= 0 && i+1 < len(id) {
			return id[i+1:]
		}
	}
	return id
}

// sanitizeName makes s a Terraform identifier in snake case: lower case,
// runs of other characters as one _, starting with a letter (else the
// type's last word and _ go first), at most 64 characters.
func sanitizeName(typ, s string) string {
	n := strings.Trim(nonIdent.ReplaceAllString(strings.ToLower(s), "_"), "_")
	if len(n) > 64 {
		n = strings.TrimRight(n[:64], "_")
	}
	if n == "" || n[0] < 'a' || n[0] > 'z' {
		word := typ[strings.LastIndex(typ, "_")+1:]
		if n == "" {
			return word
		}
		n = word + "_" + n
	}
	return n
}

// uniqueName picks a free name for typ: base, else base_2, base_3, …
func uniqueName(taken map[string]bool, typ, base string) string {
	name := sanitizeName(typ, base)
	candidate := name
	for i := 2; taken[typ+"."+candidate]; i++ {
		candidate = fmt.Sprintf("%s_%d", name, i)
	}
	taken[typ+"."+candidate] = true
	return candidate
}

func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}
