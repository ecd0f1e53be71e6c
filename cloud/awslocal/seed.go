package awslocal

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
)

// Seed is the initial state of a Server, read from JSON with LoadSeed. Its
// keys are the Terraform resource types and its fields the Terraform AWS
// provider's attribute names, so a seed reads like the state it stands in
// for. Every resource may name its "region"; the default is the seed's
// "region" (else Options.Region, else us-east-1). Omitted IDs are generated.
//
//	{
//	  "account_id": "123456789012",
//	  "region": "us-east-1",
//	  "aws_s3_bucket": [{
//	    "bucket": "logs", "region": "eu-west-1", "tags": {"env": "prod"},
//	    "server_side_encryption_configuration": {"rule": [{
//	      "apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": "arn:aws:kms:…"},
//	      "bucket_key_enabled": true}]},
//	    "versioning_configuration": {"status": "Enabled"},
//	    "public_access_block": {"block_public_acls": true, "block_public_policy": true,
//	                            "ignore_public_acls": true, "restrict_public_buckets": true},
//	    "logging": {"target_bucket": "audit", "target_prefix": "logs/"}
//	  }],
//	  "aws_security_group": [{
//	    "id": "sg-0a1", "name": "web", "description": "web tier", "vpc_id": "vpc-1",
//	    "ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], "description": "https"}],
//	    "tags": {"Name": "web"}
//	  }],
//	  "aws_instance": [{
//	    "id": "i-0a1", "ami": "ami-1", "instance_type": "t3.micro", "availability_zone": "us-east-1a",
//	    "vpc_security_group_ids": ["sg-0a1"],
//	    "metadata_options": {"http_tokens": "optional", "http_endpoint": "enabled", "http_put_response_hop_limit": 1},
//	    "root_block_device": {"volume_id": "vol-0r1", "encrypted": false, "volume_size": 8, "volume_type": "gp3"}
//	  }],
//	  "aws_ebs_volume": [{"id": "vol-0d1", "availability_zone": "us-east-1a", "size": 100, "type": "gp3", "encrypted": true}],
//	  "aws_db_instance": [{"identifier": "orders", "engine": "postgres", "instance_class": "db.t3.micro",
//	                       "storage_encrypted": true, "publicly_accessible": false,
//	                       "deletion_protection": true, "backup_retention_period": 7}],
//	  "aws_iam_role": [{"name": "app", "assume_role_policy": "{\"Version\":\"2012-10-17\",…}",
//	                    "managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
//	                    "inline_policy": [{"name": "s3", "policy": "{…}"}]}],
//	  "aws_kms_key": [{"key_id": "1234abcd-…", "description": "app", "enable_key_rotation": true,
//	                   "aliases": ["alias/app"]}]
//	}
//
// Absent configuration means what it means in AWS: a bucket without
// "server_side_encryption_configuration" answers
// ServerSideEncryptionConfigurationNotFoundError, one without
// "public_access_block" NoSuchPublicAccessBlockConfiguration, one without
// tags NoSuchTagSet; versioning that was never set reads as no status. A
// security group whose "egress" is omitted gets AWS's default allow-all
// egress rule; "egress": [] means none. An instance's root_block_device
// becomes an EBS volume attached to it (deleted on termination). A KMS key
// with "key_manager": "AWS" is AWS managed; its aliases are then alias/aws/….
type Seed struct {
	AccountID      string          `json:"account_id,omitempty"`
	Region         string          `json:"region,omitempty"`
	S3Buckets      []S3Bucket      `json:"aws_s3_bucket,omitempty"`
	SecurityGroups []SecurityGroup `json:"aws_security_group,omitempty"`
	Instances      []Instance      `json:"aws_instance,omitempty"`
	EBSVolumes     []EBSVolume     `json:"aws_ebs_volume,omitempty"`
	DBInstances    []DBInstance    `json:"aws_db_instance,omitempty"`
	IAMRoles       []IAMRole       `json:"aws_iam_role,omitempty"`
	IAMUsers       []IAMUser       `json:"aws_iam_user,omitempty"`
	IAMAccessKeys  []IAMAccessKey  `json:"aws_iam_access_key,omitempty"`
	KMSKeys        []KMSKey        `json:"aws_kms_key,omitempty"`
}

