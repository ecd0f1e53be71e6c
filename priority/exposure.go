package priority

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// Internet exposure as the code shows it: public IPs, open ingress,
// publicly accessible databases and public buckets (bucket.go).

// codeExposure returns the internet-facing facts about r as the code
// writes it: its own public IP, public access or public bucket, its own
// open ingress when it is a security group (or a rule of a group the code
// cannot resolve), and the open ingress of the security groups it uses.
func (g *codeGraph) codeExposure(r *iac.Resource) []fact {
	var out []fact
	add := func(about *iac.Resource, text, via string) {
		out = append(out, fact{sig: internetFacing, about: about.Address(), text: text, via: via})
	}
	if v, st := r.Block.Bool("publicly_accessible"); st == iac.Known && v {
		add(r, "is publicly accessible", "")
	}
	if loadBalancers[r.Type] {
		// internal defaults to false: a load balancer faces the internet
		// unless it says otherwise
		if v, st := r.Block.Bool("internal"); st == iac.Absent || (st == iac.Known && !v) {
			add(r, "is an internet-facing load balancer (internal = false)", "")
		}
	}
	for _, text := range g.publicIP(r) {
		add(r, text, "")
	}
	if r.Type == "aws_s3_bucket" {
		for _, text := range g.publicBucket(r) {
			add(r, text, "")
		}
	}
	switch {
	case r.Type == "aws_security_group":
		for _, text := range g.openIngress(r) {
			add(r, text, "")
		}
	case sgTypes[r.Type] && len(g.parents[r]) == 0:
		// a rule whose group the code does not say
		if p, ok := ingressOf(r); ok {
			if text, open := p.open(); open {
				add(r, text, "")
			}
		}
	}
	for _, sg := range g.sgsOf[r] {
		for _, text := range g.openIngress(sg) {
			add(sg, text, "used by "+r.Address())
		}
	}
	return out
}

// loadBalancers face the internet unless internal = true.
var loadBalancers = map[string]bool{"aws_lb": true, "aws_alb": true, "aws_elb": true}

// publicIP says how r gets a public IP address, if the code says it does.
func (g *codeGraph) publicIP(r *iac.Resource) []string {
	var out []string
	assoc, assocSt := r.Block.Bool("associate_public_ip_address")
	if assocSt == iac.Known && assoc {
		out = append(out, "has a public IP (associate_public_ip_address = true)")
	}
	for _, ni := range r.Block.Nested("network_interfaces") {
		if v, st := ni.Bool("associate_public_ip_address"); st == iac.Known && v {
			out = append(out, "gives its instances a public IP (network_interfaces.associate_public_ip_address = true)")
			break
		}
	}
	if assocSt == iac.Absent {
		// an instance that does not say takes its subnet's default
		for _, sn := range refsOfType(g.m, r, r.Block, "subnet_id", []string{"aws_subnet"}) {
			if v, st := sn.Block.Bool("map_public_ip_on_launch"); st == iac.Known && v {
				out = append(out, "gets a public IP from "+sn.Address()+" (map_public_ip_on_launch = true)")
			}
		}
	}
	for _, c := range g.childrenOfType(r, "aws_eip") {
		out = append(out, "has Elastic IP "+c.Address())
	}
	for _, c := range g.childrenOfType(r, "aws_eip_association") {
		out = append(out, "has an Elastic IP through "+c.Address())
	}
	return out
}

// openIngress describes each ingress permission of security group sg
// (inline, or a rule resource attached to it) that admits the whole
// internet.
func (g *codeGraph) openIngress(sg *iac.Resource) []string {
	var out []string
	seen := map[string]bool{}
	add := func(text string) {
		if !seen[text] {
			seen[text] = true
			out = append(out, text)
		}
	}
	for _, b := range sg.Block.Nested("ingress") {
		p := permission{block: b, proto: "protocol", cidrs: []string{"cidr_blocks", "ipv6_cidr_blocks"}}
		if text, ok := p.open(); ok {
			add(text)
		}
	}
	for _, c := range g.children[sg] {
		if p, ok := ingressOf(c); ok {
			if text, open := p.open(); open {
				add(text + " (" + c.Address() + ")")
			}
		}
	}
	return out
}

// ingressOf is the ingress permission a rule resource writes; ok is false
// for anything else (an egress rule, another type).
func ingressOf(r *iac.Resource) (permission, bool) {
	switch r.Type {
	case "aws_security_group_rule":
		if typ, st := r.Block.String("type"); st == iac.Known && typ == "ingress" {
			return permission{block: r.Block, proto: "protocol", cidrs: []string{"cidr_blocks", "ipv6_cidr_blocks"}}, true
		}
	case "aws_vpc_security_group_ingress_rule":
		return permission{block: r.Block, proto: "ip_protocol", cidrs: []string{"cidr_ipv4", "cidr_ipv6"}}, true
	}
	return permission{}, false
}

// permission is one ingress permission as the code writes it: the block
// holding its attributes and the names of its protocol and CIDR attributes.
type permission struct {
	block *iac.Block
	proto string
	cidrs []string
}

// open describes the permission, "allows 0.0.0.0/0 on tcp port 22", when
// a known CIDR of it admits every address.
func (p permission) open() (string, bool) {
	for _, a := range p.cidrs {
		vals, st := p.block.Strings(a)
		if st != iac.Known {
			continue
		}
		for _, v := range vals {
			if cidr, ok := worldCIDR(v); ok {
				proto, _ := p.block.String(p.proto)
				from, fromSt := p.block.Number("from_port")
				to, toSt := p.block.Number("to_port")
				return describeOpen(cidr, proto, from, to, fromSt == iac.Known && toSt == iac.Known), true
			}
		}
	}
	return "", false
}

// worldCIDR reports whether s is a CIDR that admits every address (a /0),
// returned in its canonical form (0.0.0.0/0, ::/0).
func worldCIDR(s string) (string, bool) {
	pfx, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil || pfx.Bits() != 0 {
		return "", false
	}
	return pfx.Masked().String(), true
}

// describeOpen renders "allows CIDR on …" from a protocol and ports; an
// unknown protocol or port leaves the traffic out.
func describeOpen(cidr, proto string, from, to float64, portsKnown bool) string {
	text := "allows " + cidr
	switch strings.ToLower(strings.TrimSpace(proto)) {
	case "-1", "all":
		return text + " on all traffic"
	case "tcp", "6":
		proto = "tcp"
	case "udp", "17":
		proto = "udp"
	case "icmp", "1":
		return text + " on icmp"
	default:
		if _, err := strconv.Atoi(proto); err != nil {
			return text // a name driftfix does not know, or none
		}
		proto = "protocol " + proto
	}
	if !portsKnown {
		return text + " on " + proto
	}
	if from == to {
		return fmt.Sprintf("%s on %s port %d", text, proto, int(from))
	}
	return fmt.Sprintf("%s on %s ports %d-%d", text, proto, int(from), int(to))
}
