package aws

import (
	"context"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"
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
