// Package tfstate reads Terraform state as `terraform show -json` prints it
// (through terraform-json) into the managed resource instances drift needs:
// address, type, instance key, cloud ID, region and attribute values, with
// lookups from addresses to IDs and back.
package tfstate

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Resource is one managed resource instance in state.
type Resource struct {
	// Address is the full instance address: module.a.aws_s3_bucket.b["k"].
	Address string
	// Module is the module part of the address ("" for the root): module.a.
	Module string
	Type   string
	Name   string
	// Index is the instance key: nil for a single instance, an int for
	// count, a string for for_each.
	Index any
	// ID is the "id" attribute: the ID the cloud knows the resource by.
	ID string
	// Region is the resource's region where state shows it (a region
	// attribute, the ARN, or the provider configuration of a plan); "" when
	// it cannot be known.
	Region string
	// ProviderName is the provider's source address
	// (registry.terraform.io/hashicorp/aws).
	ProviderName string
	// Values are the attribute values, JSON-shaped (string, bool, float64,
	// []any, map[string]any, nil). Sensitive values are in clear text here,
	// as terraform show -json writes them; SensitiveValues marks them.
	Values map[string]any
	// SensitiveValues mirrors Values' shape with true where a value is
	// sensitive (terraform's sensitive_values mask).
	SensitiveValues map[string]any
	// Tainted marks an instance terraform will replace.
	Tainted bool
}

// ConfigAddress is the address of the resource block: the address without
// the instance key.
func (r Resource) ConfigAddress() string {
	return r.Module + r.Type + "." + r.Name
}

// Sensitive reports whether the value at path (a list of map keys and list
// indexes, as in Values) or any value above it is marked sensitive.
func (r Resource) Sensitive(path ...any) bool {
	var cur any = r.SensitiveValues
	for _, step := range path {
		if b, ok := cur.(bool); ok {
			return b
		}
		switch s := step.(type) {
		case string:
			m, ok := cur.(map[string]any)
			if !ok {
				return false
			}
			cur = m[s]
		case int:
			l, ok := cur.([]any)
			if !ok || s < 0 || s >= len(l) {
				return false
			}
			cur = l[s]
		default:
			return false
		}
	}
	b, _ := cur.(bool)
	return b
}

// State is the decoded state: its managed resource instances in address
// order.
type State struct {
	TerraformVersion string
	Resources        []Resource

	byID map[typeID][]int
}

type typeID struct{ typ, id string }

// Parse decodes state JSON as `terraform show -json` prints it: the managed
// resources of the root module and of every child module. An empty state
// (no resources) is valid.
func Parse(data []byte) (*State, error) {
	var s tfjson.State
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("decode terraform state: %w", err)
	}
	out := &State{TerraformVersion: s.TerraformVersion}
	if s.Values != nil && s.Values.RootModule != nil {
		if err := out.collect(s.Values.RootModule); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out.Resources, func(i, j int) bool { return out.Resources[i].Address < out.Resources[j].Address })
	out.index()
	return out, nil
}

func (s *State) collect(m *tfjson.StateModule) error {
	for _, r := range m.Resources {
		if r == nil || r.Mode != tfjson.ManagedResourceMode || r.DeposedKey != "" {
			continue // data sources are read, not managed; deposed objects are on their way out
		}
		res := Resource{
			Address:      r.Address,
			Module:       modulePrefix(r.Address, r.Type, r.Name),
			Type:         r.Type,
			Name:         r.Name,
			Index:        index(r.Index),
			ProviderName: r.ProviderName,
			Values:       r.AttributeValues,
			Tainted:      r.Tainted,
		}
		if res.Values == nil {
			res.Values = map[string]any{}
		}
		if id, ok := res.Values["id"].(string); ok {
			res.ID = id
		}
		res.Region = RegionOf(res.Values)
		if len(r.SensitiveValues) > 0 {
			var sv any
			if err := json.Unmarshal(r.SensitiveValues, &sv); err != nil {
				return fmt.Errorf("%s: decode sensitive_values: %w", r.Address, err)
			}
			res.SensitiveValues, _ = sv.(map[string]any)
		}
		s.Resources = append(s.Resources, res)
	}
	for _, c := range m.ChildModules {
		if c != nil {
			if err := s.collect(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// modulePrefix is the module part of a resource address, with its trailing
// dot: "module.a[\"x\"].module.b." for module.a["x"].module.b.aws_s3_bucket.c[0].
func modulePrefix(addr, typ, name string) string {
	i := strings.LastIndex(addr, typ+"."+name)
	if i <= 0 {
		return ""
	}
	return addr[:i]
}

// index normalises an instance key: a JSON number becomes an int.
func index(v any) any {
	switch k := v.(type) {
	case float64:
		return int(k)
	case json.Number:
		if n, err := strconv.Atoi(k.String()); err == nil {
			return n
		}
		return k.String()
	}
	return v
}

func (s *State) index() {
	s.byID = map[typeID][]int{}
	for i, r := range s.Resources {
		if r.ID != "" {
			k := typeID{r.Type, r.ID}
			s.byID[k] = append(s.byID[k], i)
		}
	}
}

// ByID returns the instances of type typ whose ID is id, in address order.
// Usually one; two addresses may manage the same object.
func (s *State) ByID(typ, id string) []Resource {
	var out []Resource
	for _, i := range s.byID[typeID{typ, id}] {
		out = append(out, s.Resources[i])
	}
	return out
}

// RegionOf returns the region visible in attribute values: a non-empty
// "region" attribute, else the region field of the ARN ("" for global
// services such as S3 bucket and IAM ARNs).
func RegionOf(values map[string]any) string {
	if r, ok := values["region"].(string); ok && r != "" {
		return r
	}
	if arn, ok := values["arn"].(string); ok {
		return arnRegion(arn)
	}
	return ""
}

// arnRegion returns the region field of an ARN
// (arn:partition:service:region:account:resource), "" when it is empty or
// the string is not an ARN.
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}
