package github_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/vcs/github"
)

// openPull opens pull request #1 from branch "b".
func (e *env) openPull() int {
	e.t.Helper()
	e.branch("b")
	n, _ := e.open(github.PullRequest{Project: "prod", Head: "b", Body: "pr"})
	return n
}

func TestUpdateOrCreateComment(t *testing.T) {
	ctx := context.Background()
	type step struct {
		key  github.Marker
		body string
	}
	tests := []struct {
		name   string
		before []string // comments already there (people's, or older runs')
		steps  []step
		want   []string // every comment's body afterwards
		edits  int
	}{{
		name:  "creates",
		steps: []step{{github.PlanMarker("prod"), "plan 1"}},
		want:  []string{"<!-- driftfix:plan project=prod -->\nplan 1"},
	}, {
		name:  "a re-plan edits its own comment",
		steps: []step{{github.PlanMarker("prod"), "plan 1"}, {github.PlanMarker("prod"), "plan 2"}},
		want:  []string{"<!-- driftfix:plan project=prod -->\nplan 2"},
		edits: 1,
	}, {
		name:  "an unchanged plan is not edited",
		steps: []step{{github.PlanMarker("prod"), "plan 1"}, {github.PlanMarker("prod"), "plan 1"}},
		want:  []string{"<!-- driftfix:plan project=prod -->\nplan 1"},
	}, {
		name:  "projects and kinds have comments of their own",
		steps: []step{{github.PlanMarker("prod"), "p"}, {github.PlanMarker("staging"), "s"}, {github.Marker{Kind: "apply", Project: "prod"}, "a"}, {github.PlanMarker("prod"), "p2"}},
		want: []string{
			"<!-- driftfix:plan project=prod -->\np2",
			"<!-- driftfix:plan project=staging -->\ns",
			"<!-- driftfix:apply project=prod -->\na",
		},
		edits: 1,
	}, {
		name:   "a project whose name extends another's is another project",
		before: []string{"<!-- driftfix:plan project=prod-eu -->\neu"},
		steps:  []step{{github.PlanMarker("prod"), "p"}},
		want:   []string{"<!-- driftfix:plan project=prod-eu -->\neu", "<!-- driftfix:plan project=prod -->\np"},
	}, {
		name:   "a comment quoting the marker elsewhere is not ours",
		before: []string{"> <!-- driftfix:plan project=prod -->\nlooks wrong", "see\n<!-- driftfix:plan project=prod -->"},
		steps:  []step{{github.PlanMarker("prod"), "p"}},
		want:   []string{"> <!-- driftfix:plan project=prod -->\nlooks wrong", "see\n<!-- driftfix:plan project=prod -->", "<!-- driftfix:plan project=prod -->\np"},
	}, {
		name:   "a duplicate left by a race is deleted",
		before: []string{"<!-- driftfix:plan project=prod -->\nold 1", "<!-- driftfix:plan project=prod -->\nold 2"},
		steps:  []step{{github.PlanMarker("prod"), "new"}},
		want:   []string{"<!-- driftfix:plan project=prod -->\nnew"},
		edits:  1,
	}, {
		name:   "parts a shorter plan no longer needs are deleted",
		before: []string{"<!-- driftfix:plan project=prod -->\n1", "<!-- driftfix:plan project=prod part=2 -->\n2", "<!-- driftfix:plan project=prod part=3 -->\n3"},
		steps:  []step{{github.PlanMarker("prod"), "short"}},
		want:   []string{"<!-- driftfix:plan project=prod -->\nshort"},
		edits:  1,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			n := e.openPull()
			if len(tc.before) > 0 {
				if _, err := e.repo.PostComments(ctx, n, tc.before); err != nil {
					t.Fatal(err)
				}
			}
			for _, s := range tc.steps {
				c, err := e.repo.UpdateOrCreateComment(ctx, n, s.key, s.body)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(c.URL, e.http.URL+"/acme/infra/pull/1#issuecomment-") {
					t.Errorf("comment url = %s", c.URL)
				}
			}
			var got []string
			for _, c := range e.srv.Comments(owner, repoName, n) {
				got = append(got, c.Body)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("comments = %q\nwant %q", got, tc.want)
			}
			if got := e.count("PATCH /repos/acme/infra/issues/comments/"); got != tc.edits {
				t.Errorf("%d edits, want %d", got, tc.edits)
			}
		})
	}
}

