package awslocal

import (
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// EC2: the EC2 Query protocol (form-encoded POST, <ActionResponse> XML with
// <item> lists).

type ipRange struct{ value, description string }

type groupPair struct{ userID, groupID, description string }

type ipPermission struct {
	protocol string
	fromPort *int // nil for protocol -1
	toPort   *int
	ranges   []ipRange
	ipv6     []ipRange
	prefixes []ipRange
	groups   []groupPair
}

func (p *ipPermission) sameKey(q *ipPermission) bool {
	return p.protocol == q.protocol && eqIntPtr(p.fromPort, q.fromPort) && eqIntPtr(p.toPort, q.toPort)
}

func (p *ipPermission) empty() bool {
	return len(p.ranges)+len(p.ipv6)+len(p.prefixes)+len(p.groups) == 0
}

func eqIntPtr(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

type securityGroup struct {
	id, name, description, vpcID, region string
	ingress, egress                      []*ipPermission
	tags                                 map[string]string
}

type instance struct {
	id, ami, instanceType, az, subnetID, vpcID, state, region string
	groups                                                    []string
	metadata                                                  MetadataOptions
	rootDevice, rootVolume                                    string
	launched                                                  time.Time
	tags                                                      map[string]string
}

type volume struct {
	id, az, volumeType, kmsKeyID, region string
	size, iops, throughput               int
	encrypted                            bool
	created                              time.Time
	attachment                           *VolumeAttachment
	attached                             time.Time
	tags                                 map[string]string
}

// normalizeProtocol maps a rule protocol to the form EC2 returns.
func normalizeProtocol(p string) string {
	switch strings.ToLower(p) {
	case "-1", "all":
		return "-1"
	case "6", "tcp":
		return "tcp"
	case "17", "udp":
		return "udp"
	case "1", "icmp":
		return "icmp"
	case "58", "icmpv6":
		return "icmpv6"
	}
	return strings.ToLower(p)
}

// addPermission merges p into perms the way EC2 groups rules: by protocol
// and port range. It returns the first source that was already there.
func addPermission(perms []*ipPermission, p *ipPermission) ([]*ipPermission, string) {
	var into *ipPermission
	for _, q := range perms {
		if q.sameKey(p) {
			into = q
			break
		}
	}
	if into == nil {
		into = &ipPermission{protocol: p.protocol, fromPort: p.fromPort, toPort: p.toPort}
		perms = append(perms, into)
	}
	for _, r := range p.ranges {
		if slices.ContainsFunc(into.ranges, func(x ipRange) bool { return x.value == r.value }) {
			return perms, r.value
		}
		into.ranges = append(into.ranges, r)
	}
	for _, r := range p.ipv6 {
		if slices.ContainsFunc(into.ipv6, func(x ipRange) bool { return x.value == r.value }) {
			return perms, r.value
		}
		into.ipv6 = append(into.ipv6, r)
	}
	for _, r := range p.prefixes {
		if slices.ContainsFunc(into.prefixes, func(x ipRange) bool { return x.value == r.value }) {
			return perms, r.value
		}
		into.prefixes = append(into.prefixes, r)
	}
	for _, g := range p.groups {
		if slices.ContainsFunc(into.groups, func(x groupPair) bool { return x.groupID == g.groupID }) {
			return perms, g.groupID
		}
		into.groups = append(into.groups, g)
	}
	return perms, ""
}

// removePermission removes p's sources from perms and returns what it did
// not find.
func removePermission(perms []*ipPermission, p *ipPermission) ([]*ipPermission, *ipPermission) {
	unknown := &ipPermission{protocol: p.protocol, fromPort: p.fromPort, toPort: p.toPort}
	var from *ipPermission
	for _, q := range perms {
		if q.sameKey(p) {
			from = q
		}
	}
	if from == nil {
		return perms, p
	}
	for _, r := range p.ranges {
		i := slices.IndexFunc(from.ranges, func(x ipRange) bool { return x.value == r.value })
		if i < 0 {
			unknown.ranges = append(unknown.ranges, r)
			continue
		}
		from.ranges = slices.Delete(from.ranges, i, i+1)
	}
	for _, r := range p.ipv6 {
		i := slices.IndexFunc(from.ipv6, func(x ipRange) bool { return x.value == r.value })
		if i < 0 {
			unknown.ipv6 = append(unknown.ipv6, r)
			continue
		}
		from.ipv6 = slices.Delete(from.ipv6, i, i+1)
	}
	for _, r := range p.prefixes {
		i := slices.IndexFunc(from.prefixes, func(x ipRange) bool { return x.value == r.value })
		if i < 0 {
			unknown.prefixes = append(unknown.prefixes, r)
			continue
		}
		from.prefixes = slices.Delete(from.prefixes, i, i+1)
	}
	for _, g := range p.groups {
		i := slices.IndexFunc(from.groups, func(x groupPair) bool { return x.groupID == g.groupID })
		if i < 0 {
			unknown.groups = append(unknown.groups, g)
			continue
		}
		from.groups = slices.Delete(from.groups, i, i+1)
	}
	perms = slices.DeleteFunc(perms, (*ipPermission).empty)
	if unknown.empty() {
		return perms, nil
	}
	return perms, unknown
}

// seedPermission turns a provider-style rule into an EC2 permission.
func seedPermission(groupID string, r SecurityRule) *ipPermission {
	p := &ipPermission{protocol: normalizeProtocol(r.Protocol)}
	if p.protocol != "-1" {
		from, to := r.FromPort, r.ToPort
		p.fromPort, p.toPort = &from, &to
	}
	for _, c := range r.CIDRBlocks {
		p.ranges = append(p.ranges, ipRange{c, r.Description})
	}
	for _, c := range r.IPv6CIDRBlocks {
		p.ipv6 = append(p.ipv6, ipRange{c, r.Description})
	}
	for _, c := range r.PrefixListIDs {
		p.prefixes = append(p.prefixes, ipRange{c, r.Description})
	}
	for _, g := range r.SecurityGroups {
		pair := groupPair{groupID: g, description: r.Description}
		if owner, id, ok := strings.Cut(g, "/"); ok {
			pair.userID, pair.groupID = owner, id
		}
		p.groups = append(p.groups, pair)
	}
	if r.Self {
		p.groups = append(p.groups, groupPair{groupID: groupID, description: r.Description})
	}
	return p
}

func (s *Server) loadEC2(seed *Seed) {
	for _, g := range seed.SecurityGroups {
		sg := &securityGroup{
			id:          cmp.Or(g.ID, fmt.Sprintf("sg-%017x", s.nextID())),
			name:        g.Name,
			description: cmp.Or(g.Description, "Managed by Terraform"),
			vpcID:       g.VPCID,
			region:      s.regionOr(g.Region),
			tags:        copyTags(g.Tags),
		}
		for _, r := range g.Ingress {
			sg.ingress, _ = addPermission(sg.ingress, seedPermission(sg.id, r))
		}
		egress := g.Egress
		if egress == nil {
			egress = []SecurityRule{{Protocol: "-1", CIDRBlocks: []string{"0.0.0.0/0"}}}
		}
		for _, r := range egress {
			sg.egress, _ = addPermission(sg.egress, seedPermission(sg.id, r))
		}
		s.groups[sg.id] = sg
	}
	for _, in := range seed.Instances {
		i := &instance{
			id:           cmp.Or(in.ID, fmt.Sprintf("i-%017x", s.nextID())),
			ami:          in.AMI,
			instanceType: in.InstanceType,
			subnetID:     in.SubnetID,
			state:        cmp.Or(in.InstanceState, "running"),
			region:       s.regionOr(in.Region),
			groups:       slices.Clone(in.VPCSecurityGroupIDs),
			launched:     time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
			tags:         copyTags(in.Tags),
			metadata:     MetadataOptions{HTTPTokens: "optional", HTTPEndpoint: "enabled", HTTPPutResponseHopLimit: 1, InstanceMetadataTags: "disabled"},
		}
		i.az = cmp.Or(in.AvailabilityZone, i.region+"a")
		if len(i.groups) > 0 {
			if g := s.groups[i.groups[0]]; g != nil {
				i.vpcID = g.vpcID
			}
		}
		if m := in.MetadataOptions; m != nil {
			i.metadata.HTTPTokens = cmp.Or(m.HTTPTokens, i.metadata.HTTPTokens)
			i.metadata.HTTPEndpoint = cmp.Or(m.HTTPEndpoint, i.metadata.HTTPEndpoint)
			i.metadata.InstanceMetadataTags = cmp.Or(m.InstanceMetadataTags, i.metadata.InstanceMetadataTags)
			if m.HTTPPutResponseHopLimit > 0 {
				i.metadata.HTTPPutResponseHopLimit = m.HTTPPutResponseHopLimit
			}
		}
		root := RootBlockDevice{}
		if in.RootBlockDevice != nil {
			root = *in.RootBlockDevice
		}
		i.rootDevice = cmp.Or(root.DeviceName, "/dev/xvda")
		v := &volume{
			id:         cmp.Or(root.VolumeID, fmt.Sprintf("vol-%017x", s.nextID())),
			az:         i.az,
			volumeType: cmp.Or(root.VolumeType, "gp3"),
			kmsKeyID:   root.KMSKeyID,
			region:     i.region,
			size:       root.VolumeSize,
			encrypted:  root.Encrypted,
			created:    i.launched,
			attached:   i.launched,
			attachment: &VolumeAttachment{InstanceID: i.id, DeviceName: i.rootDevice, DeleteOnTermination: true},
			tags:       map[string]string{},
		}
		if v.size == 0 {
			v.size = 8
		}
		i.rootVolume = v.id
		s.instances[i.id] = i
		s.volumes[v.id] = v
	}
	for _, in := range seed.EBSVolumes {
		v := &volume{
			id:         cmp.Or(in.ID, fmt.Sprintf("vol-%017x", s.nextID())),
			az:         in.AvailabilityZone,
			volumeType: cmp.Or(in.Type, "gp3"),
			kmsKeyID:   in.KMSKeyID,
			region:     s.regionOr(in.Region),
			size:       in.Size,
			iops:       in.IOPS,
			throughput: in.Throughput,
			encrypted:  in.Encrypted,
			created:    time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
			tags:       copyTags(in.Tags),
		}
		if v.az == "" {
			v.az = v.region + "a"
		}
		if in.Attachment != nil {
			a := *in.Attachment
			v.attachment = &a
			v.attached = v.created
		}
		s.volumes[v.id] = v
	}
}

// --- wire types ---

type ec2Tag struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

func ec2Tags(m map[string]string) []ec2Tag {
	var out []ec2Tag
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, ec2Tag{k, m[k]})
	}
	return out
}

