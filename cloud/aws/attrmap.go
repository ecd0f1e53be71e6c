package aws

import (
	"context"

	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud"
)

// attributeMap reads a resource's attribute map once per Get, under key:
// nil when gone says read's error means the resource does not exist, an
// error naming op when the map lacks idAttr, which every answer has.
func attributeMap(ctx context.Context, key, op, idAttr string, gone func(error) bool, read func() (map[string]string, error)) (map[string]string, error) {
	return memoized(ctx, key, func() (map[string]string, error) {
		a, err := read()
		if gone(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if a[idAttr] == "" {
			return nil, missingField(op, "the "+idAttr)
		}
		return a, nil
	})
}

// withTags reads the attribute map and the tags of ref's resource at
// once: no attributes (nil) when read answers none or the tags call fails
// as gone.
func withTags(ctx context.Context, ref cloud.Ref, read func(ctx context.Context, region, id string) (map[string]string, error),
	tags func(ctx context.Context, region, id string) (map[string]any, error), gone func(error) bool) (map[string]string, map[string]any, error) {
	var a map[string]string
	var t map[string]any
	var tagsGone bool
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { a, err = read(gctx, ref.Region, ref.ID); return err })
	g.Go(func() (err error) {
		t, err = tags(gctx, ref.Region, ref.ID)
		if gone(err) {
			tagsGone, err = true, nil
		}
		return err
	})
	if err := g.Wait(); err != nil || tagsGone {
		return nil, nil, err
	}
	return a, t, nil
}
