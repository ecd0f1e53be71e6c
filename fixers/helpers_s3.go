package fixers

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// What the S3 rules share: how a bucket and the v4+ resources that configure
// it (aws_s3_bucket_versioning, _logging, _acl, …) find each other, and what
// suggests a bucket is public on purpose (canned ACLs, grants, websites,
// bucket policies).

// s3Attached returns the companions of type typ (attribute bucket) attached
// to bucket b: by reference or by literal name in b's module
// (bucketCompanions), or by literal name anywhere in the loaded tree, since
// bucket names are global. unsure is true when some companion of that type
// names its bucket in a way driftfix cannot resolve — a variable, a module
// output — so it may be b's: a rule then reports nothing rather than guess,
// and above all does not add a second companion.
func s3Attached(m *iac.Module, b *iac.Resource, typ string) (comps []*iac.Resource, unsure bool) {
	comps = bucketCompanions(m, b, typ)
	idx := s3Companions(m, typ)
	name, nameSt := b.Block.String("bucket")
	if nameSt == iac.Known {
		seen := map[*iac.Resource]bool{}
		for _, c := range comps {
			seen[c] = true
		}
		for _, c := range idx.byName[name] {
			if !seen[c] {
				seen[c] = true
				comps = append(comps, c)
			}
		}
	}
	return comps, idx.unsureAll || (nameSt == iac.Unknown && idx.unsureUnnamed)
}

