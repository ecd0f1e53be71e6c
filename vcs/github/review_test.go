package github_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/vcs/github"
	"github.com/driftfix/driftfix/vcs/github/githublocal"
)

func TestApprovals(t *testing.T) {
	type review struct {
		login, state string
		dismiss      bool
	}
	tests := []struct {
		name    string
		reviews []review
		want    []string
	}{
		{"none", nil, nil},
		{"one approval", []review{{"alice", "APPROVED", false}}, []string{"alice"}},
		{"approvals sorted by login", []review{{"carol", "APPROVED", false}, {"alice", "APPROVED", false}, {"bob", "APPROVED", false}}, []string{"alice", "bob", "carol"}},
		{"a later request for changes withdraws it", []review{{"alice", "APPROVED", false}, {"alice", "CHANGES_REQUESTED", false}}, nil},
		{"a later approval counts", []review{{"alice", "CHANGES_REQUESTED", false}, {"alice", "APPROVED", false}}, []string{"alice"}},
		{"a comment after an approval keeps it", []review{{"alice", "APPROVED", false}, {"alice", "COMMENTED", false}}, []string{"alice"}},
		{"a comment alone approves nothing", []review{{"alice", "COMMENTED", false}}, nil},
		{"a dismissed approval does not count", []review{{"alice", "APPROVED", true}}, nil},
		{"a dismissed approval, then a new one", []review{{"alice", "APPROVED", true}, {"alice", "APPROVED", false}}, []string{"alice"}},
		{"one user's dismissal leaves the others", []review{{"alice", "APPROVED", true}, {"bob", "APPROVED", false}}, []string{"bob"}},
		{"login case does not split a user", []review{{"Alice", "APPROVED", false}, {"alice", "CHANGES_REQUESTED", false}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			n := e.openPull()
			head, _ := e.srv.Branch(owner, repoName, "b")
			for _, r := range tc.reviews {
				id := e.srv.AddReview(owner, repoName, n, r.login, r.state)
				if r.dismiss {
					e.srv.DismissReview(owner, repoName, n, id)
				}
			}
			got, err := e.repo.Approvals(context.Background(), n)
			if err != nil {
				t.Fatal(err)
			}
			var logins []string
			for _, a := range got {
				logins = append(logins, a.Login)
				if a.CommitID != head || !a.SubmittedAt.Equal(epoch) {
					t.Errorf("approval %+v: want commit %s at %s", a, head, epoch)
				}
			}
			if !slices.Equal(logins, tc.want) {
				t.Errorf("approvals = %v, want %v", logins, tc.want)
			}
		})
	}
}

// TestApprovalsPaginate has more reviews than a page holds: the latest,
// on the third page, decides.
func TestApprovalsPaginate(t *testing.T) {
	e := newEnv(t)
	n := e.openPull()
	for range 120 {
		e.srv.AddReview(owner, repoName, n, "alice", "COMMENTED")
	}
	e.srv.AddReview(owner, repoName, n, "alice", "APPROVED")
	for range 100 {
		e.srv.AddReview(owner, repoName, n, "bob", "APPROVED")
	}
	e.srv.AddReview(owner, repoName, n, "bob", "CHANGES_REQUESTED")
	got, err := e.repo.Approvals(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Login != "alice" {
		t.Errorf("approvals = %+v, want alice only", got)
	}
	if c := e.count("GET /repos/acme/infra/pulls/1/reviews"); c != 3 {
		t.Errorf("%d pages read, want 3", c)
	}
}

func TestMergeable(t *testing.T) {
	tests := []struct {
		name   string
		set    *githublocal.Mergeability
		merge  bool
		close  bool
		want   github.Mergeability
		sleeps []time.Duration
		err    error
	}{
		{name: "computed at once", set: &githublocal.Mergeability{Mergeable: true, State: "clean"}, want: github.Mergeability{Mergeable: true, State: "clean"}},
		{name: "a new pull request is computed on the second read", want: github.Mergeability{Mergeable: true, State: "clean"}, sleeps: []time.Duration{time.Second}},
		{name: "conflicts", set: &githublocal.Mergeability{Mergeable: false, State: "dirty", PendingReads: 2},
			want: github.Mergeability{Mergeable: false, State: "dirty"}, sleeps: []time.Duration{time.Second, 2 * time.Second}},
		{name: "blocked by protection", set: &githublocal.Mergeability{Mergeable: true, State: "blocked"}, want: github.Mergeability{Mergeable: true, State: "blocked"}},
		{name: "never computed", set: &githublocal.Mergeability{Mergeable: true, State: "clean", PendingReads: 100},
			sleeps: []time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second}, err: github.ErrMergeabilityUnknown},
		{name: "merged", merge: true, want: github.Mergeability{State: "merged"}},
		{name: "closed", close: true, want: github.Mergeability{State: "closed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			n := e.openPull()
			if tc.set != nil {
				e.srv.SetMergeability(owner, repoName, n, *tc.set)
			}
			if tc.merge {
				e.srv.Merge(owner, repoName, n)
			}
			if tc.close {
				e.branch("c")
				e.open(github.PullRequest{Project: "prod", Head: "c"}) // supersedes #1
			}
			got, err := e.repo.Mergeable(context.Background(), n)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil && !strings.Contains(err.Error(), "read the mergeability of acme/infra#1") {
				t.Errorf("error %q does not name the call", err)
			}
			if got != tc.want {
				t.Errorf("mergeability = %+v, want %+v", got, tc.want)
			}
			if s := e.slept(); !slices.Equal(s, tc.sleeps) {
				t.Errorf("waited %v, want %v", s, tc.sleeps)
			}
		})
	}
}

