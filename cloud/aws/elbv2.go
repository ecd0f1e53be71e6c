package aws

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud"
)

// Elastic Load Balancing v2: load balancers, their listeners and target
// groups, each known by its ARN (the id in every provider version).
//
// A Get describes 20 ARNs a call (the most DescribeLoadBalancers and
// DescribeTags take; listeners and target groups likewise), reads each
// load balancer's attributes (DescribeLoadBalancerAttributes takes one
// ARN: one call per load balancer), and tags 20 ARNs a DescribeTags. An
// ARN one batch names that is gone makes AWS refuse the whole batch
// (…NotFound): its ARNs are then read one by one. The sweep pages through
// DescribeLoadBalancers and DescribeTargetGroups (400 a page), and the
// listeners of each load balancer (DescribeListeners needs one).
const (
	typeLB            = "aws_lb"
	typeLBListener    = "aws_lb_listener"
	typeLBTargetGroup = "aws_lb_target_group"
)

const (
	elbBatch    = 20  // ARNs per Describe* and DescribeTags call
	elbPageSize = 400 // the largest page
)

func init() {
	types[typeLB] = typeInfo{service: "elasticloadbalancing", actions: []string{"elasticloadbalancing:DescribeLoadBalancers",
		"elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeTags"}}
	types[typeLBListener] = typeInfo{service: "elasticloadbalancing", actions: []string{"elasticloadbalancing:DescribeListeners",
		"elasticloadbalancing:DescribeLoadBalancers"}}
	types[typeLBTargetGroup] = typeInfo{service: "elasticloadbalancing", actions: []string{"elasticloadbalancing:DescribeTargetGroups",
		"elasticloadbalancing:DescribeTags"}}
	readers["elasticloadbalancing"] = func(r *Reader) reader { return elbReader{r} }
}

// elbAPI is what the reader calls on Elastic Load Balancing v2.
type elbAPI interface {
	DescribeLoadBalancers(context.Context, *elb.DescribeLoadBalancersInput, ...func(*elb.Options)) (*elb.DescribeLoadBalancersOutput, error)
	DescribeLoadBalancerAttributes(context.Context, *elb.DescribeLoadBalancerAttributesInput, ...func(*elb.Options)) (*elb.DescribeLoadBalancerAttributesOutput, error)
	DescribeListeners(context.Context, *elb.DescribeListenersInput, ...func(*elb.Options)) (*elb.DescribeListenersOutput, error)
	DescribeTargetGroups(context.Context, *elb.DescribeTargetGroupsInput, ...func(*elb.Options)) (*elb.DescribeTargetGroupsOutput, error)
	DescribeTags(context.Context, *elb.DescribeTagsInput, ...func(*elb.Options)) (*elb.DescribeTagsOutput, error)
}

type elbReader struct{ *Reader }

func (r elbReader) client(region string) elbAPI {
	return client(r.Reader, "elasticloadbalancing", region, func(cfg awssdk.Config) elbAPI { return elb.NewFromConfig(cfg) })
}

func (r elbReader) loadBalancers(ctx context.Context, region string, arns []string) ([]elbtypes.LoadBalancer, error) {
	in := &elb.DescribeLoadBalancersInput{LoadBalancerArns: arns}
	if arns == nil {
		in.PageSize = awssdk.Int32(elbPageSize)
	}
	lbs, err := paged(ctx, r.Reader, "elasticloadbalancing", elb.NewDescribeLoadBalancersPaginator(r.client(region), in),
		func(o *elb.DescribeLoadBalancersOutput) []elbtypes.LoadBalancer { return o.LoadBalancers })
	for _, lb := range lbs {
		if awssdk.ToString(lb.LoadBalancerArn) == "" {
			return nil, missingField("DescribeLoadBalancers", "a load balancer's LoadBalancerArn")
		}
	}
	return lbs, err
}

// allLoadBalancers are the region's load balancers, listed once per Get
// or List (the load balancer and listener sweeps share them).
func (r elbReader) allLoadBalancers(ctx context.Context, region string) ([]elbtypes.LoadBalancer, error) {
	return memoized(ctx, "elb:lbs:"+region, func() ([]elbtypes.LoadBalancer, error) { return r.loadBalancers(ctx, region, nil) })
}

