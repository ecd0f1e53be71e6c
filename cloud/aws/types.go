package aws

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// types are the supported resource types: which reader reads each, how it
// is swept, and the IAM actions reading it calls.
var types = map[string]typeInfo{
	typeS3Bucket:     {service: "s3", global: true, actions: []string{"s3:ListAllMyBuckets", "s3:GetBucketTagging"}},
	typeS3SSE:        {service: "s3", companion: true, actions: []string{"s3:GetEncryptionConfiguration"}},
	typeS3Versioning: {service: "s3", companion: true, actions: []string{"s3:GetBucketVersioning"}},
	typeS3PAB:        {service: "s3", companion: true, actions: []string{"s3:GetBucketPublicAccessBlock"}},
	typeS3Logging:    {service: "s3", companion: true, actions: []string{"s3:GetBucketLogging"}},
	typeS3Policy:     {service: "s3", global: true, actions: []string{"s3:GetBucketPolicy", "s3:ListAllMyBuckets"}},
	typeSecurity:     {service: "ec2", actions: []string{"ec2:DescribeSecurityGroups"}},
	typeInstance:     {service: "ec2", actions: []string{"ec2:DescribeInstances", "ec2:DescribeVolumes"}},
	typeEBSVolume:    {service: "ec2", actions: []string{"ec2:DescribeVolumes", "ec2:DescribeInstances"}},
	typeDBInstance:   {service: "rds", actions: []string{"rds:DescribeDBInstances"}},
	typeIAMRole: {service: "iam", global: true, actions: []string{"iam:GetRole", "iam:ListRoles", "iam:ListAttachedRolePolicies",
		"iam:ListRolePolicies", "iam:GetRolePolicy"}},
	typeKMSKey: {service: "kms", actions: []string{"kms:ListKeys", "kms:ListAliases", "kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:ListResourceTags"}},
}

// IAMPolicy is the read-only IAM policy document that reading typeNames
// needs (every supported type when none is given): the actions of each
// type, sorted, on every resource. Unknown types are an error.
func IAMPolicy(typeNames []string) (string, error) {
	if len(typeNames) == 0 {
		typeNames = SupportedTypes()
	}
	var actions []string
	for _, t := range typeNames {
		info, ok := types[t]
		if !ok {
			return "", fmt.Errorf("aws: %s: %w", t, ErrUnknownType)
		}
		actions = append(actions, info.actions...)
	}
	slices.Sort(actions)
	actions = slices.Compact(actions)
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid":      "DriftfixDriftReadOnly",
			"Effect":   "Allow",
			"Action":   actions,
			"Resource": "*",
		}},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return "", err
	}
	return string(b) + "\n", nil
}

// accessDeniedCodes are the error codes AWS services answer a call the
// caller's policy does not allow with.
var accessDeniedCodes = []string{"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
	"AuthorizationErrorException", "UnauthorizedAccess", "Forbidden"}

// AccessDeniedError is a read AWS refused: the credentials' policy does
// not allow one of the type's actions (or a service control policy denies
// the region or service). The resources are unknown, never deleted.
type AccessDeniedError struct {
	Type    string
	Actions []string
	Err     error
}

func (e *AccessDeniedError) Error() string {
	return fmt.Sprintf("access denied: reading %s needs %s (driftfix drift --print-iam-policy prints the policy every enabled type needs): %v",
		e.Type, strings.Join(e.Actions, ", "), e.Err)
}

func (e *AccessDeniedError) Unwrap() error { return e.Err }

// denied wraps err in an AccessDeniedError for typ when AWS refused the
// call; other errors are returned as they are.
func denied(typ string, err error) error {
	var already *AccessDeniedError
	if err == nil || errors.As(err, &already) || !slices.Contains(accessDeniedCodes, errorCode(err)) {
		return err
	}
	return &AccessDeniedError{Type: typ, Actions: types[typ].actions, Err: err}
}
