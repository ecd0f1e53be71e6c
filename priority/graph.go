package priority

import (
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// The code side of the context: how the module's resources hang together,
// built once per module (iac.Module.Memo) from the references between
// resources and, for buckets, literal names.

// codeGraph indexes a module's managed resources by address and by how
// they are attached to each other.
type codeGraph struct {
	m        *iac.Module
	byAddr   map[string]*iac.Resource
	byConfig map[string][]*iac.Resource
	// parents are what a resource configures or attaches to (a bucket
	// companion's bucket, a rule's security group, an attachment's instance
	// and volume); children the reverse.
	parents  map[*iac.Resource][]*iac.Resource
	children map[*iac.Resource][]*iac.Resource
	// sgsOf are the security groups a resource uses; users the reverse.
	sgsOf map[*iac.Resource][]*iac.Resource
	users map[*iac.Resource][]*iac.Resource
}

// parentLink says that attribute attr of a resource of type typ (a prefix
// when it ends in "*") names the resource it configures, of one of types.
type parentLink struct {
	typ   string
	attr  string
	types []string
}

// parentLinks are the attachments the context follows. A join such as a
// volume attachment has two parents, which are then attached to each other
// (see joinTypes).
var parentLinks = []parentLink{
	{"aws_s3_bucket_*", "bucket", []string{"aws_s3_bucket"}},
	{"aws_security_group_rule", "security_group_id", []string{"aws_security_group"}},
	{"aws_vpc_security_group_ingress_rule", "security_group_id", []string{"aws_security_group"}},
	{"aws_vpc_security_group_egress_rule", "security_group_id", []string{"aws_security_group"}},
	{"aws_volume_attachment", "instance_id", []string{"aws_instance"}},
	{"aws_volume_attachment", "volume_id", []string{"aws_ebs_volume"}},
	{"aws_eip", "instance", []string{"aws_instance"}},
	{"aws_eip_association", "instance_id", []string{"aws_instance"}},
	{"aws_eip_association", "allocation_id", []string{"aws_eip"}},
	{"aws_rds_cluster_instance", "cluster_identifier", []string{"aws_rds_cluster"}},
	{"aws_dynamodb_table_item", "table_name", []string{"aws_dynamodb_table"}},
	{"aws_ebs_snapshot", "volume_id", []string{"aws_ebs_volume"}},
}

// joinTypes attach their parents to each other: a volume attachment joins
// an instance and a volume.
var joinTypes = map[string]bool{"aws_volume_attachment": true}

// sgAttrs are the attributes through which a resource uses security
// groups, at its top level or in a nested block (a launch template's
// network_interfaces, a Lambda function's vpc_config).
var sgAttrs = []string{"vpc_security_group_ids", "security_groups", "security_group_ids"}

// sgTypes are the resources that make up security groups rather than use
// them: their security_groups attributes name sources of traffic.
var sgTypes = map[string]bool{
	"aws_security_group":                  true,
	"aws_security_group_rule":             true,
	"aws_vpc_security_group_ingress_rule": true,
	"aws_vpc_security_group_egress_rule":  true,
}

func graphOf(m *iac.Module) *codeGraph {
	if m == nil {
		return nil
	}
	return m.Memo("priority:graph", func() any { return buildGraph(m) }).(*codeGraph)
}

func buildGraph(m *iac.Module) *codeGraph {
	g := &codeGraph{
		m:        m,
		byAddr:   map[string]*iac.Resource{},
		byConfig: map[string][]*iac.Resource{},
		parents:  map[*iac.Resource][]*iac.Resource{},
		children: map[*iac.Resource][]*iac.Resource{},
		sgsOf:    map[*iac.Resource][]*iac.Resource{},
		users:    map[*iac.Resource][]*iac.Resource{},
	}
	buckets := map[string][]*iac.Resource{} // by known name
	for _, r := range m.Resources {
		if r.Mode != iac.Managed {
			continue
		}
		g.byAddr[r.Address()] = r
		g.byConfig[r.ConfigAddress()] = append(g.byConfig[r.ConfigAddress()], r)
		if r.Type == "aws_s3_bucket" {
			if name, st := r.Block.String("bucket"); st == iac.Known && name != "" {
				buckets[name] = append(buckets[name], r)
			}
		}
	}
	for _, r := range m.Resources {
		if r.Mode != iac.Managed {
			continue
		}
		for _, l := range parentLinks {
			if !typeMatches(l.typ, r.Type) {
				continue
			}
			targets := refsOfType(m, r, r.Block, l.attr, l.types)
			if l.attr == "bucket" {
				// bucket names are global: a literal name finds its bucket
				// anywhere in the tree
				if name, st := r.Block.String("bucket"); st == iac.Known {
					targets = appendNew(targets, buckets[name]...)
				}
			}
			for _, t := range targets {
				if t != r {
					g.parents[r] = appendNew(g.parents[r], t)
					g.children[t] = appendNew(g.children[t], r)
				}
			}
		}
		if sgTypes[r.Type] {
			continue
		}
		for _, blk := range append([]*iac.Block{r.Block}, r.Block.Blocks...) {
			for _, a := range sgAttrs {
				for _, sg := range refsOfType(m, r, blk, a, []string{"aws_security_group"}) {
					g.sgsOf[r] = appendNew(g.sgsOf[r], sg)
					g.users[sg] = appendNew(g.users[sg], r)
				}
			}
		}
	}
	return g
}

// resource returns the resource at a full address, or the first instance
// of a resource block when addr names the block (or an instance the code
// cannot expand).
func (g *codeGraph) resource(addr string) *iac.Resource {
	if g == nil || addr == "" {
		return nil
	}
	if r := g.byAddr[addr]; r != nil {
		return r
	}
	if rs := g.byConfig[iac.StripInstanceKeys(addr)]; len(rs) > 0 {
		return rs[0]
	}
	return nil
}

// attached are the resources a join attaches r to: the volumes of an
// instance, the instance of a volume.
func (g *codeGraph) attached(r *iac.Resource) []*iac.Resource {
	var out []*iac.Resource
	for _, c := range g.children[r] {
		if !joinTypes[c.Type] {
			continue
		}
		for _, p := range g.parents[c] {
			if p != r {
				out = appendNew(out, p)
			}
		}
	}
	return out
}

// childrenOfType are r's children of one type.
func (g *codeGraph) childrenOfType(r *iac.Resource, typ string) []*iac.Resource {
	var out []*iac.Resource
	for _, c := range g.children[r] {
		if c.Type == typ {
			out = append(out, c)
		}
	}
	return out
}

// refsOfType resolves attribute attr of block blk (r's own block or one of
// its nested blocks) to the managed resources of the given types it refers
// to.
func refsOfType(m *iac.Module, r *iac.Resource, blk *iac.Block, attr string, types []string) []*iac.Resource {
	refs := refsIn(m, r, blk, attr)
	var out []*iac.Resource
	for _, t := range refs {
		if t.Mode != iac.Managed {
			continue
		}
		for _, typ := range types {
			if t.Type == typ {
				out = appendNew(out, t)
			}
		}
	}
	return out
}

// refsIn resolves attribute attr of block blk, a block of resource r: the
// module resolves the attributes of a resource's own block, so a nested
// attribute is resolved on a copy of r whose block holds just it (and r's
// for_each, for each.value).
func refsIn(m *iac.Module, r *iac.Resource, blk *iac.Block, attr string) []*iac.Resource {
	a := blk.Attr(attr)
	if a == nil {
		return nil
	}
	if blk == r.Block {
		return m.Refs(r, attr)
	}
	probe := *r
	probe.Block = &iac.Block{Attrs: map[string]*iac.Attr{attr: a}}
	if fe := r.Block.Attr("for_each"); fe != nil {
		probe.Block.Attrs["for_each"] = fe
	}
	return m.Refs(&probe, attr)
}

func typeMatches(pattern, typ string) bool {
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(typ, p)
	}
	return pattern == typ
}

// appendNew appends the resources of add not yet in rs.
func appendNew(rs []*iac.Resource, add ...*iac.Resource) []*iac.Resource {
	for _, a := range add {
		dup := false
		for _, r := range rs {
			if r == a {
				dup = true
				break
			}
		}
		if !dup {
			rs = append(rs, a)
		}
	}
	return rs
}
