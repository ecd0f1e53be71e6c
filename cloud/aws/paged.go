package aws

import "context"

// pager is an SDK paginator of any service (Opt is the service's Options).
type pager[O, Opt any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*Opt)) (O, error)
}

// paged pages through p, each page one call of service under its bound,
// and gathers what items takes from each page.
func paged[O, Opt, T any](ctx context.Context, r *Reader, service string, p pager[O, Opt], items func(O) []T) ([]T, error) {
	var out []T
	for p.HasMorePages() {
		var page O
		if err := r.call(ctx, service, func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		out = append(out, items(page)...)
	}
	return out, nil
}
