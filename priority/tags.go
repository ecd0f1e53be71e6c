package priority

import (
	"sort"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/iac"
	"github.com/zclconf/go-cty/cty"
)

// Tags: the sensitive-data and critical-service signals read the tags of
// the resources in a finding's context, in the code (the tags attribute and
// the AWS provider's default_tags) and live (tags, tags_all).

// tag is one tag with a known key and value.
type tag struct{ key, value string }

// codeTags returns the tags of r that the code states with known values:
// its tags attribute over the default_tags of its AWS provider, sorted by
// key.
func codeTags(m *iac.Module, r *iac.Resource) []tag {
	tags := map[string]string{}
	if p := awsProvider(m, r); p != nil {
		for _, dt := range p.Nested("default_tags") {
			knownStrings(dt.Attr("tags"), tags)
		}
	}
	knownStrings(r.Block.Attr("tags"), tags)
	return sortedTags(tags)
}

// awsProvider returns the aws provider block without an alias that r uses
// when it names no provider: its module's, else the root module's.
func awsProvider(m *iac.Module, r *iac.Resource) *iac.Block {
	if r.Block.Attr("provider") != nil {
		return nil // an aliased provider: its default_tags are not followed
	}
	scopes := []*iac.Scope{r.Scope}
	if len(m.Scopes) > 0 && m.Scopes[0] != r.Scope {
		scopes = append(scopes, m.Scopes[0])
	}
	for _, s := range scopes {
		if s == nil {
			continue
		}
		for _, p := range s.Providers {
			if len(p.Labels) == 1 && p.Labels[0] == "aws" && p.Attr("alias") == nil {
				return p
			}
		}
	}
	return nil
}

// knownStrings copies the known string entries of a map attribute to dst.
func knownStrings(a *iac.Attr, dst map[string]string) {
	if a == nil || a.Value() == cty.NilVal || !a.Value().IsKnown() || a.Value().IsNull() {
		return
	}
	ty := a.Value().Type()
	if !ty.IsObjectType() && !ty.IsMapType() {
		return
	}
	for it := a.Value().ElementIterator(); it.Next(); {
		k, v := it.Element()
		if !k.IsKnown() || k.Type() != cty.String || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			continue
		}
		dst[k.AsString()] = v.AsString()
	}
}

// liveTags returns the tags of a live resource: tags_all under tags.
func liveTags(attrs map[string]any) []tag {
	tags := map[string]string{}
	for _, a := range []string{"tags_all", "tags"} {
		m, _ := attrs[a].(map[string]any)
		for k, v := range m {
			if s, ok := v.(string); ok {
				tags[k] = s
			}
		}
	}
	return sortedTags(tags)
}

func sortedTags(m map[string]string) []tag {
	out := make([]tag, 0, len(m))
	for k, v := range m {
		out = append(out, tag{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// tagFacts returns a fact for each tag of about that one of rules
// matches. A rule that matches any value shows the key only: the value was
// not asked for, and may say more than the user meant to show.
func tagFacts(sig signal, rules []config.TagMatch, about string, tags []tag, live bool) []fact {
	var out []fact
	for _, t := range tags {
		for _, rule := range rules {
			if !rule.Matches(t.key, t.value) {
				continue
			}
			text := "tag " + t.key
			if len(rule.Values) > 0 {
				text += "=" + t.value
			}
			out = append(out, fact{sig: sig, about: about, text: text, live: live, tag: true})
			break
		}
	}
	return out
}
