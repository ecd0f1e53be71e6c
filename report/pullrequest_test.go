package report

import (
	"strings"
	"testing"

	"github.com/driftfix/driftfix/policy"
)

func TestPullRequestComments(t *testing.T) {
	plan := func(d string, changes bool) *Plan {
		return &Plan{Project: "net", Environment: "prod", Decision: policy.Decision{Decision: d, Reasons: []string{"why"}}, Changes: changes, PlanText: "  # x will be updated\n"}
	}
	for _, tt := range []struct {
		name string
		r    PullRequestProject
		want []string
		not  []string
	}{
		{"locked", PullRequestProject{Command: "plan", Project: "net", Dir: "envs/net", Workspace: "default", LockedBy: 7, LockedByURL: "https://github.test/a/b/pull/7"},
			[]string{"### driftfix plan: `net`", "**Locked** by pull request [#7](https://github.test/a/b/pull/7): Directory `envs/net`, workspace `default`.", "`driftfix plan -p net`"}, nil},
		{"failed, with backticks in the error", PullRequestProject{Command: "plan", Project: "net", Dir: ".", Workspace: "default", Error: "Error: bad ```fence```"},
			[]string{"**Failed.**", "````\nError: bad ```fence```\n````"}, nil},
		{"refused", PullRequestProject{Command: "apply", Project: "net", Dir: ".", Workspace: "w", Refused: []string{"one\nreason", "two"}},
			[]string{"**Not applied.**", "- one reason\n- two\n"}, nil},
		{"auto plan", PullRequestProject{Command: "plan", Project: "net", Plan: plan(policy.AutoApply, true)},
			[]string{"Comment `driftfix apply -p net` to apply this plan", "# x will be updated"}, []string{"approver"}},
		{"review plan", PullRequestProject{Command: "plan", Project: "net", Plan: plan(policy.Review, true)},
			[]string{"Once an approver has approved the pull request, comment `driftfix apply -p net`"}, nil},
		{"destroy", PullRequestProject{Command: "plan", Project: "net", Plan: plan(policy.Review, true), Destroys: true},
			[]string{"comment `driftfix apply -p net --allow-destroy`"}, nil},
		{"no changes", PullRequestProject{Command: "plan", Project: "net", Plan: plan(policy.NoChanges, false)},
			[]string{"No changes: nothing to apply."}, []string{"comment `driftfix apply"}},
		{"applied", PullRequestProject{Command: "apply", Project: "net", Dir: "n", Workspace: "default", Apply: &Apply{Decision: "review", Changes: 2, Applied: true, Verified: true, Approval: &policy.Approval{By: "carol", Reason: "ok"}}},
			[]string{"**Applied and verified:** 2 changes", "Approved by `carol`: ok", "applied on an approver's approval"}, nil},
		{"applied, not verified", PullRequestProject{Command: "apply", Project: "net", Apply: &Apply{Changes: 1, Applied: true, Unverified: []string{"a.b"}}},
			[]string{"**Applied, not verified:** 1 changes; a fresh plan still changes `a.b`."}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := PullRequestComments(tt.r)
			if err != nil {
				t.Fatal(err)
			}
			all := strings.Join(parts, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("missing %q in:\n%s", w, all)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(all, n) {
					t.Errorf("has %q:\n%s", n, all)
				}
			}
			for _, p := range parts {
				if len(p) > MaxCommentChars {
					t.Errorf("a comment of %d characters", len(p))
				}
			}
		})
	}
}

// A plan text that fills whole comments still ends with how to apply it,
// and no comment is too long.
func TestPullRequestCommentsLongPlan(t *testing.T) {
	text := strings.Repeat("  ~ resource \"terraform_data\" \"x\" { input = \"a\" -> \"b\" }\n", 4000)
	parts, err := PullRequestComments(PullRequestProject{Command: "plan", Project: "net", Plan: &Plan{Project: "net", Decision: policy.Decision{Decision: policy.AutoApply}, Changes: true, PlanText: text}})
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) < 4 || !strings.Contains(parts[len(parts)-1], "driftfix apply -p net") {
		t.Errorf("%d parts; last:\n%.300s", len(parts), parts[len(parts)-1])
	}
	for i, p := range parts {
		if len(p) > MaxCommentChars {
			t.Errorf("part %d has %d characters", i, len(p))
		}
	}
}
