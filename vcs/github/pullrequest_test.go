package github_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/vcs/github"
	"github.com/driftfix/driftfix/vcs/github/githublocal"
)

func TestEnsurePullRequest(t *testing.T) {
	type want struct {
		number int
		state  string
		head   string
		base   string
		title  string
		body   string // a piece of the description
		labels []string
	}
	tests := []struct {
		name  string
		runs  []github.PullRequest
		pulls []want         // every pull request afterwards, by number
		calls map[string]int // requests made, by "METHOD /path" prefix
	}{{
		name: "opens with labels and a marked description",
		runs: []github.PullRequest{{Project: "prod", Head: "driftfix/prod/1", Title: "driftfix: 2 fixes", Body: "fixed things", Labels: []string{"driftfix", "security"}}},
		pulls: []want{{number: 1, state: "open", head: "driftfix/prod/1", base: "main", title: "driftfix: 2 fixes",
			body: "<!-- driftfix:pr project=prod -->\nfixed things", labels: []string{"driftfix", "security"}}},
		calls: map[string]int{"POST /repos/acme/infra/pulls": 1, "POST /repos/acme/infra/issues/1/labels": 1},
	}, {
		name: "a re-run from the same branch updates, never duplicates",
		runs: []github.PullRequest{
			{Project: "prod", Head: "driftfix/prod/1", Title: "first", Body: "one", Labels: []string{"driftfix"}},
			{Project: "prod", Head: "driftfix/prod/1", Title: "second", Body: "two", Labels: []string{"driftfix", "review"}},
		},
		pulls: []want{{number: 1, state: "open", head: "driftfix/prod/1", base: "main", title: "second", body: "\ntwo", labels: []string{"driftfix", "review"}}},
		calls: map[string]int{"POST /repos/acme/infra/pulls": 1, "PATCH /repos/acme/infra/pulls/1": 1, "POST /repos/acme/infra/issues/1/labels": 2},
	}, {
		name: "an unchanged re-run changes nothing",
		runs: []github.PullRequest{
			{Project: "prod", Head: "driftfix/prod/1", Title: "same", Body: "same", Labels: []string{"driftfix"}},
			{Project: "prod", Head: "driftfix/prod/1", Title: "same", Body: "same", Labels: []string{"driftfix"}},
		},
		pulls: []want{{number: 1, state: "open", head: "driftfix/prod/1", base: "main", title: "same", body: "same", labels: []string{"driftfix"}}},
		calls: map[string]int{"POST /repos/acme/infra/pulls": 1, "PATCH ": 0, "POST /repos/acme/infra/issues/1/labels": 1, "DELETE ": 0},
	}, {
		name: "a re-run from a new branch supersedes the project's older pull request",
		runs: []github.PullRequest{
			{Project: "prod", Head: "driftfix/prod/1", Body: "first run"},
			{Project: "prod", Head: "driftfix/prod/2", Body: "second run"},
		},
		pulls: []want{
			{number: 1, state: "closed", head: "driftfix/prod/1", base: "main", title: "driftfix: fixes for prod", body: "first run"},
			{number: 2, state: "open", head: "driftfix/prod/2", base: "main", title: "driftfix: fixes for prod", body: "second run"},
		},
		calls: map[string]int{"POST /repos/acme/infra/pulls": 2, "POST /repos/acme/infra/issues/1/comments": 1, "PATCH /repos/acme/infra/pulls/1": 1},
	}, {
		name: "other projects' pull requests are left open",
		runs: []github.PullRequest{
			{Project: "prod", Head: "driftfix/prod/1", Body: "prod"},
			{Project: "prod-eu", Head: "driftfix/prod-eu/1", Body: "eu"},
			{Project: "staging", Head: "driftfix/staging/1", Body: "staging"},
		},
		pulls: []want{
			{number: 1, state: "open", head: "driftfix/prod/1", base: "main", title: "driftfix: fixes for prod", body: "project=prod -->"},
			{number: 2, state: "open", head: "driftfix/prod-eu/1", base: "main", title: "driftfix: fixes for prod-eu", body: "project=prod-eu -->"},
			{number: 3, state: "open", head: "driftfix/staging/1", base: "main", title: "driftfix: fixes for staging", body: "project=staging -->"},
		},
		calls: map[string]int{"PATCH ": 0},
	}, {
		name: "a project path is escaped in the marker",
		runs: []github.PullRequest{{Project: "envs/prod east -->", Head: "driftfix/envs-prod/1", Body: "b"}},
		pulls: []want{{number: 1, state: "open", head: "driftfix/envs-prod/1", base: "main", title: "driftfix: fixes for envs/prod east -->",
			body: "<!-- driftfix:pr project=envs/prod%20east%20--%3E -->\nb"}},
	}, {
		name: "a changed base is moved",
		runs: []github.PullRequest{
			{Project: "prod", Head: "driftfix/prod/1", Body: "b"},
			{Project: "prod", Head: "driftfix/prod/1", Base: "release", Body: "b"},
		},
		pulls: []want{{number: 1, state: "open", head: "driftfix/prod/1", base: "release", title: "driftfix: fixes for prod", body: "b"}},
		calls: map[string]int{"PATCH /repos/acme/infra/pulls/1": 1},
	}, {
		name: "without a project the head branch is the key",
		runs: []github.PullRequest{
			{Head: "fix/one", Title: "t", Body: "a"},
			{Head: "fix/one", Title: "t", Body: "b"},
		},
		pulls: []want{{number: 1, state: "open", head: "fix/one", base: "main", title: "t", body: "<!-- driftfix:pr project=fix/one -->\nb"}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.srv.SetBranch(owner, repoName, "release", strings.Repeat("1", 40))
			for _, run := range tc.runs {
				e.branch(run.Head)
				n, url := e.open(run)
				if want := fmt.Sprintf("%s/%s/%s/pull/%d", e.http.URL, owner, repoName, n); url != want {
					t.Errorf("url = %s, want %s", url, want)
				}
			}
			got := e.srv.Pulls(owner, repoName)
			if len(got) != len(tc.pulls) {
				t.Fatalf("%d pull requests, want %d: %+v", len(got), len(tc.pulls), got)
			}
			for i, w := range tc.pulls {
				g := got[i]
				if g.Number != w.number || g.State != w.state || g.Head != w.head || g.Base != w.base || g.Title != w.title {
					t.Errorf("pull %d = #%d %s %s→%s %q, want #%d %s %s→%s %q", i, g.Number, g.State, g.Head, g.Base, g.Title, w.number, w.state, w.head, w.base, w.title)
				}
				if !strings.Contains(g.Body, w.body) {
					t.Errorf("pull #%d body = %q, want it to hold %q", g.Number, g.Body, w.body)
				}
				if w.labels != nil && !slices.Equal(g.Labels, w.labels) {
					t.Errorf("pull #%d labels = %v, want %v", g.Number, g.Labels, w.labels)
				}
				if g.User != "driftfix-bot" {
					t.Errorf("pull #%d opened by %q", g.Number, g.User)
				}
			}
			for prefix, n := range tc.calls {
				if got := e.count(prefix); got != n {
					t.Errorf("%d requests %q, want %d (all: %v)", got, prefix, n, e.srv.Requests())
				}
			}
		})
	}
}