type ec2IPRange struct {
	CidrIP      string `xml:"cidrIp"`
	Description string `xml:"description,omitempty"`
}

type ec2IPv6Range struct {
	CidrIPv6    string `xml:"cidrIpv6"`
	Description string `xml:"description,omitempty"`
}

type ec2PrefixList struct {
	PrefixListID string `xml:"prefixListId"`
	Description  string `xml:"description,omitempty"`
}

type ec2GroupPair struct {
	UserID      string `xml:"userId"`
	GroupID     string `xml:"groupId"`
	Description string `xml:"description,omitempty"`
}

type ec2Permission struct {
	IPProtocol    string          `xml:"ipProtocol"`
	FromPort      *int            `xml:"fromPort,omitempty"`
	ToPort        *int            `xml:"toPort,omitempty"`
	Groups        []ec2GroupPair  `xml:"groups>item"`
	IPRanges      []ec2IPRange    `xml:"ipRanges>item"`
	IPv6Ranges    []ec2IPv6Range  `xml:"ipv6Ranges>item"`
	PrefixListIDs []ec2PrefixList `xml:"prefixListIds>item"`
}

func (s *Server) ec2Permissions(perms []*ipPermission) []ec2Permission {
	var out []ec2Permission
	for _, p := range perms {
		x := ec2Permission{IPProtocol: p.protocol, FromPort: p.fromPort, ToPort: p.toPort}
		for _, g := range p.groups {
			x.Groups = append(x.Groups, ec2GroupPair{cmp.Or(g.userID, s.account), g.groupID, g.description})
		}
		for _, r := range p.ranges {
			x.IPRanges = append(x.IPRanges, ec2IPRange{r.value, r.description})
		}
		for _, r := range p.ipv6 {
			x.IPv6Ranges = append(x.IPv6Ranges, ec2IPv6Range{r.value, r.description})
		}
		for _, r := range p.prefixes {
			x.PrefixListIDs = append(x.PrefixListIDs, ec2PrefixList{r.value, r.description})
		}
		out = append(out, x)
	}
	return out
}