func (r elbReader) listeners(ctx context.Context, region, lb string, arns []string) ([]elbtypes.Listener, error) {
	in := &elb.DescribeListenersInput{ListenerArns: arns, PageSize: awssdk.Int32(elbPageSize)}
	if lb != "" {
		in.LoadBalancerArn = awssdk.String(lb)
	}
	ls, err := paged(ctx, r.Reader, "elasticloadbalancing", elb.NewDescribeListenersPaginator(r.client(region), in),
		func(o *elb.DescribeListenersOutput) []elbtypes.Listener { return o.Listeners })
	for _, l := range ls {
		if awssdk.ToString(l.ListenerArn) == "" {
			return nil, missingField("DescribeListeners", "a listener's ListenerArn")
		}
	}
	return ls, err
}

func (r elbReader) targetGroups(ctx context.Context, region string, arns []string) ([]elbtypes.TargetGroup, error) {
	in := &elb.DescribeTargetGroupsInput{TargetGroupArns: arns}
	if arns == nil {
		in.PageSize = awssdk.Int32(elbPageSize)
	}
	tgs, err := paged(ctx, r.Reader, "elasticloadbalancing", elb.NewDescribeTargetGroupsPaginator(r.client(region), in),
		func(o *elb.DescribeTargetGroupsOutput) []elbtypes.TargetGroup { return o.TargetGroups })
	for _, tg := range tgs {
		if awssdk.ToString(tg.TargetGroupArn) == "" {
			return nil, missingField("DescribeTargetGroups", "a target group's TargetGroupArn")
		}
	}
	return tgs, err
}