// s3Conditional returns the companions of type typ that would attach to
// bucket b but have no instance with the current inputs (count = 0 or an
// empty for_each, as a module creates them only when an input asks for
// them): by reference or literal name in b's module, or by literal name
// anywhere in the loaded tree. Such a companion counts as present: adding
// another would declare a second configuration of the same thing.
func s3Conditional(m *iac.Module, b *iac.Resource, typ string) []*iac.Resource {
	out := m.InactiveReferrers(b, typ, "bucket", "bucket")
	name, st := b.Block.String("bucket")
	if st != iac.Known || name == "" {
		return out
	}
	seen := map[*iac.Resource]bool{}
	for _, c := range out {
		seen[c] = true
	}
	for _, c := range m.Inactive {
		if c.Type != typ || c.Mode != iac.Managed || seen[c] {
			continue
		}
		if v, vst := c.Block.String("bucket"); vst == iac.Known && v == name {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// s3ConditionalFinding is the finding for bucket b whose only companion of
// type typ (what configures, e.g. "versioning") exists under a condition
// that is false with the current inputs: not fixable, since the fix would be
// a duplicate; the finding says where the companion is and why it is absent.
func s3ConditionalFinding(m Meta, b *iac.Resource, what string, c *iac.Resource) Finding {
	cond, expr, _ := c.Condition()
	msg := fmt.Sprintf("%s is configured by %s (%s:%d) only when it is created, and with the current inputs its %s",
		what, c.ConfigAddress(), c.File.Path, c.Block.Range.Start.Line, cond)
	reason := fmt.Sprintf("%s already declares it; a second %s would be a duplicate. Give the module the inputs that create it", c.ConfigAddress(), c.Type)
	if expr != "" && len(expr) <= 160 && !strings.Contains(expr, "\n") {
		reason += " (" + strings.SplitN(cond, " ", 2)[0] + " = " + expr + ")"
	}
	return m.New(b, nil, msg, nil, reason)
}

// s3CompanionIndex summarises, once per module and companion type, how the
// companions name their buckets.
type s3CompanionIndex struct {
	// byName: companions that name a bucket by a known literal, directly or
	// through a data source that looks the bucket up by name.
	byName map[string][]*iac.Resource
	// unsureAll: some companion names its bucket in a way driftfix cannot
	// resolve at all (a variable, a module output), so it may be any bucket's.
	unsureAll bool
	// unsureUnnamed: some companion names a bucket that no bucket with a
	// known name has, so it may belong to a bucket whose name is unknown.
	unsureUnnamed bool
}

func s3Companions(m *iac.Module, typ string) *s3CompanionIndex {
	return m.Memo("s3-companions:"+typ, func() any {
		idx := &s3CompanionIndex{byName: map[string][]*iac.Resource{}}
		for _, c := range m.ResourcesOfType(typ) {
			v, st := c.Block.String("bucket")
			switch st {
			case iac.Known:
				idx.byName[v] = append(idx.byName[v], c)
				if len(s3BucketsNamed(m, v)) == 0 {
					idx.unsureUnnamed = true
				}
				continue
			case iac.Absent:
				continue
			}
			refs := m.Refs(c, "bucket")
			if len(refs) == 0 {
				idx.unsureAll = true
			}
			for _, t := range refs {
				switch {
				case t.Type != "aws_s3_bucket":
					idx.unsureAll = true
				case t.Mode == iac.Data:
					// A data source that looks the bucket up by name.
					if dn, dst := t.Block.String("bucket"); dst == iac.Known {
						idx.byName[dn] = append(idx.byName[dn], c)
						idx.unsureUnnamed = true
					} else {
						idx.unsureAll = true
					}
				}
				// A managed bucket: bucketCompanions matches references.
			}
		}
		return idx
	}).(*s3CompanionIndex)
}

// s3BucketsOf returns the buckets that attribute attr of companion c points
// at: by reference (aws_s3_bucket.x.id, each.value.id, a local), or by a
// literal name equal to a bucket's known name anywhere in the loaded tree.
func s3BucketsOf(m *iac.Module, c *iac.Resource, attr string) []*iac.Resource {
	return s3BucketsIn(m, c, c.Block, attr)
}

// s3BucketsIn is s3BucketsOf for attribute attr of block blk, a block of
// resource r (r's own block or a nested one such as a logging block).
func s3BucketsIn(m *iac.Module, r *iac.Resource, blk *iac.Block, attr string) []*iac.Resource {
	a := blk.Attr(attr)
	if a == nil {
		return nil
	}
	// Resolve the nested attribute with r's scope and for_each: the module
	// resolves the attributes of a resource's own block only.
	probe := *r
	probe.Block = &iac.Block{Attrs: map[string]*iac.Attr{attr: a}}
	if fe := r.Block.Attr("for_each"); fe != nil && attr != "for_each" {
		probe.Block.Attrs["for_each"] = fe
	}
	seen := map[*iac.Resource]bool{}
	var out []*iac.Resource
	for _, t := range m.Refs(&probe, attr) {
		if t.Type == "aws_s3_bucket" && t.Mode == iac.Managed && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	if v, st := blk.String(attr); st == iac.Known {
		for _, t := range s3BucketsNamed(m, v) {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// s3BucketsNamed returns the buckets whose known name is name.
func s3BucketsNamed(m *iac.Module, name string) []*iac.Resource {
	if name == "" {
		return nil
	}
	byName := m.Memo("s3-buckets-by-name", func() any {
		idx := map[string][]*iac.Resource{}
		for _, b := range m.ResourcesOfType("aws_s3_bucket") {
			if v, st := b.Block.String("bucket"); st == iac.Known {
				idx[v] = append(idx[v], b)
			}
		}
		return idx
	}).(map[string][]*iac.Resource)
	return byName[name]
}

// s3PublicACLs are the canned ACLs that grant access beyond the bucket
// owner's account, with what they grant.
var s3PublicACLs = map[string]string{
	"public-read":        "anyone on the internet can list and read its objects",
	"public-read-write":  "anyone on the internet can list, read, overwrite and delete its objects",
	"authenticated-read": "every AWS account in the world can list and read its objects",
}

// s3MayBePublic says why bucket b may be meant to be public — a public or
// unknown canned ACL, a grant to everyone, a website configuration, a bucket
// policy that allows everyone or that driftfix cannot read — or "" when
// nothing suggests it. Rules that would close a bucket to the public do not
// fix such a bucket on their own.
func s3MayBePublic(m *iac.Module, b *iac.Resource) string {
	acl := func(blk *iac.Block) string {
		v, st := blk.String("acl")
		switch {
		case st == iac.Unknown:
			return "its ACL comes from an expression driftfix cannot evaluate"
		case st == iac.Known && s3PublicACLs[v] != "":
			return "its ACL is " + v
		}
		for _, g := range s3Grants(blk) {
			if why := s3PublicGrant(g); why != "" {
				return why
			}
		}
		return ""
	}
	policy := func(blk *iac.Block) string {
		v, st := blk.String("policy")
		switch {
		case st == iac.Unknown:
			return "its bucket policy comes from an expression driftfix cannot evaluate"
		case st == iac.Known && s3PolicyAllowsAnyone(v):
			return "its bucket policy allows anyone"
		}
		return ""
	}
	if why := acl(b.Block); why != "" {
		return why
	}
	if why := policy(b.Block); why != "" {
		return why
	}
	if b.Block.First("website") != nil {
		return "it is configured as a website"
	}
	for _, c := range []struct {
		typ   string
		check func(*iac.Block) string
	}{
		{"aws_s3_bucket_acl", acl},
		{"aws_s3_bucket_policy", policy},
		{"aws_s3_bucket_website_configuration", func(*iac.Block) string { return "it is configured as a website" }},
	} {
		comps, unsure := s3Attached(m, b, c.typ)
		for _, r := range comps {
			if why := c.check(r.Block); why != "" {
				return why
			}
		}
		if unsure {
			return "an " + c.typ + " driftfix cannot match to a bucket may apply to it"
		}
		// One that other inputs create counts too: blocking public access
		// now would cut the bucket off once they do.
		for _, r := range s3Conditional(m, b, c.typ) {
			if why := c.check(r.Block); why != "" {
				return fmt.Sprintf("%s when %s (%s:%d) is created", why, r.ConfigAddress(), r.File.Path, r.Block.Range.Start.Line)
			}
		}
	}
	return ""
}

// s3Grants returns the grant blocks of a legacy bucket (grant) or of an
// aws_s3_bucket_acl (access_control_policy.grant.grantee).
func s3Grants(blk *iac.Block) []*iac.Block {
	out := blk.Nested("grant")
	for _, acp := range blk.Nested("access_control_policy") {
		for _, g := range acp.Nested("grant") {
			out = append(out, g.Nested("grantee")...)
		}
	}
	return out
}

// s3PublicGrant says why a grant (or grantee) block opens the bucket to
// everyone or to every AWS account, or "".
func s3PublicGrant(g *iac.Block) string {
	if g.Dynamic {
		return "it has grants driftfix cannot evaluate"
	}
	uri, st := g.String("uri")
	switch {
	case st == iac.Unknown:
		return "it grants access to a group driftfix cannot evaluate"
	case st == iac.Known && (strings.HasSuffix(uri, "/global/AllUsers") || strings.HasSuffix(uri, "/global/AuthenticatedUsers")):
		return "it grants access to " + uri
	}
	return ""
}

// s3PolicyAllowsAnyone reports whether a bucket policy document has an Allow
// statement whose principal is everyone ("*" or {"AWS": "*"}). A document
// that does not parse counts as allowing anyone: driftfix cannot tell.
func s3PolicyAllowsAnyone(doc string) bool {
	var p struct {
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return true
	}
	type statement struct {
		Effect    string
		Principal json.RawMessage
	}
	var stmts []statement
	if err := json.Unmarshal(p.Statement, &stmts); err != nil {
		var one statement
		if err := json.Unmarshal(p.Statement, &one); err != nil {
			return true
		}
		stmts = []statement{one}
	}
	for _, s := range stmts {
		if s.Effect == "Allow" && s3PrincipalIsAnyone(s.Principal) {
			return true
		}
	}
	return false
}

func s3PrincipalIsAnyone(raw json.RawMessage) bool {
	var star string
	if json.Unmarshal(raw, &star) == nil {
		return star == "*"
	}
	var byType map[string]json.RawMessage
	if json.Unmarshal(raw, &byType) != nil {
		return false
	}
	aws, ok := byType["AWS"]
	if !ok {
		return false
	}
	var one string
	if json.Unmarshal(aws, &one) == nil {
		return one == "*"
	}
	var many []string
	if json.Unmarshal(aws, &many) == nil {
		for _, a := range many {
			if a == "*" {
				return true
			}
		}
	}
	return false
}