func TestPullRequestInfo(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	n := e.openPull()
	head, _ := e.srv.Branch(owner, repoName, "b")
	base, _ := e.srv.Branch(owner, repoName, "main")
	want := github.PullRequestInfo{
		Number: 1, URL: e.http.URL + "/acme/infra/pull/1", State: "open", Title: "driftfix: fixes for prod", Author: "driftfix-bot",
		HeadRef: "b", HeadSHA: head, BaseRef: "main", BaseSHA: base,
	}
	got, err := e.repo.PullRequest(ctx, n)
	if err != nil || got != want {
		t.Fatalf("PullRequest = %+v, %v\nwant %+v", got, err, want)
	}
	// a push moves the head
	e.srv.SetBranch(owner, repoName, "b", strings.Repeat("9", 40))
	if got, _ := e.repo.PullRequest(ctx, n); got.HeadSHA != strings.Repeat("9", 40) {
		t.Errorf("head after a push = %s", got.HeadSHA)
	}
	e.srv.Merge(owner, repoName, n)
	if got, _ := e.repo.PullRequest(ctx, n); got.State != "closed" || !got.Merged {
		t.Errorf("after merge: %+v", got)
	}
	_, err = e.repo.PullRequest(ctx, 99)
	if !github.IsNotFound(err) || !strings.Contains(err.Error(), "read pull request acme/infra#99: HTTP 404") {
		t.Errorf("missing pull request: %v", err)
	}
}

func TestChangedFiles(t *testing.T) {
	tests := []struct {
		files int
		pages int
		err   string
	}{
		{0, 1, ""}, {1, 1, ""}, {100, 1, ""}, {101, 2, ""}, {250, 3, ""}, {3000, 30, ""},
		{3001, 30, "changes 3001 files; GitHub lists only the first 3000"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.files), func(t *testing.T) {
			e := newEnv(t)
			n := e.openPull()
			var files []githublocal.File
			for i := range tc.files {
				f := githublocal.File{Filename: fmt.Sprintf("envs/prod/f%04d.tf", i), Status: "modified", Additions: 1}
				if i == 0 {
					f.Status, f.PreviousFilename = "renamed", "envs/prod/old.tf"
				}
				files = append(files, f)
			}
			e.srv.SetFiles(owner, repoName, n, files)
			got, err := e.repo.ChangedFiles(context.Background(), n)
			if c := e.count("GET /repos/acme/infra/pulls/1/files"); c != tc.pages {
				t.Errorf("%d pages read, want %d", c, tc.pages)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.files {
				t.Fatalf("%d files, want %d", len(got), tc.files)
			}
			for i, f := range got {
				if f.Filename != files[i].Filename || f.Status != files[i].Status || f.PreviousFilename != files[i].PreviousFilename {
					t.Fatalf("file %d = %+v, want %+v", i, f, files[i])
				}
			}
		})
	}
}
