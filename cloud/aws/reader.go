// Package aws reads live AWS resources into a cloud.Inventory with
// aws-sdk-go-v2. Resource types and attribute names are the Terraform AWS
// provider's, so that drift compares the live side directly with state.
//
// Get is the managed, state-scoped read: it reads the given resources by ID
// with the few calls each type needs (batched Describe* filters for EC2 and
// RDS, one call per configuration for S3). List is the unmanaged sweep: it
// pages through the list calls and reads only what identifies a resource.
//
// Every call goes through the SDK's paginators and the adaptive retry mode,
// which backs off and slows the client down under throttling; calls to one
// service are bounded by Options.MaxConcurrency; a cancelled context stops
// the read.
package aws

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud"
)

// Options configures a Reader.
type Options struct {
	// Regions are the regions to read. The first one is where refs without
	// a region are looked for. Empty means the SDK's configured region.
	Regions []string
	// Profile is a shared-config profile; empty means the default chain
	// (AWS_PROFILE, then default).
	Profile string
	// Endpoint overrides every service's endpoint (for awslocal or a
	// proxy); S3 then uses path-style addressing. AWS_ENDPOINT_URL and
	// AWS_ENDPOINT_URL_<SERVICE> are honoured by the SDK without it.
	Endpoint string
	// MaxConcurrency bounds the calls in flight to one service (default 8).
	MaxConcurrency int
	// MaxAttempts bounds the attempts of one call, retries included
	// (default 10).
	MaxAttempts int
	// MaxBackoff caps the delay between two attempts (default: the SDK's
	// 20 s).
	MaxBackoff time.Duration
	// Logger receives debug lines about the reads; nil discards.
	Logger *slog.Logger
}

const (
	defaultConcurrency = 8
	defaultAttempts    = 10
)

// Reader is the AWS Inventory.
type Reader struct {
	cfg       awssdk.Config
	regions   []string
	log       *slog.Logger
	fanout    int
	pathStyle bool

	limits map[string]limiter // per service

	mu      sync.Mutex
	clients map[clientKey]any
}

var _ cloud.Inventory = (*Reader)(nil)

type clientKey struct{ service, region string }

