package cloud

import (
	"strings"
	"testing"
)

const ignoreSample = `# drift driftfix leaves alone
aws_instance.*                  # autoscaled instances come and go
!aws_instance.i-0pinned         # ...but this one is ours
*.*.tags_all
aws_s3_bucket.my-bucket.tags
aws_s3_bucket.logs.example.com  # a bucket name with dots
aws_security_group.sg-1.ingress[0]
aws_s3_bucket.*.versioning
!aws_s3_bucket.keep.versioning
aws_kms_key.k.tags.cost-center
`

func TestIgnoreMatch(t *testing.T) {
	ig, err := ParseIgnore(strings.NewReader(ignoreSample), ".driftfixignore")
	if err != nil {
		t.Fatal(err)
	}
	resources := []struct {
		typ, id string
		want    bool
	}{
		{"aws_instance", "i-0abc", true},
		{"aws_instance", "i-0pinned", false},  // re-included: the last match wins
		{"aws_s3_bucket", "my-bucket", false}, // only its tags are ignored
		{"aws_s3_bucket", "logs.example.com", true},
		{"aws_s3_bucket", "logs.example.org", false},
		{"aws_security_group", "sg-1", false},
		{"aws_ebs_volume", "vol-1", false},
	}
	for _, tt := range resources {
		if got := ig.Resource(tt.typ, tt.id); got != tt.want {
			t.Errorf("Resource(%s, %s) = %v, want %v", tt.typ, tt.id, got, tt.want)
		}
	}
	changes := []struct {
		typ, id, path string
		want          bool
	}{
		{"aws_s3_bucket", "my-bucket", "tags.env", true},
		{"aws_s3_bucket", "my-bucket", `tags["cost-center"]`, true},
		{"aws_s3_bucket", "my-bucket", "tags", true},
		{"aws_s3_bucket", "my-bucket", "tags_all.env", true}, // by *.*.tags_all
		{"aws_s3_bucket", "my-bucket", "bucket", false},
		{"aws_s3_bucket", "other", "tags.env", false},
		{"aws_ebs_volume", "vol-1", "tags_all", true},
		{"aws_ebs_volume", "vol-1", "tags", false},
		{"aws_s3_bucket", "logs.example.com", "anything", true}, // the whole resource
		{"aws_instance", "i-0abc", "metadata_options[0].http_tokens", true},
		{"aws_instance", "i-0pinned", "metadata_options[0].http_tokens", false},
		{"aws_security_group", "sg-1", "ingress[0].cidr_blocks[0]", true},
		{"aws_security_group", "sg-1", "ingress[1]", false},
		{"aws_security_group", "sg-1", "ingress", false},
		{"aws_s3_bucket", "x", "versioning[0].enabled", true},
		{"aws_s3_bucket", "keep", "versioning[0].enabled", false},
		{"aws_s3_bucket", "keep", "versioning_configuration", false}, // segment boundary
		{"aws_kms_key", "k", `tags["cost-center"]`, true},            // dotted form of a quoted key
		{"aws_kms_key", "k", "tags.owner", false},
	}
	for _, tt := range changes {
		if got := ig.Change(tt.typ, tt.id, tt.path); got != tt.want {
			t.Errorf("Change(%s, %s, %s) = %v, want %v", tt.typ, tt.id, tt.path, got, tt.want)
		}
	}
	var nilIgnore *Ignore
	if nilIgnore.Resource("a", "b") || nilIgnore.Change("a", "b", "c") {
		t.Error("a nil Ignore ignores something")
	}
}

func TestParseIgnoreErrors(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"aws_instance\n", []string{"drift.ignore:1: ", "want type.id"}},
		{"# ok\n\n!\n", []string{"drift.ignore:3: ! with no pattern"}},
		{"aws_s3_bucket.\n", []string{"drift.ignore:1: "}},
		{".id\n", []string{"drift.ignore:1: "}},
		{"aws_s3_bucket.a..tags\n", []string{"drift.ignore:1: ", "empty part"}},
		{"aws_s3_bucket.a.\n", []string{"drift.ignore:1: ", "empty part"}},
		{"aws-s3.a\n", []string{"drift.ignore:1: ", "not a resource type"}},
		{"aws_s3_bucket.a b\n", []string{"drift.ignore:1: ", "space"}},
		{"aws_instance.*\nbad\nworse\n", []string{"drift.ignore:2: ", "drift.ignore:3: "}},
	}
	for _, tt := range tests {
		_, err := ParseIgnore(strings.NewReader(tt.src), "drift.ignore")
		if err == nil {
			t.Errorf("ParseIgnore(%q) did not fail", tt.src)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ParseIgnore(%q) = %q, want it to contain %q", tt.src, err, w)
			}
		}
	}
	ig, err := ParseIgnore(strings.NewReader("\n# only comments\n   \n"), "x")
	if err != nil || ig.Resource("a", "b") {
		t.Errorf("comments only: %v", err)
	}
}
