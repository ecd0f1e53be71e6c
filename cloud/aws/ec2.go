package aws

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/driftfix/driftfix/cloud"
)

const (
	typeSecurity  = "aws_security_group"
	typeInstance  = "aws_instance"
	typeEBSVolume = "aws_ebs_volume"
)

// ec2API is what the reader calls on EC2.
type ec2API interface {
	DescribeSecurityGroups(context.Context, *ec2.DescribeSecurityGroupsInput, ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error)
	DescribeInstances(context.Context, *ec2.DescribeInstancesInput, ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error)
	DescribeVolumes(context.Context, *ec2.DescribeVolumesInput, ...func(*ec2.Options)) (*ec2.DescribeVolumesOutput, error)
}

const (
	// ec2FilterValues is how many IDs one filter may carry.
	ec2FilterValues = 200
	// Page sizes: the largest each API allows.
	ec2MaxGroups    = 1000
	ec2MaxInstances = 1000
	ec2MaxVolumes   = 500
)

// liveStates are the instance states that count as existing; Terraform
// treats a terminated instance as gone.
var liveStates = []string{"pending", "running", "shutting-down", "stopping", "stopped"}

type ec2Reader struct{ *Reader }

func (r ec2Reader) client(region string) ec2API {
	return client(r.Reader, "ec2", region, func(cfg awssdk.Config) ec2API { return ec2.NewFromConfig(cfg) })
}

func idFilter(name string, ids []string) []ec2types.Filter {
	return []ec2types.Filter{{Name: awssdk.String(name), Values: ids}}
}

func (r ec2Reader) securityGroups(ctx context.Context, c ec2API, filters []ec2types.Filter) ([]ec2types.SecurityGroup, error) {
	p := ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{Filters: filters, MaxResults: awssdk.Int32(ec2MaxGroups)})
	var out []ec2types.SecurityGroup
	for p.HasMorePages() {
		var page *ec2.DescribeSecurityGroupsOutput
		if err := r.call(ctx, "ec2", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, g := range page.SecurityGroups {
			if awssdk.ToString(g.GroupId) == "" {
				return nil, missingField("DescribeSecurityGroups", "a group's GroupId")
			}
			if !tagsValid(g.Tags) {
				return nil, missingField("DescribeSecurityGroups", "a tag's Key")
			}
		}
		out = append(out, page.SecurityGroups...)
	}
	return out, nil
}

// instanceOf is an instance with its reservation's owner.
type instanceOf struct {
	ec2types.Instance
	owner string
}

func (r ec2Reader) instances(ctx context.Context, c ec2API, filters []ec2types.Filter) ([]instanceOf, error) {
	p := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{Filters: filters, MaxResults: awssdk.Int32(ec2MaxInstances)})
	var out []instanceOf
	for p.HasMorePages() {
		var page *ec2.DescribeInstancesOutput
		if err := r.call(ctx, "ec2", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, res := range page.Reservations {
			for _, i := range res.Instances {
				if awssdk.ToString(i.InstanceId) == "" {
					return nil, missingField("DescribeInstances", "an instance's InstanceId")
				}
				if i.State == nil || i.State.Name == "" {
					return nil, missingField("DescribeInstances", "the State of instance "+awssdk.ToString(i.InstanceId))
				}
				if !tagsValid(i.Tags) {
					return nil, missingField("DescribeInstances", "a tag's Key")
				}
				out = append(out, instanceOf{i, awssdk.ToString(res.OwnerId)})
			}
		}
	}
	return out, nil
}

// liveInstances are the region's instances that are not terminated, listed
// once per sweep (the instance and the volume sweeps both need them).
func (r ec2Reader) liveInstances(ctx context.Context, c ec2API, region string) ([]instanceOf, error) {
	return memoized(ctx, "ec2:instances:"+region, func() ([]instanceOf, error) {
		return r.instances(ctx, c, idFilter("instance-state-name", liveStates))
	})
}