func TestEnsurePullRequestSupersedeComment(t *testing.T) {
	e := newEnv(t)
	e.branch("driftfix/prod/1")
	e.branch("driftfix/prod/2")
	e.open(github.PullRequest{Project: "prod", Head: "driftfix/prod/1", Body: "a"})
	_, url := e.open(github.PullRequest{Project: "prod", Head: "driftfix/prod/2", Body: "b"})
	cs := e.srv.Comments(owner, repoName, 1)
	if len(cs) != 1 || !strings.Contains(cs[0].Body, "Superseded by #2 ("+url+")") {
		t.Fatalf("comments on #1 = %+v, want one pointing at #2", cs)
	}
}

func TestEnsurePullRequestErrors(t *testing.T) {
	tests := []struct {
		name string
		pr   github.PullRequest
		want []string
	}{
		{"no head", github.PullRequest{Owner: owner, Repo: repoName, Base: "main", Title: "t"}, []string{"needs Head"}},
		{"missing branch", github.PullRequest{Owner: owner, Repo: repoName, Head: "nope", Base: "main", Title: "t"},
			[]string{"open a pull request from nope into main on acme/infra", "HTTP 422", "Validation Failed", "PullRequest.head invalid"}},
		{"unknown repository", github.PullRequest{Owner: owner, Repo: "nope", Head: "x", Base: "main", Title: "t"},
			[]string{"list the open pull requests from x on acme/nope", "HTTP 404", "Not Found"}},
		{"no commits", github.PullRequest{Owner: owner, Repo: repoName, Head: "same", Base: "main", Title: "t"},
			[]string{"HTTP 422", "No commits between main and same"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			main, _ := e.srv.Branch(owner, repoName, "main")
			e.srv.SetBranch(owner, repoName, "same", main)
			_, _, err := e.client.EnsurePullRequest(context.Background(), tc.pr)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			e.assertNoToken(err.Error(), "the error")
		})
	}
}