type ec2SecurityGroup struct {
	OwnerID             string          `xml:"ownerId"`
	GroupID             string          `xml:"groupId"`
	GroupName           string          `xml:"groupName"`
	GroupDescription    string          `xml:"groupDescription"`
	VpcID               string          `xml:"vpcId,omitempty"`
	SecurityGroupArn    string          `xml:"securityGroupArn"`
	IPPermissions       []ec2Permission `xml:"ipPermissions>item"`
	IPPermissionsEgress []ec2Permission `xml:"ipPermissionsEgress>item"`
	TagSet              []ec2Tag        `xml:"tagSet>item"`
}

type ec2Instance struct {
	InstanceID    string `xml:"instanceId"`
	ImageID       string `xml:"imageId"`
	InstanceState struct {
		Code int    `xml:"code"`
		Name string `xml:"name"`
	} `xml:"instanceState"`
	InstanceType string `xml:"instanceType"`
	LaunchTime   string `xml:"launchTime"`
	Placement    struct {
		AvailabilityZone string `xml:"availabilityZone"`
		Tenancy          string `xml:"tenancy"`
	} `xml:"placement"`
	SubnetID           string `xml:"subnetId,omitempty"`
	VpcID              string `xml:"vpcId,omitempty"`
	Architecture       string `xml:"architecture"`
	RootDeviceType     string `xml:"rootDeviceType"`
	RootDeviceName     string `xml:"rootDeviceName"`
	BlockDeviceMapping []struct {
		DeviceName string `xml:"deviceName"`
		Ebs        struct {
			VolumeID            string `xml:"volumeId"`
			Status              string `xml:"status"`
			AttachTime          string `xml:"attachTime"`
			DeleteOnTermination bool   `xml:"deleteOnTermination"`
		} `xml:"ebs"`
	} `xml:"blockDeviceMapping>item"`
	GroupSet []struct {
		GroupID   string `xml:"groupId"`
		GroupName string `xml:"groupName"`
	} `xml:"groupSet>item"`
	TagSet          []ec2Tag           `xml:"tagSet>item"`
	MetadataOptions ec2MetadataOptions `xml:"metadataOptions"`
}

