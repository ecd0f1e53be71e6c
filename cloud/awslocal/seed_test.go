package awslocal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every mistake in a seed file is an error at its file, line and column,
// never a silently dropped attribute or a resource seeded half.
func TestSeedErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "misspelt attribute",
			src:  "{\n  \"aws_s3_bucket\": [\n    {\"bucket\": \"logs\", \"tagz\": {\"a\": \"b\"}}\n  ]\n}\n",
			want: `seed.json:3:24: aws_s3_bucket[0]: unknown attribute "tagz" (did you mean "tags"?)`,
		},
		{
			name: "unknown resource type",
			src:  "{\n  \"aws_lambda_function\": []\n}\n",
			want: `seed.json:2:3: unknown resource type "aws_lambda_function" (awslocal seeds aws_s3_bucket, aws_security_group, aws_instance, aws_ebs_volume, aws_db_instance, aws_iam_role, aws_iam_user, aws_iam_access_key, aws_kms_key)`,
		},
		{
			name: "wrong type",
			src:  "{\"aws_ebs_volume\": [\n  {\"availability_zone\": \"us-east-1a\", \"size\": \"100\"}\n]}\n",
			want: `seed.json:2:47: aws_ebs_volume[0].size: want a whole number, got a string ("100")`,
		},
		{
			name: "fraction for a whole number",
			src:  "{\"aws_ebs_volume\": [{\"availability_zone\": \"a\", \"size\": 1.5}]}",
			want: `seed.json:1:56: aws_ebs_volume[0].size: want a whole number, got 1.5`,
		},
		{
			name: "object where a list belongs",
			src:  "{\"aws_iam_role\": {\"name\": \"app\"}}",
			want: `seed.json:1:18: aws_iam_role: want a list, got an object`,
		},
		{
			name: "syntax error",
			src:  "{\n  \"aws_s3_bucket\": [\n    {\"bucket\": \"logs\",}\n  ]\n}\n",
			want: `seed.json:3:22: JSON syntax error: invalid character '}' looking for beginning of object key string`,
		},
		{
			name: "truncated",
			src:  "{\"aws_s3_bucket\": [{\"bucket\": \"logs\"}",
			want: `seed.json:1:38: unexpected end of the file`,
		},
		{
			name: "required attribute missing",
			src:  "{\"aws_instance\": [\n  {\"id\": \"i-1\", \"ami\": \"ami-1\"}\n]}\n",
			want: `seed.json:2:3: aws_instance[0]: "instance_type" is required`,
		},
		{
			name: "value out of range",
			src:  "{\"aws_instance\": [{\"ami\": \"a\", \"instance_type\": \"t3.micro\",\n  \"instance_state\": \"runing\"}]}",
			want: `seed.json:2:21: aws_instance[0].instance_state: "runing" is not one of pending, running, shutting-down, stopping, stopped, terminated`,
		},
		{
			name: "seeded twice",
			src:  "{\"aws_s3_bucket\": [\n  {\"bucket\": \"a\"},\n  {\"bucket\": \"a\"}\n]}",
			want: `seed.json:3:3: aws_s3_bucket[1]: bucket "a" is already seeded at aws_s3_bucket[0]`,
		},
		{
			name: "attribute given twice",
			src:  "{\"aws_s3_bucket\": [{\"bucket\": \"a\", \"bucket\": \"b\"}]}",
			want: `seed.json:1:36: aws_s3_bucket[0]: "bucket" is given twice`,
		},
		{
			name: "policy that is not JSON",
			src:  "{\"aws_iam_role\": [{\"name\": \"r\",\n \"assume_role_policy\": \"{nope\"}]}",
			want: `seed.json:2:24: aws_iam_role[0]: assume_role_policy is not a JSON document`,
		},
		{
			name: "access key of a user not seeded",
			src:  "{\"aws_iam_user\": [{\"name\": \"ci\"}],\n \"aws_iam_access_key\": [{\"id\": \"AKIAT7LQ2N4XKD5WZ3RB\", \"user\": \"cd\"}]}",
			want: `seed.json:2:64: aws_iam_access_key[0]: user "cd" is not a seeded aws_iam_user`,
		},
		{
			name: "access key ID of the wrong shape",
			src:  "{\"aws_iam_user\": [{\"name\": \"ci\"}],\n \"aws_iam_access_key\": [{\"id\": \"AKIA123\", \"user\": \"ci\"}]}",
			want: `seed.json:2:32: aws_iam_access_key[0]: id "AKIA123" is not an access key ID (AKIA or ASIA and 16 upper-case letters and digits)`,
		},
		{
			name: "access key status",
			src:  "{\"aws_iam_user\": [{\"name\": \"ci\"}],\n \"aws_iam_access_key\": [{\"id\": \"AKIAT7LQ2N4XKD5WZ3RB\", \"user\": \"ci\", \"status\": \"Revoked\"}]}",
			want: `seed.json:2:80: aws_iam_access_key[0].status: "Revoked" is not one of Active, Inactive`,
		},
		{
			name: "last used date",
			src:  "{\"aws_iam_user\": [{\"name\": \"ci\"}],\n \"aws_iam_access_key\": [{\"id\": \"AKIAT7LQ2N4XKD5WZ3RB\", \"user\": \"ci\", \"last_used_date\": \"yesterday\"}]}",
			want: `seed.json:2:88: aws_iam_access_key[0]: last_used_date "yesterday" is not an RFC 3339 time`,
		},
		{
			name: "trailing data",
			src:  "{}\n{}\n",
			want: `seed.json:2:1: unexpected data after the seed object`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSeedFile([]byte(tt.src), "seed.json")
			if err == nil {
				t.Fatalf("accepted; want %s", tt.want)
			}
			if got := strings.Split(err.Error(), "\n")[0]; got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// LoadSeed names the file it read.
func TestLoadSeedNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.seed.json")
	if err := os.WriteFile(path, []byte("{\"aws_s3_bucket\": [{\"bucket\": 1}]}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadSeed(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":1:31: ") {
		t.Fatalf("err = %v, want it at %s:1:31", err, path)
	}
}