// TestLongDescriptionContinues opens a pull request whose plan is far
// longer than a description holds: the description and its continuation
// comments each stay within the limit, every part holds the plan in one
// collapsed block, the plan put back together is the plan, and later runs
// edit those comments in place (deleting the ones no longer needed).
func TestLongDescriptionContinues(t *testing.T) {
	e := newEnv(t)
	e.branch("driftfix/prod/1")
	plan := func(lines int) string {
		var b strings.Builder
		for i := range lines {
			fmt.Fprintf(&b, "  # aws_s3_bucket.b[%d] will be updated in-place ~ versioning = false -> true (sensitive value)\n", i)
		}
		return b.String()
	}
	describe := func(p string) string {
		return github.Description{Summary: "driftfix fixed 3 findings.", Table: "| a | b |\n| --- | --- |\n| 1 | 2 |",
			Decision: "review", Reasons: []string{"a destroy needs review"}, Plan: p}.Markdown()
	}
	steps := []struct {
		name     string
		plan     string
		comments int
	}{
		{"long", plan(2600), 3}, // ~250 KB: the description and three comments
		{"shorter", plan(1200), 1},
		{"short", plan(10), 0},
		{"long again", plan(2600), 3},
	}
	var ids []int64
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			e.open(github.PullRequest{Project: "prod", Head: "driftfix/prod/1", Body: describe(st.plan)})
			pr, _ := e.srv.Pull(owner, repoName, 1)
			cs := e.srv.Comments(owner, repoName, 1)
			if len(cs) != st.comments {
				t.Fatalf("%d continuation comments, want %d", len(cs), st.comments)
			}
			parts := []string{pr.Body}
			for i, c := range cs {
				parts = append(parts, c.Body)
				if want := fmt.Sprintf("<!-- driftfix:pr project=prod part=%d -->\n", i+2); !strings.HasPrefix(c.Body, want) {
					t.Errorf("comment %d starts %q, want %q", i, c.Body[:60], want)
				}
				if i < len(ids) && c.ID != ids[i] {
					t.Errorf("comment %d is %d, was %d: not edited in place", i, c.ID, ids[i])
				}
			}
			var got strings.Builder
			for i, p := range parts {
				if len(p) > github.MaxBodyChars {
					t.Errorf("part %d is %d long", i+1, len(p))
				}
				if n := strings.Count(p, "<details>"); n != 1 || strings.Count(p, "</details>") != 1 {
					t.Errorf("part %d has %d <details> blocks", i+1, n)
				}
				got.WriteString(fenced(t, p))
			}
			if got.String() != st.plan {
				t.Errorf("the plan put back together differs (%d bytes, want %d)", got.Len(), len(st.plan))
			}
			if st.comments > 0 && !strings.Contains(pr.Body, "Continued in the next comment") {
				t.Error("the description does not say it continues")
			}
			ids = ids[:0]
			for _, c := range cs {
				ids = append(ids, c.ID)
			}
		})
	}
	if n := e.count("DELETE /repos/acme/infra/issues/comments/"); n != 3 {
		t.Errorf("%d comments deleted, want 3", n)
	}
}