// TestUpdateOrCreateCommentsKeepsIDs re-plans a plan split over comments:
// each part is edited in place, none is posted again.
func TestUpdateOrCreateCommentsKeepsIDs(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	n := e.openPull()
	key := github.PlanMarker("prod")
	first, err := e.repo.UpdateOrCreateComments(ctx, n, key, []string{"head", "part 2", "part 3"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.repo.UpdateOrCreateComments(ctx, n, key, []string{"head'", "part 2'", "part 3'"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(first, again) {
		t.Errorf("comments moved: %v then %v", first, again)
	}
	cs := e.srv.Comments(owner, repoName, n)
	want := []string{"<!-- driftfix:plan project=prod -->\nhead'", "<!-- driftfix:plan project=prod part=2 -->\npart 2'", "<!-- driftfix:plan project=prod part=3 -->\npart 3'"}
	for i, c := range cs {
		if c.Body != want[i] {
			t.Errorf("comment %d = %q, want %q", i, c.Body, want[i])
		}
	}
	if e.count("POST /repos/acme/infra/issues/1/comments") != 3 {
		t.Errorf("requests: %v", e.srv.Requests())
	}
}

func TestPostComments(t *testing.T) {
	ctx := context.Background()
	long := "<details><summary>Plan</summary>\n\n```\n" + strings.Repeat("x = 1 # a line of plan output, redacted\n", 4000) + "```\n</details>\n"
	tests := []struct {
		name   string
		bodies []string
		want   int // comments posted
	}{
		{"in order", []string{"one", "two", "three"}, 3},
		{"at the limit", []string{strings.Repeat("a", github.MaxBodyChars)}, 1},
		{"one past the limit", []string{strings.Repeat("a", github.MaxBodyChars+1)}, 2},
		{"a long plan continues", []string{"summary", long}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			n := e.openPull()
			cs, err := e.repo.PostComments(ctx, n, tc.bodies)
			if err != nil {
				t.Fatal(err)
			}
			got := e.srv.Comments(owner, repoName, n)
			if len(cs) != tc.want || len(got) != tc.want {
				t.Fatalf("%d comments (%d returned), want %d", len(got), len(cs), tc.want)
			}
			var all strings.Builder
			for i, c := range got {
				if len(c.Body) > github.MaxBodyChars {
					t.Errorf("comment %d is %d long", i, len(c.Body))
				}
				if cs[i].ID != c.ID {
					t.Errorf("comment %d returned as %d, is %d", i, cs[i].ID, c.ID)
				}
				all.WriteString(c.Body)
			}
			if len(tc.bodies) == 3 && all.String() != "onetwothree" {
				t.Errorf("comments out of order: %q", all.String())
			}
		})
	}
}

func TestSetStatus(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("é", 200)
	tests := []struct {
		name        string
		sha         string // "" is the head of branch b
		state       github.State
		description string
		target      string
		want        githubStatus
		err         []string
	}{
		{name: "pending", state: github.StatePending, description: "planning", want: githubStatus{"pending", "planning", "", "driftfix/plan: prod"}},
		{name: "success with a link", state: github.StateSuccess, description: "2 to change", target: "https://driftfix.example/runs/7",
			want: githubStatus{"success", "2 to change", "https://driftfix.example/runs/7", "driftfix/plan: prod"}},
		{name: "failure", state: github.StateFailure, description: "plan failed", want: githubStatus{"failure", "plan failed", "", "driftfix/plan: prod"}},
		{name: "error", state: github.StateError, want: githubStatus{"error", "", "", "driftfix/plan: prod"}},
		{name: "a long description is shortened", state: github.StateSuccess, description: long,
			want: githubStatus{"success", strings.Repeat("é", 139) + "…", "", "driftfix/plan: prod"}},
		{name: "an unknown state", state: "done", err: []string{`state "done"`}},
		{name: "an unknown commit", sha: strings.Repeat("f", 40), state: github.StatePending,
			err: []string{`set status "driftfix/plan: prod" on acme/infra@ffffffffffff`, "HTTP 422", "No commit found for SHA"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			sha := tc.sha
			if sha == "" {
				sha = e.branch("b")
			}
			err := e.repo.SetStatus(ctx, sha, "driftfix/plan: prod", tc.state, tc.description, tc.target)
			if tc.err != nil {
				if err == nil {
					t.Fatal("no error")
				}
				for _, w := range tc.err {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not say %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			st := e.srv.Statuses(owner, repoName, sha)
			if len(st) != 1 {
				t.Fatalf("%d statuses", len(st))
			}
			got := githubStatus{st[0].State, st[0].Description, st[0].TargetURL, st[0].Context}
			if got != tc.want {
				t.Errorf("status = %+v, want %+v", got, tc.want)
			}
		})
	}
}

type githubStatus struct{ state, description, target, context string }
