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
// service are bounded by Options.MaxConcurrency; each attempt is bounded by
// Options.RequestTimeout; a cancelled context stops the read.
//
// Each resource read ends in one of three outcomes: found (every answer
// complete and valid), missing (the service's own not-found answer, or a
// well-formed empty answer to a lookup by ID), or failed (anything else:
// see cloud.Failure). An empty, truncated or foreign success body is never
// taken for an empty result: see responseCheck and missingField.
package aws

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/middleware"

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
	// RequestTimeout bounds one attempt of one call, from sending the
	// request to reading the whole answer (default 30 s). A call that times
	// out is retried like a throttled one, then fails.
	RequestTimeout time.Duration
	// Logger receives debug lines about the reads; nil discards.
	Logger *slog.Logger
	// Types are the resource types the Reader reads (Types, and what
	// IAMPolicy needs); empty means every supported type.
	Types []string
}

const (
	defaultConcurrency    = 8
	defaultAttempts       = 10
	defaultRequestTimeout = 30 * time.Second
)

// Reader is the AWS Inventory.
type Reader struct {
	cfg     awssdk.Config
	regions []string
	log     *slog.Logger
	fanout  int

	limits  map[string]limiter // per service
	enabled []string

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
		config.WithHTTPClient(awshttp.NewBuildableClient().WithTimeout(cmp.Or(opts.RequestTimeout, defaultRequestTimeout))),
		config.WithAPIOptions([]func(*middleware.Stack) error{addResponseCheck}),
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
	enabled := SupportedTypes()
	if len(opts.Types) > 0 {
		enabled = slices.Compact(slices.Sorted(slices.Values(opts.Types)))
		for _, t := range enabled {
			if _, ok := types[t]; !ok {
				return nil, fmt.Errorf("aws: %s: %w", t, ErrUnknownType)
			}
		}
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
		enabled: enabled,
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	for _, info := range types {
		if _, ok := r.limits[info.service]; !ok {
			r.limits[info.service] = make(limiter, r.fanout)
		}
	}
	r.limits["sts"] = make(limiter, r.fanout) // leaked access keys (accesskeys.go)
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
	// get reads refs (all of this reader's types); refs carry a region.
	// Every ref ends in the result's Found, Missing or Failed.
	get(ctx context.Context, refs []cloud.Ref) cloud.GetResult
	// list sweeps one type in one region ("" for global services). An
	// error means the listing is incomplete.
	list(ctx context.Context, typ, region string) ([]cloud.Resource, error)
}

// typeInfo says which reader reads a type and how it is swept.
type typeInfo struct {
	service string
	// global types are listed once, not per region.
	global bool
	// companion types have no identity of their own and are not swept.
	companion bool
	// actions are the IAM actions reading the type calls (Get and List):
	// what IAMPolicy grants.
	actions []string
}

// readers make the reader of each service; a service's file registers
// its own in init (with its types), so that adding a service touches no
// shared switch.
var readers = map[string]func(*Reader) reader{
	"s3":  func(r *Reader) reader { return s3Reader{r} },
	"ec2": func(r *Reader) reader { return ec2Reader{r} },
	"rds": func(r *Reader) reader { return rdsReader{r} },
	"iam": func(r *Reader) reader { return iamReader{r} },
	"kms": func(r *Reader) reader { return kmsReader{r} },
}

func (r *Reader) readerFor(service string) reader {
	newReader, ok := readers[service]
	if !ok {
		panic("aws: no reader for " + service)
	}
	return newReader(r)
}

// Types lists the resource types the Reader reads: Options.Types, or every
// supported type.
func (r *Reader) Types() []string {
	return slices.Clone(r.enabled)
}

// SupportedTypes lists every resource type the AWS reader can read.
func SupportedTypes() []string {
	return slices.Sorted(maps.Keys(types))
}

// Get reads the given resources by ID. Refs without a region are looked
// for in the first configured region. Every ref comes back, in the order of
// refs and as given (duplicates once), in exactly one of Found, Missing and
// Failed (see cloud.GetResult); resources are missing only on the service's
// own answer. Two refs that name one resource share its Attrs map. The
// error is for the read as a whole: an unsupported type, or ctx done
// before the read finished.
func (r *Reader) Get(ctx context.Context, refs []cloud.Ref) (cloud.GetResult, error) {
	// Readers see each resource once, with its region filled in; callers
	// get their own refs back.
	byService := map[string][]cloud.Ref{}
	callers := map[cloud.Ref][]cloud.Ref{}
	for _, ref := range refs {
		info, ok := types[ref.Type]
		if !ok {
			return cloud.GetResult{}, fmt.Errorf("aws: get %s %q: %w", ref.Type, ref.ID, ErrUnknownType)
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

	ctx = withMemo(ctx)
	var mu sync.Mutex
	found := map[cloud.Ref]cloud.Resource{}
	missing := map[cloud.Ref]bool{}
	failed := map[cloud.Ref]error{}
	var wg sync.WaitGroup
	for service, refs := range byService {
		wg.Go(func() {
			res := r.readerFor(service).get(ctx, refs)
			mu.Lock()
			defer mu.Unlock()
			for _, x := range res.Found {
				for _, ref := range callers[x.Ref] {
					found[ref] = cloud.Resource{Ref: ref, Attrs: x.Attrs}
				}
			}
			for _, m := range res.Missing {
				for _, ref := range callers[m] {
					missing[ref] = true
				}
			}
			for _, f := range res.Failed {
				for _, ref := range callers[f.Ref] {
					failed[ref] = denied(ref.Type, f.Err)
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return cloud.GetResult{}, err
	}
	var out cloud.GetResult
	done := map[cloud.Ref]bool{}
	for _, ref := range refs {
		if done[ref] {
			continue
		}
		done[ref] = true
		if x, ok := found[ref]; ok {
			out.Found = append(out.Found, x)
		} else if missing[ref] {
			out.Missing = append(out.Missing, ref)
		} else {
			err := failed[ref]
			if err == nil {
				err = errors.New("aws: the reader gave no answer for this resource") // a reader bug; never a finding
			}
			out.Failed = append(out.Failed, cloud.Failure{Ref: ref, Err: err})
		}
	}
	return out, nil
}

// List sweeps every resource of the given types in every configured region
// (S3 buckets and IAM roles once: they are global, and buckets outside the
// configured regions are left out). It reads only what the list calls
// return: IDs, names and, where the list call has them, tags. Companion
// types (the S3 bucket configurations) have no identity of their own and
// yield nothing; sweep aws_s3_bucket instead. A type and region whose
// listing fails is in Failed and contributes no resource (a partial list
// is not a list). Resources are sorted by type, region and ID. The error
// is for the sweep as a whole: an unsupported type, or ctx done.
func (r *Reader) List(ctx context.Context, typeNames []string) (cloud.ListResult, error) {
	type job struct{ typ, region string }
	var jobs []job
	for _, t := range slices.Compact(slices.Sorted(slices.Values(typeNames))) {
		info, ok := types[t]
		if !ok {
			return cloud.ListResult{}, fmt.Errorf("aws: list %s: %w", t, ErrUnknownType)
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
	ctx = withMemo(ctx)
	results := make([][]cloud.Resource, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			results[i], errs[i] = r.readerFor(types[j.typ].service).list(ctx, j.typ, j.region)
			r.log.Debug("aws: listed", "type", j.typ, "region", j.region, "count", len(results[i]), "err", errs[i])
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return cloud.ListResult{}, err
	}
	var out cloud.ListResult
	for i, j := range jobs {
		if errs[i] != nil {
			out.Failed = append(out.Failed, cloud.Failure{Ref: cloud.Ref{Type: j.typ, Region: j.region}, Err: denied(j.typ, errs[i])})
			continue
		}
		out.Resources = append(out.Resources, results[i]...)
	}
	slices.SortFunc(out.Resources, func(a, b cloud.Resource) int {
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

// outcome is what reading one ref gave: attributes (found), missing, or
// an error (failed).
type outcome struct {
	attrs   map[string]any
	missing bool
	err     error
}

func foundAs(attrs map[string]any) outcome { return outcome{attrs: attrs} }

var notFound = outcome{missing: true}

func failedWith(err error) outcome { return outcome{err: err} }

// collect sorts refs into found, missing and failed by their outcomes
// (outs[i] is refs[i]'s), keeping their order.
func collect(refs []cloud.Ref, outs []outcome) cloud.GetResult {
	var res cloud.GetResult
	for i, ref := range refs {
		o := outs[i]
		switch {
		case o.err != nil:
			res.Failed = append(res.Failed, cloud.Failure{Ref: ref, Err: o.err})
		case o.missing:
			res.Missing = append(res.Missing, ref)
		case o.attrs != nil:
			res.Found = append(res.Found, cloud.Resource{Ref: ref, Attrs: o.attrs})
		default:
			res.Failed = append(res.Failed, cloud.Failure{Ref: ref, Err: errors.New("no answer")})
		}
	}
	return res
}

// readEach gives each ref the outcome read returns for it.
func readEach(refs []cloud.Ref, read func(cloud.Ref) outcome) cloud.GetResult {
	outs := make([]outcome, len(refs))
	for i, ref := range refs {
		outs[i] = read(ref)
	}
	return collect(refs, outs)
}

// readParallel reads each ref with read, at most n at a time.
func readParallel(ctx context.Context, n int, refs []cloud.Ref, read func(context.Context, cloud.Ref) outcome) cloud.GetResult {
	outs := make([]outcome, len(refs))
	sem := make(chan struct{}, max(n, 1))
	var wg sync.WaitGroup
	for i, ref := range refs {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				outs[i] = failedWith(ctx.Err())
				return
			}
			defer func() { <-sem }()
			outs[i] = read(ctx, ref)
		})
	}
	wg.Wait()
	return collect(refs, outs)
}

// merge appends b's outcomes to a's.
func merge(a, b cloud.GetResult) cloud.GetResult {
	a.Found = append(a.Found, b.Found...)
	a.Missing = append(a.Missing, b.Missing...)
	a.Failed = append(a.Failed, b.Failed...)
	return a
}

// memo shares the answers of one Get or List among the readers of its
// types: the instances both the instance and the volume sweeps need, the
// IAM account snapshot every IAM type's sweep reads, one role's attached
// policies for each of its attachments. Each key is computed once; a
// failure is shared too (every type that needed it fails).
type memo struct {
	mu sync.Mutex
	m  map[string]*memoCell
}

type memoCell struct {
	once sync.Once
	v    any
	err  error
}

type memoKey struct{}

func withMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &memo{m: map[string]*memoCell{}})
}

// memoized returns compute's answer for key, computing it once per Get or
// List (every time when ctx carries no memo).
func memoized[T any](ctx context.Context, key string, compute func() (T, error)) (T, error) {
	m, _ := ctx.Value(memoKey{}).(*memo)
	if m == nil {
		return compute()
	}
	m.mu.Lock()
	c, ok := m.m[key]
	if !ok {
		c = &memoCell{}
		m.m[key] = c
	}
	m.mu.Unlock()
	c.once.Do(func() { c.v, c.err = compute() })
	if c.err != nil {
		var zero T
		return zero, c.err
	}
	return c.v.(T), nil
}
