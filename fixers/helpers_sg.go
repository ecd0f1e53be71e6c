package fixers

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// The matching shared by the open-ingress rules (aws-sg-open-ssh,
// aws-sg-open-rdp, aws-sg-open-all-ports). Each rule only says which traffic
// it cares about; this file finds the ingress permissions, decides whether
// they admit the whole internet, and what traffic they let in.

// sgResourceTypes are the three forms an ingress permission takes.
var sgResourceTypes = []string{"aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"}

// sgNoFix is why the open-ingress rules never fix.
const sgNoFix = "removing access from the internet can lock people and services out, and the right source range is a human's choice; narrow the CIDR, or reach the host through a bastion, a VPN or SSM Session Manager"

// sgPermission is one ingress permission as the code writes it: an inline
// ingress block of aws_security_group, an aws_security_group_rule of type
// ingress, or an aws_vpc_security_group_ingress_rule.
type sgPermission struct {
	res   *iac.Resource
	block *iac.Block // the block holding the attributes
	where string     // how a message names it
	proto string     // protocol attribute
	cidrs []string   // CIDR attributes, IPv4 first
}

// sgTraffic is what a permission lets in: every protocol and port, or one
// protocol (tcp, udp, or another name/number) on a port range.
type sgTraffic struct {
	all      bool
	proto    string
	from, to int
}

// ingressPermissions returns every ingress permission in the module.
func ingressPermissions(m *iac.Module) []sgPermission { return permissions(m, "ingress") }

// egressPermissions returns every egress permission in the module, in the
// same forms.
func egressPermissions(m *iac.Module) []sgPermission { return permissions(m, "egress") }

// permissions returns the module's permissions of one direction (ingress
// or egress): the security groups' inline blocks (dynamic ones too), the
// aws_security_group_rule resources of that type, and the VPC rule
// resources of that direction.
func permissions(m *iac.Module, direction string) []sgPermission {
	var out []sgPermission
	for _, r := range resources(m, "aws_security_group") {
		for _, b := range r.Block.Nested(direction) {
			where := direction + " block"
			if b.Dynamic {
				where = "dynamic " + direction + " block"
			}
			out = append(out, sgPermission{res: r, block: b, where: where, proto: "protocol", cidrs: []string{"cidr_blocks", "ipv6_cidr_blocks"}})
		}
	}
	for _, r := range resources(m, "aws_security_group_rule") {
		if typ, st := r.Block.String("type"); st == iac.Known && typ == direction {
			out = append(out, sgPermission{res: r, block: r.Block, where: direction + " rule", proto: "protocol", cidrs: []string{"cidr_blocks", "ipv6_cidr_blocks"}})
		}
	}
	for _, r := range resources(m, "aws_vpc_security_group_"+direction+"_rule") {
		out = append(out, sgPermission{res: r, block: r.Block, where: direction + " rule", proto: "ip_protocol", cidrs: []string{"cidr_ipv4", "cidr_ipv6"}})
	}
	return out
}

// world returns the first CIDR attribute of p that admits every address
// (a /0), with that CIDR; ok is false when no known value does.
func (p sgPermission) world() (attr, cidr string, ok bool) {
	for _, a := range p.cidrs {
		vals, st := p.block.Strings(a)
		if st != iac.Known {
			continue
		}
		for _, v := range vals {
			if pfx, err := netip.ParsePrefix(strings.TrimSpace(v)); err == nil && pfx.Bits() == 0 {
				return a, v, true
			}
		}
	}
	return "", "", false
}

// traffic returns what p lets in; ok is false when the protocol or a port
// that matters is not known.
func (p sgPermission) traffic() (t sgTraffic, ok bool) {
	proto, st := p.block.String(p.proto)
	if st != iac.Known {
		return t, false
	}
	switch strings.ToLower(strings.TrimSpace(proto)) {
	case "-1", "all":
		// Every protocol; AWS ignores the ports.
		return sgTraffic{all: true}, true
	case "tcp", "6":
		t.proto = "tcp"
	case "udp", "17":
		t.proto = "udp"
	default:
		t.proto = strings.ToLower(proto)
	}
	from, st1 := p.block.Number("from_port")
	to, st2 := p.block.Number("to_port")
	if st1 != iac.Known || st2 != iac.Known {
		return t, false
	}
	t.from, t.to = int(from), int(to)
	return t, true
}

// reaches reports whether t admits protocol proto ("tcp", "udp") on port.
func (t sgTraffic) reaches(proto string, port int) bool {
	if t.all {
		return true
	}
	return t.proto == proto && t.from <= port && port <= t.to
}

// allPorts reports whether t admits every port: every protocol, or a
// TCP/UDP range from 0 (or 1) to 65535.
func (t sgTraffic) allPorts() bool {
	if t.all {
		return true
	}
	return (t.proto == "tcp" || t.proto == "udp") && t.from <= 1 && t.to >= 65535
}

func (t sgTraffic) String() string {
	switch {
	case t.all:
		return "all traffic"
	case t.from == t.to:
		return fmt.Sprintf("%s port %d", t.proto, t.from)
	default:
		return fmt.Sprintf("%s ports %d-%d", t.proto, t.from, t.to)
	}
}

// checkOpenIngress reports, for rule m, each ingress permission that admits
// the whole internet and whose traffic match accepts. A finding points at
// the CIDR attribute and carries no fix (m.NoFix says why).
func checkOpenIngress(in *Input, m Meta, match func(sgTraffic) bool) []Finding {
	var out []Finding
	for _, p := range ingressPermissions(in.Module) {
		attr, cidr, ok := p.world()
		if !ok {
			continue
		}
		t, ok := p.traffic()
		if !ok || !match(t) {
			continue
		}
		out = append(out, m.New(p.res, rangeOf(p.block, attr), fmt.Sprintf("%s allows %s from %s", p.where, t, cidr), nil, ""))
	}
	return out
}
