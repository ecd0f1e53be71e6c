package fixers

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/driftfix/driftfix/iac"
)

func loadS3(t *testing.T, files map[string]string) *iac.Module {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, src := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(src)}
	}
	m := iac.Load(context.Background(), fsys, ".")
	if m.Diagnostics.HasErrors() {
		t.Fatal(m.Diagnostics.Error())
	}
	return m
}

func TestS3Attached(t *testing.T) {
	const typ = "aws_s3_bucket_versioning"
	tests := []struct {
		name       string
		files      map[string]string
		attached   int
		wantUnsure bool
	}{
		{
			name: "data source looking the bucket up by name",
			files: map[string]string{"main.tf": `
resource "aws_s3_bucket" "b" { bucket = "acme-data" }
data "aws_s3_bucket" "d" { bucket = "acme-data" }
resource "aws_s3_bucket_versioning" "v" { bucket = data.aws_s3_bucket.d.id }
`},
			attached: 1,
		},
		{
			name: "data source for another bucket",
			files: map[string]string{"main.tf": `
resource "aws_s3_bucket" "b" { bucket = "acme-data" }
data "aws_s3_bucket" "d" { bucket = "acme-other" }
resource "aws_s3_bucket_versioning" "v" { bucket = data.aws_s3_bucket.d.id }
`},
		},
		{
			name: "companion named by a variable",
			files: map[string]string{"main.tf": `
variable "name" { type = string }
resource "aws_s3_bucket" "b" { bucket = "acme-data" }
resource "aws_s3_bucket_versioning" "v" { bucket = var.name }
`},
			wantUnsure: true,
		},
		{
			name: "bucket named by a variable, companion by an unmatched literal",
			files: map[string]string{"main.tf": `
variable "name" { type = string }
resource "aws_s3_bucket" "b" { bucket = var.name }
resource "aws_s3_bucket_versioning" "v" { bucket = "acme-data" }
`},
			wantUnsure: true,
		},
		{
			name: "companion for another known bucket",
			files: map[string]string{"main.tf": `
resource "aws_s3_bucket" "b" { bucket = "acme-data" }
resource "aws_s3_bucket" "o" { bucket = "acme-other" }
resource "aws_s3_bucket_versioning" "v" { bucket = aws_s3_bucket.o.id }
`},
		},
		{
			name: "literal name in a child module",
			files: map[string]string{
				"main.tf": `
resource "aws_s3_bucket" "b" { bucket = "acme-data" }
module "child" { source = "./child" }
`,
				"child/main.tf": `resource "aws_s3_bucket_versioning" "v" { bucket = "acme-data" }`,
			},
			attached: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := loadS3(t, tt.files)
			b := m.ResourcesOfType("aws_s3_bucket")[0]
			comps, unsure := s3Attached(m, b, typ)
			if len(comps) != tt.attached || unsure != tt.wantUnsure {
				t.Errorf("s3Attached = %d companions, unsure %v; want %d, %v", len(comps), unsure, tt.attached, tt.wantUnsure)
			}
		})
	}
}

func TestS3PolicyAllowsAnyone(t *testing.T) {
	tests := []struct {
		doc  string
		want bool
	}{
		{`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}`, true},
		{`{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"}}}`, true},
		{`{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root","*"]}}]}`, true},
		{`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*"}]}`, false},
		{`{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"}}]}`, false},
		{`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"}}]}`, false},
		{`not json`, true},
	}
	for _, tt := range tests {
		if got := s3PolicyAllowsAnyone(tt.doc); got != tt.want {
			t.Errorf("s3PolicyAllowsAnyone(%s) = %v, want %v", tt.doc, got, tt.want)
		}
	}
}