type ec2MetadataOptions struct {
	State                   string `xml:"state"`
	HTTPTokens              string `xml:"httpTokens"`
	HTTPPutResponseHopLimit int    `xml:"httpPutResponseHopLimit"`
	HTTPEndpoint            string `xml:"httpEndpoint"`
	HTTPProtocolIPv6        string `xml:"httpProtocolIpv6"`
	InstanceMetadataTags    string `xml:"instanceMetadataTags"`
}

var instanceStateCodes = map[string]int{"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}

type ec2Volume struct {
	VolumeID         string `xml:"volumeId"`
	Size             int    `xml:"size"`
	SnapshotID       string `xml:"snapshotId"`
	AvailabilityZone string `xml:"availabilityZone"`
	Status           string `xml:"status"`
	CreateTime       string `xml:"createTime"`
	AttachmentSet    []struct {
		VolumeID            string `xml:"volumeId"`
		InstanceID          string `xml:"instanceId"`
		Device              string `xml:"device"`
		Status              string `xml:"status"`
		AttachTime          string `xml:"attachTime"`
		DeleteOnTermination bool   `xml:"deleteOnTermination"`
	} `xml:"attachmentSet>item"`
	VolumeType         string   `xml:"volumeType"`
	Iops               int      `xml:"iops,omitempty"`
	Throughput         int      `xml:"throughput,omitempty"`
	Encrypted          bool     `xml:"encrypted"`
	KmsKeyID           string   `xml:"kmsKeyId,omitempty"`
	MultiAttachEnabled bool     `xml:"multiAttachEnabled"`
	TagSet             []ec2Tag `xml:"tagSet>item"`
}

// --- filters ---

// ec2Filters reads Filter.N.Name / Filter.N.Value.M.
func ec2Filters(form url.Values) map[string][]string {
	out := map[string][]string{}
	for i := 1; ; i++ {
		name, ok := form["Filter."+strconv.Itoa(i)+".Name"]
		if !ok {
			return out
		}
		out[name[0]] = append(out[name[0]], members(form, "Filter."+strconv.Itoa(i)+".Value")...)
	}
}

// matchFilters applies EC2 filters; attr returns the values a resource has
// for a filter name, and false for a filter it does not support.
func matchFilters(filters map[string][]string, tags map[string]string, attr func(name string) ([]string, bool)) (bool, *apiError) {
	for name, want := range filters {
		var have []string
		switch {
		case strings.HasPrefix(name, "tag:"):
			if v, ok := tags[strings.TrimPrefix(name, "tag:")]; ok {
				have = []string{v}
			}
		case name == "tag-key":
			have = slices.Sorted(maps.Keys(tags))
		default:
			var ok bool
			have, ok = attr(name)
			if !ok {
				return false, errorf(http.StatusBadRequest, "InvalidParameterValue", "The filter '%s' is invalid", name)
			}
		}
		if !anyMatch(want, have) {
			return false, nil
		}
	}
	return true, nil
}

func anyMatch(patterns, values []string) bool {
	for _, p := range patterns {
		for _, v := range values {
			if p == v {
				return true
			}
			if strings.ContainsAny(p, "*?") {
				if ok, _ := path.Match(p, v); ok {
					return true
				}
			}
		}
	}
	return false
}

func boolString(b bool) string { return strconv.FormatBool(b) }

// ec2MaxResults reads MaxResults (0 = absent: everything), clamping to hi
// as EC2 does, and rejecting values below 5.
func ec2MaxResults(form url.Values, hi int) (int, *apiError) {
	raw := form.Get("MaxResults")
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 5 {
		return 0, errorf(http.StatusBadRequest, "InvalidParameterValue", "Value ( %s ) for parameter maxResults is invalid. Expecting a value greater than 5.", raw)
	}
	return min(n, hi), nil
}

// --- operations ---

func (s *Server) serveEC2(c *call) error {
	switch c.action {
	case "DescribeSecurityGroups":
		return s.ec2DescribeSecurityGroups(c)
	case "DescribeInstances":
		return s.ec2DescribeInstances(c)
	case "DescribeVolumes":
		return s.ec2DescribeVolumes(c)
	case "AuthorizeSecurityGroupIngress":
		return s.ec2ChangeIngress(c, true)
	case "RevokeSecurityGroupIngress":
		return s.ec2ChangeIngress(c, false)
	case "CreateTags":
		return s.ec2CreateTags(c)
	case "ModifyInstanceMetadataOptions":
		return s.ec2ModifyInstanceMetadataOptions(c)
	}
	return errorf(http.StatusBadRequest, "InvalidAction", "The action %s is not valid for this web service.", c.action)
}

func (s *Server) ec2DescribeSecurityGroups(c *call) error {
	size, aerr := ec2MaxResults(c.form, 1000)
	if aerr != nil {
		return aerr
	}
	ids, names := members(c.form, "GroupId"), members(c.form, "GroupName")
	filters := ec2Filters(c.form)

	s.mu.Lock()
	var list []ec2SecurityGroup
	for _, id := range ids {
		if g := s.groups[id]; g == nil || g.region != c.region {
			s.mu.Unlock()
			return errorf(http.StatusBadRequest, "InvalidGroup.NotFound", "The security group '%s' does not exist", id)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(s.groups)) {
		g := s.groups[id]
		if g.region != c.region || (len(ids) > 0 && !slices.Contains(ids, id)) || (len(names) > 0 && !slices.Contains(names, g.name)) {
			continue
		}
		ok, aerr := matchFilters(filters, g.tags, func(name string) ([]string, bool) {
			switch name {
			case "group-id":
				return []string{g.id}, true
			case "group-name":
				return []string{g.name}, true
			case "vpc-id":
				return []string{g.vpcID}, true
			case "description":
				return []string{g.description}, true
			case "owner-id":
				return []string{s.account}, true
			}
			return nil, false
		})
		if aerr != nil {
			s.mu.Unlock()
			return aerr
		}
		if !ok {
			continue
		}
		list = append(list, ec2SecurityGroup{
			OwnerID:             s.account,
			GroupID:             g.id,
			GroupName:           g.name,
			GroupDescription:    g.description,
			VpcID:               g.vpcID,
			SecurityGroupArn:    fmt.Sprintf("arn:aws:ec2:%s:%s:security-group/%s", g.region, s.account, g.id),
			IPPermissions:       s.ec2Permissions(g.ingress),
			IPPermissionsEgress: s.ec2Permissions(g.egress),
			TagSet:              ec2Tags(g.tags),
		})
	}
	s.mu.Unlock()

	page, next, aerr := ec2Page(c, list, size)
	if aerr != nil {
		return aerr
	}
	return s.writeEC2(c, struct {
		SecurityGroupInfo []ec2SecurityGroup `xml:"securityGroupInfo>item"`
		NextToken         string             `xml:"nextToken,omitempty"`
	}{page, next})
}

func (s *Server) ec2DescribeInstances(c *call) error {
	size, aerr := ec2MaxResults(c.form, 1000)
	if aerr != nil {
		return aerr
	}
	ids := members(c.form, "InstanceId")
	if len(ids) > 0 && size > 0 {
		return errorf(http.StatusBadRequest, "InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults")
	}
	filters := ec2Filters(c.form)

	s.mu.Lock()
	for _, id := range ids {
		if !strings.HasPrefix(id, "i-") {
			s.mu.Unlock()
			return errorf(http.StatusBadRequest, "InvalidInstanceID.Malformed", "Invalid id: \"%s\"", id)
		}
		if i := s.instances[id]; i == nil || i.region != c.region {
			s.mu.Unlock()
			return errorf(http.StatusBadRequest, "InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", id)
		}
	}
	type reservation struct {
		ReservationID string        `xml:"reservationId"`
		OwnerID       string        `xml:"ownerId"`
		Instances     []ec2Instance `xml:"instancesSet>item"`
	}
	attached := map[string][]*volume{}
	for _, vid := range slices.Sorted(maps.Keys(s.volumes)) {
		if v := s.volumes[vid]; v.attachment != nil {
			attached[v.attachment.InstanceID] = append(attached[v.attachment.InstanceID], v)
		}
	}
	var list []reservation
	for _, id := range slices.Sorted(maps.Keys(s.instances)) {
		i := s.instances[id]
		if i.region != c.region || (len(ids) > 0 && !slices.Contains(ids, id)) {
			continue
		}
		ok, aerr := matchFilters(filters, i.tags, func(name string) ([]string, bool) {
			switch name {
			case "instance-id":
				return []string{i.id}, true
			case "instance-state-name":
				return []string{i.state}, true
			case "instance-type":
				return []string{i.instanceType}, true
			case "image-id":
				return []string{i.ami}, true
			case "vpc-id":
				return []string{i.vpcID}, true
			case "subnet-id":
				return []string{i.subnetID}, true
			case "availability-zone":
				return []string{i.az}, true
			case "instance.group-id":
				return i.groups, true
			case "metadata-options.http-tokens":
				return []string{i.metadata.HTTPTokens}, true
			}
			return nil, false
		})
		if aerr != nil {
			s.mu.Unlock()
			return aerr
		}
		if !ok {
			continue
		}
		x := ec2Instance{
			InstanceID:     i.id,
			ImageID:        i.ami,
			InstanceType:   i.instanceType,
			LaunchTime:     i.launched.Format(isoTime),
			SubnetID:       i.subnetID,
			VpcID:          i.vpcID,
			Architecture:   "x86_64",
			RootDeviceType: "ebs",
			RootDeviceName: i.rootDevice,
			TagSet:         ec2Tags(i.tags),
			MetadataOptions: ec2MetadataOptions{
				State:                   "applied",
				HTTPTokens:              i.metadata.HTTPTokens,
				HTTPPutResponseHopLimit: i.metadata.HTTPPutResponseHopLimit,
				HTTPEndpoint:            i.metadata.HTTPEndpoint,
				HTTPProtocolIPv6:        "disabled",
				InstanceMetadataTags:    i.metadata.InstanceMetadataTags,
			},
		}
		x.InstanceState.Code, x.InstanceState.Name = instanceStateCodes[i.state], i.state
		x.Placement.AvailabilityZone, x.Placement.Tenancy = i.az, "default"
		if i.state != "terminated" {
			for _, v := range attached[i.id] {
				m := struct {
					DeviceName string `xml:"deviceName"`
					Ebs        struct {
						VolumeID            string `xml:"volumeId"`
						Status              string `xml:"status"`
						AttachTime          string `xml:"attachTime"`
						DeleteOnTermination bool   `xml:"deleteOnTermination"`
					} `xml:"ebs"`
				}{DeviceName: v.attachment.DeviceName}
				m.Ebs.VolumeID, m.Ebs.Status, m.Ebs.AttachTime, m.Ebs.DeleteOnTermination = v.id, "attached", v.attached.Format(isoTime), v.attachment.DeleteOnTermination
				x.BlockDeviceMapping = append(x.BlockDeviceMapping, m)
			}
		}
		for _, gid := range i.groups {
			name := ""
			if g := s.groups[gid]; g != nil {
				name = g.name
			}
			x.GroupSet = append(x.GroupSet, struct {
				GroupID   string `xml:"groupId"`
				GroupName string `xml:"groupName"`
			}{gid, name})
		}
		list = append(list, reservation{ReservationID: "r-" + strings.TrimPrefix(i.id, "i-"), OwnerID: s.account, Instances: []ec2Instance{x}})
	}
	s.mu.Unlock()

	page, next, aerr := ec2Page(c, list, size)
	if aerr != nil {
		return aerr
	}
	return s.writeEC2(c, struct {
		ReservationSet []reservation `xml:"reservationSet>item"`
		NextToken      string        `xml:"nextToken,omitempty"`
	}{page, next})
}

func (s *Server) ec2DescribeVolumes(c *call) error {
	size, aerr := ec2MaxResults(c.form, 500)
	if aerr != nil {
		return aerr
	}
	ids := members(c.form, "VolumeId")
	if len(ids) > 0 && size > 0 {
		return errorf(http.StatusBadRequest, "InvalidParameterCombination", "The parameter volumeSet cannot be used with the parameter maxResults")
	}
	filters := ec2Filters(c.form)

	s.mu.Lock()
	for _, id := range ids {
		if v := s.volumes[id]; v == nil || v.region != c.region {
			s.mu.Unlock()
			return errorf(http.StatusBadRequest, "InvalidVolume.NotFound", "The volume '%s' does not exist.", id)
		}
	}
	var list []ec2Volume
	for _, id := range slices.Sorted(maps.Keys(s.volumes)) {
		v := s.volumes[id]
		if v.region != c.region || (len(ids) > 0 && !slices.Contains(ids, id)) {
			continue
		}
		status := "available"
		if v.attachment != nil {
			status = "in-use"
		}
		ok, aerr := matchFilters(filters, v.tags, func(name string) ([]string, bool) {
			switch name {
			case "volume-id":
				return []string{v.id}, true
			case "availability-zone":
				return []string{v.az}, true
			case "volume-type":
				return []string{v.volumeType}, true
			case "encrypted":
				return []string{boolString(v.encrypted)}, true
			case "status":
				return []string{status}, true
			case "attachment.instance-id":
				if v.attachment == nil {
					return nil, true
				}
				return []string{v.attachment.InstanceID}, true
			case "attachment.delete-on-termination":
				if v.attachment == nil {
					return nil, true
				}
				return []string{boolString(v.attachment.DeleteOnTermination)}, true
			}
			return nil, false
		})
		if aerr != nil {
			s.mu.Unlock()
			return aerr
		}
		if !ok {
			continue
		}
		x := ec2Volume{
			VolumeID:         v.id,
			Size:             v.size,
			AvailabilityZone: v.az,
			Status:           status,
			CreateTime:       v.created.Format(isoTime),
			VolumeType:       v.volumeType,
			Iops:             v.iops,
			Throughput:       v.throughput,
			Encrypted:        v.encrypted,
			KmsKeyID:         v.kmsKeyID,
			TagSet:           ec2Tags(v.tags),
		}
		if a := v.attachment; a != nil {
			x.AttachmentSet = append(x.AttachmentSet, struct {
				VolumeID            string `xml:"volumeId"`
				InstanceID          string `xml:"instanceId"`
				Device              string `xml:"device"`
				Status              string `xml:"status"`
				AttachTime          string `xml:"attachTime"`
				DeleteOnTermination bool   `xml:"deleteOnTermination"`
			}{v.id, a.InstanceID, a.DeviceName, "attached", v.attached.Format(isoTime), a.DeleteOnTermination})
		}
		list = append(list, x)
	}
	s.mu.Unlock()

	page, next, aerr := ec2Page(c, list, size)
	if aerr != nil {
		return aerr
	}
	return s.writeEC2(c, struct {
		VolumeSet []ec2Volume `xml:"volumeSet>item"`
		NextToken string      `xml:"nextToken,omitempty"`
	}{page, next})
}

// formPermissions reads IpPermissions.N.… (and the legacy flat CidrIp /
// FromPort / ToPort / IpProtocol form).
func formPermissions(form url.Values) ([]*ipPermission, *apiError) {
	var out []*ipPermission
	port := func(raw string) (*int, *apiError) {
		if raw == "" {
			return nil, nil
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			return nil, errorf(http.StatusBadRequest, "InvalidParameterValue", "Invalid value '%s' for port", raw)
		}
		return &n, nil
	}
	for i := 1; ; i++ {
		pre := "IpPermissions." + strconv.Itoa(i) + "."
		proto, ok := form[pre+"IpProtocol"]
		if !ok {
			break
		}
		p := &ipPermission{protocol: normalizeProtocol(proto[0])}
		var aerr *apiError
		if p.fromPort, aerr = port(form.Get(pre + "FromPort")); aerr != nil {
			return nil, aerr
		}
		if p.toPort, aerr = port(form.Get(pre + "ToPort")); aerr != nil {
			return nil, aerr
		}
		if p.protocol == "-1" {
			p.fromPort, p.toPort = nil, nil
		} else if p.fromPort == nil || p.toPort == nil {
			return nil, errorf(http.StatusBadRequest, "InvalidParameterValue", "Invalid value 'null' for fromPort/toPort. You must specify both for protocol %s.", p.protocol)
		}
		for j := 1; ; j++ {
			k := pre + "IpRanges." + strconv.Itoa(j) + "."
			if _, ok := form[k+"CidrIp"]; !ok {
				break
			}
			p.ranges = append(p.ranges, ipRange{form.Get(k + "CidrIp"), form.Get(k + "Description")})
		}
		for j := 1; ; j++ {
			k := pre + "Ipv6Ranges." + strconv.Itoa(j) + "."
			if _, ok := form[k+"CidrIpv6"]; !ok {
				break
			}
			p.ipv6 = append(p.ipv6, ipRange{form.Get(k + "CidrIpv6"), form.Get(k + "Description")})
		}
		for j := 1; ; j++ {
			k := pre + "PrefixListIds." + strconv.Itoa(j) + "."
			if _, ok := form[k+"PrefixListId"]; !ok {
				break
			}
			p.prefixes = append(p.prefixes, ipRange{form.Get(k + "PrefixListId"), form.Get(k + "Description")})
		}
		for j := 1; ; j++ {
			k := pre + "Groups." + strconv.Itoa(j) + "."
			if _, ok := form[k+"GroupId"]; !ok {
				break
			}
			p.groups = append(p.groups, groupPair{form.Get(k + "UserId"), form.Get(k + "GroupId"), form.Get(k + "Description")})
		}
		out = append(out, p)
	}
	if cidr := form.Get("CidrIp"); cidr != "" {
		p := &ipPermission{protocol: normalizeProtocol(form.Get("IpProtocol")), ranges: []ipRange{{cidr, ""}}}
		if p.protocol != "-1" {
			var aerr *apiError
			if p.fromPort, aerr = port(form.Get("FromPort")); aerr != nil {
				return nil, aerr
			}
			if p.toPort, aerr = port(form.Get("ToPort")); aerr != nil {
				return nil, aerr
			}
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, errorf(http.StatusBadRequest, "MissingParameter", "The request must contain the parameter ipPermissions")
	}
	return out, nil
}

func (s *Server) ec2ChangeIngress(c *call, authorize bool) error {
	perms, aerr := formPermissions(c.form)
	if aerr != nil {
		return aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var g *securityGroup
	if id := c.form.Get("GroupId"); id != "" {
		g = s.groups[id]
		if g == nil || g.region != c.region {
			return errorf(http.StatusBadRequest, "InvalidGroup.NotFound", "The security group '%s' does not exist", id)
		}
	} else {
		name := c.form.Get("GroupName")
		for _, x := range s.groups {
			if x.name == name && x.region == c.region {
				g = x
			}
		}
		if g == nil {
			return errorf(http.StatusBadRequest, "InvalidGroup.NotFound", "The security group '%s' does not exist in default VPC", name)
		}
	}
	if authorize {
		// Validate every permission before changing anything, as EC2 does.
		trial := clonePermissions(g.ingress)
		for _, p := range perms {
			var dup string
			if trial, dup = addPermission(trial, p); dup != "" {
				return errorf(http.StatusBadRequest, "InvalidPermission.Duplicate", "the specified rule \"peer: %s, %s, ALLOW\" already exists", dup, strings.ToUpper(p.protocol))
			}
		}
		g.ingress = trial
		return s.writeEC2(c, struct {
			Return bool `xml:"return"`
		}{true})
	}
	var unknown []*ipPermission
	for _, p := range perms {
		var u *ipPermission
		g.ingress, u = removePermission(g.ingress, p)
		if u != nil {
			unknown = append(unknown, u)
		}
	}
	return s.writeEC2(c, struct {
		Return                 bool            `xml:"return"`
		UnknownIPPermissionSet []ec2Permission `xml:"unknownIpPermissionSet>item"`
	}{true, s.ec2Permissions(unknown)})
}

func clonePermissions(perms []*ipPermission) []*ipPermission {
	out := make([]*ipPermission, len(perms))
	for i, p := range perms {
		q := *p
		q.ranges, q.ipv6, q.prefixes, q.groups = slices.Clone(p.ranges), slices.Clone(p.ipv6), slices.Clone(p.prefixes), slices.Clone(p.groups)
		out[i] = &q
	}
	return out
}

func (s *Server) ec2CreateTags(c *call) error {
	ids := members(c.form, "ResourceId")
	tags := map[string]string{}
	for i := 1; ; i++ {
		k, ok := c.form["Tag."+strconv.Itoa(i)+".Key"]
		if !ok {
			break
		}
		tags[k[0]] = c.form.Get("Tag." + strconv.Itoa(i) + ".Value")
	}
	if len(ids) == 0 {
		return errorf(http.StatusBadRequest, "MissingParameter", "The request must contain the parameter resourceIdSet")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var targets []map[string]string
	for _, id := range ids {
		switch {
		case strings.HasPrefix(id, "i-"):
			i := s.instances[id]
			if i == nil || i.region != c.region {
				return errorf(http.StatusBadRequest, "InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", id)
			}
			targets = append(targets, i.tags)
		case strings.HasPrefix(id, "sg-"):
			g := s.groups[id]
			if g == nil || g.region != c.region {
				return errorf(http.StatusBadRequest, "InvalidGroup.NotFound", "The security group '%s' does not exist", id)
			}
			targets = append(targets, g.tags)
		case strings.HasPrefix(id, "vol-"):
			v := s.volumes[id]
			if v == nil || v.region != c.region {
				return errorf(http.StatusBadRequest, "InvalidVolume.NotFound", "The volume '%s' does not exist.", id)
			}
			targets = append(targets, v.tags)
		default:
			return errorf(http.StatusBadRequest, "InvalidID", "The ID '%s' is not valid", id)
		}
	}
	for _, t := range targets {
		for k, v := range tags {
			t[k] = v
		}
	}
	return s.writeEC2(c, struct {
		Return bool `xml:"return"`
	}{true})
}

func (s *Server) ec2ModifyInstanceMetadataOptions(c *call) error {
	id := c.form.Get("InstanceId")
	f := c.form
	check := func(name, v string, allowed ...string) *apiError {
		if v != "" && !slices.Contains(allowed, v) {
			return errorf(http.StatusBadRequest, "InvalidParameterValue", "Value (%s) for parameter %s is invalid.", v, name)
		}
		return nil
	}
	for _, e := range []*apiError{
		check("HttpTokens", f.Get("HttpTokens"), "optional", "required"),
		check("HttpEndpoint", f.Get("HttpEndpoint"), "enabled", "disabled"),
		check("InstanceMetadataTags", f.Get("InstanceMetadataTags"), "enabled", "disabled"),
	} {
		if e != nil {
			return e
		}
	}
	hop := 0
	if raw := f.Get("HttpPutResponseHopLimit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 64 {
			return errorf(http.StatusBadRequest, "InvalidParameterValue", "Value (%s) for parameter HttpPutResponseHopLimit is invalid.", raw)
		}
		hop = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.instances[id]
	if i == nil || i.region != c.region {
		return errorf(http.StatusBadRequest, "InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", id)
	}
	m := &i.metadata
	m.HTTPTokens = cmp.Or(f.Get("HttpTokens"), m.HTTPTokens)
	m.HTTPEndpoint = cmp.Or(f.Get("HttpEndpoint"), m.HTTPEndpoint)
	m.InstanceMetadataTags = cmp.Or(f.Get("InstanceMetadataTags"), m.InstanceMetadataTags)
	if hop > 0 {
		m.HTTPPutResponseHopLimit = hop
	}
	return s.writeEC2(c, struct {
		InstanceID              string             `xml:"instanceId"`
		InstanceMetadataOptions ec2MetadataOptions `xml:"instanceMetadataOptions"`
	}{i.id, ec2MetadataOptions{
		State:                   "pending",
		HTTPTokens:              m.HTTPTokens,
		HTTPPutResponseHopLimit: m.HTTPPutResponseHopLimit,
		HTTPEndpoint:            m.HTTPEndpoint,
		HTTPProtocolIPv6:        "disabled",
		InstanceMetadataTags:    m.InstanceMetadataTags,
	}})
}

// ec2Page cuts one page of a Describe* result at the request's NextToken,
// answering a bad token the way EC2 does.
func ec2Page[T any](c *call, list []T, size int) ([]T, string, *apiError) {
	page, next, err := paginate(list, c.form.Get("NextToken"), size)
	if err != nil {
		return nil, "", errorf(http.StatusBadRequest, "InvalidParameterValue", "The token '%s' is invalid.", c.form.Get("NextToken"))
	}
	return page, next, nil
}
