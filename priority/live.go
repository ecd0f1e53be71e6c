package priority

import (
	"slices"
	"strings"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/iac/tfstate"
)

// The live side of the context: the resources drift read, indexed by the
// IDs they are known by, and joined to the code's addresses through
// Terraform state (address → ID) or, without state, through the attributes
// that name a resource in both (a bucket's name, a DB identifier, a
// security group's or role's name).

// liveIndex indexes live resources.
type liveIndex struct {
	byIdentity map[typeID]*cloud.Resource
	byName     map[typeID]*cloud.Resource // by the attribute in staticNames
	addrOf     map[*cloud.Resource]string
	ofAddr     map[string]*cloud.Resource
	// sgUsers are the live resources that use a security group, by its ID.
	sgUsers map[string][]*cloud.Resource
	// companions are the live aws_s3_bucket_* resources of a bucket, by its
	// name.
	companions map[string][]*cloud.Resource
}

type typeID struct{ typ, id string }

// staticNames are, per type, the attribute that names a resource in the
// code and live alike, used to join them when there is no state: names
// unique in an account and region at least (a security group's name is
// unique only in its VPC, so security groups join through state alone).
var staticNames = map[string]string{
	"aws_s3_bucket":      "bucket",
	"aws_db_instance":    "identifier",
	"aws_rds_cluster":    "cluster_identifier",
	"aws_iam_role":       "name",
	"aws_dynamodb_table": "name",
}

func buildLive(resources []cloud.Resource, state []tfstate.Resource, g *codeGraph) *liveIndex {
	l := &liveIndex{
		byIdentity: map[typeID]*cloud.Resource{},
		byName:     map[typeID]*cloud.Resource{},
		addrOf:     map[*cloud.Resource]string{},
		ofAddr:     map[string]*cloud.Resource{},
		sgUsers:    map[string][]*cloud.Resource{},
		companions: map[string][]*cloud.Resource{},
	}
	live := slices.Clone(resources)
	for i := range live {
		r := &live[i]
		for _, id := range cloud.Identities(r.Type, r.ID, r.Attrs) {
			k := typeID{r.Type, id}
			if l.byIdentity[k] == nil {
				l.byIdentity[k] = r
			}
		}
		if a := staticNames[r.Type]; a != "" {
			if name, _ := r.Attrs[a].(string); name != "" {
				if k := (typeID{r.Type, name}); l.byName[k] == nil {
					l.byName[k] = r
				}
			}
		}
		for _, a := range sgAttrs {
			for _, id := range stringsOf(r.Attrs[a]) {
				l.sgUsers[id] = append(l.sgUsers[id], r)
			}
		}
		if strings.HasPrefix(r.Type, "aws_s3_bucket_") {
			b, _ := r.Attrs["bucket"].(string)
			if b == "" {
				b, _, _ = strings.Cut(r.ID, ",")
			}
			l.companions[b] = append(l.companions[b], r)
		}
	}
	join := func(addr string, r *cloud.Resource) {
		if r == nil || addr == "" || l.ofAddr[addr] != nil {
			return
		}
		l.ofAddr[addr] = r
		if l.addrOf[r] == "" {
			l.addrOf[r] = addr
		}
	}
	for _, s := range state {
		for _, id := range cloud.Identities(s.Type, s.ID, s.Values) {
			if r := l.byIdentity[typeID{s.Type, id}]; r != nil {
				join(s.Address, r)
				break
			}
		}
	}
	if g != nil {
		for addr, res := range g.byAddr {
			if l.ofAddr[addr] != nil {
				continue
			}
			a := staticNames[res.Type]
			if a == "" && strings.HasPrefix(res.Type, "aws_s3_bucket_") {
				a = "bucket" // a companion's ID is its bucket
			}
			if a == "" {
				continue
			}
			name, st := res.Block.String(a)
			if st != iac.Known || name == "" {
				continue
			}
			r := l.byName[typeID{res.Type, name}]
			if r == nil {
				r = l.byIdentity[typeID{res.Type, name}]
			}
			join(addr, r)
		}
	}
	return l
}

// byRef returns the live resource of type typ known by id.
func (l *liveIndex) byRef(typ, id string) *cloud.Resource {
	if id == "" {
		return nil
	}
	return l.byIdentity[typeID{typ, id}]
}