// fenced is what a part holds inside its one code fence.
func fenced(t *testing.T, part string) string {
	t.Helper()
	lines := strings.SplitAfter(part, "\n")
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "```") })
	if start < 0 {
		t.Fatalf("no code fence in part %q", part[:min(len(part), 200)])
	}
	fence := strings.TrimSpace(lines[start])
	end := slices.IndexFunc(lines[start+1:], func(l string) bool { return strings.TrimSpace(l) == fence })
	if end < 0 {
		t.Fatalf("code fence not closed in part ending %q", part[max(0, len(part)-200):])
	}
	return strings.Join(lines[start+1:start+1+end], "")
}

func TestOpenerHasThePipelineShape(t *testing.T) {
	// pipelineRequest is pipeline.PullRequest, field for field.
	type pipelineRequest struct {
		Project, Branch, Base, Title, Body string
		Labels                             []string
		Commit, PlanState, PlanDescription string
	}
	var opener interface {
		Open(context.Context, github.OpenRequest) (string, error)
	}
	e := newEnv(t)
	sha := e.branch("driftfix/prod/20260501-abcd")
	opener = github.Opener{Client: e.client, Owner: owner, Repo: repoName}
	pr := pipelineRequest{Project: "prod", Branch: "driftfix/prod/20260501-abcd", Base: "main", Title: "driftfix: fixes for prod", Body: "- rule a", Labels: []string{"driftfix"},
		Commit: sha, PlanState: "success", PlanDescription: "2 changes; review"}
	url, err := opener.Open(context.Background(), github.OpenRequest(pr))
	if err != nil {
		t.Fatal(err)
	}
	if want := e.http.URL + "/acme/infra/pull/1"; url != want {
		t.Errorf("url = %s, want %s", url, want)
	}
	if got, _ := e.srv.Pull(owner, repoName, 1); got.Head != pr.Branch || !slices.Equal(got.Labels, pr.Labels) {
		t.Errorf("pull = %+v", got)
	}
	if st := e.srv.Statuses(owner, repoName, sha); len(st) != 1 || st[0].Context != "driftfix/plan: prod" || st[0].State != "success" || st[0].TargetURL != url {
		t.Errorf("the plan's status on the branch: %+v", st)
	}
}

func TestEnterpriseBaseURL(t *testing.T) {
	for _, base := range []string{"", "/", "/api/v3", "/api/v3/"} {
		t.Run("base"+base, func(t *testing.T) {
			e := newEnv(t, func(o *github.Options) { o.BaseURL += base })
			e.branch("b")
			e.open(github.PullRequest{Project: "p", Head: "b"})
			for _, p := range e.paths {
				if !strings.HasPrefix(p, "/api/v3/repos/acme/infra/") {
					t.Errorf("request to %s, not under the Enterprise API root", p)
				}
			}
			if len(e.paths) == 0 {
				t.Error("no request made")
			}
		})
	}
}

// TestSupersedeIsFinishedLater fails the close of the older pull request
// halfway; the next run from the same branch finishes it. A run from the
// older branch meanwhile never closes the newer pull request.
func TestSupersedeIsFinishedLater(t *testing.T) {
	e := newEnv(t)
	e.branch("driftfix/prod/1")
	e.branch("driftfix/prod/2")
	e.open(github.PullRequest{Project: "prod", Head: "driftfix/prod/1"})
	e.srv.FailNext(githublocal.Fault{Match: "PATCH /repos/acme/infra/pulls/1", Status: 502, Message: "Server Error"})
	_, _, err := e.client.EnsurePullRequest(context.Background(), github.PullRequest{Owner: owner, Repo: repoName, Project: "prod", Head: "driftfix/prod/2", Base: "main", Title: "t"})
	if err == nil || !strings.Contains(err.Error(), "update pull request acme/infra#1: HTTP 502") {
		t.Fatalf("err = %v", err)
	}
	// the older branch's run: #1 is updated, #2 (newer) stays open
	e.open(github.PullRequest{Project: "prod", Head: "driftfix/prod/1", Title: "t"})
	if p, _ := e.srv.Pull(owner, repoName, 2); p.State != "open" {
		t.Fatalf("#2 is %s", p.State)
	}
	e.open(github.PullRequest{Project: "prod", Head: "driftfix/prod/2", Title: "t"})
	var states []string
	for _, p := range e.srv.Pulls(owner, repoName) {
		states = append(states, p.State)
	}
	if !slices.Equal(states, []string{"closed", "open"}) {
		t.Errorf("states = %v, want [closed open]", states)
	}
}
