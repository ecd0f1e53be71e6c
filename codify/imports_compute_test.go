package codify_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/codify"
	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The compute and edge types, as their sweeps report them: a resource
// block where the sweep read what the type requires (identifying and
// required attributes, blocks of plain values, tags), an import block
// alone with the reason otherwise; the file parses and terraform fmt
// accepts it.
func TestImportsComputeAndEdge(t *testing.T) {
	tf := testenv.Terraform(t)
	lbARN := "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
	tgARN := "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/6d0ecf831eec9f09"
	cases := []struct {
		typ, id string
		attrs   map[string]any
		has     []string // lines of the resource block; none: import block only
	}{
		{"aws_lambda_permission", "api/AllowS3", map[string]any{"function_name": "api", "statement_id": "AllowS3", "action": "lambda:InvokeFunction",
			"principal": "s3.amazonaws.com", "source_arn": "arn:aws:s3:::uploads", "source_account": "", "qualifier": ""},
			[]string{`function_name = "api"`, `statement_id  = "AllowS3"`, `principal     = "s3.amazonaws.com"`}},
		{"aws_lambda_function", "api", map[string]any{"function_name": "api", "arn": "arn:aws:lambda:us-east-1:123456789012:function:api"}, nil},
		{"aws_launch_template", "lt-0abc", map[string]any{"name": "web", "default_version": 1.0, "tags": map[string]any{"team": "web"}},
			[]string{`name = "web"`, `team = "web"`}},
		{"aws_autoscaling_group", "web", map[string]any{"name": "web", "tags": map[string]any{}}, nil},
		{"aws_eks_cluster", "main", map[string]any{"name": "main"}, nil},
		{"aws_lb", lbARN, map[string]any{"arn": lbARN, "name": "web", "internal": true, "load_balancer_type": "application",
			"subnets": []any{"subnet-1", "subnet-2"}, "security_groups": []any{"sg-1"}, "dns_name": "web.elb.amazonaws.com"},
			[]string{`name               = "web"`, `internal           = true`, `subnets            = ["subnet-1", "subnet-2"]`}},
		{"aws_lb_listener", lbARN + "/l", map[string]any{"load_balancer_arn": lbARN, "port": 80.0}, nil},
		{"aws_lb_target_group", tgARN, map[string]any{"arn": tgARN, "name": "web", "port": 80.0, "protocol": "HTTP", "vpc_id": "vpc-1",
			"target_type": "instance", "health_check": []any{map[string]any{"enabled": true, "path": "/health", "matcher": "200", "interval": 30.0}}},
			[]string{`port        = 80`, "health_check {", `path     = "/health"`}},
		{"aws_route53_zone", "Z123", map[string]any{"zone_id": "Z123", "name": "example.com", "comment": "main"},
			[]string{`name    = "example.com"`}},
		{"aws_route53_record", "Z123_www.example.com_A", map[string]any{"zone_id": "Z123", "name": "www.example.com", "fqdn": "www.example.com",
			"type": "A", "ttl": 300.0, "records": []any{"192.0.2.1"}, "set_identifier": "", "alias": []any{}},
			[]string{`zone_id = "Z123"`, `records = ["192.0.2.1"]`}},
		{"aws_cloudfront_distribution", "E2ABC", map[string]any{"arn": "arn:aws:cloudfront::123456789012:distribution/E2ABC"}, nil},
	}
	var drifts []cloud.Drift
	var live []cloud.Resource
	for _, c := range cases {
		drifts = append(drifts, cloud.Drift{Kind: cloud.Unmanaged, Type: c.typ, ID: c.id, Region: "us-east-1"})
		live = append(live, cloud.Resource{Ref: cloud.Ref{Type: c.typ, ID: c.id, Region: "us-east-1"}, Attrs: c.attrs})
	}
	f, err := codify.Imports(nil, drifts, live, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, diags := hclsyntax.ParseConfig(f.Src, f.Name, hcl.InitialPos); diags.HasErrors() {
		t.Fatalf("does not parse: %s\n%s", diags.Error(), f.Src)
	}
	tmp := filepath.Join(t.TempDir(), f.Name)
	if err := os.WriteFile(tmp, f.Src, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tf, "fmt", "-check", "-diff", tmp).CombinedOutput(); err != nil {
		t.Errorf("terraform fmt -check: %v\n%s", err, out)
	}
	if len(f.Resources) != len(cases) {
		t.Fatalf("%d imports for %d unmanaged resources", len(f.Resources), len(cases))
	}
	byType := map[string]codify.Imported{}
	for _, imp := range f.Resources {
		byType[imp.Type] = imp
	}
	for _, c := range cases {
		imp := byType[c.typ]
		if imp.ID != c.id {
			t.Fatalf("import of %s is %q, want %s", c.typ, imp.ID, c.id)
		}
		if imp.Generated != (c.has != nil) {
			t.Errorf("%s: generated %v (%s), want %v", c.typ, imp.Generated, imp.Reason, c.has != nil)
		}
		if !strings.Contains(string(f.Src), "id = \""+c.id+"\"") {
			t.Errorf("%s: no import block with id %s", c.typ, c.id)
		}
		for _, line := range c.has {
			if !strings.Contains(string(f.Src), line) {
				t.Errorf("%s: the block has no %q:\n%s", c.typ, line, f.Src)
			}
		}
	}
}
