// Package benchgen writes synthetic Terraform repositories for benchmarks: a
// root module and local child modules over many files, mixing the resource
// types driftfix's rules read, with variables, locals and for_each, half of
// the resources compliant and half not.
package benchgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// PerFile is the number of resource blocks per generated file.
const PerFile = 10

// Generate writes a repository with about n resource blocks (n/PerFile
// files) into dir and returns the number of resource blocks written.
func Generate(dir string, n int) (int, error) {
	files := (n + PerFile - 1) / PerFile
	modules := files / 50
	if modules < 1 {
		modules = 1
	}
	rootFiles := files / 5
	if rootFiles < 1 {
		rootFiles = 1
	}
	modFiles := files - rootFiles
	written := 0
	var root strings.Builder
	root.WriteString("variable \"envs\" {\n  type    = list(string)\n  default = [\"dev\", \"prod\"]\n}\n\nvariable \"encrypted\" {\n  type    = bool\n  default = false\n}\n\nlocals {\n  common_tags = merge({ team = \"bench\" }, { env = \"test\" })\n}\n")
	for m := 0; m < modules; m++ {
		fmt.Fprintf(&root, "\nmodule \"m%03d\" {\n  source    = \"./modules/m%03d\"\n  encrypted = %v\n}\n", m, m, m%2 == 0)
	}
	if err := write(filepath.Join(dir, "main.tf"), root.String()); err != nil {
		return 0, err
	}
	seq := 0
	emit := func(path string, header string) error {
		var b strings.Builder
		b.WriteString(header)
		for i := 0; i < PerFile && written < n; i++ {
			b.WriteString(resource(seq))
			seq++
			written++
		}
		return write(path, b.String())
	}
	for f := 0; f < rootFiles; f++ {
		if err := emit(filepath.Join(dir, fmt.Sprintf("r%04d.tf", f)), ""); err != nil {
			return 0, err
		}
	}
	for f := 0; f < modFiles; f++ {
		m := f % modules
		mdir := filepath.Join(dir, "modules", fmt.Sprintf("m%03d", m))
		header := ""
		if f < modules {
			header = "variable \"encrypted\" {\n  type = bool\n}\n\nvariable \"envs\" {\n  type    = list(string)\n  default = [\"a\", \"b\"]\n}\n\nlocals {\n  common_tags = { team = \"bench\" }\n}\n"
		}
		if err := emit(filepath.Join(mdir, fmt.Sprintf("f%04d.tf", f)), header); err != nil {
			return 0, err
		}
	}
	return written, nil
}

func write(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o644)
}

// resource returns the i-th resource block: the type rotates through the
// rules' types, and every other round of twelve is compliant.
func resource(i int) string {
	good := (i/12)%2 == 1
	name := fmt.Sprintf("r%06d", i)
	switch i % 12 {
	case 0:
		if good {
			return fmt.Sprintf("\n# bucket %d\nresource \"aws_s3_bucket\" %q {\n  for_each = toset(var.envs)\n  bucket   = \"b-%s-${each.key}\"\n  tags     = local.common_tags\n}\n\nresource \"aws_s3_bucket_versioning\" %q {\n  for_each = aws_s3_bucket.%s\n  bucket   = each.value.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n", i, name, name, name, name)
		}
		return fmt.Sprintf("\nresource \"aws_s3_bucket\" %q {\n  bucket = \"b-%s\"\n}\n", name, name)
	case 1:
		tokens := "optional"
		if good {
			tokens = "required"
		}
		return fmt.Sprintf("\nresource \"aws_instance\" %q {\n  ami           = \"ami-0123456789abcdef0\"\n  instance_type = \"t3.micro\"\n\n  metadata_options {\n    http_tokens = %q\n  }\n\n  root_block_device {\n    encrypted = %v\n  }\n}\n", name, tokens, good)
	case 2:
		return fmt.Sprintf("\nresource \"aws_ebs_volume\" %q {\n  availability_zone = \"us-east-1a\"\n  size              = 10\n  encrypted         = %s\n}\n", name, pick(good, "true", "var.encrypted"))
	case 3:
		cidr := "10.0.0.0/8"
		if !good {
			cidr = "0.0.0.0/0"
		}
		return fmt.Sprintf("\nresource \"aws_security_group\" %q {\n  name = %q\n\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [%q]\n  }\n}\n", name, name, cidr)
	case 4:
		return fmt.Sprintf("\nresource \"aws_db_instance\" %q {\n  engine              = \"postgres\"\n  instance_class      = \"db.t3.micro\"\n  allocated_storage   = 20\n  storage_encrypted   = %v\n  deletion_protection = %v\n  publicly_accessible = false\n}\n", name, good, good)
	case 5:
		return fmt.Sprintf("\nresource \"aws_kms_key\" %q {\n  description         = %q\n  enable_key_rotation = %v\n}\n", name, name, good)
	case 6:
		return fmt.Sprintf("\nresource \"aws_cloudwatch_log_group\" %q {\n  name              = \"/bench/%s\"\n  retention_in_days = %d\n}\n", name, name, pickInt(good, 365, 0))
	case 7:
		return fmt.Sprintf("\nresource \"aws_sqs_queue\" %q {\n  name                    = %q\n  sqs_managed_sse_enabled = %v\n}\n", name, name, good)
	case 8:
		kms := ""
		if good {
			kms = "\n  kms_master_key_id = \"alias/aws/sns\""
		}
		return fmt.Sprintf("\nresource \"aws_sns_topic\" %q {\n  name = %q%s\n}\n", name, name, kms)
	case 9:
		return fmt.Sprintf("\nresource \"aws_dynamodb_table\" %q {\n  name     = %q\n  hash_key = \"id\"\n\n  attribute {\n    name = \"id\"\n    type = \"S\"\n  }\n\n  point_in_time_recovery {\n    enabled = %v\n  }\n}\n", name, name, good)
	case 10:
		action := "\"s3:GetObject\""
		if !good {
			action = "\"*\""
		}
		return fmt.Sprintf("\nresource \"aws_iam_policy\" %q {\n  name = %q\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Allow\"\n      Action   = %s\n      Resource = \"*\"\n    }]\n  })\n}\n", name, name, action)
	default:
		return fmt.Sprintf("\nresource \"aws_cloudtrail\" %q {\n  name                       = %q\n  s3_bucket_name             = \"trail-logs\"\n  enable_log_file_validation = %v\n  is_multi_region_trail      = %v\n}\n", name, name, good, good)
	}
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func pickInt(b bool, yes, no int) int {
	if b {
		return yes
	}
	return no
}

// GenerateFile writes one file, dir/main.tf, of at least size bytes: the
// same mix of resource blocks as Generate, one after another, with the
// variables and locals they use. It returns the number of resource blocks
// written. One large file is the case where the cost of an edit must not
// depend on the size of the file it is made in.
func GenerateFile(dir string, size int) (int, error) {
	var b strings.Builder
	b.Grow(size + 1024)
	b.WriteString("variable \"envs\" {\n  type    = list(string)\n  default = [\"dev\", \"prod\"]\n}\n\nvariable \"encrypted\" {\n  type    = bool\n  default = false\n}\n\nlocals {\n  common_tags = merge({ team = \"bench\" }, { env = \"test\" })\n}\n")
	n := 0
	for b.Len() < size {
		b.WriteString(resource(n))
		n++
	}
	return n, write(filepath.Join(dir, "main.tf"), b.String())
}
