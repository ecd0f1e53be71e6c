package fixers_test

import (
	"flag"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/fixers/fixertest"
	"github.com/driftfix/driftfix/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestExamples runs every rule's good and bad examples through the harness.
func TestExamples(t *testing.T) {
	fixertest.Run(t, fixers.All(), fixertest.Options{
		Testdata:  "testdata",
		Terraform: testenv.Terraform(t),
		Update:    *update,
		Input: func(rule string) fixers.Input {
			switch rule {
			case "aws-required-tags":
				return fixers.Input{RequiredTags: []fixers.RequiredTag{{Key: "owner", Value: "platform"}, {Key: "cost-center"}}}
			case "aws-hardcoded-secret":
				// bad-named-variable: the user names an existing variable
				return fixers.Input{SecretVariables: map[string]string{"aws_db_instance.legacy.password": "legacy_db_password"}}
			}
			return fixers.Input{}
		},
	})
}