func (r ec2Reader) volumes(ctx context.Context, c ec2API, filters []ec2types.Filter) ([]ec2types.Volume, error) {
	p := ec2.NewDescribeVolumesPaginator(c, &ec2.DescribeVolumesInput{Filters: filters, MaxResults: awssdk.Int32(ec2MaxVolumes)})
	var out []ec2types.Volume
	for p.HasMorePages() {
		var page *ec2.DescribeVolumesOutput
		if err := r.call(ctx, "ec2", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, v := range page.Volumes {
			if awssdk.ToString(v.VolumeId) == "" {
				return nil, missingField("DescribeVolumes", "a volume's VolumeId")
			}
			if !tagsValid(v.Tags) {
				return nil, missingField("DescribeVolumes", "a tag's Key")
			}
		}
		out = append(out, page.Volumes...)
	}
	return out, nil
}

// byID runs describe over ids in batches of size, fanout batches at a
// time (describeEach), and indexes what comes back. The IDs of a batch
// whose describe failed are in failed, with its error: they are unknown,
// not missing.
func byID[T any](ctx context.Context, fanout, size int, ids []string, describe func(ctx context.Context, ids []string) ([]T, error), id func(T) string) (found map[string]T, failed map[string]error) {
	batches := chunks(ids, size)
	items, errs := describeEach(ctx, fanout, batches, describe)
	found, failed = map[string]T{}, map[string]error{}
	for i, batch := range batches {
		if errs[i] != nil {
			for _, x := range batch {
				failed[x] = errs[i]
			}
			continue
		}
		for _, x := range items[i] {
			found[id(x)] = x
		}
	}
	return found, failed
}

func (r ec2Reader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	type job struct {
		region, typ string
		refs        []cloud.Ref
	}
	var jobs []job
	for region, rs := range groupByRegion(refs) {
		byType := map[string][]cloud.Ref{}
		for _, ref := range rs {
			byType[ref.Type] = append(byType[ref.Type], ref)
		}
		for typ, trs := range byType {
			jobs = append(jobs, job{region, typ, trs})
		}
	}
	results := make([]cloud.GetResult, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			switch j.typ {
			case typeSecurity:
				results[i] = r.getGroups(ctx, j.region, j.refs)
			case typeInstance:
				results[i] = r.getInstances(ctx, j.region, j.refs)
			case typeEBSVolume:
				results[i] = r.getVolumes(ctx, j.region, j.refs)
			case typeDefaultSG:
				results[i] = r.getGroups(ctx, j.region, j.refs)
			default:
				results[i] = r.getNet(ctx, j.region, j.typ, j.refs)
			}
		})
	}
	wg.Wait()
	var out cloud.GetResult
	for _, res := range results {
		out = merge(out, res)
	}
	return out
}

func ids(refs []cloud.Ref) []string {
	out := make([]string, len(refs))
	for i, ref := range refs {
		out[i] = ref.ID
	}
	return out
}

func (r ec2Reader) getGroups(ctx context.Context, region string, refs []cloud.Ref) cloud.GetResult {
	c := r.client(region)
	groups, failed := byID(ctx, r.fanout, ec2FilterValues, ids(refs),
		func(ctx context.Context, ids []string) ([]ec2types.SecurityGroup, error) {
			return r.securityGroups(ctx, c, idFilter("group-id", ids))
		},
		func(g ec2types.SecurityGroup) string { return awssdk.ToString(g.GroupId) })
	return readEach(refs, func(ref cloud.Ref) outcome {
		if err := failed[ref.ID]; err != nil {
			return failedWith(err)
		}
		g, ok := groups[ref.ID]
		if !ok {
			return notFound
		}
		id, owner := awssdk.ToString(g.GroupId), awssdk.ToString(g.OwnerId)
		return foundAs(map[string]any{
			"id":          id,
			"arn":         cmp.Or(awssdk.ToString(g.SecurityGroupArn), fmt.Sprintf("arn:aws:ec2:%s:%s:security-group/%s", region, owner, id)),
			"name":        awssdk.ToString(g.GroupName),
			"name_prefix": "",
			"description": awssdk.ToString(g.Description),
			"vpc_id":      awssdk.ToString(g.VpcId),
			"owner_id":    owner,
			"ingress":     sgRules(id, owner, g.IpPermissions),
			"egress":      sgRules(id, owner, g.IpPermissionsEgress),
			"tags":        ec2Tags(g.Tags),
		})
	})
}