// S3Bucket seeds an S3 bucket and its configuration (the attributes of
// aws_s3_bucket and of its companion resources).
type S3Bucket struct {
	Bucket                            string                `json:"bucket"`
	Region                            string                `json:"region,omitempty"`
	CreationDate                      string                `json:"creation_date,omitempty"` // RFC 3339
	Tags                              map[string]string     `json:"tags,omitempty"`
	ServerSideEncryptionConfiguration *SSEConfiguration     `json:"server_side_encryption_configuration,omitempty"`
	VersioningConfiguration           *VersioningConfig     `json:"versioning_configuration,omitempty"`
	PublicAccessBlock                 *PublicAccessBlock    `json:"public_access_block,omitempty"`
	Logging                           *BucketLoggingEnabled `json:"logging,omitempty"`
}

// SSEConfiguration is aws_s3_bucket_server_side_encryption_configuration.
type SSEConfiguration struct {
	Rule []SSERule `json:"rule"`
}

// SSERule is one rule of an SSE configuration.
type SSERule struct {
	ApplyServerSideEncryptionByDefault *SSEByDefault `json:"apply_server_side_encryption_by_default,omitempty"`
	BucketKeyEnabled                   bool          `json:"bucket_key_enabled,omitempty"`
}

// SSEByDefault is apply_server_side_encryption_by_default.
type SSEByDefault struct {
	SSEAlgorithm   string `json:"sse_algorithm"`
	KMSMasterKeyID string `json:"kms_master_key_id,omitempty"`
}

// VersioningConfig is aws_s3_bucket_versioning's versioning_configuration.
// Status is Enabled or Suspended; empty means never enabled.
type VersioningConfig struct {
	Status    string `json:"status,omitempty"`
	MFADelete string `json:"mfa_delete,omitempty"`
}

// PublicAccessBlock is aws_s3_bucket_public_access_block.
type PublicAccessBlock struct {
	BlockPublicAcls       bool `json:"block_public_acls"`
	BlockPublicPolicy     bool `json:"block_public_policy"`
	IgnorePublicAcls      bool `json:"ignore_public_acls"`
	RestrictPublicBuckets bool `json:"restrict_public_buckets"`
}

// BucketLoggingEnabled is aws_s3_bucket_logging.
type BucketLoggingEnabled struct {
	TargetBucket string `json:"target_bucket"`
	TargetPrefix string `json:"target_prefix,omitempty"`
}

