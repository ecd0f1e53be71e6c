package fixers

// All returns every rule in a fixed order: the README rule table, the
// reports and the tests list them so. Registration is explicit: a new rule
// is added to its group below and nowhere else.
func All() []Rule {
	return []Rule{
		// S3
		s3Versioning,
		s3Encryption,
		s3PublicAccessBlock,
		s3AccessLogging,
		s3PublicACL,

		// network and instance metadata
		sgOpenSSH,
		sgOpenRDP,
		sgOpenAllPorts,
		ec2IMDSv2,
		launchTemplateIMDSv2,

		// EC2 and EBS encryption
		ec2VolumeEncryption,
		ebsVolumeEncryption,
		ebsDefaultEncryption,
		launchTemplateEncryption,

		// data stores, keys and audit
		rdsEncryption,
		rdsPublicAccess,
		rdsDeletionProtection,
		rdsBackupRetention,
		kmsKeyRotation,
		cloudtrailLogValidation,
		cloudtrailMultiRegion,

		// IAM, logs, queues and tags
		iamWildcardPolicy,
		cloudwatchLogRetention,
		dynamodbPITR,
		sqsEncryption,
		snsEncryption,
		requiredTags,

		// issue 14, in the order of the families real repositories trip most
		s3EncryptionCMK,
		lambdaTracing,
		sgOpenEgress,
		sgRuleDescription,
		sgDescription,
		ecrTagImmutability,
		ecrScanOnPush,
		ecrEncryptionCMK,
		eksControlPlaneLogging,
		eksPublicEndpoint,
		eksPublicCIDR,
		eksSecretsEncryption,
		rdsIAMAuth,
		rdsPerformanceInsights,
		rdsPerformanceInsightsCMK,
		vpcFlowLogs,
		cloudwatchLogGroupCMK,
		iamPassRole,
		iamS3FullAccess,
		iamUserPolicy,
		iamPasswordLength,
		iamPasswordReuse,
		iamPasswordLowercase,
		iamPasswordUppercase,
		iamPasswordNumbers,
		iamPasswordSymbols,
		iamPasswordMaxAge,
		iamGroupMFA,
		sqsEncryptionCMK,
		snsEncryptionCMK,
		kinesisEncryption,
		efsEncryption,
		dynamodbEncryptionCMK,
		daxEncryption,
		secretsmanagerCMK,
		neptuneAuditLogs,
		neptuneEncryption,
		neptuneEncryptionCMK,
		ebsVolumeCMK,
		naclOpenSSH,
		naclOpenRDP,
		naclOpenAllPorts,
		subnetPublicIP,
		openSearchAuditLogs,
		openSearchNodeToNode,
		openSearchHTTPS,
		openSearchEncryption,
		openSearchTLSPolicy,
		elasticacheEncryption,
		elasticacheInTransit,
		elasticacheBackup,
		mqAuditLogs,
		mqGeneralLogs,
		mqPublic,
		lbDropInvalidHeaders,
		lbInternal,
		lbHTTPListener,
		lbTLSPolicy,
		defaultVPC,
		ec2UserDataKeys,
		launchTemplateUserDataKeys,

		// credentials in the code
		hardcodedSecret,
	}
}

// ByID returns the rule with the given ID.
func ByID(id string) (Rule, bool) {
	for _, f := range All() {
		if f.ID == id {
			return f, true
		}
	}
	return Rule{}, false
}
