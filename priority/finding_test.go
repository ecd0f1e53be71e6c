package priority

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
)

// load loads one main.tf from memory.
func load(t testing.TB, src string) *iac.Module {
	t.Helper()
	m := iac.Load(context.Background(), fstest.MapFS{"main.tf": {Data: []byte(src)}}, ".")
	if len(m.Diagnostics) > 0 {
		t.Fatalf("load: %s", m.Diagnostics.Error())
	}
	return m
}

// finding is a finding of the given severity at an address.
func finding(addr string, sev fixers.Severity) fixers.Finding {
	return fixers.Finding{Rule: "aws-test", Severity: sev, Address: addr}
}

// rulesFrom parses a priority block.
func rulesFrom(t *testing.T, src string) Rules {
	t.Helper()
	c, diags := config.Parse([]byte(src), config.FileName)
	if diags.HasErrors() {
		t.Fatalf("config: %s", config.FormatDiagnostics(diags))
	}
	return NewRules(c.Priority())
}

const openSG = `
resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
}
`

const privateSG = `
resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
`

const closedBucket = `
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
  tags   = { "data-classification" = "confidential" }
}
resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`

func TestFindingSignals(t *testing.T) {
	tests := []struct {
		name    string
		src     string // main.tf; "" for no module
		addr    string
		sev     fixers.Severity
		env     string
		rules   string // a priority block; "" for the defaults
		want    int
		reasons []string
	}{
		{
			name: "severity alone", addr: "aws_s3_bucket.x", sev: fixers.High, env: "dev",
			want: 30, reasons: []string{"severity high"},
		},
		{
			name: "each severity", addr: "aws_s3_bucket.x", sev: fixers.Critical,
			want: 40, reasons: []string{"severity critical"},
		},
		{
			name: "unknown severity", addr: "aws_s3_bucket.x", sev: "",
			want: 0, reasons: []string{"severity unknown"},
		},
		{
			name: "environment prod", addr: "aws_s3_bucket.x", sev: fixers.Low, env: "prod",
			want: 25, reasons: []string{"severity low", "environment prod"},
		},
		{
			name: "environment compares ignoring case", addr: "aws_s3_bucket.x", sev: fixers.Low, env: "Production",
			want: 25, reasons: []string{"severity low", "environment Production"},
		},
		{
			name: "environment staging", addr: "aws_s3_bucket.x", sev: fixers.Medium, env: "staging",
			want: 25, reasons: []string{"severity medium", "environment staging"},
		},
		{
			name: "environment not listed weighs nothing", addr: "aws_s3_bucket.x", sev: fixers.Medium, env: "qa",
			want: 20, reasons: []string{"severity medium"},
		},

		// internet-facing
		{
			name: "public IP",
			src:  `resource "aws_instance" "web" { associate_public_ip_address = true }`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 50, reasons: []string{"severity high", "internet-facing: aws_instance.web has a public IP (associate_public_ip_address = true)"},
		},
		{
			name: "public IP off",
			src:  `resource "aws_instance" "web" { associate_public_ip_address = false }`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 30, reasons: []string{"severity high"},
		},
		{
			name: "security group the instance uses is open",
			src:  openSG + `resource "aws_instance" "web" { vpc_security_group_ids = [aws_security_group.web.id] }`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 50, reasons: []string{"severity high", "internet-facing: aws_security_group.web allows 0.0.0.0/0 on tcp port 22 (used by aws_instance.web)"},
		},
		{
			name: "security groups by name (EC2-Classic style)",
			src:  openSG + `resource "aws_instance" "web" { security_groups = [aws_security_group.web.name] }`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 50, reasons: []string{"severity high", "internet-facing: aws_security_group.web allows 0.0.0.0/0 on tcp port 22 (used by aws_instance.web)"},
		},
		{
			name: "the open security group itself",
			src:  openSG,
			addr: "aws_security_group.web", sev: fixers.Critical,
			want: 60, reasons: []string{"severity critical", "internet-facing: aws_security_group.web allows 0.0.0.0/0 on tcp port 22"},
		},
		{
			name: "private security group",
			src:  privateSG + `resource "aws_instance" "web" { vpc_security_group_ids = [aws_security_group.web.id] }`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 30, reasons: []string{"severity high"},
		},
		{
			name: "an ingress rule resource, IPv6",
			src: privateSG + `
resource "aws_security_group_rule" "https" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
}
resource "aws_instance" "web" { vpc_security_group_ids = [aws_security_group.web.id] }`,
			addr: "aws_instance.web", sev: fixers.Medium,
			want: 40, reasons: []string{"severity medium", "internet-facing: aws_security_group.web allows ::/0 on tcp port 443 (aws_security_group_rule.https) (used by aws_instance.web)"},
		},
		{
			name: "an egress rule to the world is not exposure",
			src: privateSG + `
resource "aws_security_group_rule" "out" {
  type              = "egress"
  security_group_id = aws_security_group.web.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}`,
			addr: "aws_security_group.web", sev: fixers.Medium,
			want: 20, reasons: []string{"severity medium"},
		},
		{
			name: "a VPC ingress rule, all traffic, finding on the rule",
			src: privateSG + `
resource "aws_vpc_security_group_ingress_rule" "all" {
  security_group_id = aws_security_group.web.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}`,
			addr: "aws_vpc_security_group_ingress_rule.all", sev: fixers.Critical,
			want: 60, reasons: []string{"severity critical", "internet-facing: aws_security_group.web allows 0.0.0.0/0 on all traffic (aws_vpc_security_group_ingress_rule.all)"},
		},
		{
			name: "a rule whose group the code does not name",
			src: `
variable "sg" {}
resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = var.sg
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
}`,
			addr: "aws_vpc_security_group_ingress_rule.ssh", sev: fixers.Critical,
			want: 60, reasons: []string{"severity critical", "internet-facing: aws_vpc_security_group_ingress_rule.ssh allows 0.0.0.0/0 on tcp port 22"},
		},
		{
			name: "a launch template's network interface",
			src:  "resource \"aws_launch_template\" \"web\" {\n  network_interfaces {\n    associate_public_ip_address = true\n  }\n}\n",
			addr: "aws_launch_template.web", sev: fixers.High,
			want: 50, reasons: []string{"severity high", "internet-facing: aws_launch_template.web gives its instances a public IP (network_interfaces.associate_public_ip_address = true)"},
		},
		{
			name: "an Elastic IP",
			src:  `resource "aws_instance" "web" {}` + "\n" + `resource "aws_eip" "web" { instance = aws_instance.web.id }`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 50, reasons: []string{"severity high", "internet-facing: aws_instance.web has Elastic IP aws_eip.web"},
		},
		{
			name: "an Elastic IP association",
			src: `resource "aws_instance" "web" {}
resource "aws_eip" "web" {}
resource "aws_eip_association" "web" {
  instance_id   = aws_instance.web.id
  allocation_id = aws_eip.web.id
}`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 50, reasons: []string{"severity high", "internet-facing: aws_instance.web has an Elastic IP through aws_eip_association.web"},
		},
		{
			name: "a subnet that maps public IPs",
			src: `resource "aws_subnet" "public" { map_public_ip_on_launch = true }
resource "aws_instance" "web" { subnet_id = aws_subnet.public.id }`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 50, reasons: []string{"severity high", "internet-facing: aws_instance.web gets a public IP from aws_subnet.public (map_public_ip_on_launch = true)"},
		},
		{
			name: "an instance in a public subnet that declines a public IP",
			src: `resource "aws_subnet" "public" { map_public_ip_on_launch = true }
resource "aws_instance" "web" {
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = false
}`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 30, reasons: []string{"severity high"},
		},
		{
			name: "publicly accessible database",
			src:  `resource "aws_db_instance" "main" { publicly_accessible = true }`,
			addr: "aws_db_instance.main", sev: fixers.Critical,
			want: 60, reasons: []string{"severity critical", "internet-facing: aws_db_instance.main is publicly accessible"},
		},
		{
			name: "a load balancer faces the internet by default",
			src:  privateSG + `resource "aws_lb" "web" { security_groups = [aws_security_group.web.id] }`,
			addr: "aws_security_group.web", sev: fixers.Medium,
			want: 40, reasons: []string{"severity medium", "internet-facing: aws_lb.web is an internet-facing load balancer (internal = false)"},
		},
		{
			name: "an internal load balancer",
			src:  `resource "aws_lb" "web" { internal = true }`,
			addr: "aws_lb.web", sev: fixers.Medium,
			want: 20, reasons: []string{"severity medium"},
		},
		{
			name: "bucket without a public access block",
			src:  `resource "aws_s3_bucket" "logs" { bucket = "acme-logs" }`,
			addr: "aws_s3_bucket.logs", sev: fixers.Medium,
			want: 40, reasons: []string{"severity medium", "internet-facing: aws_s3_bucket.logs has no public access block"},
		},
		{
			name: "bucket with a full public access block",
			src:  closedBucket,
			addr: "aws_s3_bucket.data", sev: fixers.Medium, rules: "priority {\n  sensitive_tags = {}\n}\n",
			want: 20, reasons: []string{"severity medium"},
		},
		{
			name: "an account-wide public access block covers every bucket",
			src: `resource "aws_s3_bucket" "logs" { bucket = "acme-logs" }
resource "aws_s3_account_public_access_block" "all" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}`,
			addr: "aws_s3_bucket.logs", sev: fixers.Medium,
			want: 20, reasons: []string{"severity medium"},
		},
		{
			name: "a public ACL the public access block ignores",
			src: closedBucket + `
resource "aws_s3_bucket_acl" "data" {
  bucket = aws_s3_bucket.data.id
  acl    = "public-read"
}`,
			addr: "aws_s3_bucket.data", sev: fixers.Medium, rules: "priority {\n  sensitive_tags = {}\n}\n",
			want: 20, reasons: []string{"severity medium"},
		},
		{
			name: "a public ACL and policy with a partial public access block; the finding is on a companion",
			src: `
resource "aws_s3_bucket" "site" { bucket = "acme-site" }
resource "aws_s3_bucket_public_access_block" "site" {
  bucket            = "acme-site"
  block_public_acls = true
}
resource "aws_s3_bucket_acl" "site" {
  bucket = aws_s3_bucket.site.id
  acl    = "public-read"
}
resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::acme-site/*" }]
  })
}
resource "aws_s3_bucket_versioning" "site" {
  bucket = aws_s3_bucket.site.id
  versioning_configuration { status = "Suspended" }
}`,
			addr: "aws_s3_bucket_versioning.site", sev: fixers.Medium,
			want: 40, reasons: []string{
				"severity medium",
				"internet-facing: aws_s3_bucket.site has a public ACL (public-read)",
				`internet-facing: aws_s3_bucket.site has a bucket policy that allows Principal "*" (aws_s3_bucket_policy.site)`,
				"internet-facing: aws_s3_bucket.site has a public access block that leaves block_public_policy, ignore_public_acls, restrict_public_buckets off (aws_s3_bucket_public_access_block.site)",
			},
		},
		{
			name: "a public policy from a policy document",
			src: closedBucket + `
data "aws_iam_policy_document" "public" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-data/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
resource "aws_s3_bucket" "open" { bucket = "acme-open" }
resource "aws_s3_bucket_public_access_block" "open" {
  bucket                  = aws_s3_bucket.open.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}
resource "aws_s3_bucket_policy" "open" {
  bucket = aws_s3_bucket.open.id
  policy = data.aws_iam_policy_document.public.json
}`,
			addr: "aws_s3_bucket.open", sev: fixers.High,
			want: 50, reasons: []string{
				"severity high",
				`internet-facing: aws_s3_bucket.open has a bucket policy that allows Principal "*" (aws_s3_bucket_policy.open)`,
				"internet-facing: aws_s3_bucket.open has a public access block that leaves block_public_policy, restrict_public_buckets off (aws_s3_bucket_public_access_block.open)",
			},
		},
		{
			name: "a volume attached to an internet-facing instance",
			src: openSG + `
resource "aws_instance" "web" { vpc_security_group_ids = [aws_security_group.web.id] }
resource "aws_ebs_volume" "data" { size = 10 }
resource "aws_volume_attachment" "data" {
  device_name = "/dev/sdh"
  instance_id = aws_instance.web.id
  volume_id   = aws_ebs_volume.data.id
}`,
			addr: "aws_ebs_volume.data", sev: fixers.High,
			want: 50, reasons: []string{"severity high", "internet-facing: aws_security_group.web allows 0.0.0.0/0 on tcp port 22 (used by aws_instance.web)"},
		},

		// sensitive data and critical service
		{
			name: "a bucket tagged confidential",
			src:  closedBucket,
			addr: "aws_s3_bucket.data", sev: fixers.Medium,
			want: 35, reasons: []string{"severity medium", "sensitive data: tag data-classification=confidential"},
		},
		{
			name: "tags compare ignoring case",
			src:  `resource "aws_dynamodb_table" "users" { tags = { "Data-Classification" = "PII" } }`,
			addr: "aws_dynamodb_table.users", sev: fixers.Medium,
			want: 35, reasons: []string{"severity medium", "sensitive data: tag Data-Classification=PII"},
		},
		{
			name: "a tag value not listed",
			src:  `resource "aws_dynamodb_table" "users" { tags = { "data-classification" = "public" } }`,
			addr: "aws_dynamodb_table.users", sev: fixers.Medium,
			want: 20, reasons: []string{"severity medium"},
		},
		{
			name: "a companion finding sees its bucket's tags",
			src:  closedBucket + `resource "aws_s3_bucket_versioning" "data" { bucket = "acme-data" }`,
			addr: "aws_s3_bucket_versioning.data", sev: fixers.Medium,
			want: 35, reasons: []string{"severity medium", "sensitive data: aws_s3_bucket.data has tag data-classification=confidential"},
		},
		{
			name: "a security group guarding a sensitive database",
			src: privateSG + `
resource "aws_db_instance" "main" {
  vpc_security_group_ids = [aws_security_group.web.id]
  tags                   = { "data-classification" = "pii", criticality = "critical" }
}`,
			addr: "aws_security_group.web", sev: fixers.Critical,
			want: 65, reasons: []string{
				"severity critical",
				"sensitive data: aws_db_instance.main has tag data-classification=pii",
				"critical service: aws_db_instance.main has tag criticality=critical",
			},
		},
		{
			name: "a shared security group does not pass one user's tags to another",
			src: privateSG + `
resource "aws_db_instance" "main" {
  vpc_security_group_ids = [aws_security_group.web.id]
  tags                   = { "data-classification" = "pii" }
}
resource "aws_instance" "web" { vpc_security_group_ids = [aws_security_group.web.id] }`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 30, reasons: []string{"severity high"},
		},
		{
			name: "default tags of the provider",
			src: `provider "aws" {
  default_tags {
    tags = { criticality = "high" }
  }
}
resource "aws_instance" "web" {}`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 40, reasons: []string{"severity high", "critical service: tag criticality=high"},
		},
		{
			name: "an aliased provider's default tags are not followed",
			src: `provider "aws" {
  alias = "other"
  default_tags {
    tags = { criticality = "high" }
  }
}
resource "aws_instance" "web" {}`,
			addr: "aws_instance.web", sev: fixers.High,
			want: 30, reasons: []string{"severity high"},
		},
		{
			name: "a critical instance behind a volume",
			src: `resource "aws_instance" "api" { tags = { criticality = "high" } }
resource "aws_ebs_volume" "data" { size = 10 }
resource "aws_volume_attachment" "data" {
  device_name = "/dev/sdh"
  instance_id = aws_instance.api.id
  volume_id   = aws_ebs_volume.data.id
}`,
			addr: "aws_ebs_volume.data", sev: fixers.High,
			want: 40, reasons: []string{"severity high", "critical service: aws_instance.api has tag criticality=high"},
		},

		// combined
		{
			name: "everything at once reaches 100",
			src: openSG + `
resource "aws_instance" "web" {
  vpc_security_group_ids = [aws_security_group.web.id]
  tags = {
    "data-classification" = "restricted"
    criticality           = "critical"
  }
}`,
			addr: "aws_instance.web", sev: fixers.Critical, env: "prod",
			want: 100, reasons: []string{
				"severity critical",
				"internet-facing: aws_security_group.web allows 0.0.0.0/0 on tcp port 22 (used by aws_instance.web)",
				"sensitive data: tag data-classification=restricted",
				"critical service: tag criticality=critical",
				"environment prod",
			},
		},
		{
			name: "config weights, kept within 100",
			src:  `resource "aws_db_instance" "main" { publicly_accessible = true }`,
			addr: "aws_db_instance.main", sev: fixers.Critical, env: "prod",
			rules: "priority {\n  internet_facing = 50\n  environments = { prod = 30 }\n}\n",
			want:  100, reasons: []string{"severity critical", "internet-facing: aws_db_instance.main is publicly accessible", "environment prod"},
		},
		{
			name: "a negative environment, kept at 0 or more",
			addr: "aws_s3_bucket.x", sev: fixers.Low, env: "sandbox",
			rules: "priority {\n  environments = { sandbox = -50 }\n}\n",
			want:  0, reasons: []string{"severity low", "environment sandbox"},
		},
		{
			name: "a signal worth 0 is left out",
			src:  `resource "aws_db_instance" "main" { publicly_accessible = true }`,
			addr: "aws_db_instance.main", sev: fixers.Critical,
			rules: "priority {\n  internet_facing = 0\n}\n",
			want:  40, reasons: []string{"severity critical"},
		},
		{
			name: "config tags replace the defaults",
			src: `resource "aws_s3_bucket" "x" {
  bucket = "x"
  tags   = { "data-classification" = "confidential", owner = "payments", tier = "0" }
}
resource "aws_s3_bucket_public_access_block" "x" {
  bucket                  = "x"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}`,
			addr: "aws_s3_bucket.x", sev: fixers.Low,
			rules: "priority {\n  sensitive_tags = { owner = [\"payments\"] }\n  critical_tags = { tier = [\"0\", \"1\"] }\n  severity = { low = 5 }\n}\n",
			want:  30, reasons: []string{"severity low", "sensitive data: tag owner=payments", "critical service: tag tier=0"},
		},
		{
			name: "an address the code does not have",
			src:  openSG,
			addr: "aws_instance.gone", sev: fixers.High,
			want: 30, reasons: []string{"severity high"},
		},
		{
			name: "an instance address of a counted resource",
			src:  "resource \"aws_db_instance\" \"main\" {\n  count               = 2\n  publicly_accessible = true\n}\n",
			addr: "aws_db_instance.main[1]", sev: fixers.High,
			want: 50, reasons: []string{"severity high", "internet-facing: aws_db_instance.main[1] is publicly accessible"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := Context{Environment: tt.env}
			if tt.src != "" {
				ctx.Module = load(t, tt.src)
			}
			rules := DefaultRules()
			if tt.rules != "" {
				rules = rulesFrom(t, tt.rules)
			}
			got := rules.Finding(ctx, finding(tt.addr, tt.sev))
			if got.Value != tt.want || !reflect.DeepEqual(got.Reasons, tt.reasons) {
				t.Errorf("got  %d %q\nwant %d %q", got.Value, got.Reasons, tt.want, tt.reasons)
			}
			sum := 0
			for _, s := range got.Signals {
				sum += s.Points
			}
			if want := min(max(sum, 0), 100); want != got.Value {
				t.Errorf("signals %+v add up to %d, value is %d", got.Signals, sum, got.Value)
			}
		})
	}
}

