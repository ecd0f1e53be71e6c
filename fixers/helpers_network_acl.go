package fixers

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// naclNoFix is why the network ACL rules never fix.
const naclNoFix = "a network ACL applies to every instance in its subnets; which ranges need the port is the network owners' call, and a wrong deny cuts a whole subnet off; narrow cidr_block, or deny the port above this rule, by hand"

// naclRule is one ingress allow rule of a network ACL: an ingress block of
// aws_network_acl or an aws_network_acl_rule with egress false.
type naclRule struct {
	res   *iac.Resource
	block *iac.Block
	where string
}

func naclIngressAllows(m *iac.Module) []naclRule {
	var out []naclRule
	for _, r := range resources(m, "aws_network_acl") {
		for _, b := range r.Block.Nested("ingress") {
			if a, st := b.String("action"); !b.Dynamic && st == iac.Known && strings.EqualFold(a, "allow") {
				out = append(out, naclRule{res: r, block: b, where: "ingress block"})
			}
		}
	}
	for _, r := range resources(m, "aws_network_acl_rule") {
		eg, est := r.Block.Bool("egress")
		a, ast := r.Block.String("rule_action")
		if est != iac.Unknown && !eg && ast == iac.Known && strings.EqualFold(a, "allow") {
			out = append(out, naclRule{res: r, block: r.Block, where: "ingress rule"})
		}
	}
	return out
}

// world returns the CIDR attribute of the rule that admits every address.
func (n naclRule) world() (attr, cidr string, ok bool) {
	for _, a := range []string{"cidr_block", "ipv6_cidr_block"} {
		if v, st := n.block.String(a); st == iac.Known {
			if p, err := netip.ParsePrefix(strings.TrimSpace(v)); err == nil && p.Bits() == 0 {
				return a, v, true
			}
		}
	}
	return "", "", false
}

// traffic returns what the rule admits, as for security groups.
func (n naclRule) traffic() (sgTraffic, bool) {
	proto, st := n.block.String("protocol")
	if st != iac.Known {
		return sgTraffic{}, false
	}
	switch strings.ToLower(strings.TrimSpace(proto)) {
	case "-1", "all":
		return sgTraffic{all: true}, true
	case "tcp", "6":
		proto = "tcp"
	case "udp", "17":
		proto = "udp"
	}
	from, st1 := n.block.Number("from_port")
	to, st2 := n.block.Number("to_port")
	if st1 != iac.Known || st2 != iac.Known {
		return sgTraffic{}, false
	}
	return sgTraffic{proto: proto, from: int(from), to: int(to)}, true
}

// checkNACLIngress reports each ingress allow rule open to the whole
// internet whose traffic match accepts.
func checkNACLIngress(in *Input, m Meta, match func(sgTraffic) bool) []Finding {
	var out []Finding
	for _, n := range naclIngressAllows(in.Module) {
		attr, cidr, ok := n.world()
		if !ok {
			continue
		}
		t, ok := n.traffic()
		if !ok || !match(t) {
			continue
		}
		out = append(out, m.New(n.res, rangeOf(n.block, attr), fmt.Sprintf("%s allows %s from %s", n.where, t, cidr), nil, ""))
	}
	return out
}
