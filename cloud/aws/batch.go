package aws

import (
	"context"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud"
)

// describeEach runs describe on each batch, at most n at a time, and
// answers each batch's items and error at the batch's index.
func describeEach[B, T any](ctx context.Context, n int, batches []B, describe func(context.Context, B) ([]T, error)) ([][]T, []error) {
	results := make([][]T, len(batches))
	errs := make([]error, len(batches))
	sem := make(chan struct{}, max(n, 1))
	var wg sync.WaitGroup
	for i, b := range batches {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
				results[i], errs[i] = describe(ctx, b)
			case <-ctx.Done():
				errs[i] = ctx.Err()
			}
		})
	}
	wg.Wait()
	return results, errs
}

// describeOrEach describes batch; when gone says the API refused the
// whole batch because one of its items does not exist, it describes each
// item alone, side by side (each call still waits for its service's
// slot), and leaves out those gone.
func describeOrEach[T any](ctx context.Context, batch []string, describe func(context.Context, []string) ([]T, error), gone func(error) bool) ([]T, error) {
	items, err := describe(ctx, batch)
	if !gone(err) {
		return items, err
	}
	each := make([][]T, len(batch))
	g, gctx := errgroup.WithContext(ctx)
	for i, x := range batch {
		g.Go(func() error {
			one, err := describe(gctx, []string{x})
			if gone(err) {
				return nil
			}
			each[i] = one
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return slices.Concat(each...), nil
}

// regionID is a resource's ID (as describeByID keys it) in its region.
type regionID struct{ region, id string }

// describeByID describes the IDs of refs, per calls a describe of one
// region, at most n describes at a time: the items found, by region and
// idOf, and the error of each ID whose describe failed (an ID in neither
// is not there). key makes a ref's ID into idOf's form (nil: as it is);
// look refs up with the same key.
func describeByID[T any](ctx context.Context, n, per int, refs []cloud.Ref, key func(string) string,
	describe func(ctx context.Context, region string, ids []string) ([]T, error), idOf func(T) string) (map[regionID]T, map[regionID]error) {
	type batch struct {
		region string
		ids    []string
	}
	var batches []batch
	for region, rs := range groupByRegion(refs) {
		var ids []string
		for _, ref := range rs {
			id := ref.ID
			if key != nil {
				id = key(id)
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		for _, c := range chunks(ids, per) {
			batches = append(batches, batch{region, c})
		}
	}
	results, errs := describeEach(ctx, n, batches, func(ctx context.Context, b batch) ([]T, error) { return describe(ctx, b.region, b.ids) })
	found, failed := map[regionID]T{}, map[regionID]error{}
	for i, b := range batches {
		if errs[i] != nil {
			for _, id := range b.ids {
				failed[regionID{b.region, id}] = errs[i]
			}
			continue
		}
		for _, x := range results[i] {
			found[regionID{b.region, idOf(x)}] = x
		}
	}
	return found, failed
}