// SecurityGroup seeds aws_security_group.
type SecurityGroup struct {
	ID          string            `json:"id,omitempty"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	VPCID       string            `json:"vpc_id,omitempty"`
	Region      string            `json:"region,omitempty"`
	Ingress     []SecurityRule    `json:"ingress,omitempty"`
	Egress      []SecurityRule    `json:"egress"`
	Tags        map[string]string `json:"tags,omitempty"`
}

// SecurityRule is one ingress or egress block, as the provider writes it.
// security_groups holds group IDs ("owner/sg-…" for other accounts).
type SecurityRule struct {
	FromPort       int      `json:"from_port"`
	ToPort         int      `json:"to_port"`
	Protocol       string   `json:"protocol"`
	CIDRBlocks     []string `json:"cidr_blocks,omitempty"`
	IPv6CIDRBlocks []string `json:"ipv6_cidr_blocks,omitempty"`
	PrefixListIDs  []string `json:"prefix_list_ids,omitempty"`
	SecurityGroups []string `json:"security_groups,omitempty"`
	Self           bool     `json:"self,omitempty"`
	Description    string   `json:"description,omitempty"`
}

// Instance seeds aws_instance.
type Instance struct {
	ID                  string            `json:"id,omitempty"`
	AMI                 string            `json:"ami"`
	InstanceType        string            `json:"instance_type"`
	AvailabilityZone    string            `json:"availability_zone,omitempty"`
	SubnetID            string            `json:"subnet_id,omitempty"`
	VPCSecurityGroupIDs []string          `json:"vpc_security_group_ids,omitempty"`
	InstanceState       string            `json:"instance_state,omitempty"` // running (default), stopped, terminated, …
	Region              string            `json:"region,omitempty"`
	MetadataOptions     *MetadataOptions  `json:"metadata_options,omitempty"`
	RootBlockDevice     *RootBlockDevice  `json:"root_block_device,omitempty"`
	Tags                map[string]string `json:"tags,omitempty"`
}

// MetadataOptions is aws_instance's metadata_options. Defaults: optional,
// enabled, 1, disabled.
type MetadataOptions struct {
	HTTPTokens              string `json:"http_tokens,omitempty"`
	HTTPEndpoint            string `json:"http_endpoint,omitempty"`
	HTTPPutResponseHopLimit int    `json:"http_put_response_hop_limit,omitempty"`
	InstanceMetadataTags    string `json:"instance_metadata_tags,omitempty"`
}

// RootBlockDevice is aws_instance's root_block_device; it becomes an EBS
// volume. Defaults: /dev/xvda, 8 GiB, gp3.
type RootBlockDevice struct {
	VolumeID   string `json:"volume_id,omitempty"`
	DeviceName string `json:"device_name,omitempty"`
	Encrypted  bool   `json:"encrypted,omitempty"`
	KMSKeyID   string `json:"kms_key_id,omitempty"`
	VolumeSize int    `json:"volume_size,omitempty"`
	VolumeType string `json:"volume_type,omitempty"`
}

// EBSVolume seeds aws_ebs_volume.
type EBSVolume struct {
	ID               string            `json:"id,omitempty"`
	AvailabilityZone string            `json:"availability_zone"`
	Size             int               `json:"size"`
	Type             string            `json:"type,omitempty"` // default gp3
	Encrypted        bool              `json:"encrypted,omitempty"`
	KMSKeyID         string            `json:"kms_key_id,omitempty"`
	IOPS             int               `json:"iops,omitempty"`
	Throughput       int               `json:"throughput,omitempty"`
	Region           string            `json:"region,omitempty"`
	Tags             map[string]string `json:"tags,omitempty"`
	// Attachment attaches the volume to an instance (as aws_volume_attachment does).
	Attachment *VolumeAttachment `json:"attachment,omitempty"`
}

// VolumeAttachment attaches an EBS volume.
type VolumeAttachment struct {
	InstanceID          string `json:"instance_id"`
	DeviceName          string `json:"device_name"`
	DeleteOnTermination bool   `json:"delete_on_termination,omitempty"`
}

// DBInstance seeds aws_db_instance.
type DBInstance struct {
	Identifier            string            `json:"identifier"`
	ResourceID            string            `json:"resource_id,omitempty"` // db-…; generated when omitted
	Engine                string            `json:"engine"`
	EngineVersion         string            `json:"engine_version,omitempty"`
	InstanceClass         string            `json:"instance_class"`
	AllocatedStorage      int               `json:"allocated_storage,omitempty"`
	StorageEncrypted      bool              `json:"storage_encrypted,omitempty"`
	KMSKeyID              string            `json:"kms_key_id,omitempty"`
	PubliclyAccessible    bool              `json:"publicly_accessible,omitempty"`
	DeletionProtection    bool              `json:"deletion_protection,omitempty"`
	BackupRetentionPeriod int               `json:"backup_retention_period,omitempty"`
	MultiAZ               bool              `json:"multi_az,omitempty"`
	Region                string            `json:"region,omitempty"`
	Tags                  map[string]string `json:"tags,omitempty"`
}

// IAMRole seeds aws_iam_role. Policies are JSON strings.
type IAMRole struct {
	Name               string            `json:"name"`
	Path               string            `json:"path,omitempty"`
	Description        string            `json:"description,omitempty"`
	AssumeRolePolicy   string            `json:"assume_role_policy"`
	MaxSessionDuration int               `json:"max_session_duration,omitempty"`
	ManagedPolicyARNs  []string          `json:"managed_policy_arns,omitempty"`
	InlinePolicy       []InlinePolicy    `json:"inline_policy,omitempty"`
	Tags               map[string]string `json:"tags,omitempty"`
}

// IAMUser seeds aws_iam_user.
type IAMUser struct {
	Name string            `json:"name"`
	Path string            `json:"path,omitempty"`
	Tags map[string]string `json:"tags,omitempty"`
}

// IAMAccessKey seeds aws_iam_access_key: a user's key (id: AKIA or ASIA and
// 16 upper-case letters and digits), its status (Active, the default, or
// Inactive) and when, where and by which service it was last used (RFC
// 3339; omitted: never).
type IAMAccessKey struct {
	ID              string `json:"id"`
	User            string `json:"user"`
	Status          string `json:"status,omitempty"`
	CreateDate      string `json:"create_date,omitempty"`
	LastUsedDate    string `json:"last_used_date,omitempty"`
	LastUsedService string `json:"last_used_service,omitempty"`
	LastUsedRegion  string `json:"last_used_region,omitempty"`
}

// InlinePolicy is one of aws_iam_role's inline_policy blocks.
type InlinePolicy struct {
	Name   string `json:"name"`
	Policy string `json:"policy"`
}

// KMSKey seeds aws_kms_key.
type KMSKey struct {
	KeyID                 string            `json:"key_id,omitempty"`
	Description           string            `json:"description,omitempty"`
	KeyUsage              string            `json:"key_usage,omitempty"`                // default ENCRYPT_DECRYPT
	CustomerMasterKeySpec string            `json:"customer_master_key_spec,omitempty"` // default SYMMETRIC_DEFAULT
	EnableKeyRotation     bool              `json:"enable_key_rotation,omitempty"`
	IsEnabled             *bool             `json:"is_enabled,omitempty"` // default true
	KeyState              string            `json:"key_state,omitempty"`  // overrides is_enabled: Enabled, Disabled, PendingDeletion
	KeyManager            string            `json:"key_manager,omitempty"`
	MultiRegion           bool              `json:"multi_region,omitempty"`
	Region                string            `json:"region,omitempty"`
	Aliases               []string          `json:"aliases,omitempty"`
	Tags                  map[string]string `json:"tags,omitempty"`
}

// LoadSeed reads a seed file. Every mistake is an error naming the file,
// line and column: JSON that does not parse, an unknown resource type or
// attribute (a typo would otherwise silently vanish), a value of the wrong
// type, a missing required attribute, a value an attribute cannot take, an
// ID seeded twice.
func LoadSeed(path string) (*Seed, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("awslocal seed: %w", err)
	}
	return ParseSeedFile(b, path)
}

// ParseSeed decodes a seed from JSON (see LoadSeed); errors name "seed".
func ParseSeed(b []byte) (*Seed, error) { return ParseSeedFile(b, "seed") }

// ParseSeedFile decodes a seed from JSON read from file (see LoadSeed).
func ParseSeedFile(b []byte, file string) (*Seed, error) {
	at, err := checkSeed(b, file)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var s Seed
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err) // checkSeed saw everything decode can fault
	}
	if err := s.validate(b, file, at); err != nil {
		return nil, err
	}
	return &s, nil
}

func (s *Server) regionOr(r string) string { return cmp.Or(r, s.region) }

func copyTags(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
