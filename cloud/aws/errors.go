package aws

import "errors"

var (
	// ErrUnknownType is returned for a resource type the Reader cannot read.
	ErrUnknownType = errors.New("resource type not supported by the AWS reader")
	// ErrNoRegion is returned by New when neither Options.Regions nor the
	// SDK configuration names a region.
	ErrNoRegion = errors.New("aws: no region: none given, and neither AWS_REGION nor the shared-config profile names one")
)