// tags reads the tags of arns, 20 a call.
func (r elbReader) tags(ctx context.Context, region string, arns []string) (map[string]map[string]any, error) {
	var mu sync.Mutex
	out := map[string]map[string]any{}
	g, gctx := errgroup.WithContext(ctx)
	for _, batch := range chunks(arns, elbBatch) {
		g.Go(func() error {
			var page *elb.DescribeTagsOutput
			if err := r.call(gctx, "elasticloadbalancing", func() (err error) {
				page, err = r.client(region).DescribeTags(gctx, &elb.DescribeTagsInput{ResourceArns: batch})
				return err
			}); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, d := range page.TagDescriptions {
				if slices.ContainsFunc(d.Tags, func(t elbtypes.Tag) bool { return t.Key == nil }) {
					return missingField("DescribeTags", "a tag's Key")
				}
				out[awssdk.ToString(d.ResourceArn)] = tagMap(d.Tags, func(t elbtypes.Tag) (string, string) { return awssdk.ToString(t.Key), awssdk.ToString(t.Value) })
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, arn := range arns {
		if _, ok := out[arn]; !ok {
			return nil, missingField("DescribeTags", "the tags of "+arn)
		}
	}
	return out, nil
}

// byARN describes arns 20 a call (byID); a batch AWS refuses because one
// of its ARNs is gone (…NotFound) is read one ARN at a time, and an ARN
// alone refused so is missing (describeOrEach).
func byARN[T any](ctx context.Context, r elbReader, arns []string, describe func(ctx context.Context, arns []string) ([]T, error), arn func(T) string) (map[string]T, map[string]error) {
	return byID(ctx, r.fanout, elbBatch, arns, func(ctx context.Context, batch []string) ([]T, error) {
		return describeOrEach(ctx, batch, describe, func(err error) bool { return strings.HasSuffix(errorCode(err), "NotFound") })
	}, arn)
}

func (r elbReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	var res cloud.GetResult
	var mu sync.Mutex
	var wg sync.WaitGroup
	for region, rs := range groupByRegion(refs) {
		byType := map[string][]cloud.Ref{}
		for _, ref := range rs {
			byType[ref.Type] = append(byType[ref.Type], ref)
		}
		for typ, trs := range byType {
			wg.Go(func() {
				var part cloud.GetResult
				switch typ {
				case typeLB:
					part = r.getLoadBalancers(ctx, region, trs)
				case typeLBListener:
					part = r.getListeners(ctx, region, trs)
				default:
					part = r.getTargetGroups(ctx, region, trs)
				}
				mu.Lock()
				defer mu.Unlock()
				res = merge(res, part)
			})
		}
	}
	wg.Wait()
	return res
}

func (r elbReader) getLoadBalancers(ctx context.Context, region string, refs []cloud.Ref) cloud.GetResult {
	lbs, failed := byARN(ctx, r, ids(refs), func(ctx context.Context, arns []string) ([]elbtypes.LoadBalancer, error) {
		return r.loadBalancers(ctx, region, arns)
	}, func(lb elbtypes.LoadBalancer) string { return awssdk.ToString(lb.LoadBalancerArn) })
	arns := slices.Sorted(maps.Keys(lbs))
	var tags map[string]map[string]any
	attrs := make(map[string]map[string]string, len(arns))
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { tags, err = r.tags(gctx, region, arns); return err })
	for _, a := range arns {
		g.Go(func() error {
			var out *elb.DescribeLoadBalancerAttributesOutput
			if err := r.call(gctx, "elasticloadbalancing", func() (err error) {
				out, err = r.client(region).DescribeLoadBalancerAttributes(gctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: &a})
				return err
			}); err != nil {
				return err
			}
			kv := map[string]string{}
			for _, x := range out.Attributes {
				kv[awssdk.ToString(x.Key)] = awssdk.ToString(x.Value)
			}
			mu.Lock()
			defer mu.Unlock()
			attrs[a] = kv
			return nil
		})
	}
	extraErr := g.Wait()
	return readEach(refs, func(ref cloud.Ref) outcome {
		if err := failed[ref.ID]; err != nil {
			return failedWith(err)
		}
		lb, ok := lbs[ref.ID]
		if !ok {
			return notFound
		}
		if extraErr != nil {
			return failedWith(extraErr)
		}
		a := lbAttrs(lb)
		a["tags"] = tags[ref.ID]
		lbAttributes(a, attrs[ref.ID])
		return foundAs(a)
	})
}

func lbAttrs(lb elbtypes.LoadBalancer) map[string]any {
	var subnets []string
	for _, az := range lb.AvailabilityZones {
		if s := awssdk.ToString(az.SubnetId); s != "" {
			subnets = append(subnets, s)
		}
	}
	arn := awssdk.ToString(lb.LoadBalancerArn)
	return map[string]any{
		"id":                 arn,
		"arn":                arn,
		"name":               awssdk.ToString(lb.LoadBalancerName),
		"internal":           lb.Scheme == elbtypes.LoadBalancerSchemeEnumInternal,
		"load_balancer_type": string(lb.Type),
		"subnets":            strings2any(subnets),
		"security_groups":    strings2any(lb.SecurityGroups),
		"dns_name":           awssdk.ToString(lb.DNSName),
		"vpc_id":             awssdk.ToString(lb.VpcId),
	}
}

// lbAttributes adds what DescribeLoadBalancerAttributes answers, as the
// provider keeps it; keys the answer lacks are left out.
func lbAttributes(attrs map[string]any, kv map[string]string) {
	boolAttr := func(name, key string) {
		if v, ok := kv[key]; ok {
			attrs[name] = v == "true"
		}
	}
	boolAttr("drop_invalid_header_fields", "routing.http.drop_invalid_header_fields.enabled")
	boolAttr("enable_deletion_protection", "deletion_protection.enabled")
	if v, ok := kv["idle_timeout.timeout_seconds"]; ok {
		if n, err := strconv.Atoi(v); err == nil {
			attrs["idle_timeout"] = float64(n)
		}
	}
	if enabled, ok := kv["access_logs.s3.enabled"]; ok {
		attrs["access_logs"] = []any{map[string]any{"enabled": enabled == "true", "bucket": kv["access_logs.s3.bucket"], "prefix": kv["access_logs.s3.prefix"]}}
	}
}

func (r elbReader) getListeners(ctx context.Context, region string, refs []cloud.Ref) cloud.GetResult {
	ls, failed := byARN(ctx, r, ids(refs), func(ctx context.Context, arns []string) ([]elbtypes.Listener, error) {
		return r.listeners(ctx, region, "", arns)
	}, func(l elbtypes.Listener) string { return awssdk.ToString(l.ListenerArn) })
	return readEach(refs, func(ref cloud.Ref) outcome {
		if err := failed[ref.ID]; err != nil {
			return failedWith(err)
		}
		l, ok := ls[ref.ID]
		if !ok {
			return notFound
		}
		return foundAs(listenerAttrs(l))
	})
}

func listenerAttrs(l elbtypes.Listener) map[string]any {
	cert := ""
	if len(l.Certificates) > 0 {
		cert = awssdk.ToString(l.Certificates[0].CertificateArn)
	}
	actions := []any{}
	for _, a := range l.DefaultActions {
		redirect, fixed := []any{}, []any{}
		if x := a.RedirectConfig; x != nil {
			redirect = []any{map[string]any{"host": awssdk.ToString(x.Host), "path": awssdk.ToString(x.Path), "port": awssdk.ToString(x.Port),
				"protocol": awssdk.ToString(x.Protocol), "query": awssdk.ToString(x.Query), "status_code": string(x.StatusCode)}}
		}
		if x := a.FixedResponseConfig; x != nil {
			fixed = []any{map[string]any{"content_type": awssdk.ToString(x.ContentType), "message_body": awssdk.ToString(x.MessageBody),
				"status_code": awssdk.ToString(x.StatusCode)}}
		}
		actions = append(actions, map[string]any{"type": string(a.Type), "target_group_arn": awssdk.ToString(a.TargetGroupArn),
			"redirect": redirect, "fixed_response": fixed})
	}
	arn := awssdk.ToString(l.ListenerArn)
	return map[string]any{
		"id":                arn,
		"arn":               arn,
		"load_balancer_arn": awssdk.ToString(l.LoadBalancerArn),
		"port":              float64(awssdk.ToInt32(l.Port)),
		"protocol":          string(l.Protocol),
		"ssl_policy":        awssdk.ToString(l.SslPolicy),
		"certificate_arn":   cert,
		"default_action":    actions,
	}
}

func (r elbReader) getTargetGroups(ctx context.Context, region string, refs []cloud.Ref) cloud.GetResult {
	tgs, failed := byARN(ctx, r, ids(refs), func(ctx context.Context, arns []string) ([]elbtypes.TargetGroup, error) {
		return r.targetGroups(ctx, region, arns)
	}, func(tg elbtypes.TargetGroup) string { return awssdk.ToString(tg.TargetGroupArn) })
	var arns []string
	for _, ref := range refs {
		if _, ok := tgs[ref.ID]; ok && !slices.Contains(arns, ref.ID) {
			arns = append(arns, ref.ID)
		}
	}
	tags, tagErr := r.tags(ctx, region, arns)
	return readEach(refs, func(ref cloud.Ref) outcome {
		if err := failed[ref.ID]; err != nil {
			return failedWith(err)
		}
		tg, ok := tgs[ref.ID]
		if !ok {
			return notFound
		}
		if tagErr != nil {
			return failedWith(tagErr)
		}
		a := targetGroupAttrs(tg)
		a["tags"] = tags[ref.ID]
		return foundAs(a)
	})
}

func targetGroupAttrs(tg elbtypes.TargetGroup) map[string]any {
	matcher := ""
	if tg.Matcher != nil {
		matcher = awssdk.ToString(tg.Matcher.HttpCode)
	}
	arn := awssdk.ToString(tg.TargetGroupArn)
	return map[string]any{
		"id":          arn,
		"arn":         arn,
		"name":        awssdk.ToString(tg.TargetGroupName),
		"port":        float64(awssdk.ToInt32(tg.Port)),
		"protocol":    string(tg.Protocol),
		"vpc_id":      awssdk.ToString(tg.VpcId),
		"target_type": string(tg.TargetType),
		"health_check": []any{map[string]any{
			"enabled":             awssdk.ToBool(tg.HealthCheckEnabled),
			"path":                awssdk.ToString(tg.HealthCheckPath),
			"port":                awssdk.ToString(tg.HealthCheckPort),
			"protocol":            string(tg.HealthCheckProtocol),
			"matcher":             matcher,
			"interval":            float64(awssdk.ToInt32(tg.HealthCheckIntervalSeconds)),
			"timeout":             float64(awssdk.ToInt32(tg.HealthCheckTimeoutSeconds)),
			"healthy_threshold":   float64(awssdk.ToInt32(tg.HealthyThresholdCount)),
			"unhealthy_threshold": float64(awssdk.ToInt32(tg.UnhealthyThresholdCount)),
		}},
	}
}

// list sweeps one type in region: load balancers and target groups with
// their paged Describe* call alone, listeners by load balancer.
func (r elbReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	var out []cloud.Resource
	add := func(id string, attrs map[string]any) {
		out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: id, Region: region}, Attrs: attrs})
	}
	switch typ {
	case typeLB:
		lbs, err := r.allLoadBalancers(ctx, region)
		if err != nil {
			return nil, err
		}
		for _, lb := range lbs {
			add(awssdk.ToString(lb.LoadBalancerArn), lbAttrs(lb))
		}
	case typeLBTargetGroup:
		tgs, err := r.targetGroups(ctx, region, nil)
		if err != nil {
			return nil, err
		}
		for _, tg := range tgs {
			add(awssdk.ToString(tg.TargetGroupArn), targetGroupAttrs(tg))
		}
	case typeLBListener:
		lbs, err := r.allLoadBalancers(ctx, region)
		if err != nil {
			return nil, err
		}
		per := make([][]elbtypes.Listener, len(lbs))
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(r.fanout)
		for i, lb := range lbs {
			g.Go(func() (err error) {
				per[i], err = r.listeners(gctx, region, awssdk.ToString(lb.LoadBalancerArn), nil)
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
		for _, ls := range per {
			for _, l := range ls {
				add(awssdk.ToString(l.ListenerArn), listenerAttrs(l))
			}
		}
	}
	return out, nil
}
