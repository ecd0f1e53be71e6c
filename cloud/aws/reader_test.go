package aws

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/cloud/awslocal"
)

const (
	account = "111122223333"
	keyARN  = "arn:aws:kms:us-east-1:111122223333:key/0b6f1e2c-1111-4000-8000-000000000001"
)

var regions = []string{"us-east-1", "eu-west-1"}

// isolate keeps the developer's AWS files, profile, endpoint variables and
// the instance metadata service out of a test, and puts static credentials
// in the environment, where the SDK's default chain finds them.
func isolate(t testing.TB) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_ACCESS_KEY_ID":           "AKIDLOCAL",
		"AWS_SECRET_ACCESS_KEY":       "secret",
	} {
		t.Setenv(k, v)
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SESSION_TOKEN",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_RDS", "AWS_ENDPOINT_URL_KMS",
		"AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS"} {
		t.Setenv(k, "") // restores the old value after the test
		os.Unsetenv(k)
	}
}

func loadSeed(t testing.TB) *awslocal.Seed {
	t.Helper()
	seed, err := awslocal.LoadSeed(filepath.Join("testdata", "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

// start serves seed with awslocal and returns a Reader pointed at it.
func start(t testing.TB, seed *awslocal.Seed, lopts awslocal.Options) (*awslocal.Server, *Reader) {
	t.Helper()
	return startIn(t, regions, seed, lopts)
}

func startIn(t testing.TB, regions []string, seed *awslocal.Seed, lopts awslocal.Options) (*awslocal.Server, *Reader) {
	t.Helper()
	isolate(t)
	srv := awslocal.New(seed, lopts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	r, err := New(t.Context(), Options{Regions: regions, Endpoint: ts.URL, MaxBackoff: 20 * time.Millisecond, Types: awslocal.Types()})
	if err != nil {
		t.Fatal(err)
	}
	return srv, r
}

func ref(typ, id string) cloud.Ref { return cloud.Ref{Type: typ, ID: id} }

// get reads refs and fails the test when a read failed.
func get(t testing.TB, r *Reader, refs []cloud.Ref) ([]cloud.Resource, []cloud.Ref) {
	t.Helper()
	res, err := r.Get(t.Context(), refs)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) > 0 {
		t.Fatalf("reads failed: %v", res.Failed)
	}
	return res.Found, res.Missing
}

// list sweeps types and fails the test when a listing failed.
func list(t testing.TB, r *Reader, types []string) []cloud.Resource {
	t.Helper()
	res, err := r.List(t.Context(), types)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) > 0 {
		t.Fatalf("listings failed: %v", res.Failed)
	}
	return res.Resources
}

// jsonEqual compares attribute maps as JSON, which is how they travel.
func jsonEqual(t *testing.T, got, want map[string]any) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	if string(g) != string(w) {
		t.Errorf("attributes differ\n got: %s\nwant: %s", g, w)
	}
}

func TestGetAttributes(t *testing.T) {
	_, r := start(t, loadSeed(t), awslocal.Options{})
	rootless := map[string]any{"http_endpoint": "enabled", "http_protocol_ipv6": "disabled", "http_put_response_hop_limit": 1.0, "http_tokens": "optional", "instance_metadata_tags": "disabled"}
	noRule := func(from, to float64, proto string) map[string]any {
		return map[string]any{"from_port": from, "to_port": to, "protocol": proto, "cidr_blocks": []any{}, "ipv6_cidr_blocks": []any{},
			"prefix_list_ids": []any{}, "security_groups": []any{}, "self": false, "description": ""}
	}
	with := func(m map[string]any, kv ...any) map[string]any {
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	orders := map[string]any{
		"id": "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ", "identifier": "orders", "resource_id": "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		"arn": "arn:aws:rds:us-east-1:111122223333:db:orders", "engine": "postgres", "engine_version_actual": "15.4",
		"instance_class": "db.t3.micro", "allocated_storage": 50.0, "storage_encrypted": true, "kms_key_id": keyARN,
		"publicly_accessible": false, "deletion_protection": true, "backup_retention_period": 7.0, "multi_az": true,
		"tags": map[string]any{"env": "prod"},
	}
	// awslocal gives every key the default key policy.
	keyPolicy := func(account string) string {
		return `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow",` +
			`"Principal":{"AWS":"arn:aws:iam::` + account + `:root"},"Action":"kms:*","Resource":"*"}]}`
	}
	tests := []struct {
		ref  cloud.Ref
		want map[string]any
	}{
		{ref(typeS3Bucket, "app-data"), map[string]any{"id": "app-data", "bucket": "app-data", "arn": "arn:aws:s3:::app-data", "region": "us-east-1", "tags": map[string]any{"env": "prod"}}},
		{ref(typeS3Bucket, "audit-logs"), map[string]any{"id": "audit-logs", "bucket": "audit-logs", "arn": "arn:aws:s3:::audit-logs", "region": "us-east-1", "tags": map[string]any{}}},
		// Looked for in the default region, found through S3's redirect.
		{ref(typeS3Bucket, "eu-archive"), map[string]any{"id": "eu-archive", "bucket": "eu-archive", "arn": "arn:aws:s3:::eu-archive", "region": "eu-west-1", "tags": map[string]any{"tier": "cold"}}},
		{ref(typeS3SSE, "app-data"), map[string]any{"id": "app-data", "bucket": "app-data", "expected_bucket_owner": "", "rule": []any{map[string]any{
			"apply_server_side_encryption_by_default": []any{map[string]any{"sse_algorithm": "aws:kms", "kms_master_key_id": keyARN}},
			"bucket_key_enabled":                      true}}}},
		{cloud.Ref{Type: typeS3SSE, ID: "eu-archive", Region: "eu-west-1"}, map[string]any{"id": "eu-archive", "bucket": "eu-archive", "expected_bucket_owner": "", "rule": []any{map[string]any{
			"apply_server_side_encryption_by_default": []any{map[string]any{"sse_algorithm": "AES256", "kms_master_key_id": ""}},
			"bucket_key_enabled":                      false}}}},
		{ref(typeS3Versioning, "app-data"), map[string]any{"id": "app-data", "bucket": "app-data", "expected_bucket_owner": "", "mfa": "",
			"versioning_configuration": []any{map[string]any{"status": "Enabled", "mfa_delete": "Disabled"}}}},
		{ref(typeS3Versioning, "audit-logs"), map[string]any{"id": "audit-logs", "bucket": "audit-logs", "expected_bucket_owner": "", "mfa": "",
			"versioning_configuration": []any{map[string]any{"status": "Disabled", "mfa_delete": ""}}}},
		{ref(typeS3Versioning, "eu-archive"), map[string]any{"id": "eu-archive", "bucket": "eu-archive", "expected_bucket_owner": "", "mfa": "",
			"versioning_configuration": []any{map[string]any{"status": "Suspended", "mfa_delete": ""}}}},
		{ref(typeS3PAB, "app-data"), map[string]any{"id": "app-data", "bucket": "app-data",
			"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": false, "restrict_public_buckets": true}},
		{ref(typeS3Logging, "app-data"), map[string]any{"id": "app-data", "bucket": "app-data", "expected_bucket_owner": "",
			"target_bucket": "audit-logs", "target_prefix": "app-data/", "target_grant": []any{}, "target_object_key_format": []any{}}},

		{ref(typeSecurity, "sg-0123456789abcdef0"), map[string]any{
			"id": "sg-0123456789abcdef0", "arn": "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0123456789abcdef0",
			"name": "web", "name_prefix": "", "description": "web tier", "vpc_id": "vpc-0a1b2c3d", "owner_id": account,
			"ingress": []any{
				with(noRule(0, 65535, "tcp"), "prefix_list_ids", []any{"pl-12345678"}, "self", true,
					"security_groups", []any{"444455556666/sg-0badc0ffee0000001", "sg-0fedcba9876543210"}),
				with(noRule(22, 22, "tcp"), "cidr_blocks", []any{"10.0.0.0/8", "192.168.0.0/16"}),
				with(noRule(443, 443, "tcp"), "cidr_blocks", []any{"0.0.0.0/0"}, "ipv6_cidr_blocks", []any{"::/0"}, "description", "https"),
			},
			"egress": []any{with(noRule(0, 0, "-1"), "cidr_blocks", []any{"0.0.0.0/0"})},
			"tags":   map[string]any{"Name": "web"},
		}},
		{ref(typeSecurity, "sg-0fedcba9876543210"), map[string]any{
			"id": "sg-0fedcba9876543210", "arn": "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0fedcba9876543210",
			"name": "db", "name_prefix": "", "description": "database", "vpc_id": "vpc-0a1b2c3d", "owner_id": account,
			"ingress": []any{}, "egress": []any{}, "tags": map[string]any{},
		}},

		{ref(typeInstance, "i-0aaaaaaaaaaaaaaa1"), map[string]any{
			"id": "i-0aaaaaaaaaaaaaaa1", "arn": "arn:aws:ec2:us-east-1:111122223333:instance/i-0aaaaaaaaaaaaaaa1",
			"ami": "ami-0abc", "instance_type": "t3.micro", "availability_zone": "us-east-1a", "subnet_id": "subnet-1",
			"vpc_security_group_ids": []any{"sg-0123456789abcdef0", "sg-0fedcba9876543210"}, "instance_state": "running",
			"metadata_options": []any{rootless},
			"root_block_device": []any{map[string]any{"device_name": "/dev/xvda", "volume_id": "vol-0root0000000001", "delete_on_termination": true,
				"encrypted": false, "kms_key_id": "", "volume_size": 8.0, "volume_type": "gp2", "iops": 0.0, "throughput": 0.0}},
			"tags": map[string]any{"Name": "web-1"},
		}},
		{ref(typeInstance, "i-0aaaaaaaaaaaaaaa2"), map[string]any{
			"id": "i-0aaaaaaaaaaaaaaa2", "arn": "arn:aws:ec2:us-east-1:111122223333:instance/i-0aaaaaaaaaaaaaaa2",
			"ami": "ami-0def", "instance_type": "m5.large", "availability_zone": "us-east-1b", "subnet_id": "",
			"vpc_security_group_ids": []any{}, "instance_state": "running",
			"metadata_options": []any{map[string]any{"http_endpoint": "enabled", "http_protocol_ipv6": "disabled", "http_put_response_hop_limit": 2.0,
				"http_tokens": "required", "instance_metadata_tags": "enabled"}},
			"root_block_device": []any{map[string]any{"device_name": "/dev/sda1", "volume_id": "vol-0root0000000002", "delete_on_termination": true,
				"encrypted": true, "kms_key_id": keyARN, "volume_size": 50.0, "volume_type": "gp3", "iops": 0.0, "throughput": 0.0}},
			"tags": map[string]any{},
		}},
		{cloud.Ref{Type: typeInstance, ID: "i-0eeeeeeeeeeeeeee1", Region: "eu-west-1"}, map[string]any{
			"id": "i-0eeeeeeeeeeeeeee1", "arn": "arn:aws:ec2:eu-west-1:111122223333:instance/i-0eeeeeeeeeeeeeee1",
			"ami": "ami-0eu", "instance_type": "t3.small", "availability_zone": "eu-west-1a", "subnet_id": "",
			"vpc_security_group_ids": []any{}, "instance_state": "running", "metadata_options": []any{rootless},
			"root_block_device": []any{map[string]any{"device_name": "/dev/xvda", "volume_id": "vol-0eu0000000000001", "delete_on_termination": true,
				"encrypted": false, "kms_key_id": "", "volume_size": 8.0, "volume_type": "gp3", "iops": 0.0, "throughput": 0.0}},
			"tags": map[string]any{},
		}},

		{ref(typeEBSVolume, "vol-0data000000001"), map[string]any{
			"id": "vol-0data000000001", "availability_zone": "us-east-1b", "size": 100.0, "type": "io2", "encrypted": false,
			"kms_key_id": "", "iops": 3000.0, "throughput": 0.0, "multi_attach_enabled": false, "snapshot_id": "", "tags": map[string]any{"Name": "data"},
		}},
		{ref(typeEBSVolume, "vol-0data000000002"), map[string]any{
			"id": "vol-0data000000002", "availability_zone": "us-east-1a", "size": 10.0, "type": "gp3", "encrypted": true,
			"kms_key_id": keyARN, "iops": 0.0, "throughput": 250.0, "multi_attach_enabled": false, "snapshot_id": "", "tags": map[string]any{},
		}},

		// Provider v4 keeps the identifier as id, v5 and v6 the DBI
		// resource ID: each reads back with the id its state has.
		{ref(typeDBInstance, "orders"), with(maps.Clone(orders), "id", "orders")},
		{ref(typeDBInstance, "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ"), orders},

		{ref(typeIAMRole, "app"), map[string]any{
			"id": "app", "name": "app", "name_prefix": "", "arn": "arn:aws:iam::111122223333:role/app", "path": "/",
			"description": "application role", "max_session_duration": 7200.0, "create_date": "2024-01-01T00:00:00Z",
			"assume_role_policy":  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			"managed_policy_arns": []any{"arn:aws:iam::111122223333:policy/app-extra", "arn:aws:iam::aws:policy/ReadOnlyAccess"},
			"inline_policy": []any{
				map[string]any{"name": "kms-use", "policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*"}]}`},
				map[string]any{"name": "s3-write", "policy": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::app-data/*"}]}`},
			},
			"tags": map[string]any{"team": "payments"},
		}},
		{ref(typeIAMRole, "ci"), map[string]any{
			"id": "ci", "name": "ci", "name_prefix": "", "arn": "arn:aws:iam::111122223333:role/automation/ci", "path": "/automation/",
			"description": "", "max_session_duration": 3600.0, "create_date": "2024-01-01T00:00:00Z",
			"assume_role_policy": `{"Version":"2012-10-17","Statement":[]}`, "managed_policy_arns": []any{}, "inline_policy": []any{}, "tags": map[string]any{},
		}},

		{ref(typeKMSKey, "0b6f1e2c-1111-4000-8000-000000000001"), map[string]any{
			"id": "0b6f1e2c-1111-4000-8000-000000000001", "key_id": "0b6f1e2c-1111-4000-8000-000000000001", "arn": keyARN,
			"description": "app data", "key_usage": "ENCRYPT_DECRYPT", "customer_master_key_spec": "SYMMETRIC_DEFAULT",
			"is_enabled": true, "multi_region": false, "enable_key_rotation": true, "rotation_period_in_days": 365.0,
			"tags": map[string]any{"env": "prod"}, "policy": keyPolicy("111122223333"),
		}},
		{ref(typeKMSKey, "0b6f1e2c-1111-4000-8000-000000000002"), map[string]any{
			"id": "0b6f1e2c-1111-4000-8000-000000000002", "key_id": "0b6f1e2c-1111-4000-8000-000000000002",
			"arn":         "arn:aws:kms:us-east-1:111122223333:key/0b6f1e2c-1111-4000-8000-000000000002",
			"description": "signing", "key_usage": "SIGN_VERIFY", "customer_master_key_spec": "RSA_2048",
			"is_enabled": false, "multi_region": false, "enable_key_rotation": false, "rotation_period_in_days": 0.0, "tags": map[string]any{},
			"policy": keyPolicy("111122223333"),
		}},
		{cloud.Ref{Type: typeKMSKey, ID: "0e0e0e0e-1111-4000-8000-000000000001", Region: "eu-west-1"}, map[string]any{
			"id": "0e0e0e0e-1111-4000-8000-000000000001", "key_id": "0e0e0e0e-1111-4000-8000-000000000001",
			"arn":         "arn:aws:kms:eu-west-1:111122223333:key/0e0e0e0e-1111-4000-8000-000000000001",
			"description": "eu", "key_usage": "ENCRYPT_DECRYPT", "customer_master_key_spec": "SYMMETRIC_DEFAULT",
			"is_enabled": true, "multi_region": true, "enable_key_rotation": false, "rotation_period_in_days": 0.0, "tags": map[string]any{},
			"policy": keyPolicy("111122223333"),
		}},
	}

	// All at once, as drift reads state, and then each on its own.
	var refs []cloud.Ref
	for _, tc := range tests {
		refs = append(refs, tc.ref)
	}
	all, missing := get(t, r, refs)
	if len(missing) != 0 || len(all) != len(refs) {
		t.Fatalf("found %d of %d, missing %v", len(all), len(refs), missing)
	}
	for i, tc := range tests {
		t.Run(tc.ref.Type+"/"+tc.ref.ID, func(t *testing.T) {
			if all[i].Ref != tc.ref {
				t.Fatalf("result %d is %v, want %v (results keep the order and refs of the request)", i, all[i].Ref, tc.ref)
			}
			got := all[i].Attrs
			if id, _ := got["unique_id"].(string); tc.ref.Type == typeIAMRole {
				if !strings.HasPrefix(id, "AROA") {
					t.Errorf("unique_id = %q", id)
				}
				delete(got, "unique_id")
			}
			jsonEqual(t, got, tc.want)

			one, miss := get(t, r, []cloud.Ref{tc.ref})
			if len(miss) != 0 || len(one) != 1 {
				t.Fatalf("alone: %v %v", one, miss)
			}
		})
	}
}

