package tfstate

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// rawState is Terraform's state file format, version 4, as `terraform state
// pull` prints it for any backend. Unlike `terraform show -json` it needs no
// provider schemas, so drift can read state without downloading providers.
type rawState struct {
	Version          int    `json:"version"`
	TerraformVersion string `json:"terraform_version"`
	Resources        []struct {
		Module    string `json:"module"`
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Provider  string `json:"provider"`
		Instances []struct {
			IndexKey            any             `json:"index_key"`
			Status              string          `json:"status"`
			Deposed             string          `json:"deposed"`
			Attributes          map[string]any  `json:"attributes"`
			SensitiveAttributes json.RawMessage `json:"sensitive_attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

// ParseRaw decodes a state file (format version 4) as `terraform state pull`
// prints it. An empty input is an empty state.
func ParseRaw(data []byte) (*State, error) {
	out := &State{}
	if len(data) == 0 {
		out.index()
		return out, nil
	}
	var raw rawState
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("decode terraform state file: %w", err)
	}
	if raw.Version != 4 {
		return nil, fmt.Errorf("terraform state file format version %d is not supported (want 4)", raw.Version)
	}
	out.TerraformVersion = raw.TerraformVersion
	for _, r := range raw.Resources {
		if r.Mode != "managed" {
			continue
		}
		prefix := ""
		if r.Module != "" {
			prefix = r.Module + "."
		}
		for _, in := range r.Instances {
			if in.Deposed != "" {
				continue
			}
			idx := index(in.IndexKey)
			addr := prefix + r.Type + "." + r.Name + keySuffix(idx)
			res := Resource{
				Address: addr, Module: prefix, Type: r.Type, Name: r.Name, Index: idx,
				ProviderName: r.Provider, Values: in.Attributes, Tainted: in.Status == "tainted",
			}
			if res.Values == nil {
				res.Values = map[string]any{}
			}
			if id, ok := res.Values["id"].(string); ok {
				res.ID = id
			}
			res.Region = RegionOf(res.Values)
			res.SensitiveValues = sensitiveMask(in.SensitiveAttributes)
			out.Resources = append(out.Resources, res)
		}
	}
	sort.SliceStable(out.Resources, func(i, j int) bool { return out.Resources[i].Address < out.Resources[j].Address })
	out.index()
	return out, nil
}

func keySuffix(k any) string {
	switch v := k.(type) {
	case nil:
		return ""
	case int:
		return "[" + strconv.Itoa(v) + "]"
	case string:
		return "[" + strconv.Quote(v) + "]"
	}
	return fmt.Sprintf("[%v]", k)
}

// sensitiveMask turns the state file's sensitive_attributes (a list of
// paths, each a list of {"type":"get_attr","value":"x"} steps) into the
// nested true-mask that terraform show -json uses.
func sensitiveMask(raw json.RawMessage) map[string]any {
	if len(raw) == 0 {
		return nil
	}
	var paths [][]struct {
		Type  string `json:"type"`
		Value any    `json:"value"`
	}
	if json.Unmarshal(raw, &paths) != nil || len(paths) == 0 {
		return nil
	}
	mask := map[string]any{}
	for _, p := range paths {
		if len(p) == 0 {
			continue
		}
		name, ok := p[0].Value.(string)
		if !ok || p[0].Type != "get_attr" {
			continue
		}
		// Mark the whole top-level attribute: coarser than the path, never leakier.
		mask[name] = true
	}
	return mask
}
