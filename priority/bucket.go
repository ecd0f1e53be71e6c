package priority

import (
	"encoding/json"
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// Public buckets: what makes an S3 bucket reachable from the internet, in
// the code (publicBucket) and live (live.go). A public ACL or grant, or a
// bucket policy that allows Principal "*", makes it public unless a public
// access block ignores public ACLs (ignore_public_acls) or restricts public
// policies (restrict_public_buckets); a bucket without a public access
// block, or with one that leaves a setting off, has nothing that stops a
// later ACL or policy from making it public, and counts too.

// pabFlags are the four settings of a public access block, in the order
// they are written.
var pabFlags = []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}

// publicACLs are the canned ACLs that grant access beyond the owner's
// account.
var publicACLs = map[string]bool{"public-read": true, "public-read-write": true, "authenticated-read": true}

// publicGroups are the grantee URIs of everyone and of every AWS account.
var publicGroups = []string{"acs.amazonaws.com/groups/global/AllUsers", "acs.amazonaws.com/groups/global/AuthenticatedUsers"}

// publicBucket says what makes bucket b public in the code.
func (g *codeGraph) publicBucket(b *iac.Resource) []string {
	on := map[string]bool{} // settings known on, from the bucket's or the account's block
	var gaps []string
	accountCovers := false
	for _, a := range g.m.OfType("aws_s3_account_public_access_block") {
		all := true
		for _, f := range pabFlags {
			v, st := a.Block.Bool(f)
			on[f] = on[f] || (st == iac.Known && v)
			all = all && st == iac.Known && v
		}
		accountCovers = accountCovers || all
	}
	blocks := g.childrenOfType(b, "aws_s3_bucket_public_access_block")
	if accountCovers {
		return nil
	}
	if len(blocks) == 0 {
		gaps = append(gaps, "has no public access block")
	}
	for _, pab := range blocks {
		var off []string
		for _, f := range pabFlags {
			v, st := pab.Block.Bool(f)
			switch {
			case st == iac.Known && v:
				on[f] = true
			case st != iac.Unknown && !on[f]:
				off = append(off, f) // false, or left out: the default is false
			}
		}
		if len(off) > 0 {
			gaps = append(gaps, "has a public access block that leaves "+strings.Join(off, ", ")+" off ("+pab.Address()+")")
		}
	}

	var out []string
	if !on["ignore_public_acls"] {
		for _, blk := range append([]*iac.Block{b.Block}, blocksOf(g.childrenOfType(b, "aws_s3_bucket_acl"))...) {
			if acl, st := blk.String("acl"); st == iac.Known && publicACLs[acl] {
				out = append(out, "has a public ACL ("+acl+")")
			}
			if grantsPublic(blk) {
				out = append(out, "grants access to all users or all AWS accounts")
			}
		}
	}
	if !on["restrict_public_buckets"] {
		if policyIsPublic(g.m, b, b.Block) {
			out = append(out, `has a bucket policy that allows Principal "*"`)
		}
		for _, c := range g.childrenOfType(b, "aws_s3_bucket_policy") {
			if policyIsPublic(g.m, c, c.Block) {
				out = append(out, `has a bucket policy that allows Principal "*" (`+c.Address()+`)`)
			}
		}
	}
	return dedupeStrings(append(out, gaps...))
}

func blocksOf(rs []*iac.Resource) []*iac.Block {
	out := make([]*iac.Block, len(rs))
	for i, r := range rs {
		out[i] = r.Block
	}
	return out
}

// grantsPublic reports whether a grant anywhere in blk (a bucket's grant
// blocks, an aws_s3_bucket_acl's access_control_policy) names everyone or
// every AWS account.
func grantsPublic(blk *iac.Block) bool {
	if uri, st := blk.String("uri"); st == iac.Known && isPublicGroup(uri) {
		return true
	}
	for _, c := range blk.Blocks {
		if grantsPublic(c) {
			return true
		}
	}
	return false
}

func isPublicGroup(uri string) bool {
	for _, g := range publicGroups {
		if strings.HasSuffix(uri, g) {
			return true
		}
	}
	return false
}

// policyIsPublic reports whether the policy attribute of r (a bucket, or
// an aws_s3_bucket_policy) allows Principal "*": as a known JSON document,
// or through an aws_iam_policy_document data source it refers to.
func policyIsPublic(m *iac.Module, r *iac.Resource, blk *iac.Block) bool {
	if doc, st := blk.String("policy"); st == iac.Known {
		return jsonPolicyIsPublic(doc)
	}
	for _, d := range m.Refs(r, "policy") {
		if d.Mode == iac.Data && d.Type == "aws_iam_policy_document" && policyDocumentIsPublic(d.Block) {
			return true
		}
	}
	return false
}

// policyDocumentIsPublic reads an aws_iam_policy_document's statements:
// an Allow (the default effect) with principals of type "*", or of type
// "AWS" with identifier "*".
func policyDocumentIsPublic(doc *iac.Block) bool {
	for _, st := range doc.Nested("statement") {
		if effect, s := st.String("effect"); s == iac.Known && !strings.EqualFold(effect, "Allow") {
			continue
		}
		for _, p := range st.Nested("principals") {
			typ, s1 := p.String("type")
			ids, s2 := p.Strings("identifiers")
			if s1 != iac.Known || s2 != iac.Known {
				continue
			}
			for _, id := range ids {
				if id == "*" && (typ == "*" || typ == "AWS") {
					return true
				}
			}
		}
	}
	return false
}

// jsonPolicyIsPublic reports whether a policy document allows Principal
// "*" (or {"AWS": "*"}) in a statement. A document that does not parse is
// not public: nothing is known of it.
func jsonPolicyIsPublic(doc string) bool {
	var p struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(doc), &p) != nil {
		return false
	}
	var stmts []map[string]any
	if json.Unmarshal(p.Statement, &stmts) != nil {
		var one map[string]any
		if json.Unmarshal(p.Statement, &one) != nil {
			return false
		}
		stmts = []map[string]any{one}
	}
	for _, s := range stmts {
		if e, _ := s["Effect"].(string); !strings.EqualFold(e, "Allow") {
			continue
		}
		if principalIsEveryone(s["Principal"]) {
			return true
		}
	}
	return false
}

func principalIsEveryone(p any) bool {
	switch p := p.(type) {
	case string:
		return p == "*"
	case map[string]any:
		for _, v := range p {
			if principalIsEveryone(v) {
				return true
			}
		}
	case []any:
		for _, v := range p {
			if principalIsEveryone(v) {
				return true
			}
		}
	}
	return false
}

func dedupeStrings(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