// sgRules flattens EC2 permissions into the provider's ingress/egress
// blocks: one block per protocol, port range and description, with self
// set when the group refers to itself and other groups by ID
// ("owner/sg-…" across accounts).
func sgRules(groupID, owner string, perms []ec2types.IpPermission) []any {
	type rule struct {
		protocol      string
		from, to      int32
		description   string
		cidrs, ipv6s  []string
		prefixes, sgs []string
		self          bool
	}
	var rules []*rule
	get := func(p ec2types.IpPermission, desc *string) *rule {
		k := rule{protocol: awssdk.ToString(p.IpProtocol), from: awssdk.ToInt32(p.FromPort), to: awssdk.ToInt32(p.ToPort), description: awssdk.ToString(desc)}
		for _, r := range rules {
			if r.protocol == k.protocol && r.from == k.from && r.to == k.to && r.description == k.description {
				return r
			}
		}
		rules = append(rules, &k)
		return &k
	}
	for _, p := range perms {
		for _, x := range p.IpRanges {
			r := get(p, x.Description)
			r.cidrs = append(r.cidrs, awssdk.ToString(x.CidrIp))
		}
		for _, x := range p.Ipv6Ranges {
			r := get(p, x.Description)
			r.ipv6s = append(r.ipv6s, awssdk.ToString(x.CidrIpv6))
		}
		for _, x := range p.PrefixListIds {
			r := get(p, x.Description)
			r.prefixes = append(r.prefixes, awssdk.ToString(x.PrefixListId))
		}
		for _, x := range p.UserIdGroupPairs {
			r := get(p, x.Description)
			id := awssdk.ToString(x.GroupId)
			if id == groupID {
				r.self = true
				continue
			}
			if user := awssdk.ToString(x.UserId); user != "" && user != owner {
				id = user + "/" + id
			}
			r.sgs = append(r.sgs, id)
		}
	}
	slices.SortFunc(rules, func(a, b *rule) int {
		return cmp.Or(cmp.Compare(a.protocol, b.protocol), cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to), cmp.Compare(a.description, b.description))
	})
	out := make([]any, 0, len(rules))
	for _, r := range rules {
		slices.Sort(r.sgs)
		out = append(out, map[string]any{
			"from_port":        float64(r.from),
			"to_port":          float64(r.to),
			"protocol":         r.protocol,
			"cidr_blocks":      strings2any(r.cidrs),
			"ipv6_cidr_blocks": strings2any(r.ipv6s),
			"prefix_list_ids":  strings2any(r.prefixes),
			"security_groups":  strings2any(r.sgs),
			"self":             r.self,
			"description":      r.description,
		})
	}
	return out
}

// tagsValid reports whether every tag has a key.
func tagsValid(tags []ec2types.Tag) bool {
	return !slices.ContainsFunc(tags, func(t ec2types.Tag) bool { return t.Key == nil })
}

func ec2Tags(tags []ec2types.Tag) map[string]any {
	return tagMap(tags, func(t ec2types.Tag) (string, string) { return awssdk.ToString(t.Key), awssdk.ToString(t.Value) })
}

