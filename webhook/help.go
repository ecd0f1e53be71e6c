package webhook

import "strings"

// helpBody is the comment commands' help, in Markdown. Like every answer
// HelpText gives, its first line does not start with the word "driftfix",
// so that even a driftfix whose own login is unknown never reads its help
// as a command.
const helpBody = `**driftfix** reads the first line of a pull-request comment:

| comment | does |
| --- | --- |
| ` + "`driftfix plan [-p PROJECT]`" + ` | plans every project this pull request changes (its directory or a local module it uses), or only PROJECT, and comments the plan |
| ` + "`driftfix apply [-p PROJECT] [--allow-destroy]`" + ` | applies the saved plans, or only PROJECT's, when the apply requirements and the policy gate allow it; a plan that destroys anything needs ` + "`--allow-destroy`" + ` |
| ` + "`driftfix unlock`" + ` | releases this pull request's locks and deletes its plans |
| ` + "`driftfix help`" + ` | shows this help |

` + "`-p PROJECT`" + ` may also be written ` + "`-p=PROJECT`, `--project PROJECT` or `--project=PROJECT`" + `. The word ` + "`driftfix`" + ` and the command may be in any case; the rest of the comment after the first line is free text. A quoted, indented or fenced line is not a command.
`

// HelpText is the comment driftfix answers a Help command with. problem,
// when not empty, is Command.Problem: it comes first, inside a code span,
// so that what it quotes from the comment cannot mention people or
// format the answer.
func HelpText(problem string) string {
	if problem == "" {
		return helpBody
	}
	return "**driftfix** did not understand that comment: " + codeSpan(problem) + "\n\n" + helpBody
}

// codeSpan renders s as a Markdown code span: fenced by one backtick more
// than the longest run of backticks in s, padded when s starts or ends
// with one, and on one line.
func codeSpan(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}
