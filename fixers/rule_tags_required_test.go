package fixers_test

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
)

// The examples run with one fixable tag; these cases cover what they cannot:
// no configuration, several fixable tags on one resource (whose fixes meet
// at the same place and land over two passes), and the order of the keys.
func TestRequiredTags(t *testing.T) {
	rule, _ := fixers.ByID("aws-required-tags")
	tests := []struct {
		name     string
		src      string
		tags     []fixers.RequiredTag
		findings int
		want     string // "" = not changed
	}{
		{
			name: "no required tags: nothing reported",
			src:  "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n",
		},
		{
			name:     "two tags, tags absent",
			src:      "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n",
			tags:     []fixers.RequiredTag{{Key: "team", Value: "payments"}, {Key: "owner", Value: "platform"}},
			findings: 2,
			want:     "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n  tags = {\n    team  = \"payments\"\n    owner = \"platform\"\n  }\n}\n",
		},
		{
			name:     "two tags, empty one-line object",
			src:      "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n  tags = {}\n}\n",
			tags:     []fixers.RequiredTag{{Key: "owner", Value: "platform"}, {Key: "team", Value: "payments"}},
			findings: 2,
			want:     "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n  tags = { owner = \"platform\", team = \"payments\" }\n}\n",
		},
		{
			name:     "a key that is not an identifier",
			src:      "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n  tags = {\n    Name = \"q\"\n  }\n}\n",
			tags:     []fixers.RequiredTag{{Key: "acme:team", Value: "payments"}},
			findings: 1,
			want:     "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n  tags = {\n    Name        = \"q\"\n    \"acme:team\" = \"payments\"\n  }\n}\n",
		},
		{
			name: "default_tags that are not static: nothing reported",
			src: "variable \"t\" {}\nprovider \"aws\" {\n  default_tags {\n    tags = var.t\n  }\n}\n" +
				"resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n",
			tags: []fixers.RequiredTag{{Key: "owner", Value: "platform"}},
		},
		{
			name:     "tags = null is replaced",
			src:      "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n  tags = null\n}\n",
			tags:     []fixers.RequiredTag{{Key: "owner", Value: "platform"}},
			findings: 1,
			want:     "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n  tags = {\n    owner = \"platform\"\n  }\n}\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"main.tf": {Data: []byte(tt.src)}}
			in := fixers.Input{RequiredTags: tt.tags}
			check := in
			check.Module = iac.Load(context.Background(), fsys, ".")
			res := fixers.Check(context.Background(), []fixers.Rule{rule}, &check, time.Now())
			if len(res.Findings) != tt.findings {
				t.Errorf("%d findings, want %d: %+v", len(res.Findings), tt.findings, res.Findings)
			}
			fr, err := fixers.Fix(context.Background(), fsys, ".", []fixers.Rule{rule}, in, fixers.FixOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := string(fr.Changes.Files()["main.tf"])
			if got != tt.want {
				t.Errorf("fixed:\n%s\nwant:\n%s", got, tt.want)
			}
			if len(fr.Remaining) != 0 {
				t.Errorf("left after the fix: %+v", fr.Remaining)
			}
		})
	}
}

// The taggable types are a hand-kept list: no duplicates, and a Touch for each.
func TestRequiredTagsTypes(t *testing.T) {
	rule, _ := fixers.ByID("aws-required-tags")
	seen := map[string]bool{}
	for _, typ := range rule.ResourceTypes {
		if seen[typ] {
			t.Errorf("%s is listed twice", typ)
		}
		seen[typ] = true
	}
	if len(rule.Touches) != len(rule.ResourceTypes) {
		t.Fatalf("%d touches for %d types", len(rule.Touches), len(rule.ResourceTypes))
	}
	for i, tc := range rule.Touches {
		if tc.ResourceType != rule.ResourceTypes[i] {
			t.Errorf("touch %d is for %s, want %s", i, tc.ResourceType, rule.ResourceTypes[i])
		}
	}
}
