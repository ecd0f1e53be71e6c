package aws

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud"
)

// Route 53 (global): hosted zones and their records.
//
// A zone's id is its ID without the /hostedzone/ prefix; its name has no
// trailing dot in state (the provider trims it). A zone is read with
// GetHostedZone (its VPCs) and its tags 10 zones a ListTagsForResources;
// the sweep is ListHostedZones alone (100 a page), leaving out zones
// another service made and manages (LinkedService: Cloud Map's).
//
// A record's id is ZONEID_NAME_TYPE, with _SETIDENTIFIER for routing
// policies, in every provider version; state's name may be relative to
// the zone, so a record is known by zone_id, fqdn, type and
// set_identifier (see cloud.LookupKey). Records are read with the zone's
// paged ListResourceRecordSets (300 a page), once per zone. The NS and
// SOA records at a zone's apex are Route 53's, never unmanaged; the
// records of a zone no state has are not unmanaged on their own.
const (
	typeRoute53Zone   = "aws_route53_zone"
	typeRoute53Record = "aws_route53_record"
)

const (
	r53MaxZones   = 100
	r53MaxRecords = 300
	r53TagBatch   = 10 // zone IDs per ListTagsForResources
)

func init() {
	types[typeRoute53Zone] = typeInfo{service: "route53", global: true, actions: []string{"route53:GetHostedZone", "route53:ListHostedZones",
		"route53:ListTagsForResources"}}
	types[typeRoute53Record] = typeInfo{service: "route53", global: true, actions: []string{"route53:ListResourceRecordSets",
		"route53:ListHostedZones"}}
	readers["route53"] = func(r *Reader) reader { return r53Reader{r} }
}

// r53API is what the reader calls on Route 53.
type r53API interface {
	GetHostedZone(context.Context, *route53.GetHostedZoneInput, ...func(*route53.Options)) (*route53.GetHostedZoneOutput, error)
	ListHostedZones(context.Context, *route53.ListHostedZonesInput, ...func(*route53.Options)) (*route53.ListHostedZonesOutput, error)
	ListTagsForResources(context.Context, *route53.ListTagsForResourcesInput, ...func(*route53.Options)) (*route53.ListTagsForResourcesOutput, error)
	ListResourceRecordSets(context.Context, *route53.ListResourceRecordSetsInput, ...func(*route53.Options)) (*route53.ListResourceRecordSetsOutput, error)
}

type r53Reader struct{ *Reader }

func (r r53Reader) client() r53API {
	return client(r.Reader, "route53", r.regions[0], func(cfg awssdk.Config) r53API { return route53.NewFromConfig(cfg) })
}

// zoneID is a zone's ID without its /hostedzone/ prefix.
func zoneID(id string) string { return strings.TrimPrefix(id, "/hostedzone/") }

// dnsName is a DNS name as the provider keeps it: lower case, no trailing
// dot, "*" where Route 53 answers \052.
func dnsName(s string) string {
	return strings.ToLower(strings.TrimSuffix(strings.ReplaceAll(s, `\052`, "*"), "."))
}

func (r r53Reader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	var zones, records []cloud.Ref
	for _, ref := range refs {
		if ref.Type == typeRoute53Zone {
			zones = append(zones, ref)
		} else {
			records = append(records, ref)
		}
	}
	var res cloud.GetResult
	for _, part := range []cloud.GetResult{r.getZones(ctx, zones), r.getRecords(ctx, records)} {
		res = merge(res, part)
	}
	return res
}

func (r r53Reader) getZones(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	if len(refs) == 0 {
		return cloud.GetResult{}
	}
	c := r.client()
	zones := make([]*route53.GetHostedZoneOutput, len(refs))
	errs := make([]error, len(refs))
	var g errgroup.Group // each zone's error is its own
	g.SetLimit(r.fanout)
	for i, ref := range refs {
		g.Go(func() error {
			errs[i] = r.call(ctx, "route53", func() (err error) {
				zones[i], err = c.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: awssdk.String(zoneID(ref.ID))})
				return err
			})
			return nil
		})
	}
	_ = g.Wait()
	var live []string
	for i, z := range zones {
		if errs[i] == nil && (z.HostedZone == nil || awssdk.ToString(z.HostedZone.Id) == "") {
			errs[i] = missingField("GetHostedZone", "the HostedZone's Id")
		}
		if errs[i] == nil {
			live = append(live, zoneID(*z.HostedZone.Id))
		}
	}
	tags, tagErr := r.zoneTags(ctx, live)
	outs := make([]outcome, len(refs))
	for i, z := range zones {
		var nf *r53types.NoSuchHostedZone
		switch {
		case errors.As(errs[i], &nf):
			outs[i] = notFound
		case errs[i] != nil:
			outs[i] = failedWith(errs[i])
		case tagErr != nil:
			outs[i] = failedWith(tagErr)
		default:
			a := zoneAttrs(*z.HostedZone)
			vpcs := []any{}
			for _, v := range z.VPCs {
				vpcs = append(vpcs, map[string]any{"vpc_id": awssdk.ToString(v.VPCId), "vpc_region": string(v.VPCRegion)})
			}
			a["vpc"] = vpcs
			a["tags"] = tags[a["zone_id"].(string)]
			outs[i] = foundAs(a)
		}
	}
	return collect(refs, outs)
}