func (r ec2Reader) getInstances(ctx context.Context, region string, refs []cloud.Ref) cloud.GetResult {
	c := r.client(region)
	insts, failed := byID(ctx, r.fanout, ec2FilterValues, ids(refs),
		func(ctx context.Context, ids []string) ([]instanceOf, error) {
			return r.instances(ctx, c, idFilter("instance-id", ids))
		},
		func(i instanceOf) string { return awssdk.ToString(i.InstanceId) })
	// The root device's size, type and encryption live on its volume.
	var rootIDs []string
	for _, ref := range refs {
		if i, ok := insts[ref.ID]; ok {
			if v := rootMapping(i.Instance); v != nil && v.Ebs != nil {
				rootIDs = append(rootIDs, awssdk.ToString(v.Ebs.VolumeId))
			}
		}
	}
	roots, rootFailed := byID(ctx, r.fanout, ec2FilterValues, rootIDs,
		func(ctx context.Context, ids []string) ([]ec2types.Volume, error) {
			return r.volumes(ctx, c, idFilter("volume-id", ids))
		},
		func(v ec2types.Volume) string { return awssdk.ToString(v.VolumeId) })

	return readEach(refs, func(ref cloud.Ref) outcome {
		if err := failed[ref.ID]; err != nil {
			return failedWith(err)
		}
		i, ok := insts[ref.ID]
		if !ok || i.State.Name == ec2types.InstanceStateNameTerminated {
			return notFound
		}
		var sgs []string
		for _, g := range i.SecurityGroups {
			sgs = append(sgs, awssdk.ToString(g.GroupId))
		}
		slices.Sort(sgs)
		md := map[string]any{}
		if m := i.MetadataOptions; m != nil {
			md = map[string]any{
				"http_tokens":                 string(m.HttpTokens),
				"http_endpoint":               string(m.HttpEndpoint),
				"http_put_response_hop_limit": float64(awssdk.ToInt32(m.HttpPutResponseHopLimit)),
				"http_protocol_ipv6":          string(m.HttpProtocolIpv6),
				"instance_metadata_tags":      string(m.InstanceMetadataTags),
			}
		}
		root := []any{}
		if bd := rootMapping(i.Instance); bd != nil && bd.Ebs != nil {
			vid := awssdk.ToString(bd.Ebs.VolumeId)
			if err := rootFailed[vid]; err != nil {
				return failedWith(fmt.Errorf("root volume %s: %w", vid, err))
			}
			dev := map[string]any{
				"device_name":           awssdk.ToString(bd.DeviceName),
				"volume_id":             vid,
				"delete_on_termination": awssdk.ToBool(bd.Ebs.DeleteOnTermination),
			}
			if v, ok := roots[vid]; ok {
				dev["encrypted"] = awssdk.ToBool(v.Encrypted)
				dev["kms_key_id"] = awssdk.ToString(v.KmsKeyId)
				dev["volume_size"] = float64(awssdk.ToInt32(v.Size))
				dev["volume_type"] = string(v.VolumeType)
				dev["iops"] = float64(awssdk.ToInt32(v.Iops))
				dev["throughput"] = float64(awssdk.ToInt32(v.Throughput))
			}
			root = []any{dev}
		}
		id := awssdk.ToString(i.InstanceId)
		az := ""
		if i.Placement != nil {
			az = awssdk.ToString(i.Placement.AvailabilityZone)
		}
		return foundAs(map[string]any{
			"id":                     id,
			"arn":                    fmt.Sprintf("arn:aws:ec2:%s:%s:instance/%s", region, i.owner, id),
			"ami":                    awssdk.ToString(i.ImageId),
			"instance_type":          string(i.InstanceType),
			"availability_zone":      az,
			"subnet_id":              awssdk.ToString(i.SubnetId),
			"vpc_security_group_ids": strings2any(sgs),
			"instance_state":         string(i.State.Name),
			"metadata_options":       []any{md},
			"root_block_device":      root,
			"tags":                   ec2Tags(i.Tags),
		})
	})
}

// rootMapping is the block device mapping of the instance's root device.
func rootMapping(i ec2types.Instance) *ec2types.InstanceBlockDeviceMapping {
	for k, bd := range i.BlockDeviceMappings {
		if awssdk.ToString(bd.DeviceName) == awssdk.ToString(i.RootDeviceName) {
			return &i.BlockDeviceMappings[k]
		}
	}
	return nil
}

func (r ec2Reader) getVolumes(ctx context.Context, region string, refs []cloud.Ref) cloud.GetResult {
	c := r.client(region)
	vols, failed := byID(ctx, r.fanout, ec2FilterValues, ids(refs),
		func(ctx context.Context, ids []string) ([]ec2types.Volume, error) {
			return r.volumes(ctx, c, idFilter("volume-id", ids))
		},
		func(v ec2types.Volume) string { return awssdk.ToString(v.VolumeId) })
	return readEach(refs, func(ref cloud.Ref) outcome {
		if err := failed[ref.ID]; err != nil {
			return failedWith(err)
		}
		v, ok := vols[ref.ID]
		if !ok {
			return notFound
		}
		return foundAs(map[string]any{
			"id":                   awssdk.ToString(v.VolumeId),
			"availability_zone":    awssdk.ToString(v.AvailabilityZone),
			"size":                 float64(awssdk.ToInt32(v.Size)),
			"type":                 string(v.VolumeType),
			"encrypted":            awssdk.ToBool(v.Encrypted),
			"kms_key_id":           awssdk.ToString(v.KmsKeyId),
			"iops":                 float64(awssdk.ToInt32(v.Iops)),
			"throughput":           float64(awssdk.ToInt32(v.Throughput)),
			"multi_attach_enabled": awssdk.ToBool(v.MultiAttachEnabled),
			"snapshot_id":          awssdk.ToString(v.SnapshotId),
			"tags":                 ec2Tags(v.Tags),
		})
	})
}