func TestReasonsAreBounded(t *testing.T) {
	src := privateSG
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		src += `resource "aws_db_instance" "` + n + `" {
  vpc_security_group_ids = [aws_security_group.web.id]
  tags                   = { "data-classification" = "pii" }
}
`
	}
	got := DefaultRules().Finding(Context{Module: load(t, src)}, finding("aws_security_group.web", fixers.Critical))
	want := []string{
		"severity critical",
		"sensitive data: aws_db_instance.a has tag data-classification=pii",
		"sensitive data: aws_db_instance.b has tag data-classification=pii",
		"sensitive data: aws_db_instance.c has tag data-classification=pii",
		"sensitive data: 2 more",
	}
	if got.Value != 55 || !reflect.DeepEqual(got.Reasons, want) {
		t.Errorf("got %d %q\nwant 55 %q", got.Value, got.Reasons, want)
	}
}

func TestReasonsCarryNoSecrets(t *testing.T) {
	const secret = "hunter2-do-not-print"
	src := `
variable "password" {
  default   = "` + secret + `"
  sensitive = true
}
resource "aws_security_group" "db" {
  name        = "db"
  description = "` + secret + `"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_db_instance" "main" {
  password               = var.password
  publicly_accessible    = true
  vpc_security_group_ids = [aws_security_group.db.id]
  tags = {
    pii                   = "` + secret + `"
    "data-classification" = "pii"
    note                  = "` + secret + `"
  }
}`
	rules := rulesFrom(t, "priority {\n  sensitive_tags = { pii = [], \"data-classification\" = [\"pii\"] }\n  critical_tags = { note = [] }\n}\n")
	got := rules.Finding(Context{Module: load(t, src), Environment: "prod"}, finding("aws_db_instance.main", fixers.Critical))
	all := strings.Join(got.Reasons, "\n")
	if strings.Contains(all, secret) {
		t.Errorf("a reason shows a secret:\n%s", all)
	}
	// the tags still count, shown by key
	for _, want := range []string{"sensitive data: tag data-classification=pii", "sensitive data: tag pii", "critical service: tag note"} {
		if !strings.Contains(all, want) {
			t.Errorf("reasons lack %q:\n%s", want, all)
		}
	}
}

func TestScorerOverManyFindings(t *testing.T) {
	m := load(t, openSG+`
resource "aws_instance" "web" { vpc_security_group_ids = [aws_security_group.web.id] }
resource "aws_instance" "batch" {}
`)
	s := DefaultRules().Scorer(Context{Module: m, Environment: "staging"})
	ranked := s.Findings([]fixers.Finding{
		finding("aws_instance.batch", fixers.High),
		finding("aws_instance.web", fixers.High),
		finding("aws_security_group.web", fixers.Critical),
	})
	var got []string
	for _, r := range ranked {
		got = append(got, r.Address+"="+r.Priority.String())
	}
	want := []string{
		"aws_security_group.web=65 (severity critical; internet-facing: aws_security_group.web allows 0.0.0.0/0 on tcp port 22; environment staging)",
		"aws_instance.web=55 (severity high; internet-facing: aws_security_group.web allows 0.0.0.0/0 on tcp port 22 (used by aws_instance.web); environment staging)",
		"aws_instance.batch=35 (severity high; environment staging)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
