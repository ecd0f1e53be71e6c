package report

import (
	"fmt"
	"strings"

	"github.com/driftfix/driftfix/policy"
)

// PullRequestProject is what a pull-request command (`driftfix plan`,
// `driftfix apply` in a comment, or a plan on a push) did for one project:
// exactly one of Plan, Apply, LockedBy, Refused and Error says it.
type PullRequestProject struct {
	// Command is "plan" or "apply".
	Command string
	// Project, Dir and Workspace name what was worked on.
	Project, Dir, Workspace string
	// Plan is the classified plan (Command plan).
	Plan *Plan
	// Apply is what apply did (Command apply).
	Apply *Apply
	// LockedBy is the pull request that holds the project's lock (0: none),
	// with its address.
	LockedBy    int
	LockedByURL string
	// Refused lists why apply did not run: unmet apply requirements, a
	// review without an approver's approval, a destroy without
	// --allow-destroy, a stale plan.
	Refused []string
	// Error is a command that failed (Terraform could not plan, the code
	// does not load).
	Error string
	// Destroys is true when the plan deletes, replaces or forgets anything.
	Destroys bool
}

// PullRequestComments renders r as the comments of one project on a pull
// request: the plan as MarkdownComments renders it, followed by how to
// apply it; or a single comment for anything else. No comment is longer
// than MaxCommentChars.
func PullRequestComments(r PullRequestProject) ([]string, error) {
	title := fmt.Sprintf("### driftfix %s: %s", r.Command, code(r.Project))
	where := fmt.Sprintf("Directory %s, workspace %s.", code(r.Dir), code(r.Workspace))
	switch {
	case r.LockedBy != 0:
		return []string{fmt.Sprintf("%s\n\n**Locked** by pull request %s: %s\n\n"+
			"It planned this directory and workspace first and holds them until it is merged or closed, or someone comments `driftfix unlock` there. "+
			"Comment `driftfix plan -p %s` here after that.\n", title, pullLink(r.LockedBy, r.LockedByURL), where, r.Project)}, nil
	case r.Error != "":
		return []string{fmt.Sprintf("%s\n\n**Failed.** %s\n\n%s\n", title, where, fenced(r.Error))}, nil
	case len(r.Refused) > 0:
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n\n**Not applied.** %s\n\n", title, where)
		for _, why := range r.Refused {
			fmt.Fprintf(&b, "- %s\n", cellText(why))
		}
		return []string{b.String()}, nil
	case r.Apply != nil:
		return []string{applyMarkdown(title, where, r.Apply)}, nil
	case r.Plan != nil:
		parts, err := MarkdownComments(r.Plan)
		if err != nil {
			return nil, err
		}
		hint := "\n" + applyHint(r)
		last := len(parts) - 1
		if len(parts[last])+len(hint) <= MaxCommentChars {
			parts[last] += hint
		} else {
			parts = append(parts, hint)
		}
		return parts, nil
	}
	return []string{fmt.Sprintf("%s\n\nNothing to do. %s\n", title, where)}, nil
}

// applyHint says how the plan is applied from a comment.
func applyHint(r PullRequestProject) string {
	cmd := "driftfix apply -p " + r.Project
	switch {
	case !r.Plan.Changes:
		return "No changes: nothing to apply.\n"
	case r.Destroys:
		return fmt.Sprintf("This plan destroys something: once an approver has approved the pull request, comment `%s --allow-destroy` to apply it.\n", cmd)
	case r.Plan.NeedsReview():
		return fmt.Sprintf("Once an approver has approved the pull request, comment `%s` to apply this plan.\n", cmd)
	}
	return fmt.Sprintf("Comment `%s` to apply this plan (the pull request's apply requirements still hold).\n", cmd)
}

func applyMarkdown(title, where string, a *Apply) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", title)
	switch {
	case !a.Applied:
		fmt.Fprintf(&b, "**Nothing applied:** the plan had no changes. %s\n", where)
	case a.Verified:
		fmt.Fprintf(&b, "**Applied and verified:** %d changes; a fresh plan shows nothing left to change at those addresses. %s\n", a.Changes, where)
	default:
		fmt.Fprintf(&b, "**Applied, not verified:** %d changes; a fresh plan still changes %s. %s\n", a.Changes, strings.Join(codes(a.Unverified), ", "), where)
	}
	if a.Approval != nil && a.Approval.By != "" {
		fmt.Fprintf(&b, "\nApproved by %s: %s\n", code(a.Approval.By), cellText(a.Approval.Reason))
	}
	if a.Decision == string(policy.Review) {
		b.WriteString("\nThe policy sent this plan to review; it was applied on an approver's approval.\n")
	}
	return b.String()
}

// PullRequestNotice renders a short answer on a pull request: unlocks,
// refusals that concern no project, the list of projects a command found.
func PullRequestNotice(title string, lines []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", title)
	for _, l := range lines {
		fmt.Fprintf(&b, "- %s\n", cellText(l))
	}
	return b.String()
}

func code(s string) string { return "`" + strings.ReplaceAll(s, "`", "'") + "`" }

func codes(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = code(s)
	}
	return out
}

// cellText keeps a line of free text on one markdown line.
func cellText(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// fenced puts text in a code block whose fence is longer than any run of
// backticks inside it.
func fenced(text string) string {
	f := fenceFor(text)
	if len(text) > MaxCommentChars/2 {
		text = text[:MaxCommentChars/2] + "\n…"
	}
	return f + "\n" + strings.TrimRight(text, "\n") + "\n" + f
}

func pullLink(number int, url string) string {
	if url == "" {
		return fmt.Sprintf("#%d", number)
	}
	return fmt.Sprintf("[#%d](%s)", number, url)
}