func (r ec2Reader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	if _, ok := netKinds[typ]; ok {
		return r.listNet(ctx, typ, region)
	}
	c := r.client(region)
	var out []cloud.Resource
	switch typ {
	case typeSecurity:
		groups, err := r.securityGroups(ctx, c, nil)
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			// Every VPC has a group named default; Terraform manages it
			// as aws_default_security_group, if at all.
			if awssdk.ToString(g.GroupName) == "default" {
				continue
			}
			id := awssdk.ToString(g.GroupId)
			out = append(out, cloud.Resource{
				Ref: cloud.Ref{Type: typ, ID: id, Region: region},
				Attrs: map[string]any{"id": id, "arn": awssdk.ToString(g.SecurityGroupArn), "name": awssdk.ToString(g.GroupName),
					"vpc_id": awssdk.ToString(g.VpcId), "tags": ec2Tags(g.Tags)},
			})
		}
	case typeInstance:
		insts, err := r.liveInstances(ctx, c, region)
		if err != nil {
			return nil, err
		}
		for _, i := range insts {
			if launchedByGroup(i.Tags) {
				continue
			}
			id := awssdk.ToString(i.InstanceId)
			out = append(out, cloud.Resource{
				Ref: cloud.Ref{Type: typ, ID: id, Region: region},
				Attrs: map[string]any{"id": id, "arn": fmt.Sprintf("arn:aws:ec2:%s:%s:instance/%s", region, i.owner, id),
					"instance_state": string(i.State.Name), "tags": ec2Tags(i.Tags)},
			})
		}
	case typeEBSVolume:
		vols, err := r.volumes(ctx, c, nil)
		if err != nil {
			return nil, err
		}
		insts, err := r.liveInstances(ctx, c, region)
		if err != nil {
			return nil, err
		}
		// A volume that goes with its instance is part of aws_instance: its
		// root volume (by the instance's block device mappings, whatever
		// the volume's attachment says: moto's says nothing of
		// DeleteOnTermination) and every volume deleted on termination.
		owned := map[string]bool{}
		for _, i := range insts {
			if bd := rootMapping(i.Instance); bd != nil && bd.Ebs != nil {
				owned[awssdk.ToString(bd.Ebs.VolumeId)] = true
			}
			for _, bd := range i.BlockDeviceMappings {
				if bd.Ebs != nil && awssdk.ToBool(bd.Ebs.DeleteOnTermination) {
					owned[awssdk.ToString(bd.Ebs.VolumeId)] = true
				}
			}
		}
		for _, v := range vols {
			if owned[awssdk.ToString(v.VolumeId)] || slices.ContainsFunc(v.Attachments, func(a ec2types.VolumeAttachment) bool {
				return awssdk.ToBool(a.DeleteOnTermination)
			}) {
				continue
			}
			id := awssdk.ToString(v.VolumeId)
			out = append(out, cloud.Resource{
				Ref:   cloud.Ref{Type: typ, ID: id, Region: region},
				Attrs: map[string]any{"id": id, "availability_zone": awssdk.ToString(v.AvailabilityZone), "tags": ec2Tags(v.Tags)},
			})
		}
	}
	return out, nil
}

// launchedByGroup: an instance an Auto Scaling group (an EKS managed node
// group's included) launched. No state has it as an aws_instance, and it
// is never unmanaged: its group is managed, or unmanaged itself.
func launchedByGroup(tags []ec2types.Tag) bool {
	return slices.ContainsFunc(tags, func(t ec2types.Tag) bool {
		k := awssdk.ToString(t.Key)
		return k == "aws:autoscaling:groupName" || k == "eks:nodegroup-name"
	})
}