func TestGetMissing(t *testing.T) {
	_, r := start(t, loadSeed(t), awslocal.Options{})
	missing := []cloud.Ref{
		ref(typeS3Bucket, "ghost-bucket"),
		ref(typeS3Versioning, "ghost-bucket"),
		ref(typeS3SSE, "audit-logs"),     // no encryption configuration
		ref(typeS3PAB, "audit-logs"),     // no public access block
		ref(typeS3Logging, "audit-logs"), // logging off
		ref(typeSecurity, "sg-0000000000000dead"),
		ref(typeSecurity, "sg-0e0000000000000e1"), // lives in eu-west-1, looked for in us-east-1
		ref(typeInstance, "i-0aaaaaaaaaaaaaaa3"),  // terminated
		ref(typeInstance, "i-0000000000000dead"),
		ref(typeEBSVolume, "vol-0000000000000dead"),
		ref(typeDBInstance, "ghost"),
		ref(typeDBInstance, "db-ZZZZZZZZZZZZZZZZZZZZZZZZZZ"),
		ref(typeIAMRole, "ghost"),
		ref(typeKMSKey, "0b6f1e2c-1111-4000-8000-000000000004"), // pending deletion
		ref(typeKMSKey, "ffffffff-0000-4000-8000-00000000dead"),
	}
	present := []cloud.Ref{ref(typeS3Bucket, "audit-logs"), ref(typeSecurity, "sg-0123456789abcdef0"), ref(typeKMSKey, "alias/app")}
	found, miss := get(t, r, append(slices.Clone(missing), present...))
	if !reflect.DeepEqual(miss, missing) {
		t.Errorf("missing = %v\nwant %v", miss, missing)
	}
	var got []cloud.Ref
	for _, f := range found {
		got = append(got, f.Ref)
	}
	if !reflect.DeepEqual(got, present) {
		t.Errorf("found = %v, want %v", got, present)
	}
}

