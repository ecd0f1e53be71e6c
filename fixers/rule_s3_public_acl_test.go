package fixers

import "testing"

// The harness's goldens do not keep severities: public-read-write, which
// lets anyone overwrite and delete objects, is critical; the other public
// ACLs are high.
func TestS3PublicACLSeverity(t *testing.T) {
	src := `
resource "aws_s3_bucket" "rw" {
  bucket = "acme-rw"
  acl    = "public-read-write"
}

resource "aws_s3_bucket" "r" {
  bucket = "acme-r"
}

resource "aws_s3_bucket_acl" "r" {
  bucket = aws_s3_bucket.r.id
  acl    = "public-read"
}
`
	m := loadS3(t, map[string]string{"main.tf": src})
	want := map[string]Severity{"aws_s3_bucket.rw": Critical, "aws_s3_bucket_acl.r": High}
	got := s3PublicACL.Check(&Input{Module: m})
	if len(got) != len(want) {
		t.Fatalf("want %d findings, got %d", len(want), len(got))
	}
	for _, f := range got {
		if f.Severity != want[f.Address] {
			t.Errorf("%s: severity %s, want %s", f.Address, f.Severity, want[f.Address])
		}
	}
}