// New loads the SDK configuration (the default credential chain) and
// returns a Reader. It makes no API call.
func New(ctx context.Context, opts Options) (*Reader, error) {
	attempts := cmp.Or(opts.MaxAttempts, defaultAttempts)
	loads := []func(*config.LoadOptions) error{
		config.WithRetryer(func() awssdk.Retryer {
			return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
				o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) {
					so.MaxAttempts = attempts
					if opts.MaxBackoff > 0 {
						so.MaxBackoff = opts.MaxBackoff
					}
				})
			})
		}),
	}
	if opts.Profile != "" {
		loads = append(loads, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.Endpoint != "" {
		loads = append(loads, config.WithBaseEndpoint(opts.Endpoint))
	}
	if len(opts.Regions) > 0 {
		loads = append(loads, config.WithRegion(opts.Regions[0]))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loads...)
	if err != nil {
		return nil, fmt.Errorf("aws: load configuration: %w", err)
	}
	regions := slices.Clone(opts.Regions)
	if len(regions) == 0 {
		if cfg.Region == "" {
			return nil, ErrNoRegion
		}
		regions = []string{cfg.Region}
	}
	r := &Reader{
		cfg:     cfg,
		regions: regions,
		log:     opts.Logger,
		fanout:  cmp.Or(opts.MaxConcurrency, defaultConcurrency),
		clients: map[clientKey]any{},
		limits:  map[string]limiter{},
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	for _, svc := range []string{"s3", "ec2", "rds", "iam", "kms"} {
		r.limits[svc] = make(limiter, r.fanout)
	}
	return r, nil
}

// client returns the service client for region, making it on first use, so
// that each service and region has its own adaptive rate limiter.
func client[T any](r *Reader, service, region string, newClient func(awssdk.Config) T) T {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := clientKey{service, region}
	if c, ok := r.clients[k]; ok {
		return c.(T)
	}
	cfg := r.cfg.Copy()
	cfg.Region = region
	c := newClient(cfg)
	r.clients[k] = c
	return c
}

// limiter bounds the calls in flight to one service.
type limiter chan struct{}

// do runs one API call when a slot is free.
func (l limiter) do(ctx context.Context, call func() error) error {
	select {
	case l <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l }()
	return call()
}

// call runs one API call of service under its concurrency bound.
func (r *Reader) call(ctx context.Context, service string, fn func() error) error {
	return r.limits[service].do(ctx, fn)
}

// reader of one group of resource types.
type reader interface {
	// get reads refs (all of this reader's types). Refs carry a region.
	get(ctx context.Context, refs []cloud.Ref) ([]cloud.Resource, []cloud.Ref, error)
	// list sweeps one type in one region ("" for global services).
	list(ctx context.Context, typ, region string) ([]cloud.Resource, error)
}

// typeInfo says which reader reads a type and how it is swept.
type typeInfo struct {
	service string
	// global types are listed once, not per region.
	global bool
	// companion types have no identity of their own and are not swept.
	companion bool
}

var types = map[string]typeInfo{
	typeS3Bucket:     {service: "s3", global: true},
	typeS3SSE:        {service: "s3", companion: true},
	typeS3Versioning: {service: "s3", companion: true},
	typeS3PAB:        {service: "s3", companion: true},
	typeS3Logging:    {service: "s3", companion: true},
	typeSecurity:     {service: "ec2"},
	typeInstance:     {service: "ec2"},
	typeEBSVolume:    {service: "ec2"},
	typeDBInstance:   {service: "rds"},
	typeIAMRole:      {service: "iam", global: true},
	typeKMSKey:       {service: "kms"},
}

func (r *Reader) readerFor(service string) reader {
	switch service {
	case "s3":
		return s3Reader{r}
	case "ec2":
		return ec2Reader{r}
	case "rds":
		return rdsReader{r}
	case "iam":
		return iamReader{r}
	case "kms":
		return kmsReader{r}
	}
	panic("aws: no reader for " + service)
}

// Types lists the resource types the Reader can read.
func (r *Reader) Types() []string {
	out := make([]string, 0, len(types))
	for t := range types {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// Get reads the given resources by ID. Refs without a region are looked
// for in the first configured region. Found resources come back in the
// order of refs, with the ref as given (duplicates once); resources that do
// not exist are returned in missing. Two refs that name one resource share
// its Attrs map.
func (r *Reader) Get(ctx context.Context, refs []cloud.Ref) ([]cloud.Resource, []cloud.Ref, error) {
	// Readers see each resource once, with its region filled in; callers
	// get their own refs back.
	byService := map[string][]cloud.Ref{}
	callers := map[cloud.Ref][]cloud.Ref{}
	for _, ref := range refs {
		info, ok := types[ref.Type]
		if !ok {
			return nil, nil, fmt.Errorf("aws: get %s %q: %w", ref.Type, ref.ID, ErrUnknownType)
		}
		norm := ref
		norm.Region = cmp.Or(ref.Region, r.regions[0])
		if _, ok := callers[norm]; !ok {
			byService[info.service] = append(byService[info.service], norm)
		}
		if !slices.Contains(callers[norm], ref) {
			callers[norm] = append(callers[norm], ref)
		}
	}

	var mu sync.Mutex
	found := map[cloud.Ref]cloud.Resource{}
	g, gctx := errgroup.WithContext(ctx)
	for service, refs := range byService {
		g.Go(func() error {
			res, _, err := r.readerFor(service).get(gctx, refs)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, x := range res {
				for _, ref := range callers[x.Ref] {
					found[ref] = cloud.Resource{Ref: ref, Attrs: x.Attrs}
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	var out []cloud.Resource
	var missing []cloud.Ref
	done := map[cloud.Ref]bool{}
	for _, ref := range refs {
		if done[ref] {
			continue
		}
		done[ref] = true
		if x, ok := found[ref]; ok {
			out = append(out, x)
		} else {
			missing = append(missing, ref)
		}
	}
	return out, missing, nil
}

// List sweeps every resource of the given types in every configured region
// (S3 buckets and IAM roles once: they are global, and buckets outside the
// configured regions are left out). It reads only what the list calls
// return: IDs, names and, where the list call has them, tags. Companion
// types (the S3 bucket configurations) have no identity of their own and
// yield nothing; sweep aws_s3_bucket instead. Results are sorted by type,
// region and ID.
func (r *Reader) List(ctx context.Context, typeNames []string) ([]cloud.Resource, error) {
	type job struct{ typ, region string }
	var jobs []job
	for _, t := range slices.Compact(slices.Sorted(slices.Values(typeNames))) {
		info, ok := types[t]
		if !ok {
			return nil, fmt.Errorf("aws: list %s: %w", t, ErrUnknownType)
		}
		switch {
		case info.companion:
			r.log.Debug("aws: companion type is not swept", "type", t)
		case info.global:
			jobs = append(jobs, job{t, ""})
		default:
			for _, region := range r.regions {
				jobs = append(jobs, job{t, region})
			}
		}
	}
	results := make([][]cloud.Resource, len(jobs))
	g, gctx := errgroup.WithContext(ctx)
	for i, j := range jobs {
		g.Go(func() error {
			res, err := r.readerFor(types[j.typ].service).list(gctx, j.typ, j.region)
			if err != nil {
				if j.region != "" {
					return fmt.Errorf("aws: list %s in %s: %w", j.typ, j.region, err)
				}
				return fmt.Errorf("aws: list %s: %w", j.typ, err)
			}
			results[i] = res
			r.log.Debug("aws: listed", "type", j.typ, "region", j.region, "count", len(res))
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := slices.Concat(results...)
	slices.SortFunc(out, func(a, b cloud.Resource) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Region, b.Region), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// groupByRegion splits refs by region, keeping their order.
func groupByRegion(refs []cloud.Ref) map[string][]cloud.Ref {
	out := map[string][]cloud.Ref{}
	for _, ref := range refs {
		out[ref.Region] = append(out[ref.Region], ref)
	}
	return out
}

// chunks splits ids into slices of at most n.
func chunks(ids []string, n int) [][]string {
	var out [][]string
	for len(ids) > n {
		out = append(out, ids[:n])
		ids = ids[n:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}

// tagMap is a Terraform tags attribute.
func tagMap[T any](tags []T, kv func(T) (string, string)) map[string]any {
	out := make(map[string]any, len(tags))
	for _, t := range tags {
		k, v := kv(t)
		out[k] = v
	}
	return out
}

func strings2any(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// errorf names the resource an error is about.
func errorf(op string, ref cloud.Ref, err error) error {
	return fmt.Errorf("aws: %s %s %q in %s: %w", op, ref.Type, ref.ID, ref.Region, err)
}

// splitFound keeps the refs in order: those whose attributes were read go
// to found, the rest (nil attributes) to missing.
func splitFound(refs []cloud.Ref, attrs []map[string]any) (found []cloud.Resource, missing []cloud.Ref) {
	for i, ref := range refs {
		if attrs[i] == nil {
			missing = append(missing, ref)
			continue
		}
		found = append(found, cloud.Resource{Ref: ref, Attrs: attrs[i]})
	}
	return found, missing
}

// readEach builds each ref's attributes with read (nil: missing) and splits
// the refs into found and missing.
func readEach(refs []cloud.Ref, read func(cloud.Ref) map[string]any) ([]cloud.Resource, []cloud.Ref) {
	attrs := make([]map[string]any, len(refs))
	for i, ref := range refs {
		attrs[i] = read(ref)
	}
	return splitFound(refs, attrs)
}
