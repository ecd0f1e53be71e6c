package fixers

import (
	"slices"

	"github.com/driftfix/driftfix/iac"
)

// eksSecretsEncryption: Kubernetes secrets are encrypted with a KMS key
// (envelope encryption) before they reach etcd.
var eksSecretsEncryption = Rule{Meta: eksSecretsEncryptionMeta, Check: checkEKSSecretsEncryption}

var eksSecretsEncryptionMeta = Meta{
	ID:            "aws-eks-secrets-encryption",
	Title:         "EKS cluster does not encrypt Kubernetes secrets with KMS",
	Severity:      High,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_eks_cluster"},
	Refs:          Refs{Trivy: "AVD-AWS-0039", Tfsec: "aws-eks-encrypt-secrets", Checkov: "CKV_AWS_58"},
	NoFix:         "envelope encryption needs a KMS key whose policy lets the cluster role use it, and once on it cannot be turned off; create the key and add encryption_config { resources = [\"secrets\"] provider { key_arn = … } } by hand",
}

func checkEKSSecretsEncryption(in *Input) []Finding {
	m := eksSecretsEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_eks_cluster") {
		if r.Block.HasDynamic("encryption_config") {
			continue
		}
		ec := r.Block.First("encryption_config")
		if ec == nil {
			out = append(out, m.New(r, nil, "no encryption_config, so secrets are stored without envelope encryption", nil, ""))
			continue
		}
		res, st := ec.Strings("resources")
		if st == iac.Known && !slices.Contains(res, "secrets") {
			out = append(out, m.New(r, rangeOf(ec, "resources"), `encryption_config.resources does not include "secrets"`, nil, ""))
		}
	}
	return out
}