func zoneAttrs(z r53types.HostedZone) map[string]any {
	id := zoneID(awssdk.ToString(z.Id))
	comment := ""
	if z.Config != nil {
		comment = awssdk.ToString(z.Config.Comment)
	}
	return map[string]any{
		"id":      id,
		"zone_id": id,
		"arn":     "arn:aws:route53:::hostedzone/" + id,
		"name":    dnsName(awssdk.ToString(z.Name)),
		"comment": comment,
	}
}

// zoneTags reads the tags of zones, 10 a call.
func (r r53Reader) zoneTags(ctx context.Context, zones []string) (map[string]map[string]any, error) {
	var mu sync.Mutex
	out := map[string]map[string]any{}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.fanout)
	for _, batch := range chunks(zones, r53TagBatch) {
		g.Go(func() error {
			var page *route53.ListTagsForResourcesOutput
			if err := r.call(gctx, "route53", func() (err error) {
				page, err = r.client().ListTagsForResources(gctx, &route53.ListTagsForResourcesInput{ResourceType: r53types.TagResourceTypeHostedzone, ResourceIds: batch})
				return err
			}); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, s := range page.ResourceTagSets {
				out[zoneID(awssdk.ToString(s.ResourceId))] = tagMap(s.Tags, func(t r53types.Tag) (string, string) { return awssdk.ToString(t.Key), awssdk.ToString(t.Value) })
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, z := range zones {
		if _, ok := out[z]; !ok {
			return nil, missingField("ListTagsForResources", "the tags of zone "+z)
		}
	}
	return out, nil
}

// recordTypes are the record types Route 53 has (what an id's TYPE part
// can be).
var recordTypes = map[string]bool{"A": true, "AAAA": true, "CAA": true, "CNAME": true, "DS": true, "HTTPS": true, "MX": true, "NAPTR": true,
	"NS": true, "PTR": true, "SOA": true, "SPF": true, "SRV": true, "SSHFP": true, "SVCB": true, "TLSA": true, "TXT": true}

// recordKey splits ZONEID_NAME_TYPE[_SETIDENTIFIER] (names may hold "_").
func recordKey(key string) (zone, name, typ, set string, ok bool) {
	parts := strings.Split(key, "_")
	for i := len(parts) - 1; i >= 2; i-- {
		if recordTypes[strings.ToUpper(parts[i])] {
			return parts[0], dnsName(strings.Join(parts[1:i], "_")), strings.ToUpper(parts[i]), strings.Join(parts[i+1:], "_"), true
		}
	}
	return "", "", "", "", false
}

// records are a zone's records as aws_route53_record attributes (nil,
// nil when the zone does not exist), read once per Get or List.
func (r r53Reader) records(ctx context.Context, zone string) ([]map[string]any, error) {
	return memoized(ctx, "route53:records:"+zone, func() ([]map[string]any, error) {
		p := route53.NewListResourceRecordSetsPaginator(r.client(), &route53.ListResourceRecordSetsInput{HostedZoneId: awssdk.String(zone),
			MaxItems: awssdk.Int32(r53MaxRecords)})
		sets, err := paged(ctx, r.Reader, "route53", p, func(o *route53.ListResourceRecordSetsOutput) []r53types.ResourceRecordSet {
			return o.ResourceRecordSets
		})
		var nf *r53types.NoSuchHostedZone
		if errors.As(err, &nf) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		var out []map[string]any
		for _, s := range sets {
			if s.Name == nil || s.Type == "" {
				return nil, missingField("ListResourceRecordSets", "a record's Name or Type")
			}
			out = append(out, recordAttrs(zone, s))
		}
		return out, nil
	})
}

// recordID is a record's id, ZONEID_NAME_TYPE[_SETIDENTIFIER] (recordKey
// splits it).
func recordID(zone, name, typ, set string) string {
	id := zone + "_" + name + "_" + typ
	if set != "" {
		id += "_" + set
	}
	return id
}

func recordAttrs(zone string, s r53types.ResourceRecordSet) map[string]any {
	name := dnsName(awssdk.ToString(s.Name))
	set := awssdk.ToString(s.SetIdentifier)
	id := recordID(zone, name, string(s.Type), set)
	var values []string
	for _, v := range s.ResourceRecords {
		x := awssdk.ToString(v.Value)
		if (s.Type == r53types.RRTypeTxt || s.Type == r53types.RRTypeSpf) && len(x) >= 2 && strings.HasPrefix(x, `"`) && strings.HasSuffix(x, `"`) &&
			!strings.Contains(x[1:len(x)-1], `" "`) {
			x = x[1 : len(x)-1] // the provider keeps TXT values unquoted
		}
		values = append(values, x)
	}
	alias := []any{}
	if a := s.AliasTarget; a != nil {
		alias = []any{map[string]any{"name": dnsName(awssdk.ToString(a.DNSName)), "zone_id": awssdk.ToString(a.HostedZoneId),
			"evaluate_target_health": a.EvaluateTargetHealth}}
	}
	attrs := map[string]any{
		"id": id, "zone_id": zone, "name": name, "fqdn": name, "type": string(s.Type), "set_identifier": set,
		"records": strings2any(values), "alias": alias,
	}
	if s.TTL != nil {
		attrs["ttl"] = float64(*s.TTL)
	}
	return attrs
}

func (r r53Reader) getRecords(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	if len(refs) == 0 {
		return cloud.GetResult{}
	}
	var zones []string
	for _, ref := range refs {
		if z, _, _, _, ok := recordKey(lookup(ref)); ok {
			zones = append(zones, z)
		}
	}
	var mu sync.Mutex
	byKey := map[string]map[string]any{}
	failed := map[string]error{}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.fanout)
	for _, z := range uniq(zones) {
		g.Go(func() error {
			recs, err := r.records(gctx, z)
			mu.Lock()
			defer mu.Unlock()
			failed[z] = err
			for _, a := range recs {
				byKey[strings.ToLower(a["id"].(string))] = a
			}
			return nil
		})
	}
	_ = g.Wait()
	return readEach(refs, func(ref cloud.Ref) outcome {
		zone, name, typ, set, ok := recordKey(lookup(ref))
		if !ok {
			return failedWith(fmt.Errorf("%s %s: neither its id nor zone_id, fqdn and type name a record", ref.Type, ref.ID))
		}
		if err := failed[zone]; err != nil {
			return failedWith(err)
		}
		a, found := byKey[strings.ToLower(recordID(zone, name, typ, set))]
		if !found {
			return notFound
		}
		// id and name are as written in state (NAME may be relative to the
		// zone): fqdn is what Route 53 has.
		a = maps.Clone(a)
		delete(a, "id")
		delete(a, "name")
		return foundAs(a)
	})
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// hostedZones are every zone, listed once per Get or List.
func (r r53Reader) hostedZones(ctx context.Context) ([]r53types.HostedZone, error) {
	return memoized(ctx, "route53:zones", func() ([]r53types.HostedZone, error) {
		p := route53.NewListHostedZonesPaginator(r.client(), &route53.ListHostedZonesInput{MaxItems: awssdk.Int32(r53MaxZones)})
		out, err := paged(ctx, r.Reader, "route53", p, func(o *route53.ListHostedZonesOutput) []r53types.HostedZone { return o.HostedZones })
		for _, z := range out {
			if awssdk.ToString(z.Id) == "" || z.Name == nil {
				return nil, missingField("ListHostedZones", "a zone's Id or Name")
			}
		}
		return out, err
	})
}

// list sweeps every zone (but those another service manages), or every
// record of them but the NS and SOA records at each zone's apex.
func (r r53Reader) list(ctx context.Context, typ, _ string) ([]cloud.Resource, error) {
	zones, err := r.hostedZones(ctx)
	if err != nil {
		return nil, err
	}
	var own []r53types.HostedZone
	for _, z := range zones {
		if z.LinkedService == nil {
			own = append(own, z)
		}
	}
	var out []cloud.Resource
	if typ == typeRoute53Zone {
		for _, z := range own {
			a := zoneAttrs(z)
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: a["id"].(string)}, Attrs: a})
		}
		return out, nil
	}
	per := make([][]map[string]any, len(own))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.fanout)
	for i, z := range own {
		g.Go(func() (err error) { per[i], err = r.records(gctx, zoneID(*z.Id)); return err })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, recs := range per {
		apex := dnsName(awssdk.ToString(own[i].Name))
		for _, a := range recs {
			if a["name"] == apex && (a["type"] == "NS" || a["type"] == "SOA") {
				continue
			}
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: a["id"].(string)}, Attrs: a})
		}
	}
	return out, nil
}
