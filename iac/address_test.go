package iac

import "testing"

func TestStripInstanceKeys(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "",
		"aws_s3_bucket.b":               "aws_s3_bucket.b",
		`aws_s3_bucket.b["a"]`:          "aws_s3_bucket.b",
		"module.a.":                     "module.a.",
		`module.a["x.y]"].module.b[0].`: "module.a.module.b.",
		`module.x["k\"]"].module.y.aws_instance.i[3]`: "module.x.module.y.aws_instance.i",
	} {
		if got := StripInstanceKeys(in); got != want {
			t.Errorf("StripInstanceKeys(%q) = %q, want %q", in, got, want)
		}
	}
}
