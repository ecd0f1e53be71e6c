package priority

import (
	"reflect"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac/tfstate"
)

func live(typ, id string, attrs map[string]any) cloud.Resource {
	if attrs == nil {
		attrs = map[string]any{}
	}
	attrs["id"] = id
	return cloud.Resource{Ref: cloud.Ref{Type: typ, ID: id, Region: "eu-west-1"}, Attrs: attrs}
}

func inState(addr, typ, id string) tfstate.Resource {
	return tfstate.Resource{Address: addr, Type: typ, ID: id, Values: map[string]any{"id": id}}
}

func openLiveSG(id string) cloud.Resource {
	return live("aws_security_group", id, map[string]any{
		"name": "web",
		"ingress": []any{
			map[string]any{"protocol": "tcp", "from_port": 22.0, "to_port": 22.0, "cidr_blocks": []any{"0.0.0.0/0"}, "ipv6_cidr_blocks": []any{}},
			map[string]any{"protocol": "tcp", "from_port": 443.0, "to_port": 443.0, "cidr_blocks": []any{"10.0.0.0/8"}},
		},
	})
}

func TestLiveSignals(t *testing.T) {
	tests := []struct {
		name    string
		src     string // main.tf; "" for no module
		live    []cloud.Resource
		state   []tfstate.Resource
		addr    string
		want    int
		reasons []string
	}{
		{
			name:  "a public IP only the cloud shows, joined through state",
			src:   `resource "aws_instance" "web" {}`,
			live:  []cloud.Resource{live("aws_instance", "i-1", map[string]any{"public_ip": "203.0.113.7", "tags": map[string]any{"criticality": "critical"}})},
			state: []tfstate.Resource{inState("aws_instance.web", "aws_instance", "i-1")},
			addr:  "aws_instance.web",
			want:  60, reasons: []string{
				"severity high",
				"internet-facing: aws_instance.web has a public IP (live)",
				"critical service: tag criticality=critical (live)",
			},
		},
		{
			name:  "no code at all",
			live:  []cloud.Resource{live("aws_instance", "i-1", map[string]any{"public_ip": "203.0.113.7"})},
			state: []tfstate.Resource{inState("aws_instance.web", "aws_instance", "i-1")},
			addr:  "aws_instance.web",
			want:  50, reasons: []string{"severity high", "internet-facing: aws_instance.web has a public IP (live)"},
		},
		{
			name:  "a live resource state does not join is not the finding's",
			live:  []cloud.Resource{live("aws_instance", "i-2", map[string]any{"public_ip": "203.0.113.7"})},
			state: []tfstate.Resource{inState("aws_instance.web", "aws_instance", "i-1")},
			addr:  "aws_instance.web",
			want:  30, reasons: []string{"severity high"},
		},
		{
			name: "a live security group the live instance uses",
			src:  `resource "aws_instance" "web" {}`,
			live: []cloud.Resource{
				openLiveSG("sg-1"),
				live("aws_instance", "i-1", map[string]any{"vpc_security_group_ids": []any{"sg-1"}}),
			},
			state: []tfstate.Resource{inState("aws_instance.web", "aws_instance", "i-1"), inState("aws_security_group.web", "aws_security_group", "sg-1")},
			addr:  "aws_instance.web",
			want:  50, reasons: []string{"severity high", "internet-facing: aws_security_group.web allows 0.0.0.0/0 on tcp port 22 (used by aws_instance.web; live)"},
		},
		{
			name: "code and cloud agree: one reason, the code's",
			src:  openSG + `resource "aws_instance" "web" { vpc_security_group_ids = [aws_security_group.web.id] }`,
			live: []cloud.Resource{
				openLiveSG("sg-1"),
				live("aws_instance", "i-1", map[string]any{"vpc_security_group_ids": []any{"sg-1"}}),
			},
			state: []tfstate.Resource{inState("aws_instance.web", "aws_instance", "i-1"), inState("aws_security_group.web", "aws_security_group", "sg-1")},
			addr:  "aws_instance.web",
			want:  50, reasons: []string{"severity high", "internet-facing: aws_security_group.web allows 0.0.0.0/0 on tcp port 22 (used by aws_instance.web)"},
		},
		{
			name: "joined by name without state: live tags and a live public access block left off",
			src:  closedBucket,
			live: []cloud.Resource{
				live("aws_s3_bucket", "acme-data", map[string]any{"bucket": "acme-data", "tags": map[string]any{"criticality": "high"}}),
				live("aws_s3_bucket_public_access_block", "acme-data", map[string]any{"bucket": "acme-data",
					"block_public_acls": true, "block_public_policy": false, "ignore_public_acls": true, "restrict_public_buckets": false}),
			},
			addr: "aws_s3_bucket.data",
			want: 75, reasons: []string{
				"severity high",
				"internet-facing: aws_s3_bucket.data has a public access block that leaves block_public_policy, restrict_public_buckets off (live)",
				"sensitive data: tag data-classification=confidential",
				"critical service: tag criticality=high (live)",
			},
		},
		{
			name: "a live bucket policy for everyone",
			live: []cloud.Resource{
				live("aws_s3_bucket", "acme-site", map[string]any{"bucket": "acme-site"}),
				live("aws_s3_bucket_policy", "acme-site", map[string]any{"bucket": "acme-site",
					"policy": `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-site/*"}}`}),
			},
			state: []tfstate.Resource{inState("aws_s3_bucket.site", "aws_s3_bucket", "acme-site")},
			addr:  "aws_s3_bucket.site",
			want:  50, reasons: []string{"severity high", `internet-facing: aws_s3_bucket.site has a bucket policy that allows Principal "*" (live)`},
		},
		{
			name: "a live ACL grant to all users",
			live: []cloud.Resource{
				live("aws_s3_bucket", "acme-site", map[string]any{"bucket": "acme-site",
					"grant": []any{map[string]any{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers", "permissions": []any{"READ"}}}}),
			},
			state: []tfstate.Resource{inState("aws_s3_bucket.site", "aws_s3_bucket", "acme-site")},
			addr:  "aws_s3_bucket.site",
			want:  50, reasons: []string{"severity high", "internet-facing: aws_s3_bucket.site grants access to all users or all AWS accounts (live)"},
		},
		{
			name: "a live database that became publicly accessible, joined by identifier",
			src:  `resource "aws_db_instance" "main" { identifier = "orders" }`,
			live: []cloud.Resource{live("aws_db_instance", "db-ABC", map[string]any{"identifier": "orders", "publicly_accessible": true, "password": "hunter2"})},
			addr: "aws_db_instance.main",
			want: 50, reasons: []string{"severity high", "internet-facing: aws_db_instance.main is publicly accessible (live)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := Context{Live: tt.live, State: tt.state}
			if tt.src != "" {
				ctx.Module = load(t, tt.src)
			}
			got := DefaultRules().Finding(ctx, finding(tt.addr, fixers.High))
			if got.Value != tt.want || !reflect.DeepEqual(got.Reasons, tt.reasons) {
				t.Errorf("got  %d %q\nwant %d %q", got.Value, got.Reasons, tt.want, tt.reasons)
			}
			if all := strings.Join(got.Reasons, " "); strings.Contains(all, "203.0.113.7") || strings.Contains(all, "hunter2") {
				t.Errorf("a reason shows a live value: %s", all)
			}
		})
	}
}

func TestDriftScores(t *testing.T) {
	m := load(t, closedBucket+openSG+`resource "aws_instance" "web" { vpc_security_group_ids = [aws_security_group.web.id] }`)
	liveRes := []cloud.Resource{
		openLiveSG("sg-9"),
		live("aws_security_group", "sg-private", map[string]any{"name": "db"}),
		live("aws_db_instance", "db-XYZ", map[string]any{"identifier": "ledger", "publicly_accessible": true,
			"vpc_security_group_ids": []any{"sg-private"}, "tags": map[string]any{"data-classification": "restricted"}}),
		live("aws_s3_bucket", "acme-data", map[string]any{"bucket": "acme-data"}),
	}
	state := []tfstate.Resource{inState("aws_s3_bucket.data", "aws_s3_bucket", "acme-data")}
	tests := []struct {
		name    string
		drift   cloud.Drift
		env     string
		want    int
		reasons []string
	}{
		{
			name: "changed, with the code's context and the class's severity",
			drift: cloud.Drift{Kind: cloud.Changed, Type: "aws_s3_bucket", ID: "acme-data", Address: "aws_s3_bucket.data",
				Changes: []cloud.Change{{Path: "tags.env", Class: "tags"}, {Path: "server_side_encryption_configuration", Class: "encryption-at-rest"}}},
			env:  "prod",
			want: 60, reasons: []string{
				"severity high (drift in class encryption-at-rest)",
				"sensitive data: tag data-classification=confidential",
				"environment prod",
			},
		},
		{
			name:  "changed tags only",
			drift: cloud.Drift{Kind: cloud.Changed, Type: "aws_s3_bucket", ID: "acme-data", Address: "aws_s3_bucket.data", Changes: []cloud.Change{{Path: "tags.env", Class: "tags"}}},
			want:  25, reasons: []string{"severity low (drift in class tags)", "sensitive data: tag data-classification=confidential"},
		},
		{
			name:  "deleted, known only to the code",
			drift: cloud.Drift{Kind: cloud.Deleted, Type: "aws_instance", ID: "i-gone", Address: "aws_instance.web", Class: "unknown"},
			want:  40, reasons: []string{
				"severity medium (deleted resource, drift outside every rule's class)",
				"internet-facing: aws_security_group.web allows 0.0.0.0/0 on tcp port 22 (used by aws_instance.web)",
			},
		},
		{
			name:  "unmanaged, known only to the cloud",
			drift: cloud.Drift{Kind: cloud.Unmanaged, Type: "aws_security_group", ID: "sg-9", Class: "unknown"},
			want:  40, reasons: []string{
				"severity medium (unmanaged resource, drift outside every rule's class)",
				"internet-facing: aws_security_group sg-9 allows 0.0.0.0/0 on tcp port 22 (live)",
			},
		},
		{
			name:  "unmanaged security group guarding a live database",
			drift: cloud.Drift{Kind: cloud.Unmanaged, Type: "aws_security_group", ID: "sg-private", Class: "unknown"},
			env:   "staging",
			want:  60, reasons: []string{
				"severity medium (unmanaged resource, drift outside every rule's class)",
				"internet-facing: aws_db_instance db-XYZ is publicly accessible (live)",
				"sensitive data: aws_db_instance db-XYZ has tag data-classification=restricted (live)",
				"environment staging",
			},
		},
		{
			name:  "unmanaged and not read",
			drift: cloud.Drift{Kind: cloud.Unmanaged, Type: "aws_iam_role", ID: "ghost", Class: "unknown"},
			want:  20, reasons: []string{"severity medium (unmanaged resource, drift outside every rule's class)"},
		},
	}
	s := DefaultRules().Scorer(Context{Module: m, Live: liveRes, State: state})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.ctx.Environment = tt.env
			got := s.Drift(tt.drift)
			if got.Value != tt.want || !reflect.DeepEqual(got.Reasons, tt.reasons) {
				t.Errorf("got  %d %q\nwant %d %q", got.Value, got.Reasons, tt.want, tt.reasons)
			}
		})
	}
}

func TestDriftSeverity(t *testing.T) {
	tests := []struct {
		drift cloud.Drift
		sev   fixers.Severity
		why   string
	}{
		{cloud.Drift{Kind: cloud.Changed, Changes: []cloud.Change{{Class: "tags"}}}, fixers.Low, "drift in class tags"},
		{cloud.Drift{Kind: cloud.Changed, Changes: []cloud.Change{{Class: "versioning"}, {Class: "network-exposure"}, {Class: "tags"}}}, fixers.Critical, "drift in class network-exposure"},
		{cloud.Drift{Kind: cloud.Changed, Changes: []cloud.Change{{Class: "public-access-block"}}}, fixers.High, "drift in class public-access-block"},
		{cloud.Drift{Kind: cloud.Changed, Changes: []cloud.Change{{Class: "unknown"}}}, fixers.Medium, "drift outside every rule's class"},
		{cloud.Drift{Kind: cloud.Changed, Changes: []cloud.Change{{}}}, fixers.Medium, "drift outside every rule's class"},
		{cloud.Drift{Kind: cloud.Deleted, Class: "iam"}, fixers.Critical, "deleted resource, drift in class iam"},
		{cloud.Drift{Kind: cloud.Unmanaged, Class: "unknown"}, fixers.Medium, "unmanaged resource, drift outside every rule's class"},
	}
	for _, tt := range tests {
		sev, why := DriftSeverity(tt.drift)
		if sev != tt.sev || why != tt.why {
			t.Errorf("DriftSeverity(%+v) = %s, %q; want %s, %q", tt.drift, sev, why, tt.sev, tt.why)
		}
	}
}