func TestList(t *testing.T) {
	srv, r := start(t, loadSeed(t), awslocal.Options{})
	res := list(t, r, r.Types())
	var got []string
	for _, x := range res {
		got = append(got, x.Type+" "+x.Region+" "+x.ID)
		if x.Attrs["id"] == nil {
			t.Errorf("%v has no id attribute", x.Ref)
		}
	}
	want := []string{
		"aws_db_instance us-east-1 legacy",
		"aws_db_instance us-east-1 orders",
		"aws_ebs_volume us-east-1 vol-0data000000001",
		"aws_ebs_volume us-east-1 vol-0data000000002",
		"aws_iam_role  app",
		"aws_iam_role  ci",
		"aws_instance eu-west-1 i-0eeeeeeeeeeeeeee1",
		"aws_instance us-east-1 i-0aaaaaaaaaaaaaaa1",
		"aws_instance us-east-1 i-0aaaaaaaaaaaaaaa2",
		"aws_kms_key eu-west-1 0e0e0e0e-1111-4000-8000-000000000001",
		"aws_kms_key us-east-1 0b6f1e2c-1111-4000-8000-000000000001",
		"aws_kms_key us-east-1 0b6f1e2c-1111-4000-8000-000000000002",
		"aws_kms_key us-east-1 0b6f1e2c-1111-4000-8000-000000000004",
		"aws_s3_bucket eu-west-1 eu-archive",
		"aws_s3_bucket us-east-1 app-data",
		"aws_s3_bucket us-east-1 audit-logs",
		"aws_security_group eu-west-1 sg-0e0000000000000e1",
		"aws_security_group us-east-1 sg-0123456789abcdef0",
		"aws_security_group us-east-1 sg-0fedcba9876543210",
	}
	if !slices.Equal(got, want) {
		t.Errorf("swept:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	tags := map[string]any{}
	for _, x := range res {
		if x.ID == "sg-0123456789abcdef0" || x.ID == "orders" {
			tags[x.ID] = x.Attrs["tags"]
		}
	}
	if !reflect.DeepEqual(tags, map[string]any{"sg-0123456789abcdef0": map[string]any{"Name": "web"}, "orders": map[string]any{"env": "prod"}}) {
		t.Errorf("tags from list calls = %v", tags)
	}

	// The sweep makes list calls only, one page each here.
	for call, n := range srv.Calls() {
		if !strings.HasPrefix(call.Action, "List") && !strings.HasPrefix(call.Action, "Describe") {
			t.Errorf("sweep called %v %d times", call, n)
		}
		if call.Action == "DescribeKey" {
			t.Errorf("sweep described keys one by one")
		}
	}
	if n := srv.Calls().Total(); n != 14 {
		t.Errorf("sweep made %d calls, want 14: %v", n, srv.Calls())
	}

	if _, err := r.List(t.Context(), []string{"aws_glue_job"}); !errors.Is(err, ErrUnknownType) {
		t.Errorf("unknown type: %v", err)
	}
	if res, err := r.List(t.Context(), []string{typeS3Versioning}); err != nil || len(res.Resources)+len(res.Failed) != 0 {
		t.Errorf("companion sweep: %v %v", res, err)
	}
}

// A Reader reads the types it is given, or every supported type; an
// unknown type is an error, when the Reader is made and when it is asked.
func TestTypes(t *testing.T) {
	_, r := start(t, nil, awslocal.Options{})
	if got := r.Types(); !slices.Equal(got, awslocal.Types()) {
		t.Fatalf("types = %v, want what awslocal serves", got)
	}
	all, err := New(t.Context(), Options{Regions: regions})
	if err != nil {
		t.Fatal(err)
	}
	if got := all.Types(); !slices.Equal(got, SupportedTypes()) || !slices.Contains(got, "aws_iam_role_policy_attachment") {
		t.Fatalf("types without Options.Types = %v, want every supported type", got)
	}
	if _, err := New(t.Context(), Options{Regions: regions, Types: []string{"aws_s3_bucket", "aws_lambda_functoin"}}); !errors.Is(err, ErrUnknownType) ||
		!strings.Contains(err.Error(), "aws_lambda_functoin") {
		t.Fatalf("an unknown enabled type: %v", err)
	}
	if _, err := r.Get(t.Context(), []cloud.Ref{ref("aws_glue_job", "f")}); !errors.Is(err, ErrUnknownType) {
		t.Fatalf("unknown type: %v", err)
	}
}

// 30% of all calls throttled: the adaptive retryer retries them and no
// result is lost.
func TestThrottlingLosesNothing(t *testing.T) {
	seed := loadSeed(t)
	_, calm := start(t, seed, awslocal.Options{})
	srv, r := start(t, seed, awslocal.Options{Throttle: awslocal.Fault{Rate: 0.3}, RandSeed: 42})

	refs := []cloud.Ref{
		ref(typeS3Bucket, "app-data"), ref(typeS3SSE, "app-data"), ref(typeS3Versioning, "audit-logs"), ref(typeS3Bucket, "eu-archive"),
		ref(typeSecurity, "sg-0123456789abcdef0"), ref(typeInstance, "i-0aaaaaaaaaaaaaaa1"), ref(typeInstance, "i-0aaaaaaaaaaaaaaa3"),
		ref(typeEBSVolume, "vol-0data000000001"), ref(typeDBInstance, "orders"), ref(typeIAMRole, "app"),
		ref(typeKMSKey, "0b6f1e2c-1111-4000-8000-000000000001"), ref(typeIAMRole, "ghost"),
	}
	wantFound, wantMissing := get(t, calm, refs)
	wantList := list(t, calm, calm.Types())

	start := time.Now()
	found, missing := get(t, r, refs)
	swept := list(t, r, r.Types())
	t.Logf("read under 30%% throttling in %v: %d calls, %d throttled", time.Since(start), srv.Calls().Total(), srv.Faults().Total())
	if !reflect.DeepEqual(found, wantFound) || !reflect.DeepEqual(missing, wantMissing) {
		t.Errorf("Get under throttling differs:\n got %v %v\nwant %v %v", found, missing, wantFound, wantMissing)
	}
	if !reflect.DeepEqual(swept, wantList) {
		t.Errorf("List under throttling differs")
	}
	if srv.Faults().Total() == 0 {
		t.Errorf("no call was throttled")
	}
}

func TestCancelStopsPromptly(t *testing.T) {
	seed := loadSeed(t)
	_, r := start(t, seed, awslocal.Options{Latency: 2 * time.Second})
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	var refs []cloud.Ref
	for _, role := range seed.IAMRoles {
		refs = append(refs, ref(typeIAMRole, role.Name))
	}
	refs = append(refs, ref(typeS3Bucket, "app-data"), ref(typeInstance, "i-0aaaaaaaaaaaaaaa1"))
	_, err := r.Get(ctx, refs)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Get after cancel: %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Get took %v after a cancel at 50ms", d)
	}
	start = time.Now()
	ctx2, cancel2 := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel2)
	if _, err := r.List(ctx2, r.Types()); !errors.Is(err, context.Canceled) {
		t.Fatalf("List after cancel: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("List took %v after a cancel at 50ms", d)
	}
}

// AWS_ENDPOINT_URL is honoured by the SDK's config loader: no Endpoint
// option is needed, and S3 still gets path-style addressing.
func TestEndpointFromEnvironment(t *testing.T) {
	isolate(t)
	ts := httptest.NewServer(awslocal.New(loadSeed(t), awslocal.Options{}))
	t.Cleanup(ts.Close)
	t.Setenv("AWS_ENDPOINT_URL", ts.URL)
	t.Setenv("AWS_REGION", "us-east-1")
	r, err := New(t.Context(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	found, missing := get(t, r, []cloud.Ref{ref(typeS3Versioning, "app-data"), ref(typeKMSKey, "alias/app"), ref(typeIAMRole, "app")})
	if len(found) != 3 || len(missing) != 0 {
		t.Fatalf("via AWS_ENDPOINT_URL: %v %v", found, missing)
	}

	// A service-specific variable wins for its service.
	other := httptest.NewServer(awslocal.New(&awslocal.Seed{AccountID: account, IAMRoles: []awslocal.IAMRole{{Name: "only-here", AssumeRolePolicy: "{}"}}}, awslocal.Options{}))
	t.Cleanup(other.Close)
	t.Setenv("AWS_ENDPOINT_URL_IAM", other.URL)
	r, err = New(t.Context(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	found, _ = get(t, r, []cloud.Ref{ref(typeIAMRole, "only-here"), ref(typeKMSKey, "alias/app")})
	if len(found) != 2 {
		t.Fatalf("via AWS_ENDPOINT_URL_IAM: %v", found)
	}
}

func TestNoRegion(t *testing.T) {
	isolate(t)
	if _, err := New(t.Context(), Options{}); !errors.Is(err, ErrNoRegion) {
		t.Fatalf("New without a region: %v", err)
	}
}

// Refs that name one resource are read once and answered each.
func TestGetSameResourceTwice(t *testing.T) {
	srv, r := start(t, loadSeed(t), awslocal.Options{})
	a := ref(typeS3Bucket, "app-data")
	b := cloud.Ref{Type: typeS3Bucket, ID: "app-data", Region: "us-east-1"}
	found, missing := get(t, r, []cloud.Ref{a, b, a})
	if len(missing) != 0 {
		t.Fatal(missing)
	}
	if len(found) != 2 || found[0].Ref != a || found[1].Ref != b {
		t.Fatalf("found = %v", found)
	}
	if n := srv.Calls().Total(); n != 1 {
		t.Fatalf("%d calls, want 1", n)
	}
}

// EC2 and RDS reads are batched into filters: one call per type, however
// many resources (up to a filter's 200 values).
func TestGetBatches(t *testing.T) {
	srv, r := start(t, loadSeed(t), awslocal.Options{})
	refs := []cloud.Ref{
		ref(typeSecurity, "sg-0123456789abcdef0"), ref(typeSecurity, "sg-0fedcba9876543210"), ref(typeSecurity, "sg-0000000000000dead"),
		ref(typeInstance, "i-0aaaaaaaaaaaaaaa1"), ref(typeInstance, "i-0aaaaaaaaaaaaaaa2"), ref(typeInstance, "i-0000000000000dead"),
		ref(typeEBSVolume, "vol-0data000000001"), ref(typeEBSVolume, "vol-0data000000002"),
		ref(typeDBInstance, "orders"), ref(typeDBInstance, "LEGACY"), ref(typeDBInstance, "ghost"),
	}
	found, missing := get(t, r, refs)
	if len(found) != 8 || len(missing) != 3 {
		t.Fatalf("found %d, missing %v", len(found), missing)
	}
	want := awslocal.CallCounts{
		{Service: "ec2", Action: "DescribeSecurityGroups"}: 1,
		{Service: "ec2", Action: "DescribeInstances"}:      1,
		{Service: "ec2", Action: "DescribeVolumes"}:        2, // the instances' root volumes, and the volumes
		{Service: "rds", Action: "DescribeDBInstances"}:    1,
	}
	if got := srv.Calls(); !reflect.DeepEqual(got, want) {
		t.Fatalf("calls = %v, want %v", got, want)
	}
}

// An aws_s3_bucket_acl ID is "bucket", "bucket,account", "bucket,acl" or
// "bucket,account,acl" (provider v4 to v6): the account is the expected
// owner, the canned ACL is not.
func TestSplitACLID(t *testing.T) {
	for id, want := range map[string][2]string{
		"logs": {"logs", ""}, "logs,111122223333": {"logs", "111122223333"}, "logs,private": {"logs", ""},
		"logs,111122223333,public-read": {"logs", "111122223333"},
	} {
		if b, o := splitBucketID(typeS3ACL, id); b != want[0] || o != want[1] {
			t.Errorf("splitBucketID(%q) = %q, %q; want %q, %q", id, b, o, want[0], want[1])
		}
	}
}
