package fixers

import (
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// rdsIAMAuth: database users can sign in with short-lived IAM tokens
// instead of long-lived passwords.
var rdsIAMAuth = Rule{Meta: rdsIAMAuthMeta, Check: checkRDSIAMAuth}

var rdsIAMAuthMeta = Meta{
	ID:            "aws-rds-iam-auth",
	Title:         "RDS IAM database authentication is not enabled",
	Severity:      Medium,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_db_instance", "aws_rds_cluster"},
	Touches: []Touch{
		{ResourceType: "aws_db_instance", Paths: []string{"iam_database_authentication_enabled"}, Safe: SafeIs(true)},
		{ResourceType: "aws_rds_cluster", Paths: []string{"iam_database_authentication_enabled"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0176", Tfsec: "aws-rds-enable-iam-auth", Checkov: "CKV_AWS_161", Also: []string{"CKV_AWS_162"}},
}

func checkRDSIAMAuth(in *Input) []Finding {
	m := rdsIAMAuthMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_db_instance", "aws_rds_cluster") {
		if !rdsIAMAuthEngine(r) {
			continue
		}
		out = append(out, wantTrue(m, r, "iam_database_authentication_enabled",
			"iam_database_authentication_enabled is not set, so only passwords sign in",
			"iam_database_authentication_enabled is false")...)
	}
	return out
}

// rdsIAMAuthEngine reports whether the engine supports IAM authentication
// (MySQL, MariaDB, PostgreSQL and their Aurora kinds); an unknown engine
// counts as not supporting it, so nothing is written that could fail.
func rdsIAMAuthEngine(r *iac.Resource) bool {
	e, st := r.Block.String("engine")
	if st == iac.Absent && r.Type == "aws_rds_cluster" {
		return true // the cluster default is aurora (MySQL)
	}
	if st != iac.Known {
		return false
	}
	for _, p := range []string{"mysql", "mariadb", "postgres", "aurora"} {
		if strings.HasPrefix(e, p) {
			return true
		}
	}
	return false
}
