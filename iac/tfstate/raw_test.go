package tfstate

import "testing"

func TestParseRaw(t *testing.T) {
	data := []byte(`{
  "version": 4, "terraform_version": "1.5.7", "serial": 3, "lineage": "x",
  "resources": [
    {"mode": "managed", "type": "aws_s3_bucket", "name": "b", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"index_key": "dev", "attributes": {"id": "acme-dev", "arn": "arn:aws:s3:::acme-dev", "tags": {"env": "dev"}}, "sensitive_attributes": []}]},
    {"module": "module.store", "mode": "managed", "type": "aws_ebs_volume", "name": "v", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"index_key": 0, "attributes": {"id": "vol-1", "arn": "arn:aws:ec2:eu-west-1:000000000000:volume/vol-1"}},
                   {"index_key": 1, "status": "tainted", "attributes": {"id": "vol-2"}}]},
    {"mode": "data", "type": "aws_caller_identity", "name": "me", "instances": [{"attributes": {"id": "000000000000"}}]},
    {"mode": "managed", "type": "aws_db_instance", "name": "db",
     "instances": [{"attributes": {"id": "db-1", "password": "hunter2"}, "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]}
  ]}`)
	s, err := ParseRaw(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Resources) != 4 {
		t.Fatalf("resources: %+v", s.Resources)
	}
	b, ok := byAddress(s, `aws_s3_bucket.b["dev"]`)
	if !ok || b.ID != "acme-dev" {
		t.Errorf("bucket: %+v", b)
	}
	v, ok := byAddress(s, `module.store.aws_ebs_volume.v[0]`)
	if !ok || v.Region != "eu-west-1" || v.Module != "module.store." {
		t.Errorf("volume: %+v", v)
	}
	if v2, _ := byAddress(s, `module.store.aws_ebs_volume.v[1]`); !v2.Tainted {
		t.Errorf("tainted instance: %+v", v2)
	}
	db, _ := byAddress(s, "aws_db_instance.db")
	if !db.Sensitive("password") {
		t.Errorf("password not marked sensitive: %+v", db.SensitiveValues)
	}
	if db.ID != "db-1" {
		t.Errorf("ID = %q", db.ID)
	}
	if empty, err := ParseRaw(nil); err != nil || len(empty.Resources) != 0 {
		t.Errorf("empty state: %v", err)
	}
	if _, err := ParseRaw([]byte(`{"version": 3}`)); err == nil {
		t.Error("version 3 accepted")
	}
}
