package iac

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// benchModule generates a module of about n resources over files of 50
// resources each: buckets with companions, for_each and count, locals,
// variables, nested and dynamic blocks and ignore comments, as a real
// repository has them.
func benchModule(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	var vars strings.Builder
	vars.WriteString("variable \"env\" {\n  default = \"prod\"\n}\n\nvariable \"names\" {\n  type    = set(string)\n  default = [\"a\", \"b\", \"c\"]\n}\n\n")
	vars.WriteString("locals {\n  tags = {\n    Env  = var.env\n    Team = \"data\"\n  }\n  prefix = \"acme-${var.env}\"\n}\n")
	fsys["variables.tf"] = &fstest.MapFile{Data: []byte(vars.String())}
	var sb strings.Builder
	file := 0
	flush := func() {
		if sb.Len() > 0 {
			fsys[fmt.Sprintf("s3_%03d.tf", file)] = &fstest.MapFile{Data: []byte(sb.String())}
			sb.Reset()
			file++
		}
	}
	for i := 0; i < n/5; i++ {
		fmt.Fprintf(&sb, `# driftfix:ignore:aws-s3-logging
resource "aws_s3_bucket" "b%[1]d" {
  bucket = "${local.prefix}-%[1]d"
  tags   = merge(local.tags, { Name = "b%[1]d" })

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "b%[1]d" {
  bucket = aws_s3_bucket.b%[1]d.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "fe%[1]d" {
  for_each = var.names
  bucket   = "${local.prefix}-${each.key}-%[1]d"
}

resource "aws_security_group" "sg%[1]d" {
  name = "sg-%[1]d"

  dynamic "ingress" {
    for_each = [80, 443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["10.0.0.0/8"] # trivy:ignore:AVD-AWS-0107
    }
  }
}

resource "aws_instance" "i%[1]d" {
  count         = 2
  ami           = "ami-%[1]d"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = false
  }
}

`, i)
		if i%10 == 9 {
			flush()
		}
	}
	flush()
	return fsys
}

func BenchmarkLoad(b *testing.B) {
	fsys := benchModule(1000)
	m := Load(context.Background(), fsys, ".")
	if len(m.Diagnostics) > 0 {
		b.Fatal(m.Diagnostics)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Load(context.Background(), fsys, ".")
	}
	b.ReportMetric(float64(len(m.Resources)), "instances")
}

// BenchmarkCheckLike measures what a scan does after loading: typed getters,
// ignore lookups and companion lookups for every bucket.
func BenchmarkCheckLike(b *testing.B) {
	fsys := benchModule(1000)
	b.ReportAllocs()
	for b.Loop() {
		m := Load(context.Background(), fsys, ".")
		for _, r := range m.ResourcesOfType("aws_s3_bucket") {
			r.Block.String("bucket")
			r.File.IgnoresFor(r.Block.Range.Start.Line)
			m.Referrers(r, "aws_s3_bucket_versioning", "bucket", "bucket")
		}
	}
}

func BenchmarkEditApply(b *testing.B) {
	fsys := benchModule(1000)
	m := Load(context.Background(), fsys, ".")
	buckets := m.ResourcesOfType("aws_s3_bucket")
	instances := m.ResourcesOfType("aws_instance")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ed := NewEditor(m)
		for _, r := range buckets {
			if err := ed.SetAttr("rule-a", r.Block, "force_destroy", "false"); err != nil {
				b.Fatal(err)
			}
			if err := ed.AddBlockAfter("rule-b", r.Block, NewBlock{Type: "resource", Labels: []string{"aws_s3_bucket_public_access_block", r.Name},
				Attrs: []NewAttr{{Name: "bucket", Expr: "aws_s3_bucket." + r.Name + ".id"}, {Name: "block_public_acls", Expr: "true"}}}); err != nil {
				b.Fatal(err)
			}
		}
		for _, r := range instances {
			if err := ed.SetAttr("rule-c", r.Block.First("root_block_device"), "encrypted", "true"); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := ed.Apply(); err != nil {
			b.Fatal(err)
		}
	}
}
