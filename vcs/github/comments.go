package github

import (
	"context"
	"fmt"
	"slices"

	gh "github.com/google/go-github/v81/github"
)

// Comment is a comment on a pull request.
type Comment struct {
	ID  int64
	URL string
}

// PostComments adds comments to a pull request, in order. A body longer
// than MaxBodyChars is split with SplitBody over as many comments as it
// needs.
func (r *Repo) PostComments(ctx context.Context, number int, bodies []string) ([]Comment, error) {
	var out []Comment
	for _, b := range splitAll(bodies, MaxBodyChars) {
		c, err := r.createComment(ctx, number, b)
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}

// UpdateOrCreateComment keeps one comment per key on a pull request: the
// comment that starts with key's marker is edited (left alone when it
// already says body), or created when there is none. A body longer than
// a comment holds continues in further marked comments, kept the same
// way; parts a shorter body no longer needs are deleted. It returns the
// first comment.
func (r *Repo) UpdateOrCreateComment(ctx context.Context, number int, key Marker, body string) (Comment, error) {
	cs, err := r.UpdateOrCreateComments(ctx, number, key, []string{body})
	if err != nil {
		return Comment{}, err
	}
	return cs[0], nil
}

// UpdateOrCreateComments is UpdateOrCreateComment for a text already cut
// into comments (such as report.MarkdownComments'): part i of key is
// bodies[i].
func (r *Repo) UpdateOrCreateComments(ctx context.Context, number int, key Marker, bodies []string) ([]Comment, error) {
	if err := key.valid(); err != nil {
		return nil, err
	}
	if len(bodies) == 0 {
		bodies = []string{""}
	}
	return r.upsertParts(ctx, number, key, splitAll(bodies, MaxBodyChars-key.room()), 1)
}

// splitAll splits every body longer than limit.
func splitAll(bodies []string, limit int) []string {
	var out []string
	for _, b := range bodies {
		out = append(out, SplitBody(b, limit)...)
	}
	return out
}

// upsertParts makes key's comments on a pull request parts first,
// first+1, … hold bodies: existing ones edited in place (when they
// differ), missing ones created, and key's comments past the last part
// (or duplicates of a part) deleted.
func (r *Repo) upsertParts(ctx context.Context, number int, key Marker, bodies []string, first int) ([]Comment, error) {
	existing, err := r.listComments(ctx, number)
	if err != nil {
		return nil, err
	}
	byPart := map[int]*gh.IssueComment{}
	var stale []*gh.IssueComment
	for _, c := range existing {
		part, ok := key.part(c.GetBody())
		if !ok || part < first {
			continue
		}
		if _, dup := byPart[part]; dup {
			stale = append(stale, c)
			continue
		}
		byPart[part] = c
	}
	var out []Comment
	for i, b := range bodies {
		part := first + i
		text := key.marked(part, b)
		old, ok := byPart[part]
		delete(byPart, part)
		switch {
		case ok && old.GetBody() == text:
			out = append(out, Comment{ID: old.GetID(), URL: old.GetHTMLURL()})
		case ok:
			c, err := r.editComment(ctx, old.GetID(), text)
			if err != nil {
				return out, err
			}
			out = append(out, c)
		default:
			c, err := r.createComment(ctx, number, text)
			if err != nil {
				return out, err
			}
			out = append(out, c)
		}
	}
	for _, c := range byPart {
		stale = append(stale, c)
	}
	slices.SortFunc(stale, func(a, b *gh.IssueComment) int { return int(a.GetID() - b.GetID()) })
	for _, c := range stale {
		if err := r.deleteComment(ctx, c.GetID()); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (r *Repo) listComments(ctx context.Context, number int) ([]*gh.IssueComment, error) {
	return listAll(ctx, r.c, fmt.Sprintf("list the comments of %s#%d", r, number),
		func(ctx context.Context, o gh.ListOptions) ([]*gh.IssueComment, *gh.Response, error) {
			return r.c.gh.Issues.ListComments(ctx, r.owner, r.name, number, &gh.IssueListCommentsOptions{ListOptions: o})
		})
}

func (r *Repo) createComment(ctx context.Context, number int, body string) (Comment, error) {
	var c *gh.IssueComment
	err := r.c.call(ctx, fmt.Sprintf("comment on %s#%d", r, number), func(ctx context.Context) (*gh.Response, error) {
		var resp *gh.Response
		var err error
		c, resp, err = r.c.gh.Issues.CreateComment(ctx, r.owner, r.name, number, &gh.IssueComment{Body: &body})
		return resp, err
	})
	if err != nil {
		return Comment{}, err
	}
	return Comment{ID: c.GetID(), URL: c.GetHTMLURL()}, nil
}

func (r *Repo) editComment(ctx context.Context, id int64, body string) (Comment, error) {
	var c *gh.IssueComment
	err := r.c.call(ctx, fmt.Sprintf("edit comment %d on %s", id, r), func(ctx context.Context) (*gh.Response, error) {
		var resp *gh.Response
		var err error
		c, resp, err = r.c.gh.Issues.EditComment(ctx, r.owner, r.name, id, &gh.IssueComment{Body: &body})
		return resp, err
	})
	if err != nil {
		return Comment{}, err
	}
	return Comment{ID: c.GetID(), URL: c.GetHTMLURL()}, nil
}

func (r *Repo) deleteComment(ctx context.Context, id int64) error {
	return r.c.call(ctx, fmt.Sprintf("delete comment %d on %s", id, r), func(ctx context.Context) (*gh.Response, error) {
		return r.c.gh.Issues.DeleteComment(ctx, r.owner, r.name, id)
	})
}

// listAll reads every page of a list, 100 items a page.
func listAll[T any](ctx context.Context, c *Client, name string, list func(context.Context, gh.ListOptions) ([]T, *gh.Response, error)) ([]T, error) {
	opts := gh.ListOptions{PerPage: 100}
	var all []T
	for {
		var page []T
		var next int
		err := c.call(ctx, name, func(ctx context.Context) (*gh.Response, error) {
			items, resp, err := list(ctx, opts)
			if err == nil {
				page, next = items, resp.NextPage
			}
			return resp, err
		})
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if next == 0 {
			return all, nil
		}
		opts.Page = next
	}
}