// liveExposure returns the internet-facing facts about live resource r,
// named name: its public IP or public access, its open ingress when it is
// a security group, the open ingress of the security groups it uses, and,
// for a bucket, what its live ACL, policy and public access block allow.
func (l *liveIndex) liveExposure(r *cloud.Resource, name string) []fact {
	var out []fact
	add := func(about, text, via string) {
		out = append(out, fact{sig: internetFacing, about: about, text: text, via: via, live: true})
	}
	if v, _ := r.Attrs["publicly_accessible"].(bool); v {
		add(name, "is publicly accessible", "")
	}
	if v, _ := r.Attrs["associate_public_ip_address"].(bool); v {
		add(name, "has a public IP (associate_public_ip_address = true)", "")
	} else if ip, _ := r.Attrs["public_ip"].(string); ip != "" {
		add(name, "has a public IP", "")
	}
	if r.Type == "aws_security_group" {
		for _, text := range liveOpenIngress(r) {
			add(name, text, "")
		}
	}
	for _, a := range sgAttrs {
		for _, id := range stringsOf(r.Attrs[a]) {
			sg := l.byRef("aws_security_group", id)
			if sg == nil || sg == r {
				continue
			}
			for _, text := range liveOpenIngress(sg) {
				add(l.name(sg), text, "used by "+name)
			}
		}
	}
	if r.Type == "aws_s3_bucket" {
		for _, text := range l.livePublicBucket(r) {
			add(name, text, "")
		}
	}
	return out
}

// livePublicBucket says what makes a live bucket public. A live bucket
// without a public access block among the live resources is not counted:
// drift may not have read it.
func (l *liveIndex) livePublicBucket(b *cloud.Resource) []string {
	name, _ := b.Attrs["bucket"].(string)
	if name == "" {
		name = b.ID
	}
	on := map[string]bool{}
	var gaps []string
	sources := []*cloud.Resource{b}
	for _, c := range l.companions[name] {
		switch c.Type {
		case "aws_s3_bucket_public_access_block":
			var off []string
			for _, f := range pabFlags {
				v, ok := c.Attrs[f].(bool)
				on[f] = on[f] || (ok && v)
				if ok && !v {
					off = append(off, f)
				}
			}
			if len(off) > 0 {
				gaps = append(gaps, "has a public access block that leaves "+strings.Join(off, ", ")+" off")
			}
		case "aws_s3_bucket_acl", "aws_s3_bucket_policy":
			sources = append(sources, c)
		}
	}
	var out []string
	for _, s := range sources {
		if acl, _ := s.Attrs["acl"].(string); publicACLs[acl] && !on["ignore_public_acls"] {
			out = append(out, "has a public ACL ("+acl+")")
		}
		if liveGrantsPublic(s.Attrs) && !on["ignore_public_acls"] {
			out = append(out, "grants access to all users or all AWS accounts")
		}
		if doc, _ := s.Attrs["policy"].(string); doc != "" && jsonPolicyIsPublic(doc) && !on["restrict_public_buckets"] {
			out = append(out, `has a bucket policy that allows Principal "*"`)
		}
	}
	return dedupeStrings(append(out, gaps...))
}

// liveGrantsPublic looks for a grantee URI of everyone anywhere in v.
func liveGrantsPublic(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "uri" && isPublicGroup(s) {
				return true
			}
			if liveGrantsPublic(x) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if liveGrantsPublic(x) {
				return true
			}
		}
	}
	return false
}

// liveOpenIngress describes the ingress rules of a live security group
// that admit the whole internet.
func liveOpenIngress(sg *cloud.Resource) []string {
	var out []string
	rules, _ := sg.Attrs["ingress"].([]any)
	for _, x := range rules {
		rule, _ := x.(map[string]any)
		for _, a := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
			for _, c := range stringsOf(rule[a]) {
				cidr, ok := worldCIDR(c)
				if !ok {
					continue
				}
				proto, _ := rule["protocol"].(string)
				from, ok1 := rule["from_port"].(float64)
				to, ok2 := rule["to_port"].(float64)
				out = append(out, describeOpen(cidr, proto, from, to, ok1 && ok2))
			}
		}
	}
	return dedupeStrings(out)
}

// name is how reasons name a live resource: its address where it is
// joined to one, else its type and ID.
func (l *liveIndex) name(r *cloud.Resource) string {
	if a := l.addrOf[r]; a != "" {
		return a
	}
	return r.Type + " " + r.ID
}

// stringsOf returns the strings in a JSON-shaped list (or a lone string).
func stringsOf(v any) []string {
	switch v := v.(type) {
	case string:
		if v != "" {
			return []string{v}
		}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return v
	}
	return nil
}
