package fixers

import "strings"

// ecrTagImmutability: an image tag, once pushed, always names the same
// image, so what was scanned, reviewed and deployed is what runs.
var ecrTagImmutability = Rule{Meta: ecrTagImmutabilityMeta, Check: checkECRTagImmutability}

var ecrTagImmutabilityMeta = Meta{
	ID:            "aws-ecr-tag-immutability",
	Title:         "ECR repository allows image tags to be overwritten",
	Severity:      Medium,
	Class:         ClassVersioning,
	ResourceTypes: []string{"aws_ecr_repository"},
	Refs:          Refs{Trivy: "AVD-AWS-0031", Tfsec: "aws-ecr-enforce-immutable-repository", Checkov: "CKV_AWS_51"},
	NoFix:         "pipelines that push a moving tag (latest, a branch name) fail once tags are immutable; switch them to unique tags (the commit) first, then set image_tag_mutability = \"IMMUTABLE\"",
}

func checkECRTagImmutability(in *Input) []Finding {
	m := ecrTagImmutabilityMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_ecr_repository") {
		out = append(out, wantAttr(m, r, "image_tag_mutability", func(v string) bool { return strings.HasPrefix(v, "IMMUTABLE") },
			"image_tag_mutability is not set, so tags are MUTABLE", "", "")...)
	}
	return out
}
